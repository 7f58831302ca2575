"""Tests of nblib.losses (chapters 6 and 8): hand values, finite differences, validation."""

import numpy as np
import pytest

from nblib import losses
from nblib.gradcheck import numerical_gradient, relative_error


def test_mse_hand_values():
    assert losses.mse([1.0, 0.0], [0.5, 0.5]) == 0.25
    assert losses.mse([3.0], [1.0]) == 4.0
    # (1 + 4 + 0 + 9) / 4
    assert losses.mse([0.0, 0.0, 1.0, 2.0], [1.0, -2.0, 1.0, -1.0]) == 3.5
    assert losses.mse(np.ones((2, 3)), np.ones((2, 3))) == 0.0
    assert isinstance(losses.mse(1.0, 0.0), float)


def test_half_sse_hand_values():
    # Chapter 8's total error of the 2-2-2 network's first forward pass.
    assert losses.half_sse([0.01, 0.99], [0.75136507, 0.772928465]) == pytest.approx(0.298371109, abs=1e-9)
    assert losses.half_sse([1.0, 0.0], [0.0, 0.0]) == 0.5


def test_grad_hand_values():
    assert losses.mse_grad([1.0, 0.0], [0.5, 0.5]).tolist() == [-0.5, 0.5]
    assert losses.mse_grad(2.0, 5.0) == 6.0
    assert losses.half_sse_grad([0.0, 1.0], [0.25, 0.5]).tolist() == [0.25, -0.5]
    assert losses.half_sse_grad(1.0, 4.0) == 3.0


@pytest.mark.parametrize("loss, grad", [(losses.mse, losses.mse_grad), (losses.half_sse, losses.half_sse_grad)])
@pytest.mark.parametrize("shape", [(1,), (5,), (3, 4)])
def test_gradients_match_finite_differences(loss, grad, shape):
    rng = np.random.default_rng(7)
    y = rng.normal(size=shape)
    y_hat = rng.normal(size=shape)
    numeric = numerical_gradient(lambda o: loss(y, o), y_hat)
    assert relative_error(grad(y, y_hat), numeric) < 1e-7


def test_mse_is_mean_not_sum():
    y = np.zeros(10)
    assert losses.mse(y, np.ones(10)) == 1.0
    assert losses.half_sse(y, np.ones(10)) == 5.0


@pytest.mark.parametrize("f", [losses.mse, losses.mse_grad, losses.half_sse, losses.half_sse_grad])
def test_validation(f):
    with pytest.raises(ValueError, match="y and y_hat must have the same shape"):
        f([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="y_hat must be finite"):
        f([1.0], [np.nan])
    with pytest.raises(TypeError, match="y must"):
        f("abc", [1.0])
    with pytest.raises(ValueError, match="y must not be empty"):
        f([], [])
