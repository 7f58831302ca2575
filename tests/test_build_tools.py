"""The parallel book build's scheduling (bookext/parallel_read.py): one document per process at a
time, slowest first, in the order Sphinx's process pool really starts them."""

from __future__ import annotations

import time
from pathlib import Path

from sphinx.util.parallel import ParallelTasks, parallel_available

import pytest

from bookext import parallel_read


def _started(task_arg):
    started = time.monotonic()
    time.sleep(0.3)  # every task outlasts the loop that adds the others
    return started


@pytest.mark.skipif(not parallel_available, reason="Sphinx runs in parallel only where it can fork")
def test_documents_start_in_the_order_given():
    docs = ["slow", "slower", "c", "d", "e", "f"]
    started = {}
    tasks = ParallelTasks(2)
    for chunk in parallel_read._one_per_chunk(docs, 2):
        assert len(chunk) == 1
        tasks.add_task(_started, chunk, lambda arg, t: started.__setitem__(arg[0], t))
    tasks.join()
    order = sorted(started, key=started.get)
    # two processes: the documents start two at a time, 0.3 s apart, each pair in either order
    assert [set(order[i:i + 2]) for i in (0, 2, 4)] == [{"slow", "slower"}, {"c", "d"}, {"e", "f"}], order


class _Env:
    def __init__(self, runtimes):
        self.nb_metadata = {d: {"exec_data": {"runtime": t}} for d, t in runtimes.items()}

    @staticmethod
    def doc2path(docname):
        return Path(docname + (".md" if docname in ("intro", "book/notation") else ".ipynb"))


def test_slowest_first_without_and_with_a_previous_build():
    names = ["intro", "book/notation", "book/sliders", "book/02_b", "book/11_c", "book/03_a"]
    fresh = list(names)
    parallel_read._slowest_first(None, _Env({}), fresh)
    assert fresh == ["book/11_c", "book/03_a", "book/02_b", "book/sliders", "intro", "book/notation"]
    again = list(names)
    parallel_read._slowest_first(None, _Env({"book/02_b": 30.0, "book/11_c": 5.0}), again)
    assert again[:3] == ["book/02_b", "book/11_c", "book/03_a"]


def test_exercise_nodes_in_the_environment_leave_their_page_behind():
    """What a parallel reader sends back holds a copy of each exercise node of the page it read,
    without the page: the same text and attributes, a fraction of the pickle."""
    import pickle
    from types import SimpleNamespace

    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    page = new_document("page", get_default_settings(Parser))
    page += nodes.paragraph(text="the rest of the page " * 2000)
    exercise = nodes.container(label="ex-1", ids=["ex-1"])
    exercise += nodes.title(text="Exercise")
    exercise += nodes.paragraph(text="Compute the gradient.")
    page += exercise
    elsewhere = nodes.container(label="ex-2")
    registry = {"ex-1": {"type": "exercise", "docname": "page", "node": exercise},
                "ex-2": {"type": "exercise", "docname": "other", "node": elsewhere}}
    app = SimpleNamespace(env=SimpleNamespace(docname="page", sphinx_exercise_registry=registry))
    parallel_read._detach_exercises(app, page)
    kept = registry["ex-1"]["node"]
    assert kept is not exercise and kept.astext() == exercise.astext() and kept["label"] == "ex-1"
    assert all(node.document is None for node in kept.findall())
    assert exercise.document is page, "the page keeps its own node"
    assert registry["ex-2"]["node"] is elsewhere, "another page's entry is left alone"
    assert len(pickle.dumps(kept)) * 10 < len(pickle.dumps(exercise))


def _tree(root: Path, files: dict):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_the_execution_cache_follows_nblib(tmp_path):
    """The authors' execution cache is keyed by nblib, bookext and the pinned versions: a change to
    any of them gives a new cache (jupyter-cache itself knows only a notebook's own cells), a byte
    cache does not, and the caches of other keys are deleted."""
    from tools import build_book

    _tree(tmp_path, {"nblib/a.py": "x = 1\n", "nblib/static/q.js": "//\n", "bookext/b.py": "", "constraints.txt": "numpy==2\n",
                     "book/01.ipynb": "{}"})
    key = build_book.code_key(tmp_path)
    _tree(tmp_path, {"nblib/__pycache__/a.pyc": "bytes", "book/01.ipynb": "{ }", "bookext/readme.md": "words"})
    assert build_book.code_key(tmp_path) == key
    for name, text in [("nblib/a.py", "x = 2\n"), ("nblib/static/q.js", "///\n"), ("bookext/b.py", "#"),
                       ("constraints.txt", "numpy==3\n")]:
        _tree(tmp_path, {name: text})
        assert build_book.code_key(tmp_path) != key, name
        key = build_book.code_key(tmp_path)
    build = tmp_path / "_build"
    _tree(build, {".jupyter_cache/0123456789abcdef/global.db": "old", ".jupyter_cache/global.db": "older"})
    path = build_book.cache_path(build, tmp_path)
    assert path == build / ".jupyter_cache" / key and list((build / ".jupyter_cache").iterdir()) == []
