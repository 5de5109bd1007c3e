"""Rules for sums over an index: a derivative passes through Σ."""

from __future__ import annotations

from ..expr import ZERO, Expr, Sum
from .base import is_constant, rule

__all__: list[str] = []


def _bounds_constant(node: Expr, var: Expr) -> bool:
    return all(b is None or is_constant(b, var) for b in (node.lower, node.upper))  # type: ignore[attr-defined]


@rule(
    Sum,
    "sum-linearity",
    "(Σᵢ fᵢ)′ = Σᵢ fᵢ′",
    r"\left(\sum_{i} f_{i}\right)' = \sum_{i} f_{i}'",
    matches=_bounds_constant,
    parts=lambda node, var: ((node.body, var),),  # type: ignore[attr-defined]
)
def sum_linearity(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(Σᵢ fᵢ)′ = Σᵢ fᵢ′: a derivative passes through a sum with constant bounds."""
    if results[0] is ZERO:
        return ZERO
    return Sum(results[0], node.index, node.lower, node.upper)  # type: ignore[attr-defined]
