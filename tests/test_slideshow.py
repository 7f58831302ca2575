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


def test_check_finds_a_wrong_value():
    nb = _chapter()
    nb.cells[2].metadata["slideshow"]["slide_type"] = "-"  # a ## section that would not start a slide
    nb.cells[11].metadata["jupyter"]["source_hidden"] = False  # the demo's code shown
    assert slideshow.check(nb) == [
        "cell 2: slide_type '-', the rules give 'slide'",
        "cell 11: jupyter.source_hidden False, the rules give True",
    ]


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
    nb = new_notebook(cells=[
        new_markdown_cell("# Title\n\nWhat it is about."),
        new_code_cell("import nblib"),                                         # setup: skipped
        new_markdown_cell("## Idea\n\n```python\n# a comment, not a heading\n```"),
        new_code_cell("x = 1"),
        new_markdown_cell("Closing words of the idea.\n\n### Try it: x"),      # heading mid-cell
        new_markdown_cell("Predict first."),
        new_code_cell("draw = None\nnblib.demo(draw)", metadata={"tags": ["hide-input"]}),
        new_markdown_cell("What the demo showed."),                            # after a demo
        new_code_cell("fig = 1", metadata={"tags": ["hide-input"]}),
        new_markdown_cell("#### A detail"),
        new_code_cell("y = 2"),
        new_markdown_cell("A demo introduced without a heading."),
        new_code_cell("nblib.demo(draw)"),
        new_markdown_cell("## Exercises"),
        new_code_cell("answer = 2", metadata={"tags": ["remove-cell"]}),
        new_markdown_cell("## Summary"),
    ])
    nb.cells[3].metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}  # collapsed by hand
    assert slideshow.apply(nb) == len(nb.cells)
    assert [c.metadata.slideshow.slide_type for c in nb.cells] == [
        "slide", "skip", "slide", "-", "subslide", "-", "-", "subslide", "-", "-",
        "-", "subslide", "-", "slide", "skip", "slide"]
    assert [i for i, c in enumerate(nb.cells) if c.metadata.get("jupyter", {}).get("source_hidden")] == [6, 8]
    assert nb.cells[3].metadata["jupyter"] == {"outputs_hidden": True}  # other keys are kept
    assert nb.metadata["rise"] == slideshow.RISE_OPTIONS
    again = copy.deepcopy(nb)
    assert slideshow.apply(again) == 0 and again == nb  # idempotent


def test_a_manual_value_is_kept_and_only_checked():
    nb = _chapter()
    cell = nb.cells[6]
    cell.metadata["tags"] = [slideshow.MANUAL_TAG]
    cell.metadata["slideshow"]["slide_type"] = "fragment"
    assert slideshow.apply(nb) == 0 and cell.metadata["slideshow"]["slide_type"] == "fragment"
    assert slideshow.check(nb) == []
    cell.metadata["slideshow"]["slide_type"] = "half"
    assert slideshow.check(nb) == ["cell 6 (slide-manual): slide_type 'half' is not one of "
                                   f"{slideshow.SLIDE_TYPES}"]


def test_bad_arguments():
    with pytest.raises(TypeError, match="nb must be a notebook"):
        slideshow.expected({"cells": []})
    with pytest.raises(TypeError, match="markdown must be a str"):
        slideshow.headings(None)
