"""Exact forms through SymPy, built from our trees (never from strings), in the SymPy
worker under a CPU budget, and checked in value before they are used.

* :func:`exact_value` — a constant expression (``(π/2)^sin(π/2)``) in simplest exact
  form (``π/2``); the result must agree with the original to 40 digits;
* :func:`reduce_on_curve` — an expression in x and y rewritten with a polynomial equation
  F(x, y) = 0 (the numerator and the denominator reduced modulo F, as
  ``x² + y² → 25`` on the circle x² + y² = 25); the caller checks it on points of the
  curve.

Both return ``None`` when SymPy could not help within the budget: the caller keeps
the form it had.
"""

from __future__ import annotations

from typing import Any

import mpmath

from ..bridge import ConversionError, from_sympy, to_sympy
from ..expr import E, Expr, fold, free_names, postorder, power, rebuild
from ..numeric import NumericError, evaluate
from ..sandbox import Overrun, preload, run
from ..simplify import tidy
from ..simplify.moves import same_up_to_order
from ..simplify.terms import is_exponential
from ..verify.equivalence import sympy_module
from ..verify.transport import pack, unpack

__all__ = ["DIGITS", "EXACT_BUDGET", "agree", "exact_value", "numeric_value", "reduce_on_curve"]

#: CPU seconds SymPy may spend on one exact form.
EXACT_BUDGET = 3.0
#: Digits to which an exact form must agree with the expression it replaces.
DIGITS = 40


def _operations(obj: Any) -> int:
    return int(obj.count_ops())


def _simplest_in_worker(data: bytes) -> bytes | None:
    """The worker's half of :func:`exact_value`: SymPy's simplest form of a constant."""
    sp = sympy_module()
    tree = unpack(data)
    try:
        value = to_sympy(tree, real=True)
        candidates = [value, sp.simplify(value)]
        candidates.append(sp.radsimp(sp.simplify(value)))
        best = min(candidates, key=_operations)
        if best.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            return None
        return pack(from_sympy(best))
    except (ConversionError, TypeError, ValueError, RecursionError):
        return None


def numeric_value(expr: Expr, values: dict[str, Any] | None = None, digits: int = DIGITS) -> Any:
    """``expr``'s value (mpmath) or ``None`` where it has none."""
    try:
        return evaluate(expr, values or {}, dps=digits)
    except (NumericError, TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None


def agree(a: Any, b: Any, digits: int = DIGITS) -> bool:
    """Two mpmath values equal to about ``digits − 8`` digits."""
    if a is None or b is None:
        return False
    with mpmath.workdps(digits):
        scale = max(mpmath.mpf(1), abs(a), abs(b))
        return bool(abs(a - b) <= mpmath.mpf(10) ** (8 - digits) * scale)


def exact_value(expr: Expr, *, budget: float = EXACT_BUDGET) -> Expr:
    """The simplest exact form of a constant expression, checked to :data:`DIGITS`
    digits against the expression itself; the tidied expression when SymPy's form
    could not be had or checked."""
    start = tidy(expr)
    if free_names(start):
        raise ValueError(f"{start} is not a constant")
    try:
        found = run(_simplest_in_worker, pack(start), seconds=budget)
    except (Overrun, ConversionError, RecursionError):
        return start
    if found is None:
        return start
    candidate = tidy(_exponentials_as_in(start, unpack(found)))
    if agree(numeric_value(candidate), numeric_value(start)):
        return candidate
    return start


def _exponentials_as_in(source: Expr, found: Expr) -> Expr:
    """``found`` with SymPy's ``exp(u)`` written ``eᵘ`` where ``source`` writes no
    ``exp(…)`` (``e^(1/2)`` stays so, not ``exp(1/2)``)."""
    if any(is_exponential(node) for node in postorder(source)):
        return found

    def written(node: Expr, children: list[Expr]) -> Expr:
        return power(E, children[0]) if is_exponential(node) else rebuild(node, children)

    return fold(found, written)


def _reduced_in_worker(data: bytes) -> bytes | None:
    """The worker's half of :func:`reduce_on_curve`."""
    sp = sympy_module()
    expr, equation, x, y = unpack(data)
    try:
        value = sp.together(to_sympy(expr, real=True))
        curve = sp.expand(to_sympy(equation, real=True))
        xs, ys = to_sympy(x, real=True), to_sympy(y, real=True)
        if not curve.is_polynomial(xs, ys):
            return None
        numerator, denominator = sp.fraction(value)
        if not (numerator.is_polynomial(xs, ys) and denominator.is_polynomial(xs, ys)):
            return None
        best = sp.factor(value)
        for order in ("grevlex", "lex"):
            for gens in ((xs, ys), (ys, xs)):
                top = sp.reduced(sp.expand(numerator), [curve], *gens, order=order)[1]
                bottom = sp.reduced(sp.expand(denominator), [curve], *gens, order=order)[1]
                if bottom == 0:
                    continue
                for candidate in (sp.factor(top / bottom), sp.factor(top) / sp.factor(denominator)):
                    if _operations(candidate) < _operations(best):
                        best = candidate
        return pack(from_sympy(best))
    except (ConversionError, TypeError, ValueError, RecursionError, sp.PolynomialError):
        return None


def reduce_on_curve(
    expr: Expr, curve: Expr, x: Expr, y: Expr, *, budget: float = EXACT_BUDGET
) -> Expr | None:
    """``expr`` rewritten with ``curve = 0`` (a polynomial in ``x`` and ``y``), or
    ``None`` when that gives nothing shorter.  Not checked here: the value agrees with
    ``expr`` only on the curve, which the caller checks on points of it."""
    try:
        found = run(_reduced_in_worker, pack((expr, curve, x, y)), seconds=budget)
    except (Overrun, ConversionError, RecursionError):
        return None
    if found is None:
        return None
    candidate = tidy(unpack(found))
    return None if same_up_to_order(candidate, tidy(expr)) else candidate


preload(__name__)
