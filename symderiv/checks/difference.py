"""A difference too small for the answer checker's 50 and 100 digits to see.

``e^x + e^(−1000)`` is not the derivative of eˣ, but at 100 digits the two have the
same value (e^(−1000) ≈ 5·10⁻⁴³⁵).  Two ways find such a difference:

* :func:`exact_difference`: SymPy, in the worker and under a time budget, subtracts the
  two formulas (built from our trees with :func:`~symderiv.bridge.to_sympy`, symbols
  real) and evaluates the difference at exact points with its adaptive precision,
  which raises the precision until the digits it gives are right: a difference it
  gives is real however small, one that vanishes as the precision rises is rounding;
* :func:`visible_difference`: a constant difference of two values, at 100, 200, …
  digits until two precisions agree on it (for the text of a counterexample).

>>> from symderiv.parse import parse
>>> mpmath.nstr(visible_difference(parse("1 + e^(-1000)"), parse("1")), 6)
'5.07596e-435'
>>> visible_difference(parse("2*sin(1)*cos(1)"), parse("sin(2)")) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import mpmath

from ..bridge import ConversionError, to_sympy
from ..expr import Expr, Num, free_names
from ..guard import real_value, real_values
from ..rules.base import constant_value
from ..sandbox import Overrun, run
from ..verify.transport import pack, unpack

__all__ = [
    "DIFFERENT",
    "EQUAL",
    "UNKNOWN",
    "exact_difference",
    "may_hide_a_difference",
    "visible_difference",
]

#: The verdicts of :func:`exact_difference`.
EQUAL, DIFFERENT, UNKNOWN = "equal", "different", "unknown"
#: Significant digits SymPy must get right for a difference to count.
CHECKED_DIGITS = 15
#: The most digits SymPy's adaptive evaluation may use (a difference of about 10⁻⁵⁵⁰ of
#: the values is seen; a smaller one is not).
MOST_DIGITS = 600
#: CPU seconds the worker may spend (the check adds to a verdict, never delays it long).
BUDGET = 0.5
#: Sizes (powers of ten) beyond which a part may hide a difference (see
#: :func:`may_hide_a_difference`).
EXTREME = 30
_MODERATE = (10.0**-EXTREME, 10.0**EXTREME)
#: Precisions :func:`visible_difference` tries, in digits.
PRECISIONS = (100, 200, 400, 800, 1600)
#: Agreement between two precisions that makes a difference real.
STABLE = mpmath.mpf(10) ** -6


def exact_difference(
    answer: Expr,
    reference: Expr,
    points: Sequence[dict[str, Fraction]],
    budget: float = BUDGET,
) -> tuple[str, int | None]:
    """``(verdict, index)``: :data:`EQUAL` when SymPy's subtraction of the two gives 0,
    :data:`DIFFERENT` with the index of the first of ``points`` where their difference
    has a value other than 0 with :data:`CHECKED_DIGITS` right digits, else
    :data:`UNKNOWN` (SymPy cannot say, or is over ``budget`` CPU seconds)."""
    try:
        found = run(_in_worker, pack((answer, reference, tuple(points))), seconds=budget)
    except Overrun:
        return UNKNOWN, None
    if not isinstance(found, tuple):
        return UNKNOWN, None
    return found


def _in_worker(data: bytes) -> tuple[str, int | None]:
    """The worker's half of :func:`exact_difference`."""
    import sympy
    from sympy.core.evalf import PrecisionExhausted

    answer, reference, points = unpack(data)
    try:
        difference = to_sympy(answer, real=True) - to_sympy(reference, real=True)
    except (ConversionError, RecursionError, TypeError, ValueError):
        return UNKNOWN, None
    if difference == 0:
        return EQUAL, None
    symbols = {symbol.name: symbol for symbol in difference.free_symbols}
    for index, point in enumerate(points):
        values = {
            symbol: sympy.Rational(point[name].numerator, point[name].denominator)
            for name, symbol in symbols.items()
            if name in point
        }
        try:
            here = difference.subs(values)
            if here.free_symbols:
                continue
            number = here.evalf(CHECKED_DIGITS, strict=True, maxn=MOST_DIGITS)
        except (PrecisionExhausted, ArithmeticError, TypeError, ValueError, RecursionError):
            continue
        if number.is_Number and number.is_finite and number != 0:
            return DIFFERENT, index
    return UNKNOWN, None


def may_hide_a_difference(exprs: Sequence[Expr], points: Sequence[dict[str, Fraction]]) -> bool:
    """Whether formulas whose values agree to about 95 digits at ``points`` may still
    differ: some part of them has, at one of the points, a size beyond 10^±:data:`EXTREME`
    (e^(−1000), 10⁻⁶⁰·x, a tower of exponentials), or is 0 (a float's underflow), or has
    no finite float value (overflow), or a number
    in them is written with more than :data:`EXTREME` digits (a long decimal of π).
    Without such a part a difference of 10⁻⁹⁵ of the values cannot arise, and
    :func:`exact_difference` is not asked (it would cost time on every right answer
    written in another form)."""
    floats = [{name: float(value) for name, value in point.items()} for point in points]
    memo: dict[Expr, list[float | None]] = {}
    for expr in exprs:
        real_values(expr, floats, memo)
    for node, values in memo.items():
        if isinstance(node, Num):
            number = Fraction(node.value)
            if max(abs(number.numerator), number.denominator) >= 10**EXTREME:
                return True
            continue
        if not free_names(node) and constant_value(node) == 0:
            continue
        for value in values:
            if value is None or not _MODERATE[0] < abs(value) < _MODERATE[1]:
                return True
    return False


def visible_difference(a: Expr, b: Expr) -> Any:
    """``a − b`` (two formulas without variables) as an mpmath number, when two
    successive precisions of :data:`PRECISIONS` agree on it and it is not 0; else
    ``None`` (equal, or too small to see at 1600 digits)."""
    previous = None
    for digits in PRECISIONS:
        left, right = real_value(a, {}, digits), real_value(b, {}, digits)
        if left is None or right is None:
            return None
        with mpmath.workdps(digits):
            here = left - right
            if previous is not None and here != 0 and abs(here - previous) <= STABLE * abs(here):
                return mpmath.mpf(here)
        previous = here
    return None
