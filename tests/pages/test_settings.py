import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_debug_or_secret_key_the_site_refuses_in_one_line():
    result = run_check(DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Dugout refuses to start: DEBUG is off and SECRET_KEY is not set "
        "(set SECRET_KEY, or DEBUG=true for development; see .env.example)."
    ]


def test_with_a_secret_key_it_starts():
    result = run_check(DEBUG="false", SECRET_KEY="a-real-secret-for-this-test")
    assert result.returncode == 0, result.stderr
