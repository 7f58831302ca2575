"""The slider demos of the book's notebooks, rebuilt from their code cells (a helper of the tests and benchmarks).

:func:`notebook_demos` runs a notebook's code cells in order, in a plain namespace (no kernel),
up to its last demo, and returns every :class:`~nblib.sliders.Demo` that ``nblib.demo`` built.
The browser tests compare each one's static fragment, drawn in Chromium, with matplotlib's
raster of the same frames; the benchmarks measure their bytes and steps.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import os
import warnings
from pathlib import Path

__all__ = ["notebook_demos", "demo_notebooks", "needed_cells"]


def _reads(node, local: frozenset = frozenset()) -> set[str]:
    """The names ``node`` reads from the notebook's namespace: a function's parameters and the
    names it binds, and a comprehension's targets, are its own (its scope)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        body = node.body if isinstance(node.body, list) else [node.body]
        own = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
        own |= {n.id for b in body for n in ast.walk(b) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        found = set().union(*(_reads(d, local) for d in getattr(node, "decorator_list", []) + node.args.defaults))
        return found.union(*(_reads(b, local | own) for b in body))
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        own = {n.id for g in node.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        return set().union(*(_reads(c, local | own) for c in ast.iter_child_nodes(node)))
    if isinstance(node, ast.Name):
        return {node.id} if isinstance(node.ctx, ast.Load) and node.id not in local else set()
    return set().union(*(_reads(c, local) for c in ast.iter_child_nodes(node)))


def _outside_functions(node):
    """``node`` and the nodes under it, without going into a function's or a lambda's body."""
    yield node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        for child in ast.iter_child_nodes(node):
            yield from _outside_functions(child)


def _root(node):
    """The name an attribute, item or call chain starts from (``nblib`` of ``nblib.style.use()``)."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _names(source: str) -> tuple[set[str], set[str]]:
    """The names a cell binds or may change, and the names it reads.

    A cell changes a name it assigns, imports or defines (outside its functions), and also one
    whose attribute or item it assigns (``plt.rcParams[...] = ...``) or whose method it calls as a
    statement (``nblib.style.use()``, ``net.weights.append(w)``): the root name of that expression.
    """
    tree = ast.parse(source)
    bound = set()
    for node in _outside_functions(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            bound.update(_root(t) for t in getattr(node, "targets", [getattr(node, "target", None)])
                         if isinstance(t, (ast.Attribute, ast.Subscript)))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute):
            bound.add(_root(node.value.func))
    return bound - {None}, _reads(tree) - set(dir(builtins))


def needed_cells(cells: list[str]) -> list[int]:
    """The indices of the code cells that the cells defining demos (``nblib.demo(``) depend on,
    themselves included, in order: walking back from the last demo, a cell is needed when it
    binds or changes a name that a needed cell after it reads."""
    needed, wanted = [], set()
    for i in range(len(cells) - 1, -1, -1):
        bound, read = _names(cells[i])
        if "nblib.demo(" in cells[i] or bound & wanted:
            needed.append(i)
            wanted |= read
    return needed[::-1]


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
    cells = ["\n".join(line for line in c.source.splitlines() if not line.lstrip().startswith(("%", "!")))
             for c in nb.cells if c.cell_type == "code"]
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
            for source in (cells[i] for i in needed_cells(cells)):
                try:
                    exec(compile(source, f"{path.name}", "exec"), namespace)
                except Exception:
                    if strict or "nblib.demo(" in source:
                        raise
                plt.close("all")
    finally:
        nblib.demo = original
        os.chdir(cwd)
    return made
