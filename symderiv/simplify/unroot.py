"""Roots of powers of their own index, read as the power's base: √(v²) = |v| and an even
root ⁿ√(vⁿ) = |v|, an odd (real) root ⁿ√(vⁿ) = v, wherever the radicand is written as
such a power (``√((2x² − 1)²)``, ``√(4x²)``, ``∛(x³)``).  Used by the ``root-of-power``
rewrite and by the rational core when it writes a radicand back in that form.

>>> from symderiv.parse import parse
>>> [str(root_of_power(parse(t))) for t in ["sqrt(4*x^2)", "cbrt(x^6)", "root(x^4, 4)"]]
['abs(2*x)', 'x^2', 'abs(x)']
>>> str(root_of_power(parse("sqrt(x^2 + 1)")))
'sqrt(x^2 + 1)'
"""

from __future__ import annotations

from fractions import Fraction
from math import isqrt

from ..expr import Call, Div, Expr, Mul, Num, Pow, div, free_names, mul, power

__all__ = ["ROOT_NAMES", "root_of_power"]

#: The roots read as powers: a function's name to its index (``root(u, n)`` by its n).
_INDEX = {"sqrt": 2, "cbrt": 3}
#: The functions that are roots.
ROOT_NAMES = frozenset({*_INDEX, "root"})
#: Largest numbers (in bits) and root indices whose whole roots are looked for.
MOST_BITS = 1000
MOST_INDEX = 64


def _root_of(node: Expr, index: int) -> Expr | None:
    """``v`` with vⁿ = ``node`` for n = ``index``, read from how ``node`` is written: a
    power whose exponent n divides, a number that is an n-th power, a product or a
    quotient of them (``4x²`` for n = 2: ``2x``); else None."""
    if isinstance(node, Pow):
        exponent = node.exp
        if isinstance(exponent, Num) and exponent.is_integer and exponent.value > 0:
            whole = int(exponent.value)
            return power(node.base, Num(whole // index)) if whole % index == 0 else None
        return None
    if isinstance(node, Num):
        if node.decimal or node.value <= 0:
            return None
        value = Fraction(node.value)
        top, bottom = _whole_root(value.numerator, index), _whole_root(value.denominator, index)
        return None if top is None or bottom is None else Num(Fraction(top, bottom))
    if isinstance(node, (Mul, Div)):
        parts = [_root_of(child, index) for child in node.children]
        if any(part is None for part in parts):
            return None
        return mul(*parts) if isinstance(node, Mul) else div(*parts)  # type: ignore[arg-type]
    return None


def _whole_root(n: int, index: int) -> int | None:
    """The whole ``index``-th root of ``n``, if it has one (looked for only up to
    :data:`MOST_BITS` bits and index :data:`MOST_INDEX`)."""
    if index > MOST_INDEX or n.bit_length() > MOST_BITS:
        return None
    root = isqrt(n) if index == 2 else round(n ** (1 / index))
    return next((r for r in (root - 1, root, root + 1) if r >= 0 and r**index == n), None)


def root_of_power(node: Expr) -> Expr:
    """√(v²) = |v|, an even root ⁿ√(vⁿ) = |v|, an odd one ⁿ√(vⁿ) = v (node as it is
    where its radicand is not written as such a power, or holds no variable)."""
    if not (isinstance(node, Call) and node.children and free_names(node.children[0])):
        return node
    index = _INDEX.get(node.name)
    if node.name == "root" and len(node.children) == 2:
        number = node.children[1]
        whole = isinstance(number, Num) and number.is_integer and number.value >= 2
        index = int(number.value) if whole else None  # type: ignore[attr-defined]
    if index is None or (node.name != "root" and len(node.children) != 1):
        return node
    base = _root_of(node.children[0], index)
    if base is None or index % 2:
        return node if base is None else base
    if isinstance(base, Pow) and isinstance(base.exp, Num) and base.exp.is_integer:
        if base.exp.value % 2 == 0:  # √(x⁴) = x²
            return base
        return power(Call("abs", base.base), base.exp)  # √(x⁶) = |x|³
    return Call("abs", base)
