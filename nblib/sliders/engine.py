"""The engine: a slider demo's drawing function, its controls, and the figure both versions share.

:func:`demo` checks a definition and builds a :class:`Demo`. The demo owns the figure and draws
one frame at a time (:meth:`Demo.render`), catching numeric trouble so that a setting that
diverges says so in the figure. Its two faces are built elsewhere: the live widgets in
:mod:`nblib.sliders.live`, the static page fragment in :mod:`nblib.sliders.static_html`.
"""

from __future__ import annotations

import base64

import inspect
import itertools
import math
import numbers
import re
import warnings
from dataclasses import dataclass, field
from typing import Callable, ClassVar, Mapping

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import style
from .._validate import DivergedError
from .controls import Choice, Slider
from .live import LiveDemo, encode_png
from .view import View

__all__ = ["Demo", "demo", "Frame", "MAX_FRAMES"]

#: Default frame budget of a demo: split evenly between its sliders (21 values for one or two
#: sliders, 7 each for three), multiplied by the options of its choices.
MAX_FRAMES = 441
#: Errors that mean "these settings diverged": shown in the figure, never raised.
NUMERIC_TROUBLE = (DivergedError, FloatingPointError, OverflowError, ZeroDivisionError, RuntimeWarning)


@dataclass
class Frame:
    """One live frame: the PNG of the figure, the readout and the alt text."""

    png: bytes
    readout: str
    alt: str


@dataclass
class Demo:
    """A slider demo; display it (it is the last expression of a cell) to show it.

    Build it with :func:`demo`. In Jupyter it shows live widgets; its ``text/html``
    representation is the static version used by the book (:meth:`static_html`).

    The two faces (``live.py``, ``static_html.py``) use only its public interface: ``view``
    (the ``View`` drawn on), ``draw_frame`` (draw one frame, get its readout and alt text),
    ``render`` (the same, as a PNG ``Frame``), ``current`` (the default frame, drawn when the
    demo was built: the live widget shows it first), ``values``, ``controls``, ``fig``,
    ``number``, ``element_id`` (the fragment's HTML id) and ``classroom`` (classroom mode when
    built); of the ``View``, ``keyed_artists`` and ``frame_artists``.
    """

    draw: Callable
    controls: Mapping[str, Slider | Choice]
    setup: Callable | None = None
    alt: str | Callable = ""
    ncols: int = 1
    figsize: tuple | None = None
    max_frames: int = MAX_FRAMES
    name: str = "demo"
    view: View = field(init=False, repr=False)

    _counter = itertools.count(1)
    #: The element id of the latest demo of each name, for what refers to a demo in the page
    #: (a question of :mod:`nblib.questions` links to the demo that checks it).
    ids_by_name: ClassVar[dict] = {}

    def __post_init__(self):
        self.classroom = style.is_classroom()
        size = self.figsize or tuple(style.mpl.rcParams["figure.figsize"])
        self.fig = Figure(figsize=size, dpi=100, layout="constrained")
        FigureCanvasAgg(self.fig)
        axes = self.fig.subplots(1, self.ncols, squeeze=False)[0]
        self.view = View(self.fig, axes)
        if self.setup is not None:
            self.setup(self.view)
        self.values = {k: c.default for k, c in self.controls.items()}
        self.draw_frame(self.values)  # draws the default frame once: errors surface now, artists exist
        for ax in self.view.axes:  # freeze the limits so the figure does not jump between frames
            ax.set_xlim(ax.get_xlim())
            ax.set_ylim(ax.get_ylim())
        # Everything that never changes (axes, ticks, labels, what setup drew) is drawn once and
        # cached; each frame then restores that background and draws only the view's artists.
        self.fig.canvas.draw()
        self.fig.set_layout_engine("none")
        self.view._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self.current = self.render(**self.values)
        self.number = next(Demo._counter)
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "demo"
        self.element_id = f"nblib-{slug}-{self.number}"
        Demo.ids_by_name[self.name] = self.element_id
        self._widget = None

    # -- drawing -------------------------------------------------------------------------------
    def draw_frame(self, values) -> tuple[str, str]:
        """Draw one frame on ``view``; return its readout and alt text. Numeric trouble
        (overflow, divergence) is shown in the figure as a message, never raised. The static
        renderer records the frame's artists (``View.frame_artists``) after this call."""
        view = self.view
        view._begin()
        readout = ""
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                readout = self.draw(view, **values)
        except NUMERIC_TROUBLE:
            view._seen.clear()  # hide the half-drawn frame, keep what setup drew
            view.message("diverged: the numbers overflowed at these settings")
            readout = "diverged"
        if readout is None:
            readout = ""
        if not isinstance(readout, str):
            raise TypeError(f"draw must return the readout as a string (or None), got {type(readout).__name__} {readout!r}")
        for key, artist in view._artists.items():
            if hasattr(artist, "get_xydata") and not np.all(np.isfinite(artist.get_xydata())):
                view._seen.discard(key)
                view.message("diverged: the values are too large to draw")
        view._end()
        alt = self.alt(**values) if callable(self.alt) else self.alt.format(**values)
        if not isinstance(alt, str):
            raise TypeError(f"alt must give a string, got {type(alt).__name__} {alt!r}")
        return readout, alt

    def render(self, **values) -> Frame:
        """Draw the frame for ``values`` and return it as PNG bytes with its readout and alt text."""
        readout, alt = self.draw_frame(values)
        self.view._blit()
        return Frame(encode_png(self.fig.canvas), readout, alt)

    # -- the two faces -------------------------------------------------------------------------
    def static_html(self) -> str:
        """The page fragment for the book: vector figure, real range inputs, readout, frame data."""
        from .static_html import render_static

        html = render_static(self)
        self.render(**self.values)  # leave the live figure on the default frame
        return html

    def widget(self):
        """The live ipywidgets version (built on first use)."""
        if self._widget is None:
            self._widget = LiveDemo(self)
        return self._widget.box

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget, the static fragment (the HTML book, a RISE deck) and the default frame
        as a picture, for where neither runs: a saved notebook opened without a kernel and
        untrusted, GitHub's viewer (the book's reader notebooks keep only the picture)."""
        bundle = dict(self.widget()._repr_mimebundle_())
        bundle["text/html"] = self.static_html()
        bundle["image/png"] = base64.b64encode(self.render(**self.values).png).decode("ascii")
        bundle["text/plain"] = f"<{self.name} demo: {', '.join(self.controls)}>"
        return bundle


def _callable_or_none(v, what):
    if v is not None and not callable(v):
        raise TypeError(f"{what} must be a function or None, got {type(v).__name__} {v!r}")


def _whole(v, what, minimum):
    if isinstance(v, bool) or not isinstance(v, numbers.Integral):
        raise TypeError(f"{what} must be a whole number, got {type(v).__name__} {v!r}")
    if v < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {v}")
    return int(v)


def _figsize(v):
    if v is None:
        return None
    if not isinstance(v, (tuple, list)) or len(v) != 2:
        raise TypeError(f"figsize must be a (width, height) pair in inches, got {v!r}")
    for x in v:
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise TypeError(f"figsize must hold two real numbers (inches), got {v!r}")
        if not (math.isfinite(x) and 0.5 <= x <= 20):
            raise ValueError(f"figsize must hold two sizes between 0.5 and 20 inches, got {v!r}")
    return (float(v[0]), float(v[1]))


def demo(draw: Callable, *, setup: Callable | None = None, alt="", ncols: int = 1, figsize=None,
         max_frames: int = MAX_FRAMES, name: str | None = None, **controls) -> Demo:
    """Define a slider demo: a drawing function and its named controls.

    Parameters
    ----------
    draw : callable
        ``draw(view, **values)`` draws one frame on the :class:`~nblib.sliders.View` and may return
        a readout string (for example the current error). Its parameters after ``view`` must be
        exactly the names of the controls.
    setup : callable, optional
        ``setup(view)`` draws what never changes (axes labels, limits, fixed points) once.
    alt : str or callable
        Alt text of each frame: a format string over the control values
        (``"The line miles = {c:.2f} x km"``) or a function of them.
    ncols : int
        Number of side-by-side axes (``view.axes``), at least 1.
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
        If a control is missing or unknown, a count is out of range, or ``alt`` names something
        that is not a control.
    TypeError
        If ``draw`` is not callable, a control is not a :class:`Slider` or :class:`Choice`, or an
        argument is of the wrong kind.

    Examples
    --------
    >>> def draw(view, a):
    ...     view.line("l", [0, 1], [0, a])
    ...     return f"a = {a:.1f}"
    >>> d = demo(draw, a=Slider(0.0, 1.0, 0.1, value=0.5))
    >>> d.render(a=0.3).readout
    'a = 0.3'
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function draw(view, ...), got {draw!r}")
    _callable_or_none(setup, "setup")
    if not controls:
        raise ValueError("a demo needs at least one Slider or Choice, given as keyword arguments")
    for key, c in controls.items():
        if not isinstance(c, (Slider, Choice)):
            raise TypeError(f"control {key!r} must be a Slider or a Choice, got {c!r}")
    try:
        params = list(inspect.signature(draw).parameters.values())
    except (TypeError, ValueError):
        raise TypeError(f"draw must be a Python function whose parameters can be read, got {draw!r}") from None
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
        raise TypeError(f"alt must be a format string or a function of the control values, got {alt!r}")
    if isinstance(alt, str):
        try:
            alt.format(**{k: c.default for k, c in controls.items()})
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"alt {alt!r} cannot be formatted with the controls {', '.join(controls)}: {exc!r}") from None
    ncols = _whole(ncols, "ncols", 1)
    if ncols > 6:
        raise ValueError(f"ncols must be at most 6 (side-by-side axes), got {ncols}")
    max_frames = _whole(max_frames, "max_frames", 2)
    figsize = _figsize(figsize)
    if name is not None:
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__} {name!r}")
        if not re.search(r"[A-Za-z0-9]", name):
            raise ValueError(f"name must contain a letter or digit (it becomes an element id), got {name!r}")
    return Demo(draw=draw, controls=dict(controls), setup=setup, alt=alt, ncols=ncols, figsize=figsize,
                max_frames=max_frames, name=name or getattr(draw, "__name__", "demo").strip("_<>") or "demo")
