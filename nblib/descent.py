"""Chapter 6: gradient descent, and the gradient of a single sigmoid neuron's mean squared error.

Gradient descent moves the parameters :math:`w` a small step against the gradient of the
loss, over and over:

.. math:: w \\leftarrow w - \\eta\\,\\nabla C(w) .

:func:`gradient_descent` records the whole path. As soon as a parameter or the loss stops being
a finite number of moderate size (a learning rate that is too large makes them grow without
limit) it raises :class:`~nblib._validate.DivergedError`, whose ``path`` is the run so far (a
:class:`Descent`), without letting an overflow warning through.

For one sigmoid neuron :math:`\\hat y^{(i)} = \\sigma(w \\cdot x^{(i)} + b)` with the cost
:math:`C = \\frac1m \\sum_i (y^{(i)} - \\hat y^{(i)})^2` over ``m`` examples, the chain rule gives

.. math::

    \\delta^{(i)} = \\frac{\\partial C}{\\partial z^{(i)}} = \\frac{2}{m}(\\hat y^{(i)} - y^{(i)})\\,\\sigma'(z^{(i)}),
    \\qquad
    \\frac{\\partial C}{\\partial w_j} = \\sum_i \\delta^{(i)}\\,x_j^{(i)},
    \\qquad
    \\frac{\\partial C}{\\partial b} = \\sum_i \\delta^{(i)} ,

the bias being the weight of a constant input 1. Inputs follow the book's convention: one example
per column, ``X`` of shape ``(n_inputs, m)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate
from .activations import sigmoid, sigmoid_prime
from .losses import mse, mse_grad

__all__ = ["Descent", "gradient_descent", "neuron_output", "neuron_loss", "neuron_grad"]


@dataclass
class Descent:
    """The record of a gradient-descent run.

    Attributes
    ----------
    path : numpy.ndarray
        The parameters at the start and after each of the ``k`` steps taken, stacked along the
        first axis: shape ``(k + 1,) + theta0.shape``. Every entry is finite.
    values : numpy.ndarray, shape (k + 1,)
        The loss at each point of ``path``.
    """

    path: np.ndarray
    values: np.ndarray

    def __post_init__(self):
        for name in ("path", "values"):
            arr = getattr(self, name)
            if not isinstance(arr, np.ndarray) or arr.dtype.kind != "f":
                raise TypeError(f"{name} must be a float array, got {_validate._describe(arr)}")
            _validate.as_array(arr, name)
        if self.values.ndim != 1 or self.path.shape[:1] != self.values.shape or self.values.size == 0:
            raise ValueError(f"values must have one entry per point of path, got shapes {self.path.shape} "
                             f"and {self.values.shape}")

    @property
    def steps(self) -> int:
        """How many steps were taken (and recorded)."""
        return len(self.values) - 1


def gradient_descent(f, grad, theta0, eta, steps, bound=1e6):
    """Run gradient descent :math:`w \\leftarrow w - \\eta\\,\\nabla f(w)` and record the path.

    Parameters
    ----------
    f : callable
        The loss, ``f(theta) -> float``.
    grad : callable
        Its gradient, ``grad(theta) -> array`` of ``theta``'s shape.
    theta0 : float or array_like
        The starting parameters, any shape.
    eta : float
        The learning rate, greater than 0.
    steps : int
        How many steps to take, at least 1.
    bound : float, default 1e6
        Divergence threshold: a point where a parameter or the loss is larger than this in size,
        or not finite, stops the run.

    Returns
    -------
    Descent
        The path and the loss along it.

    Raises
    ------
    DivergedError
        If the run diverges (passes ``bound``); its ``path`` is the :class:`Descent` so far.

    Examples
    --------
    Minimise :math:`f(w) = (w - 3)^2`, whose gradient is :math:`2(w - 3)`; each step with
    :math:`\\eta = 0.25` halves the distance to 3:

    >>> run = gradient_descent(lambda w: float((w[0] - 3) ** 2), lambda w: 2 * (w - 3), [1.0], 0.25, 3)
    >>> run.path[:, 0].tolist()
    [1.0, 2.0, 2.5, 2.75]

    With :math:`\\eta = 1.5` every step doubles the distance, and the run stops at the bound:

    >>> from nblib import DivergedError
    >>> try:
    ...     gradient_descent(lambda w: float((w[0] - 3) ** 2), lambda w: 2 * (w - 3), [1.0], 1.5, 100)
    ... except DivergedError as exc:
    ...     print(exc.path.steps)
    8
    """
    f, grad, theta, eta, steps = _check_descent(f, grad, theta0, eta, steps, bound)
    path, values = [theta], [f(theta)]
    for _ in range(steps):
        theta = theta - eta * grad(theta)  # one step against the gradient
        path.append(theta)
        values.append(f(theta))
    return Descent(path=np.array(path), values=np.array(values))


class _Watched:
    """The loss ``f`` of :func:`gradient_descent`, checked at every point it is evaluated at (the
    points of the path, in order): what it returns must be a real number, and a point or value
    beyond ``bound`` raises :class:`DivergedError` carrying the points accepted so far."""

    def __init__(self, f, bound, eta):
        self.f, self.bound, self.eta, self.path, self.values = f, bound, eta, [], []

    def __call__(self, theta):
        with np.errstate(all="ignore"):
            try:
                v = self.f(theta.copy())
            except OverflowError:
                v = np.inf
        if isinstance(v, (bool, np.bool_)) or np.ndim(v) != 0 or np.asarray(v).dtype.kind not in "iuf":
            raise TypeError(f"f must return a single real number, got {type(v).__name__} of shape {np.shape(v)}")
        v = float(v)
        if not _within(self.bound, theta, v):  # too large or not a number: the run diverged
            if not self.path:
                raise ValueError(f"theta0 and the loss at theta0 must be finite and at most bound={self.bound:g} in size")
            raise _validate.DivergedError(
                f"gradient descent diverged at step {len(self.path)}: a parameter or the loss passed "
                f"bound={self.bound:g}; try a smaller eta than {self.eta:g}",
                path=Descent(path=np.array(self.path), values=np.array(self.values)))
        self.path.append(theta)
        self.values.append(v)
        return v


def _within(bound, theta, value):
    with np.errstate(all="ignore"):
        return bool(np.isfinite(value) and abs(value) <= bound and np.all(np.isfinite(theta))
                    and np.all(np.abs(theta) <= bound))


def _check_descent(f, grad, theta0, eta, steps, bound):
    """Check the arguments; wrap ``f`` and ``grad`` so that what they return is checked too (and
    a run that passes ``bound`` raises :class:`DivergedError`, quietly)."""
    f, grad = _validate.function(f, "f"), _validate.function(grad, "grad")
    theta = _validate.as_array(theta0, "theta0")
    eta = _validate.positive(eta, "eta")
    steps = _validate.count(steps, "steps", minimum=1)
    bound = _validate.positive(bound, "bound")
    watched = _Watched(f, bound, eta)

    def checked_grad(t):
        with np.errstate(all="ignore"):
            g = np.asarray(grad(t.copy()))
            if g.dtype.kind not in "iuf":
                raise TypeError(f"grad must return an array of real numbers, got dtype {g.dtype}")
            if g.shape != theta.shape:
                raise ValueError(f"grad must return an array of theta's shape {theta.shape}, got {g.shape}")
            g = g.astype(float)
            step = eta * g
        if not np.all(np.isfinite(step)):  # the step itself overflows: the next point is not finite
            raise _validate.DivergedError(
                f"gradient descent diverged at step {len(watched.path)}: the step eta * grad is not "
                f"finite; try a smaller eta than {eta:g}",
                path=Descent(path=np.array(watched.path), values=np.array(watched.values)))
        return g

    return watched, checked_grad, theta, eta, steps


def _check_neuron(w, b, X):
    w = _validate.as_array(w, "w", ndim=1)
    X, _ = _validate.columns(X, "X", w.size, single=False)
    return w, _validate.as_scalar(b, "b"), X


def _check_neuron_targets(w, b, X, y):
    w, b, X = _check_neuron(w, b, X)
    y = _validate.as_array(y, "y", ndim=1)
    if y.shape != (X.shape[1],):
        raise ValueError(f"y must have one target per column of X, shape ({X.shape[1]},), got {y.shape}")
    return w, b, X, y


def neuron_output(w, b, X):
    """The outputs :math:`\\hat y^{(i)} = \\sigma(w \\cdot x^{(i)} + b)` of one sigmoid neuron.

    Parameters
    ----------
    w : array_like, shape (n_inputs,)
    b : float
    X : array_like, shape (n_inputs, m)
        The inputs, one example per column.

    Returns
    -------
    numpy.ndarray, shape (m,)

    Examples
    --------
    >>> neuron_output([1.0, -1.0], 0.0, [[2.0, 0.0], [2.0, 0.0]]).tolist()
    [0.5, 0.5]
    """
    w, b, X = _check_neuron(w, b, X)
    return np.asarray(sigmoid(w @ X + b))


def neuron_loss(w, b, X, y):
    """The cost :math:`C = \\frac1m \\sum_i (y^{(i)} - \\hat y^{(i)})^2` of one sigmoid neuron (its MSE).

    Parameters
    ----------
    w : array_like, shape (n_inputs,)
    b : float
    X : array_like, shape (n_inputs, m)
        The inputs, one example per column.
    y : array_like, shape (m,)
        The targets.

    Returns
    -------
    float

    Examples
    --------
    >>> neuron_loss([0.0], 0.0, [[1.0, 2.0]], [1.0, 0.0])
    0.25
    """
    w, b, X, y = _check_neuron_targets(w, b, X, y)
    return mse(y, sigmoid(w @ X + b))


def neuron_grad(w, b, X, y):
    """The gradient of :func:`neuron_loss` with respect to the weights and the bias.

    .. math::

        \\frac{\\partial C}{\\partial w_j} = \\sum_i \\frac{2}{m}(\\hat y^{(i)} - y^{(i)})\\,
        \\hat y^{(i)} (1 - \\hat y^{(i)})\\, x_j^{(i)},
        \\qquad
        \\frac{\\partial C}{\\partial b} = \\sum_i \\frac{2}{m}(\\hat y^{(i)} - y^{(i)})\\,\\hat y^{(i)} (1 - \\hat y^{(i)})

    Parameters
    ----------
    w : array_like, shape (n_inputs,)
    b : float
    X : array_like, shape (n_inputs, m)
        The inputs, one example per column.
    y : array_like, shape (m,)
        The targets.

    Returns
    -------
    dC_dw : numpy.ndarray, shape (n_inputs,)
    dC_db : float

    Examples
    --------
    With :math:`w = 0, b = 0` every output is 0.5 and :math:`\\sigma' = 0.25`; for the targets 1 and 0
    the two terms of :math:`\\partial C/\\partial b` cancel:

    >>> dw, db = neuron_grad([0.0], 0.0, [[1.0, 2.0]], [1.0, 0.0])
    >>> dw.tolist(), db
    ([0.125], 0.0)
    """
    w, b, X, y = _check_neuron_targets(w, b, X, y)
    z = w @ X + b
    delta = mse_grad(y, sigmoid(z)) * sigmoid_prime(z)  # dC/dz_i, shape (m,)
    return X @ delta, float(np.sum(delta))
