"""Django's Redis cache backend, with one redis-py client per server kept for the
life of the process.

Django's client builds a new `redis.Redis` around its connection pool for every
operation, and each one copies redis-py's table of some 170 response callbacks: for
a page served from the cache (then three calls: the content version, the page, its
tags' tokens; now one or two), building the clients cost as much as the rest of the
hit. A `redis.Redis` holds no connection of its own (each command borrows one from the
pool, which starts afresh in a forked worker), so one per server does the same work.

`get_many()`, with which a hit reads its page and its tags' tokens, does not check
each key for memcached (Django's `validate_key`): the page cache's keys are short and
plain. It remembers the keys it made for Redis (the prefix and version put in front,
1.2 µs a key), up to MADE_KEYS: a hit asks for the same keys every time (the home
page's 33 tags and 3 more).

The page cache's keys (LOCAL: the prefixes whose values a process keeps) are read on a
connection of the process's own on which Redis tracks them, and their values are kept
until Redis says one changed (`football.pagecache.local`). A server that refuses
(no RESP3 before Redis 6, CLIENT not allowed) leaves the process reading as before.
"""

import logging
import os
import time

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

from .local import LocalCopies

log = logging.getLogger("football.pagecache")

MADE_KEYS = 100_000  # keys (as asked, version) whose Redis keys are remembered: a few MB


class ReusedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TrackedReads:
    """Reads on a connection with CLIENT TRACKING on (RESP3): Redis pushes on it the
    names of the keys read there that change since, and what is kept of them is
    forgotten before anything kept is served again."""

    def __init__(self, url, options, copies, loads):
        pool = redis.ConnectionPool.from_url(url, protocol=3, **options)
        self.connection = pool.make_connection()
        self.connection.register_connect_callback(self._connected)
        self.copies = copies
        self.loads = loads
        self.pid = os.getpid()

    def _connected(self, connection):
        # Whatever changed while there was no connection was told to no one.
        self.copies.clear()
        connection.send_command("CLIENT", "TRACKING", "ON")
        connection.read_response()
        connection._parser.set_invalidation_push_handler(self._invalidated)

    def _invalidated(self, message):
        keys = message[1]
        if keys is None:  # the database was flushed
            self.copies.clear()
        else:
            self.copies.drop(key.decode(errors="replace") for key in keys)

    def get_many(self, keys):
        """The values of `keys` (as stored in Redis) that exist, by key."""
        copies = self.copies
        connection = self.connection
        try:
            # The changes told since the last read, so nothing changed is served.
            while connection.can_read(timeout=0):
                connection.read_response(push_request=True)
            if copies.current():
                found, missing = copies.find(keys, None)
            else:
                found, missing = {}, list(keys)
            if not missing:
                return found
            asked = time.monotonic()
            connection.send_command("MGET", *missing)
            values = connection.read_response()
        except Exception:
            copies.clear()
            connection.disconnect()
            raise
        copies.answered = asked
        loads = self.loads
        for key, raw in zip(missing, values, strict=True):
            if raw is not None:
                found[key] = value = loads(raw)
                copies.keep(key, value, len(raw))
        return found


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient
        self._made = {}  # (key, version) -> its key in Redis
        self._copies = LocalCopies(params.get("LOCAL", ()), params.get("LOCAL_BYTES", 0))
        self._tracked = None

    def get_many(self, keys, version=None):
        made = {}  # its key in Redis -> the key as asked
        for key in keys:
            redis_key = self._made.get((key, version))
            if redis_key is None:
                if len(self._made) >= MADE_KEYS:
                    self._made.clear()
                redis_key = self._made[key, version] = self.make_key(key, version=version)
            made[redis_key] = key
        found = None
        if self._copies.enabled_for(made.values()):
            try:
                found = self.tracked().get_many(made)
            except redis.ResponseError as error:
                # A server without RESP3 (before Redis 6), a proxy without CLIENT
                # TRACKING, a user not allowed CLIENT: keep nothing, read as before.
                self._copies.budget = 0
                log.warning(
                    "Redis does not track keys for this process (%r): the page cache "
                    "reads every hit from Redis; set CACHE_LOCAL_BYTES=0 to say so",
                    error,
                )
        if found is None:
            found = self._cache.get_many(made)
        return {made[key]: value for key, value in found.items()}

    def tracked(self):
        """This process's tracked connection, to the server written to."""
        if self._tracked is None or self._tracked.pid != os.getpid():
            client = self._cache
            self._tracked = TrackedReads(
                client._servers[0], client._pool_options, self._copies, client._serializer.loads
            )
        return self._tracked
