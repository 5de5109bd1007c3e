"""Walks over a tree of nodes that share their subtrees: each distinct node once,
children before parents (:func:`postorder`), and bottom-up evaluation memoised per node
(:func:`fold`).  Both keep a stack of their own, so that any depth is safe; a node
with many children (a product of hundreds of factors) has them checked at C level."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import filterfalse, repeat
from typing import Any, Protocol, TypeVar

__all__ = ["FEW_CHILDREN", "fold", "postorder"]


class Node(Protocol):
    """What a walk needs of a node: its children."""

    @property
    def children(self) -> tuple[Any, ...]: ...


N = TypeVar("N", bound=Node)
R = TypeVar("R")

#: Children up to which a walk checks each child in Python (past it, at C level: a long
#: product's factors).
FEW_CHILDREN = 8


def postorder(root: N) -> Iterator[N]:
    """Each distinct node once, children before parents."""
    seen: set[N] = set()
    stack: list[tuple[N, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if node in seen:
            continue
        if expanded:
            seen.add(node)
            yield node
            continue
        stack.append((node, True))
        children = node.children
        if len(children) > FEW_CHILDREN:
            stack.extend(zip(filterfalse(seen.__contains__, reversed(children)), repeat(False)))
            continue
        for child in reversed(children):
            if child not in seen:
                stack.append((child, False))


def fold(
    root: N,
    combine: Callable[[N, list[R]], R],
    memo: dict[N, R] | None = None,
    opaque: Callable[[N], bool] | None = None,
) -> R:
    """Bottom-up evaluation: ``combine(node, [result of each child])``, memoised per node.

    A node for which ``opaque(node)`` is true is combined with no child results and
    its children are not visited.
    """
    results: dict[N, R] = {} if memo is None else memo
    if root in results:
        return results[root]
    stack: list[tuple[N, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if node in results:
            continue
        children = node.children
        if expanded:
            if len(children) > FEW_CHILDREN:
                results[node] = combine(node, list(map(results.__getitem__, children)))
            else:
                results[node] = combine(node, [results[c] for c in children])
            continue
        if opaque is not None and opaque(node):
            results[node] = combine(node, [])
            continue
        stack.append((node, True))
        if len(children) > FEW_CHILDREN:
            stack.extend(zip(filterfalse(results.__contains__, reversed(children)), repeat(False)))
            continue
        for child in reversed(children):
            if child not in results:
                stack.append((child, False))
    return results[root]
