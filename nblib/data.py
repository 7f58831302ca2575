"""Chapters 2 and 3: the small data sets of Part I (garden bugs and Boolean truth tables).

Every data set follows the book's convention for a batch: **one example per column**. Inputs
``X`` have shape ``(2, m)`` (two numbers per example, ``m`` examples) and targets or labels have
shape ``(m,)``. For a truth table that means column ``k`` of ``X`` is row ``k`` of the table.

Labels are 0 or 1. For the bugs, 0 is a ladybird and 1 a caterpillar
(:data:`BUG_NAMES`); the two inputs are the width and the length in centimetres.
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = ["GATES", "BUG_NAMES", "boolean", "garden_bugs", "make_bugs"]

#: The Boolean functions :func:`boolean` knows, in the order chapter 3 meets them.
GATES = ("AND", "OR", "NAND", "XOR")

#: What the labels 0 and 1 of a bug mean.
BUG_NAMES = ("ladybird", "caterpillar")

_TRUTH = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "XOR": (0, 1, 1, 0),
}


def boolean(name):
    """The truth table of a Boolean function of two inputs, as inputs and targets.

    The four input pairs are always in the order (0, 0), (0, 1), (1, 0), (1, 1).

    Parameters
    ----------
    name : {"AND", "OR", "NAND", "XOR"}
        The function (upper or lower case).

    Returns
    -------
    X : numpy.ndarray, shape (2, 4)
        The inputs, one example per column: row 0 is the first input, row 1 the second.
    t : numpy.ndarray, shape (4,)
        The target output (0.0 or 1.0) of each column of ``X``.

    Examples
    --------
    >>> X, t = boolean("XOR")
    >>> X.tolist()
    [[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]]
    >>> t.tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'AND', got {type(name).__name__} {name!r}")
    key = name.upper()
    if key not in _TRUTH:
        raise ValueError(f"name must be one of {', '.join(GATES)}, got {name!r}")
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    return X, np.array(_TRUTH[key], dtype=float)


def garden_bugs():
    """The two measured garden bugs of chapter 2: a ladybird and a caterpillar.

    Returns
    -------
    X : numpy.ndarray, shape (2, 2)
        Column 0 is the ladybird (width 3.0 cm, length 1.0 cm), column 1 the caterpillar
        (width 1.0 cm, length 3.0 cm). Row 0 holds the widths, row 1 the lengths.
    labels : numpy.ndarray, shape (2,)
        ``[0, 1]``: ladybird, caterpillar (see :data:`BUG_NAMES`).

    Examples
    --------
    >>> X, labels = garden_bugs()
    >>> X[:, 0].tolist(), BUG_NAMES[int(labels[0])]
    ([3.0, 1.0], 'ladybird')
    """
    X = np.array([[3.0, 1.0], [1.0, 3.0]])
    return X, np.array([0, 1])


def make_bugs(m, overlap=0.0, seed=0):
    """Generate ``m`` more garden bugs, half ladybirds and half caterpillars.

    Each bug is a point at a random distance (uniform in 1.5 to 4 cm) from the origin,
    in a random direction :math:`\\theta` (degrees above the width axis):

    .. math:: \\text{width} = \\text{distance}\\cdot\\cos\\theta, \\qquad \\text{length} = \\text{distance}\\cdot\\sin\\theta .

    Ladybirds (wide, short) have :math:`\\theta` uniform in :math:`[5, 40 + 30\\,\\text{overlap}]` and
    caterpillars (long, thin) in :math:`[50 - 30\\,\\text{overlap}, 85]`.
    With ``overlap = 0`` the two kinds are separated by a gap of 10 degrees around the diagonal,
    so some line through the origin classifies them all correctly. With ``overlap > 1/3`` the
    ranges of directions overlap and no line through the origin can (in general) be perfect.
    Every width is greater than 0.13 cm, so the slope update of chapter 2 never divides by zero.

    Parameters
    ----------
    m : int
        How many bugs, an even number of at least 2.
    overlap : float, default 0.0
        How far the two kinds reach into each other, from 0 (clearly apart) to 1 (mixed).
    seed : int, default 0
        Seed of ``numpy.random.default_rng``: the same seed gives the same bugs.

    Returns
    -------
    X : numpy.ndarray, shape (2, m)
        Widths (row 0) and lengths (row 1) in cm, one bug per column, the kinds shuffled.
    labels : numpy.ndarray, shape (m,)
        0 for a ladybird, 1 for a caterpillar.

    Examples
    --------
    >>> X, labels = make_bugs(6, seed=1)
    >>> X.shape, labels.shape, int(labels.sum())
    ((2, 6), (6,), 3)
    """
    m = _validate.count(m, "m", minimum=2)
    if m % 2:
        raise ValueError(f"m must be even (half ladybirds, half caterpillars), got {m}")
    o = _validate.as_scalar(overlap, "overlap")
    if not 0.0 <= o <= 1.0:
        raise ValueError(f"overlap must be between 0 and 1, got {o:g}")
    rng = np.random.default_rng(_validate.count(seed, "seed"))
    half = m // 2
    labels = np.repeat([0, 1], half)
    theta = np.concatenate([
        rng.uniform(5.0, 40.0 + 30.0 * o, half),  # ladybirds: below the diagonal
        rng.uniform(50.0 - 30.0 * o, 85.0, half),  # caterpillars: above it
    ])
    r = rng.uniform(1.5, 4.0, m)
    order = rng.permutation(m)
    rad = np.deg2rad(theta[order])
    X = np.vstack([r[order] * np.cos(rad), r[order] * np.sin(rad)])
    return X, labels[order]
