"""The derivative at a point, and the tangent line there: ``derive("x^2").at(x=3)``.

Values are exact when the expression folds to a number, otherwise numeric (mpmath,
30 digits).  The tangent line is y = f(a) + f′(a)·(x − a).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..expr import Expr, Num, Sym, add, as_expr, mul, neg, substitute
from ..numeric import NumericError, evaluate
from ..rules.base import constant_value
from ..simplify import tidy

if TYPE_CHECKING:
    from ..steps import Derivation

__all__ = ["MAX_POINT_DIGITS", "PointValue", "evaluate_at", "read_number"]

#: Most digits (and largest decimal exponent) a value given for a point may have.
MAX_POINT_DIGITS = 60
MAX_POINT_EXPONENT = 300

_NUMBER = re.compile(
    r"\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:[eE]([+-]?[0-9]+))?"
    r"(?:\s*/\s*([+-]?[0-9]+))?\s*\Z"
)


def read_number(text: str) -> Fraction:
    """A point's value: ``3``, ``-0.25``, ``1e-3``, ``2/3``, exactly, within
    :data:`MAX_POINT_DIGITS` digits and exponents up to :data:`MAX_POINT_EXPONENT`;
    anything else is a :class:`ValueError` that says so."""
    match = _NUMBER.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a number (write 3, -0.25, 1e-3 or 2/3)")
    mantissa, exponent, denominator = match.groups()
    digits = sum(c.isdigit() for c in mantissa) + len(denominator or "")
    if digits > MAX_POINT_DIGITS or (exponent and abs(int(exponent)) > MAX_POINT_EXPONENT):
        raise ValueError(
            f"{text!r} is too large a number for a point (at most {MAX_POINT_DIGITS} digits "
            f"and exponents within ±{MAX_POINT_EXPONENT})"
        )
    value = Fraction(mantissa) * Fraction(10) ** int(exponent or 0)
    if denominator is not None:
        if int(denominator) == 0:
            raise ValueError(f"{text!r} divides by zero")
        value /= int(denominator)
    return value


@dataclass(frozen=True)
class PointValue:
    """f and f′ at a point; ``tangent`` is the tangent line as an expression in ``var``."""

    point: dict[str, Any]
    var: Expr
    value: Any
    slope: Any
    tangent: Expr | None

    @property
    def real(self) -> bool:
        """Whether f and f′ are real here (else the point is outside f's real domain,
        and there is no tangent line)."""
        return _is_real(self.value) and _is_real(self.slope)

    def __str__(self) -> str:
        where = ", ".join(f"{k} = {v}" for k, v in self.point.items())
        values = f"f = {_show(self.value)}, f′ = {_show(self.slope)}"
        if not self.real:
            return (
                f"at {where}: outside the real domain of f (complex values {values}); "
                "no tangent line"
            )
        line = f"; tangent: y = {self.tangent}" if self.tangent is not None else ""
        return f"at {where}: {values}{line}"


def _is_real(value: Any) -> bool:
    if isinstance(value, Expr):
        return True
    imaginary = getattr(value, "imag", 0)
    return bool(imaginary == 0)


def _show(value: Any) -> str:
    return str(value) if isinstance(value, Expr) else f"{value}"


def _exact(expr: Expr, point: dict[str, Expr]) -> Expr | None:
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
    if not (_is_real(value) and _is_real(slope)):
        return PointValue(dict(point), derivation.var, value, slope, None)
    if derivation.order == 1 and var_name in values:
        a = values[var_name]
        if isinstance(value, Expr) and isinstance(slope, Expr):
            tangent = tidy(add(mul(slope, add(derivation.var, neg(a))), value))
        else:
            slope_number = float(_real(slope))
            intercept = float(_real(value)) - slope_number * float(point[var_name])
            tangent = add(mul(_decimal(slope_number), derivation.var), _decimal(intercept))
    return PointValue(dict(point), derivation.var, value, slope, tangent)
