"""Chapter 12: initialising the weights, with named scales and a seeded generator.

A neuron with :math:`n` inputs computes :math:`z = \\sum_{k=1}^{n} w_k x_k + b`. If the weights
are independent of each other and of the inputs, have mean zero and all have the variance
:math:`\\operatorname{Var}(w)`, and the inputs (which may depend on each other) have mean zero
and the variance :math:`\\operatorname{Var}(x)`, then (with :math:`b = 0`)

.. math::

    \\operatorname{Var}(z) = n \\operatorname{Var}(w) \\operatorname{Var}(x),

so the spread of the pre-activations grows with the fan-in :math:`n` unless the variance of
the weights shrinks like :math:`1/n`. The named scales choose :math:`\\operatorname{Var}(w)` for
layer :math:`l` from its fan-in :math:`n_{l-1}` (``n_in``) and fan-out :math:`n_l` (``n_out``):

==============  ==============================================  ==========================
name            variance of every weight                        suits
==============  ==============================================  ==========================
``"standard"``  :math:`1`                                       nothing: shown as a warning
``"lecun"``     :math:`1 / n_{l-1}`                             sigmoid, tanh (LeCun 1998)
``"xavier"``    :math:`2 / (n_{l-1} + n_l)`                     tanh, sigmoid (Glorot 2010)
``"he"``        :math:`2 / n_{l-1}`                             ReLU (He et al. 2015)
==============  ==============================================  ==========================

Every weight is drawn from the normal distribution :math:`\\mathcal N(0, \\operatorname{Var}(w))`
(times an optional ``gain``), layer after layer, from one ``np.random.default_rng(seed)``;
the biases start at zero. :meth:`nblib.network.Network.random` draws its weights here.

:func:`spread_across_inputs` measures what a layer's activations still say about the input: the
spread of each neuron's activation from example to example (a layer whose every input gives the
same activations has collapsed, however large the spread of all its numbers).

This module is pure NumPy.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import _validate

__all__ = ["SCALES", "std", "variance", "weights", "spread_across_inputs"]

#: The named scales, in the order the chapter introduces them.
SCALES = ("standard", "lecun", "xavier", "he")


def _check_name(init) -> str:
    if not isinstance(init, str):
        raise TypeError(f"init must be the name of a scale, one of {list(SCALES)}, got {init!r}")
    if init not in SCALES:
        raise ValueError(f"init must be one of {list(SCALES)}, got {init!r}")
    return init


def _std(init: str, n_in: int, n_out: int) -> float:
    """The standard deviation, unchecked (each written so that ``"lecun"`` is ``1 / sqrt(n_in)``)."""
    if init == "standard":
        return 1.0
    if init == "lecun":
        return 1.0 / np.sqrt(n_in)
    if init == "xavier":
        return float(np.sqrt(2.0 / (n_in + n_out)))
    return float(np.sqrt(2.0 / n_in))  # he


def std(init, n_in, n_out) -> float:
    """The standard deviation :math:`\\sqrt{\\operatorname{Var}(w)}` of one layer's weights under a named scale.

    .. math::

        \\sigma_{\\text{standard}} = 1, \\quad
        \\sigma_{\\text{lecun}} = \\frac{1}{\\sqrt{n_{\\text{in}}}}, \\quad
        \\sigma_{\\text{xavier}} = \\sqrt{\\frac{2}{n_{\\text{in}} + n_{\\text{out}}}}, \\quad
        \\sigma_{\\text{he}} = \\sqrt{\\frac{2}{n_{\\text{in}}}} .

    Parameters
    ----------
    init : str
        One of :data:`SCALES`.
    n_in, n_out : int
        The layer's fan-in :math:`n_{l-1}` and fan-out :math:`n_l`, each at least 1.

    Returns
    -------
    float

    Examples
    --------
    >>> std("lecun", 64, 32)
    0.125
    >>> std("he", 8, 1) ** 2
    0.25
    """
    init = _check_name(init)
    n_in = _validate.count(n_in, "n_in", minimum=1)
    n_out = _validate.count(n_out, "n_out", minimum=1)
    return float(_std(init, n_in, n_out))


def variance(init, n_in, n_out) -> float:
    """The variance :math:`\\operatorname{Var}(w)` of one layer's weights under a named scale (chapter 12).

    ``"standard"`` gives 1, ``"lecun"`` :math:`1/n_{\\text{in}}` (keeps :math:`\\operatorname{Var}(z)
    = \\operatorname{Var}(x)` by :math:`\\operatorname{Var}(z) = n \\operatorname{Var}(w)
    \\operatorname{Var}(x)`; suits sigmoid and tanh, which are close to linear near 0),
    ``"xavier"`` :math:`2/(n_{\\text{in}} + n_{\\text{out}})` (a compromise between keeping the
    forward spread, :math:`1/n_{\\text{in}}`, and the backward one, :math:`1/n_{\\text{out}}`; suits
    tanh and sigmoid) and ``"he"`` :math:`2/n_{\\text{in}}` (ReLU zeroes half of its inputs, which
    halves :math:`E[a^2]`; the 2 puts it back).

    Parameters
    ----------
    init : str
        One of :data:`SCALES`.
    n_in, n_out : int
        The layer's fan-in and fan-out, each at least 1.

    Returns
    -------
    float

    Examples
    --------
    >>> variance("xavier", 30, 10)
    0.05
    >>> variance("standard", 30, 10)
    1.0
    """
    init = _check_name(init)
    n_in = _validate.count(n_in, "n_in", minimum=1)
    n_out = _validate.count(n_out, "n_out", minimum=1)
    if init == "standard":
        return 1.0
    if init == "lecun":
        return 1.0 / n_in
    if init == "xavier":
        return 2.0 / (n_in + n_out)
    return 2.0 / n_in


def weights(sizes, init="lecun", seed=0, *, gain=1.0) -> list:
    """Random weight matrices :math:`W_1, \\dots, W_L` for a network with the given layer sizes.

    .. math::

        (W_l)_{jk} \\sim \\mathcal N\\!\\left(0,\\; \\text{gain}^2 \\cdot
        \\operatorname{Var}_{\\text{init}}(n_{l-1}, n_l)\\right),
        \\qquad l = 1, \\dots, L,

    drawn in order of the layers (each row by row) from one ``np.random.default_rng(seed)``:
    ``rng.normal(0.0, gain * std(init, n_in, n_out), size=(n_out, n_in))``. The same sizes, scale,
    seed and gain give the same weights on every machine.

    Parameters
    ----------
    sizes : list of int
        ``[n_0, n_1, ..., n_L]``: inputs, then the neurons of every layer; at least two entries,
        each at least 1.
    init : str, default "lecun"
        One of :data:`SCALES` (see :func:`variance`).
    seed : int, default 0
        Seed of ``np.random.default_rng``, at least 0.
    gain : float, default 1.0, keyword only
        A factor on every standard deviation, greater than 0 (chapter 12's slider scales the
        weights with it).

    Returns
    -------
    list of numpy.ndarray
        ``L`` arrays; the ``l``-th has shape ``(n_l, n_{l-1})``, one row per neuron.

    Examples
    --------
    >>> Ws = weights([64, 32, 10], "he", seed=1)
    >>> [W.shape for W in Ws]
    [(32, 64), (10, 32)]
    >>> rng = np.random.default_rng(1)
    >>> bool(np.array_equal(Ws[0], rng.normal(0.0, np.sqrt(2 / 64), size=(32, 64))))
    True
    """
    if not isinstance(sizes, (list, tuple)):
        raise TypeError(f"sizes must be a list of layer sizes [n_0, n_1, ..., n_L], got {type(sizes).__name__}")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list the inputs and at least one layer, got {list(sizes)}")
    sizes = [_validate.count(n, f"sizes[{i}]", minimum=1) for i, n in enumerate(sizes)]
    init = _check_name(init)
    seed = _validate.count(seed, "seed")
    if isinstance(gain, bool) or not isinstance(gain, numbers.Real):
        raise TypeError(f"gain must be a real number, got {gain!r}")
    gain = _validate.positive(gain, "gain")
    rng = np.random.default_rng(seed)
    return [rng.normal(0.0, gain * _std(init, n_in, n_out), size=(n_out, n_in))
            for n_in, n_out in zip(sizes, sizes[1:])]


def _check_layer(a):
    a = _validate.as_array(a, "a", ndim=2)
    if a.shape[1] < 2:
        raise ValueError(f"a must hold at least 2 examples (columns), one per input, got shape {a.shape}")
    return a


def spread_across_inputs(a) -> float:
    """The spread of a layer's activations across the inputs, per neuron (chapter 12).

    .. math::

        \\sqrt{\\frac1n \\sum_{j=1}^{n} \\operatorname{Var}_i\\bigl(a_j^{(i)}\\bigr)} ,

    the root mean square over the layer's :math:`n` neurons of how much each neuron's activation
    varies over the :math:`m` examples (the population variance, over the columns). It is 0 when
    every input gives the same activations. The variance of all the numbers of ``a`` is this
    spread squared plus the variance across the neurons of their mean activations.

    Parameters
    ----------
    a : array_like
        A layer's activations for a batch, shape ``(n, m)``: one row per neuron, one column per
        example, at least 2 columns.

    Returns
    -------
    float

    Examples
    --------
    >>> spread_across_inputs([[0.0, 2.0], [1.0, 1.0]])  # variances 1 and 0: sqrt(1/2)
    0.7071067811865476
    >>> spread_across_inputs([[0.1, 0.1, 0.1], [0.9, 0.9, 0.9]])  # every input alike
    0.0
    """
    a = _check_layer(a)
    return float(np.sqrt(np.mean(np.var(a, axis=1))))
