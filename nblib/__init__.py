"""nblib: the helper package of *The Math Behind Neural Networks*.

One module per idea, in the order the book introduces them; each imports only what comes
before it. Math modules are pure NumPy and know nothing of plotting; :mod:`nblib.style`
knows nothing of widgets; :mod:`nblib.sliders`  knows nothing of neural networks.

======================  =====================================================  =======
module                 what it holds                                          chapter
======================  =====================================================  =======
:mod:`nblib.predictor`  the km-to-miles predictor and its proportional update  1
:mod:`nblib.style`      the book's plotting style and classroom mode           all
:mod:`nblib.sliders`   the slider engine (live in Jupyter, static in HTML)    all
:mod:`nblib.gradcheck`  finite-difference gradients and their relative error   6, 8-10
:mod:`nblib.show`       shows nblib's own source code in a page                all
======================  =====================================================  =======
"""

from . import gradcheck, predictor, show, sliders, style
from .sliders import Choice, Slider, demo
from .style import classroom

__version__ = "0.1.0"
__all__ = ["gradcheck", "predictor", "show", "sliders", "style", "Slider", "Choice", "demo", "classroom"]
