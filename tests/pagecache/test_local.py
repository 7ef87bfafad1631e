"""Values a process keeps of the shared cache (football.pagecache.local): served from
memory while the store says nothing changed, and never once it did.

The Redis tests run where CACHE_URL names a Redis server, as CI's page-cache run does.
"""

import os
import time

import pytest
import redis

from football.pagecache import local
from football.pagecache.diskcache import DiskCache
from football.pagecache.local import LocalCopies
from football.pagecache.rediscache import RedisCache

LOCAL = {"LOCAL": ("k:",), "LOCAL_BYTES": 10_000}
REDIS_URL = os.environ.get("CACHE_URL", "")
needs_redis = pytest.mark.skipif(
    not REDIS_URL.startswith("redis://"), reason="needs CACHE_URL=redis://"
)


def test_copies_are_kept_within_their_budget_the_least_recently_read_forgotten_first():
    copies = LocalCopies(("k:",), 100)
    copies.keep("k:1", "one", 40)
    copies.keep("k:1", "uno", 40)  # the same key again: counted once
    copies.keep("k:2", "two", 30)
    assert copies.size == 70
    assert copies.find(["k:1", "k:3"], time.time()) == ({"k:1": "uno"}, ["k:3"])
    copies.keep("k:3", "three", 50)  # 120 bytes: k:2, read least recently, goes
    assert copies.find(["k:1", "k:2", "k:3"], time.time()) == (
        {"k:1": "uno", "k:3": "three"},
        ["k:2"],
    )
    copies.keep("k:2", "two", 30)  # k:1 goes now
    assert copies.find(["k:1", "k:2", "k:3"], time.time()) == (
        {"k:2": "two", "k:3": "three"},
        ["k:1"],
    )
    assert copies.size == 80
    copies.drop(["k:2", "k:4"])
    assert copies.size == 50
    copies.keep("k:5", "too big", 101)  # never kept, and nothing forgotten for it
    assert list(copies.values) == ["k:3"]


def test_a_copy_past_its_time_is_not_served():
    copies = LocalCopies(("k:",), 100)
    copies.keep("k:1", "one", 1, expires=1000.0)
    assert copies.find(["k:1"], 999.0)[0] == {"k:1": "one"}
    assert copies.find(["k:1"], 1000.0) == ({}, ["k:1"])


def test_only_keys_under_the_prefixes_are_kept_and_none_without_a_budget():
    copies = LocalCopies(("k:",), 100)
    assert copies.enabled_for(["k:1", "k:2"])
    assert not copies.enabled_for(["k:1", "session:1"])
    assert not LocalCopies(("k:",), 0).enabled_for(["k:1"])


def test_a_forked_process_forgets_what_its_parent_kept(monkeypatch):
    copies = LocalCopies(("k:",), 100)
    copies.keep("k:1", "one", 1)
    monkeypatch.setattr(os, "getpid", lambda: copies.pid + 1)
    assert copies.enabled_for(["k:1"])
    assert copies.values == {}


# The disk cache: another connection's commit forgets every copy.


@pytest.fixture
def disk(tmp_path):
    cache = DiskCache(str(tmp_path), {"SHARDS": 1, **LOCAL})
    yield cache
    cache._cache.close()


def counting_reads(backend, monkeypatch):
    reads = []
    real = backend._read
    monkeypatch.setattr(backend, "_read", lambda *a: reads.append(a) or real(*a))
    return reads


def test_a_value_read_again_is_not_read_from_disk(disk, monkeypatch):
    disk.set_many({"k:page": "p", "k:token": 7})
    reads = counting_reads(disk, monkeypatch)
    assert disk.get_many(["k:page", "k:token"]) == {"k:page": "p", "k:token": 7}
    assert disk.get_many(["k:page", "k:token"]) == {"k:page": "p", "k:token": 7}
    assert len(reads) == 1


def test_a_value_written_by_another_process_is_read_again(disk, tmp_path):
    disk.set("k:token", 7)
    assert disk.get_many(["k:token"]) == {"k:token": 7}
    other = DiskCache(str(tmp_path), {"SHARDS": 1})  # its own connections, as a worker's
    other.set("k:token", 8)
    assert disk.get_many(["k:token"]) == {"k:token": 8}
    other.delete("k:token")
    assert disk.get_many(["k:token"]) == {}
    other._cache.close()


def test_a_value_written_by_the_same_process_is_read_again_from_disk(disk):
    disk.set("k:token", 7)
    assert disk.get_many(["k:token"]) == {"k:token": 7}
    disk.set("k:token", 8)
    assert disk.get_many(["k:token"]) == {"k:token": 8}
    disk.clear()
    assert disk.get_many(["k:token"]) == {}


def test_a_copy_expires_when_its_value_does(disk):
    disk.set("k:page", "p", 0.05)
    assert disk.get_many(["k:page"]) == {"k:page": "p"}
    time.sleep(0.06)
    assert disk.get_many(["k:page"]) == {}


def test_a_value_in_a_file_of_its_own_counts_its_whole_size(disk):
    """diskcache keeps values of 32 KB or more in files: such a value is weighed by its
    file, so the budget holds."""
    disk.set("k:large", b"x" * 40_000)
    disk.set("k:small", b"y" * 5_000)
    assert disk.get_many(["k:large", "k:small"]) == {
        "k:large": b"x" * 40_000,
        "k:small": b"y" * 5_000,
    }
    assert list(disk._copies.values) == ["k:small"]  # 40 KB: over the 10 KB budget
    assert disk._copies.size <= LOCAL["LOCAL_BYTES"]


def test_other_keys_are_read_each_time(disk, monkeypatch):
    disk.set("session:1", "s")
    reads = counting_reads(disk, monkeypatch)
    for _ in range(2):
        assert disk.get_many(["session:1"]) == {"session:1": "s"}
    assert len(reads) == 2


# Redis: CLIENT TRACKING tells the process of every change to what it read.


@pytest.fixture
def tracked():
    backend = RedisCache(REDIS_URL, LOCAL)
    other = redis.Redis.from_url(REDIS_URL)
    backend.clear()
    yield backend, other
    backend.clear()
    other.close()


def counting_mgets(backend, monkeypatch):
    """The MGETs sent on the tracked connection (not those of connecting)."""
    sent = []
    connection = backend.tracked().connection
    real = connection.send_command

    def send(*args, **kwargs):
        if args[0] == "MGET":
            sent.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(connection, "send_command", send)
    return sent


@needs_redis
def test_a_value_read_again_is_not_asked_of_redis(tracked, monkeypatch):
    backend, _ = tracked
    backend.set_many({"k:page": "p", "k:token": 7})
    sent = counting_mgets(backend, monkeypatch)
    for _ in range(3):
        assert backend.get_many(["k:page", "k:token"]) == {"k:page": "p", "k:token": 7}
    assert len(sent) == 1


@needs_redis
def test_a_value_written_by_another_client_is_read_again(tracked):
    backend, other = tracked
    backend.set("k:token", 7)
    assert backend.get_many(["k:token"]) == {"k:token": 7}
    other.set(backend.make_key("k:token"), 8)
    assert backend.get_many(["k:token"]) == {"k:token": 8}
    other.delete(backend.make_key("k:token"))
    assert backend.get_many(["k:token"]) == {}


@needs_redis
def test_a_value_written_by_the_same_process_is_read_again_from_redis(tracked):
    backend, _ = tracked
    backend.set("k:token", 7)
    assert backend.get_many(["k:token"]) == {"k:token": 7}
    backend.set("k:token", 8)
    assert backend.get_many(["k:token"]) == {"k:token": 8}
    backend.clear()  # FLUSHDB: one message for every key
    assert backend.get_many(["k:token"]) == {}


@needs_redis
def test_copies_are_forgotten_when_the_connection_is_lost(tracked):
    """While the connection is down no change is told: what was kept is not served."""
    backend, other = tracked
    backend.set("k:token", 7)
    assert backend.get_many(["k:token"]) == {"k:token": 7}
    connection = backend.tracked().connection
    connection.send_command("CLIENT", "ID")
    other.client_kill_filter(_id=connection.read_response())
    other.set(backend.make_key("k:token"), 8)
    try:
        assert backend.get_many(["k:token"]) == {"k:token": 8}
    except redis.ConnectionError:  # the page cache's `safely` renders the page then
        assert backend._copies.values == {}
    assert backend.get_many(["k:token"]) == {"k:token": 8}  # connected again


@needs_redis
def test_copies_are_served_for_at_most_the_lease_without_an_answer(tracked, monkeypatch):
    backend, _ = tracked
    backend.set("k:token", 7)
    sent = counting_mgets(backend, monkeypatch)
    backend.get_many(["k:token"])
    backend.get_many(["k:token"])
    backend._copies.answered -= local.LEASE
    backend.get_many(["k:token"])
    assert len(sent) == 2
    backend._copies.answered -= local.LEASE
    assert backend.get_many([]) == {}  # nothing to ask (an MGET of nothing is an error)
    assert len(sent) == 2


@needs_redis
def test_a_forked_process_reads_on_a_connection_of_its_own(tracked, monkeypatch):
    backend, _ = tracked
    backend.set("k:token", 7)
    backend.get_many(["k:token"])
    parent = backend.tracked()
    pid = os.getpid()
    monkeypatch.setattr(os, "getpid", lambda: pid + 1)
    assert backend.get_many(["k:token"]) == {"k:token": 7}
    assert backend.tracked() is not parent


@needs_redis
def test_a_server_that_refuses_to_track_leaves_the_reads_as_they_were(tracked, caplog):
    """A user not allowed CLIENT (as some managed Redis services do) gets every value
    from Redis, and one warning, not an error on every read."""
    backend, other = tracked
    other.acl_setuser(
        "no-tracking", enabled=True, passwords=["+pw"], keys=["*"], commands=["+@all", "-client"]
    )
    try:
        url = REDIS_URL.replace("redis://", "redis://no-tracking:pw@", 1)
        refused = RedisCache(url, LOCAL)
        refused.set("k:token", 7)
        assert refused.get_many(["k:token"]) == {"k:token": 7}
        assert refused._copies.budget == 0
        assert "Redis does not track keys" in caplog.text
        other.set(refused.make_key("k:token"), 8)
        assert refused.get_many(["k:token"]) == {"k:token": 8}
    finally:
        other.acl_deluser("no-tracking")
