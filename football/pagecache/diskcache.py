"""The default shared cache on one machine: diskcache's Django backend, made fit for a
page cache that reads a stored page's tags on every hit.

- `close()` keeps the shards' SQLite connections open: Django closes every cache at
  the end of each request, and opening four connections again cost a hit about a
  millisecond. diskcache reopens them itself in a forked worker.
- `get_many()` reads each shard once (`... WHERE key IN (...)`), where diskcache asks
  for one key at a time: a page with thirty tags cost thirty queries per hit. It reads
  as diskcache's own fast path does, so only with statistics off and an eviction
  policy that records nothing on a read (the default, least recently stored);
  otherwise it leaves the reading to diskcache. It does not check each key for
  memcached (Django's `validate_key`, a fifth of the read for a page's tags): the
  page cache's keys are short and plain. It remembers where each key it was asked
  for is stored (its shard and its form there), up to MADE_KEYS: a hit asks for the
  same keys every time, and finding them took 3 µs a key (36 on the home page).
- Keys that start with one of `KEEP`'s prefixes (the page cache's tag tokens and
  content version) are evicted last. Past its size limit diskcache evicts the entries
  stored first, and a token is stored once and kept: evicting it made stale every page
  tagged with it (a full cache served 80.8 % of pages where an empty one served all).
  Such a key is stored with a store time after any other entry's.
- The page cache's keys (LOCAL: the prefixes whose values a process keeps) are read on
  an SQLite connection of the process's own, and their values are kept until another
  connection commits to the file (`PRAGMA data_version`; `football.pagecache.local`).
"""

import contextlib
import os
import sqlite3
import time
from collections import defaultdict

from diskcache import DjangoCache
from diskcache.core import DBNAME, EVICTION_POLICY
from django.core.cache.backends.base import DEFAULT_TIMEOUT

from .local import LocalCopies

BATCH = 500  # keys in one IN (...): well below SQLite's limit on parameters
MADE_KEYS = 100_000  # keys (as asked, version) whose places are remembered: a few MB
KEPT_STORE_TIME = 2.0**62  # later than any entry's: evicted after all of them


class DiskCache(DjangoCache):
    def __init__(self, directory, params):
        super().__init__(directory, params)
        self._places = {}  # (key, version) -> (its shard, (its key there, raw))
        self._keep = tuple(params.get("KEEP", ()))
        self._copies = LocalCopies(params.get("LOCAL", ()), params.get("LOCAL_BYTES", 0))
        self._readers = {}  # shard -> (pid, its connection for values kept, data_version)

    def close(self, **kwargs):
        """Kept open between requests (see the module's docstring)."""

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        stored = super().set(key, value, timeout, version, **kwargs)
        self._kept(key, version)
        return stored

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        added = super().add(key, value, timeout, version, **kwargs)
        self._kept(key, version)
        return added

    def _kept(self, key, version):
        """A key of KEEP's, given a store time after every other entry's."""
        if not key.startswith(self._keep):  # (no key starts with none of no prefixes)
            return
        shard, (db_key, raw) = self._place(key, version)
        # Busy: it stays as stored, evicted in its turn (pages go stale, never wrong).
        with contextlib.suppress(sqlite3.OperationalError):
            shard._sql(
                "UPDATE Cache SET store_time = ? WHERE key = ? AND raw = ?",
                (KEPT_STORE_TIME, db_key, raw),
            )

    def _place(self, key, version):
        """Where `key` is stored: its shard, and its form there."""
        place = self._places.get((key, version))
        if place is None:
            if len(self._places) >= MADE_KEYS:
                self._places.clear()
            fanout = self._cache
            made = self.make_key(key, version=version)
            shard = fanout._shards[fanout._hash(made) % fanout._count]
            place = self._places[key, version] = (shard, shard._disk.put(made))
        return place

    def get_many(self, keys, version=None):
        fanout = self._cache
        shards = fanout._shards
        if any(
            shard.statistics or EVICTION_POLICY[shard.eviction_policy]["get"] is not None
            for shard in shards
        ):
            return super().get_many(keys, version=version)
        now = time.time()
        copies = self._copies
        # Each shard read on this process's own connection, asked first whether another
        # committed since (which forgets every value kept).
        readers = {shard: self._reader(shard) for shard in shards} if copies.budget else {}
        found = {}
        if copies.enabled_for(keys):
            found, keys = copies.find(keys, now)
            if not keys:
                return found
        wanted = defaultdict(dict)  # shard -> {(db_key, raw): key as asked}
        for key in keys:
            shard, stored = self._place(key, version)
            wanted[shard][stored] = key
        for shard, asked in wanted.items():
            stored = list(asked)
            sql = readers.get(shard, shard._sql)
            for start in range(0, len(stored), BATCH):
                found.update(self._read(shard, sql, stored[start : start + BATCH], asked, now))
        return found

    def _reader(self, shard):
        """The `execute` of this process's connection for reading `shard` into values
        kept; forgets those if another connection committed to it since the last look."""
        pid, connection, seen = self._readers.get(shard, (None, None, None))
        if pid != os.getpid():
            connection = sqlite3.connect(
                os.path.join(shard.directory, DBNAME), timeout=shard._timeout, isolation_level=None
            )
            # As diskcache sets up its own connections (memory-mapped reads).
            for name in ("mmap_size", "cache_size"):
                connection.execute(f"PRAGMA {name} = {int(getattr(shard, 'sqlite_' + name))}")
            seen = None
        (version,) = connection.execute("PRAGMA data_version").fetchone()
        if version != seen:
            self._copies.clear()
        self._readers[shard] = (os.getpid(), connection, version)
        return connection.execute

    def _read(self, shard, sql, stored, asked, now):
        """The values of the `stored` (db_key, raw) pairs in one shard, by key asked,
        read with `sql`; kept when their keys are LOCAL's."""
        marks = ", ".join(["?"] * len(stored))
        rows = sql(
            f"SELECT key, raw, mode, filename, value, expire_time FROM Cache"
            f" WHERE key IN ({marks}) AND (expire_time IS NULL OR expire_time > ?)",
            [db_key for db_key, _ in stored] + [now],
        ).fetchall()
        found = {}
        copies = self._copies
        for db_key, raw, mode, filename, value, expires in rows:
            key = asked.get((db_key, bool(raw)))
            if key is None:
                continue  # the same key stored another way (bytes, pickled)
            try:
                found[key] = shard._disk.fetch(mode, filename, value, False)
            except OSError:
                continue  # its file deleted since: diskcache's own get answers a miss
            if copies.enabled_for((key,)):
                if filename is None:
                    size = len(value) if isinstance(value, (bytes, str)) else 64
                else:  # a large value, in a file of its own
                    try:
                        size = os.path.getsize(os.path.join(shard.directory, filename))
                    except OSError:
                        continue  # deleted since it was read: not kept
                copies.keep(key, found[key], size, expires)
        return found
