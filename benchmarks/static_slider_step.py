"""Static slider step in the built book: time from a slider's input event to its decoded frame.

Runs headless Debian Chromium (``/usr/bin/chromium``) over every slider demo of a built chapter
page, steps each demo's first slider through all its values, and measures, inside the page,
``performance.now()`` from dispatching the ``input`` event to ``img.decode()`` resolving for the
new frame. One animation frame at 60 Hz is 16.7 ms.

Side by side, in a second browser context where ``nblib-demo.js`` is blocked (so nothing was
decoded up front): each frame given to a fresh ``<img>`` and decoded from scratch, which is what
a page without the script's pre-decoding pays on a first visit to each frame.

Usage: ``python benchmarks/static_slider_step.py [book/01_predictor.html ...]`` after ``make book``.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

MEASURE = """async (root) => {
    const el = root.querySelector('input[type=range]');
    const img = root.querySelector('img.nblib-demo-figure');
    const data = JSON.parse(root.querySelector('script.nblib-demo-data').textContent);
    const steps = [], cold = [];
    if (!root.dataset.ready) {  // nblib-demo.js blocked: decode every frame cold, once
      for (const src of data.frames) {
        const t0 = performance.now();
        const fresh = new Image();
        fresh.src = src;
        await fresh.decode();
        cold.push(performance.now() - t0);
      }
      return {steps, cold};
    }
    for (let i = 0; i <= Number(el.max); i++) {
        const t0 = performance.now();
        el.value = String(i);
        el.dispatchEvent(new Event('input'));
        await img.decode();
        steps.push(performance.now() - t0);
    }
    return {steps, cold};
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(pages):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=HTML))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    steps, cold = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for blocked in (False, True):  # the engine's script, then a page without it (cold decodes)
            context = browser.new_context()
            if blocked:
                context.route("**/nblib-demo.js*", lambda route: route.abort())
            page = context.new_page()
            for path in pages:
                page.goto(f"{base}/{path}", wait_until="networkidle")
                for root in page.query_selector_all("[data-nblib-demo]"):
                    if not blocked:
                        page.wait_for_function("d => d.dataset.ready === '1'", arg=root)
                    result = page.evaluate(MEASURE, root)
                    steps += result["steps"]
                    cold += result["cold"]
            context.close()
        browser.close()
    server.shutdown()
    print(f"Static slider step in Chromium, {len(pages)} page(s) (ms; one frame at 60 Hz = 16.7 ms)")
    print(f"{'':<34}{'median':>8}{'p90':>8}{'n':>6}")
    for name, t in [("nblib-demo.js (pre-decoded swap)", steps), ("cold decode of the same frames", cold)]:
        print(f"{name:<34}{statistics.median(t):>8.2f}{statistics.quantiles(t, n=10)[-1]:>8.2f}{len(t):>6d}")


if __name__ == "__main__":
    targets = sys.argv[1:] or sorted(p.relative_to(HTML).as_posix() for p in HTML.glob("book/*.html")
                                      if "data-nblib-demo" in p.read_text(encoding="utf-8"))
    main(targets)
