"""The sums a simplification starts from keep their order of terms in what it writes:
the passes write every sum they build in one standard order (``x² + 1``), but a sum the
line above already writes, only reordered, or with every term negated, is written back in
its order there (the sigmoid's ``e⁻ᶻ/(1 + e⁻ᶻ)²``, not ``e⁻ᶻ/(e⁻ᶻ + 1)²``; the product
rule's ``sin x + x·cos x``; ``w·x + b − y`` from ``−(y − w·x − b)``), the terms with a
minus sign after the others where it would start with one.  Products keep the standard
order (``2x·cos(x²)``)."""

from __future__ import annotations

from ..expr import Add, Expr, Neg, Num, fold, neg, postorder, rebuild
from .moves import Key, order_key

__all__ = ["SourceOrder"]


class SourceOrder:
    """Writes expressions with the sums of ``source`` in its order (see the module);
    each node is written once however many expressions hold it."""

    def __init__(self, source: Expr) -> None:
        self._source = source
        #: Each node written so far; a node of the source is as the source writes it.
        self._written: dict[Expr, Expr] | None = None
        self._orders: dict[Key, tuple[Key, ...]] | None = None

    def __call__(self, expr: Expr) -> Expr:
        """``expr`` with each sum the source writes in another order of its terms (the
        same terms up to the order of their own terms and factors) in the source's."""
        if expr is self._source:
            return expr
        if self._written is None:
            self._written = {node: node for node in postorder(self._source)}
        return fold(expr, self._combine, self._written)

    def _combine(self, node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        if not isinstance(rebuilt, Add):
            return rebuilt
        if self._orders is None:
            self._orders = _sums_written(self._source)
        order = self._orders.get(order_key(rebuilt)) if self._orders else None
        return rebuilt if order is None else _ordered(rebuilt, order)


def _sums_written(source: Expr) -> dict[Key, tuple[Key, ...]]:
    """Each sum of ``source`` by its key up to order, with the keys of its terms in the
    order it writes them; and each sum of those terms negated (``w·x + b − y`` for
    ``y − w·x − b``), unless it is a sum the source writes too."""
    sums = [node for node in postorder(source) if isinstance(node, Add)]
    orders = {order_key(sum_): tuple(order_key(term) for term in sum_.terms) for sum_ in sums}
    for sum_ in sums:
        negated = tuple(order_key(neg(term)) for term in sum_.terms)
        orders.setdefault(("+", tuple(sorted(negated))), negated)
    return orders


def _ordered(expr: Add, order: tuple[Key, ...]) -> Expr:
    """The sum ``expr`` with its terms in ``order`` (their keys) when they match those
    keys one to one, the terms with a minus sign after the others if it would start with
    one (``w·x + b − y``, ``1/x − sin x``); else ``expr``."""
    left = list(expr.terms)
    keys = [order_key(term) for term in left]
    terms = []
    for key in order:
        if key not in keys:
            return expr
        at = keys.index(key)
        terms.append(left.pop(at))
        del keys[at]
    if left:
        return expr
    if _minus_first(terms[0]):
        terms.sort(key=_minus_first)
    return expr if tuple(terms) == expr.terms else Add(*terms)


def _minus_first(term: Expr) -> bool:
    """Whether a sum that starts with ``term`` is written starting with a minus sign."""
    return isinstance(term, Neg) or (isinstance(term, Num) and term.value < 0)
