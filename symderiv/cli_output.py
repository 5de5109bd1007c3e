"""What the main command prints after a derivation, in the format asked for: the value
at ``--at`` and the verdict on ``--check``.

In JSON, LaTeX, Markdown and HTML they are parts of one document with the derivation
(:func:`document`): one JSON object, whose ``"at"`` and ``"check"`` sit beside the
derivation's own keys; one LaTeX fragment or ``--document``; one Markdown text; one HTML
page.  Each part is drawn by its own renderer in that format.  On a terminal and in plain
text they follow the derivation as lines of their own (:func:`print_after`), printed
once the steps are out (:func:`rich_steps` and :func:`text_then_badge` print the steps
themselves, the badge once SymPy has answered).  Every rich view of the command line
prints on :func:`console`.
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console, Group

from .calculus.report import Report
from .checks.answers import AnswerCheck
from .escape import rich_text, terminal_text
from .render.course import course_renderables
from .render.json import derivation_to_dict
from .render.messages import language, message
from .render.terminal import derivation_renderable
from .render.text import verification_line
from .render.verdict import verdict_html, verdict_latex, verdict_markdown
from .steps import Derivation

__all__ = [
    "DOCUMENT_FORMATS",
    "After",
    "Page",
    "console",
    "document",
    "print_after",
    "rich_steps",
    "text_then_badge",
]


class _Console(Console):
    """A rich console that leaves a standard output closed by its reader to the command
    line (:func:`symderiv.cli.guarded`), which stops as it does in every format; rich's
    own console would exit with status 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "standard output was closed by its reader")


def console() -> Console:
    """The console the command line's rich views print on."""
    return _Console()


@dataclass(frozen=True)
class After:
    """What follows a derivation: its value at a point (a calculus report), the verdict
    on a proposed answer, and a plot (a PNG, drawn inside an HTML page)."""

    point: Report | None = None
    check: AnswerCheck | None = None
    image: bytes | None = None


@dataclass(frozen=True)
class Page:
    """How the derivation is drawn: the language, ``explain`` (with ``why(rule)``, the
    lines saying why a rule holds), the renderers' ``options`` (detail, skip,
    highlight), a whole LaTeX ``document`` and the Markdown ``flavor``."""

    lang: str | None
    explain: bool = False
    why: Callable[[str], Sequence[str]] | None = None
    options: dict[str, Any] = field(default_factory=dict)
    document: bool = False
    flavor: str = "math"


def _json(derivation: Derivation, after: After, page: Page) -> str:
    made = derivation_to_dict(derivation, page.why)
    if after.point is not None:
        made["at"] = after.point.to_dict()
    if after.check is not None:
        made["check"] = after.check.to_dict(page.lang)
    return json.dumps(made, ensure_ascii=False, indent=2)


def _latex(derivation: Derivation, after: After, page: Page) -> str:
    parts = [] if after.point is None else [after.point.to_latex(page.lang)]
    if after.check is not None:
        parts.append(verdict_latex(after.check.summary(page.lang)))
    return derivation.to_latex(
        page.lang, document=page.document, explain=page.explain, after=parts, **page.options
    )


def _markdown(derivation: Derivation, after: After, page: Page) -> str:
    parts = [
        derivation.to_markdown(
            page.lang, flavor=page.flavor, explain=page.explain, **page.options
        ).rstrip("\n")
    ]
    if after.point is not None:
        parts.append(after.point.to_markdown(page.lang).rstrip("\n"))
    if after.check is not None:
        parts.append(verdict_markdown(after.check.summary(page.lang)))
    return "\n\n".join(parts)


def _html(derivation: Derivation, after: After, page: Page) -> str:
    parts = [] if after.point is None else [after.point.to_html(page.lang)]
    if after.check is not None:
        parts.append(verdict_html(after.check.summary(page.lang), after.check.status))
    return derivation.to_html(
        page.lang, explain=page.explain, image=after.image, after=parts, **page.options
    )


#: The formats whose output is one document, and how each writes it.
DOCUMENTS: dict[str, Callable[[Derivation, After, Page], str]] = {
    "json": _json,
    "latex": _latex,
    "markdown": _markdown,
    "html": _html,
}
DOCUMENT_FORMATS = frozenset(DOCUMENTS)


def document(fmt: str, derivation: Derivation, after: After, page: Page) -> str:
    """The derivation and what follows it as one document in ``fmt`` (one of
    :data:`DOCUMENT_FORMATS`)."""
    return DOCUMENTS[fmt](derivation, after, page)


_STYLES = {"verified": "bold green", "mismatch": "bold red"}


def print_after(after: After, lang: str | None, fmt: str) -> None:
    """The value at the point and the verdict under a derivation already printed, as
    plain text (``fmt`` ``"text"``) or on a rich terminal (``"rich"``)."""
    if fmt == "rich":
        shown = console()
        if after.point is not None:
            shown.print(Group(*course_renderables(after.point, lang)))
        if after.check is not None:
            head, _, rest = after.check.summary(lang).partition("\n")
            style = _STYLES.get(after.check.status, "yellow")
            shown.print(rich_text(head, style), soft_wrap=True)
            if rest:
                shown.print(rich_text(rest), soft_wrap=True)
        return
    lines = [] if after.point is None else [after.point.to_text(language(lang))]
    if after.check is not None:
        lines.append(after.check.summary(lang))
    for text in lines:
        sys.stdout.write(terminal_text(text.rstrip("\n") + "\n"))


def rich_steps(
    derivation: Derivation,
    lang: str | None,
    why: Callable[[str], Any] | None,
    options: dict[str, Any],
    streamed: bool,
) -> Derivation:
    """The rich view: with ``streamed``, the steps now, a spinner while SymPy verifies,
    then the badge; the derivation as verified."""
    screen = console()
    shown = derivation_renderable(derivation, lang, explanations=why, width=screen.width, **options)
    if streamed:
        screen.print(shown.renderables[0])
        with screen.status(message("verifying", lang)):
            derivation = derivation.with_verification(derivation.verify())
        shown = derivation_renderable(
            derivation, lang, explanations=why, width=screen.width, **options
        )
        shown = Group(shown.renderables[-1])
    screen.print(shown)
    return derivation


def text_then_badge(
    derivation: Derivation, lang: str | None, explain: bool, options: dict[str, Any]
) -> Derivation:
    """Print the steps of an unverified derivation at once, verify it (the SymPy worker
    loads meanwhile), then print the badge: the same text as verifying first, the last
    line later."""
    text = derivation.to_text(lang, explain=explain, **options)
    pending = "\n" + terminal_text(verification_line(derivation, lang))
    if text.endswith(pending):
        _line(text[: -len(pending)])
        sys.stdout.flush()
    derivation = derivation.with_verification(derivation.verify())
    if text.endswith(pending):
        _line(verification_line(derivation, lang))
    else:  # a layout without the badge last: printed whole, once verified
        _line(derivation.to_text(lang, explain=explain, **options))
    return derivation


def _line(text: str) -> None:
    """``text`` on standard output as a line, control characters shown, not sent."""
    sys.stdout.write(terminal_text(text if text.endswith("\n") else text + "\n"))
