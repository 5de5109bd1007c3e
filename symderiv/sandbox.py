"""Work under a CPU-time budget, in a worker process that can be stopped.

SymPy's exact arithmetic cannot be interrupted (``9**387420489`` is one call into C), and
a Python thread cannot be killed.  So the verifier's SymPy work runs in a separate,
long-lived process: started on first use with SymPy imported at its start, then reused
for every task.  A task has two limits, both counted in CPU seconds of the worker from
the start of the task (so neither the import of SymPy nor a busy machine counts):

* **soft**: a profiling timer (``ITIMER_PROF``) raises :class:`OverBudget` inside the
  task when its seconds are spent, between two Python bytecodes.  :func:`cpu_limit`
  nests such limits, so a task can give one part of its work less time and carry on
  when that part runs out;
* **hard**: ``RLIMIT_CPU`` stops the worker :data:`GRACE` seconds later if the task is
  stuck in one long C-level operation.  ``RLIMIT_AS`` caps its memory at
  :data:`MEMORY_LIMIT` bytes.

The caller of :func:`run` gets the task's value, its exception, or :class:`Overrun`
with a reason (over the time limit, out of memory); a stopped worker is replaced on the
next task.  Where processes and resource limits are not available (not POSIX), or
inside the worker itself, :func:`run` calls the function in-process and only the soft
limit (if any) applies.
"""

from __future__ import annotations

import atexit
import importlib
import math
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .errors import SymDerivError

__all__ = [
    "GRACE",
    "MEMORY_LIMIT",
    "OVER_TIME",
    "PRELOADED",
    "Limit",
    "OverBudget",
    "Overrun",
    "cpu_limit",
    "in_worker",
    "preload",
    "run",
    "spawn",
]

#: Seconds of CPU past a task's limit before the worker is stopped outright.
GRACE = 1.0
#: Address space the worker may use, in bytes.
MEMORY_LIMIT = 2 * 1024**3
#: Wall-clock seconds a task may take beyond ten times its CPU limit before its worker
#: is presumed stuck (a guard against a worker that no longer answers, not a budget).
WALL_GUARD = 60.0
#: What a task that ran out of time is told.
OVER_TIME = "over the time limit"

try:
    import resource
except ImportError:  # pragma: no cover - not POSIX
    resource = None  # type: ignore[assignment]

#: Whether a killable worker can be used on this platform.
AVAILABLE = resource is not None and hasattr(signal, "setitimer") and os.name == "posix"


class OverBudget(BaseException):
    """Raised inside a task when a CPU limit set by :func:`cpu_limit` is spent.

    A :class:`BaseException`, so that the ``except Exception`` of library code does not
    swallow it.  ``level`` is the nesting level of the limit that was spent.
    """

    def __init__(self, level: int) -> None:
        super().__init__(f"{OVER_TIME} (limit {level})")
        self.level = level


class Overrun(SymDerivError):
    """A task that did not finish: ``reason`` says why (over the time limit, out of memory)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------------------
# Soft limits (inside the worker)
# ---------------------------------------------------------------------------------------
@dataclass
class Limit:
    """One :func:`cpu_limit`; ``expired`` is set when its seconds ran out."""

    seconds: float
    expired: bool = False


#: Absolute CPU-time deadlines of the limits in force, outermost first (each no later
#: than the one before it).
_DEADLINES: list[float] = []
_IN_WORKER = False


def in_worker() -> bool:
    """Whether this process is a worker (where limits are enforced)."""
    return _IN_WORKER


def _arm() -> None:
    """Set the profiling timer to the nearest deadline (or stop it)."""
    if not _DEADLINES:
        signal.setitimer(signal.ITIMER_PROF, 0)
        return
    signal.setitimer(signal.ITIMER_PROF, max(_DEADLINES[-1] - time.process_time(), 1e-4))


def _on_timer(_signum: int, _frame: Any) -> None:
    now = time.process_time()
    for level, deadline in enumerate(_DEADLINES):
        if deadline <= now + 1e-3:
            raise OverBudget(level)
    if _DEADLINES:  # early by the timer's granularity: wait for the rest
        _arm()


@contextmanager
def cpu_limit(seconds: float) -> Iterator[Limit]:
    """Run the body with at most ``seconds`` of CPU time (no more than any enclosing
    limit leaves).  When they are spent the body is stopped and ``limit.expired`` set;
    the program goes on after the ``with`` statement.  Outside a worker this does
    nothing: the body runs to its end.

    >>> with cpu_limit(5) as limit:
    ...     total = sum(range(10))
    >>> total, limit.expired
    (45, False)
    """
    limit = Limit(seconds)
    if not _IN_WORKER:
        yield limit
        return
    deadline = time.process_time() + max(seconds, 0.0)
    if _DEADLINES:
        deadline = min(deadline, _DEADLINES[-1])
    level = len(_DEADLINES)
    _DEADLINES.append(deadline)
    try:
        _arm()
        yield limit
    except OverBudget as error:
        if error.level != level:
            raise
        limit.expired = True
    finally:
        del _DEADLINES[level:]
        _arm()


# ---------------------------------------------------------------------------------------
# The worker process
# ---------------------------------------------------------------------------------------
#: Modules a worker imports when it starts, so that no task pays for them: each module
#: whose tasks run in the worker names itself with :func:`preload` when it is imported.
PRELOADED: list[str] = []


def preload(module: str) -> None:
    """Have every worker started from now on import ``module`` at its start."""
    if module not in PRELOADED:
        PRELOADED.append(module)


def _serve(requests_fd: int, replies_fd: int, *modules: str) -> None:
    """The worker's loop: read ``(function, args, seconds)``, reply with the outcome."""
    global _IN_WORKER
    _IN_WORKER = True
    requests = Connection(requests_fd, writable=False)
    replies = Connection(replies_fd, readable=False)
    assert resource is not None
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    _, hard_memory = resource.getrlimit(resource.RLIMIT_AS)
    if hard_memory == resource.RLIM_INFINITY or hard_memory > MEMORY_LIMIT:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard_memory))
    signal.signal(signal.SIGPROF, _on_timer)
    import sympy  # noqa: F401  (imported now, so that no task pays for it)

    for module in modules:
        importlib.import_module(module)

    _, hard_cpu = resource.getrlimit(resource.RLIMIT_CPU)
    while True:
        try:
            function, args, seconds = requests.recv()
        except (EOFError, OSError):
            return
        except Exception as error:  # a task this process cannot read (not importable here)
            replies.send(("raised", error))
            continue
        stop_at = math.ceil(time.process_time() + seconds + GRACE)
        if hard_cpu != resource.RLIM_INFINITY:
            stop_at = min(stop_at, hard_cpu)
        resource.setrlimit(resource.RLIMIT_CPU, (stop_at, hard_cpu))
        reply: tuple[str, Any]
        try:
            with cpu_limit(seconds) as limit:
                value = function(*args)
            reply = ("over", OVER_TIME) if limit.expired else ("ok", value)
        except OverBudget:
            reply = ("over", OVER_TIME)
        except MemoryError:
            reply = ("memory", f"out of memory ({MEMORY_LIMIT / 1024**3:g} GiB)")
        except Exception as error:
            reply = ("raised", error)
        resource.setrlimit(resource.RLIMIT_CPU, (hard_cpu, hard_cpu))
        try:
            replies.send(reply)
        except Exception as error:  # an unpicklable value or exception
            replies.send(("raised", RuntimeError(f"{type(error).__name__}: {error}")))
        if reply[0] == "memory":
            return


_BOOT = (
    "import sys; from symderiv.sandbox import _serve; "
    "_serve(int(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:])"
)


def spawn(
    boot: str, *arguments: str, new_session: bool = False
) -> tuple[subprocess.Popen[bytes], Connection, Connection]:
    """A Python process running ``boot`` (``python -c boot FD FD *arguments``) with a
    pipe each way, this package and the caller's import path importable there; returns
    the process and the parent's ends (requests to send, replies to receive)."""
    to_worker, requests_fd = os.pipe()
    replies_fd, from_worker = os.pipe()
    package_home = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths = [package_home, *(path for path in sys.path if path and os.path.isdir(path))]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", boot, str(to_worker), str(from_worker), *arguments],
            pass_fds=(to_worker, from_worker),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment,
            start_new_session=new_session,
        )
    finally:
        os.close(to_worker)
        os.close(from_worker)
    return process, Connection(requests_fd, readable=False), Connection(replies_fd, writable=False)


class _Worker:
    """The parent's handle on one worker process."""

    def __init__(self) -> None:
        self.process, self.requests, self.replies = spawn(_BOOT, *PRELOADED, new_session=True)
        self.owner = os.getpid()

    def ask(self, function: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> Any:
        """Send one task and wait for its outcome."""
        try:
            self.requests.send((function, args, seconds))
        except OSError as error:
            reason = self._why_stopped()
            self.stop()
            raise Overrun(reason) from error
        if not self.replies.poll(WALL_GUARD + 10 * seconds):
            self.stop()
            raise Overrun(f"{OVER_TIME} (no answer from the SymPy worker)")
        try:
            kind, value = self.replies.recv()
        except (EOFError, OSError) as error:
            reason = self._why_stopped()
            self.stop()
            raise Overrun(reason) from error
        if kind == "ok":
            return value
        if kind == "raised":
            raise value
        if kind == "memory":  # the worker ends itself after running out of memory
            self.stop()
        raise Overrun(value)

    def _why_stopped(self) -> str:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "the SymPy worker stopped answering"
        if code in (-signal.SIGXCPU, -signal.SIGKILL):
            return OVER_TIME
        return f"the SymPy worker stopped (exit status {code})"

    def alive(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def stop(self) -> None:
        """End the worker and release its pipes."""
        for connection in (self.requests, self.replies):
            if not connection.closed:
                connection.close()
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
            pass


_LOCK = threading.Lock()
_WORKER: _Worker | None = None


def run(function: Callable[..., Any], *args: Any, seconds: float) -> Any:
    """``function(*args)`` in the worker with at most ``seconds`` of CPU time (plus
    :data:`GRACE` before it is stopped outright).

    ``function`` must be importable by name and its arguments and value picklable.
    Raises what the function raised, or :class:`Overrun` when it did not finish.
    """
    if _IN_WORKER or not AVAILABLE:
        with cpu_limit(seconds) as limit:
            value = function(*args)
        if limit.expired:
            raise Overrun(OVER_TIME)
        return value
    global _WORKER
    with _LOCK:
        if _WORKER is None or not _WORKER.alive():
            if _WORKER is not None and _WORKER.owner == os.getpid():
                _WORKER.stop()
            _WORKER = _Worker()
        return _WORKER.ask(function, args, seconds)


def stop() -> None:
    """End the worker of this process, if any (a new one starts on the next :func:`run`)."""
    global _WORKER
    with _LOCK:
        if _WORKER is not None and _WORKER.owner == os.getpid():
            _WORKER.stop()
        _WORKER = None


atexit.register(stop)
