"""Property: random matrix expressions over a small grammar — their gradient, every step
and the result, equal the derivative taken entry by entry on random concrete matrices."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from symderiv.matrix import derive_matrix
from symderiv.matrix.oracle import Invalid, _final_check, instances

SHAPES = {"x": ("n",), "b": ("n",), "A": ("n", "n"), "c": ()}

_LEAVES = st.sampled_from(["x", "b", "A x", "A^T b", "x - b"])


def _vector(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds("A ({})".format, inner),
        st.builds("A^T ({})".format, inner),
        st.builds("({}) + ({})".format, inner, inner),
        st.builds("({}) - ({})".format, inner, inner),
        st.builds("{}({})".format, st.sampled_from(["exp", "tanh", "sigma", "sin"]), inner),
        st.builds("({}) ⊙ ({})".format, inner, inner),
        st.builds("c ({})".format, inner),
        st.builds("2 ({})".format, inner),
    )


VECTORS = st.recursive(_LEAVES, _vector, max_leaves=4)

SCALARS = st.recursive(
    st.one_of(
        st.builds("b^T ({})".format, VECTORS),
        st.builds("({})^T ({})".format, VECTORS, VECTORS),
        st.builds("\\|{}\\|^2".format, VECTORS),
        st.builds("sum({})".format, VECTORS),
        st.builds("logsumexp({})".format, VECTORS),
        st.builds("({})^T A ({})".format, VECTORS, VECTORS),
    ),
    lambda inner: st.one_of(
        st.builds("({}) + ({})".format, inner, inner),
        st.builds("({}) ({})".format, inner, inner),
    ),
    max_leaves=2,
)


def _check_gradient(formula: str, var: str) -> None:
    assume(re.search(rf"\b{var}\b", formula) is not None)
    d = derive_matrix(formula, var, SHAPES)
    assert d.verification is not None
    assume(d.verification.status != "undecided")
    assert d.verification.status == "verified", d.to_text()
    for instance in instances(d.shapes, seed=99):
        try:
            assert _final_check(d, instance)
        except Invalid:
            continue
        break


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCALARS, st.sampled_from(["x", "x", "A"]))
def test_random_gradients_equal_the_entry_by_entry_oracle(formula: str, var: str) -> None:
    _check_gradient(formula, var)


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCALARS, st.sampled_from(["x", "x", "A"]))
def test_many_random_gradients_equal_the_entry_by_entry_oracle(formula: str, var: str) -> None:
    _check_gradient(formula, var)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VECTORS)
def test_random_jacobians_equal_the_entry_by_entry_oracle(formula: str) -> None:
    assume(re.search(r"\bx\b", formula) is not None)
    d = derive_matrix(formula, "x", SHAPES)
    assert d.kind == "jacobian" and d.verification is not None
    assume(d.verification.status != "undecided")
    assert d.verification.status == "verified", d.to_text()
