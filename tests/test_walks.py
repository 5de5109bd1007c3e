"""The walks every pass is built on (:mod:`symderiv.walks`): :func:`fold` combines each
distinct node once, children in order before their parent, in the order
:func:`postorder` lists them, at any depth and whether it descends by recursion or by a
stack of its own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from symderiv import walks
from symderiv.expr import Call, Expr, Mul, Num, Sym, add, fold, postorder, without
from symderiv.parse import parse

from strategies import exprs


def _combined(expr: Expr, **options: object) -> list[Expr]:
    order: list[Expr] = []

    def combine(node: Expr, children: list[int]) -> int:
        order.append(node)
        return 1 + sum(children)

    fold(expr, combine, **options)  # type: ignore[arg-type]
    return order


def _written_size(expr: Expr) -> int:
    """Nodes written out (a shared subtree counted each time), without a walk."""
    return 1 + sum(_written_size(child) for child in expr.children)


@given(exprs(24))
@settings(max_examples=200, deadline=None)
def test_fold_combines_each_node_once_in_postorder(expr: Expr) -> None:
    assert _combined(expr) == list(postorder(expr))
    assert fold(expr, lambda _node, children: 1 + sum(children)) == _written_size(expr)


@given(exprs(24))
@settings(max_examples=100, deadline=None)
def test_the_stack_walks_in_the_order_recursion_does(expr: Expr) -> None:
    by_recursion = _combined(expr)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walks, "RECURSION_LEVELS", 1)
        assert _combined(expr) == by_recursion


def test_deep_trees_and_long_products_are_walked_without_recursion_errors() -> None:
    x = Sym("x")
    deep: Expr = x
    for level in range(5_000):
        deep = Call("sin", deep) if level % 100 else Mul(*(add(deep, Num(k)) for k in range(12)))
    order = _combined(deep)
    assert order == list(postorder(deep))
    assert order[-1] is deep and len(order) == len(set(order))


def test_a_node_is_combined_with_the_children_it_needs_alone() -> None:
    expr = parse("sin(x + 1)*cos(y^2)")
    seen: list[Expr] = []

    def combine(node: Expr, children: list[int]) -> int:
        seen.append(node)
        return 1 + sum(children)

    opaque = without(lambda node: isinstance(node, Call) and node.name == "cos")
    assert fold(expr, combine, needs=opaque) == 1 + 4 + 1
    assert parse("y^2") not in seen and parse("cos(y^2)") in seen


def test_same_children_is_identity_node_for_node() -> None:
    """A rebuilt node's children are its own only when each is the very same node: equal
    but distinct values, another order or another count are not."""

    class Leaf:
        children: tuple[object, ...] = ()

    class Pair:
        def __init__(self, *children: object) -> None:
            self.children = children

    a, b = Leaf(), Leaf()
    pair = Pair(a, b)
    assert walks.same_children(pair, [a, b])
    assert walks.same_children(pair, (a, b))
    assert not walks.same_children(pair, [b, a])
    assert not walks.same_children(pair, [a])
    assert not walks.same_children(pair, [a, b, a])
    assert not walks.same_children(Pair(1000, 2000), [int("1000"), int("2000")])
    assert walks.same_children(Leaf(), [])
