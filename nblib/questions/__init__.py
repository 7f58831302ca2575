"""Questions that answer back: "check your understanding" stops, live in Jupyter and static in HTML.

A chapter asks a question in one code cell, as the cell's last expression, with every value
computed in the notebook::

    numeric("How many miles is 100 km with c = 0.6?", answer=c * 100, tol=0.05, unit="miles",
            slips={"you divided by c instead of multiplying": 100 / c},
            explain="the predictor multiplies the kilometres by c.")

Three kinds: :func:`numeric` (a number within a tolerance), :func:`choice` (one of several
options) and :func:`direction` (which way a quantity moves, tied to a slider demo; the answer is
the sign of a computed change). A wrong answer that matches an anticipated *slip* (a sign flipped,
η forgotten, a transposed shape) is told which slip it is; a right answer is told why in one line.

Like a slider demo (:class:`nblib.sliders.Demo`) a question has two faces in one display bundle:

* **live** (JupyterLab, Notebook 7, VS Code): an ipywidgets form that checks against the computed
  value in the kernel;
* **static** (``text/html``: the built book, its decks, RISE): a label, an input or a radio group,
  a Check button, a feedback region (``aria-live``) and a hidden answer, with the values as JSON
  and ``nblib-question.js`` inline, so that it works without a kernel, offline, by keyboard.

The question text is plain text (Unicode, no TeX): it must read the same in the ipywidgets form,
which has no MathJax. A negative number written with a hyphen ("b = -0.5", as Python prints it) is
shown with the minus sign the book prints ("b = −0.5"); :func:`rows` and :func:`vector` write
matrices and vectors ("(2, −1) and (1, 3)"). The package knows nothing of neural networks or Sphinx.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import numbers
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Question", "numeric", "choice", "direction", "vector", "rows", "driver_script", "read_static", "STATIC",
           "DIRECTIONS"]

#: The component's script and stylesheet: the book serves them; each fragment carries the script.
STATIC = Path(__file__).parent / "static"
#: The options of a :func:`direction` question, by the sign of the change (-1, 0, +1).
DIRECTIONS = ("decreases", "stays the same", "increases")
_counter = itertools.count(1)


def _minus(text):
    """A negative number written with a hyphen, as Python prints it ("b = -0.5", "[[2, -1]]"), with
    the minus sign the book prints instead ("b = −0.5"); a hyphen between words or numbers
    ("2-3-1 network", "cross-entropy") stays."""
    return re.sub(r"(?<![\w.])-(?=\.?\d)", "\u2212", text)


def _text(v, what, empty=False):
    if not isinstance(v, str):
        raise TypeError(f"{what} must be a string, got {type(v).__name__} {v!r}")
    if not empty and not v.strip():
        raise ValueError(f"{what} must not be empty")
    if "$" in v:
        raise ValueError(f"{what} must be plain text (Unicode, no TeX: the live form has no MathJax), got {v!r}")
    return _minus(v.strip())


def _real(v, what):
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise TypeError(f"{what} must be a real number, got {type(v).__name__} {v!r}")
    v = float(v)
    if not math.isfinite(v):
        raise ValueError(f"{what} must be finite, got {v}")
    return v


def _slips(slips, what="slips"):
    if slips is None:
        return {}
    if not isinstance(slips, dict):
        raise TypeError(f"{what} must be a dict {{feedback: value}}, got {type(slips).__name__} {slips!r}")
    return {_text(k, f"{what} key {k!r}"): v for k, v in slips.items()}


def _decimals(tol, count=False):
    """The decimals ``tol`` is written with, which the answer is shown with: 0.05 -> 2, 0.005 -> 3,
    0.001 -> 3, 0.5 -> 1, 1 -> 0, 2 -> 0. A count (an integer answer, ``count=True``) is shown whole."""
    if count:
        return 0
    # the smallest d with 10^-d <= tol, allowing for log10 of an exact power of ten landing a hair above it
    return max(0, math.ceil(-math.log10(tol) - 1e-9))


def _fmt(x, decimals):
    from nblib import report  # the book's rounding-boundary check, for the printed answer

    return report.fmt(x, f".{decimals}f").replace("-", "−")


@dataclass
class Question:
    """A question; display it (the last expression of a cell) to ask it. Build it with
    :func:`numeric`, :func:`choice` or :func:`direction`."""

    kind: str
    text: str
    explain: str
    answer: object
    slips: list = field(default_factory=list)   # (feedback, value or option index)
    options: list = field(default_factory=list)
    tol: float = 0.0
    unit: str = ""
    decimals: int = 0
    demo: str = ""
    name: str = "question"

    def __post_init__(self):
        self.number = next(_counter)
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "question"
        self._id = f"nblib-q-{slug}-{self.number}"
        self._widget = None

    # -- checking, the same rule as nblib-question.js ------------------------------------------
    @property
    def answer_text(self) -> str:
        """The right answer as the page shows it (and the answer key prints it)."""
        if self.kind == "numeric":
            return f"{_fmt(self.answer, self.decimals)}{' ' + self.unit if self.unit else ''}"
        return self.options[self.answer]

    def check(self, response) -> tuple[bool, str]:
        """``(right, feedback)`` for a reader's response: a number (or its text) for a numeric
        question, an option (or its index) otherwise."""
        if self.kind == "numeric":
            try:
                x = float(str(response).replace("−", "-").replace(",", "").strip()) \
                    if not isinstance(response, numbers.Real) else float(response)
            except ValueError:
                return False, "Type a number, for example 0.5."
            if not math.isfinite(x):
                return False, "Type a number, for example 0.5."
            if abs(x - self.answer) <= self.tol:
                return True, f"Right: {self.answer_text} — {self.explain}"
            for feedback, value in self.slips:
                if abs(x - value) <= self.tol:
                    return False, f"Not quite: {feedback}. Try again."
            return False, "Not quite. Try again, or show the answer."
        k = response if isinstance(response, numbers.Integral) and not isinstance(response, bool) else (
            self.options.index(response) if response in self.options else None)
        if k is None or not 0 <= k < len(self.options):
            return False, "Choose one of the options."
        if k == self.answer:
            return True, f"Right: {self.answer_text} — {self.explain}"
        for feedback, index in self.slips:
            if index == k:
                return False, f"Not quite: {feedback}. Try again."
        return False, "Not quite. Try again, or show the answer."

    # -- the two faces -------------------------------------------------------------------------
    def _data(self):
        """The values the page checks against: ``a`` the answer (a number, or an option's index),
        ``t`` the tolerance, ``s`` the slips as ``[value or index, feedback]``, ``o`` the options."""
        if self.kind == "numeric":
            # values to 10 significant digits: the same on every CPU (strict nbval compares them)
            data = {"a": float(f"{self.answer:.10g}"), "t": float(f"{self.tol:.10g}"),
                    "s": [[float(f"{v:.10g}"), f] for f, v in self.slips]}
            if self.unit:
                data["u"] = self.unit
        else:
            data = {"a": self.answer, "s": [[k, f] for f, k in self.slips], "o": self.options}
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")

    def static_html(self) -> str:
        """The page fragment: the question, its answer (hidden), the values and the script, which
        builds the form (an input or a radio group, Check and Show answer buttons, a feedback
        region) so that the stored notebook keeps only what the question says."""
        e = html.escape
        demo = (f' <a class="nblib-question-demo" href="#{e(self.demo)}">Check it with the slider demo.</a>'
                if self.demo else "")
        return (
            f'<div class="nblib-question" id="{self._id}" data-nblib-question="{self.kind}">'
            f'<p class="nblib-question-text">{e(self.text)}</p>'
            f'<p class="nblib-question-answer" hidden>Answer: <b>{e(self.answer_text)}</b> — {e(self.explain)}{demo}</p>'
            f'<script type="application/json" class="nblib-question-data">{self._data()}</script>'
            f"{driver_script()}</div>"
        )

    def widget(self):
        """The live ipywidgets form (built on first use)."""
        if self._widget is None:
            self._widget = _live(self)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget()._repr_mimebundle_())
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"Check your understanding: {self.text}"
        return bundle


def _live(q):
    import ipywidgets as w

    text = w.HTML(value=f"<b>Check your understanding.</b> {html.escape(q.text)}")
    if q.kind == "numeric":
        # continuous_update=False: the value reaches the kernel when the reader presses Enter or
        # leaves the field (not at every key), and a new value is checked (Enter checks)
        field_ = w.Text(placeholder="a number", continuous_update=False, layout=w.Layout(width="12em"))
        entry = w.HBox([field_, w.Label(q.unit)]) if q.unit else field_
        value = lambda: field_.value  # noqa: E731
    else:
        field_ = w.RadioButtons(options=list(q.options), value=None, layout=w.Layout(width="auto"))
        entry = field_
        value = lambda: field_.value  # noqa: E731
    check = w.Button(description="Check", button_style="primary")
    show = w.Button(description="Show answer")
    feedback = w.HTML(value="")

    def on_check(_=None):
        if value() is None:
            feedback.value = "Choose one of the options."
            return
        right, said = q.check(value())
        feedback.value = f"<span style='color:{'#1a7f37' if right else '#b3261e'}'>{html.escape(said)}</span>"

    def on_show(_=None):
        feedback.value = html.escape(f"Answer: {q.answer_text} — {q.explain}")

    check.on_click(on_check)
    show.on_click(on_show)
    if q.kind == "numeric":
        field_.observe(lambda change: on_check() if change["new"].strip() else None, "value")
    box = w.VBox([text, entry, w.HBox([check, show]), feedback])
    box.add_class("nblib-live-question")
    box._nblib_check = on_check  # for tests: the live form's own check
    box._nblib_field = field_
    box._nblib_feedback = feedback
    return box


def vector(values, spec="g") -> str:
    """Numbers as a question's plain text writes them: ``(2, −1)``, with the minus sign the book prints.

    >>> vector([2.0, -1.0])
    '(2, −1)'
    """
    return "(" + ", ".join(format(float(v), spec).replace("-", "−") for v in values) + ")"


def rows(matrix, spec="g") -> str:
    """A matrix in a question's plain text, row by row: ``(2, −1) and (1, 3)``.

    >>> rows([[2.0, -1.0], [1.0, 3.0]])
    '(2, −1) and (1, 3)'
    """
    parts = [vector(row, spec) for row in matrix]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


_STATIC_PART = re.compile(r'<p class="nblib-question-(text|answer)"[^>]*>(.*?)</p>', re.S)
_STATIC_DATA = re.compile(r'<script type="application/json" class="nblib-question-data">(.*?)</script>', re.S)


def read_static(fragment: str):
    """What a question's static form (:meth:`Question.static_html`) says, as plain text:
    ``(text, answer, options, slips)``, the answer as the form shows it ("Answer: 4 — two and
    two."), the slips' feedback; ``None`` if ``fragment`` holds no question.

    Examples
    --------
    >>> q = numeric("2 + 2?", answer=4, tol=0.5, explain="two and two.", slips={"you subtracted": 0})
    >>> read_static(q.static_html())
    ('2 + 2?', 'Answer: 4 — two and two.', [], ['you subtracted'])
    """
    parts = dict(_STATIC_PART.findall(fragment))
    data = _STATIC_DATA.search(fragment)
    if "text" not in parts or "answer" not in parts or data is None:
        return None
    text, answer = (html.unescape(re.sub(r"<[^>]+>", "", parts[k])).strip() for k in ("text", "answer"))
    values = json.loads(data[1])
    return text, answer, values.get("o", []), [feedback for _, feedback in values.get("s", [])]


def driver_script() -> str:
    """``nblib-question.js`` as the inline ``<script>`` that ends a question's fragment."""
    js = (STATIC / "nblib-question.js").read_text(encoding="utf-8")
    if "</script" in js.lower():
        raise ValueError("nblib-question.js holds '</script', which cannot sit inside a <script> element")
    return f'<script class="nblib-question-driver">{js}</script>'


def _name(name):
    if name is None:
        return "question"
    if not isinstance(name, str) or not re.search(r"[A-Za-z0-9]", name):
        raise TypeError(f"name must be a string with a letter or digit (it becomes an element id), got {name!r}")
    return name


def numeric(text, *, answer, tol, explain, unit="", slips=None, name=None) -> Question:
    """A question answered with a number, right within ``tol``.

    Parameters
    ----------
    text : str
        The question, plain text (Unicode, no TeX).
    answer : float
        The right answer, computed in the notebook.
    tol : float
        The tolerance (positive): a response within ``tol`` of ``answer`` is right. It must be
        smaller than the gap from the answer to each slip, and the answer is shown with the
        decimals ``tol`` is written with (0.005 -> 3, 0.001 -> 3); an integer ``answer`` (a count)
        is shown whole.
    explain : str
        One line saying why the answer is right.
    unit : str
        The unit shown after the input ("miles"), or "".
    slips : dict, optional
        ``{feedback: value}``: the value a likely slip gives (computed), and what to tell a reader
        who gives it ("you flipped the sign").
    name : str, optional
        A short name used in the element id.

    Returns
    -------
    Question
        Display it to ask it.

    Examples
    --------
    >>> q = numeric("2 + 2?", answer=2 + 2, tol=0.5, explain="two and two.", slips={"you subtracted": 2 - 2})
    >>> q.check("4")[0], q.check("0")[1]
    (True, 'Not quite: you subtracted. Try again.')
    """
    text, explain, unit = _text(text, "text"), _text(explain, "explain"), _text(unit, "unit", empty=True)
    count = isinstance(answer, numbers.Integral) and not isinstance(answer, bool)
    answer, tol = _real(answer, "answer"), _real(tol, "tol")
    if tol <= 0:
        raise ValueError(f"tol must be positive, got {tol}")
    slips = _slips(slips)
    clean = []
    for feedback, value in slips.items():
        value = _real(value, f"slips[{feedback!r}]")
        if abs(value - answer) <= 2 * tol:
            raise ValueError(f"slips[{feedback!r}] = {value:g} is within 2·tol of the answer {answer:g}: "
                             f"a reader could not be told apart; lower tol (now {tol:g})")
        for other, v in clean:
            if abs(value - v) <= 2 * tol:
                raise ValueError(f"slips[{feedback!r}] = {value:g} is within 2·tol of slips[{other!r}] = {v:g}")
        clean.append((feedback, value))
    return Question("numeric", text, explain, answer, clean, tol=tol, unit=unit, decimals=_decimals(tol, count),
                    name=_name(name))


def _options(options):
    if isinstance(options, (str, bytes)) or not hasattr(options, "__iter__"):
        raise TypeError(f"options must be a list of strings, got {type(options).__name__} {options!r}")
    options = list(options)
    if len(options) < 2:
        raise ValueError(f"options must hold at least 2 choices, got {len(options)}")
    options = [_text(o, f"options[{k}]") for k, o in enumerate(options)]
    if len(set(options)) != len(options):
        raise ValueError(f"options must be different from each other, got {options!r}")
    return options


def choice(text, *, options, answer, explain, slips=None, name=None) -> Question:
    """A multiple-choice question: ``answer`` is one of ``options``.

    Parameters
    ----------
    text : str
        The question, plain text.
    options : list of str
        The choices, shown in this order (at least 2, all different).
    answer : str
        The right option, computed in the notebook (for example picked by an ``np.argmax``).
    explain : str
        One line saying why the answer is right.
    slips : dict, optional
        ``{feedback: option}``: a wrong option a likely slip leads to (computed), and what to say.
    name : str, optional
        A short name used in the element id.

    Examples
    --------
    >>> q = choice("Shape of W?", options=["(3, 2)", "(2, 3)"], answer=str((3, 2)), explain="rows are outputs.",
    ...            slips={"you transposed W": str((2, 3))})
    >>> q.check("(2, 3)")[1]
    'Not quite: you transposed W. Try again.'
    """
    text, explain = _text(text, "text"), _text(explain, "explain")
    options = _options(options)
    answer = _minus(answer.strip()) if isinstance(answer, str) else answer
    if answer not in options:
        raise ValueError(f"answer {answer!r} is not one of the options {options!r}")
    clean = []
    for feedback, option in _slips(slips).items():
        option = _minus(option.strip()) if isinstance(option, str) else option
        if option not in options:
            raise ValueError(f"slips[{feedback!r}] = {option!r} is not one of the options {options!r}")
        if option == answer:
            raise ValueError(f"slips[{feedback!r}] is the right answer {answer!r}: a slip must give a wrong option")
        clean.append((feedback, options.index(option)))
    return Question("choice", text, explain, options.index(answer), clean, options=options, name=_name(name))


def direction(text, *, change, explain, slips=None, demo=None, tol=0.0, options=DIRECTIONS, name=None) -> Question:
    """"Which way will it move?": the answer is the sign of a computed ``change``.

    Parameters
    ----------
    text : str
        The question, plain text ("If η doubles, the error after one step ...").
    change : float
        The computed change (new value minus old); its sign picks the option
        (``options[0]`` below ``-tol``, ``options[1]`` within ``tol``, ``options[2]`` above).
    explain : str
        One line saying why.
    slips : dict, optional
        ``{feedback: change}``: the change a likely slip computes (its sign picks the option).
    demo : str, optional
        The name of the slider demo (shown before) that checks the answer: the page links to it.
    tol : float
        Changes within ``tol`` of 0 count as no change (default 0).
    options : tuple of 3 str
        The words for down, no change and up (default :data:`DIRECTIONS`).
    name : str, optional
        A short name used in the element id.
    """
    text, explain = _text(text, "text"), _text(explain, "explain")
    options = _options(options)
    if len(options) != 3:
        raise ValueError(f"options must hold 3 words (down, no change, up), got {options!r}")
    tol = _real(tol, "tol")
    if tol < 0:
        raise ValueError(f"tol must be at least 0, got {tol}")

    def pick(v, what):
        v = _real(v, what)
        return 0 if v < -tol else 2 if v > tol else 1

    answer = pick(change, "change")
    clean = []
    for feedback, value in _slips(slips).items():
        k = pick(value, f"slips[{feedback!r}]")
        if k == answer:
            raise ValueError(f"slips[{feedback!r}] = {value:g} moves the same way as change = {change:g}: "
                             "it cannot be told apart")
        clean.append((feedback, k))
    if demo is not None:
        if not isinstance(demo, str):
            raise TypeError(f"demo must be the name of a slider demo shown before, got {type(demo).__name__} {demo!r}")
        from nblib.sliders import Demo

        if demo not in Demo.ids_by_name:
            raise ValueError(f"demo {demo!r} names no slider demo made in this notebook; "
                             f"made: {', '.join(Demo.ids_by_name) or 'none'}")
        demo = Demo.ids_by_name[demo]
    return Question("direction", text, explain, answer, clean, options=options, demo=demo or "", name=_name(name))
