"""Input checks shared by every public callable of :mod:`nblib`, and the divergence error.

**The pattern.** A public function starts with *one* line that checks all its arguments (a
module's ``_check_<name>`` helper, built from the functions below) and then computes, on clean
arrays, exactly the formula of its chapter. The checks never appear inside the formula, and no
``nblib`` function calls an unchecked twin of a public function: there is one code path.

**The errors.** A wrong *kind* of value raises ``TypeError``, a value of the right kind that is
out of range, mis-shaped, empty or not finite raises ``ValueError``. Every message names the
argument and says what was expected (``"eta must be greater than 0, got -1"``).

**Booleans are not numbers.** ``True``/``False``, NumPy booleans and boolean arrays are refused
wherever a number or an array of numbers is expected (``TypeError``), scalars and arrays alike:
a mask passed where weights belong is a mistake. Conversely a *flag* (an argument documented as
``bool``) accepts only ``True``/``False`` (Python or NumPy), never ``"no"`` or ``0``.

**Divergence.** :class:`DivergedError` (an ``ArithmeticError``) reports that a loop diverged
because of the *values* it was given (a learning rate or weights that are too large); it is not
an input error, and its ``path`` holds the run so far. The slider engine catches it by name to
say "diverged".

**At the boundary.** Arguments are checked where a reader calls; a loop trusts the arrays it
made and watches its loss. The checks a loop repeats are cheap: one finiteness test per array
(:func:`all_finite`, a sum of squares).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "DivergedError", "as_array", "as_scalar", "positive", "count", "flag", "function", "option",
    "same_shape", "examples", "columns", "binary_labels", "class_labels", "record_arrays", "scalar_or_array",
    "finite_or_diverged", "all_finite",
]

_NUMERIC_KINDS = "iuf"  # signed int, unsigned int, float (never bool, complex, object, str)
_FLOAT = np.dtype(np.float64)  # NumPy's one float64 dtype: every float array of the loops has it


class DivergedError(ArithmeticError):
    """A computation overflowed to an infinite or NaN value: the run diverged.

    The one divergence policy of :mod:`nblib`: a loop that can diverge (:func:`nblib.predictor.train`,
    :func:`nblib.descent.gradient_descent`, :func:`nblib.optim.descend`, :func:`nblib.training.train`)
    raises it, typically because the learning rate ``eta`` is too large, and ``path`` carries what
    the run computed before it diverged (every entry finite). It is an ``ArithmeticError``, not a
    ``ValueError``: the inputs were valid, the numbers they led to were not representable.

    Parameters
    ----------
    message : str
    path : object, optional
        The run so far: the points (``gradient_descent``: a :class:`~nblib.descent.Descent`;
        ``descend``: an array of points; ``predictor.train``: a ``Training``; ``train``: the
        ``History``).

    Examples
    --------
    >>> DivergedError("diverged at step 3", path=[1.0, 2.0]).path
    [1.0, 2.0]
    """

    def __init__(self, message, path=None):
        super().__init__(message)
        self.path = path


def _describe(x) -> str:
    if isinstance(x, np.ndarray):
        return f"an array of dtype {x.dtype} and shape {x.shape}"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of length {len(x)}"
    text = repr(x)
    return f"{type(x).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


def as_array(x, name: str, *, ndim: int | None = None, allow_empty: bool = False) -> np.ndarray:
    """Return ``x`` as a finite float64 array, or raise a clear error.

    Parameters
    ----------
    x : array_like
        Real numbers (Python numbers, lists of them, or a NumPy array); no booleans.
    name : str
        The argument's name, used in error messages.
    ndim : int, optional
        The number of dimensions required.
    allow_empty : bool
        Whether an array with no elements is acceptable.

    Examples
    --------
    >>> as_array([1, 2], "x").tolist()
    [1.0, 2.0]
    """
    if type(x) is np.ndarray and x.dtype is _FLOAT and x.size and ndim is None:  # the common case, quickly:
        flat = x.ravel(order="K")  # one BLAS sum of squares (see _all_finite), inlined
        if not (math.isfinite(np.vdot(flat, flat)) or bool(np.isfinite(x).all())):
            raise ValueError(f"{name} must be finite, got a NaN or infinite value")
        return x
    if type(x) is float and ndim in (None, 0) and math.isfinite(x):
        return np.asarray(x)  # one finite Python number (the chapters' step-by-step loops), quickly
    if x is None or isinstance(x, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be a real number or an array of real numbers, got {_describe(x)}")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise TypeError(f"{name} must be a real number or an array of real numbers: {exc}") from None
    if arr.dtype.kind not in _NUMERIC_KINDS:
        what = "booleans" if arr.dtype.kind == "b" else _describe(x)
        raise TypeError(f"{name} must contain real numbers (not booleans), got {what}")
    arr = arr.astype(float, copy=False)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if not _all_finite(arr):
        raise ValueError(f"{name} must be finite, got a NaN or infinite value")
    return arr


def all_finite(arrays) -> bool:
    """Whether every entry of every float array of the list ``arrays`` is finite, in one test: the
    sum of their sums of squares (see ``_all_finite``).

    Examples
    --------
    >>> all_finite([np.ones(2), np.array([1.0, np.inf])])
    False
    """
    return math.isfinite(sum(map(np.vdot, arrays, arrays))) or all([bool(np.isfinite(a).all()) for a in arrays])


def _sum_of_squares(arr: np.ndarray) -> float:
    """:math:`\\sum x_i^2` of a float array, by one BLAS call (in memory order: a transposed array is not copied)."""
    flat = arr.ravel(order="K")
    return np.vdot(flat, flat)  # vdot: no overflow warning (a sum beyond the float range is inf, then tested entry by entry)


def _all_finite(arr: np.ndarray) -> bool:
    """Whether every entry of the float array ``arr`` is finite (no NaN, no infinity).

    Every check of every call in a training loop passes here, so it is answered by one BLAS
    call, the sum of squares :math:`\\sum x_i^2`: NaN or an infinity in ``arr`` makes it NaN or
    infinite (its terms are never negative, so nothing cancels), and a finite sum means finite
    entries. Only when the squares overflow (entries above about 1e154) is each entry tested."""
    return math.isfinite(_sum_of_squares(arr)) or bool(np.isfinite(arr).all())


def as_scalar(x, name: str) -> float:
    """Return ``x`` as a finite Python float (not a bool), or raise a clear error.

    Examples
    --------
    >>> as_scalar(3, "eta")
    3.0
    """
    if type(x) is float and math.isfinite(x):
        return x  # the common case (a rate, a learning rate), quickly
    if isinstance(x, (bool, np.bool_)) or not (
        isinstance(x, numbers.Real) or (isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in _NUMERIC_KINDS)
    ):
        raise TypeError(f"{name} must be a real number, got {_describe(x)}")
    try:
        value = float(x)
    except OverflowError:  # a Python int beyond the float range
        raise ValueError(f"{name} must be finite, got an integer too large for a float") from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def positive(x, name: str) -> float:
    """Return ``x`` as a float if it is a finite number greater than zero.

    Examples
    --------
    >>> positive(0.5, "eta")
    0.5
    """
    value = as_scalar(x, name)
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0, got {value:g}")
    return value


def count(x, name: str, *, minimum: int = 0) -> int:
    """Return ``x`` as an int if it is a whole number (not a bool) of at least ``minimum``.

    Examples
    --------
    >>> count(3, "epochs", minimum=1)
    3
    """
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {_describe(x)}")
    if x < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {x}")
    return int(x)


def flag(x, name: str) -> bool:
    """Return ``x`` as a bool if it is ``True`` or ``False`` (Python or NumPy), else raise ``TypeError``.

    Examples
    --------
    >>> flag(np.True_, "progress")
    True
    """
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_describe(x)}")
    return bool(x)


def function(f, name: str):
    """Return ``f`` if it is callable, else raise ``TypeError``.

    Examples
    --------
    >>> function(abs, "f") is abs
    True
    """
    if not callable(f):
        raise TypeError(f"{name} must be a function, got {_describe(f)}")
    return f


def option(x, name: str, options) -> str:
    """Return ``x`` if it is one of the strings ``options``, else raise a clear error.

    Examples
    --------
    >>> option("mse", "loss", ("half_sse", "mse"))
    'mse'
    """
    if not isinstance(x, str):
        raise TypeError(f"{name} must be one of {', '.join(map(repr, options))}, got {_describe(x)}")
    if x not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}, got {x!r}")
    return x


def same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}")


def examples(x, name: str, rows: int, *, single: bool = True, batch: bool = True) -> np.ndarray:
    """Check the book's batch convention, **examples as columns**, and return ``x`` as a float array.

    ``x`` is one example of shape ``(rows,)`` (if ``single``) or a batch of shape ``(rows, m)``
    (if ``batch``), returned with its shape; code that computes on it writes
    ``x.reshape(rows, -1)`` (one column for a single example) and gives its result ``x``'s
    trailing shape back, so one code path serves both.

    Parameters
    ----------
    x : array_like
        Shape ``(rows,)`` or ``(rows, m)``.
    name : str
        The argument's name, for messages.
    rows : int
        The number of inputs per example.
    single, batch : bool
        Whether one example, and whether a batch, are acceptable.

    Examples
    --------
    >>> examples([1.0, 2.0], "x", 2).shape
    (2,)
    """
    x = as_array(x, name)
    if not ((x.ndim == 1 and single) or (x.ndim == 2 and batch)) or x.shape[0] != rows:
        shapes = ([f"({rows},) for one example"] if single else []) + (
            [f"({rows}, m) for m examples, one per column"] if batch else [])
        hint = "; examples go in columns: did you mean its transpose?" if (
            batch and x.ndim == 2 and x.shape[1] == rows) else ""
        raise ValueError(f"{name} must have shape {' or '.join(shapes)}, got shape {x.shape}{hint}")
    return x


def columns(x, name: str, rows: int, *, single: bool = True, batch: bool = True):
    """Like :func:`examples`, and return ``(X, one)``: ``X`` of shape ``(rows, m)`` and whether
    ``x`` was a single example (``m = 1``), for a caller that squeezes its result back.

    Examples
    --------
    >>> X, one = columns([1.0, 2.0], "x", 2)
    >>> X.shape, one
    ((2, 1), True)
    """
    x = examples(x, name, rows, single=single, batch=batch)
    return x.reshape(rows, -1), x.ndim == 1


def binary_labels(t, name: str) -> np.ndarray:
    """Return ``t`` as a float array holding only the labels 0 and 1 (chapters 2, 3 and 5).

    Examples
    --------
    >>> binary_labels([0, 1, 1], "y").tolist()
    [0.0, 1.0, 1.0]
    """
    t = as_array(t, name)
    bad = t[(t != 0) & (t != 1)]
    if bad.size:
        raise ValueError(f"{name} must contain only the labels 0 and 1, got {bad[0]:g}")
    return t


def class_labels(labels, name: str, n_classes: int) -> np.ndarray:
    """Return ``labels`` as a 1-D integer array of class numbers 0 to ``n_classes - 1`` (chapters 10, 11).

    Examples
    --------
    >>> class_labels([2, 0], "labels", 3).tolist()
    [2, 0]
    """
    if labels is None or isinstance(labels, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be whole numbers (an integer array), got {_describe(labels)}")
    try:
        arr = np.asarray(labels)
    except (ValueError, TypeError) as exc:
        raise TypeError(f"{name} must be whole numbers (an integer array): {exc}") from None
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


def record_arrays(record, names, kinds="f") -> None:
    """Check that the fields ``names`` of a result record are 1-D NumPy arrays of one length whose
    dtype kind is in ``kinds`` (values may be infinite: a record can describe a diverged run).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> record_arrays(SimpleNamespace(c=np.zeros(3), E=np.ones(3)), ("c", "E"))
    """
    lengths = set()
    for name in names:
        arr = getattr(record, name)
        if not isinstance(arr, np.ndarray) or arr.dtype.kind not in kinds:
            raise TypeError(f"{name} must be a NumPy array of dtype kind {kinds!r}, got {_describe(arr)}")
        lengths.add(arr.shape[0] if arr.ndim else None)
    if len(lengths) != 1 or None in lengths:
        raise ValueError(f"{', '.join(names)} must be arrays with one entry per step, of one length")


def scalar_or_array(a: np.ndarray):
    """Return a 0-d result as a Python float and anything else as the array itself, so that a
    function given one number answers with one number.

    Examples
    --------
    >>> scalar_or_array(np.array(2.0))
    2.0
    """
    return float(a) if a.ndim == 0 else a


def finite_or_diverged(arr: np.ndarray, what: str) -> np.ndarray:
    """Return ``arr`` if every entry is finite, else raise :class:`DivergedError` naming ``what``.

    Examples
    --------
    >>> finite_or_diverged(np.array([1.0]), "z1").tolist()
    [1.0]
    """
    if not _all_finite(arr):
        raise DivergedError(f"{what} is not finite: the numbers overflowed (the weights or the "
                            "learning rate eta are too large)")
    return arr
