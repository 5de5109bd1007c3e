"""Textbook form for matrix results, in named rewrites (each recorded and verified).

* ``mat-tidy``: rebuild through the constructors of :mod:`symderiv.matrix.build` —
  scalars out front, transposes pushed to the leaves ((AB)ᵀ = BᵀAᵀ), 1, I and 0
  dropped — and like terms collected (Ax + Ax = 2Ax);
* ``mat-factor``: a factor common to every term of a sum taken out
  (Ax + Aᵀx = (A + Aᵀ)x, Xᵀa + Xᵀb = Xᵀ(a + b));
* ``mat-collect-elementwise``: elementwise products expanded over sums and collected,
  where that makes the expression smaller (−y ⊙ (𝟏 − s) + (𝟏 − y) ⊙ s = s − y).

>>> from .nodes import Var
>>> x = Var("x", "n"); A = Var("A", "n", "n")
>>> print(factor(add(mm(A, x), mm(t(A), x))))
(A + Aᵀ)x
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from ..steps import register_rule
from .build import add, div, had, inverse, mm, num, scale, t
from .nodes import (
    Add,
    Div,
    Hadamard,
    Inverse,
    MatMul,
    Node,
    Num,
    Ones,
    Power,
    Scale,
    Transpose,
    children,
    is_scalar,
    rebuild,
)
from .record import MatrixStep

__all__ = ["PASSES", "collect", "factor", "tidy", "tidy_steps"]


def _rebuild(node: Node, kids: tuple[Node, ...]) -> Node:
    if isinstance(node, Add):
        return collect(add(*kids))
    if isinstance(node, MatMul):
        return mm(*kids)
    if isinstance(node, Scale):
        return scale(kids[0], kids[1])
    if isinstance(node, Transpose):
        return t(kids[0])
    if isinstance(node, Inverse):
        return inverse(kids[0])
    if isinstance(node, Hadamard):
        return had(kids[0], kids[1])
    if isinstance(node, Div):
        return div(kids[0], kids[1])
    if isinstance(node, Power) and isinstance(kids[0], Num):
        base = kids[0].value
        if node.exponent.denominator == 1 and base != 0:
            return Num(base ** int(node.exponent))
    return rebuild(node, kids)


def _bottom_up(node: Node, made: Callable[[Node, tuple[Node, ...]], Node]) -> Node:
    kids = children(node)
    if not kids:
        return node
    return made(node, tuple(_bottom_up(k, made) for k in kids))


def _split(term: Node) -> tuple[Fraction, Node]:
    if isinstance(term, Scale) and isinstance(term.coef, Num):
        return term.coef.value, term.body
    if isinstance(term, Num):
        return term.value, num(1)
    return Fraction(1), term


def collect(node: Node) -> Node:
    """Like terms of a sum added: ``2Ax − Ax`` → ``Ax``."""
    if not isinstance(node, Add):
        return node
    order: list[Node] = []
    coefs: dict[Node, Fraction] = {}
    for term in node.terms:
        value, body = _split(term)
        if body not in coefs:
            order.append(body)
            coefs[body] = Fraction(0)
        coefs[body] += value
    order.sort(key=lambda b: coefs[b] < 0)  # positive terms first: σ(Xw) − y
    terms = [scale(num(coefs[b]), b) for b in order if coefs[b] != 0]
    if not terms:
        return scale(num(0), node.terms[0])
    return add(*terms)


def tidy(node: Node) -> Node:
    """The ``mat-tidy`` rewrite (to a fixed point)."""
    for _ in range(8):
        made = _bottom_up(node, _rebuild)
        if made == node:
            return made
        node = made
    return node


def _factors(term: Node) -> tuple[Node, list[Node]]:
    coef: Node = num(1)
    if isinstance(term, Scale):
        coef, term = term.coef, term.body
    if isinstance(term, MatMul):
        return coef, list(term.factors)
    return coef, [term]


def _factor_sum(node: Add) -> Node:
    split = [_factors(term) for term in node.terms]
    if any(len(fs) < 1 for _, fs in split):
        return node
    last = split[0][1][-1]
    if (
        not is_scalar(last)
        and all(fs[-1] == last for _, fs in split)
        and any(len(fs) > 1 for _, fs in split)
    ):
        if all(len(fs) > 1 for _, fs in split):
            inner = add(*(scale(c, mm(*fs[:-1])) for c, fs in split))
            return mm(factor(inner), last)
    first = split[0][1][0]
    if (
        not is_scalar(first)
        and all(fs[0] == first for _, fs in split)
        and all(len(fs) > 1 for _, fs in split)
    ):
        inner = add(*(scale(c, mm(*fs[1:])) for c, fs in split))
        return mm(first, factor(inner))
    return node


def factor(node: Node) -> Node:
    """The ``mat-factor`` rewrite: common first or last factors of a sum's terms out."""

    def made(n: Node, kids: tuple[Node, ...]) -> Node:
        rebuilt = _rebuild(n, kids)
        return _factor_sum(rebuilt) if isinstance(rebuilt, Add) else rebuilt

    return _bottom_up(node, made)


def _expand(node: Node) -> list[tuple[Fraction, tuple[Node, ...]]]:
    """An elementwise polynomial as (coefficient, sorted Hadamard factors) terms."""
    if isinstance(node, Add):
        return [term for kid in node.terms for term in _expand(kid)]
    if isinstance(node, Scale) and isinstance(node.coef, Num):
        return [(node.coef.value * c, fs) for c, fs in _expand(node.body)]
    if isinstance(node, Hadamard):
        out = []
        for c1, f1 in _expand(node.left):
            for c2, f2 in _expand(node.right):
                out.append((c1 * c2, tuple(sorted((*f1, *f2), key=str))))
        return out
    if isinstance(node, Ones):
        return [(Fraction(1), ())]
    return [(Fraction(1), (node,))]


def _collect_elementwise(node: Node) -> Node:
    if not isinstance(node, (Add, Hadamard)) or is_scalar(node):
        return node
    if not any(isinstance(n, Hadamard) for n in _walk(node)):
        return node
    terms = _expand(node)
    coefs: dict[tuple[Node, ...], Fraction] = {}
    for c, fs in terms:
        coefs[fs] = coefs.get(fs, Fraction(0)) + c
    shape = node.shape
    built = []
    for fs, c in coefs.items():
        if c == 0:
            continue
        body: Node = Ones(*shape)
        for f in fs:
            body = had(body, f) if not isinstance(body, Ones) else f
        built.append(scale(num(c), body))
    result = add(*built) if built else scale(num(0), node)
    return result if len(str(result)) < len(str(node)) else node


def _walk(node: Node) -> list[Node]:
    out = [node]
    for kid in children(node):
        out.extend(_walk(kid))
    return out


def collect_elementwise(node: Node) -> Node:
    """The ``mat-collect-elementwise`` rewrite."""

    def made(n: Node, kids: tuple[Node, ...]) -> Node:
        return _collect_elementwise(_rebuild(n, kids))

    return tidy(_bottom_up(node, made))


#: The rewrite passes in order: key, formula, function.
PASSES: list[tuple[str, str, Callable[[Node], Node]]] = [
    ("mat-tidy", "scalars out front, (AB)ᵀ = BᵀAᵀ, 1·A = A, IA = A, like terms added", tidy),
    ("mat-factor", "AC + BC = (A + B)C, CA + CB = C(A + B)", factor),
    ("mat-collect-elementwise", "a ⊙ (b + c) = a ⊙ b + a ⊙ c, then like terms added",
     collect_elementwise),
]  # fmt: skip

for _key, _formula, _ in PASSES:
    register_rule(_key, _formula, _formula.replace("ᵀ", "^\\top"), kind="rewrite")


def tidy_steps(raw: Node, skip: tuple[str, ...] = ()) -> tuple[MatrixStep, ...]:
    """The rewrite steps from the rules' result to textbook form (only those that
    changed something; none of the passes in ``skip``)."""
    steps = []
    current = raw
    for key, _, rewrite in PASSES:
        if key in skip:
            continue
        made = rewrite(current)
        if made != current:
            steps.append(MatrixStep(key, current, None, made))
            current = made
    return tuple(steps)
