"""A standard output closed by its reader (``symderiv "x^3 sin x" -n 2 | head -1``).

A Unix filter whose reader has gone away stops without a word: :func:`closed_quietly`
points standard output at the null device, so that nothing more is written (Python's own
flush at exit included) and no message is printed, and gives the exit status a process
ended by ``SIGPIPE`` has in the shell, 128 + 13 (as Ctrl-C gives 128 + 2 = 130).
"""

from __future__ import annotations

import os
import sys

__all__ = ["BROKEN_PIPE", "closed_quietly"]

#: The exit status of a process whose standard output was closed: 128 + SIGPIPE (13).
BROKEN_PIPE = 141


def closed_quietly() -> int:
    """Standard output pointed at the null device (what is still buffered dropped);
    :data:`BROKEN_PIPE`, to exit with."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by a stream with no file
        return BROKEN_PIPE
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)
    return BROKEN_PIPE
