"""Plain Unicode text: the derivation with aligned rule annotations.

::

    d/dx [x²·eˣ]
    = (x²)′·eˣ + x²·(eˣ)′
      (x²·eˣ)′ = 2x·eˣ + x²·eˣ      product rule · f = x², g = eˣ
        (x²)′ = 2x                  power rule · n = 2
        (eˣ)′ = eˣ                  exponential rule
    = 2x·eˣ + x²·eˣ
    = x·(x + 2)·eˣ                  factor out · factor = x·eˣ
    ✓ verified against SymPy: result and 5 of 5 steps (numeric)

Control characters are shown, not sent to the terminal
(:func:`symderiv.escape.terminal_text`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from ..escape import terminal_text
from ..expr import Expr, Product, Sum, Sym, free_names, postorder
from ..steps import Condition, Derivation, Step
from .layout import (
    Line,
    abbreviated,
    answer_conditions,
    chains,
    constant_symbols,
    lay_out,
    shown_conditions,
    visible_bindings,
)
from .messages import (
    binding_name,
    language,
    message,
    rule_formula,
    rule_name,
    translated,
)
from .names import derivative_name_text
from .notes import note_lines
from .pretty import subscript, to_pretty

__all__ = [
    "acted_on",
    "annotation",
    "answer_note",
    "conditions_text",
    "heading_text",
    "point_text",
    "render_text",
    "verification_line",
]

ANNOTATION_COLUMN = 36
INDENT = "  "
#: Deeper steps are drawn at this depth, marked with their level.
MAX_INDENT = 12


def indent(depth: int) -> str:
    """Two spaces a level, up to :data:`MAX_INDENT`; deeper levels are numbered."""
    if depth <= MAX_INDENT:
        return INDENT * depth
    return INDENT * MAX_INDENT + f"[{depth}] "


def heading_text(line: Line) -> str:
    """``d/dx [f]``, after the derivative's name where the user named the function
    (``dy/dx = d/dx [x²·eˣ]``, ``f″(x) = d/dx [2x·eˣ + x²·eˣ]``); a higher order is a
    heading per order, ``∂/∂y [f]`` where the orders are by several variables."""
    assert line.expr is not None and line.var is not None
    var = to_pretty(line.var)
    d = "∂" if line.partial else "d"
    heading = f"{d}/{d}{var} [{to_pretty(line.expr)}]"
    if line.named is None:
        return heading
    return f"{derivative_name_text(line.named, line.stages, line.partial)} = {heading}"


def annotation(step: Step, lang: str | None, detail: str, budget: int = 400) -> str:
    """Rule name, then bindings and notes; with ``full`` also the formula and conditions."""
    parts = [rule_name(step.rule, lang)]
    if detail == "full":
        parts.append(rule_formula(step.rule, step.formula, lang))
    bindings = visible_bindings(step)
    if bindings and detail != "brief":
        parts.append(
            ", ".join(
                f"{binding_name(name, lang)} = {to_pretty(abbreviated(value, budget))}"
                for name, value in bindings
            )
        )
    if step.note == "treat-constant":
        names = ", ".join(to_pretty(symbol) for symbol in constant_symbols(step))
        parts.append(message("treat-constant", lang, names=names))
    stated = shown_conditions(step, detail)
    if stated is not None:
        word, conditions = stated
        shown = conditions_text(conditions, budget)
        parts.append(f"{message(word, lang)} {shown}")
    return " · ".join(parts)


def answer_note(line: Line, lang: str | None) -> str:
    """``simplified · using Σₖ tₖ = 1``: the note of a ``brief`` answer line, with the
    facts and ranges its rewrites needed."""
    parts = [message("simplified", lang)]
    parts += [
        f"{message(word, lang)} {conditions_text(conditions)}"
        for word, conditions in answer_conditions(line)
    ]
    return " · ".join(parts)


def acted_on(step: Step, lang: str | None, budget: int = 400) -> str:
    """`` · in: (1/σ(z))·σ(z)``: the part of its input a rewrite acted on, unless it
    acted on the whole of it."""
    focus = step.focus
    if focus is None or focus.whole:
        return ""
    part = to_pretty(abbreviated(focus.before_expr, budget))
    return " · " + message("acted-on", lang, part=part)


def conditions_text(conditions: Iterable[Condition], budget: int = 400) -> str:
    """``1 ≤ j ≤ K, x ≠ 0``: conditions as chains, separated by commas."""
    return ", ".join(
        " ".join(
            part if isinstance(part, str) else to_pretty(abbreviated(part, budget))
            for part in chain
        )
        for chain in chains(conditions)
    )


def checked_away_from(derivation: Derivation) -> tuple[Condition, ...]:
    """Where a non-smooth function's derivative does not exist (:attr:`Condition.kink`),
    in the function's own symbols: the points its verification kept away from."""
    names = free_names(derivation.source)
    return tuple(
        dict.fromkeys(
            c
            for step in derivation.all_steps()
            for c in step.conditions
            if c.kink and free_names(c.lhs) <= names
        )
    )


def point_text(point: Mapping[str, Any] | None) -> str:
    """A point as maths, ``x = 0.611462, y = 1/2``, not as a dictionary."""
    if not point:
        return ""
    return ", ".join(f"{_name(name)} = {_value(value)}" for name, value in point.items())


def _name(name: str) -> str:
    return to_pretty(Sym(name)) if name.isidentifier() else name


def _value(value: Any) -> str:
    if isinstance(value, Expr):
        return to_pretty(value)
    if isinstance(value, float):
        return f"{value:.6g}".replace("-", "−")
    if isinstance(value, complex):
        return f"{value.real:.6g} {'+' if value.imag >= 0 else '−'} {abs(value.imag):.6g}i"
    return str(value).replace("-", "−")


def verification_line(derivation: Derivation, lang: str | None) -> str:
    """The badge: verified, mismatch, undecided, or not verified."""
    v = derivation.verification
    if v is None:
        return message("not-verified", lang)
    method = message(v.method, lang) if v.method in ("symbolic", "numeric") else v.method
    if v.status == "verified":
        badge = message(
            "verified", lang, checked=v.steps_checked, total=v.steps_total, method=method
        )
        if v.complex_checks:
            badge += message("complex-values", lang, count=v.complex_checks)
        kinks = checked_away_from(derivation)
        if kinks:
            badge += message("kinks-checked", lang, conditions=conditions_text(kinks))
    elif v.status == "mismatch":
        rule = rule_name(v.failing_step.rule, lang) if v.failing_step else "result"
        badge = message("mismatch", lang, rule=rule, point=point_text(v.counterexample))
    else:
        detail = translated(v.detail) if language(lang) == "ja" else v.detail
        badge = message(
            "undecided", lang, checked=v.steps_checked, total=v.steps_total, detail=detail
        )
    if v.instantiation:
        what = instantiation_text(v.instantiation, lang, open_sums(derivation))
        badge += message("instantiated", lang, what=what)
    return badge


_ASSIGNMENTS = re.compile(r"\((\d+) of (\d+) assignments\)")
#: The number of terms the check gave a sum written without an upper bound (``Σₖ``),
#: under the name the check calls it by (``N_k = 2``).
_OPEN_SUM_SIZE = re.compile(r"\bN_(\w+) = (\d+)")


def open_sums(derivation: Derivation) -> frozenset[str]:
    """The indices of the sums and products written without an upper bound (``Σₖ``)."""
    return frozenset(
        node.index.name
        for node in postorder(derivation.original or derivation.expr)
        if isinstance(node, (Sum, Product)) and node.upper is None and isinstance(node.index, Sym)
    )


def _open_sum_size(found: re.Match[str], lang: str | None) -> str:
    """``Σₖ over k = 1, 2``: an open sum's size as the terms it ran over."""
    index, size = found[1], int(found[2])
    written = f"Σ{subscript(index) or '_' + index}"
    terms = ", ".join(str(k) for k in range(1, size + 1))
    return message("open-sum-size", lang, sum=written, index=to_pretty(Sym(index)), terms=terms)


def instantiation_text(
    summary: str, lang: str | None, open_sums: Collection[str] = frozenset()
) -> str:
    """What an indexed derivation was checked on, e.g. ``N = 2, K = 3; j ∈ {1, 2} (6 of 8
    assignments)`` (as :mod:`symderiv.instantiate` writes it, in English), in the
    language asked for; the size of a sum written without a bound (``open_sums``: their
    indices), which the check names ``N_k``, as ``Σₖ over k = 1, 2``."""
    summary = _OPEN_SUM_SIZE.sub(
        lambda found: _open_sum_size(found, lang) if found[1] in open_sums else found[0],
        summary,
    )
    if language(lang) == "en":
        return summary
    return _ASSIGNMENTS.sub(
        lambda found: message("assignments", lang, chosen=found[1], total=found[2]),
        summary.replace("; given ", f"; {message('given-fact', lang)} "),
    )


def _prime(expr_text: str, order: int = 1) -> str:
    return f"({expr_text})′"


def _line_text(line: Line) -> str:
    assert line.expr is not None and line.result is not None
    return f"{_prime(to_pretty(line.expr))} = {to_pretty(line.result)}"


def _format(rows: Iterable[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    for left, note in rows:
        if not note:
            out.append(left)
            continue
        gap = max(2, ANNOTATION_COLUMN - len(left))
        out.append(f"{left}{' ' * gap}{note}")
    return out


def render_text(
    derivation: Derivation,
    lang: str | None = None,
    *,
    detail: str = "normal",
    skip: Iterable[str] = (),
    explanations: Callable[[str], Sequence[str]] | None = None,
    highlight: bool = True,
) -> str:
    """The derivation as plain text, in English (``lang="en"``) or Japanese (``"ja"``);
    ``explanations(rule)`` gives lines saying why a rule holds, shown under its first
    step (computed by the caller: see :mod:`symderiv.checks.explain`).  Plain text
    marks nothing inside a formula (``highlight`` is accepted for the other formats'
    sake): at ``full`` detail a tidying move's note ends with the part it acted on."""
    rows: list[tuple[str, str]] = []
    explained: set[str] = set()
    for line in lay_out(derivation, detail=detail, skip=skip):
        if line.kind == "heading":
            if line.order > 1:
                rows.append(("", ""))
                rows.append((message("order", lang, order=line.order), ""))
            rows.append((heading_text(line), ""))
            if line.order == 1:
                rows += [(INDENT + note, "") for note in note_lines(derivation, lang)]
        elif line.kind == "application":
            assert line.expr is not None and line.step is not None
            rows.append((f"= {to_pretty(line.expr)}", ""))
        elif line.kind == "step":
            assert line.step is not None
            rows.append(
                (
                    indent(line.depth) + _line_text(line),
                    annotation(line.step, lang, detail, line.budget),
                )
            )
            if explanations is not None and line.step.rule not in explained:
                explained.add(line.step.rule)
                for why in explanations(line.step.rule):
                    rows.append((indent(line.depth + 2) + why, ""))
        elif line.kind == "result":
            assert line.result is not None
            rows.append((f"= {to_pretty(line.result)}", ""))
        elif line.kind == "rewrite":
            assert line.result is not None and line.step is not None
            note = annotation(line.step, lang, detail)
            if detail == "full":
                note += acted_on(line.step, lang)
            rows.append((f"= {to_pretty(line.result)}", note))
        elif line.kind == "answer":
            assert line.result is not None
            rows.append((f"= {to_pretty(line.result)}", answer_note(line, lang)))
        elif line.kind == "verification":
            rows.append((verification_line(derivation, lang), ""))
    return terminal_text("\n".join(_format(rows)))
