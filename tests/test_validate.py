"""The shared input checks: the kind of error and a message that names the argument."""

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nblib import _validate


def test_as_array_accepts_numbers_lists_and_arrays():
    assert _validate.as_array(3, "x").tolist() == 3.0
    assert _validate.as_array([1, 2], "x").dtype == float



@pytest.mark.parametrize("value", [True, np.False_, [True, False], np.array([True, False]), np.zeros((2, 2), bool)])
def test_one_bool_policy_booleans_are_not_numbers(value):
    """Scalars and arrays alike: a boolean where a number is expected is a TypeError."""
    with pytest.raises(TypeError, match="x must"):
        _validate.as_array(value, "x")
    if np.ndim(value) == 0:
        with pytest.raises(TypeError, match="x must be a real number"):
            _validate.as_scalar(value, "x")
        with pytest.raises(TypeError, match="x must be a whole number"):
            _validate.count(value, "x")


@pytest.mark.parametrize("value", [1, 0, "no", None, 1.0])
def test_flags_are_true_or_false_only(value):
    with pytest.raises(TypeError, match="progress must be True or False"):
        _validate.flag(value, "progress")


def test_columns_one_example_is_one_column_and_a_batch_stays():
    X, one = _validate.columns([1.0, 2.0], "x", 2)
    assert X.shape == (2, 1) and one
    X, one = _validate.columns(np.zeros((2, 5)), "x", 2)
    assert X.shape == (2, 5) and not one
    with pytest.raises(ValueError, match=r"x must have shape \(2,\) for one example or \(2, m\).*transpose"):
        _validate.columns(np.zeros((5, 2)), "x", 2)
    with pytest.raises(ValueError, match=r"x must have shape \(2, m\)"):
        _validate.columns([1.0, 2.0], "x", 2, single=False)


def test_finite_or_diverged_names_what_overflowed():
    with pytest.raises(_validate.DivergedError, match="z1 is not finite"):
        _validate.finite_or_diverged(np.array([1.0, np.inf]), "z1")
    import nblib

    assert nblib.DivergedError is _validate.DivergedError


@pytest.mark.parametrize(
    "value, kwargs, kind, message",
    [
        ("abc", {}, TypeError, r"x must be a real number or an array of real numbers, got str"),
        ([[1, 2], [3]], {}, TypeError, r"x must be a real number or an array"),
        ([1 + 2j], {}, TypeError, r"x must contain real numbers"),
        ([], {}, ValueError, r"x must not be empty"),
        ([1.0, np.inf], {}, ValueError, r"x must be finite"),
        ([1.0, 2.0], {"ndim": 2}, ValueError, r"x must have 2 dimension\(s\), got shape \(2,\)"),
    ],
)
def test_as_array_rejects(value, kwargs, kind, message):
    with pytest.raises(kind, match=message):
        _validate.as_array(value, "x", **kwargs)


def test_as_array_allows_empty_when_asked():
    assert _validate.as_array([], "x", allow_empty=True).size == 0


def test_scalar_positive_count_and_same_shape():
    assert _validate.as_scalar(np.float64(2.5), "eta") == 2.5
    assert _validate.positive(1e-9, "eta") == 1e-9
    assert _validate.count(3, "n", minimum=1) == 3
    with pytest.raises(TypeError, match="eta must be a real number, got an array of dtype float64"):
        _validate.as_scalar(np.array([1.0]), "eta")
    with pytest.raises(ValueError, match="eta must be greater than 0, got -1"):
        _validate.positive(-1, "eta")
    with pytest.raises(TypeError, match="n must be a whole number, got bool"):
        _validate.count(True, "n")
    with pytest.raises(ValueError, match="n must be at least 1, got 0"):
        _validate.count(0, "n", minimum=1)
    with pytest.raises(ValueError, match=r"a and b must have the same shape, got \(2,\) and \(3,\)"):
        _validate.same_shape(np.zeros(2), np.zeros(3), "a", "b")


@settings(max_examples=300, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5),
                  elements=st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)))
def test_all_finite_agrees_with_isfinite(arr):
    """The quick test (a sum of squares) answers as NumPy's entry-by-entry test does, including
    entries so large that their squares overflow, NaN, infinities and subnormal numbers."""
    assert _validate._all_finite(arr) is bool(np.isfinite(arr).all())
    assert _validate._all_finite(arr.T) is bool(np.isfinite(arr).all())  # not contiguous


@pytest.mark.parametrize("values, expected", [
    ([1e200, -1e200], True),  # the squares overflow; the entries are finite
    ([1.7976931348623157e308], True),
    ([1.0, np.inf], False), ([-np.inf, np.inf], False), ([np.nan], False), ([5e-324, 0.0], True),
])
def test_all_finite_at_the_extremes(values, expected):
    assert _validate._all_finite(np.array(values)) is expected
