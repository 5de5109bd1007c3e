"""Bad input: a ParseError at the right position, with a caret, and nothing else.

Every case also runs in a worker thread with a one-second cap, so a hang fails the
test instead of stalling the suite.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from symderiv import parse, parse_latex
from symderiv.errors import LimitError, ParseError
from symderiv.parse import parse_equation
from symderiv.parse.refusals_ja import in_japanese

# (input, 0-based position of the error, a fragment of the message)
BAD = [
    ("", 0, "expected a number"),
    ("   ", 3, "expected a number"),
    ("2*x + )", 6, "expected a number"),
    ("x +", 3, "found the end"),
    ("*x", 0, "expected a number"),
    ("x * * y", 4, "expected a number"),
    ("x ^", 3, "expected a number"),
    ("(x + 1", 6, "expected ')' to close the '(' at column 1"),
    ("((x)", 4, "to close the '('"),
    ("x + 1)", 5, "unmatched ')'"),
    (")", 0, "expected a number"),
    ("x)", 1, "unmatched ')'"),
    ("()", 1, "expected a number"),
    ("sin()", 4, "expected a number"),
    ("[x + 1", 6, "expected ']'"),
    ("(x]", 2, "expected ')'"),
    ("|x", 2, "expected '|'"),
    ("|x + (y|", 7, "expected ')'"),
    ("xsin(x)", 0, "did you mean x*sin"),
    ("xln(x)", 0, "did you mean x*ln"),
    ("sinx(y)", 0, "unknown function 'sinx'"),
    ("foo(x)", 0, "unknown function 'foo'"),
    ("f(x)", 0, "declare f a function"),
    ("g'(x)", 0, "unknown function 'g'"),
    ("sine(x)", 0, "did you mean sin"),
    ("h(x + 1)", 0, "write h*(…) for a product"),
    ("sin", 3, "expected the argument of sin"),
    ("sin + x", 4, "expected the argument of sin"),
    ("ln", 2, "expected the argument of ln"),
    ("sin^-1(x)", 3, "ambiguous"),
    ("sin^x(x)", 4, "expected a number after sin^"),
    ("sin^-2 x", 3, "sin^-2 is ambiguous: write sin(x)^(-2) for a power"),
    ("cos^(1/2) x", 4, "write cos(x)^(…) for another power"),
    ("root x", 5, "root needs parentheses"),
    ("log(x, 2, 3)", 3, "one or two arguments"),
    ("sin(x, y)", 3, "sin takes 1 argument"),
    ("root(x)", 4, "root takes 2 arguments"),
    ("ln(x, 2)", 2, "one argument"),
    ("x, y", 1, "a comma belongs between"),
    ("2 3", 2, "two numbers in a row"),
    ("x = 1", 2, "use parse_equation"),
    ("x {y}", 2, "braces belong to LaTeX"),
    ("\\frac{1}{2}", 0, "parse_latex"),
    ("x!", 1, "factorials"),
    ("x @ y", 2, "unexpected character '@'"),
    ("x & y", 2, "unexpected character '&'"),
    ("x ; y", 2, "unexpected character ';'"),
    ("x ∞", 2, "infinity"),
    ("²", 0, "superscript must follow"),
    ("x⁻", 1, "superscript sign needs digits"),
    ("'x", 0, "prime"),
    ("sum(x, 2)", 7, "must be a name"),
    ("sum(x)", 3, "takes (body, index)"),
    ("sum x", 4, "sum needs parentheses"),
    ("diff(x, 2)", 8, "diff needs a variable"),
    ("diff(x^2, x, 0)", 4, "order must be a whole number"),
    ("diff(x^2, x, 1.5)", 4, "order must be a whole number"),
    ("x +* y", 3, "expected a number"),
    ("(x + 1)(", 8, "to close the '('"),
    ("sin(x", 5, "to close the '(' at column 4"),
    ("y[i,", 4, "expected ']' to close the '[' at column 2"),
    ("log_(x)", 0, "log_ needs a base"),
    ("2^(3", 4, "to close"),
    ("x 2 3", 4, "two numbers in a row"),
    ("sinx", 0, "did you mean 'sin x'"),
    ("2 lnx", 2, "did you mean 'ln x'"),
    ("sin2x + 1", 0, "did you mean 'sin 2x'"),
    ("xsin x", 0, "did you mean 'x sin"),
    ("xsinx", 0, "did you mean 'x sin x' or 'x*sin(x)'"),
    ("2 xlnx", 2, "did you mean 'x ln x' or 'x*ln(x)'"),
    ("tcos2t + 1", 0, "did you mean 't cos 2t' or 't*cos(2t)'"),
    ("y cosθ", 2, "did you mean 'cos θ'"),
    ("sinxcosx", 0, "did you mean 'sin x cos x' or 'sin(x)*cos(x)'"),
    ("2 xsin2xcos2x", 2, "did you mean 'x sin 2x cos 2x' or 'x*sin(2x)*cos(2x)'"),
    ("lnxsinx + 1", 0, "did you mean 'ln x sin x' or 'ln(x)*sin(x)'"),
]


def run_with_cap(function, *args, seconds: float = 1.0):
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as error:
            outcome["error"] = error

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"{args!r} took longer than {seconds} s"
    return outcome


def test_there_are_at_least_fifty_bad_inputs():
    assert len(BAD) >= 50


@pytest.mark.parametrize(("text", "position", "fragment"), BAD, ids=[repr(t) for t, _, _ in BAD])
def test_bad_input_raises_parse_error_at_position(text, position, fragment):
    outcome = run_with_cap(parse, text)
    error = outcome.get("error")
    assert isinstance(error, ParseError), outcome
    assert isinstance(error, ValueError)
    assert error.position == position, str(error)
    assert fragment in str(error)
    assert error.source == text
    lines = str(error).splitlines()
    if text.strip():
        caret_line = lines[-1]
        assert caret_line.rstrip().endswith("^")
        assert caret_line.index("^") - 2 == position - (text.rfind("\n", 0, position) + 1)


def test_the_caret_message_matches_the_design():
    with pytest.raises(ParseError) as caught:
        parse("2*x + )")
    assert str(caught.value) == (
        "expected a number, a name or '(' but found ')' at column 7\n  2*x + )\n        ^"
    )


LIMITS = [
    ("x+" * 60_000 + "x", "input too long"),
    ("1" * 1_001, "number too long"),
    ("1e100000", "exponent too large"),
    ("(" * 20_001 + "x" + ")" * 20_001, "nested too deeply"),
    ("x^" * 20_001 + "x", "nested too deeply"),
    ("x⁹⁹⁹⁹⁹⁹⁹", "superscript exponent too large"),
]


@pytest.mark.parametrize(("text", "fragment"), LIMITS, ids=[f for _, f in LIMITS])
def test_limits_raise_limit_error(text, fragment):
    outcome = run_with_cap(parse, text, seconds=5.0)
    error = outcome.get("error")
    assert isinstance(error, LimitError), outcome
    assert isinstance(error, ParseError)
    assert fragment in str(error)


def test_huge_exponents_stay_symbolic():
    tree = parse("9^9^9^9")
    assert str(tree) == "9^9^9^9"
    assert str(parse("2^(10^10)")) == "2^10^10"


def test_equation_errors():
    with pytest.raises(ParseError, match="only one '='"):
        parse_equation("x = y = z")
    with pytest.raises(ParseError, match="expected an equation"):
        parse_equation("x + 1")
    with pytest.raises(ParseError, match="to close"):
        parse_equation("(x = 1)")


def test_non_string_input_is_a_type_error():
    with pytest.raises(TypeError):
        parse(3)  # type: ignore[arg-type]


FORBIDDEN = re.compile(r"\b(eval|exec|sympify|parse_expr)\s*\(")


def test_the_package_never_executes_or_sympifies_text():
    package = Path(__file__).resolve().parents[1] / "symderiv"
    offenders = [
        f"{path.relative_to(package)}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("text", "japanese"),
    [
        (
            "sin^-1(x)",
            "sin^-1 はあいまいです。逆関数なら asin(x)、逆数なら 1/sin(x) と書いてください",
        ),
        ("sin^-2 x", "sin^-2 はあいまいです。べき乗なら sin(x)^(-2) と書いてください"),
        ("cos^(1/2) x", "cos^ の後には数が必要です"),
    ],
)
def test_a_power_before_a_functions_argument_is_refused_in_both_languages(text, japanese):
    with pytest.raises(ParseError) as caught:
        parse(text)
    said = in_japanese(caught.value.message)
    assert said is not None and said.startswith(japanese), said


@pytest.mark.parametrize(
    ("text", "position", "english", "japanese"),
    [
        (
            "lg(x)",
            0,
            "lg is the logarithm to base 10 in some texts and to base 2 in others: "
            "write log10(x) or log2(x)",
            "lg は文献により底 10 の対数とも底 2 の対数ともなります。log10(x) または log2(x)",
        ),
        ("x + lg x", 4, "lg is the logarithm to base 10", "lg は文献により"),
        ("lb(x^2)", 0, "lb is the logarithm to base 2: write log2(x)", "lb は底 2 の対数です"),
        ("ld(x)", 0, "ld is the logarithm to base 2: write log2(x)", "ld は底 2 の対数です"),
        (
            "tg x",
            0,
            "tg is the tangent in some texts: write tan(x)",
            "tg は文献により 正接 (tan) を表します。tan(x) と書いてください",
        ),
        ("2 arctg(x^2)", 2, "arctg is the inverse tangent in some texts: write atan(x)", "arctg"),
        ("sh x + ch x", 0, "sh is the hyperbolic sine in some texts: write sinh(x)", "sh"),
        ("x th x", 2, "th is the hyperbolic tangent in some texts: write tanh(x)", "th"),
    ],
)
def test_a_function_name_other_texts_use_is_refused_with_the_spelling_that_states_it(
    text, position, english, japanese
):
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert caught.value.position == position
    assert caught.value.message.startswith(english)
    said = in_japanese(caught.value.message)
    assert said is not None and said.startswith(japanese), said


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            r"\frac{1}{2} \lg x",
            r"\lg is the logarithm to base 10 in some texts and to base 2 in others: "
            r"write \log_{10} x or \log_2 x",
        ),
        (r"\frac{1}{2} \tg x", r"\tg is the tangent in some texts: write \tan x"),
        (r"\frac{1}{2} \arctg x", r"\arctg is the inverse tangent in some texts: write \arctan x"),
        (
            r"\frac{1}{2} \arsh x",
            r"\arsh is the inverse hyperbolic sine in some texts: write \operatorname{arsinh} x",
        ),
    ],
)
def test_the_latex_commands_other_texts_use_are_refused_with_the_latex_spellings(text, message):
    with pytest.raises(ParseError) as caught:
        parse_latex(text)
    assert caught.value.message == message
    assert caught.value.position == 12


def test_those_names_may_still_name_quantities_in_a_product_written_out():
    assert str(parse("lb*x + lg*y + ch*z")) == "lb*x + lg*y + ch*z"
    assert str(parse("lb x")) == "lb*x"
