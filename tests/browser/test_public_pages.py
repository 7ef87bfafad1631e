"""Every public page type in a real browser: accessibility (axe-core), console and CSP,
keyboard-only use, and screenshots at desktop and phone widths in both colour schemes."""

import pytest

from .checks import axe_violations, csp_violations, keyboard_walk, watch_for_errors
from .conftest import COLOR_SCHEMES, EXPECTED_STATUS, PUBLIC_PAGES, VIEWPORTS, page_path

pytestmark = pytest.mark.browser


def visit(page, name, screenshot=None):
    """Open a public page type and check that it answered with the expected status.

    The screenshot, when asked for, is taken first: a page that fails is worth seeing.
    """
    response = page.goto(page_path(name))
    if screenshot:
        screenshot(page)
    expected = EXPECTED_STATUS.get(name, 200)
    assert response.status == expected, f"{name}: {page.url} answered {response.status}"
    return response


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_page_has_no_accessibility_violations(site, page, save_screenshot, name):
    # The same findings in several variants are reported once, with the variants listed.
    failures = {}
    for viewport_name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        for scheme in COLOR_SCHEMES:
            page.emulate_media(color_scheme=scheme)
            visit(page, name, lambda p: save_screenshot(p, name, viewport_name, scheme))  # noqa: B023
            report = axe_violations(page)
            if report:
                failures.setdefault(report, []).append(f"{viewport_name} {scheme}")
    assert not failures, f"axe-core found violations on {name} ({page.url}):\n" + "\n".join(
        f"in {', '.join(variants)}:\n{report}" for report, variants in failures.items()
    )


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_page_has_no_console_errors_or_csp_violations(site, page, name):
    errors = watch_for_errors(page)
    for viewport in VIEWPORTS.values():
        page.set_viewport_size(viewport)
        visit(page, name)
        page.wait_for_load_state("networkidle")
        errors.extend(csp_violations(page))
    if name == "not-found":
        # The browser reports the page's own 404 status as a failed load; that one is expected.
        url = page.url
        errors = [e for e in errors if not ("status of 404" in e and e.endswith(f"({url})"))]
    assert not errors, f"{name} ({page.url}):\n" + "\n".join(dict.fromkeys(errors))


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_keyboard_reaches_every_control_with_a_visible_focus(site, page, name):
    visit(page, name)
    tabbable, missed, no_indicator = keyboard_walk(page)
    assert tabbable, f"{name}: nothing on the page can take the keyboard focus"
    assert not missed, f"{name}: Tab never reached:\n" + "\n".join(missed)
    assert not no_indicator, f"{name}: no visible focus indicator on:\n" + "\n".join(no_indicator)


# The widest content each page type has: the career table with Allegri's long Juventus
# honours, the club's history. 320 px is the narrowest width the site supports.
@pytest.mark.parametrize("name", ["manager", "club"])
@pytest.mark.parametrize("width", [320, 375])
def test_spell_tables_fit_a_phone_without_sideways_scrolling(site, page, name, width):
    page.set_viewport_size({"width": width, "height": 800})
    visit(page, name)
    overflow = page.evaluate(
        """() => [document.documentElement, ...document.querySelectorAll('.table-wrap')]
            .filter((element) => element.scrollWidth > element.clientWidth)
            .map((element) => `${element.className || element.tagName}: ${element.scrollWidth}`)"""
    )
    assert overflow == []
    # Each value keeps its label; a spell with nothing to say about its end says nothing.
    first = page.locator("table.stack tbody tr").first
    assert (
        first.locator("td[data-label='From']").evaluate(
            "(cell) => getComputedStyle(cell, '::before').content"
        )
        == '"From: "'
    )
