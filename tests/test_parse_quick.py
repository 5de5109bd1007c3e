"""The quick reader agrees with the full parser: the same tree, or it leaves the text
(and every error in it) to the full parser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symderiv import parse
from symderiv.errors import SymDerivError
from symderiv.parse import quick
from symderiv.parse.definitions import reading
from symderiv.parse.infix import parse_full

from corpus import PAIRS, pairs

PIECES = [
    "x", "y", "a", "b2", "x_1", "x^2", "x**3", "x ^ 2", "e", "E", "pi", "sinx", "xsin", "ab",
    "f", "_",
    "0", "1", "2", "10", "3.5", ".5", "7.", "007", "1e5", "2e", "2E-3", "1e", "e5",
    "+", "-", "*", "/", "^", "**", "(", ")", ",", " ", "  ",
    "sin(", "sin (", "cos(", "log(", "ln(", "log10(", "log2(", "log_2(", "sqrt(", "root(",
    "exp(", "abs(", "Abs(", "delta(", "sum(", "diff(", "f(", "e(", "pi (", "sin", "log",
    "d/dx ", "'", "²", "٣", "θ", "|", "[", "]", "=", "−", "·", "\u00a0",
]  # fmt: skip

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join)


def outcome(call, text: str, **options):
    try:
        return call(text, **options)
    except SymDerivError as error:
        return (type(error), str(error))


@settings(max_examples=1000, deadline=None)
@given(texts, st.booleans(), st.sampled_from([(), ("f",), ("x", "sin")]))
def test_same_tree_or_left_to_the_full_parser(text, e_is_symbol, functions):
    tree = quick.read(text, functions, e_is_symbol)
    # parse refuses a definition (f(x) = …) saying so: the full parser through the same
    # wrapper (xsin()=x reads as one, not as the product x·sin the full parser suggests)
    full = outcome(reading(parse_full), text, functions=functions, e_is_symbol=e_is_symbol)
    if tree is not None:
        assert tree is full, text
    assert outcome(parse, text, functions=functions, e_is_symbol=e_is_symbol) == full


@pytest.mark.parametrize(
    "text",
    [
        "-x^2*y + z", "a*-b*c", "x^-2^3", "--x", "+-x", "++x", "(a+b)+c", "a+(b+c)",
        "(a*b)*c", "a*b/c*d", "x - 2 - -3", "-(2)", "-2^2", "2^3^2", "log(x, 2)*ln(x)",
        "root(x, 3) + sqrt(x)", "sin(x)**2/(1 - cos(x))", "(((x)))", "-.5*x", "x - 2.50",
        "x^2 e^x", "3x^2 + 2x + 1", "-2x", "2 x y", "(x+1)(x-1)", "2(x+1)", "x sin(x)",
        "2e", "2.x", "(2)3", "a/2b", "1/2x", "x^-2 y", "-x y^2 z", "2sin(x)cos(x)",
        "sin x cos x", "sin 2x", "sin x^2", "ln x + 1", "x sin x", "sin -x y", "-sin x y",
        "log x * y", "sin x*(x+1)", "sin sin x", "e^x sin x", "sin x/2", "ln(x) ln x",
    ],
)  # fmt: skip
def test_examples_read_quickly_and_alike(text):
    tree = quick.read(text, (), False)
    assert tree is not None
    assert tree is parse_full(text)


@pytest.mark.slow
@pytest.mark.skipif(not PAIRS.exists(), reason="../shared/corpus is not beside the project")
def test_the_corpus_reads_quickly_and_alike():
    for pair in pairs():
        for text in (pair["f"], pair["df"]):
            tree = quick.read(text, (), False)
            assert tree is not None, text
            assert tree is parse_full(text), text


def test_deep_nesting_reads_without_recursion():
    text = "sin(" * 9_000 + "x" + ")" * 9_000
    tree = quick.read(text, (), False)
    assert tree is not None and tree.depth == 9_001


def test_remembered_tokens_stay_right_past_the_table_limit():
    for n in range(5_000):
        text = f"x{n}^2 + {n}.5*y - {n}"
        assert quick.read(text, (), False) is parse_full(text), text
    assert quick.read("sin(x)*cos(x)", (), False) is parse_full("sin(x)*cos(x)")
