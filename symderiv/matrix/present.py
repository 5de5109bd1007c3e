"""A matrix derivation in text, LaTeX, Markdown and a dict; English and Japanese.

The heading names the derivative and shows every name's shape once
(``x ∈ ℝⁿ, A ∈ ℝⁿˣⁿ``); each step is one line ``∇ₓ(u) = result`` (or, when an upstream
gradient G flows back through ``u``, ``∇ₓ⟨G, u⟩ = result`` with G shown beside it),
indented under the step that used it, with the rule's name; the rewrites to textbook
form follow as ``= …`` lines, and the verification badge ends it.
"""

from __future__ import annotations

import json
from typing import Any

from ..steps import RULES
from .nodes import Node, Var
from .printing import display_name, latex, shape_latex, shape_text, text
from .record import _ACTIONS, MatrixDerivation, MatrixStep, MatrixVerification

__all__ = [
    "MATRIX_RULE_NAMES",
    "render",
    "render_latex",
    "render_markdown",
    "render_text",
    "to_dict",
]

#: Each matrix rule's name in English and Japanese.
MATRIX_RULE_NAMES: dict[str, dict[str, str]] = {
    "mat-constant": {"en": "constant", "ja": "定数の微分"},
    "mat-identity": {"en": "the variable itself", "ja": "変数そのもの"},
    "mat-sum": {"en": "sum rule", "ja": "和の微分"},
    "mat-quadratic-form": {"en": "quadratic form", "ja": "二次形式の微分"},
    "mat-linear-form": {"en": "linear form", "ja": "一次形式の微分"},
    "mat-linear-map": {"en": "chain rule through a linear map", "ja": "線形写像を通る連鎖律"},
    "mat-trace-quadratic": {"en": "trace of a quadratic form", "ja": "二次形式のトレースの微分"},
    "mat-trace-linear": {"en": "trace of a linear map", "ja": "トレースの微分"},
    "mat-trace": {"en": "trace rule", "ja": "トレースの連鎖律"},
    "mat-logdet": {"en": "log-determinant", "ja": "対数行列式の微分"},
    "mat-log-softmax": {"en": "log-softmax Jacobian", "ja": "対数ソフトマックスのヤコビ行列"},
    "mat-log-sigmoid": {"en": "log-sigmoid", "ja": "対数シグモイドの微分"},
    "mat-det": {"en": "determinant (Jacobi's formula)", "ja": "行列式の微分 (ヤコビの公式)"},
    "mat-squared-norm": {"en": "squared norm", "ja": "ノルムの二乗の微分"},
    "mat-norm": {"en": "Euclidean norm", "ja": "ノルムの微分"},
    "mat-sum-entries": {"en": "sum of entries (𝟏ᵀv)", "ja": "成分の和の微分"},
    "mat-logsumexp": {"en": "log-sum-exp", "ja": "log-sum-exp の微分"},
    "mat-softmax": {"en": "softmax Jacobian", "ja": "ソフトマックスのヤコビ行列"},
    "mat-constant-multiple": {"en": "constant multiple", "ja": "定数倍の微分"},
    "mat-scalar-product": {
        "en": "product rule (scalar times matrix)",
        "ja": "積の微分法 (スカラー倍)",
    },
    "mat-transpose": {"en": "transpose", "ja": "転置の微分"},
    "mat-product": {"en": "product rule for matrix products", "ja": "行列積の微分法"},
    "mat-inverse": {"en": "inverse matrix", "ja": "逆行列の微分"},
    "mat-hadamard": {"en": "product rule for ⊙", "ja": "アダマール積の微分"},
    "mat-power": {"en": "power rule", "ja": "べき関数の微分"},
    "mat-quotient": {"en": "quotient rule", "ja": "商の微分法"},
    "mat-diag": {"en": "diag", "ja": "対角行列の微分"},
    "mat-exp": {"en": "elementwise chain rule: exp", "ja": "成分ごとの連鎖律: exp"},
    "mat-log": {"en": "elementwise chain rule: log", "ja": "成分ごとの連鎖律: log"},
    "mat-sigmoid": {"en": "elementwise chain rule: σ", "ja": "成分ごとの連鎖律: σ"},
    "mat-tanh": {"en": "elementwise chain rule: tanh", "ja": "成分ごとの連鎖律: tanh"},
    "mat-softplus": {"en": "elementwise chain rule: softplus", "ja": "成分ごとの連鎖律: softplus"},
    "mat-relu": {"en": "elementwise chain rule: relu", "ja": "成分ごとの連鎖律: relu"},
    "mat-sqrt": {"en": "elementwise chain rule: sqrt", "ja": "成分ごとの連鎖律: sqrt"},
    "mat-sin": {"en": "elementwise chain rule: sin", "ja": "成分ごとの連鎖律: sin"},
    "mat-cos": {"en": "elementwise chain rule: cos", "ja": "成分ごとの連鎖律: cos"},
    "mat-jacobian": {"en": "Jacobian read off (Jᵢⱼ = ∂fᵢ/∂xⱼ)", "ja": "ヤコビ行列を読み取る"},
    "mat-tidy": {"en": "tidy (scalars first, (AB)ᵀ = BᵀAᵀ)", "ja": "整理"},
    "mat-collect-elementwise": {"en": "expand ⊙ and collect", "ja": "⊙ を展開して整理"},
    "mat-factor": {"en": "factor out", "ja": "くくり出し"},
    "mat-given": {"en": "the given fact", "ja": "与えられた条件"},
}

_WORDS = {
    "gradient": {"en": "gradient", "ja": "勾配"},
    "jacobian": {"en": "Jacobian", "ja": "ヤコビ行列"},
    "where": {"en": "where", "ja": "ただし"},
    "verified": {
        "en": "verified entry by entry: result and {checked} of {total} steps — checked on {where}",
        "ja": "成分ごとに検証済み: 結果と {total} ステップ中 {checked} ステップ"
        " — 検証した例: {where}",
    },
    "mismatch": {
        "en": "MISMATCH with the entry-by-entry derivative in the {rule} step ({where})",
        "ja": "成分ごとの微分と不一致: {rule} のステップ ({where})",
    },
    "undecided": {
        "en": "undecided: {checked} of {total} steps verified; {detail}",
        "ja": "未確定: {total} ステップ中 {checked} ステップ検証済み; {detail}",
    },
}

#: Why a matrix derivation could not be checked, in Japanese.
_DETAILS_JA = {
    "no instance where the values are defined": "値が定義される例がありません",
    "over the time limit": "時間の制限を超えました",
}


def rule_name(key: str, lang: str) -> str:
    return MATRIX_RULE_NAMES.get(key, {}).get(lang) or MATRIX_RULE_NAMES.get(key, {}).get("en", key)


#: Characters of rule names that LaTeX's text mode cannot set, as math.
_TEX_CHARS = str.maketrans(
    {"ᵀ": "$^\\top$", "⊙": "$\\odot$", "𝟏": "$\\mathbf{1}$", "σ": "$\\sigma$", "ᵢ": "$_i$",
     "ⱼ": "$_j$", "∂": "$\\partial$", "ₓ": "$_x$", "·": "$\\cdot$"}
)  # fmt: skip


def tex_text(words: str) -> str:
    """Words in ``\\text{…}`` with the symbols among them set as math."""
    return f"\\text{{{words.translate(_TEX_CHARS)}}}"


def _lang(lang: str | None) -> str:
    return lang if lang in ("en", "ja") else "en"


def badge(verification: MatrixVerification | None, lang: str) -> str | None:
    """The verification line, or ``None`` when the derivation was not checked; each size
    checked is named once (``n = 2; n = 3``, though two instances had n = 2)."""
    if verification is None:
        return None
    where = "; ".join(dict.fromkeys(verification.instances))
    if verification.status == "verified":
        line = _WORDS["verified"][lang].format(
            checked=verification.steps_checked, total=verification.steps_total, where=where
        )
        return "✓ " + line
    if verification.status == "mismatch":
        step = verification.failing_step
        rule = rule_name(step.rule, lang) if step is not None else "result"
        return "✗ " + _WORDS["mismatch"][lang].format(rule=rule, where=verification.counterexample)
    detail = verification.detail
    return "? " + _WORDS["undecided"][lang].format(
        checked=verification.steps_checked,
        total=verification.steps_total,
        detail=_DETAILS_JA.get(detail, detail) if lang == "ja" else detail,
    )


def shapes_line(d: MatrixDerivation, tex: bool = False) -> str:
    """``x ∈ ℝⁿ, A ∈ ℝⁿˣⁿ`` (symmetric names marked)."""
    parts = []
    for name, (rows, cols, sym) in d.shapes.items():
        var = Var(name, rows, cols, sym)
        if tex:
            shown = f"{latex(var)} \\in {shape_latex(rows, cols)}"
            parts.append(shown + (" \\text{ symmetric}" if sym else ""))
        else:
            parts.append(
                f"{display_name(name)} ∈ {shape_text(rows, cols)}" + (" symmetric" if sym else "")
            )
    return ", ".join(parts)


def _nabla(var: Var, tex: bool) -> str:
    if tex:
        return f"\\nabla_{{{latex(var)}}}"
    return f"∇_{display_name(var.name)}"


def _lhs(step: MatrixStep, tex: bool) -> str:
    assert step.var is not None
    show = latex if tex else text
    if step.rule == "mat-jacobian":
        return (
            f"\\frac{{\\partial\\left({show(step.expr)}\\right)}}{{\\partial {latex(step.var)}}}"
            if tex
            else f"∂({show(step.expr)})/∂{display_name(step.var.name)}"
        )
    if step.adjoint is None:
        return (
            f"{_nabla(step.var, tex)}\\left({show(step.expr)}\\right)"
            if tex
            else (f"{_nabla(step.var, tex)}({show(step.expr)})")
        )
    g = show(step.adjoint) if _is_placeholder(step.adjoint) else "G"
    return (f"{_nabla(step.var, tex)}\\langle {g}, {show(step.expr)}\\rangle" if tex
            else f"{_nabla(step.var, tex)}⟨{g}, {show(step.expr)}⟩")  # fmt: skip


def _is_placeholder(node: Node | None) -> bool:
    """Whether the adjoint is the free vector G of a Jacobian's steps."""
    return isinstance(node, Var) and node.name in ("G", "delta", "G1", "G2")


def _note(step: MatrixStep, lang: str, tex: bool) -> str:
    show = latex if tex else text
    parts = [rule_name(step.rule, lang)]
    if (
        step.adjoint is not None
        and step.rule != "mat-jacobian"
        and not _is_placeholder(step.adjoint)
    ):
        parts.append(f"G = {show(step.adjoint)}")
    parts.extend(f"{k} = {show(v)}" for k, v in step.bindings)
    return " · ".join(parts) if not tex else ",\\ ".join([tex_text(parts[0]), *parts[1:]])


def _lines(d: MatrixDerivation) -> list[tuple[int, MatrixStep]]:
    out: list[tuple[int, MatrixStep]] = []
    stack: list[tuple[int, MatrixStep]] = [(0, d.step)]
    while stack:
        depth, step = stack.pop()
        out.append((depth, step))
        stack.extend((depth + 1, sub) for sub in reversed(step.substeps))
    return out


def heading(d: MatrixDerivation, lang: str, tex: bool = False) -> str:
    show = latex if tex else text
    kind = _WORDS[d.kind][lang]
    if tex and d.kind == "jacobian":
        return (
            f"\\frac{{\\partial}}{{\\partial {latex(d.var)}}}\\left({show(d.expr)}\\right) "
            f"\\quad \\text{{({kind})}}"
        )
    if tex:
        return f"{_nabla(d.var, True)}\\left({show(d.expr)}\\right) \\quad \\text{{({kind})}}"
    if d.kind == "jacobian":
        return f"∂/∂{display_name(d.var.name)} [{show(d.expr)}]  ({kind})"
    return f"{_nabla(d.var, False)} [{show(d.expr)}]  ({kind})"


def render_text(d: MatrixDerivation, lang: str | None = None, **options: Any) -> str:
    """The derivation as plain text (``detail="brief"``: the chain of equalities only;
    ``"full"``: with the index bridge)."""
    lang = _lang(lang)
    rows = []
    brief = options.get("detail") == "brief"
    for depth, step in [] if brief else _lines(d):
        rows.append(
            (
                "  " * (depth + 1) + f"{_lhs(step, False)} = {text(step.result)}",
                _note(step, lang, False),
            )
        )
    final = d.options.get("jacobian")
    read_off = []  # a Jacobian is read off the chain's last form
    if final is not None and not brief:
        read_off.append(
            ("  " + f"{_lhs(final, False)} = {text(final.result)}", _note(final, lang, False))
        )
    lefts = [left for left, _ in rows + read_off] + [f"= {text(r.result)}" for r in d.rewrites]
    width = min(60, max((len(left) for left in lefts), default=20) + 3)

    def aligned(left: str, note: str) -> str:
        return left.ljust(width) + ("   " if len(left) >= width else "") + note

    out = [heading(d, lang), f"  {_WORDS['where'][lang]} {shapes_line(d)}"]
    out.extend(aligned(left, note) for left, note in rows)
    out.append(f"= {text(d.step.result)}")
    out.extend(aligned(f"= {text(r.result)}", rule_name(r.rule, lang)) for r in d.rewrites)
    out.extend(aligned(left, note) for left, note in read_off)
    if options.get("detail") == "full" and "index" in _ACTIONS:
        out.extend(_ACTIONS["index"](d, lang))
    if final is not None:
        out.append(f"J = {text(d.result)}")
    line = badge(d.verification, lang)
    if line:
        out.append(line)
    return "\n".join(out)


def render_latex(d: MatrixDerivation, lang: str | None = None, **options: Any) -> str:
    """The derivation as a LaTeX ``align*`` block."""
    lang = _lang(lang)
    out = [
        "\\begin{align*}",
        f"&{heading(d, lang, True)} \\\\",
        f"&\\text{{{_WORDS['where'][lang]}}}\\ {shapes_line(d, True)} \\\\",
    ]
    for depth, step in _lines(d):
        indent = "\\quad" * depth
        out.append(
            f"&{indent}{_lhs(step, True)} = {latex(step.result)} && {_note(step, lang, True)} \\\\"
        )
    out.append(f"&= {latex(d.step.result)} \\\\")  # the chain's result, as the text has it
    for rewrite in d.rewrites:
        out.append(f"&= {latex(rewrite.result)} && {tex_text(rule_name(rewrite.rule, lang))} \\\\")
    final = d.options.get("jacobian")
    if final is not None:
        out.append(
            f"&{_lhs(final, True)} = {latex(final.result)} && {_note(final, lang, True)} \\\\"
        )
        out.append(f"&\\mathbf{{J}} = {latex(d.result)} \\\\")
    out[-1] = out[-1].removesuffix(" \\\\")
    out.append("\\end{align*}")
    line = badge(d.verification, lang)
    if line:
        out.append(f"% {line}")
    return "\n".join(out)


def render_markdown(d: MatrixDerivation, lang: str | None = None, **options: Any) -> str:
    """Markdown: the heading, the shapes, the steps in a display block, the badge."""
    lang = _lang(lang)
    body = render_latex(d, lang).split("\n% ")[0]
    line = badge(d.verification, lang)
    parts = [f"**{heading(d, lang)}** — {shapes_line(d)}", "", "$$", body, "$$"]
    if line:
        parts += ["", line]
    return "\n".join(parts)


def _step_dict(step: MatrixStep) -> dict[str, Any]:
    return {
        "rule": step.rule,
        "formula": RULES[step.rule].formula if step.rule in RULES else "",
        "expr": text(step.expr),
        "adjoint": text(step.adjoint) if step.adjoint is not None else None,
        "result": text(step.result),
        "latex": latex(step.result),
        "bindings": {k: text(v) for k, v in step.bindings},
        "substeps": [_step_dict(s) for s in step.substeps],
    }


def to_dict(d: MatrixDerivation) -> dict[str, Any]:
    """A JSON-ready dict of the derivation."""
    v = d.verification
    return {
        "kind": d.kind,
        "expr": text(d.expr),
        "var": d.var.name,
        "shapes": {name: [rows, cols] for name, (rows, cols, _) in d.shapes.items()},
        "result": text(d.result),
        "latex": latex(d.result),
        "step": _step_dict(d.step),
        "rewrites": [_step_dict(r) for r in d.rewrites],
        "verification": None
        if v is None
        else {"status": v.status, "summary": _summary(v), "instances": list(v.instances)},
    }


def _summary(verification: MatrixVerification) -> str:
    """The verification line in English, without its mark (each size named once)."""
    line = badge(verification, "en")
    assert line is not None
    return line[2:]


def _node_text(node: Node) -> str:
    return text(node)


def render(
    d: MatrixDerivation, fmt: str = "text", lang: str | None = None, detail: str = "normal"
) -> str:
    """The derivation in one of the formats ``text`` (also for ``rich``), ``latex``,
    ``markdown``, ``json``; ``detail="full"`` adds the index bridge to the text."""
    if fmt == "latex":
        return render_latex(d, lang)
    if fmt == "markdown":
        return render_markdown(d, lang)
    if fmt == "json":
        return json.dumps(to_dict(d), ensure_ascii=False, indent=2)
    return render_text(d, lang, detail=detail)


_ACTIONS.update(text=render_text, latex=render_latex, markdown=render_markdown, dict=to_dict)
