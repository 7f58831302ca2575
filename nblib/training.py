"""Chapter 11: mini-batch stochastic gradient descent for a classifier with a softmax output.

The network's last layer is ``"identity"``: it produces the logits :math:`z_L`, and the loss is
the softmax cross-entropy averaged over a mini-batch of :math:`m` examples (chapter 10), whose
error signal at the logits is

.. math:: \\delta_L = \\frac{\\partial L}{\\partial z_L} = \\frac{1}{m}\\,(\\hat y - y),
          \\qquad \\hat y = \\operatorname{softmax}(z_L).

One epoch shuffles the training examples, cuts them into mini-batches of ``batch_size`` columns
and takes one step :math:`W_l \\leftarrow W_l - \\eta\\,\\delta_l a_{l-1}^{\\mathsf T}`,
:math:`b_l \\leftarrow b_l - \\eta \\sum_{\\text{columns}} \\delta_l` per mini-batch. The forward and
backward passes are the ones of :meth:`nblib.network.Network.forward` and
:meth:`~nblib.network.Network.backward`: the inner loop calls their unchecked cores
``network._forward`` and ``network._backward`` (the data are checked once, before the first
epoch), so there is only one implementation of each in ``nblib``.

**The progress bar.** :func:`train` shows a ``tqdm.auto`` bar (a widget in Jupyter, text in a
terminal) when ``progress=True``. A bar's output changes from run to run (timings, widget ids),
so the book's notebooks pass ``progress=False`` when they are executed for the book and say how
to switch the bar on; with ``progress=False`` nothing at all is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import _validate
from .network import Network, _backward, _forward
from .softmax import _log_softmax, _softmax, one_hot

__all__ = ["History", "train", "predict", "accuracy", "confusion_matrix"]


@dataclass
class History:
    """What :func:`train` measured, one entry per epoch (entry 0 is before the first epoch).

    Attributes
    ----------
    loss, accuracy : list of float
        Mean cross-entropy and fraction correct on the whole training set.
    val_loss, val_accuracy : list of float
        The same on the validation set (empty lists when none was given).
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)

    @property
    def epochs(self) -> np.ndarray:
        """The epoch numbers ``0, 1, ..., epochs`` that the lists are measured at."""
        return np.arange(len(self.loss))


# --- unchecked internals ----------------------------------------------------------------------

_CHUNK = 128  # columns per evaluation block: small products stay on one BLAS thread


def _evaluate(weights, biases, activations, X, Y, labels):
    """Mean cross-entropy and accuracy over all columns, computed in blocks of columns.

    One product over thousands of columns would make OpenBLAS start its worker threads, which
    costs more than it saves for matrices this small (and a lot on a busy machine).
    """
    total, correct = 0.0, 0
    for start in range(0, X.shape[1], _CHUNK):
        cols = slice(start, start + _CHUNK)
        z = _forward(weights, biases, activations, X[:, cols])[0][-1]  # the logits z_L
        total -= float(np.sum(Y[:, cols] * _log_softmax(z)))
        correct += int(np.sum(np.argmax(z, axis=0) == labels[cols]))
    m = X.shape[1]
    return total / m, correct / m


def _sgd_epoch(weights, biases, activations, X, Y, order, batch_size, eta):
    """One epoch of mini-batch SGD, updating ``weights`` and ``biases`` in place (no checks)."""
    for start in range(0, X.shape[1], batch_size):
        idx = order[start:start + batch_size]
        x, y = X[:, idx], Y[:, idx]
        z, a = _forward(weights, biases, activations, x)
        delta = (_softmax(z[-1]) - y) / idx.size  # dL/dz_L for the mean cross-entropy
        dW, db, _ = _backward(weights, activations, x, a, delta)
        for W, b, gW, gb in zip(weights, biases, dW, db):
            W -= eta * gW
            b -= eta * gb


# --- checks ----------------------------------------------------------------------------------

def _check_net(net) -> Network:
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nblib.network.Network, got {type(net).__name__}")
    return net


def _check_data(net: Network, X, labels, x_name: str, labels_name: str):
    X = _validate.as_array(X, x_name, ndim=2)
    if X.shape[0] != net.sizes[0]:
        hint = "; examples go in columns: did you mean X.T?" if X.shape[1] == net.sizes[0] else ""
        raise ValueError(f"{x_name} must have {net.sizes[0]} rows (one per input), got shape {X.shape}{hint}")
    labels = _validate.class_labels(labels, labels_name, net.sizes[-1])
    if labels.size != X.shape[1]:
        raise ValueError(f"{labels_name} must have one label per column of {x_name} ({X.shape[1]}), "
                         f"got {labels.size}")
    return X, one_hot(labels, net.sizes[-1]), labels


# --- public functions ------------------------------------------------------------------------

def train(net, X, labels, *, epochs, batch_size, eta, seed=0, X_val=None, labels_val=None, progress=True):
    """Train a softmax classifier by mini-batch stochastic gradient descent.

    Each epoch draws a fresh random order of the examples, and for each mini-batch of
    ``batch_size`` columns (the last one may be smaller) takes the step

    .. math:: W_l \\leftarrow W_l - \\eta\\,\\delta_l a_{l-1}^{\\mathsf T}, \\qquad
              b_l \\leftarrow b_l - \\eta \\textstyle\\sum_{\\text{columns}} \\delta_l,
              \\qquad \\delta_L = \\tfrac1m(\\operatorname{softmax}(z_L) - y),

    which descends the mean cross-entropy of the mini-batch.

    Parameters
    ----------
    net : Network
        The starting network; its last activation must be ``"identity"`` (logits), and its
        output size is the number of classes ``k``. It is not changed.
    X : array_like
        Training inputs, shape ``(n_0, m)``, one example per column.
    labels : array_like of int
        Shape ``(m,)``, each in ``0 .. k-1``.
    epochs : int
        Passes over the training set, at least 1.
    batch_size : int
        Examples per mini-batch, at least 1.
    eta : float
        The learning rate, greater than 0.
    seed : int, default 0
        Seed of the generator that shuffles the examples.
    X_val, labels_val : array_like, optional
        A validation set, shaped like ``X`` and ``labels``; give both or neither.
    progress : bool, default True
        Show a ``tqdm.auto`` progress bar over the epochs. ``False`` writes nothing.

    Returns
    -------
    tuple
        ``(trained, history)``: a new :class:`~nblib.network.Network` and a :class:`History`.

    Examples
    --------
    >>> X = np.array([[0.0, 0.1, 1.0, 0.9], [0.0, 0.2, 1.0, 0.8]])
    >>> net = Network.random([2, 2], "identity", seed=0)
    >>> trained, hist = train(net, X, [0, 0, 1, 1], epochs=50, batch_size=2, eta=1.0, progress=False)
    >>> hist.accuracy[-1], hist.loss[-1] < hist.loss[0]
    (1.0, True)
    """
    net = _check_net(net)
    if net.activations[-1] != "identity":
        raise ValueError(f"net's last activation must be 'identity' (it outputs the logits for softmax), "
                         f"got {net.activations[-1]!r}")
    X, Y, labels = _check_data(net, X, labels, "X", "labels")
    epochs = _validate.count(epochs, "epochs", minimum=1)
    batch_size = _validate.count(batch_size, "batch_size", minimum=1)
    eta = _validate.positive(eta, "eta")
    seed = _validate.count(seed, "seed")
    if (X_val is None) != (labels_val is None):
        raise ValueError("give both X_val and labels_val, or neither")
    has_val = X_val is not None
    if has_val:
        X_val, Y_val, labels_val = _check_data(net, X_val, labels_val, "X_val", "labels_val")
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be True or False, got {progress!r}")

    weights = [W.copy() for W in net.weights]
    biases = [b.copy() for b in net.biases]
    acts = list(net.activations)
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    orders = np.argsort(rng.random((epochs, m)), axis=1)  # every epoch's shuffle, drawn up front

    history = History()

    def measure():
        loss, acc = _evaluate(weights, biases, acts, X, Y, labels)
        history.loss.append(loss)
        history.accuracy.append(acc)
        if has_val:
            v_loss, v_acc = _evaluate(weights, biases, acts, X_val, Y_val, labels_val)
            history.val_loss.append(v_loss)
            history.val_accuracy.append(v_acc)

    measure()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=epochs, desc="training", unit="epoch")
    try:
        for epoch in range(epochs):
            with np.errstate(all="ignore"):  # a diverging run is reported below, not by warnings
                _sgd_epoch(weights, biases, acts, X, Y, orders[epoch], batch_size, eta)
                measure()
            if not np.isfinite(history.loss[-1]):
                raise FloatingPointError(f"training diverged at epoch {epoch + 1} (loss is not finite); "
                                         f"try a smaller eta than {eta:g}")
            if bar is not None:
                post = {"loss": f"{history.loss[-1]:.4f}", "acc": f"{history.accuracy[-1]:.3f}"}
                if has_val:
                    post["val_acc"] = f"{history.val_accuracy[-1]:.3f}"
                bar.set_postfix(post, refresh=False)
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return Network(weights, biases, acts), history


def predict(net, X) -> np.ndarray:
    """The predicted class of every example: the index of its largest output (logit).

    Softmax keeps the order of the scores, so the largest logit is also the most probable class.

    Parameters
    ----------
    net : Network
    X : array_like
        Shape ``(n_0, m)`` (one example per column) or ``(n_0,)`` for one example.

    Returns
    -------
    numpy.ndarray of int
        Shape ``(m,)`` (a 0-d array for one example).

    Examples
    --------
    >>> net = Network([np.eye(2)], [np.zeros(2)], ["identity"])
    >>> predict(net, [[3.0, 0.0], [1.0, 2.0]]).tolist()
    [0, 1]
    """
    net = _check_net(net)
    return np.argmax(net.forward(X).output, axis=0)


def accuracy(net, X, labels) -> float:
    """The fraction of the examples whose predicted class equals the label.

    Parameters
    ----------
    net : Network
    X : array_like
        Shape ``(n_0, m)``.
    labels : array_like of int
        Shape ``(m,)``.

    Returns
    -------
    float
        Between 0 and 1.

    Examples
    --------
    >>> net = Network([np.eye(2)], [np.zeros(2)], ["identity"])
    >>> accuracy(net, [[3.0, 0.0], [1.0, 2.0]], [0, 0])
    0.5
    """
    net = _check_net(net)
    X, _, labels = _check_data(net, X, labels, "X", "labels")
    return float(np.mean(predict(net, X) == labels))


def confusion_matrix(labels, predicted, n_classes) -> np.ndarray:
    """Count how often each true class was predicted as each class.

    Entry ``[i, j]`` is the number of examples of true class ``i`` predicted as ``j``; the
    diagonal holds the correct predictions.

    Parameters
    ----------
    labels, predicted : array_like of int
        True and predicted classes, shape ``(m,)`` each, in ``0 .. n_classes-1``.
    n_classes : int

    Returns
    -------
    numpy.ndarray of int
        Shape ``(n_classes, n_classes)``; it sums to ``m``.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1, 2], [0, 2, 1, 2], 3).tolist()
    [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    """
    n_classes = _validate.count(n_classes, "n_classes", minimum=1)
    labels = _validate.class_labels(labels, "labels", n_classes)
    predicted = _validate.class_labels(predicted, "predicted", n_classes)
    if labels.shape != predicted.shape:
        raise ValueError(f"labels and predicted must have the same shape, got {labels.shape} and {predicted.shape}")
    cm = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(cm, (labels, predicted), 1)
    return cm
