"""The command line's calculus options: ``--implicit``, ``--parametric``, ``--jacobian``,
``--hessian``, ``--taylor`` and ``--from-definition``, added to the main command's parser
by :func:`add_course_options` and run by :func:`run_course` before the ordinary
derivation.  A result is printed in every format but HTML (the code formats print its
function), its derivations drawn with the options given (``--detail``, ``--skip``,
``--explain``, ``--no-highlight``); ``--document`` makes its LaTeX a whole document."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group

from .api import (
    derive_by_definition,
    derive_implicit,
    derive_parametric,
    hessian,
    jacobian,
    taylor,
)
from .calculus.exact import numeric_value
from .calculus.implicit import ImplicitDerivation
from .calculus.report import Report
from .checks.explain import explanation
from .checks.points import read_point
from .cli_output import console
from .cli_words import Said
from .escape import terminal_text
from .render.code import TARGETS, to_code
from .render.course import course_renderables
from .render.latex_steps import PREAMBLES
from .render.messages import language

__all__ = [
    "CODE_FORMATS",
    "COURSE_OPTIONS",
    "add_course_options",
    "course_option",
    "course_options",
    "float_point",
    "named_values",
    "render_options",
    "run_course",
]

#: ``--format`` values that print code instead of a derivation.
CODE_FORMATS = tuple(TARGETS)

#: The calculus options, by the name argparse gives them, as the command line spells them.
COURSE_OPTIONS = {
    "parametric": "--parametric",
    "implicit": "--implicit",
    "jacobian": "--jacobian",
    "hessian": "--hessian",
    "from_definition": "--from-definition",
    "taylor": "--taylor",
}


def add_course_options(parser: argparse.ArgumentParser) -> None:
    """The calculus options of the main command."""
    parser.add_argument(
        "--implicit",
        nargs="?",
        const="",
        default=None,
        metavar="Y",
        help='implicit differentiation of an equation, e.g. "x^2 + y^2 = 25" --implicit y '
        "(Y inferred when omitted; -n for higher orders)",
    )
    parser.add_argument(
        "--parametric",
        metavar='"X(t), Y(t)"',
        help='dy/dx of a parametric curve, e.g. --parametric "cos t, sin t" (-n for higher orders)',
    )
    parser.add_argument(
        "--jacobian", action="store_true", help='the Jacobian of "f1, f2, …" (--vars x,y)'
    )
    parser.add_argument("--hessian", action="store_true", help="the Hessian (--vars x,y)")
    parser.add_argument(
        "--vars", default=None, metavar="X,Y", help="variables of --jacobian and --hessian"
    )
    parser.add_argument(
        "--taylor", metavar="A,N", help="the Taylor polynomial of degree N about A, e.g. 0,5"
    )
    parser.add_argument(
        "--from-definition",
        action="store_true",
        help="f′ from the limit of the difference quotient, step by step",
    )
    parser.add_argument(
        "--use-equation",
        choices=("yes", "no"),
        default=None,
        help="with --implicit: simplify higher orders with the equation itself (default yes)",
    )


def float_point(point: dict[str, Any]) -> dict[str, float]:
    """A point's exact values (``pi/2``) as floats, for drawing."""
    floats: dict[str, float] = {}
    for name, value in point.items():
        found = numeric_value(read_point(value))
        if found is None:
            raise Said(f"{name} = {value} has no value", f"{name} = {value} は値をもちません")
        floats[name] = float(found.real)
    return floats


def _print(text: str) -> None:
    sys.stdout.write(terminal_text(text if text.endswith("\n") else text + "\n"))


def course_options(args: argparse.Namespace) -> list[str]:
    """Every calculus option given on the command line, as spelled."""
    return [
        spelled
        for name, spelled in COURSE_OPTIONS.items()
        if getattr(args, name, None) not in (None, False)
    ]


def course_option(args: argparse.Namespace) -> str | None:
    """The calculus option given on the command line, as spelled (``None``: none)."""
    given = course_options(args)
    return given[0] if given else None


def render_options(args: argparse.Namespace) -> dict[str, Any]:
    """How the renderers draw a derivation, from the command line: the detail, the
    rules folded away, the highlighting and, with ``--explain``, the lines saying why a
    rule holds (``explanations``)."""
    options: dict[str, Any] = {
        "detail": args.detail or "normal",
        "skip": tuple(name for name in args.skip.replace(" ", "").split(",") if name),
    }
    if args.no_highlight:
        options["highlight"] = False
    if args.explain:
        options["explanations"] = lambda rule: explanation(rule, args.lang)
    return options


#: The packages a calculus result's LaTeX needs in a whole document (``align*``,
#: ``pmatrix``, the highlighting's ``\textcolor``).
_PACKAGES = (
    "\\usepackage{amsmath,amssymb}\n\\usepackage[margin=2cm]{geometry}\n"
    "\\allowdisplaybreaks\n\\usepackage{xcolor}\n"
)


def latex_document(body: str, lang: str | None) -> str:
    """``body`` as a whole LaTeX document that compiles: pdfLaTeX for English, LuaLaTeX
    for Japanese (the preambles of :data:`symderiv.render.latex_steps.PREAMBLES`)."""
    preamble = PREAMBLES[language(lang)] + _PACKAGES
    return f"{preamble}\\begin{{document}}\n{body}\n\\end{{document}}\n"


def _latex(parts: Sequence[Report], args: argparse.Namespace, options: dict[str, Any]) -> str:
    body = "\n".join(part.to_latex(args.lang, **options) for part in parts)
    return latex_document(body, args.lang) if args.document else body


#: How a calculus result (and its value at a point) is written in each format but the
#: code formats and JSON: (parts, args, the renderers' options) -> the text printed.
_WRITERS: dict[str, Callable[[Sequence[Report], argparse.Namespace, dict[str, Any]], str]] = {
    "text": lambda parts, args, options: "\n".join(
        part.to_text(args.lang, **options) for part in parts
    ),
    "latex": _latex,
    "markdown": lambda parts, args, options: "\n\n".join(
        part.to_markdown(args.lang, **options).rstrip("\n") for part in parts
    ),
}


def _show(result: Any, args: argparse.Namespace, fmt: str, point: Report | None = None) -> None:
    """``result``, and its value at a point when one is given, as one output in ``fmt``
    (in JSON, the point is the object's ``"at"``)."""
    shown = [result] if point is None else [result, point]
    if fmt in CODE_FORMATS:
        _print(to_code(result, fmt, name="f"))
    elif fmt == "json":
        made = result.to_dict()
        if point is not None:
            made["at"] = point.to_dict()
        _print(json.dumps(made, ensure_ascii=False, indent=2))
    elif fmt == "rich":
        console().print(
            Group(*(row for part in shown for row in course_renderables(part, args.lang)))
        )
    else:
        _print(_WRITERS[fmt](shown, args, render_options(args)))


def _exit_code(result: Report) -> int:
    return 1 if result.status == "mismatch" else 0


def _taylor_options(text: str) -> tuple[str, int]:
    centre, _, degree = text.rpartition(",")
    if not centre or not degree.strip().isdigit():
        raise Said(
            f"--taylor needs A,N (a centre and a degree), not {text!r}",
            f"--taylor には A,N（中心と次数）を指定してください（{text!r} ではなく）",
        )
    return centre.strip(), int(degree)


def _single_variable(given: Any, course: str) -> str | None:
    """``--wrt``'s one variable (the option may be repeated or a list: one is meant here)."""
    if isinstance(given, list):
        names = [str(v) for v in given]
        if len(names) > 1 or any("," in name for name in names):
            raise Said(
                f"{course} takes one variable (--wrt X), not several",
                f"{course} の変数は 1 つです（--wrt X）。複数は指定できません",
            )
        return names[0] if names else None
    return None if given is None else str(given)


def missing_formula() -> Said:
    """The error of a command line with no formula."""
    return Said(
        "the formula is missing: give it as an argument, or '-' to read it from standard input",
        "式がありません: 引数として書くか、'-' で標準入力から読ませてください",
    )


def run_course(args: argparse.Namespace) -> int | None:
    """Run a calculus option if one is given (the exit code), else ``None``."""
    course = course_option(args)
    if course is None:
        return None
    fmt = args.format or ("rich" if sys.stdout.isatty() else "text")
    options: dict[str, Any] = {"verify": not args.no_verify}
    if args.functions.strip():
        options["functions"] = tuple(n for n in args.functions.replace(" ", "").split(",") if n)
    if args.given:
        options["given"] = args.given
    # several --wrt differentiate in turn on the main command; these options take one
    given = getattr(args, "wrt", None)
    result: Any
    if args.parametric is not None:
        parts = args.parametric.split(",")
        if len(parts) != 2:
            raise Said(
                '--parametric needs two formulas "X(t), Y(t)"',
                '--parametric には 2 つの式 "X(t), Y(t)" を指定してください',
            )
        parameter = args.expr or "t"
        result = derive_parametric(parts[0], parts[1], parameter, order=args.order, **options)
    elif args.expr is None:
        raise missing_formula()
    elif args.implicit is not None:
        result = derive_implicit(
            args.expr,
            args.implicit or None,
            _single_variable(given, course),
            order=args.order,
            use_equation=args.use_equation != "no",
            **options,
        )
    elif args.jacobian:
        result = jacobian(args.expr, args.vars, **options)
    elif args.hessian:
        result = hessian(args.expr, args.vars, **options)
    elif args.from_definition:
        result = derive_by_definition(args.expr, _single_variable(given, course), **options)
    else:
        centre, degree = _taylor_options(args.taylor)
        result = taylor(args.expr, _single_variable(given, course), centre, degree, **options)
    point = None
    if args.at and isinstance(result, ImplicitDerivation):
        point = result.at(**named_values(args.at))
    _show(result, args, fmt, point)
    return _exit_code(result) if isinstance(result, Report) else 0


def named_values(items: list[str]) -> dict[str, str]:
    """``--at``'s ``["x=3", "y=4"]`` as ``{"x": "3", "y": "4"}`` (the values are read
    later, by our parser); a variable given twice is refused, not overwritten."""
    named: dict[str, str] = {}
    for item in items:
        name, _, value = item.partition("=")
        name = name.strip()
        if not name or not value.strip():
            raise Said(
                f"--at needs VAR=VALUE, not {item!r}",
                f"--at には VAR=VALUE を指定してください（{item!r} ではなく）",
            )
        if name in named:
            raise Said(
                f"--at gives {name} twice ({name}={named[name]} and {item.strip()}): "
                "one value for each variable",
                f"--at で {name} が二度指定されています（{name}={named[name]} と "
                f"{item.strip()}）。変数ごとに値は 1 つです",
            )
        named[name] = value.strip()
    return named
