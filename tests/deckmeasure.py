"""How a slide reads when projected (issue 28): the measurement that the static decks' test
(``test_decks_projection.py``) and the RISE decks' test (``test_rise_projection.py``) share, and
the contact sheet they both write.

``SLIDE`` is a JavaScript function ``(section, options) => measures`` for ``page.evaluate``: the
smallest rendered size of body text and of code (CSS pixels times ``options.scale``), the body
texts below BODY_PX, the prose words (outside headings, code, tables, demos and question boxes),
whether a solution shows, the demos on the slide, and what the slide starts with (``h2:heading``,
``p``, ``div:question`` ...). ``options`` names the selectors that differ between the two decks:
``ignore`` (text not measured), ``code`` (text measured as code), ``notProse`` (text whose words
are not prose), ``starts`` (the elements a slide can start with), ``chrome`` (elements that are
not content) and ``solution`` (a solution's markup).
"""

from __future__ import annotations

BODY_PX, CODE_PX = 24, 18
MAX_WORDS = 60          # prose words on a slide (a slide-only cell holds at most 40)
QUESTION = "Check your understanding"   # the title of a question's box (nblib.questions)

SLIDE = """(section, o) => {
    const out = {body: 1e9, code: 1e9, small: [], words: 0, start: null,
                 solution: !!(o.solution && section.querySelector(o.solution)) || /Solution to/.test(section.innerText),
                 demos: section.querySelectorAll('[data-nblib-demo]').length};
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const t = walker.currentNode, el = t.parentElement;
        if (!t.textContent.trim() || el.closest(o.ignore)) continue;
        const cs = getComputedStyle(el);
        if (cs.display === 'none' || cs.visibility === 'hidden' || el.getBoundingClientRect().height === 0
            || (el.checkVisibility && !el.checkVisibility())) continue;
        const size = parseFloat(cs.fontSize) * o.scale;
        if (el.closest(o.code)) { out.code = Math.min(out.code, size); }
        else { out.body = Math.min(out.body, size);
               if (size < %(body)s) out.small.push(t.textContent.trim().slice(0, 40) + ' ' + size); }
        if (!el.closest(o.notProse))
            out.words += t.textContent.split(/\\s+/).filter(w => /\\w/.test(w)).length;
    }
    const first = [...section.querySelectorAll(o.starts)]
        .find(n => !n.closest('aside.notes') && n.getBoundingClientRect().height > 0 && !(o.chrome && n.closest(o.chrome)));
    const question = first && (first.closest('.nblib-question') || first.textContent.trim().startsWith('%(question)s'));
    out.start = first ? first.tagName.toLowerCase() + (first.closest('h1, h2, h3') ? ':heading' : question ? ':question' : '') : null;
    return out;
}""" % {"body": BODY_PX, "question": QUESTION}


def problems(results):
    """What breaks the issue's rules in a deck's measurements (a dict of lists, all empty: nothing).
    Every slide but the title starts with a heading (or a question's titled box)."""
    return {"overflow": [m["slide"] for m in results if m["overflow"]],
            "overflow_1080": [m["slide"] for m in results if m.get("overflow_1080")],
            "small_text": [(m["slide"], m["small"][:2]) for m in results if m["small"]],
            "code_px": [(m["slide"], m["code"]) for m in results if m["code"] < CODE_PX],
            "words": [(m["slide"], m["words"]) for m in results if m["words"] > MAX_WORDS],
            "solution": [m["slide"] for m in results if m["solution"]],
            "no_heading": [(m["slide"], m["start"]) for m in results[1:]
                           if not (m["start"] or "").endswith((":heading", ":question"))]}


def summary(results, slides, sheet):
    """A deck's line of the closing note: slides, largest word count, smallest sizes, its sheet."""
    code = min(m["code"] for m in results)
    return {"slides": slides, "max_words": max(m["words"] for m in results),
            "min_body_px": round(min(m["body"] for m in results), 1),
            "min_code_px": round(code, 1) if code < 1e9 else None, "contact_sheet": sheet,
            "problems": problems(results)}


def contact_sheet(shots, target, columns=4, width=320):
    """The screenshots ``shots`` as numbered thumbnails on one image, ``target``."""
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
