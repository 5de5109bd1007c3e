"""Checking a whole file: ``symderiv check-file pairs.jsonl --jobs 4``.

Each JSON line holds ``f`` and ``df`` (and optionally ``var`` and ``id``; other fields
are ignored).  Every ``f`` is parsed with our own parser, derived and verified, and our
derivative compared with ``df``: a line is ``verified`` only when ``df`` is shown to be
its derivative.  Each line is checked on its own and ends in one outcome:

* ``verified``, ``mismatch``, ``undecided`` (including a line over its time or memory
  limit), ``no-rule``;
* ``parse-error``: ``f`` or ``df`` is not a formula we can read;
* ``bad-input``: the line is not a record (not UTF-8, not JSON, not a JSON object, a
  field of the wrong type, no ``f``, or no ``df`` to check: a misspelt key is said, not
  taken for a line with nothing to compare);
* ``error``: the checker itself failed on the line (a defect of ours, reported, never
  fatal to the run).

Lines run in worker processes that have imported SymPy before their first line (so no
line pays for the import).  A worker gives each line at most ``line_limit`` seconds of
CPU time (``RLIMIT_CPU``, counted from the start of the line) and
:data:`MEMORY_LIMIT` bytes of address space; a worker stopped by a limit is replaced,
and its line reported as ``undecided: over the time limit``.  A worker that stops
answering (no CPU spent, no reply) is stopped after :func:`wall_guard` seconds.
Interrupted (Ctrl-C), the run stops every worker and returns the lines finished so far.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..errors import NoRuleError, SymDerivError
from ..parse import parse_any
from ..pipeline import derive
from ..render.messages import message
from ..render.text import point_text
from ..sandbox import spawn
from ..verify import DEFAULT_BUDGET, equivalent

try:
    import resource
except ImportError:  # pragma: no cover - not POSIX
    resource = None  # type: ignore[assignment]

__all__ = [
    "DEFAULT_LINE_LIMIT",
    "MEMORY_LIMIT",
    "OUTCOMES",
    "SCHEDULERS",
    "BatchSummary",
    "LineResult",
    "check_file",
    "check_line",
    "read_lines",
    "worker_count",
]

#: Every outcome, in the order the summary lists them.
OUTCOMES = ("verified", "undecided", "mismatch", "no-rule", "parse-error", "bad-input", "error")
#: Outcomes that make the run fail (exit status 1).
FAILING = frozenset({"mismatch", "parse-error", "bad-input", "error"})
#: CPU seconds one line may take by default (a line of the corpus takes about one at most).
DEFAULT_LINE_LIMIT = 30.0
#: Address space of a worker, in bytes.
MEMORY_LIMIT = 2 * 1024**3
#: A worker is started for every this many lines at most (a worker costs an interpreter
#: with SymPy loaded: about a second of CPU and 150 MB).
LINES_PER_WORKER = 16
#: Longest ``id`` shown, in characters.
SHOWN_ID = 80
#: Longest detail kept, in characters.
SHOWN_DETAIL = 300
#: The function a worker checks a line with, as ``module:function``.
CHECK_LINE = "symderiv.checks.batch:check_line"
#: What a line stopped by its CPU limit is told.
OVER_TIME = "over the time limit"

Item = tuple[int, str]


@dataclass(frozen=True)
class LineResult:
    """The outcome of one line (one of :data:`OUTCOMES`), with its 1-based number."""

    number: int
    ident: str
    outcome: str
    detail: str = ""


@dataclass
class BatchSummary:
    """Counts per outcome and the lines that did not verify.  ``total`` is the number of
    non-empty lines in the file; ``interrupted`` says the run stopped before all were
    checked (then ``results`` holds the lines finished)."""

    path: str
    results: list[LineResult] = field(default_factory=list)
    total: int = 0
    interrupted: bool = False

    @property
    def counts(self) -> Counter[str]:
        return Counter(r.outcome for r in self.results)

    @property
    def problems(self) -> list[LineResult]:
        return [r for r in self.results if r.outcome != "verified"]

    @property
    def exit_code(self) -> int:
        """1 when some line is a mismatch, unreadable or made the checker fail; else 0."""
        return 1 if any(self.counts[outcome] for outcome in FAILING) else 0

    def heading(self, lang: str | None = None) -> str:
        """``pairs.jsonl: 40 lines``, or ``pairs.jsonl: 12 of 40 lines (interrupted)``."""
        if self.interrupted:
            return message(
                "file-lines-interrupted",
                lang,
                path=self.path,
                count=len(self.results),
                total=self.total,
            )
        return message("file-lines", lang, path=self.path, count=len(self.results))

    def to_table(self, lang: str | None = None) -> Any:
        """A rich table of the counts (print :meth:`heading` above it: a title would be
        wrapped to the table's width)."""
        from rich.table import Table

        table = Table()
        table.add_column(message("column-outcome", lang))
        table.add_column(message("column-lines", lang), justify="right")
        table.add_column(message("column-share", lang), justify="right")
        total = max(1, len(self.results))
        for outcome in OUTCOMES:
            count = self.counts[outcome]
            if count or outcome not in ("bad-input", "error"):
                table.add_row(
                    message(f"outcome-{outcome}", lang), str(count), f"{count / total:.1%}"
                )
        return table


# -- one line ------------------------------------------------------------------------------
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number",
               float: "a number", bool: "true or false", type(None): "null"}  # fmt: skip


def _kind(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_line(error: BaseException) -> str:
    lines = str(error).splitlines()
    return _shortened(lines[0] if lines else type(error).__name__, SHOWN_DETAIL)


class _BadInput(Exception):
    """A line that is not a record of strings."""


def _record(text: str) -> dict[str, Any]:
    """The line's JSON object, with ``f`` a string and ``df`` and ``var`` strings if given."""
    try:
        record = json.loads(text)
    except RecursionError:
        raise _BadInput("not JSON: nested too deeply") from None
    except ValueError as error:  # JSONDecodeError, or a number of too many digits
        raise _BadInput(f"not JSON: {_first_line(error)}") from None
    if not isinstance(record, dict):
        raise _BadInput(f"not a JSON object but {_kind(record)}")
    if "f" not in record:
        raise _BadInput('no "f" field')
    for key in ("f", "df", "var"):
        if key in record and not isinstance(record[key], str):
            raise _BadInput(f'"{key}" must be a string, not {_kind(record[key])}')
    return record


def _ident(record: dict[str, Any], number: int) -> str:
    """The line's ``id`` as text (its number when it has none)."""
    ident = record.get("id")
    if ident is None:
        return str(number)
    text = ident if isinstance(ident, str) else json.dumps(ident, ensure_ascii=False)
    return _shortened(text, SHOWN_ID)


def _ident_of(item: Item) -> str:
    """The ``id`` of a line (its number if it has none or is no record)."""
    number, text = item
    try:
        return _ident(_record(text), number)
    except _BadInput:
        return str(number)


def check_line(item: Item, budget: float = DEFAULT_BUDGET) -> LineResult:
    """Read, derive and verify one JSON line; every failure is an outcome, never an
    exception (except :class:`MemoryError` and interrupts)."""
    number, text = item
    try:
        record = _record(text)
    except _BadInput as error:
        return LineResult(number, str(number), "bad-input", str(error))
    ident = _ident(record, number)
    if "df" not in record:  # nothing to check f′ against (a misspelt key, perhaps)
        return LineResult(number, ident, "bad-input", 'no "df" field')
    try:
        return _checked(number, ident, record, budget)
    except NoRuleError as error:
        return LineResult(number, ident, "no-rule", _first_line(error))
    except (SymDerivError, ValueError, TypeError) as error:
        return LineResult(number, ident, "parse-error", _first_line(error))
    except RecursionError:
        return LineResult(number, ident, "undecided", "nested too deeply")
    except MemoryError:
        raise
    except Exception as error:
        return LineResult(number, ident, "error", f"{type(error).__name__}: {_first_line(error)}")


def _checked(number: int, ident: str, record: dict[str, Any], budget: float) -> LineResult:

    f = parse_any(record["f"])
    derivation = derive(f, record.get("var"), budget=budget)
    verification = derivation.verification
    assert verification is not None
    outcome, detail = verification.status, verification.detail
    if outcome != "mismatch":
        try:
            expected = parse_any(record["df"])
        except ValueError as error:
            return LineResult(number, ident, "parse-error", f"df: {_first_line(error)}")
        against = equivalent(derivation.result, expected, budget=budget, domain=f)
        if against.status == "mismatch":
            outcome, detail = "mismatch", f"differs from df at {point_text(against.point)}"
        elif against.status != "verified" and outcome == "verified":
            outcome, detail = "undecided", f"comparison with df: {against.detail}"
    return LineResult(number, ident, outcome, _shortened(detail, SHOWN_DETAIL))


# -- the file ------------------------------------------------------------------------------
def read_lines(path: str | Path) -> tuple[list[Item], list[LineResult]]:
    """The file's non-empty lines, numbered from 1, and a ``bad-input`` result for each
    line that is not UTF-8 (the others are still read).  A byte-order mark before the
    first line is skipped."""
    items: list[Item] = []
    bad: list[LineResult] = []
    for number, raw in enumerate(Path(path).read_bytes().splitlines(), 1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")  # a leading BOM
        except UnicodeDecodeError as error:
            byte = raw[error.start]
            shown = raw.decode("utf-8", errors="replace")
            detail = f"not UTF-8: byte 0x{byte:02x} at column {error.start + 1} in {shown!r}"
            bad.append(LineResult(number, str(number), "bad-input", _shortened(detail, 200)))
            continue
        if text.strip():
            items.append((number, text))
    return items, bad


def worker_count(jobs: int, lines: int) -> int:
    """Workers for ``lines`` lines on at most ``jobs`` processes: no more than one per
    :data:`LINES_PER_WORKER` lines."""
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    return max(1, min(jobs, math.ceil(lines / LINES_PER_WORKER)))


def wall_guard(line_limit: float) -> float:
    """Wall-clock seconds after which a worker that has not answered is presumed stuck
    (waiting, not computing): a guard, not a budget."""
    return 60.0 + 10.0 * line_limit


def check_file(
    path: str | Path,
    jobs: int | None = None,
    progress: bool = True,
    budget: float = DEFAULT_BUDGET,
    line_limit: float = DEFAULT_LINE_LIMIT,
    task: str = CHECK_LINE,
    scheduler: str | None = None,
) -> BatchSummary:
    """Check every line of a JSONL file on up to ``jobs`` worker processes (default: all
    cores), with ``budget`` seconds of verification per concrete instance and
    ``line_limit`` seconds of CPU time per line.  Ctrl-C ends the run early: the summary
    then holds the lines finished and says it was interrupted.

    ``task`` names the function that checks a line, as ``module:function`` importable by
    a worker, with the signature of :func:`check_line`.

    ``scheduler`` runs the lines on Dask instead (``pip install "symderiv[dask]"``):
    ``"dask"`` on a local cluster of ``jobs`` worker processes, ``"tcp://host:8786"`` on
    a running one (whose workers can import this package).  Each Dask worker checks its
    lines in a worker process of its own, under the same limits, so the summary is the
    same line for line."""
    if not line_limit > 0 or math.isinf(line_limit):
        raise ValueError(f"the time limit of a line must be a positive number, not {line_limit}")
    items, bad = read_lines(path)
    summary = BatchSummary(str(path), list(bad), total=len(items) + len(bad))
    workers = worker_count(jobs if jobs is not None else os.cpu_count() or 1, len(items))
    pool: _Pool | _DaskRun = (
        _Pool(workers, budget, line_limit, task)
        if scheduler is None
        else _DaskRun(scheduler, workers, budget, line_limit, task)
    )
    with _progress(progress, len(items)) as advance:
        try:
            for result in pool.run(items):
                summary.results.append(result)
                advance()
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            pool.close()
    summary.results.sort(key=lambda r: r.number)
    return summary


@contextmanager
def _progress(shown: bool, total: int) -> Iterator[Callable[[], None]]:
    """A transient progress bar (or nothing); yields the function that advances it."""
    if not shown:
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("checking", total=total)
        yield lambda: bar.advance(task)


# -- the workers ---------------------------------------------------------------------------
_BOOT = "import sys; from symderiv.checks.batch import _serve; _serve(sys.argv[1:])"


class _Worker:
    """The parent's handle on one worker process: one line at a time."""

    def __init__(self, budget: float, task: str) -> None:
        self.process, self.requests, self.replies = spawn(_BOOT, repr(budget), task)
        self.ready = False
        self.line: Item | None = None
        #: When the worker was started, then when it was sent its current line.
        self.since = time.monotonic()

    def send(self, item: Item, line_limit: float) -> None:
        """Hand over one line (a worker that has died is noticed when its reply is due)."""
        self.line, self.since = item, time.monotonic()
        try:
            self.requests.send((item, line_limit))
        except OSError:
            pass

    def why_stopped(self) -> str:
        """Why the worker ended, for the line it was on."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.stop()
            code = self.process.returncode
        if code in (-signal.SIGXCPU, -signal.SIGKILL):
            return OVER_TIME
        return f"the worker stopped (exit status {code})"

    def ask_to_stop(self) -> None:
        """Close the pipes and ask the worker to end (so that it can stop what it started)."""
        for connection in (self.requests, self.replies):
            connection.close()
        if self.process.poll() is None:
            self.process.terminate()

    def end(self, grace: float = 1.0) -> None:
        """Wait ``grace`` seconds for the worker to end after :meth:`ask_to_stop`, then kill it."""
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # pragma: no cover - a process ignoring SIGKILL
                pass

    def stop(self) -> None:
        """End the worker: asked first, then killed."""
        self.ask_to_stop()
        self.end()


class _Pool:
    """Workers handing out lines one at a time to whichever is free."""

    def __init__(self, size: int, budget: float, line_limit: float, task: str) -> None:
        self.size, self.budget, self.line_limit, self.task = size, budget, line_limit, task
        self.workers: list[_Worker] = []
        self.failed_starts = 0

    def run(self, items: list[Item]) -> Iterator[LineResult]:
        """Each line's result, in the order they finish."""
        pending = list(reversed(items))
        while pending or any(worker.line is not None for worker in self.workers):
            while len(self.workers) < min(self.size, len(pending) + self._busy()):
                self.workers.append(_Worker(self.budget, self.task))
            for worker in self.workers:
                if worker.ready and worker.line is None and pending:
                    worker.send(pending.pop(), self.line_limit)
            yield from self._collect()

    def _busy(self) -> int:
        return sum(worker.line is not None for worker in self.workers)

    def _collect(self) -> Iterator[LineResult]:
        """Wait for a reply, a stopped worker or a wall-clock guard; yield finished lines."""
        guard = wall_guard(self.line_limit)
        waiting = [w for w in self.workers if w.line is not None or not w.ready]
        timeout = min((w.since + guard - time.monotonic() for w in waiting), default=guard)
        replied = wait([w.replies for w in self.workers], timeout=max(0.0, timeout))
        for worker in list(self.workers):
            if worker.replies in replied:
                yield from self._answer(worker)
            elif worker in waiting and time.monotonic() - worker.since > guard:
                if worker.line is None:
                    self._failed_start(worker, f"not ready in {guard:.0f} s")
                else:
                    yield self._replace(worker, f"no answer in {guard:.0f} s (wall clock)")

    def _answer(self, worker: _Worker) -> Iterator[LineResult]:
        try:
            kind, value = worker.replies.recv()
        except (EOFError, OSError):
            if worker.line is not None:
                yield self._replace(worker, worker.why_stopped())
            elif worker.ready:  # ended between lines (after running out of memory)
                self._replace(worker, "")
            else:
                self._failed_start(worker, worker.why_stopped())
            return
        if kind == "ready":
            worker.ready = True
            return
        worker.line = None
        if kind == "last":
            self._replace(worker, "")
        yield value

    def _failed_start(self, worker: _Worker, reason: str) -> None:
        """A worker that never got ready: replaced, unless none ever does."""
        self._replace(worker, reason)
        self.failed_starts += 1
        if self.failed_starts >= 3 and self.failed_starts > self.size:
            raise SymDerivError(f"cannot start a worker process: {reason}")

    def _replace(self, worker: _Worker, reason: str) -> LineResult:
        """Stop ``worker`` (a new one starts when lines remain); its line is undecided."""
        line = worker.line or (0, "")
        worker.stop()
        self.workers.remove(worker)
        return LineResult(line[0], _ident_of(line), "undecided", reason)

    def close(self) -> None:
        """Stop every worker, deaf to Ctrl-C meanwhile (so that none is left behind)."""
        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
        try:
            for worker in self.workers:
                worker.ask_to_stop()
            for worker in self.workers:
                worker.end()
            self.workers.clear()
        finally:
            if in_main:
                signal.signal(signal.SIGINT, previous)


# -- on Dask -------------------------------------------------------------------------------
#: The schedulers ``check_file`` takes besides its own pool: a local cluster, or the
#: address of a running scheduler.
SCHEDULERS = ("dask", "tcp://host:port")


class _DaskRun:
    """Lines handed to a Dask cluster, one task a line; each Dask worker thread checks
    its lines in a worker process of its own (:func:`_line_on_dask`)."""

    def __init__(
        self, scheduler: str, size: int, budget: float, line_limit: float, task: str
    ) -> None:
        if scheduler != "dask" and "://" not in scheduler:
            raise ValueError(
                f"unknown scheduler {scheduler!r}: 'dask' for a local cluster, "
                "or a scheduler's address such as tcp://host:8786"
            )
        try:
            self.distributed = import_module("distributed")
        except ImportError as error:
            raise SymDerivError(
                'the Dask scheduler needs Dask: pip install "symderiv[dask]"'
            ) from error
        self.budget, self.line_limit, self.task = budget, line_limit, task
        self.cluster: Any = None
        if scheduler == "dask":
            self.cluster = self.distributed.LocalCluster(
                n_workers=size, threads_per_worker=1, dashboard_address=None
            )
            self.client = self.distributed.Client(self.cluster)
        else:
            self.client = self.distributed.Client(scheduler)
        self.futures: list[Any] = []

    def run(self, items: list[Item]) -> Iterator[LineResult]:
        """Each line's result, in the order they finish."""
        self.futures = self.client.map(
            _line_on_dask,
            items,
            budget=self.budget,
            line_limit=self.line_limit,
            task=self.task,
            pure=False,
        )
        lines = dict(zip(self.futures, items, strict=True))
        for future in self.distributed.as_completed(self.futures):
            try:
                yield future.result()
            except Exception as error:  # the task itself failed (say, its worker was lost)
                line = lines[future]
                why = f"{type(error).__name__} on Dask: {_first_line(error)}"
                yield LineResult(line[0], _ident_of(line), "error", _shortened(why, SHOWN_DETAIL))

    def close(self) -> None:
        """Cancel what is left, let go of the scheduler, stop a local cluster."""
        try:
            if self.futures:
                self.client.cancel(self.futures)
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


#: A Dask worker's own line checkers: one worker process per thread and settings.
_DASK_POOLS: dict[tuple[int, float, float, str], _Pool] = {}


def _line_on_dask(item: Item, budget: float, line_limit: float, task: str) -> LineResult:
    """One line, run on a Dask worker: checked in a worker process that this Dask
    worker keeps (started with SymPy imported, replaced when a line exceeds its limits),
    exactly as :func:`check_file`'s own pool checks it."""
    key = (threading.get_ident(), budget, line_limit, task)
    pool = _DASK_POOLS.get(key)
    if pool is None:
        pool = _DASK_POOLS[key] = _Pool(1, budget, line_limit, task)
    return next(iter(pool.run([item])))


# -- inside a worker -----------------------------------------------------------------------
def _serve(arguments: list[str]) -> None:
    """A worker's loop: get ready (limits set, SymPy imported), then check one line per
    request until the parent closes the pipe or goes away.  ``arguments``: the file
    descriptors of the requests and of the replies, the verification budget and the
    task (``module:function``)."""
    requests = Connection(int(arguments[0]), writable=False)
    replies = Connection(int(arguments[1]), readable=False)
    budget = float(arguments[2])
    module, _, name = arguments[3].partition(":")
    check: Callable[[Item, float], LineResult] = getattr(import_module(module), name)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # exit handlers stop our children
    _watch_parent(os.getppid())
    hard_cpu = _limit_resources()
    import sympy  # noqa: F401  (imported now, so that no line pays for it)

    check_line((0, '{"f": "x^2 e^x", "df": "x^2 e^x + 2 x e^x"}'), budget)
    replies.send(("ready", None))
    while True:
        try:
            item, line_limit = requests.recv()
        except (EOFError, OSError):
            return
        _cpu_limit(time.process_time() + line_limit, hard_cpu)
        try:
            result = check(item, budget)
        except MemoryError:
            result = LineResult(item[0], str(item[0]), "undecided", "over the memory limit")
        _cpu_limit(None, hard_cpu)
        if result.detail == "over the memory limit":
            replies.send(("last", result))  # a fresh worker takes the next line
            return
        replies.send(("done", result))


def _limit_resources() -> int:
    """No core files, :data:`MEMORY_LIMIT` of address space; the hard CPU limit."""
    if resource is None:  # pragma: no cover - not POSIX
        return -1
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    _, hard_memory = resource.getrlimit(resource.RLIMIT_AS)
    if hard_memory == resource.RLIM_INFINITY or hard_memory > MEMORY_LIMIT:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard_memory))
    return resource.getrlimit(resource.RLIMIT_CPU)[1]


def _cpu_limit(until: float | None, hard: int) -> None:
    """Stop this process (``SIGXCPU``) once its CPU time reaches ``until`` seconds (whole
    seconds, rounded up); ``None`` lifts the limit."""
    if resource is None:  # pragma: no cover - not POSIX
        return
    soft = hard if until is None else math.ceil(until)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _watch_parent(parent: int) -> None:
    """End this worker when its parent is gone, even while it waits on something else."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()
