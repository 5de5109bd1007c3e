"""The table of live expression nodes: one node per ``(class, args)``, held weakly, so
that equal trees are the same object and a node no longer used is let go."""

from __future__ import annotations

from typing import Any
from weakref import ref

__all__ = ["INTERNED", "Entry", "forget"]


class Entry(ref):  # type: ignore[type-arg]
    """A weak reference to a node that carries the node's key, so that the node's death
    removes exactly its own entry."""

    __slots__ = ("key",)
    key: tuple[Any, ...]


#: Every live node by ``(class, args)``.
INTERNED: dict[tuple[Any, ...], Entry] = {}


def forget(entry: Entry, table: dict[tuple[Any, ...], Entry] = INTERNED) -> None:
    """Remove a dead node's entry (unless a new node has taken its key since)."""
    if table.get(entry.key) is entry:
        del table[entry.key]
