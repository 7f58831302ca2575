"""Finite-difference gradient checking: the independent test of every hand-derived gradient.

The centred difference

.. math:: \\frac{\\partial f}{\\partial w_j} \\approx
          \\frac{f(\\dots, w_j + h, \\dots) - f(\\dots, w_j - h, \\dots)}{2h}

has error of order :math:`h^2`, so with :math:`h = 10^{-5}` it agrees with an exact gradient to
about :math:`10^{-10}` relative error for smooth functions. :func:`relative_error` compares two
gradients in a way that is meaningful whether they are large or tiny.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from . import _validate

__all__ = ["numerical_gradient", "relative_error"]


def numerical_gradient(f: Callable[[np.ndarray], float], theta, h: float = 1e-5) -> np.ndarray:
    """Centred finite-difference gradient of a scalar function.

    Parameters
    ----------
    f : callable
        ``f(theta) -> float``; called with arrays of ``theta``'s shape. It must not keep a
        reference to its argument (a fresh copy is passed every time).
    theta : array_like
        Where to take the gradient, any shape.
    h : float, default 1e-5
        The step, greater than 0.

    Returns
    -------
    numpy.ndarray
        The gradient, of ``theta``'s shape.

    Examples
    --------
    >>> g = numerical_gradient(lambda t: float(np.sum(t ** 2)), [1.0, -2.0])
    >>> np.round(g, 6).tolist()
    [2.0, -4.0]
    """
    f, theta, h = _validate.function(f, "f"), _validate.as_array(theta, "theta"), _validate.positive(h, "h")
    grad = np.empty_like(theta)
    for i in np.ndindex(theta.shape):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (_value(f, plus, "f(theta + h)") - _value(f, minus, "f(theta - h)")) / (2 * h)
    return grad


def _value(f, theta, what):
    v = f(theta)
    if isinstance(v, (bool, np.bool_)) or not (isinstance(v, (int, float, np.integer, np.floating)) or (
            isinstance(v, np.ndarray) and v.shape == () and v.dtype.kind in "iuf")):
        raise TypeError(f"f must return a single real number, {what} returned {type(v).__name__} "
                        f"of shape {np.shape(v)}")
    return float(v)


def relative_error(a, b, eps=1e-12):
    """Largest elementwise relative difference, :math:`\\max_j |u_j - v_j| / \\max(|u_j| + |v_j|, \\text{eps}\\cdot\\text{scale})`,
    for the gradients :math:`u` = ``a`` and :math:`v` = ``b``, with :math:`\\text{scale} = \\max_j (|u_j| + |v_j|)`.

    The floor :math:`\\text{eps}\\cdot\\text{scale}` is *relative*: an entry that is zero in both gradients (or
    smaller than ``eps`` times the largest entry) counts as agreeing, while two tiny
    gradients of opposite sign (say :math:`\\pm 10^{-20}`) are told apart, whatever their size.
    Both are scaled by the same power of two first (exactly), so entries near the largest float
    give no overflow and no NaN.

    Parameters
    ----------
    a, b : array_like
        Two gradients of the same shape (for example analytic and numerical).
    eps : float, default 1e-12
        The relative floor of the denominator, greater than 0 and less than 1.

    Returns
    -------
    float
        0 for identical gradients, at most 1; below about 1e-7 means "agree" for centred
        differences.

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> relative_error([1e-20], [-1e-20])  # opposite signs never agree
    1.0
    """
    a, b, eps = _check_relative_error(a, b, eps)
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)))
    if scale == 0:
        return 0.0
    k = int(np.frexp(scale)[1])
    a, b = np.ldexp(a, -k), np.ldexp(b, -k)  # now |a|, |b| < 1, exactly scaled
    total = np.abs(a) + np.abs(b)
    return float(np.max(np.abs(a - b) / np.maximum(total, eps * np.max(total))))


def _check_relative_error(a, b, eps):
    a = _validate.as_array(a, "a")
    b = _validate.as_array(b, "b")
    _validate.same_shape(a, b, "a", "b")
    eps = _validate.positive(eps, "eps")
    if eps >= 1:
        raise ValueError(f"eps must be less than 1, got {eps:g}")
    return a, b, eps
