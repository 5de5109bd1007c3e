r"""LaTeX for one expression: ``to_latex(parse("x^2 e^x"))`` is ``x^{2} e^{x}``.

Conventions (regular, so that :func:`symderiv.parse_latex` reads them back):
quotients are ``\frac{a}{b}``; powers ``a^{b}``; functions always take
``\left(…\right)`` (``\sin\left(x\right)``, ``\sigma\left(z\right)``,
``\operatorname{softplus}\left(x\right)``); ``\ln\left(x\right)`` and
``\log_{b}\left(x\right)``; ``\sqrt{x}``, ``\sqrt[n]{x}``, ``\left|x\right|``;
products juxtapose with a space, using ``\cdot`` before a number; Greek names become
letters (``\theta``); ``x_1`` is ``x_{1}``; an indexed variable is ``y_{i,k}``; Σ is
``\sum_{k=1}^{K}``; any other name is written as itself, escaped (``x_`` is
``\mathtt{x\_}``, see :func:`symderiv.escape.latex_name`).  The tree is walked
without recursion.
"""

from __future__ import annotations

from collections.abc import Callable

from ..escape import latex_name
from ..expr import (
    PI,
    Add,
    Call,
    Const,
    Derivative,
    Div,
    Expr,
    Indexed,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Product,
    Sum,
    Sym,
    fold,
    register_printer,
)
from ..functions import FUNCTIONS, INDEXED_FUNCTIONS
from ..precedence import Level
from .infix import format_number

__all__ = ["latex_name", "to_latex"]

Printed = tuple[str, Level]

#: Functions LaTeX has no command for, written with ``\operatorname``.
_OPERATOR_NAMES = {"asinh": "arsinh", "acosh": "arcosh", "atanh": "artanh", "acoth": "arcoth",
                   "asech": "arsech", "acsch": "arcsch", "asec": "arcsec", "acsc": "arccsc",
                   "acot": "arccot"}  # fmt: skip
_COMMANDS = {"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "exp"}
_ARC = {"asin": r"\arcsin", "acos": r"\arccos", "atan": r"\arctan"}


def _function_name(name: str) -> str:
    if name in _COMMANDS:
        return f"\\{name}"
    if name in _ARC:
        return _ARC[name]
    if name == "sigmoid":
        return r"\sigma"
    if name in _OPERATOR_NAMES:
        return f"\\operatorname{{{_OPERATOR_NAMES[name]}}}"
    if name.endswith("'"):
        return (
            f"{latex_name(name.rstrip(chr(39)))}{chr(39) * (len(name) - len(name.rstrip(chr(39))))}"
        )
    if name in FUNCTIONS:
        return f"\\operatorname{{{name}}}"
    return latex_name(name)


def _wrap(printed: Printed, minimum: Level, strict: bool = False) -> str:
    text, level = printed
    if level < minimum or (strict and level == minimum):
        return f"\\left({text}\\right)"
    return text


def _print_num(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Num)
    text = format_number(node.value, node.decimal)
    if "/" in text:
        sign = "-" if text.startswith("-") else ""
        top, bottom = text.lstrip("-").split("/")
        return f"{sign}\\frac{{{top}}}{{{bottom}}}", Level.NEG if sign else Level.ATOM
    return text, node.level if node.value < 0 else Level.ATOM


def _print_add(node: Expr, children: list[Printed]) -> Printed:
    parts: list[str] = []
    for index, (_term, printed) in enumerate(zip(node.children, children, strict=True)):
        text = printed[0]
        if index and printed[1] == Level.NEG and text.startswith("-"):
            parts.append(f" - {text[1:]}")
        elif index:
            parts.append(f" + {_wrap(printed, Level.ADD, strict=True)}")
        else:
            parts.append(_wrap(printed, Level.ADD, strict=True))
    return "".join(parts), Level.ADD


def _print_neg(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Neg)
    inner = children[0]
    if isinstance(node.arg, Num):
        return f"-\\left({inner[0]}\\right)", Level.NEG
    return f"-{_wrap(inner, Level.MUL)}", Level.NEG


def _print_mul(node: Expr, children: list[Printed]) -> Printed:
    pieces: list[str] = []
    for index, (factor, printed) in enumerate(zip(node.children, children, strict=True)):
        needs = isinstance(factor, Mul)
        piece = f"\\left({printed[0]}\\right)" if needs else _wrap(printed, Level.MUL)
        after_word = index and _is_word(node.children[index - 1]) and piece.startswith("\\left(")
        if index and (piece[:1].isdigit() or piece.startswith("-") or after_word):
            pieces.append(f"\\cdot {piece}")
        else:
            pieces.append(piece)
    return " ".join(pieces), Level.MUL


def _is_word(node: Expr) -> bool:
    """A symbol written with ``\\mathrm`` or ``\\mathtt``: a parenthesis after it would
    read as a call."""
    return isinstance(node, Sym) and latex_name(node.name).startswith(("\\mathrm", "\\mathtt"))


def _print_div(node: Expr, children: list[Printed]) -> Printed:
    return f"\\frac{{{children[0][0]}}}{{{children[1][0]}}}", Level.ATOM


def _print_pow(node: Expr, children: list[Printed]) -> Printed:
    base = _wrap(children[0], Level.POW, strict=True)
    if isinstance(node.children[0], Div):
        base = f"\\left({children[0][0]}\\right)"
    return f"{base}^{{{children[1][0]}}}", Level.POW


def _print_call(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Call)
    texts = [text for text, _ in children]
    if node.name == "sqrt":
        return f"\\sqrt{{{texts[0]}}}", Level.ATOM
    if node.name == "root":
        return f"\\sqrt[{texts[1]}]{{{texts[0]}}}", Level.ATOM
    if node.name == "abs":
        return f"\\left|{texts[0]}\\right|", Level.ATOM
    if node.name == "delta":
        return f"\\delta_{{{','.join(texts)}}}", Level.ATOM
    if node.name in INDEXED_FUNCTIONS and len(texts) == 2:
        return f"{_function_name(node.name)}\\left({texts[0]}\\right)_{{{texts[1]}}}", Level.ATOM
    return f"{_function_name(node.name)}\\left({', '.join(texts)}\\right)", Level.ATOM


def _print_log(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Log)
    if node.natural:
        return f"\\ln\\left({children[0][0]}\\right)", Level.ATOM
    return f"\\log_{{{children[1][0]}}}\\left({children[0][0]}\\right)", Level.ATOM


def _print_indexed(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Indexed)
    return f"{latex_name(node.name)}_{{{','.join(t for t, _ in children)}}}", Level.ATOM


def _print_big(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, (Sum, Product))
    command = r"\sum" if isinstance(node, Sum) else r"\prod"
    texts = iter(text for text, _ in children)
    body, index = next(texts), next(texts)
    lower = next(texts) if node.lower is not None else None
    upper = next(texts) if node.upper is not None else None
    sub = f"{index}={lower}" if lower is not None else index
    sup = f"^{{{upper}}}" if upper is not None else ""
    shown = _wrap(children[0], Level.MUL) if body else body
    return f"{command}_{{{sub}}}{sup} {shown}", Level.NEG


def _print_derivative(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Derivative)
    if node.var is None:
        return f"\\left({children[0][0]}\\right){chr(39) * node.order}", Level.ATOM
    order = f"^{{{node.order}}}" if node.order > 1 else ""
    return (
        f"\\frac{{d{order}}}{{d{children[1][0]}{order}}}\\left({children[0][0]}\\right)",
        Level.NEG,
    )


_PRINTERS: dict[type, Callable[[Expr, list[Printed]], Printed]] = {
    Num: _print_num,
    Sym: lambda node, _: (latex_name(node.name), Level.ATOM),  # type: ignore[attr-defined]
    Const: lambda node, _: (r"\pi" if node is PI else "e", Level.ATOM),
    Add: _print_add,
    Neg: _print_neg,
    Mul: _print_mul,
    Div: _print_div,
    Pow: _print_pow,
    Call: _print_call,
    Log: _print_log,
    Indexed: _print_indexed,
    Sum: _print_big,
    Product: _print_big,
    Derivative: _print_derivative,
}


def to_latex(expr: Expr) -> str:
    """The expression in LaTeX (math mode, without delimiters)."""

    def combine(node: Expr, children: list[Printed]) -> Printed:
        return _PRINTERS[type(node)](node, children)

    return fold(expr, combine)[0]


register_printer("latex", to_latex)
