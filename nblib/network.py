"""Chapters 7 to 11: a fully connected feed-forward network, its forward pass and backpropagation.

Layer :math:`l = 1, \\dots, L` holds a weight matrix :math:`W_l` of shape
:math:`(n_l, n_{l-1})`, one row per neuron (``W[j, k]`` is the weight to neuron ``j`` from neuron
``k`` of the previous layer), a bias vector :math:`b_l` of shape :math:`(n_l,)` and an
activation :math:`f_l`. The forward pass is

.. math::

    a_0 = x, \\qquad z_l = W_l\\,a_{l-1} + b_l, \\qquad a_l = f_l(z_l), \\qquad \\hat y = a_L .

Backpropagation carries the error signal :math:`\\delta_l = \\partial C / \\partial z_l`
backwards from the output:

.. math::

    \\delta_L = \\frac{\\partial C}{\\partial a_L} \\odot f_L'(z_L), \\qquad
    \\delta_l = \\left(W_{l+1}^{\\mathsf T} \\delta_{l+1}\\right) \\odot f_l'(z_l),

    \\frac{\\partial C}{\\partial W_l} = \\delta_l\\, a_{l-1}^{\\mathsf T}, \\qquad
    \\frac{\\partial C}{\\partial b_l} = \\sum_{\\text{columns}} \\delta_l .

**One code path.** Examples are the columns of a batch ``X`` of shape :math:`(n_0, m)`; every
:math:`z_l`, :math:`a_l` and :math:`\\delta_l` then has :math:`m` columns and the products above
sum over them. A single example, shape :math:`(n_0,)`, is treated as a batch of one column and
squeezed back by the record (:class:`Forward` gives every array the input's trailing shape),
so one loop serves both.

**Checks at the boundary.** :meth:`Network.forward` and :meth:`Network.backward` check their
arguments in their first line and then run the formulas on trusted arrays; the records
:class:`Forward` and :class:`Gradients` check their structure. The passes themselves compute
what IEEE arithmetic gives: a loop that can diverge (:func:`nblib.training.train`) watches its
loss and raises :class:`~nblib._validate.DivergedError`; :meth:`Network.update` checks the
network it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import zipfile

import numpy as np

from . import _validate, losses
from . import init as init_module
from ._validate import DivergedError
from .activations import ACTIVATIONS, get

__all__ = ["Network", "Forward", "Gradients", "DivergedError"]

_TRAINABLE = tuple(name for name in ACTIVATIONS if name != "step")


_finite = _validate.finite_or_diverged


def _arrays(value, name, n=None):
    if type(value) is not list or not all([type(v) is np.ndarray for v in value]):
        raise TypeError(f"{name} must be a list of NumPy arrays, got {type(value).__name__}")
    if n is not None and len(value) != n:
        raise ValueError(f"{name} must have {n} entries (one per layer), got {len(value)}")
    return list(value)


def _check_masks(masks, net, m, name, n_masks):
    """``masks`` (None, or one array ``(n_l, m)`` per layer of the first ``n_masks``) as a list of
    ``L`` entries: the arrays, then ``1.0`` for every layer without a mask."""
    L = len(net.weights)
    if masks is None:
        return [1.0] * L
    if type(masks) not in (list, tuple) or len(masks) != n_masks:
        raise TypeError(f"{name} must be a list of {n_masks} arrays, one per hidden layer, got "
                        f"{_validate._describe(masks)}")
    checked = []
    for l, mask in enumerate(masks, start=1):
        if type(mask) is float and mask == 1.0:
            checked.append(mask)
            continue
        mask = _validate.as_array(mask, f"{name}[{l - 1}]", ndim=2)
        if mask.shape != (net.sizes[l], m):
            raise ValueError(f"{name}[{l - 1}] must have shape ({net.sizes[l]}, {m}), one entry per neuron of "
                             f"layer {l} and example, got shape {mask.shape}")
        if mask.min() < 0:
            raise ValueError(f"{name}[{l - 1}] must not be negative (0 drops a neuron, 1/(1 - rate) keeps it)")
        checked.append(mask)
    return checked + [1.0] * (L - n_masks)


def _check_network(net, name="net"):
    if not isinstance(net, Network):
        raise TypeError(f"{name} must be an nblib.network.Network, got {type(net).__name__}")
    return net


@dataclass(frozen=True, eq=False)
class Forward:
    """Everything the forward pass of a network computed, layer by layer.

    Attributes
    ----------
    x : numpy.ndarray
        The input :math:`a_0`, shape ``(n_0,)`` or ``(n_0, m)``.
    z : list of numpy.ndarray
        Pre-activations :math:`z_1, \\dots, z_L`; ``z[l-1]`` has shape ``(n_l,)`` or ``(n_l, m)``.
    a : list of numpy.ndarray
        Activations :math:`a_1, \\dots, a_L` (``a[-1]`` is the output), shaped like ``z``.
    net : Network
        The network that computed them (:meth:`Network.backward` accepts only its own records).
    masks : list
        Dropout's masks :math:`m_1, \\dots, m_L` (chapter 14) that multiplied the activations, as
        columns ``(n_l, m)``; ``1.0`` for a layer without one (the default: all ``1.0``).
    """

    x: np.ndarray
    z: list
    a: list
    net: "Network"
    masks: list = None

    def __post_init__(self):
        net, x = _check_network(self.net), self.x
        if type(x) is not np.ndarray or x.ndim not in (1, 2) or x.shape[0] != net.sizes[0]:
            raise ValueError(f"x must be an array of shape ({net.sizes[0]},) or ({net.sizes[0]}, m)")
        tail, L, m = x.shape[1:], len(net.weights), x.size // x.shape[0]
        z, a, masks = self.z, self.a, self.masks
        if not (type(z) is list and type(a) is list and len(z) == len(a) == L and all(  # the common case, in one pass:
                [type(u) is np.ndarray and type(v) is np.ndarray and u.shape == v.shape == (n,) + tail  # shaped like x
                 for u, v, n in zip(z, a, net.sizes[1:])])):
            shapes = [(n,) + tail for n in net.sizes[1:]]
            for name in ("z", "a"):  # shaped like x: the one column of a single example is squeezed back
                arrays, shaped = getattr(self, name), []
                if type(arrays) is not list or len(arrays) != L:
                    _arrays(arrays, name, L)  # raises the clear error
                for arr, n in zip(arrays, net.sizes[1:]):
                    if type(arr) is not np.ndarray or arr.shape[0] != n or arr.size != n * m:
                        _arrays(arrays, name, L)  # a wrong kind of entry: the clear TypeError
                        raise ValueError(f"{name} must hold arrays of shapes {shapes}, "
                                         f"got {[arr.shape for arr in arrays]}")
                    shaped.append(arr.reshape((n,) + tail))
                object.__setattr__(self, name, shaped)
        if masks is None or not (type(masks) is list and len(masks) == L and all(  # the structure: forward checked the values
                [(type(k) is float and k == 1.0) or (type(k) is np.ndarray and k.shape == (n, m))
                 for k, n in zip(masks, net.sizes[1:])])):
            object.__setattr__(self, "masks", _check_masks(masks, net, m, "masks", L))

    @property
    def output(self) -> np.ndarray:
        """The network's output :math:`\\hat y = a_L` (the same array as ``a[-1]``)."""
        return self.a[-1]


@dataclass(frozen=True, eq=False)
class Gradients:
    """The gradients of a loss with respect to every weight and bias, and the error signals.

    Attributes
    ----------
    dW : list of numpy.ndarray
        :math:`\\partial C / \\partial W_l`, each of :math:`W_l`'s shape ``(n_l, n_{l-1})``.
    db : list of numpy.ndarray
        :math:`\\partial C / \\partial b_l`, each of shape ``(n_l,)``.
    delta : list of numpy.ndarray
        The error signals :math:`\\delta_l = \\partial C / \\partial z_l`, each shaped like ``z[l-1]``.
    """

    dW: list
    db: list
    delta: list

    def __post_init__(self):
        dW, db, delta = self.dW, self.db, self.delta
        if type(dW) is type(db) is type(delta) is list and len(dW) == len(db) == len(delta):
            for g, d, e in zip(dW, db, delta):  # the common case, in one pass
                if not (type(g) is type(d) is type(e) is np.ndarray and g.ndim == 2
                        and d.shape == g.shape[:1] == e.shape[:1]):
                    break
            else:
                return
        dW = _arrays(dW, "dW")  # the clear error: a wrong kind of value ...
        db, delta = _arrays(db, "db", len(dW)), _arrays(delta, "delta", len(dW))
        l = next(l for l in range(len(dW), 0, -1) if not (  # ... or the first wrong shape in backpropagation's order
            dW[l - 1].ndim == 2 and db[l - 1].shape == dW[l - 1].shape[:1] == delta[l - 1].shape[:1]))
        raise ValueError(f"dW[{l - 1}], db[{l - 1}] and delta[{l - 1}] must have shapes (n, k), (n,) "
                         f"and (n,) or (n, m), got {dW[l - 1].shape}, {db[l - 1].shape} and {delta[l - 1].shape}")

    def as_vector(self) -> np.ndarray:
        """All gradients flattened in the order of :meth:`Network.get_params`.

        That is ``dW[0], dW[1], ..., dW[-1]`` (each row by row) followed by
        ``db[0], ..., db[-1]``.
        """
        return np.concatenate([g.ravel() for g in self.dW] + [g.ravel() for g in self.db])


def _check_list(value, name: str) -> list:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list with one entry per layer, got {type(value).__name__}")
    if len(value) == 0:
        raise ValueError(f"{name} must have at least one layer, got an empty list")
    return list(value)


def _check_activation(name, where: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"{where} must be an activation name, one of {list(_TRAINABLE)}, got {name!r}")
    if name == "step":
        raise ValueError(
            f"{where} is 'step', which cannot be trained by backpropagation (its derivative is 0); "
            f"use one of {list(_TRAINABLE)}"
        )
    if name not in _TRAINABLE:
        raise ValueError(f"{where} is an unknown activation {name!r}; expected one of {list(_TRAINABLE)}")
    return name


class Network:
    """A fully connected feed-forward network: :math:`z_l = W_l a_{l-1} + b_l`, :math:`a_l = f_l(z_l)`, :math:`a_0 = x`.

    Used in chapters 7 (forward pass), 8 (backpropagation by hand), 9 (matrices and batches),
    10 (softmax output) and 11 (digits). A network is never changed in place: :meth:`update`
    and :meth:`with_params` return a new one.

    Parameters
    ----------
    weights : list of array_like
        :math:`W_1, \\dots, W_L`; :math:`W_l` has shape ``(n_l, n_{l-1})``, one row per neuron
        of layer :math:`l`, so ``W_l[j, k]`` is the weight to neuron ``j`` of layer :math:`l`
        from neuron ``k`` of layer :math:`l-1`.
    biases : list of array_like
        :math:`b_1, \\dots, b_L`; :math:`b_l` has shape ``(n_l,)``.
    activations : list of str
        One name per layer from ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"identity"``
        (``"step"`` is rejected: its derivative is zero, so it cannot be trained).

    Attributes
    ----------
    weights, biases : list of numpy.ndarray
        Float copies of the arguments.
    activations : list of str
    act : list of nblib.activations.Activation
        Each layer's :math:`f_l` and :math:`f_l'` (``act[l-1].f``, ``act[l-1].f_prime``).
    sizes : list of int
        ``[n_0, n_1, ..., n_L]``: inputs, then the number of neurons of every layer.

    Examples
    --------
    The fruit network of chapter 7:

    >>> net = Network([[[0.5, 0.2], [0.3, 0.8]], [[0.4, 0.7]]], [[0.1, 0.1], [0.2]],
    ...               ["relu", "sigmoid"])
    >>> net.sizes
    [2, 2, 1]
    >>> fwd = net.forward([1.0, 1.0])
    >>> np.round(fwd.z[0], 6).tolist()
    [0.8, 1.2]
    >>> round(float(fwd.output[0]), 6)
    0.79576
    """

    def __init__(self, weights, biases, activations):
        weights = _check_list(weights, "weights")
        biases = _check_list(biases, "biases")
        activations = _check_list(activations, "activations")
        if not len(weights) == len(biases) == len(activations):
            raise ValueError(
                "weights, biases and activations must have one entry per layer, got "
                f"{len(weights)}, {len(biases)} and {len(activations)}"
            )
        Ws, bs, fs = [], [], []
        for l, (W, b, f) in enumerate(zip(weights, biases, activations), start=1):
            W = _validate.as_array(W, f"weights[{l - 1}] (W{l})", ndim=2)
            b = _validate.as_array(b, f"biases[{l - 1}] (b{l})", ndim=1)
            if Ws and W.shape[1] != Ws[-1].shape[0]:
                raise ValueError(
                    f"weights[{l - 1}] (W{l}) has shape {W.shape}: it needs {Ws[-1].shape[0]} columns, "
                    f"one per neuron of the previous layer (W{l - 1} has shape {Ws[-1].shape})"
                )
            if b.shape != (W.shape[0],):
                raise ValueError(
                    f"biases[{l - 1}] (b{l}) has shape {b.shape}; expected ({W.shape[0]},), "
                    f"one bias per row of W{l} (shape {W.shape})"
                )
            Ws.append(W.copy())
            bs.append(b.copy())
            fs.append(_check_activation(f, f"activations[{l - 1}]"))
        self.weights = Ws
        self.biases = bs
        self.activations = fs
        self.act = [get(name) for name in fs]
        self.sizes = [int(Ws[0].shape[1])] + [int(W.shape[0]) for W in Ws]

    # ------------------------------------------------------------------ construction
    @classmethod
    def random(cls, sizes, activations, seed=0, *, init="lecun") -> "Network":
        """A network with random weights drawn by :func:`nblib.init.weights` and zero biases.

        The default, ``init="lecun"``, draws :math:`W_l \\sim \\mathcal N(0, 1/n_{l-1})`: the
        standard deviation :math:`1/\\sqrt{n_{l-1}}` keeps every :math:`z_l` of order 1 when the
        inputs are of order 1 (chapter 12 derives it from
        :math:`\\operatorname{Var}(z) = n \\operatorname{Var}(w) \\operatorname{Var}(x)`).

        Parameters
        ----------
        sizes : list of int
            ``[n_0, n_1, ..., n_L]``, at least two entries, each at least 1.
        activations : str or list of str
            One name per layer (``len(sizes) - 1`` of them), or one name for every layer.
        seed : int, default 0
            Seed of ``np.random.default_rng``; the same seed gives the same network.
        init : str, default "lecun", keyword only
            The scale of the weights, one of :data:`nblib.init.SCALES`: ``"standard"``
            :math:`\\mathcal N(0, 1)`, ``"lecun"`` :math:`\\mathcal N(0, 1/n_{l-1})`, ``"xavier"``
            :math:`\\mathcal N(0, 2/(n_{l-1} + n_l))`, ``"he"`` :math:`\\mathcal N(0, 2/n_{l-1})`.

        Examples
        --------
        >>> net = Network.random([64, 32, 10], ["sigmoid", "identity"], seed=1)
        >>> [W.shape for W in net.weights]
        [(32, 64), (10, 32)]
        >>> he = Network.random([64, 32, 10], ["relu", "identity"], seed=1, init="he")
        >>> bool(np.allclose(he.weights[0], np.sqrt(2) * net.weights[0]))
        True
        """
        sizes = _check_list(sizes, "sizes")
        if len(sizes) < 2:
            raise ValueError(f"sizes must list the inputs and at least one layer, got {sizes}")
        sizes = [_validate.count(n, f"sizes[{i}]", minimum=1) for i, n in enumerate(sizes)]
        if isinstance(activations, str):
            activations = [activations] * (len(sizes) - 1)
        seed = _validate.count(seed, "seed")
        weights = init_module.weights(sizes, init, seed)  # checks init; lecun: rng.normal(0, 1/sqrt(n_in))
        biases = [np.zeros(n_out) for n_out in sizes[1:]]
        return cls(weights, biases, activations)

    def __repr__(self) -> str:
        return f"Network(sizes={self.sizes}, activations={self.activations})"

    @property
    def n_params(self) -> int:
        """The number of weights and biases."""
        return int(sum(W.size + b.size for W, b in zip(self.weights, self.biases)))

    # ------------------------------------------------------------------ forward pass
    def forward(self, x, masks=None) -> Forward:
        """Run the forward pass and keep every intermediate value.

        .. math:: a_0 = x, \\qquad z_l = W_l a_{l-1} + b_l, \\qquad a_l = f_l(z_l).

        With dropout (chapter 14) each hidden layer's activations are multiplied by a mask,
        :math:`a_l = f_l(z_l) \\odot m_l`; without, :math:`m_l = 1`.

        Parameters
        ----------
        x : array_like
            One example, shape ``(n_0,)``, or a batch, shape ``(n_0, m)``, one example per column.
        masks : list of array_like, optional
            Dropout's masks (:func:`nblib.dropout.mask`), one per hidden layer, shape
            ``(n_l, m)`` (``m = 1`` for one example), or the number ``1.0`` (what ``mask`` returns
            at rate 0: nothing dropped). The output layer is never masked.

        Returns
        -------
        Forward
            ``x``, the lists ``z`` and ``a`` (one array per layer) and ``output`` (``a[-1]``);
            for one example every array is 1-D, for a batch every array has ``m`` columns.

        Examples
        --------
        >>> net = Network([[[1.0, -1.0]]], [[0.5]], ["identity"])
        >>> net.forward([[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]]).output.tolist()
        [[1.5, 1.5, 2.5]]
        """
        x, masks = self._check_input(x, masks)  # x of shape (n_0,) or (n_0, m); a mask per layer, or 1
        z, a = [], [x.reshape(self.sizes[0], -1)]  # a_0 = x, one example per column
        for W, b, act, mask in zip(self.weights, self.biases, self.act, masks):
            z.append(W @ a[-1] + b[:, None])  # z_l = W_l a_{l-1} + b_l (b as a column)
            a.append(act.f(z[-1]) * mask)  # a_l = f_l(z_l), times dropout's mask (chapter 14; else 1)
        return Forward(x, z, a[1:], self, masks)  # every array shaped like x

    def _check_input(self, x, masks=None):
        x = _validate.examples(x, "x", self.sizes[0])
        return x, _check_masks(masks, self, x.size // x.shape[0], "masks", len(self.weights) - 1)

    # ------------------------------------------------------------------ backpropagation
    def backward(self, forward, dC_da=None, *, dC_dz=None) -> Gradients:
        """Backpropagate a loss gradient from the output to every weight and bias.

        .. math::

            \\delta_L = \\frac{\\partial C}{\\partial a_L} \\odot f_L'(z_L), \\qquad
            \\delta_l = (W_{l+1}^{\\mathsf T} \\delta_{l+1}) \\odot f_l'(z_l),

            \\frac{\\partial C}{\\partial W_l} = \\delta_l\\, a_{l-1}^{\\mathsf T}, \\qquad
            \\frac{\\partial C}{\\partial b_l} = \\sum_{\\text{columns}} \\delta_l .

        A forward pass with dropout's masks (chapter 14) multiplied :math:`f_l(z_l)` by :math:`m_l`,
        so its derivative is :math:`m_l \\odot f_l'(z_l)`: :math:`\\delta_l` is multiplied by the
        same mask (``forward.masks``; 1 without dropout).

        Parameters
        ----------
        forward : Forward
            The record returned by :meth:`forward` of this very network.
        dC_da : array_like, optional
            :math:`\\partial C / \\partial a_L`, the loss gradient with respect to the output,
            of ``forward.output``'s shape.
        dC_dz : array_like, optional, keyword only
            Instead of ``dC_da``: :math:`\\delta_L = \\partial C / \\partial z_L` directly (for
            softmax with cross-entropy on identity logits, :math:`\\delta_L = \\hat y - y`).
            Give exactly one of the two.

        Returns
        -------
        Gradients
            ``dW``, ``db`` (summed over a batch's columns) and ``delta`` (one per layer, shaped
            like ``forward.z``).

        Examples
        --------
        >>> net = Network([[[2.0, 3.0]]], [[1.0]], ["identity"])
        >>> g = net.backward(net.forward([1.0, -1.0]), [0.5])
        >>> g.dW[0].tolist(), g.db[0].tolist()
        ([[0.5, -0.5]], [0.5])
        """
        z, a, masks, dC_da, dC_dz = self._check_backward(forward, dC_da, dC_dz)  # as columns; a[0] = x
        L = len(self.weights)
        delta = dC_dz if dC_da is None else dC_da * self.act[-1].f_prime(z[-1])  # delta_L = dC/da_L * f'_L(z_L)
        dW, db, deltas = [None] * L, [None] * L, [None] * L
        for l in range(L, 0, -1):  # layer l = L, ..., 1 (list index l - 1)
            deltas[l - 1] = delta
            dW[l - 1] = delta @ a[l - 1].T  # a[l - 1] is a_{l-1} (a[0] = x); sums over the columns
            db[l - 1] = delta.sum(axis=1)
            if l > 1:  # delta_{l-1} = (W_l^T delta_l) * f'_{l-1}(z_{l-1}), times the dropout mask (1 without)
                delta = (self.weights[l - 1].T @ delta) * masks[l - 2] * self.act[l - 2].f_prime(z[l - 2])
        return Gradients(dW, db, [d.reshape(v.shape) for d, v in zip(deltas, forward.z)])  # shaped like z

    def _check_backward(self, forward, dC_da, dC_dz):
        """``forward``'s ``z`` and ``a`` (with ``a[0] = x``) and the given gradient, all as columns."""
        if not isinstance(forward, Forward):
            raise TypeError(f"forward must be the Forward record returned by Network.forward, "
                            f"got {type(forward).__name__}")
        if forward.net is not self:
            raise ValueError("forward must come from this network's forward(); it was computed by "
                             "another network, whose weights may differ")
        if (dC_da is None) == (dC_dz is None):
            raise TypeError("give exactly one of dC_da (gradient at the output a_L) or dC_dz (at z_L)")
        name = "dC_da" if dC_dz is None else "dC_dz"
        g = _validate.as_array(dC_da if dC_dz is None else dC_dz, name)
        _validate.same_shape(g, forward.output, name, "the network's output")
        g = g.reshape(len(g), -1)
        z = [v.reshape(len(v), -1) for v in forward.z]
        a = [v.reshape(len(v), -1) for v in [forward.x] + forward.a]
        return z, a, forward.masks, (g if dC_dz is None else None), (g if dC_da is None else None)

    def loss_and_grads(self, x, y, loss="half_sse"):
        """Forward pass, loss and backpropagation in one call.

        Parameters
        ----------
        x : array_like
            Input(s), as for :meth:`forward`.
        y : array_like
            Target(s), of the output's shape.
        loss : {"half_sse", "mse"}
            ``"half_sse"``: :math:`C = \\sum \\tfrac12 (y - \\hat y)^2` over every element (chapter 8);
            ``"mse"``: the mean of :math:`(y - \\hat y)^2` over every element.

        Returns
        -------
        tuple
            ``(C, grads, forward)``: the loss (float), the :class:`Gradients` and the :class:`Forward`.

        Examples
        --------
        >>> net = Network([[[1.0]]], [[0.0]], ["identity"])
        >>> C, g, fwd = net.loss_and_grads([2.0], [3.0])
        >>> C, g.dW[0].tolist()
        (0.5, [[-2.0]])
        """
        fns = {"half_sse": (losses.half_sse, losses.half_sse_grad), "mse": (losses.mse, losses.mse_grad)}
        C, C_grad = fns[_validate.option(loss, "loss", tuple(fns))]
        fwd = self.forward(x)
        y = _validate.as_array(y, "y")
        _validate.same_shape(y, fwd.output, "y", "the network's output")
        grads = self.backward(fwd, np.reshape(C_grad(y, fwd.output), fwd.output.shape))
        return C(y, fwd.output), grads, fwd

    @np.errstate(over="ignore", invalid="ignore")  # an overflow raises DivergedError instead
    def update(self, grads, eta, *, update_biases=True) -> "Network":
        """One gradient-descent step: :math:`W_l - \\eta\\,\\partial C/\\partial W_l`, :math:`b_l - \\eta\\,\\partial C/\\partial b_l`.

        Parameters
        ----------
        grads : Gradients
            From :meth:`backward` of a network of this shape.
        eta : float
            The learning rate :math:`\\eta \\ge 0`.
        update_biases : bool, default True
            ``False`` keeps every bias as it is (as the worked example of chapter 8's source does).

        Returns
        -------
        Network
            A new network; this one is unchanged.

        Raises
        ------
        DivergedError
            If an updated weight or bias overflows.

        Examples
        --------
        >>> net = Network([[[2.0, 3.0]]], [[1.0]], ["identity"])
        >>> g = net.backward(net.forward([1.0, -1.0]), [0.5])
        >>> new = net.update(g, 0.1)
        >>> new.weights[0].tolist(), new.biases[0].tolist()
        ([[1.95, 3.05]], [0.95])
        """
        grads, eta, update_biases = self._check_update(grads, eta, update_biases)
        weights = [_finite(W - eta * dW, f"the updated W{l}")
                   for l, (W, dW) in enumerate(zip(self.weights, grads.dW), start=1)]
        biases = [_finite(b - eta * db, f"the updated b{l}") if update_biases else b
                  for l, (b, db) in enumerate(zip(self.biases, grads.db), start=1)]
        return Network(weights, biases, self.activations)

    def _check_update(self, grads, eta, update_biases):
        if not isinstance(grads, Gradients):
            raise TypeError(f"grads must be the Gradients returned by Network.backward, got {type(grads).__name__}")
        eta = _validate.as_scalar(eta, "eta")
        if eta < 0:
            raise ValueError(f"eta must be at least 0, got {eta:g}")
        if len(grads.dW) != len(self.weights) or any(
            g.shape != W.shape for g, W in zip(grads.dW, self.weights)
        ) or any(g.shape != b.shape for g, b in zip(grads.db, self.biases)):
            raise ValueError(f"grads must have this network's shapes {[W.shape for W in self.weights]}, "
                             f"got {[g.shape for g in grads.dW]}")
        return grads, eta, _validate.flag(update_biases, "update_biases")

    # ------------------------------------------------------------------ parameters as one vector
    def get_params(self) -> np.ndarray:
        """Every weight and bias in one flat vector: ``W_1, ..., W_L`` (row by row), then ``b_1, ..., b_L``.

        Used with :meth:`with_params` for finite-difference checks (:mod:`nblib.gradcheck`);
        :meth:`Gradients.as_vector` lists the gradients in the same order.

        Examples
        --------
        >>> Network([[[1.0, 2.0]], [[3.0]]], [[4.0], [5.0]], ["tanh", "identity"]).get_params().tolist()
        [1.0, 2.0, 3.0, 4.0, 5.0]
        """
        return np.concatenate([W.ravel() for W in self.weights] + [b.ravel() for b in self.biases])

    def with_params(self, theta) -> "Network":
        """A network of this shape whose weights and biases come from ``theta`` (inverse of :meth:`get_params`).

        Parameters
        ----------
        theta : array_like
            Shape ``(n_params,)``, in the order of :meth:`get_params`.

        Examples
        --------
        >>> net = Network([[[1.0, 2.0]]], [[0.0]], ["identity"])
        >>> net.with_params([3.0, 4.0, 5.0]).weights[0].tolist()
        [[3.0, 4.0]]
        """
        theta = _validate.as_array(theta, "theta", ndim=1)
        if theta.size != self.n_params:
            raise ValueError(f"theta must have {self.n_params} entries (this network's parameters), got {theta.size}")
        weights, biases, i = [], [], 0
        for W in self.weights:
            weights.append(theta[i:i + W.size].reshape(W.shape))
            i += W.size
        for b in self.biases:
            biases.append(theta[i:i + b.size].copy())
            i += b.size
        return Network(weights, biases, self.activations)

    # ------------------------------------------------------------------ files
    def save(self, path) -> Path:
        """Save the network to a ``.npz`` file (``np.savez``; ``.npz`` is appended if missing).

        Parameters
        ----------
        path : str or os.PathLike

        Returns
        -------
        pathlib.Path
            The file written.
        """
        path = _check_path(path)
        if path.suffix != ".npz":
            path = path.with_name(path.name + ".npz")
        arrays = {"activations": np.array(self.activations, dtype=str)}
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            arrays[f"W{l}"] = W
            arrays[f"b{l}"] = b
        np.savez(path, **arrays)
        return path

    @classmethod
    def load(cls, path) -> "Network":
        """Load a network written by :meth:`save` (no pickles are read).

        Raises
        ------
        FileNotFoundError
            If there is no such file.
        ValueError
            If the file is not a ``.npz`` archive written by :meth:`save`.
        """
        path = _check_path(path)
        if not path.exists() and path.with_name(path.name + ".npz").exists():
            path = path.with_name(path.name + ".npz")
        if not path.is_file():
            raise FileNotFoundError(f"path: no network file {str(path)!r}")
        if not zipfile.is_zipfile(path):
            raise ValueError(f"path must be a .npz file written by Network.save, got {str(path)!r}")
        with np.load(path, allow_pickle=False) as data:
            try:
                activations = [str(s) for s in data["activations"]]
                L = len(activations)
                weights = [data[f"W{l}"] for l in range(1, L + 1)]
                biases = [data[f"b{l}"] for l in range(1, L + 1)]
            except (KeyError, ValueError) as exc:
                raise ValueError(f"path must be a .npz file written by Network.save (activations, W1, b1, ...); "
                                 f"{str(path)!r} is not: {exc}") from None
        return cls(weights, biases, activations)


def _check_path(path) -> Path:
    if isinstance(path, bytes) or not isinstance(path, (str, Path)) and not hasattr(path, "__fspath__"):
        raise TypeError(f"path must be a file name (str or pathlib.Path), got {type(path).__name__}")
    if str(path) == "":
        raise ValueError("path must not be empty")
    return Path(path)
