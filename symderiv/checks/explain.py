"""Why a rule holds: a short derivation of the rule itself, as the seed posts give it.

Where the reason is itself a differentiation — (aˣ)′ from aˣ = e^{x ln a}, (logₐ x)′
from the change of base — it is computed by our own engine and its result checked
against the rule's formula with the verifier, so the explanation cannot drift from
the rule.  The limit arguments (power, product, quotient, eˣ, ln x) are stated in
words.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ..parse import parse
from ..pipeline import derive
from ..render.messages import default_language
from ..render.pretty import to_pretty
from ..verify import equivalent

__all__ = ["EXPLANATIONS", "explanation"]

_TEXT: dict[str, dict[str, list[str]]] = {
    "power": {
        "en": [
            "why: (x+h)ⁿ = xⁿ + n·xⁿ⁻¹·h + (terms with h²), so",
            "     ((x+h)ⁿ − xⁿ)/h → n·xⁿ⁻¹ as h → 0",
        ],
        "ja": [
            "なぜ: (x+h)ⁿ = xⁿ + n·xⁿ⁻¹·h + (h² 以上の項) より",
            "      ((x+h)ⁿ − xⁿ)/h → n·xⁿ⁻¹ (h → 0)",
        ],
    },
    "product": {
        "en": [
            "why: f(x+h)g(x+h) − f(x)g(x) = [f(x+h) − f(x)]·g(x+h) + f(x)·[g(x+h) − g(x)];",
            "     divide by h and let h → 0: f′·g + f·g′",
        ],
        "ja": [
            "なぜ: f(x+h)g(x+h) − f(x)g(x) = [f(x+h) − f(x)]·g(x+h) + f(x)·[g(x+h) − g(x)]",
            "      h で割って h → 0 とすると f′·g + f·g′",
        ],
    },
    "quotient": {
        "en": ["why: f/g = f·g⁻¹; product and chain rules: f′·g⁻¹ − f·g⁻²·g′ = (f′g − fg′)/g²"],
        "ja": ["なぜ: f/g = f·g⁻¹ に積と合成関数の微分法: f′·g⁻¹ − f·g⁻²·g′ = (f′g − fg′)/g²"],
    },
    "exp": {
        "en": ["why: (e^(x+h) − eˣ)/h = eˣ·(eʰ − 1)/h, and (eʰ − 1)/h → 1 is what defines e"],
        "ja": ["なぜ: (e^(x+h) − eˣ)/h = eˣ·(eʰ − 1)/h で、(eʰ − 1)/h → 1 となる数がネイピア数 e"],
    },
    "ln": {
        "en": ["why: y = ln x means x = eʸ; differentiate: 1 = eʸ·y′, so y′ = 1/eʸ = 1/x"],
        "ja": ["なぜ: y = ln x は x = eʸ; 両辺を微分して 1 = eʸ·y′、よって y′ = 1/eʸ = 1/x"],
    },
    "chain": {
        "en": ["why: Δf/Δx = (Δf/Δu)·(Δu/Δx); as Δx → 0 this is f′(u)·u′"],
        "ja": ["なぜ: Δf/Δx = (Δf/Δu)·(Δu/Δx) で Δx → 0 とすると f′(u)·u′"],
    },
    "log-differentiation": {
        "en": ["why: y = fᵍ gives ln y = g·ln f; differentiate: y′/y = g′·ln f + g·f′/f"],
        "ja": ["なぜ: y = fᵍ の両辺の対数をとると ln y = g·ln f; 微分して y′/y = g′·ln f + g·f′/f"],
    },
    "fn:relu": {
        "en": [
            "why: relu(x) = max(0, x) is 0 for x < 0 and x for x > 0: slopes 0 and 1;",
            "     at 0 the one-sided slopes differ (0 ≠ 1), so relu′(0) does not exist",
        ],
        "ja": [
            "なぜ: relu(x) = max(0, x) は x < 0 で 0、x > 0 で x なので傾きは 0 と 1;",
            "      x = 0 では左右の傾きが異なる (0 ≠ 1) ので relu′(0) は存在しない",
        ],
    },
    "fn:abs": {
        "en": [
            "why: |x| = −x for x < 0 and x for x > 0: slopes −1 and 1, that is sign(x);",
            "     at 0 they differ, so |x|′ does not exist there",
        ],
        "ja": [
            "なぜ: |x| は x < 0 で −x、x > 0 で x なので傾きは −1 と 1、すなわち sign(x);",
            "      x = 0 では左右の傾きが異なるので微分できない",
        ],
    },
    "fn:sign": {
        "en": ["why: sign is constant (−1 or 1) on each side of 0 and jumps at 0"],
        "ja": ["なぜ: sign は 0 の両側で定数 (−1 または 1) で、0 で跳ぶ"],
    },
    "fn:heaviside": {
        "en": [
            "why: H is constant (0 or 1) on each side of 0 and jumps at 0;",
            "     H(0) = 1/2 is a convention, and no derivative uses it",
        ],
        "ja": [
            "なぜ: H は 0 の両側で定数 (0 または 1) で、0 で跳ぶ;",
            "      H(0) = 1/2 は約束で、微分には使わない",
        ],
    },
    "fn:floor": {
        "en": ["why: ⌊x⌋ is constant between consecutive integers and jumps at each integer"],
        "ja": ["なぜ: ⌊x⌋ は隣り合う整数の間で定数で、各整数で跳ぶ"],
    },
    "fn:ceil": {
        "en": ["why: ⌈x⌉ is constant between consecutive integers and jumps at each integer"],
        "ja": ["なぜ: ⌈x⌉ は隣り合う整数の間で定数で、各整数で跳ぶ"],
    },
    "multivariable-chain": {
        "en": [
            "why: a small change of each argument uᵢ changes f by about ∂ᵢf·Δuᵢ;",
            "     add them up and divide by Δx: Σᵢ ∂ᵢf·uᵢ′",
            "     (for max, ∂ᵢ is 1 at the largest argument and 0 at the others)",
        ],
        "ja": [
            "なぜ: 各引数 uᵢ の小さな変化で f はおよそ ∂ᵢf·Δuᵢ 変わる;",
            "      足し合わせて Δx で割ると Σᵢ ∂ᵢf·uᵢ′ (max では最大の引数で 1、他で 0)",
        ],
    },
    "piecewise": {
        "en": [
            "why: near a point inside a piece the function is that piece's formula;",
            "     at a boundary the one-sided derivatives (or values) differ, so it is excluded",
        ],
        "ja": [
            "なぜ: 区間の内側の点の近くでは関数はその区間の式そのもの;",
            "      境界では左右の微分係数 (または値) が異なるので除く",
        ],
    },
    "piecewise-smooth": {
        "en": [
            "why: inside each piece the function is that piece's formula; at each boundary",
            "     the values and the one-sided derivatives agree, so the derivative exists there",
        ],
        "ja": [
            "なぜ: 各区間の内側では関数はその区間の式そのもの; 各境界で値も",
            "      左右の微分係数も一致するので、境界でも微分できる",
        ],
    },
    "fn:erf": {
        "en": ["why: erf(x) = (2/√π)∫₀ˣ e^(−t²) dt; by the fundamental theorem of calculus"],
        "ja": ["なぜ: erf(x) = (2/√π)∫₀ˣ e^(−t²) dt なので、微分積分学の基本定理より"],
    },
    "fn:phi": {
        "en": ["why: Φ(x) = ∫₋∞ˣ φ(t) dt is the normal CDF; its derivative is the density φ"],
        "ja": ["なぜ: Φ(x) = ∫₋∞ˣ φ(t) dt は正規分布の累積分布関数で、その導関数は密度 φ"],
    },
    "fn:normpdf": {
        "en": ["why: φ(x) = e^(−x²/2)/√(2π); chain rule: φ(x)·(−x)"],
        "ja": ["なぜ: φ(x) = e^(−x²/2)/√(2π); 合成関数の微分法で φ(x)·(−x)"],
    },
    "fn:gamma": {
        "en": ["why: ψ = Γ′/Γ is the definition of the digamma function, so Γ′ = Γ·ψ"],
        "ja": ["なぜ: ディガンマ関数の定義が ψ = Γ′/Γ なので Γ′ = Γ·ψ"],
    },
    "fn:digamma": {
        "en": ["why: the polygamma functions are ψ⁽ⁿ⁾ = dⁿψ/dxⁿ, so ψ′ = ψ⁽¹⁾"],
        "ja": ["なぜ: ポリガンマ関数は ψ⁽ⁿ⁾ = dⁿψ/dxⁿ なので ψ′ = ψ⁽¹⁾"],
    },
}


def _computed(source: str, target: str, lead: dict[str, str]) -> Callable[[str], list[str]]:
    """An explanation that differentiates ``source`` with our engine and checks that
    the result equals ``target``."""

    def build(lang: str) -> list[str]:
        derivation = derive(source, "x", verify=False)
        check = equivalent(derivation.result, parse(target))
        mark = "✓" if check else "?"
        shown = [to_pretty(derivation.expr), to_pretty(derivation.result), to_pretty(parse(target))]
        equals = f"({shown[0]})′ = {shown[1]}"
        if shown[2] != shown[1]:
            equals += f" = {shown[2]}"
        return [lead[lang], f"     {equals} {mark}"]

    return build


EXPLANATIONS: dict[str, Callable[[str], list[str]]] = {
    "exponential-base": _computed(
        "e^(x ln(a))",
        "a^x ln(a)",
        {
            "en": "why: aˣ = e^(x·ln a); by (eᵘ)′ = eᵘ·u′ (chain rule):",
            "ja": "なぜ: aˣ = e^(x·ln a) と書けるので、合成関数の微分法で:",
        },
    ),
    "log-base": _computed(
        "ln(x)/ln(a)",
        "1/(x ln(a))",
        {
            "en": "why: logₐ x = ln x / ln a (change of base), and ln a is a constant:",
            "ja": "なぜ: 底の変換で logₐ x = ln x / ln a、ln a は定数なので:",
        },
    ),
    "fn:gelu": _computed(
        "x*Phi(x)",
        "Phi(x) + x*normpdf(x)",
        {
            "en": "why: gelu(x) = x·Φ(x); by the product rule with Φ′ = φ:",
            "ja": "なぜ: gelu(x) = x·Φ(x) なので、積の微分法と Φ′ = φ で:",
        },
    ),
    "fn:silu": _computed(
        "x*sigmoid(x)",
        "sigmoid(x)*(1 + x*(1 - sigmoid(x)))",
        {
            "en": "why: silu(x) = x·σ(x); by the product rule with σ′ = σ(1 − σ):",
            "ja": "なぜ: silu(x) = x·σ(x) なので、積の微分法と σ′ = σ(1 − σ) で:",
        },
    ),
    "fn:logsigmoid": _computed(
        "ln(sigmoid(x))",
        "1 - sigmoid(x)",
        {
            "en": "why: logsigmoid(x) = ln σ(x); chain rule with σ′ = σ(1 − σ):",
            "ja": "なぜ: logsigmoid(x) = ln σ(x) なので、合成関数の微分法と σ′ = σ(1 − σ) で:",
        },
    ),
    "fn:lgamma": _computed(
        "ln(gamma(x))",
        "digamma(x)",
        {
            "en": "why: lgamma(x) = ln Γ(x); chain rule with Γ′ = Γ·ψ:",
            "ja": "なぜ: lgamma(x) = ln Γ(x) なので、合成関数の微分法と Γ′ = Γ·ψ で:",
        },
    ),
    "fn:logit": _computed(
        "ln(x) - ln(1 - x)",
        "1/(x*(1 - x))",
        {
            "en": "why: logit(x) = ln x − ln(1 − x) for 0 < x < 1:",
            "ja": "なぜ: 0 < x < 1 で logit(x) = ln x − ln(1 − x) なので:",
        },
    ),
}


@cache
def explanation(rule: str, lang: str | None = None) -> tuple[str, ...]:
    """Lines saying why ``rule`` holds (empty when there is nothing to add)."""
    chosen = lang or default_language()
    computed = EXPLANATIONS.get(rule)
    if computed is not None:
        return tuple(computed(chosen))
    return tuple(_TEXT.get(rule, {}).get(chosen, ()))
