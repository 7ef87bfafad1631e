"""`manage.py check --deploy` is clean with the production values of .env.example."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "dugout.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://dugout.example.com",
    "SITE_URL": "https://dugout.example.com",
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}
# Every knob the check looks at is set explicitly, so a developer's .env cannot sway the result.
DEVELOPMENT = {
    "DEBUG": "true",
    "SECRET_KEY": "",
    "ALLOWED_HOSTS": "localhost,127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
    "SECURE_HSTS_PRELOAD": "false",
}


def check_deploy(values):
    # The browser tests allow sync ORM calls under Playwright's event loop; production never does.
    ignored = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(values)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_values_pass_check_deploy():
    result = check_deploy(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_fail_check_deploy():
    result = check_deploy(DEVELOPMENT)
    assert result.returncode != 0
    for warning in ["W004", "W008", "W009", "W012", "W016", "W018"]:
        assert f"security.{warning}" in result.stderr


def test_a_short_secret_key_fails_check_deploy():
    result = check_deploy({**PRODUCTION, "SECRET_KEY": "short-key"})
    assert result.returncode != 0
    assert "security.W009" in result.stderr
