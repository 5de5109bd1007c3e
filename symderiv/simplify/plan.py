"""The shown steps: how the simplifier's answer is reached, as a teacher would write it.

The passes of :mod:`symderiv.simplify` find *what* the answer is (through a rational
normal form: expand everything, then factor); this module plans *how to show it*:

* **Local moves first.**  Before the passes, the moves a textbook makes first are tried:
  a factor cancels against its reciprocal (``cancel-reciprocal``:
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
  :data:`COUNTS`).  A path of several steps gives way to a shorter direct one: the
  answer as ``expr`` with its ratio functions written back, one step
  (:func:`_ratios_at_once`: ``(1/x)·tan x + ln x·(1/cos²x) = tan x/x + ln x·sec²x``);
  the answer as ``expr`` multiplied out, one step, or two where the ratio functions are
  then written back or a power of a power written as the answer writes it, or the one
  term then left to tidy planned alone (:func:`_expanded_at_once`); a quotient's
  numerator split over its denominator, each fraction then cancelled and tidied alone
  (:func:`_split_at_once`: the quotient rule's ``(f′g − fg′)/g² = f′/g − fg′/g²``); the
  answer as ``expr`` with a factor pulled out of some terms of a sum, one step
  (:func:`_grouped_at_once`: ``eˣ·ln x + eˣ·(1/x) = eˣ·(ln x + 1/x)``), or the one part
  of ``expr`` the answer changes, planned alone (:func:`_one_part_alone`); a direct path
  of as many steps wins where it does not split a fraction it brought together, or
  where its expressions are smaller.
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

from .. import guard
from ..expr import (
    Add,
    Call,
    Div,
    Expr,
    Mul,
    Neg,
    Num,
    Sum,
    add,
    div,
    fold,
    mul,
    neg,
    postorder,
    rebuild,
)
from ..functions import FUNCTIONS
from ..steps import Step
from .local_moves import (
    LATE_OPENINGS,
    LOCAL_MOVES,
    OPENINGS,
    PLACES_SHOWN,
    REDUCING,
    Bindings,
    Move,
    cancel_reciprocals,
    common_denominator,
    one_denominator,
)
from .measure import leaves
from .moves import (
    changed_part,
    collect_terms,
    distribute,
    factor_common,
    minus_taken_in,
    order_key,
    powers_as_in,
    reduced,
    same_up_to_order,
)
from .ratios import RATIO_NAMES, written_back
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
# Labels
# ---------------------------------------------------------------------------------------


#: The note of a step whose reading reduced or cancelled a root (``(√u)² = u``), set by
#: the passes of the rational core: its label says so (``collect-roots``).
ROOTS_REDUCED = "roots-reduced"


def _has_ratio(expr: Expr) -> bool:
    return fold(
        expr,
        lambda node, children: (
            any(children) or (isinstance(node, Call) and node.name in RATIO_NAMES)
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


#: The ratio functions of the hyperbolic family.
_HYPERBOLIC_RATIOS = frozenset(n for n in RATIO_NAMES if FUNCTIONS[n].family == "hyperbolic")


def _only_hyperbolic(expr: Expr) -> bool:
    """Whether every ratio function ``expr`` writes is hyperbolic (``sech²x``, ``tanh x``):
    its step is said as sinh and cosh written as tanh, sech, …"""
    names = {node.name for node in postorder(expr) if isinstance(node, Call)}
    ratios = names & RATIO_NAMES
    return bool(ratios) and ratios <= _HYPERBOLIC_RATIOS


def _relabel(step: Step) -> tuple[Step, ...]:
    """The step with the rule that states what it did (two steps where it did two)."""
    if (
        step.rule == "factor-out"
        and _is_sum(step.result)
        and (_fraction(step.expr) is not None or not _grouped(step.result))
    ):
        return (replace(step, rule="split-fraction", bindings=()),)
    if step.rule == "collect" and (step.conditions or step.note == ROOTS_REDUCED):
        return (replace(step, rule="collect-roots", note=None),)
    if step.rule == "ratio-functions" and _only_hyperbolic(step.result):
        return (replace(step, rule="ratio-functions-hyperbolic"),)
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


def _through_ratios(start: Expr, last: Step, bound: float) -> tuple[Step, ...] | None:
    """Where the passes wrote the ratio functions back last (``last``, their last step):
    the moves of one law each from ``start`` to where they wrote them, then that step
    (``9·(1/cos²x)·(ln(tan x) + 1) = 9·(ln(tan x) + 1)/cos²x = 9·(ln(tan x) + 1)·sec²x``);
    else the ratio functions written back in ``start`` first, then the moves (``4·(tanh u
    + 1/cosh²u) = 4·(tanh u + sech²u) = 4 tanh u + 4 sech²u``)."""
    if last.rule != "ratio-functions":
        return None
    answer = last.result
    before = () if same_up_to_order(start, last.expr) else _direct(start, last.expr, bound)
    if before is not None:
        end = before[-1].result if before else start
        return (*before, replace(last, expr=end))
    written = _ratios_written_back(start)
    if written is None or not guard.keeps_value(start, written, ()):
        return None
    first = Step("ratio-functions", start, None, written)
    if same_up_to_order(written, answer):
        return (replace(first, result=answer),)
    after = _direct(written, answer, bound)
    return None if after is None else (first, *after)


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


def _rank(expr: Expr, steps: Sequence[Step]) -> tuple[int, bool, int]:
    """How a shown path ranks, least first: by its steps, then whether it splits again a
    fraction it brought together (:func:`_splits_again`), then by its largest expression."""
    return len(steps), _splits_again(steps), _largest(expr, steps)


def _splits_again(steps: Sequence[Step]) -> bool:
    """Whether a path splits a fraction after a step that may have brought it together."""
    return any(step.rule == "split-fraction" for step in steps[1:])


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
            direct = _direct(start, answer, bound) or _through_ratios(start, steps[-1], bound)
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
        grouped = _grouped_at_once(expr, answer)
        if grouped is not None:
            best = ((False, -1, 1, leaves(answer)), grouped)
    tried = best is None  # _grouped_at_once above, which found nothing
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
    if len(chosen) > 1:
        # The paths that tidy parts alone are sought only to avoid a fraction split again.
        detour = _splits_again(chosen)
        shorter = (
            _ratios_at_once(expr, answer)
            or _expanded_at_once(expr, answer, engine, bound, parts=detour)
            or (_split_at_once(expr, answer, engine, bound) if detour else None)
        )
        shorter = shorter or (None if tried else _grouped_at_once(expr, answer))
        shorter = shorter or _one_part_alone(expr, answer, engine, bound)
        if shorter is not None and _rank(expr, shorter) < _rank(expr, chosen):
            chosen = shorter  # fewer steps, or as many without a detour or smaller
    COUNTS["collect-kept"] += sum(step.rule == "collect" for step in chosen)
    return chosen


def _ratio_calls(expr: Expr) -> set[Expr]:
    return {node for node in postorder(expr) if isinstance(node, Call) and node.name in RATIO_NAMES}


def _ratios_written_back(expr: Expr) -> Expr | None:
    """``expr`` with powers of sines and cosines written as ratio functions (``1/cos²u =
    sec²u``) keeping those it writes; ``None`` when that changes nothing, or writes a
    ratio function with sine and cosine (``tan u·cos u = sin u`` is not this law)."""
    written = written_back(expr)
    if written is expr or not _ratio_calls(expr) <= _ratio_calls(written):
        return None
    return written


def _ratios_at_once(expr: Expr, answer: Expr) -> tuple[Step, ...] | None:
    """``1/cos²u = sec²u``, … as the one step from ``expr`` to ``answer``, where the
    answer is ``expr`` with its ratio functions written back, up to order (``(1/x)·tan x
    + ln x·(1/cos²x) = tan x/x + ln x·sec²x``)."""
    written = _ratios_written_back(expr)
    if written is None or not same_up_to_order(written, answer):
        return None
    if not guard.keeps_value(expr, answer, ()):
        return None
    return _relabel(Step("ratio-functions", expr, None, answer))


def _expanded_at_once(
    expr: Expr, answer: Expr, engine: Engine, bound: float, *, parts: bool = True
) -> tuple[Step, ...] | None:
    """``a·(b + c) = a·b + a·c`` as the one step from ``expr`` to ``answer``, where the
    answer is ``expr`` multiplied out, up to order (``6·(atan(cos x) − x·(1/(1 + cos²x))·sin
    x) = 6 atan(cos x) − 6x·sin x/(1 + cos²x)``); or then ``(aᵐ)ᵏ = a^(m·k)`` where the
    answer writes a power of a power so (``2x·(1/(1 + (eˣ)²))·eˣ = 2x·eˣ/(e²ˣ + 1)``), or
    ``1/cos²u = sec²u``, … where the answer has its ratio functions written back
    (``4·(3x²·tanh x + x³·(1/cosh²x)) = 12x²·tanh x + 4x³/cosh²x = 12x²·tanh x +
    4x³·sech²x``), or (with ``parts``) the one part that then differs from the answer
    planned alone (``5 sin x·(1/√x)·(1/(2√x)) = 5 sin x/(2x)``)."""
    expanded = distribute(expr)
    if expanded is expr:
        return None
    if same_up_to_order(expanded, answer):
        alone = _checked("expand", expr, answer)
        return None if alone is None else (alone,)
    bridge = _powers_bridged(expanded, answer)
    if bridge is not None:
        first = _checked("expand", expr, expanded)
        return None if first is None else (first, bridge)
    written = _ratios_written_back(expanded)
    if written is not None and same_up_to_order(written, answer):
        first = _checked("expand", expr, expanded)
        if first is None or not guard.keeps_value(expanded, answer, ()):
            return None
        return (first, *_relabel(Step("ratio-functions", expanded, None, answer)))
    if not parts:
        return None
    rest = _one_part_alone(expanded, answer, engine, bound, any_size=True)
    first = None if rest is None else _checked("expand", expr, expanded)
    return None if first is None or rest is None else (first, *rest)


def _split_at_once(
    expr: Expr, answer: Expr, engine: Engine, bound: float
) -> tuple[Step, ...] | None:
    """``(a − b)/c = a/c − b/c`` as the first step from a quotient whose numerator is a
    sum to an answer that is a sum of as many terms, each term then tidied alone in
    place (the quotient rule's ``(cos x·(√x + 2) − (sin x + 1)·(1/(2√x)))/(√x + 2)²`` to
    ``cos x/(√x + 2) − (sin x + 1)/(2√x·(√x + 2)²)``); ``None`` unless each term alone
    comes to a term of the answer."""
    if not (isinstance(expr, Div) and isinstance(expr.num, Add) and isinstance(answer, Add)):
        return None
    if len(expr.num.terms) != len(answer.terms):
        return None
    split = add(*(div(term, expr.den) for term in expr.num.terms))
    if not isinstance(split, Add):
        return None
    first = _checked("split-fraction", expr, split)
    if first is None:
        return None
    path = [first]
    left = list(answer.terms)
    for term in split.terms:
        cut = _reduced_term(term)
        start = term if cut is None else cut.result
        passes = engine(start)
        tidied = passes[-1].result if passes else start
        match = next((t for t in left if same_up_to_order(tidied, t)), None)
        if match is None:
            return None
        left.remove(match)
        steps = [] if cut is None else [cut]
        steps.extend(plan(start, passes, engine) if passes else ())
        path.extend(_in_place(path[-1].result, term, steps))
    if not same_up_to_order(path[-1].result, answer):
        return None
    if path[-1].result is not answer:
        path.append(Step("standard-order", path[-1].result, None, answer))
    shown = shown_steps(expr, path)
    return shown if _largest(expr, shown) <= bound else None


def _reduced_term(term: Expr) -> Step | None:
    """``(a·c)/(b·c) = a/b`` on a term of a sum (perhaps negated), as a step; None when
    nothing cancels."""
    body = term.arg if isinstance(term, Neg) else term
    cut = reduced(body) if isinstance(body, Div) else None
    if cut is None:
        return None
    return _checked("cancel", term, neg(cut) if body is not term else cut)


def _grouped_at_once(expr: Expr, answer: Expr) -> tuple[Step, ...] | None:
    """``a·b + a·c = a·(b + c)`` as the one step from ``expr`` to ``answer``, where the
    answer is ``expr`` with a factor pulled out of some terms of a sum (``T + u·v·b + u·v·c
    = T + u·v·(b + c)``): each product of the answer with a sum among its factors is
    multiplied out again and compared with ``expr``, up to order."""
    if leaves(answer) >= leaves(expr):
        return None  # the factor pulled out is written once instead of in each term
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


#: Most of ``expr`` (in leaves) a part planned alone may be, unless ``expr`` is a number
#: times what holds it.
PART_ALONE = 0.6


def _times_number(expr: Expr) -> bool:
    """Whether ``expr`` is ``c·u`` or ``−u`` for a number ``c``."""
    if isinstance(expr, Neg):
        return True
    return isinstance(expr, Mul) and sum(not isinstance(f, Num) for f in expr.factors) == 1


def _one_part_alone(
    expr: Expr, answer: Expr, engine: Engine, bound: float, *, any_size: bool = False
) -> tuple[Step, ...] | None:
    """The one part of ``expr`` that the answer changes simplified alone (its own plan),
    each of its steps shown in place: in ``(x² + 1)ˣ·(ln(x² + 1) + 2x·x/(x² + 1))``,
    ``2x·x = 2x²`` alone.  ``None`` unless the part is smaller than ``expr`` (or
    ``any_size``: a term of a sum just multiplied out) and this ends at ``answer``."""
    part, target = changed_part(expr, answer)
    if part is expr or not same_up_to_order(expr.subs({part: target}), answer):
        return None
    small = any_size or _times_number(expr)
    if leaves(part) > PART_ALONE * leaves(expr) and not small:
        return None  # planned alone, nearly all of expr would be planned as before
    passes = engine(part)
    if not passes or not same_up_to_order(passes[-1].result, target):
        return None
    path = _in_place(expr, part, plan(part, passes, engine))
    current = path[-1].result if path else expr
    if current is not answer:
        path.append(Step("standard-order", current, None, answer))
    shown = shown_steps(expr, path)
    return shown if _largest(expr, shown) <= bound else None


def _in_place(whole: Expr, part: Expr, steps: Sequence[Step]) -> list[Step]:
    """The steps of ``part`` alone, each shown on ``whole`` with ``part`` replaced by that
    step's result."""
    shown = []
    current = whole
    for step in steps:
        result = whole.subs({part: step.result})
        shown.append(replace(step, expr=current, result=result))
        current = result
    return shown


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
        path.extend(_in_place(start, remaining, inner))
        current = path[-1].result
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
