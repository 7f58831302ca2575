"""Count defects at the extremes and on bad input (issue 26, part 5): run with ``python benchmarks/audit_extremes.py``.

Every probe calls one public callable with warnings as errors and judges the outcome:

* an **extreme** probe gives finite input whose true answer is known (``decimal``, closed forms,
  ``scipy.special`` where installed); a defect is a warning, a leaked ``OverflowError`` /
  ``TypeError``, a NaN or infinity where the true value is finite, or a relative error above
  :data:`ULPS` units in the last place (or worse than the reference library's);
* a **bad-input** probe gives a wrong argument; a defect is *silent* (no error) or *unclear*
  (an error other than ``TypeError``/``ValueError``, or a message that does not name the
  argument the caller passed).

It prints one line per defect and the counts. Not a test: the unit tests check the same cases
one by one (``tests/test_extremes.py``, ``tests/test_bad_input.py``).
"""

from __future__ import annotations

import math
import re
import sys
import warnings
from decimal import Decimal, getcontext
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nblib import autodiff, classifier, init, losses, perceptron, report, softmax, surfaces  # noqa: E402
from nblib.sliders import Choice, Slider  # noqa: E402

getcontext().prec = 60
ULPS = 4
EPS = 2.0 ** -52

try:
    import scipy.special as sps
except ImportError:  # the reference is then the exact value alone
    sps = None


def _exact_log1p_exp(x: float) -> float:
    """log(1 + e^x) exactly rounded (Decimal)."""
    return float((Decimal(1) + Decimal(x).exp()).ln())


def _exact_sigmoid(x: float) -> float:
    return float(Decimal(1) / (Decimal(1) + Decimal(-x).exp()))


def _relerr(got, want) -> float:
    got, want = np.asarray(got, float), np.asarray(want, float)
    return float(np.max(np.abs(got - want) / np.maximum(np.abs(want), np.finfo(float).tiny)))


EXTREMES = []  # (name, thunk, judge) where judge(result) -> None (fine) or a description


def extreme(name, want=None, tol=ULPS * EPS, reference=None):
    def register(thunk):
        EXTREMES.append((name, thunk, want, tol, reference))
        return thunk
    return register


s40 = _exact_sigmoid(-40.0)
extreme("sigmoid_cross_entropy_grad(1, 40)", -s40)(lambda: losses.sigmoid_cross_entropy_grad(1.0, 40.0))
extreme("sigmoid_cross_entropy_grad(0, -40)", s40)(lambda: losses.sigmoid_cross_entropy_grad(0.0, -40.0))
extreme("sigmoid_cross_entropy_grad(1, 700)", -_exact_sigmoid(-700.0))(
    lambda: losses.sigmoid_cross_entropy_grad(1.0, 700.0))
extreme("measured_rate, distances near 1e308 (rate 1)", 1.0)(
    lambda: surfaces.measured_rate([[1e308, 0.0], [1e308, 0.0], [1e308, 0.0]], [-1e308, 0.0], 0, 2))
extreme("measured_rate, distances 2^-660 (rate 0.5)", 0.5)(
    lambda: surfaces.measured_rate([[2.0 ** -660, 0.0], [2.0 ** -661, 0.0], [2.0 ** -662, 0.0]], [0.0, 0.0], 0, 2))
extreme("measured_rate, subnormal distances (rate 0.5)", 0.5)(
    lambda: surfaces.measured_rate([[2.0 ** -1060, 0.0], [2.0 ** -1061, 0.0], [2.0 ** -1062, 0.0]], [0.0, 0.0], 0, 2))
extreme("measured_rate, distances 1e200 .. 1e-100 (rate 1e-300)", 1e-300, 1e-12)(  # exp(-690.8): 690 eps
    lambda: surfaces.measured_rate([[1e200, 1e200], [1e-100, 1e-100]], [0.0, 0.0], 0, 1))
extreme("bowl([1e154, 1e154], 1)", 1e308)(lambda: surfaces.bowl([1e154, 1e154], 1.0))
extreme("bowl([1.3e154, 1e-300], 2)", float(Decimal("1.3e154") ** 2 / 2))(
    lambda: surfaces.bowl([1.3e154, 1e-300], 2.0))
extreme("bowl([1e200, 0], 1): beyond the float range", math.inf)(lambda: surfaces.bowl([1e200, 0.0], 1.0))
extreme("bowl_gradient([1, 1e300], 1e10): beyond the range", [1.0, math.inf])(
    lambda: surfaces.bowl_gradient([1.0, 1e300], 1e10))
extreme("rosenbrock([1e200, 0]): beyond the range", math.inf)(lambda: surfaces.rosenbrock([1e200, 0.0]))
extreme("rosenbrock_gradient([1e200, 0]): beyond the range", [math.inf, -math.inf])(
    lambda: surfaces.rosenbrock_gradient([1e200, 0.0]))
extreme("report.rounded(1e307, 2)", 1e307)(lambda: report.rounded(1e307, 2))
extreme("report.rounded(1e300, 10)", 1e300)(lambda: report.rounded(1e300, 10))
extreme("report.rounded([1.5e308, 2.5], 300)", [1.5e308, 2.5])(lambda: report.rounded([1.5e308, 2.5], 300))
extreme("report.rounded(1.0, 400): absurd decimals", ValueError)(lambda: report.rounded(1.0, 400))
extreme("init.std('lecun', 10**400, 1)", (ValueError, 0.0))(lambda: init.std("lecun", 10 ** 400, 1))
extreme("init.variance('lecun', 10**400, 1)", (ValueError, 0.0))(lambda: init.variance("lecun", 10 ** 400, 1))
extreme("init.std('xavier', 10**308, 10**308)", (ValueError, 1e-154))(
    lambda: init.std("xavier", 10 ** 308, 10 ** 308))
extreme("init.variance('he', 2**1100, 1)", (ValueError, 0.0))(lambda: init.variance("he", 2 ** 1100, 1))
extreme("init.std('he', 2**60 + 1, 1)", (ValueError, float((Decimal(2) / (2 ** 60 + 1)).sqrt())))(
    lambda: init.std("he", 2 ** 60 + 1, 1))
# the softmax family on a confident prediction, against exact values (and scipy's relative error)
t30 = _exact_log1p_exp(-30.0)  # log(1 + e^-30)
extreme("softmax([30, 0])", [_exact_sigmoid(30.0), _exact_sigmoid(-30.0)],
        reference=(lambda: sps.softmax([30.0, 0.0])) if sps else None)(lambda: softmax.softmax([30.0, 0.0]))
extreme("log_softmax([30, 0])", [-t30, -30.0 - t30],
        reference=(lambda: sps.log_softmax([30.0, 0.0])) if sps else None)(lambda: softmax.log_softmax([30.0, 0.0]))
extreme("logsumexp([0, -30])", t30, reference=(lambda: sps.logsumexp([0.0, -30.0])) if sps else None)(
    lambda: softmax.logsumexp([0.0, -30.0]))
extreme("softmax_cross_entropy([1, 0], [30, 0])", t30,
        reference=(lambda: -sps.log_softmax([30.0, 0.0])[0]) if sps else None)(
    lambda: losses.softmax_cross_entropy([1.0, 0.0], [30.0, 0.0]))
extreme("softmax_cross_entropy_grad([1, 0], [30, 0])", [-_exact_sigmoid(-30.0), _exact_sigmoid(-30.0)],
        reference=(lambda: sps.softmax([30.0, 0.0]) - [1.0, 0.0]) if sps else None)(
    lambda: losses.softmax_cross_entropy_grad([1.0, 0.0], [30.0, 0.0]))
extreme("autodiff.softmax_cross_entropy(Tensor([30, 0]), [1, 0])", t30)(
    lambda: float(autodiff.softmax_cross_entropy(autodiff.Tensor([30.0, 0.0]), [1.0, 0.0]).data))


def judge_extreme(thunk, want, tol, reference):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            got = thunk()
    except ValueError as exc:
        if want is ValueError or (isinstance(want, tuple) and ValueError in want):
            return None
        return f"ValueError: {exc}"
    except Exception as exc:  # a warning turned error, OverflowError, TypeError, ...
        return f"{type(exc).__name__}: {exc}"
    if want is ValueError:
        return f"no error, returned {got!r}"
    options = want if isinstance(want, tuple) else (want,)
    options = [w for w in options if w is not ValueError]
    best = math.inf
    for w in options:
        w_arr = np.asarray(w, float)
        g_arr = np.asarray(got, float)
        if g_arr.shape != w_arr.shape:
            continue
        if np.array_equal(np.isinf(w_arr), np.isinf(g_arr)) and np.all(g_arr[np.isinf(w_arr)] == w_arr[np.isinf(w_arr)]):
            finite = np.isfinite(w_arr)
            if not np.all(np.isfinite(g_arr[finite])):
                continue
            best = min(best, _relerr(g_arr[finite], w_arr[finite]) if finite.any() else 0.0)
    limit = tol
    if reference is not None:
        limit = max(tol, _relerr(reference(), options[0]))
    if best > limit:
        return f"got {got!r}, want {options[0]!r} (relative error {best:.2g} > {limit:.2g})"
    return None


# ----------------------------------------------------------------------------- bad input
BAD = []  # (name, thunk, argument name the message must contain)


def bad(name, argument):
    def register(thunk):
        BAD.append((name, thunk, argument))
        return thunk
    return register


bad("unbroadcast(g='abc')", "g")(lambda: autodiff.unbroadcast("abc", (2,)))
bad("unbroadcast(g=[nan])", "g")(lambda: autodiff.unbroadcast([math.nan], (1,)))
bad("unbroadcast(shape='x')", "shape")(lambda: autodiff.unbroadcast(np.ones(3), "x"))
bad("unbroadcast(shape=(-1,))", "shape")(lambda: autodiff.unbroadcast(np.ones(3), (-1,)))
bad("unbroadcast(shape=(2.5,))", "shape")(lambda: autodiff.unbroadcast(np.ones(3), (2.5,)))
bad("unbroadcast(shape=3)", "shape")(lambda: autodiff.unbroadcast(np.ones(3), 3))
bad("unbroadcast(ones(2, 3), shape=(3, 2))", "shape")(lambda: autodiff.unbroadcast(np.ones((2, 3)), (3, 2)))
bad("unbroadcast(ones(3), shape=(2, 3))", "shape")(lambda: autodiff.unbroadcast(np.ones(3), (2, 3)))
bad("Slider.index(nan)", "v")(lambda: Slider(0.0, 1.0, 0.1).index(math.nan))
bad("Slider.index('a')", "v")(lambda: Slider(0.0, 1.0, 0.1).index("a"))
bad("Slider.at(100)", "k")(lambda: Slider(0.0, 1.0, 0.1).at(100))
bad("Slider.at(-1)", "k")(lambda: Slider(0.0, 1.0, 0.1).at(-1))
bad("Slider.at(0.5)", "k")(lambda: Slider(0.0, 1.0, 0.1).at(0.5))
bad("Slider.snap(None)", "v")(lambda: Slider(0.0, 1.0, 0.1).snap(None))
bad("Slider.snap(inf)", "v")(lambda: Slider(0.0, 1.0, 0.1).snap(math.inf))
bad("Slider.format('a')", "v")(lambda: Slider(0.0, 1.0, 0.1).format("a"))
bad("Slider.format(True)", "v")(lambda: Slider(0.0, 1.0, 0.1).format(True))
bad("Slider.static_values(0)", "budget")(lambda: Slider(0.0, 1.0, 0.1).static_values(0))
bad("Slider.static_values('a')", "budget")(lambda: Slider(0.0, 1.0, 0.1).static_values("a"))
bad("Slider(0, 10**400, 1)", "max")(lambda: Slider(0.0, 10 ** 400, 1.0))
bad("Slider.index(10**400)", "v")(lambda: Slider(0.0, 1.0, 0.1).index(10 ** 400))
bad("Choice.snap('C')", "v")(lambda: Choice(["A", "B"]).snap("C"))
bad("Choice.snap(1)", "v")(lambda: Choice(["A", "B"]).snap(1))
bad("Choice.format('C')", "v")(lambda: Choice(["A", "B"]).format("C"))
bad("Choice.static_values('a')", "budget")(lambda: Choice(["A", "B"]).static_values("a"))


def _draw_on(target):
    from nblib import compgraph

    C = autodiff.Value(2.0, "w") * 3.0
    C.backward()
    return compgraph.draw(target, C)


bad("compgraph.draw(target=None)", "target")(lambda: _draw_on(None))
bad("compgraph.draw(target='ax')", "target")(lambda: _draw_on("ax"))
bad("compgraph.draw(target=object())", "target")(lambda: _draw_on(object()))
bad("autodiff.softmax_cross_entropy(y=[2, -1])", "y")(
    lambda: autodiff.softmax_cross_entropy(autodiff.Tensor([0.0, 0.0]), [2.0, -1.0]))
bad("autodiff.softmax_cross_entropy(y=[0.3, 0.3])", "y")(
    lambda: autodiff.softmax_cross_entropy(autodiff.Tensor([0.0, 0.0]), [0.3, 0.3]))
bad("autodiff.softmax_cross_entropy(y=[[1, 0, 0]]) (3-D logits)", "logits")(
    lambda: autodiff.softmax_cross_entropy(autodiff.Tensor(np.zeros((2, 2, 2))), np.zeros((2, 2, 2))))
bad("Value(1) + nan", "operand")(lambda: autodiff.Value(1.0) + math.nan)
bad("Value(1) * inf", "operand")(lambda: autodiff.Value(1.0) * math.inf)
bad("Tensor([1, 2]) + [nan, 1]", "operand")(lambda: autodiff.Tensor([1.0, 2.0]) + np.array([math.nan, 1.0]))
bad("Tensor([1, 2]) * 'a'", "operand")(lambda: autodiff.Tensor([1.0, 2.0]) * "a")
bad("Tensor([[1]]) @ [[nan]]", "operand")(lambda: autodiff.Tensor([[1.0]]) @ np.array([[math.nan]]))
bad("Value(nan)", "data")(lambda: autodiff.Value(math.nan))
bad("Dual(1) + nan", "operand")(lambda: autodiff.Dual(1.0) + math.nan)
bad("autodiff.exp('a')", "x")(lambda: autodiff.exp("a"))
bad("perceptron.predict(w of length 3, X of 2 rows)", "w")(
    lambda: perceptron.predict([1.0, 2.0, 3.0], 0.0, np.ones((2, 4))))
bad("classifier.linear_epoch(w of length 3, X of 2 rows)", "w")(
    lambda: classifier.linear_epoch([0.0, 0.0, 0.0], 0.0, np.ones((2, 4)), [0, 1, 0, 1]))
bad("perceptron.train(w of length 3, X of 2 rows)", "w")(
    lambda: perceptron.train([1.0, 2.0, 3.0], 0.0, np.ones((2, 4)), [0, 1, 0, 1]))


def judge_bad(thunk, argument):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            got = thunk()
    except (TypeError, ValueError) as exc:
        message = str(exc)
        named = re.search(rf"(?<![\w.]){re.escape(argument)}(?!\w)", message)
        if not named or (argument != "data" and "data must" in message):
            return "unclear", f"{type(exc).__name__}: {message}"
        return None
    except Exception as exc:
        return "unclear", f"{type(exc).__name__}: {exc}"
    return "silent", f"returned {got!r}"


def main() -> int:
    counts = {"extreme": 0, "unclear": 0, "silent": 0}
    for name, thunk, want, tol, reference in EXTREMES:
        problem = judge_extreme(thunk, want, tol, reference)
        if problem:
            counts["extreme"] += 1
            print(f"extreme  {name}: {problem}")
    for name, thunk, argument in BAD:
        problem = judge_bad(thunk, argument)
        if problem:
            counts[problem[0]] += 1
            print(f"{problem[0]:8} {name}: {problem[1]}")
    print(f"\n{len(EXTREMES)} extreme probes: {counts['extreme']} defects; "
          f"{len(BAD)} bad-input probes: {counts['unclear']} unclear, {counts['silent']} silent")
    return sum(counts.values())


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
