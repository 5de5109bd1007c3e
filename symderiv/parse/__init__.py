"""Parsers: plain infix text and LaTeX, both giving the same expression tree."""

from __future__ import annotations

from .infix import parse, parse_equation
from .latex import parse_latex

__all__ = ["parse", "parse_equation", "parse_latex"]
