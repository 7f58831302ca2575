"""Chapters 2 and 3: classifiers made of one straight line.

**Chapter 2, the slope classifier.** A line through the origin, :math:`x_2 = A\\,x_1`, splits the
(width :math:`x_1`, length :math:`x_2`) plane of the garden bugs in two: a bug above the line is a
caterpillar (label 1), a bug on or below it a ladybird (label 0). The line learns its slope from
one example at a time. For an example of width :math:`x_1` whose target (the length the line
should have there) is :math:`y`, the error is :math:`E = y - A\\,x_1` and the update is

.. math:: \\Delta A = \\eta\\,\\frac{E}{x_1}, \\qquad A \\leftarrow A + \\Delta A .

With :math:`\\eta = 1` the new line passes exactly through the target.

**Chapter 3, the linear classifier with two inputs.** Weights :math:`w = (w_1, w_2)` and a bias
:math:`b` give the output

.. math:: \\hat y = \\begin{cases} 1 & \\text{if } w \\cdot x + b > 0, \\\\ 0 & \\text{otherwise,}\\end{cases}

and each example with target label :math:`y` corrects them by its error :math:`E = y - \\hat y`
(which is -1, 0 or 1):

.. math:: w \\leftarrow w + \\eta\\,E\\,x, \\qquad b \\leftarrow b + \\eta\\,E .

(Chapter 5 names this rule: it is the perceptron's.)

Arrays of examples have one example per **column**: ``X`` has shape ``(2, m)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate, predictor

__all__ = [
    "line", "classify", "slope_targets", "slope_update", "train_slope", "SlopeTraining",
    "linear_output", "misclassified", "linear_update", "linear_epoch", "train_linear", "LinearTraining",
]


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def _examples(X, name="X", rows=2):
    """``X`` as a float array of shape (rows, m), one example per column."""
    return _validate.columns(X, name, rows, single=False)[0]


def _labels(t, m, name="t"):
    """``t`` as a float array of shape (m,) holding only 0 and 1."""
    t = _validate.as_array(t, name, ndim=1)
    if t.shape != (m,):
        raise ValueError(f"{name} must have shape ({m},), one label per column of X, got shape {t.shape}")
    return _validate.binary_labels(t, name)


# --------------------------------------------------------------------------------------------
# chapter 2: the slope classifier
# --------------------------------------------------------------------------------------------
def line(A, x):
    """The dividing line through the origin, :math:`y = A\\,x`.

    Parameters
    ----------
    A : float
        The slope.
    x : float or array_like
        Width(s) :math:`x`, any shape.

    Returns
    -------
    float or numpy.ndarray
        The line's height :math:`A\\,x` at each ``x``.

    Examples
    --------
    >>> line(0.25, 3.0)
    0.75
    """
    A = _validate.as_scalar(A, "A")
    y = A * _validate.as_array(x, "x")
    return _validate.scalar_or_array(y)


def classify(A, X):
    """Which side of the line :math:`y = A\\,x` each bug is on: 1 above (caterpillar), else 0.

    Parameters
    ----------
    A : float
        The slope of the dividing line.
    X : array_like, shape (2, m)
        Bugs, one per column: row 0 the width :math:`x`, row 1 the length :math:`y`.

    Returns
    -------
    numpy.ndarray of int, shape (m,)
        1 where :math:`y > A\\,x` (above the line), 0 where the bug is on or below it.

    Examples
    --------
    >>> classify(0.25, [[3.0, 1.0], [1.0, 3.0]]).tolist()
    [1, 1]
    >>> classify(1.0, [[3.0, 1.0], [1.0, 3.0]]).tolist()
    [0, 1]
    """
    A = _validate.as_scalar(A, "A")
    X = _examples(X)
    return (X[1] > A * X[0]).astype(int)


def slope_targets(X, labels, margin=0.1):
    """Target lengths that put the line just past each bug: above a ladybird, below a caterpillar.

    .. math:: t = y + \\text{margin} \\;\\text{(label 0)}, \\qquad t = y - \\text{margin} \\;\\text{(label 1)}

    Parameters
    ----------
    X : array_like, shape (2, m)
        Bugs, one per column (width, length).
    labels : array_like, shape (m,)
        0 (ladybird) or 1 (caterpillar) for each column.
    margin : float, default 0.1
        How far past the bug the line should pass, in cm; greater than 0.

    Returns
    -------
    numpy.ndarray, shape (m,)
        The target length of each bug.

    Examples
    --------
    >>> slope_targets([[3.0, 1.0], [1.0, 3.0]], [0, 1]).round(12).tolist()
    [1.1, 2.9]
    """
    X = _examples(X)
    labels = _labels(labels, X.shape[1], "labels")
    margin = _validate.positive(margin, "margin")
    return np.where(labels == 0, X[1] + margin, X[1] - margin)


def slope_update(A, x, y, eta=1.0):
    """One update of the slope from one example: :math:`A + \\eta\\,(y - A\\,x_1)/x_1`, :math:`y` the target.

    Parameters
    ----------
    A : float
        The current slope.
    x : float
        The example's width; not zero (the line's height at :math:`x = 0` is 0 whatever the
        slope, so such an example cannot say how to change it).
    y : float
        The target :math:`y`: the length the line should have at ``x``.
    eta : float, default 1.0
        The learning rate :math:`\\eta > 0`; 1 moves the line exactly onto the target.

    Returns
    -------
    float
        The new slope.

    Examples
    --------
    >>> round(slope_update(0.25, 3.0, 1.1), 4)
    0.3667
    >>> round(slope_update(0.25, 3.0, 1.1, eta=0.5), 4)
    0.3083
    """
    A, x, y, eta = predictor._check_update(A, x, y, eta, names=("A", "x", "y"))
    return predictor.update(A, x, y, eta)  # chapter 1's rule, with the slope as the constant


@dataclass(frozen=True)
class SlopeTraining:
    """Every step of :func:`train_slope`, one entry per example shown.

    Attributes
    ----------
    A0 : float
        The slope before training.
    example : numpy.ndarray of int, shape (epochs * m,)
        Which column of ``X`` each step used.
    x, t : numpy.ndarray, shape (epochs * m,)
        That example's width and target (the length the line should have there).
    y : numpy.ndarray, shape (epochs * m,)
        The line's height :math:`A\\,x` before the step.
    E : numpy.ndarray, shape (epochs * m,)
        The error, target minus height (``t - y``).
    dA : numpy.ndarray, shape (epochs * m,)
        The change of slope (0 where the step was skipped).
    A : numpy.ndarray, shape (epochs * m,)
        The slope after the step.
    updated : numpy.ndarray of bool, shape (epochs * m,)
        Whether the step changed the slope.
    """

    A0: float
    example: np.ndarray
    x: np.ndarray
    t: np.ndarray
    y: np.ndarray
    E: np.ndarray
    dA: np.ndarray
    A: np.ndarray
    updated: np.ndarray

    def __post_init__(self):
        _validate.as_scalar(self.A0, "A0")
        _validate.record_arrays(self, ("x", "t", "y", "E", "dA", "A"))
        _validate.record_arrays(self, ("example", "updated", "A"), kinds="iubf")

    @property
    def path(self) -> np.ndarray:
        """The slope before training and after every step, shape (steps + 1,)."""
        return np.concatenate([[self.A0], self.A])


def train_slope(A, X, t, eta=1.0, epochs=1, skip_correct=False):
    """Train the slope on the examples in order, ``epochs`` times, recording every step.

    Parameters
    ----------
    A : float
        The starting slope.
    X : array_like, shape (2, m)
        Bugs, one per column: row 0 the widths (none zero), row 1 the lengths.
    t : array_like, shape (m,)
        The target length of each bug (see :func:`slope_targets`).
    eta : float, default 1.0
        The learning rate, greater than 0.
    epochs : int, default 1
        How many passes over the examples, at least 1.
    skip_correct : bool, default False
        If True, leave the slope alone when the bug is already on its right side of the line
        (as :func:`classify` sees it): a bug whose target is above it (a ladybird) on or below
        the line, a bug whose target is below it (a caterpillar) above the line. The slope then
        learns only from mistakes.

    Returns
    -------
    SlopeTraining
        One entry per step, ``epochs * m`` in all.

    Examples
    --------
    >>> run = train_slope(0.25, [[3.0, 1.0], [1.0, 3.0]], [1.1, 2.9], eta=0.5)
    >>> run.A.round(4).tolist()
    [0.3083, 1.6042]
    """
    A = _validate.as_scalar(A, "A")
    X = _examples(X)
    m = X.shape[1]
    t = _validate.as_array(t, "t", ndim=1)
    if t.shape != (m,):
        raise ValueError(f"t must have shape ({m},), one target per column of X, got shape {t.shape}")
    eta = _validate.positive(eta, "eta")
    epochs = _validate.count(epochs, "epochs", minimum=1)
    if not isinstance(skip_correct, bool):
        raise TypeError(f"skip_correct must be True or False, got {skip_correct!r}")
    if np.any(X[0] == 0):
        k = int(np.flatnonzero(X[0] == 0)[0])
        raise ValueError(f"X[0] (the widths) must be non-zero, but example {k} has width 0: "
                         "the line y = A*x cannot be corrected there")
    steps = epochs * m
    rec = {key: np.empty(steps) for key in ("x", "t", "y", "E", "dA", "A")}
    example = np.tile(np.arange(m), epochs)
    updated = np.empty(steps, dtype=bool)
    A0 = A
    for k, j in enumerate(example):
        x, tj, length = X[0, j], t[j], X[1, j]
        y = A * x
        E = tj - y
        # on its right side: a bug whose target is above it (a ladybird) is on or below the
        # line, a bug whose target is below it (a caterpillar) is above the line
        right_side = (tj > length and length <= y) or (tj < length and length > y)
        if skip_correct and right_side:
            A_new = A
        else:
            A_new = predictor.update(A, x, tj, eta)
        for key, value in zip(("x", "t", "y", "E", "dA", "A"), (x, tj, y, E, A_new - A, A_new)):
            rec[key][k] = value
        updated[k] = A_new != A
        A = A_new
    return SlopeTraining(A0=A0, example=example, updated=updated, **rec)


# --------------------------------------------------------------------------------------------
# chapter 3: the linear classifier with two inputs
# --------------------------------------------------------------------------------------------
def _weights(w, b):
    w = _validate.as_array(w, "w", ndim=1)
    if w.shape != (2,):
        raise ValueError(f"w must have shape (2,), one weight per input, got shape {w.shape}")
    return w, _validate.as_scalar(b, "b")


def _inputs(w, X, *, single=True):
    """``X`` as columns of ``w.size`` inputs (see ``_validate.columns``) and whether it was one
    example; when its rows do not match the weights, the error names ``w`` and says both sizes
    (unless ``X`` looks transposed: then the error names ``X``)."""
    X = _validate.as_array(X, "X")
    if X.ndim in (1, 2) and X.shape[0] != w.size and not (X.ndim == 2 and X.shape[1] == w.size):
        raise ValueError(f"w must have one weight per input: X has {X.shape[0]} inputs (rows) and w has "
                         f"{w.size} weights")
    return _validate.columns(X, "X", w.size, single=single)


def linear_output(w, b, X):
    """The threshold output of the linear classifier: 1 where :math:`w \\cdot x + b > 0`, else 0.

    The one place the threshold is written: :func:`linear_update` and
    :func:`nblib.perceptron.predict` call it.

    Parameters
    ----------
    w : array_like, shape (n,)
        The weights (chapter 3: :math:`w_1, w_2`).
    b : float
        The bias.
    X : array_like, shape (n,) or (n, m)
        One example, or inputs with one example per column.

    Returns
    -------
    float or numpy.ndarray, shape (m,)
        0.0 or 1.0: a float for one example, else one for each column of ``X``.

    Examples
    --------
    >>> from nblib.data import boolean
    >>> X, t = boolean("AND")
    >>> linear_output([1.0, 1.0], -1.5, X).tolist()
    [0.0, 0.0, 0.0, 1.0]
    """
    w = _validate.as_array(w, "w", ndim=1)
    b = _validate.as_scalar(b, "b")
    X, one = _inputs(w, X)
    y_hat = (w @ X + b > 0).astype(float)
    return float(y_hat[0]) if one else y_hat


def misclassified(w, b, X, t):
    """How many examples the linear classifier gets wrong.

    Parameters
    ----------
    w : array_like, shape (2,)
    b : float
    X : array_like, shape (2, m)
        Inputs, one example per column.
    t : array_like, shape (m,)
        Target labels, 0 or 1.

    Returns
    -------
    int
        The number of columns where :func:`linear_output` differs from ``t``.

    Examples
    --------
    >>> from nblib.data import boolean
    >>> misclassified([1.0, 1.0], -0.5, *boolean("XOR"))
    1
    """
    X = _examples(X)
    t = _labels(t, X.shape[1])
    return int(np.sum(linear_output(w, b, X) != t))


def linear_update(w, b, x, y, eta=1.0):
    """One error-driven update from one example: :math:`w + \\eta E x`, :math:`b + \\eta E`.

    This is the perceptron rule (chapter 5 names it; :func:`nblib.perceptron.update` is this
    function): chapter 3 uses it with two inputs, chapter 5 with any number ``n``.

    Parameters
    ----------
    w : array_like, shape (n,)
        The current weights.
    b : float
        The current bias.
    x : array_like, shape (n,)
        One example's inputs.
    y : float
        Its target label, 0 or 1.
    eta : float, default 1.0
        The learning rate, greater than 0.

    Returns
    -------
    w : numpy.ndarray, shape (n,)
        The new weights, a new array (unchanged when the output was already right).
    b : float
        The new bias.

    Examples
    --------
    >>> w, b = linear_update([0.0, 0.0], 0.0, [1.0, 1.0], 1.0)
    >>> w.tolist(), b
    ([1.0, 1.0], 1.0)
    """
    w, b, x, y, eta = _check_linear_update(w, b, x, y, eta)
    y_hat = linear_output(w, b, x)  # the threshold: 1 if w @ x + b > 0, else 0
    E = y - y_hat  # -1, 0 or +1
    return w + eta * E * x, b + eta * E


def _check_linear_update(w, b, x, y, eta, y_name="y"):
    w = _validate.as_array(w, "w", ndim=1)
    x = _validate.as_array(x, "x", ndim=1)
    if x.shape != w.shape:
        raise ValueError(f"x must have the shape of w, {w.shape} (one value per input), got shape {x.shape}")
    y = float(_validate.binary_labels(_validate.as_scalar(y, y_name), y_name))
    return w, _validate.as_scalar(b, "b"), x, y, _validate.positive(eta, "eta")


def linear_epoch(w, b, X, t, eta=1.0):
    """One epoch of the error-driven rule: :func:`linear_update` on every column of ``X``, in order.

    The one training loop of the rule: :func:`train_linear` (chapter 3) and
    :func:`nblib.perceptron.train` (chapter 5) both run epochs of it.

    Parameters
    ----------
    w : array_like, shape (n,)
        The weights before the epoch.
    b : float
        The bias before the epoch.
    X : array_like, shape (n, m)
        Inputs, one example per column.
    t : array_like, shape (m,)
        Target labels, 0 or 1.
    eta : float, default 1.0
        The learning rate, greater than 0.

    Returns
    -------
    w : numpy.ndarray, shape (n,)
        The weights after the epoch.
    b : float
        The bias after the epoch.
    updates : list of tuple
        ``(j, w, b)`` for every example ``j`` that changed the weights (a misclassified one), with
        the weights and bias right after it.

    Examples
    --------
    >>> w, b, updates = linear_epoch([0.0, 0.0], -0.5, [[0.0, 1.0], [0.0, 1.0]], [0, 1])
    >>> w.tolist(), b, [j for j, _, _ in updates]
    ([1.0, 1.0], 0.5, [1])
    """
    w, b, X, t, eta = _check_linear_epoch(w, b, X, t, eta)
    updates = []
    for j in range(X.shape[1]):
        w_new, b_new = linear_update(w, b, X[:, j], t[j], eta)
        if b_new != b or np.any(w_new != w):  # a mistake: the rule moved the line
            updates.append((j, w_new, b_new))
        w, b = w_new, b_new
    return w, b, updates


def _check_linear_epoch(w, b, X, t, eta):
    w = _validate.as_array(w, "w", ndim=1)
    X, _ = _inputs(w, X, single=False)
    t = _labels(t, X.shape[1])
    return w, _validate.as_scalar(b, "b"), X, t, _validate.positive(eta, "eta")


@dataclass(frozen=True)
class LinearTraining:
    """The history of :func:`train_linear`, before training and after every epoch.

    Attributes
    ----------
    w : numpy.ndarray, shape (epochs + 1, 2)
        The weights before training (row 0) and after each epoch.
    b : numpy.ndarray, shape (epochs + 1,)
        The bias at the same moments.
    errors : numpy.ndarray of int, shape (epochs + 1,)
        How many examples those weights misclassify.
    """

    w: np.ndarray
    b: np.ndarray
    errors: np.ndarray

    def __post_init__(self):
        _validate.record_arrays(self, ("w", "b"))
        _validate.record_arrays(self, ("errors", "b"), kinds="iuf")


def train_linear(X, t, w=(0.0, 0.0), b=0.0, eta=1.0, epochs=10):
    """Train the linear classifier, one example at a time in column order, for ``epochs`` passes.

    Parameters
    ----------
    X : array_like, shape (2, m)
        Inputs, one example per column.
    t : array_like, shape (m,)
        Target labels, 0 or 1.
    w : array_like, shape (2,), default (0, 0)
        The starting weights.
    b : float, default 0
        The starting bias.
    eta : float, default 1.0
        The learning rate, greater than 0.
    epochs : int, default 10
        Number of passes over the examples, at least 1.

    Returns
    -------
    LinearTraining
        Weights, bias and misclassification count before training and after every epoch.

    Examples
    --------
    >>> from nblib.data import boolean
    >>> run = train_linear(*boolean("AND"), b=-0.5, epochs=6)
    >>> run.errors.tolist()
    [1, 3, 2, 1, 2, 0, 0]
    >>> run.w[-1].tolist(), float(run.b[-1])
    ([2.0, 1.0], -2.5)
    """
    X = _examples(X)
    t = _labels(t, X.shape[1])
    w, b = _weights(w, b)
    eta = _validate.positive(eta, "eta")
    epochs = _validate.count(epochs, "epochs", minimum=1)
    ws, bs, errors = [w], [b], [misclassified(w, b, X, t)]
    for _ in range(epochs):
        w, b, _ = linear_epoch(w, b, X, t, eta)
        ws.append(w)
        bs.append(b)
        errors.append(misclassified(w, b, X, t))
    return LinearTraining(w=np.array(ws), b=np.array(bs), errors=np.array(errors))
