"""nblib: the helper package of *The Math Behind Neural Networks*.

One module per idea, in layers: each imports only modules listed before it in the table below
(and ``_MODULES``), which is the book's order except where a later chapter's idea serves an
earlier one (softmax before the losses built on it, the named weight scales of chapter 12 before
the network that draws with them, the plotting style before the diagrams, the optimisers of
chapter 15 and dropout's masks of chapter 14 before the training loop that takes them).
``tests/test_layers.py`` checks every import against this order. Math modules are pure NumPy and know nothing of plotting; :mod:`nblib.style` and
:mod:`nblib.diagram` know nothing of widgets; :mod:`nblib.sliders` knows nothing of neural
networks.

========================  =====================================================  =======
module                    what it holds                                          chapter
========================  =====================================================  =======
:mod:`nblib.predictor`    the km-to-miles predictor and its proportional update  1
:mod:`nblib.data`         garden bugs and Boolean truth tables                   2, 3
:mod:`nblib.classifier`   the slope classifier and the two-input linear one      2, 3
:mod:`nblib.activations`  activation functions and their derivatives             4
:mod:`nblib.perceptron`   Rosenblatt's perceptron and its learning rule          5
:mod:`nblib.softmax`      softmax, log-sum-exp, one-hot targets                  10, 11
:mod:`nblib.losses`       squared errors and cross-entropies, with gradients     6, 8, 10, 13
:mod:`nblib.gradcheck`    finite-difference gradients and their relative error   6, 8-10
:mod:`nblib.descent`      gradient descent; the sigmoid neuron's MSE gradient    6
:mod:`nblib.init`         named weight scales and seeded initial weights         12
:mod:`nblib.network`      the feed-forward network: forward pass, backprop       7-11
:mod:`nblib.style`        the book's plotting style and classroom mode           all
:mod:`nblib.diagram`      network diagrams on an Axes or a slider view           7, 8
:mod:`nblib.optim`        optimisers: SGD, momentum, Nesterov, Adam              15
:mod:`nblib.dropout`      inverted dropout's masks, which the passes take        14
:mod:`nblib.training`     mini-batch training of softmax classifiers, metrics    11, 14
:mod:`nblib.sliders`      the slider engine (live in Jupyter, static in HTML)    all
:mod:`nblib.show`         shows nblib's own source code in a page                all
:mod:`nblib.report`       numbers formatted for the page, safe from rounding     all
:mod:`nblib.autodiff`     automatic differentiation, reverse and forward mode    16
:mod:`nblib.surfaces`     test surfaces for the optimisers                       15
:mod:`nblib.compgraph`    computational graphs drawn on an Axes or a view        16
:mod:`nblib.questions`    "check your understanding" questions, live and static  all
========================  =====================================================  =======

Every module is imported when it is first used (``nblib.network.Network`` works after a
bare ``import nblib``), so importing a math module never loads matplotlib or the widgets.
The slider engine's entry points are also here: :func:`~nblib.sliders.demo`,
:class:`~nblib.sliders.Slider`, :class:`~nblib.sliders.Choice` and
:func:`~nblib.style.classroom`; divergence is reported by :class:`~nblib._validate.DivergedError`.
"""

from __future__ import annotations

import importlib
import importlib.util

from ._validate import DivergedError

__version__ = "0.1.0"

_MODULES = (  # the layers, lowest first: a module imports only modules before it (tests/test_layers.py)
    "predictor", "data", "classifier", "activations", "perceptron", "softmax", "losses", "gradcheck",
    "descent", "init", "network", "style", "diagram", "optim", "dropout", "training", "sliders", "show",
    "report", "autodiff", "surfaces", "compgraph", "questions",
)
_NAMES = {"Slider": "sliders", "Choice": "sliders", "demo": "sliders", "classroom": "style"}

__all__ = list(_MODULES) + list(_NAMES) + ["DivergedError"]


def __getattr__(name):
    """Import a module of the package, or an entry point of the slider engine, on first use."""
    if name in _MODULES or (not name.startswith("__") and importlib.util.find_spec(f"{__name__}.{name}")):
        return importlib.import_module(f".{name}", __name__)
    if name in _NAMES:
        return getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
