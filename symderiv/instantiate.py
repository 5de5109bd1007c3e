"""Indexed expressions made concrete for checking: small sizes, numbered indices.

A sum over a symbolic range (Σₖ₌₁ᴷ) or an indexed variable (yᵢₖ) cannot be evaluated at
a point.  The verifier checks such a derivation on concrete instances instead:

* every symbolic limit of a sum gets a small size, in the order the sums are met
  (N = 2, K = 3, …);
* every index that is not bound by a sum gets a number inside every range, and several
  such assignments are tried, so that both δᵢⱼ = 1 and δᵢⱼ = 0 occur;
* the sums are expanded and each yᵢₖ becomes a plain real symbol ``y_1_2``.

An :class:`Instance` applies one such choice to a SymPy object; :func:`instances` lists
the choices for a derivation (a single do-nothing instance when nothing is indexed).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "IDENTITY",
    "MAX_ASSIGNMENTS",
    "SIZES",
    "Instance",
    "describe",
    "expand_sums",
    "instances",
]

#: Sizes given, in turn, to the symbolic limits of sums.
SIZES = (2, 3, 4, 5, 6)
#: How many assignments of the free indices are tried at most.
MAX_ASSIGNMENTS = 6


@dataclass(frozen=True)
class Instance:
    """One concrete choice: ``values`` maps SymPy symbols (sizes and free indices) to integers."""

    values: tuple[tuple[Any, int], ...] = ()
    summary: str = ""
    #: Given facts solved for one symbol each (``t_3 = 1 - t_1 - t_2``), substituted last.
    solved: tuple[tuple[Any, Any], ...] = ()
    _memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, obj: Any) -> Any:
        """``obj`` with this choice substituted, its sums expanded, its yᵢₖ made symbols,
        and the given facts imposed."""
        if not self.values and not self.solved:
            return obj
        cached = self._memo.get(obj)
        if cached is None:
            cached = self._concrete(obj)
            if self.solved:
                cached = cached.xreplace(dict(self.solved))
            self._memo[obj] = cached
        return cached

    def _concrete(self, obj: Any) -> Any:
        if not self.values:
            return obj
        return _flatten_indexed(expand_sums(obj.subs(dict(self.values))))

    def imposing(self, facts: Iterable[tuple[Any, Any]]) -> Instance:
        """This instance with each fact ``lhs = rhs`` solved for a symbol it is linear in."""
        solved: list[tuple[Any, Any]] = []
        for lhs, rhs in facts:
            equation = self._concrete(lhs - rhs).xreplace(dict(solved))
            for symbol in sorted(equation.free_symbols, key=str, reverse=True):
                slope = equation.diff(symbol)
                if slope != 0 and symbol not in slope.free_symbols:
                    solved.append((symbol, symbol - equation / slope))
                    break
        if not solved:
            return self
        shown = ", ".join(f"{s} = {v}" for s, v in solved)
        summary = f"{self.summary}; given {shown}" if self.summary else f"given {shown}"
        return Instance(self.values, summary, tuple(solved))


IDENTITY = Instance()


def _sympy() -> Any:
    import sympy

    return sympy


def expand_sums(obj: Any) -> Any:
    """``obj`` with every sum and product over a concrete integer range written out term
    by term, innermost first (SymPy's ``doit`` searches for closed forms, which costs
    seconds on the bodies of ML losses); anything else left is evaluated by ``doit``."""
    sp = _sympy()

    def concrete(node: Any) -> bool:
        return isinstance(node, (sp.Sum, sp.Product)) and all(
            lower.is_Integer and upper.is_Integer for _, lower, upper in node.limits
        )

    def written_out(node: Any) -> Any:
        combine = sp.Add if isinstance(node, sp.Sum) else sp.Mul
        terms = [node.function]
        for variable, lower, upper in node.limits:
            terms = [
                term.xreplace({variable: sp.Integer(value)})
                for term in terms
                for value in range(int(lower), int(upper) + 1)
            ]
        return combine(*terms)

    expanded = obj.replace(concrete, written_out)
    if expanded.atoms(sp.Sum, sp.Product):
        expanded = expanded.doit()
    return expanded


def _flatten_indexed(obj: Any) -> Any:
    sp = _sympy()
    replacements = {
        atom: sp.Symbol("_".join([str(atom.base), *(str(i) for i in atom.indices)]), real=True)
        for atom in obj.atoms(sp.Indexed)
    }
    return obj.xreplace(replacements) if replacements else obj


def _is_indexed(obj: Any) -> bool:
    sp = _sympy()
    if obj.atoms(sp.Indexed, sp.KroneckerDelta):
        return True
    return any(
        limit[1].free_symbols or limit[2].free_symbols
        for s in obj.atoms(sp.Sum, sp.Product)
        for limit in s.limits
    )


def instances(
    objects: Iterable[Any], *, seed: str = "", facts: Iterable[tuple[Any, Any]] = ()
) -> list[Instance]:
    """The concrete choices to check ``objects`` (SymPy objects of one derivation) on,
    with the given ``facts`` (pairs ``lhs, rhs``) imposed on each.

    ``objects`` lists the source first: its sums, outermost first, fix the order in which
    the sizes are handed out.
    """
    facts = list(facts)
    return [instance.imposing(facts) for instance in _instances(list(objects), seed)]


def _instances(objects: list[Any], seed: str) -> list[Instance]:
    sp = _sympy()
    if not any(_is_indexed(obj) for obj in objects):
        return [IDENTITY]
    sizes: dict[Any, int] = {}
    bound: set[Any] = set()
    ranges: list[tuple[Any, Any]] = []
    for obj in objects:
        for node in sp.preorder_traversal(obj):
            if isinstance(node, (sp.Sum, sp.Product)):
                for variable, lower, upper in reversed(node.limits):
                    bound.add(variable)
                    for symbol in sorted(
                        (lower.free_symbols | upper.free_symbols) - bound, key=str
                    ):
                        sizes.setdefault(symbol, SIZES[min(len(sizes), len(SIZES) - 1)])
                    ranges.append((lower, upper))
    indices: set[Any] = set()
    for obj in objects:
        for atom in obj.atoms(sp.Indexed):
            for index in atom.indices:
                indices |= index.free_symbols
        for delta in obj.atoms(sp.KroneckerDelta):
            indices |= delta.free_symbols
    somewhere_free = set().union(*(obj.free_symbols for obj in objects))
    free = sorted(
        (s for s in indices & somewhere_free - set(sizes) if not s.name.startswith("_")),
        key=str,
    )
    low, high = _common_range(ranges, sizes)
    values = list(range(low, min(high, low + 1) + 1))
    assignments = _assignments(free, values, seed)
    size_values = tuple(sizes.items())
    parts = [", ".join(f"{s} = {n}" for s, n in size_values)]
    if free:
        total = len(values) ** len(free)
        parts.append(
            f"{', '.join(map(str, free))} ∈ {{{', '.join(map(str, values))}}}"
            + (f" ({len(assignments)} of {total} assignments)" if len(assignments) < total else "")
        )
    summary = "; ".join(part for part in parts if part)
    return [
        Instance(size_values + tuple(zip(free, assignment, strict=True)), summary)
        for assignment in assignments
    ]


def _common_range(ranges: list[tuple[Any, Any]], sizes: dict[Any, int]) -> tuple[int, int]:
    """The numbers inside every range once the sizes are chosen (1..2 when unknown)."""
    lows, highs = [1], []
    for lower, upper in ranges:
        lo, hi = lower.subs(sizes), upper.subs(sizes)
        if lo.is_Integer:
            lows.append(int(lo))
        if hi.is_Integer:
            highs.append(int(hi))
    low = max(lows)
    high = min(highs) if highs else low + 1
    return low, max(high, low)


def _assignments(free: list[Any], values: list[int], seed: str) -> list[tuple[int, ...]]:
    if not free:
        return [()]
    everything = list(itertools.product(values, repeat=len(free)))
    if len(everything) <= MAX_ASSIGNMENTS:
        return everything
    rng = random.Random(seed)
    first, rest = everything[0], everything[1:]
    return [first, *rng.sample(rest, MAX_ASSIGNMENTS - 1)]


def describe(chosen: list[Instance]) -> str | None:
    """What was instantiated, e.g. ``N = 2, K = 3; j, l ∈ {1, 2}`` (``None`` if nothing)."""
    return chosen[0].summary or None if chosen else None
