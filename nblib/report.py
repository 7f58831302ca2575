"""Numbers as the book shows them: at the precision the text needs, the same on every machine.

A notebook's stored outputs are compared with a fresh run on other CPUs (strict nbval), whose
BLAS kernels and SIMD code paths differ in the last bits of a result. A number shown at a modest
precision survives that, *unless* it sits on a rounding boundary: ``0.3625`` shown with three
decimals is ``0.362`` on one machine and ``0.363`` on another. So the book formats every number
it glues or shows through this module, which refuses such values:

* :func:`fmt` formats one number with a format spec (``".3f"``, ``".1%"``, ``".2e"``, ``",.0f"``);
* :func:`rounded` rounds a number or an array to some decimals, for printing;
* :func:`below` states that a quantity which is rounding noise (the relative error of a gradient
  check) lies below a bound, and returns the bound as text: the noise itself is never shown.

A value closer to a rounding boundary than :data:`MARGIN` units of its last shown digit raises
:class:`RoundingBoundaryError`; show one digit more or fewer, or choose other inputs. No function
here returns a negative zero (``-0.000``).

Examples
--------
>>> fmt(0.35, ".3f")
'0.350'
>>> fmt(0.9583, ".1%")
'95.8%'
>>> below(2.3e-15, 1e-12)
'10⁻¹²'
"""

from __future__ import annotations

import math
import numbers
import re

import numpy as np

from . import _validate

__all__ = ["fmt", "rounded", "below", "RoundingBoundaryError", "MARGIN", "MAX_DECIMALS"]

#: How close (in units of the last shown digit) a value may come to a rounding boundary.
MARGIN = 1e-6
#: The most decimal places :func:`rounded` rounds to (``10.0 ** 308`` is the largest power of ten
#: that is a float).
MAX_DECIMALS = 308

_SPEC = re.compile(r"^(?P<comma>,?)\.(?P<precision>\d+)(?P<type>[fe%])$")
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class RoundingBoundaryError(ValueError):
    """A value lies so close to a rounding boundary that the shown digits could differ between machines."""


def _real(x, name: str) -> float:
    """A finite real number (bools are not numbers), as a float."""
    return _validate.as_scalar(x, name)


def _check_boundary(x: np.ndarray, decimals: np.ndarray, shown: str) -> None:
    """Raise unless every ``x`` is further than MARGIN from a boundary of rounding to ``decimals``."""
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = np.abs(x) * 10.0 ** decimals
        distance = np.abs(scaled - np.floor(scaled) - 0.5)  # 0 on a boundary, 0.5 on a shown value
    bad = np.flatnonzero(np.isfinite(scaled) & (distance < MARGIN))
    if bad.size:
        value = float(np.ravel(x)[bad[0]])
        raise RoundingBoundaryError(
            f"{value!r} lies on a rounding boundary when shown as {shown}: its last digit could "
            f"differ between machines; show one digit more or fewer, or change the inputs"
        )


def fmt(x, spec: str) -> str:
    """Format one number with ``spec``, refusing a value that sits on a rounding boundary.

    Parameters
    ----------
    x : float
        A finite real number.
    spec : str
        A format spec with a precision and one of the types ``f`` (decimals), ``%`` (percent
        with decimals), ``e`` (scientific), optionally with ``,`` to group thousands:
        ``".3f"``, ``".1%"``, ``".2e"``, ``",.0f"``.

    Returns
    -------
    str
        ``format(x, spec)``, with ``-0.000`` written as ``0.000``.

    Raises
    ------
    RoundingBoundaryError
        If ``x`` lies within :data:`MARGIN` units of the last shown digit of a boundary.

    Examples
    --------
    >>> fmt(62.137, ".1f")
    '62.1'
    >>> fmt(-1e-17, ".3f")
    '0.000'
    >>> fmt(1797, ",.0f")
    '1,797'
    >>> fmt(0.3625, ".3f")
    Traceback (most recent call last):
    ...
    nblib.report.RoundingBoundaryError: 0.3625 lies on a rounding boundary when shown as .3f: ...
    """
    x = _real(x, "x")
    if not isinstance(spec, str):
        raise TypeError(f"spec must be a format spec such as '.3f', got {spec!r}")
    match = _SPEC.match(spec)
    if match is None:
        raise ValueError(f"spec must be a precision and a type f, % or e (such as '.3f', '.1%', '.2e', "
                         f"',.0f'), got {spec!r}")
    precision, kind = int(match["precision"]), match["type"]
    if kind == "f":
        decimals = precision
    elif kind == "%":
        decimals = precision + 2
    else:  # e: precision digits after the first significant one
        decimals = precision - (math.floor(math.log10(abs(x))) if x != 0 else 0)
    _check_boundary(np.array(x), np.array(decimals), spec)
    text = format(x, spec)
    return text[1:] if text.startswith("-") and not re.search(r"[1-9]", text.split("e")[0]) else text


def rounded(x, decimals: int):
    """``x`` rounded to ``decimals`` places, for printing; refuses values on a rounding boundary.

    Parameters
    ----------
    x : float or array_like
        Finite real numbers, any shape.
    decimals : int
        Decimal places, from 0 to :data:`MAX_DECIMALS` (308: ``10 ** decimals`` must be a float).

    Returns
    -------
    float or numpy.ndarray
        A float for a single number, else an array of ``x``'s shape; never a negative zero. A
        value too large to scale by ``10 ** decimals`` (above about ``1.8e308 / 10 ** decimals``)
        has no digits at those places and is returned as it is.

    Examples
    --------
    >>> rounded(0.79576, 3)
    0.796
    >>> rounded([0.1 + 0.2, -1e-12], 3).tolist()
    [0.3, 0.0]
    """
    arr = _validate.as_array(x, "x", allow_empty=True)
    decimals = _validate.count(decimals, "decimals")
    if decimals > MAX_DECIMALS:
        raise ValueError(f"decimals must be at most {MAX_DECIMALS} (10 ** decimals must be a float; a float "
                         f"has about 17 significant digits), got {decimals}")
    _check_boundary(arr, np.array(decimals), f"{decimals} decimals")
    with np.errstate(over="ignore"):  # x * 10**decimals may overflow: such an x has no digits there
        out = np.round(arr, decimals)
    out = np.where(np.isfinite(out) & (np.abs(arr) < 2.0 ** 52), out, arr)  # from 2**52 on, x is whole
    return _validate.scalar_or_array(out + 0.0)  # + 0.0 turns -0.0 into 0.0


def below(x, bound) -> str:
    """Assert that ``x`` (rounding noise, such as a gradient check's relative error) is below ``bound``.

    The book never prints such noise: its digits differ between machines. It states the claim,
    which this function checks, and shows the bound.

    Parameters
    ----------
    x : float or array_like
        Non-negative numbers; every one must be below ``bound``.
    bound : float
        The claimed bound, greater than 0.

    Returns
    -------
    str
        The bound as text: ``'10⁻⁹'`` for a power of ten, else like ``'5 × 10⁻⁸'``.

    Raises
    ------
    AssertionError
        If some ``x`` is not below ``bound`` (the claim the text makes is false).

    Examples
    --------
    >>> below([3e-11, 2e-10], 1e-9)
    '10⁻⁹'
    >>> below(0.004, 0.01)
    '0.01'
    """
    arr = _validate.as_array(x, "x")
    bound = _validate.positive(bound, "bound")
    if np.any(arr < 0):
        raise ValueError(f"x must be non-negative (a size or an error), got {arr.min():g}")
    worst = float(arr.max())
    if not worst < bound:
        raise AssertionError(f"the claim fails: {worst:.3g} is not below {bound:g}")
    mantissa, exponent = f"{bound:e}".split("e")
    mantissa, exponent = float(mantissa), int(exponent)
    if -3 <= exponent <= 3:
        return f"{bound:g}"
    power = "10" + str(exponent).translate(_SUPERSCRIPT)
    return power if mantissa == 1 else f"{mantissa:g} × {power}"
