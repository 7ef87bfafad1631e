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
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

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


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient
        self._made = {}  # (key, version) -> its key in Redis

    def get_many(self, keys, version=None):
        made = {}  # its key in Redis -> the key as asked
        for key in keys:
            redis_key = self._made.get((key, version))
            if redis_key is None:
                if len(self._made) >= MADE_KEYS:
                    self._made.clear()
                redis_key = self._made[key, version] = self.make_key(key, version=version)
            made[redis_key] = key
        return {made[key]: value for key, value in self._cache.get_many(made).items()}
