"""Verification: every result and every step checked against SymPy, and honest about doubt.

A check compares two expressions in three stages:

1. **structural** — SymPy's canonical forms of both sides are identical;
2. **numeric** — both sides evaluated at random points (30 significant digits) where
   both are real and finite; a disagreement is re-checked at 60 digits before it
   counts; at least three agreeing points, and no disagreeing one, make it pass.
   Points are drawn in turn from positive and negative ranges, so that an identity
   true only for x > 0 (such as √(x²) = x) is caught where both sides are real;
3. **symbolic** — when no point gave a verdict, ``simplify(a - b) == 0`` as a
   tie-breaker under the remaining time budget.

What none of them establishes is ``"undecided"``, never ``"verified"``.  The time
budget of a derivation (``budget`` seconds, 2 by default) is per concrete instance: an
indexed derivation checked on six assignments of its indices may take six times as
long as one with nothing to instantiate.  For a
derivative step the reference is SymPy's own derivative of that step's input, built
with :func:`~symderiv.bridge.to_sympy` (never from strings); for a rewrite step it is
the step's input itself.  Undefined functions (``f``, ``f'``) are replaced by a fixed
concrete function on both sides before evaluating.
"""

from __future__ import annotations

from .derivation import CONDITION_DOMAINS, Verification, condition_domain, verify_derivation
from .equivalence import COMPLEX_DETAIL, DEFAULT_BUDGET, Check, equivalent, equivalent_sympy

__all__ = [
    "COMPLEX_DETAIL",
    "CONDITION_DOMAINS",
    "DEFAULT_BUDGET",
    "Check",
    "Verification",
    "condition_domain",
    "equivalent",
    "equivalent_sympy",
    "verify_derivation",
]
