"""Unit tests for every differentiation rule: which rule fires, what it binds, and that
its result is the true derivative (checked against mpmath's numerical derivative)."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

from symderiv import parse
from symderiv.engine import choose_rule, derivative, derivative_steps
from symderiv.errors import NoRuleError
from symderiv.expr import (
    ONE,
    Add,
    Call,
    Div,
    E,
    Expr,
    Indexed,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Sum,
    Sym,
    symbols,
)
from symderiv.numeric import evaluate
from symderiv.steps import RULES

x, y, a, n, t = symbols("x y a n t")
POINTS = (0.3, 0.55, 0.8)
CONSTANTS = {"a": 1.7, "n": 0.6, "t": 0.35, "b": 2.3, "y": 0.45, "x": 0.7}


def numeric_derivative(f: Expr, var: Sym, at: float) -> mpmath.mpf:
    env = dict(CONSTANTS)

    def value(point: mpmath.mpf) -> mpmath.mpf:
        env[var.name] = point
        return evaluate(f, env, dps=mpmath.mp.dps)

    with mpmath.workdps(40):
        return mpmath.diff(value, mpmath.mpf(at))


def assert_true_derivative(f: Expr, var: Sym = x, functions: dict | None = None) -> Expr:
    result = derivative(f, var)
    for point in POINTS:
        expected = numeric_derivative(f, var, point)
        got = evaluate(result, {**CONSTANTS, var.name: point}, dps=40)
        assert abs(got - expected) <= 1e-20 * max(1, abs(expected)), (f, result, point)
    return result


def top_rule(f: Expr, var: Sym = x) -> str:
    return derivative_steps(f, var).rule


# (expression, expected top rule, expected substep rules)
RULE_CASES = [
    (Num(5), "constant", []),
    (a, "constant", []),
    (x, "variable", []),
    (x + Num(3), "sum", ["variable", "constant"]),
    (x**2 - x, "sum", ["power", "negation"]),
    (Neg(Call("sin", x)), "negation", ["fn:sin"]),
    (Num(3) * x**2, "constant-multiple", ["power"]),
    (a * Call("exp", x), "constant-multiple", ["fn:exp"]),
    (x**2 * Call("exp", x), "product", ["power", "fn:exp"]),
    (
        x * Call("sin", x) * Call("exp", x) * Log(x),
        "product",
        ["variable", "fn:sin", "fn:exp", "ln"],
    ),
    (Div(x**2 + Num(1), x - Num(1)), "quotient", ["sum", "sum"]),
    (Div(Call("sin", x), Num(2)), "quotient-constant-denominator", ["fn:sin"]),
    (Div(Num(1), x), "reciprocal", ["variable"]),
    (x**3, "power", []),
    (x ** Num(-2), "power", []),
    (x ** Div(Num(1), Num(2)), "power", []),
    (x**n, "power", []),
    (Pow(E, x), "exp", []),
    (Call("exp", x), "fn:exp", []),
    (Pow(a, x), "exponential-base", []),
    (Pow(Num(2), x), "exponential-base", []),
    (Pow(Num(0), x), "zero-base", []),
    (Pow(Num(0), x**2 + Num(1)), "zero-base", []),
    (Log(x), "ln", []),
    (Log(x, Num(2)), "log-base", []),
    (Log(x, a), "log-base", []),
    (Log(a, x), "log-change-of-base", ["reciprocal"]),
    (Log(x**2, x + Num(1)), "log-change-of-base", ["quotient"]),
    (x**x, "log-differentiation", ["variable", "variable"]),
    (Pow(x**2, x), "log-differentiation", ["power", "variable"]),
    (Pow(Call("sin", x), Call("cos", x)), "log-differentiation", ["fn:sin", "fn:cos"]),
    (Pow(E, x**2), "chain", ["exp", "power"]),
    (Call("sin", x**2), "chain", ["fn:sin", "power"]),
    (Pow(Call("sin", x), Num(2)), "chain", ["power", "fn:sin"]),
    (Call("sqrt", x), "fn:sqrt", []),
    (Call("cbrt", x), "fn:cbrt", []),
    (Call("root", x, Num(5)), "root", []),
    (Call("root", x**2 + Num(1), Num(3)), "chain", ["root", "sum"]),
    (Call("root", x, x + Num(1)), "root-as-power", ["log-differentiation"]),
    (Call("abs", x), "fn:abs", []),
    (Call("sigmoid", x), "fn:sigmoid", []),
    (Call("softplus", x), "fn:softplus", []),
    (
        Sum(Indexed("w", Sym("i")) * x ** Sym("i"), Sym("i"), Num(1), Num(3)),
        "sum-linearity",
        ["constant-multiple"],
    ),
]


@pytest.mark.parametrize(
    ("expr", "rule", "subrules"), RULE_CASES, ids=lambda v: str(v) if isinstance(v, str) else None
)
def test_rule_fires_with_its_substeps(expr: Expr, rule: str, subrules: list[str]) -> None:
    step = derivative_steps(expr, x)
    assert step.rule == rule
    assert [s.rule for s in step.substeps] == subrules
    assert step.result is derivative(expr, x)


@pytest.mark.parametrize("expr", [case[0] for case in RULE_CASES if not isinstance(case[0], Sum)])
def test_rule_result_is_the_true_derivative(expr: Expr) -> None:
    if isinstance(expr, Call) and expr.name in {"abs"}:
        pytest.skip("abs is checked at a point away from 0 below")
    assert_true_derivative(expr)


TRIG_AND_HYPERBOLIC = [
    "sin", "cos", "tan", "cot", "sec", "csc",
    "sinh", "cosh", "tanh", "coth", "sech", "csch",
    "asin", "acos", "atan", "acot", "asinh", "atanh", "sigmoid", "softplus", "exp", "sqrt", "cbrt",
]  # fmt: skip


@pytest.mark.parametrize("name", TRIG_AND_HYPERBOLIC)
def test_every_function_rule_directly_and_through_the_chain(name: str) -> None:
    assert top_rule(Call(name, x)) == f"fn:{name}"
    assert_true_derivative(Call(name, x))
    inner = Div(x, Num(2)) + Num(Fraction(1, 10))
    assert top_rule(Call(name, inner)) == "chain"
    assert_true_derivative(Call(name, inner))


@pytest.mark.parametrize("name", ["asec", "acsc", "acosh", "acoth"])
def test_functions_defined_outside_the_unit_interval(name: str) -> None:
    shifted = x + Num(2)  # |u| > 1 at the test points
    assert_true_derivative(Call(name, shifted))


def test_asech_on_its_domain() -> None:
    assert_true_derivative(Call("asech", x))


def test_abs_away_from_zero() -> None:
    assert_true_derivative(Call("abs", x - Num(2)))
    result = derivative(Call("abs", x), x)
    assert result is Call("sign", x)


def test_acsch() -> None:
    assert_true_derivative(Call("acsch", x))


def test_power_rule_exponents() -> None:
    assert derivative(x**3, x) is Mul(Num(3), x**2)
    assert derivative(x ** Num(-1), x) is Neg(Pow(x, Num(-2)))
    assert derivative(x ** Div(Num(1), Num(2)), x) is Mul(
        Num(Fraction(1, 2)), Pow(x, Num(Fraction(-1, 2)))
    )
    assert derivative(x**n, x) is Mul(n, Pow(x, Add(n, Num(-1))))


def test_constant_exponent_versus_variable_exponent() -> None:
    assert top_rule(x**a) == "power"
    assert top_rule(a**x) == "exponential-base"
    assert derivative(a**x, x) is Mul(Pow(a, x), Log(a))
    assert top_rule(x**x) == "log-differentiation"


def test_x_to_the_x() -> None:
    result = assert_true_derivative(x**x)
    assert result.children[0] is Pow(x, x)


def test_symbolic_base_exponential_records_its_conditions() -> None:
    step = derivative_steps(a**x, x)
    assert [str(c) for c in step.conditions] == ["a > 0", "a ≠ 1"]
    assert step.bindings == (("a", a),)


@pytest.mark.parametrize(
    ("text", "condition"),
    [("0^x", "x > 0"), ("(1 - 1)^x", "x > 0"), ("0^(-x)", "-x > 0"), ("0^sin(x)", "sin(x) > 0")],
)
def test_a_power_of_zero_is_zero_where_its_exponent_is_positive(text: str, condition: str) -> None:
    """0ᵘ = 0 where u > 0 (and has no value where u < 0): its derivative is 0 there, with
    the condition stated; (aˣ)′ = aˣ·ln a, whose condition a > 0 is false for a = 0, is
    not applied (it gave 0ˣ·ln 0)."""
    step = derivative_steps(parse(text), x)
    assert step.rule == "zero-base"
    assert step.result is Num(0)
    assert [str(c) for c in step.conditions] == [condition]
    assert derivative(parse(text), x) is Num(0)


@pytest.mark.parametrize(
    ("text", "false"),
    [
        ("(-2)^x", "-2 > 0"),
        ("(2 - 3)^x", "2 - 3 > 0"),
        ("(pi - 4)^x", "pi - 4 > 0"),
        ("sin(0)^x", "sin(0) > 0"),
        ("sin(pi)^x", "sin(pi) > 0"),
        ("x*(-e)^x", "-e > 0"),
        ("lbeta(x, -1)", "-1 > 0"),
    ],
)
def test_no_rule_is_applied_where_its_condition_is_false_for_constants(
    text: str, false: str
) -> None:
    """A rule whose condition between constants is false is not applied ((−2)ˣ gave
    (−2)ˣ·ln(−2) under the condition −2 > 0): with no other rule, a clear refusal."""
    for differentiate in (derivative, derivative_steps):
        with pytest.raises(NoRuleError, match=r"\(undefined: the rules for it need") as refused:
            differentiate(parse(text), x)
        assert f"{false}, which is false" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("2^x", "exponential-base"),
        ("(1/2)^x", "exponential-base"),
        ("(pi - 3)^x", "exponential-base"),
        ("(sqrt(2) - 1)^x", "exponential-base"),
        ("1^x", "log-differentiation"),
        ("a^x", "exponential-base"),
    ],
)
def test_a_rule_whose_constant_conditions_hold_or_are_unknown_is_applied(
    text: str, rule: str
) -> None:
    """1ˣ: (aˣ)′ needs a ≠ 1, which is false, so logarithmic differentiation (f > 0)
    gives (1ˣ)′ = 0; a > 0 with a letter is a condition, not a refusal."""
    f = parse(text)
    assert top_rule(f) == rule
    assert_true_derivative(f)


def test_constant_conditions_are_decided_exactly_or_where_the_precision_says() -> None:
    from symderiv.engine import constant_holds
    from symderiv.steps import Condition

    decided = {
        Condition(Num(0), ">", Num(0)): False,
        Condition(Num(Fraction(1, 10**400)), "≠", Num(0)): True,
        Condition(parse("sin(pi)"), "≠", Num(0)): False,
        Condition(parse("pi - 3"), ">", Num(0)): True,
        Condition(parse("e - 3"), ">", Num(0)): False,
        Condition(parse("a"), ">", Num(0)): None,
        Condition(parse("sqrt(-2)"), ">", Num(0)): None,
    }
    assert {c: constant_holds(c) for c in decided} == decided


def test_log_with_base_two_keeps_the_base() -> None:
    assert derivative(Log(x, Num(2)), x) is Div(ONE, Mul(x, Log(Num(2))))
    step = derivative_steps(Log(x, Num(2)), x)
    assert [str(c) for c in step.conditions] == ["2 > 0", "2 ≠ 1", "x > 0"]


def test_log_of_a_constant_to_a_variable_base() -> None:
    assert_true_derivative(Log(a, x))
    assert_true_derivative(Log(x, a))


def test_the_chain_rule_keeps_the_inner_derivative_whole() -> None:
    """f′(u)·u′ as a textbook writes it: a number times more factors stays one factor,
    with its sign; a bare number still comes first."""
    assert str(derivative(parse("exp(-x^2)"), x)) == "exp(-x^2)*(-2*x)"
    assert str(derivative(parse("(3*x^2 + 1)^5"), x)) == "5*(3*x^2 + 1)^4*(6*x)"
    assert str(derivative(parse("sin(3*x)"), x)) == "3*cos(3*x)"
    assert str(derivative(parse("ln(x^2 + 1)"), x)) == "1/(x^2 + 1)*(2*x)"


def test_a_whole_inner_derivative_multiplies_the_numerator_of_a_fraction() -> None:
    """(tan(2x + 1))′ = 2/cos²(2x + 1), not 2·(1/cos²(2x + 1)); signs come out in front;
    a fraction or decimal u′ keeps the product."""
    cases = {
        "tan(2*x + 1)": "2/cos(2*x + 1)^2",
        "ln(2*x)": "2/(2*x)",
        "ln(1 - 2*x)": "-2/(1 - 2*x)",
        "acot(3*x)": "-3/(1 + (3*x)^2)",
        "sqrt(3*x + 1)": "3/(2*sqrt(3*x + 1))",
        "ln(x/2)": "(1/2)*(1/(x/2))",
        "ln(2.5*x)": "2.5*(1/(2.5*x))",
    }
    for source, written in cases.items():
        assert str(assert_true_derivative(parse(source))) == written, source


def test_e_to_the_x_squared() -> None:
    result = assert_true_derivative(Pow(E, x**2))
    assert result is Mul(Pow(E, x**2), Mul(Num(2), x))  # f′(u)·u′, u′ = 2x kept whole


def test_sin_squared() -> None:
    result = assert_true_derivative(Pow(Call("sin", x), Num(2)))
    assert result is Mul(Num(2), Call("sin", x), Call("cos", x))


def test_chain_three_deep() -> None:
    f = Call("sin", Log(x**2 + Num(1)))
    step = derivative_steps(f, x)
    assert step.rule == "chain"
    inner = step.substeps[1]
    assert inner.rule == "chain" and inner.substeps[1].rule == "sum"
    assert inner.substeps[1].substeps[0].rule == "power"
    assert_true_derivative(f)
    assert_true_derivative(Call("exp", Call("sin", Call("sqrt", x + Num(1)))))


def test_chain_names_the_inner_function_and_differentiates_the_outer_in_u() -> None:
    step = derivative_steps(Call("sin", x**2), x)
    assert step.bindings[0] == ("u", x**2)
    outer, inner = step.substeps
    assert outer.expr is Call("sin", Sym("u")) and outer.var is Sym("u")
    assert outer.result is Call("cos", Sym("u"))
    assert inner.expr is x**2 and inner.result is Mul(Num(2), x)


def test_chain_placeholder_avoids_names_in_use() -> None:
    u = Sym("u")
    step = derivative_steps(Call("sin", u * x), x)
    assert step.substeps[0].var is not u


def test_product_of_four_factors() -> None:
    f = x * Call("sin", x) * Call("exp", x) * Log(x)
    step = derivative_steps(f, x)
    assert step.rule == "product" and len(step.substeps) == 4
    assert [name for name, _ in step.bindings] == ["f", "g", "h", "f_4"]
    assert len(step.result.children) == 4
    assert_true_derivative(f)


def test_quotient_of_quotients() -> None:
    f = Div(Div(x, x + Num(1)), Div(x**2, x - Num(3)))
    assert top_rule(f) == "quotient"
    assert_true_derivative(f)


def test_constant_factor_is_pulled_out_not_product_ruled() -> None:
    step = derivative_steps(Num(3) * x**2, x)
    assert step.rule == "constant-multiple"
    assert step.bindings == (("c", Num(3)), ("f", x**2))
    assert step.result is Mul(Num(6), x)


@pytest.mark.parametrize(
    ("f", "var", "expected"),
    [
        # a number times letters stands where its factor stands, as the letters are written
        ("x^2*y", "x", "2*x*y"),
        ("y*x^2", "x", "2*y*x"),
        ("ln(a)*x^2", "x", "2*x*ln(a)"),
        ("2*sqrt(6)*x^3", "x", "6*sqrt(6)*x^2"),
        # a function's value beside functions' values, as written
        ("e^x*ln(a)", "x", "e^x*ln(a)"),
        ("e^(2*x)*ln(a)", "x", "2*e^(2*x)*ln(a)"),
        # otherwise the constant comes first
        ("sin(x)*a", "x", "a*cos(x)"),
        ("e^(2*x)*y", "x", "2*y*e^(2*x)"),
        ("x*y*sin(x)", "x", "y*(sin(x) + x*cos(x))"),
        ("(x + sin(x))*a", "x", "a*(1 + cos(x))"),
    ],
)
def test_the_constant_multiple_writes_its_factors_in_textbook_order(f, var, expected) -> None:
    """(c·f)′: ``(x²·y)′ = 2x·y`` and ``(eˣ·ln a)′ = eˣ·ln a`` in the written order, ``(sin
    x·a)′ = a·cos x`` with the constant first."""
    tree, by = parse(f), parse(var)
    step = derivative_steps(tree, by)
    assert step.rule == "constant-multiple"
    assert str(step.result) == expected
    assert_true_derivative(tree, by)


def test_partial_derivative_treats_other_symbols_as_constants() -> None:
    f = x * y**2
    assert derivative(f, y) is Mul(Num(2), x, y)
    step = derivative_steps(f, y)
    assert step.rule == "constant-multiple" and step.note == "treat-constant"
    constant = derivative_steps(x + y, y).substeps[0]
    assert constant.rule == "constant" and constant.note == "treat-constant"
    assert_true_derivative(f, y)


def test_declared_function_composed_with_x_squared() -> None:
    f = Call("f", x**2)
    step = derivative_steps(f, x)
    assert step.rule == "chain"
    assert step.substeps[0].rule == "undefined-function"
    assert step.result is Mul(Call("f'", x**2), Mul(Num(2), x))
    assert derivative(Call("f'", x), x) is Call("f''", x)


def test_multi_argument_declared_function_by_the_multivariable_chain_rule() -> None:
    result = derivative(Call("g", x, x**2), x)
    assert str(result) == "∂₁g(x, x^2) + 2*∂₂g(x, x^2)*x"


def test_no_rule_is_an_error_naming_the_construct() -> None:
    from symderiv.expr import Product

    with pytest.raises(NoRuleError, match="Product"):
        derivative(Product(x + Sym("i"), Sym("i"), Num(1), Num(3)), x)


def test_every_step_result_is_computed_from_its_substeps() -> None:
    f = Div(Call("sin", x**2) * Pow(E, x), Log(x, Num(2)) + x**x)
    for step in derivative_steps(f, x).walk():
        assert (
            step.result
            is choose_rule(step.expr, step.var).combine(
                step.expr, step.var, tuple(s.result for s in step.substeps)
            )
            or step.rule == "constant"
        )
    assert_true_derivative(f)


def test_every_registered_derivative_rule_has_a_formula() -> None:
    import symderiv.rules  # noqa: F401

    for key, info in RULES.items():
        assert info.formula and info.latex, key


def test_deep_composition_differentiates_without_recursion() -> None:
    f: Expr = x
    for _ in range(10_000):
        f = Call("sin", f)
    result = derivative(f, x)
    assert result.depth > 10_000
    step = derivative_steps(f, x)
    assert step.count() >= 19_999


def test_shared_subtrees_are_differentiated_once() -> None:
    g = Call("sin", x**2 + Num(1))
    steps = derivative_steps(g * g + g, x)
    seen = [s for s in steps.walk() if s.expr is g]
    assert len({id(s) for s in seen}) == 1
