"""Checking a whole file: ``symderiv check-file pairs.jsonl --jobs 4``.

Each JSON line holds ``f`` (and optionally ``df`` and ``var``).  Every ``f`` is parsed
with our own parser, derived and verified; when ``df`` is given, our derivative is
compared with it too.  Lines run on several processes; the summary counts each
outcome and lists every line that did not verify.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .verify import DEFAULT_BUDGET

__all__ = ["BatchSummary", "LineResult", "check_file", "check_line"]


@dataclass(frozen=True)
class LineResult:
    """The outcome of one line: ``verified``, ``mismatch``, ``undecided``, ``no-rule`` or
    ``parse-error``."""

    number: int
    ident: str
    outcome: str
    detail: str = ""


@dataclass
class BatchSummary:
    """Counts per outcome and the lines that did not verify."""

    path: str
    results: list[LineResult] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(r.outcome for r in self.results)

    @property
    def problems(self) -> list[LineResult]:
        return [r for r in self.results if r.outcome != "verified"]

    @property
    def exit_code(self) -> int:
        counts = self.counts
        return 1 if counts["mismatch"] or counts["parse-error"] else 0

    def to_table(self) -> Any:
        from rich.table import Table

        table = Table(title=f"{self.path}: {len(self.results)} lines")
        table.add_column("outcome")
        table.add_column("lines", justify="right")
        table.add_column("share", justify="right")
        total = max(1, len(self.results))
        for outcome in ("verified", "undecided", "mismatch", "no-rule", "parse-error"):
            count = self.counts[outcome]
            table.add_row(outcome, str(count), f"{count / total:.1%}")
        return table


def check_line(item: tuple[int, str], budget: float = DEFAULT_BUDGET) -> LineResult:
    """Parse, derive and verify one JSON line."""
    from .api import derive
    from .errors import NoRuleError, SymDerivError
    from .parse import parse
    from .verify import equivalent

    number, text = item
    try:
        record = json.loads(text)
        ident = str(record.get("id", number))
        f = parse(record["f"])
        derivation = derive(f, record.get("var"), budget=budget)
    except NoRuleError as error:
        return LineResult(number, str(number), "no-rule", str(error))
    except (SymDerivError, ValueError, KeyError, TypeError) as error:
        return LineResult(number, str(number), "parse-error", str(error).splitlines()[0])
    verification = derivation.verification
    assert verification is not None
    outcome, detail = verification.status, verification.detail
    if "df" in record and outcome != "mismatch":
        try:
            expected = parse(record["df"])
        except ValueError as error:
            return LineResult(number, ident, "parse-error", str(error).splitlines()[0])
        against = equivalent(derivation.result, expected, budget=budget, domain=f)
        if against.status == "mismatch":
            outcome, detail = "mismatch", f"differs from df at {against.point}"
        elif against.status != "verified" and outcome == "verified":
            outcome, detail = "undecided", f"comparison with df: {against.detail}"
    return LineResult(number, ident, outcome, detail)


def check_file(
    path: str | Path,
    jobs: int | None = None,
    progress: bool = True,
    budget: float = DEFAULT_BUDGET,
) -> BatchSummary:
    """Check every line of a JSONL file, on ``jobs`` processes (default: all cores),
    with ``budget`` seconds of verification per line (per concrete instance)."""
    lines = [
        (number, text)
        for number, text in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1)
        if text.strip()
    ]
    summary = BatchSummary(str(path))
    workers = max(1, jobs or os.cpu_count() or 1)
    check = partial(check_line, budget=budget)
    if workers == 1:
        summary.results = [check(item) for item in _tracked(lines, progress)]
        return summary
    # Fresh interpreters, not forks: a fork copies the locks that the verifier's
    # time-limited SymPy threads may hold, and can deadlock.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        results = pool.map(check, lines, chunksize=8)
        summary.results = list(_tracked(results, progress, total=len(lines)))
    return summary


def _tracked(items: Any, progress: bool, total: int | None = None) -> Any:
    if not progress:
        return items
    from rich.progress import track

    return track(items, description="checking", total=total, transient=True)
