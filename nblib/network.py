"""Chapters 7 to 11: a fully connected feed-forward network, its forward pass and backpropagation.

Layer :math:`l = 1, \\dots, L` holds a weight matrix :math:`W_l` of shape
:math:`(n_l, n_{l-1})`, one row per neuron, a bias vector :math:`b_l` of shape :math:`(n_l,)`
and an activation function :math:`f_l`. The forward pass is

.. math::

    a_0 = x, \\qquad z_l = W_l\\,a_{l-1} + b_l, \\qquad a_l = f_l(z_l), \\qquad \\hat y = a_L .

Backpropagation carries the error signal :math:`\\delta_l = \\partial L / \\partial z_l`
backwards from the output:

.. math::

    \\delta_L = \\frac{\\partial L}{\\partial a_L} \\odot f_L'(z_L), \\qquad
    \\delta_l = \\left(W_{l+1}^{\\mathsf T} \\delta_{l+1}\\right) \\odot f_l'(z_l),

    \\frac{\\partial L}{\\partial W_l} = \\delta_l\\, a_{l-1}^{\\mathsf T}, \\qquad
    \\frac{\\partial L}{\\partial b_l} = \\delta_l .

A batch of :math:`m` examples is a matrix with one example per **column**, shape
:math:`(n_0, m)`; then every :math:`z_l`, :math:`a_l` and :math:`\\delta_l` has :math:`m`
columns, and the weight and bias gradients are summed over the columns (so the loss should be
the sum, or the mean, over the batch of the per-example losses).

Every intermediate value is kept in a :class:`Forward` record (and the error signals in
:class:`Gradients`), so that a chapter can print each one.

The two loops live in the private functions ``_forward`` and ``_backward``, which work
on plain lists and arrays without any checks. :meth:`Network.forward` and
:meth:`Network.backward` check their arguments, call them, and check the results; the training
loop of chapter 11 (:mod:`nblib.training`) calls the very same two functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _validate, losses
from .activations import _RAW, ACTIVATIONS

__all__ = ["Network", "Forward", "Gradients", "NonFiniteError"]

_TRAINABLE = tuple(name for name in ACTIVATIONS if name != "step")


class NonFiniteError(ValueError, FloatingPointError):
    """A forward pass, backward pass or update produced an infinite or NaN value (training diverged).

    It is a ``ValueError`` and also a ``FloatingPointError``, so a slider demo (which catches
    floating-point trouble) shows "diverged" instead of failing.
    """


def _finite(arr: np.ndarray, what: str) -> np.ndarray:
    if not np.all(np.isfinite(arr)):
        raise NonFiniteError(f"{what} is not finite (the numbers overflowed: the weights or the learning rate are too large)")
    return arr


@dataclass(frozen=True)
class Forward:
    """Everything the forward pass computed, layer by layer.

    Attributes
    ----------
    x : numpy.ndarray
        The input :math:`a_0`, shape ``(n_0,)`` or ``(n_0, m)``.
    z : list of numpy.ndarray
        Pre-activations :math:`z_1, \\dots, z_L`; ``z[l-1]`` has shape ``(n_l,)`` or ``(n_l, m)``.
    a : list of numpy.ndarray
        Activations :math:`a_1, \\dots, a_L` (``a[-1]`` is the output), shaped like ``z``.
    """

    x: np.ndarray
    z: list
    a: list

    @property
    def output(self) -> np.ndarray:
        """The network's output :math:`\\hat y = a_L` (the same array as ``a[-1]``)."""
        return self.a[-1]


@dataclass(frozen=True)
class Gradients:
    """The gradients of a loss with respect to every weight and bias, and the error signals.

    Attributes
    ----------
    dW : list of numpy.ndarray
        :math:`\\partial L / \\partial W_l`, each of :math:`W_l`'s shape ``(n_l, n_{l-1})``.
    db : list of numpy.ndarray
        :math:`\\partial L / \\partial b_l`, each of shape ``(n_l,)``.
    delta : list of numpy.ndarray
        The error signals :math:`\\delta_l = \\partial L / \\partial z_l`, each shaped like ``z[l-1]``.
    """

    dW: list
    db: list
    delta: list

    def as_vector(self) -> np.ndarray:
        """All gradients flattened in the order of :meth:`Network.get_params`.

        That is ``dW[0], dW[1], ..., dW[-1]`` (each row by row) followed by
        ``db[0], ..., db[-1]``.
        """
        return np.concatenate([g.ravel() for g in self.dW] + [g.ravel() for g in self.db])


def _forward(weights, biases, activations, x):
    """The forward pass, unchecked: lists ``z`` and ``a``, one array per layer.

    ``weights``, ``biases`` and ``activations`` are lists (one entry per layer); ``x`` is one
    example, shape ``(n_0,)``, or a batch, shape ``(n_0, m)``.
    """
    a_prev, zs, as_ = x, [], []
    for W, b, name in zip(weights, biases, activations):
        z = W @ a_prev + (b if x.ndim == 1 else b[:, None])
        a_prev = _RAW[name][0](z)
        zs.append(z)
        as_.append(a_prev)
    return zs, as_


def _backward(weights, activations, x, a, delta):
    """Backpropagation, unchecked: lists ``dW``, ``db`` and ``delta``, one array per layer.

    ``x`` and ``a`` are the input and the activations of ``_forward``; ``delta`` is
    :math:`\\delta_L = \\partial L / \\partial z_L`. Every :math:`f_l'(z_l)` is computed from
    :math:`a_l = f_l(z_l)` (for example :math:`\\sigma'(z) = a(1 - a)`).
    """
    L = len(weights)
    deltas, dWs, dbs = [None] * L, [None] * L, [None] * L
    for l in range(L - 1, -1, -1):
        a_prev = x if l == 0 else a[l - 1]
        deltas[l] = delta
        if delta.ndim == 1:
            dWs[l] = np.outer(delta, a_prev)
            dbs[l] = delta.copy()
        else:
            dWs[l] = delta @ a_prev.T  # sums over the batch's columns
            dbs[l] = delta.sum(axis=1)
        if l > 0:
            delta = (weights[l].T @ delta) * _RAW[activations[l - 1]][1](a[l - 1])
    return dWs, dbs, deltas


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
        of layer :math:`l`, so ``W_l[k, j]`` is the weight from node ``j`` of layer :math:`l-1`
        to node ``k`` of layer :math:`l`.
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
        self.sizes = [int(Ws[0].shape[1])] + [int(W.shape[0]) for W in Ws]

    # ------------------------------------------------------------------ construction
    @classmethod
    def random(cls, sizes, activations, seed=0) -> "Network":
        """A network with random weights :math:`W_l \\sim \\mathcal N(0, 1/n_{l-1})` and zero biases.

        The standard deviation :math:`1/\\sqrt{n_{l-1}}` keeps every :math:`z_l` of order 1
        when the inputs are of order 1.

        Parameters
        ----------
        sizes : list of int
            ``[n_0, n_1, ..., n_L]``, at least two entries, each at least 1.
        activations : str or list of str
            One name per layer (``len(sizes) - 1`` of them), or one name for every layer.
        seed : int, default 0
            Seed of ``np.random.default_rng``; the same seed gives the same network.

        Examples
        --------
        >>> net = Network.random([64, 32, 10], ["sigmoid", "identity"], seed=1)
        >>> [W.shape for W in net.weights]
        [(32, 64), (10, 32)]
        """
        sizes = _check_list(sizes, "sizes")
        if len(sizes) < 2:
            raise ValueError(f"sizes must list the inputs and at least one layer, got {sizes}")
        sizes = [_validate.count(n, f"sizes[{i}]", minimum=1) for i, n in enumerate(sizes)]
        if isinstance(activations, str):
            activations = [activations] * (len(sizes) - 1)
        seed = _validate.count(seed, "seed")
        rng = np.random.default_rng(seed)
        weights = [rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
        biases = [np.zeros(n_out) for n_out in sizes[1:]]
        return cls(weights, biases, activations)

    def __repr__(self) -> str:
        return f"Network(sizes={self.sizes}, activations={self.activations})"

    @property
    def n_params(self) -> int:
        """The number of weights and biases."""
        return int(sum(W.size + b.size for W, b in zip(self.weights, self.biases)))

    # ------------------------------------------------------------------ forward pass
    def forward(self, x) -> Forward:
        """Run the forward pass and keep every intermediate value.

        .. math:: a_0 = x, \\qquad z_l = W_l a_{l-1} + b_l, \\qquad a_l = f_l(z_l).

        Parameters
        ----------
        x : array_like
            One example, shape ``(n_0,)``, or a batch, shape ``(n_0, m)``, one example per column.

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
        x = self._check_input(x)
        with np.errstate(all="ignore"):  # an overflow is reported by _finite, not by warnings
            zs, as_ = _forward(self.weights, self.biases, self.activations, x)
        for l, z in enumerate(zs, start=1):
            _finite(z, f"z{l}")
        return Forward(x=x, z=zs, a=as_)

    def _check_input(self, x) -> np.ndarray:
        x = _validate.as_array(x, "x")
        if x.ndim not in (1, 2):
            raise ValueError(
                f"x must have shape ({self.sizes[0]},) for one example or ({self.sizes[0]}, m) "
                f"for a batch of m examples (one per column), got shape {x.shape}"
            )
        if x.shape[0] != self.sizes[0]:
            hint = ""
            if x.ndim == 2 and x.shape[1] == self.sizes[0]:
                hint = "; examples go in columns: did you mean x.T?"
            raise ValueError(
                f"x must have {self.sizes[0]} rows (one per input), got shape {x.shape}{hint}"
            )
        return x

    # ------------------------------------------------------------------ backpropagation
    def backward(self, forward, dL_da=None, *, dL_dz=None) -> Gradients:
        """Backpropagate a loss gradient from the output to every weight and bias.

        .. math::

            \\delta_L = \\frac{\\partial L}{\\partial a_L} \\odot f_L'(z_L), \\qquad
            \\delta_l = (W_{l+1}^{\\mathsf T} \\delta_{l+1}) \\odot f_l'(z_l),

            \\frac{\\partial L}{\\partial W_l} = \\delta_l\\, a_{l-1}^{\\mathsf T}, \\qquad
            \\frac{\\partial L}{\\partial b_l} = \\sum_{\\text{columns}} \\delta_l .

        Parameters
        ----------
        forward : Forward
            The record returned by :meth:`forward` of this network.
        dL_da : array_like, optional
            :math:`\\partial L / \\partial a_L`, the loss gradient with respect to the output,
            of ``forward.output``'s shape.
        dL_dz : array_like, optional, keyword only
            Instead of ``dL_da``: :math:`\\delta_L = \\partial L / \\partial z_L` directly (for
            softmax with cross-entropy on identity logits, :math:`\\delta_L = \\hat y - y`).
            Give exactly one of the two.

        Returns
        -------
        Gradients
            ``dW``, ``db`` (summed over a batch's columns) and ``delta`` (one per layer).

        Examples
        --------
        >>> net = Network([[[2.0, 3.0]]], [[1.0]], ["identity"])
        >>> g = net.backward(net.forward([1.0, -1.0]), [0.5])
        >>> g.dW[0].tolist(), g.db[0].tolist()
        ([[0.5, -0.5]], [0.5])
        """
        if not isinstance(forward, Forward):
            raise TypeError(f"forward must be the Forward record returned by Network.forward, got {type(forward).__name__}")
        if len(forward.z) != len(self.weights) or any(
            z.shape[0] != n for z, n in zip(forward.z, self.sizes[1:])
        ) or forward.x.shape[0] != self.sizes[0]:
            raise ValueError("forward does not come from a network of this shape (sizes differ)")
        if (dL_da is None) == (dL_dz is None):
            raise TypeError("give exactly one of dL_da (gradient at the output a_L) or dL_dz (at z_L)")
        if dL_dz is not None:
            delta = _validate.as_array(dL_dz, "dL_dz")
            _validate.same_shape(delta, forward.z[-1], "dL_dz", "the output pre-activation z_L")
        else:
            g = _validate.as_array(dL_da, "dL_da")
            _validate.same_shape(g, forward.output, "dL_da", "the output a_L")
            delta = g * _RAW[self.activations[-1]][1](forward.output)
        with np.errstate(all="ignore"):  # an overflow is reported by _finite, not by warnings
            dWs, dbs, deltas = _backward(self.weights, self.activations, forward.x, forward.a, delta)
        for l in range(len(self.weights), 0, -1):  # the order in which the loop computed them
            _finite(deltas[l - 1], f"delta{l}")
            _finite(dWs[l - 1], f"dW{l}")
            _finite(dbs[l - 1], f"db{l}")
        return Gradients(dW=dWs, db=dbs, delta=deltas)

    def loss_and_grads(self, x, y, loss="half_sse"):
        """Forward pass, loss and backpropagation in one call.

        Parameters
        ----------
        x : array_like
            Input(s), as for :meth:`forward`.
        y : array_like
            Target(s), of the output's shape.
        loss : {"half_sse", "mse"}
            ``"half_sse"``: :math:`E = \\sum \\tfrac12 (y - \\hat y)^2` over every element (chapter 8);
            ``"mse"``: the mean of :math:`(y - \\hat y)^2` over every element.

        Returns
        -------
        tuple
            ``(E, grads, forward)``: the loss (float), the :class:`Gradients` and the :class:`Forward`.

        Examples
        --------
        >>> net = Network([[[1.0]]], [[0.0]], ["identity"])
        >>> E, g, fwd = net.loss_and_grads([2.0], [3.0])
        >>> E, g.dW[0].tolist()
        (0.5, [[-2.0]])
        """
        fns = {"half_sse": (losses.half_sse, losses.half_sse_grad), "mse": (losses.mse, losses.mse_grad)}
        if not isinstance(loss, str) or loss not in fns:
            raise ValueError(f"loss must be one of {list(fns)}, got {loss!r}")
        fwd = self.forward(x)
        y = _validate.as_array(y, "y")
        _validate.same_shape(y, fwd.output, "y", "the network's output")
        E_fn, grad_fn = fns[loss]
        E = E_fn(y, fwd.output)
        grads = self.backward(fwd, np.asarray(grad_fn(y, fwd.output), dtype=float).reshape(fwd.output.shape))
        return E, grads, fwd

    def update(self, grads, eta, *, update_biases=True) -> "Network":
        """One gradient-descent step: :math:`W_l - \\eta\\,\\partial L/\\partial W_l`, :math:`b_l - \\eta\\,\\partial L/\\partial b_l`.

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

        Examples
        --------
        >>> net = Network([[[2.0, 3.0]]], [[1.0]], ["identity"])
        >>> g = net.backward(net.forward([1.0, -1.0]), [0.5])
        >>> new = net.update(g, 0.1)
        >>> new.weights[0].tolist(), new.biases[0].tolist()
        ([[1.95, 3.05]], [0.95])
        """
        if not isinstance(grads, Gradients):
            raise TypeError(f"grads must be the Gradients returned by Network.backward, got {type(grads).__name__}")
        eta = _validate.as_scalar(eta, "eta")
        if eta < 0:
            raise ValueError(f"eta must be at least 0, got {eta:g}")
        if len(grads.dW) != len(self.weights) or any(
            g.shape != W.shape for g, W in zip(grads.dW, self.weights)
        ) or any(g.shape != b.shape for g, b in zip(grads.db, self.biases)):
            raise ValueError("grads do not match this network's shapes")
        with np.errstate(over="ignore", invalid="ignore"):
            weights = [_finite(W - eta * dW, f"the updated W{l}") for l, (W, dW) in enumerate(zip(self.weights, grads.dW), 1)]
            if update_biases:
                biases = [_finite(b - eta * db, f"the updated b{l}") for l, (b, db) in enumerate(zip(self.biases, grads.db), 1)]
            else:
                biases = self.biases
        return Network(weights, biases, self.activations)

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

        Returns
        -------
        pathlib.Path
            The file written.
        """
        path = Path(path)
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
        """Load a network written by :meth:`save` (no pickles are read)."""
        path = Path(path)
        if not path.exists() and path.with_name(path.name + ".npz").exists():
            path = path.with_name(path.name + ".npz")
        with np.load(path, allow_pickle=False) as data:
            activations = [str(s) for s in data["activations"]]
            L = len(activations)
            weights = [data[f"W{l}"] for l in range(1, L + 1)]
            biases = [data[f"b{l}"] for l in range(1, L + 1)]
        return cls(weights, biases, activations)
