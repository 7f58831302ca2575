"""Tests of nblib.diagram: layout, edges coloured and sized by weight, View keys, errors."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import nblib
from nblib import diagram
from nblib.network import Network
from nblib.style import COLORS

FRUIT = Network([[[0.5, 0.2], [0.3, 0.8]], [[0.4, -0.7]]], [[0.1, 0.1], [0.2]], ["relu", "sigmoid"])


def test_layout_positions():
    pos = diagram.layout([3, 2, 1])
    assert pos[0].tolist() == [[0.0, 1.0], [0.0, 0.0], [0.0, -1.0]]
    assert pos[1].tolist() == [[1.0, 0.5], [1.0, -0.5]]
    assert pos[2].tolist() == [[2.0, 0.0]]


def test_edges_colour_width_and_values_on_axes():
    ax = Figure().subplots()
    diagram.draw(ax, FRUIT, [1.0, 1.0], weight_labels=True, names=[["colour", "roundness"]])
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    segs = edges.get_segments()
    assert len(segs) == 6
    # second edge: W1[0, 1] from input 1 (roundness, lower) to hidden 0 (upper)
    assert np.allclose(segs[1], [[0.0, -0.5], [1.0, 0.5]])
    colors = [to_hex(c) for c in edges.get_colors()]
    assert colors[-1] == COLORS["target"].lower() and colors[0] == COLORS["model"].lower()
    widths = edges.get_linewidths()
    assert widths[3] == pytest.approx(6.0)  # |0.8| is the largest weight
    assert widths[1] < widths[0] < widths[3]
    texts = [t.get_text() for t in ax.texts]
    assert "0.800" in texts and "1.200" in texts and "-0.70" in texts and "colour" in texts
    # the output node shows sigmoid(0.4*0.8 - 0.7*1.2 + 0.2)
    assert f"{1 / (1 + np.exp(-(0.32 - 0.84 + 0.2))):.3f}" in texts


def test_on_a_slider_view_updates_same_artists():
    def draw(view, x1):
        diagram.draw(view, FRUIT, [x1, 1.0], scale=1.0)
        return f"{x1}"

    d = nblib.demo(draw, x1=nblib.Slider(0.0, 1.0, 0.5, value=1.0, label="x1"))
    view = d.view
    n_artists = len(view._artists)
    d.render(x1=0.0)
    assert len(view._artists) == n_artists
    assert view._artists["net-v0-0"].get_text() == "0.000"


def test_errors():
    ax = Figure().subplots()
    with pytest.raises(TypeError, match="Network or a list"):
        diagram.draw(ax, "net")
    with pytest.raises(TypeError, match="needs a Network"):
        diagram.draw(ax, [[[1.0, 2.0]]], [1.0, 2.0])
    with pytest.raises(ValueError, match="one array per layer"):
        diagram.draw(ax, FRUIT, values=[[1.0, 1.0]])
    with pytest.raises(ValueError, match=r"values\[1\] must have shape \(2,\)"):
        diagram.draw(ax, FRUIT, values=[[1.0, 1.0], [1.0], [1.0]])
    with pytest.raises(ValueError, match="one example"):
        diagram.draw(ax, FRUIT, np.ones((2, 3)))
    with pytest.raises(ValueError, match="needs 2 columns"):
        diagram.draw(ax, [np.ones((2, 2)), np.ones((1, 3))])
    with pytest.raises(ValueError, match="scale must be greater than 0"):
        diagram.draw(ax, FRUIT, scale=0.0)
    with pytest.raises(ValueError, match="at least two layers"):
        diagram.layout([3])
