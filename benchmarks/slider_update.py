"""Live slider update: nblib's engine against rebuilding the figure with ``plt.plot``, one run.

Both sides handle the same sequence of ``c`` values of chapter 1's demo and end with PNG bytes
ready for the frontend (what an ipywidgets ``Image`` or ``interact`` output sends):

* **nblib**: setting the ipywidgets slider's value runs the engine's observer, which moves the
  keyed artists, blits them on the cached background and encodes the PNG into the ``Image``
  widget. Timed from the value change to the widget holding the new image.
* **rebuild**: what a plain ``interact`` callback does: a new figure, ``plt.plot`` of every
  element, ``savefig`` to PNG, close.

Prints the median and 90th percentile of each, and the speed-up.
Usage: ``python benchmarks/slider_update.py [repeats]``.
"""

from __future__ import annotations

import io
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import nblib  # noqa: E402
from nblib import predictor  # noqa: E402
from nblib.style import COLORS  # noqa: E402

KM, TARGET = 100.0, 62.137
KM_AXIS = np.array([0.0, 120.0])


def setup(view):
    view.ax.plot([0, KM], [0, TARGET], "o", color=COLORS["target"], ms=9, zorder=4)
    view.ax.set(xlabel="kilometres $x$", ylabel="miles $y$", xlim=(0, 120), ylim=(0, 100))


def draw(view, c):
    y = predictor.predict(c, KM)
    view.line("model", KM_AXIS, predictor.predict(c, KM_AXIS), color=COLORS["model"])
    view.line("error", [KM, KM], [y, TARGET], color=COLORS["error"], lw=3)
    view.points("output", [KM], [y], color=COLORS["model"], s=60)
    view.title(f"miles = {c:.2f} × km")
    return f"c = {c:.2f}: error E = {predictor.error(TARGET, y):+.3f} miles"


def rebuild(c) -> bytes:
    y = predictor.predict(c, KM)
    fig, ax = plt.subplots()
    ax.plot([0, KM], [0, TARGET], "o", color=COLORS["target"], ms=9, zorder=4)
    ax.plot(KM_AXIS, predictor.predict(c, KM_AXIS), color=COLORS["model"])
    ax.plot([KM, KM], [y, TARGET], color=COLORS["error"], lw=3)
    ax.scatter([KM], [y], color=COLORS["model"], s=60)
    ax.set(xlabel="kilometres $x$", ylabel="miles $y$", xlim=(0, 120), ylim=(0, 100), title=f"miles = {c:.2f} × km")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def time_each(fn, values):
    times = []
    for v in values:
        t0 = time.perf_counter()
        fn(v)
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def main(repeats: int = 3) -> None:
    nblib.style.use()
    demo = nblib.demo(draw, setup=setup, name="bench", c=nblib.Slider(0.4, 0.8, 0.01, value=0.5))
    demo.widget()
    slider, image = demo._widget.inputs["c"], demo._widget.image
    values = [round(0.4 + 0.01 * k, 2) for k in range(41)] * repeats

    def live(v):
        before = image.value
        slider.value = v if v != slider.value else round(v + 0.01, 2)
        assert image.value is not before

    rebuild(0.5), live(0.41)  # warm up fonts and caches on both sides
    engine_ms = time_each(live, values)
    rebuild_ms = time_each(rebuild, values)

    def row(name, t):
        q = statistics.quantiles(t, n=10)
        return f"{name:<28}{statistics.median(t):>10.2f}{q[-1]:>10.2f}{len(t):>8d}"

    print(f"Live slider update, chapter 1 c-slider, {len(values)} value changes each (ms)")
    print(f"{'':<28}{'median':>10}{'p90':>10}{'n':>8}")
    print(row("nblib engine (blit + PNG)", engine_ms))
    print(row("rebuild with plt.plot", rebuild_ms))
    print(f"speed-up of the median: {statistics.median(rebuild_ms) / statistics.median(engine_ms):.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
