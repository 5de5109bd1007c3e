"""The analytic pieces of a function's real line, with a sample point in each.

An answer checked at a handful of points in [−12, 15] can be right there and wrong
beyond: |x + 4|′ is 1 for x > −4 and −1 below.  A demanding teacher tries every
piece, so the checker finds, for one variable at a time (the others held at a
sampled value), the **breakpoints** where a formula may stop being analytic or
change branch, and samples a point inside each piece between them and beyond the
outer ones.

A breakpoint is a real zero, in :data:`WINDOW` (or, found less finely, beyond it), of
an **edge**: a formula read off
the tree (:func:`edges`)

* of each call whose derivative formula holds only under conditions
  (:attr:`~symderiv.function_spec.FunctionSpec.conditions`: |u|, sign, ∛u, ⁿ√u,
  relu, heaviside, max and min, the kinked functions of machine learning, the
  inverse trigonometric functions): each condition's two sides subtracted
  (``u`` for ``u ≠ 0``, ``|u| − 1`` for ``|u| < 1``, ``a − b`` for max(a, b)); and
  what it divides by (cos u for tan u);
* of a logarithm: its argument (and a variable base); of a power with an exponent
  that is not a whole number ≥ 0: its base; of a quotient: its divisor.

The zeros are found in floating point by a scan of :data:`GRID` points: a change of
sign, a change between real and not real, or a local minimum of |edge| that refines
to zero (the double zero of x² under √(x²)), each refined by bisection.

>>> from symderiv.parse import parse
>>> [str(e) for e in edges([parse("abs(x + 4) + sqrt(x) / (x - 2)")])]
['x + 4', 'x', 'x - 2']
>>> [round(b, 4) for b in breakpoints(edges([parse("abs(x + 4)")]), "x", {})]
[-4.0]
>>> [str(p) for p in piece_points((-4.0, 1.0), seed="doc")]
['377/200', '-613/250', '-4839/1000']
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from itertools import pairwise

from ..expr import Call, Div, Expr, Log, Num, Pow, free_names, postorder, sub
from ..functions import FUNCTIONS
from ..guard import real_values
from ..memo import Memo
from ..rules.base import constant_value
from ..rules.kinks import NOT_IN, function_conditions

__all__ = ["GRID", "MOST_PIECES", "WINDOW", "breakpoints", "edges", "piece_points"]

#: The interval searched for breakpoints.
WINDOW = (-50.0, 50.0)
#: Points of the scan within :data:`WINDOW` (a step of 1/6).
GRID = 601
#: Points of the scan beyond :data:`WINDOW` on each side, each :data:`GROWTH` times the
#: last (a kink at x = 60 or x = −1000 is found too, less finely).
BEYOND = 45
GROWTH = 1.25
#: Most pieces sampled per variable (those nearest the origin).
MOST_PIECES = 16
#: Narrowest piece sampled (a narrower one is left to the plain sample points).
NARROWEST = 1e-3
#: Golden-section steps refining a double zero (to about 10⁻⁵ of the step of the scan).
REFINE_MINIMUM = 26
#: Breakpoints closer than this (relative, at least 1) are one; bisection finds them to
#: a tenth of it, enough to place a point inside a piece :data:`NARROWEST` wide.
SAME = 1e-5
#: A local minimum of |edge| counts as a zero when this small beside its neighbours.
TOUCHING = 1e-8
#: A point of the scan is looked at as a possible double zero when |edge| there is no
#: more than either neighbour and at most this share of the larger: a double zero
#: c·(t − t₀)² within half a step of it gives at most 1/4; a minimum away from 0, or a
#: flat stretch, about 1.
DIPPING = 0.25


def _call_edges(node: Call) -> tuple[Expr, ...]:
    """The edges of a call: each condition of its derivative formula with its sides
    subtracted (a whole-number condition, ``u ∉ ℤ``, has none), and its divisor."""
    spec = FUNCTIONS.get(node.name)
    if spec is None:
        return ()
    found: list[Expr] = []
    try:
        conditions = function_conditions(spec, node.arguments)
    except (IndexError, ValueError):
        conditions = ()
    for condition in conditions:
        if condition.relation != NOT_IN:
            found.append(sub(condition.lhs, condition.rhs))
    if spec.pole is not None:
        found.append(spec.pole(*node.arguments))
    return tuple(found)


def _power_edges(node: Pow) -> tuple[Expr, ...]:
    value = constant_value(node.exp)
    whole = value is not None and value.denominator == 1 and value >= 0
    return () if whole else (node.base,)


def _log_edges(node: Log) -> tuple[Expr, ...]:
    if free_names(node.base):
        return (node.arg, node.base, sub(node.base, Num(1)))
    return (node.arg,)


def _divisor_edges(node: Div) -> tuple[Expr, ...]:
    return (node.children[1],)


#: The edges of each kind of node (a kind not listed has none).
_EDGES: dict[type, Callable[..., tuple[Expr, ...]]] = {
    Call: _call_edges,
    Pow: _power_edges,
    Log: _log_edges,
    Div: _divisor_edges,
}


def edges(exprs: Iterable[Expr]) -> tuple[Expr, ...]:
    """The edges of ``exprs`` (see the module), each once, those with a variable."""
    found: dict[Expr, None] = {}
    for expr in exprs:
        for node in postorder(expr):
            made = _EDGES.get(type(node))
            if made is None:
                continue
            for edge in made(node):
                if free_names(edge):
                    found.setdefault(edge, None)
    return tuple(found)


# ---------------------------------------------------------------------------------------
# Breakpoints
# ---------------------------------------------------------------------------------------
def breakpoints(found: Sequence[Expr], name: str, held: dict[str, float]) -> tuple[float, ...]:
    """The real zeros in :data:`WINDOW` and beyond, in ``name``, of the edges ``found`` that have
    it (the other names held at ``held``), sorted, each once.  The edges are scanned
    together, each shared part evaluated once; each edge's zeros are remembered."""
    points = [{**held, name: t} for t in _GRID]
    shared: dict[Expr, list[float | None]] = {}
    zeros: list[float] = []
    for edge in found:
        names = free_names(edge)
        if name not in names:
            continue
        fixed = tuple(sorted((k, v) for k, v in held.items() if k in names and k != name))

        def scan(
            edge: Expr = edge, fixed: tuple[tuple[str, float], ...] = fixed
        ) -> tuple[float, ...]:
            return _edge_zeros(edge, name, fixed, real_values(edge, points, shared))

        zeros.extend(_ZEROS.get((edge, name, fixed), scan))
    zeros.sort()
    merged: list[float] = []
    for zero in zeros:
        if not merged or zero - merged[-1] > SAME * max(1.0, abs(zero)):
            merged.append(zero)
    return tuple(merged)


def _grid() -> list[float]:
    """:data:`GRID` evenly spaced points over :data:`WINDOW`, and beyond it
    :data:`BEYOND` points each side growing by a quarter (to about ±10⁶)."""
    low, high = WINDOW
    step = (high - low) / (GRID - 1)
    inner = [low + i * step for i in range(GRID)]
    outer = [high * GROWTH**k for k in range(1, BEYOND + 1)]
    return [-t for t in reversed(outer)] + inner + outer


_GRID = _grid()
#: The zeros of each edge scanned, by (edge, name, the other names' values).
_ZEROS: Memo[tuple[float, ...]] = Memo(size=4096)


def _at(
    edge: Expr, name: str, fixed: tuple[tuple[str, float], ...], ts: list[float]
) -> list[float | None]:
    held = dict(fixed)
    return real_values(edge, [{**held, name: t} for t in ts])


def _edge_zeros(
    edge: Expr, name: str, fixed: tuple[tuple[str, float], ...], values: list[float | None]
) -> tuple[float, ...]:
    """The zeros of one edge in ``name`` (the others ``fixed``) from its ``values`` at
    the points of the scan."""
    crossings: list[tuple[float, float]] = []
    touching: list[tuple[float, float]] = []
    zeros: list[float] = []
    for i in range(len(_GRID) - 1):
        a, b = values[i], values[i + 1]
        if a == 0:
            zeros.append(_GRID[i])
        elif (a is None) != (b is None) or (a is not None and b is not None and a * b < 0):
            crossings.append((_GRID[i], _GRID[i + 1]))
        elif i > 0 and a is not None and b is not None:
            before = values[i - 1]
            if before is not None and _dips(abs(before), abs(a), abs(b)):
                touching.append((_GRID[i - 1], _GRID[i + 1]))
    zeros.extend(_bisected(edge, name, fixed, crossings))
    zeros.extend(_minima(edge, name, fixed, touching))
    return tuple(zeros)


def _dips(before: float, here: float, after: float) -> bool:
    """Whether |edge| at a point of the scan (``here``, its neighbours either side)
    may hide a double zero (see :data:`DIPPING`)."""
    return here <= min(before, after) and here <= DIPPING * max(before, after)


def _sign(value: float | None) -> int:
    """0 where there is no real value, else the sign (a zero counts as positive)."""
    if value is None:
        return 0
    return -1 if value < 0 else 1


def _bisected(
    edge: Expr, name: str, fixed: tuple[tuple[str, float], ...], brackets: list[tuple[float, float]]
) -> list[float]:
    """Each bracket (a change of sign or of being real) narrowed by bisection, all at
    once, to its middle, within a tenth of :data:`SAME` of its size."""
    if not brackets:
        return []
    lows = [low for low, _ in brackets]
    highs = [high for _, high in brackets]
    signs = [_sign(v) for v in _at(edge, name, fixed, lows)]
    steps = max(
        math.ceil(math.log2((high - low) / (SAME / 10 * max(1.0, abs(low), abs(high)))))
        for low, high in brackets
    )
    for _ in range(max(steps, 1)):
        middles = [(lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True)]
        values = _at(edge, name, fixed, middles)
        for k, value in enumerate(values):
            if _sign(value) == signs[k] and value != 0:
                lows[k] = middles[k]
            else:
                highs[k] = middles[k]
    return [(lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True)]


_GOLDEN = (math.sqrt(5) - 1) / 2


def _minima(
    edge: Expr, name: str, fixed: tuple[tuple[str, float], ...], brackets: list[tuple[float, float]]
) -> list[float]:
    """The local minima of |edge| in ``brackets`` (golden-section search, all at once)
    where |edge| refines to :data:`TOUCHING` of its size at the bracket's ends: zeros
    where the edge touches 0 without changing sign."""
    if not brackets:
        return []
    ends = _at(edge, name, fixed, [t for pair in brackets for t in pair])
    lows = [low for low, _ in brackets]
    highs = [high for _, high in brackets]
    for _ in range(REFINE_MINIMUM):
        lefts = [hi - _GOLDEN * (hi - lo) for lo, hi in zip(lows, highs, strict=True)]
        rights = [lo + _GOLDEN * (hi - lo) for lo, hi in zip(lows, highs, strict=True)]
        values = _at(edge, name, fixed, lefts + rights)
        count = len(lows)
        for k in range(count):
            left, right = values[k], values[count + k]
            if left is None or right is None:
                continue
            if abs(left) <= abs(right):
                highs[k] = rights[k]
            else:
                lows[k] = lefts[k]
    middles = [(lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True)]
    found: list[float] = []
    for k, value in enumerate(_at(edge, name, fixed, middles)):
        sides = [abs(v) for v in ends[2 * k : 2 * k + 2] if v is not None]
        if value is not None and sides and abs(value) <= TOUCHING * max(sides):
            found.append(middles[k])
    return found


# ---------------------------------------------------------------------------------------
# A point in each piece
# ---------------------------------------------------------------------------------------
def _inside(low: float, high: float, share: float) -> Fraction:
    """The point ``share`` of the way from ``low`` to ``high``, in thousandths as the
    plain sample points are (finer where the piece is narrow), kept well inside."""
    target = low + (high - low) * share
    margin = (high - low) / 10
    for denominator in (1000, 10**6, 10**9):
        simple = Fraction(round(target * denominator), denominator)
        if low + margin < simple < high - margin:
            return simple
    return Fraction(target)


def piece_points(
    cuts: Sequence[float], seed: str = "", covered: Sequence[float] = ()
) -> list[Fraction]:
    """A point inside each piece the sorted breakpoints ``cuts`` make of the real line
    (between two consecutive ones, at least :data:`NARROWEST` wide, and beyond the first
    and the last) that holds none of the values ``covered`` (points already judged), the
    nearest to the origin first, at most :data:`MOST_PIECES`."""
    if not cuts:
        return []
    rng = random.Random(f"pieces|{seed}")
    inf = math.inf
    pieces = [(-inf, cuts[0]), *pairwise(cuts), (cuts[-1], inf)]
    points = []
    for low, high in pieces:
        share = 0.3 + 0.4 * rng.random()
        if high - low < NARROWEST or any(low < value < high for value in covered):
            continue
        if low == -inf:  # beyond the outer breakpoints: within 1.5 of them
            low = high - 1.5
        if high == inf:
            high = low + 1.5
        points.append(_inside(low, high, share))
    points.sort(key=abs)
    return points[:MOST_PIECES]
