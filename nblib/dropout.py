"""Chapter 14: inverted dropout's masks.

At every training step each hidden neuron is silenced with probability ``rate``, and the ones
that stay are scaled up by :math:`1/(1 - \\text{rate})`, so that a neuron's expected output is
what it is without dropout:

.. math:: a_l = f_l(z_l) \\odot \\text{mask}_l, \\qquad
          \\text{mask}_{l,j} = \\begin{cases} 0 & \\text{with probability } \\text{rate}, \\\\
          1/(1 - \\text{rate}) & \\text{otherwise,} \\end{cases}

a fresh mask :math:`\\text{mask}_l` for every hidden layer, neuron and example. :func:`mask` draws one; the
network's own passes take them (:meth:`nblib.network.Network.forward` multiplies
:math:`f_l(z_l)` by :math:`\\text{mask}_l`, :meth:`~nblib.network.Network.backward` multiplies
:math:`\\delta_l` by the same mask, since :math:`\\partial a_l / \\partial z_l` has become
:math:`\\text{mask}_l \\odot f_l'(z_l)`), and :func:`nblib.training.epoch` draws them for every mini-batch
(``dropout=rate``; at rate 0 every mask is 1). At test time nothing is dropped and nothing is
rescaled: the trained network is used as it is. The inputs and the output layer are never dropped.

This module is pure NumPy.
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = ["mask"]


def _check_rate(rate, name="rate") -> float:
    rate = _validate.as_scalar(rate, name)
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"{name} must be at least 0 and less than 1 (the share of neurons dropped), got {rate:g}")
    return rate


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a NumPy random Generator (np.random.default_rng(seed)), got {type(rng).__name__}")
    return rng


def _positive_count(n) -> bool:
    return isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1


def _check_mask(shape, rate, rng):
    """The checked arguments, with the shape of the draw: ``shape``, or ``None`` (one number) at rate 0,
    where nothing is dropped and the one number 1 is the mask of every neuron and example."""
    if not (type(shape) is tuple and len(shape) == 2 and _positive_count(shape[0]) and _positive_count(shape[1])):
        raise ValueError(f"shape must be a pair of positive whole numbers (neurons, examples), got {shape!r}")
    rate = _check_rate(rate)
    return (shape if rate > 0 else None), rate, _check_rng(rng)


def mask(shape, rate, rng) -> np.ndarray | float:
    """An inverted-dropout mask: 0 with probability ``rate``, else :math:`1/(1 - \\text{rate})`.

    Parameters
    ----------
    shape : tuple of int
        ``(n_l, m)``: neurons of a hidden layer by examples of a mini-batch.
    rate : float
        The probability of dropping a neuron, at least 0 and less than 1 (at 0, every entry is 1).
    rng : numpy.random.Generator
        Draws the mask.

    Returns
    -------
    numpy.ndarray or float
        The mask, of shape ``shape``; its mean over many entries is close to 1. At rate 0 nothing
        is dropped: the mask is the number ``1.0``, which multiplies every entry alike (one draw
        of the generator).

    Examples
    --------
    >>> mask((2, 3), 0.5, np.random.default_rng(0)).tolist()
    [[2.0, 0.0, 0.0], [0.0, 2.0, 2.0]]
    >>> mask((2, 3), 0.0, np.random.default_rng(0))
    1.0
    """
    shape, rate, rng = _check_mask(shape, rate, rng)  # at rate 0, shape None: one number
    keep = rng.random(shape) >= rate  # each neuron stays with probability 1 - rate
    return keep / (1 - rate)  # 0 or 1/(1 - rate), whose mean is 1
