"""Tests of nblib.network: chapter 7 and 8 numbers by hand, finite differences, validation, files."""

import math

import numpy as np
import pytest

from nblib import gradcheck, losses
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
CASES = [
    ([2, 2, 2], ["sigmoid", "sigmoid"], False),
    ([2, 2, 2], ["sigmoid", "sigmoid"], True),
    ([3, 5, 1], ["tanh", "identity"], False),
    ([3, 5, 1], ["relu", "sigmoid"], True),
    ([4, 3, 3, 2], ["tanh", "relu", "identity"], True),
    ([4, 3, 3, 2], ["sigmoid", "tanh", "sigmoid"], False),
    ([1, 1], ["identity"], True),
]


@pytest.mark.parametrize("sizes,acts,batch", CASES)
def test_gradients_match_finite_differences(sizes, acts, batch):
    rng = np.random.default_rng(sum(sizes))
    net = Network.random(sizes, acts, seed=len(sizes))
    net = net.with_params(net.get_params() + 0.1 * rng.normal(size=net.n_params))  # nonzero biases
    shape_x = (sizes[0], 4) if batch else (sizes[0],)
    shape_y = (sizes[-1], 4) if batch else (sizes[-1],)
    x = rng.normal(size=shape_x)
    y = rng.uniform(size=shape_y)

    def E(theta):
        return losses.half_sse(y, net.with_params(theta).forward(x).output)

    fwd = net.forward(x)
    g = net.backward(fwd, losses.half_sse_grad(y, fwd.output))
    num = gradcheck.numerical_gradient(E, net.get_params())
    assert gradcheck.relative_error(g.as_vector(), num) < 1e-6


def test_dL_dz_softmax_cross_entropy():
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
    g = net.backward(fwd, dL_dz=softmax(fwd.output) - Y)
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
def test_validation_errors(net222):
    with pytest.raises(TypeError, match="weights must be a list"):
        Network(np.zeros((2, 2)), [B1], ["sigmoid"])
    with pytest.raises(ValueError, match="one entry per layer"):
        Network([W1, W2], [B1], ["sigmoid", "sigmoid"])
    with pytest.raises(ValueError, match=r"W2\) has shape \(2, 3\)"):
        Network([W1, np.zeros((2, 3))], [B1, B2], ["sigmoid", "sigmoid"])
    with pytest.raises(ValueError, match=r"b1\) has shape \(3,\)"):
        Network([W1], [[0.0, 0.0, 0.0]], ["sigmoid"])
    with pytest.raises(ValueError, match="must be finite"):
        Network([[[np.nan, 1.0]]], [[0.0]], ["sigmoid"])
    with pytest.raises(ValueError, match="2 dimension"):
        Network([[1.0, 2.0]], [[0.0]], ["sigmoid"])
    with pytest.raises(ValueError, match="'step'.*cannot be trained"):
        Network([W1], [B1], ["step"])
    with pytest.raises(ValueError, match="unknown activation 'softmax'"):
        Network([W1], [B1], ["softmax"])
    with pytest.raises(TypeError, match="activation name"):
        Network([W1], [B1], [None])
    with pytest.raises(ValueError, match="sizes must list"):
        Network.random([3], ["sigmoid"])
    with pytest.raises(ValueError, match=r"sizes\[1\] must be at least 1"):
        Network.random([3, 0], ["sigmoid"])
    with pytest.raises(ValueError, match="did you mean x.T"):
        net222.forward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match="must have 2 rows"):
        net222.forward([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x must be finite"):
        net222.forward([np.inf, 0.0])
    with pytest.raises(ValueError, match="x must have shape"):
        net222.forward(np.zeros((2, 2, 2)))
    fwd = net222.forward(X)
    with pytest.raises(TypeError, match="exactly one of"):
        net222.backward(fwd)
    with pytest.raises(TypeError, match="exactly one of"):
        net222.backward(fwd, [0.0, 0.0], dL_dz=[0.0, 0.0])
    with pytest.raises(ValueError, match="same shape"):
        net222.backward(fwd, [0.0, 0.0, 0.0])
    with pytest.raises(TypeError, match="Forward record"):
        net222.backward({"x": X}, [0.0, 0.0])
    other = Network.random([3, 2], "sigmoid")
    with pytest.raises(ValueError, match="network of this shape"):
        net222.backward(other.forward([1.0, 2.0, 3.0]), [0.0, 0.0])
    g = net222.backward(fwd, [0.0, 0.0])
    with pytest.raises(ValueError, match="eta must be at least 0"):
        net222.update(g, -0.1)
    with pytest.raises(TypeError, match="eta must be a real number"):
        net222.update(g, "0.5")
    with pytest.raises(TypeError, match="Gradients"):
        net222.update({"dW": []}, 0.5)
    with pytest.raises(ValueError, match="grads do not match"):
        other.update(g, 0.5)


def test_records_are_frozen(net222):
    fwd = net222.forward(X)
    assert isinstance(fwd, Forward)
    with pytest.raises(AttributeError):
        fwd.x = None
    g = net222.backward(fwd, [1.0, 1.0])
    assert isinstance(g, Gradients)
    with pytest.raises(AttributeError):
        g.dW = []


def test_no_warnings_for_large_inputs():
    net = Network([[[1000.0, -1000.0]], [[1.0]]], [[0.0], [0.0]], ["sigmoid", "tanh"])
    fwd = net.forward([[1e3, -1e3], [-1e3, 1e3]])
    g = net.backward(fwd, np.ones((1, 2)))
    assert np.all(np.isfinite(g.as_vector()))


def test_overflow_raises_clear_error_without_warnings():
    from nblib.network import NonFiniteError

    big = Network([[[1e300, 1e300]], [[1e300]]], [[0.0], [0.0]], ["identity", "identity"])
    with pytest.raises(NonFiniteError, match="z1 is not finite"):
        big.forward([1e10, 1e10])
    with pytest.raises(FloatingPointError):  # what a slider demo catches to show "diverged"
        big.forward([1e10, 1e10])
    with pytest.raises(ValueError, match="z2 is not finite"):
        big.forward([1.0, 1.0])
    net = Network([[[1.0]]], [[0.0]], ["identity"])
    g = net.backward(net.forward([1e100]), [1e100])
    with pytest.raises(NonFiniteError, match="updated W1"):
        net.update(g, 1e200)
    with pytest.raises(NonFiniteError, match="dW1"):
        net.backward(net.forward([1e300]), [1e300])


def test_forward_and_backward_cores_match_hand_values(net222):
    """The private cores that Network and nblib.training share, on chapter 8's example by hand."""
    from nblib.network import _backward, _forward

    h = hand_222()
    x = np.array(X, dtype=float)
    zs, as_ = _forward(net222.weights, net222.biases, net222.activations, x)
    np.testing.assert_allclose(zs[0], h["net_h"], atol=1e-12)
    np.testing.assert_allclose(zs[1], h["net_o"], atol=1e-12)
    np.testing.assert_allclose(as_[1], h["out_o"], atol=1e-12)
    delta_o = np.array(h["delta_o"])  # the half-SSE error signal at z2, worked by hand
    dW, db, deltas = _backward(net222.weights, net222.activations, x, as_, delta_o)
    np.testing.assert_allclose(deltas[0], h["delta_h"], atol=1e-12)
    np.testing.assert_allclose(dW[1], h["dW2"], atol=1e-12)
    np.testing.assert_allclose(dW[0], h["dW1"], atol=1e-12)
    np.testing.assert_allclose(db[0], h["delta_h"], atol=1e-12)


def test_nonfinite_error_names_the_first_bad_value_without_warnings():
    import warnings

    from nblib.network import NonFiniteError

    net = Network([[[1e200]], [[1e200]], [[1.0]]], [[0.0], [0.0], [0.0]], ["identity"] * 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(NonFiniteError, match="z2 is not finite"):
            net.forward([1e100])  # z1 = 1e300 is finite, z2 overflows, z3 would be inf too
        fwd = Network([[[1.0]], [[1e300]]], [[0.0], [0.0]], ["identity", "identity"]).forward([1.0])
        with pytest.raises(NonFiniteError, match="delta1 is not finite"):
            Network([[[1.0]], [[1e300]]], [[0.0], [0.0]], ["identity", "identity"]).backward(fwd, [1e300])
