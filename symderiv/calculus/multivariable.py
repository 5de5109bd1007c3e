"""Jacobians, Hessians, directional derivatives, divergences and Laplacians, one
derivation per entry.

* ``jacobian([f₁, …, fₘ], [x₁, …, xₙ])``: Jᵢⱼ = ∂fᵢ/∂xⱼ;
* ``hessian(f, [x₁, …, xₙ])``: Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ — each first partial ∂f/∂xᵢ derived once
  and shared by its row; the entries below the diagonal are the ones above it
  (Schwarz: the second partials are continuous here), each checked against SymPy;
* ``directional(f, [x, y], u)``: D_u f = ∇f · u/|u|;
* ``divergence([F₁, …, Fₙ], [x₁, …, xₙ])``: ∇·F = Σᵢ ∂Fᵢ/∂xᵢ;
* ``laplacian(f, [x₁, …, xₙ])``: ∇²f = Σᵢ ∂²f/∂xᵢ².

Every entry's derivation is verified against SymPy step by step.

>>> [[str(c) for c in row] for row in hessian("x^2 + 3 x y + y^2", "x, y").matrix]
[['2', '3'], ['3', '2']]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..expr import TWO, ZERO, Expr, Sym, add, div, free_names, mul, power, sqrt
from ..pipeline import as_expression, as_variable, derive, diff
from ..simplify import tidy
from ..steps import Derivation
from ..verify import equivalent
from .exact import exact_value
from .report import (
    Block,
    Label,
    Report,
    Verdict,
    derivation_verdict,
    equation,
    heading,
    matrix,
    steps_of,
    verdict_block,
)

__all__ = [
    "DerivativeMatrix",
    "DirectionalDerivative",
    "PartialSum",
    "directional",
    "divergence",
    "hessian",
    "jacobian",
    "laplacian",
]


def _variables(
    variables: Iterable[Expr | str] | str | None, trees: Sequence[Expr]
) -> tuple[Expr, ...]:
    if variables is None:
        names: set[str] = set()
        for tree in trees:
            names |= free_names(tree)
        return tuple(Sym(name) for name in sorted(names))
    if isinstance(variables, str):
        return tuple(as_variable(v) for v in variables.replace(",", " ").split())
    return tuple(as_variable(v) for v in variables)


@dataclass(frozen=True)
class DerivativeMatrix(Report):
    """A Jacobian or a Hessian: ``functions`` by ``variables``; ``firsts`` the first
    partials a Hessian shares, ``entries[i][j]`` the derivation of entry (i, j) or
    ``None`` for an entry taken from its symmetric one (with ``symmetry`` saying how that
    was checked)."""

    which: str
    functions: tuple[Expr, ...]
    variables: tuple[Expr, ...]
    entries: tuple[tuple[Derivation | None, ...], ...]
    firsts: tuple[Derivation, ...] = ()
    symmetry: tuple[Verdict, ...] = ()

    @property
    def matrix(self) -> tuple[tuple[Expr, ...], ...]:
        """The entries as expressions (a Hessian's lower entries from the upper ones)."""
        rows: list[tuple[Expr, ...]] = []
        for i, row in enumerate(self.entries):
            cells: list[Expr] = []
            for j, entry in enumerate(row):
                source = entry if entry is not None else self.entries[j][i]
                assert source is not None
                cells.append(source.result)
            rows.append(tuple(cells))
        return tuple(rows)

    @property
    def result(self) -> tuple[tuple[Expr, ...], ...]:
        return self.matrix

    def name(self) -> str:
        return self.which

    def derivations(self) -> tuple[Derivation, ...]:
        return (*self.firsts, *(e for row in self.entries for e in row if e is not None))

    def verdicts(self) -> tuple[Verdict, ...]:
        return (*(derivation_verdict(d) for d in self.derivations()), *self.symmetry)

    def blocks(self) -> tuple[Block, ...]:
        names = ", ".join(str(v) for v in self.variables)
        shown: list[Block] = []
        if self.which == "hessian":
            shown.append(heading("hessian-setup", expr=self.functions[0], variables=names))
            shown.append(heading("gradient-first"))
            shown.extend(steps_of(d) for d in self.firsts)
            shown.append(heading("second-partials"))
        else:
            listed = ", ".join(str(f) for f in self.functions)
            shown.append(heading("jacobian-setup", functions=listed, variables=names))
        for i, row in enumerate(self.entries):
            for j, entry in enumerate(row):
                where = f"({i + 1}, {j + 1})"
                if entry is not None:
                    shown.append(heading("entry", where=where))
                    shown.append(steps_of(entry))
                elif self.which == "hessian":
                    shown.append(heading("entry", where=where))
                    shown.append(
                        heading(
                            "hessian-symmetric", a=str(self.variables[j]), b=str(self.variables[i])
                        )
                    )
        letter = "H" if self.which == "hessian" else "J"
        shown.append(matrix(Label(letter, letter), self.matrix))
        shown.append(verdict_block(self._summary()))
        return tuple(shown)

    def _summary(self) -> Verdict:
        verdicts = self.verdicts()
        if all(verdicts):
            return Verdict("verified", "matrix-verified", (("count", len(self.derivations())),))
        for i, row in enumerate(self.entries):
            for j, entry in enumerate(row):
                if entry is not None and derivation_verdict(entry).status == "mismatch":
                    return Verdict(
                        "mismatch", "matrix-mismatch", (("where", f"({i + 1}, {j + 1})"),)
                    )
        if any(v.status == "mismatch" for v in verdicts):
            return Verdict("mismatch", "matrix-mismatch", (("where", "?"),))
        undecided = sum(1 for v in verdicts if not v)
        return Verdict("undecided", "matrix-undecided", (("count", undecided),))


def jacobian(
    functions: Iterable[Expr | str] | str,
    variables: Iterable[Expr | str] | str | None = None,
    **options: Any,
) -> DerivativeMatrix:
    """The Jacobian matrix ∂fᵢ/∂xⱼ, one derivation per entry (``functions`` a list or
    a comma-separated text; ``variables`` default to every free symbol, sorted)."""
    listed = functions.split(",") if isinstance(functions, str) else list(functions)
    trees = tuple(as_expression(f, functions=options.get("functions", ())) for f in listed)
    chosen = _variables(variables, trees)
    entries = tuple(tuple(derive(f, v, **options) for v in chosen) for f in trees)
    return DerivativeMatrix("jacobian", trees, chosen, entries)


def hessian(
    expr: Expr | str, variables: Iterable[Expr | str] | str | None = None, **options: Any
) -> DerivativeMatrix:
    """The Hessian matrix ∂²f/∂xᵢ∂xⱼ: the first partials once, the entries on and above
    the diagonal derived from them, those below taken by symmetry and checked."""
    tree = as_expression(expr, functions=options.get("functions", ()))
    chosen = _variables(variables, (tree,))
    firsts = tuple(derive(tree, v, **options) for v in chosen)
    rows: list[tuple[Derivation | None, ...]] = []
    symmetry: list[Verdict] = []
    for i, first in enumerate(firsts):
        row: list[Derivation | None] = []
        for j, var in enumerate(chosen):
            if j < i:
                row.append(None)
                continue
            row.append(derive(first.result, var, **options))
        rows.append(tuple(row))
    if options.get("verify", True):
        for i in range(len(chosen)):
            for j in range(i):
                upper = rows[j][i]
                assert upper is not None
                other = diff(firsts[i].result, chosen[j])
                check = equivalent(other, upper.result)
                summary = (
                    f"∂²f/∂{chosen[i]}∂{chosen[j]} = ∂²f/∂{chosen[j]}∂{chosen[i]}: {check.status}"
                )
                symmetry.append(
                    Verdict(check.status, f"sympy-{check.status}", (("summary", summary),))
                )
    return DerivativeMatrix("hessian", (tree,), chosen, tuple(rows), firsts, tuple(symmetry))


@dataclass(frozen=True)
class DirectionalDerivative(Report):
    """D_u f = ∇f · u/|u|: the gradient's derivations, |u| and the result."""

    expr: Expr
    variables: tuple[Expr, ...]
    direction: tuple[Expr, ...]
    partials: tuple[Derivation, ...]
    norm: Expr
    result: Expr

    kind = "directional"

    def verdicts(self) -> tuple[Verdict, ...]:
        return tuple(derivation_verdict(d) for d in self.partials)

    def blocks(self) -> tuple[Block, ...]:
        shown: list[Block] = [
            heading(
                "directional-setup",
                expr=self.expr,
                direction=", ".join(str(c) for c in self.direction),
            )
        ]
        shown.extend(steps_of(d) for d in self.partials)
        shown.append(matrix(Label("∇f", r"\nabla f"), (tuple(d.result for d in self.partials),)))
        shown.append(
            equation(
                Label("|u|", r"\lvert u \rvert"), self.norm, "directional-normalise", norm=self.norm
            )
        )
        shown.append(equation(Label("D_u f", r"D_{u} f"), self.result, "directional-dot"))
        status = self.status
        shown.append(
            verdict_block(
                Verdict(
                    status, f"matrix-{status}", (("count", len(self.partials)), ("where", "∇f"))
                )
            )
        )
        return tuple(shown)


def directional(
    expr: Expr | str,
    variables: Iterable[Expr | str] | str,
    direction: Iterable[Expr | str | int] | str,
    **options: Any,
) -> DirectionalDerivative:
    """The derivative of ``expr`` along ``direction`` (normalised to a unit vector)."""
    tree = as_expression(expr, functions=options.get("functions", ()))
    chosen = _variables(variables, (tree,))
    parts = direction.split(",") if isinstance(direction, str) else list(direction)
    vector = tuple(p if isinstance(p, Expr) else as_expression(str(p)) for p in parts)
    if len(vector) != len(chosen):
        raise ValueError(
            f"the direction has {len(vector)} components and there are {len(chosen)} variables"
        )
    if any(free_names(c) for c in vector):
        raise ValueError("the direction must be a vector of numbers")
    norm = exact_value(sqrt(add(*(power(c, TWO) for c in vector))))
    if norm == ZERO:
        raise ValueError("the direction is the zero vector: it has no unit vector")
    partials = tuple(derive(tree, v, **options) for v in chosen)
    dot = add(*(mul(d.result, c) for d, c in zip(partials, vector, strict=True)))
    return DirectionalDerivative(tree, chosen, vector, partials, norm, tidy(div(dot, norm)))


@dataclass(frozen=True)
class PartialSum(Report):
    """A divergence ∇·F = Σᵢ ∂Fᵢ/∂xᵢ or a Laplacian ∇²f = Σᵢ ∂²f/∂xᵢ², one derivation
    per term (``firsts`` the first partials of a Laplacian, ``terms`` the terms)."""

    which: str
    functions: tuple[Expr, ...]
    variables: tuple[Expr, ...]
    terms: tuple[Derivation, ...]
    firsts: tuple[Derivation, ...] = ()

    def name(self) -> str:
        return self.which

    @property
    def result(self) -> Expr:
        return tidy(add(*(d.result for d in self.terms)))

    def derivations(self) -> tuple[Derivation, ...]:
        return (*self.firsts, *self.terms)

    def verdicts(self) -> tuple[Verdict, ...]:
        return tuple(derivation_verdict(d) for d in self.derivations())

    def blocks(self) -> tuple[Block, ...]:
        names = ", ".join(str(v) for v in self.variables)
        listed = ", ".join(str(f) for f in self.functions)
        shown: list[Block] = [heading(f"{self.which}-setup", functions=listed, variables=names)]
        if self.firsts:
            shown.append(heading("gradient-first"))
            shown.extend(steps_of(d) for d in self.firsts)
            shown.append(heading("second-partials"))
        shown.extend(steps_of(d) for d in self.terms)
        total = add(*(d.result for d in self.terms))
        symbol = (
            Label("∇·F", r"\nabla \cdot F")
            if self.which == "divergence"
            else Label("∇²f", r"\nabla^{2} f")
        )
        shown.append(equation(symbol, total, "sum-of-terms"))
        shown.append(equation(symbol, self.result))
        status = self.status
        shown.append(
            verdict_block(
                Verdict(status, f"matrix-{status}", (("count", len(self.derivations())),))
            )
        )
        return tuple(shown)


def divergence(
    functions: Iterable[Expr | str] | str,
    variables: Iterable[Expr | str] | str | None = None,
    **options: Any,
) -> PartialSum:
    """∇·F = ∂F₁/∂x₁ + … + ∂Fₙ/∂xₙ of a vector field F = (F₁, …, Fₙ)."""
    listed = functions.split(",") if isinstance(functions, str) else list(functions)
    trees = tuple(as_expression(f, functions=options.get("functions", ())) for f in listed)
    chosen = _variables(variables, trees)
    if len(chosen) != len(trees):
        raise ValueError(
            f"a divergence needs as many components as variables ({len(trees)} and {len(chosen)})"
        )
    terms = tuple(derive(f, v, **options) for f, v in zip(trees, chosen, strict=True))
    return PartialSum("divergence", trees, chosen, terms)


def laplacian(
    expr: Expr | str, variables: Iterable[Expr | str] | str | None = None, **options: Any
) -> PartialSum:
    """∇²f = ∂²f/∂x₁² + … + ∂²f/∂xₙ²: each first partial, then its own second partial."""
    tree = as_expression(expr, functions=options.get("functions", ()))
    chosen = _variables(variables, (tree,))
    firsts = tuple(derive(tree, v, **options) for v in chosen)
    terms = tuple(derive(d.result, v, **options) for d, v in zip(firsts, chosen, strict=True))
    return PartialSum("laplacian", (tree,), chosen, terms, firsts)
