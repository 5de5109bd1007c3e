"""The ``symderiv`` command (also ``python -m symderiv``).

Exit codes: 0 done (and, with ``--check``, the answer is right); 1 a wrong answer, a
false identity or a verification mismatch; 2 input that cannot be read, or an option
that cannot be used with the others (refused, never dropped: :mod:`.cli_refusals`);
3 no rule for a function; 130 interrupted (Ctrl-C); 141 standard output closed by its
reader (``| head``), said by no message.  ``check-file`` has its own (see
:data:`CHECK_FILE_EPILOG`).  User text (ids, formulas in messages) is printed as text,
never as console markup.  ``symderiv -`` reads the formula from standard input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.text import Text

from . import __version__
from .api import MAX_ORDER, derive
from .checks.answers import AnswerCheck, check_answer
from .checks.batch import DEFAULT_LINE_LIMIT, check_file
from .checks.grade import in_language
from .checks.identity import check_identity
from .checks.points import read_point, require_values
from .cli_course import (
    CODE_FORMATS,
    add_course_options,
    float_point,
    latex_document,
    missing_formula,
    named_values,
    render_options,
    run_course,
)
from .cli_output import (
    DOCUMENT_FORMATS,
    After,
    Page,
    console,
    document,
    print_after,
    rich_steps,
    text_then_badge,
)
from .cli_refusals import reads_matrices, refuse_what_would_be_dropped
from .cli_teacher import identity_diagnosis, run_check_work, run_grade
from .cli_words import (
    FORMAT_HELP,
    FUNCTIONS_HELP,
    LANG_HELP,
    Said,
    error_text,
    language_asked,
    word,
)
from .errors import LimitError, NoRuleError, ParseError, SymDerivError
from .escape import rich_text, terminal_text
from .expr import Derivative
from .matrix.present import render as render_matrix
from .matrix.shapes import parse_shape_spec
from .native import build_name
from .pipes import closed_quietly
from .plot import plot_derivation, require_matplotlib
from .presenters import identity_summary
from .render.code import to_code
from .render.help_ja import localise
from .render.messages import language, message, no_rule_message
from .render.text import verification_line
from .steps import Derivation

__all__ = ["build_parser", "main"]

EXAMPLES = """\
examples:
  symderiv "x^2 e^x"                      the derivation, step by step
  echo "x^2 e^x" | symderiv -             the formula read from standard input
  symderiv "x y^2" --wrt y                a partial derivative
  symderiv "x^3 sin x" -n 2               the second derivative
  symderiv "x^2 y^3" --wrt x --wrt y      a mixed partial, by x then by y
  symderiv "d^2/dx^2 (x^3 sin x)"         derivative notation (\\frac{d}{dx}… too)
  symderiv "log(x, 2)" --lang ja          in Japanese
  symderiv '\\frac{1}{1+e^{-z}}'           LaTeX input (detected by the backslash)
  symderiv "a^x" --explain                with why each base rule holds
  symderiv "x^2" --at x=3                 slope and tangent line at x = 3
  symderiv "x^2 e^x" --format markdown    for a MathJax blog post
  symderiv "x^(sin x)" --at x=pi/2        exact value, tangent and normal lines
  symderiv "x^2 + y^2 = 25" --implicit -n 2   implicit differentiation: −25/y³
  symderiv --parametric "t - sin t, 1 - cos t"  dy/dx of a cycloid
  symderiv "x^2 + 3 x y" --hessian        the Hessian matrix (--jacobian for "f, g")
  symderiv "e^x sin x" --taylor 0,5       a Taylor polynomial with its remainder
  symderiv "sin x" --from-definition      from the limit of the difference quotient
  symderiv "x^2 sin x" --format numpy     the derivative as NumPy code (torch, jax, c)
  symderiv "x^2 e^x" --check "2x e^x"     is this answer right? (exit 1 if not)
  symderiv check "(a^x)' = a^x ln a"      verify an identity
  symderiv check-file pairs.jsonl -j 4    verify every line of a JSONL file
  symderiv check-work solution.txt        check a worked solution line by line
  symderiv grade answers.csv problems.csv grade a class: verdicts and mistakes
"""

FORMATS = ("text", "rich", "latex", "markdown", "json", "html", *CODE_FORMATS)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the main command."""
    parser = argparse.ArgumentParser(
        prog="symderiv",
        description="Differentiate a formula step by step; every step is checked against SymPy.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="store_true", help="the version, and whether it is compiled"
    )
    parser.add_argument(
        "expr",
        nargs="?",
        help="the formula, as plain text or LaTeX ('-' reads it from standard input)",
    )
    parser.add_argument(
        "-x",
        "--wrt",
        metavar="VAR",
        action=_Staged,
        help="the variable (default: x, or the only one); repeat it, or write x,y, to "
        "differentiate by each in turn (∂²/∂x∂y)",
    )
    parser.add_argument(
        "-n",
        "--order",
        type=int,
        default=1,
        action=_Staged,
        help="order of the derivative (default 1); after a --wrt, the order by that variable",
    )
    parser.set_defaults(stages=[])
    parser.add_argument(
        "--at",
        action="append",
        default=[],
        metavar="VAR=VALUE",
        help="evaluate there: slope and tangent line (repeatable)",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default=None,
        help=FORMAT_HELP,
    )
    parser.add_argument("--lang", choices=("en", "ja"), default=None, help=LANG_HELP)
    parser.add_argument(
        "--detail",
        choices=("brief", "normal", "full"),
        default=None,
        help="brief: the rules' result and the answer; normal: the rules and the tidying "
        "moves; full: each rule and move with its law, conditions and every step",
    )
    parser.add_argument("--explain", action="store_true", help="say why each base rule holds")
    parser.add_argument(
        "--no-highlight",
        action="store_true",
        help="do not colour what each tidying move made in its line",
    )
    parser.add_argument(
        "--flavor",
        choices=("math", "plain", "qiita"),
        default=None,
        help="Markdown for math-aware sites (math), for Python-Markdown/marked + MathJax "
        "(plain), or for Qiita (qiita)",
    )
    parser.add_argument(
        "--document", action="store_true", help="with --format latex: a whole document"
    )
    parser.add_argument(
        "--skip", default="", metavar="RULES", help="rules to fold away, e.g. power,sum"
    )
    parser.add_argument(
        "--check", metavar="ANSWER", help="check a proposed derivative (exit 1 if wrong)"
    )
    parser.add_argument(
        "--given",
        action="append",
        default=[],
        metavar="FACT",
        help='a fact the simplifier may use, e.g. "\\sum_{k=1}^{K} t_k = 1" (repeatable)',
    )
    parser.add_argument("--no-verify", action="store_true", help="skip the SymPy verification")
    parser.add_argument("--latex", action="store_true", help="read the formula as LaTeX")
    parser.add_argument("--functions", default="", metavar="F,G", help=FUNCTIONS_HELP)
    parser.add_argument(
        "--plot", metavar="FILE.png", help="draw f, f′ (and the tangent at --at); needs matplotlib"
    )
    parser.add_argument(
        "--shape",
        action="append",
        default=[],
        metavar="NAME=DIMS",
        help="read vectors and matrices: x=n a vector, A=n,n a matrix, c= a scalar (repeatable)",
    )
    parser.add_argument(
        "--vector", action="append", default=[], metavar="X,B", help="vectors, sizes inferred"
    )
    parser.add_argument(
        "--matrix", action="append", default=[], metavar="A,W", help="matrices, sizes inferred"
    )
    parser.add_argument(
        "--symmetric", default="", metavar="S", help="matrices declared symmetric, e.g. Sigma"
    )
    add_course_options(parser)
    return parser


class _Staged(argparse.Action):
    """``--wrt`` and ``-n`` in the order given (``--wrt x -n 2 --wrt y``), in
    ``stages``; ``wrt`` keeps the list of variables and ``order`` the last order."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        namespace.stages = [*namespace.stages, (self.dest, values)]
        if self.dest == "wrt":
            namespace.wrt = [*(namespace.wrt or []), values]
        else:
            namespace.order = values


def staged_variables(stages: Sequence[tuple[str, Any]]) -> tuple[Any, int | None]:
    """The variables and order that ``--wrt``/``-n`` ask for, in the order given:
    ``--wrt x -n 2 --wrt y`` is ``["x", "x", "y"]``; ``--wrt x,y`` is ``["x", "y"]``;
    ``-n 2`` alone (or before the only ``--wrt``) is the order.  Options that contradict
    each other are an error.

    >>> staged_variables([("wrt", "x"), ("order", 2), ("wrt", "y")])
    (['x', 'x', 'y'], None)
    >>> staged_variables([("order", 3)])
    (None, 3)
    """
    entries: list[list[Any]] = []  # [name, order or None, part of a list x,y]
    leading: int | None = None
    for kind, value in stages:
        if kind == "wrt":
            names = [name.strip() for name in str(value).split(",") if name.strip()]
            if not names:
                raise Said("--wrt needs a variable", "--wrt には変数を指定してください")
            entries.extend([name, None, len(names) > 1] for name in names)
        elif not entries:
            if leading is not None:
                raise ValueError("-n is given twice")
            leading = value
        elif entries[-1][2]:
            raise ValueError(
                f"-n {value} after --wrt {entries[-1][0]} in a list: give each "
                "variable its own --wrt to set its order (--wrt x -n 2 --wrt y)"
            )
        elif entries[-1][1] is not None:
            raise ValueError(f"-n is given twice for {entries[-1][0]}")
        else:
            entries[-1][1] = value
    if leading is not None and len(entries) > 1:
        raise ValueError(
            "-n before several variables is ambiguous: put each -n after its --wrt "
            "(--wrt x -n 2 --wrt y)"
        )
    for entry in entries:
        if entry[1] is not None and not 1 <= entry[1] <= MAX_ORDER:
            raise Said(
                f"-n must be a whole number from 1 to {MAX_ORDER}",
                f"-n は 1 から {MAX_ORDER} までの整数です",
            )
    if not entries:
        return None, leading
    if len(entries) == 1:
        return entries[0][0], entries[0][1] if entries[0][1] is not None else leading
    return [name for name, order, _ in entries for _ in range(order or 1)], None


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="symderiv check", description="Verify an identity.")
    parser.add_argument("identity", help='e.g. "(a^x)\' = a^x ln a" or LaTeX')
    parser.add_argument("--functions", default="", metavar="F,G", help=FUNCTIONS_HELP)
    parser.add_argument("--lang", choices=("en", "ja"), default=None, help=LANG_HELP)
    return parser


def _whole_number_of_jobs(text: str) -> int:
    """``-j``: a whole number, at least 1."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"needs at least 1 process, not {jobs}")
    return jobs


def _seconds(text: str) -> float:
    """A positive, finite number of seconds."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text!r}")
    return seconds


CHECK_FILE_EPILOG = """\
outcomes: verified, undecided (also a line over its time or memory limit), mismatch,
no-rule, parse-error (f or df is not a formula), bad-input (a line that is not a JSON
object of strings with f and df, or not UTF-8), error (the checker failed on the line).

exit status: 0 no line failed; 1 a mismatch, a parse-error, a bad-input or an error;
2 the file cannot be read or an option is wrong; 130 interrupted (Ctrl-C), after the
summary of the lines checked so far.
"""


def _check_file_parser() -> argparse.ArgumentParser:

    parser = argparse.ArgumentParser(
        prog="symderiv check-file",
        description="Verify every line of a JSONL file of f/df.",
        epilog=CHECK_FILE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", help='the JSONL file, one {"f": …, "df": …} per line')
    parser.add_argument(
        "-j",
        "--jobs",
        type=_whole_number_of_jobs,
        default=None,
        help="processes (default and most: the number of cores)",
    )
    parser.add_argument("--force-jobs", action="store_true", help="allow more processes than cores")
    parser.add_argument(
        "--scheduler",
        metavar="dask|tcp://HOST:PORT",
        help="run the lines on Dask: a local cluster of -j workers, or a running scheduler"
        ' (pip install "symderiv[dask]")',
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--lang", choices=["en", "ja"], default="en", help="language of the summary"
    )
    parser.add_argument(
        "--budget",
        type=_seconds,
        default=2.0,
        metavar="SECONDS",
        help="verification time per concrete instance of a line (default: 2)",
    )
    parser.add_argument(
        "--line-limit",
        type=_seconds,
        default=DEFAULT_LINE_LIMIT,
        metavar="SECONDS",
        help=f"CPU time one line may take in all (default: {DEFAULT_LINE_LIMIT:g})",
    )
    return parser


def _names(text: str) -> tuple[str, ...]:
    return tuple(name for name in text.replace(" ", "").split(",") if name)


def _point(items: list[str]) -> dict[str, Any]:
    """``--at``'s point, each value read (exact: ``pi/2``, ``1/3``)."""
    point: dict[str, Any] = {}
    for name, value in named_values(items).items():
        try:
            point[name] = read_point(value)
        except ValueError as error:
            english, japanese = error_text(error, "en"), error_text(error, "ja")
            raise Said(f"--at: {english}", f"--at: {japanese}") from error
    return point


def _print(text: str) -> None:
    """``text`` on standard output as a line, control characters shown, not sent."""

    sys.stdout.write(terminal_text(text if text.endswith("\n") else text + "\n"))


def _warn(text: str) -> None:
    """``symderiv: text`` on standard error, control characters shown, not sent."""

    sys.stderr.write(terminal_text(f"symderiv: {text}\n"))


def _formula_from_standard_input() -> str:
    """The formula of ``symderiv -``: what standard input holds, one formula (the
    newline that ends it and the spaces around it dropped)."""
    formula = (sys.stdin.read() if sys.stdin is not None else "").strip()
    if not formula:
        raise Said(
            "standard input is empty: '-' reads the formula from it",
            "標準入力が空です: '-' は式を標準入力から読みます",
        )
    lines = sum(1 for line in formula.splitlines() if line.strip())
    if lines > 1:
        raise Said(
            f"standard input holds {lines} lines: '-' reads one formula "
            "(check-file checks a file of many)",
            f"標準入力に {lines} 行あります: '-' で読む式は 1 つです（多くの式は check-file で）",
        )
    return formula


def _run_matrix(args: argparse.Namespace, fmt: str) -> int:
    """A gradient or Jacobian of vectors and matrices (``--shape``, ``--vector``,
    ``--matrix``), in ``fmt``: its text (also on a terminal), LaTeX (``--document``:
    a whole document), Markdown, JSON, or its function in code."""
    shapes = dict(parse_shape_spec(spec) for spec in args.shape)
    variables, _ = staged_variables(args.stages)
    derivation = derive(
        args.expr,
        variables,
        shapes=shapes,
        vectors=[n for item in args.vector for n in _names(item)],
        matrices=[n for item in args.matrix for n in _names(item)],
        symmetric=_names(args.symmetric),
        verify=not args.no_verify,
        given=args.given,
    )
    if fmt in CODE_FORMATS:
        _print(to_code(derivation, fmt, name="grad" if derivation.kind == "gradient" else "jac"))
    else:
        shown = render_matrix(derivation, fmt, args.lang, args.detail or "normal")
        _print(latex_document(shown, args.lang) if args.document else shown)
    verification = derivation.verification
    return 1 if verification is not None and verification.status == "mismatch" else 0


def _answer_check(derivation: Derivation, answer: str, functions: Sequence[str]) -> AnswerCheck:
    """The verdict on ``answer`` as the whole derivative asked for: every order, every
    variable."""
    asked = derivation.source
    for level in derivation.orders:
        asked = Derivative(asked, level.var)
    return check_answer(asked, answer, functions=functions)


def _run_derive(args: argparse.Namespace) -> int:
    if args.version:  # the build is found only when asked: it looks at every module
        _print(f"symderiv {__version__} ({build_name()})")
        return 0
    fmt = args.format or ("rich" if sys.stdout.isatty() else "text")
    if args.expr == "-":
        args.expr = _formula_from_standard_input()
    if args.expr is None and args.parametric is None:
        raise missing_formula()
    refuse_what_would_be_dropped(args, fmt)
    if reads_matrices(args):
        return _run_matrix(args, fmt)
    course = run_course(args)
    if course is not None:
        return course

    functions = _names(args.functions)
    variables, order = staged_variables(args.stages)
    point = _point(args.at) if args.at else None  # a bad --at is said before deriving
    if args.plot:
        require_matplotlib()
    # the text and rich views print the steps at once, the badge when SymPy has answered
    streamed = fmt in ("text", "rich") and not args.no_verify
    derivation = derive(
        args.expr,
        variables,
        order=order,
        verify=not args.no_verify and not streamed,
        functions=functions,
        given=args.given,
        latex=True if args.latex else None,
    )
    if point:
        require_values(derivation, point)  # said before the derivation is printed
    if fmt in CODE_FORMATS:
        return _print_code(derivation, args, fmt)
    options: dict[str, Any] = {"detail": args.detail or "normal", "skip": _names(args.skip)}
    if args.no_highlight:
        options["highlight"] = False
    why = render_options(args).get("explanations")
    if fmt in DOCUMENT_FORMATS:  # one document: the value and the verdict inside it
        image = None
        if args.plot:
            plot_derivation(derivation, args.plot, float_point(point) if point else None, args.lang)
            if fmt == "html":  # the plot inside the page, the note on stderr
                with open(args.plot, "rb") as drawn:
                    image = drawn.read()
            _warn(message("wrote-file", args.lang, path=args.plot))
        after = After(
            point=derivation.at(**point) if point else None,
            check=None if args.check is None else _answer_check(derivation, args.check, functions),
            image=image,
        )
        flavor = args.flavor or "math"
        page = Page(args.lang, args.explain, why, options, args.document, flavor)
        _print(document(fmt, derivation, after, page))
    else:
        if fmt == "rich":
            derivation = rich_steps(derivation, args.lang, why, options, streamed)
        elif streamed:
            derivation = text_then_badge(derivation, args.lang, args.explain, options)
        else:
            _print(derivation.to_text(args.lang, explain=args.explain, **options))
        after = After(
            point=derivation.at(**point) if point else None,
            check=None if args.check is None else _answer_check(derivation, args.check, functions),
        )
        print_after(after, args.lang, fmt)
        if args.plot:
            plot_derivation(derivation, args.plot, float_point(point) if point else None, args.lang)
            _print(message("wrote-file", args.lang, path=args.plot))
    code = 0 if after.check is None or after.check else 1
    if derivation.verification is not None and derivation.verification.status == "mismatch":
        code = 1
    return code


def _print_code(derivation: Derivation, args: argparse.Namespace, fmt: str) -> int:
    """The derivative as a function in ``fmt``, with ``--plot`` drawn beside it (said on
    standard error); exit status 1, the verification said on standard error, when
    SymPy disagrees with the derivative."""
    _print(to_code(derivation, fmt, name="df"))
    if args.plot:
        plot_derivation(derivation, args.plot, None, args.lang)
        _warn(message("wrote-file", args.lang, path=args.plot))
    verification = derivation.verification
    if verification is None or verification.status != "mismatch":
        return 0
    if isinstance(derivation, Derivation):
        _warn(verification_line(derivation, args.lang))
    return 1


def _run_check(argv: Sequence[str]) -> int:

    args = _parse(_check_parser(), argv)
    verdict = check_identity(args.identity, functions=_names(args.functions))
    for derivation in verdict.derivations:
        _print(derivation.to_text(args.lang))
    _print(identity_summary(verdict, args.lang))
    why = identity_diagnosis(verdict, args.lang)
    if why is not None:
        _print(why)
    return 0 if verdict else 1


#: Lines that did not verify listed after the summary of ``check-file``.
SHOWN_PROBLEMS = 50


def _run_check_file(argv: Sequence[str]) -> int:
    import os

    args = _parse(_check_file_parser(), argv)
    cores = os.cpu_count() or 1
    jobs = args.jobs or cores
    if jobs > cores and not args.force_jobs:
        _warn(word("jobs-lowered", language(args.lang), jobs=jobs, cores=cores))
        jobs = cores
    summary = check_file(
        args.file,
        jobs=jobs,
        progress=not args.quiet,
        budget=args.budget,
        line_limit=args.line_limit,
        scheduler=args.scheduler,
    )
    screen = console()
    lang = args.lang
    screen.print(rich_text(summary.heading(lang)), soft_wrap=True)
    screen.print(summary.to_table(lang))
    for problem in summary.problems[:SHOWN_PROBLEMS]:
        line = Text(f"  {message('file-line', lang, number=problem.number)} (")
        line.append_text(rich_text(problem.ident))
        line.append(f"): {message(f'outcome-{problem.outcome}', lang)} ")
        line.append_text(rich_text(in_language(problem.detail, lang)))
        screen.print(line, soft_wrap=True)
    if len(summary.problems) > SHOWN_PROBLEMS:
        more = len(summary.problems) - SHOWN_PROBLEMS
        screen.print(f"  {message('file-more', lang, count=more)}", markup=False)
    if summary.interrupted:
        _warn(f"{word('interrupted', language(lang))}; {summary.heading(lang)}")
        return 130
    return summary.exit_code


SUBCOMMANDS = {
    "check": _run_check,
    "check-file": _run_check_file,
    "check-work": run_check_work,
    "grade": run_grade,
}


#: Characters that formulas hold and options do not.
_FORMULA_SIGNS = frozenset("()^*/\\{}+=' |")


def _formulas_kept(arguments: list[str], options: Iterable[str]) -> list[str]:
    """A formula that starts with a minus sign (``-x^2``, ``-\\frac{1}{N}…``,
    ``-sqrt(1 - x^2)``) is not an option: led by a space, argparse reads it as an
    argument (the parsers ignore the space).  Options, and option values such as
    ``-xy`` (``--wrt y``) or ``-n2``, are left alone."""
    short = {option for option in options if len(option) == 2}
    return [
        f" {argument}"
        if argument.startswith("-")
        and not argument.startswith("--")
        and len(argument) > 1
        and (
            argument[:2] not in short
            or argument[1].isdigit()
            or argument[1] == "."
            or bool(_FORMULA_SIGNS & set(argument))
        )
        else argument
        for argument in arguments
    ]


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """``parser``'s reading of ``argv``, formulas that start with a minus sign kept."""
    localise(parser, language(language_asked(argv)))
    return parser.parse_args(_formulas_kept(list(argv), parser._option_string_actions))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    return guarded(lambda: _run(arguments), arguments)


def _run(arguments: list[str]) -> int:
    if arguments and arguments[0] in SUBCOMMANDS:
        return SUBCOMMANDS[arguments[0]](arguments[1:])
    return _run_derive(_parse(build_parser(), arguments))


def badge_after(derivation: Derivation, arguments: Sequence[str]) -> int:
    """The plain piped view's second half, for the first stage (:mod:`symderiv.__main__`)
    that printed the steps of ``derivation``: verify it, print the badge; the exit code."""

    def verified() -> int:
        done = derivation.with_verification(derivation.verify())
        _print(verification_line(done, None))
        return 1 if done.verification is not None and done.verification.status == "mismatch" else 0

    return guarded(verified, arguments)


def guarded(run: Callable[[], int], arguments: Sequence[str]) -> int:
    """``run()``'s exit code; an error it raises said on standard error, with its code."""
    try:
        code = run()
        sys.stdout.flush()  # a reader gone away is found here, not at exit
        return code
    except BrokenPipeError:  # | head: stop without a word, as a Unix filter does
        return closed_quietly()
    except ParseError as error:
        beyond_reading = isinstance(error, LimitError) and not error.source
        lang = language(language_asked(arguments))
        shown = error_text(error, lang)
        _warn(shown if beyond_reading else f"{message('cannot-parse', lang)}: {shown}")
        return 2
    except NoRuleError as error:
        _warn(no_rule_message(error.what, error.detail, language(language_asked(arguments))))
        return 3
    except (SymDerivError, ValueError, OSError) as error:
        _warn(error_text(error, language(language_asked(arguments))))
        return 2
    except KeyboardInterrupt:
        _warn(word("interrupted", language(language_asked(arguments))))
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
