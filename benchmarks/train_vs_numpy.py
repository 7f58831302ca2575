"""Benchmark: ``nblib.training.train`` against a plain NumPy loop and scikit-learn, side by side.

All three train chapter 11's network (64 inputs, 32 sigmoid hidden units, 10 softmax outputs)
on the digits split of ``digits_vs_sklearn.py`` with plain mini-batch SGD. The plain loop does
the same arithmetic as ``train`` (the same shuffles, formulas and order of operations) and
records the same per-epoch history (loss and accuracy on the training set before the first
epoch and after each); the script checks that the two histories agree. scikit-learn's
``MLPClassifier`` runs as in ``digits_vs_sklearn.py``.

The machine may be shared, so each side runs ``REPEATS`` times, the three interleaved, and the
script prints the median wall times and their ratios (goal: ``train`` within 1.3x of the plain
loop, and at least 2x the speed of scikit-learn).

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


def run_numpy(X_train, y_train):
    """The same training as ``train`` written as one plain NumPy loop."""
    net = Network.random([64, HIDDEN, 10], ["sigmoid", "identity"], seed=SEED)
    start = time.perf_counter()
    (W1, W2), (b1, b2) = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
    X, m = X_train.T, y_train.size
    Y = np.eye(10)[:, y_train]
    orders = np.argsort(np.random.default_rng(SEED).random((EPOCHS, m)), axis=1)
    losses, accs = [], []
    for epoch in range(EPOCHS + 1):
        if epoch > 0:
            order = orders[epoch - 1]
            for s in range(0, m, BATCH_SIZE):
                batch = order[s:s + BATCH_SIZE]
                x = X[:, batch]
                z1 = W1 @ x + b1[:, None]
                a1 = _sigmoid(z1)
                z2 = W2 @ a1 + b2[:, None]
                d2 = (_softmax(z2) - Y[:, batch]) / batch.size
                dW2, db2 = d2 @ a1.T, d2.sum(axis=1)
                d1 = (W2.T @ d2) * _sigmoid_prime(z1)
                dW1, db1 = d1 @ x.T, d1.sum(axis=1)
                W1 -= ETA * dW1
                W2 -= ETA * dW2
                b1 -= ETA * db1
                b2 -= ETA * db2
        loss, acc = _measure(W1, b1, W2, b2, X, y_train)
        losses.append(loss)
        accs.append(acc)
    return time.perf_counter() - start, (losses, accs)


def main():
    X_train, X_test, y_train, y_test = data()
    times = {"nblib train": [], "plain NumPy": [], "scikit-learn": []}
    histories = {}
    for _ in range(REPEATS):  # interleaved, so that a busy moment of the machine hits all three
        times["nblib train"].append((t := run_nblib(X_train, y_train))[0])
        histories["nblib"] = t[1]
        times["plain NumPy"].append((t := run_numpy(X_train, y_train))[0])
        histories["numpy"] = t[1]
        times["scikit-learn"].append(run_sklearn(X_train, X_test, y_train, y_test)[0])
    (l1, a1), (l2, a2) = histories["nblib"], histories["numpy"]
    assert np.allclose(l1, l2, rtol=1e-9, atol=0) and a1 == a2, "the two histories differ"
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"digits: {y_train.size} training images; network 64-{HIDDEN}-10 (sigmoid, softmax); {EPOCHS} epochs, "
          f"batch size {BATCH_SIZE}, eta {ETA}; median of {REPEATS} interleaved runs")
    print(f"{'':<14}{'median (s)':>12}{'min (s)':>10}{'max (s)':>10}")
    for name, ts in times.items():
        print(f"{name:<14}{med[name]:>12.3f}{min(ts):>10.3f}{max(ts):>10.3f}")
    print(f"train / plain NumPy: {med['nblib train'] / med['plain NumPy']:.2f}x the time (goal: at most 1.3x)")
    print(f"scikit-learn / train: {med['scikit-learn'] / med['nblib train']:.2f}x (goal: at least 2x)")
    print("histories agree (loss to 1e-9, accuracy exactly)")


if __name__ == "__main__":
    main()
