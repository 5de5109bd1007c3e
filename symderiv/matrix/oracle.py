"""The independent check: every step against derivatives taken entry by entry.

A step says ∇_X ⟨G, u⟩ = R.  On a concrete instance — each symbolic size 2 or 3, every
name a matrix of random exact rationals — the oracle builds the scalar ⟨G, u⟩ entry by
entry with SymPy's explicit matrices (from our tree, never from text), differentiates
it by each entry X_ij of the variable (along X + t·E_ij, at t = 0), and compares the
matrix of those derivatives with R evaluated on the same instance: exactly where the
values are rational, to 30 digits otherwise.  SymPy's own matrix calculus
(``MatrixSymbol`` diff) is never the oracle.  A rewrite ``e = r`` is checked by value.

The SymPy matrix expressions of :mod:`symderiv.matrix.convert` are for users; the
oracle only ever uses explicit matrices.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..sandbox import OVER_TIME, Overrun, preload, run
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
    depends,
)
from .record import _ACTIONS, MatrixDerivation, MatrixStep, MatrixVerification
from .shapes import Declared

__all__ = ["DRAWS", "ELEMENTWISE_SYMPY", "Instance", "check", "explicit", "instances", "verify"]

#: Instances each step is checked on.
DRAWS = 3
#: CPU seconds for the whole check.
BUDGET = 60.0


@dataclass(frozen=True)
class Instance:
    """Concrete sizes and a value (a SymPy matrix) for every name."""

    sizes: dict[str, int]
    values: dict[str, Any]

    def describe(self) -> str:
        if not self.sizes:
            return "one draw"
        return ", ".join(f"{k} = {v}" for k, v in sorted(self.sizes.items()))


# -- explicit evaluation ---------------------------------------------------------------------
def _size(dim: Dim, sizes: Mapping[str, int]) -> int:
    return dim if isinstance(dim, int) else sizes[dim]


def _scalar_of(value: Any) -> Any:
    return value[0, 0]


def _sp() -> Any:
    return sympy_module()


#: Each elementwise function as SymPy builds it of one entry (σ and softplus written out).
ELEMENTWISE_SYMPY: dict[str, Callable[[Any], Any]] = {
    "exp": lambda u: _sp().exp(u),
    "log": lambda u: _sp().log(u),
    "sigma": lambda u: 1 / (1 + _sp().exp(-u)),
    "tanh": lambda u: _sp().tanh(u),
    "relu": lambda u: _sp().Max(0, u),
    "softplus": lambda u: _sp().log(1 + _sp().exp(u)),
    "sqrt": lambda u: _sp().sqrt(u),
    "sin": lambda u: _sp().sin(u),
    "cos": lambda u: _sp().cos(u),
    "step": lambda u: _sp().Heaviside(u),
}


def _elementwise(name: str) -> Callable[[Any], Any]:
    return ELEMENTWISE_SYMPY[name]


def explicit(
    node: Node,
    values: Mapping[str, Any],
    sizes: Mapping[str, int],
    fixed: tuple[str, dict[Node, Any]] | None = None,
) -> Any:
    """The node as an explicit SymPy matrix (a scalar is 1×1), entry by entry.

    ``fixed`` is a variable's name and a memo kept across calls for the parts free of
    it (the oracle evaluates one expression many times, the variable moved each time).
    """
    sp = sympy_module()
    memo: dict[Node, Any] = {}

    def ev(n: Node) -> Any:
        if n in memo:
            return memo[n]
        kept = fixed is not None and not depends(n, fixed[0])
        if kept and n in fixed[1]:  # type: ignore[index]
            return fixed[1][n]  # type: ignore[index]
        kids = [ev(k) for k in children(n)]
        out = _EXPLICIT[type(n)](sp, n, kids, values, sizes)
        memo[n] = out
        if kept:
            fixed[1][n] = out  # type: ignore[index]
        return out

    return ev(node)


def _mat(sp: Any, value: Any) -> Any:
    return sp.ImmutableMatrix([[value]])


def _matmul(sp: Any, n: Node, kids: list[Any], *_: Any) -> Any:
    out = kids[0]
    for kid in kids[1:]:
        if out.shape == (1, 1) and kid.shape[0] != 1:
            out = out[0, 0] * kid
        elif kid.shape == (1, 1) and out.shape[1] != 1:
            out = kid[0, 0] * out
        else:
            out = out * kid
    return sp.ImmutableMatrix(out)


def _power(sp: Any, n: Node, kids: list[Any], *_: Any) -> Any:
    assert isinstance(n, Power)
    k = sp.Rational(n.exponent.numerator, n.exponent.denominator)
    return kids[0].applyfunc(lambda e: e**k)


def _div(sp: Any, n: Node, kids: list[Any], *_: Any) -> Any:
    num, den = kids
    if den.shape == (1, 1):
        return num.applyfunc(lambda e: e / den[0, 0])
    if num.shape == (1, 1):
        return den.applyfunc(lambda e: num[0, 0] / e)
    return sp.ImmutableMatrix(num.rows, num.cols, lambda i, j: num[i, j] / den[i, j])


def _scale(sp: Any, n: Node, kids: list[Any], *_: Any) -> Any:
    coef, body = kids
    return sp.ImmutableMatrix(coef[0, 0] * body)


def _softmax(sp: Any, n: Node, kids: list[Any], *_: Any) -> Any:
    assert isinstance(n, VecFunc)
    exps = kids[0].applyfunc(sp.exp)
    total = sum(exps)
    if n.name == "softmax":
        return exps.applyfunc(lambda e: e / total)
    return _mat(sp, sp.log(total))


_EXPLICIT: dict[type, Callable[..., Any]] = {
    Var: lambda sp, n, k, values, sizes: values[n.name],
    Num: lambda sp, n, k, v, s: _mat(sp, sp.Rational(n.value.numerator, n.value.denominator)),
    Ones: lambda sp, n, k, v, s: sp.ImmutableMatrix(sp.ones(_size(n.rows, s), _size(n.cols, s))),
    Zero: lambda sp, n, k, v, s: sp.ImmutableMatrix(sp.zeros(_size(n.rows, s), _size(n.cols, s))),
    Identity: lambda sp, n, k, v, s: sp.ImmutableMatrix(sp.eye(_size(n.size, s))),
    Add: lambda sp, n, k, v, s: sp.ImmutableMatrix(sum(k[1:], k[0])),
    MatMul: _matmul,
    Scale: _scale,
    Transpose: lambda sp, n, k, v, s: k[0].T,
    Inverse: lambda sp, n, k, v, s: sp.ImmutableMatrix(k[0].inv()),
    Trace: lambda sp, n, k, v, s: _mat(sp, k[0].trace()),
    Det: lambda sp, n, k, v, s: _mat(sp, k[0].det(method="berkowitz")),
    Norm: lambda sp, n, k, v, s: _mat(sp, sp.sqrt(sum(e**2 for e in k[0]))),
    Power: _power,
    Func: lambda sp, n, k, v, s: k[0].applyfunc(_elementwise(n.name)),
    VecFunc: _softmax,
    Hadamard: lambda sp, n, k, v, s: k[0].multiply_elementwise(k[1]),
    Div: _div,
    SumAll: lambda sp, n, k, v, s: _mat(sp, sum(k[0])),
    Diag: lambda sp, n, k, v, s: sp.ImmutableMatrix(sp.diag(*list(k[0]))),
    DiagPart: lambda sp, n, k, v, s: sp.ImmutableMatrix([k[0][i, i] for i in range(k[0].rows)]),
}


# -- instances ---------------------------------------------------------------------------------
def _draw(rng: random.Random, rows: int, cols: int, symmetric: bool) -> Any:
    sp = sympy_module()

    def entry() -> Any:
        value = Fraction(rng.choice([-3, -2, -1, 1, 2, 3]), rng.choice([1, 2, 3]))
        return sp.Rational(value.numerator, value.denominator)

    matrix = sp.Matrix(rows, cols, lambda i, j: entry())
    if symmetric:
        matrix = (matrix + matrix.T) / 2 + sp.eye(rows) * 3
    elif rows == cols and rows > 1:
        matrix = matrix + sp.eye(rows) * 4  # well away from singular
    return sp.ImmutableMatrix(matrix)


def instances(
    shapes: Mapping[str, Declared], seed: int = 0, sums: Mapping[str, Fraction] | None = None
) -> Iterator[Instance]:
    """Concrete instances: symbolic sizes all 2, all 3, then mixed; random rationals.
    ``sums`` fixes the sum of a vector's entries (a given fact 𝟏ᵀy = c)."""
    names = sorted(
        {str(d) for rows, cols, _ in shapes.values() for d in (rows, cols) if isinstance(d, str)}
    )
    rng = random.Random(seed)
    for draw in range(DRAWS + 3):
        if draw == 0:
            sizes = {name: 2 for name in names}
        elif draw == 1:
            sizes = {name: 3 for name in names}
        else:
            sizes = {name: rng.choice([2, 3]) for name in names}
        values = {
            name: _draw(rng, _size(rows, sizes), _size(cols, sizes), sym)
            for name, (rows, cols, sym) in sorted(shapes.items())
        }
        for name, total in (sums or {}).items():
            vector = sympy_module().Matrix(values[name])
            vector[len(vector) - 1] = 0
            vector[len(vector) - 1] = sympy_module().Rational(
                total.numerator, total.denominator
            ) - sum(vector)
            values[name] = sympy_module().ImmutableMatrix(vector)
        yield Instance(sizes, values)


# -- checks --------------------------------------------------------------------------------
class Invalid(Exception):
    """An instance where a value is undefined (a division by zero, a log of 0)."""


def _agree(sp: Any, ours: Any, oracle: Any) -> bool:
    if ours.shape != oracle.shape:
        return False
    for a, b in zip(ours, oracle, strict=True):
        if a.has(sp.zoo, sp.nan, sp.oo) or b.has(sp.zoo, sp.nan, sp.oo):
            raise Invalid
        if a.is_Rational and b.is_Rational:
            if a != b:
                return False
            continue
        diff = complex(sp.N(a - b, 30))
        size = max(1.0, abs(complex(sp.N(b, 30))))
        if abs(diff) > 1e-20 * size:
            return False
    return True


def _oracle(step: MatrixStep, instance: Instance) -> Any:
    """∇_X ⟨G, u⟩ entry by entry: d/dt ⟨G, u(X + tE_ij)⟩ at t = 0."""
    sp = sympy_module()
    var = step.var
    assert var is not None
    t = sp.Symbol("t_oracle")
    point = instance.values[var.name]
    g = step.adjoint
    g_value = explicit(g, instance.values, instance.sizes) if g is not None else _mat(sp, 1)
    entries = []
    shared: tuple[str, dict[Node, Any]] = (var.name, {})
    for i in range(point.rows):
        row = []
        for j in range(point.cols):
            moved = dict(instance.values)
            bump = sp.zeros(point.rows, point.cols)
            bump[i, j] = t
            moved[var.name] = sp.ImmutableMatrix(point + bump)
            u = explicit(step.expr, moved, instance.sizes, shared)
            if u.shape != g_value.shape:
                raise ValueError(f"adjoint shape {g_value.shape} for {step.expr} {u.shape}")
            phi = sum(g_value[k] * u[k] for k in range(len(u)))
            row.append(sp.diff(phi, t).subs(t, 0))
        entries.append(row)
    return sp.ImmutableMatrix(entries)


def check(step: MatrixStep, instance: Instance) -> bool:
    """Whether the step holds on the instance (raises :class:`Invalid` if undefined)."""
    sp = sympy_module()
    ours = explicit(step.result, instance.values, instance.sizes)
    if step.var is None:
        return _agree(sp, ours, explicit(step.expr, instance.values, instance.sizes))
    return _agree(sp, ours, _oracle(step, instance))


def _check_all(derivation: MatrixDerivation) -> MatrixVerification:
    steps = list(derivation.all_steps())
    shapes = dict(derivation.shapes)
    for step in steps:
        for node in (step.adjoint,):
            if isinstance(node, Var):
                shapes.setdefault(node.name, (node.rows, node.cols, node.symmetric))
    used: list[Instance] = []
    failing: dict[int, str] = {}
    seed = sum(map(ord, derivation.source))
    for instance in instances(shapes, seed, derivation.options.get("sums")):
        if len(used) == DRAWS:
            break
        try:
            outcome = {id(step): check(step, instance) for step in steps}
            final = _final_check(derivation, instance)
        except (Invalid, ZeroDivisionError, ValueError, TypeError) as error:
            if isinstance(error, ValueError) and "adjoint shape" in str(error):
                raise
            continue
        used.append(instance)
        for step in steps:
            if not outcome[id(step)] and id(step) not in failing:
                failing[id(step)] = instance.describe()
        if not final and -1 not in failing:
            failing[-1] = instance.describe()
    described = tuple(i.describe() for i in used)
    if not used:
        return MatrixVerification(
            "undecided", 0, len(steps), detail="no instance where the values are defined"
        )
    if failing:
        bad = [s for s in steps if id(s) in failing]
        deepest = next(
            (s for s in reversed(bad) if not any(id(k) in failing for k in s.substeps)),
            bad[-1] if bad else None,
        )
        where = failing[id(deepest)] if deepest is not None else failing[-1]
        return MatrixVerification(
            "mismatch", len(steps) - len(bad), len(steps), described, deepest, where
        )
    return MatrixVerification("verified", len(steps), len(steps), described)


def _final_check(derivation: MatrixDerivation, instance: Instance) -> bool:
    """The result against the oracle on the whole expression (a gradient, or a Jacobian
    row by row)."""
    sp = sympy_module()
    ours = explicit(derivation.result, instance.values, instance.sizes)
    if derivation.kind == "gradient":
        top = MatrixStep("mat-constant", derivation.expr, derivation.var, derivation.result)
        return check(top, instance)
    rows = []
    f_shape = explicit(derivation.expr, instance.values, instance.sizes).shape
    for i in range(f_shape[0]):
        picker = sp.zeros(f_shape[0], 1)
        picker[i] = 1
        values = dict(instance.values)
        values["__e"] = sp.ImmutableMatrix(picker)
        e = Var("__e", derivation.expr.shape[0], 1)
        step = MatrixStep("mat-constant", derivation.expr, derivation.var, derivation.var, e)
        rows.append(_oracle(step, Instance(instance.sizes, values)).T)
    return _agree(sp, ours, sp.ImmutableMatrix.vstack(*rows))


def verify(derivation: MatrixDerivation, budget: float = BUDGET) -> MatrixVerification:
    """Check the derivation in the SymPy worker, within ``budget`` CPU seconds."""
    try:
        return run(_check_all, derivation, seconds=budget)  # type: ignore[no-any-return]
    except Overrun as error:
        total = sum(1 for _ in derivation.all_steps())
        return MatrixVerification("undecided", 0, total, detail=error.reason or OVER_TIME)


# -- SymPy matrix expressions ---------------------------------------------------------------
_ACTIONS["verify"] = verify
preload(__name__)
