"""Plain ASCII infix: what ``str(expr)`` prints, and what :func:`symderiv.parse` reads
back to an equal tree.

Parentheses come from the one precedence table (:mod:`symderiv.precedence`): a child
is wrapped when its level is below what its position needs.  A nested sum or product
is wrapped too, because the parser keeps a bracketed group as its own node.

>>> from symderiv.expr import Sym, Neg, Num, E
>>> x = Sym("x")
>>> print(x**2 * E**x - Num(3))
x^2*e^x - 3
>>> print(Neg(x) * (x + 1))
(-x)*(x + 1)
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from ..expr import (
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
    digits,
    fold,
)
from ..precedence import Level

__all__ = ["format_number", "level_of", "to_infix"]

Printed = tuple[str, Level]


def format_number(value: int | Fraction, decimal: bool) -> str:
    """An exact number as text: ``3``, ``-3``, ``1/2``, or ``0.25`` when written as a decimal.

    A decimal that does not terminate (it can only come from arithmetic) prints as
    a quotient.
    """
    if isinstance(value, int):
        return f"{digits(value)}.0" if decimal else digits(value)
    if decimal:
        terminating = _terminating_decimal(value)
        if terminating is not None:
            return terminating
    return f"{digits(value.numerator)}/{digits(value.denominator)}"


def _terminating_decimal(value: Fraction) -> str | None:
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    places = max(twos, fives)
    scaled = abs(value.numerator) * 10**places // value.denominator
    written = digits(scaled).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{written[:-places]}.{written[-places:]}"


def level_of(node: Expr) -> Level:
    """The binding level of a node as printed."""
    return node.level


def _wrap(printed: Printed, minimum: Level, strict: bool = False) -> str:
    text, level = printed
    if level < minimum or (strict and level == minimum):
        return f"({text})"
    return text


def _print_num(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Num)
    return format_number(node.value, node.decimal), node.level


def _print_name(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, (Sym, Const))
    return node.name, Level.ATOM


def _negated_operand(node: Expr, printed: Printed) -> str:
    """The operand of a minus sign: a bare positive number is bracketed, so that it
    does not read back as a negative literal."""
    if isinstance(node, Num):
        return f"({printed[0]})"
    return _wrap(printed, Level.MUL)


def _print_add(node: Expr, children: list[Printed], memo: dict[Expr, Printed]) -> Printed:
    parts: list[str] = []
    for index, (term, printed) in enumerate(zip(node.children, children, strict=True)):
        first = index == 0
        if isinstance(term, Neg):
            operand = _negated_operand(term.arg, memo[term.arg])
            parts.append(f"-{operand}" if first else f" - {operand}")
        elif isinstance(term, Num) and term.value < 0:
            text = format_number(-term.value, term.decimal)
            if isinstance(term.value, Fraction) and not term.decimal:
                text = f"({text})"
            parts.append(f"-{text}" if first else f" - {text}")
        else:
            text = _wrap(printed, Level.ADD, strict=True)
            parts.append(text if first else f" + {text}")
    return "".join(parts), Level.ADD


def _print_neg(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Neg)
    return f"-{_negated_operand(node.arg, children[0])}", Level.NEG


def _print_mul(node: Expr, children: list[Printed]) -> Printed:
    parts = []
    for index, (factor, printed) in enumerate(zip(node.children, children, strict=True)):
        needs = (
            isinstance(factor, Mul)
            or (isinstance(factor, Div) and index > 0)
            or (isinstance(factor, Num) and factor.level == Level.MUL)
        )
        parts.append(f"({printed[0]})" if needs else _wrap(printed, Level.MUL))
    return "*".join(parts), Level.MUL


def _print_div(node: Expr, children: list[Printed]) -> Printed:
    num = node.children[0]
    top = children[0]
    top_text = f"({top[0]})" if isinstance(num, Num) and num.level == Level.MUL else None
    return (
        f"{top_text or _wrap(top, Level.MUL)}/{_wrap(children[1], Level.MUL, strict=True)}",
        Level.MUL,
    )


def _print_pow(node: Expr, children: list[Printed]) -> Printed:
    base, exponent = children
    return f"{_wrap(base, Level.POW, strict=True)}^{_wrap(exponent, Level.POW)}", Level.POW


def _print_call(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Call)
    return f"{node.name}({', '.join(text for text, _ in children)})", Level.ATOM


def _print_log(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Log)
    if node.natural:
        return f"ln({children[0][0]})", Level.ATOM
    return f"log({children[0][0]}, {children[1][0]})", Level.ATOM


def _print_indexed(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Indexed)
    return f"{node.name}[{', '.join(text for text, _ in children)}]", Level.ATOM


def _print_big_operator(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, (Sum, Product))
    name = "sum" if isinstance(node, Sum) else "prod"
    texts = iter(text for text, _ in children)
    body, index = next(texts), next(texts)
    parts = [body, index]
    if node.lower is not None or node.upper is not None:
        parts.append(next(texts) if node.lower is not None else "_")
        parts.append(next(texts) if node.upper is not None else "_")
    return f"{name}({', '.join(parts)})", Level.ATOM


def _print_derivative(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Derivative)
    if node.var is None:
        return f"({children[0][0]}){chr(39) * node.order}", Level.ATOM
    order = f", {node.order}" if node.order != 1 else ""
    return f"diff({children[0][0]}, {children[1][0]}{order})", Level.ATOM


_PRINTERS: dict[type, Callable[[Expr, list[Printed]], Printed]] = {
    Num: _print_num,
    Sym: _print_name,
    Const: _print_name,
    Neg: _print_neg,
    Mul: _print_mul,
    Div: _print_div,
    Pow: _print_pow,
    Call: _print_call,
    Log: _print_log,
    Indexed: _print_indexed,
    Sum: _print_big_operator,
    Product: _print_big_operator,
    Derivative: _print_derivative,
}


def to_infix(expr: Expr) -> str:
    """The expression as plain infix text (iterative: safe at any depth)."""

    memo: dict[Expr, Printed] = {}

    def combine(node: Expr, children: list[Printed]) -> Printed:
        if type(node) is Add:
            return _print_add(node, children, memo)
        return _PRINTERS[type(node)](node, children)

    return fold(expr, combine, memo)[0]
