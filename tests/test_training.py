"""Tests of nblib.training: SGD against Network.backward, learning, metrics, progress bar, errors."""

import numpy as np
import pytest

from nblib import losses
from nblib import softmax as sm
from nblib._validate import DivergedError
from nblib import optim, training
from nblib.gradcheck import numerical_gradient, relative_error
from nblib.network import Network


def blobs(m_per_class=20, seed=0):
    """Three well-separated clusters in the plane, one example per column."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]])
    X = np.concatenate([c[:, None] + 0.3 * rng.normal(size=(2, m_per_class)) for c in centres], axis=1)
    labels = np.repeat(np.arange(3), m_per_class)
    return X, labels


def test_one_full_batch_epoch_equals_one_gradient_step_by_backward():
    """With batch_size = m, one epoch is one step along the gradient from Network.backward."""
    X, labels = blobs(5)
    net = Network.random([2, 4, 3], ["tanh", "identity"], seed=3)
    trained, _ = training.train(net, X, labels, epochs=1, batch_size=X.shape[1], eta=0.3, progress=False)
    Y = sm.one_hot(labels, 3)
    fwd = net.forward(X)
    grads = net.backward(fwd, dC_dz=losses.softmax_cross_entropy_grad(Y, fwd.output))
    expected = net.update(grads, 0.3)
    assert relative_error(trained.get_params(), expected.get_params()) < 1e-12


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_sgd_step_follows_the_finite_difference_gradient(hidden):
    """An independent check of the fast inner loop: the step equals -eta times the numerical gradient."""
    X, labels = blobs(3, seed=1)
    net = Network.random([2, 3, 3], [hidden, "identity"], seed=5)
    Y = sm.one_hot(labels, 3)

    def loss(theta):
        return losses.softmax_cross_entropy(Y, net.with_params(theta).forward(X).output)

    theta = net.get_params()
    eta = 0.01
    trained, _ = training.train(net, X, labels, epochs=1, batch_size=X.shape[1], eta=eta, progress=False)
    step = (theta - trained.get_params()) / eta
    assert np.allclose(step, numerical_gradient(loss, theta), rtol=1e-6, atol=1e-9)


def test_training_reduces_loss_and_separates_the_blobs():
    X, labels = blobs()
    net = Network.random([2, 8, 3], ["sigmoid", "identity"], seed=0)
    trained, hist = training.train(net, X, labels, epochs=30, batch_size=8, eta=0.5, seed=1,
                                   X_val=X[:, ::2], labels_val=labels[::2], progress=False)
    assert len(hist.loss) == len(hist.accuracy) == len(hist.val_loss) == 31
    assert hist.epochs.tolist() == list(range(31))
    assert hist.loss[-1] < 0.2 * hist.loss[0]
    assert hist.accuracy[-1] == 1.0
    assert hist.val_accuracy[-1] == 1.0
    assert training.accuracy(trained, X, labels) == 1.0
    # the history's loss is the mean cross-entropy of the network after each epoch
    assert hist.loss[-1] == pytest.approx(losses.softmax_cross_entropy(sm.one_hot(labels, 3), trained.forward(X).output))
    # the starting network is not changed
    assert np.array_equal(net.get_params(), Network.random([2, 8, 3], ["sigmoid", "identity"], seed=0).get_params())


def test_training_is_reproducible_and_depends_on_the_seed():
    X, labels = blobs(6)
    net = Network.random([2, 5, 3], ["relu", "identity"], seed=2)
    kwargs = dict(epochs=3, batch_size=4, eta=0.2, progress=False)
    a, _ = training.train(net, X, labels, seed=7, **kwargs)
    b, _ = training.train(net, X, labels, seed=7, **kwargs)
    c, _ = training.train(net, X, labels, seed=8, **kwargs)
    assert np.array_equal(a.get_params(), b.get_params())
    assert not np.array_equal(a.get_params(), c.get_params())


def test_predict_accuracy_and_confusion_matrix_hand_values():
    net = Network([np.eye(3)], [np.zeros(3)], ["identity"])
    X = np.array([[5.0, 0.0, 0.0, 1.0], [0.0, 2.0, 9.0, 0.0], [1.0, 3.0, 0.0, 0.0]])
    assert training.predict(net, X).tolist() == [0, 2, 1, 0]
    assert int(training.predict(net, [0.0, 0.0, 1.0])) == 2
    assert training.accuracy(net, X, [0, 2, 2, 1]) == 0.5
    cm = training.confusion_matrix([0, 2, 2, 1], [0, 2, 1, 0], 3)
    assert cm.tolist() == [[1, 0, 0], [1, 0, 0], [0, 1, 1]]
    assert cm.sum() == 4 and cm.dtype.kind == "i"


def test_progress_false_writes_nothing(capsys):
    X, labels = blobs(3)
    net = Network.random([2, 3], "identity", seed=0)
    training.train(net, X, labels, epochs=2, batch_size=3, eta=0.1, progress=False)
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_progress_true_shows_a_bar_outside_jupyter(capsys):
    X, labels = blobs(3)
    net = Network.random([2, 3], "identity", seed=0)
    training.train(net, X, labels, epochs=2, batch_size=3, eta=0.1, progress=True)
    _, err = capsys.readouterr()
    assert "training" in err and "2/2" in err


def test_errors():
    X, labels = blobs(2)
    net = Network.random([2, 3, 3], ["sigmoid", "identity"], seed=0)
    ok = dict(epochs=1, batch_size=2, eta=0.1, progress=False)
    with pytest.raises(TypeError, match="net must be an nblib.network.Network"):
        training.train("net", X, labels, **ok)
    with pytest.raises(ValueError, match="last activation must be 'identity'"):
        training.train(Network.random([2, 3], "sigmoid"), X, labels, **ok)
    with pytest.raises(ValueError, match="did you mean its transpose"):
        training.train(net, X.T, labels, **ok)
    with pytest.raises(ValueError, match="labels must have one label per column"):
        training.train(net, X, labels[:-1], **ok)
    with pytest.raises(ValueError, match="labels must be between 0 and 2"):
        training.train(net, X, labels + 1, **ok)
    with pytest.raises(TypeError, match="labels must be whole numbers"):
        training.train(net, X, labels.astype(float), **ok)
    with pytest.raises(ValueError, match="labels_val must be between"):
        training.train(net, X, labels, X_val=X, labels_val=labels + 5, **ok)
    with pytest.raises(ValueError, match="give both X_val and labels_val"):
        training.train(net, X, labels, X_val=X, **ok)
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        training.train(net, X, labels, **{**ok, "epochs": 0})
    with pytest.raises(TypeError, match="batch_size must be a whole number"):
        training.train(net, X, labels, **{**ok, "batch_size": 2.5})
    with pytest.raises(ValueError, match="eta must be greater than 0"):
        training.train(net, X, labels, **{**ok, "eta": 0.0})
    with pytest.raises(TypeError, match="progress must be True or False"):
        training.train(net, X, labels, **{**ok, "progress": "yes"})
    with pytest.raises(ValueError, match="X must be finite"):
        training.train(net, np.full_like(X, np.nan), labels, **ok)
    with pytest.raises(ValueError, match="predicted must be between 0 and 1"):
        training.confusion_matrix([0, 1], [0, 2], 2)
    with pytest.raises(ValueError, match="labels and predicted must have the same shape"):
        training.confusion_matrix([0, 1], [0], 2)


def test_divergence_is_reported():
    X, labels = blobs(4)
    X = X * 1e150
    net = Network.random([2, 3], "identity", seed=0)
    with pytest.raises(DivergedError, match="diverged in epoch 1") as info:
        training.train(net, X, labels, epochs=5, batch_size=4, eta=1e10, progress=False)
    assert len(info.value.path.loss) == 1 and np.isfinite(info.value.path.loss[0])  # the history before


def test_history_is_exact_for_more_examples_than_one_evaluation_block():
    X, labels = blobs(700, seed=4)  # 2,100 examples: evaluated in several blocks of columns
    assert X.shape[1] > training._CHUNK
    net = Network.random([2, 6, 3], ["tanh", "identity"], seed=1)
    trained, hist = training.train(net, X, labels, epochs=2, batch_size=32, eta=0.3, progress=False)
    out = trained.forward(X).output
    assert hist.loss[-1] == pytest.approx(losses.softmax_cross_entropy(sm.one_hot(labels, 3), out), rel=1e-12)
    assert hist.accuracy[-1] == np.mean(np.argmax(out, axis=0) == labels)
    assert hist.loss[0] == pytest.approx(losses.softmax_cross_entropy(sm.one_hot(labels, 3), net.forward(X).output),
                                         rel=1e-12)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_epoch_is_network_forward_backward_update_per_mini_batch(hidden):
    """Each mini-batch step of the inner loop equals Network.forward, then Network.backward with
    dL/dz = (softmax(z) - y)/m, then Network.update: the loop uses the same forward and backward."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(5, 23))
    labels = rng.integers(0, 4, size=23)
    Y = sm.one_hot(labels, 4)
    net = Network.random([5, 6, 3, 4], [hidden, "sigmoid", "identity"], seed=11)
    net = net.with_params(net.get_params() + 0.1 * rng.normal(size=net.n_params))  # non-zero biases
    order = rng.permutation(23)
    batch_size, eta = 10, 0.7  # batches of 10, 10 and 3 examples

    before = net.get_params()
    got = training.epoch(net, X, Y, order, batch_size, optim.SGD(eta))
    assert np.array_equal(net.get_params(), before)  # the network given is not changed

    expected = net
    for start in range(0, 23, batch_size):
        idx = order[start:start + batch_size]
        fwd = expected.forward(X[:, idx])
        grads = expected.backward(fwd, dC_dz=(sm.softmax(fwd.z[-1]) - Y[:, idx]) / idx.size)
        expected = expected.update(grads, eta)
    assert relative_error(got.get_params(), expected.get_params()) < 1e-12
    assert not np.allclose(got.get_params(), net.get_params())  # it did move


def test_epoch_checks_its_arguments():
    net = Network.random([2, 3], "identity", seed=0)
    X, Y, order = np.zeros((2, 4)), sm.one_hot([0, 1, 2, 0], 3), np.arange(4)
    with pytest.raises(ValueError, match="Y must hold one-hot targets"):
        training.epoch(net, X, 0.5 * Y, order, 2, optim.SGD(0.1))
    with pytest.raises(ValueError, match="order must hold every column number of X"):
        training.epoch(net, X, Y, order + 1, 2, optim.SGD(0.1))
    with pytest.raises(TypeError, match="order must be a 1-D integer array"):
        training.epoch(net, X, Y, order.astype(float), 2, optim.SGD(0.1))
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        training.epoch(net, X, Y, order, 0, optim.SGD(0.1))
    with pytest.raises(ValueError, match="net's last activation must be 'identity'"):
        training.epoch(Network.random([2, 3], "tanh"), X, Y, order, 2, optim.SGD(0.1))
    for short_long_or_repeated in (order[:3], np.arange(5) % 4, np.array([0, 0, 1, 2])):
        with pytest.raises(ValueError, match="order must hold every column number of X, 0 to 3, once each"):
            training.epoch(net, X, Y, short_long_or_repeated, 2, optim.SGD(0.1))


def test_history_rejects_what_is_not_a_history():
    with pytest.raises(TypeError, match="loss must be a list"):
        training.History(loss="low")
    with pytest.raises(ValueError, match="one entry per epoch"):
        training.History(loss=[1.0, 0.5], accuracy=[0.5])


# --- optimisers, weight decay and early stopping (chapters 14 and 15) ----------------------------

def test_an_sgd_optimiser_reproduces_eta_bit_for_bit():
    X, labels = blobs(6)
    net = Network.random([2, 5, 3], ["sigmoid", "identity"], seed=2)
    kwargs = dict(epochs=4, batch_size=4, seed=3, progress=False)
    a, ha = training.train(net, X, labels, eta=0.7, **kwargs)
    b, hb = training.train(net, X, labels, optimiser=optim.SGD(0.7), **kwargs)
    assert np.array_equal(a.get_params(), b.get_params()) and ha.loss == hb.loss


@pytest.mark.parametrize("lam", [0.1, 2.0])
def test_weight_decay_with_sgd_is_descent_on_the_l2_penalised_loss(lam):
    """One full-batch step equals -eta times the finite-difference gradient of C + lam/2 * sum ||W||^2."""
    X, labels = blobs(3, seed=1)
    net = Network.random([2, 3, 3], ["tanh", "identity"], seed=5)
    Y = sm.one_hot(labels, 3)

    def penalised(theta):
        n = net.with_params(theta)
        return (losses.softmax_cross_entropy(Y, n.forward(X).output)
                + lam / 2 * sum(float(np.sum(W ** 2)) for W in n.weights))

    theta, eta = net.get_params(), 0.01
    trained, _ = training.train(net, X, labels, epochs=1, batch_size=X.shape[1], eta=eta, weight_decay=lam,
                                progress=False)
    step = (theta - trained.get_params()) / eta
    assert np.allclose(step, numerical_gradient(penalised, theta), rtol=1e-6, atol=1e-9)


def test_weight_decay_shrinks_the_weights_and_leaves_the_biases():
    X, labels = blobs(5)
    net = Network.random([2, 6, 3], ["sigmoid", "identity"], seed=1)
    norms = []
    for lam in [0.0, 0.01, 0.1]:
        trained, _ = training.train(net, X, labels, epochs=20, batch_size=5, optimiser=optim.Momentum(0.1),
                                    weight_decay=lam, progress=False)
        norms.append(sum(float(np.sum(W ** 2)) for W in trained.weights))
    assert norms[0] > norms[1] > norms[2]
    # a decay with zero gradient: two steps of SGD multiply the weights by (1 - eta * lam) ** 2
    zero = Network([np.full((3, 2), 0.5)], [np.zeros(3)], ["identity"])
    Xz = np.zeros((2, 3))  # zero inputs: no gradient for the weights
    out = training.epoch(zero, Xz, np.eye(3), np.arange(3), 2, optim.SGD(0.5), 0.2)
    assert np.allclose(out.weights[0], 0.5 * 0.9 ** 2, rtol=0, atol=1e-15)


def test_momentum_epoch_equals_steps_by_hand_with_backward():
    """Two mini-batches with Momentum: v1 = g1, w1 = w0 - eta g1; v2 = beta g1 + g2, w2 = w1 - eta v2."""
    X, labels = blobs(2)
    Y = sm.one_hot(labels, 3)
    net = Network.random([2, 4, 3], ["sigmoid", "identity"], seed=4)
    order = np.arange(X.shape[1])
    eta, beta = 0.3, 0.8
    out = training.epoch(net, X, Y, order, 3, optim.Momentum(eta, beta))

    def grad(n, cols):
        fwd = n.forward(X[:, cols])
        g = n.backward(fwd, dC_dz=losses.softmax_cross_entropy_grad(Y[:, cols], fwd.output))
        return g.as_vector()

    theta0 = net.get_params()
    g1 = grad(net, order[:3])
    theta1 = theta0 - eta * g1
    g2 = grad(net.with_params(theta1), order[3:])
    theta2 = theta1 - eta * (beta * g1 + g2)
    assert relative_error(out.get_params(), theta2) < 1e-12


def test_adam_trains_and_the_callers_optimiser_is_untouched():
    X, labels = blobs()
    net = Network.random([2, 8, 3], ["sigmoid", "identity"], seed=0)
    adam = optim.Adam(0.05)
    trained, hist = training.train(net, X, labels, epochs=15, batch_size=8, optimiser=adam, progress=False)
    assert hist.accuracy[-1] == 1.0 and hist.loss[-1] < 0.2 * hist.loss[0]
    assert adam.t == 0 and adam.moments == ([], [])


def test_early_stopping_returns_the_best_epochs_network():
    X, labels = blobs(6, seed=3)
    X_val, labels_val = blobs(6, seed=4)
    X_val[:, :4] += 2.0  # a few misleading validation points, so that the validation loss turns up
    net = Network.random([2, 16, 3], ["tanh", "identity"], seed=0)
    patience = 3
    trained, hist = training.train(net, X, labels, epochs=200, batch_size=2, eta=0.5, patience=patience,
                                   X_val=X_val, labels_val=labels_val, progress=False)
    best = hist.best_epoch
    assert hist.val_loss[best] == min(hist.val_loss)
    assert len(hist.loss) - 1 == best + patience < 200  # it stopped patience epochs after the best
    assert all(v >= hist.val_loss[best] for v in hist.val_loss[best + 1:])
    val_loss = losses.softmax_cross_entropy(sm.one_hot(labels_val, 3), trained.forward(X_val).output)
    assert val_loss == pytest.approx(hist.val_loss[best], rel=1e-12)
    # without patience: all epochs, no best epoch
    _, full = training.train(net, X, labels, epochs=10, batch_size=2, eta=0.5, progress=False)
    assert full.best_epoch is None and len(full.loss) == 11


def test_optimiser_weight_decay_and_patience_are_checked():
    X, labels = blobs(2)
    net = Network.random([2, 3], "identity", seed=0)
    base = dict(epochs=2, batch_size=2, progress=False)
    with pytest.raises(ValueError, match="give eta .* or an optimiser"):
        training.train(net, X, labels, eta=0.1, optimiser=optim.SGD(0.1), **base)
    with pytest.raises(ValueError, match="give eta .* or an optimiser"):
        training.train(net, X, labels, **base)
    with pytest.raises(TypeError, match="optimiser must be an nblib.optim optimiser"):
        training.train(net, X, labels, optimiser="adam", **base)
    with pytest.raises(ValueError, match="weight_decay must be at least 0"):
        training.train(net, X, labels, eta=0.1, weight_decay=-0.1, **base)
    with pytest.raises(TypeError, match="weight_decay must be a real number"):
        training.train(net, X, labels, eta=0.1, weight_decay="0.1", **base)
    with pytest.raises(ValueError, match=r"eta \* weight_decay must be less than 1"):
        training.train(net, X, labels, eta=1.0, weight_decay=1.0, **base)
    with pytest.raises(ValueError, match="needs a validation set"):
        training.train(net, X, labels, eta=0.1, patience=2, **base)
    with pytest.raises(ValueError, match="patience must be at least 1"):
        training.train(net, X, labels, eta=0.1, patience=0, X_val=X, labels_val=labels, **base)
    with pytest.raises(TypeError, match="optimiser must be"):
        training.epoch(net, X, sm.one_hot(labels, 3), np.arange(X.shape[1]), 2, 0.1)


def test_history_checks_its_best_epoch():
    assert training.History([1.0, 0.5], [0.1, 0.9], [1.0, 0.7], [0.1, 0.8], best_epoch=1).best_epoch == 1
    with pytest.raises(ValueError, match="best_epoch must be an epoch of val_loss"):
        training.History([1.0], [0.1], [1.0], [0.1], best_epoch=1)
    with pytest.raises(TypeError, match="best_epoch must be None or a whole number"):
        training.History([1.0], [0.1], [1.0], [0.1], best_epoch=True)
