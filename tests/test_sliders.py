"""The slider engine: definition-time errors, in-place updates, static frames, robustness."""

import json
import re
import warnings

import numpy as np
import pytest

import nblib
from nblib import sliders, style


@pytest.fixture(autouse=True)
def book_style():
    style.use()
    yield
    style.use()


def _setup(view):
    view.ax.set(xlim=(0, 10), ylim=(-1, 12))


def _draw(view, a, b=0.0):
    x = np.array([0.0, 10.0])
    view.line("line", x, a * x + b)
    view.points("end", [10.0], [10 * a + b])
    return f"y(10) = {10 * a + b:.2f}"


def _demo(**kw):
    controls = kw.pop("controls", None) or {"a": nblib.Slider(0.0, 1.0, 0.1, value=0.5)}
    return nblib.demo(lambda view, a: _draw(view, a), setup=_setup, alt="slope {a:.1f}", name="t", **controls, **kw)


def _payload(fragment):
    m = re.search(r'<script type="application/json" class="nblib-demo-data">(.*?)</script>', fragment, re.S)
    return json.loads(m.group(1))


# -- definition-time errors ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "make, kind, message",
    [
        (lambda: nblib.Slider(1.0, 1.0, 0.1), ValueError, r"Slider range is empty: min=1.0 must be less than max=1.0"),
        (lambda: nblib.Slider(2.0, 1.0, 0.1), ValueError, r"Slider range is empty"),
        (lambda: nblib.Slider(0.0, 1.0, 0.0), ValueError, r"Slider step must be greater than 0, got 0.0"),
        (lambda: nblib.Slider(0.0, 1.0, -0.1), ValueError, r"Slider step must be greater than 0"),
        (lambda: nblib.Slider(0.0, 1.0, 2.0), ValueError, r"Slider step 2.0 is larger than the range"),
        (lambda: nblib.Slider(0.0, 1.0, 0.1, value=1.5), ValueError, r"Slider value 1.5 lies outside the range 0.0..1.0"),
        (lambda: nblib.Slider(0.0, float("nan"), 0.1), TypeError, r"Slider max must be a finite real number"),
        (lambda: nblib.Slider("0", 1.0, 0.1), TypeError, r"Slider min must be a finite real number"),
        (lambda: nblib.Slider(0.0, 1.0, 0.1, fmt="q"), ValueError, r"Slider fmt 'q' is not a valid format spec"),
        (lambda: nblib.Slider(0.0, 1.0, 0.1, static_steps=1), ValueError, r"static_steps must be a whole number of at least 2"),
        (lambda: nblib.Choice(["only"]), ValueError, r"Choice options must be at least two strings"),
        (lambda: nblib.Choice(["a", "a"]), ValueError, r"Choice options must be different"),
        (lambda: nblib.Choice(["a", "b"], value="c"), ValueError, r"Choice value 'c' is not one of"),
    ],
)
def test_ill_defined_controls_fail_at_definition(make, kind, message):
    with pytest.raises(kind, match=message):
        make()


def test_a_demo_must_name_exactly_the_parameters_of_draw():
    with pytest.raises(ValueError, match=r"draw\(\) takes b but no control is named so; controls: a"):
        nblib.demo(lambda view, a, b: None, a=nblib.Slider(0, 1, 0.5))
    with pytest.raises(ValueError, match=r"control\(s\) c are not parameters of draw\(a\)"):
        nblib.demo(lambda view, a: None, a=nblib.Slider(0, 1, 0.5), c=nblib.Slider(0, 1, 0.5))
    with pytest.raises(ValueError, match="a demo needs at least one Slider or Choice"):
        nblib.demo(lambda view: None)
    with pytest.raises(TypeError, match="draw must be a function"):
        nblib.demo("not a function", a=nblib.Slider(0, 1, 0.5))
    with pytest.raises(TypeError, match=r"control 'a' must be a Slider or a Choice, got 3"):
        nblib.demo(lambda view, a: None, a=3)
    with pytest.raises(ValueError, match="max_frames must be a whole number of at least 2"):
        nblib.demo(lambda view, a: None, a=nblib.Slider(0, 1, 0.5), max_frames=1)


def test_a_draw_function_that_fails_fails_at_definition():
    def draw(view, a):
        raise KeyError("no such column")

    with pytest.raises(KeyError, match="no such column"):
        nblib.demo(draw, a=nblib.Slider(0, 1, 0.5))


# -- the grid of values --------------------------------------------------------------------------
def test_snap_and_format_give_clean_grid_values():
    s = nblib.Slider(0.1, 3.0, 0.1, value=0.5)
    assert s.n == 30
    assert s.snap(0.30000000000000004) == 0.3
    assert s.snap(99) == 3.0 and s.snap(-5) == 0.1
    assert s.format(0.3) == "0.3"
    assert nblib.Slider(0, 10, 2).format(4) == "4"
    assert nblib.Slider(0, 1, 0.25, fmt=".1%").format(0.25) == "25.0%"


def test_static_values_keep_both_ends_and_the_default():
    s = nblib.Slider(0.0, 1.0, 0.01, value=0.37)
    values = s.static_values(11)
    assert values[0] == 0.0 and values[-1] == 1.0 and 0.37 in values
    assert len(values) <= 12


# -- drawing -------------------------------------------------------------------------------------
def test_updates_move_the_same_artists_instead_of_rebuilding():
    d = _demo()
    line = d._view._artists["line"]
    n_lines = len(d.fig.axes[0].lines)
    d.render(a=0.9)
    assert d._view._artists["line"] is line
    assert len(d.fig.axes[0].lines) == n_lines
    np.testing.assert_allclose(line.get_ydata(), [0.0, 9.0])


def test_frames_differ_between_values_and_repeat_exactly():
    d = _demo()
    f1, f2, f1_again = d.render(a=0.2), d.render(a=0.8), d.render(a=0.2)
    assert f1.png != f2.png
    assert f1.png == f1_again.png
    assert f1.readout == "y(10) = 2.00" and f2.readout == "y(10) = 8.00"
    assert f1.alt == "slope 0.2"


def test_an_artist_not_drawn_in_a_frame_is_hidden():
    def draw(view, a):
        if a > 0.5:
            view.text("big", 1, 1, "big")
        view.line("l", [0, 1], [0, a])

    d = nblib.demo(draw, a=nblib.Slider(0, 1, 0.5, value=1))
    assert d._view._artists["big"].get_visible()
    d.render(a=0.0)
    assert not d._view._artists["big"].get_visible()


def test_overflow_in_draw_shows_a_message_and_no_warning():
    def draw(view, r):
        view.line("growth", np.arange(10.0), np.exp(r * np.arange(10.0)))
        return "ok"

    d = nblib.demo(draw, setup=_setup, r=nblib.Slider(0.0, 1000.0, 500.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = d.render(r=1000.0)
    assert frame.readout == "diverged"
    assert d._view._message.get_visible()
    assert "diverged" in d._view._message.get_text()
    assert not d._view._artists["growth"].get_visible()
    frame = d.render(r=0.0)  # back to a sane value: the line returns, the message goes
    assert frame.readout == "ok" and not d._view._message.get_visible()


def test_values_too_large_to_draw_are_reported():
    d = nblib.demo(lambda view, a: view.line("l", [0, 1], [0, np.inf if a else 1]), a=nblib.Slider(0, 1, 1))
    d.render(a=1)
    assert "too large to draw" in d._view._message.get_text()


# -- static HTML ---------------------------------------------------------------------------------
def test_static_html_has_labelled_range_inputs_and_every_frame():
    d = nblib.demo(
        _draw, setup=_setup, name="two sliders", alt="a {a} b {b}",
        a=nblib.Slider(0.0, 1.0, 0.1, value=0.5, label="slope a"),
        b=nblib.Slider(0.0, 2.0, 1.0, label="offset b"),
    )
    fragment = d.static_html()
    ids = re.findall(r'<input type="range" id="([^"]+)"', fragment)
    assert len(ids) == 2
    for cid, label in zip(ids, ["slope a", "offset b"]):
        assert f'<label for="{cid}">{label}</label>' in fragment
    data = _payload(fragment)
    assert data["shape"] == [11, 3]
    assert len(data["readouts"]) == 33 == len(data["frame_of"]) == len(data["alts"])
    assert data["readouts"][5 * 3 + 2] == "y(10) = 7.00"  # a = 0.5, b = 2
    assert data["labels"][0][5] == "0.5"
    assert 'aria-valuetext="0.5"' in fragment
    assert 'aria-live="polite"' in fragment
    assert 'alt="a 0.5 b 0"' in fragment  # the default frame is shown before any move


def test_identical_frames_are_stored_once():
    d = nblib.demo(lambda view, a: view.line("l", [0, 1], [0, 1]), a=nblib.Slider(0, 10, 1))
    data = _payload(d.static_html())
    assert len(data["frames"]) == 1 and len(data["frame_of"]) == 11


def test_choice_becomes_a_select():
    d = nblib.demo(lambda view, f, a: view.line("l", [0, 1], [0, a]), f=nblib.Choice(["AND", "OR"], value="OR"),
                   a=nblib.Slider(0, 1, 0.5))
    fragment = d.static_html()
    assert '<option value="1" selected>OR</option>' in fragment
    assert _payload(fragment)["shape"] == [2, 3]


def test_the_static_budget_is_enforced(monkeypatch):
    monkeypatch.setattr(sliders, "MAX_STATIC_BYTES", 10_000)
    d = _demo()
    with pytest.raises(ValueError, match=r"its static frames take .* MB, over the 0 MB budget"):
        d.static_html()


def test_mimebundle_has_widget_html_and_text():
    bundle = _demo()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<div class="nblib-demo"')
    assert bundle["text/plain"] == "<t demo: a>"


# -- live ----------------------------------------------------------------------------------------
def test_moving_a_live_slider_redraws_the_image_and_the_readout():
    d = _demo()
    box = d.widget()
    live = d._widget
    before = live.image.value
    live.inputs["a"].value = 0.9
    assert live.image.value != before
    assert live.readout.value == "y(10) = 9.00"
    assert d.values == {"a": 0.9}
    assert box.children[-1] is live.readout


# -- classroom -----------------------------------------------------------------------------------
def test_classroom_mode_enlarges_figures_and_controls():
    style.use()
    small = _demo()
    nblib.classroom()
    assert style.is_classroom()
    big = _demo()
    assert big.fig.get_size_inches()[0] > small.fig.get_size_inches()[0]
    assert 'class="nblib-demo nblib-classroom"' in big.static_html()
    big.widget()
    assert "nblib-classroom" in big._widget.box._dom_classes
    with pytest.raises(ValueError, match="mode must be 'book' or 'classroom'"):
        style.use("projector")
