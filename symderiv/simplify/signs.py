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

from fractions import Fraction
from typing import NamedTuple

from ..expr import (
    ONE,
    Call,
    Div,
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    div,
    fold,
    mul,
    neg,
    power,
    product_of,
    rebuild,
    split_factor,
)
from ..steps import Condition
from .kinds import where
from .unroot import root_of_power
from .values import nonnegative, positive, sign_of

__all__ = [
    "FACTORS_PASS",
    "PASS",
    "ROOTS_PASS",
    "constant_factors_out",
    "roots_of_powers",
    "sign_abs",
]


#: How many levels of nested products and quotients a product is read through (a chain
#: rule nested 10,000 deep is a product nested as deep: it is not flattened at every level).
_LEVELS = 3


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
        return _product([(_factors_out(base), exponent) for base, exponent in kept])
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


#: The pass as :mod:`symderiv.simplify` registers it: key, formula, LaTeX, function.
PASS = (
    "sign-abs",
    "sign(u)·|u| = u,  sign(u)/|u| = 1/u,  u·sign(u) = |u|,  sign(u)² = 1  (u ≠ 0)",
    r"\operatorname{sgn}(u)\,|u| = u,\; \frac{\operatorname{sgn}(u)}{|u|} = \frac{1}{u},\; "
    r"u \operatorname{sgn}(u) = |u|",
    where(("call sign",), sign_abs),
)


class _Split(NamedTuple):
    """``arg = (k/m)·top/below``: ``k/m`` a constant of known sign, ``top`` and ``below``
    what holds the variables (each 1 where there is none)."""

    k: Expr
    m: Expr
    sign: int
    top: Expr
    below: Expr


def _constant_split(arg: Expr) -> _Split | None:
    """``arg`` split as :class:`_Split`, where that takes a constant other than 1 out
    (``−2x``, ``πx/3``, ``3/x``) or leaves a quotient of 1 (``1/x``); else None."""
    bottom: Expr = ONE
    below: Expr = ONE
    negated = False
    while isinstance(arg, Neg):
        arg, negated = arg.arg, not negated
    top = arg
    if isinstance(arg, Div):
        top = arg.num
        if sign_of(arg.den) in (1, -1):
            bottom = arg.den
        else:
            below = arg.den
    coefficient, decimal, items = split_factor(top)
    coefficient = -coefficient if negated else coefficient
    constants = [item for item in items if sign_of(item) in (1, -1)]
    rest = mul(*(item for item in items if sign_of(item) not in (1, -1)))
    taken = coefficient != 1 or constants or bottom is not ONE
    if coefficient == 0 or (rest is ONE and below is ONE) or not (taken or rest is ONE):
        return None
    number = Fraction(coefficient)
    if decimal:
        k, m = product_of(coefficient, decimal, constants), bottom
    else:
        k = product_of(number.numerator, False, constants)
        m = mul(Num(number.denominator), bottom)
    sign = sign_of(div(k, m))
    return _Split(k, m, sign, rest, below) if sign in (1, -1) else None


def _of(name: str, part: Expr) -> Expr:
    """``name(part)`` (1 for a part that is 1), its own constants taken out in turn."""
    return part if part is ONE else _factors_out(Call(name, part))


def _factors_out(node: Expr) -> Expr:
    if not (isinstance(node, Call) and node.name in ("abs", "sign") and len(node.children) == 1):
        return node
    if node.name == "abs" and nonnegative(node.arg):
        return node.arg
    if node.name == "sign" and positive(node.arg):
        return ONE
    arg = node.arg
    if isinstance(arg, Pow) and isinstance(arg.exp, Num) and arg.exp.is_integer:
        if arg.exp.value % 2:  # |u³| = |u|³, sign(u³) = sign(u)
            inner = _factors_out(Call(node.name, arg.base))
            return power(inner, arg.exp) if node.name == "abs" else inner
    split = _constant_split(node.arg)
    if split is None:
        return node
    k, m, sign, top, below = split
    if node.name == "abs":  # |k·u/v| = |k|·|u|/|v|
        magnitude = div(mul(k, _of("abs", top)), mul(m, _of("abs", below)))
        return neg(magnitude) if sign < 0 else magnitude
    signs = mul(_of("sign", top), _of("sign", below))  # sign(k·u/v) = sign(k)·sign(u)·sign(v)
    return signs if sign > 0 else neg(signs)


def constant_factors_out(expr: Expr) -> Expr:
    """``expr`` with |k·u| = |k|·|u| and sign(k·u) = sign(k)·sign(u) for each constant
    ``k`` of known sign: |−x| = |x|, |2x| = 2|x|, sign(−3x) = −sign(x)."""

    def combine(node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        if isinstance(node, Pow) and _is(node.base, "abs") and rebuilt.children[0] is not node.base:
            return _distributed(rebuilt)  # (2|x|)³ = 8|x|³
        return _factors_out(rebuilt)

    return fold(expr, combine)


def _distributed(node: Expr) -> Expr:
    """``(k·|u|)ⁿ = kⁿ·|u|ⁿ`` for a whole ``n`` (else ``node`` as it is)."""
    base, exponent = node.children
    if not (isinstance(exponent, Num) and exponent.is_integer):
        return node
    coefficient, decimal, items = split_factor(base)
    return mul(
        power(Num(coefficient, decimal), exponent), *(power(item, exponent) for item in items)
    )


#: |k·u| = |k|·|u|, sign(k·u) = sign(k)·sign(u), as :mod:`symderiv.simplify` registers it.
FACTORS_PASS = (
    "abs-factors",
    "|k·u| = |k|·|u|,  sign(k·u) = sign(k)·sign(u)  (k a constant: |−u| = |u|, |2u| = 2|u|);"
    "  |√u| = √u, |eᵘ| = eᵘ, |u³| = |u|³, sign(u³) = sign(u)",
    r"|k u| = |k|\,|u|,\; \operatorname{sgn}(k u) = \operatorname{sgn}(k) \operatorname{sgn}(u)",
    where(("call abs", "call sign"), lambda expr: (constant_factors_out(expr), ())),
)


def roots_of_powers(expr: Expr) -> Expr:
    """``expr`` with each root of a power of its own index written as that power's base:
    √(x²) = |x|, √((2x² − 1)²) = |2x² − 1|, √(4x²) = |2x|, ∛(x³) = x."""
    return fold(expr, lambda node, children: root_of_power(rebuild(node, children)))


#: √(u²) = |u|, as :mod:`symderiv.simplify` registers it (before ``abs-factors``, which
#: writes |2x| as 2|x| and |x²| as x²).
ROOTS_PASS = (
    "root-of-power",
    "√(u²) = |u|,  ⁿ√(uⁿ) = |u| (n even),  ⁿ√(uⁿ) = u (n odd)",
    r"\sqrt{u^{2}} = |u|,\; \sqrt[n]{u^{n}} = |u| \ (n \text{ even}),\; "
    r"\sqrt[n]{u^{n}} = u \ (n \text{ odd})",
    where(("call sqrt", "call cbrt", "call root"), lambda expr: (roots_of_powers(expr), ())),
)
