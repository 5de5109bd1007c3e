"""The engine's own guard: every rewrite and every derivative checked numerically as it
is made, in floating point, without SymPy.

A rewrite ``a = b`` is checked at a few fixed sample points where both sides are real
and its conditions hold; a derivative ``f′ = g`` against a five-point finite difference
of ``f``.  A disagreement in floating point is confirmed at 40 digits with mpmath before
it counts, so rounding never rejects a right result.  What the guard rejects is never
returned: the simplifier drops the rewrite, :func:`symderiv.diff` raises
:class:`GuardError`.  With the environment variable ``SYMDERIV_STRICT=1`` (set by the
test suite) a rejected rewrite raises too, so that its cause is found and fixed.

Values are real: a square root or logarithm of a negative number, a fractional power of
a negative base, a division by zero or an overflow leaves the point undefined, and an
undefined point is skipped, not judged.

>>> from symderiv.parse import parse
>>> keeps_value(parse("x^2 - 1"), parse("(x - 1)*(x + 1)"))
True
>>> keeps_value(parse("sqrt(x^2)"), parse("x"))
False
>>> derivative_agrees(parse("sin(x)^2"), parse("x"), parse("2*sin(x)*cos(x)"))
True
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from .errors import GuardError, RejectedRewrite
from .expr import (
    Add,
    Call,
    Const,
    Div,
    Expr,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    fold,
    free_names,
    postorder,
    without,
)
from .functions import FUNCTIONS
from .memo import Memo
from .numeric import NumericError, evaluate

__all__ = [
    "RELATIONS",
    "GuardError",
    "RejectedRewrite",
    "check_derivative",
    "derivative_agrees",
    "keeps_value",
    "real_value",
    "real_values",
]

#: The environment variable that makes a rejected rewrite raise (tests, debugging).
STRICT_VARIABLE = "SYMDERIV_STRICT"

#: Ranges the sample values of each name are drawn from, one point per range.
SAMPLE_RANGES: tuple[tuple[float, float], ...] = (
    (0.3, 0.9),
    (1.1, 2.3),
    (0.55, 1.45),
    (-1.7, -0.4),
    (2.4, 3.6),
)
#: Relative agreement that floating point must show before 40 digits are asked.
FLOAT_TOLERANCE = 1e-8
#: Relative agreement at 40 digits that makes a disagreement count as rounding.
EXACT_TOLERANCE = 1e-25
#: The finite difference's step, relative to the point, and its tolerance: the guard
#: sees a derivative wrong by more than about 10⁻⁸ of its size (finer differences are
#: for the verifier and for answer checking, which work at 30 digits and more).
STEP = 1e-4
DIFFERENCE_TOLERANCE = 1e-8


class _Undefined(Exception):
    """No real value at this point."""


Vector = list[float | None]


def _lift(function: Callable[..., float]) -> Callable[..., Vector]:
    """``function`` applied point by point; a point where it has no real value is
    ``None``."""

    def apply(*columns: Vector) -> Vector:
        out: Vector = []
        for arguments in zip(*columns, strict=True):
            if None in arguments:
                out.append(None)
                continue
            try:
                value = function(*arguments)
            except (ValueError, ZeroDivisionError, OverflowError, _Undefined):
                out.append(None)
                continue
            out.append(value if math.isfinite(value) else None)
        return out

    return apply


def _nonzero(u: float) -> float:
    if u == 0:
        raise _Undefined
    return u


def _power(base: float, exponent: float) -> float:
    if base < 0 and not float(exponent).is_integer():
        raise _Undefined
    if base == 0 and exponent <= 0:
        raise _Undefined
    result = base**exponent
    if isinstance(result, complex):
        raise _Undefined
    return float(result)


def _log(arg: float, base: float) -> float:
    if arg <= 0 or base <= 0 or base == 1:
        raise _Undefined
    return math.log(arg) / math.log(base)


#: Real implementations of the named functions, read from
#: :data:`symderiv.functions.FUNCTIONS`; a function missing here leaves every point undefined.
FLOAT_FUNCTIONS: dict[str, Callable[..., float]] = {
    name: spec.real for name, spec in FUNCTIONS.items() if spec.real is not None
}

_LIFTED: dict[str, Callable[..., Vector]] = {
    name: _lift(function) for name, function in FLOAT_FUNCTIONS.items()
}
_POWER = _lift(_power)
_LOG = _lift(_log)
_DIVIDE = _lift(lambda a, b: a / _nonzero(b))


def _sum(columns: list[Vector]) -> Vector:
    return [
        None if None in terms else _finite(math.fsum(terms))  # type: ignore[arg-type]
        for terms in zip(*columns, strict=True)
    ]


def _product(columns: list[Vector]) -> Vector:
    values: Vector = []
    for factors in zip(*columns, strict=True):
        try:
            values.append(_finite(math.prod(factors)))  # type: ignore[arg-type]
        except TypeError:  # a factor is None: no real value
            values.append(None)
    return values


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def real_values(
    expr: Expr,
    points: Sequence[dict[str, float]],
    memo: dict[Expr, Vector] | None = None,
    unnamed: set[str] | None = None,
) -> Vector:
    """The real value of ``expr`` at each of ``points`` (``None`` where it has none);
    ``memo`` holds values at the same points already found.  A symbol the points give no
    value has none; its name is added to ``unnamed``."""
    width = len(points)
    undefined: Vector = [None] * width

    def combine(node: Expr, children: list[Vector]) -> Vector:
        kind = type(node)
        if kind is Num:
            return [float(node.value)] * width  # type: ignore[attr-defined]
        if kind is Sym:
            name = node.name  # type: ignore[attr-defined]
            if unnamed is not None and points and name not in points[0]:
                unnamed.add(name)
            return [point.get(name) for point in points]
        if kind is Const:
            return [math.e if node.name == "e" else math.pi] * width  # type: ignore[attr-defined]
        if kind is Add:
            return _sum(children)
        if kind is Mul:
            return _product(children)
        if kind is Neg:
            return [None if v is None else -v for v in children[0]]
        if kind is Div:
            return _DIVIDE(*children)
        if kind is Pow:
            return _POWER(*children)
        if kind is Log:
            return _LOG(*children)
        if kind is Call:
            function = _LIFTED.get(node.name)  # type: ignore[attr-defined]
            return undefined if function is None else function(*children)
        return undefined

    try:
        return fold(expr, combine, memo, needs=_NEEDS)
    except (OverflowError, RecursionError):
        return undefined


def _opaque(node: Expr) -> bool:
    return not isinstance(node, (Num, Sym, Const, Add, Mul, Neg, Div, Pow, Log, Call))


_NEEDS = without(_opaque)


#: The ranges a derivative is checked in (each point costs five evaluations).
DERIVATIVE_RANGES = (0, 1, 3)


ALL_RANGES = tuple(range(len(SAMPLE_RANGES)))


@lru_cache(maxsize=4096)
def _sample_value(name: str, number: int) -> float:
    low, high = SAMPLE_RANGES[number]
    return random.Random(f"{name}|{number}").uniform(low, high)


def sample_points(
    names: Iterable[str], ranges: Sequence[int] = ALL_RANGES
) -> list[dict[str, float]]:
    """One point per range of :data:`SAMPLE_RANGES` (those numbered ``ranges``), each
    name's value drawn from it (the same values for the same names every time)."""
    ordered = sorted(names)
    return [{name: _sample_value(name, number) for name in ordered} for number in ranges]


#: Each node's values at the points of :func:`sample_points` over all the ranges, kept
#: from call to call: a name's value in a range does not depend on the other names, so
#: neither does a node's (the last :data:`KEPT_VALUES` nodes).
_KEPT: dict[Expr, Vector] = {}
KEPT_VALUES = 100_000


def sample_values(expr: Expr) -> Vector:
    """``expr``'s real values at the points of :func:`sample_points` over all the ranges
    (its own names), each node evaluated once however often it is asked for."""
    found = _KEPT.get(expr)
    if found is not None:
        return found
    if len(_KEPT) > KEPT_VALUES:
        _KEPT.clear()
    return real_values(expr, sample_points(free_names(expr)), _KEPT)


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


#: The sample points where both sides are real that two expressions must agree at to be
#: taken as one function (:func:`agrees`).
MIN_AGREEING = 3


def agrees(a: Expr, b: Expr) -> bool:
    """Whether ``a`` and ``b`` agree at every sample point where both are real, and are
    both real at :data:`MIN_AGREEING` of them at least: evidence that they are one
    function, not the absence of evidence against it (as :func:`keeps_value`)."""
    shared = [
        (x, y)
        for x, y in zip(sample_values(a), sample_values(b), strict=True)
        if x is not None and y is not None
    ]
    return len(shared) >= MIN_AGREEING and all(_close(x, y, FLOAT_TOLERANCE) for x, y in shared)


def real_value(expr: Expr, point: Mapping[str, Any], digits: int = 40) -> Any:
    """``expr`` at ``point`` to ``digits`` digits (mpmath), or ``None`` where it has no
    finite real value (an imaginary part above 10^(10 − digits) of its size)."""
    import mpmath

    try:
        value = evaluate(expr, point, dps=digits)
    except (NumericError, TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    with mpmath.workdps(digits):
        bound = mpmath.mpf(10) ** (10 - digits) * max(1, abs(value))
        if not mpmath.isfinite(value) or abs(mpmath.im(value)) > bound:
            return None
        return mpmath.re(value)


def _conditioned_value(expr: Expr, point: dict[str, float]) -> Any:
    """``expr`` at ``point`` to 40 digits when its value at 80 digits agrees with it
    (else ``None``: the expression is too ill-conditioned there to judge, as a deep
    composition of tan is, where each level multiplies the rounding error)."""
    import mpmath

    coarse = real_value(expr, point)
    if coarse is None:
        return None
    fine = real_value(expr, point, 80)
    if fine is None or _beside_a_jump(expr, point):
        return None
    with mpmath.workdps(80):
        if abs(coarse - fine) > EXACT_TOLERANCE * max(1, abs(fine)):
            return None
    return fine


def _beside_a_jump(expr: Expr, point: dict[str, float]) -> bool:
    """Whether a function of ``expr`` with a kink or a jump (``heaviside``, ``sign``,
    ``floor``: :attr:`~.function_spec.FunctionSpec.kinks`) is given an argument that is
    an integer but for rounding at ``point``: ``heaviside(−(x + π) + x + π)``, whose
    argument is zero, is worth ``heaviside(0)``, however its rounded value falls."""
    import mpmath

    calls = [
        node
        for node in postorder(expr)
        if isinstance(node, Call) and node.name in FUNCTIONS and FUNCTIONS[node.name].kinks
    ]
    for call in calls:
        for argument in call.children:
            value = real_value(argument, point, 80)
            if value is None:
                continue
            with mpmath.workdps(80):
                off = abs(value - mpmath.nint(value))
            if 0 < off < EXACT_TOLERANCE:
                return True
    return False


def _differ_exactly(a: Expr, b: Expr, point: dict[str, float]) -> bool:
    """Whether ``a`` and ``b`` differ at ``point`` at 40 digits (not by rounding)."""
    import mpmath

    left, right = _conditioned_value(a, point), _conditioned_value(b, point)
    if left is None or right is None:
        return False
    with mpmath.workdps(40):
        return bool(abs(left - right) > EXACT_TOLERANCE * max(1, abs(left), abs(right)))


#: Each relation a condition may state, between two real numbers.
RELATIONS: dict[str, Callable[[float, float], bool]] = {
    "≥": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "≤": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "≠": lambda a, b: a != b,
    "=": lambda a, b: a == b,
}


def _conditions_hold(conditions: Sequence[Any]) -> list[bool]:
    """At each point of :func:`sample_values`, whether every condition (``lhs relation
    rhs``) holds there."""
    holds = [True] * len(SAMPLE_RANGES)
    for condition in conditions:
        relation = RELATIONS.get(condition.relation)
        if relation is None:
            continue
        lhs, rhs = sample_values(condition.lhs), sample_values(condition.rhs)
        for i, (a, b) in enumerate(zip(lhs, rhs, strict=True)):
            if a is None or b is None or not relation(a, b):
                holds[i] = False
    return holds


def keeps_value(before: Expr, after: Expr, conditions: Sequence[Any] = ()) -> bool:
    """Whether the rewrite ``before = after`` keeps the value wherever both sides are
    real and ``conditions`` hold, at the sample points (``False`` only on evidence)."""
    if before is after:
        return True
    left, right = sample_values(before), sample_values(after)
    holds = _conditions_hold(conditions)
    points: list[dict[str, float]] = []  # made when a point needs a closer look
    for number, (a, b, held) in enumerate(zip(left, right, holds, strict=True)):
        if a is None or b is None or not held or _close(a, b, FLOAT_TOLERANCE):
            continue
        points = points or sample_points(free_names(before) | free_names(after))
        if _differ_exactly(before, after, points[number]):
            return False
    return True


def _difference_quotient(
    expr: Expr, name: str, points: list[dict[str, float]]
) -> list[tuple[float, float] | None]:
    """The five-point finite difference of ``expr`` in ``name`` at each point, with the
    size of the function values it was taken from (``None`` where not all are real)."""
    shifted = []
    for point in points:
        h = STEP * max(1.0, abs(point[name]))
        for k in (-2, -1, 1, 2):
            shifted.append({**point, name: point[name] + k * h})
    values = real_values(expr, shifted)
    quotients: list[tuple[float, float] | None] = []
    for i, point in enumerate(points):
        f = values[4 * i : 4 * i + 4]
        if any(v is None for v in f):
            quotients.append(None)
            continue
        a, b, c, d = (float(v) for v in f)  # type: ignore[arg-type]
        h = STEP * max(1.0, abs(point[name]))
        quotients.append(((a - 8 * b + 8 * c - d) / (12 * h), max(map(abs, (a, b, c, d)))))
    return quotients


def _derivative_differs_exactly(
    expr: Expr, name: str, result: Expr, point: dict[str, float]
) -> bool:
    """Whether ``result`` differs from mpmath's numerical derivative of ``expr`` at
    ``point`` (40 digits; 1e-12 relative counts as agreement)."""
    import mpmath

    expected = _conditioned_value(result, point)
    if expected is None:
        return False
    try:
        with mpmath.workdps(40):
            slope = mpmath.diff(
                lambda t: evaluate(expr, {**point, name: t}, dps=mpmath.mp.dps), point[name]
            )
    except (NumericError, TypeError, ValueError, ZeroDivisionError, OverflowError):
        return False
    with mpmath.workdps(40):
        if abs(mpmath.im(slope)) > 1e-20 * max(1, abs(slope)):
            return False
        return bool(abs(mpmath.re(slope) - expected) > 1e-12 * max(1, abs(expected)))


#: Most nodes of a tree written out in a message; a larger one is described instead.
SHOWN_NODES = 200


def shown(expr: Expr) -> str:
    """``expr`` as text for a message, or a description when written out it would be
    longer than :data:`SHOWN_NODES` nodes (a shared subtree is written each time)."""
    written = fold(expr, lambda _node, children: min(SHOWN_NODES + 1, 1 + sum(children)))
    if written <= SHOWN_NODES:
        return str(expr)
    return f"(an expression of depth {expr.depth}, more than {SHOWN_NODES} nodes written out)"


#: Verdicts of :func:`derivative_agrees` already reached (trees are interned, so a
#: repeated derivative is checked once).
_AGREED: Memo[bool] = Memo(4096)


def derivative_agrees(expr: Expr, var: Expr, result: Expr) -> bool:
    """Whether ``result`` is the derivative of ``expr`` in ``var`` at the sample points
    where both are real (``False`` only on evidence, confirmed at 40 digits)."""
    return _AGREED.get((expr, var, result), lambda: _derivative_agrees(expr, var, result))


def forget() -> None:
    """Forget the verdicts reached and the values found (to time a first call)."""
    _AGREED.clear()
    _KEPT.clear()


def _derivative_agrees(expr: Expr, var: Expr, result: Expr) -> bool:
    name = getattr(var, "name", None)
    if not isinstance(name, str) or not isinstance(var, Sym):
        return True
    names = free_names(expr) | {name}
    points = sample_points(names, DERIVATIVE_RANGES)
    # A name the points gain below does not change expr's values (each name's value
    # is drawn on its own), so neither do these.
    quotients = _difference_quotient(expr, name, points)
    if not any(quotients):
        return True  # no point where the function has values to compare with
    unnamed: set[str] = set()
    slopes = real_values(result, points, unnamed=unnamed)
    if unnamed:
        points = sample_points(names | unnamed, DERIVATIVE_RANGES)
        slopes = real_values(result, points)
    for point, slope, quotient in zip(points, slopes, quotients, strict=True):
        if slope is None or quotient is None:
            continue
        estimate, size = quotient
        scale = max(1.0, abs(slope), abs(estimate), size)
        if abs(slope - estimate) <= DIFFERENCE_TOLERANCE * scale:
            continue
        if _derivative_differs_exactly(expr, name, result, point):
            return False
    return True


def check_derivative(expr: Expr, var: Expr, result: Expr) -> None:
    """Raise :class:`GuardError` unless ``result`` passes :func:`derivative_agrees`."""
    if not derivative_agrees(expr, var, result):
        raise GuardError(
            f"internal check failed: {shown(result)} is not the derivative of {shown(expr)} "
            f"by {var} at a sample point; no answer is given"
        )


def rejected(key: str, before: Expr, after: Expr) -> None:
    """What a rejected rewrite does: nothing (it is dropped) or, in strict mode, raise."""
    if os.environ.get(STRICT_VARIABLE, "") not in ("", "0"):
        raise RejectedRewrite(
            f"the {key} rewrite changed the value: {shown(before)} ≠ {shown(after)}"
        )
