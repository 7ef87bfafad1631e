"""Static files in production: hashed names, served compressed, cached for ever."""

import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client


@pytest.fixture
def collected(settings, tmp_path):
    """collectstatic into a fresh folder with the production storage, as `make serve` does."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    return tmp_path


def test_the_stylesheet_has_a_content_hash_in_its_name(collected):
    url = static("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    assert (collected / url.removeprefix("/static/")).exists()
    assert (collected / (url.removeprefix("/static/") + ".br")).exists()
    assert (collected / (url.removeprefix("/static/") + ".gz")).exists()


@pytest.mark.parametrize(("accept", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_hashed_files_are_served_compressed_and_immutable(collected, accept, encoding):
    response = Client().get(static("css/site.css"), headers={"accept-encoding": accept})
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600
    assert "Accept-Encoding" in response["Vary"]


def test_pages_link_the_hashed_stylesheet(collected, db):
    body = Client().get("/").content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/css/site\.[0-9a-f]{12}\.css"', body)
