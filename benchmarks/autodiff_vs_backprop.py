"""One gradient of the digits network (64-32-10, chapter 11) three ways, timed (chapter 16).

* **finite differences**: ``nblib.gradcheck.numerical_gradient``, two forward passes of the batch
  per parameter (``Network.with_params(theta).forward``);
* **autodiff**: ``nblib.autodiff.Tensor``, one forward pass that records the graph and one
  reverse sweep;
* **Network.backward**: chapter 9's hand-written backpropagation, seeded with ``(y_hat - y)/m``.

All three compute the gradient of the mean softmax cross-entropy over a batch of 100 digit
images. Prints the median time of each (finite differences: the median of fewer runs) and the
ratios; the chapter itself asserts only that finite differences take more than 1,000 times as
long as autodiff, never printing a time.
Usage: ``python benchmarks/autodiff_vs_backprop.py [repeats]``.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
from sklearn.datasets import load_digits

from nblib import autodiff, gradcheck, losses, softmax
from nblib.autodiff import Tensor
from nblib.network import Network


def main(repeats: int = 50) -> None:
    digits = load_digits()
    X = digits.data[:100].T / 16.0
    Y = softmax.one_hot(digits.target[:100], 10)
    m = X.shape[1]
    net = Network.random([64, 32, 10], ["sigmoid", "identity"], seed=0)

    def finite_differences():
        def C(theta):
            return losses.softmax_cross_entropy(Y, net.with_params(theta).forward(X).output)
        return gradcheck.numerical_gradient(C, net.get_params())

    def engine():
        Ws = [Tensor(W) for W in net.weights]
        bs = [Tensor(b) for b in net.biases]
        Z = Ws[1] @ (Ws[0] @ Tensor(X) + bs[0].reshape(-1, 1)).sigmoid() + bs[1].reshape(-1, 1)
        autodiff.softmax_cross_entropy(Z, Y).backward()
        return np.concatenate([W.grad.ravel() for W in Ws] + [b.grad.ravel() for b in bs])

    def network_backward():
        fwd = net.forward(X)
        # identity output layer: dC/da_L = dC/dz_L = (y_hat - y) / m
        return net.backward(fwd, (softmax.softmax(fwd.output) - Y) / m).as_vector()

    g_fd, g_ad, g_nb = finite_differences(), engine(), network_backward()
    print(f"agreement: autodiff vs Network.backward {gradcheck.relative_error(g_ad, g_nb):.1e} (max relative), "
          f"vs finite differences {np.linalg.norm(g_ad - g_fd) / np.linalg.norm(g_ad):.1e} (relative norm)")

    def times(f, n):
        out = []
        for _ in range(n):
            start = time.perf_counter()
            f()
            out.append(time.perf_counter() - start)
        return out

    t_fd = statistics.median(times(finite_differences, max(3, repeats // 10)))
    t_ad = statistics.median(times(engine, repeats))
    t_nb = statistics.median(times(network_backward, repeats))
    print(f"{net.n_params} parameters, batch of {m} images, median of repeated runs")
    print(f"finite differences ({2 * net.n_params} forward passes): {t_fd * 1e3:10.1f} ms")
    print(f"autodiff (nblib.autodiff.Tensor):            {t_ad * 1e3:10.3f} ms")
    print(f"Network.backward (chapter 9):                {t_nb * 1e3:10.3f} ms")
    print(f"finite differences / autodiff: {t_fd / t_ad:8.0f}    autodiff / Network.backward: {t_ad / t_nb:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
