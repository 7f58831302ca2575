"""Chapter 16: draw a computational graph of :mod:`nblib.autodiff` on an Axes or a slider View.

Each node is a box: its operation (or, for an input, its name) and its forward value; below the
box, in purple, its gradient :math:`\\partial C/\\partial\\,\\text{node}` once
:meth:`~nblib.autodiff.Value.backward` has run. Each edge runs from an input of an operation to
the operation, left to right, and is labelled with the **local derivative**
:math:`\\partial\\,\\text{node} / \\partial\\,\\text{input}` (for scalar graphs). For a graph
of :class:`~nblib.autodiff.Tensor` nodes the boxes show shapes instead of numbers.

The layout puts a node one column to the right of its rightmost input (inputs one column left
of their first use) and orders each column to keep edges short. :func:`draw` works on a plain
matplotlib ``Axes`` (a figure) or on the :class:`~nblib.sliders.View` of a slider demo, where
every artist is keyed by the node's place in the graph, so that drawing the same computation
with other numbers in the next frame moves the same boxes and labels.

This module uses matplotlib; :mod:`nblib.autodiff` does not import it.
"""

from __future__ import annotations

import numpy as np

from . import _validate, autodiff, report
from .diagram import canvas
from .style import COLORS

__all__ = ["layout", "draw"]

_LEAF_FILL, _OP_FILL, _ROOT_FILL = "#E8F1FA", "white", "#FBE9DD"


def layout(root) -> dict:
    """Node positions: column = the node's depth in the graph, rows ordered to keep edges short.

    Parameters
    ----------
    root : Value or Tensor
        The output of a computation.

    Returns
    -------
    dict
        ``{node: (x, y)}`` for every node of the graph (see
        :func:`nblib.autodiff.topological_order`); the root is in the last column.

    Examples
    --------
    >>> from nblib.autodiff import Value
    >>> w, x = Value(2.0, "w"), Value(3.0, "x")
    >>> C = w * x
    >>> pos = layout(C)
    >>> pos[w], pos[x], pos[C]
    ((0.0, 0.5), (0.0, -0.5), (1.0, 0.0))
    """
    order = autodiff.topological_order(root)
    children = {node: [] for node in order}
    for node in order:
        for p in node.parents:
            if node not in children[p]:
                children[p].append(node)
    depth = {}
    for node in order:
        depth[node] = 1 + max(depth[p] for p in node.parents) if node.parents else 0
    for node in order:  # an input sits just left of the first operation that uses it
        if not node.parents and children[node]:
            depth[node] = min(depth[c] for c in children[node]) - 1
    columns: dict = {}
    for node in order:
        columns.setdefault(depth[node], []).append(node)
    y = {}

    def spread(col):
        n = len(col)
        for i, node in enumerate(col):
            y[node] = (n - 1) / 2 - i

    for col in columns.values():
        spread(col)
    for _ in range(4):  # barycentre sweeps: each node moves towards the mean row of its neighbours
        for d in sorted(columns):
            col = columns[d]
            key = {node: np.mean([y[p] for p in node.parents] + [y[c] for c in children[node]])
                   if node.parents or children[node] else y[node] for node in col}
            col.sort(key=lambda node: -key[node])
            spread(col)
    return {node: (float(depth[node]), float(y[node])) for node in order}


def _name(node) -> str:
    if not node.parents:
        return node.label or "·"
    return f"{node.op} {node.label}".strip() if node.label else node.op


def _value_text(node, spec: str) -> str:
    if isinstance(node, autodiff.Value):
        return report.fmt(node.data, spec)
    if node.data.size == 1:
        return report.fmt(float(node.data.reshape(-1)[0]), spec)
    return str(node.data.shape)


def _grad_text(node, spec: str) -> str:
    if isinstance(node, autodiff.Value):
        return report.fmt(node.grad, spec)
    if node.grad.size == 1:
        return report.fmt(float(node.grad.reshape(-1)[0]), spec)
    return ""


def draw(target, root, *, grads: bool = True, local: bool = True, spec: str = ".3f",
         dx: float = 1.0, fontsize: float = 9, key: str = "graph") -> dict:
    """Draw the computational graph that ends in ``root`` on an ``Axes`` or a slider ``View``.

    Parameters
    ----------
    target : matplotlib.axes.Axes or nblib.sliders.View
        Where to draw. On a ``View`` every artist is keyed (prefix ``key``, then the node's
        index in :func:`~nblib.autodiff.topological_order`), so drawing the same computation
        in the next frame updates the same artists.
    root : Value or Tensor
        The output :math:`C` of the computation.
    grads : bool, default True
        Write each node's gradient :math:`\\partial C/\\partial\\,\\text{node}` under its box
        (call ``root.backward()`` first).
    local : bool, default True
        Write each edge's local derivative (scalar graphs only).
    spec : str
        Format of the numbers, as for :func:`nblib.report.fmt` (which refuses a number on a
        rounding boundary, whose last digit could differ between machines).
    dx : float
        Horizontal distance between columns (in data units; rows are 1 apart).
    fontsize : float
    key : str
        Prefix of the artists' keys on a ``View``.

    Returns
    -------
    dict
        The node positions, ``{node: (x, y)}`` (see :func:`layout`).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from nblib.autodiff import Value
    >>> w, x = Value(0.5, "w"), Value(2.0, "x")
    >>> C = (w * x).sigmoid()
    >>> C.backward()
    >>> pos = draw(Figure().subplots(), C)
    >>> len(pos)
    4
    """
    if not isinstance(root, (autodiff.Value, autodiff.Tensor)):
        raise TypeError(f"root must be an autodiff Value or Tensor, got {type(root).__name__}")
    for name, flag in (("grads", grads), ("local", local)):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    report.fmt(0.0, spec)  # checks the spec
    dx = _validate.positive(dx, "dx")
    fontsize = _validate.positive(fontsize, "fontsize")
    view, ax = canvas(target)

    pos = {node: (x * dx, y) for node, (x, y) in layout(root).items()}
    order = list(pos)
    index = {node: i for i, node in enumerate(order)}
    scalar = isinstance(root, autodiff.Value)

    segs, labels = [], []
    for node in order:
        for p, d in zip(node.parents, node.local if scalar else [None] * len(node.parents)):
            (x0, y0), (x1, y1) = pos[p], pos[node]
            segs.append([[x0, y0], [x1, y1]])
            labels.append(((x0 + 0.5 * (x1 - x0), y0 + 0.5 * (y1 - y0)), d))
    if segs:
        view.segments(f"{key}-edges", np.array(segs), colors=COLORS["muted"], linewidths=1.2, zorder=1)
    if local and scalar:
        for i, ((x, y), d) in enumerate(labels):
            view.text(f"{key}-local{i}", x, y, report.fmt(d, spec), ha="center", va="center",
                      fontsize=fontsize - 2, color=COLORS["model"], zorder=2,
                      bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85))
    for node in order:
        i, (x, y) = index[node], pos[node]
        fill = _ROOT_FILL if node is root else (_LEAF_FILL if not node.parents else _OP_FILL)
        view.text(f"{key}-node{i}", x, y, f"{_name(node)}\n{_value_text(node, spec)}", ha="center",
                  va="center", fontsize=fontsize, zorder=3, linespacing=1.15,
                  bbox=dict(boxstyle="round,pad=0.3", fc=fill, ec=COLORS["ink"], lw=1.0))
        if grads:
            g = _grad_text(node, spec)
            if g:
                view.text(f"{key}-grad{i}", x, y - 0.36, g, ha="center", va="top", fontsize=fontsize - 1,
                          color=COLORS["error"], zorder=3, fontweight="bold")
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.5 * dx, max(xs) + 0.5 * dx)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.5)
    ax.set_axis_off()
    return pos
