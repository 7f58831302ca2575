"""The questions (nblib.questions) in the built book and its decks, in headless Chromium offline.

Run after ``make book``. For every chapter page with questions (:func:`check_questions`, called
in test_book_html's one visit of each page, which then checks the answered page with axe and for
requests off the machine): at least three, each answered by keyboard only, first with every
anticipated slip (the feedback names it), then with the computed answer (the feedback confirms
it); Show answer opens the answer. In a chapter's static deck a question's answer is hidden until
the next key press reveals it. Screenshots go to ``_build/screenshots`` (and to NBLIB_SCREENS_H30 if set).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import HTML, assert_served, open_deck, open_page, resize

pytestmark = pytest.mark.browser

PAGES = sorted(p.relative_to(HTML).as_posix() for p in HTML.glob("book/[0-9][0-9]_*.html")) if HTML.exists() else []
QUESTION_PAGES = [p for p in PAGES if "data-nblib-question" in (HTML / p).read_text(encoding="utf-8")]
EXTRA = Path(os.environ["NBLIB_SCREENS_H30"]) if os.environ.get("NBLIB_SCREENS_H30") else None


def _shot(page, screenshots, name, locator=None):
    for folder in filter(None, (screenshots, EXTRA)):
        folder.mkdir(parents=True, exist_ok=True)
        (locator or page).screenshot(path=str(folder / name))


def _answer(page, q, kind, data, response):
    """Answer question ``q`` by keyboard only: Tab from the question's start to its input (or radio
    group), type or pick, then Enter on the form (a numeric input) or Tab to Check and Space."""
    q.locator(".nblib-question-text").evaluate("t => { t.tabIndex = -1; t.focus(); }")
    page.keyboard.press("Tab")
    if kind == "numeric":
        assert page.evaluate("() => document.activeElement.classList.contains('nblib-question-input')")
        page.keyboard.press("Control+A")
        page.keyboard.type(response)
        page.keyboard.press("Enter")
    else:
        assert page.evaluate("() => document.activeElement.type") == "radio"
        # arrow keys move the choice round the group; Space picks the focused one
        for _ in range(len(data["o"])):
            if page.evaluate("() => document.activeElement.value") == str(response):
                break
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
        assert page.evaluate("() => document.activeElement.value") == str(response)
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "nblib-question-check"
        page.keyboard.press("Space")
    return q.locator(".nblib-question-feedback").inner_text()


def _number(value):
    return f"{value:.10g}".replace("-", "−")


def test_every_chapter_has_questions():
    assert len(QUESTION_PAGES) >= 12, QUESTION_PAGES


def check_questions(page, path, screenshots):
    """The questions of the open page ``path`` answer back by keyboard (test_book_html's visit of
    each page calls this, then checks the page, answered, with axe and for requests)."""
    questions = page.locator("[data-nblib-question]")
    assert questions.count() >= 3, f"{path}: {questions.count()} questions"
    page.wait_for_function("() => [...document.querySelectorAll('[data-nblib-question]')].every(q => q.dataset.ready)")
    for i in range(questions.count()):
        q = questions.nth(i)
        kind = q.get_attribute("data-nblib-question")
        data = json.loads(q.locator(".nblib-question-data").text_content())
        assert q.locator(".nblib-question-answer").is_hidden()
        for value, feedback in data["s"]:
            said = _answer(page, q, kind, data, _number(value) if kind == "numeric" else value)
            assert said == f"Not quite: {feedback}. Try again.", f"{path} question {i + 1}"
            if i == 0 and path == QUESTION_PAGES[0]:
                q.scroll_into_view_if_needed()
                _shot(page, screenshots, "question-wrong.png", q)
        right = _answer(page, q, kind, data, _number(data["a"]) if kind == "numeric" else data["a"])
        answer_text = q.locator(".nblib-question-answer b").inner_text()
        assert right.startswith(f"Right: {answer_text} — "), f"{path} question {i + 1}: {right}"
        if kind == "numeric":  # what the page shows as the answer is right too
            assert _answer(page, q, kind, data, answer_text.split(" ")[0]).startswith("Right:")
        # Show answer, by keyboard: Tab from Check
        for _ in range(2 if kind == "numeric" else 1):  # from the input past Check, or from Check
            page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "nblib-question-show"
        page.keyboard.press("Enter")
        assert q.locator(".nblib-question-answer").is_visible()
        if i == 0 and path == QUESTION_PAGES[0]:
            _shot(page, screenshots, "question-right.png", q)


DECKS = [p for p in QUESTION_PAGES if (HTML / "slides" / Path(p).name).exists()]


@pytest.mark.parametrize("path", DECKS[:3])
def test_a_deck_hides_the_answer_until_the_teacher_reveals_it(offline_page, book_url, path, screenshots):
    page = offline_page
    resize(page, 1280, 720)
    open_deck(page, f"{book_url}/slides/{Path(path).name}")
    answer = page.locator(".nblib-question-answer").first
    assert "fragment" in answer.get_attribute("class")
    page.evaluate("a => { const i = Reveal.getIndices(a.closest('section')); Reveal.slide(i.h, i.v, -1); }",
                  answer.element_handle())
    page.wait_for_timeout(300)
    assert answer.evaluate("a => getComputedStyle(a).visibility") == "hidden" or answer.evaluate(
        "a => getComputedStyle(a).opacity") == "0"
    if path == DECKS[0]:
        _shot(page, screenshots, "deck-question-before.png")
    page.locator("body").click(position={"x": 640, "y": 700})
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert answer.evaluate("a => getComputedStyle(a).visibility") == "visible"
    assert "visible" in answer.get_attribute("class")
    if path == DECKS[0]:
        _shot(page, screenshots, "deck-question-after.png")
    assert_served(page)


def test_printed_question_has_an_answer_line_and_nothing_to_click(offline_page, book_url):
    page = offline_page
    open_page(page, f"{book_url}/{QUESTION_PAGES[0]}")
    page.wait_for_function("() => [...document.querySelectorAll('[data-nblib-question]')].every(q => q.dataset.ready)")
    page.emulate_media(media="print")
    q = page.locator("[data-nblib-question]").first
    assert q.locator(".nblib-question-text").is_visible()
    assert q.locator(".nblib-question-buttons").is_hidden() and q.locator(".nblib-question-answer").is_hidden()
    assert "Answer: ___" in q.evaluate("q => getComputedStyle(q, '::after').content")


@pytest.mark.book
def test_the_answer_key_lists_every_question_with_its_answer():
    import html
    import re

    key = html.unescape((HTML / "book" / "answer_key.html").read_text(encoding="utf-8"))
    for path in QUESTION_PAGES:
        page = (HTML / path).read_text(encoding="utf-8")
        for answer in re.findall(r'<p class="nblib-question-answer"[^>]*>Answer: <b>(.*?)</b>', page):
            answer = html.unescape(answer)  # the text a reader sees: the page writes ' as &#x27;, the key as '
            assert f"Answer: {answer}" in key, f"{path}: {answer} is not in the answer key"
    assert key.count("Check your understanding") >= len(QUESTION_PAGES)


@pytest.mark.book
def test_reader_notebooks_fold_the_answer_until_the_notebook_runs():
    import nbformat

    for path in QUESTION_PAGES:
        reader = nbformat.read(HTML / "notebooks" / (Path(path).stem + ".ipynb"), as_version=4)
        asked = [k for k, c in enumerate(reader.cells) if c.cell_type == "code" and any(
            "Check your understanding" in o.get("data", {}).get("text/markdown", "") for o in c.get("outputs", []))]
        assert len(asked) >= 3, path
        for k in asked:
            shown = reader.cells[k].outputs[0]["data"]["text/markdown"]
            assert "Run the notebook" in shown and "Answer" not in shown, f"{path}: {shown}"
            # the answer: the next cell, folded for a reader, a fragment in the RISE deck
            answer = reader.cells[k + 1]
            assert answer.cell_type == "markdown" and answer.metadata["slideshow"]["slide_type"] == "fragment"
            assert answer.source.startswith('<details class="nblib-answer"><summary>Answer</summary>'), answer.source
