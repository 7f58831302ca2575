"""Every static deck (``slides/NN_*.html``) as a teacher projects it (issue 28), in Chromium.

At 1280x720 the deck is walked with the right arrow from its first slide: every slide is
reached, in order, and every demo is on a slide. On each slide (measured by ``deckmeasure.SLIDE``
in the same evaluation that shows it for its screenshot) nothing overflows or is scaled below the deck's size, body text
renders at least BODY_PX and code at least CODE_PX pixels, the prose stays within MAX_WORDS
words, no exercise solution shows, and the slide starts with its heading (a question's titled box
too). Each slide is photographed to ``_build/screenshots/decks/<deck>/`` and a contact sheet per
deck is written beside them (``<deck>.png``). At 1920x1080 (deck.js: 1280x720 with no margin,
so the deck is scaled by exactly 1.5) no slide overflows either. The measurements go to
``_build/screenshots/decks/summary.json``.
"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, open_deck, resize
from deckmeasure import SLIDE, contact_sheet, summary

CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
SIZES = [(1280, 720), (1920, 1080)]
OPTIONS = {"ignore": "aside.notes, mjx-container, script, style, svg", "code": "pre, code",
           "notProse": "h1, h2, h3, pre, code, table, .nblib-demo, .nblib-question, .nblib-deck-chapter",
           "starts": "h1, h2, h3, p, li, img, svg, pre, table, mjx-container, .nblib-demo, .nblib-question, .math, dl",
           "chrome": ".nblib-deck-chapter", "solution": '.solution, [class*="solution"]'}

#: Slide ``h`` with all its fragments shown, measured where it is laid out.
SLIDE_AT = """([h, o]) => {
    Reveal.slide(h, 0, 99);
    const s = Reveal.getCurrentSlide(), m = (""" + SLIDE + """)(s, {...o, scale: Reveal.getScale()});
    m.overflow = s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1;
    m.zoom = parseFloat(getComputedStyle(s).zoom || '1');
    return m;
}"""
#: The right arrow, pressed once per slide and once per fragment (reveal.js's own key handler, as
#: a key press reaches it; tests/test_slides_html.py presses the real keys): the slides it shows.
WALK = """() => {
    const visited = [Reveal.getIndices().h], presses = Reveal.getTotalSlides() - 1
        + document.querySelectorAll('.reveal .slides .fragment').length;
    Reveal.on('slidechanged', e => visited.push(e.indexh));
    for (let k = 0; k < presses; k++)
        (document.activeElement || document.body).dispatchEvent(new KeyboardEvent('keydown',
            {key: 'ArrowRight', code: 'ArrowRight', keyCode: 39, which: 39, bubbles: true, cancelable: true}));
    return [visited, Reveal.isLastSlide() && !Reveal.availableFragments().next];
}"""
OVERFLOWING = """() => [...Array(Reveal.getTotalSlides()).keys()].filter(h => {
    Reveal.slide(h, 0, 99);
    const s = Reveal.getCurrentSlide();
    return s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1;
}).map(h => h + 1)"""


def _open(page, url):
    open_deck(page, url)
    # a fragment shown for a screenshot is shown at once, not half faded in
    page.add_style_tag(content=".reveal .slides .fragment { transition: none !important; }")
    page.evaluate("() => Reveal.layout()")


@pytest.mark.browser
@pytest.mark.parametrize("stem", CHAPTERS)
def test_deck_projects(offline_page, book_url, stem, screenshots):
    page = offline_page
    folder = screenshots / "decks" / stem
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    resize(page, *SIZES[0])
    _open(page, f"{book_url}/slides/{stem}.html")
    total, vertical, demos = page.evaluate(
        "() => [Reveal.getTotalSlides(), document.querySelectorAll('.reveal .slides > section > section').length,"
        " document.querySelectorAll('.reveal [data-nblib-demo]').length]")
    assert vertical == 0, "no vertical sub-slides"
    fixed = page.evaluate("() => [...document.body.querySelectorAll('*')].filter(n => getComputedStyle(n).position === 'fixed'"
                          " && !n.closest('.reveal .controls, .reveal .progress, .reveal .backgrounds, .reveal .slide-number')"
                          " && n.getBoundingClientRect().height > 0 && !n.classList.contains('reveal')).map(n => n.className)")
    assert fixed == [], f"fixed elements over the slides: {fixed}"
    order, done = page.evaluate(WALK)  # as a teacher walks it
    assert order == list(range(total)) and done, \
        f"the right arrow visits {order}, not every one of {total} slides in order"
    results, shots = [], []
    for h in range(total):
        results.append(page.evaluate(SLIDE_AT, [h, OPTIONS]))
        shots.append(folder / f"{h + 1:02d}.png")
        page.screenshot(path=str(shots[-1]))
    contact_sheet(shots, screenshots / "decks" / f"{stem}.png")
    assert sum(m["demos"] for m in results) == demos, "every demo is on a slide the arrow reaches"
    resize(page, *SIZES[1])
    scale, big = page.evaluate("() => Reveal.getScale()"), page.evaluate(OVERFLOWING)
    for k, m in enumerate(results):
        m["slide"], m["overflow_1080"] = k + 1, k + 1 in big
    data_path = screenshots / "decks" / "summary.json"
    data = json.loads(data_path.read_text()) if data_path.exists() else {}
    data[stem] = summary(results, total, f"_build/screenshots/decks/{stem}.png")
    data_path.write_text(json.dumps(data, indent=1, sort_keys=True))
    assert scale == pytest.approx(SIZES[1][0] / SIZES[0][0]), f"the deck is scaled to {scale} at 1920x1080, not 1.5"
    assert all(m["zoom"] >= 1 for m in results), "a slide is shrunk"
    problems = data[stem]["problems"]
    assert not any(problems.values()), problems
