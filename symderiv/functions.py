"""The one table of named functions.

Each entry gives everything known about one function: its arity, its derivative with
respect to its first argument in terms of that argument ``u``, the names a user may type
for it, how LaTeX writes and reads it, how the Unicode printer writes it, its value (with
mpmath at any precision, and in real floating point), its SymPy counterpart, and the
conditions its derivative formula assumes.  The parsers, the printers, numeric
evaluation, the guard, the SymPy bridge and the differentiator all read this table;
none keeps its own list.

Logarithms are not here: they are the :class:`~symderiv.expr.Log` node, with a base.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from .deferred import mpmath, mpmath_function
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
from .function_spec import (
    BARS,
    CALL,
    FAMILY_SIZE,
    INDEXED_RADICAL,
    PIECEWISE,
    RADICAL,
    RELATION,
    SUBSCRIPT,
    FunctionSpec,
)
from .special_functions import SPECIAL_SPECS

__all__ = [
    "ALIASES",
    "BARS",
    "BRANCHED_FUNCTIONS",
    "CALL",
    "FAMILY_FUNCTIONS",
    "FAMILY_SIZE",
    "FUNCTIONS",
    "GREEK_LETTERS",
    "GREEK_VARIANTS",
    "INDEXED_FUNCTIONS",
    "INDEXED_RADICAL",
    "INVERSES",
    "LATEX_COMMANDS",
    "LATEX_GREEK_COMMANDS",
    "PARTIAL_MARK",
    "PIECEWISE",
    "RADICAL",
    "RELATION",
    "SUBSCRIPT",
    "FunctionSpec",
    "lookup",
    "partial_name",
    "split_partial",
]


def _f(name: str) -> Callable[[Expr], Expr]:
    return lambda u: Call(name, u)


def _square(u: Expr) -> Expr:
    return power(u, TWO)


def _one_minus_square(u: Expr) -> Expr:
    return sub(ONE, _square(u))


def _itself(u: Expr) -> Expr:
    return u


# -- values ---------------------------------------------------------------------------------
def _mp_sigmoid(u: Any) -> Any:
    return 1 / (1 + mpmath.exp(-u))


def _mp_softplus(u: Any) -> Any:
    return mpmath.log(1 + mpmath.exp(u))


def _mp_root(u: Any, n: Any) -> Any:
    """The real n-th root of a negative number for odd whole n, else the principal root."""
    if n == int(n) and int(n) % 2 == 1 and mpmath.re(u) < 0 and mpmath.im(u) == 0:
        return -mpmath.root(-u, int(n))
    return mpmath.root(u, n) if n == int(n) else u ** (1 / n)


def _mp_delta(i: Any, j: Any) -> Any:
    return 1 if i == j else 0


def _real_root(u: float, n: float) -> float:
    """The real n-th root, as :func:`_mp_root` takes it: of a negative number for odd
    whole n (∛−8 = −2), none for even n; whole n ≠ 0 only."""
    if not float(n).is_integer() or n == 0:
        raise ValueError("no real root here")
    if u >= 0:
        return float(u ** (1 / n))
    if int(n) % 2 == 0:
        raise ValueError("no real even root of a negative number")
    return -float((-u) ** (1 / n))


def _real_sigmoid(u: float) -> float:
    if u >= 0:
        return 1 / (1 + math.exp(-u))
    z = math.exp(u)
    return z / (1 + z)


def _real_softplus(u: float) -> float:
    return max(u, 0.0) + math.log1p(math.exp(-abs(u)))


def _real_asech(u: float) -> float:
    if u <= 0:
        raise ValueError("asech is real only for 0 < u <= 1")
    return math.acosh(1 / u)


# -- SymPy objects --------------------------------------------------------------------------
def _sum_of_exponentials(sp: Any, family: Any) -> Any:
    """Σₘ e^(zₘ) over m = 1…K, the denominator of softmax."""
    m = sp.Symbol("_m", integer=True)
    z = sp.IndexedBase(str(family))
    return sp.Sum(sp.exp(z[m]), (m, 1, sp.Symbol(FAMILY_SIZE, real=True)))


def _sympy_softmax(sp: Any, z: Any, k: Any) -> Any:
    return sp.exp(sp.IndexedBase(str(z))[k]) / _sum_of_exponentials(sp, z)


def _sympy_logsoftmax(sp: Any, z: Any, k: Any) -> Any:
    return sp.IndexedBase(str(z))[k] - sp.log(_sum_of_exponentials(sp, z))


def _sympy_logsumexp(sp: Any, z: Any) -> Any:
    return sp.log(_sum_of_exponentials(sp, z))


_SPECS: list[FunctionSpec] = [
    # exponential, roots, absolute value
    FunctionSpec(
        "exp",
        _f("exp"),
        "exp(u)′ = exp(u)",
        r"\exp",
        "exp",
        "exponential",
        mpmath_function("exp"),
        real=math.exp,
        latex_commands=("exp",),
    ),
    FunctionSpec(
        "sqrt",
        lambda u: div(ONE, mul(TWO, sqrt(u))),
        "(√u)′ = 1/(2√u)",
        r"\sqrt{#1}",
        "sqrt",
        "root",
        mpmath_function("sqrt"),
        real=math.sqrt,
        conditions=("u > 0",),
        pretty="√",
        written=RADICAL,
        branched=True,
    ),
    FunctionSpec(
        "cbrt",
        lambda u: div(ONE, mul(Num(3), power(Call("cbrt", u), TWO))),
        "(∛u)′ = 1/(3·∛u²)",
        r"\operatorname{cbrt}",
        "cbrt",
        "root",
        lambda u: _mp_root(u, 3),
        real=lambda u: _real_root(u, 3),
        conditions=("u ≠ 0",),
        pretty="∛",
        written=RADICAL,
        branched=True,
    ),
    FunctionSpec(
        "delta",
        None,
        "δᵢⱼ = 1 when i = j, else 0 (Kronecker delta)",
        r"\delta_{#1,#2}",
        "KroneckerDelta",
        "machine learning",
        _mp_delta,
        arity=2,
        pretty="δ",
        written=SUBSCRIPT,
    ),
    FunctionSpec(
        "softmax",
        None,
        "softmax(z)ₖ = e^(zₖ)/Σₘ e^(zₘ)  (m = 1…K)",
        r"\operatorname{softmax}",
        None,
        "machine learning",
        None,
        to_sympy=_sympy_softmax,
        aliases=("Softmax",),
        arity=2,
    ),
    FunctionSpec(
        "logsoftmax",
        None,
        "logsoftmax(z)ₖ = zₖ − ln Σₘ e^(zₘ)  (m = 1…K)",
        r"\operatorname{logsoftmax}",
        None,
        "machine learning",
        None,
        to_sympy=_sympy_logsoftmax,
        aliases=("log_softmax", "LogSoftmax"),
        arity=2,
    ),
    FunctionSpec(
        "logsumexp",
        None,
        "logsumexp(z) = ln Σₘ e^(zₘ)  (m = 1…K)",
        r"\operatorname{logsumexp}",
        None,
        "machine learning",
        None,
        to_sympy=_sympy_logsumexp,
        aliases=("LSE",),
    ),
    FunctionSpec(
        "root",
        None,
        "(ⁿ√u)′ = ⁿ√u/(n·u)",
        r"\sqrt[#2]{#1}",
        "root",
        "root",
        _mp_root,
        real=_real_root,
        to_sympy=lambda sp, u, n: sp.Pow(u, 1 / n),
        arity=2,
        conditions=("u > 0",),
        pretty="√",
        written=INDEXED_RADICAL,
    ),
    FunctionSpec(
        "abs",
        lambda u: Call("sign", u),
        "|u|′ = sign(u)  (u ≠ 0)",
        r"\left|#1\right|",
        "Abs",
        "abs",
        mpmath_function("fabs"),
        real=abs,
        aliases=("Abs",),
        conditions=("u ≠ 0",),
        pretty="|",
        written=BARS,
        kinks=True,
    ),
    # trigonometric
    FunctionSpec(
        "sin",
        _f("cos"),
        "sin(u)′ = cos(u)",
        r"\sin",
        "sin",
        "trig",
        mpmath_function("sin"),
        real=math.sin,
        latex_commands=("sin",),
    ),
    FunctionSpec(
        "cos",
        lambda u: neg(Call("sin", u)),
        "cos(u)′ = −sin(u)",
        r"\cos",
        "cos",
        "trig",
        mpmath_function("cos"),
        real=math.cos,
        latex_commands=("cos",),
    ),
    FunctionSpec(
        "tan",
        lambda u: div(ONE, power(Call("cos", u), TWO)),
        "tan(u)′ = 1/cos²(u)",
        r"\tan",
        "tan",
        "trig",
        mpmath_function("tan"),
        real=math.tan,
        latex_commands=("tan",),
        pole=_f("cos"),
    ),
    FunctionSpec(
        "cot",
        lambda u: neg(div(ONE, power(Call("sin", u), TWO))),
        "cot(u)′ = −1/sin²(u)",
        r"\cot",
        "cot",
        "trig",
        mpmath_function("cot"),
        real=lambda u: 1 / math.tan(u),
        latex_commands=("cot",),
        pole=_f("sin"),
    ),
    FunctionSpec(
        "sec",
        lambda u: mul(Call("sec", u), Call("tan", u)),
        "sec(u)′ = sec(u)·tan(u)",
        r"\sec",
        "sec",
        "trig",
        mpmath_function("sec"),
        real=lambda u: 1 / math.cos(u),
        latex_commands=("sec",),
        pole=_f("cos"),
    ),
    FunctionSpec(
        "csc",
        lambda u: neg(mul(Call("csc", u), Call("cot", u))),
        "csc(u)′ = −csc(u)·cot(u)",
        r"\csc",
        "csc",
        "trig",
        mpmath_function("csc"),
        real=lambda u: 1 / math.sin(u),
        latex_commands=("csc",),
        pole=_f("sin"),
    ),
    # inverse trigonometric
    FunctionSpec(
        "asin",
        lambda u: div(ONE, sqrt(_one_minus_square(u))),
        "arcsin(u)′ = 1/√(1 − u²)",
        r"\arcsin",
        "asin",
        "inverse trig",
        mpmath_function("asin"),
        real=math.asin,
        aliases=("arcsin",),
        conditions=("|u| < 1",),
        inverse_of="sin",
        latex_commands=("arcsin",),
        pretty="arcsin",
        branched=True,
    ),
    FunctionSpec(
        "acos",
        lambda u: neg(div(ONE, sqrt(_one_minus_square(u)))),
        "arccos(u)′ = −1/√(1 − u²)",
        r"\arccos",
        "acos",
        "inverse trig",
        mpmath_function("acos"),
        real=math.acos,
        aliases=("arccos",),
        conditions=("|u| < 1",),
        inverse_of="cos",
        latex_commands=("arccos",),
        pretty="arccos",
        branched=True,
    ),
    FunctionSpec(
        "atan",
        lambda u: div(ONE, add(ONE, _square(u))),
        "arctan(u)′ = 1/(1 + u²)",
        r"\arctan",
        "atan",
        "inverse trig",
        mpmath_function("atan"),
        real=math.atan,
        aliases=("arctan",),
        inverse_of="tan",
        latex_commands=("arctan",),
        pretty="arctan",
    ),
    FunctionSpec(
        "acot",
        lambda u: neg(div(ONE, add(ONE, _square(u)))),
        "arccot(u)′ = −1/(1 + u²)",
        r"\operatorname{arccot}",
        "acot",
        "inverse trig",
        mpmath_function("acot"),
        real=lambda u: math.atan(1 / u),
        aliases=("arccot",),
        inverse_of="cot",
        latex_commands=("arccot",),
        pretty="arccot",
    ),
    FunctionSpec(
        "asec",
        lambda u: div(ONE, mul(Call("abs", u), sqrt(sub(_square(u), ONE)))),
        "arcsec(u)′ = 1/(|u|·√(u² − 1))",
        r"\operatorname{arcsec}",
        "asec",
        "inverse trig",
        mpmath_function("asec"),
        real=lambda u: math.acos(1 / u),
        aliases=("arcsec",),
        conditions=("|u| > 1",),
        inverse_of="sec",
        latex_commands=("arcsec",),
        pretty="arcsec",
        branched=True,
        pole=_itself,
    ),
    FunctionSpec(
        "acsc",
        lambda u: neg(div(ONE, mul(Call("abs", u), sqrt(sub(_square(u), ONE))))),
        "arccsc(u)′ = −1/(|u|·√(u² − 1))",
        r"\operatorname{arccsc}",
        "acsc",
        "inverse trig",
        mpmath_function("acsc"),
        real=lambda u: math.asin(1 / u),
        aliases=("arccsc",),
        conditions=("|u| > 1",),
        inverse_of="csc",
        latex_commands=("arccsc",),
        pretty="arccsc",
        branched=True,
        pole=_itself,
    ),
    # hyperbolic
    FunctionSpec(
        "sinh",
        _f("cosh"),
        "sinh(u)′ = cosh(u)",
        r"\sinh",
        "sinh",
        "hyperbolic",
        mpmath_function("sinh"),
        real=math.sinh,
        latex_commands=("sinh",),
    ),
    FunctionSpec(
        "cosh",
        _f("sinh"),
        "cosh(u)′ = sinh(u)",
        r"\cosh",
        "cosh",
        "hyperbolic",
        mpmath_function("cosh"),
        real=math.cosh,
        latex_commands=("cosh",),
    ),
    FunctionSpec(
        "tanh",
        lambda u: div(ONE, power(Call("cosh", u), TWO)),
        "tanh(u)′ = 1/cosh²(u)",
        r"\tanh",
        "tanh",
        "hyperbolic",
        mpmath_function("tanh"),
        real=math.tanh,
        aliases=("Tanh",),
        latex_commands=("tanh",),
    ),
    FunctionSpec(
        "coth",
        lambda u: neg(div(ONE, power(Call("sinh", u), TWO))),
        "coth(u)′ = −1/sinh²(u)",
        r"\coth",
        "coth",
        "hyperbolic",
        mpmath_function("coth"),
        real=lambda u: 1 / math.tanh(u),
        conditions=("u ≠ 0",),
        latex_commands=("coth",),
        pole=_f("sinh"),
    ),
    FunctionSpec(
        "sech",
        lambda u: neg(mul(Call("sech", u), Call("tanh", u))),
        "sech(u)′ = −sech(u)·tanh(u)",
        r"\operatorname{sech}",
        "sech",
        "hyperbolic",
        mpmath_function("sech"),
        real=lambda u: 1 / math.cosh(u),
        latex_commands=("sech",),
    ),
    FunctionSpec(
        "csch",
        lambda u: neg(mul(Call("csch", u), Call("coth", u))),
        "csch(u)′ = −csch(u)·coth(u)",
        r"\operatorname{csch}",
        "csch",
        "hyperbolic",
        mpmath_function("csch"),
        real=lambda u: 1 / math.sinh(u),
        conditions=("u ≠ 0",),
        latex_commands=("csch",),
        pole=_f("sinh"),
    ),
    # inverse hyperbolic
    FunctionSpec(
        "asinh",
        lambda u: div(ONE, sqrt(add(_square(u), ONE))),
        "arsinh(u)′ = 1/√(u² + 1)",
        r"\operatorname{arsinh}",
        "asinh",
        "inverse hyperbolic",
        mpmath_function("asinh"),
        real=math.asinh,
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
        mpmath_function("acosh"),
        real=math.acosh,
        aliases=("arcosh", "arccosh"),
        conditions=("u > 1",),
        inverse_of="cosh",
        branched=True,
    ),
    FunctionSpec(
        "atanh",
        lambda u: div(ONE, _one_minus_square(u)),
        "artanh(u)′ = 1/(1 − u²)",
        r"\operatorname{artanh}",
        "atanh",
        "inverse hyperbolic",
        mpmath_function("atanh"),
        real=math.atanh,
        aliases=("artanh", "arctanh"),
        conditions=("|u| < 1",),
        inverse_of="tanh",
        branched=True,
        pole=_one_minus_square,
    ),
    FunctionSpec(
        "acoth",
        lambda u: div(ONE, _one_minus_square(u)),
        "arcoth(u)′ = 1/(1 − u²)",
        r"\operatorname{arcoth}",
        "acoth",
        "inverse hyperbolic",
        mpmath_function("acoth"),
        real=lambda u: math.atanh(1 / u),
        aliases=("arcoth", "arccoth"),
        conditions=("|u| > 1",),
        inverse_of="coth",
        branched=True,
        pole=_one_minus_square,
    ),
    FunctionSpec(
        "asech",
        lambda u: neg(div(ONE, mul(u, sqrt(_one_minus_square(u))))),
        "arsech(u)′ = −1/(u·√(1 − u²))",
        r"\operatorname{arsech}",
        "asech",
        "inverse hyperbolic",
        mpmath_function("asech"),
        real=_real_asech,
        aliases=("arsech", "arcsech"),
        conditions=("0 < u < 1",),
        inverse_of="sech",
        branched=True,
        pole=_itself,
    ),
    FunctionSpec(
        "acsch",
        lambda u: neg(div(ONE, mul(Call("abs", u), sqrt(add(_square(u), ONE))))),
        "arcsch(u)′ = −1/(|u|·√(u² + 1))",
        r"\operatorname{arcsch}",
        "acsch",
        "inverse hyperbolic",
        mpmath_function("acsch"),
        real=lambda u: math.asinh(1 / u),
        aliases=("arcsch", "arccsch"),
        conditions=("u ≠ 0",),
        inverse_of="csch",
        pole=_itself,
    ),
    # machine learning
    FunctionSpec(
        "sigmoid",
        lambda u: mul(Call("sigmoid", u), sub(ONE, Call("sigmoid", u))),
        "σ(u)′ = σ(u)·(1 − σ(u))",
        r"\sigma",
        None,
        "machine learning",
        _mp_sigmoid,
        real=_real_sigmoid,
        to_sympy=lambda sp, u: 1 / (1 + sp.exp(-u)),
        aliases=("σ", "sigma", "logistic", "Sigmoid"),
        pretty="σ",
    ),
    FunctionSpec(
        "softplus",
        lambda u: Call("sigmoid", u),
        "softplus(u)′ = σ(u)",
        r"\operatorname{softplus}",
        None,
        "machine learning",
        _mp_softplus,
        real=_real_softplus,
        to_sympy=lambda sp, u: sp.log(1 + sp.exp(u)),
        aliases=("Softplus",),
    ),
]

_SPECS += SPECIAL_SPECS

#: Canonical name -> specification.
FUNCTIONS: dict[str, FunctionSpec] = {spec.name: spec for spec in _SPECS}

#: Every name a user may type (canonical names and aliases) -> canonical name.  Relations
#: and piecewise functions are not typed as calls (``piecewise((x^2, x >= 0), (-x, True))``
#: is read by :mod:`symderiv.parse.piecewise`).
ALIASES: dict[str, str] = {
    **{alias: spec.name for spec in _SPECS for alias in spec.aliases},
    **{spec.name: spec.name for spec in _SPECS if spec.written not in (RELATION, PIECEWISE)},
}


#: A function -> its inverse, as LaTeX writes it with ``^{-1}`` (``\sin^{-1}`` is asin).
INVERSES: dict[str, str] = {spec.inverse_of: spec.name for spec in _SPECS if spec.inverse_of}

#: LaTeX command (without its backslash) -> the function it names.
LATEX_COMMANDS: dict[str, str] = {
    command: spec.name for spec in _SPECS for command in spec.latex_commands
}

#: Functions that are real only on part of the real line.
BRANCHED_FUNCTIONS = frozenset(spec.name for spec in _SPECS if spec.branched)


#: Written before a declared function's name, with the argument's number in subscript, to
#: name a partial derivative: ∂₁f is the derivative of f in its first argument.
PARTIAL_MARK = "∂"
_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_PLAIN_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_PARTIAL = re.compile(f"{PARTIAL_MARK}([₀₁₂₃₄₅₆₇₈₉]+)")


def partial_name(name: str, index: int) -> str:
    """The name of ∂ᵢ of the declared function ``name`` (``index`` from 0).

    >>> partial_name("f", 0), partial_name(partial_name("f", 0), 1)
    ('∂₁f', '∂₂∂₁f')
    """
    return f"{PARTIAL_MARK}{str(index + 1).translate(_SUBSCRIPT_DIGITS)}{name}"


def split_partial(name: str) -> tuple[str, tuple[int, ...]]:
    """The declared function a partial derivative's name is of, and the arguments (from 0)
    it is taken in, innermost first; ``("f", ())`` for ``f`` itself.

    >>> split_partial("∂₂∂₁f")
    ('f', (0, 1))
    """
    indices: list[int] = []
    rest = name
    while (found := _PARTIAL.match(rest)) is not None:
        indices.append(int(found[1].translate(_PLAIN_DIGITS)) - 1)
        rest = rest[found.end() :]
    return rest, tuple(reversed(indices))


def lookup(name: str) -> FunctionSpec | None:
    """The specification for a typed function name or alias, if it is known."""
    canonical = ALIASES.get(name)
    return FUNCTIONS[canonical] if canonical else None


#: Functions of a whole indexed family ``z`` (their first argument names the family);
#: the range of the family is m = 1…:data:`FAMILY_SIZE`.
FAMILY_FUNCTIONS = frozenset({"softmax", "logsoftmax", "logsumexp"})
#: Family functions that also take an index: ``softmax(z)ₖ`` is written ``softmax(z, k)``.
INDEXED_FUNCTIONS = frozenset({"softmax", "logsoftmax"})

#: Greek letters: each name and the letter that writes it.  The printers write the
#: letter (and LaTeX the command ``\name``); the parsers read the letter and the command.
GREEK_LETTERS: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ",
    "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip
#: More characters read as a Greek name: variant forms, and ο and π, which are read but
#: never written as letters (π is the constant).
GREEK_VARIANTS: dict[str, str] = {
    "ϵ": "epsilon", "ϑ": "theta", "ς": "sigma", "ϕ": "phi", "ο": "omicron", "π": "pi",
}  # fmt: skip
#: LaTeX commands read as a Greek name besides the letters' own (``\Pi`` is not one: it is
#: the product sign).
LATEX_GREEK_COMMANDS: dict[str, str] = {
    **{name: name for name in GREEK_LETTERS if name != "Pi"},
    "varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varrho": "rho",
    "omicron": "omicron", "pi": "pi", "Upsilon": "Upsilon",
}  # fmt: skip
