"""An expression read as a rational function of atoms (:func:`to_rational`): sums,
products, quotients and whole powers expanded exactly, fractional powers as powers of
root atoms (``u^(5/2) = u²·√u``), symbolic powers split off their whole part in the
readings that ask for it, then roots joined, half angles doubled, and common factors
cancelled."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import partial, reduce
from math import gcd

from ..expr import (
    Add,
    Call,
    Const,
    Div,
    E,
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    fold,
    free_names,
    neg,
    postorder,
    power,
    rebuild,
)
from .angles import doubled_angles
from .atoms import MAX_KEPT_POWER, MAX_ROOT_INDEX, Atoms, real_root_index
from .measure import leaves
from .poly import Poly, Rational, TooLarge, exact_root, perfect_power
from .poly import content as _content
from .roots import (
    cancel_radicands,
    finish,
    joined_roots,
    magnitude,
    note_cancellation,
    number_outside,
    number_root,
    reduce_roots,
    root_of_denominator,
)
from .terms import (
    exponential,
    exponential_power,
    integer_content,
    is_exponential,
    is_power_of_e,
    poly_to_expression,
)
from .unroot import ROOT_NAMES, root_of_power
from .write import split_by_sums, to_expression

AtomRewrite = Callable[[Expr], Expr]


#: Largest numerator of a fractional exponent read as a power of a root atom.
MAX_ROOT_POWER = 24


def _is_leaf(node: Expr) -> bool:
    return not node.children


def to_rational(expr: Expr, atoms: Atoms, rewrite_atom: AtomRewrite, *, cancel: bool) -> Rational:
    """``expr`` as a rational function of atoms.  Arguments of atoms are written back
    in textbook form first; ``rewrite_atom`` may replace an atom (e.g. ``e^(ln u) = u``).
    Fractional powers become powers of root atoms: ``u^(5/2) = (√u)⁵ = u²·√u``."""
    atoms.note_root_indices(expr)
    reader = _Reader(atoms, rewrite_atom, cancel)
    value = joined_roots(fold(expr, reader.combine, reader.results), atoms, cancel)
    if atoms.double_angles:
        value = doubled_angles(value, atoms, cancel)
    if not cancel:
        return value
    if atoms.sums:
        split = split_by_sums(value, atoms)
        if split is not value:
            value = split.cancel()
            if value != split:
                note_cancellation()
    cancelled = cancel_radicands(_coprime(value), atoms)
    if cancelled is not value:
        note_cancellation()
    return cancelled


class _Reader:
    """One bottom-up reading of a tree: the rational value of each node read so far
    (``results``, filled by :func:`~symderiv.expr.fold`) and the textbook form of each
    argument of an atom written back (``written``)."""

    def __init__(self, atoms: Atoms, rewrite_atom: AtomRewrite, cancel: bool) -> None:
        self.atoms = atoms
        self.rewrite_atom = rewrite_atom
        self.cancel = cancel
        self.results: dict[Expr, Rational] = {}
        self.written: dict[Expr, Expr] = {}
        #: Each value written so far as a child of an atom: one value, one writing, so
        #: that equal atoms are one (``abs(c·x)``, never also ``abs(x·c)``).
        self.values_written: dict[Rational, Expr] = {}

    def combine(self, node: Expr, children: list[Rational]) -> Rational:
        """The value of ``node`` from the values of its children."""
        atoms, cancel = self.atoms, self.cancel
        handler = _COMBINE.get(type(node))
        if not (atoms.split_powers or atoms.would_split):
            self.note_split(node, children)
        try:
            if isinstance(node, Pow) and (atoms.split_powers or atoms.keep_sums):
                whole = self.whole_power(node, children)
                if whole is not None:
                    return reduce_roots(finish(whole, cancel), atoms, cancel)
            if is_exponential(node) and atoms.split_powers:
                whole = self.split_power(
                    Rational.of(atoms(E)), children[0], exponential, node.children[0]
                )
                if whole is not None:
                    return reduce_roots(finish(whole, cancel), atoms, cancel)
            if isinstance(node, Div):
                value = finish(children[0] * self.reciprocal(node.den), cancel)
                return reduce_roots(value, atoms, cancel)
            if handler is not None:
                if isinstance(node, Pow) and node.base is E and _negative_whole(children[1]):
                    atoms.negated.add(atoms.number(E))  # e^(−2) stays so, not 1/e²
                value = reduce_roots(handler(node, children, cancel), atoms, cancel)
                if isinstance(node, Add) and not value.factors and len(value.numerator.terms) > 1:
                    atoms.sums[value.numerator] = None
                    if _holds_product_of_sum(node):
                        atoms.sums_written.setdefault(value.numerator, node)
                return value
            rooted = self.root_power(node, children)
            if rooted is not None:
                return reduce_roots(rooted, atoms, cancel)
        except (TooLarge, ZeroDivisionError):
            pass
        if isinstance(node, Pow):
            rooted = self.root_power(node, children)
            if rooted is not None:
                return reduce_roots(rooted, atoms, cancel)
        return self.atom(node)

    def atom(self, node: Expr) -> Rational:
        """``node`` as an atom, its arguments written back first (or what
        ``rewrite_atom`` replaces it by, read in turn)."""
        inner = [self.express(child) for child in node.children]
        rebuilt = rebuild(node, inner) if node.children else node
        replaced = self.rewrite_atom(rebuilt)
        if replaced is not rebuilt:
            return to_rational(replaced, self.atoms, self.rewrite_atom, cancel=self.cancel)
        if isinstance(rebuilt, Call) and rebuilt.name in ROOT_NAMES:
            unrooted = root_of_power(rebuilt)  # √((2x² − 1)²) = |2x² − 1|, as written back
            if unrooted is not rebuilt:
                return to_rational(unrooted, self.atoms, self.rewrite_atom, cancel=self.cancel)
        if isinstance(rebuilt, Call) and rebuilt.name == "abs" and len(rebuilt.children) == 1:
            value = self.results[node.children[0]]
            if value.factors:  # |P/Q| = |P|/|Q|: |1/sin x| = 1/|sin x|
                below = Rational.of(Poly.constant(1))
                for poly, multiplicity in value.factors:
                    below = below * magnitude(poly, self.atoms).power(multiplicity)
                return magnitude(value.numerator, self.atoms) * below.reciprocal()
            number = self.atoms.absolute(rebuilt.arg, value)
            return Rational.of(Poly.atom(number))
        index = real_root_index(rebuilt)
        if isinstance(rebuilt, Call) and index is not None:
            value = self.results[node.children[0]]
            constant = None if value.factors else value.numerator.constant_value
            if constant is None:
                exact = _odd_root(value, index)
                if exact is not None:
                    return exact
                power = _odd_root_of_power(value, index)
                if power is not None:  # ∛(x²) = (∛x)²
                    call = _real_root(rebuilt, poly_to_expression(power[0], self.atoms))
                    atom = self.atoms.real_root(call, Rational.of(power[0]), index)
                    return Rational.of(Poly.atom(atom)).power(power[1])
                return Rational.of(Poly.atom(self.atoms.real_root(rebuilt, value, index)))
            if constant == 0:
                return value
            if constant > 0 or (constant < 0 and index % 2):
                written = partial(_real_root, rebuilt)
                root = number_root(abs(constant), index, self.atoms, written)
                return root if constant > 0 else -root
        return Rational.of(self.atoms(rebuilt))

    def express(self, node: Expr) -> Expr:
        """A child of an atom in textbook form (memoised; leaves are themselves); a
        sum with whole coefficients is factored only where that is shorter
        (``sin(x³ + x²)`` stays, as the user wrote it, not ``sin(x²·(x + 1))``)."""
        if _is_leaf(node):
            return node
        done = self.written.get(node)
        if done is None:
            value = self.results[node]
            done = self.written_once(value, lambda: self.first_writing(node, value))
            self.written[node] = done
        return done

    def written_once(self, value: Rational, write: Callable[[], Expr]) -> Expr:
        """How ``value`` is written wherever the atoms hold it: as ``write()`` wrote it the
        first time."""
        done = self.values_written.get(value)
        if done is None:
            done = self.values_written[value] = write()
        return done

    def first_writing(self, node: Expr, value: Rational) -> Expr:
        """How the first child of an atom with this value is written (see :meth:`express`)."""
        written = to_expression(value, self.atoms)
        if isinstance(node, Add) and not value.factors and value.numerator.whole_coefficients:
            expanded = poly_to_expression(value.numerator, self.atoms)
            shortest = expanded if leaves(expanded) <= leaves(written) else written
            return node if _products_kept_as_written(node, shortest) else shortest
        if isinstance(node, Add) and _sum_kept_as_written(node, written):
            return node
        return node if _kept_as_written(node, value, written) else written

    def reciprocal(self, node: Expr) -> Rational:
        """1/node, keeping the factors of a product or power as separate factors."""
        if isinstance(node, Mul):
            total = Rational.of(Poly.constant(1))
            for factor in node.factors:
                total = total * self.reciprocal(factor)
            return total
        exponent = _reciprocal_power(node)
        if exponent is not None:
            return self.results[node.base].reciprocal().power(exponent)  # type: ignore[attr-defined]
        return self.results[node].reciprocal()

    def square_root_of_square(self, value: Rational) -> Rational | None:
        """``√(q²ᵏ/∏ pᵢ^(2mᵢ)) = |q|ᵏ/∏ |pᵢ|^mᵢ`` for a sum ``q`` (``√((2x² − 1)²) =
        |2x² − 1|``, real wherever the root is), where the numerator is an even power of
        a sum and each factor below an even power; |q| is q where q is never negative
        (``√((x² + 1)²) = x² + 1``).  None otherwise, and in the readings that do not
        reduce roots."""
        atoms = self.atoms
        if not atoms.reduce or len(value.numerator.terms) < 2:
            return None
        found = perfect_power(value.numerator)
        if found is None or found[1] % 2 or any(m % 2 for _, m in value.factors):
            return None
        root, n = found
        taken = magnitude(root, atoms).power(n // 2)
        for poly, multiplicity in value.factors:
            taken = taken * magnitude(poly, atoms).reciprocal().power(multiplicity // 2)
        atoms.reduced = True
        return taken

    def root_power(self, node: Expr, children: list[Rational]) -> Rational | None:
        """``B^(p/q)`` as the p-th power of the root atom ``B^(1/q)``."""
        atoms = self.atoms
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
        value = self.results[base]
        if value.numerator.is_zero:
            return None
        taken = self.square_root_of_power(value) if index == 2 else None
        if taken is None and index == 2:
            taken = self.square_root_of_square(value)
        if taken is not None:
            return _raised(taken, numerator)
        below = root_of_denominator(value, index, atoms)
        if below is not None:
            value = Rational.of(value.numerator)
            top = self.square_root_of_power(value) if index == 2 else None
            if top is None and index == 2:
                top = self.square_root_of_square(value)
            if top is not None:  # √(4x²/(1 + x²)²) = 2|x|/(1 + x²)
                return _raised(top * below.reciprocal(), numerator)
        scale = _content(value.numerator)
        split_number = scale != 1 and _has_atoms(value)
        atoms.number_split = atoms.number_split or split_number
        if split_number and not atoms.split_numbers:  # √(8x) = 2√(2x), √(2π) as it is
            outside = number_outside(scale, index)
            if outside != 1:
                value = value * Rational.of(Poly.constant(1 / outside**index))
            whole = outside == 1 and below is None
            inner = self.express(base) if whole else to_expression(value, atoms)
            root = Rational.of(Poly.atom(atoms.root(inner, value, index)))
            root = root * Rational.of(Poly.constant(outside))
        elif value.numerator.constant_value == 1 and not value.factors:
            root = Rational.of(Poly.constant(1))  # ᵠ√(1/mᵠ) = 1/|m|, no ᵠ√1 left over
        elif scale == 1:
            radicand = (
                self.express(base) if below is None else poly_to_expression(value.numerator, atoms)
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
        return _raised(root, numerator)

    def square_root_of_power(self, value: Rational) -> Rational | None:
        """``√(c·uᵐ)`` (m a whole number, negative in a denominator) for one atom ``u`` when
        its whole powers come out exactly wherever it is real: ``√(u²ᵏ⁺¹) = uᵏ·√u`` (both
        real for u ≥ 0 alone), ``√(u⁴ᵏ) = u²ᵏ``, and any power of an exponential, which is
        positive (``√(x³) = x·√x``, ``√(1/x³) = 1/(x·√x)``, ``√(4x⁴) = 2x²``, ``√(e²ˣ) = eˣ``
        read as ``√((eˣ)²)``; ``√(x²) = |x|``, ``√(x⁶) = |x|³``); None otherwise, and in the
        readings that do not reduce roots, or past :data:`MAX_ROOT_POWER` (as ``u^(p/2)``
        is read)."""
        atoms = self.atoms
        found = _power_of_one_atom(value) if atoms.reduce else None
        if found is None:
            return None
        coefficient, atom, exponent = found
        held = abs(exponent)
        if not 2 <= held <= MAX_ROOT_POWER:
            return None
        base = Rational.of(Poly.atom(atom))
        taken = base.power(held // 2)
        if held % 4 == 2 and not is_power_of_e(atoms.items[atom]):  # √(u²) = |u|
            taken = magnitude(Poly.atom(atom), atoms).power(held // 2)
        if held % 2:
            root = atoms.root(atoms.items[atom], base, 2)
            taken = taken * Rational.of(Poly.atom(root))
        if exponent < 0:
            taken = taken.reciprocal()
        if coefficient != 1:
            atoms.number_split = True
            if not atoms.split_numbers:
                return None
            taken = taken * number_root(coefficient, 2, atoms)
        atoms.reduced = True
        return taken

    def whole_power(self, node: Pow, children: list[Rational]) -> Rational | None:
        """In the readings that ask for it: ``u^(k·e + c) = (u^e)^k·u^c`` for a symbolic
        exponent, and ``(a + b)ⁿ`` as the n-th power of the atom ``a + b``."""
        exponent = children[1]
        constant = exponent.numerator.constant_value
        if self.atoms.keep_sums and constant is not None:
            if constant.denominator != 1 or not 2 <= constant <= MAX_KEPT_POWER:
                return None
            base = children[0]
            if len(base.numerator.terms) < 2 or base.factors:
                return None
            atom = Rational.of(self.atoms(self.express(node.base)))
            return atom.power(int(constant))
        return self.split_power(
            children[0], exponent, lambda e: power(self.express(node.base), e), node.exp
        )

    def split_power(
        self, base: Rational, exponent: Rational, write: Callable[[Expr], Expr], source: Expr
    ) -> Rational | None:
        """``u^(k·e + c) = (u^e)^k·u^c`` (``write(e)`` is the atom ``u^e``; ``e`` as the
        ``source`` exponent writes it, or its negation, where that is how it is kept:
        ``exp(−y·(w·x + b))`` is ``1/exp(y·(w·x + b))``)."""
        atoms = self.atoms
        found = _split_exponent(exponent) if atoms.split_powers else None
        if found is None:
            return None
        offset, rest, times = found
        inner = Rational.of(rest.scale(Fraction(1, times)))

        def as_kept() -> Expr:
            shown = to_expression(inner, atoms)
            as_written = neg(source) if times == -1 else source
            kept = not offset and abs(times) == 1 and _kept_as_written(as_written, inner, shown)
            return as_written if kept else shown

        written = write(self.written_once(inner, as_kept))
        number = atoms.number(written)
        if times < 0 and exponential_power(written, Fraction(-1)) is not None:
            atoms.negated.add(number)
        atom = Rational.of(Poly.atom(number))
        value = atom.power(times)
        if offset:
            value = value * base.power(offset)
        return value

    def note_split(self, node: Expr, children: list[Rational]) -> None:
        """In a reading that does not split symbolic powers, note whether the one that
        does would split this node's (until it splits one, that reading is this one)."""
        if isinstance(node, Pow):
            exponent = children[1]
        elif is_exponential(node):
            exponent = children[0]
        else:
            return
        try:
            self.atoms.would_split = _split_exponent(exponent) is not None
        except (TooLarge, ZeroDivisionError):
            self.atoms.would_split = True


def _split_exponent(exponent: Rational) -> tuple[int, Poly, int] | None:
    """``(c, e, k)`` for an exponent ``k·e + c`` (``c`` a small whole number, ``k`` the
    whole content of the rest) that a split changes: ``c ≠ 0`` or ``k ≠ 1``."""
    if exponent.numerator.constant_value is not None or exponent.factors:
        return None
    terms = exponent.numerator.as_dict()
    offset = Fraction(terms.pop((), 0))
    rest = Poly.from_dict(terms)
    times = integer_content(rest)
    if offset.denominator != 1 or abs(offset) > MAX_KEPT_POWER:
        return None
    if offset == 0 and times == 1:
        return None
    return int(offset), rest, times


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
        root = perfect_power(rest.scale(Fraction(1, integer_content(rest))))
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


def _odd_root(value: Rational, index: int) -> Rational | None:
    """The real root ``ⁿ√value`` for an odd n when ``value`` is an n-th power (``∛(x³) =
    x`` for every real x, ``∛(8/(x + 1)³) = 2/(x + 1)``); else None."""
    if index % 2 == 0 or any(multiplicity % index for _, multiplicity in value.factors):
        return None
    top = exact_root(value.numerator, index)
    if top is None:
        return None
    return Rational(top, tuple((poly, times // index) for poly, times in value.factors))


def _odd_root_of_power(value: Rational, index: int) -> tuple[Poly, int] | None:
    """``(w, k)`` when ``value`` is a term ``wᵏ`` (k > 1) under an odd root, whose real
    root is then ``(ⁿ√w)ᵏ`` for every real w (``∛(x²) = (∛x)²``); else None."""
    if index % 2 == 0 or value.factors or len(value.numerator.terms) != 1:
        return None
    monomial, _ = value.numerator.terms[0]
    times = reduce(gcd, (power for _, power in monomial), 0)
    base = exact_root(value.numerator, times) if times > 1 else None
    return None if base is None else (base, times)


def _power_of_one_atom(value: Rational) -> tuple[Fraction, int, int] | None:
    """``(c, u, m)`` for a value ``c·uᵐ`` (``c > 0``, ``u`` an atom, ``m`` a whole number,
    negative for a power in the denominator); else None."""
    if len(value.numerator.terms) != 1 or len(value.factors) > 1:
        return None
    monomial, coefficient = value.numerator.terms[0]
    powers = dict(monomial)
    for poly, multiplicity in value.factors:
        if len(poly.terms) != 1 or poly.terms[0][1] != 1 or len(poly.terms[0][0]) != 1:
            return None
        ((atom, exponent),) = poly.terms[0][0]
        powers[atom] = powers.get(atom, 0) - exponent * multiplicity
    if coefficient <= 0 or len(powers) != 1:
        return None
    ((atom, exponent),) = powers.items()
    return Fraction(coefficient), atom, exponent


def _raised(value: Rational, exponent: int) -> Rational:
    """``valueⁿ`` for a whole n, negative too."""
    return value.power(exponent) if exponent > 0 else value.reciprocal().power(-exponent)


def _negative_whole(value: Rational) -> bool:
    number = None if value.factors else value.numerator.constant_value
    return number is not None and number < 0 and number.denominator == 1


def _kept_as_written(node: Expr, value: Rational, written: Expr) -> bool:
    """Whether a product with a sum the user wrote stays so in an atom's argument rather
    than as the rational core ``written`` it: ``sin(2·(x + x³))``, ``tanh(2·(x + 3x³))``,
    not ``sin(2x·(x² + 1))``, ``tanh(6x³ + 2x)``; when it is shorter, or as short with
    nothing to join (no factor twice, no like terms once multiplied out)."""
    negated = isinstance(node, Neg)
    while isinstance(node, Neg):
        node = node.arg
    factors = list(node.factors) if isinstance(node, Mul) else []
    if not any(isinstance(f, Add) for f in factors) or not _plain(node, written):
        return False
    size, other = leaves(node), leaves(written)
    if size != other or negated:  # as short, −x·(3 − x) is x·(x − 3)
        return size < other
    bases = [f.base if isinstance(f, Pow) else f for f in factors]  # type: ignore[attr-defined]
    terms = 1
    for factor in factors:
        terms *= len(factor.terms) if isinstance(factor, Add) else 1
    distinct = len(set(bases)) == len(bases)
    return distinct and not value.factors and len(value.numerator.terms) == terms


def _products_kept_as_written(node: Add, written: Expr) -> bool:
    """Whether a sum with a product of a sum among its terms stays as the user wrote it
    in an atom's argument, where it is shorter than the rational core ``written`` it,
    expanded or factored: ``H(1 − y·(w·x + b))``, not ``H(1 − y·w·x − y·b)``; a sum
    negated in it, where it is as short (``cos(y − (w·x + b))``, not ``cos(y − b −
    w·x)``), but ``cos(x² + x + 1)`` for ``cos(1 + x·(x + 1))``."""
    if not _holds_product_of_sum(node, written):
        return False
    size, written_size = leaves(node), leaves(written)
    negated_only = not any(_holds_sum_factor(term, negated=False) for term in node.terms)
    return size < written_size or (size == written_size and negated_only)


def _holds_product_of_sum(node: Add, written: Expr | None = None) -> bool:
    """Whether a sum has a product of a sum, or a negated sum, among its terms and is
    otherwise built of numbers and names by sums, products and whole powers (see
    :func:`_plain`)."""
    return any(_holds_sum_factor(term) for term in node.terms) and _plain(node, written or node)


def _holds_sum_factor(term: Expr, *, negated: bool = True) -> bool:
    """Whether a term of a sum is a product of a sum, or (with ``negated``) a sum negated
    (``y − (w·x + b)``)."""
    if isinstance(term, Neg) and isinstance(term.arg, Add):
        return negated
    while isinstance(term, Neg):
        term = term.arg
    return isinstance(term, Mul) and any(isinstance(factor, Add) for factor in term.factors)


def _sum_kept_as_written(node: Add, written: Expr) -> bool:
    """Whether a sum with fractions stays as the user wrote it in an atom's argument
    rather than as the one fraction the rational core writes: ``cos(x + π/2)``,
    ``(1 + 1/x)ˣ``, not ``cos((2x + π)/2)``, ``((x + 1)/x)ˣ``; when it is no longer and
    no two of its terms are like terms (``x/2 + x/3`` is ``5x/6``) and no term holds a
    sum (each value written one way: ``b·c/(n·(b·c − a·d)) − 1`` is one fraction)."""
    if written is node or not _plain(node, written, quotients=True):
        return False
    if any(isinstance(part, Add) for term in node.children for part in postorder(term)):
        return False
    if leaves(node) > leaves(written):
        return False
    keys = [_like_term_key(term) for term in node.children]
    return len(set(keys)) == len(keys)


def _like_term_key(term: Expr) -> tuple[Expr, ...]:
    """What a term of a sum is a number times (``x`` for ``−3x/2``; nothing for a number)."""
    while isinstance(term, Neg):
        term = term.arg
    if isinstance(term, Div) and isinstance(term.den, Num):
        term = term.num
    factors = term.children if isinstance(term, Mul) else (term,)
    return tuple(f for f in factors if not isinstance(f, Num))


def _plain(node: Expr, written: Expr, *, quotients: bool = False) -> bool:
    """Whether ``node`` is built of numbers, names and constants by sums, products and
    whole powers alone (and quotients, with ``quotients``), and constant functions
    ``written`` holds too (``√(2/π)``): nothing in it that the rational core would
    write otherwise but for its like terms."""
    kinds = (Add, Mul, Neg, Pow, Num, Sym, Const, Div) if quotients else _PLAIN_KINDS
    held: set[Expr] | None = None
    pending = [node]
    while pending:
        part = pending.pop()
        if isinstance(part, Call) and not free_names(part):
            held = set(postorder(written)) if held is None else held
            if part in held:
                continue
        if isinstance(part, Pow) and not isinstance(part.exp, Num):
            return False
        if not isinstance(part, kinds):
            return False
        pending.extend(part.children)
    return True


_PLAIN_KINDS = (Add, Mul, Neg, Pow, Num, Sym, Const)


def _has_atoms(value: Rational) -> bool:
    """Whether ``value`` is more than a number."""
    return bool(value.factors) or value.numerator.constant_value is None


def _real_root(like: Call, radicand: Expr) -> Call:
    """The real root of ``radicand`` written as ``like`` is (``cbrt(…)``, ``root(…, n)``)."""
    return Call(like.name, radicand, *like.children[1:])


def splits_power(atom: Expr) -> bool:
    """Whether ``atom`` is a power with a symbolic exponent that a split can read
    (``exp(u)`` among them: ``exp(2·x) = exp(x)²``)."""
    if is_exponential(atom):
        return bool(atom.children[0].children)
    return isinstance(atom, Pow) and not isinstance(atom.exp, Num)


def has_power_of_sum(expr: Expr) -> bool:
    """Whether ``expr`` holds a sum raised to a whole power ≥ 2 where the reading that
    keeps powers of sums whole reads it as one.  A power in a denominator is read through
    its base in every reading (``1/(a + b)ⁿ`` is the factor ``a + b`` to the power
    ``−n``), so there it changes nothing but the numbering of atoms, not their order."""
    seen: set[Expr] = set()
    pending = [expr]
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        if _power_of_sum(node):
            return True
        if isinstance(node, Div):
            pending.append(node.num)
            pending.extend(_read_through(node.den))
        else:
            pending.extend(node.children)
    return False


def _power_of_sum(node: Expr) -> bool:
    return (
        isinstance(node, Pow)
        and isinstance(node.base, Add)
        and isinstance(node.exp, Num)
        and node.exp.is_integer
        and 2 <= node.exp.value <= MAX_KEPT_POWER
    )


def _read_through(denominator: Expr) -> list[Expr]:
    """The parts of a denominator whose own readings :meth:`_Reader.reciprocal` uses:
    the factors of a product, the base of a whole power."""
    parts, found = [denominator], []
    while parts:
        part = parts.pop()
        if isinstance(part, Mul):
            parts.extend(part.factors)
        elif _reciprocal_power(part) is not None:
            found.append(part.base)  # type: ignore[attr-defined]
        else:
            found.append(part)
    return found


def _reciprocal_power(node: Expr) -> int | None:
    """The exponent of a whole power read as the reciprocal of its base's power."""
    if isinstance(node, Pow) and isinstance(node.exp, Num) and node.exp.is_integer:
        exponent = int(node.exp.value)
        if 0 < exponent <= 64:
            return exponent
    return None


def _sum(node: Expr, children: list[Rational], cancel: bool) -> Rational:
    total = children[0]
    for child in children[1:]:
        total = total + child
    return finish(total, cancel)


def _product(node: Expr, children: list[Rational], cancel: bool) -> Rational:
    total = children[0]
    for child in children[1:]:
        total = total * child
    return finish(total, cancel)


def _quotient(node: Expr, children: list[Rational], cancel: bool) -> Rational:
    return finish(children[0] * children[1].reciprocal(), cancel)


def _power(node: Expr, children: list[Rational], cancel: bool) -> Rational:
    exponent = children[1].numerator.constant_value
    if exponent is None or children[1].factors or exponent.denominator != 1:
        raise TooLarge
    base = children[0]
    if abs(exponent) > 12 and (len(base.numerator.terms) > 1 or base.factors):
        raise TooLarge
    return finish(base.power(int(exponent)), cancel)


_COMBINE: dict[type, Callable[[Expr, list[Rational], bool], Rational]] = {
    Num: lambda node, _, c: Rational.of(Poly.constant(node.value)),  # type: ignore[attr-defined]
    Add: _sum,
    Mul: _product,
    Div: _quotient,
    Neg: lambda node, ch, c: -ch[0],
    Pow: _power,
}
