"""Execute notebooks top to bottom, each in a fresh kernel, and store their outputs normalised.

Usage: python tools/execute_notebooks.py [--jobs N] book/01_predictor.ipynb [...]

The stored form is ``bookext.stored``'s (see CONTRIBUTING.md, "Stored outputs"), so re-executing
an unchanged checkout on the same machine leaves ``git status`` clean.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from bookext import ONE_THREAD, slideshow  # kernels side by side: one BLAS thread each; slide metadata
from bookext.stored import normalise, sanitize_rules


def execute(path: Path) -> float:
    """Execute one notebook in its own folder and store it normalised; return the seconds taken."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", store_widget_state=False, record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    seconds = time.perf_counter() - start
    normalise(nb, path.name, sanitize_rules())
    if slideshow.is_chapter(path):  # keep a chapter's slide metadata right
        slideshow.apply(nb)
    nbformat.write(nb, path)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="notebooks executed at once (default: the number of CPUs)")
    args = parser.parse_args(argv)
    missing = [p for p in args.notebooks if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(map(str, missing))}")
    for name, value in ONE_THREAD.items():  # the kernels inherit this environment
        os.environ.setdefault(name, value)
    failed = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [(path, pool.submit(execute, path)) for path in args.notebooks]
        for path, future in futures:
            try:
                print(f"{path}: executed in {future.result():.1f} s", flush=True)
            except Exception as exc:  # a failing notebook is reported; the others are still stored
                failed.append(path)
                print(f"{path}: FAILED, its stored outputs are unchanged\n{exc}", file=sys.stderr, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
