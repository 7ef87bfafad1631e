"""The default shared cache (football.pagecache.diskcache): diskcache, read in batches."""

import time

import pytest
from django.core.cache.backends.base import DEFAULT_TIMEOUT

from football.pagecache.diskcache import DiskCache


@pytest.fixture
def disk(tmp_path):
    cache = DiskCache(str(tmp_path), {"SHARDS": 4, "DATABASE_TIMEOUT": 0.25})
    yield cache
    cache._cache.close()


def test_get_many_answers_as_one_get_at_a_time_does(disk):
    values = {f"tag:{i}": f"token-{i}" for i in range(1200)}  # more than one IN (...)
    values["page"] = ({"ETag": '"x"'}, b"<html>", {"tag:1": "token-1"}, 12.5)
    disk.set_many(values, DEFAULT_TIMEOUT)
    disk.set("gone", "soon", 0.01)
    disk.set("other-version", "v2", version=2)
    time.sleep(0.02)
    asked = [*values, "missing", "gone", "other-version"]
    batched = disk.get_many(asked)
    one_by_one = {k: disk.get(k) for k in asked if disk.get(k) is not None}
    assert batched == one_by_one == values
    assert disk.get_many(["other-version"], version=2) == {"other-version": "v2"}


def test_get_many_leaves_a_counting_cache_to_diskcache(tmp_path):
    counting = DiskCache(str(tmp_path), {"OPTIONS": {"statistics": True}})
    counting.set("k", "v")
    assert counting.get_many(["k", "missing"]) == {"k": "v"}
    assert counting._cache.stats() == (1, 1)  # the hit and the miss were counted
    counting._cache.close()


def test_connections_stay_open_between_requests(disk):
    disk.set("k", "v")
    shard = disk._cache._shards[0]
    disk.get_many(["k"])
    connection = shard._con
    disk.close()  # what Django calls when a request ends
    assert shard._con is connection
    assert disk.get("k") == "v"


def test_keys_asked_for_again_are_found_where_they_were(disk, monkeypatch):
    disk.set_many({"page": "p", "tag:1": 7}, DEFAULT_TIMEOUT)
    disk.set("page", "p2", version=2)
    made = []
    real = disk.make_key
    monkeypatch.setattr(
        disk, "make_key", lambda key, version=None: made.append(key) or real(key, version)
    )
    assert disk.get_many(["page", "tag:1"]) == {"page": "p", "tag:1": 7}
    assert disk.get_many(["page", "tag:1"]) == {"page": "p", "tag:1": 7}
    assert made == ["page", "tag:1"]  # found once, remembered
    assert disk.get_many(["page"], version=2) == {"page": "p2"}
    disk.set("tag:1", 8)
    assert disk.get_many(["tag:1"]) == {"tag:1": 8}  # the place is kept, not the value


@pytest.mark.parametrize("keep", [True, False])
def test_keys_kept_are_evicted_last_past_the_size_limit(tmp_path, keep):
    """Past its size limit the cache evicts the entries stored first: a tag's token,
    stored once and kept, would go first, and every page tagged with it go stale."""
    params = {"SHARDS": 1, "OPTIONS": {"size_limit": 300_000, "cull_limit": 10}}
    cache = DiskCache(str(tmp_path), {**params, **({"KEEP": ("token:",)} if keep else {})})
    try:
        assert cache.add("token:list", 41, None)
        cache.set("token:story", 42, None)  # a bump
        for n in range(120):  # 10 KB a page, 1.2 MB in all
            cache.set(f"page:{n}", b"x" * 10_000 + bytes([n]), 3600)
        assert cache.get("page:0") is None  # evicted, the first stored first
        assert cache.get("page:119") is not None
        kept = cache.get_many(["token:list", "token:story"])
        assert kept == ({"token:list": 41, "token:story": 42} if keep else {})
    finally:
        cache._cache.close()
