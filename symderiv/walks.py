"""Walks over a tree of nodes that share their subtrees: each distinct node once,
children before parents (:func:`postorder`), and bottom-up evaluation memoised per node
(:func:`fold`).  :func:`postorder` keeps a stack of its own; :func:`fold` descends by
recursion for :data:`RECURSION_LEVELS` levels and with a stack of its own below, so that
any depth is safe.  A node with many children (a product of hundreds of factors) has
them checked at C level."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import filterfalse, repeat
from typing import Any, Protocol, TypeVar

__all__ = ["FEW_CHILDREN", "fold", "postorder", "same_children", "without"]


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
        for child in children[::-1]:
            if child not in seen:
                stack.append((child, False))


#: Levels a fold descends by recursion, the fastest walk in CPython, before it goes on
#: below with a stack of its own (any depth is safe).
RECURSION_LEVELS = 48

_MISSING: Any = object()


def fold(
    root: N,
    combine: Callable[[N, list[R]], R],
    memo: dict[N, R] | None = None,
    needs: Callable[[N], Sequence[N]] | None = None,
) -> R:
    """Bottom-up evaluation: ``combine(node, [result of each child])``, memoised per node,
    children in order before their parent.

    With ``needs``, a node is combined with the results of ``needs(node)`` alone (its
    children, or some of them, or none), and only those are visited first.
    """
    results: dict[N, R] = {} if memo is None else memo
    found = results.get(root, _MISSING)
    if found is not _MISSING:
        return found  # type: ignore[no-any-return]
    return _descend(root, RECURSION_LEVELS, combine, results, needs)


def _descend(
    node: N,
    levels: int,
    combine: Callable[[N, list[R]], R],
    results: dict[N, R],
    needs: Callable[[N], Sequence[N]] | None,
) -> R:
    """:func:`fold` of ``node``, not yet in ``results``, by recursion ``levels`` deep."""
    needed = node.children if needs is None else needs(node)
    if len(needed) > FEW_CHILDREN:
        for child in list(filterfalse(results.__contains__, needed)):
            if child in results:
                continue
            if levels:
                _descend(child, levels - 1, combine, results, needs)
            else:
                _stacked(child, combine, results, needs)
        value = combine(node, list(map(results.__getitem__, needed)))
    else:
        values = []
        for child in needed:
            result = results.get(child, _MISSING)
            if result is _MISSING:
                if levels:
                    result = _descend(child, levels - 1, combine, results, needs)
                else:
                    result = _stacked(child, combine, results, needs)
            values.append(result)
        value = combine(node, values)
    results[node] = value
    return value


def _stacked(
    root: N,
    combine: Callable[[N, list[R]], R],
    results: dict[N, R],
    needs: Callable[[N], Sequence[N]] | None,
) -> R:
    """:func:`fold` with a stack of its own, in the same order."""
    stack: list[tuple[N, Sequence[N] | None]] = [(root, None)]
    while stack:
        node, needed = stack.pop()
        if node in results:
            continue
        if needed is not None:
            if len(needed) > FEW_CHILDREN:
                results[node] = combine(node, list(map(results.__getitem__, needed)))
            else:
                results[node] = combine(node, [results[c] for c in needed])
            continue
        needed = node.children if needs is None else needs(node)
        if not needed:
            results[node] = combine(node, [])
            continue
        stack.append((node, needed))
        if len(needed) > FEW_CHILDREN:
            stack.extend(zip(filterfalse(results.__contains__, reversed(needed)), repeat(None)))
            continue
        for child in reversed(needed):
            if child not in results:
                stack.append((child, None))
    return results[root]


def without(opaque: Callable[[N], bool]) -> Callable[[N], Sequence[N]]:
    """What :func:`fold` needs of each node when those for which ``opaque`` is true are
    combined with no child results (their children are not visited)."""

    def needs(node: N) -> Sequence[N]:
        return () if opaque(node) else node.children

    return needs


def same_children(node: Node, children: Sequence[Any]) -> bool:
    """Whether ``children`` are ``node``'s own, node for node (a walk that rebuilds a node
    from its children's results finds most of them unchanged)."""
    own = node.children
    if len(own) != len(children):
        return False
    for child, was in zip(children, own, strict=True):
        if child is not was:
            return False
    return True
