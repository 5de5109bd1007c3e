"""The simplifier: a raw derivative to textbook form through named rewrites.

Each pass rewrites the whole expression by one law and is recorded as a
:class:`~symderiv.steps.Step` (``var = None``: the step states ``expr = result``), so
it is verified like any differentiation step.  The passes run in the order of
:data:`ORDER` (the passes over sums between ``given`` and ``trig-ratios``):

=======================  ==========================================================
``exact-values``         sin π = 0, cos(π/3) = 1/2, ln e = 1, e⁰ = 1, |−2| = 2, … (a
                         function's exact value at a constant argument, from its table)
``reduction-formula``    sin(u + π/2) = cos u, cos(π − u) = −cos u, tan(u + π) = tan u, …
``log-exp``              ln(eᵘ) = u, e^(k·ln u) = uᵏ, a^(log_a u) = u (u > 0)
``exponent-laws``        eᵃ·eᵇ = e^(a+b), (eᵃ)ⁿ = e^(na)
``root-of-power``        √(u²) = |u|, ⁿ√(uⁿ) = |u| for an even n, ⁿ√(uⁿ) = u for an odd n
``abs-factors``          |k·u| = |k|·|u|, sign(k·u) = sign(k)·sign(u) (k constant)
``sign-abs``             sign(u)·|u| = u, sign(u)/|u| = 1/u, u·sign(u) = |u| (u ≠ 0)
``trig-ratios``          tan u = sin u/cos u, sec u = 1/cos u, … (when that is shorter)
``pythagorean``          sin²u + cos²u = 1, cosh²u − sinh²u = 1 (when that is shorter)
``double-angle``         2 sin v cos v = sin 2v, 2 cos²v = 1 + cos 2v, … for v = w/2 (when
                         that is shorter; this step also collects and cancels)
``collect``              expand, collect like terms, one common denominator (shown as
                         ``collect-roots`` when it also wrote (√u)² = u, √a·√b = √(ab)
                         (a ≥ 0, recorded as a condition) or √(P/m²) = √P/|m|)
``cancel``               common factors of numerator and denominator cancel
``factor-out``           a common factor pulled out when that is no longer; written back
                         as a sum of fractions or a power of a quotient when shorter
``ratio-functions``      sin u/cos u = tan u, 1/cos u = sec u, cos u/sin u = cot u,
                         1/sin u = csc u, … in each product, cos u/(a cos u + b sin u)
                         = 1/(a + b tan u) (when that is shorter)
``sum-combine``          a·Σₖ fₖ + b·Σₖ gₖ = Σₖ (a·fₖ + b·gₖ), the summand tidied
``sum-scale``            c·Σₖ fₖ = Σₖ c·fₖ when c cancels into the summand
=======================  ==========================================================

Before the rational passes, the passes of :mod:`symderiv.simplify.sums` split sums by
linearity, collapse them against Kronecker deltas and apply the facts the user gives.

The passes decide the answer; the steps shown on the way are planned by
:mod:`symderiv.simplify.plan` (local moves first, no step that only reorders or undoes
the one before, each label true of its step):

>>> from symderiv.parse import parse
>>> s = simplify(parse("2*x*e^x + x^2*e^x"))
>>> [step.rule for step in s.steps], str(s.result)
(['factor-out'], 'x*(x + 2)*e^x')
>>> [step.rule for step in simplify(parse("x^x*(ln(x) + x/x)")).steps]
['cancel-reciprocal']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import partial
from typing import Any, NamedTuple

from .. import guard
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
    power,
    rebuild,
)
from ..memo import Memo
from ..steps import Condition, Step, register_rule
from . import logs as _logs
from . import plan as _plan
from . import ratios as _ratios
from . import shifts as _shifts
from . import signs as _signs
from . import sums as _sums
from . import values as _values
from .angles import half_angle
from .atoms import Atoms, sums_taken
from .kinds import holds
from .local_moves import REDUCED_FIRST
from .logs import exponent_of_e
from .measure import forget_measures, leaves, rational_leaves, written_leaves
from .poly import Rational, TooLarge
from .read import has_power_of_sum, splits_power, to_rational
from .roots import asked_alike, cancellations
from .source_order import SourceOrder
from .terms import opposite_exponentials_cancelled, poly_to_expression
from .trig import PYTHAGOREAN, has_trig, to_sines_and_cosines, worth_reading
from .write import joined_product, to_expression

__all__ = [
    "CACHE_SIZE",
    "MAX_LEAVES",
    "ORDER",
    "PASSES",
    "Simplification",
    "clear_cache",
    "register_pass",
    "simplify",
    "tidy",
]

#: Larger expressions get only the passes that do not expand.
MAX_LEAVES = 3_000
#: Deeper expressions get only the passes that do not expand.
MAX_DEPTH = 400
#: Readings whose estimated size is within this factor of the least are written back
#: and measured; the shortest written one is chosen.
WRITTEN_WITHIN = 1.25
#: The expanding passes are undone when they leave the expression this much larger.
GROWTH = 1.25
#: A path of the passes through an expression larger than ``DETOUR`` times the larger
#: end plus ``DETOUR_SLACK`` leaves is tried again, from the start with each fraction
#: reduced first, else summand by summand, unless the passes' answer is already under
#: ``RETRIED_ABOVE`` times the start's size (where the retries seldom end shorter); the
#: shortest answer is kept.
DETOUR = Fraction(3, 2)
DETOUR_SLACK = 6
RETRIED_ABOVE = Fraction(2, 5)


@dataclass(frozen=True)
class Simplification:
    """The rewrites from ``expr`` to ``result``; each step's input is the last one's result."""

    expr: Expr
    steps: tuple[Step, ...]

    @property
    def result(self) -> Expr:
        return self.steps[-1].result if self.steps else self.expr


#: How many simplifications are remembered.
CACHE_SIZE = 4096
_REMEMBERED: Memo[Simplification] = Memo(CACHE_SIZE)
_ANSWERS: Memo[Simplification] = Memo(CACHE_SIZE)
_TIDIED: Memo[Expr] = Memo(CACHE_SIZE)
#: The reading the rational core chose, per expression simplified (the last
#: :data:`CACHE_SIZE`).
_READINGS: dict[Expr, Reading] = {}


def clear_cache() -> None:
    """Forget the remembered simplifications and the sizes and root indices measured per
    tree (after changing a pass, or to time one)."""
    _REMEMBERED.clear()
    _ANSWERS.clear()
    _TIDIED.clear()
    _READINGS.clear()
    forget_measures()


class Reading(NamedTuple):
    """How the rational core reads an expression: roots reduced (``(√u)² = u``) or not;
    ratio functions written with sine and cosine; a Pythagorean square replaced; a
    symbolic power split off its integer part (``u^(n−1) = uⁿ/u``, ``u^(2n) = (uⁿ)²``);
    powers of sums kept whole (``(x + 1)¹³`` as a power of one atom, not expanded);
    roots of quotients kept whole (``√(1 + 1/x²)``, not ``√(x² + 1)/|x|``); a radicand's
    number kept under its root but for its whole powers (``√(2π)``, ``2√(2x)`` for
    ``√(8x)``; not ``√2·√π``), the form taken on a tie."""

    reduce: bool = True
    ratios: bool = False
    square: str | None = None
    split_powers: bool = False
    keep_sums: bool = False
    whole_radicands: bool = False
    whole_numbers: bool = False
    double_angles: bool = False


PLAIN = Reading()


class Context:
    """What the passes of one :func:`simplify` call share: the given facts, and the
    rational normal form of the expression the first rational pass met (read once, with
    one numbering of atoms, so successive stages differ only by their law)."""

    def __init__(self, given: tuple[Any, ...], tidy: Callable[[Expr], Expr]) -> None:
        self.given = given
        #: The whole simplifier, for passes that tidy a part (a summand).
        self.tidy = tidy
        self.source: Expr | None = None
        self._normal: dict[tuple[bool, Reading], tuple[Rational, Atoms]] = {}
        self._written: dict[tuple[bool, Reading, bool], Expr] = {}
        #: The readings that cancel in which nothing cancelled: each is also the reading
        #: that does not cancel (the same value over the same atoms).
        self._nothing_cancelled: set[Reading] = set()
        #: What the atoms of each reading written back were asked on the way.
        self._asked: dict[tuple[bool, Reading, bool], list[tuple[Any, ...]]] = {}
        self.mode: Reading | None = None
        #: Whether the last reading written back by a pass reduced or cancelled a root
        #: (``(√u)² = u``): its step says so (``collect-roots``).
        self.roots_reduced = False
        #: Whether readings with sin/cos ratios and Pythagorean squares are tried.
        self.trig = True
        #: Whether the reading that keeps powers of sums whole is tried.
        self.keep_sums = True

    def normal(self, expr: Expr, *, cancel: bool) -> tuple[Rational, Atoms]:
        """The rational form of the source (``expr`` on the first call) in the reading
        that writes shortest (see :class:`Reading`)."""
        if self.source is None:
            self.source = _products_opened(expr)
        if self.mode is None:
            self.mode = self._shortest_mode()
        return self._read(cancel, self.mode)

    def written(self, cancel: bool, *, factor: bool, mode: Reading | None = None) -> Expr:
        """The reading ``mode`` (by default the shortest) written back (see
        :func:`~.write.to_expression`), once per simplification: choosing the reading
        writes the near ones, and the passes write the chosen one again."""
        mode = mode or self.mode
        assert mode is not None
        key = (cancel, mode, factor)
        found = self._written.get(key)
        if found is None:
            value, atoms = self._read(cancel, mode)
            found = self._written_alike(key, value, atoms)
            if found is None:
                atoms.asked = []
                try:
                    found = to_expression(value, atoms, factor=factor)
                finally:
                    self._asked[key], atoms.asked = atoms.asked, None
                if cancel and holds(found, "const e", "call exp"):
                    # exp(x) and exp(−x) kept as written are two atoms
                    found = opposite_exponentials_cancelled(found)
            self._written[key] = found
        return found

    def _written_alike(
        self, key: tuple[bool, Reading, bool], value: Rational, atoms: Atoms
    ) -> Expr | None:
        """What a reading already written back gave, when it read the same value over the
        same atoms, differs at most in :data:`WRITTEN_ALIKE_FIELDS`, and its atoms'
        answers on the way hold for these atoms too (so this one would be written back
        node for node the same: ``tan x`` read with and without a Pythagorean square)."""
        cancel, mode, factor = key
        for (other_cancel, other, other_factor), written in self._written.items():
            if (other_cancel, other_factor) != (cancel, factor) or any(
                getattr(mode, name) != getattr(other, name)
                for name in mode._fields
                if name not in WRITTEN_ALIKE_FIELDS
            ):
                continue
            other_value, other_atoms = self._read(cancel, other)
            if (
                other_value == value
                and other_atoms.items == atoms.items
                and other_atoms.roots == atoms.roots
                and other_atoms.negated == atoms.negated
                and asked_alike(self._asked[(other_cancel, other, other_factor)], atoms)
            ):
                return written
        return None

    def _read(self, cancel: bool, mode: Reading) -> tuple[Rational, Atoms]:
        key = (cancel, mode)
        found = self._normal.get(key)
        if found is None and not cancel and mode in self._nothing_cancelled:
            found = self._normal[key] = self._normal[(True, mode)]
        if found is None:
            assert self.source is not None
            before = cancellations()
            atoms = Atoms(
                reduce=mode.reduce,
                squares=PYTHAGOREAN.get(mode.square or ""),
                split_powers=mode.split_powers,
                keep_sums=mode.keep_sums,
                split_radicands=not mode.whole_radicands,
                split_numbers=not mode.whole_numbers,
                double_angles=mode.double_angles,
                one_fraction=_one_fraction(self.source),
            )
            rewrite = to_sines_and_cosines if mode.ratios else _keep_atom
            found = self._normal[key] = (
                to_rational(self.source, atoms, rewrite, cancel=cancel),
                atoms,
            )
            if cancel and cancellations() == before:
                self._nothing_cancelled.add(mode)
        return found

    def _shortest_mode(self) -> Reading:
        assert self.source is not None
        value, atoms = self._read(True, PLAIN)
        modes = [PLAIN]
        if atoms.reduced:
            modes.append(Reading(reduce=False))
        if atoms.radicand_split:
            modes.append(Reading(whole_radicands=True))
        if atoms.number_split:
            modes.append(Reading(whole_numbers=True))
        if self.trig and has_trig(atoms.items):
            radicands = [radicand.numerator for _, radicand in atoms.roots.values()]
            held = [
                (atom, exponent * times)
                for poly, times in (
                    (value.numerator, 1),
                    *value.factors,
                    *((r, 1) for r in radicands),
                )
                for monomial, _ in poly.terms
                for atom, exponent in monomial
            ]
            modes.extend(
                Reading(ratios=ratios, square=square)
                for ratios, square in worth_reading(atoms.items, held)
            )
            if any(half_angle(part) for atom in atoms.items for part in _sines_of(atom)):
                modes.extend(
                    Reading(ratios=True, square=square, double_angles=True)
                    for square in (None, *PYTHAGOREAN)
                )
        if atoms.would_split and any(splits_power(atom) for atom in atoms.items):
            modes.append(Reading(split_powers=True))
        if self.keep_sums and has_power_of_sum(self.source):
            modes.append(Reading(keep_sums=True))
            if atoms.number_split:
                modes.append(Reading(keep_sums=True, whole_numbers=True))
        if len(modes) == 1:
            return PLAIN
        estimates = {}
        factored: dict[Reading, int] = {}  # the reading keeping sums whole, factored
        for mode in modes:
            try:
                value, atoms = self._read(True, mode)
            except (TooLarge, ZeroDivisionError):
                continue
            if mode is not PLAIN and _same_as_plain(mode, value, atoms, *self._read(True, PLAIN)):
                continue
            estimates[mode] = rational_leaves(value, atoms)
            pulled = _cofactor_written(value, atoms) if mode.keep_sums else None
            if pulled is not None:
                factored[mode] = pulled
                estimates[mode] = min(estimates[mode], pulled)
        if not estimates:
            return PLAIN
        least = min(estimates.values())
        near = [mode for mode, estimate in estimates.items() if estimate <= WRITTEN_WITHIN * least]
        if len(near) == 1:
            return self._with_squares(near[0], factored)
        written = {
            mode: written_leaves(self.written(True, factor=True, mode=mode)) for mode in near
        }
        for mode, size in factored.items():
            if mode in written:
                written[mode] = min(written[mode], size)
        # On a tie a radicand's number stays under the root (√(2π), not √2·√π).
        best = min(
            written, key=lambda mode: (written[mode], estimates[mode], not mode.whole_numbers)
        )
        return self._with_squares(best, factored)

    def _with_squares(self, best: Reading, factored: dict[Reading, int]) -> Reading:
        """``best``, a reading tried without the Pythagorean squares (a power split, a sum
        kept whole, …), read with them too where that writes shorter: with the power
        sin(u)^(−m−1) split, (m + 1)·cos²u + sin u·(sin²u + cos²u + sin u) is
        (sin u + 1)·(m + 1 − m·sin u).  Not where a ratio function is written: the
        squares are read after it is written with sine and cosine (``trig-ratios``), and
        so would its arguments be (``(a·sec u + a)ᵐ`` as ``(a + a/cos u)ᵐ``)."""
        items = self._read(True, PLAIN)[1].items
        if (
            not self.trig
            or best._replace(ratios=False) == PLAIN
            or best.square is not None
            or best.double_angles
            or not has_trig(items)
            or any(to_sines_and_cosines(atom) is not atom for atom in items)
        ):
            return best
        size = written_leaves(self.written(True, factor=True, mode=best))
        size = min(size, factored.get(best, size))
        for square in PYTHAGOREAN:
            mode = best._replace(square=square)
            try:
                written = written_leaves(self.written(True, factor=True, mode=mode))
            except (TooLarge, ZeroDivisionError):
                continue
            if written < size:
                best, size = mode, written
        return best


def _products_opened(expr: Expr) -> Expr:
    """``expr`` with each product inside a product opened (``cos(x²)·(2x) = 2·cos(x²)·x``,
    as the chain rule's f′(u)·u′ is multiplied out): one reading of either."""

    def combine(node: Expr, children: list[Expr]) -> Expr:
        if isinstance(node, Mul) and any(isinstance(child, (Mul, Neg)) for child in children):
            return mul(*children)
        return rebuild(node, children)

    return fold(expr, combine)


def _one_fraction(expr: Expr) -> bool:
    """Whether ``expr`` is one fraction, up to its sign and numbers multiplying it."""
    while isinstance(expr, Neg):
        expr = expr.arg
    if isinstance(expr, Mul):
        rest = [factor for factor in expr.children if not isinstance(factor, Num)]
        expr = rest[0] if len(rest) == 1 else expr
    return isinstance(expr, Div)


#: The readings' fields that change only how the source is read, not how its rational
#: form is written back.
READ_ONLY_FIELDS = frozenset({"ratios", "split_powers", "keep_sums"})
#: The fields in which two readings of one value may differ and still be written back
#: alike, when their atoms answer alike (see ``Context._written_alike``).
WRITTEN_ALIKE_FIELDS = READ_ONLY_FIELDS | {"square"}


def _same_as_plain(mode: Reading, value: Any, atoms: Atoms, plain: Any, plain_atoms: Atoms) -> bool:
    """Whether the reading ``mode`` came out as the plain reading did: it differs from
    :data:`PLAIN` only in how the source is read, and gave the same rational form over the
    same atoms.  Written back it is the plain reading's text, which wins their tie."""
    return (
        all(
            getattr(mode, f) == getattr(PLAIN, f) for f in mode._fields if f not in READ_ONLY_FIELDS
        )
        and value == plain
        and atoms.items == plain_atoms.items
        and atoms.roots == plain_atoms.roots
    )


Pass = Callable[[Expr, Context], tuple[Expr, tuple[tuple[str, Expr], ...], tuple[Condition, ...]]]


@dataclass(frozen=True)
class RewritePass:
    """A named law applied to a whole expression; ``expands`` passes are skipped for very
    large inputs."""

    key: str
    run: Pass
    expands: bool = False


#: The passes in the order they run; :func:`register_pass` places each one by its key.
ORDER: tuple[str, ...] = (
    "exact-values",
    "reduction-formula",
    "log-exp",
    "exponent-laws",
    "sum-split",
    "delta-sum",
    "given",
    "root-of-power",
    "abs-factors",
    "sign-abs",
    "trig-ratios",
    "pythagorean",
    "double-angle",
    "collect",
    "cancel",
    "factor-out",
    "ratio-functions",
    "sum-combine",
    "sum-scale",
)

#: The registered passes, in :data:`ORDER`.
PASSES: list[RewritePass] = []


def register_pass(
    key: str, formula: str, latex: str, *, expands: bool = False
) -> Callable[[Pass], Pass]:
    """Decorator: add a rewrite pass (and its rule) to the pipeline at its place in
    :data:`ORDER`."""
    if key not in ORDER:
        raise ValueError(f"rewrite pass {key!r} has no place in simplify.ORDER")

    def register(run: Pass) -> Pass:
        register_rule(key, formula, latex, kind="rewrite")
        entry = RewritePass(key, run, expands)
        kept = [p for p in PASSES if p.key != key]
        PASSES[:] = sorted([*kept, entry], key=lambda p: ORDER.index(p.key))
        clear_cache()
        return run

    return register


NO_BINDINGS: tuple[tuple[str, Expr], ...] = ()


# ---------------------------------------------------------------------------------------
# exponent laws
# ---------------------------------------------------------------------------------------
def _combine_exponentials(node: Expr) -> Expr:
    if (
        isinstance(node, Pow)
        and isinstance(node.base, Call)
        and node.base.name == "sqrt"
        and isinstance(node.exp, Num)
        and node.exp.is_integer
        and node.exp.value % 2 == 0
    ):
        return power(node.base.arg, Num(node.exp.value // 2))
    if isinstance(node, Pow) and isinstance(node.exp, Num) and node.exp.is_integer:
        inner = exponent_of_e(node.base)
        if inner is not None and isinstance(node.base, Pow):
            return Pow(E, mul(node.exp, inner))
        return node
    if not isinstance(node, Mul):
        return node
    exponents: list[Expr] = []
    others: list[Expr] = []
    first_at: int | None = None
    for factor in node.factors:
        inner = exponent_of_e(factor) if isinstance(factor, Pow) else None
        if inner is None:
            others.append(factor)
            continue
        if first_at is None:
            first_at = len(others)
        exponents.append(inner)
    if len(exponents) < 2 or first_at is None:
        return node
    others.insert(first_at, power(E, add(*exponents)))
    return mul(*others)


@register_pass(
    "exponent-laws",
    "eᵃ·eᵇ = e^(a+b),  (eᵃ)ⁿ = e^(na),  (√u)² = u",
    r"e^{a} e^{b} = e^{a+b},\; \left(\sqrt{u}\right)^{2} = u",
)
def exponent_laws(expr: Expr, context: Context) -> Any:
    if not holds(expr, "const e", "call sqrt"):  # the laws act on powers of e and roots
        return expr, NO_BINDINGS, ()
    return exponentials_combined(expr), NO_BINDINGS, ()


def exponentials_combined(expr: Expr) -> Expr:
    """``expr`` with ``eᵃ·eᵇ = e^(a+b)``, ``(eᵃ)ⁿ = e^(na)`` and ``(√u)²ᵏ = uᵏ`` applied
    everywhere."""

    def combine(node: Expr, children: list[Expr]) -> Expr:
        return _combine_exponentials(rebuild(node, children))

    return fold(expr, combine)


# ---------------------------------------------------------------------------------------
# collect, cancel, pythagorean, factor-out: the rational core
# ---------------------------------------------------------------------------------------
def _keep_atom(atom: Expr) -> Expr:
    return atom


def _sines_of(atom: Expr) -> tuple[Expr, ...]:
    """The sines and cosines ``atom`` is written with in the ratio readings."""
    written = to_sines_and_cosines(atom)
    return (written,) if written is atom else tuple(written.children)


def _core_form(
    expr: Expr, context: Context, *, cancel: bool, applies: Callable[[Reading], bool]
) -> Any:
    """The shortest reading's rational form written back unfactored (common factors
    cancelled or not), when the reading is one that the pass's law ``applies`` to."""
    _, atoms = context.normal(expr, cancel=cancel)
    assert context.mode is not None
    if not applies(context.mode):
        return expr, NO_BINDINGS, ()
    written = context.written(cancel, factor=False)
    context.roots_reduced = atoms.reduced
    return written, NO_BINDINGS, tuple(atoms.conditions)


class CorePass(NamedTuple):
    """A pass of the rational core: its rule, whether common factors are cancelled, and
    the readings its law applies to (see :func:`_core_form`)."""

    key: str
    formula: str
    latex: str
    cancel: bool
    applies: Callable[[Reading], bool]


CORE_PASSES: tuple[CorePass, ...] = (
    CorePass(
        "trig-ratios",
        "tan u = sin u/cos u,  sec u = 1/cos u,  coth u = cosh u/sinh u, …",
        r"\tan u = \frac{\sin u}{\cos u},\; \sec u = \frac{1}{\cos u}",
        False,
        lambda mode: mode.ratios and mode.square is None and not mode.double_angles,
    ),
    CorePass(
        "pythagorean",
        "sin²u + cos²u = 1,  cosh²u − sinh²u = 1",
        r"\sin^{2} u + \cos^{2} u = 1,\; \cosh^{2} u - \sinh^{2} u = 1",
        False,
        lambda mode: mode.square is not None and not mode.double_angles,
    ),
    # The half angles are written as whole ones once the common factors are out, so
    # this one step also collects and cancels.
    CorePass(
        "double-angle",
        "2 sin u·cos u = sin 2u,  2 cos²u = 1 + cos 2u,  2 sin²u = 1 − cos 2u,"
        "  2 sinh u·cosh u = sinh 2u, …  (tan u = sin u/cos u, …; collected and cancelled)",
        r"2 \sin u \cos u = \sin 2u,\; 2\cos^{2} u = 1 + \cos 2u,\; 2\sin^{2} u = 1 - \cos 2u",
        True,
        lambda mode: mode.double_angles,
    ),
    CorePass(
        "collect",
        "expand, collect like terms, bring to one denominator",
        r"a x + b x = (a + b) x,\; \frac{a}{c} + \frac{b}{d} = \frac{a d + b c}{c d}",
        False,
        lambda mode: not mode.double_angles,
    ),
    CorePass(
        "cancel",
        "common factors cancel: (a·c)/(b·c) = a/b",
        r"\frac{a c}{b c} = \frac{a}{b}",
        True,
        lambda mode: True,
    ),
)

for _core in CORE_PASSES:
    register_pass(_core.key, _core.formula, _core.latex, expands=True)(
        partial(_core_form, cancel=_core.cancel, applies=_core.applies)
    )


@register_pass(
    "factor-out", "a·b + a·c = a·(b + c)", r"a b + a c = a\left(b + c\right)", expands=True
)
def factor_out(expr: Expr, context: Context) -> Any:
    value, atoms = context.normal(expr, cancel=True)
    result = context.written(True, factor=True)
    pulled = _pulled_factor(value, atoms)
    if pulled is not None and atoms.keep_sums:
        expanded, common = _cofactor_expanded(value, atoms, pulled)
        if leaves(expanded) < leaves(result):
            result, pulled = expanded, common
    shown = pulled is not None and result is not expr and not _is_sum(result)
    bindings = (("factor", pulled),) if shown else ()
    return result, bindings, tuple(atoms.conditions)


def _is_sum(expr: Expr) -> bool:
    """Whether ``expr`` is a sum, perhaps negated (a fraction written as a sum of
    fractions shows no common factor)."""
    while isinstance(expr, Neg):
        expr = expr.arg
    return isinstance(expr, Add)


def _cofactor_expanded(value: Rational, atoms: Atoms, pulled: Expr) -> tuple[Expr, Expr]:
    """With powers of sums kept whole, the common factor pulled out and what remains
    expanded and cancelled in its own shortest reading, the sums the source writes that
    divide it taken out: ``(x + 1)¹⁰·(k·(x + 1)³ + …) = (x + 1)¹⁰·x²·(k·x + d)``,
    ``6·(2x + 1)²·(x − 1)² + 2·(2x + 1)³·(x − 1) = (2x + 1)²·(x − 1)·(10x − 4)``; the
    form, and the common factor taken out (``(2x + 1)²·(x − 1)``)."""
    content = value.numerator.monomial_content()
    rest = Rational(value.numerator.divide_monomial(content), value.factors)
    inner = Context((), tidy)
    inner.keep_sums = False
    read, expanded = inner.normal(to_expression(rest, atoms, factor=False), cancel=True)
    cofactor = to_expression(read, expanded, factor=True)
    if not read.factors and len(read.numerator.atom_numbers) == 1:
        sums, left = sums_taken(read.numerator, expanded)
        taken = [poly_to_expression(s, expanded) for s in sums]
        split = joined_product(*taken, to_expression(Rational.of(left), expanded, factor=True))
        if taken and leaves(split) <= leaves(cofactor):
            return joined_product(pulled, split), joined_product(pulled, *taken)
    return _times(pulled, cofactor), pulled


def _times(factor: Expr, other: Expr) -> Expr:
    """``factor·other``, a fraction ``other`` taking ``factor`` into its numerator."""
    negative = isinstance(other, Neg)
    body = other.arg if isinstance(other, Neg) else other
    product = div(joined_product(factor, body.num), body.den) if isinstance(body, Div) else None
    if product is None:
        return joined_product(factor, other)
    return neg(product) if negative else product


def _cofactor_written(value: Rational, atoms: Atoms) -> int | None:
    """The leaves of :func:`_cofactor_expanded` of a polynomial whose common factor holds
    a power of a sum kept whole (``(2x + 1)²·(x − 1)·(10x − 4)`` for
    ``6·(2x + 1)²·(x − 1)² + 2·(2x + 1)³·(x − 1)``), the form :func:`factor_out` writes
    in that reading; else None."""
    content = value.numerator.monomial_content()
    if value.factors or not any(isinstance(atoms.items[atom], Add) for atom, _ in content):
        return None
    pulled = _pulled_factor(value, atoms)
    if pulled is None:
        return None
    try:
        return written_leaves(_cofactor_expanded(value, atoms, pulled)[0])
    except (TooLarge, ZeroDivisionError):
        return None


def _pulled_factor(value: Rational, atoms: Atoms) -> Expr | None:
    content = value.numerator.monomial_content()
    if not content or len(value.numerator.terms) < 2:
        return None
    return mul(*(atoms.items[a] if p == 1 else power(atoms.items[a], Num(p)) for a, p in content))


# ---------------------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------------------
def simplify(
    expr: Expr,
    given: Sequence[Any] = (),
    *,
    budget: int = MAX_LEAVES,
    record: bool = True,
    **options: Any,
) -> Simplification:
    """Rewrite ``expr`` to textbook form; every change is one named, recorded step.

    ``budget`` is the size (leaves) past which the expanding passes are skipped and
    only the cheap tree passes run; ``given`` facts are kept for passes that use them.
    Trees are interned and immutable, so the outcome for the same ``expr``, ``given``
    and ``budget`` is remembered (the last :data:`CACHE_SIZE`; :func:`clear_cache`
    forgets them).
    """
    facts = tuple(given)
    return _REMEMBERED.get((expr, facts, budget), lambda: _shown(expr, facts, budget))


def _shown(expr: Expr, given: tuple[Any, ...], budget: int) -> Simplification:
    """The passes find the answer; :func:`~symderiv.simplify.plan.plan` chooses the steps
    shown on the way there (local moves first, no empty step, true labels)."""
    found = _answer(expr, given, budget)
    search = leaves(expr) <= budget and expr.depth <= MAX_DEPTH
    # After an opening the passes read the start as they read ``expr`` (no new search
    # for the shortest reading: the same rational function, the same atoms).
    reading = _READINGS.get(expr)
    steps = _plan.plan(
        expr,
        found.steps,
        lambda start: _answer(start, given, budget, reading).steps,
        search=search,
    )
    assumed: set[Condition] = set()
    shown = []
    for step in _in_source_order(steps, expr):
        new_conditions = tuple(c for c in step.conditions if c not in assumed)
        assumed.update(new_conditions)
        shown.append(replace(step, conditions=new_conditions))
    return Simplification(expr, tuple(shown))


def _in_source_order(steps: Sequence[Step], source: Expr) -> list[Step]:
    """``steps`` with the sums ``source`` writes in their order there (see
    :class:`~.source_order.SourceOrder`); a step left with nothing to do is dropped."""
    in_order = SourceOrder(source)
    kept = []
    for step in steps:
        before, after = in_order(step.expr), in_order(step.result)
        if after is before:
            continue
        bindings = tuple((name, in_order(part)) for name, part in step.bindings)
        if before is step.expr and after is step.result and bindings == step.bindings:
            kept.append(step)
        else:
            kept.append(replace(step, expr=before, result=after, bindings=bindings))
    return kept


def _answer(
    expr: Expr, given: tuple[Any, ...], budget: int, reading: Reading | None = None
) -> Simplification:
    """The passes' own path (remembered: :func:`tidy` needs only its answer); ``reading``,
    when given, is the rational core's reading instead of the shortest one."""
    return _ANSWERS.get(
        (expr, given, budget, reading), lambda: _simplify(expr, given, budget, reading)
    )


def _simplify(
    expr: Expr,
    given: tuple[Any, ...],
    budget: int,
    reading: Reading | None = None,
    *,
    reduce_first: bool = True,
) -> Simplification:
    context = Context(given, tidy)
    context.mode = reading
    large = leaves(expr) > budget or expr.depth > MAX_DEPTH
    steps: list[Step] = []
    current = expr
    before_expanding: tuple[int, int] | None = None
    for entry in PASSES:
        if entry.expands and large:
            continue
        if entry.expands and before_expanding is None:
            before_expanding = (len(steps), leaves(current))
        context.roots_reduced = False
        try:
            result, bindings, conditions = entry.run(current, context)
        except (TooLarge, ZeroDivisionError, RecursionError):
            continue
        if result is current:
            continue
        if not guard.keeps_value(current, result, conditions):
            guard.rejected(entry.key, current, result)
            continue
        note = _plan.ROOTS_REDUCED if context.roots_reduced else None
        steps.append(
            Step(
                entry.key,
                current,
                None,
                result,
                bindings=bindings,
                conditions=conditions,
                note=note,
            )
        )
        current = result
    if before_expanding is not None:
        kept, size = before_expanding
        if leaves(current) > GROWTH * size + 4:
            del steps[kept:]
    mode = context.mode
    if reduce_first and reading is None and _detours(expr, steps):
        shorter = _reduced_first(expr, given, budget, steps)
        if shorter is not None:
            start, path = shorter
            steps = list(path)
            # The openings from ``expr`` are read as the reduced start was.
            mode = _READINGS.get(start, mode)
        else:
            apart = _summands_apart(expr, given, budget, steps)
            if apart is not None:
                steps = list(apart)
    if mode is not None and reading is None:
        if len(_READINGS) > CACHE_SIZE:
            _READINGS.clear()
        _READINGS[expr] = mode
    if steps and _written_alike(expr, steps[-1].result):
        steps = []
    return Simplification(expr, tuple(steps))


def _written_alike(before: Expr, after: Expr) -> bool:
    """Whether ``before`` and ``after`` are the same tree but for quotients of whole
    numbers where the other has the number (``log(x, 1/2)``: ``1/2`` read as a quotient,
    tidied to the number ½), and print the same: such a change is no step to show."""
    pending = [(before, after)]
    while pending:
        a, b = pending.pop()
        if a is b or (_number_of(a) is not None and _number_of(a) == _number_of(b)):
            continue
        if type(a) is not type(b) or len(a.args) != len(b.args):
            return False
        for p, q in zip(a.args, b.args, strict=True):
            if isinstance(p, Expr) and isinstance(q, Expr):
                pending.append((p, q))
            elif p != q or type(p) is not type(q):
                return False
    return str(before) == str(after)


def _number_of(node: Expr) -> Fraction | None:
    """The positive fraction ``node`` is: a fraction, or a whole number over a whole
    number (``None`` for anything else)."""
    if isinstance(node, Num):
        whole = node.decimal or node.is_integer or node.value <= 0
        return None if whole else Fraction(node.value)
    if not (isinstance(node, Div) and isinstance(node.num, Num) and isinstance(node.den, Num)):
        return None
    num, den = node.num, node.den
    if num.decimal or den.decimal or not (num.is_integer and den.is_integer):
        return None
    return Fraction(num.value, den.value) if num.value > 0 and den.value > 0 else None


def _detours(expr: Expr, steps: list[Step]) -> bool:
    """Whether the passes' path goes through an expression larger than :data:`DETOUR`
    times the larger of its ends (plus :data:`DETOUR_SLACK`) to an answer no shorter than
    :data:`RETRIED_ABOVE` times the start."""
    if not steps or leaves(steps[-1].result) < RETRIED_ABOVE * leaves(expr):
        return False
    bound = DETOUR * max(leaves(expr), leaves(steps[-1].result)) + DETOUR_SLACK
    return any(leaves(step.result) > bound for step in steps)


def _reduced_first(
    expr: Expr, given: tuple[Any, ...], budget: int, steps: list[Step]
) -> tuple[Expr, tuple[Step, ...]] | None:
    """The start with each fraction reduced first (its numerator's common factor pulled
    out, its denominator's power of a product multiplied out, the shared factors
    cancelled: ``(a·c)/(b·c) = a/b``) and the path from ``expr`` through it, when the
    passes from there end strictly shorter than ``steps``; ``None`` otherwise."""
    made: list[Step] = []
    current = expr
    for rule, move in REDUCED_FIRST:
        applied = move(current)
        if not applied:
            continue
        result, bindings, conditions = applied[-1]
        if len(applied) > 1:
            bindings = NO_BINDINGS
        made.append(Step(rule, current, None, result, bindings=bindings, conditions=conditions))
        current = result
    if not made or not guard.keeps_value(expr, current, ()):
        return None
    found = _simplify(current, given, budget, reduce_first=False)
    if leaves(found.result) >= leaves(steps[-1].result):
        return None
    return current, (*made, *found.steps)


def _summands_apart(
    expr: Expr, given: tuple[Any, ...], budget: int, steps: list[Step]
) -> tuple[Step, ...] | None:
    """The passes' path of each summand of the sum ``expr`` in turn, each step written in
    the whole sum (``a + u + v = a + u′ + v``), when the sum of the summands' answers is
    strictly shorter than the end of ``steps``; ``None`` otherwise."""
    if not isinstance(expr, Add) or not steps:
        return None
    done: list[Expr] = []
    path: list[Step] = []
    current: Expr = expr
    terms = expr.children
    for at, term in enumerate(terms):
        found = _simplify(term, given, budget, reduce_first=False)
        for step in found.steps:
            result = add(*done, step.result, *terms[at + 1 :])
            path.append(replace(step, expr=current, result=result))
            current = result
        done.append(found.result)
    if not path or leaves(current) >= leaves(steps[-1].result):
        return None
    return tuple(path)


def tidy(expr: Expr) -> Expr:
    """The textbook form of ``expr`` (the result :func:`simplify` ends with)."""
    return _TIDIED.get(expr, lambda: SourceOrder(expr)(_answer(expr, (), MAX_LEAVES).result))


for _key, _formula, _latex, _run in _sums.PASSES:
    register_pass(_key, _formula, _latex)(_run)

register_pass(*_signs.PASS[:3])(_signs.PASS[3])
register_pass(*_values.PASS[:3])(_values.PASS[3])
register_pass(*_logs.PASS[:3])(_logs.PASS[3])
register_pass(*_shifts.PASS[:3])(_shifts.PASS[3])
register_pass(*_signs.ROOTS_PASS[:3])(_signs.ROOTS_PASS[3])
register_pass(*_signs.FACTORS_PASS[:3])(_signs.FACTORS_PASS[3])


# ---------------------------------------------------------------------------------------
# ratio-functions: after the rational core, before the sums are recombined
# ---------------------------------------------------------------------------------------
@register_pass(
    "ratio-functions",
    "sin u/cos u = tan u,  1/cos u = sec u,  cos u/sin u = cot u,  1/sin u = csc u, …,"
    "  cos u/(a cos u + b sin u) = 1/(a + b tan u)  (when shorter, or as short beside"
    " a tan u, sec u, …)",
    r"\frac{\sin u}{\cos u} = \tan u,\; \frac{1}{\cos u} = \sec u,\; "
    r"\frac{\cos u}{\sin u} = \cot u,\; \frac{1}{\sin u} = \csc u",
)
def ratio_functions(expr: Expr, context: Context) -> Any:
    return _ratios.written_back(expr), NO_BINDINGS, ()


if [entry.key for entry in PASSES] != list(ORDER):
    raise ImportError(f"simplify.ORDER names passes never registered: {ORDER}")
