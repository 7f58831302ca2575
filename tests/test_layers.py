"""nblib's layers: every module imports only modules listed before it in ``nblib._MODULES``.

The order is read from ``nblib/__init__.py`` (one place); every ``import`` statement of every file
of the package is parsed, those inside functions included (a lazy import is still an arrow), so a
cycle or an upward import fails here, naming the file, the line and both modules.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import nblib

PACKAGE = Path(nblib.__file__).resolve().parent
ORDER = nblib._MODULES
BASE = {"_validate"}  # below every layer: the shared checks and DivergedError


def _layer(path: Path) -> str:
    """The layer a file belongs to: its module, or its subpackage (``sliders``)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imports(path: Path):
    """``(line, module)`` for every nblib module the file imports, at any depth of the file."""
    package = path.relative_to(PACKAGE).parent.parts  # () for nblib/x.py, ("sliders",) for nblib/sliders/x.py
    return list(_imports_in(path.read_text(encoding="utf-8"), package))


def _imports_in(source: str, package: tuple):
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "nblib" and "." in alias.name:
                    yield node.lineno, alias.name.split(".")[1]
                elif alias.name == "nblib":
                    yield node.lineno, "nblib"
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and node.module.split(".")[0] == "nblib":
                    dotted = node.module.split(".")[1:]
                    yield from ((node.lineno, m) for m in (dotted[:1] or [a.name for a in node.names]))
                continue
            base = list(package[: len(package) - (node.level - 1)])
            dotted = base + (node.module.split(".") if node.module else [])
            if dotted:
                yield node.lineno, dotted[0]
            else:  # from . import a, b (in nblib itself)
                yield from ((node.lineno, a.name) for a in node.names)


FILES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def test_every_module_has_a_place_in_the_order():
    layers = {_layer(p) for p in FILES} - BASE
    assert layers == set(ORDER), f"not in nblib._MODULES: {sorted(layers - set(ORDER))}; " \
                                 f"listed but missing: {sorted(set(ORDER) - layers)}"


def test_the_docstring_table_lists_the_modules_in_the_order():
    table = re.findall(r"^:mod:`nblib\.(\w+)`\s{2,}", nblib.__doc__, flags=re.MULTILINE)
    assert tuple(table) == ORDER


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_upward_import(path):
    layer = _layer(path)
    allowed = BASE | {layer} | (set(ORDER[: ORDER.index(layer)]) if layer in ORDER else set())
    upward = [f"line {line}: {layer} imports {module}" for line, module in _imports(path)
              if module not in allowed]
    assert not upward, f"{path.relative_to(PACKAGE)} imports upwards (or the whole package): {upward}"


def test_the_parser_sees_lazy_relative_and_absolute_imports():
    """A test that can fail: imports inside a function, relative ones from a subpackage and
    absolute ones are all found."""
    source = ("def f():\n    from . import losses\n    from .training import train\n"
              "from .. import style\nimport nblib.network\nfrom nblib.optim import SGD\n")
    assert list(_imports_in(source, ("sliders",))) == [
        (4, "style"), (5, "network"), (6, "optim"), (2, "sliders"), (3, "sliders")]
    assert [m for _, m in _imports_in(source.split("from ..")[0], ())] == ["losses", "training"]
