"""Japanese throughout: every format and command run with ``--lang ja`` says nothing
in English outside the maths (function names, variables, LaTeX commands) and proper
names (SymPy)."""

from __future__ import annotations

import re

import pytest

from symderiv.cli import main
from symderiv.functions import FUNCTIONS
from symderiv.render.messages import translated

#: Words that are maths or names, not English.
ALLOWED = (
    set(FUNCTIONS)
    | {"ln", "log", "exp", "SymPy", "arcsin", "arccos", "arctan", "arsinh", "arcosh", "artanh"}
    | {"dx", "dy", "dz", "sgn", "ab"}  # ab: the product in √a·√b = √(ab)
)
#: LaTeX's structure, not words: environments, the preamble, comments.
_TEX_STRUCTURE = re.compile(
    r"\\(?:begin|end|documentclass|usepackage)(?:\[[^\]]*\])?\{[^}]*\}|^%.*$", re.M
)
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_WORD = re.compile(r"[A-Za-z]{2,}")

FORMULA = "x^2 e^x + ln(x)^2 + 3 sin(x)"
COMMANDS = [
    [FORMULA, "-f", "text", "--detail", detail, *explain]
    for detail in ("brief", "normal", "full")
    for explain in ((), ("--explain",))
] + [
    [FORMULA, "-f", "rich", "--explain"],
    [FORMULA, "-f", "markdown", "--detail", "full", "--explain"],
    [FORMULA, "-f", "markdown", "--flavor", "plain"],
    [FORMULA, "-f", "latex", "--detail", "full", "--explain"],
    [FORMULA, "-f", "latex", "--document"],
    ["-(t ln σ(z) + (1 - t) ln(1 - σ(z)))", "--wrt", "z", "-f", "text", "--detail", "full"],
    ["a^x", "--explain", "-f", "text"],
    ["log(x, 2)", "--explain", "-f", "markdown"],
    ["x^2", "--at", "x=3", "-f", "text"],
    ["x^2", "--check", "2x", "-f", "text"],
    ["sin(x)^2", "--check", "sin(2x)", "-f", "text"],
    ["x^2", "--check", "3x", "-f", "text"],
    ["x^2", "--at", "x=3", "--check", "3x", "-f", "latex"],
    ["x^2", "--at", "x=3", "--check", "3x", "-f", "markdown"],
    ["x^2", "--at", "x=3", "--check", "3x", "-f", "rich"],
    ["check", "(a^x)' = a^x ln a"],
    ["check", "(a^x)' = a^x"],
]


def _english(text: str) -> list[str]:
    """The English words of a text, the maths left out."""
    maths = _TEX_COMMAND.sub(" ", _TEX_STRUCTURE.sub(" ", text))
    return [w for w in _WORD.findall(maths) if w not in ALLOWED]


@pytest.mark.parametrize("arguments", COMMANDS, ids=lambda a: " ".join(a)[:60])
def test_every_command_speaks_japanese(arguments, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    main([*arguments, "--lang", "ja"])
    out, err = capsys.readouterr()
    assert _english(out + err) == [], out + err


def test_the_badge_reads_naturally():
    from symderiv import derive

    badge = derive("x^2").to_text("ja").splitlines()[-1]
    assert badge == "✓ SymPy で検証済み: 結果、および 1 ステップ中 1 ステップを記号的に確認"


def test_conditions_say_tadashi_in_full_detail():
    from symderiv import derive

    assert "ただし" in derive("sqrt(x)").to_text("ja", detail="full")


def test_the_help_is_in_japanese(capsys):
    from symderiv.cli import build_parser
    from symderiv.render.help_ja import HELP_JA

    untranslated = [a.help for a in build_parser()._actions if a.help and a.help not in HELP_JA]
    assert untranslated == [], "add these to symderiv/render/help_ja.py"
    with pytest.raises(SystemExit):
        main(["--lang", "ja", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("使い方: symderiv") and "オプション:" in out and "例:" in out


@pytest.mark.parametrize("command", ["check", "check-file", "check-work", "grade"])
def test_the_subcommands_help_is_in_japanese(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--lang", "ja", "--help"])
    out = capsys.readouterr().out
    assert out.startswith(f"使い方: symderiv {command}") and "オプション:" in out
    options = re.compile(r"--?[\w-]+(?: [A-Z,.|:/]+)?|\{[^}]*\}|\[[^\]]*\]")
    described = [options.sub(" ", line) for line in out.splitlines()[1:] if "使い方" not in line]
    words = set(_english("\n".join(described)))
    assert words <= NAMES_IN_HELP, words - NAMES_IN_HELP


#: What the subcommands' help names as it is: what the user types or reads in the output
#: (file names and columns, outcomes, the extra to install), and abbreviations.
NAMES_IN_HELP = {
    *("VAR", "JOBS", "SECONDS", "HOST", "PORT", "CPU", "Ctrl"),
    *("CSV", "JSON", "JSONL", "UTF", "Markdown", "LaTeX", "align", "Dask", "pip", "install"),
    *("symderiv", "dask", "tcp", "file", "identity", "answers", "problems", "df"),
    *("student", "problem", "answer", "function", "var", "rich", "text"),
    *("verified", "undecided", "mismatch", "no", "rule", "parse", "bad", "input", "error"),
}


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["check-work"], "symderiv check-work: エラー: 次の引数が必要です: file"),
        (["grade"], "symderiv grade: エラー: 次の引数が必要です: answers"),
        (["x", "--wrt"], "symderiv: エラー: -x/--wrt には値が一つ必要です"),
        (
            ["x", "-n", "two"],
            "symderiv: エラー: -n/--order の値 'two' が読めません（整数が必要です）",
        ),
        (["x", "-f", "pdf"], "symderiv: エラー: -f/--format に 'pdf' は指定できません"),
        (["check-file", "f.jsonl", "-j", "two"], "-j/--jobs の値 'two' は整数ではありません"),
        (["check-file", "f.jsonl", "-j", "0"], "-j/--jobs には 1 以上のプロセス数を指定"),
        (["check-file", "f.jsonl", "--budget", "soon"], "--budget の値 'soon' は秒数として"),
        (["check-file", "f.jsonl", "--budget", "-1"], "--budget には正の秒数を指定してください"),
    ],
)
def test_the_option_errors_are_said_in_japanese(arguments, expected, capsys):
    with pytest.raises(SystemExit) as exited:
        main([*arguments, "--lang", "ja"])
    assert exited.value.code == 2
    assert expected in capsys.readouterr().err


def test_check_file_speaks_japanese(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "式.jsonl").write_text(
        '{"f": "x^2 e^x", "df": "2x e^x + x^2 e^x"}\n{"f": "sin(x)", "df": "cos(x)"}\n',
        encoding="utf-8",
    )
    assert main(["check-file", "式.jsonl", "--quiet", "-j", "1", "--lang", "ja"]) == 0
    out, err = capsys.readouterr()
    assert "式.jsonl: 2 行" in out
    assert "検証済み" in out
    assert _english((out + err).replace(".jsonl", "")) == [], out + err


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("x^^2", "数、名前または '(' があるべきところに '^' があります（3 文字目）"),
        ("sin(x", "4 文字目の '(' を閉じる ')' がありません（6 文字目）"),
        ("foo(x)", "関数 'foo' は知りません"),
        ("2 3", "数が 2 つ続いています"),
        ("\\foo{x}", "LaTeX コマンド \\foo には対応していません"),
        ("x)", "対応する括弧のない ')' があります"),
    ],
)
def test_reading_errors_are_said_in_japanese(formula, expected, capsys):
    assert main([formula, "--lang", "ja"]) != 0
    err = capsys.readouterr().err
    assert expected in err
    assert "column" not in err


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("gamma(0)*x", "0 での gamma の極（定義されません） の微分規則がありません"),
        ("csc(pi)*x", "csc(pi) の中の 0 による割り算（sin(pi) は 0 なので定義されません）"),
        ("x*atanh(1)", "atanh(1) の中の 0 による割り算（定義されません）"),
        ("x*0^(-1)", "0 の負のべき乗（定義されません）"),
        ("(-2)^x", "その規則には -2 > 0 が必要ですが、成り立たないので定義されません"),
        ("log(x, 1)", "底が 1 の対数は定義されません（底は 1 でない正の数でなければなりません）"),
    ],
)
def test_a_part_with_no_value_is_refused_in_japanese(formula, expected, capsys):
    assert main([formula, "--lang", "ja", "--no-verify"]) != 0
    err = capsys.readouterr().err
    assert expected in err
    assert "undefined" not in err and "has no value" not in err


@pytest.mark.parametrize(
    ("formula", "english", "japanese"),
    [
        (
            "(a^x)' = a^x ln a",
            'not an identity about a derivative (check it with symderiv check "…")',
            '導関数についての等式です（確かめるなら symderiv check "…" を使ってください）',
        ),
        (
            r"(a^{x})' = a^{x} \log_e {a}",
            'not an identity about a derivative (check it with symderiv check "…")',
            '導関数についての等式です（確かめるなら symderiv check "…" を使ってください）',
        ),
        (
            "x^2 + y^2 = 1",
            "not an equation (add --implicit to differentiate it implicitly)",
            "等式です（陰関数として微分するなら --implicit をつけてください）",
        ),
        (
            r"\log_b(x) = y",  # the seed posts' other way round
            "the equation gives y by a formula",
            "この等式は y を式で与えています",
        ),
    ],
)
def test_an_equation_is_sent_where_it_belongs_in_both_languages(formula, english, japanese, capsys):
    assert main([formula]) == 2
    assert english in capsys.readouterr().err
    assert main([formula, "--lang", "ja"]) == 2
    assert japanese in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            ["a b"],
            "どの変数で微分しますか？ 式には a, b があります。--wrt VAR (-x VAR) で一つ選んで",
        ),
        (["sinx"], "名前 'sinx' は知りません。'sin x' か 'sin(x)' のことですか？（1 文字目）"),
        (["zeta(x)"], "関数 'zeta' は知りません。beta のことですか？（1 文字目）"),
        (["x^2", "--wrt", "x+1"], "'x+1' は変数ではないので、それで微分することはできません"),
        (["e^x", "--wrt", "e"], "この式の e はネイピア数 e ≈ 2.71828（定数）です"),
        (["a b = 1", "--implicit"], "従属変数を --implicit Y で指定してください（方程式には a, b"),
        (["a b c = 1", "--implicit", "y"], "y はどの変数の関数ですか？ 方程式には a, b, c"),
        (["x^2", "--taylor", "0,13"], "次数は 0 から 12 までの整数です（13 ではなく）"),
        (["check", "(x^2)'"], "等式 'lhs = rhs' が必要です（7 文字目）"),
        (["x^T x", "--shape", "x=n", "--wrt", "A"], "A は 'x^T x' に現れません（式の名前: x）"),
        (["f'(x) = x^2"], "f'(x) = … は f の導関数を述べていますが、f は与えられていません"),
        (["sin'(2x)"], "sin'(2x) は sin の導関数の 2x での値で"),
        (
            ["W x", "--wrt", "x", "--shape", "W=m,n", "--shape", "x=m"],
            "W（m×n）と x（m）の積: 左の列数（n）が右の行数（m）と合いません（3 文字目）",
        ),
        (
            ["W + x", "--wrt", "x", "--shape", "W=m,n", "--shape", "x=m"],
            "W（m×n）と x（m）の和: 形が異なります（3 文字目）",
        ),
        (
            ["det(W) x", "--wrt", "x", "--shape", "W=m,n", "--shape", "x=m"],
            "行列式には正方行列が必要です。W は m×n です（4 文字目）",
        ),
    ],
)
def test_common_refusals_are_said_in_japanese(arguments, expected, capsys):
    assert main([*arguments, "--lang", "ja"]) != 0
    err = capsys.readouterr().err
    assert expected in err
    said = err.splitlines()[0]  # the formula echoed under it is the user's
    commands = {"symderiv", "check", "VAR", "wrt", "implicit", "lhs", "rhs"}  # what to type
    words = [w for w in _english(said) if w not in commands]
    assert words == [] or set(words) <= set(re.findall(r"[A-Za-z]{2,}", " ".join(arguments))), err
    assert not said.rstrip().endswith("?")


@pytest.mark.parametrize(
    ("english", "japanese"),
    [
        ("over the time limit (2 s of CPU)", "時間の制限を超えました（CPU 時間 2 秒）"),
        ("too deep for SymPy to compare (its recursion limit)", "SymPy で比べるには深すぎます"),
        ("no sample point where both sides are real", "両辺が実数になる標本点がありません"),
        ("only 2 sample point(s) where both sides are real", "標本点が 2 個しかありません"),
    ],
)
def test_why_a_check_was_undecided_is_said_in_japanese(english, japanese):
    assert japanese in translated(english)
    assert set(_english(translated(english))) <= {"CPU"}


def test_a_shape_written_wrong_is_said_in_japanese(capsys):
    assert main(["x", "--shape", "x", "--lang", "ja"]) != 0
    assert "形は name=n または name=m,n と書きます（'x' ではなく）" in capsys.readouterr().err


def test_a_function_as_the_seed_posts_write_it_is_differentiated_saying_so(capsys):
    assert main([r"y = \log_a x", "--no-verify"]) == 0
    out = capsys.readouterr().out
    assert "the equation gives y by a formula: its derivative is that of the formula" in out
    assert main([r"y = \log_a x", "--no-verify", "--lang", "ja"]) == 0
    assert "等式は y を式で与えています: その式を微分します" in capsys.readouterr().out
