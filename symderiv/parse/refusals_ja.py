"""The readers' refusals in Japanese: each refusal's English template (``⟨…⟩``: the parts
taken from the formula) beside its Japanese, and :func:`in_japanese`, which finds a
message's template and fills its Japanese with the same parts.

>>> in_japanese("missing ) after (")
'( の後に ) がありません'
"""

from __future__ import annotations

import re

__all__ = ["MEANINGS_JA", "REFUSALS_JA", "in_japanese"]


#: Each refusal of the readers and of the derivative plan, in English (``⟨…⟩``: the parts
#: taken from the formula) and in Japanese; also the command line's refusals of --wrt/-n.
REFUSALS_JA: tuple[tuple[str, str], ...] = (
    (
        "a logarithm to base ⟨base⟩ is undefined (the base must be positive and not 1)",
        "底が ⟨base⟩ の対数は定義されません（底は 1 でない正の数でなければなりません）",
    ),
    (
        "⟨written⟩ is the derivative of ⟨name⟩, but ⟨name⟩ is not given as a formula; "
        "write ⟨operator⟩\\left(…\\right) with its formula",
        "⟨written⟩ は ⟨name⟩ の導関数ですが、⟨name⟩ の式が与えられていません。"
        "⟨operator⟩\\left(…\\right) の中に式を書いてください",
    ),
    (
        "⟨quotient⟩ is a derivative written as a quotient, and what it differentiates is "
        "not given; write ⟨operator⟩ (…) with the formula",
        "⟨quotient⟩ は商の形で書いた導関数ですが、微分する式が与えられていません。"
        "⟨operator⟩ (…) の中に式を書いてください",
    ),
    (
        "⟨operator⟩ has nothing to differentiate after it; write ⟨operator⟩ (…) with the "
        "formula it differentiates",
        "⟨operator⟩ の後に微分する式がありません。⟨operator⟩ (…) の中に式を書いてください",
    ),
    (
        "⟨operator⟩ without brackets differentiates only the product after it; write "
        "⟨operator⟩ (…) around everything it differentiates, or put the derivative in "
        "brackets: (⟨operator⟩ …) ⟨sign⟩ …",
        "括弧のない ⟨operator⟩ はすぐ後の積だけを微分します。微分する式全体を "
        "⟨operator⟩ (…) で囲むか、導関数を括弧に入れてください: (⟨operator⟩ …) ⟨sign⟩ …",
    ),
    (
        "⟨written⟩: the orders do not match (the numerator says ⟨m⟩, the denominator ⟨n⟩); "
        "write d^2/dx^2 or ∂^2/∂x∂y",
        "⟨written⟩: 階数が合いません（分子は ⟨m⟩、分母は ⟨n⟩）。d^2/dx^2 や ∂^2/∂x∂y "
        "のように書いてください",
    ),
    (
        "⟨written⟩: the denominator is a differential; write \\frac{d}{dx}(…) for a "
        "derivative, or d \\cdot x for a product",
        "⟨written⟩: 分母が微分 dx の形です。導関数なら \\frac{d}{dx}(…)、積なら d \\cdot x "
        "と書いてください",
    ),
    (
        "x^T is vector or matrix notation (a transpose), which the scalar reader does not "
        "read; declare the shapes of the vectors and matrices for the matrix calculus, or "
        "write x^(T) for a power with the exponent T",
        "x^T はベクトル・行列の記法（転置）で、スカラーの式としては読めません。"
        "行列微分のためにベクトルと行列の形を宣言するか、T 乗なら x^(T) と書いてください",
    ),
    (
        "⟨written⟩ is vector or matrix notation (a bold or arrow name), which the scalar "
        "reader does not read; declare the shapes for the matrix calculus, or write the name "
        "plainly for a scalar",
        "⟨written⟩ はベクトル・行列の記法（太字・矢印の名前）で、スカラーの式としては読め"
        "ません。行列微分のために形を宣言するか、スカラーなら普通の文字で書いてください",
    ),
    (
        "\\|…\\| is a norm, vector or matrix notation, which the scalar reader does not read; "
        "declare the shapes for the matrix calculus, or write |…| for an absolute value",
        "\\|…\\| はノルム（ベクトル・行列の記法）で、スカラーの式としては読めません。"
        "行列微分のために形を宣言するか、絶対値なら |…| と書いてください",
    ),
    (
        "⟨written⟩(…) is ⟨meaning⟩, which symderiv does not differentiate (yet); for a "
        "product write ⟨written⟩ \\cdot (…)",
        "⟨written⟩(…) は ⟨meaning⟩ で、symderiv はまだ微分できません。積なら "
        "⟨written⟩ \\cdot (…) と書いてください",
    ),
    (
        "⟨f⟩(…) reads as a function ⟨f⟩, which is not declared: declare it "
        "(functions=['⟨f⟩']), or write ⟨f⟩ \\cdot (…) for a product",
        "⟨f⟩(…) は関数 ⟨f⟩ と読めますが、宣言されていません。functions=['⟨f⟩'] で宣言するか、"
        "積なら ⟨f⟩ \\cdot (…) と書いてください",
    ),
    (
        "|_{…} is a value at a point, which a formula does not hold; derive the formula and "
        "ask for its value there: --at x=1 on the command line, or .at(x=1)",
        "|_{…} は点での値で、式には含められません。式を微分してから、その点での値を求めて"
        "ください: コマンドラインでは --at x=1、Python では .at(x=1)",
    ),
    (
        "⟨f⟩(⟨a⟩) reads as a function ⟨f⟩ applied to ⟨b⟩, but ⟨c⟩ is not declared a "
        "function: declare it (functions=['⟨d⟩']), or write ⟨product⟩ for a product",
        "⟨f⟩(⟨a⟩) は関数 ⟨f⟩ を ⟨a⟩ に適用したものと読めますが、⟨f⟩ は関数として宣言されて"
        "いません。functions=['⟨d⟩'] で宣言するか、積なら ⟨product⟩ と書いてください",
    ),
    (
        "⟨head⟩ = … defines ⟨name⟩: to differentiate it, give its formula alone: ⟨formula⟩",
        "⟨head⟩ = … は ⟨name⟩ を定義する式です。微分するなら右辺の式だけを書いてください: "
        "⟨formula⟩",
    ),
    (
        "⟨head⟩ = … states a derivative of ⟨name⟩, which is not given: to differentiate a "
        "formula, give it alone: ⟨formula⟩; to check a derivative, write the function out: "
        "⟨identity⟩",
        "⟨head⟩ = … は ⟨name⟩ の導関数を述べていますが、⟨name⟩ は与えられていません。"
        "式を微分するなら式だけを書いてください: ⟨formula⟩。導関数を確かめるなら関数を"
        "書き出してください: ⟨identity⟩",
    ),
    (
        "⟨f⟩'(⟨a⟩) is the value of a derivative at a point: differentiate ⟨g⟩(x) and ask for "
        "its value there (--at x=⟨b⟩ on the command line, or .at(x=⟨c⟩))",
        "⟨f⟩'(⟨a⟩) は点での導関数の値です。⟨f⟩(x) を微分してから、その点での値を求めて"
        "ください（コマンドラインでは --at x=⟨a⟩、Python では .at(x=⟨a⟩)）",
    ),
    (
        "⟨f⟩'(⟨a⟩) is the derivative of ⟨g⟩ taken at ⟨b⟩, read only at a variable (⟨h⟩'(x)); "
        "for the derivative of ⟨i⟩(⟨c⟩) write (⟨j⟩(⟨d⟩))'",
        "⟨f⟩'(⟨a⟩) は ⟨f⟩ の導関数の ⟨a⟩ での値で、変数での形（⟨f⟩'(x)）だけを読みます。"
        "⟨f⟩(⟨a⟩) の導関数なら (⟨f⟩(⟨a⟩))' と書いてください",
    ),
    (
        "unknown function '⟨f⟩'; write ⟨f⟩*(…) for a product, or declare ⟨f⟩ a function",
        "未知の関数 '⟨f⟩' です。積なら ⟨f⟩*(…) と書くか、⟨f⟩ を関数として宣言してください",
    ),
    (
        "a prime ' after a number: write (…)' around a formula",
        "数の後にプライム ' があります。式を (…)' で囲んでください",
    ),
    (
        "⟨written⟩{…} decorates one letter, as in ⟨written⟩{y}",
        "⟨written⟩{…} は一文字につける記号です（例: ⟨written⟩{y}）",
    ),
    (
        "unexpected character '∂' (a partial derivative is written ∂/∂x (…), with what it "
        "differentiates after it)",
        "使えない文字 '∂' です（偏導関数は ∂/∂x (…) のように、微分する式を後に書いてください）",
    ),
    (
        "the formula says to differentiate by ⟨a⟩, but the variables asked for are ⟨b⟩: "
        "give one or the other",
        "式は ⟨a⟩ で微分するよう書かれていますが、指定された変数は ⟨b⟩ です。"
        "どちらか一方を指定してください",
    ),
    (
        "the formula asks for a derivative of order ⟨m⟩, but an order of ⟨n⟩ was asked for "
        "too: give one or the other",
        "式は ⟨m⟩ 階の導関数を求めていますが、⟨n⟩ 階も指定されています。"
        "どちらか一方を指定してください",
    ),
    (
        "-n is given twice for ⟨x⟩",
        "⟨x⟩ の -n が二度指定されています",
    ),
    ("-n is given twice", "-n が二度指定されています"),
    (
        "-n ⟨n⟩ after --wrt ⟨x⟩ in a list: give each variable its own --wrt to set its "
        "order (--wrt x -n 2 --wrt y)",
        "-n ⟨n⟩ が --wrt ⟨x⟩ の並びの後にあります。階数を指定する変数にはそれぞれ --wrt を"
        "つけてください (--wrt x -n 2 --wrt y)",
    ),
    (
        "-n before several variables is ambiguous: put each -n after its --wrt "
        "(--wrt x -n 2 --wrt y)",
        "複数の変数の前の -n はあいまいです。-n はそれぞれの --wrt の後に書いてください "
        "(--wrt x -n 2 --wrt y)",
    ),
    (
        "derivative notation inside a larger formula (⟨part⟩): derive differentiates a whole "
        "formula; write d/dx (…) around all of it, or check an identity with check",
        "大きな式の中に導関数の記法があります (⟨part⟩)。derive は式全体を微分します。"
        "全体を d/dx (…) で囲むか、恒等式なら check で確かめてください",
    ),
    (
        "expected a number, a name or '(' but found ⟨found⟩",
        "数、名前または '(' があるべきところに ⟨found⟩ があります",
    ),
    (
        "expected ⟨closer⟩ to close the ⟨opener⟩ at column ⟨column⟩",
        "⟨column⟩ 文字目の ⟨opener⟩ を閉じる ⟨closer⟩ がありません",
    ),
    (
        "unknown function ⟨name⟩; did you mean ⟨guess⟩?",
        "関数 ⟨name⟩ は知りません。⟨guess⟩ のことですか？",
    ),
    (
        "unknown function ⟨name⟩; write ⟨product⟩ for a product, or declare ⟨other⟩ a function",
        "関数 ⟨name⟩ は知りません。積なら ⟨product⟩ と書くか、⟨other⟩ を関数として宣言してください",
    ),
    ("unknown function ⟨name⟩", "関数 ⟨name⟩ は知りません"),
    (
        "⟨name⟩ is the logarithm to base 10 in some texts and to base 2 in others: "
        "write ⟨ten⟩ or ⟨two⟩",
        "⟨name⟩ は文献により底 10 の対数とも底 2 の対数ともなります。"
        "⟨ten⟩ または ⟨two⟩ と書いてください",
    ),
    (
        "⟨name⟩ is the logarithm to base 2: write ⟨two⟩",
        "⟨name⟩ は底 2 の対数です。⟨two⟩ と書いてください",
    ),
    (
        "⟨name⟩ is the ⟨meaning⟩ in some texts: write ⟨spelling⟩",
        "⟨name⟩ は文献により ⟨meaning⟩ を表します。⟨spelling⟩ と書いてください",
    ),
    ("unsupported LaTeX command ⟨command⟩", "LaTeX コマンド ⟨command⟩ には対応していません"),
    ("unmatched ⟨token⟩", "対応する括弧のない ⟨token⟩ があります"),
    (
        "two numbers in a row; write * between them",
        "数が 2 つ続いています。間に * を書いてください",
    ),
    ("expected an expression here", "ここには式が必要です"),
    ("expected an equation 'lhs = rhs'", "等式 'lhs = rhs' が必要です"),
    ("expected a formula, not an equation", "等式ではなく式が必要です"),
    ("malformed formula", "式の形が正しくありません"),
    ("missing '}' to close the '{'", "'{' を閉じる '}' がありません"),
    (
        "the bars | can be read as ⟨plain⟩ or as ⟨nested⟩; write abs(…) or \\left|…\\right|, "
        "or · before a nested |…|, to say which",
        "縦棒 | は ⟨plain⟩ とも ⟨nested⟩ とも読めます。abs(…) か \\left|…\\right| を使うか、"
        "入れ子の |…| の前に · を書いて、どちらか示してください",
    ),
    ("a closing | with no | before it to open", "閉じる | の前に、開く | がありません"),
    (
        "unknown name ⟨name⟩; did you mean ⟨spaced⟩ or ⟨called⟩?",
        "名前 ⟨name⟩ は知りません。⟨spaced⟩ か ⟨called⟩ のことですか？",
    ),
    (
        "unknown name ⟨name⟩; did you mean ⟨apart⟩?",
        "名前 ⟨name⟩ は知りません。⟨apart⟩ のことですか？",
    ),
    (
        "⟨written⟩ in LaTeX raises only the '⟨sign⟩': write the exponent in braces, ⟨braced⟩",
        "LaTeX の ⟨written⟩ は '⟨sign⟩' だけを上付きにします。指数は波括弧で ⟨braced⟩ と"
        "書いてください",
    ),
    (
        "⟨written⟩ in LaTeX puts only ⟨digit⟩ in the ⟨script⟩: write ⟨braced⟩, or ⟨apart⟩ "
        "for a product",
        "LaTeX の ⟨written⟩ は ⟨digit⟩ だけを⟨script⟩にします。⟨braced⟩ と書くか、積なら "
        "⟨apart⟩ と書いてください",
    ),
    (
        "⟨written⟩ is a label (example ⟨label⟩, or a derivative's order), not a power: write "
        "⟨index⟩ for an index, or ⟨power⟩ for a power",
        "⟨written⟩ はべき乗ではなくラベル（⟨label⟩ 番目の例、または導関数の階数）です。"
        "添字なら ⟨index⟩、べき乗なら ⟨power⟩ と書いてください",
    ),
    (
        "⟨written⟩: a derivative by the indexed variable ⟨variable⟩ is not read from LaTeX; "
        'write the formula alone and give the variable apart (derive(f, "x[i]"), or '
        '--wrt "x[i]")',
        "⟨written⟩: 添字付きの変数 ⟨variable⟩ による導関数は LaTeX からは読みません。式だけを"
        '書き、変数は別に指定してください（derive(f, "x[i]") または --wrt "x[i]"）',
    ),
    (
        "⟨written⟩ in LaTeX reads as ⟨reading⟩ (e is Euler's number): write ⟨number⟩ for the "
        "number",
        "LaTeX の ⟨written⟩ は ⟨reading⟩ と読めます（e はネイピア数）。数なら ⟨number⟩ と"
        "書いてください",
    ),
    (
        "\\operatorname{⟨word⟩} names a function symderiv does not know; declare it "
        "(functions=['⟨word⟩']), or write \\mathrm{⟨word⟩} for a symbol",
        "\\operatorname{⟨word⟩} は symderiv の知らない関数です。関数として宣言する"
        "（functions=['⟨word⟩']）か、記号なら \\mathrm{⟨word⟩} と書いてください",
    ),
    (
        "write the index of ⟨word⟩ after its argument: ⟨written⟩",
        "⟨word⟩ の添字は引数の後に書いてください: ⟨written⟩",
    ),
    (
        "a double superscript: write braces, x^{2^{3}} or {x^{2}}^{3}",
        "上付きが二重です。x^{2^{3}} か {x^{2}}^{3} のように波括弧を書いてください",
    ),
    (
        "⟨written⟩^( in LaTeX raises only the '(': write the exponent in braces, ⟨braced⟩, "
        "as in e^{x + 1}",
        "LaTeX の ⟨written⟩^( は '(' だけを上付きにします。指数は ⟨braced⟩ のように波括弧で"
        "囲んでください（例: e^{x + 1}）",
    ),
    (
        "⟨command⟩ takes its two arguments in braces: ⟨example⟩",
        "⟨command⟩ の二つの引数は波括弧で書いてください: ⟨example⟩",
    ),
    (
        "TeX takes the parenthesis alone here: write the argument in braces",
        "TeX はここで括弧だけを引数にとります。引数は波括弧で囲んでください",
    ),
    ("missing ⟨closer⟩ after ⟨opening⟩", "⟨opening⟩ の後に ⟨closer⟩ がありません"),
    (
        "⟨f⟩^-1 is ambiguous: write ⟨inverse⟩ for the inverse or ⟨reciprocal⟩ for the reciprocal",
        "⟨f⟩^-1 はあいまいです。逆関数なら ⟨inverse⟩、逆数なら ⟨reciprocal⟩ と書いてください",
    ),
    (
        "⟨f⟩^-⟨n⟩ is ambiguous: write ⟨power⟩ for a power",
        "⟨f⟩^-⟨n⟩ はあいまいです。べき乗なら ⟨power⟩ と書いてください",
    ),
    (
        "expected a number after ⟨f⟩^ (a power before the argument is a number, as in "
        "⟨example⟩): write ⟨power⟩ for another power",
        "⟨f⟩^ の後には数が必要です（引数の前のべき乗は ⟨example⟩ のように数です）。"
        "ほかのべき乗なら ⟨power⟩ と書いてください",
    ),
    (
        "two \\over in one group: write {{a \\over b} \\over c}",
        "1 つの群に \\over が 2 つあります。{{a \\over b} \\over c} と書いてください",
    ),
)


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching the messages ``template`` makes."""
    seen: set[str] = set()
    pieces: list[str] = []
    for literal, field in re.findall(r"([^⟨]*)(?:⟨(\w+)⟩|$)", template):
        pieces.append(re.escape(literal))
        if field:
            pieces.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
            seen.add(field)
    return re.compile("".join(pieces) + r"\Z", re.DOTALL)


_REFUSAL_PATTERNS = tuple((_pattern(en), ja) for en, ja in REFUSALS_JA)

#: The functions named in refusals, in Japanese.
MEANINGS_JA = {
    "the gamma function": "ガンマ関数",
    "the standard normal distribution function": "標準正規分布の累積分布関数",
    "the digamma function": "ディガンマ関数",
    "the Riemann zeta function": "リーマンのゼータ関数",
    "a function φ (or the standard normal density)": "関数 φ（または標準正規分布の密度関数）",
    "a function φ": "関数 φ",
    "a function Ψ": "関数 Ψ",
    "the beta function": "ベータ関数",
    "tangent": "正接 (tan)",
    "cotangent": "余接 (cot)",
    "inverse tangent": "逆正接 (arctan)",
    "inverse cotangent": "逆余接 (arccot)",
    "hyperbolic sine": "双曲線正弦 (sinh)",
    "hyperbolic cosine": "双曲線余弦 (cosh)",
    "hyperbolic tangent": "双曲線正接 (tanh)",
    "hyperbolic cotangent": "双曲線余接 (coth)",
    "inverse hyperbolic sine": "逆双曲線正弦 (arsinh)",
    "inverse hyperbolic cosine": "逆双曲線余弦 (arcosh)",
    "inverse hyperbolic tangent": "逆双曲線正接 (artanh)",
    "superscript": "上付き",
    "subscript": "下付き",
}


def in_japanese(message: str) -> str | None:
    """A refusal's message in Japanese (``None`` for a message not in the catalogue)."""
    for pattern, japanese in _REFUSAL_PATTERNS:
        found = pattern.match(message)
        if found is not None:
            return _filled(japanese, found.groupdict())
    return None


def _filled(template: str, parts: dict[str, str]) -> str:
    """``template`` with each ``⟨name⟩`` replaced by its part (a function named in Japanese)."""
    return re.sub(
        r"⟨(\w+)⟩", lambda m: MEANINGS_JA.get(parts[m.group(1)], parts[m.group(1)]), template
    )
