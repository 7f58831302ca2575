"""Sphinx extension: let the HTML build read (and so execute) the notebooks in parallel.

Sphinx reads documents in parallel (``jobs`` > 1, see ``tools/build_book.py``) only when every
extension declares itself safe for it. Three extensions that Jupyter Book loads declare nothing,
so Sphinx silently falls back to one process. For the HTML builder each is safe, for the
reason given below (read from their sources at the versions pinned in ``constraints.txt``):
"""

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


def _declare_safe(app):
    if app.builder.format != "html":
        return
    for name in SAFE_FOR_HTML:
        extension = app.extensions.get(name)
        if extension is not None:
            extension.parallel_read_safe = True
            extension.parallel_write_safe = True


def setup(app):
    app.connect("builder-inited", _declare_safe)  # before any document is read
    return {"parallel_read_safe": True, "parallel_write_safe": True}
