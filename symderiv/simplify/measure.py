"""Sizes for choosing between forms: :func:`leaves` of a tree, :func:`written_leaves`
once the ratio functions are written back, :func:`rational_leaves` estimated on the
polynomials without building a tree."""

from __future__ import annotations

from functools import lru_cache

from ..expr import (
    Expr,
    fold,
)
from .atoms import Atoms, as_square, root_indices, writes_decimals
from .kinds import forget as forget_kinds
from .opcount import operations
from .poly import Poly, Rational
from .poly import forget as forget_arithmetic
from .ratios import forget as forget_ratios
from .ratios import ratio_functions


def rational_leaves(value: Rational, atoms: Atoms) -> int:
    """The leaves of ``value`` written back unfactored, counted on the polynomials (an
    estimate that builds no tree: each coefficient other than ±1, each atom's leaves,
    each power other than 1; a Pythagorean square as the square it is written as)."""
    sizes = [leaves(atom) for atom in atoms.items]
    return poly_leaves(value.numerator, atoms, sizes) + sum(
        poly_leaves(poly, atoms, sizes) + (multiplicity != 1)
        for poly, multiplicity in value.factors
    )


def poly_leaves(poly: Poly, atoms: Atoms, sizes: list[int]) -> int:
    """The leaves of ``poly`` written back unfactored (``sizes``: each atom's leaves)."""
    square = as_square(poly, atoms)
    if square is not None:
        return leaves(square[0]) + 1
    total = 0
    for monomial, coefficient in poly.terms:
        total += abs(coefficient) != 1 or not monomial
        for atom, exponent in monomial:
            total += sizes[atom] + (exponent != 1)
    return total


#: The leaves of each tree measured so far, kept from call to call (the last
#: :data:`KEPT` trees): atoms and candidate forms are measured again and again.
_LEAVES: dict[Expr, int] = {}
KEPT = 100_000


def _count(node: Expr, children: list[int]) -> int:
    return sum(children) if children else 1


def leaves(expr: Expr) -> int:
    """Leaves counted with repetition: the measure of size for choosing a form (each
    node counted once however often it is measured)."""
    found = _LEAVES.get(expr)
    if found is None:
        if len(_LEAVES) > KEPT:
            _LEAVES.clear()
        found = fold(expr, _count, _LEAVES)
    return found


def forget_measures() -> None:
    """Forget what is remembered per interned tree (:func:`written_leaves`, :func:`leaves`,
    root indices, the ratio functions written back) and per monomial and polynomial."""
    written_leaves.cache_clear()
    written_operations.cache_clear()
    _LEAVES.clear()
    root_indices.cache_clear()
    writes_decimals.cache_clear()
    forget_ratios()
    forget_arithmetic()
    forget_kinds()


@lru_cache(maxsize=4096)
def written_leaves(expr: Expr) -> int:
    """The leaves of ``expr`` once the ratio functions are written back (``x·sin²u/cos²u``
    is ``x·tan²u`` at the end), the measure for choosing between forms (once per interned
    tree: the same form is often measured against several others)."""
    return leaves(ratio_functions(expr))


@lru_cache(maxsize=4096)
def written_operations(expr: Expr) -> int:
    """The operations SymPy's ``count_ops`` counts in ``expr`` once the ratio functions
    are written back: between forms of as many leaves, the one with fewer ÷ and ×."""
    return operations(ratio_functions(expr))
