"""What the function table records about one function (:class:`FunctionSpec`), and the
ways a function is written; the table itself is :mod:`symderiv.functions`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .expr import Expr

__all__ = [
    "BARS",
    "CALL",
    "FAMILY_SIZE",
    "INDEXED_RADICAL",
    "PIECEWISE",
    "RADICAL",
    "RELATION",
    "SUBSCRIPT",
    "FunctionSpec",
]

#: How a function is written (``FunctionSpec.written``): ``name(u, …)``;
CALL = "call"
#: a sign before its argument, ``√u``;
RADICAL = "radical"
#: between bars, ``|u|``;
BARS = "bars"
#: a sign with the index raised before it, ``ⁿ√u``;
INDEXED_RADICAL = "indexed radical"
#: a letter with its arguments in subscript, ``δᵢⱼ``.
SUBSCRIPT = "subscript"
#: a relation between its two arguments, ``u ≥ v`` (a condition of a piecewise function);
RELATION = "relation"
#: pieces, each a value and the condition where it holds: ``{u if c; v otherwise}``.
PIECEWISE = "piecewise"

#: The name of the size of a family (the number of classes).
FAMILY_SIZE = "K"


@dataclass(frozen=True)
class FunctionSpec:
    """One named function.

    ``derivative(u)`` is f′(u) (``None``: differentiated by a rule of its own);
    ``formula`` states the rule in plain text with ``u`` for the argument;
    ``conditions`` are the assumptions of that formula.

    ``latex`` is how LaTeX writes it: the command for its name (``\\sin``), or, when
    it is not written ``name(…)`` (see ``written``), a template in which ``#1`` and
    ``#2`` stand for the arguments (``\\sqrt[#2]{#1}``).  ``latex_commands`` are
    the LaTeX commands read as this function (without the backslash); ``inverse_of``
    names the function whose ``^{-1}`` in LaTeX means this one (``\\sin^{-1}``).
    ``pretty`` is the name or sign the Unicode printer writes.

    ``mpmath`` computes its value at any precision (``None``: no value at a point);
    ``real`` its real value in floating point (raising :class:`ValueError` or
    :class:`ZeroDivisionError` where it has none; ``None``: no real implementation).
    ``sympy`` names the SymPy function (``None``: no SymPy function of its own);
    ``to_sympy`` builds the SymPy object from the ``sympy`` module and the converted
    arguments where a name is not enough.
    ``branched``: real only on part of the real line.

    Functions of several arguments: ``derivative(*args)`` is the derivative in the
    argument numbered ``slot`` (the others held constant); ``partial(i, args)`` is the
    partial derivative ∂ᵢf in argument ``i`` (from 0), used by the multivariable chain
    rule when more than one argument depends on the variable.  ``variadic``: takes
    ``arity`` arguments or more (``max``, ``min``); ``defaults``: values of trailing
    arguments that may be left out (``leaky_relu(x)`` is ``leaky_relu(x, 0.01)``).

    ``latex_formula``: the formula in LaTeX, where the plain text has signs LaTeX has no
    Unicode form of (``⌊u⌋``, ``½``); else the plain text is converted.

    ``pole(*args)``: what the function divides by, as a formula of its arguments
    (``tan``: cos u, ``csc``: sin u, ``artanh``: 1 − u²); where it is 0 the function has
    no value, and a call at which it is 0 everywhere (``csc(π)``) is refused.
    ``pole_at(*values)``: whether exact arguments (``Fraction`` values) are at a pole that
    no divisor names (Γ, ψ and ln Γ at 0, −1, −2, …); such a call is refused too.

    ``kinks``: the derivative formula does not hold at the points its ``conditions``
    exclude because the function is not differentiable there (``relu`` at 0, ``floor``
    at the integers), not merely because it is undefined; those conditions are stated on
    every step at every detail level.  Templates: ``u ≠ 0``, ``|u| < 1``, ``0 < u < 1``,
    ``u ∉ ℤ`` (u not an integer), ``u ≠ #2`` (u different from the second argument).
    """

    name: str
    derivative: Callable[..., Expr] | None
    formula: str
    latex: str
    sympy: str | None
    family: str
    mpmath: Callable[..., Any] | None
    real: Callable[..., float] | None = None
    to_sympy: Callable[..., Any] | None = None
    aliases: tuple[str, ...] = ()
    arity: int = 1
    conditions: tuple[str, ...] = ()
    inverse_of: str | None = None
    latex_commands: tuple[str, ...] = ()
    pretty: str | None = None
    written: str = CALL
    branched: bool = False
    slot: int = 0
    partial: Callable[[int, tuple[Expr, ...]], Expr] | None = None
    variadic: bool = False
    defaults: tuple[Expr, ...] = ()
    kinks: bool = False
    latex_formula: str | None = None
    pole: Callable[..., Expr] | None = None
    pole_at: Callable[..., bool] | None = None

    @property
    def rule_key(self) -> str:
        """The key of its derivative rule, ``fn:`` and its name in kebab case
        (``fn:sin``, ``fn:leaky-relu``, ``fn:phi``)."""
        return "fn:" + self.name.lower().replace("_", "-")

    @property
    def pretty_name(self) -> str:
        """What the Unicode printer writes for the function."""
        return self.pretty if self.pretty is not None else self.name
