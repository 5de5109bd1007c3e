"""The calls the parser builds by their own rules: ``log`` with or without a base,
``root``, ``sum``/``prod`` over an index, and ``diff``; each checks its arguments and
refuses what has no value (a logarithm to base 1, a root of index 0)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from ..errors import ParseError
from ..expr import (
    Call,
    Derivative,
    Expr,
    Log,
    Product,
    Sum,
    Sym,
    undefined_log_base,
    undefined_root_index,
)
from .notation import NOTES, diff_stages


class _Argument(Protocol):
    """An argument read: where it stands."""

    pos: int


class _Frame(Protocol):
    """The call being closed: where it opened, its name, its arguments as read."""

    pos: int
    name: str

    @property
    def arguments(self) -> Sequence[_Argument]: ...


class _Parser(Protocol):
    """What a builder asks of the parser: its source, its errors and its notes."""

    source: str

    def error(self, message: str, pos: int) -> ParseError: ...

    def note(self, convention: str, sentence: str) -> None: ...


__all__ = ["CALL_BUILDERS", "check_log_base", "undefined_log_message"]


def undefined_log_message(base: Expr) -> str:
    """The message refusing a logarithm to base 1, 0 or a negative number."""
    return f"a logarithm to base {base} is undefined (the base must be positive and not 1)"


def check_log_base(parser: _Parser, base: Expr, pos: int) -> None:
    """A logarithm to base 0 or 1 has no value anywhere: refused where the base stands."""
    if undefined_log_base(base):
        raise parser.error(undefined_log_message(base), pos)


def _log(parser: _Parser, frame: _Frame, arguments: list[Expr]) -> Expr:
    """``log(x)`` is ln x (with a note); ``log(x, b)`` is the logarithm to base b."""
    if len(arguments) == 1:
        parser.note("natural-log", NOTES["natural-log"])
        return Log(arguments[0])
    if len(arguments) == 2:
        check_log_base(parser, arguments[1], frame.arguments[1].pos)
        return Log(arguments[0], arguments[1])
    raise parser.error("log takes one or two arguments: log(x) or log(x, base)", frame.pos)


def _root(parser: _Parser, frame: _Frame, arguments: list[Expr]) -> Expr:
    """``root(x, n)`` is x^(1/n), for an index other than 0."""
    if len(arguments) != 2:
        raise parser.error(f"root takes 2 arguments, not {len(arguments)}", frame.pos)
    if undefined_root_index(arguments[1]):
        raise parser.error(
            "a root of index 0 is undefined (root(x, n) is x^(1/n))", frame.arguments[1].pos
        )
    return Call("root", *arguments)


def _fixed_log(parser: _Parser, frame: _Frame, arguments: list[Expr]) -> Expr:
    """``log_2(x)``: the base written before the argument."""
    base, *rest = arguments
    if len(rest) != 1:
        raise parser.error("this logarithm takes one argument", frame.pos)
    return Log(rest[0], base)


def _big_operator(parser: _Parser, frame: _Frame, arguments: list[Expr]) -> Expr:
    """``sum(body, k)``, ``sum(body, k, lower, upper)`` and the same for ``prod``; ``_``
    for a bound left open."""
    cls: type[Sum] | type[Product] = Sum if frame.name == "sum" else Product
    if len(arguments) not in (2, 4):
        raise parser.error(
            f"{frame.name} takes (body, index) or (body, index, lower, upper)", frame.pos
        )
    index = arguments[1]
    if not isinstance(index, Sym):
        raise parser.error(f"the index of {frame.name} must be a name", frame.arguments[1].pos)
    bounds = [None if _is_placeholder(b) else b for b in arguments[2:]]
    return cls(arguments[0], index, *bounds)


def _derivative(parser: _Parser, frame: _Frame, arguments: list[Expr]) -> Expr:
    """``diff(f, x)``, ``diff(f, x, 2)``, ``diff(f, x, y)``, ``diff(f, x, 2, y)``."""
    positions = [item.pos for item in frame.arguments]
    expr = arguments[0]
    stages = diff_stages(arguments, positions, parser.source, frame.pos)
    for var, order in stages:
        expr = Derivative(expr, var, order)
    if len(stages) > 1:
        parser.note("diff-order", NOTES["diff-order"])
    return expr


def _is_placeholder(expr: Expr) -> bool:
    return isinstance(expr, Sym) and expr.name == "_"


#: The builder of each call read by its own rules, by the name the parser gives it.
CALL_BUILDERS: dict[str, Callable[[_Parser, _Frame, list[Expr]], Expr]] = {
    "log": _log,
    "log_base": _fixed_log,
    "sum": _big_operator,
    "prod": _big_operator,
    "diff": _derivative,
    "root": _root,
}
