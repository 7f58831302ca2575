"""The stored form of an executed notebook: exactly what strict nbval compares, and nothing more.

``tools/execute_notebooks.py`` stores every notebook in this form (see CONTRIBUTING.md, "Stored
outputs"):

* the masks of ``tests/nbval_sanitize.cfg`` are applied to every text output, so the stored
  notebook holds the same placeholder that nbval puts in place of bytes that differ between
  machines (the frames of slider demos), not the bytes themselves;
* widget model ids are derived from the notebook's name and the output's position, not random;
* consecutive stream outputs of one cell are merged (nbconvert's ``CoalesceStreamsPreprocessor``),
  as nbval merges them before comparing;
* a slider demo's default frame (the picture beside its widget) is left out, and figures,
  shown or glued, are stored as palette PNGs of at most 64 colours, compressed
  losslessly by oxipng (nbval does not compare image bytes; the book draws its own);
* no widget state, no timing metadata.

So re-executing an unchanged checkout on the same machine leaves ``git status`` clean.
"""

from __future__ import annotations

import base64
import configparser
import io
import re
import uuid
from pathlib import Path

import oxipng
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from PIL import Image

from . import WIDGET_VIEW

ROOT = Path(__file__).resolve().parent.parent
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
_NAMESPACE = uuid.UUID("8f5c2d1e-3b7a-4c9e-9f41-6a0d2b7c5e13")  # this book's namespace for model ids


def sanitize_rules(path: Path = SANITIZE) -> list[tuple[re.Pattern, str]]:
    """The (regex, replacement) pairs of an nbval sanitize file, in file order, as nbval reads them."""
    parser = configparser.ConfigParser()
    parser.read(path)
    return [(re.compile(parser.get(s, "regex")), parser.get(s, "replace")) for s in parser.sections()]


PALETTE = 64  # colours of a stored figure: enough for plots, a fraction of the bytes


def _palette_png(b64: str) -> str:
    """A figure re-encoded as a palette PNG of at most PALETTE colours and compressed by oxipng
    (level 4, lossless, still a palette PNG): a few times smaller than matplotlib's.

    Octree quantisation keeps each plot colour: median cut splits the palette by pixel count,
    spends it on the shades of many grey lines and turned chapter 15's thin purple curve grey."""
    image = Image.open(io.BytesIO(base64.b64decode(b64)))
    if image.mode == "P" and len(image.getcolors(maxcolors=256) or range(257)) <= PALETTE:
        return b64  # stored already
    buf = io.BytesIO()
    image.convert("RGB").quantize(colors=PALETTE, method=Image.Quantize.FASTOCTREE).save(buf, format="png")
    png = oxipng.optimize_from_memory(buf.getvalue(), level=4, color_type_reduction=False, grayscale_reduction=False)
    return base64.b64encode(png).decode() + "\n"


def normalise(nb, name: str, rules) -> None:
    """Put the executed notebook ``nb`` (file name ``name``) in its stored form, in place."""
    nb.metadata.pop("widgets", None)
    for c, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        CoalesceStreamsPreprocessor().preprocess_cell(cell, {}, c)  # consecutive streams merged
        for o, out in enumerate(cell.outputs):
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                data.pop("image/png", None)  # a demo's default frame: the book draws its own
                data[WIDGET_VIEW]["model_id"] = uuid.uuid5(_NAMESPACE, f"{name}/{c}/{o}").hex
            for mime, value in data.items():
                if mime.endswith("image/png"):  # a figure, shown or glued
                    data[mime] = _palette_png(value)
                elif isinstance(value, str) and mime.startswith("text/"):
                    for regex, replacement in rules:
                        value = regex.sub(replacement, value)
                    data[mime] = value
