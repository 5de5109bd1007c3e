"""Connects a :class:`~symderiv.steps.Derivation` record to what sits above it: the
verifier, the point evaluator, the renderers and the explanations, so that the record's
convenience methods (``verify``, ``at``, ``to_text``, …) reach them through
:data:`symderiv.steps.ACTIONS` and the record imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .checks.explain import explanation
from .checks.points import evaluate_at
from .render.json import derivation_to_dict
from .render.latex_steps import render_latex
from .render.markdown import render_markdown
from .render.terminal import render_rich
from .render.text import render_text
from .steps import ACTIONS, Derivation
from .verify import verify_derivation

__all__ = ["connect"]


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


def connect() -> None:
    """Fill :data:`symderiv.steps.ACTIONS` (idempotent)."""
    ACTIONS.update(
        verify=verify_derivation,
        at=evaluate_at,
        text=_explained(render_text),
        latex=_explained(render_latex),
        markdown=_explained(render_markdown),
        dict=_explained(derivation_to_dict),
        rich=render_rich,
    )
