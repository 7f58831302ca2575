"""Exact at the extremes (issue 26, part 5), by classes of input drawn by hypothesis.

Each test draws finite inputs of one class (saturated logits, confident predictions, points near the
float range, huge and tiny distances, huge values to round, huge fan-ins) and compares with an exact
reference computed in ``decimal`` (60 digits) or with ``fractions``. Warnings are errors
(``pyproject.toml``), so an overflow warning fails too. ``benchmarks/audit_extremes.py`` counts
the same classes of defects over fixed probes.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nblib import autodiff, init, losses, report, softmax, surfaces

EPS = 2.0 ** -52
MAX = np.finfo(float).max


def _exp(x) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(x).exp()


def _sigmoid(z: float) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return 1 / (1 + _exp(-z))


def _log1p_exp(d: float) -> Decimal:
    """log(1 + e^d) to 60 significant digits for d down to -745 (1 + e^d is held to 400 digits)."""
    with localcontext() as ctx:
        ctx.prec = 400
        return +(1 + Decimal(d).exp()).ln()


def _close(got, want: Decimal | float, ulps: float = 4) -> bool:
    want = float(want)
    if want == 0.0 or abs(want) < np.finfo(float).tiny:  # zero or subnormal: absolute
        return abs(got - want) <= ulps * 5e-324
    return abs(got - want) <= ulps * EPS * abs(want)


logits = st.floats(-700.0, 700.0, allow_nan=False)
labels = st.sampled_from([0.0, 1.0])


@settings(max_examples=200, deadline=None)
@given(y=labels, z=logits)
def test_sigmoid_cross_entropy_grad_has_no_cancellation(y, z):
    """(1 - y) σ(z) - y σ(-z) = σ(z) - y, to a few ulps for saturated logits too (z = 40, y = 1:
    -4.25e-18, where σ(z) - y would give 0)."""
    with localcontext() as ctx:
        ctx.prec = 60
        want = (1 - Decimal(y)) * _sigmoid(z) - Decimal(y) * _sigmoid(-z)
    assert _close(losses.sigmoid_cross_entropy_grad(y, z), want)


def test_sigmoid_cross_entropy_grad_at_forty():
    assert _close(losses.sigmoid_cross_entropy_grad(1.0, 40.0), -_sigmoid(-40.0), 2)


gaps = st.floats(0.0, 700.0, allow_nan=False)
centres = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(gap=gaps, c=centres)
def test_the_softmax_family_keeps_every_digit_of_a_confident_prediction(gap, c):
    """Logits [c + gap, c] (exactly representable differences only): log-softmax, log-sum-exp
    relative to the max, the cross-entropy and its gradient, against 60-digit references."""
    z = np.array([c + gap, c])
    d = float(z[1] - z[0])  # the exact difference of the floats
    if z[0] - z[1] != -d:
        return
    tail = _log1p_exp(d)  # log(1 + e^(z1 - z0)) = -log softmax_0
    ls = softmax.log_softmax(z)
    assert _close(ls[0], -tail)
    with localcontext() as ctx:
        ctx.prec = 60
        assert _close(ls[1], Decimal(d) - tail)
    assert _close(softmax.logsumexp(z - z[0]), tail)
    assert _close(losses.softmax_cross_entropy([1.0, 0.0], z), tail)
    s1 = _sigmoid(d)  # softmax_1 = e^d / (1 + e^d) = 1 - softmax_0
    g = losses.softmax_cross_entropy_grad([1.0, 0.0], z)
    assert _close(g[0], -s1) and _close(g[1], s1)
    C = autodiff.softmax_cross_entropy(autodiff.Tensor(z), [1.0, 0.0])
    assert _close(float(C.data), tail, 8)


def test_logits_thirty_and_zero_as_accurate_as_a_reference():
    """The issue's example, logits [30, 0]: at least as accurate as scipy.special where installed."""
    tail = _log1p_exp(-30.0)
    got = losses.softmax_cross_entropy([1.0, 0.0], [30.0, 0.0])
    assert _close(got, tail, 2)
    sps = pytest.importorskip("scipy.special")
    ours = abs(got - float(tail)) / float(tail)
    theirs = abs(-sps.log_softmax([30.0, 0.0])[0] - float(tail)) / float(tail)
    assert ours <= max(theirs, EPS)


near_max = st.floats(1e150, 1.3e154, allow_nan=False) | st.floats(1e-160, 1e160, allow_nan=False)
signs = st.sampled_from([1.0, -1.0])


@settings(max_examples=150, deadline=None)
@given(a=near_max, b=near_max, sa=signs, sb=signs, kappa=st.floats(1.0, 1e6, allow_nan=False))
def test_bowl_is_exact_up_to_the_float_range(a, b, sa, sb, kappa):
    w = [sa * a, sb * b]
    with localcontext() as ctx:
        ctx.prec = 60
        want = (Decimal(w[0]) ** 2 + Decimal(kappa) * Decimal(w[1]) ** 2) / 2
    got = surfaces.bowl(w, kappa)
    if want > Decimal(MAX):
        assert got == math.inf
    else:
        assert _close(got, want)


@settings(max_examples=60, deadline=None)
@given(w=st.lists(st.floats(-MAX, MAX, allow_nan=False), min_size=2, max_size=2),
       kappa=st.floats(1.0, MAX, allow_nan=False))
def test_the_surfaces_never_warn(w, kappa):
    """Beyond the float range a value is inf, its true value rounded; never a warning or NaN."""
    for value in (surfaces.bowl(w, kappa), surfaces.bowl_gradient(w, kappa), surfaces.rosenbrock(w),
                  surfaces.rosenbrock_gradient(w)):
        assert not np.any(np.isnan(value))


@settings(max_examples=100, deadline=None)
@given(k=st.integers(-1070, 1000), r=st.sampled_from([0.5, 0.25, 0.125]), steps=st.integers(2, 6))
def test_measured_rate_at_any_scale(k, r, steps):
    """Distances 2^k r^t (exact powers of two) give the rate r, tiny (subnormal) or huge."""
    e = round(math.log2(r))
    if k + e * steps < -1074:
        return
    path = [[math.ldexp(1.0, k + e * t), 0.0] for t in range(steps + 1)]
    assert _close(surfaces.measured_rate(path, [0.0, 0.0], 0, steps), r, 8)


def test_measured_rate_when_the_difference_overflows():
    path = [[1e308, 0.0], [1e308, 0.0], [1e308, 0.0]]
    assert surfaces.measured_rate(path, [-1e308, 0.0], 0, 2) == 1.0
    with pytest.raises(ValueError, match="reaches the minimum exactly"):
        surfaces.measured_rate([[1.0, 0.0], [0.0, 0.0]], [0.0, 0.0], 0, 1)


@settings(max_examples=100, deadline=None)
@given(x=st.floats(-MAX, MAX, allow_nan=False), decimals=st.integers(0, report.MAX_DECIMALS))
def test_rounded_never_overflows(x, decimals):
    try:
        got = report.rounded(x, decimals)
    except report.RoundingBoundaryError:
        return
    assert math.isfinite(got)
    if abs(x) >= 2.0 ** 52:  # a whole number: rounding to any decimals leaves it as it is
        assert got == x


def test_rounded_refuses_absurd_decimals():
    with pytest.raises(ValueError, match="decimals must be at most 308"):
        report.rounded(1.0, 400)


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(init.SCALES), n_in=st.integers(1, init.MAX_FAN), n_out=st.integers(1, init.MAX_FAN))
def test_init_scales_are_correctly_rounded_for_any_fan_in(name, n_in, n_out):
    exact = {"standard": Fraction(1), "lecun": Fraction(1, n_in), "xavier": Fraction(2, n_in + n_out),
             "he": Fraction(2, n_in)}[name]
    assert init.variance(name, n_in, n_out) == float(exact)
    with localcontext() as ctx:
        ctx.prec = 60
        root = (Decimal(exact.numerator) / Decimal(exact.denominator)).sqrt()
    assert _close(init.std(name, n_in, n_out), root, 1)


@pytest.mark.parametrize("n", [init.MAX_FAN + 1, 10 ** 400])
def test_init_refuses_fan_ins_beyond_two_to_the_52(n):
    for f in (init.std, init.variance):
        with pytest.raises(ValueError, match="n_in must be at most 2"):
            f("lecun", n, 1)
    with pytest.raises(ValueError, match=r"sizes\[1\] must be at most 2"):
        init.weights([2, n])
