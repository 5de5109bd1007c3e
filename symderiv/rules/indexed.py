"""Differentiating by an indexed variable: ∂yᵢₖ/∂yⱼₗ = δᵢⱼ·δₖₗ, and the functions of a
whole family zₘ (m = 1…K) that machine learning uses: softmax, log-softmax, log-sum-exp.

With the linearity of Σ (:mod:`symderiv.rules.calculus`) and the simplifier's collapse
of a sum against a Kronecker delta, this gives the gradients of losses written with
indices, such as ∂/∂yⱼₗ of −(1/N) Σᵢ Σₖ tᵢₖ ln yᵢₖ.
"""

from __future__ import annotations

from ..expr import ONE, Call, Expr, Indexed, Sym, mul, sub
from .base import rule

__all__ = ["kronecker_delta"]


def kronecker_delta(first: Expr, second: Expr) -> Expr:
    """δ of two indices: 1 when they are the same index, else the ``delta`` call."""
    return ONE if first is second else Call("delta", first, second)


def _same_family(node: Expr, var: Expr) -> bool:
    return (
        isinstance(node, Indexed)
        and isinstance(var, Indexed)
        and node.name == var.name
        and len(node.indices) == len(var.indices)
        and node is not var
    )


@rule(
    Indexed,
    "kronecker",
    "∂yᵢₖ/∂yⱼₗ = δᵢⱼ·δₖₗ",
    r"\frac{\partial y_{ik}}{\partial y_{jl}} = \delta_{ij}\,\delta_{kl}",
    matches=_same_family,
)
def kronecker(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """∂yᵢₖ/∂yⱼₗ = δᵢⱼ·δₖₗ: one Kronecker delta per index that is not already the same."""
    assert isinstance(node, Indexed) and isinstance(var, Indexed)
    return mul(
        *(
            kronecker_delta(mine, theirs)
            for mine, theirs in zip(node.indices, var.indices, strict=True)
        )
    )


def _of_family(name: str) -> object:
    """Whether ``node`` is the family function ``name`` of the family ``var`` belongs to."""

    def matches(node: Expr, var: Expr) -> bool:
        return (
            isinstance(node, Call)
            and node.name == name
            and isinstance(node.children[0], Sym)
            and isinstance(var, Indexed)
            and len(var.indices) == 1
            and var.name == node.children[0].name  # type: ignore[attr-defined]
        )

    return matches


def _softmax(node: Expr, index: Expr) -> Expr:
    return Call("softmax", node.children[0], index)


def _family_index(var: Expr) -> Expr:
    assert isinstance(var, Indexed)
    return var.indices[0]


@rule(
    Call,
    "softmax",
    "∂softmax(z)ₖ/∂zⱼ = softmax(z)ₖ·(δₖⱼ − softmax(z)ⱼ)",
    r"\frac{\partial\,\operatorname{softmax}(z)_{k}}{\partial z_{j}}"
    r" = \operatorname{softmax}(z)_{k}\left(\delta_{kj} - \operatorname{softmax}(z)_{j}\right)",
    matches=_of_family("softmax"),  # type: ignore[arg-type]
    first=True,
)
def softmax(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """∂softmax(z)ₖ/∂zⱼ = softmax(z)ₖ·(δₖⱼ − softmax(z)ⱼ)  (the softmax Jacobian)."""
    j = _family_index(var)
    k = node.children[1]
    return mul(node, sub(kronecker_delta(k, j), _softmax(node, j)))


@rule(
    Call,
    "log-softmax",
    "∂logsoftmax(z)ₖ/∂zⱼ = δₖⱼ − softmax(z)ⱼ",
    r"\frac{\partial\,\operatorname{logsoftmax}(z)_{k}}{\partial z_{j}}"
    r" = \delta_{kj} - \operatorname{softmax}(z)_{j}",
    matches=_of_family("logsoftmax"),  # type: ignore[arg-type]
    first=True,
)
def log_softmax(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """∂logsoftmax(z)ₖ/∂zⱼ = δₖⱼ − softmax(z)ⱼ, from logsoftmax(z)ₖ = zₖ − ln Σₘ e^(zₘ)."""
    j = _family_index(var)
    return sub(kronecker_delta(node.children[1], j), _softmax(node, j))


@rule(
    Call,
    "logsumexp",
    "∂logsumexp(z)/∂zⱼ = softmax(z)ⱼ",
    r"\frac{\partial}{\partial z_{j}} \ln \sum_{m} e^{z_{m}} = \operatorname{softmax}(z)_{j}",
    matches=_of_family("logsumexp"),  # type: ignore[arg-type]
    first=True,
)
def logsumexp(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """∂/∂zⱼ ln Σₘ e^(zₘ) = e^(zⱼ)/Σₘ e^(zₘ) = softmax(z)ⱼ."""
    return _softmax(node, _family_index(var))
