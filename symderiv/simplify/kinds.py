"""What a tree holds, remembered per node: its kinds of node (``Sum``, ``Log``, …), the
functions it calls (``sign``, ``sqrt``) and its named constants (``e``).  A pass that
rewrites only sums, logarithms or signs leaves a tree that holds none unchanged, node
for node, so it can skip the walk that would rebuild it.

>>> from symderiv.parse import parse
>>> holds(parse("x*sign(x) + ln(x)"), "call sign")
True
>>> holds(parse("x^2 + 1"), "Sum", "Log")
False
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, reduce
from operator import or_
from typing import Any

from ..expr import Call, Const, Expr, Log, Num, Pow, fold

__all__ = [
    "ALGEBRAIC_CALLS",
    "CONSTANT_CALL",
    "feature",
    "forget",
    "holds",
    "transcendental",
    "where",
]

#: Each feature's bit, given as first met.
_BITS: dict[str, int] = {}
#: The features of each tree measured so far, as bits (the last :data:`KEPT` trees).
_HELD: dict[Expr, int] = {}
KEPT = 100_000


def feature(name: str) -> int:
    """The bit of one feature: a class name (``"Sum"``), ``"call f"`` or ``"const c"``."""
    found = _BITS.get(name)
    if found is None:
        found = _BITS[name] = 1 << len(_BITS)
    return found


def _own(node: Expr) -> int:
    bits = feature(type(node).__name__)
    if isinstance(node, Call):
        bits |= feature(f"call {node.name}")
    elif isinstance(node, Const):
        bits |= feature(f"const {node.name}")
    return bits


#: The feature of a function at an argument without a variable (``sin π``, ``ln 2``).
CONSTANT_CALL = "constant call"
_CONSTANT_CALL = feature(CONSTANT_CALL)
_VARIABLE = feature("Sym") | feature("Indexed")


def _combine(node: Expr, children: list[int]) -> int:
    bits = reduce(or_, children, _own(node))
    if isinstance(node, (Call, Log)) and not bits & _VARIABLE:
        bits |= _CONSTANT_CALL
    return bits


def holds(expr: Expr, *features: str) -> bool:
    """Whether any node of ``expr`` has one of ``features``."""
    if len(_HELD) > KEPT:
        _HELD.clear()
    return bool(fold(expr, _combine, _HELD) & _wanted(features))


def where(
    features: tuple[str, ...], rewrite: Callable[[Expr], tuple[Expr, tuple[Any, ...]]]
) -> Callable[[Expr, Any], tuple[Expr, tuple[Any, ...], tuple[Any, ...]]]:
    """A pass that applies ``rewrite`` (a tree to its rewriting and the conditions it
    assumed) to a tree holding one of ``features``; any other tree is left as it is,
    without the walk that would rebuild it node for node."""

    def run(expr: Expr, context: Any) -> tuple[Expr, tuple[Any, ...], tuple[Any, ...]]:
        if not holds(expr, *features):
            return expr, (), ()
        result, conditions = rewrite(expr)
        return result, (), conditions

    return run


@lru_cache(maxsize=256)
def _wanted(features: tuple[str, ...]) -> int:
    return reduce(or_, map(feature, features), 0)


#: The functions an algebraic expression may hold.
ALGEBRAIC_CALLS = frozenset({"sqrt", "abs"})

#: Whether each tree measured so far is transcendental (the last :data:`KEPT` trees).
_TRANSCENDENTAL: dict[Expr, bool] = {}


def _transcendental(node: Expr, children: list[bool]) -> bool:
    if any(children) or isinstance(node, Log):
        return True
    if isinstance(node, Call):
        return node.name not in ALGEBRAIC_CALLS
    if isinstance(node, Const):
        return node.name == "e"
    return isinstance(node, Pow) and isinstance(node.base, (Num, Const))


def transcendental(expr: Expr) -> bool:
    """Whether ``expr`` is more than an algebraic expression of its symbols: it holds a
    function other than a root or an absolute value, ``e``, or a power of a number
    (``ln x``, ``eˣ``, ``2ˣ``)."""
    if len(_TRANSCENDENTAL) > KEPT:
        _TRANSCENDENTAL.clear()
    return fold(expr, _transcendental, _TRANSCENDENTAL)


def forget() -> None:
    """Forget the features measured (to time a first call)."""
    _HELD.clear()
    _TRANSCENDENTAL.clear()
