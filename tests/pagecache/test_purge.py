"""The purge sent to a reverse proxy when tags go stale (PAGE_CACHE_PURGE_URL)."""

import http.server
import logging
import threading

import pytest

from football.careers.models import Manager
from football.pagecache import store
from tests.pages.test_serve import free_port


class Recorder(http.server.BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 (the method's name)
        self.server.requests.append((self.command, self.path, self.headers))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    server = http.server.HTTPServer(("127.0.0.1", free_port()), Recorder)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PAGE_CACHE_PURGE_URL = f"http://127.0.0.1:{server.server_port}/"
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_a_save_purges_its_tags_once_committed(proxy, make_manager, committed):
    manager = make_manager()
    proxy.requests.clear()
    manager.birth_place = "Somewhere"
    with committed():
        manager.save()
        assert proxy.requests == []  # nothing before the commit
    # His birth place is on his profile alone.
    tags = {f"manager-page:{manager.pk}"}
    assert len(proxy.requests) == 1  # one request for all the tags of the transaction
    for method, path, headers in proxy.requests:
        assert (method, path) == ("PURGE", "/")
        assert set(headers["Surrogate-Key"].split()) == tags
        assert headers["xkey-purge"] == headers["Surrogate-Key"]


@pytest.mark.django_db
def test_everything_purges_the_tag_all(proxy):
    store.bump_content_version()
    assert [headers["Surrogate-Key"] for _, _, headers in proxy.requests] == ["all"]


def test_purging_is_off_by_default(settings, monkeypatch):
    assert settings.PAGE_CACHE_PURGE_URL == ""
    monkeypatch.setattr(store.urllib.request, "urlopen", pytest.fail)
    store.purge({"manager:1"})


def test_a_proxy_down_is_logged_once_a_minute_and_never_raised(settings, caplog, monkeypatch):
    settings.PAGE_CACHE_PURGE_URL = f"http://127.0.0.1:{free_port()}/"  # nobody listens
    monkeypatch.setattr(store, "_last_purge_report", [0.0])
    with caplog.at_level(logging.WARNING, logger="football.pagecache"):
        for _ in range(3):
            store.purge({"manager:1"})
    assert len([r for r in caplog.records if "Purge" in r.getMessage()]) == 1


@pytest.mark.django_db
def test_a_slow_proxy_costs_at_most_the_timeout(settings, monkeypatch):
    import socket
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts, never answers
    settings.PAGE_CACHE_PURGE_URL = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    monkeypatch.setattr(store, "PURGE_TIMEOUT", 0.2)
    started = time.monotonic()
    store.purge({"manager:1"})
    assert time.monotonic() - started < 1
    listener.close()


@pytest.mark.django_db
def test_pages_carry_the_tags_a_purge_names(client, make_manager):
    manager = make_manager()
    response = client.get(manager.get_absolute_url())
    assert f"manager:{manager.pk}" in response["Surrogate-Key"].split()
    assert Manager.page_tag(manager.pk) in response["Cache-Tag"].split(",")
