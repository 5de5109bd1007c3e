"""What the calculus results are made of, for every renderer: a result is a sequence of
:class:`Block` records (a heading, an equation, an embedded :class:`~symderiv.steps.Derivation`,
a matrix, a verdict), each naming a message key that the renderers look up in English or
Japanese.  The renderers sit a floor above (:mod:`symderiv.render.course`) and fill
:data:`PRESENTERS` when imported, so that ``result.to_text()`` reaches them without this
module importing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..deferred import connect_facade
from ..expr import Expr
from ..steps import Derivation

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

__all__ = [
    "PRESENTERS",
    "Block",
    "Label",
    "Report",
    "Verdict",
    "combined",
    "derivation_verdict",
]


@dataclass(frozen=True)
class Label:
    """The left-hand side of a displayed equation (``dy/dx``, ``f(π/2)``, ``H``), written
    for plain text and for LaTeX."""

    text: str
    latex: str


@dataclass(frozen=True)
class Verdict:
    """What a check established: ``status`` is ``"verified"``, ``"mismatch"`` or
    ``"undecided"``; ``key`` and ``values`` say how, as a message."""

    status: str
    key: str
    values: tuple[tuple[str, Any], ...] = ()

    def __bool__(self) -> bool:
        return self.status == "verified"


@dataclass(frozen=True)
class Block:
    """One displayed piece of a result.

    ``kind`` is ``"heading"`` (a message), ``"equation"`` (``label = expr`` or
    ``left = expr``, with an optional message as its note), ``"derivation"`` (an
    embedded derivation with its own steps), ``"matrix"`` (``label = rows``) or
    ``"verdict"``.
    """

    kind: str
    key: str = ""
    values: tuple[tuple[str, Any], ...] = ()
    label: Label | None = None
    expr: Expr | None = None
    derivation: Derivation | None = None
    rows: tuple[tuple[Expr, ...], ...] = ()
    verdict: Verdict | None = None
    left: Expr | None = None


def heading(key: str, **values: Any) -> Block:
    return Block("heading", key, tuple(values.items()))


def equation(label: Label | Expr, expr: Expr, key: str = "", **values: Any) -> Block:
    """``label = expr``; the left side is a label (dy/dx) or an expression."""
    if isinstance(label, Expr):
        return Block("equation", key, tuple(values.items()), expr=expr, left=label)
    return Block("equation", key, tuple(values.items()), label=label, expr=expr)


def steps_of(derivation: Derivation) -> Block:
    return Block("derivation", derivation=derivation)


def matrix(label: Label, rows: Iterable[Iterable[Expr]]) -> Block:
    return Block("matrix", label=label, rows=tuple(tuple(row) for row in rows))


def verdict_block(verdict: Verdict) -> Block:
    return Block("verdict", verdict=verdict)


def derivation_verdict(derivation: Derivation) -> Verdict:
    """A derivation's own verification as a verdict (``undecided`` when it was not
    verified)."""
    v = derivation.verification
    if v is None:
        return Verdict("undecided", "not-verified")
    return Verdict(v.status, f"sympy-{v.status}", (("summary", v.summary()),))


def combined(verdicts: Iterable[Verdict]) -> str:
    """``"mismatch"`` if any check failed, else ``"undecided"`` if any could not decide,
    else ``"verified"``."""
    statuses = {v.status for v in verdicts}
    for status in ("mismatch", "undecided"):
        if status in statuses:
            return status
    return "verified"


#: The renderers of a :class:`Report`, by format: ``"text"``, ``"latex"``,
#: ``"markdown"``, ``"html"``, ``"dict"``, ``"rich"`` — filled by :mod:`symderiv.render.course`.
PRESENTERS: dict[str, Callable[..., Any]] = {}


def _presenter(name: str) -> Callable[..., Any]:
    found = PRESENTERS.get(name)
    if found is None:  # the facade connects them when it loads
        connect_facade()
        found = PRESENTERS.get(name)
    if found is None:
        raise RuntimeError(f"{name} output is connected by symderiv.api; import symderiv")
    return found


class Report:
    """A calculus result shown as blocks: the methods every renderer reaches."""

    kind: ClassVar[str] = "result"

    def name(self) -> str:
        """What the result is: ``"implicit"``, ``"jacobian"``, ``"taylor"``, …"""
        return self.kind

    def blocks(self) -> tuple[Block, ...]:  # pragma: no cover - every result defines it
        raise NotImplementedError

    def verdicts(self) -> tuple[Verdict, ...]:
        return tuple(b.verdict for b in self.blocks() if b.verdict is not None)

    @property
    def status(self) -> str:
        """``"verified"`` when every check passed (see :func:`combined`)."""
        found = self.verdicts()
        return combined(found) if found else "undecided"

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    def to_text(self, lang: str | None = None, **options: Any) -> str:
        return _presenter("text")(self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_latex(self, lang: str | None = None, **options: Any) -> str:
        return _presenter("latex")(self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_markdown(self, lang: str | None = None, **options: Any) -> str:
        return _presenter("markdown")(self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_html(self, lang: str | None = None, **options: Any) -> str:
        """An HTML fragment, set on a derivation's page by
        :func:`symderiv.render.html.render_html` (its ``after``)."""
        return _presenter("html")(self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        return _presenter("dict")(self)  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return self.to_text()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _presenter("rich")(self, console, options)

    def _repr_latex_(self) -> str:
        return self.to_latex()
