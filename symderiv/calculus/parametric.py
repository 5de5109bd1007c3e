"""Derivatives of a curve given parametrically, x = x(t), y = y(t):

    dy/dx = (dy/dt)/(dx/dt),    dⁿy/dxⁿ = (d/dt dⁿ⁻¹y/dxⁿ⁻¹)/(dx/dt).

Each differentiation is a derivation verified against SymPy step by step; every order's
result is compared, at several values of t where dx/dt ≠ 0, with the numerical
derivatives of y as a function of x (t recovered from x by root-finding).

>>> print(derive_parametric("t - sin t", "1 - cos t", "t", order=2).result)
-1/(1 - cos(t))^2
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mpmath

from ..expr import ZERO, Expr, div
from ..pipeline import as_expression, as_variable, derive
from ..simplify import tidy
from ..steps import Derivation
from .curve import DIGITS, close, parameter_values
from .exact import numeric_value
from .implicit import leibniz
from .report import (
    Block,
    Report,
    Verdict,
    derivation_verdict,
    equation,
    heading,
    steps_of,
    verdict_block,
)

__all__ = ["ParametricDerivation", "derive_parametric"]

_TS = ("0.7", "1.3", "2.1", "-0.6", "2.9", "0.35", "-1.9")


@dataclass(frozen=True)
class ParametricDerivation(Report):
    """``dx`` and ``dy`` differentiate x(t) and y(t); ``higher[k]`` differentiates the
    order k + 1 form; ``results`` are dy/dx, d²y/dx², … in t."""

    x_of_t: Expr
    y_of_t: Expr
    parameter: Expr
    dx: Derivation
    dy: Derivation
    higher: tuple[Derivation, ...]
    results: tuple[Expr, ...]
    check: Verdict

    kind = "parametric"

    @property
    def order(self) -> int:
        return len(self.results)

    @property
    def result(self) -> Expr:
        return self.results[-1]

    def derivations(self) -> tuple[Derivation, ...]:
        return (self.dx, self.dy, *self.higher)

    def verdicts(self) -> tuple[Verdict, ...]:
        return (*(derivation_verdict(d) for d in self.derivations()), self.check)

    def blocks(self) -> tuple[Block, ...]:
        t = str(self.parameter)
        shown: list[Block] = [
            heading("parametric-setup", x_of_t=self.x_of_t, y_of_t=self.y_of_t, t=t),
            steps_of(self.dx),
            steps_of(self.dy),
            equation(leibniz("y", "x", 1), self.results[0], "parametric-ratio", t=t),
        ]
        for k, derivation in enumerate(self.higher, start=2):
            shown.append(heading("parametric-next", order=k, t=t))
            shown.append(steps_of(derivation))
            shown.append(equation(leibniz("y", "x", k), self.results[k - 1]))
        shown.append(verdict_block(self.check))
        return tuple(shown)


def derive_parametric(
    x_of_t: Expr | str,
    y_of_t: Expr | str,
    parameter: Expr | str = "t",
    *,
    order: int = 1,
    **options: Any,
) -> ParametricDerivation:
    """dⁿy/dxⁿ of the curve x = ``x_of_t``, y = ``y_of_t``, in the parameter."""
    if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= 6:
        raise ValueError(f"order must be an integer from 1 to 6, not {order!r}")
    functions = options.get("functions", ())
    xt, yt = as_expression(x_of_t, functions=functions), as_expression(y_of_t, functions=functions)
    t = as_variable(parameter)
    dx, dy = derive(xt, t, **options), derive(yt, t, **options)
    if dx.result == ZERO:
        raise ValueError(
            f"dx/d{t} is 0 for every {t}: x = {xt} is constant, so y is not a function of x"
        )
    results = [tidy(div(dy.result, dx.result))]
    higher: list[Derivation] = []
    for _ in range(2, order + 1):
        step = derive(results[-1], t, **options)
        higher.append(step)
        results.append(tidy(div(step.result, dx.result)))
    check = (
        _check(xt, yt, t, tuple(results))
        if options.get("verify", True)
        else Verdict("undecided", "not-verified")
    )
    return ParametricDerivation(xt, yt, t, dx, dy, tuple(higher), tuple(results), check)


def _check(xt: Expr, yt: Expr, t: Expr, results: tuple[Expr, ...]) -> Verdict:
    name = str(t)
    params = parameter_values(xt + yt, {name})
    checked: list[str] = []
    with mpmath.workdps(DIGITS):
        for text in _TS:
            t0 = mpmath.mpf(text)

            def x_at(s: Any) -> Any:
                return numeric_value(xt, {**params, name: s}, max(DIGITS, mpmath.mp.dps))

            def y_at(s: Any) -> Any:
                return numeric_value(yt, {**params, name: s}, max(DIGITS, mpmath.mp.dps))

            try:
                speed = mpmath.diff(x_at, t0)
                if abs(speed) < mpmath.mpf("1e-3"):
                    continue
                x0 = x_at(t0)

                def y_of_x(x: Any, t0: Any = t0) -> Any:
                    return y_at(mpmath.findroot(lambda s: x_at(s) - x, t0))

                reference = [mpmath.diff(y_of_x, x0, k) for k in range(1, len(results) + 1)]
            except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                continue
            for k, form in enumerate(results, start=1):
                ours = numeric_value(form, {**params, name: t0})
                if ours is None:
                    break
                if not close(ours, reference[k - 1]):
                    return Verdict(
                        "mismatch",
                        "parametric-mismatch",
                        (("order", k), ("t", name), ("point", text)),
                    )
            else:
                checked.append(text)
            if len(checked) >= 3:
                break
    if len(checked) < 2:
        return Verdict("undecided", "parametric-undecided", (("t", name),))
    return Verdict(
        "verified",
        "parametric-verified",
        (("count", len(checked)), ("t", name), ("points", ", ".join(checked))),
    )
