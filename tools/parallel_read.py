"""Sphinx extension: let the book build read (and so execute) its notebooks in parallel.

Sphinx reads documents in parallel (``sphinx-build -j N``) only when every extension declares
itself safe for it. ``sphinx_multitoc_numbering``, which Jupyter Book adds for chapter numbers
that run on across parts, does not declare it, so Sphinx falls back to one process. It is safe:
it only replaces ``TocTreeCollector.assign_section_numbers`` when the builder starts, in the main
process, and the numbers are assigned there after the parallel read has merged its results.
This extension records that, so ``make book`` executes the notebooks on every core.
"""

EXTENSION = "sphinx_multitoc_numbering"


def _declare_safe(app, config):
    extension = app.extensions.get(EXTENSION)
    if extension is not None:
        extension.parallel_read_safe = True
        extension.parallel_write_safe = True


def setup(app):
    app.connect("config-inited", _declare_safe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
