"""Tests of chapter 15's second-edition additions: optim.Nesterov, surfaces.rotated_bowl and its
gradient, surfaces.bowl_batch_gradient."""

from __future__ import annotations

import numpy as np
import pytest

from nblib import gradcheck, optim, surfaces


def test_nesterov_two_steps_by_hand():
    w, opt = np.array([0.0]), optim.Nesterov(0.1, beta=0.5)
    opt.update([w], [np.array([1.0])])
    assert w[0] == pytest.approx(-0.1 * 1.5)  # v = 1, step eta (g + beta v)
    opt.update([w], [np.array([1.0])])
    assert w[0] == pytest.approx(-0.15 - 0.1 * (1 + 0.5 * 1.5))  # v = 1.5
    assert opt.copy().t == 0 and isinstance(opt.copy(), optim.Nesterov) and opt.copy().beta == 0.5


@pytest.mark.parametrize("kappa, beta", [(25.0, 0.6), (10.0, 0.9), (4.0, 0.0)])
def test_nesterov_is_the_look_ahead_form_in_the_look_ahead_point(kappa, beta):
    eta = 1 / kappa
    # the look-ahead form: the gradient at w - eta beta v
    w, v = np.array([1.0, 0.5]), np.zeros(2)
    ahead = [w - eta * beta * v]
    for _ in range(30):
        v = beta * v + surfaces.bowl_gradient(w - eta * beta * v, kappa)
        w = w - eta * v
        ahead.append(w - eta * beta * v)
    path = optim.descend(lambda x: surfaces.bowl_gradient(x, kappa), [1.0, 0.5], optim.Nesterov(eta, beta), 30)
    np.testing.assert_allclose(path, np.array(ahead), rtol=1e-12, atol=1e-15)


def test_nesterov_with_beta_zero_is_sgd():
    grad = lambda w: surfaces.bowl_gradient(w, 9.0)
    np.testing.assert_array_equal(optim.descend(grad, [1.0, 1.0], optim.Nesterov(0.1, 0.0), 20),
                                  optim.descend(grad, [1.0, 1.0], optim.SGD(0.1), 20))


def test_nesterov_rate_on_the_bowl_is_about_one_minus_one_over_sqrt_kappa():
    for kappa in (25.0, 100.0):
        b = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
        p = optim.descend(lambda w: surfaces.bowl_gradient(w, kappa), [1.0, 0.5], optim.Nesterov(1 / kappa, b), 600)
        assert surfaces.measured_rate(p, [0.0, 0.0], 100, 400) == pytest.approx(1 - 1 / np.sqrt(kappa), abs=0.015)


def test_rotated_bowl_at_angle_zero_is_the_bowl_and_keeps_its_curvatures():
    rng = np.random.default_rng(0)
    pts = rng.normal(size=(2, 7))
    np.testing.assert_allclose(surfaces.rotated_bowl(pts, 25.0, 0.0), surfaces.bowl(pts, 25.0), rtol=1e-15)
    np.testing.assert_allclose(surfaces.rotated_bowl_gradient(pts, 25.0, 0.0), surfaces.bowl_gradient(pts, 25.0), rtol=1e-15)
    for angle in (0.3, np.pi / 4, 2.0):
        H = np.column_stack([surfaces.rotated_bowl_gradient(e, 25.0, angle) for e in np.eye(2)])
        np.testing.assert_allclose(np.linalg.eigvalsh((H + H.T) / 2), [1.0, 25.0], rtol=1e-12)
        # the steep axis points along (-sin, cos)
        steep = np.array([-np.sin(angle), np.cos(angle)])
        assert surfaces.rotated_bowl(steep, 25.0, angle) == pytest.approx(12.5, rel=1e-13)


@pytest.mark.parametrize("seed", range(5))
def test_rotated_bowl_gradient_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    w, kappa, angle = rng.normal(size=2), 1 + 50 * rng.random(), rng.uniform(-3, 3)
    numeric = gradcheck.numerical_gradient(lambda x: surfaces.rotated_bowl(x, kappa, angle), w)
    assert gradcheck.relative_error(surfaces.rotated_bowl_gradient(w, kappa, angle), numeric) < 1e-8


def test_descent_does_not_notice_the_turn_and_adam_does():
    w0, kappa = np.array([1.0, 0.5]), 25.0
    paths = {}
    for angle in (0.0, np.pi / 4):
        R = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        grad = lambda w, a=angle: surfaces.rotated_bowl_gradient(w, kappa, a)
        gd = optim.descend(grad, R @ w0, optim.SGD(0.07), 50)
        paths[angle] = (gd @ R, optim.descend(grad, R @ w0, optim.Adam(0.05), 50) @ R)  # back in the bowl's axes
    np.testing.assert_allclose(paths[0.0][0], paths[np.pi / 4][0], atol=1e-12)
    assert np.abs(paths[0.0][1] - paths[np.pi / 4][1]).max() > 0.1


def test_bowl_batch_gradient_by_hand_and_its_noise_falls_as_one_over_b():
    assert surfaces.bowl_batch_gradient([1.0, 1.0], 10, [[0.5, -0.5, 1.0], [0.1, 0.2, 0.0]]).tolist() == pytest.approx([2 / 3, 9.0])
    rng = np.random.default_rng(0)
    centres = rng.normal(0, 1, (2, 500))
    centres -= centres.mean(axis=1, keepdims=True)
    np.testing.assert_allclose(surfaces.bowl_batch_gradient([0.3, -0.2], 4.0, centres),
                               surfaces.bowl_gradient([0.3, -0.2], 4.0), atol=1e-14)
    var = {B: np.var([surfaces.bowl_batch_gradient([0.0, 0.0], 1.0, centres[:, rng.integers(0, 500, B)])[0]
                      for _ in range(3000)]) for B in (1, 16)}
    assert 12 < var[1] / var[16] < 21


def test_the_additions_check_their_arguments():
    with pytest.raises(ValueError, match="kappa"):
        surfaces.rotated_bowl([1.0, 1.0], 0.5, 0.0)
    with pytest.raises((TypeError, ValueError), match="angle"):
        surfaces.rotated_bowl_gradient([1.0, 1.0], 2.0, np.nan)
    with pytest.raises(TypeError, match="angle"):
        surfaces.rotated_bowl([1.0, 1.0], 2.0, "0")
    with pytest.raises(ValueError, match="w must have shape"):
        surfaces.rotated_bowl([1.0, 1.0, 1.0], 2.0, 0.0)
    with pytest.raises(ValueError, match="centres"):
        surfaces.bowl_batch_gradient([1.0, 1.0], 2.0, np.zeros((3, 2)))
    with pytest.raises(ValueError, match="centres"):
        surfaces.bowl_batch_gradient([1.0, 1.0], 2.0, np.zeros(2))
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        surfaces.bowl_batch_gradient(np.zeros((2, 3)), 2.0, np.zeros((2, 2)))
    with pytest.raises(ValueError, match="beta"):
        optim.Nesterov(0.1, 1.0)
    with pytest.raises(ValueError, match="eta"):
        optim.Nesterov(0.0)
