"""What a command line asks for that its output would drop without a word, refused
before anything is derived: a verdict in NumPy code, an order for a Hessian, the
folding of steps in JSON, a rule to fold that does not exist, two calculus options at
once.  Each refusal names the option and says why, in English and in Japanese
(``OPTION cannot be used here: why``; exit status 2, as for other input that cannot be
used).  Options that ask for an absence (``--no-verify``, ``--no-highlight``) are
never refused: what they ask for holds in every format."""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable
from functools import cache

from .cli_course import CODE_FORMATS, COURSE_OPTIONS, course_option, course_options
from .cli_words import Said, refused
from .functions import FUNCTIONS
from .render.messages import RULE_NAMES
from .steps import RULES

__all__ = ["REFUSED", "reads_matrices", "refuse_what_would_be_dropped", "rule_keys"]


def _names(text: str) -> tuple[str, ...]:
    return tuple(name for name in text.replace(" ", "").split(",") if name)


def reads_matrices(args: argparse.Namespace) -> bool:
    """Whether the formula is read as vectors and matrices."""
    return bool(args.shape or args.vector or args.matrix)


def _not_a_derivation(args: argparse.Namespace) -> bool:
    """Whether a calculus option or the matrix calculus is asked for (its result is
    not a derivation)."""
    return course_option(args) is not None or reads_matrices(args)


def _ordered(args: argparse.Namespace) -> bool:
    """Whether ``-n`` is given."""
    return any(kind == "order" for kind, _ in args.stages)


#: Options that shape the drawn steps, and whether the command line gives each.
_SHAPING: dict[str, Callable[[argparse.Namespace], bool]] = {
    "--detail": lambda args: args.detail is not None,
    "--skip": lambda args: bool(_names(args.skip)),
    "--explain": lambda args: bool(args.explain),
}
_JACOBIAN_HESSIAN = ("--jacobian", "--hessian")
_TEXT_FORMATS = "text, rich, json, markdown, latex or html"
_TEXT_FORMATS_JA = "text、rich、json、markdown、latex、html "
_CODE_HOLDS = "--format {fmt} prints code, which holds no "
_CODE_HOLDS_JA = "--format {fmt} はコードを出力するので、"

#: What the output of a command line cannot hold, refused before anything is derived
#: rather than dropped without a word: (the option, whether the command line asks for it
#: where it cannot be used, why not, why not in Japanese).  ``{fmt}`` is the format and
#: ``{course}`` the calculus option (or the matrix calculus) given.
REFUSED: tuple[tuple[str, Callable[[argparse.Namespace, str], bool], str, str], ...] = (
    *(
        (
            spelled,
            lambda args, fmt, spelled=spelled: (
                spelled in course_options(args) and course_option(args) != spelled
            ),
            "{course} is asked for too: one calculus option at a time",
            "{course} も指定されています。計算のオプションは一度に 1 つです",
        )
        for spelled in COURSE_OPTIONS.values()
    ),
    *(
        (
            spelled,
            lambda args, fmt, spelled=spelled: (
                reads_matrices(args) and spelled in course_options(args)
            ),
            "it is for scalar formulas, not with --shape, --vector or --matrix",
            "スカラーの式のためのもので、--shape、--vector、--matrix とは使えません",
        )
        for spelled in COURSE_OPTIONS.values()
    ),
    (
        "--check",
        lambda args, fmt: args.check is not None and fmt in CODE_FORMATS,
        _CODE_HOLDS + f"verdict: choose {_TEXT_FORMATS}",
        _CODE_HOLDS_JA + f"判定を含められません: {_TEXT_FORMATS_JA}から選んでください",
    ),
    (
        "--at",
        lambda args, fmt: bool(args.at) and fmt in CODE_FORMATS,
        _CODE_HOLDS + f"value at a point: choose {_TEXT_FORMATS}",
        _CODE_HOLDS_JA + f"点での値を含められません: {_TEXT_FORMATS_JA}から選んでください",
    ),
    *(
        (
            option,
            lambda args, fmt, given=given: given(args) and fmt in CODE_FORMATS,
            _CODE_HOLDS + "steps to draw",
            _CODE_HOLDS_JA + "描くステップがありません",
        )
        for option, given in _SHAPING.items()
    ),
    (
        "--check",
        lambda args, fmt: args.check is not None and course_option(args) is not None,
        "{course} prints its own result, not a derivative an answer is checked against",
        "{course} は独自の結果を出力するので、答えと照らし合わせる導関数がありません",
    ),
    (
        "--check",
        lambda args, fmt: args.check is not None and reads_matrices(args),
        "answers are checked for scalar formulas; with --shape, --vector or --matrix "
        "there is no verdict to give",
        "答えを確かめるのはスカラーの式です。--shape、--vector、--matrix では判定しません",
    ),
    (
        "--at",
        lambda args, fmt: bool(args.at) and reads_matrices(args),
        "values at points are for scalar formulas, not with --shape, --vector or --matrix",
        "点での値はスカラーの式のためのもので、--shape、--vector、--matrix とは使えません",
    ),
    (
        "--at",
        lambda args, fmt: bool(args.at) and course_option(args) not in (None, "--implicit"),
        "{course} has no value at a point: --at is for a derivative and --implicit",
        "{course} には点での値がありません。--at は導関数と --implicit のためのものです",
    ),
    (
        "--format html",
        lambda args, fmt: fmt == "html" and _not_a_derivation(args),
        "the result of {course} is written as text, rich, latex, markdown, json or code "
        "(an HTML page is written for a derivation)",
        "{course} の結果は text、rich、latex、markdown、json、コードで出力します"
        "（HTML のページは導関数のためのものです）",
    ),
    (
        "--document",
        lambda args, fmt: args.document and fmt not in ("latex", "html"),
        "it makes the LaTeX a whole document: use it with --format latex "
        "(an HTML page is always whole)",
        "LaTeX を完全な文書にするオプションです: --format latex と使ってください"
        "（HTML は常に完全なページです）",
    ),
    (
        "--flavor",
        lambda args, fmt: args.flavor is not None and fmt != "markdown",
        "it chooses a dialect of Markdown: use it with --format markdown",
        "Markdown の方言を選ぶオプションです: --format markdown と使ってください",
    ),
    (
        "--flavor",
        lambda args, fmt: args.flavor is not None and _not_a_derivation(args),
        "the Markdown of {course} is written for math-aware sites only (math)",
        "{course} の Markdown は数式対応サイト向け（math）のみです",
    ),
    *(
        (
            option,
            lambda args, fmt, given=given: given(args) and fmt == "json",
            "--format json holds every step, whatever a view draws",
            "--format json はすべてのステップを含みます（表示の指定は関係しません）",
        )
        for option, given in _SHAPING.items()
        if option != "--explain"
    ),
    (
        "--explain",
        lambda args, fmt: args.explain and fmt == "json" and _not_a_derivation(args),
        "the JSON of {course} holds no explanations",
        "{course} の JSON には理由の説明が含まれません",
    ),
    *(
        (
            option,
            lambda args, fmt, given=given: (
                given(args) and fmt == "rich" and course_option(args) is not None
            ),
            "the terminal view of {course} draws its derivations as they are: add "
            "--format text (or latex, markdown)",
            "{course} の端末表示は導関数をそのまま描きます: --format text（または latex、"
            "markdown）を指定してください",
        )
        for option, given in _SHAPING.items()
    ),
    *(
        (
            option,
            lambda args, fmt, given=given: (
                given(args) and course_option(args) == "--from-definition"
            ),
            "the limit steps of --from-definition are drawn whole; the detail, the folding "
            "and the explanations are for the steps of the rules",
            "--from-definition の極限のステップはすべて描きます。詳しさ・折りたたみ・理由の"
            "説明は公式のステップのためのものです",
        )
        for option, given in _SHAPING.items()
    ),
    (
        "-n",
        lambda args, fmt: (
            _ordered(args) and course_option(args) not in (None, "--implicit", "--parametric")
        ),
        "{course} has no order to set (-n is for a derivative, --implicit and --parametric)",
        "{course} には階数がありません（-n は導関数、--implicit、--parametric のためのものです）",
    ),
    (
        "--wrt",
        lambda args, fmt: args.wrt is not None and course_option(args) in _JACOBIAN_HESSIAN,
        "{course} takes its variables from --vars X,Y",
        "{course} の変数は --vars X,Y で指定します",
    ),
    (
        "--wrt",
        lambda args, fmt: args.wrt is not None and course_option(args) == "--parametric",
        "the parameter of --parametric is the formula argument (t when it is left out)",
        "--parametric の媒介変数は式の引数で指定します（省略すると t）",
    ),
    (
        "--vars",
        lambda args, fmt: args.vars is not None and course_option(args) not in _JACOBIAN_HESSIAN,
        "it names the variables of --jacobian and --hessian (a derivative's is --wrt)",
        "--jacobian と --hessian の変数を指定するオプションです（導関数の変数は --wrt）",
    ),
    (
        "--use-equation",
        lambda args, fmt: args.use_equation is not None and course_option(args) != "--implicit",
        "it is for --implicit",
        "--implicit のためのオプションです",
    ),
    (
        "--given",
        lambda args, fmt: bool(args.given) and course_option(args) == "--from-definition",
        "the steps from the definition use no given facts",
        "定義からのステップでは与えられた条件を使いません",
    ),
    (
        "--latex",
        lambda args, fmt: args.latex and _not_a_derivation(args),
        "{course} tells LaTeX by its backslashes and braces",
        "{course} は LaTeX をバックスラッシュと波括弧で判別します",
    ),
    (
        "--plot",
        lambda args, fmt: bool(args.plot) and _not_a_derivation(args),
        "it draws a formula in one variable and its derivative, not the result of {course}",
        "1 変数の式とその導関数を描くオプションで、{course} の結果は描きません",
    ),
    (
        "-n",
        lambda args, fmt: _ordered(args) and reads_matrices(args),
        "a matrix derivative is a first derivative (a gradient or a Jacobian)",
        "行列の微分は 1 階の導関数（勾配またはヤコビ行列）です",
    ),
    *(
        (
            option,
            lambda args, fmt, given=given: given(args) and reads_matrices(args),
            "the steps of the matrix calculus are not folded or explained",
            "行列の微分のステップは折りたたみも説明もしません",
        )
        for option, given in _SHAPING.items()
        if option != "--detail"
    ),
    (
        "--detail",
        lambda args, fmt: (
            args.detail is not None and reads_matrices(args) and fmt not in ("text", "rich")
        ),
        "the detail of a matrix derivative is chosen for its text (--format text)",
        "行列の微分の詳しさはテキスト表示（--format text）で選びます",
    ),
    (
        "--functions",
        lambda args, fmt: bool(_names(args.functions)) and course_option(args) == "--jacobian",
        "the formulas of --jacobian are read without declared functions",
        "--jacobian の式は関数の宣言なしで読みます",
    ),
    (
        "--functions",
        lambda args, fmt: bool(_names(args.functions)) and reads_matrices(args),
        "the matrix calculus declares no undefined functions",
        "行列の微分では未知関数を宣言しません",
    ),
    (
        "--symmetric",
        lambda args, fmt: bool(_names(args.symmetric)) and not reads_matrices(args),
        "it declares matrices of --shape or --matrix symmetric",
        "--shape や --matrix の行列を対称と宣言するオプションです",
    ),
)

#: The calculus of vectors and matrices, as the refusals name it.
_MATRIX_CALCULUS = {
    "en": "the matrix calculus (--shape, --vector, --matrix)",
    "ja": "行列の微分（--shape、--vector、--matrix）",
}


def refuse_what_would_be_dropped(args: argparse.Namespace, fmt: str) -> None:
    """Raise for an option that the command would accept and then drop without a word
    (a verdict in NumPy code, an order for a Hessian, a folding in JSON, a rule that
    does not exist)."""
    for option, asked, why, why_ja in REFUSED:
        if asked(args, fmt):
            course = course_option(args)
            english = why.format(fmt=fmt, course=course or _MATRIX_CALCULUS["en"])
            japanese = why_ja.format(fmt=fmt, course=course or _MATRIX_CALCULUS["ja"])
            raise refused(option, english, japanese)
    _refuse_unknown_rules(_names(args.skip))


def _refuse_unknown_rules(names: tuple[str, ...]) -> None:
    """Raise for a name of ``--skip`` that no rule has (a typing slip would fold nothing
    away, without a word), with the name meant when one is close."""
    unknown = [name for name in names if name not in rule_keys()]
    if not unknown:
        return
    name = unknown[0]
    close = difflib.get_close_matches(name, sorted(rule_keys()), n=1, cutoff=0.75)
    guess = f"fn:{name}" if f"fn:{name}" in rule_keys() else (close[0] if close else None)
    raise Said(
        f"--skip: no rule is named {name}"
        + (f" (did you mean {guess}?)" if guess else "")
        + '; the rules are named as in the JSON\'s "rule" (power, chain, fn:sin)',
        f"--skip: {name} という公式はありません"
        + (f"（{guess} のことですか？）" if guess else "")
        + '。公式の名前は JSON の "rule" と同じです（power、chain、fn:sin）',
    )


@cache
def rule_keys() -> frozenset[str]:
    """The names ``--skip`` folds away: every rule's key (``power``, ``chain``, the
    tidying moves, ``fn:sin`` for a function of the table)."""
    return frozenset(RULES) | frozenset(RULE_NAMES) | {f"fn:{name}" for name in FUNCTIONS}
