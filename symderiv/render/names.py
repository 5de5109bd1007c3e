r"""The derivative of a function the user named, as a textbook names it: ``y = x²eˣ`` is
differentiated as dy/dx (then d²y/dx², …), ``f(x) = x²eˣ`` as f′(x) (then f″(x), f‴(x),
f⁽⁴⁾(x)), a function of several variables, or one differentiated by several, by partial
derivatives (``L(w, b) = …``: ∂L/∂w, then ∂²L/∂b∂w).  A derivation carries the name in
``options["named"]`` (see :func:`symderiv.pipeline.derive`) only where it applies: every
order by one of the function's own arguments (any variable for ``y = …``).  ``stages``
are the variables of the orders so far, first to last.

>>> from symderiv.expr import Sym
>>> from symderiv.steps import Named
>>> y, f, x, t = Sym("y"), Sym("f"), Sym("x"), Sym("t")
>>> derivative_name_text(Named(y, ()), (x, x)), derivative_name_latex(Named(y, ()), (x, x))
('d²y/dx²', '\\frac{d^{2}y}{dx^{2}}')
>>> derivative_name_text(Named(f, (x,)), (x,) * 3), derivative_name_latex(Named(f, (x,)), (x,) * 4)
('f‴(x)', 'f^{(4)}(x)')
>>> derivative_name_text(Named(f, (x, t)), (x, x, t)), derivative_name_latex(Named(y, ()), (x, t))
('∂³f/∂t∂x²', '\\frac{\\partial^{2} y}{\\partial t \\partial x}')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..expr import Call, Expr, Sym
from ..functions import FUNCTIONS
from ..steps import Derivation, Named
from .latex import to_latex
from .layout import Line, partial_names
from .pretty import superscript, to_pretty

__all__ = [
    "derivative_name_latex",
    "derivative_name_text",
    "heading_latex",
    "line_heading_latex",
    "named_latex",
    "result_name_latex",
]


#: Primes up to the third order; past it the order in parentheses.
_PRIMES = {1: "′", 2: "″", 3: "‴"}


class _Notation(NamedTuple):
    """How one kind of output writes a derivative's name: its printer, the partial
    ``∂ⁿf/∂y∂x²`` (order, name, runs of one variable), Leibniz's ``dⁿy/dxⁿ`` (order, name,
    variable), the primes of an order, and a call written as a sign, primed (``(√x)′``)."""

    printer: Callable[[Expr], str]
    partial: Callable[[int, str, list[tuple[str, int]]], str]
    leibniz: Callable[[int, str, str], str]
    primes: Callable[[int], str]
    primed_sign: Callable[[str, str], str]


def _power_text(number: int) -> str:
    return "" if number == 1 else superscript(str(number)) or f"^{number}"


def _power_latex(number: int) -> str:
    return "" if number == 1 else f"^{{{number}}}"


_TEXT = _Notation(
    to_pretty,
    lambda order, name, runs: (
        f"∂{_power_text(order)}{name}/"
        + "".join(f"∂{var}{_power_text(times)}" for var, times in runs)
    ),
    lambda order, name, var: f"d{_power_text(order)}{name}/d{var}{_power_text(order)}",
    lambda order: _PRIMES.get(order) or superscript(f"({order})") or f"^({order})",
    lambda sign, primes: f"({sign}){primes}",
)
_LATEX = _Notation(
    to_latex,
    lambda order, name, runs: (
        rf"\frac{{\partial{_power_latex(order)} {name}}}{{"
        + " ".join(rf"\partial {var}{_power_latex(times)}" for var, times in runs)
        + "}"
    ),
    lambda order, name, var: (
        rf"\frac{{d{_power_latex(order)}{name}}}{{d{var}{_power_latex(order)}}}"
    ),
    lambda order: "'" * order if order <= 3 else f"^{{({order})}}",
    lambda sign, primes: rf"\left({sign}\right){primes}",
)


def derivative_name_text(
    named: Named, stages: tuple[Expr, ...], partial: bool | None = None
) -> str:
    """``dy/dx``, ``d²y/dx²``; ``f′(x)``, ``f″(x)``, ``f‴(x)``, ``f⁽⁴⁾(x)``; ``∂f/∂x``,
    ``∂²f/∂y∂x`` (``partial``: of a derivation whose later orders are by other variables,
    by default by ``stages`` alone); of no order, the function itself (``y``, ``f(x)``)."""
    return _derivative_name(named, stages, partial, _TEXT)


def derivative_name_latex(
    named: Named, stages: tuple[Expr, ...], partial: bool | None = None
) -> str:
    """``\\frac{dy}{dx}``, ``\\frac{d^{2}y}{dx^{2}}``; ``f'(x)``, ``f''(x)``, ``f^{(4)}(x)``;
    ``\\frac{\\partial^{2} f}{\\partial y \\partial x}`` (``partial`` as in
    :func:`derivative_name_text`); of no order, the function itself."""
    return _derivative_name(named, stages, partial, _LATEX)


def _derivative_name(
    named: Named, stages: tuple[Expr, ...], partial: bool | None, notation: _Notation
) -> str:
    printer = notation.printer
    name = _function_name(named, printer)
    order = len(stages)
    if not order:
        return _function_itself(named, name, printer)
    if partial_names(named, stages) if partial is None else partial:
        runs = [(printer(var), times) for var, times in _runs(stages)]
        return notation.partial(order, name, runs)
    if not named.arguments:
        return notation.leibniz(order, name, printer(stages[0]))
    primes = notation.primes(order)
    sign = _written_as_sign(named, printer)
    if sign is not None:  # (√x)′
        return notation.primed_sign(sign, primes)
    return _function_itself(named, name + primes, printer)


def _runs(stages: tuple[Expr, ...]) -> list[tuple[Expr, int]]:
    """The variables of ``stages`` last first, each run of one variable with its length:
    (x, x, y) is ∂y∂x², as ∂³f/∂y∂x² applies ∂/∂x twice, then ∂/∂y."""
    runs: list[tuple[Expr, int]] = []
    for var in reversed(stages):
        if runs and runs[-1][0] == var:
            runs[-1] = (var, runs[-1][1] + 1)
        else:
            runs.append((var, 1))
    return runs


def _function_itself(named: Named, name: str, printer: Callable[[Expr], str]) -> str:
    """``name`` with the function's arguments, if it has any: ``y``, ``f′(x)``."""
    if not named.arguments:
        return name
    sign = _written_as_sign(named, printer)
    if sign is not None and name == _function_name(named, printer):
        return sign
    return f"{name}({', '.join(map(printer, named.arguments))})"


def _written_as_sign(named: Named, printer: Callable[[Expr], str]) -> str | None:
    """The call of a function of the table that the printer writes with a sign and no
    parenthesis (``√x``, ``|x|``), as written; None for any other function."""
    name = named.name
    if not (named.arguments and isinstance(name, Sym) and name.name in FUNCTIONS):
        return None
    call = printer(Call(name.name, *named.arguments))
    return None if "(" in call else call


def heading_latex(
    expr: Expr,
    stages: tuple[Expr, ...],
    named: Named | None = None,
    *,
    partial: bool = False,
) -> str:
    """``\\frac{d}{dx}\\left(f\\right)`` for the last of ``stages``, after the derivative's
    name where the user named the function (``\\frac{dy}{dx} = \\frac{d}{dx}\\left(x^{2}
    e^{x}\\right)``); ``\\frac{\\partial}{\\partial y}`` for an order of a partial derivative."""
    top, below = (r"\partial", r"\partial ") if partial else ("d", "d")
    var = stages[-1]
    heading = rf"\frac{{{top}}}{{{below}{to_latex(var)}}}\left({to_latex(expr)}\right)"
    if named is None:
        return heading
    return f"{derivative_name_latex(named, stages, partial)} = {heading}"


def line_heading_latex(line: Line) -> str:
    """:func:`heading_latex` of a heading line."""
    assert line.expr is not None
    return heading_latex(line.expr, line.stages, line.named, partial=line.partial)


def named_latex(named: Named | None, stages: tuple[Expr, ...], partial: bool | None = None) -> str:
    """``\\frac{dy}{dx} = `` to write before a derivative of the function the user named
    (of no order: ``y = ``, before its formula); nothing for a function not named."""
    return "" if named is None else f"{derivative_name_latex(named, stages, partial)} = "


def result_name_latex(derivation: Derivation) -> str:
    """:func:`named_latex` of the derivation's result, its last order."""
    return named_latex(derivation.options.get("named"), derivation.variables)


def _function_name(named: Named, printer: Callable[[Expr], str]) -> str:
    """The name as the printer writes it: a function of the table as in a call of it
    (``σ``, ``\\operatorname{softplus}``), any other as a symbol (``φ``, ``f₁``)."""
    name = named.name
    if not (named.arguments and isinstance(name, Sym) and name.name in FUNCTIONS):
        return printer(name)
    call = printer(Call(name.name, *named.arguments))
    if "(" not in call:  # √x, |x|: written as a sign (see _written_as_sign)
        return name.name
    return call[: call.index("(")].removesuffix("\\left")
