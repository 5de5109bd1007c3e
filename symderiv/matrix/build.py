"""Constructors of matrix expressions that keep trees flat and drop the obvious (0, 1, I).

>>> from .nodes import Var
>>> x = Var("x", "n"); A = Var("A", "n", "n")
>>> print(mm(t(A), scale(Num(Fraction(2)), x)))
2Aᵀx
>>> print(add(mm(A, x), Zero("n", 1)))
Ax
"""

from __future__ import annotations

from fractions import Fraction

from .nodes import (
    Add,
    Det,
    Diag,
    Div,
    Hadamard,
    Identity,
    Inverse,
    MatMul,
    Node,
    Num,
    Ones,
    Power,
    Scale,
    Trace,
    Transpose,
    Var,
    Zero,
    is_scalar,
    shape_of,
)

__all__ = [
    "ONE",
    "add",
    "det",
    "diag",
    "div",
    "had",
    "inner",
    "inv_t",
    "inverse",
    "is_one",
    "is_zero",
    "mm",
    "neg",
    "num",
    "power",
    "scale",
    "t",
    "zero_like",
]

ONE = Num(Fraction(1))


def num(value: int | Fraction) -> Num:
    return Num(Fraction(value))


def is_zero(node: Node) -> bool:
    return isinstance(node, Zero) or (isinstance(node, Num) and node.value == 0)


def is_one(node: Node) -> bool:
    return isinstance(node, Num) and node.value == 1


def zero_like(node: Node) -> Node:
    rows, cols = shape_of(node)
    return num(0) if (rows, cols) == (1, 1) else Zero(rows, cols)


def add(*terms: Node) -> Node:
    """A sum, flattened, without zero terms."""
    flat: list[Node] = []
    for term in terms:
        flat.extend(term.terms if isinstance(term, Add) else (term,))
    kept = [term for term in flat if not is_zero(term)]
    if not kept:
        return zero_like(terms[0])
    return kept[0] if len(kept) == 1 else Add(tuple(kept))


def scale(coef: Node, body: Node) -> Node:
    """``coef · body`` for a scalar ``coef``: numbers multiplied out, 1 dropped."""
    if is_zero(coef) or is_zero(body):
        return zero_like(body)
    if is_one(coef):
        return body
    if isinstance(coef, Scale) and isinstance(coef.coef, Num):
        return scale(coef.coef, scale(coef.body, body))
    if isinstance(body, Num) and not isinstance(coef, Num):
        return scale(body, coef) if is_scalar(coef) else Scale(body, coef)
    if isinstance(coef, Num) and isinstance(body, Num):
        return Num(coef.value * body.value)
    if isinstance(body, Scale) and isinstance(coef, Num) and isinstance(body.coef, Num):
        return scale(Num(coef.value * body.coef.value), body.body)
    if isinstance(body, Scale) and isinstance(body.coef, Num):
        return scale(body.coef, Scale(coef, body.body))
    return Scale(coef, body)


def neg(node: Node) -> Node:
    return scale(num(-1), node)


def mm(*factors: Node) -> Node:
    """A matrix product, flattened; identities dropped; scalar coefficients moved out
    front (a 1×1 factor standing between others is a scalar)."""
    coef: list[Node] = []
    flat: list[Node] = []
    for factor in factors:
        while isinstance(factor, Scale):
            coef.append(factor.coef)
            factor = factor.body
        if isinstance(factor, MatMul):
            flat.extend(factor.factors)
        elif isinstance(factor, Num):
            coef.append(factor)
        elif isinstance(factor, (Zero,)):
            rows = shape_of(factors[0])[0]
            cols = shape_of(factors[-1])[1]
            return zero_like(Zero(rows, cols))
        elif not isinstance(factor, Identity):
            flat.append(factor)
    flat = _cancel_inverses(flat)
    if any(not is_scalar(f) for f in flat):
        coef.extend(f for f in flat if is_scalar(f))
        flat = [f for f in flat if not is_scalar(f)]
    elif len(flat) > 1:
        coef.extend(flat[:-1])
        flat = flat[-1:]
    if not flat:
        body: Node = Identity(shape_of(factors[0])[0]) if not is_scalar(factors[0]) else ONE
    elif len(flat) == 1:
        body = flat[0]
    else:
        body = MatMul(tuple(flat))
    for c in reversed(coef):
        body = scale(c, body)
    return body


def _inverse_pair(a: Node, b: Node) -> bool:
    """Whether ``a b`` is I: M⁻¹M, MM⁻¹, M⁻ᵀMᵀ or MᵀM⁻ᵀ."""
    for first, second in ((a, b), (b, a)):
        if isinstance(first, Inverse) and first.arg == second:
            return True
        if (
            isinstance(first, Transpose)
            and isinstance(first.arg, Inverse)
            and isinstance(second, Transpose)
            and first.arg.arg == second.arg
        ):
            return True
    return False


def _cancel_inverses(factors: list[Node]) -> list[Node]:
    """A product's factors with each adjacent M⁻¹M (or MM⁻¹, M⁻ᵀMᵀ) taken out."""
    kept: list[Node] = []
    for factor in factors:
        if kept and _inverse_pair(kept[-1], factor):
            kept.pop()
        else:
            kept.append(factor)
    return kept


def inverse(node: Node) -> Node:
    """M⁻¹, with (M⁻¹)⁻¹ = M and (Mᵀ)⁻¹ written M⁻ᵀ."""
    if isinstance(node, Inverse):
        return node.arg
    if isinstance(node, Transpose):
        return t(inverse(node.arg))
    return Inverse(node)


def t(node: Node) -> Node:
    """The transpose, pushed through products, sums and scalars: (AB)ᵀ = BᵀAᵀ, (Aᵀ)ᵀ = A,
    Sᵀ = S for a declared symmetric S, sᵀ = s for a scalar."""
    if is_scalar(node):
        return node
    if isinstance(node, Transpose):
        return node.arg
    if isinstance(node, Var) and node.symmetric:
        return node
    if isinstance(node, (Identity, Diag)):
        return node
    if isinstance(node, Zero):
        return Zero(node.cols, node.rows)
    if isinstance(node, MatMul):
        return mm(*(t(f) for f in reversed(node.factors)))
    if isinstance(node, Add):
        if shape_of(node)[1] == 1:
            return Transpose(node)  # (x − μ)ᵀ, as books write it
        return add(*(t(term) for term in node.terms))
    if isinstance(node, Scale):
        return scale(node.coef, t(node.body))
    if isinstance(node, Inverse) and isinstance(node.arg, Var) and node.arg.symmetric:
        return node
    return Transpose(node)


def had(a: Node, b: Node) -> Node:
    """The elementwise product; by a scalar or 𝟏, a product or nothing."""
    if is_scalar(a):
        return scale(a, b)
    if is_scalar(b):
        return scale(b, a)
    if isinstance(a, Scale):
        return scale(a.coef, had(a.body, b))
    if isinstance(b, Scale):
        return scale(b.coef, had(a, b.body))
    if isinstance(a, Ones):
        return b
    if isinstance(b, Ones):
        return a
    if is_zero(a) or is_zero(b):
        return zero_like(a)
    return Hadamard(a, b)


def div(a: Node, b: Node) -> Node:
    """a/b: numbers divided out, by 1 nothing, by a number a scaling."""
    if is_one(b):
        return a
    if isinstance(b, Num) and b.value != 0:
        return scale(Num(1 / b.value), a)
    return Div(a, b)


def inner(g: Node, b: Node) -> Node:
    """⟨G, B⟩: ``g·b`` of scalars, ``gᵀb`` of vectors, ``tr(GᵀB)`` of matrices."""
    if is_scalar(g):
        return scale(g, b)
    if shape_of(g)[1] == 1:
        return mm(t(g), b)
    return Trace(mm(t(g), b))


def diag(node: Node) -> Node:
    return Diag(node)


def inv_t(node: Node) -> Node:
    """M⁻ᵀ."""
    return t(inverse(node))


def power(base: Node, exponent: int | Fraction) -> Node:
    value = Fraction(exponent)
    if value == 1:
        return base
    if value == 0:
        return ONE if is_scalar(base) else Ones(*shape_of(base))
    return Power(base, value)


def det(node: Node) -> Node:
    return Det(node)
