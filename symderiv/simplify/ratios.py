"""The ratio functions written back: ``sin u/cos u = tan u``, ``1/cos u = sec u``, … when shorter.

The rational core reads tan, cot, sec and csc (and tanh, coth, sech, csch) as quotients
of sine and cosine and writes its results with sine and cosine only.  This pass reads
every product back the other way: the factors of one family with one argument ``u``
make ``sinᵃu·cosᵇu`` (exponents added, negative in a denominator), and that power
product is written with the ratio functions (:data:`~symderiv.simplify.identities.LAWS`),

    sinᵏu/cosᵏu = tanᵏu,   cosᵏu/sinᵏu = cotᵏu,   1/cosᵏu = secᵏu,   1/sinᵏu = cscᵏu

(the same for sinh and cosh: one family each in
:data:`~symderiv.simplify.identities.FAMILIES`), in whichever of a few decompositions
counts the fewest operations (:func:`~symderiv.simplify.opcount.operations`, SymPy's
``count_ops``); a product is rewritten only when that makes it strictly shorter.  The
laws are exact: both sides are defined at the same points and agree there.

A quotient whose numerator holds a power of a cosine (or sine) over a sum of the same
degree in that cosine and its sine is divided through by it first, when that is shorter:
``cos u/(a·cos u + b·sin u) = 1/(a + b·tan u)`` (:data:`DIVIDED`).

The tree is rewritten bottom-up, so radicands and function arguments are rewritten too.

>>> from symderiv.parse import parse
>>> str(ratio_functions(parse("x*sin(u)^2/cos(u)^2")))
'x*tan(u)^2'
>>> str(ratio_functions(parse("sqrt(1/cos(x)) + sin(x)/cos(x)^2")))
'sqrt(sec(x)) + sec(x)*tan(x)'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ..expr import (
    ONE,
    Add,
    Call,
    Div,
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    add,
    div,
    fold,
    mul,
    neg,
    postorder,
    power,
    rebuild,
)
from ..rules.elementary import FLATTEN_LIMIT
from ..walks import same_children
from .identities import FAMILIES, LAWS, Family
from .kinds import holds
from .opcount import OpsMemo, operations

__all__ = [
    "FAMILIES",
    "LAWS",
    "RATIO_NAMES",
    "Family",
    "operations",
    "ratio_functions",
    "written_alike",
    "written_back",
]


#: ``function name -> (family, role)``.
_READ: dict[str, tuple[str, str]] = {
    name: (family, role)
    for family, names in FAMILIES.items()
    for role, name in names._asdict().items()
}

#: A writing of ``sinᵃu·cosᵇu``: (role, exponent) pieces, a negative exponent in the
#: denominator.
Writing = tuple[tuple[str, int], ...]
#: Factors of a numerator and of a denominator.
Pieces = tuple[list[Expr], list[Expr]]


def _ways(plain: str, reciprocal: str, k: int) -> list[Writing]:
    """``sinᵏ`` as itself, or for k < 0 also as ``csc⁻ᵏ`` (likewise cos and sec)."""
    if k == 0:
        return [()]
    if k > 0:
        return [((plain, k),)]
    return [((plain, k),), ((reciprocal, -k),)]


def writings(a: int, b: int) -> Iterator[Writing]:
    """The decompositions of ``sinᵃu·cosᵇu`` tried: ``tanᵗ`` (``cot⁻ᵗ`` for t < 0) for t
    = 0, a or −b, what is left of the sine as ``sin`` or ``csc`` and of the cosine as
    ``cos`` or ``sec``; the reciprocals first (``sec u·tan u``)."""
    for t in dict.fromkeys((0, a, -b)):
        ratio: Writing = (("tan", t),) if t > 0 else (("cot", -t),) if t < 0 else ()
        for sine in _ways("sin", "csc", a - t):
            for cosine in _ways("cos", "sec", b + t):
                pieces = (*sine, *cosine)
                first = tuple(p for p in pieces if p[0] in ("csc", "sec"))
                rest = tuple(p for p in pieces if p[0] not in ("csc", "sec"))
                yield (*first, *ratio, *rest)


class _Group(NamedTuple):
    """The factors of one family and argument: where they are, and ``sinᵃu·cosᵇu``;
    ``plain`` when they are sines and cosines in the numerator only, which no writing
    shortens."""

    family: str
    argument: Expr
    places: list[tuple[int, int]]  # (0: numerator or 1: denominator, index)
    a: int
    b: int
    plain: bool = True


def _split(node: Expr) -> tuple[bool, list[Expr]]:
    """A sign and the factors of one side of a quotient."""
    negative = False
    while isinstance(node, Neg):
        negative, node = not negative, node.arg
    return negative, list(node.factors) if isinstance(node, Mul) else [node]


def _view(node: Expr) -> tuple[bool, list[Expr], list[Expr]] | None:
    """A product or quotient as (negative, numerator factors, denominator factors)."""
    negative = False
    while isinstance(node, Neg):
        negative, node = not negative, node.arg
    if isinstance(node, Div):
        top_negative, top = _split(node.num)
        bottom_negative, bottom = _split(node.den)
        return negative ^ top_negative ^ bottom_negative, top, bottom
    if isinstance(node, Mul):
        return negative, list(node.factors), []
    exponent = _integer_exponent(node)
    if exponent is not None and exponent < 0:
        assert isinstance(node, Pow)
        if exponent == -1:
            bottom_negative, bottom = _split(node.base)
            return negative ^ bottom_negative, [], bottom
        return negative, [], [power(node.base, Num(-exponent))]
    return None


def _integer_exponent(node: Expr) -> int | None:
    if isinstance(node, Pow) and isinstance(node.exp, Num) and isinstance(node.exp.value, int):
        return node.exp.value
    return None


def _groups(sides: Pieces) -> list[_Group]:
    """The trigonometric factors of a product, by family and argument."""
    found: dict[tuple[str, Expr], _Group] = {}
    for side, factors in enumerate(sides):
        sign = -1 if side else 1
        for index, factor in enumerate(factors):
            exponent = _integer_exponent(factor)
            base = factor.base if exponent is not None else factor  # type: ignore[attr-defined]
            if not isinstance(base, Call) or len(base.children) != 1:
                continue
            read = _READ.get(base.name)
            if read is None:
                continue
            family, role = read
            a, b = LAWS[role]
            k = sign * (1 if exponent is None else exponent)
            key = (family, base.arg)
            group = found.get(key) or _Group(family, base.arg, [], 0, 0)
            group.places.append((side, index))
            plain = group.plain and k > 0 and role in ("sin", "cos")
            found[key] = _Group(
                family, base.arg, group.places, group.a + k * a, group.b + k * b, plain
            )
    return [group for group in found.values() if not group.plain]


def _pieces(group: _Group, writing: Writing) -> Pieces:
    """A writing as factors of the numerator and of the denominator."""
    names = FAMILIES[group.family]._asdict()
    top: list[Expr] = []
    bottom: list[Expr] = []
    for role, k in writing:
        (top if k > 0 else bottom).append(power(Call(names[role], group.argument), Num(abs(k))))
    return top, bottom


def _shape(n: int, d: int) -> int:
    """The operations a product of n factors over d factors adds to its factors': one ÷
    when there is a denominator, the ×'s within each side."""
    return int(d > 0) + max(n - 1, 0) + max(d - 1, 0)


class _Rewriter:
    """Rewrites products one at a time, sharing the operation counts of subtrees.  A
    product of a family and argument in ``alike`` is also rewritten when that is as short
    and leaves fewer factors in its denominator (``x/cos²u = x·sec²u`` beside a ``sec u``)."""

    def __init__(
        self, alike: frozenset[tuple[str, Expr]] = frozenset(), memo: OpsMemo | None = None
    ) -> None:
        self.alike = alike
        self.memo: OpsMemo = {} if memo is None else memo
        #: :meth:`_best` per group and surroundings: ``(family, argument, a, b, factors
        #: held in the numerator, factors held, their operations, others)``.
        self.chosen: dict[tuple[object, ...], Pieces | None] = {}

    def ops(self, expr: Expr) -> int:
        return operations(expr, self.memo)

    def combine(self, node: Expr, children: list[Expr]) -> Expr:
        """``node`` with its children rewritten, rewritten."""
        return self.rewrite(_rebuilt(node, children))

    def rewrite(self, node: Expr) -> Expr:
        """The product written with ratio functions, if that counts fewer operations."""
        view = _view(node)
        if view is None:
            return node
        through = _divided_through(*view)
        if through is not None and self.ops(through) < self.ops(node):
            node = through
            view = _view(node)
            if view is None:
                return node
        negative, top, bottom = view
        sides = (top, bottom)
        groups = _groups(sides)
        if not groups:
            return node
        counts = [sum(1 for f in side if f is not ONE) for side in sides]
        chosen: dict[int, Pieces] = {}
        for number, group in enumerate(groups):
            held = [sides[side][index] for side, index in group.places]
            held_top = sum(1 for side, _ in group.places if side == 0)
            others = (counts[0] - held_top, counts[1] - len(held) + held_top)
            pieces = self._best(group, held, others)
            if pieces is not None:
                chosen[number] = pieces
                counts = [others[0] + len(pieces[0]), others[1] + len(pieces[1])]
        if not chosen:
            return node
        result = _assemble(negative, _replaced(sides, groups, chosen))
        shorter = self.ops(result) < self.ops(node)
        return result if shorter or (self.alike and self.ops(result) == self.ops(node)) else node

    def _best(self, group: _Group, held: list[Expr], others: tuple[int, int]) -> Pieces | None:
        """The shortest writing of one group, beside ``others`` factors of the numerator
        and of the denominator; ``None`` when none is shorter than the factors held."""
        n, d = others
        held_top = sum(1 for side, _ in group.places if side == 0)
        held_ops = sum(self.ops(f) for f in held)
        key = (group.family, group.argument, group.a, group.b, held_top, len(held), held_ops, n, d)
        if key not in self.chosen:
            self.chosen[key] = self._shortest(group, held_top, len(held), held_ops, others)
        return self.chosen[key]

    def _shortest(
        self, group: _Group, held_top: int, held: int, held_ops: int, others: tuple[int, int]
    ) -> Pieces | None:
        n, d = others
        limit = _shape(n + held_top, d + held - held_top) + held_ops
        alike = (group.family, group.argument) in self.alike
        best: tuple[int, ...] | None = None
        found: Pieces | None = None
        for writing in writings(group.a, group.b):
            up, down = _pieces(group, writing)
            size = _shape(n + len(up), d + len(down)) + sum(self.ops(f) for f in (*up, *down))
            as_short = alike and size == limit and len(down) < held - held_top
            # of two writings as short, the one with less left in the denominator; then
            # (in one style) the one with fewer sines and cosines, then lower powers
            plain = sum(role in ("sin", "cos") for role, _ in writing)
            powers = sum(abs(k) for _, k in writing)
            rank = (size, len(down), *((plain, powers) if alike else (0, 0)))
            if (size < limit or as_short) and (best is None or rank < best):
                best, found = rank, (up, down)
        return found


#: ``(f, g) -> t`` for ``g(u)/f(u) = t(u)``: the ratio a sum of f's and g's becomes when
#: it is divided through by a power of f (``sin/cos = tan``, ``cos/sin = cot``).
DIVIDED: dict[tuple[str, str], str] = {
    pair: ratio
    for names in FAMILIES.values()
    for pair, ratio in (((names.cos, names.sin), names.tan), ((names.sin, names.cos), names.cot))
}


def _power_of(factor: Expr) -> tuple[Expr, int]:
    exponent = _integer_exponent(factor)
    return (factor.base, exponent) if exponent is not None else (factor, 1)  # type: ignore[attr-defined]


def _divided_through(negative: bool, top: list[Expr], bottom: list[Expr]) -> Expr | None:
    """A quotient whose numerator holds ``fᵏ(u)`` over a sum of degree d ≤ k in ``f(u)``
    and ``g(u)``, both divided by ``fᵈ(u)``: ``cosh u·N/(a·(cosh u + sinh u)) =
    N/(a·(1 + tanh u))``, ``cos u/(a·cos u + b·sin u) = 1/(a + b·tan u)``,
    ``sinh²u/(a·sinh u + b)² = 1/(a + b·csch u)²``."""
    for position, factor in enumerate(top):
        base, held = _power_of(factor)
        if not isinstance(base, Call) or len(base.children) != 1 or held < 1:
            continue
        for (f, g), ratio in DIVIDED.items():
            if base.name != f:
                continue
            for place, below in enumerate(bottom):
                total, times = _power_of(below)
                divided = _divided_sum(total, f, g, ratio, base.arg) if times > 0 else None
                if divided is None or divided[1] * times > held:
                    continue
                rest = held - divided[1] * times
                new_top = [
                    *top[:position],
                    *([power(base, Num(rest))] if rest else []),
                    *top[position + 1 :],
                ]
                new_bottom = [*bottom[:place], power(divided[0], Num(times)), *bottom[place + 1 :]]
                return _assemble(negative, (new_top, new_bottom))
    return None


def _divided_sum(
    total: Expr, f: str, g: str, ratio: str, argument: Expr
) -> tuple[Expr, int] | None:
    """``(S/fᵈ(u), d)`` for a sum S whose terms hold ``f(u)`` and ``g(u)`` to a total
    degree of at most d ≥ 1, written with ``ratio(u) = g(u)/f(u)`` and the reciprocal of
    f: ``(a·sinh u + b)/sinh u = a + b·csch u``; else None."""
    if not isinstance(total, Add):
        return None
    read = []
    for term in total.terms:
        negative, factors = _split(term)
        powers = {f: 0, g: 0}
        kept = []
        for factor in factors:
            base, k = _power_of(factor)
            if isinstance(base, Call) and base.name in powers and base.children == (argument,):
                powers[base.name] += k
            else:
                kept.append(factor)
        if min(powers.values()) < 0:
            return None
        read.append((negative, kept, powers[f], powers[g]))
    degree = max(i + j for _, _, i, j in read)
    if degree < 1 or (degree > 1 and any(i + j == 0 for _, _, i, j in read)):
        return None  # not 1/(cot²u + csc²u) for sin²u/(1 + cos²u)
    terms = []
    for negative, kept, i, j in read:
        written = [
            *kept,
            *([power(Call(ratio, argument), Num(j))] if j else []),
            *(
                [power(Call(RECIPROCAL[f], argument), Num(degree - i - j))]
                if degree > i + j
                else []
            ),
        ]
        product = mul(*written) if written else ONE
        terms.append(neg(product) if negative else product)
    return add(*terms), degree


#: The reciprocal of each function a quotient is divided through by.
RECIPROCAL: dict[str, str] = {
    plain: reciprocal
    for names in FAMILIES.values()
    for plain, reciprocal in ((names.cos, names.sec), (names.sin, names.csc))
}


def _replaced(sides: Pieces, groups: list[_Group], chosen: dict[int, Pieces]) -> Pieces:
    """The factors with each rewritten group's pieces where its first factor on that side
    stood (at the end of a side it had none on)."""
    owner = {place: number for number, group in enumerate(groups) for place in group.places}
    placed: set[tuple[int, int]] = set()
    result: Pieces = ([], [])
    for side, factors in enumerate(sides):
        for index, factor in enumerate(factors):
            number = owner.get((side, index))
            if number is None or number not in chosen:
                result[side].append(factor)
            elif (number, side) not in placed:
                placed.add((number, side))
                result[side].extend(chosen[number][side])
    for number, pieces in chosen.items():
        for side in (0, 1):
            if (number, side) not in placed:
                result[side].extend(pieces[side])
    return result


def _assemble(negative: bool, sides: Pieces) -> Expr:
    top, bottom = sides
    product = mul(*top) if top else ONE
    quotient = div(product, mul(*bottom)) if bottom else product
    return neg(quotient) if negative else quotient


def _rebuilt(node: Expr, children: list[Expr]) -> Expr:
    """The node with new children, by the smart constructors; a product keeps a long
    product among its factors nested, as the differentiator builds it (flattening each
    level of a chain nested n deep would cost O(n²))."""
    if same_children(node, children):
        return node
    if not isinstance(node, Mul):
        return rebuild(node, children)
    long = [c for c in children if isinstance(c, Mul) and len(c.children) > FLATTEN_LIMIT]
    if not long:
        return rebuild(node, children)
    rest = mul(*(c for c in children if not (isinstance(c, Mul) and c in long)))
    negative = isinstance(rest, Neg)
    body = rest.arg if isinstance(rest, Neg) else rest
    if body is ONE:
        product = long[0] if len(long) == 1 else Mul(*long)
    elif isinstance(body, Num) and body.value == 0:
        return body
    else:
        product = Mul(*(body.children if isinstance(body, Mul) else (body,)), *long)
    return neg(product) if negative else product


#: The functions this pass reads, as :func:`~symderiv.simplify.kinds.holds` names them.
_CALLS = tuple(sorted(f"call {name}" for name in _READ))


#: Each tree rewritten so far, and the operation counts that decided it, kept from call to
#: call (each node's rewriting depends on that node alone) up to :data:`KEPT` trees.
_REWRITTEN: dict[Expr, Expr] = {}
_REWRITER = _Rewriter()
#: Each answer written in one style by :func:`written_alike`.
_ALIKE: dict[Expr, Expr] = {}
KEPT = 100_000


def forget() -> None:
    """Forget the trees rewritten (to time a first call)."""
    _REWRITTEN.clear()
    _ALIKE.clear()
    _REWRITER.memo.clear()
    _REWRITER.chosen.clear()


def _combine(node: Expr, children: list[Expr]) -> Expr:
    return _REWRITER.combine(node, children)


def ratio_functions(expr: Expr) -> Expr:
    """Every product rewritten with tan, cot, sec, csc (tanh, coth, sech, csch) where
    that counts fewer operations; ``expr`` itself when nothing changes.  Iterative, so
    trees of any depth are safe."""
    found = _REWRITTEN.get(expr)
    if found is not None:
        return found
    if not holds(expr, *_CALLS):
        return expr
    if max(len(_REWRITTEN), len(_REWRITER.memo), len(_REWRITER.chosen)) > KEPT:
        forget()
    return fold(expr, _combine, _REWRITTEN)


#: The ratio functions: tan, cot, sec, csc, tanh, coth, sech, csch.
RATIO_NAMES = frozenset(name for name, (_, role) in _READ.items() if role not in ("sin", "cos"))


def _mixed(expr: Expr) -> frozenset[tuple[str, Expr]]:
    """The families and arguments ``expr`` writes both with a ratio function and with a
    sine or cosine."""
    ratios: set[tuple[str, Expr]] = set()
    plain: set[tuple[str, Expr]] = set()
    for node in postorder(expr):
        if isinstance(node, Call) and len(node.children) == 1 and node.name in _READ:
            family, role = _READ[node.name]
            (plain if role in ("sin", "cos") else ratios).add((family, node.arg))
    return frozenset(ratios & plain)


def written_back(expr: Expr) -> Expr:
    """``expr`` with its ratio functions written back, in one style (the pass
    ``ratio-functions``)."""
    return written_alike(ratio_functions(expr))


def written_alike(expr: Expr) -> Expr:
    """An answer that writes ``sec u`` (or tan, cot, csc, tanh, …) and elsewhere a power of
    ``cos u`` or ``sin u`` in a denominator, with that power written as ratio functions too
    where that is as short: ``2/cos³x − sec x = 2 sec³x − sec x``, ``tan x + x/cos²x = tan
    x + x·sec²x`` (one style in one answer); ``expr`` itself otherwise.

    >>> from symderiv.parse import parse
    >>> str(written_alike(parse("tan(x) + x/cos(x)^2")))
    'tan(x) + x*sec(x)^2'
    >>> str(written_alike(parse("x/cos(x)^2")))
    'x/cos(x)^2'
    """
    found = _ALIKE.get(expr)
    if found is not None:
        return found
    if len(_ALIKE) > KEPT:
        _ALIKE.clear()
    alike = _mixed(expr) if holds(expr, *_CALLS) else frozenset()
    written = fold(expr, _Rewriter(alike, _REWRITER.memo).combine, {}) if alike else expr
    _ALIKE[expr] = written
    return written
