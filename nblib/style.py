"""One plotting style for every figure of the book, and a classroom (projector) variant.

Call :func:`use` once at the top of a chapter (it changes matplotlib's settings only), and
:func:`numpy_printing` to print NumPy numbers as the book does (it changes NumPy's print
options, for the whole session: a separate call so that this side effect is never a surprise). A teacher presenting in a room calls
:func:`classroom` instead (or after it): fonts, lines and markers grow, and every slider demo
created afterwards uses larger controls.

The colours are the Okabe–Ito palette, which stays distinguishable for the common forms of
colour blindness; :data:`COLORS` names them by the role they play in the book.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np

from . import _validate

__all__ = ["COLORS", "use", "numpy_printing", "classroom", "is_classroom"]

#: Colours by role, so that "the model" or "the target" look the same in every chapter.
COLORS = {
    "model": "#0072B2",  # blue: the model's line or output
    "target": "#D55E00",  # vermilion: true values, targets
    "error": "#CC79A7",  # purple: errors, residuals
    "class0": "#E69F00",  # orange: first class (e.g. ladybird, output 0)
    "class1": "#009E73",  # green: second class (e.g. caterpillar, output 1)
    "accent": "#56B4E9",  # sky blue: paths, secondary lines
    "muted": "#999999",  # grey: guides, earlier states
    "ink": "#222222",  # text and axes
}

_BASE = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.edgecolor": COLORS["ink"],
    "text.color": COLORS["ink"],
    "axes.labelcolor": COLORS["ink"],
    "axes.prop_cycle": mpl.cycler(
        color=[COLORS[k] for k in ("model", "target", "class1", "class0", "error", "accent")]
    ),
    "lines.linewidth": 2.0,
    "lines.markersize": 7,
    "legend.frameon": False,
    "svg.hashsalt": "nblib",  # deterministic ids if anyone saves SVG
}

_CLASSROOM = {
    "figure.figsize": (9.6, 6.0),
    "font.size": 18,
    "axes.titlesize": 20,
    "axes.labelsize": 18,
    "xtick.labelsize": 16,
    "ytick.labelsize": 16,
    "legend.fontsize": 16,
    "lines.linewidth": 3.5,
    "lines.markersize": 11,
    "axes.linewidth": 1.5,
}

_state = {"classroom": False}


def use(mode: str = "book") -> None:
    """Apply the book's plotting style (matplotlib's ``rcParams``; nothing else).

    Parameters
    ----------
    mode : {"book", "classroom"}
        ``"classroom"`` enlarges fonts, lines and slider controls for a projector.

    Examples
    --------
    >>> use()
    >>> is_classroom()
    False
    """
    mode = _validate.option(mode, "mode", ("book", "classroom"))
    mpl.rcParams.update(_BASE)
    if mode == "classroom":
        mpl.rcParams.update(_CLASSROOM)
    _state["classroom"] = mode == "classroom"


def numpy_printing() -> None:
    """Print NumPy scalars as plain numbers, ``0.5`` rather than ``np.float64(0.5)``.

    NumPy 2 shows the type in a scalar's ``repr``; the book's outputs show the number. This sets
    ``np.set_printoptions(legacy="1.25")`` for the rest of the session (every chapter's setup
    cell calls it after :func:`use`).

    Examples
    --------
    >>> numpy_printing()
    >>> repr(np.float64(0.5))
    '0.5'
    """
    np.set_printoptions(legacy="1.25")


def classroom() -> None:
    """Switch every figure and slider demo made from now on to projector size."""
    use("classroom")


def is_classroom() -> bool:
    """Whether :func:`classroom` is in force."""
    return _state["classroom"]
