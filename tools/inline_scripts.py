"""Sphinx extension: every inline script once per page.

Sphinx 7.4 writes an inline script (``app.add_js_file(None, body=...)``) twice when an extension
adds it after the HTML builder has started, as sphinx-togglebutton and sphinx-thebe do: the
builder keeps it with the file name ``None``, and ``prepare_writing`` adds the registry's copy
again with the file name ``""``, which its check for duplicates takes for another script. On
every page of the book the second ``const THEBE_JS_URL = ...`` was a script error. Sphinx fixed
this at the source after 7.4 (sphinx-doc/sphinx#13402); Jupyter Book 1 requires Sphinx 7 (``~=7.0``),
so this extension gives those scripts the empty file name just before ``prepare_writing`` runs.
"""

from sphinx.builders.html._assets import _JavaScript


def _name_inline_scripts(app, builder):
    scripts = getattr(builder, "_js_files", None)
    if scripts is None:  # not an HTML builder
        return
    builder._js_files = [_JavaScript("", priority=js.priority, **js.attributes) if js.filename is None else js
                         for js in scripts]


def setup(app):
    app.connect("write-started", _name_inline_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
