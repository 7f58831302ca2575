"""Chapter 10: softmax, log-sum-exp and one-hot targets.

Classes run along axis 0 and examples along the columns: a batch of ``m`` score vectors for
``K`` classes is an array of shape ``(K, m)``; one example is a 1-D array of shape ``(K,)``.

.. math::

    \\operatorname{softmax}(z)_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}, \\qquad
    \\log \\sum_k e^{z_k} = \\max z + \\log \\sum_k e^{z_k - \\max z} .

Every function subtracts the largest score before exponentiating (the log-sum-exp trick), so no
finite input overflows: logits of :math:`\\pm 10^{308}` give the exact answer and no warning.
The difference :math:`z_k - \\max z` itself is not a float when the scores are more than the
float range apart (:math:`-10^{308} - 10^{308}`), so :func:`softmax` and :func:`logsumexp` first
raise every score to at least :math:`\\max z / 2 - 1.8 \\times 10^{308} / 2` (computed exactly,
without overflow): a score below that is more than :math:`10^{292}` below the largest, so its
:math:`e^{z_k - \\max z}` is 0 either way, and every other score is left as it is (the results
are bit for bit those of :math:`e^{z_k - \\max z}`). :func:`log_softmax` returns the difference
itself, :math:`-\\infty` there (its true value, rounded).

The losses built on softmax, :func:`~nblib.losses.softmax_cross_entropy` and its gradient, live
in :mod:`nblib.losses` with the other losses, which imports this module (never the reverse).

*Exact for confident predictions.* The largest term of :math:`\\sum_k e^{z_k - \\max z}` is
:math:`e^0 = 1`; the others are summed apart and added by ``log1p``,
:math:`\\log \\sum_k e^{z_k} = \\max z + \\log(1 + \\sum_{k \\ne k^*} e^{z_k - \\max z})`, so a
tiny :math:`\\log \\operatorname{softmax}` such as :math:`-\\log(1 + e^{-30}) \\approx -9.36 \\times 10^{-14}`
keeps every digit (``log`` of the rounded sum would keep about three).

Each public function checks its arguments in its first line (``_check_scores``) and then
computes its formula, as everywhere in :mod:`nblib` (see ``nblib._validate``).
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = ["softmax", "log_softmax", "logsumexp", "softmax_jacobian", "one_hot"]

_MAX = np.finfo(float).max  # the largest float, about 1.8e308

def _check_scores(z, axis=0, name="z"):
    z = _validate.as_array(z, name)
    if z.ndim not in (1, 2):
        raise ValueError(f"{name} must be a vector (K,) or a batch (K, m) with classes along axis 0, "
                         f"got shape {z.shape}")
    if type(axis) is not int and (isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer))):
        raise TypeError(f"axis must be a whole number, got {type(axis).__name__} {axis!r}")
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis must be between {-z.ndim} and {z.ndim - 1} for {name} of shape {z.shape}, "
                         f"got {axis}")
    return z, int(axis)


def _others(e, axis):
    """The sum of the terms ``e = exp(z - max z)`` along ``axis`` but one largest (which is 1).

    Added to 1 by ``log1p``, this gives :math:`\\log\\sum_k e^{z_k - \\max z}` to full relative
    accuracy even when the other terms are tiny (rounding ``1 + tiny`` would lose them)."""
    rest = e.copy()
    np.put_along_axis(rest, np.argmax(e, axis=axis, keepdims=True), 0.0, axis=axis)
    return rest.sum(axis=axis, keepdims=True)


def softmax(z, axis=0):
    """Turn scores into probabilities: :math:`\\operatorname{softmax}(z)_j = e^{z_j} / \\sum_k e^{z_k}`.

    Computed as :math:`e^{z_j - \\max z} / \\sum_k e^{z_k - \\max z}`, which is the same number
    (the factor :math:`e^{-\\max z}` cancels) but never overflows.

    Parameters
    ----------
    z : array_like
        Scores (logits), shape ``(K,)`` for one example or ``(K, m)`` for a batch.
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
    z, axis = _check_scores(z, axis)
    z_max = z.max(axis=axis, keepdims=True)
    z = np.maximum(z, z_max / 2 - _MAX / 2)  # far below the max e^(z - max z) is 0: z - max z stays a float
    e = np.exp(z - z_max)  # at most e^0 = 1: nothing overflows
    return e / e.sum(axis=axis, keepdims=True)


def logsumexp(z, axis=0):
    """The log of a sum of exponentials, :math:`\\log \\sum_k e^{z_k} = \\max z + \\log \\sum_k e^{z_k - \\max z}`.

    Parameters
    ----------
    z : array_like
        Shape ``(K,)`` or ``(K, m)``.
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
    z, axis = _check_scores(z, axis)
    z_max = z.max(axis=axis, keepdims=True)
    z = np.maximum(z, z_max / 2 - _MAX / 2)  # far below the max e^(z - max z) is 0: z - max z stays a float
    lse = z_max + np.log1p(_others(np.exp(z - z_max), axis))  # log(1 + the terms below e^0 = 1)
    return _validate.scalar_or_array(np.squeeze(lse, axis=axis))


@np.errstate(over="ignore")  # below -1.8e308 the true value is not representable: -inf
def log_softmax(z, axis=0):
    """The log of :func:`softmax`, :math:`\\log\\operatorname{softmax}(z)_j = z_j - \\log\\sum_k e^{z_k}`.

    Finite for every finite ``z`` whose entries lie within about :math:`10^{308}` of each other,
    even where the softmax itself underflows to 0.

    Parameters
    ----------
    z : array_like
        Shape ``(K,)`` or ``(K, m)``.
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
    z, axis = _check_scores(z, axis)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log1p(_others(np.exp(shifted), axis))


def softmax_jacobian(z):
    """The Jacobian of softmax for one score vector: :math:`J = \\operatorname{diag}(\\hat y) - \\hat y\\,\\hat y^{\\mathsf T}`.

    .. math:: J_{jk} = \\frac{\\partial \\hat y_j}{\\partial z_k} = \\hat y_j\\,([j = k] - \\hat y_k),
              \\qquad \\hat y = \\operatorname{softmax}(z).

    Parameters
    ----------
    z : array_like
        One score vector, shape ``(K,)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(K, K)``, symmetric; every row and column sums to 0.

    Examples
    --------
    >>> softmax_jacobian([0.0, 0.0]).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    s = softmax(_validate.as_array(z, "z", ndim=1))
    return np.diag(s) - np.outer(s, s)


def one_hot(labels, n_classes):
    """One-hot targets: column ``i`` is all zeros except a 1 in row ``labels[i]``.

    Parameters
    ----------
    labels : array_like of int
        Class numbers, shape ``(m,)``, each in ``0 .. n_classes - 1``.
    n_classes : int
        The number of classes ``K``, at least 1.

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
    labels = _validate.class_labels(labels, "labels", n_classes)
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y
