"""The rich terminal view: a tree of steps with coloured rule names, wrapped to the
terminal width, ending with the verification badge.  ``Derivation`` renders itself
through ``__rich_console__``.

Every string reaches rich as :class:`~rich.text.Text` made by
:func:`symderiv.escape.rich_text` (or appended to one), never as console markup, so a
name or a message is printed as it reads."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from rich.console import Console, ConsoleOptions, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..escape import rich_text, terminal_text
from ..expr import Expr
from ..focus import Path
from ..steps import Derivation
from .highlight import focus_marks
from .layout import lay_out
from .notes import note_label, reading_notes
from .pretty import to_pretty, to_pretty_marked
from .text import acted_on, annotation, answer_note, heading_text, verification_line

__all__ = ["derivation_renderable", "render_rich"]

#: Deeper steps hang from the node at this depth (a terminal is only so wide).
MAX_TREE_DEPTH = 8

_BADGE_STYLE = {"verified": "bold green", "mismatch": "bold red", "undecided": "bold yellow"}


#: The style of what a tidying move made, in its line.
FOCUS_STYLE = "underline bright_blue"
_MARKS = ("\ue000", "\ue001")
_MARKED = re.compile("[\ue000\ue001]")


def _formula(expr: Expr, marks: tuple[Path, ...], style: str = "bold") -> Text:
    """The expression as text in ``style``, the parts at ``marks`` in :data:`FOCUS_STYLE`."""
    if not marks:
        return Text(terminal_text(to_pretty(expr)), style=style)
    text = Text(style=style)
    for index, part in enumerate(_MARKED.split(to_pretty_marked(expr, marks, *_MARKS))):
        text.append(terminal_text(part), style=FOCUS_STYLE if index % 2 else "")
    return text


def _equation(left: str, right: str | Text, note: str, room: int | None = None) -> Text:
    """``left = right`` and the rule note after it, or on a line of its own below when
    the line would be wider than ``room`` columns (so that a rule name never breaks)."""
    text = Text()
    if left:
        text.append(terminal_text(left))
        text.append(" ")
    text.append("= ")
    if isinstance(right, Text):
        text.append_text(right)
    else:
        text.append(terminal_text(right), style="bold")
    if note:
        name, _, rest = terminal_text(note).partition(" · ")
        wide = room is not None and text.cell_len + 4 + len(note) > room
        text.append("\n" if wide else "    ")
        text.append(name, style="cyan")
        if rest:
            text.append(f" · {rest}", style="dim")
    return text


#: The style of a reading note's mark (``note:``) and of its sentence.
NOTE_STYLES = ("bold yellow", "yellow")


def _notes(derivation: Derivation, lang: str | None) -> Table | None:
    """The reading notes to set under the formula as read: ``note:`` and each sentence,
    wrapped beside it; ``None`` for a formula read without one."""
    sentences = reading_notes(derivation, lang)
    if not sentences:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for sentence in sentences:
        grid.add_row(
            rich_text(f"{note_label(lang)}:", NOTE_STYLES[0]), rich_text(sentence, NOTE_STYLES[1])
        )
    return grid


def _room(width: int | None, depth: int) -> int | None:
    """Columns left for a step's label at ``depth`` inside the panel and tree guides."""
    return None if width is None else width - 4 - 4 * min(depth, MAX_TREE_DEPTH)


def derivation_renderable(
    derivation: Derivation,
    lang: str | None = None,
    *,
    detail: str = "normal",
    skip: Iterable[str] = (),
    explanations: Callable[[str], Sequence[str]] | None = None,
    width: int | None = None,
    highlight: bool = True,
) -> Group:
    """A rich renderable: one panel per order with the step tree, then the badge;
    ``explanations(rule)`` gives lines saying why a rule holds, set under its first
    step (computed by the caller: see :mod:`symderiv.checks.explain`); with the
    terminal's ``width``, a rule note that would not fit goes on a line of its own;
    with ``highlight``, what each tidying move made is underlined in its line."""
    panels: list[Any] = []
    explained: set[str] = set()
    tree: Tree | None = None
    parents: list[Tree] = []
    lines = lay_out(derivation, detail=detail, skip=skip)
    marks = focus_marks(lines) if highlight else {}
    for index, line in enumerate(lines):
        if line.kind == "heading":
            heading = rich_text(heading_text(line), "bold magenta")
            notes = _notes(derivation, lang) if line.order == 1 else None
            tree = Tree(heading if notes is None else Group(heading, notes), guide_style="dim")
            parents = [tree]
            panels.append(tree)
        elif tree is None:
            continue
        elif line.kind == "application" and line.expr is not None:
            tree.add(rich_text(f"= {to_pretty(line.expr)}"))
        elif line.kind == "step" and line.step is not None:
            assert line.expr is not None and line.result is not None
            del parents[min(line.depth, MAX_TREE_DEPTH) :]
            label = _equation(
                f"({to_pretty(line.expr)})′",
                to_pretty(line.result),
                annotation(line.step, lang, detail, line.budget),
                _room(width, line.depth),
            )
            if explanations is not None and line.step.rule not in explained:
                explained.add(line.step.rule)
                for why in explanations(line.step.rule):
                    label.append("\n")
                    label.append_text(rich_text(why.strip(), "italic dim"))
            parents.append(parents[-1].add(label))
        elif line.kind == "result" and line.result is not None:
            tree.add(
                Text("= ", style="bold").append_text(_formula(line.result, marks.get(index, ())))
            )
        elif line.kind == "rewrite" and line.step is not None and line.result is not None:
            note = annotation(line.step, lang, detail)
            if detail == "full":
                note += acted_on(line.step, lang)
            shown = _formula(line.result, marks.get(index, ()))
            tree.add(_equation("", shown, note, _room(width, 1)))
        elif line.kind == "answer" and line.result is not None:
            note = answer_note(line, lang)
            tree.add(_equation("", to_pretty(line.result), note, _room(width, 1)))
    status = derivation.verification.status if derivation.verification else "none"
    badge = rich_text(verification_line(derivation, lang), _BADGE_STYLE.get(status, "dim"))
    body = Group(*panels)
    return Group(Panel(body, expand=False), badge)


def render_rich(
    derivation: Derivation, console: Console, options: ConsoleOptions, **settings: Any
) -> Iterator[Any]:
    """The ``__rich_console__`` protocol."""
    settings.setdefault("width", options.max_width)
    yield derivation_renderable(derivation, **derivation.options.get("render", {}), **settings)
