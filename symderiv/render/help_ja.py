"""The command line's help in Japanese (``symderiv --lang ja --help``).

:func:`localise` rewrites a built :class:`argparse.ArgumentParser` in place: its
description, its examples, each option's help, the section titles and the "usage"
prefix.  A help text with no entry here stays as it is, so an option added later
still shows (in English) until it is translated.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from typing import Any, NoReturn

from .messages import catalogue, looked_up

__all__ = ["ERRORS_JA", "HELP_JA", "japanese_error", "localise"]

#: English help text -> Japanese.
HELP_JA: dict[str, str] = {
    "Differentiate a formula step by step; every step is checked against SymPy.": (
        "式をステップごとに微分します。各ステップは SymPy で検証されます。"
    ),
    "Verify an identity.": "恒等式を検証します。",
    "Verify every line of a JSONL file of f/df.": "f/df の JSONL ファイルを 1 行ずつ検証します。",
    "show this help message and exit": "このヘルプを表示して終了する",
    'e.g. "(a^x)\' = a^x ln a" or LaTeX': '例: "(a^x)\' = a^x ln a"、または LaTeX',
    "the formula, as plain text or LaTeX ('-' reads it from standard input)": (
        "式（プレーンテキストまたは LaTeX。'-' で標準入力から読む）"
    ),
    "the variable (default: x, or the only one); repeat it, or write x,y, to differentiate "
    "by each in turn (∂²/∂x∂y)": (
        "微分する変数（既定: x、または式にある唯一の変数）。繰り返すか x,y と書くと順に"
        "偏微分する（∂²/∂x∂y）"
    ),
    "the variable (default: x, or the only one)": (
        "微分する変数（既定: x、または式にある唯一の変数）"
    ),
    "order of the derivative (default 1); after a --wrt, the order by that variable": (
        "導関数の階数（既定 1）。--wrt の後に書くとその変数での階数"
    ),
    "order of the derivative (default 1)": "導関数の階数（既定 1）",
    "evaluate there: slope and tangent line (repeatable)": "その点での値・傾き・接線（複数指定可）",
    "output format (default: rich on a terminal, text when piped)": (
        "出力形式（既定: 端末では rich、パイプでは text）"
    ),
    "language (default: from the locale)": "言語（既定: ロケールから）",
    "brief: the rules' result and the answer; normal: the rules and the tidying moves; "
    "full: each rule and move with its law, conditions and every step": (
        "brief: 公式を適用した結果と答えのみ、normal: 公式と整理の各手順、"
        "full: 各公式・各手順の法則、条件、すべてのステップ"
    ),
    "do not colour what each tidying move made in its line": (
        "整理の各手順が変えた部分に色をつけない"
    ),
    "say why each base rule holds": "各基本公式が成り立つ理由を示す",
    "Markdown for math-aware sites (math), for Python-Markdown/marked + MathJax (plain), "
    "or for Qiita (qiita)": (
        "Markdown の方言: 数式対応サイト向け（math）、Python-Markdown/marked + MathJax 向け"
        "（plain）、Qiita 向け（qiita）"
    ),
    "with --format latex: a whole document": "--format latex と併用: 完全な文書を出力する",
    "rules to fold away, e.g. power,sum": "折りたたむ公式（例: power,sum）",
    "check a proposed derivative (exit 1 if wrong)": "答えを確かめる（誤りなら終了コード 1）",
    'a fact the simplifier may use, e.g. "\\sum_{k=1}^{K} t_k = 1" (repeatable)': (
        '整理に使ってよい条件（例: "\\sum_{k=1}^{K} t_k = 1"、複数指定可）'
    ),
    "skip the SymPy verification": "SymPy による検証を省く",
    "the version, and whether it is compiled": "バージョンと、コンパイル版かどうか",
    "read the formula as LaTeX": "式を LaTeX として読む",
    "names of undefined functions, e.g. f,g": "未知関数の名前（例: f,g）",
    "draw f, f′ (and the tangent at --at); needs matplotlib": (
        "f と f′（--at があれば接線も）を描く。matplotlib が必要"
    ),
    "read vectors and matrices: x=n a vector, A=n,n a matrix, c= a scalar (repeatable)": (
        "ベクトルと行列として読む: x=n はベクトル、A=n,n は行列、c= はスカラー（複数指定可）"
    ),
    "vectors, sizes inferred": "ベクトル（大きさは推定）",
    "matrices, sizes inferred": "行列（大きさは推定）",
    "matrices declared symmetric, e.g. Sigma": "対称行列として扱う行列（例: Sigma）",
    'implicit differentiation of an equation, e.g. "x^2 + y^2 = 25" --implicit y (Y '
    "inferred when omitted; -n for higher orders)": (
        '方程式の陰関数微分（例: "x^2 + y^2 = 25" --implicit y。省略時は推定、高階は -n）'
    ),
    'dy/dx of a parametric curve, e.g. --parametric "cos t, sin t" (-n for higher orders)': (
        '媒介変数表示の曲線の dy/dx（例: --parametric "cos t, sin t"、高階は -n）'
    ),
    'the Jacobian of "f1, f2, …" (--vars x,y)': '"f1, f2, …" のヤコビ行列（--vars x,y）',
    "the Hessian (--vars x,y)": "ヘッセ行列（--vars x,y）",
    "variables of --jacobian and --hessian": "--jacobian と --hessian の変数",
    "the Taylor polynomial of degree N about A, e.g. 0,5": (
        "A のまわりの N 次テイラー多項式（例: 0,5）"
    ),
    "f′ from the limit of the difference quotient, step by step": (
        "差分商の極限から f′ を求める（ステップごと）"
    ),
    "with --implicit: simplify higher orders with the equation itself (default yes)": (
        "--implicit と併用: 高階導関数を方程式自身で整理する（既定: する）"
    ),
    "processes (default and most: the number of cores)": "プロセス数（既定かつ上限: コア数）",
    "Check a worked solution line by line: the function on the first line, then one line per "
    "step (or a Markdown/LaTeX file with an align block).": (
        "解答を 1 行ずつ確かめます: 1 行目に関数、続けて 1 行に 1 ステップ\n"
        "（または align ブロックのある Markdown/LaTeX のファイル）。"
    ),
    "the worked solution ('-' reads standard input)": "解答のファイル（'-' で標準入力から読む）",
    "the variable (default: x)": "微分する変数（既定: x）",
    "Grade a class: a CSV file with the columns student, problem and answer (and function, "
    "unless the problems are in a second CSV file with the columns problem and function; an "
    "optional var column in either).": (
        "クラスを採点します: 列 student、problem、answer（と function）の CSV ファイル。\n"
        "問題を列 problem と function の 2 つ目の CSV ファイルに分けるときは function 列は\n"
        "不要です。どちらにも var 列を置けます。"
    ),
    "processes (default: cores)": "プロセス数（既定: コア数）",
    'the JSONL file, one {"f": …, "df": …} per line': (
        'JSONL のファイル（1 行に {"f": …, "df": …} をひとつ）'
    ),
    "run the lines on Dask: a local cluster of -j workers, or a running scheduler (pip install "
    '"symderiv[dask]")': (
        "行を Dask で実行する: -j 個のワーカーのローカルクラスタ、または動いているスケジューラ"
        '（pip install "symderiv[dask]"）'
    ),
    "language of the summary": "まとめの言語",
    "verification time per concrete instance of a line (default: 2)": (
        "1 行の具体例ひとつあたりの検証時間（既定: 2 秒）"
    ),
    "the answers (CSV)": "答えの CSV ファイル",
    "the problems (CSV), if not in the answers": "問題の CSV ファイル（答えのファイルにないとき）",
    "allow more processes than cores": "コア数より多いプロセスを許す",
    "no progress bar": "進捗バーを表示しない",
}

#: The examples after the options, in Japanese.
EXAMPLES_JA = """\
例:
  symderiv "x^2 e^x"                      ステップごとの微分
  echo "x^2 e^x" | symderiv -             式を標準入力から読む
  symderiv "x y^2" --wrt y                偏微分
  symderiv "x^3 sin x" -n 2               2 階導関数
  symderiv "x^2 y^3" --wrt x --wrt y      混合偏導関数（x で、次に y で）
  symderiv "d^2/dx^2 (x^3 sin x)"         導関数の記法（\\frac{d}{dx}… も可）
  symderiv "log(x, 2)" --lang ja          日本語で
  symderiv '\\frac{1}{1+e^{-z}}'           LaTeX の入力（バックスラッシュで判別）
  symderiv "a^x" --explain                各公式が成り立つ理由つき
  symderiv "x^2" --at x=3                 x = 3 での傾きと接線
  symderiv "x^2 e^x" --format markdown    MathJax のブログ記事向け
  symderiv "x^2 e^x" --format html        1 ファイルで完結する HTML ページ
  symderiv "x^2 e^x" --check "2x e^x"     答えは正しい？（誤りなら終了コード 1）
  symderiv check "(a^x)' = a^x ln a"      恒等式の検証
  symderiv check-file pairs.jsonl -j 4    JSONL ファイルの全行を検証
"""

CHECK_FILE_EPILOG_JA = """\
結果: verified（検証済み）、undecided（判定できず。時間やメモリの上限を超えた行も）、
mismatch（不一致）、no-rule（規則なし）、parse-error（f か df が式として読めない）、
bad-input（f と df の文字列をもつ JSON オブジェクトでない行、または UTF-8 でない行）、
error（検証する側がその行で失敗した）。

終了コード: 0 失敗した行がない。1 mismatch、parse-error、bad-input、error のいずれかが
ある。2 ファイルが読めない、またはオプションが正しくない。130 中断された（Ctrl-C）。
それまでに確かめた行のまとめを出してから終わる。
"""

#: The Japanese epilog of each command that has one (its examples, its outcomes).
EPILOGS_JA = {"symderiv": EXAMPLES_JA, "symderiv check-file": CHECK_FILE_EPILOG_JA}

_TITLES = {"positional arguments": "引数", "options": "オプション",
           "optional arguments": "オプション"}  # fmt: skip


#: Help texts that hold a value, in Japanese: (English pattern, Japanese with its groups).
HELP_PATTERNS_JA = catalogue(
    (
        r"CPU time one line may take in all \(default: (?P<seconds>[\d.]+)\)",
        "1 行にかけてよい CPU 時間の合計（既定: {seconds} 秒）",
    ),
    (
        r"CPU time one answer may take \(default: (?P<seconds>[\d.]+)\)",
        "1 つの答えにかけてよい CPU 時間（既定: {seconds} 秒）",
    ),
)


def _help_in_japanese(text: str) -> str:
    """An option's help in Japanese (:data:`HELP_JA`, :data:`HELP_PATTERNS_JA`), else as
    it is."""
    return HELP_JA.get(text) or looked_up(text, HELP_PATTERNS_JA) or text


#: argparse's own messages, in Japanese: (English pattern, Japanese with its groups).
ERRORS_JA = catalogue(
    (r"the following arguments are required: (?P<names>.+)", "次の引数が必要です: {names}"),
    (r"unrecognized arguments: (?P<names>.+)", "解釈できない引数です: {names}"),
    (r"argument (?P<option>\S+): expected one argument", "{option} には値が一つ必要です"),
    (
        r"argument (?P<option>\S+): expected at most one argument",
        "{option} に指定できる値は一つまでです",
    ),
    (
        r"argument (?P<option>\S+): invalid choice: (?P<value>.+) \(choose from "
        r"(?P<choices>.+)\)",
        "{option} に {value} は指定できません（{choices} から選んでください）",
    ),
    (
        r"argument (?P<option>\S+): invalid (?P<kind>\w+) value: (?P<value>.+)",
        "{option} の値 {value} が読めません（{kind}が必要です）",
    ),
    (
        r"argument (?P<option>\S+): not a whole number: (?P<value>.+)",
        "{option} の値 {value} は整数ではありません",
    ),
    (
        r"argument (?P<option>\S+): needs at least 1 process, not (?P<value>.+)",
        "{option} には 1 以上のプロセス数を指定してください（{value} ではなく）",
    ),
    (
        r"argument (?P<option>\S+): not a number of seconds: (?P<value>.+)",
        "{option} の値 {value} は秒数として読めません",
    ),
    (
        r"argument (?P<option>\S+): must be a positive number of seconds, not (?P<value>.+)",
        "{option} には正の秒数を指定してください（{value} ではなく）",
    ),
    (
        r"argument (?P<option>\S+): not allowed with argument (?P<other>\S+)",
        "{option} は {other} と一緒には指定できません",
    ),
    (
        r"argument (?P<option>\S+): ignored explicit argument (?P<value>.+)",
        "{option} は値 {value} をとりません",
    ),
)

_KINDS_JA = {"int": "整数", "float": "数"}


def japanese_error(message: str) -> str:
    """One of argparse's error messages in Japanese (else as it is).

    >>> japanese_error("the following arguments are required: file")
    '次の引数が必要です: file'
    """
    return looked_up(message, ERRORS_JA, {"kind": _kind_in_japanese}) or message


def _kind_in_japanese(kind: str) -> str:
    """The kind of value an option reads (``int``), in Japanese (``整数``)."""
    return _KINDS_JA.get(kind, kind)


def _japanese_error(parser: argparse.ArgumentParser, message: str) -> NoReturn:
    """``parser.error`` in Japanese: the usage, then the message; exit status 2."""
    parser.print_usage(sys.stderr)
    parser.exit(2, f"{parser.prog}: エラー: {japanese_error(message)}\n")


class _JapaneseFormatter(argparse.RawDescriptionHelpFormatter):
    """The help with the "usage" prefix in Japanese."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "使い方: " if prefix is None else prefix)


def localise(parser: argparse.ArgumentParser, lang: str) -> None:
    """Put ``parser``'s help in ``lang`` (only ``ja`` changes anything), its epilog too
    where :data:`EPILOGS_JA` has one for its command."""
    if lang != "ja":
        return
    parser.formatter_class = _JapaneseFormatter
    parser.error = partial(_japanese_error, parser)  # type: ignore[method-assign]
    if parser.description:
        parser.description = HELP_JA.get(parser.description, parser.description)
    parser.epilog = EPILOGS_JA.get(parser.prog, parser.epilog)
    for action in parser._actions:
        if action.help:
            action.help = _help_in_japanese(action.help)
    for group in parser._action_groups:
        if group.title:
            group.title = _TITLES.get(group.title, group.title)
