"""Benchmark: nblib's mini-batch SGD against scikit-learn's MLPClassifier on the 8x8 digits.

Both train the network of chapter 11 (64 inputs, 32 sigmoid hidden units, 10 softmax outputs)
on the same stratified split, with plain SGD (no momentum, no L2 penalty), the same learning
rate, batch size and number of epochs, and shuffling every epoch. The script prints the best
wall time of a few repeats and the test accuracy of each.

Run from the repository root:  .venv/bin/python benchmarks/digits_vs_sklearn.py
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from nblib import training  # noqa: E402
from nblib.network import Network  # noqa: E402

HIDDEN = 32
EPOCHS = 30
BATCH_SIZE = 10
ETA = 1.0
SEED = 0
REPEATS = 5


def data():
    digits = load_digits()
    X = digits.data / 16.0
    return train_test_split(X, digits.target, test_size=0.2, random_state=SEED, stratify=digits.target)


def run_nblib(X_train, X_test, y_train, y_test):
    net = Network.random([64, HIDDEN, 10], ["sigmoid", "identity"], seed=SEED)
    start = time.perf_counter()
    trained, _ = training.train(net, X_train.T, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE, eta=ETA,
                                seed=SEED, progress=False)
    seconds = time.perf_counter() - start
    return seconds, training.accuracy(trained, X_test.T, y_test)


def run_sklearn(X_train, X_test, y_train, y_test):
    clf = MLPClassifier(
        hidden_layer_sizes=(HIDDEN,), activation="logistic", solver="sgd", learning_rate="constant",
        learning_rate_init=ETA, batch_size=BATCH_SIZE, max_iter=EPOCHS, momentum=0.0,
        nesterovs_momentum=False, alpha=0.0, shuffle=True, random_state=SEED,
        tol=0.0, n_iter_no_change=EPOCHS + 1,  # never stop early: run every epoch
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        # max_iter is reached on purpose (a fixed number of epochs), which sklearn reports as
        # "not converged"; that warning is expected here and only that one is silenced.
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    assert clf.n_iter_ == EPOCHS, clf.n_iter_
    return seconds, float(clf.score(X_test, y_test))


def main():
    X_train, X_test, y_train, y_test = data()
    results = {}
    for name, run in [("nblib", run_nblib), ("scikit-learn", run_sklearn)]:
        times, acc = [], None
        for _ in range(REPEATS):
            seconds, acc = run(X_train, X_test, y_train, y_test)
            times.append(seconds)
        results[name] = (min(times), acc)
    print(f"digits: {X_train.shape[0]} training and {X_test.shape[0]} test images; network 64-{HIDDEN}-10 "
          f"(sigmoid, softmax); {EPOCHS} epochs, batch size {BATCH_SIZE}, eta {ETA}; best of {REPEATS}")
    print(f"{'library':<14}{'wall time (s)':>15}{'test accuracy':>15}")
    for name, (seconds, acc) in results.items():
        print(f"{name:<14}{seconds:>15.3f}{acc:>15.4f}")
    ratio = results["scikit-learn"][0] / results["nblib"][0]
    print(f"nblib is {ratio:.2f}x the speed of scikit-learn")


if __name__ == "__main__":
    main()
