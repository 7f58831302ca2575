"""Tests of nblib.losses.sigmoid_cross_entropy and its gradient (chapter 13): hand values, finite
differences, the extremes of the logit, mean over examples, and bad input by classes."""

import math
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nblib import losses
from nblib.gradcheck import numerical_gradient, relative_error

sce, sce_grad = losses.sigmoid_cross_entropy, losses.sigmoid_cross_entropy_grad


def _naive(y, z):
    """The definition -[y log a + (1 - y) log(1 - a)], a = 1/(1 + e^-z), in 60-digit decimals."""
    with localcontext() as ctx:
        ctx.prec = 60
        y, z = Decimal(y), Decimal(z)
        a = 1 / (1 + (-z).exp())
        return float(-(y * a.ln() + (1 - y) * (1 - a).ln()))


def test_hand_values():
    # a = 1/2: the loss is log 2 for either label
    assert sce(1.0, 0.0) == pytest.approx(math.log(2), rel=1e-15)
    assert sce(0.0, 0.0) == pytest.approx(math.log(2), rel=1e-15)
    # chapter 13's neuron: x = 1, w = b = 2, so z = 4; target 0: C = log(1 + e^4)
    assert sce(0.0, 4.0) == pytest.approx(math.log(1 + math.exp(4)), rel=1e-15)
    assert sce(1.0, 4.0) == pytest.approx(math.log(1 + math.exp(-4)), rel=1e-15)
    # soft target 0.3 at z = 1: 0.3 log(1 + e^-1) + 0.7 log(1 + e)
    assert sce(0.3, 1.0) == pytest.approx(0.3 * math.log(1 + math.exp(-1)) + 0.7 * math.log(1 + math.e), rel=1e-15)
    assert isinstance(sce(0.0, 1.0), float)


def test_gradient_hand_values():
    assert sce_grad(0.0, 0.0) == 0.5
    assert sce_grad(1.0, 0.0) == -0.5
    assert sce_grad(0.0, 4.0) == pytest.approx(1 / (1 + math.exp(-4)), rel=1e-15)
    assert isinstance(sce_grad(0.0, 1.0), float)


@pytest.mark.parametrize("y", [0.0, 1.0, 0.25])
@pytest.mark.parametrize("z", [-60.0, -20.0, -3.0, -0.5, 0.0, 0.7, 4.0, 25.0, 60.0])
def test_matches_the_definition(y, z):
    assert sce(y, z) == pytest.approx(_naive(y, z), rel=1e-14)


def test_batch_is_summed_over_outputs_and_averaged_over_examples():
    y = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])  # n_L = 2 outputs, m = 3 examples
    z = np.array([[0.5, -1.0, 2.0], [3.0, 0.0, -2.0]])
    total = sum(_naive(yv, zv) for yv, zv in zip(y.ravel(), z.ravel()))
    assert sce(y, z) == pytest.approx(total / 3, rel=1e-14)
    # one example as a vector: m = 1, the sum over the outputs
    assert sce(y[:, 0], z[:, 0]) == pytest.approx(_naive(1.0, 0.5) + _naive(0.0, 3.0), rel=1e-14)
    expected = (1 / (1 + np.exp(-z)) - y) / 3
    np.testing.assert_allclose(sce_grad(y, z), expected, rtol=1e-14)


@pytest.mark.parametrize("shape", [(1,), (4,), (3, 5)])
def test_gradient_matches_finite_differences(shape):
    rng = np.random.default_rng(13)
    y = rng.integers(0, 2, size=shape).astype(float)
    z = rng.normal(0.0, 3.0, size=shape)
    numeric = numerical_gradient(lambda v: sce(y, v), z)
    assert relative_error(sce_grad(y, z), numeric) < 1e-7


def test_gradient_is_sigma_minus_y_whatever_the_loss_of_a():
    """d/dz of -[y log a + (1-y) log(1-a)] equals (a - y): the sigmoid's slope cancels."""
    for y in (0.0, 1.0):
        for z in (-6.0, -1.0, 0.3, 5.0):
            a = 1 / (1 + math.exp(-z))
            dC_da = -(y / a) + (1 - y) / (1 - a)
            assert sce_grad(y, z) == pytest.approx(dC_da * a * (1 - a), rel=1e-12)


@pytest.mark.parametrize("z, y, loss, grad", [
    (800.0, 0.0, 800.0, 1.0),          # confidently wrong: C = z exactly
    (-800.0, 1.0, 800.0, -1.0),
    (800.0, 1.0, 0.0, 0.0),            # confidently right: e^-800 underflows, as it should
    (-800.0, 0.0, 0.0, 0.0),
    (1e308, 0.0, 1e308, 1.0),
    (-1e308, 1.0, 1e308, -1.0),
    (1e308, 1.0, 0.0, 0.0),
    (-1e308, 0.0, 0.0, 0.0),
    (40.0, 1.0, math.exp(-40), 0.0),   # accurate for large |z|: log(1 + e^-40) = e^-40 (to 1e-17)
])
def test_extremes_are_exact_and_silent(z, y, loss, grad):
    got = sce(y, z)
    assert math.isfinite(got)
    assert got == pytest.approx(loss, rel=1e-15, abs=0.0) if loss else got == 0.0
    g = sce_grad(y, z)
    assert g == pytest.approx(grad, abs=1e-17)


def test_accurate_tail():
    # log(1 + e^-z) for z = 40 is e^-40 (1 - e^-40 / 2 ...): a naive log(sigmoid) gives 0 exactly
    assert sce(1.0, 40.0) == pytest.approx(math.exp(-40), rel=1e-15)
    assert sce(0.0, -40.0) == pytest.approx(math.exp(-40), rel=1e-15)
    assert sce(1.0, 40.0) > 0.0


def test_sum_beyond_the_largest_float_is_scaled_not_lost():
    # two examples each costing 1e308: the mean is 1e308, finite, although the sum is not
    assert sce([[0.0, 0.0]], [[1e308, 1e308]]) == pytest.approx(1e308, rel=1e-15)
    # one example with two outputs: the true loss 2e308 is not a float: inf, without a warning
    assert sce([0.0, 0.0], [1e308, 1e308]) == math.inf


@settings(max_examples=60, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([0.0, 1.0]))
def test_any_finite_logit_gives_a_finite_non_negative_loss_and_bounded_gradient(z, y):
    loss = sce(y, z)
    assert math.isfinite(loss) and loss >= 0.0
    assert loss >= max(-z if y == 1.0 else z, 0.0)  # C >= max(0, +-z): softplus(u) >= max(u, 0)
    g = sce_grad(y, z)
    assert -1.0 <= g <= 1.0
    assert (g >= 0) if y == 0.0 else (g <= 0)


# --- bad input, by classes ----------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: v < 0 or v > 1))
@pytest.mark.parametrize("f", [sce, sce_grad])
def test_targets_outside_0_1_are_value_errors(f, y):
    with pytest.raises(ValueError, match="y must hold targets between 0 and 1"):
        f([y, 0.0], [0.0, 0.0])


@settings(max_examples=10, deadline=None)
@given(st.sampled_from([math.nan, math.inf, -math.inf]))
@pytest.mark.parametrize("f", [sce, sce_grad])
def test_non_finite_input_is_a_value_error(f, bad):
    with pytest.raises(ValueError, match="z must be finite"):
        f([1.0], [bad])
    with pytest.raises(ValueError, match="y must be finite"):
        f([bad], [1.0])


@settings(max_examples=25, deadline=None)
@given(st.one_of(st.text(min_size=1, max_size=4), st.none(), st.lists(st.text(min_size=1), min_size=1, max_size=3)))
@pytest.mark.parametrize("f", [sce, sce_grad])
def test_wrong_kind_is_a_type_error(f, bad):
    with pytest.raises(TypeError, match="z must"):
        f([0.0], bad)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4))
@pytest.mark.parametrize("f", [sce, sce_grad])
def test_shape_mismatch_is_a_value_error(f, n, k):
    if n == k:
        k += 1
    with pytest.raises(ValueError, match="y and z must have the same shape"):
        f(np.zeros(n), np.zeros(k))


@pytest.mark.parametrize("f", [sce, sce_grad])
def test_empty_is_a_value_error(f):
    with pytest.raises(ValueError, match="y must not be empty"):
        f([], [])


@pytest.mark.parametrize("f", [sce, sce_grad])
def test_more_than_two_dimensions_is_a_value_error(f):
    with pytest.raises(ValueError, match=r"a batch \(n_L, m\)"):
        f(np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))


def test_exported():
    assert {"sigmoid_cross_entropy", "sigmoid_cross_entropy_grad"} <= set(losses.__all__)
