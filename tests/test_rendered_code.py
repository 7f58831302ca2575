"""What the book renders: every ``nblib.show.source(...)`` target of every chapter reads like its
chapter's formula (CONTRIBUTING.md, "Showing library code").

The test finds each target in the notebooks' code cells, imports it, parses its source and
asserts that it is public, opens with at most one check call, raises nothing, carries no
decorator (``@np.errstate`` and the like: numerics are exact by formula) and has one code path
(no ``if`` on the number of examples or on ``ndim``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
import textwrap
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
_CALL = re.compile(r"show\.source\(([A-Za-z_][\w.]*)\)")
_ONE_PATH = {"ndim", "one", "single"}  # names an `if` must not test
_NOT_CHECKS = {"scalar_or_array"}  # helpers of nblib._validate that shape a result, not check an argument


def _targets():
    found = {}
    for nb in sorted(BOOK.glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            imports = {}
            for cell2 in cells:  # the notebook's own imports, to resolve short names
                if cell2["cell_type"] == "code":
                    for m in re.finditer(r"^from (nblib[\w.]*) import ([\w, ]+)$", "".join(cell2["source"]), re.M):
                        for name in m.group(2).split(","):
                            imports[name.strip()] = f"{m.group(1)}.{name.strip()}"
            for m in _CALL.finditer(source):
                found.setdefault(_qualify(m.group(1), imports), []).append(nb.stem)
    return found


def _qualify(dotted: str, imports: dict) -> str:
    head, _, rest = dotted.partition(".")
    if head == "nblib":
        return dotted
    return imports.get(head, f"nblib.{head}") + (f".{rest}" if rest else "")


def _resolve(path: str):
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(path)


TARGETS = _targets()

def test_the_book_renders_code():
    assert len(TARGETS) >= 20, TARGETS


def _is_check(call: ast.AST) -> bool:
    if not isinstance(call, ast.Call):
        return False
    f = call.func
    name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
    owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
    return name.startswith("_check") or name.startswith("check") or (owner == "_validate" and name not in _NOT_CHECKS)


@pytest.mark.parametrize("path", sorted(TARGETS))
def test_rendered_code_reads_like_the_formula(path):
    assert not any(part.startswith("_") and not part.startswith("__") for part in path.split(".")), (
        f"{path} (rendered in {TARGETS[path]}) is private: render a public function")
    obj = _resolve(path)
    tree = ast.parse(textwrap.dedent(inspect.getsource(obj)))
    node = tree.body[0]
    assert isinstance(node, (ast.FunctionDef, ast.ClassDef)), path
    assert not node.decorator_list, f"{path} has a decorator line: {ast.unparse(node.decorator_list[0])}"
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    checks = [n for stmt in body for n in ast.walk(stmt) if _is_check(n)]
    assert len(checks) <= 1, f"{path} calls {len(checks)} check functions; at most one, first"
    if checks:
        first = body[0]
        assert any(n is checks[0] for n in ast.walk(first)), f"{path}: the check is not the first statement"
    for n in ast.walk(node):
        assert not isinstance(n, ast.Raise), f"{path} raises (line {n.lineno}): errors belong to its check"
        assert not (isinstance(n, ast.With) and "errstate" in ast.unparse(n)), f"{path} silences warnings"
        if isinstance(n, (ast.If, ast.IfExp)):
            names = {getattr(m, "id", getattr(m, "attr", None)) for m in ast.walk(n.test)}
            assert not names & _ONE_PATH, f"{path} branches on the number of examples: {ast.unparse(n.test)}"
