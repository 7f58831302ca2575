"""Tests of nblib.perceptron (chapter 5): hand-traced updates, convergence, XOR, validation."""

import numpy as np
import pytest

from nblib import perceptron

X_AND = np.array([[0, 1, 0, 1], [0, 0, 1, 1]], dtype=float)


def test_predict_hand_values():
    # z = 1*2 - 1*1 + 0.5 = 1.5 > 0
    assert perceptron.predict([1.0, -1.0], 0.5, [2.0, 1.0]) == 1.0
    # z = 0 exactly: the step function gives 0
    assert perceptron.predict([1.0, 1.0], -2.0, [1.0, 1.0]) == 0.0
    out = perceptron.predict([1.0, -1.0], 0.5, [[2.0, 0.0, 1.0], [1.0, 3.0, 1.5]])
    assert out.tolist() == [1.0, 0.0, 0.0]
    assert out.shape == (3,)


def test_update_hand_values():
    # wrong (t=1, y_hat=0): w + 0.5 * 1 * x
    w, b = perceptron.update([0.0, 0.0], 0.0, [2.0, 1.0], 1, eta=0.5)
    assert w.tolist() == [1.0, 0.5] and b == 0.5
    # wrong the other way (t=0, y_hat=1): w - eta * x
    w, b = perceptron.update([1.0, 1.0], 0.0, [1.0, 3.0], 0, eta=0.25)
    assert w.tolist() == [0.75, 0.25] and b == -0.25
    # right: no change
    w0 = np.array([1.0, 1.0])
    w, b = perceptron.update(w0, 0.0, [1.0, 3.0], 1)
    assert w.tolist() == [1.0, 1.0] and b == 0.0
    assert w is not w0


def test_train_and_hand_trace():
    # Traced by hand: 10 updates over 5 passes, ending at w = (1, 2), b = -2.
    run = perceptron.train([0.0, 0.0], 0.0, X_AND, [0, 0, 0, 1])
    assert run.converged
    assert run.updates == 10
    assert run.mistakes == [1, 3, 3, 2, 1, 0]
    assert run.example == [3, 0, 1, 3, 1, 2, 3, 2, 3, 1]
    assert run.epoch == [0, 1, 1, 1, 2, 2, 2, 3, 3, 4]
    assert run.w[1].tolist() == [1.0, 1.0] and run.b[1] == 1.0
    assert run.w[-1].tolist() == [1.0, 2.0] and run.b[-1] == -2.0
    assert len(run.w) == len(run.b) == 11
    assert perceptron.predict(run.w[-1], run.b[-1], X_AND).tolist() == [0.0, 0.0, 0.0, 1.0]


def test_train_records_copies():
    w0 = np.zeros(2)
    run = perceptron.train(w0, 0.0, X_AND, [0, 1, 1, 1])
    assert w0.tolist() == [0.0, 0.0]
    assert run.w[0].tolist() == [0.0, 0.0]
    assert len({id(w) for w in run.w}) == len(run.w)
    assert run.converged
    assert perceptron.predict(run.w[-1], run.b[-1], X_AND).tolist() == [0.0, 1.0, 1.0, 1.0]


def test_novikoff_bound_on_random_separable_data():
    rng = np.random.default_rng(3)
    u = np.array([0.6, -0.8, 0.3])  # (b, w1, w2) of a separating hyperplane
    X = rng.uniform(-2, 2, size=(2, 400))
    Xa = np.vstack([np.ones(400), X])
    z = u @ Xa / np.linalg.norm(u)
    keep = np.abs(z) > 0.2
    X, Xa, z = X[:, keep], Xa[:, keep], z[keep]
    t = (z > 0).astype(float)
    s = 2 * t - 1
    R = np.max(np.linalg.norm(Xa, axis=0))
    gamma = np.min(s * z)
    run = perceptron.train([0.0, 0.0], 0.0, X, t, eta=0.7, max_epochs=1000)
    assert run.converged
    assert run.updates <= (R / gamma) ** 2
    assert np.all(perceptron.predict(run.w[-1], run.b[-1], X) == t)


def test_xor_never_converges():
    run = perceptron.train([0.0, 0.0], 0.0, X_AND, [0, 1, 1, 0], max_epochs=50)
    assert not run.converged
    assert len(run.mistakes) == 50
    assert min(run.mistakes) >= 1


def test_validation():
    with pytest.raises(ValueError, match="w must have 1 dimension"):
        perceptron.predict([[1.0, 2.0]], 0.0, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"w must have one weight per input: X has 1 inputs \(rows\) and w has 2"):
        perceptron.predict([1.0, 2.0], 0.0, [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match=r"w must have one weight per input: X has 2 inputs \(rows\) and w has 3"):
        perceptron.train([1.0, 2.0, 3.0], 0.0, X_AND, [0, 0, 0, 1])
    with pytest.raises(ValueError, match=r"X must have shape \(2,\)"):
        perceptron.predict([1.0, 2.0], 0.0, np.ones((2, 2, 2)))
    with pytest.raises(TypeError, match="b must be a real number"):
        perceptron.predict([1.0, 2.0], [0.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="X must be finite"):
        perceptron.predict([1.0, 2.0], 0.0, [1.0, np.nan])
    with pytest.raises(ValueError, match="x must have the shape of w"):
        perceptron.update([1.0, 2.0], 0.0, [1.0, 2.0, 3.0], 1)
    with pytest.raises(ValueError, match="y must contain only the labels 0 and 1"):
        perceptron.update([1.0, 2.0], 0.0, [1.0, 2.0], -1)
    with pytest.raises(ValueError, match="eta must be greater than 0"):
        perceptron.update([1.0, 2.0], 0.0, [1.0, 2.0], 1, eta=0.0)
    with pytest.raises(ValueError, match="t must contain only the labels 0 and 1"):
        perceptron.train([0.0, 0.0], 0.0, X_AND, [0, 1, 2, 1])
    with pytest.raises(ValueError, match=r"t must have one label per column of X, shape \(4,\)"):
        perceptron.train([0.0, 0.0], 0.0, X_AND, [0, 1, 1])
    with pytest.raises(ValueError, match=r"X must have shape \(2, m\)"):
        perceptron.train([0.0, 0.0], 0.0, [1.0, 1.0], [1])
    with pytest.raises(ValueError, match="max_epochs must be at least 1"):
        perceptron.train([0.0, 0.0], 0.0, X_AND, [0, 0, 0, 1], max_epochs=0)
    with pytest.raises(TypeError, match="max_epochs must be a whole number"):
        perceptron.train([0.0, 0.0], 0.0, X_AND, [0, 0, 0, 1], max_epochs=2.5)
    with pytest.raises(ValueError, match="eta must be finite"):
        perceptron.train([0.0, 0.0], 0.0, X_AND, [0, 0, 0, 1], eta=np.inf)
