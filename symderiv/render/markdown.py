r"""Markdown ready for a blog post: prose with the rule names, and display blocks, in the
style of the seed posts.

Flavours (``flavor=``):

- ``math`` (default): ``$…$`` and ``$$ … $$`` for math-aware Markdown (GitHub, Zenn,
  Jupyter, kramdown, Obsidian, markdown-it with dollarmath), which leave the TeX alone.
- ``plain``: for a processor that knows no math (Python-Markdown, marked, CommonMark)
  with MathJax on the page: every character such a processor would take (``_``, ``*``,
  a backslash before punctuation, brackets) is backslash-escaped, so that the HTML
  holds exactly the TeX of the ``math`` flavour and ``\right)_{k} … \right)_{j}``
  never turns into ``<em>``.
- ``qiita``: Qiita's ````` ```math ````` blocks, ``$…$`` inline.

Every formula passes through :func:`symderiv.escape.markdown_math` and every sentence
that may hold user text through :func:`symderiv.escape.markdown_text`, so that a name
never turns into HTML or Markdown markup."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from ..escape import markdown_math, markdown_text
from ..expr import Expr
from ..steps import Derivation
from .highlight import focus_marks
from .latex import brackets, to_latex, to_latex_marked
from .latex_steps import binding_latex, latex_conditions, math_unicode
from .layout import abbreviated, answer_conditions, lay_out, shown_conditions, visible_bindings
from .messages import binding_name, language, message, rule_formula, rule_name
from .names import line_heading_latex, named_latex, result_name_latex
from .notes import note_label, reading_notes
from .text import verification_line

__all__ = ["FLAVORS", "render_markdown"]

#: Characters a Markdown processor without math support reads as markup, and a
#: backslash before any ASCII punctuation (which such a processor takes as an escape).
_PLAIN_SPECIALS = re.compile(r"\\(?=[!-/:-@\[-`{-~])|[_*\[\]`]")


def _plain(tex: str) -> str:
    """TeX that a CommonMark or Python-Markdown processor hands on unchanged."""
    return _PLAIN_SPECIALS.sub(lambda found: "\\" + found[0], tex)


def _same(tex: str) -> str:
    return tex


#: Each flavour: how TeX is escaped, and how an inline and a display formula are written.
FLAVORS: dict[str, tuple[Callable[[str], str], str, str]] = {
    "math": (_same, "${}$", "$$\n{}\n$$"),
    "plain": (_plain, "${}$", "$$\n{}\n$$"),
    "qiita": (_same, "${}$", "```math\n{}\n```"),
}


def _binding(name: str, lang: str) -> str:
    """A bound quantity's name: a letter in math, a word (``factor``) as text."""
    return binding_latex(binding_name(name, lang))


def _tex(expr: Expr) -> str:
    """An expression's LaTeX, safe between ``$`` signs in Markdown."""
    return markdown_math(to_latex(expr))


_INTRO = {
    "en": "Differentiate {expr} with respect to {var}.",
    "ja": "{expr} を {var} について微分します。",
}
_BY = {"en": "By the **{rule}**", "ja": "**{rule}**より"}
_WITH = {"en": ", with {bindings}", "ja": "（{bindings}）"}
_FORMULA = {"en": " — in general {formula}", "ja": "（一般に {formula}）"}
_CONDITIONS = {"en": ", {word} {conditions}", "ja": "、{word} {conditions}"}
_SIMPLIFY = {"en": "Simplifying ({rules}):", "ja": "整理すると（{rules}）："}
_DERIVATIVE = {"en": "The derivative:", "ja": "微分すると："}
_SIMPLIFIED = {"en": "Simplified — {facts}:", "ja": "整理すると（{facts}）："}
_RESULT = {"en": "**Result:** {result}", "ja": "**結果：** {result}"}
_WHY = {"en": "*Why:*", "ja": "*なぜ：*"}


def render_markdown(
    derivation: Derivation,
    lang: str | None = None,
    *,
    detail: str = "normal",
    skip: Iterable[str] = (),
    flavor: str = "math",
    explanations: Callable[[str], Sequence[str]] | None = None,
    highlight: bool = True,
) -> str:
    """The derivation as Markdown in the chosen ``flavor`` (see the module);
    ``explanations(rule)`` gives lines saying why a rule holds, quoted under its first
    step (computed by the caller: see :mod:`symderiv.checks.explain`).  With
    ``highlight``, what each tidying move made is coloured in its formula
    (``\\textcolor{blue}{…}``, which MathJax and KaTeX know)."""
    if flavor not in FLAVORS:
        raise ValueError(f"unknown Markdown flavor {flavor!r}; choose one of {', '.join(FLAVORS)}")
    chosen = language(lang)
    escape, inline_form, display_form = FLAVORS[flavor]

    def inline(tex: str) -> str:
        return inline_form.format(escape(tex))

    def display(tex: str) -> str:
        return display_form.format(escape(tex))

    out: list[str] = []
    explained: set[str] = set()
    heading = ""
    lines = lay_out(derivation, detail=detail, skip=skip)
    marks = focus_marks(lines) if highlight else {}
    for index, line in enumerate(lines):
        if line.kind == "heading":
            assert line.expr is not None and line.var is not None
            heading = markdown_math(line_heading_latex(line))
            named = markdown_math(named_latex(line.named, line.stages[:-1], line.partial))
            out.append(
                _INTRO[chosen].format(
                    expr=inline(named + _tex(line.expr)), var=inline(_tex(line.var))
                )
            )
            if line.order == 1:
                out += _notes(derivation, chosen)
        elif line.kind == "step" and line.step is not None:
            assert line.expr is not None and line.result is not None
            step = line.step
            sentence = _BY[chosen].format(rule=markdown_text(rule_name(step.rule, chosen)))
            if detail == "full":
                formula = math_unicode(rule_formula(step.rule, step.info.latex, chosen))
                sentence += _FORMULA[chosen].format(formula=inline(markdown_math(formula)))
            bindings_shown = visible_bindings(step)
            if bindings_shown and detail != "brief":
                bindings = ",\\ ".join(
                    f"{_binding(n, chosen)} = {_tex(abbreviated(v, line.budget))}"
                    for n, v in bindings_shown
                )
                sentence += _WITH[chosen].format(bindings=inline(bindings))
            stated = shown_conditions(step, detail)
            if stated is not None:
                word, conditions = stated
                sentence += _CONDITIONS[chosen].format(
                    word=message(word, chosen),
                    conditions=inline(markdown_math(latex_conditions(conditions))),
                )
            out.append(sentence + ("：" if chosen == "ja" else ":"))
            opening, closing = brackets(line.expr)
            out.append(display(f"{opening}{_tex(line.expr)}{closing}' = {_tex(line.result)}"))
            if explanations is not None and step.rule not in explained:
                explained.add(step.rule)
                why = explanations(step.rule)
                if why:
                    out.append(
                        "\n".join(
                            f"> {_WHY[chosen] if not index else ''} {markdown_text(text)}".rstrip()
                            for index, text in enumerate(_without_lead(why))
                        )
                    )
        elif line.kind == "result" and detail == "brief":
            assert line.result is not None
            out.append(_DERIVATIVE[chosen])
            out.append(display(f"{heading} = {_tex(line.result)}"))
        elif line.kind == "answer" and answer_conditions(line):
            assert line.result is not None
            facts = ("、" if chosen == "ja" else ", ").join(
                f"{message(word, chosen)} {inline(markdown_math(latex_conditions(found)))}"
                for word, found in answer_conditions(line)
            )
            out.append(_SIMPLIFIED[chosen].format(facts=facts))
            out.append(display(f"= {_tex(line.result)}"))
        elif line.kind == "rewrite" and line.step is not None:
            assert line.result is not None
            sentence = _SIMPLIFY[chosen].format(
                rules=markdown_text(rule_name(line.step.rule, chosen))
            )
            stated = shown_conditions(line.step, detail)
            if stated is not None:
                word, conditions = stated
                facts = inline(markdown_math(latex_conditions(conditions)))
                sentence = sentence.rstrip(":：") + f" — {message(word, chosen)} {facts}:"
            out.append(sentence)
            shown = markdown_math(to_latex_marked(line.result, marks.get(index, ())))
            out.append(display(f"= {shown}"))
    result = markdown_math(result_name_latex(derivation)) + _tex(abbreviated(derivation.result))
    out.append(_RESULT[chosen].format(result=inline(result)))
    out.append(f"*{markdown_text(verification_line(derivation, chosen))}*")
    return "\n\n".join(out) + "\n"


def _notes(derivation: Derivation, lang: str) -> list[str]:
    """The reading notes as quoted paragraphs: ``> **Note:** …``."""
    label = markdown_text(note_label(lang).capitalize())
    return [f"> **{label}:** {markdown_text(text)}" for text in reading_notes(derivation, lang)]


_LEAD = re.compile(r"^(why|なぜ):\s*")


def _without_lead(lines: Sequence[str]) -> list[str]:
    """The explanation's lines without their leading "why:" (the quote says it)."""
    return [_LEAD.sub("", text).strip() for text in lines]
