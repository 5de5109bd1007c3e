"""A rational function written back in textbook form (:func:`to_expression`): common
factors pulled out when that is no longer (``x·(x + 2)·eˣ``), denominators kept factored
with their sign absorbed, no negative exponents; when shorter, a fraction split into a sum
of fractions, a power of a quotient, a root joined with its radicand, two denominator
sums multiplied out."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import gcd, lcm
from operator import itemgetter

from ..expr import (
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    add,
    div,
    mul,
    neg,
    power,
)
from .atoms import (
    MAX_KEPT_POWER,
    Atoms,
    as_square,
    root_index,
    sums_dividing,
    sums_taken,
    terminates,
)
from .kinds import transcendental
from .measure import leaves, poly_leaves, written_leaves, written_operations
from .poly import Coefficient, Factor, Monomial, Poly, Rational, TooLarge, perfect_power
from .roots import cancel_radicands, reduce_roots
from .terms import (
    atom_power,
    degree,
    in_positive_order,
    in_textbook_order,
    integer_content,
    monomial_factors,
    poly_to_expression,
    positive_terms,
)

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


#: How many atoms deep the greedy factoring of a polynomial goes.
MAX_FACTOR_DEPTH = 6


#: Leaves a grouping by a shared atom must save to be kept (``x² − 2x − 1`` stays).
GROUPING_SAVES = 2


def _factored(poly: Poly, atoms: Atoms, depth: int = 0) -> Expr:
    """The polynomial with common factors pulled out where that is no longer: first the
    common number and monomial of all terms (``x·(x + 2)·eˣ``), then, greedily, the atom
    shared by most terms (``a·(x + y) + z``); or as the source writes it, where that is
    no longer (see :func:`_sum_as_written`).  The depth is bounded by
    :data:`MAX_FACTOR_DEPTH`, so this never follows the depth of an expression tree."""
    return _sum_written(poly, atoms, _factored_apart(poly, atoms, depth))


def _factored_apart(poly: Poly, atoms: Atoms, depth: int) -> Expr:
    plain = poly_to_expression(poly, atoms)
    if len(poly.terms) < 2 or depth > MAX_FACTOR_DEPTH:
        return plain
    content = poly.monomial_content()
    number = integer_content(poly)
    if content or number != 1:
        rest = poly.divide_monomial(content).scale(Fraction(1, number))
        inner = _factored(rest, atoms, depth + 1)
        pulled = joined_product(Num(number), *monomial_factors(content, atoms), inner)
        return pulled if leaves(pulled) <= leaves(plain) else plain
    whole = _whole_power(poly, atoms)
    if whole is not None and leaves(whole) < leaves(plain):
        return whole
    if atoms.sums:
        sums, left = sums_taken(poly, atoms)
        if sums:  # the sums the source writes, as the textbook keeps them
            taken = [_sum_written(part, atoms) for part in sums]
            if -left in atoms.sums and left not in atoms.sums:  # 1 − σ, not σ − 1
                remaining = neg(_factored(-left, atoms, depth + 1))
            else:
                remaining = _factored(left, atoms, depth + 1)
            product = joined_product(*taken, remaining)
            if leaves(product) <= leaves(plain):
                return product
    counts: dict[int, int] = {}
    for monomial, _ in poly.terms:
        for atom, _power in monomial:
            counts[atom] = counts.get(atom, 0) + 1
    split = _common_sum(poly, counts)
    if split is not None:
        product = mul(*(_factored(part, atoms, depth + 1) for part in split))
        if leaves(product) < leaves(plain):
            return product
    if len(counts) < 2:
        return plain
    shared = [a for a in counts if counts[a] >= 2]
    functions = [a for a in shared if _collects(poly, a, atoms)]
    grouped: Expr | None = None
    # by the function shared by most terms that collects first, as textbooks collect
    # (x + 2)·sin x; by the atom shared by most terms where that is shorter
    most = [max(chosen, key=lambda a: (counts[a], -a)) for chosen in (functions, shared) if chosen]
    for atom in dict.fromkeys(most):
        having, others = _split_by(poly, atom)
        first, second = _factored(having, atoms, depth + 1), _factored(others, atoms, depth + 1)
        if isinstance(first, Neg) and not isinstance(second, Neg):
            first, second = second, first
        candidate = add(first, second)
        if grouped is None or leaves(candidate) < leaves(grouped):
            grouped = candidate
    if grouped is None:
        return plain
    return grouped if leaves(grouped) + GROUPING_SAVES <= leaves(plain) else plain


def joined_product(*factors: Expr) -> Expr:
    """The product of ``factors`` (their products' factors in their place) with whole
    powers of one base joined (see :func:`powers_joined`), in textbook order
    (``x·(x + 2)·eˣ``, see :func:`~.terms.factor_rank`)."""
    flat = [part for factor in factors for part in _factors(factor)]
    return mul(*in_textbook_order(powers_joined(flat)))


def _factors(expr: Expr) -> tuple[Expr, ...]:
    return expr.children if isinstance(expr, Mul) else (expr,)


def powers_joined(factors: list[Expr]) -> list[Expr]:
    """Whole powers of one base among ``factors`` joined into one, in the place of the
    first: ``x·(x² + 1)¹¹·x⁴ = x⁵·(x² + 1)¹¹`` (a common factor pulled out beside what is
    left, ``((x² + 1) − 1)² = x⁴``)."""
    exponents: dict[Expr, int] = {}
    for factor in factors:
        base, exponent = _whole_power_of(factor)
        exponents[base] = exponents.get(base, 0) + exponent
    if len(exponents) == len(factors):
        return factors
    joined: list[Expr] = []
    for factor in factors:
        base, _ = _whole_power_of(factor)
        if base in exponents:
            joined.append(atom_power(base, exponents.pop(base)))
    return joined


def _whole_power_of(factor: Expr) -> tuple[Expr, int]:
    """``(base, n)`` for a factor ``baseⁿ`` with a whole ``n`` (``(factor, 1)`` else)."""
    if isinstance(factor, Pow) and isinstance(factor.exp, Num) and factor.exp.is_integer:
        return factor.base, int(factor.exp.value)
    return factor, 1


def _whole_power(poly: Poly, atoms: Atoms) -> Expr | None:
    """``poly`` as a power: ``qⁿ`` for a binomial ``q``, or a Pythagorean square
    (``1 − sin²u = cos²u``, ``(1 − sin²u)² = cos⁴u``)."""
    square = as_square(poly, atoms)
    if square is not None:
        written = power(square[0], Num(2))
        return written if square[1] > 0 else neg(written)
    root = perfect_power(poly)
    if root is None:
        return None
    inner = as_square(root[0], atoms)
    if inner is not None and (inner[1] > 0 or root[1] % 2 == 0):
        return power(inner[0], Num(2 * root[1]))
    base = poly_to_expression(root[0], atoms)
    as_written = _sum_as_written(root[0], atoms, base)
    if as_written is None:
        return power(base, Num(root[1]))
    written = power(as_written[0], Num(root[1]))
    return neg(written) if as_written[1] and root[1] % 2 else written


#: Most terms, and most atoms tried, when looking for a common sum to factor out.
COMMON_SUM_TERMS = 40


COMMON_SUM_ATOMS = 8


_ATOM = itemgetter(0)


def _collects(poly: Poly, atom: int, atoms: Atoms) -> bool:
    """Whether the terms of ``poly`` that hold the function ``atom`` hold it to one power
    and no other function: they are collected as ``p·fᵏ`` for a polynomial p, as
    textbooks collect ``(x² + 2)·cos x − 3x²·(sin x + 1)``."""
    if not _a_function(atoms.items[atom]):
        return False
    powers = set()
    for monomial, _ in poly.terms:
        held = dict(monomial)
        if atom in held:
            others = (a for a in held if a != atom)
            if any(_a_function(atoms.items[a]) for a in others):
                return False
            powers.add(held[atom])
    return len(powers) == 1


def _split_by(poly: Poly, atom: int) -> tuple[Poly, Poly]:
    """The terms of ``poly`` that hold ``atom``, and the others."""
    having = {m: c for m, c in poly.terms if atom in map(_ATOM, m)}
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


def _sign_absorbed(factors: tuple[Factor, ...]) -> tuple[bool, tuple[Factor, ...]]:
    """A leading minus sign taken into the first sum in the denominator with an odd
    power that has more negative terms than positive ones (``−u/(a − b − c) =
    u/(b + c − a)``, but ``−u/(x² + 1)`` stays); ``(True, factors)`` when there is none."""
    for index, (poly, multiplicity) in enumerate(factors):
        if multiplicity % 2 and 2 * positive_terms(poly) < len(poly.terms):
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
    for kept, terms in sorted(groups.items(), key=lambda group: degree(group[0])):
        below = ((Poly.from_dict({kept: 1}), 1),) if kept else ()
        part = Rational(Poly.from_dict(terms), (*below, *sums)).cancel()
        parts.append(to_expression(cancel_radicands(part, atoms, fractions=False), atoms))
    return in_positive_order(add(*parts))


#: Leaves a polynomial part must save to be written apart from the fraction left
#: (``(x² + 1)/(x² − 1)`` stays; ``(x³ + 2x² + x + 1)/(x + 1)² = x + 1/(x + 1)²``).
POLYNOMIAL_PART_SAVES = 2


def _polynomial_part(value: Rational, atoms: Atoms) -> Expr | None:
    """``N/D = q + r/D`` for ``N = q·D + r`` (a sum among the factors of ``D``), the
    quotient written apart from the fraction left; None when nothing comes apart.

    The terms of ``q`` that hold an atom ``D`` does not (``9·atan x`` over ``x² + 1``)
    come apart from the fraction in every reading: ``9·atan x + 9x/(x² + 1)``.  A
    quotient in ``D``'s atoms alone comes apart only where the source was not one
    fraction (:attr:`Atoms.one_fraction`): ``x + 1/(x + 1)²`` for ``(x²/2 − 1/(x + 1))′``,
    but ``(x² + 4x − 1)/(x + 2)²`` for ``((x² + 1)/(x + 2))′`` as the quotient rule gives it."""
    if all(len(poly.terms) < 2 for poly, _ in value.factors):
        return None  # a monomial denominator: the terms are split by _split_fraction
    numerator = value.numerator
    below = sum(poly.degree * multiplicity for poly, multiplicity in value.factors)
    if numerator.is_zero or numerator.degree < below:
        return None
    denominator = Poly.constant(1)
    for poly, multiplicity in value.factors:
        denominator = denominator * poly.power(multiplicity)
    divided = numerator.divide(denominator)
    if divided is None:
        return None
    quotient, remainder = divided
    if numerator.whole_coefficients and not (
        quotient.whole_coefficients and remainder.whole_coefficients
    ):
        return None  # no fractions brought in: (8/7)·k·a
    held = denominator.atom_numbers
    taken = Poly.from_dict(
        {m: c for m, c in quotient.terms if any(atom not in held for atom, _ in m)}
    )
    if taken.is_zero and not atoms.one_fraction:
        taken = quotient
    if taken.is_zero:
        return None
    remainder = remainder + (quotient - taken) * denominator
    whole = to_expression(Rational.of(taken), atoms)
    if remainder.is_zero:
        return whole
    left = to_expression(Rational(remainder, value.factors).cancel(), atoms, apart=False)
    return in_positive_order(add(whole, left))  # eˣ/(eˣ + 1) − p


def to_expression(
    value: Rational, atoms: Atoms, *, factor: bool = True, apart: bool = True
) -> Expr:
    """A rational function written back in textbook form; with ``factor``, common
    factors pulled out and, when that is shorter, the fraction split into a sum of
    fractions (:func:`_split_fraction`), its polynomial part written apart or a function
    common to every term taken out with the rest written apart (with ``apart``,
    :func:`_polynomial_part`, :func:`_apart_inside`), or written as a power of a
    quotient (:func:`_power_of_quotient`)."""
    combined = _to_expression(value, atoms, factor=factor)
    if not factor or not value.factors:
        return combined
    split = _split_fraction(value, atoms)
    if split is not None and _split_shorter(split, combined):
        combined = split
    try:
        whole_part = _polynomial_part(value, atoms) if apart else None
    except TooLarge:
        whole_part = None
    if whole_part is not None and (
        written_leaves(whole_part) + POLYNOMIAL_PART_SAVES <= written_leaves(combined)
    ):
        combined = whole_part
    outside = _apart_inside(value, atoms) if apart else None
    if outside is not None and written_leaves(outside) + SPLIT_SAVES <= written_leaves(combined):
        combined = outside
    quotient = _power_of_quotient(value, atoms)
    if quotient is not None and written_leaves(quotient) < written_leaves(combined):
        return quotient
    return combined


def _split_shorter(split: Expr, combined: Expr) -> bool:
    """Whether the sum of fractions ``split`` is written rather than the one fraction
    ``combined``: when it saves :data:`SPLIT_SAVES` leaves, or has as many and fewer
    operations (``x³·sec²x + 3x²·tan x``, not ``x²·(3 sin x·cos x + x)/cos²x``; but
    ``(b·x² + a)/x⁶`` stays, as ``b/x⁴ + a/x⁶`` counts as many)."""
    saved = written_leaves(combined) - written_leaves(split)
    return saved >= SPLIT_SAVES or (
        saved == 0 and written_operations(split) < written_operations(combined)
    )


def _apart_inside(value: Rational, atoms: Atoms) -> Expr | None:
    """``c·g·N/D = c·g·(N/D written apart)``: the whole number ``c`` and monomial ``g``
    dividing every term of the numerator taken out, and the fraction left split
    (:func:`_split_fraction`) or its polynomial part written apart over its one sum
    (:func:`_polynomial_part`), as logarithmic differentiation and the chain rule give
    it: ``sin(x)ˣ·(ln(sin x) + x·cos x/sin x)``, ``(x² + 1)ˣ·(ln(x² + 1) + 2x²/(x² + 1))``,
    ``−sin(x² + ln x)·(2x + 1/x)``, ``eˣ·(ln x + 1/x)``.  ``g`` holds a function or a
    power to a letter (the derivative of ``x³/3 + 1/(x² + 1)`` stays
    ``x² − 2x/(x² + 1)²``).  None when nothing comes out or apart, when a root below has
    its radicand's atoms above (the root was cleared into the fraction:
    ``(2x + 1)·eˣ/(2√x)``, not ``(√x + 1/(2√x))·eˣ``), or when an atom below would stay
    in every part (:func:`_untouched_below`)."""
    numerator = value.numerator
    if len(numerator.terms) < 2:
        return None
    content = numerator.monomial_content()
    if (
        not any(_a_function(atoms.items[atom]) for atom, _ in content)
        or _root_cleared(value, atoms)
        or _untouched_below(value)
    ):
        return None
    rest = numerator.divide_monomial(content)
    number = _whole_content(rest)
    left = Rational(rest.scale(Fraction(1, number)), value.factors)
    sums = sum(len(poly.terms) > 1 for poly, _ in value.factors)
    try:
        written = [
            _split_fraction(left, atoms),
            _polynomial_part(left, atoms) if sums == 1 else None,
        ]
    except TooLarge:
        return None
    found = [part for part in written if part is not None]
    if not found:
        return None
    inside = in_positive_order(min(found, key=written_leaves))
    front = to_expression(Rational.of(Poly.from_dict({content: abs(number)})), atoms)
    product = joined_product(front, inside)
    return neg(product) if number < 0 else product


def _a_function(atom: Expr) -> bool:
    """Whether ``atom`` holds a function or is a power to an exponent that is not a number
    (``(x² + 1)ˣ``)."""
    return transcendental(atom) or (isinstance(atom, Pow) and not isinstance(atom.exp, Num))


def _untouched_below(value: Rational) -> bool:
    """Whether an atom of a monomial denominator is held by no term of the numerator:
    split apart, every part would carry it (``1/(4a²) − cos u/(4a²·√(1 − a²x²))``)."""
    above = value.numerator.atom_numbers
    return any(
        atom not in above
        for poly, _ in value.factors
        if len(poly.terms) == 1
        for monomial, _ in poly.terms
        for atom, _ in monomial
    )


def _whole_content(poly: Poly) -> int:
    """The gcd of the coefficients' numerators (``10`` and ``5/2``: 5), negative when
    every coefficient is."""
    coefficients = [coefficient for _, coefficient in poly.terms]
    common = gcd(*(Fraction(c).numerator for c in coefficients)) or 1
    return -common if all(c < 0 for c in coefficients) else common


def _root_cleared(value: Rational, atoms: Atoms) -> bool:
    """Whether a root in the denominator has in the numerator an atom of its radicand
    or a power of itself at least its index (``(√x)²·eˣ + eˣ/2`` over ``√x``)."""
    numerator = value.numerator
    above = numerator.atom_numbers
    for poly, _ in value.factors:
        held = poly.power_of_atom
        if held is None or held[0] not in atoms.roots:
            continue
        root = held[0]
        index, radicand = atoms.roots[root]
        if not above.isdisjoint(radicand.numerator.atom_numbers) or any(
            atom == root and power >= index
            for monomial, _ in numerator.terms
            for atom, power in monomial
        ):
            return True
    return False


def _power_of_quotient(value: Rational, atoms: Atoms) -> Expr | None:
    """``c·qⁿ/(mⁿ·r) = c·(q/m)ⁿ/r`` for a perfect power ``qⁿ`` over a monomial ``mⁿ``, the
    quotient written in its own shortest form: ``(a·cos²u + b)²/cos⁴u = (a + b/cos²u)²``."""
    numerator = value.numerator
    content = numerator.monomial_content()
    rest = numerator.divide_monomial(content)
    number = integer_content(rest)
    found = perfect_power(rest.scale(Fraction(1, number)))
    if found is None:
        return None
    root, n = found
    inside: list[Factor] = []
    outside: list[Factor] = []
    for poly, multiplicity in value.factors:
        held = poly.power_of_atom
        if held is not None:
            whole, left = divmod(multiplicity * held[1], n)
            atom = Poly.atom(held[0])
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
        found = root_index(atoms.items[atom])
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
        held = poly.power_of_atom
        if held is None or not left[position][1]:
            continue  # not a root, or one already joined with a root of itself (√√x·√x)
        atom, exponent = held
        root = atoms.roots.get(atom)
        found = root_index(atoms.items[atom])
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


def split_by_sums(value: Rational, atoms: Atoms) -> Rational:
    """``value`` with each sum of its denominator that is a product of sums the source
    writes split into those factors: ``((x + 1)·(x + 2))²``, read as ``(x² + 3x + 2)²``, is
    ``(x + 1)²·(x + 2)²``, as the user wrote it (so that a reading that cancels cancels
    against them, and a fraction is written with them)."""
    split: dict[Poly, int] = {}
    changed = False
    for poly, multiplicity in value.factors:
        parts = sums_dividing(poly, atoms)
        if parts is None:
            parts = (poly,)
        else:  # lowest degree first, then as written: (x + 1)·(x + 2)
            changed = True
            parts = tuple(
                sorted(parts, key=lambda p: (p.degree, str(poly_to_expression(p, atoms))))
            )
        for part in parts:
            split[part] = split.get(part, 0) + multiplicity
    return Rational(value.numerator, tuple(split.items())) if changed else value


def _negated_exponentials(
    factors: tuple[Factor, ...], numerator: Poly, atoms: Atoms
) -> tuple[list[Expr], tuple[Factor, ...]]:
    """The powers of exponential atoms in a denominator that the source wrote with a
    negative exponent, written so (``(1 − x)/eˣ = (1 − x)·e^(−x)`` for ``(x·e^(−x))′``),
    and the factors left; one that divides the numerator stays below
    (``eᶻ/(eᶻ·(eᶻ + 1))`` before it is cancelled, not ``eᶻ·e^(−z)/(eᶻ + 1)``)."""
    if not atoms.negated:
        return [], factors
    common = dict(numerator.monomial_content())
    raised: list[Expr] = []
    left: list[Factor] = []
    for poly, multiplicity in factors:
        held = poly.power_of_atom
        if held is not None and held[0] in atoms.negated and held[0] not in common:
            raised.append(atom_power(atoms.items[held[0]], -held[1] * multiplicity))
        else:
            left.append((poly, multiplicity))
    return raised, tuple(left)


def _sum_as_written(poly: Poly, atoms: Atoms, plain: Expr) -> tuple[Expr, bool] | None:
    """A factor the source writes as a sum holding a product of a sum or a negated sum,
    as the source writes it where that is no longer than ``plain``, and whether that is
    its negative: ``−y·x/(1 − y·(w·x + b))``, not ``y·x/(y·w·x + y·b − 1)``; else None."""
    if not atoms.sums_written:
        return None
    for candidate, negated in ((poly, False), (-poly, True)):
        written = atoms.sums_written.get(candidate)
        if written is not None and leaves(written) <= leaves(plain):
            return written, negated
    return None


def _sum_written(poly: Poly, atoms: Atoms, plain: Expr | None = None) -> Expr:
    """``poly`` written as :func:`_sum_as_written` writes it, or term by term."""
    if plain is None:
        plain = poly_to_expression(poly, atoms)
    as_written = _sum_as_written(poly, atoms, plain)
    if as_written is None:
        return plain
    return neg(as_written[0]) if as_written[1] else as_written[0]


def _to_expression(value: Rational, atoms: Atoms, *, factor: bool) -> Expr:
    if atoms.sums:
        value = split_by_sums(value, atoms)
    if factor:
        multiplied = _multiplied_out(value.factors, atoms)
        if multiplied != value.factors:
            value = Rational(value.numerator, multiplied).normalised()
    numerator = value.numerator
    scale = lcm(*(c.denominator for _, c in numerator.terms)) if numerator.terms else 1
    if atoms.decimals and terminates(Fraction(1, scale)):
        scale = 1  # 0.02·x + 1, not (x + 50)/50
    numerator = numerator.scale(Fraction(scale))
    negative = bool(numerator.terms) and all(c < 0 for _, c in numerator.terms)
    factors = value.factors
    if negative:
        numerator = -numerator
        negative, factors = _sign_absorbed(factors)
    raised, factors = _negated_exponentials(factors, numerator, atoms)
    top = _factored(numerator, atoms) if factor else poly_to_expression(numerator, atoms)
    joined = _radicand_in_numerator(numerator, atoms) if factor else None
    if joined is not None:
        with_power = mul(_factored(joined[1], atoms), joined[0])
        top = with_power if leaves(with_power) < leaves(top) else top
    if raised:
        if isinstance(top, Neg):
            negative, top = not negative, top.arg
        top = joined_product(top, *raised)
    bottom_parts: list[Expr] = []
    if factor:
        merged, factors = _roots_with_radicands(factors, atoms)
        bottom_parts.extend(merged)
    for poly, multiplicity in factors:
        square = as_square(poly, atoms)
        if square is not None:
            bottom_parts.append(power(square[0], Num(2 * multiplicity)))
            negative ^= square[1] < 0 and multiplicity % 2 == 1
            continue
        base = poly_to_expression(poly, atoms)
        as_written = _sum_as_written(poly, atoms, base)
        if as_written is not None:
            base, negated = as_written
            negative ^= negated and multiplicity % 2 == 1
        if poly.power_of_atom is not None:
            bottom_parts.append(atom_power(base, multiplicity))
        else:
            bottom_parts.append(power(base, Num(multiplicity)))
    bottom_parts = in_textbook_order(bottom_parts)
    if scale != 1:
        bottom_parts.insert(0, Num(scale))
    result = div(top, mul(*bottom_parts)) if bottom_parts else top
    return neg(result) if negative else result
