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


def _check_pairs(params, grads):
    """Check that ``params`` is a list of float arrays and ``grads`` a list of arrays of the same shapes."""
    if not isinstance(params, (list, tuple)) or not params:
        raise TypeError(f"params must be a non-empty list of NumPy arrays, got {type(params).__name__}")
    for i, p in enumerate(params):
        if not isinstance(p, np.ndarray) or p.dtype != np.float64:
            raise TypeError(f"params[{i}] must be a float64 NumPy array (it is updated in place), "
                            f"got {type(p).__name__}{'' if not isinstance(p, np.ndarray) else ' of ' + str(p.dtype)}")
    if not isinstance(grads, (list, tuple)):
        raise TypeError(f"grads must be a list of arrays, got {type(grads).__name__}")
    if len(grads) != len(params):
        raise ValueError(f"grads must have one array per parameter ({len(params)}), got {len(grads)}")
    checked = []
    for i, (p, g) in enumerate(zip(params, grads)):
        g = _validate.as_array(g, f"grads[{i}]", allow_empty=True)
        _validate.same_shape(p, g, f"params[{i}]", f"grads[{i}]")
        checked.append(g)
    return checked


class Optimiser:
    """The common part of every optimiser: the learning rate, the step count and the checks.

    A subclass defines ``_start(params)`` (the state, from the shapes of the parameters) and
    ``_step(params, grads)`` (one update in place, no checks). :meth:`step` checks its arguments
    and calls ``_step``; :func:`nblib.training.train` calls ``_step`` directly in its inner loop.

    Attributes
    ----------
    eta : float
        The learning rate :math:`\\eta`.
    t : int
        The number of steps taken so far.
    """

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

    def step(self, params, grads) -> None:
        """Update ``params`` in place by one step from the gradients ``grads``.

        Parameters
        ----------
        params : list of numpy.ndarray
            Float64 arrays of any shapes, updated in place.
        grads : list of array_like
            :math:`\\partial C / \\partial w` for each array :math:`w` of ``params``, of the same shape.
        """
        grads = _check_pairs(params, grads)
        if self._state is not None and [s.shape for s in self._state[0]] != [p.shape for p in params]:
            raise ValueError(f"params changed shape since the last step of {self!r}; call reset() first")
        self._step(params, grads)

    def _step(self, params, grads) -> None:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class SGD(Optimiser):
    """Plain gradient descent, :math:`w \\leftarrow w - \\eta\\,g` (chapters 6 and 11).

    Parameters
    ----------
    eta : float
        The learning rate, greater than 0.

    Examples
    --------
    >>> w = np.array([1.0, 2.0])
    >>> SGD(0.1).step([w], [np.array([1.0, -1.0])])
    >>> w.tolist()
    [0.9, 2.1]
    """

    def _step(self, params, grads):
        self.t += 1  # plain descent remembers nothing else
        eta = self.eta
        for p, g in zip(params, grads):
            p -= eta * g


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
    >>> opt.step([w], [np.array([1.0])]); opt.step([w], [np.array([1.0])])
    >>> w.round(12).tolist()
    [-0.25]
    """

    def __init__(self, eta, beta=0.9):
        super().__init__(eta)
        self.beta = _fraction(beta, "beta")

    def _hyper(self):
        return {"eta": self.eta, "beta": self.beta}

    def _step(self, params, grads):
        if self._state is None:
            self._state = ([np.zeros_like(p) for p in params],)
        self.t += 1
        eta, beta = self.eta, self.beta
        for p, g, v in zip(params, grads, self._state[0]):
            v *= beta
            v += g
            p -= eta * v

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
    >>> Adam(0.1).step([w], [np.array([1000.0, -0.001])])
    >>> w.round(6).tolist()
    [-0.1, 0.099999]
    """

    def __init__(self, eta=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(eta)
        self.beta1 = _fraction(beta1, "beta1")
        self.beta2 = _fraction(beta2, "beta2")
        self.eps = _validate.positive(eps, "eps")

    def _hyper(self):
        return {"eta": self.eta, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}

    def _step(self, params, grads):
        if self._state is None:
            self._state = ([np.zeros_like(p) for p in params], [np.zeros_like(p) for p in params])
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        c1, c2 = 1.0 - b1 ** self.t, 1.0 - b2 ** self.t  # the bias corrections
        for p, g, gbar, s in zip(params, grads, *self._state):
            gbar *= b1
            gbar += (1.0 - b1) * g  # running mean of the gradient
            s *= b2
            s += (1.0 - b2) * (g * g)  # running mean of its square
            p -= self.eta * (gbar / c1) / (np.sqrt(s / c2) + self.eps)

    @property
    def moments(self) -> tuple:
        """``(gbar, s)``: the uncorrected running means of the gradient and of its square."""
        if self._state is None:
            return [], []
        return [m.copy() for m in self._state[0]], [s.copy() for s in self._state[1]]


class Nesterov(Momentum):
    """Nesterov's accelerated gradient, the heavy ball that looks ahead (chapter 15).

    Nesterov's method takes the gradient not at :math:`w_{t-1}` but where the velocity is
    about to carry the weights:

    .. math:: v_t = \\beta\\,v_{t-1} + \\nabla C(w_{t-1} - \\eta\\beta\\,v_{t-1}), \\qquad
              w_t = w_{t-1} - \\eta\\,v_t .

    An optimiser is given the gradient at the point it holds, so this class holds the look-ahead
    point :math:`\\tilde w = w - \\eta\\beta\\,v` instead (the form of Sutskever et al., 2013).
    In it the same method reads

    .. math:: v_t = \\beta\\,v_{t-1} + g_t, \\qquad
              \\tilde w_t = \\tilde w_{t-1} - \\eta\\,(g_t + \\beta\\,v_t),
              \\qquad g_t = \\nabla C(\\tilde w_{t-1}),

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
    >>> opt.step([w], [np.array([1.0])]); opt.step([w], [np.array([1.0])])
    >>> w.round(12).tolist()
    [-0.325]
    """

    def _step(self, params, grads):
        if self._state is None:
            self._state = ([np.zeros_like(p) for p in params],)
        self.t += 1
        eta, beta = self.eta, self.beta
        for p, g, v in zip(params, grads, self._state[0]):
            v *= beta
            v += g
            p -= eta * (g + beta * v)


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
        If a point or a gradient is no longer finite (the step is too large).

    Examples
    --------
    On :math:`C(w) = w^2` with :math:`\\eta = 0.25`, each step halves :math:`w`:

    >>> descend(lambda w: 2 * w, [1.0], SGD(0.25), 3)[:, 0].tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    grad = _validate.function(grad, "grad")
    w = _validate.as_array(start, "start", ndim=1).copy()
    if not isinstance(optimiser, Optimiser):
        raise TypeError(f"optimiser must be an nblib.optim optimiser (SGD, Momentum, Adam), "
                        f"got {type(optimiser).__name__}")
    steps = _validate.count(steps, "steps", minimum=1)
    opt = optimiser.copy()
    path = np.empty((steps + 1, w.size))
    path[0] = w
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            g = np.asarray(grad(w), dtype=float)
            if g.shape != w.shape:
                raise ValueError(f"grad must return an array of shape {w.shape}, got shape {g.shape}")
            opt._step([w], [g])
            if not np.all(np.isfinite(w)):
                raise _validate.DivergedError(f"descent diverged at step {t} (the path left every "
                                              f"finite number); try a smaller eta than {opt.eta:g}")
            path[t] = w
    return path
