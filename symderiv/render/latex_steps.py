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

from collections.abc import Callable, Iterable, Sequence

from ..escape import LATEX_TEXT_SPECIALS, latex_text
from ..functions import GREEK_LETTERS
from ..steps import Condition, Derivation, Step
from .latex import to_latex
from .layout import (
    abbreviated,
    chains,
    constant_names,
    lay_out,
    shown_conditions,
    visible_bindings,
)
from .messages import language, message, rule_name
from .pretty import _SUBSCRIPT, _SUPERSCRIPT
from .text import verification_line

__all__ = [
    "LATEX_RELATIONS",
    "PREAMBLES",
    "escape_text",
    "latex_annotation",
    "latex_conditions",
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


_TEXT_ESCAPES = _ESCAPES | _unicode_escapes()


def escape_text(text: str, table: dict[str, str] = _TEXT_ESCAPES) -> str:
    """Text safe inside ``\\text{}``, with any engine (with ``table = _ESCAPES``: safe
    in a comment, Unicode kept); see :func:`symderiv.escape.latex_text`."""
    return latex_text(text, table)


def _binding_name(name: str) -> str:
    return name if len(name) == 1 or "(" in name else rf"\text{{{escape_text(name)}}}"


def latex_annotation(step: Step, lang: str | None, detail: str, budget: int = 400) -> str:
    """``\\text{product rule}`` with the bindings in math, e.g. ``f = x^{2}``."""
    parts = [rf"\text{{{escape_text(rule_name(step.rule, lang))}}}"]
    if detail == "full":
        parts.append(step.info.latex)
    bindings = visible_bindings(step)
    if bindings and detail != "brief":
        parts.append(
            ", ".join(
                f"{_binding_name(n)} = {to_latex(abbreviated(v, budget))}" for n, v in bindings
            )
        )
    if step.note == "treat-constant":
        note = message("treat-constant", lang, names=constant_names(step))
        parts.append(rf"\text{{{escape_text(note)}}}")
    stated = shown_conditions(step, detail)
    if stated is not None:
        word, conditions = stated
        shown = latex_conditions(conditions, budget)
        parts.append(rf"\text{{{escape_text(message(word, lang))}}}\ {shown}")
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


def _derivative(expr_latex: str, var_latex: str) -> str:
    return rf"\frac{{d}}{{d{var_latex}}}\left({expr_latex}\right)"


#: The preamble of a whole document per language: pdfLaTeX for English, LuaLaTeX with
#: ``luatexja`` for Japanese.
PREAMBLES = {
    "en": "% pdflatex\n\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n"
    "\\usepackage[T1]{fontenc}\n",
    "ja": "% lualatex\n\\documentclass{article}\n\\usepackage{luatexja}\n",
}
_PACKAGES = "\\usepackage{amsmath,amssymb}\n\\usepackage[margin=2cm]{geometry}\n"


def render_latex(
    derivation: Derivation,
    lang: str | None = None,
    *,
    detail: str = "normal",
    skip: Iterable[str] = (),
    environment: str = "align*",
    document: bool = False,
    explanations: Callable[[str], Sequence[str]] | None = None,
) -> str:
    """The derivation as a LaTeX ``align*`` block (needs ``amsmath``), the badge in a
    comment after it; with ``document=True`` a whole document that compiles (pdfLaTeX
    for English, LuaLaTeX for Japanese), the badge typeset under the derivation.
    ``explanations(rule)`` gives lines saying why a rule holds, set under its first step."""
    body = _align(derivation, lang, detail, skip, environment, explanations)
    badge = verification_line(derivation, lang)
    if not document:
        return f"{body}\n% {escape_text(badge, _ESCAPES)}"
    chosen = language(lang)
    return (
        f"{PREAMBLES[chosen]}{_PACKAGES}\\begin{{document}}\n{body}\n"
        f"\\noindent\\textit{{{escape_text(badge)}}}\n\\end{{document}}\n"
    )


def _align(
    derivation: Derivation,
    lang: str | None,
    detail: str,
    skip: Iterable[str],
    environment: str,
    explanations: Callable[[str], Sequence[str]] | None,
) -> str:
    rows: list[str] = []
    explained: set[str] = set()
    for line in lay_out(derivation, detail=detail, skip=skip):
        if line.kind == "heading":
            assert line.expr is not None and line.var is not None
            rows.append("&" + _derivative(to_latex(line.expr), to_latex(line.var)))
        elif line.kind == "application":
            assert line.expr is not None
            rows.append(rf"&= {to_latex(line.expr)}")
        elif line.kind == "step":
            assert line.expr is not None and line.result is not None and line.step is not None
            indent = r"\quad" * min(line.depth - 1, 8)
            rows.append(
                rf"&{indent}\left({to_latex(line.expr)}\right)' = {to_latex(line.result)}"
                rf" && {latex_annotation(line.step, lang, detail, line.budget)}"
            )
            if explanations is not None and line.step.rule not in explained:
                explained.add(line.step.rule)
                rows += [
                    rf"&{indent}\qquad\text{{{escape_text(why.strip())}}}"
                    for why in explanations(line.step.rule)
                ]
        elif line.kind == "result":
            assert line.result is not None
            rows.append(rf"&= {to_latex(line.result)}")
        elif line.kind == "rewrite":
            assert line.result is not None and line.step is not None
            rows.append(
                rf"&= {to_latex(line.result)} && {latex_annotation(line.step, lang, detail)}"
            )
    body = " \\\\\n".join(rows)
    return f"\\begin{{{environment}}}\n{body}\n\\end{{{environment}}}"
