"""A tiny Sphinx extension: ship the static slider demo script and the book's stylesheets."""

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def _add_static_path(app):
    app.config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("builder-inited", _add_static_path)
    app.add_js_file("nblib-demo.js", loading_method="defer")
    app.add_css_file("nblib-demo.css")
    app.add_css_file("nblib-book.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
