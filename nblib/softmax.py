"""Chapter 10: softmax, cross-entropy and the gradient :math:`\\hat y - y` that joins them.

Classes run along axis 0 and examples along the columns: a batch of ``m`` score vectors for
``k`` classes is an array of shape ``(k, m)``; one example is a 1-D array of shape ``(k,)``.

.. math::

    \\operatorname{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}, \\qquad
    L(y, z) = -\\sum_i y_i \\log \\operatorname{softmax}(z)_i, \\qquad
    \\frac{\\partial L}{\\partial z} = \\operatorname{softmax}(z) - y .

Every function subtracts the largest score before exponentiating (the log-sum-exp trick), so
no input that is finite overflows: logits of :math:`\\pm 10^4` give no warning.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import _validate

__all__ = [
    "softmax", "log_softmax", "logsumexp", "softmax_jacobian", "cross_entropy",
    "softmax_cross_entropy", "softmax_cross_entropy_grad", "one_hot",
]

_TOL = 1e-6  # how far a column of targets or probabilities may be from summing to 1


# --- unchecked internals (used by nblib.training's inner loop) -------------------------------

def _logsumexp(z: np.ndarray, axis: int = 0) -> np.ndarray:
    zmax = np.max(z, axis=axis, keepdims=True)
    return np.squeeze(zmax, axis=axis) + np.log(np.sum(np.exp(z - zmax), axis=axis))


def _softmax(z: np.ndarray, axis: int = 0) -> np.ndarray:
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _log_softmax(z: np.ndarray, axis: int = 0) -> np.ndarray:
    return z - np.expand_dims(_logsumexp(z, axis), axis)


def _n_examples(a: np.ndarray) -> int:
    return 1 if a.ndim == 1 else a.shape[1]


# --- validation ----------------------------------------------------------------------------

def _scores(z, name: str = "z") -> np.ndarray:
    z = _validate.as_array(z, name)
    if z.ndim not in (1, 2):
        raise ValueError(f"{name} must be a vector (k,) or a batch (k, m) with classes along axis 0, "
                         f"got shape {z.shape}")
    return z


def _axis(axis, z: np.ndarray) -> int:
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be a whole number, got {axis!r}")
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis must be between {-z.ndim} and {z.ndim - 1} for an array of shape {z.shape}, "
                         f"got {axis}")
    return int(axis)


def _distribution(p: np.ndarray, name: str, what: str) -> None:
    if np.any(p < 0) or np.any(p > 1 + _TOL):
        raise ValueError(f"{name} must be {what} between 0 and 1, got values from {p.min():g} to {p.max():g}")
    sums = np.sum(p, axis=0)
    if np.any(np.abs(sums - 1) > _TOL):
        raise ValueError(f"{name} must be a probability distribution over axis 0 (each column summing to 1), "
                         f"got column sums from {np.min(sums):g} to {np.max(sums):g}")


def _pair(y, other, other_name: str):
    y = _scores(y, "y")
    other = _scores(other, other_name)
    _validate.same_shape(y, other, "y", other_name)
    _distribution(y, "y", "targets")
    return y, other


# --- public functions ----------------------------------------------------------------------

def softmax(z, axis: int = 0) -> np.ndarray:
    """Turn scores into probabilities: :math:`\\operatorname{softmax}(z)_i = e^{z_i} / \\sum_j e^{z_j}`.

    Computed as :math:`e^{z_i - \\max z} / \\sum_j e^{z_j - \\max z}`, which is the same number
    (the factor :math:`e^{-\\max z}` cancels) but never overflows.

    Parameters
    ----------
    z : array_like
        Scores (logits), shape ``(k,)`` for one example or ``(k, m)`` for a batch.
    axis : int, default 0
        The axis that holds the classes.

    Returns
    -------
    numpy.ndarray
        Probabilities of ``z``'s shape; each slice along ``axis`` is positive and sums to 1.

    Examples
    --------
    >>> np.round(softmax([1.0, 2.0, 3.0]), 4).tolist()
    [0.09, 0.2447, 0.6652]
    >>> softmax([1000.0, 1000.0]).tolist()
    [0.5, 0.5]
    """
    z = _scores(z)
    return _softmax(z, _axis(axis, z))


def logsumexp(z, axis: int = 0):
    """The log of a sum of exponentials, :math:`\\log \\sum_j e^{z_j} = m + \\log \\sum_j e^{z_j - m}`
    with :math:`m = \\max_j z_j`.

    Parameters
    ----------
    z : array_like
        Shape ``(k,)`` or ``(k, m)``.
    axis : int, default 0
        The axis summed over.

    Returns
    -------
    float or numpy.ndarray
        A float for a vector; for a batch, an array with ``axis`` removed.

    Examples
    --------
    >>> round(logsumexp([0.0, 0.0]), 6)  # log 2
    0.693147
    >>> round(logsumexp([1e4, 1e4]) - 1e4, 6)  # no overflow
    0.693147
    """
    z = _scores(z)
    out = _logsumexp(z, _axis(axis, z))
    return float(out) if np.ndim(out) == 0 else out


def log_softmax(z, axis: int = 0) -> np.ndarray:
    """The log of :func:`softmax`, :math:`\\log\\operatorname{softmax}(z)_i = z_i - \\log\\sum_j e^{z_j}`.

    Finite for every finite ``z``, even where the softmax itself underflows to 0.

    Parameters
    ----------
    z : array_like
        Shape ``(k,)`` or ``(k, m)``.
    axis : int, default 0
        The axis that holds the classes.

    Returns
    -------
    numpy.ndarray
        Of ``z``'s shape.

    Examples
    --------
    >>> log_softmax([0.0, 1e4]).tolist()
    [-10000.0, 0.0]
    """
    z = _scores(z)
    return _log_softmax(z, _axis(axis, z))


def softmax_jacobian(z) -> np.ndarray:
    """The Jacobian of softmax for one score vector: :math:`J = \\operatorname{diag}(s) - s s^T`.

    .. math:: J_{ij} = \\frac{\\partial s_i}{\\partial z_j} = s_i\\,([i = j] - s_j),
              \\qquad s = \\operatorname{softmax}(z).

    Parameters
    ----------
    z : array_like
        One score vector, shape ``(k,)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(k, k)``, symmetric; every row and column sums to 0.

    Examples
    --------
    >>> softmax_jacobian([0.0, 0.0]).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    z = _scores(z)
    if z.ndim != 1:
        raise ValueError(f"z must be one score vector of shape (k,), got shape {z.shape}")
    s = _softmax(z)
    return np.diag(s) - np.outer(s, s)


def cross_entropy(y, p) -> float:
    """Cross-entropy of predicted probabilities, averaged over the batch:
    :math:`L = -\\frac1m \\sum_{j=1}^{m} \\sum_i y_{ij} \\log p_{ij}`.

    ``p`` is clipped to at least ``1e-300`` before the log, so a probability of exactly 0 gives a
    large finite loss instead of a warning. From logits, prefer :func:`softmax_cross_entropy`.

    Parameters
    ----------
    y : array_like
        Targets, shape ``(k,)`` or ``(k, m)``; each column a probability distribution
        (usually one-hot).
    p : array_like
        Predicted probabilities of the same shape; each column sums to 1.

    Returns
    -------
    float

    Examples
    --------
    >>> round(cross_entropy([0.0, 1.0], [0.5, 0.5]), 6)  # log 2
    0.693147
    """
    y, p = _pair(y, p, "p")
    _distribution(p, "p", "probabilities")
    logp = np.log(np.clip(p, 1e-300, 1.0))
    return float(-np.sum(y * logp) / _n_examples(y))


def softmax_cross_entropy(y, logits) -> float:
    """Cross-entropy of :math:`\\operatorname{softmax}(z)` against ``y``, computed from the logits ``z``:
    :math:`L = -\\frac1m \\sum_j \\sum_i y_{ij} \\log\\operatorname{softmax}(z_{\\cdot j})_i`.

    Uses :func:`log_softmax`, so it stays finite and accurate for any finite logits.

    Parameters
    ----------
    y : array_like
        Targets, shape ``(k,)`` or ``(k, m)``; each column a probability distribution.
    logits : array_like
        Scores of the same shape.

    Returns
    -------
    float
        The mean loss over the ``m`` examples.

    Examples
    --------
    >>> round(softmax_cross_entropy([0.0, 1.0], [0.0, 0.0]), 6)
    0.693147
    >>> softmax_cross_entropy([1.0, 0.0], [0.0, 1e4])
    10000.0
    """
    y, z = _pair(y, logits, "logits")
    return float(-np.sum(y * _log_softmax(z)) / _n_examples(y))


def softmax_cross_entropy_grad(y, logits) -> np.ndarray:
    """The gradient of :func:`softmax_cross_entropy` with respect to the logits:
    :math:`\\partial L / \\partial z = (\\operatorname{softmax}(z) - y) / m`.

    Parameters
    ----------
    y : array_like
        Targets, shape ``(k,)`` or ``(k, m)``; each column a probability distribution.
    logits : array_like
        Scores of the same shape.

    Returns
    -------
    numpy.ndarray
        Of the logits' shape; ``m`` is 1 for a single example.

    Examples
    --------
    >>> softmax_cross_entropy_grad([0.0, 1.0], [0.0, 0.0]).tolist()
    [0.5, -0.5]
    """
    y, z = _pair(y, logits, "logits")
    return (_softmax(z) - y) / _n_examples(y)


def one_hot(labels, n_classes: int) -> np.ndarray:
    """One-hot targets: column ``j`` is all zeros except a 1 in row ``labels[j]``.

    Parameters
    ----------
    labels : array_like of int
        Class numbers, shape ``(m,)``, each in ``0 .. n_classes - 1``.
    n_classes : int
        The number of classes ``k``, at least 1.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_classes, m)``, float.

    Examples
    --------
    >>> one_hot([2, 0], 3).tolist()
    [[0.0, 1.0], [0.0, 0.0], [1.0, 0.0]]
    """
    n_classes = _validate.count(n_classes, "n_classes", minimum=1)
    arr = _validate.class_labels(labels, "labels", n_classes)
    out = np.zeros((n_classes, arr.size))
    out[arr, np.arange(arr.size)] = 1.0
    return out
