"""The ``log-exp`` rewrite: a logarithm of a power of its base, and a power of a base
to a multiple of a logarithm to that base, written without either:

    ln(eᵘ) = u,   log_a(aᵘ) = u,   e^(k·ln u) = uᵏ,   a^(k·log_a u) = uᵏ   (u > 0)

>>> from symderiv.parse import parse
>>> [str(logarithms_of_powers(parse(t))[0]) for t in ["ln(e^(2x))", "exp(2*ln(x))"]]
['2*x', 'x^2']
"""

from __future__ import annotations

from fractions import Fraction

from ..expr import Call, Const, Div, E, Expr, Log, Neg, Num, Pow, fold, power, rebuild, split_factor
from ..steps import Condition
from .kinds import where

__all__ = ["PASS", "exponent_of_e", "logarithms_of_powers"]


def exponent_of_e(node: Expr) -> Expr | None:
    """``u`` for ``eᵘ`` or ``exp(u)``; else None."""
    if isinstance(node, Pow) and node.base is E:
        return node.exp
    if isinstance(node, Call) and node.name == "exp":
        return node.arg
    return None


def _log_exp(node: Expr, conditions: list[Condition]) -> Expr:
    if isinstance(node, Log):
        inner = exponent_of_e(node.arg) if node.natural else None
        if inner is None and isinstance(node.arg, Pow) and node.arg.base is node.base:
            inner = node.arg.exp  # log_a(aᵘ) = u
        if inner is not None:
            return inner
    exponent = exponent_of_e(node)
    base: Expr = E
    if exponent is None and isinstance(node, Pow) and isinstance(node.base, (Num, Const)):
        exponent, base = node.exp, node.base
    if exponent is None:
        return node
    divisor = Fraction(1)
    if isinstance(exponent, Neg) and isinstance(exponent.arg, Div):
        exponent, divisor = exponent.arg, -divisor
    if isinstance(exponent, Div):
        bottom = exponent.children[1]
        if isinstance(bottom, Num) and bottom.value != 0:
            exponent, divisor = exponent.children[0], divisor * bottom.value
    number, decimal, rest = split_factor(exponent)
    number = Fraction(number) / divisor
    if len(rest) == 1 and isinstance(rest[0], Log) and rest[0].base is base:
        u = rest[0].arg
        conditions.append(Condition(u, ">", Num(0)))
        return power(u, Num(number, decimal))  # e^(k·ln u) = uᵏ, a^(log_a u) = u
    return node


def logarithms_of_powers(expr: Expr) -> tuple[Expr, tuple[Condition, ...]]:
    """``expr`` with ``ln(eᵘ) = u``, ``log_a(aᵘ) = u``, ``e^(k·ln u) = uᵏ`` and
    ``a^(k·log_a u) = uᵏ`` applied everywhere, and the conditions ``u > 0`` the last two
    assumed."""
    conditions: list[Condition] = []

    def combine(node: Expr, children: list[Expr]) -> Expr:
        return _log_exp(rebuild(node, children), conditions)

    return fold(expr, combine), tuple(conditions)


#: The pass as :mod:`symderiv.simplify` registers it: key, formula, LaTeX, function.
PASS = (
    "log-exp",
    "ln(eᵘ) = u,  e^(k·ln u) = uᵏ,  a^(log_a u) = u  (u > 0)",
    r"\ln e^{u} = u,\; e^{k \ln u} = u^{k},\; a^{\log_a u} = u",
    where(("Log",), logarithms_of_powers),
)
