"""Each check of the page tests catches the fault it is there for.

Deliberately faulty pages are served through Playwright's request routing (at the live
server's address, so nothing is added to the site), and each check must report them.
"""

import pytest

from .checks import axe_violations, csp_violations, keyboard_walk, run_vnu, watch_for_errors

pytestmark = pytest.mark.browser

STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'"


def serve(page, path, body, headers=None):
    page.route(
        f"**{path}",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers=headers or {},
            body=body,
        ),
    )
    page.goto(path)


def test_console_check_catches_an_inline_script_refused_by_csp(page):
    errors = watch_for_errors(page)
    serve(
        page,
        "/faulty/csp/",
        "<!doctype html><html lang=en><title>t</title><script>document.title='x'</script>",
        {"Content-Security-Policy": STRICT_CSP},
    )
    page.wait_for_load_state("networkidle")
    assert any("Content Security Policy" in e for e in errors), errors
    assert any("script-src" in v for v in csp_violations(page))


def test_console_check_catches_a_script_error(page):
    errors = watch_for_errors(page)
    serve(
        page,
        "/faulty/error/",
        "<!doctype html><html lang=en><title>t</title><script>undefinedFunction()</script>",
    )
    page.wait_for_load_state("networkidle")
    assert any(e.startswith("page error:") and "undefinedFunction" in e for e in errors), errors


def test_keyboard_check_catches_a_trap_and_a_hidden_focus(page):
    serve(
        page,
        "/faulty/keyboard/",
        """<!doctype html><html lang=en><title>t</title>
        <style>.bare:focus { outline: none }</style>
        <a href="/one">One</a> <a class="bare" href="/two">Two</a>
        <input id="trap" aria-label="trap"> <a href="/three">Three</a>
        <script>
        document.getElementById("trap").addEventListener("keydown", (event) => {
            if (event.key === "Tab") event.preventDefault();
        });
        </script>""",
    )
    tabbable, missed, no_indicator = keyboard_walk(page)
    assert len(tabbable) == 4
    assert missed == ['<a href="/three"> Three'], missed
    assert len(no_indicator) == 1 and "Two" in no_indicator[0], no_indicator


def test_accessibility_check_catches_an_image_without_alt_text(page):
    serve(
        page,
        "/faulty/a11y/",
        "<!doctype html><html lang=en><title>t</title><main><h1>t</h1>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></main>",
    )
    assert "image-alt" in axe_violations(page)


def test_html_check_catches_invalid_markup_in_the_right_file(tmp_path):
    good = tmp_path / "good.html"
    good.write_text("<!doctype html><html lang=en><title>t</title><p>fine</p>")
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang=en><title>t</title><p><div>unclosed</p>")
    report = run_vnu([good, bad])
    assert report[good.resolve()] == []
    assert report[bad.resolve()], report
    assert None not in report
