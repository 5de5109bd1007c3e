"""Parsers: plain infix text and LaTeX, both giving the same expression tree."""

from __future__ import annotations

from typing import Any

from ..expr import Equation, Expr
from .infix import parse, parse_equation

__all__ = ["parse", "parse_equation", "parse_latex"]


def parse_latex(source: str, **options: Any) -> Expr | Equation:
    """Read a LaTeX formula (see :mod:`symderiv.parse.latex`)."""
    from .latex import parse_latex as _parse_latex

    return _parse_latex(source, **options)
