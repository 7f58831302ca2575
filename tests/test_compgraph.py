"""Tests of nblib.compgraph: the layout of a computational graph and its drawing on an Axes or a View."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nblib import compgraph
from nblib.autodiff import Tensor, Value, topological_order


def neuron(x=2.0):
    w, xv, b = Value(0.5, "w"), Value(x, "x"), Value(-0.5, "b")
    C = 0.5 * (1.0 - (w * xv + b).sigmoid()) ** 2
    C.backward()
    return C, (w, xv, b)


def test_layout_puts_every_input_left_of_its_operation_and_the_root_last():
    C, (w, x, b) = neuron()
    pos = compgraph.layout(C)
    assert list(pos) == topological_order(C)
    for node, (px, _) in pos.items():
        for p in node.parents:
            assert pos[p][0] < px
    assert pos[C][0] == max(p[0] for p in pos.values())
    assert len(set(pos.values())) == len(pos)  # no two boxes on the same spot
    # an input sits one column left of the operation that uses it
    assert pos[b][0] == pos[w][0] + 1 and pos[w][0] == pos[x][0]


def test_layout_by_hand():
    w, x = Value(2.0, "w"), Value(3.0, "x")
    C = w * x
    assert compgraph.layout(C) == {w: (0.0, 0.5), x: (0.0, -0.5), C: (1.0, 0.0)}


def test_draw_on_axes_writes_values_gradients_and_local_derivatives():
    C, (w, x, b) = neuron()
    ax = Figure().subplots()
    pos = compgraph.draw(ax, C)
    texts = [t.get_text() for t in ax.texts]
    assert "w\n0.500" in texts and "x\n2.000" in texts
    assert f"{w.grad:.3f}" in texts  # w's gradient under its box
    assert "2.000" in texts  # the local derivative of w*x with respect to w is x = 2
    assert len(ax.collections) == 1 and len(ax.collections[0].get_segments()) == sum(len(n.parents) for n in pos)
    assert not ax.axison


def test_draw_without_gradients_or_local_derivatives():
    C, _ = neuron()
    ax = Figure().subplots()
    pos = compgraph.draw(ax, C, grads=False, local=False)
    assert len(ax.texts) == len(pos)


def test_tensor_graphs_show_shapes():
    W, x = Tensor(np.ones((3, 2)), "W"), Tensor([1.0, 2.0], "x")
    C = (W @ x).sum()
    C.backward()
    ax = Figure().subplots()
    compgraph.draw(ax, C)
    texts = [t.get_text() for t in ax.texts]
    assert "W\n(3, 2)" in texts and "@\n(3,)" in texts and "Σ\n9.000" in texts and "1.000" in texts


class FakeView:
    """Records keyed calls as a slider View would receive them."""

    def __init__(self):
        self.ax = Figure().subplots()
        self.calls = {}

    def text(self, key, x, y, s, **style):
        self.calls[key] = s

    def segments(self, key, segs, **style):
        self.calls[key] = np.asarray(segs)

    def points(self, key, x, y, **style):
        self.calls[key] = (x, y)


def test_draw_on_a_view_uses_the_same_keys_in_every_frame():
    view = FakeView()
    compgraph.draw(view, neuron(2.0)[0], key="g")
    first = dict(view.calls)
    compgraph.draw(view, neuron(-1.0)[0], key="g")
    assert set(view.calls) == set(first)
    assert all(k.startswith("g-") for k in first)
    changed = [k for k in first if isinstance(first[k], str) and first[k] != view.calls[k]]
    assert changed  # values and gradients were redrawn
    np.testing.assert_array_equal(first["g-edges"], view.calls["g-edges"])  # same layout


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(root=1.0), TypeError, "root must be an autodiff Value or Tensor"),
    (dict(grads="yes"), TypeError, "grads must be True or False"),
    (dict(local=1), TypeError, "local must be True or False"),
    (dict(spec=3), TypeError, "spec must be a format spec"),
    (dict(spec="{:.3f}"), ValueError, "spec must be a precision"),
    (dict(dx=0.0), ValueError, "dx must be greater than 0"),
])
def test_bad_arguments(kwargs, error, match):
    args = dict(root=neuron()[0]) | kwargs
    with pytest.raises(error, match=match):
        compgraph.draw(Figure().subplots(), **args)
    with pytest.raises(TypeError, match="root must be a Value or a Tensor"):
        compgraph.layout("C")
