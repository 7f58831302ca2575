"""Tests of nblib.losses (chapters 6 and 8): hand values, finite differences, validation."""

import math

import numpy as np
import pytest

from nblib import softmax as sm

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


# --- cross-entropies (chapter 10) ---------------------------------------------------------------

def test_cross_entropy_hand_values():
    # one example: -log 0.7
    assert losses.cross_entropy([0.0, 1.0, 0.0], [0.2, 0.7, 0.1]) == pytest.approx(-math.log(0.7), abs=1e-12)
    # batch of two: mean of -log 0.7 and -log 0.5
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    p = np.array([[0.3, 0.5], [0.7, 0.5]])
    assert losses.cross_entropy(y, p) == pytest.approx((-math.log(0.7) - math.log(0.5)) / 2, abs=1e-12)

def test_cross_entropy_uses_tiny_probabilities_as_they_are():
    # a subnormal probability is not clipped: -log(1e-310) = 310 log 10
    assert losses.cross_entropy([1.0, 0.0], [1e-310, 1.0]) == pytest.approx(310 * math.log(10), rel=1e-12)
    # a zero probability where the target is 0 costs nothing; where the target is 1 the loss is +inf
    assert losses.cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0
    assert losses.cross_entropy([1.0, 0.0], [0.0, 1.0]) == math.inf

def test_softmax_cross_entropy_hand_values_and_agreement():
    assert losses.softmax_cross_entropy([0.0, 1.0], [0.0, 0.0]) == pytest.approx(math.log(2), abs=1e-12)
    rng = np.random.default_rng(3)
    z = rng.normal(size=(4, 5))
    y = sm.one_hot(rng.integers(0, 4, size=5), 4)
    assert losses.softmax_cross_entropy(y, z) == pytest.approx(losses.cross_entropy(y, sm.softmax(z)), abs=1e-12)

@pytest.mark.parametrize("shape", [(3,), (4, 1), (3, 6)])
def test_gradient_y_hat_minus_y_matches_finite_differences(shape):
    rng = np.random.default_rng(sum(shape))
    z = rng.normal(scale=3.0, size=shape)
    labels = rng.integers(0, shape[0], size=1 if len(shape) == 1 else shape[1])
    y = sm.one_hot(labels, shape[0])
    y = y[:, 0] if len(shape) == 1 else y
    grad = losses.softmax_cross_entropy_grad(y, z)
    numeric = numerical_gradient(lambda t: losses.softmax_cross_entropy(y, t), z)
    # entries near 1e-6 make a pure relative error noisy, so compare with a small absolute floor
    assert np.allclose(grad, numeric, rtol=1e-6, atol=1e-10)
    assert relative_error(grad, numeric) < 1e-4
    m = 1 if len(shape) == 1 else shape[1]
    assert np.allclose(grad, (np.exp(z) / np.exp(z).sum(axis=0) - y) / m, atol=1e-15)

def test_gradient_with_soft_targets():
    z = np.array([0.3, -1.2, 2.0])
    y = np.array([0.2, 0.3, 0.5])
    numeric = numerical_gradient(lambda t: losses.softmax_cross_entropy(y, t), z)
    assert relative_error(losses.softmax_cross_entropy_grad(y, z), numeric) < 1e-7

def test_targets_and_probabilities_must_be_distributions():
    with pytest.raises(ValueError, match="y must be a probability distribution"):
        losses.softmax_cross_entropy([1.0, 1.0], [0.0, 0.0])
    with pytest.raises(ValueError, match="y must be targets between 0 and 1"):
        losses.softmax_cross_entropy_grad([1.5, -0.5], [0.0, 0.0])
    with pytest.raises(ValueError, match="p must be a probability distribution"):
        losses.cross_entropy([1.0, 0.0], [0.5, 0.6])
    with pytest.raises(ValueError, match="p must be probabilities between 0 and 1"):
        losses.cross_entropy([1.0, 0.0], [1.5, -0.5])


# --- exact at the extremes -----------------------------------------------------------------------

@pytest.mark.parametrize("call, expected", [
    (lambda: losses.softmax_cross_entropy([1.0, 0.0], [1e308, -1e308]), 0.0),  # was nan: 0 * -inf
    (lambda: losses.softmax_cross_entropy([[1.0, 0.0], [0.0, 1.0]], [[1e308, -1e308], [-1e308, 1e308]]), 0.0),
    (lambda: losses.softmax_cross_entropy_grad([1.0, 0.0], [1e308, -1e308]).tolist(), [0.0, 0.0]),
    (lambda: losses.mse([2e154, 0.0, 0.0, 0.0], [0.0] * 4), 1e308),  # the square overflows, the mean does not
    (lambda: losses.half_sse([1.5e154], [0.0]), 1.125e308),
    (lambda: losses.mse_grad([-1e308, 0.0, 0.0, 0.0], [1e308, 0.0, 0.0, 0.0]).tolist(), [1e308, 0.0, 0.0, 0.0]),
    (lambda: losses.mse([3e200], [0.0]), math.inf),  # the true value is not a float: inf, quietly
])
def test_finite_wherever_the_true_value_is_and_no_warning(call, expected):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = call()
    assert got == pytest.approx(expected, rel=4 * 2.0 ** -52)


def test_squared_errors_bit_for_bit_in_ordinary_ranges():
    """The rescaled path is taken only after an overflow: ordinary numbers are computed as before."""
    rng = np.random.default_rng(0)
    y, y_hat = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    assert losses.mse(y, y_hat) == float(np.mean((y - y_hat) ** 2))
    assert losses.half_sse(y, y_hat) == float(0.5 * np.sum((y - y_hat) ** 2))
    assert np.array_equal(losses.mse_grad(y, y_hat), 2.0 * (y_hat - y) / y.size)
