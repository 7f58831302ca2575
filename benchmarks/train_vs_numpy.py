"""Benchmark: ``nblib.training.train`` against a plain NumPy loop and scikit-learn, side by side.

All of them train chapter 11's network (64 inputs, 32 sigmoid hidden units, 10 softmax outputs)
on the digits split of ``digits_vs_sklearn.py`` with plain mini-batch SGD. The plain loop does
the same arithmetic as ``train`` (the same shuffles, formulas and order of operations) and
records the same per-epoch history (loss and accuracy on the training set before the first
epoch and after each); the script checks that the histories agree. scikit-learn's
``MLPClassifier`` runs as in ``digits_vs_sklearn.py``.

A fourth run is the plain loop again with the structure that ``train`` keeps by design, and no
check at all: the general loop over layers and its records, the dropout mask (the number 1.0 at
rate 0), chapter 14's decay line, softmax's exactness step, the optimiser's loop over the
parameters and the exact log-softmax of the evaluation, written inline. Its ratio to the plain
loop is what that structure costs; ``train``'s ratio to it is what the checks cost, with the calls
through the checked public functions (``mask``, ``Network.forward`` and ``backward``, ``softmax``,
the optimiser's ``update``) and the records that check what they hold.

The machine may be shared, so each side runs ``REPEATS`` times, interleaved, and the script
prints the median wall times and their ratios (goal: ``train`` within 1.3x of the plain loop,
and at least 2x the speed of scikit-learn).

Run from the repository root:  .venv/bin/python benchmarks/train_vs_numpy.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from digits_vs_sklearn import BATCH_SIZE, EPOCHS, ETA, HIDDEN, SEED, data, run_sklearn  # noqa: E402

from nblib import training  # noqa: E402
from nblib.network import Network  # noqa: E402

REPEATS = int(__import__("os").environ.get("REPEATS", 7))


def run_nblib(X_train, y_train):
    net = Network.random([64, HIDDEN, 10], ["sigmoid", "identity"], seed=SEED)
    start = time.perf_counter()
    trained, history = training.train(net, X_train.T, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE, eta=ETA,
                                      seed=SEED, progress=False)
    return time.perf_counter() - start, (history.loss, history.accuracy)


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    d = 1 + e
    return np.where(z >= 0, 1 / d, e / d)


def _sigmoid_prime(z):
    e = np.exp(-np.abs(z))
    return e / np.square(1 + e)


def _softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _measure(W1, b1, W2, b2, X, labels):
    z2 = W2 @ _sigmoid(W1 @ X + b1[:, None]) + b2[:, None]
    zmax = z2.max(axis=0, keepdims=True)
    log_p = z2 - (zmax + np.log(np.exp(z2 - zmax).sum(axis=0, keepdims=True)))
    cols = np.arange(labels.size)
    return -float(np.sum(log_p[labels, cols])) / labels.size, float(np.mean(np.argmax(z2, axis=0) == labels))


def _epochs(X_train, y_train, step, measure):
    """The epochs of a plain loop: ``train``'s shuffles, then ``step(x, y)`` for every mini-batch
    (inputs and one-hot targets, one example per column), and ``measure(X, labels)``, the loss and
    accuracy on the training set, before the first epoch and after each. Returns the history."""
    X, m = X_train.T, y_train.size
    Y = np.eye(10)[:, y_train]
    orders = np.argsort(np.random.default_rng(SEED).random((EPOCHS, m)), axis=1)
    losses, accs = [], []
    for epoch in range(EPOCHS + 1):
        if epoch > 0:
            for s in range(0, m, BATCH_SIZE):
                batch = orders[epoch - 1][s:s + BATCH_SIZE]
                step(X[:, batch], Y[:, batch])
        loss, acc = measure(X, y_train)
        losses.append(loss)
        accs.append(acc)
    return losses, accs


def run_numpy(X_train, y_train):
    """The same training as ``train`` written as one plain NumPy loop."""
    net = Network.random([64, HIDDEN, 10], ["sigmoid", "identity"], seed=SEED)
    start = time.perf_counter()
    (W1, W2), (b1, b2) = [W.copy() for W in net.weights], [b.copy() for b in net.biases]

    def step(x, y):
        nonlocal W1, W2, b1, b2  # updated in place
        z1 = W1 @ x + b1[:, None]
        a1 = _sigmoid(z1)
        z2 = W2 @ a1 + b2[:, None]
        d2 = (_softmax(z2) - y) / x.shape[1]
        dW2, db2 = d2 @ a1.T, d2.sum(axis=1)
        d1 = (W2.T @ d2) * _sigmoid_prime(z1)
        dW1, db1 = d1 @ x.T, d1.sum(axis=1)
        W1 -= ETA * dW1
        W2 -= ETA * dW2
        b1 -= ETA * db1
        b2 -= ETA * db2

    history = _epochs(X_train, y_train, step, lambda X, labels: _measure(W1, b1, W2, b2, X, labels))
    return time.perf_counter() - start, history


_MAX = np.finfo(float).max


def run_structured(X_train, y_train):
    """The plain loop with ``train``'s structure and no checks (see the module's docstring)."""
    net = Network.random([64, HIDDEN, 10], ["sigmoid", "identity"], seed=SEED)
    start = time.perf_counter()
    Ws, bs = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
    f, f_prime = [_sigmoid, np.copy], [_sigmoid_prime, np.ones_like]
    L, decay = len(Ws), 0.0

    def forward(x, masks):
        z, a = [], [x]
        for W, b, act, mask in zip(Ws, bs, f, masks):
            z.append(W @ a[-1] + b[:, None])
            a.append(act(z[-1]) * mask)
        return x, z, a[1:], masks  # the record

    def step(x, y):
        masks = [1.0 for _ in range(L - 1)] + [1.0]  # dropout at rate 0; the output is never masked
        x, z, a, masks = forward(x, masks)
        z_max = z[-1].max(axis=0, keepdims=True)
        e = np.exp(np.maximum(z[-1], z_max / 2 - _MAX / 2) - z_max)
        delta = (e / e.sum(axis=0, keepdims=True) - y) / x.shape[1]
        a = [x] + a
        dW, db = [None] * L, [None] * L
        for l in range(L, 0, -1):
            dW[l - 1] = delta @ a[l - 1].T
            db[l - 1] = delta.sum(axis=1)
            if l > 1:
                delta = (Ws[l - 1].T @ delta) * masks[l - 2] * f_prime[l - 2](z[l - 2])
        for W in Ws:
            W *= 1 - ETA * decay
        for p, g in zip(Ws + bs, dW + db):
            p -= ETA * g

    def measure(X, labels):
        z = forward(X, [1.0] * L)[1][-1]
        shifted = z - z.max(axis=0, keepdims=True)
        e = np.exp(shifted)
        rest = e.copy()
        np.put_along_axis(rest, np.argmax(e, axis=0, keepdims=True), 0.0, axis=0)
        log_p = shifted - np.log1p(rest.sum(axis=0, keepdims=True))
        m = labels.size
        return -float(np.sum(log_p[labels, np.arange(m)])) / m, int(np.sum(np.argmax(z, axis=0) == labels)) / m

    history = _epochs(X_train, y_train, step, measure)
    return time.perf_counter() - start, history


def main():
    X_train, X_test, y_train, y_test = data()
    runs = {"nblib train": run_nblib, "plain NumPy": run_numpy, "same structure": run_structured}
    times = {name: [] for name in [*runs, "scikit-learn"]}
    histories = {}
    for _ in range(REPEATS):  # interleaved, so that a busy moment of the machine hits all of them
        for name, run in runs.items():
            seconds, histories[name] = run(X_train, y_train)
            times[name].append(seconds)
        times["scikit-learn"].append(run_sklearn(X_train, X_test, y_train, y_test)[0])
    l0, a0 = histories["nblib train"]
    for name, (losses, accs) in histories.items():
        assert np.allclose(losses, l0, rtol=1e-9, atol=0) and accs == a0, f"{name}'s history differs from train's"
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"digits: {y_train.size} training images; network 64-{HIDDEN}-10 (sigmoid, softmax); {EPOCHS} epochs, "
          f"batch size {BATCH_SIZE}, eta {ETA}; median of {REPEATS} interleaved runs")
    print(f"{'':<16}{'median (s)':>12}{'min (s)':>10}{'max (s)':>10}")
    for name, ts in times.items():
        print(f"{name:<16}{med[name]:>12.3f}{min(ts):>10.3f}{max(ts):>10.3f}")
    print(f"train / plain NumPy: {med['nblib train'] / med['plain NumPy']:.2f}x the time (goal: at most 1.3x)")
    print(f"scikit-learn / train: {med['scikit-learn'] / med['nblib train']:.2f}x (goal: at least 2x)")
    print(f"same structure / plain NumPy: {med['same structure'] / med['plain NumPy']:.2f}x (the structure's cost)")
    print(f"train / same structure: {med['nblib train'] / med['same structure']:.2f}x (the checks and the checked calls)")
    print("histories agree (loss to 1e-9, accuracy exactly)")


if __name__ == "__main__":
    main()
