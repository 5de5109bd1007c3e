"""Hypothesis strategies that generate expression trees.

* :func:`exprs` covers the whole grammar the infix parser reads (for round trips);
* :func:`smooth_exprs` builds functions of ``x`` (with constants ``a``, ``y``) from every
  differentiation rule's node kinds, for derivative and verification properties.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import reject
from hypothesis import strategies as st

from symderiv.errors import NoRuleError
from symderiv.expr import (
    PI,
    Add,
    Call,
    Derivative,
    Div,
    E,
    Expr,
    Indexed,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Product,
    Sum,
    Sym,
)
from symderiv.functions import FAMILY_FUNCTIONS, FUNCTIONS

UNARY_FUNCTIONS = sorted(name for name, spec in FUNCTIONS.items() if spec.arity == 1)

integers = st.integers(min_value=0, max_value=12).map(Num)
negative_integers = st.integers(min_value=-9, max_value=-1).map(Num)
decimals = st.sampled_from(["0.5", "1.25", "2.0", "0.001"]).map(
    lambda text: Num(Fraction(text), decimal=True)
)
names = st.sampled_from(["x", "y", "a", "b", "t", "theta", "x_1", "y2"]).map(Sym)
constants = st.sampled_from([E, PI])
indexed = st.builds(
    lambda name, indices: Indexed(name, *indices),
    st.sampled_from(["y", "t", "w"]),
    st.lists(st.sampled_from([Sym("i"), Sym("k"), Num(1)]), min_size=1, max_size=2),
)

leaves = st.one_of(integers, negative_integers, decimals, names, constants, indexed)


def _children(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        st.lists(inner, min_size=2, max_size=4).map(lambda terms: Add(*terms)),
        st.lists(inner, min_size=2, max_size=4).map(lambda factors: Mul(*factors)),
        st.builds(Div, inner, inner),
        st.builds(Pow, inner, inner),
        st.builds(Neg, inner),
        st.builds(Call, st.sampled_from(UNARY_FUNCTIONS), inner),
        st.builds(lambda u, n: Call("root", u, n), inner, inner),
        st.builds(Log, inner),
        st.builds(Log, inner, inner),
        st.builds(
            lambda body, lower, upper: Sum(body, Sym("k"), lower, upper),
            inner,
            st.sampled_from([None, Num(1)]),
            st.sampled_from([None, Sym("K")]),
        ),
        st.builds(lambda body: Product(body, Sym("i"), Num(1), Sym("N")), inner),
        st.builds(lambda body: Derivative(body, Sym("x")), inner),
    )


def exprs(max_leaves: int = 16) -> st.SearchStrategy[Expr]:
    """Trees of the whole grammar, as the parser builds them."""
    return st.recursive(leaves, _children, max_leaves=max_leaves)


_X = Sym("x")
smooth_leaves = st.one_of(
    st.just(_X),
    st.just(_X),
    st.integers(min_value=1, max_value=5).map(Num),
    st.sampled_from([Sym("a"), Sym("y"), E, PI, Num(Fraction(1, 2), decimal=True)]),
)

#: Functions whose derivative formulas hold on the sample domain of the property tests:
#: not ``abs`` nor ``softsign`` (u/(1 + |u|); SymPy writes |u| of a complex u with re(u)),
#: nor the functions of a vector (``logsumexp``), which have a derivative only with respect
#: to one of their components, nor the non-smooth functions.
SMOOTH_FUNCTIONS = [
    name
    for name in UNARY_FUNCTIONS
    if name not in ("abs", "softsign")
    and name not in FAMILY_FUNCTIONS
    and not FUNCTIONS[name].kinks
]
#: Functions with points where they are not differentiable (relu, sign, floor, …), and
#: the non-smooth functions of two arguments.
NONSMOOTH_FUNCTIONS = sorted(name for name in UNARY_FUNCTIONS if FUNCTIONS[name].kinks)
NONSMOOTH_BINARY = ["max", "min"]


def _smooth_children(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    small_exponents = st.integers(min_value=-3, max_value=4).map(Num)
    return st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda terms: Add(*terms)),
        st.lists(inner, min_size=2, max_size=3).map(lambda factors: Mul(*factors)),
        st.builds(Div, inner, inner),
        st.builds(Pow, inner, small_exponents),
        st.builds(Pow, inner, inner),
        st.builds(lambda u: Pow(E, u), inner),
        st.builds(Neg, inner),
        st.builds(Call, st.sampled_from(SMOOTH_FUNCTIONS), inner),
        st.builds(Log, inner),
        st.builds(lambda u: Log(u, Num(2)), inner),
        st.builds(lambda u, b: Log(u, b), inner, inner),
    )


def smooth_exprs(max_leaves: int = 10) -> st.SearchStrategy[Expr]:
    """Functions of ``x`` built from every rule's node kinds (constants ``a``, ``y``)."""
    return st.recursive(smooth_leaves, _smooth_children, max_leaves=max_leaves)


def reject_undefined(error: NoRuleError) -> None:
    """Drop a generated tree that is undefined everywhere (``log(u, 1)``, ``u/0``,
    ``root(u, 0)``): it has no derivative.  Any other missing rule fails the test, since
    every node kind the strategies build has a rule."""
    if "(undefined" not in error.what:
        raise AssertionError(f"a generated tree has no rule: {error}") from error
    reject()


def _nonsmooth_children(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        _smooth_children(inner),
        st.builds(Call, st.sampled_from(NONSMOOTH_FUNCTIONS), inner),
        st.builds(Call, st.sampled_from(NONSMOOTH_BINARY), inner, inner),
        st.builds(lambda u: Call("abs", u), inner),
        st.builds(
            lambda a, b, at: Call("piecewise", a, Call("ge", _X, at), b, Num(1)),
            inner,
            inner,
            st.integers(min_value=-2, max_value=2).map(Num),
        ),
    )


def nonsmooth_exprs(max_leaves: int = 8) -> st.SearchStrategy[Expr]:
    """Functions of ``x`` that also hold the non-smooth functions of the table (relu,
    max, min, sign, heaviside, floor, ceil, hardtanh, abs) and piecewise functions of
    two pieces (split at x = -2…2) at any depth."""
    return st.recursive(smooth_leaves, _nonsmooth_children, max_leaves=max_leaves)
