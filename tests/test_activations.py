"""Tests of nblib.activations (chapter 4): hand values, finite differences, stability, validation."""

import math
from decimal import Decimal, getcontext
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


def test_get():
    f, fp = act.get("relu")
    assert f is act.relu and fp is act.relu_prime
    assert act.get("relu").f is act.relu and act.get("relu").f_prime is act.relu_prime
    with pytest.raises(ValueError, match="name must be one of .* got 'softplus'"):
        act.get("softplus")
    with pytest.raises(TypeError, match="name must be one of"):
        act.get(act.relu)
    with pytest.raises(TypeError, match="f_prime must be a function"):
        act.Activation("sigmoid", act.sigmoid, None)


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


# --- exact at the extremes: against 50-digit decimal references ------------------------------

getcontext().prec = 50


def _exact_sigmoid_prime(z):
    e = (-abs(Decimal(z))).exp()
    return float(e / (1 + e) ** 2)


def _exact_tanh_prime(z):
    e = (-2 * abs(Decimal(z))).exp()
    return float(4 * e / (1 + e) ** 2)


def _exact_sigmoid(z):
    return float(1 / (1 + (-Decimal(z)).exp()))


def _ulps(got, exact):
    return abs(got - exact) / math.ulp(exact) if exact else abs(got) / math.ulp(0.0)


Z_EXTREME = [-745.0, -700.0, -100.0, -40.0, -37.0, -30.0, -20.0, -15.0, -1.0, -1e-8, 0.0, 1e-8, 1.0,
             15.0, 20.0, 30.0, 37.0, 40.0, 100.0, 354.0, 700.0, 745.0, 1e308]


@pytest.mark.parametrize("z", Z_EXTREME)
@pytest.mark.parametrize("f, exact", [(act.sigmoid, _exact_sigmoid), (act.sigmoid_prime, _exact_sigmoid_prime),
                                      (act.tanh_prime, _exact_tanh_prime)],
                         ids=["sigmoid", "sigmoid_prime", "tanh_prime"])
def test_accurate_to_a_few_ulps_where_representable(f, exact, z):
    """sigma'(40) = 4.25e-18 is representable: it must not come out as 0, nor lose digits at z = 30."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = f(z)
    want = exact(z)
    if want >= 2.2250738585072014e-308:  # normal: a few units in the last place
        assert _ulps(got, want) <= 4, (z, got, want)
    else:  # subnormal or zero: absolute error of a few of the smallest steps
        assert abs(got - want) <= 4 * 5e-324 * 2 ** 4, (z, got, want)


def test_derivatives_are_symmetric_and_positive_far_out():
    z = np.array([15.0, 30.0, 40.0, 300.0])
    assert np.array_equal(act.sigmoid_prime(z), act.sigmoid_prime(-z))
    assert np.array_equal(act.tanh_prime(z), act.tanh_prime(-z))
    assert np.all(act.sigmoid_prime(z) > 0) and np.all(act.tanh_prime(z) > 0)
