"""A wall-clock limit for the benchmarks' SymPy calls, which can run for minutes."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["GaveUp", "time_limit"]


class GaveUp(Exception):
    """The call ran past its time limit."""


def _give_up(signum: int, frame: Any) -> None:
    raise GaveUp


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`GaveUp` inside the block once ``seconds`` have passed (main thread)."""
    previous = signal.signal(signal.SIGALRM, _give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
