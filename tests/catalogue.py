"""The slider demos of the book's notebooks, rebuilt from their code cells (a helper of the tests and benchmarks).

:func:`notebook_demos` runs a notebook's code cells in order, in a plain namespace (no kernel),
up to its last demo, and returns every :class:`~nblib.sliders.Demo` that ``nblib.demo`` built.
The browser tests compare each one's static fragment, drawn in Chromium, with matplotlib's
raster of the same frames; the benchmarks measure their bytes and steps.
"""

from __future__ import annotations

import contextlib
import io
import os
import warnings
from pathlib import Path

__all__ = ["notebook_demos", "demo_notebooks"]


def demo_notebooks(book: Path) -> list[Path]:
    """The notebooks of ``book`` (a folder) that define slider demos, in name order."""
    return [p for p in sorted(Path(book).glob("*.ipynb")) if "nblib.demo(" in p.read_text(encoding="utf-8")]


def notebook_demos(path, *, strict: bool = True) -> list:
    """Run the code cells of the notebook at ``path`` and return the demos it defines, in order.

    With ``strict=False`` an error in a cell that defines no demo is skipped (useful while a
    chapter's other cells are being rewritten); an error in a demo's cell is always raised.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat

    import nblib

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    last = max((i for i, s in enumerate(cells) if "nblib.demo(" in s), default=-1)
    made = []
    original = nblib.demo

    def recording(*args, **kwargs):
        d = original(*args, **kwargs)
        made.append(d)
        return d

    namespace = {"__name__": "__main__"}
    cwd = os.getcwd()
    nblib.demo = recording
    try:
        os.chdir(path.parent)
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            for source in cells[: last + 1]:
                code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
                try:
                    exec(compile(code, f"{path.name}", "exec"), namespace)
                except Exception:
                    if strict or "nblib.demo(" in source:
                        raise
                plt.close("all")
    finally:
        nblib.demo = original
        os.chdir(cwd)
    return made
