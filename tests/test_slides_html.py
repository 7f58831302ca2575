"""The chapters' static slide decks (``bookext/decks.py``, ``slides/NN_*.html`` in the book).

The first tests check how the extension groups a chapter's content into slides by the cells'
slide metadata (no build needed). The ``browser`` tests run after ``make book``: every deck
against its notebook's metadata, then in headless Chromium with the network cut off (no request
leaves the book, every equation typeset, arrow keys move the deck, a demo's slider moves its
figure and not the deck). Screenshots are saved to ``_build/screenshots``.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from docutils import nodes

from conftest import HTML, ROOT, assert_served, open_deck, resize

from bookext import decks

CHAPTERS = sorted(p for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


# -- grouping, on hand-made doctrees -------------------------------------------------------

def _para(cell, text):
    """A paragraph as myst-nb makes it from the markdown of notebook cell ``cell``."""
    node = nodes.paragraph(text, text)
    node.line = (cell + 1) * decks.LINE_STEP + 1
    return node


def _code(cell, text):
    """A code cell's container as myst-nb makes it."""
    return nodes.container("", nodes.literal_block(text, text), nb_element="cell_code", cell_index=cell)


def _section(cell, title, *children):
    section = nodes.section(ids=[title.lower()])
    section.line = (cell + 1) * decks.LINE_STEP + 1
    section += nodes.title(title, title)
    section.extend(children)
    return section


def _doc():
    """Cells: 0 title, 1 setup code, 2 heading + text, 3 code, 4 text, 5 heading, 6 text, 7 notes."""
    document = nodes.document(None, None)
    document += _section(0, "Chapter", _para(0, "intro"), _code(1, "import numpy"),
                         _section(2, "First", _para(2, "p2"), _code(3, "c3"), _para(4, "p4")),
                         _section(5, "Second", _para(6, "p6"), _para(7, "say this")))
    return document


def _texts(deck):
    return [[(f, item[0][0].astext() if isinstance(item[0], nodes.section) else item[0].astext())
             for f, item in slide["parts"]] for slide in deck]


def test_flatten_maps_every_node_to_its_cell_and_sections_to_headings():
    items = decks.flatten(_doc())
    assert [(type(n).__name__, level, cell) for n, level, cell in items] == [
        ("section", 1, 0), ("paragraph", 2, 0), ("container", 2, 1), ("section", 2, 2),
        ("paragraph", 3, 2), ("container", 3, 3), ("paragraph", 3, 4), ("section", 2, 5),
        ("paragraph", 3, 6), ("paragraph", 3, 7)]


def test_plan_follows_the_slide_metadata():
    types = ["slide", "skip", "slide", "fragment", "-", "subslide", "-", "notes"]
    deck, skipped = decks.plan(decks.flatten(_doc()), types)
    assert _texts(deck) == [   # every slide horizontal: a subslide is a slide
        [(None, "Chapter"), (None, "intro")],
        [(None, "First"), (None, "p2"), (1, "c3"), (1, "p4")],   # "-" after a fragment stays in it
        [(None, "Second"), (None, "p6")],
    ]
    assert [n.astext() for n, _, _ in skipped] == ["import numpy"]
    assert [n.astext() for n, _, _ in deck[2]["notes"]] == ["say this"]


def test_plan_shows_a_notes_cells_heading_and_puts_its_prose_in_the_notes():
    types = ["notes", "skip", "notes", "-", "-", "slide", "-", "-"]
    deck, _ = decks.plan(decks.flatten(_doc()), types)
    assert _texts(deck) == [[(None, "Chapter")], [(None, "First"), (None, "c3"), (None, "p4")],
                            [(None, "Second"), (None, "p6"), (None, "say this")]]
    assert [n.astext() for n, _, _ in deck[0]["notes"]] == ["intro"]
    assert [n.astext() for n, _, _ in deck[1]["notes"]] == ["p2"]


def test_slide_only_markdown_is_rendered_with_the_books_math_markup():
    html = decks.slide_markdown("**The question.** Is $E = y - \\hat y$?\n\n$$\nC = E^2\n$$")
    assert '<span class="math notranslate nohighlight">\\(E = y - \\hat y\\)</span>' in html
    assert '<div class="math notranslate nohighlight">\\[\nC = E^2\n\\]</div>' in html


def test_plan_opens_the_deck_at_the_first_shown_cell_and_counts_slides_as_the_metadata_says():
    types = ["skip", "-", "-", "subslide", "slide", "fragment", "fragment", "-"]
    deck, skipped = decks.plan(decks.flatten(_doc()), types)
    # cell 1 is the first shown cell: it opens the deck although its type is "-"
    assert len(deck) == 3
    assert [f for f, _ in deck[2]["parts"]] == [None, 1, 2, 2]
    assert [n[0].astext() if isinstance(n, nodes.section) else n.astext() for n, _, _ in skipped] == ["Chapter", "intro"]


def test_a_slide_without_a_heading_carries_its_sections():
    class Renderer:
        def heading(self, section, level):
            return f"<h{level}>{section[0].astext()}</h{level}>"

    question = nbformat.v4.new_code_cell("nblib.questions.numeric('q', answer=1)")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x") for _ in range(8)] + [question])
    section = _section(2, "First")
    guide = nodes.raw("", '<div class="guide-question"><h3>Predict</h3></div>', format="html", classes=["guide-question"])
    own = nodes.raw("", "<h3>The figure</h3><p>says</p>", format="html")
    deck = [{"parts": [(None, (section, 2, 2)), (None, (_para(3, "p3"), 3, 3))], "notes": []},
            {"parts": [(1, (_code(4, "c4"), 3, 4))], "notes": []},          # a figure alone: carries "First"
            {"parts": [(None, (guide, 3, None))], "notes": []},
            {"parts": [(None, (own, 3, 5))], "notes": []},                  # a slide-only cell's own heading
            {"parts": [(None, (_code(6, "c6"), 3, 6))], "notes": []},       # carries "The figure"
            {"parts": [(None, (_code(8, "q"), 3, 8))], "notes": []}]        # a question: its box is titled
    out = decks.with_headings(Renderer(), deck, notebook)
    firsts = [slide["parts"][0] for slide in out]
    assert firsts[1][0] is None and firsts[1][1][0].astext() == '<h3 class="carried">First</h3>'
    assert out[1]["parts"][1][0] == 1, "the figure stays a fragment, the heading does not"
    assert firsts[4][1][0].astext() == '<h3 class="carried">The figure</h3>'
    assert [len(slide["parts"]) for slide in out] == [2, 2, 1, 1, 2, 1]


def test_a_long_key_formula_table_is_shared_evenly_by_two_slides():
    def summary(rows):
        tbody = nodes.tbody("", *[nodes.row("", nodes.entry("", nodes.paragraph(str(k), str(k)))) for k in range(rows)])
        box = nodes.admonition("", nodes.table("", nodes.tgroup("", tbody)), classes=["important"])
        return [{"parts": [(None, (_section(9, "Summary"), 2, 9)), (None, (box, 2, 9))], "notes": []}]

    for rows, shared in [(4, [4]), (5, [3, 2]), (9, [5, 4])]:
        deck = decks.trim(summary(rows))
        assert [len(slide["parts"][1][1][0].next_node(nodes.tbody).children) for slide in deck] == shared
        assert [bool(slide.get("continued")) for slide in deck] == [False, True][:len(shared)]


def test_the_exercises_slide_shows_the_first_exercises_in_order():
    def exercise(words):
        return nodes.container("", nodes.paragraph("", " ".join(["word"] * words)), classes=["exercise"])

    deck = [{"parts": [(None, (_section(9, "Exercises"), 2, 9))] + [(None, (exercise(n), 2, 9)) for n in (30, 40, 20)],
             "notes": []}]
    out = decks.trim(deck)
    assert [decks._words(part[1][0]) for part in out[0]["parts"][1:]] == [30]   # not the third, after the second
    assert [decks._words(item[0]) for item in out[0]["notes"]] == [40, 20]
    for sizes, shown in [((20, 15), [20, 15]), ((25, 20), [25]), ((55, 10), [55])]:  # within WORDS; the first always
        deck = [{"parts": [(None, (_section(9, "Exercises"), 2, 9))] + [(None, (exercise(n), 2, 9)) for n in sizes],
                 "notes": []}]
        assert [decks._words(part[1][0]) for part in decks.trim(deck)[0]["parts"][1:]] == shown


def test_unknown_slide_type_is_refused():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x", metadata={"slideshow": {"slide_type": "page"}})])
    with pytest.raises(ValueError, match="slide_type 'page'"):
        decks.slide_types(notebook)


# -- the built decks -----------------------------------------------------------------------

def _expected(notebook):
    """(slides, skipped code sources): slides counted from the metadata as the rules read it (a
    notes cell's headings start slides too; a slide-only cell is shown)."""
    from bookext.slideshow import headings
    count, skipped = 0, []
    for cell in notebook.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        tags = cell.metadata.get("tags", [])
        if "remove-cell" in tags and "slide-only" not in tags:
            continue
        if kind == "skip":
            if cell.cell_type == "code" and cell.source.strip():
                skipped.append(cell.source)
            continue
        if kind == "notes":
            count += len([h for h in headings(cell.source) if h[0] <= 3]) if cell.cell_type == "markdown" else 0
            continue
        if count == 0 or kind in ("slide", "subslide"):
            count += 1
    return count, skipped


def _slide_count(text):
    """Leaf <section>s of a deck (a slide or a vertical subslide)."""
    body = text.split('<div class="slides">', 1)[1]
    depth, leaves, last_open = 0, 0, False
    for m in re.finditer(r"<(/?)section\b", body):
        if m.group(1):
            leaves += last_open
            depth, last_open = depth - 1, False
        else:
            depth, last_open = depth + 1, True
    return leaves


@pytest.mark.browser
@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_deck_has_the_slides_of_its_metadata_and_is_linked(notebook):
    deck = HTML / "slides" / f"{notebook.stem}.html"
    assert deck.exists(), f"no deck for {notebook.name}: {deck}"
    text = deck.read_text(encoding="utf-8")
    nb = nbformat.read(notebook, as_version=4)
    slides, skipped = _expected(nb)
    # the metadata's slides, a slide per guide question, a second Summary slide for a long table
    assert _slide_count(text) - text.count('class="guide-question"') - text.count('<section class="continued">') == slides
    from bs4 import BeautifulSoup
    code = "\n".join(pre.get_text() for pre in BeautifulSoup(text, "html.parser").select("div.cell_input pre"))
    for source in skipped:
        assert source.strip().splitlines()[0] not in code, f"a skipped cell is on a slide: {source[:60]!r}"
    for cell in nb.cells:
        if cell.metadata.get("jupyter", {}).get("source_hidden") and cell.cell_type == "code":
            assert cell.source.strip().splitlines()[0] not in code, f"hidden code shown: {cell.source[:60]!r}"
    slides = BeautifulSoup(text, "html.parser").select_one(".slides")
    assert slides.select('[class~="solution"]') == [], "solutions are left out"
    if any("```{exercise}" in cell.source for cell in nb.cells):
        assert slides.select('[class~="exercise"]'), "the exercises are on a slide"
    page = (HTML / "book" / f"{notebook.stem}.html").read_text(encoding="utf-8")
    assert f'href="../slides/{notebook.stem}.html"' in page, "the chapter page links to its deck"
    assert f'href="../book/{notebook.stem}.html"' in text, "the deck links back to its chapter"


# -- in the browser, offline ---------------------------------------------------------------

UNTYPESET = """() => {
    const slides = document.querySelector('.reveal .slides');
    const math = [...slides.querySelectorAll('.math')];
    const copy = slides.cloneNode(true);
    copy.querySelectorAll('pre, code, script, mjx-container, .nblib-demo').forEach(n => n.remove());
    const text = copy.textContent;
    return {total: math.length,
            untypeset: math.filter(n => !n.querySelector('mjx-container')).map(n => n.textContent.slice(0, 60)),
            errors: slides.querySelectorAll('mjx-merror').length,
            raw: ['\\\\(', '\\\\)', '\\\\[', '\\\\]', '$$'].filter(s => text.includes(s))};
}"""


#: The projector screens a deck must fit: one browser window, resized from the first to the second.
DECK_SIZES = [(1280, 720), (1920, 1080)]


def _check_demo_slide(page, notebook, screenshots):
    """On the deck's first demo slide, at each of DECK_SIZES: the demo's figure and controls fit
    the screen, and a key on its slider changes the figure without moving the deck."""
    demo = page.locator("[data-nblib-demo]").first
    page.evaluate("d => { const i = Reveal.getIndices(d.closest('section')); Reveal.slide(i.h, i.v, 99); }",
                  demo.element_handle())
    page.wait_for_function("d => d.dataset.ready === '1'", arg=demo.element_handle())
    where = page.evaluate("() => JSON.stringify(Reveal.getIndices())")
    figure, slider = demo.locator("svg.nblib-demo-figure"), demo.locator("input[type=range]").first
    for width, height in DECK_SIZES:
        resize(page, width, height)  # reveal.js lays the deck out again
        box, controls = figure.bounding_box(), demo.locator(".nblib-demo-controls").bounding_box()
        assert box["y"] >= 0 and controls["y"] + controls["height"] <= height, \
            f"the demo's figure and controls do not fit a {width}x{height} screen: {box}, {controls}"
        before, value = figure.inner_html(), slider.input_value()
        slider.focus()
        page.keyboard.press("ArrowLeft" if int(value) > 0 else "ArrowRight")
        assert slider.input_value() != value
        assert figure.inner_html() != before, f"the slider did not change the figure at {width}x{height}"
        assert page.evaluate("() => JSON.stringify(Reveal.getIndices())") == where, "the slider's key moved the deck"
        if (width, height) == DECK_SIZES[0]:
            page.screenshot(path=str(screenshots / f"slides-{notebook.stem}-demo.png"))


@pytest.mark.browser
@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_deck_works_offline(offline_page, book_url, notebook, screenshots):
    """On a projector with the network cut off: every request served, every equation typeset,
    no raw TeX, every image drawn; the arrow keys move the deck; and in a deck with a demo, its
    slider works on the slide (see _check_demo_slide)."""
    page = offline_page
    resize(page, *DECK_SIZES[0])
    open_deck(page, f"{book_url}/slides/{notebook.stem}.html")
    assert_served(page)
    math = page.evaluate(UNTYPESET)
    assert math["total"] > 0, "every chapter has equations"
    assert math["untypeset"] == [], f"equations left as TeX: {math['untypeset']}"
    assert math["errors"] == 0 and math["raw"] == [], math
    # arrow keys move through the deck: each press shows the next fragment or slide
    page.locator("body").click(position={"x": 640, "y": 660})
    seen = [page.evaluate("() => JSON.stringify(Reveal.getIndices())")]
    for _ in range(3):
        page.keyboard.press("ArrowRight")
        seen.append(page.evaluate("() => JSON.stringify(Reveal.getIndices())"))
    assert len(set(seen)) == 4, f"ArrowRight did not move the deck each time: {seen}"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("() => JSON.stringify(Reveal.getIndices())") == seen[2]
    if notebook in DEMO_DECKS:
        _check_demo_slide(page, notebook, screenshots)
        assert_served(page)


DEMO_DECKS = [p for p in CHAPTERS if "data-nblib-demo" in ((HTML / "slides" / f"{p.stem}.html").read_text(encoding="utf-8")
                                                            if (HTML / "slides" / f"{p.stem}.html").exists() else "")]


@pytest.mark.browser
def test_chapter_one_deck_has_a_demo():
    assert CHAPTERS[0].stem == "01_predictor" and CHAPTERS[0] in DEMO_DECKS


def test_a_folded_answer_is_a_fragment_on_its_slide():
    box = nodes.admonition("", nodes.paragraph("42", "42"), classes=["dropdown"])
    box.line = 3 * decks.LINE_STEP + 1
    assert decks._is_dropdown(box) and not decks._is_dropdown(nodes.admonition("", classes=["note"]))
