"""One symbol, one meaning: every page of the book against the notation registry, book/notation.yml.

The check reads every notebook's markdown and math, figure labels and captions, stored text
outputs, slider labels, readouts and alt texts, the questions' texts (question, answer, options, the
slips' feedback), code comments, the .md pages and the docstrings
the API page renders (``bookext.notation``). Each failure names the page, the cell (or the
documented object), the symbol and the meaning the registry gives it.
"""

from __future__ import annotations

import pytest

from bookext import notation
from bookext.notation import Registry, math_symbols, render, text_symbols


@pytest.fixture(scope="module")
def registry():
    return Registry.load()


def test_every_symbol_is_registered_and_used_where_the_registry_says(registry):
    problems = notation.check(registry)
    report = "\n".join(sorted(map(str, problems)))
    assert not problems, f"{len(problems)} notation problems (book/notation.yml is the registry):\n{report}"


def test_the_notation_page_renders_the_registry(registry):
    text = notation.PAGE.read_text(encoding="utf-8")
    assert render(registry, text) == text, "book/notation.md is out of date: run python tools/notation.py render"


def test_every_registered_page_exists(registry):
    pages = {page for page, _ in notation._pages(notation.ROOT)}
    assert set(registry.pages) <= pages | {"api"}, set(registry.pages) - pages


def _keys(found):
    return [forms[0] for forms, _ in found]


def test_symbols_in_math():
    assert _keys(math_symbols(r"\hat y_j = \sigma(z_j)")) == [r"\hat y_{j}", "j", r"\sigma", "z_{j}", "j"]
    assert _keys(math_symbols(r"C = \tfrac12 (y - \hat y)^2")) == ["C", "y", r"\hat y"]
    # words, the transpose and fonts are no symbols; a bold x is x
    assert _keys(math_symbols(r"\text{miles} = W^{\mathsf T}\mathbf x_{\text{in}}")) == ["W", r"x_{\text{in}}"]
    assert _keys(math_symbols(r"n_\text{out} \times \operatorname{softmax}(z)")) == [r"n_{\text{out}}", "z"]
    assert _keys(math_symbols(r"\frac{\partial C}{\partial w^\ast}")) == ["C", r"w^{\ast}"]


def test_symbols_in_text():
    assert _keys(text_symbols("dC/dw = 0.5, learning rate η")) == ["C", "w", r"\eta"]
    assert _keys(text_symbols("E_total = 0.3, h₁ and W_1")) == [r"E_{\text{total}}", "h_{1}", "W_{1}"]
    # English words are no symbols; a letter before "=" is
    assert _keys(text_symbols("a table of values: s = 2")) == ["s"]
    # Σ in plain text is the sum, an operator (\sum in math), not the letter Sigma
    assert _keys(text_symbols("(λ/2)·ΣW² and Σ (y − w·x)")) == [r"\lambda"]


@pytest.mark.parametrize("text", ["dL/dw", "dE/dw = -0.17", r"\frac{\partial L}{\partial w}", "E_total",
                                  r"E_\text{total}", "E_o1", "target t", "output y = 0.75", "E = t - o", "dL_dw",
                                  r"\partial E/\partial w_1"])
def test_forbidden_forms_are_found(text):
    import re
    assert any(re.search(pattern, text) for pattern in notation.FORBIDDEN), text


@pytest.mark.parametrize("text", ["dC/dw", r"\partial C/\partial a_L", "E = y - \\hat y", "output neuron",
                                  "the target y", "output y_hat", "L = 3 layers",
                                  r"\frac{\partial E}{\partial a}"])
def test_allowed_forms_pass(text):
    import re
    assert not any(re.search(pattern, text) for pattern in notation.FORBIDDEN), text


def test_a_bracketed_script_and_code_names():
    assert _keys(math_symbols(r"(WX)^\mathsf{T} + (W_1)_{11}")) == ["W", "X", "W_{1}"]
    assert _keys(text_symbols("Y_hat (2, 4), dC/dparameter")) == [r"\hat Y"]


def test_every_quote_names_a_cell_that_exists(registry):
    import json
    for quote in registry.quotes:
        path = notation.ROOT / "book" / f"{quote['page']}.ipynb"
        cells = {c.get("id") for c in json.loads(path.read_text(encoding="utf-8"))["cells"]}
        assert quote["cell"] in cells, f"book/notation.yml quotes {quote['page']} cell {quote['cell']}, which is gone"


def test_a_questions_texts_are_read(tmp_path):
    """A question (nblib.questions) is text the reader sees: its question, answer, options and the
    feedback of every slip are checked like prose."""
    import nbformat

    from nblib import questions
    q = questions.choice("With probability p = 0.8, which way?", options=["up", "down"], answer="up",
                         slips={"you used t, the target": "down"}, explain="it is ŷ.")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("q", id="q1")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": q.static_html(), "text/plain": "q"})]
    nb.cells = [cell]
    nbformat.write(nb, tmp_path / "page.ipynb")
    parts = {part: text for _, part, text in notation.notebook_texts(tmp_path / "page.ipynb")}
    assert parts["question text"] == "With probability p = 0.8, which way?"
    assert parts["question answer"].split() == ["Answer:", "up", "—", "it", "is", "ŷ."]
    assert parts["question slip"] == "you used t, the target" and parts["question option"] == "down"
    assert _keys(text_symbols(parts["question text"])) == ["p"]


def test_derivatives_are_read_in_math_and_in_text():
    from bookext.notation import math_derivatives, text_derivatives
    assert math_derivatives(r"\frac{\partial C}{\partial W_l} = \delta_l a_{l-1}^{\mathsf T}") == [("∂", "C", "W")]
    assert math_derivatives(r"\tfrac{dC}{dw} \quad \partial \hat y_j / \partial z_k \quad d\hat y/dz") == [
        ("d", "C", "w"), ("∂", "y", "z"), ("d", "y", "z")]
    assert math_derivatives(r"\delta_l = (W^{\mathsf T}\delta)\odot f'(z), \quad \frac{a}{b}") == []
    assert text_derivatives("What is dC/dw? ∂C/∂W₁ has the shape of W₁; dŷ/dz, and d/dx alone") == [
        ("d", "C", "w"), ("∂", "C", "W"), ("d", "y", "z")]
    assert text_derivatives("dC_dw and the ratio ad/dc") == []


def test_a_derivative_is_written_as_its_pages_math_writes_it(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "_toc.yml").write_text("root: book/p\nparts: []\n", encoding="utf-8")
    (tmp_path / "book" / "p.md").write_text(
        "# P\n\nThe gradient $\\partial C/\\partial w$ and the slope $\\frac{dC}{da}$.\n\n"
        "In words, dC/dw is the gradient, ∂C/∂a the slope, and dC/dz is not in the math.\n", encoding="utf-8")
    found = sorted((p.symbol, p.message) for p in notation.derivative_forms(notation.texts(tmp_path)))
    assert found == [("dC/dw", "the page's math writes this derivative ∂C/∂w: write it so"),
                     ("∂C/∂a", "the page's math writes this derivative dC/da: write it so")]
