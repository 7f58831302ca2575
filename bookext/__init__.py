"""The book's build machinery: everything Sphinx and Jupyter Book 1 need beyond ``nblib``.

``_config.yml`` loads this package as one Sphinx extension (``sphinx.extra_extensions``); its
``setup`` loads the parts, each a module with a job:

========================  ==============================================================
``bookext.compat``        upstream workarounds and the internals the book relies on, each
                          with its upstream issue and a test that says when it can go
``bookext.parallel_read`` notebooks read (executed) in parallel, slowest first
``bookext.assets``        the book's stylesheets and the slider demos' script and stylesheet
``bookext.answer_key``    the ``{answer-key}`` directive: every solution, collected
``bookext.bibliography``  the citation styles: "Rashid (2016)", "(Rashid, 2016)", entries
                          labelled by author and year
``bookext.decks``         each chapter as a static reveal.js deck, ``slides/NN_slug.html``
``bookext.reader_notebooks``  ``notebooks/*.ipynb`` as the book reads, and ``notebooks.zip``
========================  ==============================================================

and two modules without Sphinx: ``bookext.slideshow`` (the chapters' slide metadata, one rule
set for RISE and the decks) and ``bookext.links`` (links rebased from one page onto another).
The command-line scripts in ``tools/`` import them.
"""

#: BLAS and OpenMP thread counts for kernels that run side by side, one per core. OpenBLAS's
#: threads wait for each other by spinning: with two kernels on two cores each kernel's second
#: thread takes a core from the other, and the small matrix products of the chapters run many
#: times slower than on one thread (a tenfold slowdown measured on chapter 12's depth demo).
#: ``tools/build_book.py`` and ``tools/execute_notebooks.py`` set them for their kernels.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

#: The MIME type of a widget's view in a notebook output (a slider demo's live face).
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

PARTS = ["bookext.compat", "bookext.parallel_read", "bookext.assets", "bookext.answer_key", "bookext.bibliography",
         "bookext.decks", "bookext.reader_notebooks"]


def setup(app):
    for part in PARTS:
        app.setup_extension(part)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
