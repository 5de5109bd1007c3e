"""SymPy's matrix expressions for ours: ``MatrixSymbol``, ``Transpose``, ``Inverse``,
``Trace``, ``Determinant``, ``HadamardProduct``, ``HadamardPower``, elementwise functions
(``ElementwiseApplyFunction``), ``DiagMatrix``, ``OneMatrix``, ``Identity`` — built from
our tree, never from text; with concrete matrices substituted they evaluate by ``.doit()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

from ..verify.equivalence import sympy_module
from .nodes import (
    Add,
    Det,
    Diag,
    DiagPart,
    Dim,
    Div,
    Func,
    Hadamard,
    Identity,
    Inverse,
    MatMul,
    Node,
    Norm,
    Num,
    Ones,
    Power,
    Scale,
    SumAll,
    Trace,
    Transpose,
    Var,
    VecFunc,
    Zero,
    children,
    is_scalar,
    shape_of,
)
from .oracle import ELEMENTWISE_SYMPY
from .record import _ACTIONS

__all__ = ["to_sympy"]


def _applyfunc() -> Any:
    """SymPy's ``ElementwiseApplyFunction`` (SymPy is loaded lazily, as everywhere)."""
    return import_module("sympy.matrices.expressions.applyfunc").ElementwiseApplyFunction


class _Converter:
    """One conversion: SymPy, and the sizes to use for symbolic ones."""

    def __init__(self, sizes: Mapping[str, int] | None) -> None:
        self.sp = sympy_module()
        self.sizes = sizes or {}

    def dim(self, d: Dim) -> Any:
        if isinstance(d, int):
            return d
        if d in self.sizes:
            return self.sizes[d]
        return self.sp.Symbol(d, integer=True, positive=True)

    def scalar(self, value: Any) -> Any:
        return value[0, 0] if isinstance(value, self.sp.MatrixExpr) else value

    def go(self, node: Node) -> Any:
        kids = [self.go(k) for k in children(node)]
        return _TABLE[type(node)](self, node, kids)

    def var(self, n: Var, kids: list[Any]) -> Any:
        if is_scalar(n):
            return self.sp.Symbol(n.name)
        return self.sp.MatrixSymbol(n.name, self.dim(n.rows), self.dim(n.cols))

    def add(self, n: Add, kids: list[Any]) -> Any:
        if is_scalar(n):
            return self.sp.Add(*(self.scalar(k) for k in kids))
        return self.sp.MatAdd(*kids)

    def transpose(self, n: Transpose, kids: list[Any]) -> Any:
        arg = kids[0]
        return self.sp.Transpose(arg) if isinstance(arg, self.sp.MatrixExpr) else arg

    def power(self, n: Power, kids: list[Any]) -> Any:
        k = self.sp.Rational(n.exponent.numerator, n.exponent.denominator)
        if isinstance(kids[0], self.sp.MatrixExpr) and not is_scalar(n.base):
            return self.sp.HadamardPower(kids[0], k)
        return self.scalar(kids[0]) ** k

    def func(self, n: Func, kids: list[Any]) -> Any:
        f = ELEMENTWISE_SYMPY[n.name]
        if not isinstance(kids[0], self.sp.MatrixExpr) or is_scalar(n.arg):
            return f(self.scalar(kids[0]))
        d = self.sp.Dummy("d")
        return _applyfunc()(self.sp.Lambda(d, f(d)), kids[0])

    def vecfunc(self, n: VecFunc, kids: list[Any]) -> Any:
        d = self.sp.Dummy("d")
        exps = _applyfunc()(self.sp.Lambda(d, self.sp.exp(d)), kids[0])
        total = (self.sp.OneMatrix(1, self.dim(shape_of(n.arg)[0])) * exps)[0, 0]
        return exps / total if n.name == "softmax" else self.sp.log(total)

    def div(self, n: Div, kids: list[Any]) -> Any:
        if is_scalar(n.den):
            return kids[0] / self.scalar(kids[1])
        return self.sp.HadamardProduct(kids[0], self.sp.HadamardPower(kids[1], -1))

    def sumall(self, n: SumAll, kids: list[Any]) -> Any:
        rows, cols = shape_of(n.arg)
        ones = self.sp.OneMatrix
        return (ones(1, self.dim(rows)) * kids[0] * ones(self.dim(cols), 1))[0, 0]


_C = _Converter
_TABLE: dict[type, Callable[[_Converter, Any, list[Any]], Any]] = {
    Var: _C.var,
    Num: lambda c, n, k: c.sp.Rational(n.value.numerator, n.value.denominator),
    Ones: lambda c, n, k: c.sp.OneMatrix(c.dim(n.rows), c.dim(n.cols)),
    Zero: lambda c, n, k: c.sp.ZeroMatrix(c.dim(n.rows), c.dim(n.cols)),
    Identity: lambda c, n, k: c.sp.Identity(c.dim(n.size)),
    Add: _C.add,
    MatMul: lambda c, n, k: c.sp.MatMul(*k),
    Scale: lambda c, n, k: c.scalar(k[0]) * k[1],
    Transpose: _C.transpose,
    Inverse: lambda c, n, k: c.sp.Inverse(k[0]),
    Trace: lambda c, n, k: c.sp.Trace(k[0]),
    Det: lambda c, n, k: c.sp.Determinant(k[0]),
    Norm: lambda c, n, k: c.sp.sqrt(c.sp.Trace(c.sp.Transpose(k[0]) * k[0])),
    Power: _C.power,
    Func: _C.func,
    VecFunc: _C.vecfunc,
    Hadamard: lambda c, n, k: c.sp.HadamardProduct(k[0], k[1]),
    Div: _C.div,
    SumAll: _C.sumall,
    Diag: lambda c, n, k: c.sp.DiagMatrix(k[0]),
    DiagPart: lambda c, n, k: c.sp.DiagonalOf(k[0]),
}


def to_sympy(node: Node, sizes: Mapping[str, int] | None = None) -> Any:
    """SymPy's matrix expression for a node (sizes symbolic unless ``sizes`` given)."""
    return _Converter(sizes).go(node)


_ACTIONS["sympy"] = to_sympy
