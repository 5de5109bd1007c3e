"""The atoms of one reading: the expressions the rational core does not look inside,
numbered, with what is known of them (a root's index and radicand, a Pythagorean square,
the reading's options), and :func:`as_square`, a Pythagorean identity read backwards."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import lcm
from typing import Any

from ..expr import (
    Call,
    Expr,
    Num,
    Pow,
    postorder,
)
from ..rules.base import constant_value
from ..steps import Condition
from .identities import IDENTITIES, square_law
from .poly import Poly, Rational


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
        split_numbers: bool = True,
        double_angles: bool = False,
        one_fraction: bool = False,
    ) -> None:
        self.index: dict[Expr, int] = {}
        self.items: list[Expr] = []
        self.roots: dict[int, tuple[int, Rational]] = {}
        self.root_of: dict[tuple[Rational, int], int] = {}
        #: The real roots (``cbrt(u)``, ``root(u, n)``) by radicand and index.
        self.real_root_of: dict[tuple[Rational, int], int] = {}
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
        #: Whether ``ᵠ√(P/m^q)`` is read as ``ᵠ√P/|m|`` (see :func:`root_of_denominator`),
        #: and whether that happened (if not, the reading that keeps them whole is the same).
        self.split_radicands = split_radicands
        self.radicand_split = False
        #: Whether a radicand's number is split into its roots of primes (``√(2π) =
        #: √2·√π``; else only its whole powers come out, ``√(8π) = 2√(2π)``), and whether
        #: that happened (if not, the reading that keeps numbers under the root is the same).
        self.split_numbers = split_numbers
        self.number_split = False
        #: Whether the reading that splits symbolic powers would split one of those met
        #: (noted by a reading that does not split them; see ``_Reader.note_split``).
        self.would_split = False
        #: Each polynomial over these atoms written back (see ``terms.poly_to_expression``).
        self.polys_written: dict[Poly, Expr] = {}
        #: While a reading is written back: what was asked of these atoms that another
        #: reading's atoms might answer differently, and the answer (see ``asked_alike``).
        self.asked: list[tuple[Any, ...]] | None = None
        #: Each term written back, by monomial and coefficient (with its type: int, Fraction).
        self.terms_written: dict[tuple[Any, ...], Expr] = {}
        #: Whether ``sin(w/2)``, ``cos(w/2)`` (and sinh, cosh) are read as angles ``w``.
        self.double_angles = double_angles
        #: Whether the source is one fraction (as the quotient rule writes it), whose
        #: polynomial part in its denominator's atoms is not written apart.
        self.one_fraction = one_fraction
        #: The sums the source writes, as polynomials over these atoms: a denominator
        #: that is a product of them is written as that product (see ``write``).
        self.sums: dict[Poly, None] = {}
        #: The sums the source writes with a product of a sum or a negated sum among
        #: their terms (``1 − y·(w·x + b)``, ``y − (w·x + b)``), by polynomial: a factor
        #: that is one of them, or its negative, is written so where that is no longer.
        self.sums_written: dict[Poly, Expr] = {}
        #: The exponential atoms the source wrote with a negative exponent (``e^(−x)``
        #: read as ``1/eˣ``): written back so, as a factor of the numerator.
        self.negated: set[int] = set()
        #: The conditions the laws used in this reading need (``A ≥ 0`` for ``√A·√B = √(A·B)``).
        self.conditions: list[Condition] = []
        #: The common root index of each radicand (see :meth:`note_root_indices`).
        self.indices: dict[Expr, int] = {}
        #: Whether the source writes decimals (``0.5·x²``): numbers are written back so.
        self.decimals = False

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
        ``√x`` and ``x^(3/4)`` are powers of one atom ``⁴√x``; and note whether ``expr``
        writes decimals (then so are its numbers written back)."""
        for base, index in root_indices(expr).items():
            self.indices[base] = lcm(self.indices.get(base, 1), index)
        self.decimals = self.decimals or writes_decimals(expr)

    def number_written(self, value: Fraction | int) -> Num:
        """A number as the reading writes it back: a decimal when the source wrote
        decimals and the number has a finite decimal expansion (0.02, not 1/50)."""
        return Num(value, decimal=self.decimals and terminates(value))

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

    def real_root(self, written: Call, value: Rational, index: int) -> int:
        """The number of the atom ``written`` (``cbrt(u)``, ``root(u, n)``), registered
        as the real root ``ⁿ√(value)``, so that ``(∛u)³ = u`` for every real u; it is
        kept apart from the principal root ``u^(1/3)``, which has no real value at u < 0."""
        known = self.real_root_of.get((value, index))
        if known is not None:
            return known
        number = self.real_root_of[(value, index)] = self.number(written)
        self.roots.setdefault(number, (index, value))
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


def root_index(node: Expr) -> tuple[Expr, int] | None:
    """``(B, q)`` when ``node`` is a root ``√B`` or a power ``B^(p/q)``, q > 1."""
    if isinstance(node, Call) and node.name == "sqrt" and len(node.children) == 1:
        return node.arg, 2
    exponent = constant_value(node.exp) if isinstance(node, Pow) else None
    if exponent is not None and 1 < exponent.denominator <= MAX_ROOT_INDEX:
        return node.base, exponent.denominator  # type: ignore[attr-defined]
    return None


def real_root_index(node: Expr) -> int | None:
    """The index n of a real root ``cbrt(u)`` (3) or ``root(u, n)`` (a whole n from 2 to
    :data:`MAX_ROOT_INDEX`), else None."""
    if not isinstance(node, Call):
        return None
    if node.name == "cbrt" and len(node.children) == 1:
        return 3
    if node.name == "root" and len(node.children) == 2:
        index = constant_value(node.children[1])
        if index is not None and index.denominator == 1 and 2 <= index <= MAX_ROOT_INDEX:
            return int(index)
    return None


@lru_cache(maxsize=1024)
def writes_decimals(expr: Expr) -> bool:
    """Whether ``expr`` holds a number written with a decimal point (once per tree)."""
    return any(isinstance(node, Num) and node.decimal for node in postorder(expr))


def terminates(value: Fraction | int) -> bool:
    """Whether ``value`` has a finite decimal expansion (its denominator is 2ᵃ·5ᵇ) and is
    not whole."""
    denominator = Fraction(value).denominator
    if denominator == 1:
        return False
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


@lru_cache(maxsize=1024)
def root_indices(expr: Expr) -> dict[Expr, int]:
    """Each radicand in ``expr`` with the least common index of its roots (once per
    interned tree: every reading of one expression asks for it)."""
    indices: dict[Expr, int] = {}
    for node in postorder(expr):
        found = root_index(node)
        if found is not None:
            base, index = found
            indices[base] = lcm(indices.get(base, 1), index)
    return indices


#: Largest root index and numerator of a fractional exponent read as a root atom.
MAX_ROOT_INDEX = 12


#: Highest whole power kept as a power of one atom, or split off a symbolic exponent.
MAX_KEPT_POWER = 64


#: ``(g, c₀, c₂) -> f`` for ``c₀ + c₂·g(u)² = f(u)²``: a Pythagorean identity read
#: backwards, so a denominator ``1 − sin²u`` is written ``cos²u``.
SQUARES: dict[tuple[str, int, int], str] = {
    square_law(entry, role): getattr(entry.names, role)
    for entry in IDENTITIES.values()
    for role in ("sin", "cos")
}


def as_square(poly: Poly, atoms: Atoms) -> tuple[Expr, int] | None:
    """``(f(u), ±1)`` when ``poly = ±f(u)²`` by a Pythagorean identity, in the readings
    that use those identities (so the step that does it is named for them); else None."""
    found = _as_square(poly, atoms) if atoms.squares else None
    if atoms.asked is not None:
        atoms.asked.append(("square", poly, found))
    return found


def _as_square(poly: Poly, atoms: Atoms) -> tuple[Expr, int] | None:
    if len(poly.terms) != 2:
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


#: Most sums of the source tried as factors of one sum of a denominator.
MAX_SUMS_TRIED = 12


def sums_dividing(poly: Poly, atoms: Atoms) -> tuple[Poly, ...] | None:
    """``poly``, a sum in one atom, as a product of two or more of the sums in that atom
    the source writes (:attr:`Atoms.sums`: ``x² + 3x + 2 = (x + 1)·(x + 2)``); None when
    it is not one."""
    found = _sums_dividing(poly, atoms) if atoms.sums else None
    if atoms.asked is not None:
        atoms.asked.append(("sums", poly, found))
    return found


def _sums_dividing(poly: Poly, atoms: Atoms) -> tuple[Poly, ...] | None:
    if len(poly.terms) < 2 or poly in atoms.sums or len(poly.atom_numbers) != 1:
        return None  # a sum in one atom, as a textbook factors: x² + 3x + 2
    parts, left = sums_taken(poly, atoms)
    if parts and left in atoms.sums:
        return (*parts, left)
    return None


def sums_taken(poly: Poly, atoms: Atoms) -> tuple[list[Poly], Poly]:
    """The sums the source writes in ``poly``'s one atom that divide it (each as often as
    it does, while a sum of higher degree is left), and the quotient left:
    ``10x² − 14x + 4 = (x − 1)·(10x − 4)`` where the source writes ``x − 1``."""
    size, held = poly.degree, poly.atom_numbers
    candidates = [s for s in atoms.sums if s.degree < size and s.atom_numbers == held]
    parts: list[Poly] = []
    left = poly
    for candidate in candidates[:MAX_SUMS_TRIED]:
        quotient = left.divide_exactly(candidate)
        while quotient is not None and left.degree > candidate.degree:
            parts.append(candidate)
            left = quotient
            quotient = left.divide_exactly(candidate)
    return parts, left
