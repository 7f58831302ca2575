"""Static slider demos: the step time in Chromium, and bytes per frame before and after vector frames.

For every slider demo of the book's notebooks (rebuilt from their code cells by
``tests/catalogue.py``, so no book build is needed):

* **bytes**: the demo's static fragment as the book embeds it (vector frames: one SVG background,
  the changing artists as de-duplicated SVG parts, compressed), per frame of its grid; and, on the
  same grid, what the first edition's renderer embedded: every frame a palette PNG at 1x, base64
  in a data URI, identical frames stored once.
* **step**: headless Debian Chromium (``/usr/bin/chromium``) steps the demo's first slider through
  all its values; inside the page, ``performance.now()`` from dispatching the ``input`` event to
  the new frame laid out (the script has swapped the frame's parts and the browser has computed
  their geometry; painting a few hundred path nodes is not included). One frame at 60 Hz is
  16.7 ms. (The first edition measured the input event to its PNG frame decoded: 0.40 ms median.)

Usage: ``python benchmarks/static_slider_step.py [book/01_predictor.ipynb ...]``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import statistics
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from nblib import style
from nblib.sliders import static_html
from nblib.sliders.static_html import STATIC

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from catalogue import demo_notebooks, notebook_demos  # noqa: E402 (a helper of the tests)

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

MEASURE = """async (root) => {
    const el = root.querySelector('input[type=range]') || root.querySelector('select');
    const fig = root.querySelector('svg.nblib-demo-figure');
    const n = el.tagName === 'SELECT' ? el.options.length : Number(el.max) + 1;
    const laid = [];
    for (let pass = 0; pass < 2; pass++) {  // the first pass parses each part once; time the second
        for (let i = 0; i < n; i++) {
            const t0 = performance.now();
            el.value = String(i);
            el.dispatchEvent(new Event('input'));
            fig.querySelector('.nblib-demo-front').getBBox();  // forces style and layout of the new frame
            const t1 = performance.now();
            await new Promise(r => requestAnimationFrame(() => r()));  // let the frame be painted
            if (pass === 1) { laid.push(t1 - t0); }
        }
    }
    return {laid};
}"""


def png_bytes_per_frame(demo) -> float:
    """Bytes per frame of the first edition's static renderer on this demo's grid: palette PNG
    frames (96 colours) as base64 data URIs, identical frames once."""
    names, grids = static_html.static_grid(demo)
    seen, total, count = set(), 0, 0
    for combo in itertools.product(*grids):
        png = demo.render(**dict(zip(names, combo))).png
        count += 1
        digest = hashlib.sha1(png).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        img = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=96, method=Image.Quantize.MEDIANCUT)
        buf = io.BytesIO()
        img.save(buf, format="png", optimize=True)
        total += len("data:image/png;base64,") + len(base64.b64encode(buf.getvalue()))
    demo.render(**demo.values)
    return total / count


def main(notebooks) -> None:
    style.use()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        for nb in notebooks:
            for demo in notebook_demos(nb):
                fragment = demo.static_html()
                names, grids = static_html.static_grid(demo)
                frames = 1
                for g in grids:
                    frames *= len(g)
                html = Path(tmp) / f"{demo.element_id}.html"
                html.write_text(
                    f"<!doctype html><html><head><meta charset='utf-8'><link rel='stylesheet' "
                    f"href='{(STATIC / 'nblib-demo.css').as_uri()}'></head><body style='width:800px'>{fragment}"
                    f"<script src='{(STATIC / 'nblib-demo.js').as_uri()}'></script></body></html>", encoding="utf-8")
                page.goto(html.as_uri())
                page.wait_for_selector("[data-nblib-demo][data-ready='1']")
                t = page.evaluate(MEASURE, page.query_selector("[data-nblib-demo]"))
                rows.append((nb.stem, demo.name, "x".join(str(len(g)) for g in grids), frames,
                             len(fragment.encode()), png_bytes_per_frame(demo), len(fragment.encode()) / frames,
                             t["laid"]))
        browser.close()
    print("Static slider demos: bytes per frame (first edition's PNG frames vs vector frames, same grid)")
    print("and step time in Chromium (ms, input event to the new frame laid out)")
    head = f"{'notebook':<26}{'demo':<22}{'grid':>9}{'frames':>7}{'kB':>6}{'B/frame PNG':>12}{'B/frame now':>12}"
    print(head + f"{'step med':>9}{'p90':>6}")
    every = []
    for nb, name, grid, frames, size, before, after, laid in rows:
        every += laid
        print(f"{nb:<26}{name:<22}{grid:>9}{frames:>7}{size / 1e3:>6.0f}{before:>12.0f}{after:>12.0f}"
              f"{statistics.median(laid):>9.2f}{statistics.quantiles(laid, n=10)[-1]:>6.2f}")
    print(f"all demos (laid out): step median {statistics.median(every):.2f} ms, p90 {statistics.quantiles(every, n=10)[-1]:.2f} ms, "
          f"max {max(every):.2f} ms over {len(every)} steps")


if __name__ == "__main__":
    targets = [Path(a) for a in sys.argv[1:]] or demo_notebooks(ROOT / "book")
    main(targets)
