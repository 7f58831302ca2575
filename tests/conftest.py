"""Fixtures for the browser tests: the built book served on loopback, and Debian's Chromium.

Browser tests (marker ``browser``) run after ``make book``; they drive ``/usr/bin/chromium``
through Playwright (no browser download) with the network cut off except for loopback.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: an example that draws a figure takes 300 ms on a loaded machine and
# 0.3 ms on the next call, which hypothesis would report as a flaky failure. In CI the examples
# are derandomised (the same on every run: a failure there is never luck); locally each run draws
# new ones, so the search keeps looking.
settings.register_profile("nblib", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("nblib")

ROOT = Path(__file__).resolve().parent.parent
# NBLIB_BOOK_BUILD points the browser tests at another build folder (default: _build).
BUILD = Path(os.environ.get("NBLIB_BOOK_BUILD", ROOT / "_build"))
HTML = BUILD / "html"
SCREENSHOTS = BUILD / "screenshots"
CHROMIUM = os.environ.get("NBLIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output readable
        pass


@pytest.fixture(scope="session")
def book_url():
    """The built HTML book, served from a thread on 127.0.0.1 (an ephemeral port)."""
    if not (HTML / "index.html").exists():
        pytest.fail(f"the book is not built: {HTML / 'index.html'} is missing (run `make book` first)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=HTML))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (make test installs Debian's chromium with apt-get)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def offline_page(browser):
    """A page whose every request outside loopback is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside, failed = [], []

    def route(r):
        host = r.request.url.split("/")[2] if "://" in r.request.url else ""
        if r.request.url.startswith(("data:", "blob:")) or host.split(":")[0] in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("requestfailed", lambda req: failed.append(req.url))
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.outside_requests, page.failed_requests, page.script_errors = outside, failed, errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def assert_served(page):
    """Every request of ``page`` (an ``offline_page``) stayed in the book and was served, no script
    raised an error, and every image of the page is drawn."""
    assert page.outside_requests == [], f"requests to other hosts: {page.outside_requests}"
    assert page.failed_requests == [], f"failed requests: {page.failed_requests}"
    assert page.script_errors == [], f"script errors: {page.script_errors}"
    broken = page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 80))")
    assert broken == [], f"images not drawn: {broken}"


def resize(page, width, height):
    """Give ``page`` a viewport of ``width`` x ``height`` CSS pixels, as when a phone turns or a
    window grows, and wait until it has laid itself out again (two animation frames)."""
    if page.viewport_size != {"width": width, "height": height}:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def open_page(page, url):
    """Load ``url`` and wait on the page's own state, not on a quiet network: the load event (the
    document's scripts, styles and images), then MathJax's typesetting and the fonts it asked for."""
    page.goto(url, wait_until="load")
    if page.locator('script[src*="mathjax"]').count():  # Sphinx loads MathJax only on pages with math
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise.then(() => document.fonts.ready)")


def open_deck(page, url):
    """Load a static deck (``slides/NN_*.html``) as ``open_page`` loads a page, then wait until
    reveal.js is ready."""
    open_page(page, url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")


#: axe-core's run of every rule, except that colour contrast leaves out the highlighted code
#: (thousands of token spans in the colours of one syntax theme, which
#: test_code_colours_have_contrast checks once, every token class) and the inside of MathJax's
#: equations (thousands of glyph elements, each in the colour of the equation, whose own element is
#: checked): together most of the run's time on a long page. Its argument: a CSS selector of the
#: elements to check, or null for the whole document.
AXE_RUN = """async (selector) => {
    axe.configure({rules: [{id: 'color-contrast', selector: '*:not(.highlight *):not(mjx-container *)'}]});
    return (await axe.run(selector || document, {resultTypes: ['violations']})).violations;
}"""


def axe(page, run=AXE_RUN, arg=None):
    """Load axe-core (the copy that axe-playwright-python ships) into ``page``, then evaluate
    ``run``, a function that calls ``axe.run``, with ``arg``, and return its result."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)
    return page.evaluate(run, arg)


def serious(violations):
    """The serious and critical violations of an axe-core run, or [] (with a readable message)."""
    import json

    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    return json.dumps([(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in bad], indent=1) if bad else []
