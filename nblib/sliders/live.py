"""The live binding: ipywidgets controls that redraw a demo's figure in place (Jupyter, VS Code).

Each change of a control snaps the value to the control's grid, asks the demo for the frame
(:meth:`nblib.sliders.engine.Demo.render`: keyed artists blitted on the cached background, PNG)
and puts it into an image widget. It knows nothing of HTML pages or neural networks.
"""

from __future__ import annotations

import html
import io

from PIL import Image

from .controls import Choice

__all__ = ["LiveDemo", "encode_png"]


class LiveDemo:
    """ipywidgets controls bound to a :class:`Demo`; each change redraws the figure in place."""

    def __init__(self, demo):
        import ipywidgets as w

        self.demo = demo
        big = demo.classroom
        width = int(round(demo.fig.get_size_inches()[0] * demo.fig.dpi))
        # Shown at its own size (a flex box would otherwise stretch it), shrinking on narrow screens.
        self.image = w.Image(value=demo.current.png, format="png",
                             layout=w.Layout(width=f"{width}px", max_width="100%", height="auto"))
        self.readout = w.HTML(value=html.escape(demo.current.readout))
        self.inputs = {}
        rows = []
        for name, c in demo.controls.items():
            label = w.HTML(value=html.escape(c.label or name), layout=w.Layout(width="auto", min_width="4em"))
            if isinstance(c, Choice):
                ctrl = w.Dropdown(options=list(c.options), value=c.default)
            else:
                cls = w.IntSlider if c.is_int else w.FloatSlider
                kwargs = {} if c.is_int else {"readout_format": c.fmt or f".{c.decimals}f"}
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


def encode_png(canvas) -> bytes:
    """Encode what the Agg canvas holds as PNG, favouring speed (used for every live update)."""
    buf = io.BytesIO()
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    rgba.convert("RGB").save(buf, format="png", compress_level=1)
    return buf.getvalue()
