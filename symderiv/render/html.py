r"""A derivation as HTML: the steps as a collapsible tree (click a step for its substeps
and its "why"), the rule names, the answer line and the verification badge.

:func:`render_html` writes one self-contained page: KaTeX (vendored under
``render/assets/katex``, MIT licence) is inlined with its fonts as data URIs, so the page
needs no network to view and ``pip install`` needs no node.  With ``document=False`` it
writes the fragment alone, every formula as ``\(…\)`` for a page that typesets maths
itself (Jupyter's ``_repr_html_``: JupyterLab and the classic notebook run MathJax over
HTML output).

Every formula is LaTeX from :func:`symderiv.render.latex.to_latex` and every text passes
through :func:`html.escape`, so a name never becomes markup.  When the page has typeset
its formulas, ``<body>`` carries ``data-typeset="done"`` and ``data-math-errors`` (the
number of formulas KaTeX refused: 0 on every page we write).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources

from ..steps import Derivation, Step
from .highlight import focus_marks
from .latex import brackets, to_latex, to_latex_marked
from .latex_steps import answer_latex, latex_annotation
from .layout import Line, answer_conditions, lay_out
from .messages import language, message
from .names import line_heading_latex, result_name_latex
from .notes import note_label, reading_notes
from .pretty import to_pretty
from .text import verification_line

__all__ = ["html_math", "render_html"]

_STATUS = {"verified": "verified", "mismatch": "mismatch", "undecided": "undecided"}

_STYLE = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP",
       sans-serif; margin: 2rem auto; max-width: 64rem; padding: 0 1rem; color: #1d2330; }
.symderiv h2 { font-size: 1.25rem; margin: 1.25rem 0 0.5rem; }
.symderiv ol { list-style: none; margin: 0; padding-left: 1.4rem; border-left: 1px solid #d5dae3; }
.symderiv ol.steps { border-left: none; padding-left: 0; }
.symderiv li { margin: 0.2rem 0; }
.symderiv summary, .symderiv .leaf { cursor: default; padding: 0.15rem 0.3rem; border-radius: 4px; }
.symderiv summary { cursor: pointer; }
.symderiv summary:hover { background: #f1f4f9; }
.symderiv .rule { color: #0b6a8a; margin-left: 1.2rem; font-size: 0.92em; }
.symderiv .eq { margin: 0.3rem 0; }
.symderiv .why { margin: 0.2rem 0 0.3rem 1.4rem; color: #4a5263; font-style: italic;
                 font-size: 0.92em; }
.symderiv .answer { font-weight: 600; }
.symderiv .reading-note { margin: 0.3rem 0 0.6rem; padding: 0.3rem 0.7rem; font-size: 0.92em;
                          border-left: 3px solid #d9a400; background: #fff8e1; color: #4d3b00; }
.symderiv .badge { display: inline-block; margin-top: 1rem; padding: 0.3rem 0.7rem;
                   border-radius: 6px; font-size: 0.95em; }
.symderiv .badge.verified { background: #e3f5e8; color: #135a2a; }
.symderiv .badge.mismatch { background: #fde6e6; color: #8a1414; }
.symderiv .badge.undecided, .symderiv .badge.none { background: #fff5d6; color: #6b4e00; }
.symderiv .plot { display: block; max-width: 100%; margin-top: 1rem; }
.symderiv .math-error { color: #b00020; }
.toggle { font: inherit; font-size: 0.85em; padding: 0.2rem 0.6rem; border: 1px solid #c6ccd8;
          border-radius: 5px; background: #f7f9fc; cursor: pointer; }
"""

_SCRIPT = r"""
(function () {
  function typeset() {
    var errors = 0;
    var all = document.querySelectorAll(".symderiv .math");
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      var tex = el.textContent.replace(/^\s*\\\(/, "").replace(/\\\)\s*$/, "");
      try {
        katex.render("\\displaystyle " + tex, el, {throwOnError: true, displayMode: false});
      } catch (error) {
        errors += 1;
        el.classList.add("math-error");
        el.title = String(error);
      }
    }
    document.body.setAttribute("data-math-errors", String(errors));
    document.body.setAttribute("data-typeset", "done");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", typeset);
  } else {
    typeset();
  }
})();
"""

_TITLE = {"en": "Derivative of {expr}", "ja": "{expr} の微分"}
#: A button that opens or closes every step at once.
_TOGGLE = {
    lang: (
        '<button class="toggle" type="button" onclick="var all=document.querySelectorAll('
        "'.symderiv details');var open=[].some.call(all,function(d){return !d.open});"
        '[].forEach.call(all,function(d){d.open=open})">'
        f"{label}</button>"
    )
    for lang, label in {
        "en": "Open or close every step",
        "ja": "すべてのステップを開く／閉じる",
    }.items()
}
_RESULT = {"en": "Result", "ja": "結果"}


def html_math(tex: str) -> str:
    """A formula for the page: its TeX between ``\\(`` and ``\\)``, as HTML text (typeset
    by KaTeX on the page, by MathJax in a notebook)."""
    delimited = "\\(" + tex + "\\)"
    return f'<span class="math">{html.escape(delimited)}</span>'


def _step_label(line: Line, lang: str | None, detail: str) -> str:
    assert line.expr is not None and line.result is not None and line.step is not None
    opening, closing = brackets(line.expr)
    formula = f"{opening}{to_latex(line.expr)}{closing}' = {to_latex(line.result)}"
    note = latex_annotation(line.step, lang, detail, line.budget)
    return f'{html_math(formula)}<span class="rule">{html_math(note)}</span>'


def _why(step: Step, explanations: Callable[[str], Sequence[str]] | None, done: set[str]) -> str:
    if explanations is None or step.rule in done:
        return ""
    done.add(step.rule)
    lines = explanations(step.rule)
    return "".join(f'<div class="why">{html.escape(text.strip())}</div>' for text in lines)


def _tree(
    lines: list[Line],
    lang: str | None,
    detail: str,
    explanations: Callable[[str], Sequence[str]] | None,
) -> str:
    """The step lines as nested lists: each step a ``<details>`` holding its why and
    its substeps (the first open), a step with neither a plain line."""
    out: list[str] = ['<ol class="steps">']
    depth = 1
    done: set[str] = set()
    for index, line in enumerate(lines):
        while depth < line.depth:
            out.append("<ol>")
            depth += 1
        while depth > line.depth:
            out.append("</ol></details></li>")
            depth -= 1
        assert line.step is not None
        label = _step_label(line, lang, detail)
        why = _why(line.step, explanations, done)
        has_children = index + 1 < len(lines) and lines[index + 1].depth > line.depth
        if has_children or why:
            opened = " open" if line.depth == 1 else ""
            out.append(f"<li><details{opened}><summary>{label}</summary>{why}")
            if not has_children:
                out.append("</details></li>")
        else:
            out.append(f'<li><div class="leaf">{label}</div></li>')
    while depth > 1:
        out.append("</ol></details></li>")
        depth -= 1
    out.append("</ol>")
    return "".join(out)


def _notes(derivation: Derivation, lang: str) -> list[str]:
    """The reading notes, each a paragraph: ``<p class="reading-note"><b>Note:</b> …</p>``."""
    label = html.escape(note_label(lang).capitalize())
    return [
        f'<p class="reading-note"><b>{label}:</b> {html.escape(text)}</p>'
        for text in reading_notes(derivation, lang)
    ]


def _fragment(
    derivation: Derivation,
    lang: str | None,
    detail: str,
    skip: Iterable[str],
    explanations: Callable[[str], Sequence[str]] | None,
    image: bytes | None,
    highlight: bool = True,
    after: Sequence[str] = (),
) -> str:
    chosen = language(lang)
    out: list[str] = ['<div class="symderiv">']
    steps: list[Line] = []

    def flush() -> None:
        if steps:
            out.append(_tree(steps, chosen, detail, explanations))
            steps.clear()

    lines = lay_out(derivation, detail=detail, skip=skip)
    marks = focus_marks(lines) if highlight else {}
    for index, line in enumerate(lines):
        if line.kind == "step":
            steps.append(line)
            continue
        flush()
        if line.kind == "heading":
            assert line.expr is not None and line.var is not None
            if line.order > 1:
                out.append(f"<h2>{html.escape(message('order', chosen, order=line.order))}</h2>")
            heading = line_heading_latex(line)
            out.append(f"<h2>{html_math(heading)}</h2>")
            if line.order == 1:
                out += _notes(derivation, chosen)
        elif line.kind in ("application", "result"):
            shown = line.expr if line.kind == "application" else line.result
            assert shown is not None
            formula = to_latex_marked(shown, marks.get(index, ()))
            out.append(f'<p class="eq">{html_math("= " + formula)}</p>')
        elif line.kind == "answer" and line.result is not None and answer_conditions(line):
            note = answer_latex(line, chosen)
            out.append(
                f'<p class="eq">{html_math("= " + to_latex(line.result))}'
                f'<span class="rule">{html_math(note)}</span></p>'
            )
        elif line.kind == "rewrite" and line.result is not None and line.step is not None:
            note = latex_annotation(line.step, chosen, detail)
            formula = to_latex_marked(line.result, marks.get(index, ()))
            out.append(
                f'<p class="eq">{html_math("= " + formula)}'
                f'<span class="rule">{html_math(note)}</span></p>'
            )
    flush()
    named = result_name_latex(derivation)
    answer = rf"\text{{{_RESULT[chosen]}: }}{named}{to_latex(derivation.result)}"
    out.append(f'<p class="eq answer">{html_math(answer)}</p>')
    status = derivation.verification.status if derivation.verification else "none"
    badge = html.escape(verification_line(derivation, chosen))
    out.append(f'<p class="badge {_STATUS.get(status, "none")}">{badge}</p>')
    if image is not None:
        encoded = base64.b64encode(image).decode("ascii")
        out.append(f'<img class="plot" alt="plot" src="data:image/png;base64,{encoded}">')
    out.extend(after)
    out.append("</div>")
    return "\n".join(out)


def render_html(
    derivation: Derivation,
    lang: str | None = None,
    *,
    detail: str = "normal",
    skip: Iterable[str] = (),
    explanations: Callable[[str], Sequence[str]] | None = None,
    image: bytes | None = None,
    document: bool = True,
    highlight: bool = True,
    after: Sequence[str] = (),
) -> str:
    """The derivation as one self-contained HTML page (``document=False``: the fragment
    alone, for a page that typesets ``\\(…\\)`` itself); ``image`` is a PNG shown under
    the derivation (the plot); ``explanations(rule)`` the lines saying why a rule holds;
    with ``highlight``, what each tidying move made is coloured in its line; ``after``
    holds HTML set under it, in the same page (a value at a point, a verdict)."""
    fragment = _fragment(derivation, lang, detail, skip, explanations, image, highlight, after)
    if not document:
        return fragment
    chosen = language(lang)
    title = html.escape(_TITLE[chosen].format(expr=to_pretty(derivation.source)))
    return (
        f'<!DOCTYPE html>\n<html lang="{chosen}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_katex_style()}</style>\n<style>{_STYLE}</style>\n"
        f"</head>\n<body>\n{_TOGGLE[chosen]}\n{fragment}\n<script>{_katex_script()}</script>\n"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


_ASSETS = "assets/katex"
_FONT_SOURCE = re.compile(r"src:url\(fonts/([A-Za-z0-9_-]+)\.woff2\)[^;}]*")


@cache
def _katex_script() -> str:
    return _asset("katex.min.js").decode("utf-8").replace("</script", "<\\/script")


@cache
def _katex_style() -> str:
    """KaTeX's style sheet with its woff2 fonts as data URIs (the other formats dropped)."""

    def inlined(found: re.Match[str]) -> str:
        data = base64.b64encode(_asset(f"fonts/{found[1]}.woff2")).decode("ascii")
        return f'src:url(data:font/woff2;base64,{data}) format("woff2")'

    return _FONT_SOURCE.sub(inlined, _asset("katex.min.css").decode("utf-8"))


def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath(f"{_ASSETS}/{name}").read_bytes()
