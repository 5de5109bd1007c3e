"""The derivative at a point, and the tangent line there: ``derive("x^2").at(x=3)``.

Values are exact when the expression folds to a number, otherwise numeric (mpmath,
30 digits).  The tangent line is y = f(a) + f′(a)·(x − a).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .expr import Expr, Num, Sym, add, as_expr, mul, neg, substitute
from .numeric import NumericError, evaluate

if TYPE_CHECKING:
    from .steps import Derivation

__all__ = ["PointValue", "evaluate_at"]


@dataclass(frozen=True)
class PointValue:
    """f and f′ at a point; ``tangent`` is the tangent line as an expression in ``var``."""

    point: dict[str, Any]
    var: Expr
    value: Any
    slope: Any
    tangent: Expr | None

    def __str__(self) -> str:
        where = ", ".join(f"{k} = {v}" for k, v in self.point.items())
        line = f"; tangent: y = {self.tangent}" if self.tangent is not None else ""
        return f"at {where}: f = {_show(self.value)}, f′ = {_show(self.slope)}{line}"


def _show(value: Any) -> str:
    return str(value) if isinstance(value, Expr) else f"{value}"


def _exact(expr: Expr, point: dict[str, Expr]) -> Expr | None:
    from .rules.base import constant_value

    substituted = substitute(expr, {Sym(k): v for k, v in point.items()})
    value = constant_value(substituted)
    return None if value is None else Num(value)


def _number(value: Any) -> Expr:
    if isinstance(value, (int, Fraction)):
        return Num(value)
    return as_expr(float(value))


def _real(value: Any) -> Any:
    if isinstance(value, Num):
        return value.value
    return value.real if hasattr(value, "real") else value


def _decimal(value: float) -> Expr:
    return as_expr(round(value, 10))


def evaluate_at(derivation: Derivation, point: dict[str, Any]) -> PointValue:
    """f(a), f′(a) and the tangent line (for a first derivative in one variable)."""
    values = {name: _number(v) for name, v in point.items()}
    f, df = derivation.source, derivation.result
    exact_f, exact_df = _exact(f, values), _exact(df, values)
    numeric = {
        name: float(v) if not isinstance(v, (int, Fraction)) else v for name, v in point.items()
    }
    try:
        value: Any = exact_f if exact_f is not None else evaluate(f, numeric)
        slope: Any = exact_df if exact_df is not None else evaluate(df, numeric)
    except NumericError as error:
        raise ValueError(f"no value at {point}: {error}") from error
    tangent = None
    var_name = getattr(derivation.var, "name", None)
    if derivation.order == 1 and var_name in values:
        a = values[var_name]
        if isinstance(value, Expr) and isinstance(slope, Expr):
            from .simplify import tidy

            tangent = tidy(add(mul(slope, add(derivation.var, neg(a))), value))
        else:
            slope_number = float(_real(slope))
            intercept = float(_real(value)) - slope_number * float(point[var_name])
            tangent = add(mul(_decimal(slope_number), derivation.var), _decimal(intercept))
    return PointValue(dict(point), derivation.var, value, slope, tangent)
