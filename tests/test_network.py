"""Tests of nblib.network: chapter 7 and 8 numbers by hand, finite differences, validation, files."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nblib import gradcheck, losses
from nblib._validate import DivergedError
from nblib.network import Forward, Gradients, Network

# ---------------------------------------------------------------- chapter 8: the 2-2-2 network
W1 = [[0.15, 0.20], [0.25, 0.30]]
B1 = [0.35, 0.35]
W2 = [[0.40, 0.45], [0.50, 0.55]]
B2 = [0.60, 0.60]
X = [0.05, 0.10]
T = [0.01, 0.99]


def sig(z):
    return 1.0 / (1.0 + math.exp(-z))


def hand_222():
    """The chapter-8 step worked with plain floats, neuron by neuron (w1..w8 as in the source)."""
    i1, i2 = X
    w1, w2, w3, w4 = 0.15, 0.20, 0.25, 0.30
    w5, w6, w7, w8 = 0.40, 0.45, 0.50, 0.55
    b1, b2 = 0.35, 0.60
    net_h1 = w1 * i1 + w2 * i2 + b1
    net_h2 = w3 * i1 + w4 * i2 + b1
    out_h1, out_h2 = sig(net_h1), sig(net_h2)
    net_o1 = w5 * out_h1 + w6 * out_h2 + b2
    net_o2 = w7 * out_h1 + w8 * out_h2 + b2
    out_o1, out_o2 = sig(net_o1), sig(net_o2)
    E = 0.5 * (T[0] - out_o1) ** 2 + 0.5 * (T[1] - out_o2) ** 2
    d_o1 = (out_o1 - T[0]) * out_o1 * (1 - out_o1)
    d_o2 = (out_o2 - T[1]) * out_o2 * (1 - out_o2)
    d_h1 = (d_o1 * w5 + d_o2 * w7) * out_h1 * (1 - out_h1)
    d_h2 = (d_o1 * w6 + d_o2 * w8) * out_h2 * (1 - out_h2)
    return dict(
        net_h=[net_h1, net_h2], out_h=[out_h1, out_h2], net_o=[net_o1, net_o2], out_o=[out_o1, out_o2],
        E=E, delta_o=[d_o1, d_o2], delta_h=[d_h1, d_h2],
        dW2=[[d_o1 * out_h1, d_o1 * out_h2], [d_o2 * out_h1, d_o2 * out_h2]],
        dW1=[[d_h1 * i1, d_h1 * i2], [d_h2 * i1, d_h2 * i2]],
    )


@pytest.fixture
def net222():
    return Network([W1, W2], [B1, B2], ["sigmoid", "sigmoid"])


def test_222_forward_by_hand(net222):
    h = hand_222()
    fwd = net222.forward(X)
    np.testing.assert_allclose(fwd.z[0], h["net_h"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(fwd.a[0], h["out_h"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(fwd.z[1], h["net_o"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(fwd.output, h["out_o"], rtol=0, atol=1e-9)
    assert fwd.output is fwd.a[-1]
    assert losses.half_sse(T, fwd.output) == pytest.approx(h["E"], abs=1e-12)
    # the source's published total error
    assert h["E"] == pytest.approx(0.298371109, abs=1e-9)


def test_222_backward_by_hand(net222):
    h = hand_222()
    fwd = net222.forward(X)
    g = net222.backward(fwd, losses.half_sse_grad(T, fwd.output))
    np.testing.assert_allclose(g.delta[1], h["delta_o"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(g.delta[0], h["delta_h"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(g.dW[1], h["dW2"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(g.dW[0], h["dW1"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(g.db[1], h["delta_o"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(g.db[0], h["delta_h"], rtol=0, atol=1e-9)
    # the known dE/dw5 of the worked example
    assert g.dW[1][0, 0] == pytest.approx(0.082167041, abs=1e-9)


def test_222_update_by_hand(net222):
    h = hand_222()
    fwd = net222.forward(X)
    g = net222.backward(fwd, losses.half_sse_grad(T, fwd.output))
    new = net222.update(g, 0.5, update_biases=False)
    np.testing.assert_allclose(new.weights[1], np.array(W2) - 0.5 * np.array(h["dW2"]), rtol=0, atol=1e-12)
    np.testing.assert_allclose(new.weights[0], np.array(W1) - 0.5 * np.array(h["dW1"]), rtol=0, atol=1e-12)
    assert new.biases[0].tolist() == B1 and new.biases[1].tolist() == B2
    # published updated weights (rounded to 8-9 digits in the source)
    np.testing.assert_allclose(new.weights[1], [[0.35891648, 0.408666186], [0.511301270, 0.561370121]], atol=1e-8)
    np.testing.assert_allclose(new.weights[0], [[0.149780716, 0.19956143], [0.24975114, 0.29950229]], atol=1e-8)
    both = net222.update(g, 0.5)
    np.testing.assert_allclose(both.biases[1], np.array(B2) - 0.5 * np.array(h["delta_o"]), atol=1e-12)
    # the original is unchanged
    assert net222.weights[0].tolist() == W1


def test_loss_and_grads_matches_backward(net222):
    E, g, fwd = net222.loss_and_grads(X, T)
    h = hand_222()
    assert E == pytest.approx(h["E"], abs=1e-12)
    np.testing.assert_allclose(g.dW[1], h["dW2"], atol=1e-12)
    E2, g2, _ = net222.loss_and_grads(X, T, loss="mse")
    assert E2 == pytest.approx(E, abs=1e-12)  # two outputs: mean of squares = sum of halves
    with pytest.raises(ValueError, match="loss must be one of"):
        net222.loss_and_grads(X, T, loss="hinge")


# ---------------------------------------------------------------- chapter 7: the fruit network
def test_fruit_forward_by_hand():
    net = Network([[[0.5, 0.2], [0.3, 0.8]], [[0.4, 0.7]]], [[0.1, 0.1], [0.2]], ["relu", "sigmoid"])
    fwd = net.forward([1.0, 1.0])
    z1 = [0.5 + 0.2 + 0.1, 0.3 + 0.8 + 0.1]
    z2 = 0.4 * z1[0] + 0.7 * z1[1] + 0.2
    np.testing.assert_allclose(fwd.z[0], z1, atol=1e-12)
    np.testing.assert_allclose(fwd.a[0], z1, atol=1e-12)
    assert fwd.output.shape == (1,)
    assert fwd.output[0] == pytest.approx(1 / (1 + math.exp(-z2)), abs=1e-12)


def test_relu_cuts_negative():
    net = Network([[[1.0], [-1.0]], [[1.0, 1.0]]], [[0.0, 0.0], [0.0]], ["relu", "identity"])
    fwd = net.forward([2.0])
    assert fwd.a[0].tolist() == [2.0, 0.0]
    g = net.backward(fwd, [1.0])
    assert g.dW[0].tolist() == [[2.0], [0.0]]


# ---------------------------------------------------------------- batches
def test_batch_equals_columns_and_sums_gradients():
    net = Network.random([3, 4, 2], ["tanh", "sigmoid"], seed=3)
    rng = np.random.default_rng(0)
    X_ = rng.normal(size=(3, 5))
    Y = rng.uniform(size=(2, 5))
    fwd = net.forward(X_)
    assert fwd.x.shape == (3, 5) and fwd.z[0].shape == (4, 5) and fwd.output.shape == (2, 5)
    g = net.backward(fwd, fwd.output - Y)
    dW = [np.zeros_like(W) for W in net.weights]
    db = [np.zeros_like(b) for b in net.biases]
    for j in range(5):
        f1 = net.forward(X_[:, j])
        np.testing.assert_allclose(f1.output, fwd.output[:, j], atol=1e-12)
        g1 = net.backward(f1, f1.output - Y[:, j])
        for l in range(2):
            dW[l] += g1.dW[l]
            db[l] += g1.db[l]
    for l in range(2):
        np.testing.assert_allclose(g.dW[l], dW[l], atol=1e-12)
        np.testing.assert_allclose(g.db[l], db[l], atol=1e-12)
        assert g.delta[l].shape == fwd.z[l].shape


# ---------------------------------------------------------------- finite differences
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=5),
    acts=st.lists(st.sampled_from(["sigmoid", "tanh", "relu", "identity"]), min_size=4, max_size=4),
    m=st.sampled_from([None, 1, 3]),
    seed=st.integers(0, 2**16),
)
def test_gradients_of_random_networks_match_finite_differences(sizes, acts, m, seed):
    """Random shapes, depths, activations, single examples and batches against finite differences."""
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, acts[:len(sizes) - 1], seed=seed)
    net = net.with_params(net.get_params() + 0.1 * rng.normal(size=net.n_params))  # nonzero biases
    x = rng.normal(size=(sizes[0],) if m is None else (sizes[0], m))
    y = rng.uniform(size=(sizes[-1],) if m is None else (sizes[-1], m))
    # keep every ReLU input away from its kink at 0, where finite differences are not a derivative
    if any(abs(z).min() < 1e-3 for z, f in zip(net.forward(x).z, net.activations) if f == "relu"):
        return

    def C(theta):
        return losses.half_sse(y, net.with_params(theta).forward(x).output)

    fwd = net.forward(x)
    g = net.backward(fwd, losses.half_sse_grad(y, fwd.output))
    num = gradcheck.numerical_gradient(C, net.get_params())
    assert np.allclose(g.as_vector(), num, rtol=1e-5, atol=1e-8)


def test_dC_dz_softmax_cross_entropy():
    net = Network.random([3, 4, 3], ["tanh", "identity"], seed=5)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 2))
    Y = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])

    def softmax(z):
        e = np.exp(z - z.max(axis=0))
        return e / e.sum(axis=0)

    def L(theta):
        p = softmax(net.with_params(theta).forward(x).output)
        return float(-np.sum(Y * np.log(p)))

    fwd = net.forward(x)
    g = net.backward(fwd, dC_dz=softmax(fwd.output) - Y)
    num = gradcheck.numerical_gradient(L, net.get_params())
    assert gradcheck.relative_error(g.as_vector(), num) < 1e-6


# ---------------------------------------------------------------- params and files
def test_params_round_trip_and_order():
    net = Network([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0]]], [[7.0, 8.0], [9.0]], ["tanh", "identity"])
    assert net.get_params().tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert net.n_params == 9
    again = net.with_params(np.arange(9.0))
    assert again.weights[1].tolist() == [[4.0, 5.0]] and again.biases[0].tolist() == [6.0, 7.0]
    with pytest.raises(ValueError, match="theta must have 9 entries"):
        net.with_params(np.zeros(8))


def test_random_is_seeded_and_scaled():
    a = Network.random([64, 32, 10], ["sigmoid", "identity"], seed=7)
    b = Network.random([64, 32, 10], ["sigmoid", "identity"], seed=7)
    c = Network.random([64, 32, 10], "sigmoid", seed=8)
    assert np.array_equal(a.get_params(), b.get_params())
    assert not np.array_equal(a.get_params(), c.get_params())
    assert c.activations == ["sigmoid", "sigmoid"]
    assert abs(a.weights[0].std() - 1 / 8) < 0.02
    assert all(np.all(bb == 0) for bb in a.biases)
    assert repr(a) == "Network(sizes=[64, 32, 10], activations=['sigmoid', 'identity'])"


def test_save_load_round_trip(tmp_path):
    net = Network.random([4, 3, 2], ["relu", "sigmoid"], seed=2)
    written = net.save(tmp_path / "net")
    assert written.name == "net.npz"
    back = Network.load(written)
    assert back.activations == net.activations and back.sizes == net.sizes
    assert np.array_equal(back.get_params(), net.get_params())
    assert Network.load(tmp_path / "net").sizes == [4, 3, 2]


# ---------------------------------------------------------------- validation
NET = Network([W1, W2], [B1, B2], ["sigmoid", "sigmoid"])
FWD = NET.forward(X)
GRADS = NET.backward(FWD, [0.0, 0.0])
OTHER = Network.random([3, 2], "sigmoid")

BAD_CALLS = [
    (lambda: Network(np.zeros((2, 2)), [B1], ["sigmoid"]), TypeError, "weights must be a list"),
    (lambda: Network([W1, W2], [B1], ["sigmoid", "sigmoid"]), ValueError, "one entry per layer"),
    (lambda: Network([W1, np.zeros((2, 3))], [B1, B2], ["sigmoid"] * 2), ValueError, r"W2\) has shape \(2, 3\)"),
    (lambda: Network([W1], [[0.0, 0.0, 0.0]], ["sigmoid"]), ValueError, r"b1\) has shape \(3,\)"),
    (lambda: Network([[[np.nan, 1.0]]], [[0.0]], ["sigmoid"]), ValueError, "must be finite"),
    (lambda: Network([[1.0, 2.0]], [[0.0]], ["sigmoid"]), ValueError, "2 dimension"),
    (lambda: Network([W1], [B1], ["step"]), ValueError, "'step'.*cannot be trained"),
    (lambda: Network([W1], [B1], ["softmax"]), ValueError, "unknown activation 'softmax'"),
    (lambda: Network([W1], [B1], [None]), TypeError, "activation name"),
    (lambda: Network([np.eye(2, dtype=bool)], [B1], ["sigmoid"]), TypeError, r"W1\) must contain real numbers"),
    (lambda: Network.random([3], ["sigmoid"]), ValueError, "sizes must list"),
    (lambda: Network.random([3, 0], ["sigmoid"]), ValueError, r"sizes\[1\] must be at least 1"),
    (lambda: NET.forward(np.zeros((5, 2))), ValueError, "did you mean its transpose"),
    (lambda: NET.forward([1.0, 2.0, 3.0]), ValueError, r"x must have shape \(2,\)"),
    (lambda: NET.forward([np.inf, 0.0]), ValueError, "x must be finite"),
    (lambda: NET.forward(np.zeros((2, 2, 2))), ValueError, "x must have shape"),
    (lambda: NET.forward(None), TypeError, "x must be a real number"),
    (lambda: NET.backward(FWD), TypeError, "exactly one of"),
    (lambda: NET.backward(FWD, [0.0, 0.0], dC_dz=[0.0, 0.0]), TypeError, "exactly one of"),
    (lambda: NET.backward(FWD, [0.0, 0.0, 0.0]), ValueError, "same shape"),
    (lambda: NET.backward({"x": X}, [0.0, 0.0]), TypeError, "Forward record"),
    (lambda: NET.backward(OTHER.forward([1.0, 2.0, 3.0]), [0.0, 0.0]), ValueError, "this network"),
    # a network of the same shape but other weights: its record would give wrong gradients
    (lambda: NET.backward(NET.with_params(NET.get_params()).forward(X), [0.0, 0.0]), ValueError, "this network"),
    (lambda: NET.update(GRADS, -0.1), ValueError, "eta must be at least 0"),
    (lambda: NET.update(GRADS, "0.5"), TypeError, "eta must be a real number"),
    (lambda: NET.update(GRADS, True), TypeError, "eta must be a real number"),
    (lambda: NET.update({"dW": []}, 0.5), TypeError, "Gradients"),
    (lambda: OTHER.update(GRADS, 0.5), ValueError, "grads must have this network's shapes"),
    (lambda: NET.update(GRADS, 0.5, update_biases="no"), TypeError, "update_biases must be True or False"),
    (lambda: NET.loss_and_grads(X, T, loss="mae"), ValueError, "loss must be one of"),
    (lambda: NET.loss_and_grads(X, [1.0]), ValueError, "y and the network's output must have the same shape"),
    (lambda: NET.with_params(np.zeros(3)), ValueError, "theta must have 12 entries"),
    (lambda: Forward(x=np.zeros(2), z=[np.zeros(2)], a=[np.zeros(2)], net=NET), ValueError, "2 entries"),
    (lambda: Forward(x=np.zeros(2), z="z", a=[], net=NET), TypeError, "z must be a list of NumPy arrays"),
    (lambda: Forward(x=np.zeros(2), z=[np.zeros(2)] * 2, a=[np.zeros(2)] * 2, net="net"), TypeError, "net must be"),
    (lambda: Forward(x=np.zeros(2), z=[np.zeros(3), np.zeros(2)], a=[np.zeros(2)] * 2, net=NET), ValueError,
     r"z must hold arrays of shapes"),
    (lambda: Gradients(dW=[np.zeros((2, 2))], db=[np.zeros(3)], delta=[np.zeros(2)]), ValueError, "must have shapes"),
    (lambda: Gradients(dW=[np.zeros((2, 2))], db=[], delta=[]), ValueError, "db must have 1 entries"),
    (lambda: Gradients(dW=None, db=[], delta=[]), TypeError, "dW must be a list"),
]


@pytest.mark.parametrize("call, kind, message", BAD_CALLS)
def test_bad_input_raises_a_clear_error(call, kind, message):
    with pytest.raises(kind, match=message):
        call()


def test_load_rejects_what_save_did_not_write(tmp_path):
    text = tmp_path / "net.npz"
    text.write_text("not an archive")
    with pytest.raises(ValueError, match="path must be a .npz file written by Network.save"):
        Network.load(text)
    np.savez(tmp_path / "partial.npz", activations=np.array(["sigmoid"]), b1=np.zeros(2))
    with pytest.raises(ValueError, match="W1"):
        Network.load(tmp_path / "partial.npz")
    with pytest.raises(FileNotFoundError, match="no network file"):
        Network.load(tmp_path / "missing.npz")
    with pytest.raises(TypeError, match="path must be a file name"):
        Network.load(None)


def test_update_can_keep_the_biases():
    new = NET.update(GRADS, 0.5, update_biases=False)
    assert all(np.array_equal(b, b0) for b, b0 in zip(new.biases, NET.biases))


def test_no_warnings_for_large_inputs():
    net = Network([[[1000.0, -1000.0]], [[1.0]]], [[0.0], [0.0]], ["sigmoid", "tanh"])
    fwd = net.forward([[1e3, -1e3], [-1e3, 1e3]])
    g = net.backward(fwd, np.ones((1, 2)))
    assert np.all(np.isfinite(g.as_vector()))


def test_overflow_in_a_pass_is_not_silent():
    """The passes compute what IEEE arithmetic gives (no check inside the formula): an overflow
    warns; the loops that can diverge watch their loss (train), and update checks its result."""
    big = Network([[[1e300, 1e300]], [[1e300]]], [[0.0], [0.0]], ["identity", "identity"])
    with pytest.warns(RuntimeWarning, match="overflow"), pytest.raises(ValueError, match="z must be finite"):
        big.forward([1.0, 1.0])  # the activation's own check refuses the infinite z
    net = Network([[[1.0]]], [[0.0]], ["identity"])
    with pytest.warns(RuntimeWarning, match="overflow"):
        net.backward(net.forward([1e300]), [1e300])
    g = net.backward(net.forward([1e100]), [1e100])
    with pytest.raises(DivergedError, match="updated W1"):
        net.update(g, 1e200)
