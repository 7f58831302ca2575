"""The book's figures as vector graphics, legible at any width.

* **SVG in the HTML book.** The kernels of a book build draw matplotlib's inline figures as SVG
  and PNG (``InlineBackend.figure_formats``, set in an IPython profile of the build's own,
  ``_build/ipython``, which the kernels find through ``IPYTHONDIR``): the page shows the SVG, which
  stays sharp when a phone's reader zooms in; the reader notebooks keep the PNG (JupyterLab does
  not render the SVG of an untrusted notebook). The stored notebooks (``tools/execute_notebooks.py``, nbval) and a
  reader's own runs keep matplotlib's default PNG: nbval does not compare pictures, and the
  stored notebooks stay small.
* **Labels of at least** :data:`MIN_TEXT_PX` **CSS pixels on a phone.** A figure drawn with 11 pt
  labels on a 9-inch canvas would shrink them to 4 px on a phone. When the build has finished,
  ``_static/nblib-figures.css`` gives every SVG figure a ``min-width`` at which its smallest text
  is :data:`MIN_TEXT_PX` px tall, on screens narrower than 992 px (phones, tablets; a desktop's
  column shows the whole figure, which its reader can zoom, sharp); a figure that is then wider
  than the column scrolls sideways in its frame (``nblib-book.css`` and ``nblib-book.js`` show that it does), as a wide equation does.
* **The front page's picture** is a figure of the book, copied when the build has finished
  (:data:`COVER`, a page and a figure's name) to ``_static/nblib-cover.svg``, which
  ``book/intro.md`` shows: no picture is kept in git, and the cover is what chapter 1 draws.

matplotlib writes each piece of text (``svg.fonttype = "path"``, its default) as a group
``<g transform="translate(x y) scale(s -s)">`` of glyph outlines (a coloured text has a ``style`` first), with ``s`` the font size in
points over 100 (matplotlib's ``textpath.FONT_SCALE``): :func:`smallest_text` reads it from there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

#: The smallest text of a figure on screen, in CSS pixels (the issue's and WCAG-minded floor).
MIN_TEXT_PX = 9.0
#: matplotlib's SVG writer scales glyph outlines drawn at this size (points) to the font size.
FONT_SCALE = 100.0
CSS = "nblib-figures.css"
#: The front page's picture: (page, figure name), and where the build puts it.
COVER = ("book/01_predictor", "fig-ch1-guesses")
COVER_FILE = "nblib-cover.svg"
KERNEL_CONFIG = "c.InlineBackend.figure_formats = {'svg', 'png'}\n"  # the page shows the SVG, a reader notebook the PNG

_TEXT = re.compile(r'<g\b[^>]*\btransform="(?:translate\([^)]*\) )?(?:rotate\([^)]*\) )?scale\(([0-9.]+) -\1\)"')
_WIDTH = re.compile(r'<svg\b[^>]*\bwidth="([0-9.]+)pt"')


def smallest_text(svg: str) -> tuple[float, float] | None:
    """The width (points) of a matplotlib SVG and the size (points) of its smallest text, or
    ``None`` if it is not one (no width in points, or no text)."""
    width = _WIDTH.search(svg)
    sizes = [float(s) * FONT_SCALE for s in _TEXT.findall(svg)]
    if width is None or not sizes:
        return None
    return float(width[1]), min(sizes)


def min_width(svg: str) -> float | None:
    """The narrowest width (CSS px) at which every text of ``svg`` is at least MIN_TEXT_PX tall."""
    found = smallest_text(svg)
    if found is None:
        return None
    width_pt, text_pt = found
    # shown w CSS px wide, the figure scales its text (pt, as px at 96/72) by w / (width_pt * 96/72)
    return MIN_TEXT_PX * width_pt / text_pt


def _svg_kernels(app):
    """builder-inited: the kernels this build starts draw inline figures as SVG."""
    if app.builder.format != "html":
        return
    profile = Path(app.outdir).parent / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG, encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(profile.parent)  # kernels (and forked readers) inherit it


def _write_css(app, exception):
    """build-finished: ``_static/nblib-figures.css``, a ``min-width`` for every SVG figure."""
    if exception is not None or app.builder.format != "html":
        return
    rules = []
    for path in sorted((Path(app.outdir) / "_images").glob("*.svg")):
        width = min_width(path.read_text(encoding="utf-8", errors="replace"))
        if width is not None:
            rules.append(f'img[src$="/{path.name}"] {{ min-width: {width:.0f}px; }}')
    target = Path(app.outdir) / "_static" / CSS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("/* Written by bookext.figures: each SVG figure at least as wide as keeps its text "
                      f"{MIN_TEXT_PX:g} CSS px tall, on screens narrower than 992 px. */\n@media screen and (max-width: 991.98px) {{\n" + "\n".join(rules) + "\n}\n",
                      encoding="utf-8")


def _copy_cover(app, exception):
    """build-finished: the figure COVER names, as ``_static/nblib-cover.svg``."""
    if exception is not None or app.builder.format != "html":
        return
    page, name = COVER
    text = (Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8")
    figure = re.search(rf'<figure[^>]*\bid="{re.escape(name)}"[^>]*>.*?<img[^>]*\bsrc="([^"]+)"', text, re.S)
    if figure is None:
        raise RuntimeError(f"bookext.figures: no figure {name!r} with an image on {page} (the cover, COVER)")
    source = (Path(app.outdir) / page).parent / figure[1]
    target = Path(app.outdir) / "_static" / COVER_FILE
    if source.suffix == ".svg":
        target.write_bytes(source.read_bytes())
        width = min_width(source.read_text(encoding="utf-8", errors="replace"))
        if width is not None:
            with (Path(app.outdir) / "_static" / CSS).open("a", encoding="utf-8") as css:
                css.write(f"@media screen and (max-width: 991.98px) {{ figure.nblib-cover img {{ min-width: {width:.0f}px; }} }}\n")
    else:  # a PNG from an old execution cache: wrapped, so the page's link still holds
        import base64

        from PIL import Image

        width, height = Image.open(source).size
        data = base64.b64encode(source.read_bytes()).decode()
        target.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
                          f'<image width="{width}" height="{height}" href="data:image/png;base64,{data}"/></svg>')


def setup(app):
    app.connect("build-finished", _copy_cover, priority=600)  # after _write_css: it adds the cover's rule
    app.connect("builder-inited", _svg_kernels)
    app.connect("build-finished", _write_css)
    app.add_css_file(CSS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
