"""The function table's entries for machine learning and probability: the non-smooth
functions (``relu``, ``max``, ``min``, ``sign``, ``heaviside``, ``floor``, ``ceil``,
``clip``, ``leaky_relu``, ``elu``, ``hardtanh``), the smooth activations (``gelu``,
``gelu_tanh``, ``silu``, ``mish``, ``softsign``, ``logsigmoid``), ``logit``, ``log1p``,
``expm1``, the normal distribution (``erf``, ``erfc``, ``Phi``, ``normpdf``) and the gamma
family (``gamma``, ``lgamma``, ``digamma``, ``polygamma``, ``beta``, ``lbeta``).

:mod:`symderiv.functions` adds :data:`SPECIAL_SPECS` to the one table; nothing else reads
this module.

Conventions, stated once here and in each formula: H(0) = 1/2 (SymPy's and the
midpoint convention; no derivative uses it, since H is not differentiable at 0);
``sign(0) = 0``; ``lgamma`` is ln Γ for u > 0; Φ and φ are the standard normal
distribution's CDF and density.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .deferred import mpmath, mpmath_function
from .expr import (
    ONE,
    PI,
    TWO,
    Call,
    Expr,
    Num,
    add,
    div,
    exp,
    mul,
    neg,
    power,
    sqrt,
    sub,
)
from .function_spec import PIECEWISE, RELATION, FunctionSpec

__all__ = [
    "GELU_TANH_CUBIC",
    "OTHERWISE",
    "RELATIONS",
    "SPECIAL_SPECS",
    "Relation",
    "pieces_of",
    "piecewise",
]

#: The cubic coefficient of the tanh approximation of GELU (Hendrycks and Gimpel).
GELU_TANH_CUBIC = Num(Fraction("0.044715"), decimal=True)


def _h(u: Expr) -> Expr:
    return Call("heaviside", u)


def _sigma(u: Expr) -> Expr:
    return Call("sigmoid", u)


# -- values --------------------------------------------------------------------------------
def _real_only(u: Any) -> Any:
    """The real part of a value that must be real (a comparison needs it)."""
    if mpmath.im(u) != 0:
        raise ValueError("compared only on the real line")
    return mpmath.re(u)


def _mp_heaviside(u: Any) -> Any:
    u = _real_only(u)
    return mpmath.mpf(1) if u > 0 else mpmath.mpf(0) if u < 0 else mpmath.mpf(1) / 2


def _real_heaviside(u: float) -> float:
    return 1.0 if u > 0 else 0.0 if u < 0 else 0.5


def _mp_max(*args: Any) -> Any:
    return max(_real_only(a) for a in args)


def _mp_min(*args: Any) -> Any:
    return min(_real_only(a) for a in args)


def _mp_relu(u: Any) -> Any:
    u = _real_only(u)
    return u if u > 0 else mpmath.mpf(0)


def _mp_sign(u: Any) -> Any:
    return mpmath.sign(_real_only(u))


def _mp_clip(u: Any, a: Any, b: Any) -> Any:
    return min(max(_real_only(u), _real_only(a)), _real_only(b))


def _mp_leaky_relu(u: Any, alpha: Any) -> Any:
    u = _real_only(u)
    return u if u > 0 else alpha * u


def _mp_elu(u: Any, alpha: Any) -> Any:
    u = _real_only(u)
    return u if u > 0 else alpha * (mpmath.exp(u) - 1)


def _real_elu(u: float, alpha: float) -> float:
    return u if u > 0 else alpha * math.expm1(u)


def _mp_sigmoid(u: Any) -> Any:
    return 1 / (1 + mpmath.exp(-u))


def _real_sigmoid(u: float) -> float:
    if u >= 0:
        return 1 / (1 + math.exp(-u))
    z = math.exp(u)
    return z / (1 + z)


def _mp_softplus(u: Any) -> Any:
    return mpmath.log(1 + mpmath.exp(u))


def _real_softplus(u: float) -> float:
    return max(u, 0.0) + math.log1p(math.exp(-abs(u)))


def _mp_gelu_tanh(u: Any) -> Any:
    k = mpmath.sqrt(2 / mpmath.pi) * (u + mpmath.mpf("0.044715") * u**3)
    return u * (1 + mpmath.tanh(k)) / 2


def _real_gelu_tanh(u: float) -> float:
    k = math.sqrt(2 / math.pi) * (u + 0.044715 * u**3)
    return u * (1 + math.tanh(k)) / 2


def _real_normcdf(u: float) -> float:
    return 0.5 * math.erfc(-u / math.sqrt(2))


def _real_normpdf(u: float) -> float:
    return math.exp(-u * u / 2) / math.sqrt(2 * math.pi)


def _real_logit(u: float) -> float:
    if not 0 < u < 1:
        raise ValueError("logit is real only for 0 < u < 1")
    return math.log(u / (1 - u))


def _real_lgamma(u: float) -> float:
    if u <= 0:
        raise ValueError("ln Γ(u) is taken for u > 0")
    return math.lgamma(u)


def _through_mpmath(function: Callable[..., Any]) -> Callable[..., float]:
    """A real implementation from an mpmath one (no floating-point library has it)."""

    def real(*args: float) -> float:
        value = function(*args)
        if mpmath.im(value) != 0:
            raise ValueError("not real here")
        return float(mpmath.re(value))

    return real


def _mp_polygamma(n: Any, u: Any) -> Any:
    if n != int(n) or n < 0:
        raise ValueError("polygamma(n, u) needs a whole n ≥ 0")
    return mpmath.psi(int(n), u)


def _mp_lbeta(a: Any, b: Any) -> Any:
    return mpmath.log(mpmath.beta(a, b))


def _real_beta(a: float, b: float) -> float:
    return float(mpmath.beta(a, b))


# -- poles ---------------------------------------------------------------------------------
def nonpositive_whole(u: Fraction) -> bool:
    """Whether ``u`` is 0, −1, −2, …: the poles of Γ(u), ψ(u), ψ⁽ⁿ⁾(u) and ln Γ(u)."""
    return u.denominator == 1 and u <= 0


def beta_pole(a: Fraction, b: Fraction) -> bool:
    """Whether B(a, b) = Γ(a)·Γ(b)/Γ(a + b) is at a pole: more of Γ's poles above the line
    than below it (B(0, 1) has none, B(−1, 1) = −1 has one of each)."""
    return nonpositive_whole(a) + nonpositive_whole(b) > nonpositive_whole(a + b)


# -- derivatives ---------------------------------------------------------------------------
def _max_partial(index: int, args: tuple[Expr, ...]) -> Expr:
    """∂ᵢ max(u₁, …, uₙ) = Πⱼ≠ᵢ H(uᵢ − uⱼ): 1 where uᵢ is the largest, else 0."""
    return mul(*(_h(sub(args[index], other)) for j, other in enumerate(args) if j != index))


def _min_partial(index: int, args: tuple[Expr, ...]) -> Expr:
    """∂ᵢ min(u₁, …, uₙ) = Πⱼ≠ᵢ H(uⱼ − uᵢ): 1 where uᵢ is the smallest, else 0."""
    return mul(*(_h(sub(other, args[index])) for j, other in enumerate(args) if j != index))


def _gelu_tanh_inner(u: Expr) -> Expr:
    """k(u) = √(2/π)·(u + 0.044715·u³)."""
    return mul(sqrt(div(TWO, PI)), add(u, mul(GELU_TANH_CUBIC, power(u, Num(3)))))


def _gelu_tanh_derivative(u: Expr) -> Expr:
    """½(1 + tanh k) + ½u·(1/cosh² k)·√(2/π)(1 + 3·0.044715·u²)."""
    k = _gelu_tanh_inner(u)
    slope = mul(sqrt(div(TWO, PI)), add(ONE, mul(Num(3), GELU_TANH_CUBIC, power(u, TWO))))
    return add(
        div(add(ONE, Call("tanh", k)), TWO),
        div(mul(u, slope), mul(TWO, power(Call("cosh", k), TWO))),
    )


def _mish_derivative(u: Expr) -> Expr:
    """tanh(softplus u) + u·σ(u)/cosh²(softplus u)."""
    s = Call("softplus", u)
    return add(Call("tanh", s), div(mul(u, _sigma(u)), power(Call("cosh", s), TWO)))


def _beta_partial(index: int, args: tuple[Expr, ...]) -> Expr:
    """∂ B(a, b)/∂a = B(a, b)·(ψ(a) − ψ(a + b)), and likewise in b."""
    total = add(*args)
    return mul(Call("beta", *args), sub(Call("digamma", args[index]), Call("digamma", total)))


def _lbeta_partial(index: int, args: tuple[Expr, ...]) -> Expr:
    """∂ ln B(a, b)/∂a = ψ(a) − ψ(a + b), and likewise in b."""
    return sub(Call("digamma", args[index]), Call("digamma", add(*args)))


def _normal_density(sp: Any, u: Any) -> Any:
    return sp.exp(-(u**2) / 2) / sp.sqrt(2 * sp.pi)


def _normal_cdf(sp: Any, u: Any) -> Any:
    return (1 + sp.erf(u / sp.sqrt(2))) / 2


def _sympy_gelu_tanh(sp: Any, u: Any) -> Any:
    k = sp.sqrt(2 / sp.pi) * (u + sp.Rational(44715, 1000000) * u**3)
    return u * (1 + sp.tanh(k)) / 2


# -- piecewise functions ---------------------------------------------------------------------
@dataclass(frozen=True)
class Relation:
    """A relation a piece's condition may state: its signs in plain text, Unicode and
    LaTeX, and whether it holds for two real values."""

    name: str
    infix: str
    unicode: str
    latex: str
    holds: Callable[[Any, Any], bool]
    sympy: str


#: The relations of conditions, by the name of their node (``ge(x, 0)`` is x ≥ 0), and
#: ``and`` joining two conditions (0 ≤ x < 1).
RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation("ge", ">=", "≥", r"\ge", lambda a, b: a >= b, "Ge"),
        Relation("gt", ">", ">", ">", lambda a, b: a > b, "Gt"),
        Relation("le", "<=", "≤", r"\le", lambda a, b: a <= b, "Le"),
        Relation("lt", "<", "<", "<", lambda a, b: a < b, "Lt"),
        Relation("and", "and", "∧", r"\land", lambda a, b: bool(a) and bool(b), "And"),
    )
}

#: The condition of the last piece that holds wherever no piece before it does.
OTHERWISE = ONE


def piecewise(*pieces: tuple[Expr, Expr]) -> Expr:
    """The piecewise function of ``(value, condition)`` pairs, the first that holds."""
    return Call("piecewise", *(item for piece in pieces for item in piece))


def pieces_of(node: Call) -> list[tuple[Expr, Expr]]:
    """A piecewise node's ``(value, condition)`` pairs."""
    args = node.children
    return [(args[i], args[i + 1]) for i in range(0, len(args) - 1, 2)]


def _mp_relation(relation: Relation) -> Callable[[Any, Any], Any]:
    def value(a: Any, b: Any) -> Any:
        return mpmath.mpf(1) if relation.holds(_real_only(a), _real_only(b)) else mpmath.mpf(0)

    return value


def _real_relation(relation: Relation) -> Callable[[float, float], float]:
    return lambda a, b: 1.0 if relation.holds(a, b) else 0.0


def _sympy_relation(relation: Relation) -> Callable[..., Any]:
    return lambda sp, a, b: getattr(sp, relation.sympy)(a, b)


def _pick(*args: Any) -> Any:
    """The value of the first piece whose condition holds (none: no value here)."""
    for i in range(0, len(args) - 1, 2):
        if args[i + 1] != 0:
            return args[i]
    raise ValueError("no piece of the piecewise function holds here")


def _sympy_piecewise(sp: Any, *args: Any) -> Any:
    pairs = [(args[i], args[i + 1]) for i in range(0, len(args) - 1, 2)]
    return sp.Piecewise(*((v, sp.true if c == 1 else c) for v, c in pairs))


_RELATION_SPECS = [
    FunctionSpec(
        r.name,
        None,
        f"u {r.unicode} v",
        f"#1 {r.latex} #2",
        None,
        "relation",
        _mp_relation(r),
        real=_real_relation(r),
        to_sympy=_sympy_relation(r),
        arity=2,
        pretty=r.unicode,
        written=RELATION,
    )
    for r in RELATIONS.values()
]

NONSMOOTH = "non-smooth"
ACTIVATION = "machine learning"

SPECIAL_SPECS: list[FunctionSpec] = [
    *_RELATION_SPECS,
    FunctionSpec(
        "piecewise",
        None,
        "(f(x) = fᵢ(x) where cᵢ holds)′ = fᵢ′(x) where cᵢ holds, away from the boundaries",
        "",
        None,
        "relation",
        _pick,
        real=_pick,
        to_sympy=_sympy_piecewise,
        arity=2,
        variadic=True,
        written=PIECEWISE,
    ),
    # -- non-smooth ----------------------------------------------------------------------
    FunctionSpec(
        "relu",
        _h,
        "relu(u)′ = H(u)  (u ≠ 0)",
        r"\operatorname{ReLU}",
        None,
        ACTIVATION,
        _mp_relu,
        real=lambda u: max(u, 0.0),
        to_sympy=lambda sp, u: sp.Max(0, u),
        aliases=("ReLU",),
        conditions=("u ≠ 0",),
        latex_commands=("ReLU", "relu"),
        kinks=True,
    ),
    FunctionSpec(
        "max",
        None,
        "∂ᵢ max(u₁, …, uₙ) = Πⱼ≠ᵢ H(uᵢ − uⱼ)  (uᵢ ≠ uⱼ)",
        r"\max",
        "Max",
        NONSMOOTH,
        _mp_max,
        real=max,
        aliases=("Max",),
        arity=2,
        conditions=("pairwise ≠",),
        latex_commands=("max",),
        partial=_max_partial,
        variadic=True,
        kinks=True,
    ),
    FunctionSpec(
        "min",
        None,
        "∂ᵢ min(u₁, …, uₙ) = Πⱼ≠ᵢ H(uⱼ − uᵢ)  (uᵢ ≠ uⱼ)",
        r"\min",
        "Min",
        NONSMOOTH,
        _mp_min,
        real=min,
        aliases=("Min",),
        arity=2,
        conditions=("pairwise ≠",),
        latex_commands=("min",),
        partial=_min_partial,
        variadic=True,
        kinks=True,
    ),
    FunctionSpec(
        "sign",
        lambda u: Num(0),
        "sign(u)′ = 0  (u ≠ 0)",
        r"\operatorname{sgn}",
        "sign",
        NONSMOOTH,
        _mp_sign,
        real=lambda u: float((u > 0) - (u < 0)),
        aliases=("sgn",),
        conditions=("u ≠ 0",),
        latex_commands=("sgn", "sign"),
        pretty="sgn",
        kinks=True,
    ),
    FunctionSpec(
        "heaviside",
        lambda u: Num(0),
        "H(u)′ = 0  (u ≠ 0; H(0) = 1/2 by convention)",
        r"\operatorname{H}",
        "Heaviside",
        NONSMOOTH,
        _mp_heaviside,
        real=_real_heaviside,
        aliases=("Heaviside", "step", "H"),
        conditions=("u ≠ 0",),
        latex_commands=("heaviside",),
        pretty="H",
        kinks=True,
    ),
    FunctionSpec(
        "floor",
        lambda u: Num(0),
        "⌊u⌋′ = 0  (u ∉ ℤ)",
        r"\left\lfloor #1\right\rfloor",
        "floor",
        NONSMOOTH,
        lambda u: mpmath.floor(_real_only(u)),
        real=lambda u: float(math.floor(u)),
        conditions=("u ∉ ℤ",),
        latex_formula=r"\left(\lfloor u\rfloor\right)' = 0 \quad (u \notin \mathbb{Z})",
        kinks=True,
    ),
    FunctionSpec(
        "ceil",
        lambda u: Num(0),
        "⌈u⌉′ = 0  (u ∉ ℤ)",
        r"\left\lceil #1\right\rceil",
        "ceiling",
        NONSMOOTH,
        lambda u: mpmath.ceil(_real_only(u)),
        real=lambda u: float(math.ceil(u)),
        aliases=("ceiling",),
        conditions=("u ∉ ℤ",),
        latex_formula=r"\left(\lceil u\rceil\right)' = 0 \quad (u \notin \mathbb{Z})",
        kinks=True,
    ),
    FunctionSpec(
        "clip",
        lambda u, a, b: mul(_h(sub(u, a)), _h(sub(b, u))),
        "clip(u, a, b)′ = H(u − a)·H(b − u)  (u ≠ a, u ≠ b)",
        r"\operatorname{clip}",
        None,
        NONSMOOTH,
        _mp_clip,
        real=lambda u, a, b: min(max(u, a), b),
        to_sympy=lambda sp, u, a, b: sp.Min(sp.Max(u, a), b),
        aliases=("clamp",),
        arity=3,
        conditions=("u ≠ #2", "u ≠ #3"),
        kinks=True,
    ),
    FunctionSpec(
        "leaky_relu",
        lambda u, alpha: add(_h(u), mul(alpha, _h(neg(u)))),
        "leaky_relu(u, α)′ = H(u) + α·H(−u)  (u ≠ 0)",
        r"\operatorname{LeakyReLU}",
        None,
        ACTIVATION,
        _mp_leaky_relu,
        real=lambda u, alpha: u if u > 0 else alpha * u,
        to_sympy=lambda sp, u, alpha: sp.Max(u, 0) + alpha * sp.Min(u, 0),
        aliases=("LeakyReLU",),
        latex_formula=r"\operatorname{LeakyReLU}(u, \alpha)' = H(u) + \alpha\, H(-u)"
        r" \quad (u \ne 0)",
        arity=2,
        conditions=("u ≠ 0",),
        defaults=(Num(Fraction("0.01"), decimal=True),),
        kinks=True,
    ),
    FunctionSpec(
        "elu",
        lambda u, alpha: add(_h(u), mul(alpha, exp(u), _h(neg(u)))),
        "elu(u, α)′ = H(u) + α·eᵘ·H(−u)  (u ≠ 0)",
        r"\operatorname{ELU}",
        None,
        ACTIVATION,
        _mp_elu,
        real=_real_elu,
        to_sympy=lambda sp, u, alpha: sp.Piecewise((u, u > 0), (alpha * (sp.exp(u) - 1), True)),
        aliases=("ELU",),
        arity=2,
        conditions=("u ≠ 0",),
        defaults=(ONE,),
        kinks=True,
    ),
    FunctionSpec(
        "hardtanh",
        lambda u: mul(_h(add(u, ONE)), _h(sub(ONE, u))),
        "hardtanh(u)′ = H(u + 1)·H(1 − u)  (u ≠ ±1)",
        r"\operatorname{hardtanh}",
        None,
        ACTIVATION,
        lambda u: _mp_clip(u, -1, 1),
        real=lambda u: min(max(u, -1.0), 1.0),
        to_sympy=lambda sp, u: sp.Min(sp.Max(u, -1), 1),
        conditions=("u ≠ -1", "u ≠ 1"),
        kinks=True,
        aliases=("Hardtanh",),
    ),
    # -- smooth activations ----------------------------------------------------------------
    FunctionSpec(
        "softsign",
        lambda u: div(ONE, power(add(ONE, Call("abs", u)), TWO)),
        "softsign(u)′ = 1/(1 + |u|)²",
        r"\operatorname{softsign}",
        None,
        ACTIVATION,
        lambda u: u / (1 + abs(_real_only(u))),
        real=lambda u: u / (1 + abs(u)),
        to_sympy=lambda sp, u: u / (1 + sp.Abs(u)),
        aliases=("Softsign",),
    ),
    FunctionSpec(
        "gelu",
        lambda u: add(Call("Phi", u), mul(u, Call("normpdf", u))),
        "gelu(u)′ = (u·Φ(u))′ = Φ(u) + u·φ(u)",
        r"\operatorname{GELU}",
        None,
        ACTIVATION,
        lambda u: u * mpmath.ncdf(u),
        real=lambda u: u * _real_normcdf(u),
        to_sympy=lambda sp, u: u * _normal_cdf(sp, u),
        aliases=("GELU",),
        latex_commands=("GELU", "gelu"),
    ),
    FunctionSpec(
        "gelu_tanh",
        _gelu_tanh_derivative,
        "gelu_tanh(u) = ½u(1 + tanh k), k = √(2/π)(u + 0.044715u³); "
        "gelu_tanh(u)′ = ½(1 + tanh k) + ½u·k′/cosh² k",
        r"\operatorname{GELU}_{\tanh}",
        None,
        ACTIVATION,
        _mp_gelu_tanh,
        real=_real_gelu_tanh,
        to_sympy=_sympy_gelu_tanh,
        latex_formula=r"\operatorname{GELU}_{\tanh}(u)' = \tfrac{1}{2}(1 + \tanh k)"
        r" + \tfrac{1}{2} u \frac{k'}{\cosh^{2} k},\ k = \sqrt{2/\pi}\,(u + 0.044715 u^{3})",
    ),
    FunctionSpec(
        "silu",
        lambda u: mul(_sigma(u), add(ONE, mul(u, sub(ONE, _sigma(u))))),
        "silu(u)′ = (u·σ(u))′ = σ(u)·(1 + u·(1 − σ(u)))",
        r"\operatorname{SiLU}",
        None,
        ACTIVATION,
        lambda u: u * _mp_sigmoid(u),
        real=lambda u: u * _real_sigmoid(u),
        to_sympy=lambda sp, u: u / (1 + sp.exp(-u)),
        aliases=("swish", "SiLU"),
        latex_commands=("SiLU", "silu", "swish"),
    ),
    FunctionSpec(
        "mish",
        _mish_derivative,
        "mish(u)′ = (u·tanh(softplus u))′ = tanh(softplus u) + u·σ(u)/cosh²(softplus u)",
        r"\operatorname{mish}",
        None,
        ACTIVATION,
        lambda u: u * mpmath.tanh(_mp_softplus(u)),
        real=lambda u: u * math.tanh(_real_softplus(u)),
        to_sympy=lambda sp, u: u * sp.tanh(sp.log(1 + sp.exp(u))),
        aliases=("Mish",),
    ),
    FunctionSpec(
        "logsigmoid",
        lambda u: sub(ONE, _sigma(u)),
        "(ln σ(u))′ = 1 − σ(u)",
        r"\ln\sigma",
        None,
        ACTIVATION,
        lambda u: -mpmath.log(1 + mpmath.exp(-u)),
        real=lambda u: -_real_softplus(-u),
        to_sympy=lambda sp, u: -sp.log(1 + sp.exp(-u)),
        aliases=("log_sigmoid", "LogSigmoid"),
    ),
    FunctionSpec(
        "logit",
        lambda u: div(ONE, mul(u, sub(ONE, u))),
        "logit(u)′ = (ln(u/(1 − u)))′ = 1/(u·(1 − u))",
        r"\operatorname{logit}",
        None,
        "log and exp",
        lambda u: mpmath.log(u / (1 - u)),
        real=_real_logit,
        to_sympy=lambda sp, u: sp.log(u / (1 - u)),
        conditions=("0 < u < 1",),
        branched=True,
        pole=lambda u: mul(u, sub(ONE, u)),
    ),
    FunctionSpec(
        "log1p",
        lambda u: div(ONE, add(ONE, u)),
        "log1p(u)′ = (ln(1 + u))′ = 1/(1 + u)",
        r"\operatorname{log1p}",
        None,
        "log and exp",
        mpmath_function("log1p"),
        real=math.log1p,
        to_sympy=lambda sp, u: sp.log(1 + u),
        conditions=("u > -1",),
        branched=True,
        pole=lambda u: add(ONE, u),
    ),
    FunctionSpec(
        "expm1",
        exp,
        "expm1(u)′ = (eᵘ − 1)′ = eᵘ",
        r"\operatorname{expm1}",
        None,
        "log and exp",
        mpmath_function("expm1"),
        real=math.expm1,
        to_sympy=lambda sp, u: sp.exp(u) - 1,
    ),
    # -- the normal distribution -----------------------------------------------------------
    FunctionSpec(
        "erf",
        lambda u: mul(div(TWO, sqrt(PI)), exp(neg(power(u, TWO)))),
        "erf(u)′ = (2/√π)·e^(−u²)",
        r"\operatorname{erf}",
        "erf",
        "probability",
        mpmath_function("erf"),
        real=math.erf,
        latex_formula=r"\operatorname{erf}(u)' = \frac{2}{\sqrt{\pi}} e^{-u^{2}}",
        latex_commands=("erf",),
    ),
    FunctionSpec(
        "erfc",
        lambda u: neg(mul(div(TWO, sqrt(PI)), exp(neg(power(u, TWO))))),
        "erfc(u)′ = −(2/√π)·e^(−u²)",
        r"\operatorname{erfc}",
        "erfc",
        "probability",
        mpmath_function("erfc"),
        real=math.erfc,
        latex_formula=r"\operatorname{erfc}(u)' = -\frac{2}{\sqrt{\pi}} e^{-u^{2}}",
        latex_commands=("erfc",),
    ),
    FunctionSpec(
        "Phi",
        lambda u: Call("normpdf", u),
        "Φ(u)′ = φ(u)",
        r"\Phi",
        None,
        "probability",
        mpmath_function("ncdf"),
        real=_real_normcdf,
        to_sympy=_normal_cdf,
        aliases=("normcdf", "Φ"),
        latex_commands=("Phi",),
        pretty="Φ",
    ),
    FunctionSpec(
        "normpdf",
        lambda u: neg(mul(u, Call("normpdf", u))),
        "φ(u)′ = −u·φ(u)",
        r"\operatorname{normpdf}",
        None,
        "probability",
        mpmath_function("npdf"),
        real=_real_normpdf,
        to_sympy=_normal_density,
        pretty="φ",
    ),
    # -- the gamma family ------------------------------------------------------------------
    FunctionSpec(
        "gamma",
        lambda u: mul(Call("gamma", u), Call("digamma", u)),
        "Γ(u)′ = Γ(u)·ψ(u)",
        r"\Gamma",
        "gamma",
        "special",
        mpmath_function("gamma"),
        real=math.gamma,
        aliases=("Gamma", "Γ"),
        latex_commands=("Gamma",),
        pretty="Γ",
        pole_at=nonpositive_whole,
    ),
    FunctionSpec(
        "lgamma",
        lambda u: Call("digamma", u),
        "(ln Γ(u))′ = ψ(u)",
        r"\ln\Gamma",
        "loggamma",
        "special",
        mpmath_function("loggamma"),
        real=_real_lgamma,
        aliases=("loggamma", "gammaln"),
        conditions=("u > 0",),
        pretty="lnΓ",
        branched=True,
        pole_at=nonpositive_whole,
    ),
    FunctionSpec(
        "digamma",
        lambda u: Call("polygamma", ONE, u),
        "ψ(u)′ = ψ⁽¹⁾(u)  (ψ = Γ′/Γ)",
        r"\psi",
        None,
        "special",
        mpmath_function("digamma"),
        real=_through_mpmath(mpmath_function("digamma")),
        to_sympy=lambda sp, u: sp.polygamma(0, u),
        latex_commands=("psi",),
        pretty="ψ",
        pole_at=nonpositive_whole,
    ),
    FunctionSpec(
        "polygamma",
        lambda n, u: Call("polygamma", add(n, ONE), u),
        "ψ⁽ⁿ⁾(u)′ = ψ⁽ⁿ⁺¹⁾(u)",
        r"\psi^{(#1)}\left(#2\right)",
        "polygamma",
        "special",
        _mp_polygamma,
        real=_through_mpmath(_mp_polygamma),
        arity=2,
        slot=1,
        pole_at=lambda n, u: nonpositive_whole(u),
    ),
    FunctionSpec(
        "beta",
        lambda a, b: _beta_partial(0, (a, b)),
        "∂B(a, b)/∂a = B(a, b)·(ψ(a) − ψ(a + b))",
        r"\mathrm{B}\left(#1, #2\right)",
        "beta",
        "special",
        mpmath_function("beta"),
        real=_real_beta,
        arity=2,
        partial=_beta_partial,
        pole_at=beta_pole,
    ),
    FunctionSpec(
        "lbeta",
        lambda a, b: _lbeta_partial(0, (a, b)),
        "∂ ln B(a, b)/∂a = ψ(a) − ψ(a + b)",
        r"\ln\mathrm{B}\left(#1, #2\right)",
        None,
        "special",
        _mp_lbeta,
        real=_through_mpmath(_mp_lbeta),
        to_sympy=lambda sp, a, b: sp.log(sp.beta(a, b)),
        arity=2,
        conditions=("u > 0", "#2 > 0"),
        partial=_lbeta_partial,
        branched=True,
        pole_at=beta_pole,
    ),
]
