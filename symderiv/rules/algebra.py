"""Rules for the algebraic structure: variable, sum, negation, constant multiple,
product and quotient.  (The constant rule is applied by the engine itself.)"""

from __future__ import annotations

from itertools import accumulate
from math import isqrt

from ..errors import LimitError
from ..expr import (
    ONE,
    TWO,
    Add,
    Call,
    Derivative,
    Div,
    E,
    Expr,
    Indexed,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    Value,
    add,
    div,
    free_names,
    mul,
    neg,
    power,
    product_of,
    split_factor,
    sub,
)
from ..steps import register_rule
from .base import Bindings, Part, is_constant, rule

__all__ = ["GROUPED_FROM", "MAX_PRODUCT_FACTORS", "constant_split", "product_name"]

register_rule("constant", "(c)′ = 0", r"(c)' = 0")

_PRODUCT_NAMES = ("f", "g", "h")


def product_name(index: int) -> str:
    """Names of the factors in the product rule: f, g, h, then f₄, f₅, …"""
    return _PRODUCT_NAMES[index] if index < len(_PRODUCT_NAMES) else f"f_{index + 1}"


@rule((Sym, Indexed), "variable", "(x)′ = 1", r"(x)' = 1", matches=lambda node, var: node is var)
def variable(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(x)′ = 1"""
    return ONE


def _each_term(node: Expr, var: Expr) -> tuple[Part, ...]:
    return tuple((term, var) for term in node.children)


@rule(Add, "sum", "(f + g)′ = f′ + g′", r"(f + g)' = f' + g'", parts=_each_term)
def sum_rule(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(f + g)′ = f′ + g′, term by term (a difference is a sum with a negated term)."""
    return add(*results)


@rule(
    Neg,
    "negation",
    "(−f)′ = −f′",
    r"(-f)' = -f'",
    parts=lambda node, var: ((node.children[0], var),),
)
def negation(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(−f)′ = −f′"""
    return neg(results[0])


def constant_split(node: Expr, var: Expr) -> tuple[list[Expr], list[Expr]]:
    """The factors of a product that do not depend on ``var``, and those that do."""
    constants = [f for f in node.children if is_constant(f, var)]
    varying = [f for f in node.children if not is_constant(f, var)]
    return constants, varying


def _varying_part(node: Expr, var: Expr) -> Expr:
    varying = constant_split(node, var)[1]
    return varying[0] if len(varying) == 1 else Mul(*varying)


def _constant_part(node: Expr, var: Expr) -> Expr:
    constants = constant_split(node, var)[0]
    return constants[0] if len(constants) == 1 else Mul(*constants)


def _has_constant_factor(node: Expr, var: Expr) -> bool:
    return bool(constant_split(node, var)[0])


def _constant_multiple_bindings(node: Expr, var: Expr) -> Bindings:
    return (("c", _constant_part(node, var)), ("f", _varying_part(node, var)))


@rule(
    Mul,
    "constant-multiple",
    "(c·f)′ = c·f′",
    r"(c \cdot f)' = c \cdot f'",
    matches=_has_constant_factor,
    parts=lambda node, var: ((_varying_part(node, var), var),),
    bindings=_constant_multiple_bindings,
)
def constant_multiple(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(c·f)′ = c·f′: a constant factor is pulled out, not sent through the product rule.

    Where f is one factor and f′ is a number times letters (or their powers), or f′ and
    the constants after f are functions' values, f′ stands where f stands, as the
    product is written, the numbers and letters first: (x²·y)′ = 2x·y, (ln a·x²)′ =
    2x·ln a, (eˣ·ln a)′ = eˣ·ln a; else c comes first: (sin x·a)′ = a·cos x."""
    constants, varying = constant_split(node, var)
    derivative = results[0]
    if len(varying) == 1 and _in_place(node, varying[0], derivative):
        in_place = (derivative if factor is varying[0] else factor for factor in node.children)
        return mul(*sorted(in_place, key=_after_letters))
    return mul(*constants, derivative)


def _in_place(node: Expr, varying: Expr, derivative: Expr) -> bool:
    """Whether the derivative of the one varying factor of ``node`` stands in its place
    (see :func:`constant_multiple`)."""
    if not _after_letters(derivative):
        return True
    after = node.children[node.children.index(varying) + 1 :]
    return _function_values(derivative) and all(_function_values(c) for c in after)


def _factors_of(factor: Expr) -> tuple[Expr, ...]:
    """The factors of a product other than numbers (``2``, ``√6``, ``ln 2``), through
    minus signs; a derivative still to take (the rule's shown application) is taken as
    what it differentiates."""
    while isinstance(factor, Neg):
        factor = factor.arg
    if isinstance(factor, Derivative):
        factor = factor.expr
    parts = factor.children if isinstance(factor, Mul) else (factor,)
    return tuple(part for part in parts if free_names(part))


def _after_letters(factor: Expr) -> bool:
    """Whether a factor stands after the numbers and letters of a product (``2x·y·eˣ``):
    anything but a number, a letter or a letter's power, or a product of them."""
    return not all(_is_letter_power(part) for part in _factors_of(factor))


def _function_values(factor: Expr) -> bool:
    """Whether a factor is a product of functions' values (``ln a``, ``eˣ``, ``2e²ˣ``)."""
    parts = _factors_of(factor)
    return bool(parts) and all(_is_function_value(part) for part in parts)


def _is_function_value(part: Expr) -> bool:
    base = part.base if isinstance(part, Pow) else part
    return isinstance(base, (Call, Log)) or base is E


def _is_letter_power(factor: Expr) -> bool:
    """Whether ``factor`` is a letter or a letter to a number (``x²``, ``xᵢ``)."""
    base = factor.base if isinstance(factor, Pow) and isinstance(factor.exp, Num) else factor
    return isinstance(base, (Sym, Indexed))


#: Most factors depending on the variable that the product rule takes: it writes each
#: of n factors n times, so a million factors' worth at most.
MAX_PRODUCT_FACTORS = 1_000


def _product_parts(node: Expr, var: Expr) -> tuple[Part, ...]:
    """Every factor's derivative; a product of too many factors is refused before any
    term is written."""
    count = len(node.children)
    if count > MAX_PRODUCT_FACTORS:
        raise LimitError(
            f"product too large for the product rule: {count:,} factors depend on the "
            f"variable (the limit is {MAX_PRODUCT_FACTORS:,}; the derivative would write "
            f"{count:,} terms of {count:,} factors)"
        )
    return _each_term(node, var)


def _product_bindings(node: Expr, var: Expr) -> Bindings:
    return tuple((product_name(i), factor) for i, factor in enumerate(node.children))


@rule(
    Mul,
    "product",
    "(f·g)′ = f′·g + f·g′",
    r"(f g)' = f' g + f g'",
    parts=_product_parts,
    bindings=_product_bindings,
)
def product(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(f·g·h)′ = f′·g·h + f·g′·h + f·g·h′ (one term per factor).

    Each term is what ``mul(f₁, …, fᵢ′, …, fₙ)`` gives; the factors are normalised
    (signs, numbers, nested products) once, not once per term, so that n factors cost
    the n terms' n factors to write and nothing more (see :func:`_product_terms`).  From
    :data:`GROUPED_FROM` factors on, the factors a term shares with the others are
    written as groups of about √n factors, each group one node shared by every term
    that holds it whole, so that the n terms hold about 2·n·√n factors and groups, not
    n² (see :func:`_grouped_terms`)."""
    factors = node.children
    if len(factors) < _SHARED_FROM:
        return add(
            *(
                mul(*factors[:i], derivative, *factors[i + 1 :])
                for i, derivative in enumerate(results)
            )
        )
    if len(factors) >= GROUPED_FROM:
        return add(*_grouped_terms(factors, results))
    return add(*_product_terms(factors, results))


#: From this many factors the product rule normalises the factors once for all terms.
_SHARED_FROM = 4
#: From this many factors the product rule's terms hold the factors they share as groups
#: (below it each term is written flat, as a textbook writes it; from it on the terms
#: hold 10,000 factors and more between them).
GROUPED_FROM = 100


class _SplitFactors:
    """A product's factors split once for all the product rule's terms: their other
    factors in one list (``flat``, the i-th factor's from ``offsets[i]`` to
    ``offsets[i + 1]``), the numbers and decimals before and after each factor, and the
    greatest depth of each factor's other factors."""

    def __init__(self, factors: tuple[Expr, ...]) -> None:
        parts = [split_factor(factor) for factor in factors]
        count = len(parts)
        self.count = count
        self.before: list[Value] = [1] * (count + 1)  # before[i]: the numbers of f₁ … fᵢ
        self.after: list[Value] = [1] * (count + 1)  # after[i]: the numbers of fᵢ₊₁ … fₙ
        for i, (coefficient, _, _) in enumerate(parts):
            self.before[i + 1] = self.before[i] * coefficient
        for i in range(count - 1, -1, -1):
            self.after[i] = parts[i][0] * self.after[i + 1]
        self.decimal_before = [False] * (count + 1)  # a decimal among f₁ … fᵢ
        self.decimal_after = [False] * (count + 1)  # a decimal among fᵢ₊₁ … fₙ
        for i, (_, decimal, _) in enumerate(parts):
            self.decimal_before[i + 1] = self.decimal_before[i] or decimal
        for i in range(count - 1, -1, -1):
            self.decimal_after[i] = parts[i][1] or self.decimal_after[i + 1]
        self.flat: list[Expr] = []
        self.offsets = [0]
        for _, _, items in parts:
            self.flat.extend(items)
            self.offsets.append(len(self.flat))
        self.deepest = [max((item.depth for item in items), default=0) for _, _, items in parts]

    def term(self, i: int, own: Value, own_decimal: bool, items: list[Expr], depth: int) -> Expr:
        """The i-th term: ``items`` (the other factors, fᵢ′'s among them, of greatest
        depth ``depth``) times the numbers of all factors but fᵢ and fᵢ′'s number ``own``."""
        decimal = self.decimal_before[i] or own_decimal or self.decimal_after[i + 1]
        coefficient = own
        for number in (self.before[i], self.after[i + 1]):
            if number != 1:  # most factors have no number: no fraction arithmetic for them
                coefficient *= number
        return product_of(coefficient, decimal, items, depth)


def _product_terms(factors: tuple[Expr, ...], results: tuple[Expr, ...]) -> list[Expr]:
    """The terms ``mul(f₁, …, fᵢ′, …, fₙ)`` of the product rule, equal node for node to
    calling :func:`~symderiv.expr.mul` per term: the factors' numbers are multiplied as
    prefix and suffix products, their other factors copied as slices of one list."""
    split = _SplitFactors(factors)
    flat, offsets = split.flat, split.offsets
    deepest_before = list(accumulate(split.deepest, max, initial=0))  # among f₁ … fᵢ
    deepest_after = list(accumulate(reversed(split.deepest), max, initial=0))[::-1]
    terms = []
    for i, derivative in enumerate(results):
        own, own_decimal, own_items = split_factor(derivative)
        items = [*flat[: offsets[i]], *own_items, *flat[offsets[i + 1] :]]
        depth = max(deepest_before[i], deepest_after[i + 1], *(item.depth for item in own_items))
        terms.append(split.term(i, own, own_decimal, items, depth))
    return terms


def _grouped_terms(factors: tuple[Expr, ...], results: tuple[Expr, ...]) -> list[Expr]:
    """The terms of the product rule with the factors they share grouped: the factors
    are cut into runs of about √n; the i-th term is the numbers of all factors but fᵢ
    and of fᵢ′, times each other run as one product node (the same node in every term
    but those of its own factors), times the other factors of fᵢ's run with fᵢ′'s in
    fᵢ's place.  Each term equals ``mul(f₁, …, fᵢ′, …, fₙ)`` once the groups are
    multiplied out."""
    split = _SplitFactors(factors)
    flat, offsets, count = split.flat, split.offsets, split.count
    size = isqrt(count)
    starts = list(range(0, count, size))
    stops = [*starts[1:], count]
    groups: list[list[Expr]] = []
    depths: list[int] = []
    for start, stop in zip(starts, stops, strict=True):
        items = flat[offsets[start] : offsets[stop]]
        deepest = max(split.deepest[start:stop])
        if len(items) > 1:
            groups.append([product_of(1, False, items, deepest)])
            depths.append(deepest + 1)
        else:
            groups.append(items)
            depths.append(deepest)
    deepest_before = list(accumulate(depths, max, initial=0))  # among the runs before
    deepest_after = list(accumulate(reversed(depths), max, initial=0))[::-1]
    terms = []
    for i, derivative in enumerate(results):
        run = i // size
        start, stop = starts[run], stops[run]
        own, own_decimal, own_items = split_factor(derivative)
        items = [
            *(group for kept in groups[:run] for group in kept),
            *flat[offsets[start] : offsets[i]],
            *own_items,
            *flat[offsets[i + 1] : offsets[stop]],
            *(group for kept in groups[run + 1 :] for group in kept),
        ]
        depth = max(
            deepest_before[run],
            deepest_after[run + 1],
            *split.deepest[start:i],
            *split.deepest[i + 1 : stop],
            *(item.depth for item in own_items),
        )
        terms.append(split.term(i, own, own_decimal, items, depth))
    return terms


def _quotient_bindings(node: Expr, var: Expr) -> Bindings:
    return (("f", node.children[0]), ("g", node.children[1]))


@rule(
    Div,
    "quotient-constant-denominator",
    "(f/c)′ = f′/c",
    r"\left(\frac{f}{c}\right)' = \frac{f'}{c}",
    matches=lambda node, var: is_constant(node.children[1], var),
    parts=lambda node, var: ((node.children[0], var),),
    bindings=lambda node, var: (("f", node.children[0]), ("c", node.children[1])),
)
def quotient_constant_denominator(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(f/c)′ = f′/c"""
    return div(results[0], node.children[1])


@rule(
    Div,
    "reciprocal",
    "(c/g)′ = −c·g′/g²",
    r"\left(\frac{c}{g}\right)' = -\frac{c\, g'}{g^{2}}",
    matches=lambda node, var: is_constant(node.children[0], var),
    parts=lambda node, var: ((node.children[1], var),),
    bindings=lambda node, var: (("c", node.children[0]), ("g", node.children[1])),
)
def reciprocal(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(c/g)′ = −c·g′/g²"""
    numerator, denominator = node.children
    return neg(div(mul(numerator, results[0]), power(denominator, TWO)))


@rule(
    Div,
    "quotient",
    "(f/g)′ = (f′·g − f·g′)/g²",
    r"\left(\frac{f}{g}\right)' = \frac{f' g - f g'}{g^{2}}",
    parts=_each_term,
    bindings=_quotient_bindings,
)
def quotient(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(f/g)′ = (f′·g − f·g′)/g²"""
    numerator, denominator = node.children
    d_numerator, d_denominator = results
    return div(
        sub(mul(d_numerator, denominator), mul(numerator, d_denominator)),
        power(denominator, TWO),
    )
