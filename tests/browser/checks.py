"""The checks the browser tests make on a page, shared by the page tests and by the
tests that prove each check catches what it is for (test_checks_catch_faults.py)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

AXE = Axe()
# Every WCAG 2.0, 2.1 and 2.2 A/AA rule, plus axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}

# Records CSP violations as the browser reports them, beside its console messages.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline code"}` +
        ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
    );
});
"""

# Marks and lists what the keyboard should reach: visible, enabled, not taken out of
# the tab order, not inert.
TABBABLE = """
() => {
    const selector = [
        "a[href]", "area[href]", "button", "input", "select", "textarea", "summary",
        "iframe", "audio[controls]", "video[controls]", "[tabindex]", "[contenteditable]",
    ].join(",");
    const found = [];
    for (const el of document.querySelectorAll(selector)) {
        if (el.tabIndex < 0 || el.disabled || el.type === "hidden") continue;
        if (el.closest("[inert]")) continue;
        if (!el.checkVisibility({ visibilityProperty: true })) continue;
        el.dataset.tabCheck = String(found.length);
        found.push(describe(el));
    }
    return found;

    function describe(el) {
        const text = (el.getAttribute("aria-label") || el.textContent || el.value || "")
            .trim().replace(/\\s+/g, " ").slice(0, 60);
        const href = el.getAttribute("href");
        return `<${el.tagName.toLowerCase()}${href ? ` href="${href}"` : ""}> ${text}`;
    }
}
"""

FOCUSED = """
() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none";
    return {
        id: el.dataset.tabCheck ?? null,
        tag: el.tagName.toLowerCase(),
        text: (el.textContent || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 60),
        indicator: outline || shadow,
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
        shadow: style.boxShadow,
    };
}
"""


def axe_violations(page):
    """axe-core's violations on the page as it is now, one readable block; "" if none."""
    results = AXE.run(page, options=AXE_OPTIONS)
    lines = []
    for violation in results.response["violations"]:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      {', '.join(map(str, node['target']))}: {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def watch_for_errors(page):
    """Collect console errors, uncaught exceptions and failed requests from now on.

    Call before the first goto. CSP violations show up as console errors; read
    `csp_violations(page)` after each load for the browser's own list as well.
    """
    errors = []

    def on_console(message):
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    page.add_init_script(CSP_LISTENER)
    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on(
        "requestfailed",
        lambda request: errors.append(f"request failed: {request.url} ({request.failure})"),
    )
    return errors


def csp_violations(page):
    return [f"CSP: {v}" for v in page.evaluate("window.__cspViolations || []")]


def keyboard_walk(page):
    """Press Tab from the top of the page until focus leaves it or comes round again.

    Returns (missed, no_indicator): what the keyboard should reach but never did, and
    what it reached without a visible focus indicator (no outline and no box-shadow).
    """
    tabbable = page.evaluate(TABBABLE)
    visited, no_indicator, previous = set(), [], None
    for step in range(len(tabbable) + 40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break  # past the last control: focus left the document
        key = focused["id"] if focused["id"] is not None else f"{focused['tag']}:{step}"
        if key == previous:
            continue  # the next part of one control (day, month, year of a date input)
        previous = key
        if key in visited:
            break  # came round to the start, or stuck in a keyboard trap
        visited.add(key)
        if not focused["indicator"]:
            no_indicator.append(
                f"<{focused['tag']}> {focused['text']!r}: outline {focused['outline']}, "
                f"box-shadow {focused['shadow']}"
            )
    missed = [desc for i, desc in enumerate(tabbable) if str(i) not in visited]
    return tabbable, missed, no_indicator


def run_vnu(files):
    """Nu Html Checker errors for each file, as {path: [message, ...]}."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "The HTML check needs Java 17 or newer: sudo apt-get install default-jre-headless",
            pytrace=False,
        )
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run `make node-tools` (npm ci).", pytrace=False)
    files = [Path(f).resolve() for f in files]
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(completed.stderr or completed.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report:\n{completed.stdout}\n{completed.stderr}")
    # vnu names each file by a file: URL ("file:/tmp/x/home.html").
    by_path = {str(path).lstrip("/"): path for path in files}
    report = {path: [] for path in files}
    for message in messages:
        path = by_path.get(message.get("url", "").removeprefix("file:").lstrip("/"))
        report.setdefault(path, []).append(message)  # None: on no file it was given
    return report


def describe_vnu(message):
    where = f"line {message.get('lastLine', '?')}, column {message.get('firstColumn', '?')}"
    extract = message.get("extract", "").replace("\n", " ")
    return f"  {where}: {message['message']}\n      {extract}"
