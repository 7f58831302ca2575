"""Tests of nblib.dropout: a hand-worked masked pass, finite differences on a fixed mask, the
inverted scaling, the link to plain SGD, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from nblib import dropout, gradcheck, optim, training
from nblib.network import Network
from nblib.softmax import one_hot, softmax


def _net(seed=0, sizes=(3, 4, 5, 2)):
    return Network.random(list(sizes), ["sigmoid", "tanh", "identity"], seed=seed)


def test_a_masked_pass_by_hand():
    # x = 0, so z1 = b1 = 0 and both hidden neurons output 1/2; the mask keeps the first, doubled
    net = Network([[[1.0], [1.0]], [[1.0, 1.0], [0.0, 0.0]]], [[0.0, 0.0], [0.0, 0.0]], ["sigmoid", "identity"])
    C, g = dropout.loss_and_grads(net, [[0.0]], [[1.0], [0.0]], [[[2.0], [0.0]]])
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
    _, g = dropout.loss_and_grads(net, X, Y, masks)
    numeric = gradcheck.numerical_gradient(
        lambda theta: dropout.loss_and_grads(net.with_params(theta), X, Y, masks)[0], net.get_params())
    assert gradcheck.relative_error(g.as_vector(), numeric) < 1e-7


def test_masks_of_ones_give_the_network_s_own_gradients():
    rng = np.random.default_rng(1)
    net, m = _net(1), 5
    X, Y = rng.normal(size=(3, m)), one_hot(rng.integers(0, 2, m), 2)
    _, g = dropout.loss_and_grads(net, X, Y, [np.ones((n, m)) for n in net.sizes[1:-1]])
    fwd = net.forward(X)
    ref = net.backward(fwd, dC_dz=(softmax(fwd.output) - Y) / m)
    for a, b in zip(g.dW + g.db, ref.dW + ref.db):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-16)


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
    new = dropout.epoch(net, X, Y, order, 4, 0.5, 0.0, np.random.default_rng(0))
    ref = training.epoch(net, X, Y, order, 4, optim.SGD(0.5))
    np.testing.assert_allclose(new.get_params(), ref.get_params(), rtol=1e-12, atol=1e-14)
    assert np.array_equal(net.get_params(), before)
    dropped = dropout.epoch(net, X, Y, order, 4, 0.5, 0.5, np.random.default_rng(0))
    assert not np.allclose(dropped.get_params(), ref.get_params())


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
        dropout.loss_and_grads(net, X, Y, good[:1])
    with pytest.raises(ValueError, match=r"masks\[1\]"):
        dropout.loss_and_grads(net, X, Y, [good[0], np.ones((5, 3))])
    with pytest.raises(ValueError, match=r"masks\[0\]"):
        dropout.loss_and_grads(net, X, Y, [-good[0], good[1]])
    with pytest.raises(ValueError, match="Y"):
        dropout.loss_and_grads(net, X, np.ones((2, 2)), good)
    with pytest.raises(TypeError, match="net"):
        dropout.loss_and_grads("net", X, Y, good)
    with pytest.raises(ValueError, match="identity"):
        dropout.loss_and_grads(Network.random([3, 2], "sigmoid"), X, Y, [])
    with pytest.raises(TypeError, match="order"):
        dropout.epoch(net, X, Y, [0, 1], 1, 0.1, 0.5, rng)
    with pytest.raises(ValueError, match="order"):
        dropout.epoch(net, X, Y, np.array([0, 2]), 1, 0.1, 0.5, rng)
    with pytest.raises(ValueError, match="eta"):
        dropout.epoch(net, X, Y, np.array([0, 1]), 1, 0.0, 0.5, rng)
    with pytest.raises(ValueError, match="batch_size"):
        dropout.epoch(net, X, Y, np.array([0, 1]), 0, 0.1, 0.5, rng)
