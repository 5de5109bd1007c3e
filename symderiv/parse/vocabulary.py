"""The words the plain-text parser knows besides the function table: constants,
logarithm spellings, call-like notation, and function names glued to a letter."""

from __future__ import annotations

import re

from ..expr import PI, E, Expr, Num
from ..functions import ALIASES

__all__ = [
    "CONSTANTS",
    "GLUED_ARGUMENT",
    "GLUED_NAMES",
    "HOLDS_A_NAME",
    "LATEX_LOG_COMMANDS",
    "LOG_NAMES",
    "SPECIAL_FORMS",
]

#: Logarithm spellings with a fixed base (``None``: the base comes from the arguments).
LOG_NAMES: dict[str, Expr | None] = {"ln": E, "log": None, "log10": Num(10), "log2": Num(2)}
#: The logarithm spellings that are LaTeX commands (``\ln``, ``\log``).
LATEX_LOG_COMMANDS = ("ln", "log")

#: Names of the constants (``e`` may be declared an ordinary symbol).
CONSTANTS: dict[str, Expr] = {"e": E, "E": E, "pi": PI, "π": PI}

#: Notation written like a call but building its own node.
SPECIAL_FORMS = ("sum", "prod", "diff")

#: Function names that, run together with a letter (``sinx``), make a refused name.
GLUED_NAMES = sorted(
    (name for name in (*ALIASES, *LOG_NAMES) if name.isascii() and name.isalpha()),
    key=len,
    reverse=True,
)
GLUED_ARGUMENT = re.compile(r"\d*[^\W\d_]")
#: Some function name inside a longer name: only such names need the glued-name check.
HOLDS_A_NAME = re.compile("|".join(GLUED_NAMES))
