"""A bounded memory of results, for pure functions of interned (immutable) trees.

The differentiator and the simplifier both remember their last results: the same tree
is the same object, so a repeated call is one dictionary lookup.

>>> squares = Memo(size=2)
>>> squares.get(3, lambda: 3 * 3), len(squares)
(9, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["Memo"]

V = TypeVar("V")


class Memo(Generic[V]):
    """The last ``size`` results, the oldest forgotten first."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._values: dict[Hashable, V] = {}

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The remembered value for ``key``, else ``compute()``, remembered."""
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = compute()
            if len(self._values) > self.size:
                del self._values[next(iter(self._values))]
        return found

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
