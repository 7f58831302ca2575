"""Tests of nblib.softmax: hand values, finite differences, stability and errors."""

import math
import warnings

import numpy as np
import pytest

from nblib import softmax as sm
from nblib.gradcheck import numerical_gradient, relative_error


# --- hand-worked values ----------------------------------------------------------------------

def test_softmax_hand_values():
    # e^1, e^2, e^3 over their sum
    e = [math.exp(1), math.exp(2), math.exp(3)]
    expected = [v / sum(e) for v in e]
    assert np.allclose(sm.softmax([1.0, 2.0, 3.0]), expected, rtol=0, atol=1e-12)
    assert sm.softmax([0.0, 0.0, 0.0, 0.0]).tolist() == [0.25] * 4


def test_softmax_is_shift_invariant_and_sums_to_one():
    z = np.array([[1.0, -3.0], [2.0, 0.5], [3.0, 7.0]])
    s = sm.softmax(z)
    assert s.shape == (3, 2)
    assert np.allclose(s.sum(axis=0), 1.0)
    assert np.allclose(sm.softmax(z + 100.0), s, atol=1e-15)
    # column j is the softmax of column j
    for j in range(2):
        col = np.exp(z[:, j]) / np.exp(z[:, j]).sum()
        assert np.allclose(s[:, j], col, atol=1e-15)


def test_softmax_axis_one_matches_transpose():
    z = np.random.default_rng(1).normal(size=(4, 3))
    assert np.allclose(sm.softmax(z, axis=1), sm.softmax(z.T, axis=0).T, atol=1e-15)
    assert np.allclose(sm.softmax(z, axis=-1), sm.softmax(z, axis=1))


def test_logsumexp_and_log_softmax_hand_values():
    assert sm.logsumexp([0.0, 0.0]) == pytest.approx(math.log(2), abs=1e-12)
    assert sm.logsumexp([1.0, 2.0, 3.0]) == pytest.approx(math.log(math.e + math.e ** 2 + math.e ** 3), abs=1e-12)
    assert np.allclose(sm.logsumexp(np.zeros((3, 2))), [math.log(3)] * 2, atol=1e-12)
    z = [1.0, 2.0, 3.0]
    assert np.allclose(sm.log_softmax(z), np.log(sm.softmax(z)), atol=1e-12)


def test_one_hot():
    assert sm.one_hot([2, 0, 1], 3).tolist() == [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    assert sm.one_hot(np.array([0], dtype=np.uint8), 1).tolist() == [[1.0]]


# --- derivatives against finite differences ---------------------------------------------------

@pytest.mark.parametrize("k", [2, 3, 5])
def test_softmax_jacobian_matches_finite_differences(k):
    z = np.random.default_rng(k).normal(scale=2.0, size=k)
    J = sm.softmax_jacobian(z)
    numeric = np.array([numerical_gradient(lambda t, i=i: float(sm.softmax(t)[i]), z) for i in range(k)])
    assert relative_error(J, numeric) < 1e-7
    assert np.allclose(J, J.T)
    assert np.allclose(J.sum(axis=0), 0.0, atol=1e-15)


def test_softmax_jacobian_hand_value():
    s = 1 / (1 + math.exp(-1))  # softmax([1, 0])[0] is the sigmoid of 1
    J = sm.softmax_jacobian([1.0, 0.0])
    assert np.allclose(J, [[s * (1 - s), -s * (1 - s)], [-s * (1 - s), s * (1 - s)]], atol=1e-15)


# --- stability ---------------------------------------------------------------------------------

def test_no_warnings_for_huge_logits():
    z = np.array([[1e4, -1e4], [-1e4, 1e4], [0.0, 0.0]])
    y = sm.one_hot([1, 1], 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sm.softmax(z)
        lse = sm.logsumexp(z)
        ls = sm.log_softmax(z)
        J = sm.softmax_jacobian(z[:, 0])
    assert np.allclose(s, [[1, 0], [0, 1], [0, 0]])
    assert np.allclose(lse, [1e4, 1e4])
    assert ls[0, 1] == -2e4
    assert np.all(np.isfinite(J))


# --- errors --------------------------------------------------------------------------------------

def test_one_hot_errors():
    with pytest.raises(ValueError, match="labels must be between 0 and 2"):
        sm.one_hot([0, 3], 3)
    with pytest.raises(ValueError, match="labels must be between"):
        sm.one_hot([-1], 3)
    with pytest.raises(TypeError, match="labels must be whole numbers"):
        sm.one_hot([0.0, 1.0], 3)
    with pytest.raises(TypeError, match="labels must be whole numbers"):
        sm.one_hot("01", 3)
    with pytest.raises(ValueError, match="labels must be a 1-D"):
        sm.one_hot([[0, 1]], 3)
    with pytest.raises(ValueError, match="labels must not be empty"):
        sm.one_hot([], 3)
    with pytest.raises(TypeError, match="n_classes must be a whole number"):
        sm.one_hot([0], 2.0)
    with pytest.raises(ValueError, match="n_classes must be at least 1"):
        sm.one_hot([0], 0)


def test_shape_and_value_errors():
    with pytest.raises(ValueError, match="z must be a vector"):
        sm.softmax(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="z must not be empty"):
        sm.softmax([])
    with pytest.raises(ValueError, match="z must not be empty"):
        sm.softmax(np.zeros((3, 0)))
    with pytest.raises(ValueError, match="z must be finite"):
        sm.softmax([0.0, np.inf])
    with pytest.raises(TypeError, match="z must"):
        sm.softmax(["a", "b"])
    with pytest.raises(ValueError, match="axis must be between"):
        sm.softmax([1.0, 2.0], axis=1)
    with pytest.raises(TypeError, match="axis must be a whole number"):
        sm.softmax([1.0, 2.0], axis=0.0)
    with pytest.raises(ValueError, match=r"z must have 1 dimension"):
        sm.softmax_jacobian(np.zeros((2, 2)))




# --- exact at the extremes: logits of opposite sign near the float maximum ----------------------

@pytest.mark.parametrize("z, expected", [
    ([1e308, -1e308], [1.0, 0.0]),
    ([-1e308, 1e308, 0.0], [0.0, 1.0, 0.0]),
    ([[1e308, -1e308], [-1e308, 1e308]], [[1.0, 0.0], [0.0, 1.0]]),
    ([-1.7e308, -1.7e308], [0.5, 0.5]),
])
def test_softmax_is_exact_without_warnings_near_the_float_maximum(z, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sm.softmax(z).tolist() == expected
        J = sm.softmax_jacobian(np.asarray(z, dtype=float).reshape(-1)) if np.ndim(z) == 1 else None
    if J is not None:
        p = np.array(expected)
        assert np.array_equal(J, np.diag(p) - np.outer(p, p))


def test_logsumexp_and_log_softmax_near_the_float_maximum():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sm.logsumexp([1e308, -1e308]) == 1e308
        assert sm.log_softmax([1e308, 1e307]).tolist() == [0.0, -9e307]
        # the true value -2e308 is not a float: -inf, without a warning
        assert sm.log_softmax([1e308, -1e308]).tolist() == [0.0, -math.inf]
