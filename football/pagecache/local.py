"""Values of the shared cache that a process keeps in its own memory, for as long as the
shared cache confirms that none of them changed.

A page served from the cache is a read of its page, the content version, the next
scheduled story and its tags' tokens (36 keys for the home page) on every request,
though they rarely change: the read cost a hit more than all the rest of it (in
process, the home page took 0.23 ms with the disk cache, 0.39 ms with Redis, and 0.10
ms with the values at hand; /healthz took 0.15 ms). Each backend asks its store a
cheaper question before serving what it kept: whether anything changed since.

- Redis (`football.pagecache.rediscache`): the values are read on a connection of
  their own with CLIENT TRACKING on, and Redis sends that connection a message naming
  every key it read that is since written, deleted, expired or evicted; a read first
  takes in the messages waiting (a poll of the socket). A connection lost or made
  anew forgets every value kept.
- The disk cache (`football.pagecache.diskcache`): the values are read on an SQLite
  connection of their own, and `PRAGMA data_version` changes whenever another
  connection commits to the file: any write (a stored page, a save's tokens) forgets
  every value kept.

A value kept is served without being read again for at most LEASE seconds after the
store last answered: a store that stops answering without closing the connection (a
host gone from the network) costs at most that long.

Only keys with one of the given prefixes are kept (the page cache's), and at most
`budget` bytes of them (their size as stored): past that, those read least recently
are forgotten first. Under Zipf popularity over 30,546 pages of 15 KB with 8 tags each
(simulated, 32 MB), a process found every key of a page kept for 67 % of requests;
forgetting all at once past the budget, 58 %; the first kept first, 56 %.
A value kept is the same object each time it is read, so no caller may change one.
"""

import os
import time
from collections import OrderedDict

LEASE = 1.0  # seconds a value kept is served after the store last answered


class LocalCopies:
    def __init__(self, prefixes, budget):
        self.prefixes = tuple(prefixes)
        self.budget = budget
        # key -> (value, expires: a Unix time or None, size), the least recently read first
        self.values = OrderedDict()
        self.size = 0
        self.pid = os.getpid()
        self.answered = -LEASE  # time.monotonic() of the store's last answer

    def enabled_for(self, keys):
        """Whether `keys` (as asked) are all kept here: a budget, and every key under a
        prefix. In a forked process, forgets what the parent kept first."""
        if self.pid != os.getpid():
            self.pid = os.getpid()
            self.clear()
        return self.budget > 0 and all(key.startswith(self.prefixes) for key in keys)

    def current(self):
        """Whether values kept may be served without asking the store (LEASE)."""
        return time.monotonic() - self.answered < LEASE

    def find(self, keys, now):
        """The values kept of `keys`, and the keys not kept (or past their time)."""
        found = {}
        missing = []
        values = self.values
        for key in keys:
            kept = values.get(key)
            if kept is None or (kept[1] is not None and kept[1] <= now):
                missing.append(key)
            else:
                found[key] = kept[0]
                values.move_to_end(key)  # read last: forgotten last
        return found, missing

    def keep(self, key, value, size, expires=None):
        if size > self.budget:
            return
        values = self.values
        old = values.pop(key, None)
        if old is not None:
            self.size -= old[2]
        while self.size + size > self.budget:
            self.size -= values.popitem(last=False)[1][2]
        values[key] = (value, expires, size)
        self.size += size

    def drop(self, keys):
        for key in keys:
            old = self.values.pop(key, None)
            if old is not None:
                self.size -= old[2]

    def clear(self):
        self.values.clear()
        self.size = 0
