"""The multivariable chain rule: a function of several arguments, more than one of which
may depend on the variable — ``max(u, v)``, ``beta(a, b)``, or a declared ``f(x, y)``:

    (f(u₁, …, uₙ))′ = Σᵢ ∂ᵢf(u₁, …, uₙ)·uᵢ′

summed over the arguments that depend on the variable.  The function table gives ∂ᵢf
(``FunctionSpec.partial``); for a declared function it is the declared partial derivative
``∂ᵢf`` (:func:`symderiv.functions.partial_name`).  A non-smooth function's step states
where it is not differentiable (``u ≠ v`` for max).
"""

from __future__ import annotations

from ..expr import Call, Expr, add, mul
from ..functions import FAMILY_FUNCTIONS, FUNCTIONS, partial_name
from ..steps import Condition
from .base import Bindings, Part, is_constant, rule
from .kinks import function_conditions

__all__ = ["multivariable_chain", "partial_derivative"]

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
#: Functions of several arguments that have rules of their own.
_OWN_RULES = frozenset({"root", "delta", *FAMILY_FUNCTIONS})


def _is_declared(name: str) -> bool:
    return name.rstrip("'") not in FUNCTIONS


def partial_derivative(node: Call, index: int) -> Expr:
    """∂ᵢf at the node's arguments (``index`` from 0)."""
    spec = FUNCTIONS.get(node.name)
    if spec is not None and spec.partial is not None:
        return spec.partial(index, node.children)
    return Call(partial_name(node.name, index), *node.children)


def _matches(node: Expr, var: Expr) -> bool:
    if not isinstance(node, Call) or node.name in _OWN_RULES:
        return False
    spec = FUNCTIONS.get(node.name)
    if spec is None:
        return _is_declared(node.name) and len(node.children) > 1
    return spec.partial is not None


def _dependent(node: Expr, var: Expr) -> list[int]:
    return [i for i, child in enumerate(node.children) if not is_constant(child, var)]


def _parts(node: Expr, var: Expr) -> tuple[Part, ...]:
    return tuple((node.children[i], var) for i in _dependent(node, var))


def _bindings(node: Expr, var: Expr) -> Bindings:
    return tuple(
        (f"u{str(i + 1).translate(_SUBSCRIPTS)}", node.children[i]) for i in _dependent(node, var)
    )


def _conditions(node: Expr, var: Expr) -> tuple[Condition, ...]:
    spec = FUNCTIONS.get(node.name)  # type: ignore[attr-defined]
    return () if spec is None else function_conditions(spec, node.children)


@rule(
    Call,
    "multivariable-chain",
    "(f(u₁, …, uₙ))′ = Σᵢ ∂ᵢf(u₁, …, uₙ)·uᵢ′",
    r"\left(f(u_1, \dots, u_n)\right)' = \sum_i \partial_i f(u_1, \dots, u_n) \cdot u_i'",
    matches=_matches,
    parts=_parts,
    bindings=_bindings,
    conditions=_conditions,
)
def multivariable_chain(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(f(u₁, …, uₙ))′ = Σᵢ ∂ᵢf(u₁, …, uₙ)·uᵢ′ over the arguments that depend on x."""
    assert isinstance(node, Call)
    return add(
        *(
            mul(partial_derivative(node, i), result)
            for i, result in zip(_dependent(node, var), results, strict=True)
        )
    )
