"""Chapter 15: optimisers as small update rules with state (plain descent, momentum, Adam).

Each optimiser updates a list of parameter arrays ``params`` in place from their gradients
``grads`` (the same shapes), one step at a time, and keeps what it needs between steps:

* :class:`SGD`, plain (stochastic) gradient descent: :math:`w \\leftarrow w - \\eta\\,g`;
* :class:`Momentum`, the heavy ball: a velocity :math:`v \\leftarrow \\beta v + g` that is a
  decaying sum of past gradients, and the step :math:`w \\leftarrow w - \\eta\\,v`;
* :class:`Adam`: running means of the gradient and of its square, corrected for their start
  at zero, and the step :math:`w \\leftarrow w - \\eta\\,\\hat g / (\\sqrt{\\hat s} + \\text{eps})`.

:func:`descend` runs an optimiser on a function of a few variables (the bowl and the valley of
:mod:`nblib.surfaces`) and returns the path. :func:`nblib.training.train` takes an optimiser
for the digits network (chapters 14 and 15).

**Weight decay** (chapter 14) is applied by :func:`~nblib.training.train`, *decoupled* from the
optimiser: before every step the weights shrink, :math:`W \\leftarrow (1 - \\eta\\lambda)\\,W`,
and then the optimiser steps along the gradient of the loss alone. For plain SGD this is exactly
the gradient of the L2 penalty :math:`\\tfrac{\\lambda}{2}\\lVert W\\rVert^2` added to the loss.
For momentum and Adam the two differ: a penalty in the gradient would be summed into the
velocity, and for Adam divided by :math:`\\sqrt{\\hat s}` (so weights with large gradients would
barely decay); the decoupled form shrinks every weight by the same factor, as AdamW does.

This module is pure NumPy.
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = ["Optimiser", "SGD", "Momentum", "Adam", "Nesterov", "descend"]


def _fraction(x, name: str) -> float:
    """A number in ``[0, 1)``: a decay rate such as a momentum ``beta``."""
    value = _validate.as_scalar(x, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be at least 0 and less than 1, got {value:g}")
    return value


_FLOAT = np.dtype(np.float64)


def _check_pairs(params, grads):
    """Check that ``params`` is a list of float arrays and ``grads`` a list of finite arrays of the
    same shapes; return the gradients as float arrays."""
    if not isinstance(params, (list, tuple)) or not params:
        raise TypeError(f"params must be a non-empty list of NumPy arrays, got {type(params).__name__}")
    if not isinstance(grads, (list, tuple)):
        raise TypeError(f"grads must be a list of arrays, got {type(grads).__name__}")
    if len(grads) != len(params):
        raise ValueError(f"grads must have one array per parameter ({len(params)}), got {len(grads)}")
    if all([type(p) is np.ndarray is type(g) and p.dtype is _FLOAT is g.dtype and g.shape == p.shape
            for p, g in zip(params, grads)]) and _validate.all_finite(grads):
        return grads  # the common case (gradients from Network.backward), checked in one pass
    for i, p in enumerate(params):
        if not isinstance(p, np.ndarray) or p.dtype != np.float64:
            raise TypeError(f"params[{i}] must be a float64 NumPy array (it is updated in place), "
                            f"got {type(p).__name__}{'' if not isinstance(p, np.ndarray) else ' of ' + str(p.dtype)}")
    checked = []
    for i, (p, g) in enumerate(zip(params, grads)):
        g = _validate.as_array(g, f"grads[{i}]", allow_empty=True)
        _validate.same_shape(p, g, f"params[{i}]", f"grads[{i}]")
        checked.append(g)
    return checked


class Optimiser:
    """The common part of every optimiser: the learning rate, the step count, the state and the check.

    A subclass lists its state, one array per parameter for each running quantity, in
    ``_STATE`` (for example ``("velocity",)``) and defines :meth:`update`, whose first line is
    ``self._check_update(params, grads)`` (which also starts the state at zero on the first step)
    and whose rest is the chapter's formula.

    Attributes
    ----------
    eta : float
        The learning rate :math:`\\eta`.
    t : int
        The number of steps taken so far.
    """

    _STATE: tuple = ()

    def __init__(self, eta):
        self.eta = _validate.positive(eta, "eta")
        self.t = 0
        self._state = None

    def _hyper(self) -> dict:
        return {"eta": self.eta}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v:g}" for k, v in self._hyper().items())
        return f"{type(self).__name__}({args})"

    def copy(self) -> "Optimiser":
        """A fresh optimiser with the same settings and no state (no steps taken)."""
        return type(self)(**self._hyper())

    def reset(self) -> None:
        """Forget the state: the next step is step 1 again."""
        self.t = 0
        self._state = None

    def update(self, params, grads) -> None:  # pragma: no cover - every subclass defines it
        """Update ``params`` in place by one step from the gradients ``grads``.

        Parameters
        ----------
        params : list of numpy.ndarray
            Float64 arrays of any shapes, updated in place.
        grads : list of array_like
            :math:`\\partial C / \\partial w` for each array :math:`w` of ``params``, of the same shape.
        """
        raise NotImplementedError

    def _check_update(self, params, grads):
        """The checked gradients, then the state arrays (one list per running quantity)."""
        grads = _check_pairs(params, grads)
        if self._state is None:
            self._state = tuple([np.zeros_like(p) for p in params] for _ in self._STATE)
        elif self._state and [s.shape for s in self._state[0]] != [p.shape for p in params]:
            raise ValueError(f"params changed shape since the last step of {self!r}; call reset() first")
        return (grads,) + self._state


class SGD(Optimiser):
    """Plain gradient descent, :math:`w \\leftarrow w - \\eta\\,g` (chapters 6 and 11).

    Parameters
    ----------
    eta : float
        The learning rate, greater than 0.

    Examples
    --------
    >>> w = np.array([1.0, 2.0])
    >>> SGD(0.1).update([w], [np.array([1.0, -1.0])])
    >>> w.tolist()
    [0.9, 2.1]
    """

    def update(self, params, grads) -> None:
        """One step of plain descent, in place: :math:`w \\leftarrow w - \\eta\\,g` for every array."""
        (grads,) = self._check_update(params, grads)
        self.t += 1
        for p, g in zip(params, grads):
            p -= self.eta * g  # w <- w - eta g


class Momentum(Optimiser):
    """Gradient descent with momentum, the heavy ball (chapter 15).

    .. math:: v_t = \\beta\\,v_{t-1} + g_t, \\qquad w_t = w_{t-1} - \\eta\\,v_t,
              \\qquad v_0 = 0,

    so the velocity is the decaying sum :math:`v_t = \\sum_{\\tau=1}^{t} \\beta^{t-\\tau} g_\\tau` of all the
    gradients so far. ``beta = 0`` is plain descent.

    Parameters
    ----------
    eta : float
        The learning rate, greater than 0.
    beta : float, default 0.9
        The momentum, at least 0 and less than 1.

    Examples
    --------
    Two steps with the same gradient 1: the second step is :math:`1 + \\beta` times the first.

    >>> w = np.array([0.0])
    >>> opt = Momentum(0.1, beta=0.5)
    >>> opt.update([w], [np.array([1.0])]); opt.update([w], [np.array([1.0])])
    >>> w.round(12).tolist()
    [-0.25]
    """

    _STATE = ("velocity",)

    def __init__(self, eta, beta=0.9):
        super().__init__(eta)
        self.beta = _fraction(beta, "beta")

    def _hyper(self):
        return {"eta": self.eta, "beta": self.beta}

    def update(self, params, grads) -> None:
        """One step of momentum, in place: :math:`v_t = \\beta v_{t-1} + g_t`, :math:`w_t = w_{t-1} - \\eta\\,v_t`."""
        grads, velocities = self._check_update(params, grads)  # v_0 = 0
        self.t += 1
        for p, g, v in zip(params, grads, velocities):
            v *= self.beta
            v += g  # v_t = beta v_{t-1} + g_t
            p -= self.eta * v  # w_t = w_{t-1} - eta v_t

    @property
    def velocity(self) -> list:
        """The velocities :math:`v_t`, one array per parameter (empty before the first step)."""
        return [] if self._state is None else [v.copy() for v in self._state[0]]


class Adam(Optimiser):
    """Adam: steps scaled by running estimates of the gradient's mean and size (chapter 15).

    .. math::

        \\bar g_t = \\beta_1 \\bar g_{t-1} + (1 - \\beta_1)\\,g_t, \\qquad
        s_t = \\beta_2 s_{t-1} + (1 - \\beta_2)\\,g_t^2, \\qquad \\bar g_0 = s_0 = 0,

        \\hat g_t = \\frac{\\bar g_t}{1 - \\beta_1^t}, \\qquad \\hat s_t = \\frac{s_t}{1 - \\beta_2^t},
        \\qquad w_t = w_{t-1} - \\eta\\,\\frac{\\hat g_t}{\\sqrt{\\hat s_t} + \\text{eps}},

    element by element. The divisions by :math:`1 - \\beta^t` undo the pull towards the zero start:
    :math:`\\bar g_t` is a weighted sum of gradients whose weights add up to :math:`1 - \\beta_1^t`, not 1.

    Parameters
    ----------
    eta : float, default 0.001
        The learning rate, greater than 0; each step moves a weight by about ``eta`` at most.
    beta1, beta2 : float, default 0.9 and 0.999
        Decay rates of the two running means, at least 0 and less than 1.
    eps : float, default 1e-8
        Keeps the division finite, greater than 0.

    Examples
    --------
    The first step has size ``eta`` whatever the size of the gradient:

    >>> w = np.array([0.0, 0.0])
    >>> Adam(0.1).update([w], [np.array([1000.0, -0.001])])
    >>> w.round(6).tolist()
    [-0.1, 0.099999]
    """

    _STATE = ("gbar", "root_s")

    def __init__(self, eta=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(eta)
        self.beta1 = _fraction(beta1, "beta1")
        self.beta2 = _fraction(beta2, "beta2")
        self.eps = _validate.positive(eps, "eps")

    def _hyper(self):
        return {"eta": self.eta, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}

    def update(self, params, grads) -> None:
        """One step of Adam, in place, element by element (the formulas above).

        The running mean of the squares is kept as its square root, :math:`\\sqrt{s_t} =
        \\operatorname{hypot}(\\sqrt{\\beta_2 s_{t-1}}, \\sqrt{1 - \\beta_2}\\,g_t)`: the same
        number, without squaring :math:`g_t` (which overflows above about 1.3e154 and underflows
        below about 1e-162), so the step is exact for every finite gradient.
        """
        grads, gbars, roots = self._check_update(params, grads)  # gbar_0 = s_0 = 0
        self.t += 1
        b1, b2, t = self.beta1, self.beta2, self.t
        for p, g, gbar, root_s in zip(params, grads, gbars, roots):
            gbar *= b1
            gbar += (1 - b1) * g  # gbar_t = b1 gbar_{t-1} + (1 - b1) g_t
            root_s[...] = np.hypot(np.sqrt(b2) * root_s, np.sqrt(1 - b2) * g)  # sqrt(s_t), s_t = b2 s_{t-1} + (1 - b2) g_t^2
            p -= self.eta * (gbar / (1 - b1 ** t)) / (root_s / np.sqrt(1 - b2 ** t) + self.eps)

    @property
    def moments(self) -> tuple:
        """``(gbar, s)``: the uncorrected running means of the gradient and of its square."""
        if self._state is None:
            return [], []
        with np.errstate(over="ignore"):  # s beyond the float range is inf, its true size
            return [m.copy() for m in self._state[0]], [r * r for r in self._state[1]]


class Nesterov(Momentum):
    """Nesterov's accelerated gradient, the heavy ball that looks ahead (chapter 15).

    Nesterov's method takes the gradient not at :math:`w_{t-1}` but where the velocity is
    about to carry the weights:

    .. math:: v_t = \\beta\\,v_{t-1} + \\nabla C(w_{t-1} - \\eta\\beta\\,v_{t-1}), \\qquad
              w_t = w_{t-1} - \\eta\\,v_t .

    An optimiser is given the gradient at the point it holds, so this class holds the look-ahead
    point :math:`\\omega = w - \\eta\\beta\\,v` instead (the form of Sutskever et al., 2013).
    In it the same method reads

    .. math:: v_t = \\beta\\,v_{t-1} + g_t, \\qquad
              \\omega_t = \\omega_{t-1} - \\eta\\,(g_t + \\beta\\,v_t),
              \\qquad g_t = \\nabla C(\\omega_{t-1}),

    a step along the new gradient plus :math:`\\beta` times the new velocity. Both points tend
    to the same minimum. ``beta = 0`` is plain descent.

    Parameters
    ----------
    eta : float
        The learning rate, greater than 0.
    beta : float, default 0.9
        The momentum, at least 0 and less than 1.

    Examples
    --------
    Two steps with the same gradient 1: steps :math:`\\eta(1 + \\beta)` and
    :math:`\\eta(1 + \\beta + \\beta^2)`.

    >>> w = np.array([0.0])
    >>> opt = Nesterov(0.1, beta=0.5)
    >>> opt.update([w], [np.array([1.0])]); opt.update([w], [np.array([1.0])])
    >>> w.round(12).tolist()
    [-0.325]
    """

    def update(self, params, grads) -> None:
        """One step of Nesterov's method at the look-ahead point, in place (the formulas above)."""
        grads, velocities = self._check_update(params, grads)  # v_0 = 0
        self.t += 1
        for p, g, v in zip(params, grads, velocities):
            v *= self.beta
            v += g  # v_t = beta v_{t-1} + g_t
            p -= self.eta * (g + self.beta * v)  # w~_t = w~_{t-1} - eta (g_t + beta v_t)


def descend(grad, start, optimiser, steps):
    """Run ``optimiser`` on a function of a few variables and return the path it takes.

    .. math:: w_0 = \\text{start}, \\qquad w_t = \\text{one step of the optimiser from } w_{t-1}
              \\text{ with the gradient } \\nabla C(w_{t-1}).

    Parameters
    ----------
    grad : callable
        ``grad(w)`` returns :math:`\\nabla C(w)`, an array of ``w``'s shape ``(d,)``.
    start : array_like
        The starting point, shape ``(d,)``.
    optimiser : Optimiser
        Its settings are used; a fresh copy takes the steps (``optimiser`` itself is not changed).
    steps : int
        Number of steps, at least 1.

    Returns
    -------
    numpy.ndarray
        The path, shape ``(steps + 1, d)``: row ``t`` is :math:`w_t`.

    Raises
    ------
    nblib._validate.DivergedError
        If a point or a gradient is no longer finite (the step is too large); its ``path``
        holds the points reached so far.

    Examples
    --------
    On :math:`C(w) = w^2` with :math:`\\eta = 0.25`, each step halves :math:`w`:

    >>> descend(lambda w: 2 * w, [1.0], SGD(0.25), 3)[:, 0].tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    grad = _validate.function(grad, "grad")
    w = _validate.as_array(start, "start", ndim=1).copy()
    opt = _check_optimiser(optimiser).copy()
    steps = _validate.count(steps, "steps", minimum=1)
    path = np.empty((steps + 1, w.size))
    path[0] = w
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            g = np.asarray(grad(w), dtype=float)
            if g.shape != w.shape:
                raise ValueError(f"grad must return an array of shape {w.shape}, got shape {g.shape}")
            if not np.all(np.isfinite(g)):
                raise _validate.DivergedError(f"descent diverged at step {t} (the gradient is not finite); "
                                              f"try a smaller eta than {opt.eta:g}", path=path[:t])
            opt.update([w], [g])
            if not np.all(np.isfinite(w)):
                raise _validate.DivergedError(f"descent diverged at step {t} (the path left every "
                                              f"finite number); try a smaller eta than {opt.eta:g}", path=path[:t])
            path[t] = w
    return path


def _check_optimiser(optimiser):
    """Return ``optimiser`` if it is an :class:`Optimiser`, else raise ``TypeError`` (the one check of
    an optimiser argument, for :func:`descend` and :func:`nblib.training.train`)."""
    if not isinstance(optimiser, Optimiser):
        raise TypeError(f"optimiser must be an nblib.optim optimiser (SGD, Momentum, Adam), "
                        f"got {type(optimiser).__name__}")
    return optimiser
