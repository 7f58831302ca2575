"""Chapters 6, 8 and 10: loss functions, which turn a model's outputs into one number to make small.

Every loss takes the targets ``y`` first and the model's outputs second, and has a ``*_grad``
partner: the derivative of the loss with respect to that second argument, of its shape.

.. math::

    \\operatorname{MSE}(y, \\hat y) = \\frac{1}{n}\\sum_{j=1}^{n} (y_j - \\hat y_j)^2,
    \\qquad
    \\frac{\\partial\\,\\operatorname{MSE}}{\\partial \\hat y_j} = \\frac{2}{n}(\\hat y_j - y_j),

    C(y, \\hat y) = \\sum_j \\tfrac12 (y_j - \\hat y_j)^2 \\quad\\text{(half the sum of squares)},
    \\qquad
    \\frac{\\partial C}{\\partial \\hat y_j} = \\hat y_j - y_j ,

    C(y, z) = -\\frac1m \\sum_{i=1}^{m} \\sum_{j=1}^{K} y_j^{(i)} \\log \\operatorname{softmax}(z^{(i)})_j
    \\quad\\text{(softmax cross-entropy from the logits)}, \\qquad
    \\frac{\\partial C}{\\partial z^{(i)}} = \\frac1m\\left(\\operatorname{softmax}(z^{(i)}) - y^{(i)}\\right).

The cross-entropies follow chapter 10's layout: classes along axis 0, examples as columns, so
``y`` and the logits ``z`` have shape ``(K,)`` for one example or ``(K, m)`` for a batch, and the
loss is the mean over the ``m`` examples. A loss computed *from the logits* is named
``<output>_cross_entropy(y, z)``: softmax, and the binary ``sigmoid_cross_entropy(y, z)`` of
chapter 13, :math:`C = -\\frac1m \\sum_i \\sum_j [y_j^{(i)} \\log a_j^{(i)} + (1 - y_j^{(i)}) \\log(1 - a_j^{(i)})]`
with :math:`a = \\sigma(z)`, whose gradient is :math:`\\partial C/\\partial z = (\\sigma(z) - y)/m`.

Each public function checks its arguments in its first line and then computes its formula (see
``nblib._validate``). Results are exact at the extremes: no overflow warning, and a finite
answer wherever the true value is a finite float64 (squares of large errors are rescaled by a
power of two, which is exact).
"""

from __future__ import annotations

import numpy as np

from . import _validate
from .activations import sigmoid
from .softmax import log_softmax, softmax

__all__ = [
    "mse", "mse_grad", "half_sse", "half_sse_grad",
    "cross_entropy", "softmax_cross_entropy", "softmax_cross_entropy_grad",
    "sigmoid_cross_entropy", "sigmoid_cross_entropy_grad", "softplus",
]

_TOL = 1e-6  # how far a column of targets or probabilities may be from summing to 1


# --- checks ----------------------------------------------------------------------------------

def _check_pair(y, y_hat, name="y_hat"):
    y = _validate.as_array(y, "y")
    y_hat = _validate.as_array(y_hat, name)
    _validate.same_shape(y, y_hat, "y", name)
    return y, y_hat


def _check_distribution(p, name, what):
    if p.ndim not in (1, 2):
        raise ValueError(f"{name} must be a vector (K,) or a batch (K, m) with classes along axis 0, "
                         f"got shape {p.shape}")
    if p.min() < 0 or p.max() > 1 + _TOL:  # finite (as_array): min and max are quick
        raise ValueError(f"{name} must be {what} between 0 and 1, got values from {p.min():g} to {p.max():g}")
    sums = np.sum(p, axis=0)
    if np.abs(sums - 1).max() > _TOL:
        raise ValueError(f"{name} must be a probability distribution over axis 0 (each column summing to 1), "
                         f"got column sums from {np.min(sums):g} to {np.max(sums):g}")


def _check_targets(y, other, name):
    y, other = _check_pair(y, other, name)
    _check_distribution(y, "y", "targets")
    return y, other, (1 if y.ndim == 1 else y.shape[1])


def _check_probabilities(y, p):
    y, p, m = _check_targets(y, p, "p")
    _check_distribution(p, "p", "probabilities")
    return y, p, m


# --- sums of squares, exact at the extremes ---------------------------------------------------

@np.errstate(over="ignore")
def _sum_of_squares(d, divisor):
    """``sum(d ** 2) / divisor``; if a square overflows, the same sum of ``d`` scaled by a power
    of two (exact), so that the result is finite whenever the true value is."""
    s = np.sum(d * d) / divisor
    if np.isfinite(s) or not np.isfinite(d).all():
        return float(s)
    k = int(np.frexp(np.max(np.abs(d)))[1])
    return float(np.sum(np.square(np.ldexp(d, -k))) / divisor * 2.0 ** k * 2.0 ** k)


@np.errstate(over="ignore")
def _difference(a, b, factor=1.0, divisor=1.0):
    """``factor * (a - b) / divisor`` elementwise, finite wherever the true value is."""
    g = factor * (a - b) / divisor
    big = ~np.isfinite(g)
    if big.any():  # an intermediate overflowed: halve first (exact), double last
        g[big] = (0.5 * a[big] - 0.5 * b[big]) / divisor * factor * 2.0
    return g


# --- losses ----------------------------------------------------------------------------------

def mse(y, y_hat):
    """Mean squared error :math:`\\frac1n \\sum_j (y_j - \\hat y_j)^2` over every element.

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
    y, y_hat = _check_pair(y, y_hat)
    return _sum_of_squares(_difference(y, y_hat), y.size)


def mse_grad(y, y_hat):
    """The gradient of :func:`mse` with respect to ``y_hat``: :math:`\\frac{2}{n}(\\hat y - y)`.

    Examples
    --------
    >>> mse_grad([1.0, 0.0], [0.5, 0.5]).tolist()
    [-0.5, 0.5]
    """
    y, y_hat = _check_pair(y, y_hat)
    return _validate.scalar_or_array(_difference(y_hat, y, 2.0, y.size))


def half_sse(y, y_hat):
    """Half the sum of squared errors, chapter 8's total error :math:`C = \\sum_j \\frac12 (y_j - \\hat y_j)^2`.

    The factor one half cancels the 2 that differentiating the square brings down.

    Parameters
    ----------
    y, y_hat : array_like
        Targets and outputs of the same shape.

    Returns
    -------
    float

    Examples
    --------
    >>> half_sse([0.01, 0.99], [0.75136507, 0.772928465])
    0.298371109...
    """
    y, y_hat = _check_pair(y, y_hat)
    return _sum_of_squares(_difference(y, y_hat), 2.0)  # sum / 2: bit for bit 0.5 * sum


def half_sse_grad(y, y_hat):
    """The gradient of :func:`half_sse` with respect to the outputs: :math:`\\hat y - y`.

    Examples
    --------
    >>> half_sse_grad([0.0, 1.0], [0.25, 0.5]).tolist()
    [0.25, -0.5]
    """
    y, y_hat = _check_pair(y, y_hat)
    return _validate.scalar_or_array(_difference(y_hat, y))


@np.errstate(divide="ignore")  # p = 0 where y > 0: the true loss is +inf
def cross_entropy(y, p):
    """Cross-entropy of predicted probabilities, averaged over the batch:
    :math:`C = -\\frac1m \\sum_i \\sum_j y_j^{(i)} \\log \\hat y_j^{(i)}` with :math:`\\hat y` = ``p``.

    Terms with :math:`y_j = 0` count as 0 (the limit of :math:`y \\log \\hat y`), so a probability
    that underflowed to 0 where the target is 0 costs nothing, and tiny (even subnormal)
    probabilities are used as they are. A 0 where the target is positive gives ``inf``, the true
    value. From logits, prefer :func:`softmax_cross_entropy`.

    Parameters
    ----------
    y : array_like
        Targets, shape ``(K,)`` or ``(K, m)``; each column a probability distribution (usually
        one-hot).
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
    y, p, m = _check_probabilities(y, p)
    log_p = np.log(p, out=np.zeros_like(p), where=y > 0)
    return float(-np.sum(y * log_p) / m)


def softmax_cross_entropy(y, z):
    """Cross-entropy of :math:`\\operatorname{softmax}(z)` against ``y``, from the logits ``z``:
    :math:`C = -\\frac1m \\sum_i \\sum_j y_j^{(i)} \\log\\operatorname{softmax}(z^{(i)})_j`.

    Uses :func:`~nblib.softmax.log_softmax`, so it stays finite and accurate for any finite
    logits; classes with target 0 contribute exactly 0.

    Parameters
    ----------
    y : array_like
        Targets, shape ``(K,)`` or ``(K, m)``; each column a probability distribution.
    z : array_like
        Logits of the same shape.

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
    y, z, m = _check_targets(y, z, "z")
    true = y > 0  # the classes the targets give weight to; the others add y log y_hat = 0
    return float(-np.sum(y[true] * log_softmax(z)[true]) / m)


def softmax_cross_entropy_grad(y, z):
    """The gradient of :func:`softmax_cross_entropy` with respect to the logits:
    :math:`\\partial C / \\partial z = (\\operatorname{softmax}(z) - y) / m`.

    Parameters
    ----------
    y : array_like
        Targets, shape ``(K,)`` or ``(K, m)``; each column a probability distribution.
    z : array_like
        Logits of the same shape.

    Returns
    -------
    numpy.ndarray
        Of the logits' shape; ``m`` is 1 for a single example.

    Notes
    -----
    Computed as :math:`((1 - y) \\odot s - y \\odot (1 - s)) / m` with :math:`s = \\operatorname{softmax}(z)`
    and :math:`1 - s = -\\operatorname{expm1}(\\log s)`, the same number: for a confident correct
    prediction :math:`s_j` rounds to 1 and :math:`s_j - 1` would lose every digit.

    Examples
    --------
    >>> softmax_cross_entropy_grad([0.0, 1.0], [0.0, 0.0]).tolist()
    [0.5, -0.5]
    """
    y, z, m = _check_targets(y, z, "z")
    return ((1 - y) * softmax(z) + y * np.expm1(log_softmax(z))) / m  # softmax - y, 1 - softmax = -expm1(log softmax)


# --- the binary cross-entropy of a sigmoid output, from the logits (chapter 13) ----------------

def _check_binary(y, z):
    y, z = _check_pair(y, z, "z")
    if y.ndim > 2:
        raise ValueError(f"y and z must be a number, a vector (n_L,) or a batch (n_L, m) with one example "
                         f"per column, got shape {y.shape}")
    if y.min() < 0 or y.max() > 1:  # finite (as_array): min and max are quick
        raise ValueError(f"y must hold targets between 0 and 1 (usually the labels 0 and 1), "
                         f"got values from {y.min():g} to {y.max():g}")
    return y, z, (1 if y.ndim <= 1 else y.shape[1])


def softplus(u):
    """The softplus :math:`\\log(1 + e^{u}) = \\max(u, 0) + \\log(1 + e^{-|u|})` (chapter 13).

    Each term of :func:`sigmoid_cross_entropy` is one: :math:`-\\log\\sigma(z)` is the softplus of
    :math:`-z`, :math:`-\\log(1 - \\sigma(z))` that of :math:`z`. The right-hand form never
    overflows (:math:`e^{-|u|} \\le 1`) and is accurate for any ``u``.

    Parameters
    ----------
    u : float or array_like
        Any shape.

    Returns
    -------
    float or numpy.ndarray
        Of ``u``'s shape.

    Examples
    --------
    >>> softplus(0.0) == np.log(2.0)
    True
    >>> softplus([-800.0, 800.0]).tolist()
    [0.0, 800.0]
    """
    u = _validate.as_array(u, "u", allow_empty=True)
    return _validate.scalar_or_array(np.maximum(u, 0.0) + np.log1p(np.exp(-np.abs(u))))


_softplus = softplus  # the name sigmoid_cross_entropy uses


def sigmoid_cross_entropy(y, z):
    """Binary cross-entropy of a sigmoid output, computed from the logits :math:`z` (chapter 13):
    :math:`C = -\\frac1m \\sum_i \\sum_j \\left[y_j^{(i)} \\log a_j^{(i)} + (1 - y_j^{(i)}) \\log(1 - a_j^{(i)})\\right]`
    with :math:`a = \\sigma(z)`.

    Since :math:`-\\log \\sigma(z) = \\log(1 + e^{-z})` and :math:`-\\log(1 - \\sigma(z)) = \\log(1 + e^{z})`,
    each term is

    .. math:: y \\log(1 + e^{-z}) + (1 - y) \\log(1 + e^{z}),

    and each softplus :math:`\\log(1 + e^{u})` is computed as :math:`\\max(u, 0) + \\log(1 + e^{-|u|})`
    (``np.log1p``). So the loss is finite and accurate for any finite logit: for :math:`y = 0`
    and :math:`z = 800` it is 800, where :math:`\\log(1 - \\sigma(800))` would be
    :math:`\\log 0 = -\\infty`. Both terms are non-negative, so nothing cancels.

    Parameters
    ----------
    y : array_like
        Targets between 0 and 1 (usually the labels 0 and 1): a number, shape ``(n_L,)`` for one
        example or ``(n_L, m)`` for a batch of ``m`` examples (one per column), like the logits.
    z : array_like
        The logits (pre-activations of the sigmoid outputs), of ``y``'s shape.

    Returns
    -------
    float
        The loss summed over the outputs and averaged over the ``m`` examples (``m = 1`` for a
        1-D or 0-D ``y``), the convention of :func:`softmax_cross_entropy`.

    Examples
    --------
    >>> round(sigmoid_cross_entropy(1.0, 0.0), 6)  # log 2: a = 1/2
    0.693147
    >>> sigmoid_cross_entropy(0.0, 800.0)  # confidently wrong: -log(1 - a) = z
    800.0
    >>> sigmoid_cross_entropy([[1.0, 0.0]], [[800.0, -800.0]])  # confidently right
    0.0
    """
    y, z, m = _check_binary(y, z)
    with np.errstate(over="ignore"):  # a sum above the largest float is inf: the true value
        terms = y * _softplus(-z) + (1.0 - y) * _softplus(z)
        total = np.sum(terms)
        if not np.isfinite(total):  # scale by a power of two (exact), divide by m, scale back
            k = int(np.frexp(np.max(terms))[1])
            return float(np.ldexp(np.sum(np.ldexp(terms, -k)) / m, k))
    return float(total / m)


def sigmoid_cross_entropy_grad(y, z):
    """The gradient of :func:`sigmoid_cross_entropy` with respect to the logits (chapter 13):
    :math:`\\partial C / \\partial z = (\\sigma(z) - y) / m`.

    The chain rule gives :math:`\\partial C/\\partial a = (a - y) / (a(1 - a))` and
    :math:`\\partial a / \\partial z = \\sigma'(z) = a(1 - a)`: the sigmoid's slope cancels, so the
    gradient is the error :math:`a - y` itself, never smaller because the neuron saturates.

    It is computed as :math:`(1 - y)\\,\\sigma(z) - y\\,\\sigma(-z)`, the same number since
    :math:`1 - \\sigma(z) = \\sigma(-z)`: for :math:`y = 1` and :math:`z = 40`, :math:`\\sigma(40)`
    rounds to 1 and :math:`\\sigma(z) - y` would give 0, while :math:`-\\sigma(-40) \\approx -4.25 \\times 10^{-18}`
    keeps every digit.

    Parameters
    ----------
    y : array_like
        Targets between 0 and 1, shape ``(n_L,)`` or ``(n_L, m)``.
    z : array_like
        Logits of ``y``'s shape.

    Returns
    -------
    float or numpy.ndarray
        Of the logits' shape (a float for a single number); ``m`` is 1 for one example.

    Examples
    --------
    >>> sigmoid_cross_entropy_grad(0.0, 0.0)
    0.5
    >>> sigmoid_cross_entropy_grad([[1.0, 0.0]], [[0.0, 800.0]]).tolist()
    [[-0.25, 0.5]]
    """
    y, z, m = _check_binary(y, z)
    error = (1 - y) * sigmoid(z) - y * sigmoid(-z)  # a - y, with 1 - σ(z) = σ(-z): nothing cancels
    return _validate.scalar_or_array(error / m)
