"""A point's value, read exactly: a number (``3``, ``-0.25``, ``1e-3``, ``2/3``) or a
constant formula read by our own parser (``pi/2``, ``sqrt(2)``, ``e^2``), never
evaluated as Python."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from ..errors import VariableError
from ..expr import Expr, Num, as_expr, free_names
from ..parse import parse_any
from .exact import numeric_value

__all__ = ["MAX_POINT_DIGITS", "MAX_POINT_EXPONENT", "MAX_POINT_TEXT", "read_number", "read_point"]

#: Most digits (and largest decimal exponent) a value given for a point may have.
MAX_POINT_DIGITS = 60
MAX_POINT_EXPONENT = 300
#: Longest formula accepted for a point's value.
MAX_POINT_TEXT = 200

_NUMBER = re.compile(
    r"\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:[eE]([+-]?[0-9]+))?"
    r"(?:\s*/\s*([+-]?[0-9]+))?\s*\Z"
)


def read_number(text: str) -> Fraction:
    """A point's value: ``3``, ``-0.25``, ``1e-3``, ``2/3``, exactly, within
    :data:`MAX_POINT_DIGITS` digits and exponents up to :data:`MAX_POINT_EXPONENT`;
    anything else is a :class:`ValueError` that says so."""
    match = _NUMBER.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a number (write 3, -0.25, 1e-3 or 2/3)")
    mantissa, exponent, denominator = match.groups()
    digits = sum(c.isdigit() for c in mantissa) + len(denominator or "")
    if digits > MAX_POINT_DIGITS or (exponent and abs(int(exponent)) > MAX_POINT_EXPONENT):
        raise ValueError(
            f"{text!r} is too large a number for a point (at most {MAX_POINT_DIGITS} digits "
            f"and exponents within ±{MAX_POINT_EXPONENT})"
        )
    value = Fraction(mantissa) * Fraction(10) ** int(exponent or 0)
    if denominator is not None:
        if int(denominator) == 0:
            raise ValueError(f"{text!r} divides by zero")
        value /= int(denominator)
    return value


def read_point(value: Any) -> Expr:
    """A point's value as a constant expression: a number, a number's text, or a
    constant formula such as ``"pi/2"`` or ``"sqrt(2)"`` read by our parser (a
    :class:`~symderiv.errors.ParseError` with its position when it cannot be read)."""
    if isinstance(value, Expr):
        found = value
    elif isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    elif isinstance(value, (int, Fraction)):
        found = Num(value)
    elif isinstance(value, float):
        found = as_expr(value)
    elif isinstance(value, str):
        if len(value) > MAX_POINT_TEXT:
            raise ValueError(f"a point's value is at most {MAX_POINT_TEXT} characters long")
        try:
            found = Num(read_number(value))
        except ValueError as error:
            if _NUMBER.match(value) is not None or "too large" in str(error):
                raise
            found = parse_any(value)
    else:
        raise ValueError(f"{value!r} is not a number")
    names = free_names(found)
    if names:
        raise VariableError(
            f"{found} is not a number: a point's value is a constant (it has "
            f"{', '.join(sorted(names))})"
        )
    if numeric_value(found) is None:
        raise ValueError(f"{found} has no value")
    return found
