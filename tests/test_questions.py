"""nblib.questions: the component (checking, slips, tolerance, bad input, its two faces) and the
book's questions (every answer and slip computed; each tolerance below the gap to each slip)."""

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest

from nblib import questions
from nblib.questions import choice, direction, numeric

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def _miles():
    c, km = 0.6, 100.0
    return numeric("How many miles is 100 km?", answer=c * km, tol=0.05, unit="miles",
                   slips={"you divided by c": km / c, "you flipped the sign": -c * km},
                   explain="miles = c × km.")


def test_a_numeric_question_takes_the_right_answer_within_its_tolerance():
    q = _miles()
    for response in ("60", "60.04", "59.96", " 60.0 ", 60):
        assert q.check(response) == (True, "Right: 60.00 miles — miles = c × km.")
    assert q.check("60.06")[0] is False


@pytest.mark.parametrize("response, slip", [("166.67", "you divided by c"), ("−60", "you flipped the sign"),
                                            ("-60.02", "you flipped the sign")])
def test_each_slip_is_named(response, slip):
    assert _miles().check(response) == (False, f"Not quite: {slip}. Try again.")


@pytest.mark.parametrize("response", ["", "sixty", "6O", "nan", "inf"])
def test_what_is_not_a_number_is_asked_for_again(response):
    assert _miles().check(response) == (False, "Type a number, for example 0.5.")


def test_a_wrong_answer_that_is_no_slip_gets_plain_feedback():
    assert _miles().check("61") == (False, "Not quite. Try again, or show the answer.")


def test_a_choice_names_its_slip_and_confirms_the_answer():
    shape = (3, 2)
    q = choice("Shape of W?", options=[str(shape), str(shape[::-1]), "(3, 3)"], answer=str(shape),
               slips={"you transposed W": str(shape[::-1])}, explain="rows are the layer's neurons.")
    assert q.check("(3, 2)") == (True, "Right: (3, 2) — rows are the layer's neurons.")
    assert q.check(1) == (False, "Not quite: you transposed W. Try again.")
    assert q.check("(3, 3)") == (False, "Not quite. Try again, or show the answer.")
    assert q.check("(9, 9)") == (False, "Choose one of the options.")


def test_a_direction_is_the_sign_of_the_change():
    down = direction("Which way?", change=-0.25, slips={"you flipped the sign": 0.25}, explain="it falls.")
    assert down.answer_text == "decreases"
    assert down.check("increases") == (False, "Not quite: you flipped the sign. Try again.")
    assert direction("Which way?", change=1e-12, tol=1e-9, explain="flat.").answer_text == "stays the same"


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(answer="60"), TypeError, "answer must be a real number"),
    (dict(answer=True), TypeError, "answer must be a real number"),
    (dict(answer=float("nan")), ValueError, "answer must be finite"),
    (dict(tol=0), ValueError, "tol must be positive"),
    (dict(tol="0.1"), TypeError, "tol must be a real number"),
    (dict(slips=[1, 2]), TypeError, "slips must be a dict"),
    (dict(slips={"close": 60.05}), ValueError, "slips['close'] = 60.05 is within 2·tol"),
    (dict(slips={"a": 100, "b": 100.01}), ValueError, "slips['b'] = 100.01 is within 2·tol of slips['a']"),
    (dict(slips={"s": "x"}), TypeError, "slips['s'] must be a real number"),
    (dict(text="What is $x$?"), ValueError, "text must be plain text"),
    (dict(text=""), ValueError, "text must not be empty"),
    (dict(explain=3), TypeError, "explain must be a string"),
    (dict(unit=None), TypeError, "unit must be a string"),
])
def test_bad_numeric_input_names_the_argument(kwargs, error, words):
    args = dict(text="Miles?", answer=60.0, tol=0.05, explain="c × km.") | kwargs
    with pytest.raises(error, match=re.escape(words)):
        numeric(**args)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(options="ab"), TypeError, "options must be a list of strings"),
    (dict(options=["a"]), ValueError, "options must hold at least 2"),
    (dict(options=["a", "a"]), ValueError, "options must be different"),
    (dict(options=["a", 2]), TypeError, "options[1] must be a string"),
    (dict(answer="c"), ValueError, "answer 'c' is not one of the options"),
    (dict(slips={"s": "c"}), ValueError, "slips['s'] = 'c' is not one of the options"),
    (dict(slips={"s": "a"}), ValueError, "slips['s'] is the right answer"),
])
def test_bad_choice_input_names_the_argument(kwargs, error, words):
    args = dict(text="Which?", options=["a", "b"], answer="a", explain="a.") | kwargs
    with pytest.raises(error, match=re.escape(words)):
        choice(**args)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(change="up"), TypeError, "change must be a real number"),
    (dict(slips={"s": -1.0}), ValueError, "slips['s'] = -1 moves the same way"),
    (dict(tol=-1), ValueError, "tol must be at least 0"),
    (dict(options=("down", "up")), ValueError, "options must hold 3 words"),
    (dict(demo=3), TypeError, "demo must be the name of a slider demo"),
    (dict(demo="no-such-demo"), ValueError, "demo 'no-such-demo' names no slider demo"),
])
def test_bad_direction_input_names_the_argument(kwargs, error, words):
    args = dict(text="Which way?", change=-1.0, explain="down.") | kwargs
    with pytest.raises(error, match=re.escape(words)):
        direction(**args)


def test_the_static_face_is_the_question_its_hidden_answer_and_its_values():
    q = _miles()
    page = q.static_html()
    assert '<p class="nblib-question-text">How many miles is 100 km?</p>' in page
    assert '<p class="nblib-question-answer" hidden>Answer: <b>60.00 miles</b> — miles = c × km.</p>' in page
    data = json.loads(re.search(r'class="nblib-question-data">(.*?)</script>', page)[1])
    assert data["a"] == 60.0 and data["t"] == 0.05 and data["u"] == "miles"
    assert [s[0] for s in data["s"]] == [pytest.approx(166.6666667), -60.0]
    assert page.count("<script") == 2 and "http" not in page


def test_the_live_face_checks_against_the_computed_value():
    q = _miles()
    box = q.widget()
    box._nblib_field.value = "166.7"
    box._nblib_check()
    assert "you divided by c" in box._nblib_feedback.value
    box._nblib_field.value = "60"
    box._nblib_check()
    assert "Right: 60.00 miles" in box._nblib_feedback.value
    bundle = q._repr_mimebundle_()
    assert {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"} <= set(bundle)


def test_the_live_numeric_form_checks_a_new_value_by_itself():
    """Enter (or leaving the field) sends the value: the field syncs on change, not at every key
    (continuous_update=False), and a new value is checked without the Check button."""
    box = _miles().widget()
    assert box._nblib_field.continuous_update is False
    box._nblib_field.value = "-60"  # what the front end sets when the reader presses Enter
    assert "you flipped the sign" in box._nblib_feedback.value
    box._nblib_field.value = "60"   # a second answer in the same field
    assert "Right: 60.00 miles" in box._nblib_feedback.value


@pytest.mark.parametrize("tol, answer, shown", [
    (0.001, 0.995, "0.995"),     # a power of ten: its 3 decimals, not 4 ("0.9950" before)
    (0.01, 7.137, "7.14"),
    (0.1, 2.26, "2.3"),
    (1, 41.6, "42"),
    (0.005, 0.25, "0.250"),      # 0.005 is written with 3 decimals
    (0.05, 0.5607, "0.56"),
    (0.5, 3.14, "3.1"),
    (2, 41.6, "42"),
    (5e-5, 0.49, "0.49000"),
    (0.4, 108, "108"),           # a count (an integer answer): whole ("108.0" before)
    (0.4, 108.0, "108.0"),       # the same number as a float is no count: tol 0.4 asks for 1 decimal
])
def test_the_answer_is_shown_with_the_decimals_its_tolerance_is_written_with(tol, answer, shown):
    assert numeric("?", answer=answer, tol=tol, explain="because.").answer_text == shown


def test_numbers_in_question_text_print_the_minus_sign():
    assert questions.vector([2.0, -1.0]) == "(2, −1)"
    assert questions.vector([0.25, -0.5], ".2f") == "(0.25, −0.50)"
    assert questions.rows([[2, -1], [1, 3]]) == "(2, −1) and (1, 3)"
    assert questions.rows([[1, 2], [3, 4], [5, -6]]) == "(1, 2), (3, 4) and (5, −6)"
    assert questions.rows([[1, -2]]) == "(1, −2)"


# -- the book's questions -------------------------------------------------------------------
def _question_calls(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        body = ast.parse(cell.source).body
        last = body[-1] if body else None
        if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
            func = last.value.func
            if getattr(func, "attr", getattr(func, "id", None)) in ("numeric", "choice", "direction"):
                yield cell, last.value


def _literal(node):
    """A typed value: a constant, a signed constant, or a tuple or list of them."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return _literal(node.operand)
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_literal(e) for e in node.elts)
    return False


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_answer_and_slip_is_computed(path):
    for cell, call in _question_calls(path):
        kwargs = {k.arg: k.value for k in call.keywords}
        computed = [kwargs.get("answer", kwargs.get("change"))]
        if isinstance(kwargs.get("slips"), ast.Dict):
            computed += kwargs["slips"].values
        for node in computed:
            assert node is not None and not _literal(node), (
                f"{path.name} cell {cell.get('id')}: {ast.unparse(node) if node else 'no answer'} is typed, not computed")
        assert "remove-input" in cell.metadata.get("tags", []), f"{path.name} cell {cell.get('id')}: tag it remove-input"


def _stored_questions(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            page = output.get("data", {}).get("text/html", "")
            if "data-nblib-question" in page:
                yield json.loads(re.search(r'class="nblib-question-data">(.*?)</script>', page, re.S)[1])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_tolerance_is_below_the_gap_to_each_slip(path):
    asked = list(_stored_questions(path))
    assert len(asked) == len(list(_question_calls(path))), f"{path.name}: a question is not executed and stored"
    for data in asked:
        for value, feedback in data["s"]:
            if "t" in data:  # numeric
                assert abs(value - data["a"]) > data["t"], f"{path.name}: {feedback}"
            else:
                assert value != data["a"], f"{path.name}: {feedback}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_asks_three_to_six_questions(path):
    asked = [cell.get("id") for cell, _ in _question_calls(path)]
    assert 3 <= len(asked) <= 6, f"{path.name} asks {len(asked)} questions ({', '.join(asked)}): 3 to 6 per chapter"


def _stored_texts(path):
    """Every text of a chapter's stored questions that a reader sees: question, answer and
    explanation, options, slips' feedback."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            page = output.get("data", {}).get("text/html", "")
            if "data-nblib-question" in page:
                text, answer, options, slips = questions.read_static(page)
                for shown in [text, answer, *options, *slips]:
                    yield cell.get("id"), shown


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_question_texts_print_negative_numbers_with_the_minus_sign(path):
    """A number in a question's text is written as the book prints it: −1, not the hyphen -1
    (no Python list reprs such as [[2.0, -1.0], ...])."""
    for cid, text in _stored_texts(path):
        assert not re.search(r"(^|[\s(\[,=])-\d", text), f"{path.name} cell {cid}: {text!r}"
        assert not re.search(r"\[\[", text), f"{path.name} cell {cid}: a list repr in {text!r}"
