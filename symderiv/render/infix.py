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
    register_printer,
)
from ..precedence import Level
from ..special_functions import OTHERWISE, RELATIONS, pieces_of
from .stream import Pieces, emit, listed, wrapped

__all__ = ["format_number", "level_of", "to_infix"]


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
    return _LEVELS.get(type(node), Level.ATOM) if type(node) is not Num else node.level


#: Printed binding level of each node class (a number's depends on its value).
_LEVELS: dict[type, Level] = {
    Add: Level.ADD,
    Neg: Level.NEG,
    Mul: Level.MUL,
    Div: Level.MUL,
    Pow: Level.POW,
}


def _wrapped(node: Expr, minimum: Level, strict: bool = False) -> Pieces:
    """The node, in parentheses when it binds more loosely than its position needs."""
    return wrapped(node, level_of(node), minimum, strict)


def _print_num(node: Expr) -> Pieces:
    assert isinstance(node, Num)
    return [format_number(node.value, node.decimal)]


def _print_name(node: Expr) -> Pieces:
    assert isinstance(node, (Sym, Const))
    return [node.name]


def _negated_operand(node: Expr) -> Pieces:
    """The operand of a minus sign: a bare positive number is bracketed, so that it
    does not read back as a negative literal."""
    if isinstance(node, Num):
        return ["(", node, ")"]
    return _wrapped(node, Level.MUL)


def _print_add(node: Expr) -> Pieces:
    pieces: Pieces = []
    for index, term in enumerate(node.children):
        first = index == 0
        if isinstance(term, Neg):
            pieces.append("-" if first else " - ")
            pieces += _negated_operand(term.arg)
        elif isinstance(term, Num) and term.value < 0:
            text = format_number(-term.value, term.decimal)
            if isinstance(term.value, Fraction) and not term.decimal:
                text = f"({text})"
            pieces.append(f"-{text}" if first else f" - {text}")
        else:
            if not first:
                pieces.append(" + ")
            pieces += _wrapped(term, Level.ADD, strict=True)
    return pieces


def _print_neg(node: Expr) -> Pieces:
    assert isinstance(node, Neg)
    return ["-", *_negated_operand(node.arg)]


def _print_mul(node: Expr) -> Pieces:
    pieces: Pieces = []
    for index, factor in enumerate(node.children):
        if index:
            pieces.append("*")
        needs = (
            isinstance(factor, Mul)
            or (isinstance(factor, Div) and index > 0)
            or (isinstance(factor, Num) and factor.level == Level.MUL)
        )
        pieces += ["(", factor, ")"] if needs else _wrapped(factor, Level.MUL)
    return pieces


def _print_div(node: Expr) -> Pieces:
    num, den = node.children
    grouped = isinstance(num, Div) or (isinstance(num, Num) and num.level == Level.MUL)
    top = ["(", num, ")"] if grouped else None
    return [*(top or _wrapped(num, Level.MUL)), "/", *_wrapped(den, Level.MUL, strict=True)]


def _print_pow(node: Expr) -> Pieces:
    base, exponent = node.children
    return [*_wrapped(base, Level.POW, strict=True), "^", *_wrapped(exponent, Level.POW)]


def _print_call(node: Expr) -> Pieces:
    assert isinstance(node, Call)
    relation = RELATIONS.get(node.name)
    if relation is not None and len(node.children) == 2:  # a condition: x >= 0
        left, right = node.children
        return [left, f" {relation.infix} ", right]
    if node.name == "piecewise":  # piecewise((x^2, x >= 0), (-x, True))
        pieces: Pieces = ["piecewise("]
        for index, (value, condition) in enumerate(pieces_of(node)):
            shown: Pieces = ["True"] if condition is OTHERWISE else [condition]
            pieces += [", (" if index else "(", value, ", ", *shown, ")"]
        return [*pieces, ")"]
    return [f"{node.name}(", *listed(node.children), ")"]


def _print_log(node: Expr) -> Pieces:
    assert isinstance(node, Log)
    if node.natural:
        return ["ln(", node.arg, ")"]
    return ["log(", node.arg, ", ", node.base, ")"]


def _print_indexed(node: Expr) -> Pieces:
    assert isinstance(node, Indexed)
    return [f"{node.name}[", *listed(node.children), "]"]


def _print_big_operator(node: Expr) -> Pieces:
    assert isinstance(node, (Sum, Product))
    name = "sum" if isinstance(node, Sum) else "prod"
    pieces: Pieces = [f"{name}(", node.body, ", ", node.index]
    if node.lower is not None or node.upper is not None:
        pieces += [", ", node.lower if node.lower is not None else "_"]
        pieces += [", ", node.upper if node.upper is not None else "_"]
    return [*pieces, ")"]


def _print_derivative(node: Expr) -> Pieces:
    assert isinstance(node, Derivative)
    if node.var is None:
        return ["(", node.expr, ")" + chr(39) * node.order]
    order = f", {node.order}" if node.order != 1 else ""
    return ["diff(", node.expr, ", ", node.var, f"{order})"]


_PRINTERS: dict[type, Callable[[Expr], Pieces]] = {
    Num: _print_num,
    Sym: _print_name,
    Const: _print_name,
    Add: _print_add,
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


def _pieces(node: Expr) -> Pieces:
    return _PRINTERS[type(node)](node)


def to_infix(expr: Expr) -> str:
    """The expression as plain infix text (one walk, iterative: safe at any depth, and
    in memory proportional to the text)."""
    return emit(expr, _pieces)


register_printer("infix", to_infix)
