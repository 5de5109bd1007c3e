"""Half angles read as whole ones: ``2·sin v·cos v = sin 2v``, ``2·cos²v = 1 + cos 2v``,
``2·sin²v = 1 − cos 2v`` and the hyperbolic laws (from :mod:`.identities`) for ``v = w/2``."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..expr import (
    Call,
    Div,
    Expr,
    Num,
)
from .atoms import Atoms
from .identities import IDENTITIES, double_angle_law
from .poly import Monomial, Poly, Rational
from .roots import finish, reduce_roots

#: The half-angle laws read as double angles, ``(sine, cosine) -> (c₀, c₁)`` with
#: ``2·sine(v)² = c₀ + c₁·cosine(2v)``; always ``2·cosine(v)² = cosine(2v) + 1`` and
#: ``2·sine(v)·cosine(v) = sine(2v)``.
DOUBLE_ANGLES: dict[tuple[str, str], tuple[int, int]] = {
    (entry.names.sin, entry.names.cos): double_angle_law(entry) for entry in IDENTITIES.values()
}


#: The number of an atom that does not occur.
ABSENT = -1


class _HalfAngleLaws(NamedTuple):
    """The double-angle values of ``sine(v)·cosine(v)``, ``sine(v)²`` and ``cosine(v)²``."""

    product: Poly
    sine_squared: Poly
    cosine_squared: Poly


def half_angle(node: Expr) -> Expr | None:
    """``w`` when ``node`` is ``sin(w/2)``, ``cos(w/2)``, ``sinh(w/2)`` or ``cosh(w/2)``."""
    if not isinstance(node, Call) or len(node.children) != 1:
        return None
    if not any(node.name in pair for pair in DOUBLE_ANGLES):
        return None
    arg = node.children[0]
    if isinstance(arg, Div) and arg.den == Num(2):
        return arg.num
    return None


def doubled_angles(value: Rational, atoms: Atoms, cancel: bool) -> Rational:
    """``2·sin v·cos v = sin 2v``, ``2·cos²v = 1 + cos 2v``, ``2·sin²v = 1 − cos 2v`` (and
    the hyperbolic ones) for ``v = w/2``, where every term holds the sine and cosine of
    ``v`` to an even total power."""
    halves: dict[Expr, dict[str, int]] = {}
    for number, atom in enumerate(list(atoms.items)):
        whole = half_angle(atom)
        if whole is not None:
            halves.setdefault(whole, {})[atom.name] = number  # type: ignore[attr-defined]
    if not halves:
        return value
    monomial = Poly.constant(1)
    factors: list[tuple[Poly, int]] = []
    for poly, k in value.factors:
        if len(poly.terms) == 1:  # one monomial below: 2·sin v·cos v = sin 2v there too
            monomial = monomial * poly.power(k)
        else:
            factors.append((poly, k))
    if monomial != Poly.constant(1):
        factors.insert(0, (monomial, 1))
    polys = [value.numerator, *(poly for poly, _ in factors)]
    half = Fraction(1, 2)
    for whole, names in halves.items():
        for (sine, cosine), (constant, sign) in DOUBLE_ANGLES.items():
            s, c = names.get(sine, ABSENT), names.get(cosine, ABSENT)
            if s == c == ABSENT or any(_odd_in(m, s, c) for p in polys for m, _ in p.terms):
                continue
            double_cosine = Poly.atom(atoms.number(Call(cosine, whole)))
            laws = _HalfAngleLaws(
                Poly.atom(atoms.number(Call(sine, whole))).scale(half),
                (Poly.constant(constant) + double_cosine.scale(Fraction(sign))).scale(half),
                (Poly.constant(1) + double_cosine).scale(half),
            )
            polys = [_double(p, s, c, laws) for p in polys]
    doubled = Rational(
        polys[0], tuple((p, k) for p, (_, k) in zip(polys[1:], factors, strict=True))
    )
    return reduce_roots(finish(doubled, cancel), atoms, cancel)


def _odd_in(monomial: Monomial, s: int, c: int) -> bool:
    powers = dict(monomial)
    return bool((powers.get(s, 0) + powers.get(c, 0)) % 2)


def _double(poly: Poly, s: int, c: int, laws: _HalfAngleLaws) -> Poly:
    total = Poly.constant(0)
    for monomial, coefficient in poly.terms:
        powers = dict(monomial)
        a, b = powers.pop(s, 0), powers.pop(c, 0)
        pairs = min(a, b)
        term = Poly.from_dict({tuple(sorted(powers.items())): coefficient})
        term = term * laws.product.power(pairs)
        term = term * laws.sine_squared.power((a - pairs) // 2)
        total = total + term * laws.cosine_squared.power((b - pairs) // 2)
    return total
