"""Chapter 15: two test functions for optimisers, their gradients, and the rates theory predicts.

* The **ill-conditioned bowl** :math:`C(w) = \\tfrac12 (w_1^2 + \\kappa\\,w_2^2)`, a quadratic whose
  curvatures along the axes are 1 and :math:`\\kappa \\ge 1` (the condition number). Its minimum is
  :math:`w^* = 0`.
* **Rosenbrock's valley** :math:`C(w) = (1 - w_1)^2 + 100\\,(w_2 - w_1^2)^2`, a curved, flat-bottomed
  banana valley with its minimum at :math:`w^* = (1, 1)`.

Points are arrays whose first axis has length 2: one point ``(2,)``, or a grid ``(2, ...)`` such
as ``np.stack(np.meshgrid(...))`` for contour plots. Pure NumPy.

Exact at the extremes: no warning for any finite input; a value or gradient beyond the float
range is ``inf`` (its true value rounded), and one within it is finite, even where an
intermediate square would overflow (the bowl is then computed on points scaled by a power of two,
which is exact).
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = ["bowl", "bowl_gradient", "rosenbrock", "rosenbrock_gradient", "gd_best", "momentum_best",
           "measured_rate", "rotated_bowl", "rotated_bowl_gradient", "bowl_batch_gradient"]


def _points(w, name: str = "w") -> np.ndarray:
    w = _validate.as_array(w, name)
    if w.ndim == 0 or w.shape[0] != 2:
        raise ValueError(f"{name} must have shape (2,) for one point or (2, ...) for a grid of points, "
                         f"got shape {w.shape}")
    return w


def _kappa(kappa) -> float:
    value = _validate.as_scalar(kappa, "kappa")
    if value < 1:
        raise ValueError(f"kappa must be at least 1 (the larger curvature over the smaller), got {value:g}")
    return value


def bowl(w, kappa):
    """The ill-conditioned bowl :math:`C(w) = \\tfrac12 (w_1^2 + \\kappa\\,w_2^2)`.

    Parameters
    ----------
    w : array_like
        Shape ``(2,)`` or ``(2, ...)``.
    kappa : float
        The condition number, at least 1.

    Returns
    -------
    float or numpy.ndarray
        A float for one point, else an array of shape ``w.shape[1:]``.

    Examples
    --------
    >>> bowl([1.0, 1.0], 10)
    5.5
    """
    w, kappa = _points(w), _kappa(kappa)
    with np.errstate(over="ignore"):
        C = 0.5 * (w[0] ** 2 + kappa * w[1] ** 2)
        # a square overflowed, or underflowed below the normal range (losing digits): the same
        # sum on w / 2^e (exact), times 2^(2e), rounded once
        scaled = ~np.isfinite(C) | (C < np.finfo(float).tiny)
        if scaled.any():
            e = np.frexp(np.maximum(np.abs(w[0]), np.abs(w[1])))[1]
            u, v = np.ldexp(w[0], -e), np.ldexp(w[1], -e)
            C = np.where(scaled, np.ldexp(0.5 * (u ** 2 + kappa * v ** 2), 2 * e), C)
    return _validate.scalar_or_array(np.asarray(C))


def bowl_gradient(w, kappa) -> np.ndarray:
    """The gradient :math:`\\nabla C(w) = (w_1, \\kappa\\,w_2)` of :func:`bowl`, of ``w``'s shape.

    Examples
    --------
    >>> bowl_gradient([1.0, 1.0], 10).tolist()
    [1.0, 10.0]
    """
    w, kappa = _points(w), _kappa(kappa)
    with np.errstate(over="ignore"):  # beyond the float range the true value rounds to inf
        return np.stack([w[0], kappa * w[1]])


def rosenbrock(w):
    """Rosenbrock's valley :math:`C(w) = (1 - w_1)^2 + 100\\,(w_2 - w_1^2)^2`, minimum 0 at ``(1, 1)``.

    Parameters
    ----------
    w : array_like
        Shape ``(2,)`` or ``(2, ...)``.

    Returns
    -------
    float or numpy.ndarray
        A float for one point, else an array of shape ``w.shape[1:]``.

    Examples
    --------
    >>> rosenbrock([1.0, 1.0]), rosenbrock([0.0, 0.0])
    (0.0, 1.0)
    """
    w = _points(w)
    with np.errstate(over="ignore"):  # an overflow here means the true value is beyond the float range
        return _validate.scalar_or_array(np.asarray((1.0 - w[0]) ** 2 + 100.0 * (w[1] - w[0] ** 2) ** 2))


def rosenbrock_gradient(w) -> np.ndarray:
    """The gradient of :func:`rosenbrock`, of ``w``'s shape.

    .. math:: \\frac{\\partial C}{\\partial w_1} = -2(1 - w_1) - 400\\,w_1 (w_2 - w_1^2), \\qquad
              \\frac{\\partial C}{\\partial w_2} = 200\\,(w_2 - w_1^2).

    Examples
    --------
    >>> rosenbrock_gradient([0.0, 1.0]).tolist()
    [-2.0, 200.0]
    """
    w = _points(w)
    with np.errstate(over="ignore"):  # an overflow here means the true value is beyond the float range
        valley = w[1] - w[0] ** 2
        return np.stack([-2.0 * (1.0 - w[0]) - 400.0 * w[0] * valley, 200.0 * valley])


def gd_best(kappa) -> tuple:
    """The best fixed step of gradient descent on :func:`bowl` and the rate it achieves.

    The error along an axis of curvature :math:`\\mu` shrinks by :math:`|1 - \\eta\\mu|` per step. The
    slowest of the two axes is fastest when both factors are equal,
    :math:`1 - \\eta = -(1 - \\eta\\kappa)`:

    .. math:: \\eta^* = \\frac{2}{1 + \\kappa}, \\qquad
              \\text{rate} = \\frac{\\kappa - 1}{\\kappa + 1}.

    Examples
    --------
    >>> gd_best(9)
    (0.2, 0.8)
    """
    kappa = _kappa(kappa)
    return 2.0 / (1.0 + kappa), (kappa - 1.0) / (kappa + 1.0)


def momentum_best(kappa) -> tuple:
    """The best fixed step and momentum of the heavy ball on :func:`bowl`, and its rate.

    .. math:: \\eta^* = \\Bigl(\\frac{2}{1 + \\sqrt\\kappa}\\Bigr)^2, \\qquad
              \\beta^* = \\Bigl(\\frac{\\sqrt\\kappa - 1}{\\sqrt\\kappa + 1}\\Bigr)^2, \\qquad
              \\text{rate} = \\sqrt{\\beta^*} = \\frac{\\sqrt\\kappa - 1}{\\sqrt\\kappa + 1}.

    Examples
    --------
    >>> momentum_best(9)
    (0.25, 0.25, 0.5)
    """
    kappa = _kappa(kappa)
    r = np.sqrt(kappa)
    rate = float((r - 1.0) / (r + 1.0))
    return float((2.0 / (1.0 + r)) ** 2), rate ** 2, rate


def measured_rate(path, w_star, first, last) -> float:
    """The factor by which the distance to the minimum shrank per step, fitted over steps ``first`` to ``last``.

    A run that converges at rate :math:`r` has distances :math:`D_t = \\lVert w_t - w^*\\rVert
    \\approx D_0\\,r^t`, so :math:`\\log D_t \\approx \\log D_0 + t \\log r` lies on a line. The rate is
    read off the slope of the least-squares line through the points :math:`(t, \\log D_t)`:

    .. math:: \\text{rate} = \\exp\\Bigl(\\frac{\\sum_t (t - \\bar t)(\\log D_t - \\overline{\\log D})}
              {\\sum_t (t - \\bar t)^2}\\Bigr), \\qquad t = \\text{first}, \\dots, \\text{last}.

    For an exactly geometric run this is :math:`r`; a path that circles the minimum (its distance
    rising and falling within each turn) is averaged over the turns. Each :math:`\\log D_t` is
    computed with the largest component :math:`\\lVert w_t - w^* \\rVert_\\infty` taken out, as
    :math:`\\log \\lVert w_t - w^* \\rVert_\\infty + \\tfrac12 \\log \\sum_j \\bigl((w_{t,j} - w^*_j) / \\lVert w_t - w^* \\rVert_\\infty\\bigr)^2`,
    so no square overflows or underflows: only a path that
    reaches :math:`w^*` exactly has a distance of 0.

    Parameters
    ----------
    path : array_like
        Shape ``(steps + 1, d)``, as returned by :func:`nblib.optim.descend`.
    w_star : array_like
        The minimum, shape ``(d,)``.
    first, last : int
        Step numbers, ``0 <= first < last <= steps``.

    Examples
    --------
    >>> round(measured_rate([[8.0, 0.0], [4.0, 0.0], [2.0, 0.0]], [0.0, 0.0], 0, 2), 12)
    0.5
    """
    path = _validate.as_array(path, "path", ndim=2)
    w_star = _validate.as_array(w_star, "w_star", ndim=1)
    if w_star.size != path.shape[1]:
        raise ValueError(f"w_star must have {path.shape[1]} entries (one per column of path), got {w_star.size}")
    first = _validate.count(first, "first")
    last = _validate.count(last, "last", minimum=first + 1)
    if last >= path.shape[0]:
        raise ValueError(f"last must be at most {path.shape[0] - 1} (the last step of path), got {last}")
    log_d = _log_distances(path[first:last + 1], w_star)
    if not np.all(np.isfinite(log_d)):
        raise ValueError(f"the path reaches the minimum exactly between steps {first} and {last}; "
                         f"choose an earlier last step")
    t = np.arange(first, last + 1) - (first + last) / 2
    return float(np.exp(np.sum(t * (log_d - log_d.mean())) / np.sum(t * t)))


def _angle(angle) -> float:
    return _validate.as_scalar(angle, "angle")


def _rotate(w, angle, back=False):
    """The coordinates of ``w`` along the bowl's axes (``back=False``), or the reverse turn."""
    c, s = np.cos(angle), np.sin(angle)
    if back:
        return np.stack([c * w[0] - s * w[1], s * w[0] + c * w[1]])
    return np.stack([c * w[0] + s * w[1], -s * w[0] + c * w[1]])


def rotated_bowl(w, kappa, angle):
    """The bowl of :func:`bowl` turned by ``angle`` (radians): the same surface, its axes not the coordinates'.

    .. math:: C(w) = \\tfrac12 \\bigl(u_1^2 + \\kappa\\,u_2^2\\bigr), \\qquad
              u = Q^{\\mathsf T} w, \\qquad
              Q = \\begin{pmatrix} \\cos\\theta & -\\sin\\theta \\\\ \\sin\\theta & \\cos\\theta \\end{pmatrix},

    so its steep axis points along :math:`(-\\sin\\theta, \\cos\\theta)`. Its curvatures, and so its
    condition number, are those of the bowl for every angle; ``angle = 0`` is :func:`bowl`.

    Parameters
    ----------
    w : array_like
        Shape ``(2,)`` or ``(2, ...)``.
    kappa : float
        The condition number, at least 1.
    angle : float
        The turn :math:`\\theta` in radians.

    Examples
    --------
    >>> round(rotated_bowl([1.0, 1.0], 9, np.pi / 4), 12), round(rotated_bowl([1.0, -1.0], 9, np.pi / 4), 12)
    (1.0, 9.0)
    """
    w, kappa, angle = _points(w), _kappa(kappa), _angle(angle)
    u = _rotate(w, angle)
    return _validate.scalar_or_array(0.5 * (u[0] ** 2 + kappa * u[1] ** 2))


def rotated_bowl_gradient(w, kappa, angle) -> np.ndarray:
    """The gradient :math:`\\nabla C(w) = Q \\operatorname{diag}(1, \\kappa) Q^{\\mathsf T} w` of :func:`rotated_bowl`.

    Examples
    --------
    >>> np.round(rotated_bowl_gradient([1.0, 1.0], 9, np.pi / 4), 12).tolist()
    [1.0, 1.0]
    >>> np.round(rotated_bowl_gradient([1.0, -1.0], 9, np.pi / 4), 12).tolist()
    [9.0, -9.0]
    """
    w, kappa, angle = _points(w), _kappa(kappa), _angle(angle)
    u = _rotate(w, angle)
    return _rotate(np.stack([u[0], kappa * u[1]]), angle, back=True)


def bowl_batch_gradient(w, kappa, centres) -> np.ndarray:
    """The gradient of a mini-batch of examples of the bowl, each with its own minimum.

    Example :math:`i` has the loss :math:`\\tfrac12 \\bigl((w_1 - w^{\\ast(i)}_1)^2 + \\kappa (w_2 - w^{\\ast(i)}_2)^2\\bigr)`,
    whose minimum :math:`w^{\\ast(i)}` is its column of ``centres``; a mini-batch of :math:`m`
    examples has the mean gradient

    .. math:: g = \\frac1m \\sum_{i \\in \\text{batch}}
              \\begin{pmatrix} w_1 - w^{\\ast(i)}_1 \\\\ \\kappa\\,(w_2 - w^{\\ast(i)}_2) \\end{pmatrix} .

    When the centres of all the examples average to 0, the mean loss over all of them is
    :func:`bowl` plus a constant, and :math:`g` is :func:`bowl_gradient` plus noise whose
    variance is that of one example's gradient over :math:`m` (for examples drawn independently).

    Parameters
    ----------
    w : array_like
        One point, shape ``(2,)``.
    kappa : float
        The condition number, at least 1.
    centres : array_like
        The minima of the mini-batch's examples, shape ``(2, m)``.

    Examples
    --------
    >>> bowl_batch_gradient([1.0, 1.0], 10, [[0.5, -0.5, 1.0], [0.1, 0.2, 0.0]]).tolist()
    [0.6666666666666667, 9.0]
    """
    w, kappa = _points(w), _kappa(kappa)
    if w.shape != (2,):
        raise ValueError(f"w must have shape (2,), one point, got shape {w.shape}")
    centres = _validate.as_array(centres, "centres", ndim=2)
    if centres.shape[0] != 2:
        raise ValueError(f"centres must have shape (2, B), one example per column, got shape {centres.shape}")
    c = centres.mean(axis=1)
    return np.array([w[0] - c[0], kappa * (w[1] - c[1])])


def _log_distances(points, w_star) -> np.ndarray:
    """:math:`\\log \\lVert w_t - w^* \\rVert` for each row ``w_t`` of ``points``, less a constant common
    to every row (the fitted slope does not see it), without overflow or underflow: ``-inf`` only
    where the difference is exactly 0.

    With :math:`\\max_i |\\Delta_i| = f\\,2^{e}` (``frexp``), :math:`\\log d_t = (e_t - e_{\\text{first}}) \\log 2 + \\log f_t
    + \\tfrac12 \\log \\sum_i (\\Delta_i / \\max_i |\\Delta_i|)^2` up to the constant: the whole powers of
    two are subtracted exactly, so a tiny or huge distance loses no digits to the size of its log."""
    with np.errstate(over="ignore"):
        delta = points - w_star
    halved = ~np.isfinite(delta).all(axis=1)  # the difference overflowed: halve both first (exact)
    delta[halved] = 0.5 * points[halved] - 0.5 * w_star
    top = np.abs(delta).max(axis=1)
    reached = top == 0.0
    f, e = np.frexp(top)
    e = e - e[~reached][0] if (~reached).any() else e
    scale = np.where(reached, 1.0, top)[:, None]
    with np.errstate(divide="ignore"):  # log 0 = -inf where the path reaches w* exactly
        return ((e + halved) * np.log(2.0) + np.log(f)
                + 0.5 * np.log(np.sum((delta / scale) ** 2, axis=1) + reached))
