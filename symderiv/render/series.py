r"""The Taylor block as a textbook writes it, for every format.

A Taylor polynomial's blocks (:class:`~symderiv.calculus.taylor.TaylorPolynomial`) carry
their data: the centre, each order ``k``, the shift ``x − a``.  This module words them:
the coefficients as ``c₀ = f(0)``, ``c₁ = f′(0)``, ``c₂ = f″(0)/2!`` (LaTeX
``c_{2} = \frac{f''(0)}{2!}``), each "the constant term" or "the coefficient of x²"; the
point as one formula (``x = 0``); the result as one equation with its remainder,
``f(x) = x + x² + O(x³)``.  A formula is a :class:`~symderiv.calculus.report.Label`, its
text and its LaTeX, which each format shows as its formulas (in Markdown and LaTeX as one
piece of math, never ``$x$ = $0$``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..calculus.implicit import primes
from ..calculus.report import Label
from ..expr import ZERO, Add, Call, Expr, Num, Pow
from .latex import brackets, to_latex
from .pretty import to_pretty

__all__ = ["DISPLAYED", "LEFT_SIDES", "REWORDED"]

Values = tuple[tuple[str, Any], ...]

_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _formula(expr: Expr) -> Label:
    return Label(to_pretty(expr), to_latex(expr))


def _at(a: Expr) -> Label:
    """``(π/2)``, ``\\left(\\frac{\\pi}{2}\\right)``: the centre as an argument."""
    opening, closing = brackets(a)
    return Label(f"({to_pretty(a)})", f"{opening}{to_latex(a)}{closing}")


def _derivative_at(k: int, a: Expr) -> Label:
    """``f″(0)``, ``f⁽⁴⁾(π/2)``: the k-th derivative at the centre."""
    latex = "f" + ("'" * k if k <= 3 else f"^{{({k})}}")
    at = _at(a)
    return Label(f"{primes('f', k) if k else 'f'}{at.text}", f"{latex}{at.latex}")


def _point(values: Values) -> Label:
    found = dict(values)
    var, a = found["var"], found["a"]
    return Label(f"{var} = {to_pretty(a)}", f"{var} = {to_latex(a)}")


def _setup(values: Values) -> tuple[str, Values]:
    """``Taylor polynomial of eˣ at x = 0, degree 5``: the point as one formula."""
    found = dict(values)
    return "taylor-setup", (("expr", found["expr"]), ("point", _point(values)), ("n", found["n"]))


def _coefficient(values: Values) -> tuple[str, Values]:
    """``the constant term``, ``coefficient of x``, ``coefficient of (x − 1)²``."""
    found = dict(values)
    k, shift = found["k"], found["shift"]
    if k == 0:
        return "taylor-constant", ()
    power = shift if k == 1 else Pow(shift, Num(k))
    return "taylor-coefficient", (("power", _formula(power)),)


def _series(values: Values) -> tuple[str, Values]:
    """``f(x) = x + x² + O(x³)``: the polynomial and its remainder, one equation."""
    found = dict(values)
    polynomial, remainder = found["polynomial"], found["remainder"]
    order = Call("O", remainder)
    terms: tuple[Expr, ...] = () if polynomial == ZERO else (polynomial,)
    if isinstance(polynomial, Add):
        terms = polynomial.children
    series = Add(*terms, order) if terms else order
    shown = _formula(series)
    var = found["var"]
    return "taylor-result", (
        ("series", Label(f"f({var}) = {shown.text}", f"f({var}) = {shown.latex}")),
    )


#: A block's message worded anew from its values, by its key: ``(key, values)``.
REWORDED: dict[str, Callable[[Values], tuple[str, Values]]] = {
    "taylor-setup": _setup,
    "taylor-value": lambda values: ("", ()),  # f(0) = 0 says where by itself
    "taylor-coefficient": _coefficient,
    "taylor-result": _series,
}


#: A heading that is one formula, which LaTeX and Markdown display on a line of its own:
#: the formula, by the block's key.
DISPLAYED: dict[str, Callable[[Values], Label]] = {
    "taylor-result": lambda values: dict(_series(values)[1])["series"],
}


def _coefficient_side(label: Label | None, values: Values) -> Label:
    """``c₂ = f″(0)/2!``, ``c_{2} = \\frac{f''(0)}{2!}``: the left of a coefficient's line."""
    found = dict(values)
    k, a = found["k"], found["a"]
    value = _derivative_at(k, a)
    text, latex = value.text, value.latex
    if k >= 2:
        text, latex = f"{text}/{k}!", rf"\frac{{{latex}}}{{{k}!}}"
    return Label(f"c{str(k).translate(_SUBSCRIPT_DIGITS)} = {text}", f"c_{{{k}}} = {latex}")


def _value_side(label: Label | None, values: Values) -> Label:
    """``f″(π/2)``: a derivative at the centre, the centre written as formulas write it
    (the label has it as typed, ``f″(pi/2)``)."""
    a = dict(values)["a"]
    assert label is not None
    written = f"({a})"
    text, latex = label.text.removesuffix(written), label.latex.removesuffix(written)
    at = _at(a)
    return Label(f"{text}{at.text}", f"{latex}{at.latex}")


#: The left side of a block's equation, by its key, from its label and values.
LEFT_SIDES: dict[str, Callable[[Label | None, Values], Label]] = {
    "taylor-value": _value_side,
    "taylor-coefficient": _coefficient_side,
}
