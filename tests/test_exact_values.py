"""Exact values of functions at constant arguments (``exact-values``), the reduction
formulas (``reduction-formula``) and constant factors taken out of |…| and sign(…)
(``abs-factors``): each value against SymPy, and the answers they give."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from symderiv import derive, parse, simplify, to_sympy
from symderiv.expr import PI, Call, Expr, Num, add, div, mul
from symderiv.functions import FUNCTIONS
from symderiv.numeric import evaluate
from symderiv.simplify.shifts import SHIFTED, reduced
from symderiv.simplify.signs import constant_factors_out
from symderiv.simplify.unroot import root_of_power
from symderiv.simplify.values import VALUES, exact_value, exact_values, pi_multiple, sign_of

MULTIPLES = sorted({Fraction(k, n) for n in (1, 2, 3, 4, 6) for k in range(-2 * n, 4 * n + 1)})


def _angle(q: Fraction) -> Expr:
    return div(mul(Num(q.numerator), PI), Num(q.denominator))


def _agrees(node: Expr, value: Expr) -> None:
    assert sympy.simplify(to_sympy(node) - to_sympy(value)) == 0, (str(node), str(value))


@pytest.mark.parametrize("name", ["sin", "cos", "tan", "cot", "sec", "csc"])
def test_every_circular_value_at_a_multiple_of_a_sixth_or_quarter_of_pi_is_sympys(
    name: str,
) -> None:
    found = 0
    for q in MULTIPLES:
        node = Call(name, _angle(q))
        value = exact_value(node)
        undefined = sympy.sympify(to_sympy(node)).has(sympy.zoo, sympy.nan)
        if undefined:
            assert value is None, (str(node), str(value))
            continue
        assert value is not None, str(node)
        _agrees(node, value)
        found += 1
    assert found >= len(MULTIPLES) * 3 // 4


@pytest.mark.parametrize("name", ["sin", "cos", "tan", "cot", "sec", "csc"])
def test_an_angle_the_tables_do_not_have_stays(name: str) -> None:
    """π/5, π/8, 5π/12, …: no exact value in the tables, none written (cot(π/5) was 0)."""
    angles = {Fraction(k, n) for n in (5, 8, 10, 12) for k in range(-n, 2 * n + 1)}
    for q in sorted(a for a in angles if a.denominator not in (1, 2, 3, 4, 6)):
        assert exact_value(Call(name, _angle(q))) is None, (name, q)


INVERSE_ARGUMENTS = [
    "0", "1/2", "-1/2", "1", "-1", "sqrt(2)/2", "-sqrt(2)/2", "1/sqrt(2)", "sqrt(3)/2",
    "-sqrt(3)/2", "sqrt(3)", "-sqrt(3)", "sqrt(3)/3", "1/sqrt(3)", "-1/sqrt(3)",
]  # fmt: skip


#: The arguments each inverse function's table has (others stay as written).
IN_TABLE = {
    "asin": {"0", "1/2", "-1/2", "1", "-1", "sqrt(2)/2", "-sqrt(2)/2", "1/sqrt(2)",
             "sqrt(3)/2", "-sqrt(3)/2"},
    "atan": {"0", "1", "-1", "sqrt(3)", "-sqrt(3)", "sqrt(3)/3", "1/sqrt(3)", "-1/sqrt(3)"},
}  # fmt: skip
IN_TABLE["acos"] = IN_TABLE["asin"]


@pytest.mark.parametrize("name", ["asin", "acos", "atan"])
@pytest.mark.parametrize("argument", INVERSE_ARGUMENTS)
def test_inverse_values_are_sympys_where_the_table_has_them(name: str, argument: str) -> None:
    node = Call(name, parse(argument))
    value = exact_value(node)
    if argument not in IN_TABLE[name]:
        assert value is None, str(value)
        return
    assert value is not None
    _agrees(node, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("exp(0)", "1"), ("ln(1)", "0"), ("ln(e)", "1"), ("log(8, 2)", "3"),
        ("log(0.01, 10)", "-2"), ("log(2, 8)", "1/3"), ("log(1/9, 3)", "-2"),
        ("log(1, 7)", "0"), ("log(a, a)", "1"), ("sinh(0)", "0"), ("cosh(0)", "1"),
        ("tanh(0)", "0"), ("sech(0)", "1"), ("asinh(0)", "0"), ("atanh(0)", "0"),
        ("acosh(1)", "0"), ("sigmoid(0)", "1/2"), ("softplus(0)", "ln(2)"),
        ("logsigmoid(0)", "-ln(2)"), ("erf(0)", "0"), ("erfc(0)", "1"), ("abs(-2)", "2"),
        ("abs(pi)", "pi"), ("abs(1 + pi)", "1 + pi"), ("abs(-e/2)", "e/2"),
        ("sign(-3)", "-1"), ("sign(pi)", "1"), ("sign(0)", "0"), ("relu(-2)", "0"),
        ("relu(3/2)", "3/2"), ("gamma(5)", "24"), ("gamma(1)", "1"), ("sqrt(pi^2)", "pi"),
        ("sqrt((-2)^2)", "2"), ("sqrt(e^4)", "e^2"),
    ],
)  # fmt: skip
def test_the_other_exact_values(text: str, value: str) -> None:
    node = parse(text)
    found = exact_value(node)
    assert found is not None and str(found) == str(parse(value)), str(found)
    _agrees(node, found)


@pytest.mark.parametrize(
    "text",
    ["sin(1)", "cos(pi/5)", "tan(pi/2)", "cot(0)", "csc(pi)", "sec(pi/2)", "asin(2)",
     "acos(1/3)", "atan(2)", "ln(2)", "log(3, 2)", "log(-8, 2)", "abs(e - 3)", "sign(1 - pi)",
     "sqrt((1 - pi)^2)", "gamma(1/2)", "gamma(0)", "exp(1)", "cosh(1)", "relu(pi)"],
)  # fmt: skip
def test_a_constant_without_an_exact_value_in_the_tables_stays(text: str) -> None:
    assert exact_value(parse(text)) is None


def test_the_table_holds_functions_of_one_argument_the_project_knows() -> None:
    """``exact_value`` reads ``node.arg``: a name of several arguments (or none the
    engine differentiates) would be read wrong."""
    for name in VALUES:
        assert FUNCTIONS[name].arity == 1 and not FUNCTIONS[name].variadic, name


def test_a_function_of_a_variable_is_never_touched() -> None:
    for text in ["sin(x)", "ln(x)", "abs(x)", "exp(x - x)", "cos(pi*x)", "sign(a)"]:
        node = parse(text)
        assert exact_values(node) is node


@pytest.mark.parametrize(
    ("text", "sign"),
    [("2", 1), ("-2", -1), ("0", 0), ("pi", 1), ("-pi/2", -1), ("e^2", 1), ("1 + pi", 1),
     ("-1 - e", -1), ("sqrt(2)", 1), ("exp(-3)", 1), ("pi - 3", None), ("x", None),
     ("a*2", None), ("2^x", None)],
)  # fmt: skip
def test_the_sign_a_constants_writing_shows(text: str, sign: int | None) -> None:
    assert sign_of(parse(text)) == sign


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("sin(pi)*x", "0"),
        ("sin(pi/6)*x^2 + ln(e)*x", "x + 1"),
        ("abs(-3)*x^2", "6*x"),
        ("cos(2*pi/3)*x^3", "-3*x^2/2"),
        ("tan(pi/3)*exp(x)", "sqrt(3)*exp(x)"),
        ("atan(1)*x^2", "pi*x/2"),
        ("log(8, 2)*x^3", "9*x^2"),
        ("sigmoid(0)*x^2", "x"),
    ],
)
def test_the_answer_uses_the_exact_value(text: str, answer: str) -> None:
    d = derive(text)
    assert str(d.result) == str(parse(answer)), str(d.result)
    assert d.verification.status == "verified"
    assert "exact-values" in [step.rule for step in d.rewrites]


def test_the_step_is_named_in_both_languages() -> None:
    d = derive("sin(pi/6)*x^2")
    assert "exact values" in d.to_text()
    assert "特別な値" in d.to_text("ja")


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("abs(-x)", "abs(x)"),
        ("abs(2*x)", "2*abs(x)"),
        ("abs(-2*pi*x/3)", "2*pi*abs(x)/3"),
        ("abs(x/2)", "abs(x)/2"),
        ("abs(0.5*x)", "0.5*abs(x)"),
        ("sign(-x)", "-sign(x)"),
        ("sign(3*x)", "sign(x)"),
        ("abs(2*x)^3", "8*abs(x)^3"),
        ("abs(x)", "abs(x)"),
        ("abs(2/x)", "2/abs(x)"),
        ("abs(1/(x + 1))", "1/abs(x + 1)"),
        ("sign(-3/x)", "-sign(x)"),
        ("abs(sqrt(x))", "sqrt(x)"),
        ("abs(x^3)", "abs(x)^3"),
        ("sign(-x^3)", "-sign(x)"),
        ("abs(exp(x))", "exp(x)"),
        ("abs(x^2)", "x^2"),
        ("sign(exp(x))", "1"),
        ("abs(x/(x + 1))", "abs(x/(x + 1))"),
        ("abs(a*x)", "abs(a*x)"),
        ("abs((pi - 3)*x)", "abs((pi - 3)*x)"),
    ],
)
def test_constant_factors_leave_abs_and_sign(text: str, written: str) -> None:
    assert str(constant_factors_out(parse(text))) == written


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("abs(-x)", "sign(x)"),
        ("abs(2*x)", "2*sign(x)"),
        ("ln(abs(2*x))", "1/x"),
        ("x*abs(-2*x)", "4*abs(x)"),
        ("abs(x)*abs(-x)", "2*x"),
        ("abs(2*x)^3", "24*x*abs(x)"),
        ("abs(-3*x)*x", "6*abs(x)"),
        ("abs(exp(x))*x", "(x + 1)*exp(x)"),
        ("asec(sqrt(x))", "1/(2*x*sqrt(x - 1))"),
        ("sqrt(1 + e^(-2*x))", "-e^(-2*x)/sqrt(1 + e^(-2*x))"),
        ("abs(e^x)*x", "(x + 1)*e^x"),
        ("sign(2^x)*x", "1"),
        ("abs(e^(-x))", "-e^(-x)"),
        ("tanh(x)/sqrt(sech(x)^2)", "cosh(x)"),
        ("abs(x^2 + 1)*x", "3*x^2 + 1"),  # a sum never negative: |x² + 1| = x² + 1
        ("sign(x^2 + 1)*x", "1"),  # a positive sum: sign(x² + 1) = 1
        ("sign(exp(x) + x^4)*x", "1"),
        ("abs(-2*x^3)*x", "8*abs(x)^3"),  # an odd power: |u³| = |u|³, sign(u³) = sign(u)
        ("sign(x^3)*x^2", "2*abs(x)"),
    ],
)
def test_derivatives_with_constant_factors_in_abs_reach_the_textbook_form(
    text: str, answer: str
) -> None:
    d = derive(text)
    assert str(d.result) == str(parse(answer)), str(d.result)
    assert d.verification.status == "verified"


def test_the_simplifier_alone_writes_exact_values() -> None:
    assert str(simplify(parse("2*cos(0) + abs(-pi)*x")).result) == str(parse("pi*x + 2"))


# -- reduction formulas ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(SHIFTED))
@pytest.mark.parametrize("halves", range(-5, 6))
@pytest.mark.parametrize("negated", [False, True])
def test_every_reduction_formula_is_sympys(name: str, halves: int, negated: bool) -> None:
    v = parse("-x^2" if negated else "x^2")
    node = Call(name, add(v, _angle(Fraction(halves, 2))))
    found = reduced(node)
    if halves == 0:
        assert found is None
        return
    assert found is not None and pi_multiple(found) is None, str(node)
    assert "pi" not in str(found)
    _agrees(node, found)


@pytest.mark.parametrize(
    "text", ["sin(x + pi/3)", "cos(x + 1)", "sin(pi/2)", "sinh(x + pi)", "tan(x*pi + 1)"]
)
def test_an_angle_not_shifted_by_a_multiple_of_a_half_pi_stays(text: str) -> None:
    assert reduced(parse(text)) is None


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("sin(x + pi/2)", "-sin(x)"),
        ("cos(pi - x)", "sin(x)"),
        ("tan(x + pi/2)", "csc(x)^2"),
        ("sec(x + pi)", "-sec(x)*tan(x)"),
        ("sin(2*x + 2*pi)", "2*cos(2*x)"),
        ("cos(x + pi/3)", "-sin(x + pi/3)"),
    ],
)
def test_derivatives_of_shifted_angles_use_the_reduction_formula(text: str, answer: str) -> None:
    d = derive(text)
    assert str(d.result) == str(parse(answer)), str(d.result)
    assert d.verification.status == "verified"


def test_the_reduction_formula_step_is_named_in_both_languages() -> None:
    d = derive("cos(pi - x)")
    assert [step.rule for step in d.rewrites] == ["reduction-formula"]
    assert "reduction formula" in d.to_text()
    assert "誘導公式" in d.to_text("ja")


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("sin(x + pi/3)", "cos(x + pi/3)"),
        ("(1 + 1/x)^x", "(1 + 1/x)^x*(ln(1 + 1/x) - 1/(x + 1))"),
        ("exp(x/2 + 1)", "exp(x/2 + 1)/2"),
        ("sin(x/2 + x/3)", "5*cos(5*x/6)/6"),
    ],
)
def test_an_argument_with_fractions_stays_as_written_unless_its_terms_join(
    text: str, answer: str
) -> None:
    assert str(derive(text).result) == str(parse(answer))


def test_a_root_is_no_absolute_value_only_where_the_sign_is_taken_off() -> None:
    """|√u| = √u wherever √u is real; a root of a denominator's root keeps its |…|
    (√(1 + 2x²/b) = √(2x² + b)/|√b|: where b < 0 the two roots are imaginary, and a
    product of them real)."""
    assert str(derive("sign(sqrt(x))*sqrt(x)").result) == "1/(2*sqrt(x))"
    d = derive("-acsch(sqrt(2)*x/sqrt(b))/sqrt(b)", "x")
    assert "abs(sqrt(b))" in str(d.result)
    assert d.verification.status == "verified"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("sqrt(x^2)", "abs(x)"),
        ("sqrt(4*x^2)", "abs(2*x)"),
        ("sqrt(x^2/4)", "abs(x/2)"),
        ("sqrt((2*x^2 - 1)^2)", "abs(2*x^2 - 1)"),
        ("sqrt(x^6)", "abs(x)^3"),
        ("sqrt(x^4)", "x^2"),
        ("root(x^4, 4)", "abs(x)"),
        ("cbrt(x^3)", "x"),
        ("root(x^6, 3)", "x^2"),
        ("sqrt(x^2 + 1)", "sqrt(x^2 + 1)"),
        ("sqrt(2*x^2)", "sqrt(2*x^2)"),
        ("sqrt(x^3)", "sqrt(x^3)"),
        ("sqrt(4)", "sqrt(4)"),
    ],
)
def test_a_root_of_a_power_of_its_index_is_the_powers_base(text: str, written: str) -> None:
    """√(v²) = |v| and an even root ⁿ√(vⁿ) = |v| (real v), an odd real root ⁿ√(vⁿ) = v;
    each against SymPy at points of both signs."""
    rooted = root_of_power(parse(text))
    assert str(rooted) == str(parse(written))
    for value in (-3.0, -1.0, 0.5, 2.0):  # ∛ is the real root
        assert evaluate(rooted, {"x": value}) == pytest.approx(evaluate(parse(text), {"x": value}))


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("asin(2*x*sqrt(1 - x^2))", "(2 - 4*x^2)/(abs(2*x^2 - 1)*sqrt(1 - x^2))"),
        ("asin(2*x/(1 + x^2))", "2*(1 - x^2)/(abs(x^2 - 1)*(1 + x^2))"),
        ("sqrt(x^2)", "x/abs(x)"),
        ("sqrt(x^6)", "3*x*abs(x)"),
        ("sqrt(x^2 + 2*x + 1)", "(x + 1)/abs(x + 1)"),
        ("sqrt((2*x^2 - 1)^2)", "(8*x^3 - 4*x)/abs(2*x^2 - 1)"),
        ("sqrt(1 - sin(x)^2)", "-sin(x)*cos(x)/abs(cos(x))"),
        ("acos((1 - x^2)/(1 + x^2))", "2*x/(abs(x)*(1 + x^2))"),
        ("sqrt(4*x^2/(1 + x^2)^2)", "2*x*(1 - x^2)/(abs(x)*(1 + x^2)^2)"),
    ],
)
def test_a_root_of_a_square_is_an_absolute_value_in_the_answer(text: str, answer: str) -> None:
    """The root's radicand a square as written or as the rational core writes it back
    (√((2x² − 1)²) from √(1 − 4x²(1 − x²))): |v|, the textbook's form."""
    d = derive(text)
    assert str(d.result) == str(parse(answer)), str(d.result)
    assert d.verification.status == "verified", d.verification


def test_the_root_of_power_step_is_named_in_both_languages() -> None:
    d = derive("sqrt(4*x^2)*sin(x)")
    assert "root-of-power" in [step.rule for step in d.rewrites]
    assert "root of a power" in d.to_text()
    assert "累乗の累乗根" in d.to_text(lang="ja")
