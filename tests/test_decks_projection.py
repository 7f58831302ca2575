"""Every static deck (``slides/NN_*.html``) as a teacher projects it (issue 28), in Chromium.

At 1280x720 the deck is walked with the right arrow from its first slide: every slide and every
demo is reached, in order; on each slide nothing overflows or is scaled below the deck's size,
body text renders at least BODY_PX and code at least CODE_PX pixels, the prose stays within
MAX_WORDS words, no exercise solution shows, and the slide starts with its heading (or with a
figure, code, an equation, a demo or a question box: never with a paragraph of prose; a question
box's words are not prose). Each slide is photographed to
``_build/screenshots/decks/<deck>/`` and a contact sheet per deck is written beside them
(``<deck>.png``). At 1920x1080 every slide fits again, scaled up. The measurements go to
``_build/screenshots/decks/summary.json``.
"""

from __future__ import annotations

import json

import pytest

from conftest import HTML, ROOT, resize

CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
SIZES = [(1280, 720), (1920, 1080)]
BODY_PX, CODE_PX = 24, 18
MAX_WORDS = 60          # prose words on a slide (a slide-only cell holds at most 40)

MEASURE = """(section) => {
    const scale = Reveal.getScale();
    const out = {overflow: section.scrollHeight > section.clientHeight + 1 || section.scrollWidth > section.clientWidth + 1,
                 height: section.scrollHeight, body: 1e9, code: 1e9, small: [], words: 0, start: null,
                 solution: !!section.querySelector('.solution, [class*="solution"]') || /Solution to/.test(section.innerText)};
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const t = walker.currentNode, el = t.parentElement;
        if (!t.textContent.trim() || el.closest('aside.notes, mjx-container, script, style, svg')) continue;
        const cs = getComputedStyle(el);
        if (cs.display === 'none' || cs.visibility === 'hidden' || (el.checkVisibility && !el.checkVisibility())) continue;
        const size = parseFloat(cs.fontSize) * scale;
        if (el.closest('pre, code')) { out.code = Math.min(out.code, size); }
        else { out.body = Math.min(out.body, size);
               if (size < %(body)s) out.small.push(t.textContent.trim().slice(0, 40) + ' ' + size); }
        if (!el.closest('h1, h2, h3, pre, code, table, .nblib-demo, .nblib-question, .nblib-deck-chapter'))
            out.words += t.textContent.split(/\\s+/).filter(w => /\\w/.test(w)).length;
    }
    // the first thing shown: a heading, a figure, code, an equation, a demo or a question (its box is titled)
    const first = [...section.querySelectorAll('h1, h2, h3, p, li, img, svg, pre, table, mjx-container, .nblib-demo, .nblib-question, .math, dl')]
        .find(n => !n.closest('aside.notes') && n.getBoundingClientRect().height > 0 && !n.closest('.nblib-deck-chapter'));
    out.start = first ? first.tagName.toLowerCase() + (first.closest('h1, h2, h3') ? ':heading' : '') : null;
    out.demos = section.querySelectorAll('[data-nblib-demo]').length;
    out.zoom = parseFloat(getComputedStyle(section).zoom || '1');
    return out;
}""" % {"body": BODY_PX}


def _open(page, url):
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    if page.locator('script[src*="mathjax"]').count():
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
    page.evaluate("() => Reveal.layout()")


def _contact_sheet(shots, target, columns=4, width=320):
    from PIL import Image, ImageDraw

    thumbs = []
    for shot in shots:
        with Image.open(shot) as im:
            thumbs.append(im.convert("RGB").resize((width, width * im.height // im.width)))
    height = thumbs[0].height
    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (columns * (width + 8) + 8, rows * (height + 26) + 8), "#888")
    draw = ImageDraw.Draw(sheet)
    for k, thumb in enumerate(thumbs):
        x, y = 8 + (k % columns) * (width + 8), 8 + (k // columns) * (height + 26)
        sheet.paste(thumb, (x, y + 18))
        draw.text((x, y + 2), f"{k + 1}", fill="#fff")
    sheet.save(target)


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
    total = page.evaluate("() => Reveal.getTotalSlides()")
    assert page.evaluate("() => document.querySelectorAll('.reveal .slides > section > section').length") == 0, \
        "no vertical sub-slides"
    fixed = page.evaluate("() => [...document.body.querySelectorAll('*')].filter(n => getComputedStyle(n).position === 'fixed'"
                          " && !n.closest('.reveal .controls, .reveal .progress, .reveal .backgrounds, .reveal .slide-number')"
                          " && n.getBoundingClientRect().height > 0 && !n.classList.contains('reveal')).map(n => n.className)")
    assert fixed == [], f"fixed elements over the slides: {fixed}"
    # walk it with the right arrow, as a teacher does
    page.locator("body").click(position={"x": 5, "y": 5})
    visited, order, guard = set(), [], 0
    while guard < 400:
        h = page.evaluate("() => Reveal.getIndices().h")
        if h not in visited:
            visited.add(h)
            order.append(h)
        if page.evaluate("() => Reveal.isLastSlide() && !Reveal.availableFragments().next"):
            break
        page.keyboard.press("ArrowRight")
        guard += 1
    assert order == list(range(total)), f"the right arrow visits {order}, not every one of {total} slides in order"
    results, shots = [], []
    for h in range(total):
        page.evaluate("h => Reveal.slide(h, 0, 99)", h)  # the slide with all its fragments
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        section = page.evaluate_handle("() => Reveal.getCurrentSlide()")
        m = page.evaluate(MEASURE, section)
        m["slide"] = h + 1
        results.append(m)
        shot = folder / f"{h + 1:02d}.png"
        page.screenshot(path=str(shot))
        shots.append(shot)
    _contact_sheet(shots, screenshots / "decks" / f"{stem}.png")
    demos = page.evaluate("() => document.querySelectorAll('.reveal [data-nblib-demo]').length")
    assert sum(m["demos"] for m in results) == demos, "every demo is on a slide the arrow reaches"
    big = []
    resize(page, *SIZES[1])
    for h in range(total):
        page.evaluate("h => Reveal.slide(h, 0, 99)", h)
        if page.evaluate("() => { const s = Reveal.getCurrentSlide(); return s.scrollHeight > s.clientHeight + 1 }"):
            big.append(h + 1)
    scale = page.evaluate("() => Reveal.getScale()")
    summary = screenshots / "decks" / "summary.json"
    data = json.loads(summary.read_text()) if summary.exists() else {}
    data[stem] = {"slides": total, "max_words": max(m["words"] for m in results),
                  "min_body_px": round(min(m["body"] for m in results), 1),
                  "min_code_px": round(min(m["code"] for m in results), 1) if min(m["code"] for m in results) < 1e9 else None,
                  "contact_sheet": f"_build/screenshots/decks/{stem}.png",
                  "problems": {"overflow": [m["slide"] for m in results if m["overflow"]],
                               "overflow_1080": big,
                               "small_text": [(m["slide"], m["small"][:2]) for m in results if m["small"]],
                               "words": [(m["slide"], m["words"]) for m in results if m["words"] > MAX_WORDS],
                               "starts_with_prose": [(m["slide"], m["start"]) for m in results
                                                     if m["start"] and m["start"].split(":")[0] in ("p", "li", "dl")
                                                     and not m["start"].endswith(":heading")]}}
    summary.write_text(json.dumps(data, indent=1, sort_keys=True))
    problems = data[stem]["problems"]
    assert scale >= 1, f"the deck is scaled to {scale} at 1920x1080"
    assert all(m["zoom"] >= 1 for m in results), "a slide is shrunk"
    assert not any(m["solution"] for m in results), "a solution shows on a slide"
    assert all(m["code"] >= CODE_PX for m in results), [(m["slide"], m["code"]) for m in results if m["code"] < CODE_PX]
    assert not any(problems.values()), problems
