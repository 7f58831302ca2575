"""Tests of dropout (chapter 14): the masks of nblib.dropout, taken by the network's own passes and
drawn by training.epoch: a hand-worked masked pass, finite differences on a fixed mask, the
inverted scaling, the link to plain SGD, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from nblib import dropout, gradcheck, losses, optim, training
from nblib.network import Network
from nblib.softmax import one_hot, softmax


def _net(seed=0, sizes=(3, 4, 5, 2)):
    return Network.random(list(sizes), ["sigmoid", "tanh", "identity"], seed=seed)


def _loss_and_grads(net, X, Y, masks):
    """The mean softmax cross-entropy of the masked network and its gradients, by the passes."""
    fwd = net.forward(X, masks)
    grads = net.backward(fwd, dC_dz=(softmax(fwd.output) - Y) / X.shape[1])
    return losses.softmax_cross_entropy(Y, fwd.output), grads


def test_a_masked_pass_by_hand():
    # x = 0, so z1 = b1 = 0 and both hidden neurons output 1/2; the mask keeps the first, doubled
    net = Network([[[1.0], [1.0]], [[1.0, 1.0], [0.0, 0.0]]], [[0.0, 0.0], [0.0, 0.0]], ["sigmoid", "identity"])
    C, g = _loss_and_grads(net, np.array([[0.0]]), np.array([[1.0], [0.0]]), [[[2.0], [0.0]]])
    e = np.e
    assert C == pytest.approx(np.log(1 + 1 / e), rel=1e-14)  # z2 = (1, 0), target class 0
    d2 = np.array([-1 / (e + 1), 1 / (e + 1)])  # softmax(z2) - y
    assert g.dW[1] == pytest.approx(np.array([[d2[0], 0.0], [d2[1], 0.0]]), rel=1e-14)
    assert g.db[0] == pytest.approx([2 * 0.25 * d2[0], 0.0], rel=1e-14)  # mask 2 times sigma'(0) = 1/4
    assert g.dW[0].tolist() == [[0.0], [0.0]]  # x = 0


@pytest.mark.parametrize("seed", range(4))
def test_gradients_match_finite_differences_on_a_fixed_mask(seed):
    rng = np.random.default_rng(seed)
    net, m = _net(seed), 6
    X, Y = rng.normal(size=(3, m)), one_hot(rng.integers(0, 2, m), 2)
    masks = [dropout.mask((n, m), 0.4, rng) for n in net.sizes[1:-1]]
    _, g = _loss_and_grads(net, X, Y, masks)
    numeric = gradcheck.numerical_gradient(
        lambda theta: _loss_and_grads(net.with_params(theta), X, Y, masks)[0], net.get_params())
    assert gradcheck.relative_error(g.as_vector(), numeric) < 1e-7


def test_masks_of_ones_are_the_identity():
    rng = np.random.default_rng(1)
    net, m = _net(1), 5
    X, Y = rng.normal(size=(3, m)), one_hot(rng.integers(0, 2, m), 2)
    C, g = _loss_and_grads(net, X, Y, [np.ones((n, m)) for n in net.sizes[1:-1]])
    C0, g0 = _loss_and_grads(net, X, Y, None)
    assert C == C0
    for a, b in zip(g.dW + g.db, g0.dW + g0.db):
        assert np.array_equal(a, b)  # bit for bit: multiplying by 1 is exact


def test_the_mask_is_zero_or_inverted_and_keeps_the_mean():
    m = dropout.mask((200, 500), 0.3, np.random.default_rng(0))
    assert set(np.unique(m).tolist()) == {0.0, 1 / 0.7}
    assert abs(m.mean() - 1) < 0.01  # inverted dropout: the expected output is unchanged
    assert abs((m == 0).mean() - 0.3) < 0.01
    assert np.all(dropout.mask((3, 4), 0.0, np.random.default_rng(0)) == 1.0)


def test_an_epoch_at_rate_zero_is_plain_sgd_and_leaves_its_input_alone():
    rng = np.random.default_rng(2)
    net = _net(2)
    X, labels = rng.normal(size=(3, 12)), rng.integers(0, 2, 12)
    Y, order = one_hot(labels, 2), rng.permutation(12)
    before = net.get_params()
    zero = training.epoch(net, X, Y, order, 4, optim.SGD(0.5), dropout=0.0, rng=np.random.default_rng(0))
    ref = training.epoch(net, X, Y, order, 4, optim.SGD(0.5))
    assert np.array_equal(zero.get_params(), ref.get_params())
    assert np.array_equal(net.get_params(), before)
    dropped = training.epoch(net, X, Y, order, 4, optim.SGD(0.5), dropout=0.5, rng=np.random.default_rng(0))
    again = training.epoch(net, X, Y, order, 4, optim.SGD(0.5), dropout=0.5, rng=np.random.default_rng(0))
    assert not np.allclose(dropped.get_params(), ref.get_params())
    assert np.array_equal(dropped.get_params(), again.get_params())  # the generator decides the masks


def test_an_epoch_with_dropout_steps_with_the_masked_gradients():
    rng = np.random.default_rng(3)
    net = _net(3)
    X, Y = rng.normal(size=(3, 4)), one_hot([0, 1, 1, 0], 2)
    new = training.epoch(net, X, Y, np.arange(4), 4, optim.SGD(0.5), dropout=0.3, rng=np.random.default_rng(7))
    masks = [dropout.mask((n, 4), 0.3, g) for g in [np.random.default_rng(7)] for n in net.sizes[1:-1]]
    _, grads = _loss_and_grads(net, X, Y, masks)
    want = [W - 0.5 * dW for W, dW in zip(net.weights + net.biases, grads.dW + grads.db)]
    for got, w in zip(new.weights + new.biases, want):
        assert np.array_equal(got, w)


def test_train_with_dropout():
    rng = np.random.default_rng(4)
    X, labels = rng.normal(size=(3, 20)), rng.integers(0, 2, 20)
    net = _net(4)
    kw = dict(epochs=3, batch_size=5, eta=0.5, progress=False)
    plain, h0 = training.train(net, X, labels, **kw)
    zero, hz = training.train(net, X, labels, dropout=0.0, **kw)
    assert h0.loss == hz.loss and np.array_equal(plain.get_params(), zero.get_params())
    one, h1 = training.train(net, X, labels, dropout=0.5, **kw)
    two, h2 = training.train(net, X, labels, dropout=0.5, **kw)
    assert h1.loss == h2.loss and h1.loss != h0.loss  # the seed's generator draws the masks


def test_bad_input_is_refused_with_the_argument_named():
    rng, net = np.random.default_rng(0), _net()
    X, Y = np.zeros((3, 2)), one_hot([0, 1], 2)
    good = [np.ones((4, 2)), np.ones((5, 2))]
    for rate in (1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="rate"):
            dropout.mask((2, 2), rate, rng)
    for rate in (True, None, "0.5", np.nan):
        with pytest.raises((TypeError, ValueError), match="rate"):
            dropout.mask((2, 2), rate, rng)
    with pytest.raises(TypeError, match="rng"):
        dropout.mask((2, 2), 0.5, 0)
    for shape in ((2,), (0, 2), (2.0, 2), [2, 2], (True, 2)):
        with pytest.raises(ValueError, match="shape"):
            dropout.mask(shape, 0.5, rng)
    with pytest.raises(TypeError, match="masks"):
        net.forward(X, good[:1])
    with pytest.raises(TypeError, match="masks"):
        net.forward(X, np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"masks\[1\]"):
        net.forward(X, [good[0], np.ones((5, 3))])
    with pytest.raises(ValueError, match=r"masks\[0\]"):
        net.forward(X, [-good[0], good[1]])
    with pytest.raises(ValueError, match=r"masks\[0\]"):
        net.forward(X, [np.full((4, 2), np.nan), good[1]])
    order = np.array([0, 1])
    for rate in (1.0, -0.1, True, "0.5"):
        with pytest.raises((TypeError, ValueError), match="dropout"):
            training.epoch(net, X, Y, order, 1, optim.SGD(0.1), dropout=rate, rng=rng)
        with pytest.raises((TypeError, ValueError), match="dropout"):
            training.train(net, X, [0, 1], epochs=1, batch_size=1, eta=0.1, dropout=rate, progress=False)
    with pytest.raises(TypeError, match="rng"):
        training.epoch(net, X, Y, order, 1, optim.SGD(0.1), dropout=0.5)
    with pytest.raises(TypeError, match="rng"):
        training.epoch(net, X, Y, order, 1, optim.SGD(0.1), dropout=0.5, rng=0)
