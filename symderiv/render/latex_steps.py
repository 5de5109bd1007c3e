r"""A derivation in LaTeX: one ``align*`` environment, rule names in ``\text{}``.

::

    \begin{align*}
    &\frac{d}{dx}\left(x^{2} e^{x}\right) \\
    &= \left(x^{2}\right)' e^{x} + x^{2} \left(e^{x}\right)' \\
    &\left(x^{2} e^{x}\right)' = 2 x e^{x} + x^{2} e^{x} && \text{product rule},\ f = x^{2} \\
    ...
    \end{align*}

Every row starts at one alignment point, so the lines stack flush left as the text
rendering does, and the rule names stand in a column of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from ..escape import LATEX_TEXT_SPECIALS, latex_text
from ..expr import Sym
from ..functions import FUNCTIONS, GREEK_LETTERS
from ..steps import Condition, Derivation, Step
from .highlight import LATEX_MARKS, focus_marks
from .latex import brackets, to_latex, to_latex_marked
from .layout import (
    Line,
    abbreviated,
    answer_conditions,
    chains,
    constant_symbols,
    lay_out,
    shown_conditions,
    visible_bindings,
)
from .messages import binding_name, language, message, rule_formula, rule_name
from .names import line_heading_latex
from .notes import note_label, reading_notes
from .pretty import _SUBSCRIPT, _SUPERSCRIPT
from .text import verification_line

__all__ = [
    "LATEX_RELATIONS",
    "PREAMBLES",
    "answer_latex",
    "escape_text",
    "latex_annotation",
    "latex_conditions",
    "math_unicode",
    "render_latex",
]

_ESCAPES = LATEX_TEXT_SPECIALS


def _unicode_escapes() -> dict[str, str]:
    """Unicode a message may hold, as LaTeX that every engine typesets in text mode:
    Greek letters and math signs as inline math, super- and subscript letters raised."""
    table = {letter: f"${{\\{name}}}$" for name, letter in GREEK_LETTERS.items()}
    table |= {
        chr(small): rf"\textsuperscript{{{chr(plain)}}}" for plain, small in _SUPERSCRIPT.items()
    }
    table |= {chr(small): rf"\textsubscript{{{chr(plain)}}}" for plain, small in _SUBSCRIPT.items()}
    table |= {"·": r"$\cdot$", "−": r"$-$", "×": r"$\times$", "≤": r"$\le$", "≥": r"$\ge$",
              "≠": r"$\ne$", "′": r"$'$", "√": r"$\surd$", "∞": r"$\infty$", "…": r"\ldots{}",
              "—": "---", "–": "--", "✓": r"$\checkmark$", "✗": r"$\times$"}  # fmt: skip
    return table


_TEXT_ESCAPES = (
    _ESCAPES
    | _unicode_escapes()
    | {"⁻": r"\textsuperscript{-}", "₋": r"\textsubscript{-}", "→": r"$\to$", "∈": r"$\in$"}
    | {"∉": r"$\notin$", "ℤ": r"$\mathbb{Z}$", "∂": r"$\partial$", "∧": r"$\land$"}
    | {"⌊": r"$\lfloor$", "⌋": r"$\rfloor$", "⌈": r"$\lceil$", "⌉": r"$\rceil$"}
    | {"π": r"$\pi$", "∫": r"$\int$", "≈": r"$\approx$"}
)

#: Unicode in a rule's formula, as LaTeX math (the function table writes some formulas
#: in Unicode only): every engine typesets the result.
_MATH_SIGNS = {letter: f"\\{name} " for name, letter in GREEK_LETTERS.items()} | {
    "′": "'", "−": "-", "·": r"\cdot ", "×": r"\times ", "≤": r"\le ", "≥": r"\ge ",
    "≠": r"\ne ", "→": r"\to ", "∞": r"\infty ", "…": r"\ldots ", "√": r"\surd ",
    "∛": r"\sqrt[3]{\vphantom{x}}", "∈": r"\in ", "∉": r"\notin ", "ℤ": r"\mathbb{Z}",
    "ℝ": r"\mathbb{R}", "±": r"\pm ", "≈": r"\approx ", "∂": r"\partial ", "Σ": r"\Sigma ",
}  # fmt: skip
_RAISED_RUN = re.compile(f"[{''.join(chr(c) for c in _SUPERSCRIPT.values())}]+")
_LOWERED_RUN = re.compile(f"[{''.join(chr(c) for c in _SUBSCRIPT.values())}]+")
_PLAIN_RAISED = {chr(v): chr(k) for k, v in _SUPERSCRIPT.items() if chr(k) != "−"}
_PLAIN_LOWERED = {chr(v): chr(k) for k, v in _SUBSCRIPT.items()}


def math_unicode(text: str) -> str:
    """A formula written in Unicode (``σ(u)′ = σ(u)·(1 − σ(u))``, ``xⁿ``) as LaTeX math
    (``\\sigma (u)' = \\sigma (u)\\cdot (1 - \\sigma (u))``, ``x^{n}``); LaTeX left as it is."""
    text = _RAISED_RUN.sub(
        lambda run: "^{" + "".join(_PLAIN_RAISED.get(c, c) for c in run[0]) + "}", text
    )
    text = _LOWERED_RUN.sub(
        lambda run: "_{" + "".join(_PLAIN_LOWERED.get(c, c) for c in run[0]) + "}", text
    )
    text = _WORDS.sub(_worded, text)
    return "".join(_MATH_SIGNS.get(ch, ch) for ch in text)


#: Runs of words in a formula (English words of two letters or more, or Japanese),
#: not the name of a LaTeX command.
_WORD = r"(?:[A-Za-z]{2,}|[\u3000-\u30ff\u4e00-\u9fff、。（）]+)"
_WORDS = re.compile(rf"(?<![\\A-Za-z]){_WORD}(?:[ ,;]+{_WORD})*(?![A-Za-z])")
#: Names set upright as operators rather than as words.
_OPERATOR_NAMES = frozenset(FUNCTIONS) | {
    "ln", "log", "exp", "det", "diag", "arsinh", "arcosh", "artanh", "arcoth", "arsech",
    "arcsch", "arcsin", "arccos", "arctan", "arccot", "arcsec", "arccsc",
}  # fmt: skip


def _worded(found: re.Match[str]) -> str:
    run = found[0]
    if run in _OPERATOR_NAMES:
        return rf"\operatorname{{{run}}}"
    if " " not in run and "," not in run and run.isascii() and len(run) <= 3:
        return run  # a product of letters: ab
    return rf"\text{{{escape_text(run)}}}"


def escape_text(text: str, table: dict[str, str] = _TEXT_ESCAPES) -> str:
    """Text safe inside ``\\text{}``, with any engine (with ``table = _ESCAPES``: safe
    in a comment, Unicode kept); see :func:`symderiv.escape.latex_text`."""
    return latex_text(text, table)


_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def binding_latex(name: str) -> str:
    """A bound quantity's name in LaTeX: a letter, ``u_{2}``, or a word as text."""
    if len(name) > 1 and name[0].isalpha() and name[1:].translate(_SUBSCRIPT_DIGITS).isdigit():
        return f"{name[0]}_{{{name[1:].translate(_SUBSCRIPT_DIGITS)}}}"  # u₂: u_{2}
    return name if len(name) == 1 or "(" in name else rf"\text{{{escape_text(name)}}}"


def latex_annotation(step: Step, lang: str | None, detail: str, budget: int = 400) -> str:
    """``\\text{product rule}`` with the bindings in math, e.g. ``f = x^{2}``."""
    parts = [rf"\text{{{escape_text(rule_name(step.rule, lang))}}}"]
    if detail == "full":
        formula = rule_formula(step.rule, step.info.latex, lang)
        parts.append(math_unicode(formula))
    bindings = visible_bindings(step)
    if bindings and detail != "brief":
        parts.append(
            ", ".join(
                f"{binding_latex(binding_name(n, lang))} = {to_latex(abbreviated(v, budget))}"
                for n, v in bindings
            )
        )
    if step.note == "treat-constant":
        parts.append(rf"\text{{{constants_text(step, lang)}}}")
    stated = shown_conditions(step, detail)
    if stated is not None:
        word, conditions = stated
        shown = latex_conditions(conditions, budget)
        parts.append(rf"\text{{{escape_text(message(word, lang))}}}\ {shown}")
    return r",\ ".join(parts)


def _name_in_text(symbol: Sym) -> str:
    """A name inside ``\\text{}`` as the formulas write it: ``$\\mu$``, ``$\\hat{y}$``,
    ``$x$``; a word stays a word (``k\\%``)."""
    written = to_latex(symbol)
    if written.startswith(("\\mathrm", "\\mathtt")):
        return escape_text(symbol.name)
    return f"${written}$"


#: Where the names go in a message, while the rest of it is escaped.
_NAMES_MARK = "\x00"


def constants_text(step: Step, lang: str | None) -> str:
    """The body of ``\\text{treat $\\mu$, $\\sigma$ as constant}`` for a step."""
    names = ", ".join(_name_in_text(symbol) for symbol in constant_symbols(step))
    before, after = message("treat-constant", lang, names=_NAMES_MARK).split(_NAMES_MARK)
    return f"{escape_text(before)}{names}{escape_text(after)}"


def answer_latex(line: Line, lang: str | None) -> str:
    """The note of a ``brief`` answer line: ``\\text{simplified}`` and the facts and
    ranges its rewrites needed."""
    parts = [rf"\text{{{escape_text(message('simplified', lang))}}}"]
    parts += [
        rf"\text{{{escape_text(message(word, lang))}}}\ {latex_conditions(found)}"
        for word, found in answer_conditions(line)
    ]
    return r",\ ".join(parts)


LATEX_RELATIONS = {"≤": r"\le", "≥": r"\ge", "≠": r"\ne", "∉": r"\notin"}


def latex_conditions(conditions: Iterable[Condition], budget: int = 400) -> str:
    """``1 \\le j \\le K,\\ x \\ne 0``: conditions in LaTeX as chains, separated by commas."""
    return ",\\ ".join(
        " ".join(
            LATEX_RELATIONS.get(part, part)
            if isinstance(part, str)
            else to_latex(abbreviated(part, budget))
            for part in chain
        )
        for chain in chains(conditions)
    )


#: The preamble of a whole document per language: pdfLaTeX for English, LuaLaTeX with
#: ``luatexja`` for Japanese.
PREAMBLES = {
    "en": "% pdflatex\n\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n",
    "ja": "% lualatex\n\\documentclass{article}\n\\usepackage{luatexja}\n",
}
_PACKAGES = (
    "\\usepackage{amsmath,amssymb}\n\\usepackage[margin=2cm]{geometry}\n\\allowdisplaybreaks\n"
    "\\usepackage{xcolor}\n"
)


def render_latex(
    derivation: Derivation,
    lang: str | None = None,
    *,
    detail: str = "normal",
    skip: Iterable[str] = (),
    environment: str = "align*",
    document: bool = False,
    explanations: Callable[[str], Sequence[str]] | None = None,
    highlight: bool = True,
    after: Sequence[str] = (),
) -> str:
    """The derivation as a LaTeX ``align*`` block (needs ``amsmath``), the badge in a
    comment after it; with ``document=True`` a whole document that compiles (pdfLaTeX
    for English, LuaLaTeX for Japanese), the badge typeset under the derivation.
    ``explanations(rule)`` gives lines saying why a rule holds, set under its first step.
    With ``highlight``, what each tidying move made is coloured in its line
    (``\\textcolor{blue}{…}``, which needs ``xcolor``; see :mod:`.highlight`).
    ``after`` holds LaTeX set under the derivation, inside the document (a value at a
    point, a verdict on an answer)."""
    reading = (document, reading_notes(derivation, lang), note_label(lang))
    body = _align(derivation, lang, detail, skip, environment, explanations, highlight, reading)
    badge = verification_line(derivation, lang)
    following = "".join(f"\n\n{part}" for part in after)
    if not document:
        needs = "% the highlighting needs \\usepackage{xcolor}\n" if _HIGHLIGHTED in body else ""
        return f"{needs}{body}\n% {escape_text(badge, _ESCAPES)}{following}"
    chosen = language(lang)
    return (
        f"{PREAMBLES[chosen]}{_PACKAGES}\\begin{{document}}\n{body}\n"
        f"\\noindent\\textit{{{escape_text(badge)}}}{following}\n\\end{{document}}\n"
    )


_HIGHLIGHTED = LATEX_MARKS[0]

#: Widest row, in characters of math as :func:`_width` counts them: past it a sum
#: breaks at its top-level ``+`` and ``-``, and a rule note goes on a row of its own.
LINE_WIDTH = 62
_COMMAND = re.compile(
    r"\\(?:left|right|frac|operatorname|mathrm|text|quad|qquad)(?![a-zA-Z])|[{}^_]"
    r"|\\textcolor\{[a-z]+\}"
)
_WORD_COMMAND = re.compile(r"\\[a-zA-Z]+ ?")


def _width(latex: str) -> float:
    """About how many characters wide a piece of LaTeX sets (a command one character,
    a space a third, layout commands and braces nothing)."""
    bare = _WORD_COMMAND.sub("c", _COMMAND.sub("", latex))
    return len(bare.replace(" ", "")) + bare.count(" ") / 3


def _terms(latex: str, separators: tuple[str, ...] = (" + ", " - ")) -> list[str]:
    """A formula split before each ``+`` and ``-`` (or the ``separators``) outside any
    brackets or braces."""
    pieces: list[str] = []
    depth = start = 0
    at = 0
    while at < len(latex):
        fixed = _FIXED.match(latex, at)
        if fixed is not None:  # \Bigl( … \Bigr): opened up to break inside
            at = fixed.end()
            continue
        if latex.startswith(r"\left", at):
            depth += 1
            at += 5
            continue
        if latex.startswith(r"\right", at):
            depth -= 1
            at += 6
            continue
        char = latex[at]
        if char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
        elif depth == 0 and latex.startswith(separators, at) and at > start:
            pieces.append(latex[start:at])
            start = at + 1
        at += 1
    pieces.append(latex[start:])
    return pieces


_FIXED = re.compile(r"\\(?:bigg|Big)[lr][()|]")


def _factors(latex: str) -> list[str]:
    """A product split between its factors (outside all brackets); a factor after Σ or
    Π stays with it."""
    pieces = _terms(latex, (" ",))
    joined: list[str] = []
    for piece in pieces:
        if joined and (
            _BIG_OPERATOR.search(joined[-1])
            or piece.startswith(("+", "-", "=", "\\cdot", "\\right", "\\bigg", "\\Big"))
            or joined[-1].endswith(("=", "+", "-", "\\cdot", "\\bigg", "\\Big"))
        ):
            joined[-1] += " " + piece
        else:
            joined.append(piece)
    return joined


_BIG_OPERATOR = re.compile(r"\\(?:sum|prod)_\{[^{}]*\}(?:\^\{[^{}]*\})?$")
_WHOLE_FRACTION = re.compile(r"^(= |-|= -)?\\frac\{")


def _over_denominator(latex: str) -> str:
    r"""``\frac{A}{B}`` with a numerator too wide for a line, as
    ``\frac{1}{B}\biggl(A\biggr)``."""
    found = _WHOLE_FRACTION.match(latex)
    if found is None:
        return latex
    at = found.end()
    depth = 1
    top_start = at
    while at < len(latex) and depth:
        depth += {"{": 1, "}": -1}.get(latex[at], 0)
        at += 1
    top = latex[top_start : at - 1]
    if not latex.startswith("{", at):
        return latex
    bottom_start = at + 1
    depth = 1
    at += 1
    while at < len(latex) and depth:
        depth += {"{": 1, "}": -1}.get(latex[at], 0)
        at += 1
    if at != len(latex):
        return latex
    bottom = latex[bottom_start : at - 1]
    lead = found[1] or ""
    return f"{lead}\\frac{{1}}{{{bottom}}} \\biggl({top}\\biggr)"


def _unwrapped(latex: str) -> str:
    r"""The first pair of growing brackets outside all others made fixed-size
    (``\left( … \right)`` → ``\Bigl( … \Bigr)``), so that the rows may break inside."""
    depth = 0
    at = 0
    opened = -1
    while at < len(latex):
        if latex.startswith(r"\left", at):
            if depth == 0:
                opened = at
            depth += 1
            at += 5
            continue
        if latex.startswith(r"\right", at):
            depth -= 1
            if depth == 0 and opened >= 0:
                inner = latex[opened + 5 : at]
                size = "bigg" if (r"\sum" in inner or r"\frac" in inner) else "Big"
                return f"{latex[:opened]}\\{size}l{inner}\\{size}r{latex[at + 6 :]}"
            at += 6
            continue
        at += 1
    return latex


def _lines(latex: str, room: float) -> list[str]:
    """The formula in lines of at most ``room`` characters, broken before a top-level
    ``+`` or ``-``; brackets that hold the whole of a wide formula are opened up to
    break inside them (a term wider than a line stays whole)."""
    if _width(latex) > room:
        latex = _over_denominator(latex)
    for _ in range(8):
        if _width(latex) <= room or len(_terms(latex)) > 1:
            break
        opened = _unwrapped(latex)
        if opened == latex:
            break
        latex = opened
    pieces: list[str] = []
    for term in _terms(latex):
        if _width(term) <= room:
            pieces.append(term)
            continue
        factors = _factors(term)
        pieces += [factors[0], *(rf"\cdot {factor}" for factor in factors[1:])]
    lines: list[str] = []
    for piece in pieces:
        if lines and _width(lines[-1]) + _width(piece) > room:
            lines.append(piece)
        elif lines:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return lines


def _rows(indent: str, parts: Sequence[str], note: str) -> list[str]:
    """The rows of one line of the derivation: ``&{indent}{formula} && {note}``.  A
    formula wider than the page is broken: its parts (``(f)'`` and ``= f′``) on rows of
    their own, each broken before a top-level ``+`` or ``-``; the note goes on a row of
    its own below when the row would be too wide with it."""
    room = LINE_WIDTH - 2 * indent.count("quad")
    whole = " ".join(parts)
    pieces = [whole] if _width(whole) <= room else list(parts)
    lines: list[str] = []
    for piece in pieces:
        lines += _lines(piece, room - (2 if lines else 0))
    rows = [f"&{indent}{lines[0]}", *(rf"&{indent}\qquad {line}" for line in lines[1:])]
    if note:
        if len(lines) == 1 and _width(lines[0]) + _width(note) * 0.8 <= room:
            rows[0] += f"{_NOTE}{note}"
        else:
            rows += [rf"&{indent}\qquad {part}" for part in _note_lines(note, room - 4)]
    return rows


def _note_lines(note: str, room: float) -> list[str]:
    """A rule note in rows that fit: broken after its commas, each part as a formula."""
    lines: list[str] = []
    for part in _terms(note, (",\\ ", ", ")):
        part = part.removeprefix("\\ ").strip()
        if lines and _width(lines[-1]) + _width(part) <= room:
            lines[-1] += f",\\ {part}"
        else:
            lines += _lines(part, room)
    return lines


def _align(
    derivation: Derivation,
    lang: str | None,
    detail: str,
    skip: Iterable[str],
    environment: str,
    explanations: Callable[[str], Sequence[str]] | None,
    highlight: bool = True,
    reading: tuple[bool, Sequence[str], str] = (False, (), ""),
) -> str:
    """The ``align*`` block; ``reading``: whether the reading notes are typeset (in a
    document) or comments, the notes, and the word that marks them."""
    rows: list[str] = []
    explained: set[str] = set()
    lines = lay_out(derivation, detail=detail, skip=skip)
    marks = focus_marks(lines) if highlight else {}
    read = 0  # the rows of the formula as read, which the reading notes follow
    for index, line in enumerate(lines):
        if line.kind == "heading":
            rows += _rows("", [line_heading_latex(line)], "")
            read = read or len(rows)
        elif line.kind == "application":
            assert line.expr is not None
            rows += _rows("", [f"= {to_latex(line.expr)}"], "")
        elif line.kind == "step":
            assert line.expr is not None and line.result is not None and line.step is not None
            indent = r"\quad" * min(line.depth - 1, 8)
            opening, closing = brackets(line.expr)
            parts = [f"{opening}{to_latex(line.expr)}{closing}'", f"= {to_latex(line.result)}"]
            note = latex_annotation(line.step, lang, detail, line.budget)
            rows += _rows(indent, parts, note)
            if explanations is not None and line.step.rule not in explained:
                explained.add(line.step.rule)
                rows += [
                    rf"&{indent}\qquad\text{{\small {escape_text(why.strip())}}}"
                    for why in explanations(line.step.rule)
                ]
        elif line.kind == "result":
            assert line.result is not None
            rows += _rows("", [f"= {to_latex_marked(line.result, marks.get(index, ()))}"], "")
        elif line.kind == "rewrite":
            assert line.result is not None and line.step is not None
            note = latex_annotation(line.step, lang, detail)
            shown = to_latex_marked(line.result, marks.get(index, ()))
            rows += _rows("", [f"= {shown}"], note)
        elif line.kind == "answer":
            assert line.result is not None
            note = answer_latex(line, lang)
            rows += _rows("", [f"= {to_latex(line.result)}"], note)
    body = " \\\\\n".join(_with_notes(_noted(rows), read, *reading))
    return f"\\begin{{{environment}}}\n{body}\n\\end{{{environment}}}"


#: Text in a typeset note: ``^`` as the caret itself (``\^{}`` would be an accent).
_NOTE_ESCAPES = _TEXT_ESCAPES | {"^": r"\textasciicircum{}"}


def _with_notes(
    rows: list[str], read: int, typeset: bool, notes: Sequence[str], label: str
) -> list[str]:
    """The rows with the reading notes after the formula as read (the first ``read``
    rows): in a document, rows of their own, each a paragraph that breaks to the page;
    in a block for another page, comments before the next row (as the badge is one)."""
    if not notes or read >= len(rows):
        return rows
    if typeset:
        shown = [
            rf"&\parbox[t]{{0.9\linewidth}}{{\small\textbf{{{escape_text(label)}:}} "
            rf"{escape_text(note, _NOTE_ESCAPES)}}}"
            for note in notes
        ]
        return [*rows[:read], *shown, *rows[read:]]
    comments = "".join(f"% {escape_text(f'{label}: {note}', {})}\n" for note in notes)
    return [*rows[:read], comments + rows[read], *rows[read + 1 :]]


#: Where a row's rule note starts, until :func:`_noted` sets it.
_NOTE = "\x00"


def _noted(rows: list[str]) -> list[str]:
    """The notes in a column of their own (``&&``) when the widest formula and the
    widest note fit side by side, else each after its own formula (``\\qquad``)."""
    formulas = [row.partition(_NOTE)[0] for row in rows]
    notes = [row.partition(_NOTE)[2] for row in rows]
    widest = max((_width(f) for f in formulas), default=0.0)
    widest_note = max((_width(n) * 0.8 for n in notes), default=0.0)
    joint = " && " if widest + widest_note <= LINE_WIDTH else r" \qquad "
    return [f + joint + n if n else f for f, n in zip(formulas, notes, strict=True)]
