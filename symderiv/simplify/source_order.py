"""The sums a simplification starts from keep their order of terms in what it writes:
the passes write every sum they build in one standard order (``x² + 1``), but a sum the
line above already writes, only reordered, or with every term negated, is written back in
its order there (the sigmoid's ``e⁻ᶻ/(1 + e⁻ᶻ)²``, not ``e⁻ᶻ/(e⁻ᶻ + 1)²``; the product
rule's ``sin x + x·cos x``, ``tan x/x + ln x·sec²x`` from ``(1/x)·tan x + ln x·(1/cos²x)``,
``2/(1 + 4x²)`` from ``1/(1 + (2x)²)``;
``w·x + b − y`` from ``−(y − w·x − b)``), the terms with a
minus sign after the others where it would start with one.  A sum of a number and an
exponential new to the tidying puts the number where the source's sums of a number and an
exponential do (``−1/(1 + eᶻ)`` for ``ln(1 + e⁻ᶻ)``, as the source writes ``1 + e⁻ᶻ``).
Products keep the standard order (``2x·cos(x²)``)."""

from __future__ import annotations

from collections.abc import Callable

from ..expr import Add, Expr, Mul, Neg, Num, Pow, fold, mul, neg, postorder, power, rebuild
from .moves import Key, order_key
from .ratios import ratio_functions
from .terms import in_positive_order, is_power_of_e

__all__ = ["SourceOrder"]


class SourceOrder:
    """Writes expressions with the sums of ``source`` in its order (see the module);
    each node is written once however many expressions hold it."""

    def __init__(self, source: Expr) -> None:
        self._source = source
        #: Each node written so far; a node of the source is as the source writes it.
        self._written: dict[Expr, Expr] | None = None
        #: The sums of the source by their number of terms (a sum is matched only by one
        #: of as many terms), with the keys of their terms as written and negated.
        self._sums: dict[int, list[Add]] = {}
        self._keys: dict[tuple[Add, int], tuple[tuple[Key, ...], Key]] = {}
        #: Whether the source's sums of a number and an exponential write the number first
        #: (``1 + e⁻ᶻ``), last (``eˣ + 1``), or ``None`` (none, or both ways).
        self._number_first: bool | None = None

    def __call__(self, expr: Expr) -> Expr:
        """``expr`` with each sum the source writes in another order of its terms (the
        same terms up to the order of their own terms and factors), or with every term
        negated, in the source's order."""
        if expr is self._source:
            return expr
        if self._written is None:
            self._written = {}
            for node in postorder(self._source):
                self._written[node] = node
                if isinstance(node, Add):
                    self._sums.setdefault(len(node.terms), []).append(node)
            self._number_first = _number_placed(self._sums.get(2, []))
        return fold(expr, self._combine, self._written)

    def _combine(self, node: Expr, children: list[Expr]) -> Expr:
        rebuilt = rebuild(node, children)
        if not isinstance(rebuilt, Add) or len(rebuilt.terms) not in self._sums:
            return rebuilt
        key = order_key(rebuilt)
        for variant in range(len(_VARIANTS)):
            for written in self._sums[len(rebuilt.terms)]:
                order, sum_key = self._terms(written, variant)
                if sum_key == key:
                    return _ordered(rebuilt, order)
        return self._number_as_in_source(rebuilt)

    def _number_as_in_source(self, node: Add) -> Expr:
        """A sum of a number and an exponential with the number where the source's
        sums of that kind write it."""
        at = _number_at(node) if self._number_first is not None else None
        if at is None:
            return node
        if self._number_first != (at == 0):
            node = Add(*node.terms[::-1])
        return in_positive_order(node)

    def _terms(self, written: Add, variant: int) -> tuple[tuple[Key, ...], Key]:
        """The keys of the terms of a sum of the source, and the sum's key: as written
        (``variant`` 0), with every term negated (1), with the ratio functions written
        back (2: ``ln x·(1/cos²x)`` as ``ln x·sec²x``), or with whole powers of products
        and powers multiplied out (3: ``1 + (2x)²`` as ``1 + 4x²``)."""
        found = self._keys.get((written, variant))
        if found is None:
            order = tuple(order_key(_VARIANTS[variant](term)) for term in written.terms)
            found = self._keys[(written, variant)] = (order, ("+", tuple(sorted(order))))
        return found


def _power_multiplied_out(node: Expr, children: list[Expr]) -> Expr:
    """``(a·b)ⁿ = aⁿ·bⁿ`` and ``(aᵐ)ⁿ = a^(m·n)`` for whole numbers m and n."""
    node = rebuild(node, children)
    if not (isinstance(node, Pow) and isinstance(node.exp, Num) and node.exp.is_integer):
        return node
    base, times = node.base, node.exp.value
    if isinstance(base, Mul):
        return mul(*(power(factor, node.exp) for factor in base.factors))
    if isinstance(base, Pow) and isinstance(base.exp, Num) and base.exp.is_integer:
        return power(base.base, Num(base.exp.value * times))
    return node


#: How the terms of a source's sum are read by :meth:`SourceOrder._terms`, by variant.
_VARIANTS: tuple[Callable[[Expr], Expr], ...] = (
    lambda term: term,
    neg,
    ratio_functions,
    lambda term: fold(term, _power_multiplied_out),
)


def _number_at(node: Add) -> int | None:
    """Where the number stands in a sum of a number and an exponential (``1 + e⁻ᶻ``: 0,
    ``eˣ − 1``: 1); None for any other sum."""
    if len(node.terms) != 2:
        return None
    first, second = node.terms
    if isinstance(first, Num) and _is_exponential_term(second):
        return 0
    if isinstance(second, Num) and _is_exponential_term(first):
        return 1
    return None


def _is_exponential_term(term: Expr) -> bool:
    """Whether ``term`` is ``±c·eᵘ`` (or ``exp(u)``) for a number ``c``."""
    while isinstance(term, Neg):
        term = term.arg
    if isinstance(term, Mul):
        rest = [factor for factor in term.children if not isinstance(factor, Num)]
        if len(rest) != 1:
            return False
        term = rest[0]
    return is_power_of_e(term)


def _number_placed(sums: list[Add]) -> bool | None:
    """Whether the source's sums of a number and an exponential write the number first:
    ``True``, ``False``, or ``None`` when it writes none or both ways."""
    places = {_number_at(node) for node in sums} - {None}
    return places.pop() == 0 if len(places) == 1 else None


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
    return in_positive_order(expr if tuple(terms) == expr.terms else Add(*terms))
