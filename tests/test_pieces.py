"""A learner's answer judged on every analytic piece of the real line, at points where the
derivative exists, and against differences too small for 50 and 100 digits.

Each wrong answer here agrees with the derivative on the sample ranges near the origin
and is wrong on a piece beyond a breakpoint (the zero of |u|'s u, of ∛u's u, of a
divisor), or by a tiny amount; each must be called wrong, at a point where the
derivative exists and the two values shown differ.  Right answers on such functions
must still be accepted.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest

from symderiv import check_answer, derive
from symderiv.checks.conditions import broken_condition, step_conditions
from symderiv.checks.difference import DIFFERENT, EQUAL, exact_difference, visible_difference
from symderiv.checks.pieces import MOST_PIECES, breakpoints, edges, piece_points
from symderiv.cli import main
from symderiv.expr import Expr, Num, Sym, substitute
from symderiv.guard import real_value
from symderiv.parse import parse


def _coordinates(where: str) -> dict[str, float]:
    """``x = −5, a = 2`` (the counterexample's point) as numbers (simple values only)."""
    found = {}
    for part in where.split(", "):
        name, value = part.split(" = ")
        found[name] = float(Fraction(value.replace("−", "-")))
    return found


# ---------------------------------------------------------------------------------------
# Defect: a wrong answer on a piece the sample ranges never reach
# ---------------------------------------------------------------------------------------
WRONG_ON_A_FAR_PIECE = [
    # |x + 4|′ = sign(x + 4): −1 for x < −4
    ("abs(x+4)", "1"),
    # the answer's ∛|x + 4| is not ∛(x + 4) for x < −4
    ("x*cbrt(x+4)", "cbrt(abs(x+4)) + x/(3*cbrt(x+4)^2)"),
    # sign(x)·cot(x)/3 is cot(x)/3 only for x > 0 (wrong on (−2π, −π), x = −3.7)
    ("ln(cbrt(sin(x)))", "sign(x)*cot(x)/3"),
    # (x + |x|)/(2x) is 0 for x < 0, where −∛a < x the function is real (a = 1.7, x = −0.5)
    ("(x + cbrt(a))^(-2/3)", "(-2/(3*(x + cbrt(a))^(5/3)))*(x+abs(x))/(2*x)"),
    # own: the same mistakes, shifted further out or on other kinks
    ("abs(x-20)", "-1"),
    ("relu(x+9)", "1"),
    ("max(x, -8)", "1"),
    ("sqrt((x+6)^2)", "1"),
    ("ln(abs(x+7))", "1/abs(x+7)"),
    ("x*abs(x-10)", "10 - 2*x"),
    ("cbrt(x+30)", "1/(3*cbrt(abs(x+30))^2)*sign(x+30)*sign(x+30)*heaviside(x+30)"),
]


@pytest.mark.parametrize(("function", "answer"), WRONG_ON_A_FAR_PIECE)
def test_a_wrong_answer_on_a_far_piece_is_found(function: str, answer: str) -> None:
    check = check_answer(function, answer)
    assert check.status == "mismatch", check.detail
    assert check.point is not None
    # the point shown really is a point where the two differ
    mapping: dict[Expr, Expr] = {Sym(name): value for name, value in check.point.values.items()}
    answer_there = real_value(substitute(check.point.answer, mapping), {}, 30)
    derivative_there = real_value(substitute(check.point.derivative, mapping), {}, 30)
    assert answer_there is not None and derivative_there is not None, str(check.point)
    assert abs(answer_there - derivative_there) > 1e-6


def test_the_far_piece_counterexamples_are_simple() -> None:
    assert str(check_answer("abs(x+4)", "1").point) == (
        "at x = −5: your answer gives 1, the derivative is −1"
    )
    point = check_answer("ln(cbrt(sin(x)))", "sign(x)*cot(x)/3").point
    assert point is not None
    x = _coordinates(point.where)["x"]
    assert -2 * math.pi < x < -math.pi


RIGHT_ON_EVERY_PIECE = [
    ("abs(x+4)", "sign(x+4)"),
    ("abs(x+4)", "(x+4)/abs(x+4)"),
    ("x*cbrt(x+4)", "cbrt(x+4) + x/(3*cbrt(x+4)^2)"),
    ("ln(cbrt(sin(x)))", "cot(x)/3"),
    ("(x + cbrt(a))^(-2/3)", "-2/(3*(x + cbrt(a))^(5/3))"),
    ("sqrt(x^2)", "x/abs(x)"),
    ("ln(abs(x+7))", "1/(x+7)"),
    ("tan(x)", "1 + tan(x)^2"),
    ("max(x, x^2)", "heaviside(x - x^2) + 2*x*heaviside(x^2 - x)"),
    ("asin(x/3)", "1/sqrt(9 - x^2)"),
    ("sqrt(1 + cos(x))", "-sin(x)/(2*sqrt(1 + cos(x)))"),
    ("x^2 e^x", "x e^x (x + 2)"),
]


@pytest.mark.parametrize(("function", "answer"), RIGHT_ON_EVERY_PIECE)
def test_a_right_answer_is_right_on_every_piece(function: str, answer: str) -> None:
    check = check_answer(function, answer)
    assert check.status == "verified", check.detail


def test_the_breakpoints_are_the_zeros_of_the_kinked_arguments() -> None:
    found = edges([parse("abs(x + 4) + cbrt(x - 1) + 1/(x - 7)")])
    assert [round(b, 4) for b in breakpoints(found, "x", {})] == [-4.0, 1.0, 7.0]
    # a double zero (√(x²)) is found though the argument does not change sign
    assert [round(b, 4) + 0.0 for b in breakpoints(edges([parse("sqrt((x-3)^2)")]), "x", {})] == [
        3.0
    ]
    # the others held: x + ∛a = 0 at x = −∛a
    zeros = breakpoints(edges([parse("(x + cbrt(a))^(-2/3)")]), "x", {"a": 8.0})
    assert [round(b, 4) for b in zeros] == [-2.0]
    # a constant argument makes no breakpoint; a smooth function has none
    assert breakpoints(edges([parse("abs(a) * x + sin(x)")]), "x", {"a": 1.5}) == ()


def test_each_piece_gets_one_point_nearest_the_origin_first() -> None:
    cuts = breakpoints(edges([parse("ln(cbrt(sin(x)))")]), "x", {})
    assert len(cuts) > MOST_PIECES  # the zeros of sin in [−50, 50]
    points = piece_points(cuts)
    assert len(points) == MOST_PIECES
    assert [abs(p) for p in points] == sorted(abs(p) for p in points)
    pieces = {sum(1 for cut in cuts if cut < p) for p in points}
    assert len(pieces) == len(points)  # one in each
    assert all(not any(abs(float(p) - cut) < 1e-3 for cut in cuts) for p in points)
    # a piece already reached is not sampled again
    left = piece_points((-4.0,), covered=(1.5,))
    assert len(left) == 1 and left[0] < -4


# ---------------------------------------------------------------------------------------
# Defect: a point where the derivative does not exist
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("function", ["sqrt(x^2)", "sqrt((x-1)^2)", "abs(x)"])
def test_no_derivative_is_given_where_a_step_condition_fails(function: str) -> None:
    point = 1 if "x-1" in function else 0
    with pytest.raises(ValueError, match="no derivative is given"):
        derive(function).at(x=point)


def test_a_condition_on_a_constant_does_not_refuse_the_point() -> None:
    # aˣ's rule needs a ≠ 1, but 1ˣ is differentiable: the point is not refused
    assert "f′ = 0" in str(derive("a^x").at(x=1, a=1))
    assert "f′ = 1" in str(derive("sqrt(x^2)").at(x=2))


def test_the_cli_refuses_sqrt_of_a_square_at_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sqrt(x^2)", "--at", "x=0"]) != 0
    captured = capsys.readouterr()
    assert "no derivative is given at x = 0" in captured.err
    assert "exact values agree" not in captured.out


def test_step_conditions_are_written_in_the_functions_own_names() -> None:
    assert [str(c) for c in step_conditions(derive("sqrt(x^2)"))] == ["x^2 > 0"]
    found = step_conditions(derive("(x + cbrt(a))^(-2/3)"))
    assert [str(c) for c in found] == ["x + cbrt(a) > 0"]
    assert broken_condition(found, {Sym("x"): Num(-2), Sym("a"): Num(8)}) is not None
    assert broken_condition(found, {Sym("x"): Num(1), Sym("a"): Num(8)}) is None


def test_a_counterexample_is_never_where_the_derivative_does_not_exist() -> None:
    point = check_answer("sqrt(x^2)", "1").point
    assert point is not None
    assert _coordinates(point.where)["x"] != 0
    assert str(point) == "at x = −1: your answer gives 1, the derivative is −1"


def test_a_counterexample_is_where_the_rules_conditions_hold() -> None:
    point = check_answer("a^x", "x*a^(x-1)").point
    assert point is not None
    a = _coordinates(point.where)["a"]
    assert a > 0 and a != 1
    assert "ln 2" in str(point)


# ---------------------------------------------------------------------------------------
# Defect: two values shown alike though they differ
# ---------------------------------------------------------------------------------------
def _shown_values(text: str) -> tuple[str, str]:
    found = re.search(r"your answer gives (.*), the derivative is (.*?)(; the two differ|$)", text)
    assert found is not None, text
    return found.group(1), found.group(2)


@pytest.mark.parametrize(
    ("function", "answer"),
    [
        ("x^2", "2x + 10^-30"),
        ("x^2", "2x + 10^-19"),
        ("sin(x)", "cos(x) + 10^-60*x"),
        ("e^x", "e^x + e^(-1000)"),
        ("x^3", "3x^2 + 10^-12"),
    ],
)
def test_a_counterexample_shows_how_the_values_differ(function: str, answer: str) -> None:
    check = check_answer(function, answer)
    assert check.status == "mismatch"
    text = str(check.point)
    mine, theirs = _shown_values(text)
    assert mine != theirs or "differ by" in text, text


def test_a_tiny_value_is_not_shown_as_zero() -> None:
    text = str(check_answer("x^2", "2x + 10^-30").point)
    assert text == "at x = 0: your answer gives 10⁻³⁰ (≈ 1e−30), the derivative is 0"


def test_a_difference_beyond_every_digit_shown_is_given() -> None:
    text = str(check_answer("e^x", "e^x + e^(-1000)").point)
    assert text.endswith("the two differ by ≈ 5.07596e−435")
    assert "1 + e⁻¹⁰⁰⁰" in text


# ---------------------------------------------------------------------------------------
# Defect: a difference rounding hides
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("function", "answer"),
    [
        ("sin(x)", "cos(x) + 10^-60*x"),
        ("e^x", "e^x + e^(-1000)"),
        ("e^x", "e^x*(1 + e^(-1000))"),
        ("x^2", "2*x + 10^(-90)*sin(x)"),
        ("ln(x)", "1/x + e^(-500)"),
    ],
)
def test_a_tiny_difference_is_not_verified(function: str, answer: str) -> None:
    assert check_answer(function, answer).status == "mismatch"


@pytest.mark.parametrize(
    ("function", "answer"),
    [
        ("sin(x)^2", "2 sin(x) cos(x)"),
        ("sin(x)^2", "sin(2x)"),
        ("x^x", "x^x (ln(x) + 1)"),
        ("x^x", "x^x ln(e x)"),
        ("atan(x) + atan(1/x)", "0"),
        ("e^(x - 1000)", "e^x e^(-1000)"),
        ("sqrt(x^2 + 1)", "x/sqrt(x^2 + 1)"),
    ],
)
def test_a_right_answer_in_another_form_is_still_verified(function: str, answer: str) -> None:
    assert check_answer(function, answer).status == "verified"


def test_the_exact_difference_is_sympys_verdict() -> None:
    points = [{"x": Fraction(7, 10)}]
    assert exact_difference(parse("e^x + e^(-1000)"), parse("e^x"), points)[0] == DIFFERENT
    assert exact_difference(parse("cos(x)"), parse("cos(x)"), points)[0] == EQUAL
    assert exact_difference(parse("2 sin(x) cos(x)"), parse("sin(2x)"), points)[0] != DIFFERENT
    assert visible_difference(parse("2*sin(1)*cos(1)"), parse("sin(2)")) is None
    gap = visible_difference(parse("cos(1) + 10^-60"), parse("cos(1)"))
    assert gap is not None and abs(float(gap) - 1e-60) < 1e-70


def test_a_kink_beyond_the_window_is_found_too() -> None:
    assert check_answer("relu(x-60)", "0").status == "mismatch"
    assert str(check_answer("abs(x+1000)", "1").point) == (
        "at x = −1001: your answer gives 1, the derivative is −1"
    )


def test_a_kink_in_another_variable_is_found() -> None:
    check = check_answer("abs(a+4)*x", "a+4", "x")
    assert check.status == "mismatch"
    assert check.point is not None
    assert _coordinates(check.point.where)["a"] < -4


def test_the_difference_is_said_in_japanese_too() -> None:
    point = check_answer("e^x", "e^x + e^(-1000)").point
    assert point is not None
    assert "両者の差は ≈ 5.07596e−435" in point.text("ja")
