"""The page cache's store: the shared cache, used so that its failure costs speed only.

Every call to the cache goes through `safely`: a cache server that is down, refusing
or slow (the Redis client has short timeouts, see settings) makes the call return
nothing, and the page is rendered as if it had not been cached. The failure is logged
at most once a minute, not once a request, and the next call tries again, so caching
resumes by itself when the server is back.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import transaction

log = logging.getLogger("football.pagecache")

VERSION_KEY = "dugout:pages:version"
NEXT_PUBLISH_KEY = "dugout:pages:next-publish"
LOG_EVERY = 60  # seconds between two reports of a failing cache
_last_report = [0.0]


def safely(operation, *args, default=None):
    """cache.<operation>(*args), or `default` when the cache fails."""
    try:
        return getattr(cache, operation)(*args)
    except Exception as error:  # any backend: redis, memcached, files, database
        now = time.monotonic()
        if now - _last_report[0] >= LOG_EVERY:
            _last_report[0] = now
            log.warning("Page cache unavailable, serving pages uncached: %r", error)
        return default


def bump_content_version():
    """Make every stored page stale now: records or stories changed."""
    safely("set_many", {VERSION_KEY: uuid.uuid4().hex}, None)
    safely("delete", NEXT_PUBLISH_KEY)


def invalidate_on_commit(using=None):
    """Make every stored page stale once the current transaction commits (at once
    outside one), so no reader can store the old page under the new state."""
    transaction.on_commit(bump_content_version, using=using)


def content_version():
    version = safely("get", VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not safely("add", VERSION_KEY, version, None, default=True):
            version = safely("get", VERSION_KEY) or version
    return version
