"""Matrix expressions: immutable nodes whose leaves carry their shapes.

Every node has a shape ``(rows, cols)``; a column vector of length n is ``(n, 1)``, a
row vector ``(1, n)`` and a scalar ``(1, 1)``.  A size is an ``int`` or the name of a
symbolic size (``"n"``).  Shapes are computed from the leaves by :func:`shape_of`, so a
tree built by the reader (which unified the sizes) always has consistent shapes.

>>> x = Var("x", "n", 1); A = Var("A", "n", "n")
>>> shape_of(MatMul((Transpose(x), A, x)))
(1, 1)
>>> depends(MatMul((A, x)), "x"), depends(A, "x")
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

__all__ = [
    "ELEMENTWISE",
    "Add",
    "Det",
    "Diag",
    "DiagPart",
    "Dim",
    "Div",
    "Func",
    "Hadamard",
    "Identity",
    "Inverse",
    "MatMul",
    "Node",
    "Norm",
    "Num",
    "Ones",
    "Power",
    "Scale",
    "Shape",
    "SumAll",
    "Trace",
    "Transpose",
    "Var",
    "VecFunc",
    "Zero",
    "children",
    "depends",
    "is_scalar",
    "rebuild",
    "shape_of",
]

Dim = int | str
Shape = tuple[Dim, Dim]

#: The elementwise functions of the matrix reader (applied entry by entry; of a scalar,
#: the function itself).
ELEMENTWISE = ("exp", "log", "sigma", "tanh", "relu", "softplus", "sqrt", "sin", "cos", "step")


class Node:
    """Base of the matrix expression nodes (frozen dataclasses below)."""

    __slots__ = ()

    def __str__(self) -> str:
        return PRINTERS["text"](self)  # filled by matrix.printing

    def latex(self) -> str:
        return PRINTERS["latex"](self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self}>"

    @property
    def shape(self) -> Shape:
        return shape_of(self)


#: The printers the nodes call (``"text"``, ``"latex"``), registered by matrix.printing.
PRINTERS: dict[str, Callable[[Node], str]] = {}


@dataclass(frozen=True, repr=False)
class Var(Node):
    """A named scalar, vector or matrix; ``symmetric`` when declared so."""

    name: str
    rows: Dim = 1
    cols: Dim = 1
    symmetric: bool = False


@dataclass(frozen=True, repr=False)
class Num(Node):
    """A rational scalar constant."""

    value: Fraction


@dataclass(frozen=True, repr=False)
class Ones(Node):
    """The all-ones vector or matrix **1**."""

    rows: Dim
    cols: Dim = 1


@dataclass(frozen=True, repr=False)
class Identity(Node):
    """The identity matrix **I** of size n."""

    size: Dim


@dataclass(frozen=True, repr=False)
class Zero(Node):
    """The zero vector or matrix."""

    rows: Dim
    cols: Dim = 1


@dataclass(frozen=True, repr=False)
class Add(Node):
    """A sum of two or more terms of one shape."""

    terms: tuple[Node, ...]


@dataclass(frozen=True, repr=False)
class MatMul(Node):
    """A matrix product F₁F₂…Fₖ of conformable factors."""

    factors: tuple[Node, ...]


@dataclass(frozen=True, repr=False)
class Scale(Node):
    """A scalar times a vector or matrix (or a scalar): ``coef · body``."""

    coef: Node
    body: Node


@dataclass(frozen=True, repr=False)
class Transpose(Node):
    """Aᵀ."""

    arg: Node


@dataclass(frozen=True, repr=False)
class Inverse(Node):
    """A⁻¹ of a square matrix."""

    arg: Node


@dataclass(frozen=True, repr=False)
class Trace(Node):
    """tr(A) of a square matrix."""

    arg: Node


@dataclass(frozen=True, repr=False)
class Det(Node):
    """det(A) of a square matrix."""

    arg: Node


@dataclass(frozen=True, repr=False)
class Norm(Node):
    """‖v‖ (Euclidean) of a vector or ‖A‖_F (Frobenius) of a matrix."""

    arg: Node


@dataclass(frozen=True, repr=False)
class Power(Node):
    """A scalar to a rational power, or a vector or matrix to an elementwise power (u∘ᵏ)."""

    base: Node
    exponent: Fraction


@dataclass(frozen=True, repr=False)
class Func(Node):
    """An elementwise function (one of :data:`ELEMENTWISE`) applied entry by entry."""

    name: str
    arg: Node


@dataclass(frozen=True, repr=False)
class VecFunc(Node):
    """``softmax`` (vector → vector) or ``logsumexp`` (vector → scalar)."""

    name: str
    arg: Node


@dataclass(frozen=True, repr=False)
class Hadamard(Node):
    """The elementwise product u ⊙ v of two operands of one shape."""

    left: Node
    right: Node


@dataclass(frozen=True, repr=False)
class Div(Node):
    """``num / den``: by a scalar, or elementwise (u ⊘ v) by an operand of the same shape."""

    num: Node
    den: Node


@dataclass(frozen=True, repr=False)
class SumAll(Node):
    """sum(v): the sum of all entries (𝟏ᵀv for a vector)."""

    arg: Node


@dataclass(frozen=True, repr=False)
class Diag(Node):
    """diag(v): the square matrix with the vector v on its diagonal."""

    arg: Node


@dataclass(frozen=True, repr=False)
class DiagPart(Node):
    """diag(A) of a square matrix: the vector of its diagonal entries."""

    arg: Node


#: How to take a node apart and put it together again, by type: its operands in order,
#: and the node made of new operands.  Nodes of one operand ``arg`` are the default.
_PARTS: dict[
    type, tuple[Callable[[Any], tuple[Node, ...]], Callable[[Any, tuple[Node, ...]], Node]]
] = {
    Add: (lambda n: n.terms, lambda n, k: Add(k)),
    MatMul: (lambda n: n.factors, lambda n, k: MatMul(k)),
    Scale: (lambda n: (n.coef, n.body), lambda n, k: Scale(k[0], k[1])),
    Hadamard: (lambda n: (n.left, n.right), lambda n, k: Hadamard(k[0], k[1])),
    Div: (lambda n: (n.num, n.den), lambda n, k: Div(k[0], k[1])),
    Power: (lambda n: (n.base,), lambda n, k: Power(k[0], n.exponent)),
    Func: (lambda n: (n.arg,), lambda n, k: Func(n.name, k[0])),
    VecFunc: (lambda n: (n.arg,), lambda n, k: VecFunc(n.name, k[0])),
}
_LEAVES = (Var, Num, Ones, Identity, Zero)


def children(node: Node) -> tuple[Node, ...]:
    """The operands of a node, in order."""
    if isinstance(node, _LEAVES):
        return ()
    parts = _PARTS.get(type(node))
    return parts[0](node) if parts is not None else (node.arg,)  # type: ignore[attr-defined]


def rebuild(node: Node, kids: tuple[Node, ...]) -> Node:
    """The node with its operands replaced (same order as :func:`children`)."""
    if isinstance(node, _LEAVES):
        return node
    parts = _PARTS.get(type(node))
    return parts[1](node, kids) if parts is not None else type(node)(kids[0])  # type: ignore[call-arg]


def shape_of(node: Node) -> Shape:
    """The node's ``(rows, cols)``."""
    return _shape(node)


def _same(dims: list[Shape]) -> Shape:
    return dims[0]


def _t(shape: Shape) -> Shape:
    return (shape[1], shape[0])


def _scalar(_: Node) -> Shape:
    return (1, 1)


def _matmul(node: Node) -> Shape:
    assert isinstance(node, MatMul)
    first, last = shape_of(node.factors[0]), shape_of(node.factors[-1])
    return (first[0], last[1])


def _first(node: Node) -> Shape:
    return shape_of(children(node)[0])


#: How each node's shape follows from its operands'.
_SHAPES: dict[type, Callable[[Any], Shape]] = {
    Var: lambda n: (n.rows, n.cols),
    Num: _scalar,
    Ones: lambda n: (n.rows, n.cols),
    Zero: lambda n: (n.rows, n.cols),
    Identity: lambda n: (n.size, n.size),
    Add: _first,
    MatMul: _matmul,
    Scale: lambda n: shape_of(n.body),
    Transpose: lambda n: _t(shape_of(n.arg)),
    Inverse: _first,
    Trace: _scalar,
    Det: _scalar,
    Norm: _scalar,
    Power: _first,
    Func: _first,
    VecFunc: lambda n: shape_of(n.arg) if n.name == "softmax" else (1, 1),
    Hadamard: _first,
    Div: _first,
    SumAll: _scalar,
    Diag: lambda n: (shape_of(n.arg)[0], shape_of(n.arg)[0]),
    DiagPart: lambda n: (shape_of(n.arg)[0], 1),
}


@lru_cache(maxsize=65536)
def _shape(node: Node) -> Shape:
    return _SHAPES[type(node)](node)


def is_scalar(node: Node) -> bool:
    """Whether the node is 1×1."""
    return shape_of(node) == (1, 1)


@lru_cache(maxsize=65536)
def depends(node: Node, name: str) -> bool:
    """Whether the variable ``name`` occurs in the node."""
    if isinstance(node, Var):
        return node.name == name
    return any(depends(kid, name) for kid in children(node))
