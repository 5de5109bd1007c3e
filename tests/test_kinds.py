"""A pass that rewrites only trees holding a kind of node skips a tree without one:
what it would have made is that tree, node for node (so skipping changes nothing), and
:func:`~symderiv.simplify.kinds.holds` sees every node."""

from __future__ import annotations

from hypothesis import given, settings

from symderiv.expr import Call, Const, postorder
from symderiv.parse import parse
from symderiv.simplify import exponentials_combined, tidy
from symderiv.simplify.kinds import forget, holds
from symderiv.simplify.logs import logarithms_of_powers
from symderiv.simplify.signs import sign_abs
from symderiv.simplify.sums import collapse, combine_sums, split

from strategies import exprs, smooth_exprs

FEATURES = ("Sum", "Log", "Pow", "call sign", "call sqrt", "const e")


def _features(node):
    yield type(node).__name__
    if isinstance(node, Call):
        yield f"call {node.name}"
    if isinstance(node, Const):
        yield f"const {node.name}"


@settings(max_examples=300, deadline=None)
@given(exprs(10))
def test_holds_sees_every_node(tree):
    """Asked twice (the second time remembered), the answer is what a walk finds."""
    found = {name for node in postorder(tree) for name in _features(node)}
    for _ in range(2):
        for name in FEATURES:
            assert holds(tree, name) == (name in found)
        assert holds(tree, *FEATURES) == bool(found & set(FEATURES))


def test_holds_after_forgetting():
    tree = parse("x*sign(x) + e^x")
    assert holds(tree, "call sign") and holds(tree, "const e")
    forget()
    assert holds(tree, "const e") and not holds(tree, "Sum", "Log")


def _skipping_changes_nothing(tree):
    if not holds(tree, "Sum"):
        assert split(tree) is tree
        assert collapse(tree) == (tree, ())
        assert combine_sums(tree, tidy) is tree
    if not holds(tree, "Log"):
        assert logarithms_of_powers(tree) == (tree, ())
    if not holds(tree, "const e", "call sqrt"):
        assert exponentials_combined(tree) is tree
    if not holds(tree, "call sign"):
        assert sign_abs(tree) == (tree, ())


@settings(max_examples=300, deadline=None)
@given(exprs(10))
def test_the_skipped_passes_would_change_nothing(tree):
    _skipping_changes_nothing(tree)


@settings(max_examples=150, deadline=None)
@given(smooth_exprs(8))
def test_the_skipped_passes_would_change_nothing_on_functions_of_x(tree):
    _skipping_changes_nothing(tree)


def test_the_passes_still_act_where_their_kind_is():
    assert str(logarithms_of_powers(parse("ln(e^(2x))"))[0]) == "2*x"
    assert str(exponentials_combined(parse("e^x*e^(2x)"))) == "e^(x + 2*x)"
    assert str(sign_abs(parse("sign(x)*abs(x)"))[0]) == "x"
