"""Gradients and Jacobians of matrix expressions, step by step, verified entry by entry.

>>> d = derive_matrix("x^T A x", "x", {"x": ("n",), "A": ("n", "n")})
>>> print(d.result)
(A + Aᵀ)x
>>> bool(d.verification)
True
>>> print(derive_matrix("\\\\|Ax - b\\\\|^2", "x", {"x": ("n",), "A": ("m", "n"), "b": ("m",)},
...                     verify=False).result)
2Aᵀ(Ax − b)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..errors import NoRuleError, ParseError, VariableError
from ..steps import register_rule
from .build import ONE, add, is_zero, mm, scale, t
from .nodes import (
    Add,
    Diag,
    Div,
    Hadamard,
    Identity,
    MatMul,
    Node,
    Num,
    Ones,
    Scale,
    SumAll,
    Transpose,
    Var,
    Zero,
    children,
    depends,
    is_scalar,
    rebuild,
    shape_of,
)
from .reader import canonical_name, read
from .record import MatrixDerivation, MatrixStep
from .rules import pull_step
from .shapes import Declared
from .tidy import tidy, tidy_steps

__all__ = ["derive_matrix", "linear_part"]

register_rule(
    "mat-jacobian",
    "∇ₓ⟨G, f⟩ = JᵀG for every G: J = ∂f/∂x is read off (Jᵢⱼ = ∂fᵢ/∂xⱼ)",
    "\\nabla_{x}\\langle G, f\\rangle = J^\\top G \\Rightarrow J = \\partial f/\\partial x",
)


def linear_part(expr: Node, g: Var) -> Node:
    """M with ``expr = M G`` for an expression linear in the vector G.

    Raises :class:`NoRuleError` when ``expr`` is not of a form this reads.
    """
    if expr == g:
        return _identity_of(g)
    if is_zero(expr):
        return Zero(shape_of(expr)[0], shape_of(g)[0])
    if not depends(expr, g.name):
        raise NoRuleError(f"{expr}", "the Jacobian is not linear in the adjoint")
    if isinstance(expr, Add):
        return add(*(linear_part(term, g) for term in expr.terms if depends(term, g.name)))
    if isinstance(expr, Scale):
        if not depends(expr.coef, g.name):
            return scale(expr.coef, linear_part(expr.body, g))
        if not depends(expr.body, g.name) and is_scalar(expr.coef):
            # s (aᵀG) = (s aᵀ) G
            return mm(expr.body, linear_part(expr.coef, g))
    if isinstance(expr, MatMul):
        factors = expr.factors
        if factors[0] == Transpose(g) and is_scalar(expr):
            return t(mm(*factors[1:]))
        hits = [i for i, f in enumerate(factors) if depends(f, g.name)]
        if hits == [len(factors) - 1]:
            return mm(*factors[:-1], linear_part(factors[-1], g))
    if isinstance(expr, Hadamard):
        a, b = (expr.left, expr.right) if depends(expr.right, g.name) else (expr.right, expr.left)
        if not depends(a, g.name):
            return mm(Diag(a), linear_part(b, g))
    if isinstance(expr, Div) and not depends(expr.den, g.name):
        if is_scalar(expr.den):
            return Div(linear_part(expr.num, g), expr.den)
    raise NoRuleError(f"{expr}", "cannot write this Jacobian in matrix form")


def _diagonal(node: Node) -> Node | None:
    """v when the node is diag(v), c·diag(v), or I (v = 𝟏); else ``None``."""
    if isinstance(node, Diag):
        return node.arg
    if isinstance(node, Identity):
        return Ones(node.size, 1)
    if isinstance(node, Scale) and isinstance(node.coef, Num):
        inner = _diagonal(node.body)
        return None if inner is None else scale(node.coef, inner)
    return None


def merge_diagonals(node: Node) -> Node:
    """diag(a) + diag(b) = diag(a + b), I = diag(𝟏), everywhere in the node."""
    kids = children(node)
    if kids:
        node = rebuild(node, tuple(merge_diagonals(k) for k in kids))
    if isinstance(node, Add):
        parts = [_diagonal(term) for term in node.terms]
        if all(p is not None for p in parts):
            return Diag(add(*(p for p in parts if p is not None)))
    return node


def _identity_of(g: Var) -> Node:
    return Identity(shape_of(g)[0])


register_rule("mat-given", "the given fact 𝟏ᵀv = c used", "\\mathbf{1}^\\top v = c", kind="rewrite")


def _facts(given: Sequence[str], table: Mapping[str, Declared]) -> dict[str, Fraction]:
    """Each fact ``1^T y = c`` (or ``sum(y) = c``) as the vector's name and c."""
    shapes = {name: (rows, cols) for name, (rows, cols, _) in table.items()}
    made: dict[str, Fraction] = {}
    for fact in given:
        lhs_text, sep, rhs_text = fact.partition("=")
        if not sep:
            raise ParseError("a fact is written lhs = rhs", fact, len(fact))
        lhs, _ = read(lhs_text, shapes)
        rhs, _ = read(rhs_text, shapes)
        vector = _summed(lhs)
        if vector is None or not isinstance(rhs, Num):
            raise ParseError("the facts read with matrices are 1^T v = c and sum(v) = c", fact, 0)
        made[vector.name] = rhs.value
    return made


def _summed(node: Node) -> Var | None:
    """v when the node is 𝟏ᵀv or sum(v) of a vector name v."""
    if isinstance(node, SumAll) and isinstance(node.arg, Var):
        return node.arg
    if (
        isinstance(node, MatMul)
        and len(node.factors) == 2
        and isinstance(node.factors[0], Transpose)
        and isinstance(node.factors[0].arg, Ones)
        and isinstance(node.factors[1], Var)
    ):
        return node.factors[1]
    return None


def _use_facts(node: Node, sums: Mapping[str, Fraction]) -> Node:
    vector = _summed(node)
    if vector is not None and vector.name in sums:
        return Num(sums[vector.name])
    kids = children(node)
    return rebuild(node, tuple(_use_facts(k, sums) for k in kids)) if kids else node


def _with_facts(
    rewrites: tuple[MatrixStep, ...], raw: Node, sums: Mapping[str, Fraction]
) -> tuple[MatrixStep, ...]:
    if not sums:
        return rewrites
    current = rewrites[-1].result if rewrites else raw
    used = tidy(_use_facts(current, sums))
    if used == current:
        return rewrites
    return (*rewrites, MatrixStep("mat-given", current, None, used), *tidy_steps(used))


def _default_variable(table: Mapping[str, Declared]) -> str:
    """``x`` if it is a vector or matrix, else the only vector or matrix name."""
    arrays = [name for name, (rows, cols, _) in table.items() if (rows, cols) != (1, 1)]
    if "x" in arrays:
        return "x"
    if len(arrays) == 1:
        return arrays[0]
    raise VariableError(
        "name the variable of differentiation: the formula has the vectors and matrices "
        + ", ".join(arrays)
    )


def _adjoint_name(taken: Iterable[str]) -> str:
    used = set(taken)
    for name in ("G", "delta", "G1", "G2"):
        if name not in used:
            return name
    raise VariableError("no free name for the adjoint")


def derive_matrix(
    text: str,
    var: str | None,
    shapes: Mapping[str, object] | None = None,
    *,
    vectors: Iterable[str] = (),
    matrices: Iterable[str] = (),
    symmetric: Iterable[str] = (),
    verify: bool = True,
    budget: float | None = None,
    given: Sequence[str] = (),
) -> MatrixDerivation:
    """The gradient (scalar ``text``) or Jacobian (vector ``text`` by a vector) by ``var``,
    with every step recorded and, with ``verify``, checked entry by entry."""
    tree, table = read(text, shapes, vectors=vectors, matrices=matrices, symmetric=symmetric)
    name = canonical_name(var) if var is not None else _default_variable(table)
    if name not in table:
        known = ", ".join(sorted(table)) or "none"
        raise VariableError(f"{var} does not occur in {text!r} (names: {known})")
    sums = _facts(given, table)
    rows, cols, sym = table[name]
    x = Var(name, rows, cols, sym)
    f_rows, f_cols = shape_of(tree)
    if (f_rows, f_cols) == (1, 1):
        step = pull_step(tree, ONE, x)
        rewrites = _with_facts(tidy_steps(step.result), step.result, sums)
        derivation = MatrixDerivation(
            text, tree, x, step, rewrites, table, "gradient", options={"sums": sums}
        )
    elif f_cols == 1 and cols == 1:
        g = Var(_adjoint_name(table), f_rows, 1)
        step = pull_step(tree, g, x)
        # ⊙ G kept (not expanded), so that J reads diag(f′(u)): J = diag(𝟏 − tanh(Wx)^∘2)W
        rewrites = _with_facts(
            tidy_steps(step.result, skip=("mat-collect-elementwise",)), step.result, sums
        )
        linear = rewrites[-1].result if rewrites else step.result
        jac = tidy(merge_diagonals(tidy(t(linear_part(linear, g)))))
        final = MatrixStep("mat-jacobian", tree, x, jac, g)
        derivation = MatrixDerivation(
            text,
            tree,
            x,
            step,
            rewrites,
            table,
            "jacobian",
            options={"jacobian": final, "sums": sums},
        )
    else:
        raise NoRuleError(
            f"∂({text})/∂{name}",
            f"the derivative of an expression of shape {f_rows}×{f_cols} by a variable of "
            f"shape {rows}×{cols} is not a matrix; differentiate a scalar (a gradient) or a "
            "vector by a vector (a Jacobian)",
        )
    if verify:
        options: dict[str, Any] = {} if budget is None else {"budget": budget}
        derivation = derivation.with_verification(derivation.verify(**options))
    return derivation
