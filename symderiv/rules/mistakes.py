"""The typical mistakes of learners, as rule variants: data like the real rules.

Each :class:`Mistake` is a wrong version of one real rule (its ``rule`` is the
``Step.rule`` key of the rule it varies): when it applies to a node, and what it makes of
the node from the results of the real rule's parts, exactly as the real rule's
``combine`` does.  Some mistakes have several readings (the product rule with one of
its terms dropped: which one); ``variants`` returns each.

:mod:`symderiv.checks.mistakes` re-derives a function with a mistake put in at a step
and compares a learner's answer with what comes out; it never runs these rules to
differentiate anything for real.  ``MISTAKES_BY_RULE`` maps a real rule's key to the
mistakes that vary it, in the order they are tried (the first is reported first).

>>> from symderiv.expr import Sym
>>> from symderiv.parse import parse
>>> [m.key for m in MISTAKES_BY_RULE["quotient"]][:2]
['quotient-sign', 'derivative-of-quotient-as-quotient-of-derivatives']
>>> x = Sym("x")
>>> [str(v) for v in MISTAKE_TABLE["wrong-sign"][0].variants(parse("sin x"), x, ())]
['-cos(x)']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..expr import (
    ONE,
    TWO,
    ZERO,
    Call,
    E,
    Expr,
    Log,
    Num,
    Pow,
    add,
    div,
    free_names,
    ln,
    mul,
    neg,
    power,
    sub,
    substitute,
)
from ..functions import FUNCTIONS
from ..steps import placeholder
from .base import constant_value
from .elementary import inner_slot

__all__ = ["MISTAKES", "MISTAKES_BY_RULE", "MISTAKE_TABLE", "Mistake"]

Results = tuple[Expr, ...]


@dataclass(frozen=True)
class Mistake:
    """A wrong version of the rule ``rule``: the catalogue key ``key``, the wrong formula
    as a learner would write it, when it applies (``matches(node, var)``, the node being
    one the real rule was applied to) and the wrong results (``variants(node, var,
    results)``, ``results`` being those of the real rule's parts)."""

    key: str
    rule: str
    formula: str
    variants: Callable[[Expr, Expr, Results], tuple[Expr, ...]]
    matches: Callable[[Expr, Expr], bool] = lambda node, var: True


MISTAKES: list[Mistake] = []


def mistake(
    key: str,
    rules: str | tuple[str, ...],
    formula: str,
    *,
    matches: Callable[[Expr, Expr], bool] = lambda node, var: True,
) -> Callable[[Callable[[Expr, Expr, Results], tuple[Expr, ...]]], Callable[..., tuple[Expr, ...]]]:
    """Decorator: record ``variants`` as the mistake ``key`` of each rule of ``rules``."""

    def register(
        variants: Callable[[Expr, Expr, Results], tuple[Expr, ...]],
    ) -> Callable[..., tuple[Expr, ...]]:
        for name in (rules,) if isinstance(rules, str) else rules:
            MISTAKES.append(Mistake(key, name, formula, variants, matches))
        return variants

    return register


# -- the chain rule ----------------------------------------------------------------------
def chain_parts(node: Expr, var: Expr) -> tuple[Expr, Expr, Expr]:
    """``(inner, u, outer)`` of a chain-rule node: its inner function, the placeholder
    the engine names it by, and the outer function of that placeholder."""
    index = inner_slot(node, var)
    assert index is not None
    inner = node.children[index]
    u = placeholder(free_names(node) | free_names(var))
    position = [i for i, a in enumerate(node.args) if isinstance(a, Expr)][index]
    args = list(node.args)
    args[position] = u
    return inner, u, type(node)(*args)


def _outer_is_ln(node: Expr, var: Expr) -> bool:
    return isinstance(node, Log) and node.args[1] is E and inner_slot(node, var) == 0


@mistake(
    "missing-inner-derivative",
    "chain",
    "(f(u))′ = f′(u)",
    matches=lambda node, var: not _outer_is_ln(node, var),
)
def missing_inner_derivative(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f(u))′ = f′(u): the factor u′ left out."""
    inner, u, _outer = chain_parts(node, var)
    return (substitute(results[0], {u: inner}),)


@mistake("log-without-inner-derivative", "chain", "(ln u)′ = 1/u", matches=_outer_is_ln)
def log_without_inner_derivative(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(ln u)′ = 1/u: the factor u′ left out."""
    return missing_inner_derivative(node, var, results)


@mistake("inner-derivative-inside", "chain", "(f(u))′ = f′(u′)")
def inner_derivative_inside(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f(u))′ = f′(u′): the outer derivative taken at the inner derivative."""
    _inner, u, _outer = chain_parts(node, var)
    return (substitute(results[0], {u: results[1]}),)


@mistake("outer-derivative-at-variable", "chain", "(f(u))′ = f′(x)·u′")
def outer_derivative_at_variable(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f(u))′ = f′(x)·u′: the outer derivative taken at the variable, not at u (the
    composition read as a product)."""
    _inner, u, _outer = chain_parts(node, var)
    return (mul(substitute(results[0], {u: var}), results[1]),)


# -- products ------------------------------------------------------------------------------
@mistake("product-missing-term", "product", "(f·g)′ = f′·g")
def product_missing_term(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f·g·h)′ with one of its terms dropped (one reading per term)."""
    factors = node.children
    terms = [mul(*factors[:i], d, *factors[i + 1 :]) for i, d in enumerate(results)]
    return tuple(add(*terms[:i], *terms[i + 1 :]) for i in range(len(terms)))


@mistake("product-of-derivatives", "product", "(f·g)′ = f′·g′")
def product_of_derivatives(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f·g)′ = f′·g′"""
    return (mul(*results),)


@mistake("product-sum-of-derivatives", "product", "(f·g)′ = f′ + g′")
def product_sum_of_derivatives(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f·g)′ = f′ + g′"""
    return (add(*results),)


@mistake(
    "product-sign",
    "product",
    "(f·g)′ = f′·g − f·g′",
    matches=lambda node, var: len(node.children) == 2,
)
def product_sign(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f·g)′ = f′·g − f·g′ (either term subtracted)."""
    f, g = node.children
    df, dg = results
    return (sub(mul(df, g), mul(f, dg)), sub(mul(f, dg), mul(df, g)))


@mistake("constant-multiple-dropped", "constant-multiple", "(c·f)′ = f′")
def constant_multiple_dropped(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(c·f)′ = f′: the constant factor lost."""
    return (results[0],)


# -- quotients -----------------------------------------------------------------------------
@mistake("quotient-sign", "quotient", "(f/g)′ = (f·g′ − f′·g)/g²")
def quotient_sign(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f/g)′ = (f·g′ − f′·g)/g²: the numerator's terms the wrong way round."""
    f, g = node.children
    df, dg = results
    return (div(sub(mul(f, dg), mul(df, g)), power(g, TWO)),)


@mistake("derivative-of-quotient-as-quotient-of-derivatives", "quotient", "(f/g)′ = f′/g′")
def quotient_of_derivatives(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f/g)′ = f′/g′"""
    return (div(results[0], results[1]),)


@mistake("quotient-plus-sign", "quotient", "(f/g)′ = (f′·g + f·g′)/g²")
def quotient_plus_sign(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f/g)′ = (f′·g + f·g′)/g²: the product rule's sign in the quotient rule."""
    f, g = node.children
    df, dg = results
    return (div(add(mul(df, g), mul(f, dg)), power(g, TWO)),)


@mistake("quotient-missing-square", "quotient", "(f/g)′ = (f′·g − f·g′)/g")
def quotient_missing_square(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(f/g)′ = (f′·g − f·g′)/g: the denominator not squared."""
    f, g = node.children
    df, dg = results
    return (div(sub(mul(df, g), mul(f, dg)), g),)


@mistake("reciprocal-of-derivative", "reciprocal", "(c/g)′ = c/g′")
def reciprocal_of_derivative(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(c/g)′ = c/g′: the denominator differentiated in place."""
    return (div(node.children[0], results[0]),)


@mistake("reciprocal-sign", "reciprocal", "(c/g)′ = c·g′/g²")
def reciprocal_sign(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(c/g)′ = c·g′/g²: the minus sign lost."""
    c, g = node.children
    return (div(mul(c, results[0]), power(g, TWO)),)


@mistake("reciprocal-missing-square", "reciprocal", "(c/g)′ = −c·g′/g")
def reciprocal_missing_square(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(c/g)′ = −c·g′/g: the denominator not squared."""
    c, g = node.children
    return (neg(div(mul(c, results[0]), g)),)


@mistake("reciprocal-missing-denominator", "reciprocal", "(c/g)′ = −c·g′")
def reciprocal_missing_denominator(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(c/g)′ = −c·g′: the denominator g² left out."""
    return (neg(mul(node.children[0], results[0])),)


# -- powers, exponentials, logarithms ------------------------------------------------------
def _exponent(node: Expr) -> Expr:
    value = constant_value(node.children[1])
    return Num(value) if value is not None else node.children[1]


def _shifted(exponent: Expr, by: int) -> Expr:
    value = constant_value(exponent)
    return Num(value + by) if value is not None else add(exponent, Num(by))


@mistake("power-exponent-not-lowered", "power", "(xⁿ)′ = n·xⁿ")
def power_exponent_not_lowered(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(xⁿ)′ = n·xⁿ: the exponent kept."""
    return (mul(_exponent(node), node),)


@mistake("power-missing-coefficient", "power", "(xⁿ)′ = xⁿ⁻¹")
def power_missing_coefficient(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(xⁿ)′ = xⁿ⁻¹: the exponent not brought down."""
    return (power(node.children[0], _shifted(_exponent(node), -1)),)


def _not_whole_or_negative(node: Expr, var: Expr) -> bool:
    value = constant_value(node.children[1])
    return value is not None and (value < 0 or value.denominator != 1)


@mistake("power-exponent-raised", "power", "(xⁿ)′ = n·xⁿ⁺¹", matches=_not_whole_or_negative)
def power_exponent_raised(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(x⁻ⁿ)′ = −n·x⁻ⁿ⁺¹: a negative or fractional exponent moved the wrong way."""
    return (mul(_exponent(node), power(node.children[0], _shifted(_exponent(node), 1))),)


@mistake("power-rule-on-exponential", ("exp", "exponential-base"), "(aˣ)′ = x·aˣ⁻¹")
def power_rule_on_exponential(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(aˣ)′ = x·aˣ⁻¹: the power rule applied with the variable in the exponent."""
    base, exponent = node.children
    return (mul(exponent, power(base, add(exponent, Num(-1)))),)


@mistake("missing-ln-base", "exponential-base", "(aˣ)′ = aˣ")
def exponential_missing_ln(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(aˣ)′ = aˣ: the factor ln a lost."""
    return (node,)


@mistake("missing-ln-base", "log-base", "(logₐ x)′ = 1/x")
def log_missing_ln(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(logₐ x)′ = 1/x: the factor 1/ln a lost."""
    return (div(ONE, node.children[0]),)


@mistake("ln-base-divided", "exponential-base", "(aˣ)′ = aˣ/ln a")
def exponential_ln_divided(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(aˣ)′ = aˣ/ln a: divided by ln a instead of multiplied."""
    return (div(node, ln(node.children[0])),)


@mistake("ln-base-multiplied", "log-base", "(logₐ x)′ = ln a/x")
def log_ln_multiplied(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(logₐ x)′ = ln a/x: multiplied by ln a instead of divided."""
    arg, base = node.children
    return (div(ln(base), arg),)


@mistake("power-rule-on-variable-exponent", "log-differentiation", "(fᵍ)′ = g·fᵍ⁻¹·f′")
def power_rule_on_variable_exponent(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(fᵍ)′ = g·fᵍ⁻¹·f′: the power rule with an exponent that varies."""
    base, exponent = node.children
    return (mul(exponent, power(base, add(exponent, Num(-1))), results[0]),)


@mistake("exponential-rule-on-variable-base", "log-differentiation", "(fᵍ)′ = fᵍ·ln f·g′")
def exponential_rule_on_variable_base(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(fᵍ)′ = fᵍ·ln f·g′: the exponential rule with a base that varies."""
    base, _exponent = node.children
    return (mul(node, ln(base), results[1]),)


# -- constants and signs -------------------------------------------------------------------
@mistake("constant-kept", "constant", "(c)′ = c", matches=lambda node, var: node is not ZERO)
def constant_kept(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(c)′ = c: a constant term left as it is."""
    return (node,)


def _constant_power(node: Expr, var: Expr) -> bool:
    return isinstance(node, Pow) and constant_value(node.children[1]) is not None


@mistake("power-rule-on-constant", "constant", "(aⁿ)′ = n·aⁿ⁻¹", matches=_constant_power)
def power_rule_on_constant(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(e²)′ = 2e: the power rule applied to a constant."""
    return (mul(_exponent(node), power(node.children[0], _shifted(_exponent(node), -1))),)


@mistake("negation-sign-dropped", "negation", "(−f)′ = f′")
def negation_sign_dropped(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(−f)′ = f′: the minus sign lost."""
    return (results[0],)


# -- the function table --------------------------------------------------------------------
#: Families whose derivatives learners get with the wrong sign.
SIGNED_FAMILIES = ("trig", "inverse trig", "hyperbolic")


def _wrong_sign(spec_name: str) -> Callable[[Expr, Expr, Results], tuple[Expr, ...]]:
    derivative = FUNCTIONS[spec_name].derivative
    assert derivative is not None

    def variants(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
        return (neg(derivative(node.children[0])),)

    variants.__doc__ = f"({spec_name} u)′ with the sign turned"
    return variants


def _one_of(*names: str) -> Callable[[Expr], Expr]:
    """The derivative a learner confuses with another: built from the table."""
    return lambda u: mul(*(Call(name, u) for name in names))


#: Function -> the derivative learners give it by confusing it with a neighbour's.
CONFUSED: dict[str, Callable[[Expr], Expr]] = {
    "tan": _one_of("sec", "tan"),
    "sec": lambda u: power(Call("sec", u), TWO),
    "cot": lambda u: neg(_one_of("csc", "cot")(u)),
    "csc": lambda u: neg(power(Call("csc", u), TWO)),
    "asin": lambda u: div(ONE, add(ONE, power(u, TWO))),
    "atan": lambda u: div(ONE, Call("sqrt", sub(ONE, power(u, TWO)))),
    "acos": lambda u: neg(div(ONE, add(ONE, power(u, TWO)))),
    "sqrt": lambda u: div(ONE, Call("sqrt", u)),
}


def _confused(spec_name: str) -> Callable[[Expr, Expr, Results], tuple[Expr, ...]]:
    written = CONFUSED[spec_name]

    def variants(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
        return (written(node.children[0]),)

    variants.__doc__ = f"({spec_name} u)′ confused with another derivative"
    return variants


for _spec in FUNCTIONS.values():
    if _spec.family in SIGNED_FAMILIES and _spec.derivative is not None:
        MISTAKES.append(
            Mistake(
                "wrong-sign", f"fn:{_spec.name}", f"−({_spec.formula})", _wrong_sign(_spec.name)
            )
        )
for _name in CONFUSED:
    if _name in FUNCTIONS:
        _key = "root-missing-half" if _name == "sqrt" else "derivative-table-confused"
        MISTAKES.append(Mistake(_key, f"fn:{_name}", "", _confused(_name)))


@mistake("ln-as-reciprocal-of-log", "ln", "(ln x)′ = 1/ln x")
def ln_as_reciprocal_of_log(node: Expr, var: Expr, results: Results) -> tuple[Expr, ...]:
    """(ln x)′ = 1/ln x"""
    return (div(ONE, node),)


#: Real rule key -> the mistakes that vary it, in the order they are tried.
MISTAKES_BY_RULE: dict[str, list[Mistake]] = {}
#: Mistake key -> its records (one per rule it varies).
MISTAKE_TABLE: dict[str, list[Mistake]] = {}
for _made in MISTAKES:
    MISTAKES_BY_RULE.setdefault(_made.rule, []).append(_made)
    MISTAKE_TABLE.setdefault(_made.key, []).append(_made)
