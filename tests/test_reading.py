"""Reading what the user meant, or refusing: derivative notation (plain and LaTeX) on every
entry point, decorated names, implicit products, standard function symbols, the refused
forms with their messages, the reading notes, and a table of notations pasted from
lecture notes, papers and Q&A threads, each read right or refused (none misread)."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings

from symderiv import check_answer, check_identity, derive, diff, parse, parse_latex
from symderiv.cli import main
from symderiv.errors import MatrixNotationError, ParseError, SymDerivError, VariableError
from symderiv.expr import Call, Derivative, Expr, Mul, Sym, free_names, postorder
from symderiv.functions import LATEX_COMMANDS
from symderiv.numeric import NumericError, evaluate
from symderiv.parse import parse_latex_with_notes, parse_with_notes
from symderiv.parse.refusals_ja import in_japanese
from symderiv.parse.vocabulary import FUNCTION_GREEK
from symderiv.render.latex import to_latex
from symderiv.render.pretty import to_pretty

from strategies import smooth_exprs

x, y, t = Sym("x"), Sym("y"), Sym("t")


def same(a: Expr, b: Expr) -> bool:
    """Equal in value at a few points (trees may order their factors differently)."""
    names = sorted(free_names(a) | free_names(b))
    for shift in (0.0, 0.19, 0.47):
        point = {name: 0.31 + 0.13 * index + shift for index, name in enumerate(names)}
        left, right = evaluate(a, point), evaluate(b, point)
        if abs(left - right) > 1e-9 * (1 + abs(right)):
            return False
    return True


def _latex(text: str) -> bool:
    return "\\" in text or "{" in text


# ---------------------------------------------------------------------------------------
# Every operator form, plain and LaTeX, on every entry point
# ---------------------------------------------------------------------------------------
#: (written, the operand in plain text, the variables of each differentiation in order)
OPERATOR_FORMS = [
    ("d/dx x^3", "x^3", ["x"]),
    ("d/dx (x^2 sin x)", "x^2 sin(x)", ["x"]),
    ("d/dx [x^2 + 1]", "x^2 + 1", ["x"]),
    ("d/dx x^2 sin x", "x^2 sin(x)", ["x"]),
    ("d^2/dx^2 (sin(x))", "sin(x)", ["x", "x"]),
    ("d²/dx² (x^4 - x)", "x^4 - x", ["x", "x"]),
    ("d/dt (t^2 e^(-t))", "t^2 e^(-t)", ["t"]),
    ("d/dθ sin(θ)^2", "sin(theta)^2", ["theta"]),
    ("(x^3)'", "x^3", ["x"]),
    ("(x^3 + x)''", "x^3 + x", ["x", "x"]),
    ("diff(x^2 sin(x), x)", "x^2 sin(x)", ["x"]),
    ("diff(x^5, x, 2)", "x^5", ["x", "x"]),
    ("diff(x^2 y^3, x, y)", "x^2 y^3", ["x", "y"]),
    ("∂/∂y (x y^2)", "x y^2", ["y"]),
    ("∂^2/∂x∂y (x^2 y^3)", "x^2 y^3", ["y", "x"]),
    ("∂²/∂x² (x^3 y)", "x^3 y", ["x", "x"]),
    (r"\frac{d}{dx} x^3", "x^3", ["x"]),
    (r"\frac{d}{dx}\ln x", "ln(x)", ["x"]),
    (r"\frac{d}{dx}\left(x^2 \sin x\right)", "x^2 sin(x)", ["x"]),
    (r"\frac{d}{dx}[x^2 + 1]", "x^2 + 1", ["x"]),
    (r"\frac{d}{dx}\left[e^{2x}\right]", "e^(2x)", ["x"]),
    (r"\frac{d}{dx}{x^2}", "x^2", ["x"]),
    (r"\frac{d^2}{dx^2} x^3", "x^3", ["x", "x"]),
    (r"\frac{d^{3}}{dx^{3}}\left(x^5\right)", "x^5", ["x", "x", "x"]),
    (r"\dfrac{d}{dx}\sqrt{x}", "sqrt(x)", ["x"]),
    (r"\tfrac{d}{dx} \cos x", "cos(x)", ["x"]),
    (r"\frac{\mathrm{d}}{\mathrm{d}x}\left(e^{x}\right)", "e^x", ["x"]),
    (r"\frac{\mathrm d}{\mathrm d x} x^2", "x^2", ["x"]),
    (r"\frac{\partial}{\partial y}(x y^2)", "x y^2", ["y"]),
    (r"\frac{\partial^2}{\partial x \partial y}(x^2 y^3)", "x^2 y^3", ["y", "x"]),
    (r"\frac{\partial^2}{\partial x\,\partial y}\left(x^2 y^3\right)", "x^2 y^3", ["y", "x"]),
    (r"\frac{\partial^2}{\partial x^2}\left[x^3 y\right]", "x^3 y", ["x", "x"]),
    (r"\frac{d(x^2+1)}{dx}", "x^2 + 1", ["x"]),
    (r"\frac{d}{d\theta}\sin\theta", "sin(theta)", ["theta"]),
    (r"\partial_x (x^2 y)", "x^2 y", ["x"]),
    (r"\left(x^{3}\right)'", "x^3", ["x"]),
]


@pytest.mark.parametrize(("written", "operand", "variables"), OPERATOR_FORMS)
def test_parse_returns_the_derivative_node(written, operand, variables):
    tree = parse_latex(written) if _latex(written) else parse(written)
    assert isinstance(tree, Derivative)
    inner: Expr = tree
    while isinstance(inner, Derivative):
        inner = inner.expr
    assert inner == parse(operand)


@pytest.mark.parametrize(("written", "operand", "variables"), OPERATOR_FORMS)
def test_derive_and_diff_differentiate_by_the_operator(written, operand, variables):
    derivation = derive(written)
    assert [str(level.var) for level in derivation.orders] == variables
    assert derivation.source == parse(operand)
    assert derivation.verification is not None and derivation.verification.status == "verified"
    expected = diff(operand, variables)
    assert same(derivation.result, expected)
    assert same(diff(written), expected)


@pytest.mark.parametrize(("written", "operand", "variables"), OPERATOR_FORMS)
def test_the_command_line_reads_the_operator(capsys, written, operand, variables):
    assert main([written, "-f", "json", "--no-verify"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [level["var"] for level in data["orders"]] == variables
    assert same(parse(data["result"]), diff(operand, variables))


@pytest.mark.parametrize(("written", "operand", "variables"), OPERATOR_FORMS)
def test_check_and_check_answer_read_the_operator(capsys, written, operand, variables):
    expected = diff(operand, variables)
    right = to_latex(expected) if _latex(written) else str(expected)
    assert check_identity(f"{written} = {right}")
    assert main(["check", f"{written} = {right}"]) == 0
    assert main([written, "--check", str(expected), "--no-verify", "-f", "text"]) == 0
    assert "correct" in capsys.readouterr().out
    assert check_answer(written, str(expected)).correct
    wrong = diff(operand, variables[:1])
    if not same(wrong, expected):
        assert not check_answer(written, str(wrong)).correct


def test_the_first_line_shows_the_reading():
    assert derive("d/dx x^2 sin x").to_text(lang="en").splitlines()[0] == "d/dx [x²·sin(x)]"
    first = derive(r"\frac{d}{dx}\ln x").to_text(lang="en").splitlines()[0]
    assert first == "d/dx [ln x]"


# ---------------------------------------------------------------------------------------
# Conventions: implicit products, the extent of an exponent, reading notes
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "reading", "first_line"),
    [
        ("2x(x+1)", "2*x*(x + 1)", "d/dx [2x·(x + 1)]"),
        ("x(x^2+1)", "x*(x^2 + 1)", "d/dx [x·(x² + 1)]"),
        ("a(b+c) x", "a*(b + c)*x", "d/dx [a·(b + c)·x]"),
        ("e^x(x^2+2x)", "e^x*(x^2 + 2*x)", "d/dx [eˣ·(x² + 2x)]"),
        ("x^2(x+1)", "x^2*(x + 1)", "d/dx [x²·(x + 1)]"),
        ("e^2x", "e^2*x", "d/dx [e²·x]"),
        ("1/2x", "(1/2)*x", "d/dx [(1/2)·x]"),
        (r"e^{x}(x^2+2x)", "e^x*(x^2 + 2*x)", "d/dx [eˣ·(x² + 2x)]"),
        (r"x(x+1)", "x*(x + 1)", "d/dx [x·(x + 1)]"),
    ],
)
def test_implicit_products_and_exponents_read_as_stated(written, reading, first_line):
    derivation = derive(written)
    assert derivation.source == parse(reading)
    assert derivation.to_text(lang="en").splitlines()[0] == first_line
    assert derivation.verification is not None and derivation.verification.status == "verified"


def test_a_declared_or_known_function_is_a_call():
    assert parse("f(x+1)", functions=["f"]) == parse("f(x + 1)", functions=["f"])
    assert parse("sin(x+1)") == parse("sin(x + 1)")
    assert not isinstance(parse("f(x)", functions=["f"]), Mul)
    assert not isinstance(parse_latex("f(x)", functions=["f"]), Mul)


@pytest.mark.parametrize(
    ("written", "conventions"),
    [
        ("sin x^2", ["function-argument"]),
        ("1/2x", ["fraction-coefficient"]),
        ("log x", ["natural-log"]),
        ("log(x)", ["natural-log"]),
        ("2x(x+1)", ["implicit-product"]),
        ("e^x(x^2+2x)", ["implicit-product", "exponent-extent"]),
        ("e^-2x", ["signed-exponent"]),
        ("e^-2(x+1)", ["signed-exponent"]),
        ("x^1/2", ["fraction-exponent"]),
        ("x^-1/2", ["fraction-exponent"]),
        ("x^2/3 + 1", ["fraction-exponent"]),
        ("d/dx x^2 sin x", ["derivative-operand"]),
        ("∂^2/∂x∂y (x y)", ["mixed-partial"]),
        ("diff(x y, x, y)", ["diff-order"]),
        ("y' + y", ["prime-name"]),
        ("x^2 + sin(x)", []),
        (r"\log x", ["latex-natural-log"]),
        ("e^-x^2/2", ["exponent-divided"]),
        ("e^x^2/2", ["exponent-divided"]),
        ("1 - e^-x^2/2", ["exponent-divided"]),
        ("-x^2/2", []),
        ("e^-x^2 / 2", []),
        (r"xy", ["letters"]),
        (r"\hat{y}^2", ["decorated-name"]),
    ],
)
def test_reading_notes_name_each_convention(written, conventions):
    reader = parse_latex_with_notes if _latex(written) or written == "xy" else parse_with_notes
    _, notes = reader(written)
    assert [convention for convention, _ in notes] == conventions
    assert all(sentence for _, sentence in notes)


@pytest.mark.parametrize(
    ("written", "reading"),
    [
        ("e^-2x", "e^(-2)*x"),
        ("e^-2(x+1)", "e^(-2)*(x+1)"),
        ("x^1/2", "(x^1)/2"),
        ("x^-1/2", "(x^(-1))/2"),
        ("x^2/3", "(x^2)/3"),
    ],
)
def test_a_signed_or_divided_exponent_keeps_its_reading(written, reading):
    """The exponent is the one signed number after ^, whatever the note says."""
    assert parse(written) == parse(reading)
    assert parse_with_notes(written)[0] == parse(reading)


@pytest.mark.parametrize(
    "written",
    [
        "e^(-2x)",  # brackets say where the exponent ends
        "e^-2 x",  # so does a space, as in e^2 x
        "e^-2*x",
        "e^-x",
        "2^-x + 1",
        "x^(1/2)",
        "x^1 / 2",
        "x^(1)/2",
        "x^2/2",  # a power over a number it shares a factor with: a series' term
        "x - x^3/6 + x^5/120",
        "x^-2/4",
        "x^n/2",
        "e^x/2",
        "x^0.5/2",
        r"x^{1}/2",
        r"e^{-2}x",
    ],
)
def test_an_exponent_written_apart_or_in_brackets_has_no_note(written):
    reader = parse_latex_with_notes if _latex(written) else parse_with_notes
    assert reader(written)[1] == ()


def test_a_prime_says_which_variable_it_differentiates_by():
    notes = derive("(t^3)''", verify=False).options["reading_notes"]
    assert notes == (("prime-variable", notes[0][1]),) and "by t" in notes[0][1]
    assert derive("(x^3)'", "x", verify=False).options["reading_notes"][0][0] == "prime-variable"
    assert derive("d/dx (x^3)", verify=False).options["reading_notes"] == ()


def test_reading_notes_reach_the_json(capsys):
    assert main(["1/2x + sin x^2", "-f", "json", "--no-verify"]) == 0
    notes = json.loads(capsys.readouterr().out)["reading_notes"]
    assert [note["convention"] for note in notes] == ["fraction-coefficient", "function-argument"]
    assert derive("x^2", verify=False).to_dict()["reading_notes"] == []


# ---------------------------------------------------------------------------------------
# Decorated and styled names
# ---------------------------------------------------------------------------------------
#: (LaTeX, the name, how it is printed, how it is typed in plain text)
DECORATED = [
    (r"\hat{y}", "y_hat", "ŷ", "ŷ"),
    (r"\bar{x}", "x_bar", "x̄", "x_bar"),
    (r"\tilde{w}", "w_tilde", "w̃", "w̃"),
    (r"\dot{x}", "x_dot", "ẋ", "ẋ"),
    (r"\ddot{x}", "x_ddot", "ẍ", "x_ddot"),
    (r"\hat{\theta}", "theta_hat", "θ̂", "θ̂"),
    (r"\overline{x}", "x_bar", "x̄", "x̄"),
    (r"\mathrm{loss}", "loss", "loss", "loss"),
    (r"y'", "y'", "y′", "y'"),
    (r"y''", "y''", "y′′", "y''"),
]


@pytest.mark.parametrize(("latex", "name", "printed", "typed"), DECORATED)
def test_decorated_names_are_names(latex, name, printed, typed):
    symbol = Sym(name)
    assert parse_latex(latex) is symbol
    assert parse(typed) is symbol
    assert parse(name) is symbol
    assert to_pretty(symbol) == printed
    assert parse(printed) is symbol
    assert parse_latex(to_latex(symbol)) is symbol
    assert parse(str(symbol)) is symbol


@pytest.mark.parametrize(("latex", "name", "printed", "typed"), DECORATED[:6])
def test_the_variable_may_be_written_decorated(latex, name, printed, typed):
    formula = rf"\left({latex} - y\right)^2 + {latex} z"
    for var in (latex, typed, name, printed):
        derivation = derive(formula, var)
        assert derivation.var is Sym(name)
        assert derivation.verification is not None and derivation.verification.status == "verified"
    assert to_latex(derive(formula, latex).result).count(latex) >= 1


def test_decorated_names_print_back_in_latex():
    assert to_latex(parse("y_hat (1 - y_hat)")) == r"\hat{y} (1 - \hat{y})"
    assert to_pretty(parse("y_hat (1 - y_hat)")) == "ŷ·(1 − ŷ)"


# ---------------------------------------------------------------------------------------
# Standard function symbols: the function when the table has it, refused otherwise
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("letter", sorted(FUNCTION_GREEK))
def test_function_letters_are_functions_or_refused_never_products(letter):
    written = rf"\{letter}(x)"
    if letter in LATEX_COMMANDS:
        tree = parse_latex(written)
        assert tree == parse_latex(rf"\{letter}\left(x\right)")
        assert not isinstance(tree, Mul) and x in list(postorder(tree))
        assert not any(isinstance(node, Mul) for node in postorder(tree))
        return
    if letter == "Beta":
        with pytest.raises(ParseError):
            parse_latex(written)
        return
    with pytest.raises(ParseError, match="which symderiv does not differentiate"):
        parse_latex(written)


@pytest.mark.parametrize(
    ("written", "function"),
    [
        (r"\Gamma(x)", "gamma"),
        (r"\Gamma\left(x^2\right)", "gamma"),
        (r"\Phi(x)", "Phi"),
        (r"\psi(x)", "digamma"),
        (r"\max(x, 0)", "max"),
        (r"\min(x^2, 1)", "min"),
        (r"\operatorname{sgn}(x)", "sign"),
        (r"\lfloor x \rfloor", "floor"),
        (r"\lceil x \rceil", "ceil"),
    ],
)
def test_standard_function_symbols_are_their_functions(written, function):
    derivation = derive(written)
    assert isinstance(derivation.source, Call) and derivation.source.name == function
    assert derivation.verification is not None and derivation.verification.status == "verified"


def test_function_letters_alone_are_letters():
    assert parse_latex(r"\psi + \phi") == parse("psi + phi")
    assert parse_latex(r"\Gamma x") == Mul(Sym("Gamma"), x)
    assert parse_latex(r"\phi(x)", functions=["phi"]) == parse("phi(x)", functions=["phi"])


# ---------------------------------------------------------------------------------------
# Refused forms, each with its message
# ---------------------------------------------------------------------------------------
REFUSED = [
    ("|2|x| - 1|", ParseError, "can be read as"),
    ("πr^2", ParseError, "did you mean 'π r'"),
    ("xe^x", ParseError, "did you mean 'x e^…'"),
    ("2^10 + \\pi", ParseError, "puts only 1 in the superscript"),
    ("x_12 + \\pi", ParseError, "puts only 1 in the subscript"),
    (r"x^{(i)}", ParseError, "is a label"),
    (r"\frac{d}{dx_i} x_i^2", ParseError, "indexed variable"),
    (r"\frac{1}{1e-3}", ParseError, "Euler's number"),
    (r"\operatorname{lg} x", ParseError, "base 10 in some texts and to base 2"),
    (r"\operatorname{foo} x", ParseError, "does not know"),
    (r"\mathrm{sh}(x)", ParseError, r"write \sinh x"),
    (r"\pi x^-2", ParseError, "raises only the '-': write the exponent in braces, x^{-2}"),
    (r"\sin^-2 x", ParseError, r"write the exponent in braces, (\sin x)^{-2}"),
    (r"\sin^{-2} x", ParseError, r"write (\sin x)^{…} for another power"),
    (r"\operatorname{softmax}_i(z)", ParseError, "after its argument"),
    (r"x^{2}^{3}", ParseError, "double superscript"),
    (r"{x \over y \over z}", ParseError, "two \\over"),
    (r"\left. x \right|", ParseError, "a closing |"),
    (r"\frac{dy}{dx}", ParseError, "y is not given as a formula"),
    (r"\frac{\partial L}{\partial w}", ParseError, "L is not given as a formula"),
    (r"\frac{d y^2}{dx}", ParseError, "is not given as a formula"),
    (r"\frac{d f(x)}{dx}", ParseError, "is not given as a formula"),
    ("dy/dx", ParseError, "derivative written as a quotient"),
    ("d^2y/dx^2", ParseError, "derivative written as a quotient"),
    ("d(x^2)/dx", ParseError, "derivative written as a quotient"),
    ("d/dx", ParseError, "nothing to differentiate"),
    ("d/dx + 1", ParseError, "nothing to differentiate"),
    (r"\frac{d}{dx}", ParseError, "nothing to differentiate"),
    ("d/dx x^2 + 1", ParseError, "without brackets differentiates only the product"),
    (r"\frac{d}{dx} x^2 - x", ParseError, "without brackets differentiates only the product"),
    ("d^2/dx (x^3)", ParseError, "the orders do not match"),
    (r"\frac{d^2}{dx} x^3", ParseError, "the orders do not match"),
    (r"\frac{\partial^2}{\partial x} x^3", ParseError, "the orders do not match"),
    (r"\frac{1}{dx}", ParseError, "the denominator is a differential"),
    ("x^2'", ParseError, "a prime ' after a number"),
    ("∂f/∂x", ParseError, "a partial derivative is written ∂/∂x (…)"),
    ("f(x)", ParseError, "declare f a function"),
    ("g(x + 1)", ParseError, "declare g a function"),
    (r"f(x)", ParseError, "declare f a function"),
    (r"\frac{1}{2} h(x)", ParseError, "reads as a function h"),
    ("foo(x)", ParseError, "unknown function 'foo'"),
    ("y(x)", ParseError, "y(x) reads as a function y applied to x"),
    ("u(0) + 1", ParseError, "u(0) reads as a function u applied to 0"),
    (r"y\left(t\right)", ParseError, "y(t) reads as a function y applied to t"),
    (r"\lambda(x)", ParseError, "declare it (functions=['lambda'])"),
    ("x^T A x", MatrixNotationError, "transpose"),
    ("x**T y", MatrixNotationError, "transpose"),
    (r"x^T A x", MatrixNotationError, "transpose"),
    (r"x^\top y", MatrixNotationError, "transpose"),
    (r"x^{\top} y", MatrixNotationError, "transpose"),
    (r"w^{T} x + b", MatrixNotationError, "transpose"),
    (r"w^{\mathsf{T}} x", MatrixNotationError, "transpose"),
    (r"A^{-T} x", MatrixNotationError, "transpose"),
    (r"\|x\|^2", MatrixNotationError, "norm"),
    (r"\lVert w \rVert", MatrixNotationError, "norm"),
    (r"\mathbf{w} x", MatrixNotationError, "bold or arrow"),
    (r"\boldsymbol{\theta}", MatrixNotationError, "bold or arrow"),
    (r"\vec{v} + 1", MatrixNotationError, "bold or arrow"),
    (r"\frac{d}{d\mathbf{w}} x", MatrixNotationError, "bold or arrow"),
    (r"\hat{xy}", ParseError, "decorates one letter"),
    (r"\frac{d}{dx}\left(x^2\right)\Big|_{x=1}", ParseError, "a value at a point"),
    (r"\left.\frac{d}{dx} x^3\right|_{x=2}", ParseError, "a value at a point"),
    (r"\zeta(x)", ParseError, "the Riemann zeta function, which symderiv does not"),
    (r"\varphi(x)", ParseError, "a function φ, which symderiv does not"),
]


@pytest.mark.parametrize(("written", "error", "message"), REFUSED)
def test_refused_forms_say_why(written, error, message):
    reader = parse_latex if _latex(written) else parse
    with pytest.raises(error) as caught:
        reader(written)
    assert message in str(caught.value)
    assert "^" in str(caught.value).splitlines()[-1]  # the caret under the position
    if error is not MatrixNotationError:  # that one the matrix calculus may read instead
        with pytest.raises(SymDerivError):
            derive(written)


@pytest.mark.parametrize(("written", "error", "message"), REFUSED)
def test_refusals_are_said_in_japanese_too(capsys, written, error, message):
    reader = parse_latex if _latex(written) else parse
    with pytest.raises(error) as caught:
        reader(written)
    if written == "foo(x)":  # a suggestion of a name, not a refusal of notation
        return
    japanese = in_japanese(caught.value.message)
    assert japanese is not None and re.search("[ぁ-んァ-ン一-龥]", japanese)
    assert main([written, "--lang", "ja", "--no-verify"]) == 2 or error is MatrixNotationError
    shown = capsys.readouterr().err
    on_the_command_line = re.sub(r"functions=\['([^']+)'\]", r"--functions \1", japanese)
    assert error is MatrixNotationError or on_the_command_line in shown


def test_matrix_notation_is_a_parse_error_for_the_matrix_reader_to_catch():
    assert issubclass(MatrixNotationError, ParseError)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: derive("d/dx (x^2) + 1"), "derivative notation inside a larger formula"),
        (lambda: derive("2 d/dx (x^2)"), "derivative notation inside a larger formula"),
        (lambda: derive("d/dx (x^2 y)", "y"), "the formula says to differentiate by x"),
        (lambda: derive("d^2/dx^2 (x^4)", order=3), "asks for a derivative of order 2"),
        (lambda: diff("d/dx (x^2 y)", "y"), "the formula says to differentiate by x"),
        (lambda: derive("(x^2 y)'", "y"), "the formula says to differentiate by x"),
    ],
)
def test_derive_refuses_what_it_cannot_read_one_way(call, message):
    with pytest.raises(VariableError) as caught:
        call()
    assert message in str(caught.value)


def test_the_command_line_refuses_with_exit_code_2(capsys):
    for written in (r"\frac{dy}{dx}", "x^T A x", "d/dx x^2 + 1", "d/dx (x^2) + 1"):
        assert main([written, "--no-verify"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("symderiv: ") and "Traceback" not in err


def test_check_reads_derivative_notation_inside_an_identity():
    assert check_identity("d/dx (x^2) + 1 = 2x + 1")
    assert check_identity(r"\frac{d}{dx}\left(x^{2}\right) + \frac{d}{dx} x = 2x + 1")
    assert not check_identity("d/dx (x^3) = 3x")


# ---------------------------------------------------------------------------------------
# Notations pasted from real material: read right, or refused; never misread
# ---------------------------------------------------------------------------------------
SOURCES = {
    "getthemath": "https://getthemath.net/?p=2258",
    "xslates": "https://xslates.com/post/differentiation-techniques/",
    "mphoward": "https://mphowardlab.github.io/essential-math/preview/pr-203/"
    "multivariable-calculus/derivatives.html",
    "primer": "https://interactiveprimer.com/concepts/mathematics/calculus/multivariable/"
    "partial-derivatives.html",
    "mse-bce": "https://math.stackexchange.com/questions/4227931/",
    "ml100": "https://github.com/niaza64/ml100",
    "heaven": "https://tech-notes.heaven-labs.net/blog/machine-learning/"
    "mathematical-derivation-of-binary-cross-entropy-loss",
    "hp-prime": "HP Museum forum, 'HP-Prime: Issues in Entering Expressions' "
    "(in huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1)",
    "fxy": "https://infinitelexicon.com/Fxy",
    "snacc": "https://snacc.io/analysis/mixed-partial-derivative",
    "coconote": "https://coconote.app/notes/f9076422-e11e-4bf2-b097-71e546f0939e",
    "vespr": "https://vespr.org/questions/differentiate-with-respect-to-x-from-the-first-principle",
    "wyzant": "https://www.wyzant.com/resources/answers/80253/"
    "find_the_following_derivative_d_dx_xe_x_sin_2x",
    "calc-online": "https://calculator-online.org/derivative/",
    "bce-nemotron": "Derivation of the Binary Cross Entropy Loss Gradient "
    "(in huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1)",
    "renatochaz": "https://github.com/Renatochaz/Mathematics_for_Machine_Learning",
}

#: (pasted text, source, the variable asked for or None, outcome): the outcome is
#: ("read", operand in plain text, variables of each differentiation) or
#: ("refused", a fragment of the message).
PASTED = [
    (r"\frac{d}{dx}x^k", "xslates", None, ("read", "x^k", ["x"])),
    (r"\frac{d}{dx}c", "xslates", None, ("read", "c", ["x"])),
    (r"\frac{d}{dx}[cf(x)]", "xslates", None, ("refused", "reads as a function f")),
    (r"\frac{d}{dx}[f(x) + g(x)]", "xslates", None, ("refused", "reads as a function f")),
    (r"\frac{dy}{dx} = f^{\prime}(x)", "xslates", None, ("refused", "y is not given")),
    (r"V(r) = \frac{4}{3}\pi r^3", "xslates", "r", ("read", "(4/3) pi r^3", ["r"])),
    (r"\frac{4}{3}\pi r^3", "xslates", None, ("read", "4/3 pi r^3", ["r"])),
    (r"x^2 \cos y", "mphoward", None, ("read", "x^2 cos(y)", ["x"])),
    (r"\frac{\partial^2 f}{\partial y \partial x}", "mphoward", None, ("refused", "f is not")),
    (r"\frac{\partial}{\partial x}\left( 2 x \cos y \right)", "mphoward", None,
     ("read", "2x cos(y)", ["x"])),
    (r"\frac{\partial}{\partial y}\left( 2 x \cos y \right)", "mphoward", None,
     ("read", "2x cos(y)", ["y"])),
    (r"x^2 y + \sin(xy)", "primer", None, ("read", "x^2 y + sin(x y)", ["x"])),
    (r"\dfrac{\partial f}{\partial y}", "primer", None, ("refused", "f is not given")),
    (r"\frac{\partial}{\partial y}\left(2xy + y\cos(xy)\right)", "primer", None,
     ("read", "2x y + y cos(x y)", ["y"])),
    (r"-p \log(\sigma(u)) - (1-p)\log(1 - \sigma(u))", "mse-bce", "u",
     ("read", "-p ln(sigmoid(u)) - (1 - p) ln(1 - sigmoid(u))", ["u"])),
    (r"-pu +\log(1 + e^u)", "mse-bce", "u", ("read", "-p u + ln(1 + e^u)", ["u"])),
    (r"\sigma (x) = \frac{1}{1+e^{-x}}", "mse-bce", None, ("read", "1/(1 + e^(-x))", ["x"])),
    (r"\frac{1}{1+e^{-x}}", "mse-bce", None, ("read", "1/(1 + e^(-x))", ["x"])),
    ("- [y·log(ŷ) + (1-y)·log(1-ŷ)]", "ml100", "ŷ",
     ("read", "-(y ln(y_hat) + (1 - y) ln(1 - y_hat))", ["y_hat"])),
    ("ŷ * (1 - ŷ)", "ml100", "ŷ", ("read", "y_hat (1 - y_hat)", ["y_hat"])),
    ("(ŷ - y) / (ŷ(1-ŷ))", "ml100", "ŷ", ("read", "(y_hat - y)/(y_hat (1 - y_hat))", ["y_hat"])),
    ("∂/∂ŷ [ - (y·log(ŷ) + (1-y)·log(1-ŷ)) ]", "ml100", None,
     ("read", "-(y ln(y_hat) + (1 - y) ln(1 - y_hat))", ["y_hat"])),
    ("∂BCE/∂a = (∂BCE/∂ŷ) * (∂ŷ/∂z) * (∂z/∂a)", "ml100", None,
     ("refused", "a partial derivative is written")),
    (r"-[y \cdot \log(\hat{y}) + (1-y) \cdot \log(1-\hat{y})]", "heaven", r"\hat{y}",
     ("read", "-(y ln(y_hat) + (1 - y) ln(1 - y_hat))", ["y_hat"])),
    (r"z = w^T x + b", "heaven", None, ("refused", "transpose")),
    (r"\frac{d}{dz}\left[\frac{1}{1 + e^{-z}}\right]", "heaven", None,
     ("read", "1/(1 + e^(-z))", ["z"])),
    (r"-(1 + e^{-z})^{-2} \cdot (-e^{-z})", "heaven", None,
     ("read", "-(1 + e^(-z))^(-2) (-e^(-z))", ["z"])),
    (r"\frac{e^{-z}}{(1 + e^{-z})^2}", "heaven", None,
     ("read", "e^(-z)/(1 + e^(-z))^2", ["z"])),
    (r"\frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}}", "heaven", None,
     ("read", "1/(1 + e^(-z)) * e^(-z)/(1 + e^(-z))", ["z"])),
    ("1/2x", "hp-prime", None, ("read", "(1/2)*x", ["x"])),
    ("2(x)^3", "hp-prime", None, ("read", "2*x^3", ["x"])),
    ("1/2(x+3)^4", "hp-prime", None, ("read", "(1/2)*(x+3)^4", ["x"])),
    ("(2)(x)^3", "hp-prime", None, ("read", "2*x^3", ["x"])),
    ("2 x", "hp-prime", None, ("read", "2*x", ["x"])),
    ("2(x)", "hp-prime", None, ("read", "2*x", ["x"])),
    ("f(x,y) = x^2 y", "fxy", None, ("read", "x^2 y", ["x"])),
    ("e^{x+y}", "fxy", None, ("read", "e^(x + y)", ["x"])),
    (r"\frac{\partial^2 f}{\partial y\,\partial x}", "snacc", None, ("refused", "f is not")),
    ("x^2y", "snacc", None, ("read", "x^2*y", ["x"])),
    ("5x - 4", "coconote", None, ("read", "5x - 4", ["x"])),
    ("x^2 - 5x + 9", "coconote", None, ("read", "x^2 - 5x + 9", ["x"])),
    ("1/x", "coconote", None, ("read", "1/x", ["x"])),
    (r"\sqrt{x}", "coconote", None, ("read", "sqrt(x)", ["x"])),
    (r"8/\sqrt{x}", "coconote", None, ("read", "8/sqrt(x)", ["x"])),
    ("x^(2sin(x))", "vespr", None, ("read", "x^(2 sin(x))", ["x"])),
    ("ln(y)=2sin(x)ln(x)", "vespr", None, ("refused", "not an equation")),
    ("dy/dx=y((2sin(x))/x+2cos(x)ln(x))", "vespr", None,
     ("refused", "derivative written as a quotient")),
    ("x^(2sin(x))((2sin(x))/x+2cos(x)ln(x))", "vespr", None,
     ("read", "x^(2 sin(x)) * ((2 sin(x))/x + 2 cos(x) ln(x))", ["x"])),
    ("d/dx[f(x)g(x)]", "wyzant", None, ("refused", "declare f a function")),
    ("d/dx (x e^x / sin(2x))", "wyzant", None, ("read", "x e^x / sin(2x)", ["x"])),
    ("e^x*sin(2*x)", "calc-online", None, ("read", "e^x sin(2x)", ["x"])),
    ("x^2*sin(1/x)", "calc-online", None, ("read", "x^2 sin(1/x)", ["x"])),
    ("sin(e^x)", "calc-online", None, ("read", "sin(e^x)", ["x"])),
    ("x*e^x*sin(x)", "calc-online", None, ("read", "x e^x sin(x)", ["x"])),
    ("3^x*e^(2x)", "calc-online", None, ("read", "3^x e^(2x)", ["x"])),
    ("2^x*sin(x)^2", "calc-online", None, ("read", "2^x sin(x)^2", ["x"])),
    ("sin^2(x)", "calc-online", None, ("read", "sin(x)^2", ["x"])),
    (r"\frac{\partial L}{\partial \hat{y}} = -\left(\frac{y}{\hat{y}} - "
     r"\frac{1 - y}{1 - \hat{y}}\right)", "bce-nemotron", None, ("refused", "L is not given")),
    (r"\hat{y} (1 - \hat{y})", "bce-nemotron", None, ("read", "y_hat (1 - y_hat)", ["y_hat"])),
    (r"\hat{y} = \sigma(z) = \frac{1}{1 + e^{-z}}", "bce-nemotron", None,
     ("refused", "only one '='")),
    (r"(\hat{y} - y) x", "bce-nemotron", None, ("read", "(y_hat - y) x", ["x"])),
    (r"\frac{\partial z}{\partial W} = x", "bce-nemotron", None, ("refused", "z is not given")),
    (r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}", "getthemath", None,
     ("refused", "unsupported LaTeX command \\lim")),
    (r"\frac{d}{dx}[f(x)]", "getthemath", None, ("refused", "reads as a function f")),
    (r"\dot{y}", "getthemath", None, ("read", "y_dot", ["y_dot"])),
    ("3x^2", "renatochaz", None, ("read", "3x^2", ["x"])),
    ("ax^b", "renatochaz", None, ("refused", "which variable? the expression has ax, b")),
    (r"a x^{b}", "renatochaz", None, ("read", "a x^b", ["x"])),
    (r"\frac{\partial f}{\partial x}", "renatochaz", None, ("refused", "f is not given")),
    (r"\frac{d}{dx} x^{2} \sin x", "xslates", None, ("read", "x^2 sin(x)", ["x"])),
    (r"\frac{\mathrm{d}}{\mathrm{d}t}\left(t^2 e^{-t}\right)", "heaven", None,
     ("read", "t^2 e^(-t)", ["t"])),
    ("d^2/dx^2 (x^3 - 2x)", "getthemath", None, ("read", "x^3 - 2x", ["x", "x"])),
]  # fmt: skip


def test_the_pasted_table_is_large_and_sourced():
    assert len(PASTED) >= 60
    assert all(source in SOURCES for _, source, _, _ in PASTED)


@pytest.mark.parametrize(("pasted", "source", "var", "outcome"), PASTED)
def test_pasted_notation_is_read_right_or_refused(pasted, source, var, outcome):
    if outcome[0] == "refused":
        with pytest.raises((ParseError, VariableError)) as caught:
            derive(pasted, var)
        assert outcome[1] in str(caught.value)
        return
    _, operand, variables = outcome
    derivation = derive(pasted, var)
    assert [str(level.var) for level in derivation.orders] == variables, "a misreading"
    try:
        assert same(derivation.source, parse(operand)), "a misreading"
    except NumericError:  # pragma: no cover - the table's points are in every domain
        pytest.fail(f"no value for {operand}")
    assert derivation.verification is not None and derivation.verification.status == "verified"


# ---------------------------------------------------------------------------------------
# Properties: any tree, printed and wrapped in an operator, reads as its derivative
# ---------------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(smooth_exprs())
def test_wrapped_plain_text_reads_as_the_derivative(tree):
    text = str(tree)
    try:
        assume(parse(text) == tree)
    except ParseError:
        assume(False)
    assert parse(f"d/dx ({text})") == Derivative(tree, x)
    assert parse(f"d/dx [{text}]") == Derivative(tree, x)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(smooth_exprs())
def test_wrapped_latex_reads_as_the_derivative(tree):
    latex = to_latex(tree)
    try:
        assume(parse_latex(latex) == tree)
    except ParseError:
        assume(False)
    assert parse_latex(rf"\frac{{d}}{{dx}}\left({latex}\right)") == Derivative(tree, x)
    assert parse_latex(rf"\frac{{\partial}}{{\partial x}}\left[{latex}\right]") == Derivative(
        tree, x
    )


# -- a function defined, a function of the table with a prime ---------------------------------
@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("f(x) = x^2", 'f(x) = … defines f: to differentiate it, give its formula alone: "x^2"'),
        (
            r"f(x) = x^2 \sin x",
            r'f(x) = … defines f: to differentiate it, give its formula alone: "x^2 \sin x"',
        ),
        (
            "loss(w) = (w-3)^2",
            'loss(w) = … defines loss: to differentiate it, give its formula alone: "(w-3)^2"',
        ),
        (
            "f'(x) = x^2 sin x",
            "f'(x) = … states a derivative of f, which is not given: to differentiate a formula, "
            'give it alone: "x^2 sin x"; to check a derivative, write the function out: '
            '"(…)\' = x^2 sin x"',
        ),
    ],
)
def test_a_definition_of_a_function_is_told_how_symderiv_takes_it(source, said):
    reader = parse_latex if "\\" in source else parse_with_notes
    with pytest.raises(ParseError) as caught:
        reader(source)
    assert caught.value.message == said and caught.value.position == 0
    assert "for a product" not in str(caught.value)


def test_a_definition_on_the_command_line_says_the_command_to_run(capsys):
    assert main(["f'(x) = x^2 sin x"]) != 0
    err = capsys.readouterr().err
    assert 'give it alone: symderiv "x^2 sin x";' in err
    assert 'write the function out: symderiv check "(…)\' = x^2 sin x"' in err
    assert main(["f(x) = x^2", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "注: f(x) = … は関数を定めています: その式を微分します" in out
    assert "2x" in out


@pytest.mark.parametrize(
    ("source", "var", "formula", "variable"),
    [
        ("f(x) = x^2 e^x", None, "x^2 e^x", "x"),
        ("g(t) = t^2 sin(t)", None, "t^2 sin(t)", "t"),
        (r"f(x) = \frac{1}{1+e^{-x}}", None, "1/(1 + e^(-x))", "x"),
        ("loss(w) = (w-3)^2", None, "(w - 3)^2", "w"),
        ("f(x) := x^3", None, "x^3", "x"),
        (r"f(x) \coloneqq x^3", None, "x^3", "x"),
        ("f(x, y) = x^2 y", "y", "x^2 y", "y"),
        ("y = x^2 e^x", None, "x^2 e^x", "x"),
        (r"y = \log_a x", "x", "log(x, a)", "x"),
        ("x = y^2", None, "y^2", "y"),
        (r"\sigma(z) = \frac{1}{1+e^{-z}}", None, "1/(1 + e^(-z))", "z"),
        ("tanh(t) = (e^t - e^(-t))/(e^t + e^(-t))", None, "(e^t - e^(-t))/(e^t + e^(-t))", "t"),
        ("softplus(x) = ln(1 + e^x)", None, "ln(1 + e^x)", "x"),
    ],
)
def test_a_definition_or_a_name_given_by_a_formula_is_differentiated_saying_so(
    source, var, formula, variable
):
    d = derive(source, var)
    assert d.source == parse(formula) and str(d.var) == variable
    keys = [key for key, _ in d.options["reading_notes"]]
    assert keys[0] in ("definition", "given-by-formula")
    assert d.verification.status == "verified"
    assert diff(source, var) == d.result


@pytest.mark.parametrize(
    ("source", "order", "heading", "named"),
    [
        ("y = x^2 e^x", 1, "dy/dx = d/dx [x²·eˣ]", r"\frac{dy}{dx}"),
        ("x = y^3", 2, "d²x/dy² = d/dy [3y²]", r"\frac{d^{2}x}{dy^{2}}"),
        ("f(x) = x^3", 2, "f″(x) = d/dx [3x²]", "f''(x)"),
        ("g(t) = t^5", 4, "g⁽⁴⁾(t) = d/dt [60t²]", "g^{(4)}(t)"),
        (r"\phi(t) = t^2", 1, "φ′(t) = d/dt [t²]", r"\phi'(t)"),
        (r"\sigma(z) = \frac{1}{1+e^{-z}}", 1, "σ′(z) = d/dz [1/(1 + e⁻ᶻ)]", r"\sigma'(z)"),
        ("sqrt(x) = x^(1/2)", 1, "(√x)′ = d/dx [x^(1/2)]", r"\left(\sqrt{x}\right)'"),
    ],
)
def test_the_derivative_of_a_named_function_is_named_as_a_textbook_does(
    source, order, heading, named
):
    d = derive(source, order=order)
    text = d.to_text()
    assert heading in text.splitlines()
    assert d.to_dict()["orders"][-1]["name"]["latex"] == named
    assert f"{named} = \\frac{{d}}" in d.to_latex()
    assert f"**Result:** ${named} = " in d.to_markdown()
    assert html.escape(f"{named} = ") in d.to_html()


@pytest.mark.parametrize(
    ("source", "formula", "variable"),
    [
        ("y := x^2 e^x", "x^2 e^x", "x"),
        ("y ≔ sin x", "sin(x)", "x"),
        (r"y \coloneqq \frac{1}{x}", "1/x", "x"),
        ("f(x) := x^3", "x^3", "x"),
        ("x := 1 + t^2", "1 + t^2", "t"),
    ],
)
def test_a_name_assigned_a_formula_is_that_formula(source, formula, variable):
    d = derive(source)
    assert d.source == parse(formula) and str(d.var) == variable
    assert d.options["named"] is not None
    assert diff(source) == d.result


@pytest.mark.parametrize(
    ("source", "head", "name", "formula", "column"),
    [
        ("y' = 2x", "y'", "y", "2x", 1),
        ("y'' := 6x", "y''", "y", "6x", 1),
        ("f'(x) := 2x", "f'(x)", "f", "2x", 1),
        (r"y' = \frac{1}{x}", "y'", "y", r"\frac{1}{x}", 1),
    ],
)
def test_a_derivative_stated_of_a_function_not_given_is_refused_as_typed(
    source, head, name, formula, column
):
    with pytest.raises(ParseError) as caught:
        derive(source)
    error = caught.value
    assert error.message.startswith(f"{head} = … states a derivative of {name}, which is not")
    assert error.message.endswith(f'"(…)\' = {formula}"')
    assert error.source == source and error.column == column
    assert in_japanese(error.message) is not None


@pytest.mark.parametrize(
    ("source", "var", "headings", "named"),
    [
        (
            "L(w, b) = (w x + b - y)^2",
            "w",
            ["∂L/∂w = ∂/∂w [(w·x + b − y)²]"],
            r"\frac{\partial L}{\partial w}",
        ),
        (
            "f(x, y) = x^2 y^3",
            ["x", "x", "y"],
            ["∂f/∂x = ∂/∂x [x²·y³]", "∂²f/∂x² = ∂/∂x [2x·y³]", "∂³f/∂y∂x² = ∂/∂y [2y³]"],
            r"\frac{\partial^{3} f}{\partial y \partial x^{2}}",
        ),
        (
            "y = x t",
            ["x", "t"],
            ["∂y/∂x = ∂/∂x [x·t]", "∂²y/∂t∂x = ∂/∂t [t]"],
            r"\frac{\partial^{2} y}{\partial t \partial x}",
        ),
    ],
)
def test_a_function_of_several_variables_is_named_by_partial_derivatives(
    source, var, headings, named
):
    """L(w, b) by w is ∂L/∂w, as an ML text writes it; each order of a derivation by
    several variables is named by the variables so far, last first (∂³f/∂y∂x²)."""
    d = derive(source, var)
    lines = d.to_text().splitlines()
    assert [line for line in lines if line.startswith("∂")] == headings
    assert d.to_dict()["orders"][-1]["name"]["latex"] == named
    markdown = d.to_markdown()
    assert f"**Result:** ${named} = " in markdown
    assert r"\frac{d" not in markdown  # every order, its intro too, named by ∂ (not dy/dx)


@pytest.mark.parametrize(("source", "var"), [("x^2 e^x", None), ("f(x) = x t", "t")])
def test_a_derivative_by_another_variable_than_the_functions_own_is_not_named(source, var):
    d = derive(source, var)
    assert d.options.get("named") is None
    assert d.to_text().startswith(("d/d", "∂/∂"))  # no name before the operator
    assert all(order["name"] is None for order in d.to_dict()["orders"])


@pytest.mark.parametrize(
    ("source", "var", "said"),
    [
        ("y = x^2", "y", "the equation gives y by a formula"),
        ("y = x^2 + y", None, "not an equation"),
        ("x^2 + y^2 = 25", None, "not an equation"),
        (r"\log_b(x) = y", None, "the equation gives y by a formula"),
        ("f'(x) = 2x", None, "states a derivative of f"),
        ("sin(x) = x", None, "not an equation"),
        ("sigmoid(z) = 1/(1 + exp(z))", None, "not an equation"),  # not the sigmoid
    ],
)
def test_other_equations_are_still_refused(source, var, said):
    with pytest.raises((ParseError, VariableError), match=re.escape(said)):
        derive(source, var)


def test_a_declared_function_or_a_product_is_not_a_definition():
    assert str(parse_with_notes("f(x) = x^2", functions=["f"])[0]) == "f(x) = x^2"
    with pytest.raises(ParseError, match="unknown function 'f'"):
        parse("f(x)")
    with pytest.raises(ParseError, match="unknown function 'f'"):
        parse_with_notes("y = f(x)")


@pytest.mark.parametrize(
    ("source", "read"),
    [
        (r"\sigma'(x)", "diff(sigmoid(x), x)"),
        ("σ'(z)", "diff(sigmoid(z), z)"),
        ("sin''(t)", "diff(sin(t), t, 2)"),
        (r"\ln'(x)", "diff(ln(x), x)"),
        ("log_2'(x)", "diff(log(x, 2), x)"),
    ],
)
def test_a_function_of_the_table_with_a_prime_is_its_derivative(source, read):
    reader = parse_latex if "\\" in source else parse
    assert str(reader(source)) == read


def test_the_sigmoid_identity_written_with_a_prime_is_checked():
    assert check_identity(r"\sigma'(x) = \sigma(x)(1-\sigma(x))").status == "verified"
    assert check_identity("sin'(x) = -cos(x)").status == "mismatch"
    assert str(parse("f'(x)", functions=["f"])) == "f'(x)"


@pytest.mark.parametrize(
    ("source", "said"),
    [
        (
            "sin'(2x)",
            "sin'(2x) is the derivative of sin taken at 2x, read only at a variable (sin'(x)); "
            "for the derivative of sin(2x) write (sin(2x))'",
        ),
        (
            r"\sigma'(\pi)",
            r"\sigma'(\pi) is the value of a derivative at a point: differentiate \sigma(x) and "
            r"ask for its value there (--at x=\pi on the command line, or .at(x=\pi))",
        ),
    ],
)
def test_a_primed_function_at_anything_but_a_variable_is_refused(source, said):
    reader = parse_latex if "\\" in source else parse
    with pytest.raises(ParseError) as caught:
        reader(source)
    assert caught.value.message == said
    assert in_japanese(said) is not None


def test_an_unknown_function_is_never_offered_as_its_own_correction(capsys):
    assert main(["check", r"\sigma'(x) = \sigma(x)(1-\sigma(x))"]) == 0
    assert "holds" in capsys.readouterr().out
    # sigma, the name of σ, is the sigmoid before a parenthesis as σ is
    assert main(["check", "sigma'(x) = sigma(x)(1 - sigma(x))"]) == 0
    assert "holds" in capsys.readouterr().out
    assert main(["τ'(x)"]) != 0
    err = capsys.readouterr().err
    assert "did you mean τ?" not in err and "did you mean tau?" not in err
