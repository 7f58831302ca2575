"""Execute notebooks top to bottom, each in a fresh kernel, and store their outputs normalised.

Usage: python tools/execute_notebooks.py [--jobs N] book/01_predictor.ipynb [...]

The stored outputs are what strict nbval compares against, so they are stored in the form that
comparison sees and nothing more (see CONTRIBUTING.md, "Stored outputs"):

* the masks of ``tests/nbval_sanitize.cfg`` are applied to every text output, so the stored
  notebook holds the same placeholder that nbval puts in place of bytes that differ between
  machines (the frames of slider demos), not the bytes themselves;
* widget model ids are derived from the notebook's name and the output's position, not random;
* consecutive stream outputs of one cell are merged, as nbval merges them before comparing;
* figures, shown or glued, are stored as palette PNGs of at most 64 colours, compressed
  losslessly by oxipng (nbval does not compare image bytes; the book draws its own);
* no widget state, no timing metadata.

So re-executing an unchanged checkout on the same machine leaves ``git status`` clean.
"""

from __future__ import annotations

import argparse
import base64
import configparser
import io
import os
import re
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import oxipng
from nbclient import NotebookClient
from PIL import Image

import slideshow  # tools/slideshow.py: the chapters' slide metadata

ROOT = Path(__file__).resolve().parent.parent
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
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


def _merge_streams(outputs: list) -> list:
    merged = []
    for out in outputs:
        if (out.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == out.name):
            merged[-1].text += out.text
        else:
            merged.append(out)
    return merged


def normalise(nb, name: str, rules) -> None:
    """Put the executed notebook ``nb`` (file name ``name``) in its stored form, in place."""
    nb.metadata.pop("widgets", None)
    for c, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell.outputs = _merge_streams(cell.outputs)
        for o, out in enumerate(cell.outputs):
            data = out.get("data", {})
            for mime, value in data.items():
                if mime.endswith("image/png"):  # a figure, shown or glued
                    data[mime] = _palette_png(value)
                elif isinstance(value, str) and mime.startswith("text/"):
                    for regex, replacement in rules:
                        value = regex.sub(replacement, value)
                    data[mime] = value
            if WIDGET_VIEW in data:
                data[WIDGET_VIEW]["model_id"] = uuid.uuid5(_NAMESPACE, f"{name}/{c}/{o}").hex


def execute(path: Path) -> float:
    """Execute one notebook in its own folder and store it normalised; return the seconds taken."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", store_widget_state=False, record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    seconds = time.perf_counter() - start
    normalise(nb, path.name, sanitize_rules())
    if slideshow.is_chapter(path):  # keep a chapter's slide metadata right
        slideshow.apply(nb)
    nbformat.write(nb, path)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="notebooks executed at once (default: the number of CPUs)")
    args = parser.parse_args(argv)
    missing = [p for p in args.notebooks if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(map(str, missing))}")
    from build_book import ONE_THREAD  # kernels side by side: one BLAS thread each (build_book.py)

    for name, value in ONE_THREAD.items():  # the kernels inherit this environment
        os.environ.setdefault(name, value)
    failed = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [(path, pool.submit(execute, path)) for path in args.notebooks]
        for path, future in futures:
            try:
                print(f"{path}: executed in {future.result():.1f} s", flush=True)
            except Exception as exc:  # a failing notebook is reported; the others are still stored
                failed.append(path)
                print(f"{path}: FAILED, its stored outputs are unchanged\n{exc}", file=sys.stderr, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
