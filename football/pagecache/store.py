"""The page cache's store: the shared cache, used so that its failure costs speed only.

Every call to the cache goes through `safely`: a cache server that is down, refusing
or slow (the Redis client has short timeouts, see settings) makes the call return
nothing, and the page is rendered as if it had not been cached. The failure is logged
at most once a minute, not once a request, and the next call tries again, so caching
resumes by itself when the server is back.
"""

import functools
import hashlib
import logging
import secrets
import time
import urllib.request
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from football.core.pagetags import EVERYTHING

log = logging.getLogger("football.pagecache")

VERSION_KEY = "dugout:pages:version"
NEXT_PUBLISH_KEY = "dugout:pages:next-publish"
LOG_EVERY = 60  # seconds between two reports of a failing cache
PURGE_TIMEOUT = 1  # seconds to wait for the reverse proxy's answer to a purge
_last_report = [0.0]
_last_purge_report = [0.0]


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
    """Make every stored page stale now, whatever it shows: call it after changes made
    without signals (QuerySet.update(), raw SQL), as restore and populate do."""
    safely("set_many", {VERSION_KEY: uuid.uuid4().hex}, None)
    safely("delete", NEXT_PUBLISH_KEY)
    purge({EVERYTHING})


@functools.cache
def this_database():
    """Which database the pages come from: a cache shared with another site or
    another database (a test run, a staging copy) never serves its pages here."""
    db = settings.DATABASES["default"]
    where = f"{db['ENGINE']}|{db.get('HOST', '')}|{db.get('PORT', '')}|{db['NAME']}"
    return hashlib.blake2b(where.encode(), digest_size=6).hexdigest()


def tag_key(tag):
    """Where a tag's token lives: `dugout:token:<database>:<tag>` (a cache shared with
    another database keeps its own tokens). Tokens were once text under `dugout:tag:`:
    those are left to the cache's eviction, and each tag starts anew as a number."""
    return f"dugout:token:{this_database()}:{tag}"


# A token is a whole number: the microsecond it was made, then RANDOM_BITS random bits.
# Django's Redis cache stores a number as it is and pickles text: a hit reads every tag
# of its page (33 on the home page), and a token written as text took 2.2 µs to read
# back (a failed int() and an unpickling), a number 0.15 µs.
RANDOM_BITS = 24


def new_token(now=None):
    """A tag's token: when it was replaced, and something no other token has."""
    micros = round((time.time() if now is None else now) * 1_000_000)
    return micros << RANDOM_BITS | secrets.randbits(RANDOM_BITS)


def token_time(token):
    """When a token was made, in seconds (0 for one made when the tag was first seen,
    or one of another form)."""
    if type(token) is not int:
        return 0.0
    return (token >> RANDOM_BITS) / 1_000_000


def bump_tags(tags):
    """Make stale now every stored page tagged with one of `tags` ("all": every page)."""
    tags = set(tags)
    if EVERYTHING in tags:
        bump_content_version()
        return
    if not tags:
        return
    now = time.time()
    safely("set_many", {tag_key(tag): new_token(now) for tag in tags}, None)
    # The change may have scheduled or unscheduled a story: ask again when it is next due.
    safely("delete", NEXT_PUBLISH_KEY)
    purge(tags)


def tag_tokens(tags):
    """The current token of each tag; a tag never seen (or evicted) gets a new one made
    at time 0 (`add`, so a concurrent bump wins). None when the cache fails."""
    keys = {tag_key(tag): tag for tag in tags}
    found = safely("get_many", list(keys), default=None)
    if found is None:
        return None
    tokens = {keys[key]: token for key, token in found.items()}
    for key, tag in keys.items():
        if tag not in tokens:
            token = new_token(0)
            if safely("add", key, token, None, default=False):
                tokens[tag] = token
            else:
                tokens[tag] = safely("get", key)
                if tokens[tag] is None:
                    return None
    return tokens


def invalidate_on_commit(using=None, tags=(EVERYTHING,)):
    """Make the pages tagged with `tags` (by default every page) stale once the current
    transaction commits (at once outside one), so no reader can store the old page
    under the new state."""
    tags = frozenset(tags)
    transaction.on_commit(lambda: bump_tags(tags), using=using)


def purge(tags):
    """Tell the reverse proxy in front (settings.PAGE_CACHE_PURGE_URL, off when empty)
    to drop its pages tagged with `tags`: one PURGE request carrying them in
    `Surrogate-Key` and `xkey-purge` (Varnish's xkey vmod), space separated. A proxy
    that is down or slow costs at most PURGE_TIMEOUT; the failure is logged at most
    once a minute and never raised."""
    url = getattr(settings, "PAGE_CACHE_PURGE_URL", "")
    if not url or not tags:
        return
    keys = " ".join(sorted(tags))
    request = urllib.request.Request(
        url, method="PURGE", headers={"Surrogate-Key": keys, "xkey-purge": keys}
    )
    try:
        with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as response:
            response.read()
    except Exception as error:  # refused, timed out, an HTTP error status...
        now = time.monotonic()
        if now - _last_purge_report[0] >= LOG_EVERY:
            _last_purge_report[0] = now
            log.warning("Purge request to %s failed: %r", url, error)


def content_version():
    version = safely("get", VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not safely("add", VERSION_KEY, version, None, default=True):
            version = safely("get", VERSION_KEY) or version
    return version
