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
}


def _computed(source: str, target: str, lead: dict[str, str]) -> Callable[[str], list[str]]:
    """An explanation that differentiates ``source`` with our engine and checks that
    the result equals ``target``."""

    def build(lang: str) -> list[str]:
        derivation = derive(source, "x", verify=False)
        check = equivalent(derivation.result, parse(target))
        mark = "✓" if check else "?"
        return [
            lead[lang],
            f"     ({to_pretty(derivation.expr)})′ = {to_pretty(derivation.result)}"
            f" = {to_pretty(parse(target))} {mark}",
        ]

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
}


@cache
def explanation(rule: str, lang: str | None = None) -> tuple[str, ...]:
    """Lines saying why ``rule`` holds (empty when there is nothing to add)."""
    chosen = lang or default_language()
    computed = EXPLANATIONS.get(rule)
    if computed is not None:
        return tuple(computed(chosen))
    return tuple(_TEXT.get(rule, {}).get(chosen, ()))
