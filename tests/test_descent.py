"""Tests of nblib.descent (chapter 6): hand values, finite differences, divergence, validation."""

import warnings

import numpy as np
import pytest

from nblib import descent
from nblib._validate import DivergedError
from nblib.gradcheck import numerical_gradient, relative_error


def quad(w):
    return float((w[0] - 3.0) ** 2)


def quad_grad(w):
    return 2.0 * (w - 3.0)


def test_descent_hand_values():
    run = descent.gradient_descent(quad, quad_grad, [1.0], 0.25, 3)
    assert run.path[:, 0].tolist() == [1.0, 2.0, 2.5, 2.75]
    assert run.values.tolist() == [4.0, 1.0, 0.25, 0.0625]
    assert run.steps == 3
    # eta = 0.5 lands exactly on the minimum in one step (factor 1 - 2 eta = 0)
    run = descent.gradient_descent(quad, quad_grad, [1.0], 0.5, 2)
    assert run.path[:, 0].tolist() == [1.0, 3.0, 3.0]


def test_descent_oscillates_between_one_and_two_over_eta():
    # factor 1 - 2 eta = -0.6: the sign of w - 3 flips every step, the size shrinks
    run = descent.gradient_descent(quad, quad_grad, [1.0], 0.8, 4)
    np.testing.assert_allclose(run.path[:, 0] - 3.0, [-2.0, 1.2, -0.72, 0.432, -0.2592], atol=1e-12)


def test_descent_2d_shape_and_path():
    A = np.diag([1.0, 10.0])
    run = descent.gradient_descent(lambda t: float(t @ A @ t), lambda t: 2 * A @ t, [1.0, 1.0], 0.05, 5)
    assert run.path.shape == (6, 2)
    np.testing.assert_allclose(run.path[-1], [0.9 ** 5, 0.0], atol=1e-12)


def _diverged(*args, **kwargs):
    """The run so far that gradient_descent's DivergedError carries."""
    with pytest.raises(DivergedError, match="gradient descent diverged at step") as info:
        descent.gradient_descent(*args, **kwargs)
    assert isinstance(info.value.path, descent.Descent)
    return info.value.path


def test_divergence_raises_with_the_path_so_far_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = _diverged(quad, quad_grad, [1.0], 1.5, 100)
        assert run.steps == 8  # loss 4^(k+1) passes 1e6 at k = 9
        assert np.all(np.isfinite(run.path)) and np.all(run.values <= 1e6)
        np.testing.assert_array_equal(run.path[:, 0] - 3.0, -2.0 * (-2.0) ** np.arange(9))
        # a loss that overflows to inf (exp(2719)) is caught quietly: no RuntimeWarning
        run = _diverged(lambda t: float(np.exp(t[0])), lambda t: -np.exp(t), [1.0], 1000.0, 10, bound=1e300)
        assert run.steps == 0
        # a huge eta: the step overflows to inf; caught, not warned
        run = _diverged(quad, quad_grad, [1.0], 1e308, 5, bound=1e308)
        assert run.steps == 0
        # Python float overflow inside f (OverflowError) is treated as divergence
        _diverged(lambda t: float(t[0]) ** 2.0 if abs(t[0]) < 1e200 else 10.0 ** 400,
                  lambda t: 2 * t, [1.0], 1e150, 3, bound=1e308)


def test_bound_is_respected():
    run = _diverged(quad, quad_grad, [1.0], 1.5, 100, bound=100.0)
    assert np.all(run.values <= 100.0) and run.steps == 2


def test_neuron_hand_values():
    # w = 0, b = 0: outputs 0.5, sigma' = 0.25
    assert descent.neuron_output([0.0, 0.0], 0.0, [[1.0, 2.0], [3.0, 4.0]]).tolist() == [0.5, 0.5]
    assert descent.neuron_loss([0.0], 0.0, [[1.0, 2.0]], [1.0, 0.0]) == 0.25
    dw, db = descent.neuron_grad([0.0], 0.0, [[1.0, 2.0]], [1.0, 0.0])
    assert dw.tolist() == [0.125] and db == 0.0
    # one example, target 1: dC/db = 2 (y_hat - 1) y_hat (1 - y_hat) with y_hat = sigma(0.5)
    s = 1 / (1 + np.exp(-0.5))
    dw, db = descent.neuron_grad([1.0], 0.0, [[0.5]], [1.0])
    assert db == pytest.approx(2 * (s - 1) * s * (1 - s), abs=1e-15)
    assert dw[0] == pytest.approx(0.5 * db, abs=1e-15)


@pytest.mark.parametrize("n_inputs, m", [(1, 1), (2, 5), (4, 7)])
def test_neuron_grad_matches_finite_differences(n_inputs, m):
    rng = np.random.default_rng(100 + 10 * n_inputs + m)
    w, b = rng.normal(size=n_inputs), float(rng.normal())
    X, y = rng.normal(size=(n_inputs, m)), rng.uniform(size=m)
    dw, db = descent.neuron_grad(w, b, X, y)
    num_w = numerical_gradient(lambda v: descent.neuron_loss(v, b, X, y), w)
    num_b = numerical_gradient(lambda v: descent.neuron_loss(w, v[0], X, y), [b])
    assert relative_error(dw, num_w) < 1e-7
    assert relative_error([db], num_b) < 1e-7


def test_descent_trains_neuron():
    X = np.array([[-2.0, -1.0, 0.5, 1.0, 2.5]])
    y = 1 / (1 + np.exp(-(1.5 * X[0] + 0.5)))
    f = lambda t: descent.neuron_loss(t[:1], t[1], X, y)
    g = lambda t: np.concatenate(descent.neuron_grad(t[:1], t[1], X, y), axis=None)
    run = descent.gradient_descent(f, g, [0.0, 0.0], 5.0, 2000)
    assert run.values[-1] < 1e-4
    assert np.all(np.diff(run.values) <= 1e-15)


def test_validation():
    with pytest.raises(TypeError, match="f must be a function"):
        descent.gradient_descent(1.0, quad_grad, [1.0], 0.1, 3)
    with pytest.raises(TypeError, match="grad must be a function"):
        descent.gradient_descent(quad, None, [1.0], 0.1, 3)
    with pytest.raises(ValueError, match="eta must be greater than 0"):
        descent.gradient_descent(quad, quad_grad, [1.0], -0.1, 3)
    with pytest.raises(ValueError, match="steps must be at least 1"):
        descent.gradient_descent(quad, quad_grad, [1.0], 0.1, 0)
    with pytest.raises(TypeError, match="steps must be a whole number"):
        descent.gradient_descent(quad, quad_grad, [1.0], 0.1, 2.0)
    with pytest.raises(ValueError, match="theta0 must be finite"):
        descent.gradient_descent(quad, quad_grad, [np.nan], 0.1, 3)
    with pytest.raises(ValueError, match="grad must return an array of theta's shape"):
        descent.gradient_descent(quad, lambda t: np.zeros(3), [1.0], 0.1, 3)
    with pytest.raises(TypeError, match="f must return a single real number"):
        descent.gradient_descent(lambda t: t, quad_grad, [1.0, 2.0], 0.1, 3)
    with pytest.raises(ValueError, match="theta0 and the loss at theta0 must be finite"):
        descent.gradient_descent(quad, quad_grad, [1e4], 0.1, 3)
    with pytest.raises(ValueError, match=r"X must have shape \(2, m\)"):
        descent.neuron_output([1.0, 2.0], 0.0, [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match=r"X must have shape \(1, m\)"):
        descent.neuron_output([1.0], 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="y must be a real number"):
        descent.neuron_grad([1.0], 0.0, [[1.0]], None)
    with pytest.raises(ValueError, match=r"y must have one target per column of X, shape \(2,\)"):
        descent.neuron_loss([1.0], 0.0, [[1.0, 2.0]], [1.0])
    with pytest.raises(TypeError, match="b must be a real number"):
        descent.neuron_grad([1.0], "0", [[1.0]], [1.0])
    with pytest.raises(ValueError, match="y must be finite"):
        descent.neuron_grad([1.0], 0.0, [[1.0]], [np.inf])
