"""Tests of nblib.init (chapter 12): hand values, exact draws, statistics of the draws, validation.

Statistical tolerances. For N independent draws from N(0, s^2), the sample mean has standard
deviation s / sqrt(N), and the sample variance v has standard deviation s^2 * sqrt(2 / (N - 1))
(the variance of a chi-squared variable with N - 1 degrees of freedom is 2 (N - 1)). So

    |mean| < 5 s / sqrt(N)    and    |v / s^2 - 1| < 5 sqrt(2 / (N - 1))

each fail with probability below 1e-6 for a correct sampler; with fixed seeds the tests are
deterministic, and a sampler off by a factor of 2 in the variance (lecun for he, say) misses
the bound by far for the sample sizes used (N >= 4096: 5 sqrt(2 / N) <= 0.11).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nblib import init


def _bounds(n):
    return 5 / np.sqrt(n), 5 * np.sqrt(2 / (n - 1))


def test_variance_hand_values():
    assert init.variance("standard", 64, 10) == 1.0
    assert init.variance("lecun", 64, 10) == 1 / 64
    assert init.variance("xavier", 30, 10) == 2 / 40
    assert init.variance("he", 64, 10) == 2 / 64
    assert init.std("lecun", 64, 32) == 0.125
    assert init.std("he", 8, 1) == 0.5
    assert init.std("xavier", 1, 1) == 1.0
    assert init.std("standard", 5, 7) == 1.0


@pytest.mark.parametrize("name", init.SCALES)
@pytest.mark.parametrize("n_in, n_out", [(1, 1), (64, 64), (784, 30), (3, 500)])
def test_std_is_the_root_of_the_variance(name, n_in, n_out):
    assert init.std(name, n_in, n_out) == pytest.approx(np.sqrt(init.variance(name, n_in, n_out)), rel=1e-15)


def test_lecun_draws_are_exactly_the_historic_ones():
    """The default reproduces rng.normal(0, 1/sqrt(n_in)) layer by layer, bit for bit."""
    sizes = [64, 32, 16, 10]
    rng = np.random.default_rng(3)
    expected = [rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
    got = init.weights(sizes, seed=3)
    assert len(got) == 3
    for W, E in zip(got, expected):
        assert W.shape == E.shape
        assert np.array_equal(W, E)


def test_same_seed_same_weights_other_seed_other_weights():
    a = init.weights([5, 4, 3], "he", seed=11)
    b = init.weights([5, 4, 3], "he", seed=11)
    c = init.weights([5, 4, 3], "he", seed=12)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[0], c[0])


def test_scales_differ_only_by_the_factor():
    """One seed, two scales: the same standard normal draws times each scale's std."""
    sizes = [20, 30, 10]
    lecun = init.weights(sizes, "lecun", seed=5)
    he = init.weights(sizes, "he", seed=5)
    standard = init.weights(sizes, "standard", seed=5)
    for l, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        np.testing.assert_allclose(he[l], np.sqrt(2) * lecun[l], rtol=1e-14)
        np.testing.assert_allclose(standard[l], np.sqrt(n_in) * lecun[l], rtol=1e-14)


def test_gain_multiplies_the_std():
    base = init.weights([10, 10], "xavier", seed=2)
    doubled = init.weights([10, 10], "xavier", seed=2, gain=2.0)
    np.testing.assert_allclose(doubled[0], 2.0 * base[0], rtol=1e-15)
    assert np.array_equal(init.weights([10, 10], seed=2, gain=1.0)[0], init.weights([10, 10], seed=2)[0])


@pytest.mark.parametrize("name", init.SCALES)
@pytest.mark.parametrize("sizes, seed", [([256, 64, 128], 0), ([100, 300], 1), ([32, 512], 2)])
def test_sample_mean_and_variance_match_the_scale(name, sizes, seed):
    for W, n_in, n_out in zip(init.weights(sizes, name, seed=seed), sizes, sizes[1:]):
        s2 = init.variance(name, n_in, n_out)
        N = W.size
        assert N >= 4096
        mean_bound, var_bound = _bounds(N)
        assert abs(W.mean()) < mean_bound * np.sqrt(s2)
        assert abs(W.var(ddof=1) / s2 - 1) < var_bound


def test_the_variance_test_can_fail():
    """The same check rejects he's draws measured against lecun's variance (a factor 2 off)."""
    W = init.weights([256, 64], "he", seed=0)[0]
    _, var_bound = _bounds(W.size)
    assert abs(W.var(ddof=1) / init.variance("lecun", 256, 64) - 1) > var_bound


def test_var_z_is_n_var_w_var_x():
    """Var(z) = n Var(w) Var(x) for independent zero-mean weights and inputs (chapter 12).

    z_j = sum_k W_jk x_k over m examples and n_out neurons: z has N = n_out * m entries, nearly
    independent given W; the sample variance's relative error is about sqrt(2 / N) plus the
    spread of the n_out row norms (relative sd sqrt(2 / (n_in * n_out)) overall); 5 of each.
    """
    n_in, n_out, m = 200, 200, 400
    rng = np.random.default_rng(9)
    x = rng.normal(0.0, 3.0, size=(n_in, m))  # Var(x) = 9
    for name in init.SCALES:
        W = init.weights([n_in, n_out], name, seed=4)[0]
        z = W @ x
        expected = n_in * init.variance(name, n_in, n_out) * 9.0
        tol = 5 * np.sqrt(2 / z.size) + 5 * np.sqrt(2 / W.size) + 5 * np.sqrt(2 / x.size)
        assert abs(z.var() / expected - 1) < tol


# --- bad input, by classes ----------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(st.text(min_size=0, max_size=8).filter(lambda s: s not in init.SCALES))
def test_unknown_name_is_a_value_error(name):
    with pytest.raises(ValueError, match="init must be one of"):
        init.weights([3, 2], name)
    with pytest.raises(ValueError, match="init must be one of"):
        init.variance(name, 3, 2)


@settings(max_examples=25, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.floats(), st.lists(st.text(), max_size=2)))
def test_name_of_wrong_kind_is_a_type_error(name):
    with pytest.raises(TypeError, match="init must be the name of a scale"):
        init.std(name, 3, 2)


@settings(max_examples=25, deadline=None)
@given(st.integers(max_value=0))
def test_sizes_below_one_are_value_errors(n):
    with pytest.raises(ValueError, match=r"sizes\[1\] must be at least 1"):
        init.weights([3, n])
    with pytest.raises(ValueError, match="n_in must be at least 1"):
        init.variance("he", n, 3)
    with pytest.raises(ValueError, match="n_out must be at least 1"):
        init.std("he", 3, n)


@settings(max_examples=25, deadline=None)
@given(st.one_of(st.floats(allow_nan=True), st.text(max_size=3), st.booleans()))
def test_sizes_of_wrong_kind_are_type_errors(n):
    with pytest.raises(TypeError, match=r"sizes\[0\] must be a whole number"):
        init.weights([n, 3])


@settings(max_examples=25, deadline=None)
@given(st.integers(max_value=-1))
def test_negative_seed_is_a_value_error(seed):
    with pytest.raises(ValueError, match="seed must be at least 0"):
        init.weights([3, 2], seed=seed)


@settings(max_examples=25, deadline=None)
@given(st.floats(max_value=0.0, allow_nan=False, allow_infinity=False))
def test_gain_not_positive_is_a_value_error(gain):
    with pytest.raises(ValueError, match="gain must be greater than 0"):
        init.weights([3, 2], gain=gain)


@pytest.mark.parametrize("gain", [float("nan"), float("inf")])
def test_gain_not_finite_is_a_value_error(gain):
    with pytest.raises(ValueError, match="gain must be finite"):
        init.weights([3, 2], gain=gain)


@pytest.mark.parametrize("gain", ["1", True, None, [1.0]])
def test_gain_of_wrong_kind_is_a_type_error(gain):
    with pytest.raises(TypeError, match="gain must be a real number"):
        init.weights([3, 2], gain=gain)


@pytest.mark.parametrize("sizes, error, match", [
    ((5,), ValueError, "at least one layer"),
    ([], ValueError, "at least one layer"),
    (np.array([3, 2]), TypeError, "sizes must be a list"),
    ("32", TypeError, "sizes must be a list"),
])
def test_sizes_shape(sizes, error, match):
    with pytest.raises(error, match=match):
        init.weights(sizes)


def test_init_imports_only_numpy():
    """A math module: its own imports are the standard library, NumPy and nblib._validate."""
    import ast

    from pathlib import Path

    tree = ast.parse(Path(init.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported |= {("." * node.level) + (node.module or "") + (":" + a.name if node.level else "")
                         for a in node.names}
    assert imported <= {"__future__", "numbers", "numpy", ".:_validate"}, imported


# --- Network.random draws through nblib.init ---------------------------------------------------

def test_network_random_default_is_the_historic_draw():
    """Network.random's default reproduces the first edition's draws bit for bit, so no stored
    chapter output changes: W_l ~ N(0, 1/n_{l-1}) in layer order from default_rng(seed)."""
    from nblib.network import Network

    for sizes, seed in [([64, 32, 10], 0), ([2, 2, 1], 1), ([64, 16, 16, 10], 7)]:
        rng = np.random.default_rng(seed)
        expected = [rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
        net = Network.random(sizes, "sigmoid", seed=seed)
        assert all(np.array_equal(W, E) for W, E in zip(net.weights, expected))
        assert all(np.array_equal(b, np.zeros(n)) for b, n in zip(net.biases, sizes[1:]))
        lecun = Network.random(sizes, "sigmoid", seed=seed, init="lecun")
        assert all(np.array_equal(W, E) for W, E in zip(lecun.weights, expected))


@pytest.mark.parametrize("name", init.SCALES)
def test_network_random_uses_the_named_scale(name):
    from nblib.network import Network

    sizes = [30, 20, 10]
    net = Network.random(sizes, ["relu", "identity"], seed=3, init=name)
    for W, E in zip(net.weights, init.weights(sizes, name, seed=3)):
        assert np.array_equal(W, E)


def test_network_random_rejects_unknown_scales():
    from nblib.network import Network

    with pytest.raises(ValueError, match="init must be one of"):
        Network.random([3, 2], "sigmoid", init="glorot")
    with pytest.raises(TypeError, match="init must be the name of a scale"):
        Network.random([3, 2], "sigmoid", init=0.5)
    with pytest.raises(TypeError):
        Network.random([3, 2], "sigmoid", 0, "he")  # init is keyword only


# --- spread_across_inputs ---------------------------------------------------------------------

def test_spread_across_inputs_hand_value():
    # neuron 1 varies over its two inputs with variance 1, neuron 2 not at all: sqrt((1 + 0) / 2)
    assert init.spread_across_inputs([[0.0, 2.0], [1.0, 1.0]]) == pytest.approx(np.sqrt(0.5), rel=1e-15)
    assert init.spread_across_inputs(np.full((3, 5), 0.5)) == 0.0


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 6), m=st.integers(2, 7), seed=st.integers(0, 2 ** 16), shift=st.floats(-5, 5))
def test_spread_across_inputs_splits_the_total_spread(n, m, seed, shift):
    """Var(all numbers) = spread across inputs ** 2 + Var(neuron means); a shift per neuron changes nothing."""
    a = np.random.default_rng(seed).normal(size=(n, m))
    s = init.spread_across_inputs(a)
    assert s ** 2 + a.mean(axis=1).var() == pytest.approx(a.var(), rel=1e-9, abs=1e-12)
    offsets = shift * np.arange(n)[:, None]
    assert init.spread_across_inputs(a + offsets) == pytest.approx(s, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("a, error", [
    ([1.0, 2.0], ValueError),                    # one dimension
    ([[1.0], [2.0]], ValueError),               # one example
    ([[1.0, np.nan]], ValueError),
    ([[True, False]], TypeError),
    ("abc", TypeError),
    (None, TypeError),
])
def test_spread_across_inputs_bad_input(a, error):
    with pytest.raises(error, match="a must"):
        init.spread_across_inputs(a)
