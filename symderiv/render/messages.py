"""The message catalogue: every user-facing word, in English and Japanese.

Rule names follow the terms of the Japanese series the project grew from:
積の微分法, 商の微分法, 合成関数の微分法, べき関数の微分, 指数関数の微分, 対数関数の微分,
対数微分法, 定数倍, 和の微分.  :func:`rule_name` and :func:`message` look words up;
:func:`default_language` reads the locale.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Callable, Mapping
from functools import partial

from ..functions import FUNCTIONS
from ..matrix.present import MATRIX_RULE_NAMES

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "RULE_NAMES",
    "binding_name",
    "default_language",
    "language",
    "message",
    "no_rule_message",
    "rule_formula",
    "rule_name",
    "translated",
]

LANGUAGES = ("en", "ja")

RULE_NAMES: dict[str, dict[str, str]] = {
    "constant": {"en": "constant rule", "ja": "定数の微分"},
    "variable": {"en": "variable rule", "ja": "変数の微分"},
    "sum": {"en": "sum rule", "ja": "和の微分"},
    "negation": {"en": "negation", "ja": "符号の反転"},
    "constant-multiple": {"en": "constant multiple rule", "ja": "定数倍の微分"},
    "product": {"en": "product rule", "ja": "積の微分法"},
    "quotient": {"en": "quotient rule", "ja": "商の微分法"},
    "quotient-constant-denominator": {"en": "constant denominator", "ja": "分母が定数の商"},
    "reciprocal": {"en": "reciprocal rule", "ja": "逆数の微分"},
    "chain": {"en": "chain rule", "ja": "合成関数の微分法"},
    "power": {"en": "power rule", "ja": "べき関数の微分"},
    "zero-base": {"en": "power of zero", "ja": "0 の累乗の微分"},
    "exp": {"en": "exponential rule", "ja": "指数関数の微分"},
    "exponential-base": {"en": "exponential with base a", "ja": "指数関数 aˣ の微分"},
    "log-differentiation": {"en": "logarithmic differentiation", "ja": "対数微分法"},
    "ln": {"en": "natural logarithm", "ja": "対数関数の微分"},
    "log-base": {"en": "logarithm with base a", "ja": "底が a の対数関数の微分"},
    "log-change-of-base": {"en": "change of base", "ja": "底の変換"},
    "root": {"en": "n-th root", "ja": "累乗根の微分"},
    "root-as-power": {"en": "root as a power", "ja": "累乗根を指数で表す"},
    "undefined-function": {"en": "undefined function", "ja": "未知関数の微分"},
    "multivariable-chain": {"en": "multivariable chain rule", "ja": "多変数の合成関数の微分法"},
    "piecewise": {"en": "piece by piece", "ja": "区間ごとの微分"},
    "root-of-power": {"en": "root of a power", "ja": "累乗の累乗根（√(u²) = |u|）"},
    "abs-factors": {"en": "absolute values and signs simplified", "ja": "絶対値と符号関数の整理"},
    "sign-abs": {"en": "sign and absolute value", "ja": "符号関数と絶対値"},
    "piecewise-smooth": {
        "en": "piece by piece; the one-sided derivatives agree at each boundary",
        "ja": "区間ごとの微分(境界で左右の微分係数が一致)",
    },
    "sum-linearity": {"en": "linearity of Σ", "ja": "Σ の線形性"},
    "kronecker": {"en": "Kronecker delta", "ja": "クロネッカーのデルタ"},
    "delta-sum": {"en": "sum against a Kronecker delta", "ja": "デルタによる和の縮約"},
    "sum-split": {"en": "linearity of Σ", "ja": "Σ の線形性"},
    "sum-combine": {"en": "sums over one range combined", "ja": "同じ範囲の和をまとめる"},
    "sum-scale": {"en": "constant factor moved into Σ", "ja": "定数倍を Σ の中に入れる"},
    "given": {"en": "the given fact", "ja": "与えられた条件"},
    "softmax": {"en": "softmax derivative", "ja": "ソフトマックス関数の微分"},
    "log-softmax": {"en": "log-softmax derivative", "ja": "対数ソフトマックス関数の微分"},
    "logsumexp": {"en": "log-sum-exp derivative", "ja": "log-sum-exp の微分"},
    "exact-values": {"en": "exact values", "ja": "特別な値"},
    "reduction-formula": {"en": "reduction formula", "ja": "三角関数の誘導公式"},
    "log-exp": {"en": "log and exp cancel", "ja": "対数と指数の打ち消し"},
    "exponent-laws": {"en": "exponent laws", "ja": "指数法則"},
    "collect": {"en": "expand and collect", "ja": "展開して整理"},
    "cancel": {"en": "cancel common factors", "ja": "約分"},
    "pythagorean": {"en": "Pythagorean identity", "ja": "三角関数の相互関係"},
    "double-angle": {"en": "double-angle formulas", "ja": "2倍角の公式"},
    "trig-ratios": {"en": "tan, sec, … as sin and cos", "ja": "sin と cos で表す"},
    "factor-out": {"en": "factor out", "ja": "くくり出し"},
    "cancel-reciprocal": {"en": "cancel against the reciprocal", "ja": "逆数との約分"},
    "common-denominator": {"en": "common denominator", "ja": "通分"},
    "expand": {"en": "expand", "ja": "展開"},
    "collect-terms": {"en": "collect like terms", "ja": "同類項をまとめる"},
    "power-of-power": {"en": "power of a power", "ja": "累乗の累乗"},
    "power-of-product": {"en": "power of a product", "ja": "積の累乗"},
    "factor-numerator": {"en": "factor out in the numerator", "ja": "分子でくくり出し"},
    "standard-order": {"en": "in standard order", "ja": "標準の順に並べる"},
    "split-fraction": {"en": "split the fraction", "ja": "分数を項ごとに分ける"},
    "collect-roots": {
        "en": "expand and collect, simplify roots",
        "ja": "展開して整理し根号を簡単にする",
    },
    "collect-cancel": {"en": "expand, collect and cancel", "ja": "展開して整理し約分"},
    "collect-roots-cancel": {
        "en": "expand and collect, simplify roots, cancel",
        "ja": "展開して整理し根号を簡単にして約分",
    },
    "pythagorean-cancel": {
        "en": "Pythagorean identity, then cancel",
        "ja": "三角関数の相互関係を使って約分",
    },
    "ratio-functions": {"en": "sin and cos as tan, sec, …", "ja": "tan や sec などで表す"},
    "ratio-functions-hyperbolic": {
        "en": "sinh and cosh as tanh, sech, …",
        "ja": "tanh や sech などで表す",
    },
}

_FAMILIES: dict[str, dict[str, str]] = {
    "trig": {"en": "trigonometric", "ja": "三角関数の微分"},
    "inverse trig": {"en": "inverse trigonometric", "ja": "逆三角関数の微分"},
    "hyperbolic": {"en": "hyperbolic", "ja": "双曲線関数の微分"},
    "inverse hyperbolic": {"en": "inverse hyperbolic", "ja": "逆双曲線関数の微分"},
    "exponential": {"en": "exponential rule", "ja": "指数関数の微分"},
    "root": {"en": "root", "ja": "累乗根の微分"},
    "abs": {"en": "absolute value", "ja": "絶対値の微分"},
    "machine learning": {"en": "activation function", "ja": "活性化関数の微分"},
    "non-smooth": {"en": "non-smooth function", "ja": "微分できない点をもつ関数の微分"},
    "log and exp": {"en": "logarithm and exponential", "ja": "対数・指数関数の微分"},
    "probability": {"en": "normal distribution", "ja": "誤差関数・正規分布の微分"},
    "special": {"en": "gamma function family", "ja": "ガンマ関数族の微分"},
    "relation": {"en": "piecewise function", "ja": "区分的に定義された関数の微分"},
}

for _spec in FUNCTIONS.values():
    _family = _FAMILIES[_spec.family]
    _english = (
        _family["en"]
        if _spec.family in ("exponential", "abs")
        else f"{_family['en']}: {_spec.name}"
    )
    RULE_NAMES.setdefault(_spec.rule_key, {"en": _english, "ja": _family["ja"]})

#: Functions a Japanese textbook names on their own rather than by their family.
_JAPANESE_BY_NAME = {
    "sigmoid": "シグモイド関数の微分",
    "softplus": "ソフトプラス関数の微分",
    "softmax": "ソフトマックス関数の微分",
    "relu": "ランプ関数（ReLU）の微分",
    "tanh": "双曲線正接関数の微分",
    "erf": "誤差関数の微分",
    "erfc": "相補誤差関数の微分",
    "normpdf": "標準正規分布の密度関数の微分",
    "Phi": "標準正規分布の累積分布関数の微分",
    "gamma": "ガンマ関数の微分",
    "lgamma": "対数ガンマ関数の微分",
    "digamma": "ディガンマ関数の微分",
    "sign": "符号関数の微分",
    "heaviside": "ヘヴィサイドの階段関数の微分",
    "floor": "床関数の微分",
    "ceil": "天井関数の微分",
}
for _name, _japanese in _JAPANESE_BY_NAME.items():
    if _name in FUNCTIONS and _japanese:
        RULE_NAMES[FUNCTIONS[_name].rule_key] = {
            **RULE_NAMES[FUNCTIONS[_name].rule_key],
            "ja": _japanese,
        }

#: The matrix calculus's rules (named where its derivations are printed), in this catalogue too.
RULE_NAMES.update(MATRIX_RULE_NAMES)

MESSAGES: dict[str, dict[str, str]] = {
    "file-lines": {"en": "{path}: {count} lines", "ja": "{path}: {count} 行"},
    "file-lines-interrupted": {
        "en": "{path}: {count} of {total} lines (interrupted)",
        "ja": "{path}: {total} 行中 {count} 行 (中断)",
    },
    "file-line": {"en": "line {number}", "ja": "{number} 行目"},
    "file-more": {"en": "… and {count} more", "ja": "… ほか {count} 行"},
    "column-outcome": {"en": "outcome", "ja": "結果"},
    "column-lines": {"en": "lines", "ja": "行数"},
    "column-share": {"en": "share", "ja": "割合"},
    "outcome-verified": {"en": "verified", "ja": "検証済み"},
    "outcome-undecided": {"en": "undecided", "ja": "判定できず"},
    "outcome-mismatch": {"en": "mismatch", "ja": "不一致"},
    "outcome-no-rule": {"en": "no-rule", "ja": "規則なし"},
    "outcome-parse-error": {"en": "parse-error", "ja": "読み取りエラー"},
    "outcome-bad-input": {"en": "bad-input", "ja": "不正な入力"},
    "outcome-error": {"en": "error", "ja": "エラー"},
    "treat-constant": {"en": "treat {names} as constant", "ja": "{names} を定数とみなす"},
    "differentiate": {"en": "Differentiate", "ja": "微分する"},
    "with-respect-to": {"en": "with respect to", "ja": "について"},
    "where": {"en": "where", "ja": "ただし"},
    "assuming": {"en": "assuming", "ja": "ただし"},
    "differentiable-where": {"en": "for", "ja": "ただし"},
    "using": {"en": "using", "ja": "次を用いる:"},
    "result": {"en": "Result", "ja": "結果"},
    "order": {"en": "derivative of order {order}", "ja": "第 {order} 次導関数"},
    "verified": {
        "en": "✓ verified against SymPy: result and {checked} of {total} steps ({method})",
        "ja": "✓ SymPy で検証済み: 結果、および {total} ステップ中 {checked} ステップを"
        "{method}に確認",
    },
    "mismatch": {
        "en": "✗ MISMATCH with SymPy in the {rule} step at {point}",
        "ja": "✗ SymPy と不一致: {rule} のステップ ({point})",
    },
    "undecided": {
        "en": "? not verified: {checked} of {total} steps checked; {detail}",
        "ja": "? 未検証: {total} ステップ中 {checked} ステップを確認; {detail}",
    },
    "complex-values": {
        "en": "; {count} check(s) compared where the values are complex"
        " (too few real sample points)",
        "ja": "; うち {count} 件は実数値をとる点が少なく複素数値で比較",
    },
    "kinks-checked": {
        "en": "; checked where the derivative exists ({conditions})",
        "ja": "; 微分可能な点 ({conditions}) で検証",
    },
    "not-verified": {"en": "(not verified)", "ja": "(未検証)"},
    "verifying": {"en": "verifying against SymPy…", "ja": "SymPy で検証中…"},
    "assignments": {
        "en": "({chosen} of {total} assignments)",
        "ja": "({total} 通り中 {chosen} 通り)",
    },
    "given-fact": {"en": "given", "ja": "条件"},
    "open-sum-size": {"en": "{sum} over {index} = {terms}", "ja": "{index} = {terms} の {sum}"},
    "instantiated": {"en": " — checked on {what}", "ja": " — {what} の場合で確認"},
    "symbolic": {"en": "symbolic", "ja": "記号的"},
    "numeric": {"en": "numeric", "ja": "数値的"},
    "simplify": {"en": "Simplify", "ja": "整理する"},
    "simplified": {"en": "simplified", "ja": "整理"},
    "acted-on": {"en": "in: {part}", "ja": "対象: {part}"},
    "reading-note": {"en": "note", "ja": "注"},
    "by-rule": {"en": "By the {rule}", "ja": "{rule}より"},
    "why": {"en": "why", "ja": "なぜ"},
    "tangent": {"en": "tangent line at {point}", "ja": "{point} における接線"},
    "slope": {"en": "slope", "ja": "傾き"},
    "value": {"en": "value", "ja": "値"},
    "no-rule": {"en": "no rule for {what}", "ja": "{what} の微分規則がありません"},
    "cannot-parse": {"en": "cannot parse", "ja": "式を読めません"},
    "identity-holds": {"en": "✓ holds", "ja": "✓ 成り立つ"},
    "identity-fails": {"en": "✗ does not hold", "ja": "✗ 成り立たない"},
    "identity-undecided": {"en": "? undecided", "ja": "? 判定できない"},
    "for-example-at": {"en": "e.g. at {point}", "ja": "例: {point} のとき"},
    "wrote-file": {"en": "wrote {path}", "ja": "{path} に書き出しました"},
}


#: Names of the quantities a step binds, where they are words rather than letters.
BINDING_NAMES: dict[str, dict[str, str]] = {
    "factor": {"en": "factor", "ja": "共通因数"},
}

#: Japanese for the rule formulas written partly in words (the others are all maths).
FORMULAS_JA: dict[str, str] = {
    "collect": "展開し、同類項をまとめ、通分する",
    "collect-roots": "展開し、同類項をまとめ、通分する;  (√u)² = u,  √(u³) = u·√u,"
    "  √a·√b = √(ab) (a ≥ 0)",
    "collect-cancel": "展開し、同類項をまとめ、通分する;  (a·c)/(b·c) = a/b",
    "collect-roots-cancel": "展開し、同類項をまとめ、通分する;  (√u)² = u,  √(u³) = u·√u,"
    "  √a·√b = √(ab) (a ≥ 0);  (a·c)/(b·c) = a/b",
    "cancel": "共通因数の約分: (a·c)/(b·c) = a/b",
    "delta-sum": "Σₖ fₖ·δₖₗ = fₗ  (l は k の範囲内)",
    "given": "与えられた条件で左辺を置き換える",
    "piecewise": "(cᵢ のとき fᵢ(x))′ = cᵢ のとき fᵢ′(x)（境界を除く）",
    "piecewise-smooth": "(cᵢ のとき fᵢ(x))′ = cᵢ のとき fᵢ′(x); 各境界で fᵢ = fⱼ かつ fᵢ′ = fⱼ′",
    "fn:heaviside": "H(u)′ = 0  (u ≠ 0; 慣例で H(0) = 1/2)",
    "trig-ratios": "tan u = sin u/cos u,  sec u = 1/cos u,  coth u = cosh u/sinh u, …",
    "double-angle": "2 sin u·cos u = sin 2u,  2 cos²u = 1 + cos 2u,  2 sin²u = 1 − cos 2u,  "
    "2 sinh u·cosh u = sinh 2u, …  (tan u = sin u/cos u などで表し、まとめて約分)",
    "ratio-functions": "sin u/cos u = tan u,  1/cos u = sec u,  cos u/sin u = cot u,  "
    "1/sin u = csc u, …  (短くなるとき)",
    "ratio-functions-hyperbolic": "sinh u/cosh u = tanh u,  1/cosh u = sech u,  "
    "cosh u/sinh u = coth u,  1/sinh u = csch u",
}


def binding_name(name: str, lang: str | None = None) -> str:
    """A bound quantity's name in ``lang`` (a letter is itself)."""
    names = BINDING_NAMES.get(name)
    return names[language(lang)] if names else name


def rule_formula(key: str, formula: str, lang: str | None = None) -> str:
    """A rule's general formula in ``lang`` (the formulas are English or pure maths)."""
    if language(lang) == "ja":
        return FORMULAS_JA.get(key, formula)
    return formula


def default_language() -> str:
    """``ja`` when the locale says Japanese, else ``en``."""
    for variable in ("SYMDERIV_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return "ja" if current.lower().startswith("ja") else "en"


def language(lang: str | None) -> str:
    """The language to write in: ``lang`` if given, else the locale's (see
    :func:`default_language`)."""
    chosen = lang or default_language()
    if chosen not in LANGUAGES:
        raise ValueError(f"unknown language {chosen!r}; choose one of {', '.join(LANGUAGES)}")
    return chosen


def rule_name(key: str, lang: str | None = None) -> str:
    """The name of a rule in ``lang`` (the key itself for a rule with no entry)."""
    names = RULE_NAMES.get(key)
    return names[language(lang)] if names else key


#: Messages about a number of things said in the singular when that number is 1: the
#: message key -> (the value that counts, the singular in each language that has one).
SINGULARS: dict[str, tuple[str, dict[str, str]]] = {
    "file-lines": ("count", {"en": "{path}: {count} line"}),
    "file-lines-interrupted": ("total", {"en": "{path}: {count} of {total} line (interrupted)"}),
}


def message(key: str, lang: str | None = None, **values: object) -> str:
    """A catalogue message in ``lang`` with ``values`` filled in (in the singular for one
    thing, where the language has one: :data:`SINGULARS`).

    >>> [message("file-lines", "en", path="a.jsonl", count=n) for n in (1, 2)]
    ['a.jsonl: 1 line', 'a.jsonl: 2 lines']
    """
    chosen = language(lang)
    counted, singulars = SINGULARS.get(key, ("", {}))
    if values.get(counted) == 1 and chosen in singulars:
        return singulars[chosen].format(**values)
    return MESSAGES[key][chosen].format(**values)


#: A catalogue of messages in another language: (an English pattern, the message in the
#: other language with the pattern's groups), the first whose pattern matches the whole text.
Catalogue = tuple[tuple[re.Pattern[str], str], ...]


def catalogue(*entries: tuple[str, str]) -> Catalogue:
    """A :data:`Catalogue` of ``(English pattern, translation)`` entries."""
    return tuple((re.compile(english), said) for english, said in entries)


def looked_up(
    text: str, table: Catalogue, said: Mapping[str, Callable[[str], str]] | None = None
) -> str | None:
    """``text`` by the first entry of ``table`` whose pattern matches it whole, each group
    filled in as it stands or, for a group named in ``said``, as that says it (a group
    that is itself a message, said in turn); ``None`` when no entry matches."""
    for pattern, translation in table:
        found = pattern.fullmatch(text)
        if found is not None:
            parts = {
                name: said[name](part) if said and name in said else part
                for name, part in found.groupdict().items()
            }
            return translation.format(**parts)
    return None


_BRACKETED = r"\((?:[^()]|\([^()]*\))*\)"  # a parenthesis, maybe holding parentheses
#: Messages made in English by the checkers, in Japanese.  A group named ``what``,
#: ``why`` or ``detail`` is itself a message, said in Japanese in turn; the others (a
#: formula, a point, a name) are kept as they are.  The "no rule" messages
#: (:class:`~symderiv.errors.NoRuleError`: what has no rule, and why) and the details
#: ``check-file`` gives a line.
ENGLISH_JA = catalogue(
    (
        rf"no rule for (?P<what>(?:[^():]|{_BRACKETED})+?): (?P<detail>.+)",
        "{what} の微分規則がありません: {detail}",
    ),
    (r"no rule for (?P<what>.+)", "{what} の微分規則がありません"),
    (r"the function (?P<name>\S+)", "関数 {name}"),
    (r"(?P<kind>\w+) expressions", "{kind} の式"),
    (
        r"cannot differentiate (?P<expr>.+) with respect to (?P<var>.+)",
        "{expr} を {var} で微分できません",
    ),
    (r"(?P<expr>.+) has no value", "{expr} は値をもちません"),
    (r"the rules do not terminate here", "規則の適用が終わりません"),
    (
        r"a division by zero \(undefined: (?P<expr>.+) is 0\)",
        "0 による割り算（{expr} は 0 なので定義されません）",
    ),
    (r"a division by zero \(undefined\)", "0 による割り算（定義されません）"),
    (
        r"a logarithm of zero \(undefined: (?P<expr>.+) is 0\)",
        "0 の対数（{expr} は 0 なので定義されません）",
    ),
    (r"a logarithm of zero \(undefined\)", "0 の対数（定義されません）"),
    (r"a root of index 0 \(undefined\)", "指数 0 の累乗根（定義されません）"),
    (
        r"a division by zero in (?P<expr>.+) \(undefined: (?P<zero>.+) is 0\)",
        "{expr} の中の 0 による割り算（{zero} は 0 なので定義されません）",
    ),
    (
        r"a division by zero in (?P<expr>.+) \(undefined\)",
        "{expr} の中の 0 による割り算（定義されません）",
    ),
    (
        r"a pole of (?P<name>\S+) \(undefined at (?P<point>.+)\)",
        "{point} での {name} の極（定義されません）",
    ),
    (
        r"a negative power of zero \(undefined: (?P<expr>.+) is 0\)",
        "0 の負のべき乗（{expr} は 0 なので定義されません）",
    ),
    (r"a negative power of zero \(undefined\)", "0 の負のべき乗（定義されません）"),
    (
        r"a logarithm to base (?P<base>.+) \(undefined: the base must be positive and not 1\)",
        "底が {base} の対数（底は 1 でない正の数でなければならず、定義されません）",
    ),
    (
        r"(?P<expr>.+) \(undefined: the rules for it need (?P<need>.+), which is false\)",
        "{expr}（その規則には {need} が必要ですが、成り立たないので定義されません）",
    ),
    (r"differs from df at (?P<point>.+)", "{point} で df と値が異なります"),
    (r"comparison with df: (?P<detail>.+)", "df との比較: {detail}"),
    (r"df: (?P<detail>.+)", "df: {detail}"),
    (r"not JSON: (?P<why>.+)", "JSON として読めません: {why}"),
    (r"not a JSON object but (?P<what>.+)", "JSON のオブジェクトではありません（{what}）"),
    (r'no "(?P<key>\w+)" field', "「{key}」がありません"),
    (
        r'"(?P<key>\w+)" must be a string, not (?P<what>.+)',
        "「{key}」は文字列でなければなりません（{what}）",
    ),
    (r"not UTF-8: (?P<where>.+)", "UTF-8 ではありません: {where}"),
    (
        r"over the time limit \((?P<seconds>[\d.]+) s of CPU\)",
        "時間の制限を超えました（CPU 時間 {seconds} 秒）",
    ),
    (r"over the time limit", "時間の制限を超えました"),
    (
        r"too deep for SymPy to compare \(its recursion limit\)",
        "SymPy で比べるには深すぎます（再帰の上限）",
    ),
    (
        r"SymPy could not compare the two sides \((?P<error>.+)\)",
        "SymPy は両辺を比べられませんでした（{error}）",
    ),
    (r"SymPy could not evaluate: (?P<error>.+)", "SymPy は値を求められませんでした: {error}"),
    (
        r"SymPy cannot compare trees (?P<depth>\d+) deep",
        "SymPy は深さ {depth} の木を比べられません",
    ),
    (
        r"no value anywhere \(SymPy's zoo or nan\)",
        "どこにも値がありません（SymPy の zoo または nan）",
    ),
    (r"no sample point where both sides are real", "両辺が実数になる標本点がありません"),
    (
        r"only (?P<count>\d+) sample point\(s\) where both sides are real",
        "両辺が実数になる標本点が {count} 個しかありません",
    ),
    (r"nested too deeply", "入れ子が深すぎます"),
    (r"an object", "オブジェクト"),
    (r"an array", "配列"),
    (r"a string", "文字列"),
    (r"a number", "数"),
    (r"true or false", "真偽値"),
)

#: The groups of :data:`ENGLISH_JA` that are messages themselves.
_PHRASES = frozenset({"what", "why", "detail"})


def translated(text: str, otherwise: Callable[[str], str] = str) -> str:
    """``text``, a message of a checker, in Japanese by :data:`ENGLISH_JA`; a message
    the table does not know is given to ``otherwise`` (by default kept in English).

    >>> translated('not JSON: nested too deeply'), translated('no "df" field')
    ('JSON として読めません: 入れ子が深すぎます', '「df」がありません')
    """
    phrase = partial(translated, otherwise=otherwise)
    found = looked_up(text, ENGLISH_JA, dict.fromkeys(_PHRASES, phrase))
    return otherwise(text) if found is None else found


def no_rule_message(what: str, detail: str = "", lang: str | None = None) -> str:
    """A "no rule" message in ``lang``: ``no rule for {what}: {detail}``.

    >>> why = "cannot differentiate logsumexp(z) with respect to z"
    >>> print(no_rule_message("the function logsumexp", why, "ja"))
    関数 logsumexp の微分規則がありません: logsumexp(z) を z で微分できません
    """
    chosen = language(lang)
    if chosen == "ja":
        what, detail = translated(what), translated(detail)
    text = message("no-rule", chosen, what=what)
    return f"{text}: {detail}" if detail else text
