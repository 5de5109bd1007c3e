"""The table of live expression nodes: one node per ``(class, args)``, held weakly, so
that equal trees are the same object and a node no longer used is let go."""

from __future__ import annotations

from typing import Any
from weakref import ref

__all__ = ["INTERNED", "LONG_ARGS", "Entry", "LongKey", "forget", "key_of"]


class LongKey:
    """The key ``(class, args)`` of a node with many args (a product of hundreds of
    factors), its hash computed once: a tuple does not keep its hash, and the table
    hashes a node's key when the node is looked up, entered and let go."""

    __slots__ = ("hash", "key")

    def __init__(self, key: tuple[Any, ...]) -> None:
        self.key = key
        self.hash = hash(key)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LongKey) and self.hash == other.hash and self.key == other.key


#: Args past which a node's key is a :class:`LongKey`.
LONG_ARGS = 32

Key = tuple[Any, ...] | LongKey


def key_of(cls: type, args: tuple[Any, ...]) -> Key:
    """The table's key for the node of class ``cls`` with these ``args``."""
    return (cls, args) if len(args) <= LONG_ARGS else LongKey((cls, args))


class Entry(ref):  # type: ignore[type-arg]
    """A weak reference to a node that carries the node's key, so that the node's death
    removes exactly its own entry."""

    __slots__ = ("key",)
    key: Key


#: Every live node by its key (see :func:`key_of`).
INTERNED: dict[Key, Entry] = {}


def forget(entry: Entry, table: dict[Key, Entry] = INTERNED) -> None:
    """Remove a dead node's entry (unless a new node has taken its key since)."""
    if table.get(entry.key) is entry:
        del table[entry.key]
