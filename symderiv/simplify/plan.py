"""The shown steps: how the simplifier's answer is reached, as a teacher would write it.

The passes of :mod:`symderiv.simplify` find *what* the answer is (through a rational
normal form: expand everything, then factor); this module plans *how to show it*:

* **The direct way first.**  The answer as ``expr`` with a factor pulled out of some terms
  of a sum is one step (:func:`_grouped_at_once`: ``eˣ·ln x + eˣ·(1/x) = eˣ·(ln x + 1/x)``);
  a part of ``expr`` the answer alone changes is planned alone (:func:`_one_part_alone`).
* **Local moves first.**  Otherwise, before the passes, the moves a textbook makes
  first are tried: a factor cancels against its reciprocal (``cancel-reciprocal``:
  ``t·(1/σ)·σ(1 − σ) = t(1 − σ)``) and fractions are brought over a common denominator
  that is shown (``common-denominator``:
  ``a/y − b/(1 − y) = (a(1 − y) − b·y)/(y(1 − y))``).  Each candidate path (no move, the
  cancellation, the cancellation then the common denominator, the common denominator
  alone) is finished by the passes; the path that ends at the passes' answer and whose
  every expression stays within :data:`GROWTH` of the larger end wins, the shortest such.
  After an opening, the moves of one law each finish alone where they reach the answer;
  else the passes run again from there.  When no candidate stays within the bound, each
  fraction may be reduced first (:data:`LATE_OPENINGS`: ``factor-numerator``,
  ``power-of-product`` ``(a·b)ⁿ = aⁿ·bⁿ``, ``cancel``) before the passes finish; failing
  that, the common factor of the largest sum is pulled out first (``factor-out``,
  :func:`~symderiv.simplify.moves.factor_common`: ``3x²u^(p+1) + x³(p + 1)uᵖv =
  x²uᵖ(3u + x(p + 1)v)``) and the passes simplify only what is left in the brackets.  A
  path that ends where the answer writes a power of a power otherwise (``x^(2n)`` against
  ``(xⁿ)²``) takes one ``power-of-power`` step more.
  When that fails too, the passes' own path is shown (a *fallback*, counted in
  :data:`COUNTS`).
* **No empty steps.**  A step whose result equals its input up to the order of terms and
  factors (:func:`order_key`) is folded into the next step; a run of steps that comes back
  to an expression met before (a step undone) is cut out; when the order is the whole
  change, one ``standard-order`` step says so.
* **True labels.**  Each step's rule is checked against what it did: a "factor out" whose
  result is a sum of fractions is ``split-fraction``; a "Pythagorean identity" step that
  also wrote ``tan``, ``sec``, … with sine and cosine is two steps (``trig-ratios``, then
  ``pythagorean``); "expand and collect" that joined no roots does not cite
  ``√a·√b = √(ab)`` (``collect``), one that did is ``collect-roots``.

* **One law per step.**  The passes' "expand and collect" step is shown as the moves of
  :mod:`symderiv.simplify.moves` that make it, each its own rule: ``common-denominator``,
  ``expand`` (``a·(b + c) = a·b + a·c``), ``collect-terms`` (``a·u + b·u = (a + b)·u``);
  where they do not reach its result (the rational core also rewrote powers or roots),
  the step is shown as it ran and counted in :data:`COUNTS`.  A pass over sums that also
  expanded and collected its summand is shown as ``expand``, ``collect-terms``, then the
  pass; ``sum-combine`` that also pulled a factor out, as ``sum-combine`` then
  ``factor-out``.

Every step shown is checked by the guard as it is made (the verifier checks it again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from math import prod

from .. import guard
from ..expr import (
    ONE,
    Add,
    Call,
    Div,
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    Sum,
    add,
    div,
    fold,
    mul,
    neg,
    postorder,
    power,
    rebuild,
)
from ..steps import Condition, Step
from .measure import leaves
from .moves import (
    changed_part,
    collect_terms,
    distribute,
    factor_common,
    minus_taken_in,
    order_key,
    power_of_product,
    powers_as_in,
    reduced,
    same_up_to_order,
    signed_factors,
)
from .trig import to_sines_and_cosines

__all__ = [
    "COUNTS",
    "GROWTH",
    "LOCAL_MOVES",
    "cancel_reciprocals",
    "common_denominator",
    "one_law_each",
    "order_key",
    "plan",
    "reset_counts",
    "shown_steps",
]

#: A shown expression may be this many times the larger end (raw derivative or answer),
#: plus :data:`SLACK` leaves.
GROWTH = 1.5
SLACK = 6

#: How often a plan was made, how often no candidate path stayed within the bound so
#: that the passes' own path was shown, how often the passes were run again after an
#: opening, and how many of the passes' "expand and collect" steps are shown as they ran
#: (where the rational core also did what no single move states).
COUNTS: dict[str, int] = {"planned": 0, "fallback": 0, "rerun": 0, "collect-kept": 0}


def reset_counts() -> None:
    """Set :data:`COUNTS` back to zero."""
    for key in COUNTS:
        COUNTS[key] = 0


# ---------------------------------------------------------------------------------------
# Local moves
# ---------------------------------------------------------------------------------------
def _product(factors: Sequence[Expr]) -> Expr:
    return mul(*factors) if factors else ONE


Bindings = tuple[tuple[str, Expr], ...]
#: One application of a local move: its result, the parts its formula names, and the
#: conditions it assumes.
Applied = tuple[Expr, Bindings, tuple[Condition, ...]]
#: At most this many applications of one move are made in a row.
MAX_APPLICATIONS = 24
#: A move made in more places than this is shown as one step for all of them.
PLACES_SHOWN = 2


def _cancel_one(node: Expr) -> tuple[Expr, list[Expr]] | None:
    """``node`` (a product or quotient) with its factors cancelled against their
    reciprocals, and those factors (numbers above whose product is those below count as
    one); ``None`` when no factor cancels."""
    if not isinstance(node, (Mul, Div)):
        return None
    factors: list[tuple[Expr, int]] = []
    sign = signed_factors(node, 1, factors)
    numerator = [f for f, s in factors if s == 1]
    denominator = [f for f, s in factors if s == -1]
    cancelled = []
    for factor in list(denominator):
        if factor in numerator and not (isinstance(factor, Num) and factor.value == 1):
            numerator.remove(factor)
            denominator.remove(factor)
            cancelled.append(factor)
    above = [f for f in numerator if isinstance(f, Num)]
    below = [f for f in denominator if isinstance(f, Num)]
    product = prod(f.value for f in below)
    if len(above) > 1 and below and prod(f.value for f in above) == product != 1:
        numerator = [f for f in numerator if not isinstance(f, Num)]
        denominator = [f for f in denominator if not isinstance(f, Num)]
        cancelled.append(Num(product))
    if not cancelled:
        return None
    top = _product(numerator)
    result = div(top, _product(denominator)) if denominator else top
    return (neg(result) if sign < 0 else result), cancelled


def _each_place(
    expr: Expr, apply: Callable[[Expr], tuple[Expr, Bindings, tuple[Condition, ...]] | None]
) -> list[Applied]:
    """``apply`` at one place at a time (the first place, children before parents), each
    application its own step, until it applies nowhere."""
    applied: list[Applied] = []
    current = expr
    for _ in range(MAX_APPLICATIONS):
        for node in postorder(current):
            found = apply(node)
            if found is not None:
                break
        else:
            return applied
        new, bindings, conditions = found
        current = current.subs({node: new})
        applied.append((current, bindings, conditions))
    return applied


def _cancel_at(node: Expr) -> tuple[Expr, Bindings, tuple[Condition, ...]] | None:
    found = _cancel_one(node)
    if found is None:
        return None
    result, factors = found
    conditions = tuple(Condition(f, "≠", Num(0)) for f in factors if not isinstance(f, Num))
    return result, (("u", _product(factors)),), conditions


def cancel_reciprocals(expr: Expr) -> list[Applied]:
    """``u·(1/u) = 1`` (``u ≠ 0``), one factor in one product at a time: a factor cancels
    against its reciprocal, ``t·(1/σ)·σ(1 − σ) = t(1 − σ)``, ``x/x = 1``."""
    return _each_place(expr, _cancel_at)


def _over_common_denominator(
    node: Expr, whole: bool = False
) -> tuple[Expr, Bindings, tuple[Condition, ...]] | None:
    if not isinstance(node, Add) or len(node.terms) < 2:
        return None
    parts: list[tuple[int, list[Expr], dict[Expr, int]]] = []
    # The least common denominator: each base to the largest whole power it has below a
    # line (a/x⁶ + b/x⁴ = (a + b·x²)/x⁶).
    least: dict[Expr, int] = {}
    for term in node.terms:
        factors: list[tuple[Expr, int]] = []
        sign = signed_factors(term, 1, factors)
        top = [f for f, s in factors if s == 1]
        bottom = [_whole_power(f) for f, s in factors if s == -1]
        if any(isinstance(base, Num) for base, _ in bottom):
            return None
        below: dict[Expr, int] = {}
        for base, exponent in bottom:
            below[base] = below.get(base, 0) + exponent
        parts.append((sign, top, below))
        for base, exponent in below.items():
            least[base] = max(least.get(base, 0), exponent)
    fractions = sum(1 for _, _, below in parts if below)
    if whole and not fractions:
        return None
    if not whole and (fractions < 2 or (len(least) < 2 and _all_alike(parts))):
        return None
    numerators = []
    for sign, top, below in parts:
        missing = [
            power(base, Num(most - below.get(base, 0)))
            for base, most in least.items()
            if most > below.get(base, 0)
        ]
        term = _product([*top, *missing])
        numerators.append(neg(term) if sign < 0 else term)
    denominators = [power(base, Num(most)) for base, most in least.items()]
    bindings: Bindings = ()
    if len(denominators) == 2 and all(len(below) <= 1 for _, _, below in parts):
        bindings = (("c", denominators[0]), ("d", denominators[1]))
    return div(add(*numerators), _product(denominators)), bindings, ()


def _whole_power(factor: Expr) -> tuple[Expr, int]:
    """``(u, n)`` for ``uⁿ`` with a whole ``n ≥ 1``; ``(factor, 1)`` otherwise."""
    if isinstance(factor, Pow) and isinstance(factor.exp, Num) and factor.exp.is_integer:
        if factor.exp.value >= 1:
            return factor.base, int(factor.exp.value)
    return factor, 1


def _all_alike(parts: list[tuple[int, list[Expr], dict[Expr, int]]]) -> bool:
    """Whether every fraction among ``parts`` has the same denominator."""
    belows = [below for _, _, below in parts if below]
    return all(below == belows[0] for below in belows)


def common_denominator(expr: Expr) -> list[Applied]:
    """``a/c + b/d = (a·d + b·c)/(c·d)``, one sum of fractions with different
    denominators at a time, the products left unexpanded."""
    return _each_place(expr, _over_common_denominator)


def one_denominator(expr: Expr) -> list[Applied]:
    """``a/c + b/d = (a·d + b·c)/(c·d)`` where the denominators may be one (``a/c + b/c =
    (a + b)/c``) or a term may have none (``a/c + b = (a + b·c)/c``), one sum at a time."""
    return _each_place(expr, lambda node: _over_common_denominator(node, whole=True))


def _bases(expr: Expr) -> set[Expr]:
    """The bases of the factors of a product (``u`` for ``uⁿ``), the product's own base
    for a power of a product."""
    while isinstance(expr, Pow) and isinstance(expr.exp, Num):
        expr = expr.base
    factors = expr.factors if isinstance(expr, Mul) else (expr,)
    return {f.base if isinstance(f, Pow) else f for f in factors}


def _numerator_factored(node: Expr) -> tuple[Expr, Bindings, tuple[Condition, ...]] | None:
    if not isinstance(node, Div) or not isinstance(node.num, Add):
        return None
    found = factor_common(node.num)
    if found is None or not (_bases(found[1]) & _bases(node.den)):
        return None
    return div(found[0], node.den), (("factor", found[1]),), ()


def numerators_factored(expr: Expr) -> list[Applied]:
    """``a·b + a·c = a·(b + c)`` in the numerator of a fraction, where the factor pulled
    out is also a factor of the denominator (so that it cancels next)."""
    return _each_place(expr, _numerator_factored)


def _denominator_powered(node: Expr) -> tuple[Expr, Bindings, tuple[Condition, ...]] | None:
    if not isinstance(node, Div):
        return None
    spread = power_of_product(node.den)
    return None if spread is None else (div(node.num, spread), (), ())


def denominators_powered(expr: Expr) -> list[Applied]:
    """``(a·b)ⁿ = aⁿ·bⁿ`` for a denominator that is a whole power of a product."""
    return _each_place(expr, _denominator_powered)


def _reduced_at(node: Expr) -> tuple[Expr, Bindings, tuple[Condition, ...]] | None:
    if not isinstance(node, Div) or isinstance(node.num, Num):
        return None
    result = reduced(node)
    return None if result is None else (result, (), ())


def fractions_reduced(expr: Expr) -> list[Applied]:
    """``(a·c)/(b·c) = a/b`` in each fraction whose numerator and denominator share a
    factor, one fraction at a time."""
    return _each_place(expr, _reduced_at)


Move = Callable[[Expr], list[Applied]]

#: The local moves, in the order a textbook makes them: cancel before combine.
LOCAL_MOVES: dict[str, Move] = {
    "cancel-reciprocal": cancel_reciprocals,
    "common-denominator": common_denominator,
    "factor-numerator": numerators_factored,
    "power-of-product": denominators_powered,
    "cancel": fractions_reduced,
}

#: The moves that reduce a fraction before it is combined with others: a denominator's
#: power of a product multiplied out (``(5x⁵)² = 25x¹⁰``), then the factors shared above
#: and below the line cancelled (``25a·x⁴/(25x¹⁰) = a/x⁶``).
REDUCING: tuple[tuple[str, Move], ...] = (
    ("power-of-product", denominators_powered),
    ("cancel", fractions_reduced),
)

#: The moves that reduce each fraction before the passes run, where the passes' own path
#: detours (see :func:`symderiv.simplify._reduced_first`).
REDUCED_FIRST: tuple[tuple[str, Move], ...] = (
    ("factor-numerator", numerators_factored),
    *REDUCING,
)

#: The candidate openings tried before the passes finish (each a sequence of moves).
#: The most moves first: the first path whose every expression is no larger than the
#: larger end is taken without trying the rest.
OPENINGS: tuple[tuple[str, ...], ...] = (
    ("cancel-reciprocal", "common-denominator"),
    ("cancel-reciprocal",),
    ("common-denominator",),
    (),
)

#: Openings tried only when none of :data:`OPENINGS` stays within the bound: each
#: fraction reduced first (its numerator's common factor pulled out, its denominator's
#: power of a product multiplied out, the shared factors cancelled).
LATE_OPENINGS: tuple[tuple[str, ...], ...] = (
    ("factor-numerator", "power-of-product", "cancel"),
    ("cancel-reciprocal", "factor-numerator", "power-of-product", "cancel"),
)

# ---------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------
_RATIO_NAMES = frozenset({"tan", "cot", "sec", "csc", "tanh", "coth", "sech", "csch"})


def _is_root(node: Expr) -> bool:
    return isinstance(node, Call) and node.name in ("sqrt", "cbrt", "root")


def _roots(expr: Expr) -> tuple[int, frozenset[Expr]]:
    """How many roots ``expr`` writes, and which."""
    count = fold(expr, lambda node, children: sum(children) + _is_root(node))
    return count, frozenset(node for node in postorder(expr) if _is_root(node))


def _joins_roots(before: Expr, after: Expr) -> bool:
    """Whether a step wrote roots together (``√a·√b = √(ab)``, ``(√u)² = u``): fewer of
    them, or other ones, and not merely more copies of the same (an expansion)."""
    count, which = _roots(before)
    count_after, which_after = _roots(after)
    return count_after < count or which_after != which


def _has_ratio(expr: Expr) -> bool:
    return fold(
        expr,
        lambda node, children: (
            any(children) or (isinstance(node, Call) and node.name in _RATIO_NAMES)
        ),
    )


def _is_sum(expr: Expr) -> bool:
    while isinstance(expr, Neg):
        expr = expr.arg
    return isinstance(expr, Add)


def _grouped(expr: Expr) -> bool:
    """Whether a term of the sum ``expr`` is a product with a sum in it (a factor pulled
    out of some terms, ``x·(x·a + b) + c``), not a sum of fractions."""
    while isinstance(expr, Neg):
        expr = expr.arg
    return isinstance(expr, Add) and any(
        isinstance(_unsigned(term), Mul)
        and any(isinstance(factor, Add) for factor in _unsigned(term).children)
        for term in expr.terms
    )


def _unsigned(expr: Expr) -> Expr:
    while isinstance(expr, Neg):
        expr = expr.arg
    return expr


def _ratios_written(expr: Expr) -> Expr:
    return fold(expr, lambda node, children: to_sines_and_cosines(rebuild(node, children)))


#: Passes that may also write ratio functions with sine and cosine, and the rule of what
#: they do besides.
_WRITES_RATIOS = {
    "pythagorean": "pythagorean",
    "cancel": "cancel",
    "collect": "collect",
    "trig-ratios": "collect",
}


def _relabel(step: Step) -> tuple[Step, ...]:
    """The step with the rule that states what it did (two steps where it did two)."""
    if (
        step.rule == "factor-out"
        and _is_sum(step.result)
        and (_fraction(step.expr) is not None or not _grouped(step.result))
    ):
        return (replace(step, rule="split-fraction", bindings=()),)
    if step.rule == "collect" and (step.conditions or _joins_roots(step.expr, step.result)):
        return (replace(step, rule="collect-roots"),)
    if step.rule in _WRITES_RATIOS and _has_ratio(step.expr):
        written = _ratios_written(step.expr)
        if (
            written is not step.expr
            and not _has_ratio(written)
            and not _has_ratio(step.result)
            and not same_up_to_order(written, step.result)
            and guard.keeps_value(step.expr, written, ())
        ):
            first = Step("trig-ratios", step.expr, None, written)
            return (first, *_relabel(replace(step, rule=_WRITES_RATIOS[step.rule], expr=written)))
    return (step,)


# ---------------------------------------------------------------------------------------
# No empty steps
# ---------------------------------------------------------------------------------------
def _merge(first: Step, second: Step) -> Step:
    """``second`` shown from ``first``'s input (``first`` only reordered)."""
    conditions = tuple(dict.fromkeys((*first.conditions, *second.conditions)))
    return replace(second, expr=first.expr, conditions=conditions)


def shown_steps(expr: Expr, steps: Sequence[Step]) -> tuple[Step, ...]:
    """``steps`` without empty ones: a run that comes back to an expression met before
    is cut out, a pure reordering is folded into the next step (or is one
    ``standard-order`` step when the order is the whole change), each step relabelled
    by what it did."""
    chain: list[Step] = []
    keys = [order_key(expr)]
    for step in steps:
        key = order_key(step.result)
        if key in keys:
            back = keys.index(key)
            del chain[back:]
            del keys[back + 1 :]
            if step.result is not (chain[-1].result if chain else expr):
                # Only the order changed since: carried by the next step.
                start = chain[-1].result if chain else expr
                chain.append(Step("standard-order", start, None, step.result))
                keys.append(key)
            continue
        chain.append(step)
        keys.append(key)
    merged: list[Step] = []
    for step in chain:
        if merged and merged[-1].rule == "standard-order":
            merged[-1] = _merge(merged[-1], step)
        else:
            merged.append(step)
    if len(merged) > 1 and merged[-1].rule == "standard-order":
        last = merged.pop()
        merged[-1] = replace(
            merged[-1],
            result=last.result,
            conditions=tuple(dict.fromkeys((*merged[-1].conditions, *last.conditions))),
        )
    relabelled = [shown for step in merged for shown in _relabel(step)]
    return tuple(_pure_reorders_named(relabelled))


def _pure_reorders_named(steps: list[Step]) -> list[Step]:
    """A lone step that only reorders says so: ``standard-order``."""
    if len(steps) == 1 and same_up_to_order(steps[0].expr, steps[0].result):
        return [replace(steps[0], rule="standard-order", bindings=())]
    return steps


# ---------------------------------------------------------------------------------------
# One law per step
# ---------------------------------------------------------------------------------------


def _checked(rule: str, before: Expr, after: Expr, bindings: Bindings = ()) -> Step | None:
    if not guard.keeps_value(before, after, ()):
        return None
    return Step(rule, before, None, after, bindings=bindings)


#: The splits made, per ``collect`` step and bound (forgotten past :data:`SPLITS_KEPT`).
_SPLITS: dict[tuple[Expr, Expr, float], tuple[Step, ...] | None] = {}
SPLITS_KEPT = 4096


def _one_law_each(step: Step, bound: float) -> tuple[Step, ...] | None:
    """The passes' ``collect`` step as moves of one law each: fractions over a common
    denominator, then products expanded (``a·(b + c) = a·b + a·c``), then like terms
    collected (``a·u + b·u = (a + b)·u``); ``None`` when these moves do not reach the
    step's result (up to order) within ``bound``."""
    key = (step.expr, step.result, bound)
    if key not in _SPLITS:
        if len(_SPLITS) > SPLITS_KEPT:
            _SPLITS.clear()
        _SPLITS[key] = _split(step.expr, step.result, bound)
    split = _SPLITS[key]
    if split and step.conditions:
        return (replace(split[0], conditions=step.conditions), *split[1:])
    return split


def _split(start: Expr, answer: Expr, bound: float) -> tuple[Step, ...] | None:
    """The moves of one law each from ``start`` to ``answer``: as they stand, else with
    each fraction reduced first (:data:`REDUCING`)."""
    return _moved(start, answer, bound, ()) or _moved(start, answer, bound, REDUCING)


def _moved(
    start: Expr, answer: Expr, bound: float, first: tuple[tuple[str, Move], ...]
) -> tuple[Step, ...] | None:
    # The moves are made first and checked against the answer; the guard checks each
    # step's value only for a split that reaches it.
    made: list[tuple[str, Expr, Expr, Bindings]] = []
    current = start
    for rule, move in first:
        applied = move(current)
        if len(applied) > PLACES_SHOWN:
            applied = [(applied[-1][0], (), ())]
        for result, bindings, _ in applied:
            made.append((rule, current, result, bindings))
            current = result
    if first and not made:
        return None
    if made and same_up_to_order(current, answer):
        made[-1] = (*made[-1][:2], answer, made[-1][3])
        current = answer
    if current is not answer and _fraction(answer) is not None:
        applied = one_denominator(current)
        if len(applied) > PLACES_SHOWN:
            applied = [(applied[-1][0], (), ())]
        for result, bindings, _ in applied:
            made.append(("common-denominator", current, result, bindings))
            current = result
        if made and current is not answer and same_up_to_order(current, answer):
            made[-1] = (*made[-1][:2], answer, made[-1][3])
            current = answer
    if current is answer:
        return _checked_all(made, bound)
    taken = minus_taken_in(current)
    if taken is not current and same_up_to_order(taken, answer):
        # A minus taken in is the whole change: −(c·(a − b)) = c·(b − a).
        expanded = taken
    else:
        expanded = distribute(current)
    if expanded is current:
        expanded = taken
    if expanded is not current and not same_up_to_order(expanded, current):
        if same_up_to_order(expanded, answer) or same_up_to_order(
            minus_taken_in(expanded), minus_taken_in(answer)
        ):
            # Equal up to order, or to a minus before the sum: −a − b = −(a + b).
            expanded = answer
        made.append(("expand", current, expanded, ()))
        current = expanded
    if current is not answer:
        merged: list[Expr] = []
        if not same_up_to_order(collect_terms(current, order_key, merged), answer):
            return None
        if not merged and _numbers_over(answer) >= _numbers_over(current):
            # Neither terms joined nor numbers cancelled: only powers were written.
            return None
        # No two terms alike: only numbers were worked out, (a·c)/(b·c) = a/b.
        made.append(("collect-terms" if merged else "cancel", current, answer, ()))
    return _checked_all(made, bound)


def _checked_all(
    made: list[tuple[str, Expr, Expr, Bindings]], bound: float
) -> tuple[Step, ...] | None:
    """The moves ``made`` as steps, each checked by the guard; ``None`` when one is over
    ``bound`` or does not keep the value."""
    if any(leaves(result) > bound for _, _, result, _ in made):
        return None
    steps = []
    for rule, before, after, bindings in made:
        checked = _checked(rule, before, after, bindings)
        if checked is None:
            return None
        steps.append(checked)
    return tuple(steps)


def _numbers_over(expr: Expr) -> int:
    """How many quotients by a number ``expr`` writes (``48x²/3``, ``(1/2)·y``)."""
    return sum(
        isinstance(node, Div) and isinstance(node.den, Num) and node.den.value != 1
        for node in postorder(expr)
    )


#: The passes over sums that may also expand and collect the summand on the way.
SUM_PASSES = frozenset({"sum-split", "delta-sum"})


def _summands_first(step: Step, bound: float) -> tuple[Step, ...] | None:
    """A ``sum-split`` or ``delta-sum`` step whose summand was also expanded and collected
    (``Σᵢ (t(1 − σ) − (1 − t)σ)·xᵢ = Σᵢ t·xᵢ − Σᵢ σ·xᵢ``) as three steps: the summands
    expanded (``a·(b + c) = a·b + a·c``), their like terms collected
    (``a·u + b·u = (a + b)·u``), then the pass itself; ``None`` when no terms collect."""
    bodies = {node.body for node in postorder(step.expr) if isinstance(node, Sum)}
    expanded: dict[Expr, Expr] = {}
    collected: dict[Expr, Expr] = {}
    for body in bodies:
        spread = distribute(body)
        merged: list[Expr] = []
        joined = collect_terms(spread, order_key, merged)
        if spread is not body and merged and not same_up_to_order(joined, spread):
            expanded[body], collected[spread] = spread, joined
    if not expanded:
        return None
    middle = step.expr.subs(expanded)
    after = middle.subs(collected)
    if max(leaves(middle), leaves(after)) > bound:
        return None
    first = _checked("expand", step.expr, middle)
    second = _checked("collect-terms", middle, after)
    if first is None or second is None or not guard.keeps_value(after, step.result, ()):
        return None
    return (
        replace(first, conditions=step.conditions),
        second,
        replace(step, expr=after, conditions=()),
    )


def _combined_then_factored(step: Step, bound: float) -> tuple[Step, ...] | None:
    """A ``sum-combine`` step that also pulled a factor out of the new summand
    (``Σᵢ xᵢσ − Σᵢ tᵢxᵢ = Σᵢ xᵢ(σ − tᵢ)``) as two steps: the sums combined
    (``Σ f − Σ g = Σ (f − g)``), then the factor pulled out (``a·b + a·c = a·(b + c)``)."""
    spread: dict[Expr, Expr] = {}
    for node in postorder(step.result):
        if isinstance(node, Sum):
            body = distribute(node.body)
            if body is not node.body and not same_up_to_order(body, node.body):
                spread[node.body] = body
    if not spread:
        return None
    middle = step.result.subs(spread)
    if leaves(middle) > bound or same_up_to_order(middle, step.expr):
        return None
    if not guard.keeps_value(step.expr, middle, ()):
        return None
    found = factor_common(next(iter(spread.values()))) if len(spread) == 1 else None
    bindings: Bindings = (("factor", found[1]),) if found is not None else ()
    last = _checked("factor-out", middle, step.result, bindings)
    if last is None:
        return None
    return (replace(step, result=middle), last)


def one_law_each(steps: Sequence[Step], bound: float) -> tuple[Step, ...]:
    """``steps`` with each ``collect`` step (expand, collect, one denominator) written as
    the moves of one law each that make it, where they do (see :func:`_one_law_each`;
    else together with the ``cancel`` step after it, where the moves make both),
    and each pass over sums that also collected its summand written as three steps
    (see :func:`_summands_first`)."""
    shown: list[Step] = []
    skip = False
    for index, step in enumerate(steps):
        if skip:
            skip = False
            continue
        split: tuple[Step, ...] | None = None
        after = steps[index + 1] if index + 1 < len(steps) else None
        if step.rule == "collect":
            split = _one_law_each(step, bound)
            if split is None and after is not None and after.rule == "cancel":
                # The collect and the cancellation after it, as moves of one law each.
                conditions = tuple(dict.fromkeys((*step.conditions, *after.conditions)))
                both = Step("collect", step.expr, None, after.result, conditions=conditions)
                split = _one_law_each(both, bound)
                skip = split is not None
        elif step.rule in SUM_PASSES:
            split = _summands_first(step, bound)
        elif step.rule == "sum-combine":
            split = _combined_then_factored(step, bound)
        shown.extend(split if split is not None else (step,))
    return tuple(shown)


# ---------------------------------------------------------------------------------------
# The planner
# ---------------------------------------------------------------------------------------
Engine = Callable[[Expr], tuple[Step, ...]]


def _opened(current: Expr, name: str) -> list[Step] | None:
    """The steps of the move ``name`` from ``current`` (``None`` when it does not apply)."""
    steps: list[Step] = []
    applied = LOCAL_MOVES[name](current)
    if not applied:
        return None
    if len(applied) > PLACES_SHOWN:
        conditions = tuple(dict.fromkeys(c for _, _, cs in applied for c in cs))
        applied = [(applied[-1][0], (), conditions)]
    for result, bindings, conditions in applied:
        if same_up_to_order(result, current):
            return None
        if not guard.keeps_value(current, result, conditions):
            return None
        steps.append(Step(name, current, None, result, bindings=bindings, conditions=conditions))
        current = result
    return steps


def _opening(
    expr: Expr, moves: tuple[str, ...], made: dict[tuple[str, ...], list[Step] | None]
) -> list[Step] | None:
    """The steps of ``moves`` made in turn from ``expr`` (``None`` when one does not
    apply); the openings that share a beginning share its steps (``made``)."""
    if moves not in made:
        before = _opening(expr, moves[:-1], made)
        if before is None:
            made[moves] = None
        else:
            more = _opened(before[-1].result if before else expr, moves[-1])
            made[moves] = None if more is None else [*before, *more]
    return made[moves]


def _direct(start: Expr, answer: Expr, bound: float) -> tuple[Step, ...] | None:
    """From ``start`` to ``answer`` by the moves of one law each alone (a common
    denominator, expand, collect like terms), without running the passes again."""
    return _one_law_each(Step("collect", start, None, answer), bound)


def _fraction(expr: Expr) -> tuple[int, Expr, Expr] | None:
    sign = 1
    while isinstance(expr, Neg):
        sign, expr = -sign, expr.arg
    if isinstance(expr, Div):
        return sign, expr.num, expr.den
    return None


def _numerator_collected(start: Expr, answer: Expr) -> tuple[Step, ...]:
    """``N/D = N′/D`` as one ``collect`` step (the numerator expanded and collected) when
    ``start`` and ``answer`` are fractions over the same denominator, up to order."""
    before, after = _fraction(start), _fraction(answer)
    if before is None or after is None or order_key(before[2]) != order_key(after[2]):
        return ()
    if not guard.keeps_value(start, answer, ()):
        return ()
    return (Step("collect", start, None, answer),)


def _powers_bridged(end: Expr, answer: Expr) -> Step | None:
    """``(aᵐ)ᵏ = a^(m·k)``: one step from ``end`` to ``answer`` where they differ only in
    how a power of a power is written (``x^(2n)`` against ``(xⁿ)²``), up to order."""
    written = powers_as_in(end, answer)
    if written is end or not same_up_to_order(written, answer):
        return None
    if not guard.keeps_value(end, answer, ()):
        return None
    return Step("power-of-power", end, None, answer)


def _largest(expr: Expr, steps: Sequence[Step]) -> int:
    return max([leaves(expr), *(leaves(step.result) for step in steps)])


def plan(
    expr: Expr, steps: Sequence[Step], engine: Engine, *, search: bool = True
) -> tuple[Step, ...]:
    """The shown path from ``expr`` to the passes' answer (the result of ``steps``, which
    the passes took): the best candidate of :data:`OPENINGS` finished by ``engine``,
    without empty steps and with true labels.  The answer is the passes' own, always."""
    if not search:
        # Past the passes' own size and depth limits the steps are shown as they ran.
        return tuple(steps)
    if not steps:
        return ()
    answer = steps[-1].result
    bound = GROWTH * max(leaves(expr), leaves(answer)) + SLACK
    COUNTS["planned"] += 1
    ends = max(leaves(expr), leaves(answer)) + SLACK
    direct = _grouped_at_once(expr, answer) or _one_part_alone(expr, answer, engine, bound)
    if direct is not None:
        return direct
    best: tuple[tuple[int, ...], tuple[Step, ...]] | None = None
    made: dict[tuple[str, ...], list[Step] | None] = {(): []}
    for moves in (*OPENINGS, *LATE_OPENINGS):
        if best is not None and moves in LATE_OPENINGS:
            break
        opened = _opening(expr, moves, made)
        if opened is None:
            continue
        start = opened[-1].result if opened else expr
        if not moves:
            rest: Sequence[Step] = steps
        elif same_up_to_order(start, answer):
            rest = ()
        else:
            # The moves alone when they reach the answer; else the passes finish.
            direct = _direct(start, answer, bound)
            if direct is None:
                COUNTS["rerun"] += 1
            rest = direct if direct is not None else engine(start)
        end = rest[-1].result if rest else start
        bridge = None if same_up_to_order(end, answer) else _powers_bridged(end, answer)
        if bridge is not None:
            rest, end = [*rest, bridge], answer
        if not same_up_to_order(end, answer):
            rest = _numerator_collected(start, answer)
            if not rest:
                continue
            end = answer
        path = [*opened, *rest]
        if end is not answer:
            path.append(Step("standard-order", end, None, answer))
        shown = one_law_each(shown_steps(expr, path), bound)
        largest = _largest(expr, shown)
        if largest > bound:
            continue
        score = (largest > ends, -len(moves), len(shown), largest)
        if best is None or score < best[0]:
            best = (score, shown)
        if largest <= ends:
            break
    if best is None:
        # No path within the bound: a common factor pulled out first, the passes finishing
        # what remains inside (the expanded form of the whole is never shown).
        factored = _factored_first(expr, answer, engine, bound)
        if factored is not None:
            largest = _largest(expr, factored)
            score = (largest > ends, -1, len(factored), largest)
            if best is None or score < best[0]:
                best = (score, factored)
    if best is None:
        COUNTS["fallback"] += 1
        chosen = one_law_each(_within(shown_steps(expr, steps), bound), bound)
    else:
        chosen = best[1]
    COUNTS["collect-kept"] += sum(step.rule == "collect" for step in chosen)
    return chosen


def _grouped_at_once(expr: Expr, answer: Expr) -> tuple[Step, ...] | None:
    """``a·b + a·c = a·(b + c)`` as the one step from ``expr`` to ``answer``, where the
    answer is ``expr`` with a factor pulled out of some terms of a sum (``T + u·v·b + u·v·c
    = T + u·v·(b + c)``): each product of the answer with a sum among its factors is
    multiplied out again and compared with ``expr``, up to order."""
    target = order_key(expr)
    for node in postorder(answer):
        if not isinstance(node, Mul):
            continue
        for index, inner in enumerate(node.factors):
            if not isinstance(inner, Add):
                continue
            others = [*node.factors[:index], *node.factors[index + 1 :]]
            spread = add(*(mul(*others, term) for term in inner.terms))
            if order_key(answer.subs({node: spread})) != target:
                continue
            if not guard.keeps_value(expr, answer, ()):
                return None
            step = Step("factor-out", expr, None, answer, bindings=(("factor", mul(*others)),))
            return (step,)
    return None


def _one_part_alone(
    expr: Expr, answer: Expr, engine: Engine, bound: float
) -> tuple[Step, ...] | None:
    """The one part of ``expr`` that the answer changes simplified alone (its own plan),
    each of its steps shown in place: in ``(x² + 1)ˣ·(ln(x² + 1) + 2x·x/(x² + 1))``,
    ``2x·x = 2x²`` alone.  ``None`` unless the part is smaller than ``expr`` and this
    ends at ``answer``."""
    part, target = changed_part(expr, answer)
    if part is expr or not same_up_to_order(expr.subs({part: target}), answer):
        return None
    passes = engine(part)
    if not passes or not same_up_to_order(passes[-1].result, target):
        return None
    path = []
    current = expr
    for step in plan(part, passes, engine):
        result = expr.subs({part: step.result})
        path.append(replace(step, expr=current, result=result))
        current = result
    if current is not answer:
        path.append(Step("standard-order", current, None, answer))
    shown = shown_steps(expr, path)
    return shown if _largest(expr, shown) <= bound else None


#: The largest sums of an expression tried for a common factor.
SUMS_TRIED = 3


def _factored_first(
    expr: Expr, answer: Expr, engine: Engine, bound: float
) -> tuple[Step, ...] | None:
    """``a·b + a·c = a·(b + c)`` on the largest sum of ``expr`` whose terms share a factor,
    then the passes on what remains inside the brackets alone, each of their steps shown
    in place; ``None`` unless this ends at ``answer`` (up to order) within ``bound``."""
    sums = sorted({node for node in postorder(expr) if isinstance(node, Add)}, key=leaves)
    for node in reversed(sums[-SUMS_TRIED:]):
        found = factor_common(node)
        if found is None:
            continue
        product, factor, remaining = found
        start = expr.subs({node: product})
        if not guard.keeps_value(expr, start, ()):
            continue
        path = [Step("factor-out", expr, None, start, bindings=(("factor", factor),))]
        COUNTS["rerun"] += 1
        inner = one_law_each(shown_steps(remaining, engine(remaining)), bound)
        current = start
        for step in inner:
            result = start.subs({remaining: step.result})
            path.append(replace(step, expr=current, result=result))
            current = result
        bridge = None if same_up_to_order(current, answer) else _powers_bridged(current, answer)
        if bridge is not None:
            path.append(bridge)
            current = answer
        if not same_up_to_order(current, answer):
            continue
        if current is not answer:
            path.append(Step("standard-order", current, None, answer))
        shown = shown_steps(expr, path)
        if _largest(expr, shown) <= bound:
            return shown
    return None


#: Two passes shown as one step when the first one's result is far larger than both ends
#: (the expanded form the rational core goes through), and the rule that names both.
TOGETHER: dict[tuple[str, str], str] = {
    ("collect", "cancel"): "collect-cancel",
    ("collect-roots", "cancel"): "collect-roots-cancel",
    ("pythagorean", "cancel"): "pythagorean-cancel",
}


def _within(steps: tuple[Step, ...], bound: float) -> tuple[Step, ...]:
    """The passes' own path with each step whose result exceeds ``bound`` shown together
    with the next one, where :data:`TOGETHER` names the pair."""
    shown = list(steps)
    index = 0
    while index < len(shown) - 1:
        step, after = shown[index], shown[index + 1]
        rule = TOGETHER.get((step.rule, after.rule))
        if rule is not None and leaves(step.result) > bound:
            conditions = tuple(dict.fromkeys((*step.conditions, *after.conditions)))
            shown[index : index + 2] = [
                Step(rule, step.expr, None, after.result, conditions=conditions)
            ]
        else:
            index += 1
    return tuple(shown)
