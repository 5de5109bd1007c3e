"""The engine's own numerical guard (:mod:`symderiv.guard`): no rewrite that changes a
value is taken, no derivative that fails the guard is returned, and a fuzz over nested
roots, powers, logarithms and exponentials finds :func:`symderiv.diff` equal to SymPy's
derivative without any verification."""

from __future__ import annotations

import dataclasses
import importlib
import math
import random
from fractions import Fraction

import mpmath
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symderiv import derive, diff
from symderiv.bridge import ConversionError, from_sympy, to_sympy
from symderiv.errors import GuardError, NoRuleError
from symderiv.expr import Add, Call, E, Expr, Log, Mul, Num, Pow, Sym, add, div
from symderiv.guard import RejectedRewrite, derivative_agrees, keeps_value, real_values
from symderiv.numeric import NumericError, evaluate
from symderiv.parse import parse

from strategies import reject_undefined, smooth_exprs

sympy = pytest.importorskip("sympy")
simplify_package = importlib.import_module("symderiv.simplify")
engine = importlib.import_module("symderiv.engine")

X = Sym("x")

#: Inputs whose derivative a simplifier defect once made wrong, with the right answer:
#: the cancel step dropped a factor of a radicand's denominator; a root of a root of a
#: number was written as the number's root alone (√(2√2) as √2); a root of a quotient
#: whose number stayed under the root was read without its denominator (√((4/x)/(x/x))).
ONCE_WRONG = [
    ("sqrt(2^(3/2))/x", "-2^(3/4)/x^2"),
    ("sqrt(2*sqrt(2))*x", "2^(3/4)"),
    ("x*sqrt(3)*sqrt(sqrt(3))", "3^(3/4)"),
    ("sqrt((4/x)/(x/x))", "-x^(-3/2)"),
    ("sqrt(12/(x + 1)^2)*x", "2*sqrt(3)*abs(x + 1)/(x + 1)^3"),
    ("sqrt(1/sqrt(x))", "-x^(-5/4)/4"),
    ("sqrt(a/sqrt(x))", "-sqrt(a)*x^(-5/4)/4"),
    ("(1/sqrt(x))^(1/3)", "-x^(-7/6)/6"),
    ("exp(sqrt(1/sqrt(x)))", "-x^(-5/4)*exp(x^(-1/4))/4"),
    ("sqrt(cos(6)/sqrt(log(x)))", "-sqrt(cos(6))*ln(x)^(-5/4)/(4*x)"),
]


@pytest.mark.parametrize(("text", "answer"), ONCE_WRONG)
def test_once_wrong_derivatives_are_right_on_every_path(text: str, answer: str) -> None:
    expected = parse(answer)
    assert keeps_value(diff(text), expected)
    assert not keeps_value(diff(text), Mul(expected, X))
    derivation = derive(text)
    assert derivation.verification.status == "verified", derivation.verification.summary()
    assert keeps_value(derivation.result, expected)


def test_a_rewrite_that_changes_the_value_is_rejected() -> None:
    assert keeps_value(parse("(x + 1)^2"), parse("x^2 + 2*x + 1"))
    assert not keeps_value(parse("(x + 1)^2"), parse("x^2 + 1"))
    assert not keeps_value(
        parse("-1/(4*sqrt(1/sqrt(x))*sqrt(x)*x)"), parse("-sqrt(1/sqrt(x))/(4*sqrt(x)*x)")
    )
    # √(x²) = x holds only where x ≥ 0: the negative sample point shows it.
    assert not keeps_value(parse("sqrt(x^2)"), X)
    assert keeps_value(parse("sqrt(x^2)"), parse("abs(x)"))


def test_a_rewrite_is_judged_only_where_its_conditions_hold() -> None:
    from symderiv.steps import Condition

    joined = (parse("sqrt(x - 1)*sqrt(x + 1)"), parse("sqrt(x^2 - 1)"))
    assert keeps_value(*joined)  # where both sides are real they agree (x ≥ 1)
    sign = (parse("sqrt(x^2)"), X)
    assert keeps_value(*sign, (Condition(X, ">", Num(0)),))


@pytest.mark.parametrize(
    ("text", "x", "value"),
    [
        ("cbrt(x)", -8.0, -2.0),
        ("root(x, 5)", -32.0, -2.0),
        ("root(x, -3)", -8.0, -0.5),
        ("cbrt(x - 10)", 2.0, -2.0),
        ("root(x, 4)", -16.0, None),
        ("root(x, 1/3)", 8.0, None),
    ],
)
def test_an_odd_root_of_a_negative_number_is_real_in_floating_point_too(
    text: str, x: float, value: float | None
) -> None:
    """The guard's floating-point values take the table's convention, as mpmath's do:
    ∛−8 = −2 (the guard, and the answer checker that reads its domain, once had no
    value for any negative radicand); an even root of a negative number has none."""
    expr = parse(text)
    found = real_values(expr, [{"x": x}])[0]
    assert found == pytest.approx(value) if value is not None else found is None
    if value is not None:
        assert float(evaluate(expr, {"x": x})) == pytest.approx(value)
    assert keeps_value(parse("cbrt(x)^3"), parse("x"))
    assert not keeps_value(parse("cbrt(x)"), parse("abs(x)^(1/3)"))


def test_rounding_is_not_a_disagreement() -> None:
    big = parse("(x + 10^8)^3 - x^3")
    expanded = parse("3*10^8*x^2 + 3*10^16*x + 10^24")
    assert keeps_value(big, expanded)


def test_a_wrong_derivative_is_caught() -> None:
    assert derivative_agrees(parse("x^x"), X, parse("x^x*(ln(x) + 1)"))
    assert not derivative_agrees(parse("x^x"), X, parse("x^x*ln(x)"))
    assert not derivative_agrees(parse("sin(x^5)"), X, parse("5*x^4*cos(x^5) + 10^-5"))
    # rapid oscillation fools a float difference quotient, not the 40-digit re-check
    assert derivative_agrees(parse("sin(x^5)"), X, parse("5*x^4*cos(x^5)"))


def test_a_broken_rewrite_pass_is_dropped_or_raises_in_strict_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    passes = simplify_package.PASSES
    index = next(i for i, p in enumerate(passes) if p.key == "cancel")
    original = passes[index]

    def broken(expr: Expr, context: object) -> object:
        result, bindings, conditions = original.run(expr, context)  # type: ignore[arg-type]
        return add(result, Num(1)), bindings, conditions

    patched = list(passes)
    patched[index] = dataclasses.replace(original, run=broken)
    monkeypatch.setattr(simplify_package, "PASSES", patched)
    with pytest.raises(RejectedRewrite, match="cancel"):
        simplify_package.simplify(parse("x^2/x"))
    simplify_package.clear_cache()
    monkeypatch.setenv("SYMDERIV_STRICT", "0")
    steps = simplify_package.simplify(parse("x^2/x")).steps
    assert "cancel" not in [step.rule for step in steps]
    assert diff("x^3/x") == parse("2*x")


def test_diff_never_returns_a_derivative_its_guard_rejects(monkeypatch: pytest.MonkeyPatch) -> None:
    real = engine.derivative

    def wrong(expr: Expr, var: Expr) -> Expr:
        return add(real(expr, var), Num(Fraction(1, 10**6)))

    monkeypatch.setattr(importlib.import_module("symderiv.pipeline"), "derivative", wrong)
    with pytest.raises(GuardError, match="internal check failed"):
        diff("x^2 e^x")


# ---------------------------------------------------------------------------------------
# The fuzz: nested roots, powers, logarithms and exponentials
# ---------------------------------------------------------------------------------------
_leaves = st.one_of(
    st.just(X), st.just(X), st.integers(min_value=1, max_value=6).map(Num), st.just(Sym("a"))
)
_fractions = st.sampled_from(
    [
        Fraction(1, 2),
        Fraction(1, 3),
        Fraction(-1, 2),
        Fraction(3, 2),
        Fraction(-1, 3),
        Fraction(2, 3),
    ]
)


def _nested(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    roots = st.one_of(
        st.builds(lambda u: Call("sqrt", u), inner),
        st.builds(lambda u, q: Pow(u, Num(q)), inner, _fractions),
        st.builds(lambda u: Call("sqrt", div(Num(1), u)), inner),
        st.builds(lambda u, v: Call("sqrt", div(u, v)), inner, inner),
    )
    return st.one_of(
        roots,
        roots,
        st.builds(lambda u, n: Pow(u, Num(n)), inner, st.integers(min_value=-3, max_value=3)),
        st.builds(lambda u: div(Num(1), u), inner),
        st.builds(lambda u, v: div(u, v), inner, inner),
        st.builds(lambda u: Pow(E, u), inner),
        st.builds(Log, inner),
        st.lists(inner, min_size=2, max_size=3).map(lambda factors: Mul(*factors)),
        st.lists(inner, min_size=2, max_size=3).map(lambda terms: add(*terms)),
    )


nested = st.recursive(_leaves, _nested, max_leaves=5)


def _agree(ours: Expr, reference: Expr, function: Expr, seed: int) -> bool | None:
    """Agreement at real points of (0.1, 3) where the function is real; None if none."""
    rng = random.Random(seed)
    checked = 0
    for _ in range(10):
        point = {"x": rng.uniform(0.1, 3.0), "a": rng.uniform(0.3, 2.5)}
        try:
            f = evaluate(function, point, dps=30)
            a, b = evaluate(ours, point, dps=30), evaluate(reference, point, dps=30)
        except (NumericError, ZeroDivisionError, ValueError, OverflowError):
            continue
        if any(abs(mpmath.im(v)) > 1e-25 * max(1, abs(v)) for v in (f, a, b)):
            continue
        if not all(mpmath.isfinite(v) for v in (a, b)) or abs(b) > 1e30:
            continue
        if abs(a - b) > mpmath.mpf(10) ** -15 * max(1, abs(b)):
            return False
        checked += 1
    return checked > 0 or None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested)
def test_diff_without_verification_agrees_with_sympy(expr: Expr) -> None:
    try:
        ours = diff(expr, X)
    except NoRuleError as error:
        reject_undefined(error)
    try:
        reference = from_sympy(sympy.diff(to_sympy(expr, real=True), to_sympy(X, real=True)))
    except (ConversionError, RecursionError):
        return
    assert _agree(ours, reference, expr, hash(expr) & 0xFFFF) is not False, (str(expr), str(ours))


@given(smooth_exprs(12), smooth_exprs(6))
@settings(max_examples=80, deadline=None)
def test_the_values_kept_between_calls_are_those_found_afresh(first, second):
    """A node's values at the sample points are kept from call to call: whatever was
    asked before (here a part of the formula, another formula), they are the values
    found from nothing at the points of the formula's own names."""
    from symderiv import guard
    from symderiv.expr import postorder

    guard.forget()
    parts = list(postorder(first))
    for part in (*random.Random(len(parts)).sample(parts, min(3, len(parts))), second):
        guard.sample_values(part)
    kept = guard.sample_values(first)
    guard.forget()
    fresh = guard.real_values(first, guard.sample_points(first.free_names))
    assert kept == fresh


#: Factors of the long products below: defined everywhere, zero at a point, or with no
#: real value at some of the sample points (a logarithm, a square root of x − 1).
_FACTORS = [
    *map(parse, ("x + 1", "e^(2*x)", "ln(x + 3)", "sin(x)", "x - 0.8", "sqrt(x - 1)", "ln(x)")),
    *(parse(f"x^{k}/{k + 2}") for k in range(1, 8)),
]


@st.composite
def _product_rule_terms(draw):
    """Products of many factors that share all but a few, as the product rule's terms
    do: one factor changed, removed or doubled, sometimes a number in front."""
    count = draw(st.integers(64, 200))
    base = [draw(st.sampled_from(_FACTORS)) for _ in range(count)]
    terms = []
    for _ in range(draw(st.integers(2, 6))):
        factors = list(base)
        place = draw(st.integers(0, count - 1))
        edit = draw(st.sampled_from(("change", "remove", "double")))
        if edit == "change":
            factors[place] = draw(st.sampled_from(_FACTORS))
        elif edit == "remove":
            del factors[place]
        else:
            factors.insert(place, factors[place])
        if draw(st.booleans()):
            factors.insert(0, Num(draw(st.integers(2, 5))))
        terms.append(Mul(*factors))
    return terms


@given(_product_rule_terms())
@settings(max_examples=60, deadline=None)
def test_long_products_sharing_their_factors_have_their_factors_product(terms):
    """A long product's value, found in one evaluation with products that share its
    factors, is the product of its factors' values (no value where a factor has none)."""
    from symderiv import guard

    points = guard.sample_points({"x"})
    found: dict[Expr, guard.Vector] = {}
    guard.real_values(Add(*terms), points, found)
    for term in terms:
        factors = [guard.real_values(factor, points) for factor in term.children]
        for value, column in zip(found[term], zip(*factors, strict=True), strict=True):
            if None in column:
                assert value is None
            else:
                assert value == pytest.approx(math.prod(column), rel=1e-12, abs=1e-300)


@pytest.mark.pure_python
def test_a_function_with_no_value_at_the_points_leaves_its_derivative_unevaluated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the function has no value near any sample point (here ln(x − 10); the
    product of (x + i)·e^(i·x)·ln(x + i) overflows), there is nothing to compare the
    derivative with: the guard does not evaluate it."""
    from symderiv import guard

    evaluated: list[Expr] = []
    real_values = guard.real_values

    def counted(expr: Expr, *args: object, **options: object) -> guard.Vector:
        evaluated.append(expr)
        return real_values(expr, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(guard, "real_values", counted)
    source, derivative = parse("ln(x - 10)"), parse("1/(x - 10)")
    assert guard._derivative_agrees(source, X, Mul(derivative, X))
    assert evaluated == [source]
    evaluated.clear()
    assert guard._derivative_agrees(parse("ln(x + 10)"), X, parse("1/(x + 10)"))
    assert parse("1/(x + 10)") in evaluated


def test_a_name_only_the_derivative_holds_is_given_values_too() -> None:
    """The sample points gain the derivative's own names (the function's values, and so
    its difference quotients, do not change with them)."""
    assert derivative_agrees(parse("x^2"), X, parse("2*x + y - y"))
    assert not derivative_agrees(parse("x^2"), X, parse("2*x + y"))


def test_a_jump_met_only_by_rounding_is_no_evidence_but_a_jump_moved_is():
    """``−(x + 2 + π) + x + 2 + π`` is zero, so ``heaviside`` of it is ``heaviside(0)``
    whichever side of zero its rounded value falls; ``heaviside(x)`` is not."""
    assert keeps_value(parse("heaviside(-(x + 2 + pi) + x + 2 + pi)"), parse("heaviside(0)"))
    assert not keeps_value(parse("heaviside(x)"), parse("heaviside(0)"))
    d = derive("max(-(x + 2 + pi), -(x + 2 + pi))", "x")
    assert str(d.result) == "-2*heaviside(0)"
    assert d.verification.status == "verified"


@pytest.mark.parametrize(
    ("text", "tidied"),
    [
        # √√x joins √x in a denominator, and √x is not joined with x as well
        (
            "(a + x)/(12*x*sqrt(sqrt(x))*sqrt(x)*cbrt(x + 1)^2)",
            "(a + x)/(12*x*sqrt(x)^(3/2)*cbrt(x + 1)^2)",
        ),
        ("(a + x)/(sqrt(x^2 + 1)*(x^2 + 1))", "(a + x)/(x^2 + 1)^(3/2)"),
    ],
)
def test_a_root_of_a_root_in_a_denominator_keeps_its_value(text, tidied):
    """The rewrite once wrote x·√√x·√x as x^(3/2)·√x^(3/2) (x^(9/4), not x^(7/4)); under
    SYMDERIV_STRICT the guard's rejection raises."""
    assert str(simplify_package.tidy(parse(text))) == tidied
