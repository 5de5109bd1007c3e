"""Grading a class: every student's answer to every problem, and the class's mistakes.

The answers are a CSV file with the columns ``student``, ``problem`` and ``answer``; the
function of each problem is in a ``function`` column of the same file or in a second CSV
file with the columns ``problem`` and ``function`` (and, in either, an optional ``var``).
Each answer is judged by :func:`~symderiv.checks.answers.check_answer` and ends in one
verdict:

* ``correct``; ``wrong``, with the typical mistake that explains it (when one does), the
  rule it broke and the simplest point that shows it wrong;
* ``undecided`` (also an answer over its time limit), or ``unreadable`` (an answer that is
  not a formula, or in a variable the problem lacks: refused, not marked wrong).

Answers are checked in worker processes, like ``check-file`` (each with a CPU limit);
``jobs=1`` checks them in this process.

>>> report = grade_rows(
...     [{"student": "ann", "problem": "p1", "answer": "cos(x^2)", "function": "sin(x^2)"},
...      {"student": "bob", "problem": "p1", "answer": "2x cos(x^2)", "function": "sin(x^2)"}],
...     jobs=1)
>>> [(r.student, r.verdict, r.mistake) for r in report.results]
[('ann', 'wrong', 'missing-inner-derivative'), ('bob', 'correct', None)]
>>> report.mistakes()
Counter({'missing-inner-derivative': 1})
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import NoRuleError, SymDerivError
from ..escape import spreadsheet_cell, terminal_text
from ..parse.refusals_ja import in_japanese
from ..render.messages import catalogue, language, looked_up, translated
from .answers import check_answer
from .batch import DEFAULT_LINE_LIMIT, Item, LineResult, check_file
from .mistakes import mistake_name

__all__ = [
    "GRADE_LINE",
    "VERDICTS",
    "GradeReport",
    "GradeResult",
    "grade_file",
    "grade_line",
    "grade_rows",
    "in_language",
    "read_answers",
]

#: Every verdict, in the order the summary lists them.
VERDICTS = ("correct", "wrong", "undecided", "unreadable")
#: The function a worker grades a row with.
GRADE_LINE = "symderiv.checks.grade:grade_line"

_WORDS: dict[str, dict[str, str]] = {
    "correct": {"en": "correct", "ja": "正解"},
    "wrong": {"en": "wrong", "ja": "誤り"},
    "undecided": {"en": "undecided", "ja": "判定できず"},
    "unreadable": {"en": "unreadable", "ja": "読めない"},
    "student": {"en": "student", "ja": "学生"},
    "problem": {"en": "problem", "ja": "問題"},
    "score": {"en": "score", "ja": "得点"},
    "mistake": {"en": "mistake", "ja": "誤りの種類"},
    "count": {"en": "answers", "ja": "件数"},
    "share": {"en": "share of wrong answers", "ja": "誤答に占める割合"},
    "problems": {"en": "problems", "ja": "問題"},
    "unexplained": {"en": "no typical mistake", "ja": "典型的な誤りではない"},
    "heading": {
        "en": "{students} students, {problems} problems, {answers} answers: "
        "{correct} correct, {wrong} wrong, {undecided} undecided, {unreadable} unreadable",
        "ja": "学生 {students} 人、問題 {problems} 問、解答 {answers} 件: 正解 {correct}、"
        "誤り {wrong}、判定できず {undecided}、読めない {unreadable}",
    },
    "frequencies": {"en": "Mistakes over the class", "ja": "クラス全体の誤りの頻度"},
}


def word(key: str, lang: str | None = None) -> str:
    return _WORDS[key][language(lang)]


#: Why an answer was not judged, and why the files cannot be graded, in Japanese: (the
#: English pattern, the Japanese with its groups), the first that matches the whole text.
#: The readers' refusals are in :data:`symderiv.parse.refusals_ja.REFUSALS_JA` and the
#: checkers' in :data:`symderiv.render.messages.ENGLISH_JA`.
DETAILS_JA = catalogue(
    (
        r"the answer uses (?P<names>.+), which the function (?P<function>.+) does not "
        r"have \(is it a typing slip, or the answer to another problem\?\)",
        "解答に {names} が使われていますが、関数 {function} にはありません"
        "（打ち間違いか、別の問題の解答ではありませんか？）",
    ),
    (
        r"expected a number, a name or '\(' but found the end of the input",
        "数、名前または '(' があるべきところで式が終わっています",
    ),
    (r"(?P<path>.+): empty file", "{path}: 空のファイルです"),
    (
        r"(?P<path>.+): no (?P<names>.+) column \(the columns are student, problem, "
        r"answer, and function unless the problems are in a second file\)",
        "{path}: {names} の列がありません（列は student、problem、answer と、"
        "問題が別のファイルにないときは function です）",
    ),
    (
        r"(?P<path>.+): the columns are problem and function \(and var\)",
        "{path}: 列は problem と function（と var）です",
    ),
    (
        r"(?P<path>.+), line (?P<line>\d+): problem (?P<problem>.+) has no function "
        r"\(give a function column or a problems file\)",
        "{path} の {line} 行目: 問題 {problem} の関数がありません"
        "（function の列か、問題のファイルを指定してください）",
    ),
)


def in_language(text: str, lang: str | None = None) -> str:
    """A refusal or a checker's message (why an answer was not judged, a line of
    ``check-file``, a file that cannot be graded) in ``lang``: in Japanese where a
    catalogue has it, else as it is.

    >>> in_language("unknown function 'foo'; did you mean floor? at column 1", "ja")
    "関数 'foo' は知りません。floor のことですか？（1 文字目）"
    """
    return translated(text, _in_japanese) if language(lang) == "ja" else text


def _in_japanese(text: str) -> str:
    """``text`` in Japanese by :data:`DETAILS_JA` or the readers' catalogue (a refusal's
    ``… at column 3`` as ``…（3 文字目）``), else as it is."""
    found = looked_up(text, DETAILS_JA)
    if found is not None:
        return found
    said, at, column = text.rpartition(" at column ")
    if at and column.isdigit():
        japanese = _in_japanese(said)
        if japanese != said:
            return f"{japanese}（{column} 文字目）"
    return in_japanese(text) or text


@dataclass(frozen=True)
class GradeResult:
    """One student's answer to one problem, judged.  ``messages`` and ``points`` hold the
    diagnosis and the counterexample point in each language (``en``, ``ja``)."""

    student: str
    problem: str
    function: str
    answer: str
    verdict: str
    mistake: str | None = None
    mistakes: tuple[str, ...] = ()
    rule: str | None = None
    messages: dict[str, str] | None = None
    points: dict[str, str] | None = None
    detail: str = ""

    def cell(self, lang: str | None = None) -> str:
        """What the table shows: ✓, the mistake's name, ✗, ? or the refusal."""
        if self.verdict == "correct":
            return "✓"
        if self.verdict == "wrong":
            if self.mistakes:
                return "✗ " + " + ".join(mistake_name(key, lang) for key in self.mistakes)
            return "✗ " + word("unexplained", lang)
        return "? " + word(self.verdict, lang)

    def message(self, lang: str | None = None) -> str:
        """The diagnosis of a wrong answer, or why the answer was not judged, in
        ``lang``."""
        chosen = language(lang)
        if self.messages:
            return self.messages[chosen]
        return in_language(self.detail, chosen)

    def point(self, lang: str | None = None) -> str:
        return self.points[language(lang)] if self.points else ""

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        data = asdict(self)
        data["mistakes"] = list(self.mistakes)
        data["verdict_text"] = word(self.verdict, lang)
        data["message"] = self.message(lang)
        data["point"] = self.point(lang)
        return data


# -- one answer ----------------------------------------------------------------------------
def grade_one(record: dict[str, Any]) -> GradeResult:
    """Judge one row (``student``, ``problem``, ``function``, ``answer``, ``var``): every
    failure is a verdict, never an exception."""
    base = _head(record)
    var = record.get("var") or None
    try:
        check = check_answer(base[2], base[3], var)
    except NoRuleError as error:
        return GradeResult(*base, verdict="undecided", detail=_first_line(error))
    except (SymDerivError, ValueError, TypeError) as error:
        return GradeResult(*base, verdict="unreadable", detail=_first_line(error))
    except RecursionError:
        return GradeResult(*base, verdict="undecided", detail="nested too deeply")
    if check.status == "verified":
        return GradeResult(*base, verdict="correct")
    if check.status != "mismatch":
        return GradeResult(*base, verdict="undecided", detail=check.detail)
    diagnosis = check.diagnosis
    points = (
        None if check.point is None else {lang: check.point.text(lang) for lang in ("en", "ja")}
    )
    if diagnosis is None:
        return GradeResult(*base, verdict="wrong", points=points)
    return GradeResult(
        *base,
        verdict="wrong",
        mistake=diagnosis.mistake,
        mistakes=diagnosis.mistakes,
        rule=diagnosis.rule,
        messages=diagnosis.messages,
        points=points,
    )


def _head(record: dict[str, Any]) -> tuple[str, str, str, str]:
    """The row's student, problem, function and answer, as text."""
    student, problem, function, answer = (
        str(record.get(key) or "") for key in ("student", "problem", "function", "answer")
    )
    return student, problem, function, answer


def _first_line(error: BaseException) -> str:
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__


def grade_line(item: Item, budget: float) -> LineResult:
    """A worker's task (see :func:`~symderiv.checks.batch.check_file`): one JSON row, its
    :class:`GradeResult` sent back as JSON in the detail."""
    number, text = item
    try:
        result = grade_one(json.loads(text))
    except MemoryError:
        raise
    except Exception as error:  # a defect of ours: reported on the row, never fatal
        record = json.loads(text)
        result = GradeResult(
            str(record.get("student", "")),
            str(record.get("problem", "")),
            str(record.get("function", "")),
            str(record.get("answer", "")),
            "undecided",
            detail=f"{type(error).__name__}: {_first_line(error)}",
        )
    return LineResult(number, str(number), result.verdict, json.dumps(asdict(result)))


# -- the class ------------------------------------------------------------------------------
@dataclass
class GradeReport:
    """Every answer judged, in the order of the file."""

    results: list[GradeResult]

    @property
    def students(self) -> list[str]:
        return list(dict.fromkeys(r.student for r in self.results))

    @property
    def problems(self) -> list[str]:
        return list(dict.fromkeys(r.problem for r in self.results))

    def counts(self) -> Counter[str]:
        return Counter(r.verdict for r in self.results)

    def mistakes(self) -> Counter[str]:
        """How many wrong answers each mistake explains (an answer with two counts twice);
        ``None`` counts the wrong answers no typical mistake explains."""
        counted: Counter[Any] = Counter()
        for result in self.results:
            if result.verdict == "wrong":
                counted.update(result.mistakes or [None])
        return counted

    def score(self, student: str) -> tuple[int, int]:
        mine = [r for r in self.results if r.student == student]
        return sum(r.verdict == "correct" for r in mine), len(mine)

    def heading(self, lang: str | None = None) -> str:
        counts = self.counts()
        return word("heading", lang).format(
            students=len(self.students),
            problems=len(self.problems),
            answers=len(self.results),
            **{verdict: counts[verdict] for verdict in VERDICTS},
        )

    def _grid(self) -> dict[tuple[str, str], GradeResult]:
        return {(r.student, r.problem): r for r in self.results}

    def _frequency_rows(self, lang: str | None) -> list[tuple[str, str, str, str]]:
        wrong = max(1, self.counts()["wrong"])
        rows = []
        for key, count in self.mistakes().most_common():
            seen = dict.fromkeys(
                r.problem
                for r in self.results
                if r.verdict == "wrong" and key in (r.mistakes or (None,))
            )
            name = (
                word("unexplained", lang) if key is None else f"{mistake_name(key, lang)} ({key})"
            )
            rows.append((name, str(count), f"{count / wrong:.0%}", ", ".join(seen)))
        return rows

    def to_rich(self, lang: str | None = None) -> Any:
        """The grid of students and problems, and the mistakes' frequencies (rich)."""
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        grid = self._grid()
        table = Table()
        table.add_column(word("student", lang))
        for problem in self.problems:
            table.add_column(problem)
        table.add_column(word("score", lang), justify="right")
        styles = {"correct": "green", "wrong": "red"}
        for student in self.students:
            cells: list[Any] = [Text(student)]
            for problem in self.problems:
                result = grid.get((student, problem))
                cells.append(
                    Text("")
                    if result is None
                    else Text(result.cell(lang), style=styles.get(result.verdict, "yellow"))
                )
            right, total = self.score(student)
            cells.append(f"{right}/{total}")
            table.add_row(*cells)
        frequencies = Table(title=word("frequencies", lang))
        for column in ("mistake", "count", "share", "problems"):
            frequencies.add_column(word(column, lang))
        for row in self._frequency_rows(lang):
            frequencies.add_row(*(Text(cell) for cell in row))
        return Group(Text(self.heading(lang)), table, frequencies)

    def to_text(self, lang: str | None = None) -> str:
        """One line per answer, then the mistakes' frequencies (plain text): columns
        separated by tabs, control characters in a cell (a tab in a name) shown."""
        lines = [self.heading(lang)]
        for r in self.results:
            lines.append("\t".join(map(terminal_text, (r.student, r.problem, r.cell(lang)))))
            for extra in (r.point(lang), r.message(lang)):
                if extra and r.verdict != "correct":
                    lines.append(f"\t{terminal_text(extra)}")
        lines += ["", word("frequencies", lang)]
        lines += [
            f"  {count:>4}  {share:>5}  {name}  [{seen}]"
            for name, count, share, seen in self._frequency_rows(lang)
        ]
        return "\n".join(lines)

    def to_markdown(self, lang: str | None = None) -> str:
        grid = self._grid()
        head = [word("student", lang), *self.problems, word("score", lang)]
        lines = [self.heading(lang), "", "| " + " | ".join(map(_cell, head)) + " |"]
        lines.append("|" + "---|" * len(head))
        for student in self.students:
            cells = [_cell(student)]
            for problem in self.problems:
                result = grid.get((student, problem))
                cells.append("" if result is None else _cell(result.cell(lang)))
            right, total = self.score(student)
            lines.append("| " + " | ".join([*cells, f"{right}/{total}"]) + " |")
        lines += ["", f"**{word('frequencies', lang)}**", ""]
        columns = [word(key, lang) for key in ("mistake", "count", "share", "problems")]
        lines += ["| " + " | ".join(columns) + " |", "|---|---:|---:|---|"]
        lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in self._frequency_rows(lang)]
        return "\n".join(lines)

    def to_csv(self, lang: str | None = None) -> str:
        """One row per answer: student, problem, function, answer, verdict, mistake, rule,
        point, message; a cell that a spreadsheet would run as a formula is led by ``'``
        (:func:`~symderiv.escape.spreadsheet_cell`)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "student",
                "problem",
                "function",
                "answer",
                "verdict",
                "mistake",
                "rule",
                "point",
                "message",
            ]
        )
        for r in self.results:
            cells = [
                r.student,
                r.problem,
                r.function,
                r.answer,
                r.verdict,
                "+".join(r.mistakes),
                r.rule or "",
                r.point(lang),
                r.message(lang),
            ]
            writer.writerow([spreadsheet_cell(cell) for cell in cells])
        return out.getvalue()

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "counts": {verdict: self.counts()[verdict] for verdict in VERDICTS},
            "results": [r.to_dict(lang) for r in self.results],
            "students": {
                s: dict(zip(("correct", "total"), self.score(s), strict=True))
                for s in self.students
            },
            "mistakes": {
                ("unexplained" if key is None else key): count
                for key, count in self.mistakes().most_common()
            },
        }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# -- reading and running ----------------------------------------------------------------------
_REQUIRED = ("student", "problem", "answer")


def _read_csv(path: str | Path) -> list[dict[str, str]]:
    text = Path(path).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise ValueError(f"{path}: empty file")
    names = [name.strip().lower() for name in reader.fieldnames]
    return [
        {name: (value or "").strip() for name, value in zip(names, row.values(), strict=False)}
        for row in reader
    ]


def read_answers(answers: str | Path, problems: str | Path | None = None) -> list[dict[str, str]]:
    """The rows of ``answers`` with each one's ``function`` (and ``var``): from its own
    column, else from the ``problems`` file.  A missing column or an unknown problem is a
    :class:`ValueError` that names it."""
    rows = _read_csv(answers)
    if not rows:
        return []
    missing = [name for name in _REQUIRED if name not in rows[0]]
    if missing:
        raise ValueError(
            f"{answers}: no {', '.join(missing)} column (the columns are student, problem, "
            "answer, and function unless the problems are in a second file)"
        )
    table: dict[str, dict[str, str]] = {}
    if problems is not None:
        for row in _read_csv(problems):
            if "problem" not in row or "function" not in row:
                raise ValueError(f"{problems}: the columns are problem and function (and var)")
            table[row["problem"]] = row
    for number, row in enumerate(rows, 2):
        if row.get("function"):
            continue
        known = table.get(row["problem"])
        if known is None:
            raise ValueError(
                f"{answers}, line {number}: problem {row['problem']!r} has no function "
                "(give a function column or a problems file)"
            )
        row["function"] = known["function"]
        row.setdefault("var", known.get("var", ""))
        if not row["var"]:
            row["var"] = known.get("var", "")
    return rows


def grade_rows(
    rows: Iterable[dict[str, Any]],
    *,
    jobs: int | None = None,
    progress: bool = False,
    line_limit: float = DEFAULT_LINE_LIMIT,
) -> GradeReport:
    """Grade ``rows`` (dicts with student, problem, function, answer and optionally var)
    on up to ``jobs`` worker processes (default: all cores; 1: in this process)."""
    rows = list(rows)
    workers = jobs if jobs is not None else os.cpu_count() or 1
    if workers == 1:
        return GradeReport([grade_one(row) for row in rows])
    with tempfile.TemporaryDirectory(prefix="symderiv-grade-") as folder:
        path = Path(folder) / "rows.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        summary = check_file(
            path, jobs=workers, progress=progress, line_limit=line_limit, task=GRADE_LINE
        )
    if summary.interrupted:
        raise KeyboardInterrupt
    results = []
    for row, line in zip(rows, summary.results, strict=True):
        try:
            data = json.loads(line.detail)
            data["mistakes"] = tuple(data["mistakes"])
            results.append(GradeResult(**data))
        except (ValueError, TypeError):  # a row stopped by its limit: the reason as detail
            results.append(GradeResult(*_head(row), verdict="undecided", detail=line.detail))
    return GradeReport(results)


def grade_file(
    answers: str | Path,
    problems: str | Path | None = None,
    *,
    jobs: int | None = None,
    progress: bool = False,
    line_limit: float = DEFAULT_LINE_LIMIT,
) -> GradeReport:
    """Grade a class's CSV file (see the module)."""
    return grade_rows(
        read_answers(answers, problems), jobs=jobs, progress=progress, line_limit=line_limit
    )
