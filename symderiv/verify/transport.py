"""Trees sent to the verification worker: pickled with each of our trees stored once, as a
flat table of nodes, so that a tree of any depth travels without recursion."""

from __future__ import annotations

import io
import pickle
from typing import TYPE_CHECKING, Any

from ..expr import (
    Expr,
)

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------------------------------
# Trees sent to the worker
# ---------------------------------------------------------------------------------------
def pack(obj: Any) -> bytes:
    """``obj`` pickled with each of our trees stored once, as a flat table of nodes
    (children first), so that a tree of any depth travels without recursion."""
    positions: dict[Expr, int] = {}
    table: list[tuple[type, tuple[Any, ...], tuple[int, ...]]] = []

    def position(root: Expr) -> int:
        """The table row of ``root``, adding the nodes not stored yet (a stored subtree
        is not walked again, so many trees sharing subtrees cost their distinct nodes)."""
        stack: list[tuple[Expr, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if node in positions:
                continue
            if not expanded:
                stack.append((node, True))
                stack.extend((c, False) for c in node.children if c not in positions)
                continue
            places = tuple(i for i, arg in enumerate(node.args) if isinstance(arg, Expr))
            args = tuple(positions[a] if isinstance(a, Expr) else a for a in node.args)
            positions[node] = len(table)
            table.append((type(node), args, places))
        return positions[root]

    class TreePickler(pickle.Pickler):
        def persistent_id(self, item: Any) -> int | None:
            return position(item) if isinstance(item, Expr) else None

    body = io.BytesIO()
    TreePickler(body, pickle.HIGHEST_PROTOCOL).dump(obj)
    return pickle.dumps((table, body.getvalue()), pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes) -> Any:
    """What :func:`pack` stored."""
    table, body = pickle.loads(data)
    nodes: list[Expr] = []
    for kind, args, places in table:
        arguments = list(args)
        for place in places:
            arguments[place] = nodes[arguments[place]]
        nodes.append(kind(*arguments))

    class TreeUnpickler(pickle.Unpickler):
        def persistent_load(self, pid: Any) -> Expr:
            return nodes[pid]

    return TreeUnpickler(io.BytesIO(body)).load()
