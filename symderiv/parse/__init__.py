"""Parsers: plain infix text and LaTeX, both giving the same expression tree."""

from __future__ import annotations

from .infix import parse, parse_equation, parse_with_notes
from .latex import parse_latex, parse_latex_with_notes

__all__ = ["parse", "parse_equation", "parse_latex", "parse_latex_with_notes", "parse_with_notes"]
