"""Several gunicorn workers, started the way `make serve` starts them, with the default
cache and with Redis (where CACHE_URL names one): a change saved through the admin on
one worker, or by a management command, is on every reader's next page, whichever
worker answers, though each worker keeps the pages it read (football.pagecache.local)."""

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from tests.pages.test_serve import free_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PROFILE = "/managers/massimiliano-allegri/"


@pytest.fixture(scope="module", params=["disk", "redis"])
def site(request, tmp_path_factory):
    """A seeded SQLite database and gunicorn with 3 workers, DEBUG off, with no
    CACHE_URL (the disk cache) or the Redis server CACHE_URL names."""
    redis_url = os.environ.get("CACHE_URL", "")
    if request.param == "redis" and not redis_url.startswith("redis://"):
        pytest.skip("needs CACHE_URL=redis://")
    folder = tmp_path_factory.mktemp("workers")
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DATABASE_URL"}}
    if request.param == "redis":
        env["CACHE_URL"] = redis_url
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        STATIC_MANIFEST="false",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1",
    )

    def manage(*args):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300)

    manage("migrate", "--noinput", "-v0")
    manage("seed")
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.create_superuser('editor', 'e@example.com', 'a-long-test-password-1')",
    )
    port = free_port()
    log = (folder / "gunicorn.log").open("w+")
    server = subprocess.Popen(
        [GUNICORN, "--config", "gunicorn.conf.py", "football.wsgi"],
        cwd=ROOT,
        env={**env, "PORT": str(port), "WEB_CONCURRENCY": "3"},
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()
            break
        except OSError:
            assert server.poll() is None, log.seek(0) or log.read()
            time.sleep(0.2)
    yield base, manage
    server.terminate()
    server.wait(timeout=40)


def read_in_parallel(base, path, n=36):
    """The page as n readers get it at once: every worker answers some of them."""

    def get(_):
        with urllib.request.urlopen(base + path, timeout=20) as response:
            return response.read().decode()

    with ThreadPoolExecutor(12) as pool:
        return list(pool.map(get, range(n)))


def birthplaces(pages):
    return {re.search(r"11 August 1967</time>, ([^<]+)</dd>", page).group(1) for page in pages}


class FormFields(HTMLParser):
    """Every field a browser would post from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.fields, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append([self._select, a.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def admin_save(base, **changes):
    """Log in to the admin and save Allegri's change form with `changes`."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    login = base + "/admin/login/"
    page = opener.open(login).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {"csrfmiddlewaretoken": token, "username": "editor", "next": "/admin/"}
    data["password"] = "a-long-test-password-1"
    opener.open(login, urllib.parse.urlencode(data).encode())
    search = opener.open(base + "/admin/careers/manager/?q=allegri").read().decode()
    change = base + re.search(r'href="(/admin/careers/manager/\d+/change/)', search).group(1)
    parser = FormFields()
    parser.feed(opener.open(change).read().decode())
    fields = [(k, changes.get(k, v)) for k, v in parser.fields]
    answer = opener.open(change, urllib.parse.urlencode(fields).encode())
    assert "/admin/careers/manager/" in answer.url and "change" not in answer.url, answer.url


def test_an_admin_save_on_one_worker_is_seen_by_every_worker(site):
    base, _ = site
    assert birthplaces(read_in_parallel(base, PROFILE)) == {"Livorno, Italy"}
    admin_save(base, birth_place="Livorno, Tuscany")
    assert birthplaces(read_in_parallel(base, PROFILE)) == {"Livorno, Tuscany"}


def test_a_management_command_save_is_seen_by_every_worker(site):
    base, manage = site
    read_in_parallel(base, PROFILE)  # cached by every worker that answered
    manage(
        "shell",
        "-c",
        "from football.careers.models import Manager; "
        "m = Manager.objects.get(slug='massimiliano-allegri'); "
        "m.birth_place = 'Livorno'; m.save()",
    )
    assert birthplaces(read_in_parallel(base, PROFILE)) == {"Livorno"}


def test_a_per_process_cache_with_several_workers_is_refused_in_one_line(tmp_path):
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50)}
    env.update(CACHE_URL="locmemcache://", WEB_CONCURRENCY="3", PORT=str(free_port()))
    result = subprocess.run(
        [GUNICORN, "--config", "gunicorn.conf.py", "football.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Dugout refuses to start: 3 workers would each keep their own page cache" in (
        result.stderr + result.stdout
    )
