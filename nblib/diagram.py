"""Chapters 7 and 8: draw a small network as circles (neurons) joined by lines (weights).

Each node is a circle, optionally labelled with its value (an input or an activation
:math:`a_l`); each edge runs from node ``j`` of layer :math:`l-1` to node ``k`` of layer
:math:`l` and stands for the weight ``W_l[k, j]``. An edge's colour shows the weight's sign
(blue positive, vermilion negative) and its width the weight's size :math:`|w|`.

:func:`draw` draws on a plain matplotlib ``Axes`` (a figure) or on the
:class:`nblib.sliders.View` of a slider demo, where every artist is keyed so that moving a
slider updates the same circles, lines and labels.
"""

from __future__ import annotations

import numpy as np

from . import _validate
from .style import COLORS

__all__ = ["layout", "draw", "AxesView", "canvas"]

_POSITIVE, _NEGATIVE = COLORS["model"], COLORS["target"]


def layout(sizes) -> list:
    """Node positions: layer :math:`l` at :math:`x = l`, its nodes spaced 1 apart, centred on 0, first on top.

    Parameters
    ----------
    sizes : list of int
        ``[n_0, n_1, ..., n_L]``.

    Returns
    -------
    list of numpy.ndarray
        One array of shape ``(n_l, 2)`` per layer.

    Examples
    --------
    >>> [p.tolist() for p in layout([2, 1])]
    [[[0.0, 0.5], [0.0, -0.5]], [[1.0, 0.0]]]
    """
    if not isinstance(sizes, (list, tuple)):
        raise TypeError(f"sizes must be a list of whole numbers, got {type(sizes).__name__}")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layers, got {sizes!r}")
    sizes = [_validate.count(n, f"sizes[{i}]", minimum=1) for i, n in enumerate(sizes)]
    return [np.column_stack([np.full(n, float(l)), (n - 1) / 2 - np.arange(n)]) for l, n in enumerate(sizes)]


def _weights_of(net) -> list:
    ws = getattr(net, "weights", net)
    if isinstance(ws, np.ndarray) or not isinstance(ws, (list, tuple)) or not ws:
        raise TypeError("net must be a Network or a list of weight matrices W_1, ..., W_L")
    ws = [_validate.as_array(W, f"net's W{l + 1}", ndim=2) for l, W in enumerate(ws)]
    for l in range(1, len(ws)):
        if ws[l].shape[1] != ws[l - 1].shape[0]:
            raise ValueError(f"W{l + 1} has shape {ws[l].shape}; it needs {ws[l - 1].shape[0]} columns")
    return ws


def _check_draw(target, net, x, values, names, weight_labels, scale, fmt, key):
    canvas(target)
    ws = _weights_of(net)
    sizes = [ws[0].shape[1]] + [W.shape[0] for W in ws]
    if x is not None and values is not None:
        raise TypeError("give x or values, not both")
    if x is not None:
        if not hasattr(net, "forward"):
            raise TypeError("x needs a Network (with a forward pass); give values=[a_0, ..., a_L] instead")
        _validate.columns(x, "x", sizes[0], batch=False)
        fwd = net.forward(x)
        values = [fwd.x] + list(fwd.a)
    if values is not None:
        if not isinstance(values, (list, tuple)) or len(values) != len(sizes):
            raise ValueError(f"values must list one array per layer ({len(sizes)} of them, inputs first)")
        values = [_validate.as_array(v, f"values[{l}]", ndim=1) for l, v in enumerate(values)]
        for l, (v, n) in enumerate(zip(values, sizes)):
            if v.shape != (n,):
                raise ValueError(f"values[{l}] must have shape ({n},), got {v.shape}")
    if names is not None and (not isinstance(names, (list, tuple)) or not all(
            isinstance(layer, (list, tuple)) and all(isinstance(n, str) for n in layer) for layer in names)):
        raise TypeError("names must be a list of lists of strings, one list per layer")
    _validate.flag(weight_labels, "weight_labels")
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format string such as '{{:.3f}}', got {type(fmt).__name__}")
    try:
        if fmt.format(0.5) == fmt:
            raise ValueError("it has no field")
    except (ValueError, IndexError, KeyError) as exc:
        raise ValueError(f"fmt must format one number, such as '{{:.3f}}'; {fmt!r} fails: {exc}") from None
    if not isinstance(key, str):
        raise TypeError(f"key must be a string, got {type(key).__name__}")
    big = max(float(np.max(np.abs(W))) for W in ws)
    scale = big if scale is None else _validate.positive(scale, "scale")
    return ws, sizes, values, scale if scale > 0 else 1.0


class AxesView:
    """The drawing methods of a slider ``View`` (segments, points, text) on a plain ``Axes``, so one
    drawing code serves a figure and a demo (:func:`draw` here, :func:`nblib.compgraph.draw`).
    The ``key`` a ``View`` needs is accepted and ignored."""

    def __init__(self, ax):
        self.ax = ax

    def segments(self, key, segs, *, colors=None, linewidths=None, **style):
        from matplotlib.collections import LineCollection

        return self.ax.add_collection(LineCollection(segs, colors=colors, linewidths=linewidths, **style))

    def points(self, key, x, y, *, color=None, **style):
        return self.ax.scatter(x, y, color=color, **style)

    def text(self, key, x, y, s, **style):
        return self.ax.text(x, y, s, **style)


def canvas(target) -> tuple:
    """``(view, ax)`` for drawing on ``target``: a matplotlib ``Axes`` (wrapped in an
    :class:`AxesView`) or a slider ``View`` (used as it is, ``ax`` its first axes).

    Raises
    ------
    TypeError
        If ``target`` is neither.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> view, same = canvas(ax)
    >>> type(view).__name__, same is ax
    ('AxesView', True)
    """
    if hasattr(target, "add_collection"):
        return AxesView(target), target
    if all(hasattr(target, a) for a in ("ax", "segments", "points", "text")):
        return target, target.ax
    raise TypeError(f"target must be a matplotlib Axes or a slider View, got {type(target).__name__}")


def draw(target, net, x=None, *, values=None, names=None, weight_labels=False, scale=None,
         fmt="{:.3f}", key="net"):
    """Draw a network diagram on an ``Axes`` or a slider ``View``.

    Parameters
    ----------
    target : matplotlib.axes.Axes or nblib.sliders.View
        Where to draw. On a ``View`` every artist is keyed (prefix ``key``), so calling
        :func:`draw` again in the next frame moves the same artists.
    net : Network or list of array_like
        The network (its ``weights`` are used) or the matrices :math:`W_1, \\dots, W_L`,
        :math:`W_l` of shape ``(n_l, n_{l-1})``.
    x : array_like, optional
        One input, shape ``(n_0,)``: runs ``net.forward(x)`` and writes every node's value
        (needs a ``Network``).
    values : list of array_like, optional
        Instead of ``x``: the value of every node, ``[a_0, a_1, ..., a_L]``, ``a_l`` of shape ``(n_l,)``.
    names : list of list of str, optional
        A name written above each node, one list per layer (e.g. ``[["colour", "roundness"], ...]``).
    weight_labels : bool, default False
        Write each weight's value on its edge (for small networks).
    scale : float, optional
        The :math:`|w|` drawn with the widest line; the largest :math:`|w|` when omitted (give
        a fixed value in a slider demo so widths compare between frames).
    fmt : str
        Format of the node values.
    key : str
        Prefix of the artists' keys on a ``View``.

    Returns
    -------
    list of numpy.ndarray
        The node positions (see :func:`layout`).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> pos = draw(ax, [[[0.5, 0.2], [0.3, 0.8]], [[0.4, 0.7]]], values=[[1, 1], [0.8, 1.2], [0.796]])
    >>> [p.shape for p in pos]
    [(2, 2), (2, 2), (1, 2)]
    """
    ws, sizes, values, scale = _check_draw(target, net, x, values, names, weight_labels, scale, fmt, key)
    view, ax = canvas(target)
    pos = layout(sizes)

    segs, colors, widths, labels = [], [], [], []
    for l, W in enumerate(ws):
        for k in range(W.shape[0]):
            for j in range(W.shape[1]):
                start, end = pos[l][j], pos[l + 1][k]
                segs.append([start, end])
                colors.append(_POSITIVE if W[k, j] >= 0 else _NEGATIVE)
                widths.append(0.6 + 5.4 * min(abs(W[k, j]) / scale, 1.0))
                labels.append((start + 0.3 * (end - start), W[k, j]))
    view.segments(f"{key}-edges", np.array(segs), colors=colors, linewidths=widths, zorder=1)
    if weight_labels:
        for i, (p, w) in enumerate(labels):
            view.text(f"{key}-w{i}", p[0], p[1], f"{w:.2f}", ha="center", va="center", fontsize=8,
                      zorder=4, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9))

    allpos = np.vstack(pos)
    view.points(f"{key}-nodes", allpos[:, 0], allpos[:, 1], s=1300, color="white",
                edgecolors=COLORS["ink"], linewidths=1.5, zorder=3)
    for l, p in enumerate(pos):
        for i, (px, py) in enumerate(p):
            if values is not None:
                view.text(f"{key}-v{l}-{i}", px, py, fmt.format(values[l][i]), ha="center", va="center",
                          fontsize=9, zorder=5)
            if names is not None and l < len(names) and i < len(names[l]):
                view.text(f"{key}-n{l}-{i}", px, py + 0.28, str(names[l][i]), ha="center", va="bottom",
                          fontsize=9, zorder=5, color=COLORS["muted"])
    half = (max(sizes) - 1) / 2
    ax.set_xlim(-0.45, len(ws) + 0.45)
    ax.set_ylim(-half - 0.5, half + (0.75 if names is not None else 0.5))
    ax.set_axis_off()
    return pos
