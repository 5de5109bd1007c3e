"""The index bridge: a matrix expression as the existing indexed and Σ form.

``to_indices(xᵀAx)`` is Σᵢ Σⱼ xᵢ·Aᵢⱼ·xⱼ; an entry of a vector or matrix expression is taken
with the index (or indices) given.  :func:`index_form` differentiates the index form of a
derivation's expression by one entry of its variable with the scalar differentiator, so
that a learner sees the matrix formula hold entry by entry:
∂(xᵀAx)/∂xₖ = Σⱼ xⱼ·(Aₖⱼ + Aⱼₖ).

>>> from .reader import read
>>> tree, _ = read("x^T A x", {"x": ("n",), "A": ("n", "n")})
>>> print(to_indices(tree))
sum(sum(x[i]*A[i, j]*x[j], j, 1, n), i, 1, n)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from ..errors import NoRuleError, SymDerivError
from ..expr import Call, Expr, Indexed, Num, Sum, Sym, add, div, ln, mul, postorder, power, sqrt
from ..pipeline import derive as derive_scalar
from ..rules.indexed import kronecker_delta
from .nodes import (
    Add,
    Diag,
    DiagPart,
    Dim,
    Div,
    Func,
    Hadamard,
    Identity,
    MatMul,
    Node,
    Norm,
    Ones,
    Power,
    Scale,
    SumAll,
    Trace,
    Transpose,
    Var,
    Zero,
    shape_of,
)
from .nodes import Num as MNum
from .record import MatrixDerivation

__all__ = ["IndexForm", "index_form", "to_indices"]

_FUNCTIONS = {"sigma": "sigmoid", "step": "heaviside"}
_POOL = ("i", "j", "k", "l", "p", "q", "r", "s", "t", "u", "v")


def _fresh(taken: set[str]) -> Iterator[Sym]:
    for name in (*_POOL, *(f"i{n}" for n in range(1, 1000))):
        if name not in taken:
            taken.add(name)
            yield Sym(name)


def _size(dim: Dim) -> Expr:
    return Num(Fraction(dim)) if isinstance(dim, int) else Sym(dim)


def _taken(node: Node) -> set[str]:
    names: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Var):
            names.add(current.name)
            names.update(str(d) for d in (current.rows, current.cols))
        stack.extend(_kids(current))
    return names


def _kids(node: Node) -> tuple[Node, ...]:
    from_children = node.__dict__.values()
    return tuple(v for v in from_children if isinstance(v, Node)) + tuple(
        k for v in from_children if isinstance(v, tuple) for k in v if isinstance(k, Node)
    )


class _Indexer:
    def __init__(self, taken: set[str]) -> None:
        self.names = _fresh(taken)

    def entry(self, node: Node, i: Expr | None, j: Expr | None) -> Expr:
        """Entry (i, j) of the node; ``None`` for an index of a size-1 dimension."""
        method = getattr(self, "_" + type(node).__name__.lower(), None)
        if method is None:
            raise NoRuleError(f"{node}", "it has no index form here")
        return method(node, i, j)  # type: ignore[no-any-return]

    def _var(self, node: Var, i: Expr | None, j: Expr | None) -> Expr:
        indices = tuple(x for x in (i, j) if x is not None)
        return Indexed(node.name, *indices) if indices else Sym(node.name)

    def _num(self, node: MNum, i: Expr | None, j: Expr | None) -> Expr:
        return Num(node.value)

    def _ones(self, node: Ones, i: Expr | None, j: Expr | None) -> Expr:
        return Num(Fraction(1))

    def _zero(self, node: Zero, i: Expr | None, j: Expr | None) -> Expr:
        return Num(Fraction(0))

    def _identity(self, node: Identity, i: Expr | None, j: Expr | None) -> Expr:
        assert i is not None and j is not None
        return kronecker_delta(i, j)

    def _add(self, node: Add, i: Expr | None, j: Expr | None) -> Expr:
        return add(*(self.entry(t, i, j) for t in node.terms))

    def _scale(self, node: Scale, i: Expr | None, j: Expr | None) -> Expr:
        return mul(self.entry(node.coef, None, None), self.entry(node.body, i, j))

    def _transpose(self, node: Transpose, i: Expr | None, j: Expr | None) -> Expr:
        return self.entry(node.arg, j, i)

    def _hadamard(self, node: Hadamard, i: Expr | None, j: Expr | None) -> Expr:
        return mul(self.entry(node.left, i, j), self.entry(node.right, i, j))

    def _div(self, node: Div, i: Expr | None, j: Expr | None) -> Expr:
        den = self.entry(node.den, None, None) if shape_of(node.den) == (1, 1) else (
            self.entry(node.den, i, j))  # fmt: skip
        return div(self.entry(node.num, i, j), den)

    def _power(self, node: Power, i: Expr | None, j: Expr | None) -> Expr:
        if isinstance(node.base, Norm) and node.exponent == 2:  # ‖v‖² = Σ vᵢ²
            return self._sumall(SumAll(Power(node.base.arg, Fraction(2))), None, None)
        return power(self.entry(node.base, i, j), Num(node.exponent))

    def _func(self, node: Func, i: Expr | None, j: Expr | None) -> Expr:
        inner = self.entry(node.arg, i, j)
        if node.name == "log":
            return ln(inner)
        return Call(_FUNCTIONS.get(node.name, node.name), inner)

    def _matmul(self, node: MatMul, i: Expr | None, j: Expr | None) -> Expr:
        factors = node.factors
        current: Expr | None = i
        parts: list[Expr] = []
        sums: list[tuple[Sym, Dim]] = []
        for index, factor in enumerate(factors):
            cols = shape_of(factor)[1]
            if index == len(factors) - 1:
                following = j
            elif cols == 1:
                following = None
            else:
                following = next(self.names)
                sums.append((following, cols))
            parts.append(self.entry(factor, current, following))
            current = following
        made = mul(*parts)
        for symbol, size in reversed(sums):
            made = Sum(made, symbol, Num(Fraction(1)), _size(size))
        return made

    def _trace(self, node: Trace, i: Expr | None, j: Expr | None) -> Expr:
        t = next(self.names)
        return Sum(self.entry(node.arg, t, t), t, Num(Fraction(1)), _size(shape_of(node.arg)[0]))

    def _sumall(self, node: SumAll, i: Expr | None, j: Expr | None) -> Expr:
        rows, cols = shape_of(node.arg)
        a = next(self.names) if rows != 1 else None
        b = next(self.names) if cols != 1 else None
        made = self.entry(node.arg, a, b)
        for symbol, size in ((b, cols), (a, rows)):
            if isinstance(symbol, Sym):
                made = Sum(made, symbol, Num(Fraction(1)), _size(size))
        return made

    def _norm(self, node: Norm, i: Expr | None, j: Expr | None) -> Expr:
        return sqrt(self._sumall(SumAll(Power(node.arg, Fraction(2))), None, None))

    def _diag(self, node: Diag, i: Expr | None, j: Expr | None) -> Expr:
        assert i is not None and j is not None
        return mul(kronecker_delta(i, j), self.entry(node.arg, i, None))

    def _diagpart(self, node: DiagPart, i: Expr | None, j: Expr | None) -> Expr:
        return self.entry(node.arg, i, i)


def to_indices(node: Node, *indices: str) -> Expr:
    """The node (or its entry at the named indices) in the indexed Σ form."""
    rows, cols = shape_of(node)
    taken = _taken(node) | set(indices)
    given = iter(Sym(name) for name in indices)
    i = next(given, None) if rows != 1 else None
    j = next(given, None) if cols != 1 else None
    if (rows != 1 and i is None) or (cols != 1 and j is None):
        raise ValueError(f"name an index for each dimension of {node}")
    return _Indexer(taken).entry(node, i, j)


@dataclass(frozen=True)
class IndexForm:
    """A derivation's expression in indices, its derivative by one entry of the variable
    (the scalar differentiator's, verified or not), and that entry of the matrix result."""

    entry: Expr
    expr: Expr
    derivative: Expr
    result: Expr
    verified: bool | None


def index_form(d: MatrixDerivation, verify: bool = False) -> IndexForm | None:
    """The index bridge of a gradient, or ``None`` where it has no index form."""
    if d.kind != "gradient":
        return None
    rows, cols = d.var.rows, d.var.cols
    try:
        expr = to_indices(d.expr)
        taken = _taken(d.expr) | _taken(d.result)
        taken |= {n.name for n in postorder(expr) if isinstance(n, Sym)}
        names = _fresh(taken)
        free = [next(names).name for dim in (rows, cols) if dim != 1]
        result = to_indices(d.result, *free)
        entry = Indexed(d.var.name, *(Sym(n) for n in free)) if free else Sym(d.var.name)
        scalar = derive_scalar(expr, entry, verify=verify)
    except (SymDerivError, ValueError, TypeError):
        return None
    verified = bool(scalar.verification) if verify else None
    return IndexForm(entry, expr, scalar.result, result, verified)
