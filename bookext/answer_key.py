"""Sphinx extension (loaded by ``bookext``): the ``{answer-key}`` directive, every exercise's solution collected by chapter.

The page that holds the directive (``book/answer_key.md``) lists, when the book is written, the
solutions (sphinx-exercise ``{solution}`` directives) of every page in table-of-contents order,
under a heading per chapter that links to it. Nothing is copied by hand: like ``sphinx.ext.todo``'s
``todolist``, the directive leaves a placeholder that ``doctree-resolved`` replaces with copies of
the chapters' *resolved* solution nodes (glued numbers, equation and exercise numbers filled in).
Each copy keeps its title, "Solution to Exercise 4.2 (…)", whose link goes back to the exercise.
After a chapter's solutions, its "check your understanding" questions (``nblib.questions``) are
listed with their answers, read from the questions' static fragments.

The copies drop their ids (no HTML id appears twice), lose the ``dropdown`` class (the key shows
its answers unfolded, and the print stylesheet prints them) and have their links rebased from the
chapter to the answer-key page. The key is re-read whenever another page changes, so an
incremental build never shows stale answers. Safe for parallel reading and writing: the read
phase only records which pages hold the directive, and the write phase reads the chapters'
pickled doctrees, which every writer process can do.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx_exercise.nodes import solution_node

from nblib.questions import read_static

from .links import rebase

#: class of the generated list (the print stylesheet keeps solutions visible inside it)
KEY_CLASS = "nblib-answer-key"


class answer_key(nodes.General, nodes.Element):
    """Placeholder for the generated answer key, replaced in ``doctree-resolved``."""


class AnswerKeyDirective(SphinxDirective):
    """``{answer-key}``: no arguments, no content."""

    has_content = False

    def run(self):
        self.env.nblib_answer_key_docs = getattr(self.env, "nblib_answer_key_docs", set())
        self.env.nblib_answer_key_docs.add(self.env.docname)
        return [answer_key("")]


def _purge(app, env, docname):
    getattr(env, "nblib_answer_key_docs", set()).discard(docname)


def _merge(app, env, docnames, other):
    env.nblib_answer_key_docs = getattr(env, "nblib_answer_key_docs", set()) | (
        getattr(other, "nblib_answer_key_docs", set()) & set(docnames))


def _outdated(app, env, added, changed, removed):
    """Re-read (and so rewrite) the answer key when any other page changed."""
    keys = getattr(env, "nblib_answer_key_docs", set())
    if (added | changed | removed) - keys:
        return sorted(keys - removed)
    return []


def _toc_order(env):
    """Every document reachable from the root, in table-of-contents order."""
    order, seen = [], set()

    def visit(docname):
        if docname in seen:
            return
        seen.add(docname)
        order.append(docname)
        for child in env.toctree_includes.get(docname, ()):
            visit(child)

    visit(env.config.root_doc)
    return order


def _chapters_with_solutions(env):
    registry = getattr(env, "sphinx_exercise_registry", {})
    docs = {entry["docname"] for entry in registry.values() if entry.get("type") == "solution"}
    return [doc for doc in _toc_order(env) if doc in docs]


def _uses_math(app, env):
    """The key's page loads MathJax when a chapter with solutions does."""
    math = env.get_domain("math")
    for key in getattr(env, "nblib_answer_key_docs", set()):
        math.data["has_equations"][key] = any(
            math.data["has_equations"].get(doc, False) for doc in _chapters_with_solutions(env))


def _rebase(reference, chapter_uri, key_uri):
    """Point a link that was relative to the chapter's page at the same place from the key."""
    if "refid" in reference:
        reference["refuri"] = rebase("#" + reference["refid"], chapter_uri, key_uri)
        del reference["refid"]
    elif reference.get("refuri"):
        reference["refuri"] = rebase(reference["refuri"], chapter_uri, key_uri)


def _copy_solution(solution, chapter_uri, key_uri, numbers, key_numbers):
    """A copy of a solution for the key: ids dropped, except those that carry a number.

    A numbered equation or figure needs an id, through which the HTML writer finds its number
    (``numbers``: the chapter's, ``key_numbers``: the key page's, by figure type and id). It is
    renamed ``answer-<id>`` and keeps the chapter's number.
    """
    item = solution.deepcopy()  # docutils' copy: the node and its children, not its document
    for node in item.findall(nodes.Element):
        numbered = [(kind, i) for i in node["ids"][:1] for kind in numbers if i in numbers[kind]]
        for kind, i in numbered:
            key_numbers.setdefault(kind, {})["answer-" + i] = numbers[kind][i]
        node["ids"] = ["answer-" + i for _, i in numbered]
        node["names"] = []
    for reference in item.findall(nodes.reference):
        _rebase(reference, chapter_uri, key_uri)
    item["classes"] = [c for c in item["classes"] if c != "dropdown"]
    item["ids"] = ["answer-" + nodes.make_id(solution.get("target_label") or solution.get("label", ""))]
    return item


def questions(doctree) -> list[tuple[str, str]]:
    """``(question, answer)`` of every question (``nblib.questions``) of a page, in order, read
    from the static fragments its notebook's outputs hold."""
    found = []
    for raw in doctree.findall(nodes.raw):
        for fragment in re.findall(r'<div class="nblib-question".*?</script></div>', raw.astext(), re.S):
            parts = read_static(fragment)
            if parts:
                found.append((parts[0], parts[1].removeprefix("Answer:").strip()))
    return found


def _questions_list(found):
    """The key's list of a chapter's questions and their answers."""
    listing = nodes.enumerated_list(classes=["nblib-answer-questions"])
    for question, answer in found:
        listing += nodes.list_item("", nodes.paragraph("", question), nodes.paragraph("", "Answer: " + answer))
    box = nodes.container(classes=["nblib-answer-questions-box"])
    box += nodes.rubric("", "Check your understanding", level=3, **{"heading-level": 3})
    box += listing
    return box


def _chapter_section(app, chapter, key_doc, solutions, found=()):
    env, builder = app.env, app.builder
    number = env.toc_secnumbers.get(chapter, {}).get("")
    title = env.titles[chapter].astext()
    heading = f"Chapter {'.'.join(map(str, number))}. {title}" if number else title
    # a container, not a section: a section added now would take the page's section number
    section = nodes.container(ids=["answers-" + nodes.make_id(chapter)], classes=["nblib-answer-chapter"])
    link = nodes.reference("", heading, internal=True, refuri=builder.get_relative_uri(key_doc, chapter))
    # an <h2>: Sphinx reads "heading-level", MyST's override of the rubric writer "level"
    section += nodes.rubric("", "", link, level=2, **{"heading-level": 2})
    chapter_uri, key_uri = builder.get_target_uri(chapter), builder.get_target_uri(key_doc)
    numbers = env.toc_fignumbers.get(chapter, {})
    key_numbers = env.toc_fignumbers.setdefault(key_doc, {})
    section.extend(_copy_solution(s, chapter_uri, key_uri, numbers, key_numbers) for s in solutions)
    if found:
        section += _questions_list(found)
    return section


def _fill(app, doctree, docname):
    placeholders = list(doctree.findall(answer_key))
    if not placeholders:
        return
    env = app.env
    container = nodes.container(classes=[KEY_CLASS])
    for chapter in _chapters_with_solutions(env):
        resolved = env.get_and_resolve_doctree(chapter, app.builder, doctree=env.get_doctree(chapter))
        solutions = list(resolved.findall(solution_node))
        found = questions(resolved)
        if solutions or found:
            container += _chapter_section(app, chapter, docname, solutions, found)
    placeholders[0].replace_self(container)
    for extra in placeholders[1:]:
        extra.parent.remove(extra)


def setup(app):
    app.setup_extension("sphinx_exercise")
    app.add_node(answer_key)
    app.add_directive("answer-key", AnswerKeyDirective)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-updated", _uses_math)
    app.connect("doctree-resolved", _fill)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
