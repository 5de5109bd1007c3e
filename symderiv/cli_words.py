"""The command line's words, in English and Japanese.

:class:`Said` is an error of the command line itself (an option refused, a formula
missing), raised with its Japanese beside its English; :func:`refused` says an option
that cannot be used with the others given.  :data:`SHOWN_JA` holds the Japanese of the
messages from below the command line that it shows as they are: a point's value
(``--at``), ``check-work``'s file, a missing extra.  :func:`error_text` is any error's
text in the language asked for, in the command line's terms (its options, not the
Python API's names).
"""

from __future__ import annotations

import errno
import re
from collections.abc import Sequence

from .checks.grade import in_language
from .errors import ParseError, VariableError
from .render.messages import catalogue, looked_up

__all__ = [
    "CLI_REMEDIES",
    "FORMAT_HELP",
    "FUNCTIONS_HELP",
    "LANG_HELP",
    "SHOWN_JA",
    "Said",
    "cli_text",
    "error_text",
    "language_asked",
    "refused",
    "said_in_japanese",
    "word",
]


class Said(ValueError):
    """Input the command line refuses, said in English (``str(error)``) and in
    Japanese (``japanese``)."""

    def __init__(self, english: str, japanese: str) -> None:
        super().__init__(english)
        self.japanese = japanese

    def said(self, lang: str) -> str:
        """The message in ``lang`` (``"en"`` or ``"ja"``)."""
        return self.japanese if lang == "ja" else str(self)


def refused(option: str, why: str, why_ja: str) -> Said:
    """``OPTION cannot be used here: why``, in both languages."""
    return Said(f"{option} cannot be used here: {why}", f"{option} はここでは使えません: {why_ja}")


#: The command line's own lines that are not errors.
_WORDS: dict[str, dict[str, str]] = {
    "interrupted": {"en": "interrupted", "ja": "中断しました"},
    "jobs-lowered": {
        "en": "-j {jobs} lowered to {cores}, the number of cores (--force-jobs to insist)",
        "ja": "-j {jobs} をコア数の {cores} に下げました（そのまま使うには --force-jobs）",
    },
}


#: The helps of the options every command shares (each also in
#: :data:`symderiv.render.help_ja.HELP_JA`).
FORMAT_HELP = "output format (default: rich on a terminal, text when piped)"
LANG_HELP = "language (default: from the locale)"
FUNCTIONS_HELP = "names of undefined functions, e.g. f,g"


def word(key: str, lang: str, **values: object) -> str:
    """One of the command line's own lines in ``lang``, ``values`` filled in."""
    return _WORDS[key][lang].format(**values)


#: Where a message points in its formula: `` at column 3`` and the formula with a caret
#: under it (said ``（3 文字目）`` in Japanese).
_PLACE = r"(?P<place>(?: at column \d+\n[\s\S]*)?)"

#: Messages from below the command line that it shows, in Japanese: (English pattern,
#: Japanese with the pattern's groups), the first that matches the whole text.  A group
#: named ``why`` is itself a message, said in Japanese in turn; the others (a point, a
#: value, a name) are kept as they are.
SHOWN_JA = catalogue(
    (r"give a value for (?P<names>.+) too", "{names} の値も指定してください"),
    (
        r"which variable\? the expression has (?P<names>.+); choose one with --wrt VAR "
        r"\(-x VAR\)",
        "どの変数で微分しますか？ 式には {names} があります。--wrt VAR (-x VAR) で一つ選んで"
        "ください",
    ),
    (
        r"no variable given: give it with --wrt VAR \(-x VAR\)",
        "変数が指定されていません。--wrt VAR (-x VAR) で指定してください",
    ),
    (
        r"which variable depends on which\? name the dependent variable: --implicit Y "
        r"\(the equation has (?P<names>.+)\)",
        "どの変数がどの変数の関数ですか？ 従属変数を --implicit Y で指定してください"
        "（方程式には {names} があります）",
    ),
    (
        r"which variable is (?P<name>.+) a function of\? the equation has (?P<names>.+); "
        r"choose one with --wrt VAR \(-x VAR\)",
        "{name} はどの変数の関数ですか？ 方程式には {names} があります。--wrt VAR (-x VAR) "
        "で一つ選んでください",
    ),
    (
        r"implicit differentiation needs two different plain symbols",
        "陰関数微分には、異なる 2 つの文字（添字なし）が必要です",
    ),
    (
        r"cannot differentiate with respect to (?P<name>.+): not a variable",
        "{name} は変数ではないので、それで微分することはできません",
    ),
    (
        r"cannot differentiate with respect to (?P<name>.+): in this formula (?P=name) is "
        r"Euler's number e ≈ 2\.71828, a constant; name the variable differently.*",
        "{name} で微分することはできません: この式の {name} はネイピア数 e ≈ 2.71828"
        "（定数）です。変数には別の名前をつけてください",
    ),
    (
        r"cannot differentiate with respect to (?P<name>.+): in this formula (?P=name) is "
        r"the number π ≈ 3\.14159, a constant; name the variable differently",
        "{name} で微分することはできません: この式の {name} は円周率 π ≈ 3.14159"
        "（定数）です。変数には別の名前をつけてください",
    ),
    (
        r"cannot differentiate with respect to (?P<name>.+): the formula writes (?P<letter>.+) "
        r"both as a variable of its own and as a family of variables \((?P<example>.+)\); "
        r"name one of them differently",
        "{name} で微分することはできません: この式は {letter} を一つの変数としても添字つきの"
        "変数の族（{example}）としても使っています。どちらかの名前を変えてください",
    ),
    (
        r"cannot differentiate with respect to (?P<name>.+): the formula indexes (?P=name) as "
        r"a family of variables \((?P<example>.+)\); differentiate by one of them, "
        r"(?P<member>.+), an index of its own",
        "{name} で微分することはできません: この式は {name} を添字つきの変数の族として"
        "使っています（{example}）。添字の異なる一つの変数 {member} で微分してください",
    ),
    (
        r"cannot differentiate with respect to (?P<name>.+): its index (?P<index>\S+) is the "
        r"one a sum or product in the formula runs over; differentiate by (?P<other>.+), an "
        r"index of its own",
        "{name} で微分することはできません: 添字 {index} は式の和（または積）が動く添字です。"
        "専用の添字をもつ {other} で微分してください",
    ),
    (
        r"the answer gives (?P<side>.+), a derivative of order (?P<order>\d+), where the "
        r"derivative checked is of order (?P<checked>\d+)",
        "答えは {side}（{order} 階の導関数）ですが、確かめる導関数は {checked} 階です",
    ),
    (
        r"the answer gives (?P<side>.+), a derivative by (?P<given>\S+), where the derivative "
        r"checked is by (?P<checked>\S+)",
        "答えは {side}（{given} での導関数）ですが、確かめる導関数は {checked} での導関数です",
    ),
    (
        r"(?P<name>.+) does not occur in (?P<formula>.+) \(names: (?P<names>.+)\)",
        "{name} は {formula} に現れません（式の名前: {names}）",
    ),
    (
        r"the degree must be an integer from (?P<low>\d+) to (?P<high>\d+), not "
        r"(?P<value>.+)",
        "次数は {low} から {high} までの整数です（{value} ではなく）",
    ),
    (
        r"the equation gives (?P<name>\S+) by a formula: to differentiate it, give the "
        r'formula alone, "(?P<formula>.+)" \(or add --implicit to differentiate it '
        r"implicitly\)",
        "この等式は {name} を式で与えています。"
        '微分するにはその式だけを書いてください: "{formula}"'
        "（陰関数として微分するなら --implicit をつけてください）",
    ),
    (
        r"expected an expression, not an equation \(add --implicit to differentiate it "
        r"implicitly\)",
        "微分する式ではなく等式です（陰関数として微分するなら --implicit をつけてください）",
    ),
    (
        r"expected a formula to differentiate, not an identity about a derivative "
        r'\(check it with symderiv check "…"\)',
        "微分する式ではなく、導関数についての等式です"
        '（確かめるなら symderiv check "…" を使ってください）',
    ),
    (r"no value at (?P<point>.+?): (?P<why>.+)", "{point} では値がありません: {why}"),
    (r"no value here: (?P<why>.+)", "値がありません: {why}"),
    (r"no value at this point: (?P<why>.+)", "この点では値がありません: {why}"),
    (r"division by zero", "0 による割り算"),
    (r"logarithm undefined here", "ここでは対数が定義されません"),
    (r"0 to a negative power", "0 の負のべき乗"),
    (r"no real value", "実数の値がありません"),
    (
        r"no derivative is given at (?P<point>.+?): the steps hold only where "
        r"(?P<condition>.+) \(the function may not be differentiable there\)",
        "{point} での導関数は与えられません: 各ステップは {condition} のときだけ成り立ちます"
        "（関数がそこで微分可能でないかもしれません）",
    ),
    (r"(?P<value>.+) divides by zero", "{value} は 0 で割っています"),
    (
        r"(?P<value>.+) is not a number \(write 3, -0\.25, 1e-3 or 2/3\)",
        "{value} は数ではありません（3、-0.25、1e-3、2/3 のように書いてください）",
    ),
    (
        r"(?P<value>.+) is too large a number for a point \(at most (?P<digits>\d+) "
        r"digits and exponents within ±(?P<exponent>\d+)\)",
        "{value} は点の値として大きすぎます（{digits} 桁まで、指数は ±{exponent} まで）",
    ),
    (
        r"a point's value is at most (?P<count>\d+) characters long",
        "点の値は {count} 文字までです",
    ),
    (
        r"(?P<value>.+) is not a number: a point's value is a constant "
        r"\(it has (?P<names>.+)\)",
        "{value} は数ではありません。点の値は定数です（{names} を含んでいます）",
    ),
    (r"(?P<value>.+) is not a number", "{value} は数ではありません"),
    (
        r"order must be an integer from (?P<low>\d+) to (?P<high>\d+), not (?P<value>.+)",
        "階数は {low} から {high} までの整数です（{value} ではなく）",
    ),
    (
        r"plotting needs matplotlib: (?P<command>.+)",
        "グラフを描くには matplotlib が必要です: {command}",
    ),
    (
        rf"(?P<what>sum|product|Hadamard product|elementwise quotient) of (?P<left>.+?) "
        rf"\((?P<left_shape>[^()]+)\) and (?P<right>.+?) \((?P<right_shape>[^()]+)\): "
        rf"(?P<why>.+?){_PLACE}",
        "{left}（{left_shape}）と {right}（{right_shape}）の{what}: {why}{place}",
    ),
    (
        rf"(?P<what>.+?) needs a square matrix; (?P<operand>.+) is (?P<shape>.+?){_PLACE}",
        "{what}には正方行列が必要です。{operand} は {shape} です{place}",
    ),
    (
        rf"(?P<what>.+?) needs a column vector; (?P<operand>.+) is (?P<shape>.+?){_PLACE}",
        "{what}には列ベクトルが必要です。{operand} は {shape} です{place}",
    ),
    (r"sum", "和"),
    (r"product", "積"),
    (r"Hadamard product", "アダマール積"),
    (r"elementwise quotient", "要素ごとの商"),
    (r"the inverse|inv", "逆行列"),
    (r"det", "行列式"),
    (r"tr", "トレース"),
    (r"diag", "diag"),
    (r"the shapes differ", "形が異なります"),
    (
        r"the columns of the left \((?P<columns>.+)\) do not match the rows of the right "
        r"\((?P<rows>.+)\)",
        "左の列数（{columns}）が右の行数（{rows}）と合いません",
    ),
    (
        r"bad size (?P<value>.+) in the shape of (?P<name>.+)",
        "{name} の形の大きさ {value} が読めません",
    ),
    (
        r"a size must be positive: (?P<value>.+) in the shape of (?P<name>.+)",
        "大きさは正でなければなりません: {name} の形の {value}",
    ),
    (
        r"the shape of (?P<name>.+) must be \(\), \(n,\) or \(m, n\), not (?P<shape>.+)",
        "{name} の形は ()、(n,)、(m, n) のいずれかです（{shape} ではなく）",
    ),
    (
        r"(?P<name>.+) is declared symmetric but is (?P<shape>.+)",
        "{name} は対称と宣言されていますが {shape} です",
    ),
    (
        r"a shape is written name=n or name=m,n, not (?P<spec>.+)",
        "形は name=n または name=m,n と書きます（{spec} ではなく）",
    ),
    (r"the align block has no rows", "align ブロックに行がありません"),
    (r"the file has no function and no lines", "ファイルに関数も行もありません"),
    (
        r"cannot tell which function is differentiated: write it on the left of the "
        r"first row \(\\frac\{d\}\{dx\}\(…\) &= …\) or as f\(x\) = … before the block",
        "どの関数を微分しているのか分かりません: 最初の行の左辺に書くか"
        "（\\frac{{d}}{{dx}}(…) &= …）、ブロックの前に f(x) = … と書いてください",
    ),
)

#: The groups of :data:`SHOWN_JA` that are messages themselves.
_PHRASES = frozenset({"why", "what"})

_COLUMN = re.compile(r"^ at column (\d+)")


def said_in_japanese(text: str) -> str:
    """A message the command line shows, in Japanese where a catalogue has it (this
    module's, the readers', the checkers'), else as it is."""
    return looked_up(text, SHOWN_JA, _GROUPS_SAID) or in_language(text, "ja")


def _place_in_japanese(place: str) -> str:
    """Where a message points (:data:`_PLACE`), ``（3 文字目）`` for `` at column 3``."""
    return _COLUMN.sub(r"（\1 文字目）", place)


#: How :func:`said_in_japanese` says the groups of :data:`SHOWN_JA` that are not kept
#: as they stand.
_GROUPS_SAID = {**dict.fromkeys(_PHRASES, said_in_japanese), "place": _place_in_japanese}


#: What supplies a missing variable, in the command line's words (the Python API's are
#: :data:`symderiv.errors.API_REMEDIES`).
CLI_REMEDIES = {
    "var": "choose one with --wrt VAR (-x VAR)",
    "vars": "give it with --wrt VAR (-x VAR)",
    "implicit": "add --implicit to differentiate it implicitly",
    "identity": 'check it with symderiv check "…"',
    "dependent": "name the dependent variable: --implicit Y",
}


#: A formula a reader's refusal offers in quotes, as the command line runs it:
#: ``give it alone: "x^2"`` is ``give it alone: symderiv "x^2"`` (see
#: :mod:`symderiv.parse.definitions`).
_COMMANDS = (
    (re.compile(r'(alone: )"'), r'\1symderiv "'),
    (re.compile(r'(write the function out: )"'), r'\1symderiv check "'),
)


def _as_run(error: ParseError) -> ParseError:
    """A reader's refusal with the formulas it offers written as commands to run."""
    message = error.message
    for pattern, command in _COMMANDS:
        message = pattern.sub(command, message)
    return error if message == error.message else type(error)(message, error.source, error.position)


def cli_text(error: BaseException) -> str:
    """An error's text as the command line says it: options, not the Python API's names."""
    if isinstance(error, ParseError):
        return str(_as_run(error))
    return error.worded(CLI_REMEDIES) if isinstance(error, VariableError) else str(error)


#: Why a file cannot be opened, in Japanese, by its error number.
_OS_JA = {
    errno.ENOENT: "ファイルがありません",
    errno.EACCES: "権限がありません",
    errno.EISDIR: "ディレクトリです",
    errno.ENOTDIR: "ディレクトリではありません",
}


#: The Python API's way of declaring functions, as the command line's option says it.
_DECLARED = re.compile(r"functions=\['([^']+)'\]")


def error_text(error: BaseException, lang: str) -> str:
    """``error``'s text in ``lang`` (``"en"`` or ``"ja"``), in the command line's terms
    (``--functions f``, not ``functions=['f']``); a refusal of the readers keeps its caret
    under the formula."""
    return _DECLARED.sub(r"--functions \1", _error_text(error, lang))


def _error_text(error: BaseException, lang: str) -> str:
    if isinstance(error, Said):
        return error.said(lang)
    if isinstance(error, ParseError):
        error = _as_run(error)
    english = cli_text(error)
    if lang != "ja":
        return english
    if isinstance(error, OSError):
        why = _OS_JA.get(error.errno or 0)
        return english if why is None or error.filename is None else f"{error.filename}: {why}"
    if isinstance(error, ParseError):
        japanese = said_in_japanese(error.message)
        if japanese == error.message:
            return english
        shown = str(type(error)(japanese, error.source, error.position))
        return shown.replace(f" at column {error.column}", f"（{error.column} 文字目）", 1)
    return said_in_japanese(english)


def language_asked(arguments: Sequence[str]) -> str | None:
    """The ``--lang`` of the command line, read before its parser has (for errors)."""
    for index, argument in enumerate(arguments):
        if argument.startswith("--lang="):
            return argument.partition("=")[2] if argument.endswith(("=en", "=ja")) else None
        if argument == "--lang" and index + 1 < len(arguments):
            return arguments[index + 1] if arguments[index + 1] in ("en", "ja") else None
    return None
