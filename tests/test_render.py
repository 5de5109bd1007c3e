"""Renderers: golden files for text, rich, LaTeX, Markdown and JSON, in English and Japanese.

A missing golden file fails its test.  Regenerate after a deliberate change with
``SYMDERIV_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py`` and read the diff
(``git diff tests/golden``) before committing it.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

from symderiv import derive, parse, to_latex
from symderiv.render.messages import RULE_NAMES, default_language, message, rule_name
from symderiv.render.pretty import to_pretty
from symderiv.steps import RULES

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SYMDERIV_UPDATE_GOLDEN") == "1"

CASES = {
    "product": ("x^2 e^x", None),
    "log2": ("log_2 x", None),
    "exponential": ("a^x", "x"),
    "x_to_the_x": ("x^x", None),
    "chain3": ("sin(cos(x^2))", None),
    "partial": ("x y^2", "y"),
    "sigmoid_bce": ("-(t ln σ(z) + (1 - t) ln(1 - σ(z)))", "z"),
    "named": (r"y = \log_a x", None),
}


def rendered(name: str, fmt: str, lang: str) -> str:
    text, var = CASES[name]
    d = derive(text, var)
    if fmt == "txt":
        return d.to_text(lang=lang) + "\n"
    if fmt == "tex":
        return d.to_latex(lang=lang) + "\n"
    if fmt == "md":
        return d.to_markdown(lang=lang)
    if fmt == "rich":
        console = Console(width=80, color_system=None, record=True, file=io.StringIO())
        from symderiv.render.terminal import derivation_renderable

        console.print(derivation_renderable(d, lang))
        return console.export_text()
    return json.dumps(d.to_dict(), ensure_ascii=False, indent=2) + "\n"


PARAMS = [
    (name, fmt, lang)
    for name in CASES
    for fmt in ("txt", "tex", "md", "rich")
    for lang in ("en", "ja")
] + [(name, "json", "en") for name in CASES]


@pytest.mark.parametrize(("name", "fmt", "lang"), PARAMS, ids=["-".join(p) for p in PARAMS])
def test_golden(name, fmt, lang):
    path = GOLDEN / f"{name}.{lang}.{fmt}"
    output = rendered(name, fmt, lang)
    if UPDATE:
        path.write_text(output, encoding="utf-8")
    if not path.exists():
        pytest.fail(
            f"golden file {path.name} is missing; write it with SYMDERIV_UPDATE_GOLDEN=1 "
            "python -m pytest tests/test_render.py, then read it before committing it"
        )
    assert output == path.read_text(encoding="utf-8")


def test_every_golden_file_belongs_to_a_case():
    """No golden file is left over from a case that was renamed or removed."""
    expected = {f"{name}.{lang}.{fmt}" for name, fmt, lang in PARAMS}
    assert {path.name for path in GOLDEN.iterdir()} == expected


def test_every_rule_has_a_name_in_both_languages():
    import symderiv.simplify  # noqa: F401  (registers the rewrite rules)

    for key in RULES:
        assert key in RULE_NAMES, key
        assert rule_name(key, "en") and rule_name(key, "ja"), key
    assert rule_name("product", "ja") == "積の微分法"
    assert rule_name("chain", "ja") == "合成関数の微分法"
    assert rule_name("log-differentiation", "ja") == "対数微分法"


def test_language_comes_from_the_locale(monkeypatch):
    monkeypatch.setenv("SYMDERIV_LANG", "ja_JP.UTF-8")
    assert default_language() == "ja"
    monkeypatch.setenv("SYMDERIV_LANG", "C")
    assert default_language() == "en"
    with pytest.raises(ValueError, match="unknown language"):
        message("verified", "fr", checked=1, total=1, method="x")


def test_detail_levels_and_skip():
    d = derive("x^2 e^x")
    brief, normal, full = (
        d.to_text(lang="en", detail=level) for level in ("brief", "normal", "full")
    )
    assert len(brief.splitlines()) < len(normal.splitlines()) <= len(full.splitlines())
    assert "(f·g)′ = f′·g + f·g′" in full and "(f·g)′ = f′·g + f·g′" not in normal
    assert "power rule" not in d.to_text(lang="en", skip=["power"])
    with pytest.raises(ValueError):
        d.to_text(detail="verbose")


def test_explain_shows_why_a_rule_holds():
    text = derive("a^x").to_text(lang="en", explain=True)
    assert "aˣ = e^(x·ln a)" in text and "✓" in text
    ja = derive("log(x, a)").to_text(lang="ja", explain=True)
    assert "底の変換" in ja


def test_pretty_and_latex_of_expressions():
    assert to_pretty(parse("x^2 e^x")) == "x²·eˣ"
    assert to_pretty(parse("sigmoid(z)*(1 - sigmoid(z))")) == "σ(z)·(1 − σ(z))"
    assert to_latex(parse("(x^2 - 1)/(x + 1)")) == r"\frac{x^{2} - 1}{x + 1}"
    assert parse("x^2")._repr_latex_() == r"$\displaystyle x^{2}$"
    assert derive("x^2")._repr_markdown_().startswith("Differentiate")


def test_value_and_tangent_line():
    at = derive("x^2").at(x=3)
    assert str(at.value) == "9" and str(at.slope) == "6"
    assert str(at.tangent) == "6*x - 9"


@pytest.mark.slow
def test_deep_derivations_render_without_recursion():
    deep = "sin(" * 3000 + "x" + ")" * 3000
    d = derive(deep, verify=False, simplify=False)
    assert d.to_text().count("chain rule") == 2999
    assert json.dumps(d.to_dict())


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine installed")
def test_latex_output_compiles(tmp_path):
    body = "\n\n".join(derive(CASES[name][0], CASES[name][1]).to_latex(lang="en") for name in CASES)
    source = tmp_path / "derivations.tex"
    source.write_text(
        "\\documentclass{article}\\usepackage{amsmath,xcolor}\\begin{document}\n"
        + re.sub(r"^%.*\n?", "", body, flags=re.M)
        + "\n\\end{document}\n"
    )
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", source.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]


# -- what the reader sees ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "rich", "latex", "markdown", "html"])
def test_every_format_ends_with_the_answer(fmt):
    derivation = derive("x^3 + sin(x)")
    shown = {
        "text": lambda: derivation.to_text("en"),
        "rich": lambda: _rich(derivation),
        "latex": lambda: derivation.to_latex("en"),
        "markdown": lambda: derivation.to_markdown("en"),
        "html": lambda: derivation.to_html("en", document=False),
    }[fmt]()
    answer = {"text": "= 3x² + cos(x)", "rich": "= 3x² + cos(x)", "latex": r"&= 3 x^{2} + \cos(x)",
              "markdown": r"**Result:** $3 x^{2} + \cos(x)$",
              "html": r"\text{Result: }3 x^{2} + \cos(x)"}[fmt]  # fmt: skip
    assert answer in shown


def _rich(derivation) -> str:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(derivation)
    return console.file.getvalue()


def test_conditions_print_as_chains():
    from symderiv.render.layout import chains
    from symderiv.render.text import conditions_text
    from symderiv.steps import Condition

    x, j, k = parse("x"), parse("j"), parse("K")
    conditions = (
        Condition(parse("1"), "≤", j),
        Condition(j, "≤", k),
        Condition(x, "≠", parse("0")),
    )
    assert conditions_text(conditions) == "1 ≤ j ≤ K, x ≠ 0"
    assert len(chains(conditions)) == 2


def test_latex_sets_function_arguments_close_and_brackets_grow_only_when_needed():
    assert to_latex(parse("sigmoid(z)")) == r"\sigma(z)"
    assert to_latex(parse("sin(x)^2")) == r"\sin^{2}(x)"
    assert to_latex(parse("sin(1/x)")) == r"\sin\left(\frac{1}{x}\right)"


def test_explanations_reach_every_format():
    from symderiv.checks.explain import explanation
    from symderiv.render.json import derivation_to_dict
    from symderiv.render.terminal import derivation_renderable

    derivation = derive("x^2 e^x")
    why = "divide by h"
    assert why in derivation.to_text("en", explain=True)
    assert why in derivation.to_markdown("en", explain=True)
    assert why in derivation.to_latex("en", explain=True)
    assert why in derivation.to_html("en", explain=True, document=False)
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(
        derivation_renderable(derivation, "en", explanations=lambda r: explanation(r, "en"))
    )
    assert why in console.file.getvalue()
    made = derivation_to_dict(derivation, lambda r: explanation(r, "en"))
    steps = made["orders"][0]["step"]["steps"]
    assert any(why in " ".join(step.get("why", [])) for step in steps)
    assert all("why" not in step for step in derivation.to_dict()["orders"][0]["step"]["steps"])


def test_a_counterexample_is_printed_as_maths():
    from symderiv.render.text import point_text

    assert point_text({"x": 0.6114622357436424, "a": -2}) == "x = 0.611462, a = −2"


def test_full_detail_latex_has_no_unicode_outside_text():
    latex = derive("-(t ln σ(z) + (1 - t) ln(1 - σ(z)))", "z").to_latex("en", detail="full")
    maths = re.sub(r"\\text\{[^}]*\}", "", latex.rsplit("\n%", 1)[0])
    assert not [ch for ch in maths if ord(ch) > 127]


# -- "treat … as constant" names the letters as the formulas write them ----------------------
GAUSSIAN = r"\frac{1}{\sigma\sqrt{2\pi}} e^{-\frac{(x-\mu)^2}{2\sigma^2}}"


def test_a_constant_note_writes_greek_letters_as_letters():
    derivation = derive(GAUSSIAN)
    assert "treat μ, σ as constant" in derivation.to_text("en")
    assert "μ, σ を定数とみなす" in derivation.to_text("ja")
    assert "treat μ, σ as constant" in _rich(derivation)
    assert r"\text{treat $\mu$, $\sigma$ as constant}" in derivation.to_latex("en")
    assert r"\text{$\mu$, $\sigma$ を定数とみなす}" in derivation.to_latex("ja")
    assert r"treat $\mu$, $\sigma$ as constant" in derivation.to_html("en")
    page = re.sub(r"<(script|style)>.*?</\1>", "", derivation.to_html("en"), flags=re.S)
    assert "<title>Derivative of (1/(σ·√(2π)))·e^(−(x − μ)²/(2σ²))</title>" in page
    for shown in (derivation.to_text("en"), derivation.to_latex("en"), page):
        assert re.search(r"(?<!\\)\b(mu|sigma)\b", shown) is None
    rate = derive("lambda e^(-lambda x)")
    assert "treat λ as constant" in rate.to_text("en") and "λ を定数とみなす" in rate.to_text("ja")
    assert r"\text{treat $\lambda$ as constant}" in rate.to_latex("en")


def test_a_constant_note_writes_a_decorated_name_and_keeps_a_word_a_word():
    from symderiv.expr import Sym

    x, y_hat, word = Sym("x"), Sym("y_hat"), Sym("rate")
    derivation = derive(y_hat * word * x, x, verify=False)
    assert "treat rate, ŷ as constant" in derivation.to_text("en")
    assert r"\text{treat rate, $\hat{y}$ as constant}" in derivation.to_latex("en")


def test_a_condition_two_collapsed_sums_need_is_stated_once():
    derivation = derive(r"\frac{1}{n}\sum_{i=1}^{n}(y_i - \hat{y}_i)^2", r"\hat{y}_j")
    text = derivation.to_text("en")
    assert "sum against a Kronecker delta · assuming 1 ≤ j ≤ n\n" in text
    assert "1 ≤ j ≤ n, 1 ≤ j ≤ n" not in text
    assert text.count("1 ≤ j ≤ n") == 1
    assert derivation.to_latex("en").count(r"1 \le j \le n") == 1
    assert derivation.to_markdown("en").count(r"1 \le j \le n") == 1
