"""The size of an expression as SymPy's ``count_ops`` measures it, counted on our tree.

``operations(e)`` mirrors ``sympy.count_ops(to_sympy(e))`` without building SymPy
objects: the tree is read the way :func:`~symderiv.bridge.to_sympy` maps it and SymPy's
constructors flatten it, and then counted the way ``count_ops`` counts:

=====================  ===============================================================
sum of n terms         n − 1 (each ``+`` or ``−``), one more when every term is negative
product                one per ``×`` between the factors of the numerator and of the
                       denominator, one ``÷`` when there is a denominator (a rational
                       coefficient's denominator, or a factor with a negative exponent),
                       one for a leading minus sign
power ``b^k``          one, plus the exponent: a fraction such as ``1/2`` is one ``÷``,
                       so ``√u`` is two; ``e^u`` and ``exp(u)`` count one plus ``u``
function ``f(u, …)``   one, plus the arguments; ``log(u, b) = ln u/ln b`` is three
number                 one for a minus sign, one for a denominator
=====================  ===============================================================

As SymPy does, products are flattened (``a·(b·c) = a·b·c``, ``a/(b/c) = a·c/b``), a
rational coefficient times a single sum is distributed (``2·(x + y) = 2x + 2y``,
``−(x − y) = y − x``), like terms and numbers of a sum are combined, equal bases of a
product with numeric exponents are combined (``x·x² = x³``), an integer power of a
product is taken factor by factor (``(x·y)² = x²·y²``), a power of a power with an
integer outer exponent or an inner exponent below one combines (``(√x)² = x``), and a
positive rational or π under a root comes out of it (``√(4x) = 2√x``, ``√(2x) = √2·√x``,
``√(πx) = √π·√x``).

A power of ``e`` with a sum for exponent stays in the numerator, as in SymPy
(``y/e^(a+b)`` is ``y·e^(−a−b)``).

Deliberate differences (cases SymPy's constructors evaluate that the simplifier's output
rarely produces): functions of special values (``sin(0)``, ``cos(−x) = cos(x)``,
``ln(e)``, ``√−1 = i``), ``|a·b| = |a|·|b|``, and products with more than :data:`LISTED`
factors, for which the equal-base combination and the factor-by-factor powers are not
tracked, are counted as written; square factors are not extracted from a whole number
under a root (``√8`` counts as ``√8``, SymPy writes ``2√2``); equal arguments written
differently are told apart inside a function (``sin(1 − (ax)²)`` and ``sin(−a²x² + 1)``),
though not as factors or terms.

>>> from symderiv.parse import parse
>>> operations(parse("sin(x)^2/cos(x)^2")), operations(parse("tan(x)^2"))
(5, 2)
>>> operations(parse("1/(2*sqrt(x))"))
4
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from fractions import Fraction
from typing import NamedTuple

from ..expr import (
    PI,
    Add,
    Call,
    Const,
    Derivative,
    Div,
    E,
    Expr,
    Indexed,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Product,
    Sum,
    Sym,
    fold,
)
from .poly import whole_root

__all__ = ["LISTED", "OpsMemo", "operations"]

#: Products with more factors than this are counted from running totals only.
LISTED = 64
#: Integer powers of coefficients larger than this many bits are not folded.
_MAX_BITS = 4096

_ONE = Fraction(1)
_HALF = Fraction(1, 2)


class _Factor(NamedTuple):
    """One factor ``base^exponent`` of a product as SymPy holds it.

    ``key`` identifies the base (equal keys combine); ``exp`` is a numeric exponent, or
    ``None`` for a symbolic one (``sym_key``) whose size without its sign is ``sym_ops``
    and whose sign is ``sym_neg`` (a negative exponent puts the factor in the
    denominator); ``terms`` holds the base's terms when the base is a sum (for
    distributing a coefficient), ``inner`` the base itself when it is a product under a
    root (``(√(a·b))² = a·b``).
    """

    key: Hashable
    base_ops: int
    is_e: bool = False
    exp: Fraction | None = _ONE
    sym_ops: int = 0
    sym_neg: bool = False
    sym_key: Hashable = None
    terms: tuple[_Term, ...] | None = None
    inner: _Info | None = None


class _Scaled(NamedTuple):
    """A symbolic exponent that is a product: |coefficient| times its factors."""

    coeff: Fraction
    n: int
    d: int
    cost: int
    identity: Hashable


class _SumExponent(NamedTuple):
    """A symbolic exponent that is a sum, by its terms."""

    terms: tuple[_Term, ...]


class _Term(NamedTuple):
    """One term of a sum: ``coeff`` times its factors (listed, or only totalled)."""

    coeff: Fraction
    factors: tuple[_Factor, ...] | None
    n: int
    d: int
    cost: int
    key: Hashable


class _Info(NamedTuple):
    """What a node is to SymPy: ``coeff`` times a product of factors (``n`` in the
    numerator, ``d`` in the denominator, ``cost`` their operations), or a sum of
    ``terms``; ``ops`` is its ``count_ops``."""

    ops: int
    coeff: Fraction
    factors: tuple[_Factor, ...] | None
    n: int
    d: int
    cost: int
    terms: tuple[_Term, ...] | None = None


#: Counts of subtrees kept between calls of :func:`operations`.
OpsMemo = dict[Expr, _Info]


# ---------------------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------------------
def _number_ops(value: Fraction) -> int:
    """−p/q: one for the minus sign, one for the division."""
    if value == 1:
        return 0
    return int(value < 0) + int(value.denominator != 1)


def _in_denominator(factor: _Factor) -> bool:
    return factor.sym_neg if factor.exp is None else factor.exp < 0


def _factor_cost(factor: _Factor) -> int:
    """b^|k|: the base alone when |k| = 1, else one for the power (``e^u``: one for
    ``exp``) plus the exponent's operations."""
    head = 1 if factor.is_e else 1 + factor.base_ops
    if factor.exp is None:
        return head + factor.sym_ops
    size = abs(factor.exp)
    if size == 1:
        return factor.base_ops
    return head + int(size.denominator != 1)


def _product_ops(coeff: Fraction, n: int, d: int, cost: int) -> int:
    """count_ops of coeff·(n factors)/(d factors): the sign, one ÷, the ×'s of each part."""
    if n == 0 and d == 0:
        return _number_ops(coeff)
    size = abs(coeff)
    n += int(size.numerator != 1)
    d += int(size.denominator != 1)
    return int(coeff < 0) + int(d > 0) + max(n - 1, 0) + max(d - 1, 0) + cost


def _sum_ops(terms: tuple[_Term, ...]) -> int:
    """n − 1 signs between the terms (one more when all are negative), each term unsigned."""
    negative = sum(1 for t in terms if t.coeff < 0)
    return (
        len(terms)
        - 1
        + int(negative == len(terms))
        + sum(_term_ops(abs(t.coeff), t) for t in terms)
    )


def _term_ops(coeff: Fraction, term: _Term) -> int:
    """count_ops of ``coeff`` times the factors of ``term``."""
    ops = _product_ops(coeff, term.n, term.d, term.cost)
    if term.factors is not None:
        ops += _split_distributes(coeff, term.factors)
    return ops


def _atom(key: Hashable, ops: int) -> _Info:
    """A node SymPy keeps whole (a symbol, a function, a sum as a factor)."""
    return _Info(ops, _ONE, (_Factor(key, ops),), 1, 0, ops)


def _number(value: Fraction) -> _Info:
    return _Info(_number_ops(value), value, (), 0, 0, 0)


_MINUS_ONE = _number(Fraction(-1))
_EULER = _Info(1, _ONE, (_Factor(E, 1, True),), 1, 0, 1)


# ---------------------------------------------------------------------------------------
# Products
# ---------------------------------------------------------------------------------------
def _invert(factor: _Factor) -> _Factor:
    """b^e as a divisor: b^(−e)."""
    return _raise(factor, -1)


def _raise(factor: _Factor, k: int) -> _Factor:
    """(b^e)^k = b^(e·k) for an integer k."""
    if factor.exp is None:
        if isinstance(factor.sym_key, _SumExponent):  # (e^(a+b))^k = e^(ka + kb)
            terms = tuple(t._replace(coeff=t.coeff * k) for t in factor.sym_key.terms)
            return factor._replace(sym_ops=_sum(terms, None).ops, sym_key=_SumExponent(terms))
        negative = factor.sym_neg != (k < 0)
        if abs(k) == 1:
            return factor._replace(sym_neg=negative)
        if isinstance(factor.sym_key, _Scaled):
            c, n, d, cost, identity = factor.sym_key
            scaled = _Scaled(c * abs(k), n, d, cost, identity)
            ops = _product_ops(scaled.coeff, n, d, cost)
            return factor._replace(sym_ops=ops, sym_neg=negative, sym_key=scaled)
        return factor._replace(sym_ops=factor.sym_ops + 1, sym_neg=negative, sym_key=(k, factor))
    return factor._replace(exp=factor.exp * k)


def _merge(factors: Iterable[_Factor]) -> list[_Factor]:
    """Equal bases with numeric exponents combine (x·x² = x³); exponent 0 drops out."""
    merged: list[_Factor | None] = []
    at: dict[Hashable, int] = {}
    for factor in factors:
        if factor.exp is None:
            merged.append(factor)
            continue
        index = at.get(factor.key)
        if index is None:
            at[factor.key] = len(merged)
            merged.append(factor)
            continue
        earlier = merged[index]
        assert earlier is not None and earlier.exp is not None
        merged[index] = earlier._replace(exp=earlier.exp + factor.exp)
    return [f for f in merged if f is not None and f.exp != 0]


def _product(coeff: Fraction, factors: Iterable[_Factor], key: Hashable) -> _Info:
    """coeff × the factors, as SymPy's Mul builds it."""
    listed = tuple(_merge(factors))
    if any(isinstance(f.key, Fraction) and f.exp is not None for f in listed):
        for f in listed:  # √3·√3 = 3
            if isinstance(f.key, Fraction) and f.exp is not None and f.exp.denominator == 1:
                coeff *= f.key ** int(f.exp)
        listed = tuple(
            f
            for f in listed
            if not (isinstance(f.key, Fraction) and f.exp is not None and f.exp.denominator == 1)
        )
    if coeff != 1 and len(listed) == 1 and listed[0].exp == 1 and listed[0].terms is not None:
        return _sum([t._replace(coeff=t.coeff * coeff) for t in listed[0].terms], key)
    n = sum(1 for f in listed if not _in_denominator(f))
    cost = sum(_factor_cost(f) for f in listed)
    ops = _product_ops(coeff, n, len(listed) - n, cost) + _split_distributes(coeff, listed)
    info = _Info(ops, coeff, listed, n, len(listed) - n, cost)
    if coeff == 1 and len(listed) == 1 and listed[0].exp == 1 and listed[0].terms is not None:
        return info._replace(terms=listed[0].terms)
    return info


def _split_distributes(coeff: Fraction, listed: tuple[_Factor, ...]) -> int:
    """The change in count when count_ops splits a quotient p·A/(q·B) with SymPy's
    ``fraction``, which rebuilds p·A and q·B, and a whole number times a lone sum is
    distributed: (2·(x + y))/z counts as (2x + 2y)/z."""
    size = abs(coeff)
    den = [f for f in listed if _in_denominator(f)]
    if not den and size.denominator == 1:
        return 0
    num = [f for f in listed if not _in_denominator(f)]
    change = 0
    for whole, part, exponent in ((size.numerator, num, 1), (size.denominator, den, -1)):
        if whole != 1 and len(part) == 1 and part[0].exp == exponent and part[0].terms:
            scaled = _sum([t._replace(coeff=t.coeff * whole) for t in part[0].terms], None)
            change += scaled.ops - 1 - part[0].base_ops
    return change


def _combine(parts: list[tuple[_Info, int]], key: Hashable) -> _Info:
    """The product of ``info^(±1)`` over the parts."""
    coeff = _ONE
    for info, sign in parts:
        if sign > 0:
            coeff *= info.coeff
        elif info.coeff != 0:
            coeff /= info.coeff
    if all(info.factors is not None for info, _ in parts) and (
        sum(len(info.factors or ()) for info, _ in parts) <= LISTED
    ):
        return _product(
            coeff,
            (f if sign > 0 else _invert(f) for info, sign in parts for f in info.factors or ()),
            key,
        )
    n = sum(info.n if sign > 0 else info.d for info, sign in parts)
    d = sum(info.d if sign > 0 else info.n for info, sign in parts)
    cost = sum(info.cost for info, _ in parts)
    return _Info(_product_ops(coeff, n, d, cost), coeff, None, n, d, cost)


# ---------------------------------------------------------------------------------------
# Sums
# ---------------------------------------------------------------------------------------
def _as_term(info: _Info, key: Hashable) -> _Term:
    factors = info.factors
    identity: Hashable = key
    if factors is not None:
        identity = tuple(sorted(((f.key, f.exp, f.sym_key, f.sym_neg) for f in factors), key=hash))
    return _Term(info.coeff, factors, info.n, info.d, info.cost, identity)


def _sum(terms: Iterable[_Term], key: Hashable) -> _Info:
    """A sum as SymPy's Add builds it: numbers added, like terms combined."""
    number = Fraction(0)
    combined: dict[Hashable, _Term] = {}
    for term in terms:
        if term.n == 0 and term.d == 0:
            number += term.coeff
            continue
        earlier = combined.get(term.key)
        combined[term.key] = (
            term if earlier is None else earlier._replace(coeff=earlier.coeff + term.coeff)
        )
    kept = [t for t in combined.values() if t.coeff != 0]
    if number != 0:
        kept.append(_Term(number, (), 0, 0, 0, ()))
    if not kept:
        return _Info(0, Fraction(0), (), 0, 0, 0)
    if len(kept) == 1:
        only = kept[0]
        if only.factors is not None:
            return _product(only.coeff, only.factors, key)
        ops = _product_ops(only.coeff, only.n, only.d, only.cost)
        return _Info(ops, only.coeff, None, only.n, only.d, only.cost)
    items = tuple(kept)
    ops = _sum_ops(items)
    same = frozenset((t.key, t.coeff) for t in items)  # equal sums, however written
    return _Info(ops, _ONE, (_Factor(same, ops, terms=items),), 1, 0, ops, items)


def _add(node: Expr, children: list[_Info]) -> _Info:
    terms: list[_Term] = []
    for child, info in zip(node.children, children, strict=True):
        if info.terms is not None:
            terms.extend(info.terms)
        else:
            terms.append(_as_term(info, child))
    return _sum(terms, node)


# ---------------------------------------------------------------------------------------
# Powers and roots
# ---------------------------------------------------------------------------------------
def _exponent_factor(
    key: Hashable, base_ops: int, exponent: _Info, is_e: bool, exponent_key: Hashable
) -> _Factor:
    """``base^exponent`` for a base SymPy keeps whole."""
    if exponent.n == 0 and exponent.d == 0:
        return _Factor(key, base_ops, is_e, exponent.coeff)
    if exponent.terms is not None:  # a sum: never a denominator, however signed
        return _Factor(key, base_ops, is_e, None, exponent.ops, False, _SumExponent(exponent.terms))
    negative = exponent.coeff < 0
    identity = _as_term(exponent, exponent_key).key
    scaled = _Scaled(abs(exponent.coeff), exponent.n, exponent.d, exponent.cost, identity)
    return _Factor(key, base_ops, is_e, None, exponent.ops - int(negative), negative, scaled)


def _integer_root(value: int, q: int) -> tuple[int, int]:
    """value = outside^q · inside for the largest whole q-th power that is easy to find."""
    root = whole_root(value, q)
    return (root, 1) if root else (1, value)


def _rational_root(value: Fraction, k: Fraction) -> tuple[Fraction, list[_Factor]]:
    """(p/s)^(1/q) = (p·s^(q−1))^(1/q)/s, a whole q-th power taken out."""
    if k.numerator != 1 or value <= 0:
        return _ONE, [_Factor(value, _number_ops(value), exp=k)]
    q = k.denominator
    outside, inside = _integer_root(value.numerator * value.denominator ** (q - 1), q)
    coeff = Fraction(outside, value.denominator)
    if inside == 1:
        return coeff, []
    return coeff, [_Factor(Fraction(inside), 0, exp=k)]


def _power(
    node: Expr, base: _Info, base_node: Hashable, exponent: _Info, exponent_key: Hashable
) -> _Info:
    """``base^exponent`` as SymPy's Pow builds it."""
    if base_node is E:
        return _product(_ONE, [_exponent_factor(E, 1, exponent, True, exponent_key)], node)
    numeric = exponent.n == 0 and exponent.d == 0
    listed = base.terms is None and base.factors is not None
    if numeric and listed:
        k = exponent.coeff
        found = _integer_power(node, base, k) if k.denominator == 1 else _root(node, base, k)
        if found is not None:
            return found
    if base.terms is not None and base.factors:
        base_node = base.factors[0].key
    whole = _exponent_factor(base_node, base.ops, exponent, False, exponent_key)
    whole = whole._replace(terms=base.terms)
    if numeric and listed and len(base.factors or ()) <= LISTED:
        whole = whole._replace(inner=base)
    return _product(_ONE, [whole], node)


def _integer_power(node: Expr, base: _Info, k: Fraction) -> _Info | None:
    """(c·∏ bᵢ^eᵢ)^k = cᵏ·∏ bᵢ^(eᵢ·k); a root of a product raised to a whole power is
    that power of the product (``(√(a·b))² = a·b``)."""
    size = abs(base.coeff.numerator).bit_length() + base.coeff.denominator.bit_length()
    if base.coeff not in (1, -1) and size * abs(int(k)) > _MAX_BITS:
        return None
    if base.coeff == 0 and k < 0:
        return None
    coeff = base.coeff ** int(k)
    raised: list[_Factor] = []
    for factor in base.factors or ():
        times = factor.exp * k if factor.exp is not None else None
        inner = factor.inner
        if inner is not None and times is not None and times.denominator == 1:
            coeff *= inner.coeff ** int(times)
            raised.extend(_raise(f, int(times)) for f in inner.factors or ())
        else:
            raised.append(_raise(factor, int(k)))
    return _product(coeff, raised, node)


def _root(node: Expr, base: _Info, k: Fraction) -> _Info | None:
    """A fractional power: of a number; of a root of a root (x^(1/2))^(1/2) = x^(1/4);
    of a product, with its positive rational coefficient and π taken out."""
    factors = base.factors or ()
    if not factors:
        coeff, root = _rational_root(base.coeff, k)
        return _product(coeff, root, node)
    only = factors[0] if len(factors) == 1 else None
    if base.coeff == 1 and only is not None and only.exp is not None and abs(only.exp) < 1:
        return _product(_ONE, [only._replace(exp=only.exp * k)], node)
    positive = [f for f in factors if f.key is PI and f.exp is not None]
    if base.coeff <= 0 or (base.coeff == 1 and not positive):
        return None
    coeff, root = _rational_root(base.coeff, k)
    root.extend(f._replace(exp=f.exp * k) for f in positive if f.exp is not None)
    others = [f for f in factors if f.key is not PI or f.exp is None]
    if len(others) == 1 and others[0].exp == 1:
        root.append(others[0]._replace(exp=k))
    elif others:
        rest = _product(_ONE, others, ("rest", node))
        root.append(_Factor(("rest", node), rest.ops, exp=k))
    return _product(coeff, root, node)


# ---------------------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------------------
def _root_call(node: Call, children: list[_Info]) -> _Info:
    """root(u, n) = u^(1/n)."""
    index = children[1]
    if index.n == 0 and index.d == 0 and index.coeff != 0:
        return _power(node, children[0], node.children[0], _number(1 / index.coeff), None)
    inverse = _combine([(index, -1)], ("1/", node))
    return _power(node, children[0], node.children[0], inverse, ("1/", node))


def _fractional_power(k: Fraction) -> Callable[[Call, list[_Info]], _Info]:
    """√u = u^(1/2), ∛u = u^(1/3)."""
    return lambda node, children: _power(node, children[0], node.children[0], _number(k), None)


def _negated_ops(info: _Info, key: Hashable) -> int:
    """count_ops of −u."""
    if info.terms is not None and len(info.terms) > 1:
        return _sum([t._replace(coeff=-t.coeff) for t in info.terms], key).ops
    return _combine([(_MINUS_ONE, 1), (info, 1)], key).ops


def _sigmoid(node: Call, children: list[_Info]) -> _Info:
    """σ(u) = 1/(1 + e^(−u)): a denominator 1 + e^(−u)."""
    base = 2 + _negated_ops(children[0], ("-", node))
    return _product(_ONE, [_Factor(("1+e^-u", node), base, exp=Fraction(-1))], node)


def _fixed(extra: int) -> Callable[[Call, list[_Info]], _Info]:
    """A function SymPy builds from ``extra`` operations around its arguments."""
    return lambda node, children: _atom(node, extra + sum(c.ops for c in children))


def _softmax(node: Call, children: list[_Info]) -> _Info:
    """softmax(z, k) = e^(z_k)/Σₘ e^(z_m): ÷, two exp and Σ, plus the index."""
    return _atom(node, 4 + children[1].ops)


#: Functions SymPy builds as other expressions (see :mod:`symderiv.bridge`).
_SPECIAL: dict[str, Callable[[Call, list[_Info]], _Info]] = {
    "sqrt": _fractional_power(_HALF),
    "cbrt": _fractional_power(Fraction(1, 3)),
    "root": _root_call,
    "exp": lambda node, ch: _power(node, _EULER, E, ch[0], node.children[0]),
    "sigmoid": _sigmoid,
    "softplus": _fixed(3),
    "softmax": _softmax,
    "logsoftmax": _softmax,
    "logsumexp": lambda node, ch: _atom(node, 3),
}


def _call(node: Call, children: list[_Info]) -> _Info:
    special = _SPECIAL.get(node.name)
    if special is not None:
        return special(node, children)
    primes = len(node.name) - len(node.name.rstrip("'"))
    head = 2 if primes and len(children) == 1 else 1  # f'(u) is Subs(Derivative(f(t)), t, u)
    return _atom(node, head + sum(c.ops for c in children))


def _log(node: Log, children: list[_Info]) -> _Info:
    """ln u; log_b u = ln u/ln b."""
    if node.natural:
        return _atom(node, 1 + children[0].ops)
    top = _Factor(("ln", node.arg), 1 + children[0].ops)
    bottom = _Factor(("ln", node.base), 1 + children[1].ops, exp=Fraction(-1))
    return _product(_ONE, [top, bottom], node)


def _big(head: int) -> Callable[[Expr, list[_Info]], _Info]:
    """Σ counts one (SymPy's Product none), plus the body and the bounds."""
    return lambda node, children: _atom(node, head + sum(c.ops for c in children))


_COUNT: dict[type, Callable[[Expr, list[_Info]], _Info]] = {
    Num: lambda node, _: _number(Fraction(node.value)),  # type: ignore[attr-defined]
    Sym: lambda node, _: _atom(node, 0),
    Const: lambda node, _: _EULER if node is E else _atom(node, 0),
    Add: _add,
    Mul: lambda node, ch: _combine([(c, 1) for c in ch], node),
    Div: lambda node, ch: _combine([(ch[0], 1), (ch[1], -1)], node),
    Neg: lambda node, ch: _combine([(_MINUS_ONE, 1), (ch[0], 1)], node),
    Pow: lambda node, ch: _power(node, ch[0], node.children[0], ch[1], node.children[1]),
    Call: _call,  # type: ignore[dict-item]
    Log: _log,  # type: ignore[dict-item]
    Indexed: lambda node, ch: _atom(node, sum(c.ops for c in ch)),
    Sum: _big(1),
    Product: _big(0),
    Derivative: _big(1),
}


def _info(expr: Expr, memo: OpsMemo | None = None) -> _Info:
    return fold(expr, lambda node, children: _COUNT[type(node)](node, children), memo)


def operations(expr: Expr, memo: OpsMemo | None = None) -> int:
    """The number of operations SymPy's ``count_ops`` gives for ``to_sympy(expr)``.

    ``memo`` (a dict kept between calls) shares the counts of common subtrees.
    """
    return _info(expr, memo).ops
