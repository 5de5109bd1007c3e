"""Mixed and repeated partial derivatives: ``--wrt x --wrt y``, ``--wrt x,y``, ``-n`` per
variable, ``diff(f, x, y)``, ``derive(f, ["x", "y"])``, ``∂²/∂x∂y``: one stage per
differentiation, each recorded and verified; options that contradict are refused."""

from __future__ import annotations

import json

import pytest

from symderiv import derive, diff, parse
from symderiv.cli import main, staged_variables
from symderiv.errors import VariableError
from symderiv.expr import Expr, Sym, free_names
from symderiv.numeric import evaluate

x, y, z = Sym("x"), Sym("y"), Sym("z")


def same(a: Expr, b: Expr) -> bool:
    """Equal in value at a few points (the trees may order their factors differently)."""
    names = sorted(free_names(a) | free_names(b))
    for shift in (0.0, 0.21, 0.53):
        point = {name: 0.3 + 0.17 * index + shift for index, name in enumerate(names)}
        if abs(evaluate(a, point) - evaluate(b, point)) > 1e-9 * (1 + abs(evaluate(b, point))):
            return False
    return True


def _cli(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def test_wrt_twice_is_the_mixed_partial_not_the_last_variable_alone(capsys):
    """``symderiv "x^2 y^3" --wrt x --wrt y`` once printed 3x²·y² (the derivative by y
    alone, the first --wrt dropped); ∂²/∂x∂y is 6x·y²."""
    code, out, _ = _cli(capsys, "x^2 y^3", "--wrt", "x", "--wrt", "y", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert same(parse(data["result"]), parse("6*x*y^2"))
    assert not same(parse(data["result"]), parse("3*x^2*y^2"))
    assert [level["var"] for level in data["orders"]] == ["x", "y"]
    assert data["verification"]["status"] == "verified"


@pytest.mark.parametrize(
    ("arguments", "expected", "variables"),
    [
        (["--wrt", "x", "--wrt", "y"], "6*x*y^2", ["x", "y"]),
        (["--wrt", "x,y"], "6*x*y^2", ["x", "y"]),
        (["--wrt", "y,x"], "6*x*y^2", ["y", "x"]),
        (["--wrt", "x", "-n", "2", "--wrt", "y"], "6*y^2", ["x", "x", "y"]),
        (["--wrt", "y", "-n", "3"], "6*x^2", ["y", "y", "y"]),
        (["-n", "2", "--wrt", "y"], "6*x^2*y", ["y", "y"]),
        (["-n", "2"], "2*y^3", ["x", "x"]),
        (["-x", "x", "-x", "y", "-x", "y"], "12*x*y", ["x", "y", "y"]),
    ],
)
def test_wrt_and_order_options(capsys, arguments, expected, variables):
    code, out, _ = _cli(capsys, "x^2 y^3", *arguments, "-f", "json", "--no-verify")
    assert code == 0
    data = json.loads(out)
    assert same(parse(data["result"]), parse(expected))
    assert [level["var"] for level in data["orders"]] == variables


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--wrt", "x,y", "-n", "2"], "give each variable its own --wrt"),
        (["-n", "2", "--wrt", "x", "--wrt", "y"], "put each -n after its --wrt"),
        (["--wrt", "x", "-n", "2", "-n", "3"], "-n is given twice for x"),
        (["-n", "2", "-n", "3"], "-n is given twice"),
        (["--wrt", "x", "-n", "0"], "-n must be a whole number"),
    ],
)
def test_contradicting_options_are_refused(capsys, arguments, message):
    code, out, err = _cli(capsys, "x^2 y^3", *arguments, "--no-verify")
    assert code == 2
    assert message in err and not out
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("formula", "arguments", "message"),
    [
        ("d/dx (x^2 y)", ["--wrt", "y"], "the formula says to differentiate by x"),
        ("d/dx (x^2 y)", ["-n", "2"], "asks for a derivative of order 1"),
        (r"\frac{\partial^2}{\partial x \partial y}(x^2 y^3)", ["--wrt", "x"], "by y, x"),
        ("diff(x^3, x, 2)", ["-n", "3"], "order of 3"),
    ],
)
def test_options_that_contradict_the_notation_are_refused(capsys, formula, arguments, message):
    code, _, err = _cli(capsys, formula, *arguments, "--no-verify")
    assert code == 2
    assert message in err


@pytest.mark.parametrize(
    ("formula", "arguments"),
    [
        ("d/dx (x^2 y)", ["--wrt", "x"]),
        ("d^2/dx^2 (x^4)", ["-n", "2"]),
        ("d^2/dx^2 (x^4)", ["--wrt", "x", "-n", "2"]),
        ("diff(x^2 y^3, x, y)", ["--wrt", "x", "--wrt", "y"]),
    ],
)
def test_options_that_agree_with_the_notation_are_accepted(capsys, formula, arguments):
    code, out, _ = _cli(capsys, formula, *arguments, "-f", "json", "--no-verify")
    assert code == 0
    assert json.loads(out)["result"]


def test_staged_variables():
    assert staged_variables([]) == (None, None)
    assert staged_variables([("wrt", "x")]) == ("x", None)
    assert staged_variables([("wrt", "x"), ("order", 2)]) == ("x", 2)
    assert staged_variables([("order", 2), ("wrt", "x")]) == ("x", 2)
    assert staged_variables([("wrt", "x, y")]) == (["x", "y"], None)
    assert staged_variables([("wrt", "x"), ("order", 2), ("wrt", "y"), ("order", 3)]) == (
        ["x", "x", "y", "y", "y"],
        None,
    )


#: One operator after another: ∂/∂y (∂/∂x f).
NESTED = r"\frac{\partial}{\partial y}\frac{\partial}{\partial x}(x^2 y^3 + \sin(xy))"


@pytest.mark.parametrize(
    ("call", "variables"),
    [
        (lambda: derive("x^2 y^3 + sin(x y)", ["x", "y"]), [x, y]),
        (lambda: derive("x^2 y^3 + sin(x y)", "x,y"), [x, y]),
        (lambda: derive("x^2 y^3 + sin(x y)", [x, y]), [x, y]),
        (lambda: derive("diff(x^2 y^3 + sin(x y), x, y)"), [x, y]),
        (lambda: derive("∂^2/∂y∂x (x^2 y^3 + sin(x y))"), [x, y]),
        (lambda: derive(r"\frac{\partial^2}{\partial y \partial x}(x^2 y^3 + \sin(x y))"), [x, y]),
        (lambda: derive(NESTED), [x, y]),
    ],
)
def test_each_differentiation_is_a_recorded_verified_stage(call, variables):
    derivation = call()
    assert [level.var for level in derivation.orders] == variables
    assert derivation.orders[0].expr == parse("x^2 y^3 + sin(x y)")
    # each stage differentiates the result of the one before
    for before, after in zip(derivation.orders, derivation.orders[1:], strict=False):
        assert after.expr is before.result
    assert derivation.verification is not None and derivation.verification.status == "verified"
    assert same(derivation.result, diff("x^2 y^3 + sin(x y)", variables))
    assert same(diff(diff(parse("x^2 y^3 + sin(x y)"), "x"), "y"), derivation.result)


def test_the_quotient_notation_reads_right_to_left_and_diff_left_to_right():
    """∂²f/∂x∂y is ∂/∂x (∂f/∂y) (analysis texts read it right to left); diff(f, x, y) and
    --wrt x --wrt y go left to right.  A formula's mixed partials agree either way."""
    quotient = derive("∂^2/∂x∂y (x^3 y^2)", verify=False)
    assert [level.var for level in quotient.orders] == [y, x]
    listed = derive("diff(x^3 y^2, x, y)", verify=False)
    assert [level.var for level in listed.orders] == [x, y]
    assert same(quotient.result, parse("6*x^2*y")) and same(listed.result, parse("6*x^2*y"))


def test_third_order_mixed_partial():
    derivation = derive(r"\frac{\partial^3}{\partial x^2 \partial y}\left(x^3 y^2 z\right)")
    assert [level.var for level in derivation.orders] == [y, x, x]
    assert same(derivation.result, parse("12*x*y*z"))
    assert derivation.verification is not None and derivation.verification.status == "verified"


def test_a_list_of_variables_with_an_order_is_refused():
    with pytest.raises(VariableError, match="repeat a variable in the list"):
        derive("x^2 y^3", ["x", "y"], order=2)
    with pytest.raises(VariableError, match="no variable given"):
        derive("x^2 y^3", [])


def test_every_renderer_names_each_stage():
    """Each stage of a derivative by several variables is a partial derivative, the others
    held constant: ∂/∂x, as the user's ∂²/∂x∂y writes it (it was d/dx)."""
    derivation = derive("x^2 y^3", ["x", "y"])
    text = derivation.to_text(lang="en")
    assert "∂/∂x [x²·y³]" in text and "∂/∂y [2x·y³]" in text
    japanese = derivation.to_text(lang="ja")
    assert "∂/∂x [x²·y³]" in japanese and "∂/∂y" in japanese
    latex = derivation.to_latex(lang="en")
    assert r"\frac{\partial}{\partial x}" in latex and r"\frac{\partial}{\partial y}" in latex
    assert r"\frac{\partial}{\partial y}" in derivation.to_markdown(detail="brief")
    assert "∂/∂x" not in derive("x^2 y^3", ["x", "x"]).to_text()  # by one variable: d/dx
    data = derivation.to_dict()
    assert [level["var"] for level in data["orders"]] == ["x", "y"]
