"""The one table of named functions.

Each entry gives the function's arity, its derivative with respect to its first
argument in terms of that argument ``u``, how LaTeX writes it, which SymPy
function it is, the names a user may type for it, and the conditions its
derivative formula assumes.  The parsers, the printers, the SymPy bridge and the
differentiator all read this table; none keeps its own list.

Logarithms are not here: they are the :class:`~symderiv.expr.Log` node, with a base.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .expr import (
    ONE,
    TWO,
    Call,
    Expr,
    Num,
    add,
    div,
    mul,
    neg,
    power,
    sqrt,
    sub,
)

__all__ = [
    "ALIASES",
    "FAMILY_FUNCTIONS",
    "FAMILY_SIZE",
    "FUNCTIONS",
    "INDEXED_FUNCTIONS",
    "FunctionSpec",
    "known_names",
    "lookup",
]


@dataclass(frozen=True)
class FunctionSpec:
    """One named function.

    ``derivative(u)`` is f′(u); ``formula`` states the rule in plain text with
    ``u`` for the argument; ``conditions`` are the assumptions of that formula.
    ``sympy`` names the SymPy function (``None``: built by :mod:`symderiv.verify`).
    """

    name: str
    derivative: Callable[[Expr], Expr] | None
    formula: str
    latex: str
    sympy: str | None
    family: str
    aliases: tuple[str, ...] = ()
    arity: int = 1
    conditions: tuple[str, ...] = ()
    inverse_of: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _f(name: str) -> Callable[[Expr], Expr]:
    return lambda u: Call(name, u)


def _square(u: Expr) -> Expr:
    return power(u, TWO)


def _one_minus_square(u: Expr) -> Expr:
    return sub(ONE, _square(u))


_SPECS: list[FunctionSpec] = [
    # exponential, roots, absolute value
    FunctionSpec("exp", _f("exp"), "exp(u)′ = exp(u)", r"\exp", "exp", "exponential"),
    FunctionSpec(
        "sqrt",
        lambda u: div(ONE, mul(TWO, sqrt(u))),
        "(√u)′ = 1/(2√u)",
        r"\sqrt",
        "sqrt",
        "root",
        conditions=("u > 0",),
    ),
    FunctionSpec(
        "cbrt",
        lambda u: div(ONE, mul(Num(3), power(Call("cbrt", u), TWO))),
        "(∛u)′ = 1/(3·∛u²)",
        r"\sqrt[3]",
        "cbrt",
        "root",
        conditions=("u ≠ 0",),
    ),
    FunctionSpec(
        "delta",
        None,
        "δᵢⱼ = 1 when i = j, else 0 (Kronecker delta)",
        r"\delta",
        "KroneckerDelta",
        "machine learning",
        arity=2,
    ),
    FunctionSpec(
        "softmax",
        None,
        "softmax(z)ₖ = e^(zₖ)/Σₘ e^(zₘ)  (m = 1…K)",
        r"\operatorname{softmax}",
        None,
        "machine learning",
        arity=2,
    ),
    FunctionSpec(
        "logsoftmax",
        None,
        "logsoftmax(z)ₖ = zₖ − ln Σₘ e^(zₘ)  (m = 1…K)",
        r"\operatorname{logsoftmax}",
        None,
        "machine learning",
        aliases=("log_softmax",),
        arity=2,
    ),
    FunctionSpec(
        "logsumexp",
        None,
        "logsumexp(z) = ln Σₘ e^(zₘ)  (m = 1…K)",
        r"\operatorname{logsumexp}",
        None,
        "machine learning",
        aliases=("LSE",),
    ),
    FunctionSpec(
        "root",
        None,
        "(ⁿ√u)′ = ⁿ√u/(n·u)",
        r"\sqrt",
        "root",
        "root",
        arity=2,
        conditions=("u > 0",),
    ),
    FunctionSpec(
        "abs",
        lambda u: div(u, Call("abs", u)),
        "|u|′ = u/|u|",
        r"\left|\cdot\right|",
        "Abs",
        "abs",
        aliases=("Abs",),
        conditions=("u ≠ 0",),
    ),
    # trigonometric
    FunctionSpec("sin", _f("cos"), "sin(u)′ = cos(u)", r"\sin", "sin", "trig"),
    FunctionSpec("cos", lambda u: neg(Call("sin", u)), "cos(u)′ = −sin(u)", r"\cos", "cos", "trig"),
    FunctionSpec(
        "tan",
        lambda u: div(ONE, power(Call("cos", u), TWO)),
        "tan(u)′ = 1/cos²(u)",
        r"\tan",
        "tan",
        "trig",
    ),
    FunctionSpec(
        "cot",
        lambda u: neg(div(ONE, power(Call("sin", u), TWO))),
        "cot(u)′ = −1/sin²(u)",
        r"\cot",
        "cot",
        "trig",
    ),
    FunctionSpec(
        "sec",
        lambda u: mul(Call("sec", u), Call("tan", u)),
        "sec(u)′ = sec(u)·tan(u)",
        r"\sec",
        "sec",
        "trig",
    ),
    FunctionSpec(
        "csc",
        lambda u: neg(mul(Call("csc", u), Call("cot", u))),
        "csc(u)′ = −csc(u)·cot(u)",
        r"\csc",
        "csc",
        "trig",
    ),
    # inverse trigonometric
    FunctionSpec(
        "asin",
        lambda u: div(ONE, sqrt(_one_minus_square(u))),
        "arcsin(u)′ = 1/√(1 − u²)",
        r"\arcsin",
        "asin",
        "inverse trig",
        aliases=("arcsin",),
        conditions=("|u| < 1",),
        inverse_of="sin",
    ),
    FunctionSpec(
        "acos",
        lambda u: neg(div(ONE, sqrt(_one_minus_square(u)))),
        "arccos(u)′ = −1/√(1 − u²)",
        r"\arccos",
        "acos",
        "inverse trig",
        aliases=("arccos",),
        conditions=("|u| < 1",),
        inverse_of="cos",
    ),
    FunctionSpec(
        "atan",
        lambda u: div(ONE, add(ONE, _square(u))),
        "arctan(u)′ = 1/(1 + u²)",
        r"\arctan",
        "atan",
        "inverse trig",
        aliases=("arctan",),
        inverse_of="tan",
    ),
    FunctionSpec(
        "acot",
        lambda u: neg(div(ONE, add(ONE, _square(u)))),
        "arccot(u)′ = −1/(1 + u²)",
        r"\operatorname{arccot}",
        "acot",
        "inverse trig",
        aliases=("arccot",),
        inverse_of="cot",
    ),
    FunctionSpec(
        "asec",
        lambda u: div(ONE, mul(Call("abs", u), sqrt(sub(_square(u), ONE)))),
        "arcsec(u)′ = 1/(|u|·√(u² − 1))",
        r"\operatorname{arcsec}",
        "asec",
        "inverse trig",
        aliases=("arcsec",),
        conditions=("|u| > 1",),
        inverse_of="sec",
    ),
    FunctionSpec(
        "acsc",
        lambda u: neg(div(ONE, mul(Call("abs", u), sqrt(sub(_square(u), ONE))))),
        "arccsc(u)′ = −1/(|u|·√(u² − 1))",
        r"\operatorname{arccsc}",
        "acsc",
        "inverse trig",
        aliases=("arccsc",),
        conditions=("|u| > 1",),
        inverse_of="csc",
    ),
    # hyperbolic
    FunctionSpec("sinh", _f("cosh"), "sinh(u)′ = cosh(u)", r"\sinh", "sinh", "hyperbolic"),
    FunctionSpec("cosh", _f("sinh"), "cosh(u)′ = sinh(u)", r"\cosh", "cosh", "hyperbolic"),
    FunctionSpec(
        "tanh",
        lambda u: div(ONE, power(Call("cosh", u), TWO)),
        "tanh(u)′ = 1/cosh²(u)",
        r"\tanh",
        "tanh",
        "hyperbolic",
    ),
    FunctionSpec(
        "coth",
        lambda u: neg(div(ONE, power(Call("sinh", u), TWO))),
        "coth(u)′ = −1/sinh²(u)",
        r"\coth",
        "coth",
        "hyperbolic",
        conditions=("u ≠ 0",),
    ),
    FunctionSpec(
        "sech",
        lambda u: neg(mul(Call("sech", u), Call("tanh", u))),
        "sech(u)′ = −sech(u)·tanh(u)",
        r"\operatorname{sech}",
        "sech",
        "hyperbolic",
    ),
    FunctionSpec(
        "csch",
        lambda u: neg(mul(Call("csch", u), Call("coth", u))),
        "csch(u)′ = −csch(u)·coth(u)",
        r"\operatorname{csch}",
        "csch",
        "hyperbolic",
        conditions=("u ≠ 0",),
    ),
    # inverse hyperbolic
    FunctionSpec(
        "asinh",
        lambda u: div(ONE, sqrt(add(_square(u), ONE))),
        "arsinh(u)′ = 1/√(u² + 1)",
        r"\operatorname{arsinh}",
        "asinh",
        "inverse hyperbolic",
        aliases=("arsinh", "arcsinh"),
        inverse_of="sinh",
    ),
    FunctionSpec(
        "acosh",
        lambda u: div(ONE, sqrt(sub(_square(u), ONE))),
        "arcosh(u)′ = 1/√(u² − 1)",
        r"\operatorname{arcosh}",
        "acosh",
        "inverse hyperbolic",
        aliases=("arcosh", "arccosh"),
        conditions=("u > 1",),
        inverse_of="cosh",
    ),
    FunctionSpec(
        "atanh",
        lambda u: div(ONE, _one_minus_square(u)),
        "artanh(u)′ = 1/(1 − u²)",
        r"\operatorname{artanh}",
        "atanh",
        "inverse hyperbolic",
        aliases=("artanh", "arctanh"),
        conditions=("|u| < 1",),
        inverse_of="tanh",
    ),
    FunctionSpec(
        "acoth",
        lambda u: div(ONE, _one_minus_square(u)),
        "arcoth(u)′ = 1/(1 − u²)",
        r"\operatorname{arcoth}",
        "acoth",
        "inverse hyperbolic",
        aliases=("arcoth", "arccoth"),
        conditions=("|u| > 1",),
        inverse_of="coth",
    ),
    FunctionSpec(
        "asech",
        lambda u: neg(div(ONE, mul(u, sqrt(_one_minus_square(u))))),
        "arsech(u)′ = −1/(u·√(1 − u²))",
        r"\operatorname{arsech}",
        "asech",
        "inverse hyperbolic",
        aliases=("arsech", "arcsech"),
        conditions=("0 < u < 1",),
        inverse_of="sech",
    ),
    FunctionSpec(
        "acsch",
        lambda u: neg(div(ONE, mul(Call("abs", u), sqrt(add(_square(u), ONE))))),
        "arcsch(u)′ = −1/(|u|·√(u² + 1))",
        r"\operatorname{arcsch}",
        "acsch",
        "inverse hyperbolic",
        aliases=("arcsch", "arccsch"),
        conditions=("u ≠ 0",),
        inverse_of="csch",
    ),
    # machine learning
    FunctionSpec(
        "sigmoid",
        lambda u: mul(Call("sigmoid", u), sub(ONE, Call("sigmoid", u))),
        "σ(u)′ = σ(u)·(1 − σ(u))",
        r"\sigma",
        None,
        "machine learning",
        aliases=("σ", "logistic"),
    ),
    FunctionSpec(
        "softplus",
        lambda u: Call("sigmoid", u),
        "softplus(u)′ = σ(u)",
        r"\operatorname{softplus}",
        None,
        "machine learning",
    ),
]

#: Canonical name -> specification.
FUNCTIONS: dict[str, FunctionSpec] = {spec.name: spec for spec in _SPECS}

#: Every name a user may type (canonical names and aliases) -> canonical name.
ALIASES: dict[str, str] = {
    **{alias: spec.name for spec in _SPECS for alias in spec.aliases},
    **{spec.name: spec.name for spec in _SPECS},
}


def lookup(name: str) -> FunctionSpec | None:
    """The specification for a typed function name or alias, if it is known."""
    canonical = ALIASES.get(name)
    return FUNCTIONS[canonical] if canonical else None


def known_names() -> list[str]:
    """All function names a user may type, including the logarithm names."""
    return sorted(set(ALIASES) | {"ln", "log", "log10", "log2"})


#: Functions of a whole indexed family ``z`` (their first argument names the family);
#: the range of the family is m = 1…:data:`FAMILY_SIZE`.
FAMILY_FUNCTIONS = frozenset({"softmax", "logsoftmax", "logsumexp"})
#: Family functions that also take an index: ``softmax(z)ₖ`` is written ``softmax(z, k)``.
INDEXED_FUNCTIONS = frozenset({"softmax", "logsoftmax"})
#: The name of the size of a family (the number of classes).
FAMILY_SIZE = "K"
