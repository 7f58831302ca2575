"""Slide metadata of the chapter notebooks, derived from their structure: the one rule set.

``python tools/slideshow.py apply|check [book/NN_slug.ipynb ...]`` applies or checks it.

Each cell of a chapter gets the standard metadata that RISE (live slides in JupyterLab) and
nbconvert's slides read: ``cell.metadata.slideshow.slide_type``, and
``cell.metadata.jupyter.source_hidden`` for code that is not the point. The rules:

* a markdown cell that holds a ``#`` or ``##`` heading starts a slide, one with a ``###``
  heading a subslide (one idea per slide); a deeper heading or none continues the slide ("-").
  A heading should start its cell: prose before it in the same cell lands on the new slide;
* the setup cell (the first code cell: imports) and cells tagged ``remove-cell`` are skipped;
* a demo (a code cell whose last statement calls ``demo(...)``) gets its own slide together with
  the markdown that introduces it: the markdown cells right before it, back to the nearest one
  that holds a heading. That first cell starts the slide (a subslide if it has no ``#``/
  ``##`` heading), and the first shown cell after the demo starts a new subslide at least;
* a question (a code cell whose last statement calls ``numeric``, ``choice`` or ``direction`` of
  ``nblib.questions``) starts a subslide of its own, and the first shown cell after it a new
  subslide at least: a class sees the question alone, votes, then the teacher reveals the answer;
* code tagged ``hide-input`` or ``remove-input`` (demo and figure set-up) is collapsed:
  ``jupyter.source_hidden = true``; no other cell carries ``source_hidden``;
* every other cell continues its slide ("-"). Every cell carries an explicit ``slide_type``.

A cell tagged ``slide-manual`` is the author's: ``apply`` leaves its ``slideshow`` and
``jupyter.source_hidden`` as they are, and ``check`` only asks for a valid slide type. Any other
value differing from the rules is overwritten by ``apply`` and reported by ``check``.

Deck rules (``check``): the first cell is a slide with the chapter's ``#`` title, the
``## Exercises`` slide closes the deck (only the Summary may follow it), and the deck has
between MIN_SLIDES and MAX_SLIDES slides and subslides. Notebook metadata ``rise`` holds the
deck's RISE options (RISE_OPTIONS).
"""

from __future__ import annotations

import ast
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.myst_blocks import myst_block_plugin

ROOT = Path(__file__).resolve().parent.parent
SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")
MANUAL_TAG = "slide-manual"
HIDDEN_TAGS = {"hide-input", "remove-input"}
SKIP_TAGS = {"remove-cell"}
MIN_SLIDES, MAX_SLIDES = 6, 30
# Long slides scroll instead of being cut off; a deck starts at its title, not at the selected
# cell; reveal.js's "white" theme uses the fonts RISE ships (its default "simple" fetches web fonts);
# slides change at once, without an animation.
RISE_OPTIONS = {"scroll": True, "start_slideshow_at": "beginning", "theme": "white", "transition": "none"}

QUESTION_KINDS = ("numeric", "choice", "direction")  # nblib.questions' constructors

_md = MarkdownIt("commonmark").use(myst_block_plugin)


CHAPTER_NAME = "[0-9][0-9]_*.ipynb"  # a chapter notebook: book/01_predictor.ipynb ... book/16_autodiff.ipynb


def is_chapter(path: Path) -> bool:
    """Whether the file at ``path`` is a chapter notebook (its name is ``NN_slug.ipynb``)."""
    return Path(path).match(CHAPTER_NAME)


def chapters(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks, ``book/NN_slug.ipynb``, in book order."""
    return sorted((root / "book").glob(CHAPTER_NAME))


def headings(markdown: str) -> list[tuple[int, str]]:
    """``(level, text)`` of each heading of a markdown text (not ``#`` lines in code blocks)."""
    if not isinstance(markdown, str):
        raise TypeError(f"markdown must be a str, not {type(markdown).__name__}")
    tokens = _md.parse(markdown)
    return [(int(t.tag[1]), tokens[k + 1].content) for k, t in enumerate(tokens) if t.type == "heading_open"]


def _slide_heading(markdown: str) -> int | None:
    """The level of a markdown text's highest heading, or None if it has none."""
    return min((level for level, _ in headings(markdown)), default=None)


def _last_call(cell):
    """The name of the function the code cell's last statement calls, or None."""
    if cell.cell_type != "code":
        return None
    try:
        body = ast.parse(cell.source).body
    except SyntaxError:
        return None
    last = body[-1] if body else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)):
        return None
    func = last.value.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def is_demo(cell) -> bool:
    """A code cell whose last statement is a call of ``demo`` (``nblib.demo(...)``)."""
    return _last_call(cell) == "demo"


def is_question(cell) -> bool:
    """A code cell whose last statement asks a question (``nblib.questions.numeric(...)``,
    ``choice``, ``direction``)."""
    return _last_call(cell) in QUESTION_KINDS


def _tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def expected(nb) -> list[tuple[str, bool]]:
    """``(slide_type, source_hidden)`` that the rules give each cell of the notebook ``nb``."""
    if not isinstance(getattr(nb, "cells", None), list):
        raise TypeError("nb must be a notebook (nbformat.NotebookNode with cells)")
    cells = nb.cells
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), None)
    types, hidden = [], []
    for i, cell in enumerate(cells):
        hidden.append(cell.cell_type == "code" and bool(_tags(cell) & HIDDEN_TAGS))
        if i == first_code or _tags(cell) & SKIP_TAGS:
            types.append("skip")
        elif cell.cell_type == "markdown" and (level := _slide_heading(cell.source)) is not None:
            types.append("slide" if level <= 2 else "subslide" if level == 3 else "-")
        else:
            types.append("-")
    for d, cell in enumerate(cells):
        if not is_demo(cell):
            continue
        start = d
        for j in range(d - 1, -1, -1):  # back over the markdown that introduces the demo
            if types[j] == "skip":
                continue
            if cells[j].cell_type != "markdown":
                break
            start = j
            if _slide_heading(cells[j].source) is not None:
                break
        for j in range(start + 1, d + 1):
            if types[j] != "skip":
                types[j] = "-"
        if types[start] not in ("slide", "subslide"):
            types[start] = "subslide"
        after = next((j for j in range(d + 1, len(cells)) if types[j] != "skip"), None)
        if after is not None and types[after] not in ("slide", "subslide"):
            types[after] = "subslide"
    for d, cell in enumerate(cells):
        if not is_question(cell) or types[d] == "skip":
            continue
        if types[d] not in ("slide", "subslide"):
            types[d] = "subslide"
        after = next((j for j in range(d + 1, len(cells)) if types[j] != "skip"), None)
        if after is not None and types[after] not in ("slide", "subslide"):
            types[after] = "subslide"
    return list(zip(types, hidden))


def apply(nb) -> int:
    """Write the rules' slide metadata into ``nb`` in place; return the number of cells changed."""
    changed = 0
    for cell, (slide_type, hidden) in zip(nb.cells, expected(nb)):
        if MANUAL_TAG in _tags(cell):
            continue
        before = (cell.metadata.get("slideshow"), cell.metadata.get("jupyter"))
        cell.metadata["slideshow"] = {"slide_type": slide_type}
        jupyter = dict(cell.metadata.get("jupyter", {}))
        jupyter.pop("source_hidden", None)
        if hidden:
            jupyter["source_hidden"] = True
        if jupyter:
            cell.metadata["jupyter"] = jupyter
        else:
            cell.metadata.pop("jupyter", None)
        changed += before != (cell.metadata.get("slideshow"), cell.metadata.get("jupyter"))
    if nb.metadata.get("rise") != RISE_OPTIONS:
        nb.metadata["rise"] = dict(RISE_OPTIONS)
    return changed


def slide_starts(nb) -> list[int]:
    """Indices of the cells that start a slide or a subslide, as stored."""
    return [i for i, c in enumerate(nb.cells)
            if c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")]


def check(nb) -> list[str]:
    """What in ``nb``'s stored slide metadata breaks the rules (an empty list: nothing)."""
    problems = []
    for i, (cell, (slide_type, hidden)) in enumerate(zip(nb.cells, expected(nb))):
        stored = cell.metadata.get("slideshow", {}).get("slide_type")
        stored_hidden = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        if MANUAL_TAG in _tags(cell):
            if stored not in SLIDE_TYPES:
                problems.append(f"cell {i} ({MANUAL_TAG}): slide_type {stored!r} is not one of {SLIDE_TYPES}")
            continue
        if stored != slide_type:
            problems.append(f"cell {i}: slide_type {stored!r}, the rules give {slide_type!r}")
        if stored_hidden is not hidden:
            problems.append(f"cell {i}: jupyter.source_hidden {stored_hidden!r}, the rules give {hidden!r}")
    starts = slide_starts(nb)
    cells = nb.cells
    if not cells or cells[0].cell_type != "markdown" or _slide_heading(cells[0].source) != 1 or not starts or starts[0] != 0:
        problems.append("the first cell must be the chapter's # title, starting a slide")
    ex = [i for i in starts if cells[i].cell_type == "markdown"
          and (2, "Exercises") in headings(cells[i].source)]
    if len(ex) != 1:
        problems.append(f"expected one '## Exercises' slide, found {len(ex)}")
    elif len([i for i in starts if i > ex[0]]) > 1:
        problems.append("the Exercises slide must close the deck (only the Summary may follow it)")
    if not MIN_SLIDES <= len(starts) <= MAX_SLIDES:
        problems.append(f"{len(starts)} slides, expected {MIN_SLIDES} to {MAX_SLIDES}")
    if nb.metadata.get("rise") != RISE_OPTIONS:
        problems.append(f"notebook metadata 'rise' is {nb.metadata.get('rise')!r}, expected {RISE_OPTIONS!r}")
    return problems
