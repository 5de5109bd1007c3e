"""Roots in the rational core: ``(ᵠ√B)^q = B`` (:func:`reduce_roots`), ``√a·√b = √(ab)``
(:func:`joined_roots`), ``ᵠ√(P/m^q) = ᵠ√P/|m|`` (:func:`root_of_denominator`),
``B/ᵠ√B = (ᵠ√B)^(q−1)`` (:func:`cancel_radicands`) and roots of numbers taken apart into
roots of primes (:func:`number_root`)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from itertools import combinations
from typing import Any

from ..expr import (
    Call,
    Expr,
    Num,
)
from ..steps import Condition
from .atoms import Atoms, as_square, sums_dividing
from .poly import Coefficient, Factor, Monomial, Poly, Rational
from .terms import poly_to_expression, positive_terms
from .values import never_negative

#: Rounds of root reduction (a radicand may hold roots itself).
REDUCTION_ROUNDS = 6


def joined_roots(value: Rational, atoms: Atoms, cancel: bool) -> Rational:
    """``√A·√B = √(A·B)`` when ``A·B`` is the radicand of a square root met too, or 1,
    so the two forms cancel (``√(x − 1)·√(x + 1) = √(x² − 1)``, ``√(x + 1)·√(1/(x + 1))
    = 1``).  The law needs ``A ≥ 0`` or ``B ≥ 0``; the condition is recorded in
    ``atoms.conditions``."""
    if not atoms.reduce or len(atoms.roots) < 2:
        return value
    square_roots = {
        atom: radicand
        for atom, (index, radicand) in atoms.roots.items()
        if index == 2 and _is_square_root(atoms.items[atom])
    }
    by_radicand: dict[Rational, int | None] = {r: atom for atom, r in square_roots.items()}
    by_radicand[Rational.of(Poly.constant(1))] = None
    pairs = [
        (first, second, by_radicand[product])
        for (first, a), (second, b) in combinations(square_roots.items(), 2)
        if (product := (a * b).cancel()) in by_radicand
    ]
    if not pairs:
        return value

    used: set[tuple[int, int, int | None]] = set()

    def joined(monomial: Monomial) -> Monomial:
        powers = dict(monomial)
        for pair in pairs:
            first, second, product = pair
            times = min(powers.get(first, 0), powers.get(second, 0))
            if times:
                used.add(pair)
                powers[first] -= times
                powers[second] -= times
                if product is not None:
                    powers[product] = powers.get(product, 0) + times
        return tuple(sorted((atom, p) for atom, p in powers.items() if p))

    numerator: dict[Monomial, Coefficient] = {}
    for monomial, coefficient in value.numerator.terms:
        key = joined(monomial)
        numerator[key] = numerator.get(key, 0) + coefficient
    below: Monomial = ()
    factors = []
    for poly, multiplicity in value.factors:
        if len(poly.terms) == 1 and poly.terms[0][1] == 1:
            below = _mono_power_product(below, poly.terms[0][0], multiplicity)
        else:
            factors.append((poly, multiplicity))
    joined_below = joined(below)
    if not used:
        return value
    for first, second, _ in sorted(used, key=pairs.index):
        stronger = min(
            (first, second), key=lambda atom: positive_terms(square_roots[atom].numerator)
        )
        condition = Condition(atoms.items[stronger].children[0], "≥", Num(0))
        if condition not in atoms.conditions:
            atoms.conditions.append(condition)
    factors.extend((Poly.atom(atom), p) for atom, p in joined_below)
    return reduce_roots(
        finish(Rational(Poly.from_dict(numerator), tuple(factors)), cancel), atoms, cancel
    )


def _is_square_root(node: Expr) -> bool:
    return isinstance(node, Call) and node.name == "sqrt"


def _mono_power_product(a: Monomial, b: Monomial, times: int) -> Monomial:
    powers = dict(a)
    for atom, p in b:
        powers[atom] = powers.get(atom, 0) + p * times
    return tuple(sorted(powers.items()))


def root_of_denominator(value: Rational, index: int, atoms: Atoms) -> Rational | None:
    """``|m|`` when ``value = P/m^q`` for a product ``m`` of atoms and sums and an even
    root index ``q``, so that ``ᵠ√(P/m^q) = ᵠ√P/|m|`` (real ``m``; ``√(1 − 1/(c²x²)) =
    √(c²x² − 1)/|c·x|``, ``√(1 − 1/(x + a)²) = √((x + a)² − 1)/|x + a|``).  The even
    powers of ``m`` are written outside the absolute value (``|x²·y| = x²·|y|``)."""
    if index % 2 or not value.factors or not atoms.split_radicands:
        return None
    powers: dict[int, int] = {}
    sums: list[tuple[Poly, int]] = []
    for poly, multiplicity in value.factors:
        if multiplicity % index and (len(poly.terms) != 1 or poly.terms[0][1] != 1):
            return None
        if len(poly.terms) != 1:
            if as_square(poly, atoms) is not None:
                return None
            sums.append((poly, multiplicity // index))
            continue
        for atom, exponent in poly.terms[0][0]:
            powers[atom] = powers.get(atom, 0) + exponent * multiplicity
    if any(exponent % index for exponent in powers.values()):
        return None
    outside = {atom: exponent // index for atom, exponent in powers.items()}
    even = Poly.from_dict({tuple((a, p - p % 2) for a, p in outside.items() if p > 1): 1})
    odd = Poly.from_dict({tuple((a, 1) for a, p in sorted(outside.items()) if p % 2): 1})
    atoms.radicand_split = True
    below = Rational.of(even)
    odd_parts = [poly for poly, times in sums if times % 2]
    for poly, times in sums:
        below = below * Rational.of(poly.power(times - times % 2))
    for poly in [*odd_parts, *([odd] if odd.constant_value != 1 else [])]:
        below = below * magnitude(poly, atoms)
    return below


def magnitude(poly: Poly, atoms: Atoms) -> Rational:
    """``|poly|``: ``poly`` itself where it is never negative (:func:`never_negative_poly`:
    ``|x² + 1| = x² + 1``, ``|cosh u| = cosh u``); of a monomial, its even powers outside
    (``|−2x³y²c| = 2x²y²·|x·c|``); else the atom ``|poly|`` of the sum with a positive
    leading term (``|1 − x| = |x − 1|``)."""
    if never_negative_poly(poly, atoms):
        return Rational.of(poly)
    if len(poly.terms) == 1:  # |−2x³y²c| = 2x²y²·|x·c|: the odd part one |…|, as written
        monomial, coefficient = poly.terms[0]
        size = -coefficient if coefficient < 0 else coefficient
        even = Poly.from_dict({tuple((a, p - p % 2) for a, p in monomial if p > 1): size})
        odd = Poly.from_dict({tuple((a, 1) for a, p in monomial if p % 2): 1})
        if odd.constant_value == 1 or never_negative_poly(odd, atoms):
            return Rational.of(even) * Rational.of(odd)
        number = atoms.absolute(poly_to_expression(odd, atoms), Rational.of(odd))
        return Rational.of(even) * Rational.of(Poly.atom(number))
    if poly.leading()[1] < 0:
        poly = poly.scale(Fraction(-1))
    number = atoms.absolute(poly_to_expression(poly, atoms), Rational.of(poly))
    return Rational.of(Poly.atom(number))


def never_negative_poly(poly: Poly, atoms: Atoms) -> bool:
    """Whether every term of ``poly`` has a positive coefficient and only even powers of
    its atoms or atoms never negative (``x² + 1``, ``2·cosh u``, ``x²·y⁴``)."""
    return all(
        coefficient > 0
        and all(
            exponent % 2 == 0 or never_negative(atoms.items[atom]) for atom, exponent in monomial
        )
        for monomial, coefficient in poly.terms
    )


#: Largest whole number split into prime factors under a root.
MAX_FACTORED = 10**6


def _root_parts(n: int, index: int) -> tuple[int, list[tuple[int, int]]]:
    """``n = outside^index · Π pᵉ`` with each ``e < index`` (primes found by trial
    division up to :data:`MAX_FACTORED`; a larger ``n`` is left whole)."""
    if n > MAX_FACTORED:
        return 1, [(n, 1)]
    outside, left, prime = 1, [], 2
    while prime * prime <= n:
        exponent = 0
        while n % prime == 0:
            n //= prime
            exponent += 1
        if exponent:
            outside *= prime ** (exponent // index)
            if exponent % index:
                left.append((prime, exponent % index))
        prime += 1 if prime == 2 else 2
    if n > 1:
        left.append((n, 1))
    return outside, left


def number_outside(value: Fraction, index: int) -> Fraction:
    """The number ``q`` that comes out of ``ᵠ√(value·…)`` when the rest of the number
    stays under the root: ``value = q^index·r``, no whole index-th power left in ``r``
    (``√(8x) = 2√(2x)``, ``∛(x/8) = ∛x/2``, ``√(2π)`` as it is)."""
    above = _root_parts(value.numerator, index)[0]
    return Fraction(above, _root_parts(value.denominator, index)[0])


def number_root(
    value: Fraction, index: int, atoms: Atoms, written: Callable[[Expr], Call] | None = None
) -> Rational:
    """The principal ``value^(1/index)`` of a positive number: whole powers taken out and
    the rest as roots of primes (``√12 = 2·√3``, ``√6·√3·√2 = 6``); with ``written``, the
    roots of primes are real-root atoms written so (``∛16 = 2·∛2``, see
    :meth:`Atoms.real_root`)."""
    result = Rational.of(Poly.constant(1))
    for whole, below in ((value.numerator, False), (value.denominator, True)):
        outside, primes = _root_parts(whole, index)
        part = Rational.of(Poly.constant(outside))
        for prime, exponent in primes:
            radicand = Rational.of(Poly.constant(prime))
            number = (
                atoms.root(Num(prime), radicand, index)
                if written is None
                else atoms.real_root(written(Num(prime)), radicand, index)
            )
            part = part * Rational.of(Poly.atom(number)).power(exponent)
        result = result * (part.reciprocal() if below else part)
    return result


def cancel_radicands(value: Rational, atoms: Atoms, *, fractions: bool = True) -> Rational:
    """A radicand in the numerator cancels against its root in the denominator:
    ``B/ᵠ√B = (ᵠ√B)^(q−1)`` (``a·u/√(a·u) = √(a·u)``; with ``fractions``, a radicand
    ``P/Q`` cancels a numerator ``P`` over a denominator ``Q``)."""
    if not atoms.reduce or not atoms.roots:
        return value
    numerator = value.numerator
    factors = list(value.factors)
    changed = False
    for position in range(len(factors)):
        poly, multiplicity = factors[position]
        if not multiplicity or len(poly.terms) != 1 or len(poly.terms[0][0]) != 1:
            continue
        ((atom, exponent),) = poly.terms[0][0]
        root = atoms.roots.get(atom)
        if root is None or (root[1].factors and not fractions):
            continue
        index, radicand = root
        held = exponent * multiplicity
        while held > 0:
            quotient = numerator.divide_exactly(radicand.numerator)
            below = _without(factors, radicand.factors)
            if quotient is None or below is None:
                break
            numerator, held, changed = quotient, held - index, True
            factors = below
        if held < 0:
            numerator = numerator * Poly.atom(atom).power(-held)
        factors[position] = (Poly.atom(atom), max(held, 0))
    if not changed:
        return value
    atoms.reduced = True
    cancelled = Rational(numerator, tuple(f for f in factors if f[1])).normalised()
    return reduce_roots(cancelled, atoms, True)


def _without(factors: list[Factor], taken: tuple[Factor, ...]) -> list[Factor] | None:
    """``factors`` with the factors ``taken`` removed, when they are all there."""
    left = list(factors)
    for poly, multiplicity in taken:
        for position, (held, times) in enumerate(left):
            if held == poly and times >= multiplicity:
                left[position] = (held, times - multiplicity)
                break
        else:
            return None
    return left


def reduce_roots(value: Rational, atoms: Atoms, cancel: bool) -> Rational:
    """Replace ``(ᵠ√B)^q`` by ``B`` (and a square by its Pythagorean identity) in the
    numerator and in monomial denominator factors."""
    start = value
    roots = atoms.reductions()
    if roots:
        for _ in range(REDUCTION_ROUNDS):
            reduced = _reduce_once(value, roots)
            if reduced is None:
                break
            atoms.reduced = True
            value = finish(reduced, cancel)
    if atoms.asked is not None:
        atoms.asked.append(("reduce", start, cancel, value))
    return value


def asked_alike(asked: list[tuple[Any, ...]], atoms: Atoms) -> bool:
    """Whether ``atoms`` answer what another reading's atoms were asked while its value
    was written back (:attr:`Atoms.asked`) as those did: the squares seen and the roots
    reduced.  A reading with the same value and the same atoms otherwise, so answering,
    is written back as that one was, node for node."""
    for question in asked:
        if question[0] == "square":
            _, poly, answer = question
            if as_square(poly, atoms) != answer:
                return False
        elif question[0] == "sums":
            _, poly, answer = question
            if sums_dividing(poly, atoms) != answer:
                return False
        else:
            _, value, cancel, answer = question
            if reduce_roots(value, atoms, cancel) != answer:
                return False
    return True


def _reduce_once(value: Rational, roots: dict[int, tuple[int, Rational]]) -> Rational | None:
    kept: dict[Monomial, Coefficient] = {}
    extra: list[Rational] = []
    for monomial, coefficient in value.numerator.terms:
        rest: list[tuple[int, int]] = []
        pulled: list[tuple[Rational, int]] = []
        for atom, exponent in monomial:
            root = roots.get(atom)
            if root is not None and exponent >= root[0]:
                pulled.append((root[1], exponent // root[0]))
                exponent %= root[0]
            if exponent:
                rest.append((atom, exponent))
        if not pulled:
            kept[monomial] = coefficient
            continue
        term = Rational.of(Poly.from_dict({tuple(rest): coefficient}))
        for radicand, times in pulled:
            term = term * radicand.power(times)
        extra.append(term)
    factors: list[tuple[Poly, int]] = []
    divide: list[tuple[Rational, int]] = []
    for poly, multiplicity in value.factors:
        held_power = poly.power_of_atom
        if held_power is not None:
            atom, exponent = held_power
            root = roots.get(atom)
            held = exponent * multiplicity
            if root is not None and held >= root[0]:
                divide.append((root[1], held // root[0]))
                if held % root[0]:
                    factors.append((Poly.atom(atom), held % root[0]))
                continue
        factors.append((poly, multiplicity))
    if not extra and not divide:
        return None
    total = Rational(Poly.from_dict(kept), tuple(factors))
    if extra:
        numerator = Rational.of(Poly.constant(0))
        for term in extra:
            numerator = numerator + term
        total = total + numerator * Rational(Poly.constant(1), tuple(factors))
    for radicand, times in divide:
        total = total * radicand.reciprocal().power(times)
    return total


def finish(value: Rational, cancel: bool) -> Rational:
    """``value`` normalised, and with ``cancel`` its common factors cancelled."""
    normal = value.normalised()
    if not cancel:
        return normal
    cancelled = normal.cancel()
    if cancelled.numerator is not normal.numerator or cancelled.factors != normal.factors:
        note_cancellation()
    return cancelled


#: How many times cancelling has changed a value so far (see :func:`cancellations`).
_CANCELLED = [0]


def note_cancellation() -> None:
    """Count a value that cancelling changed."""
    _CANCELLED[0] += 1


def cancellations() -> int:
    """How many values cancelling has changed so far: a reading that cancels, during
    which this did not change, read what the reading that does not cancel reads (each
    value equal, node by node)."""
    return _CANCELLED[0]
