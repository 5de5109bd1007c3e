"""The differentiator: applies the rule tables to a tree, without recursion.

Each (expression, variable) pair is differentiated once and memoised, so a shared
subtree costs nothing the second time.  The same rules serve two paths:

* :func:`derivative_steps` records a :class:`~symderiv.steps.Step` per rule
  application, its result computed from its substeps' results;
* :func:`derivative` records nothing and returns only the result.
"""

from __future__ import annotations

from typing import Any

from .errors import NoRuleError
from .expr import (
    ZERO,
    Call,
    Div,
    Expr,
    Log,
    depends_on,
    free_names,
    postorder,
    undefined_log_base,
    undefined_root_index,
)
from .memo import Memo
from .rules import RULES_BY_TYPE, Rule
from .steps import Step

__all__ = [
    "CACHE_SIZE",
    "Differentiator",
    "choose_rule",
    "clear_cache",
    "derivative",
    "derivative_steps",
]

Key = tuple[Expr, Expr]


def choose_rule(node: Expr, var: Expr) -> Rule:
    """The first rule in the table for the node's class that applies to it."""
    for candidate in RULES_BY_TYPE.get(type(node), ()):
        if candidate.matches(node, var):
            return candidate
    raise NoRuleError(_describe(node), f"cannot differentiate {node} with respect to {var}")


def _describe(node: Expr) -> str:
    name = getattr(node, "name", None)
    if isinstance(name, str) and type(node).__name__ == "Call":
        return f"the function {name}"
    return f"{type(node).__name__} expressions"


class Differentiator:
    """Differentiates trees; ``record`` chooses between steps and bare results."""

    def __init__(self, *, record: bool) -> None:
        self.record = record
        self.memo: dict[Key, Any] = {}

    def __call__(self, expr: Expr, var: Expr) -> Any:
        key = (expr, var)
        if key not in self.memo:
            self._run(key)
        return self.memo[key]

    def _run(self, root: Key) -> None:
        memo = self.memo
        plans: dict[Key, tuple[Rule, tuple[Key, ...]]] = {}
        expanded: set[Key] = set()
        stack = [root]
        while stack:
            key = stack[-1]
            if key in memo:
                stack.pop()
                continue
            node, var = key
            plan = plans.get(key)
            if plan is None:
                if not depends_on(node, var):
                    memo[key] = self._constant(node, var)
                    stack.pop()
                    continue
                chosen = choose_rule(node, var)
                plan = plans[key] = (chosen, chosen.parts(node, var))
            chosen, parts = plan
            missing = [part for part in parts if part not in memo]
            if missing:
                if key in expanded:
                    raise NoRuleError(_describe(node), "the rules do not terminate here")
                expanded.add(key)
                stack.extend(reversed(missing))
                continue
            stack.pop()
            memo[key] = self._apply(chosen, node, var, tuple(memo[part] for part in parts))

    def _constant(self, node: Expr, var: Expr) -> Any:
        if not self.record:
            return ZERO
        note = "treat-constant" if free_names(node) else None
        return Step("constant", node, var, ZERO, bindings=(("c", node),), note=note)

    def _apply(self, chosen: Rule, node: Expr, var: Expr, parts: tuple[Any, ...]) -> Any:
        if not self.record:
            return chosen.combine(node, var, parts)
        result = chosen.combine(node, var, tuple(step.result for step in parts))
        bindings = chosen.bindings(node, var)
        note = chosen.note
        if note is None and any(name == "c" and free_names(value) for name, value in bindings):
            note = "treat-constant"
        return Step(
            chosen.key,
            node,
            var,
            result,
            substeps=parts,
            bindings=bindings,
            conditions=chosen.conditions(node, var),
            note=note,
        )


def _undefined(node: Expr) -> str | None:
    if isinstance(node, Log) and undefined_log_base(node.base):
        return f"a logarithm to base {node.base} (undefined)"
    if isinstance(node, Div) and node.den == ZERO:
        return "a division by zero (undefined)"
    if isinstance(node, Call) and node.name == "root" and undefined_root_index(node.args[-1]):
        return "a root of index 0 (undefined)"
    return None


def check_defined(expr: Expr) -> None:
    """Refuse expressions that are undefined everywhere, such as ``log(x, 1)``, ``log(x, 0)``,
    ``root(x, 0)`` or ``x/0``."""
    for node in postorder(expr):
        problem = _undefined(node)
        if problem is not None:
            raise NoRuleError(problem, f"{node} has no value")


def derivative_steps(expr: Expr, var: Expr) -> Step:
    """d(expr)/d(var) as a tree of steps."""
    check_defined(expr)
    step: Step = Differentiator(record=True)(expr, var)
    return step


def derivative(expr: Expr, var: Expr) -> Expr:
    """d(expr)/d(var) by the same rules, recording nothing (the raw, untidied result).

    Trees are interned and immutable, so the result for the same (expr, var) is
    remembered (the last :data:`CACHE_SIZE`; :func:`clear_cache` forgets them)."""
    return _REMEMBERED.get((expr, var), lambda: _derivative(expr, var))


def _derivative(expr: Expr, var: Expr) -> Expr:
    check_defined(expr)
    result: Expr = Differentiator(record=False)(expr, var)
    return result


#: How many derivatives :func:`derivative` remembers.
CACHE_SIZE = 4096
_REMEMBERED: Memo[Expr] = Memo(CACHE_SIZE)


def clear_cache() -> None:
    """Forget the remembered derivatives (after changing a rule, or to time one)."""
    _REMEMBERED.clear()
