"""Two chapters' live decks (RISE on the reader notebooks) as a teacher projects them (issue 28).

The same checks as ``tests/test_decks_projection.py`` on the static decks, with the same
measurement (``deckmeasure.SLIDE``): walked with Space from the title at 1280x720, every slide is
visited in order and the demo slides are reached; on each slide nothing overflows the screen,
body text renders at least 24 px and code at least 18 px, the prose stays within MAX_WORDS words,
no solution shows, and the slide starts with its heading (a question's titled box too). A
screenshot of every slide and a contact sheet per deck go to
``_build/screenshots/decks/rise-<chapter>/``. At 1920x1080 no slide overflows either (every slide
laid out at once, in one evaluation).
"""

from __future__ import annotations

import json

import pytest

from conftest import HTML
from deckmeasure import SLIDE, contact_sheet, summary
from labserver import PRESENT, jupyter_lab, open_rise

pytestmark = pytest.mark.browser
CHAPTERS = ["01_predictor", "06_gradient_descent"]
LEAVES = "[...document.querySelectorAll('.reveal .slides section')].filter(s => !s.querySelector('section'))"
OPTIONS = {"scale": 1, "ignore": "aside.notes, mjx-container, script, style, svg, .jp-InputPrompt, .jp-OutputPrompt",
           "code": "pre, code, .CodeMirror, .cm-editor, .jp-InputPlaceholder",
           "notProse": "h1, h2, h3, pre, code, table, .nblib-demo, .cm-editor, .jp-InputArea",
           "starts": "h1, h2, h3, p, li, img, svg, pre, table, mjx-container, .nblib-demo",
           "chrome": ".jp-InputPlaceholder", "solution": None}  # a collapsed input is not content

#: The present slide: its place among the leaves, whether the deck is at its end, and its measures.
STATE = """(o) => {
    const leaves = """ + LEAVES + """, s = document.querySelector('""" + PRESENT + """');
    const m = (""" + SLIDE + """)(s, o);
    m.overflow = s.scrollHeight > window.innerHeight + 1;
    m.tryit = /try it/i.test(s.innerText) ? 1 : 0;
    return {index: leaves.indexOf(s), shown: s.querySelectorAll('.fragment.visible').length, m: m,
            end: leaves.indexOf(s) === leaves.length - 1 && !s.querySelector('.fragment:not(.visible)')};
}"""
#: Every slide laid out at once (a hidden one shown for the measurement): the overflowing ones.
OVERFLOWING = """() => """ + LEAVES + """.map((s, k) => {
    const display = s.style.display;
    s.style.display = 'block';
    const over = s.scrollHeight > window.innerHeight + 1;
    s.style.display = display;
    return over ? k + 1 : 0;
}).filter(k => k)"""


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
    page = open_rise(context, base, token, f"{stem}.ipynb")
    page.wait_for_timeout(1500)  # MathJax
    folder = screenshots / "decks" / f"rise-{stem}"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    total = page.evaluate(f"() => {LEAVES}.length")
    results, shots, seen = [], [], []
    for _ in range(3 * total):
        state = page.evaluate(STATE, OPTIONS)
        if state["index"] not in seen:
            seen.append(state["index"])
            state["m"]["slide"] = len(seen)
            results.append(state["m"])
            shots.append(folder / f"{len(seen):02d}.png")
            page.screenshot(path=str(shots[-1]))
        if state["end"]:
            break
        page.keyboard.press("Space")
        page.wait_for_function(  # the next slide or fragment
            f"([i, n]) => {{ const s = document.querySelector('{PRESENT}');"
            f" return s && ({LEAVES}.indexOf(s) !== i || s.querySelectorAll('.fragment.visible').length !== n); }}",
            arg=[state["index"], state["shown"]])
    contact_sheet(shots, screenshots / "decks" / f"rise-{stem}.png")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    big = page.evaluate(OVERFLOWING)
    context.close()
    for m in results:
        m["overflow_1080"] = False
    for k in big:
        if k - 1 in seen:
            results[seen.index(k - 1)]["overflow_1080"] = True
    summary_path = screenshots / "decks" / "summary-rise.json"
    data = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    data[stem] = summary(results, len(seen), f"_build/screenshots/decks/rise-{stem}.png")
    summary_path.write_text(json.dumps(data, indent=1, sort_keys=True))
    assert seen == list(range(total)), f"Space visited the slides {seen}, not all {total} in order"
    assert sum(m["demos"] for m in results) + sum(m["tryit"] for m in results) >= 1, "the demo slides are reached"
    problems = data[stem]["problems"]
    assert not any(problems.values()), problems
