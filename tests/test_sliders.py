"""The slider engine: bad input by classes, the grids, in-place updates, divergence, the static
fragment (vector frames, de-duplication, the nbval mask, the budget), the live binding."""

import configparser
import json
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import nblib
from nblib import style
from nblib._validate import DivergedError
from nblib.sliders import Choice, Demo, Slider, View, demo, static_html

SANITIZE = Path(__file__).parent / "nbval_sanitize.cfg"


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
    controls = kw.pop("controls", None) or {"a": Slider(0.0, 1.0, 0.1, value=0.5)}
    return demo(lambda view, a: _draw(view, a), setup=_setup, alt="slope {a:.1f}", name="t", **controls, **kw)


def _script(fragment, cls):
    m = re.search(rf'<script type="application/(json|octet-stream)" class="{cls}"[^>]*>(.*?)</script>', fragment, re.S)
    if m.group(1) == "octet-stream":
        return static_html.unpack(m.group(2))
    data = json.loads(m.group(2))
    return data | {"readouts": static_html.expand_texts(data["readouts"]), "alts": static_html.expand_texts(data["alts"])}


# -- the public API --------------------------------------------------------------------------------
def test_the_public_names_are_one_engine():
    assert nblib.demo is demo and nblib.Slider is Slider and nblib.Choice is Choice
    assert isinstance(_demo(), Demo) and isinstance(_demo().view, View)


# -- bad input, by classes -------------------------------------------------------------------------
not_a_number = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.lists(st.integers(), max_size=2),
                         st.complex_numbers(allow_nan=False), st.dictionaries(st.text(max_size=1), st.integers(), max_size=1))
not_finite = st.sampled_from([math.nan, math.inf, -math.inf])
not_a_string = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.lists(st.text(max_size=2), max_size=2))
not_whole = st.one_of(st.none(), st.booleans(), st.floats(allow_nan=False), st.text(max_size=2))
FIELDS = ["min", "max", "step", "value"]
GOOD = dict(min=0.0, max=1.0, step=0.1, value=0.5)


@given(field=st.sampled_from(FIELDS), bad=not_a_number)
def test_a_slider_number_of_the_wrong_kind_is_a_type_error(field, bad):
    assume(not (field == "value" and bad is None))  # no value: the default is min
    with pytest.raises(TypeError, match=rf"Slider {field} must be a real number, got {type(bad).__name__}"):
        Slider(**(GOOD | {field: bad}))


@given(field=st.sampled_from(FIELDS), bad=not_finite)
def test_a_slider_number_that_is_not_finite_is_a_value_error(field, bad):
    with pytest.raises(ValueError, match=rf"Slider {field} must be finite, got"):
        Slider(**(GOOD | {field: bad}))


@given(lo=st.floats(-1e6, 1e6), width=st.floats(0, 1e6))
def test_an_empty_range_is_refused(lo, width):
    with pytest.raises(ValueError, match=r"Slider range is empty: min=.* must be less than max="):
        Slider(lo, lo - width, 0.1)


@given(step=st.one_of(st.floats(-1e6, 0.0), st.floats(1.0001, 1e6)))
def test_a_step_that_is_not_positive_or_exceeds_the_range_is_refused(step):
    with pytest.raises(ValueError, match=r"Slider step (must be greater than 0|.* is larger than the range)"):
        Slider(0.0, 1.0, step)


@given(step=st.floats(1e-300, 1e-7), width=st.floats(1.0, 1e3))
def test_a_step_too_fine_for_the_range_is_refused_not_snapped_to_zero(step, width):
    with pytest.raises(ValueError, match=r"Slider step .* is too fine for the range .*: a slider offers at most"):
        Slider(0.0, width, step)


@given(value=st.one_of(st.floats(-1e9, -1e-9), st.floats(1.000001, 1e9)))
def test_a_value_outside_the_range_is_refused(value):
    with pytest.raises(ValueError, match=r"Slider value .* lies outside the range 0.0..1.0"):
        Slider(0.0, 1.0, 0.1, value=value)


@given(field=st.sampled_from(["label", "fmt"]), bad=not_a_string)
def test_slider_texts_of_the_wrong_kind_are_type_errors(field, bad):
    with pytest.raises(TypeError, match=rf"Slider {field} must be a"):
        Slider(0.0, 1.0, 0.1, **{field: bad})


@given(bad=st.sampled_from(["q", ".2q", "%%", ".2w", "d", ".0x", ",b"]))
def test_a_format_that_cannot_write_the_values_is_a_value_error(bad):
    with pytest.raises(ValueError, match=rf"Slider fmt {re.escape(repr(bad))} (is not a valid format spec|writes whole numbers)"):
        Slider(0.0, 1.0, 0.1, fmt=bad)


@given(bad=not_whole)
def test_static_steps_of_the_wrong_kind_is_a_type_error(bad):
    assume(bad is not None)
    with pytest.raises(TypeError, match=r"Slider static_steps must be a whole number, got"):
        Slider(0.0, 1.0, 0.1, static_steps=bad)


@given(bad=st.integers(-100, 1))
def test_static_steps_below_two_is_a_value_error(bad):
    with pytest.raises(ValueError, match=r"static_steps must be a whole number of at least 2"):
        Slider(0.0, 1.0, 0.1, static_steps=bad)


@given(bad=st.one_of(st.text(min_size=0, max_size=4), st.integers(), st.none(), st.booleans(),
                     st.sets(st.text(max_size=2), min_size=2, max_size=3), st.dictionaries(st.text(max_size=2), st.integers())))
def test_choice_options_that_are_not_a_list_are_a_type_error(bad):
    with pytest.raises(TypeError, match=r"Choice options must be a list or tuple of strings, got"):
        Choice(bad)


def test_a_string_is_not_a_list_of_options():
    with pytest.raises(TypeError, match=r"Choice options must be a list or tuple of strings, got str 'ab'"):
        Choice("ab")


@given(bad=not_a_string)
def test_choice_options_must_be_strings(bad):
    assume(not isinstance(bad, list))
    with pytest.raises(TypeError, match=r"Choice options must be strings, got"):
        Choice(["a", bad])


@given(opts=st.lists(st.text(min_size=1, max_size=3), max_size=1))
def test_fewer_than_two_options_is_a_value_error(opts):
    with pytest.raises(ValueError, match=r"Choice options must be at least two strings"):
        Choice(opts)


@given(opt=st.text(min_size=1, max_size=3))
def test_repeated_options_are_a_value_error(opt):
    with pytest.raises(ValueError, match=r"Choice options must be different"):
        Choice([opt, "other" + opt, opt])


@given(value=st.one_of(st.integers(), st.none().map(lambda _: 0.5), st.booleans()))
def test_a_choice_value_that_is_not_a_string_is_a_type_error(value):
    with pytest.raises(TypeError, match=r"Choice value must be one of the option strings"):
        Choice(["a", "b"], value=value)


@given(value=st.text(max_size=3).filter(lambda v: v not in ("a", "b")))
def test_a_choice_value_outside_the_options_is_a_value_error(value):
    with pytest.raises(ValueError, match=r"Choice value .* is not one of \('a', 'b'\)"):
        Choice(["a", "b"], value=value)


@given(label=st.one_of(not_a_string, st.sampled_from(["", "  ", "\t"])))
def test_labels_must_be_non_blank_strings(label):
    kind = ValueError if isinstance(label, str) else TypeError
    with pytest.raises(kind, match=r"(Slider|Choice) label must"):
        (Slider(0, 1, 0.5, label=label) if isinstance(label, str) else Choice(["a", "b"], label=label))
    with pytest.raises(kind, match=r"Slider label must"):
        Slider(0, 1, 0.5, label=label)


def _ok(view, a):
    view.line("l", [0, 1], [0, a])


A = Slider(0, 1, 0.5)


@given(ncols=st.integers(-5, 0))
def test_demo_ncols_below_one_is_a_value_error(ncols):
    with pytest.raises(ValueError, match=rf"ncols must be at least 1, got {ncols}"):
        demo(_ok, ncols=ncols, a=A)


@given(arg=st.sampled_from(["ncols", "max_frames"]), bad=not_whole)
def test_demo_counts_of_the_wrong_kind_are_type_errors(arg, bad):
    with pytest.raises(TypeError, match=rf"{arg} must be a whole number, got"):
        demo(_ok, a=A, **{arg: bad})


@given(bad=st.one_of(st.integers(), st.text(max_size=3), st.booleans(), st.lists(st.floats(1, 5), min_size=3, max_size=4),
                     st.tuples(st.text(max_size=1), st.floats(1, 5))))
def test_demo_figsize_of_the_wrong_kind_is_a_type_error(bad):
    with pytest.raises(TypeError, match=r"figsize must (be a \(width, height\) pair|hold two real numbers)"):
        demo(_ok, a=A, figsize=bad)


@given(bad=st.tuples(st.one_of(st.floats(-10, 0.49), st.floats(20.01, 1e9), not_finite), st.floats(1, 5)))
def test_demo_figsize_out_of_range_is_a_value_error(bad):
    with pytest.raises(ValueError, match=r"figsize must hold two sizes between 0.5 and 20 inches"):
        demo(_ok, a=A, figsize=bad)


@given(bad=st.one_of(st.integers(), st.booleans(), st.lists(st.integers(), max_size=1), st.just(3.5)))
def test_demo_functions_and_texts_of_the_wrong_kind_are_type_errors(bad):
    with pytest.raises(TypeError, match=r"draw must be a function"):
        demo(bad, a=A)
    with pytest.raises(TypeError, match=r"setup must be a function or None"):
        demo(_ok, setup=bad, a=A)
    with pytest.raises(TypeError, match=r"alt must be a format string or a function"):
        demo(_ok, alt=bad, a=A)
    with pytest.raises(TypeError, match=r"name must be a string"):
        demo(_ok, name=bad, a=A)
    with pytest.raises(TypeError, match=r"control 'a' must be a Slider or a Choice"):
        demo(_ok, a=bad)


def test_demo_definition_errors_name_what_is_wrong():
    with pytest.raises(ValueError, match=r"draw\(\) takes b but no control is named so; controls: a"):
        demo(lambda view, a, b: None, a=A)
    with pytest.raises(ValueError, match=r"control\(s\) c are not parameters of draw\(a\)"):
        demo(_ok, a=A, c=A)
    with pytest.raises(ValueError, match="a demo needs at least one Slider or Choice"):
        demo(lambda view: None)
    with pytest.raises(ValueError, match="max_frames must be at least 2, got 1"):
        demo(_ok, a=A, max_frames=1)
    with pytest.raises(ValueError, match=r"alt 'slope \{b\}' cannot be formatted with the controls a"):
        demo(_ok, alt="slope {b}", a=A)
    with pytest.raises(ValueError, match=r"name must contain a letter or digit"):
        demo(_ok, name="--", a=A)
    with pytest.raises(TypeError, match=r"draw must return the readout as a string \(or None\), got int 3"):
        demo(lambda view, a: 3, a=A)


def test_view_arguments_of_the_wrong_kind_are_refused():
    def draw(view, a):
        view.line("l", [0, 1], [0, a])
        if a == 1:
            view.line("m", [0, 1], [0, 1], ax=2)
        if a == 0.5:
            view.title(7)

    d = demo(draw, a=Slider(0, 1, 0.5))
    with pytest.raises(ValueError, match=r"ax must be between 0 and 0 \(the demo has 1 axes\), got 2"):
        d.render(a=1)
    with pytest.raises(TypeError, match="title must be a string, got 7"):
        d.render(a=0.5)
    with pytest.raises(TypeError, match="artist key must be a string"):
        demo(lambda view, a: view.line(3, [0], [0]), a=A)


@given(n=st.integers(0, 4), m=st.integers(0, 4))
def test_mismatched_points_and_malformed_segments_are_refused(n, m):
    assume(n != m)

    def draw(view, a):
        view.points("p", np.zeros(n), np.zeros(m))

    with pytest.raises(ValueError, match=rf"points 'p': x and y must have as many values, got {n} and {m}"):
        demo(draw, a=A)

    def draw_segments(view, a):
        view.segments("none yet", [])  # no segment at all is a frame like any other
        view.segments("s", np.zeros((n + 1, m + 3, 2)))

    with pytest.raises(ValueError, match=r"segments 's': segs must have shape \(n, 2, 2\)"):
        demo(draw_segments, a=A)


def test_a_draw_function_that_fails_fails_at_definition():
    def draw(view, a):
        raise KeyError("no such column")

    with pytest.raises(KeyError, match="no such column"):
        demo(draw, a=A)


# -- the grid of values ----------------------------------------------------------------------------
def test_snap_and_format_give_clean_grid_values():
    s = Slider(0.1, 3.0, 0.1, value=0.5)
    assert s.n == 30
    assert s.snap(0.30000000000000004) == 0.3
    assert s.snap(99) == 3.0 and s.snap(-5) == 0.1
    assert s.format(0.3) == "0.3"
    assert Slider(0, 10, 2).format(4) == "4"
    assert Slider(0, 1, 0.25, fmt=".1%").format(0.25) == "25.0%"
    assert Slider(0.005, 1, 0.1).snap(0.1) == 0.105  # the start's digits count too


@st.composite
def sliders(draw):
    decimals = draw(st.integers(0, 14))
    step = draw(st.integers(1, 9)) * 10.0**-decimals
    start = round(draw(st.integers(-1000, 1000)) * step, decimals)
    n = draw(st.integers(2, 400))
    home = draw(st.integers(0, n - 1))
    return Slider(start, round(start + (n - 1) * step, decimals), step, value=round(start + home * step, decimals),
                  static_steps=draw(st.none() | st.integers(2, 60))), n, home


@settings(max_examples=200)
@given(case=sliders(), budget=st.integers(2, 50))
def test_static_values_are_evenly_spaced_hold_both_ends_and_the_default(case, budget):
    s, n, home = case
    assert s.n == n
    values = s.static_values(budget)
    ks = [s.index(v) for v in values]
    assert ks[0] == 0 and ks[-1] == n - 1 and home in ks
    assert len(set(np.diff(ks))) == 1, "evenly spaced"
    assert len(values) >= min(s.static_steps or budget, n)
    assert len(set(values)) == len(values), "distinct, even for steps far below 1e-12"
    assert all(s.snap(v) == v for v in values)
    assert len({s.format(v) for v in values}) == len(values), "every value has its own label"


def test_a_tiny_step_keeps_its_values_apart():
    s = Slider(0.0, 1e-12, 1e-13, value=3e-13)
    assert s.static_values(11) == [k * 1e-13 if k else 0.0 for k in range(11)] or len(set(s.static_values(11))) == 11
    assert s.default == 3e-13 and s.format(s.default) == "0.0000000000003"


def test_the_default_budget_gives_21_values_to_two_sliders_and_7_to_three():
    def draw2(view, a, b):
        view.line("l", [0, 1], [a, b])

    def draw3(view, a, b, c):
        view.line("l", [0, 1], [a, b + c])

    s = Slider(0.0, 1.0, 0.01)
    _, grids = static_html.static_grid(demo(_ok, a=s))
    assert [len(g) for g in grids] == [101]  # one slider: the whole live grid
    _, grids = static_html.static_grid(demo(draw2, a=s, b=s))
    assert [len(g) for g in grids] == [21, 21]  # the coarsest even grid of 100 steps with at least 21 values
    _, grids = static_html.static_grid(demo(draw3, a=s, b=s, c=s))
    assert [len(g) for g in grids] == [11, 11, 11]  # 100 = 10 x 10: at least 7 -> 11
    assert Slider(0.0, 1.0, 0.25).static_values(21) == [0.0, 0.25, 0.5, 0.75, 1.0]  # never more than the live grid


# -- drawing ---------------------------------------------------------------------------------------
def test_updates_move_the_same_artists_instead_of_rebuilding():
    d = _demo()
    line = d.view._artists["line"]
    n_lines = len(d.fig.axes[0].lines)
    d.render(a=0.9)
    assert d.view._artists["line"] is line
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

    d = demo(draw, a=Slider(0, 1, 0.5, value=1))
    assert d.view._artists["big"].get_visible()
    d.render(a=0.0)
    assert not d.view._artists["big"].get_visible()


@pytest.mark.parametrize("error", [DivergedError("the weights overflowed"), FloatingPointError("x"),
                                   OverflowError("x"), ZeroDivisionError("x")])
def test_divergence_shows_a_message_and_raises_nothing(error):
    def draw(view, r):
        view.line("growth", [0, 1], [0, 1])
        if r > 0.5:
            raise error
        return "ok"

    d = demo(draw, setup=_setup, r=Slider(0.0, 1.0, 1.0))
    frame = d.render(r=1.0)
    assert frame.readout == "diverged" and "diverged" in d.view._message.get_text()
    assert not d.view._artists["growth"].get_visible()
    assert d.render(r=0.0).readout == "ok" and not d.view._message.get_visible()


def test_overflow_in_draw_shows_a_message_and_no_warning():
    def draw(view, r):
        view.line("growth", np.arange(10.0), np.exp(r * np.arange(10.0)))
        return "ok"

    d = demo(draw, setup=_setup, r=Slider(0.0, 1000.0, 500.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = d.render(r=1000.0)
    assert frame.readout == "diverged"
    assert "diverged" in d.view._message.get_text()
    assert not d.view._artists["growth"].get_visible()
    assert d.render(r=0.0).readout == "ok" and not d.view._message.get_visible()


def test_values_too_large_to_draw_are_reported():
    def draw(view, a):
        view.line("l", [0, 1], [0, np.inf if a else 1])

    d = demo(draw, a=Slider(0, 1, 1))
    d.render(a=1)
    assert "too large to draw" in d.view._message.get_text()


# -- static HTML -----------------------------------------------------------------------------------
def _two_sliders():
    return demo(_draw, setup=_setup, name="two sliders", alt="a {a} b {b}",
                a=Slider(0.0, 1.0, 0.1, value=0.5, label="slope a"), b=Slider(0.0, 2.0, 1.0, label="offset b"))


def test_static_html_has_labelled_range_inputs_and_every_frame():
    d = _two_sliders()
    fragment = d.static_html()
    ids = re.findall(r'<input type="range" id="([^"]+)"', fragment)
    assert len(ids) == 2
    for cid, label in zip(ids, ["slope a", "offset b"]):
        assert f'<label for="{cid}">{label}</label>' in fragment
    data = _script(fragment, "nblib-demo-data")
    assert data["shape"] == [11, 3] and data["values"][1] == [0, 1, 2]
    assert len(data["readouts"]) == 33 == len(data["alts"]) == len(_script(fragment, "nblib-demo-frames")["frames"])
    assert data["readouts"][5 * 3 + 2] == "y(10) = 7.00"  # a = 0.5, b = 2
    assert data["labels"][0][5] == "0.5"
    assert 'aria-valuetext="0.5"' in fragment and 'aria-live="polite"' in fragment
    assert 'role="img" aria-label="a 0.5 b 0"' in fragment  # the default frame's alt before any move
    assert '<p class="nblib-demo-readout" aria-live="polite">y(10) = 5.00</p>' in fragment


def test_static_frames_are_vector_drawings_of_the_keyed_artists_only():
    d = _two_sliders()
    vec = _script(d.static_html(), "nblib-demo-frames")
    assert vec["viewBox"] == "0 0 460.8 288"  # the figure in points
    assert not re.search(r"data:image|<image", json.dumps(vec)), "no raster anywhere"
    assert "<style" not in vec["defs"], "a <style> in inline SVG would style the whole page"
    k = 5 * 3 + 2  # a = 0.5, b = 2: the line from (0, 2) to (10, 7) and its end point
    parts = [vec["parts"][i] for i in vec["frames"][k]]
    assert len(parts) == 2 and parts[0].startswith("<path d=") and "<use href=" in parts[1]
    assert "tick" not in "".join(parts) and len(vec["background"]) > 1000  # axes live in the background
    numbers = re.findall(r"\d+\.(\d+)", re.sub(r"scale\([^)]*\)", "", "".join(vec["parts"]) + vec["background"]))
    assert numbers and max(len(n) for n in numbers) <= 3  # coordinates at 0.01, styles at 0.001
    assert all(len(p) < 400 for p in vec["parts"]), "a frame's artists take hundreds of bytes"


def test_the_static_line_lies_where_matplotlib_puts_it():
    d = _two_sliders()
    vec = _script(d.static_html(), "nblib-demo-frames")
    path = vec["parts"][vec["frames"][5 * 3 + 2][0]]
    xy = np.array(re.search(r'd="M([^"]*)"', path).group(1).split(), float).reshape(-1, 2)
    d.render(a=0.5, b=2.0)
    ax = d.fig.axes[0]
    expected = ax.transData.transform([[0, 2], [10, 7]]) * 72 / d.fig.dpi
    expected[:, 1] = 288 - expected[:, 1]  # SVG's y runs down
    np.testing.assert_allclose(xy, expected, atol=0.005 + 1e-9)


def test_shared_parts_and_glyphs_are_stored_once():
    def draw(view, a, b):
        view.line("fixed", [0, 1], [0, 1])
        view.text("t", 0.5, 0.5, f"a = {a}")

    d = demo(draw, a=Slider(0, 10, 1), b=Slider(0, 3, 1))
    vec = _script(d.static_html(), "nblib-demo-frames")
    assert len(vec["frames"]) == 44 and len(vec["parts"]) == 1 + 11  # one line, eleven texts
    glyph_ids = re.findall(r'<path id="(n\d+-\d+)"', vec["defs"])
    assert len(glyph_ids) == len(set(glyph_ids)) and all(g.startswith(f"n{d.number}-") for g in glyph_ids)


def _masks():
    """Each mask of the nbval sanitize file, by section: (compiled regex, replacement)."""
    parser = configparser.ConfigParser()
    parser.read(SANITIZE)
    return {s: (re.compile(parser.get(s, "regex")), parser.get(s, "replace")) for s in parser.sections()}


def _fragment_with_readout(readout):
    """A demo's static fragment whose readout is ``readout`` (``{a}`` the slider's value): a
    readout that looks like what a mask matches must survive the mask."""
    def draw(view, a):
        view.line("l", [0, 1], [0, a])
        return readout.format(a=a)

    return demo(draw, alt="alt <{a}>", a=Slider(0, 1, 0.5)).static_html()


def test_the_nbval_mask_hides_the_drawing_and_nothing_else():
    regex, replace = _masks()["demo frames"]
    fragment = _fragment_with_readout("a </script><b>{a}</b> < 1")
    masked = regex.sub(replace, fragment)
    assert masked.count("<FRAMES>") == 1 and len(masked) < len(fragment) - 1000
    assert regex.sub(replace, masked) == masked, "the stored, masked form is stable"
    data = _script(masked, "nblib-demo-data")
    assert data["readouts"] == ["a </script><b>0.0</b> < 1", "a </script><b>0.5</b> < 1", "a </script><b>1.0</b> < 1"]
    assert data["alts"][2] == "alt <1.0>"
    frames = r'<script type="application/octet-stream" class="nblib-demo-frames" data-encoding="deflate-raw base64">'
    assert re.sub(frames + "<FRAMES></script>", "", masked) == re.sub(frames + ".*?</script>", "", fragment)


DRIVER = Path(static_html.__file__).parent / "static" / "nblib-demo.js"
DRIVER_OPEN = '<script class="nblib-demo-driver">'


def test_a_fragment_ends_with_the_package_driver_read_when_it_renders(tmp_path, monkeypatch):
    """The inline driver is nblib-demo.js itself (one implementation), read at render time."""
    d = demo(lambda view, a: view.line("l", [0, 1], [0, a]) and None, a=Slider(0, 1, 0.5))
    fragment = d.static_html()
    assert fragment.endswith(DRIVER_OPEN + DRIVER.read_text(encoding="utf-8") + "</script></div>")
    assert fragment.count("<script") == 3 and fragment.index("nblib-demo-data") < fragment.index(DRIVER_OPEN)
    (tmp_path / "nblib-demo.js").write_text("/* another driver */", encoding="utf-8")
    monkeypatch.setattr(static_html, "STATIC", tmp_path)
    assert d.static_html().endswith(DRIVER_OPEN + "/* another driver */</script></div>")
    (tmp_path / "nblib-demo.js").write_text("x = '</script>';", encoding="utf-8")
    with pytest.raises(ValueError, match="</script"):
        static_html.driver_script()


def test_a_focused_control_keeps_its_keys_from_notebook_shortcuts():
    """In a RISE deck (and JupyterLab) the arrow keys on a focused slider move the slider: Lumino,
    which runs the notebook's key bindings, skips elements marked data-lm-suppress-shortcuts."""
    d = demo(lambda view, a, b: view.line("l", [0, 1], [0, a]) and None, a=Slider(0, 1, 0.5), b=Choice(["x", "y"]))
    controls = re.findall(r"<(?:input|select) [^>]*>", d.static_html())
    assert len(controls) == 2 and all('data-lm-suppress-shortcuts="true"' in c for c in controls)


def test_the_nbval_mask_stores_a_placeholder_for_the_driver_and_hides_nothing_else():
    masks = _masks()
    rules = list(masks.values())  # in file order
    regex, replace = masks["demo driver"]
    placeholder = DRIVER_OPEN + "/* nblib-demo.js */</script>"
    fragment = _fragment_with_readout("/* Static slider demos of the nblib book {a} </script>")
    masked = regex.sub(replace, fragment)
    assert masked == fragment.replace(static_html.driver_script(), placeholder)
    assert regex.sub(replace, masked) == masked, "the stored, masked form is stable"
    stored = fragment
    for r, rep in rules:  # every mask, in file order, as execute_notebooks.py stores a notebook
        stored = r.sub(rep, stored)
    assert stored.count(placeholder) == 1 and "<FRAMES>" in stored
    assert _script(stored, "nblib-demo-data")["readouts"][2] == "/* Static slider demos of the nblib book 1.0 </script>"
    # The mask stops at the end of the driver's own element: markup after it is compared.
    tail = '<p class="nblib-demo-readout">c = 0.50</p><script class="x">1</script>'
    assert regex.sub(replace, static_html.driver_script() + tail) == placeholder + tail


@given(texts=st.lists(st.one_of(
    st.text(max_size=30),
    st.builds(lambda a, x, b, y: f"{a}{x:.3f}{b}{y:+.1e}", st.text(max_size=5), st.floats(-1e6, 1e6), st.text(max_size=5),
              st.floats(-1e6, 1e6))), max_size=40))
def test_compact_texts_give_back_every_text(texts):
    stored = static_html.compact_texts(texts)
    assert static_html.expand_texts(json.loads(json.dumps(stored))) == texts
    assert len(json.dumps(stored)) <= len(json.dumps(texts)) + 2


def test_texts_that_differ_in_their_numbers_share_a_template():
    texts = [f"c = {c:.2f}: error E = {62.137 - 100 * c:+.3f} miles" for c in np.arange(0.4, 0.8, 0.01)]
    stored = static_html.compact_texts(texts)
    assert stored["templates"] == ["c = {}: error E = {} miles"] and stored["rows"][0] == "0|0.40|+22.137"
    assert len(json.dumps(stored)) < 0.6 * len(json.dumps(texts))


def test_choice_becomes_a_select():
    def draw(view, f, a):
        view.line("l", [0, 1], [0, a])

    d = demo(draw, f=Choice(["AND", "OR"], value="OR"), a=Slider(0, 1, 0.5))
    fragment = d.static_html()
    assert '<option value="1" selected>OR</option>' in fragment
    assert _script(fragment, "nblib-demo-data")["shape"] == [2, 3]


def test_the_static_budget_is_enforced(monkeypatch):
    monkeypatch.setattr(static_html, "MAX_STATIC_BYTES", 2_000)
    with pytest.raises(ValueError, match=r"demo 't': its static version takes \d+ kB, over the 2 kB budget"):
        _demo().static_html()


def test_static_html_leaves_the_live_figure_on_its_default():
    d = _demo()
    before = d.render(**d.values).png
    d.static_html()
    assert d.fig.dpi == 100 and d.render(**d.values).png == before


def test_mimebundle_has_widget_html_default_frame_and_text():
    import base64

    d = _demo()
    bundle = d._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<div class="nblib-demo"')
    assert base64.b64decode(bundle["image/png"]) == d.render(**d.values).png  # the default frame
    assert bundle["text/plain"] == "<t demo: a>"


# -- live ------------------------------------------------------------------------------------------
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


# -- classroom -------------------------------------------------------------------------------------
def test_classroom_mode_enlarges_figures_and_controls():
    small = _demo()
    nblib.classroom()
    assert style.is_classroom()
    big = _demo()
    assert big.fig.get_size_inches()[0] > small.fig.get_size_inches()[0]
    assert 'class="nblib-demo nblib-classroom"' in big.static_html()
    big.widget()
    assert "nblib-classroom" in big._widget.box._dom_classes


def test_a_text_is_redrawn_whenever_anything_it_shows_changes():
    def draw(view, a, b):
        t = view.text("t", a, 0.5, "same words")
        t.set_color("red" if b else "blue")

    d = demo(draw, setup=_setup, a=Slider(0, 2, 1), b=Slider(0, 1, 1))
    vec = _script(d.static_html(), "nblib-demo-frames")
    texts = {vec["parts"][f[0]] for f in vec["frames"]}
    assert len(texts) == 6  # three places x two colours, though the words never change
    assert sum("#ff0000" in t for t in texts) == 3
