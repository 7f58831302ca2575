"""The built book in headless Chromium with the network cut off: math, sliders, accessibility.

Run after ``make book`` (``make test`` does). Screenshots are saved to ``_build/screenshots``.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import HTML

pytestmark = pytest.mark.browser

PAGES = sorted(p.relative_to(HTML).as_posix() for p in HTML.glob("book/*.html")) if HTML.exists() else []
DEMO_PAGES = [p for p in PAGES if "data-nblib-demo" in (HTML / p).read_text(encoding="utf-8")]


def _open(page, url):
    page.goto(url, wait_until="networkidle")
    if page.locator('script[src*="mathjax"]').count():  # Sphinx loads MathJax only on pages with math
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")


def test_the_book_has_its_pages():
    assert "book/01_predictor.html" in PAGES
    assert "book/01_predictor.html" in DEMO_PAGES


@pytest.mark.parametrize("path", PAGES)
def test_page_is_complete_offline(offline_page, book_url, path):
    page = offline_page
    _open(page, f"{book_url}/{path}")
    assert page.outside_requests == [], f"requests to other hosts: {page.outside_requests}"
    assert page.failed_requests == [], f"failed requests: {page.failed_requests}"
    math = page.evaluate(
        """() => {
            const nodes = [...document.querySelectorAll('.math')];
            return {total: nodes.length,
                    untypeset: nodes.filter(n => !n.querySelector('mjx-container')).map(n => n.textContent.slice(0, 60)),
                    errors: document.querySelectorAll('mjx-merror').length};
        }"""
    )
    assert math["untypeset"] == [], f"equations left as TeX: {math['untypeset']}"
    assert math["errors"] == 0
    broken = page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 80))")
    assert broken == []


@pytest.mark.parametrize("path", DEMO_PAGES)
def test_every_static_slider_moves_by_keyboard(offline_page, book_url, path, screenshots):
    page = offline_page
    _open(page, f"{book_url}/{path}")
    demos = page.locator("[data-nblib-demo]")
    assert demos.count() > 0
    for i in range(demos.count()):
        demo = demos.nth(i)
        demo.scroll_into_view_if_needed()
        page.wait_for_function("d => d.dataset.ready === '1'", arg=demo.element_handle())
        img = demo.locator("img.nblib-demo-figure")
        readout = demo.locator(".nblib-demo-readout")
        assert img.get_attribute("alt"), "every frame has alt text"
        assert readout.inner_text().strip(), "the default frame has a readout before anything moves"
        before = (img.get_attribute("src"), readout.inner_text())
        for j in range(demo.locator("input[type=range]").count()):
            slider = demo.locator("input[type=range]").nth(j)
            label = demo.locator(f'label[for="{slider.get_attribute("id")}"]')
            assert label.inner_text().strip(), "every slider has a visible label"
            value, frame = slider.input_value(), demo.get_attribute("data-frame")
            slider.focus()
            page.keyboard.press("End" if int(value) == 0 else "Home")
            assert slider.input_value() != value
            assert demo.get_attribute("data-frame") != frame
            output = demo.locator(f'output[for="{slider.get_attribute("id")}"]').inner_text()
            assert output == slider.get_attribute("aria-valuetext")
        after = (img.get_attribute("src"), readout.inner_text())
        assert after != before, f"demo {i} of {path}: moving its sliders changed neither the figure nor the readout"
    demos.first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"book-{path.split('/')[-1].replace('.html', '')}.png"))


def test_chapter_one_c_slider_by_arrow_keys(offline_page, book_url, screenshots):
    page = offline_page
    _open(page, f"{book_url}/book/01_predictor.html")
    demo = page.locator("[data-nblib-demo]").first
    slider = demo.locator("input[type=range]").first
    img, readout = demo.locator("img.nblib-demo-figure"), demo.locator(".nblib-demo-readout")
    assert "c = 0.50" in readout.inner_text()
    src0, alt0 = img.get_attribute("src"), img.get_attribute("alt")
    slider.focus()
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    assert readout.inner_text() == "c = 0.62: output 62.000 miles, error E = +0.137 miles"
    assert img.get_attribute("src") != src0
    assert img.get_attribute("alt") != alt0 and "0.62" in img.get_attribute("alt")
    demo.scroll_into_view_if_needed()
    demo.screenshot(path=str(screenshots / "book-01-c-slider-moved.png"))


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(offline_page, book_url, path):
    from axe_playwright_python.sync_playwright import Axe

    page = offline_page
    _open(page, f"{book_url}/{path}")
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], json.dumps([(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in bad], indent=1)


def test_page_and_demo_budgets():
    """A demo adds at most 1 MB to its page; a chapter's own page (HTML and images) stays under 3 MB."""
    for path in DEMO_PAGES:
        text = (HTML / path).read_text(encoding="utf-8")
        for payload in re.findall(r'<script type="application/json" class="nblib-demo-data">(.*?)</script>', text, re.S):
            assert len(payload.encode()) <= 1_000_000, f"{path}: a demo carries {len(payload.encode())} bytes"
    for path in PAGES:
        text = (HTML / path).read_text(encoding="utf-8")
        images = set(re.findall(r'src="\.\./(_images/[^"]+)"', text))
        size = len(text.encode()) + sum((HTML / img).stat().st_size for img in images)
        assert size < 3_000_000, f"{path} weighs {size / 1e6:.2f} MB with its images"


def test_chapter_pages_offer_their_notebook_for_download():
    for path in PAGES:
        source = HTML / "_sources" / path.replace(".html", ".ipynb")
        if source.exists():
            text = (HTML / path).read_text(encoding="utf-8")
            assert f'href="../_sources/{path.replace(".html", ".ipynb")}"' in text, f"{path} has no notebook download"
