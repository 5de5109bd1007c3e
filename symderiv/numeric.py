"""Numeric evaluation of expression trees with mpmath, at any precision.

Used to compare expressions at points (verification, tests, ``Derivation.at``)
without going through SymPy.  Iterative, so any depth is safe.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from .deferred import mpmath
from .expr import (
    Add,
    Call,
    Const,
    Derivative,
    Div,
    Expr,
    Indexed,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Product,
    Sum,
    Sym,
    fold,
    without,
)
from .functions import FUNCTIONS

__all__ = ["MPMATH_FUNCTIONS", "NumericError", "evaluate", "evaluation"]


class NumericError(ValueError):
    """The expression has no numeric value here (unbound name, pole, unsupported node)."""


#: Function name -> its mpmath implementation, read from :data:`symderiv.functions.FUNCTIONS`.
MPMATH_FUNCTIONS: dict[str, Callable[..., Any]] = {
    name: spec.mpmath for name, spec in FUNCTIONS.items() if spec.mpmath is not None
}


def _number(value: int | Fraction) -> Any:
    if isinstance(value, int):
        return mpmath.mpf(value)
    return mpmath.mpf(value.numerator) / value.denominator


def evaluate(
    expr: Expr,
    values: Mapping[str, Any],
    *,
    dps: int = 30,
    functions: Mapping[str, Callable[..., Any]] | None = None,
) -> Any:
    """The value of ``expr`` with symbols bound by ``values`` (mpmath number, maybe complex).

    Indexed variables are looked up as ``"y[1,2]"`` after their indices are evaluated.
    ``functions`` supplies implementations of declared (undefined) functions.
    Raises :class:`NumericError` when there is no value.
    """
    table = {**MPMATH_FUNCTIONS, **(functions or {})}
    with mpmath.workdps(dps):

        def combine(node: Expr, children: list[Any]) -> Any:
            handler = _HANDLERS.get(type(node), _unknown)
            return _applied(handler, node, children, values, table, dps)

        return +fold(expr, combine, needs=_NEEDS)


def evaluation(expr: Expr) -> Callable[[Mapping[str, Any], int], Any]:
    """:func:`evaluate` of ``expr`` (no declared functions) made once for many points:
    the tree is walked once, in the order :func:`evaluate` walks it, into a program of
    its distinct nodes, children before parents; each call ``run(values, dps)`` applies
    the same handlers to the same values, so it gives what ``evaluate(expr, values,
    dps=dps)`` gives (and raises :class:`NumericError` where it does), without walking
    the tree again."""
    program: list[tuple[Callable[..., Any], Expr, tuple[int, ...]]] = []

    def place(node: Expr, kids: list[int]) -> int:
        program.append((_HANDLERS.get(type(node), _unknown), node, tuple(kids)))
        return len(program) - 1

    fold(expr, place, needs=_NEEDS)

    def run(values: Mapping[str, Any], dps: int) -> Any:
        results: list[Any] = []
        with mpmath.workdps(dps):
            for handler, node, kids in program:
                children = [results[i] for i in kids]
                results.append(_applied(handler, node, children, values, MPMATH_FUNCTIONS, dps))
            return +results[-1]

    return run


def _applied(
    handler: Callable[..., Any],
    node: Expr,
    children: list[Any],
    values: Mapping[str, Any],
    table: Mapping[str, Any],
    dps: int,
) -> Any:
    """``handler`` on one node; an arithmetic failure is :class:`NumericError`."""
    try:
        return handler(node, children, values, table, dps)
    except (ZeroDivisionError, ValueError, OverflowError) as error:
        if isinstance(error, NumericError):
            raise
        raise NumericError(f"no value at this point: {error}") from error


def _unknown(node: Expr, *_: Any) -> Any:
    raise NumericError(f"cannot evaluate {type(node).__name__} numerically")


def _symbol(node: Any, _c: list[Any], values: Mapping[str, Any], *_: Any) -> Any:
    if node.name not in values:
        raise NumericError(f"no value for {node.name}")
    return mpmath.mpmathify(values[node.name])


def _const(node: Any, *_: Any) -> Any:
    return mpmath.e if node.name == "e" else mpmath.pi


def _call(node: Any, children: list[Any], _v: Any, table: Mapping[str, Any], *_: Any) -> Any:
    function = table.get(node.name)
    if function is None:
        raise NumericError(f"no numeric value for the function {node.name}")
    try:
        return function(*children)
    except TypeError as error:  # a function of real arguments only (Φ) given a complex one
        if not any(isinstance(child, mpmath.mpc) for child in children):
            raise
        if any(mpmath.im(child) != 0 for child in children):
            raise NumericError(f"{node.name} has no value at a complex argument") from error
        return function(*(mpmath.re(child) for child in children))


def _indexed(node: Any, children: list[Any], values: Mapping[str, Any], *_: Any) -> Any:
    key = f"{node.name}[{','.join(str(int(c)) for c in children)}]"
    if key not in values:
        raise NumericError(f"no value for {key}")
    return mpmath.mpmathify(values[key])


def _power(_n: Any, children: list[Any], *_: Any) -> Any:
    base, exponent = children
    if base == 0 and mpmath.re(exponent) < 0:
        raise NumericError("0 to a negative power")
    return mpmath.power(base, exponent)


def _divide(_n: Any, children: list[Any], *_: Any) -> Any:
    if children[1] == 0:
        raise NumericError("division by zero")
    return children[0] / children[1]


def _log(_n: Any, children: list[Any], *_: Any) -> Any:
    arg, base = children
    if arg == 0 or base == 0 or base == 1:
        raise NumericError("logarithm undefined here")
    return mpmath.log(arg) / mpmath.log(base)


def _big_operator(node: Any, _c: list[Any], values: Mapping[str, Any], table: Any, dps: int) -> Any:
    if node.lower is None or node.upper is None:
        raise NumericError("a sum or product needs both bounds to be evaluated")
    low = evaluate(node.lower, values, dps=dps, functions=table)
    high = evaluate(node.upper, values, dps=dps, functions=table)
    if low != int(low) or high != int(high) or high - low > 10_000:
        raise NumericError("bounds must be small integers to be evaluated")
    total = mpmath.mpf(0 if isinstance(node, Sum) else 1)
    for i in range(int(low), int(high) + 1):
        term = evaluate(node.body, {**values, node.index.name: i}, dps=dps, functions=table)
        total = total + term if isinstance(node, Sum) else total * term
    return total


def _is_big_operator(node: Expr) -> bool:
    return isinstance(node, (Sum, Product))


_NEEDS = without(_is_big_operator)


def _derivative(*_: Any) -> Any:
    raise NumericError("differentiate before evaluating")


_HANDLERS: dict[type, Callable[..., Any]] = {
    Num: lambda node, *_: _number(node.value),
    Sym: _symbol,
    Const: _const,
    Add: lambda _n, c, *_: mpmath.fsum(c),
    Mul: lambda _n, c, *_: mpmath.fprod(c),
    Div: _divide,
    Pow: _power,
    Neg: lambda _n, c, *_: -c[0],
    Call: _call,
    Log: _log,
    Indexed: _indexed,
    Sum: _big_operator,
    Product: _big_operator,
    Derivative: _derivative,
}
