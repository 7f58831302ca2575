"""The book's Sphinx extension: its stylesheets (``static/nblib-book.css``, and
``static/nblib-print.css`` for paper) and the slider demos'
script and stylesheet (:mod:`nblib.sliders.sphinxext`). ``_config.yml`` loads this module."""

from pathlib import Path

from .sliders import sphinxext as _sliders

STATIC = Path(__file__).parent / "static"


def _add_static_path(app):
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def setup(app):
    _sliders.setup(app)
    app.connect("builder-inited", _add_static_path)
    app.add_css_file("nblib-book.css")
    app.add_css_file("nblib-print.css", media="print")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
