"""A derivation checked: its result and every step against SymPy's own derivative of the
step's input (or, for a rewrite, the input itself), on every concrete instance."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..bridge import ConversionError, to_sympy
from ..expr import (
    PI,
    Call,
    Expr,
    Indexed,
    Log,
    Num,
    Pow,
    Product,
    Sum,
    free_names,
    ln,
    mul,
    postorder,
    sqrt,
    sub,
)
from ..functions import BRANCHED_FUNCTIONS, FAMILY_FUNCTIONS
from ..instantiate import IDENTITY, MAX_ASSIGNMENTS, Instance, describe, instances
from ..sandbox import OVER_TIME, Overrun, cpu_limit, preload, run
from ..steps import Condition, Verification
from .equivalence import (
    COMPLEX_DETAIL,
    DEFAULT_BUDGET,
    SETUP_ALLOWANCE,
    Check,
    equivalent_sympy,
    forget_made,
    made_text,
    over_reason,
    sympy_module,
)
from .transport import pack, unpack

if TYPE_CHECKING:
    from ..steps import Derivation, Step


# ---------------------------------------------------------------------------------------
# Derivations
# ---------------------------------------------------------------------------------------
class _Converter:
    """``to_sympy`` with a memo shared by all the steps of one derivation."""

    def __init__(self) -> None:
        self.memo: dict[Expr, Any] = {}

    def __call__(self, expr: Expr) -> Any:
        cached = self.memo.get(expr)
        if cached is None:
            cached = self.memo[expr] = to_sympy(expr, real=True)
        return cached


@dataclass(frozen=True)
class _StepToCheck:
    """What the verifier needs of one step."""

    rule: str
    expr: Expr
    var: Expr | None
    result: Expr
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class _Checklist:
    """What the verifier needs of a derivation: its source, variable, order, result, the
    given facts (``lhs, rhs``) and every step of every order, parents first."""

    source: Expr
    var: Expr
    order: int
    result: Expr
    facts: tuple[tuple[Expr, Expr], ...]
    steps: tuple[_StepToCheck, ...]
    #: The variable of each order, first to last (``x, y`` for ∂²/∂x∂y).
    variables: tuple[Expr, ...] = ()


@dataclass(frozen=True)
class _Report:
    """The worker's findings, with steps named by their position in the checklist."""

    status: str
    method: str
    checked: int
    failing: tuple[int, ...] = ()
    counterexample: dict[str, float] | None = None
    detail: str = ""
    instantiation: str | None = None
    undecided: tuple[int, ...] = ()
    complex_checks: int = 0


def _reference(step: _StepToCheck, convert: _Converter, instance: Instance) -> Any:
    sp = sympy_module()
    if step.var is None:
        return instance(convert(step.expr))
    return known_derivatives(sp.diff(instance(convert(step.expr)), instance(convert(step.var))))


def known_derivatives(obj: Any) -> Any:
    """SymPy's derivative with the derivatives it leaves unevaluated but that are known
    off the points where they do not exist: ``Derivative(floor(u), x)`` and
    ``Derivative(ceiling(u), x)`` are 0 wherever u is not a whole number (the steps state
    ``u ∉ ℤ``, and the sample points are drawn away from the whole numbers)."""
    sp = sympy_module()
    steps = (sp.floor, sp.ceiling)
    known = obj.replace(
        lambda e: isinstance(e, sp.Derivative) and isinstance(e.expr, steps),
        lambda e: sp.S.Zero,
    )
    if known == obj:
        return obj
    return known.replace(  # SymPy's chain rule leaves Subs(0, ξ, u) behind
        lambda e: isinstance(e, sp.Subs) and not (e.expr.free_symbols & set(e.variables)),
        lambda e: e.expr,
    )


def _combined(verdicts: list[Check]) -> Check:
    """All instances verified → verified; any mismatch → that mismatch; else undecided."""
    for verdict in verdicts:
        if verdict.status == "mismatch":
            return verdict
    for verdict in verdicts:
        if verdict.status != "verified":
            return verdict
    methods = {v.method for v in verdicts}
    complex_values = any(v.detail == COMPLEX_DETAIL for v in verdicts)
    return Check(
        "verified",
        "numeric" if "numeric" in methods else "symbolic",
        detail=COMPLEX_DETAIL if complex_values else "",
    )


def _deepest_failing(failing: list[Step]) -> Step:
    failing_ids = {id(step) for step in failing}
    for step in failing:
        descendants = list(step.walk())[1:]
        if not any(id(d) in failing_ids for d in descendants):
            return step
    return failing[-1]


def _all_steps(derivation: Derivation) -> list[Step]:
    return list(derivation.all_steps())


def _checklist(derivation: Derivation, steps: list[Step]) -> _Checklist:
    facts = derivation.options.get("given", ())
    return _Checklist(
        derivation.source,
        derivation.var,
        derivation.order,
        derivation.result,
        tuple((fact.lhs, fact.rhs) for fact in facts),
        tuple(
            _StepToCheck(step.rule, step.expr, step.var, step.result, step.conditions)
            for step in steps
        ),
        derivation.variables,
    )


def verify_derivation(derivation: Derivation, *, budget: float = DEFAULT_BUDGET) -> Verification:
    """Check the final result and every step of every order against SymPy, within
    ``budget`` seconds of CPU time for each concrete instance checked.

    The checks run in the SymPy worker of :mod:`symderiv.sandbox`; when the budget is
    spent, the check under way is stopped, and it and the steps not yet checked are
    undecided ("over the time limit").
    """
    steps = _all_steps(derivation)
    checklist = _checklist(derivation, steps)
    instances_at_most = (
        MAX_ASSIGNMENTS if checklist.facts or _indexed(derivation.source, derivation.var) else 1
    )
    try:
        report: _Report = run(
            _check_in_worker,
            pack(checklist),
            budget,
            seconds=budget * (instances_at_most + 1) + SETUP_ALLOWANCE,
        )
    except Overrun as stopped:
        return Verification(
            "undecided", "symbolic", 0, len(steps), detail=over_reason(stopped.reason, budget)
        )
    failing = [steps[i] for i in report.failing]
    return Verification(
        report.status,
        report.method,
        report.checked,
        len(steps),
        _deepest_failing(failing) if failing else None,
        report.counterexample,
        report.detail,
        report.instantiation,
        undecided_steps=tuple(steps[i] for i in report.undecided),
        complex_checks=report.complex_checks,
    )


#: What SymPy may raise on a formula it cannot compare (a conversion it refuses, its
#: recursion limit, a NaN it compares): the check is then undecided, never verified.
_SYMPY_FAILURES = (ConversionError, RecursionError, ValueError, TypeError, ArithmeticError)


def _check_in_worker(data: bytes, budget: float) -> _Report:
    """The worker's half of :func:`verify_derivation`."""
    return _check(unpack(data), budget)


def _check(checklist: _Checklist, budget: float) -> _Report:
    started = time.process_time()
    forget_made()
    convert = _Converter()
    steps = checklist.steps
    with cpu_limit(budget) as setup:
        try:
            chosen = _instances(checklist, convert)
        except _SYMPY_FAILURES as error:
            return _Report("undecided", "symbolic", 0, detail=_reason(error))
    if setup.expired:
        return _Report("undecided", "symbolic", 0, detail=over_reason(OVER_TIME, budget))
    total = budget * len(chosen)
    instantiation = describe(chosen)
    failing: list[int] = []
    undecided: list[int] = []
    counterexample: dict[str, float] | None = None
    methods: set[str] = set()
    checked = 0
    details: list[str] = []
    with cpu_limit(total - (time.process_time() - started)) as limit:
        try:
            final = _combined(
                [_final_check(checklist, convert, total, instance) for instance in chosen]
            )
        except _SYMPY_FAILURES as error:
            final = Check("undecided", "symbolic", detail=_reason(error))
    if limit.expired:
        final = Check("undecided", "numeric", detail=over_reason(OVER_TIME, total))
    methods.add(final.method)
    complex_values = int(final.detail == COMPLEX_DETAIL)
    for index, step in enumerate(steps):
        remaining = total - (time.process_time() - started)
        if remaining <= 0:
            undecided.extend(range(index, len(steps)))
            details.append(over_reason(OVER_TIME, total))
            break
        if step.rule == "constant" and step.var is not None and not _mentions(step.expr, step.var):
            checked += 1
            continue
        with cpu_limit(remaining) as limit:
            verdict = _check_step(checklist, index, convert, chosen, remaining)
        if limit.expired:
            verdict = Check("undecided", "numeric", detail=over_reason(OVER_TIME, total))
        methods.add(verdict.method)
        if verdict.status == "verified":
            checked += 1
            complex_values += verdict.detail == COMPLEX_DETAIL
        elif verdict.status == "mismatch":
            failing.append(index)
            counterexample = counterexample or verdict.point
        else:
            undecided.append(index)
            if verdict.detail:
                details.append(verdict.detail)
    method = "numeric" if "numeric" in methods else "symbolic"
    if failing or final.status == "mismatch":
        return _Report(
            "mismatch",
            method,
            checked,
            tuple(failing),
            counterexample or final.point,
            final.detail if not failing else "",
            instantiation,
        )
    if undecided or final.status != "verified":
        final_detail = [final.detail] if final.status != "verified" and final.detail else []
        detail = "; ".join(dict.fromkeys(final_detail + details))
        return _Report(
            "undecided",
            method,
            checked,
            detail=detail,
            instantiation=instantiation,
            undecided=tuple(undecided),
        )
    return _Report(
        "verified",
        method,
        checked,
        detail=kinks_note(checklist),
        instantiation=instantiation,
        complex_checks=complex_values,
    )


def _kinks(checklist: _Checklist) -> list[Condition]:
    """The conditions of the steps that exclude points where a function is not
    differentiable, in the function's own symbols, each once."""
    names = free_names(checklist.source)
    found = [
        c
        for step in checklist.steps
        for c in step.conditions
        if c.kink and free_names(c.lhs) <= names
    ]
    return list(dict.fromkeys(found))


def kinks_note(checklist: _Checklist) -> str:
    """What a verification of a non-smooth function records: the points it was checked
    away from (``x ≠ 0``), where the derivative does not exist; ``""`` for none."""
    kinks = _kinks(checklist)
    if not kinks:
        return ""
    shown = ", ".join(str(c) for c in kinks)
    return f"checked where the derivative exists ({shown})"


def _check_step(
    checklist: _Checklist,
    index: int,
    convert: _Converter,
    chosen: list[Instance],
    remaining: float,
) -> Check:
    """One step compared with its reference on every instance."""
    step = checklist.steps[index]
    try:
        return _combined(
            [
                equivalent_sympy(
                    instance(convert(step.result)),
                    _reference(step, convert, instance),
                    seed=f"{made_text(checklist.source)}|{index}",
                    budget=remaining,
                    domain=(_domain(step.expr, convert, instance) if step.var is not None else [])
                    + condition_domain(step.conditions, convert, instance),
                )
                for instance in chosen
            ]
        )
    except _SYMPY_FAILURES as error:
        return Check("undecided", "symbolic", detail=_reason(error))


def _reason(error: Exception) -> str:
    """Why a check could not be made, in words (a RecursionError names SymPy's limit)."""
    if isinstance(error, RecursionError):
        return "too deep for SymPy to compare (its recursion limit)"
    if isinstance(error, ConversionError):
        return str(error)
    return f"SymPy could not compare the two sides ({type(error).__name__}: {error})"


def _indexed(*trees: Expr) -> bool:
    """Whether a tree holds an indexed variable, a sum or product, or a family function."""
    return any(
        isinstance(node, (Indexed, Sum, Product))
        or (isinstance(node, Call) and (node.name in FAMILY_FUNCTIONS or node.name == "delta"))
        for tree in trees
        for node in postorder(tree)
    )


def _instances(checklist: _Checklist, convert: _Converter) -> list[Instance]:
    if not checklist.facts and not _indexed(checklist.source, checklist.var):
        return [IDENTITY]
    objects = [convert(checklist.source), convert(checklist.var)]
    for step in checklist.steps:
        objects += [convert(step.expr), convert(step.result)]
    facts = [(convert(lhs), convert(rhs)) for lhs, rhs in checklist.facts]
    objects += [side for fact in facts for side in fact]
    return instances(objects, seed=str(checklist.source), facts=facts)


#: Most subexpressions whose reality is checked besides the function itself.
_MOST_BRANCHES = 6


def _domain(expr: Expr, convert: _Converter, instance: Instance) -> list[Any]:
    """``expr`` and its largest subexpressions real only on part of the line (roots,
    logarithms, inverse functions, fractional powers): each must be real at a point."""
    branches = [
        node
        for node in postorder(expr)
        if node is not expr
        and (
            isinstance(node, Log)
            or (isinstance(node, Call) and node.name in BRANCHED_FUNCTIONS)
            or (isinstance(node, Pow) and not _integer_exponent(node))
        )
    ]
    branches.sort(key=lambda node: -node.depth)
    return [instance(convert(part)) for part in (expr, *branches[:_MOST_BRANCHES])]


#: A step's condition ``lhs ~ rhs`` as an expression real exactly where it holds (up to
#: the boundary): ``lhs ≥ rhs`` ⇔ √(lhs − rhs) is real, ``lhs > rhs`` ⇔ ln(lhs − rhs) is.
CONDITION_DOMAINS: dict[str, Callable[[Expr, Expr], Expr]] = {
    "≥": lambda lhs, rhs: sqrt(sub(lhs, rhs)),
    ">": lambda lhs, rhs: ln(sub(lhs, rhs)),
    "≤": lambda lhs, rhs: sqrt(sub(rhs, lhs)),
    "<": lambda lhs, rhs: ln(sub(rhs, lhs)),
}


#: How far (relatively) a sample point keeps from a point where a function is not
#: differentiable (:attr:`Condition.kink`): ``x ≠ 0`` is sampled where |x| > 10⁻⁶.
KINK_MARGIN = Num(Fraction(1, 10**6))

#: A non-differentiability condition ``lhs ~ rhs`` as an expression real exactly where a
#: point keeps :data:`KINK_MARGIN` away from the excluded points: ``u ≠ a`` ⇔
#: ln(|u − a| − ε) is real, ``u ∉ ℤ`` ⇔ ln(|sin πu| − ε) is.
KINK_DOMAINS: dict[str, Callable[[Expr, Expr], Expr]] = {
    "≠": lambda lhs, rhs: ln(sub(Call("abs", sub(lhs, rhs)), KINK_MARGIN)),
    "∉": lambda lhs, rhs: ln(sub(Call("abs", Call("sin", mul(PI, lhs))), KINK_MARGIN)),
}


def condition_domain(
    conditions: Iterable[Condition], convert: Callable[[Expr], Any], instance: Instance
) -> list[Any]:
    """The points where a step's conditions hold, as expressions that must be real there
    (a rewrite such as ``√a·√b = √(ab)`` for ``a ≥ 0`` is judged only where ``a ≥ 0``;
    a derivative of a non-smooth function only away from where it does not exist)."""
    parts = []
    for condition in conditions:
        table = KINK_DOMAINS if condition.kink else CONDITION_DOMAINS
        write = table.get(condition.relation) or CONDITION_DOMAINS.get(condition.relation)
        if write is not None:
            parts.append(instance(convert(write(condition.lhs, condition.rhs))))
    return parts


def _integer_exponent(node: Pow) -> bool:
    exponent = node.exp
    return isinstance(exponent, Num) and exponent.is_integer


def _mentions(expr: Expr, var: Expr) -> bool:
    name = getattr(var, "name", None)
    return name in free_names(expr)


def _final_check(
    checklist: _Checklist, convert: _Converter, budget: float, instance: Instance
) -> Check:
    sp = sympy_module()
    source = instance(convert(checklist.source))
    reference = known_derivatives(
        sp.diff(source, *(instance(convert(var)) for var in checklist.variables))
    )
    kinks = _kinks(checklist)
    return equivalent_sympy(
        instance(convert(checklist.result)),
        reference,
        seed=f"{made_text(checklist.source)}|final",
        budget=budget,
        domain=_domain(checklist.source, convert, instance)
        + condition_domain(kinks, convert, instance),
    )


preload(__name__)
