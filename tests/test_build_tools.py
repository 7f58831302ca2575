"""The parallel book build's scheduling (tools/parallel_read.py): one document per process at a
time, slowest first, in the order Sphinx's process pool really starts them."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sphinx.util.parallel import ParallelTasks, parallel_available

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import parallel_read  # noqa: E402  (tools/ is not a package)


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


@pytest.mark.parametrize("extensions, copies", [
    (["sphinx_togglebutton"], 2),  # Sphinx 7's double (sphinx-doc/sphinx#13402): the test can fail
    (["sphinx_togglebutton", "inline_scripts"], 1),
])
def test_inline_scripts_are_written_once(tmp_path, extensions, copies):
    """sphinx-togglebutton adds its selector as an inline script once the builder has started;
    with tools/inline_scripts.py the page carries it once."""
    from sphinx.application import Sphinx

    (tmp_path / "conf.py").write_text(f"extensions = {extensions!r}\n")
    (tmp_path / "index.rst").write_text("Title\n=====\n\nText.\n")
    app = Sphinx(tmp_path, tmp_path, tmp_path / "_build", tmp_path / "_doctrees", "html",
                 status=None, warning=None, freshenv=True)
    app.build()
    assert (tmp_path / "_build" / "index.html").read_text().count("var togglebuttonSelector") == copies
