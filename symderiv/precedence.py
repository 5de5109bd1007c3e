"""The one precedence table, read by the parsers and by every printer.

A higher level binds tighter.  A printer puts a child in parentheses when the
child's level is below what its position requires; the parsers climb the same
levels, reading the binary operators from :data:`BINARY_OPERATORS`.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["BINARY_OPERATORS", "Level", "Operator"]


class Level(IntEnum):
    """Binding strength of each kind of node and operator."""

    RELATION = 0  # lhs = rhs
    ADD = 10  # a + b, a - b
    NEG = 15  # -a (applies to a whole product: -2x = -(2x))
    MUL = 20  # a*b, a/b, implicit product; a function without parentheses (sin x y)
    SIGNED = 25  # -a right after an operator: a*-b = a*(-b), x^-2 = x^(-2)
    POW = 30  # a^b (right associative)
    POSTFIX = 35  # f', x!
    ATOM = 100  # numbers, names, calls, parenthesised groups


class Operator:
    """A binary operator: its level and whether it associates to the right."""

    __slots__ = ("level", "right", "symbol")

    def __init__(self, symbol: str, level: Level, right: bool = False) -> None:
        self.symbol = symbol
        self.level = level
        self.right = right

    def __repr__(self) -> str:
        return f"Operator({self.symbol!r}, {self.level.name})"


#: The binary operators of the plain-text notation, by their ASCII symbol.
BINARY_OPERATORS: dict[str, Operator] = {
    "+": Operator("+", Level.ADD),
    "-": Operator("-", Level.ADD),
    "*": Operator("*", Level.MUL),
    "/": Operator("/", Level.MUL),
    "^": Operator("^", Level.POW, right=True),
}
