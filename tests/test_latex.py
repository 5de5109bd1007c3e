"""LaTeX input: every construct, the errors, the seed posts, the external corpus, round trips."""

from __future__ import annotations

import itertools
import random
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typeset import typeset

from symderiv import derive
from symderiv.checks.identity import check_identity
from symderiv.errors import ParseError
from symderiv.expr import (
    PI,
    Add,
    Call,
    Derivative,
    Div,
    E,
    Equation,
    Expr,
    Indexed,
    Log,
    Mul,
    Num,
    Pow,
    Product,
    Sum,
    Sym,
    fold,
    has_no_value,
    postorder,
    rebuild,
)
from symderiv.parse import parse, parse_latex, parse_latex_with_notes
from symderiv.parse.refusals_ja import in_japanese
from symderiv.render.latex import to_latex
from symderiv.render.pretty import to_pretty

from corpus import LATEX, read_jsonl
from strategies import _children, decimals, integers, negative_integers

CONSTRUCTS = [
    # delimiters and ignored commands
    (r"$x^2$", "x^2"),
    (r"$$x^2$$", "x^2"),
    (r"\[x^2\]", "x^2"),
    (r"\begin{equation} x^2 \tag{3} \label{eq:a} \end{equation}", "x^2"),
    (r"\displaystyle x \, y \; z \! w \quad v", "x*y*z*w*v"),
    # fractions, powers, subscripts
    (r"\frac{1}{1+e^{-z}}", "1/(1 + e^(-z))"),
    (r"\dfrac{a}{b} + \tfrac{c}{d}", "a/b + c/d"),
    (r"\frac 1 {a^x}", "1/a^x"),
    (r"\frac12", "1/2"),
    (r"{a \over b}", "a/b"),
    (r"x^{2} + x^2", "x^2 + x^2"),
    (r"e^{x^{2}}", "e^(x^2)"),
    (r"x_1 + x_{10}", "x_1 + x_10"),
    (r"t_{ik}", "t[i, k]"),
    (r"t_{i,k}", "t[i, k]"),
    (r"y_i", "y[i]"),
    (r"x_{\text{max}}", "x_max"),
    # roots, brackets, products
    (r"\sqrt{x}", "sqrt(x)"),
    (r"\sqrt[3]{x}", "root(x, 3)"),
    (r"\left( x+1 \right)^2", "(x + 1)^2"),
    (r"\left| x \right|", "abs(x)"),
    (r"|x|", "abs(x)"),
    (r"\lbrack x + 1 \rbrack", "(x + 1)"),
    (r"\{ x + 1 \}", "(x + 1)"),
    (r"2x\cdot y", "2*x*y"),
    (r"a \times b", "a*b"),
    (r"x(x+1)", "x*(x + 1)"),
    (r"xy", "x*y"),
    # exponentials and logarithms
    (r"e^{x}", "e^x"),
    (r"\mathrm{e}^{x}", "e^x"),
    (r"\exp(-x)", "exp(-x)"),
    (r"\ln x", "ln(x)"),
    (r"\log x", "ln(x)"),
    (r"\log_a x", "log(x, a)"),
    (r"\log_{10} x", "log(x, 10)"),
    (r"\log_e x", "ln(x)"),
    (r"\log_b(x)", "log(x, b)"),
    (r"\log (1 - x)", "ln(1 - x)"),
    # trig, named functions, Greek
    (r"\sin^2 x", "sin(x)^2"),
    (r"\sin^{2} x", "sin(x)^2"),
    (r"\sin^{-1} x", "asin(x)"),
    (r"\arcsin x + \arctan x", "asin(x) + atan(x)"),
    (r"\sinh x \cosh x", "sinh(x)*cosh(x)"),
    (r"\sin x \cos x", "sin(x)*cos(x)"),
    (r"\sin 2x", "sin(2*x)"),
    (r"\operatorname{softplus}(x)", "softplus(x)"),
    (r"\mathrm{sigmoid}(z)", "sigmoid(z)"),
    (r"\operatorname{arsinh}(x)", "asinh(x)"),
    (r"\sigma(z)", "sigmoid(z)"),
    (r"\alpha + \beta + \theta", "alpha + beta + theta"),
    (r"\pi r^2", "pi*r^2"),
    (r"sin x", "sin(x)"),
    # sums, derivatives, equations
    (r"\sum_{i=1}^{N} x_i + 1", "sum(x[i], i, 1, N) + 1"),
    (r"\sum_{k}^{K} t_k", "sum(t[k], k, _, K)"),
    (r"\sum_i \sum_k t_{ik}\log y_{ik}", "sum(sum(t[i, k]*ln(y[i, k]), k), i)"),
    (r"\prod_{i=1}^{3} (x + i)", "prod(x + i, i, 1, 3)"),
    (r"(a^{x})'", "(a^x)'"),
    (r"\frac{d}{dx}\left(x^2\right)", "diff(x^2, x)"),
    (r"\frac{\mathrm{d}}{\mathrm{d}x} x^2", "diff(x^2, x)"),
]


@pytest.mark.parametrize(("source", "expected"), CONSTRUCTS, ids=[c[0] for c in CONSTRUCTS])
def test_constructs(source, expected):
    assert parse_latex(source) == parse(expected)


def test_declared_function_and_its_prime():
    assert parse_latex("f'(x) + g(x^2)", functions=["f", "g"]) == parse(
        "f'(x) + g(x^2)", functions=["f", "g"]
    )


def test_log_base_option():
    assert parse_latex(r"\log x", log_base=10) == Log(Sym("x"), Num(10))


def test_equations():
    eq = parse_latex(r"(a^{x})' = a^{x} \log_e {a}")
    assert isinstance(eq, Equation)
    assert eq.lhs == Derivative(parse("a^x"))
    assert eq.rhs == parse("a^x ln(a)")


def test_an_equation_is_a_value():
    """Equal sides make equal equations, the same hash; it pickles and copies whole and
    cannot be changed."""
    import copy
    import pickle

    eq = parse_latex(r"\sum_k t_k = 1")
    again = parse_latex(r"\sum_k t_k = 1")
    assert eq == again and hash(eq) == hash(again)
    assert pickle.loads(pickle.dumps(eq)) == eq
    assert copy.deepcopy(eq) == eq
    with pytest.raises(AttributeError):
        eq.lhs = Num(0)


def test_latex_input_through_derive():
    d = derive(r"\frac{1}{1+e^{-z}}")
    assert d.var == Sym("z") and d.verification.status == "verified"


ERRORS = [
    (r"\foo x", 0, r"unsupported LaTeX command \foo"),
    (r"x + \infty", 4, r"unsupported LaTeX command \infty"),
    (r"\frac{1}{x", 8, "missing '}'"),
    (r"x}", 1, "unmatched '}'"),
    (r"\frac{1}", 8, "expected an argument"),
    (r"\log_{} y", 6, "expected a number, a name or"),
    (r"\sum x", 0, r"\sum needs an index"),
    (r"x &= y", 2, "unexpected character '&'"),
    (r"\text{x.nelement}()", 6, "is not a name"),
    (r"\text{Tan}(x)", 0, "unknown function 'Tan'; did you mean tan?"),
    (r"\sqrt(x + 1", 5, "missing ')' after \\sqrt("),
    (r"e^(x+1)", 1, "e^( in LaTeX raises only the '(': write the exponent in braces"),
    (r"\frac(1)(x)", 0, r"\frac takes its two arguments in braces: \frac{a}{b}"),
    (r"x_(1)", 2, "TeX takes the parenthesis alone here: write the argument in braces"),
]


@pytest.mark.parametrize(("source", "position", "fragment"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_name_the_problem_and_its_column(source, position, fragment):
    with pytest.raises(ParseError) as caught:
        parse_latex(source)
    assert caught.value.position == position, str(caught.value)
    assert fragment in str(caught.value)


def test_deep_nesting_parses():
    depth = 5000
    source = r"\frac{1}{1+" * depth + "x" + "}" * depth
    assert parse_latex(source).depth > depth


# -- the seed posts ------------------------------------------------------------------------
SEEDS = sorted((Path(__file__).resolve().parents[1].parent / "shared" / "seeds").glob("*.txt"))
FORMULA = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def seed_formulas():
    return [(a or b).strip() for path in SEEDS for a, b in FORMULA.findall(path.read_text())]


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not beside the project")
def test_every_seed_formula_parses():
    formulas = seed_formulas()
    assert len(formulas) >= 10
    for source in formulas:
        parse_latex(source)


IDENTITIES = [
    r"a^{x} \times a^{y} = a^{x+y} \tag{1.1}",
    r"\frac 1 {a^{x}} = a^{- x} \tag{1.2}",
    r"\frac {a^{y}} {a^{x}} = a^{y - x} \tag{1.3}",
    r"(a^{x}) ^{y} = a^{xy} \tag{1.4}",
    r"(a^{x})' = a^{x} \log_e {a} \tag{1.5}",
    r"(e^{x})' = e^{x} \tag{1.6}",
    r"\log_2(8) = 3",
]


@pytest.mark.parametrize("source", IDENTITIES)
def test_seed_identities_hold(source):
    verdict = check_identity(source)
    assert verdict, verdict.summary()


def test_a_false_identity_is_refused():
    assert check_identity(r"(a^{x})' = a^{x}").status == "mismatch"


def test_cross_entropy_formulas_read_as_intended():
    one = parse_latex(r"\ - \frac{1}{N} \sum_{i}^{N} \sum_{k}^{K} t_{ik} \log y_{ik} \tag{1}")
    assert one == parse("-1/N*sum(sum(t[i, k]*ln(y[i, k]), k, _, K), i, _, N)")
    two = parse_latex(
        r"\ - \frac{1}{N} \sum_{i}^{N} \lbrack t_{i} \log y_{i} + (1- t_{i})"
        r" \log (1- y_{i}) \rbrack"
    )
    assert two == parse("-1/N*sum(t[i]*ln(y[i]) + (1 - t[i])*ln(1 - y[i]), i, _, N)")


# -- the external corpus ---------------------------------------------------------------------
def _instantiated(expr: Expr) -> Expr:
    """Subscripts dropped (``x_n`` -> ``x``) and Σ over 3 logits (x, b, c), as the corpus
    transcribes its templates."""

    def combine(node: Expr, children: list[Expr]) -> Expr:
        if isinstance(node, Sum):
            body = node.body
            terms = []
            for value in ("x", "b", "c"):
                terms.append(
                    fold(
                        body,
                        lambda n, ch, v=value, i=node.index: (
                            Sym(v)
                            if isinstance(n, Indexed) and i in n.indices
                            else (Sym(n.name) if isinstance(n, Indexed) else rebuild(n, ch))
                        ),
                    )
                )
            return Add(*terms)
        if isinstance(node, Indexed):
            return Sym(node.name)
        return rebuild(node, children)

    return fold(expr, combine)


def _agrees(ours, reference, sympy) -> bool:
    names = sorted(ours.free_symbols, key=str)
    targets = sorted(reference.free_symbols, key=str)
    if len(names) != len(targets):
        return False
    rng = random.Random(0)
    points = [{t: rng.uniform(0.2, 0.9) for t in targets} for _ in range(3)]
    for permutation in itertools.permutations(targets):
        renamed = ours.subs(dict(zip(names, permutation, strict=True)), simultaneous=True)
        try:
            if all(
                abs(complex(renamed.evalf(subs=p)) - complex(reference.evalf(subs=p)))
                < 1e-9 * max(1, abs(complex(reference.evalf(subs=p))))
                for p in points
            ):
                return True
        except (TypeError, ValueError):
            continue
    return False


@pytest.mark.slow
@pytest.mark.skipif(not LATEX.exists(), reason="../shared/corpus is not beside the project")
def test_latex_corpus_is_read_right_or_rejected():
    sympy = pytest.importorskip("sympy")
    from symderiv.bridge import to_sympy

    right, rejected, wrong = [], [], []
    lines = read_jsonl(LATEX)
    for line in lines:
        try:
            parsed = parse_latex(line["latex"])
        except ParseError as error:
            rejected.append((line["id"], str(error).splitlines()[0]))
            continue
        reference = sympy.sympify(line["sympy"])
        ours = to_sympy(_instantiated(parsed))
        (right if _agrees(ours, reference, sympy) else wrong).append(line["id"])
    print(f"latex corpus: {len(right)} right, {len(rejected)} rejected, {len(wrong)} wrong")
    print("rejected:", rejected)
    assert wrong == []
    assert len(right) >= 0.9 * len(lines)


# -- round trip -------------------------------------------------------------------------------
latex_leaves = st.one_of(
    integers,
    negative_integers,
    decimals,
    st.sampled_from(["x", "y", "a", "b", "t", "theta", "x_1", "y2"]).map(Sym),
    st.sampled_from([E, PI]),
    st.builds(lambda n, i: Indexed(n, Sym(i)), st.sampled_from(["y", "w"]), st.sampled_from("ik")),
)


#: Functions whose LaTeX is the textbook's but reads back as another tree: ln Γ, log σ
#: and ln B (read as ln of Γ, of σ, of B: equal in value).
NOT_READ_BACK = frozenset({"lgamma", "logsigmoid", "lbeta"})


def _latex_children(inner):
    simple_bases = st.sampled_from([Num(2), Num(10), Sym("a"), Sym("b")])
    return st.one_of(
        _children(inner).filter(
            lambda e: (
                not (isinstance(e, Log) and not e.natural)
                and not (isinstance(e, Call) and e.name in ("cbrt", *NOT_READ_BACK))
                and not (isinstance(e, (Sum, Product)) and e.index.name not in "ik")
            )
        ),
        st.builds(Log, inner, simple_bases),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(latex_leaves, _latex_children, max_leaves=12))
def test_round_trip(expr):
    assume(not any(has_no_value(node) for node in postorder(expr)))  # refused: test_limits
    assert parse_latex(to_latex(expr)) == expr


@pytest.mark.parametrize("name", ["Phi", "gamma", "digamma"])
def test_a_power_of_a_function_written_as_a_letter_reads_back(name):
    """``\\Phi^{2}(x)`` would read as Φ²·x, so the power of Φ(x) is written (\\Phi(x))^{2}."""
    expr = Pow(Call(name, Sym("x")), Num(2))
    assert parse_latex(to_latex(expr)) == expr
    assert "^{2}(" not in to_latex(expr)


def test_a_fraction_after_a_name_is_a_product_not_a_call():
    assert parse_latex(r"x \frac{1}{2}") == parse("x*(1/2)")
    assert parse_latex(r"x\frac{0}{0}") == parse("x*(0/0)")


@pytest.mark.parametrize(
    "latex",
    [
        r"\left|a\left|b\right|+c\right|",
        r"\lvert a \lvert b \rvert + c \rvert",
        r"\left|a \lvert b \rvert + c\right|",
    ],
)
def test_sized_and_named_bars_say_which_bar_opens(latex):
    """``\\left|``/``\\lvert`` open and ``\\right|``/``\\rvert`` close: nested absolute
    values are read as written, never as a product of three."""
    assert str(parse_latex(latex)) == "abs(a*abs(b) + c)"


@pytest.mark.parametrize(
    "text", ["abs(2*abs(x) - 1)", "abs(x*abs(y))", "abs(1.5*abs(z)) + 2*abs(x)"]
)
def test_nested_absolute_values_print_to_what_reads_back(text):
    expr = parse(text)
    assert parse_latex(to_latex(expr)) == expr
    assert parse(to_pretty(expr)) == expr


@pytest.mark.parametrize(
    ("latex", "read"),
    [
        (r"\sigma(z)", "sigmoid(z)"),
        (r"\sigma\left(2x\right)", "sigmoid(2*x)"),
        (r"\sigma(x)(1-\sigma(x))", "sigmoid(x)*(1 - sigmoid(x))"),
        (r"\mu + \sigma z", "mu + sigma*z"),
        (r"\frac{1}{\sigma\sqrt{2\pi}}", "1/(sigma*sqrt(2*pi))"),
        (r"\sigma^2 x", "sigma^2*x"),
        (r"\sigma \sigma", "sigma*sigma"),
        (r"\sigma_x", "sigma[x]"),
    ],
)
def test_sigma_is_the_sigmoid_only_applied_to_a_parenthesis(latex, read):
    assert str(parse_latex(latex)) == read


def test_the_gaussian_density_reads_with_sigma_a_constant():
    d = derive(r"\frac{1}{\sigma\sqrt{2\pi}} e^{-\frac{(x-\mu)^2}{2\sigma^2}}", "x")
    assert "sigmoid" not in str(d.expr)
    assert d.verification.status == "verified"


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("sigma*(x + 1)", r"\sigma \cdot (x + 1)"),
        ("Gamma*(x + 1)", r"\Gamma \cdot (x + 1)"),
        ("psi*(x + 1)", r"\psi \cdot (x + 1)"),
        ("f*(x + 1)", r"f \cdot (x + 1)"),
        ("b*(x)'", r"b \cdot \left(x\right)'"),
        ("pi*(x)'", r"\pi \cdot \left(x\right)'"),
        ("x*(x + 1)", r"x (x + 1)"),
        ("theta*(x + 1)", r"\theta (x + 1)"),
    ],
)
def test_a_name_a_parenthesis_would_apply_is_printed_with_a_dot(text, latex):
    expr = parse(text)
    assert to_latex(expr) == latex
    assert parse_latex(latex) == expr


def test_a_number_before_a_fraction_is_printed_with_a_dot_not_as_a_mixed_number():
    """``2 \\frac{1}{x}`` reads as two and one x-th: the chain rule's ``2·(1/x)``."""
    expr = Mul(Num(2), Div(Num(1), Sym("x")))
    assert to_latex(expr) == r"2 \cdot \frac{1}{x}"
    assert parse_latex(to_latex(expr)) == expr
    assert r"2 \cdot \frac{1}{x}" in derive("exp(2*ln(x))").to_latex()


@pytest.mark.parametrize(
    ("latex", "written"),
    [("2^10", "2^{10}"), ("x^23", "x^{23}"), ("x_12", "x_{12}"), ("x^ 12", "x^{12}")],
)
def test_digits_after_a_bare_script_are_refused_not_read_as_tex_does(latex, written):
    """TeX raises only the first digit of ``2^10`` (2¹0): refused, with both spellings."""
    with pytest.raises(ParseError) as caught:
        parse_latex(latex)
    assert written in str(caught.value)


@pytest.mark.parametrize(
    ("latex", "read"),
    [(r"\ln^2 x", "ln(x)^2"), (r"\log^{2} x", "ln(x)^2"), ("x^{23}", "x^23"), ("x^2 3", "x^2*3")],
)
def test_a_power_of_a_logarithm_and_braced_digits_read(latex, read):
    assert str(parse_latex(latex)) == read


@pytest.mark.parametrize(
    "latex",
    [
        r"\frac{d}{dx_i}\left(x_i^2\right)",
        r"\frac{\partial L}{\partial w_{ij}}",
        r"\frac{\partial}{\partial \theta_j} \theta_j^2",
    ],
)
def test_a_derivative_by_an_indexed_variable_is_refused_not_read_as_a_quotient(latex):
    """``\\frac{d}{dx_i}`` was d/(d·x[i]), a quotient whose value is 1: refused by name."""
    with pytest.raises(ParseError, match="indexed variable"):
        parse_latex(latex)
    assert str(parse_latex(r"\frac{d}{dx_1} x_1^2")) == "diff(x_1^2, x_1)"


@pytest.mark.parametrize("latex", [r"x^{(i)}", r"y^{(2)}", r"\sum_i (x^{(i)} - y^{(i)})^2"])
def test_a_superscript_in_parentheses_is_a_label_refused_as_a_power(latex):
    with pytest.raises(ParseError, match="is a label"):
        parse_latex(latex)
    assert str(parse_latex(r"x^{(i+1)}")) == "x^(i + 1)"


@pytest.mark.parametrize("latex", [r"\delta(x)", r"\gamma(x)", r"\beta(x)", r"\alpha(x)"])
def test_a_greek_letter_before_one_atom_in_parentheses_is_refused_alike(latex):
    """``\\delta(x)`` is not silently δ·x while ``\\alpha(x)`` is refused: both ask."""
    with pytest.raises(ParseError, match="reads as a function"):
        parse_latex(latex)


@pytest.mark.parametrize(
    ("latex", "read"),
    [
        (r"\delta_{ik}", "delta(i, k)"),
        (r"\delta_{i,k}", "delta(i, k)"),
        (r"\delta_{ij} s_j", "delta(i, j)*s[j]"),
        (r"\delta_i", "delta[i]"),
        (r"\ln\sigma(x) y", "ln(sigmoid(x)*y)"),
        (r"\ln\sigma(x) \cdot y", "ln(sigmoid(x))*y"),
        (r"\ln \Gamma\left(x\right)", "ln(gamma(x))"),
        (r"\ln\sigma x", "ln(sigma*x)"),
    ],
)
def test_kronecker_delta_and_log_of_a_function_read_as_written(latex, read):
    """``\\log\\sigma(z)`` is the logarithm of the sigmoid, as written (differentiated by
    the chain rule), and takes the product after it as ``\\ln\\sin(x) y`` does."""
    assert str(parse_latex(latex)) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("delta(i, k)*y", "delta(i, k)*y"),
        ("delta(x + 1, y)", "delta(x + 1, y)"),
        ("logsigmoid(x)*y", "ln(sigmoid(x))*y"),
        ("y*lgamma(x + 1)*z", "y*ln(gamma(x + 1))*z"),
        ("lbeta(x, y)*z", "ln(beta(x, y))*z"),
    ],
)
def test_kronecker_delta_and_log_functions_print_to_what_reads_back(text, read):
    """ln σ, ln Γ and ln B read back as the logarithm of σ, Γ and B (equal in value), a
    ``\\cdot`` ending the product their ``\\ln`` takes."""
    assert parse_latex(to_latex(parse(text))) == parse(read)


def test_polygamma_reads_as_it_is_printed():
    assert str(parse_latex(r"\psi^{(1)}\left(x\right) y")) == "polygamma(1, x)*y"
    expr = parse("polygamma(2, x + 1)*y")
    assert parse_latex(to_latex(expr)) == expr


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\operatorname{lg} x", r"write \\log_\{10\} x or \\log_2 x"),
        (r"\operatorname{tg} x", r"^\\operatorname\{tg\} is the tangent .*: write \\tan x"),
        (r"\operatorname{foo} x", "does not know"),
        (r"\operatorname{tr}(A)", "does not know"),
        (r"\operatorname{softmax}_i(z)", r"\\operatorname{softmax}\(z\)_i"),
    ],
)
def test_an_operatorname_of_no_known_function_is_refused(latex, message):
    """``\\operatorname{lg} x`` was lg·x and ``softmax_i(z)`` softmax(i·z): refused."""
    with pytest.raises(ParseError, match=message):
        parse_latex(latex)
    assert str(parse_latex(r"\operatorname{softmax}(z)_i")) == "softmax(z, i)"
    assert str(parse_latex(r"\operatorname{lg} x", functions=["lg"])) == "lg(x)"


@pytest.mark.parametrize(
    ("latex", "written"), [("1e-3", "10^{-3}"), (r"\frac{1}{2e3 + x}", "10^{3}")]
)
def test_a_computers_exponent_is_refused_in_latex(latex, written):
    """``1e-3`` is 1·e − 3 as TeX typesets it: refused, never read as either silently."""
    with pytest.raises(ParseError) as caught:
        parse_latex(latex)
    assert written in str(caught.value)
    assert str(parse_latex("2e^x")) == "2*e^x"


@pytest.mark.parametrize("latex", [r"x^{2}^{3}", r"e^{x}^2", "x^2^3"])
def test_a_double_superscript_is_refused_as_tex_refuses_it(latex):
    with pytest.raises(ParseError, match="double superscript"):
        parse_latex(latex)
    assert str(parse_latex(r"{x^{2}}^{3}")) == "(x^2)^3"
    assert str(parse_latex(r"x^{2^{3}}")) == "x^2^3"


def test_two_overs_in_one_group_are_refused_as_tex_refuses_them():
    with pytest.raises(ParseError, match="two \\\\over"):
        parse_latex(r"{x \over y \over z}")
    assert str(parse_latex(r"{{x \over y} \over z}")) == "(x/y)/z"


@pytest.mark.parametrize(
    "text",
    ["sigmoid(x)^3", "gamma(x)^2", "normcdf(x)^2", "lgamma(x)^2", "logsigmoid(x)^2 * y"],
)
def test_a_power_of_a_greek_or_compound_function_prints_to_what_reads_back(text):
    """σ³(x) reads back as the sigmoid cubed (a Greek letter before a power and a
    parenthesis is the function, as sin²(x)); ``\\ln\\Gamma`` takes its power outside."""
    expr = parse(text)
    assert parse(to_pretty(expr)) == expr
    written = text.replace("lgamma(x)", "ln(gamma(x))").replace("logsigmoid(x)", "ln(sigmoid(x))")
    assert parse_latex(to_latex(expr)) == parse(written)


@pytest.mark.parametrize(
    ("latex", "read"),
    [
        (r"\log_{\frac{1}{2}}(x)", "log(x, 1/2)"),
        (r"\log_{0.1}(x) y", "log(x, 0.1)*y"),
        (r"\log_{x + 1} x^2", "log(x^2, x + 1)"),
    ],
)
def test_a_logarithm_to_any_base_in_braces_reads(latex, read):
    """The printers write ``\\log_{\\frac{1}{2}}(x)``: it reads back."""
    assert str(parse_latex(latex)) == read
    assert parse_latex(to_latex(parse(read))) == parse(read)


@pytest.mark.parametrize(
    "text", ["beta(x, y)", "gelu_tanh(x)", "gelu_tanh(x)^2", "3*beta(x, y + 1)"]
)
def test_the_beta_function_and_the_tanh_gelu_read_as_they_are_printed(text):
    expr = parse(text)
    assert parse_latex(to_latex(expr)) == expr
    assert str(parse_latex(r"\mathrm{B} x")) == "B*x"


@pytest.mark.parametrize(
    ("latex", "read"),
    [
        (r"\frac{d}{d\mathrm{ab}}\left(\mathrm{ab}^{2}\right)", "diff(ab^2, ab)"),
        (r"\frac{\partial}{\partial \mathrm{rate}} \mathrm{rate}^2", "diff(rate^2, rate)"),
    ],
)
def test_a_derivative_by_a_word_reads_as_it_is_printed(latex, read):
    """``\\frac{d}{d\\mathrm{ab}}`` was the quotient d/(d·ab): the printers write it."""
    assert str(parse_latex(latex)) == read
    assert parse_latex(to_latex(parse(read))) == parse(read)


# -- decorated names with an index -------------------------------------------------------------
MSE = r"\frac{1}{n}\sum_{i=1}^{n}(y_i - \hat{y}_i)^2"


@pytest.mark.parametrize(
    ("latex", "written"),
    [
        (r"\hat{y}_i", r"\hat{y}_{i}"),
        (r"\bar{x}_{i,k}^2", r"\bar{x}_{i,k}^{2}"),
        (r"\tilde{w}_j \hat{y}_j", r"\tilde{w}_{j} \hat{y}_{j}"),
        (MSE, r"\frac{1}{n} \sum_{i=1}^{n} (y_{i} - \hat{y}_{i})^{2}"),
    ],
)
def test_a_decorated_name_with_an_index_keeps_its_accent(latex, written):
    """``\\hat{y}_{i}``, never ``y_{hat}_{i}`` (a double subscript TeX refuses)."""
    expr = parse_latex(latex)
    assert to_latex(expr) == written
    assert parse_latex(written) == expr
    assert to_latex(parse("y_hat[i]")) == r"\hat{y}_{i}"


def test_a_derivative_by_a_decorated_indexed_name_in_every_format():
    derivation = derive(MSE, r"\hat{y}_j")
    latex = derivation.to_latex("en")
    assert latex.splitlines()[2].startswith(r"&\frac{d}{d\hat{y}_{j}}\left(\frac{1}{n} \sum_{i=1}")
    assert r"\frac{2 (\hat{y}_{j} - y_{j})}{n}" in latex
    for shown in (latex, derivation.to_markdown("en"), derivation.to_html("en")):
        assert "_{hat}" not in shown and r"\hat{y}_{i}" in shown
    text = derivation.to_text("en")
    assert text.startswith("d/dŷⱼ [(1/n)·Σᵢ₌₁ⁿ (yᵢ − ŷᵢ)²]") and "= 2·(ŷⱼ − yⱼ)/n" in text
    assert str(derivation.result) == "2*(y_hat[j] - y[j])/n"


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine installed")
def test_a_derivative_by_a_decorated_indexed_name_compiles(tmp_path):
    mse = derive(r"\frac{1}{n}\sum_{i=1}^{n}(y_i - \bar{x}_i)^2", r"\bar{x}_j")
    compiled, log = typeset(mse.to_latex("en", document=True), tmp_path)
    assert compiled, log


@pytest.mark.parametrize(
    ("latex", "read"),
    [
        # PyTorch's documentation: its modules' names, and \sqrt with parentheses
        (r"x * \text{Tanh}(\text{Softplus}(x))", "x*tanh(softplus(x))"),
        (
            r"0.5 * x * (1 + \text{Tanh}(\sqrt(2 / \pi) * (x + 0.044715 * x^3)))",
            "0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))",
        ),
        (r"\text{Sigmoid}(x) + \text{LogSigmoid}(x)", "sigmoid(x) + logsigmoid(x)"),
        (
            r"\text{Hardtanh}(x) \text{Softsign}(x) \text{Mish}(x)",
            "hardtanh(x)*softsign(x)*mish(x)",
        ),
        (r"\sqrt(x+1)", "sqrt(x + 1)"),
        (r"\sqrt(x+1) y", "sqrt(x + 1)*y"),
        (r"\sqrt 2x", "sqrt(2)*x"),
        (r"\sqrt{x}+1", "sqrt(x) + 1"),
        (r"\sqrt[3](x+1)", "root(x + 1, 3)"),
        (r"\sqrt((x+1)(x-1))", "sqrt((x + 1)*(x - 1))"),
        (r"\sqrt (x)^2", "sqrt(x)^2"),
    ],
)
def test_documentation_latex_reads_as_its_authors_mean(latex, read):
    assert parse_latex(latex) == parse(read)


def test_a_root_of_parentheses_says_how_it_is_read():
    _, notes = parse_latex_with_notes(r"\sqrt(2/\pi)")
    assert [convention for convention, _ in notes] == ["root-parentheses"]
    assert r"write \sqrt{…}" in notes[0][1]
    assert not parse_latex_with_notes(r"\sqrt{2/\pi}")[1]


@pytest.mark.parametrize(
    ("latex", "japanese"),
    [
        (r"e^(x+1)", "LaTeX の e^( は '(' だけを上付きにします"),
        (r"\frac(1)(x)", r"\frac の二つの引数は波括弧で書いてください: \frac{a}{b}"),
        (r"x_(1)", "TeX はここで括弧だけを引数にとります"),
        (r"\sqrt(x + 1", r"\sqrt( の後に ')' がありません"),
    ],
)
def test_a_parenthesis_where_tex_takes_a_brace_is_refused_in_both_languages(latex, japanese):
    with pytest.raises(ParseError) as caught:
        parse_latex(latex)
    said = in_japanese(caught.value.message)
    assert said is not None and said.startswith(japanese), said
