"""The differentiator: applies the rule tables to a tree, without recursion.

Each (expression, variable) pair is differentiated once and memoised, so a shared
subtree costs nothing the second time.  The same rules serve two paths:

* :func:`derivative_steps` records a :class:`~symderiv.steps.Step` per rule
  application, its result computed from its substeps' results;
* :func:`derivative` records nothing and returns only the result.

Both stop with a :class:`~symderiv.errors.LimitError` once the trees they build pass
:data:`MAX_BUILT_SIZE` (nodes and links to children, each node counted once); the
recorded path, whose results are written out, also once a result written in full would
pass :data:`MAX_WRITTEN_SIZE` nodes (a high-order derivative such as the 28th of xˣ).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import Any

from . import guard
from .errors import LimitError, NoRuleError
from .expr import (
    ZERO,
    Call,
    Const,
    Div,
    Expr,
    Log,
    Num,
    Sym,
    depends_on,
    fold,
    free_names,
    postorder,
    tree_size,
    undefined_log_base,
    undefined_root_index,
)
from .memo import Memo
from .rules import RULES_BY_TYPE, Rule
from .steps import Step

__all__ = [
    "CACHE_SIZE",
    "MAX_BUILT_SIZE",
    "MAX_WRITTEN_SIZE",
    "Differentiator",
    "choose_rule",
    "clear_cache",
    "derivative",
    "derivative_steps",
]

Key = tuple[Expr, Expr]

#: Most nodes plus links to children that one differentiation builds (every node of
#: every intermediate result, each counted once): memory and work stay bounded.
MAX_BUILT_SIZE = 10_000_000
#: Most nodes of a recorded result written in full (a subtree counted each time it
#: occurs): the size of the text that shows it.  The derivative of sin∘…∘sin 10,000 deep
#: is 50,015,625 nodes written out.
MAX_WRITTEN_SIZE = 100_000_000


class _Budget:
    """The sizes of the trees a differentiation has built, against the limits."""

    __slots__ = ("built", "seen", "written", "written_limit")

    def __init__(self, written_limit: int | None) -> None:
        self.built = 0
        self.seen: set[Expr] = set()
        self.written: dict[Expr, int] = {}
        self.written_limit = written_limit

    def admit(self, result: Expr, node: Expr) -> None:
        """Count the nodes of ``result`` not met before; refuse past a limit."""
        seen = self.seen
        if result in seen:
            return
        seen.add(result)
        stack = [result]
        built = self.built
        while stack:
            item = stack.pop()
            children = item.children
            built += 1 + len(children)
            for child in children:
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        self.built = built
        if built > MAX_BUILT_SIZE:
            raise LimitError(
                f"derivative too large: differentiating {_glimpse(node)} builds more than "
                f"{MAX_BUILT_SIZE:,} nodes and links (the limit)"
            )

    def admit_written(self, result: Expr, node: Expr) -> None:
        """Refuse a result to be written out that is too long written in full."""
        limit = self.written_limit
        if limit is not None and fold(result, self._written_size, self.written) > limit:
            raise LimitError(
                f"derivative too large to write out: the derivative of {_glimpse(node)} "
                f"has more than {limit:,} nodes written in full (the limit)"
            )

    def _written_size(self, node: Expr, children: list[int]) -> int:
        assert self.written_limit is not None
        return min(1 + sum(children), self.written_limit + 1)


def _glimpse(node: Expr) -> str:
    """The node's text if it is short, else a description of its shape (for a message)."""
    small = fold(node, lambda _, children: min(1 + sum(children), 100)) < 100
    text = str(node) if small else ""
    if small and len(text) <= 60:
        return text
    return f"an expression of {tree_size(node):,} distinct nodes, {node.depth:,} deep"


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
        self.budget = _Budget(MAX_WRITTEN_SIZE if record else None)

    def __call__(self, expr: Expr, var: Expr) -> Any:
        key = (expr, var)
        if key not in self.memo:
            self._run(key)
            if self.record:
                self.budget.admit_written(self.memo[key].result, expr)
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
            made = self._apply(chosen, node, var, tuple(memo[part] for part in parts))
            self.budget.admit(made.result if self.record else made, node)
            memo[key] = made

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
    if isinstance(node, Log) and _no_logarithm_base(node.base):
        return f"a logarithm to base {node.base} (undefined: the base must be positive and not 1)"
    if isinstance(node, Div) and _always(node.den, _is_zero):
        return f"a division by zero (undefined: {node.den} is 0)"
    if isinstance(node, Call) and node.name == "root" and undefined_root_index(node.args[-1]):
        return "a root of index 0 (undefined)"
    return None


def _no_logarithm_base(base: Expr) -> bool:
    """Whether ``base`` is 1, 0, a negative number, or a small formula whose value is 1 or
    not positive (``2 − 3``, ``x/x``: see :func:`_always`); any other base is left to the
    rule's conditions (a > 0, a ≠ 1)."""
    return undefined_log_base(base) or _always(base, _no_base_value)


def _always(expr: Expr, test: Callable[[Any], bool]) -> bool:
    """Whether ``test`` holds for every value of ``expr``, a formula of at most
    :data:`SMALL_FORMULA` nodes: its value to 40 digits (``None`` where it has no real value)
    when it is a constant, otherwise at every sample point where it has a value (at least
    :data:`ENOUGH_POINTS` of them).  Numbers and larger formulas are not looked at."""
    if isinstance(expr, (Num, Const, Sym)):
        return False
    if sum(1 for _ in islice(postorder(expr), SMALL_FORMULA + 1)) > SMALL_FORMULA:
        return False
    names = free_names(expr)
    if not names:
        return test(guard.real_value(expr, {}))
    values = [guard.real_value(expr, point) for point in guard.sample_points(names)]
    defined = [value for value in values if value is not None]
    return len(defined) >= ENOUGH_POINTS and all(test(value) for value in defined)


def _is_zero(value: Any) -> bool:
    return value is not None and abs(value) < _EXACT_WITHIN


def _no_base_value(value: Any) -> bool:
    return value is None or value <= 0 or abs(value - 1) < _EXACT_WITHIN


#: Formulas of more nodes than this are not evaluated to see whether they are 0 or 1.
SMALL_FORMULA = 40
#: Sample points with a value needed to call a formula 0 (or 1) everywhere.
ENOUGH_POINTS = 3
_EXACT_WITHIN = 1e-30


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
    """Forget the remembered derivatives and the guard's verdicts on them (after
    changing a rule, or to time one)."""
    _REMEMBERED.clear()
    guard.forget()
