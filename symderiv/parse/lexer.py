"""The tokenizer for plain infix formulas: one regular expression, tokens with positions.

Positions (0-based indices into the source) feed the caret of every
:class:`~symderiv.errors.ParseError`.  Unicode spellings are normalised here:
``·``/``×``/``⋅`` are ``*``, ``÷`` is ``/``, ``−`` is ``-``, ``**`` is ``^``, a run of
superscript digits such as ``⁻¹`` is one ``SUPERSCRIPT`` token with its text in
ASCII (``-1``), and the primes ``'``/``′`` are ``PRIME`` tokens.  What the Unicode
printer writes reads back: a superscript run with letters is a power (``e⁻ᶻ`` is
``e^(-z)``), a subscript run after a name is part of it (``x₁`` is ``x_1``, ``log₂``
is ``log_2``), ``√``/``∛`` are ``sqrt``/``cbrt`` and ``ⁿ√(u)`` is ``root(u, n)``.

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
#: Every superscript and subscript character the Unicode printer writes, as ASCII.
_RAISED = str.maketrans(
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
)
_LOWERED = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", "0123456789+-=()aehijklmnoprstuvx")
_RAISED_CLASS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"
_LOWERED_CLASS = "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"
#: The radical signs and the function each stands for.
_RADICALS = {"√": "sqrt", "∛": "cbrt"}
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
  | (?P<NAME>[{_LETTER}][{_LETTER}0-9_]*(?:[{_LOWERED_CLASS}]+(?![{_LETTER}0-9_]))?
      |_(?![{_LETTER}0-9_]))
  | (?P<SUPERSCRIPT>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?![{_RAISED_CLASS}√])|[⁻⁺](?![{_RAISED_CLASS}]))
  | (?P<RAISED>[{_RAISED_CLASS}]+)
  | (?P<RADICAL>[√∛])
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
        expand = _EXPAND.get(kind)
        if expand is not None:
            made = expand(text, source, pos, spaced)
            tokens.extend(made)
            spaced = False
            pos = made[-1].end
            continue
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


def _name(text: str, source: str, pos: int) -> str:
    """A subscript run ending a name is part of it, after ``_``: ``x₁`` is ``x_1``."""
    head = text.rstrip(_LOWERED_CLASS)
    if head == text:
        return text
    return f"{head}_{text[len(head) :].translate(_LOWERED)}"


def _shifted(inner: str, source: str, pos: int) -> list[Token]:
    """The tokens of ``inner``, the ASCII form of ``source[pos:pos + len(inner)]``, at
    their places in ``source`` (the forms match character for character)."""
    try:
        tokens = tokenize(inner)[:-1]
    except ParseError as error:
        raise ParseError(error.message, source, pos + error.position) from None
    return [Token(t.kind, t.text, pos + t.pos, t.spaced, pos + t.end, t.payload) for t in tokens]


def _raised(text: str, source: str, pos: int, spaced: bool) -> list[Token]:
    """``ˣ``, ``⁻ᶻ``, ``²ˣ⁺¹``: a power, ``^(…)``; before a radical sign, its index:
    ``⁵√(u)`` is ``root(u, 5)``."""
    end = pos + len(text)
    if source.startswith("√(", end):
        return _indexed_radical(text, source, pos, spaced)
    inner = _shifted(text.translate(_RAISED), source, pos)
    return [
        Token("OP", "^", pos, spaced, pos),
        Token("LPAREN", "(", pos, False, pos),
        *inner,
        Token("RPAREN", ")", end, False, end),
    ]


def _indexed_radical(text: str, source: str, pos: int, spaced: bool) -> list[Token]:
    """``ⁿ√(u)``: the tokens of ``root(u, n)``."""
    opening = pos + len(text) + 1
    depth, at = 0, opening
    while at < len(source):
        depth += {"(": 1, ")": -1}.get(source[at], 0)
        if depth == 0:
            break
        at += 1
    if depth:
        raise ParseError("unbalanced parenthesis after the root sign", source, opening)
    index = _shifted(text.translate(_RAISED), source, pos)
    return [
        Token("NAME", "root", pos, spaced, opening),
        Token("LPAREN", "(", opening, False, opening + 1),
        *_shifted(source[opening + 1 : at], source, opening + 1),
        Token("COMMA", ",", at, False, at),
        *index,
        Token("RPAREN", ")", at, False, at + 1),
    ]


def _radical(text: str, source: str, pos: int, spaced: bool) -> list[Token]:
    """``√`` and ``∛`` are the functions ``sqrt`` and ``cbrt``."""
    return [Token("NAME", _RADICALS[text], pos, spaced, pos + 1)]


#: Token kinds that stand for several tokens: kind -> (text, source, pos, spaced) -> tokens.
_EXPAND: dict[str, Callable[[str, str, int, bool], list[Token]]] = {
    "RAISED": _raised,
    "RADICAL": _radical,
}

#: Token kinds whose text is checked or normalised: kind -> (text, source, pos) -> text.
_NORMALISE: dict[str, Callable[[str, str, int], str]] = {
    "NUMBER": _check_number,
    "NAME": _name,
    "OP": _operator,
    "SUPERSCRIPT": _superscript,
}
