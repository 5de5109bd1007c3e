"""Piecewise functions in text: ``piecewise((x^2, x >= 0), (-x, True))`` in plain text and
``\\begin{cases} x^2 & x \\ge 0 \\\\ -x & x < 0 \\end{cases}`` in LaTeX.

Each construct is read before the rest of the formula: its values with the formula's own
parser (so a value may hold another piecewise function), its conditions here — one
comparison (``x >= 0``, ``x \\ge 0``), a chain (``0 <= x < 1``), comparisons joined by
``and``, or ``True`` / ``otherwise`` for the last piece.  The construct is then replaced in
the text by a placeholder name of the same length (so positions after it are unchanged),
which :func:`restore` replaces by the piecewise tree once the formula is read.

>>> from symderiv.parse import parse, parse_latex
>>> print(parse("piecewise((x^2, x >= 0), (-x, True)) + 1"))
piecewise((x^2, x >= 0), (-x, True)) + 1
>>> print(parse_latex(r"\\begin{cases} x^2 & x \\ge 0 \\\\ -x & \\text{otherwise} \\end{cases}"))
piecewise((x^2, x >= 0), (-x, True))
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import ParseError
from ..expr import Call, Equation, Expr, Sym, substitute
from ..special_functions import OTHERWISE, piecewise

__all__ = ["expand_cases", "expand_piecewise", "restore"]

Reader = Callable[[str], Expr]
Pieces = dict[Expr, Expr]

_PLAIN_START = re.compile(r"\bpiecewise\s*\(")
_PLAIN_RELATIONS = (("<=", "le"), (">=", "ge"), ("≤", "le"), ("≥", "ge"), ("<", "lt"), (">", "gt"))
_PLAIN_ALWAYS = frozenset({"true", "otherwise", "else"})

_CASES_START = re.compile(r"\\begin\s*\{cases\}")
_CASES_END = re.compile(r"\\end\s*\{cases\}")
_LATEX_RELATIONS = (
    (r"\geqslant", "ge"), (r"\leqslant", "le"), (r"\geq", "ge"), (r"\leq", "le"),
    (r"\ge", "ge"), (r"\le", "le"), (r"\lt", "lt"), (r"\gt", "gt"), ("<", "lt"), (">", "gt"),
)  # fmt: skip
_LATEX_WORDS = re.compile(
    r"\\(?:text|mathrm|textrm|mbox)\s*\{\s*(if|for|when|otherwise|else|sonst)?\s*\}|"
    r"\\q?quad|\\[,;:! ]|\bif\b|\bfor\b"
)
_LATEX_ALWAYS = re.compile(
    r"\\(?:text|mathrm|textrm|mbox)\s*\{\s*(?:otherwise|else|sonst)\s*[.,;]?\s*\}"
)
_LATEX_AND = re.compile(r"\\(?:land|wedge)\b|\\text\s*\{\s*and\s*\}")
_TRAILING = re.compile(r"[,.;\s]*$")


def _error(message: str, source: str, position: int) -> ParseError:
    return ParseError(message, source, position)


def _matching(text: str, start: int, opening: str = "(", closing: str = ")") -> int:
    """The index of the bracket closing the one at ``start`` (-1: none)."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == opening:
            depth += 1
        elif text[index] == closing:
            depth -= 1
            if depth == 0:
                return index
    return -1


def _split_top(text: str, separator: str, start: int = 0) -> list[tuple[int, str]]:
    """``text`` split at ``separator`` outside brackets and braces: (offset, part) pairs."""
    parts: list[tuple[int, str]] = []
    depth = 0
    begun = 0
    index = 0
    while index < len(text):
        ch = text[index]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and text.startswith(separator, index):
            parts.append((start + begun, text[begun:index]))
            index += len(separator)
            begun = index
            continue
        index += 1
    parts.append((start + begun, text[begun:]))
    return parts


def _placeholder(source: str, taken: Pieces, width: int, latex: bool) -> tuple[Sym, str]:
    number = len(taken) + 1
    while f"PW_{number}" in source or f"PW}}_{{{number}}}" in source:
        number += 1
    written = rf"\mathrm{{PW}}_{{{number}}}" if latex else f"PW_{number}"
    return Sym(f"PW_{number}"), written.ljust(width)


def _read(read: Reader, text: str, source: str, offset: int) -> Expr:
    """A part read with the formula's parser; its errors placed in the whole source."""
    if not text.strip():
        raise _error("expected an expression here", source, offset)
    try:
        return read(text)
    except ParseError as error:
        raise _error(error.message, source, offset + error.position) from None


def _comparison(
    text: str,
    offset: int,
    source: str,
    read: Reader,
    relations: tuple[tuple[str, str], ...],
) -> Expr:
    """``a >= b`` or a chain ``a <= b < c`` (``and`` of its links)."""
    sides: list[tuple[int, str]] = []
    names: list[str] = []
    depth = begun = index = 0
    while index < len(text):
        ch = text[index]
        depth += ch in "([{"
        depth -= ch in ")]}"
        found = next(
            (pair for pair in relations if depth == 0 and text.startswith(pair[0], index)), None
        )
        if found is None or (
            found[0].startswith("\\") and text[index + len(found[0]) :][:1].isalpha()
        ):
            index += 1
            continue
        sides.append((offset + begun, text[begun:index]))
        names.append(found[1])
        index += len(found[0])
        begun = index
    sides.append((offset + begun, text[begun:]))
    if not names:
        raise _error("a condition compares two sides (x >= 0, x < 1) or is True", source, offset)
    values = [_read(read, part, source, at) for at, part in sides]
    links = [Call(name, values[i], values[i + 1]) for i, name in enumerate(names)]
    return links[0] if len(links) == 1 else Call("and", *links)


def _joined(conditions: list[Expr]) -> Expr:
    return conditions[0] if len(conditions) == 1 else Call("and", *conditions)


def expand_piecewise(source: str, read: Reader) -> tuple[str, Pieces]:
    """``source`` with each ``piecewise((value, condition), …)`` replaced by a
    placeholder, and the trees the placeholders stand for."""
    pieces: Pieces = {}
    text = source
    while (found := _PLAIN_START.search(text)) is not None:
        opening = found.end() - 1
        closing = _matching(text, opening)
        if closing < 0:
            raise _error("piecewise( is not closed", source, opening)
        pairs: list[tuple[Expr, Expr]] = []
        for at, part in _split_top(text[opening + 1 : closing], ",", opening + 1):
            stripped = part.strip()
            start = at + len(part) - len(part.lstrip())
            if not (stripped.startswith("(") and _matching(stripped, 0) == len(stripped) - 1):
                raise _error("each piece is (value, condition)", source, start)
            inside = _split_top(stripped[1:-1], ",", start + 1)
            if len(inside) != 2:
                raise _error("each piece is (value, condition)", source, start)
            (value_at, value_text), (condition_at, condition_text) = inside
            value = _read(read, value_text, source, value_at)
            pairs.append((value, _plain_condition(condition_text, condition_at, source, read)))
        if not pairs:
            raise _error("piecewise needs at least one (value, condition)", source, opening)
        symbol, written = _placeholder(source, pieces, closing + 1 - found.start(), latex=False)
        pieces[symbol] = piecewise(*pairs)
        text = text[: found.start()] + written + text[closing + 1 :]
    return text, pieces


def _plain_condition(text: str, offset: int, source: str, read: Reader) -> Expr:
    if text.strip().lower() in _PLAIN_ALWAYS:
        return OTHERWISE
    parts = _split_top(text, " and ", offset)
    return _joined([_comparison(p, at, source, read, _PLAIN_RELATIONS) for at, p in parts])


def expand_cases(source: str, read: Reader) -> tuple[str, Pieces]:
    """``source`` with each ``\\begin{cases} … \\end{cases}`` replaced by a placeholder,
    and the trees the placeholders stand for (the innermost first, so a value may hold
    cases of its own)."""
    pieces: Pieces = {}
    text = source
    while (start := _innermost(text)) is not None:
        begin, end = start
        opening = _CASES_START.match(text, begin)
        assert opening is not None
        closing = _CASES_END.match(text, end)
        assert closing is not None
        body_at = opening.end()
        body = text[body_at:end]
        pairs: list[tuple[Expr, Expr]] = []
        rows = [(at, row) for at, row in _split_top(body, "\\\\", body_at) if row.strip()]
        for at, row in rows:
            cells = _split_top(row, "&", at)
            if len(cells) != 2:
                raise _error("each row of cases is: value & condition", source, at)
            (value_at, value_text), (condition_at, condition_text) = cells
            value = _read(read, value_text, source, value_at)
            pairs.append((value, _latex_condition(condition_text, condition_at, source, read)))
        if not pairs:
            raise _error("cases needs at least one row", source, begin)
        symbol, written = _placeholder(source, pieces, closing.end() - begin, latex=True)
        pieces[symbol] = piecewise(*pairs)
        text = text[:begin] + written + text[closing.end() :]
    return text, pieces


def _innermost(text: str) -> tuple[int, int] | None:
    """The start of an innermost ``\\begin{cases}`` and of its ``\\end{cases}``."""
    ends = _CASES_END.search(text)
    if ends is None:
        if _CASES_START.search(text) is not None:
            found = _CASES_START.search(text)
            assert found is not None
            raise _error(r"\begin{cases} is not closed by \end{cases}", text, found.start())
        return None
    begins = [m.start() for m in _CASES_START.finditer(text, 0, ends.start())]
    if not begins:
        raise _error(r"\end{cases} without \begin{cases}", text, ends.start())
    return begins[-1], ends.start()


def _latex_condition(text: str, offset: int, source: str, read: Reader) -> Expr:
    if _LATEX_ALWAYS.search(text) is not None or not text.strip():
        return OTHERWISE
    blanked = _LATEX_WORDS.sub(lambda m: " " * len(m[0]), text)
    blanked = _TRAILING.sub(lambda m: " " * len(m[0]), blanked)
    parts = [
        (offset + m_start, part)
        for m_start, part in _split_top(_LATEX_AND.sub(lambda m: "&" * len(m[0]), blanked), "&")
        if part.strip("& ")
    ]
    conditions = [
        _comparison(part.replace("&", " "), at, source, read, _LATEX_RELATIONS)
        for at, part in parts
    ]
    return _joined(conditions)


def restore(tree: Expr | Equation, pieces: Pieces) -> Expr | Equation:
    """The tree with each placeholder replaced by the piecewise function it stands for."""
    if not pieces:
        return tree
    if isinstance(tree, Equation):
        return Equation(substitute(tree.lhs, pieces), substitute(tree.rhs, pieces))
    return substitute(tree, pieces)
