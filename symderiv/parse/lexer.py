"""The tokenizer for plain infix formulas: one regular expression, tokens with positions.

Positions (0-based indices into the source) feed the caret of every
:class:`~symderiv.errors.ParseError`.  Unicode spellings are normalised here:
``·``/``×``/``⋅`` are ``*``, ``÷`` is ``/``, ``−`` is ``-``, ``**`` is ``^``, a run of
superscript digits such as ``⁻¹`` is one ``SUPERSCRIPT`` token with its text in
ASCII (``-1``), and the primes ``'``/``′`` are ``PRIME`` tokens.

>>> [(t.kind, t.text) for t in tokenize("2x² + sin(x)")]
[('NUMBER', '2'), ('NAME', 'x'), ('SUPERSCRIPT', '2'), ('OP', '+'), ('NAME', 'sin'), \
('LPAREN', '('), ('NAME', 'x'), ('RPAREN', ')'), ('END', '')]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any, NamedTuple

from ..errors import LimitError, ParseError
from ..functions import GREEK_LETTERS, GREEK_VARIANTS
from .vocabulary import DECORATED_LETTERS, DECORATION_MARKS

__all__ = [
    "GREEK",
    "MAX_DECIMAL_EXPONENT",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_LENGTH",
    "OPERATOR_SPELLINGS",
    "Token",
    "tokenize",
    "unexpected_character",
]

#: Longest accepted input, in characters.
MAX_LENGTH = 100_000
#: Most digits in one number literal.
MAX_DIGITS = 1_000
#: Deepest nesting of brackets, functions and operators accepted.
MAX_DEPTH = 20_000
#: Largest power of ten in scientific notation (``1e-3``).
MAX_DECIMAL_EXPONENT = 1_000

#: Greek letters typed as characters, and the names they stand for.
GREEK: dict[str, str] = {letter: name for name, letter in GREEK_LETTERS.items()} | GREEK_VARIANTS

#: Every spelling of an operator -> the ASCII operator it means.
OPERATOR_SPELLINGS: dict[str, str] = {
    "+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "·": "*", "×": "*", "⋅": "*",
    "∙": "*", "/": "/", "÷": "/", "^": "^", "**": "^",
}  # fmt: skip

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_GREEK_CLASS = "".join(GREEK)
#: Letters of names: Latin, Greek, accented (``ŷ``) and the accents' combining marks.
_LETTER = f"A-Za-z{_GREEK_CLASS}{DECORATED_LETTERS}{DECORATION_MARKS}"
#: An order written after a differential: ``^2`` or a superscript digit.
_ORDER = "(?:\\^[0-9]+|[²³⁴⁵⁶⁷⁸⁹])"

_TOKEN = re.compile(
    rf"""
    (?P<SPACE>\s+)
  | (?P<NUMBER>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<DERIVATIVE>d{_ORDER}?/d[{_LETTER}][{_LETTER}0-9_]*{_ORDER}?
      |∂{_ORDER}?/(?:\s*∂[{_LETTER}][{_LETTER}0-9_]*{_ORDER}?)+)
  | (?P<NAME>[{_LETTER}][{_LETTER}0-9_]*|_(?![{_LETTER}0-9_]))
  | (?P<SUPERSCRIPT>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[⁻⁺])
  | (?P<OP>\*\*|[-+*/^·×⋅∙÷−–])
  | (?P<LPAREN>\()
  | (?P<RPAREN>\))
  | (?P<LBRACKET>\[)
  | (?P<RBRACKET>\])
  | (?P<COMMA>,)
  | (?P<BAR>\|)
  | (?P<PRIME>['′]+)
  | (?P<EQUALS>=)
    """,
    re.VERBOSE,
)

_HINTS: dict[str, str] = {
    "{": "braces belong to LaTeX; use parse_latex, or parentheses",
    "}": "braces belong to LaTeX; use parse_latex, or parentheses",
    "\\": "a backslash starts a LaTeX command; use parse_latex",
    "!": "factorials are not supported",
    "∞": "infinity is not supported",
    "∂": "a partial derivative is written ∂/∂x (…), with what it differentiates after it",
}


def unexpected_character(char: str) -> str:
    """The message for a character no token starts with; a digit other than 0-9
    (Arabic-Indic ``١``, full-width ``１``, subscript ``₂``) is named, never read as a number."""
    hint = _HINTS.get(char, "")
    if not hint and char.isdigit():
        name = unicodedata.name(char, "a digit").lower()
        hint = f"{name}: numbers are written with the digits 0-9"
    detail = f" ({hint})" if hint else ""
    return f"unexpected character {char!r}{detail}"


class Token(NamedTuple):
    """One token: its kind, its (normalised) text, where it starts, and whether
    white space came before it."""

    kind: str
    text: str
    pos: int
    spaced: bool = False
    end: int = 0
    payload: Any = None


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens, ending with an ``END`` token.

    Raises :class:`ParseError` at the first character no token can start with,
    and :class:`LimitError` for over-long input or numbers.
    """
    if len(source) > MAX_LENGTH:
        raise LimitError(
            f"input too long ({len(source):,} characters; the limit is {MAX_LENGTH:,})",
            source[:200],
            min(len(source), 199),
        )
    tokens: list[Token] = []
    append = tokens.append
    pos = 0
    spaced = False
    match = _TOKEN.match
    length = len(source)
    while pos < length:
        found = match(source, pos)
        if found is None:
            raise ParseError(unexpected_character(source[pos]), source, pos)
        kind = found.lastgroup or ""
        end = found.end()
        if kind == "SPACE":
            spaced = True
            pos = end
            continue
        text = found.group()
        normalise = _NORMALISE.get(kind)
        if normalise is not None:
            text = normalise(text, source, pos)
        append(Token(kind, text, pos, spaced, end))
        spaced = False
        pos = end
    append(Token("END", "", length, spaced, length))
    return tokens


def _operator(text: str, source: str, pos: int) -> str:
    """Every spelling of an operator becomes its ASCII form."""
    return OPERATOR_SPELLINGS[text]


def _superscript(text: str, source: str, pos: int) -> str:
    """Superscript digits become ASCII ones; a lone superscript sign is refused."""
    text = text.translate(_SUPERSCRIPTS)
    if text in ("-", "+"):
        raise ParseError("a superscript sign needs digits after it", source, pos)
    return text


def _check_number(text: str, source: str, pos: int) -> str:
    """A number literal within the limits on digits and decimal exponent."""
    if len(text) <= MAX_DIGITS and "e" not in text and "E" not in text:
        return text
    mantissa, _, exponent = text.lower().partition("e")
    digits = sum(ch.isdigit() for ch in mantissa)
    if digits > MAX_DIGITS:
        raise LimitError(
            f"number too long ({digits:,} digits; the limit is {MAX_DIGITS:,})", source, pos
        )
    if exponent and (len(exponent) > 6 or abs(int(exponent)) > MAX_DECIMAL_EXPONENT):
        raise LimitError(
            f"exponent too large in {text[:20]!r} (the limit is 10^±{MAX_DECIMAL_EXPONENT})",
            source,
            pos,
        )
    return text


#: Token kinds whose text is checked or normalised: kind -> (text, source, pos) -> text.
_NORMALISE: dict[str, Callable[[str, str, int], str]] = {
    "NUMBER": _check_number,
    "OP": _operator,
    "SUPERSCRIPT": _superscript,
}
