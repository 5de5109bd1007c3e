"""Reading ``|…|`` where a bar could close one absolute value or open another.

A bar right after an operand, inside an open ``|…|`` and before another operand, reads
two ways: ``|2|x| − 1|`` is ``|2|·x·|−1|`` (the bar closes) or ``|2·|x| − 1|`` (it
opens a nested one).  Every such bar is a choice: the formula is read once with every
choice closing (the reading of a single absolute value at a time), then with the
choices opening, depth first, until a reading succeeds.  When both readings succeed
and differ, the formula is refused and the message shows both; when one succeeds, it
is the reading.  ``\\left|`` … ``\\right|`` and ``\\lvert`` … ``\\rvert`` in LaTeX say
which bar opens, so they are never a choice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from ..errors import LimitError, MatrixNotationError, ParseError

__all__ = ["MAX_READINGS", "BarChoices", "read_bars"]

#: Most readings tried with nested bars before the formula is refused.
MAX_READINGS = 32


class BarChoices(Protocol):
    """What a parser reports of its bars: the choices it met reading every one as a
    closing bar, and those it opened when asked to open them."""

    source: str
    ambiguous: list[int]
    opened: list[int]

    def run(self) -> object: ...


Parser = TypeVar("Parser", bound=BarChoices)


def read_bars(make: Callable[[frozenset[int] | None], Parser]) -> tuple[object, Parser]:
    """The reading of a parser made by ``make`` and the parser that read it.

    ``make(None)`` closes at every choice; ``make(closing)`` opens a nested ``|…|`` at
    every choice except the bars at the positions in ``closing``."""
    plain_parser = make(None)
    try:
        plain: object = plain_parser.run()
        failure: ParseError | None = None
    except (LimitError, MatrixNotationError):
        raise
    except ParseError as error:
        plain, failure = None, error
    if not plain_parser.ambiguous:
        if failure is not None:
            raise failure
        return plain, plain_parser
    nested, parser = _nested(make)
    if nested is None or (failure is None and nested == plain):
        if failure is not None:
            raise failure
        return plain, plain_parser
    if failure is None:
        raise ParseError(
            f"the bars | can be read as {plain} or as {nested}; write abs(…) or "
            "\\left|…\\right|, or · before a nested |…|, to say which",
            plain_parser.source,
            plain_parser.ambiguous[0],
        )
    return nested, parser


def _nested(make: Callable[[frozenset[int] | None], Parser]) -> tuple[object, Parser]:
    """The first reading, depth first, that opens a nested ``|…|`` at a choice (None if
    every one fails or :data:`MAX_READINGS` are tried)."""
    closing: frozenset[int] = frozenset()
    parser = make(closing)
    for _ in range(MAX_READINGS):
        try:
            return parser.run(), parser
        except (LimitError, MatrixNotationError):
            raise
        except ParseError:
            opened = [pos for pos in parser.opened if pos not in closing]
            if not opened:
                break
            last = opened[-1]
            closing = frozenset(pos for pos in closing if pos < last) | {last}
            parser = make(closing)
    return None, parser
