"""Property tests: over random trees, our derivative and every step's result agree with
SymPy's own derivative of that step's input, and the fast path equals the recorded one."""

from __future__ import annotations

import random

import mpmath
import pytest
from hypothesis import HealthCheck, given, settings

from symderiv.bridge import ConversionError, from_sympy, to_sympy
from symderiv.engine import derivative, derivative_steps
from symderiv.errors import NoRuleError
from symderiv.expr import Expr, Sym, postorder
from symderiv.numeric import NumericError, evaluate

from strategies import reject_undefined, smooth_exprs

sympy = pytest.importorskip("sympy")

X = Sym("x")


def _real_throughout(expr: Expr, point: dict[str, float]) -> bool:
    """Every subexpression of ``expr`` real at ``point``: a real-calculus rule such as
    (acosh u)′ = 1/√(u² − 1)·u′ is judged only where u and acosh u are real."""
    return all(mpmath.im(evaluate(node, point, dps=30)) == 0 for node in postorder(expr))


def agree_numerically(
    ours: Expr, reference: Expr, seed: int, function: Expr | None = None
) -> bool | None:
    """True/False when decided at real points in (0.2, 0.9) where ``function`` and its
    subexpressions are real; None when no point had a value."""
    rng = random.Random(seed)
    checked = 0
    for _ in range(12):
        point = {"x": rng.uniform(0.2, 0.9), "y": rng.uniform(0.3, 1.4), "a": rng.uniform(1.2, 2.5)}
        try:
            if function is not None and not _real_throughout(function, point):
                continue
            a = evaluate(ours, point, dps=30)
            b = evaluate(reference, point, dps=30)
        except (NumericError, ZeroDivisionError, ValueError, OverflowError):
            continue
        if not (mpmath.isfinite(a) and mpmath.isfinite(b)) or abs(mpmath.im(b)) > 1e-25:
            continue
        if abs(b) > 1e40:  # too ill-conditioned to compare at 30 digits
            continue
        if abs(a - b) > mpmath.mpf(10) ** -15 * max(1, abs(b)):
            return False
        checked += 1
        if checked >= 3:
            return True
    return None if checked == 0 else True


def sympy_derivative(expr: Expr, var: Expr) -> Expr | None:
    """SymPy's derivative read back, or None when it has no counterpart (e.g. uses I)."""
    converted = to_sympy(expr, real=True)
    if converted.has(sympy.zoo, sympy.nan, sympy.oo):  # undefined everywhere, e.g. csc(pi)
        return None
    try:
        return from_sympy(sympy.diff(converted, to_sympy(var, real=True)))
    except ConversionError:
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth_exprs())
def test_every_step_agrees_with_sympy(expr: Expr) -> None:
    try:
        root = derivative_steps(expr, X)
    except NoRuleError as error:
        reject_undefined(error)
    assert root.result is derivative(expr, X)
    for index, step in enumerate(root.walk()):
        if step.var is None or step.rule == "constant":
            continue
        reference = sympy_derivative(step.expr, step.var)
        if reference is None:
            continue
        verdict = agree_numerically(step.result, reference, index, function=step.expr)
        assert verdict is not False, (step.rule, str(step.expr), str(step.result))
