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

from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import Any

from . import guard
from .errors import LimitError, NoRuleError
from .expr import (
    ZERO,
    Add,
    Call,
    Const,
    Div,
    Expr,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    depends_on,
    fold,
    free_names,
    postorder,
    sub,
    tree_size,
    undefined_log_base,
    undefined_root_index,
)
from .functions import FUNCTIONS
from .memo import Memo
from .rules import RULES_BY_TYPE, Rule
from .rules.base import constant_value, no_conditions
from .rules.elementary import CALL_RULES
from .steps import Condition, Step
from .walks import FEW_CHILDREN

__all__ = [
    "CACHE_SIZE",
    "MAX_BUILT_SIZE",
    "MAX_WRITTEN_SIZE",
    "Differentiator",
    "check_defined",
    "choose_rule",
    "clear_cache",
    "constant_holds",
    "derivative",
    "derivative_steps",
    "undefined_parts",
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
            if len(children) > FEW_CHILDREN:  # a long product: its factors checked at C level
                if seen.issuperset(children):
                    continue
                fresh = set(children).difference(seen)
                seen.update(fresh)
                stack.extend(fresh)
                continue
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
    """The first rule in the table for the node's class that applies to it, and whose
    conditions are not false: a condition between constants that does not hold (the
    ``-2 > 0`` of (aˣ)′ = aˣ·ln a for (−2)ˣ) rules its rule out."""
    broken: list[Condition] = []
    for candidate in _candidates(node):
        if candidate.matches(node, var):
            false = _false_condition(candidate, node, var)
            if false is None:
                return candidate
            broken.append(false)
    if broken:
        needs = ", ".join(dict.fromkeys(str(condition) for condition in broken))
        raise NoRuleError(
            f"{node} (undefined: the rules for it need {needs}, which is false)",
            f"cannot differentiate {node} with respect to {var}",
        )
    raise NoRuleError(_describe(node), f"cannot differentiate {node} with respect to {var}")


def _false_condition(candidate: Rule, node: Expr, var: Expr) -> Condition | None:
    """A condition of ``candidate`` for ``node`` that is between constants (no letters)
    and false, if there is one (see :func:`constant_holds`); a node with no part
    without letters has none, and its rule's conditions are not made (the fast path)."""
    if candidate.conditions is no_conditions or all(free_names(c) for c in node.children):
        return None
    for condition in candidate.conditions(node, var):
        if constant_holds(condition) is False:
            return condition
    return None


def constant_holds(condition: Condition) -> bool | None:
    """Whether a condition between constants holds: exactly for rational numbers
    (``0 > 0`` does not), else by its two sides' difference at 40 and 60 digits, which
    is 0 when it vanishes as the precision grows (``sin(π) > 0`` does not hold) and
    otherwise has its sign; ``None`` for a condition with letters, a relation of no
    numbers (``u ∉ ℤ``) or a side with no real value."""
    if free_names(condition.lhs) or free_names(condition.rhs):
        return None
    key = (condition.lhs, condition.relation, condition.rhs)
    if key not in _HELD:  # e > 0, once for the 200 factors e^(k·x) of a product
        _HELD[key] = _holds(*key)
    return _HELD[key]


#: :func:`constant_holds` of each condition between constants met since the last
#: :func:`clear_cache`.
_HELD: dict[tuple[Expr, str, Expr], bool | None] = {}


def _holds(lhs: Expr, relation_name: str, rhs: Expr) -> bool | None:
    relation = guard.RELATIONS.get(relation_name)
    if relation is None:
        return None
    difference = sub(lhs, rhs)
    exact = constant_value(difference)
    if exact is not None:  # its sign, exactly (10⁻⁴⁰⁰ ≠ 0 holds)
        return relation(float((exact > 0) - (exact < 0)), 0.0)
    if _vanishes(difference, 0, {}):
        return relation(0.0, 0.0)
    value = guard.real_value(difference, {}, digits=40)
    if value is None or abs(value) < _NEAR:
        return None
    return relation(float(value), 0.0)


#: For a function applied, by its name: the rules for applied functions worth trying,
#: every one but the rules of the other named functions (each matches its own name
#: alone), in the table's order; and the table they were taken from, with its length.
_FOR_NAME: dict[str, tuple[Rule, ...]] = {}
_TAKEN_FROM: list[Any] = [None, 0]


def _candidates(node: Expr) -> Sequence[Rule]:
    table = RULES_BY_TYPE.get(type(node), ())
    if type(node) is not Call:
        return table
    if _TAKEN_FROM[0] is not table or _TAKEN_FROM[1] != len(table):
        _FOR_NAME.clear()
        _TAKEN_FROM[:] = [table, len(table)]
    name = node.name  # type: ignore[attr-defined]
    found = _FOR_NAME.get(name)
    if found is None:
        owners = {id(rule): owner for owner, rule in CALL_RULES.items()}
        found = _FOR_NAME[name] = tuple(r for r in table if owners.get(id(r), name) == name)
    return found


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


#: What :func:`check_defined` knows of each node: its size (counting repeats, at most
#: :data:`SMALL_FORMULA` + 1) and which of :data:`_MAY_BE`'s kinds it holds (bits 1 and 2).
_Shapes = dict[Expr, tuple[int, int]]


def _zero(expr: Expr) -> str:
    """How a message says that ``expr`` is 0: nothing for the number 0 itself."""
    return "(undefined)" if isinstance(expr, Num) else f"(undefined: {expr} is 0)"


def _undefined_logarithm(node: Expr, shapes: _Shapes) -> str | None:
    """logₐ u with a base that is no base (1, 0, negative), or of u = 0 (ln 0)."""
    assert isinstance(node, Log)
    if _no_logarithm_base(node.base, shapes):
        return f"a logarithm to base {node.base} (undefined: the base must be positive and not 1)"
    if _equals_everywhere(node.arg, 0, shapes):
        return f"a logarithm of zero {_zero(node.arg)}"
    return None


def _undefined_division(node: Expr, shapes: _Shapes) -> str | None:
    """u/v with v = 0 (``x/0``, ``x/(0·x)``, ``x/(1 − 1)``, ``1/(x − x)``)."""
    assert isinstance(node, Div)
    if _equals_everywhere(node.den, 0, shapes):
        return f"a division by zero {_zero(node.den)}"
    return None


def _undefined_power(node: Expr, shapes: _Shapes) -> str | None:
    """0ⁿ with a constant n < 0: 1/0⁻ⁿ (``0^(-1)``)."""
    assert isinstance(node, Pow)
    base, exponent = node.children
    if free_names(exponent) or not _equals_everywhere(base, 0, shapes):
        return None
    value = guard.real_value(exponent, {})
    if value is None or value >= 0:
        return None
    return f"a negative power of zero {_zero(base)}"


def _undefined_call(node: Expr, shapes: _Shapes) -> str | None:
    """A root of index 0, or a function at a pole: where the expression it divides by
    (:attr:`~symderiv.function_spec.FunctionSpec.pole`) is 0 (``csc(π)``, ``cot(0)``,
    ``tan(π/2)``), or at a pole of its own (``Γ(0)``, ``ψ(−2)``: ``pole_at``)."""
    assert isinstance(node, Call)
    if node.name == "root" and undefined_root_index(node.args[-1]):
        return "a root of index 0 (undefined)"
    spec = FUNCTIONS.get(node.name)
    if spec is None or len(node.children) != spec.arity:
        return None
    if spec.pole_at is not None:
        values = [_whole_everywhere(child, shapes) for child in node.children]
        if None not in values and spec.pole_at(*values):
            return f"a pole of {node.name} (undefined at {', '.join(map(str, node.children))})"
    if spec.pole is None:
        return None
    divisor = spec.pole(*node.children)
    if _equals_everywhere(divisor, 0, shapes):
        return f"a division by zero in {node} {_zero(divisor)}"
    return None


#: Node class -> what makes such a node undefined everywhere, said in a message.
_UNDEFINED: dict[type, Callable[[Expr, _Shapes], str | None]] = {
    Log: _undefined_logarithm,
    Div: _undefined_division,
    Pow: _undefined_power,
    Call: _undefined_call,
}


def _no_logarithm_base(base: Expr, shapes: _Shapes) -> bool:
    """Whether ``base`` is 1, 0 or a negative number, a small formula equal to 1 (``x/x``,
    ``ln(e)``, see :func:`_equals_everywhere`), or a constant with no positive value
    (``2 − 3``, ``3 − π``); any other base is left to the rule's conditions (a > 0, a ≠ 1)."""
    if undefined_log_base(base) or _equals_everywhere(base, 1, shapes):
        return True
    if isinstance(base, (Num, Const)) or shapes[base][0] > SMALL_FORMULA or free_names(base):
        return False
    value = guard.real_value(base, {})
    return value is None or value < -_NEAR or _equals_everywhere(base, 0, shapes)


def _whole_everywhere(expr: Expr, shapes: _Shapes) -> Fraction | None:
    """``expr``'s value when it is a number, or a small formula equal to one whole number
    wherever it has a value (``x − x``, ``∛(−1) + 1``: see :func:`_equals_everywhere`);
    else None.  Where a function has its poles (Γ at 0, −1, …) is decided by it."""
    exact = constant_value(expr)
    if (
        exact is not None
        or isinstance(expr, (Num, Const))
        or _shape(expr, shapes)[0] > SMALL_FORMULA
    ):
        return exact
    value = guard.real_values(expr, _points(frozenset(free_names(expr)))[:1])[0]
    if value is None or abs(value - round(value)) > _NEAR or abs(value) > MAX_WHOLE_POLE:
        return None
    whole = round(value)
    return Fraction(whole) if _equals_everywhere(sub(expr, Num(whole)), 0, shapes) else None


#: Largest whole number looked for as the value of a formula at a function's pole.
MAX_WHOLE_POLE = 10**6


def _equals_everywhere(expr: Expr, target: int, shapes: _Shapes) -> bool:
    """Whether ``expr``, a formula of at most :data:`SMALL_FORMULA` nodes, is ``target``
    wherever it has a value: at every sample point (at least :data:`ENOUGH_POINTS` with a
    value; one for a constant) it is within 10⁻⁹ of it in floating point, and its distance
    from it at 60 digits is under 10⁻⁵⁰ and shrinks with the precision (below 10⁻¹⁰ of the
    distance at 40 digits, or both are 0): a rounding error such as sin²x + cos²x − 1's,
    not a small value such as e^(−10¹²)'s.  Numbers other than 0 and larger formulas are
    not looked at."""
    radicand = _radicand(expr) if target == 0 else None
    if radicand is not None:  # a root is 0 where its radicand is (roots amplify rounding)
        return _equals_everywhere(radicand, 0, shapes)
    size, kinds = _shape(expr, shapes)
    if size > SMALL_FORMULA or not kinds & _MAY_BE[target]:
        return False
    if target == 0 and _polynomial_off_zero(expr):
        return False
    names = free_names(expr)
    points = _points(frozenset(names))
    first = guard.real_values(expr, points[:1])[0]
    if first is not None and abs(first - target) > _NEAR:
        return False  # most formulas, at the cost of one point
    floats = guard.real_values(expr, points)
    valued = [point for point, value in zip(points, floats, strict=True) if value is not None]
    if len(valued) < (ENOUGH_POINTS if names else 1):
        return False
    if any(abs(value - target) > _NEAR for value in floats if value is not None):
        return False
    return all(_vanishes(expr, target, point) for point in valued)


def _radicand(expr: Expr) -> Expr | None:
    """``u`` when ``expr`` is a root of it (``√u``, ``∛u``, ``root(u, n)`` with n > 0,
    ``u^(p/q)`` with p/q > 0), which is 0 exactly where ``u`` is; else None."""
    if isinstance(expr, Call) and expr.name in ("sqrt", "cbrt") and len(expr.children) == 1:
        return expr.children[0]
    if isinstance(expr, Call) and expr.name == "root" and len(expr.children) == 2:
        index = constant_value(expr.children[1])
        return expr.children[0] if index is not None and index > 0 else None
    if isinstance(expr, Pow):
        exponent = constant_value(expr.exp)
        return expr.base if exponent is not None and exponent > 0 else None
    return None


def _polynomial_off_zero(expr: Expr) -> bool:
    """Whether ``expr`` is a sum of a nonzero number and monomials in letters (``x + 3``,
    ``1 − 2x²``, ``x − x + 1``): its value where every letter is 0 is that number, so it
    is not 0 everywhere (said without evaluating it)."""
    if not isinstance(expr, Add):
        return False
    constant = Fraction(0)
    for term in expr.children:
        negated = isinstance(term, Neg)
        body = term.children[0] if negated else term
        if isinstance(body, Num):
            constant += -Fraction(body.value) if negated else Fraction(body.value)
            continue
        factors = body.children if isinstance(body, Mul) else (body,)
        letters = [factor for factor in factors if not isinstance(factor, Num)]
        if not letters or not all(map(_letter_power, letters)):
            return False
    return constant != 0


def _letter_power(factor: Expr) -> bool:
    """A letter, or a letter to a positive whole power."""
    if isinstance(factor, Pow):
        base, exponent = factor.children
        return (
            isinstance(base, Sym)
            and isinstance(exponent, Num)
            and exponent.value >= 1
            and exponent.is_integer
        )
    return isinstance(factor, Sym)


def _points(names: frozenset[str]) -> list[dict[str, float]]:
    points = _SAMPLES.get(names)
    if points is None:
        points = _SAMPLES[names] = guard.sample_points(names) if names else [{}]
    return points


def _vanishes(expr: Expr, target: int, point: dict[str, float]) -> bool:
    coarse = guard.real_value(expr, point, digits=40)
    fine = guard.real_value(expr, point, digits=60)
    if coarse is None or fine is None:
        return False
    coarse, fine = abs(coarse - target), abs(fine - target)
    return fine < _TINY and (coarse == 0 or fine <= coarse * _SHRINK)


#: Formulas of more nodes than this are not evaluated to see whether they are 0 or 1.
SMALL_FORMULA = 40
#: Sample points with a value needed to call a formula 0 (or 1) everywhere.
ENOUGH_POINTS = 3
_NEAR = 1e-9
#: Kinds of node without which a formula of numbers and letters is never 0 everywhere
#: (bit 1: sums, functions, logarithms, the number 0) or 1 everywhere (also bit 2:
#: products, quotients, powers, as in x/x).
_KIND_BITS: dict[type, int] = {Add: 1, Call: 1, Log: 1, Div: 2, Mul: 2, Pow: 2}
_MAY_BE = {0: 1, 1: 3}


def _shape(expr: Expr, shapes: _Shapes) -> tuple[int, int]:
    """``expr``'s size (at most :data:`SMALL_FORMULA` + 1) and kinds, found once for each
    node not already in ``shapes`` (a formula built to be looked at, such as the sin(π)
    that csc(π) divides by, has nodes the input does not)."""
    if expr not in shapes:
        for node in postorder(expr):
            if node not in shapes:
                _record_shape(node, shapes)
    return shapes[expr]


def _record_shape(node: Expr, shapes: _Shapes) -> None:
    """The node's size and kinds (:data:`_KIND_BITS`; the number 0 has bit 1, as in 0·x)."""
    kind = type(node)
    size, kinds = 1, _KIND_BITS.get(kind, 0)
    if kind is Num and node.value == 0:  # type: ignore[attr-defined]
        kinds = 1
    for child in node.children:
        child_size, child_kinds = shapes[child]
        size, kinds = size + child_size, kinds | child_kinds
    shapes[node] = (min(size, SMALL_FORMULA + 1), kinds)


_SAMPLES: dict[frozenset[str], list[dict[str, float]]] = {}
_TINY = 1e-50
_SHRINK = 1e-10


def check_defined(expr: Expr) -> None:
    """Refuse expressions that are undefined everywhere, such as ``log(x, 1)``, ``log(x, 0)``,
    ``root(x, 0)``, ``x/0``, ``x/(0·x)``, ``log(x, 2 − 3)``, ``1/(x − x)``, ``ln 0``,
    ``0^(−1)`` or a function at a pole (``csc(π)``, ``cot 0``, ``tan(π/2)``): a part with
    no value leaves the whole without one."""
    found = next(undefined_parts(expr), None)
    if found is not None:
        node, problem = found
        raise NoRuleError(problem, f"{node} has no value")


def undefined_parts(expr: Expr) -> Iterator[tuple[Expr, str]]:
    """The parts of ``expr`` that have no value anywhere, each with what makes it so (for a
    message), children before their parents (see :func:`check_defined`)."""
    shapes: _Shapes = {}
    for node in postorder(expr):
        if node not in shapes:
            _record_shape(node, shapes)
        check = _UNDEFINED.get(type(node))
        problem = None if check is None else check(node, shapes)
        if problem is not None:
            yield node, problem


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
    _HELD.clear()
    guard.forget()
