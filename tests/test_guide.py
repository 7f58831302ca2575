"""The teacher's guide (``book/guide_part<k>.ipynb``, one page per part of ``_toc.yml``) against the chapters.

Every slider demo of a chapter has a "predict, then move the slider" question in its part's guide
page, under that chapter's section, with a glued answer folded into a dropdown; every demo's
introduction in the chapter carries a predict-first prompt for readers; the guide covers the four
misconceptions of issue 17; no code cell of the guide shows an answer outside its fold (issue 28), and
every time plan fills whole 50-minute periods. Demos are found as ``nblib/sliders/catalogue.py`` finds them (cells that
call ``nblib.demo(``) and named by their ``name=`` argument.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
PARTS = [[Path(c["file"]).name for c in part["chapters"]] for part in TOC["parts"]
         if part["caption"].startswith("Part ")]
CHAPTERS = [(k, slug) for k, part in enumerate(PARTS, start=1) for slug in part]
MISCONCEPTIONS = ["The sign of an update", "Transposed weight matrices", "A learning rate that is too large",
                  "Confusing the error with the loss"]
DEMO_NAME = re.compile(r'nblib\.demo\(.*?\bname="([^"]+)"', re.S)
QUESTION = re.compile(r"^\(guide-q-([\w-]+)\)=\n#### Predict, then move the slider: ", re.M)
GLUE_RECORD = "application/papermill.record/"   # what glue(..., display=False) stores
ANSWER = re.compile(r":::\{admonition\} Answer\n:class: dropdown\n(.*?)\n:::", re.S)


def cells(path: Path):
    return nbformat.read(path, as_version=4).cells


def demos(slug: str) -> list[tuple[str, str]]:
    """(name, introduction) of each demo of a chapter: the markdown cell before the demo's cell."""
    found, nb = [], cells(BOOK / f"{slug}.ipynb")
    for i, cell in enumerate(nb):
        if cell.cell_type == "code" and "nblib.demo(" in cell.source:
            intro = next(c.source for c in reversed(nb[:i]) if c.cell_type == "markdown")
            found.append((DEMO_NAME.search(cell.source)[1], intro))
    return found


def guide_sections(k: int) -> dict[int, str]:
    """The markdown of guide page k, split into its chapter sections ("## Chapter N: ...")."""
    text = "\n\n".join(c.source for c in cells(BOOK / f"guide_part{k}.ipynb") if c.cell_type == "markdown")
    parts = re.split(r"^## Chapter (\d+): ", text, flags=re.M)
    return {int(n): body for n, body in zip(parts[1::2], parts[2::2])}


def questions(section: str) -> list[tuple[str, str]]:
    """(demo name, text up to the next question) of each question in a guide section."""
    starts = list(QUESTION.finditer(section))
    ends = [m.start() for m in starts[1:]] + [len(section)]
    return [(m[1], section[m.end():end]) for m, end in zip(starts, ends)]


def test_the_book_has_parts_and_the_guide_a_page_for_each():
    listed = {Path(c["file"]).name for part in TOC["parts"] for c in part["chapters"]}
    assert len(PARTS) == 5
    for k in range(1, len(PARTS) + 1):
        assert (BOOK / f"guide_part{k}.ipynb").exists() and f"guide_part{k}" in listed


@pytest.mark.parametrize("k, slug", CHAPTERS, ids=[slug for _, slug in CHAPTERS])
def test_every_demo_has_a_question_with_a_glued_answer(k, slug):
    number = int(slug.split("_")[0])
    section = guide_sections(k).get(number)
    assert section is not None, f"guide_part{k} has no section '## Chapter {number}: ...'"
    assert f"{{doc}}`{slug}`" in section, f"the guide's chapter {number} section does not link {slug}"
    for heading in ("objectives", "prerequisites", "time plan"):
        assert f"### Chapter {number}: {heading}" in section, f"chapter {number}: no '{heading}' subsection"
    asked = questions(section)
    assert sorted(name for name, _ in asked) == sorted(name for name, _ in demos(slug)), (
        f"chapter {number}: the demos and the guide's questions differ")
    for name, text in asked:
        answer = ANSWER.search(text)
        assert answer, f"question {name}: no answer in a dropdown admonition"
        assert "{glue:text}`" in answer[1], f"question {name}: the answer glues no computed value"


@pytest.mark.parametrize("slug", [slug for _, slug in CHAPTERS])
def test_every_demo_introduction_asks_the_reader_to_predict(slug):
    for name, intro in demos(slug):
        assert re.search(r"Before you [^.?]*, predict", intro), f"{slug}, demo {name}: no predict-first prompt"


def test_the_guide_covers_the_four_misconceptions():
    text = "\n".join(s for k in range(1, len(PARTS) + 1) for s in guide_sections(k).values())
    for name in MISCONCEPTIONS:
        assert f"**{name}.**" in text, f"no misconception '{name}' in the guide"


@pytest.mark.parametrize("k", range(1, len(PARTS) + 1))
def test_no_guide_code_shows_an_answer_outside_its_fold(k):
    """The code that computes an answer shows nothing: it glues with display=False and prints nothing.

    A guide page folds each answer under "Answer"; a printed or displayed value under the question
    would give it away. The only visible output of a guide page's code is a time plan, whose code is
    removed from the page.
    """
    for cell in cells(BOOK / f"guide_part{k}.ipynb"):
        if cell.cell_type != "code":
            continue
        where = f"guide_part{k}, cell {cell.id}"
        if cell.source.startswith("time_plan("):
            assert "remove-input" in cell.metadata.get("tags", []), f"{where}: a time plan's code must be removed"
            continue
        assert "print(" not in cell.source, f"{where}: prints (glue the value with display=False instead)"
        for out in cell.outputs:
            kinds = set(out.get("data", {}))
            assert out.output_type == "display_data" and kinds and all(m.startswith(GLUE_RECORD) for m in kinds), (
                f"{where}: a visible {out.output_type} output (glue with display=False, print nothing)")


@pytest.mark.parametrize("k", range(1, len(PARTS) + 1))
def test_every_time_plan_fills_whole_periods(k):
    """Every chapter's plan is a table of 50-minute periods: time_plan checks the sum when the page runs."""
    plans = [c for c in cells(BOOK / f"guide_part{k}.ipynb") if c.cell_type == "code" and c.source.startswith("time_plan(")]
    assert len(plans) == len(guide_sections(k))
    for cell in plans:
        table = "".join(out["data"]["text/markdown"] for out in cell.outputs if "text/markdown" in out.get("data", {}))
        total = re.search(r"\*\*total: (\d+) periods? of 50 minutes\*\* \| \*\*(\d+)\*\*", table)
        assert total and int(total[2]) == 50 * int(total[1]), f"guide_part{k}, cell {cell.id}: no total in whole periods"
