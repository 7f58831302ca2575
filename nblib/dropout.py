"""Chapter 14: inverted dropout for the softmax classifiers of chapters 11 and 14.

At every training step each hidden neuron is silenced with probability ``rate``, and the ones
that stay are scaled up by :math:`1/(1 - \\text{rate})`, so that a neuron's expected output is
what it is without dropout:

.. math:: a_l \\leftarrow a_l \\odot \\text{mask}_l, \\qquad
          \\text{mask}_{l,j} = \\begin{cases} 0 & \\text{with probability } \\text{rate}, \\\\
          1/(1 - \\text{rate}) & \\text{otherwise,} \\end{cases}

a fresh mask :math:`\\text{mask}_l` for every hidden layer, neuron and example. At test time nothing is
dropped and nothing is rescaled: the trained network is used as it is (``net.forward``,
:func:`nblib.training.accuracy`). The backward pass multiplies each hidden layer's
:math:`\\delta` by the same mask, since :math:`\\partial a_l / \\partial z_l` has become
:math:`\\text{mask}_l \\odot f_l'(z_l)`. The inputs and the output layer are never dropped.

This module is pure NumPy.
"""

from __future__ import annotations

import numpy as np

from . import _validate
from .network import Gradients, Network
from .softmax import log_softmax, softmax

__all__ = ["mask", "loss_and_grads", "epoch"]


def _check_rate(rate) -> float:
    rate = _validate.as_scalar(rate, "rate")
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"rate must be at least 0 and less than 1 (the share of neurons dropped), got {rate:g}")
    return rate


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a NumPy random Generator (np.random.default_rng(seed)), got {type(rng).__name__}")
    return rng


def _check_classifier(net) -> Network:
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nblib.network.Network, got {type(net).__name__}")
    if net.activations[-1] != "identity":
        raise ValueError(f"net's last activation must be 'identity' (it outputs the logits for softmax), "
                         f"got {net.activations[-1]!r}")
    return net


def _check_data(net, X, Y):
    X, _ = _validate.columns(X, "X", net.sizes[0], single=False)
    Y, _ = _validate.columns(Y, "Y", net.sizes[-1], single=False)
    if Y.shape[1] != X.shape[1] or np.any((Y != 0) & (Y != 1)) or np.any(Y.sum(axis=0) != 1):
        raise ValueError(f"Y must hold one-hot targets, shape ({net.sizes[-1]}, {X.shape[1]}), one column per "
                         f"column of X, got shape {Y.shape}")
    return X, Y


def _check_loss(net, X, Y, masks):
    net = _check_classifier(net)
    X, Y = _check_data(net, X, Y)
    hidden = net.sizes[1:-1]
    if not isinstance(masks, (list, tuple)) or len(masks) != len(hidden):
        raise TypeError(f"masks must be a list of {len(hidden)} arrays, one per hidden layer, "
                        f"got {type(masks).__name__}{'' if not isinstance(masks, (list, tuple)) else f' of {len(masks)}'}")
    checked = []
    for l, (m, n) in enumerate(zip(masks, hidden), start=1):
        m = _validate.as_array(m, f"masks[{l - 1}]", ndim=2)
        if m.shape != (n, X.shape[1]):
            raise ValueError(f"masks[{l - 1}] must have shape ({n}, {X.shape[1]}), one entry per neuron of "
                             f"hidden layer {l} and column of X, got shape {m.shape}")
        if np.any(m < 0):
            raise ValueError(f"masks[{l - 1}] must not be negative (0 drops a neuron, 1/(1 - rate) keeps it)")
        checked.append(m)
    return net, X, Y, checked


def _check_epoch(net, X, Y, order, batch_size, eta, rate, rng):
    net = _check_classifier(net)
    X, Y = _check_data(net, X, Y)
    if not isinstance(order, np.ndarray) or order.dtype.kind not in "iu" or order.ndim != 1:
        raise TypeError("order must be a 1-D integer array of column numbers of X")
    if np.any(order < 0) or np.any(order >= X.shape[1]):
        raise ValueError(f"order must hold column numbers of X, from 0 to {X.shape[1] - 1}")
    batch_size = _validate.count(batch_size, "batch_size", minimum=1)
    eta, rate, rng = _validate.positive(eta, "eta"), _check_rate(rate), _check_rng(rng)
    return Network(net.weights, net.biases, net.activations), X, Y, order, batch_size, eta, rate, rng  # a working copy


def mask(shape, rate, rng) -> np.ndarray:
    """An inverted-dropout mask: 0 with probability ``rate``, else :math:`1/(1 - \\text{rate})`.

    Parameters
    ----------
    shape : tuple of int
        ``(n_l, m)``: neurons of a hidden layer by examples of a mini-batch.
    rate : float
        The probability of dropping a neuron, at least 0 and less than 1.
    rng : numpy.random.Generator
        Draws the mask.

    Returns
    -------
    numpy.ndarray
        The mask, of shape ``shape``; its mean over many entries is close to 1.

    Examples
    --------
    >>> mask((2, 3), 0.5, np.random.default_rng(0)).tolist()
    [[2.0, 0.0, 0.0], [0.0, 2.0, 2.0]]
    """
    rate, rng = _check_rate(rate), _check_rng(rng)
    if (not isinstance(shape, tuple) or len(shape) != 2
            or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1 for n in shape)):
        raise ValueError(f"shape must be a pair of positive whole numbers (neurons, examples), got {shape!r}")
    keep = rng.random(shape) >= rate
    return keep / (1.0 - rate)


@np.errstate(over="ignore", invalid="ignore")  # an overflow raises DivergedError instead
def loss_and_grads(net, X, Y, masks) -> tuple:
    """Mean softmax cross-entropy and its gradients with the hidden activations masked.

    .. math::

        a_0 = x, \\qquad z_l = W_l a_{l-1} + b_l, \\qquad
        a_l = f_l(z_l) \\odot \\text{mask}_l \\ (l < L), \\qquad C = -\\tfrac1m \\textstyle\\sum y \\log \\operatorname{softmax}(z_L),

        \\delta_L = \\tfrac1m(\\operatorname{softmax}(z_L) - y), \\qquad
        \\delta_{l} = (W_{l+1}^{\\mathsf T} \\delta_{l+1}) \\odot \\text{mask}_l \\odot f_l'(z_l),

    and :math:`\\partial C/\\partial W_l = \\delta_l a_{l-1}^{\\mathsf T}`,
    :math:`\\partial C/\\partial b_l = \\sum_{\\text{columns}} \\delta_l`. Masks of ones give the
    gradients of :meth:`nblib.network.Network.backward`.

    Parameters
    ----------
    net : Network
        Last activation ``"identity"`` (logits).
    X : array_like
        Inputs, shape ``(n_0, m)``.
    Y : array_like
        One-hot targets, shape ``(K, m)``.
    masks : list of array_like
        One per hidden layer, shape ``(n_l, m)`` (from :func:`mask`).

    Returns
    -------
    tuple
        ``(C, grads)``: the loss, a float, and a :class:`~nblib.network.Gradients`.

    Examples
    --------
    Dropping the only hidden neuron cuts the input off: the loss is that of logits ``b_2``.

    >>> net = Network([[[1.0]], [[1.0], [-1.0]]], [[0.0], [0.0, 0.0]], ["sigmoid", "identity"])
    >>> C, g = loss_and_grads(net, [[2.0]], [[1.0], [0.0]], [[[0.0]]])
    >>> round(C, 6), g.dW[0].tolist()
    (0.693147, [[0.0]])
    """
    net, X, Y, masks = _check_loss(net, X, Y, masks)
    L, m = len(net.weights), X.shape[1]
    z, a = [], [X]  # a[0] is the input
    for l, (W, b, act) in enumerate(zip(net.weights, net.biases, net.act), start=1):
        z.append(_validate.finite_or_diverged(W @ a[-1] + b[:, None], f"z{l}"))
        a.append(act.f(z[-1]) * masks[l - 1] if l < L else act.f(z[-1]))
    C = float(-np.sum(Y * log_softmax(z[-1])) / m)
    delta = (softmax(z[-1]) - Y) / m
    dW, db, deltas = [None] * L, [None] * L, [None] * L
    for l in range(L, 0, -1):
        deltas[l - 1] = delta
        dW[l - 1] = delta @ a[l - 1].T
        db[l - 1] = delta.sum(axis=1)
        if l > 1:
            delta = (net.weights[l - 1].T @ delta) * masks[l - 2] * net.act[l - 2].f_prime(z[l - 2])
    return C, Gradients(dW=dW, db=db, delta=deltas)


def epoch(net, X, Y, order, batch_size, eta, rate, rng) -> Network:
    """One epoch of mini-batch SGD with inverted dropout on the hidden layers; returns the new network.

    For each mini-batch: draw a mask per hidden layer (:func:`mask`), compute the gradients of the
    masked network (:func:`loss_and_grads`), and step :math:`W \\leftarrow W - \\eta\\,\\partial C/\\partial W`,
    :math:`b \\leftarrow b - \\eta\\,\\partial C/\\partial b`. With ``rate = 0`` this is
    :func:`nblib.training.epoch` with :class:`~nblib.optim.SGD`.

    Parameters
    ----------
    net : Network
        The network before the epoch (not changed), last activation ``"identity"``.
    X, Y : array_like
        Inputs ``(n_0, m)`` and one-hot targets ``(K, m)``.
    order : numpy.ndarray of int
        The order in which to visit the columns, shape ``(m,)``.
    batch_size : int
        Examples per mini-batch (the last one may be smaller).
    eta : float
        The learning rate, greater than 0.
    rate : float
        The dropout rate, at least 0 and less than 1.
    rng : numpy.random.Generator
        Draws the masks.

    Examples
    --------
    >>> net = Network([np.zeros((2, 1))], [np.zeros(2)], ["identity"])
    >>> new = epoch(net, [[1.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], np.array([0, 1]), 2, 1.0, 0.5,
    ...             np.random.default_rng(0))
    >>> new.weights[0].tolist()
    [[0.0], [0.0]]
    """
    net, X, Y, order, batch_size, eta, rate, rng = _check_epoch(net, X, Y, order, batch_size, eta, rate, rng)
    for start in range(0, order.size, batch_size):
        batch = order[start:start + batch_size]
        masks = [mask((n, batch.size), rate, rng) for n in net.sizes[1:-1]]
        _, grads = loss_and_grads(net, X[:, batch], Y[:, batch], masks)
        for W, b, dW, db in zip(net.weights, net.biases, grads.dW, grads.db):
            W -= eta * dW
            b -= eta * db
    return net
