"""Slide metadata of the chapter notebooks, derived from their structure: the one rule set.

``python tools/slideshow.py apply|check [book/NN_slug.ipynb ...]`` applies or checks it.

Each cell of a chapter gets the standard metadata that RISE (live slides in JupyterLab) and
nbconvert's slides read: ``cell.metadata.slideshow.slide_type``, and
``cell.metadata.jupyter.source_hidden`` for code that is not the point. A deck is written for
projection: one idea per slide (a heading, at most WORDS words of prose, one figure, demo, table
or short code block); the chapter's explanation becomes the speaker notes. The rules:

* a *slide-only* cell (a markdown cell tagged ``slide-only`` and ``remove-cell``: the book's page
  leaves it out, the decks and the reader notebooks keep it) holds a slide's condensed content:
  at most WORDS words and a key equation, in plain markdown and ``$`` math (no MyST roles,
  directives or glue). With a heading it starts a slide, without one it continues the slide;
* a markdown cell of more than WORDS words of prose (display math not counted) is the slide's
  speaker notes (``notes``), except the ``## Exercises`` and ``## Summary`` cells, which the
  decks trim. A notes cell's ``#``/``##``/``###`` headings still start slides: the static decks
  (``bookext/decks.py``) and the reader notebooks (``bookext/reader_notebooks.py``) show the
  heading as the slide's first line and the prose as its notes; prose before a heading in the
  same cell is the notes of the slide before;
* a shorter markdown cell with a ``#``, ``##`` or ``###`` heading starts a slide; a deeper heading
  or none continues the slide ("-"). No slide is a vertical sub-slide: arrow keys and Space visit
  every slide in order;
* the setup cell (the first code cell: imports) and cells tagged ``remove-cell`` (but not
  ``slide-only``) are skipped;
* a demo (a code cell whose last statement calls ``demo(...)``) continues the slide of the
  markdown that introduces it (the cells back to the nearest heading, which starts the slide);
  the first shown cell after the demo starts a new slide. The static deck puts the demo's guide
  question (``guide-q-<name>``) on a slide before it, with the answer in the notes;
* a question (a code cell whose last statement calls ``numeric``, ``choice`` or ``direction`` of
  ``nblib.questions``) starts a slide of its own, and the first shown cell after it a new slide:
  a class sees the question alone, votes, then the teacher reveals the answer;
* any other code cell that shows something (its source, or an output other than glue) starts a
  slide when the slide already holds such a cell (one figure or code block per slide), or when
  it prints more than CODE_LINES lines below other content; otherwise it continues the slide;
* a short markdown cell that would take its slide's prose over WORDS words is notes instead;
* code tagged ``hide-input`` or ``remove-input`` (demo and figure set-up), code of more than
  CODE_LINES lines, and code that draws a figure (``plt.``) or glues values (``glue(``) is collapsed: ``jupyter.source_hidden = true``; no other cell carries it.
  Every cell carries an explicit ``slide_type``.

A cell tagged ``slide-manual`` is the author's: ``apply`` leaves its ``slideshow`` and
``jupyter.source_hidden`` as they are, and ``check`` only asks for a valid slide type. Any other
value differing from the rules is overwritten by ``apply`` and reported by ``check``.

Deck rules (``check``): the first cell is a slide with the chapter's ``#`` title, the
``## Exercises`` slide closes the deck (only the Summary may follow it), the deck has between
MIN_SLIDES and MAX_SLIDES slides, and every slide-only cell is short and plain. Notebook metadata
``rise`` holds the deck's RISE options (RISE_OPTIONS).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.myst_blocks import myst_block_plugin

ROOT = Path(__file__).resolve().parent.parent
SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")
MANUAL_TAG = "slide-manual"
HIDDEN_TAGS = {"hide-input", "remove-input"}
SKIP_TAGS = {"remove-cell"}
SLIDE_ONLY_TAG = "slide-only"
WORDS = 40                       # prose words a slide may show (display math not counted)
CODE_LINES = 12                  # code lines a slide may show
SETUP_CODE = re.compile(r"\bplt\.|\bglue\(")  # code that draws a figure or glues values: not the point
KEPT_SECTIONS = ("Exercises", "Summary")  # long, but on their slides: the decks trim them
MIN_SLIDES, MAX_SLIDES = 6, 60
# A slide too long for the screen scrolls instead of being cut off; a deck starts at its title, not at the selected
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


_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$|^```\{math\}.*?^```", re.S | re.M)
_MYST = re.compile(r"\{[a-z][\w:-]*\}`|^\s*(```|:::)|^\([\w-]+\)=|\{\{")


def prose_words(markdown: str) -> int:
    """The words of a markdown text's prose: display math, fences and headings not counted."""
    if not isinstance(markdown, str):
        raise TypeError(f"markdown must be a str, not {type(markdown).__name__}")
    text = _DISPLAY_MATH.sub(" ", markdown)
    lines = [line for line in text.splitlines()
             if not re.match(r"\s*(#{1,6}\s|```|:::|:\w+:|\([\w-]+\)=)", line)]
    return sum(bool(re.search(r"\w", word)) for word in " ".join(lines).split())


def is_slide_only(cell) -> bool:
    """A markdown cell that only the decks show (tagged ``slide-only``)."""
    return cell.cell_type == "markdown" and SLIDE_ONLY_TAG in _tags(cell)


def is_notes(cell) -> bool:
    """A markdown cell too long for a slide: its prose becomes the speaker notes."""
    if cell.cell_type != "markdown" or is_slide_only(cell) or prose_words(cell.source) <= WORDS:
        return False
    return not any(level == 2 and text.strip() in KEPT_SECTIONS for level, text in headings(cell.source))


def _shows(cell, hidden: bool) -> bool:
    """Whether a code cell shows anything on a slide: its source, or an output other than glue."""
    if not hidden or is_demo(cell):
        return True
    for output in cell.get("outputs", []):
        if output.get("output_type") in ("stream", "error"):
            return True
        if any(not key.startswith("application/papermill.record/") for key in output.get("data", {})):
            return True
    return False


def demo_name(cell) -> str | None:
    """The ``name=`` of a demo cell's ``demo(...)`` call (a string constant), or None."""
    if not is_demo(cell):
        return None
    call = ast.parse(cell.source).body[-1].value
    for keyword in call.keywords:
        if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
            return keyword.value.value
    return None


def expected(nb) -> list[tuple[str, bool]]:
    """``(slide_type, source_hidden)`` that the rules give each cell of the notebook ``nb``."""
    if not isinstance(getattr(nb, "cells", None), list):
        raise TypeError("nb must be a notebook (nbformat.NotebookNode with cells)")
    cells = nb.cells
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), None)
    types, hidden = [], []
    for i, cell in enumerate(cells):
        hidden.append(cell.cell_type == "code" and (
            bool(_tags(cell) & HIDDEN_TAGS) or len(cell.source.strip().splitlines()) > CODE_LINES
            or bool(SETUP_CODE.search(cell.source))))
        level = _slide_heading(cell.source) if cell.cell_type == "markdown" else None
        if i == first_code or (_tags(cell) & SKIP_TAGS and not is_slide_only(cell)):
            types.append("skip")
        elif is_notes(cell):
            types.append("notes")
        elif level is not None and level <= 3:
            types.append("slide")
        else:
            types.append("-")
    demos = [d for d, cell in enumerate(cells) if is_demo(cell)]
    for d in demos:
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
            if types[j] not in ("skip", "notes"):
                types[j] = "-"
        if types[start] not in ("slide", "notes"):
            types[start] = "slide"
        _next_starts_slide(cells, types, d)
    for q, cell in enumerate(cells):  # a question: a slide of its own
        if is_question(cell) and types[q] != "skip":
            types[q] = "slide"
            _next_starts_slide(cells, types, q)
    has_code, words, shown = False, 0, 0  # one code cell (figure, table, code block) per slide
    for i, cell in enumerate(cells):
        if types[i] == "skip":
            continue
        if types[i] == "slide" or (types[i] == "notes" and _slide_heading(cell.source) in (1, 2, 3)):
            has_code, words, shown = False, 0, 0
        if cell.cell_type == "code" and _shows(cell, hidden[i]):
            long = _output_lines(cell) > CODE_LINES
            if (has_code or (long and shown)) and types[i] == "-" and not is_demo(cell):
                types[i] = "slide"
                words, shown = 0, 0
            has_code, shown = True, shown + 1 + long
        elif cell.cell_type == "markdown" and types[i] in ("-", "slide"):
            words += prose_words(cell.source)
            shown += 1
            if words > WORDS and types[i] == "-" and not is_slide_only(cell):  # the slide is full
                types[i] = "notes"
                words -= prose_words(cell.source)
    return list(zip(types, hidden))


def _next_starts_slide(cells, types, i) -> None:
    """The first shown cell after cell ``i`` starts a slide (unless a notes cell's heading does);
    prose without a heading on the way is notes: a slide never opens with a paragraph."""
    for j in range(i + 1, len(cells)):
        if types[j] == "notes" and _slide_heading(cells[j].source) in (1, 2, 3):
            return
        if types[j] in ("skip", "notes"):
            continue
        if cells[j].cell_type == "markdown" and _slide_heading(cells[j].source) is None and not is_slide_only(cells[j]):
            types[j] = "notes"
            continue
        types[j] = "slide"
        return


def _output_lines(cell) -> int:
    """Lines of a code cell's text outputs (a long listing takes a slide of its own)."""
    lines = 0
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        text = output.get("text", "") if output.get("output_type") == "stream" else data.get("text/plain", "")
        if "image/png" not in data and "image/svg+xml" not in data:
            lines += len(text.splitlines()) if isinstance(text, str) else len("".join(text).splitlines())
    return lines


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
    """Indices of the cells that start a slide or a subslide, as stored (a notes cell with a
    heading starts one too: its heading shows)."""
    starts = []
    for i, c in enumerate(nb.cells):
        kind = c.metadata.get("slideshow", {}).get("slide_type")
        if kind in ("slide", "subslide") or (kind == "notes" and _slide_heading(c.source) in (1, 2, 3)):
            starts.append(i)
    return starts


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
    for i, cell in enumerate(nb.cells):
        if not is_slide_only(cell):
            continue
        if not _tags(cell) & SKIP_TAGS:
            problems.append(f"cell {i}: a {SLIDE_ONLY_TAG} cell must also be tagged remove-cell (the page leaves it out)")
        if prose_words(cell.source) > WORDS:
            problems.append(f"cell {i}: a {SLIDE_ONLY_TAG} cell has {prose_words(cell.source)} words, at most {WORDS}")
        if _MYST.search(cell.source):
            problems.append(f"cell {i}: a {SLIDE_ONLY_TAG} cell is plain markdown and $ math (no MyST roles, directives or glue)")
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
