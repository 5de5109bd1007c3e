"""The conditions of the function table's derivative formulas, made for one call: where
a formula holds, and for a non-smooth function where its derivative does not exist.

Templates (``FunctionSpec.conditions``), with ``u`` the argument the formula is in:

* ``u > 0``, ``u ≠ 0``, ``|u| < 1``, ``0 < u < 1`` (see :meth:`Condition.from_template`);
* ``u ∉ ℤ``: u is not a whole number (``floor``, ``ceil``);
* ``u ≠ #2``, ``#2 > 0``: against the second (third, …) argument (``clip(u, a, b)``);
* ``pairwise ≠``: the arguments differ two by two (``max``, ``min``).

A non-smooth function's conditions (``FunctionSpec.kinks``) are marked
:attr:`Condition.kink`.

>>> from symderiv.expr import Call, Num, Sym
>>> from symderiv.functions import FUNCTIONS
>>> x = Sym("x")
>>> [str(c) for c in function_conditions(FUNCTIONS["max"], (Num(0), x))]
['x ≠ 0']
>>> [str(c) for c in function_conditions(FUNCTIONS["floor"], (x,))]
['x ∉ ℤ']
>>> [str(c) for c in function_conditions(FUNCTIONS["clip"], (x, Num(-1), Num(1)))]
['x ≠ -1', 'x ≠ 1']
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..expr import Expr, Num, Sym, free_names
from ..function_spec import FunctionSpec
from ..steps import Condition

__all__ = ["INTEGERS", "NOT_IN", "function_conditions"]

#: The set of whole numbers, the right side of ``u ∉ ℤ``.
INTEGERS = Sym("ℤ")
#: The relation of ``u ∉ ℤ``.
NOT_IN = "∉"

_ARGUMENT = re.compile(r"^\s*(u|#\d)\s*([<>≠≤≥])\s*(#\d|-?\d+)\s*$")


def _argument(text: str, args: tuple[Expr, ...], u: Expr) -> Expr:
    if text == "u":
        return u
    if text.startswith("#"):
        return args[int(text[1:]) - 1]
    return Num(int(text))


def _oriented(a: Expr, b: Expr) -> tuple[Expr, Expr]:
    """``x ≠ 0`` rather than ``0 ≠ x``: a side with no symbol goes to the right."""
    return (b, a) if not free_names(a) and free_names(b) else (a, b)


def _made(template: str, args: tuple[Expr, ...], u: Expr) -> tuple[Condition, ...]:
    if template == "pairwise ≠":
        pairs = [
            _oriented(args[i], args[j])
            for i in range(len(args))
            for j in range(i + 1, len(args))
            if free_names(args[i]) or free_names(args[j])
        ]
        return tuple(Condition(lhs, "≠", rhs) for lhs, rhs in pairs)
    if template.replace(" ", "") == "u∉ℤ":
        return (Condition(u, NOT_IN, INTEGERS),)
    found = _ARGUMENT.match(template)
    if found is not None and "#" in template:
        lhs, relation, rhs = found.groups()
        return (Condition(_argument(lhs, args, u), relation, _argument(rhs, args, u)),)
    return Condition.from_template(template, u)


#: Relations between two numbers, to drop a condition that holds as written (``2 > 0``).
_HOLDS = {
    ">": lambda a, b: a > b, "<": lambda a, b: a < b, "≥": lambda a, b: a >= b,
    "≤": lambda a, b: a <= b, "≠": lambda a, b: a != b,
}  # fmt: skip


def _says_something(condition: Condition) -> bool:
    """False for a condition between two numbers that holds (``2 > 0``)."""
    lhs, rhs = condition.lhs, condition.rhs
    if isinstance(lhs, Num) and isinstance(rhs, Num) and condition.relation in _HOLDS:
        return not _HOLDS[condition.relation](lhs.value, rhs.value)
    return True


def function_conditions(spec: FunctionSpec, args: tuple[Expr, ...]) -> tuple[Condition, ...]:
    """The conditions of ``spec``'s formula for the call with ``args`` (those between
    two numbers that hold, such as ``2 > 0`` for ``lbeta(x, 2)``, left out)."""
    u = args[spec.slot] if spec.slot < len(args) else args[0]
    made = tuple(
        c for template in spec.conditions for c in _made(template, args, u) if _says_something(c)
    )
    return tuple(replace(c, kink=True) for c in made) if spec.kinks else made
