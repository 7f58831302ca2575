"""Build the HTML book: ``jupyter-book build . --builder html -W -n --keep-going``, on every core.

Usage: python tools/build_book.py [--jobs N]

The book goes to ``_build/html``, or to ``$NBLIB_BOOK_BUILD/html`` when that variable names
another build folder (the browser tests read the same variable).

The Jupyter Book 1.x command line always builds with one Sphinx process, so each notebook is
executed after the one before it. This script calls the function that command calls
(``jupyter_book.sphinx.build_sphinx``) with the same settings (warnings are errors, nitpicky
references, keep going to report every warning) and ``jobs``, so Sphinx reads, and myst-nb
executes, the notebooks in parallel (see ``tools/parallel_read.py``). The kernels it starts
use one BLAS thread each (``ONE_THREAD``): one kernel per core is already all the cores.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("NBLIB_BOOK_BUILD", ROOT / "_build"))
#: BLAS and OpenMP thread counts for kernels that run side by side, one per core. OpenBLAS's
#: threads wait for each other by spinning: with two kernels on two cores each kernel's second
#: thread takes a core from the other, and the small matrix products of the chapters run many
#: times slower than on one thread (a tenfold slowdown measured on chapter 12's depth demo).
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="Sphinx processes (default: the number of CPUs)")
    args = parser.parse_args(argv)
    from jupyter_book.sphinx import build_sphinx  # here: execute_notebooks.py imports ONE_THREAD only

    for name, value in ONE_THREAD.items():  # the kernels inherit this environment
        os.environ.setdefault(name, value)
    # The overrides the command line sets for `build . --builder html -n` (jupyter_book.cli.main.build)
    overrides = {"external_toc_path": (ROOT / "_toc.yml").as_posix(), "latex_individualpages": False,
                 "nitpicky": True}
    result = build_sphinx(
        str(ROOT), str(BUILD / "html"), noconfig=True, path_config=str(ROOT / "_config.yml"),
        confoverrides=overrides, builder="html", warningiserror=True, keep_going=True,
        jobs=max(1, args.jobs),
    )
    if isinstance(result, Exception):
        raise result
    if result == 0:
        print(f"The book is at {BUILD / 'html' / 'index.html'}")
    return int(result)


if __name__ == "__main__":
    sys.exit(main())
