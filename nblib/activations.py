"""Chapter 4: activation functions and their derivatives, exact for every finite input.

Every function takes a pre-activation ``z`` (a number or an array of any shape) and returns a
value of the same shape (a float for a scalar ``z``). Each derivative is a function of ``z``,
named after its function with ``_prime``:

.. math::

    \\sigma(z) = \\frac{1}{1 + e^{-z}}, \\qquad
    \\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z)) = \\frac{e^{-|z|}}{(1 + e^{-|z|})^2},

    \\tanh'(z) = 1 - \\tanh^2(z) = \\frac{4 e^{-2|z|}}{(1 + e^{-2|z|})^2}, \\qquad
    \\operatorname{relu}(z) = \\max(0, z), \\qquad \\operatorname{relu}'(z) = [z > 0].

The sigmoid never evaluates :math:`e^{-z}` for a large negative ``z`` (it would overflow): for
:math:`z < 0` it uses the equal form :math:`e^{z} / (1 + e^{z})`. The derivatives use the forms
in :math:`e^{-|z|}` on the right: :math:`1 - \\sigma(z)` and :math:`1 - \\tanh^2 z` lose every
digit as a unit saturates (at :math:`z = 40`, :math:`\\sigma(z)` rounds to 1 although
:math:`\\sigma'(40) \\approx 4.25 \\times 10^{-18}`), the exponential forms stay accurate to a few
units in the last place wherever the value is representable.

An :class:`Activation` pairs a function with its derivative, ``act.f`` and ``act.f_prime``;
:data:`ACTIVATIONS` maps each name to its pair and :func:`get` looks one up. Each public
function checks its argument in its first line and then computes its formula (see
``nblib._validate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _validate

__all__ = [
    "step", "step_prime", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime",
    "relu", "relu_prime", "identity", "identity_prime", "Activation", "ACTIVATIONS", "get",
]


def _check_z(z):
    return _validate.as_array(z, "z", allow_empty=True)


_out = _validate.scalar_or_array  # a number in, a number out


def step(z):
    """The threshold (Heaviside step) function: 1 where :math:`z > 0`, else 0.

    Parameters
    ----------
    z : float or array_like
        Pre-activation(s), any shape.

    Returns
    -------
    float or numpy.ndarray
        0.0 or 1.0 elementwise, of ``z``'s shape.

    Examples
    --------
    >>> step([-1.0, 0.0, 2.0]).tolist()
    [0.0, 0.0, 1.0]
    """
    z = _check_z(z)
    return _out((z > 0).astype(float))


def step_prime(z):
    """The step function's derivative: 0 wherever it exists (it is undefined at 0).

    Zero everywhere is why the step function cannot be trained by gradient descent: the error
    carries no signal back through it (chapter 5 trains it with the perceptron rule instead).

    Examples
    --------
    >>> step_prime(1.5)
    0.0
    """
    z = _check_z(z)
    return _out(np.zeros_like(z))


def sigmoid(z):
    """The logistic sigmoid :math:`\\sigma(z) = 1 / (1 + e^{-z})`, stable for any finite ``z``.

    Parameters
    ----------
    z : float or array_like
        Pre-activation(s), any shape.

    Returns
    -------
    float or numpy.ndarray
        Values between 0 and 1 (they round to exactly 1 for :math:`z > 37`, and to exactly
        0 only below about :math:`-745`).

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> round(sigmoid(0.3775), 9)
    0.593269992
    """
    z = _check_z(z)
    e = np.exp(-np.abs(z))  # at most 1: never overflows
    d = 1 + e
    return _out(np.where(z >= 0, 1 / d, e / d))


def sigmoid_prime(z):
    """The sigmoid's derivative :math:`\\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) = e^{-|z|} / (1 + e^{-|z|})^2`, at most 1/4.

    Examples
    --------
    >>> sigmoid_prime(0.0)
    0.25
    >>> float(f"{sigmoid_prime(40.0):.3g}")  # representable, and accurate
    4.25e-18
    """
    z = _check_z(z)
    e = np.exp(-np.abs(z))
    return _out(e / np.square(1 + e))


def tanh(z):
    """The hyperbolic tangent, :math:`\\tanh(z) = 2\\sigma(2z) - 1`, with values in [-1, 1].

    Examples
    --------
    >>> tanh(0.0)
    0.0
    """
    z = _check_z(z)
    return _out(np.tanh(z))


def tanh_prime(z):
    """The derivative :math:`\\tanh'(z) = 1 - \\tanh^2(z) = 4e^{-2|z|} / (1 + e^{-2|z|})^2`, at most 1.

    Examples
    --------
    >>> tanh_prime(0.0)
    1.0
    """
    z = _check_z(z)
    e = np.exp(-np.abs(z)) ** 2  # e^{-2|z|}, without overflowing 2|z|
    return _out(4 * e / (1 + e) ** 2)


def relu(z):
    """The rectified linear unit :math:`\\max(0, z)`.

    Examples
    --------
    >>> relu([-2.0, 0.0, 1.5]).tolist()
    [0.0, 0.0, 1.5]
    """
    z = _check_z(z)
    return _out(np.maximum(z, 0.0))


def relu_prime(z):
    """ReLU's derivative: 1 for :math:`z > 0`, 0 for :math:`z < 0`; the book takes 0 at :math:`z = 0`.

    A neuron whose pre-activation is negative for every input therefore passes no gradient back
    and its weights never change again (a "dead" ReLU).

    Examples
    --------
    >>> relu_prime([-1.0, 0.0, 2.0]).tolist()
    [0.0, 0.0, 1.0]
    """
    z = _check_z(z)
    return _out((z > 0).astype(float))


def identity(z):
    """The identity :math:`f(z) = z` (a linear output layer; logits before softmax).

    Examples
    --------
    >>> identity(-1.5)
    -1.5
    """
    z = _check_z(z)
    return _out(z.copy())


def identity_prime(z):
    """The identity's derivative, 1 everywhere.

    Examples
    --------
    >>> identity_prime(3.0)
    1.0
    """
    z = _check_z(z)
    return _out(np.ones_like(z))


@dataclass(frozen=True)
class Activation:
    """An activation function and its derivative, both functions of ``z``: ``f`` and ``f_prime``.

    It unpacks like a pair, ``f, f_prime = get("sigmoid")``.

    Attributes
    ----------
    name : str
    f, f_prime : callable
        :math:`f(z)` and :math:`f'(z)`, elementwise.

    Examples
    --------
    >>> act = get("tanh")
    >>> act.name, act.f(0.0), act.f_prime(0.0)
    ('tanh', 0.0, 1.0)
    """

    name: str
    f: Callable
    f_prime: Callable

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string, got {type(self.name).__name__}")
        _validate.function(self.f, "f")
        _validate.function(self.f_prime, "f_prime")

    def __iter__(self):
        return iter((self.f, self.f_prime))


#: Each activation's name mapped to its :class:`Activation` (``f`` and ``f_prime``).
ACTIVATIONS = {
    "step": Activation("step", step, step_prime),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "identity": Activation("identity", identity, identity_prime),
}


def get(name):
    """The :class:`Activation` (``f`` and ``f_prime``) of an activation, by name.

    Parameters
    ----------
    name : {"step", "sigmoid", "tanh", "relu", "identity"}

    Examples
    --------
    >>> f, f_prime = get("sigmoid")
    >>> f_prime(0.0)
    0.25
    """
    return ACTIVATIONS[_validate.option(name, "name", tuple(ACTIVATIONS))]
