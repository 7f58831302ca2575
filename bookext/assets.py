"""The book's static files: its stylesheets (``static/nblib-book.css``, and ``static/nblib-print.css``
for paper), its script (``static/nblib-book.js``: the sidebar buttons, tooltips on touch screens,
wide equations, code, tables and figures that fit or show that they scroll) and the slider demos' script and stylesheet, which the slider engine ships
(``nblib/sliders/static``: the engine also inlines the script into each demo's fragment), and the
questions' script and stylesheet (``nblib/questions/static``, inlined the same way)."""

from pathlib import Path

from nblib.questions import STATIC as QUESTION_STATIC
from nblib.sliders.static_html import STATIC as DEMO_STATIC

STATIC = Path(__file__).parent / "static"


def _add_static_paths(app):
    for folder in (DEMO_STATIC, QUESTION_STATIC, STATIC):
        if str(folder) not in app.config.html_static_path:
            app.config.html_static_path.append(str(folder))


def setup(app):
    app.connect("builder-inited", _add_static_paths)
    app.add_js_file("nblib-demo.js", loading_method="defer")
    app.add_js_file("nblib-question.js", loading_method="defer")
    app.add_js_file("nblib-book.js", loading_method="defer")
    app.add_css_file("nblib-demo.css")
    app.add_css_file("nblib-question.css")
    app.add_css_file("nblib-book.css")
    app.add_css_file("nblib-print.css", media="print")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
