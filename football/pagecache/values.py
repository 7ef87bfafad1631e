"""Values dear to compute that stay right as long as a page would: kept in the shared
cache under the same tokens as the pages (football.pagecache.store).

A value is kept with what it was computed under: the content version, the time the
next scheduled story goes public and the tokens of the tags it depends on. All of
them and the value are read in one round trip, and the value is used only if what it
was kept under is what they are now. A change that would make a page showing those
tags stale makes the value stale too, and so does a scheduled story going public. The
tokens are read before the value is computed: a change committed after that replaces a
token, so a value computed before the change is never used under the new tokens.

The value read back may be the very object a process keeps of the shared cache
(football.pagecache.local): a value remembered must never be changed by its reader
(the ones kept are numbers).

The page cache's setting does not matter: with whole pages not cached (PAGE_CACHE off,
or a page just made stale), such a value still saves its cost. With the cache down,
the value is computed each time.
"""

import time

from django.conf import settings
from django.db import DatabaseError

from .middleware import next_publish_time
from .store import (
    NEXT_PUBLISH_KEY,
    VERSION_KEY,
    content_version,
    safely,
    tag_key,
    tag_tokens,
    this_database,
)

# One key a value: it holds the value and what it was computed under (a value kept
# under a key made from its tokens took a second round trip: 0.15 ms with Redis).
VALUE_KEY = "dugout:value:{database}:{name}"


def remembered(name, tags, compute):
    """compute(), or the value it gave while the content version, the next scheduled
    story and each of `tags` were what they are now. `name` names the value."""
    now = time.time()
    keys = {tag_key(tag): tag for tag in tags}
    kept_at = VALUE_KEY.format(database=this_database(), name=name)
    shared = safely("get_many", [VERSION_KEY, NEXT_PUBLISH_KEY, kept_at, *keys], default=None)
    if shared is None:
        return compute()
    tokens = {tag: shared[key] for key, tag in keys.items() if key in shared}
    if len(tokens) < len(keys):  # a tag not seen yet: given a token
        tokens = tag_tokens(tags)
        if tokens is None:
            return compute()
    version = shared.get(VERSION_KEY) or content_version()
    try:
        publish = next_publish_time(now, shared.get(NEXT_PUBLISH_KEY))
    except DatabaseError:
        return compute()  # the compute will say what is wrong
    under = [version, publish, *(tokens[tag] for tag in sorted(tokens))]
    kept = shared.get(kept_at)
    if kept is not None and kept[0] == under:
        return kept[1]
    value = compute()
    safely("set", kept_at, (under, value), settings.PAGE_CACHE_SECONDS)
    return value
