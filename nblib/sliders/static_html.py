"""The static renderer: a demo as a page fragment that works without a kernel.

When the notebook executes, the demo's drawing function runs over a grid of control values. The
figure's background (everything ``setup`` drew, axes, ticks) is recorded once as vector SVG; for
each grid point only the keyed artists of that frame are recorded, each as an SVG fragment stored
once however many frames share it (:mod:`nblib.sliders.svg`). ``nblib-demo.js`` replays them behind
real ``<input type=range>`` elements, so the figure is sharp at every zoom and a frame costs
tens to hundreds of bytes.

The fragment carries three scripts:

* ``nblib-demo-data``: the grid (values and their labels), readouts and alt texts (texts that
  differ only in their numbers share a template: :func:`compact_texts`). Strict nbval compares it;
* ``nblib-demo-frames``: the vector drawing, JSON compressed with raw DEFLATE and written in
  base64 (SVG markup of glyphs and paths shrinks about tenfold; the page inflates it with the
  browser's ``DecompressionStream``). Its coordinates come from floating-point arithmetic that may
  differ in the last bit between CPUs, so ``tests/nbval_sanitize.cfg`` masks it whole; base64
  holds no ``<``, so the mask cannot reach past it;
* ``nblib-demo-driver``, last: ``nblib-demo.js`` itself, read from the package (:func:`driver_script`),
  so that the fragment drives itself where the page did not load the file, as in a RISE deck, which
  shows the ``text/html`` of a demo because it cannot display ipywidgets 8 widgets
  (jupyterlab-contrib/rise#119). The file defines the driver once per page and starts each demo
  once. Being a copy of a package file, not data, its text is masked in stored notebooks too.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import math
import re
import zlib
from pathlib import Path

import numpy as np

from .controls import Choice, Slider
from .svg import SvgRecorder

__all__ = ["render_static", "static_grid", "pack", "unpack", "compact_texts", "expand_texts", "driver_script",
           "MAX_STATIC_BYTES", "STATIC"]

#: A focused control keeps its keys (arrows, Home, End, Space) in JupyterLab and a RISE deck, whose
#: notebook shortcuts (Lumino key bindings on the focused element) would move the cell cursor, and
#: the deck's slide with it; Lumino skips the bindings of an element with this attribute.
KEYS_TO_CONTROL = 'data-lm-suppress-shortcuts="true"'

#: The engine's script and stylesheet (``nblib-demo.js``, ``nblib-demo.css``): the book serves them
#: (``bookext.assets``), and each fragment carries the script inline (:func:`driver_script`).
STATIC = Path(__file__).parent / "static"

#: Budget for one demo's static fragment in the built page (data, frames and markup).
MAX_STATIC_BYTES = 300_000


def static_grid(demo):
    """The names of the controls and, for each, the values the static book offers."""
    names = list(demo.controls)
    sliders = [n for n in names if isinstance(demo.controls[n], Slider)]
    choices = math.prod(len(demo.controls[n].options) for n in names if n not in sliders)
    per_slider = max(2, int((demo.max_frames / choices) ** (1 / max(len(sliders), 1)) + 1e-9))
    return names, [demo.controls[n].static_values(per_slider) for n in names]


def _json(obj) -> str:
    """JSON that can sit inside a ``<script>`` element and holds no ``<`` at all."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")


_NUMBER = re.compile(r"[-+−]?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?")


def compact_texts(texts: list[str]):
    """Readouts or alt texts, stored compactly but still readable (and compared by nbval).

    Texts that differ only in their numbers share a template: ``{"templates": ["c = {}: error
    {} miles"], "rows": ["0|0.50|+12.137", ...]}`` (template number, then the numbers). Texts
    holding ``{``, ``}`` or ``|``, or too varied to gain, stay a plain list.
    """
    if any(ch in t for t in texts for ch in "{}|"):
        return list(texts)
    templates, index, rows = [], {}, []
    for t in texts:
        template = _NUMBER.sub("{}", t)
        if template not in index:
            index[template] = len(templates)
            templates.append(template)
        rows.append("|".join([str(index[template]), *_NUMBER.findall(t)]))
    compact = {"templates": templates, "rows": rows}
    return compact if len(_json(compact)) < len(_json(list(texts))) else list(texts)


def expand_texts(stored) -> list[str]:
    """The inverse of :func:`compact_texts` (``nblib-demo.js`` does the same)."""
    if isinstance(stored, list):
        return stored
    out = []
    for row in stored["rows"]:
        which, *numbers = row.split("|")
        pieces = stored["templates"][int(which)].split("{}")
        out.append("".join(p + n for p, n in zip(pieces, numbers + [""])))
    return out


def pack(obj) -> str:
    """``obj`` as JSON, compressed with raw DEFLATE (what ``DecompressionStream("deflate-raw")``
    reads) and written in base64."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = deflate.compress(json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()) + deflate.flush()
    return base64.b64encode(raw).decode("ascii")


def unpack(text: str):
    """The inverse of :func:`pack`."""
    return json.loads(zlib.decompress(base64.b64decode(text), -15).decode())


def driver_script() -> str:
    """``nblib-demo.js``, read from the package now, as the inline ``<script>`` that ends a demo's
    fragment: it starts the demo it sits in where the page did not load the file."""
    js = (STATIC / "nblib-demo.js").read_text(encoding="utf-8")
    if "</script" in js.lower():  # it would end the element early (and escape the stored-notebook mask)
        raise ValueError("nblib-demo.js holds '</script', which cannot sit inside a <script> element")
    return f'<script class="nblib-demo-driver">{js}</script>'


def record_frames(demo, names, grids):
    """Record the background and every grid point's artists; return the frame payload and the
    readouts and alt texts in grid order (the last control varies fastest)."""
    view = demo.view
    rec = SvgRecorder(demo.fig, prefix=f"n{demo.number}-")
    parts, part_of = [], {}
    frames, readouts, alts = [], [], []
    with rec.recording():
        keyed = view.keyed_artists()
        shown = [a.get_visible() for a in keyed]
        # Drawing the axes re-places their titles (above whatever is visible): keep the places the
        # live figure uses.
        titles = [t for ax in view.axes for t in (ax.title, ax._left_title, ax._right_title)]
        places = [t.get_position() for t in titles]
        for a in keyed:
            a.set_visible(False)
        background = rec.fragment([demo.fig])
        for a, v in zip(keyed, shown):
            a.set_visible(v)
        for t, xy in zip(titles, places):
            t.set_position(xy)
        for combo in itertools.product(*grids):
            readout, alt = demo.draw_frame(dict(zip(names, combo)))
            ids = []
            for artist in view.frame_artists():
                svg = rec.artist(artist)
                if svg not in part_of:
                    part_of[svg] = len(parts)
                    parts.append(svg)
                ids.append(part_of[svg])
            frames.append(ids)
            readouts.append(readout)
            alts.append(alt)
    width, height = rec.size
    payload = {"viewBox": f"0 0 {width:g} {height:g}", "defs": rec.definitions(),
               "background": background, "parts": parts, "frames": frames}
    return payload, readouts, alts


def render_static(demo) -> str:
    """The page fragment of ``demo``: figure, labelled controls, readout, and the two payloads.

    Raises
    ------
    ValueError
        If the fragment exceeds :data:`MAX_STATIC_BYTES` (lower ``max_frames`` or give sliders
        fewer ``static_steps``).
    """
    names, grids = static_grid(demo)
    frames, readouts, alts = record_frames(demo, names, grids)
    start = [grid.index(demo.values[n]) for n, grid in zip(names, grids)]
    k0 = int(np.ravel_multi_index(start, [len(g) for g in grids]))
    labels = [[demo.controls[n].format(v) for v in g] for n, g in zip(names, grids)]
    data = {"shape": [len(g) for g in grids], "values": grids, "labels": labels,
            "readouts": compact_texts(readouts), "alts": compact_texts(alts)}
    e = html.escape
    rows = []
    for i, (n, grid) in enumerate(zip(names, grids)):
        c, cid = demo.controls[n], f"{demo.element_id}-{n}"
        label = e(c.label or n)
        if isinstance(c, Choice):
            opts = "".join(
                f'<option value="{j}"{" selected" if j == start[i] else ""}>{e(o)}</option>'
                for j, o in enumerate(grid)
            )
            control = f'<select id="{cid}" data-axis="{i}" {KEYS_TO_CONTROL}>{opts}</select>'
        else:
            text = e(labels[i][start[i]])
            chars = max(len(t) for t in labels[i])  # the readout never clips: room for the longest
            control = (
                f'<input type="range" id="{cid}" data-axis="{i}" {KEYS_TO_CONTROL} min="0" max="{len(grid) - 1}" step="1" '
                f'value="{start[i]}" aria-valuetext="{text}">'
                f'<output for="{cid}" class="nblib-demo-value" style="min-width:{chars + 1}ch">{text}</output>'
            )
        rows.append(f'<div class="nblib-demo-control"><label for="{cid}">{label}</label>{control}</div>')
    classes = "nblib-demo" + (" nblib-classroom" if demo.classroom else "")
    width, height = (int(round(v * 100)) for v in demo.fig.get_size_inches())
    fragment = (
        f'<div class="{classes}" id="{demo.element_id}" data-nblib-demo="1" data-frame="{k0}">'
        f'<svg class="nblib-demo-figure" role="img" aria-label="{e(alts[k0])}" viewBox="{frames["viewBox"]}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"></svg>'
        f'<div class="nblib-demo-controls">{"".join(rows)}</div>'
        f'<p class="nblib-demo-readout" aria-live="polite">{e(readouts[k0])}</p>'
        f'<script type="application/json" class="nblib-demo-data">{_json(data)}</script>'
        f'<script type="application/octet-stream" class="nblib-demo-frames" data-encoding="deflate-raw base64">'
        f"{pack(frames)}</script>"
        f"{driver_script()}"
        "</div>"
    )
    size = len(fragment.encode())
    if size > MAX_STATIC_BYTES:
        raise ValueError(
            f"demo {demo.name!r}: its static version takes {size / 1e3:.0f} kB, over the "
            f"{MAX_STATIC_BYTES / 1e3:.0f} kB budget; lower max_frames or give sliders fewer static_steps"
        )
    return fragment
