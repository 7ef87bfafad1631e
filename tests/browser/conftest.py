"""Browser tests: Debian's Chromium, driven by pytest-playwright, against `live_server`.

No browser is ever downloaded: Playwright starts /usr/bin/chromium (or $CHROMIUM).
Every test here gets the seed data in the live server's database through the
`site` fixture, and a desktop-sized page whose base URL is the live server.

Run them with the whole suite (`make test`), alone (`make test-browser`), or one at a
time (`make test-browser PYTEST_ARGS="-k editor"`). Screenshots of every public page
type go to screenshots/ (git-ignored); Playwright's own artifacts to test-results/.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

# pytest-playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse ORM calls made from it (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
INSTALL_HINT = (
    f"The browser tests need Debian's Chromium at {CHROMIUM} and it is missing. "
    "Install it with: sudo apt-get install chromium"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
COLOR_SCHEMES = ["light", "dark"]
ACTION_TIMEOUT_MS = 5_000
NAVIGATION_TIMEOUT_MS = 15_000

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"

STORY_HEADLINE = "Allegri set for Juventus return as Pirlo faces the sack"
STORY_SLUG = "allegri-set-for-juventus-return"

# Every public page type, by a stable URL. The story's address is looked up after seeding.
PUBLIC_PAGES = {
    "home": "/",
    "manager-list": "/managers/",
    "club-list": "/clubs/",
    "manager": "/managers/massimiliano-allegri/",
    "club": "/clubs/juventus/",
    "news": "/news/",
    "story": None,
    "search": "/search/?q=pirlo",
    "search-no-results": "/search/?q=zzzz",
    "search-empty": "/search/",
    "not-found": "/no-such-page/",
}
EXPECTED_STATUS = {"not-found": 404}


def chromium_missing():
    return not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Fail, never skip, when the browser is missing: in CI (CI=true) and on a
    # developer's machine alike, with the one line that says how to get it.
    if chromium_missing():
        pytest.fail(INSTALL_HINT, pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative addresses in page.goto() go to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture
def page(page):
    # A missing link or text fails in seconds, not after Playwright's default 30 s.
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    return page


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the seed data loaded.

    `live_server` tests run on a transactional database that is emptied after each
    test, so the seed goes in again for each one (it takes a fraction of a second).
    """
    call_command("seed", stdout=io.StringIO())
    return live_server


@pytest.fixture
def editors_group(transactional_db):
    """The Editors group as its data migration makes it.

    Emptying the database after a transactional test removes what data migrations
    wrote; this runs the migration's own code again, on the historical models.
    """
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    node = ("ops", "0001_editors_group")
    loader = MigrationLoader(connection)
    apps = loader.project_state(node).apps
    for operation in loader.get_migration(*node).operations:
        operation.code(apps, None)
    return Group.objects.get(name="Editors")


def page_path(name):
    """The path of a public page type; call with the seed data loaded."""
    if name == "story":
        from football.news.models import Story

        return Story.objects.get(slug=STORY_SLUG).get_absolute_url()
    return PUBLIC_PAGES[name]


def screenshot_name(*parts):
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-") + ".png"


@pytest.fixture
def save_screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def save(page, *parts):
        path = SCREENSHOTS / screenshot_name(*parts)
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
