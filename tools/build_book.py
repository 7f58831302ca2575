"""Build the HTML book by the documented path: ``jupyter-book config sphinx``, then ``sphinx-build``.

Usage: python tools/build_book.py [--jobs N] [--execute force|cache]

``jupyter-book config sphinx .`` writes ``conf.py`` from ``_config.yml`` (it is generated on every
build, not kept in git), and ``sphinx-build -b html -j N -W -n --keep-going`` builds the book with
the settings of ``jupyter-book build . --builder html -W -n --keep-going`` (warnings are errors,
nitpicky references, every warning reported) on ``N`` processes, so that Sphinx reads, and
myst-nb executes, the notebooks in parallel (``bookext.parallel_read``); Jupyter Book's own
command line always builds with one. The kernels use one BLAS thread each (``bookext.ONE_THREAD``).

``--execute``: ``force`` (the default, and what ``make test`` and CI use) executes every notebook;
``cache`` is for authors: myst-nb's execution cache (jupyter-cache) executes a notebook again only
when its code has changed, and Sphinx re-reads only the pages that changed, so a rebuild after a
prose edit executes nothing. jupyter-cache knows a notebook's own code only, not the ``nblib`` it
imports: a cache kept across a change of ``nblib`` would show the outputs of the old code. So the
cache lives in ``_build/.jupyter_cache/<key>``, the key a digest of ``nblib``, ``bookext`` (the
kernels' figure format) and the pinned versions (:func:`code_key`): when one of them changes, the
path changes, Sphinx sees a changed setting and reads every page again, and every notebook is
executed once more, into a fresh cache (the old ones are deleted).

The book goes to ``_build/html``, or to ``$NBLIB_BOOK_BUILD/html`` when that variable names
another build folder (the browser tests read the same variable).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("NBLIB_BOOK_BUILD", ROOT / "_build"))
BIN = Path(sys.executable).parent


def code_key(root: Path = ROOT) -> str:
    """A digest of what the notebooks' outputs depend on besides their own cells: every file of
    ``nblib``, the Python files of ``bookext`` and ``constraints.txt`` (byte caches left out)."""
    files = [*(root / "nblib").rglob("*"), *(root / "bookext").rglob("*.py"), root / "constraints.txt"]
    digest = hashlib.sha256()
    for path in sorted(f for f in files if f.is_file() and "__pycache__" not in f.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def cache_path(build: Path = BUILD, root: Path = ROOT) -> Path:
    """The execution cache for the current ``code_key``; caches of other keys are deleted."""
    path = build / ".jupyter_cache" / code_key(root)
    if path.parent.is_dir():
        for old in path.parent.iterdir():
            if old != path:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="Sphinx processes (default: the number of CPUs)")
    parser.add_argument("--execute", choices=["force", "cache"], default="force",
                        help="execute every notebook (force, the default) or only changed ones (cache)")
    args = parser.parse_args(argv)
    from bookext import ONE_THREAD

    env = {**ONE_THREAD, **os.environ}  # the kernels inherit this environment
    subprocess.run([BIN / "jupyter-book", "config", "sphinx", ROOT], check=True, env=env, stdout=subprocess.DEVNULL)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-j", str(max(1, args.jobs)), "-W", "-n", "--keep-going",
               "-d", BUILD / ".doctrees", "-D", f"nb_execution_mode={args.execute}", ROOT, BUILD / "html"]
    if args.execute == "cache":
        command[-2:-2] = ["-D", f"nb_execution_cache_path={cache_path()}"]
    result = subprocess.run(command, env=env)
    if result.returncode == 0:
        print(f"The book is at {BUILD / 'html' / 'index.html'}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
