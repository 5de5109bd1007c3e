"""The shape of a printed derivation, shared by every renderer.

:func:`lay_out` turns a :class:`~symderiv.steps.Derivation` into a flat list of
:class:`Line` records — a heading per order, one line per shown step (with its depth,
rule, bindings, conditions and note), the rewrites, the verification — and the
text, LaTeX, Markdown and terminal renderers only format them.

Detail levels: ``brief`` shows the rules' result and the answer (one ``answer`` line
for the whole tidying); ``normal`` adds each rule's substeps with their names and
bindings, and each tidying move (a ``rewrite`` line); ``full`` adds each rule's and
each move's general formula, its conditions, and the trivial steps (constants and
``x′ = 1``).  Rules named in ``skip`` are folded away with their substeps.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from ..expr import Derivative, Expr, Mul, Sym, free_names
from ..rules import RULES_BY_TYPE
from ..steps import Condition, Derivation, Named, Step

__all__ = [
    "ALWAYS_SHOWN_CONDITIONS",
    "APPLICATION_RULES",
    "CHAINED",
    "DETAILS",
    "Line",
    "answer_conditions",
    "chains",
    "constant_symbols",
    "lay_out",
    "printed_size_within",
    "shown_conditions",
    "visible_bindings",
]

DETAILS = ("brief", "normal", "full")

#: Rules whose application is worth a line of its own: ``(f·g)′ = f′·g + f·g′``.
APPLICATION_RULES = frozenset(
    {"sum", "product", "quotient", "constant-multiple", "negation", "sum-linearity"}
)

_TRIVIAL = frozenset({"variable"})


@dataclass(frozen=True)
class Line:
    """One printed line.

    ``kind`` is ``heading`` (``expr`` differentiated by ``var``), ``application``
    (the rule applied, derivatives still to take, as ``expr``), ``step`` (a
    differentiation step), ``rewrite`` (a simplification step), ``result`` (the rules'
    result), ``answer`` (at ``brief`` detail, the simplified ``result`` of ``expr`` in
    place of the rewrites) or ``verification``; ``depth`` is the indentation level.
    """

    kind: str
    depth: int
    expr: Expr | None = None
    result: Expr | None = None
    step: Step | None = None
    var: Expr | None = None
    order: int = 1
    budget: int = 400
    #: The rewrites an ``answer`` line stands for.
    rewrites: tuple[Step, ...] = ()
    #: On a heading, the function the user named whose derivative this is (dy/dx, f′(x)).
    named: Named | None = None
    #: On a heading, whether the orders are partial derivatives (∂/∂x), the others held
    #: constant: by more than one variable, or of a named function of several.
    partial: bool = False
    #: On a heading, the variables of the orders so far, first to last.
    stages: tuple[Expr, ...] = ()


#: Most nodes of one expression a printed line shows; deeper parts become "…".
PRINT_BUDGET = 400
#: The budget per line in a derivation of more than :data:`LARGE_DERIVATION` steps.
LARGE_PRINT_BUDGET = 40
LARGE_DERIVATION = 200
ELLIPSIS = Sym("…")


def abbreviated(expr: Expr, budget: int = PRINT_BUDGET) -> Expr:
    """``expr`` with everything past its first ``budget`` printed nodes (breadth first)
    replaced by "…", so that printing one step of a huge derivation costs O(budget)."""
    if printed_size_within(expr, budget):
        return expr
    nodes: list[Expr] = [expr]
    children_of: list[list[int]] = [[]]
    expanded: list[bool] = [False]
    queue = deque([0])
    used = 0
    while queue:
        index = queue.popleft()
        if used >= budget:
            continue
        used += 1
        expanded[index] = True
        for child in _shown_children(nodes[index]):
            children_of[index].append(len(nodes))
            queue.append(len(nodes))
            nodes.append(child)
            children_of.append([])
            expanded.append(False)
    built: list[Expr] = [ELLIPSIS] * len(nodes)
    for index in range(len(nodes) - 1, -1, -1):
        node = nodes[index]
        if expanded[index]:
            children = [built[c] for c in children_of[index]]
            # A product is built from the factors it shows (its products' in their place).
            built[index] = Mul(*children) if isinstance(node, Mul) else rebuild_raw(node, children)
        elif not node.children:
            built[index] = node
    return built[0]


def _shown_children(node: Expr) -> tuple[Expr, ...]:
    """The children a line shows: the factors of a product of products (the product rule
    writes the terms of a long product with runs of factors grouped) with each product's
    factors in its place, so that ``(a·b)·(c·d)`` is shown ``a·b·c·d``, as the product is
    written in full; any other node's children."""
    children = node.children
    if not isinstance(node, Mul) or sum(isinstance(child, Mul) for child in children) < 2:
        return children
    return tuple(
        factor
        for child in children
        for factor in (child.children if isinstance(child, Mul) else (child,))
    )


def printed_size_within(expr: Expr, budget: int) -> bool:
    """Whether ``expr`` prints at most ``budget`` nodes (shared subtrees counted each time)."""
    stack = [expr]
    count = 0
    while stack:
        count += 1
        if count > budget:
            return False
        stack.extend(stack.pop().children)
    return True


def rebuild_raw(node: Expr, children: list[Expr]) -> Expr:
    """The node with new children, exactly as written (no simplification)."""
    if list(node.children) == children:
        return node
    it = iter(children)
    return type(node)(*(next(it) if isinstance(a, Expr) else a for a in node.args))


def print_budget(top: Step) -> int:
    """:data:`PRINT_BUDGET`, or :data:`LARGE_PRINT_BUDGET` for a derivation with many steps."""
    count = sum(1 for _ in zip(top.walk(), range(LARGE_DERIVATION + 1), strict=False))
    return LARGE_PRINT_BUDGET if count > LARGE_DERIVATION else PRINT_BUDGET


def _application(step: Step) -> Expr | None:
    """The rule applied with each substep's derivative still written as a derivative."""
    if step.rule not in APPLICATION_RULES or not step.substeps:
        return None
    for rule in RULES_BY_TYPE.get(type(step.expr), ()):
        if rule.key == step.rule:
            marks = tuple(Derivative(sub.expr) for sub in step.substeps)
            return rule.combine(step.expr, step.var or Sym("x"), marks)
    return None


def _shown(step: Step, detail: str, skip: frozenset[str]) -> bool:
    if step.rule in skip:
        return False
    if detail == "full":
        return True
    if step.rule in _TRIVIAL:
        return False
    return not (step.rule == "constant" and step.note is None)


def _step_lines(top: Step, detail: str, skip: frozenset[str], budget: int) -> list[Line]:
    lines: list[Line] = []
    stack: list[tuple[Step, int]] = [(top, 1)]
    while stack:
        step, depth = stack.pop()
        if not _shown(step, detail, skip):
            continue
        expr, result = abbreviated(step.expr, budget), abbreviated(step.result, budget)
        lines.append(Line("step", depth, expr, result, step, step.var, budget=budget))
        stack.extend((sub, depth + 1) for sub in reversed(step.substeps))
    return lines


def partial_names(named: Named | None, stages: tuple[Expr, ...]) -> bool:
    """Whether the orders ``stages`` are partial derivatives (∂/∂x, the others held
    constant): by more than one variable, or of a function the user named with more
    than one argument."""
    several = named is not None and len(named.arguments) > 1
    return several or len(set(stages)) > 1


def lay_out(
    derivation: Derivation, *, detail: str = "normal", skip: Iterable[str] = ()
) -> list[Line]:
    """The lines of a printed derivation, every order in turn."""
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    folded = frozenset(skip)
    lines: list[Line] = []
    named = derivation.options.get("named")
    every = derivation.variables
    partial = partial_names(named, every)
    for level in derivation.orders:
        heading = abbreviated(level.expr)
        lines.append(
            Line(
                "heading",
                0,
                heading,
                var=level.var,
                order=level.order,
                named=named,
                partial=partial,
                stages=every[: level.order],
            )
        )
        application = _application(level.step)
        if application is not None and detail != "brief":
            lines.append(Line("application", 0, abbreviated(application), step=level.step))
        if detail != "brief":
            lines.extend(_step_lines(level.step, detail, folded, print_budget(level.step)))
        # The derivative before simplifying; with no rewrite, the answer line.
        lines.append(Line("result", 0, result=abbreviated(level.raw), step=level.step))
        if detail == "brief" and level.rewrites:
            raw, answer = abbreviated(level.raw), abbreviated(level.result)
            lines.append(Line("answer", 0, raw, answer, rewrites=level.rewrites))
        elif detail != "brief":
            lines.extend(
                Line("rewrite", 0, abbreviated(s.expr), abbreviated(s.result), s)
                for s in level.rewrites
            )
    lines.append(Line("verification", 0))
    return lines


#: Rewrites whose conditions are printed at every detail level, and the word before them.
ALWAYS_SHOWN_CONDITIONS = {"given": "using", "delta-sum": "assuming"}


def shown_conditions(step: Step, detail: str) -> tuple[str, tuple[Condition, ...]] | None:
    """The conditions a printed step states (message key, conditions), if any: all of
    them at ``full`` detail; the facts used, the ranges a collapse needs and where a
    non-smooth function is not differentiable (:attr:`Condition.kink`) always."""
    if not step.conditions:
        return None
    word = ALWAYS_SHOWN_CONDITIONS.get(step.rule)
    if word is not None:
        return word, step.conditions
    if detail == "full":
        return "assuming", step.conditions
    kinks = tuple(c for c in step.conditions if c.kink)
    return ("differentiable-where", kinks) if kinks else None


def answer_conditions(line: Line) -> list[tuple[str, tuple[Condition, ...]]]:
    """The conditions an ``answer`` line states for the rewrites it stands for: those
    printed at every detail level (the facts used, the ranges a collapse needs)."""
    found = (shown_conditions(step, "brief") for step in line.rewrites)
    return [stated for stated in found if stated is not None]


def visible_bindings(step: Step) -> tuple[tuple[str, Expr], ...]:
    """The bindings worth printing: ``a = a`` (a base that is itself the letter) is not."""
    return tuple(
        (name, value)
        for name, value in step.bindings
        if not (isinstance(value, Sym) and value.name == name)
    )


def constant_symbols(step: Step) -> tuple[Sym, ...]:
    """The symbols a 'treat as constant' note speaks of, in order of name; each format
    writes them as its formulas do (``μ``, ``\\mu``)."""
    names = sorted(free_names(step.expr) - {getattr(step.var, "name", "")})
    return tuple(Sym(name) for name in names)


#: Relations that chain: ``1 ≤ j`` and ``j ≤ K`` read ``1 ≤ j ≤ K``.
CHAINED = {"≤": "≤", "<": "≤", "≥": "≥", ">": "≥"}


def chains(conditions: Iterable[Condition]) -> list[tuple[Expr | str, ...]]:
    """Conditions as chains, in order: a condition whose left side is the right side of
    the one before it, in the same direction, continues it (``1 ≤ j``, ``j ≤ K`` →
    ``(1, "≤", j, "≤", K)``); every other condition is a chain of its own.  A chain is
    stated once (two sums collapsed on one index both need ``1 ≤ j ≤ n``)."""
    out: list[tuple[Expr | str, ...]] = []
    direction = ""
    for condition in dict.fromkeys(conditions):
        way = CHAINED.get(condition.relation, "")
        if out and way and way == direction and out[-1][-1] == condition.lhs:
            out[-1] = (*out[-1], condition.relation, condition.rhs)
        else:
            out.append((condition.lhs, condition.relation, condition.rhs))
            direction = way
    return list(dict.fromkeys(out))
