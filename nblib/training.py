"""Chapter 11: mini-batch stochastic gradient descent for a classifier with a softmax output.

The network's last layer is ``"identity"``: it produces the logits :math:`z_L`, and the loss is
the softmax cross-entropy averaged over a mini-batch of :math:`m` examples (chapter 10), whose
error signal at the logits is

.. math:: \\delta_L = \\frac{\\partial C}{\\partial z_L} = \\frac{1}{m}\\,(\\hat y - y),
          \\qquad \\hat y = \\operatorname{softmax}(z_L).

One epoch (:func:`epoch`) visits the training examples in a random order, cuts them into
mini-batches of ``batch_size`` columns and, per mini-batch, computes the gradients with the
forward and backward passes of :class:`~nblib.network.Network` (one implementation of each in
``nblib``) and lets an optimiser of :mod:`nblib.optim` take one step; with
:class:`~nblib.optim.SGD` (chapter 11) that is
:math:`W_l \\leftarrow W_l - \\eta\\,\\Delta_l A_{l-1}^{\\mathsf T}`,
:math:`b_l \\leftarrow b_l - \\eta \\sum_{\\text{columns}} \\Delta_l`. :func:`train` checks its
arguments once (``_check_train``), then runs the epochs on trusted arrays and measures the loss
and accuracy after each; it always holds an optimiser (``eta=e`` is ``optimiser=SGD(e)``).

**Divergence.** The loss is watched once per epoch: a run whose numbers overflow raises
:class:`~nblib._validate.DivergedError`, whose ``path`` is the :class:`History` so far.

**Optimisers, weight decay, early stopping** (chapters 14 and 15). ``train`` takes an optimiser
of :mod:`nblib.optim` (momentum, Adam) instead of ``eta``; a weight decay :math:`\\lambda`, the
one extra line of the epoch, which shrinks the weights (not the biases) before every step,
:math:`W_l \\leftarrow (1 - \\eta\\lambda)\\,W_l`, decoupled from the optimiser (for plain SGD
this is the gradient of the penalty :math:`\\tfrac{\\lambda}{2}\\sum_l \\lVert W_l\\rVert^2`; see
:mod:`nblib.optim`); and a ``patience``: training stops when the validation loss has not
improved for that many epochs, and the network of the best epoch is returned.

**The progress bar.** :func:`train` shows a ``tqdm.auto`` bar (a widget in Jupyter, text in a
terminal) when ``progress=True``. A bar's output changes from run to run (timings, widget ids),
so the book's notebooks pass ``progress=False`` when they are executed for the book and say how
to switch the bar on; with ``progress=False`` nothing at all is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import _validate
from ._validate import DivergedError
from .dropout import _check_rate, _check_rng, mask
from .network import Network, _check_network
from .optim import SGD, _check_optimiser
from .softmax import log_softmax, one_hot, softmax

__all__ = ["History", "train", "epoch", "predict", "accuracy", "confusion_matrix", "DivergedError"]


@dataclass
class History:
    """What :func:`train` measured, one entry per epoch (entry 0 is before the first epoch).

    Attributes
    ----------
    loss, accuracy : list of float
        Mean cross-entropy and fraction correct on the whole training set.
    val_loss, val_accuracy : list of float
        The same on the validation set (empty lists when none was given).
    best_epoch : int or None
        With early stopping (``patience``), the epoch of the lowest validation loss, whose
        network :func:`train` returned; ``None`` otherwise.
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    best_epoch: int | None = None

    def __post_init__(self):
        for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
            value = getattr(self, name)
            if not isinstance(value, list) or any(isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.floating)) for v in value):
                raise TypeError(f"{name} must be a list of floats, got {_validate._describe(value)}")
        if len(self.accuracy) != len(self.loss) or len(self.val_accuracy) != len(self.val_loss):
            raise ValueError("loss and accuracy (and val_loss and val_accuracy) must have one entry per epoch each")
        if self.best_epoch is not None:
            if isinstance(self.best_epoch, (bool, np.bool_)) or not isinstance(self.best_epoch, (int, np.integer)):
                raise TypeError(f"best_epoch must be None or a whole number, got {_validate._describe(self.best_epoch)}")
            if not 0 <= self.best_epoch < len(self.val_loss):
                raise ValueError(f"best_epoch must be an epoch of val_loss, 0 to {len(self.val_loss) - 1}, "
                                 f"got {self.best_epoch}")

    @property
    def epochs(self) -> np.ndarray:
        """The epoch numbers ``0, 1, ..., epochs`` that the lists are measured at."""
        return np.arange(len(self.loss))


# --- checks ----------------------------------------------------------------------------------

def _check_classifier(net) -> Network:
    if _check_network(net).activations[-1] != "identity":
        raise ValueError(f"net's last activation must be 'identity' (it outputs the logits for softmax), "
                         f"got {net.activations[-1]!r}")
    return net


def _check_data(net: Network, X, labels, x_name: str, labels_name: str):
    X, _ = _validate.columns(X, x_name, net.sizes[0], single=False)
    labels = _validate.class_labels(labels, labels_name, net.sizes[-1])
    if labels.size != X.shape[1]:
        raise ValueError(f"{labels_name} must have one label per column of {x_name} ({X.shape[1]}), "
                         f"got {labels.size}")
    return X, labels


def _check_epoch(net, X, Y, order, batch_size, optimiser, weight_decay, dropout, rng):
    net = _check_classifier(net)
    X, _ = _validate.columns(X, "X", net.sizes[0], single=False)
    Y, _ = _validate.columns(Y, "Y", net.sizes[-1], single=False)
    if Y.shape[1] != X.shape[1] or np.any((Y != 0) & (Y != 1)) or np.any(Y.sum(axis=0) != 1):
        raise ValueError(f"Y must hold one-hot targets, shape ({net.sizes[-1]}, {X.shape[1]}), one column per "
                         f"column of X, got shape {Y.shape}")
    if not isinstance(order, np.ndarray) or order.dtype.kind not in "iu" or order.ndim != 1:
        raise TypeError(f"order must be a 1-D integer array of column numbers of X, got {_validate._describe(order)}")
    if order.size != X.shape[1] or not np.array_equal(np.sort(order), np.arange(X.shape[1])):
        raise ValueError(f"order must hold every column number of X, 0 to {X.shape[1] - 1}, once each "
                         f"(a shuffle of np.arange({X.shape[1]})), got {order.size} numbers")
    batch_size = _validate.count(batch_size, "batch_size", minimum=1)
    optimiser, weight_decay = _check_decay(optimiser, weight_decay)
    dropout, rng = _check_dropout(dropout, rng)
    return (Network(net.weights, net.biases, net.activations), X, Y, order, batch_size, optimiser, weight_decay,  # a working copy
            dropout, rng)


def _check_dropout(dropout, rng):
    dropout = _check_rate(dropout, "dropout")
    if rng is None and dropout > 0:
        raise TypeError("rng must be a NumPy random Generator that draws the dropout masks "
                        "(np.random.default_rng(seed)) when dropout is above 0, got None")
    return dropout, (np.random.default_rng(0) if rng is None else _check_rng(rng))


def _check_decay(optimiser, weight_decay):
    optimiser = _check_optimiser(optimiser)
    weight_decay = _validate.as_scalar(weight_decay, "weight_decay")
    if weight_decay < 0:
        raise ValueError(f"weight_decay must be at least 0, got {weight_decay:g}")
    if optimiser.eta * weight_decay >= 1:
        raise ValueError(f"eta * weight_decay must be less than 1 (each step keeps the fraction "
                         f"1 - eta * weight_decay of the weights), got {optimiser.eta * weight_decay:g}")
    return optimiser, weight_decay


def _check_train(net, X, labels, epochs, batch_size, eta, optimiser, weight_decay, dropout, patience, seed,
                 X_val, labels_val, progress):
    net = _check_classifier(net)
    X, labels = _check_data(net, X, labels, "X", "labels")
    _validate.count(epochs, "epochs", minimum=1)
    _validate.count(batch_size, "batch_size", minimum=1)
    if (eta is None) == (optimiser is None):
        raise ValueError("give eta (plain SGD) or an optimiser from nblib.optim, not both and not neither")
    optimiser, weight_decay = _check_decay(SGD(eta) if optimiser is None else optimiser, weight_decay)
    _validate.count(seed, "seed")
    dropout = _check_rate(dropout, "dropout")
    if (X_val is None) != (labels_val is None):
        raise ValueError("give both X_val and labels_val, or neither")
    val = None if X_val is None else _check_data(net, X_val, labels_val, "X_val", "labels_val")
    if patience is not None:
        _validate.count(patience, "patience", minimum=1)
        if val is None:
            raise ValueError("early stopping (patience) needs a validation set: give X_val and labels_val")
    _validate.flag(progress, "progress")
    return net, (X, labels), val, optimiser.copy(), weight_decay, dropout


# --- training --------------------------------------------------------------------------------

def epoch(net, X, Y, order, batch_size, optimiser, weight_decay=0.0, dropout=0.0, rng=None) -> Network:
    """One epoch of mini-batch descent on the mean softmax cross-entropy; returns the new network.

    For each mini-batch of ``batch_size`` columns, in the order ``order`` (the last batch may be
    smaller), a dropout mask is drawn for every hidden layer (chapter 14, :func:`nblib.dropout.mask`;
    at ``dropout = 0`` every mask is 1), the forward and backward passes with those masks give the
    gradients of the mean cross-entropy,
    whose error signal at the logits is :math:`\\delta_L = \\tfrac1m(\\operatorname{softmax}(z_L) - y)`
    (chapter 10); then the weights shrink by the weight decay (chapter 14) and the optimiser
    takes its step:

    .. math:: W_l \\leftarrow (1 - \\eta\\lambda)\\,W_l, \\qquad
              (W, b) \\leftarrow \\text{the optimiser's step with the gradients } g .

    With :class:`~nblib.optim.SGD` and :math:`\\lambda = 0` (chapter 11) this is
    :math:`W_l \\leftarrow W_l - \\eta\\,\\partial C/\\partial W_l`,
    :math:`b_l \\leftarrow b_l - \\eta\\,\\partial C/\\partial b_l`; with :math:`\\lambda > 0`,
    gradient descent on the loss plus :math:`\\tfrac{\\lambda}{2}\\sum_l\\lVert W_l\\rVert^2`.

    Parameters
    ----------
    net : Network
        The network before the epoch, last activation ``"identity"``; it is not changed.
    X : array_like
        Inputs, shape ``(n_0, m)``, one example per column.
    Y : array_like
        One-hot targets, shape ``(K, m)``.
    order : numpy.ndarray of int
        The order in which to visit the columns: every number ``0 .. m-1`` once, shape ``(m,)``.
    batch_size : int
        Examples per mini-batch, at least 1.
    optimiser : nblib.optim.Optimiser
        Its state (velocities, running means) carries over from epoch to epoch; it is updated.
    weight_decay : float, default 0
        :math:`\\lambda \\ge 0`, with :math:`\\eta\\lambda < 1` (:math:`\\eta` is the optimiser's).
    dropout : float, default 0
        The dropout rate (chapter 14): the probability of silencing a hidden neuron for one example
        of one step, at least 0 and less than 1.
    rng : numpy.random.Generator, optional
        Draws the dropout masks; needed when ``dropout`` is above 0.

    Examples
    --------
    >>> from nblib.optim import SGD
    >>> net = Network([np.ones((2, 1))], [np.zeros(2)], ["identity"])
    >>> X, Y = [[1.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]
    >>> epoch(net, X, Y, np.array([0, 1]), 2, SGD(1.0)).weights[0].tolist()
    [[1.0], [1.0]]
    >>> epoch(net, X, Y, np.array([0, 1]), 2, SGD(1.0), weight_decay=0.5).weights[0].tolist()
    [[0.5], [0.5]]
    """
    net, X, Y, order, batch_size, optimiser, weight_decay, dropout, rng = _check_epoch(
        net, X, Y, order, batch_size, optimiser, weight_decay, dropout, rng)
    for start in range(0, X.shape[1], batch_size):
        batch = order[start:start + batch_size]
        masks = [mask((n, batch.size), dropout, rng) for n in net.sizes[1:-1]]  # dropout (chapter 14): all 1 at rate 0
        fwd = net.forward(X[:, batch], masks)
        delta = (softmax(fwd.output) - Y[:, batch]) / batch.size  # dC/dz_L of the mean cross-entropy
        grads = net.backward(fwd, dC_dz=delta)
        for W in net.weights:
            W *= 1 - optimiser.eta * weight_decay  # weight decay (chapter 14): W <- (1 - eta lambda) W
        optimiser.update(net.weights + net.biases, grads.dW + grads.db)  # SGD: theta <- theta - eta g
    return net


_CHUNK = 2048  # columns per evaluation block: the arrays of one block stay small


def _evaluate(net, X, labels):
    """Mean cross-entropy and accuracy over all columns, computed in blocks of columns (so that
    the arrays of one forward pass stay small however large the data set)."""
    total, correct = 0.0, 0
    for start in range(0, X.shape[1], _CHUNK):
        z = net.forward(X[:, start:start + _CHUNK]).output  # the logits z_L
        y = labels[start:start + _CHUNK]
        total -= float(np.sum(log_softmax(z)[y, np.arange(y.size)]))
        correct += int(np.sum(np.argmax(z, axis=0) == y))
    return total / X.shape[1], correct / X.shape[1]


def train(net, X, labels, *, epochs, batch_size, eta=None, optimiser=None, weight_decay=0.0, dropout=0.0,
          patience=None, seed=0, X_val=None, labels_val=None, progress=True):
    """Train a softmax classifier by mini-batch stochastic gradient descent.

    Each epoch draws a fresh random order of the examples, and for each mini-batch of
    ``batch_size`` columns (the last one may be smaller) takes the step

    .. math:: W_l \\leftarrow W_l - \\eta\\,\\Delta_l A_{l-1}^{\\mathsf T}, \\qquad
              b_l \\leftarrow b_l - \\eta \\textstyle\\sum_{\\text{columns}} \\Delta_l,
              \\qquad \\delta_L = \\tfrac1m(\\operatorname{softmax}(z_L) - y),

    which descends the mean cross-entropy of the mini-batch (:func:`epoch`, with ``SGD(eta)``).

    Parameters
    ----------
    net : Network
        The starting network; its last activation must be ``"identity"`` (logits), and its
        output size is the number of classes ``K``. It is not changed.
    X : array_like
        Training inputs, shape ``(n_0, m)``, one example per column.
    labels : array_like of int
        Shape ``(m,)``, each in ``0 .. K-1``.
    epochs : int
        Passes over the training set, at least 1.
    batch_size : int
        Examples per mini-batch, at least 1.
    eta : float, optional
        The learning rate of plain SGD, greater than 0. Give ``eta`` or ``optimiser``, not both.
    optimiser : nblib.optim.Optimiser, optional
        An optimiser (chapter 15), with its own learning rate; a fresh copy of it is used, so the
        object passed in is not changed. ``eta=e`` is the same as ``optimiser=SGD(e)``.
    weight_decay : float, default 0
        :math:`\\lambda \\ge 0` (chapter 14): before each step the weights (not the biases) are
        multiplied by :math:`1 - \\eta\\lambda`, which must be positive.
    dropout : float, default 0
        The dropout rate (chapter 14), at least 0 and less than 1: :func:`epoch` silences each hidden
        neuron with this probability for every example of every step. The masks are drawn by the
        generator of ``seed``, after the shuffles.
    patience : int, optional
        Early stopping (chapter 14): stop when the validation loss has not fallen below its lowest
        value for ``patience`` epochs, and return the network of that best epoch
        (``history.best_epoch``). Needs a validation set.
    seed : int, default 0
        Seed of the generator that shuffles the examples (and draws the dropout masks).
    X_val, labels_val : array_like, optional
        A validation set, shaped like ``X`` and ``labels``; give both or neither.
    progress : bool, default True
        Show a ``tqdm.auto`` progress bar over the epochs. ``False`` writes nothing.

    Returns
    -------
    tuple
        ``(trained, history)``: a new :class:`~nblib.network.Network` and a :class:`History`
        (which ends at the epoch where early stopping stopped).

    Raises
    ------
    DivergedError
        If the weights or the loss overflow (``eta`` too large); its ``path`` is the
        :class:`History` of the epochs before.

    Examples
    --------
    >>> X = np.array([[0.0, 0.1, 1.0, 0.9], [0.0, 0.2, 1.0, 0.8]])
    >>> net = Network.random([2, 2], "identity", seed=0)
    >>> trained, hist = train(net, X, [0, 0, 1, 1], epochs=50, batch_size=2, eta=1.0, progress=False)
    >>> hist.accuracy[-1], hist.loss[-1] < hist.loss[0]
    (1.0, True)
    """
    net, (X, labels), val, opt, weight_decay, dropout = _check_train(
        net, X, labels, epochs, batch_size, eta, optimiser, weight_decay, dropout, patience, seed, X_val, labels_val,
        progress)
    Y = one_hot(labels, net.sizes[-1])
    rng = np.random.default_rng(seed)
    orders = np.argsort(rng.random((epochs, X.shape[1])), axis=1)  # every shuffle, up front; then the masks
    history = History()
    best = None
    bar = _progress_bar(epochs) if progress else None
    try:
        for k in range(epochs + 1):
            if k > 0:
                net = _run_epoch(net, X, Y, orders[k - 1], batch_size, opt, weight_decay, dropout, rng, k, history)
            _measure(history, net, (X, labels), val, k, opt.eta)
            if bar is not None and k > 0:
                _show(bar, history, val is not None)
            if patience is not None:
                if best is None or history.val_loss[-1] < history.val_loss[history.best_epoch]:
                    best, history.best_epoch = net, k  # each epoch returns a new network: no copy needed
                elif k - history.best_epoch >= patience:
                    break
    finally:
        if bar is not None:
            bar.close()
    return (net if best is None else best), history


def _run_epoch(net, X, Y, order, batch_size, opt, weight_decay, dropout, rng, k, history):
    """One :func:`epoch` on trusted arrays; numbers that overflow are reported by the loss (or, if
    they reach a check of the passes first, here), as :class:`DivergedError`."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        try:
            return epoch(net, X, Y, order, batch_size, opt, weight_decay, dropout, rng)
        except ValueError:  # a NaN or infinity reached a check inside the passes
            raise DivergedError(f"training diverged in epoch {k} (the numbers overflowed); "
                                f"try a smaller eta than {opt.eta:g}", path=history) from None


def _measure(history, net, data, val, k, eta):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        measured = [_evaluate(net, *data)] + ([_evaluate(net, *val)] if val is not None else [])
    if not all(np.isfinite(loss) for loss, _ in measured):
        raise DivergedError(f"training diverged at epoch {k} (the loss is not finite); "
                            f"try a smaller eta than {eta:g}", path=history)
    for (loss, acc), (losses, accs) in zip(
        measured, [(history.loss, history.accuracy), (history.val_loss, history.val_accuracy)],
    ):
        losses.append(loss)
        accs.append(acc)


def _progress_bar(epochs):
    from tqdm.auto import tqdm

    return tqdm(total=epochs, desc="training", unit="epoch")


def _show(bar, history, has_val):
    post = {"loss": f"{history.loss[-1]:.4f}", "acc": f"{history.accuracy[-1]:.3f}"}
    if has_val:
        post["val_acc"] = f"{history.val_accuracy[-1]:.3f}"
    bar.set_postfix(post, refresh=False)
    bar.update(1)


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
    X = _validate.examples(X, "X", _check_network(net).sizes[0])
    return np.argmax(net.forward(X).output, axis=0)  # axis 0: the classes


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
    X, labels = _check_data(_check_network(net), X, labels, "X", "labels")
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
