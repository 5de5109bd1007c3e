"""Where a rewrite acted: the sub-expression of its input it changed, and what it became.

A tidying step such as "cancel against the reciprocal" rewrites one part of a formula
and leaves the rest as it was.  :func:`focus_of` finds that part by comparing the
step's input and output as trees, top down:

* equal nodes are untouched;
* a sum or a product is compared as a multiset of terms (factors): when the multisets
  agree once nested sums (products) are opened, only the order or grouping changed and
  the node is the focus as a whole; else the terms found on both sides, in any order,
  are untouched, and the others are the focus.  If exactly one term changed into
  exactly one term, the comparison goes on inside it; if some terms vanished or several
  changed, the focus is those terms of that sum (product);
* any other node whose kind and fixed fields agree and of which exactly one child
  changed is looked into through that child;
* anything else is the focus as a whole.

>>> from symderiv.expr import Add, Div, Mul, Num, Sym, neg
>>> t, s = Sym("t"), Sym("s")
>>> cancelled = focus_of(Mul(t, Div(Num(1), s), s), t)
>>> [str(part) for part in cancelled.before_parts], cancelled.after_parts
(['1/s', 's'], ())
>>> cancelled.before, cancelled.kind
(((1,), (2,)), 'product')
>>> str(cancelled.before_expr), str(cancelled.after_expr)
('1/s*s', '1')

The focus is the whole input (``whole``) when everything changed: then nothing in
particular is worth pointing at.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .expr import ONE, ZERO, Add, Expr, Mul
from .memo import Memo

__all__ = ["Focus", "Path", "focus_of", "replay", "subexpression"]

#: Child indices (into ``Expr.children``) from a root down to one of its sub-expressions.
Path = tuple[int, ...]

#: The sums and products, whose terms (factors) are compared as multisets.
_COMMUTATIVE: dict[type, str] = {Add: "sum", Mul: "product"}
#: What an empty sum and an empty product are.
_EMPTY: dict[str, Expr] = {"sum": ZERO, "product": ONE}


@dataclass(frozen=True, slots=True)
class Focus:
    """The part of a rewrite's input it acted on, and what that part became.

    ``path`` leads from the input's root to the node the rewrite acted in, and
    ``result_path`` from the output's root to the node it became.  ``kind`` says what
    the parts are: ``"node"`` — the node at ``path`` itself was replaced (``before`` is
    ``(path,)`` and ``after`` is ``(result_path,)``); ``"sum"`` or ``"product"`` — some
    terms (factors) of the sum (product) at ``path`` were replaced by others, the rest
    kept.  ``before`` are the paths of the parts in the input, ``after`` the paths of
    what they became in the output (none when they vanished: ``u·(1/u) = 1``);
    ``before_parts`` and ``after_parts`` are those sub-expressions.
    """

    path: Path
    result_path: Path
    kind: str
    before: tuple[Path, ...]
    after: tuple[Path, ...]
    before_parts: tuple[Expr, ...]
    after_parts: tuple[Expr, ...]

    @property
    def whole(self) -> bool:
        """Whether the rewrite changed its input as a whole (nothing to point at)."""
        return self.kind == "node" and self.path == ()

    @property
    def before_expr(self) -> Expr:
        """The parts acted on as one expression (several terms as their sum, several
        factors as their product, in the input's order)."""
        return _joined(self.kind, self.before_parts)

    @property
    def after_expr(self) -> Expr:
        """What they became, as one expression (``0`` or ``1`` when they vanished)."""
        return _joined(self.kind, self.after_parts)


def _joined(kind: str, parts: tuple[Expr, ...]) -> Expr:
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return _EMPTY.get(kind, ONE)
    return Add(*parts) if kind == "sum" else Mul(*parts)


def subexpression(root: Expr, path: Path) -> Expr:
    """The sub-expression of ``root`` at ``path``."""
    node = root
    for index in path:
        node = node.children[index]
    return node


def _operands(node: Expr, kind: str) -> tuple[Expr, ...]:
    """The terms (factors) of ``node`` seen as a sum (product): its children if it is
    one, else the node alone."""
    return node.children if _COMMUTATIVE.get(type(node)) == kind else (node,)


def _ungrouped(operands: tuple[Expr, ...], kind: str) -> list[Expr]:
    """The terms (factors) with each nested sum (product) of the same kind opened:
    ``cos(x²)·(2x)`` has the factors ``cos(x²)``, ``2``, ``x``."""
    opened: list[Expr] = []
    stack = list(reversed(operands))
    while stack:
        item = stack.pop()
        if _COMMUTATIVE.get(type(item)) == kind:
            stack.extend(reversed(item.children))
        else:
            opened.append(item)
    return opened


def _unmatched(ours: tuple[Expr, ...], theirs: tuple[Expr, ...]) -> list[int]:
    """The indices of ``ours`` left when each of ``theirs`` takes away one equal item."""
    left = Counter(theirs)
    unmatched = []
    for index, item in enumerate(ours):
        if left[item]:
            left[item] -= 1
        else:
            unmatched.append(index)
    return unmatched


def _same_shape(a: Expr, b: Expr) -> bool:
    """Same kind of node, same fixed fields (a function's name, a number's value), as
    many children: the nodes differ only in their children."""
    if type(a) is not type(b) or len(a.children) != len(b.children):
        return False
    fixed_a = tuple(x for x in a.args if not isinstance(x, Expr))
    fixed_b = tuple(x for x in b.args if not isinstance(x, Expr))
    return fixed_a == fixed_b


def _node(path: Path, result_path: Path, a: Expr, b: Expr) -> Focus:
    return Focus(path, result_path, "node", (path,), (result_path,), (a,), (b,))


def _focus(a: Expr, b: Expr) -> Focus | None:
    """The top-down comparison of the module docstring (iterative: a chain of nodes
    with one changed child each is followed without recursion)."""
    if a is b:
        return None
    path: Path = ()
    result_path: Path = ()
    while True:
        kind = _COMMUTATIVE.get(type(a))
        if kind is not None:
            ours, theirs = a.children, _operands(b, kind)
            if Counter(_ungrouped(ours, kind)) == Counter(_ungrouped(theirs, kind)):
                return _node(path, result_path, a, b)  # the order or grouping alone changed
            inside = _COMMUTATIVE.get(type(b)) == kind
            gone = _unmatched(ours, theirs)
            made = _unmatched(theirs, ours)
            if len(gone) == 1 and len(made) == 1:
                path += (gone[0],)
                result_path += (made[0],) if inside else ()
                a, b = ours[gone[0]], theirs[made[0]]
                continue
            if not gone or len(gone) == len(ours):
                return _node(path, result_path, a, b)
            return Focus(
                path,
                result_path,
                kind,
                tuple((*path, i) for i in gone),
                tuple((*result_path, i) if inside else result_path for i in made),
                tuple(ours[i] for i in gone),
                tuple(theirs[i] for i in made),
            )
        if not _same_shape(a, b):
            return _node(path, result_path, a, b)
        changed = [
            i for i, (x, y) in enumerate(zip(a.children, b.children, strict=True)) if x is not y
        ]
        if len(changed) != 1:
            return _node(path, result_path, a, b)
        index = changed[0]
        a, b = a.children[index], b.children[index]
        path += (index,)
        result_path += (index,)


_MEMO: Memo[Focus | None] = Memo(size=4096)


def focus_of(before: Expr, after: Expr) -> Focus | None:
    """Where the rewrite ``before = after`` acted (``None`` when nothing changed); see
    the module docstring."""
    if before is after:
        return None
    return _MEMO.get((before, after), lambda: _focus(before, after))


def _rebuilt(node: Expr, children: tuple[Expr, ...]) -> Expr:
    """``node`` with new children, exactly as written."""
    if node.children == children:
        return node
    it = iter(children)
    return type(node)(*(next(it) if isinstance(x, Expr) else x for x in node.args))


def replay(root: Expr, focus: Focus) -> Expr:
    """``root`` with the focus's parts replaced by what they became: the rewrite's output
    up to the order of the terms of sums and factors of products."""
    at = subexpression(root, focus.path)
    if focus.kind == "node":
        replaced = focus.after_parts[0]
    else:
        gone = {p[-1] for p in focus.before}
        first = min(gone)
        kept = [c for i, c in enumerate(at.children) if i not in gone]
        kept[first:first] = focus.after_parts
        replaced = _joined(focus.kind, tuple(kept))
    for depth in range(len(focus.path) - 1, -1, -1):
        parent = subexpression(root, focus.path[:depth])
        index = focus.path[depth]
        children = list(parent.children)
        children[index] = replaced
        replaced = _rebuilt(parent, tuple(children))
    return replaced
