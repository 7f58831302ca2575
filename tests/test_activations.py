"""Tests of nblib.activations (chapter 4): hand values, finite differences, stability, validation."""

import math
import warnings

import numpy as np
import pytest

from nblib import activations as act
from nblib.gradcheck import numerical_gradient, relative_error

# Points away from the kinks of step and relu (at z = 0).
Z = np.array([-6.0, -2.5, -1.0, -0.3, 0.2, 0.7, 1.5, 4.0])


def test_sigmoid_hand_values():
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid(1.0) == pytest.approx(1.0 / (1.0 + math.exp(-1.0)), abs=1e-15)
    assert act.sigmoid(-2.0) == pytest.approx(0.11920292202211755, abs=1e-15)
    # sigma(z) + sigma(-z) = 1
    np.testing.assert_allclose(act.sigmoid(Z) + act.sigmoid(-Z), 1.0, atol=1e-15)


def test_sigmoid_prime_hand_values():
    assert act.sigmoid_prime(0.0) == 0.25
    s = 1.0 / (1.0 + math.exp(-2.0))
    assert act.sigmoid_prime(2.0) == pytest.approx(s * (1 - s), abs=1e-15)
    grid = np.linspace(-10, 10, 2001)
    assert np.max(act.sigmoid_prime(grid)) == pytest.approx(0.25, abs=1e-15)
    assert np.all(act.sigmoid_prime(grid) <= 0.25)


def test_tanh_identity_and_values():
    assert act.tanh(0.0) == 0.0
    assert act.tanh(1.0) == pytest.approx((math.e - 1 / math.e) / (math.e + 1 / math.e), abs=1e-15)
    grid = np.linspace(-8, 8, 1601)
    np.testing.assert_allclose(act.tanh(grid), 2 * act.sigmoid(2 * grid) - 1, atol=1e-15)
    assert act.tanh_prime(0.0) == 1.0
    assert act.tanh_prime(1.0) == pytest.approx(1 - math.tanh(1.0) ** 2, abs=1e-15)


def test_relu_and_step_values():
    assert act.relu([-2.0, 0.0, 1.5]).tolist() == [0.0, 0.0, 1.5]
    assert act.relu(-0.5) == 0.0 and act.relu(3.0) == 3.0
    assert act.relu_prime([-1.0, 0.0, 2.0]).tolist() == [0.0, 0.0, 1.0]
    assert act.step([-1.0, 0.0, 1e-12]).tolist() == [0.0, 0.0, 1.0]
    assert act.step_prime([-1.0, 3.0]).tolist() == [0.0, 0.0]
    assert act.identity(-1.5) == -1.5 and act.identity_prime(7.0) == 1.0


def test_scalar_in_float_out_and_shapes_kept():
    for name, (f, fp) in act.ACTIVATIONS.items():
        assert isinstance(f(0.3), float), name
        assert isinstance(fp(0.3), float), name
        a = np.arange(6.0).reshape(2, 3) - 2.5
        assert f(a).shape == (2, 3) and fp(a).shape == (2, 3), name
        assert f(np.array([])).shape == (0,), name


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity", "step"])
def test_derivatives_match_finite_differences(name):
    f, f_prime = act.get(name)
    for z in Z:
        numeric = numerical_gradient(lambda t: float(np.sum(f(t))), np.array([z]))
        assert relative_error(numeric, np.array([f_prime(z)])) < 1e-7, (name, z)


def test_identity_does_not_alias_its_input():
    z = np.array([1.0, 2.0])
    out = act.identity(z)
    out[0] = 99.0
    assert z[0] == 1.0


def test_no_overflow_warning_for_large_inputs():
    big = np.array([-1e4, -1000.0, -710.0, -40.0, 40.0, 710.0, 1000.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            for name, (f, fp) in act.ACTIVATIONS.items():
                values = f(big)
                slopes = fp(big)
                assert np.all(np.isfinite(values)) and np.all(np.isfinite(slopes)), name
            s = act.sigmoid(big)
    assert s[0] == 0.0 and s[-1] == 1.0
    assert np.all(np.diff(s) >= 0)
    assert act.sigmoid(-700.0) > 0.0  # e^z / (1 + e^z), not 1 - something
    assert act.sigmoid(-700.0) == pytest.approx(math.exp(-700.0), rel=1e-12)


def test_naive_sigmoid_would_overflow():
    # The reason for the stable form: the textbook formula warns at z = -1000.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        naive = 1.0 / (1.0 + np.exp(np.float64(1000.0)))
    assert naive == 0.0
    assert any("overflow" in str(w.message) for w in caught)


def test_get():
    f, fp = act.get("relu")
    assert f is act.relu and fp is act.relu_prime
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        act.get("softplus")
    with pytest.raises(TypeError, match="by name"):
        act.get(act.relu)


@pytest.mark.parametrize("f", [act.step, act.sigmoid, act.sigmoid_prime, act.tanh, act.relu, act.relu_prime])
def test_validation(f):
    with pytest.raises(TypeError, match="z must"):
        f("1.0")
    with pytest.raises(TypeError, match="z must"):
        f([1.0, "a"])
    with pytest.raises(ValueError, match="z must be finite"):
        f([0.0, np.nan])
    with pytest.raises(ValueError, match="z must be finite"):
        f(np.inf)


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_private_table_is_what_the_public_functions_compute(name):
    """nblib.network uses act._RAW directly; it must agree with the public pair, and its
    derivative (written in terms of a = f(z)) must match finite differences of f."""
    f, f_prime = act.get(name)
    raw_f, raw_prime_of_a = act._RAW[name]
    z = Z.reshape(2, 4)
    np.testing.assert_array_equal(raw_f(z), f(z))
    np.testing.assert_array_equal(raw_prime_of_a(raw_f(z)), f_prime(z))
    numeric = numerical_gradient(lambda t: float(np.sum(raw_f(t))), Z)
    np.testing.assert_allclose(raw_prime_of_a(raw_f(Z)), numeric, atol=1e-7)


def test_private_table_covers_every_activation():
    assert set(act._RAW) == set(act.ACTIVATIONS)


def test_private_sigmoid_is_overflow_free():
    z = np.array([-1e4, -800.0, -40.0, 0.0, 40.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = act._RAW["sigmoid"][0](z)
    assert s[0] == 0.0 and s[-1] == 1.0
    assert s[2] == pytest.approx(math.exp(-40.0), rel=1e-12)  # no cancellation for z < 0
