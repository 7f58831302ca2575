"""Chapter 5: Rosenblatt's perceptron, a step neuron that learns a separating hyperplane.

The perceptron computes the weighted sum :math:`z = w \\cdot x + b` and fires when it is positive
(the step activation of :mod:`nblib.activations`):

.. math:: \\hat y = \\operatorname{step}(w \\cdot x + b) =
          \\begin{cases} 1 & w \\cdot x + b > 0 \\\\ 0 & \\text{otherwise.} \\end{cases}

It learns one example at a time with the perceptron rule

.. math:: w \\leftarrow w + \\eta\\,(t - \\hat y)\\,x, \\qquad b \\leftarrow b + \\eta\\,(t - \\hat y),

which changes nothing when the prediction is right (:math:`t = \\hat y`) and otherwise tilts the
hyperplane :math:`w \\cdot x + b = 0` towards putting the example on its correct side. The bias
is the weight of a constant input 1.

Batches follow the book's convention: one example per **column**, so ``X`` has shape
``(n_inputs, m)`` and the targets ``t`` shape ``(m,)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate
from .classifier import _inputs, linear_epoch, linear_output, linear_update

__all__ = ["predict", "update", "train", "Training"]


def _weights(w, b):
    w = _validate.as_array(w, "w", ndim=1)
    b = _validate.as_scalar(b, "b")
    return w, b




def predict(w, b, X):
    """The perceptron's output :math:`\\operatorname{step}(w \\cdot x + b)` for one example or a batch.

    It is chapter 3's threshold output, :func:`nblib.classifier.linear_output`.

    Parameters
    ----------
    w : array_like, shape (n,)
        The weights.
    b : float
        The bias.
    X : array_like, shape (n,) or (n, m)
        One example, or ``m`` examples as columns.

    Returns
    -------
    float or numpy.ndarray
        0.0 or 1.0: a float for one example, an array of shape ``(m,)`` for a batch.

    Examples
    --------
    >>> predict([1.0, -1.0], 0.5, [2.0, 1.0])
    1.0
    >>> predict([1.0, -1.0], 0.5, [[2.0, 0.0], [1.0, 3.0]]).tolist()
    [1.0, 0.0]
    """
    return linear_output(w, b, X)  # the threshold output of chapter 3


def update(w, b, x, y, eta=1.0):
    """One step of the perceptron rule on one example.

    .. math:: w \\leftarrow w + \\eta\\,(y - \\hat y)\\,x, \\qquad b \\leftarrow b + \\eta\\,(y - \\hat y)

    Parameters
    ----------
    w : array_like, shape (n,)
        The weights.
    b : float
        The bias.
    x : array_like, shape (n,)
        One example.
    y : {0, 1}
        Its target label.
    eta : float, default 1.0
        The learning rate, greater than 0.

    Returns
    -------
    w : numpy.ndarray, shape (n,)
        The new weights (a new array; the input is not modified).
    b : float
        The new bias.

    Examples
    --------
    >>> w, b = update([0.0, 0.0], 0.0, [2.0, 1.0], 1, eta=0.5)
    >>> w.tolist(), b
    ([1.0, 0.5], 0.5)
    """
    return linear_update(w, b, x, y, eta)  # the rule of chapter 3


@dataclass
class Training:
    """The record of a perceptron training run.

    Attributes
    ----------
    w : list of numpy.ndarray
        The weights at the start and after every update (``len(w) == updates + 1``).
    b : list of float
        The bias at the start and after every update.
    example : list of int
        For every update, the column of ``X`` that caused it.
    epoch : list of int
        For every update, the pass through the data (from 0) in which it happened.
    mistakes : list of int
        The number of updates in each pass through the data.
    converged : bool
        Whether the last pass made no mistake (every example is classified correctly).
    """

    w: list
    b: list
    example: list
    epoch: list
    mistakes: list
    converged: bool

    def __post_init__(self):
        for name in ("w", "b", "example", "epoch", "mistakes"):
            if not isinstance(getattr(self, name), list):
                raise TypeError(f"{name} must be a list, got {type(getattr(self, name)).__name__}")
        _validate.flag(self.converged, "converged")
        if not len(self.w) == len(self.b) == len(self.example) + 1 == len(self.epoch) + 1:
            raise ValueError("w and b must have one entry more than example and epoch (the start)")

    @property
    def updates(self) -> int:
        """How many updates were made."""
        return len(self.example)


def train(w, b, X, t, eta=1.0, max_epochs=100):
    """Train a perceptron with the perceptron rule, recording every update.

    The examples are visited in column order, pass after pass, until a whole pass makes no
    mistake (the data are separated) or ``max_epochs`` passes are done. Only examples that are
    misclassified change the weights, and each such update is recorded.

    Parameters
    ----------
    w : array_like, shape (n,)
        The starting weights.
    b : float
        The starting bias.
    X : array_like, shape (n, m)
        The training inputs, one example per column.
    t : array_like, shape (m,)
        The target labels, each 0 or 1.
    eta : float, default 1.0
        The learning rate, greater than 0.
    max_epochs : int, default 100
        The most passes through the data, at least 1.

    Returns
    -------
    Training
        The weights and bias after every update, and whether training converged.

    Examples
    --------
    Learn the AND function (chapter 3):

    >>> X = [[0, 1, 0, 1], [0, 0, 1, 1]]
    >>> run = train([0.0, 0.0], 0.0, X, [0, 0, 0, 1])
    >>> run.converged, run.updates
    (True, 10)
    >>> predict(run.w[-1], run.b[-1], X).tolist()
    [0.0, 0.0, 0.0, 1.0]
    """
    w, b, X, t, eta, max_epochs = _check_train(w, b, X, t, eta, max_epochs)
    run = Training(w=[w.copy()], b=[b], example=[], epoch=[], mistakes=[], converged=False)
    for epoch in range(max_epochs):
        w, b, updates = linear_epoch(w, b, X, t, eta)  # chapter 3's epoch of the rule
        for j, w_j, b_j in updates:
            run.w.append(w_j.copy())
            run.b.append(float(b_j))
            run.example.append(j)
            run.epoch.append(epoch)
        run.mistakes.append(len(updates))
        if not updates:
            run.converged = True
            break
    return run


def _check_train(w, b, X, t, eta, max_epochs):
    w, b = _weights(w, b)
    X, _ = _inputs(w, X, single=False)
    t = _validate.binary_labels(t, "t")
    if t.shape != (X.shape[1],):
        raise ValueError(f"t must have one label per column of X, shape ({X.shape[1]},), got {t.shape}")
    return w, b, X, t, _validate.positive(eta, "eta"), _validate.count(max_epochs, "max_epochs", minimum=1)
