"""The calculus results (implicit, parametric, from the definition, Jacobian, Hessian,
Taylor, values at points) in every format and both languages: each result is a sequence
of :class:`~symderiv.calculus.report.Block` records, drawn here as plain text, LaTeX,
Markdown, HTML, JSON or a rich view.  An embedded derivation is drawn by the derivation's own
renderer; a matrix as rows (text), ``pmatrix`` (LaTeX, Markdown) or nested lists (JSON).
Importing this module connects :data:`symderiv.calculus.report.PRESENTERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rich.console import Console, ConsoleOptions
from rich.text import Text

from ..calculus.report import PRESENTERS, Block, Label, Report, Verdict
from ..escape import html_text, rich_text, terminal_text
from ..expr import Expr
from .html import html_math, render_html
from .json import derivation_to_dict
from .latex import to_latex
from .latex_steps import escape_text, render_latex
from .markdown import render_markdown
from .messages import language
from .pretty import to_pretty
from .series import DISPLAYED, LEFT_SIDES, REWORDED
from .terminal import derivation_renderable
from .text import render_text
from .verdict import STATUS_CLASSES

__all__ = [
    "COURSE_MESSAGES",
    "course_message",
    "course_renderables",
    "render_course_html",
    "render_course_text",
]

COURSE_MESSAGES: dict[str, dict[str, str]] = {
    "implicit-setup": {
        "en": "Differentiate both sides of {equation} with respect to {x}, with {y} = {y}({x})",
        "ja": "{equation} の両辺を {x} で微分する（{y} は {x} の関数 {y}({x})）",
    },
    "implicit-collect": {
        "en": "collect the terms in {prime}",
        "ja": "{prime} を含む項をまとめる",
    },
    "implicit-solve": {"en": "solve for {prime}", "ja": "{prime} について解く"},
    "implicit-next": {
        "en": "Order {order}: differentiate {prime} = {expr} again, with {y} = {y}({x})",
        "ja": "第 {order} 次: {prime} = {expr} をもう一度微分する（{y} = {y}({x})）",
    },
    "substitute": {"en": "substitute {prime} = {value}", "ja": "{prime} = {value} を代入"},
    "use-equation": {
        "en": "simplified with the equation {equation}",
        "ja": "方程式 {equation} を用いて整理",
    },
    "result-in": {"en": "result, in {names}", "ja": "結果（{names} で表す）"},
    "curve-verified": {
        "en": "✓ every order checked against the numerical derivatives of y(x) at {count} "
        "points of the curve: {points}",
        "ja": "✓ 曲線上の {count} 点で y(x) の数値微分と各次数を照合済み: {points}",
    },
    "curve-mismatch": {
        "en": "✗ MISMATCH: order {order} disagrees with the numerical derivative at {point}",
        "ja": "✗ 不一致: 第 {order} 次が {point} での数値微分と一致しません",
    },
    "curve-undecided": {
        "en": "? not verified: only {count} usable points of the curve were found",
        "ja": "? 未検証: 曲線上の使える点が {count} 点しか見つかりませんでした",
    },
    "with-params": {"en": " (with {params})", "ja": "（{params} として）"},
    "not-verified": {"en": "(not verified)", "ja": "(未検証)"},
    "sympy-verified": {"en": "✓ {summary}", "ja": "✓ {summary}"},
    "sympy-mismatch": {"en": "✗ {summary}", "ja": "✗ {summary}"},
    "sympy-undecided": {"en": "? {summary}", "ja": "? {summary}"},
    "parametric-setup": {
        "en": "The curve x = {x_of_t}, y = {y_of_t}: differentiate each with respect to {t}",
        "ja": "曲線 x = {x_of_t}, y = {y_of_t}: それぞれを {t} で微分する",
    },
    "parametric-ratio": {
        "en": "dy/dx = (dy/d{t}) / (dx/d{t})",
        "ja": "dy/dx = (dy/d{t}) / (dx/d{t})",
    },
    "parametric-next": {
        "en": "Order {order}: d/d{t} of the previous order, divided by dx/d{t}",
        "ja": "第 {order} 次: 一つ前の結果を {t} で微分し dx/d{t} で割る",
    },
    "parametric-verified": {
        "en": "✓ checked against the numerical derivatives of y as a function of x at {count} "
        "values of {t}: {points}",
        "ja": "✓ {t} の {count} 個の値で y(x) の数値微分と照合済み: {points}",
    },
    "parametric-mismatch": {
        "en": "✗ MISMATCH: order {order} disagrees with the numerical derivative at {t} = {point}",
        "ja": "✗ 不一致: 第 {order} 次が {t} = {point} での数値微分と一致しません",
    },
    "parametric-undecided": {
        "en": "? not verified: too few values of {t} where dx/d{t} ≠ 0",
        "ja": "? 未検証: dx/d{t} ≠ 0 となる {t} の値が足りません",
    },
    "entry": {"en": "entry {where}", "ja": "成分 {where}"},
    "jacobian-setup": {
        "en": "Jacobian of ({functions}) with respect to ({variables})",
        "ja": "({functions}) の ({variables}) に関するヤコビ行列",
    },
    "hessian-setup": {
        "en": "Hessian of {expr} with respect to ({variables})",
        "ja": "{expr} の ({variables}) に関するヘッセ行列",
    },
    "hessian-symmetric": {
        "en": "∂²f/∂{b}∂{a} = ∂²f/∂{a}∂{b} (the entries agree: checked)",
        "ja": "∂²f/∂{b}∂{a} = ∂²f/∂{a}∂{b}（一致を確認）",
    },
    "gradient-first": {"en": "First partial derivatives", "ja": "1 階偏導関数"},
    "second-partials": {"en": "Second partial derivatives", "ja": "2 階偏導関数"},
    "divergence-setup": {
        "en": "Divergence of ({functions}) with respect to ({variables})",
        "ja": "({functions}) の ({variables}) に関する発散",
    },
    "laplacian-setup": {
        "en": "Laplacian of {functions} with respect to ({variables})",
        "ja": "{functions} の ({variables}) に関するラプラシアン",
    },
    "sum-of-terms": {"en": "the sum of the terms", "ja": "各項の和"},
    "directional-setup": {
        "en": "Directional derivative of {expr} along u = ({direction})",
        "ja": "{expr} の u = ({direction}) 方向の方向微分",
    },
    "directional-normalise": {
        "en": "unit vector u/|u|, |u| = {norm}",
        "ja": "単位ベクトル u/|u|（|u| = {norm}）",
    },
    "directional-dot": {"en": "∇f · u/|u|", "ja": "∇f · u/|u|"},
    "matrix-verified": {
        "en": "✓ every entry verified against SymPy ({count} derivations)",
        "ja": "✓ 全成分を SymPy で検証済み（{count} 件の微分）",
    },
    "matrix-mismatch": {
        "en": "✗ MISMATCH in entry {where}",
        "ja": "✗ 成分 {where} で不一致",
    },
    "matrix-undecided": {
        "en": "? not verified: {count} entries undecided",
        "ja": "? 未検証: {count} 成分が未確定",
    },
    "taylor-setup": {
        "en": "Taylor polynomial of {expr} at {point}, degree {n}",
        "ja": "{expr} の {point} におけるテイラー多項式（{n} 次）",
    },
    "taylor-derivatives": {
        "en": "The derivatives (each order differentiates the last)",
        "ja": "導関数（各次数は一つ前を微分する）",
    },
    "taylor-constant": {"en": "the constant term", "ja": "定数項"},
    "taylor-coefficient": {"en": "the coefficient of {power}", "ja": "{power} の係数"},
    "taylor-result": {"en": "{series}", "ja": "{series}"},
    "taylor-verified": {
        "en": "✓ every coefficient agrees with SymPy's series",
        "ja": "✓ 全係数が SymPy の級数展開と一致",
    },
    "taylor-mismatch": {
        "en": "✗ MISMATCH with SymPy's series in the coefficient of degree {k}",
        "ja": "✗ {k} 次の係数が SymPy の級数展開と不一致",
    },
    "taylor-undecided": {
        "en": "? the coefficients could not be compared with SymPy's series: {detail}",
        "ja": "? SymPy の級数展開と比較できませんでした: {detail}",
    },
    "implicit-point": {
        "en": "At {where} on the curve {equation}",
        "ja": "曲線 {equation} 上の点 {where} において",
    },
    "implicit-vertical": {
        "en": "the tangent is vertical ({x} = {a}): the slope is undefined",
        "ja": "接線は垂直（{x} = {a}）: 傾きは定義されない",
    },
    "point-setup": {"en": "At {where}", "ja": "{where} において"},
    "point-value": {"en": "value ≈ {decimal}", "ja": "値 ≈ {decimal}"},
    "point-slope": {"en": "slope ≈ {decimal}", "ja": "傾き ≈ {decimal}"},
    "point-derivative": {
        "en": "derivative of order {order} ≈ {decimal}",
        "ja": "第 {order} 次導関数の値 ≈ {decimal}",
    },
    "point-tangent": {"en": "tangent line", "ja": "接線"},
    "point-normal": {"en": "normal line", "ja": "法線"},
    "point-normal-vertical": {
        "en": "normal line: {var} = {a} (the tangent is horizontal)",
        "ja": "法線: {var} = {a}（接線が水平）",
    },
    "point-outside": {
        "en": "outside the real domain of f: no value, no tangent line",
        "ja": "f の実数の定義域の外: 値も接線もありません",
    },
    "point-verified": {
        "en": "✓ exact values agree with the numerical ones to 30 digits",
        "ja": "✓ 厳密値は数値と 30 桁一致",
    },
    "point-undecided": {
        "en": "? the exact form could not be checked: {detail}",
        "ja": "? 厳密値を確認できませんでした: {detail}",
    },
    "limit-setup": {
        "en": "From the definition: f′({var}) = lim_{h}→0 (f({var} + {h}) − f({var}))/{h}, "
        "with f({var}) = {f}",
        "ja": "定義に従って: f′({var}) = lim_{h}→0 (f({var} + {h}) − f({var}))/{h}"
        "（f({var}) = {f}）",
    },
    "limit-quotient": {"en": "the difference quotient", "ja": "差分商"},
    "limit-expand": {
        "en": "one fraction, the numerator expanded",
        "ja": "通分して分子を展開",
    },
    "limit-cancel": {"en": "cancel {h} ({h} ≠ 0)", "ja": "{h} で約分（{h} ≠ 0）"},
    "limit-continuous": {
        "en": "let {h} → 0 (continuous at {h} = 0)",
        "ja": "{h} → 0 とする（{h} = 0 で連続）",
    },
    "limit-conjugate": {
        "en": "multiply above and below by the conjugate {conjugate}",
        "ja": "分母分子に共役な式 {conjugate} を掛ける",
    },
    "limit-sum-sin": {
        "en": "sum formula: sin({x} + {h}) = sin {x} cos {h} + cos {x} sin {h}",
        "ja": "加法定理: sin({x} + {h}) = sin {x} cos {h} + cos {x} sin {h}",
    },
    "limit-sum-cos": {
        "en": "sum formula: cos({x} + {h}) = cos {x} cos {h} − sin {x} sin {h}",
        "ja": "加法定理: cos({x} + {h}) = cos {x} cos {h} − sin {x} sin {h}",
    },
    "limit-group": {"en": "group the terms", "ja": "項をまとめる"},
    "limit-standard-trig": {
        "en": "standard limits: sin {h}/{h} → 1, (cos {h} − 1)/{h} → 0",
        "ja": "基本的な極限: sin {h}/{h} → 1, (cos {h} − 1)/{h} → 0",
    },
    "limit-tidy": {"en": "simplify", "ja": "整理する"},
    "limit-exponent-law": {
        "en": "exponent law: a^({x} + {h}) = a^{x}·a^{h}",
        "ja": "指数法則: a^({x} + {h}) = a^{x}·a^{h}",
    },
    "limit-factor": {"en": "factor out", "ja": "くくり出す"},
    "limit-standard-exp": {
        "en": "standard limit: (e^{h} − 1)/{h} → 1",
        "ja": "基本的な極限: (e^{h} − 1)/{h} → 1",
    },
    "limit-standard-base": {
        "en": "standard limit: ({a}^{h} − 1)/{h} → ln {a}",
        "ja": "基本的な極限: ({a}^{h} − 1)/{h} → ln {a}",
    },
    "limit-log-quotient": {
        "en": "ln A − ln B = ln(A/B) (for x > 0 and x + h > 0)",
        "ja": "対数の性質: ln A − ln B = ln(A/B)（x > 0, x + h > 0）",
    },
    "limit-log-one-plus": {
        "en": "({x} + {h})/{x} = 1 + {h}/{x}",
        "ja": "({x} + {h})/{x} = 1 + {h}/{x}",
    },
    "limit-log-scale": {
        "en": "multiply and divide by t = {t}",
        "ja": "t = {t} を掛けて割る",
    },
    "limit-standard-log": {
        "en": "standard limit: ln(1 + t)/t → 1 as t = {h}/{x} → 0",
        "ja": "基本的な極限: t = {h}/{x} → 0 のとき ln(1 + t)/t → 1",
    },
    "limit-constant": {
        "en": "the constant factor {c} out of the limit",
        "ja": "定数 {c} を極限の外に出す",
    },
    "limit-result": {"en": "from the definition", "ja": "定義から求めた導関数"},
    "limit-verified": {
        "en": "✓ every step checked: each equality against SymPy, each limit numerically"
        " (h = ±10⁻⁹), the result against the derivative by the rules",
        "ja": "✓ 全ステップを確認: 各等式は SymPy で、各極限は数値的に（h = ±10⁻⁹）、"
        "結果は微分法則による導関数と照合",
    },
    "limit-mismatch": {
        "en": "✗ MISMATCH in the step '{step}'",
        "ja": "✗ ステップ「{step}」で不一致",
    },
    "limit-undecided": {
        "en": "? not verified: the step '{step}' could not be checked",
        "ja": "? 未検証: ステップ「{step}」を確認できませんでした",
    },
}


def course_message(key: str, lang: str | None, **values: object) -> str:
    """A message of this catalogue in ``lang``, ``values`` filled in (none for no key)."""
    return COURSE_MESSAGES[key][language(lang)].format(**values) if key else ""


#: How a format shows a formula in its words: an expression, or a formula already
#: written (a :class:`Label`: text and LaTeX).
_Show = Callable[[Expr | Label], str]


def _text(value: Expr | Label) -> str:
    """A formula as text (``x²``)."""
    return value.text if isinstance(value, Label) else to_pretty(value)


def _math(value: Expr | Label) -> str:
    """A formula as inline math (``$x^{2}$``)."""
    return f"${value.latex if isinstance(value, Label) else to_latex(value)}$"


def _filled(key: str, values: tuple[tuple[str, Any], ...], lang: str | None, show: _Show) -> str:
    reword = REWORDED.get(key)
    if reword is not None:
        key, values = reword(values)
    shown = {
        name: show(value) if isinstance(value, (Expr, Label)) else _plain(value, show)
        for name, value in values
    }
    text = course_message(key, lang, **shown)
    params = dict(values).get("params")
    if key.endswith("verified") and params:
        text += course_message("with-params", lang, params=params)
    return text


def _plain(value: Any, show: _Show) -> str:
    equation = getattr(value, "lhs", None)
    if equation is not None and hasattr(value, "rhs"):
        return f"{show(value.lhs)} = {show(value.rhs)}"
    return str(value)


def _verdict_text(verdict: Verdict, lang: str | None, show: _Show) -> str:
    return _filled(verdict.key, verdict.values, lang, show)


# -- plain text ---------------------------------------------------------------------------
def _label_text(label: Label | None) -> str:
    return label.text if label is not None else ""


def _left_side(block: Block) -> Label | None:
    """The left side of an equation block: its label, or one worded from its values
    (``c₂ = f″(0)/2!``, see :data:`~symderiv.render.series.LEFT_SIDES`)."""
    side = LEFT_SIDES.get(block.key)
    return side(block.label, block.values) if side is not None else block.label


def _matrix_text(rows: tuple[tuple[Expr, ...], ...]) -> list[str]:
    cells = [[to_pretty(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))] if cells else []
    lines = []
    for i, row in enumerate(cells):
        left, right = ("⎡", "⎤") if i == 0 else ("⎣", "⎦") if i == len(cells) - 1 else ("⎢", "⎥")
        if len(cells) == 1:
            left, right = "[", "]"
        lines.append(left + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + right)
    return lines


def render_course_text(report: Report, lang: str | None = None, **options: Any) -> str:
    """A calculus result as plain text."""
    out: list[str] = []
    for block in report.blocks():
        if block.kind == "heading":
            if out:
                out.append("")
            out.append(_filled(block.key, block.values, lang, _text))
        elif block.kind == "derivation":
            assert block.derivation is not None
            out.append(render_text(block.derivation, lang, **options))
        elif block.kind == "equation":
            assert block.expr is not None
            out.append(_equation_text(block, lang))
        elif block.kind == "limit":
            assert block.expr is not None
            out.append(_limit_text(block, lang))
        elif block.kind == "matrix":
            rows = _matrix_text(block.rows)
            name = _label_text(block.label)
            pad = " " * (len(name) + 3)
            middle = len(rows) // 2
            out.extend((f"{name} = " if i == middle else pad) + row for i, row in enumerate(rows))
        elif block.kind == "verdict":
            assert block.verdict is not None
            out.append(_verdict_text(block.verdict, lang, _text))
    return terminal_text("\n".join(out))


def _limit_lead(block: Block) -> tuple[str, str]:
    """The left side of a line of a limit computation (``f′(x)`` on the first line,
    else ``=``) and its ``lim`` (empty once the limit is taken), as text."""
    values = dict(block.values)
    first = block.key == "limit-quotient"
    left = f"f′({values.get('x', 'x')}) =" if first else "="
    return left, (block.label.text + " ") if block.label is not None else ""


def _limit_text(block: Block, lang: str | None) -> str:
    assert block.expr is not None
    left, lim = _limit_lead(block)
    line = f"  {left} {lim}{to_pretty(block.expr)}"
    note = _filled(block.key, block.values, lang, _text)
    return f"{line}{' ' * max(2, 36 - len(line))}{note}"


def _equation_text(block: Block, lang: str | None) -> str:
    assert block.expr is not None
    note = _filled(block.key, block.values, lang, _text)
    label = to_pretty(block.left) if block.left is not None else _label_text(_left_side(block))
    left = f"  {label} = {to_pretty(block.expr)}" if label else f"  {to_pretty(block.expr)}"
    if not note:
        return left
    gap = max(2, 36 - len(left))
    return f"{left}{' ' * gap}{note}"


# -- LaTeX --------------------------------------------------------------------------------
#: Characters of the messages that text fonts lack, written as math.
_MATH_CHARACTERS = {
    "∂": r"$\partial$",
    "≈": r"$\approx$",
    "∇": r"$\nabla$",
    "·": r"$\cdot$",
    "‴": "$'''$",
    "″": "$''$",
    "⁽": "$^{(}$",
    "⁾": "$^{)}$",
}


def _latex_words(key: str, values: tuple[tuple[str, Any], ...], lang: str | None) -> str:
    """A message for LaTeX: the words escaped, the expressions as inline math."""
    marks: dict[str, str] = {}

    def show(value: Expr | Label) -> str:
        mark = f"\x00{len(marks)}\x00"
        marks[mark] = _math(value)
        return mark

    text = escape_text(_filled(key, values, lang, show))
    for character, command in _MATH_CHARACTERS.items():
        text = text.replace(character, command)
    for mark, math in marks.items():
        text = text.replace(escape_text(mark), math)
    return text


def _latex_matrix(rows: tuple[tuple[Expr, ...], ...]) -> str:
    body = r" \\ ".join(" & ".join(to_latex(cell) for cell in row) for row in rows)
    return rf"\begin{{pmatrix}} {body} \end{{pmatrix}}"


def render_course_latex(report: Report, lang: str | None = None, **options: Any) -> str:
    """A calculus result as a LaTeX fragment: paragraphs, ``align*`` derivations and
    displayed equations."""
    out: list[str] = []
    for block in report.blocks():
        formula = DISPLAYED.get(block.key) if block.kind == "heading" else None
        if formula is not None:
            out.append(rf"\[ {formula(block.values).latex} \]" + "\n")
        elif block.kind in ("heading", "verdict"):
            key, values = (
                (block.verdict.key, block.verdict.values)
                if block.verdict is not None
                else (block.key, block.values)
            )
            out.append(r"\noindent " + _latex_words(key, values, lang) + "\n")
        elif block.kind == "derivation":
            assert block.derivation is not None
            out.append(render_latex(block.derivation, lang, **options))
        elif block.kind == "equation":
            assert block.expr is not None
            out.append(_equation_latex(block, lang))
        elif block.kind == "limit":
            words = _latex_words(block.key, block.values, lang)
            row = _limit_latex(block).replace("=", "&=", 1) + rf" && \text{{{words}}}"
            if out and out[-1].endswith(_ALIGN_END):
                out[-1] = out[-1][: -len(_ALIGN_END)] + r" \\" + "\n" + row + _ALIGN_END
            else:
                out.append(r"\begin{align*}" + "\n" + row + _ALIGN_END)
        elif block.kind == "matrix":
            label = block.label.latex if block.label is not None else ""
            out.append(rf"\[ {label} = {_latex_matrix(block.rows)} \]")
    return "\n".join(out)


#: The end of the ``align*`` the lines of a limit computation are gathered in.
_ALIGN_END = "\n\\end{align*}"


def _limit_latex(block: Block) -> str:
    assert block.expr is not None
    x = dict(block.values).get("x", "x")
    left = f"f'({x}) =" if block.key == "limit-quotient" else "="
    lim = block.label.latex + " " if block.label is not None else ""
    return f"{left} {lim}{to_latex(block.expr)}"


def _equation_latex(block: Block, lang: str | None) -> str:
    assert block.expr is not None
    words = _latex_words(block.key, block.values, lang)
    note = rf" \quad \text{{{words}}}" if words else ""
    side = _left_side(block)
    label = side.latex if side is not None else ""
    if block.left is not None:
        label = to_latex(block.left)
    left = f"{label} = " if label else ""
    return rf"\[ {left}{to_latex(block.expr)}{note} \]"


# -- Markdown -----------------------------------------------------------------------------
def _markdown_words(key: str, values: tuple[tuple[str, Any], ...], lang: str | None) -> str:
    return _filled(key, values, lang, _math)


def render_course_markdown(report: Report, lang: str | None = None, **options: Any) -> str:
    """A calculus result as Markdown with MathJax/KaTeX math."""
    out: list[str] = []
    for block in report.blocks():
        formula = DISPLAYED.get(block.key) if block.kind == "heading" else None
        if formula is not None:
            out.append(f"$$\n{formula(block.values).latex}\n$$\n")
        elif block.kind == "heading":
            out.append(f"**{_markdown_words(block.key, block.values, lang)}**\n")
        elif block.kind == "verdict":
            assert block.verdict is not None
            out.append(f"*{_markdown_words(block.verdict.key, block.verdict.values, lang)}*\n")
        elif block.kind == "derivation":
            assert block.derivation is not None
            out.append(render_markdown(block.derivation, lang, **options))
        elif block.kind == "equation":
            assert block.expr is not None
            equation = _equation_latex(block, lang)[3:-3].strip()
            equation = equation.split(r" \quad ")[0]
            note = _markdown_words(block.key, block.values, lang)
            if note:
                out.append(f"{note}:\n")
            out.append(f"$$\n{equation}\n$$\n")
        elif block.kind == "limit":
            out.append(f"{_markdown_words(block.key, block.values, lang)}:\n")
            out.append(f"$$\n{_limit_latex(block)}\n$$\n")
        elif block.kind == "matrix":
            label = block.label.latex if block.label is not None else ""
            out.append(f"$$\n{label} = {_latex_matrix(block.rows)}\n$$\n")
    return "\n".join(out)


# -- HTML ---------------------------------------------------------------------------------
def _html_note(block: Block, lang: str | None) -> str:
    note = html_text(_filled(block.key, block.values, lang, _text))
    return f'<span class="rule">{note}</span>' if note else ""


def render_course_html(report: Report, lang: str | None = None, **options: Any) -> str:
    """A calculus result as HTML for :func:`~symderiv.render.html.render_html`'s page (a
    fragment in its ``symderiv`` block): words as text, formulas as ``\\(…\\)`` for
    KaTeX, verdicts in their status's colours, embedded derivations as step trees."""
    out: list[str] = ['<div class="course">']
    for block in report.blocks():
        if block.kind == "heading":
            out.append(f"<h2>{html_text(_filled(block.key, block.values, lang, _text))}</h2>")
        elif block.kind == "verdict":
            assert block.verdict is not None
            status = STATUS_CLASSES.get(block.verdict.status, "undecided")
            text = html_text(_verdict_text(block.verdict, lang, _text))
            out.append(f'<p class="badge {status}">{text}</p>')
        elif block.kind == "derivation":
            assert block.derivation is not None
            out.append(render_html(block.derivation, lang, document=False, **options))
        elif block.kind == "equation":
            equation = _equation_latex(block, lang)[3:-3].strip().split(r" \quad ")[0]
            out.append(f'<p class="eq">{html_math(equation)}{_html_note(block, lang)}</p>')
        elif block.kind == "limit":
            out.append(
                f'<p class="eq">{html_math(_limit_latex(block))}{_html_note(block, lang)}</p>'
            )
        elif block.kind == "matrix":
            label = block.label.latex if block.label is not None else ""
            out.append(f'<p class="eq">{html_math(f"{label} = {_latex_matrix(block.rows)}")}</p>')
    out.append("</div>")
    return "\n".join(out)


# -- JSON ---------------------------------------------------------------------------------
def _json_value(value: Any) -> Any:
    if isinstance(value, Expr):
        return {"text": str(value), "latex": to_latex(value)}
    if isinstance(value, (int, float, str)) or value is None:
        return value
    return _plain(value, str)


def course_to_dict(report: Report) -> dict[str, Any]:
    """A calculus result as JSON-ready data: its kind, status and blocks."""
    blocks: list[dict[str, Any]] = []
    for block in report.blocks():
        item: dict[str, Any] = {"kind": block.kind}
        if block.key:
            item["key"] = block.key
        if block.values:
            item["values"] = {name: _json_value(v) for name, v in block.values}
        if block.left is not None:
            item["left"] = _json_value(block.left)
        if block.label is not None:
            item["label"] = {"text": block.label.text, "latex": block.label.latex}
        if block.expr is not None:
            item["expr"] = _json_value(block.expr)
        if block.derivation is not None:
            item["derivation"] = derivation_to_dict(block.derivation)
        if block.rows:
            item["rows"] = [[_json_value(cell) for cell in row] for row in block.rows]
        if block.verdict is not None:
            item["status"] = block.verdict.status
            item["key"] = block.verdict.key
            item["values"] = {name: _json_value(v) for name, v in block.verdict.values}
        blocks.append(item)
    return {
        "schema": "symderiv.course/1",
        "kind": report.name(),
        "status": report.status,
        "blocks": blocks,
    }


# -- rich ---------------------------------------------------------------------------------
_STYLES = {"verified": "bold green", "mismatch": "bold red", "undecided": "bold yellow"}


def course_renderables(report: Report, lang: str | None = None) -> Iterator[Any]:
    """The rich view in ``lang``: embedded derivations as trees, headings in bold,
    verdicts coloured."""
    for block in report.blocks():
        if block.kind == "derivation":
            assert block.derivation is not None
            yield derivation_renderable(block.derivation, lang)
            continue
        if block.kind == "heading":
            yield Text("")
        if block.kind == "verdict":
            assert block.verdict is not None
            line = _verdict_text(block.verdict, lang, _text)
            yield rich_text(line, _STYLES.get(block.verdict.status, "dim"))
            continue
        text = render_course_text(_Single(block), lang)
        yield rich_text(text, "bold") if block.kind == "heading" else rich_text(text)


def render_course_rich(report: Report, console: Console, options: ConsoleOptions) -> Iterator[Any]:
    """The rich view in the locale's language (``rich.print(result)``)."""
    del console, options
    yield from course_renderables(report)


class _Single(Report):
    """One block as a report of its own (for drawing block by block)."""

    def __init__(self, block: Block) -> None:
        self._block = block

    def blocks(self) -> tuple[Block, ...]:
        return (self._block,)


PRESENTERS.update(
    text=render_course_text,
    html=render_course_html,
    latex=render_course_latex,
    markdown=render_course_markdown,
    dict=course_to_dict,
    rich=render_course_rich,
)
