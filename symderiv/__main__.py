"""``python -m symderiv`` and the ``symderiv`` command: the command line's first stage.

The plain case, ``symderiv "x^2 e^x"`` with its output piped, is served here with only
the reader, the rules, the simplifier and the text printer loaded: the steps are
printed before the rest of the program (the full command line, the verifier, SymPy)
loads, then :func:`symderiv.cli.badge_after` verifies them and prints the badge, the
same text as the full command line prints.  Every other case (options, subcommands,
a terminal's rich view, a formula that cannot be read or derived) goes to
:func:`symderiv.cli.main` as it is.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .deferred import load
from .errors import SymDerivError
from .escape import terminal_text
from .pipeline import derive
from .pipes import closed_quietly
from .render.text import render_text, verification_line
from .steps import Derivation

__all__ = ["SUBCOMMAND_NAMES", "main", "steps_first"]

#: The command line's subcommands (:data:`symderiv.cli.SUBCOMMANDS`), never a formula.
SUBCOMMAND_NAMES = frozenset({"check", "check-file", "check-work", "grade"})


def steps_first(arguments: Sequence[str]) -> tuple[Derivation, str] | None:
    """The unverified derivation and the steps the full command line prints before its
    badge, for a plain piped derivation (one formula, no option); ``None`` for any other
    case, or when the formula cannot be read or derived (the full command line says
    why)."""
    if len(arguments) != 1 or sys.stdout.isatty():
        return None
    formula = arguments[0]
    if not formula or formula.startswith("-") or formula in SUBCOMMAND_NAMES:
        return None
    try:
        derivation = derive(formula, None, order=None, verify=False, functions=(), given=[])
        text = render_text(derivation, detail="normal", skip=())
    except (SymDerivError, ValueError, OSError, RecursionError):
        return None
    pending = "\n" + terminal_text(verification_line(derivation, None))
    return (derivation, text[: -len(pending)]) if text.endswith(pending) else None


def _interrupted() -> int:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        first = steps_first(arguments)
    except KeyboardInterrupt:
        return int(load("symderiv.cli").guarded(_interrupted, arguments))
    if first is None:
        return int(load("symderiv.cli").main(arguments))
    derivation, steps = first
    try:
        sys.stdout.write(terminal_text(steps + "\n"))
        sys.stdout.flush()
    except BrokenPipeError:  # | head: stop without a word (see symderiv.pipes)
        return closed_quietly()
    return int(load("symderiv.cli").badge_after(derivation, arguments))


if __name__ == "__main__":
    raise SystemExit(main())
