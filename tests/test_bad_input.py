"""Every public callable of nblib's math and plotting modules, called with bad input.

Bad input comes in classes (wrong types, None, strings, booleans, NaN/inf, empty, mis-shaped,
mismatched lengths, non-positive rates and counts, out-of-range labels). For each callable and
each of its arguments, hypothesis draws values of the classes that apply to that argument and
the test asserts the outcome the package promises (see :mod:`nblib._validate`): a ``TypeError``
or ``ValueError`` whose message names the argument. Nothing may be accepted silently and nothing
may fail from deep inside NumPy with an unrelated message.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from nblib import (
    activations, classifier, data, descent, diagram, gradcheck, losses, network, optim, perceptron, predictor, show,
    softmax, style, training, dropout,
)
from nblib.network import Network

# --- classes of bad values, by what an argument expects -----------------------------------------

NOT_A_NUMBER = [None, "abc", "1.0", b"1", object(), 1 + 2j, {"a": 1}]
BOOLS = [True, False, np.True_]
NON_FINITE = [np.nan, np.inf, -np.inf]

KINDS = {
    # an array of real numbers (any shape unless an extra says otherwise)
    "array": NOT_A_NUMBER + BOOLS + [[True, False], np.array([True, False]), [np.nan, 1.0], [1.0, np.inf],
                                     [], [[1.0], [2.0, 3.0]], [1 + 2j, 0j], ["a", "b"]],
    "scalar": NOT_A_NUMBER + BOOLS + NON_FINITE + [[1.0, 2.0], np.array([1.0]), 10 ** 400],
    "count": NOT_A_NUMBER + BOOLS + NON_FINITE + [2.5, -1, np.float64(3.0), [3]],
    "flag": [None, "no", "yes", 1, 0, 1.0, [True]],
    "function": [None, 3, "f", [abs]],
    "name": [None, 3, 3.5, b"AND", True, ["AND"], "nope"],
    "text": [None, 3, 3.5, b"AND", True, ["AND"]],
    "path": [None, 3, 3.5, b"net.npz", True, ["net.npz"], np.array([True, False])],
    "list": [None, 3, "abc", True, (1.0,), np.zeros(2), ["a"], [True], [None]],
}
POSITIVE = [0, 0.0, -1, -1e-300, -np.inf]
# elementwise functions map an empty array to an empty array (as NumPy's ufuncs do)
KINDS["record"] = [None, "abc", [1.0, 2.0], 3.0, np.array(["a", "b", "c"]), True]
KINDS["record_list"] = [None, "abc", np.zeros(1), 3.0, (1.0,), True]
KINDS["optional_array"] = [v for v in KINDS["array"] if v is not None]  # None means "not given"
KINDS["optional_names"] = [v for v in KINDS["name"] if v is not None] + [[[1, 2]], [["a"], "b"]]
KINDS["axis"] = [v for v in KINDS["count"] if not (isinstance(v, int) and v == -1)]
KINDS["elementwise"] = [v for v in KINDS["array"] if not (isinstance(v, list) and len(v) == 0)]


class Case:
    """A public callable, a factory of valid arguments, and what each argument expects."""

    def __init__(self, fn, valid, kinds, extras=None, names=None):
        self.fn, self.valid, self.kinds = fn, valid, kinds
        self.extras, self.names = extras or {}, names or {}
        self.id = getattr(fn, "__qualname__", repr(fn))

    def bad_values(self, arg):
        kind = self.kinds[arg]
        base = KINDS["scalar"] + POSITIVE if kind == "positive" else KINDS[kind]
        return base + self.extras.get(arg, [])


def _net():
    return Network([[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]], [[0.35, 0.35], [0.6, 0.6]],
                   ["sigmoid", "identity"])


def _fwd_args():
    net = _net()
    return dict(self=net, forward=net.forward([0.05, 0.10]), dC_da=[0.5, -0.5])


def _update_args():
    net = _net()
    return dict(self=net, grads=net.backward(net.forward([0.05, 0.10]), [0.5, -0.5]), eta=0.5, update_biases=True)


X2 = [[3.0, 1.0], [1.0, 3.0]]
WRONG_X2 = [[1.0, 2.0], np.zeros((3, 2)), np.zeros((2, 2, 2)), np.zeros((2, 0))]
DIST = [[1.0, 0.0], [0.0, 1.0]]

CASES = [
    # chapter 1
    Case(predictor.predict, lambda: dict(c=0.5, km=100.0), {"c": "scalar", "km": "array"}),
    Case(predictor.error, lambda: dict(target=[1.0], output=[2.0]), {"target": "array", "output": "array"},
         extras={"output": [[1.0, 2.0]]}),
    Case(predictor.update, lambda: dict(c=0.5, km=100.0, y=62.1, eta=1.0),
         {"c": "scalar", "km": "scalar", "y": "scalar", "eta": "positive"}, extras={"km": [0.0]}),
    Case(predictor.train, lambda: dict(c=0.5, km=100.0, target=62.1, eta=0.5, steps=3),
         {"c": "scalar", "km": "scalar", "target": "scalar", "eta": "positive", "steps": "count"}, extras={"km": [0]}),
    # chapters 2 and 3
    Case(data.boolean, lambda: dict(name="AND"), {"name": "name"}),
    Case(data.make_bugs, lambda: dict(m=4, overlap=0.0, seed=0), {"m": "count", "overlap": "scalar", "seed": "count"},
         extras={"m": [0, 3], "overlap": [-0.1, 1.5]}),
    Case(classifier.line, lambda: dict(A=0.25, x=3.0), {"A": "scalar", "x": "array"}),
    Case(classifier.classify, lambda: dict(A=0.25, X=X2), {"A": "scalar", "X": "array"}, extras={"X": WRONG_X2}),
    Case(classifier.slope_targets, lambda: dict(X=X2, labels=[0, 1], margin=0.1),
         {"X": "array", "labels": "array", "margin": "positive"},
         extras={"X": WRONG_X2, "labels": [[0, 2], [0], [0, 1, 1], [[0, 1]]]}),
    Case(classifier.slope_update, lambda: dict(A=0.25, x=3.0, y=1.1, eta=1.0),
         {"A": "scalar", "x": "scalar", "y": "scalar", "eta": "positive"}, extras={"x": [0.0]}),
    Case(classifier.train_slope, lambda: dict(A=0.25, X=X2, t=[1.1, 2.9], eta=1.0, epochs=1, skip_correct=False),
         {"A": "scalar", "X": "array", "t": "array", "eta": "positive", "epochs": "count", "skip_correct": "flag"},
         extras={"X": WRONG_X2 + [[[0.0, 1.0], [1.0, 3.0]]], "t": [[1.1], [[1.1, 2.9]]], "epochs": [0]}),
    Case(classifier.linear_output, lambda: dict(w=[1.0, 1.0], b=-1.5, X=X2), {"w": "array", "b": "scalar", "X": "array"},
         extras={"w": [[1.0], [[1.0, 1.0]]], "X": WRONG_X2[1:] + [[1.0, 2.0, 3.0]]}),  # one example (2,) is valid
    Case(classifier.misclassified, lambda: dict(w=[1.0, 1.0], b=-1.5, X=X2, t=[0, 1]),
         {"w": "array", "b": "scalar", "X": "array", "t": "array"}, extras={"t": [[0, 2], [0]], "X": WRONG_X2}),
    Case(classifier.linear_update, lambda: dict(w=[0.0, 0.0], b=0.0, x=[1.0, 1.0], y=1, eta=1.0),
         {"w": "array", "b": "scalar", "x": "array", "y": "scalar", "eta": "positive"},
         extras={"x": [[1.0], [[1.0, 1.0]]], "y": [2, 0.5]}),
    Case(classifier.train_linear, lambda: dict(X=X2, t=[0, 1], w=[0.0, 0.0], b=0.0, eta=1.0, epochs=2),
         {"X": "array", "t": "array", "w": "array", "b": "scalar", "eta": "positive", "epochs": "count"},
         extras={"X": WRONG_X2, "t": [[0, 2], [0]], "w": [[0.0]], "epochs": [0]}),
    Case(classifier.linear_epoch, lambda: dict(w=[0.0, 0.0], b=-0.5, X=X2, t=[0, 1], eta=1.0),
         {"w": "array", "b": "scalar", "X": "array", "t": "array", "eta": "positive"},
         extras={"X": WRONG_X2, "t": [[0, 2], [0]], "w": [[0.0]]}),
    # result records of chapters 1 to 3
    Case(predictor.Training, lambda: dict(c=np.zeros(3), E=np.zeros(3)), {"c": "record", "E": "record"},
         extras={"E": [np.zeros(2), np.zeros((3, 3))[0:0]]}),
    Case(classifier.LinearTraining, lambda: dict(w=np.zeros((2, 2)), b=np.zeros(2), errors=np.zeros(2, int)),
         {"w": "record", "b": "record", "errors": "record"}, extras={"errors": [np.zeros(3, int)]}),
    # chapter 4
    *[Case(f, lambda: dict(z=[0.5, -1.0]), {"z": "elementwise"}, extras={"z": [np.nan]})
      for f in (activations.step, activations.step_prime, activations.sigmoid, activations.sigmoid_prime,
                activations.tanh, activations.tanh_prime, activations.relu, activations.relu_prime,
                activations.identity, activations.identity_prime)],
    Case(activations.get, lambda: dict(name="sigmoid"), {"name": "name"}),
    Case(activations.Activation, lambda: dict(name="s", f=activations.sigmoid, f_prime=activations.sigmoid_prime),
         {"name": "text", "f": "function", "f_prime": "function"}),
    # chapter 5
    Case(perceptron.predict, lambda: dict(w=[1.0, -1.0], b=0.5, X=X2), {"w": "array", "b": "scalar", "X": "array"},
         extras={"X": [[1.0, 2.0, 3.0], np.zeros((3, 2)), np.zeros((2, 2, 2))]}),
    Case(perceptron.update, lambda: dict(w=[0.0, 0.0], b=0.0, x=[2.0, 1.0], y=1, eta=0.5),
         {"w": "array", "b": "scalar", "x": "array", "y": "scalar", "eta": "positive"},
         extras={"x": [[1.0], [[1.0, 1.0]]], "y": [2, -1]}),
    Case(perceptron.Training, lambda: dict(w=[np.zeros(2)], b=[0.0], example=[], epoch=[], mistakes=[],
                                           converged=False),
         {"w": "record_list", "b": "record_list", "example": "record_list", "converged": "flag"},
         extras={"b": [[0.0, 1.0]]}),
    Case(perceptron.train, lambda: dict(w=[0.0, 0.0], b=0.0, X=X2, t=[0, 1], eta=1.0, max_epochs=5),
         {"w": "array", "b": "scalar", "X": "array", "t": "array", "eta": "positive", "max_epochs": "count"},
         extras={"X": WRONG_X2, "t": [[0, 2], [0]], "max_epochs": [0]}),
    # chapters 6, 8, 10: losses
    *[Case(f, lambda: dict(y=[1.0, 0.0], y_hat=[0.5, 0.5]), {"y": "array", "y_hat": "array"},
           extras={"y_hat": [[0.5], [[0.5, 0.5]]]})
      for f in (losses.mse, losses.mse_grad, losses.half_sse, losses.half_sse_grad)],
    Case(losses.softplus, lambda: dict(u=[0.0, 1.0]), {"u": "elementwise"}),
    Case(losses.cross_entropy, lambda: dict(y=DIST, p=[[0.7, 0.4], [0.3, 0.6]]), {"y": "array", "p": "array"},
         extras={"y": [[[0.5, 0.5], [0.0, 0.0]], [[1.5, 0.0], [-0.5, 1.0]]], "p": [[[0.5, 0.6], [0.5, 0.6]], [[0.5], [0.5]]]}),
    *[Case(f, lambda: dict(y=DIST, z=[[0.3, -1.0], [2.0, 0.1]]), {"y": "array", "z": "array"},
           extras={"y": [[[0.5, 0.5], [0.0, 0.0]], np.zeros((2, 2, 2))], "z": [[[0.5], [0.5]], np.zeros((2, 2, 2))]})
      for f in (losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad)],
    *[Case(f, lambda: dict(y=[1.0, 0.0], z=[0.3, -1.0]), {"y": "array", "z": "array"},
           extras={"y": [[1.5, 0.0], [-0.5, 1.0]], "z": [[0.5], [[0.3, -1.0]]]})
      for f in (losses.sigmoid_cross_entropy, losses.sigmoid_cross_entropy_grad)],
    # chapter 6
    Case(gradcheck.numerical_gradient, lambda: dict(f=lambda t: float(np.sum(t ** 2)), theta=[1.0, 2.0], h=1e-5),
         {"f": "function", "theta": "array", "h": "positive"},
         extras={"f": [lambda t: t, lambda t: None, lambda t: "1", lambda t: True]}),
    Case(gradcheck.relative_error, lambda: dict(a=[1.0, 2.0], b=[1.0, 2.5], eps=1e-12),
         {"a": "array", "b": "array", "eps": "positive"}, extras={"b": [[1.0]], "eps": [1.0, 2.0]}),
    Case(descent.gradient_descent, lambda: dict(f=lambda t: float(t[0] ** 2), grad=lambda t: 2 * t, theta0=[1.0],
                                                eta=0.1, steps=3, bound=1e6),
         {"f": "function", "grad": "function", "theta0": "array", "eta": "positive", "steps": "count",
          "bound": "positive"},
         extras={"f": [lambda t: t, lambda t: "1", lambda t: None], "grad": [lambda t: "g", lambda t: np.zeros(3)],
                 "steps": [0], "theta0": [[1e7]]}),
    Case(descent.neuron_output, lambda: dict(w=[1.0], b=0.0, X=[[1.0, 2.0]]), {"w": "array", "b": "scalar", "X": "array"},
         extras={"X": [[1.0, 2.0], np.zeros((2, 2))]}),
    *[Case(f, lambda: dict(w=[1.0], b=0.0, X=[[1.0, 2.0]], y=[1.0, 0.0]),
           {"w": "array", "b": "scalar", "X": "array", "y": "array"},
           extras={"X": [[1.0, 2.0], np.zeros((2, 2))], "y": [[1.0], [[1.0, 0.0]]]})
      for f in (descent.neuron_loss, descent.neuron_grad)],
    Case(descent.Descent, lambda: dict(path=np.zeros((2, 1)), values=np.zeros(2)),
         {"path": "array", "values": "array"}, extras={"values": [np.zeros(3)]}),
    # chapters 7 to 9
    Case(Network, lambda: dict(weights=[[[1.0, 2.0]]], biases=[[0.0]], activations=["sigmoid"]),
         {"weights": "array", "biases": "array", "activations": "name"},
         extras={"weights": [[np.zeros(2)], [np.zeros((2, 3))], [[["a", "b"]]]], "biases": [[np.zeros(2)], [None]],
                 "activations": [["step"], ["softmax"], [None], "sigmoid", []]}),
    Case(Network.random, lambda: dict(sizes=[2, 3, 1], activations="sigmoid", seed=0),
         {"sizes": "count", "activations": "name", "seed": "count"},
         extras={"sizes": [[2], [2, 0], [2, 2.5], [2, True], [2, None]], "activations": [["sigmoid"], ["step"] * 2]}),
    Case(Network.forward, lambda: dict(self=_net(), x=[0.05, 0.10], masks=[np.ones((2, 1))]),
         {"x": "array", "masks": "optional_array"},
         extras={"x": [[1.0, 2.0, 3.0], np.zeros((2, 2, 2)), np.zeros((5, 2))],
                 "masks": [[np.zeros((2, 3))], [-np.ones((2, 1))], [np.full((2, 1), np.nan)], [np.ones((2, 1))] * 2]}),
    Case(Network.backward, _fwd_args, {"forward": "name", "dC_da": "array"},
         extras={"forward": [_net().forward([0.05, 0.10])], "dC_da": [[0.5], [[0.5, 0.5]]]}),
    Case(Network.loss_and_grads, lambda: dict(self=_net(), x=[0.05, 0.10], y=[0.01, 0.99], loss="half_sse"),
         {"x": "array", "y": "array", "loss": "name"}, extras={"y": [[1.0]]}),
    Case(Network.update, _update_args, {"grads": "name", "eta": "scalar", "update_biases": "flag"},
         extras={"eta": [-0.1], "grads": [network.Gradients([np.zeros((1, 1))], [np.zeros(1)], [np.zeros(1)])]}),
    Case(Network.with_params, lambda: dict(self=_net(), theta=np.zeros(12)), {"theta": "array"},
         extras={"theta": [np.zeros(11), np.zeros((3, 4))]}),
    Case(Network.load, lambda: dict(path="/nonexistent/net.npz"), {"path": "path"}),
    Case(network.Forward, lambda: dict(x=np.zeros(2), z=[np.zeros(2)] * 2, a=[np.zeros(2)] * 2, net=_net()),
         {"z": "name", "a": "name", "net": "name"}, extras={"z": [[np.zeros(2)], [np.zeros(3)] * 2]}),
    Case(network.Gradients, lambda: dict(dW=[np.zeros((2, 2))], db=[np.zeros(2)], delta=[np.zeros(2)]),
         {"dW": "name", "db": "name", "delta": "name"},
         extras={"db": [[np.zeros(3)], []]}),
    # chapters 10 and 11
    *[Case(f, lambda: dict(z=[[1.0, 2.0], [0.5, -1.0]], axis=0), {"z": "array", "axis": "axis"},
           extras={"z": [np.zeros((2, 2, 2))], "axis": [2, -3]})
      for f in (softmax.softmax, softmax.logsumexp, softmax.log_softmax)],
    Case(softmax.softmax_jacobian, lambda: dict(z=[1.0, 2.0]), {"z": "array"}, extras={"z": [np.zeros((2, 2))]}),
    Case(softmax.one_hot, lambda: dict(labels=[2, 0], n_classes=3), {"labels": "array", "n_classes": "count"},
         extras={"labels": [[0, 3], [-1], [0.0, 1.0], [[0, 1]]], "n_classes": [0]}),
    Case(training.train, lambda: dict(net=Network.random([2, 3], "identity"), X=np.eye(2)[:, [0, 1, 0]],
                                      labels=[0, 1, 2], epochs=1, batch_size=2, eta=0.1, dropout=0.1, seed=0,
                                      progress=False),
         {"net": "name", "X": "array", "labels": "array", "epochs": "count", "batch_size": "count", "eta": "positive",
          "dropout": "scalar", "seed": "count", "progress": "flag"},
         extras={"net": [Network.random([2, 3], "sigmoid")], "X": [np.zeros((3, 2)), np.zeros(2)],
                 "labels": [[0, 1], [0, 1, 3], [0.0, 1.0, 2.0]], "epochs": [0], "batch_size": [0]}),
    Case(training.epoch, lambda: dict(net=Network.random([2, 3], "identity"), X=np.eye(2)[:, [0, 1, 0]],
                                      Y=np.eye(3), order=np.arange(3), batch_size=2, optimiser=optim.SGD(0.1),
                                      weight_decay=0.0, dropout=0.1, rng=np.random.default_rng(0)),
         {"net": "name", "X": "array", "Y": "array", "order": "name", "batch_size": "count", "optimiser": "name",
          "weight_decay": "scalar", "dropout": "scalar", "rng": "name"},
         extras={"Y": [np.full((3, 3), 1 / 3), np.eye(2)],
                 "order": [np.array([0, 1, 5]), np.arange(3.0), np.array([0, 1]), np.array([0, 1, 2, 0]),
                           np.array([0, 0, 1])],
                 "weight_decay": [-1.0, 10.0], "dropout": [1.0, -0.1]}),
    Case(dropout.mask, lambda: dict(shape=(2, 3), rate=0.5, rng=np.random.default_rng(0)),
         {"shape": "name", "rate": "scalar", "rng": "name"}, extras={"shape": [(0, 2), (2,), (2.0, 2)], "rate": [1.0, -0.1]}),
    Case(training.predict, lambda: dict(net=Network.random([2, 3], "identity"), X=np.eye(2)), {"net": "name", "X": "array"},
         extras={"X": [np.zeros((3, 2))]}),
    Case(training.accuracy, lambda: dict(net=Network.random([2, 3], "identity"), X=np.eye(2), labels=[0, 1]),
         {"net": "name", "X": "array", "labels": "array"}, extras={"labels": [[0], [0, 3]]}),
    Case(training.confusion_matrix, lambda: dict(labels=[0, 1], predicted=[1, 1], n_classes=2),
         {"labels": "array", "predicted": "array", "n_classes": "count"},
         extras={"predicted": [[0], [0, 2]], "n_classes": [0]}),
    Case(training.History, lambda: dict(loss=[1.0], accuracy=[0.5]), {"loss": "list", "accuracy": "list"},
         extras={"accuracy": [[0.5, 0.6]]}),
    # plotting and display
    Case(diagram.layout, lambda: dict(sizes=[2, 1]), {"sizes": "count"}, extras={"sizes": [[2], [2, 0]]}),
    Case(diagram.draw, lambda: dict(target=Figure().subplots(), net=_net(), x=[0.05, 0.10], names=None,
                                    weight_labels=False, scale=None, fmt="{:.3f}", key="net"),
         {"target": "name", "net": "name", "x": "optional_array", "names": "optional_names", "weight_labels": "flag",
          "fmt": "name", "key": "text"},
         extras={"x": [np.zeros((2, 2)), [1.0]], "fmt": ["{:q}", "{1}"], "net": [np.zeros((2, 2)), [np.zeros(2)]]}),
    Case(show.source, lambda: dict(obj=predictor.update), {"obj": "function"}),
    Case(style.use, lambda: dict(mode="book"), {"mode": "name"}),
]

# issue 26: the modules added last edition (init, surfaces, report, autodiff, compgraph) and the
# slider controls' methods, by the same classes of bad input
from nblib import autodiff, compgraph, init, report, surfaces  # noqa: E402
from nblib.sliders import Choice, Slider  # noqa: E402


def _graph():
    C = autodiff.Value(2.0, "w") * 3.0
    C.backward()
    return C


PATH = [[8.0, 0.0], [4.0, 0.0], [2.0, 0.0]]
CASES += [
    *[Case(f, lambda: dict(init="he", n_in=4, n_out=3), {"init": "name", "n_in": "count", "n_out": "count"},
           extras={"n_in": [0, 2 ** 53 + 1, 10 ** 400], "n_out": [0, 2 ** 60]})
      for f in (init.std, init.variance)],
    Case(init.weights, lambda: dict(sizes=[2, 3], init="lecun", seed=0, gain=1.0),
         {"sizes": "list", "init": "name", "seed": "count", "gain": "positive"},
         extras={"sizes": [[2], [2, 0], [2, 2.5], [2, True], [2, 10 ** 400]]}),
    *[Case(f, lambda: dict(w=[1.0, 1.0], kappa=10.0), {"w": "array", "kappa": "scalar"},
           extras={"w": [[1.0, 2.0, 3.0], 1.0, np.zeros((3, 2))], "kappa": [0.5, 0, -1]})
      for f in (surfaces.bowl, surfaces.bowl_gradient)],
    *[Case(f, lambda: dict(w=[1.0, 1.0]), {"w": "array"}, extras={"w": [[1.0, 2.0, 3.0], 1.0, np.zeros((3, 2))]})
      for f in (surfaces.rosenbrock, surfaces.rosenbrock_gradient)],
    *[Case(f, lambda: dict(kappa=9.0), {"kappa": "scalar"}, extras={"kappa": [0.5, 0, -1]})
      for f in (surfaces.gd_best, surfaces.momentum_best)],
    Case(surfaces.measured_rate, lambda: dict(path=PATH, w_star=[0.0, 0.0], first=0, last=2),
         {"path": "array", "w_star": "array", "first": "count", "last": "count"},
         extras={"path": [[1.0, 2.0], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]], "w_star": [[0.0], [[0.0, 0.0]]],
                 "last": [0, 3, 10 ** 400]}),
    Case(report.fmt, lambda: dict(x=0.25, spec=".3f"), {"x": "scalar", "spec": "name"},
         extras={"spec": [".3q", "3f", ".f", "{:.3f}"]}),
    Case(report.rounded, lambda: dict(x=[0.25, 1.0], decimals=3), {"x": "elementwise", "decimals": "count"},
         extras={"decimals": [309, 400, 10 ** 400]}),
    Case(report.below, lambda: dict(x=[1e-10], bound=1e-9), {"x": "array", "bound": "positive"},
         extras={"x": [[-1.0]]}),
    Case(autodiff.unbroadcast, lambda: dict(g=np.ones((2, 3)), shape=(2, 1)), {"g": "array", "shape": "list"},
         extras={"shape": [(3, 2), (4,), (2, 3, 1), (-1,), (2.0, 1), 3, None, [2, 1]]}),
    Case(autodiff.softmax_cross_entropy, lambda: dict(logits=autodiff.Tensor([0.0, 1.0]), y=[0.0, 1.0]),
         {"logits": "name", "y": "array"},
         extras={"logits": [np.zeros(2), autodiff.Tensor(np.zeros((2, 2, 2)))],
                 "y": [[2.0, -1.0], [0.3, 0.3], [1.0], [[0.0, 1.0]]]}),
    Case(autodiff.derivative, lambda: dict(f=lambda x: x * x, x=2.0), {"f": "function", "x": "scalar"},
         extras={"f": [lambda x: "1", lambda x: None]}),
    Case(compgraph.layout, lambda: dict(root=_graph()), {"root": "name"}),
    Case(compgraph.draw, lambda: dict(target=Figure().subplots(), root=_graph(), grads=True, local=True, spec=".3f",
                                      dx=1.0, fontsize=9, key="graph"),
         {"target": "name", "root": "name", "grads": "flag", "local": "flag", "spec": "name", "dx": "positive",
          "fontsize": "positive"}, extras={"target": [object(), Figure()]}),
    Case(Slider.index, lambda: dict(self=Slider(0.0, 1.0, 0.1), v=0.5), {"v": "scalar"}),
    Case(Slider.snap, lambda: dict(self=Slider(0.0, 1.0, 0.1), v=0.5), {"v": "scalar"}),
    Case(Slider.format, lambda: dict(self=Slider(0.0, 1.0, 0.1), v=0.5), {"v": "scalar"}),
    Case(Slider.at, lambda: dict(self=Slider(0.0, 1.0, 0.1), k=3), {"k": "count"}, extras={"k": [11, 10 ** 400]}),
    Case(Slider.static_values, lambda: dict(self=Slider(0.0, 1.0, 0.1), budget=5), {"budget": "count"},
         extras={"budget": [0, 1]}),
    Case(Choice.snap, lambda: dict(self=Choice(["A", "B"]), v="A"), {"v": "name"}, extras={"v": ["C", "a"]}),
    Case(Choice.format, lambda: dict(self=Choice(["A", "B"]), v="A"), {"v": "name"}, extras={"v": ["C"]}),
    Case(Choice.static_values, lambda: dict(self=Choice(["A", "B"]), budget=5), {"budget": "count"},
         extras={"budget": [0, 1]}),
]

NAMES_IN_MESSAGES = {"self": None}  # the argument name the message must contain, when it differs


def _message_names(arg):
    return {"weights": "W1", "biases": "b1", "activations": "activations", "sizes": "sizes", "obj": "source()",
            "forward": "forward", "dC_da": "dC_da"}.get(arg, arg)


@pytest.mark.parametrize("case", CASES, ids=[c.id + f"#{i}" for i, c in enumerate(CASES)])
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(data=st.data())
def test_bad_input_gives_a_clear_error(case, data):
    arg = data.draw(st.sampled_from(sorted(case.kinds)), label="argument")
    bad = data.draw(st.sampled_from(case.bad_values(arg)), label="value")
    kwargs = case.valid()
    kwargs[arg] = bad
    fn = case.fn
    if "self" in kwargs:
        fn = getattr(kwargs.pop("self"), case.fn.__name__)
    with pytest.raises((TypeError, ValueError)) as info:
        fn(**kwargs)
    message = str(info.value)
    expected = _message_names(arg)
    if arg in ("weights", "biases"):
        assert expected in message or arg in message, message
    else:
        assert expected in message, message


@pytest.mark.parametrize("case", CASES, ids=[c.id + f"#{i}" for i, c in enumerate(CASES)])
def test_valid_arguments_are_accepted(case):
    kwargs = case.valid()
    fn = case.fn
    if "self" in kwargs:
        fn = getattr(kwargs.pop("self"), case.fn.__name__)
    if case.id == "Network.load":
        with pytest.raises(FileNotFoundError, match="path"):
            fn(**kwargs)
        return
    fn(**kwargs)


@settings(max_examples=20, deadline=None)
@given(value=st.sampled_from([np.nan, np.inf, -np.inf]) | st.floats(min_value=1e308, allow_infinity=True).map(lambda v: v * 10))
def test_non_finite_scalars_are_rejected_everywhere(value):
    for call in (lambda: predictor.update(value, 1.0, 1.0), lambda: predictor.update(0.5, 1.0, 1.0, eta=value),
                 lambda: gradcheck.relative_error([1.0], [value]), lambda: softmax.softmax([value, 0.0])):
        with pytest.raises(ValueError, match="must be finite|must be greater than 0"):
            call()


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.integers(0, 3), min_size=0, max_size=3).map(tuple))
def test_bool_arrays_are_refused_like_bool_scalars(shape):
    with pytest.raises(TypeError, match="z must contain real numbers"):
        activations.sigmoid(np.zeros(shape, dtype=bool))
    with pytest.raises(TypeError, match="c must be a real number"):
        predictor.predict(True, 1.0)
