"""Every public page type is valid HTML by the Nu Html Checker (npm's vnu-jar, run on Java).

The pages are fetched from the live server as served, written to files and checked in
one run of the checker (it takes a second or two to start); each page's test reports
its own errors.
"""

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .checks import describe_vnu, run_vnu
from .conftest import EXPECTED_STATUS, PUBLIC_PAGES, page_path

pytestmark = pytest.mark.browser


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def check_every_page(base_url, folder):
    statuses, files = {}, {}
    for name in PUBLIC_PAGES:
        statuses[name], html = fetch(base_url + page_path(name))
        files[name] = (folder / f"{name}.html").resolve()
        files[name].write_bytes(html)
    report = run_vnu(files.values())
    pages = {name: (statuses[name], report[files[name]]) for name in PUBLIC_PAGES}
    return pages, report.get(None, [])


@pytest.fixture(scope="module")
def checked():
    """ "pages": name -> (status, errors), "unknown": errors on no page; filled once."""
    return {}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_page_is_valid_html(site, checked, tmp_path_factory, name):
    if not checked:
        pages, unknown = check_every_page(site.url, Path(tmp_path_factory.mktemp("vnu")))
        checked.update(pages=pages, unknown=unknown)
    assert not checked["unknown"], "vnu.jar reported on a file it was not given:\n" + "\n".join(
        describe_vnu(m) for m in checked["unknown"]
    )
    status, errors = checked["pages"][name]
    expected = EXPECTED_STATUS.get(name, 200)
    assert status == expected, f"{name} ({page_path(name)}) answered {status}, not {expected}"
    assert not errors, f"{name} ({page_path(name)}) is not valid HTML:\n" + "\n".join(
        describe_vnu(m) for m in errors
    )
