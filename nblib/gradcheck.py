"""Finite-difference gradient checking: the independent test of every hand-derived gradient.

The centred difference

.. math:: \\frac{\\partial f}{\\partial \\theta_i} \\approx
          \\frac{f(\\theta + h e_i) - f(\\theta - h e_i)}{2h}

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
    if not callable(f):
        raise TypeError(f"f must be a function of theta, got {f!r}")
    theta = _validate.as_array(theta, "theta")
    h = _validate.positive(h, "h")
    grad = np.empty_like(theta)
    for i in np.ndindex(theta.shape):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += h
        minus[i] -= h
        fp, fm = f(plus), f(minus)
        for name, v in (("f(theta + h)", fp), ("f(theta - h)", fm)):
            if not np.isscalar(v) and np.ndim(v) != 0:
                raise TypeError(f"f must return a single number, {name} returned shape {np.shape(v)}")
        grad[i] = (float(fp) - float(fm)) / (2 * h)
    return grad


def relative_error(a, b, eps: float = 1e-12) -> float:
    """Largest elementwise relative difference, :math:`\\max_i |a_i - b_i| / \\max(|a_i| + |b_i|, \\epsilon)`.

    Parameters
    ----------
    a, b : array_like
        Two gradients of the same shape (for example analytic and numerical).
    eps : float, default 1e-12
        Floor of the denominator, so that two zero entries compare as equal.

    Returns
    -------
    float
        0 for identical gradients; below about 1e-7 means "agree" for centred differences.

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    """
    a = _validate.as_array(a, "a")
    b = _validate.as_array(b, "b")
    _validate.same_shape(a, b, "a", "b")
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), eps)))
