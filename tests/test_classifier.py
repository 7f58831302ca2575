"""Chapters 2 and 3: the slope classifier and the two-input linear classifier, against the
numbers worked by hand in the chapters."""

import numpy as np
import pytest

from nblib import classifier, data

BUGS = [[3.0, 1.0], [1.0, 3.0]]  # columns: ladybird (3, 1), caterpillar (1, 3)


# ---- chapter 2 ------------------------------------------------------------------------------
def test_first_update_from_the_chapter():
    # By hand: y = 0.25 * 3 = 0.75, E = 1.1 - 0.75 = 0.35, dA = 0.35 / 3 = 7/60, A = 0.25 + 7/60 = 11/30.
    assert classifier.line(0.25, 3.0) == pytest.approx(0.75, abs=1e-15)
    A = classifier.slope_update(0.25, 3.0, 1.1)
    assert A == pytest.approx(11 / 30, abs=1e-12)
    assert round(A, 4) == 0.3667
    assert classifier.line(A, 3.0) == pytest.approx(1.1, abs=1e-12)  # exactly on the target


def test_walk_with_learning_rate_one_forgets_the_ladybird():
    run = classifier.train_slope(0.25, BUGS, [1.1, 2.9], eta=1.0)
    # Step 2 by hand: y = 11/30, E = 2.9 - 11/30 = 76/30, dA = 76/30 / 1, A = 2.9.
    np.testing.assert_allclose(run.y, [0.75, 11 / 30], atol=1e-12)
    np.testing.assert_allclose(run.E, [0.35, 76 / 30], atol=1e-12)
    np.testing.assert_allclose(run.dA, [7 / 60, 76 / 30], atol=1e-12)
    np.testing.assert_allclose(run.A, [11 / 30, 2.9], atol=1e-12)
    np.testing.assert_allclose(run.path, [0.25, 11 / 30, 2.9], atol=1e-12)
    assert run.example.tolist() == [0, 1]
    # The final line only fits the caterpillar's target; the ladybird (3, 1) is far below it.
    assert classifier.classify(run.A[-1], BUGS).tolist() == [0, 1]


def test_walk_with_learning_rate_half():
    run = classifier.train_slope(0.25, BUGS, [1.1, 2.9], eta=0.5)
    # By hand: dA1 = 0.5 * 0.35 / 3 = 7/120, A1 = 37/120;
    # y2 = 37/120, E2 = 2.9 - 37/120 = 311/120, dA2 = 311/240, A2 = 385/240.
    np.testing.assert_allclose(run.dA, [7 / 120, 311 / 240], atol=1e-12)
    np.testing.assert_allclose(run.A, [37 / 120, 385 / 240], atol=1e-12)
    assert round(run.A[-1], 4) == 1.6042
    assert run.updated.all()


def test_classify_by_side_of_the_line():
    assert classifier.classify(0.25, BUGS).tolist() == [1, 1]  # both above y = 0.25 x
    assert classifier.classify(2.0, BUGS).tolist() == [0, 1]
    assert classifier.classify(5.0, BUGS).tolist() == [0, 0]
    assert classifier.classify(1 / 3, [[3.0], [1.0]]).tolist() == [0]  # on the line counts as below


def test_slope_targets_sit_just_past_each_bug():
    np.testing.assert_allclose(classifier.slope_targets(BUGS, [0, 1]), [1.1, 2.9], atol=1e-15)
    np.testing.assert_allclose(classifier.slope_targets(BUGS, [0, 1], margin=0.5), [1.5, 2.5])


def test_skip_correct_leaves_a_line_that_classifies_the_bug_correctly():
    # A = 1: line at 3 above the ladybird (1), and at 1 below the caterpillar (3): both skipped.
    run = classifier.train_slope(1.0, BUGS, [1.1, 2.9], eta=0.5, skip_correct=True)
    assert run.A.tolist() == [1.0, 1.0]
    assert run.dA.tolist() == [0.0, 0.0]
    assert not run.updated.any()
    # Without skipping the same start moves: A1 = 1 + 0.5 * (1.1 - 3) / 3 = 41/60.
    run = classifier.train_slope(1.0, BUGS, [1.1, 2.9], eta=0.5)
    assert run.A[0] == pytest.approx(41 / 60, abs=1e-12)
    # From A = 0.25 the ladybird is above the line (a mistake), so the first step is taken:
    # 0.25 + 0.5 * 0.35 / 3 = 37/120; then the caterpillar (3 > 37/120) is right: skipped.
    run = classifier.train_slope(0.25, BUGS, [1.1, 2.9], eta=0.5, skip_correct=True)
    np.testing.assert_allclose(run.A, [37 / 120, 37 / 120], atol=1e-12)
    assert run.updated.tolist() == [True, False]


def test_learning_only_from_mistakes_separates_separable_bugs():
    X, labels = data.make_bugs(40, overlap=0.0, seed=2)
    t = classifier.slope_targets(X, labels)
    run = classifier.train_slope(0.25, X, t, eta=0.5, epochs=10, skip_correct=True)
    assert np.all(classifier.classify(run.A[-1], X) == labels)
    assert not run.updated[-40:].any()  # the last epoch made no change: training has settled


def test_slope_update_is_chapter_one_rule_with_its_own_names():
    """One implementation of the proportional update: chapter 2's slope is chapter 1's constant."""
    from nblib import predictor

    for A, x, t, eta in [(0.25, 3.0, 1.1, 1.0), (-2.0, 0.5, 7.0, 0.3), (1e3, -4.0, 2.5, 1.9)]:
        assert classifier.slope_update(A, x, t, eta) == predictor.update(A, x, t, eta)
    with pytest.raises(TypeError, match="A must be a real number"):
        classifier.slope_update("0.25", 3.0, 1.1)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: classifier.slope_update(0.25, 0.0, 1.1), ValueError, "x must be non-zero"),
        (lambda: classifier.slope_update(0.25, 3.0, 1.1, eta=0), ValueError, "eta must be greater than 0"),
        (lambda: classifier.slope_update(0.25, 3.0, 1.1, eta=-0.5), ValueError, "eta must be greater than 0"),
        (lambda: classifier.slope_update(float("inf"), 3.0, 1.1), ValueError, "A must be finite"),
        (lambda: classifier.slope_update("0.25", 3.0, 1.1), TypeError, "A must be a real number"),
        (lambda: classifier.classify(1.0, [1.0, 2.0]), ValueError, r"X must have shape \(2, m\)"),
        (lambda: classifier.classify(1.0, np.ones((3, 2))), ValueError, r"X must have shape \(2, m\)"),
        (lambda: classifier.classify(1.0, [[1.0, np.nan], [1.0, 2.0]]), ValueError, "X must be finite"),
        (lambda: classifier.slope_targets(BUGS, [0, 2]), ValueError, "labels must contain only the labels 0 and 1"),
        (lambda: classifier.slope_targets(BUGS, [0, 1, 1]), ValueError, r"labels must have shape \(2,\)"),
        (lambda: classifier.train_slope(0.25, [[3.0, 0.0], [1.0, 3.0]], [1.1, 2.9]), ValueError,
         "example 1 has width 0"),
        (lambda: classifier.train_slope(0.25, BUGS, [1.1]), ValueError, r"t must have shape \(2,\)"),
        (lambda: classifier.train_slope(0.25, BUGS, [1.1, 2.9], epochs=0), ValueError, "epochs must be at least 1"),
        (lambda: classifier.train_slope(0.25, BUGS, [1.1, 2.9], skip_correct=1), TypeError, "skip_correct"),
    ],
)
def test_chapter_two_input_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---- chapter 3 ------------------------------------------------------------------------------
def test_linear_output_of_hand_chosen_gates():
    X, _ = data.boolean("AND")
    # OR: x1 + x2 - 0.5 > 0; NAND: -x1 - x2 + 1.5 > 0; AND: x1 + x2 - 1.5 > 0 (worked by hand).
    assert classifier.linear_output([1, 1], -0.5, X).tolist() == [0, 1, 1, 1]
    assert classifier.linear_output([-1, -1], 1.5, X).tolist() == [1, 1, 1, 0]
    assert classifier.linear_output([1, 1], -1.5, X).tolist() == [0, 0, 0, 1]
    assert classifier.linear_output([1, 1], -1.0, X).tolist() == [0, 0, 0, 1]  # z = 0 gives 0


def test_two_layers_of_hand_chosen_classifiers_compute_xor():
    X, t = data.boolean("XOR")
    h = np.vstack([classifier.linear_output([1, 1], -0.5, X), classifier.linear_output([-1, -1], 1.5, X)])
    assert classifier.linear_output([1, 1], -1.5, h).tolist() == t.tolist()


def test_misclassified_counts():
    X, t = data.boolean("XOR")
    # x1 + x2 - 0.5 > 0 is OR: it is wrong only at (1, 1).
    assert classifier.misclassified([1, 1], -0.5, X, t) == 1
    assert classifier.misclassified([0, 0], 0.0, X, t) == 2  # all outputs 0


def test_linear_update_by_hand():
    # w = (0, 0), b = -0.5, x = (1, 1), t = 1: z = -0.5, output 0, E = 1 -> w = (1, 1), b = 0.5.
    w, b = classifier.linear_update([0.0, 0.0], -0.5, [1.0, 1.0], 1, eta=1.0)
    assert w.tolist() == [1.0, 1.0] and b == 0.5
    # A correct output changes nothing.
    w, b = classifier.linear_update([1.0, 1.0], -1.5, [1.0, 1.0], 1, eta=1.0)
    assert w.tolist() == [1.0, 1.0] and b == -1.5
    # Output 1 for target 0: E = -1, with eta 0.5 -> w - 0.5 x, b - 0.5.
    w, b = classifier.linear_update([1.0, 1.0], -0.5, [0.0, 1.0], 0, eta=0.5)
    assert w.tolist() == [1.0, 0.5] and b == -1.0


def test_train_linear_first_epoch_of_and_by_hand():
    # From w = (0, 0), b = -0.5 every output is 0; only (1, 1) is wrong, so epoch 1 ends at
    # w = (1, 1), b = 0.5, which outputs 1 everywhere: 3 mistakes.
    run = classifier.train_linear(*data.boolean("AND"), b=-0.5, epochs=1)
    assert run.w.tolist() == [[0.0, 0.0], [1.0, 1.0]]
    assert run.b.tolist() == [-0.5, 0.5]
    assert run.errors.tolist() == [1, 3]


@pytest.mark.parametrize("name", ["AND", "OR", "NAND"])
def test_train_linear_learns_separable_gates(name):
    X, t = data.boolean(name)
    run = classifier.train_linear(X, t, b=-0.5, epochs=20)
    assert run.errors[-1] == 0
    assert classifier.linear_output(run.w[-1], run.b[-1], X).tolist() == t.tolist()


def test_train_linear_never_learns_xor():
    X, t = data.boolean("XOR")
    for b0 in (-0.5, 0.0, 0.5):
        run = classifier.train_linear(X, t, b=b0, epochs=50)
        assert run.errors.min() >= 1


def test_no_line_on_a_grid_separates_xor():
    X, t = data.boolean("XOR")
    grid = np.linspace(-3, 3, 25)
    best = min(classifier.misclassified([w1, w2], b, X, t) for w1 in grid for w2 in grid for b in grid)
    assert best == 1


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: classifier.linear_output([1.0, 1.0, 1.0], 0.0, np.ones((2, 4))), ValueError,
         "w must have one weight per input: X has 2 inputs"),
        (lambda: classifier.linear_output([1.0, 1.0], 0.0, np.ones((4, 2))), ValueError,
         r"X must have shape \(2,\) for one example or \(2, m\).*transpose"),
        (lambda: classifier.linear_output([1.0, 1.0], [0.0], np.ones((2, 4))), TypeError, "b must be a real number"),
        (lambda: classifier.misclassified([1.0, 1.0], 0.0, np.ones((2, 4)), [0, 1, 0.5, 1]), ValueError,
         "t must contain only the labels 0 and 1, got 0.5"),
        (lambda: classifier.misclassified([1.0, 1.0], 0.0, np.ones((2, 4)), [0, 1]), ValueError, r"t must have shape \(4,\)"),
        (lambda: classifier.linear_update([1.0, 1.0], 0.0, [1.0, 1.0], 2), ValueError, "only the labels 0 and 1"),
        (lambda: classifier.linear_update([1.0, 1.0], 0.0, [1.0], 1), ValueError, "x must have the shape of w"),
        (lambda: classifier.linear_update([1.0, 1.0], 0.0, [1.0, 1.0], 1, eta=0.0), ValueError, "eta must be greater than 0"),
        (lambda: classifier.train_linear(*data.boolean("OR"), epochs=0), ValueError, "epochs must be at least 1"),
        (lambda: classifier.train_linear([[0, 1], [np.inf, 1]], [0, 1]), ValueError, "X must be finite"),
    ],
)
def test_chapter_three_input_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
