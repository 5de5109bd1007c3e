"""The conditions a derivation's steps state, written in the function's own names, and
the first one a point breaks.

A function rule's formula is stated in its template's letter: the step of √u says
``u > 0``.  Inside the chain rule, which binds ``u`` (``u = x²`` for √(x²)), that
condition is about the function's own variable: ``x² > 0``, false at x = 0, where
√(x²) = |x| has no derivative.  :func:`step_conditions` writes every step's
conditions so (the chain rule's binding put in for the template's letter), and
:func:`broken_condition` names the first that a point breaks.

>>> from symderiv.pipeline import derive
>>> from symderiv.expr import Num, Sym
>>> found = step_conditions(derive("sqrt(x^2)"))
>>> [str(c) for c in found]
['x^2 > 0']
>>> str(broken_condition(found, {Sym("x"): Num(0)}))
'x^2 > 0'
>>> broken_condition(found, {Sym("x"): Num(2)}) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import mpmath

from ..expr import Expr, Sym, free_names, substitute
from ..numeric import NumericError, evaluate

if TYPE_CHECKING:
    from ..steps import Condition, Derivation, Step

__all__ = ["broken_condition", "step_conditions"]

#: Digits the two sides of a condition are evaluated to.
DIGITS = 40
#: How close (relative, at :data:`DIGITS`) two sides must be to count as equal.
TINY = mpmath.mpf(10) ** -30

#: The chain rule's bindings: the inner function, and the outer function written in it.
_INNER, _OUTER = "u", "f(u)"


def step_conditions(derivation: Derivation) -> tuple[Condition, ...]:
    """Every condition the steps state, each once, in the function's own names: a
    condition of the rule applied to the chain rule's outer function (``√u``: u > 0)
    with the chain rule's ``u`` put in (``x² > 0``); a condition left in a letter the
    function does not have is dropped."""
    names = free_names(derivation.source)
    found: dict[Condition, None] = {}
    for level in derivation.orders:
        for top in level.steps:
            for condition in _instantiated(top):
                sides = free_names(condition.lhs) | free_names(condition.rhs)
                if sides <= names | {"ℤ"}:
                    found.setdefault(condition, None)
    return tuple(found)


def _instantiated(top: Step) -> Iterable[Condition]:
    """The conditions of ``top`` and its substeps, each with the binding of the chain
    rule above it put in for its template's letter."""
    stack: list[tuple[Step, dict[Expr, Expr]]] = [(top, {})]
    while stack:
        step, mapping = stack.pop()
        for condition in step.conditions:
            yield replace(
                condition,
                lhs=substitute(condition.lhs, mapping),
                rhs=substitute(condition.rhs, mapping),
            )
        bound = dict(step.bindings)
        outer = bound.get(_OUTER)
        inner = bound.get(_INNER)
        for sub in step.substeps:
            if outer is not None and inner is not None and sub.expr == outer:
                stack.append((sub, {Sym(_INNER): substitute(inner, mapping)}))
            else:
                stack.append((sub, mapping))


def _value(expr: Expr, bound: dict[Expr, Expr]) -> Any:
    return evaluate(substitute(expr, bound), {}, dps=DIGITS)


def _close(a: Any, b: Any) -> bool:
    return bool(abs(a - b) <= TINY * max(1, abs(a), abs(b)))


def _whole(a: Any) -> bool:
    return bool(abs(a - mpmath.nint(mpmath.re(a))) <= TINY * max(1, abs(a)))


#: Whether a relation fails between two values (equal within :data:`TINY` counts as
#: equal: a point on a boundary breaks ``u > 0`` and ``u ≠ 0``).
_FAILS: dict[str, Callable[[Any, Any], bool]] = {
    ">": lambda a, b: _close(a, b) or mpmath.re(a) < mpmath.re(b),
    "<": lambda a, b: _close(a, b) or mpmath.re(a) > mpmath.re(b),
    "≥": lambda a, b: not _close(a, b) and mpmath.re(a) < mpmath.re(b),
    "≤": lambda a, b: not _close(a, b) and mpmath.re(a) > mpmath.re(b),
    "≠": _close,
}


def broken_condition(
    conditions: Iterable[Condition],
    bound: dict[Expr, Expr],
    keep: Callable[[Condition], bool] | None = None,
) -> Condition | None:
    """The first of ``conditions`` (those ``keep`` accepts) that the point ``bound``
    (name -> exact value) breaks, to 30 digits: ``x² > 0`` at x = 0, ``x ∉ ℤ`` at
    x = 2; ``None`` when it breaks none.  A condition that cannot be evaluated there, or
    whose sides are not real there, is not counted as broken."""
    with mpmath.workdps(DIGITS):
        for condition in conditions:
            if keep is not None and not keep(condition):
                continue
            try:
                lhs = _value(condition.lhs, bound)
                if condition.relation == "∉":
                    if _whole(lhs):
                        return condition
                    continue
                rhs = _value(condition.rhs, bound)
            except (NumericError, ValueError, TypeError, ZeroDivisionError, OverflowError):
                continue
            if any(abs(mpmath.im(side)) > TINY * max(1, abs(side)) for side in (lhs, rhs)):
                continue
            fails = _FAILS.get(condition.relation)
            if fails is not None and fails(lhs, rhs):
                return condition
    return None
