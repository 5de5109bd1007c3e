"""The ``reduction-formula`` rewrite: a circular function of an angle shifted by a
multiple of π/2 is one of the angle itself, by the reduction formulas:

    sin(u + π/2) = cos u,   cos(u + π/2) = −sin u,   tan(u + π/2) = −cot u,
    sin(u + π) = −sin u,    cos(u + π) = −cos u,     tan(u + π) = tan u,
    sin(π − u) = sin u,     cos(π − u) = −cos u,     sin(u + 2π) = sin u, …

(each with the same domain on both sides).  ``(sin(x + π/2))′ = cos(x + π/2)`` is
written ``−sin x``.

>>> from symderiv.parse import parse
>>> [str(shifted(parse(t))) for t in ["sin(x + pi/2)", "cos(pi - x)", "tan(2*x + pi)"]]
['cos(x)', '-cos(x)', 'tan(2*x)']
"""

from __future__ import annotations

from fractions import Fraction

from ..expr import Add, Call, Expr, Neg, add, fold, neg, rebuild
from .kinds import where
from .values import pi_multiple

__all__ = ["PASS", "shifted"]

#: ``f -> (f(u + π/2), f(u + π), f(u + 3π/2))``, each as (sign, function of u).
SHIFTED: dict[str, tuple[tuple[int, str], tuple[int, str], tuple[int, str]]] = {
    "sin": ((1, "cos"), (-1, "sin"), (-1, "cos")),
    "cos": ((-1, "sin"), (-1, "cos"), (1, "sin")),
    "tan": ((-1, "cot"), (1, "tan"), (-1, "cot")),
    "cot": ((-1, "tan"), (1, "cot"), (-1, "tan")),
    "sec": ((-1, "csc"), (-1, "sec"), (1, "csc")),
    "csc": ((1, "sec"), (-1, "csc"), (-1, "sec")),
}
#: ``f(−u) = parity·f(u)``.
PARITY: dict[str, int] = {"sin": -1, "cos": 1, "tan": -1, "cot": -1, "sec": 1, "csc": -1}


def _split(arg: Expr) -> tuple[Expr, Fraction] | None:
    """``(v, q)`` with ``arg = v + q·π``, ``q`` a multiple of 1/2 and ``v`` the other
    terms; None when ``arg`` is no such sum."""
    if not isinstance(arg, Add):
        return None
    q, rest = Fraction(0), []
    for term in arg.children:
        multiple = pi_multiple(term)
        if multiple is None:
            rest.append(term)
        else:
            q += multiple
    if not rest or len(rest) == len(arg.children) or (2 * q).denominator != 1:
        return None
    return add(*rest), q


def reduced(node: Expr) -> Expr | None:
    """``node``, a circular function of ``v + q·π`` (q a multiple of 1/2), written as
    a function of ``v`` (or of ``−v``'s opposite: ``cos(π − x) = −cos x``); else None."""
    if not (isinstance(node, Call) and node.name in SHIFTED and len(node.children) == 1):
        return None
    split = _split(node.arg)
    if split is None:
        return None
    v, q = split
    sign = 1
    if isinstance(v, Neg):  # f(q·π − u) = parity·f(u − q·π)
        v, q, sign = v.arg, -q, PARITY[node.name]
    quarter = int(2 * q) % 4
    if quarter == 0:
        name = node.name
    else:
        turn, name = SHIFTED[node.name][quarter - 1]
        sign *= turn
    result = Call(name, v)
    return result if sign > 0 else neg(result)


def shifted(expr: Expr) -> Expr:
    """``expr`` with each circular function of an angle shifted by a multiple of π/2
    written as a function of the angle (see :func:`reduced`)."""

    def combine(node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        found = reduced(rebuilt)
        return rebuilt if found is None else found

    return fold(expr, combine)


#: The pass as :mod:`symderiv.simplify` registers it: key, formula, LaTeX, function.
PASS = (
    "reduction-formula",
    "sin(u + π/2) = cos u,  cos(u + π/2) = −sin u,  sin(π − u) = sin u,  cos(u + π) = −cos u, …",
    r"\sin\left(u + \frac{\pi}{2}\right) = \cos u,\; \cos\left(u + \frac{\pi}{2}\right) = "
    r"-\sin u,\; \sin(\pi - u) = \sin u",
    where(("const pi",), lambda expr: (shifted(expr), ())),  # no π, no shifted angle
)
