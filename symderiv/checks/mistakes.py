"""What went wrong in a wrong answer: the typical mistakes that explain it.

The derivation of the function is a tree of named rule applications.  A typical mistake
is a wrong version of one of those rules (:mod:`symderiv.rules.mistakes`).  To explain a
wrong answer, the tree is computed again with a mistake put in at one step (then at two
steps), every other step applying its real rule to what comes up from below, and the
learner's answer is compared with each result:

* first numerically, at a few points of the function's domain (a quick sieve);
* then by the answer oracle itself (``confirm``): only a match it verifies is reported.

The smallest set of mistakes that explains the answer is reported (one, else two); other
sets as small that explain it as well are kept as alternatives.  When none does, the
diagnosis says so: no typical mistake explains this answer.  It never guesses.

Every message is in English and Japanese.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from ..expr import Expr, Sym, free_names, sub, substitute
from ..guard import real_values
from ..render.messages import language, rule_name
from ..render.pretty import to_pretty
from ..rules import RULES_BY_TYPE, Rule
from ..rules.mistakes import MISTAKES_BY_RULE, Mistake, chain_parts
from ..simplify import tidy
from ..steps import RULES, Step

__all__ = [
    "MAX_PAIRS",
    "MISTAKE_MESSAGES",
    "NOT_EXPLAINED",
    "Diagnosis",
    "Slip",
    "diagnose",
    "diagnose_within",
    "mistake_name",
]

#: Most pairs of mistakes tried together (the single ones are always all tried).
MAX_PAIRS = 4000
#: Relative agreement of two values in the numeric sieve.
SIEVE_TOLERANCE = 1e-8


def real_rules() -> dict[str, Rule]:
    """The engine's rules by key, as they are now (to compute a step again from changed
    parts)."""
    return {made.key: made for table in RULES_BY_TYPE.values() for made in table}


#: Mistake key -> its name and its explanation, in English and Japanese.  The
#: explanation's fields: ``expr`` the expression of the step, ``right`` its derivative,
#: ``wrong`` what the mistake makes of it, ``formula`` the real rule, ``missing`` the
#: difference, ``var`` the variable, and for the chain rule ``u``, ``du``, ``outer`` and
#: ``d_outer``.  :data:`TAIL` follows each explanation unless ``"tail"`` is off.  The
#: order is the order of preference between mistakes that explain an answer alike.
MISTAKE_MESSAGES: dict[str, dict[str, Any]] = {
    "missing-inner-derivative": {
        "name": {"en": "missing inner derivative", "ja": "内側の微分の掛け忘れ"},
        "en": "The inner derivative ({u})′ = {du} is missing: by the chain rule "
        "({outer})′ = {d_outer}·u′ with u = {u}.",
        "ja": "内側の関数の微分 ({u})′ = {du} が掛けられていません。"
        "合成関数の微分法より ({outer})′ = {d_outer}·u′ (u = {u})。",
    },
    "log-without-inner-derivative": {
        "name": {"en": "(ln u)′ taken as 1/u", "ja": "(ln u)′ = 1/u としている"},
        "en": "(ln u)′ = u′/u, not 1/u: the inner derivative ({u})′ = {du} is missing.",
        "ja": "(ln u)′ = u′/u であり 1/u ではありません。内側の微分 ({u})′ = {du} が抜けています。",
    },
    "inner-derivative-inside": {
        "name": {"en": "inner derivative put inside", "ja": "内側の微分を関数の中に入れている"},
        "en": "The inner derivative went inside the outer function: by the chain rule "
        "({outer})′ = {d_outer}·u′ is taken at u = {u}, then multiplied by u′ = {du}.",
        "ja": "内側の微分を外側の関数の中に入れています。合成関数の微分法では "
        "({outer})′ = {d_outer}·u′ を u = {u} で求めてから u′ = {du} を掛けます。",
    },
    "outer-derivative-at-variable": {
        "name": {"en": "outer derivative at x, not at u", "ja": "外側の微分を x で評価している"},
        "en": "The outer derivative is taken at the inner function u = {u}, not at {var}: "
        "by the chain rule ({outer})′ = {d_outer}·u′.",
        "ja": "外側の微分は {var} ではなく内側の関数 u = {u} で評価します。"
        "合成関数の微分法より ({outer})′ = {d_outer}·u′。",
    },
    "wrong-sign": {
        "name": {"en": "wrong sign", "ja": "符号の誤り"},
        "en": "Wrong sign: {formula}.",
        "ja": "符号が逆です: {formula}。",
    },
    "derivative-table-confused": {
        "name": {"en": "derivatives confused", "ja": "導関数の取り違え"},
        "en": "That is another function's derivative: {formula}.",
        "ja": "別の関数の導関数と取り違えています: {formula}。",
    },
    "power-rule-on-exponential": {
        "name": {
            "en": "power rule on an exponential",
            "ja": "指数関数にべき関数の微分を使っている",
        },
        "en": "The power rule (xⁿ)′ = n·xⁿ⁻¹ is for a constant exponent; with the variable "
        "in the exponent, {formula}.",
        "ja": "べき関数の微分 (xⁿ)′ = n·xⁿ⁻¹ は指数が定数のときのものです。"
        "変数が指数にあるときは {formula} です。",
    },
    "missing-ln-base": {
        "name": {"en": "missing ln of the base", "ja": "底の自然対数の書き忘れ"},
        "en": "The factor ln of the base is missing: {formula}.",
        "ja": "底の自然対数の因子が抜けています: {formula}。",
    },
    "product-missing-term": {
        "name": {"en": "product rule term missing", "ja": "積の微分法の項の書き忘れ"},
        "en": "A term of the product rule {formula} is missing: {missing}.",
        "ja": "積の微分法 {formula} の項 {missing} が抜けています。",
    },
    "product-of-derivatives": {
        "name": {"en": "product of the derivatives", "ja": "微分の積にしている"},
        "en": "The derivative of a product is not the product of the derivatives: "
        "the product rule is {formula}.",
        "ja": "積の微分は微分の積ではありません。積の微分法は {formula} です。",
    },
    "product-sum-of-derivatives": {
        "name": {
            "en": "sum of the derivatives for a product",
            "ja": "積の微分を微分の和にしている",
        },
        "en": "The derivative of a product is not the sum of the derivatives: "
        "the product rule is {formula}.",
        "ja": "積の微分は微分の和ではありません。積の微分法は {formula} です。",
    },
    "product-sign": {
        "name": {"en": "product rule with a minus", "ja": "積の微分法の符号の誤り"},
        "en": "The product rule adds its terms: {formula}.",
        "ja": "積の微分法は項を足し合わせます: {formula}。",
    },
    "quotient-sign": {
        "name": {"en": "quotient rule sign", "ja": "商の微分法の符号の誤り"},
        "en": "The numerator of the quotient rule is f′·g − f·g′, in that order: {formula}.",
        "ja": "商の微分法の分子は f′·g − f·g′ の順です: {formula}。",
    },
    "derivative-of-quotient-as-quotient-of-derivatives": {
        "name": {"en": "quotient of the derivatives", "ja": "微分の商にしている"},
        "en": "The derivative of a quotient is not the quotient of the derivatives: "
        "the quotient rule is {formula}.",
        "ja": "商の微分は微分の商ではありません。商の微分法は {formula} です。",
    },
    "quotient-plus-sign": {
        "name": {"en": "quotient rule with a plus", "ja": "商の微分法の分子を和にしている"},
        "en": "The quotient rule subtracts f·g′: {formula}.",
        "ja": "商の微分法では f·g′ を引きます: {formula}。",
    },
    "quotient-missing-square": {
        "name": {"en": "quotient rule denominator not squared", "ja": "商の微分法の分母の2乗忘れ"},
        "en": "The denominator of the quotient rule is squared: {formula}.",
        "ja": "商の微分法の分母は2乗です: {formula}。",
    },
    "reciprocal-of-derivative": {
        "name": {"en": "1/g′ for (1/g)′", "ja": "(1/g)′ を 1/g′ としている"},
        "en": "(c/g)′ is not c/g′: {formula}.",
        "ja": "(c/g)′ は c/g′ ではありません: {formula}。",
    },
    "reciprocal-sign": {
        "name": {"en": "reciprocal rule sign", "ja": "逆数の微分の符号の誤り"},
        "en": "The reciprocal rule has a minus sign: {formula}.",
        "ja": "逆数の微分には負号が付きます: {formula}。",
    },
    "reciprocal-missing-square": {
        "name": {
            "en": "reciprocal rule denominator not squared",
            "ja": "逆数の微分の分母の2乗忘れ",
        },
        "en": "The denominator is squared: {formula}.",
        "ja": "分母は2乗です: {formula}。",
    },
    "reciprocal-missing-denominator": {
        "name": {"en": "reciprocal rule denominator missing", "ja": "逆数の微分の分母の書き忘れ"},
        "en": "The derivative of c/g keeps g² in the denominator: {formula}.",
        "ja": "c/g の微分では分母に g² が残ります: {formula}。",
    },
    "ln-base-divided": {
        "name": {"en": "divided by ln a", "ja": "ln a で割っている"},
        "en": "(aˣ)′ multiplies by ln a: {formula}.",
        "ja": "(aˣ)′ では ln a を掛けます: {formula}。",
    },
    "ln-base-multiplied": {
        "name": {"en": "multiplied by ln a", "ja": "ln a を掛けている"},
        "en": "(logₐ x)′ divides by ln a: {formula}.",
        "ja": "(logₐ x)′ では ln a で割ります: {formula}。",
    },
    "power-rule-on-variable-exponent": {
        "name": {
            "en": "power rule with a variable exponent",
            "ja": "指数が変数なのにべき関数の微分",
        },
        "en": "The exponent varies, so the power rule does not apply; by logarithmic "
        "differentiation {formula}.",
        "ja": "指数が変数なのでべき関数の微分は使えません。対数微分法より {formula}。",
    },
    "exponential-rule-on-variable-base": {
        "name": {
            "en": "exponential rule with a variable base",
            "ja": "底が変数なのに指数関数の微分",
        },
        "en": "The base varies, so (aˣ)′ = aˣ·ln a does not apply; by logarithmic "
        "differentiation {formula}.",
        "ja": "底が変数なので (aˣ)′ = aˣ·ln a は使えません。対数微分法より {formula}。",
    },
    "root-missing-half": {
        "name": {"en": "missing 1/2 of the square root", "ja": "平方根の微分の 1/2 の書き忘れ"},
        "en": "The factor 1/2 is missing: {formula}.",
        "ja": "1/2 が抜けています: {formula}。",
    },
    "ln-as-reciprocal-of-log": {
        "name": {"en": "(ln x)′ taken as 1/ln x", "ja": "(ln x)′ を 1/ln x としている"},
        "en": "(ln x)′ = 1/x, not 1/ln x.",
        "ja": "(ln x)′ = 1/x であり 1/ln x ではありません。",
    },
    "power-exponent-not-lowered": {
        "name": {"en": "exponent not lowered", "ja": "指数を1下げ忘れ"},
        "en": "The power rule lowers the exponent by one: {formula}.",
        "ja": "べき関数の微分では指数を1下げます: {formula}。",
    },
    "power-missing-coefficient": {
        "name": {"en": "exponent not brought down", "ja": "指数を係数に下ろし忘れ"},
        "en": "The power rule brings the exponent down as a factor: {formula}.",
        "ja": "べき関数の微分では指数を係数として前に出します: {formula}。",
    },
    "power-exponent-raised": {
        "name": {"en": "exponent raised instead of lowered", "ja": "指数を1上げている"},
        "en": "The exponent goes down by one, also when it is negative or a fraction: {formula}.",
        "ja": "指数が負や分数でも1下げます: {formula}。",
    },
    "constant-multiple-dropped": {
        "name": {"en": "constant factor dropped", "ja": "定数倍の書き忘れ"},
        "en": "A constant factor stays: {formula}.",
        "ja": "定数倍はそのまま残ります: {formula}。",
    },
    "power-rule-on-constant": {
        "name": {"en": "power rule on a constant", "ja": "定数にべき関数の微分を使っている"},
        "en": "{expr} is a constant (no {var} in it), so its derivative is 0, not {wrong}: "
        "the power rule is for powers of the variable.",
        "ja": "{expr} は定数 ({var} を含まない) なので微分は 0 であり {wrong} ではありません。"
        "べき関数の微分は変数のべきに使います。",
        "tail": False,
    },
    "constant-kept": {
        "name": {"en": "constant not differentiated to 0", "ja": "定数の微分を 0 にしていない"},
        "en": "A constant term differentiates to 0: ({expr})′ = 0, not {wrong}.",
        "ja": "定数項の微分は 0 です。({expr})′ = 0 であり {wrong} ではありません。",
        "tail": False,
    },
    "negation-sign-dropped": {
        "name": {"en": "minus sign lost", "ja": "負号の書き忘れ"},
        "en": "A minus sign was lost: {formula}.",
        "ja": "負号が落ちています: {formula}。",
    },
}

#: What follows an explanation: the step's right and wrong derivatives.
TAIL = {
    "en": " Here ({expr})′ = {right}, not {wrong}.",
    "ja": "ここでは ({expr})′ = {right} です ({wrong} ではありません)。",
}

#: Said when no typical mistake explains a wrong answer.
NOT_EXPLAINED = {
    "en": "No typical mistake explains this answer.",
    "ja": "典型的な誤りでは説明できない答えです。",
}
_IN_STEP = {"en": "in the {rule} step: ", "ja": "{rule}のステップ: "}
_IN_FUNCTION = {"en": "in the derivative of {name}: ", "ja": "{name} の微分: "}


def _where(rule: str, lang: str) -> str:
    """``in the product rule step: `` / ``in the derivative of cos: ``."""
    if rule.startswith("fn:"):
        return _IN_FUNCTION[lang].format(name=rule[3:])
    return _IN_STEP[lang].format(rule=rule_name(rule, lang))


_AND = {"en": " Also, ", "ja": " さらに、"}


def mistake_name(key: str, lang: str | None = None) -> str:
    """The short name of a mistake in ``lang``."""
    return str(MISTAKE_MESSAGES[key]["name"][language(lang)])


def _shown(expr: Expr) -> str:
    try:
        return to_pretty(tidy(expr))
    except Exception:  # a tidied form is a nicety: the tree as it is otherwise
        return to_pretty(expr)


@dataclass(frozen=True)
class Slip:
    """One typical mistake at one step: ``mistake`` (a key of :data:`MISTAKE_MESSAGES`)
    made in ``step`` (whose rule is ``rule``), which gives ``wrong`` where the rule gives
    the step's result."""

    mistake: str
    rule: str
    step: Step
    wrong: Expr
    #: The learner's answer as written, where the mistake gives it whole (one slip in the
    #: derivation's own first step): the message quotes it so, not tidied.
    as_written: Expr | None = None

    def fields(self) -> dict[str, str]:
        """The values the messages are written with."""
        step = self.step
        values = {
            "expr": to_pretty(step.expr),
            "right": _shown(step.result),
            "wrong": _shown(self.wrong) if self.as_written is None else to_pretty(self.as_written),
            "formula": RULES[step.rule].formula,
            "missing": _shown(sub(step.result, self.wrong)),
            "var": to_pretty(step.var) if step.var is not None else "",
        }
        if step.rule == "chain" and step.var is not None:
            inner, _u, outer = chain_parts(step.expr, step.var)
            values.update(
                u=to_pretty(inner),
                du=_shown(step.substeps[1].result),
                outer=to_pretty(outer),
                d_outer=_shown(step.substeps[0].result),
            )
        return values

    def message(self, lang: str | None = None) -> str:
        chosen = language(lang)
        entry = MISTAKE_MESSAGES[self.mistake]
        template = entry[chosen] + (TAIL[chosen] if entry.get("tail", True) else "")
        return template.format(**self.fields())

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "mistake": self.mistake,
            "name": mistake_name(self.mistake, lang),
            "rule": self.rule,
            "rule_name": rule_name(self.rule, lang),
            "step": str(self.step.expr),
            "wrong": str(self.wrong),
            "right": str(self.step.result),
            "message": self.message(lang),
        }


@dataclass(frozen=True)
class Diagnosis:
    """Why an answer is wrong: the ``slips`` (one or two) that explain it, or none.

    ``rule``, ``step`` and ``mistake`` are those of the first slip (``None`` when no
    typical mistake explains the answer); ``alternatives`` are other sets of slips, as
    small, that explain the answer as well.  ``message`` is in English,
    ``message_in(lang)`` in either language."""

    slips: tuple[Slip, ...] = ()
    alternatives: tuple[tuple[Slip, ...], ...] = field(default=())

    @property
    def explained(self) -> bool:
        return bool(self.slips)

    @property
    def rule(self) -> str | None:
        return self.slips[0].rule if self.slips else None

    @property
    def step(self) -> Step | None:
        return self.slips[0].step if self.slips else None

    @property
    def mistake(self) -> str | None:
        return self.slips[0].mistake if self.slips else None

    @property
    def mistakes(self) -> tuple[str, ...]:
        return tuple(slip.mistake for slip in self.slips)

    @property
    def message(self) -> str:
        return self.message_in("en")

    @property
    def messages(self) -> dict[str, str]:
        """The message in every language."""
        return {lang: self.message_in(lang) for lang in ("en", "ja")}

    def message_in(self, lang: str | None = None) -> str:
        chosen = language(lang)
        if not self.slips:
            return NOT_EXPLAINED[chosen]
        parts = []
        for number, slip in enumerate(self.slips):
            where = _where(slip.rule, chosen)
            if number == 0 and chosen == "en":
                where = where[0].upper() + where[1:]
            parts.append(where + slip.message(chosen))
        return _AND[chosen].join(parts)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "explained": self.explained,
            "mistake": self.mistake,
            "rule": self.rule,
            "message": self.message_in(lang),
            "slips": [slip.to_dict(lang) for slip in self.slips],
            "alternatives": [[slip.mistake for slip in group] for group in self.alternatives],
        }


# -- the search ----------------------------------------------------------------------------
Site = tuple[Step, Mistake, int]


def _steps(root: Step) -> list[Step]:
    """Every distinct step of the tree (a shared step once), parents first."""
    seen: set[int] = set()
    ordered = []
    for step in root.walk():
        if id(step) not in seen and step.var is not None:
            seen.add(id(step))
            ordered.append(step)
    return ordered


def _sites(root: Step) -> list[Site]:
    """Every place a catalogued mistake applies, and each of its readings there."""
    sites = []
    for step in _steps(root):
        for made in MISTAKES_BY_RULE.get(step.rule, ()):
            assert step.var is not None
            if not made.matches(step.expr, step.var):
                continue
            results = tuple(sub_step.result for sub_step in step.substeps)
            for index, variant in enumerate(made.variants(step.expr, step.var, results)):
                if variant is not step.result:
                    sites.append((step, made, index))
    return sites


def recompute(
    root: Step, injected: dict[int, tuple[Mistake, int]], rules: dict[str, Rule] | None = None
) -> Expr | None:
    """The result of ``root`` with the mistakes ``injected`` (step id -> mistake and
    reading) put in, every other step applying its real rule to what comes from below."""
    memo: dict[int, Expr | None] = {}
    table = real_rules() if rules is None else rules

    def value(step: Step) -> Expr | None:
        key = id(step)
        if key in memo:
            return memo[key]
        results = tuple(value(sub_step) for sub_step in step.substeps)
        made: Expr | None
        if any(result is None for result in results):
            made = None
        elif key in injected:
            wrong, index = injected[key]
            assert step.var is not None
            readings = wrong.variants(step.expr, step.var, results)  # type: ignore[arg-type]
            made = readings[index] if index < len(readings) else None
        elif all(r is s.result for r, s in zip(results, step.substeps, strict=True)):
            made = step.result
        else:
            assert step.var is not None
            real = table.get(step.rule)
            made = None if real is None else real.combine(step.expr, step.var, results)  # type: ignore[arg-type]
        memo[key] = made
        return made

    return value(root)


#: Values the numeric sieve tries for the variable (several inside (−1, 1), where
#: arcsin and its kin are real).
SIEVE_VALUES = (
    0.37, -0.61, 0.83, 1.71, -2.29, 2.93, 0.13, -0.29, 4.07, -3.51,
    1.19, 1.47, 2.21, 3.61, 5.3, 6.7, 0.91, -0.83, 8.9, -5.7,
)  # fmt: skip
#: Values tried for the other names: mostly positive, as constants in problems are (a
#: base a of aˣ or logₐ x), then any sign.
PARAMETER_VALUES = (
    1.37, 2.61, 0.53, 3.19, 1.83, 0.71, 2.29, -1.43, -0.47, 4.11,
    1.61, 0.29, 2.87, 5.17, 1.13, 3.73, 0.83, -2.61, 6.07, -0.89,
)  # fmt: skip
#: Most sieve points kept.
SIEVE_POINTS = 6


def _sieve_points(answer: Expr, domain: Expr, var: Expr) -> list[dict[str, float]]:
    """Points where ``domain`` and ``answer`` are real: the variable over
    :data:`SIEVE_VALUES`, the other names over :data:`PARAMETER_VALUES` (each name
    shifted, so that names differ)."""
    name = getattr(var, "name", "")
    others = sorted((free_names(answer) | free_names(domain)) - {name})
    count = len(SIEVE_VALUES)
    points = [
        {
            name: SIEVE_VALUES[i],
            **{
                other: PARAMETER_VALUES[(i + 3 * k + shift) % count] + 0.011 * k
                for k, other in enumerate(others)
            },
        }
        for shift in ((0, 7, 13, 17) if others else (0,))
        for i in range(count)
    ]
    both = zip(points, real_values(domain, points), real_values(answer, points), strict=True)
    kept = [point for point, value, given in both if value is not None and given is not None]
    return kept[:SIEVE_POINTS]


def _agrees(expected: list[float | None], values: list[float | None]) -> bool:
    compared = 0
    for a, b in zip(expected, values, strict=True):
        if (a is None) != (b is None):
            return False
        if a is None or b is None:
            continue
        if not math.isclose(a, b, rel_tol=SIEVE_TOLERANCE, abs_tol=SIEVE_TOLERANCE):
            return False
        compared += 1
    return compared >= 2


def _candidates(sites: list[Site], size: int) -> Iterator[tuple[Site, ...]]:
    if size == 1:
        yield from ((site,) for site in sites)
        return
    count = 0
    for pair in combinations(sites, 2):
        if pair[0][0] is pair[1][0]:
            continue
        count += 1
        if count > MAX_PAIRS:
            return
        yield pair


def _priority(group: tuple[Site, ...]) -> tuple[int, ...]:
    order = list(MISTAKE_MESSAGES)
    return tuple(order.index(site[1].key) for site in group)


def diagnose(
    root: Step,
    answer: Expr,
    domain: Expr,
    confirm: Callable[[Expr, Expr], bool],
    concrete: Callable[[Expr], Expr] = lambda expr: expr,
    *,
    as_written: Expr | None = None,
) -> Diagnosis:
    """The smallest set of typical mistakes (one, else two) that turns the derivation
    ``root`` of ``domain`` into ``answer``; ``confirm(answer, candidate)`` is the oracle
    that must verify a match before it is reported; ``concrete`` gives declared
    functions their stand-ins (``answer`` and ``domain`` have them already); ``as_written``
    is the answer as the learner wrote it, quoted where one slip in ``root`` itself
    gives it whole."""
    slot = Sym("__derivative__")
    return diagnose_within(
        slot, {slot: root}, answer, domain, confirm, concrete, as_written=as_written
    )


def diagnose_within(
    template: Expr,
    roots: dict[Expr, Step],
    answer: Expr,
    domain: Expr,
    confirm: Callable[[Expr, Expr], bool],
    concrete: Callable[[Expr], Expr] = lambda expr: expr,
    *,
    as_written: Expr | None = None,
) -> Diagnosis:
    """:func:`diagnose` for an expression ``template`` in which each key of ``roots``
    (a derivative written in a learner's line, such as ``(x²)′``) stands for the result
    of its derivation: the mistakes may be in any of them."""
    if not roots:
        return Diagnosis()
    some = next(iter(roots.values()))
    assert some.var is not None
    points = _sieve_points(answer, domain, some.var)
    if not points:
        return Diagnosis()
    expected = real_values(answer, points)
    sites = [site for root in roots.values() for site in _sites(root)]
    rules = real_rules()
    right = {key: root.result for key, root in roots.items()}
    for size in (1, 2):
        found: list[tuple[Site, ...]] = []
        tried: dict[Expr, bool] = {}
        for group in _candidates(sites, size):
            injected = {id(step): (made, index) for step, made, index in group}
            values = {key: recompute(root, injected, rules) for key, root in roots.items()}
            if any(value is None for value in values.values()) or values == right:
                continue
            result = substitute(template, values)  # type: ignore[arg-type]
            if result not in tried:
                written = concrete(result)  # the answer itself, node for node: equal
                tried[result] = written is answer or (
                    _agrees(expected, real_values(written, points)) and confirm(answer, result)
                )
            if tried[result]:
                found.append(group)
        if found:
            found.sort(key=_priority)
            whole = roots.get(template)
            slips = [
                tuple(
                    _slip(site, as_written if size == 1 and site[0] is whole else None)
                    for site in group
                )
                for group in found
            ]
            return Diagnosis(slips[0], tuple(slips[1:]))
    return Diagnosis()


def _slip(site: Site, as_written: Expr | None = None) -> Slip:
    step, made, index = site
    wrong = recompute(step, {id(step): (made, index)})
    assert wrong is not None
    return Slip(made.key, step.rule, step, wrong, as_written)
