"""An exact polynomial and rational-function core over opaque atoms.

A :class:`Poly` maps monomials to ``Fraction`` coefficients; a monomial is a sorted
tuple of ``(atom index, exponent)`` pairs, where an atom is any expression the core
does not look inside (``x``, ``eˣ``, ``sin x``, ``σ(z)``, ``ln x``).  A
:class:`Rational` is a polynomial numerator over a product of polynomial factors
with multiplicities, kept factored as textbooks keep denominators.

Every operation is exact.  Expansion is bounded by :data:`MAX_TERMS`: past it a
:class:`TooLarge` is raised and the caller keeps the unexpanded form.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from heapq import heapify, heappop, heappush
from math import inf, isqrt
from operator import itemgetter
from typing import Final

from ..expr import MAX_EXACT_BITS

__all__ = [
    "MAX_POWER",
    "MAX_TERMS",
    "Coefficient",
    "Factor",
    "Monomial",
    "Poly",
    "Rational",
    "TooLarge",
    "content",
    "exact_root",
    "perfect_power",
    "polynomial_root",
    "whole_root",
]

Monomial = tuple[tuple[int, int], ...]
#: A coefficient: an ``int`` when whole (fast), else a ``Fraction``.
Coefficient = int | Fraction

#: Most terms an expanded polynomial may have.
MAX_TERMS = 400
#: Highest power of a sum that is expanded.
MAX_POWER = 12


class TooLarge(Exception):
    """An expansion would exceed the budget."""


def forget() -> None:
    """Forget the orders and factorisations remembered on monomials and polynomials (to
    time a first call)."""
    for cached in (_lex_key, _descending, _factor_parts):
        cached.cache_clear()


def _mono_mul(a: Monomial, b: Monomial) -> Monomial:
    if not a:
        return b
    if not b:
        return a
    merged = dict(a)
    for atom, power in b:
        total = merged.get(atom, 0) + power
        if total:
            merged[atom] = total
        else:
            del merged[atom]
    return tuple(sorted(merged.items()))


def _mono_divides(a: Monomial, b: Monomial) -> bool:
    """Whether monomial ``a`` divides ``b``."""
    powers = dict(b)
    for atom, power in a:
        if powers.get(atom, 0) < power:
            return False
    return True


def _mono_div(b: Monomial, a: Monomial) -> Monomial:
    """``b/a`` (``a`` divides ``b``): ``b``'s atoms in ``b``'s order, those left."""
    powers = dict(b)
    for atom, power in a:
        powers[atom] -= power
    return tuple([item for item in powers.items() if item[1]])


_FIRST = itemgetter(0)


def _degree(m: Monomial) -> int:
    return sum(power for _, power in m)


@lru_cache(maxsize=1 << 16)
def _lex_key(m: Monomial) -> tuple[int, tuple[tuple[int, int], ...]]:
    return (_degree(m), tuple((-atom, power) for atom, power in m))


@lru_cache(maxsize=1 << 16)
def _descending(m: Monomial) -> tuple[float, ...]:
    """A key that orders monomials the other way round from :func:`_lex_key` (so the
    least key is the greatest monomial): each part negated, and a last part above any
    other, so that a monomial whose key begins another's comes after it."""
    parts: list[float] = [-_degree(m)]
    for atom, power in m:
        parts += (atom, -power)
    parts.append(inf)
    return tuple(parts)


def _whole(c: Coefficient) -> Coefficient:
    """``c`` as an ``int`` when it is whole."""
    return c if type(c) is int or c.denominator != 1 else c.numerator


class Poly:
    """A polynomial: ``terms`` maps each monomial to its non-zero coefficient.

    A plain class with fixed fields rather than a frozen dataclass, so that the compiled
    build (see ``setup.py``) makes it a native class; ``terms`` is set once, and the
    other fields cache what is found of it once."""

    __slots__ = ("_atoms", "_content", "_hash", "_leading", "terms")

    terms: Final[tuple[tuple[Monomial, Coefficient], ...]]
    _hash: int | None
    _leading: tuple[Monomial, Coefficient] | None
    _atoms: frozenset[int] | None
    _content: Monomial | None

    def __init__(self, terms: tuple[tuple[Monomial, Coefficient], ...]) -> None:
        self.terms = terms
        self._hash = None
        self._leading = None
        self._atoms = None
        self._content = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Poly) and self.terms == other.terms

    def __hash__(self) -> int:
        found = self._hash
        if found is None:
            found = self._hash = hash(self.terms)
        return found

    def __repr__(self) -> str:
        return f"Poly(terms={self.terms!r})"

    @staticmethod
    def from_dict(terms: dict[Monomial, Coefficient]) -> Poly:
        kept = [(m, c if type(c) is int else _whole(c)) for m, c in terms.items() if c]
        if len(kept) > MAX_TERMS:
            raise TooLarge
        kept.sort(key=_FIRST)
        return Poly(tuple(kept))

    @staticmethod
    def constant(value: Coefficient) -> Poly:
        return Poly((((), value if type(value) is int else _whole(value)),) if value else ())

    @staticmethod
    def atom(index: int) -> Poly:
        return Poly(((((index, 1),), 1),))

    @property
    def is_zero(self) -> bool:
        return not self.terms

    @property
    def constant_value(self) -> Fraction | None:
        if not self.terms:
            return Fraction(0)
        if len(self.terms) == 1 and self.terms[0][0] == ():
            return Fraction(self.terms[0][1])
        return None

    def as_dict(self) -> dict[Monomial, Coefficient]:
        return dict(self.terms)

    def __add__(self, other: Poly) -> Poly:
        total = self.as_dict()
        for m, c in other.terms:
            total[m] = total.get(m, 0) + c
        return Poly.from_dict(total)

    def __neg__(self) -> Poly:
        return Poly(tuple((m, -c) for m, c in self.terms))

    def __sub__(self, other: Poly) -> Poly:
        return self + (-other)

    def __mul__(self, other: Poly) -> Poly:
        if len(self.terms) * len(other.terms) > MAX_TERMS * 4:
            raise TooLarge
        product: dict[Monomial, Coefficient] = {}
        for ma, ca in self.terms:
            for mb, cb in other.terms:
                m = _mono_mul(ma, mb)
                product[m] = product.get(m, 0) + ca * cb
        return Poly.from_dict(product)

    def scale(self, factor: Fraction) -> Poly:
        if factor == 1:
            return self
        return Poly.from_dict({m: c * factor for m, c in self.terms})

    def power(self, exponent: int) -> Poly:
        """``self ** exponent``; a single term is raised directly, and no coefficient may
        grow past :data:`~symderiv.expr.MAX_EXACT_BITS` (``2^(10^10)`` stays symbolic)."""
        if exponent > MAX_POWER and len(self.terms) > 1:
            raise TooLarge
        if exponent == 0:
            return Poly.constant(1)
        if len(self.terms) == 1:
            monomial, coefficient = self.terms[0]
            bits = coefficient.numerator.bit_length() + coefficient.denominator.bit_length()
            if coefficient not in (1, -1) and bits * exponent > MAX_EXACT_BITS:
                raise TooLarge
            raised = tuple((atom, power * exponent) for atom, power in monomial)
            return Poly.from_dict({raised: coefficient**exponent})
        result = Poly.constant(1)
        for _ in range(exponent):
            result = result * self
        return result

    def leading(self) -> tuple[Monomial, Coefficient]:
        found = self._leading
        if found is None:
            found = self._leading = max(self.terms, key=lambda t: _lex_key(t[0]))
        return found

    @property
    def degree(self) -> int:
        """The total degree (of the leading term: the monomial order is by degree first)."""
        return _degree(self.leading()[0]) if self.terms else 0

    @property
    def power_of_atom(self) -> tuple[int, int] | None:
        """``(atom, exponent)`` when the polynomial is one atom to a power (``x³``,
        coefficient 1), else None."""
        if len(self.terms) != 1 or self.terms[0][1] != 1 or len(self.terms[0][0]) != 1:
            return None
        return self.terms[0][0][0]

    @property
    def whole_coefficients(self) -> bool:
        """Whether every coefficient is a whole number."""
        return all(type(c) is int or c.denominator == 1 for _, c in self.terms)

    @property
    def atom_numbers(self) -> frozenset[int]:
        """The atoms the polynomial holds (found once per polynomial)."""
        found = self._atoms
        if found is None:
            found = self._atoms = frozenset(
                atom for monomial, _ in self.terms for atom, _ in monomial
            )
        return found

    def divide_exactly(self, divisor: Poly) -> Poly | None:
        """``self / divisor`` when the division is exact, else ``None``.

        Division by one polynomial leaves remainder zero exactly when it divides, for
        any monomial order, so this test is sound.
        """
        found = self._divided(divisor, exact=True)
        return None if found is None else found[0]

    def divide(self, divisor: Poly) -> tuple[Poly, Poly] | None:
        """``(quotient, remainder)`` with ``self = quotient·divisor + remainder``, no term
        of the remainder divisible by the divisor's leading monomial (the monomial order
        of :meth:`leading`); ``None`` past :data:`MAX_TERMS` steps."""
        return self._divided(divisor, exact=False)

    def _divided(self, divisor: Poly, *, exact: bool) -> tuple[Poly, Poly] | None:
        """Division by the leading term, greatest monomial first; with ``exact``, None at
        the first term the leading monomial does not divide."""
        if divisor.is_zero:
            return None
        lead_m, lead_c = divisor.leading()
        left = self.as_dict()
        # the monomials left, greatest first (a heap with stale entries skipped: each
        # term taken off brings only smaller ones in, the order being monomial)
        waiting = [(_descending(m), m) for m in left]
        heapify(waiting)
        quotient: dict[Monomial, Coefficient] = {}
        remainder: dict[Monomial, Coefficient] = {}
        steps = 0
        while left:
            m = heappop(waiting)[1]
            if m not in left:
                continue
            steps += 1
            if steps > 4 * MAX_TERMS:
                return None
            if not _mono_divides(lead_m, m):
                if exact:
                    return None
                remainder[m] = left.pop(m)
                continue
            c = left[m]
            q_m = _mono_div(m, lead_m)
            q_c: Coefficient
            if type(c) is int and type(lead_c) is int and not c % lead_c:
                q_c = c // lead_c
            else:
                q_c = _whole(Fraction(c) / lead_c)
            quotient[q_m] = quotient.get(q_m, 0) + q_c
            for dm, dc in divisor.terms:
                key = _mono_mul(q_m, dm)
                value = left.get(key, 0) - q_c * dc
                if not value:
                    left.pop(key, None)
                    continue
                if key not in left:
                    heappush(waiting, (_descending(key), key))
                left[key] = value
        return Poly.from_dict(quotient), Poly.from_dict(remainder)

    def monomial_content(self) -> Monomial:
        """The largest monomial dividing every term (found once per polynomial)."""
        found = self._content
        if found is None:
            found = self._content = self._monomial_content()
        return found

    def _monomial_content(self) -> Monomial:
        if not self.terms:
            return ()
        common = dict(self.terms[0][0])  # the first monomial's atoms, in its order
        for m, _ in self.terms[1:]:
            if not common:
                return ()
            powers = dict(m)
            for atom in list(common):
                low = min(common[atom], powers.get(atom, 0))
                if low:
                    common[atom] = low
                else:
                    del common[atom]
        return tuple(common.items())

    def divide_monomial(self, m: Monomial) -> Poly:
        return Poly.from_dict({_mono_div(t, m): c for t, c in self.terms})


Factor = tuple[Poly, int]

#: Highest power recognised by :func:`perfect_power`.
MAX_PERFECT_POWER = 12


def _root_of_term(
    monomial: Monomial, coefficient: Coefficient, n: int
) -> tuple[Monomial, Fraction] | None:
    """The n-th root of one term, when its powers and its coefficient have one."""
    if any(power % n for _, power in monomial):
        return None
    if coefficient < 0 and n % 2 == 0:
        return None
    size = abs(Fraction(coefficient))
    top, bottom = whole_root(size.numerator, n), whole_root(size.denominator, n)
    if not top or not bottom:
        return None
    root = Fraction(top, bottom)
    return tuple((atom, power // n) for atom, power in monomial), (
        -root if coefficient < 0 else root
    )


def exact_root(poly: Poly, n: int) -> Poly | None:
    """``q`` with ``qⁿ = poly`` (a real root: for even n, q as found, whose sign the
    caller judges), for a term (``∛(−8x⁶) = −2x²``) or a perfect power of a sum
    (``∛((x + 1)⁶) = (x + 1)²``); else None."""
    if len(poly.terms) == 1:
        found = _root_of_term(*poly.terms[0], n)
        return None if found is None else Poly.from_dict({found[0]: found[1]})
    power = perfect_power(poly)
    if power is None or power[1] % n:
        return None
    return power[0].power(power[1] // n)


def whole_root(value: int, n: int) -> int | None:
    """The whole n-th root of ``value ≥ 0`` when it has one: ``isqrt`` for squares, else
    a float estimate checked with its neighbours (for values below 2¹⁰⁰⁰)."""
    if value < 0:
        return None
    if n == 2:
        root = isqrt(value)
        return root if root * root == value else None
    if value.bit_length() >= 1000:
        return None
    guess = round(value ** (1 / n))
    return next((c for c in (guess - 1, guess, guess + 1) if c >= 0 and c**n == value), None)


#: Most terms of a polynomial searched for a root of more than two terms, and the
#: highest such root.
MAX_ROOT_SEARCH_TERMS = 40
MAX_ROOT_SEARCH_POWER = 4


def perfect_power(poly: Poly) -> tuple[Poly, int] | None:
    """``(q, n)`` when ``poly = qⁿ``, n ≥ 2: for a two-term ``q`` (``b²x⁴ + 2abx² + a²
    = (bx² + a)²``) found from its extreme terms, else by :func:`polynomial_root`
    (``(c·x² + b·x + a)²``); checked by expanding; else None."""
    if any(max(abs(c.numerator), c.denominator).bit_length() > 64 for _, c in poly.terms):
        return None
    found = _binomial_power(poly)
    if found is not None or len(poly.terms) > MAX_ROOT_SEARCH_TERMS:
        return found
    for n in range(2, MAX_ROOT_SEARCH_POWER + 1):
        try:
            root = polynomial_root(poly, n)
        except TooLarge:
            return None
        if root is not None:
            return root, n
    return None


def polynomial_root(poly: Poly, n: int) -> Poly | None:
    """``q`` of at least three terms with ``qⁿ = poly``, found term by term: the leading
    term of ``q`` is the n-th root of the leading term of ``poly``, each next one is
    ``lead(poly − qⁿ) / (n·lead(q)ⁿ⁻¹)``; checked by expanding; else None."""
    if len(poly.terms) < 2 * n + 1:
        return None
    lead = _root_of_term(*poly.leading(), n)
    if lead is None:
        return None
    lead_monomial, lead_coefficient = lead
    below = tuple((atom, power * (n - 1)) for atom, power in lead_monomial)
    scale = n * lead_coefficient ** (n - 1)
    root = Poly.from_dict({lead_monomial: _whole(lead_coefficient)})
    for _ in range(len(poly.terms)):
        remainder = poly - root.power(n)
        if remainder.is_zero:
            return root if len(root.terms) > 2 else None
        monomial, coefficient = remainder.leading()
        if not _mono_divides(below, monomial):
            return None
        term = _mono_div(monomial, below)
        if _lex_key(term) >= _lex_key(lead_monomial):
            return None
        root = root + Poly.from_dict({term: _whole(Fraction(coefficient) / scale)})
    return None


def _binomial_power(poly: Poly) -> tuple[Poly, int] | None:
    n = len(poly.terms) - 1
    if not 2 <= n <= MAX_PERFECT_POWER:
        return None
    atom = poly.terms[0][0][0][0] if poly.terms[0][0] else poly.terms[-1][0][0][0]
    by_degree = sorted(poly.terms, key=lambda t: dict(t[0]).get(atom, 0))
    high = _root_of_term(*by_degree[-1], n)
    low = _root_of_term(*by_degree[0], n)
    if high is None or low is None:
        return None
    for sign in (1, -1) if n % 2 == 0 else (1,):
        candidate = Poly.from_dict({high[0]: high[1], low[0]: sign * low[1]})
        if len(candidate.terms) == 2 and candidate.power(n) == poly:
            return candidate, n
    return None


def _oriented_key(poly: Poly) -> Poly:
    """The same key for ``p`` and ``-p``: the one whose leading coefficient is positive."""
    return poly if poly.leading()[1] > 0 else -poly


class _Factors:
    """Denominator factors keyed up to sign; the first orientation seen is kept for display,
    and a factor met with the opposite sign contributes (-1)^power to ``sign``."""

    def __init__(self) -> None:
        self.items: dict[Poly, tuple[Poly, int]] = {}
        self.sign = 1

    def add(self, poly: Poly, power: int, combine: str = "sum") -> None:
        key = _oriented_key(poly)
        shown, existing = self.items.get(key, (poly, 0))
        if shown != poly and power % 2:
            self.sign = -self.sign
        total = existing + power if combine == "sum" else max(existing, power)
        self.items[key] = (shown, total)

    def power_of(self, poly: Poly) -> tuple[int, int]:
        """The power held for ``poly`` and the sign relating the two orientations."""
        key = _oriented_key(poly)
        shown, power = self.items.get(key, (poly, 0))
        return power, 1 if shown == poly else -1

    def factors(self) -> tuple[Factor, ...]:
        return tuple([item for item in self.items.values() if item[1]])


class Rational:
    """``numerator / Π factor^power``, denominators kept factored as textbooks keep them.

    A plain class with fixed fields, as :class:`Poly` is; equal when the numerator and
    the factors are."""

    __slots__ = ("factors", "normal", "numerator")

    numerator: Final[Poly]
    factors: Final[tuple[Factor, ...]]
    #: Whether this is what :meth:`normalised` gives (so normalising again changes nothing).
    normal: Final[bool]

    def __init__(
        self, numerator: Poly, factors: tuple[Factor, ...] = (), normal: bool = False
    ) -> None:
        self.numerator = numerator
        self.factors = factors
        self.normal = normal

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Rational)
            and self.numerator == other.numerator
            and self.factors == other.factors
        )

    def __hash__(self) -> int:
        return hash((self.numerator, self.factors))

    def __repr__(self) -> str:
        return f"Rational(numerator={self.numerator!r}, factors={self.factors!r})"

    @staticmethod
    def of(poly: Poly) -> Rational:
        return Rational(poly, ())

    def __add__(self, other: Rational) -> Rational:
        common = _Factors()
        for poly, power in (*self.factors, *other.factors):
            common.add(poly, power, combine="max")
        total = _over(self, common) + _over(other, common)
        return Rational(total, common.factors()).normalised()

    def __neg__(self) -> Rational:
        return Rational(-self.numerator, self.factors)

    def __mul__(self, other: Rational) -> Rational:
        merged = _Factors()
        for poly, power in (*self.factors, *other.factors):
            merged.add(poly, power)
        numerator = self.numerator * other.numerator
        if merged.sign < 0:
            numerator = -numerator
        return Rational(numerator, merged.factors()).normalised()

    def reciprocal(self) -> Rational:
        if self.numerator.is_zero:
            raise ZeroDivisionError
        numerator = Poly.constant(1)
        for poly, power in self.factors:
            numerator = numerator * poly.power(power)
        return Rational(numerator, ((self.numerator, 1),)).normalised()

    def power(self, exponent: int) -> Rational:
        if exponent < 0:
            return self.reciprocal().power(-exponent)
        return Rational(
            self.numerator.power(exponent), tuple((p, k * exponent) for p, k in self.factors)
        )

    def normalised(self) -> Rational:
        """Constant factors, coefficients of monomial factors and the contents of the
        denominator's factors moved into the numerator, their common monomials made
        factors of their own (``(a·x² + a·x)² = a²·x²·(x + 1)²``), and a factor whose
        terms are all negative written with positive ones."""
        if not self.factors or self.normal:
            return self
        return self._normalised()

    def _normalised(self) -> Rational:
        numerator = self.numerator
        merged = _Factors()
        for poly, power in self.factors:
            scale, parts = _factor_parts(poly)
            if scale != 1:
                numerator = numerator.scale(Fraction(1) / scale**power)
            for part, times in parts:
                merged.add(part, times * power)
        if merged.sign < 0:
            numerator = -numerator
        return Rational(numerator, merged.factors(), normal=True)

    def cancel(self) -> Rational:
        """Divide out denominator factors that divide the numerator exactly (a power of
        one atom at once, however high: ``x^(10⁹)/x^(10⁸)``)."""
        current = self.normalised()
        numerator = current.numerator
        if numerator.is_zero:
            return Rational(numerator, ())
        kept: list[Factor] = []
        for poly, power in current.factors:
            remaining = power
            held = poly.power_of_atom
            if held is not None and held[1] > 0:  # xᵉ divides as often as x's least power allows
                atom, exponent = held
                least = min(dict(monomial).get(atom, 0) for monomial, _ in numerator.terms)
                times = min(power, least // exponent)
                if times:
                    numerator = numerator.divide_monomial(((atom, exponent * times),))
                remaining -= times
                if remaining:
                    kept.append((poly, remaining))
                continue
            while remaining:
                quotient = numerator.divide_exactly(poly)
                if quotient is None:
                    break
                numerator = quotient
                remaining -= 1
            if remaining:
                kept.append((poly, remaining))
        return Rational(numerator, tuple(kept))


@lru_cache(maxsize=1 << 14)
def _factor_parts(poly: Poly) -> tuple[Fraction, tuple[Factor, ...]]:
    """``poly = scale · Π partᵏ``: its number content (negative when every term is), its
    common monomial as atoms, and the rest, as a power when it is a perfect power."""
    value = poly.constant_value
    if value is not None:
        return value, ()
    scale = content(poly)
    if all(coefficient < 0 for _, coefficient in poly.terms):
        scale = -scale
    if scale != 1:
        poly = poly.scale(Fraction(1) / scale)
    if len(poly.terms) == 1:
        return scale, tuple((Poly.atom(atom), power) for atom, power in poly.terms[0][0])
    common = poly.monomial_content()
    parts = [(Poly.atom(atom), power) for atom, power in common]
    if common:
        poly = poly.divide_monomial(common)
    root = perfect_power(poly)
    parts.append(root if root is not None else (poly, 1))
    return scale, tuple(parts)


def content(poly: Poly) -> Fraction:
    """The positive rational content: gcd of numerators over lcm of denominators; for a
    monomial, its coefficient's absolute value."""
    from math import gcd, lcm

    numerators = [abs(c.numerator) for _, c in poly.terms]
    denominators = [c.denominator for _, c in poly.terms]
    common = 0
    for value in numerators:
        common = gcd(common, value)
    return Fraction(common or 1, lcm(*denominators) if denominators else 1)


def _over(part: Rational, common: _Factors) -> Poly:
    """``part``'s numerator brought over the common denominator."""
    result = part.numerator
    held = {(_oriented_key(p)): (p, k) for p, k in part.factors}
    for shown, power in common.items.values():
        own, own_power = held.get(_oriented_key(shown), (shown, 0))
        extra = power - own_power
        if extra:
            result = result * shown.power(extra)
        if own != shown and own_power % 2:
            result = -result
    return result
