"""Checking a learner's work: diagnosis of typical mistakes, counterexample points a
person can check, worked solutions line by line, and grading a class.

The table of mistakes is gathered from calculus textbooks' "common errors" sections,
Q&A threads and research on students' errors in differentiation; each row names its
source.  Every row must be diagnosed with the rule of the step the mistake is in and
the catalogue's key; every right answer, whatever its form, accepted with no diagnosis.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from symderiv import check_answer, check_work, derive, diff, grade_rows
from symderiv.checks.grade import grade_file, read_answers
from symderiv.checks.mistakes import (
    MISTAKE_MESSAGES,
    NOT_EXPLAINED,
    SIEVE_VALUES,
    _sites,
    recompute,
)
from symderiv.checks.work import read_work
from symderiv.cli import main
from symderiv.cli_words import error_text
from symderiv.errors import NoRuleError, VariableError
from symderiv.guard import real_values
from symderiv.parse import parse
from symderiv.rules.mistakes import MISTAKE_TABLE, MISTAKES

from corpus import PAIRS, pairs
from strategies import reject_undefined, smooth_exprs

pytest.importorskip("sympy")

# -- sources ---
DC = "https://www.derivativecalculus.com/derivative-exam-mistakes.html"
DC10 = "https://derivativecalculus.com/common-derivative-mistakes.html"
DCT = "https://www.derivativecalculus.com/troubleshooting.html"
FLC = "https://freelivecalculators.com/chain-rule-calculator/articles/common-chain-rule-mistakes/"
SOS_CHAIN = "https://senseofstudy.com/math/mistakes/chain-rule"
SOS_PRODUCT = "https://senseofstudy.com/math/mistakes/product-rule"
SUBWIKI = "https://calculus.subwiki.org/wiki/Freshman_product_rule"
GEISLER = "https://camerongeisler.github.io/calculus/sec-product-rule.html"
ASYM = "https://www.asymptotestudios.com/guides/common-derivative-mistakes"
PUBTEXT = "https://public-textbooks.pages.dev/grades/12/math/calc-intro/common-mistakes.html"
CPM = "https://homework.cpm.org/category/CCI_CT/textbook/apcalc/chapter/6/lesson/6.1.1/problem/6-8"
MYTUTOR = (
    "https://www.mytutor.co.uk/answers/12890/A-Level/Maths/Why-is-the-derivative-of-2-x-not-x-2-x-1"
)
PF2X = "https://www.physicsforums.com/threads/derivative-of-2-x.574754/"
JISKHA = "https://www.jiskha.com/display.cgi?id=1181788821"
LEARNLY = (
    "https://learnlyai.co.uk/en/high-school/a-level/aqa/maths/pure/differentiation/quotient-rule"
)
NZTUTOR = "https://themathtutor.co.nz/2015/02/23/tricky-old-quotient-rule"
SIYEPU = "https://stemeducationjournal.springeropen.com/articles/10.1186/s40594-015-0029-5"
MHF = "http://mathhelpforum.com/calculus/148665-derivative-help.html"
PFLOG = "https://www.physicsforums.com/threads/how-do-you-derive-f-x-for-log10-x.282550"
NOTETUBE = "https://notetube.ai/library/notes/common-mistakes-in-differentiation"
QEEEBO = (
    "https://qeeebo.com/questions/wha/f9/2cc/what-are-some-common-errors-in-calculating-derivatives"
)
AIP = "https://pubs.aip.org/aip/acp/article-abstract/1974/1/050009/948892"
KNOWT = "https://knowt.com/note/92605406-398e-4b13-9694-08a54daa7c41/Derivative-Rules-"
ISSUE = "the engine's own issue tracker (issue 21: (x² eˣ)′ checked as 2x eˣ)"

#: (function, wrong answer, the rule of the step the mistake is in, mistake key, source)
TYPICAL_MISTAKES = [
    ("sin(x^2)", "cos(x^2)", "chain", "missing-inner-derivative", DC),
    ("e^(3x)", "e^(3x)", "chain", "missing-inner-derivative", FLC),
    ("(2x+1)^5", "5(2x+1)^4", "chain", "missing-inner-derivative", FLC),
    ("cos(5x)", "-sin(5x)", "chain", "missing-inner-derivative", FLC),
    ("(3x+1)^5", "5(3x+1)^4", "chain", "missing-inner-derivative", PUBTEXT),
    ("sin(2x)", "cos(2x)", "chain", "missing-inner-derivative", ASYM),
    ("sqrt(x^2+1)", "1/(2 sqrt(x^2+1))", "chain", "missing-inner-derivative", SOS_CHAIN),
    ("tan(x^3)", "sec(x^3)^2", "chain", "missing-inner-derivative", SOS_CHAIN),
    ("e^(x^2)", "e^(x^2)", "chain", "missing-inner-derivative", DC),
    ("(x^2+1)^3", "3(x^2+1)^2", "chain", "missing-inner-derivative", DCT),
    ("sin(x)^2", "2 sin(x)", "chain", "missing-inner-derivative", DCT),
    ("ln(x^2+1)", "1/(x^2+1)", "chain", "log-without-inner-derivative", FLC),
    ("ln(2x+1)", "1/(2x+1)", "chain", "log-without-inner-derivative", DC),
    ("ln(cos(x))", "1/cos(x)", "chain", "log-without-inner-derivative", MHF),
    ("ln(sin(x))", "1/sin(x)", "chain", "log-without-inner-derivative", SOS_CHAIN),
    ("sin(x^2)", "cos(2x)", "chain", "inner-derivative-inside", SOS_CHAIN),
    ("e^(x^2)", "e^(2x)", "chain", "inner-derivative-inside", SOS_CHAIN),
    ("sin(x^2)", "2x cos(x)", "chain", "outer-derivative-at-variable", SOS_CHAIN),
    ("cos(3x)", "-3 sin(x)", "chain", "outer-derivative-at-variable", SOS_CHAIN),
    ("(2x+1)^5", "10(2x+1)^5", "power", "power-exponent-not-lowered", SOS_CHAIN),
    ("cos(x)", "sin(x)", "fn:cos", "wrong-sign", ASYM),
    ("sin(x)", "-cos(x)", "fn:sin", "wrong-sign", SIYEPU),
    ("cos(3x)", "3 sin(3x)", "fn:cos", "wrong-sign", SIYEPU),
    ("cot(x)", "csc(x)^2", "fn:cot", "wrong-sign", SIYEPU),
    ("acos(x)", "1/sqrt(1-x^2)", "fn:acos", "wrong-sign", SIYEPU),
    ("x^2 + cos(x)", "2x + sin(x)", "fn:cos", "wrong-sign", DC10),
    ("cosh(x)", "-sinh(x)", "fn:cosh", "wrong-sign", DC10),
    ("tan(x)", "sec(x) tan(x)", "fn:tan", "derivative-table-confused", KNOWT),
    ("sec(x)", "sec(x)^2", "fn:sec", "derivative-table-confused", SIYEPU),
    ("atan(x)", "1/sqrt(1-x^2)", "fn:atan", "derivative-table-confused", KNOWT),
    ("sqrt(x)", "1/sqrt(x)", "fn:sqrt", "root-missing-half", PUBTEXT),
    ("x^2 e^x", "2x e^x", "product", "product-missing-term", ISSUE),
    ("x e^x", "e^x", "product", "product-missing-term", DCT),
    ("x^2 sin(x)", "x^2 cos(x)", "product", "product-missing-term", SOS_PRODUCT),
    ("x ln(x)", "ln(x)", "product", "product-missing-term", SOS_PRODUCT),
    ("x^2 sin(x)", "2x cos(x)", "product", "product-of-derivatives", ASYM),
    ("x^2 * x^3", "6x^3", "product", "product-of-derivatives", GEISLER),
    ("x sin(x)", "cos(x)", "product", "product-of-derivatives", SUBWIKI),
    ("x^3 cos(x)", "-3x^2 sin(x)", "product", "product-of-derivatives", PUBTEXT),
    ("x sin(x)", "1 + cos(x)", "product", "product-sum-of-derivatives", DCT),
    ("x^2 e^x", "2x + e^x", "product", "product-sum-of-derivatives", DCT),
    ("x^2 ln(x)", "2x ln(x) - x", "product", "product-sign", SOS_PRODUCT),
    ("x/(x+1)", "(x - (x+1))/(x+1)^2", "quotient", "quotient-sign", LEARNLY),
    ("sin(x)/x", "(sin(x) - x cos(x))/x^2", "quotient", "quotient-sign", NZTUTOR),
    ("(x^2+1)/(x-1)", "((x^2+1) - 2x(x-1))/(x-1)^2", "quotient", "quotient-sign", LEARNLY),
    ("x^2/(x+1)", "2x", "quotient", "derivative-of-quotient-as-quotient-of-derivatives", DC),
    ("sin(x)/x", "cos(x)", "quotient", "derivative-of-quotient-as-quotient-of-derivatives", AIP),
    ("e^x/x^2", "e^x/(2x)", "quotient", "derivative-of-quotient-as-quotient-of-derivatives", AIP),
    ("(x^2+1)/(x-1)", "(2x(x-1) + (x^2+1))/(x-1)^2", "quotient", "quotient-plus-sign", DCT),
    ("x/(x+1)", "((x+1) - x)/(x+1)", "quotient", "quotient-missing-square", LEARNLY),
    ("sin(x)/x", "(x cos(x) - sin(x))/x", "quotient", "quotient-missing-square", LEARNLY),
    ("1/x^3", "1/(3x^2)", "reciprocal", "reciprocal-of-derivative", PUBTEXT),
    ("1/(x^2+1)", "1/(2x)", "reciprocal", "reciprocal-of-derivative", PUBTEXT),
    ("1/x^3", "-3x^2", "reciprocal", "reciprocal-missing-denominator", PUBTEXT),
    ("1/x", "1/x^2", "reciprocal", "reciprocal-sign", PUBTEXT),
    ("2^x", "x 2^(x-1)", "exponential-base", "power-rule-on-exponential", CPM),
    ("2^x", "x*2^(x-1)", "exponential-base", "power-rule-on-exponential", MYTUTOR),
    ("e^x", "x e^(x-1)", "exp", "power-rule-on-exponential", DC10),
    ("3^x", "x 3^(x-1)", "exponential-base", "power-rule-on-exponential", JISKHA),
    ("2^x", "2^x", "exponential-base", "missing-ln-base", PF2X),
    ("log(x, 10)", "1/x", "log-base", "missing-ln-base", PFLOG),
    ("log(x, 2)", "1/x", "log-base", "missing-ln-base", ISSUE),
    ("2^x", "2^x/ln(2)", "exponential-base", "ln-base-divided", PF2X),
    ("log(x, 10)", "ln(10)/x", "log-base", "ln-base-multiplied", PFLOG),
    ("x^3", "3x^3", "power", "power-exponent-not-lowered", DC10),
    ("7x^4", "28x^4", "power", "power-exponent-not-lowered", DC10),
    ("x^5", "x^4", "power", "power-missing-coefficient", DC10),
    ("x^(-2)", "-2x^(-1)", "power", "power-exponent-raised", PUBTEXT),
    ("x^(1/2)", "(1/2) x^(3/2)", "power", "power-exponent-raised", PUBTEXT),
    ("x^x", "x x^(x-1)", "log-differentiation", "power-rule-on-variable-exponent", NOTETUBE),
    (
        "x^sin(x)",
        "sin(x) x^(sin(x)-1)",
        "log-differentiation",
        "power-rule-on-variable-exponent",
        NOTETUBE,
    ),
    ("x^x", "x^x ln(x)", "log-differentiation", "exponential-rule-on-variable-base", NOTETUBE),
    ("x^2 + 5", "2x + 5", "constant", "constant-kept", DCT),
    ("3x^2 - 4x + 5", "6x - 4 + 5", "constant", "constant-kept", DCT),
    ("x + e^2", "1 + 2e", "constant", "power-rule-on-constant", PUBTEXT),
    ("x^2 + pi^2", "2x + 2 pi", "constant", "power-rule-on-constant", PUBTEXT),
    ("5x^2", "2x", "constant-multiple", "constant-multiple-dropped", QEEEBO),
    ("-x^3", "3x^2", "negation", "negation-sign-dropped", PUBTEXT),
    ("ln(x)", "1/ln(x)", "ln", "ln-as-reciprocal-of-log", ASYM),
]


def test_the_table_has_sixty_mistakes_each_with_a_source():
    assert len(TYPICAL_MISTAKES) >= 60
    assert all(source for *_, source in TYPICAL_MISTAKES)
    assert len({key for _, _, _, key, _ in TYPICAL_MISTAKES}) >= 25


@pytest.mark.parametrize(
    ("function", "answer", "rule", "mistake"),
    [row[:4] for row in TYPICAL_MISTAKES],
    ids=[f"{row[0]} -> {row[1]}" for row in TYPICAL_MISTAKES],
)
def test_a_typical_mistake_is_diagnosed(function, answer, rule, mistake):
    verdict = check_answer(function, answer)
    assert verdict.status == "mismatch" and not verdict.correct
    diagnosis = verdict.diagnosis
    assert diagnosis is not None and diagnosis.explained
    assert (diagnosis.rule, diagnosis.mistake) == (rule, mistake)
    assert diagnosis.step is not None and diagnosis.step.rule == rule
    for lang in ("en", "ja"):
        assert diagnosis.message_in(lang)
    assert verdict.point is not None


def test_two_mistakes_are_reported_together():
    diagnosis = check_answer("e^(x^2)", "x^2 e^(x^2 - 1)").diagnosis
    assert diagnosis is not None
    assert diagnosis.mistakes == ("missing-inner-derivative", "power-rule-on-exponential")
    assert [slip.rule for slip in diagnosis.slips] == ["chain", "exp"]
    assert "Also" in diagnosis.message and "さらに" in diagnosis.message_in("ja")
    twice = check_answer("sin(x^2)", "-cos(x^2)").diagnosis
    assert twice is not None
    assert set(twice.mistakes) == {"missing-inner-derivative", "wrong-sign"}


@pytest.mark.parametrize(
    ("function", "answer"),
    [("x^2", "5x + 1"), ("sin(x)", "x^3"), ("x^2 e^x", "e^x"), ("ln(x)", "x")],
)
def test_no_guess_when_no_typical_mistake_explains_the_answer(function, answer):
    verdict = check_answer(function, answer)
    assert verdict.status == "mismatch"
    assert verdict.diagnosis is not None and not verdict.diagnosis.explained
    assert verdict.diagnosis.rule is None and verdict.diagnosis.mistake is None
    assert verdict.diagnosis.message == NOT_EXPLAINED["en"]
    assert verdict.diagnosis.message_in("ja") == NOT_EXPLAINED["ja"]


def test_the_message_names_the_inner_derivative_and_the_rule():
    diagnosis = check_answer("cos(x^2)", "-sin(x^2)").diagnosis
    assert diagnosis is not None
    assert diagnosis.message == (
        "In the chain rule step: The inner derivative (x²)′ = 2x is missing: by the chain "
        "rule (cos(u))′ = −sin(u)·u′ with u = x². Here (cos(x²))′ = −2x·sin(x²), not −sin(x²)."
    )
    assert diagnosis.message_in("ja").startswith(
        "合成関数の微分法のステップ: 内側の関数の微分 (x²)′ = 2x"
    )


def test_every_catalogued_mistake_has_a_message_in_both_languages():
    assert set(MISTAKE_TABLE) == set(MISTAKE_MESSAGES)
    for entry in MISTAKE_MESSAGES.values():
        assert entry["en"] and entry["ja"] and entry["name"]["en"] and entry["name"]["ja"]
    diagnosed = {key for _, _, _, key, _ in TYPICAL_MISTAKES}
    assert set(MISTAKE_TABLE) - diagnosed == {"reciprocal-missing-square"} or (
        set(MISTAKE_TABLE) <= diagnosed | {"reciprocal-missing-square"}
    )
    assert all(mistake.rule for mistake in MISTAKES)


def test_reciprocal_missing_square():
    diagnosis = check_answer("1/x^3", "-3x^2/x^3").diagnosis
    assert diagnosis is not None
    assert (diagnosis.rule, diagnosis.mistake) == ("reciprocal", "reciprocal-missing-square")


# -- right answers in other forms ---
RIGHT_ANSWERS = [
    ("x^2 e^x", "e^x*(x^2 + 2x)"),
    ("x^2 e^x", "x e^x (x + 2)"),
    ("x^2 e^x", "2x e^x + x^2 e^x"),
    ("tan(x)", "sec^2 x"),
    ("tan(x)", "1 + tan^2 x"),
    ("tan(x)", "1/cos(x)^2"),
    ("sin(x)^2", "sin(2x)"),
    ("sin(x)^2", "2 sin x cos x"),
    ("(x+1)^2", "2x + 2"),
    ("(x+1)^2", "2*(x+1)"),
    ("ln(x^2)", "2/x"),
    ("ln(x)", "1/x"),
    ("log(x, 2)", "1/(x ln 2)"),
    ("log(x, 10)", "log(e, 10)/x"),
    ("2^x", "ln(2) 2^x"),
    ("e^(2x)", "2 e^(2x)"),
    ("e^(2x)", "2 (e^x)^2"),
    ("sqrt(x)", "1/(2 sqrt(x))"),
    ("sqrt(x)", "(1/2) x^(-1/2)"),
    ("sqrt(x)", "sqrt(x)/(2x)"),
    ("1/x", "-x^(-2)"),
    ("1/x", "-1/x^2"),
    ("x/(x+1)", "1/(x+1)^2"),
    ("sin(x)/x", "cos(x)/x - sin(x)/x^2"),
    ("cos(x)^2", "-sin(2x)"),
    ("sin(x) cos(x)", "cos(2x)"),
    ("sin(x) cos(x)", "cos(x)^2 - sin(x)^2"),
    ("x^x", "x^x (1 + ln x)"),
    ("x^x", "e^(x ln x) (ln x + 1)"),
    ("atan(x)", "cos(atan(x))^2"),
    ("asin(x)", "1/sqrt((1-x)(1+x))"),
    ("sinh(x)^2", "sinh(2x)"),
    ("e^x sin(x)", "sqrt(2) e^x sin(x + pi/4)"),
    ("x^3", "3 x x"),
    ("(x^2+1)^3", "6x (x^2+1)^2"),
    ("sin(x^2)", "2x cos(x^2)"),
    ("ln(abs(x))", "1/x"),
    ("a^x", "a^x ln(a)"),
]


def test_thirty_right_answers():
    assert len(RIGHT_ANSWERS) >= 30


@pytest.mark.parametrize(("function", "answer"), RIGHT_ANSWERS)
def test_a_right_answer_in_another_form_is_accepted(function, answer):
    verdict = check_answer(function, answer)
    assert verdict.status == "verified", verdict.summary()
    assert verdict.diagnosis is None and verdict.point is None


@pytest.mark.parametrize(
    ("function", "answer"),
    [("x^2 e^x", "e^x(x^2+2x)"), ("x^2 (x+1)", "2x(x+1) + x^2"), ("(x^2+x)^2", "2(x^2+x)(2x+1)")],
)
def test_implicit_products_in_an_answer(function, answer):
    assert check_answer(function, answer).status == "verified"


def test_a_difference_below_what_100_digits_resolve_is_no_verdict():
    """σ(x^x) − 1 is 0 at 50 and at 100 digits where x^x is about 10⁶, while SymPy's form
    of the derivative there is about 10^(−300000): that point gives no verdict, and the
    right answer is not called wrong (found by the property below)."""
    right = "-x^x*sigmoid(x^x)*(ln(x) + 1)*(sigmoid(x^x) - 1)"
    assert check_answer("sigmoid(x^x)", right, "x").status == "verified"
    assert check_answer("sigmoid(x^x)", "x^x*sigmoid(x^x)*(ln(x) + 1)", "x").status == "mismatch"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth_exprs(max_leaves=6))
def test_no_right_answer_is_called_wrong(f):
    try:
        right = diff(f, "x")
    except NoRuleError as error:
        reject_undefined(error)
        return
    verdict = check_answer(f, right, "x")
    assert verdict.status != "mismatch", (str(f), str(right))
    assert verdict.diagnosis is None


def test_an_answer_in_a_variable_the_problem_lacks_is_refused():
    with pytest.raises(VariableError, match="uses t, which the function"):
        check_answer("cos(x)", "-sin(x) + t")
    assert check_answer("a x^2", "2 a x")


# -- counterexample points ---
def test_the_point_is_the_simplest_with_exact_values():
    verdict = check_answer("x^2 e^x", "2x e^x")
    point = verdict.point
    assert point is not None
    assert (
        str(point) == "at x = 1: your answer gives 2e (≈ 5.43656), the derivative is 3e (≈ 8.15485)"
    )
    assert (
        point.text("ja")
        == "x = 1 のとき: あなたの答えは 2e (≈ 5.43656)、正しい導関数は 3e (≈ 8.15485)"
    )
    assert point.to_dict()["point"] == {"x": "1"}
    assert str(check_answer("x^3", "3x^3").point) == (
        "at x = −1: your answer gives −3, the derivative is 3"
    )


def test_a_point_where_the_answer_is_undefined_is_skipped():
    point = check_answer("ln(x)", "1/(x - 1)").point
    assert point is not None and point.values["x"].value == 2


@pytest.mark.parametrize(
    ("function", "answer", "shown"),
    [
        ("abs(x)", "1", "at x = −1: your answer gives 1, the derivative is −1"),
        ("relu(x)", "1", "at x = −1: your answer gives 1, the derivative is 0"),
        ("x*sign(x)", "1", "at x = −1: your answer gives 1, the derivative is −1"),
        ("abs(x - 1)", "1", "at x = 0: your answer gives 1, the derivative is −1"),
        ("floor(x) + x", "2", "at x = 1/2: your answer gives 2, the derivative is 1"),
        ("max(x, 1)", "0", "at x = 2: your answer gives 0, the derivative is 1"),
    ],
)
def test_the_point_is_never_where_the_function_has_no_derivative(function, answer, shown):
    """|x| has no derivative at 0, where sign(0) = 0 and H(0) = 1/2 are values of the
    formula, not derivatives: the point is one where the steps' kink conditions hold."""
    verdict = check_answer(function, answer)
    assert verdict.status == "mismatch"
    assert str(verdict.point) == shown


def test_an_answer_right_but_at_a_kink_is_not_called_wrong(monkeypatch):
    """(x − 1/2)/|x − 1/2| has no value at x = 1/2, a kink of |x − 1/2| where sign(0) = 0,
    and a sample point may fall there (here every one drawn from 1/10…9/10 does): the
    kink is no point to judge at."""
    import importlib

    answers = importlib.import_module("symderiv.checks.answers")
    middle = answers._rational_between

    def at_the_kink(rng, low, high):
        drawn = middle(rng, low, high)
        return Fraction(1, 2) if (low, high) == (Fraction(1, 10), Fraction(9, 10)) else drawn

    monkeypatch.setattr(answers, "_rational_between", at_the_kink)
    function, answer = "abs(x - 1/2)", "(x - 1/2)/abs(x - 1/2)"
    reference = diff(function)
    assert answers.same_on_domain(parse(answer), reference, parse(function))[0] == "mismatch"
    assert check_answer(function, answer).status == "verified"
    assert check_answer(function, "1").status == "mismatch"


def test_no_point_shows_a_long_float():
    for function, answer, *_ in TYPICAL_MISTAKES[:30]:
        text = str(check_answer(function, answer).point)
        assert not re.search(r"\d\.\d{7,}", text), text


def test_multiples_of_pi_for_trigonometric_functions():
    # equal to the derivative at every integer and simple fraction tried, not at π/6
    point = check_answer("sin(x)", "cos(x) + sin(12 pi x)^2").point
    assert point is not None
    assert point.where == "x = π/6"
    assert point.text().startswith("at x = π/6: your answer gives sin²(2π²) + √3/2 (≈ 1.46953)")
    assert point.text().endswith("the derivative is √3/2 (≈ 0.866025)")


# -- worked solutions ---
#: (function, lines, index of the one wrong line, (rule, mistake) of its diagnosis or None)
ONE_WRONG_LINE = [
    (
        "x^2 e^x",
        ["(x^2)' e^x + x^2 (e^x)'", "2x e^x + x^2 x e^(x-1)"],
        1,
        ("exp", "power-rule-on-exponential"),
    ),
    ("sin(x^2)", ["cos(x^2) (x^2)'", "cos(x^2) x"], 1, ("power", "power-missing-coefficient")),
    (
        "cos(x^3)",
        ["-sin(x^3) (x^3)'", "-sin(x^3) 3x^3"],
        1,
        ("power", "power-exponent-not-lowered"),
    ),
    (
        "x^3 cos(x)",
        ["(x^3)' cos(x) + x^3 (cos(x))'", "3x^2 cos(x) + x^3 sin(x)"],
        1,
        ("fn:cos", "wrong-sign"),
    ),
    (
        "(x^2+1)/(x-1)",
        ["(x^2+1)'/(x-1)'"],
        0,
        ("quotient", "derivative-of-quotient-as-quotient-of-derivatives"),
    ),
    (
        "x/(x+1)",
        ["((x)'(x+1) - x (x+1)')/(x+1)^2", "((x+1) - x)/(x+1)"],
        1,
        ("quotient", "quotient-missing-square"),
    ),
    ("2^x", ["x 2^(x-1)"], 0, ("exponential-base", "power-rule-on-exponential")),
    (
        "x^2 sin(x)",
        ["(x^2)' sin(x) + x^2 (sin(x))'", "2x sin(x) - x^2 cos(x)"],
        1,
        ("fn:sin", "wrong-sign"),
    ),
    ("e^(3x)", ["e^(3x) (3x)'", "e^(3x)"], 1, ("constant-multiple", "constant-multiple-dropped")),
    (
        "x ln(x)",
        ["(x)' ln(x) + x (ln(x))'", "ln(x) + x/ln(x)"],
        1,
        ("ln", "ln-as-reciprocal-of-log"),
    ),
    (
        "tan(x)/x",
        ["((tan(x))' x - tan(x) (x)')/x^2", "(sec(x) tan(x) x - tan(x))/x^2"],
        1,
        ("fn:tan", "derivative-table-confused"),
    ),
    (
        "x^2 + cos(2x)",
        ["(x^2)' + (cos(2x))'", "2x - sin(2x)"],
        1,
        ("chain", "missing-inner-derivative"),
    ),
    (
        "x log(x, 2)",
        ["(x)' log(x, 2) + x (log(x, 2))'", "log(x, 2) + x/x"],
        1,
        ("log-base", "missing-ln-base"),
    ),
    ("1/x^2 + x", ["(1/x^2)' + (x)'", "1/(2x) + 1"], 1, ("reciprocal", "reciprocal-of-derivative")),
    (
        "x^2 e^x",
        ["(x^2)' e^x + x^2 (e^x)'", "2x e^x + x^2 e^x", "x e^x (2 + x)", "2x^2 e^x"],
        3,
        None,
    ),
    ("ln(x^2+1)", ["(x^2+1)'/(x^2+1)", "2x/(x^2+1)", "2/x"], 2, None),
    ("x^5 - 3x", ["(x^5)' - (3x)'", "5x^4 - 3", "5x^3 - 3"], 2, None),
    ("sqrt(x^2+1)", ["(x^2+1)'/(2 sqrt(x^2+1))", "x/sqrt(x^2+1)", "x sqrt(x^2+1)"], 2, None),
]


def test_fifteen_solutions_with_one_wrong_line():
    assert len(ONE_WRONG_LINE) >= 15


@pytest.mark.parametrize(("function", "lines", "wrong", "diagnosed"), ONE_WRONG_LINE)
def test_the_wrong_line_is_found(function, lines, wrong, diagnosed):
    work = check_work(function, lines)
    assert work.first_wrong == wrong
    assert [line.status for line in work.lines] == [
        "wrong" if i == wrong else "right" for i in range(len(lines))
    ]
    assert work.lines[wrong].point is not None and not work.correct
    if diagnosed is not None:
        assert work.diagnosis is not None
        assert (work.diagnosis.rule, work.diagnosis.mistake) == diagnosed
    assert work.conclusion().startswith(f"First wrong line: {wrong + 1}.")
    assert work.conclusion("ja").startswith(f"最初の誤りは {wrong + 1} 行目です。")


CORRECT_WORK = [
    ("x^2 e^x", ["(x^2)' e^x + x^2 (e^x)'", "2x e^x + x^2 e^x", "x e^x (x+2)"]),
    ("sin(x^2)", ["cos(x^2) (x^2)'", "2x cos(x^2)"]),
    (
        "(x^2+1)/(x-1)",
        [
            "((x^2+1)'(x-1) - (x^2+1)(x-1)')/(x-1)^2",
            "(2x(x-1) - (x^2+1))/(x-1)^2",
            "(x^2 - 2x - 1)/(x-1)^2",
        ],
    ),
    ("x^3 sin(x)", ["d/dx(x^3) * sin(x) + x^3 * d/dx(sin(x))", "3x^2 sin(x) + x^3 cos(x)"]),
    ("e^(x^2)", ["e^(x^2) (x^2)'", "2x e^(x^2)"]),
]


@pytest.mark.parametrize(("function", "lines"), CORRECT_WORK)
def test_a_correct_solution_with_derivative_notation(function, lines):
    work = check_work(function, lines)
    assert work.correct and work.first_wrong is None and work.diagnosis is None
    assert work.conclusion() == "Every line is right."
    assert work.conclusion("ja") == "すべての行が正しいです。"
    assert work.lines[0].expr is not None and work.lines[0].expr != work.lines[0].value


def test_an_unreadable_line_is_said_so_and_not_called_wrong():
    work = check_work("x^2", ["2x", "2x +"])
    assert [line.status for line in work.lines] == ["right", "unreadable"]
    assert work.first_wrong is None and not work.correct
    assert "could not be decided" in work.conclusion()


def test_work_in_every_format():
    work = check_work("x^2 e^x", ["(x^2)' e^x + x^2 (e^x)'", "2x e^x + x^2 x e^(x-1)"])
    data = work.to_dict("ja")
    assert data["first_wrong"] == 2 == data["lines"][1]["line"]  # counted from 1, as "line"
    assert data["lines"][1]["verdict"] == "誤り"
    assert data["diagnosis"]["mistake"] == "power-rule-on-exponential"
    json.dumps(data, ensure_ascii=False)
    markdown = work.to_markdown()
    assert "| 2 | `2x e^x + x^2 x e^(x-1)` | wrong | at x = 1:" in markdown
    assert "✗ wrong" in work.text() and "✗ 誤り" in work.text("ja")


def test_reading_a_worked_solution_from_a_file():
    assert read_work("f(x) = x^2 e^x\n(x^2)' e^x + x^2 (e^x)'\n= 2x e^x + x^2 e^x\n") == (
        "x^2 e^x",
        ["(x^2)' e^x + x^2 (e^x)'", "= 2x e^x + x^2 e^x"],
    )
    latex = (
        "Let $f(x) = x^2 e^x$.\n\\begin{align*}\nf'(x) &= (x^2)' e^x + x^2 (e^x)' \\\\\n"
        "&= 2x e^x + x^2 e^x\n\\end{align*}\n"
    )
    function, lines = read_work(latex)
    assert function == "x^2 e^x"
    assert check_work(function, lines).correct
    given = "\\begin{align}\nf(x) &= \\sin(x^2) \\\\\nf'(x) &= \\cos(x^2) \\cdot 2x\n\\end{align}"
    function, lines = read_work(given)
    assert check_work(function, lines).correct


# -- grading a class ---
CLASS = [
    {"student": "ann", "problem": "p1", "answer": "cos(x^2)"},
    {"student": "ann", "problem": "p2", "answer": "x 2^(x-1)"},
    {"student": "ann", "problem": "p3", "answer": "-sin x"},
    {"student": "bob", "problem": "p1", "answer": "2x cos(x^2)"},
    {"student": "bob", "problem": "p2", "answer": "2^x ln 2"},
    {"student": "bob", "problem": "p3", "answer": "sin x"},
    {"student": "cy", "problem": "p1", "answer": "cos(2x)"},
    {"student": "cy", "problem": "p2", "answer": "2^x"},
    {"student": "cy", "problem": "p3", "answer": "-sin(x) + t"},
    {"student": "di", "problem": "p1", "answer": "cos(x^2"},
]
PROBLEMS = {"p1": "sin(x^2)", "p2": "2^x", "p3": "cos(x)"}


def _write_class(folder: Path) -> tuple[Path, Path]:
    answers, problems = folder / "answers.csv", folder / "problems.csv"
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["student", "problem", "answer"])
        writer.writeheader()
        writer.writerows(CLASS)
    problems.write_text(
        "problem,function\n" + "".join(f"{k},{v}\n" for k, v in PROBLEMS.items()), encoding="utf-8"
    )
    return answers, problems


def test_grading_a_class(tmp_path):
    report = grade_file(*_write_class(tmp_path), jobs=1)
    cells = {(r.student, r.problem): (r.verdict, r.mistake) for r in report.results}
    assert cells[("ann", "p1")] == ("wrong", "missing-inner-derivative")
    assert cells[("ann", "p2")] == ("wrong", "power-rule-on-exponential")
    assert cells[("ann", "p3")] == ("correct", None)
    assert cells[("bob", "p3")] == ("wrong", "wrong-sign")
    assert cells[("cy", "p1")] == ("wrong", "inner-derivative-inside")
    assert cells[("cy", "p2")] == ("wrong", "missing-ln-base")
    assert cells[("cy", "p3")][0] == "unreadable"
    assert cells[("di", "p1")][0] == "unreadable"
    assert report.counts() == {"correct": 3, "wrong": 5, "unreadable": 2}
    assert report.mistakes()["missing-inner-derivative"] == 1
    assert report.score("bob") == (2, 3)
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert rows[0]["mistake"] == "missing-inner-derivative" and rows[0]["rule"] == "chain"
    assert rows[0]["point"] == "at x = 0: your answer gives 1, the derivative is 0"
    japanese = report.to_markdown("ja")
    assert "内側の微分の掛け忘れ" in japanese and "クラス全体の誤りの頻度" in japanese
    data = report.to_dict()
    assert data["mistakes"]["wrong-sign"] == 1 and data["students"]["bob"] == {
        "correct": 2,
        "total": 3,
    }


def test_problems_in_a_column_and_errors_that_name_the_row(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("student,problem,answer,function\nann,p1,2x,x^2\n", encoding="utf-8")
    assert read_answers(answers)[0]["function"] == "x^2"
    answers.write_text("student,problem,answer\nann,p9,2x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2: problem 'p9' has no function"):
        read_answers(answers)
    answers.write_text("name,answer\nann,2x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no student, problem column"):
        read_answers(answers)


@pytest.mark.slow
def test_grading_in_worker_processes_gives_the_same_verdicts():
    rows = [dict(row, function=PROBLEMS[row["problem"]]) for row in CLASS]
    alone = grade_rows(rows, jobs=1)
    parallel = grade_rows(rows, jobs=2)
    assert [(r.verdict, r.mistakes, r.messages) for r in parallel.results] == [
        (r.verdict, r.mistakes, r.messages) for r in alone.results
    ]


# -- the command line ---
def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_prints_the_point_and_the_diagnosis(capsys):
    code, out, _ = run(capsys, "x^2 e^x", "--check", "2x e^x", "-f", "text")
    assert code == 1
    assert "at x = 1: your answer gives 2e (≈ 5.43656), the derivative is 3e" in out
    assert "A term of the product rule" in out
    code, out, _ = run(capsys, "cos x", "--check", "sin x", "-f", "text", "--lang", "ja")
    assert code == 1 and "符号が逆です" in out
    code, _, err = run(capsys, "cos x", "--check", "-sin(t)", "-f", "text")
    assert code == 2 and "uses t" in err


def test_check_work_command(capsys, tmp_path):
    solution = tmp_path / "work.txt"
    solution.write_text(
        "x^2 e^x\n(x^2)' e^x + x^2 (e^x)'\n2x e^x + x^2 x e^(x-1)\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "check-work", str(solution), "-f", "text")
    assert code == 1
    assert "First wrong line: 2." in out and "(eˣ)′ = eˣ, not x·eˣ⁻¹" in out
    code, out, _ = run(capsys, "check-work", str(solution), "-f", "text", "--lang", "ja")
    assert "最初の誤りは 2 行目です。" in out
    code, out, _ = run(capsys, "check-work", str(solution), "-f", "json")
    document = json.loads(out)
    assert document["diagnosis"]["rule"] == "exp"
    # counted from 1 throughout: the first wrong line is the line numbered 2
    assert document["first_wrong"] == 2
    assert document["conclusion"].startswith("First wrong line: 2.")
    wrong = [line["line"] for line in document["lines"] if line["status"] == "wrong"]
    assert wrong == [document["first_wrong"]]
    code, out, _ = run(capsys, "check-work", str(solution), "-f", "markdown")
    assert out.startswith("Checking the derivative of x²·eˣ") and "|---:|" in out
    solution.write_text("x^2\n(x^2)'\n2x\n", encoding="utf-8")
    code, out, _ = run(capsys, "check-work", str(solution), "-f", "text")
    assert code == 0 and "Every line is right." in out
    solution.write_text("x^2\n", encoding="utf-8")
    code, _, err = run(capsys, "check-work", str(solution))
    assert code == 2 and "no lines of work" in err


def test_grade_command(capsys, tmp_path):
    answers, problems = _write_class(tmp_path)
    code, out, _ = run(capsys, "grade", str(answers), str(problems), "-f", "csv", "-j", "1")
    assert code == 0
    assert list(csv.DictReader(io.StringIO(out)))[1]["mistake"] == "power-rule-on-exponential"
    code, out, _ = run(capsys, "grade", str(answers), str(problems), "-f", "json", "-j", "1")
    assert json.loads(out)["counts"]["wrong"] == 5
    code, out, _ = run(
        capsys, "grade", str(answers), str(problems), "-f", "rich", "-j", "1", "--lang", "ja"
    )
    assert "内側の微分の掛け忘れ" in out and "得点" in out
    code, _, err = run(capsys, "grade", str(answers), "-j", "1")
    assert code == 2 and "has no function" in err


def test_grade_csv_is_safe_to_open_in_a_spreadsheet(capsys, tmp_path):
    """A cell that a spreadsheet would run as a formula (a student named
    ``=cmd|' /C calc'!A0``, an answer ``-sin x``, ``@SUM(…)``) is led by ``'``
    (OWASP's rule against CSV injection); the other cells are as written."""
    answers, problems = tmp_path / "answers.csv", tmp_path / "problems.csv"
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["student", "problem", "answer"])
        writer.writeheader()
        writer.writerow({"student": "=cmd|' /C calc'!A0", "problem": "p3", "answer": "-sin x"})
        writer.writerow({"student": "@SUM(1+1)*cmd|' /C calc'!A0", "problem": "+p", "answer": "x"})
        writer.writerow({"student": "ann", "problem": "p1", "answer": "2x cos(x^2)"})
    problems.write_text("problem,function\np1,sin(x^2)\np3,cos(x)\n+p,x^2/2\n", encoding="utf-8")
    code, out, _ = run(capsys, "grade", str(answers), str(problems), "-f", "csv", "-j", "1")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["student"] for row in rows] == [
        "'=cmd|' /C calc'!A0",
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "ann",
    ]
    assert [row["answer"] for row in rows] == ["'-sin x", "x", "2x cos(x^2)"]
    assert [row["problem"] for row in rows] == ["p3", "'+p", "p1"]
    assert [row["verdict"] for row in rows] == ["correct", "correct", "correct"]
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_the_report_writes_safe_cells(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text(
        'student,problem,function,answer\n"=cmd|\' /C calc\'!A0",p1,x^2,"-2x"\n'
        '"ann\tlee",p1,x^2,2x\n',
        encoding="utf-8",
    )
    report = grade_file(answers, jobs=1)
    rows = list(csv.reader(io.StringIO(report.to_csv())))
    assert rows[1][:4] == ["'=cmd|' /C calc'!A0", "p1", "x^2", "'-2x"]
    assert "ann␉lee\tp1\t✓" in report.to_text()  # a tab in a name is no column


def test_grade_text_is_tab_separated(capsys, tmp_path):
    answers, problems = _write_class(tmp_path)
    code, out, _ = run(capsys, "grade", str(answers), str(problems), "-f", "text", "-j", "1")
    assert code == 0 and "␉" not in out
    assert "ann\tp1\t✗ missing inner derivative" in out
    assert "\n\tat x = " in out  # the point under a wrong answer, indented by a tab


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth_exprs(max_leaves=6), st.integers(min_value=0, max_value=10_000))
def test_a_mistake_put_in_is_explained(f, choice):
    _a_mistake_put_in_is_explained(f, choice)


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth_exprs(max_leaves=8), st.integers(min_value=0, max_value=10_000))
def test_a_mistake_put_in_is_explained_at_length(f, choice):
    _a_mistake_put_in_is_explained(f, choice)


def _a_mistake_put_in_is_explained(f, choice):
    """Whatever single catalogued mistake is put in at whatever step, an answer that is
    then wrong is explained by a typical mistake (perhaps another one giving the same
    answer), and never called right."""
    try:
        derivation = derive(f, "x", verify=False)
    except NoRuleError as error:
        reject_undefined(error)
        return
    sites = _sites(derivation.step)
    assume(sites)
    step, made, index = sites[choice % len(sites)]
    wrong = recompute(derivation.step, {id(step): (made, index)})
    assume(wrong is not None)
    points = [{"x": v, "a": 1.3, "y": -0.7} for v in SIEVE_VALUES]
    both = zip(real_values(wrong, points), real_values(f, points), strict=True)
    assume(sum(None not in pair for pair in both) >= 2)  # values to compare in f's domain
    verdict = check_answer(f, wrong, "x")
    assume(verdict.status == "mismatch")
    assert verdict.diagnosis is not None and verdict.diagnosis.explained, (str(f), str(wrong))


def test_check_in_markdown_rich_and_json(capsys):
    code, out, _ = run(capsys, "x^2 e^x", "--check", "2x e^x", "-f", "markdown")
    assert code == 1 and "> not correct: the derivative is" in out
    assert "> In the product rule step:" in out
    code, out, _ = run(capsys, "x^2 e^x", "--check", "2x e^x", "-f", "rich", "--lang", "ja")
    assert code == 1 and "不正解" in out and "積の微分法のステップ" in out
    code, out, _ = run(capsys, "x^2 e^x", "--check", "2x e^x", "-f", "json")
    document = json.loads(out)  # one JSON document: the derivation, the verdict inside it
    assert code == 1 and document["schema"] == "symderiv.derivation/1"
    check = document["check"]
    assert check["diagnosis"]["mistake"] == "product-missing-term"
    assert check["point"]["point"] == {"x": "1"} and check["point"]["derivative"] == "3*e"


def test_an_identity_that_does_not_hold_is_diagnosed(capsys):
    code, out, _ = run(capsys, "check", "(x^2 e^x)' = 2x e^x")
    assert code == 1
    assert "at x = 1: your answer gives 2e" in out and "A term of the product rule" in out
    code, out, _ = run(capsys, "check", "(a^x)' = a^x ln a")
    assert code == 0 and "your answer" not in out


@pytest.mark.slow
@pytest.mark.skipif(not PAIRS.exists(), reason="../shared/corpus is not beside the project")
def test_the_corpus_derivatives_are_never_called_wrong():
    """300 lines of the external corpus: each df, written as a learner might hand it in,
    is right or undecided, never wrong (and never refused)."""
    lines = random.Random(21).sample(pairs(), 300)
    verdicts = Counter()
    for line in lines:
        verdict = check_answer(parse(line["f"]), parse(line["df"]), line.get("var", "x"))
        assert verdict.status != "mismatch", line["id"]
        verdicts[verdict.status] += 1
    assert verdicts["verified"] >= 280, verdicts


def test_declared_functions_are_diagnosed_and_their_stand_ins_said():
    verdict = check_answer("f(x)*g(x)", "f'(x)*g'(x)", functions=["f", "g"])
    assert verdict.diagnosis is not None
    assert (verdict.diagnosis.rule, verdict.diagnosis.mistake) == (
        "product",
        "product-of-derivatives",
    )
    assert verdict.point is not None
    assert "(with f, g replaced by particular functions)" in str(verdict.point)
    chain = check_answer("f(x^2)", "f'(x^2)", functions=["f"]).diagnosis
    assert chain is not None and chain.mistake == "missing-inner-derivative"


def test_no_lines_is_said_so():
    work = check_work("x^2", [])
    assert not work.correct and work.conclusion() == "There is no line to check."


# -- an answer written after the derivative it gives ----------------------------------------------
@pytest.mark.parametrize(
    ("function", "answer"),
    [
        ("x^3", "y' = 3x^2"),
        ("f(x) = x^3", "f'(x) = 3x^2"),
        ("x^3", "y′ = 3x^2"),
        ("x^3", "dy/dx = 3x^2"),
        ("x^3", r"\frac{dy}{dx} = 3x^2"),
        ("x^3", r"\frac{\mathrm{d}y}{\mathrm{d}x} = 3x^2"),
        ("d^2/dx^2 (x^3)", "y'' = 6x"),
        ("d^2/dx^2 (x^3)", "f″(x) = 6x"),
        ("d^2/dx^2 (x^3)", "d^2y/dx^2 = 6x"),
        ("y = t^2 sin(t)", "dy/dt = 2t sin(t) + t^2 cos(t)"),
    ],
)
def test_an_answer_after_the_derivative_it_names_is_judged(function: str, answer: str) -> None:
    assert check_answer(function, answer).status == "verified"
    wrong = answer.replace("=", "= 1 +", 1)
    assert check_answer(function, wrong).status == "mismatch"


@pytest.mark.parametrize(
    ("function", "answer", "said"),
    [
        ("x^3", "y'' = 6x", "a derivative of order 2, where the derivative checked is of order 1"),
        ("t^3", "dy/dx = 3t^2", "a derivative by x, where the derivative checked is by t"),
        ("d^2/dx^2 (x^3)", "y' = 3x^2", "of order 1, where the derivative checked is of order 2"),
    ],
)
def test_an_answer_naming_another_derivative_is_refused(function, answer, said) -> None:
    with pytest.raises(VariableError, match=re.escape(said)):
        check_answer(function, answer)


def test_the_refusal_of_another_derivative_is_said_in_japanese() -> None:
    with pytest.raises(VariableError) as caught:
        check_answer("x^3", "y'' = 6x")
    assert error_text(caught.value, "ja") == (
        "答えは y''（2 階の導関数）ですが、確かめる導関数は 1 階です"
    )


@pytest.mark.parametrize(
    ("f", "answer", "functions", "quoted"),
    [
        ("x^3*tan(x)", "3*x^2*sec(x)^2", (), "not 3x²·sec²(x)."),
        ("sin(x^2)", "cos(x^2)", (), "not cos(x²)."),
        ("f(x)^2", "2*f(x)", ("f",), "not 2f(x)."),
    ],
)
def test_the_mistake_quotes_the_answer_as_the_learner_wrote_it(f, answer, functions, quoted):
    """Where one slip in the first step gives the whole answer, the message quotes it as
    written (sec²x, not the 1/cos²x the slip's result tidies to; f, not its stand-in)."""
    check = check_answer(f, answer, "x", functions=functions)
    assert check.status == "mismatch"
    assert check.diagnosis is not None and check.diagnosis.message.endswith(quoted)
