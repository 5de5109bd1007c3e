"""What a differentiation rule is, and the table that chooses one for a node.

A rule is data: its key, its formula, when it applies, which derivatives it needs
(``parts``: pairs of expression and variable), and how it combines their results.
The engine (:mod:`symderiv.engine`) asks for the parts first, so a rule never
recurses, and the same rule serves the recording path and the fast path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from ..expr import Add, Div, Expr, Mul, Neg, Num, Pow, depends_on
from ..steps import Condition, register_rule

__all__ = [
    "RULES_BY_TYPE",
    "Bindings",
    "Part",
    "Rule",
    "constant_value",
    "is_constant",
    "no_bindings",
    "no_conditions",
    "no_parts",
    "nonzero",
    "not_one",
    "positive",
    "rule",
]

Part = tuple[Expr, Expr]
Bindings = tuple[tuple[str, Expr], ...]


def no_parts(node: Expr, var: Expr) -> tuple[Part, ...]:
    return ()


def no_bindings(node: Expr, var: Expr) -> Bindings:
    return ()


def no_conditions(node: Expr, var: Expr) -> tuple[Condition, ...]:
    return ()


@dataclass(frozen=True)
class Rule:
    """One differentiation rule.

    ``matches(node, var)`` decides whether it applies (the node is known to depend
    on ``var``); ``parts(node, var)`` lists the derivatives it is computed from;
    ``combine(node, var, results)`` builds the derivative from their results.
    """

    key: str
    formula: str
    latex: str
    matches: Callable[[Expr, Expr], bool]
    parts: Callable[[Expr, Expr], tuple[Part, ...]]
    combine: Callable[[Expr, Expr, tuple[Expr, ...]], Expr]
    bindings: Callable[[Expr, Expr], Bindings] = no_bindings
    conditions: Callable[[Expr, Expr], tuple[Condition, ...]] = no_conditions
    note: str | None = None


#: Node class -> the rules tried for it, in order; the first that matches is used.
RULES_BY_TYPE: dict[type, list[Rule]] = {}


def rule(
    node_types: type | tuple[type, ...],
    key: str,
    formula: str,
    latex: str,
    *,
    matches: Callable[[Expr, Expr], bool] = lambda node, var: True,
    parts: Callable[[Expr, Expr], tuple[Part, ...]] = no_parts,
    bindings: Callable[[Expr, Expr], Bindings] = no_bindings,
    conditions: Callable[[Expr, Expr], tuple[Condition, ...]] = no_conditions,
    note: str | None = None,
    first: bool = False,
) -> Callable[[Callable[[Expr, Expr, tuple[Expr, ...]], Expr]], Rule]:
    """Decorator: register ``combine`` as the rule ``key`` for ``node_types`` (tried
    before the rules already registered when ``first``)."""

    def register(combine: Callable[[Expr, Expr, tuple[Expr, ...]], Expr]) -> Rule:
        made = Rule(key, formula, latex, matches, parts, combine, bindings, conditions, note)
        register_rule(key, formula, latex)
        types = node_types if isinstance(node_types, tuple) else (node_types,)
        for node_type in types:
            table = RULES_BY_TYPE.setdefault(node_type, [])
            table.insert(0 if first else len(table), made)
        return made

    return register


def is_constant(node: Expr, var: Expr) -> bool:
    return not depends_on(node, var)


_NUMERIC_FOLD: dict[type, Callable[[Expr, list[Fraction | None]], Fraction | None]] = {
    Num: lambda node, _: Fraction(node.value),  # type: ignore[attr-defined]
    Neg: lambda node, c: None if c[0] is None else -c[0],
    Add: lambda node, c: None if None in c else sum(c, Fraction(0)),  # type: ignore[arg-type, type-var]
    Div: lambda node, c: None if None in c or c[1] == 0 else c[0] / c[1],  # type: ignore[operator]
}


def _fold_mul(node: Expr, values: list[Fraction | None]) -> Fraction | None:
    product = Fraction(1)
    for value in values:
        if value is None:
            return None
        product *= value
    return product


def _fold_pow(node: Expr, values: list[Fraction | None]) -> Fraction | None:
    base, exponent = values
    if base is None or exponent is None or exponent.denominator != 1 or abs(exponent) > 64:
        return None
    if base == 0 and exponent < 0:
        return None
    return base ** int(exponent)


_NUMERIC_FOLD[Mul] = _fold_mul
_NUMERIC_FOLD[Pow] = _fold_pow


def constant_value(node: Expr) -> Fraction | None:
    """The exact value of a tree of numbers (``1/2``, ``-3``, ``2^3``), else ``None``."""
    stack: list[tuple[Expr, bool]] = [(node, False)]
    values: dict[Expr, Fraction | None] = {}
    while stack:
        item, expanded = stack.pop()
        if item in values:
            continue
        folder = _NUMERIC_FOLD.get(type(item))
        if folder is None:
            return None
        if expanded or not item.children:
            values[item] = folder(item, [values[c] for c in item.children])
            continue
        stack.append((item, True))
        stack.extend((c, False) for c in item.children)
    return values[node]


def positive(expr: Expr) -> Condition:
    return Condition(expr, ">", Num(0))


def nonzero(expr: Expr) -> Condition:
    return Condition(expr, "≠", Num(0))


def not_one(expr: Expr) -> Condition:
    return Condition(expr, "≠", Num(1))
