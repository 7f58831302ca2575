"""Chapter 16: automatic differentiation, the general algorithm behind backpropagation.

A computation is a **graph** of simple operations. Every node keeps the value the forward pass
computed and, for each of its inputs, the operation's **local derivative**. Reverse mode then
walks the graph once, from the output :math:`C` back to the inputs, in reverse topological
order, and applies the chain rule at every edge:

.. math::

    \\frac{\\partial C}{\\partial u} \\mathrel{+}= \\frac{\\partial v}{\\partial u}\\,
    \\frac{\\partial C}{\\partial v} \\qquad \\text{for every edge } u \\to v .

The ``+=`` is the rule "gradients add where paths merge": a value used twice receives a share
along each path.

Three number types, in the order the chapter builds them:

* :class:`Value`, a scalar of reverse mode (as in Karpathy's micrograd): every operation returns
  a new ``Value`` that records its inputs (``parents``) and the local derivatives (``local``);
  :meth:`Value.backward` runs the sweep.
* :class:`Tensor`, the same for NumPy arrays: each operation records, instead of a number, its
  **vector-Jacobian product** (how to turn :math:`\\partial C/\\partial\\text{output}` into
  :math:`\\partial C/\\partial\\text{input}`), so a matrix product costs matrix products
  backwards too. Broadcasting is undone by summing (:func:`unbroadcast`).
* :class:`Dual`, a dual number :math:`u + u'\\varepsilon` of **forward mode**: the derivative
  travels forwards with the value, one input direction per pass.

The functions :func:`exp`, :func:`log`, :func:`tanh`, :func:`sigmoid` and :func:`relu` accept
any of the three (and plain numbers), so one Python function can be evaluated, differentiated
in reverse mode and differentiated in forward mode.

Mixing the types is an error (``TypeError``): a ``Value`` belongs to a scalar graph, a
``Tensor`` to an array graph and a ``Dual`` carries no graph at all. Each backward sweep starts
from zero gradients, so calling :meth:`~Value.backward` twice gives the same gradients twice
(to add two losses, add them first). Results that do not fit in a float (``exp(1000)``) raise
:class:`~nblib._validate.DivergedError` (an ``ArithmeticError``) instead of becoming ``inf``.

This module is pure NumPy; :mod:`nblib.compgraph` draws its graphs.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import _validate, activations, losses, softmax
from ._validate import DivergedError

__all__ = [
    "Value", "Tensor", "Dual", "topological_order", "unbroadcast", "softmax_cross_entropy",
    "exp", "log", "tanh", "sigmoid", "relu", "derivative",
]

_MAX_EXP = math.log(np.finfo(float).max)  # 709.78...: e^x overflows above this


# ---------------------------------------------------------------- the one reverse sweep

def topological_order(root) -> list:
    """Every node that ``root`` depends on, each after all of its parents; ``root`` comes last.

    A depth-first search, written with a stack instead of recursion so that deep graphs (long
    chains of operations) do not hit Python's recursion limit.

    Parameters
    ----------
    root : Value or Tensor
        The output of a computation.

    Returns
    -------
    list
        The nodes of the graph, leaves first.

    Examples
    --------
    >>> a = Value(2.0, "a")
    >>> [n.label or n.op for n in topological_order(a * a + 1)]
    ['a', '×', '1', '+']
    """
    root = _check_root(root)
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            parents = [p for p in reversed(node.parents) if p not in seen]
            stack.extend((p, False) for p in parents)
    return order


def _check_root(root):
    if not isinstance(root, (Value, Tensor)):
        raise TypeError(f"root must be a Value or a Tensor, got {type(root).__name__}")
    return root


def _check_matmul(a, b):
    """``b`` as a tensor, checked as a factor of ``a @ b``: both vectors or matrices, the columns of
    ``a`` as many as the rows of ``b``."""
    b = _lift(b, Tensor, "@")
    A, B = a.data, b.data
    if A.ndim not in (1, 2) or B.ndim not in (1, 2):
        raise ValueError(f"@ needs vectors or matrices, got shapes {A.shape} and {B.shape}")
    if A.shape[-1] != B.shape[0]:
        raise ValueError(f"shapes {A.shape} @ {B.shape} do not match: the left factor has {A.shape[-1]} "
                         f"columns, the right one {B.shape[0]} rows")
    return b


def _lift(other, kind, op: str):
    """``other`` as a node of type ``kind`` (a number becomes a constant leaf), or a TypeError."""
    if isinstance(other, kind):
        return other
    if isinstance(other, (Value, Tensor, Dual)):
        raise TypeError(
            f"cannot combine a {kind.__name__} with a {type(other).__name__} in {op!r}: a Value "
            "belongs to a scalar graph, a Tensor to an array graph and a Dual to forward mode; "
            "build the whole computation from one of them"
        )
    operand = f"the operand of {op!r}"  # the caller's argument has no name: say where it went
    if kind is Value:
        if not (isinstance(other, numbers.Real) and not isinstance(other, (bool, np.bool_))):
            raise TypeError(f"{operand} must be a Value or a real number, got {type(other).__name__}")
        return Value(_validate.as_scalar(other, operand), _number_label(other))
    constant = Tensor(_validate.as_array(other, operand))
    constant.label = _number_label(constant.data) if constant.data.ndim == 0 else "const"
    return constant


def _number_label(x) -> str:
    return f"{float(x):g}"


def _overflow(op: str, x) -> DivergedError:
    return DivergedError(f"{op} overflows for {x!r}: the result is larger than the largest float "
                         f"(about 1.8e308)")


# ---------------------------------------------------------------- scalars: Value

class Value:
    """A number that remembers how it was computed, for reverse-mode differentiation (chapter 16).

    Every arithmetic operation on a ``Value`` returns a new ``Value`` whose ``parents`` are its
    inputs and whose ``local`` holds the local derivatives
    :math:`\\partial\\,\\text{result} / \\partial\\,\\text{parent}`, computed during the forward
    pass. :meth:`backward` then fills in ``grad`` = :math:`\\partial C / \\partial\\,\\text{node}`
    for every node of the graph.

    ==============  ========================  ===========================================
    operation       forward                   local derivatives
    ==============  ========================  ===========================================
    ``u + v``       :math:`u + v`             :math:`1,\\ 1`
    ``u - v``       :math:`u - v`             :math:`1,\\ -1`
    ``u * v``       :math:`u v`               :math:`v,\\ u`
    ``u / v``       :math:`u / v`             :math:`1/v,\\ -u/v^2`
    ``u ** n``      :math:`u^n`               :math:`n u^{n-1}`
    ``exp(u)``      :math:`e^u`               :math:`e^u`
    ``log(u)``      :math:`\\ln u`             :math:`1/u`
    ``tanh(u)``     :math:`\\tanh u`           :math:`1 - \\tanh^2 u`
    ``sigmoid(u)``  :math:`\\sigma(u)`         :math:`\\sigma(u)\\,(1 - \\sigma(u))`
    ``relu(u)``     :math:`\\max(0, u)`        :math:`[u > 0]`
    ==============  ========================  ===========================================

    Parameters
    ----------
    data : float
        A finite real number.
    label : str, optional
        A name for drawings (``"w"``, ``"x"``).

    Attributes
    ----------
    data : float
        The value.
    grad : float
        :math:`\\partial C / \\partial\\,\\text{this node}` after :meth:`backward` of some
        :math:`C`; 0 before.
    label : str
    op : str
        The operation that made it (``""`` for a leaf).
    parents : tuple of Value
    local : tuple of float
        One local derivative per parent.

    Examples
    --------
    >>> w, x, b = Value(0.5, "w"), Value(2.0, "x"), Value(-0.5, "b")
    >>> z = w * x + b
    >>> z.data
    0.5
    >>> z.backward()
    >>> w.grad, x.grad, b.grad
    (2.0, 0.5, 1.0)
    """

    __array_ufunc__ = None  # NumPy must not turn `array * Value` into an array of Values

    def __init__(self, data, label: str = "", *, _parents=(), _local=(), _op=""):
        self.data = _validate.as_scalar(data, "data")
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__}")
        self.grad = 0.0
        self.label = label
        self.op = _op
        self.parents = tuple(_parents)
        self.local = tuple(float(d) for d in _local)

    def __repr__(self) -> str:
        name = f"{self.label}, " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    @classmethod
    def _make(cls, data, parents, local, op):
        if not math.isfinite(data):
            raise DivergedError(f"{op} of {', '.join(f'{p.data:g}' for p in parents)} overflows to {data}")
        return cls(data, _parents=parents, _local=local, _op=op)

    # --- the operations: forward value, then the local derivatives -------------------------
    def __add__(self, other):
        other = _lift(other, Value, "+")
        return Value._make(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):
        other = _lift(other, Value, "-")
        return Value._make(self.data - other.data, (self, other), (1.0, -1.0), "−")

    def __mul__(self, other):
        other = _lift(other, Value, "*")
        a, b = self.data, other.data
        return Value._make(a * b, (self, other), (b, a), "×")

    def __truediv__(self, other):
        other = _lift(other, Value, "/")
        a, b = self.data, other.data
        if b == 0:
            raise ZeroDivisionError(f"division of {a:g} by a Value equal to 0")
        return Value._make(a / b, (self, other), (1.0 / b, -a / (b * b)), "÷")

    def __pow__(self, n):
        if isinstance(n, (Value, Tensor, Dual)) or not isinstance(n, numbers.Real) or isinstance(n, bool):
            raise TypeError(f"the exponent must be a fixed real number, got {type(n).__name__}")
        a, n = self.data, float(n)
        if a < 0 and not n.is_integer():
            raise ValueError(f"{a:g} ** {n:g} is not a real number (negative base, fractional exponent)")
        if a == 0 and n < 1 and n != 0:
            raise ValueError(f"0 ** {n:g} has no finite derivative at 0")
        try:
            value = a ** n
            local = n * a ** (n - 1) if n != 0 else 0.0
        except OverflowError:
            raise _overflow(f"** {n:g}", a) from None
        return Value._make(value, (self,), (local,), f"^{n:g}")

    def exp(self):
        if self.data > _MAX_EXP:
            raise _overflow("exp", self.data)
        e = math.exp(self.data)
        return Value._make(e, (self,), (e,), "exp")

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a number greater than 0, got {self.data:g}")
        return Value._make(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def tanh(self):
        z = self.data  # chapter 4's tanh and its derivative 1 - tanh^2
        t, dt = activations.tanh(z), activations.tanh_prime(z)
        return Value._make(t, (self,), (dt,), "tanh")

    def sigmoid(self):
        z = self.data  # chapter 4's stable sigmoid and its derivative
        s, ds = activations.sigmoid(z), activations.sigmoid_prime(z)
        return Value._make(s, (self,), (ds,), "σ")

    def relu(self):
        return Value._make(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    # --- the same operations with the number on the left, and minus ----------------------
    def __neg__(self):
        return self * -1.0

    def __radd__(self, other):
        return _lift(other, Value, "+") + self

    def __rsub__(self, other):
        return _lift(other, Value, "-") - self

    def __rmul__(self, other):
        return _lift(other, Value, "*") * self

    def __rtruediv__(self, other):
        return _lift(other, Value, "/") / self

    # --- reverse mode ------------------------------------------------------------------------
    def backward(self) -> None:
        """Fill in ``grad`` = :math:`\\partial C / \\partial\\,\\text{node}` of every node, for :math:`C` = this Value.

        One sweep in reverse topological order: the output's gradient is
        :math:`\\partial C/\\partial C = 1`, and each node passes its gradient times each local
        derivative to its parents, *adding* to what they already received.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local):
                # the chain rule; += because the paths add
                parent.grad += local * node.grad


# ---------------------------------------------------------------- arrays: Tensor

def unbroadcast(g, shape) -> np.ndarray:
    """Sum ``g`` down to ``shape``: the gradient of a value that broadcasting copied.

    If :math:`b` of shape ``(n, 1)`` was added to every column of an ``(n, m)`` array, each
    copy received a gradient; :math:`\\partial C/\\partial b` is their sum over the columns.

    Parameters
    ----------
    g : array_like
        A gradient of the broadcast shape.
    shape : tuple of int
        The shape before broadcasting.

    Returns
    -------
    numpy.ndarray
        Of ``shape``.

    Examples
    --------
    >>> unbroadcast(np.ones((2, 3)), (2, 1)).tolist()
    [[3.0], [3.0]]
    >>> unbroadcast(np.ones((2, 3)), ()).tolist()
    6.0
    """
    g, shape = _check_unbroadcast(g, shape)
    added = g.ndim - len(shape)  # axes that broadcasting added in front
    stretched = tuple(added + axis for axis, n in enumerate(shape) if n == 1)  # length-1 axes it stretched
    return g.sum(axis=tuple(range(added)) + stretched, keepdims=True).reshape(shape)


def _check_unbroadcast(g, shape):
    g = _validate.as_array(g, "g", allow_empty=True)
    if not isinstance(shape, tuple) or not all(
            isinstance(n, numbers.Integral) and not isinstance(n, (bool, np.bool_)) and n >= 0 for n in shape):
        raise TypeError(f"shape must be a tuple of whole numbers of at least 0, got {shape!r}")
    shape = tuple(int(n) for n in shape)
    try:
        fits = len(shape) <= g.ndim and np.broadcast_shapes(shape, g.shape) == g.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"shape must be a shape that broadcasts to g's shape {g.shape} (the gradient "
                         f"of a value of that shape, copied by broadcasting), got {shape}")
    return g, shape


def _broadcast(a, b, op: str) -> tuple:
    try:
        return np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"shapes {a.shape} and {b.shape} do not match for {op!r}: they must be equal, "
                         "or one of them 1 (or missing) along every axis where they differ") from None


class Tensor:
    """An array that remembers how it was computed, for reverse-mode differentiation (chapter 16).

    Each operation records, for each input, its **vector-Jacobian product**: the function that
    turns the gradient of the output, :math:`G = \\partial C/\\partial\\,\\text{out}`, into the
    gradient of that input. :meth:`backward` applies them in reverse topological order.

    =====================  ==============================  ======================================
    operation              forward                         backward (gradient of each input)
    =====================  ==============================  ======================================
    ``U + V``, ``U - V``   elementwise                     :math:`G`, :math:`\\pm G`, summed over
                                                           broadcast axes (:func:`unbroadcast`)
    ``U * V``              elementwise                     :math:`G \\odot V`, :math:`G \\odot U`
    ``U / V``              elementwise                     :math:`G / V`, :math:`-G \\odot U / V^2`
    ``U ** n``             elementwise                     :math:`G \\odot n U^{n-1}`
    ``W @ X``              matrix product                  :math:`G X^{\\mathsf T}`, :math:`W^{\\mathsf T} G`
    ``U.sum(axis)``        sum                             :math:`G` copied along ``axis``
    ``U.exp()`` etc.       elementwise                     :math:`G \\odot f'(U)` (as for :class:`Value`)
    ``Z.logsumexp()``      :math:`\\log\\sum_j e^{z_j}`      :math:`G\\,\\operatorname{softmax}(Z)`
    =====================  ==============================  ======================================

    Parameters
    ----------
    data : array_like
        Finite real numbers, any shape (a number makes a 0-d tensor).
    label : str, optional
        A name for drawings (``"W1"``).

    Attributes
    ----------
    data : numpy.ndarray
    grad : numpy.ndarray
        :math:`\\partial C / \\partial\\,\\text{this tensor}` after :meth:`backward`, of ``data``'s shape.
    label, op : str
    parents : tuple of Tensor
    shape : tuple of int

    Examples
    --------
    >>> W = Tensor([[1.0, 2.0], [3.0, 4.0]], "W")
    >>> x = Tensor([1.0, -1.0], "x")
    >>> C = (W @ x).sum()
    >>> C.backward()
    >>> W.grad.tolist(), x.grad.tolist()
    ([[1.0, -1.0], [1.0, -1.0]], [4.0, 6.0])
    """

    __array_ufunc__ = None

    def __init__(self, data, label: str = "", *, _parents=(), _vjps=(), _op=""):
        if isinstance(data, (Value, Tensor, Dual)):
            raise TypeError(f"data must be numbers, not a {type(data).__name__}")
        self.data = _validate.as_array(data, "data", allow_empty=False).copy()
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__}")
        self.grad = np.zeros_like(self.data)
        self.label = label
        self.op = _op
        self.parents = tuple(_parents)
        self._vjps = tuple(_vjps)

    @property
    def shape(self) -> tuple:
        return self.data.shape

    def __repr__(self) -> str:
        name = f"{self.label}, " if self.label else ""
        return f"Tensor({name}shape={self.shape})"

    @classmethod
    def _make(cls, data, parents, vjps, op):
        if not np.all(np.isfinite(data)):
            raise DivergedError(f"{op} overflows: the result is larger than the largest float (about 1.8e308)")
        return cls(data, _parents=parents, _vjps=vjps, _op=op)

    # --- elementwise, with broadcasting -----------------------------------------------------
    def __add__(self, other):
        other = _lift(other, Tensor, "+")
        _broadcast(self, other, "+")
        A, B = self.shape, other.shape
        return Tensor._make(self.data + other.data, (self, other),
                            (lambda G: unbroadcast(G, A), lambda G: unbroadcast(G, B)), "+")

    def __sub__(self, other):
        other = _lift(other, Tensor, "-")
        _broadcast(self, other, "-")
        A, B = self.shape, other.shape
        return Tensor._make(self.data - other.data, (self, other),
                            (lambda G: unbroadcast(G, A), lambda G: unbroadcast(-G, B)), "−")

    def __mul__(self, other):
        other = _lift(other, Tensor, "*")
        _broadcast(self, other, "*")
        a, b = self.data, other.data
        return Tensor._make(a * b, (self, other),
                            (lambda G: unbroadcast(G * b, a.shape), lambda G: unbroadcast(G * a, b.shape)), "×")

    def __truediv__(self, other):
        other = _lift(other, Tensor, "/")
        _broadcast(self, other, "/")
        a, b = self.data, other.data
        if np.any(b == 0):
            raise ZeroDivisionError("division by a Tensor with an entry equal to 0")
        return Tensor._make(a / b, (self, other),
                            (lambda G: unbroadcast(G / b, a.shape),
                             lambda G: unbroadcast(-G * a / (b * b), b.shape)), "÷")

    def __pow__(self, n):
        if isinstance(n, (Value, Tensor, Dual)) or not isinstance(n, numbers.Real) or isinstance(n, bool):
            raise TypeError(f"the exponent must be a fixed real number, got {type(n).__name__}")
        a, n = self.data, float(n)
        if np.any(a < 0) and not n.is_integer():
            raise ValueError(f"A ** {n:g} is not real where A has negative entries")
        if np.any(a == 0) and n < 1 and n != 0:
            raise ValueError(f"A ** {n:g} has no finite derivative where A has an entry 0")
        with np.errstate(over="ignore"):
            value = a ** n
            local = n * a ** (n - 1) if n != 0 else np.zeros_like(a)
        if not np.all(np.isfinite(local)):
            raise DivergedError(f"** {n:g} overflows: the result is larger than the largest float")
        return Tensor._make(value, (self,), (lambda G: G * local,), f"^{n:g}")

    def __neg__(self):
        return self * -1.0

    def __radd__(self, other):
        return _lift(other, Tensor, "+") + self

    def __rsub__(self, other):
        return _lift(other, Tensor, "-") - self

    def __rmul__(self, other):
        return _lift(other, Tensor, "*") * self

    def __rtruediv__(self, other):
        return _lift(other, Tensor, "/") / self

    # --- elementwise functions ---------------------------------------------------------------
    def exp(self):
        if np.any(self.data > _MAX_EXP):
            raise _overflow("exp", float(self.data.max()))
        e = np.exp(self.data)
        return Tensor._make(e, (self,), (lambda G: G * e,), "exp")

    def log(self):
        if np.any(self.data <= 0):
            raise ValueError(f"log needs numbers greater than 0, got {float(self.data.min()):g}")
        a = self.data
        return Tensor._make(np.log(a), (self,), (lambda G: G / a,), "log")

    def tanh(self):
        z = self.data  # chapter 4's tanh and its derivative 1 - tanh^2
        t = np.asarray(activations.tanh(z), dtype=float)
        dt = np.asarray(activations.tanh_prime(z), dtype=float)
        return Tensor._make(t, (self,), (lambda G: G * dt,), "tanh")

    def sigmoid(self):
        z = self.data  # chapter 4's stable sigmoid and its derivative
        s = np.asarray(activations.sigmoid(z), dtype=float)
        ds = np.asarray(activations.sigmoid_prime(z), dtype=float)
        return Tensor._make(s, (self,), (lambda G: G * ds,), "σ")

    def relu(self):
        a = self.data
        return Tensor._make(np.maximum(a, 0.0), (self,), (lambda G: G * (a > 0),), "relu")

    # --- matrices ----------------------------------------------------------------------------
    def __matmul__(self, other):
        other = _check_matmul(self, other)  # vectors or matrices whose inner sizes agree
        A = self.data.reshape(-1, self.shape[-1])  # a vector on the left is one row
        B = other.data.reshape(other.shape[0], -1)  # a vector on the right is one column
        vjps = (lambda G: (G.reshape(len(A), -1) @ B.T).reshape(self.shape),  # the left factor's gradient G B^T
                lambda G: (A.T @ G.reshape(len(A), -1)).reshape(other.shape))  # the right factor's gradient A^T G
        return Tensor._make((A @ B).reshape(self.shape[:-1] + other.shape[1:]), (self, other), vjps, "@")

    @property
    def T(self):
        """The transpose; its gradient is the gradient transposed back."""
        return Tensor._make(self.data.T, (self,), (lambda G: G.T,), "ᵀ")

    def reshape(self, *shape):
        """The same numbers in another shape (``b.reshape(-1, 1)`` makes a column)."""
        old = self.shape
        try:
            data = self.data.reshape(*shape)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"cannot reshape a tensor of shape {old} to {shape}: {exc}") from None
        return Tensor._make(data, (self,), (lambda G: G.reshape(old),), "reshape")

    def sum(self, axis=None):
        """Sum over ``axis`` (all entries when ``None``); backwards, each entry gets the gradient of its sum."""
        if axis is not None:
            if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
                raise TypeError(f"axis must be a whole number or None, got {axis!r}")
            if not -self.data.ndim <= axis < self.data.ndim:
                raise ValueError(f"axis must be between {-self.data.ndim} and {self.data.ndim - 1}, got {axis}")
        shape = self.shape
        if axis is None:
            vjp = (lambda G: np.full(shape, float(G)))
        else:
            vjp = (lambda G: np.broadcast_to(np.expand_dims(G, axis), shape).copy())
        return Tensor._make(np.sum(self.data, axis=axis), (self,), (vjp,), "Σ")

    def logsumexp(self, axis=0):
        """:math:`\\log \\sum_j e^{z_j}` over ``axis`` (the classes), computed without overflow.

        Its gradient is the softmax (chapter 10):
        :math:`\\partial/\\partial z_j \\log\\sum_k e^{z_k} = e^{z_j} / \\sum_k e^{z_k}`.
        """
        Z, axis = _check_logsumexp(self, axis)
        s = softmax.softmax(Z, axis=axis)  # the local derivative
        lse = np.asarray(softmax.logsumexp(Z, axis=axis), dtype=float)
        vjp = (lambda G: np.expand_dims(G, axis) * s)
        return Tensor._make(lse, (self,), (vjp,), "lse")

    # --- reverse mode ------------------------------------------------------------------------
    def backward(self, grad=None) -> None:
        """Fill in ``grad`` of every tensor of the graph: :math:`\\partial C / \\partial\\,\\text{tensor}`.

        Parameters
        ----------
        grad : array_like, optional
            The seed :math:`\\partial C/\\partial\\,\\text{this tensor}`, of this tensor's
            shape. It may be omitted only when this tensor holds a single number :math:`C`
            (then the seed is :math:`\\partial C / \\partial C = 1`).
        """
        if grad is None:
            if self.data.size != 1:
                raise ValueError(
                    f"backward() without a seed gradient needs a single number C, but this tensor "
                    f"has shape {self.shape}: reduce it first (for example .sum()), or pass "
                    f"grad= of shape {self.shape}"
                )
            seed = np.ones(self.shape)
        else:
            seed = _validate.as_array(grad, "grad")
            _validate.same_shape(seed, self.data, "grad", "the tensor")
        order = topological_order(self)
        for node in order:
            node.grad = np.zeros_like(node.data)
        self.grad = seed.copy()
        for node in reversed(order):
            for parent, vjp in zip(node.parents, node._vjps):
                parent.grad = parent.grad + vjp(node.grad)  # the chain rule; paths add


def _check_logsumexp(tensor, axis):
    if tensor.data.ndim not in (1, 2):
        raise ValueError(f"logsumexp needs scores of shape (K,) or (K, m), got {tensor.data.shape}")
    return softmax._check_scores(tensor.data, axis, "the tensor")


def softmax_cross_entropy(logits, y) -> Tensor:
    """Cross-entropy of :math:`\\operatorname{softmax}(Z)` against targets ``y``, averaged over the batch.

    .. math::

        C = \\frac1m \\sum_{i=1}^{m} \\Big( \\log\\sum_j e^{z_j^{(i)}} - \\sum_j y_j^{(i)} z_j^{(i)} \\Big)

    It is built from :meth:`Tensor.logsumexp`, a product and sums, so the engine *derives* the
    gradient :math:`(\\hat y - y)/m` of chapter 10 from those operations' rules. Each column of
    logits is first shifted by its largest score (a constant): since :math:`\\sum_j y_j = 1` the
    shift cancels from :math:`C` and from its gradient, and a confident correct prediction
    (logits :math:`[30, 0]`, target :math:`[1, 0]`) keeps every digit of its tiny loss.

    Parameters
    ----------
    logits : Tensor
        Scores :math:`Z`, shape ``(K,)`` or ``(K, m)`` (classes along axis 0).
    y : array_like
        Targets of the same shape; each column a probability distribution (usually one-hot).

    Returns
    -------
    Tensor
        A single number.

    Examples
    --------
    >>> z = Tensor([0.0, 0.0], "z")
    >>> C = softmax_cross_entropy(z, [0.0, 1.0])
    >>> round(float(C.data), 6)  # log 2
    0.693147
    >>> C.backward()
    >>> z.grad.tolist()
    [0.5, -0.5]
    """
    y, m = _check_softmax_cross_entropy(logits, y)
    Z = logits - logits.data.max(axis=0)  # the same C: each column's shift cancels, as its y sums to 1
    total = Z.logsumexp(axis=0).sum() - (Z * y).sum()
    return total * (1.0 / m)


def _check_softmax_cross_entropy(logits, y):
    if not isinstance(logits, Tensor):
        raise TypeError(f"logits must be a Tensor, got {type(logits).__name__}")
    if logits.data.ndim not in (1, 2):
        raise ValueError(f"logits must have shape (K,) or (K, m) (classes along axis 0), got {logits.shape}")
    y, _, m = losses._check_targets(y, logits.data, "logits")  # y: distributions of the logits' shape
    return y, m


# ---------------------------------------------------------------- forward mode: Dual

class Dual:
    """A dual number :math:`a + a'\\varepsilon` with :math:`\\varepsilon^2 = 0`: forward-mode differentiation.

    Start with :math:`x + 1\\varepsilon` and evaluate a function: the :math:`\\varepsilon`
    part of the result is the derivative, because
    :math:`f(a + a'\\varepsilon) = f(a) + f'(a)\\,a'\\varepsilon`. Each rule is the chain rule,
    carried forwards.

    Parameters
    ----------
    value : float
        :math:`a`.
    deriv : float, default 0
        :math:`a'`, the derivative with respect to the chosen input.

    Examples
    --------
    >>> x = Dual(3.0, 1.0)
    >>> y = x * x + 2 * x
    >>> y.value, y.deriv
    (15.0, 8.0)
    """

    __array_ufunc__ = None

    def __init__(self, value, deriv=0.0):
        self.value = _validate.as_scalar(value, "value")
        self.deriv = _validate.as_scalar(deriv, "deriv")

    def __repr__(self) -> str:
        return f"Dual({self.value:.6g}, {self.deriv:.6g})"

    @staticmethod
    def _lift(other):
        if isinstance(other, Dual):
            return other
        if isinstance(other, (Value, Tensor)):
            raise TypeError(f"cannot combine a Dual (forward mode) with a {type(other).__name__} (reverse mode)")
        if isinstance(other, numbers.Real) and not isinstance(other, (bool, np.bool_)):
            return Dual(_validate.as_scalar(other, "the operand combined with a Dual"), 0.0)
        raise TypeError(f"the operand combined with a Dual must be a Dual or a real number, got {type(other).__name__}")

    def __add__(self, o):
        o = Dual._lift(o)
        return Dual(self.value + o.value, self.deriv + o.deriv)

    def __sub__(self, o):
        o = Dual._lift(o)
        return Dual(self.value - o.value, self.deriv - o.deriv)

    def __mul__(self, o):
        o = Dual._lift(o)
        a, da, b, db = self.value, self.deriv, o.value, o.deriv
        return Dual(a * b, da * b + a * db)  # the product rule

    def __truediv__(self, o):
        o = Dual._lift(o)
        if o.value == 0:
            raise ZeroDivisionError(f"division of {self.value:g} by a Dual whose value is 0")
        return Dual(self.value / o.value, (self.deriv * o.value - self.value * o.deriv) / o.value ** 2)

    def __pow__(self, n):
        v = Value(self.value) ** n  # the same checks and the same rule n a^(n-1)
        return Dual(v.data, v.local[0] * self.deriv)

    def __neg__(self):
        return Dual(-self.value, -self.deriv)

    def __radd__(self, o):
        return Dual._lift(o) + self

    def __rsub__(self, o):
        return Dual._lift(o) - self

    def __rmul__(self, o):
        return Dual._lift(o) * self

    def __rtruediv__(self, o):
        return Dual._lift(o) / self

    def _chain(self, op):  # f(a + a'ε) = f(a) + f'(a) a' ε, with f and f' from Value's rules
        v = getattr(Value(self.value), op)()
        return Dual(v.data, v.local[0] * self.deriv)

    def exp(self):
        return self._chain("exp")

    def log(self):
        return self._chain("log")

    def tanh(self):
        return self._chain("tanh")

    def sigmoid(self):
        return self._chain("sigmoid")

    def relu(self):
        return self._chain("relu")


def derivative(f, x) -> float:
    """:math:`f'(x)` by forward mode: evaluate ``f`` at the dual number :math:`x + 1\\varepsilon`.

    Parameters
    ----------
    f : callable
        A function of one number built from arithmetic and the functions of this module.
    x : float

    Returns
    -------
    float

    Examples
    --------
    >>> derivative(lambda x: x ** 3, 2.0)
    12.0
    """
    if not callable(f):
        raise TypeError(f"f must be a function of one number, got {f!r}")
    out = f(Dual(_validate.as_scalar(x, "x"), 1.0))
    if not isinstance(out, Dual):
        raise TypeError(f"f must compute with its argument and return a number, got {type(out).__name__}")
    return out.deriv


# ---------------------------------------------------------------- one function for every type

def _apply(op: str, x):
    if isinstance(x, (Value, Tensor, Dual)):
        return getattr(x, op)()
    if isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)):
        return getattr(Value(_validate.as_scalar(x, "x")), op)().data
    raise TypeError(f"x must be a number, a Value, a Tensor or a Dual ({op} of it), got {type(x).__name__}")


def exp(x):
    """:math:`e^x` of a number, :class:`Value`, :class:`Tensor` or :class:`Dual`.

    Examples
    --------
    >>> exp(0.0), exp(Dual(0.0, 1.0)).deriv
    (1.0, 1.0)
    """
    return _apply("exp", x)


def log(x):
    """:math:`\\ln x` (for :math:`x > 0`) of a number, Value, Tensor or Dual.

    Examples
    --------
    >>> log(1.0)
    0.0
    """
    return _apply("log", x)


def tanh(x):
    """:math:`\\tanh x` of a number, Value, Tensor or Dual.

    Examples
    --------
    >>> tanh(0.0)
    0.0
    """
    return _apply("tanh", x)


def sigmoid(x):
    """:math:`\\sigma(x) = 1/(1 + e^{-x})` of a number, Value, Tensor or Dual (stable for any finite x).

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    """
    return _apply("sigmoid", x)


def relu(x):
    """:math:`\\max(0, x)` of a number, Value, Tensor or Dual.

    Examples
    --------
    >>> relu(-2.0), relu(3.0)
    (0.0, 3.0)
    """
    return _apply("relu", x)
