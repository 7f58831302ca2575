"""Tests of nblib.autodiff: hand-worked values, chapter 8's 2-2-2 step, chapter 9's backpropagation on
random networks, chapter 10's softmax gradient, finite differences on random graphs, forward mode,
and the error messages."""

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nblib import autodiff as ad
from nblib import losses, softmax
from nblib.autodiff import Dual, Tensor, Value
from nblib._validate import DivergedError
from nblib.gradcheck import numerical_gradient, relative_error
from nblib.network import Network

FAST = settings(max_examples=40, deadline=None)


# ---------------------------------------------------------------- hand-worked scalar values

def test_neuron_by_hand():
    # z = w x + b = 0.5 * 2 - 0.5 = 0.5, a = sigma(0.5), C = (y - a)^2 / 2 with y = 1
    w, x, b = Value(0.5, "w"), Value(2.0, "x"), Value(-0.5, "b")
    a = (w * x + b).sigmoid()
    C = 0.5 * (1.0 - a) ** 2
    C.backward()
    s = 1 / (1 + math.exp(-0.5))
    delta = (s - 1.0) * s * (1 - s)  # dC/dz
    assert C.data == pytest.approx(0.5 * (1 - s) ** 2, abs=1e-15)
    assert w.grad == pytest.approx(delta * 2.0, abs=1e-15)
    assert b.grad == pytest.approx(delta, abs=1e-15)
    assert x.grad == pytest.approx(delta * 0.5, abs=1e-15)
    assert C.grad == 1.0


@pytest.mark.parametrize("build, value, grads", [
    (lambda a, b: a + b, 5.0, (1.0, 1.0)),
    (lambda a, b: a - b, -1.0, (1.0, -1.0)),
    (lambda a, b: a * b, 6.0, (3.0, 2.0)),
    (lambda a, b: a / b, 2 / 3, (1 / 3, -2 / 9)),
    (lambda a, b: a ** 3 + b, 11.0, (12.0, 1.0)),
    (lambda a, b: ad.exp(a) * b, 3 * math.exp(2), (3 * math.exp(2), math.exp(2))),
    (lambda a, b: ad.log(a) + b, math.log(2) + 3, (0.5, 1.0)),
    (lambda a, b: ad.tanh(a - b), math.tanh(-1), (1 - math.tanh(-1) ** 2, -(1 - math.tanh(-1) ** 2))),
    (lambda a, b: ad.relu(a - b) + ad.relu(b - a), 1.0, (-1.0, 1.0)),
    (lambda a, b: 1 / a - b, -2.5, (-0.25, -1.0)),
    (lambda a, b: 10 - a * 2 + (-b), 3.0, (-2.0, -1.0)),
])
def test_each_operation_by_hand(build, value, grads):
    a, b = Value(2.0, "a"), Value(3.0, "b")
    out = build(a, b)
    out.backward()
    assert out.data == pytest.approx(value, abs=1e-14)
    assert (a.grad, b.grad) == pytest.approx(grads, abs=1e-14)


def test_local_derivatives_are_recorded_on_the_edges():
    a, b = Value(2.0), Value(3.0)
    p = a * b
    assert p.op == "×" and p.parents == (a, b) and p.local == (3.0, 2.0)
    assert a.op == "" and a.parents == () and a.local == ()


def test_gradients_add_where_paths_merge():
    x = Value(3.0, "x")
    y = x * x + x  # x reaches y along three paths: 3 + 3 + 1
    y.backward()
    assert x.grad == 7.0
    u = x.tanh()
    v = u * u  # one node used twice: d/dx tanh^2 = 2 tanh (1 - tanh^2)
    v.backward()
    assert x.grad == pytest.approx(2 * math.tanh(3) * (1 - math.tanh(3) ** 2), abs=1e-15)


def test_backward_twice_gives_the_same_gradients():
    w = Value(0.7)
    C = (w * 2.0).sigmoid()
    C.backward()
    first = w.grad
    C.backward()
    assert w.grad == first


def test_topological_order_puts_parents_first_and_root_last():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    c = a * b
    d = c + a
    order = ad.topological_order(d)
    assert order[-1] is d
    pos = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for p in node.parents:
            assert pos[id(p)] < pos[id(node)]
    assert len(order) == len({id(n) for n in order}) == 4


def test_a_long_chain_needs_no_recursion():
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0001 + 0.0
    y.backward()
    assert x.grad == pytest.approx(1.0001 ** 5000, rel=1e-12)


# ---------------------------------------------------------------- chapter 8: the 2-2-2 network
W1 = [[0.15, 0.20], [0.25, 0.30]]
B1 = [0.35, 0.35]
W2 = [[0.40, 0.45], [0.50, 0.55]]
B2 = [0.60, 0.60]
X = [0.05, 0.10]
Y = [0.01, 0.99]
ETA = 0.5
# chapter 8's printed figures (9 decimals): gradients w1..w8 and the weights after one update
CH8_GRADS = [0.000438568, 0.000877135, 0.000497713, 0.000995425,
             0.082167041, 0.082667628, -0.022602540, -0.022740242]
CH8_NEW = [0.149780716, 0.199561432, 0.249751144, 0.299502287,
           0.358916480, 0.408666186, 0.511301270, 0.561370121]
CH8_E0, CH8_E1 = 0.298371109, 0.291027774


def scalar_222(W1, B1, W2, B2):
    """The 2-2-2 loss as a graph of scalar operations; returns (C, [w1..w8] leaves)."""
    w = [Value(v, f"w{i + 1}") for i, v in enumerate(np.ravel(W1).tolist() + np.ravel(W2).tolist())]
    x = [Value(v) for v in X]
    h = [(w[2 * k] * x[0] + w[2 * k + 1] * x[1] + B1[k]).sigmoid() for k in range(2)]
    o = [(w[4 + 2 * k] * h[0] + w[5 + 2 * k] * h[1] + B2[k]).sigmoid() for k in range(2)]
    C = 0.5 * (Y[0] - o[0]) ** 2 + 0.5 * (Y[1] - o[1]) ** 2
    return C, w


def tensor_222(W1, B1, W2, B2):
    leaves = [Tensor(W1, "W1"), Tensor(B1, "b1"), Tensor(W2, "W2"), Tensor(B2, "b2")]
    W1t, b1t, W2t, b2t = leaves
    y_hat = (W2t @ (W1t @ Tensor(X, "x") + b1t).sigmoid() + b2t).sigmoid()
    return 0.5 * ((Tensor(Y) - y_hat) ** 2).sum(), leaves


def test_222_scalar_engine_gives_chapter_8_digits():
    C, w = scalar_222(W1, B1, W2, B2)
    C.backward()
    grads = [v.grad for v in w]
    assert round(C.data, 9) == CH8_E0
    assert [round(g, 9) for g in grads] == CH8_GRADS
    new = [v.data - ETA * v.grad for v in w]
    assert [round(v, 9) for v in new] == CH8_NEW
    C1, _ = scalar_222(np.reshape(new[:4], (2, 2)), B1, np.reshape(new[4:], (2, 2)), B2)
    assert round(C1.data, 9) == CH8_E1


def test_222_tensor_engine_gives_chapter_8_digits_and_matches_the_scalar_engine():
    C, (W1t, b1t, W2t, b2t) = tensor_222(W1, B1, W2, B2)
    C.backward()
    grads = np.concatenate([W1t.grad.ravel(), W2t.grad.ravel()])
    assert np.round(grads, 9).tolist() == CH8_GRADS
    new = np.concatenate([(W1t.data - ETA * W1t.grad).ravel(), (W2t.data - ETA * W2t.grad).ravel()])
    assert np.round(new, 9).tolist() == CH8_NEW
    Cs, w = scalar_222(W1, B1, W2, B2)
    Cs.backward()
    assert relative_error(grads, [v.grad for v in w]) < 1e-14
    # bias gradients are the deltas of chapter 8
    net = Network([W1, W2], [B1, B2], ["sigmoid", "sigmoid"])
    _, g, _ = net.loss_and_grads(X, Y)
    assert relative_error(b1t.grad, g.db[0]) < 1e-14 and relative_error(b2t.grad, g.db[1]) < 1e-14


# ---------------------------------------------------------------- chapter 9: random networks

def tensor_network(net, x, y):
    """Chapter 9's forward pass and half-SSE loss, written with Tensors."""
    Ws = [Tensor(W, f"W{l}") for l, W in enumerate(net.weights, 1)]
    bs = [Tensor(b, f"b{l}") for l, b in enumerate(net.biases, 1)]
    a = Tensor(x, "x")
    for W, b, f in zip(Ws, bs, net.activations):
        z = W @ a + (b if a.data.ndim == 1 else b.reshape(-1, 1))
        a = z if f == "identity" else getattr(z, f)()
    return 0.5 * ((Tensor(y) - a) ** 2).sum(), Ws, bs


@FAST
@given(sizes=st.lists(st.integers(1, 6), min_size=2, max_size=4),
       act=st.sampled_from(["sigmoid", "tanh", "relu", "identity"]),
       m=st.sampled_from([None, 1, 5]), seed=st.integers(0, 2 ** 16))
def test_random_networks_match_chapter_9_backprop(sizes, act, m, seed):
    net = Network.random(sizes, act, seed=seed)
    rng = np.random.default_rng(seed + 1)
    shape_x = (sizes[0],) if m is None else (sizes[0], m)
    shape_y = (sizes[-1],) if m is None else (sizes[-1], m)
    x, y = rng.normal(size=shape_x), rng.normal(size=shape_y)
    C, Ws, bs = tensor_network(net, x, y)
    C.backward()
    E, g, _ = net.loss_and_grads(x, y)
    assert float(C.data) == pytest.approx(E, rel=1e-12)
    for W, b, dW, db in zip(Ws, bs, g.dW, g.db):
        assert relative_error(W.grad, dW) < 1e-12
        assert relative_error(b.grad, db) < 1e-12


# ---------------------------------------------------------------- chapter 10: softmax cross-entropy

@FAST
@given(K=st.integers(2, 6), m=st.integers(1, 5), seed=st.integers(0, 2 ** 16), scale=st.sampled_from([1.0, 30.0]))
def test_softmax_cross_entropy_gradient_is_y_hat_minus_y(K, m, seed, scale):
    rng = np.random.default_rng(seed)
    z = Tensor(scale * rng.normal(size=(K, m)), "z")
    y = softmax.one_hot(rng.integers(0, K, size=m), K)
    C = ad.softmax_cross_entropy(z, y)
    C.backward()
    assert float(C.data) == pytest.approx(losses.softmax_cross_entropy(y, z.data), rel=1e-12)
    np.testing.assert_allclose(z.grad, (softmax.softmax(z.data) - y) / m, rtol=0, atol=1e-15)


def test_softmax_cross_entropy_is_stable_for_huge_logits():
    z = Tensor([0.0, 1e4, -1e4], "z")
    C = ad.softmax_cross_entropy(z, [1.0, 0.0, 0.0])  # would overflow without log-sum-exp
    C.backward()
    assert float(C.data) == 1e4
    assert z.grad.tolist() == [-1.0, 1.0, 0.0]


def test_softmax_cross_entropy_one_example():
    z = Tensor([1.0, 2.0, 3.0])
    C = ad.softmax_cross_entropy(z, [0.0, 0.0, 1.0])
    C.backward()
    np.testing.assert_allclose(z.grad, softmax.softmax([1.0, 2.0, 3.0]) - [0, 0, 1], atol=1e-15)


# ---------------------------------------------------------------- finite differences on random graphs
# Smooth operations, each defined on every real input, written once and used with floats (for the
# finite difference) and with Values (for the engine).
# Each keeps the values of moderate size however deep the graph, so nothing can overflow.
UNARY = [
    lambda a: ad.tanh(a), lambda a: ad.sigmoid(a), lambda a: ad.log(1.0 + a * a),
    lambda a: ad.exp(ad.tanh(a)), lambda a: (1.0 + a * a) ** 0.5, lambda a: ad.tanh(a) ** 3,
    lambda a: -a, lambda a: 2.0 - a * 0.5,
]
BINARY = [
    lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * ad.tanh(b), lambda a, b: a / (1.0 + b * b),
]


@st.composite
def programs(draw):
    """A random graph: each step applies an operation to earlier nodes (inputs first)."""
    n_in = draw(st.integers(1, 4))
    steps = []
    for k in range(draw(st.integers(1, 12))):
        n = n_in + k
        if draw(st.booleans()):
            steps.append(("u", draw(st.integers(0, len(UNARY) - 1)), draw(st.integers(0, n - 1)), 0))
        else:
            steps.append(("b", draw(st.integers(0, len(BINARY) - 1)), draw(st.integers(0, n - 1)),
                          draw(st.integers(0, n - 1))))
    x = draw(st.lists(st.floats(-2, 2), min_size=n_in, max_size=n_in))
    return steps, x


def run(program, inputs):
    steps, _ = program
    nodes = list(inputs)
    for kind, f, i, j in steps:
        nodes.append(UNARY[f](nodes[i]) if kind == "u" else BINARY[f](nodes[i], nodes[j]))
    out = nodes[-1]
    for node in nodes[len(inputs):-1]:  # every node counts, so every path is exercised
        out = out + 0.1 * node
    return out


@FAST
@given(programs())
def test_random_scalar_graphs_match_finite_differences(program):
    x = program[1]
    leaves = [Value(v) for v in x]
    C = run(program, leaves)
    C.backward()
    numerical = numerical_gradient(lambda t: run(program, [float(v) for v in t]), x)
    grads = np.array([v.grad for v in leaves])
    assert np.allclose(grads, numerical, rtol=1e-6, atol=1e-7)


@FAST
@given(program=programs())
def test_forward_mode_agrees_with_reverse_mode(program):
    x = program[1]
    leaves = [Value(v) for v in x]
    run(program, leaves).backward()
    for i in range(len(x)):  # forward mode: one pass per input
        seeded = [Dual(v, 1.0 if k == i else 0.0) for k, v in enumerate(x)]
        assert run(program, seeded).deriv == pytest.approx(leaves[i].grad, rel=1e-12, abs=1e-14)


@FAST
@given(n=st.integers(1, 4), k=st.integers(1, 4), m=st.integers(1, 4), seed=st.integers(0, 2 ** 16))
def test_random_tensor_graphs_match_finite_differences(n, k, m, seed):
    rng = np.random.default_rng(seed)
    shapes = [(n, k), (k, m), (n, 1), (m,), (n, m)]
    values = [rng.normal(size=s) for s in shapes]
    # finite differences of step 1e-5 straddle relu's kink at A² = 4 for an entry within a step of ±2
    # (seed 7877 draws A = −1.99999839): there the difference quotient is no derivative to compare with
    assume(np.all(np.abs(np.abs(values[0]) - 2.0) > 1e-3))

    def f(tensors):
        A, B, c, d, E = tensors
        Z = (A @ B + c).tanh() * d - E / (1.0 + E * E)   # broadcasting (n,1) and (m,)
        S = (Z ** 2).sum(axis=0) + Z.T.sum(axis=1).exp().reshape(-1)  # (m,) + (m,)
        return S.sum() + ad.softmax_cross_entropy(Z, np.full((n, m), 1.0 / n)) + ((A * A - 4.0).relu() * 0.3).sum()  # kink far from N(0, 1) draws

    leaves = [Tensor(v) for v in values]
    f(leaves).backward()
    for i, v in enumerate(values):
        def g(t, i=i):
            return float(f([Tensor(t) if j == i else Tensor(w) for j, w in enumerate(values)]).data)
        num = numerical_gradient(g, v)
        assert np.allclose(leaves[i].grad, num, rtol=1e-5, atol=1e-6), i


# ---------------------------------------------------------------- arrays: shapes and broadcasting

def test_unbroadcast_sums_the_copies():
    g = np.arange(6.0).reshape(2, 3)
    assert ad.unbroadcast(g, (2, 3)).tolist() == g.tolist()
    assert ad.unbroadcast(g, (2, 1)).tolist() == [[3.0], [12.0]]
    assert ad.unbroadcast(g, (3,)).tolist() == [3.0, 5.0, 7.0]
    assert ad.unbroadcast(g, ()) == 15.0
    with pytest.raises(ValueError, match="shape must be a shape that broadcasts to g's shape"):
        ad.unbroadcast(g, (4,))


def test_bias_column_gets_the_sum_over_the_batch():
    W = Tensor([[1.0, 2.0]])
    b = Tensor([[0.5]])
    X = Tensor([[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]])
    C = (W @ X + b).sum()
    C.backward()
    assert b.grad.tolist() == [[3.0]]
    assert W.grad.tolist() == [[6.0, 2.0]]
    assert X.grad.tolist() == [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]


@pytest.mark.parametrize("a, b", [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4))])
def test_matmul_gradients_for_every_pairing_of_vectors_and_matrices(a, b):
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=a), rng.normal(size=b)
    At, Bt = Tensor(A), Tensor(B)
    ((At @ Bt) ** 2).sum().backward()
    nA = numerical_gradient(lambda t: float(np.sum((t @ B) ** 2)), A)
    nB = numerical_gradient(lambda t: float(np.sum((A @ t) ** 2)), B)
    assert relative_error(At.grad, nA) < 1e-8 and relative_error(Bt.grad, nB) < 1e-8


def test_seeded_backward_of_a_non_scalar_is_a_vector_jacobian_product():
    W = Tensor([[1.0, 2.0], [3.0, 4.0]])
    x = Tensor([1.0, 1.0])
    z = W @ x
    z.backward(grad=[1.0, 0.0])  # picks the first row of the Jacobian
    assert x.grad.tolist() == [1.0, 2.0]
    assert W.grad.tolist() == [[1.0, 1.0], [0.0, 0.0]]


# ---------------------------------------------------------------- stability: no warnings, no nan

def test_extremes_give_no_warning_and_no_nan():
    s = Value(-1000.0).sigmoid()
    s.backward()
    assert s.data == 0.0 and s.parents[0].grad == 0.0
    z = Tensor([-1e4, 0.0, 1e4])
    C = z.sigmoid().sum() + z.tanh().sum()
    C.backward()
    assert np.all(np.isfinite(z.grad)) and z.grad[1] == 1.25
    assert Value(700.0).exp().data == math.exp(700.0)
    assert float(Tensor([1e4, 1e4]).logsumexp().data) == pytest.approx(1e4 + math.log(2), abs=1e-9)


def test_sigmoid_and_tanh_derivatives_stay_accurate_where_the_function_rounds_to_1():
    # sigma(40) rounds to 1, so s(1 - s) would give 0; the true derivative is e^-40 / (1 + e^-40)^2
    assert Value(40.0).sigmoid().local[0] == pytest.approx(math.exp(-40.0), rel=1e-12)
    assert Value(-40.0).tanh().local[0] == pytest.approx(4 * math.exp(-80.0), rel=1e-12)
    z = Tensor([40.0])
    z.sigmoid().sum().backward()
    assert z.grad[0] == pytest.approx(math.exp(-40.0), rel=1e-12)


def test_overflow_is_an_error_not_inf():
    with pytest.raises(DivergedError, match="exp overflows"):
        Value(710.0).exp()
    with pytest.raises(DivergedError, match="exp overflows"):
        Tensor([1.0, 800.0]).exp()
    with pytest.raises(DivergedError, match="overflows"):
        Value(1e200) * 1e200
    with pytest.raises(DivergedError, match="overflows"):
        Value(1e200) ** 2
    with pytest.raises(DivergedError, match="overflows"):
        Tensor([1e200]) ** 2
    with pytest.raises(DivergedError):
        ad.exp(1000.0)


# ---------------------------------------------------------------- errors

def test_backward_on_a_non_scalar_needs_a_seed():
    z = Tensor([[1.0, 2.0]]) * 2.0
    with pytest.raises(ValueError, match=r"needs a single number C.*shape \(1, 2\).*sum"):
        z.backward()
    with pytest.raises(ValueError, match="grad and the tensor must have the same shape"):
        z.backward(grad=[1.0, 1.0])
    Tensor([[3.0]]).backward()  # one number in any shape is fine


def test_mismatched_shapes_are_named():
    with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(2,\) do not match for '\+'"):
        Tensor(np.ones((2, 3))) + Tensor(np.ones(2))
    with pytest.raises(ValueError, match=r"\(2, 3\) @ \(2,\).*3 columns.*2 rows"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones(2))
    with pytest.raises(ValueError, match="vectors or matrices"):
        Tensor(np.ones((2, 2, 2))) @ Tensor(np.ones(2))
    with pytest.raises(ValueError, match="cannot reshape"):
        Tensor(np.ones(3)).reshape(2, 2)
    with pytest.raises(ValueError, match="axis must be between"):
        Tensor(np.ones(3)).sum(axis=1)
    with pytest.raises(TypeError, match="axis must be a whole number"):
        Tensor(np.ones(3)).sum(axis=0.5)
    with pytest.raises(ValueError, match=r"y and logits must have the same shape"):
        ad.softmax_cross_entropy(Tensor(np.ones((3, 2))), np.ones((3,)))
    with pytest.raises(ValueError, match=r"shape \(K,\) or \(K, m\)"):
        Tensor(np.ones((2, 2, 2))).logsumexp()


@pytest.mark.parametrize("make", [
    lambda: Value(1.0) + Tensor([1.0]),
    lambda: Tensor([1.0]) * Value(2.0),
    lambda: Dual(1.0) + Value(1.0),
    lambda: Value(1.0) - Dual(1.0),
    lambda: Tensor([1.0]) @ Dual(1.0),
    lambda: np.array([1.0, 2.0]) * Value(2.0),
    lambda: Value(2.0) * np.array([1.0, 2.0]),
    lambda: Value(1.0) + "1",
    lambda: Value(1.0) + True,
    lambda: Value(2.0) ** Value(2.0),
    lambda: Tensor(Value(1.0)),
    lambda: Dual(1.0) * [1.0],
])
def test_mixing_number_types_is_a_type_error(make):
    with pytest.raises(TypeError):
        make()


def test_mixing_message_says_what_to_do():
    with pytest.raises(TypeError, match="cannot combine a Value with a Tensor.*one of them"):
        Value(1.0) + Tensor([1.0])


@pytest.mark.parametrize("make, error, match", [
    (lambda: Value(0.0).log(), ValueError, "greater than 0, got 0"),
    (lambda: Tensor([1.0, -1.0]).log(), ValueError, "greater than 0, got -1"),
    (lambda: Value(1.0) / 0.0, ZeroDivisionError, "equal to 0"),
    (lambda: Tensor([1.0]) / Tensor([0.0]), ZeroDivisionError, "equal to 0"),
    (lambda: Dual(1.0) / 0.0, ZeroDivisionError, "value is 0"),
    (lambda: Value(-2.0) ** 0.5, ValueError, "not a real number"),
    (lambda: Tensor([-2.0]) ** 0.5, ValueError, "not real"),
    (lambda: Value(0.0) ** -1, ValueError, "no finite derivative"),
    (lambda: Tensor([0.0]) ** 0.5, ValueError, "no finite derivative"),
    (lambda: Value(float("nan")), ValueError, "data must be finite"),
    (lambda: Tensor([1.0, float("inf")]), ValueError, "data must be finite"),
    (lambda: Tensor([]), ValueError, "data must not be empty"),
    (lambda: Value("1"), TypeError, "data must be a real number"),
    (lambda: Value(1.0, label=3), TypeError, "label must be a string"),
    (lambda: ad.topological_order(1.0), TypeError, "root must be a Value or a Tensor"),
    (lambda: ad.derivative(3.0, 1.0), TypeError, "f must be a function"),
    (lambda: ad.derivative(lambda x: 3.0, 1.0), TypeError, "must compute with its argument"),
    (lambda: ad.exp("x"), TypeError, "x must be a number, a Value, a Tensor or a Dual"),
    (lambda: ad.softmax_cross_entropy(np.ones(2), [0.0, 1.0]), TypeError, "logits must be a Tensor"),
])
def test_bad_values_raise_clear_errors(make, error, match):
    with pytest.raises(error, match=match):
        make()


@FAST
@given(st.one_of(st.text(max_size=3), st.none(), st.booleans(), st.lists(st.floats(), max_size=2)))
def test_value_refuses_anything_but_a_real_number(bad):
    with pytest.raises(TypeError):
        Value(bad)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_value_tensor_and_dual_refuse_nan_and_infinity(bad):
    for make in (Value, lambda v: Tensor([1.0, v]), Dual, lambda v: Dual(1.0, v)):
        with pytest.raises(ValueError, match="finite"):
            make(bad)


# ---------------------------------------------------------------- forward mode

def test_dual_numbers_by_hand():
    x = Dual(2.0, 1.0)
    y = ad.sigmoid(x) * x ** 2 / (1.0 + x)
    s = 1 / (1 + math.exp(-2))
    # d/dx [s(x) x^2 / (1 + x)] at 2 = s'(2)*4/3 + s*(2*2*3 - 4)/9
    assert y.value == pytest.approx(s * 4 / 3, abs=1e-15)
    assert y.deriv == pytest.approx(s * (1 - s) * 4 / 3 + s * 8 / 9, abs=1e-15)
    assert ad.derivative(lambda t: ad.log(t) - ad.relu(-t) + ad.tanh(t) - 3 * t + 1, 2.0) == pytest.approx(
        0.5 + (1 - math.tanh(2) ** 2) - 3, abs=1e-15)


def test_module_functions_on_plain_numbers():
    assert ad.exp(1.0) == math.exp(1.0)
    assert ad.sigmoid(-800.0) == 0.0
    assert ad.relu(np.float64(2.5)) == 2.5


def test_repr():
    assert repr(Value(2.0, "w")) == "Value(w, data=2, grad=0)"
    assert repr(Tensor(np.ones((2, 3)), "W")) == "Tensor(W, shape=(2, 3))"
    assert repr(Dual(1.0, 2.0)) == "Dual(1, 2)"


def test_importing_autodiff_does_not_load_matplotlib():
    code = "import sys, nblib.autodiff; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
