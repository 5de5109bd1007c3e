"""Parsers: plain infix text and LaTeX, both giving the same expression tree.

Each reader refuses a formula that defines a function (``f(x) = x^2``) saying how
symderiv takes it (:mod:`symderiv.parse.definitions`).
"""

from __future__ import annotations

from . import infix, latex
from .definitions import reading

parse = reading(infix.parse)
parse_equation = reading(infix.parse_equation)
parse_with_notes = reading(infix.parse_with_notes)
parse_latex = reading(latex.parse_latex)
parse_latex_with_notes = reading(latex.parse_latex_with_notes)

__all__ = ["parse", "parse_equation", "parse_latex", "parse_latex_with_notes", "parse_with_notes"]
