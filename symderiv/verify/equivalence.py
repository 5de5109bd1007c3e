"""Whether two expressions are equal in value: the comparison of :mod:`symderiv.verify`
(structural, numeric at sample points, symbolic as a tie-breaker), run in the SymPy
worker under a CPU budget."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..bridge import ConversionError, from_sympy, to_sympy
from ..expr import (
    Call,
    Expr,
    postorder,
)
from ..numeric import MPMATH_FUNCTIONS, NumericError, evaluation
from ..sandbox import OVER_TIME, Overrun, cpu_limit, in_worker, preload, run
from ..steps import COMPLEX_DETAIL

if TYPE_CHECKING:
    pass

from .transport import pack, unpack

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


# ---------------------------------------------------------------------------------------
# Comparing two SymPy expressions
# ---------------------------------------------------------------------------------------
def sympy_module() -> Any:
    import sympy

    return sympy


class _Concrete:
    """Stand-ins for undefined functions: ``f(t) = sin(a t) + b t² + c`` with fixed a, b, c;
    of several arguments, ``f(t₁, …, tₙ) = sin(a₁t₁ + … + aₙtₙ) + b·t₁·…·tₙ + c``, so
    that every partial derivative, mixed ones too, is a function of all the arguments."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, int], Any] = {}

    def lambda_for(self, name: str, arity: int = 1) -> Any:
        sp = sympy_module()
        key = (name, arity)
        if key not in self.cache:
            rng = random.Random(name)
            if arity == 1:
                t = sp.Dummy("t")
                a, b, c = (sp.Rational(rng.randint(3, 17), 10) for _ in range(3))
                self.cache[key] = sp.Lambda(t, sp.sin(a * t) + b * t**2 + c)
            else:
                ts = sp.symbols(f"t1:{arity + 1}", cls=sp.Dummy)
                weights = [sp.Rational(rng.randint(3, 17), 10) for _ in ts]
                b, c = (sp.Rational(rng.randint(3, 17), 10) for _ in range(2))
                body = sp.sin(sum(w * t for w, t in zip(weights, ts, strict=True)))
                self.cache[key] = sp.Lambda(ts, body + b * sp.Mul(*ts) + c)
        return self.cache[key]

    def apply(self, obj: Any) -> Any:
        """``obj`` with every undefined function replaced by its stand-in: the outermost
        first, each followed by ``doit``, so that a derivative taken with respect to an
        inner call (``Derivative(f(g(x)), g(x))``, SymPy's chain rule) is taken before
        that call is replaced."""
        from sympy.core.function import AppliedUndef

        rounds = len({call.func for call in obj.atoms(AppliedUndef)})
        for _ in range(rounds):
            calls = obj.atoms(AppliedUndef)
            if not calls:
                break
            inner = {
                nested.func
                for call in calls
                for arg in call.args
                for nested in arg.atoms(AppliedUndef)
            }
            outer = {call.func for call in calls if call.func not in inner}
            chosen = outer or {call.func for call in calls}
            for func in chosen:
                arities = {len(call.args) for call in calls if call.func == func}
                for arity in arities:
                    stand_in = self.lambda_for(func.__name__, arity)
                    obj = obj.replace(
                        lambda e, f=func, n=arity: (
                            isinstance(e, AppliedUndef) and e.func == f and len(e.args) == n
                        ),
                        lambda e, s=stand_in: s(*e.args),
                    )
            obj = obj.doit()
        return obj


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
        self.run = None if self.tree is None else evaluation(self.tree)

    def __call__(self, point: dict[Any, Any], digits: int, complex_ok: bool = False) -> Any | None:
        if self.run is None:
            return _value(self.obj, point, digits, complex_ok)
        import mpmath

        names = {getattr(k, "name", str(k)): v for k, v in point.items()}
        try:
            value = self.run(names, digits)
        except (NumericError, TypeError, ValueError, ZeroDivisionError, OverflowError):
            return None
        return _real_or_complex(mpmath.re(value), mpmath.im(value), complex_ok)


def _points(symbols: list[Any], seed: str, real_in: list[int]) -> Iterator[dict[Any, Any]]:
    """Random points, each coordinate in the ranges of :data:`SAMPLE_RANGES` in turn;
    then, when a few points were real (their ranges' numbers appended to ``real_in``
    by the caller) but not enough, up to :data:`EXTRA_ATTEMPTS` more in those ranges."""
    sp = sympy_module()
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
            zero = bool(sympy_module().simplify(difference) == 0)
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
    sp = sympy_module()
    started = time.process_time()
    if a == b:
        return _same(a)
    try:
        a, b = _CONCRETE.apply(a), _CONCRETE.apply(b)
        domains = [] if domain is None else domain if isinstance(domain, list) else [domain]
        domains = [_CONCRETE.apply(part) for part in domains]
    except Exception as error:
        return Check("undecided", "numeric", detail=f"SymPy could not evaluate: {error}")
    if a == b:
        return _same(a)
    if _small(a, b) and sp.expand(a - b) == 0:
        return Check("verified", "symbolic")
    symbols = sorted(
        a.free_symbols.union(b.free_symbols, *(part.free_symbols for part in domains)),
        key=lambda s: s.name,
    )
    agreeing = 0
    value_a, value_b = evaluator(a), evaluator(b)
    value_domains = [evaluator(part) for part in domains]
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


def _same(obj: Any) -> Check:
    """The verdict on two sides that are the same SymPy expression: equal, unless SymPy
    has made it or a part of it ``zoo`` (1/0, ln 0, csc π) or ``nan``, which has no value
    anywhere: zoo equals zoo, which proves nothing."""
    sp = sympy_module()
    if obj.has(sp.zoo, sp.nan):
        return Check("undecided", "symbolic", detail="no value anywhere (SymPy's zoo or nan)")
    return Check("verified", "symbolic")


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


#: Most operations two expressions may have together for their difference to be expanded.
SMALL_OPERATIONS = 40


def _small(a: Any, b: Any) -> bool:
    first = _operations(a)
    return first < SMALL_OPERATIONS and first + _operations(b) < SMALL_OPERATIONS


#: What one verification has made of each SymPy expression it compares: the
#: evaluator and the operation count, made once though a derivation's steps meet the
#: same expression several times (a step's input is its parent's part, its result the
#: next step's input).  Emptied by :func:`forget_made` when a verification starts.
_MADE: dict[tuple[str, Any], Any] = {}
#: Entries kept at most: beyond them the memo is emptied and starts again.
_MADE_AT_MOST = 4096


def _made(kind: str, obj: Any, make: Any) -> Any:
    key = (kind, obj)
    found = _MADE.get(key)
    if found is None:
        if len(_MADE) >= _MADE_AT_MOST:
            _MADE.clear()
        found = _MADE[key] = make(obj)
    return found


def evaluator(obj: Any) -> _Evaluator:
    """The evaluator of ``obj`` (made once per verification)."""
    return _made("evaluator", obj, _Evaluator)  # type: ignore[no-any-return]


def _operations(obj: Any) -> int:
    """``obj.count_ops()`` (counted once per verification)."""
    return _made("ops", obj, lambda o: o.count_ops())  # type: ignore[no-any-return]


def made_text(expr: Expr) -> str:
    """``str(expr)`` (written once per verification: the seed of every step's points)."""
    return _made("text", expr, str)  # type: ignore[no-any-return]


def forget_made() -> None:
    """Start a verification with nothing made."""
    _MADE.clear()


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
            pack((a, b, domain)),
            budget,
            seed or f"{a}|{b}",
            seconds=budget + SETUP_ALLOWANCE,
        )
    except Overrun as stopped:
        return Check("undecided", "numeric", detail=over_reason(stopped.reason, budget))
    return verdict


def _equivalent_in_worker(data: bytes, budget: float, seed: str) -> Check:
    """The worker's half of :func:`equivalent`."""
    a, b, domain = unpack(data)
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
        return Check("undecided", "numeric", detail=over_reason(OVER_TIME, budget))
    return verdict


#: Seconds of CPU a verification may spend converting and instantiating before its
#: checks start, beyond its budget.
SETUP_ALLOWANCE = 1.0


def over_reason(reason: str, budget: float) -> str:
    """``over the time limit (2 s of CPU)`` for that reason, else the reason itself."""
    return f"{OVER_TIME} ({budget:g} s of CPU)" if reason.startswith(OVER_TIME) else reason


preload(__name__)
