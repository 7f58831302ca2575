"""Chapters 6 and 8: loss functions, which turn a model's outputs into one number to make small.

Every loss takes the targets first and the model's outputs second, as
:func:`nblib.predictor.error` does, and each has a ``*_grad`` partner: the derivative of the loss
with respect to the outputs, of the outputs' shape.

.. math::

    \\operatorname{MSE}(y, \\hat y) = \\frac{1}{n}\\sum_{i=1}^{n} (y_i - \\hat y_i)^2,
    \\qquad
    \\frac{\\partial\\,\\operatorname{MSE}}{\\partial \\hat y_i} = \\frac{2}{n}(\\hat y_i - y_i),

    E_{\\text{total}}(t, o) = \\sum_i \\tfrac12 (t_i - o_i)^2,
    \\qquad
    \\frac{\\partial E_{\\text{total}}}{\\partial o_i} = o_i - t_i .
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = ["mse", "mse_grad", "half_sse", "half_sse_grad"]


def _pair(y, y_hat):
    y = _validate.as_array(y, "y")
    y_hat = _validate.as_array(y_hat, "y_hat")
    _validate.same_shape(y, y_hat, "y", "y_hat")
    return y, y_hat


def mse(y, y_hat) -> float:
    """Mean squared error :math:`\\frac1n \\sum_i (y_i - \\hat y_i)^2` over every element.

    Squaring makes every error count as positive (errors of opposite sign cannot cancel) and
    weighs large errors more than small ones; its derivative is simple and smooth.

    Parameters
    ----------
    y, y_hat : array_like
        Targets and predictions of the same shape; ``n`` is their number of elements.

    Returns
    -------
    float

    Examples
    --------
    >>> mse([1.0, 0.0], [0.5, 0.5])
    0.25
    """
    y, y_hat = _pair(y, y_hat)
    return float(np.mean((y - y_hat) ** 2))


def mse_grad(y, y_hat):
    """The gradient of :func:`mse` with respect to ``y_hat``: :math:`\\frac{2}{n}(\\hat y - y)`.

    Examples
    --------
    >>> mse_grad([1.0, 0.0], [0.5, 0.5]).tolist()
    [-0.5, 0.5]
    """
    y, y_hat = _pair(y, y_hat)
    g = 2.0 * (y_hat - y) / y.size
    return _validate.scalar_or_array(g)


def half_sse(y, y_hat) -> float:
    """The "total error" of chapter 8, :math:`\\sum_i \\frac12 (t_i - o_i)^2`.

    The factor one half cancels the 2 that differentiating the square brings down.

    Parameters
    ----------
    y, y_hat : array_like
        Targets :math:`t` and outputs :math:`o` of the same shape.

    Examples
    --------
    >>> half_sse([0.01, 0.99], [0.75136507, 0.772928465])
    0.298371109...
    """
    y, y_hat = _pair(y, y_hat)
    return float(0.5 * np.sum((y - y_hat) ** 2))


def half_sse_grad(y, y_hat):
    """The gradient of :func:`half_sse` with respect to the outputs: :math:`o - t`.

    Examples
    --------
    >>> half_sse_grad([0.0, 1.0], [0.25, 0.5]).tolist()
    [0.25, -0.5]
    """
    y, y_hat = _pair(y, y_hat)
    g = y_hat - y
    return _validate.scalar_or_array(g)
