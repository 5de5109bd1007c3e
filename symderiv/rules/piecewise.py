"""Piecewise functions, differentiated piece by piece:

    (fᵢ(x) where cᵢ holds)′ = fᵢ′(x) where cᵢ holds

each piece's derivative a step of its own.  The points where a condition changes (the
boundaries, ``x = 0`` for ``x ≥ 0``) are excluded, as :attr:`Condition.kink`
conditions, unless the function is continuous there and its one-sided derivatives agree:
then the rule is ``piecewise-smooth`` and says so.  A boundary is judged when its
condition compares the variable itself with a number (``x ≥ 0``, ``x < 1``) and no other
symbol is free; any other boundary (``x² < 1``) is excluded as it is written.

>>> from symderiv.parse import parse
>>> from symderiv.engine import derivative_steps
>>> step = derivative_steps(parse("piecewise((x^2, x >= 0), (-x, True))"), parse("x"))
>>> step.rule, str(step.result), [str(c) for c in step.conditions]
('piecewise', 'piecewise((2*x, x >= 0), (-1, True))', ['x ≠ 0'])
>>> step = derivative_steps(parse("piecewise((x^2, x >= 0), (0, True))"), parse("x"))
>>> step.rule, [str(c) for c in step.conditions]
('piecewise-smooth', [])
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..deferred import mpmath
from ..expr import Call, Expr, Sym, free_names
from ..numeric import NumericError, evaluate
from ..special_functions import OTHERWISE, RELATIONS, pieces_of, piecewise
from ..steps import Condition
from .base import Part, constant_value, is_constant, rule

__all__ = ["boundaries", "excluded_boundaries", "piece_by_piece", "piece_by_piece_smooth"]

#: How far either side of a boundary its one-sided pieces are looked for.
_SIDE = Fraction(1, 10**12)
#: Digits the one-sided values and slopes are compared at.
_DIGITS = 40


def _is_piecewise(node: Expr, var: Expr) -> bool:
    return isinstance(node, Call) and node.name == "piecewise"


def _parts(node: Expr, var: Expr) -> tuple[Part, ...]:
    assert isinstance(node, Call)
    return tuple((value, var) for value, _condition in pieces_of(node))


def _relations(condition: Expr) -> list[Call]:
    """The comparisons a condition is made of (``and`` opened)."""
    if not isinstance(condition, Call) or condition.name not in RELATIONS:
        return []
    if condition.name == "and":
        return [r for part in condition.children for r in _relations(part)]
    return [condition]


def boundaries(node: Call, var: Expr) -> list[tuple[Expr, Expr]]:
    """Where the node's conditions change, as ``(lhs, rhs)`` of ``lhs = rhs``, each once."""
    found: dict[tuple[Expr, Expr], None] = {}
    for _value, condition in pieces_of(node):
        for relation in _relations(condition):
            lhs, rhs = relation.children
            if not (is_constant(lhs, var) and is_constant(rhs, var)):
                found[(lhs, rhs) if not is_constant(lhs, var) else (rhs, lhs)] = None
    return list(found)


def _active(node: Call, at: dict[str, Any]) -> int | None:
    """The number of the piece that holds at the point (``None``: none does, or the
    conditions have no value there)."""
    for index, (_value, condition) in enumerate(pieces_of(node)):
        if condition is OTHERWISE:
            return index
        try:
            if evaluate(condition, at, dps=_DIGITS) != 0:
                return index
        except (NumericError, TypeError, ValueError):
            return None
    return None


def _agree(a: Any, b: Any) -> bool:
    with mpmath.workdps(_DIGITS):
        return bool(abs(a - b) <= mpmath.mpf(10) ** (10 - _DIGITS) * max(1, abs(a), abs(b)))


def _value_and_slope(value: Expr, var: Sym, point: Fraction) -> tuple[Any, Any] | None:
    """A piece's value and derivative at the point (mpmath, 40 digits), from its own
    formula: the one-sided value and slope of the function there."""
    try:
        with mpmath.workdps(_DIGITS):
            at = mpmath.mpf(point.numerator) / point.denominator

            def f(t: Any) -> Any:  # at the precision mpmath.diff works at
                return evaluate(value, {var.name: t}, dps=mpmath.mp.dps)

            return f(at), mpmath.diff(f, at)
    except (NumericError, TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None


def _smooth_at(node: Call, var: Sym, point: Fraction) -> bool:
    """Whether the function is continuous at ``var = point`` and its one-sided
    derivatives there agree (the pieces that hold on either side, their values and
    slopes)."""
    with mpmath.workdps(_DIGITS):
        at = mpmath.mpf(point.numerator) / point.denominator
        side = mpmath.mpf(_SIDE.numerator) / _SIDE.denominator
        left = _active(node, {var.name: at - side})
        right = _active(node, {var.name: at + side})
    if left is None or right is None:
        return False
    if left == right:
        return True
    values = [value for value, _condition in pieces_of(node)]
    one, other = (
        _value_and_slope(values[left], var, point),
        _value_and_slope(values[right], var, point),
    )
    if one is None or other is None:
        return False
    return all(_agree(a, b) for a, b in zip(one, other, strict=True))


def excluded_boundaries(node: Expr, var: Expr) -> tuple[Condition, ...]:
    """The boundaries where the derivative may not exist, as ``lhs ≠ rhs``: all but those
    where the function is continuous and its one-sided derivatives agree."""
    assert isinstance(node, Call)
    alone = isinstance(var, Sym) and free_names(node) <= {var.name}
    excluded = []
    for lhs, rhs in boundaries(node, var):
        point = constant_value(rhs)
        if alone and lhs is var and point is not None and _smooth_at(node, var, point):  # type: ignore[arg-type]
            continue
        excluded.append(Condition(lhs, "≠", rhs, kink=True))
    return tuple(excluded)


def _combine(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    assert isinstance(node, Call)
    conditions = [condition for _value, condition in pieces_of(node)]
    return piecewise(*zip(results, conditions, strict=True))


@rule(
    Call,
    "piecewise-smooth",
    "(fᵢ(x) where cᵢ)′ = fᵢ′(x) where cᵢ; at each boundary fᵢ = fⱼ and fᵢ′ = fⱼ′",
    r"\left(f_i(x) \text{ where } c_i\right)' = f_i'(x) \text{ where } c_i",
    matches=lambda node, var: _is_piecewise(node, var) and not excluded_boundaries(node, var),
    parts=_parts,
)
def piece_by_piece_smooth(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(fᵢ where cᵢ)′ = fᵢ′ where cᵢ, with the boundaries included: at each one the
    function is continuous and its one-sided derivatives agree."""
    return _combine(node, var, results)


@rule(
    Call,
    "piecewise",
    "(fᵢ(x) where cᵢ)′ = fᵢ′(x) where cᵢ, away from the boundaries",
    r"\left(f_i(x) \text{ where } c_i\right)' = f_i'(x) \text{ where } c_i",
    matches=_is_piecewise,
    parts=_parts,
    conditions=excluded_boundaries,
)
def piece_by_piece(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(fᵢ where cᵢ)′ = fᵢ′ where cᵢ: each piece's derivative under its own condition,
    the boundaries excluded."""
    return _combine(node, var, results)
