# ruff: noqa: E501
"""The steps shown from the raw derivative to the answer: local moves first, no step that
changes nothing or undoes the one before, no expression far larger than both ends, every
label true of its step (:mod:`symderiv.simplify.plan`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from symderiv import guard
from symderiv.expr import Add, Call, Div, Expr, Mul, Neg, Pow, postorder
from symderiv.parse import parse
from symderiv.pipeline import derive, diff
from symderiv.simplify import moves, plan
from symderiv.simplify.measure import leaves
from symderiv.simplify.moves import collect_terms, distribute, minus_taken_in
from symderiv.simplify.plan import order_key
from symderiv.steps import Step

from corpus import PAIRS, pairs

SEEDS = sorted((Path(__file__).resolve().parents[1].parent / "shared" / "seeds").glob("*.txt"))
FORMULA = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
RATIOS = {"tan", "cot", "sec", "csc", "tanh", "coth", "sech", "csch"}


def _has(expr: Expr, test) -> bool:
    return any(test(node) for node in postorder(expr))


def _is_ratio(node: Expr) -> bool:
    return isinstance(node, Call) and node.name in RATIOS


def _is_denominator(node: Expr) -> bool:
    return isinstance(node, Div) or (isinstance(node, Pow) and getattr(node.exp, "value", 0) == -1)


def _is_fraction(term: Expr) -> bool:
    term = _strip(term)
    if isinstance(term, Mul):
        return any(_is_denominator(factor) for factor in term.factors)
    return _is_denominator(term)


def _sums_of_fractions(expr: Expr) -> frozenset[Expr]:
    """The sums with a fraction among their terms in ``expr``."""
    return frozenset(
        node
        for node in postorder(expr)
        if isinstance(node, Add) and any(map(_is_fraction, node.terms))
    )


def _strip(expr: Expr) -> Expr:
    while isinstance(expr, Neg):
        expr = expr.arg
    return expr


def _collects(node: Expr) -> Expr | None:
    merged: list = []
    collected = collect_terms(node, order_key, merged)
    return collected if merged else None


def _somewhere(step, move) -> bool:
    """Whether ``move`` made at one sum of the step's input (or the whole) gives its result."""
    targets = {order_key(step.result), order_key(minus_taken_in(step.result))}
    for node in [step.expr, *(n for n in postorder(step.expr) if isinstance(n, Add))]:
        moved = move(node)
        if moved is None:
            continue
        whole = step.expr.subs({node: moved})
        # Equal up to order, or to a minus before a sum (−a − b = −(a + b)).
        if {order_key(whole), order_key(minus_taken_in(whole))} & targets:
            return True
    return False


def _grouped(expr: Expr) -> bool:
    """A term of the sum is a product with a sum among its factors (``x·(x·a + b) + c``)."""
    return any(
        isinstance(_strip(t), Mul) and any(isinstance(f, Add) for f in _strip(t).factors)
        for t in expr.terms
    )


#: What each label claims of its step: a contradiction names itself.
CLAIMS = {
    "standard-order": lambda s: order_key(s.expr) == order_key(s.result),
    "split-fraction": lambda s: isinstance(_strip(s.result), Add),
    "factor-out": lambda s: not isinstance(_strip(s.result), Add) or _grouped(_strip(s.result)),
    "cancel-reciprocal": lambda s: leaves(s.result) < leaves(s.expr),
    "common-denominator": lambda s: bool(_sums_of_fractions(s.expr) - _sums_of_fractions(s.result)),
    "trig-ratios": lambda s: _has(s.expr, _is_ratio),
    "ratio-functions": lambda s: _has(s.result, _is_ratio),
    "ratio-functions-hyperbolic": lambda s: _has(s.result, _is_ratio),
    "pythagorean": lambda s: not _has(s.expr, _is_ratio),
    "expand": lambda s: _somewhere(s, distribute) or _somewhere(s, minus_taken_in),
    "collect-terms": lambda s: _somewhere(s, _collects),
    "power-of-power": lambda s: (
        order_key(moves.powers_as_in(s.expr, s.result)) == order_key(s.result)
    ),
}


def problems(derivation) -> list[str]:
    """What is wrong with the shown rewrites of ``derivation`` (empty when nothing)."""
    found = []
    raw, steps = derivation.raw, derivation.rewrites
    bound = plan.GROWTH * max(leaves(raw), leaves(derivation.result)) + plan.SLACK
    keys = [order_key(raw)]
    for index, step in enumerate(steps):
        where = f"step {index} ({step.rule})"
        if index and step.expr is not steps[index - 1].result:
            found.append(f"{where} does not start where the last one ended")
        if leaves(step.result) > bound:
            found.append(f"{where} is {leaves(step.result)} leaves, over {bound:.0f}")
        key = order_key(step.result)
        if step.result is step.expr:
            found.append(f"{where} changes nothing")
        elif key == keys[-1] and step.rule != "standard-order":
            found.append(f"{where} only reorders")
        if key in keys[:-1]:
            found.append(f"{where} comes back to an earlier expression")
        claim = CLAIMS.get(step.rule)
        if claim is not None and not claim(step):
            found.append(f"{where}: its label is not true of it")
        keys.append(key)
    return found


#: The machine-learning losses of the README and the examples of the tidying: the path.
ML_PATHS = [
    (
        "-(t*ln(sigmoid(z)) + (1 - t)*ln(1 - sigmoid(z)))",
        "z",
        [
            (
                "cancel-reciprocal",
                "-(t*(1 - sigmoid(z)) - (1 - t)*(1/(1 - sigmoid(z)))*sigmoid(z)*(1 - sigmoid(z)))",
            ),
            ("cancel-reciprocal", "-(t*(1 - sigmoid(z)) - (1 - t)*sigmoid(z))"),
            ("expand", "-(t - t*sigmoid(z) - sigmoid(z) + t*sigmoid(z))"),
            ("collect-terms", "sigmoid(z) - t"),
        ],
    ),
    (
        "-(t*ln(y) + (1 - t)*ln(1 - y))",
        "y",
        [
            ("common-denominator", "-(t*(1 - y) - (1 - t)*y)/(y*(1 - y))"),
            ("expand", "-(t - t*y - y + t*y)/(y*(1 - y))"),
            ("collect-terms", "(y - t)/(y*(1 - y))"),
        ],
    ),
    (
        "1/2*sum((y[k] - t[k])^2, k, 1, K)",
        "y[j]",
        [
            (
                "sum-split",
                "1/2*(2*sum(y[k]*delta(k, j), k, 1, K) - 2*sum(t[k]*delta(k, j), k, 1, K))",
            ),
            ("delta-sum", "1/2*(2*y[j] - 2*t[j])"),
            ("expand", "y[j] - t[j]"),
        ],
    ),
    ("gelu(x)", "x", []),
    (
        "1/2*(relu(w*x + b) - t)^2",
        "w",
        [("cancel-reciprocal", "x*heaviside(w*x + b)*(relu(w*x + b) - t)")],
    ),
    ("1/2*(y - t)^2", "y", [("cancel-reciprocal", "y - t")]),
    ("ln(1 + e^(-z))", "z", [("collect", "-e^z/(e^z*(1 + e^z))"), ("cancel", "-1/(1 + e^z)")]),
    ("sigmoid(z)", "z", []),
    ("tanh(z)", "z", [("ratio-functions-hyperbolic", "sech(z)^2")]),
    ("x^2*e^x", "x", [("factor-out", "x*(x + 2)*e^x")]),
    ("ln(cos(x))", "x", [("ratio-functions", "-tan(x)")]),
    ("sqrt(1 - x^2)", "x", [("cancel-reciprocal", "-x/sqrt(1 - x^2)")]),
    ("x^x", "x", [("cancel-reciprocal", "x^x*(ln(x) + 1)")]),
    ("tan(x)", "x", [("ratio-functions", "sec(x)^2")]),
    ("x*sin(x)", "x", []),
    ("sin(x^2)", "x", [("standard-order", "2*x*cos(x^2)")]),
    (
        "sec(x)*tan(x)",
        "x",
        [
            ("trig-ratios", "1/cos(x)*(sin(x)/cos(x))*(sin(x)/cos(x)) + 1/cos(x)*(1/cos(x)^2)"),
            ("pythagorean", "(2 - cos(x)^2)/cos(x)^3"),
            ("split-fraction", "2/cos(x)^3 - 1/cos(x)"),
            ("ratio-functions", "2*sec(x)^3 - sec(x)"),
        ],
    ),
    (
        "ln(sec(x) + tan(x))",
        "x",
        [
            ("trig-ratios", "1/(1/cos(x) + sin(x)/cos(x))*(1/cos(x)*(sin(x)/cos(x)) + 1/cos(x)^2)"),
            ("collect", "(sin(x)*cos(x) + cos(x))/(cos(x)^2*(sin(x) + 1))"),
            ("cancel", "1/cos(x)"),
            ("ratio-functions", "sec(x)"),
        ],
    ),
]

#: The seed posts' formulas (by their place among the formulas of ../shared/seeds) that
#: are differentiated, with the variable and the path.
SEED_PATHS = {
    2: ("y_{jl}", [("delta-sum", "-t[j, l]/(N*y[j, l])")]),
    3: (
        "y_{j}",
        [
            (
                "common-denominator",
                "-1/N*sum((t[i]*delta(i, j)*(1 - y[i]) - (1 - t[i])*delta(i, j)*y[i])/(y[i]*(1 - y[i])), i, _, N)",
            ),
            (
                "expand",
                "-1/N*sum((t[i]*delta(i, j) - t[i]*delta(i, j)*y[i] - delta(i, j)*y[i] + t[i]*delta(i, j)*y[i])/(y[i]*(1 - y[i])), i, _, N)",
            ),
            (
                "collect-terms",
                "-1/N*sum((t[i]*delta(i, j) - delta(i, j)*y[i])/(y[i]*(1 - y[i])), i, _, N)",
            ),
            ("delta-sum", "-1/N*((t[j] - y[j])/(y[j]*(1 - y[j])))"),
            ("expand", "(y[j] - t[j])/(N*y[j]*(1 - y[j]))"),
        ],
    ),
}

#: Corpus lines (about one in 29, those whose path stays within the bound): the rules of
#: the shown path.
CORPUS_RULES = {
    "rubi-cat-0015": ["cancel-reciprocal", "factor-out"],
    "rubi-cat-0044": ["collect", "cancel", "factor-out"],
    "rubi-cat-0073": ["collect-roots", "cancel"],
    "rubi-cat-0102": ["cancel", "factor-out"],
    "rubi-cat-0131": ["cancel-reciprocal", "collect-roots", "cancel"],
    "rubi-cat-0001": [
        "power-of-product",
        "power-of-product",
        "cancel",
        "cancel",
        "common-denominator",
    ],
    "rubi-cat-0030": ["power-of-product", "cancel"],
    "rubi-cat-0059": ["cancel"],
    "rubi-cat-0088": ["cancel-reciprocal", "collect", "cancel", "factor-out"],
    "rubi-cat-0117": ["cancel-reciprocal", "collect", "factor-out"],
    "rubi-cat-0175": ["collect-roots", "cancel"],
    "rubi-cat-0204": ["collect", "cancel"],
    "rubi-cat-0262": ["cancel-reciprocal", "collect", "cancel", "factor-out"],
    "rubi-cat-0291": [
        "power-of-product",
        "power-of-product",
        "cancel",
        "cancel",
        "common-denominator",
        "expand",
        "factor-out",
    ],
    "rubi-cat-0320": ["trig-ratios", "pythagorean", "cancel", "factor-out", "ratio-functions"],
    "rubi-cat-0349": ["cancel-reciprocal", "pythagorean", "factor-out"],
    "rubi-cat-0378": ["cancel-reciprocal", "pythagorean", "factor-out"],
    "rubi-cat-0407": ["pythagorean", "cancel"],
    "rubi-cat-0436": ["cancel-reciprocal", "root-of-power", "trig-ratios", "pythagorean", "cancel"],
    "rubi-cat-0465": ["cancel-reciprocal", "collect-roots", "cancel", "factor-out"],
    "rubi-cat-0494": ["cancel-reciprocal", "cancel-reciprocal", "collect-roots", "cancel"],
    "rubi-cat-0523": ["exponent-laws", "collect-roots", "cancel", "factor-out"],
    "rubi-cat-0552": ["collect-roots"],
    "rubi-cat-0581": ["cancel-reciprocal", "exponent-laws", "trig-ratios", "pythagorean", "cancel"],
    "rubi-cat-0610": ["cancel-reciprocal"],
    "rubi-cat-0639": ["common-denominator", "expand", "collect-terms", "cancel", "factor-out"],
    "rubi-cat-0668": ["exponent-laws", "collect-roots", "cancel"],
    "rubi-cat-0697": ["collect-roots", "cancel"],
    "rubi-cat-0726": ["exponent-laws", "collect-roots", "cancel"],
    "rubi-cat-0755": ["cancel-reciprocal", "collect-roots", "cancel", "factor-out"],
    "rubi-cat-0784": ["cancel-reciprocal", "collect-roots", "cancel", "factor-out"],
    "rubi-cat-0813": [
        "cancel-reciprocal",
        "trig-ratios",
        "pythagorean",
        "cancel",
        "ratio-functions",
    ],
    "rubi-cat-0842": [
        "cancel-reciprocal",
        "common-denominator",
        "root-of-power",
        "collect-roots",
        "cancel",
        "factor-out",
    ],
    "rubi-cat-0871": ["standard-order"],
    "sympy-0028": [],
}


#: The golden corpus lines: each pinned to its shown path (rule and expression), each step
#: one law (:data:`ONE_LAW`), read by eye as the steps a teacher writes.
CORPUS_PATHS = {
    "rubi-cat-0008": [
        ("expand", "x^16*d*(c + x*d)^7 + 2*x^15*(c + x*d)^8"),
        ("factor-out", "x^15*(c + x*d)^7*(3*x*d + 2*c)"),
    ],
    "rubi-cat-0015": [
        ("cancel-reciprocal", "a*f^3*(d + k*x)^3 + b*f^3*(d + k*x)^5 + c*f^3*(d + k*x)^7"),
        ("factor-out", "f^3*(d + k*x)^3*(c*(d + k*x)^4 + b*(d + k*x)^2 + a)"),
    ],
    "rubi-cat-0016": [
        ("cancel-reciprocal", "x*(x^2 + 1)^11"),
    ],
    "rubi-cat-0017": [
        ("cancel-reciprocal", "10*x^4 + x^3 + 48*x^2/3 + 14*x/2 + 6"),
        ("cancel", "10*x^4 + x^3 + 16*x^2 + 7*x + 6"),
    ],
    "rubi-cat-0020": [
        ("cancel-reciprocal", "d*x + c"),
    ],
    "rubi-cat-0021": [
        ("cancel", "20*x^6 - 17*x^5 + 17*x^4 - 4*x^3 + 21*x^2 + 7*x + 6"),
    ],
    "rubi-cat-0037": [
        ("collect-terms", "(1 - x^2)/(x^2 + 1)^2"),
    ],
    "rubi-cat-0040": [
        ("cancel", "50*x^6 + 35*x^5 + 103*x^4 + 85*x^3 + 83*x^2 + 32*x + 12"),
    ],
    "rubi-cat-0069": [
        ("expand", "(2*x^2 + 2*x - x^2)/(x + 1)^2"),
        ("collect-terms", "(x^2 + 2*x)/(x + 1)^2"),
        ("factor-out", "x*(x + 2)/(x + 1)^2"),
    ],
    "rubi-cat-0102": [
        ("cancel", "2*sqrt(6)*x^2 + sqrt(6)"),
        ("factor-out", "sqrt(6)*(2*x^2 + 1)"),
    ],
    "rubi-cat-0151": [
        ("cancel-reciprocal", "x*(a + b*x^2)^(5/2)"),
    ],
    "rubi-cat-0168": [
        ("standard-order", "(b + 2*x*c)*exp(a + b*x + x^2*c)"),
    ],
    "rubi-cat-0186": [
        ("cancel-reciprocal", "a^2*exp(-n*x) + 2*a*b + b^2*exp(n*x)*n/n"),
        ("cancel-reciprocal", "a^2*exp(-n*x) + b^2*exp(n*x) + 2*a*b"),
    ],
    "rubi-cat-0192": [
        ("cancel-reciprocal", "x*exp(x^2 + 1)"),
    ],
    "rubi-cat-0193": [
        (
            "expand",
            "3*x^2*exp(7*x)/7 + x^3*exp(7*x) - 6*x*exp(7*x)/49 - 3*x^2*exp(7*x)/7 + 6*exp(7*x)/343 + 6*x*exp(7*x)/49 - 42*exp(7*x)/2401",
        ),
        ("collect-terms", "x^3*exp(7*x)"),
    ],
    "rubi-cat-0222": [
        ("cancel-reciprocal", "1/x + x^5/(1 - x^6)"),
        ("common-denominator", "(1 - x^6 + x^5*x)/(x*(1 - x^6))"),
        ("collect-terms", "1/(x*(1 - x^6))"),
    ],
    "rubi-cat-0247": [
        ("cancel-reciprocal", "x*c + b/x"),
    ],
    "rubi-cat-0258": [
        ("cancel-reciprocal", "1/x + c*x/(b + c*x^2)"),
        ("common-denominator", "(b + c*x^2 + c*x*x)/(x*(b + c*x^2))"),
        ("collect-terms", "(2*x^2*c + b)/(x*(b + x^2*c))"),
    ],
    "rubi-cat-0281": [
        (
            "cancel-reciprocal",
            "-a*x^3/((a + b*x^4)*(-a*d + b*c)) + c*(1/(c + d*x^4))*(4*d*x^3)/(4*d*(-a*d + b*c))",
        ),
        (
            "cancel-reciprocal",
            "-a*x^3/((a + b*x^4)*(-a*d + b*c)) + c*x^3/((c + d*x^4)*(-a*d + b*c))",
        ),
        (
            "common-denominator",
            "(-a*x^3*(c + d*x^4) + c*x^3*(a + b*x^4))/((a + b*x^4)*(-a*d + b*c)*(c + d*x^4))",
        ),
        (
            "expand",
            "(-a*x^3*c - a*x^7*d + c*x^3*a + c*x^7*b)/((a + b*x^4)*(-a*d + b*c)*(c + d*x^4))",
        ),
        ("collect-terms", "(x^7*c*b - a*x^7*d)/((a + x^4*b)*(c*b - a*d)*(c + x^4*d))"),
        ("cancel", "x^7/((a + b*x^4)*(c + x^4*d))"),
    ],
    "rubi-cat-0288": [
        ("cancel-reciprocal", "-1/(B - C*x)"),
    ],
    "rubi-cat-0296": [
        ("cancel-reciprocal", "1/x + x/(1 - x^2)"),
        ("common-denominator", "(1 - x^2 + x*x)/(x*(1 - x^2))"),
        ("collect-terms", "1/(x*(1 - x^2))"),
    ],
    "rubi-cat-0328": [
        ("cancel-reciprocal", "(a + b*tan(c + d*x))^3/cos(c + d*x)^2"),
        ("ratio-functions", "(a + b*tan(c + d*x))^3*sec(c + d*x)^2"),
    ],
    "rubi-cat-0359": [
        ("cancel-reciprocal", "cos(c + d*x)*(a + b*sin(c + d*x))^2"),
    ],
    "rubi-cat-0415": [
        ("cancel-reciprocal", "-1/sin(f*x + k)^2"),
        ("ratio-functions", "-csc(f*x + k)^2"),
    ],
    "rubi-cat-0480": [
        ("cancel-reciprocal", "acot(x)/(1 + x^2)"),
    ],
    "rubi-cat-0576": [
        ("ratio-functions-hyperbolic", "sech(1/x)^2/x^2"),
    ],
    "rubi-cat-0610": [
        ("cancel-reciprocal", "x*sinh(a + b*x^2)"),
    ],
    "rubi-cat-0656": [
        ("cancel-reciprocal", "sinh(sqrt(x))/sqrt(x)"),
    ],
    "rubi-cat-0660": [
        ("cancel-reciprocal", "a^2/sinh(c + d*x)^2 - b^2*(1/cosh(c + d*x)^2)*d/d + (a + b)^2"),
        ("cancel-reciprocal", "(a + b)^2 + a^2/sinh(c + d*x)^2 - b^2/cosh(c + d*x)^2"),
    ],
    "rubi-cat-0785": [
        ("cancel-reciprocal", "a*x + b*(1/cos(c + d*x^2))*sin(c + d*x^2)*(2*d*x)/(2*d)"),
        ("cancel-reciprocal", "a*x + b*sin(c + d*x^2)*x/cos(c + d*x^2)"),
        ("ratio-functions", "a*x + x*b*tan(c + x^2*d)"),
    ],
    "rubi-cat-0871": [
        ("standard-order", "1/((1 + x^2)*acot(x))"),
    ],
    "rubi-cat-0879": [
        ("cancel-reciprocal", "sin(x)/(a + b*cos(x))"),
    ],
    "sympy-0008": [
        (
            "expand",
            "x^2*sin(x) - 6*sin(x) + 2*x^2*sin(x) + x^3*cos(x) - 6*x*cos(x) + 6*x*cos(x) - 3*x^2*sin(x) + 6*sin(x)",
        ),
        ("collect-terms", "x^3*cos(x)"),
    ],
    "sympy-0014": [
        ("cancel-reciprocal", "2^x"),
    ],
    "sympy-0016": [
        ("ratio-functions-hyperbolic", "-csch(x)^2"),
    ],
    "sympy-0028": [],
    "web-0010": [
        ("common-denominator", "(-t*(1 - x) + (1 - t)*x)/(x*(1 - x))"),
        ("expand", "(-t + t*x + x - t*x)/(x*(1 - x))"),
        ("collect-terms", "(x - t)/(x*(1 - x))"),
    ],
    "web-0011": [
        ("common-denominator", "-(y*(1 - x) - (1 - y)*x)/(x*(1 - x))"),
        ("expand", "-(y - y*x - x + y*x)/(x*(1 - x))"),
        ("collect-terms", "(x - y)/(x*(1 - x))"),
    ],
    "web-0029": [
        ("cancel-reciprocal", "x^x*(ln(x) + 1)"),
    ],
}

#: The rules of one law each (the passes' multi-law steps, ``collect``, ``collect-roots``,
#: ``collect-cancel``, … are not among them).
ONE_LAW = {
    "cancel-reciprocal",
    "common-denominator",
    "expand",
    "collect-terms",
    "cancel",
    "factor-out",
    "split-fraction",
    "ratio-functions",
    "ratio-functions-hyperbolic",
    "trig-ratios",
    "standard-order",
    "sum-split",
    "delta-sum",
    "sum-combine",
    "given",
    "power-of-power",
}

#: The seed posts' equations whose sides are differentiated (log_a x, aˣ, eˣ, log_b x): the
#: rules' result is the answer, no rewrite is shown.
SEED_SIDES = [(r"\log_a x", "x"), ("a^{x}", "x"), ("e^{x}", "x"), (r"\log_b(x)", "x")]


def _path(derivation) -> list[tuple[str, str]]:
    return [(step.rule, str(step.result)) for step in derivation.rewrites]


@pytest.mark.parametrize(("formula", "var", "expected"), ML_PATHS)
def test_the_shown_path_of_a_golden_derivation(formula, var, expected):
    d = derive(formula, var, verify=False)
    assert _path(d) == expected
    assert problems(d) == []


def _seed_formulas() -> list[str]:
    return [(a or b).strip() for path in SEEDS for a, b in FORMULA.findall(path.read_text())]


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not beside the project")
@pytest.mark.parametrize("index", sorted(SEED_PATHS))
def test_the_shown_path_of_a_seed_formula(index):
    var, expected = SEED_PATHS[index]
    d = derive(_seed_formulas()[index], var, verify=False, latex=True)
    assert _path(d) == expected
    assert problems(d) == []


@pytest.mark.skipif(not PAIRS.exists(), reason="../shared/corpus is not beside the project")
def test_the_shown_paths_of_corpus_lines():
    lines = {line["id"]: line for line in pairs()}
    assert len(CORPUS_RULES) >= 30
    for name, rules in CORPUS_RULES.items():
        line = lines[name]
        d = derive(line["f"], line.get("var", "x"), verify=False)
        assert [step.rule for step in d.rewrites] == rules, name
        assert problems(d) == [], (name, problems(d))


@pytest.mark.skipif(not PAIRS.exists(), reason="../shared/corpus is not beside the project")
def test_the_golden_corpus_paths():
    lines = {line["id"]: line for line in pairs()}
    assert len(CORPUS_PATHS) >= 30
    for name, expected in CORPUS_PATHS.items():
        line = lines[name]
        d = derive(line["f"], line.get("var", "x"), verify=False)
        assert _path(d) == expected, name
        assert problems(d) == [], (name, problems(d))
        assert {rule for rule, _ in expected} <= ONE_LAW, name


#: The README's losses among :data:`ML_PATHS` (and the seed's cross-entropy over a sum).
LOSSES = ["-(t*ln(sigmoid(z))", "-(t*ln(y)", "1/2*sum(", "1/2*(relu(", "1/2*(y - t)^2"]


def test_the_golden_losses_take_one_law_per_step():
    losses = [path for formula, _, path in ML_PATHS if formula.startswith(tuple(LOSSES))]
    assert len(losses) == len(LOSSES)
    for expected in [*losses, SEED_PATHS[2][1], SEED_PATHS[3][1], LOGISTIC_PATH]:
        assert {rule for rule, _ in expected} <= ONE_LAW, expected


#: The README's logistic regression: the gradient's path, one law a step.
LOGISTIC = (
    r"-\frac{1}{N}\sum_{i=1}^{N}\left[t_i\log\sigma\left(\sum_{k=1}^{K} w_k x_{ik}\right)"
    r" + (1-t_i)\log\left(1-\sigma\left(\sum_{k=1}^{K} w_k x_{ik}\right)\right)\right]"
)
S = "sigmoid(sum(w[k]*x[i, k], k, 1, K))"
X = "sum(x[i, k]*delta(k, j), k, 1, K)"
LOGISTIC_PATH = [
    (
        "cancel-reciprocal",
        f"-1/N*sum(t[i]*(1 - {S})*{X} - (1 - t[i])*(1/(1 - {S}))*{S}*(1 - {S})*{X}, i, 1, N)",
    ),
    ("cancel-reciprocal", f"-1/N*sum(t[i]*(1 - {S})*{X} - (1 - t[i])*{S}*{X}, i, 1, N)"),
    ("expand", f"-1/N*sum(t[i]*{X} - t[i]*{S}*{X} - {S}*{X} + t[i]*{S}*{X}, i, 1, N)"),
    ("collect-terms", f"-1/N*sum(t[i]*{X} - {S}*{X}, i, 1, N)"),
    ("sum-split", f"-1/N*(sum(t[i]*{X}, i, 1, N) - sum({S}*{X}, i, 1, N))"),
    ("delta-sum", f"-1/N*(sum(t[i]*x[i, j], i, 1, N) - sum({S}*x[i, j], i, 1, N))"),
    ("expand", f"(sum(x[i, j]*{S}, i, 1, N) - sum(t[i]*x[i, j], i, 1, N))/N"),
    ("sum-combine", f"1/N*sum(x[i, j]*{S} - x[i, j]*t[i], i, 1, N)"),
    ("factor-out", f"1/N*sum(x[i, j]*({S} - t[i]), i, 1, N)"),
]


def test_the_logistic_regression_gradient_one_law_per_step():
    d = derive(LOGISTIC, "w_j", verify=False, latex=True)
    assert _path(d) == LOGISTIC_PATH
    assert problems(d) == []
    assert d.rewrites[-1].bindings == (("factor", parse("x[i, j]")),)


def test_the_softmax_cross_entropy_with_its_given_fact():
    ce = r"-\sum_{k=1}^{K} t_k \log \operatorname{softmax}(z)_k"
    d = derive(ce, "z_j", given=[r"\sum_{k=1}^{K} t_k = 1"], verify=False)
    assert _path(d) == [
        ("cancel-reciprocal", "-sum(t[k]*(delta(k, j) - softmax(z, j)), k, 1, K)"),
        ("sum-split", "-(sum(t[k]*delta(k, j), k, 1, K) - softmax(z, j)*sum(t[k], k, 1, K))"),
        ("delta-sum", "-(t[j] - softmax(z, j)*sum(t[k], k, 1, K))"),
        ("given", "-(t[j] - softmax(z, j))"),
        ("expand", "softmax(z, j) - t[j]"),
    ]
    assert problems(d) == []


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not beside the project")
@pytest.mark.parametrize(("formula", "var"), SEED_SIDES)
def test_a_seed_equations_side_shows_no_rewrite(formula, var):
    d = derive(formula, var, verify=False, latex=True)
    assert d.rewrites == ()
    assert problems(d) == []


def test_a_common_power_is_pulled_out_before_anything_is_expanded():
    d = derive("x^3*(a + b*x^2 + c*x^4)^(p + 1)", verify=False)
    assert [step.rule for step in d.rewrites] == [
        "factor-out",
        "expand",
        "collect-terms",
        "factor-out",
    ]
    assert d.rewrites[0].bindings == (("factor", parse("x^2*(a + b*x^2 + c*x^4)^p")),)
    assert str(d.rewrites[0].result) == (
        "x^2*(a + b*x^2 + c*x^4)^p*(3*(a + b*x^2 + c*x^4) + x*(p + 1)*(2*b*x + 4*c*x^3))"
    )
    assert problems(d) == []


def test_the_common_factor_move():
    product, factor, rest = moves.factor_common(parse("3*x^2*u^(p + 1) + x^3*(p + 1)*u^p*v"))
    assert (str(factor), str(rest)) == ("x^2*u^p", "3*u + x*(p + 1)*v")
    assert guard.keeps_value(parse("3*x^2*u^(p + 1) + x^3*(p + 1)*u^p*v"), product, ())
    assert moves.factor_common(parse("x + y")) is None


def test_the_sigmoid_is_cancelled_before_anything_is_expanded():
    d = derive("-(t*ln(sigmoid(z)) + (1 - t)*ln(1 - sigmoid(z)))", "z")
    first = d.rewrites[0]
    assert first.rule == "cancel-reciprocal"
    assert "1/sigmoid(z)" not in str(first.result)
    assert max(leaves(step.result) for step in d.rewrites) <= leaves(d.raw)
    assert d.verification.status == "verified", d.verification


def test_numbers_above_that_make_one_below_cancel_as_one():
    """``12·(x² + 1)¹¹·(2x)/24``: 12·2 against 24, one reciprocal cancelled."""
    (step,) = derive("(x^2 + 1)^12/24").rewrites
    assert (step.rule, str(step.result)) == ("cancel-reciprocal", "x*(x^2 + 1)^11")
    assert [str(value) for name, value in step.bindings] == ["24"]


def test_the_common_denominator_is_shown():
    d = derive("-(t*ln(y) + (1 - t)*ln(1 - y))", "y")
    assert [step.rule for step in d.rewrites] == ["common-denominator", "expand", "collect-terms"]
    assert str(d.rewrites[0].result) == "-(t*(1 - y) - (1 - t)*y)/(y*(1 - y))"
    assert d.verification.status == "verified", d.verification


@pytest.mark.parametrize(
    ("formula", "rules"),
    [
        ("x^2*e^x", ["factor-out"]),
        ("sigmoid(z)", []),
        ("ln(cos(x))", ["ratio-functions"]),
        ("sqrt(1 - x^2)", ["cancel-reciprocal"]),
        ("x*sin(x)", []),
        ("sin(x^2)", ["standard-order"]),
    ],
)
def test_no_step_only_reorders_or_undoes_the_last(formula, rules):
    d = derive(formula, verify=False)
    assert [step.rule for step in d.rewrites] == rules
    assert problems(d) == []


def test_x_to_the_x_cites_no_law_of_roots():
    d = derive("x^x")
    assert [step.rule for step in d.rewrites] == ["cancel-reciprocal"]
    assert "√" not in d.rewrites[0].formula
    assert str(d.result) == "x^x*(ln(x) + 1)"


def test_a_pythagorean_step_that_also_wrote_ratios_is_two_steps():
    d = derive("sec(x)*tan(x)")
    rules = [step.rule for step in d.rewrites]
    assert rules[:2] == ["trig-ratios", "pythagorean"]
    assert "tan" not in str(d.rewrites[0].result)
    assert d.verification.status == "verified", d.verification


def test_a_fraction_split_is_not_called_factor_out():
    d = derive("sec(x)*tan(x)")
    split = [step for step in d.rewrites if step.rule == "split-fraction"]
    assert split and isinstance(split[0].result, Add)
    assert not split[0].bindings


@pytest.mark.parametrize(
    ("formula", "answer", "rules"),
    [
        ("9*x*atan(x)", "9*atan(x) + 9*x/(1 + x^2)", ["expand"]),
        ("2*ln(x)*sin(x)", "2*ln(x)*cos(x) + 2*sin(x)/x", ["expand"]),
        ("6*x*atan(cos(x))", "6*atan(cos(x)) - 6*x*sin(x)/(1 + cos(x)^2)", ["expand"]),
        # as many steps as over a common denominator, through smaller expressions
        (
            "2*sin(x)*atan(x^2)",
            "2*cos(x)*atan(x^2) + 4*x*sin(x)/(1 + x^4)",
            ["expand", "power-of-power"],
        ),
        (
            "4*x^3*tanh(x)",
            "12*x^2*tanh(x) + 4*x^3*sech(x)^2",
            ["expand", "ratio-functions-hyperbolic"],
        ),
        # then the one term left to tidy, alone: √x·√x = x, x³/x = x², (√x)² = x
        (
            "5*sin(x)*ln(sqrt(x))",
            "5*cos(x)*ln(sqrt(x)) + 5*sin(x)/(2*x)",
            ["expand", "collect-roots"],
        ),
        ("3*x^3*ln(ln(x))", "9*x^2*ln(ln(x)) + 3*x^2/ln(x)", ["expand", "cancel"]),
        (
            "9*e^x*atan(sqrt(x))",
            "9*e^x*atan(sqrt(x)) + 9*e^x/(2*sqrt(x)*(x + 1))",
            ["expand", "exponent-laws"],
        ),
        # the textbook's quotient, not 4/(cot²x + csc²x)
        ("4*sin(x)*atan(cos(x))", "4*cos(x)*atan(cos(x)) - 4*sin(x)^2/(1 + cos(x)^2)", ["expand"]),
        # the quotient rule's two fractions: its numerator split over g², then g cancelled
        (
            "(e^x + 1)/(ln(x) + 2)",
            "e^x/(ln(x) + 2) - (e^x + 1)/(x*(ln(x) + 2)^2)",
            ["split-fraction", "cancel"],
        ),
        (
            "(cos(x) + 1)/(sqrt(x) + 2)",
            "-sin(x)/(sqrt(x) + 2) - (cos(x) + 1)/(2*sqrt(x)*(sqrt(x) + 2)^2)",
            ["split-fraction", "cancel"],
        ),
        (
            "(sqrt(x) + 1)/(tan(x) + 2)",
            "1/(2*sqrt(x)*(tan(x) + 2)) - (sqrt(x) + 1)*sec(x)^2/(tan(x) + 2)^2",
            ["split-fraction", "cancel", "ratio-functions"],
        ),
    ],
)
def test_an_answer_that_multiplies_out_the_rules_sum_is_reached_so(formula, answer, rules):
    """Not over a common denominator split again: the product rule's sum times its number,
    multiplied out (and the ratio functions written back, or the term left tidied alone);
    the quotient rule's numerator split over its denominator."""
    d = derive(formula, "x")
    assert str(d.result) == answer
    assert [step.rule for step in d.rewrites] == rules
    assert d.verification.status == "verified", d.verification


def test_standard_order_only_when_the_order_is_the_whole_change():
    d = derive("sin(x^2)")
    assert [step.rule for step in d.rewrites] == ["standard-order"]
    assert order_key(d.raw) == order_key(d.result)
    assert str(d.result) == "2*x*cos(x^2)"
    assert derive("x^2*e^x").rewrites[0].expr is derive("x^2*e^x").raw


@pytest.mark.parametrize(
    ("formula", "var", "answer", "rules"),
    [
        ("1/(1 + e^(-z))", "z", "e^(-z)/(1 + e^(-z))^2", []),
        ("x*sin(x)", "x", "sin(x) + x*cos(x)", []),
        ("ln(1 + exp(x))", "x", "exp(x)/(1 + exp(x))", ["standard-order"]),
        ("x/(1 + x^2)", "x", "(1 - x^2)/(1 + x^2)^2", ["collect-terms"]),
        ("(a + b*x)^5", "x", "5*b*(a + b*x)^4", ["standard-order"]),
    ],
)
def test_a_sum_written_before_keeps_its_order(formula, var, answer, rules):
    d = derive(formula, var)
    assert str(d.result) == answer
    assert str(diff(formula, var)) == answer
    assert [step.rule for step in d.rewrites] == rules
    assert d.verification.status == "verified", d.verification


def test_a_sum_kept_in_its_order_puts_its_terms_with_a_minus_last():
    assert str(diff("exp(cos(x) + ln(x))")) == "exp(cos(x) + ln(x))*(1/x - sin(x))"
    assert str(diff("-p*x + ln(1 + e^x)")) == "e^x/(1 + e^x) - p"
    assert str(diff("cos(x)*ln(x)")) == "cos(x)/x - sin(x)*ln(x)"
    assert str(diff("(-a + b*x^2)^3")) == "6*b*x*(b*x^2 - a)^2"


@pytest.mark.parametrize(
    ("formula", "var", "answer"),
    [
        ("ln(1 + e^(-z))", "z", "-1/(1 + e^z)"),  # the source writes 1 + e⁻ᶻ
        ("ln(e^(-z) + 1)", "z", "-1/(e^z + 1)"),  # the source writes e⁻ᶻ + 1
        ("ln(1 + e^(-z)) + ln(e^(-z) + 1)", "z", "-2/(e^z + 1)"),  # both: standard order
        ("x^2/(1 + x)", "x", "x*(x + 2)/(1 + x)^2"),  # a polynomial keeps its own order
    ],
)
def test_a_new_sum_of_a_number_and_an_exponential_places_the_number_as_the_source(
    formula, var, answer
):
    d = derive(formula, var)
    assert str(d.result) == answer
    assert str(diff(formula, var)) == answer
    assert d.verification.status == "verified", d.verification


def test_a_sum_negated_keeps_the_order_of_the_sum_written():
    d = derive("(y - w x - b)^2/2", "b")
    assert [str(step.result) for step in d.rewrites][-2:] == ["-(y - w*x - b)", "w*x + b - y"]
    assert str(diff("(y - w x - b)^2/2", "w")) == "x*(w*x + b - y)"
    assert d.verification.status == "verified", d.verification


def test_the_roots_joined_are_named():
    d = derive("sqrt(x)*sqrt(x + 1)")
    assert [step.rule for step in d.rewrites] == ["collect-roots"]
    assert "√a·√b" in d.rewrites[0].formula


def test_every_shown_step_of_the_losses_verifies():
    for formula, var, _ in ML_PATHS:
        d = derive(formula, var)
        assert d.verification.status == "verified", (formula, d.verification)


@pytest.mark.slow
@pytest.mark.skipif(not PAIRS.exists(), reason="../shared/corpus is not beside the project")
def test_the_whole_corpus_shows_no_empty_step_detour_or_false_label():
    plan.reset_counts()
    found = {}
    detours = {}
    derived = 0
    for line in pairs():
        try:
            d = derive(line["f"], line.get("var", "x"), verify=False)
        except ValueError:
            continue
        derived += 1
        wrong = problems(d)
        if wrong and all(" leaves, over " in problem for problem in wrong):
            detours[line["id"]] = wrong
        elif wrong:
            found[line["id"]] = wrong
    assert derived >= 900
    print(f"\nshown paths: {derived} derivations, {len(detours)} detours, {plan.COUNTS}")
    # Where no candidate path stays within the bound the passes' own path is shown: a
    # counted fallback, rare.
    assert not detours, detours
    assert plan.COUNTS["fallback"] <= 0.05 * plan.COUNTS["planned"]
    assert not found, found


def _rewrite(rule: str, before: str, after: str) -> Step:
    return Step(rule, parse(before), None, parse(after))


def test_a_step_undone_is_cut_out():
    steps = [
        _rewrite("collect", "s*(1 - s)", "s - s^2"),
        _rewrite("factor-out", "s - s^2", "s*(1 - s)"),
    ]
    assert plan.shown_steps(parse("s*(1 - s)"), steps) == ()


def test_a_reordering_is_folded_into_the_next_step():
    raw = "2*x*e^x + x^2*e^x"
    steps = [
        _rewrite("collect", raw, "x^2*e^x + 2*x*e^x"),
        _rewrite("factor-out", "x^2*e^x + 2*x*e^x", "x*e^x*(x + 2)"),
    ]
    shown = plan.shown_steps(parse(raw), steps)
    assert [(s.rule, s.expr, s.result) for s in shown] == [
        ("factor-out", parse(raw), parse("x*e^x*(x + 2)"))
    ]


def test_a_last_reordering_joins_the_step_before():
    steps = [
        _rewrite("cancel", "x*y/y + 1", "x + 1"),
        _rewrite("collect", "x + 1", "1 + x"),
    ]
    shown = plan.shown_steps(parse("x*y/y + 1"), steps)
    assert [(s.rule, str(s.result)) for s in shown] == [("cancel", "1 + x")]


def test_order_keys_see_only_order_and_notation():
    assert order_key(parse("a*(1/b)*c")) == order_key(parse("c*a/b"))
    assert order_key(parse("-x*y + z")) == order_key(parse("z - y*x"))
    assert order_key(parse("x + 1")) != order_key(parse("x + 2"))
    assert order_key(parse("2*(1/2)*x")) != order_key(parse("x"))


def test_an_expand_and_collect_step_is_two_steps_of_one_law_each():
    d = derive("-(t*ln(sigmoid(z)) + (1 - t)*ln(1 - sigmoid(z)))", "z", verify=False)
    expand, collect = d.rewrites[-2:]
    assert (expand.rule, collect.rule) == ("expand", "collect-terms")
    assert expand.formula == "a·(b + c) = a·b + a·c"
    assert collect.formula == "a·u + b·u = (a + b)·u"
    assert collect.expr is expand.result
    assert not any(step.rule == "collect" for step in d.rewrites)


def test_a_step_that_only_collects_is_not_called_expand():
    steps = [_rewrite("collect", "3*x*y + 2*y*x - x", "5*x*y - x")]
    shown = plan.one_law_each(steps, 100)
    assert [(s.rule, str(s.result)) for s in shown] == [("collect-terms", "5*x*y - x")]


@pytest.mark.parametrize(
    ("before", "expanded", "collected"),
    [
        ("-(t*(1 - s) - (1 - t)*s)", "-(t - t*s - s + t*s)", "s - t"),
        ("1/2*(2*y - 2*w)", "y - w", "y - w"),
        ("(x^2 + 1 - 2*x*x)/(x^2 + 1)^2", "(x^2 + 1 - 2*x*x)/(x^2 + 1)^2", "(1 - x^2)/(x^2 + 1)^2"),
        ("(x + 1)*(x - 1)", "x^2 - x + x - 1", "x^2 - 1"),
        ("(a*x + 3*a*x)/4", "a*x/4 + 3*a*x/4", "a*x"),
    ],
)
def test_the_expand_and_collect_moves(before, expanded, collected):
    expr = parse(before)
    out = distribute(expr)
    assert order_key(out) == order_key(parse(expanded))
    assert order_key(collect_terms(out, order_key)) == order_key(parse(collected))
    assert guard.keeps_value(expr, out, ())


def test_a_power_of_a_power_is_written_as_the_answer_writes_it():
    assert str(moves.powers_as_in(parse("c*x^(2*n) + b"), parse("(x^n)^2*c"))) == "c*(x^n)^2 + b"
    assert str(moves.powers_as_in(parse("c*(x^n)^2"), parse("x^(2*n)"))) == "c*x^(2*n)"
    assert moves.powers_as_in(parse("x^2"), parse("(x^n)^2")) is parse("x^2")
    d = derive("x*(a + b*x^n + c*x^(2*n))^(p + 1)", verify=False)
    assert d.rewrites[0].rule == "factor-out"
    assert d.rewrites[-1].rule == "power-of-power"
    assert problems(d) == []


def test_a_minus_goes_into_the_one_sum_of_a_product():
    assert str(minus_taken_in(parse("-(1/N*(a - b))"))) == "1/N*(-a + b)"
    two_sums = parse("-(c*(a - b)*(d + e))")
    assert minus_taken_in(two_sums) is two_sums


def test_a_factor_pulled_out_of_some_terms_is_one_step():
    d = derive("k*x*(a + b*x^n)^(p + 1)*(c + d*x^n)^(p + 1)/(a*c)", verify=False)
    assert [step.rule for step in d.rewrites] == ["factor-out"]
    assert d.rewrites[0].bindings == (("factor", parse("x*n*x^(n - 1)*(p + 1)")),)
    assert problems(d) == []


@pytest.mark.skipif(not PAIRS.exists(), reason="../shared/corpus is not beside the project")
def test_each_fraction_is_reduced_before_the_two_are_combined():
    line = next(line for line in pairs() if line["id"] == "rubi-cat-0054")
    d = derive(line["f"], line.get("var", "x"), verify=False)
    assert [step.rule for step in d.rewrites] == [
        "factor-numerator",
        "factor-numerator",
        "power-of-product",
        "power-of-product",
        "cancel",
        "cancel",
        "collect",
        "cancel",
        "factor-out",
    ]
    assert problems(d) == []
    assert str(d.rewrites[3].result).endswith("/(64*k^2*(d + k*x)^16*(-a*k + b*d)^2)")


def test_the_moves_that_reduce_a_fraction():
    assert str(moves.power_of_product(parse("(56*k*(d + k*x)^7)^2"))) == "3136*k^2*(d + k*x)^14"
    assert moves.power_of_product(parse("(a + b)^2")) is None
    assert str(moves.reduced(parse("392*P*u^6*k*v^6*S/(3136*k^2*v^14)"))) == "P*u^6*S/(8*k*v^8)"
    assert str(moves.reduced(parse("(2*x)/(4*x)"))) == "1/2"
    assert moves.reduced(parse("x/y")) is None


def test_the_least_common_denominator_of_powers():
    ((result, bindings, _),) = plan.common_denominator(parse("a/x^6 + b/x^4"))
    assert str(result) == "(a + b*x^2)/x^6"
    assert bindings == ()
    ((result, bindings, _),) = plan.common_denominator(parse("a/y - b/(1 - y)"))
    assert bindings == (("c", parse("y")), ("d", parse("1 - y")))
    d = derive("-a/(5*x^5) - b/(3*x^3)", verify=False)
    assert [str(step.result) for step in d.rewrites][-1] == "(x^2*b + a)/x^6"
    assert str(d.rewrites[0].result) == "25*a*x^4/(25*x^10) + 9*b*x^2/(3*x^3)^2"
    assert problems(d) == []


@pytest.mark.parametrize(
    ("formula", "answer", "rewrites"),
    [
        ("log(x, 1/2)", "1/(x·ln(1/2))", 0),  # 1/2 read as a quotient: no step tidies it
        ("log(x, 3/4)", "1/(x·ln(3/4))", 0),
        ("log(x, 2/4)", "1/(x·ln(1/2))", 1),  # 2/4 = 1/2 is a change to show
    ],
)
def test_a_change_that_prints_the_same_is_no_step(formula, answer, rewrites):
    made = derive(formula, verify=False)
    lines = [line.split("  ")[0] for line in made.to_text().splitlines() if line.startswith("=")]
    assert lines[-1] == f"= {answer}"
    assert len(lines) == len(set(lines)), made.to_text()
    assert len(made.rewrites) == rewrites
    assert str(made.result) == str(diff(formula))
    assert made.result is diff(formula)


@pytest.mark.parametrize(
    ("f", "rules"),
    [
        # the same roots, reordered or written as powers: no roots were joined
        ("sqrt(1 + sqrt(x))", ["collect"]),
        ("(x^2 + 1)^(1/2)", ["collect"]),
        # (√x)² = x and (√(x + 1))² = x + 1 on the way to one denominator
        ("sqrt(x)*sqrt(x + 1)", ["collect-roots"]),
        # a power of e written with a negative exponent stays so: no step at all
        ("e^(-2)*x", []),
        # sinh and cosh written as tanh, sech: said so, not "sin and cos as tan, sec"
        ("tanh(x)", ["ratio-functions-hyperbolic"]),
        ("tan(x)", ["ratio-functions"]),
    ],
)
def test_a_label_says_only_what_its_step_did(f, rules):
    d = derive(f, "x", verify=False)
    assert [step.rule for step in d.orders[0].rewrites] == rules
