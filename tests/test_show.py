"""nblib.show renders the package's real source, without its docstring."""

import pytest

from nblib import predictor, show


def test_source_drops_the_docstring_and_keeps_the_code():
    shown = show.source(predictor.update)
    text = repr(shown)
    assert text.startswith("def update(c, km, target, eta=1.0):")
    assert "One proportional update" not in text
    assert "return _step(c, x, t, eta)" in text
    assert shown._repr_markdown_().startswith("```python\ndef update(")


def test_source_of_a_short_function_is_its_two_lines_of_code():
    assert repr(show.source(predictor._step)).splitlines() == [
        "def _step(c, x, t, eta):",
        "    return c + eta * (t - c * x) / x",
    ]


def test_source_rejects_what_is_not_code():
    with pytest.raises(TypeError, match="source\\(\\) shows a function, class or module, got int"):
        show.source(3)
