r"""A function of the table with a prime before its argument: ``σ'(x)``, ``sin''(t)``,
``\sigma'(x)`` is that function's derivative at a variable, read as ``diff(σ(x), x)``
(the tokens are rewritten before the grammar reads them, so both readers share it).

At anything but one variable it is refused, saying how to write what is meant:
``sin'(2x)`` is cos(2x), the derivative at 2x, not the derivative of sin(2x).  A
declared function keeps its own reading (``f'(x)`` is the function ``f'``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from ..errors import ParseError
from ..functions import ALIASES
from .lexer import Token
from .vocabulary import CONSTANTS, LOG_NAMES

__all__ = ["primed_call_message", "primed_calls"]


def primed_call_message(written: str, argument: str, point: bool = False) -> str:
    """The refusal of ``sin'(2x)``, a primed function at anything but one variable, and
    of ``sin'(π)`` (``point``: at a number or a constant), a derivative's value."""
    if point:
        return (
            f"{written}'({argument}) is the value of a derivative at a point: differentiate "
            f"{written}(x) and ask for its value there (--at x={argument} on the command "
            f"line, or .at(x={argument}))"
        )
    return (
        f"{written}'({argument}) is the derivative of {written} taken at {argument}, read "
        f"only at a variable ({written}'(x)); for the derivative of {written}({argument}) "
        f"write ({written}({argument}))'"
    )


def _function_of_the_table(token: Token, declared: Collection[str]) -> bool:
    text = token.text
    known = text in ALIASES or text in LOG_NAMES or text.startswith("log_")
    return token.kind == "NAME" and known and text not in declared


def _closing(tokens: Sequence[Token], opening: int) -> int | None:
    """Where the parenthesis opened at ``tokens[opening]`` closes."""
    depth = 0
    for index in range(opening, len(tokens)):
        kind = tokens[index].kind
        depth += (kind == "LPAREN") - (kind == "RPAREN")
        if depth == 0:
            return index
    return None


def _variable(token: Token) -> bool:
    """One name that is neither a constant nor a function: ``x``, ``θ``, ``x_1``."""
    text = token.text
    return token.kind == "NAME" and text not in CONSTANTS and text not in ALIASES


def _primed_at(tokens: Sequence[Token], index: int, declared: Collection[str]) -> int | None:
    """Where the argument of ``F'(…)`` closes, for a function of the table ``F`` at
    ``tokens[index]`` with a prime and a parenthesis after it; ``None`` otherwise."""
    if index + 2 >= len(tokens) or not _function_of_the_table(tokens[index], declared):
        return None
    prime, opening = tokens[index + 1], tokens[index + 2]
    if prime.kind != "PRIME" or prime.spaced or opening.kind != "LPAREN":
        return None
    return _closing(tokens, index + 2)


def primed_calls(tokens: list[Token], functions: Iterable[str], source: str) -> list[Token]:
    """``tokens`` with each ``F'(x)`` of a function of the table as ``diff(F(x), x)``
    (``F''(x)`` as ``diff(F(x), x, 2)``; ``functions``: the declared ones, which keep
    their own reading); the same list when there is none."""
    if not any(token.kind == "PRIME" for token in tokens):
        return tokens
    declared = frozenset(functions)
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        closing = _primed_at(tokens, index, declared)
        if closing is None:
            out.append(tokens[index])
            index += 1
            continue
        name, prime, opening = tokens[index : index + 3]
        inside = tokens[index + 3 : closing]
        if len(inside) != 1 or not _variable(inside[0]):
            written = source[name.pos : prime.pos].strip()
            start = opening.end or opening.pos + 1
            argument = source[start : tokens[closing].pos].strip()
            point = len(inside) == 1 and (inside[0].kind == "NUMBER" or inside[0].text in CONSTANTS)
            message = primed_call_message(written, argument, point)
            raise ParseError(message, source, name.pos)
        out += _derivative_call(name, opening, inside[0], tokens[closing], len(prime.text))
        index = closing + 1
    return out


def _derivative_call(
    name: Token, opening: Token, variable: Token, closing: Token, order: int
) -> list[Token]:
    """``diff(F(x), x)``, or ``diff(F(x), x, n)``, in tokens standing where ``F'(x)`` did."""
    at, end = name.pos, closing.pos

    def token(kind: str, text: str, pos: int) -> Token:
        return Token(kind, text, pos, False, pos + len(text))

    order_tokens = [token("COMMA", ",", end), token("NUMBER", str(order), end)]
    return [
        token("NAME", "diff", at),
        token("LPAREN", "(", at),
        name,
        opening._replace(spaced=False),
        variable,
        closing,
        token("COMMA", ",", end),
        variable,
        *(order_tokens if order > 1 else []),
        token("RPAREN", ")", end),
    ]
