"""The page cache is an optimisation, never a dependency; a database outage is a 503."""

import logging
import time

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse

from football.careers.models import Manager
from football.pagecache import store

pytestmark = pytest.mark.django_db
PROFILE = "/managers/massimiliano-allegri/"


class BrokenCache(BaseCache):
    """A cache server that refuses every call, as a stopped Redis does."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("Connection refused")

    get = set = add = delete = get_many = set_many = clear = _fail


class SlowCache(BrokenCache):
    """A cache server that answers after its client's timeout has passed."""

    def _fail(self, *args, **kwargs):
        time.sleep(0.3)
        raise TimeoutError("Timeout reading from socket")

    get = set = add = delete = get_many = set_many = clear = _fail


@pytest.fixture
def cache_down(settings):
    working = settings.CACHES

    def use(backend):
        settings.CACHES = {"default": {"BACKEND": f"{__name__}.{backend}"}}
        store._last_report[0] = 0.0

    use.restore = lambda: setattr(settings, "CACHES", working)
    return use


@pytest.mark.parametrize("backend", ["BrokenCache", "SlowCache"])
def test_pages_are_served_uncached_while_the_cache_is_down(
    client, seeded, settings, cache_down, caplog, backend
):
    settings.PAGE_CACHE = True
    cache_down(backend)
    with caplog.at_level(logging.WARNING, logger="football.pagecache"):
        for path in ["/", PROFILE, "/news/", PROFILE]:
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.get("X-Page-Cache") != "hit"
    # Logged once, not once a request.
    reports = [r for r in caplog.records if r.name == "football.pagecache"]
    assert len(reports) == 1
    assert "serving pages uncached" in reports[0].getMessage()


def test_caching_resumes_by_itself_when_the_cache_is_back(client, seeded, settings, cache_down):
    settings.PAGE_CACHE = True
    cache_down("BrokenCache")
    assert client.get(PROFILE).status_code == 200
    cache_down.restore()  # the cache server is back
    client.get(PROFILE)
    assert client.get(PROFILE)["X-Page-Cache"] == "hit"


def test_a_refused_redis_costs_no_more_than_its_timeouts(client, seeded, settings):
    """The settings give Redis short timeouts: with nothing listening, pages still come."""
    settings.PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "football.pagecache.rediscache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    started = time.monotonic()
    assert client.get(PROFILE).status_code == 200
    assert time.monotonic() - started < 3


@pytest.fixture
def database_down(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    def stop():
        monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        monkeypatch.setattr(BaseDatabaseWrapper, "_cursor", refuse)

    return stop


def test_with_the_database_down_cached_pages_are_served_and_others_get_a_503(
    client, seeded, settings, database_down
):
    settings.PAGE_CACHE = True
    client.get(PROFILE)  # stored
    client.raise_request_exception = False  # the error is logged and answered
    database_down()
    cached = client.get(PROFILE)
    assert cached.status_code == 200 and cached["X-Page-Cache"] == "hit"
    other = client.get(reverse("careers:club_detail", args=["juventus"]))
    assert other.status_code == 503
    assert other["Retry-After"] == "30"
    page = other.content.decode()
    assert "Back in a moment" in page and 'class="site-header"' in page


def test_other_server_errors_are_still_500s(client, seeded, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("football.careers.presenters.profile", broken)
    client.raise_request_exception = False
    assert client.get(PROFILE).status_code == 500


def test_the_key_keeps_only_the_parameters_pages_read(client, seeded, settings):
    settings.PAGE_CACHE = True
    client.get(PROFILE)
    for n in range(1, 101):
        assert client.get(PROFILE, {"x": n})["X-Page-Cache"] == "hit"
    first = client.get(PROFILE + "?on=2021-05-27&utm_source=a")
    assert first["X-Page-Cache"] == "miss"
    assert client.get(PROFILE + "?utm_source=b&on=2021-05-27")["X-Page-Cache"] == "hit"


def test_pages_go_stale_only_once_the_change_is_committed(
    client, seeded, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    client.get(PROFILE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Manager.objects.filter(slug="massimiliano-allegri").get().save()
        # Not committed yet: a reader still gets the stored page, and stores nothing new.
        assert client.get(PROFILE)["X-Page-Cache"] == "hit"
    assert callbacks
    for callback in callbacks:
        callback()
    assert client.get(PROFILE)["X-Page-Cache"] == "miss"
