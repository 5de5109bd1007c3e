"""Markdown ready for a MathJax blog post: prose with the rule names, and ``$$ … $$``
blocks, in the style of the seed posts.

Every formula passes through :func:`symderiv.escape.markdown_math` and every sentence
that may hold user text through :func:`symderiv.escape.markdown_text`, so that a name
never turns into HTML or Markdown markup."""

from __future__ import annotations

from collections.abc import Iterable

from ..escape import markdown_math, markdown_text
from ..expr import Expr
from ..steps import Derivation
from .latex import to_latex
from .latex_steps import latex_conditions
from .layout import abbreviated, lay_out, shown_conditions, visible_bindings
from .messages import default_language, message, rule_name
from .text import verification_line

__all__ = ["render_markdown"]


def _math(expr: Expr) -> str:
    """An expression's LaTeX, safe between ``$`` signs in Markdown."""
    return markdown_math(to_latex(expr))


_INTRO = {
    "en": "Differentiate ${expr}$ with respect to ${var}$.",
    "ja": "${expr}$ を ${var}$ について微分します。",
}
_BY = {"en": "By the **{rule}**", "ja": "**{rule}**より"}
_WITH = {"en": ", with ${bindings}$", "ja": "（${bindings}$）"}
_SIMPLIFY = {"en": "Simplifying ({rules}):", "ja": "整理すると（{rules}）:"}
_RESULT = {"en": "**Result:** ${result}$", "ja": "**結果:** ${result}$"}


def render_markdown(
    derivation: Derivation,
    lang: str | None = None,
    *,
    detail: str = "normal",
    skip: Iterable[str] = (),
) -> str:
    """The derivation as Markdown with ``$$`` display blocks."""
    chosen = lang or default_language()
    out: list[str] = []
    for line in lay_out(derivation, detail=detail, skip=skip):
        if line.kind == "heading":
            assert line.expr is not None and line.var is not None
            out.append(_INTRO[chosen].format(expr=_math(line.expr), var=_math(line.var)))
        elif line.kind == "step" and line.step is not None:
            assert line.expr is not None and line.result is not None
            sentence = _BY[chosen].format(rule=rule_name(line.step.rule, chosen))
            bindings_shown = visible_bindings(line.step)
            if bindings_shown and detail != "brief":
                bindings = ",\\ ".join(
                    f"{markdown_math(n)} = {_math(abbreviated(v, line.budget))}"
                    for n, v in bindings_shown
                )
                sentence += _WITH[chosen].format(bindings=bindings)
            out.append(sentence + ":")
            out.append(f"$$\n\\left({_math(line.expr)}\\right)' = {_math(line.result)}\n$$")
        elif line.kind == "rewrite" and line.step is not None:
            assert line.result is not None
            sentence = _SIMPLIFY[chosen].format(rules=rule_name(line.step.rule, chosen))
            stated = shown_conditions(line.step, detail)
            if stated is not None:
                word, conditions = stated
                facts = markdown_math(latex_conditions(conditions))
                sentence = sentence.rstrip(":：") + f" — {message(word, chosen)} ${facts}$:"
            out.append(sentence)
            out.append(f"$$\n= {_math(line.result)}\n$$")
    out.append(_RESULT[chosen].format(result=_math(abbreviated(derivation.result))))
    out.append(f"*{markdown_text(verification_line(derivation, chosen))}*")
    return "\n\n".join(out) + "\n"
