"""Parsers: plain infix text and LaTeX, both giving the same expression tree.

Each reader refuses a formula that defines a function (``f(x) = x^2``) saying how
symderiv takes it (:mod:`symderiv.parse.definitions`).
"""

from __future__ import annotations

from ..errors import ParseError
from ..expr import Equation, Expr
from . import infix, latex
from .definitions import reading

parse = reading(infix.parse)
parse_equation = reading(infix.parse_equation)
parse_with_notes = reading(infix.parse_with_notes)
parse_latex = reading(latex.parse_latex)
parse_latex_with_notes = reading(latex.parse_latex_with_notes)


def looks_like_latex(text: str) -> bool:
    """Whether ``text`` is LaTeX: it has a backslash or a brace (``\\frac{1}{x}``,
    ``e^{-x}``); plain text has neither."""
    return "\\" in text or "{" in text


def parse_text(
    text: str, *, functions: tuple[str, ...] = (), latex: bool | None = None
) -> Expr | Equation:
    """``text`` read as LaTeX (when ``latex`` says so, or by default when it
    :func:`looks_like_latex`) or as plain text; an equation is read as one, for the
    caller to take or refuse in its own words."""
    if looks_like_latex(text) if latex is None else latex:
        return parse_latex(text, functions=functions)
    if "=" in text:  # plain parse refuses an equation in the Python API's words
        return parse_with_notes(text, functions=functions)[0]
    return parse(text, functions=functions)


def parse_any(text: str, *, functions: tuple[str, ...] = ()) -> Expr:
    """:func:`parse_text` of a formula; a :class:`~symderiv.errors.ParseError` for an
    equation."""
    found = parse_text(text, functions=functions)
    if isinstance(found, Equation):
        raise ParseError("expected a formula, not an equation", text, max(text.find("="), 0))
    return found


__all__ = [
    "looks_like_latex",
    "parse",
    "parse_any",
    "parse_equation",
    "parse_latex",
    "parse_latex_with_notes",
    "parse_text",
    "parse_with_notes",
]
