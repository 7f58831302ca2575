"""Sphinx extension of the slider engine: ships ``nblib-demo.js`` and ``nblib-demo.css``.

Load it with ``extensions: [nblib.sliders.sphinxext]`` (the book's :mod:`nblib.sphinxext` does).
"""

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def _add_static_path(app):
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("builder-inited", _add_static_path)
    app.add_js_file("nblib-demo.js", loading_method="defer")
    app.add_css_file("nblib-demo.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
