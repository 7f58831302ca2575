"""The controls of a slider demo: a numeric :class:`Slider` and a named :class:`Choice`.

A control knows its grid of values (the live one and the static book's), how to snap a value onto
it and how to write a value for the reader. It knows nothing of figures or widgets.

One policy for ``bool``: it is not a number here (``Slider(True, 2, 1)`` is a ``TypeError``).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Slider", "Choice", "Control"]

#: Most values a slider's live grid may offer (a finer step is a mistake, not a wish).
MAX_GRID = 1_000_000


def _real(v, what: str) -> float:
    """``v`` as a finite float; ``TypeError`` for anything but a real number (bools are not)."""
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise TypeError(f"{what} must be a real number, got {type(v).__name__} {v!r}")
    try:
        v = float(v)
    except OverflowError:  # a whole number beyond the float range
        raise ValueError(f"{what} must be finite, got a whole number too large for a float") from None
    if not math.isfinite(v):
        raise ValueError(f"{what} must be finite, got {v}")
    return v


def _label(v, what: str):
    if v is None:
        return None
    if not isinstance(v, str):
        raise TypeError(f"{what} must be a string, got {type(v).__name__} {v!r}")
    if not v.strip():
        raise ValueError(f"{what} must not be blank, got {v!r}")
    return v


def _budget(budget) -> int:
    """A static frame budget: a whole number of at least 2 (bools are not numbers)."""
    if isinstance(budget, bool) or not isinstance(budget, numbers.Integral):
        raise TypeError(f"budget must be a whole number, got {type(budget).__name__} {budget!r}")
    if budget < 2:
        raise ValueError(f"budget must be at least 2 (both ends of the range), got {budget}")
    return int(budget)


def _decimals(x: float) -> int:
    """Digits after the point in the shortest decimal that reads back as ``x`` (0.05 -> 2, 1e-13 -> 13)."""
    exponent = Decimal(repr(float(x))).normalize().as_tuple().exponent
    return max(0, -exponent)


@dataclass(frozen=True)
class Slider:
    """A numeric control from ``min`` to ``max`` in steps of ``step``.

    Parameters
    ----------
    min, max : float
        The range, ``min < max``.
    step : float
        The live slider's increment, ``> 0``; the values are ``min + k * step``.
    value : float, optional
        The default, inside the range (``min`` when omitted); it is snapped to the step grid.
    label : str, optional
        What the reader sees next to the control (the parameter's name when omitted).
    fmt : str, optional
        A format spec for the displayed value, e.g. ``".2f"`` (derived from ``step`` when omitted).
    static_steps : int, optional
        The least number of values the static book offers; it offers the coarsest evenly spaced
        part of the live grid with at least that many values that holds the default (the whole
        live grid when no coarser one does). When omitted, the demo's ``max_frames`` decides.

    Raises
    ------
    TypeError
        If an argument is of the wrong kind (``bool`` is not a number).
    ValueError
        If the range is empty, the step is not positive or too fine for the range, the value lies
        outside the range, ``fmt`` is not a number format, or ``static_steps < 2``.

    Examples
    --------
    >>> s = Slider(0.4, 0.8, 0.01, value=0.5, label="c")
    >>> s.n, s.default, s.format(0.5)
    (41, 0.5, '0.50')
    >>> values = s.static_values(11)  # 40 steps, default at step 10: every 2nd step
    >>> len(values), values[:3]
    (21, [0.4, 0.42, 0.44])
    """

    min: float
    max: float
    step: float
    value: float | None = None
    label: str | None = None
    fmt: str | None = None
    static_steps: int | None = None

    def __post_init__(self):
        lo, hi, step = (_real(getattr(self, n), f"Slider {n}") for n in ("min", "max", "step"))
        if not lo < hi:
            raise ValueError(f"Slider range is empty: min={lo} must be less than max={hi}")
        if not step > 0:
            raise ValueError(f"Slider step must be greater than 0, got {step}")
        if step > (hi - lo) * (1 + 1e-9):  # a hair of tolerance: 0.4 - 0.3 < 0.1 in binary
            raise ValueError(f"Slider step {step} is larger than the range {lo}..{hi}")
        if (hi - lo) / step >= MAX_GRID or step < 1e-9 * max(abs(lo), abs(hi)):
            raise ValueError(
                f"Slider step {step:g} is too fine for the range {lo:g}..{hi:g}: a slider offers at most "
                f"{MAX_GRID:,} distinct values"
            )
        if self.value is not None:
            v = _real(self.value, "Slider value")
            if not lo <= v <= hi:
                raise ValueError(f"Slider value {v} lies outside the range {lo}..{hi}")
        _label(self.label, "Slider label")
        if self.fmt is not None:
            if not isinstance(self.fmt, str):
                raise TypeError(f"Slider fmt must be a format spec string such as '.2f', got {self.fmt!r}")
            try:
                format(1.5, self.fmt)
            except (ValueError, TypeError):
                raise ValueError(f"Slider fmt {self.fmt!r} is not a valid format spec for a number") from None
            if self.fmt.endswith(("d", "n", "c", "b", "o", "x", "X")) and not self.is_int:
                raise ValueError(f"Slider fmt {self.fmt!r} writes whole numbers but the slider's values are not whole")
        if self.static_steps is not None:
            if isinstance(self.static_steps, bool) or not isinstance(self.static_steps, numbers.Integral):
                raise TypeError(f"Slider static_steps must be a whole number, got {self.static_steps!r}")
            if self.static_steps < 2:
                raise ValueError(f"Slider static_steps must be a whole number of at least 2, got {self.static_steps!r}")

    @property
    def is_int(self) -> bool:
        """Whether every value on the grid is a whole number (the values are then ``int``)."""
        return all(float(v).is_integer() for v in (self.min, self.max, self.step))

    @property
    def n(self) -> int:
        """Number of values on the live grid."""
        return int(math.floor((self.max - self.min) / self.step + 1e-9)) + 1

    @property
    def decimals(self) -> int:
        """Digits after the point that write every grid value exactly."""
        return max(_decimals(self.min), _decimals(self.step))

    def index(self, v: float) -> int:
        """The position on the live grid of the value nearest to ``v`` (a value outside the range
        gives the nearest end)."""
        v = _real(v, "v")
        return min(max(round((v - self.min) / self.step), 0), self.n - 1)

    def at(self, k: int) -> float:
        """The ``k``-th value of the live grid, ``0 <= k < n`` (rounded so that 0.1 + 0.2 is 0.3)."""
        if isinstance(k, bool) or not isinstance(k, numbers.Integral):
            raise TypeError(f"k must be a whole number (a position on the grid), got {type(k).__name__} {k!r}")
        if not 0 <= k < self.n:
            raise ValueError(f"k must be between 0 and {self.n - 1} (the slider has {self.n} values), got {k}")
        out = round(self.min + k * self.step, self.decimals)
        return int(out) if self.is_int else out

    def snap(self, v: float) -> float:
        """The grid value nearest to ``v``."""
        return self.at(self.index(v))

    @property
    def default(self) -> float:
        """The value the demo starts with."""
        return self.snap(self.min if self.value is None else self.value)

    def format(self, v: float) -> str:
        """``v`` as the reader sees it next to the control."""
        _real(v, "v")
        fmt = self.fmt if self.fmt is not None else ("d" if self.is_int else f".{self.decimals}f")
        return format(int(v) if self.is_int and fmt.endswith("d") else v, fmt)

    def static_values(self, budget: int) -> list:
        """The static book's values: evenly spaced grid values holding both ends and the default.

        The stride is the largest divisor ``d`` of ``n - 1`` that gives at least
        ``static_steps`` (or ``budget``) values and puts the default on the grid.
        """
        wanted = self.static_steps or _budget(budget)
        last, home = self.n - 1, self.index(self.default)
        stride = 1
        for d in range(1, last + 1):
            if last % d == 0 and home % d == 0 and last // d + 1 >= wanted:
                stride = d
        return [self.at(k) for k in range(0, last + 1, stride)]


@dataclass(frozen=True)
class Choice:
    """A control that picks one of a few named options (a drop-down in both places).

    Parameters
    ----------
    options : list or tuple of str
        The options, at least two, all different. (A single string is not a list of options.)
    value : str, optional
        The default option (the first when omitted).
    label : str, optional
        What the reader sees next to the control.

    Examples
    --------
    >>> Choice(["AND", "OR"], value="OR").default
    'OR'
    """

    options: tuple
    value: str | None = None
    label: str | None = None

    def __post_init__(self):
        if not isinstance(self.options, (list, tuple)):
            raise TypeError(f"Choice options must be a list or tuple of strings, got {type(self.options).__name__} "
                            f"{self.options!r}")
        opts = tuple(self.options)
        object.__setattr__(self, "options", opts)
        bad = [o for o in opts if not isinstance(o, str)]
        if bad:
            raise TypeError(f"Choice options must be strings, got {type(bad[0]).__name__} {bad[0]!r}")
        if len(opts) < 2:
            raise ValueError(f"Choice options must be at least two strings, got {opts!r}")
        if len(set(opts)) != len(opts):
            raise ValueError(f"Choice options must be different, got {opts!r}")
        if self.value is not None:
            if not isinstance(self.value, str):
                raise TypeError(f"Choice value must be one of the option strings, got {self.value!r}")
            if self.value not in opts:
                raise ValueError(f"Choice value {self.value!r} is not one of {opts!r}")
        _label(self.label, "Choice label")

    @property
    def default(self) -> str:
        """The option the demo starts with."""
        return self.options[0] if self.value is None else self.value

    def _option(self, v) -> str:
        if not isinstance(v, str):
            raise TypeError(f"v must be one of the option strings {self.options!r}, got {type(v).__name__} {v!r}")
        if v not in self.options:
            raise ValueError(f"v must be one of the options {self.options!r}, got {v!r}")
        return v

    def snap(self, v):
        """``v`` itself, which must be one of the options (every option is on the grid)."""
        return self._option(v)

    def format(self, v) -> str:
        """The option ``v`` as the reader sees it."""
        return self._option(v)

    def static_values(self, budget: int) -> list:
        """Every option (a choice is never thinned out, whatever the ``budget``)."""
        _budget(budget)
        return list(self.options)


Control = Slider | Choice
