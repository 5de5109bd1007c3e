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
from functools import lru_cache
from itertools import combinations
from math import gcd, lcm
from typing import NamedTuple

from ..expr import (
    Add,
    Call,
    Div,
    E,
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
    postorder,
    power,
    rebuild,
)
from ..rules.base import constant_value
from ..steps import Condition
from .poly import (
    Coefficient,
    Factor,
    Monomial,
    Poly,
    Rational,
    TooLarge,
    perfect_power,
)
from .poly import (
    content as _content,
)
from .ratios import ratio_functions

__all__ = [
    "Atoms",
    "forget_measures",
    "half_angle",
    "has_power_of_sum",
    "leaves",
    "poly_to_expression",
    "rational_leaves",
    "splits_power",
    "to_expression",
    "to_rational",
    "written_leaves",
]


class Atoms:
    """The atoms met so far, numbered in order of first appearance.

    A *root atom* ``ᵠ√B`` (``sqrt(B)`` or ``B^(1/q)``) also records its index ``q`` and
    its radicand ``B`` as a :class:`Rational`, so that ``(ᵠ√B)^q`` reduces to ``B``.
    """

    def __init__(
        self,
        *,
        reduce: bool = True,
        squares: dict[str, tuple[str, int, int]] | None = None,
        split_powers: bool = False,
        keep_sums: bool = False,
        split_radicands: bool = True,
        double_angles: bool = False,
    ) -> None:
        self.index: dict[Expr, int] = {}
        self.items: list[Expr] = []
        self.roots: dict[int, tuple[int, Rational]] = {}
        self.root_of: dict[tuple[Rational, int], int] = {}
        #: Whether ``(ᵠ√B)^q`` is replaced by ``B`` (else roots only combine their powers).
        self.reduce = reduce
        #: Squares replaced by a Pythagorean identity: ``f -> (g, c, s)`` for
        #: ``f(u)² = c + s·g(u)²``.
        self.squares = squares or {}
        self.relations: dict[int, tuple[int, Rational]] = {}
        #: Whether a reduction or a cancellation of a root took place (if none did, the
        #: reading that keeps roots unreduced is the same).
        self.reduced = False
        #: Whether ``u^(k·e + c)`` is read as ``(u^e)^k·u^c`` for integers k, c.
        self.split_powers = split_powers
        #: Whether a power of a sum is read as a power of one atom, not expanded.
        self.keep_sums = keep_sums
        #: Whether ``ᵠ√(P/m^q)`` is read as ``ᵠ√P/|m|`` (see :func:`_root_of_denominator`),
        #: and whether that happened (if not, the reading that keeps them whole is the same).
        self.split_radicands = split_radicands
        self.radicand_split = False
        #: Whether ``sin(w/2)``, ``cos(w/2)`` (and sinh, cosh) are read as angles ``w``.
        self.double_angles = double_angles
        #: The conditions the laws used in this reading need (``A ≥ 0`` for ``√A·√B = √(A·B)``).
        self.conditions: list[Condition] = []
        #: The common root index of each radicand (see :meth:`note_root_indices`).
        self.indices: dict[Expr, int] = {}

    def __call__(self, atom: Expr) -> Poly:
        return Poly.atom(self.number(atom))

    def number(self, atom: Expr) -> int:
        number = self.index.get(atom)
        if number is None:
            number = self.index[atom] = len(self.items)
            self.items.append(atom)
            square = self.squares.get(atom.name) if isinstance(atom, Call) else None
            if square is not None and len(atom.children) == 1:
                partner = Poly.atom(self.number(Call(square[0], atom.children[0])))
                constant, sign = square[1], square[2]
                value = Poly.constant(constant) + (partner * partner).scale(Fraction(sign))
                self.relations[number] = (2, Rational.of(value))
        return number

    def note_root_indices(self, expr: Expr) -> None:
        """Give all roots of one radicand in ``expr`` a common index, so that ``⁴√x``,
        ``√x`` and ``x^(3/4)`` are powers of one atom ``⁴√x``."""
        for base, index in _root_indices(expr).items():
            self.indices[base] = lcm(self.indices.get(base, 1), index)

    def reductions(self) -> dict[int, tuple[int, Rational]]:
        """Powers to replace: roots (when reducing) and Pythagorean squares."""
        if not self.relations:
            return self.roots if self.reduce else {}
        return {**self.roots, **self.relations} if self.reduce else self.relations

    def absolute(self, argument: Expr, value: Rational) -> int:
        """The number of the atom ``|argument|``, registered as the root ``√(value²)``, so
        that ``|u|² = u²`` (real ``u``) and ``u²/|u| = |u|``."""
        number = self.number(Call("abs", argument))
        self.roots.setdefault(number, (2, value * value))
        return number

    def root(self, radicand: Expr, value: Rational, index: int) -> int:
        """The number of the atom ``radicand^(1/index)``, registered with its reduction;
        one atom for one radicand however it is written (``√(b²x² + 2abx + a²)`` and
        ``√(bx(bx + 2a) + a²)``)."""
        known = self.root_of.get((value, index))
        if known is not None:
            return known
        atom = Call("sqrt", radicand) if index == 2 else Pow(radicand, Num(Fraction(1, index)))
        number = self.number(atom)
        self.roots[number] = (index, value)
        self.root_of[(value, index)] = number
        return number


def _root_index(node: Expr) -> tuple[Expr, int] | None:
    """``(B, q)`` when ``node`` is a root ``√B`` or a power ``B^(p/q)``, q > 1."""
    if isinstance(node, Call) and node.name == "sqrt" and len(node.children) == 1:
        return node.arg, 2
    exponent = constant_value(node.exp) if isinstance(node, Pow) else None
    if exponent is not None and 1 < exponent.denominator <= MAX_ROOT_INDEX:
        return node.base, exponent.denominator  # type: ignore[attr-defined]
    return None


@lru_cache(maxsize=1024)
def _root_indices(expr: Expr) -> dict[Expr, int]:
    """Each radicand in ``expr`` with the least common index of its roots (once per
    interned tree: every reading of one expression asks for it)."""
    indices: dict[Expr, int] = {}
    for node in postorder(expr):
        found = _root_index(node)
        if found is not None:
            base, index = found
            indices[base] = lcm(indices.get(base, 1), index)
    return indices


AtomRewrite = Callable[[Expr], Expr]

#: Largest root index and numerator of a fractional exponent read as a root atom.
MAX_ROOT_INDEX = 12
MAX_ROOT_POWER = 24
#: Highest whole power kept as a power of one atom, or split off a symbolic exponent.
MAX_KEPT_POWER = 64
#: Rounds of root reduction (a radicand may hold roots itself).
REDUCTION_ROUNDS = 6


def _is_leaf(node: Expr) -> bool:
    return not node.children


def to_rational(expr: Expr, atoms: Atoms, rewrite_atom: AtomRewrite, *, cancel: bool) -> Rational:
    """``expr`` as a rational function of atoms.  Arguments of atoms are written back
    in textbook form first; ``rewrite_atom`` may replace an atom (e.g. ``e^(ln u) = u``).
    Fractional powers become powers of root atoms: ``u^(5/2) = (√u)⁵ = u²·√u``."""
    results: dict[Expr, Rational] = {}
    written: dict[Expr, Expr] = {}
    atoms.note_root_indices(expr)

    def express(node: Expr) -> Expr:
        """A child of an atom in textbook form (memoised; leaves are themselves)."""
        if _is_leaf(node):
            return node
        done = written.get(node)
        if done is None:
            done = written[node] = to_expression(results[node], atoms)
        return done

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

    def root_power(node: Expr, children: list[Rational]) -> Rational | None:
        """``B^(p/q)`` as the p-th power of the root atom ``B^(1/q)``."""
        if isinstance(node, Call) and node.name == "sqrt" and len(children) == 1:
            base, numerator, index = node.arg, 1, 2
        elif isinstance(node, Pow):
            exponent = children[1].numerator.constant_value
            if exponent is None or children[1].factors or exponent.denominator == 1:
                return None
            base, numerator, index = node.base, exponent.numerator, exponent.denominator
            if index > MAX_ROOT_INDEX or abs(numerator) > MAX_ROOT_POWER:
                return None
        else:
            return None
        common = atoms.indices.get(base, index)
        if common % index == 0 and common <= MAX_ROOT_INDEX:
            numerator, index = numerator * (common // index), common
        value = results[base]
        if value.numerator.is_zero:
            return None
        below = _root_of_denominator(value, index, atoms)
        if below is not None:
            value = Rational.of(value.numerator)
        scale = _content(value.numerator)
        if scale == 1:
            radicand = (
                express(base) if below is None else poly_to_expression(value.numerator, atoms)
            )
            root = Rational.of(Poly.atom(atoms.root(radicand, value, index)))
        else:
            rest = Rational(value.numerator.scale(1 / scale), value.factors)
            root = number_root(scale, index, atoms)
            if rest.numerator.constant_value != 1 or rest.factors:
                radicand = to_expression(rest, atoms)
                root = root * Rational.of(Poly.atom(atoms.root(radicand, rest, index)))
        if below is not None:
            root = root * below.reciprocal()
        return root.power(numerator) if numerator > 0 else root.reciprocal().power(-numerator)

    def whole_power(node: Pow, children: list[Rational]) -> Rational | None:
        """In the readings that ask for it: ``u^(k·e + c) = (u^e)^k·u^c`` for a symbolic
        exponent, and ``(a + b)ⁿ`` as the n-th power of the atom ``a + b``."""
        exponent = children[1]
        constant = exponent.numerator.constant_value
        if atoms.keep_sums and constant is not None:
            if constant.denominator != 1 or not 2 <= constant <= MAX_KEPT_POWER:
                return None
            base = children[0]
            if len(base.numerator.terms) < 2 or base.factors:
                return None
            atom = Rational.of(atoms(express(node.base)))
            return atom.power(int(constant))
        return split_power(children[0], exponent, lambda e: power(express(node.base), e))

    def split_power(
        base: Rational, exponent: Rational, write: Callable[[Expr], Expr]
    ) -> Rational | None:
        """``u^(k·e + c) = (u^e)^k·u^c`` (``write(e)`` is the atom ``u^e``)."""
        if not atoms.split_powers or exponent.numerator.constant_value is not None:
            return None
        if exponent.factors:
            return None
        terms = exponent.numerator.as_dict()
        offset = Fraction(terms.pop((), 0))
        rest = Poly.from_dict(terms)
        times = _integer_content(rest)
        if offset.denominator != 1 or abs(offset) > MAX_KEPT_POWER:
            return None
        if offset == 0 and times == 1:
            return None
        atom = Rational.of(atoms(write(poly_to_expression(rest.scale(Fraction(1, times)), atoms))))
        value = atom.power(times)
        if offset:
            value = value * base.power(int(offset))
        return value

    def combine(node: Expr, children: list[Rational]) -> Rational:
        handler = _COMBINE.get(type(node))
        try:
            if isinstance(node, Pow) and (atoms.split_powers or atoms.keep_sums):
                whole = whole_power(node, children)
                if whole is not None:
                    return reduce_roots(_finish(whole, cancel), atoms, cancel)
            if _is_exponential(node) and atoms.split_powers:
                whole = split_power(Rational.of(atoms(E)), children[0], _exponential)
                if whole is not None:
                    return reduce_roots(_finish(whole, cancel), atoms, cancel)
            if isinstance(node, Div):
                value = _finish(children[0] * reciprocal(node.den), cancel)
                return reduce_roots(value, atoms, cancel)
            if handler is not None:
                return reduce_roots(handler(node, children, cancel), atoms, cancel)
            rooted = root_power(node, children)
            if rooted is not None:
                return reduce_roots(rooted, atoms, cancel)
        except (TooLarge, ZeroDivisionError):
            pass
        if isinstance(node, Pow):
            rooted = root_power(node, children)
            if rooted is not None:
                return reduce_roots(rooted, atoms, cancel)
        inner = [express(child) for child in node.children]
        rebuilt = rebuild(node, inner) if node.children else node
        replaced = rewrite_atom(rebuilt)
        if replaced is not rebuilt:
            return to_rational(replaced, atoms, rewrite_atom, cancel=cancel)
        if isinstance(rebuilt, Call) and rebuilt.name == "abs" and len(rebuilt.children) == 1:
            number = atoms.absolute(rebuilt.arg, results[node.children[0]])
            return Rational.of(Poly.atom(number))
        return Rational.of(atoms(rebuilt))

    value = _joined_roots(fold(expr, combine, results), atoms, cancel)
    if atoms.double_angles:
        value = _doubled_angles(value, atoms, cancel)
    if not cancel:
        return value
    return _cancel_radicands(_coprime(value), atoms)


#: Most sums in a denominator divided by one another by :func:`_coprime`.
COPRIME_FACTORS = 8


def _coprime(value: Rational) -> Rational:
    """The sums of a denominator divided by the numerator's sum (or its root) and by one
    another where that is exact, and what the numerator shares with the parts cancelled:
    ``(b·c − a·d)/((b·x² + a)·(b²c·x² + a·b·c − a·b·d·x² − a²d)) = 1/(b·x² + a)²``."""
    sums = [i for i, (poly, _) in enumerate(value.factors) if len(poly.terms) > 1]
    if not 1 <= len(sums) <= COPRIME_FACTORS:
        return value
    factors = list(value.factors)
    changed = False
    rest = value.numerator.divide_monomial(value.numerator.monomial_content())
    shared = [rest]
    if len(rest.terms) > 1:
        root = perfect_power(rest.scale(Fraction(1, _integer_content(rest))))
        shared += [root[0]] if root is not None else []
    for position in sums:
        poly, k = factors[position]
        for part in shared:
            quotient = poly.divide_exactly(part) if len(poly.terms) > len(part.terms) > 1 else None
            if quotient is not None:
                factors[position] = (quotient, k)
                factors.append((part, k))
                changed = True
                break
    for larger in sums:
        for smaller in sums:
            (a, k), (b, m) = factors[larger], factors[smaller]
            if larger == smaller or len(a.terms) <= len(b.terms) or not k or not m:
                continue
            quotient = a.divide_exactly(b)
            if quotient is not None:
                factors[larger] = (quotient, k)
                factors[smaller] = (b, m + k)
                changed = True
    if not changed:
        return value
    return Rational(value.numerator, tuple(f for f in factors if f[1])).cancel()


#: The half-angle laws read as double angles, ``(sine, cosine) -> (c₀, c₁)`` with
#: ``2·sine(v)² = c₀ + c₁·cosine(2v)``; always ``2·cosine(v)² = cosine(2v) + 1`` and
#: ``2·sine(v)·cosine(v) = sine(2v)``.
DOUBLE_ANGLES: dict[tuple[str, str], tuple[int, int]] = {
    ("sin", "cos"): (1, -1),
    ("sinh", "cosh"): (-1, 1),
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


def _doubled_angles(value: Rational, atoms: Atoms, cancel: bool) -> Rational:
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
    factors = [
        (poly.power(k), 1) if len(poly.terms) == 1 else (poly, k) for poly, k in value.factors
    ]
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
    return reduce_roots(_finish(doubled, cancel), atoms, cancel)


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


def _joined_roots(value: Rational, atoms: Atoms, cancel: bool) -> Rational:
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
            (first, second), key=lambda atom: _positive_terms(square_roots[atom].numerator)
        )
        condition = Condition(atoms.items[stronger].children[0], "≥", Num(0))
        if condition not in atoms.conditions:
            atoms.conditions.append(condition)
    factors.extend((Poly.atom(atom), p) for atom, p in joined_below)
    return reduce_roots(
        _finish(Rational(Poly.from_dict(numerator), tuple(factors)), cancel), atoms, cancel
    )


def _is_square_root(node: Expr) -> bool:
    return isinstance(node, Call) and node.name == "sqrt"


def _mono_power_product(a: Monomial, b: Monomial, times: int) -> Monomial:
    powers = dict(a)
    for atom, p in b:
        powers[atom] = powers.get(atom, 0) + p * times
    return tuple(sorted(powers.items()))


def _root_of_denominator(value: Rational, index: int, atoms: Atoms) -> Rational | None:
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
            if _as_square(poly, atoms) is not None:
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
        number = atoms.absolute(poly_to_expression(poly, atoms), Rational.of(poly))
        below = below * Rational.of(Poly.atom(number))
    return below


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


def number_root(value: Fraction, index: int, atoms: Atoms) -> Rational:
    """The principal ``value^(1/index)`` of a positive number: whole powers taken out and
    the rest as roots of primes (``√12 = 2·√3``, ``√6·√3·√2 = 6``)."""
    result = Rational.of(Poly.constant(1))
    for whole, below in ((value.numerator, False), (value.denominator, True)):
        outside, primes = _root_parts(whole, index)
        part = Rational.of(Poly.constant(outside))
        for prime, exponent in primes:
            number = atoms.root(Num(prime), Rational.of(Poly.constant(prime)), index)
            part = part * Rational.of(Poly.atom(number)).power(exponent)
        result = result * (part.reciprocal() if below else part)
    return result


def splits_power(atom: Expr) -> bool:
    """Whether ``atom`` is a power with a symbolic exponent that a split can read
    (``exp(u)`` among them: ``exp(2·x) = exp(x)²``)."""
    if _is_exponential(atom):
        return bool(atom.children[0].children)
    return isinstance(atom, Pow) and not isinstance(atom.exp, Num)


def _is_exponential(node: Expr) -> bool:
    return isinstance(node, Call) and node.name == "exp" and len(node.children) == 1


def _exponential(exponent: Expr) -> Expr:
    return Call("exp", exponent)


def has_power_of_sum(expr: Expr) -> bool:
    """Whether ``expr`` holds a sum raised to a whole power ≥ 2."""
    return any(
        isinstance(node, Pow)
        and isinstance(node.base, Add)
        and isinstance(node.exp, Num)
        and node.exp.is_integer
        and 2 <= node.exp.value <= MAX_KEPT_POWER
        for node in postorder(expr)
    )


def rational_leaves(value: Rational, atoms: Atoms) -> int:
    """The leaves of ``value`` written back unfactored, counted on the polynomials (an
    estimate that builds no tree: each coefficient other than ±1, each atom's leaves,
    each power other than 1; a Pythagorean square as the square it is written as)."""
    sizes = [leaves(atom) for atom in atoms.items]
    return poly_leaves(value.numerator, atoms, sizes) + sum(
        poly_leaves(poly, atoms, sizes) + (multiplicity != 1)
        for poly, multiplicity in value.factors
    )


def poly_leaves(poly: Poly, atoms: Atoms, sizes: list[int]) -> int:
    """The leaves of ``poly`` written back unfactored (``sizes``: each atom's leaves)."""
    square = _as_square(poly, atoms)
    if square is not None:
        return leaves(square[0]) + 1
    total = 0
    for monomial, coefficient in poly.terms:
        total += abs(coefficient) != 1 or not monomial
        for atom, exponent in monomial:
            total += sizes[atom] + (exponent != 1)
    return total


#: Most sums in a denominator tried in pairs by :func:`_multiplied_out`.
MULTIPLIED_FACTORS = 6


def _multiplied_out(factors: tuple[Factor, ...], atoms: Atoms) -> tuple[Factor, ...]:
    """Two sums of a denominator with one power multiplied out when their product,
    roots reduced, is shorter: ``(x² + 1 − √2·x)·(x² + 1 + √2·x) = x⁴ + 1``,
    ``(1 + √u)·(1 − √u) = 1 − u``."""
    sums = [i for i, (poly, _) in enumerate(factors) if len(poly.terms) > 1]
    if not 2 <= len(sums) <= MULTIPLIED_FACTORS:
        return factors
    sizes = [leaves(atom) for atom in atoms.items]
    left = list(factors)
    changed = True
    while changed:
        changed = False
        for first, second in combinations(sums, 2):
            (a, k), (b, m) = left[first], left[second]
            if k != m or not k:
                continue
            try:
                product = reduce_roots(Rational.of(a * b), atoms, True)
            except TooLarge:
                continue
            if product.factors or len(product.numerator.terms) < 2:
                continue
            size = poly_leaves(product.numerator, atoms, sizes)
            if size < poly_leaves(a, atoms, sizes) + poly_leaves(b, atoms, sizes):
                left[first], left[second] = (product.numerator, k), (b, 0)
                changed = True
    return tuple(factor for factor in left if factor[1])


def _cancel_radicands(value: Rational, atoms: Atoms) -> Rational:
    """A radicand in the numerator cancels against its root in the denominator:
    ``B/ᵠ√B = (ᵠ√B)^(q−1)`` (``a·u/√(a·u) = √(a·u)``; a radicand ``P/Q`` cancels a
    numerator ``P`` over a denominator ``Q``)."""
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
        if root is None:
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
    roots = atoms.reductions()
    if not roots:
        return value
    for _ in range(REDUCTION_ROUNDS):
        reduced = _reduce_once(value, roots)
        if reduced is None:
            return value
        atoms.reduced = True
        value = _finish(reduced, cancel)
    return value


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
        if len(poly.terms) == 1 and len(poly.terms[0][0]) == 1 and poly.terms[0][1] == 1:
            ((atom, exponent),) = poly.terms[0][0]
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
@lru_cache(maxsize=1 << 14)
def leaves(expr: Expr) -> int:
    """Leaves counted with repetition: the measure of size for choosing a form (once per
    interned tree: atoms and candidate forms are measured again and again)."""
    return fold(expr, lambda node, children: sum(children) if children else 1)


def _degree(m: Monomial) -> int:
    return sum(power for _, power in m)


def _atom_power(atom: Expr, exponent: int) -> Expr:
    """``atom^exponent``; a power of a root ``B^(1/q)`` is written ``B^(k/q)``, a power of
    ``exp(u)`` is written ``exp(k·u)``."""
    if exponent == 1:
        return atom
    if _is_exponential(atom):
        return _exponential(mul(Num(exponent), atom.children[0]))
    if isinstance(atom, Pow) and isinstance(atom.exp, Num) and not atom.exp.is_integer:
        return _root_power(atom.base, Fraction(atom.exp.value) * exponent)
    if isinstance(atom, Call) and atom.name == "sqrt":
        return _root_power(atom.arg, Fraction(exponent, 2))
    return power(atom, Num(exponent))


def _root_power(base: Expr, exponent: Fraction) -> Expr:
    if exponent == Fraction(1, 2):
        return Call("sqrt", base)
    return power(base, Num(exponent))


def _monomial_expr(m: Monomial, atoms: Atoms) -> list[Expr]:
    """The factors of a monomial; a power of ``B`` and of a root of ``B`` are written as
    one power (``x·x^(2/3) = x^(5/3)``), roots of whole numbers as one root
    (``√2·√3 = √6``)."""
    powers = dict(m)
    whole = _radicands_taken(powers, atoms)
    if whole:
        m = tuple(sorted((atom, p) for atom, p in powers.items() if p))
    roots = {atom: _root_index(atoms.items[atom]) for atom in powers}
    merged: dict[int, Fraction] = {}
    for atom, p in m:
        found = roots[atom]
        base = atoms.index.get(found[0]) if found is not None else None
        if base is not None and found is not None and powers.get(base, 0) > 0 < p:
            merged[base] = merged.get(base, Fraction(powers[base])) + Fraction(p, found[1])
            merged[atom] = Fraction(0)
    numbers: dict[int, int] = {}
    factors = []
    for atom, p in m:
        found = roots[atom]
        if found is not None and isinstance(found[0], Num) and found[0].value > 0 < p < found[1]:
            numbers[found[1]] = numbers.get(found[1], 1) * int(found[0].value) ** p
        elif atom not in merged:
            factors.append(_atom_power(atoms.items[atom], p))
        elif merged[atom]:
            factors.append(_root_power(atoms.items[atom], merged[atom]))
    whole += [_root_power(Num(product), Fraction(1, index)) for index, product in numbers.items()]
    return whole + factors


def _radicands_taken(powers: dict[int, int], atoms: Atoms) -> list[Expr]:
    """A root ``ᵠ√B`` of a monomial radicand ``B`` (``a·sinh²x``) and whole powers of
    ``B`` in one monomial written as one power, ``B^(k + p/q)`` (``a·sinh²x·√(a·sinh²x) =
    (a·sinh²x)^(3/2)``); ``powers`` is left with what remains."""
    taken = []
    for atom in [a for a in powers if a in atoms.roots]:
        index, radicand = atoms.roots[atom]
        found = _root_index(atoms.items[atom])
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
        taken.append(_root_power(found[0], Fraction(powers.pop(atom), index) + times))
    return taken


def _term(m: Monomial, coefficient: Coefficient, atoms: Atoms) -> Expr:
    return mul(Num(coefficient), *_monomial_expr(m, atoms))


def _ordered(poly: Poly) -> list[tuple[Monomial, Coefficient]]:
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


#: How many atoms deep the greedy factoring of a polynomial goes.
MAX_FACTOR_DEPTH = 6
#: Leaves a grouping by a shared atom must save to be kept (``x² − 2x − 1`` stays).
GROUPING_SAVES = 2


def _factored(poly: Poly, atoms: Atoms, depth: int = 0) -> Expr:
    """The polynomial with common factors pulled out where that is no longer: first the
    common number and monomial of all terms (``x·eˣ·(x + 2)``), then, greedily, the atom
    shared by most terms (``a·(x + y) + z``).  The depth is bounded by
    :data:`MAX_FACTOR_DEPTH`, so this never follows the depth of an expression tree."""
    plain = poly_to_expression(poly, atoms)
    if len(poly.terms) < 2 or depth > MAX_FACTOR_DEPTH:
        return plain
    content = poly.monomial_content()
    number = _integer_content(poly)
    if content or number != 1:
        rest = poly.divide_monomial(content).scale(Fraction(1, number))
        inner = _factored(rest, atoms, depth + 1)
        pulled = mul(Num(number), *_monomial_expr(content, atoms), inner)
        return pulled if leaves(pulled) <= leaves(plain) else plain
    whole = _whole_power(poly, atoms)
    if whole is not None and leaves(whole) < leaves(plain):
        return whole
    counts: dict[int, int] = {}
    for monomial, _ in poly.terms:
        for atom, _power in monomial:
            counts[atom] = counts.get(atom, 0) + 1
    split = _common_sum(poly, counts)
    if split is not None:
        product = mul(*(_factored(part, atoms, depth + 1) for part in split))
        if leaves(product) < leaves(plain):
            return product
    best = max(counts, key=lambda a: (counts[a], -a), default=None)
    if best is None or counts[best] < 2 or len(counts) < 2:
        return plain
    having, others = _split_by(poly, best)
    first, second = _factored(having, atoms, depth + 1), _factored(others, atoms, depth + 1)
    if isinstance(first, Neg) and not isinstance(second, Neg):
        first, second = second, first
    grouped = add(first, second)
    return grouped if leaves(grouped) + GROUPING_SAVES <= leaves(plain) else plain


def _whole_power(poly: Poly, atoms: Atoms) -> Expr | None:
    """``poly`` as a power: ``qⁿ`` for a binomial ``q``, or a Pythagorean square
    (``1 − sin²u = cos²u``, ``(1 − sin²u)² = cos⁴u``)."""
    square = _as_square(poly, atoms)
    if square is not None:
        written = power(square[0], Num(2))
        return written if square[1] > 0 else neg(written)
    root = perfect_power(poly)
    if root is None:
        return None
    inner = _as_square(root[0], atoms)
    if inner is not None and (inner[1] > 0 or root[1] % 2 == 0):
        return power(inner[0], Num(2 * root[1]))
    return power(poly_to_expression(root[0], atoms), Num(root[1]))


#: Most terms, and most atoms tried, when looking for a common sum to factor out.
COMMON_SUM_TERMS = 40
COMMON_SUM_ATOMS = 8


def _split_by(poly: Poly, atom: int) -> tuple[Poly, Poly]:
    """The terms of ``poly`` that hold ``atom``, and the others."""
    having = {m: c for m, c in poly.terms if any(a == atom for a, _ in m)}
    others = {m: c for m, c in poly.terms if m not in having}
    return Poly.from_dict(having), Poly.from_dict(others)


def _common_sum(poly: Poly, counts: dict[int, int]) -> tuple[Poly, Poly] | None:
    """A sum common to both groups of a split by one atom, found by exact division:
    ``a·u·h + b·h = h·(a·u + b)`` for a sum ``h`` (``(d·x + c)·(b·atan(x) + a)``)."""
    if len(poly.terms) > COMMON_SUM_TERMS:
        return None
    tried = sorted(counts, key=lambda a: (-counts[a], a))[:COMMON_SUM_ATOMS]
    for atom in tried:
        having, others = _split_by(poly, atom)
        if others.is_zero:
            continue
        content = having.monomial_content()
        common = having.divide_monomial(content)
        if len(common.terms) < 2:
            continue
        rest = others.divide_exactly(common)
        if rest is not None:
            return common, Poly.from_dict({content: Fraction(1)}) + rest
    return None


def _integer_content(poly: Poly) -> int:
    """The gcd of the coefficients when they are all integers, signed so the leading
    printed term stays positive; else 1."""
    common = 0
    for _, coefficient in poly.terms:
        if coefficient.denominator != 1:
            return 1
        common = gcd(common, coefficient.numerator)
    if all(coefficient < 0 for _, coefficient in poly.terms):
        return -common
    return common or 1


#: ``(g, c₀, c₂) -> f`` for ``c₀ + c₂·g(u)² = f(u)²``: a Pythagorean identity read
#: backwards, so a denominator ``1 − sin²u`` is written ``cos²u``.
SQUARES: dict[tuple[str, int, int], str] = {
    ("sin", 1, -1): "cos",
    ("cos", 1, -1): "sin",
    ("sinh", 1, 1): "cosh",
    ("cosh", -1, 1): "sinh",
}


def _as_square(poly: Poly, atoms: Atoms) -> tuple[Expr, int] | None:
    """``(f(u), ±1)`` when ``poly = ±f(u)²`` by a Pythagorean identity, in the readings
    that use those identities (so the step that does it is named for them); else None."""
    if not atoms.squares or len(poly.terms) != 2:
        return None
    (constant, c0), (monomial, c2) = sorted(poly.terms, key=lambda t: len(t[0]))
    if constant or len(monomial) != 1 or monomial[0][1] != 2:
        return None
    atom = atoms.items[monomial[0][0]]
    if not isinstance(atom, Call) or len(atom.children) != 1:
        return None
    for sign in (1, -1):
        partner = SQUARES.get((atom.name, int(sign * c0), int(sign * c2)))
        if partner is not None and abs(c0) == 1 == abs(c2):
            return Call(partner, atom.arg), sign
    return None


def _positive_terms(poly: Poly) -> int:
    return sum(coefficient > 0 for _, coefficient in poly.terms)


def _sign_absorbed(factors: tuple[Factor, ...]) -> tuple[bool, tuple[Factor, ...]]:
    """A leading minus sign taken into the first sum in the denominator with an odd
    power that has more negative terms than positive ones (``−u/(a − b − c) =
    u/(b + c − a)``, but ``−u/(x² + 1)`` stays); ``(True, factors)`` when there is none."""
    for index, (poly, multiplicity) in enumerate(factors):
        if multiplicity % 2 and 2 * _positive_terms(poly) < len(poly.terms):
            flipped = (-poly, multiplicity)
            return False, (*factors[:index], flipped, *factors[index + 1 :])
    return True, factors


#: Leaves a sum of fractions must save to be written instead of one fraction
#: (``x·cos²x/sin²x`` stays: ``x/sin²x − x`` saves one).
SPLIT_SAVES = 1


def _split_fraction(value: Rational, atoms: Atoms) -> Expr | None:
    """The fraction written as a sum of fractions, each term over what is left of a
    monomial denominator once it has cancelled: ``(a·u² + b)/u² = a + b/u²``; None when
    the terms share one denominator anyway."""
    if len(value.numerator.terms) < 2:
        return None
    monomial: dict[int, int] = {}
    sums: list[Factor] = []
    for poly, multiplicity in value.factors:
        if len(poly.terms) == 1 and poly.terms[0][1] == 1:
            for atom, power in poly.terms[0][0]:
                monomial[atom] = monomial.get(atom, 0) + power * multiplicity
        else:
            sums.append((poly, multiplicity))
    if not monomial:
        return None
    groups: dict[Monomial, dict[Monomial, Coefficient]] = {}
    for term, coefficient in value.numerator.terms:
        powers = dict(term)
        left = tuple(
            (atom, power - min(power, powers.get(atom, 0))) for atom, power in monomial.items()
        )
        kept = tuple((atom, power) for atom, power in left if power)
        cancelled = {atom: monomial[atom] - power for atom, power in left}
        reduced = tuple(
            (atom, power - cancelled.get(atom, 0))
            for atom, power in term
            if power != cancelled.get(atom, 0)
        )
        groups.setdefault(kept, {})[reduced] = coefficient
    if len(groups) < 2:
        return None
    parts = []
    for kept, terms in sorted(groups.items(), key=lambda group: _degree(group[0])):
        below = ((Poly.from_dict({kept: 1}), 1),) if kept else ()
        part = Rational(Poly.from_dict(terms), (*below, *sums)).cancel()
        parts.append(to_expression(part, atoms))
    return add(*parts)


def to_expression(value: Rational, atoms: Atoms, *, factor: bool = True) -> Expr:
    """A rational function written back in textbook form; with ``factor``, common
    factors pulled out and, when that is shorter, the fraction split into a sum of
    fractions (:func:`_split_fraction`) or written as a power of a quotient
    (:func:`_power_of_quotient`)."""
    combined = _to_expression(value, atoms, factor=factor)
    if not factor or not value.factors:
        return combined
    split = _split_fraction(value, atoms)
    if split is not None and written_leaves(split) + SPLIT_SAVES <= written_leaves(combined):
        combined = split
    quotient = _power_of_quotient(value, atoms)
    if quotient is not None and written_leaves(quotient) < written_leaves(combined):
        return quotient
    return combined


def forget_measures() -> None:
    """Forget what is remembered per interned tree (:func:`written_leaves`, :func:`leaves`,
    root indices)."""
    written_leaves.cache_clear()
    leaves.cache_clear()
    _root_indices.cache_clear()


@lru_cache(maxsize=4096)
def written_leaves(expr: Expr) -> int:
    """The leaves of ``expr`` once the ratio functions are written back (``x·sin²u/cos²u``
    is ``x·tan²u`` at the end), the measure for choosing between forms (once per interned
    tree: the same form is often measured against several others)."""
    return leaves(ratio_functions(expr))


def _power_of_quotient(value: Rational, atoms: Atoms) -> Expr | None:
    """``c·qⁿ/(mⁿ·r) = c·(q/m)ⁿ/r`` for a perfect power ``qⁿ`` over a monomial ``mⁿ``, the
    quotient written in its own shortest form: ``(a·cos²u + b)²/cos⁴u = (a + b/cos²u)²``."""
    numerator = value.numerator
    content = numerator.monomial_content()
    rest = numerator.divide_monomial(content)
    number = _integer_content(rest)
    found = perfect_power(rest.scale(Fraction(1, number)))
    if found is None:
        return None
    root, n = found
    inside: list[Factor] = []
    outside: list[Factor] = []
    for poly, multiplicity in value.factors:
        if len(poly.terms) == 1 and poly.terms[0][1] == 1 and len(poly.terms[0][0]) == 1:
            whole, left = divmod(multiplicity * poly.terms[0][0][0][1], n)
            atom = Poly.atom(poly.terms[0][0][0][0])
            inside.extend([(atom, whole)] if whole else [])
            outside.extend([(atom, left)] if left else [])
        else:
            outside.append((poly, multiplicity))
    if not inside:
        return None
    inner = to_expression(Rational(root, tuple(inside)).cancel(), atoms)
    front = to_expression(
        Rational(Poly.from_dict({content: number}), tuple(outside)).normalised(), atoms
    )
    return mul(front, power(inner, Num(n)))


def _radicand_in_numerator(numerator: Poly, atoms: Atoms) -> tuple[Expr, Poly] | None:
    """A root ``ᵠ√B`` held by every term of a numerator that is also divisible by the sum
    ``B``, as one power and what is left: ``a·x·(cosh x + 1)·√(a·cosh x + a) =
    (a·cosh x + a)^(3/2)·x``."""
    for atom, held in numerator.monomial_content():
        root = atoms.roots.get(atom)
        found = _root_index(atoms.items[atom])
        if root is None or found is None or root[1].factors:
            continue
        radicand = root[1].numerator
        if len(radicand.terms) < 2:
            continue
        rest = numerator.divide_monomial(((atom, held),))
        times = 0
        while times < MAX_KEPT_POWER:
            quotient = rest.divide_exactly(radicand)
            if quotient is None:
                break
            rest, times = quotient, times + 1
        if times:
            return power(found[0], Num(Fraction(held, root[0]) + times)), rest
    return None


#: Most denominator factors searched for the factors of a radicand.
RADICAND_FACTORS = 6


def _radicand_factors(target: Poly, candidates: list[tuple[int, Poly]]) -> list[int] | None:
    """Positions of candidates whose product is ``target`` (smallest sets first)."""
    for size in range(1, min(len(candidates), RADICAND_FACTORS) + 1):
        for chosen in combinations(candidates, size):
            product = Poly.constant(1)
            for _, poly in chosen:
                product = product * poly
            if product == target:
                return [position for position, _ in chosen]
    return None


def _roots_with_radicands(
    factors: tuple[Factor, ...], atoms: Atoms
) -> tuple[list[Expr], tuple[Factor, ...]]:
    """A root in a denominator joined with its radicand's factors there:
    ``ᵠ√B·Bᵏ = B^(k + 1/q)`` (``√(c·(x² + 1))·c·(x² + 1) = (c·x² + c)^(3/2)``); the merged
    powers, and the factors left.  A factor divisible by the radicand of a root there is
    split first:
    ``(d + k·x)·(d² − k²x²)·√(d² − k²x²) = (d + k·x)·(d² − k²x²)^(3/2)``."""
    below = {
        poly.terms[0][0][0][0] for poly, _ in factors if len(poly.terms) == 1 and poly.terms[0][0]
    }
    radicands = [
        radicand.numerator
        for atom, (_, radicand) in atoms.roots.items()
        if atom in below and not radicand.factors and len(radicand.numerator.terms) > 1
    ]
    if not radicands:
        return [], factors
    left: list[Factor] = []
    for poly, multiplicity in factors:
        for radicand in radicands:
            quotient = (
                poly.divide_exactly(radicand) if len(poly.terms) > len(radicand.terms) else None
            )
            if quotient is not None:
                left.extend(((quotient, multiplicity), (radicand, multiplicity)))
                break
        else:
            left.append((poly, multiplicity))
    factors = tuple(left)
    merged: list[Expr] = []
    for position, (poly, multiplicity) in enumerate(factors):
        if len(poly.terms) != 1 or len(poly.terms[0][0]) != 1 or poly.terms[0][1] != 1:
            continue
        ((atom, exponent),) = poly.terms[0][0]
        root = atoms.roots.get(atom)
        found = _root_index(atoms.items[atom])
        if root is None or found is None or root[1].factors:
            continue
        times = 0
        while True:
            candidates = [(i, p) for i, (p, k) in enumerate(left) if k and i != position]
            chosen = _radicand_factors(root[1].numerator, candidates)
            if chosen is None:
                break
            for i in chosen:
                left[i] = (left[i][0], left[i][1] - 1)
            times += 1
        if times:
            left[position] = (poly, 0)
            merged.append(power(found[0], Num(Fraction(exponent * multiplicity, found[1]) + times)))
    return merged, tuple(factor for factor in left if factor[1])


def _to_expression(value: Rational, atoms: Atoms, *, factor: bool) -> Expr:
    if factor:
        multiplied = _multiplied_out(value.factors, atoms)
        if multiplied != value.factors:
            value = Rational(value.numerator, multiplied).normalised()
    numerator = value.numerator
    scale = lcm(*(c.denominator for _, c in numerator.terms)) if numerator.terms else 1
    numerator = numerator.scale(Fraction(scale))
    negative = bool(numerator.terms) and all(c < 0 for _, c in numerator.terms)
    factors = value.factors
    if negative:
        numerator = -numerator
        negative, factors = _sign_absorbed(factors)
    top = _factored(numerator, atoms) if factor else poly_to_expression(numerator, atoms)
    joined = _radicand_in_numerator(numerator, atoms) if factor else None
    if joined is not None:
        with_power = mul(_factored(joined[1], atoms), joined[0])
        top = with_power if leaves(with_power) < leaves(top) else top
    bottom_parts: list[Expr] = [Num(scale)] if scale != 1 else []
    if factor:
        merged, factors = _roots_with_radicands(factors, atoms)
        bottom_parts.extend(merged)
    for poly, multiplicity in factors:
        square = _as_square(poly, atoms)
        if square is not None:
            bottom_parts.append(power(square[0], Num(2 * multiplicity)))
            negative ^= square[1] < 0 and multiplicity % 2 == 1
            continue
        base = poly_to_expression(poly, atoms)
        if len(poly.terms) == 1 and len(poly.terms[0][0]) == 1 and poly.terms[0][1] == 1:
            bottom_parts.append(_atom_power(base, multiplicity))
        else:
            bottom_parts.append(power(base, Num(multiplicity)))
    result = div(top, mul(*bottom_parts)) if bottom_parts else top
    return neg(result) if negative else result
