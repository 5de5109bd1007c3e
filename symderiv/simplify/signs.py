"""The ``sign-abs`` rewrite: a product of sign(u), |u| and u written without the sign,
by sign(u) = u/|u| (u ≠ 0) and |u|²ᵏ = u²ᵏ:

    sign(u)·|u| = u,   sign(u)/|u| = 1/u,   u·sign(u) = |u|,   sign(u)² = 1

so that (ln|x|)′ = sign(x)/|x| is the textbook's 1/x and (x·|x|)′ is 2|x|.  A sign
alone is kept (sign(x) is not rewritten as x/|x|).  Each rewrite assumes u ≠ 0, which
the step records.

>>> from symderiv.parse import parse
>>> [str(sign_abs(parse(t))[0]) for t in ["sign(x)/abs(x)", "2*abs(x)*sign(x)", "x*sign(x)"]]
['1/x', '2*x', 'abs(x)']
>>> str(sign_abs(parse("sign(x) + sign(x)^2"))[0])
'sign(x) + 1'
"""

from __future__ import annotations

from typing import Any

from ..expr import ONE, Call, Div, Expr, Mul, Num, Pow, div, fold, mul, power, rebuild
from ..steps import Condition
from .kinds import holds

__all__ = ["PASS", "sign_abs"]


#: How many levels of nested products and quotients a product is read through (a chain
#: rule nested 10,000 deep is a product nested as deep: it is not flattened at every level).
_LEVELS = 2


def _factors(node: Expr, levels: int = _LEVELS) -> list[tuple[Expr, int]] | None:
    """A product or quotient as (base, whole exponent) factors, read through at most
    ``levels`` levels of nesting; ``None`` for other nodes."""
    if isinstance(node, Div):
        top = _inner(node.children[0], levels)
        bottom = _inner(node.children[1], levels)
        return top + [(base, -exponent) for base, exponent in bottom]
    if isinstance(node, Mul):
        return [factor for child in node.children for factor in _inner(child, levels)]
    if isinstance(node, Pow) and _is(node.base, "sign"):
        return [_power_of(node)]
    return None


def _inner(node: Expr, levels: int) -> list[tuple[Expr, int]]:
    found = _factors(node, levels - 1) if levels > 1 and isinstance(node, (Mul, Div)) else None
    return found if found is not None else [_power_of(node)]


def _holds_a_sign(node: Expr, levels: int = _LEVELS) -> bool:
    """Whether a sign(u) is among the factors read by :func:`_factors` (checked first,
    so that a product without one costs nothing)."""
    for child in node.children:
        if _is(child, "sign") or (isinstance(child, Pow) and _is(child.base, "sign")):
            return True
        if levels > 1 and isinstance(child, (Mul, Div)) and _holds_a_sign(child, levels - 1):
            return True
    return _is(node, "sign") or (isinstance(node, Pow) and _is(node.base, "sign"))


def _power_of(node: Expr) -> tuple[Expr, int]:
    if isinstance(node, Pow) and isinstance(node.exp, Num) and node.exp.is_integer:
        return node.base, int(node.exp.value)
    return node, 1


def _is(node: Expr, name: str) -> bool:
    return isinstance(node, Call) and node.name == name and len(node.children) == 1


def _rewrite(node: Expr, conditions: list[Condition]) -> Expr:
    if not isinstance(node, (Mul, Div, Pow)) or not _holds_a_sign(node):
        return node
    factors = _factors(node)
    if factors is None:
        return node
    for sign, _ in factors:
        if not _is(sign, "sign"):
            continue
        u = sign.children[0]
        magnitude = Call("abs", u)
        a = sum(e for base, e in factors if base is sign)
        b = sum(e for base, e in factors if base is magnitude)
        c = sum(e for base, e in factors if base is u)
        if b == 0 and c == 0 and abs(a) < 2:
            continue
        # sign(u)ᵃ·|u|ᵇ·uᶜ = |u|^(b − a)·u^(c + a); an even power of u is one of |u|.
        total, odd = (b - a) + (c + a), (c + a) % 2 == 1
        kept: list[tuple[Expr, int]] = [
            f for f in factors if f[0] is not sign and f[0] is not magnitude and f[0] is not u
        ]
        if odd and (total - 1) % 2 == 0:
            kept.append((u, total))
        elif odd:
            kept += [(u, 1), (magnitude, total - 1)]
        else:
            kept.append((u if total % 2 == 0 else magnitude, total))
        conditions.append(Condition(u, "≠", Num(0)))
        return _product(kept)
    return node


def _product(factors: list[tuple[Expr, int]]) -> Expr:
    top = [power(base, Num(e)) for base, e in factors if e > 0]
    bottom = [power(base, Num(-e)) for base, e in factors if e < 0]
    numerator = mul(*top) if top else ONE
    return div(numerator, mul(*bottom)) if bottom else numerator


def sign_abs(expr: Expr) -> tuple[Expr, tuple[Condition, ...]]:
    """``expr`` with each product of sign(u), |u| and u rewritten without the sign, and
    the conditions u ≠ 0 it assumed."""
    conditions: list[Condition] = []

    def combine(node: Expr, children: list[Expr]) -> Expr:
        return _rewrite(rebuild(node, children), conditions)

    return fold(expr, combine), tuple(dict.fromkeys(conditions))


def _run(expr: Expr, context: Any) -> Any:
    if not holds(expr, "call sign"):  # a tree without one is rebuilt node for node as it is
        return expr, (), ()
    result, conditions = sign_abs(expr)
    return result, (), conditions


#: The pass as :mod:`symderiv.simplify` registers it: key, formula, LaTeX, function.
PASS = (
    "sign-abs",
    "sign(u)·|u| = u,  sign(u)/|u| = 1/u,  u·sign(u) = |u|,  sign(u)² = 1  (u ≠ 0)",
    r"\operatorname{sgn}(u)\,|u| = u,\; \frac{\operatorname{sgn}(u)}{|u|} = \frac{1}{u},\; "
    r"u \operatorname{sgn}(u) = |u|",
    _run,
)
