"""Matplotlib artists as compact SVG fragments that share one table of definitions.

:class:`SvgRecorder` draws artists with matplotlib's own SVG renderer (text and mathtext as glyph
outlines, so the page needs no fonts and shows exactly what matplotlib lays out), then:

* hoists every definition (glyph outlines, marker shapes, clip rectangles) into one table, keyed
  by content, under short ids with a per-demo prefix (so two demos on a page never clash, and a
  glyph used in a hundred frames is stored once);
* rounds every coordinate to 0.01 unit (a hundredth of a point) and drops ids, comments,
  metadata and whitespace, so a fragment takes hundreds of bytes, not kilobytes.

It knows nothing of sliders, widgets or HTML pages.
"""

from __future__ import annotations

import functools
import html
import io
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager

import matplotlib as mpl
from matplotlib.backends.backend_svg import RendererSVG, _XMLWriter
from matplotlib.text import Text

__all__ = ["SvgRecorder", "SVG_DPI"]

#: SVG user units are points: the figure is drawn at 72 dpi, as matplotlib's SVG backend does.
SVG_DPI = 72
# matplotlib's SVG writer puts "*{stroke-linejoin: round; stroke-linecap: butt}" at the top of every
# document; the page's stylesheet nblib-demo.css applies it to the demo figures only.

_SVG, _XLINK = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}"
_NUMBER = re.compile(r"(?<![#\w.-])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")  # not hex colours or ids
_ROUNDED = {"d", "x", "y", "width", "height", "points", "cx", "cy", "r", "x1", "x2", "y1", "y2"}


def _num(match: re.Match, decimals: int = 2) -> str:
    text = f"{round(float(match.group()), decimals):.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _round_numbers(value: str, decimals: int = 2) -> str:
    return _NUMBER.sub(lambda m: _num(m, decimals), value)


@functools.lru_cache(maxsize=8192)  # glyph outlines and marker shapes come back again and again
def _compact_path(d: str) -> str:
    """Path data rounded to 0.01 with repeated commands left implicit: ``M 1 2 L 3 4 L 5 6`` -> ``M1 2 3 4 5 6``."""
    out, implicit = [], None
    for tok in re.findall(r"[A-Za-z]|-?\d+(?:\.\d+)?", _round_numbers(d)):
        if tok.isalpha():
            if tok == implicit and tok in "LCQ":
                continue
            implicit = "L" if tok == "M" else tok
            out.append(tok)
        elif out and not out[-1].isalpha() and not tok.startswith("-"):
            out.append(" " + tok)
        else:
            out.append(tok)
    return "".join(out)


def _translate(value: str) -> str:
    """Round the offsets of ``translate(...)``; keep scales and rotations exact."""
    return re.sub(r"translate\(([^)]*)\)", lambda m: f"translate({_round_numbers(m.group(1)).replace(',', ' ')})", value)


class SvgRecorder:
    """Record artists of one figure as SVG fragments with shared, de-duplicated definitions.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure whose artists are recorded (drawn at :data:`SVG_DPI` while recording).
    prefix : str
        Prefix of every definition id (unique per demo on a page, e.g. ``"n3-"``).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1)); ax = fig.subplots()
    >>> line, = ax.plot([0, 1], [0, 1])
    >>> rec = SvgRecorder(fig, "d1-")
    >>> with rec.recording():
    ...     part = rec.fragment([line])
    >>> part.startswith("<path d=") and "clip-path" in part and len(rec.defs) == 1
    True
    """

    def __init__(self, fig, prefix: str):
        self.fig = fig
        self.prefix = prefix
        self.defs: dict[str, str] = {}  # new id -> definition element (serialised, id included)
        self._by_content: dict[str, str] = {}
        self._rename: dict[str, str] = {}  # matplotlib's id of a definition -> ours
        self._renderer = None
        self._texts: dict = {}  # what a text drew, by everything its drawing depends on

    @property
    def size(self) -> tuple[float, float]:
        """Width and height in SVG units (points)."""
        w, h = self.fig.get_size_inches()
        return w * SVG_DPI, h * SVG_DPI

    @contextmanager
    def recording(self):
        """Draw at :data:`SVG_DPI` with reproducible clip ids; restore the figure afterwards."""
        dpi = self.fig.dpi
        with mpl.rc_context({"svg.hashsalt": "nblib", "svg.fonttype": "path"}):
            self.fig.set_dpi(SVG_DPI)
            # One renderer for every fragment: it lays out each text and glyph once, and emits a
            # glyph's or marker's definition only the first time (kept in self._rename).
            self._renderer = RendererSVG(*self.size, io.StringIO(), image_dpi=SVG_DPI)
            try:
                yield self
            finally:
                self._renderer = None
                self.fig.set_dpi(dpi)

    def fragment(self, artists) -> str:
        """The artists drawn in order, as one SVG fragment whose definitions went to :attr:`defs`."""
        if self._renderer is None:
            raise RuntimeError("SvgRecorder.fragment must be called inside `with recorder.recording():`")
        renderer, buf = self._renderer, io.StringIO()
        buf.write(f'<svg xmlns="{_SVG[1:-1]}" xmlns:xlink="{_XLINK[1:-1]}">')
        renderer.writer = _XMLWriter(buf)
        for artist in artists:
            artist.draw(renderer)
        renderer._write_clips()  # the clip rectangles this fragment used (written at the end)
        renderer._write_hatches()
        renderer._clipd.clear()
        renderer._hatchd.clear()
        renderer.writer.flush()
        buf.write("</svg>")
        root = ET.fromstring(buf.getvalue())
        for defs in list(root.iter(f"{_SVG}defs")):
            for child in defs:
                if "id" in child.attrib:
                    old = child.attrib.pop("id")
                    body = self._serialise(child, self._rename)
                    self._rename[old] = self._by_content.get(body) or self._define(child.tag, body)
        return "".join(self._serialise(child, self._rename) for child in root if child.tag not in (
            f"{_SVG}defs", f"{_SVG}metadata"))

    def artist(self, artist) -> str:
        """:meth:`fragment` of one artist; a text drawn as before is not laid out again."""
        if type(artist) is not Text:
            return self.fragment([artist])
        patch = artist.get_bbox_patch()
        key = (id(artist), artist.get_text(), tuple(artist.get_transform().transform(artist.get_unitless_position())),
               artist.get_color(), artist.get_alpha(), hash(artist.get_fontproperties()), artist.get_ha(),
               artist.get_va(), artist.get_rotation(), artist.get_linespacing(), artist.get_wrap(),
               artist.get_clip_on(), None if patch is None else (
                   patch.get_facecolor(), patch.get_edgecolor(), patch.get_linewidth(), str(patch.get_boxstyle())))
        if key not in self._texts:
            self._texts[key] = self.fragment([artist])
        return self._texts[key]

    def _define(self, tag, body: str) -> str:
        new = f"{self.prefix}{len(self.defs)}"
        self._by_content[body] = new
        name = tag.replace(_SVG, "")
        self.defs[new] = body.replace(f"<{name}", f'<{name} id="{new}"', 1)
        return new

    def _serialise(self, el, rename: dict) -> str:
        tag = el.tag.replace(_SVG, "")
        if tag in ("defs", "metadata"):
            return ""
        attrs = []
        for key, value in el.attrib.items():
            key = key.replace(_XLINK, "")
            if key == "id":
                continue
            if key == "href":
                value = "#" + rename[value[1:]]
            elif key == "clip-path":
                value = re.sub(r"url\(#([^)]*)\)", lambda m: f"url(#{rename[m.group(1)]})", value)
            elif key == "d":
                value = _compact_path(value)
            elif key in _ROUNDED:
                value = _round_numbers(value)
            elif key == "transform":
                value = _translate(value)
            elif key == "style":
                value = re.sub(r"\s*([:;])\s*", r"\1", _round_numbers(value, 3)).strip()
            attrs.append(f' {key}="{html.escape(value)}"')
        inner = html.escape(el.text.strip(), quote=False) if el.text and el.text.strip() else ""
        inner += "".join(self._serialise(child, rename) for child in el)
        if tag == "g" and not attrs:
            return inner
        return f"<{tag}{''.join(attrs)}>{inner}</{tag}>" if inner else f"<{tag}{''.join(attrs)}/>"

    def definitions(self) -> str:
        """Every definition recorded so far, in order."""
        return "".join(self.defs.values())
