"""The infix parser: every bullet of the grammar, its conventions, printing round trips."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings

from symderiv import parse
from symderiv.errors import ParseError
from symderiv.expr import (
    PI,
    Add,
    Call,
    Derivative,
    Div,
    E,
    Indexed,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Product,
    Sum,
    Sym,
    has_no_value,
    postorder,
)
from symderiv.parse import parse_equation

from strategies import exprs

x, y, a, b, c, k, K = (Sym(n) for n in ("x", "y", "a", "b", "c", "k", "K"))


def dec(text: str) -> Num:
    return Num(Fraction(text), decimal=True)


def sin(u):
    return Call("sin", u)


def cos(u):
    return Call("cos", u)


GRAMMAR = [
    # numbers
    ("3", Num(3)),
    ("0.5", dec("0.5")),
    (".5", dec("0.5")),
    ("1e-3", dec("0.001")),
    ("2.5E2", dec("250")),
    ("1/2", Div(Num(1), Num(2))),
    # names, Greek, constants
    ("x", x),
    ("y1", Sym("y1")),
    ("x_1", Sym("x_1")),
    ("theta", Sym("theta")),
    ("θ", Sym("theta")),
    ("σ", Sym("sigma")),
    ("e", E),
    ("E", E),
    ("pi", PI),
    ("π", PI),
    # operators and their Unicode spellings
    ("x + y", Add(x, y)),
    ("x - y", Add(x, Neg(y))),
    ("x * y", Mul(x, y)),
    ("x / y", Div(x, y)),
    ("x ^ y", Pow(x, y)),
    ("x ** y", Pow(x, y)),
    ("x · y", Mul(x, y)),
    ("x × y", Mul(x, y)),
    ("x ÷ y", Div(x, y)),
    ("x − y", Add(x, Neg(y))),
    ("x²", Pow(x, Num(2))),
    ("x⁻¹", Pow(x, Num(-1))),
    ("x¹⁰", Pow(x, Num(10))),
    ("|x|", Call("abs", x)),
    ("||x| - 1|", Call("abs", Add(Call("abs", x), Num(-1)))),
    ("-x^2", Neg(Pow(x, Num(2)))),
    ("2^3^2", Pow(Num(2), Pow(Num(3), Num(2)))),
    ("a/b/c", Div(Div(a, b), c)),
    ("a - b - c", Add(a, Neg(b), Neg(c))),
    ("-3", Num(-3)),
    ("x - 3", Add(x, Num(-3))),
    ("-2x", Neg(Mul(Num(2), x))),
    ("-(3)", Neg(Num(3))),
    ("x^-2", Pow(x, Num(-2))),
    ("x*-y", Mul(x, Neg(y))),
    ("2^-x^2", Pow(Num(2), Neg(Pow(x, Num(2))))),
    ("+x", x),
    # implicit multiplication
    ("2x", Mul(Num(2), x)),
    ("2 x", Mul(Num(2), x)),
    ("x y", Mul(x, y)),
    ("2(x+1)", Mul(Num(2), Add(x, Num(1)))),
    ("(x+1)(x-1)", Mul(Add(x, Num(1)), Add(x, Num(-1)))),
    ("x sin(x)", Mul(x, sin(x))),
    ("2e^x", Mul(Num(2), Pow(E, x))),
    ("0.5x", Mul(dec("0.5"), x)),
    ("x (x+1)", Mul(x, Add(x, Num(1)))),
    ("2|x|", Mul(Num(2), Call("abs", x))),
    ("xy", Sym("xy")),
    ("1/2x", Mul(Div(Num(1), Num(2)), x)),
    ("2x y", Mul(Num(2), x, y)),
    ("2(x y)", Mul(Num(2), Mul(x, y))),
    ("pi x", Mul(PI, x)),
    # functions
    ("exp(x)", Call("exp", x)),
    ("ln(x)", Log(x)),
    ("log(x)", Log(x)),
    ("log(x, 2)", Log(x, Num(2))),
    ("log_2(x)", Log(x, Num(2))),
    ("log_b x", Log(x, b)),
    ("log_e(x)", Log(x)),
    ("log10(x)", Log(x, Num(10))),
    ("log2(x)", Log(x, Num(2))),
    ("sqrt(x)", Call("sqrt", x)),
    ("cbrt(x)", Call("cbrt", x)),
    ("root(x, 3)", Call("root", x, Num(3))),
    ("abs(x)", Call("abs", x)),
    ("Abs(x)", Call("abs", x)),
    ("tan(x) + cot(x) + sec(x) + csc(x)", Add(*(Call(n, x) for n in ("tan", "cot", "sec", "csc")))),
    ("asin(x)", Call("asin", x)),
    ("arcsin(x)", Call("asin", x)),
    ("arctan(x)", Call("atan", x)),
    ("acoth(x)", Call("acoth", x)),
    ("sinh(x) + sech(x)", Add(Call("sinh", x), Call("sech", x))),
    ("asinh(x)", Call("asinh", x)),
    ("arsinh(x)", Call("asinh", x)),
    ("artanh(x)", Call("atanh", x)),
    ("sigmoid(z)", Call("sigmoid", Sym("z"))),
    ("σ(z)", Call("sigmoid", Sym("z"))),
    ("softplus(x)", Call("softplus", x)),
    ("sin^2(x)", Pow(sin(x), Num(2))),
    ("sin^2 x", Pow(sin(x), Num(2))),
    ("sin²x", Pow(sin(x), Num(2))),
    ("sin(x)^2", Pow(sin(x), Num(2))),
    # SymPy's printed syntax
    ("x**2*exp(-x)", Mul(Pow(x, Num(2)), Call("exp", Neg(x)))),
    ("E**x + pi", Add(Pow(E, x), PI)),
    ("acoth(x)/sqrt(x**2 - 1)", Div(Call("acoth", x), Call("sqrt", Add(Pow(x, Num(2)), Num(-1))))),
    # functions without parentheses: the textbook convention
    ("sin x cos x", Mul(sin(x), cos(x))),
    ("sin 2x", sin(Mul(Num(2), x))),
    ("sin x^2", sin(Pow(x, Num(2)))),
    ("ln x + 1", Add(Log(x), Num(1))),
    ("sin x * y", Mul(sin(x), y)),
    ("2 sin x", Mul(Num(2), sin(x))),
    ("x sin x", Mul(x, sin(x))),
    ("-sin x", Neg(sin(x))),
    ("sin -x", sin(Neg(x))),
    ("sin sin x", sin(sin(x))),
    ("sqrt x + 1", Add(Call("sqrt", x), Num(1))),
    ("ln |x|", Log(Call("abs", x))),
    ("exp1 + cosh x", Add(Sym("exp1"), Call("cosh", x))),
    # indices, sums, derivative notation
    ("y[i, k]", Indexed("y", Sym("i"), k)),
    ("sum(t[k] ln(y[k]), k, 1, K)", Sum(Mul(Indexed("t", k), Log(Indexed("y", k))), k, Num(1), K)),
    ("sum(x[k], k)", Sum(Indexed("x", k), k)),
    ("sum(x[k], k, _, K)", Sum(Indexed("x", k), k, None, K)),
    ("prod(x + i, i, 1, 3)", Product(Add(x, Sym("i")), Sym("i"), Num(1), Num(3))),
    ("(x^2)'", Derivative(Pow(x, Num(2)))),
    ("(x^2)''", Derivative(Pow(x, Num(2)), None, 2)),
    ("d/dx (x^2)", Derivative(Pow(x, Num(2)), x)),
    ("d/dx x^2", Derivative(Pow(x, Num(2)), x)),
    ("diff(x^3, x, 2)", Derivative(Pow(x, Num(3)), x, 2)),
]


@pytest.mark.parametrize(("text", "expected"), GRAMMAR, ids=[t for t, _ in GRAMMAR])
def test_grammar(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(("text", "expected"), GRAMMAR, ids=[t for t, _ in GRAMMAR])
def test_printed_form_reads_back(text, expected):
    assert parse(str(expected)) == expected


def test_declared_functions():
    f = Call("f", Pow(x, Num(2)))
    assert parse("f(x^2)", functions=["f"]) == f
    assert parse("f'(x)", functions=["f"]) == Call("f'", x)
    assert parse("g(x, y)", functions=["g"]) == Call("g", x, y)
    assert parse("f x", functions=["f"]) == Call("f", x)


def test_e_can_be_declared_a_symbol():
    assert parse("e^x", e_is_symbol=True) == Pow(Sym("e"), x)
    assert parse("E^x", e_is_symbol=True) == Pow(E, x)


def test_equations():
    eq = parse_equation("x^2 + y^2 = 25")
    assert eq.lhs == Add(Pow(x, Num(2)), Pow(y, Num(2)))
    assert eq.rhs == Num(25)
    assert str(eq) == "x^2 + y^2 = 25"


def test_keeps_the_structure_written():
    assert str(parse("a - b")) == "a - b"
    assert str(parse("(x^2 + 1)/(x - 1)")) == "(x^2 + 1)/(x - 1)"
    assert str(parse("log(x, 2)")) == "log(x, 2)"
    assert str(parse("a/b/c")) == "(a/b)/c"  # a quotient over a quotient keeps its brackets
    assert parse("(a*b)*c") == Mul(Mul(a, b), c)
    assert parse("a*b*c") == Mul(a, b, c)


def test_python_construction_matches_parsing():
    from symderiv.expr import exp, symbols

    xs = symbols("x")
    assert xs**2 * exp(xs) == parse("x^2*exp(x)")
    assert xs - 1 == parse("x - 1")
    assert (xs + 1) / (xs - 1) == parse("(x + 1)/(x - 1)")


def test_repr_shows_constructors():
    assert repr(parse("x^2 + 1")) == "Add(Pow(Sym('x'), Num(2)), Num(1))"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exprs())
def test_round_trip(expr):
    assume(not any(has_no_value(node) for node in postorder(expr)))  # refused: test_limits
    assert parse(str(expr)) == expr


def test_printed_undefined_trees_are_refused_on_reading():
    for tree in (Log(x, Num(0)), Log(x, Num(1)), Call("root", x, Num(0))):
        with pytest.raises(ParseError, match="undefined"):
            parse(str(tree))


DEPTH = 10_000


def test_deep_parentheses_parse_and_print():
    text = "(" * DEPTH + "x" + ")" * DEPTH
    assert parse(text) is x
    nested = "+".join(["(x"] * 2000) + ")" * 2000
    assert parse(nested).depth == 2000


def test_deep_function_nesting_parses_prints_and_reads_back():
    text = "sin(" * DEPTH + "x" + ")" * DEPTH
    tree = parse(text)
    assert tree.depth == DEPTH + 1
    printed = str(tree)
    assert printed == text
    assert parse(printed) is tree
    assert parse("sin " * 5000 + "x").depth == 5001
    assert parse("2^" * 5000 + "x").depth == 5001
    assert parse("-" * 5000 + "x").depth == 5001


# -- nested absolute values ----------------------------------------------------------------
NESTED_BARS = [
    ("||x| - 1|", "abs(abs(x) - 1)"),
    ("|x - |y||", "abs(x - abs(y))"),
    ("|1.5|z||", "abs(1.5*abs(z))"),
    ("|2·|x| − 1|", "abs(2*abs(x) - 1)"),
    ("|x| |y|", "abs(x)*abs(y)"),
    ("|x|y", "abs(x)*y"),
    ("|x|sin(x)", "abs(x)*sin(x)"),
]


@pytest.mark.parametrize(("text", "read"), NESTED_BARS)
def test_a_bar_that_can_only_open_or_only_close_is_read_so(text, read):
    assert str(parse(text)) == read


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("|2|x| - 1|", ("abs(2)*x*abs(-1)", "abs(2*abs(x) - 1)")),
        ("|a|b| + c|", ("abs(a)*b*abs(c)", "abs(a*abs(b) + c)")),
        ("|x|y|z|", ("abs(x)*y*abs(z)", "abs(x*abs(y)*z)")),
    ],
)
def test_bars_that_read_two_ways_are_refused_with_both_readings(text, readings):
    """A bar after an operand inside |…| and before another may close it or open a
    nested one: where both readings hold, the formula is refused, never guessed."""
    with pytest.raises(ParseError) as caught:
        parse(text)
    message = str(caught.value)
    assert all(reading in message for reading in readings)
    assert caught.value.position == text.index("|", 1)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("σ(z)", "sigmoid(z)"),
        ("2σ(x)", "2*sigmoid(x)"),
        ("σ z", "sigma*z"),
        ("μ + σ z", "mu + sigma*z"),
        ("σ²", "sigma^2"),
        ("σ^2 x", "sigma^2*x"),
        ("σ (z)", "sigma*z"),
    ],
)
def test_sigma_is_the_sigmoid_only_applied_to_a_parenthesis(text, read):
    """σ(z) is the sigmoid; σ anywhere else is the letter (a standard deviation)."""
    assert str(parse(text)) == read


@pytest.mark.parametrize(
    ("text", "apart"),
    [("πr²", "π r"), ("2πr", "π r"), ("cos 2πx", "π x"), ("θx", "θ x"), ("αβ", "α β")],
)
def test_a_greek_letter_run_into_another_letter_is_refused_with_a_suggestion(text, apart):
    """``πr²`` is never the name ``pir``: π would be lost."""
    with pytest.raises(ParseError, match=f"did you mean '{apart}'"):
        parse(text)


@pytest.mark.parametrize(
    ("text", "read"), [("θ1", "theta1"), ("θ_1", "theta_1"), ("π r^2", "pi*r^2")]
)
def test_a_greek_letter_with_digits_or_apart_still_reads(text, read):
    assert str(parse(text)) == read


@pytest.mark.parametrize("text", ["xe^x", "2xe^x", "te^(2t)"])
def test_a_letter_run_into_a_power_of_e_is_refused(text):
    """``xe^x`` is never the name ``xe`` to the power x."""
    with pytest.raises(ParseError, match="e\\^…"):
        parse(text)
    assert str(parse("x e^x")) == "x*e^x"
    assert str(parse("rate^2")) == "rate^2"
