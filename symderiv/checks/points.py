"""The derivative at a point, with the tangent and normal lines there:
``derive("x^(sin x)").at(x="pi/2")``.

A point's value is a number (``3``, ``-0.25``, ``1e-3``, ``2/3``) or a constant
formula read by our own parser (``pi/2``, ``sqrt(2)``, ``e^2``, ``ln 3``), never
evaluated as Python.  f(a) and f′(a) are exact: the formula with the point put in,
simplified by SymPy (built from our tree, in the worker, under a time budget) and
accepted only when it agrees with the numerical value to 40 digits; a float is shown
beside an irrational value.  The tangent line is y = f(a) + f′(a)·(x − a) and the
normal line y = f(a) − (x − a)/f′(a) (x = a when the tangent is horizontal).  A higher
order's value is written f″(a), f‴(a), f⁽⁴⁾(a), …: it is no slope, and has no tangent
line.  The decimals beside the exact values are written to 15 digits from the
40-digit values, so that a value beyond a float's range reads ``1e+903``, never ``inf``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import mpmath

from ..calculus.exact import exact_value, numeric_value
from ..calculus.implicit import primes
from ..calculus.report import Block, Label, Report, Verdict, equation, heading, verdict_block
from ..calculus.values import (
    MAX_POINT_DIGITS,
    MAX_POINT_TEXT,
    read_number,
    read_point,
)
from ..errors import VariableError
from ..expr import Expr, Num, Sym, add, div, free_names, mul, neg, substitute
from ..numeric import NumericError, evaluate
from ..render.latex import to_latex
from ..render.pretty import to_pretty
from ..rules.base import constant_value
from ..simplify import tidy
from .conditions import broken_condition, step_conditions

if TYPE_CHECKING:
    from ..steps import Condition, Derivation

__all__ = [
    "MAX_POINT_DIGITS",
    "MAX_POINT_TEXT",
    "PointValue",
    "broken_kink",
    "evaluate_at",
    "kink_at",
    "kink_conditions",
    "read_number",
    "read_point",
    "require_values",
]


@dataclass(frozen=True)
class PointValue(Report):
    """f and f′ at a point: exact (``value``, ``slope`` are expressions) where the point
    is in f's real domain, with their floats (``value_float``, ``slope_float``);
    ``tangent`` and ``normal`` are lines in ``var`` (``normal`` is ``None`` when the
    tangent is horizontal: the normal is then the vertical line ``var = a``)."""

    point: dict[str, Any]
    var: Expr
    value: Any
    slope: Any
    tangent: Expr | None
    normal: Expr | None = None
    order: int = 1
    at: Expr | None = None
    check: Verdict = field(default_factory=lambda: Verdict("undecided", "not-verified"))

    kind = "point"

    @property
    def real(self) -> bool:
        """Whether f and f′ are real here (else the point is outside f's real domain,
        and there is no tangent line)."""
        return _is_real(self.value) and _is_real(self.slope)

    @property
    def value_float(self) -> float | None:
        return _float(self.value)

    @property
    def slope_float(self) -> float | None:
        return _float(self.slope)

    def _where(self) -> str:
        return ", ".join(f"{k} = {_shown(v)}" for k, v in self.point.items())

    def __str__(self) -> str:
        where = self._where()
        prime = primes("f", self.order)
        values = f"f = {_with_float(self.value)}, {prime} = {_with_float(self.slope)}"
        if not self.real:
            return (
                f"at {where}: outside the real domain of f (complex values {values}); "
                "no tangent line"
            )
        lines = ""
        if self.tangent is not None:
            lines = f"; tangent: y = {_shown(self.tangent)}"
            if self.normal is not None:
                lines += f"; normal: y = {_shown(self.normal)}"
            elif self.at is not None:
                lines += f"; normal: {_shown(self.var)} = {_shown(self.at)}"
        return f"at {where}: {values}{lines}"

    def blocks(self) -> tuple[Block, ...]:
        shown: list[Block] = [heading("point-setup", where=self._where())]
        if not self.real:
            shown.append(heading("point-outside"))
            return tuple(shown)
        where = ", ".join(_shown(v) for v in self.point.values())
        where_tex = ", ".join(_latex_shown(v) for v in self.point.values())
        shown.append(
            equation(
                Label(f"f({where})", f"f({where_tex})"),
                self.value,
                "point-value",
                decimal=_decimal(self.value),
            )
        )
        latex_prime = _LATEX_PRIMES.get(self.order, f"^{{({self.order})}}")
        shown.append(
            equation(
                Label(f"{primes('f', self.order)}({where})", f"f{latex_prime}({where_tex})"),
                self.slope,
                _DERIVATIVE_NOTES.get(self.order, "point-derivative"),
                decimal=_decimal(self.slope),
                order=self.order,
            )
        )
        if self.tangent is not None:
            shown.append(equation(Label("y", "y"), self.tangent, "point-tangent"))
            if self.normal is not None:
                shown.append(equation(Label("y", "y"), self.normal, "point-normal"))
            elif self.at is not None:
                shown.append(heading("point-normal-vertical", var=self.var, a=self.at))
        shown.append(verdict_block(self.check))
        return tuple(shown)


#: The note beside f′(a): the slope of the tangent; a higher order's is its value only.
_DERIVATIVE_NOTES = {1: "point-slope"}
#: f′, f″ and f‴ in LaTeX (a higher order is written f^{(n)}).
_LATEX_PRIMES = {1: "'", 2: "''", 3: "'''"}


def _shown(value: Any) -> str:
    """A coordinate as printed: ``π/2`` for the tree of pi/2."""
    return to_pretty(value) if isinstance(value, Expr) else str(value)


def _latex_shown(value: Any) -> str:
    return to_latex(value) if isinstance(value, Expr) else str(value)


def _is_real(value: Any) -> bool:
    if isinstance(value, Expr):
        return True
    imaginary = getattr(value, "imag", 0)
    return bool(imaginary == 0)


def _float(value: Any) -> float | None:
    if isinstance(value, Expr):
        found = numeric_value(value)
        return None if found is None else float(mpmath.re(found))
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _decimal(value: Any) -> str:
    """``value`` to 15 significant digits as a float prints it (``1.5707963267949``);
    beyond a float's range from its 40-digit value (``3e+903``, never ``inf``).

    >>> _decimal(Num(10) ** 903 * 3), _decimal(Num(9))
    ('3e+903', '9')
    """
    number = _float(value)
    if number is not None and math.isfinite(number):
        return f"{number:.15g}"
    found = numeric_value(value) if isinstance(value, Expr) else value
    if found is None:
        return str(value)
    return re.sub(r"\.0(?=e)", "", mpmath.nstr(mpmath.re(found), 15))


def _with_float(value: Any) -> str:
    """``9``, or ``pi/2 ≈ 1.5707963267949`` for a value that is not a rational number."""
    if not isinstance(value, Expr):
        return f"{value}"
    if isinstance(value, Num):
        return _shown(value)
    number = _float(value)
    return f"{_shown(value)} ≈ {_decimal(value)}" if number is not None else _shown(value)


def _numeric(expr: Expr) -> Any:
    try:
        return evaluate(expr, {}, dps=40)
    except NumericError as error:
        raise ValueError(f"no value here: {error}") from error


def _real_number(value: Any) -> bool:
    with mpmath.workdps(40):
        return bool(abs(mpmath.im(value)) <= mpmath.mpf(10) ** -30 * max(1, abs(value)))


def require_values(derivation: Derivation, names: Iterable[str]) -> None:
    """Raise :class:`~symderiv.errors.VariableError` unless a point with values for
    ``names`` gives one for every name of the function and its derivative (the command
    line asks before it prints the derivation)."""
    missing = (free_names(derivation.source) | free_names(derivation.result)) - set(names)
    if missing:
        raise VariableError(f"give a value for {', '.join(sorted(missing))} too")


def evaluate_at(derivation: Derivation, point: dict[str, Any]) -> PointValue:
    """f(a), f′(a), the tangent and the normal line (for a first derivative in one
    variable), exact where the point is in f's real domain."""
    values = {name: read_point(v) for name, v in point.items()}
    require_values(derivation, values)
    bound: dict[Expr, Expr] = {Sym(k): v for k, v in values.items()}
    f, df = derivation.source, derivation.result
    f_at, df_at = substitute(f, bound), substitute(df, bound)
    try:
        numeric_f, numeric_df = _numeric(f_at), _numeric(df_at)
    except ValueError as error:
        raise ValueError(f"no value at {_listed(values)}: {error}") from error
    shown_point = {name: values[name] for name in point}
    _refuse_a_kink(derivation, bound, values)
    if not (_real_number(numeric_f) and _real_number(numeric_df)):
        return PointValue(
            shown_point,
            derivation.var,
            _outside(f_at, numeric_f),
            _outside(df_at, numeric_df),
            None,
            order=derivation.order,
        )
    _refuse_a_broken_condition(derivation, bound, values)
    value, slope = exact_value(f_at), exact_value(df_at)
    agreed = _agrees(value, numeric_f) and _agrees(slope, numeric_df)
    check = (
        Verdict("verified", "point-verified")
        if agreed
        else Verdict("undecided", "point-undecided", (("detail", "the exact form differs"),))
    )
    tangent = normal = a = None
    var_name = getattr(derivation.var, "name", None)
    if derivation.order == 1 and var_name in values and len(free_names(f)) <= 1:
        a = values[var_name]
        shift = add(derivation.var, neg(a))
        tangent = tidy(add(mul(slope, shift), value))
        if not (isinstance(slope, Num) and slope.value == 0):
            normal = tidy(add(value, neg(div(shift, slope))))
    return PointValue(
        shown_point, derivation.var, value, slope, tangent, normal, derivation.order, a, check
    )


def _refuse_a_kink(
    derivation: Derivation, bound: dict[Expr, Expr], values: dict[str, Expr]
) -> None:
    """Raise when the point is one the steps exclude as a possible kink
    (:attr:`Condition.kink`: relu at 0, floor at a whole number): there the formula's
    value (H(0) = 1/2) is no derivative, and no tangent line is drawn."""
    condition = kink_at(derivation, bound)
    if condition is not None:
        raise ValueError(
            f"no derivative is given at {_listed(values)}: the steps hold only where "
            f"{condition} (the function may not be differentiable there)"
        )


def _refuse_a_broken_condition(
    derivation: Derivation, bound: dict[Expr, Expr], values: dict[str, Expr]
) -> None:
    """Raise when the point breaks a condition of a step that is about a variable of
    differentiation (:func:`~symderiv.checks.conditions.step_conditions`): √(x²) at
    x = 0, whose step of √u needs u = x² > 0.  There the formula's value (x/√(x²)
    folded to 0) is no derivative: √(x²) = |x| has none at 0.  A condition only on a
    constant (a ≠ 1 for aˣ) restricts the formula, not the point, and is not asked."""
    variables = {name for level in derivation.orders for name in free_names(level.var)}
    condition = broken_condition(
        step_conditions(derivation),
        bound,
        keep=lambda c: bool((free_names(c.lhs) | free_names(c.rhs)) & variables),
    )
    if condition is not None:
        raise ValueError(
            f"no derivative is given at {_listed(values)}: the steps hold only where "
            f"{condition} (the function may not be differentiable there)"
        )


def kink_at(derivation: Derivation, bound: dict[Expr, Expr]) -> Condition | None:
    """The kink condition of the steps that the point ``bound`` (name -> exact value)
    breaks, if one does (see :func:`broken_kink`)."""
    return broken_kink(kink_conditions(derivation), bound)


def kink_conditions(derivation: Derivation) -> tuple[Condition, ...]:
    """The kink conditions (:attr:`Condition.kink`) the steps state in the function's
    own names, each once: ``x ≠ 0`` for |x|, ``x ∉ ℤ`` for ⌊x⌋."""
    names = free_names(derivation.source)
    found = {
        condition: None
        for step in derivation.all_steps()
        for condition in step.conditions
        if condition.kink and free_names(condition.lhs) <= names
    }
    return tuple(found)


def broken_kink(conditions: tuple[Condition, ...], bound: dict[Expr, Expr]) -> Condition | None:
    """The first of the kink ``conditions`` that the point ``bound`` (name -> exact
    value) breaks, to 30 digits: ``x ≠ 0`` at x = 0, ``x ∉ ℤ`` at x = 2, where the
    function may have no derivative; ``None`` when it breaks none (or they cannot be
    evaluated there)."""
    for condition in conditions:
        try:
            lhs = evaluate(substitute(condition.lhs, bound), {}, dps=40)
            rhs = None if condition.relation == "∉" else _numeric(substitute(condition.rhs, bound))
        except (NumericError, ValueError):
            continue
        with mpmath.workdps(40):
            tiny = mpmath.mpf(10) ** -30 * max(1, abs(lhs))
            at_kink = (
                abs(lhs - mpmath.nint(mpmath.re(lhs))) <= tiny
                if rhs is None
                else abs(lhs - rhs) <= tiny
            )
        if at_kink:
            return condition
    return None


def _agrees(exact: Expr, numeric: Any) -> bool:
    found = numeric_value(exact)
    if found is None:
        return False
    with mpmath.workdps(40):
        return bool(abs(found - numeric) <= mpmath.mpf(10) ** -30 * max(1, abs(numeric)))


def _outside(expr: Expr, numeric: Any) -> Any:
    """A value where f is not real: exact when it folds to a rational number, else the
    mpmath number."""
    folded = constant_value(expr)
    return Num(folded) if folded is not None else numeric


def _listed(values: dict[str, Expr]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in values.items())
