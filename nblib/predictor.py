"""Chapter 1: a one-parameter predictor, ``miles = c * km``, that learns ``c`` from its error.

The model has one adjustable number, the constant ``c``, and predicts :math:`\\hat y = c\\,x`. Its
error on a known example with target :math:`y` is

.. math:: E = y - \\hat y = y - c\\,x ,

and the proportional update moves ``c`` by a fraction :math:`\\eta` of the change that would make the
error zero:

.. math:: c \\leftarrow c + \\eta\\,\\frac{E}{x} .

After one update the error is :math:`(1 - \\eta)\\,E`, so repeated updates converge for
:math:`0 < \\eta < 2` and diverge for :math:`\\eta > 2` (:func:`train` raises :class:`~nblib._validate.DivergedError` once
the numbers overflow).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate

__all__ = ["predict", "error", "update", "train", "Training"]


def predict(c, km):
    """Convert kilometres to miles with the constant ``c``: :math:`\\hat y = c\\,x`.

    Parameters
    ----------
    c : float
        The conversion constant (miles per kilometre).
    km : float or array_like
        Distance(s) in kilometres, any shape.

    Returns
    -------
    float or numpy.ndarray
        The predicted miles, a float for a scalar ``km``, else an array of ``km``'s shape.

    Examples
    --------
    >>> predict(0.5, 100)
    50.0
    """
    c = _validate.as_scalar(c, "c")
    x = _validate.as_array(km, "km")
    y = c * x
    return _validate.scalar_or_array(y)


def error(target, output):
    """The error of a prediction, :math:`E = y - \\hat y` (positive when the output is too small).

    Parameters
    ----------
    target, output : float or array_like
        The true value(s) :math:`y` and the model's output(s) :math:`\\hat y`, of the same shape.

    Returns
    -------
    float or numpy.ndarray
        :math:`y - \\hat y`, elementwise.

    Examples
    --------
    >>> round(error(62.137, 50.0), 3)
    12.137
    """
    t = _validate.as_array(target, "target")
    y = _validate.as_array(output, "output")
    _validate.same_shape(t, y, "target", "output")
    e = t - y
    return _validate.scalar_or_array(e)


def update(c, km, y, eta=1.0):
    """One proportional update of ``c`` from one example: :math:`c + \\eta\\,E / x`.

    With ``eta = 1`` the new ``c`` reproduces the target exactly; smaller values move part of
    the way, and values above 2 overshoot by more than the error they correct.

    Parameters
    ----------
    c : float
        The current constant.
    km : float
        The example's input :math:`x` (kilometres); must not be zero, since a zero input carries
        no information about ``c``.
    y : float
        The example's target :math:`y`, its true output (miles).
    eta : float, default 1.0
        The learning rate :math:`\\eta > 0`.

    Returns
    -------
    float
        The updated constant.

    Examples
    --------
    >>> round(update(0.5, 100, 62.137), 5)
    0.62137
    >>> round(update(0.5, 100, 62.137, eta=0.5), 6)
    0.560685
    """
    c, x, y, eta = _check_update(c, km, y, eta)
    E = y - c * x  # the error
    return c + eta * E / x  # move c by the fraction eta of the change that makes E zero


def _check_update(c, x, y, eta, names=("c", "km", "y")):
    """The checks of the proportional update; ``names`` are the caller's argument names
    (chapter 2 calls the constant the slope ``A`` and the input ``x``)."""
    c = _validate.as_scalar(c, names[0])
    x = _validate.as_scalar(x, names[1])
    y = _validate.as_scalar(y, names[2])
    eta = _validate.positive(eta, "eta")
    if x == 0:
        raise ValueError(f"{names[1]} must be non-zero: the output at {names[1]} = 0 is 0 for every "
                         f"{names[0]}, so that example cannot correct {names[0]}")
    return c, x, y, eta


@dataclass(frozen=True)
class Training:
    """The history of :func:`train`: ``c[k]`` and ``E[k]`` before update ``k`` (and after the last).

    Attributes
    ----------
    c : numpy.ndarray, shape (steps + 1,)
        The constant after 0, 1, ..., ``steps`` updates.
    E : numpy.ndarray, shape (steps + 1,)
        The error :math:`E = y - c\\,x` of each of those constants.
    """

    c: np.ndarray
    E: np.ndarray

    def __post_init__(self):
        _validate.record_arrays(self, ("c", "E"))


def train(c, km, target, eta, steps):
    """Apply :func:`update` ``steps`` times and record every constant and error.

    Parameters
    ----------
    c : float
        The starting constant.
    km, target : float
        The training example: its input :math:`x` (kilometres) and target :math:`y` (miles).
    eta : float
        The learning rate, greater than 0.
    steps : int
        How many updates, at least 0.

    Returns
    -------
    Training
        Arrays ``c`` and ``E`` of length ``steps + 1``. A divergent run (``eta > 2``) grows
        geometrically but stays finite for any sensible number of steps.

    Raises
    ------
    DivergedError
        If a constant or its error overflows (a divergent run over very many steps); its
        ``path`` is the :class:`Training` of the updates before, every entry finite.

    Examples
    --------
    >>> run = train(0.5, 100, 62.137, eta=0.5, steps=3)
    >>> run.E.round(5).tolist()  # the error halves every update
    [12.137, 6.0685, 3.03425, 1.51712]
    """
    c, x, y, eta = _check_update(c, km, target, eta, names=("c", "km", "target"))
    steps = _validate.count(steps, "steps")
    cs = np.full(steps + 1, c)
    for k in range(steps):
        cs[k + 1] = update(cs[k], x, y, eta)
        if not (np.isfinite(cs[k + 1]) and np.isfinite(y - cs[k + 1] * x)):
            raise _validate.DivergedError(
                f"training diverged at update {k + 1} (the constant or its error overflowed); "
                f"eta = {eta:g} > 2 makes the error grow by {abs(1 - eta):g} per update",
                path=Training(c=cs[:k + 1], E=y - cs[:k + 1] * x))
    return Training(c=cs, E=y - cs * x)
