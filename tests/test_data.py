"""The Part I data sets (chapters 2 and 3): shapes, values and input checks."""

import numpy as np
import pytest

from nblib import data


@pytest.mark.parametrize(
    "name, outputs",
    [("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("NAND", [1, 1, 1, 0]), ("XOR", [0, 1, 1, 0])],
)
def test_truth_tables_match_the_definitions(name, outputs):
    X, t = data.boolean(name)
    assert X.shape == (2, 4) and t.shape == (4,)
    # Column k of X is row k of the truth table: (0,0), (0,1), (1,0), (1,1).
    assert [tuple(col) for col in X.T] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert t.tolist() == outputs


def test_truth_tables_agree_with_python_logic():
    X, _ = data.boolean("AND")
    a, b = X.astype(bool)
    for name, expected in [("AND", a & b), ("OR", a | b), ("NAND", ~(a & b)), ("XOR", a ^ b)]:
        assert data.boolean(name)[1].tolist() == expected.astype(float).tolist()


def test_boolean_accepts_lower_case_and_returns_fresh_arrays():
    X, t = data.boolean("xor")
    X[0, 0] = 5.0
    t[0] = 7.0
    X2, t2 = data.boolean("XOR")
    assert X2[0, 0] == 0.0 and t2[0] == 0.0


def test_boolean_rejects_unknown_names():
    with pytest.raises(ValueError, match="name must be one of AND, OR, NAND, XOR"):
        data.boolean("NOR")
    with pytest.raises(TypeError, match="name must be a string"):
        data.boolean(3)


def test_garden_bugs_are_the_chapter_two_examples():
    X, labels = data.garden_bugs()
    assert X[:, 0].tolist() == [3.0, 1.0]  # ladybird: width 3, length 1
    assert X[:, 1].tolist() == [1.0, 3.0]  # caterpillar: width 1, length 3
    assert [data.BUG_NAMES[k] for k in labels] == ["ladybird", "caterpillar"]


def test_make_bugs_is_reproducible_and_balanced():
    X1, l1 = data.make_bugs(40, overlap=0.3, seed=7)
    X2, l2 = data.make_bugs(40, overlap=0.3, seed=7)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(l1, l2)
    assert X1.shape == (2, 40) and l1.shape == (40,)
    assert l1.sum() == 20
    assert not np.array_equal(X1, data.make_bugs(40, overlap=0.3, seed=8)[0])


def test_make_bugs_without_overlap_is_split_by_the_diagonal_with_a_gap():
    X, labels = data.make_bugs(400, overlap=0.0, seed=3)
    angle = np.degrees(np.arctan2(X[1], X[0]))
    assert angle[labels == 0].max() <= 40.0
    assert angle[labels == 1].min() >= 50.0
    assert X[0].min() > 0.13  # widths never near zero


def test_make_bugs_with_full_overlap_mixes_the_kinds():
    X, labels = data.make_bugs(400, overlap=1.0, seed=3)
    angle = np.degrees(np.arctan2(X[1], X[0]))
    assert angle[labels == 0].max() > angle[labels == 1].min()


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(m=5), ValueError, "m must be even"),
        (dict(m=0), ValueError, "m must be at least 2"),
        (dict(m=4.0), TypeError, "m must be a whole number"),
        (dict(m=4, overlap=1.5), ValueError, "overlap must be between 0 and 1"),
        (dict(m=4, overlap=float("nan")), ValueError, "overlap must be finite"),
        (dict(m=4, seed=0.5), TypeError, "seed must be a whole number"),
    ],
)
def test_make_bugs_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        data.make_bugs(**kwargs)
