"""Rules for the algebraic structure: variable, sum, negation, constant multiple,
product and quotient.  (The constant rule is applied by the engine itself.)"""

from __future__ import annotations

from itertools import accumulate

from ..errors import LimitError
from ..expr import (
    ONE,
    TWO,
    Add,
    Div,
    Expr,
    Indexed,
    Mul,
    Neg,
    Sym,
    Value,
    add,
    div,
    mul,
    neg,
    power,
    product_of,
    split_factor,
    sub,
)
from ..steps import register_rule
from .base import Bindings, Part, is_constant, rule

__all__ = ["MAX_PRODUCT_FACTORS", "constant_split", "product_name"]

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
    """(c·f)′ = c·f′: a constant factor is pulled out, not sent through the product rule."""
    return mul(*constant_split(node, var)[0], results[0])


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
    the n terms' n factors to write and nothing more (see :func:`_product_terms`)."""
    factors = node.children
    if len(factors) < _SHARED_FROM:
        return add(
            *(
                mul(*factors[:i], derivative, *factors[i + 1 :])
                for i, derivative in enumerate(results)
            )
        )
    return add(*_product_terms(factors, results))


#: From this many factors the product rule normalises the factors once for all terms.
_SHARED_FROM = 4


def _product_terms(factors: tuple[Expr, ...], results: tuple[Expr, ...]) -> list[Expr]:
    """The terms ``mul(f₁, …, fᵢ′, …, fₙ)`` of the product rule, equal node for node to
    calling :func:`~symderiv.expr.mul` per term: the factors' numbers are multiplied as
    prefix and suffix products, their other factors copied as slices of one list."""
    parts = [split_factor(factor) for factor in factors]
    count = len(parts)
    before: list[Value] = [1] * (count + 1)  # before[i]: the numbers of f₁ … fᵢ
    after: list[Value] = [1] * (count + 1)  # after[i]: the numbers of fᵢ₊₁ … fₙ
    for i, (coefficient, _, _) in enumerate(parts):
        before[i + 1] = before[i] * coefficient
    for i in range(count - 1, -1, -1):
        after[i] = parts[i][0] * after[i + 1]
    decimal_before = [False] * (count + 1)  # a decimal among f₁ … fᵢ
    decimal_after = [False] * (count + 1)  # a decimal among fᵢ₊₁ … fₙ
    for i, (_, decimal, _) in enumerate(parts):
        decimal_before[i + 1] = decimal_before[i] or decimal
    for i in range(count - 1, -1, -1):
        decimal_after[i] = parts[i][1] or decimal_after[i + 1]
    flat: list[Expr] = []
    offsets = [0]
    for _, _, items in parts:
        flat.extend(items)
        offsets.append(len(flat))
    deepest = [max((item.depth for item in items), default=0) for _, _, items in parts]
    deepest_before = list(accumulate(deepest, max, initial=0))  # among f₁ … fᵢ
    deepest_after = list(accumulate(reversed(deepest), max, initial=0))[::-1]  # fᵢ₊₁ … fₙ
    terms = []
    for i, derivative in enumerate(results):
        own, own_decimal, own_items = split_factor(derivative)
        decimal = decimal_before[i] or own_decimal or decimal_after[i + 1]
        coefficient = before[i] * own * after[i + 1]
        items = [*flat[: offsets[i]], *own_items, *flat[offsets[i + 1] :]]
        depth = max(deepest_before[i], deepest_after[i + 1], *(item.depth for item in own_items))
        terms.append(product_of(coefficient, decimal, items, depth))
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
