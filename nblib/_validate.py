"""Input checks shared by every public function of :mod:`nblib`.

Each check either returns a clean value (a float or a float array) or raises a
``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, wrong value)
whose message names the argument and says what was expected.
"""

from __future__ import annotations

import numbers

import numpy as np

_NUMERIC_KINDS = "biuf"  # bool, signed int, unsigned int, float


def _describe(x) -> str:
    if isinstance(x, np.ndarray):
        return f"an array of dtype {x.dtype}"
    return f"{type(x).__name__} {x!r}" if not isinstance(x, (list, tuple)) else type(x).__name__


def as_array(x, name: str, *, ndim: int | None = None, allow_empty: bool = False) -> np.ndarray:
    """Return ``x`` as a finite float array, or raise a clear error.

    Parameters
    ----------
    x : array_like
        Real numbers (Python numbers, lists of them, or a NumPy array).
    name : str
        The argument's name, used in error messages.
    ndim : int, optional
        The number of dimensions required.
    allow_empty : bool
        Whether an array with no elements is acceptable.
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a real number or an array of real numbers, got {_describe(x)}")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise TypeError(f"{name} must be a real number or an array of real numbers: {exc}") from None
    if arr.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name} must contain real numbers, got {_describe(x)}")
    arr = arr.astype(float)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got a NaN or infinite value")
    return arr


def as_scalar(x, name: str) -> float:
    """Return ``x`` as a finite Python float, or raise a clear error."""
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        value = float(x)
    elif isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iuf":
        value = float(x)
    else:
        raise TypeError(f"{name} must be a real number, got {_describe(x)}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def positive(x, name: str) -> float:
    """Return ``x`` as a float if it is a finite number greater than zero."""
    value = as_scalar(x, name)
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0, got {value:g}")
    return value


def count(x, name: str, *, minimum: int = 0) -> int:
    """Return ``x`` as an int if it is a whole number of at least ``minimum``."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {_describe(x)}")
    if x < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {x}")
    return int(x)


def same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}")


def binary_labels(t, name: str) -> np.ndarray:
    """Return ``t`` as a float array holding only the labels 0 and 1 (chapters 2, 3 and 5)."""
    t = as_array(t, name)
    bad = t[(t != 0) & (t != 1)]
    if bad.size:
        raise ValueError(f"{name} must contain only the labels 0 and 1, got {bad[0]:g}")
    return t


def class_labels(labels, name: str, n_classes: int) -> np.ndarray:
    """Return ``labels`` as a 1-D integer array of class numbers 0 to ``n_classes - 1`` (chapters 10, 11)."""
    if isinstance(labels, (str, bytes)):
        raise TypeError(f"{name} must be whole numbers, got {labels!r}")
    arr = np.asarray(labels)
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must be whole numbers (an integer array), got {_describe(arr)}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (m,), got shape {arr.shape}")
    if arr.min() < 0 or arr.max() >= n_classes:
        raise ValueError(f"{name} must be between 0 and {n_classes - 1} (n_classes = {n_classes}), "
                         f"got values from {arr.min()} to {arr.max()}")
    return arr


def scalar_or_array(a: np.ndarray):
    """Return a 0-d result as a Python float and anything else as the array itself, so that a
    function given one number answers with one number."""
    return float(a) if a.ndim == 0 else a
