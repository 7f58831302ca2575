"""The built book on a phone, on a desktop and on paper (after ``make book``; marker ``browser``).

A phone is 390×844 CSS px, touch, device scale 3; a desktop 1280 px wide. On both, for every page
(the desktop in test_book_html's one visit of each page, with :data:`WIDE`):
no page wider than the screen; no display equation cut without a visible way to scroll it (it
fits, set smaller if need be, or it scrolls with the cue of ``nblib-book.css`` and its number on
a line of its own); no code block, table or figure wider than its column without that cue; on the
phone, the text of every SVG figure at least 9 CSS px tall (``bookext.figures``), every
slider a touch target at least 24 px tall, and the demos fitting the phone turned from 360 px
wide to 390 px (:func:`check_demos_fit`; the desktop page widened to a projector in
test_book_html). The sidebar's
drawer opens by a tap and closes (``bookext.compat``, workaround 6), and ☰ folds the sidebar away
on a desktop. Chapter 1 and the answer key, printed to PDF, keep every code line whole (poppler's
``pdftotext`` against the code cells). The front page links every part and chapter, the guide,
the answer key, the decks and the notebooks.

Screenshots go to ``_build/screenshots/web/``: each checked page on the phone, and page 4 of the
printed chapter 1.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from bookext.figures import MIN_TEXT_PX, smallest_text
from conftest import HTML, ROOT, open_page, resize

pytestmark = pytest.mark.browser

PAGES = sorted(p.relative_to(HTML).as_posix() for p in HTML.glob("book/*.html")) if HTML.exists() else []
DEMO_PAGES = [p for p in PAGES if "data-nblib-demo" in (HTML / p).read_text(encoding="utf-8")]
PHONE = dict(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True)
DESKTOP = dict(viewport={"width": 1280, "height": 800})
SHOTS = {"book/intro.html", "book/01_predictor.html", "book/15_momentum_adam.html", "book/api.html"}


@pytest.fixture(scope="module")
def web_shots(screenshots):
    folder = screenshots / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(page, url):
    open_page(page, url)
    laid_out(page)


def laid_out(page):
    """Wait for nblib-book.js to lay wide content out again after MathJax (two frames)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.evaluate("() => window.nblibLayout && window.nblibLayout()")


#: What is wider than its room on the page, and has no visible way to scroll (nblib-book.css's cue).
WIDE = """() => {
    const bad = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) bad.push(`page ${doc.scrollWidth} px on a ${doc.clientWidth} px screen`);
    const cue = el => el.classList.contains('nblib-scroll') && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const shown = el => el.getClientRects().length > 0 && !el.closest('.toggle-hidden, details:not([open]), dialog:not([open])');
    for (const div of document.querySelectorAll('div.math')) {
        const container = div.querySelector('mjx-container'), math = div.querySelector('mjx-container mjx-math');
        if (!math || !shown(div)) continue;
        const box = container.getBoundingClientRect(), m = math.getBoundingClientRect();
        const number = div.querySelector('.eqno');
        const fits = m.right <= box.right + 1 && m.left >= box.left - 1 && box.right <= div.getBoundingClientRect().right + 1;
        if (!fits && !cue(container)) bad.push(`equation cut: ${div.textContent.trim().slice(0, 50)}`);
        if (number && number.getBoundingClientRect().width > 0) {
            const n = number.getBoundingClientRect();
            const overlap = n.left < m.right - 1 && n.right > m.left + 1 && n.top < m.bottom - 1 && n.bottom > m.top + 1;
            if (overlap) bad.push(`equation number over its equation: ${number.textContent.trim()}`);
        }
    }
    const blocks = 'div.highlight > pre, .pst-scrollable-table-container, .table-wrapper, table.table, figure, .cell_output .output, dl.py > dt.sig';
    for (const el of document.querySelectorAll(blocks)) {
        if (!shown(el) || el.closest('.nblib-scroll') !== el && el.closest('.nblib-scroll')) continue;
        if (el.scrollWidth > el.clientWidth + 1 && !cue(el)) bad.push(`${el.tagName}.${el.className.split(' ')[0]} cut: ${el.textContent.trim().slice(0, 40)}`);
    }
    return bad;
}"""

FIGURES = """() => [...document.querySelectorAll('.bd-article img')].filter(i => i.src.endsWith('.svg') && i.getClientRects().length)
    .map(i => [new URL(i.src).pathname, i.getBoundingClientRect().width])"""


LAYOUT = """root => {
    const box = el => el.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const bad = [];
    const fig = root.querySelector('svg.nblib-demo-figure');
    if (box(fig).right > width + 0.5 || box(fig).left < -0.5) bad.push('figure wider than the screen');
    if (box(fig).width > box(root).width + 0.5) bad.push('figure wider than its column');
    if (Math.abs(box(fig).height / box(fig).width - fig.viewBox.baseVal.height / fig.viewBox.baseVal.width) > 0.01)
        bad.push('figure distorted');
    for (const el of root.querySelectorAll('label, input, select, output, .nblib-demo-readout')) {
        const b = box(el);
        if (b.right > width + 0.5 || b.left < -0.5) bad.push(`${el.tagName} ${el.textContent} leaves the screen`);
        if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'INPUT' && el.tagName !== 'SELECT')
            bad.push(`${el.tagName} "${el.textContent}" is clipped`);
    }
    for (const out of root.querySelectorAll('output')) {
        const range = document.createRange(); range.selectNodeContents(out);
        if (range.getBoundingClientRect().right > box(out).right + 0.5) bad.push(`value "${out.textContent}" is clipped`);
    }
    return bad;
}"""


def check_demos_fit(page, path, screen, sizes, screenshots):
    """At each of ``sizes`` (the page's viewport resized in turn), with every slider at its longest
    value, the demos' rows, labels, values and readouts fit the screen, and each figure scales
    with its column, undistorted."""
    demos = page.locator("[data-nblib-demo]")
    for i in range(demos.count()):
        demo = demos.nth(i)
        page.wait_for_function("d => d.dataset.ready === '1'", arg=demo.element_handle())
        labels = json.loads(demo.locator("script.nblib-demo-data").text_content())["labels"]
        for slider in demo.locator("input[type=range]").all():  # show each slider's longest label
            axis = int(slider.get_attribute("data-axis"))
            longest = max(range(len(labels[axis])), key=lambda j: len(labels[axis][j]))
            slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", str(longest))
    name = path.split("/")[-1].replace(".html", "")
    for width, height in sizes:
        resize(page, width, height)
        for i in range(demos.count()):
            assert demos.nth(i).evaluate(LAYOUT) == [], f"demo {i} of {path} on a {width} px {screen}"
        demos.first.scroll_into_view_if_needed()
        demos.first.screenshot(path=str(screenshots / f"{screen}-{width}-{name}.png"))


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_phone(browser, book_url, path, web_shots, screenshots):
    """One visit per page on a phone: nothing wider than the screen, nothing cut without a visible
    way to scroll, figure text at least MIN_TEXT_PX CSS px tall and sliders 24 px tall (on a
    desktop: test_book_html's visit of the page, with WIDE); then, on a page with demos, the demos
    fit the phone held upright 360 px wide, the narrowest common one, and 390 px
    (check_demos_fit)."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        _open(page, f"{book_url}/{path}")
        assert page.evaluate(WIDE) == [], f"{path} on a phone"
        small = []
        for src, width in page.evaluate(FIGURES):
            found = smallest_text((HTML / src.lstrip("/")).read_text(encoding="utf-8"))
            if found is not None:
                width_pt, text_pt = found
                px = text_pt * width / width_pt  # CSS px: the figure is width_pt * 4/3 px at scale 1
                if px < MIN_TEXT_PX - 0.05:
                    small.append(f"{src.split('/')[-1][:12]}: {px:.1f} px")
        assert small == [], f"{path}: figure text below {MIN_TEXT_PX} px on a phone: {small}"
        low = page.evaluate("""() => [...document.querySelectorAll('.nblib-demo input[type=range]')]
            .map(r => r.getBoundingClientRect().height).filter(h => h < 24)""")
        assert low == [], f"{path}: sliders less than 24 px tall (WCAG 2.5.8): {low}"
        if path in SHOTS:
            stem = Path(path).stem
            page.screenshot(path=str(web_shots / f"phone-{stem}.png"))
            for part, selector in [("equation", ".nblib-eq-wide, mjx-container.nblib-scroll"), ("demo", ".nblib-demo"),
                                   ("figure", "figure.nblib-scroll, figure"), ("signature", "dl.py > dt.sig")]:
                found = page.locator(selector)
                if found.count():
                    found.first.scroll_into_view_if_needed()
                    page.evaluate("() => window.scrollBy(0, -120)")  # below the header bar
                    page.screenshot(path=str(web_shots / f"phone-{stem}-{part}.png"))
        if path in DEMO_PAGES:
            check_demos_fit(page, path, "phone", [(360, 740), (390, 844)], screenshots)
    finally:
        context.close()


def test_the_drawer_opens_by_a_tap_and_closes(browser, book_url, web_shots):
    """On a phone, ☰ opens the table of contents as a drawer (the theme's dialog, its links
    visible), no tooltip stays up after the tap, and Escape or a tap beside the drawer closes it;
    the page-contents button opens its drawer too."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        _open(page, f"{book_url}/book/01_predictor.html")
        dialog = page.locator("#pst-primary-sidebar-modal")
        toggle = page.locator(".bd-header-article .primary-toggle")
        assert toggle.is_visible()
        toggle.tap()
        page.wait_for_function("() => document.querySelector('#pst-primary-sidebar-modal').open")
        link = dialog.locator("a.reference", has_text="Gradient descent").first
        assert link.is_visible()
        page.wait_for_timeout(300)  # a tooltip would show by now
        assert page.locator(".tooltip:visible").count() == 0
        page.screenshot(path=str(web_shots / "phone-drawer.png"))
        page.mouse.click(380, 420)  # beside the drawer, on its backdrop
        page.wait_for_function("() => !document.querySelector('#pst-primary-sidebar-modal').open")
        toggle.tap()
        page.wait_for_function("() => document.querySelector('#pst-primary-sidebar-modal').open")
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.querySelector('#pst-primary-sidebar-modal').open")
        page.locator(".bd-header-article .secondary-toggle").tap()
        page.wait_for_function("() => document.querySelector('#pst-secondary-sidebar-modal').open")
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.querySelector('#pst-secondary-sidebar-modal').open")
    finally:
        context.close()


def test_the_menu_button_folds_the_sidebar_on_a_desktop(browser, book_url):
    """On a desktop, ☰ folds the sidebar away (room for a projected page) and brings it back; one
    search box shows, not two."""
    context = browser.new_context(**DESKTOP)
    try:
        page = context.new_page()
        _open(page, f"{book_url}/book/01_predictor.html")
        sidebar = page.locator("#pst-primary-sidebar")
        article = page.locator(".bd-article")
        assert sidebar.is_visible()
        width = article.bounding_box()["width"]
        assert page.locator(".search-button-field:visible").count() == 1
        page.locator(".bd-header-article .primary-toggle").click()
        page.wait_for_function("() => getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility === 'hidden'")
        page.wait_for_timeout(400)  # the theme's transition
        assert not page.evaluate("() => document.querySelector('#pst-primary-sidebar-modal').open")
        assert article.bounding_box()["width"] >= width
        page.locator(".bd-header-article .primary-toggle").click()
        page.wait_for_function("() => getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility === 'visible'")
    finally:
        context.close()


def test_front_page_links_every_part(browser, book_url):
    """The front page links every chapter of every part, the guide, the answer key, the notation,
    a deck and the notebooks; its picture is drawn."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        _open(page, f"{book_url}/book/intro.html")
        hrefs = set(page.evaluate("() => [...document.querySelectorAll('.bd-article a')].map(a => a.getAttribute('href'))"))
        for part in toc["parts"]:
            for chapter in part["chapters"]:
                name = Path(chapter["file"]).name + ".html"
                assert name in hrefs, f"the front page does not link {name} ({part['caption']})"
        assert {"../notebooks.zip", "../slides/01_predictor.html"} <= hrefs
        assert (HTML / "slides" / "01_predictor.html").exists() and (HTML / "notebooks.zip").exists()
        drawn = page.evaluate("() => [...document.querySelectorAll('figure.nblib-cover img')].map(i => i.complete && i.naturalWidth)")
        assert drawn and all(drawn), drawn
        assert "notation" in page.locator(".bd-article").inner_text().lower()
        assert page.locator(".bd-article table").count() == 0  # the notation table lives on its page
    finally:
        context.close()


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("path", ["book/01_predictor.html", "book/answer_key.html"])
def test_printed_code_lines_are_whole(browser, book_url, path, web_shots, tmp_path):
    """Printed to A4, every line of every code cell that prints is in the PDF's text, whole (a long
    line wraps, it is never cut at the margin); captions print dark, at normal weight."""
    context = browser.new_context(**DESKTOP)
    try:
        page = context.new_page()
        _open(page, f"{book_url}/{path}")
        page.emulate_media(media="print")
        lines = page.evaluate("""() => [...document.querySelectorAll('div.highlight pre')]
            .filter(p => p.getClientRects().length && getComputedStyle(p).visibility !== 'hidden')
            .flatMap(p => p.innerText.split('\\n'))""")
        captions = page.evaluate("""() => [...document.querySelectorAll('figcaption, figcaption *')]
            .filter(e => e.getClientRects().length).map(e => [getComputedStyle(e).color, getComputedStyle(e).fontWeight])""")
        pdf = page.pdf(format="A4")
    finally:
        context.close()
    text = re.sub(r"\s+", "", _pdf_text(pdf, tmp_path))
    code = [line for line in lines if line.strip()]
    assert code, f"{path}: no code line prints"
    cut = [line for line in code if re.sub(r"\s+", "", line) not in text]
    assert cut == [], f"{path}: code lines not whole on paper: {cut[:5]}"
    for color, weight in captions:
        rgb = [int(v) for v in re.findall(r"\d+", color)[:3]]
        assert max(rgb) <= 80 and int(weight) >= 400, f"{path}: a caption prints {color} at weight {weight}"
    if path == "book/01_predictor.html":
        source = tmp_path / "chapter.pdf"
        source.write_bytes(pdf)
        target = web_shots / "print-01_predictor-page4"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "4", "-l", "4", "-singlefile", str(source), str(target)],
                       check=True)
        assert target.with_suffix(".png").stat().st_size > 10_000


def test_search_ranks_chapters_first_with_clean_snippets(browser, book_url):
    """Searching "softmax": chapter 10 comes before every entry of the API page; no snippet starts
    with the header's download menu or shows raw TeX (bookext/search_scorer.js)."""
    context = browser.new_context(**DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{book_url}/search.html?q=softmax", wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('#search-results ul.search li').length > 3")
        page.wait_for_function("""() => [...document.querySelectorAll('#search-results ul.search li')]
            .filter(li => li.querySelector('p.context')).length >= 3""")
        page.wait_for_timeout(1500)  # the snippets of the other results
        results = page.evaluate("""() => [...document.querySelectorAll('#search-results ul.search li')].map(li => [
            li.querySelector('a').getAttribute('href'), (li.querySelector('p.context') || {}).textContent || ''])""")
    finally:
        context.close()
    pages = [href.split("#")[0] for href, _ in results]
    chapter = next(i for i, p in enumerate(pages) if p.endswith("10_softmax.html"))
    api = [i for i, p in enumerate(pages) if p.endswith("api.html")]
    assert api and chapter < min(api), pages
    snippets = [text for _, text in results if text]
    assert snippets
    for text in snippets:
        assert not re.match(r"\W*(Download|\.ipynb|\.pdf)", text), text[:80]
        assert "\\(" not in text and "\\hat" not in text, text[:120]
