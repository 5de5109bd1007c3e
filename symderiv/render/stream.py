"""Printing in one walk, in memory the size of the text printed.

A printer describes each node by its *pieces*: literal strings and child nodes, in
the order they are written (``Pow(x, 2)`` -> ``[x, "^", "2"]``).  :func:`emit` walks the
tree once with an explicit stack, appends the literal pieces to one list and joins it
once at the end.  No string of a subtree is kept, except for a subtree that occurs more
than once: it is written the first time, remembered as one string, and reused (every
such string also appears in the output, so the memory stays proportional to it).

Folding the tree into strings bottom-up instead keeps the text of every subtree: for a
chain of nested products, where each holds the rest of the output, that is the output
length times the depth (a derivative of a composition 3,000 deep held 1.5 GB for a
22 MB text).

>>> from symderiv.expr import Sym, Num, Pow
>>> x = Sym("x")
>>> def pieces(node):
...     return [node.name] if isinstance(node, Sym) else [node.base, "^", str(node.exp.value)]
>>> emit(Pow(x, Num(2)), pieces)
'x^2'
"""

from __future__ import annotations

from collections.abc import Callable

from ..expr import Expr
from ..precedence import Level

__all__ = [
    "Piece",
    "Pieces",
    "emit",
    "first_text",
    "listed",
    "repeated_nodes",
    "without_first_character",
    "wrapped",
]

Piece = str | Expr
Pieces = list[Piece]

#: Pieces gathered before the newest ones are joined into one string (a list of many
#: short strings costs more than the text itself).
_CHUNK = 4096


class _Close:
    """End of a repeated subtree: its pieces from ``start`` become one remembered string."""

    __slots__ = ("node", "start")

    def __init__(self, node: Expr, start: int) -> None:
        self.node = node
        self.start = start


def repeated_nodes(root: Expr) -> set[Expr]:
    """Nodes with more than one parent reference (written more than once), leaves excluded."""
    seen: set[Expr] = set()
    repeated: set[Expr] = set()
    stack = [root]
    while stack:
        for child in stack.pop().children:
            if child.children:
                if child in seen:
                    repeated.add(child)
                else:
                    seen.add(child)
                    stack.append(child)
    return repeated


def emit(
    root: Expr,
    pieces: Callable[[Expr], Pieces],
    repeated: set[Expr] | None = None,
) -> str:
    """The text of ``root``: ``pieces(node)`` written in order, each child node in turn
    replaced by its own pieces (iterative: safe at any depth)."""
    remember = repeated_nodes(root) if repeated is None else repeated
    out: list[str] = []
    append = out.append
    texts: dict[Expr, str] = {}
    opened: list[int] = []  # where each remembered subtree being written starts in ``out``
    joined = 0  # ``out[:joined]`` is already joined into chunks
    stack: list[Piece | _Close] = [root]
    pop = stack.pop
    while stack:
        item = pop()
        kind = type(item)
        if kind is str:
            append(item)  # type: ignore[arg-type]
            if len(out) - joined > _CHUNK:
                start = max(joined, opened[-1] if opened else 0)
                out[start:] = ["".join(out[start:])]
                joined = len(out)
            continue
        if kind is _Close:
            start = item.start  # type: ignore[union-attr]
            text = "".join(out[start:])
            out[start:] = [text]
            texts[item.node] = text  # type: ignore[union-attr]
            opened.pop()
            joined = min(joined, len(out))
            continue
        node: Expr = item  # type: ignore[assignment]
        known = texts.get(node)
        if known is not None:
            append(known)
            continue
        written = pieces(node)
        if node in remember:
            opened.append(len(out))
            stack.append(_Close(node, len(out)))
        stack.extend(reversed(written))
    return "".join(out)


def wrapped(
    node: Expr,
    level: Level,
    minimum: Level,
    strict: bool = False,
    brackets: tuple[str, str] = ("(", ")"),
) -> Pieces:
    """The node, in ``brackets`` when its printed ``level`` binds more loosely than its
    position needs (``minimum``; ``strict``: also when it binds just as tightly)."""
    if level < minimum or (strict and level == minimum):
        return [brackets[0], node, brackets[1]]
    return [node]


def first_text(node: Expr, pieces: Callable[[Expr], Pieces], known: dict[Expr, str]) -> str:
    """The first non-empty literal piece written for ``node`` (``""`` if none), found by
    following first pieces down the tree; ``known`` remembers it for every node passed."""
    path = [node]
    result = ""
    while path[-1] not in known:
        for piece in pieces(path[-1]):
            if isinstance(piece, str):
                if piece:
                    result = piece
                    break
                continue
            path.append(piece)
            break
        else:
            break
        if result:
            break
    else:
        result = known[path.pop()]
    for visited in path:
        known[visited] = result
    return result


def without_first_character(node: Expr, pieces: Callable[[Expr], Pieces]) -> Pieces:
    """The pieces of ``node`` with the first character of its text left out."""
    chain: list[Pieces] = []
    current = node
    while True:
        written = pieces(current)
        index = 0
        while isinstance(written[index], str) and not written[index]:
            index += 1
        first = written[index]
        rest = written[index + 1 :]
        if isinstance(first, str):
            head: Pieces = [first[1:], *rest]
            break
        chain.append(rest)
        current = first
    for rest in reversed(chain):
        head += rest
    return head


def listed(items: tuple[Expr, ...] | list[Expr], separator: str = ", ") -> Pieces:
    """Nodes with ``separator`` between them (the arguments of a call, indices)."""
    pieces: Pieces = []
    for index, item in enumerate(items):
        if index:
            pieces.append(separator)
        pieces.append(item)
    return pieces
