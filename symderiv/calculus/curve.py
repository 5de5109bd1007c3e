"""Points of a curve F(x, y) = 0 found numerically, and the derivatives of the function
y(x) it defines there, computed without any formula: y(t) is the root of F(t, ·) next to
y₀ (mpmath's ``findroot``) and its derivatives are mpmath's numerical ones.  Implicit and
parametric results are checked against these values."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import mpmath

from ..expr import Expr, free_names
from ..numeric import NumericError, evaluate

__all__ = ["PARAMETER_VALUES", "curve_points", "implicit_derivatives", "parameter_values"]

#: Values given to the other symbols of an equation (a, b, …) for the check.
PARAMETER_VALUES = ("1.7", "2.3", "1.3", "2.9", "3.1", "0.7")
_XS = ("0.6", "1.4", "-0.9", "2.2", "0.35", "-1.7", "3.1", "1.15", "-2.6", "4.3")
_YS = ("0.5", "1.5", "3", "5", "-0.5", "-2", "-4", "8", "0.2", "-7")
#: Most points taken at one x (branches of the curve over it), so that the points spread.
PER_ABSCISSA = 2
#: Working digits of the check.
DIGITS = 30


def parameter_values(expr: Expr, taken: Iterable[str]) -> dict[str, Any]:
    """A fixed value for each free symbol of ``expr`` not in ``taken``."""
    others = sorted(free_names(expr) - set(taken))
    return {
        name: mpmath.mpf(PARAMETER_VALUES[i % len(PARAMETER_VALUES)])
        for i, name in enumerate(others)
    }


def _value(expr: Expr, values: dict[str, Any]) -> Any:
    try:
        found = evaluate(expr, values, dps=max(DIGITS, mpmath.mp.dps))
    except (NumericError, TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not mpmath.isfinite(found) or abs(mpmath.im(found)) > mpmath.mpf(10) ** -20:
        return None
    return mpmath.re(found)


def _function(curve: Expr, x: str, y: str, params: dict[str, Any]) -> Callable[[Any, Any], Any]:
    def value(at_x: Any, at_y: Any) -> Any:
        found = _value(curve, {**params, x: at_x, y: at_y})
        if found is None:
            raise ValueError("no real value")
        return found

    return value


def curve_points(
    curve: Expr, x: str, y: str, params: dict[str, Any], wanted: int = 4
) -> list[tuple[Any, Any]]:
    """Up to ``wanted`` points (x₀, y₀) with F(x₀, y₀) = 0 and ∂F/∂y ≠ 0 there (so the
    curve is the graph of a function y(x) near them), apart from each other, at most
    :data:`PER_ABSCISSA` over one x."""
    found: list[tuple[Any, Any]] = []
    value = _function(curve, x, y, params)
    with mpmath.workdps(DIGITS):
        for x_text in _XS:
            x0 = mpmath.mpf(x_text)
            for y_text in _YS:
                try:
                    y0 = mpmath.findroot(lambda t, x0=x0: value(x0, t), mpmath.mpf(y_text))
                except (ValueError, ZeroDivisionError, TypeError, OverflowError):
                    continue
                if isinstance(y0, mpmath.mpc) or not mpmath.isfinite(y0):
                    continue
                if any(abs(y0 - b) < mpmath.mpf("0.05") and a == x0 for a, b in found):
                    continue
                slope = _slope(value, x0, y0)
                if slope is None or abs(slope) < mpmath.mpf("1e-3"):
                    continue
                found.append((x0, y0))
                if sum(1 for a, _ in found if a == x0) >= PER_ABSCISSA:
                    break
            if len(found) >= wanted:
                break
    return found


def _slope(value: Callable[[Any, Any], Any], x0: Any, y0: Any) -> Any:
    try:
        return mpmath.diff(lambda t: value(x0, t), y0)
    except (ValueError, ZeroDivisionError, TypeError, OverflowError):
        return None


def implicit_derivatives(
    curve: Expr, x: str, y: str, params: dict[str, Any], point: tuple[Any, Any], order: int
) -> list[Any] | None:
    """y′(x₀), …, y⁽ⁿ⁾(x₀) of the function defined by F(x, y) = 0 through ``point``,
    numerically (``None`` where the root cannot be followed)."""
    value = _function(curve, x, y, params)
    x0, y0 = point
    with mpmath.workdps(DIGITS):

        def branch(t: Any) -> Any:
            return mpmath.findroot(
                lambda s: value(t, s), y0, tol=mpmath.mpf(10) ** (4 - 2 * DIGITS)
            )

        try:
            return [mpmath.diff(branch, x0, n) for n in range(1, order + 1)]
        except (ValueError, ZeroDivisionError, TypeError, OverflowError):
            return None


def close(a: Any, b: Any, digits: int = 8) -> bool:
    """Agreement to ``digits`` significant digits (numerical derivatives are that good)."""
    if a is None or b is None:
        return False
    return bool(abs(a - b) <= mpmath.mpf(10) ** -digits * max(mpmath.mpf(1), abs(a), abs(b)))
