"""The Redis backend keeps one redis-py client per server (football.pagecache.rediscache).

The first tests need no Redis server (building a client connects to nothing); the
last runs where CACHE_URL names one, as CI's page-cache run does.
"""

import os
from unittest import mock

import pytest
import redis

from football.pagecache.rediscache import RedisCache

ALLEGRI = "/managers/massimiliano-allegri/"


def test_every_call_to_a_server_uses_the_same_client():
    backend = RedisCache("redis://127.0.0.1:9/0", {})
    first = backend._cache.get_client("a-key", write=True)
    assert isinstance(first, redis.Redis)
    assert backend._cache.get_client("other", write=True) is first
    assert backend._cache.get_client("a-key") is first  # one server: reads go there too


def test_reads_and_writes_keep_their_own_servers():
    backend = RedisCache("redis://127.0.0.1:9/0;redis://127.0.0.1:9/1", {})
    writer = backend._cache.get_client(write=True)
    reader = backend._cache.get_client()
    assert reader is not writer
    assert writer.connection_pool.connection_kwargs["db"] == 0
    assert reader.connection_pool.connection_kwargs["db"] == 1
    assert backend._cache.get_client() is reader


@pytest.mark.skipif(
    not os.environ.get("CACHE_URL", "").startswith("redis://"), reason="needs CACHE_URL=redis://"
)
@pytest.mark.django_db
def test_a_page_served_from_redis_builds_no_client(client, seeded):
    client.get(ALLEGRI)
    with mock.patch.object(redis.Redis, "__init__", side_effect=AssertionError("new client")):
        for _ in range(3):
            response = client.get(ALLEGRI)
            assert response["X-Page-Cache"] == "hit"


@pytest.mark.skipif(
    not os.environ.get("CACHE_URL", "").startswith("redis://"), reason="needs CACHE_URL=redis://"
)
def test_a_tags_token_is_stored_as_a_number():
    """A hit reads the token of every tag of its page: Redis holds each as digits, which
    Django reads back without unpickling."""
    from django.core.cache import cache

    from football.pagecache.store import bump_tags, tag_key

    bump_tags({"list:managers"})
    raw = cache._cache.get_client().get(cache.make_key(tag_key("list:managers")))
    assert raw.isdigit()


def test_the_keys_asked_for_again_are_not_made_again():
    backend = RedisCache("redis://127.0.0.1:9/0", {"KEY_PREFIX": "site"})
    with (
        mock.patch.object(backend._cache, "get_many", return_value={}) as read,
        mock.patch.object(backend, "make_key", wraps=backend.make_key) as make,
    ):
        backend.get_many(["page", "tag:1"])
        backend.get_many(["page", "tag:1"])
        backend.get_many(["page", "tag:1"], version=2)
    assert make.call_count == 4  # twice for each version asked
    assert list(read.call_args_list[1].args[0]) == ["site:1:page", "site:1:tag:1"]
    assert list(read.call_args_list[2].args[0]) == ["site:2:page", "site:2:tag:1"]
