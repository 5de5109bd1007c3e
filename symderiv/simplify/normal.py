"""Between expressions and the exact rational core: :func:`to_rational` reads a tree as a
rational function of atoms, :func:`to_expression` writes one back in textbook form.

Textbook form: terms by descending degree with a positive term first (``1 − σ``,
``x² − 2x − 1``), numbers first in products, a common monomial factor pulled out when
that is no longer (``x·eˣ·(x + 2)``), denominators kept factored, no negative
exponents.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from math import lcm

from ..expr import (
    Add,
    Div,
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    add,
    div,
    fold,
    mul,
    neg,
    power,
    rebuild,
)
from .poly import Monomial, Poly, Rational, TooLarge

__all__ = ["Atoms", "leaves", "poly_to_expression", "to_expression", "to_rational"]


class Atoms:
    """The atoms met so far, numbered in order of first appearance."""

    def __init__(self) -> None:
        self.index: dict[Expr, int] = {}
        self.items: list[Expr] = []

    def __call__(self, atom: Expr) -> Poly:
        number = self.index.get(atom)
        if number is None:
            number = self.index[atom] = len(self.items)
            self.items.append(atom)
        return Poly.atom(number)


AtomRewrite = Callable[[Expr], Expr]


def to_rational(expr: Expr, atoms: Atoms, rewrite_atom: AtomRewrite, *, cancel: bool) -> Rational:
    """``expr`` as a rational function of atoms.  Arguments of atoms are written back
    in textbook form first; ``rewrite_atom`` may replace an atom (e.g. ``e^(ln u) = u``)."""
    results: dict[Expr, Rational] = {}

    def reciprocal(node: Expr) -> Rational:
        """1/node, keeping the factors of a product or power as separate factors."""
        if isinstance(node, Mul):
            total = Rational.of(Poly.constant(1))
            for factor in node.factors:
                total = total * reciprocal(factor)
            return total
        if isinstance(node, Pow) and isinstance(node.exp, Num) and node.exp.is_integer:
            exponent = int(node.exp.value)
            if 0 < exponent <= 64:
                return results[node.base].reciprocal().power(exponent)
        return results[node].reciprocal()

    def combine(node: Expr, children: list[Rational]) -> Rational:
        handler = _COMBINE.get(type(node))
        if handler is not None:
            try:
                if isinstance(node, Div):
                    return _finish(children[0] * reciprocal(node.den), cancel)
                return handler(node, children, cancel)
            except (TooLarge, ZeroDivisionError):
                pass
        inner = [to_expression(child, atoms) for child in children]
        rebuilt = rebuild(node, inner) if node.children else node
        replaced = rewrite_atom(rebuilt)
        if replaced is not rebuilt:
            return to_rational(replaced, atoms, rewrite_atom, cancel=cancel)
        return Rational.of(atoms(rebuilt))

    return fold(expr, combine, results)


def _finish(value: Rational, cancel: bool) -> Rational:
    return value.cancel() if cancel else value.normalised()


def _sum(node: Expr, children: list[Rational], cancel: bool) -> Rational:
    total = children[0]
    for child in children[1:]:
        total = total + child
    return _finish(total, cancel)


def _product(node: Expr, children: list[Rational], cancel: bool) -> Rational:
    total = children[0]
    for child in children[1:]:
        total = total * child
    return _finish(total, cancel)


def _quotient(node: Expr, children: list[Rational], cancel: bool) -> Rational:
    return _finish(children[0] * children[1].reciprocal(), cancel)


def _power(node: Expr, children: list[Rational], cancel: bool) -> Rational:
    exponent = children[1].numerator.constant_value
    if exponent is None or children[1].factors or exponent.denominator != 1:
        raise TooLarge
    base = children[0]
    if abs(exponent) > 12 and (len(base.numerator.terms) > 1 or base.factors):
        raise TooLarge
    return _finish(base.power(int(exponent)), cancel)


_COMBINE: dict[type, Callable[[Expr, list[Rational], bool], Rational]] = {
    Num: lambda node, _, c: Rational.of(Poly.constant(node.value)),  # type: ignore[attr-defined]
    Add: _sum,
    Mul: _product,
    Div: _quotient,
    Neg: lambda node, ch, c: -ch[0],
    Pow: _power,
}


# ---------------------------------------------------------------------------------------
# Writing back
# ---------------------------------------------------------------------------------------
def leaves(expr: Expr) -> int:
    """Leaves counted with repetition: the measure of size for choosing a form."""
    return fold(expr, lambda node, children: sum(children) if children else 1)


def _degree(m: Monomial) -> int:
    return sum(power for _, power in m)


def _monomial_expr(m: Monomial, atoms: Atoms) -> list[Expr]:
    return [atoms.items[atom] if p == 1 else power(atoms.items[atom], Num(p)) for atom, p in m]


def _term(m: Monomial, coefficient: Fraction, atoms: Atoms) -> Expr:
    return mul(Num(coefficient), *_monomial_expr(m, atoms))


def _ordered(poly: Poly) -> list[tuple[Monomial, Fraction]]:
    terms = sorted(poly.terms, key=lambda t: (-_degree(t[0]), t[0]))
    for index, (_, coefficient) in enumerate(terms):
        if coefficient > 0:
            return terms[index:] + terms[:index]
    return terms


def poly_to_expression(poly: Poly, atoms: Atoms) -> Expr:
    """A polynomial as a sum of terms in textbook order."""
    terms = [_term(m, c, atoms) for m, c in _ordered(poly)]
    if not terms:
        return Num(0)
    return terms[0] if len(terms) == 1 else add(*terms)


def _factored(poly: Poly, atoms: Atoms) -> Expr:
    """The polynomial with its common monomial factor pulled out, if that is no longer."""
    plain = poly_to_expression(poly, atoms)
    content = poly.monomial_content()
    if len(poly.terms) < 2 or not content:
        return plain
    rest = poly_to_expression(poly.divide_monomial(content), atoms)
    pulled = mul(*_monomial_expr(content, atoms), rest)
    return pulled if leaves(pulled) <= leaves(plain) else plain


def to_expression(value: Rational, atoms: Atoms, *, factor: bool = True) -> Expr:
    """A rational function written back in textbook form."""
    numerator = value.numerator
    scale = lcm(*(c.denominator for _, c in numerator.terms)) if numerator.terms else 1
    numerator = numerator.scale(Fraction(scale))
    negative = bool(numerator.terms) and all(c < 0 for _, c in numerator.terms)
    if negative:
        numerator = -numerator
    top = _factored(numerator, atoms) if factor else poly_to_expression(numerator, atoms)
    bottom_parts: list[Expr] = [Num(scale)] if scale != 1 else []
    for poly, multiplicity in value.factors:
        base = poly_to_expression(poly, atoms)
        bottom_parts.append(power(base, Num(multiplicity)))
    result = div(top, mul(*bottom_parts)) if bottom_parts else top
    return neg(result) if negative else result
