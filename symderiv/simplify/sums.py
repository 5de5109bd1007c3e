"""Rewrites of sums over an index: linearity, the Kronecker delta, and facts the user gives.

* ``sum-split``  Σₖ (a·fₖ + b·gₖ) = a·Σₖ fₖ + b·Σₖ gₖ for a, b free of k, and
  Σₖ₌₁ᴷ c = K·c — done when it lets a delta or a given fact act, or shortens the sum;
* ``delta-sum``  Σₖ fₖ·δₖₗ = fₗ, for l within the range of k;
* ``given``      a fact the user states, such as Σₖ tₖ = 1, replaces its left side
  wherever it occurs (a sum matches whatever its index is called);
* ``sum-combine`` a·Σᵢ fᵢ + b·Σᵢ gᵢ = Σᵢ (a·fᵢ + b·gᵢ) for sums over one range, the
  summand then tidied — the last pass, so that what is left of a gradient reads as
  one sum, (1/N)·Σᵢ (σ(w·xᵢ) − tᵢ)·xᵢⱼ;
* ``sum-scale``  c·Σᵢ fᵢ = Σᵢ c·fᵢ when c cancels into the summand, which then holds
  fewer leaves: (Σᵢ 2xᵢ·(w·xᵢ − yᵢ))/2 = Σᵢ xᵢ·(w·xᵢ − yᵢ); a coefficient that only stands
  beside the summand stays outside, as (1/N) does above.

Each is registered in :mod:`symderiv.simplify` as a named, verified rewrite.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ..expr import (
    ONE,
    Add,
    Call,
    Div,
    Equation,
    Expr,
    Mul,
    Neg,
    Num,
    Sum,
    Sym,
    add,
    div,
    fold,
    free_names,
    mul,
    neg,
    postorder,
    rebuild,
    sub,
    substitute,
)
from ..steps import Condition
from .atoms import Atoms
from .kinds import holds
from .measure import leaves
from .poly import Coefficient, Monomial, Poly, Rational, TooLarge
from .read import to_rational
from .terms import poly_to_expression
from .write import to_expression

__all__ = [
    "PASSES",
    "apply_given",
    "collapse",
    "collapse_sum",
    "combine_sums",
    "scale_sums",
    "split",
    "split_sum",
]

NO_BINDINGS: tuple[tuple[str, Expr], ...] = ()


# ---------------------------------------------------------------------------------------
# sum-split
# ---------------------------------------------------------------------------------------
def _count(node: Sum) -> Expr | None:
    """Σ 1 over the range of ``node``: upper − lower + 1 (``None`` when the range is open)."""
    if node.upper is None:
        return None
    if node.lower is None or node.lower == Num(1):
        return node.upper
    return add(sub(node.upper, node.lower), ONE)


def _keep(atom: Expr) -> Expr:
    return atom


def _has_delta_of(expr: Expr, index: Expr) -> bool:
    return any(
        isinstance(node, Call) and node.name == "delta" and index in node.children
        for node in postorder(expr)
    )


def split_sum(node: Sum, given: tuple[Equation, ...] = ()) -> Expr:
    """Σₖ (a·fₖ + b·gₖ) = a·Σₖ fₖ + b·Σₖ gₖ (a, b free of k); else ``node`` unchanged."""
    atoms = Atoms()
    try:
        value = to_rational(node.body, atoms, _keep, cancel=True)
    except (TooLarge, ZeroDivisionError, RecursionError):
        return node
    name = node.index.name  # type: ignore[attr-defined]
    dependent = {n for n, atom in enumerate(atoms.items) if name in free_names(atom)}
    if any(
        atom in dependent
        for poly, _ in value.factors
        for monomial, _ in poly.terms
        for atom, _ in monomial
    ):
        return node
    groups: dict[Monomial, dict[Monomial, Coefficient]] = {}
    for monomial, coefficient in value.numerator.terms:
        inside = tuple(pair for pair in monomial if pair[0] in dependent)
        outside = tuple(pair for pair in monomial if pair[0] not in dependent)
        groups.setdefault(inside, {})[outside] = coefficient
    pieces: list[Expr] = []
    acts = False
    for inside, coefficients in groups.items():
        factor = poly_to_expression(Poly.from_dict(coefficients), atoms)
        if inside:
            body = to_expression(Rational.of(Poly.from_dict({inside: Fraction(1)})), atoms)
            summed: Expr = Sum(body, node.index, node.lower, node.upper)
            acts = acts or _has_delta_of(body, node.index) or _matches_given(summed, given)
        else:
            counted = _count(node)
            summed = (
                counted if counted is not None else Sum(ONE, node.index, node.lower, node.upper)
            )
            acts = acts or counted is not None
        pieces.append(mul(factor, summed))
    numerator = add(*pieces)
    bottom = to_expression(Rational(Poly.constant(1), value.factors), atoms)
    result = div(numerator, bottom.children[1]) if isinstance(bottom, Div) else numerator
    if acts or leaves(result) < leaves(node):
        return result
    return node


def split(expr: Expr, given: tuple[Equation, ...] = ()) -> Expr:
    """Every sum in ``expr`` split by linearity where that helps, innermost first."""

    def combine(node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        return split_sum(rebuilt, given) if isinstance(rebuilt, Sum) else rebuilt

    return fold(expr, combine)


def sum_split(expr: Expr, context: Any) -> Any:
    if not holds(expr, "Sum"):  # a tree without one is rebuilt node for node as it is
        return expr, NO_BINDINGS, ()
    return split(expr, _facts(context)), NO_BINDINGS, ()


# ---------------------------------------------------------------------------------------
# delta-sum
# ---------------------------------------------------------------------------------------
def _factors(expr: Expr) -> tuple[bool, list[Expr]]:
    """The factors of a product, and whether it was negated."""
    negative = False
    while isinstance(expr, Neg):
        negative = not negative
        expr = expr.arg
    if not isinstance(expr, Mul):
        return negative, [expr]
    flat: list[Expr] = []
    for factor in expr.factors:
        inner_negative, inner = _factors(factor)
        negative ^= inner_negative
        flat.extend(inner)
    return negative, flat


def collapse_sum(node: Sum, conditions: list[Condition]) -> Expr:
    """Σₖ fₖ·δₖₗ = fₗ when the body is a product (or a quotient whose numerator is a
    product) holding a delta of the index."""
    body, below = node.body, None
    if isinstance(body, Div):
        body, below = body.children
    negative, factors = _factors(body)
    for position, factor in enumerate(factors):
        if not (isinstance(factor, Call) and factor.name == "delta"):
            continue
        first, second = factor.children
        other = second if first is node.index else first if second is node.index else None
        if other is None or other is node.index:
            continue
        rest = factors[:position] + factors[position + 1 :]
        kept = mul(*rest) if rest else ONE
        body = substitute(kept if below is None else div(kept, below), {node.index: other})
        _record_range(node, other, conditions)
        return neg(body) if negative else body
    return _collapse_common_delta(node, conditions)


def _collapse_common_delta(node: Sum, conditions: list[Condition]) -> Expr:
    """Σₖ δₖₗ·(a/b + c/d) = (a/b + c/d) at k = l, when every term of the body, brought to
    one denominator, holds the same delta of the index."""
    atoms = Atoms()
    try:
        value = to_rational(node.body, atoms, _keep, cancel=True)
    except (TooLarge, ZeroDivisionError, RecursionError):
        return node
    content = dict(value.numerator.monomial_content())
    for number, atom in enumerate(atoms.items):
        if number not in content or not (isinstance(atom, Call) and atom.name == "delta"):
            continue
        first, second = atom.children
        other = second if first is node.index else first if second is node.index else None
        if other is None or other is node.index:
            continue
        rest = Rational(
            value.numerator.divide_monomial(((number, content[number]),)), value.factors
        )
        body = substitute(to_expression(rest, atoms, factor=False), {node.index: other})
        _record_range(node, other, conditions)
        return body
    return node


def _record_range(node: Sum, value: Expr, conditions: list[Condition]) -> None:
    if node.lower is not None:
        conditions.append(Condition(node.lower, "≤", value))
    if node.upper is not None:
        conditions.append(Condition(value, "≤", node.upper))


def collapse(expr: Expr) -> tuple[Expr, tuple[Condition, ...]]:
    """Every sum in ``expr`` collapsed against its Kronecker deltas, innermost first."""
    conditions: list[Condition] = []

    def combine(node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        return collapse_sum(rebuilt, conditions) if isinstance(rebuilt, Sum) else rebuilt

    return fold(expr, combine), tuple(conditions)


def delta_sum(expr: Expr, context: Any) -> Any:
    if not holds(expr, "Sum"):
        return expr, NO_BINDINGS, ()
    result, conditions = collapse(expr)
    return result, NO_BINDINGS, conditions


# ---------------------------------------------------------------------------------------
# given facts
# ---------------------------------------------------------------------------------------
_BOUND = Sym("ι")


def _canonical(expr: Expr) -> Expr:
    """A sum with its index renamed to one fixed name, so Σₖ tₖ and Σₘ tₘ compare equal."""
    if isinstance(expr, Sum):
        body = substitute(expr.body, {expr.index: _BOUND})
        return Sum(body, _BOUND, expr.lower, expr.upper)
    return expr


def _matches_given(expr: Expr, given: tuple[Equation, ...]) -> bool:
    canonical = _canonical(expr)
    return any(_canonical(fact.lhs) is canonical for fact in given)


def apply_given(expr: Expr, given: tuple[Equation, ...]) -> tuple[Expr, tuple[Condition, ...]]:
    """``expr`` with the left side of each fact replaced by its right side."""
    if not given:
        return expr, ()
    table = {_canonical(fact.lhs): fact for fact in given}
    used: dict[Equation, None] = {}

    def combine(node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        fact = table.get(_canonical(rebuilt))
        if fact is None:
            return rebuilt
        used[fact] = None
        return fact.rhs

    result = fold(expr, combine)
    return result, tuple(Condition(fact.lhs, "=", fact.rhs) for fact in used)


def _facts(context: Any) -> tuple[Equation, ...]:
    return tuple(fact for fact in getattr(context, "given", ()) if isinstance(fact, Equation))


def given_facts(expr: Expr, context: Any) -> Any:
    result, conditions = apply_given(expr, _facts(context))
    return result, NO_BINDINGS, conditions


# ---------------------------------------------------------------------------------------
# sum-combine
# ---------------------------------------------------------------------------------------
def _summed_term(term: Expr) -> tuple[Expr, Sum] | None:
    """``term`` as coefficient × Σ, the coefficient free of the sum's index."""
    negative, factors = _factors(term)
    sums = [factor for factor in factors if isinstance(factor, Sum)]
    if len(sums) != 1:
        return None
    summed = sums[0]
    rest = [factor for factor in factors if factor is not summed]
    coefficient = mul(*rest) if rest else ONE
    if summed.index.name in free_names(coefficient):
        return None
    return (neg(coefficient) if negative else coefficient), summed


def _combine_terms(node: Expr, tidy: Callable[[Expr], Expr]) -> Expr:
    """An Add whose terms include several sums over one range, as one sum."""
    if not isinstance(node, Add):
        return node
    groups: dict[tuple[Expr | None, Expr | None], list[tuple[Expr, Sum]]] = {}
    others: list[Expr] = []
    for term in node.terms:
        found = _summed_term(term)
        if found is None:
            others.append(term)
        else:
            groups.setdefault((found[1].lower, found[1].upper), []).append(found)
    if all(len(group) < 2 for group in groups.values()):
        return node
    combined: list[Expr] = []
    for (lower, upper), group in groups.items():
        index = group[0][1].index
        if len(group) < 2 or any(index.name in free_names(c) for c, _ in group):
            combined.extend(mul(coefficient, summed) for coefficient, summed in group)
            continue
        body = add(
            *(
                mul(coefficient, substitute(summed.body, {summed.index: index}))
                for coefficient, summed in group
            )
        )
        combined.append(Sum(tidy(body), index, lower, upper))
    return add(*others, *combined)


def combine_sums(expr: Expr, tidy: Callable[[Expr], Expr]) -> Expr:
    """Every sum of sums over one range in ``expr`` as one sum, its summand tidied;
    ``expr`` unchanged unless that is no longer."""

    def combine(node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        if isinstance(node, Div) and isinstance(node.num, Add) and isinstance(rebuilt, Div):
            top, bottom = rebuilt.children
            if isinstance(top, Sum):  # the numerator's sums became one: (1/N)·Σ
                return mul(div(ONE, bottom), top)
        return _combine_terms(rebuilt, tidy)

    result = fold(expr, combine)
    return result if leaves(result) <= leaves(expr) else expr


def sum_combine(expr: Expr, context: Any) -> Any:
    if not holds(expr, "Sum"):
        return expr, NO_BINDINGS, ()
    return combine_sums(expr, context.tidy), NO_BINDINGS, ()


# ---------------------------------------------------------------------------------------
# sum-scale
# ---------------------------------------------------------------------------------------
def _scaled_sum(term: Expr) -> tuple[Expr, Sum] | None:
    """``term`` as coefficient × Σ, the coefficient free of the sum's index, when it is a
    product or a quotient holding one sum (``(Σᵢ 2·fᵢ)/2``, ``−a·Σᵢ fᵢ/b``)."""
    if isinstance(term, Div):
        found = _summed_term(term.num)
        if found is None or term.den.free_names & {found[1].index.name}:
            return None
        return div(found[0], term.den), found[1]
    return _summed_term(term)


def _into_sum(term: Expr, tidy: Callable[[Expr], Expr]) -> Expr:
    """c·Σᵢ fᵢ = Σᵢ c·fᵢ when the coefficient cancels into the summand, which then holds
    fewer leaves than fᵢ did (``(Σᵢ 2xᵢ·(w·xᵢ − yᵢ))/2 = Σᵢ xᵢ·(w·xᵢ − yᵢ)``); a
    coefficient that only stands beside the summand stays outside (``(1/N)·Σᵢ fᵢ``)."""
    found = _scaled_sum(term) if isinstance(term, (Mul, Div, Neg)) else None
    if found is None or found[0] is ONE:
        return term
    coefficient, summed = found
    before = leaves(summed.body)
    body = mul(coefficient, summed.body)  # numbers cancel here
    if leaves(body) >= before:
        body = _into_sum(body, tidy)  # into a sum inside the sum
    if leaves(body) >= before:
        body = tidy(body)
    if leaves(body) >= before:
        return term
    return Sum(body, summed.index, summed.lower, summed.upper)


def scale_sums(expr: Expr, tidy: Callable[[Expr], Expr]) -> Expr:
    """Every coefficient in ``expr`` that cancels into its sum's summand moved in (see
    :func:`_into_sum`)."""
    return fold(expr, lambda node, children: _into_sum(rebuild(node, children), tidy))


def sum_scale(expr: Expr, context: Any) -> Any:
    if not holds(expr, "Sum"):
        return expr, NO_BINDINGS, ()
    return scale_sums(expr, context.tidy), NO_BINDINGS, ()


#: The passes over sums: (key, formula, LaTeX, function); :mod:`symderiv.simplify`
#: registers each at its place in ``simplify.ORDER``.
PASSES: tuple[tuple[str, str, str, Callable[[Expr, Any], Any]], ...] = (
    (
        "sum-split",
        "Σₖ (a·fₖ + b·gₖ) = a·Σₖ fₖ + b·Σₖ gₖ,  Σₖ₌₁ᴷ c = K·c",
        r"\sum_{k} \left(a f_{k} + b g_{k}\right) = a \sum_{k} f_{k} + b \sum_{k} g_{k}",
        sum_split,
    ),
    (
        "delta-sum",
        "Σₖ fₖ·δₖₗ = fₗ  (l in the range of k)",
        r"\sum_{k} f_{k}\,\delta_{kl} = f_{l}",
        delta_sum,
    ),
    (
        "given",
        "a fact the user gives replaces its left side",
        r"\text{using the given facts}",
        given_facts,
    ),
    (
        "sum-combine",
        "a·Σₖ fₖ + b·Σₖ gₖ = Σₖ (a·fₖ + b·gₖ)",
        r"a \sum_{k} f_{k} + b \sum_{k} g_{k} = \sum_{k} \left(a f_{k} + b g_{k}\right)",
        sum_combine,
    ),
    (
        "sum-scale",
        "c·Σₖ fₖ = Σₖ c·fₖ  (when c cancels into the summand)",
        r"c \sum_{k} f_{k} = \sum_{k} c\, f_{k}",
        sum_scale,
    ),
)
