"""The local moves a textbook makes before the passes, each one law applied one place at
a time: a factor cancelled against its reciprocal, fractions over a common denominator,
a numerator's common factor pulled out, a denominator's power of a product multiplied
out, a fraction reduced; and the openings of :func:`~symderiv.simplify.plan.plan` made
of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import prod

from ..expr import (
    ONE,
    Add,
    Div,
    Expr,
    Mul,
    Num,
    Pow,
    add,
    div,
    mul,
    neg,
    postorder,
    power,
)
from ..steps import Condition
from .moves import factor_common, power_of_product, reduced, signed_factors

__all__ = [
    "LATE_OPENINGS",
    "LOCAL_MOVES",
    "OPENINGS",
    "PLACES_SHOWN",
    "REDUCED_FIRST",
    "REDUCING",
    "Applied",
    "Bindings",
    "Move",
    "cancel_reciprocals",
    "common_denominator",
    "denominators_powered",
    "fractions_reduced",
    "numerators_factored",
    "one_denominator",
]


def _product(factors: Sequence[Expr]) -> Expr:
    return mul(*factors) if factors else ONE


Bindings = tuple[tuple[str, Expr], ...]
#: One application of a local move: its result, the parts its formula names, and the
#: conditions it assumes.
Applied = tuple[Expr, Bindings, tuple[Condition, ...]]
#: At most this many applications of one move are made in a row.
MAX_APPLICATIONS = 24
#: A move made in more places than this is shown as one step for all of them.
PLACES_SHOWN = 2


def _cancel_one(node: Expr) -> tuple[Expr, list[Expr]] | None:
    """``node`` (a product or quotient) with its factors cancelled against their
    reciprocals, and those factors (numbers above whose product is those below count as
    one); ``None`` when no factor cancels."""
    if not isinstance(node, (Mul, Div)):
        return None
    factors: list[tuple[Expr, int]] = []
    sign = signed_factors(node, 1, factors)
    numerator = [f for f, s in factors if s == 1]
    denominator = [f for f, s in factors if s == -1]
    cancelled = []
    for factor in list(denominator):
        if factor in numerator and not (isinstance(factor, Num) and factor.value == 1):
            numerator.remove(factor)
            denominator.remove(factor)
            cancelled.append(factor)
    above = [f for f in numerator if isinstance(f, Num)]
    below = [f for f in denominator if isinstance(f, Num)]
    if len(above) > 1 and below:
        product = prod(f.value for f in below)
        if prod(f.value for f in above) == product != 1:
            numerator = [f for f in numerator if not isinstance(f, Num)]
            denominator = [f for f in denominator if not isinstance(f, Num)]
            cancelled.append(Num(product))
    if not cancelled:
        return None
    top = _product(numerator)
    result = div(top, _product(denominator)) if denominator else top
    return (neg(result) if sign < 0 else result), cancelled


def _each_place(
    expr: Expr, apply: Callable[[Expr], tuple[Expr, Bindings, tuple[Condition, ...]] | None]
) -> list[Applied]:
    """``apply`` at one place at a time (the first place, children before parents), each
    application its own step, until it applies nowhere."""
    applied: list[Applied] = []
    current = expr
    for _ in range(MAX_APPLICATIONS):
        for node in postorder(current):
            found = apply(node)
            if found is not None:
                break
        else:
            return applied
        new, bindings, conditions = found
        current = current.subs({node: new})
        applied.append((current, bindings, conditions))
    return applied


def _cancel_at(node: Expr) -> tuple[Expr, Bindings, tuple[Condition, ...]] | None:
    found = _cancel_one(node)
    if found is None:
        return None
    result, factors = found
    conditions = tuple(Condition(f, "≠", Num(0)) for f in factors if not isinstance(f, Num))
    return result, (("u", _product(factors)),), conditions


def cancel_reciprocals(expr: Expr) -> list[Applied]:
    """``u·(1/u) = 1`` (``u ≠ 0``), one factor in one product at a time: a factor cancels
    against its reciprocal, ``t·(1/σ)·σ(1 − σ) = t(1 − σ)``, ``x/x = 1``."""
    return _each_place(expr, _cancel_at)


def _over_common_denominator(
    node: Expr, whole: bool = False
) -> tuple[Expr, Bindings, tuple[Condition, ...]] | None:
    if not isinstance(node, Add) or len(node.terms) < 2:
        return None
    parts: list[tuple[int, list[Expr], dict[Expr, int]]] = []
    # The least common denominator: each base to the largest whole power it has below a
    # line (a/x⁶ + b/x⁴ = (a + b·x²)/x⁶).
    least: dict[Expr, int] = {}
    for term in node.terms:
        factors: list[tuple[Expr, int]] = []
        sign = signed_factors(term, 1, factors)
        top = [f for f, s in factors if s == 1]
        bottom = [_whole_power(f) for f, s in factors if s == -1]
        if any(isinstance(base, Num) for base, _ in bottom):
            return None
        below: dict[Expr, int] = {}
        for base, exponent in bottom:
            below[base] = below.get(base, 0) + exponent
        parts.append((sign, top, below))
        for base, exponent in below.items():
            least[base] = max(least.get(base, 0), exponent)
    fractions = sum(1 for _, _, below in parts if below)
    if whole and not fractions:
        return None
    if not whole and (fractions < 2 or (len(least) < 2 and _all_alike(parts))):
        return None
    numerators = []
    for sign, top, below in parts:
        missing = [
            power(base, Num(most - below.get(base, 0)))
            for base, most in least.items()
            if most > below.get(base, 0)
        ]
        term = _product([*top, *missing])
        numerators.append(neg(term) if sign < 0 else term)
    denominators = [power(base, Num(most)) for base, most in least.items()]
    bindings: Bindings = ()
    if len(denominators) == 2 and all(len(below) <= 1 for _, _, below in parts):
        bindings = (("c", denominators[0]), ("d", denominators[1]))
    return div(add(*numerators), _product(denominators)), bindings, ()


def _whole_power(factor: Expr) -> tuple[Expr, int]:
    """``(u, n)`` for ``uⁿ`` with a whole ``n ≥ 1``; ``(factor, 1)`` otherwise."""
    if isinstance(factor, Pow) and isinstance(factor.exp, Num) and factor.exp.is_integer:
        if factor.exp.value >= 1:
            return factor.base, int(factor.exp.value)
    return factor, 1


def _all_alike(parts: list[tuple[int, list[Expr], dict[Expr, int]]]) -> bool:
    """Whether every fraction among ``parts`` has the same denominator."""
    belows = [below for _, _, below in parts if below]
    return all(below == belows[0] for below in belows)


def common_denominator(expr: Expr) -> list[Applied]:
    """``a/c + b/d = (a·d + b·c)/(c·d)``, one sum of fractions with different
    denominators at a time, the products left unexpanded."""
    return _each_place(expr, _over_common_denominator)


def one_denominator(expr: Expr) -> list[Applied]:
    """``a/c + b/d = (a·d + b·c)/(c·d)`` where the denominators may be one (``a/c + b/c =
    (a + b)/c``) or a term may have none (``a/c + b = (a + b·c)/c``), one sum at a time."""
    return _each_place(expr, lambda node: _over_common_denominator(node, whole=True))


def _bases(expr: Expr) -> set[Expr]:
    """The bases of the factors of a product (``u`` for ``uⁿ``), the product's own base
    for a power of a product."""
    while isinstance(expr, Pow) and isinstance(expr.exp, Num):
        expr = expr.base
    factors = expr.factors if isinstance(expr, Mul) else (expr,)
    return {f.base if isinstance(f, Pow) else f for f in factors}


def _numerator_factored(node: Expr) -> tuple[Expr, Bindings, tuple[Condition, ...]] | None:
    if not isinstance(node, Div) or not isinstance(node.num, Add):
        return None
    found = factor_common(node.num)
    if found is None or not (_bases(found[1]) & _bases(node.den)):
        return None
    return div(found[0], node.den), (("factor", found[1]),), ()


def numerators_factored(expr: Expr) -> list[Applied]:
    """``a·b + a·c = a·(b + c)`` in the numerator of a fraction, where the factor pulled
    out is also a factor of the denominator (so that it cancels next)."""
    return _each_place(expr, _numerator_factored)


def _denominator_powered(node: Expr) -> tuple[Expr, Bindings, tuple[Condition, ...]] | None:
    if not isinstance(node, Div):
        return None
    spread = power_of_product(node.den)
    return None if spread is None else (div(node.num, spread), (), ())


def denominators_powered(expr: Expr) -> list[Applied]:
    """``(a·b)ⁿ = aⁿ·bⁿ`` for a denominator that is a whole power of a product."""
    return _each_place(expr, _denominator_powered)


def _reduced_at(node: Expr) -> tuple[Expr, Bindings, tuple[Condition, ...]] | None:
    if not isinstance(node, Div) or isinstance(node.num, Num):
        return None
    result = reduced(node)
    return None if result is None else (result, (), ())


def fractions_reduced(expr: Expr) -> list[Applied]:
    """``(a·c)/(b·c) = a/b`` in each fraction whose numerator and denominator share a
    factor, one fraction at a time."""
    return _each_place(expr, _reduced_at)


Move = Callable[[Expr], list[Applied]]

#: The local moves, in the order a textbook makes them: cancel before combine.
LOCAL_MOVES: dict[str, Move] = {
    "cancel-reciprocal": cancel_reciprocals,
    "common-denominator": common_denominator,
    "factor-numerator": numerators_factored,
    "power-of-product": denominators_powered,
    "cancel": fractions_reduced,
}

#: The moves that reduce a fraction before it is combined with others: a denominator's
#: power of a product multiplied out (``(5x⁵)² = 25x¹⁰``), then the factors shared above
#: and below the line cancelled (``25a·x⁴/(25x¹⁰) = a/x⁶``).
REDUCING: tuple[tuple[str, Move], ...] = (
    ("power-of-product", denominators_powered),
    ("cancel", fractions_reduced),
)

#: The moves that reduce each fraction before the passes run, where the passes' own path
#: detours (see :func:`symderiv.simplify._reduced_first`).
REDUCED_FIRST: tuple[tuple[str, Move], ...] = (
    ("factor-numerator", numerators_factored),
    *REDUCING,
)

#: The candidate openings tried before the passes finish (each a sequence of moves).
#: The most moves first: the first path whose every expression is no larger than the
#: larger end is taken without trying the rest.
OPENINGS: tuple[tuple[str, ...], ...] = (
    ("cancel-reciprocal", "common-denominator"),
    ("cancel-reciprocal",),
    ("common-denominator",),
    (),
)

#: Openings tried only when none of :data:`OPENINGS` stays within the bound: each
#: fraction reduced first (its numerator's common factor pulled out, its denominator's
#: power of a product multiplied out, the shared factors cancelled).
LATE_OPENINGS: tuple[tuple[str, ...], ...] = (
    ("factor-numerator", "power-of-product", "cancel"),
    ("cancel-reciprocal", "factor-numerator", "power-of-product", "cancel"),
)
