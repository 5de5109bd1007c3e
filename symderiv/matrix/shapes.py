"""Shapes of names: declarations, inference by unification, and the shape errors.

A declaration is a tuple: ``("n",)`` or ``(3,)`` a column vector, ``("n", "n")`` a
matrix, ``()`` a scalar; sizes are names (symbolic) or positive integers.  Names whose
sizes are to be inferred (``--vector x`` or a bold ``\\mathbf{x}``) get *unknown* sizes
(``"?1"``), which the reader unifies with the sizes they meet in products and sums.
Two different named sizes never unify: ``W x`` with ``W`` m×n and ``x`` of length m is
a :class:`~symderiv.errors.ShapeError`.

>>> sizes = Sizes()
>>> a = sizes.fresh(); sizes.unify(a, "n"), sizes.find(a)
(True, 'n')
>>> sizes.unify("n", "m")
False
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import count

from ..errors import ShapeError
from .nodes import Dim

__all__ = [
    "Declared",
    "Sizes",
    "declare",
    "parse_shape_spec",
    "shape_error",
]

#: A name's declared shape: ``(rows, cols)`` and whether it is symmetric.
Declared = tuple[Dim, Dim, bool]


class Sizes:
    """Union-find over sizes: unknown sizes (``"?k"``) bind to others; named and integer
    sizes are rigid."""

    def __init__(self) -> None:
        self.parent: dict[str, Dim] = {}
        self._ids = count(1)

    def fresh(self) -> str:
        return f"?{next(self._ids)}"

    @staticmethod
    def unknown(dim: Dim) -> bool:
        return isinstance(dim, str) and dim.startswith("?")

    def find(self, dim: Dim) -> Dim:
        while isinstance(dim, str) and dim in self.parent:
            dim = self.parent[dim]
        return dim

    def unify(self, a: Dim, b: Dim) -> bool:
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        if self.unknown(a):
            self.parent[str(a)] = b
            return True
        if self.unknown(b):
            self.parent[str(b)] = a
            return True
        return False


def _dim(value: object, where: str) -> Dim:
    if isinstance(value, bool):
        raise ShapeError(f"bad size {value!r} in the shape of {where}")
    if isinstance(value, int):
        if value < 1:
            raise ShapeError(f"a size must be positive: {value} in the shape of {where}")
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return _dim(int(text), where)
        if text.isidentifier():
            return text
    raise ShapeError(f"bad size {value!r} in the shape of {where}")


def declare(name: str, shape: object, symmetric: bool = False) -> Declared:
    """A declared shape as ``(rows, cols, symmetric)``: ``()`` scalar, ``(n,)`` column
    vector, ``(m, n)`` matrix.

    >>> declare("A", ("n", "n")), declare("x", (3,)), declare("c", ())
    (('n', 'n', False), (3, 1, False), (1, 1, False))
    """
    if isinstance(shape, (str, int)):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or len(shape) > 2:
        raise ShapeError(f"the shape of {name} must be (), (n,) or (m, n), not {shape!r}")
    dims = [_dim(value, name) for value in shape]
    if not dims:
        return (1, 1, False)
    if len(dims) == 1:
        return (dims[0], 1, False)
    if symmetric and dims[0] != dims[1]:
        raise ShapeError(f"{name} is declared symmetric but is {dims[0]}×{dims[1]}")
    return (dims[0], dims[1], symmetric)


def parse_shape_spec(spec: str) -> tuple[str, tuple[str, ...]]:
    """``"A=n,n"`` → ``("A", ("n", "n"))`` (the CLI's ``--shape``).

    >>> parse_shape_spec("x=n"), parse_shape_spec("A = 3, 3")
    (('x', ('n',)), ('A', ('3', '3')))
    """
    name, sep, dims = spec.partition("=")
    if not sep or not name.strip():
        raise ShapeError(f"a shape is written name=n or name=m,n, not {spec!r}")
    parts = tuple(part.strip() for part in dims.split(",")) if dims.strip() else ()
    return name.strip(), parts


def shape_error(message: str, source: str, position: int) -> ShapeError:
    """A :class:`ShapeError` whose text shows the source with a caret at ``position``."""
    line = source.replace("\n", " ")
    error = ShapeError(f"{message} at column {position + 1}\n  {line}\n  {' ' * position}^")
    error.source = source  # type: ignore[attr-defined]
    error.position = position  # type: ignore[attr-defined]
    return error


def resolve_all(sizes: Sizes, declared: Mapping[str, Declared]) -> dict[str, Declared]:
    """Each declaration with its sizes resolved."""
    return {
        name: (sizes.find(rows), sizes.find(cols), sym)
        for name, (rows, cols, sym) in declared.items()
    }
