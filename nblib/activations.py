"""Chapter 4: activation functions and their derivatives, written to be numerically stable.

Every function takes a pre-activation ``z`` (a number or an array of any shape) and returns an
array of the same shape (a float for a scalar ``z``). Derivatives are functions of ``z`` too,
named after the function with ``_prime``:

.. math::

    \\sigma(z) = \\frac{1}{1 + e^{-z}}, \\qquad \\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z)),

    \\tanh'(z) = 1 - \\tanh^2(z), \\qquad
    \\operatorname{relu}(z) = \\max(0, z), \\qquad \\operatorname{relu}'(z) = [z > 0].

The sigmoid never evaluates :math:`e^{-z}` for a large negative ``z`` (it would overflow):
for :math:`z < 0` it uses the equal form :math:`e^{z} / (1 + e^{z})`. No function here emits an
overflow warning for any finite input.

:data:`ACTIVATIONS` maps each name to its ``(function, derivative)`` pair; the network of
chapters 7 to 11 looks activations up there by name.

Each public function checks its argument and then calls the one private, unchecked NumPy
implementation in ``_RAW``, which :mod:`nblib.network` (and through it
:mod:`nblib.training`) uses directly on arrays it has already checked.
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = [
    "step", "step_prime", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime",
    "relu", "relu_prime", "identity", "identity_prime", "ACTIVATIONS", "get",
]


def _z(z) -> np.ndarray:
    return _validate.as_array(z, "z", allow_empty=True)


# --- the private, unchecked implementations ----------------------------------------------------
# Each takes and returns a float ndarray. The derivatives are written in terms of the activation
# a = f(z): the backward pass already has a from the forward pass, so it needs no second
# exponential. The derivative as a function of z is that form applied to f(z), which gives the
# very same numbers.

def _step(z):
    return (z > 0).astype(float)


def _step_prime_of_a(a):
    return np.zeros_like(a)


def _sigmoid(z):
    e = np.exp(-np.abs(z))  # at most 1: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_prime_of_a(a):
    return a * (1.0 - a)


def _tanh(z):
    return np.tanh(z)


def _tanh_prime_of_a(a):
    return 1.0 - a * a


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_prime_of_a(a):
    return (a > 0).astype(float)  # a > 0 exactly where z > 0


def _identity(z):
    return z.copy()


def _identity_prime_of_a(a):
    return np.ones_like(a)


#: name -> ``(f, f_prime_of_a)``: the unchecked activation :math:`a = f(z)` and its derivative
#: written in terms of ``a`` (:math:`f'(z) = g(f(z))`, e.g. :math:`\sigma' = a(1 - a)`).
_RAW = {
    "step": (_step, _step_prime_of_a),
    "sigmoid": (_sigmoid, _sigmoid_prime_of_a),
    "tanh": (_tanh, _tanh_prime_of_a),
    "relu": (_relu, _relu_prime_of_a),
    "identity": (_identity, _identity_prime_of_a),
}


def _prime(name: str, z: np.ndarray) -> np.ndarray:
    """The derivative :math:`f'(z)` of activation ``name``, unchecked: ``f_prime_of_a(f(z))``."""
    f, f_prime_of_a = _RAW[name]
    return f_prime_of_a(f(z))


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
    return _validate.scalar_or_array(_step(_z(z)))


def step_prime(z):
    """The step function's derivative: 0 wherever it exists (it is undefined at 0).

    Zero everywhere is why the step function cannot be trained by gradient descent: the error
    carries no signal back through it (chapter 5 trains it with the perceptron rule instead).

    Examples
    --------
    >>> step_prime(1.5)
    0.0
    """
    return _validate.scalar_or_array(_prime("step", _z(z)))


def sigmoid(z):
    """The logistic sigmoid :math:`\\sigma(z) = 1 / (1 + e^{-z})`, stable for any finite ``z``.

    Parameters
    ----------
    z : float or array_like
        Pre-activation(s), any shape.

    Returns
    -------
    float or numpy.ndarray
        Values strictly between 0 and 1 (they round to exactly 1 for :math:`z > 37`, and to exactly
        0 only below about :math:`-745`).

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> round(sigmoid(0.3775), 9)
    0.593269992
    """
    return _validate.scalar_or_array(_sigmoid(_z(z)))


def sigmoid_prime(z):
    """The sigmoid's derivative :math:`\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))`, at most 1/4.

    Examples
    --------
    >>> sigmoid_prime(0.0)
    0.25
    """
    return _validate.scalar_or_array(_prime("sigmoid", _z(z)))


def tanh(z):
    """The hyperbolic tangent, :math:`\\tanh(z) = 2\\sigma(2z) - 1`, with values in (-1, 1).

    Examples
    --------
    >>> tanh(0.0)
    0.0
    """
    return _validate.scalar_or_array(_tanh(_z(z)))


def tanh_prime(z):
    """The derivative :math:`\\tanh'(z) = 1 - \\tanh^2(z)`, at most 1 (at :math:`z = 0`).

    Examples
    --------
    >>> tanh_prime(0.0)
    1.0
    """
    return _validate.scalar_or_array(_prime("tanh", _z(z)))


def relu(z):
    """The rectified linear unit :math:`\\max(0, z)`.

    Examples
    --------
    >>> relu([-2.0, 0.0, 1.5]).tolist()
    [0.0, 0.0, 1.5]
    """
    return _validate.scalar_or_array(_relu(_z(z)))


def relu_prime(z):
    """ReLU's derivative: 1 for :math:`z > 0`, 0 for :math:`z < 0`; the book takes 0 at :math:`z = 0`.

    A neuron whose pre-activation is negative for every input therefore passes no gradient back
    and its weights never change again (a "dead" ReLU).

    Examples
    --------
    >>> relu_prime([-1.0, 0.0, 2.0]).tolist()
    [0.0, 0.0, 1.0]
    """
    return _validate.scalar_or_array(_prime("relu", _z(z)))


def identity(z):
    """The identity :math:`f(z) = z` (a linear output layer; logits before softmax).

    Examples
    --------
    >>> identity(-1.5)
    -1.5
    """
    return _validate.scalar_or_array(_identity(_z(z)))


def identity_prime(z):
    """The identity's derivative, 1 everywhere.

    Examples
    --------
    >>> identity_prime(3.0)
    1.0
    """
    return _validate.scalar_or_array(_prime("identity", _z(z)))


#: Each activation's name mapped to its ``(function, derivative)`` pair.
ACTIVATIONS = {
    "step": (step, step_prime),
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "identity": (identity, identity_prime),
}


def get(name: str):
    """The ``(function, derivative)`` pair of an activation, by name.

    Parameters
    ----------
    name : {"step", "sigmoid", "tanh", "relu", "identity"}

    Examples
    --------
    >>> f, f_prime = get("sigmoid")
    >>> f_prime(0.0)
    0.25
    """
    if not isinstance(name, str):
        raise TypeError(f"activation must be given by name, one of {sorted(ACTIVATIONS)}, got {name!r}")
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]
