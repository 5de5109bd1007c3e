"""Inputs at the edges of the grammar and of size: each gives its tree or one exact error.

The size cases run in a child process with its address space capped at 2 GB and a
generous timeout that only guards against a hang; nothing here is timed otherwise.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap
from fractions import Fraction

import pytest

from symderiv import derive, diff, parse, parse_latex
from symderiv.engine import _polynomial_off_zero, derivative, derivative_steps
from symderiv.errors import LimitError, NoRuleError, ParseError
from symderiv.expr import Add, Call, Expr, Log, Num, Pow, Sym, call, log
from symderiv.parse.infix import parse_full

x = Sym("x")

LOG_BASE_0 = "a logarithm to base 0 is undefined (the base must be positive and not 1)"
LOG_BASE_1 = "a logarithm to base 1 is undefined (the base must be positive and not 1)"
ROOT_INDEX_0 = "a root of index 0 is undefined (root(x, n) is x^(1/n))"
NOT_ASCII = "numbers are written with the digits 0-9"


# -- refusals at the edges of the grammar, with the column of the caret ----------------------
REFUSED = [
    (parse, "log(x, 0)", LOG_BASE_0, 8),
    (parse, "log(x, 1)", LOG_BASE_1, 8),
    (parse, "log(x, 1.0)", "a logarithm to base 1.0 is undefined", 8),
    (parse, "log(x, -1)", "a logarithm to base -1 is undefined", 8),
    (parse, "log(x,-0.5)", "a logarithm to base -0.5 is undefined", 7),
    (parse, "log_0 x", LOG_BASE_0, 5),
    (parse, "log_1(x)", LOG_BASE_1, 5),
    (parse, "2 + log_0(x^2)", LOG_BASE_0, 9),
    (parse, "root(x, 0)", ROOT_INDEX_0, 9),
    (parse, "sin(x) + root(x + 1, 0.0)", ROOT_INDEX_0, 22),
    (parse_latex, r"\log_0 x", LOG_BASE_0, 6),
    (parse_latex, r"\log_1 x", LOG_BASE_1, 6),
    (parse_latex, r"\log_{ 1 } x", LOG_BASE_1, 8),
    (parse_latex, r"\sqrt[0]{x}", ROOT_INDEX_0, 7),
    (parse, "1٣", "unexpected character '٣' (arabic-indic digit three: " + NOT_ASCII, 2),
    (parse, "١٢٣", "unexpected character '١' (arabic-indic digit one: " + NOT_ASCII, 1),
    (parse, "x + ১", "unexpected character '১' (bengali digit one: " + NOT_ASCII, 5),
    (parse, "１２ x", "unexpected character '１' (fullwidth digit one: " + NOT_ASCII, 1),
    (parse, "2₂", "unexpected character '₂' (subscript two: " + NOT_ASCII, 2),  # x₂ is x_2
    (parse, "log_2(x) + 3٣", "unexpected character '٣'", 13),
    (parse_latex, "1٣", "unexpected character '٣' (arabic-indic digit three: " + NOT_ASCII, 2),
    (parse_latex, r"x_{١}", "unexpected character '١'", 4),
    (parse_latex, r"\frac{１}{x}", "unexpected character '１'", 7),
]


@pytest.mark.parametrize(("reader", "text", "message", "column"), REFUSED)
def test_edges_of_the_grammar_are_refused_with_a_caret(reader, text, message, column):
    with pytest.raises(ParseError) as error:
        reader(text)
    assert error.value.message.startswith(message)
    assert error.value.column == column
    assert str(error.value).endswith("\n  " + " " * (column - 1) + "^")


ACCEPTED = [
    (parse, "log(x, 2)", Log(x, Num(2))),
    (parse, "log_10 x", Log(x, Num(10))),
    (parse, "log(x, 0.5)", Log(x, Num(Fraction(1, 2), True))),
    (parse, "root(x, 3)", Call("root", x, Num(3))),
    (parse, "root(x, -2)", Call("root", x, Num(-2))),
    (parse, "x² + 12", Add(Pow(x, Num(2)), Num(12))),
    (parse_latex, r"\log_2 x", Log(x, Num(2))),
    (parse_latex, r"\sqrt[3]{x}", Call("root", x, Num(3))),
    (parse_latex, r"x_{12}", Sym("x_12")),
]


@pytest.mark.parametrize(("reader", "text", "tree"), ACCEPTED)
def test_the_neighbouring_inputs_still_parse(reader, text, tree):
    assert reader(text) == tree


@pytest.mark.parametrize(
    "build",
    [
        lambda: log(x, Num(0)),
        lambda: log(x, Num(1)),
        lambda: call("root", x, Num(0)),
    ],
    ids=["log-base-0", "log-base-1", "root-index-0"],
)
def test_smart_constructors_refuse_undefined_forms(build):
    with pytest.raises(NoRuleError, match="undefined"):
        build()


@pytest.mark.parametrize(
    "tree",
    [Log(x, Num(0)), Log(x, Num(1)), Call("root", x, Num(0)), Add(x, Log(Pow(x, x), Num(0)))],
    ids=["log-base-0", "log-base-1", "root-index-0", "inside-a-sum"],
)
def test_the_engine_refuses_undefined_nodes_built_directly(tree: Expr):
    for differentiate in (derivative, derivative_steps):
        with pytest.raises(NoRuleError, match="undefined"):
            differentiate(tree, x)


@pytest.mark.parametrize(
    "text",
    [
        "log(x, -1/2)",
        "log(x, 2 - 3)",
        "log(x, 3 - pi)",
        "log(x, ln(e))",
        "log(x, sqrt(2)^2 - 1)",
        "log(e^x, x/x)",
        "log(x, sin(y)^2 + cos(y)^2)",
        "x + log(x^2, 1 - 1)",
    ],
)
def test_a_base_that_is_one_or_not_positive_is_refused_by_its_value(text):
    """A logarithm's base written as a formula is refused when its value is 1 or not
    positive (for a base with letters: 1 at every sample point), like log(x, 1)."""
    for differentiate in (diff, lambda text: derive(text, verify=False)):
        with pytest.raises(NoRuleError, match="the base must be positive and not 1"):
            differentiate(text)


@pytest.mark.parametrize("text", ["log(x, 1/2)", "log(x, pi - 3)", "log(x, a)", "log(x, y + 1)"])
def test_a_base_that_may_be_positive_and_not_one_is_differentiated(text):
    assert derive(text, verify=True).verification.status == "verified"


@pytest.mark.parametrize(
    "text",
    ["1/(x - x)", "x/(2 - 2)", "1/(pi - pi)", "x/(sin(x)^2 + cos(x)^2 - 1)", "sin(1/(y - y))"],
)
def test_a_denominator_that_is_zero_is_refused_by_its_value(text):
    for differentiate in (diff, lambda text: derive(text, verify=False)):
        with pytest.raises(NoRuleError, match="a division by zero"):
            differentiate(text)


#: (input, what the refusal names): formulas with a part that has no value anywhere, a
#: division by the number 0, by 0·x, a logarithm of 0, a function at its pole, once
#: differentiated as if they had one (x/0 gave 1/0, "verified").
NOWHERE_DEFINED = [
    ("x/0", "a division by zero (undefined): x/0 has no value"),
    ("sin(x)/0", "a division by zero (undefined): sin(x)/0 has no value"),
    ("x/(0*x)", "a division by zero (undefined: 0*x is 0)"),
    ("x/(0/x)", "a division by zero (undefined: 0/x is 0)"),
    ("ln(0)*x", "a logarithm of zero (undefined): ln(0) has no value"),
    ("x*log(1 - 1, 2)", "a logarithm of zero (undefined: 1 - 1 is 0)"),
    ("ln(sin(pi))*x", "a logarithm of zero (undefined: sin(pi) is 0)"),
    ("csc(pi)/x", "a division by zero in csc(pi) (undefined: sin(pi) is 0): csc(pi) has no"),
    ("x*cot(0)", "a division by zero in cot(0) (undefined: sin(0) is 0)"),
    ("x*tan(pi/2)", "a division by zero in tan(pi/2) (undefined: cos(pi/2) is 0)"),
    ("sec(pi/2) + x", "a division by zero in sec(pi/2) (undefined: cos(pi/2) is 0)"),
    ("x*coth(0)", "a division by zero in coth(0) (undefined: sinh(0) is 0)"),
    ("x*atanh(1)", "a division by zero in atanh(1) (undefined)"),
    ("x*log1p(-1)", "a division by zero in log1p(-1) (undefined)"),
    ("x*0^(-1)", "a negative power of zero (undefined): 0^(-1) has no value"),
    ("x/sin(pi)", "a division by zero (undefined: sin(pi) is 0)"),
    ("x/(1-1)", "a division by zero (undefined: 1 - 1 is 0)"),
    ("gamma(0)*x", "a pole of gamma (undefined at 0): gamma(0) has no value"),
    ("x*gamma(1 - 3)", "a pole of gamma (undefined at 1 - 3)"),
    ("lgamma(-1) + x", "a pole of lgamma (undefined at -1)"),
    ("digamma(0)*x", "a pole of digamma (undefined at 0)"),
    ("x*polygamma(1, -2)", "a pole of polygamma (undefined at 1, -2)"),
    ("beta(0, 1)*x", "a pole of beta (undefined at 0, 1)"),
    ("x*lbeta(2, -1)", "a pole of lbeta (undefined at 2, -1)"),
    # a pole reached through a formula equal to a whole number, a root of zero
    ("gamma(x - x)", "a pole of gamma (undefined at x - x)"),
    ("gamma(cbrt(-1) + 1)", "a pole of gamma (undefined at cbrt(-1) + 1)"),
    ("digamma(x - x - 3)*x", "a pole of digamma (undefined at x - x - 3)"),
    ("x/cbrt(tan(pi))", "a division by zero (undefined: cbrt(tan(pi)) is 0)"),
    ("x/sqrt(sin(pi))", "a division by zero (undefined: sqrt(sin(pi)) is 0)"),
]


@pytest.mark.parametrize(("text", "named"), NOWHERE_DEFINED)
def test_a_part_with_no_value_anywhere_is_refused_on_every_path(text, named):
    """``derive``, ``diff`` and ``check_answer`` refuse alike, naming the part with no
    value, as they refuse x/(1 − 1)."""
    from symderiv import check_answer

    for differentiate in (
        diff,
        lambda text: derive(text, verify=False),
        lambda text: check_answer(text, "0"),
    ):
        with pytest.raises(NoRuleError, match=r"\(undefined") as refused:
            differentiate(text)
        assert named in str(refused.value)


@pytest.mark.parametrize(
    "text",
    [
        "x/(0 + x)",
        "x*tan(pi/4)",
        "csc(pi/2)/x",
        "ln(1 - 0)*x",
        "x*0^2 + x",
        "x*atanh(1/2)",
        "gamma(1/2)*x",
        "x*gamma(-1/2)",
        "beta(-1, 1)*x",
        "x*polygamma(0, 3)",
        "gamma(x - x + 1/2)*x",
        "x*gamma(x - x + 1)",
    ],
)
def test_a_part_with_a_value_is_not_refused(text):
    assert derive(text, verify=True).verification.status == "verified"


@pytest.mark.parametrize(
    "text",
    [
        "x/(1e-20*x)",
        "1/(x - 1)",
        "1/(sin(x)^2 - cos(x)^2)",
        "x/exp(-exp(exp(3)))",
        "1/(x*exp(-e^20))",
    ],
)
def test_a_denominator_that_is_not_zero_everywhere_is_differentiated(text):
    assert derive(text, verify=True).verification.status == "verified"


def test_a_long_sum_is_built_once_not_once_per_term(monkeypatch):
    """Reading a sum of n terms builds one Add of n terms, not Adds of 2, 3, …, n terms
    (n²/2 children in all)."""
    built: list[int] = []
    original = Add._intern.__func__

    def counting(cls, args, children=None):
        if cls is Add:
            built.append(len(args))
        return original(cls, args, children)

    monkeypatch.setattr(Add, "_intern", classmethod(counting))
    terms = 3_000
    tree = parse_full(" + ".join(f"x^{i}" for i in range(terms)))
    assert len(tree.children) == terms
    assert sum(built) <= 2 * terms
    built.clear()
    latex_tree = parse_latex(" + ".join(rf"\frac{{x}}{{{i + 1}}}" for i in range(terms)))
    assert len(latex_tree.children) == terms
    assert sum(built) <= 2 * terms


def test_nested_fractions_pair_their_braces_once(monkeypatch):
    """\\frac inside \\frac, thousands deep, reads in time in proportion to the text:
    each fraction looks up where its braces close instead of scanning to it again."""
    from symderiv.parse import latex as latex_reader

    scanned: list[int] = []
    original = latex_reader.paired_braces

    def counting(text: str) -> dict[int, int]:
        scanned.append(len(text))
        return original(text)

    monkeypatch.setattr(latex_reader, "paired_braces", counting)
    depth = 3_000
    for text in (r"\frac{" * depth + "1}{x}" * depth, r"\frac{1}{" * depth + "x" + "}" * depth):
        scanned.clear()
        tree = parse_latex(text)
        assert tree.depth >= depth
        assert scanned == [len(text)]  # the whole formula paired once, not once a fraction


def test_latex_pieces_nested_too_deeply_are_a_limit_error():
    with pytest.raises(LimitError, match="nested too deeply"):
        parse_latex("x_{" * 60 + "a+1" + "}" * 60)
    assert parse_latex("x_{" * 20 + "a+1" + "}" * 20).depth == 22


# -- size cases: in a child process with 2 GB of address space ----------------------------------
MEMORY_CAP = 2 * 1024**3
HANG_GUARD = 120  # seconds; a hang guard only


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _run_capped(body: str, timeout: float = HANG_GUARD) -> dict:
    """Run ``body`` in a fresh interpreter under the memory cap; it prints one JSON object."""
    code = "import json\n" + textwrap.dedent(body)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_cap_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"no answer within {timeout} s (a hang)")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


SIZE_CASES = {
    "plain sum of 20,000 terms": (
        """
        from symderiv import parse
        tree = parse(" + ".join(["x", "y"] * 10_000))
        print(json.dumps({"terms": len(tree.children)}))
        """,
        {"terms": 20_000},
        60,
    ),
    "LaTeX sum of 20,000 terms": (
        """
        from symderiv import parse_latex
        tree = parse_latex(" + ".join(["x"] * 20_000))
        print(json.dumps({"terms": len(tree.children)}))
        """,
        {"terms": 20_000},
        60,
    ),
    "LaTeX sum of 5,000 roots with subscripts": (
        r"""
        from symderiv import parse_latex
        tree = parse_latex(" + ".join([r"\sqrt[3]{x_{a+1}}"] * 5_000))
        print(json.dumps({"terms": len(tree.children)}))
        """,
        {"terms": 5_000},
        60,
    ),
    "product of 1,000 factors": (
        """
        from symderiv import diff
        result = diff("*".join(f"(x + {i})" for i in range(1, 1_001)), "x", tidy=False)
        print(json.dumps({"terms": len(result.children)}))
        """,
        {"terms": 1_000},
        HANG_GUARD,
    ),
    "product of 2,000 factors": (
        """
        from symderiv import derive
        from symderiv.errors import LimitError
        try:
            derive("*".join(f"(x + {i})" for i in range(1, 2_001)), "x", verify=False)
        except LimitError as error:
            print(json.dumps({"error": str(error)}))
        """,
        {
            "error": "product too large for the product rule: 2,000 factors depend on the "
            "variable (the limit is 1,000; the derivative would write 2,000 terms of "
            "2,000 factors)"
        },
        HANG_GUARD,
    ),
    "x^x to order 100": (
        """
        from symderiv import derive
        from symderiv.errors import LimitError
        try:
            derive("x^x", "x", order=100, verify=False)
        except LimitError as error:
            print(json.dumps({"error": str(error).split(":")[0]}))
        """,
        {"error": "derivative too large to write out"},
        HANG_GUARD,
    ),
}


#: Size cases that take several seconds each: run with ``-m slow``.
SLOW_SIZE_CASES = {"x^x to order 100"}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=case, marks=[pytest.mark.slow] if case in SLOW_SIZE_CASES else [])
        for case in SIZE_CASES
    ],
)
def test_size_cases_end_in_a_result_or_a_limit_error(case):
    body, expected, timeout = SIZE_CASES[case]
    assert _run_capped(body, timeout) == expected


PRINT_MEMORY = """
import tracemalloc
from symderiv import parse
from symderiv.engine import derivative
from symderiv.expr import Sym
from symderiv.render.pretty import to_pretty
depth = {depth}
result = derivative(parse("sin(" * depth + "x" + ")" * depth), Sym("x"))
report = {{}}
for name, write in (("str", str), ("pretty", to_pretty)):
    if {traced}:
        tracemalloc.start()
    text = write(result)
    peak = tracemalloc.get_traced_memory()[1] if {traced} else 0
    tracemalloc.stop()
    report[name] = [len(text), peak, text.count("cos("), text[:12], "cos(x)" in text]
    del text
print(json.dumps(report))
"""


def test_printing_a_deep_derivative_takes_memory_in_proportion_to_its_text():
    """sin∘…∘sin 3,000 deep: the derivative's text is 22.5 million characters; printing it
    once held the text of every subtree (1.5 GB)."""
    report = _run_capped(PRINT_MEMORY.format(depth=3_000, traced=True))
    for name in ("str", "pretty"):
        length, peak, cosines, start, innermost = report[name]
        assert (length, cosines, start, innermost) == (22_513_873, 3_000, "cos(sin(sin(", True)
        assert peak < 8 * length


@pytest.mark.slow
def test_printing_the_derivative_of_a_composition_10000_deep_fits_in_2_gb():
    report = _run_capped(PRINT_MEMORY.format(depth=10_000, traced=False))
    assert report["str"][0] == report["pretty"][0] == 250_046_247


@pytest.mark.parametrize(
    ("text", "off_zero"),
    [("x + 3", True), ("x - x + 1", True), ("x*y - 2", True), ("2*3 - 6", False), ("x - x", False)],
)
def test_a_polynomial_with_a_constant_is_seen_off_zero_without_evaluating(text, off_zero):
    """``ln(x + 3)`` needs no evaluation to know x + 3 is not 0 everywhere; ``2·3 − 6``
    and ``x − x`` are not passed by that shortcut (they are 0)."""
    assert _polynomial_off_zero(parse(text)) is off_zero
