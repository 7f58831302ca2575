"""The slider engine: one call defines a demo that is live in Jupyter and works in the static book.

A chapter writes a drawing function and names its controls::

    def draw(view, c):
        view.line("fit", km, c * km)
        return f"error = {62.137 - 100 * c:+.3f} miles"

    demo(draw, c=Slider(0.4, 0.8, 0.01, value=0.6, label="c"))

* **Live** (JupyterLab, Notebook 7, VS Code): ipywidgets controls; each change calls ``draw`` again,
  which *updates* the artists it made the first time (``view.line`` with the same key moves the
  same line), and the figure is re-rendered into an image widget.
* **Static** (the built HTML book, no kernel): the same ``draw`` runs over a grid of control values
  when the notebook executes; the background and each frame's artists are recorded as vector SVG,
  embedded in the page and replayed by ``nblib-demo.js`` behind real ``<input type=range>``
  elements.

The display bundle carries both; Jupyter shows the widget and the book shows the HTML
(``_config.yml`` drops the widget view for the HTML builder).

Parts, each doing one thing (none knows about neural networks):

===============================  ============================================================
``nblib.sliders.controls``       ``Slider`` and ``Choice``: grids, snapping, labels
``nblib.sliders.view``           ``View``: keyed artists, created once, then moved
``nblib.sliders.engine``         ``demo`` and ``Demo``: the figure, drawn one frame at a time
``nblib.sliders.live``           the ipywidgets binding
``nblib.sliders.svg``            artists as compact SVG fragments with shared definitions
``nblib.sliders.static_html``    the static page fragment: grid, frames, budget, markup;
                                 ``static/nblib-demo.{js,css}``, its script and stylesheet
===============================  ============================================================

The two faces, ``live`` and ``static_html``, use only the public interface of a ``Demo``
(``view``, ``draw_frame``, ``render``, ``current``, ``values``, ``element_id``, ``classroom``) and of
its ``View`` (``keyed_artists``, ``frame_artists``). The helper that rebuilds the book's demos from
their notebooks, for the tests and benchmarks, is ``tests/catalogue.py``.
"""

from .controls import Choice, Slider
from .engine import MAX_FRAMES, Demo, demo
from .static_html import MAX_STATIC_BYTES
from .view import View

__all__ = ["Slider", "Choice", "View", "Demo", "demo", "MAX_FRAMES", "MAX_STATIC_BYTES"]
