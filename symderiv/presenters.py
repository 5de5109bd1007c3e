"""Connects a :class:`~symderiv.steps.Derivation` record to what sits above it: the
verifier, the point evaluator, the renderers and the explanations, so that the record's
convenience methods (``verify``, ``at``, ``to_text``, …) reach them through
:data:`symderiv.steps.ACTIONS` and the record imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .checks.explain import explanation
from .checks.identity import IdentityCheck
from .checks.points import evaluate_at
from .render.html import render_html
from .render.json import derivation_to_dict
from .render.latex_steps import render_latex
from .render.markdown import render_markdown
from .render.messages import message
from .render.pretty import to_pretty
from .render.terminal import render_rich
from .render.text import point_text, render_text
from .steps import ACTIONS, Derivation
from .verify import verify_derivation

__all__ = ["connect", "identity_summary"]


def _explained(render: Callable[..., Any]) -> Callable[..., Any]:
    """``render`` taking ``explain=True``: the explanations are computed here (the
    renderers never reach the checks) and handed in as ``explanations(rule)``."""

    def rendered(derivation: Derivation, lang: str | None = None, **options: Any) -> Any:
        if options.pop("explain", False):
            options["explanations"] = lambda rule: explanation(rule, lang)
        if lang is not None:
            options["lang"] = lang
        return render(derivation, **options)

    rendered.__doc__ = render.__doc__
    return rendered


_IDENTITY_VERDICTS = {"verified": "identity-holds", "mismatch": "identity-fails"}


def identity_summary(verdict: IdentityCheck, lang: str | None = None) -> str:
    """``✓ holds: (aˣ)′ = aˣ·ln a`` in ``lang``, a counterexample written as maths."""
    word = message(_IDENTITY_VERDICTS.get(verdict.status, "identity-undecided"), lang)
    point = verdict.check.point
    where = f" ({message('for-example-at', lang, point=point_text(point))})" if point else ""
    return f"{word}: {to_pretty(verdict.lhs)} = {to_pretty(verdict.rhs)}{where}"


def connect() -> None:
    """Fill :data:`symderiv.steps.ACTIONS` (idempotent)."""
    ACTIONS.update(
        verify=verify_derivation,
        at=evaluate_at,
        text=_explained(render_text),
        latex=_explained(render_latex),
        markdown=_explained(render_markdown),
        html=_explained(render_html),
        dict=_explained(derivation_to_dict),
        rich=render_rich,
    )
