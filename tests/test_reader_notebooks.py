"""Reader notebooks (bookext/reader_notebooks.py): MyST turned into what any Jupyter front end shows.

The unit tests convert each construct the book uses against a small resolved book. The tests
marked ``book`` read the built book (``make book``): every reader notebook, rendered by a plain
CommonMark renderer, shows no MyST, holds every glued value of its page and every code cell in
order, folds every solution and draws every demo before anything runs; the bundle holds what its
README promises.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
import zipfile

import nbformat
import pytest
from markdown_it import MarkdownIt

from bookext import reader_notebooks as rn
from conftest import HTML, ROOT
from bookext.slideshow import is_demo

BOOK = rn.Book(
    titles={"book/01_a": "A predictor", "book/02_b": "A classifier", "book/api": "API reference"},
    files={"book/01_a": "01_a.ipynb", "book/02_b": "02_b.ipynb"},
    sections={"book/01_a": ["1.", "1.1.", "1.1.1."]},
    numbers={"figure": {"fig-a": ("book/01_a", "1.1"), "fig-b": ("book/02_b", "2.3")},
             "equation": {"eq-a": ("book/01_a", "1.2"), "eq-b": ("book/02_b", "2.1")},
             "exercise": {"ex-a": ("book/01_a", "1.4")}},
    citations={"nielsen2015": {"t": "Nielsen (2015)", "p": "(Nielsen, 2015)"},  # in the bibliography's order
               "rashid2016": {"t": "Rashid (2016)", "p": "(Rashid, 2016)"},
               "rumelhart1986": {"t": "Rumelhart et al. (1986)", "p": "(Rumelhart et al., 1986)"}},
    bibliography=("book/references", [("Nielsen 2015", "Michael A. Nielsen. *Neural Networks and Deep Learning*."),
                                      ("Rashid 2016", "Tariq Rashid. *Make Your Own Neural Network*.")]),
)


def page(glue=None, docname="book/01_a"):
    return rn.Page(BOOK, docname, glue or {"E": "'12.137'", "n": "3"})


def test_glued_values_read_as_the_book_shows_them():
    assert page().text("falls {glue:text}`E` miles short, {glue:text}`n` times") == "falls 12.137 miles short, 3 times"
    assert page().text("{glue:text}`n:.2f`") == "3.00"  # a format spec, as myst-nb applies it
    with pytest.raises(rn.ConversionError, match="no value is glued as 'missing'"):
        page().text("{glue:text}`missing`")


def test_equations_carry_their_number_and_references_read_it():
    text = page().text("$$\nE = y - \\hat y .\n$$ (eq-a)\n\nBy {eq}`eq-a` and {eq}`eq-b`.")
    assert text == "$$\nE = y - \\hat y . \\tag{1.2}\n$$\n\nBy (1.2) and [(2.1)](02_b.ipynb)."
    assert page().text("$$ x = 1 $$ (eq-a)") == "$$ x = 1 \\tag{1.2}$$"
    assert page().text("$$a$$\n\nplain $$b$$ (eq-a)") == "$$a$$\n\nplain $$b \\tag{1.2}$$"


def test_figures_pages_and_unknown_targets():
    assert page().text("{numref}`fig-a` and {numref}`fig-b`") == "Fig. 1.1 and [Fig. 2.3](02_b.ipynb)"
    assert page().text("Next: {doc}`02_b`, {doc}`the start <01_a>`") == "Next: [A classifier](02_b.ipynb), the start"
    assert page().text("see {doc}`api`") == "see API reference (in the HTML book)"
    with pytest.raises(rn.ConversionError, match="no figure or exercise or equation is labelled 'fig-z'"):
        page().text("{numref}`fig-z`")
    with pytest.raises(rn.ConversionError, match="role {cite:year} has no reader form"):
        page().text("{cite:year}`rashid2016`")


def test_citations_read_as_the_book_shows_them_and_link_to_the_references():
    BOOK.files["book/references"] = "references.ipynb"
    try:
        assert page().text("As {cite:t}`rashid2016` shows {cite:p}`nielsen2015`.") == \
            "As [Rashid (2016)](references.ipynb) shows ([Nielsen, 2015](references.ipynb))."
        assert page().text("{cite}`rumelhart1986`") == "([Rumelhart et al., 1986](references.ipynb))"
        assert page().text("{cite:p}`rashid2016, nielsen2015`") == \
            "([Nielsen, 2015](references.ipynb); [Rashid, 2016](references.ipynb))"  # as Sphinx orders them
        assert page().text("{cite:t}`rumelhart1986,rashid2016,nielsen2015`") == (
            "[Nielsen (2015)](references.ipynb), [Rashid (2016)](references.ipynb), "
            "and [Rumelhart et al. (1986)](references.ipynb)")
    finally:
        del BOOK.files["book/references"]
    assert page().text("{cite:t}`rashid2016`") == "Rashid (2016) (in the HTML book)"  # no references notebook
    with pytest.raises(rn.ConversionError, match="no entry 'smith2020' in the bibliography"):
        page().text("{cite:p}`rashid2016,smith2020`")


def test_the_bibliography_lists_every_entry_as_text():
    references = rn.Page(BOOK, "book/references", {})
    assert references.text("# References\n\n```{bibliography}\n:all:\n```") == (
        "# References\n\n- **Nielsen 2015.** Michael A. Nielsen. *Neural Networks and Deep Learning*.\n"
        "- **Rashid 2016.** Tariq Rashid. *Make Your Own Neural Network*.")
    with pytest.raises(rn.ConversionError, match="a {bibliography} that the build did not list here"):
        page().text("```{bibliography}\n```")


def test_an_entry_escapes_only_what_markdown_and_mathjax_would_read():
    from pybtex.richtext import HRef, Tag, Text
    entry = Text("A. Author. ", Tag("em", "Nets (2nd ed.), load_digits"), ". ",
                 HRef("https://doi.org/10.1/x_(1)", "doi:10.1/x_(1)"), ".")
    assert entry.render(rn.EntryBackend()) == \
        r"A. Author. *Nets (2nd ed.), load\_digits*. [doi:10.1/x\_(1)](https://doi.org/10.1/x_(1))."


def test_headings_take_the_section_numbers_and_labels_go():
    md = "(sec-a)=\n# A predictor\n\ntext\n\n```python\n# a comment, not a heading\n```\n\n## The error"
    assert page().text(md) == "# 1. A predictor\n\ntext\n\n```python\n# a comment, not a heading\n```\n\n## 1.1. The error"
    unnumbered = rn.Page(BOOK, "book/02_b", {})
    assert unnumbered.text("# A classifier") == "# A classifier"


def test_admonitions_become_quotes_with_a_bold_title():
    md = ":::{admonition} Learning objectives\n:class: tip\nYou can\n\n- derive $E$;\n:::\n\n```{note}\nA note.\n```"
    assert page().text(md) == "> **Learning objectives**\n>\n> You can\n>\n> - derive $E$;\n\n> **Note**\n>\n> A note."


def test_a_solution_is_folded_in_a_segment_of_its_own():
    md = ("```{exercise}\n:label: ex-a\nWhat is {glue:text}`E`?\n```\n"
          "````{solution} ex-a\n:class: dropdown\nIt is {glue:text}`E`:\n```python\nprint(1)\n```\n````\nAfter.")
    segments = page().convert(md)
    assert [kind for kind, _ in segments] == ["text", "solution", "text"]
    assert segments[0][1] == "> **Exercise 1.4**\n>\n> What is 12.137?"
    assert segments[1][1] == ("<details>\n<summary><b>Solution to Exercise 1.4</b></summary>\n\n"
                              "It is 12.137:\n```python\nprint(1)\n```\n\n</details>")
    assert segments[2][1] == "After."
    answer = page().convert(":::{admonition} Answer\n:class: dropdown\nIt is {glue:text}`n`.\n:::")
    assert answer == [("solution", "<details>\n<summary><b>Answer</b></summary>\n\nIt is 3.\n\n</details>")]
    with pytest.raises(rn.ConversionError, match="a solution cannot stand inside another block"):
        page().text(":::{note}\n```{solution} ex-a\nx\n```\n:::")


def test_an_unknown_directive_stops_the_build():
    with pytest.raises(rn.ConversionError, match=r"directive \{margin\} has no reader form"):
        page().text("```{margin}\nx\n```")


def _demo_notebook():
    """A notebook as the build executed it: a glue record, a figure with a caption, a demo."""
    png = base64.b64encode(b"\x89PNG frame").decode()
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}})
    glue = nbformat.v4.new_output("display_data", data={rn.GLUE_PREFIX + "text/plain": "'1'"},
                                  metadata={"scrapbook": {"name": "E", "mime_prefix": rn.GLUE_PREFIX}})
    figure = nbformat.v4.new_code_cell("plot()", outputs=[nbformat.v4.new_output("display_data", data={"image/png": png})],
                                       metadata={"mystnb": {"figure": {"caption": "Guesses of $c$.", "name": "fig-a"}}})
    demo_html = ('<div class="nblib-demo"><svg class="nblib-demo-figure" role="img" aria-label="A line &amp; a point">'
                 '</svg><p class="nblib-demo-readout" aria-live="polite">c = 0.50 &lt; 1</p></div>')
    demo = nbformat.v4.new_code_cell("nblib.demo(draw)", metadata={"tags": ["hide-input"]}, outputs=[
        nbformat.v4.new_output("execute_result", data={rn.WIDGET_VIEW: {"model_id": "box"}, "text/html": demo_html,
                                                        "image/png": png, "text/plain": "<demo>"})])
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\n{numref}`fig-a`", metadata={"slideshow": {"slide_type": "slide"}}),
                nbformat.v4.new_code_cell("glue('E', '1')", outputs=[glue], metadata={"tags": ["remove-cell"]}),
                figure, demo]
    return nb, png


def test_reader_notebook_of_an_executed_notebook():
    executed, png = _demo_notebook()
    reader = rn.reader_notebook(executed, page())
    assert "widgets" not in reader.metadata
    kinds = [(c.cell_type, c.source) for c in reader.cells]
    assert kinds == [("markdown", "# 1. Title\n\nFig. 1.1"), ("code", "glue('E', '1')"), ("code", "plot()"),
                     ("markdown", "**Fig. 1.1** Guesses of $c$."), ("code", "nblib.demo(draw)")]
    glue_cell, demo = reader.cells[1], reader.cells[4]
    assert glue_cell.outputs == [] and glue_cell.metadata.jupyter == {"source_hidden": True, "outputs_hidden": True}
    assert demo.metadata.jupyter == {"source_hidden": True}
    frame, readout = demo.outputs
    assert frame.data == {"image/png": png, "text/plain": "A line & a point"}
    assert readout.data["text/plain"] == "c = 0.50 < 1"
    assert readout.data["text/markdown"].startswith("c = 0.50 &lt; 1  \n")


def test_the_exercises_slide_shows_the_first_exercises_within_the_words_of_a_slide():
    def exercises(*sizes):
        body = "\n\n".join(f"```{{exercise}}\n:label: ex-a\n{' '.join(['word'] * n)}\n```\n\n"
                             f"```{{solution}} ex-a\nIt is.\n```" for n in sizes)
        cell = nbformat.v4.new_markdown_cell(f"## Exercises\n\n{body}", metadata={"slideshow": {"slide_type": "slide"}})
        reader = rn.reader_notebook(nbformat.v4.new_notebook(cells=[cell]), page())
        return [c.metadata.slideshow.slide_type for c in reader.cells if "Exercise 1.4" in c.source
                and "Solution" not in c.source]
    assert exercises(15, 20, 10) == ["slide", "-", "notes"]   # 15 + 20 within 40 words; 10 more is not
    assert exercises(30, 20) == ["slide", "notes"]
    assert exercises(50, 5) == ["slide", "notes"]              # the first always; none after one that does not fit


def test_a_widget_without_its_default_frame_stops_the_build():
    executed, _ = _demo_notebook()
    del executed.cells[3].outputs[0].data["image/png"]
    with pytest.raises(rn.ConversionError, match="not an nblib demo with its default frame"):
        rn.reader_notebook(executed, page())


# -- the built book -------------------------------------------------------------------------------
MYST = re.compile(r"\{glue|\{cite|\{bibliography|^\s*:::|^\s*[`~]{3,}\s*\{|\{doc\}|\{eq\}|\{numref\}|\{ref\}|^\([\w:.-]+\)=|:label:|:class:", re.M)
_plain = MarkdownIt("commonmark")


def _reader(name):
    path = HTML / rn.FOLDER / name
    if not path.exists():
        pytest.fail(f"{path} is missing (run `make book` first)")
    return nbformat.read(path, as_version=4)


SOURCES = sorted(p.name for p in (ROOT / "book").glob("*.ipynb"))


@pytest.mark.book
@pytest.mark.parametrize("name", SOURCES)
def test_reader_notebook_reads_like_the_book(name):
    source = nbformat.read(ROOT / "book" / name, as_version=4)
    reader = _reader(name)
    markdown = [c.source for c in reader.cells if c.cell_type == "markdown"]
    for text in markdown:  # no MyST, in the source nor in what a CommonMark renderer shows
        assert not MYST.search(text), f"raw MyST in {name}: {MYST.search(text)[0]!r} in\n{text[:300]}"
        assert not MYST.search(_plain.render(text).replace("<p>", "\n").replace("<li>", "\n"))
    shown = "\n".join(markdown)
    glued = HTML.parent / rn.EXECUTED / "book" / name.replace(".ipynb", ".glue.json")
    from myst_nb.core.variables import format_plain_text
    values = json.loads(glued.read_text()) if glued.exists() else {}
    used = {m[1] for c in source.cells if c.cell_type == "markdown" for m in re.finditer(r"\{glue:text\}`([^`:]+)`", c.source)}
    for key in used:  # every number of the page's prose, as the HTML book shows it
        assert format_plain_text(values[key]["data"]["text/plain"], "s") in shown, f"{name}: glued {key} is not shown"
    assert [c.source for c in reader.cells if c.cell_type == "code"] == \
        [c.source for c in source.cells if c.cell_type == "code"]
    guide_answers = [c for c in reader.cells if c.get("id", "").endswith("-guide-a")]
    for cell in guide_answers:  # a demo's guide answer: folded, in the notes of its question's slide
        assert cell.source.startswith("<details>\n<summary>") and cell.metadata.slideshow.slide_type == "notes"
    for cell in reader.cells:
        if "<details>" in cell.source and cell not in guide_answers:  # a solution: folded, alone, out of the slides
            assert cell.source.startswith("<details>\n<summary>") and cell.source.endswith("</details>")
            assert cell.metadata.slideshow.slide_type == "skip"
    folded = re.compile(r"\{solution\}|\{admonition\}[^\n]*\n:class:[^\n]*\bdropdown\b")  # solutions, answers
    solutions = sum(len(folded.findall(c.source)) for c in source.cells if c.cell_type == "markdown")
    assert sum(c.source.count("<details>") for c in reader.cells if c not in guide_answers) == solutions
    demos = [c for c in reader.cells if c.cell_type == "code" and is_demo(c)]
    for demo in demos:  # the default frame, shown without a kernel
        kinds = [set(o.get("data", {})) for o in demo.outputs]
        assert kinds[0] == {"image/png", "text/plain"} and rn.WIDGET_VIEW not in set().union(*kinds)
        assert base64.b64decode(demo.outputs[0].data["image/png"]).startswith(b"\x89PNG")
    assert not any(rn.GLUE_PREFIX in k for c in reader.cells for o in c.get("outputs", []) for k in o.get("data", {}))


@pytest.mark.book
def test_the_bundle_holds_what_its_readme_promises():
    with zipfile.ZipFile(HTML / rn.BUNDLE) as bundle:
        names = set(bundle.namelist())
        readme = bundle.read(f"{rn.BUNDLE_ROOT}/README.md").decode()
    top = {n.split("/")[0] for n in names}
    assert top == {rn.BUNDLE_ROOT}
    inside = {n.split("/", 1)[1] for n in names}
    assert {"README.md", "requirements.txt", "constraints.txt", "pyproject.toml", "nblib/__init__.py",
            "nblib/sliders/static/nblib-demo.js", "notebooks/rise.css"} <= inside
    assert {f"notebooks/{n}" for n in SOURCES} <= inside
    assert not any("__pycache__" in n for n in inside)
    assert "python -m pip install -r requirements.txt -c constraints.txt" in readme
    assert "jupyter lab notebooks/" in readme
    with zipfile.ZipFile(HTML / rn.BUNDLE) as bundle:  # every relative link and picture of a notebook is in the bundle
        for name in sorted(n for n in inside if n.endswith(".ipynb")):
            notebook = nbformat.reads(bundle.read(f"{rn.BUNDLE_ROOT}/{name}").decode(), as_version=4)
            for cell in notebook.cells:
                if cell.cell_type != "markdown":
                    continue
                shown = _plain.render(cell.source)
                for target in re.findall(r'\b(?:href|src)="(?![a-z][a-z0-9+.-]*:)([^"#]+)[^"]*"', shown):
                    assert posixpath.normpath(posixpath.join("notebooks", target)) in inside, \
                        f"{name} points at {target!r}, which the bundle does not hold"


def test_what_points_outside_the_notebooks_folder_is_left_out_or_named():
    text = ('Intro.\n\n<figure class="x">\n<img src="../_static/a.svg" alt="A">\n<figcaption>A.</figcaption>\n'
            '</figure>\n\nSee <a href="../slides/01.html">the deck</a> and [ch 1](01_a.ipynb).')
    assert rn.within_bundle(text) == "Intro.\n\n\nSee the deck (in the HTML book) and [ch 1](01_a.ipynb)."


def test_split_for_rise_notes_headings_and_summary():
    assert rn.split_at_headings("Closing words.\n\n## Exercises\n\nDo this.", "slide") == [
        ("notes", "Closing words."), ("slide", "## Exercises\n\nDo this.")]
    assert rn.split_at_headings("# Title\n\nlong prose\n\n### Sub\n\nmore", "notes") == [
        ("slide", "# Title"), ("notes", "long prose"), ("slide", "### Sub"), ("notes", "more")]
    assert rn.split_at_headings("## Idea\n\nshort", "slide") == [("slide", "## Idea\n\nshort")]
    assert rn.summary_parts("## 1.5. Summary\n\n> **Key formulas**\n>\n> | a | b |\n\nProse.", "slide") == [
        ("slide", "## 1.5. Summary\n\n> **Key formulas**\n>\n> | a | b |"), ("notes", "Prose.")]


def test_every_rise_slide_starts_with_a_heading():
    def md(text, kind, cid):
        return rn._markdown_cell(text, kind, cid)

    def code(source, kind, cid):
        cell = nbformat.v4.new_code_cell(source, metadata={"slideshow": {"slide_type": kind}})
        cell["id"] = cid
        return cell

    reader = nbformat.v4.new_notebook(cells=[
        md("# 1. Title", "slide", "a"), md("## 1.1. Idea", "slide", "b"), code("x = 1", "-", "c"),
        code("plt.plot(x)", "slide", "d"), md(f"### {rn.GUIDE_HEADING}\n\nWhich way?", "slide", "e"),
        code("nblib.questions.numeric('q', answer=1)", "slide", "f"), code("print(x)", "slide", "g")])
    out = rn.with_headings(reader)
    assert [(c.get("id"), c.metadata["slideshow"]["slide_type"], c.source) for c in out.cells] == [
        ("a", "slide", "# 1. Title"), ("b", "slide", "## 1.1. Idea"), ("c", "-", "x = 1"),
        ("d-heading", "slide", "### 1.1. Idea"), ("d", "-", "plt.plot(x)"),
        ("e", "slide", f"### {rn.GUIDE_HEADING}\n\nWhich way?"),
        ("f", "slide", "nblib.questions.numeric('q', answer=1)"),   # a question's box is titled
        ("g-heading", "slide", "### 1.1. Idea"), ("g", "-", "print(x)")]  # not the guide question's heading


def test_a_slide_only_heading_takes_no_section_number():
    only = nbformat.v4.new_markdown_cell("### What the figure shows\n\n$a = b$", metadata={"tags": ["slide-only", "remove-cell"],
                                                                                  "slideshow": {"slide_type": "slide"}})
    executed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), only,
                                               nbformat.v4.new_markdown_cell("## Next")])
    reader = rn.reader_notebook(executed, page())
    assert [c.source for c in reader.cells] == ["# 1. Title", "### What the figure shows\n\n$a = b$", "## 1.1. Next"]
