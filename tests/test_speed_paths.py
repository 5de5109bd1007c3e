"""The faster paths give what the plain ones give: the product rule's shared
normalisation, the command line's steps before the badge, and ``check-file`` on Dask."""

from __future__ import annotations

import gc
import json
from fractions import Fraction
from math import isqrt
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symderiv import derive
from symderiv.checks.batch import check_file
from symderiv.cli import main
from symderiv.engine import derivative
from symderiv.expr import Expr, Mul, Neg, Num, Sym, add, mul
from symderiv.interning import INTERNED, LONG_ARGS, LongKey, key_of
from symderiv.numeric import NumericError, evaluate, evaluation
from symderiv.parse import parse
from symderiv.render.layout import ELLIPSIS, abbreviated
from symderiv.rules.algebra import GROUPED_FROM, _grouped_terms, _product_terms
from symderiv.simplify import Context, tidy
from symderiv.simplify.poly import Poly
from symderiv.simplify.write import to_expression
from symderiv.steps import ACTIONS

from strategies import exprs

X = Sym("x")

#: Factors as the product rule meets them: any tree, negated, a number, a decimal, a product.
factors = st.one_of(
    exprs(6),
    exprs(4).map(Neg),
    st.integers(-3, 3).map(Num),
    st.just(Num("0.5", decimal=True)),
    st.tuples(exprs(3), exprs(3)).map(lambda pair: Mul(*pair)),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(factors, min_size=2, max_size=9), st.data())
def test_the_product_terms_are_the_terms_mul_writes(written, data):
    """Each term equals ``mul(f₁, …, fᵢ′, …, fₙ)`` node for node (the same interned tree),
    and the depth it was built with is its height (made first, so it sets the depth)."""
    results = tuple(data.draw(factors) for _ in written)
    terms = _product_terms(tuple(written), results)
    expected = [mul(*written[:i], result, *written[i + 1 :]) for i, result in enumerate(results)]
    assert terms == expected
    for term in terms:
        for node in (term, *term.children):
            assert node.depth == 1 + max((child.depth for child in node.children), default=0)


def _spelled(node, in_product=False):
    """The nodes of ``node`` in order, each with its own args and where it ends, a product
    inside a product left out: the same for two trees that differ only in how the factors
    of their products are grouped."""
    inside = isinstance(node, Mul)
    own = tuple(arg for arg in node.args if not isinstance(arg, Expr))
    children = [item for child in node.children for item in _spelled(child, inside)]
    return children if in_product and inside else [(type(node), own), *children, "end"]


@settings(max_examples=120, deadline=None)
@given(st.lists(factors, min_size=2, max_size=30), st.data())
def test_the_grouped_terms_are_the_terms_mul_writes_with_their_runs_grouped(written, data):
    """Each grouped term is ``mul(f₁, …, fᵢ′, …, fₙ)`` with runs of factors written as
    products of their own, in the same order; the depth each node was built with is its
    height (made first, so it sets the depth)."""
    results = tuple(data.draw(factors) for _ in written)
    grouped = _grouped_terms(tuple(written), results)
    for term in grouped:
        for node in (term, *term.children, *(g for c in term.children for g in c.children)):
            assert node.depth == 1 + max((child.depth for child in node.children), default=0)
    flat = _product_terms(tuple(written), results)
    assert [_spelled(term) for term in grouped] == [_spelled(term) for term in flat]


def test_a_product_of_many_factors_has_terms_of_about_root_n_groups():
    """The n terms of a product of n ≥ GROUPED_FROM factors hold about 2·n·√n factors and
    groups between them, not n²; each term multiplies out to the product rule's term."""
    count = 100
    factors_ = [add(Sym("x"), Num(i)) for i in range(1, count + 1)]
    result = derivative(Mul(*factors_), X)
    assert count >= GROUPED_FROM and len(result.children) == count
    assert sum(len(term.children) for term in result.children) <= 2 * count * isqrt(count)
    flat = [mul(*factors_[:i], *factors_[i + 1 :]) for i in range(count)]
    assert [_spelled(term) for term in result.children] == [_spelled(term) for term in flat]
    # A line of a derivation shows the grouped terms as it showed the flat ones.
    assert abbreviated(result) is abbreviated(add(*flat))
    assert abbreviated(result, 40) is abbreviated(add(*flat), 40)


def test_a_line_joins_the_products_of_a_product_of_products_only():
    """Past its budget a line shows ``(a·b)·(c·d)`` as ``a·b·c·d`` (the product rule's
    runs), but ``a·(b·c)·d`` as written (the chain rule nests one product in another)."""
    a, b, c, d = (Sym(name) for name in "abcd")
    assert abbreviated(Mul(Mul(a, b), Mul(c, d)), 1).children == (a, b, c, d)
    assert abbreviated(Mul(a, Mul(b, c), d), 1).children == (a, ELLIPSIS, d)


#: A value for every name the strategies draw (indexed names by their indices).
POINT_VALUES = {
    **{"x": "0.7", "y": "-1.3", "a": "2.5", "b": "0.4", "t": "1.1", "theta": "-0.2"},
    **{"x_1": "0.9", "y2": "1.7", "i": "2", "k": "1"},
    **{f"{name}[{i}]": "0.3" for name in "ytw" for i in (1, 2)},
    **{f"{name}[{i},{j}]": "-0.6" for name in "ytw" for i in (1, 2) for j in (1, 2)},
}


def _value_or_refusal(run, *args):
    try:
        return repr(run(*args))  # NaN is not equal to itself, its repr is
    except (NumericError, TypeError) as error:  # what the verifier's evaluator refuses
        return type(error)


@settings(max_examples=200, deadline=None)
@given(exprs(14), st.sampled_from([15, 30, 60]))
def test_an_evaluation_made_once_gives_what_evaluate_gives(tree, digits):
    """The verifier's evaluation made once per expression: the same value at every point
    and precision as walking the tree each time (or the same refusal)."""
    once = evaluation(tree)
    assert _value_or_refusal(once, POINT_VALUES, digits) == _value_or_refusal(
        lambda v, d: evaluate(tree, v, dps=d), POINT_VALUES, digits
    )


def test_a_reading_is_written_once_per_simplification():
    """Choosing the reading writes the near ones; the passes then reuse what was written."""
    context = Context((), tidy)
    value, atoms = context.normal(parse("x^2 sin(x) + 2x sin(x) + tan(x) cos(x)"), cancel=True)
    written = context.written(True, factor=True)
    assert context.written(True, factor=True) is written
    assert written == to_expression(value, atoms, factor=True)
    assert context.written(False, factor=False) == to_expression(
        *context.normal(X, cancel=False), factor=False
    )


def test_a_long_product_differentiates_as_the_sum_of_its_terms():
    """(x+1)(x+2)…(x+8): eight terms, each with one factor replaced by 1."""
    factors_ = [add(X, Num(i)) for i in range(1, 9)]
    result = derivative(Mul(*factors_), X)
    assert result == add(*(mul(*factors_[:i], *factors_[i + 1 :]) for i in range(8)))


def test_a_node_of_many_args_is_interned_once_and_let_go():
    """Past ``LONG_ARGS`` a node's key keeps its hash: the same factors give the same node,
    one more or one fewer factor another, and a node let go leaves the table."""
    factors_ = [add(X, Num(i)) for i in range(1, LONG_ARGS + 6)]
    product = Mul(*factors_)
    assert isinstance(key_of(Mul, product.args), LongKey)
    assert Mul(*factors_) is product
    assert Mul(*factors_[:-1]) is not product and Mul(*factors_, X) is not product
    assert Mul(*factors_[:-1]) == Mul(*factors_[:-1])
    assert key_of(Mul, tuple(factors_)) in INTERNED
    del product
    gc.collect()
    assert key_of(Mul, tuple(factors_)) not in INTERNED


def test_the_command_line_prints_the_steps_before_verifying(capsys, monkeypatch):
    """Piped text: every line but the badge is on standard output before SymPy is
    asked, and the whole output is the text of the verified derivation."""
    seen_before: list[str] = []
    verify = ACTIONS["verify"]

    def watched(derivation, **options):
        seen_before.append(capsys.readouterr().out)
        return verify(derivation, **options)

    monkeypatch.setitem(ACTIONS, "verify", watched)
    code = main(["x^2 e^x", "-f", "text"])
    rest = capsys.readouterr().out
    expected = derive("x^2 e^x").to_text()
    assert code == 0
    assert seen_before[0] == expected.rsplit("\n", 1)[0] + "\n"
    assert seen_before[0] + rest == expected + "\n"
    assert rest.startswith("✓ verified")


def test_no_verify_prints_the_unverified_text(capsys):
    assert main(["x^2 e^x", "-f", "text", "--no-verify"]) == 0
    out = capsys.readouterr().out
    assert out == derive("x^2 e^x", verify=False).to_text() + "\n"
    assert out.rstrip().endswith("(not verified)")


def _lines(tmp_path: Path) -> Path:
    rows = [
        {"f": "x^2 e^x", "df": "2x e^x + x^2 e^x", "id": "a"},
        {"f": "sin(x)^2", "df": "2 sin(x) cos(x)", "id": "b"},
        {"f": "ln(x", "df": "1/x", "id": "c"},
        {"f": "x^3", "df": "2x^2", "id": "d"},
        {"f": "sqrt(1 + x^2)", "df": "x/sqrt(1 + x^2)", "id": "e"},
    ]
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\nnot json\n")
    return path


@pytest.mark.slow
def test_check_file_on_a_local_dask_cluster_gives_the_same_summary(tmp_path):
    pytest.importorskip("distributed", reason="Dask is not installed (the [dask] extra)")
    path = _lines(tmp_path)
    own = check_file(path, jobs=1, progress=False)
    on_dask = check_file(path, jobs=2, progress=False, scheduler="dask")
    assert on_dask.results == own.results
    assert [r.outcome for r in own.results] == [
        "verified", "verified", "parse-error", "mismatch", "verified", "bad-input"
    ]  # fmt: skip
    assert on_dask.exit_code == own.exit_code == 1


@pytest.mark.slow
def test_check_file_on_a_running_scheduler_by_its_address(tmp_path):
    distributed = pytest.importorskip("distributed", reason="Dask is not installed")
    path = _lines(tmp_path)
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    )
    try:
        summary = check_file(path, progress=False, scheduler=cluster.scheduler_address)
    finally:
        cluster.close()
    assert summary.results == check_file(path, jobs=1, progress=False).results


def test_an_unknown_scheduler_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown scheduler 'spark'"):
        check_file(_lines(tmp_path), progress=False, scheduler="spark")


#: A SymPy symbol for each atom number the polynomials below use.
ATOM_SYMBOLS = sympy.symbols("a0:4")


def _as_sympy(poly):
    """A polynomial as SymPy's expression, built from its terms."""
    return sympy.Add(
        *(
            sympy.Rational(c.numerator, c.denominator)
            * sympy.Mul(*(ATOM_SYMBOLS[atom] ** power for atom, power in monomial))
            for monomial, c in poly.terms
        )
    )


def _divided_by_sympy(dividend, divisor):
    """Exact division as SymPy finds it: the quotient, or ``None`` where a remainder is
    left."""
    if divisor.is_zero:
        return None
    quotient, remainder = sympy.div(_as_sympy(dividend), _as_sympy(divisor), *ATOM_SYMBOLS)
    return sympy.expand(quotient) if remainder == 0 else None


def _polys(max_terms):
    monomials = st.lists(
        st.tuples(st.integers(0, 3), st.integers(1, 3)), max_size=3, unique_by=lambda t: t[0]
    ).map(lambda pairs: tuple(sorted(pairs)))
    return st.dictionaries(monomials, st.integers(-3, 3), max_size=max_terms).map(Poly.from_dict)


@settings(max_examples=400, deadline=None)
@given(_polys(6), _polys(4), _polys(3))
def test_exact_division_gives_what_sympy_gives(a, b, c):
    """Divisible or not (a product divided by a factor, any two polynomials), the
    quotient SymPy finds, or a refusal where SymPy leaves a remainder."""
    for dividend, divisor in ((a * b, b), (a * b + c, b), (a, b), (a * b * c, b * c)):
        found = dividend.divide_exactly(divisor)
        expected = _divided_by_sympy(dividend, divisor)
        assert (found is None) == (expected is None), (dividend, divisor)
        assert found is None or sympy.expand(_as_sympy(found)) == expected
    if not b.is_zero:
        assert (a * b).divide_exactly(b) == a


@settings(max_examples=300, deadline=None)
@given(_polys(6), _polys(4), _polys(3))
def test_division_with_a_remainder_leaves_no_term_the_leading_monomial_divides(a, b, c):
    """``n = q·d + r``, and no term of ``r`` is divisible by the leading monomial of ``d``
    (so an exact division leaves ``r = 0``)."""
    for dividend, divisor in ((a * b + c, b), (a, b), (a * b, b)):
        found = dividend.divide(divisor)
        if divisor.is_zero:
            assert found is None
            continue
        assert found is not None
        quotient, remainder = found
        assert quotient * divisor + remainder == dividend
        lead = divisor.leading()[0]
        assert not any(
            all(dict(m).get(atom, 0) >= power for atom, power in lead) for m, _ in remainder.terms
        )
        assert (remainder.is_zero) == (dividend.divide_exactly(divisor) is not None)


def test_a_polynomial_knows_a_power_of_one_atom_and_whole_coefficients():
    x, y = Poly.atom(0), Poly.atom(1)
    assert x.power(3).power_of_atom == (0, 3)
    assert (x * y).power_of_atom is None  # two atoms
    assert x.scale(2).power_of_atom is None  # a coefficient
    assert (x + Poly.constant(1)).power_of_atom is None  # a sum
    assert (x.scale(2) + y).whole_coefficients
    assert not (x.scale(Fraction(1, 2)) + y).whole_coefficients
