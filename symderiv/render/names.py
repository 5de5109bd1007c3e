"""The derivative of a function the user named, as a textbook names it: ``y = x²eˣ`` is
differentiated as dy/dx (then d²y/dx², …), ``f(x) = x²eˣ`` as f′(x) (then f″(x), f‴(x),
f⁽⁴⁾(x)).  A derivation carries the name in ``options["named"]`` (see
:func:`symderiv.pipeline.derive`) only where it applies: every order by the one variable,
which is the function's own argument.

>>> from symderiv.expr import Sym
>>> from symderiv.steps import Named
>>> y, f, x = Sym("y"), Sym("f"), Sym("x")
>>> derivative_name_text(Named(y, ()), x, 2), derivative_name_latex(Named(y, ()), x, 2)
('d²y/dx²', '\\\\frac{d^{2}y}{dx^{2}}')
>>> derivative_name_text(Named(f, (x,)), x, 3), derivative_name_latex(Named(f, (x,)), x, 4)
('f‴(x)', 'f^{(4)}(x)')
"""

from __future__ import annotations

from collections.abc import Callable

from ..expr import Call, Expr, Sym
from ..functions import FUNCTIONS
from ..steps import Named
from .latex import to_latex
from .layout import Line
from .pretty import superscript, to_pretty

__all__ = [
    "derivative_name_latex",
    "derivative_name_text",
    "heading_latex",
    "line_heading_latex",
    "named_latex",
]


#: Primes up to the third order; past it the order in parentheses.
_PRIMES = {1: "′", 2: "″", 3: "‴"}


def derivative_name_text(named: Named, var: Expr, order: int) -> str:
    """``dy/dx``, ``d²y/dx²``; ``f′(x)``, ``f″(x)``, ``f‴(x)``, ``f⁽⁴⁾(x)``; of order 0,
    the function itself (``y``, ``f(x)``)."""
    name = _function_name(named, to_pretty)
    if not order:
        return _function_itself(named, name, to_pretty)
    if not named.arguments:
        power = "" if order == 1 else superscript(str(order)) or f"^{order}"
        variable = to_pretty(var)
        return f"d{power}{name}/d{variable}{power}"
    primes = _PRIMES.get(order) or superscript(f"({order})") or f"^({order})"
    sign = _written_as_sign(named, to_pretty)
    if sign is not None:  # (√x)′
        return f"({sign}){primes}"
    return _function_itself(named, name + primes, to_pretty)


def derivative_name_latex(named: Named, var: Expr, order: int) -> str:
    """``\\frac{dy}{dx}``, ``\\frac{d^{2}y}{dx^{2}}``; ``f'(x)``, ``f''(x)``, ``f^{(4)}(x)``;
    of order 0, the function itself."""
    name = _function_name(named, to_latex)
    if not order:
        return _function_itself(named, name, to_latex)
    if not named.arguments:
        power = "" if order == 1 else f"^{{{order}}}"
        return rf"\frac{{d{power}{name}}}{{d{to_latex(var)}{power}}}"
    primes = "'" * order if order <= 3 else f"^{{({order})}}"
    sign = _written_as_sign(named, to_latex)
    if sign is not None:  # \left(\sqrt{x}\right)'
        return rf"\left({sign}\right){primes}"
    return _function_itself(named, name + primes, to_latex)


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
    expr: Expr, var: Expr, order: int = 1, named: Named | None = None, *, partial: bool = False
) -> str:
    """``\\frac{d}{dx}\\left(f\\right)``, after the derivative's name where the user named
    the function (``\\frac{dy}{dx} = \\frac{d}{dx}\\left(x^{2} e^{x}\\right)``);
    ``\\frac{\\partial}{\\partial y}`` for an order of a derivative by several variables."""
    top, below = (r"\partial", r"\partial ") if partial else ("d", "d")
    heading = rf"\frac{{{top}}}{{{below}{to_latex(var)}}}\left({to_latex(expr)}\right)"
    if named is None:
        return heading
    return f"{derivative_name_latex(named, var, order)} = {heading}"


def line_heading_latex(line: Line) -> str:
    """:func:`heading_latex` of a heading line."""
    assert line.expr is not None and line.var is not None
    return heading_latex(line.expr, line.var, line.order, line.named, partial=line.partial)


def named_latex(named: Named | None, var: Expr, order: int) -> str:
    """``\\frac{dy}{dx} = `` to write before a derivative of the function the user named
    (of order 0: ``y = ``, before its formula); nothing for a function not named."""
    return "" if named is None else f"{derivative_name_latex(named, var, order)} = "


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
