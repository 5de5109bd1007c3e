"""Checking a stated identity, such as the seed posts' ``(a^x)' = a^x ln a``.

Any derivative notation in either side (``(f)'``, ``d/dx (f)``, ``\\frac{d}{dx}``) is
computed by :func:`symderiv.derive` with its steps; then the two sides are compared
by the verifier.  The check is truthy only when the equation is verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..expr import Derivative, Equation, Expr, Sym, fold, free_names, rebuild
from ..pipeline import as_equation, derive
from ..steps import Derivation
from ..verify import DEFAULT_BUDGET, Check, equivalent

__all__ = ["IdentityCheck", "check_identity"]


@dataclass(frozen=True)
class IdentityCheck:
    """The verdict on ``lhs = rhs``, with the derivations of any derivatives in it."""

    equation: Equation
    lhs: Expr
    rhs: Expr
    check: Check
    derivations: tuple[Derivation, ...]

    @property
    def status(self) -> str:
        return self.check.status

    def __bool__(self) -> bool:
        return self.check.status == "verified"

    def summary(self) -> str:
        verdict = {"verified": "✓ holds", "mismatch": "✗ does not hold"}.get(
            self.check.status, "? undecided"
        )
        where = f" (e.g. at {self.check.point})" if self.check.point else ""
        return f"{verdict}: {self.lhs} = {self.rhs}{where}"


def _default_variable(expr: Expr) -> Sym:
    names = free_names(expr)
    if "x" in names or not names:
        return Sym("x")
    return Sym(sorted(names)[0])


def check_identity(
    source: str | Equation, *, budget: float = DEFAULT_BUDGET, **options: Any
) -> IdentityCheck:
    """Derive any derivative written in the identity, then verify ``lhs = rhs``."""
    equation = as_equation(source, **options)
    derivations: list[Derivation] = []

    def combine(node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        if isinstance(rebuilt, Derivative):
            var = rebuilt.var if rebuilt.var is not None else _default_variable(rebuilt.expr)
            derivation = derive(
                rebuilt.expr,
                var,
                order=rebuilt.order,
                verify=True,
                functions=options.get("functions", ()),
            )
            derivations.append(derivation)
            return derivation.result
        return rebuilt

    lhs = fold(equation.lhs, combine)
    rhs = fold(equation.rhs, combine)
    return IdentityCheck(
        equation, lhs, rhs, equivalent(lhs, rhs, budget=budget), tuple(derivations)
    )
