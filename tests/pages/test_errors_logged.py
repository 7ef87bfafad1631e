"""A server error is logged to stderr with the request's path, and readers see the 500 page.

The request runs in a fresh process with the real settings, so what is checked is
what an operator's log collector would receive on stderr.
"""

import logging
import os
import subprocess
import sys
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

ROOT = Path(__file__).resolve().parents[2]


def boom(request, slug):
    raise RuntimeError("the view fell over")


def fine(request):
    return HttpResponse("fine")


urlpatterns = [path("boom/<slug:slug>/", boom), path("fine/", fine)]

SCRIPT = """
import django, sys
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tests.pages.test_errors_logged"):
    response = Client(raise_request_exception=False).get(sys.argv[1])
print(response.status_code)
print(response.content.decode())
"""


def request_in_a_fresh_process(url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "football.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "WARNING",
        # These views need no database; the page cache would ask one for scheduled stories.
        "PAGE_CACHE": "false",
        "DATABASE_URL": "sqlite://:memory:",
    }
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_500_logs_the_path_to_stderr():
    result = request_in_a_fresh_process("/boom/a-slug/?on=2021-05-28")
    status, page = result.stdout.split("\n", 1)
    assert status == "500"
    assert "the view fell over" not in page

    [line] = [line for line in result.stderr.splitlines() if "Internal Server Error" in line]
    assert line.endswith("ERROR django.request: Internal Server Error: /boom/a-slug/")
    assert "RuntimeError: the view fell over" in result.stderr


def test_a_normal_request_logs_nothing():
    result = request_in_a_fresh_process("/fine/")
    assert result.stdout.startswith("200\nfine")
    assert "django.request" not in result.stderr
    assert "Error" not in result.stderr


def test_django_request_errors_go_to_a_stream_handler_and_stop_there():
    logger = logging.getLogger("django.request")
    assert logger.level == logging.ERROR
    assert not logger.propagate
    assert any(type(handler) is logging.StreamHandler for handler in logger.handlers)
