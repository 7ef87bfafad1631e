"""football/pagecache/varnish.vcl in front of gunicorn: Varnish keeps pages by their
s-maxage, and the PURGE the site sends on a save drops exactly the tagged ones.

Needs varnishd with the xkey vmod (Debian: apt install varnish varnish-modules)."""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.pages.test_serve import free_port

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "football" / "pagecache" / "varnish.vcl"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
XKEY = any(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so"))

pytestmark = pytest.mark.skipif(
    not shutil.which("varnishd") or not XKEY, reason="varnishd with the xkey vmod is not installed"
)


def wait_for(url, process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            assert process.poll() is None, log.read_text()
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered:\n{log.read_text()}")


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    folder = tmp_path_factory.mktemp("varnish")
    # varnishd drops its privileges: its working directory must be readable by them.
    work = Path(tempfile.mkdtemp(prefix="dugout-varnish-"))
    work.chmod(0o755)
    site_port, proxy_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DATABASE_URL"}}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        STATIC_MANIFEST="false",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1",
        PAGE_CACHE_PURGE_URL=f"http://127.0.0.1:{proxy_port}/",
    )

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300
        )

    manage("migrate", "--noinput", "-v0")
    manage("seed")
    site_log = folder / "gunicorn.log"
    site = subprocess.Popen(
        [GUNICORN, "--config", "gunicorn.conf.py", "football.wsgi"],
        cwd=ROOT,
        env={**env, "PORT": str(site_port), "WEB_CONCURRENCY": "2"},
        stdout=site_log.open("w"),
        stderr=subprocess.STDOUT,
    )
    vcl = work / "dugout.vcl"
    vcl.write_text(VCL.read_text().replace('"8000"', f'"{site_port}"'))
    vcl.chmod(0o644)
    proxy_log = folder / "varnishd.log"
    proxy = subprocess.Popen(
        ["varnishd", "-F", "-n", str(work / "n"), "-f", str(vcl), "-s", "malloc,32m",
         "-a", f"127.0.0.1:{proxy_port}"],
        stdout=proxy_log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{site_port}/healthz", site, site_log)
        wait_for(f"http://127.0.0.1:{proxy_port}/healthz", proxy, proxy_log)
        yield f"http://127.0.0.1:{proxy_port}", manage
    finally:
        for process in (proxy, site):
            process.terminate()
            process.wait(timeout=40)
        shutil.rmtree(work, ignore_errors=True)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers, response.read().decode()


def test_varnish_keeps_pages_and_a_save_purges_only_the_tagged_ones(proxied):
    base, manage = proxied
    profile, news = base + "/managers/massimiliano-allegri/", base + "/news/"
    for url in (profile, news):
        get(url)
        headers, _ = get(url)
        assert headers["X-Varnish-Cache"] == "hit", url
        assert "xkey" not in headers
    manage(
        "shell",
        "-c",
        "from football.careers.models import Manager; "
        "m = Manager.objects.get(slug='massimiliano-allegri'); "
        "m.birth_place = 'Livorno, Tuscany (via Varnish)'; m.save()",
    )
    headers, body = get(profile)
    assert headers["X-Varnish-Cache"] == "miss"
    assert "Livorno, Tuscany (via Varnish)" in body
    assert get(news)[0]["X-Varnish-Cache"] == "hit"  # not tagged with him


def test_a_purge_from_this_machine_is_accepted(proxied):
    base, _ = proxied
    request = urllib.request.Request(base + "/", method="PURGE", headers={"xkey-purge": "all"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200  # from 127.0.0.1, in the ACL
