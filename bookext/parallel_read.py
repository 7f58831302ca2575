"""Sphinx extension: the HTML build reads (and so executes) the notebooks in parallel, slowest first.

Sphinx reads documents in parallel (``jobs`` > 1, see ``tools/build_book.py``) only when every
extension declares itself safe for it (``bookext.compat`` declares three that do not).
In parallel, Sphinx hands each process a batch of about ten documents in name order, so with two
processes one reads chapters 1 to 10 and the other chapters 11 to 16, the slowest notebooks; the
first then waits for the second. Here each process reads one document at a time and takes the
next one as soon as it is done, slowest notebooks first (see ``_slowest_first``), and sends back
an environment without the pages' doctrees in it (see ``_detach_exercises``).
"""

import re

import sphinx.builders


def _one_per_chunk(arguments, nproc, maxbatch=10):
    """``sphinx.util.parallel.make_chunks`` with one document per chunk, so that a pool of
    ``nproc`` processes balances itself, and the documents start in the order given.

    ``ParallelTasks`` starts the first ``nproc`` chunks at once and then the waiting ones last in,
    first out (``dict.popitem``), so the rest are handed over reversed.
    """
    chunks = [[a] for a in arguments]
    return chunks[:nproc] + chunks[nproc:][::-1]


def _slowest_first(app, env, docnames):
    """Reorder the documents to read (in place), slowest first, so that the pool never ends on
    one long notebook while the other process idles: by the execution time myst-nb recorded in
    the previous build into this folder when there is one; else notebooks before pages, later
    chapters (they train larger networks) before earlier ones."""
    known = getattr(env, "nb_metadata", None) or {}  # myst-nb's NbMetadataCollector data

    def cost(docname):
        runtime = ((known.get(docname) or {}).get("exec_data") or {}).get("runtime")
        notebook = str(env.doc2path(docname)).endswith(".ipynb")
        chapter = re.match(r"(\d+)_", docname.rsplit("/", 1)[-1])
        return (runtime is not None, runtime or 0.0, notebook, int(chapter[1]) if chapter else 0, docname)

    docnames.sort(key=cost, reverse=True)


def _detach_exercises(app, doctree):
    """Keep, in the environment, a copy of each exercise and solution node of this document that
    no longer refers to the document.

    sphinx-exercise keeps every such node in ``env.sphinx_exercise_registry``; its children refer
    to their whole page, so the environment carried every chapter's doctree (6.2 MB for this
    book, 4.5 MB of it the registry), and each parallel reader pickles the environment back to
    the main process, which unpickles it once per document. sphinx-exercise reads only the
    node's type, attributes and title from the registry, which the copy keeps.
    """
    registry = getattr(app.env, "sphinx_exercise_registry", None) or {}
    for entry in registry.values():
        if entry.get("docname") == app.env.docname:
            copy = entry["node"].deepcopy()
            for node in copy.findall():
                node.document = None
            entry["node"] = copy


def _schedule(app):
    if app.builder.format == "html" and app.parallel > 1:
        sphinx.builders.make_chunks = _one_per_chunk
        app.connect("env-before-read-docs", _slowest_first)
        app.connect("doctree-read", _detach_exercises)


def setup(app):
    app.connect("builder-inited", _schedule)  # before any document is read
    return {"parallel_read_safe": True, "parallel_write_safe": True}
