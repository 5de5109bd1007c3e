"""JSON: a documented, stable schema for a derivation.

Schema ``symderiv.derivation/1``::

    {"schema": "symderiv.derivation/1",
     "expr": str, "var": str, "order": int, "result": str,       # infix, parse() reads them
     "complete": bool,          # false only past 100,000 printed nodes: then "…" abbreviates
     "latex": {"expr": str, "result": str},
     "reading_notes": [{"convention": str, "note": str}, ...],  # how the text was read
     "orders": [                                                # one per order, first to last
        {"order": int, "var": str,                              # ∂²/∂x∂y: "x", then "y"
         "expr": str, "raw": str, "result": str,
         "name": null | {"text": str, "latex": str},            # y = …: "dy/dx"; f(x) = …: "f′(x)"
         "step": TREE,                                          # the differentiation tree
         "rewrites": [TREE, ...]}],                             # simplification, in order
     "verification": null | {"status": "verified"|"mismatch"|"undecided", "method": str,
                             "steps_checked": int, "steps_total": int,
                             "failing_rule": str|null, "counterexample": {..}|null,
                             "detail": str,
                             "complex_checks": int,         # checks made on complex values
                             "instantiation": str|null}}   # sizes and indices checked
                                                           # for sums and indexed variables

    TREE = {"root": 0, "steps": [STEP, ...]}                   # preorder, flat
    STEP = {"id": int, "rule": str, "formula": str, "kind": "derivative"|"rewrite",
            "expr": str, "var": str|null, "result": str, "abbreviated": bool,
            "latex": {"expr", "result"}, "bindings": [[name, str]], "conditions": [str],
            "note": str|null, "substeps": [int, ...],               # indices into "steps"
            "why": [str, ...],          # only with explanations (--explain), where one exists
            "focus": FOCUS | null}      # rewrites only: where the step acted (symderiv.focus)

    FOCUS = {"kind": "node"|"sum"|"product",  # a node replaced, or some terms/factors of one
             "whole": bool,                    # the whole expression changed
             "path": [int, ...],               # child indices to the node acted in (in "expr")
             "result_path": [int, ...],        # to the node it became (in "result")
             "before": str, "after": str,      # the parts acted on, what they became (infix)
             "before_paths": [[int, ...]], "after_paths": [[int, ...]],
             "latex": {"before": str, "after": str}}

Built without recursion, so a derivation 10,000 steps deep serialises.  The expressions
larger than the print budget are abbreviated with "…" (``"abbreviated": true`` on a step);
the top-level infix ``expr`` and ``result`` are complete up to :data:`COMPLETE_BUDGET`
printed nodes (a result whose text would run to gigabytes, such as the derivative of a
composition 10,000 deep, is abbreviated too, and ``"complete"`` says so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..steps import Condition, Derivation, Step
from .latex import to_latex
from .layout import abbreviated, partial_names, print_budget, printed_size_within
from .names import derivative_name_latex, derivative_name_text

__all__ = ["COMPLETE_BUDGET", "SCHEMA", "derivation_to_dict", "focus_to_dict", "step_to_dict"]

SCHEMA = "symderiv.derivation/1"
#: Printed nodes past which even the top-level expression and result are abbreviated.
COMPLETE_BUDGET = 100_000


def _shallow(step: Step, budget: int) -> dict[str, Any]:
    expr, result = abbreviated(step.expr, budget), abbreviated(step.result, budget)
    return {
        "rule": step.rule,
        "formula": step.formula,
        "kind": step.info.kind,
        "expr": str(expr),
        "var": None if step.var is None else str(step.var),
        "result": str(result),
        "abbreviated": expr is not step.expr or result is not step.result,
        "latex": {"expr": to_latex(expr), "result": to_latex(result)},
        "bindings": [[name, str(abbreviated(value, budget))] for name, value in step.bindings],
        "conditions": [
            str(Condition(abbreviated(c.lhs, budget), c.relation, c.rhs)) for c in step.conditions
        ],
        "note": step.note,
        "substeps": [],
    } | ({"focus": focus_to_dict(step, budget)} if step.is_rewrite else {})


def focus_to_dict(step: Step, budget: int = 400) -> dict[str, Any] | None:
    """Where a rewrite acted, as plain data (``FOCUS`` in the module docstring)."""
    focus = step.focus
    if focus is None:
        return None
    before, after = abbreviated(focus.before_expr, budget), abbreviated(focus.after_expr, budget)
    return {
        "kind": focus.kind,
        "whole": focus.whole,
        "path": list(focus.path),
        "result_path": list(focus.result_path),
        "before": str(before),
        "after": str(after),
        "before_paths": [list(p) for p in focus.before],
        "after_paths": [list(p) for p in focus.after],
        "latex": {"before": to_latex(before), "after": to_latex(after)},
    }


def step_to_dict(top: Step) -> dict[str, Any]:
    """A step tree as a flat list: ``{"root": 0, "steps": [STEP, ...]}`` in preorder, each
    step's ``substeps`` giving the indices of its substeps (so any depth serialises)."""
    steps: list[dict[str, Any]] = []
    budget = print_budget(top)
    stack: list[tuple[Step, int | None]] = [(top, None)]
    while stack:
        step, parent = stack.pop()
        index = len(steps)
        made = _shallow(step, budget)
        made["id"] = index
        steps.append(made)
        if parent is not None:
            steps[parent]["substeps"].append(index)
        stack.extend((sub, index) for sub in reversed(step.substeps))
    return {"root": 0, "steps": steps}


def derivation_to_dict(
    derivation: Derivation, explanations: Callable[[str], Sequence[str]] | None = None
) -> dict[str, Any]:
    """The whole derivation as plain data (see the module docstring for the schema);
    with ``explanations(rule)``, each step whose rule has one carries it as ``why``."""
    made = _derivation_to_dict(derivation)
    if explanations is not None:
        for level in made["orders"]:
            for tree in (level["step"], *level["rewrites"]):
                for step in tree["steps"]:
                    why = explanations(step["rule"])
                    if why:
                        step["why"] = [line.strip() for line in why]
    return made


def _name(derivation: Derivation, order: int) -> dict[str, str] | None:
    """The name of the derivative of order ``order`` where the user named the function
    (see :mod:`.names`)."""
    named = derivation.options.get("named")
    if named is None:
        return None
    every = derivation.variables
    partial = partial_names(named, every)
    return {
        "text": derivative_name_text(named, every[:order], partial),
        "latex": derivative_name_latex(named, every[:order], partial),
    }


def _derivation_to_dict(derivation: Derivation) -> dict[str, Any]:
    v = derivation.verification
    return {
        "schema": SCHEMA,
        "expr": str(abbreviated(derivation.source, COMPLETE_BUDGET)),
        "var": str(derivation.var),
        "order": derivation.order,
        "result": str(abbreviated(derivation.result, COMPLETE_BUDGET)),
        "complete": all(
            printed_size_within(e, COMPLETE_BUDGET) for e in (derivation.source, derivation.result)
        ),
        "latex": {
            "expr": to_latex(abbreviated(derivation.source)),
            "result": to_latex(abbreviated(derivation.result)),
        },
        "reading_notes": [
            {"convention": convention, "note": note}
            for convention, note in derivation.options.get("reading_notes", ())
        ],
        "orders": [
            {
                "order": level.order,
                "var": str(level.var),
                "expr": str(abbreviated(level.expr)),
                "raw": str(abbreviated(level.raw)),
                "result": str(abbreviated(level.result)),
                "name": _name(derivation, level.order),
                "step": step_to_dict(level.step),
                "rewrites": [step_to_dict(r) for r in level.rewrites],
            }
            for level in derivation.orders
        ],
        "verification": None
        if v is None
        else {
            "status": v.status,
            "method": v.method,
            "steps_checked": v.steps_checked,
            "steps_total": v.steps_total,
            "failing_rule": None if v.failing_step is None else v.failing_step.rule,
            "counterexample": v.counterexample,
            "detail": v.detail,
            "complex_checks": v.complex_checks,
            "instantiation": v.instantiation,
        },
    }
