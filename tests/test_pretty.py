"""The Unicode form (:func:`symderiv.to_pretty`) reads back: ``parse(to_pretty(e)) == e``.

What the text, rich and Markdown views print is what a reader copies back into
symderiv, so it must mean the same tree: ``(ln x)²`` is never printed ``ln x²``
(which reads as ``ln(x²)``), and ``x²·eˣ``, ``√(x² + 1)``, ``e⁻ᶻ``, ``|x|``, ``σ(z)``,
``log₂ x``, ``x₁``, ``⁵√(x)`` all read back.  Indexed variables (``yₖ``) and Σ/Π are
printed for reading only and are not part of the round trip.  A rational number the
engine computed (``Num(3/2)``) prints as ``3/2``, the quotient it reads back as: the
trees are compared with every such number written as that quotient.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings

from symderiv import derive, parse, to_pretty
from symderiv.errors import NoRuleError, ParseError
from symderiv.expr import Div, Expr, Indexed, Neg, Num, Product, Sum, fold, has_no_value, postorder
from symderiv.render.layout import rebuild_raw

from corpus import PAIRS, pairs
from strategies import exprs

PRINTED = [
    ("ln(x)^2", "(ln x)²"),
    ("log(x, 2)^3", "(log₂ x)³"),
    ("ln(x^2)", "ln(x²)"),
    ("log(x^3, 2)", "log₂(x³)"),
    ("x^2 e^x", "x²·eˣ"),
    ("sqrt(x^2 + 1)", "√(x² + 1)"),
    ("sqrt(x)^3", "(√x)³"),
    ("e^(-z)", "e⁻ᶻ"),
    ("abs(x)", "|x|"),
    ("sigmoid(z)", "σ(z)"),
    ("3 sin(x)", "3 sin(x)"),
    ("2 ln(x)", "2 ln x"),
    ("x_1^2 + x_2", "x₁² + x₂"),
    ("root(x, 5)", "⁵√(x)"),
    ("root(x, a + 1)", "ᵃ⁺¹√(x)"),
    ("root(x, theta)", "root(x, θ)"),
    ("cbrt(x)", "∛x"),
    ("e^(2x + 1)", "e²ˣ⁺¹"),
    ("2^(ln(x))", "2^ln x"),
    ("log(x, a + 1)", "log(x, a + 1)"),
    ("-(5)", "−(5)"),
    ("-5", "−5"),
    ("a/b/c", "(a/b)/c"),
    ("ln(3x + 2)/7 + (1/x)/a^3", "ln(3x + 2)/7 + (1/x)/a³"),
]


@pytest.mark.parametrize(("text", "printed"), PRINTED)
def test_printed_forms_read_back(text, printed):
    expr = parse(text)
    assert to_pretty(expr) == printed
    assert parse(printed) == expr


def test_a_power_of_a_logarithm_is_headed_faithfully():
    derivation = derive("ln(x)^2")
    assert derivation.to_text("en").splitlines()[0] == "d/dx [(ln x)²]"


def test_a_misplaced_superscript_is_a_parse_error_with_a_caret():
    with pytest.raises(ParseError) as caught:
        parse("x + ⁻")
    assert caught.value.position == 4


def _as_written(expr: Expr) -> Expr:
    """The tree with each rational number written as the quotient of two whole numbers."""

    def written(node: Expr, children: list[Expr]) -> Expr:
        if isinstance(node, Num) and isinstance(node.value, Fraction) and not node.decimal:
            value = node.value
            quotient = Div(Num(abs(value.numerator)), Num(value.denominator))
            return Neg(quotient) if value < 0 else quotient
        return rebuild_raw(node, children)

    return fold(expr, written, {})


def _round_trips(expr: Expr) -> bool:
    return _as_written(parse(to_pretty(expr))) == _as_written(expr)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exprs())
def test_round_trip(expr):
    nodes = list(postorder(expr))
    assume(not any(has_no_value(node) for node in nodes))
    assume(not any(isinstance(node, (Sum, Product, Indexed)) for node in nodes))
    printed = to_pretty(expr)
    assert parse(printed) == expr, printed


def _formulas(derivation) -> list[Expr]:
    found: list[Expr] = []
    for level in derivation.orders:
        for top in (level.step, *level.rewrites):
            for step in top.walk():
                found += [step.expr, step.result, *(value for _, value in step.bindings)]
    return found


@pytest.mark.slow
@pytest.mark.skipif(not PAIRS.exists(), reason="../shared/corpus is not beside the project")
def test_every_formula_of_every_corpus_derivation_reads_back():
    checked = 0
    wrong: list[str] = []
    for line in pairs():
        try:
            derivation = derive(line["f"], line["var"], verify=False)
        except (NoRuleError, ParseError):
            continue
        for formula in _formulas(derivation):
            checked += 1
            if not _round_trips(formula):
                wrong.append(f"{line['id']}: {to_pretty(formula)}")
    assert checked > 10_000
    assert wrong == []
