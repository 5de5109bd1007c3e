"""The command line keeps faith with its options: none is accepted and then dropped
without a word.  What a command would ignore is refused, naming the option and why,
with exit status 2 and in Japanese with ``--lang ja``; what the results can carry
(a calculus result's drawn derivations, a whole LaTeX document, a matrix derivative's
code) is carried.  ``symderiv -`` reads the formula from standard input."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typeset import typeset

from symderiv.cli import main
from symderiv.cli_refusals import REFUSED

pytest.importorskip("sympy")

MATRIX = ["x^T A x", "--vector", "x", "--matrix", "A"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- options that would be dropped are refused --------------------------------------------
REFUSALS = [
    # (argv, the option named, words of the reason)
    (["sin x", "--from-definition", "-f", "html"], "--format html", "--from-definition"),
    (["e^x", "--taylor", "0,3", "-f", "html"], "--format html", "--taylor"),
    ([*MATRIX, "-f", "html"], "--format html", "matrix calculus"),
    (["sin x", "--from-definition", "-n", "2"], "-n", "no order"),
    (["x^2 y", "--hessian", "-n", "3"], "-n", "--hessian has no order"),
    (["sin x", "--taylor", "0,3", "-n", "2"], "-n", "--taylor has no order"),
    (["sin x", "--taylor", "0,3", "--at", "x=1"], "--at", "--taylor has no value at a point"),
    (["x^2 y", "--hessian", "--at", "x=1"], "--at", "--hessian has no value at a point"),
    (["x^2 y", "--hessian", "--taylor", "0,2"], "--taylor", "--hessian is asked for too"),
    (["x^2 y", "--hessian", "--vector", "x"], "--hessian", "scalar formulas"),
    (["x^2 y", "--hessian", "--wrt", "x"], "--wrt", "--vars X,Y"),
    (["t", "--parametric", "cos t, sin t", "--wrt", "t"], "--wrt", "parameter"),
    (["x^2", "--vars", "x"], "--vars", "--jacobian and --hessian"),
    (["x^2", "--use-equation", "no"], "--use-equation", "--implicit"),
    (["x^2", "--symmetric", "S"], "--symmetric", "--shape or --matrix"),
    (["x^2", "--document"], "--document", "--format latex"),
    (["x^2", "-f", "markdown", "--document"], "--document", "--format latex"),
    (["x^2", "-f", "text", "--flavor", "qiita"], "--flavor", "--format markdown"),
    (["e^x", "--taylor", "0,2", "-f", "markdown", "--flavor", "qiita"], "--flavor", "math"),
    (["x^2", "-f", "numpy", "--explain"], "--explain", "prints code"),
    (["x^2", "-f", "c", "--detail", "full"], "--detail", "prints code"),
    (["x^2", "-f", "torch", "--skip", "power"], "--skip", "prints code"),
    (["sin x", "--from-definition", "-f", "numpy", "--detail", "brief"], "--detail", "code"),
    (["x^2", "-f", "json", "--detail", "brief"], "--detail", "json holds every step"),
    (["x^2", "-f", "json", "--skip", "power"], "--skip", "json holds every step"),
    (["e^x", "--taylor", "0,2", "-f", "json", "--explain"], "--explain", "no explanations"),
    (["e^x", "--taylor", "0,2", "-f", "rich", "--detail", "full"], "--detail", "terminal view"),
    (["a^x", "--from-definition", "--explain"], "--explain", "limit steps"),
    (["sin x", "--from-definition", "--given", "a = 1"], "--given", "given facts"),
    (["e^x", "--taylor", "0,2", "--latex"], "--latex", "backslashes"),
    (["e^x", "--taylor", "0,2", "--plot", "out.png"], "--plot", "--taylor"),
    (["f(x) y, x", "--jacobian", "--functions", "f"], "--functions", "--jacobian"),
    ([*MATRIX, "-n", "2"], "-n", "first derivative"),
    ([*MATRIX, "--explain"], "--explain", "not folded or explained"),
    ([*MATRIX, "--skip", "power"], "--skip", "not folded or explained"),
    ([*MATRIX, "-f", "latex", "--detail", "full"], "--detail", "--format text"),
    ([*MATRIX, "--functions", "f"], "--functions", "undefined functions"),
    ([*MATRIX, "--latex"], "--latex", "backslashes"),
    ([*MATRIX, "--plot", "out.png"], "--plot", "matrix calculus"),
]


@pytest.mark.parametrize(("argv", "option", "why"), REFUSALS)
def test_an_option_that_would_be_dropped_is_refused(capsys, argv, option, why):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"symderiv: {option} cannot be used here: "), err
    assert why in err, err


@pytest.mark.parametrize(("argv", "option", "why"), REFUSALS)
def test_every_refusal_is_said_in_japanese(capsys, argv, option, why):
    code, out, err = run(capsys, *argv, "--lang", "ja")
    assert code == 2 and out == ""
    assert err.startswith(f"symderiv: {option} はここでは使えません: "), err
    assert "cannot be used" not in err


def test_every_refusal_has_its_japanese():
    for option, _, english, japanese in REFUSED:
        assert english and japanese and english != japanese, option
        assert re.search("[ぁ-んァ-ヶ一-龯]", japanese), (option, japanese)
        fields = set(re.findall(r"\{(\w+)\}", english))
        assert fields == set(re.findall(r"\{(\w+)\}", japanese)), (option, english)


def test_options_that_ask_for_an_absence_are_never_refused(capsys):
    """``--no-highlight`` and ``--no-verify`` ask for what every format already gives
    (no colour, no check): they are refused nowhere."""
    code, out, _ = run(capsys, "x^2", "-f", "numpy", "--no-highlight", "--no-verify")
    assert code == 0 and "def df(x):" in out
    code, out, _ = run(capsys, "x^2 y", "--hessian", "-f", "json", "--no-highlight")
    assert code == 0 and '"status": "verified"' in out


# -- --skip names rules that exist --------------------------------------------------------
def test_a_skip_name_no_rule_has_is_refused(capsys):
    code, out, err = run(capsys, "x^2", "--skip", "foo", "-f", "text")
    assert code == 2 and out == ""
    assert err.startswith("symderiv: --skip: no rule is named foo;")
    assert "did you mean" not in err


@pytest.mark.parametrize(("name", "meant"), [("sin", "fn:sin"), ("powr", "power")])
def test_a_skip_name_close_to_a_rule_names_it(capsys, name, meant):
    code, _, err = run(capsys, "x^2 sin x", "--skip", f"chain,{name}", "-f", "text")
    assert code == 2 and f"no rule is named {name} (did you mean {meant}?)" in err
    code, _, err = run(capsys, "x^2", "--skip", name, "--lang", "ja")
    assert code == 2 and f"{name} という公式はありません（{meant} のことですか？）" in err


def test_skip_folds_the_rules_it_names(capsys):
    code, out, _ = run(capsys, "x^2 sin x", "--skip", "power,fn:sin", "-f", "text")
    assert code == 0
    assert "product rule" in out
    assert "power rule" not in out and "trigonometric" not in out


# -- --at ---------------------------------------------------------------------------------
def test_a_variable_given_twice_to_at_is_refused(capsys):
    code, out, err = run(capsys, "x^2", "--at", "x=1", "--at", "x=2", "-f", "text")
    assert code == 2 and out == ""
    assert "--at gives x twice (x=1 and x=2)" in err
    code, _, err = run(capsys, "x^2+y^2=25", "--implicit", "--at", "x=3", "--at", "x=4")
    assert code == 2 and "--at gives x twice" in err


@pytest.mark.parametrize(
    ("argv", "japanese"),
    [
        (["x^2", "--at", "x"], "--at には VAR=VALUE を指定してください（'x' ではなく）"),
        (["x^2", "--at", "x=abc"], "--at: abc は数ではありません。点の値は定数です"),
        (["x^2", "--at", "x=1/0"], "--at: '1/0' は 0 で割っています"),
        (["x^2", "--at", "x=2*)"], "--at: 数、名前または '(' があるべきところに ')' があります"),
        (["x^2", "--at", "x=1e999999"], "は点の値として大きすぎます"),
        (["x^2 y", "--at", "x=1"], "y の値も指定してください"),
        (["1/x", "--at", "x=0"], "x = 0 では値がありません: 値がありません: 0 による割り算"),
        (["abs(x)", "--at", "x=0"], "x = 0 での導関数は与えられません: 各ステップは x ≠ 0"),
        (["x^2", "--at", "x=1", "--at", "x=2"], "--at で x が二度指定されています"),
        (["x^2+y^2=25", "--implicit", "--at", "x=3"], "y の値も指定してください"),
    ],
)
def test_the_errors_of_at_are_said_in_japanese(capsys, argv, japanese):
    code, _, err = run(capsys, *argv, "-f", "text", "--lang", "ja")
    assert code == 2
    assert japanese in err, err
    message = err.splitlines()[0]
    assert not re.search(r"\b(?:value|number|give|column|divides|steps)\b", message), message


def test_a_point_with_a_caret_keeps_it_in_japanese(capsys):
    code, _, err = run(capsys, "x^2", "--at", "x=2*)", "--lang", "ja")
    assert code == 2
    assert err.splitlines()[1:] == ["  2*)", "    ^"]
    assert err.splitlines()[0].endswith("（3 文字目）")


# -- what the calculus results carry ------------------------------------------------------
def test_a_calculus_result_draws_its_derivations_with_the_options(capsys):
    _, normal, _ = run(capsys, "x^3", "--taylor", "0,1", "-f", "text", "--no-verify")
    assert "power rule" in normal and "why:" not in normal
    _, brief, _ = run(capsys, "x^3", "--taylor", "0,1", "-f", "text", "--detail", "brief")
    assert "power rule" not in brief and "= 3x²" in brief
    _, skipped, _ = run(capsys, "x^3", "--taylor", "0,1", "-f", "text", "--skip", "power")
    assert "power rule" not in skipped and "= 3x²" in skipped
    _, why, _ = run(capsys, "x^3", "--taylor", "0,1", "-f", "text", "--explain", "--no-verify")
    assert "why: (x+h)ⁿ = xⁿ + n·xⁿ⁻¹·h" in why
    _, ja, _ = run(capsys, "x^3", "--taylor", "0,1", "-f", "markdown", "--explain", "--lang", "ja")
    assert "なぜ" in ja


def test_a_calculus_result_declares_functions(capsys):
    code, out, _ = run(capsys, "f(x) y", "--hessian", "--functions", "f", "-f", "text")
    assert code == 0 and "y·f′′(x)" in out
    code, out, _ = run(capsys, "--parametric", "f(t), t", "--functions", "f", "-f", "text")
    assert code == 0 and "dy/dx = 1/f′(t)" in out


def _compiles(tex: str, engine: str, folder: Path) -> bool:
    return typeset(tex, folder, engine)[0]


@pytest.mark.parametrize(
    ("argv", "engine"),
    [
        (["e^x sin x", "--taylor", "0,3"], "pdflatex"),
        (["x^2 + 3 x y", "--hessian", "--lang", "ja"], "lualatex"),
        (["x^2 + y^2 = 25", "--implicit", "--at", "x=3", "--at", "y=4"], "pdflatex"),
        (MATRIX, "pdflatex"),
    ],
)
def test_document_makes_a_whole_latex_document_of_any_result(capsys, tmp_path, argv, engine):
    code, out, _ = run(capsys, *argv, "-f", "latex", "--document")
    assert code == 0
    assert out.startswith(f"% {engine}\n\\documentclass{{article}}")
    assert "\\begin{document}" in out and out.rstrip().endswith("\\end{document}")
    assert _compiles(out, engine, tmp_path)


def test_a_matrix_derivative_prints_as_code(capsys):
    code, out, _ = run(capsys, *MATRIX, "-f", "numpy")
    assert code == 0
    assert out.startswith("import numpy as np") and "def grad(A, x):" in out
    code, out, _ = run(capsys, "W x", "--shape", "W=m,n", "--shape", "x=n", "-f", "jax")
    assert code == 0 and "def jac(W, x):" in out
    code, _, err = run(capsys, *MATRIX, "-f", "c")
    assert code == 2 and "matrix results print for" in err


def test_code_is_printed_for_every_derivative_asked_for(capsys):
    """The code formats take a mixed partial and every option of a derivation (they
    printed the first variable's derivative, or refused several)."""
    code, out, _ = run(capsys, "x^2 y^3", "--wrt", "x", "--wrt", "y", "-f", "numpy")
    assert code == 0 and "def df(x, y):" in out and "6 * x * (y ** 2)" in out
    code, out, _ = run(capsys, "x^2 sin x", "-n", "2", "-f", "python")
    assert code == 0 and "def df(x):" in out and "math.sin(x)" in out
    code, out, _ = run(capsys, "x^2", "--latex", "-f", "numpy")
    assert code == 0 and "return 2 * x" in out


# -- the formula from standard input ------------------------------------------------------
def test_dash_reads_the_formula_from_standard_input(capsys, monkeypatch):
    _, expected, _ = run(capsys, "x^2 e^x", "-f", "text")
    monkeypatch.setattr(sys, "stdin", io.StringIO("x^2 e^x\n"))
    code, out, _ = run(capsys, "-", "-f", "text")
    assert code == 0 and out == expected
    monkeypatch.setattr(sys, "stdin", io.StringIO("x y^2\r\n"))
    code, out, _ = run(capsys, "-", "--wrt", "y", "-f", "text")
    assert code == 0 and out.startswith("d/dy [x·y²]")


@pytest.mark.parametrize(
    ("given", "english", "japanese"),
    [
        ("", "standard input is empty", "標準入力が空です"),
        ("\n  \n", "standard input is empty", "標準入力が空です"),
        ("x^2\nsin x\n", "standard input holds 2 lines", "標準入力に 2 行あります"),
    ],
)
def test_dash_refuses_no_formula_or_several(capsys, monkeypatch, given, english, japanese):
    monkeypatch.setattr(sys, "stdin", io.StringIO(given))
    code, out, err = run(capsys, "-", "-f", "text")
    assert code == 2 and out == "" and english in err
    monkeypatch.setattr(sys, "stdin", io.StringIO(given))
    code, out, err = run(capsys, "-", "-f", "text", "--lang", "ja")
    assert code == 2 and out == "" and japanese in err


def test_dash_works_through_a_pipe():
    """The installed command as a shell runs it: ``echo "sin x" | symderiv -``."""
    environment = {**os.environ, "SYMDERIV_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "symderiv", "-"],
        input="sin(x^2)\n",
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("d/dx [sin(x²)]") and "2x·cos(x²)" in done.stdout


def test_a_missing_formula_says_how_to_give_one(capsys):
    code, _, err = run(capsys, "-f", "text")
    assert code == 2 and "the formula is missing" in err and "'-'" in err
    code, _, err = run(capsys, "--lang", "ja")
    assert code == 2 and "式がありません" in err


def test_the_help_names_standard_input(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "'-' reads it from standard input" in shown and 'echo "x^2 e^x" | symderiv -' in shown
    with pytest.raises(SystemExit):
        main(["--help", "--lang", "ja"])
    shown = "".join(capsys.readouterr().out.split())
    assert "'-'で標準入力から読む" in shown and "式を標準入力から読む" in shown


# -- the teacher's commands in Japanese ---------------------------------------------------
def test_grade_says_why_an_answer_is_unreadable_in_japanese(capsys, tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "student,problem,answer,function\n"
        "ann,p1,2*x + ),x^2\n"
        "bob,p1,2y,x^2\n"
        "cid,p1,foo(x),x^2\n"
        "dan,p1,,x^2\n"
        "eve,p1,2x,x^2\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "grade", str(answers), "-f", "text", "-j", "1", "--lang", "ja")
    assert code == 0
    assert "数、名前または '(' があるべきところに ')' があります（7 文字目）" in out
    assert "解答に y が使われていますが、関数 x^2 にはありません" in out
    assert "関数 'foo' は知りません。floor のことですか？（1 文字目）" in out
    assert "数、名前または '(' があるべきところで式が終わっています" in out
    assert not re.search(r"\b(?:expected|uses|unknown|column|found)\b", out), out
    code, out, _ = run(capsys, "grade", str(answers), "-f", "text", "-j", "1")
    assert "expected a number, a name or '(' but found ')' at column 7" in out


def test_grade_refuses_a_time_limit_it_cannot_keep(capsys, tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("student,problem,answer,function\nann,p1,2x,x^2\n", encoding="utf-8")
    code, out, err = run(capsys, "grade", str(answers), "-j", "1", "--line-limit", "5")
    assert code == 2 and out == ""
    assert "--line-limit cannot be used here: with one process" in err


@pytest.mark.parametrize(
    ("argv", "japanese"),
    [
        (["grade", "{folder}/none.csv"], "none.csv: ファイルがありません"),
        (
            ["grade", "{folder}/nofunction.csv"],
            "nofunction.csv の 2 行目: 問題 'p1' の関数がありません",
        ),
        (
            ["grade", "{folder}/nofunction.csv", "-j", "0"],
            "-j には 1 以上のプロセス数を指定してください",
        ),
        (["check-work", "{folder}/none.txt"], "none.txt: ファイルがありません"),
        (["check-work", "{folder}/one.txt"], "の後に解答の行がありません"),
        (["check-file", "{folder}/none.jsonl"], "none.jsonl: ファイルがありません"),
        (["x^2", "-n", "0"], "階数は 1 から 100 までの整数です（0 ではなく）"),
        (["x^2", "--wrt", "x", "-n", "0"], "-n は 1 から 100 までの整数です"),
        (["x^2", "--wrt", ""], "--wrt には変数を指定してください"),
        (["sin x", "--taylor", "0"], "--taylor には A,N（中心と次数）を指定してください"),
        (["--parametric", "t"], '--parametric には 2 つの式 "X(t), Y(t)" を指定してください'),
        (["x^2 y", "--from-definition", "--wrt", "x,y"], "--from-definition の変数は 1 つです"),
    ],
)
def test_command_line_errors_are_said_in_japanese(capsys, tmp_path, argv, japanese):
    (tmp_path / "nofunction.csv").write_text("student,problem,answer\nann,p1,2x\n", "utf-8")
    (tmp_path / "one.txt").write_text("x^2\n", encoding="utf-8")
    code, out, err = run(capsys, *(a.format(folder=tmp_path) for a in argv), "--lang", "ja")
    assert code == 2 and out == ""
    assert japanese in err, err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["y(x)"], "declare it (--functions y), or write y*(x) for a product"),
        (["y(x)", "--lang", "ja"], "--functions y で宣言するか"),
        ([r"\operatorname{foo}(x)"], "declare it (--functions foo)"),
    ],
)
def test_a_function_to_declare_is_named_by_the_option(capsys, argv, said):
    """The readers' advice is the Python API's (functions=['y']); the command line says
    its own option."""
    code, _, err = run(capsys, *argv)
    assert code == 2 and said in err and "functions=[" not in err
