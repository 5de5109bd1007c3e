"""JSON: a documented, stable schema for a derivation.

Schema ``symderiv.derivation/1``::

    {"schema": "symderiv.derivation/1",
     "expr": str, "var": str, "order": int, "result": str,       # infix, parse() reads them
     "latex": {"expr": str, "result": str},
     "orders": [                                                # one per order, first to last
        {"order": int, "expr": str, "raw": str, "result": str,
         "step": STEP,                                          # the differentiation tree
         "rewrites": [STEP, ...]}],                             # simplification, in order
     "verification": null | {"status": "verified"|"mismatch"|"undecided", "method": str,
                             "steps_checked": int, "steps_total": int,
                             "failing_rule": str|null, "counterexample": {..}|null,
                             "detail": str}}

    STEP = {"rule": str, "formula": str, "kind": "derivative"|"rewrite",
            "expr": str, "var": str|null, "result": str, "latex": {"expr", "result"},
            "bindings": [[name, str]], "conditions": [str], "note": str|null,
            "substeps": [STEP, ...]}

Built without recursion, so a derivation 10,000 steps deep serialises.
"""

from __future__ import annotations

from typing import Any

from ..steps import Derivation, Step
from .latex import to_latex

__all__ = ["SCHEMA", "derivation_to_dict", "step_to_dict"]

SCHEMA = "symderiv.derivation/1"


def _shallow(step: Step) -> dict[str, Any]:
    return {
        "rule": step.rule,
        "formula": step.formula,
        "kind": step.info.kind,
        "expr": str(step.expr),
        "var": None if step.var is None else str(step.var),
        "result": str(step.result),
        "latex": {"expr": to_latex(step.expr), "result": to_latex(step.result)},
        "bindings": [[name, str(value)] for name, value in step.bindings],
        "conditions": [str(condition) for condition in step.conditions],
        "note": step.note,
        "substeps": [],
    }


def step_to_dict(top: Step) -> dict[str, Any]:
    """One step and its substeps as plain data (iterative)."""
    root = _shallow(top)
    stack: list[tuple[Step, dict[str, Any]]] = [(top, root)]
    while stack:
        step, made = stack.pop()
        for sub in step.substeps:
            child = _shallow(sub)
            made["substeps"].append(child)
            stack.append((sub, child))
    return root


def derivation_to_dict(derivation: Derivation) -> dict[str, Any]:
    """The whole derivation as plain data (see the module docstring for the schema)."""
    v = derivation.verification
    return {
        "schema": SCHEMA,
        "expr": str(derivation.source),
        "var": str(derivation.var),
        "order": derivation.order,
        "result": str(derivation.result),
        "latex": {"expr": to_latex(derivation.source), "result": to_latex(derivation.result)},
        "orders": [
            {
                "order": level.order,
                "expr": str(level.expr),
                "raw": str(level.raw),
                "result": str(level.result),
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
        },
    }
