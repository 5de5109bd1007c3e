"""What the LaTeX reader reads in the raw text ahead of its tokens: where each brace
group closes (found once per formula); the names the printers write for functions
(``\\mathrm{B}``, ``\\psi^{(n)}``, ``\\operatorname{GELU}_{\\tanh}``), read back as those;
and what it refuses with a message: a script TeX reads otherwise than meant (``2^10`` is 2¹0), a
label taken for a power (``x^{(i)}``), an ``\\operatorname`` of no known function, and a
computer's ``1e-3`` (1·e − 3 in TeX)."""

from __future__ import annotations

import re
from collections.abc import Collection

from ..functions import ALIASES, INDEXED_FUNCTIONS
from .vocabulary import LOG_NAMES, foreign_name

__all__ = [
    "POLYGAMMA",
    "PRINTED",
    "blank",
    "e_notation",
    "paired_braces",
    "script_refusal",
    "unknown_operator",
]

_BRACE = re.compile(r"[{}]")
#: Math delimiters, equation environments, tags and labels: read as spaces.
_BLANKED = re.compile(
    r"\\begin\{(?:equation|align|displaymath)\*?\}|\\end\{(?:equation|align|displaymath)\*?\}"
    r"|\\(?:tag|label)\{[^{}]*\}|\$\$?|\\\[|\\\]|\\\(|\\\)"
)
#: A parenthesis next: what makes a name a function applied.
APPLIED = r"(?=\s*(?:\(|\\left\s*\())"
#: The names the printers write for the beta function and the tanh GELU, each with what
#: follows it there.
PRINTED = {
    "B": ("beta", re.compile(APPLIED)),
    "GELU": ("gelu_tanh", re.compile(r"_\{\s*\\tanh\s*\}" + APPLIED)),
}
#: ``\\psi^{(n)}(x)``: the polygamma function of order n, as the printers write it.
POLYGAMMA = re.compile(r"\{\s*\(\s*([0-9]+)\s*\)\s*\}\s*(?:\\left\s*)?\(")
#: ``e-3`` right after a number: a computer's exponent, not Euler's number.
_EXPONENT = re.compile(r"[eE]([+-]?[0-9]+)")
#: Two digits or more right after ^ or _, without braces.
_DIGITS = re.compile(r"[0-9]{2,}")
#: A sign and what follows it right after ^, without braces (``x^-2``: TeX raises the −).
_SIGNED = re.compile(r"[-+][0-9A-Za-z]+")
#: A superscript in parentheses, ``x^{(i)}``, ``y^{(2)}``: a label, not an exponent.
_LABEL = re.compile(r"\{\s*\(\s*([A-Za-z0-9]+)\s*\)\s*\}")


def script_refusal(
    text: str, at: int, end: int, caret: int, base: str, script: str, openings: dict[int, int]
) -> str | None:
    """Why the superscript (``script`` ``^``) or subscript (``_``) written at ``caret``
    after ``base``, its text starting at ``at``, is refused: bare digits (``2^10``), a
    double superscript (``x^{2}^{3}``), a parenthesis or a sign (``e^(x + 1)``, ``x^-2``:
    TeX raises the ``(`` or the ``−`` alone), a label (``x^{(i)}``); None if it is read."""
    if script == "_":
        return _bare_digits(text, at, end, base, script)
    if _double_superscript(text, caret, openings):
        return "a double superscript: write braces, x^{2^{3}} or {x^{2}}^{3}"
    if text.startswith("(", at, end):
        return (
            f"{base}^( in LaTeX raises only the '(': write the exponent in braces, "
            f"{base}^{{…}}, as in e^{{x + 1}}"
        )
    signed = _SIGNED.match(text, at, end)
    if signed is not None:
        exponent = signed.group()
        function = base.startswith("\\") and (base[1:] in ALIASES or base[1:] in LOG_NAMES)
        braced = f"({base} x)^{{{exponent}}}" if function else f"{base}^{{{exponent}}}"
        return (
            f"{base}^{exponent} in LaTeX raises only the '{exponent[0]}': write the exponent "
            f"in braces, {braced}"
        )
    return _bare_digits(text, at, end, base, script) or _labelled(text, at, end, base)


def _bare_digits(text: str, at: int, end: int, base: str, script: str) -> str | None:
    """The refusal of ``2^10`` (TeX raises only the first digit: 2¹0) with both
    spellings, when ``text[at:end]`` starts with two digits; else None."""
    digits = _DIGITS.match(text, at, end)
    if digits is None:
        return None
    raised = digits.group()
    where = "superscript" if script == "^" else "subscript"
    return (
        f"{base}{script}{raised} in LaTeX puts only {raised[0]} in the {where}: write "
        f"{base}{script}{{{raised}}}, or {base}{script}{{{raised[0]}}} {raised[1:]} for a product"
    )


def _labelled(text: str, at: int, end: int, base: str) -> str | None:
    """The refusal of ``x^{(i)}`` read as a power, when ``text[at:end]`` starts with a
    superscript in parentheses; else None."""
    label = _LABEL.match(text, at, end)
    if label is None:
        return None
    name = label.group(1)
    return (
        f"{base}^{{({name})}} is a label (example {name}, or a derivative's order), not a "
        f"power: write {base}_{{{name}}} for an index, or {base}^{{{name}}} for a power"
    )


def paired_braces(text: str) -> dict[int, int]:
    """The index of the ``}`` closing each ``{`` of ``text`` (``\\{`` and ``\\}`` are
    not braces)."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for found in _BRACE.finditer(text):
        index = found.start()
        if index > 0 and text[index - 1] == "\\":
            continue
        if found.group() == "{":
            opened.append(index)
        elif opened:
            pairs[opened.pop()] = index
    return pairs


def unknown_operator(word: str, declared: Collection[str], indexed: bool) -> str | None:
    """The refusal of ``\\operatorname{word}`` naming no known or declared function, or
    an indexed one with its index before the argument (``softmax_i(z)``), which would
    read as a symbol times what follows (``lg·x``, ``softmax(i·z)``); else None."""
    known = ALIASES.get(word) or (word if word in LOG_NAMES else None)
    if known is None and word not in declared:
        foreign = foreign_name(word, latex=True, written=f"\\operatorname{{{word}}}")
        return foreign or (
            f"\\operatorname{{{word}}} names a function symderiv does not know; declare "
            f"it (functions=['{word}']), or write \\mathrm{{{word}}} for a symbol"
        )
    if known in INDEXED_FUNCTIONS and indexed:
        return f"write the index of {word} after its argument: \\operatorname{{{word}}}(z)_i"
    return None


def e_notation(text: str, at: int, end: int, number: str) -> str | None:
    """The refusal of ``1e-3`` in LaTeX (it typesets 1e−3, Euler's number minus 3),
    when ``text[at:end]`` right after ``number`` starts an exponent; else None."""
    found = _EXPONENT.match(text, at, end)
    if found is None:
        return None
    written, exponent = found.group(), found.group(1)
    return (
        f"{number}{written} in LaTeX reads as {number}·e{exponent.replace('-', ' − ')} "
        f"(e is Euler's number): write {number} \\cdot 10^{{{exponent.lstrip('+')}}} "
        "for the number"
    )


def _double_superscript(text: str, caret: int, openings: dict[int, int]) -> bool:
    """Whether the ``^`` at ``caret`` follows a superscript (``x^{2}^{3}``, ``e^x^2``),
    which TeX refuses ("Double superscript") rather than read one way or the other
    (``openings``: the ``{`` of each ``}``)."""
    before = caret - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    if before >= 0 and text[before] == "}":
        if before not in openings:
            return False
        before = openings[before]
    elif before < 1 or not text[before].isalnum():
        return False
    before -= 1
    while before >= 0 and text[before].isspace():
        before -= 1
    return before >= 0 and text[before] == "^" and (before == 0 or text[before - 1] != "\\")


def blank(source: str) -> str:
    """Delimiters and labels replaced by spaces, so positions stay those of the source."""
    return _BLANKED.sub(lambda m: " " * len(m.group()), source)
