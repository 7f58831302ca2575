"""Tests of nblib.optim and nblib.surfaces: hand-worked steps, closed-form rates, gradients, errors."""

import math

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nblib import _validate, optim, surfaces
from nblib.gradcheck import numerical_gradient, relative_error

SETTINGS = settings(max_examples=30, deadline=None)


# --- hand-worked steps ---------------------------------------------------------------------------

def test_sgd_step_by_hand():
    W, b = np.array([[1.0, 2.0]]), np.array([0.5])
    optim.SGD(0.1).update([W, b], [np.array([[10.0, -10.0]]), np.array([1.0])])
    assert W.tolist() == [[0.0, 3.0]]
    assert b.tolist() == [0.4]


def test_momentum_steps_by_hand():
    """eta = 0.1, beta = 0.5, gradients 1, 1, -2: velocities 1, 1.5, -1.25."""
    w = np.array([0.0])
    opt = optim.Momentum(0.1, beta=0.5)
    expected_w = [-0.1, -0.25, -0.125]
    expected_v = [1.0, 1.5, -1.25]
    for g, ew, ev in zip([1.0, 1.0, -2.0], expected_w, expected_v):
        opt.update([w], [np.array([g])])
        assert w[0] == pytest.approx(ew, abs=1e-15)
        assert opt.velocity[0][0] == pytest.approx(ev, abs=1e-15)
    assert opt.t == 3


def test_adam_two_steps_by_hand():
    """g = 2 then 1, beta1 = 0.9, beta2 = 0.999, eta = 0.01, worked out on paper.

    Step 1: m = 0.2, s = 0.004; corrected 2 and 4, so the step is 0.01 * 2 / 2 = 0.01.
    Step 2: m = 0.28, s = 0.004996; corrected 0.28/0.19 and 0.004996/0.001999.
    """
    w = np.array([1.0])
    opt = optim.Adam(0.01, eps=1e-8)
    opt.update([w], [np.array([2.0])])
    assert w[0] == pytest.approx(1.0 - 0.01 * 2 / (2 + 1e-8), abs=1e-15)
    gbar, s = opt.moments
    assert gbar[0][0] == pytest.approx(0.2, abs=1e-15) and s[0][0] == pytest.approx(0.004, abs=1e-15)
    opt.update([w], [np.array([1.0])])
    m_hat, s_hat = 0.28 / 0.19, 0.004996 / 0.001999
    assert w[0] == pytest.approx(1.0 - 0.01 * (2 / (2 + 1e-8) + m_hat / (math.sqrt(s_hat) + 1e-8)), abs=1e-14)


def test_adam_first_step_has_size_eta_whatever_the_gradient():
    w = np.zeros(4)
    optim.Adam(0.05).update([w], [np.array([1e6, 1.0, -1e-3, -7.0])])
    assert np.allclose(np.abs(w), 0.05, rtol=1e-4)


def test_adam_without_correction_would_start_too_small():
    """The uncorrected first moment after one step is (1 - beta1) g: ten times too small."""
    opt = optim.Adam(0.01)
    opt.update([np.zeros(1)], [np.array([3.0])])
    gbar, s = opt.moments
    assert gbar[0][0] == pytest.approx(0.1 * 3.0) and s[0][0] == pytest.approx(0.001 * 9.0)


@SETTINGS
@given(st.lists(st.floats(-100, 100), min_size=1, max_size=12), st.floats(0.0, 0.99))
def test_velocity_is_the_decaying_sum_of_past_gradients(gs, beta):
    opt = optim.Momentum(0.01, beta=beta)
    w = np.zeros(1)
    for g in gs:
        opt.update([w], [np.array([g])])
    t = len(gs)
    expected = sum(beta ** (t - s) * g for s, g in enumerate(gs, start=1))
    assert opt.velocity[0][0] == pytest.approx(expected, rel=1e-9, abs=1e-9)


@SETTINGS
@given(st.lists(st.floats(-10, 10), min_size=1, max_size=8))
def test_momentum_with_beta_zero_is_sgd(gs):
    a, b = np.array([0.3]), np.array([0.3])
    sgd, mom = optim.SGD(0.2), optim.Momentum(0.2, beta=0.0)
    for g in gs:
        sgd.update([a], [np.array([g])])
        mom.update([b], [np.array([g])])
    assert a[0] == b[0]


# --- descend and the closed-form rates on the bowl -------------------------------------------------

@pytest.mark.parametrize("kappa", [4.0, 25.0, 100.0])
def test_gradient_descent_at_the_best_step_shrinks_by_the_predicted_rate(kappa):
    eta, rate = surfaces.gd_best(kappa)
    path = optim.descend(lambda w: surfaces.bowl_gradient(w, kappa), [1.0, 1.0], optim.SGD(eta), 60)
    assert surfaces.measured_rate(path, [0.0, 0.0], 0, 60) == pytest.approx(rate, rel=1e-10)
    slower = optim.descend(lambda w: surfaces.bowl_gradient(w, kappa), [1.0, 1.0], optim.SGD(0.8 * eta), 60)
    assert surfaces.measured_rate(slower, [0.0, 0.0], 30, 60) > rate + 1e-3


@pytest.mark.parametrize("kappa", [25.0, 100.0])
def test_momentum_at_the_best_settings_reaches_the_predicted_rate(kappa):
    eta, beta, rate = surfaces.momentum_best(kappa)
    path = optim.descend(lambda w: surfaces.bowl_gradient(w, kappa), [1.0, 1.0], optim.Momentum(eta, beta), 600)
    measured = surfaces.measured_rate(path, [0.0, 0.0], 300, 600)
    assert rate < measured < rate * 1.005  # a double eigenvalue: distances fall like t * rate**t
    assert measured < surfaces.gd_best(kappa)[1]


def test_too_much_momentum_circles_at_rate_sqrt_beta():
    kappa, beta = 100.0, 0.98
    eta = surfaces.momentum_best(kappa)[0]
    path = optim.descend(lambda w: surfaces.bowl_gradient(w, kappa), [1.0, 1.0], optim.Momentum(eta, beta), 2000)
    assert surfaces.measured_rate(path, [0.0, 0.0], 1000, 2000) == pytest.approx(math.sqrt(beta), abs=2e-4)


def test_descend_reports_divergence_and_leaves_the_optimiser_alone():
    opt = optim.Momentum(0.5, beta=0.9)
    optim.descend(lambda w: 2 * w, [1.0], opt, 5)
    assert opt.t == 0 and opt.velocity == []
    with pytest.raises(_validate.DivergedError, match="diverged at step") as info:
        optim.descend(lambda w: surfaces.bowl_gradient(w, 100.0), [1.0, 1.0], optim.SGD(2.5), 2000)
    path = info.value.path  # the points before the run left the floats: w_2 = -249 w_1 on the steep axis
    assert path.shape[1] == 2 and 100 < len(path) < 200 and np.all(np.isfinite(path))
    np.testing.assert_allclose(path[1:6, 1] / path[:5, 1], -249.0)


def test_adam_finds_the_bottom_of_the_rosenbrock_valley():
    path = optim.descend(surfaces.rosenbrock_gradient, [-1.5, 1.5], optim.Adam(0.02), 4000)
    assert surfaces.rosenbrock(path[-1]) < 1e-3


# --- the surfaces --------------------------------------------------------------------------------

@SETTINGS
@given(st.floats(-2, 2), st.floats(-2, 2), st.floats(1, 100))
def test_bowl_gradient_matches_finite_differences(x, y, kappa):
    w = np.array([x, y])
    num = numerical_gradient(lambda v: surfaces.bowl(v, kappa), w)
    assert np.allclose(surfaces.bowl_gradient(w, kappa), num, atol=1e-6)


@SETTINGS
@given(st.floats(-2, 2), st.floats(-1, 3))
def test_rosenbrock_gradient_matches_finite_differences(x, y):
    w = np.array([x, y])
    num = numerical_gradient(surfaces.rosenbrock, w)
    exact = surfaces.rosenbrock_gradient(w)
    assert relative_error(exact, num) < 1e-6 or np.allclose(exact, num, atol=1e-5)


def test_measured_rate_of_a_geometric_run_and_of_a_stalled_one():
    path = np.array([[3.0 * 0.7 ** t, -1.0 * 0.7 ** t] for t in range(10)])
    assert surfaces.measured_rate(path, [0.0, 0.0], 2, 9) == pytest.approx(0.7, rel=1e-12)
    with pytest.raises(ValueError, match="reaches the minimum exactly"):
        surfaces.measured_rate([[1.0, 0.0], [0.0, 0.0]], [0.0, 0.0], 0, 1)


def test_surfaces_by_hand_and_on_grids():
    assert surfaces.bowl([2.0, 1.0], 4) == 4.0
    assert surfaces.rosenbrock([0.5, 0.0]) == pytest.approx(0.25 + 100 * 0.0625)
    grid = np.stack(np.meshgrid(np.linspace(-1, 1, 3), np.linspace(0, 2, 4)))
    assert surfaces.rosenbrock(grid).shape == (4, 3)
    assert surfaces.bowl_gradient(grid, 3).shape == (2, 4, 3)
    assert surfaces.momentum_best(1.0) == (1.0, 0.0, 0.0)


# --- bad input -----------------------------------------------------------------------------------

@SETTINGS
@given(st.one_of(st.floats(max_value=0.0), st.just(float("nan")), st.just(float("inf"))))
def test_bad_learning_rates_are_refused(eta):
    for cls in (optim.SGD, optim.Momentum, optim.Adam):
        with pytest.raises(ValueError, match="eta"):
            cls(eta)


@SETTINGS
@given(st.one_of(st.floats(max_value=-1e-9, allow_infinity=False), st.floats(min_value=1.0, allow_infinity=False)))
def test_bad_decay_rates_are_refused(beta):
    with pytest.raises(ValueError, match="beta must be at least 0 and less than 1"):
        optim.Momentum(0.1, beta=beta)
    with pytest.raises(ValueError, match="beta2"):
        optim.Adam(0.1, beta2=beta)


@pytest.mark.parametrize("value", ["0.1", True, None, [0.1]])
def test_wrong_kinds_are_type_errors(value):
    with pytest.raises(TypeError, match="eta"):
        optim.SGD(value)
    with pytest.raises(TypeError, match="beta1"):
        optim.Adam(0.1, beta1=value)


def test_update_checks_params_and_grads():
    opt = optim.Momentum(0.1)
    with pytest.raises(TypeError, match="params must be a non-empty list"):
        opt.update(np.zeros(2), [np.zeros(2)])
    with pytest.raises(TypeError, match=r"params\[0\] must be a float64"):
        opt.update([np.zeros(2, dtype=int)], [np.zeros(2)])
    with pytest.raises(ValueError, match="one array per parameter"):
        opt.update([np.zeros(2)], [np.zeros(2), np.zeros(2)])
    with pytest.raises(ValueError, match="same shape"):
        opt.update([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(ValueError, match="finite"):
        opt.update([np.zeros(2)], [np.array([1.0, np.nan])])
    opt.update([np.zeros(2)], [np.ones(2)])
    with pytest.raises(ValueError, match="reset"):
        opt.update([np.zeros(3)], [np.ones(3)])
    opt.reset()
    opt.update([np.zeros(3)], [np.ones(3)])


def test_descend_and_surfaces_check_their_arguments():
    with pytest.raises(TypeError, match="grad must be a function"):
        optim.descend(3, [0.0], optim.SGD(0.1), 2)
    with pytest.raises(TypeError, match="optimiser must be"):
        optim.descend(lambda w: w, [0.0], "adam", 2)
    with pytest.raises(ValueError, match="steps must be at least 1"):
        optim.descend(lambda w: w, [0.0], optim.SGD(0.1), 0)
    with pytest.raises(ValueError, match="grad must return an array of shape"):
        optim.descend(lambda w: np.zeros(3), [0.0, 0.0], optim.SGD(0.1), 2)
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        surfaces.bowl([1.0, 2.0, 3.0], 2)
    with pytest.raises(ValueError, match="kappa must be at least 1"):
        surfaces.gd_best(0.5)
    with pytest.raises(ValueError, match="last must be at most"):
        surfaces.measured_rate([[1.0, 0.0], [0.5, 0.0]], [0.0, 0.0], 0, 5)
    with pytest.raises(ValueError, match="w_star must have 2 entries"):
        surfaces.measured_rate([[1.0, 0.0], [0.5, 0.0]], [0.0], 0, 1)


def test_copy_gives_a_fresh_optimiser_with_the_same_settings():
    opt = optim.Adam(0.02, beta1=0.8)
    opt.update([np.zeros(1)], [np.ones(1)])
    fresh = opt.copy()
    assert repr(fresh) == repr(opt) == "Adam(eta=0.02, beta1=0.8, beta2=0.999, eps=1e-08)"
    assert fresh.t == 0 and opt.t == 1


def test_importing_the_math_modules_does_not_load_matplotlib():
    import subprocess
    import sys

    code = "import sys, nblib.optim, nblib.surfaces; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("g", [1e300, -1e200, 1.3e154, 1e-171, -1e-300, 1e-305])
def test_adam_first_step_is_eta_for_gradients_whose_square_overflows_or_underflows(g):
    """Adam keeps sqrt(s) by hypot: the first step is eta * g / (|g| + eps) for every finite g."""
    w = np.zeros(1)
    opt = optim.Adam(0.1, eps=1e-300)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opt.update([w], [np.array([g])])
    expected = -0.1 * (g / (abs(g) + 1e-300))  # exact here: the bias corrections cancel
    assert w[0] == pytest.approx(expected, rel=1e-14, abs=0)


def test_adam_steps_match_the_squared_form_where_it_is_exact():
    rng = np.random.default_rng(3)
    a, b = np.zeros(5), np.zeros(5)
    opt = optim.Adam(0.01)
    gbar, s = np.zeros(5), np.zeros(5)
    for t in range(1, 30):
        g = rng.normal(size=5)
        opt.update([a], [g])
        gbar = 0.9 * gbar + 0.1 * g
        s = 0.999 * s + 0.001 * g * g
        b -= 0.01 * (gbar / (1 - 0.9 ** t)) / (np.sqrt(s / (1 - 0.999 ** t)) + 1e-8)
    np.testing.assert_allclose(a, b, rtol=1e-13, atol=0)
