"""Tests of nblib.gradcheck: the finite-difference checker must itself be right."""

import numpy as np
import pytest

from nblib.gradcheck import numerical_gradient, relative_error


def test_quadratic_exact():
    # For a quadratic the centred difference is exact up to rounding.
    g = numerical_gradient(lambda t: float(3 * t[0] ** 2 - 2 * t[0] * t[1] + t[1]), [1.0, 2.0])
    np.testing.assert_allclose(g, [6 - 4, -2 + 1], atol=1e-9)


def test_matrix_shape_and_values():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 2))
    g = numerical_gradient(lambda W: float(np.sum(np.sin(W))), A)
    assert g.shape == (3, 2)
    np.testing.assert_allclose(g, np.cos(A), rtol=1e-8)


def test_error_order_h_squared():
    # f = exp: the centred difference error is about h^2/6 * exp(x).
    e1 = abs(numerical_gradient(lambda t: float(np.exp(t[0])), [0.0], h=1e-2)[0] - 1.0)
    e2 = abs(numerical_gradient(lambda t: float(np.exp(t[0])), [0.0], h=1e-3)[0] - 1.0)
    assert e1 == pytest.approx(1e-4 / 6, rel=1e-3)
    assert e2 < e1 / 50


def test_does_not_modify_theta():
    theta = np.array([1.0, 2.0])
    numerical_gradient(lambda t: float(t @ t), theta)
    assert theta.tolist() == [1.0, 2.0]


def test_relative_error_values():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0], [3.0]) == 0.5
    assert relative_error([0.0, 1.0], [0.0, 1.0]) == 0.0  # 0/floor, not 0/0
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1e-20], [0.0]) == 1.0  # the floor is relative to the gradients' size
    # a noise-sized entry next to large ones counts as agreeing (its floor is eps times the largest)
    assert relative_error([1.0, 0.0], [1.0, 1e-14]) == pytest.approx(5e-3)
    assert relative_error([2.0, 100.0], [2.0, 101.0]) == pytest.approx(1 / 201)


def test_validation():
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient(3.0, [1.0])
    with pytest.raises(ValueError, match="h must be greater than 0"):
        numerical_gradient(lambda t: 0.0, [1.0], h=0.0)
    with pytest.raises(TypeError, match="f must return a single real number"):
        numerical_gradient(lambda t: t * 2, [1.0, 2.0])
    with pytest.raises(ValueError, match="theta must be finite"):
        numerical_gradient(lambda t: 0.0, [np.nan])
    with pytest.raises(ValueError, match="a and b must have the same shape"):
        relative_error([1.0, 2.0], [1.0])
    with pytest.raises(TypeError, match="eps must be a real number"):
        relative_error([1.0], [1.0], eps=None)
    with pytest.raises(ValueError, match="eps must be less than 1"):
        relative_error([1.0], [1.0], eps=2.0)
    with pytest.raises(TypeError, match="f must return a single real number"):
        numerical_gradient(lambda t: None, [1.0])
    with pytest.raises(TypeError, match="f must return a single real number"):
        numerical_gradient(lambda t: "0", [1.0])


@pytest.mark.parametrize("a, b, expected", [
    ([1e308, -1e308], [1.7e308, 1e308], 1.0),  # no overflow, no nan: opposite signs
    ([1.7e308], [1.7e308], 0.0),
    ([1e308], [5e307], 1 / 3),
    ([1e-20], [-1e-20], 1.0),  # tiny values of opposite sign never agree
    ([3e-20], [1e-20], 0.5),  # the relative error does not depend on the size
    ([5e-324], [5e-324], 0.0),
])
def test_relative_error_at_the_extremes(a, b, expected):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert relative_error(a, b) == pytest.approx(expected, rel=1e-15)
