"""The teacher's subcommands: ``symderiv check-work`` and ``symderiv grade``, and the
printing of ``--check``'s verdict.

``check-work FILE``: a worked solution (the function, then one line per step; or a
Markdown/LaTeX file with an ``align`` block), each line judged; exit status 0 when every
line is right, 1 when a line is wrong, 3 when none is wrong but some could not be decided
or read, 2 when the file cannot be read.

``grade ANSWERS.csv [PROBLEMS.csv]``: every student's answer judged, in worker processes;
exit status 0 once graded, 2 when a file cannot be read.  Its CSV is safe to open in a
spreadsheet (a cell that would start a formula is led by ``'``), its plain text
tab-separated (the tabs between columns kept, control characters in a cell shown).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .checks.answers import check_answer
from .checks.batch import DEFAULT_LINE_LIMIT
from .checks.grade import GradeReport, grade_file
from .checks.identity import IdentityCheck
from .checks.work import check_work, read_work
from .cli_output import console
from .cli_words import FORMAT_HELP, FUNCTIONS_HELP, LANG_HELP, Said, language_asked, refused
from .errors import SymDerivError
from .escape import terminal_text
from .expr import Derivative, postorder
from .render.help_ja import localise
from .render.messages import language

__all__ = ["identity_diagnosis", "run_check_work", "run_grade"]

WORK_FORMATS = ("text", "rich", "json", "markdown")
GRADE_FORMATS = ("rich", "text", "csv", "json", "markdown")


def _print(text: str, keep: str = "\n") -> None:
    """``text`` as a line, control characters but those in ``keep`` shown, not sent."""
    sys.stdout.write(terminal_text(text if text.endswith("\n") else text + "\n", keep))


def _names(text: str) -> tuple[str, ...]:
    return tuple(name for name in text.replace(" ", "").split(",") if name)


def identity_diagnosis(verdict: IdentityCheck, lang: str | None) -> str | None:
    """For ``symderiv check "(f)' = answer"`` that does not hold: the answer checked as a
    learner's (the simplest point, both values, the typical mistake), else ``None``."""
    lhs, rhs = verdict.equation.lhs, verdict.equation.rhs
    if verdict.status != "mismatch" or not isinstance(lhs, Derivative) or lhs.order != 1:
        return None
    if any(isinstance(node, Derivative) for node in postorder(rhs)):
        return None
    try:
        check = check_answer(lhs.expr, rhs, lhs.var)
    except (SymDerivError, ValueError):
        return None
    if check.status != "mismatch":
        return None
    lines = [check.point.text(lang)] if check.point is not None else []
    if check.diagnosis is not None:
        lines.append(check.diagnosis.message_in(lang))
    return "\n".join(lines) or None


def parsed(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """``parser``'s reading of ``argv``, its help and errors in the language asked."""
    localise(parser, language(language_asked(argv)))
    return parser.parse_args(list(argv))


def _work_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="symderiv check-work",
        description="Check a worked solution line by line: the function on the first line, "
        "then one line per step (or a Markdown/LaTeX file with an align block).",
    )
    parser.add_argument("file", help="the worked solution ('-' reads standard input)")
    parser.add_argument("-x", "--wrt", metavar="VAR", help="the variable (default: x)")
    parser.add_argument("-f", "--format", choices=WORK_FORMATS, default=None, help=FORMAT_HELP)
    parser.add_argument("--lang", choices=("en", "ja"), default=None, help=LANG_HELP)
    parser.add_argument("--functions", default="", metavar="F,G", help=FUNCTIONS_HELP)
    return parser


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8-sig")


def run_check_work(argv: Sequence[str]) -> int:
    """``symderiv check-work FILE`` (see the module for the exit status)."""
    args = parsed(_work_parser(), argv)
    function, lines = read_work(_read(args.file))
    if not lines:
        raise Said(
            f"{args.file}: the function {function!r} has no lines of work after it",
            f"{args.file}: 関数 {function!r} の後に解答の行がありません",
        )
    work = check_work(function, lines, args.wrt, functions=_names(args.functions))
    fmt = args.format or ("rich" if sys.stdout.isatty() else "text")
    if fmt == "json":
        _print(json.dumps(work.to_dict(args.lang), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        _print(work.to_markdown(args.lang))
    elif fmt == "rich":
        console().print(work.to_rich(args.lang))
    else:
        _print(work.text(args.lang))
    if work.first_wrong is not None:
        return 1
    return 0 if work.correct else 3


def _grade_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="symderiv grade",
        description="Grade a class: a CSV file with the columns student, problem and answer "
        "(and function, unless the problems are in a second CSV file with the columns "
        "problem and function; an optional var column in either).",
    )
    parser.add_argument("answers", help="the answers (CSV)")
    parser.add_argument(
        "problems", nargs="?", default=None, help="the problems (CSV), if not in the answers"
    )
    parser.add_argument("-f", "--format", choices=GRADE_FORMATS, default=None, help=FORMAT_HELP)
    parser.add_argument("--lang", choices=("en", "ja"), default=None, help=LANG_HELP)
    parser.add_argument("-j", "--jobs", type=int, default=None, help="processes (default: cores)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--line-limit",
        type=float,
        default=None,
        metavar="SECONDS",
        help=f"CPU time one answer may take (default: {DEFAULT_LINE_LIMIT:g})",
    )
    return parser


#: ``grade``'s text formats: the output, and the control characters it keeps (the plain
#: text is tab-separated).
_GRADE_WRITERS: dict[str, Callable[[GradeReport, str | None], tuple[str, str]]] = {
    "markdown": lambda report, lang: (report.to_markdown(lang), "\n"),
    "text": lambda report, lang: (report.to_text(lang), "\n\t"),
    "json": lambda report, lang: (
        json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2),
        "\n",
    ),
}


def run_grade(argv: Sequence[str]) -> int:
    """``symderiv grade ANSWERS.csv [PROBLEMS.csv]``."""
    args = parsed(_grade_parser(), argv)
    if args.jobs is not None and args.jobs < 1:
        raise Said(
            f"-j needs at least 1 process, not {args.jobs}",
            f"-j には 1 以上のプロセス数を指定してください（{args.jobs} ではなく）",
        )
    line_limit = DEFAULT_LINE_LIMIT if args.line_limit is None else args.line_limit
    if not 0 < line_limit < float("inf"):
        raise Said(
            f"--line-limit must be a positive number of seconds, not {args.line_limit}",
            f"--line-limit には正の秒数を指定してください（{args.line_limit} ではなく）",
        )
    jobs = min(args.jobs or os.cpu_count() or 1, os.cpu_count() or 1)
    if jobs == 1 and args.line_limit is not None:
        raise refused(
            "--line-limit",
            "with one process (-j 1, or one core) the answers are checked in this process, "
            "which has no time limit",
            "プロセスが 1 つ（-j 1、またはコアが 1 つ）のときは、この処理の中で時間の制限なしに"
            "確かめます",
        )
    report = grade_file(
        args.answers,
        args.problems,
        jobs=jobs,
        progress=not args.quiet and sys.stderr.isatty(),
        line_limit=line_limit,
    )
    fmt = args.format or ("rich" if sys.stdout.isatty() else "text")
    if fmt == "rich":
        console().print(report.to_rich(args.lang))
    elif fmt == "csv":
        sys.stdout.write(report.to_csv(args.lang))
    else:
        text, keep = _GRADE_WRITERS[fmt](report, args.lang)
        _print(text, keep)
    return 0
