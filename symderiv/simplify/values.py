"""The ``exact-values`` rewrite: a function at an argument where its value is exact is
that value, as the textbook's tables give it:

    sin π = 0,  cos(π/3) = 1/2,  tan(π/4) = 1,  sec(π/6) = 2√3/3,  sin(5π/4) = −√2/2,
    asin(1/2) = π/6,  acos(−1) = π,  atan(√3) = π/3,
    e⁰ = 1,  ln 1 = 0,  ln e = 1,  log₂ 8 = 3,  log₁₀ 0.01 = −2,
    cosh 0 = 1,  sinh 0 = tanh 0 = 0,  σ(0) = 1/2,  softplus(0) = ln 2,  erf 0 = 0,
    |−2| = 2,  |π − 1| = π − 1,  sign(−3) = −1,  ReLU(−2) = 0,  Γ(5) = 24.

Only arguments without a variable are looked at, and only these exact values are
written; any other constant (``sin 1``, ``|e − 3|``, ``tan(π/2)``) stays as it is.

>>> from symderiv.parse import parse
>>> [str(exact_values(parse(t))) for t in ["sin(pi)*x", "cos(pi/6)", "ln(e) + x", "abs(-2)*x"]]
['0', 'sqrt(3)/2', '1 + x', '2*x']
>>> str(exact_values(parse("atan(sqrt(3)) + log(8, 2)")))
'pi/3 + 3'
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from math import factorial

from ..expr import (
    ONE,
    PI,
    ZERO,
    Add,
    Call,
    Const,
    Div,
    Expr,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    div,
    fold,
    ln,
    mul,
    neg,
    power,
    rebuild,
    sqrt,
)
from ..rules.base import constant_value
from .kinds import CONSTANT_CALL, where

__all__ = [
    "NEVER_NEGATIVE",
    "NONNEGATIVE",
    "PASS",
    "POSITIVE",
    "exact_value",
    "exact_values",
    "never_negative",
    "nonnegative",
    "pi_multiple",
    "positive",
    "positive_power",
    "sign_of",
]

#: A surd ``r·√d``, the form the tables' arguments and values take: ``(r, d)``, d ∈ {1, 2, 3}.
Surd = tuple[Fraction, int]

#: sin(q·π) for q in [0, 1/2] where it is exact, as a surd.
_SINE: dict[Fraction, Surd] = {
    Fraction(0): (Fraction(0), 1),
    Fraction(1, 6): (Fraction(1, 2), 1),
    Fraction(1, 4): (Fraction(1, 2), 2),
    Fraction(1, 3): (Fraction(1, 2), 3),
    Fraction(1, 2): (Fraction(1), 1),
}


def pi_multiple(arg: Expr) -> Fraction | None:
    """``q`` when ``arg`` is written ``q·π`` (``0``, ``π``, ``−π/6``, ``5π/4``, ``2·π/3``)."""
    if isinstance(arg, Num):
        return Fraction(0) if arg.value == 0 else None
    if arg is PI:
        return Fraction(1)
    if isinstance(arg, Neg):
        inner = pi_multiple(arg.arg)
        return None if inner is None else -inner
    if isinstance(arg, Div) and isinstance(arg.den, Num) and arg.den.value != 0:
        inner = pi_multiple(arg.num)
        return None if inner is None else inner / Fraction(arg.den.value)
    if isinstance(arg, Mul):
        numbers = [f for f in arg.children if isinstance(f, Num)]
        rest = [f for f in arg.children if not isinstance(f, Num)]
        if len(rest) == 1:
            inner = pi_multiple(rest[0])
            if inner is not None:
                for number in numbers:
                    inner *= Fraction(number.value)
                return inner
    return None


def _surd(arg: Expr) -> Surd | None:
    """``(r, d)`` when ``arg`` is the number ``r·√d`` with d ∈ {1, 2, 3} (``√3/2``,
    ``1/√2``, ``−√3``, ``2√3/3``)."""
    if isinstance(arg, Num):
        return Fraction(arg.value), 1
    if isinstance(arg, Call) and arg.name == "sqrt" and len(arg.children) == 1:
        radicand = arg.arg
        if isinstance(radicand, Num) and radicand.value in (2, 3):
            return Fraction(1), int(radicand.value)
        return None
    if isinstance(arg, Neg):
        inner = _surd(arg.arg)
        return None if inner is None else (-inner[0], inner[1])
    if isinstance(arg, Mul):
        product: Surd | None = (Fraction(1), 1)
        for factor in arg.children:
            product = _times(product, _surd(factor))
        return product
    if isinstance(arg, Div):
        return _times(_surd(arg.num), _reciprocal(_surd(arg.den)))
    return None


def _times(a: Surd | None, b: Surd | None) -> Surd | None:
    if a is None or b is None:
        return None
    (r, d), (s, e) = a, b
    if d == 1 or e == 1:
        return r * s, d * e
    return (r * s * d, 1) if d == e else None


def _written(value: Surd) -> Expr:
    """A surd as the tables write it: ``√3/2``, ``2√3/3``, ``−√2``."""
    r, d = value
    if d == 1 or r == 0:
        return Num(r)
    magnitude = abs(r)
    top = mul(Num(magnitude.numerator), sqrt(Num(d)))
    written = div(top, Num(magnitude.denominator))
    return neg(written) if r < 0 else written


def _signed(sign: int, value: Surd) -> Surd:
    return (value[0] * sign, value[1])


def _sine_of(q: Fraction) -> Surd | None:
    """sin(q·π) exactly, where the table has it."""
    q %= 2
    sign = 1
    if q >= 1:
        q, sign = q - 1, -1
    if q > Fraction(1, 2):
        q = 1 - q
    found = _SINE.get(q)
    return None if found is None else _signed(sign, found)


def _reciprocal(value: Surd | None) -> Surd | None:
    """``1/(r·√d) = √d/(r·d)``; None for 0 (no value) or a value the tables lack."""
    if value is None or value[0] == 0:
        return None
    r, d = value
    return 1 / (r * d), d


def _cosine_of(q: Fraction) -> Surd | None:
    return _sine_of(q + Fraction(1, 2))


def _tangent_of(q: Fraction) -> Surd | None:
    """tan(q·π) = sin/cos exactly (None at π/2 + kπ, where it has no value)."""
    return _times(_sine_of(q), _reciprocal(_cosine_of(q)))


def _cotangent_of(q: Fraction) -> Surd | None:
    """cot(q·π) = cos/sin exactly (None at kπ, where it has no value)."""
    return _times(_cosine_of(q), _reciprocal(_sine_of(q)))


def _circular(of_q: Callable[[Fraction], Surd | None]) -> Callable[[Expr], Expr | None]:
    def value(arg: Expr) -> Expr | None:
        q = pi_multiple(arg)
        found = None if q is None else of_q(q)
        return None if found is None else _written(found)

    return value


#: asin of each exact sine of [0, π/2]: ``sine -> q`` for asin(sine) = q·π.
_ARCSINE: dict[Surd, Fraction] = {value: q for q, value in _SINE.items()}
#: atan of each exact tangent of [0, π/2).
_ARCTANGENT: dict[Surd, Fraction] = {
    tangent: q for q in _SINE if (tangent := _tangent_of(q)) is not None
}


def _odd_inverse(table: dict[Surd, Fraction]) -> Callable[[Surd], Fraction | None]:
    def inverse(value: Surd) -> Fraction | None:
        sign = -1 if value[0] < 0 else 1
        found = table.get((abs(value[0]), value[1]))
        return None if found is None else found * sign

    return inverse


def _arccosine(value: Surd) -> Fraction | None:
    q = _odd_inverse(_ARCSINE)(value)
    return None if q is None else Fraction(1, 2) - q


def _inverse(of_value: Callable[[Surd], Fraction | None]) -> Callable[[Expr], Expr | None]:
    def value(arg: Expr) -> Expr | None:
        surd = _surd(arg)
        q = None if surd is None else of_value(surd)
        if q is None:
            return None
        return div(mul(Num(q.numerator), PI), Num(q.denominator))

    return value


def _at_zero(result: Expr, *, at: int = 0) -> Callable[[Expr], Expr | None]:
    """A function whose exact value is ``result`` at ``at`` (cosh 0 = 1, σ(0) = 1/2)."""

    def value(arg: Expr) -> Expr | None:
        return result if constant_value(arg) == at else None

    return value


def sign_of(expr: Expr) -> int | None:
    """The sign of a constant that its writing shows (numbers, π, e, their products,
    powers, roots and sums of one sign); None when it does not."""
    if isinstance(expr, Num):
        return (expr.value > 0) - (expr.value < 0)
    if isinstance(expr, Const):
        return 1 if expr.name in ("pi", "e") else None
    if isinstance(expr, Neg):
        inner = sign_of(expr.arg)
        return None if inner is None else -inner
    if isinstance(expr, (Mul, Div)):
        signs = [sign_of(child) for child in expr.children]
        if None in signs or (isinstance(expr, Div) and signs[1] == 0):
            return None
        result = 1
        for sign in signs:
            result *= sign  # type: ignore[operator]
        return result
    if isinstance(expr, Add):
        kinds = {sign_of(child) for child in expr.children} - {0}
        return kinds.pop() if len(kinds) == 1 and None not in kinds else None
    if isinstance(expr, Pow):
        base = sign_of(expr.base)
        if base == 1 and sign_of(expr.exp) is not None:
            return 1
        return None
    if isinstance(expr, Call) and len(expr.children) == 1:
        inner = sign_of(expr.arg)
        if expr.name in ("exp", "cosh"):
            return 1 if inner is not None else None
        if expr.name in ("sqrt", "abs") and inner is not None and inner >= 0:
            return inner if expr.name == "sqrt" else abs(inner)
    return None


#: Functions whose values are never negative: |u| = u for each (|√u| = √u, |eᵘ| = eᵘ).
NONNEGATIVE = frozenset({"sqrt", "abs", "exp", "cosh", "sech", "sigmoid", "softplus"})
#: Functions whose values are positive: sign(u) = 1 for each (sign(eᵘ) = 1).
POSITIVE = frozenset({"exp", "cosh", "sech", "sigmoid", "softplus"})


#: Levels of sums and products looked through for a sign (a formula nested deeper is
#: not known to be never negative or positive).
SIGN_LEVELS = 4


def nonnegative(node: Expr, levels: int = SIGN_LEVELS) -> bool:
    """Whether ``node`` is never negative by its form: a function of :data:`NONNEGATIVE`,
    an even whole power, a power of a positive constant, a constant of sign 0 or 1, or a
    sum or product of such (``1 + x²``, ``2x²·eˣ``)."""
    if isinstance(node, Call):
        return node.name in NONNEGATIVE
    if isinstance(node, (Add, Mul)):
        return levels > 0 and all(nonnegative(child, levels - 1) for child in node.children)
    if isinstance(node, Pow):
        exponent = node.exp
        even = isinstance(exponent, Num) and exponent.is_integer and exponent.value % 2 == 0
        return even or positive_power(node)
    return sign_of(node) in (0, 1)


def positive(node: Expr, levels: int = SIGN_LEVELS) -> bool:
    """Whether ``node`` is positive by its form: a function of :data:`POSITIVE`, a power of
    a positive constant, a positive constant, a sum of terms never negative one of which
    is positive (``x² + 1``, ``eˣ + x⁴``), or a product of positive factors."""
    if isinstance(node, Call):
        return node.name in POSITIVE
    if isinstance(node, (Add, Mul)) and levels <= 0:
        return False
    if isinstance(node, Add):
        return nonnegative(node, levels) and any(positive(c, levels - 1) for c in node.children)
    if isinstance(node, Mul):
        return all(positive(child, levels - 1) for child in node.children)
    return positive_power(node) or sign_of(node) == 1


def positive_power(node: Expr) -> bool:
    """Whether ``node`` is a power of a positive constant (``eˣ``, ``2ˣ``): positive at
    every real exponent."""
    return isinstance(node, Pow) and sign_of(node.base) == 1


#: Functions real and never negative at every real argument, whose |…| a root of a
#: denominator does not write (√(sech²u) = 1/cosh u).  Not a root: √x is imaginary where
#: x < 0, and there |√x| is not √x; nor eᵘ, whose reading without |eᵘ| writes
#: (√(1 + e^(−2x)))′ with e^(2x) for the user's e^(−2x).
NEVER_NEGATIVE = frozenset({"abs", "cosh", "sech", "sigmoid", "softplus"})


def never_negative(node: Expr) -> bool:
    """Whether ``node`` is a function of :data:`NEVER_NEGATIVE`."""
    return isinstance(node, Call) and node.name in NEVER_NEGATIVE


def _absolute(arg: Expr) -> Expr | None:
    sign = sign_of(arg)
    if sign is None:
        return None
    return neg(arg) if sign < 0 else arg


def _sign(arg: Expr) -> Expr | None:
    sign = sign_of(arg)
    return None if sign is None else Num(sign)


def _root_of_square(arg: Expr) -> Expr | None:
    """√(k²ⁿ) = |k|ⁿ for a constant ``k`` of known sign (√(π²) = π)."""
    if not (isinstance(arg, Pow) and isinstance(arg.exp, Num) and arg.exp.is_integer):
        return None
    half = Fraction(arg.exp.value) / 2
    magnitude = _absolute(arg.base) if half.denominator == 1 and half > 0 else None
    return None if magnitude is None else power(magnitude, Num(half))


def _relu(arg: Expr) -> Expr | None:
    number = constant_value(arg)
    return None if number is None else arg if number > 0 else ZERO


def _gamma(arg: Expr) -> Expr | None:
    """Γ(n) = (n − 1)! for a whole n from 1 to 21."""
    number = constant_value(arg)
    if number is not None and number.denominator == 1 and 1 <= number <= 21:
        return Num(factorial(int(number) - 1))
    return None


#: ``name -> (argument -> its exact value, or None)`` for a function of one argument.
VALUES: dict[str, Callable[[Expr], Expr | None]] = {
    "sin": _circular(_sine_of),
    "cos": _circular(_cosine_of),
    "tan": _circular(_tangent_of),
    "cot": _circular(_cotangent_of),
    "csc": _circular(lambda q: _reciprocal(_sine_of(q))),
    "sec": _circular(lambda q: _reciprocal(_cosine_of(q))),
    "asin": _inverse(_odd_inverse(_ARCSINE)),
    "acos": _inverse(_arccosine),
    "atan": _inverse(_odd_inverse(_ARCTANGENT)),
    "exp": _at_zero(ONE),
    "sinh": _at_zero(ZERO),
    "cosh": _at_zero(ONE),
    "tanh": _at_zero(ZERO),
    "sech": _at_zero(ONE),
    "asinh": _at_zero(ZERO),
    "atanh": _at_zero(ZERO),
    "acosh": _at_zero(ZERO, at=1),
    "sigmoid": _at_zero(Num(Fraction(1, 2))),
    "softplus": _at_zero(ln(Num(2))),
    "logsigmoid": _at_zero(neg(ln(Num(2)))),
    "erf": _at_zero(ZERO),
    "erfc": _at_zero(ONE),
    "abs": _absolute,
    "sqrt": _root_of_square,
    "sign": _sign,
    "relu": _relu,
    "gamma": _gamma,
}

#: Largest exponent tried for a logarithm of a number to a number base (log₂ 8 = 3).
MAX_LOG_EXPONENT = 64


def _logarithm(node: Log) -> Expr | None:
    """ln 1 = 0, ln e = 1, log_b 1 = 0, log_b b = 1, log_b(bᵏ) = k and log_b(b^(1/k)) =
    1/k for numbers b, bᵏ (log₂ 8 = 3, log₁₀ 0.01 = −2, log₈ 2 = 1/3)."""
    arg, base = node.arg, node.base
    a, b = constant_value(arg), constant_value(base)
    if a == 1:
        return ZERO
    if arg is base:
        return ONE
    if a is None or b is None or a <= 0 or b <= 0 or b == 1:
        return None
    for whole in range(1, MAX_LOG_EXPONENT + 1):
        for exponent in (whole, -whole):
            if b**exponent == a:
                return Num(exponent)
            if a**exponent == b:
                return Num(Fraction(1, exponent))
    return None


def exact_value(node: Expr) -> Expr | None:
    """The exact value of ``node``, a function at a constant argument, where the tables
    have it; else None."""
    if isinstance(node, Log):
        return _logarithm(node)
    if isinstance(node, Call) and len(node.children) == 1:
        value = VALUES.get(node.name)
        return None if value is None else value(node.arg)
    return None


def exact_values(expr: Expr) -> Expr:
    """``expr`` with each function at a constant argument written as its exact value,
    where the tables have it."""

    def combine(node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        if isinstance(rebuilt, (Call, Log)):
            found = exact_value(rebuilt)
            if found is not None:
                return found
        return rebuilt

    return fold(expr, combine)


#: The pass as :mod:`symderiv.simplify` registers it: key, formula, LaTeX, function.
PASS = (
    "exact-values",
    "sin π = 0,  cos(π/3) = 1/2,  tan(π/4) = 1,  ln e = 1,  e⁰ = 1,  |−2| = 2, …",
    r"\sin\pi = 0,\; \cos\frac{\pi}{3} = \frac{1}{2},\; \tan\frac{\pi}{4} = 1,\; "
    r"\ln e = 1,\; e^{0} = 1",
    where((CONSTANT_CALL,), lambda expr: (exact_values(expr), ())),
)
