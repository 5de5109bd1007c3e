"""The public API of the differentiator: derive, diff, gradient, derive_implicit, orders."""

from __future__ import annotations

import pytest

import symderiv
from symderiv import NoRuleError, VariableError, derive, diff, gradient
from symderiv.api import derive_implicit
from symderiv.cli_words import said_in_japanese
from symderiv.errors import ParseError
from symderiv.expr import Call, Indexed, Mul, Num, Sym, symbols
from symderiv.numeric import evaluate
from symderiv.parse import parse

x, y = symbols("x y")


def same_value(a, b, **point) -> bool:
    point = {"x": 0.37, "y": 0.81, "a": 1.3, "t": 0.4, **point}
    return abs(evaluate(a, point) - evaluate(b, point)) < 1e-20


def test_public_api_names_resolve() -> None:
    for name in symderiv.__all__:
        assert getattr(symderiv, name) is not None, name


def test_derive_from_text_records_steps_and_result() -> None:
    d = derive("x^2 e^x", verify=False)
    assert d.expr is parse("x^2 e^x")
    assert d.var is x
    assert d.step.rule == "product"
    assert [s.rule for s in d.step.substeps] == ["power", "exp"]
    assert d.raw is d.step.result
    assert same_value(d.result, parse("(2x + x^2) e^x"))


def test_derive_result_is_the_last_rewrite() -> None:
    d = derive("x^2 e^x", verify=False)
    assert d.rewrites, "x²·eˣ has a tidying to show"
    assert d.result is d.rewrites[-1].result
    assert d.rewrites[0].expr is d.raw
    for before, after in zip(d.rewrites, d.rewrites[1:], strict=False):
        assert before.result is after.expr


def test_diff_equals_derive_result() -> None:
    for text in ["x^2 e^x", "sin(x^2)", "x^x", "ln(x)/x", "sqrt(x)", "log(x, 2)", "a^x"]:
        assert diff(text) is derive(text, verify=False).result, text


def test_variable_defaults() -> None:
    assert derive("t^2", verify=False).var is Sym("t")
    assert derive("x y", verify=False).var is x
    assert derive("5", verify=False).result is Num(0)
    with pytest.raises(VariableError, match="a, b"):
        derive("a b", verify=False)


def test_variable_forms() -> None:
    assert derive("x y^2", "y", verify=False).var is y
    assert derive("theta^2", "theta", verify=False).var is Sym("theta")
    assert derive("y[j,l]^2", "y[j,l]", verify=False).var is Indexed("y", Sym("j"), Sym("l"))
    with pytest.raises(VariableError):
        derive("x^2", "x + 1", verify=False)


def test_partial_derivative_of_x_y_squared_is_2xy() -> None:
    assert same_value(diff("x*y^2", "y"), parse("2 x y"))
    assert diff("x*y^2", "y") is Mul(Num(2), x, y)


def test_higher_order_shows_every_order() -> None:
    d = derive("x^3 e^x", order=3, verify=False)
    assert d.order == 3 and len(d.orders) == 3
    assert [o.order for o in d.orders] == [1, 2, 3]
    for lower, higher in zip(d.orders, d.orders[1:], strict=False):
        assert higher.expr is lower.result
    assert same_value(d.result, parse("(x^3 + 9x^2 + 18x + 6) e^x"))
    assert diff("x^3 e^x", order=3) is d.result


def test_tenth_derivative() -> None:
    assert same_value(
        diff("x^3 e^x sin(x)", order=10), diff(diff("x^3 e^x sin(x)", order=5), order=5)
    )
    assert diff("x^12", order=10) is parse("239500800 x^2")


def test_order_limits() -> None:
    with pytest.raises(ValueError):
        derive("x", order=0)
    with pytest.raises(ValueError):
        diff("x", order=1000)


def test_gradient_one_derivation_per_variable() -> None:
    g = gradient("x^2 y + sin(y)", verify=False)
    assert g.variables == (x, y)
    assert same_value(g["x"].result, parse("2 x y"))
    assert same_value(g["y"].result, parse("x^2 + cos(y)"))
    notes = [s.note for s in g["y"].all_steps()]
    assert "treat-constant" in notes


def test_derive_implicit_circle() -> None:
    d = derive_implicit("x^2 + y^2 = 25", "y", "x", verify=False)
    assert same_value(d.result, parse("-x/y"))
    assert d.lhs.step.rule == "sum"


def test_declared_function() -> None:
    d = derive("f(x^2)", functions=["f"], verify=False)
    assert d.step.rule == "chain"
    assert d.raw is Mul(Call("f'", x**2), Mul(Num(2), x))


def test_no_rule_error_names_the_function() -> None:
    with pytest.raises(NoRuleError, match="delta"):
        derive("delta(x, 2)", verify=False)


def test_derive_verifies_by_default() -> None:
    d = derive("x^2 e^x")
    assert d.verification is not None
    assert bool(d.verification)


def test_an_equation_names_the_function_that_takes_it() -> None:
    with pytest.raises(
        VariableError, match=r"an identity about a derivative \(check it with check_identity\)"
    ):
        derive("(a^x)' = a^x ln a")
    with pytest.raises(VariableError, match=r"not an equation \(use derive_implicit\)"):
        diff("x^2 + y^2 = 1")
    with pytest.raises(VariableError, match=r'give the formula alone, "x\^2" \(or use derive_imp'):
        diff("y = x^2", "y")
    assert str(diff("y = x^2")) == "2*x"
    assert symderiv.check_identity("(a^x)' = a^x ln a").status == "verified"
    for not_an_identity in ("sin(x)^2 + cos(x)^2", r"\sin^2 x + \cos^2 x"):
        with pytest.raises(ParseError, match="expected an equation 'lhs = rhs'"):
            symderiv.check_identity(not_an_identity)


#: The seed's binary cross-entropy, as the post writes it.
BINARY_CROSS_ENTROPY = (
    r"- \frac{1}{N} \sum_{i}^{N} \lbrack t_{i} \log y_{i} + (1- t_{i}) \log (1- y_{i}) \rbrack"
)


def test_a_variable_indexed_by_a_sums_own_index_is_refused_naming_one_of_its_own():
    """By yᵢ where Σᵢ runs over the yᵢ, every term's yᵢ would be the variable (a wrong
    derivative the verifier caught as a mismatch); y[j] says which term."""
    for var in ("y_i", "y[i]", "y_{i}"):
        with pytest.raises(VariableError, match=r"its index i is the one a sum .* by y\[j\]"):
            diff(BINARY_CROSS_ENTROPY, var)
    d = derive(BINARY_CROSS_ENTROPY, "y[j]")
    assert str(d.result) == "(y[j] - t[j])/(N*y[j]*(1 - y[j]))"
    assert d.verification.status == "verified", d.verification
    assert str(diff("sum(y[i]^2, i, 1, N) + y[i]", "y[k]")) == "2*y[k] + delta(i, k)"


@pytest.mark.parametrize(
    ("source", "var", "family", "member"),
    [
        (r"\sum_j x_j^2", "x", "x[j]", "x[k]"),
        (r"\sum_{k} x_k^2", None, "x[k]", "x[l]"),
        (r"\frac{e^{x}}{\sum_j e^{x_j}}", None, "x[j]", "x[k]"),
        (r"\sum_{i}\sum_j W_{ij} x_j", "W", "W[i, j]", "W[k, l]"),
    ],
)
def test_a_variable_named_as_a_family_the_formula_indexes_is_refused_naming_a_member(
    source, var, family, member
):
    """By x where the formula indexes x as a family, the derivative of a member by the whole
    family is a gradient (the rules had no rule for it: "no rule for Indexed expressions");
    a member with an index of its own says which."""
    said = (
        f"the formula indexes {family[0]} as a family of variables ({family}); "
        f"differentiate by one of them, {member}, an index of its own"
    )
    for run in (derive, diff):
        with pytest.raises(VariableError) as caught:
            run(source, var)
        assert str(caught.value).endswith(said)
    assert "添字の異なる一つの変数" in said_in_japanese(str(caught.value))
    if "e^{x}" in source:  # x is also a variable of its own: by x[k] too, a clash
        with pytest.raises(VariableError, match="both as a variable of its own and as a fam"):
            diff(source, member)
        return
    d = derive(source, member)
    assert d.verification.status == "verified", d.verification


def test_a_letter_both_a_variable_and_a_family_is_refused_by_a_member():
    """z + ln softmax(z)ₖ by zⱼ: the lone z is a variable of its own (the rules had "no rule
    for Sym expressions"); softmax(z) alone takes the family whole."""
    with pytest.raises(VariableError, match=r"writes z both as a variable of its own and as a"):
        diff(r"z + \log \operatorname{softmax}(z)_k", "z_j")
    assert str(diff(r"\log \operatorname{softmax}(z)_k", "z_j")) == "delta(k, j) - softmax(z, j)"
