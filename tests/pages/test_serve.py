"""`make serve` and gunicorn.conf.py: production serving on one machine."""

import os
import re
import runpy
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "gunicorn.conf.py"
KNOBS = {"BIND", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "FORWARDED_ALLOW_IPS"}


def load_config(monkeypatch, **env):
    for name in KNOBS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_config_defaults(monkeypatch):
    config = load_config(monkeypatch)
    assert config["bind"] == "127.0.0.1:8000"
    assert config["workers"] == 2 * os.cpu_count() + 1
    assert config["timeout"] == 30
    assert config["graceful_timeout"] == 30
    assert config["accesslog"] == "-"  # stdout
    assert config["errorlog"] == "-"  # stderr
    assert config["control_socket_disable"] is True
    # Workers are forked from a loaded app and recycled rarely: restarts cost no throughput.
    assert config["preload_app"] is True
    assert config["max_requests"] >= 10000


def test_config_reads_the_environment(monkeypatch):
    assert load_config(monkeypatch, PORT="9001")["bind"] == "127.0.0.1:9001"
    assert load_config(monkeypatch, BIND="0.0.0.0:8080", PORT="9001")["bind"] == "0.0.0.0:8080"
    assert load_config(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3
    assert load_config(monkeypatch, GUNICORN_TIMEOUT="60")["timeout"] == 60


def test_gunicorn_accepts_the_config():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", str(CONFIG)]
        + ["--check-config", "football.wsgi"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_with_the_config_and_logs_access_to_stdout(tmp_path):
    port = free_port()
    out, err = (tmp_path / "stdout").open("w+"), (tmp_path / "stderr").open("w+")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", str(CONFIG), "football.wsgi"],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "STATIC_MANIFEST": "false",
            "PORT": str(port),
            "WEB_CONCURRENCY": "1",
        },
        stdout=out,
        stderr=err,
    )
    try:
        body = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    body = r.read().decode()
                    headers = r.headers
                break
            except OSError:
                time.sleep(0.2)
        assert body == "ok", err.seek(0) or err.read()
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    finally:
        server.terminate()
        server.wait(timeout=40)
    out.seek(0)
    err.seek(0)
    assert re.search(r'"GET /healthz HTTP/1\.1" 200 2 ', out.read())
    errors = err.read()
    assert f"Listening at: http://127.0.0.1:{port}" in errors
    assert "Shutting down: Master" in errors


def env_has_secret_key():
    env_file = ROOT / ".env"
    return env_file.exists() and re.search(r"^SECRET_KEY=\S", env_file.read_text(), re.M)


@pytest.mark.skipif(env_has_secret_key(), reason=".env provides a SECRET_KEY on this machine")
def test_make_serve_refuses_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert (
        "make serve needs SECRET_KEY in the environment (or .env): a long random string, "
        "see .env.example"
    ) in result.stdout
    assert "gunicorn" not in result.stdout
