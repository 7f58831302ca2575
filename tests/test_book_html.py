"""The built book in headless Chromium with the network cut off: math, sliders, accessibility.

Run after ``make book`` (``make test`` does). Screenshots are saved to ``_build/screenshots``.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import HTML, ROOT, assert_served, axe, open_page, serious
from test_questions_html import QUESTION_PAGES, check_questions
from test_screens import DEMO_PAGES, PAGES, WIDE, check_demos_fit, laid_out

pytestmark = pytest.mark.browser


def test_the_book_has_its_pages():
    assert "book/01_predictor.html" in PAGES
    assert "book/01_predictor.html" in DEMO_PAGES


def _check_complete(page):
    """Every request was served from the book, every equation typeset, every image drawn."""
    assert_served(page)
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


def _check_accessible(page):
    """axe-core finds no serious or critical violation (AXE_RUN)."""
    assert serious(axe(page)) == []


def _check_sliders_move(page, path):
    """Every slider has a visible label and moves by keyboard (End, Home), its value shown beside
    it; moving a demo's sliders changes its figure or its readout."""
    demos = page.locator("[data-nblib-demo]")
    assert demos.count() > 0
    for i in range(demos.count()):
        demo = demos.nth(i)
        demo.scroll_into_view_if_needed()
        page.wait_for_function("d => d.dataset.ready === '1'", arg=demo.element_handle())
        figure = demo.locator("svg.nblib-demo-figure")
        readout = demo.locator(".nblib-demo-readout")
        assert figure.get_attribute("role") == "img" and figure.get_attribute("aria-label"), "every frame has alt text"
        assert readout.inner_text().strip(), "the default frame has a readout before anything moves"
        before = (figure.inner_html(), readout.inner_text())
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
        after = (figure.inner_html(), readout.inner_text())
        assert after != before, f"demo {i} of {path}: moving its sliders changed neither the figure nor the readout"


#: A projector: the desktop page of test_page_works_offline, widened (a phone: test_screens).
PROJECTOR = [(1920, 1080)]


@pytest.mark.parametrize("path", PAGES)
def test_page_works_offline(offline_page, book_url, path, screenshots):
    """One visit per page, on a desktop screen with the network cut off: every request served,
    every equation typeset, every image drawn, nothing wider than its room without a way to
    scroll (test_screens.WIDE), every question answered by keyboard (test_questions_html), and
    no serious or critical accessibility violation, questions answered; on a page with demos,
    every slider moves by keyboard, and widened to a projector the demos fit."""
    page = offline_page
    open_page(page, f"{book_url}/{path}")
    _check_complete(page)
    laid_out(page)
    assert page.evaluate(WIDE) == [], f"{path} on a desktop"
    if path in QUESTION_PAGES:
        check_questions(page, path, screenshots)
    _check_accessible(page)
    if path in DEMO_PAGES:
        _check_sliders_move(page, path)
        page.locator("[data-nblib-demo]").first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / f"book-{path.split('/')[-1].replace('.html', '')}.png"))
        check_demos_fit(page, path, "projector", PROJECTOR, screenshots)


def test_code_colours_have_contrast(offline_page, book_url):
    """Every syntax-highlighting colour of the book's code cells, one span per token class of its
    stylesheet, on the code background, passes axe-core's colour-contrast rule."""
    page = offline_page
    open_page(page, f"{book_url}/book/01_predictor.html")
    classes = page.evaluate(
        r"""() => {
            const found = new Set();
            for (const sheet of document.styleSheets) {
                let rules = [];
                try { rules = sheet.cssRules; } catch (e) { continue; }
                for (const rule of rules)
                    for (const m of (rule.selectorText || '').matchAll(/\.highlight \.([\w-]+)/g)) found.add(m[1]);
            }
            const pre = document.createElement('pre');
            for (const c of found) {
                const span = document.createElement('span');
                span.className = c; span.textContent = `token_${c} `;
                pre.append(span);
            }
            const block = document.createElement('div');
            block.className = 'highlight'; block.id = 'every-token';
            block.append(pre);
            document.querySelector('.highlight').parentElement.append(block);
            return [...found];
        }"""
    )
    assert len(classes) > 20, f"the token classes of the code stylesheet: {classes}"
    results = axe(page, """() => axe.run('#every-token', {runOnly: {type: 'rule', values: ['color-contrast']}})""")
    assert serious(results["violations"]) == []
    judged = sum(len(r["nodes"]) for r in results["passes"] + results["violations"])
    assert judged == len(classes), f"axe judged {judged} of the {len(classes)} token spans: {results['incomplete']}"


def test_chapter_one_c_slider_by_arrow_keys(offline_page, book_url, screenshots):
    page = offline_page
    open_page(page, f"{book_url}/book/01_predictor.html")
    demo = page.locator("[data-nblib-demo]").first
    page.wait_for_function("d => d.dataset.ready === '1'", arg=demo.element_handle())
    slider = demo.locator("input[type=range]").first
    figure, readout = demo.locator("svg.nblib-demo-figure"), demo.locator(".nblib-demo-readout")
    assert "c = 0.50" in readout.inner_text()
    svg0, alt0 = figure.inner_html(), figure.get_attribute("aria-label")
    slider.focus()
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    assert readout.inner_text() == "c = 0.62: output 62.000 miles, error E = +0.137 miles"
    assert figure.inner_html() != svg0
    assert figure.get_attribute("aria-label") != alt0 and "0.62" in figure.get_attribute("aria-label")
    demo.scroll_into_view_if_needed()
    demo.screenshot(path=str(screenshots / "book-01-c-slider-moved.png"))


def test_page_and_demo_budgets():
    """A demo takes at most 300 kB of its page; a page (HTML and its images) stays under 2 MB."""
    assert DEMO_PAGES
    for path in DEMO_PAGES:
        text = (HTML / path).read_text(encoding="utf-8")
        demos = re.findall(r'<div class="nblib-demo[^"]*" id="[^"]+" data-nblib-demo="1".*?</script></div>', text, re.S)
        assert len(demos) == text.count("data-nblib-demo=")
        for fragment in demos:
            assert len(fragment.encode()) <= 300_000, f"{path}: a demo carries {len(fragment.encode())} bytes"
    for path in PAGES:
        text = (HTML / path).read_text(encoding="utf-8")
        images = set(re.findall(r'src="\.\./(_images/[^"]+)"', text))
        size = len(text.encode()) + sum((HTML / img).stat().st_size for img in images)
        assert size < 2_000_000, f"{path} weighs {size / 1e6:.2f} MB with its images"


def test_notebook_pages_offer_their_reader_notebook_for_download():
    """The download button of a notebook page gives its reader notebook (bookext/reader_notebooks.py),
    not the MyST source; every page offers the bundle of all of them."""
    offered = 0
    for path in PAGES:
        text = (HTML / path).read_text(encoding="utf-8")
        assert 'href="../notebooks.zip"' in text, f"{path} does not offer the notebooks' bundle"
        if (HTML / "_sources" / path.replace(".html", ".ipynb")).exists():
            reader = "notebooks/" + path.split("/")[-1].replace(".html", ".ipynb")
            assert f'href="../{reader}"' in text and (HTML / reader).exists(), f"{path} has no reader notebook download"
            assert 'href="../_sources/' + path.replace(".html", ".ipynb") not in text, f"{path} offers its MyST source"
            offered += 1
    assert offered == len(list(HTML.glob("_sources/book/*.ipynb"))) > 0
    assert (HTML / "notebooks.zip").exists()


# -- fidelity: the static frames are what matplotlib draws -----------------------------------------
from nblib.sliders import static_html  # noqa: E402
from catalogue import demo_notebooks, notebook_demos  # noqa: E402
from nblib.sliders.static_html import STATIC  # noqa: E402

#: Tolerance of the comparison of Chromium's drawing of a static frame with matplotlib's raster of
#: the same frame, both at the same device pixel ratio: after a box blur of one CSS pixel (which
#: forgives anti-aliasing and glyph hinting, not misplaced or missing marks), at most 1.5 % of the
#: pixels differ by more than a quarter of the grey scale, and the mean difference is below 2 %.
FIDELITY_SHARE, FIDELITY_LEVEL, FIDELITY_MEAN = 0.015, 0.25, 0.02
SAMPLES = 4  # settings per demo, spread over its grid (first, last, and between)


def _raster(demo, values, dpr):
    """Matplotlib's Agg raster of the live frame for ``values`` at ``dpr`` times its size: the
    background drawn without the keyed artists, then this frame's artists blitted on it, exactly
    as the live demo does (at ratio 1 it is the live frame itself)."""
    fig, view = demo.fig, demo.view
    if dpr == 1:
        return np.asarray(Image.open(io.BytesIO(demo.render(**values).png)).convert("L"), float) / 255
    demo.draw_frame(values)
    keyed = view.keyed_artists()
    shown = [a.get_visible() for a in keyed]
    fig.set_dpi(100 * dpr)
    try:
        for a in keyed:
            a.set_visible(False)
        fig.canvas.draw()
        for a, v in zip(keyed, shown):
            a.set_visible(v)
        for a in view.frame_artists():
            fig.draw_artist(a)
        return np.asarray(fig.canvas.buffer_rgba())[..., :3].mean(-1) / 255
    finally:
        fig.set_dpi(100)
        fig.canvas.draw()
        view._background = fig.canvas.copy_from_bbox(fig.bbox)


def _blur(a, r):
    k = 2 * r + 1
    c = np.pad(np.cumsum(np.cumsum(np.pad(a, r, mode="edge"), 0), 1), ((1, 0), (1, 0)))
    return (c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]) / k**2


def test_the_fidelity_check_can_fail():
    """The comparison tells a frame from its neighbour: a demo whose static frame were one grid
    step off would fail."""
    a = np.ones((60, 80))
    b = a.copy()
    a[20:40, 10:12] = 0  # a 2-pixel line ...
    b[20:40, 16:18] = 0  # ... drawn 6 pixels to the right
    diff = np.abs(_blur(a, 1) - _blur(b, 1))
    assert np.mean(diff > FIDELITY_LEVEL) > 0.015 or diff.mean() > FIDELITY_MEAN


def _fragments(path):
    """The static demo fragments of the built page ``path``, in page order."""
    text = (HTML / path).read_text(encoding="utf-8")
    found = re.findall(r'<div class="nblib-demo[^"]*" id="[^"]+" data-nblib-demo="1".*?</script></div>', text, re.S)
    assert len(found) == text.count("data-nblib-demo="), f"{path}: a demo fragment the pattern misses"
    return found


def _demo_page(fragment, folder, name):
    """A page that holds only ``fragment`` (a demo of the built book) at its figure's own width,
    with the demo's stylesheet and driver: the demo drawn without the rest of the book (its
    theme, scripts and MathJax, which cost a second of CPU per load). Returns the page's URL
    and the figure's width and height in CSS pixels."""
    width, height = (int(v) for v in re.search(r'<svg class="nblib-demo-figure"[^>]* width="(\d+)" height="(\d+)"', fragment).groups())
    page_file = folder / f"{name}.html"
    page_file.write_text(
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{name}</title>"
        f"<link rel='stylesheet' href='{(STATIC / 'nblib-demo.css').as_uri()}'><style>body{{margin:0}}</style></head>"
        f"<body><div style='width:{width}px'>{fragment}</div>"
        f"<script src='{(STATIC / 'nblib-demo.js').as_uri()}'></script></body></html>", encoding="utf-8")
    return page_file.as_uri(), width, height


def _soft(gray):
    """The share of a greyscale image's pixels that are neither paper nor ink: its blur."""
    return float(np.mean((gray > 0.1) & (gray < 0.9)))


@pytest.mark.parametrize("notebook", [p.name for p in demo_notebooks(ROOT / "book")])
def test_static_frames_match_matplotlib_and_stay_sharp(browser, book_url, notebook, tmp_path):
    """Faithful: for sampled settings of every demo, Chromium's drawing of the static frame that
    the built book shows matches matplotlib's raster of the same frame, drawn by the demo rebuilt
    from the notebook's code, within the stated tolerance, at pixel ratios 1 and 2.

    Sharp at any zoom: the figure is inline SVG (no raster image inside a demo), and its first
    sampled frame, drawn at pixel ratios 1, 2 and 3, has detail at the device's resolution (its
    edges are no blurrier at 3x than at 1x, measured by :func:`_soft`)."""
    demos = notebook_demos(ROOT / "book" / notebook)
    fragments = _fragments(f"book/{notebook.replace('.ipynb', '.html')}")
    assert demos and len(fragments) == len(demos), f"{len(demos)} demos in {notebook}, {len(fragments)} on its page"
    worst = []
    for n, (demo, fragment) in enumerate(zip(demos, fragments)):
        names, grids = static_html.static_grid(demo)
        data = json.loads(re.search(r'class="nblib-demo-data">(.*?)</script>', fragment, re.S)[1])
        assert data["values"] == json.loads(static_html._json(grids)), f"{demo.name}: the page shows another grid"
        url, width, height = _demo_page(fragment, tmp_path, f"demo{n}")
        combos = list(itertools.product(*grids))
        samples = [combos[i] for i in np.linspace(0, len(combos) - 1, SAMPLES).round().astype(int)]
        soft = {}
        for dpr in (1, 2, 3):
            context = browser.new_context(viewport={"width": width + 40, "height": height + 300}, device_scale_factor=dpr)
            page = context.new_page()
            try:
                page.goto(url)
                page.wait_for_selector("[data-nblib-demo][data-ready='1']")
                assert page.evaluate("() => document.querySelectorAll('[data-nblib-demo] img, [data-nblib-demo] image').length") == 0
                for combo in samples[:1] if dpr == 3 else samples:  # at 3x, the sharpness only
                    k = int(np.ravel_multi_index([g.index(v) for g, v in zip(grids, combo)], [len(g) for g in grids]))
                    page.evaluate("k => document.querySelector('[data-nblib-demo]').nblibShow(k)", k)
                    shot = page.locator("svg.nblib-demo-figure").screenshot()
                    static = np.asarray(Image.open(io.BytesIO(shot)).convert("L"), float) / 255
                    if combo == samples[0]:
                        assert static.shape[1] >= dpr * width - 1, f"{demo.name}: not drawn at the device's resolution"
                        soft[dpr] = _soft(static)
                    if dpr == 3:
                        continue
                    live = _raster(demo, dict(zip(names, combo)), dpr)
                    assert static.shape == live.shape, f"{demo.name}: drawn {static.shape}, matplotlib {live.shape}"
                    diff = np.abs(_blur(static, dpr) - _blur(live, dpr))
                    share, mean = float(np.mean(diff > FIDELITY_LEVEL)), float(np.abs(static - live).mean())
                    worst.append((share, mean, demo.name, dpr, combo))
                    assert share <= FIDELITY_SHARE and mean <= FIDELITY_MEAN, (
                        f"{demo.name} at {dict(zip(names, combo))}, pixel ratio {dpr}: {share:.2%} of the pixels "
                        f"differ by more than {FIDELITY_LEVEL}, mean difference {mean:.3f}")
            finally:
                context.close()
        assert soft[3] < soft[1] and soft[2] < soft[1], f"{demo.name}: edges as soft at 3x as at 1x: {soft}"
    print(f"{notebook}: worst share {max(worst)[0]:.4f}, worst mean {max(w[1] for w in worst):.4f}")
