"""The chapters' slide metadata (RISE and the static decks read it) obeys bookext/slideshow.py's rules."""

from __future__ import annotations

import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from conftest import ROOT

from bookext import slideshow

CHAPTERS = slideshow.chapters()


def test_every_chapter_is_there():
    assert [p.name[:2] for p in slideshow.chapters()] == [f"{n:02d}" for n in range(1, 17)]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem[:2])
def test_chapter_slide_metadata_obeys_the_rules(path):
    nb = nbformat.read(path, as_version=4)
    assert slideshow.check(nb) == [], f"run: python tools/slideshow.py apply {path.relative_to(ROOT)}"
    starts = slideshow.slide_starts(nb)
    assert slideshow.MIN_SLIDES <= len(starts) <= slideshow.MAX_SLIDES
    for i, cell in enumerate(nb.cells):  # every cell explicit, every demo alone on its slide
        assert cell.metadata["slideshow"]["slide_type"] in slideshow.SLIDE_TYPES
        if slideshow.is_demo(cell):
            assert cell.metadata["jupyter"]["source_hidden"] is True
            assert any(j in starts for j in range(i - 3, i + 1)), f"cell {i}: demo without its own slide"


def _chapter():
    nb = nbformat.read(ROOT / "book" / "01_predictor.ipynb", as_version=4)
    slideshow.apply(nb)
    return nb


def test_check_finds_a_missing_value():
    nb = _chapter()
    del nb.cells[5].metadata["slideshow"]
    assert slideshow.check(nb) == ["cell 5: slide_type None, the rules give '-'"]


def _index(nb, cell_id):
    return [c.id for c in nb.cells].index(cell_id)


def test_check_finds_a_wrong_value():
    nb = _chapter()
    section, demo = _index(nb, "c04"), _index(nb, "c11")
    nb.cells[section].metadata["slideshow"]["slide_type"] = "-"  # a long section cell, not notes
    nb.cells[demo].metadata["jupyter"]["source_hidden"] = False  # the demo's code shown
    assert slideshow.check(nb) == [
        f"cell {section}: slide_type '-', the rules give 'notes'",
        f"cell {demo}: jupyter.source_hidden False, the rules give True",
    ]


def test_slide_only_cells_are_short_plain_and_left_out_of_the_page():
    nb = _chapter()
    cell = nb.cells[_index(nb, "h28-01-c02")]
    i = _index(nb, "h28-01-c02")
    cell.metadata["tags"] = ["slide-only"]
    cell.source = "The error is {glue:text}`E_0.50` miles. " + "word " * 40
    assert slideshow.check(nb) == [
        f"cell {i}: a slide-only cell must also be tagged remove-cell (the page leaves it out)",
        f"cell {i}: a slide-only cell has 45 words, at most {slideshow.WORDS}",
        f"cell {i}: a slide-only cell is plain markdown and $ math (no MyST roles, directives or glue)"]


def test_prose_words_leave_out_display_math_headings_and_fences():
    assert slideshow.prose_words("## A heading\n\nOne two, three.\n\n$$\nE = y - \\hat y\n$$\n\n:::{note}\nfour\n:::") == 4
    with pytest.raises(TypeError, match="markdown must be a str"):
        slideshow.prose_words(None)


def test_check_finds_a_bad_deck():
    nb = _chapter()
    nb.cells.extend([new_markdown_cell("## More"), new_markdown_cell("## Still more")])
    slideshow.apply(nb)
    assert slideshow.check(nb) == ["the Exercises slide must close the deck (only the Summary may follow it)"]
    nb = new_notebook(cells=[new_markdown_cell("# Title"), new_code_cell("import numpy"),
                             new_markdown_cell("## Exercises")])
    slideshow.apply(nb)
    assert slideshow.check(nb) == [f"2 slides, expected {slideshow.MIN_SLIDES} to {slideshow.MAX_SLIDES}"]


def test_rules_on_a_small_chapter():
    long = " ".join(["word"] * (slideshow.WORDS + 1))
    nb = new_notebook(cells=[
        new_markdown_cell("# Title\n\nWhat it is about."),
        new_code_cell("import nblib"),                                         # setup: skipped
        new_markdown_cell("## Idea\n\n```python\n# a comment, not a heading\n```"),
        new_code_cell("x = 1"),
        new_markdown_cell("Closing words of the idea.\n\n### Try it: x"),      # heading mid-cell
        new_markdown_cell("Predict first."),
        new_code_cell("draw = None\nnblib.demo(draw)", metadata={"tags": ["hide-input"]}),
        new_markdown_cell("What the demo showed."),                            # after a demo: notes
        new_code_cell("fig = 1", metadata={"tags": ["hide-input"]},                 # shows its output
                      outputs=[nbformat.v4.new_output("stream", text="a figure")]),
        new_markdown_cell("#### A detail"),
        new_code_cell("y = 2"),                                                # a second code cell
        new_markdown_cell("A demo introduced without a heading."),
        new_code_cell("nblib.demo(draw)"),
        new_markdown_cell("## Long section\n\n" + long),                      # notes, its heading a slide
        new_markdown_cell("The idea in short: $E = y - \\hat y$.", metadata={"tags": ["slide-only", "remove-cell"]}),
        new_code_cell("\n".join(f"z{k} = {k}" for k in range(slideshow.CODE_LINES + 1))),  # long code: collapsed
        new_markdown_cell(long),                                               # notes
        new_code_cell("glue('x', 1)"),                                          # shows nothing: no slide
        new_markdown_cell("## Exercises\n\n" + long),                         # kept whatever its length
        new_code_cell("answer = 2", metadata={"tags": ["remove-cell"]}),
        new_markdown_cell("## Summary"),
    ])
    nb.cells[3].metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}  # collapsed by hand
    assert slideshow.apply(nb) == len(nb.cells)
    assert [c.metadata.slideshow.slide_type for c in nb.cells] == [
        "slide", "skip", "slide", "-", "slide", "-", "-", "notes", "slide", "-",
        "slide", "slide", "-", "notes", "-", "-", "notes", "-", "slide", "skip", "slide"]
    assert [i for i, c in enumerate(nb.cells) if c.metadata.get("jupyter", {}).get("source_hidden")] == [6, 8, 15, 17]
    assert nb.cells[3].metadata["jupyter"] == {"outputs_hidden": True}  # other keys are kept
    assert nb.metadata["rise"] == slideshow.RISE_OPTIONS
    assert slideshow.slide_starts(nb) == [0, 2, 4, 8, 10, 11, 13, 18, 20]
    again = copy.deepcopy(nb)
    assert slideshow.apply(again) == 0 and again == nb  # idempotent


def test_a_manual_value_is_kept_and_only_checked():
    nb = _chapter()
    cell = nb.cells[_index(nb, "c05")]
    i = _index(nb, "c05")
    cell.metadata["tags"] = [slideshow.MANUAL_TAG]
    cell.metadata["slideshow"]["slide_type"] = "fragment"
    assert slideshow.apply(nb) == 0 and cell.metadata["slideshow"]["slide_type"] == "fragment"
    assert slideshow.check(nb) == []
    cell.metadata["slideshow"]["slide_type"] = "half"
    assert slideshow.check(nb) == [f"cell {i} (slide-manual): slide_type 'half' is not one of "
                                   f"{slideshow.SLIDE_TYPES}"]


def test_bad_arguments():
    with pytest.raises(TypeError, match="nb must be a notebook"):
        slideshow.expected({"cells": []})
    with pytest.raises(TypeError, match="markdown must be a str"):
        slideshow.headings(None)
