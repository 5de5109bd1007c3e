"""Taylor polynomials: f(x) = Σₖ f⁽ᵏ⁾(a)/k! · (x − a)ᵏ + O((x − a)ⁿ⁺¹).

The derivatives are one derivation of order n (each order differentiates the last,
every step recorded and verified); their values at a are exact (SymPy's simplest form of
the value, checked to 40 digits, see :mod:`symderiv.calculus.exact`).  The coefficients
are compared with SymPy's own series, built from our tree in the worker.

>>> print(taylor("ln(1 + x)", "x", 0, 3).polynomial)
x - x^2/2 + x^3/3
"""

from __future__ import annotations

from dataclasses import dataclass
from math import factorial
from typing import Any

from ..bridge import ConversionError, from_sympy, to_sympy
from ..expr import ZERO, Div, Expr, Neg, Num, add, div, free_names, mul, neg, power, substitute
from ..pipeline import as_expression, as_variable, derive
from ..sandbox import Overrun, preload, run
from ..simplify import tidy
from ..steps import Derivation
from ..verify.equivalence import sympy_module
from ..verify.transport import pack, unpack
from .curve import parameter_values
from .exact import EXACT_BUDGET, agree, exact_value, numeric_value
from .implicit import primes
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

__all__ = ["MAX_TAYLOR_DEGREE", "TaylorPolynomial", "taylor"]

#: Highest degree :func:`taylor` computes.
MAX_TAYLOR_DEGREE = 12


@dataclass(frozen=True)
class TaylorPolynomial(Report):
    """``expr`` about ``var = a`` to degree ``n``: ``derivation`` (orders 1 … n),
    ``values`` f⁽ᵏ⁾(a) for k = 0 … n, ``coefficients`` f⁽ᵏ⁾(a)/k! and ``polynomial``."""

    expr: Expr
    var: Expr
    a: Expr
    n: int
    derivation: Derivation | None
    values: tuple[Expr, ...]
    coefficients: tuple[Expr, ...]
    polynomial: Expr
    check: Verdict

    kind = "taylor"

    @property
    def result(self) -> Expr:
        return self.polynomial

    @property
    def shift(self) -> Expr:
        return self.var if self.a == ZERO else add(self.var, neg(self.a))

    def verdicts(self) -> tuple[Verdict, ...]:
        own = (derivation_verdict(self.derivation),) if self.derivation is not None else ()
        return (*own, self.check)

    def blocks(self) -> tuple[Block, ...]:
        shown: list[Block] = [
            heading("taylor-setup", expr=self.expr, var=str(self.var), a=self.a, n=self.n)
        ]
        if self.derivation is not None:
            shown.append(heading("taylor-derivatives"))
            shown.append(steps_of(self.derivation))
        for k, (value, coefficient) in enumerate(zip(self.values, self.coefficients, strict=True)):
            name = primes("f", k) if k else "f"
            latex = "f" if k == 0 else "f" + ("'" * k if k <= 3 else f"^{{({k})}}")
            shown.append(
                equation(
                    Label(f"{name}({self.a})", f"{latex}({self.a})"),
                    value,
                    "taylor-value",
                    var=str(self.var),
                    a=self.a,
                )
            )
            shown.append(
                equation(
                    Label(f"c{k}", f"c_{{{k}}}"),
                    coefficient,
                    "taylor-coefficient",
                    shift=self.shift,
                    k=k,
                    a=self.a,
                )
            )
        shown.append(
            heading(
                "taylor-result",
                var=str(self.var),
                polynomial=self.polynomial,
                remainder=power(self.shift, Num(self.n + 1)),
            )
        )
        shown.append(verdict_block(self.check))
        return tuple(shown)


def taylor(
    expr: Expr | str,
    var: Expr | str | None = None,
    a: Any = 0,
    n: int = 3,
    **options: Any,
) -> TaylorPolynomial:
    """The Taylor polynomial of degree ``n`` of ``expr`` about ``var = a`` (``a`` a
    number or a constant formula such as ``"pi/2"``, read by our parser)."""
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_TAYLOR_DEGREE:
        raise ValueError(f"the degree must be an integer from 0 to {MAX_TAYLOR_DEGREE}, not {n!r}")
    tree = as_expression(expr, functions=options.get("functions", ()))
    names = free_names(tree)
    variable = as_variable(
        var if var is not None else ("x" if "x" in names or not names else sorted(names)[0])
    )
    centre = as_expression(str(a)) if not isinstance(a, Expr) else a
    if free_names(centre):
        raise ValueError(f"the centre must be a number, not {centre}")
    derivation = derive(tree, variable, order=n, **options) if n >= 1 else None
    functions = (tree, *((d.result for d in derivation.orders) if derivation else ()))
    try:
        values = tuple(_at(f, variable, centre) for f in functions)
    except ValueError as error:
        raise ValueError(
            f"{tree} or one of its first {n} derivatives has no value at {variable} = "
            f"{centre}: no Taylor polynomial there"
        ) from error
    coefficients = tuple(
        exact_value(div(v, Num(factorial(k))))
        if not free_names(v)
        else tidy(div(v, Num(factorial(k))))
        for k, v in enumerate(values)
    )
    shift = variable if centre == ZERO else add(variable, neg(centre))
    terms = [
        _term(c, shift, k, centre == ZERO)
        for k, c in enumerate(coefficients)
        if not (isinstance(c, Num) and c.value == 0)
    ]
    polynomial = add(*terms) if terms else ZERO
    verify = options.get("verify", True)
    check = (
        _compare(tree, variable, centre, n, coefficients)
        if verify
        else Verdict("undecided", "not-verified")
    )
    return TaylorPolynomial(
        tree, variable, centre, n, derivation, values, coefficients, polynomial, check
    )


def _term(coefficient: Expr, shift: Expr, k: int, at_zero: bool) -> Expr:
    """c·(x − a)ᵏ as a textbook writes it: ``x³/3``, ``−(x − π/2)²/2``."""
    if k == 0:
        return coefficient
    powered = shift if k == 1 else power(shift, Num(k))
    if at_zero:
        return tidy(mul(coefficient, powered))
    if isinstance(coefficient, Num):
        value = coefficient.value
        top = abs(value.numerator)
        scaled = powered if top == 1 else mul(Num(top), powered)
        written = scaled if value.denominator == 1 else div(scaled, Num(value.denominator))
        return neg(written) if value < 0 else written
    if isinstance(coefficient, Neg):
        return neg(_term(coefficient.children[0], shift, k, at_zero))
    if isinstance(coefficient, Div) and isinstance(coefficient.children[1], Num):
        return div(mul(coefficient.children[0], powered), coefficient.children[1])
    return mul(coefficient, powered)


def _at(expr: Expr, var: Expr, a: Expr) -> Expr:
    placed = substitute(expr, {var: a})
    if free_names(placed):
        return tidy(placed)
    value = exact_value(placed)
    if numeric_value(value) is None:
        raise ValueError(f"{expr} has no value at {var} = {a}: no Taylor polynomial there")
    return value


def _series_in_worker(data: bytes, n: int) -> bytes | None:
    """SymPy's Taylor coefficients of degree 0 … n (the worker's half of the check)."""
    sp = sympy_module()
    tree, var, a = unpack(data)
    try:
        f, x, centre = to_sympy(tree, real=True), to_sympy(var, real=True), to_sympy(a, real=True)
        h = sp.Dummy("h")
        series = sp.series(f.subs(x, centre + h), h, 0, n + 1).removeO()
        expanded = sp.expand(series)
        return pack(tuple(from_sympy(sp.simplify(expanded.coeff(h, k))) for k in range(n + 1)))
    except (ConversionError, TypeError, ValueError, NotImplementedError, RecursionError):
        return None


def _compare(tree: Expr, var: Expr, a: Expr, n: int, coefficients: tuple[Expr, ...]) -> Verdict:
    try:
        found = run(_series_in_worker, pack((tree, var, a)), n, seconds=2 * EXACT_BUDGET)
    except (Overrun, ConversionError, RecursionError) as error:
        return Verdict("undecided", "taylor-undecided", (("detail", str(error)),))
    if found is None:
        return Verdict("undecided", "taylor-undecided", (("detail", "SymPy gave no series"),))
    theirs = unpack(found)
    params = parameter_values(tree, {getattr(var, "name", "")})
    for k, (ours, reference) in enumerate(zip(coefficients, theirs, strict=True)):
        if not agree(numeric_value(ours, params), numeric_value(reference, params), 30):
            return Verdict("mismatch", "taylor-mismatch", (("k", k),))
    return Verdict("verified", "taylor-verified")


preload(__name__)
