"""Polynomials over atoms written as sums of terms in textbook order: terms by descending
degree with a positive term first (``1 − σ``, ``x² − 2x − 1``); in products numbers
first, then symbols, algebraic factors and functions (``2x·sin x``, ``x·(x + 1)·eˣ``); a
power and a root of one base written as one power (``x·x^(2/3) = x^(5/3)``), a power of
``eᵘ`` as ``e^(k·u)``."""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from operator import attrgetter, itemgetter

from ..expr import (
    Add,
    Call,
    Const,
    E,
    Expr,
    Indexed,
    Mul,
    Neg,
    Num,
    Pow,
    Product,
    Sum,
    Sym,
    add,
    div,
    fold,
    mul,
    neg,
    power,
    rebuild,
)
from .atoms import Atoms, real_root_index, root_index
from .identities import FAMILIES
from .kinds import ALGEBRAIC_CALLS, transcendental
from .poly import Coefficient, Monomial, Poly


def is_exponential(node: Expr) -> bool:
    return isinstance(node, Call) and node.name == "exp" and len(node.children) == 1


def is_power_of_e(node: Expr) -> bool:
    """Whether ``node`` is ``eᵘ`` or ``exp(u)``: positive wherever it is real."""
    return is_exponential(node) or (isinstance(node, Pow) and node.base is E)


def exponential(exponent: Expr) -> Expr:
    return Call("exp", exponent)


def _exponent(node: Expr) -> tuple[bool, Expr] | None:
    """``(written with exp, u)`` for ``exp(u)`` or ``eᵘ``; ``None`` for anything else."""
    if is_exponential(node):
        return True, node.children[0]
    if isinstance(node, Pow) and node.base is E:
        return False, node.exp
    return None


def _opposites_cancelled(node: Expr, children: list[Expr]) -> Expr:
    node = rebuild(node, children)
    if not isinstance(node, Mul):
        return node
    waiting: dict[tuple[bool, Expr], list[int]] = {}
    dropped: set[int] = set()
    for at, factor in enumerate(node.factors):
        found = _exponent(factor)
        if found is None:
            continue
        written, exponent = found
        partners = waiting.get((written, neg(exponent)))
        if partners:
            dropped.update((at, partners.pop()))
        else:
            waiting.setdefault((written, exponent), []).append(at)
    if not dropped:
        return node
    return mul(*(f for at, f in enumerate(node.factors) if at not in dropped))


def opposite_exponentials_cancelled(expr: Expr) -> Expr:
    """``expr`` with ``eᵘ·e⁻ᵘ = 1`` (``exp(u)·exp(−u) = 1``) in every product: the
    rational core reads ``exp(x)`` and ``exp(−x)`` as two atoms where it keeps the
    exponentials as the source writes them, so their product is cancelled here.

    >>> from symderiv.parse import parse
    >>> str(opposite_exponentials_cancelled(parse("4*exp(x)*exp(-x)/(exp(x) + exp(-x))^2")))
    '4/(exp(x) + exp(-x))^2'
    """
    return fold(expr, _opposites_cancelled)


def degree(m: Monomial) -> int:
    return sum(power for _, power in m)


def atom_power(atom: Expr, exponent: int) -> Expr:
    """``atom^exponent``; a power of a root ``B^(1/q)`` is written ``B^(k/q)``, a power of
    ``eᵘ`` or ``exp(u)`` is written ``e^(k·u)`` or ``exp(k·u)``."""
    if exponent == 1:
        return atom
    found = exponential_power(atom, Fraction(exponent))
    if found is not None:
        return found
    if isinstance(atom, Pow) and isinstance(atom.exp, Num) and not atom.exp.is_integer:
        return written_root(atom.base, Fraction(atom.exp.value) * exponent)
    if isinstance(atom, Call) and atom.name == "sqrt":
        return written_root(atom.arg, Fraction(exponent, 2))
    return power(atom, Num(exponent))


def exponential_power(base: Expr, exponent: Fraction) -> Expr | None:
    """``(eᵘ)ᵏ = e^(k·u)`` and ``exp(u)ᵏ = exp(k·u)``, as a textbook writes them (``e²ˣ``,
    ``e^(3x/2)``); None when ``base`` is neither."""
    if is_exponential(base):
        return exponential(_times(exponent, base.children[0]))
    if isinstance(base, Pow) and base.base is E:
        return power(E, _times(exponent, base.exp))
    return None


def _times(number: Fraction, expr: Expr) -> Expr:
    """``number·expr`` with a fraction written over its denominator (``3x/2``)."""
    scaled = mul(Num(number.numerator), expr)
    return scaled if number.denominator == 1 else div(scaled, Num(number.denominator))


def written_root(base: Expr, exponent: Fraction) -> Expr:
    """``base^exponent`` for a fractional exponent: ``√B`` for ½ (as it was written), a
    power of ``eᵘ`` as ``e^(k·u)``."""
    if exponent == Fraction(1, 2):
        return Call("sqrt", base)
    return exponential_power(base, exponent) or power(base, Num(exponent))


def monomial_factors(m: Monomial, atoms: Atoms) -> list[Expr]:
    """The factors of a monomial; a power of ``B`` and of a root of ``B`` are written as
    one power (``x·x^(2/3) = x^(5/3)``), roots of whole numbers as one root
    (``√2·√3 = √6``)."""
    powers = dict(m)
    whole = _radicands_taken(powers, atoms)
    if whole:
        m = tuple(sorted((atom, p) for atom, p in powers.items() if p))
    roots = {atom: root_index(atoms.items[atom]) for atom in powers}
    merged: dict[int, Fraction] = {}
    for atom, p in m:
        found = roots[atom]
        base = atoms.index.get(found[0]) if found is not None else None
        if base is not None and found is not None and powers.get(base, 0) > 0 < p:
            merged[base] = merged.get(base, Fraction(powers[base])) + Fraction(p, found[1])
            merged[atom] = Fraction(0)
    numbers: dict[int, int] = {}
    real: dict[tuple[str, int], tuple[Call, int]] = {}
    factors = []
    for atom, p in m:
        found = roots[atom]
        of_number = _real_root_of_number(atoms.items[atom])
        if atom in merged:
            if merged[atom] and found is not None and isinstance(found[0], Num):
                factors.append(written_root(found[0], merged[atom] / found[1]))
            elif merged[atom]:
                factors.append(written_root(atoms.items[atom], merged[atom]))
        elif of_number is not None and 0 < p < of_number[2]:
            like, number, index = of_number
            _, product = real.get((like.name, index), (like, 1))
            real[(like.name, index)] = (like, product * number**p)
        elif found is not None and isinstance(found[0], Num) and found[0].value > 0 < p < found[1]:
            numbers[found[1]] = numbers.get(found[1], 1) * int(found[0].value) ** p
        else:
            factors.append(atom_power(atoms.items[atom], p))
    whole += [written_root(Num(product), Fraction(1, index)) for index, product in numbers.items()]
    whole += [Call(like.name, Num(product), *like.children[1:]) for like, product in real.values()]
    return in_textbook_order(whole + factors)


def _real_root_of_number(node: Expr) -> tuple[Call, int, int] | None:
    """``(node, n, q)`` when ``node`` is a real root of a whole number n > 0 written as a
    call, ``cbrt(n)`` (q = 3) or ``root(n, q)``: such roots are written as one
    (``∛2·∛5 = ∛10``)."""
    index = real_root_index(node)
    if not isinstance(node, Call) or index is None:
        return None
    radicand = node.children[0]
    if not (isinstance(radicand, Num) and isinstance(radicand.value, int) and radicand.value > 0):
        return None
    return node, radicand.value, index


def factor_rank(factor: Expr) -> int:
    """Where a factor stands in a product as a textbook writes it: numbers and their roots
    (``√2``, ``π``) first, then symbols and their powers (``x²``), other
    algebraic factors (``(x + 1)³``, ``√(x² + 1)``, ``|x|``), functions (``sin x``, ``eˣ``,
    ``2ˣ``), and sums of functions (and Σ, Π) last: ``2x·(x + 1)·eˣ``,
    ``x·cos²x·(ln x + tan x)``, ``yⱼ·Σₖ tₖ``."""
    base = factor.base if isinstance(factor, Pow) else factor
    if isinstance(factor, Pow) and isinstance(base, (Num, Const)):
        return 0 if isinstance(factor.exp, Num) else 3
    if isinstance(base, (Num, Const)):
        return 0
    if isinstance(base, (Sym, Indexed)):
        return 1
    if _real_root_of_number(base) is not None:
        return 0
    if isinstance(base, Call) and base.name in ALGEBRAIC_CALLS:
        inner = base.arg
        if isinstance(inner, Num):
            return 0
        base = inner
    elif isinstance(base, Call):
        return 3
    if isinstance(base, (Sum, Product)):
        return 4
    if not transcendental(base):
        return 2
    return 4 if isinstance(base, Add) else 3


#: The roles of a family (:data:`~.identities.FAMILIES`) in the order in which a textbook
#: writes functions of one argument side by side: ``2 sin x·cos x``, ``sec x·tan x``,
#: ``−csc x·cot x``, ``sinh x·cosh x``.
TEXTBOOK_ROLES: tuple[str, ...] = ("sin", "cos", "sec", "tan", "csc", "cot")

#: Each circular and hyperbolic function's family and place in :data:`TEXTBOOK_ROLES`.
TRIGONOMETRIC_ORDER: dict[str, tuple[int, int]] = {
    getattr(names, role): (family, place)
    for family, names in enumerate(FAMILIES.values())
    for place, role in enumerate(TEXTBOOK_ROLES)
}


def _trigonometric(factor: Expr) -> tuple[tuple[int, Expr], int] | None:
    """For a circular or hyperbolic function (or its power): its family and argument, and
    its place in :data:`TRIGONOMETRIC_ORDER`; None for any other factor."""
    base = factor.base if isinstance(factor, Pow) else factor
    if not isinstance(base, Call) or len(base.children) != 1:
        return None
    found = TRIGONOMETRIC_ORDER.get(base.name)
    return None if found is None else ((found[0], base.arg), found[1])


def in_textbook_order(factors: list[Expr]) -> list[Expr]:
    """``factors`` ordered by :func:`factor_rank`, those of one rank as they were, except
    that circular (or hyperbolic) functions of one argument stand together, in
    :data:`TRIGONOMETRIC_ORDER`, where the first of them stood (``sin x·cos x·2ˣ``, but
    ``cos x·sin(cos x)`` as it was)."""
    if len(factors) < 2:
        return factors
    ordered = sorted(factors, key=factor_rank)
    groups: dict[tuple[int, Expr], list[tuple[int, Expr]]] = {}
    for factor in ordered:
        found = _trigonometric(factor)
        if found is not None:
            groups.setdefault(found[0], []).append((found[1], factor))
    for members in groups.values():
        if len(members) < 2:
            continue
        first = min(ordered.index(factor) for _, factor in members)
        held = {id(factor) for _, factor in members}
        rest = [factor for factor in ordered if id(factor) not in held]
        at = sum(1 for factor in ordered[:first] if id(factor) not in held)
        together = [factor for _, factor in sorted(members, key=lambda member: member[0])]
        ordered = rest[:at] + together + rest[at:]
    return ordered


def _radicands_taken(powers: dict[int, int], atoms: Atoms) -> list[Expr]:
    """A root ``ᵠ√B`` of a monomial radicand ``B`` (``a·sinh²x``) and whole powers of
    ``B`` in one monomial written as one power, ``B^(k + p/q)`` (``a·sinh²x·√(a·sinh²x) =
    (a·sinh²x)^(3/2)``); ``powers`` is left with what remains."""
    taken = []
    for atom in [a for a in powers if a in atoms.roots]:
        index, radicand = atoms.roots[atom]
        found = root_index(atoms.items[atom])
        terms = radicand.numerator.terms
        if found is None or radicand.factors or len(terms) != 1 or terms[0][1] != 1:
            continue
        monomial = terms[0][0]
        if len(monomial) < 2:
            continue
        times = min(powers.get(a, 0) // p for a, p in monomial)
        if times < 1 or powers[atom] <= 0:
            continue
        for a, p in monomial:
            powers[a] -= p * times
        taken.append(written_root(found[0], Fraction(powers.pop(atom), index) + times))
    return taken


def _term(m: Monomial, coefficient: Coefficient, atoms: Atoms) -> Expr:
    """A term written back (once per reading, like its polynomial)."""
    key = (m, coefficient, type(coefficient))
    found = atoms.terms_written.get(key)
    if found is None:
        number = atoms.number_written(coefficient)
        found = atoms.terms_written[key] = mul(number, *monomial_factors(m, atoms))
    return found


def _ordered(poly: Poly) -> list[tuple[Monomial, Coefficient]]:
    terms = sorted(poly.terms, key=lambda t: (-degree(t[0]), t[0]))
    for index, (_, coefficient) in enumerate(terms):
        if coefficient > 0:
            return terms[index:] + terms[:index]
    return terms


def poly_to_expression(poly: Poly, atoms: Atoms) -> Expr:
    """A polynomial as a sum of terms in textbook order (written once per reading: a
    polynomial's atoms, and so its writing, are fixed once it is made)."""
    found = atoms.polys_written.get(poly)
    if found is None:
        terms = [_term(m, c, atoms) for m, c in _ordered(poly)]
        if not terms:
            found = Num(0)
        else:
            found = terms[0] if len(terms) == 1 else add(*terms)
        atoms.polys_written[poly] = found
    return found


def _writes_minus(term: Expr) -> bool:
    """Whether a sum that starts with ``term`` is written starting with a minus sign."""
    return isinstance(term, Neg) or (isinstance(term, Num) and term.value < 0)


def in_positive_order(expr: Expr) -> Expr:
    """A sum with the terms that carry a minus sign after the others when it would start
    with one (``2 cot x·cos x − 2 sin x·ln(sin x)``, not ``−2 sin x·ln(sin x) + 2 cot
    x·cos x``); any other expression as it is."""
    if not isinstance(expr, Add) or not _writes_minus(expr.terms[0]):
        return expr
    terms = sorted(expr.terms, key=_writes_minus)
    return expr if tuple(terms) == expr.terms else Add(*terms)


def integer_content(poly: Poly) -> int:
    """The gcd of the coefficients when they are all integers, signed so the leading
    printed term stays positive; else 1."""
    coefficients = list(map(_COEFFICIENT, poly.terms))
    if max(map(_DENOMINATOR, coefficients), default=1) != 1:
        return 1
    common = gcd(*map(_NUMERATOR, coefficients))
    if max(coefficients, default=-1) < 0:
        return -common
    return common or 1


_COEFFICIENT = itemgetter(1)
_NUMERATOR = attrgetter("numerator")
_DENOMINATOR = attrgetter("denominator")


def positive_terms(poly: Poly) -> int:
    return sum(coefficient > 0 for _, coefficient in poly.terms)
