"""A learner's fractional powers read with real roots, as a calculus course reads them.

symderiv's ``cbrt(u)`` and ``root(u, n)`` of odd whole index are the real roots
(∛−8 = −2: :mod:`symderiv.functions`; the SymPy bridge builds them so where symbols are
real, :func:`~symderiv.bridge.to_sympy`), so the answer checker judges an answer for a
negative radicand too.  There an answer written with a fractional power, x^(2/3), has
no real value as a principal power, though the learner means the real one: the
derivative of ∛x is 1/(3x^(2/3)) in any course.  :func:`real_reading` reads a power
of a fractional exponent with an odd denominator as the power of a real root,
x^(p/q) = (q√x)^p; for x ≥ 0 the two readings agree.

>>> from symderiv.parse import parse
>>> print(real_reading(parse("1/(3*x^(2/3))")))
1/(3*root(x, 3)^2)
>>> print(real_reading(parse("sqrt(x) + x^(1/2) + x^(-4/5)")))
sqrt(x) + x^(1/2) + root(x, 5)^(-4)
"""

from __future__ import annotations

from functools import lru_cache

from ..expr import Call, Expr, Num, Pow, fold, power, rebuild
from ..rules.base import constant_value

__all__ = ["real_reading"]


@lru_cache(maxsize=1024)
def real_reading(expr: Expr) -> Expr:
    """``expr`` with every power of a fractional exponent with an odd denominator,
    x^(p/q), read as the power of a real root, (q√x)^p (``root(x, q)^p``): equal to
    x^(p/q) for x ≥ 0, and real for x < 0 too."""

    def combine(node: Expr, children: list[Expr]) -> Expr:
        if isinstance(node, Pow):
            value = constant_value(children[1])
            if value is not None and value.denominator % 2 == 1 and value.denominator > 1:
                root = Call("root", children[0], Num(value.denominator))
                return power(root, Num(value.numerator))
        return rebuild(node, children)

    return fold(expr, combine)
