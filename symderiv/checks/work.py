"""A learner's worked solution, checked line by line.

Each line is meant to equal the derivative f′: ``(x^2)' e^x + x^2 (e^x)'``, then
``2x e^x + x^2 e^x``, and so on.  A derivative written in a line (``(x^2)'``,
``d/dx(…)``, ``\\frac{d}{dx}…``) is worked out by the engine; the line is then judged
by the answer oracle (:func:`~symderiv.checks.answers.check_answer`'s comparison, never
our derivation alone): right, wrong (with the simplest point that shows it), undecided,
or unreadable (with the reason).

The first wrong line is diagnosed relative to the line before it: the typical mistakes
made in working out the derivatives that line still wrote (``(eˣ)′`` taken as
``x·eˣ⁻¹``); when the line before wrote none (or for the first line), relative to the
derivation of f itself.

>>> work = check_work("x^2 e^x", ["(x^2)' e^x + x^2 (e^x)'", "2x e^x + x^2 x e^(x-1)"])
>>> [line.status for line in work.lines], work.first_wrong
(['right', 'wrong'], 1)
>>> work.diagnosis.rule, work.diagnosis.mistake
('exp', 'power-rule-on-exponential')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import SymDerivError
from ..expr import Derivative, Expr, fold, postorder, rebuild
from ..pipeline import as_expression, derive
from ..render.messages import language
from ..render.pretty import to_pretty
from ..steps import Derivation, Step
from .answers import StandIns, check_answer, same_on_domain
from .counterexample import Counterexample
from .mistakes import Diagnosis, diagnose, diagnose_within

__all__ = ["STATUSES", "WorkCheck", "WorkLine", "check_work", "read_work"]

#: What a line can be found to be.
STATUSES = ("right", "wrong", "undecided", "unreadable")

_WORDS: dict[str, dict[str, str]] = {
    "right": {"en": "right", "ja": "正しい"},
    "wrong": {"en": "wrong", "ja": "誤り"},
    "undecided": {"en": "undecided", "ja": "判定できず"},
    "unreadable": {"en": "unreadable", "ja": "読めない"},
    "heading": {
        "en": "Checking the derivative of {f} with respect to {x}: ({f})′ = {df}",
        "ja": "{f} の {x} についての微分を確認します: ({f})′ = {df}",
    },
    "all-right": {"en": "Every line is right.", "ja": "すべての行が正しいです。"},
    "no-lines": {"en": "There is no line to check.", "ja": "確かめる行がありません。"},
    "first-wrong": {"en": "First wrong line: {n}.", "ja": "最初の誤りは {n} 行目です。"},
    "no-wrong": {
        "en": "No line is shown wrong; {n} could not be decided.",
        "ja": "誤りは見つかりませんでしたが、{n} 行は判定できませんでした。",
    },
    "line": {"en": "line", "ja": "行"},
    "status": {"en": "verdict", "ja": "判定"},
    "expression": {"en": "expression", "ja": "式"},
    "where": {"en": "where it differs", "ja": "異なる点"},
}


def word(key: str, lang: str | None = None) -> str:
    """A word of this module's output in ``lang``."""
    return _WORDS[key][language(lang)]


@dataclass(frozen=True)
class WorkLine:
    """One line of a worked solution: its text, what it was read as (``expr``), its value
    with the derivatives it writes worked out (``value``), and its verdict."""

    number: int
    text: str
    status: str
    expr: Expr | None = None
    value: Expr | None = None
    point: Counterexample | None = None
    detail: str = ""

    @property
    def shown(self) -> str:
        """The line as read, in the Unicode notation (as typed when it was not read)."""
        return self.text if self.expr is None else to_pretty(self.expr)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "line": self.number,
            "text": self.text,
            "status": self.status,
            "verdict": word(self.status, lang),
            "read_as": None if self.expr is None else str(self.expr),
            "point": None if self.point is None else self.point.to_dict(),
            "where": None if self.point is None else self.point.text(lang),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class WorkCheck:
    """The verdict on each line; ``first_wrong`` the index (from 0) of the first wrong
    line (``None``: none); ``diagnosis`` what went wrong in it."""

    derivation: Derivation
    lines: tuple[WorkLine, ...]
    first_wrong: int | None = None
    diagnosis: Diagnosis | None = None
    relative_to: str = field(default="")

    @property
    def correct(self) -> bool:
        """Every line shown right."""
        return bool(self.lines) and all(line.status == "right" for line in self.lines)

    def __bool__(self) -> bool:
        return self.correct

    def text(self, lang: str | None = None) -> str:
        """The verdicts as plain text, in ``lang``."""
        chosen = language(lang)
        rows = [self._heading(chosen)]
        for line in self.lines:
            mark = {"right": "✓", "wrong": "✗"}.get(line.status, "?")
            rows.append(
                f"  {line.number:>2} {mark} {_padded(word(line.status, chosen), 10)} {line.shown}"
            )
            if line.point is not None:
                rows.append(f"       {line.point.text(chosen)}")
            elif line.detail and line.status != "right":
                rows.append(f"       {line.detail}")
        rows.append(self.conclusion(chosen))
        return "\n".join(rows)

    def _heading(self, lang: str) -> str:
        d = self.derivation
        return word("heading", lang).format(
            f=to_pretty(d.source), x=to_pretty(d.var), df=to_pretty(d.result)
        )

    def conclusion(self, lang: str | None = None) -> str:
        """``First wrong line: 3.`` and its diagnosis, or that every line is right."""
        chosen = language(lang)
        if self.first_wrong is not None:
            text = word("first-wrong", chosen).format(n=self.lines[self.first_wrong].number)
            if self.diagnosis is not None:
                text += (" " if chosen == "en" else "") + self.diagnosis.message_in(chosen)
            return text
        if not self.lines:
            return word("no-lines", chosen)
        undecided = sum(line.status != "right" for line in self.lines)
        return (
            word("no-wrong", chosen).format(n=undecided) if undecided else word("all-right", chosen)
        )

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The verdicts as JSON-ready data; ``"first_wrong"`` is the number of the first
        wrong line, counted from 1 as each line's ``"line"`` and the conclusion count."""
        d = self.derivation
        first_wrong = None if self.first_wrong is None else self.lines[self.first_wrong].number
        return {
            "function": str(d.source),
            "variable": str(d.var),
            "derivative": str(d.result),
            "correct": self.correct,
            "first_wrong": first_wrong,
            "lines": [line.to_dict(lang) for line in self.lines],
            "diagnosis": None if self.diagnosis is None else self.diagnosis.to_dict(lang),
            "conclusion": self.conclusion(lang),
        }

    def to_markdown(self, lang: str | None = None) -> str:
        """A Markdown table of the lines, with the conclusion under it."""
        chosen = language(lang)
        rows = [
            self._heading(chosen),
            "",
            f"| {word('line', chosen)} | {word('expression', chosen)} | "
            f"{word('status', chosen)} | {word('where', chosen)} |",
            "|---:|---|---|---|",
        ]
        for line in self.lines:
            where = line.point.text(chosen) if line.point is not None else ""
            if not where and line.status == "unreadable":
                where = line.detail
            rows.append(
                f"| {line.number} | `{_cell(line.text)}` | {word(line.status, chosen)} | "
                f"{_cell(where)} |"
            )
        rows += ["", self.conclusion(chosen)]
        return "\n".join(rows)

    def to_rich(self, lang: str | None = None) -> Any:
        """A rich renderable: the heading, a table of the lines, the conclusion."""
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        chosen = language(lang)
        table = Table(title=None)
        table.add_column(word("line", chosen), justify="right")
        table.add_column(word("expression", chosen))
        table.add_column(word("status", chosen))
        table.add_column(word("where", chosen))
        styles = {"right": "green", "wrong": "bold red"}
        for line in self.lines:
            where = line.point.text(chosen) if line.point is not None else ""
            if not where and line.status == "unreadable":
                where = line.detail
            table.add_row(
                str(line.number),
                Text(line.shown),
                Text(word(line.status, chosen), style=styles.get(line.status, "yellow")),
                Text(where),
            )
        return Group(Text(self._heading(chosen)), table, Text(self.conclusion(chosen)))


def _padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` columns of a terminal (a wide character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'").replace("\n", " ")


# -- reading the lines -------------------------------------------------------------------
_LEADING = re.compile(r"^\s*(?:&\s*)?=\s*|^\s*&\s*")
_TRAILING = re.compile(r"\s*(?:\\\\|\\nonumber|\\notag|,|\.)?\s*$")


def _line_text(text: str) -> str:
    """A line without its leading ``=`` (or ``&=``), its LaTeX line break, or a
    ``f'(x) =``/``y' =`` before it."""
    stripped = _TRAILING.sub("", _LEADING.sub("", text.strip()))
    if "=" in stripped:
        stripped = stripped.rsplit("=", 1)[1].lstrip("& ")
    return stripped.strip()


def _evaluated(expr: Expr, var: Expr, functions: tuple[str, ...]) -> Expr:
    """``expr`` with every derivative it writes worked out by the engine."""

    def combine(node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        if isinstance(rebuilt, Derivative):
            wrt = rebuilt.var if rebuilt.var is not None else var
            return derive(
                rebuilt.expr, wrt, order=rebuilt.order, verify=False, functions=functions
            ).result
        return rebuilt

    return fold(expr, combine)


def _derivative_roots(expr: Expr, var: Expr, functions: tuple[str, ...]) -> dict[Expr, Step] | None:
    """Each first-order derivative written in ``expr`` with the steps that work it out
    (``None`` when a derivative in it is of higher order or holds another)."""
    roots: dict[Expr, Step] = {}
    for node in postorder(expr):
        if not isinstance(node, Derivative):
            continue
        inner = node.expr
        if node.order != 1 or any(isinstance(n, Derivative) for n in postorder(inner)):
            return None
        wrt = node.var if node.var is not None else var
        if wrt != var:
            return None
        roots[node] = derive(inner, wrt, verify=False, functions=functions).step
    return roots


# -- checking ------------------------------------------------------------------------------
def check_work(
    expr: Expr | str,
    lines: Iterable[str | Expr],
    var: Expr | str | None = None,
    *,
    functions: Iterable[str] = (),
) -> WorkCheck:
    """Judge each line of a worked solution of "differentiate ``expr``" (see the module)."""
    declared = tuple(functions)
    derivation = derive(expr, var, verify=False, functions=declared)
    judged: list[WorkLine] = []
    for number, line in enumerate(lines, 1):
        judged.append(_judge(derivation, number, line, declared))
    first_wrong = next((i for i, line in enumerate(judged) if line.status == "wrong"), None)
    diagnosis, relative_to = None, ""
    if first_wrong is not None:
        before = judged[first_wrong - 1] if first_wrong > 0 else None
        diagnosis, relative_to = _diagnosis(derivation, judged[first_wrong], before, declared)
    return WorkCheck(derivation, tuple(judged), first_wrong, diagnosis, relative_to)


def _judge(
    derivation: Derivation, number: int, line: str | Expr, functions: tuple[str, ...]
) -> WorkLine:
    text = _line_text(line) if isinstance(line, str) else str(line)
    try:
        expr = as_expression(text if isinstance(line, str) else line, functions=functions)
        value = _evaluated(expr, derivation.var, functions)
        verdict = check_answer(derivation.source, value, derivation.var, functions=functions)
    except (SymDerivError, ValueError) as error:
        return WorkLine(number, text, "unreadable", detail=str(error).splitlines()[0])
    status = {"verified": "right", "mismatch": "wrong"}.get(verdict.status, "undecided")
    return WorkLine(number, text, status, expr, value, verdict.point, verdict.detail)


def _diagnosis(
    derivation: Derivation,
    wrong: WorkLine,
    before: WorkLine | None,
    functions: tuple[str, ...],
) -> tuple[Diagnosis | None, str]:
    """The diagnosis of the first wrong line: relative to the derivatives the line before
    still wrote, if it wrote any and was not wrong itself; else to f's derivation."""
    assert wrong.value is not None
    stand_ins = StandIns()
    source = stand_ins.apply(derivation.source)
    answer = stand_ins.apply(wrong.value)

    def confirm(a: Expr, b: Expr) -> bool:
        return same_on_domain(a, stand_ins.apply(b), source)[0] == "verified"

    if before is not None and before.expr is not None and before.status != "wrong":
        roots = _derivative_roots(before.expr, derivation.var, functions)
        if roots:
            found = diagnose_within(
                before.expr, roots, answer, source, confirm, stand_ins.apply, as_written=wrong.value
            )
            if found.explained:
                return found, f"line {before.number}"
    if derivation.order != 1:
        return None, ""
    diagnosis = diagnose(
        derivation.step, answer, source, confirm, stand_ins.apply, as_written=wrong.value
    )
    return diagnosis, "f"


# -- reading a file -------------------------------------------------------------------------
_ALIGN = re.compile(
    r"\\begin\{(align\*?|aligned|eqnarray\*?|gather\*?)\}(.*?)\\end\{\1\}", re.DOTALL
)
_STATED = re.compile(r"\b[fgyh]\s*\(\s*x\s*\)\s*=\s*([^$\n]+)")
_FUNCTION_LINE = re.compile(r"^\s*(?:[A-Za-z]\s*\(\s*[A-Za-z]\s*\)|y)\s*=\s*(.+)$")


def read_work(text: str) -> tuple[str, list[str]]:
    """The function and the lines of a worked solution written in a file.

    A plain file: the function on the first line (``x^2 e^x`` or ``f(x) = x^2 e^x``),
    then one line per step.  A Markdown or LaTeX file: the first ``align`` block (or
    ``align*``, ``aligned``, …), whose rows are split at ``\\\\``; a first row such as
    ``\\frac{d}{dx}(x^2 e^x) &= …`` names the function on its left, a first row
    ``f(x) &= x^2 e^x`` gives it, and the other rows are the steps."""
    block = _ALIGN.search(text)
    if block is not None:
        rows = [row.strip() for row in re.split(r"\\\\", block.group(2))]
        rows = [row for row in rows if row and not row.startswith("%")]
        if not rows:
            raise ValueError("the align block has no rows")
        left, _, right = rows[0].replace("&", "").partition("=")
        try:
            head = as_expression(left.strip())
        except (SymDerivError, ValueError):
            head = None
        if isinstance(head, Derivative):
            return str(head.expr), [right.strip(), *rows[1:]]
        if "'" in left or "d" in left:  # f'(x) &= …: the function is stated before
            stated = _STATED.findall(text[: block.start()])
            if not stated:
                raise ValueError(
                    "cannot tell which function is differentiated: write it on the left "
                    "of the first row (\\frac{d}{dx}(…) &= …) or as f(x) = … before the block"
                )
            return stated[-1].strip(), [right.strip(), *rows[1:]]
        return right.strip(), rows[1:]
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines:
        raise ValueError("the file has no function and no lines")
    first = _FUNCTION_LINE.match(lines[0])
    return (first.group(1).strip() if first else lines[0]), lines[1:]
