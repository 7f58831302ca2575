"""Tests of nblib.report: formatting at the precision shown, boundaries refused, bounds asserted."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nblib import report


@pytest.mark.parametrize("x, spec, text", [
    (0.35, ".3f", "0.350"),
    (62.137, ".1f", "62.1"),
    (0.9583, ".1%", "95.8%"),
    (1797, ",.0f", "1,797"),
    (1.2849661210040513e-10, ".1e", "1.3e-10"),
    (-0.177447, ".4f", "-0.1774"),
    (-1e-17, ".3f", "0.000"),      # never a negative zero
    (-4e-13, ".1e", "-4.0e-13"),   # a small number that is not zero keeps its sign
])
def test_fmt_hand_values(x, spec, text):
    assert report.fmt(x, spec) == text


@pytest.mark.parametrize("x, spec", [
    (0.3625, ".3f"),                 # the fruit network's z2, the readout that differed between CPUs
    (3.03425, ".4f"),
    (0.9575, ".1%"),
    (2.5e-7, ".0e"),
    (0.3000005, ".6f"),
])
def test_fmt_refuses_values_on_a_rounding_boundary(x, spec):
    with pytest.raises(report.RoundingBoundaryError, match="rounding boundary"):
        report.fmt(x, spec)


def test_fmt_accepts_a_value_just_off_the_boundary():
    assert report.fmt(0.3625 + 1e-6, ".3f") == "0.363"
    assert report.fmt(0.3625 - 1e-6, ".3f") == "0.362"


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 6))
def test_fmt_agrees_with_format_wherever_it_answers(x, decimals):
    try:
        text = report.fmt(x, f".{decimals}f")
    except report.RoundingBoundaryError:
        scaled = abs(x) * 10.0 ** decimals
        assert abs(scaled - math.floor(scaled) - 0.5) < report.MARGIN
        return
    expected = format(x, f".{decimals}f")
    assert text == (expected[1:] if float(expected) == 0 and expected.startswith("-") else expected)


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=3), st.booleans(), st.lists(st.floats(), max_size=2)))
def test_fmt_rejects_what_is_not_a_number(x):
    with pytest.raises(TypeError, match="x must be a real number"):
        report.fmt(x, ".3f")


@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf])
def test_fmt_rejects_non_finite_numbers(x):
    with pytest.raises(ValueError, match="x must be finite"):
        report.fmt(x, ".3f")


@pytest.mark.parametrize("spec", [".3g", "3f", ".f", "", "e", ".2d", ".3f ", "{:.3f}"])
def test_fmt_rejects_unsupported_specs(spec):
    with pytest.raises(ValueError, match="spec must be a precision and a type"):
        report.fmt(1.0, spec)


@pytest.mark.parametrize("spec", [3, None, b".3f"])
def test_fmt_spec_must_be_text(spec):
    with pytest.raises(TypeError, match="spec must be a format spec"):
        report.fmt(1.0, spec)


def test_rounded_numbers_and_arrays():
    assert report.rounded(0.79576, 3) == 0.796
    out = report.rounded([[0.1 + 0.2, -1e-12]], 3)
    assert out.shape == (1, 2) and out.tolist() == [[0.3, 0.0]]
    assert math.copysign(1.0, out[0, 1]) == 1.0  # no negative zero
    assert report.rounded(np.array(2.0), 0) == 2.0 and isinstance(report.rounded(np.array(2.0), 0), float)


def test_rounded_refuses_any_entry_on_a_boundary():
    with pytest.raises(report.RoundingBoundaryError, match="0.3625"):
        report.rounded([0.1, 0.3625], 3)


@pytest.mark.parametrize("decimals, error", [(-1, ValueError), (1.5, TypeError), (True, TypeError), ("2", TypeError)])
def test_rounded_decimals_must_be_a_whole_number_of_at_least_0(decimals, error):
    with pytest.raises(error, match="decimals"):
        report.rounded(1.0, decimals)


@pytest.mark.parametrize("x, bound, text", [
    ([3e-11, 2e-10], 1e-9, "10⁻⁹"),
    (2.3e-15, 1e-12, "10⁻¹²"),
    (4e-8, 5e-8, "5 × 10⁻⁸"),
    (0.004, 0.01, "0.01"),
    (0.0, 1e-6, "10⁻⁶"),
])
def test_below_states_the_bound(x, bound, text):
    assert report.below(x, bound) == text


@pytest.mark.parametrize("x, bound", [(1e-9, 1e-9), (2e-9, 1e-9), ([1e-12, 3e-6], 1e-6)])
def test_below_fails_when_the_claim_is_false(x, bound):
    with pytest.raises(AssertionError, match="the claim fails"):
        report.below(x, bound)


@pytest.mark.parametrize("x, bound, error, match", [
    (-1e-3, 1.0, ValueError, "non-negative"),
    (1e-3, 0.0, ValueError, "bound must be greater than 0"),
    (1e-3, -1.0, ValueError, "bound must be greater than 0"),
    (math.nan, 1.0, ValueError, "x must be finite"),
    ([], 1.0, ValueError, "x must not be empty"),
    ("small", 1.0, TypeError, "x must be"),
    (1e-3, None, TypeError, "bound must be a real number"),
    (1e-3, True, TypeError, "bound must be a real number"),
])
def test_below_rejects_bad_input(x, bound, error, match):
    with pytest.raises(error, match=match):
        report.below(x, bound)


def test_importing_report_needs_numpy_only():
    import subprocess
    import sys

    code = "import sys, nblib.report; print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
