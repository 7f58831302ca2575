"""Show ``nblib``'s own source in a chapter, so the page teaches the code the package ships."""

from __future__ import annotations

import inspect
import textwrap

__all__ = ["source"]


class _Source:
    def __init__(self, code: str):
        self.code = code

    def _repr_markdown_(self) -> str:
        return f"```python\n{self.code}\n```"

    def __repr__(self) -> str:
        return self.code


def source(obj) -> _Source:
    """Display the source code of an ``nblib`` function or class as a highlighted code block.

    Parameters
    ----------
    obj : function, class or module
        What to show; its docstring is left out, the code is shown as it is in ``nblib``.

    Examples
    --------
    >>> from nblib import predictor
    >>> print(source(predictor.update))
    def update(c, km, y, eta=1.0):
        c, x, y, eta = _check_update(c, km, y, eta)
        E = y - c * x  # the error
        return c + eta * E / x  # move c by the fraction eta of the change that makes E zero
    """
    if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismodule(obj) or inspect.ismethod(obj)):
        raise TypeError(f"source() shows a function, class or module, got {type(obj).__name__}")
    code = textwrap.dedent(inspect.getsource(obj))
    doc = inspect.getdoc(obj)
    if doc:  # drop the docstring: the page already explains it
        code = _drop_docstring(code)
    return _Source(code.rstrip())


def _drop_docstring(code: str) -> str:
    import ast

    tree = ast.parse(code)
    node = tree.body[0]
    body = getattr(node, "body", [])
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        lines = code.splitlines()
        first, last = body[0].lineno - 1, body[0].end_lineno
        return "\n".join(lines[:first] + lines[last:])
    return code
