"""The book's machinery package (bookext): its parts load, its static files ship, each upstream
workaround still works around a bug that upstream still has, and the internals of other projects
that the book relies on are still there (``test_internals_the_book_relies_on``)."""

from __future__ import annotations

import inspect
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from docutils import nodes
from sphinx.application import Sphinx

import bookext
from bookext import assets, compat, decks


def _sphinx(tmp_path: Path, extensions: list[str], conf: str = "", files: dict[str, str] | None = None) -> Sphinx:
    (tmp_path / "conf.py").write_text(f"extensions = {extensions!r}\n{conf}")
    for name, text in (files or {"index.rst": "Title\n=====\n\nText.\n"}).items():
        (tmp_path / name).write_text(text)
    return Sphinx(tmp_path, tmp_path, tmp_path / "_build", tmp_path / "_doctrees", "html",
                  status=None, warning=None, freshenv=True)


def test_the_book_extension_loads_every_part_and_ships_its_static_files():
    calls = {"js": [], "css": [], "connect": [], "parts": []}
    app = SimpleNamespace(config=SimpleNamespace(html_static_path=[]),
                          add_js_file=lambda name, **kw: calls["js"].append(name),
                          add_css_file=lambda name, **kw: calls["css"].append(name),
                          connect=lambda event, fn: calls["connect"].append((event, fn)),
                          setup_extension=calls["parts"].append)
    assert bookext.setup(app)["parallel_read_safe"]
    assert calls["parts"] == bookext.PARTS and all(p.startswith("bookext.") for p in calls["parts"])
    assets.setup(app)
    assert calls["js"] == ["nblib-demo.js"]
    assert calls["css"] == ["nblib-demo.css", "nblib-book.css", "nblib-print.css"]
    for event, fn in calls["connect"]:
        assert event == "builder-inited"
        fn(app)
    folders = [Path(p) for p in app.config.html_static_path]
    assert folders == [assets.DEMO_STATIC, assets.STATIC]
    for name in calls["js"] + calls["css"]:
        assert any((f / name).is_file() for f in folders), name


# -- upstream workarounds: each test fails once upstream has fixed its bug ------------------------
@pytest.mark.parametrize("extensions, copies", [
    # sphinx-doc/sphinx#13402: Sphinx 7.4 writes the script twice. When this case fails, Sphinx has
    # fixed it: remove bookext.compat's _name_inline_scripts and this test.
    (["sphinx_togglebutton"], 2),
    (["sphinx_togglebutton", "bookext.compat"], 1),
])
def test_inline_scripts_are_written_once(tmp_path, extensions, copies):
    """sphinx-togglebutton adds its selector as an inline script once the builder has started;
    with bookext.compat the page carries it once."""
    app = _sphinx(tmp_path, extensions)
    app.build()
    assert (tmp_path / "_build" / "index.html").read_text().count("var togglebuttonSelector") == copies


@pytest.mark.parametrize("name", sorted(compat.SAFE_FOR_HTML))
def test_extensions_declared_safe_still_declare_nothing(tmp_path, name):
    """jupyter-book#1735, sphinx-multitoc-numbering#27: when an extension declares its parallel
    safety itself, this fails; remove it from bookext.compat.SAFE_FOR_HTML."""
    app = _sphinx(tmp_path, [name])
    extension = app.extensions[name]
    assert extension.parallel_read_safe is None, (
        f"{name} now declares parallel_read_safe={extension.parallel_read_safe}: "
        "remove it from bookext.compat.SAFE_FOR_HTML")


# -- the internals of other projects the book relies on (bookext.compat.INTERNALS) ------------------
NOTEBOOK = nbformat.v4.new_notebook(cells=[
    nbformat.v4.new_markdown_cell("# Title\n\nFirst."),
    nbformat.v4.new_code_cell("1 + 1"),
    nbformat.v4.new_markdown_cell("Second.\n\n```{exercise}\n:label: ex-a\nQuestion.\n```\n\n"
                                  "```{solution} ex-a\n:class: dropdown\nAnswer.\n```"),
], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def test_internals_the_book_relies_on(tmp_path):
    """One test for every private internal in ``bookext.compat.INTERNALS``: when an upgrade
    changes one, this fails here and names it, instead of a build failing somewhere later."""
    import sphinx.builders
    from sphinx.builders.html._assets import _JavaScript

    script = _JavaScript("", priority=500, id="x")
    assert (script.filename, script.priority, script.attributes) == ("", 500, {"id": "x"})
    assert callable(sphinx.builders.make_chunks)
    assert "make_chunks(" in inspect.getsource(sphinx.builders.Builder._read_parallel)

    app = _sphinx(tmp_path, ["myst_nb", "sphinx_exercise"], 'nb_execution_mode = "off"\nhtml_theme = "sphinx_book_theme"\n',
                  {"index.ipynb": nbformat.writes(NOTEBOOK)})
    buttons = []
    app.connect("html-page-context", lambda app, page, template, context, doctree: buttons.extend(
        context.get("header_buttons", [])), priority=600)  # where bookext.reader_notebooks looks
    app.build()
    downloads = [b for b in buttons if b.get("label") == "download-buttons"]
    assert downloads and any(button.get("url", "").endswith(".ipynb") for button in downloads[0]["buttons"])
    assert app.env.mystnb_config.execution_mode == "off" and app.env.mystnb_config.execution_cache_path
    assert (tmp_path / "jupyter_execute" / "index.ipynb").is_file()
    doctree = app.env.get_doctree("index")
    lines = {n.astext(): n.line for n in doctree.findall(lambda n: n.tagname == "paragraph")}
    step = decks.LINE_STEP
    cell_of = {text: line // step - 1 for text, line in lines.items()}  # what bookext.decks reads
    assert cell_of == {"First.": 0, "Second.": 2, "Question.": 2, "Answer.": 2}, lines
    cells = [n for n in doctree.findall(nodes.Element) if n.get("nb_element") == "cell_code"]
    assert [n["cell_index"] for n in cells] == [1]
    entry = app.env.sphinx_exercise_registry["ex-a"]
    assert entry["docname"] == "index" and entry["node"].astext().strip().endswith("Question.")
    solutions = [n for n in doctree.findall() if decks._is_solution(n)]
    assert solutions and all(type(n).__name__.startswith("solution") for n in solutions)


def test_citations_read_by_author_and_year(tmp_path):
    """bookext.bibliography's styles, and the sphinxcontrib-bibtex internals that
    bookext.reader_notebooks reads (``compat.INTERNALS``): each key as the text shows it, the
    entries of the one bibliography page with their author-year labels."""
    from bookext import reader_notebooks

    bib = ("@book{one, author = {Rashid, Tariq}, title = {A Book}, publisher = {P}, year = {2016}}\n"
           "@article{three, author = {Ax, A. and By, B. and Cy, C.}, title = {A Paper}, journal = {J}, year = {1986}}\n")
    index = ("Title\n=====\n\n:cite:t:`one` and :cite:p:`one,three`.\n\n.. bibliography::\n   :all:\n")
    app = _sphinx(tmp_path, ["bookext.bibliography"], 'bibtex_bibfiles = ["refs.bib"]\nbibtex_reference_style = "book"\n'
                  'bibtex_default_style = "book"\n', {"index.rst": index, "refs.bib": bib})
    app.build()
    text = app.env.get_and_resolve_doctree("index", app.builder).astext()
    assert "Rashid (2016) and (Ax et al., 1986; Rashid, 2016)." in text  # in the bibliography's order
    citations, (page, entries) = reader_notebooks.citations_from_env(app)
    assert citations == {"one": {"t": "Rashid (2016)", "p": "(Rashid, 2016)"},
                         "three": {"t": "Ax et al. (1986)", "p": "(Ax et al., 1986)"}}
    assert page == "index"
    assert entries == [("Ax et al. 1986", "A. Ax, B. By, and C. Cy. A paper. *J*, 1986."),
                       ("Rashid 2016", "Tariq Rashid. *A Book*. P, 2016.")]


def test_docutils_still_writes_the_deprecated_bibliography_role():
    """docutils writes each citation with ``role="doc-biblioentry"`` (deprecated in DPUB-ARIA 1.1;
    axe-core wants list items in a list). When this fails, docutils writes another role:
    bookext.compat's _list_citations may go. The workaround itself: the role becomes listitem."""
    from docutils.writers import _html_base

    assert 'role="doc-biblioentry"' in inspect.getsource(_html_base.HTMLTranslator.visit_citation)
    context = {"body": '<div role="list" class="citation-list">\n<div class="citation" id="id2" role="doc-biblioentry">'}
    compat._list_citations(None, "book/references", "page.html", context, None)
    assert context["body"] == '<div role="list" class="citation-list">\n<div class="citation" id="id2" role="listitem">'


def test_cache_database_is_still_created_without_a_lock():
    """jupyter-cache#37 (sphinx-doc/sphinx#12481): two readers that open a new cache at once both
    create its tables. The race cannot be replayed on demand; this guards its cause, a check for
    the file followed by an unguarded ``create_all``: when jupyter-cache changes it, this fails,
    and bookext.compat's _create_cache may go. The workaround itself: the database exists before
    any document is read."""
    from jupyter_cache.cache import db

    source = inspect.getsource(db.create_db)
    assert ".exists()" in source and "create_all(engine)" in source


def test_cache_mode_writes_the_source_notebook_as_the_executed_one(tmp_path):
    """myst-nb 1.4.0 writes ``jupyter_execute/<doc>.ipynb`` from the notebook it read, not from the
    cache's: the stale stored output below survives there. When this fails, myst-nb writes the
    executed copy: bookext.compat.executed_notebook may read the file alone."""
    cell = nbformat.v4.new_code_cell("print(6 * 7)", outputs=[nbformat.v4.new_output("stream", text="stale\n")])
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), cell], metadata=NOTEBOOK.metadata)
    files = {"index.ipynb": nbformat.writes(notebook)}
    for _ in range(2):  # the first build executes and caches, the second takes the outputs from the cache
        app = _sphinx(tmp_path, ["myst_nb"], 'nb_execution_mode = "cache"\n', files)
        app.build()
    written = nbformat.read(tmp_path / "jupyter_execute" / "index.ipynb", as_version=4)
    assert written.cells[1].outputs[0]["text"] == "stale\n"  # the bug
    assert compat.executed_notebook(app, "index").cells[1].outputs[0]["text"] == "42\n"  # the workaround
