"""Implicit differentiation to any order.

For an equation F(x, y) = G(x, y) with y a function of x:

1. both sides are differentiated with y written y(x) (chain rule: (y²)′ = 2y·y′);
2. the difference is linear in y′: ``a·y′ + b = 0``, so y′ = −b/a (in x and y);
3. for order k ≥ 2, y⁽ᵏ⁻¹⁾ (in x and y) is differentiated again with y = y(x) and
   y′ is replaced by its expression from step 2, so y⁽ᵏ⁾ is written in x and y;
4. optionally the result is rewritten with the equation itself when it is polynomial
   (on the circle x² + y² = 25, y″ = −(x² + y²)/y³ = −25/y³).

Every differentiation is a :class:`~symderiv.steps.Derivation`, verified against SymPy
step by step; the solved and substituted forms of every order are checked against the
derivatives of the function the equation defines, computed numerically at points of the
curve (see :mod:`symderiv.calculus.curve`).

>>> d = derive_implicit("x^2 + y^2 = 25", order=2)
>>> print(d.first, d.result, d.status)
-x/y -25/y^3 verified
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mpmath

from ..engine import derivative
from ..errors import VariableError
from ..expr import ZERO, Call, Equation, Expr, Num, Sym, add, div, free_names, mul, neg, substitute
from ..pipeline import as_equation, as_variable, derive
from ..simplify import tidy
from ..steps import Derivation
from .curve import close, curve_points, implicit_derivatives, parameter_values
from .exact import agree, exact_value, numeric_value, reduce_on_curve
from .report import (
    Block,
    Label,
    Report,
    Verdict,
    derivation_verdict,
    equation,
    heading,
    steps_of,
    verdict_block,
)
from .values import read_point

__all__ = [
    "MAX_IMPLICIT_ORDER",
    "ImplicitDerivation",
    "ImplicitOrder",
    "ImplicitPoint",
    "derive_implicit",
    "implicit_at",
    "primes",
]

#: Highest order :func:`derive_implicit` computes (each order differentiates the last).
MAX_IMPLICIT_ORDER = 6

_PRIMES = {1: "′", 2: "″", 3: "‴"}
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def primes(name: str, order: int) -> str:
    """``y′``, ``y″``, ``y‴``, ``y⁽⁴⁾``."""
    return name + _PRIMES.get(order, f"⁽{str(order).translate(_SUPERSCRIPT)}⁾")


def leibniz(y: str, x: str, order: int) -> Label:
    """dy/dx, d²y/dx², … for text and LaTeX."""
    if order == 1:
        return Label(f"d{y}/d{x}", rf"\frac{{d{y}}}{{d{x}}}")
    power = str(order).translate(_SUPERSCRIPT)
    return Label(f"d{power}{y}/d{x}{power}", rf"\frac{{d^{{{order}}}{y}}}{{d{x}^{{{order}}}}}")


@dataclass(frozen=True)
class ImplicitOrder:
    """Order ``order`` (≥ 2): the previous order's form differentiated with y = y(x),
    then y′ replaced (``substituted``), then maybe rewritten with the equation."""

    order: int
    derivation: Derivation
    substituted: Expr
    reduced: Expr | None

    @property
    def result(self) -> Expr:
        return self.reduced if self.reduced is not None else self.substituted


@dataclass(frozen=True)
class ImplicitDerivation(Report):
    """dʸ/dxⁿ from an equation, in x and y.

    ``lhs`` and ``rhs`` differentiate both sides (y written y(x), its derivative y′(x));
    the difference is ``coefficient·y′ + rest = 0`` and ``first`` = −rest/coefficient.
    ``higher`` holds orders 2 … n; ``result`` is the last order's form and ``results``
    every order's.  ``check`` says how the forms agreed with the numerical derivatives
    of the function the equation defines at ``points`` of the curve.
    """

    equation: Equation
    dependent: Sym
    var: Sym
    lhs: Derivation
    rhs: Derivation
    coefficient: Expr
    rest: Expr
    first: Expr
    higher: tuple[ImplicitOrder, ...] = ()
    check: Verdict = field(default_factory=lambda: Verdict("undecided", "not-verified"))
    points: tuple[tuple[float, float], ...] = ()

    kind = "implicit"

    @property
    def order(self) -> int:
        return 1 + len(self.higher)

    @property
    def result(self) -> Expr:
        return self.higher[-1].result if self.higher else self.first

    @property
    def results(self) -> tuple[Expr, ...]:
        return (self.first, *(level.result for level in self.higher))

    def blocks(self) -> tuple[Block, ...]:
        y, x = self.dependent.name, self.var.name
        as_function: dict[Expr, Expr] = {self.dependent: Call(y, self.var)}
        collected = tidy(
            substitute(self.coefficient, as_function) * Call(y + "'", self.var)
            + substitute(self.rest, as_function)
        )
        shown: list[Block] = [
            heading("implicit-setup", equation=self.equation, x=x, y=y),
            steps_of(self.lhs),
            steps_of(self.rhs),
            equation(collected, ZERO, "implicit-collect", prime=primes(y, 1)),
            equation(_prime_label(y, 1), self.first, "implicit-solve", prime=primes(y, 1)),
        ]
        previous = self.first
        for level in self.higher:
            shown.append(
                heading(
                    "implicit-next",
                    prime=primes(y, level.order - 1),
                    expr=previous,
                    order=level.order,
                    x=x,
                    y=y,
                )
            )
            shown.append(steps_of(level.derivation))
            shown.append(
                equation(
                    _prime_label(y, level.order),
                    level.substituted,
                    "substitute",
                    prime=primes(y, 1),
                    value=self.first,
                )
            )
            if level.reduced is not None:
                shown.append(
                    equation(
                        _prime_label(y, level.order),
                        level.reduced,
                        "use-equation",
                        equation=self.equation,
                    )
                )
            previous = level.result
        shown.append(
            equation(leibniz(y, x, self.order), self.result, "result-in", names=f"{x}, {y}")
        )
        shown.append(verdict_block(self.check))
        return tuple(shown)

    def verdicts(self) -> tuple[Verdict, ...]:
        """Each derivation's verification (SymPy) and the check on the curve."""
        return (*(derivation_verdict(d) for d in self.derivations()), self.check)

    def derivations(self) -> tuple[Derivation, ...]:
        return (self.lhs, self.rhs, *(level.derivation for level in self.higher))

    def at(self, **point: Any) -> ImplicitPoint:
        """Each order at a point of the curve, with the tangent and normal lines there:
        ``derive_implicit("x^2 + y^2 = 25").at(x=3, y=4)``."""
        return implicit_at(self, point)


def _prime_label(y: str, order: int) -> Label:
    latex = y + ("'" * order if order <= 3 else f"^{{({order})}}")
    return Label(primes(y, order), latex)


def _infer(equation: Equation, dependent: Any, var: Any) -> tuple[Sym, Sym]:
    names = free_names(equation.lhs) | free_names(equation.rhs)
    if dependent is None:
        if "y" in names:
            dependent = "y"
        else:
            raise VariableError(
                "which variable depends on which? {remedy} "
                f"(the equation has {', '.join(sorted(names))})",
                "dependent",
            )
    y = as_variable(dependent)
    if var is None:
        rest = sorted(names - {getattr(y, "name", "")})
        if "x" in rest:
            var = "x"
        elif "t" in rest:
            var = "t"
        elif len(rest) == 1:
            var = rest[0]
        else:
            raise VariableError(
                f"which variable is {getattr(y, 'name', y)} a function of? "
                f"the equation has {', '.join(sorted(names))}; {{remedy}}",
                "var",
            )
    x = as_variable(var)
    if not isinstance(y, Sym) or not isinstance(x, Sym) or x is y:
        raise VariableError("implicit differentiation needs two different plain symbols")
    return y, x


def derive_implicit(
    equation: Equation | str,
    dependent: str | Sym | None = None,
    var: str | Sym | None = None,
    *,
    order: int = 1,
    use_equation: bool = True,
    verify: bool = True,
    **options: Any,
) -> ImplicitDerivation:
    """Implicit differentiation: ``derive_implicit("x^2 + y^2 = 25", "y", "x")`` gives
    dy/dx = −x/y; ``order=2`` gives d²y/dx² = −25/y³ (with ``use_equation=False``,
    −(x² + y²)/y³).  ``dependent`` defaults to y and ``var`` to x (or the only other
    symbol).  Other options go to :func:`~symderiv.pipeline.derive`."""
    if (
        isinstance(order, bool)
        or not isinstance(order, int)
        or not 1 <= order <= MAX_IMPLICIT_ORDER
    ):
        raise ValueError(f"order must be an integer from 1 to {MAX_IMPLICIT_ORDER}, not {order!r}")
    eq = as_equation(equation, functions=tuple(options.get("functions", ())))
    y, x = _infer(eq, dependent, var)
    y_of_x = Call(y.name, x)
    y_prime = Call(y.name + "'", x)
    as_function: dict[Expr, Expr] = {y: y_of_x}
    options["functions"] = (*options.get("functions", ()), y.name)
    options["verify"] = verify
    lhs = derive(substitute(eq.lhs, as_function), x, **options)
    rhs = derive(substitute(eq.rhs, as_function), x, **options)
    unknown = Sym(f"{y.name}_prime")
    while unknown.name in free_names(eq.lhs) | free_names(eq.rhs):
        unknown = Sym(unknown.name + "_")
    back: dict[Expr, Expr] = {y_of_x: y, y_prime: unknown}
    difference = tidy(substitute(lhs.result, back) - substitute(rhs.result, back))
    coefficient = tidy(derivative(difference, unknown))
    if unknown.name in free_names(coefficient):
        raise VariableError("the differentiated equation is not linear in the derivative")
    if coefficient is ZERO:
        raise VariableError(f"the equation does not involve {y.name}′ after differentiation")
    rest = tidy(substitute(difference, {unknown: ZERO}))
    first = tidy(neg(div(rest, coefficient)))
    curve = tidy(eq.lhs - eq.rhs)
    higher: list[ImplicitOrder] = []
    current = first
    for level in range(2, order + 1):
        derivation = derive(substitute(current, as_function), x, **options)
        substituted = tidy(substitute(derivation.result, {y_prime: first, y_of_x: y}))
        reduced = reduce_on_curve(substituted, curve, x, y) if use_equation else None
        higher.append(ImplicitOrder(level, derivation, substituted, reduced))
        current = higher[-1].result
    result = ImplicitDerivation(
        eq,
        y,
        x,
        lhs,
        rhs,
        tidy(substitute(coefficient, {unknown: y_prime})),
        rest,
        first,
        tuple(higher),
    )
    if not verify:
        return result
    check, points = _check_on_curve(result, curve)
    return _with_check(result, check, points)


def _with_check(
    result: ImplicitDerivation, check: Verdict, points: tuple[tuple[float, float], ...]
) -> ImplicitDerivation:
    return ImplicitDerivation(
        result.equation,
        result.dependent,
        result.var,
        result.lhs,
        result.rhs,
        result.coefficient,
        result.rest,
        result.first,
        result.higher,
        check,
        points,
    )


def _check_on_curve(
    result: ImplicitDerivation, curve: Expr
) -> tuple[Verdict, tuple[tuple[float, float], ...]]:
    """Every order's forms (solved, substituted, rewritten with the equation) against the
    numerical derivatives of y(x) at points of the curve."""
    x, y = result.var.name, result.dependent.name
    params = parameter_values(curve, {x, y})
    points = curve_points(curve, x, y, params)
    checked: list[tuple[float, float]] = []
    forms = [(1, result.first)]
    for level in result.higher:
        forms.append((level.order, level.substituted))
        if level.reduced is not None:
            forms.append((level.order, level.reduced))
    for point in points:
        reference = implicit_derivatives(curve, x, y, params, point, result.order)
        if reference is None:
            continue
        values = {**params, x: point[0], y: point[1]}
        for order, form in forms:
            ours = numeric_value(form, values)
            if ours is None:
                continue
            if not close(ours, reference[order - 1]):
                where = f"({x}, {y}) = ({float(point[0]):.6g}, {float(point[1]):.6g})"
                return Verdict(
                    "mismatch", "curve-mismatch", (("order", order), ("point", where))
                ), ()
        checked.append((float(point[0]), float(point[1])))
    if len(checked) < 2:
        return Verdict("undecided", "curve-undecided", (("count", len(checked)),)), tuple(checked)
    shown = "; ".join(f"({a:.4g}, {b:.4g})" for a, b in checked)
    with_params = ", ".join(f"{k} = {float(v):g}" for k, v in params.items())
    return (
        Verdict(
            "verified",
            "curve-verified",
            (("count", len(checked)), ("points", shown), ("params", with_params)),
        ),
        tuple(checked),
    )


@dataclass(frozen=True)
class ImplicitPoint(Report):
    """An implicit result at a point (x₀, y₀) of the curve: each order's exact value
    (``values[0]`` the slope y′), the tangent and the normal line.  A vertical tangent
    (∂F/∂y = 0 there) has ``slope`` ``None`` and ``tangent`` the line x = x₀ written as
    ``vertical``."""

    equation: Equation
    var: Sym
    dependent: Sym
    x0: Expr
    y0: Expr
    values: tuple[Expr | None, ...]
    tangent: Expr | None
    normal: Expr | None
    check: Verdict

    kind = "implicit-point"

    @property
    def slope(self) -> Expr | None:
        return self.values[0]

    def __str__(self) -> str:
        x, y = self.var.name, self.dependent.name
        shown = [f"at ({x}, {y}) = ({self.x0}, {self.y0})"]
        for order, value in enumerate(self.values, start=1):
            shown.append(f"{primes(y, order)} = {value if value is not None else 'undefined'}")
        if self.tangent is not None:
            shown.append(f"tangent: {y} = {self.tangent}")
        elif self.slope is None:
            shown.append(f"tangent: {x} = {self.x0} (vertical)")
        if self.normal is not None:
            shown.append(f"normal: {y} = {self.normal}")
        elif self.slope is not None:
            shown.append(f"normal: {x} = {self.x0}")
        return "; ".join(shown)

    def blocks(self) -> tuple[Block, ...]:
        x, y = self.var.name, self.dependent.name
        shown: list[Block] = [
            heading(
                "implicit-point",
                where=f"({x}, {y}) = ({self.x0}, {self.y0})",
                equation=self.equation,
            )
        ]
        for order, value in enumerate(self.values, start=1):
            if value is None:
                shown.append(heading("implicit-vertical", x=x, a=self.x0))
                continue
            number = numeric_value(value)
            decimal = f"{float(number.real):.15g}" if number is not None else "?"
            key = "point-slope" if order == 1 else "point-value"
            shown.append(equation(_prime_label(y, order), value, key, decimal=decimal))
        if self.tangent is not None:
            shown.append(equation(Label(y, y), self.tangent, "point-tangent"))
        if self.normal is not None:
            shown.append(equation(Label(y, y), self.normal, "point-normal"))
        elif self.slope is not None:
            shown.append(heading("point-normal-vertical", var=x, a=self.x0))
        shown.append(verdict_block(self.check))
        return tuple(shown)


def implicit_at(result: ImplicitDerivation, point: dict[str, Any]) -> ImplicitPoint:
    """``result`` at a point of its curve: ``implicit_at(d, {"x": 3, "y": 4})`` (values
    read as :func:`~symderiv.calculus.values.read_point` reads them)."""
    x, y = result.var, result.dependent
    missing = {x.name, y.name} - set(point)
    if missing:
        raise VariableError(f"give a value for {', '.join(sorted(missing))} too")
    x0, y0 = read_point(point[x.name]), read_point(point[y.name])
    bound: dict[Expr, Expr] = {x: x0, y: y0}
    curve = tidy(result.equation.lhs - result.equation.rhs)
    on_curve = numeric_value(substitute(curve, bound))
    if on_curve is None or abs(on_curve) > mpmath.mpf(10) ** -30:
        raise ValueError(
            f"({x0}, {y0}) is not on the curve {result.equation.lhs} = {result.equation.rhs}"
        )
    values: list[Expr | None] = []
    agreed = True
    for form in result.results:
        placed = substitute(form, bound)
        number = numeric_value(placed)
        if number is None or not mpmath.isfinite(number):
            values.append(None)
            continue
        exact = exact_value(placed)
        agreed = agreed and agree(numeric_value(exact), number)
        values.append(exact)
    slope = values[0]
    tangent = None
    normal: Expr | None = y0 if slope is None else None
    if slope is not None:
        shift = add(x, neg(x0))
        tangent = tidy(add(y0, mul(slope, shift)))
        if not (isinstance(slope, Num) and slope.value == 0):
            normal = tidy(add(y0, neg(div(shift, slope))))
    check = (
        Verdict("verified", "point-verified")
        if agreed
        else Verdict("undecided", "point-undecided", (("detail", "the exact form differs"),))
    )
    return ImplicitPoint(result.equation, x, y, x0, y0, tuple(values), tangent, normal, check)
