"""Verification: every result and every step checked against SymPy, and honest about doubt.

A check compares two expressions in three stages:

1. **structural** — SymPy's canonical forms of both sides are identical;
2. **numeric** — both sides evaluated at random points (30 significant digits) where
   both are real and finite; a disagreement is re-checked at 60 digits before it
   counts; at least three agreeing points, and no disagreeing one, make it pass.
   Points are drawn in turn from positive and negative ranges, so that an identity
   true only for x > 0 (such as √(x²) = x) is caught where both sides are real;
3. **symbolic** — when no point gave a verdict, ``simplify(a - b) == 0`` as a
   tie-breaker under the remaining time budget.

What none of them establishes is ``"undecided"``, never ``"verified"``.  The time
budget of a derivation (``budget`` seconds, 2 by default) is per concrete instance: an
indexed derivation checked on six assignments of its indices may take six times as
long as one with nothing to instantiate.  For a
derivative step the reference is SymPy's own derivative of that step's input, built
with :func:`~symderiv.bridge.to_sympy` (never from strings); for a rewrite step it is
the step's input itself.  Undefined functions (``f``, ``f'``) are replaced by a fixed
concrete function on both sides before evaluating.
"""

from __future__ import annotations

import io
import pickle
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .bridge import ConversionError, from_sympy, to_sympy
from .expr import (
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
    postorder,
    sqrt,
    sub,
)
from .functions import FAMILY_FUNCTIONS
from .instantiate import IDENTITY, MAX_ASSIGNMENTS, Instance, describe, instances
from .numeric import MPMATH_FUNCTIONS, NumericError, evaluate
from .sandbox import OVER_TIME, Overrun, cpu_limit, in_worker, run
from .steps import Condition

if TYPE_CHECKING:
    from .steps import Derivation, Step

__all__ = [
    "DEFAULT_BUDGET",
    "Check",
    "Verification",
    "equivalent",
    "verify_derivation",
]

#: Seconds one verification may spend before the rest is "undecided".
DEFAULT_BUDGET = 2.0

#: Sample ranges tried in turn for every free symbol.
SAMPLE_RANGES: tuple[tuple[float, float], ...] = (
    (0.1, 0.9),
    (0.2, 1.5),
    (1.1, 3.0),
    (-0.9, -0.1),
    (-3.0, -1.1),
)
POINTS_NEEDED = 3
ATTEMPTS = 15
#: More points tried in the ranges where a point was real, when too few were.
EXTRA_ATTEMPTS = 30
DIGITS = 30
TOLERANCE_DIGITS = 18
#: Values beyond this are too ill-conditioned to compare at the working precision
#: (e.g. e^(e^250)); such a point is skipped, not judged.
HUGE = 10**40


@dataclass(frozen=True)
class Check:
    """The verdict on one comparison."""

    status: str
    method: str
    point: dict[str, float] | None = None
    detail: str = ""

    def __bool__(self) -> bool:
        return self.status == "verified"


@dataclass(frozen=True)
class Verification:
    """What the verifier established about a derivation.

    ``status`` is ``"verified"``, ``"mismatch"`` or ``"undecided"``; ``method`` the
    strongest method any check needed (``"symbolic"`` or ``"numeric"``).  For a
    mismatch, ``failing_step`` is the deepest step that disagrees with SymPy and
    ``counterexample`` a point where it does.  ``instantiation`` says which sizes and
    index values a derivation with sums over symbolic ranges or indexed variables was
    checked on (see :mod:`symderiv.instantiate`).  ``bool(v)`` is true only when verified.
    """

    status: str
    method: str
    steps_checked: int
    steps_total: int
    failing_step: Step | None = None
    counterexample: dict[str, float] | None = None
    detail: str = ""
    instantiation: str | None = None
    undecided_steps: tuple[Step, ...] = field(default=(), repr=False)
    #: Checks (result or steps) that could compare only complex values: see
    #: :func:`_agree_off_the_line`.
    complex_checks: int = 0

    def __bool__(self) -> bool:
        return self.status == "verified"

    def summary(self) -> str:
        """One line in English, e.g. ``verified against SymPy: result and 4 of 4 steps``."""
        shown = self._summary()
        return f"{shown} — checked on {self.instantiation}" if self.instantiation else shown

    def _summary(self) -> str:
        if self.status == "verified":
            return (
                f"verified against SymPy: result and {self.steps_checked} of "
                f"{self.steps_total} steps ({self.method})"
            ) + (
                f"; {self.complex_checks} check(s) {COMPLEX_DETAIL}" if self.complex_checks else ""
            )
        if self.status == "mismatch":
            where = f" at {self.counterexample}" if self.counterexample else ""
            rule = self.failing_step.rule if self.failing_step is not None else "result"
            return f"MISMATCH with SymPy in the {rule} step{where}"
        return f"undecided: {self.steps_checked} of {self.steps_total} steps verified" + (
            f"; {self.detail}" if self.detail else ""
        )


# ---------------------------------------------------------------------------------------
# Comparing two SymPy expressions
# ---------------------------------------------------------------------------------------
def _sympy() -> Any:
    import sympy

    return sympy


class _Concrete:
    """Stand-ins for undefined functions: ``f(t) = sin(a t) + b t² + c`` with fixed a, b, c."""

    def __init__(self) -> None:
        self.cache: dict[str, Any] = {}

    def lambda_for(self, name: str) -> Any:
        sp = _sympy()
        if name not in self.cache:
            rng = random.Random(name)
            t = sp.Dummy("t")
            a, b, c = (sp.Rational(rng.randint(3, 17), 10) for _ in range(3))
            self.cache[name] = sp.Lambda(t, sp.sin(a * t) + b * t**2 + c)
        return self.cache[name]

    def apply(self, obj: Any) -> Any:
        from sympy.core.function import AppliedUndef

        undefined = {call.func for call in obj.atoms(AppliedUndef)}
        if not undefined:
            return obj
        for func in undefined:
            obj = obj.replace(func, self.lambda_for(func.__name__))
        return obj.doit()


_CONCRETE = _Concrete()


def _value(obj: Any, point: dict[Any, Any], digits: int, complex_ok: bool = False) -> Any | None:
    """``obj`` at ``point`` as an mpmath number, or ``None`` where undefined or (unless
    ``complex_ok``) not real."""
    import mpmath

    try:
        value = obj.evalf(digits, subs=point, chop=False)
        real, imaginary = value.as_real_imag()
        if not (real.is_Number and imaginary.is_Number):
            return None
        with mpmath.workprec(_bits(digits)):
            re = (
                mpmath.mpf(real._to_mpmath(_bits(digits)))
                if real.is_Float
                else real.evalf(digits)._to_mpmath(_bits(digits))
            )
            im = (
                mpmath.mpf(imaginary._to_mpmath(_bits(digits)))
                if imaginary.is_Float
                else imaginary.evalf(digits)._to_mpmath(_bits(digits))
            )
    except (TypeError, ValueError, ZeroDivisionError, AttributeError, RecursionError):
        return None
    return _real_or_complex(re, im, complex_ok)


def _real_or_complex(real: Any, imaginary: Any, complex_ok: bool) -> Any | None:
    """The real part of a value that is real; with ``complex_ok``, any finite value
    (made complex at the precision of its parts)."""
    import mpmath

    if not (mpmath.isfinite(real) and mpmath.isfinite(imaginary)):
        return None
    if abs(real) > HUGE or abs(imaginary) > HUGE:
        return None
    if abs(imaginary) <= mpmath.mpf(10) ** (-TOLERANCE_DIGITS) * max(1, abs(real)):
        return real
    if not complex_ok:
        return None
    with mpmath.workprec(_bits(2 * DIGITS)):
        return mpmath.mpc(real, imaginary)


def _bits(digits: int) -> int:
    return int(digits * 3.33) + 16


def _close(a: Any, b: Any, digits: int) -> bool:
    import mpmath

    with mpmath.workprec(_bits(2 * DIGITS)):
        scale = max(mpmath.mpf(1), abs(a), abs(b))
        return bool(abs(a - b) <= mpmath.mpf(10) ** (-digits) * scale)


class _Evaluator:
    """Evaluates a SymPy expression at points: through our own tree and mpmath when it
    converts (fast), else through SymPy's ``evalf``."""

    def __init__(self, obj: Any) -> None:
        self.obj = obj
        self.tree: Expr | None
        try:
            self.tree = from_sympy(obj)
        except (ConversionError, RecursionError, TypeError, ValueError):
            self.tree = None
        if self.tree is not None and any(
            isinstance(node, Call) and node.name not in MPMATH_FUNCTIONS
            for node in postorder(self.tree)
        ):
            self.tree = None

    def __call__(self, point: dict[Any, Any], digits: int, complex_ok: bool = False) -> Any | None:
        if self.tree is None:
            return _value(self.obj, point, digits, complex_ok)
        import mpmath

        names = {getattr(k, "name", str(k)): v for k, v in point.items()}
        try:
            value = evaluate(self.tree, names, dps=digits)
        except (NumericError, TypeError, ValueError, ZeroDivisionError, OverflowError):
            return None
        return _real_or_complex(mpmath.re(value), mpmath.im(value), complex_ok)


def _points(symbols: list[Any], seed: str, real_in: list[int]) -> Iterator[dict[Any, Any]]:
    """Random points, each coordinate in the ranges of :data:`SAMPLE_RANGES` in turn;
    then, when a few points were real (their ranges' numbers appended to ``real_in``
    by the caller) but not enough, up to :data:`EXTRA_ATTEMPTS` more in those ranges."""
    sp = _sympy()
    rng = random.Random(seed)

    def point(ranges: int) -> dict[Any, Any]:
        low, high = SAMPLE_RANGES[ranges]
        return {
            s: sp.Float(rng.uniform(low, high), DIGITS) if not s.is_integer else rng.randint(1, 3)
            for s in symbols
        }

    for attempt in range(ATTEMPTS):
        yield point(attempt % len(SAMPLE_RANGES))
    for attempt in range(EXTRA_ATTEMPTS if real_in else 0):
        yield point(real_in[attempt % len(real_in)])


def _simplify_is_zero(difference: Any, seconds: float) -> bool | None:
    """``simplify(difference) == 0`` within ``seconds`` of CPU time (``None`` when out of
    time); outside the worker, where it could not be stopped, not tried at all."""
    if seconds <= 0 or not in_worker() or difference.count_ops() > 400:
        return None
    zero = False
    with cpu_limit(seconds):
        try:
            zero = bool(_sympy().simplify(difference) == 0)
        except Exception:
            zero = False
    return True if zero else None


def equivalent_sympy(
    a: Any, b: Any, *, seed: str = "", budget: float = DEFAULT_BUDGET, domain: Any = None
) -> Check:
    """Compare two SymPy expressions by the three stages of this module.

    With ``domain`` (for a derivative: the function differentiated, or a list of it and
    its subexpressions), only points where each is real and finite count: a
    real-calculus rule is not judged where the function, or a function inside it, is
    not real.
    """
    sp = _sympy()
    started = time.process_time()
    if a == b:
        return Check("verified", "symbolic")
    try:
        a, b = _CONCRETE.apply(a), _CONCRETE.apply(b)
        domains = [] if domain is None else domain if isinstance(domain, list) else [domain]
        domains = [_CONCRETE.apply(part) for part in domains]
    except Exception as error:
        return Check("undecided", "numeric", detail=f"SymPy could not evaluate: {error}")
    if a == b or (_small(a, b) and sp.expand(a - b) == 0):
        return Check("verified", "symbolic")
    symbols = sorted(
        a.free_symbols.union(b.free_symbols, *(part.free_symbols for part in domains)),
        key=lambda s: s.name,
    )
    agreeing = 0
    value_a, value_b = _Evaluator(a), _Evaluator(b)
    value_domains = [_Evaluator(part) for part in domains]
    off_the_line: list[dict[Any, Any]] = []
    real_in: list[int] = []
    for tried, point in enumerate(_points(symbols, seed or f"{a}|{b}", real_in), 1):
        if time.process_time() - started > budget:
            break
        if tried > ATTEMPTS and agreeing >= POINTS_NEEDED:
            break
        left, right = value_a(point, DIGITS), value_b(point, DIGITS)
        if left is None or right is None:
            off_the_line.append(point)
            continue
        if any(value(point, DIGITS) is None for value in value_domains):
            off_the_line.append(point)
            continue
        if not _close(left, right, TOLERANCE_DIGITS):
            left_hi, right_hi = value_a(point, 2 * DIGITS), value_b(point, 2 * DIGITS)
            if (
                left_hi is not None
                and right_hi is not None
                and not _close(left_hi, right_hi, TOLERANCE_DIGITS)
            ):
                shown = {str(k): float(v) for k, v in point.items()}
                return Check("mismatch", "numeric", shown, f"{left_hi} ≠ {right_hi}")
            continue
        agreeing += 1
        if tried <= ATTEMPTS:
            real_in.append((tried - 1) % len(SAMPLE_RANGES))
        if agreeing >= POINTS_NEEDED and tried >= len(SAMPLE_RANGES):
            return Check("verified", "numeric")
    if agreeing >= POINTS_NEEDED:
        return Check("verified", "numeric")
    if _agree_off_the_line(value_a, value_b, off_the_line):
        return Check("verified", "numeric", detail=COMPLEX_DETAIL)
    remaining = budget - (time.process_time() - started)
    if _simplify_is_zero(a - b, min(remaining, budget)):
        return Check("verified", "symbolic")
    detail = (
        "no sample point where both sides are real"
        if agreeing == 0
        else (f"only {agreeing} sample point(s) where both sides are real")
    )
    return Check("undecided", "numeric", detail=detail)


#: How a check that could only compare complex values says so.
COMPLEX_DETAIL = "compared where the values are complex (too few real sample points)"


def _agree_off_the_line(value_a: _Evaluator, value_b: _Evaluator, points: list[Any]) -> bool:
    """For expressions real at too few sampled points (an antiderivative such as
    √(−sin²x)·cot x, real nowhere): do both sides take the same complex values at
    three points or more, and at most of the points where both are finite?  Agreement
    at random points to 18 digits is evidence of equality; disagreement is not a
    mismatch, since a real-calculus rule such as (|u|)′ = u′·u/|u| is not meant to hold
    where u is not real."""
    agreeing = disagreeing = 0
    for point in points:
        left, right = value_a(point, DIGITS, True), value_b(point, DIGITS, True)
        if left is None or right is None:
            continue
        if not _close(left, right, TOLERANCE_DIGITS):
            left, right = value_a(point, 2 * DIGITS, True), value_b(point, 2 * DIGITS, True)
            if left is None or right is None or not _close(left, right, TOLERANCE_DIGITS):
                disagreeing += 1
                continue
        agreeing += 1
    return agreeing >= POINTS_NEEDED and agreeing > disagreeing


def _small(a: Any, b: Any) -> bool:
    return bool(a.count_ops() + b.count_ops() < 40)


def equivalent(
    a: Expr,
    b: Expr,
    *,
    budget: float = DEFAULT_BUDGET,
    seed: str = "",
    domain: Expr | None = None,
) -> Check:
    """Whether two of our expressions are equal in value (see :func:`equivalent_sympy`);
    with ``domain`` (say, the function two derivatives are derivatives of), only where
    it is real.  The comparison runs in the SymPy worker with ``budget`` seconds of CPU
    time; when they are spent it is undecided ("over the time limit")."""
    try:
        verdict: Check = run(
            _equivalent_in_worker,
            _dumps((a, b, domain)),
            budget,
            seed or f"{a}|{b}",
            seconds=budget + SETUP_ALLOWANCE,
        )
    except Overrun as stopped:
        return Check("undecided", "numeric", detail=_over(stopped.reason, budget))
    return verdict


def _equivalent_in_worker(data: bytes, budget: float, seed: str) -> Check:
    """The worker's half of :func:`equivalent`."""
    a, b, domain = _loads(data)
    with cpu_limit(budget) as limit:
        try:
            left, right = to_sympy(a, real=True), to_sympy(b, real=True)
            where = None if domain is None else to_sympy(domain, real=True)
            verdict = equivalent_sympy(left, right, seed=seed, budget=budget, domain=where)
        except ConversionError as error:
            return Check("undecided", "symbolic", detail=str(error))
        except RecursionError:
            depth = max(a.depth, b.depth)
            return Check("undecided", "symbolic", detail=f"SymPy cannot compare trees {depth} deep")
    if limit.expired:
        return Check("undecided", "numeric", detail=_over(OVER_TIME, budget))
    return verdict


# ---------------------------------------------------------------------------------------
# Trees sent to the worker
# ---------------------------------------------------------------------------------------
def _dumps(obj: Any) -> bytes:
    """``obj`` pickled with each of our trees stored once, as a flat table of nodes
    (children first), so that a tree of any depth travels without recursion."""
    positions: dict[Expr, int] = {}
    table: list[tuple[type, tuple[Any, ...], tuple[int, ...]]] = []

    def position(root: Expr) -> int:
        """The table row of ``root``, adding the nodes not stored yet (a stored subtree
        is not walked again, so many trees sharing subtrees cost their distinct nodes)."""
        stack: list[tuple[Expr, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if node in positions:
                continue
            if not expanded:
                stack.append((node, True))
                stack.extend((c, False) for c in node.children if c not in positions)
                continue
            places = tuple(i for i, arg in enumerate(node.args) if isinstance(arg, Expr))
            args = tuple(positions[a] if isinstance(a, Expr) else a for a in node.args)
            positions[node] = len(table)
            table.append((type(node), args, places))
        return positions[root]

    class TreePickler(pickle.Pickler):
        def persistent_id(self, item: Any) -> int | None:
            return position(item) if isinstance(item, Expr) else None

    body = io.BytesIO()
    TreePickler(body, pickle.HIGHEST_PROTOCOL).dump(obj)
    return pickle.dumps((table, body.getvalue()), pickle.HIGHEST_PROTOCOL)


def _loads(data: bytes) -> Any:
    """What :func:`_dumps` stored."""
    table, body = pickle.loads(data)
    nodes: list[Expr] = []
    for kind, args, places in table:
        arguments = list(args)
        for place in places:
            arguments[place] = nodes[arguments[place]]
        nodes.append(kind(*arguments))

    class TreeUnpickler(pickle.Unpickler):
        def persistent_load(self, pid: Any) -> Expr:
            return nodes[pid]

    return TreeUnpickler(io.BytesIO(body)).load()


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
    sp = _sympy()
    if step.var is None:
        return instance(convert(step.expr))
    return sp.diff(instance(convert(step.expr)), instance(convert(step.var)))


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
    )


#: Seconds of CPU a verification may spend converting and instantiating before its
#: checks start, beyond its budget.
SETUP_ALLOWANCE = 1.0


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
            _dumps(checklist),
            budget,
            seconds=budget * (instances_at_most + 1) + SETUP_ALLOWANCE,
        )
    except Overrun as stopped:
        return Verification(
            "undecided", "symbolic", 0, len(steps), detail=_over(stopped.reason, budget)
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


def _over(reason: str, budget: float) -> str:
    """``over the time limit (2 s of CPU)`` for that reason, else the reason itself."""
    return f"{OVER_TIME} ({budget:g} s of CPU)" if reason.startswith(OVER_TIME) else reason


def _check_in_worker(data: bytes, budget: float) -> _Report:
    """The worker's half of :func:`verify_derivation`."""
    return _check(_loads(data), budget)


def _check(checklist: _Checklist, budget: float) -> _Report:
    started = time.process_time()
    convert = _Converter()
    steps = checklist.steps
    with cpu_limit(budget) as setup:
        try:
            chosen = _instances(checklist, convert)
        except (ConversionError, RecursionError) as error:
            return _Report("undecided", "symbolic", 0, detail=str(error))
    if setup.expired:
        return _Report("undecided", "symbolic", 0, detail=_over(OVER_TIME, budget))
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
        except (ConversionError, RecursionError) as error:
            final = Check("undecided", "symbolic", detail=_reason(error))
    if limit.expired:
        final = Check("undecided", "numeric", detail=_over(OVER_TIME, total))
    methods.add(final.method)
    complex_values = int(final.detail == COMPLEX_DETAIL)
    for index, step in enumerate(steps):
        remaining = total - (time.process_time() - started)
        if remaining <= 0:
            undecided.extend(range(index, len(steps)))
            details.append(_over(OVER_TIME, total))
            break
        if step.rule == "constant" and step.var is not None and not _mentions(step.expr, step.var):
            checked += 1
            continue
        with cpu_limit(remaining) as limit:
            verdict = _check_step(checklist, index, convert, chosen, remaining)
        if limit.expired:
            verdict = Check("undecided", "numeric", detail=_over(OVER_TIME, total))
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
        "verified", method, checked, instantiation=instantiation, complex_checks=complex_values
    )


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
                    seed=f"{checklist.source}|{index}",
                    budget=remaining,
                    domain=(_domain(step.expr, convert, instance) if step.var is not None else [])
                    + condition_domain(step.conditions, convert, instance),
                )
                for instance in chosen
            ]
        )
    except (ConversionError, RecursionError, ValueError, TypeError) as error:
        return Check("undecided", "symbolic", detail=_reason(error))


def _reason(error: Exception) -> str:
    """Why a check could not be made, in words (a RecursionError names SymPy's limit)."""
    if isinstance(error, RecursionError):
        return "too deep for SymPy to compare (its recursion limit)"
    return str(error)


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


#: Functions that are real only on part of the real line.
_BRANCHED = frozenset(
    {"sqrt", "cbrt", "asin", "acos", "acosh", "atanh", "acoth", "asec", "acsc", "asech"}
)
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
            or (isinstance(node, Call) and node.name in _BRANCHED)
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


def condition_domain(
    conditions: Iterable[Condition], convert: Callable[[Expr], Any], instance: Instance
) -> list[Any]:
    """The points where a step's conditions hold, as expressions that must be real there
    (a rewrite such as ``√a·√b = √(ab)`` for ``a ≥ 0`` is judged only where ``a ≥ 0``)."""
    parts = []
    for condition in conditions:
        write = CONDITION_DOMAINS.get(condition.relation)
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
    sp = _sympy()
    source = instance(convert(checklist.source))
    reference = sp.diff(source, instance(convert(checklist.var)), checklist.order)
    return equivalent_sympy(
        instance(convert(checklist.result)),
        reference,
        seed=f"{checklist.source}|final",
        budget=budget,
        domain=_domain(checklist.source, convert, instance),
    )
