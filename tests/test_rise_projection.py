"""Two chapters' live decks (RISE on the reader notebooks) as a teacher projects them (issue 28).

The same checks as ``tests/test_decks_projection.py`` on the static decks: walked with Space from
the title at 1280x720, every slide is visited in order and the demo slides are reached; on each
slide nothing overflows the screen, body text renders at least 24 px and code at least 18 px,
the prose stays within MAX_WORDS words, no solution shows, and the slide starts with its heading
(or a figure, code or an equation). A screenshot of every slide and a contact sheet per deck go to
``_build/screenshots/decks/rise-<chapter>/``. At 1920x1080 no slide overflows either.
"""

from __future__ import annotations

import json

import pytest

from conftest import HTML
from labserver import jupyter_lab
from test_decks_projection import BODY_PX, CODE_PX, MAX_WORDS, _contact_sheet

pytestmark = pytest.mark.browser
CHAPTERS = ["01_predictor", "06_gradient_descent"]
PRESENT = ".reveal .slides section.present:not(.stack)"

MEASURE = """(section) => {
    const out = {overflow: section.scrollHeight > window.innerHeight + 1, height: section.scrollHeight,
                 body: 1e9, code: 1e9, small: [], words: 0,
                 solution: /Solution to/.test(section.innerText), tryit: /try it/i.test(section.innerText) ? 1 : 0, demos: section.querySelectorAll('[data-nblib-demo]').length};
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const t = walker.currentNode, el = t.parentElement;
        if (!t.textContent.trim() || el.closest('aside.notes, mjx-container, script, style, svg, .jp-InputPrompt, .jp-OutputPrompt')) continue;
        const cs = getComputedStyle(el);
        if (cs.display === 'none' || cs.visibility === 'hidden' || el.getBoundingClientRect().height === 0 || (el.checkVisibility && !el.checkVisibility())) continue;
        const size = parseFloat(cs.fontSize);
        if (el.closest('pre, code, .CodeMirror, .cm-editor, .jp-InputPlaceholder')) { out.code = Math.min(out.code, size); }
        else { out.body = Math.min(out.body, size);
               if (size < %(body)s) out.small.push(t.textContent.trim().slice(0, 40) + ' ' + size); }
        if (!el.closest('h1, h2, h3, pre, code, table, .nblib-demo, .cm-editor, .jp-InputArea'))
            out.words += t.textContent.split(/\\s+/).filter(w => /\\w/.test(w)).length;
    }
    const first = [...section.querySelectorAll('h1, h2, h3, p, li, img, svg, pre, table, mjx-container, .nblib-demo')]
        .find(n => !n.closest('aside.notes') && n.getBoundingClientRect().height > 0);
    out.start = first ? first.tagName.toLowerCase() + (first.closest('h1, h2, h3') ? ':heading' : '') : null;
    return out;
}""" % {"body": BODY_PX}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    notebooks = [HTML / "notebooks" / f"{stem}.ipynb" for stem in CHAPTERS]
    if not all(nb.exists() for nb in notebooks):
        pytest.fail("the reader notebooks are missing (run `make book` first)")
    with jupyter_lab(tmp_path_factory.mktemp("rise-projection"), [*notebooks, HTML / "notebooks" / "rise.css"]) as server:
        yield server


@pytest.mark.parametrize("stem", CHAPTERS)
def test_rise_deck_projects(lab, browser, stem, screenshots):
    base, token = lab
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/rise/{stem}.ipynb?token={token}")
    page.wait_for_selector(".reveal.ready")
    page.wait_for_selector(PRESENT)
    page.wait_for_timeout(1500)  # MathJax
    folder = screenshots / "decks" / f"rise-{stem}"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    leaves = "[...document.querySelectorAll('.reveal .slides section')].filter(s => !s.querySelector('section'))"
    total = page.evaluate(f"() => {leaves}.length")
    results, shots, seen = [], [], []
    for _ in range(3 * total):
        index = page.evaluate(f"() => {leaves}.indexOf(document.querySelector('{PRESENT}'))")
        if index not in seen:
            seen.append(index)
            m = page.evaluate(MEASURE, page.locator(PRESENT).element_handle())
            m["slide"] = len(seen)
            results.append(m)
            shot = folder / f"{len(seen):02d}.png"
            page.screenshot(path=str(shot))
            shots.append(shot)
        if page.evaluate(f"() => {{ const l = {leaves}; return l.indexOf(document.querySelector('{PRESENT}')) === l.length - 1"
                         f" && !document.querySelector('{PRESENT} .fragment:not(.visible)'); }}"):
            break
        page.keyboard.press("Space")
        page.wait_for_timeout(200)
    _contact_sheet(shots, screenshots / "decks" / f"rise-{stem}.png")
    page.set_viewport_size({"width": 1920, "height": 1080})
    big = []
    for h in range(len(seen)):  # back through the deck
        if page.evaluate(f"() => document.querySelector('{PRESENT}').scrollHeight > window.innerHeight + 1"):
            big.append(len(seen) - h)
        page.keyboard.press("Shift+Space")
        page.wait_for_timeout(150)
    context.close()
    summary = screenshots / "decks" / "summary-rise.json"
    data = json.loads(summary.read_text()) if summary.exists() else {}
    data[stem] = {"slides": len(seen), "max_words": max(m["words"] for m in results),
                  "min_body_px": min(m["body"] for m in results), "min_code_px": min(m["code"] for m in results),
                  "contact_sheet": f"_build/screenshots/decks/rise-{stem}.png",
                  "problems": {"overflow": [m["slide"] for m in results if m["overflow"]], "overflow_1080": big,
                               "small_text": [(m["slide"], m["small"][:2]) for m in results if m["small"]],
                               "words": [(m["slide"], m["words"]) for m in results if m["words"] > MAX_WORDS],
                               "code_px": [(m["slide"], m["code"]) for m in results if m["code"] < CODE_PX],
                               "solution": [m["slide"] for m in results if m["solution"]],
                               "starts_with_prose": [(m["slide"], m["start"]) for m in results if m["start"]
                                                     and m["start"].split(":")[0] in ("p", "li")
                                                     and not m["start"].endswith(":heading")]}}
    summary.write_text(json.dumps(data, indent=1, sort_keys=True))
    assert len(seen) >= total, f"Space visited {len(seen)} of {total} slides"
    assert sum(m["demos"] for m in results) + sum(m["tryit"] for m in results) >= 1, "the demo slides are reached"
    problems = data[stem]["problems"]
    assert not any(problems.values()), problems
