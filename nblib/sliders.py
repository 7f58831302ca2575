"""The slider engine: one call defines a demo that is live in Jupyter and works in the static book.

A chapter writes a drawing function and names its controls::

    def draw(view, c):
        view.line("fit", km, c * km)
        return f"error = {62.137 - 100 * c:+.3f} miles"

    demo(draw, c=Slider(0.4, 0.8, 0.01, value=0.6, label="c"))

* **Live** (JupyterLab, Notebook 7, VS Code): ipywidgets controls; each change calls ``draw`` again,
  which *updates* the artists it made the first time (``view.line`` with the same key moves the
  same line), and the figure is re-rendered into an image widget.
* **Static** (the built HTML book, no kernel): the same ``draw`` is run over a grid of control
  values when the notebook executes; the frames, readouts and alt texts are embedded in the page
  and ``nblib/static/nblib-demo.js`` swaps them as the reader moves real ``<input type=range>``
  elements.

The display bundle carries both; Jupyter shows the widget and the book shows the HTML
(``_config.yml`` drops the widget view for the HTML builder).

This module knows about matplotlib and ipywidgets, and nothing about neural networks.
"""

from __future__ import annotations

import base64
import hashlib
import html
import inspect
import io
import itertools
import json
import math
import numbers
import re
import warnings
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from . import style

__all__ = ["Slider", "Choice", "View", "Demo", "demo", "MAX_STATIC_BYTES"]

#: Budget for one demo's static frames in the built page.
MAX_STATIC_BYTES = 1_000_000
#: Default budget of static frames per demo (split evenly between sliders).
MAX_FRAMES = 121


def _decimals(step: float) -> int:
    """Digits after the point needed to write multiples of ``step`` exactly (0.05 -> 2)."""
    text = f"{step:.12f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


@dataclass(frozen=True)
class Slider:
    """A numeric control from ``min`` to ``max`` in steps of ``step``.

    Parameters
    ----------
    min, max : float
        The range, ``min < max``.
    step : float
        The live slider's increment, ``> 0``; the values are ``min + k * step``.
    value : float, optional
        The default, inside the range (``min`` when omitted); it is snapped to the step grid.
    label : str, optional
        What the reader sees next to the control (the parameter's name when omitted).
    fmt : str, optional
        A format spec for the displayed value, e.g. ``".2f"`` (derived from ``step`` when omitted).
    static_steps : int, optional
        How many values the static book offers (at most the live grid's). When omitted, the
        demo divides its frame budget between its sliders.
    """

    min: float
    max: float
    step: float
    value: float | None = None
    label: str | None = None
    fmt: str | None = None
    static_steps: int | None = None

    def __post_init__(self):
        for name in ("min", "max", "step"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
                raise TypeError(f"Slider {name} must be a finite real number, got {v!r}")
        if not self.min < self.max:
            raise ValueError(f"Slider range is empty: min={self.min} must be less than max={self.max}")
        if not self.step > 0:
            raise ValueError(f"Slider step must be greater than 0, got {self.step}")
        if self.step > self.max - self.min:
            raise ValueError(f"Slider step {self.step} is larger than the range {self.min}..{self.max}")
        if self.value is not None:
            if isinstance(self.value, bool) or not isinstance(self.value, numbers.Real):
                raise TypeError(f"Slider value must be a real number, got {self.value!r}")
            if not self.min <= self.value <= self.max:
                raise ValueError(f"Slider value {self.value} lies outside the range {self.min}..{self.max}")
        if self.fmt is not None:
            try:
                format(1.5, self.fmt)
            except ValueError:
                raise ValueError(f"Slider fmt {self.fmt!r} is not a valid format spec for a number") from None
        if self.static_steps is not None and (not isinstance(self.static_steps, int) or self.static_steps < 2):
            raise ValueError(f"Slider static_steps must be a whole number of at least 2, got {self.static_steps!r}")

    @property
    def is_int(self) -> bool:
        return all(float(v).is_integer() for v in (self.min, self.max, self.step))

    @property
    def n(self) -> int:
        """Number of values on the live grid."""
        return int(math.floor((self.max - self.min) / self.step + 1e-9)) + 1

    def snap(self, v: float) -> float:
        """The grid value nearest to ``v`` (rounded so that 0.1 + 0.2 prints as 0.3)."""
        k = min(max(round((v - self.min) / self.step), 0), self.n - 1)
        out = round(self.min + k * self.step, _decimals(self.step) + 1)
        return int(out) if self.is_int else out

    @property
    def default(self) -> float:
        return self.snap(self.min if self.value is None else self.value)

    def format(self, v: float) -> str:
        fmt = self.fmt if self.fmt is not None else (f".{_decimals(self.step)}f" if not self.is_int else "d")
        return format(int(v) if fmt.endswith("d") else v, fmt)

    def static_values(self, budget: int) -> list:
        """At most ``budget`` grid values, evenly spaced, always with both ends and the default."""
        n = self.static_steps or budget
        if n >= self.n:
            ks = list(range(self.n))
        else:
            stride = math.ceil((self.n - 1) / max(n - 1, 1))
            ks = list(range(0, self.n, stride))
            if ks[-1] != self.n - 1:
                ks.append(self.n - 1)
        values = sorted({self.snap(self.min + k * self.step) for k in ks} | {self.default})
        return values


@dataclass(frozen=True)
class Choice:
    """A control that picks one of a few named options (a drop-down in both places).

    Parameters
    ----------
    options : sequence of str
        The options, at least two, all different.
    value : str, optional
        The default option (the first when omitted).
    label : str, optional
        What the reader sees next to the control.
    """

    options: tuple
    value: str | None = None
    label: str | None = None

    def __post_init__(self):
        opts = tuple(self.options)
        object.__setattr__(self, "options", opts)
        if len(opts) < 2 or not all(isinstance(o, str) for o in opts):
            raise ValueError(f"Choice options must be at least two strings, got {opts!r}")
        if len(set(opts)) != len(opts):
            raise ValueError(f"Choice options must be different, got {opts!r}")
        if self.value is not None and self.value not in opts:
            raise ValueError(f"Choice value {self.value!r} is not one of {opts!r}")

    @property
    def default(self) -> str:
        return self.options[0] if self.value is None else self.value

    def snap(self, v):
        return v

    def format(self, v) -> str:
        return str(v)

    def static_values(self, budget: int) -> list:
        return list(self.options)


class View:
    """What a drawing function draws on: keyed artists that are created once, then updated.

    Each method takes a ``key``. The first call with a key creates the artist with the given
    style; later calls with the same key only move it (new data, and new colours where given).
    An artist whose key is not used in a frame is hidden in that frame, so a drawing function
    may draw something only under some condition.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
    axes : tuple of matplotlib.axes.Axes
    ax : matplotlib.axes.Axes
        The first (often the only) axes.
    """

    def __init__(self, fig: Figure, axes):
        self.fig = fig
        self.axes = tuple(axes)
        self.ax = self.axes[0]
        self._artists: dict = {}
        self._seen: set = set()
        self._message = fig.text(
            0.5, 0.5, "", ha="center", va="center", fontsize="large", color="#B00020", zorder=100,
            bbox=dict(boxstyle="round,pad=0.6", fc="white", ec="#B00020", alpha=0.95), visible=False,
            animated=True,
        )
        self._background = None

    # -- bookkeeping ---------------------------------------------------------------------------
    def _begin(self):
        self._seen = set()
        self._message.set_visible(False)

    def _end(self):
        for key, artist in self._artists.items():
            artist.set_visible(key in self._seen)

    def _get(self, key, create):
        if not isinstance(key, str):
            raise TypeError(f"artist key must be a string, got {key!r}")
        self._seen.add(key)
        if key not in self._artists:
            artist = create()
            artist.set_animated(True)  # drawn by blitting on top of the cached background
            self._artists[key] = artist
            return artist, True
        return self._artists[key], False

    def _blit(self):
        """Restore the background and draw this frame's artists on it (see :meth:`Demo.render`)."""
        canvas = self.fig.canvas
        canvas.restore_region(self._background)
        for artist in sorted(self._artists.values(), key=lambda a: a.get_zorder()):
            if artist.get_visible():
                self.fig.draw_artist(artist)
        if self._message.get_visible():
            self.fig.draw_artist(self._message)

    def _axes(self, ax):
        return self.axes[ax] if isinstance(ax, int) else ax

    # -- primitives ----------------------------------------------------------------------------
    def line(self, key, x, y, *, ax=0, **style):
        """A line through the points ``(x, y)``; ``style`` is passed to ``Axes.plot`` once."""
        artist, new = self._get(key, lambda: self._axes(ax).plot(x, y, **style)[0])
        if not new:
            artist.set_data(x, y)
        return artist

    def points(self, key, x, y, *, color=None, ax=0, **style):
        """Markers at ``(x, y)``; ``color`` (one colour or one per point) may change every frame."""
        offsets = np.column_stack([np.ravel(x), np.ravel(y)])
        kwargs = dict(style, zorder=style.get("zorder", 3))
        if color is not None:
            kwargs["c" if not isinstance(color, str) else "color"] = color
        artist, new = self._get(key, lambda: self._axes(ax).scatter(offsets[:, 0], offsets[:, 1], **kwargs))
        if not new:
            artist.set_offsets(offsets)
            if color is not None:
                artist.set_facecolor(color)
        return artist

    def text(self, key, x, y, s, *, ax=0, **style):
        """Text ``s`` at data position ``(x, y)``."""
        artist, new = self._get(key, lambda: self._axes(ax).text(x, y, s, **style))
        if not new:
            artist.set_position((x, y))
            artist.set_text(s)
        return artist

    def arrow(self, key, start, end, *, ax=0, **arrowprops):
        """An arrow from ``start`` to ``end`` (data coordinates)."""
        props = dict(arrowstyle="-|>", lw=2, mutation_scale=16) | arrowprops
        artist, new = self._get(
            key, lambda: self._axes(ax).annotate("", xy=tuple(end), xytext=tuple(start), arrowprops=props)
        )
        if not new:
            artist.xy = tuple(end)
            artist.set_position(tuple(start))
        return artist

    def polygon(self, key, xy, *, ax=0, **style):
        """A filled polygon with corners ``xy`` (shape (n, 2)), e.g. a shaded half-plane."""
        from matplotlib.patches import Polygon

        xy = np.asarray(xy, dtype=float)
        artist, new = self._get(key, lambda: self._axes(ax).add_patch(Polygon(xy, closed=True, **style)))
        if not new:
            artist.set_xy(xy)
        return artist

    def segments(self, key, segs, *, colors=None, linewidths=None, ax=0, **style):
        """Many line segments at once (e.g. the edges of a network diagram), shape (n, 2, 2)."""
        from matplotlib.collections import LineCollection

        kwargs = dict(style)
        if colors is not None:
            kwargs["colors"] = colors
        if linewidths is not None:
            kwargs["linewidths"] = linewidths
        artist, new = self._get(key, lambda: self._axes(ax).add_collection(LineCollection(segs, **kwargs)))
        if not new:
            artist.set_segments(segs)
            if colors is not None:
                artist.set_color(colors)
            if linewidths is not None:
                artist.set_linewidth(linewidths)
        return artist

    def title(self, s, *, ax=0):
        """Set the title of an axes for this frame."""
        axes = self._axes(ax)
        artist, new = self._get(f"title of axes {id(axes)}", lambda: axes.set_title(s))
        artist.set_text(s)
        return artist

    def message(self, s: str) -> None:
        """Show ``s`` in a box across the figure for this frame, e.g. ``"diverged: η too large"``."""
        self._message.set_text(s)
        self._message.set_visible(True)


@dataclass
class _Frame:
    png: bytes
    readout: str
    alt: str


@dataclass
class Demo:
    """A slider demo; display it (it is the last expression of a cell) to show it.

    Build it with :func:`demo`. In Jupyter it shows live widgets; its ``text/html``
    representation is the static version used by the book.
    """

    draw: Callable
    controls: Mapping[str, Slider | Choice]
    setup: Callable | None = None
    alt: str | Callable = ""
    ncols: int = 1
    figsize: tuple | None = None
    max_frames: int = MAX_FRAMES
    name: str = "demo"
    _view: View = field(init=False, repr=False)

    _counter = itertools.count(1)

    def __post_init__(self):
        self._classroom = style.is_classroom()
        size = self.figsize or tuple(style.mpl.rcParams["figure.figsize"])
        self.fig = Figure(figsize=size, dpi=100, layout="constrained")
        FigureCanvasAgg(self.fig)
        axes = self.fig.subplots(1, self.ncols, squeeze=False)[0]
        self._view = View(self.fig, axes)
        if self.setup is not None:
            self.setup(self._view)
        self.values = {k: c.default for k, c in self.controls.items()}
        self._frame(self.values)  # draws the default frame once: errors surface now, artists exist
        for ax in self._view.axes:  # freeze the limits so the figure does not jump between frames
            ax.set_xlim(ax.get_xlim())
            ax.set_ylim(ax.get_ylim())
        # Everything that never changes (axes, ticks, labels, what setup drew) is drawn once and
        # cached; each frame then restores that background and draws only the view's artists.
        self.fig.canvas.draw()
        self.fig.set_layout_engine("none")
        self._view._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self._current = self.render(**self.values)
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "demo"
        self._id = f"nblib-{slug}-{next(Demo._counter)}"
        self._widget = None

    # -- drawing -------------------------------------------------------------------------------
    def _frame(self, values) -> tuple[str, str]:
        """Draw one frame; return its readout and alt text. Never raises for numeric trouble."""
        view = self._view
        view._begin()
        readout = ""
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                readout = self.draw(view, **values) or ""
        except (FloatingPointError, OverflowError, RuntimeWarning, ZeroDivisionError):
            view._seen.clear()  # hide the half-drawn frame, keep what setup drew
            view.message("diverged: the numbers overflowed at these settings")
            readout = "diverged"
        for key, artist in view._artists.items():
            if hasattr(artist, "get_xydata") and not np.all(np.isfinite(artist.get_xydata())):
                view._seen.discard(key)
                view.message("diverged: the values are too large to draw")
        view._end()
        alt = self.alt(**values) if callable(self.alt) else self.alt.format(**values)
        return str(readout), str(alt)

    def render(self, **values) -> _Frame:
        """Draw the frame for ``values`` and return it as PNG bytes with its readout and alt text."""
        readout, alt = self._frame(values)
        self._view._blit()
        return _Frame(_encode(self.fig.canvas), readout, alt)

    # -- static --------------------------------------------------------------------------------
    def _static_grid(self):
        names = list(self.controls)
        sliders = [n for n in names if isinstance(self.controls[n], Slider)]
        choices = math.prod(len(self.controls[n].options) for n in names if n not in sliders)
        per_slider = max(2, int((self.max_frames / choices) ** (1 / max(len(sliders), 1)) + 1e-9))
        return names, [self.controls[n].static_values(per_slider) for n in names]

    def static_html(self) -> str:
        """The page fragment for the book: the figure, real range inputs, readout and frame data."""
        names, grids = self._static_grid()
        frames, frame_of, readouts, alts = [], [], [], []
        seen = {}
        for combo in itertools.product(*grids):
            f = self.render(**dict(zip(names, combo)))
            digest = hashlib.sha1(f.png).hexdigest()
            if digest not in seen:
                seen[digest] = len(frames)
                frames.append("data:image/png;base64," + base64.b64encode(_quantize(f.png)).decode())
            frame_of.append(seen[digest])
            readouts.append(f.readout)
            alts.append(f.alt)
        self.render(**self.values)  # leave the live figure on the default frame
        start = [grid.index(self.values[n]) for n, grid in zip(names, grids)]
        k0 = int(np.ravel_multi_index(start, [len(g) for g in grids]))
        data = {
            "shape": [len(g) for g in grids],
            "labels": [[self.controls[n].format(v) for v in g] for n, g in zip(names, grids)],
            "frames": frames,
            "frame_of": frame_of,
            "readouts": readouts,
            "alts": alts,
        }
        payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
        if len(payload) > MAX_STATIC_BYTES:
            raise ValueError(
                f"demo {self.name!r}: its static frames take {len(payload) / 1e6:.2f} MB, over the "
                f"{MAX_STATIC_BYTES / 1e6:.0f} MB budget; lower max_frames or give sliders fewer static_steps"
            )
        e = html.escape
        rows = []
        for i, (n, grid) in enumerate(zip(names, grids)):
            c, cid = self.controls[n], f"{self._id}-{n}"
            label = e(c.label or n)
            if isinstance(c, Choice):
                opts = "".join(
                    f'<option value="{j}"{" selected" if j == start[i] else ""}>{e(o)}</option>'
                    for j, o in enumerate(grid)
                )
                control = f'<select id="{cid}" data-axis="{i}">{opts}</select>'
            else:
                text = e(data["labels"][i][start[i]])
                control = (
                    f'<input type="range" id="{cid}" data-axis="{i}" min="0" max="{len(grid) - 1}" step="1" '
                    f'value="{start[i]}" aria-valuetext="{text}">'
                    f'<output for="{cid}" class="nblib-demo-value">{text}</output>'
                )
            rows.append(f'<div class="nblib-demo-control"><label for="{cid}">{label}</label>{control}</div>')
        classes = "nblib-demo" + (" nblib-classroom" if self._classroom else "")
        width, height = (int(round(v * 100)) for v in self.fig.get_size_inches())
        return (
            f'<div class="{classes}" id="{self._id}" data-nblib-demo="1">'
            f'<img class="nblib-demo-figure" src="{frames[frame_of[k0]]}" alt="{e(alts[k0])}" '
            f'width="{width}" height="{height}">'
            f'<div class="nblib-demo-controls">{"".join(rows)}</div>'
            f'<p class="nblib-demo-readout" aria-live="polite">{e(readouts[k0])}</p>'
            f'<script type="application/json" class="nblib-demo-data">{payload}</script>'
            "</div>"
        )

    # -- live ----------------------------------------------------------------------------------
    def widget(self):
        """The live ipywidgets version (built on first use)."""
        if self._widget is None:
            self._widget = _LiveDemo(self)
        return self._widget.box

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget()._repr_mimebundle_())
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"<{self.name} demo: {', '.join(self.controls)}>"
        return bundle


class _LiveDemo:
    """ipywidgets controls bound to a :class:`Demo`; each change redraws the figure in place."""

    def __init__(self, demo: Demo):
        import ipywidgets as w

        self.demo = demo
        big = demo._classroom
        width = int(round(demo.fig.get_size_inches()[0] * demo.fig.dpi))
        # Shown at its own size (a flex box would otherwise stretch it), shrinking on narrow screens.
        self.image = w.Image(value=demo._current.png, format="png",
                             layout=w.Layout(width=f"{width}px", max_width="100%", height="auto"))
        self.readout = w.HTML(value=html.escape(demo._current.readout))
        self.inputs = {}
        rows = []
        for name, c in demo.controls.items():
            label = w.HTML(value=html.escape(c.label or name), layout=w.Layout(width="auto", min_width="4em"))
            if isinstance(c, Choice):
                ctrl = w.Dropdown(options=list(c.options), value=c.default)
            else:
                cls = w.IntSlider if c.is_int else w.FloatSlider
                kwargs = {} if c.is_int else {"readout_format": c.fmt or f".{_decimals(c.step)}f"}
                ctrl = cls(
                    min=c.min, max=c.max, step=c.step, value=c.default, continuous_update=True,
                    layout=w.Layout(width="28em" if big else "22em"), **kwargs,
                )
            ctrl.observe(self._changed, names="value")
            self.inputs[name] = ctrl
            rows.append(w.HBox([label, ctrl]))
        children = rows + [self.image, self.readout]
        if big:
            children.insert(0, w.HTML(value=_CLASSROOM_CSS))
        self.box = w.VBox(children)
        self.box.add_class("nblib-live-demo")
        if big:
            self.box.add_class("nblib-classroom")

    def _changed(self, change=None):
        values = {n: self.demo.controls[n].snap(ctrl.value) for n, ctrl in self.inputs.items()}
        frame = self.demo.render(**values)
        self.demo.values = values
        self.image.value = frame.png
        self.readout.value = html.escape(frame.readout)


_CLASSROOM_CSS = (
    "<style>.nblib-classroom .widget-readout, .nblib-classroom .widget-html-content,"
    " .nblib-classroom select {font-size: 1.6em !important; line-height: 1.4;}"
    " .nblib-classroom .widget-hslider {height: 3em;}</style>"
)


def _encode(canvas: FigureCanvasAgg) -> bytes:
    """Encode what the Agg canvas holds as PNG, favouring speed (used for every live update)."""
    buf = io.BytesIO()
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    rgba.convert("RGB").save(buf, format="png", compress_level=1)
    return buf.getvalue()


def _quantize(png: bytes) -> bytes:
    """Re-encode a frame as a palette PNG (a few times smaller; plots use few colours)."""
    img = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=96, method=Image.Quantize.MEDIANCUT)
    buf = io.BytesIO()
    img.save(buf, format="png", optimize=True)
    return buf.getvalue()


def demo(draw: Callable, *, setup: Callable | None = None, alt="", ncols: int = 1, figsize=None,
         max_frames: int = MAX_FRAMES, name: str | None = None, **controls) -> Demo:
    """Define a slider demo: a drawing function and its named controls.

    Parameters
    ----------
    draw : callable
        ``draw(view, **values)`` draws one frame on the :class:`View` and may return a readout
        string (for example the current error). Its parameters after ``view`` must be exactly the
        names of the controls.
    setup : callable, optional
        ``setup(view)`` draws what never changes (axes labels, limits, fixed points) once.
    alt : str or callable
        Alt text of each frame: a format string over the control values
        (``"The line miles = {c:.2f} x km"``) or a function of them.
    ncols : int
        Number of side-by-side axes (``view.axes``).
    figsize : tuple, optional
        Figure size in inches (the style's default when omitted).
    max_frames : int
        Budget of static frames; split between sliders (a choice takes all its options).
    name : str, optional
        A short name used in element ids (the drawing function's name when omitted).
    **controls : Slider or Choice
        The controls, by the parameter name ``draw`` uses.

    Returns
    -------
    Demo
        Display it to show it.

    Raises
    ------
    ValueError
        If a control is missing or unknown, or a control is ill-defined (see :class:`Slider`).
    TypeError
        If ``draw`` is not callable or a control is not a :class:`Slider` or :class:`Choice`.
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function draw(view, ...), got {draw!r}")
    if not controls:
        raise ValueError("a demo needs at least one Slider or Choice, given as keyword arguments")
    for key, c in controls.items():
        if not isinstance(c, (Slider, Choice)):
            raise TypeError(f"control {key!r} must be a Slider or a Choice, got {c!r}")
    params = list(inspect.signature(draw).parameters.values())
    if not params:
        raise ValueError("draw must take the view as its first parameter")
    wanted = [p.name for p in params[1:] if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    unknown = [n for n in wanted if n not in controls]
    if unknown:
        raise ValueError(
            f"draw() takes {', '.join(unknown)} but no control is named so; controls: {', '.join(controls)}"
        )
    unused = [n for n in controls if n not in wanted]
    if unused:
        raise ValueError(f"control(s) {', '.join(unused)} are not parameters of draw({', '.join(wanted)})")
    if not isinstance(alt, str) and not callable(alt):
        raise TypeError("alt must be a format string or a function of the control values")
    if not isinstance(max_frames, int) or max_frames < 2:
        raise ValueError(f"max_frames must be a whole number of at least 2, got {max_frames!r}")
    return Demo(draw=draw, controls=dict(controls), setup=setup, alt=alt, ncols=ncols, figsize=figsize,
                max_frames=max_frames, name=name or getattr(draw, "__name__", "demo").strip("_<>") or "demo")
