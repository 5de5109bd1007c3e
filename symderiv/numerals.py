"""Integers written in decimal, however long."""

from __future__ import annotations

__all__ = ["DIRECT_BITS", "digits"]

#: Integers of fewer bits than this are written by ``str`` (Python refuses ``str`` on
#: integers of more than 4,300 digits; larger ones are written in halves).
DIRECT_BITS = 8192


def digits(n: int) -> str:
    """The decimal digits of ``n``, however long."""
    if n.bit_length() < DIRECT_BITS:
        return str(n)
    if n < 0:
        return "-" + digits(-n)
    half = int(n.bit_length() * 0.30103) // 2
    high, low = divmod(n, 10**half)
    return digits(high) + digits(low).rjust(half, "0")
