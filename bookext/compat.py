"""Upstream workarounds, each with the upstream issue it works around, in one place.

Each workaround has a test in ``tests/test_bookext.py`` that fails once upstream has fixed the
bug (so the workaround is removed, not forgotten); ``INTERNALS`` lists the private internals of
other projects that the book relies on, which ``test_internals_the_book_relies_on`` checks, so
that an upgrade that changes one fails loudly in that one test, not somewhere in a build.

1. **Inline scripts written twice** (sphinx-doc/sphinx#13402, fixed after Sphinx 7.4; Jupyter
   Book 1 requires Sphinx 7, ``~=7.0``). Sphinx 7.4 writes an inline script
   (``app.add_js_file(None, body=...)``) twice when an extension adds it after the HTML builder
   has started, as sphinx-togglebutton and sphinx-thebe do: the builder keeps it with the file
   name ``None``, and ``prepare_writing`` adds the registry's copy again with the file name ``""``,
   which its check for duplicates takes for another script. On every page of the book the
   second ``const THEBE_JS_URL = ...`` was a script error. :func:`_name_inline_scripts` gives
   those scripts the empty file name just before ``prepare_writing`` runs.
2. **Extensions that do not declare themselves safe for parallel reading** (jupyter-book#1735,
   sphinx-multitoc-numbering#27): Sphinx then reads, and so executes, the notebooks one at a
   time. ``SAFE_FOR_HTML`` declares them, each for the reason given (read from their sources at
   the versions pinned in ``constraints.txt``), for the HTML builder only.
3. **The execution cache's database, created by two readers at once** (jupyter-cache#37,
   reported as sphinx-doc/sphinx#12481): with ``nb_execution_mode = "cache"`` each parallel
   reader opens jupyter-cache's SQLite database; on a first build both find no file and both
   create its tables, and one fails with "table settings already exists". :func:`_create_cache`
   creates the database in the main process before any document is read.
4. **The executed copy of a notebook whose outputs came from the cache** (myst-nb 1.4.0,
   ``myst_nb/sphinx_.py``: it writes the notebook it read, not the one the cache client
   returned): with ``nb_execution_mode = "cache"``, ``_build/jupyter_execute/<doc>.ipynb`` holds
   the source's stored outputs whenever the cache supplied them. :func:`executed_notebook` merges
   the cache's outputs into it, as myst-nb does for the page.
5. **Bibliography entries with a deprecated ARIA role** (docutils 0.21.2,
   ``writers/_html_base.py``, ``visit_citation``; no upstream report found offline): docutils writes
   each citation as ``role="doc-biblioentry"`` inside ``role="list"``. DPUB-ARIA 1.1 deprecated
   that role, and axe-core no longer counts it as a list item: the references page failed its
   accessibility check ("aria-required-children", critical). :func:`_list_citations` gives the
   entries the role ``listitem`` in the page's body.
"""

from __future__ import annotations

from pathlib import Path

EXECUTED = "jupyter_execute"  # myst-nb's folder of executed notebooks, beside the HTML output

#: extension -> why it is safe to read in parallel for the HTML builder
SAFE_FOR_HTML = {
    # replaces TocTreeCollector.assign_section_numbers when the builder starts, in the main
    # process; section numbers are assigned there after the parallel read has merged
    "sphinx_multitoc_numbering": "patches section numbering in the main process",
    # sets mathjax_path at setup and copies MathJax's files when the build has finished
    "sphinx-mathjax-offline": "acts only at set-up and after the build",
    # its transforms and builder-inited handler act only for the LaTeX builder
    "sphinx_jupyterbook_latex": "acts only for LaTeX builds",
}

#: What the book uses of other projects' internals: (where, what the book needs of it).
INTERNALS = [
    ("sphinx.builders.html._assets._JavaScript", "the inline-script fix (1.) rebuilds the builder's scripts"),
    ("sphinx.builders.make_chunks", "bookext.parallel_read hands Sphinx's reader pool one document at a time"),
    ("myst-nb: markdown of cell i on lines (i + 1) * 10000 + n", "bookext.decks maps a page's nodes to cells"),
    ("myst-nb: code cells carry cell_index", "bookext.decks maps a page's nodes to cells"),
    ("sphinx_exercise: env.sphinx_exercise_registry[label] = {docname, node}",
     "bookext.parallel_read detaches each page's exercise nodes"),
    ("sphinx_exercise.nodes: solution nodes' class names start with 'solution'",
     "bookext.decks and bookext.answer_key find the solutions"),
    ("myst-nb: <outdir>/../jupyter_execute/<doc>.ipynb and <doc>.glue.json",
     "bookext.reader_notebooks reads the executed notebooks and their glued values"),
    ("sphinx-book-theme: context['header_buttons'], group 'download-buttons'",
     "bookext.reader_notebooks points the download button at the reader notebook"),
    ("myst-nb: app.env.mystnb_config.execution_mode and .execution_cache_path",
     "the cache fix (3.) finds the cache myst-nb will use"),
    ("sphinxcontrib-bibtex: the cite domain's citations (key, bibliography_key.docname, "
     "formatted_entry) and resolve_xref", "bookext.reader_notebooks reads citations as the book resolved them"),
]


def _name_inline_scripts(app, builder):
    """write-started: the builder's inline scripts get the file name ``""`` (workaround 1)."""
    from sphinx.builders.html._assets import _JavaScript

    scripts = getattr(builder, "_js_files", None)
    if scripts is None:  # not an HTML builder
        return
    builder._js_files = [_JavaScript("", priority=js.priority, **js.attributes) if js.filename is None else js
                         for js in scripts]


def _declare_safe(app):
    """builder-inited: the extensions of ``SAFE_FOR_HTML`` are safe to read in parallel (workaround 2)."""
    if app.builder.format != "html":
        return
    for name in SAFE_FOR_HTML:
        extension = app.extensions.get(name)
        if extension is not None:
            extension.parallel_read_safe = True
            extension.parallel_write_safe = True


def _create_cache(app):
    """builder-inited, after myst-nb's: create the execution cache's database now (workaround 3)."""
    config = getattr(app.env, "mystnb_config", None)
    if config is not None and config.execution_mode == "cache" and app.parallel > 1:
        from jupyter_cache import get_cache

        get_cache(config.execution_cache_path).db  # noqa: B018  (the property creates the database)


def _list_citations(app, pagename, templatename, context, doctree):
    """html-page-context: bibliography entries are list items (workaround 5)."""
    if "doc-biblioentry" in context.get("body", ""):
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def executed_notebook(app, docname: str):
    """The notebook ``docname`` as this build executed it, or took it from the cache (workaround 4)."""
    import nbformat

    path = Path(app.outdir).parent / EXECUTED / f"{docname}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    config = app.env.mystnb_config
    if config.execution_mode == "cache":
        from jupyter_cache import get_cache

        _, notebook = get_cache(config.execution_cache_path).merge_match_into_notebook(notebook)
    return notebook


def setup(app):
    app.connect("write-started", _name_inline_scripts)
    app.connect("builder-inited", _declare_safe)  # before any document is read
    app.connect("builder-inited", _create_cache, priority=900)  # after myst-nb has set the cache's path
    app.connect("html-page-context", _list_citations)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
