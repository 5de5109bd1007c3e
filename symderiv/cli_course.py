"""The command line's calculus options: ``--implicit``, ``--parametric``, ``--jacobian``,
``--hessian``, ``--taylor``, ``--from-definition`` and the code formats
(``--format numpy|torch|jax|python|c``), added to the main command's parser by
:func:`add_course_options` and run by :func:`run_course` before the ordinary derivation."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Group

from .api import (
    derive,
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
from .checks.points import read_point
from .cli_output import console
from .escape import terminal_text
from .render.code import TARGETS, to_code
from .render.course import course_renderables

__all__ = [
    "CODE_FORMATS",
    "COURSE_OPTIONS",
    "add_course_options",
    "course_option",
    "float_point",
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
        default="yes",
        help="with --implicit: simplify higher orders with the equation itself (default yes)",
    )


def float_point(point: dict[str, Any]) -> dict[str, float]:
    """A point's exact values (``pi/2``) as floats, for drawing."""
    floats: dict[str, float] = {}
    for name, value in point.items():
        found = numeric_value(read_point(value))
        if found is None:
            raise ValueError(f"{name} = {value} has no value")
        floats[name] = float(found.real)
    return floats


def _print(text: str) -> None:
    sys.stdout.write(terminal_text(text if text.endswith("\n") else text + "\n"))


def course_option(args: argparse.Namespace) -> str | None:
    """The calculus option given on the command line, as spelled (``None``: none)."""
    for name, spelled in COURSE_OPTIONS.items():
        if getattr(args, name, None) not in (None, False):
            return spelled
    return None


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
    elif fmt == "latex":
        _print("\n".join(part.to_latex(args.lang) for part in shown))
    elif fmt == "markdown":
        _print("\n\n".join(part.to_markdown(args.lang).rstrip("\n") for part in shown))
    elif fmt == "rich":
        console().print(
            Group(*(row for part in shown for row in course_renderables(part, args.lang)))
        )
    else:
        _print("\n".join(part.to_text(args.lang) for part in shown))


def _exit_code(result: Report) -> int:
    return 1 if result.status == "mismatch" else 0


def _taylor_options(text: str) -> tuple[str, int]:
    centre, _, degree = text.rpartition(",")
    if not centre or not degree.strip().isdigit():
        raise ValueError(f"--taylor needs A,N (a centre and a degree), not {text!r}")
    return centre.strip(), int(degree)


def _single_variable(given: Any) -> str | None:
    """``--wrt``'s one variable (the option may be repeated or a list: one is meant here)."""
    if isinstance(given, list):
        names = [str(v) for v in given]
        if len(names) > 1:
            raise ValueError("this option takes one variable (--wrt X), not several")
        return names[0] if names else None
    return None if given is None else str(given)


def run_course(args: argparse.Namespace) -> int | None:
    """Run a calculus option if one is given (the exit code), else ``None``."""
    fmt = args.format or ("rich" if sys.stdout.isatty() else "text")
    verify = not args.no_verify
    # several --wrt differentiate in turn on the main command; these options take one
    given = getattr(args, "wrt", None)
    result: Any
    if args.parametric is not None:
        parts = args.parametric.split(",")
        if len(parts) != 2:
            raise ValueError('--parametric needs two formulas "X(t), Y(t)"')
        parameter = args.expr or "t"
        result = derive_parametric(parts[0], parts[1], parameter, order=args.order, verify=verify)
    elif args.expr is None:
        raise ValueError("the formula is missing")
    elif args.implicit is not None:
        result = derive_implicit(
            args.expr,
            args.implicit or None,
            _single_variable(given),
            order=args.order,
            verify=verify,
            use_equation=args.use_equation == "yes",
        )
    elif args.jacobian:
        result = jacobian(args.expr, args.vars, verify=verify)
    elif args.hessian:
        result = hessian(args.expr, args.vars, verify=verify)
    elif args.from_definition:
        result = derive_by_definition(args.expr, _single_variable(given), verify=verify)
    elif args.taylor is not None:
        centre, degree = _taylor_options(args.taylor)
        result = taylor(args.expr, _single_variable(given), centre, degree, verify=verify)
    elif fmt in CODE_FORMATS:
        derivation = derive(args.expr, _single_variable(given), order=args.order, verify=verify)
        _print(to_code(derivation, fmt, name="df"))
        return 0
    else:
        return None
    point = None
    if args.at and isinstance(result, ImplicitDerivation):
        point = result.at(**_named_values(args.at))
    _show(result, args, fmt, point)
    return _exit_code(result) if isinstance(result, Report) else 0


def _named_values(items: list[str]) -> dict[str, str]:
    """``["x=3", "y=4"]`` as ``{"x": "3", "y": "4"}`` (the values are read later, by our
    parser)."""
    named: dict[str, str] = {}
    for item in items:
        name, _, value = item.partition("=")
        if not name.strip() or not value.strip():
            raise ValueError(f"--at needs VAR=VALUE, not {item!r}")
        named[name.strip()] = value.strip()
    return named
