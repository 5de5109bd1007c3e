"""Scale and adversarial inputs: a result or a clear error, never a hang, a RecursionError
or a giant number; results checked for correctness, never timed."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import mpmath
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symderiv import derive, diff, parse, parse_latex
from symderiv.errors import LimitError, NoRuleError, ParseError
from symderiv.expr import MAX_EXACT_BITS, Expr, Num, Sym, add, exp, ln, mul, postorder, tree_size
from symderiv.numeric import NumericError, evaluate

from strategies import reject_undefined, smooth_exprs

x = Sym("x")


def _numbers_stay_small(expr) -> bool:
    return all(
        Fraction(node.value).numerator.bit_length() <= MAX_EXACT_BITS
        for node in postorder(expr)
        if isinstance(node, Num)
    )


def _slope(expr, at: float) -> mpmath.mpf:
    """The derivative at a point by a central difference (h = 10⁻¹², 40 digits more than
    the value's own, so that x + 2^81 keeps its slope's digits): an estimate independent
    of the rules, accurate to about 10⁻²⁰."""
    with mpmath.workdps(40):
        size = abs(evaluate(expr, {"x": mpmath.mpf(at)}, dps=40))
    digits = 40 + min(360, max(0, int(mpmath.log10(size)) if size else 0))
    with mpmath.workdps(digits):
        point, h = mpmath.mpf(at), mpmath.mpf(10) ** -12
        ahead = evaluate(expr, {"x": point + h}, dps=digits)
        behind = evaluate(expr, {"x": point - h}, dps=digits)
        return (ahead - behind) / (2 * h)


def _real_throughout(expr, at: float) -> bool:
    """Every subexpression of ``expr`` is real at ``at``: the rules are real calculus, and
    a formula such as (acsc u)′ = −1/(|u|·√(u² − 1)) holds only where u is real."""
    with mpmath.workdps(40):
        point = mpmath.mpf(at)
        return all(mpmath.im(evaluate(node, {"x": point}, dps=40)) == 0 for node in postorder(expr))


def _agrees(expr, derivative, at: float = 0.7) -> bool:
    with mpmath.workdps(40):
        ours = evaluate(derivative, {"x": mpmath.mpf(at)}, dps=40)
        return bool(abs(ours - _slope(expr, at)) <= mpmath.mpf(10) ** -15 * max(1, abs(ours)))


# -- huge exponents ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["x^(10^10)", "2^(10^10)*x", "9^9^9^9*x", "(x + 1)^(10^10)", "x^(9^9^9)"]
)
def test_huge_exponents_stay_symbolic(text):
    assert _numbers_stay_small(parse(text))
    assert _numbers_stay_small(diff(text, "x"))
    assert _numbers_stay_small(derive(text, "x", verify=False).result)


def test_huge_exponent_derivatives_are_right():
    assert diff("x^(10^10)", "x") == parse("10000000000*x^9999999999")
    assert diff("2^(10^10)*x", "x") == parse("2^10000000000")
    assert str(diff("9^9^9^9*x", "x")) == "9^9^387420489"


def test_a_power_of_a_sum_is_not_expanded():
    result = derive("(x + 1)^(10^10)", "x").result
    assert result == parse("10000000000*(x + 1)^9999999999")


# -- large and odd inputs --------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "+".join(["x"] * 500_000),  # 1 MB
        "1" * 1_000_000,
        "(" * 60_000 + "x" + ")" * 60_000,
    ],
    ids=["1MB-sum", "1MB-digits", "120k-parens"],
)
def test_huge_inputs_are_refused_with_a_limit(text):
    with pytest.raises(LimitError) as error:
        parse(text)
    assert isinstance(error.value, ValueError)
    assert "limit" in str(error.value)


@pytest.mark.parametrize(
    ("text", "column"),
    [("x\u200b+y", 2), ("x + 🙂", 5), ("x + \u202ey", 5), ("x\u0301 + 1", 2), ("x\x00", 2)],
    ids=["zero-width", "emoji", "rtl-override", "combining-accent", "nul"],
)
def test_odd_unicode_is_a_parse_error_at_its_column(text, column):
    with pytest.raises(ParseError) as error:
        parse(text)
    assert f"column {column}" in str(error.value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                *"x y 0 1 9 . e ^ * / + - ( ) | , [ ] _ ² ⁻ √ π θ · × − \\ { } $ = ' !",
                *("sin", "log", "sum", "\\frac", "\\sum_{k=1}^{K}", "^{", "\u200b", "🙂", "9^9^9"),
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_fuzz_parsers_end_in_a_tree_or_a_parse_error(text):
    for reader in (parse, parse_latex):
        try:
            tree = reader(text)
        except ParseError:
            continue
        if isinstance(tree, Expr):
            assert _numbers_stay_small(tree)


# -- many terms, many nodes, many factors ---------------------------------------------------
@pytest.mark.slow
def test_a_sum_of_100k_terms():
    terms = [mul(Num(i), x) if i % 2 else mul(Num(i), exp(x)) for i in range(1, 100_001)]
    result = diff(add(*terms), "x", tidy=False)
    assert _agrees(add(*terms[:50]), diff(add(*terms[:50]), "x"))
    assert evaluate(result, {"x": 0}) == sum(range(1, 100_001))


@pytest.mark.slow
def test_a_random_tree_of_100k_nodes():
    rng = random.Random(7)
    pool: list[Expr] = []
    for i in range(1, 60_001):
        pool.append(rng.choice((add(x, Num(i)), mul(Num(i), x), ln(add(x, Num(i))))))
    while len(pool) > 1:
        a = pool.pop(rng.randrange(len(pool)))
        b = pool.pop(rng.randrange(len(pool)))
        pool.append(mul(a, b) if rng.random() < 0.05 else add(a, b))
    tree = pool[0]
    assert tree_size(tree) > 100_000
    derivative = diff(tree, "x", tidy=False)
    assert _agrees(tree, derivative)


@pytest.mark.parametrize("factors", [10, 50, 200])
def test_products_of_many_factors(factors):
    product = mul(
        *(
            mul(add(x, Num(i)), exp(mul(Num(i), x)), ln(add(x, Num(i))))
            for i in range(1, factors + 1)
        )
    )
    small = mul(*(mul(add(x, Num(i)), ln(add(x, Num(i)))) for i in range(1, 6)))
    result = diff(product, "x", tidy=False)
    assert result is not None and _numbers_stay_small(result)
    assert _agrees(small, diff(small, "x"))


# -- depth -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_depth_10000_through_every_stage():
    text = "sin(" * 10_000 + "x" + ")" * 10_000
    d = derive(text, "x", verify=False, simplify=False)
    assert d.result.depth > 10_000
    assert diff(text, "x", tidy=False) is d.result
    printed = d.to_text()
    assert printed.startswith("d/dx [sin(sin(") and "…" in printed
    data = json.loads(json.dumps(d.to_dict()))
    assert data["schema"] == "symderiv.derivation/1"
    assert data["complete"] is False and "…" in data["result"]
    checked = derive(text, "x")
    assert checked.verification.status in ("verified", "undecided")
    assert checked.result is d.result or checked.result.depth > 10_000


# -- higher orders ---------------------------------------------------------------------------
def test_the_20th_derivative_shares_its_subtrees_and_is_right():
    sp = pytest.importorskip("sympy")
    f = parse("x^3 e^x sin(x)")
    result = diff(f, "x", order=20, tidy=False)
    assert tree_size(result) < 20_000
    xs = sp.Symbol("x")
    reference = sp.diff(xs**3 * sp.exp(xs) * sp.sin(xs), xs, 20)
    ours = evaluate(result, {"x": Fraction(7, 10)}, dps=30)
    assert abs(
        ours - mpmath.mpf(str(reference.evalf(30, subs={xs: sp.Rational(7, 10)})))
    ) < 1e-12 * abs(ours)


# -- a smooth random tree: the derivative matches numerical differentiation ------------------
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth_exprs(max_leaves=12))
def test_random_trees_match_numerical_differentiation(expr):
    try:
        derivative = diff(expr, "x", tidy=False)
    except NoRuleError as error:
        reject_undefined(error)
    try:
        if not _real_throughout(expr, 0.7):
            return  # off the real domain: a real-calculus rule is not judged there
        with mpmath.workdps(40):
            ours = evaluate(derivative, {"x": mpmath.mpf("0.7")}, dps=40)
            numeric = _slope(expr, 0.7)
    except (NumericError, ValueError, ZeroDivisionError, OverflowError):
        return  # undefined at the point: nothing to compare
    if not (mpmath.isfinite(ours) and mpmath.isfinite(numeric)) or abs(ours) > 1e20:
        return
    assert abs(ours - numeric) <= mpmath.mpf(10) ** -10 * max(1, abs(ours))
