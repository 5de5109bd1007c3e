"""Implicit differentiation to any order, exact values at points, Jacobians, Hessians,
directional derivatives, Taylor polynomials and parametric curves, on textbook exercises,
every result verified, drawn in English and Japanese."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typeset import typeset

from symderiv import (
    derive,
    derive_implicit,
    derive_parametric,
    directional,
    hessian,
    jacobian,
    parse,
    taylor,
)
from symderiv.cli import main
from symderiv.errors import ParseError, VariableError

# -- implicit ------------------------------------------------------------------------------
IMPLICIT = [
    # equation, order, expected result (in x and y)
    ("x^2 + y^2 = 25", 1, "-x/y"),
    ("x^2 + y^2 = 25", 2, "-25/y^3"),
    ("x^2/4 + y^2/9 = 1", 2, "-81/(4*y^3)"),
    ("x^3 + y^3 = 6 x y", 2, "16*x*y/(2*x - y^2)^3"),
]


@pytest.mark.parametrize(("equation", "order", "expected"), IMPLICIT)
def test_implicit_textbook_results_are_verified(equation: str, order: int, expected: str) -> None:
    d = derive_implicit(equation, order=order)
    assert d.result is parse(expected) or str(d.result) == expected
    assert d.status == "verified"
    assert d.check.key == "curve-verified"
    assert len(d.points) >= 2


def test_implicit_second_order_without_the_equation_keeps_x_and_y() -> None:
    d = derive_implicit("x^2 + y^2 = 25", "y", "x", order=2, use_equation=False)
    assert str(d.result) == "-(x^2 + y^2)/y^3"
    assert d.verified


def test_implicit_x_to_the_y_equals_y_to_the_x() -> None:
    d = derive_implicit("x^y = y^x", order=2)
    assert d.verified
    # on the line y = x the slope is 1
    assert "curve-verified" == d.check.key


def test_implicit_third_order_of_the_circle() -> None:
    d = derive_implicit("x^2 + y^2 = 25", order=3)
    assert str(d.result) == "-75*x/y^5"
    assert d.verified


def test_a_wrong_implicit_form_is_caught_on_the_curve() -> None:
    from symderiv.calculus.implicit import _check_on_curve, _with_check
    from symderiv.expr import Num

    d = derive_implicit("x^2 + y^2 = 25", verify=False)
    broken = _with_check(d, d.check, ())
    object.__setattr__(broken, "first", parse("x/y") * Num(1))
    verdict, _ = _check_on_curve(broken, parse("x^2 + y^2 - 25"))
    assert verdict.status == "mismatch"


def test_implicit_renders_in_every_format_and_both_languages() -> None:
    d = derive_implicit("x^2 + y^2 = 25", order=2)
    english, japanese = d.to_text("en"), d.to_text("ja")
    assert "simplified with the equation" in english and "y″ = −25/y³" in english
    assert "方程式" in japanese and "曲線上の" in japanese
    assert r"\frac{d^{2}y}{dx^{2}}" in d.to_latex("en")
    assert "$$" in d.to_markdown("ja")
    data = json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
    assert data["kind"] == "implicit" and data["status"] == "verified"


def test_implicit_infers_the_variables_and_refuses_what_it_cannot() -> None:
    assert str(derive_implicit("u^2 + y^2 = 1").var) == "u"
    with pytest.raises(VariableError):
        derive_implicit("a^2 + b^2 + c^2 = 1")
    with pytest.raises(ValueError, match="order"):
        derive_implicit("x^2 + y^2 = 25", order=0)


def test_implicit_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["x^2 + y^2 = 25", "--implicit", "y", "-n", "2", "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "d²y/dx² = −25/y³" in out
    assert main(["x^2 + y^2 = 25", "--implicit", "--lang", "ja", "--format", "text"]) == 0
    assert "y′ について解く" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("equation", "expected"),
    [
        (r"\frac{x^2}{4} + \frac{y^2}{9} = 1", "-9*x/(4*y)"),
        (r"\sin x + y^2 = 1", "-cos(x)/(2*y)"),
        (r"y = \log_a x", "1/(x*ln(a))"),  # as the seed posts write a function
    ],
)
def test_implicit_reads_an_equation_written_in_latex(equation: str, expected: str) -> None:
    d = derive_implicit(equation)
    assert str(d.result) == expected
    assert d.verified


def test_implicit_in_latex_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([r"\sin x + y^2 = 1", "--implicit", "--format", "text"]) == 0
    assert "dy/dx = −cos(x)/(2y)" in capsys.readouterr().out
    assert main([r"\sin x", "--implicit", "--format", "text"]) == 2
    assert "expected an equation 'lhs = rhs'" in capsys.readouterr().err


def test_implicit_at_a_point_is_one_document_in_every_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["x^2 + y^2 = 25", "--implicit", "--at", "x=3", "--at", "y=4"]
    assert main([*argv, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)  # one object: the point is its "at"
    assert document["kind"] == "implicit" and document["at"]["kind"] == "implicit-point"
    assert main([*argv, "--format", "latex"]) == 0
    out = capsys.readouterr().out
    assert r"\[ y' = -\frac{3}{4}" in out and "y′ = −3/4" not in out
    assert main([*argv, "--format", "text"]) == 0
    assert "y′ = −3/4" in capsys.readouterr().out


# -- exact values at points -----------------------------------------------------------------
POINTS = [
    # f, point, value, slope, tangent
    ("x^(sin x)", "pi/2", "pi/2", "1", "x"),
    ("sin x", "pi/3", "sqrt(3)/2", "1/2", None),
    ("sqrt(x)", "1/3", "sqrt(3)/3", "sqrt(3)/2", None),
    ("x^3", "sqrt(2)", "2*sqrt(2)", "6", "6*x - 4*sqrt(2)"),
    ("x^2", "3", "9", "6", "6*x - 9"),
]


@pytest.mark.parametrize(("f", "at", "value", "slope", "tangent"), POINTS)
def test_exact_values_at_exact_points(
    f: str, at: str, value: str, slope: str, tangent: str | None
) -> None:
    p = derive(f).at(x=at)
    assert str(p.value) == value and str(p.slope) == slope
    if tangent is not None:
        assert str(p.tangent) == tangent
    assert p.verified and p.value_float is not None


def test_the_normal_line() -> None:
    p = derive("x^(sin x)").at(x="pi/2")
    assert str(p.normal) == "pi - x"
    flat = derive("cos x").at(x=0)
    assert flat.normal is None and "normal: x = 0" in str(flat)


def test_a_point_is_read_by_our_parser_never_evaluated() -> None:
    with pytest.raises(ParseError):
        derive("x^2").at(x="__import__('os')")
    with pytest.raises(VariableError):
        derive("x^2").at(x="y + 1")


def test_point_in_japanese_and_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert "接線" in derive("x^2").at(x="1/3").to_text("ja")
    assert main(["x^(sin x)", "--at", "x=pi/2", "--format", "text"]) == 0
    shown = capsys.readouterr().out
    assert "At x = π/2" in shown
    assert "f′(π/2) = 1" in shown
    assert "y = x " in shown
    assert "y = π − x" in shown


@pytest.mark.parametrize(
    ("latex", "plain"),
    [(r"\frac{\pi}{2}", "pi/2"), (r"\sqrt{2}", "sqrt(2)"), (r"\frac{1}{3}", "1/3")],
)
def test_a_point_may_be_written_in_latex(latex: str, plain: str) -> None:
    at_latex, at_plain = derive("x^(sin x)").at(x=latex), derive("x^(sin x)").at(x=plain)
    assert (at_latex.value, at_latex.slope) == (at_plain.value, at_plain.slope)
    assert at_latex.verified


def test_a_point_in_latex_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([r"x \sin x", "--at", r"x=\frac{\pi}{2}", "--format", "text"]) == 0
    assert "f′(π/2) = 1" in capsys.readouterr().out
    for equation in ("x=a=1", r"x=\pi = 3"):  # said in the command line's words
        assert main(["x^2", "--at", equation]) == 2
        error = capsys.readouterr().err
        assert "expected a formula, not an equation" in error and "parse_" not in error


def test_exact_values_keep_the_exponentials_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    assert str(derive("x e^x").at(x="1/2").slope) == "3*sqrt(e)/2"
    assert main(["e^x", "--taylor", "1/2,2", "--format", "text"]) == 0
    shown = capsys.readouterr().out
    assert "f(x) = √e + √e·(x − 1/2) + √e·(x − 1/2)²/2 + O((x − 1/2)³)" in shown
    assert "exp(" not in shown


def test_a_higher_order_at_a_point_is_its_value_not_a_slope(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """f″(1) of x³ is 6, and the slope at 1 is 3: the second derivative's value is
    labelled as what it is, in both languages and every format."""
    assert main(["x^3", "-n", "2", "--at", "x=1", "--format", "text"]) == 0
    shown = capsys.readouterr().out
    assert "f″(1) = 6" in shown and "derivative of order 2 ≈ 6" in shown
    assert "slope" not in shown and "f^(2)" not in shown
    assert main(["x^3", "-n", "2", "--at", "x=1", "--format", "text", "--lang", "ja"]) == 0
    shown = capsys.readouterr().out
    assert "第 2 次導関数の値 ≈ 6" in shown and "傾き" not in shown
    point = derive("x^5", order=4).at(x=1)
    assert str(point) == "at x = 1: f = 1, f⁽⁴⁾ = 120"
    assert r"\[ f^{(4)}(1) = 120 \quad \text{derivative of order 4 $\approx$ 120} \]" in (
        point.to_latex("en")
    )
    assert r"\[ f''(1) = 6" in derive("x^3", order=2).at(x=1).to_latex("en")
    assert "f′(1) = 3" in derive("x^3").at(x=1).to_text("en")  # order 1: the slope
    assert "slope ≈ 3" in derive("x^3").at(x=1).to_text("en")


def test_a_value_beyond_a_float_is_written_never_inf() -> None:
    """At x = 10³⁰¹, x³ is 10⁹⁰³, beyond a float's range: the decimal beside it comes from
    the 40-digit value the exact one was checked against, never ``inf``."""
    point = derive("x^3").at(x="10^301")
    shown = point.to_text("en")
    assert "inf" not in shown and "inf" not in str(point.to_dict())
    assert "value ≈ 1e+903" in shown and "slope ≈ 3e+602" in shown
    assert point.verified  # the 40-digit values agree with the exact ones: no float is used


# -- Jacobian, Hessian, directional ----------------------------------------------------------
def test_hessian_of_a_quadratic_form() -> None:
    h = hessian("x^2 + 3 x y + 2 y^2", "x, y")
    assert [[str(c) for c in row] for row in h.matrix] == [["2", "3"], ["3", "4"]]
    assert h.verified


def test_hessian_of_the_rosenbrock_function() -> None:
    h = hessian("(1 - x)^2 + 100 (y - x^2)^2", "x, y")
    assert [[str(c) for c in row] for row in h.matrix] == [
        ["1200*x^2 - 400*y + 2", "-400*x"],
        ["-400*x", "200"],
    ]
    assert h.verified
    text = h.to_text("ja")
    assert "ヘッセ行列" in text and "H = " in text
    assert r"\begin{pmatrix}" in h.to_latex("en")
    assert h.to_dict()["blocks"][-2]["kind"] == "matrix"


def test_jacobian_of_polar_coordinates() -> None:
    j = jacobian(["r cos(theta)", "r sin(theta)"], "r, theta")
    assert [[str(c) for c in row] for row in j.matrix] == [
        ["cos(theta)", "-r*sin(theta)"],
        ["sin(theta)", "r*cos(theta)"],
    ]
    assert j.verified and "ヤコビ行列" in j.to_text("ja")


def test_directional_derivative() -> None:
    d = directional("x^2 y", "x, y", "3, 4")
    assert str(d.norm) == "5"
    assert d.verified
    with pytest.raises(ValueError, match="zero vector"):
        directional("x^2 y", "x, y", "0, 0")


def test_hessian_and_jacobian_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["x^2 + 3 x y + 2 y^2", "--hessian", "--vars", "x,y", "--format", "text"]) == 0
    assert "H = ⎣3  4⎦" in capsys.readouterr().out
    assert main(["x y, x + y", "--jacobian", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "jacobian"


# -- Taylor ----------------------------------------------------------------------------------
TAYLOR = [
    ("e^x sin x", 0, 5, "x + x^2 + x^3/3 - x^5/30"),
    ("ln(1 + x)", 0, 4, "x - x^2/2 + x^3/3 - x^4/4"),
    ("(1 + x)^alpha", 0, 2, "1 + alpha*x + alpha*x^2*(alpha - 1)/2"),
    ("sqrt(x)", 4, 2, "2 + (x - 4)/4 - (x - 4)^2/64"),
    ("sin x", "pi/2", 4, "1 - (x - pi/2)^2/2 + (x - pi/2)^4/24"),
]


@pytest.mark.parametrize(("f", "a", "n", "expected"), TAYLOR)
def test_taylor_polynomials(f: str, a: int | str, n: int, expected: str) -> None:
    t = taylor(f, "x", a, n)
    assert str(t.polynomial) == expected
    assert t.verified


def test_taylor_states_the_remainder_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    t = taylor("ln(1 + x)", "x", 0, 3)
    assert "+ O(x⁴)" in t.to_text("en") and "テイラー多項式" in t.to_text("ja")
    assert main(["e^x sin x", "--taylor", "0,5", "--format", "text"]) == 0
    assert "x + x² + x³/3 − x⁵/30 + O(x⁶)" in capsys.readouterr().out


# -- parametric ------------------------------------------------------------------------------
def test_the_cycloid() -> None:
    p = derive_parametric("t - sin t", "1 - cos t", "t", order=2)
    assert str(p.results[0]) == "sin(t)/(1 - cos(t))"
    assert str(p.result) == "-1/(1 - cos(t))^2"
    assert p.verified
    assert "dx/dt" in p.to_text("en") and "曲線" in p.to_text("ja")


def test_the_circle_parametrically(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--parametric", "cos t, sin t", "--format", "text"]) == 0
    assert "dy/dx = −cot(t)" in capsys.readouterr().out


# -- from the definition ---------------------------------------------------------------------
DEFINITION = [
    # f, derivative, the rule keys of the steps after the difference quotient
    ("x^2", "2*x", ["limit-expand", "limit-cancel", "limit-continuous"]),
    ("x^3 - 2x + 1", "3*x^2 - 2", ["limit-expand", "limit-cancel", "limit-continuous"]),
    ("1/x", "-1/x^2", ["limit-expand", "limit-cancel", "limit-continuous"]),
    ("(x + 1)/(x - 1)", "-2/(x - 1)^2", ["limit-expand", "limit-cancel", "limit-continuous"]),
    ("sqrt(x)", "1/(2*sqrt(x))", ["limit-conjugate", "limit-cancel", "limit-continuous"]),
    ("sin x", "cos(x)", ["limit-sum-sin", "limit-group", "limit-standard-trig", "limit-tidy"]),
    ("cos x", "-sin(x)", ["limit-sum-cos", "limit-group", "limit-standard-trig", "limit-tidy"]),
    ("e^x", "e^x", ["limit-exponent-law", "limit-factor", "limit-standard-exp", "limit-tidy"]),
    (
        "2^x",
        "2^x*ln(2)",
        ["limit-exponent-law", "limit-factor", "limit-standard-base", "limit-tidy"],
    ),
    (
        "ln x",
        "1/x",
        [
            "limit-log-quotient",
            "limit-log-one-plus",
            "limit-log-scale",
            "limit-standard-log",
            "limit-tidy",
        ],
    ),
]


@pytest.mark.parametrize(("f", "expected", "keys"), DEFINITION)
def test_first_principles(f: str, expected: str, keys: list[str]) -> None:
    d = derive(f, method="limit")
    assert str(d.result) == expected
    assert [s.key for s in d.steps] == ["limit-quotient", *keys]
    assert d.verified and all(d.checks)


def test_first_principles_in_both_languages() -> None:
    d = derive("sin x", method="limit")
    assert "sin h/h → 1, (cos h − 1)/h → 0" in d.to_text("en")
    assert "加法定理" in d.to_text("ja") and "基本的な極限" in d.to_text("ja")
    assert r"\lim_{h \to 0}" in d.to_latex("en")


def test_a_wrong_limit_step_is_caught() -> None:
    from symderiv.calculus.definition import _limit_holds

    verdict = _limit_holds(parse("sin(h)/h"), parse("2"), "x", "h", {})
    assert verdict.status == "mismatch"


def test_beyond_the_planner_it_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    from symderiv.errors import NoRuleError

    with pytest.raises(NoRuleError, match="beyond the planner"):
        derive("tan x", method="limit")
    assert main(["tan x", "--from-definition"]) == 3
    assert main(["x^2", "--from-definition", "--format", "text"]) == 0
    assert "cancel h" in capsys.readouterr().out


# -- the LaTeX output typesets -----------------------------------------------------------------
ENGINES = {
    "en": ("pdflatex", "\\usepackage[T1]{fontenc}"),
    "ja": ("lualatex", "\\usepackage{luatexja}"),
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_calculus_result_typesets(lang: str, tmp_path: Path) -> None:
    engine, preamble = ENGINES[lang]
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not installed")
    results = [
        derive_implicit("x^2 + y^2 = 25", order=3),
        derive_implicit("x^2 + y^2 = 25").at(x=3, y=4),
        hessian("(1 - x)^2 + 100 (y - x^2)^2", "x, y"),
        jacobian(["r cos(theta)", "r sin(theta)"], "r, theta"),
        directional("x^2 y", "x, y", "3, 4"),
        taylor("sin x", "x", "pi/2", 4),
        derive("2^x", method="limit"),
        derive_parametric("t - sin t", "1 - cos t", "t", order=2),
        derive("x^(sin x)").at(x="pi/2"),
    ]
    body = "\n\n".join(r.to_latex(lang) for r in results)
    source = tmp_path / "course.tex"
    source.write_text(
        "\\documentclass{article}\n" + preamble + "\n\\usepackage{amsmath,amssymb,xcolor}\n"
        "\\begin{document}\n" + body + "\n\\end{document}\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", source.name],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    log = (tmp_path / "course.log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0, log[-2000:]
    assert "Missing character" not in log


def test_divergence_and_laplacian() -> None:
    from symderiv import divergence, laplacian

    d = divergence("x^2 y, x y z, z^2", "x, y, z")
    assert str(d.result) == "2*x*y + x*z + 2*z" and d.verified
    harmonic = laplacian("ln(x^2 + y^2)", "x, y")
    assert str(harmonic.result) == "0" and harmonic.verified
    assert "ラプラシアン" in harmonic.to_text("ja") and "∇²f = 0" in harmonic.to_text("en")
    with pytest.raises(ValueError, match="as many components"):
        divergence("x, y", "x, y, z")


def test_the_rich_view_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["x^2 + y^2 = 25", "--implicit", "--lang", "ja", "--format", "rich"]) == 0
    out = capsys.readouterr().out
    assert "y′ について解く" in out and "曲線上の" in out and "SymPy で検証済み" in out


# -- the Taylor block as a textbook writes it ------------------------------------------------
def test_taylor_coefficients_read_as_in_a_textbook() -> None:
    t = taylor("e^x sin x", "x", 0, 3)
    text = t.to_text("en")
    assert text.startswith("Taylor polynomial of eˣ·sin(x) at x = 0, degree 3\n")
    coefficients = [line for line in text.splitlines() if line.startswith(("  f", "  c"))]
    assert coefficients == [
        "  f(0) = 0",
        "  c₀ = f(0) = 0                     the constant term",
        "  f′(0) = 1",
        "  c₁ = f′(0) = 1                    the coefficient of x",
        "  f″(0) = 2",
        "  c₂ = f″(0)/2! = 1                 the coefficient of x²",
        "  f‴(0) = 2",
        "  c₃ = f‴(0)/3! = 1/3               the coefficient of x³",
    ]
    assert "\nf(x) = x + x² + x³/3 + O(x⁴)\n" in text
    for leftover in ("(x)^", "⁽0⁾", "0!", "1!", "at x = 0\n"):
        assert leftover not in text
    japanese = t.to_text("ja")
    assert "c₀ = f(0) = 0                     定数項" in japanese
    assert "c₂ = f″(0)/2! = 1                 x² の係数" in japanese


def test_taylor_about_a_point_writes_the_point_as_formulas_do() -> None:
    text = taylor("cos x", "x", "pi/2", 4).to_text("en")
    assert "at x = π/2, degree 4" in text and "pi" not in text
    assert "  c₄ = f⁽⁴⁾(π/2)/4! = 0" in text and "the coefficient of (x − π/2)³" in text
    assert "f(x) = −(x − π/2) + (x − π/2)³/6 + O((x − π/2)⁵)" in text
    latex = taylor("cos x", "x", "pi/2", 2).to_latex("en")
    assert r"\[ c_{2} = \frac{f''\left(\frac{\pi}{2}\right)}{2!} = 0 \quad" in latex


def test_taylor_in_markdown_keeps_every_formula_in_the_maths() -> None:
    markdown = taylor("e^x sin x", "x", 0, 3).to_markdown("en")
    assert markdown.startswith("**Taylor polynomial of $e^{x} \\sin(x)$ at $x = 0$, degree 3**")
    assert "the coefficient of $x^{2}$:\n\n$$\nc_{2} = \\frac{f''(0)}{2!} = 1\n$$" in markdown
    assert "the constant term:\n\n$$\nc_{0} = f(0) = 0\n$$" in markdown
    assert "$$\nf(x) = x + x^{2} + \\frac{x^{3}}{3} + O(x^{4})\n$$" in markdown
    for leftover in ("($x$)", ")^", "at x = $", "f(x) = $", "⁽"):
        assert leftover not in markdown
    latex = taylor("ln x", "x", 1, 2).to_latex("en")
    assert r"\text{the coefficient of $(x - 1)^{2}$}" in latex
    assert r"\[ f(x) = x - 1 - \frac{(x - 1)^{2}}{2} + O((x - 1)^{3}) \]" in latex
    assert r"\^{}" not in latex and "textsuperscript" not in latex


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine installed")
def test_taylor_latex_compiles(tmp_path: Path) -> None:
    body = taylor("cos x", "x", "pi/2", 4).to_latex("en")
    preamble = "\\documentclass{article}\\usepackage{amsmath,amssymb,xcolor}\\begin{document}\n"
    compiled, log = typeset(preamble + body + "\n\\end{document}\n", tmp_path)
    assert compiled, log
