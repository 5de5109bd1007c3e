"""The functions of machine learning and probability: ReLU family, max/min, sign and step,
floor and ceiling, erf/Φ/GELU, the gamma family; declared functions of several arguments.

Each function: its derivative, its steps and where the derivative does not exist (in plain
text and LaTeX), checked against SymPy at points on both sides of every kink; each rule has
a broken copy that verification pins to its step."""

from __future__ import annotations

import dataclasses
import importlib
import random

import mpmath
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typeset import typeset

from symderiv.api import derive
from symderiv.bridge import to_sympy
from symderiv.engine import derivative
from symderiv.errors import GuardError, NoRuleError
from symderiv.expr import ONE, ZERO, Call, Expr, Num, Sym, add, depends_on, mul, neg, postorder
from symderiv.functions import FUNCTIONS, lookup
from symderiv.numeric import evaluate
from symderiv.parse import parse
from symderiv.plot import kink_points, plot_derivation
from symderiv.render.latex import to_latex
from symderiv.render.pretty import to_pretty
from symderiv.rules import RULES_BY_TYPE
from symderiv.rules.kinks import INTEGERS, function_conditions
from symderiv.special_functions import SPECIAL_SPECS, pieces_of
from symderiv.verify.derivation import known_derivatives

from strategies import nonsmooth_exprs, reject_undefined, smooth_exprs

sympy = pytest.importorskip("sympy")
pipeline = importlib.import_module("symderiv.pipeline")

X = Sym("x")

#: The smooth functions of one argument among the new entries.
SMOOTH_NEW = {
    spec.name for spec in SPECIAL_SPECS if spec.arity == 1 and not spec.kinks and spec.derivative
}

#: input -> (derivative as plain text, the conditions stated, as plain text).
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "relu(x)": ("heaviside(x)", ("x ≠ 0",)),
    "max(0, x)": ("heaviside(x)", ("x ≠ 0",)),
    "min(x, 1)": ("heaviside(1 - x)", ("x ≠ 1",)),
    "sign(x)": ("0", ("x ≠ 0",)),
    "heaviside(x - 1)": ("0", ("x - 1 ≠ 0",)),
    "floor(x^2)": ("0", ("x^2 ∉ ℤ",)),
    "ceil(x)": ("0", ("x ∉ ℤ",)),
    "clip(x, -1, 1)": ("heaviside(x + 1)*heaviside(1 - x)", ("x ≠ -1", "x ≠ 1")),
    "hardtanh(x)": ("heaviside(x + 1)*heaviside(1 - x)", ("x ≠ -1", "x ≠ 1")),
    "leaky_relu(x, 0.1)": ("heaviside(x) + 0.1*heaviside(-x)", ("x ≠ 0",)),
    "elu(x, 2)": ("heaviside(x) + 2*exp(x)*heaviside(-x)", ("x ≠ 0",)),
    "erf(x)": ("2/sqrt(pi)*exp(-x^2)", ()),
    "erfc(x)": ("-(2/sqrt(pi)*exp(-x^2))", ()),
    "Phi(x)": ("normpdf(x)", ()),
    "normpdf(x)": ("-(x*normpdf(x))", ()),
    "gelu(x)": ("Phi(x) + x*normpdf(x)", ()),
    "silu(x)": ("sigmoid(x)*(1 + x*(1 - sigmoid(x)))", ()),
    "gamma(x)": ("gamma(x)*digamma(x)", ()),
    "lgamma(x)": ("digamma(x)", ()),
    "digamma(x)": ("polygamma(1, x)", ()),
    "polygamma(2, x)": ("polygamma(3, x)", ()),
}


def _raw(text: str) -> str:
    return str(derivative(parse(text), X))


@pytest.mark.parametrize("text", sorted(CASES))
def test_each_function_has_its_textbook_derivative(text: str) -> None:
    expected, _conditions = CASES[text]
    assert derivative(parse(text), X) is parse(expected)


@pytest.mark.parametrize("text", sorted(CASES))
def test_each_derivation_verifies_and_states_where_it_does_not_exist(text: str) -> None:
    d = derive(text)
    assert d.verification.status == "verified", d.verification
    _expected, conditions = CASES[text]
    stated = {str(c) for step in d.all_steps() for c in step.conditions if c.kink}
    assert set(conditions) <= stated, stated
    assert bool(conditions) == bool(stated)


# -- conditions in every renderer ------------------------------------------------------------
def test_relu_states_x_ne_0_in_plain_text_latex_markdown_and_json() -> None:
    d = derive("relu(x)")
    assert "for x ≠ 0" in d.to_text(lang="en")
    assert "ただし x ≠ 0" in d.to_text(lang="ja")
    assert r"\text{for}\ x \ne 0" in d.to_latex(lang="en")
    assert "x \\ne 0" in d.to_markdown(lang="en")
    steps = d.to_dict()["orders"][0]["step"]["steps"]
    conditions = [c for step in steps for c in step["conditions"]]
    assert "x ≠ 0" in conditions


def test_floor_states_not_an_integer_in_text_and_latex() -> None:
    d = derive("floor(x^2)")
    assert "x² ∉ ℤ" in d.to_text(lang="en")
    assert r"x^{2} \notin \mathbb{Z}" in d.to_latex(lang="en")


def test_a_smooth_function_states_no_kink() -> None:
    text = derive("gelu(x)").to_text(lang="en")
    assert "≠" not in text and "∉" not in text


def test_the_chain_rule_states_the_kink_of_the_outer_function_at_its_argument() -> None:
    d = derive("relu(x^2 - 1)")
    chain = d.step
    assert chain.rule == "chain"
    assert [str(c) for c in chain.conditions] == ["x^2 - 1 ≠ 0"]
    assert all(c.kink for c in chain.conditions)


def test_conditions_of_max_are_pairwise_and_oriented() -> None:
    spec = FUNCTIONS["max"]
    made = function_conditions(spec, (Num(0), X, parse("x^2")))
    assert [str(c) for c in made] == ["x ≠ 0", "x^2 ≠ 0", "x ≠ x^2"]
    assert function_conditions(FUNCTIONS["floor"], (X,))[0].rhs is INTEGERS


# -- against SymPy on both sides of every kink -----------------------------------------------
#: A non-smooth function and the points where it is not differentiable.
KINKS: dict[str, tuple[float, ...]] = {
    "relu(x)": (0.0,),
    "max(0, x)": (0.0,),
    "max(x, x^2)": (0.0, 1.0),
    "min(x, 1 - x)": (0.5,),
    "abs(x)": (0.0,),
    "sign(x)": (0.0,),
    "heaviside(x)": (0.0,),
    "floor(x)": (-1.0, 0.0, 1.0, 2.0),
    "ceil(2x)": (-0.5, 0.0, 0.5, 1.0),
    "clip(x, -1, 1)": (-1.0, 1.0),
    "hardtanh(x)": (-1.0, 1.0),
    "leaky_relu(x, 0.2)": (0.0,),
    "elu(x, 1.5)": (0.0,),
    "relu(x^2 - 1)": (-1.0, 1.0),
    "max(0, x) * x": (0.0,),
    "softsign(x)": (0.0,),
}


def _sympy_slope(text: str, at: float) -> float:
    x = sympy.Symbol("x", real=True)
    reference = known_derivatives(sympy.diff(to_sympy(parse(text), real=True), x))
    return float(reference.subs(x, sympy.Float(at, 30)).evalf(30))


@pytest.mark.parametrize("text", sorted(KINKS))
def test_derivative_agrees_with_sympy_on_both_sides_of_every_kink(text: str) -> None:
    ours = derive(text).result
    rng = random.Random(text)
    for kink in KINKS[text]:
        for side in (-1, 1):
            for _ in range(3):
                at = kink + side * rng.uniform(1e-3, 0.3)
                value = float(mpmath.re(evaluate(ours, {"x": at})))
                assert value == pytest.approx(_sympy_slope(text, at), rel=1e-9, abs=1e-12), (
                    text,
                    at,
                )


def test_the_one_sided_slopes_of_relu_differ_so_zero_is_excluded() -> None:
    slope = derive("relu(x)").result
    assert evaluate(slope, {"x": -1e-9}) == 0 and evaluate(slope, {"x": 1e-9}) == 1


def test_heaviside_takes_the_stated_convention_at_zero() -> None:
    assert evaluate(parse("heaviside(x)"), {"x": 0}) == mpmath.mpf(1) / 2
    assert "H(0) = 1/2" in FUNCTIONS["heaviside"].formula


# -- declared functions -----------------------------------------------------------------------
def test_a_declared_composition_verifies() -> None:
    d = derive("f(g(x))", functions=["f", "g"])
    assert d.verification.status == "verified", d.verification


def test_a_declared_function_of_two_arguments_verifies_with_partial_derivatives() -> None:
    d = derive("f(x^2, x)", functions=["f"])
    assert d.verification.status == "verified", d.verification
    text = d.to_text(lang="en")
    assert "∂₁f(x², x)" in text and "∂₂f(x², x)" in text
    assert d.step.rule == "multivariable-chain"
    assert r"\partial_{1} f" in d.to_latex(lang="en")


def test_a_partial_derivative_in_y_treats_x_as_constant() -> None:
    d = derive("f(x, y)", "y", functions=["f"])
    assert str(d.result) == "∂₂f(x, y)"
    assert d.verification.status == "verified"


def test_second_partials_verify() -> None:
    first = derive("f(x, y)", "x", functions=["f"]).result
    d = derive(first, "y", functions=["f"])
    assert str(d.result) == "∂₂∂₁f(x, y)"
    assert d.verification.status == "verified", d.verification


# -- reading ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("max(0, x)", Call("max", ZERO, X)),
        ("min(x, x^2, 1)", Call("min", X, parse("x^2"), ONE)),
        ("leaky_relu(x)", Call("leaky_relu", X, FUNCTIONS["leaky_relu"].defaults[0])),
        ("elu(x)", Call("elu", X, ONE)),
        ("sgn(x)", Call("sign", X)),
        ("step(x)", Call("heaviside", X)),
        ("gamma(x)", Call("gamma", X)),
        ("gamma x", mul(Sym("gamma"), X)),
        ("beta x", mul(Sym("beta"), X)),
        ("Phi(x)", Call("Phi", X)),
        ("Γ(x)", Call("gamma", X)),
        ("normcdf(x)", Call("Phi", X)),
        ("swish(x)", Call("silu", X)),
    ],
)
def test_the_names_are_read(text: str, tree: object) -> None:
    assert parse(text) is tree


def test_max_of_one_argument_is_refused() -> None:
    with pytest.raises(ValueError, match="max takes 2 arguments"):
        parse("max(x)")


def test_every_function_has_latex_and_a_rule_name_in_both_languages() -> None:
    from symderiv.render.messages import rule_name

    for name in ("relu", "sign", "floor", "erf", "Phi", "gelu", "gamma", "lgamma", "digamma"):
        spec = lookup(name)
        assert spec is not None and spec.latex
        assert rule_name(spec.rule_key, "en") != rule_name(spec.rule_key, "ja")


# -- a broken rule is pinned to its step ------------------------------------------------------
#: rule key -> an expression whose derivation uses it: each rule of the new table entries.
RULE_EXAMPLES = {
    spec.rule_key: f"{spec.name}({', '.join(['x', '0.5', '2'][: spec.arity])})"
    for spec in SPECIAL_SPECS
    if spec.derivative is not None
}
RULE_EXAMPLES["fn:polygamma"] = "polygamma(1, x)"
RULE_EXAMPLES["fn:clip"] = "clip(x, -1, 1)"
RULE_EXAMPLES["multivariable-chain"] = "max(x, x^2)"


def _broken(result: object) -> object:
    """The result changed so that it is wrong everywhere: negated, or 1 added to 0."""
    return ONE if result is ZERO else add(neg(result), ONE)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", sorted(RULE_EXAMPLES))
def test_a_broken_rule_is_pinned_to_its_step(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    for node_type, rules in RULES_BY_TYPE.items():
        patched = [
            dataclasses.replace(r, combine=lambda n, v, res, c=r.combine: _broken(c(n, v, res)))
            if r.key == key
            else r
            for r in rules
        ]
        monkeypatch.setitem(RULES_BY_TYPE, node_type, patched)
    text = RULE_EXAMPLES[key]
    with pytest.raises(GuardError):
        derive(text, "x", simplify=False, verify=False)
    monkeypatch.setattr(pipeline, "check_derivative", lambda *_: None)
    d = derive(text, "x", simplify=False, verify=False)
    v = d.verify()
    assert v.status == "mismatch", (key, str(d.result), v)
    assert v.failing_step is not None and v.failing_step.rule == key


# -- random trees ----------------------------------------------------------------------------
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nonsmooth_exprs(max_leaves=6))
def test_random_trees_with_the_new_functions_verify(expr: Expr) -> None:
    try:
        d = derive(expr, "x", budget=2.0)
    except NoRuleError as error:
        reject_undefined(error)
    assert d.verification.status in ("verified", "undecided"), (str(expr), d.verification)
    kinks = [c for step in d.all_steps() for c in step.conditions if c.kink]
    nonsmooth = [n for n in postorder(expr) if isinstance(n, Call) and FUNCTIONS[n.name].kinks]
    if any(depends_on(n, X) for n in nonsmooth):
        assert kinks or any(s.rule == "piecewise-smooth" for s in d.all_steps()), str(expr)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth_exprs(max_leaves=5), st.sampled_from(sorted(SMOOTH_NEW)))
def test_random_trees_through_the_smooth_new_functions_verify(inner: Expr, name: str) -> None:
    expr = Call(name, inner)
    try:
        d = derive(expr, "x", budget=2.0)
    except NoRuleError as error:
        reject_undefined(error)
    assert d.verification.status in ("verified", "undecided"), (str(expr), d.verification)


# -- piecewise functions ------------------------------------------------------------------------
def test_piecewise_is_differentiated_piece_by_piece_with_the_kink_excluded() -> None:
    d = derive("piecewise((x^2, x >= 0), (-x, True))")
    assert d.step.rule == "piecewise"
    assert [s.rule for s in d.step.substeps] == ["power", "negation"]
    assert str(d.result) == "piecewise((2*x, x >= 0), (-1, True))"
    assert [str(c) for c in d.step.conditions] == ["x ≠ 0"]
    assert d.verification.status == "verified"
    text = d.to_text(lang="en")
    assert "{2x if x ≥ 0; −1 otherwise}" in text and "for x ≠ 0" in text
    latex = d.to_latex(lang="en")
    assert r"\begin{cases} 2 x & x \ge 0 \\ -1 & \text{otherwise} \end{cases}" in latex
    assert r"x \ne 0" in latex


def test_a_boundary_where_the_one_sided_derivatives_agree_is_included_and_said() -> None:
    d = derive("piecewise((x^2, x >= 1), (2x - 1, True))")
    assert d.step.rule == "piecewise-smooth" and d.step.conditions == ()
    assert "one-sided derivatives agree" in d.to_text(lang="en")
    assert "左右の微分係数が一致" in d.to_text(lang="ja")
    assert d.verification.status == "verified"


def test_a_jump_is_excluded_even_where_the_slopes_agree() -> None:
    d = derive("piecewise((x, x < 1), (x + 1, True))")
    assert [str(c) for c in d.step.conditions] == ["x ≠ 1"]


def test_each_boundary_of_three_pieces_is_judged() -> None:
    d = derive("piecewise((sin(x), x < 1), (x^2, 1 <= x and x < 2), (4, True))")
    assert [str(c) for c in d.step.conditions] == ["x ≠ 1", "x ≠ 2"]
    assert d.verification.status == "verified"


def test_a_boundary_not_at_a_number_is_excluded_as_written() -> None:
    d = derive("piecewise((x^2, x^2 >= 1), (1, True))")
    assert [str(c) for c in d.step.conditions] == ["x^2 ≠ 1"]


@pytest.mark.parametrize(
    "latex",
    [
        r"\begin{cases} x^2 & x \ge 0 \\ -x & x < 0 \end{cases}",
        r"\begin{cases} x^2 & \text{if } x \geq 0, \\ -x & \text{otherwise.} \end{cases}",
        r"\left\{\begin{cases} x^2 & x\geq0 \\ -x & \text{else} \end{cases}\right.",
    ],
)
def test_cases_in_latex_are_read(latex: str) -> None:
    from symderiv.parse import parse_latex

    tree = parse_latex(latex.replace(r"\left\{", "").replace(r"\right.", ""))
    values = [str(v) for v, _c in pieces_of(tree)]  # type: ignore[arg-type]
    assert values == ["x^2", "-x"]


def test_piecewise_reads_back_what_it_prints() -> None:
    text = "piecewise((x, 0 <= x and x < 1), (2 - x, 1 <= x and x < 2), (0, True))"
    assert str(parse(text)) == text
    assert parse("piecewise((x, 0 <= x < 1), (0, True))") is parse(
        "piecewise((x, 0 <= x and x < 1), (0, True))"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("piecewise((x^2, x >= 0), (-x))", r"each piece is \(value, condition\)"),
        ("piecewise((x^2, x = 0), (-x, True))", "a condition compares two sides"),
        ("piecewise((x^2, x >= 0)", "is not closed"),
    ],
)
def test_a_malformed_piecewise_is_refused_where_it_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse(text)


# -- plots ---------------------------------------------------------------------------------------
def test_the_points_where_the_derivative_does_not_exist_are_found_for_the_plot() -> None:
    grid = [-3 + 6 * i / 400 for i in range(401)]
    assert kink_points(derive("relu(x^2 - 1) + floor(x)"), grid) == [-2, -1, 0, 1, 2, 3]
    assert kink_points(derive("piecewise((x^2, x >= 1), (2x - 1, True))"), grid) == []
    assert kink_points(derive("sin(x)"), grid) == []


def test_the_plot_marks_them(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "relu.png"
    plot_derivation(derive("relu(x) + abs(x - 1)"), str(path))
    assert path.stat().st_size > 0


# -- the sign-abs rewrite ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "textbook"),
    [
        ("ln(abs(x))", "1/x"),
        ("ln(abs(x^2 - 1))", "2*x/(x^2 - 1)"),
        ("abs(x)^2", "2*x"),
        ("x*abs(x)", "2*abs(x)"),
        ("abs(x)^3", "3*x*abs(x)"),
        ("abs(x)", "sign(x)"),
    ],
)
def test_sign_and_absolute_value_reach_the_textbook_form(text: str, textbook: str) -> None:
    d = derive(text)
    assert d.result is parse(textbook), str(d.result)
    assert d.verification.status == "verified"
    for step in d.rewrites:
        if step.rule == "sign-abs":
            assert all(c.relation == "≠" for c in step.conditions)


# -- LaTeX typesets -----------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("lang", "engine"), [("en", "pdflatex"), ("ja", "lualatex")])
def test_every_new_rule_typesets_with_its_formula_and_explanation(
    tmp_path, lang: str, engine: str
) -> None:
    texts = [*RULE_EXAMPLES.values(), "relu(x^2 - 1)", "f(x^2, sin(x))", "floor(x^2)"]
    texts += ["piecewise((x, 0 <= x < 1), (0, True))", "piecewise((x^2, x >= 1), (2x - 1, True))"]
    documents = [
        derive(text, functions=["f"]).to_latex(lang, document=True, detail="full", explain=True)
        for text in texts
    ]
    preamble = documents[0][: documents[0].index(r"\begin{document}")]
    bodies = [d[d.index(r"\begin{document}") + 16 : d.index(r"\end{document}")] for d in documents]
    document = preamble + "\\begin{document}\n" + "\n".join(bodies) + "\n\\end{document}\n"
    compiled, _ = typeset(document, tmp_path, engine)
    log = (tmp_path / "out.log").read_text(encoding="utf-8", errors="replace")
    assert compiled, [line for line in log.splitlines() if line.startswith("!")]
    assert "Missing character" not in log


# -- at a point ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "at"), [("relu(x)", 0), ("abs(x^2 - 1)", 1), ("floor(x)", 2), ("max(x, 1 - x)", 0.5)]
)
def test_no_slope_nor_tangent_is_given_at_a_kink(text: str, at: float) -> None:
    with pytest.raises(ValueError, match=r"no derivative is given at x = .*: the steps hold only"):
        derive(text).at(x=at)


def test_away_from_a_kink_and_where_the_pieces_join_smoothly_the_slope_is_given() -> None:
    assert derive("relu(x)").at(x=2).slope is ONE
    assert derive("piecewise((x^2, x >= 0), (0, True))").at(x=0).slope is ZERO


@pytest.mark.parametrize("text", sorted(t for t, (_r, conditions) in CASES.items() if conditions))
def test_each_kink_is_stated_in_plain_text_and_latex(text: str) -> None:
    d = derive(text, verify=False)
    plain, latex = d.to_text(lang="en"), d.to_latex(lang="en")
    for step in d.all_steps():
        for condition in step.conditions:
            if condition.kink:
                relation = {"≠": r"\ne", "∉": r"\notin"}[condition.relation]
                shown = (
                    f"{to_pretty(condition.lhs)} {condition.relation} {to_pretty(condition.rhs)}"
                )
                assert shown in plain, (shown, plain)
                assert f"{to_latex(condition.lhs)} {relation} {to_latex(condition.rhs)}" in latex
    assert "for " in plain and r"\text{for}" in latex


def test_a_function_of_real_arguments_at_a_complex_point_has_no_value_or_its_real_one() -> None:
    """Φ is defined for real arguments: at log₋ₓ(−x) (1 + 0i) it takes the real part, at
    √(x − 5) (imaginary) it has no value, a NumericError, never a TypeError."""
    from symderiv.numeric import NumericError

    assert abs(evaluate(parse("Phi(log(-x, -x))"), {"x": 0.5}) - 0.8413447460685429) < 1e-12
    with pytest.raises(NumericError):
        evaluate(parse("Phi(sqrt(x - 5))"), {"x": 0.5})
