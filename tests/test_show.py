"""nblib.show renders the package's real source, without its docstring."""

import pytest

from nblib import predictor, show
from nblib.network import Network


def test_source_drops_the_docstring_and_keeps_the_code():
    shown = show.source(predictor.update)
    text = repr(shown)
    assert text.startswith("def update(c, km, y, eta=1.0):")
    assert "One proportional update" not in text
    assert "return c + eta * E / x" in text
    assert shown._repr_markdown_().startswith("```python\ndef update(")


def test_source_of_a_method_keeps_its_decorator_and_drops_its_docstring():
    lines = repr(show.source(Network.random)).splitlines()
    assert lines[0] == "@classmethod" and lines[1].startswith("def random(cls, sizes, activations")
    assert not any('"""' in line for line in lines)


@pytest.mark.parametrize("obj", [3, None, "predictor.update", property(lambda self: 1)])
def test_source_rejects_what_is_not_code(obj):
    with pytest.raises(TypeError, match=r"source\(\) shows a function, class or module, got "):
        show.source(obj)
