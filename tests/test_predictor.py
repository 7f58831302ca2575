"""Chapter 1's predictor against the numbers worked by hand in the chapter."""

import math

import numpy as np
import pytest

from nblib import gradcheck, predictor
from nblib._validate import DivergedError

KM, MILES = 100.0, 62.137


def test_predict_and_error_of_the_chapter_guesses():
    # Worked by hand: 0.5 * 100 = 50, 62.137 - 50 = 12.137; 0.6 -> 2.137; 0.7 -> -7.863; 0.61 -> 1.137.
    for c, output, err in [(0.5, 50.0, 12.137), (0.6, 60.0, 2.137), (0.7, 70.0, -7.863), (0.61, 61.0, 1.137)]:
        y = predictor.predict(c, KM)
        assert y == pytest.approx(output, abs=1e-12)
        assert predictor.error(MILES, y) == pytest.approx(err, abs=1e-12)


def test_predict_keeps_the_shape_of_an_array_input():
    y = predictor.predict(0.5, [[0.0, 10.0], [20.0, 30.0]])
    assert y.shape == (2, 2)
    np.testing.assert_allclose(y, [[0.0, 5.0], [10.0, 15.0]])


def test_update_with_eta_one_lands_on_the_target():
    c = predictor.update(0.5, KM, MILES)
    assert c == pytest.approx(0.62137, abs=1e-15)
    assert predictor.predict(c, KM) == pytest.approx(MILES, abs=1e-12)


def test_update_with_eta_half_moves_half_way():
    # 0.5 + 0.5 * 12.137 / 100 = 0.560685
    assert predictor.update(0.5, KM, MILES, eta=0.5) == pytest.approx(0.560685, abs=1e-15)


def test_update_is_the_newton_step_on_the_error_found_by_finite_differences():
    # E(c) = t - c x is linear in c; the exact correction is the Newton step -E / E'(c).
    c0 = 0.43
    error_of = lambda theta: MILES - float(theta[0]) * KM
    slope = gradcheck.numerical_gradient(error_of, [c0])[0]
    assert slope == pytest.approx(-KM, rel=1e-9)
    newton = c0 - error_of([c0]) / slope
    assert predictor.update(c0, KM, MILES) == pytest.approx(newton, rel=1e-9)


@pytest.mark.parametrize("eta", [0.3, 0.5, 1.0, 1.5, 2.0, 2.5])
def test_train_multiplies_the_error_by_one_minus_eta(eta):
    run = predictor.train(0.5, KM, MILES, eta=eta, steps=8)
    expected = [12.137 * (1 - eta) ** k for k in range(9)]
    np.testing.assert_allclose(run.E, expected, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(run.c, (MILES - run.E) / KM, rtol=1e-12)


def test_train_with_zero_steps_returns_the_start():
    run = predictor.train(0.5, KM, MILES, eta=0.5, steps=0)
    assert run.c.tolist() == [0.5]
    assert run.E[0] == pytest.approx(12.137)


def test_train_far_past_divergence_raises_with_the_run_so_far():
    with pytest.raises(DivergedError, match="training diverged at update") as info:
        predictor.train(0.5, KM, MILES, eta=3.0, steps=2000)  # |1 - eta| = 2: 2**2000 overflows
    run = info.value.path
    assert 900 < run.E.size < 1100 and np.all(np.isfinite(run.E)) and np.all(np.isfinite(run.c))


@pytest.mark.parametrize(
    "call, kind, message",
    [
        (lambda: predictor.predict("0.5", 100), TypeError, r"c must be a real number, got str"),
        (lambda: predictor.predict(0.5, "100"), TypeError, r"km must be a real number"),
        (lambda: predictor.predict(float("nan"), 100), ValueError, r"c must be finite"),
        (lambda: predictor.predict(0.5, [1.0, float("nan")]), ValueError, r"km must be finite"),
        (lambda: predictor.predict(True, 100), TypeError, r"c must be a real number, got bool"),
        (lambda: predictor.error([1.0, 2.0], [1.0, 2.0, 3.0]), ValueError, r"target and output must have the same shape"),
        (lambda: predictor.update(0.5, 100, 62.137, eta=0), ValueError, r"eta must be greater than 0, got 0"),
        (lambda: predictor.update(0.5, 100, 62.137, eta=-0.1), ValueError, r"eta must be greater than 0"),
        (lambda: predictor.update(0.5, 0, 0), ValueError, r"km must be non-zero"),
        (lambda: predictor.update(0.5, [100], 62.137), TypeError, r"km must be a real number"),
        (lambda: predictor.train(0.5, 100, 62.137, eta=0.5, steps=2.5), TypeError, r"steps must be a whole number"),
        (lambda: predictor.train(0.5, 100, 62.137, eta=0.5, steps=-1), ValueError, r"steps must be at least 0"),
        (lambda: predictor.train(0.5, 100, 62.137, eta=float("inf"), steps=3), ValueError, r"eta must be finite"),
    ],
)
def test_bad_input_raises_a_clear_error(call, kind, message):
    with pytest.raises(kind, match=message):
        call()


def test_divergent_values_alternate_in_sign_like_the_closed_form():
    run = predictor.train(0.5, KM, MILES, eta=3.0, steps=40)
    np.testing.assert_allclose(run.E, (-2.0) ** np.arange(41) * (MILES - 0.5 * KM), rtol=1e-9)
