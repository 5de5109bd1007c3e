"""What plain Python can do at best: a bare differentiator against SymEngine and our rules.

    python benchmarks/floor.py [--repeat N] [--check]

The bare differentiator works on nested tuples (``("mul", a, b)``) with a table of
functions, one memo per call, and nothing else: no canonical forms, no interning, no
check that a formula is defined, no size budget, no steps.  Its derivatives are right
(``--check`` compares each with SymPy's at three points) but unsimplified, so it is a
floor for the raw-rules target, not a rival: the distance
from it to SymEngine is what Python itself costs, the distance from ours to it is what
our nodes and checks cost.  The three run on the 300 textbook expressions of
``targets.py`` in one process, first calls on cleared caches for ours.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sympy
from targets import X, forget, textbook_expressions

from symderiv import parse
from symderiv.bridge import to_sympy
from symderiv.engine import derivative
from symderiv.expr import Call, Const, Expr, Num, Sym

try:
    import symengine
except ImportError:  # the [bench] extra is optional
    symengine = None

Tree = tuple[Any, ...]
ZERO: Tree = ("num", 0)
ONE: Tree = ("num", 1)


def as_tree(node: Expr) -> Tree:
    """Our tree as nested tuples: ``(kind, *children)``, a call with its name second."""
    kind = type(node)
    if kind is Num:
        return ("num", node.args[0])
    if kind is Sym or kind is Const:
        return ("sym" if kind is Sym else "num", node.args[0])
    children = tuple(as_tree(child) for child in node.children)
    if kind is Call:
        return ("call", node.args[0], *children)
    return (kind.__name__.lower(), *children)


def depends(tree: Tree) -> bool:
    if tree[0] == "sym":
        return bool(tree[1] == "x")
    if tree[0] == "num":
        return False
    return any(depends(child) for child in tree[2 if tree[0] == "call" else 1 :])


def add(a: Tree, b: Tree) -> Tree:
    return b if a == ZERO else a if b == ZERO else ("add", a, b)


def mul(a: Tree, b: Tree) -> Tree:
    if ZERO in (a, b):
        return ZERO
    return b if a == ONE else a if b == ONE else ("mul", a, b)


def _sum(tree: Tree, d: Callable[[Tree], Tree]) -> Tree:
    total = ZERO
    for term in tree[1:]:
        total = add(total, d(term))
    return total


def _product(tree: Tree, d: Callable[[Tree], Tree]) -> Tree:
    factors, total = tree[1:], ZERO
    for i, factor in enumerate(factors):
        term = d(factor)
        for j, other in enumerate(factors):
            if j != i:
                term = mul(term, other)
        total = add(total, term)
    return total


def _quotient(tree: Tree, d: Callable[[Tree], Tree]) -> Tree:
    u, v = tree[1], tree[2]
    top = ("add", mul(d(u), v), ("neg", mul(u, d(v))))
    return ("div", top, ("pow", v, ("num", 2)))


def _power(tree: Tree, d: Callable[[Tree], Tree]) -> Tree:
    base, exponent = tree[1], tree[2]
    if not depends(exponent):
        lowered = ("pow", base, ("add", exponent, ("num", -1)))
        return mul(mul(exponent, lowered), d(base))
    through_log = mul(d(exponent), ("call", "ln", base))
    return mul(tree, add(through_log, ("div", mul(exponent, d(base)), base)))


#: f′(u) for the functions of the textbook expressions; another name gets a stand-in.
OUTER: dict[str, Callable[[Tree], Tree]] = {
    "sin": lambda u: ("call", "cos", u),
    "cos": lambda u: ("neg", ("call", "sin", u)),
    "tan": lambda u: ("pow", ("call", "sec", u), ("num", 2)),
    "exp": lambda u: ("call", "exp", u),
    "ln": lambda u: ("div", ONE, u),
    "sqrt": lambda u: ("div", ONE, ("mul", ("num", 2), ("call", "sqrt", u))),
    "atan": lambda u: ("div", ONE, ("add", ONE, ("pow", u, ("num", 2)))),
    "tanh": lambda u: ("add", ONE, ("neg", ("pow", ("call", "tanh", u), ("num", 2)))),
}


def _call(tree: Tree, d: Callable[[Tree], Tree]) -> Tree:
    outer = OUTER.get(tree[1], lambda u: ("call", "d" + tree[1], u))
    return mul(outer(tree[2]), d(tree[2]))


RULES: dict[str, Callable[[Tree, Callable[[Tree], Tree]], Tree]] = {
    "sym": lambda tree, d: ONE,
    "add": _sum,
    "mul": _product,
    "div": _quotient,
    "pow": _power,
    "neg": lambda tree, d: ("neg", d(tree[1])),
    "call": _call,
    "log": lambda tree, d: ("div", d(tree[1]), ("mul", tree[1], ("call", "ln", tree[2]))),
}


def bare_derivative(tree: Tree) -> Tree:
    """d/dx of ``tree`` by the table, each subtree once."""
    memo: dict[Tree, Tree] = {}

    def d(node: Tree) -> Tree:
        found = memo.get(node)
        if found is None:
            found = memo[node] = RULES[node[0]](node, d) if depends(node) else ZERO
        return found

    return d(tree)


#: SymPy's function for each name the bare differentiator writes.
SYMPY_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sec": sympy.sec,
    "exp": sympy.exp,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "atan": sympy.atan,
    "tanh": sympy.tanh,
}
SYMPY_NODES: dict[str, Callable[[list[Any]], Any]] = {
    "add": lambda parts: sympy.Add(*parts),
    "mul": lambda parts: sympy.Mul(*parts),
    "div": lambda parts: parts[0] / parts[1],
    "pow": lambda parts: parts[0] ** parts[1],
    "neg": lambda parts: -parts[0],
    "log": lambda parts: sympy.log(parts[0], parts[1]),
}


def as_sympy(tree: Tree) -> Any:
    """A tuple tree as SymPy's expression, built node by node."""
    kind = tree[0]
    if kind == "sym":
        return sympy.Symbol(tree[1])
    if kind == "num":
        constants = {"e": sympy.E, "pi": sympy.pi}
        if tree[1] in constants:
            return constants[tree[1]]
        value = Fraction(tree[1])
        return sympy.Rational(value.numerator, value.denominator)
    if kind == "call":
        return SYMPY_FUNCTIONS[tree[1]](*(as_sympy(child) for child in tree[2:]))
    return SYMPY_NODES[kind]([as_sympy(child) for child in tree[1:]])


def wrong_derivatives(trees: list[Expr], tuples: list[Tree]) -> int:
    """How many bare derivatives differ from SymPy's at x = 0.3, 0.7 or 1.3."""
    x = sympy.Symbol("x")
    wrong = 0
    for tree, bare in zip(trees, tuples, strict=True):
        difference = as_sympy(bare_derivative(bare)) - sympy.diff(to_sympy(tree), x)
        wrong += any(abs(complex(difference.subs(x, v).evalf())) > 1e-8 for v in (0.3, 0.7, 1.3))
    return wrong


def best(
    run: Callable[[], object], repeat: int, before: Callable[[], object] = gc.collect
) -> float:
    """The least wall time of ``repeat`` runs, ``before`` each, in seconds."""
    times = []
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each (the least)")
    parser.add_argument("--check", action="store_true", help="compare with SymPy's diff")
    options = parser.parse_args()
    trees = [parse(text) for text in textbook_expressions(300)]
    tuples = [as_tree(tree) for tree in trees]
    if options.check:
        print(f"bare derivatives unlike SymPy's: {wrong_derivatives(trees, tuples)} of 300")
    floor = best(lambda: [bare_derivative(t) for t in tuples], options.repeat)
    ours = best(lambda: [derivative(t, X) for t in trees], options.repeat, forget)
    print(f"bare differentiator (tuples)  {floor * 1e3:7.2f} ms")
    print(f"ours, raw rules, first call   {ours * 1e3:7.2f} ms   {ours / floor:5.1f}× the floor")
    if symengine is None:
        print("SymEngine not installed (pip install '.[bench]')")
        return
    engine_trees = [symengine.sympify(to_sympy(tree)) for tree in trees]
    engine_x = symengine.Symbol("x")
    engine = best(lambda: [symengine.diff(t, engine_x) for t in engine_trees], options.repeat)
    print(f"SymEngine diff (C++)          {engine * 1e3:7.2f} ms")
    print(f"floor / SymEngine {floor / engine:5.1f}×   ours / SymEngine {ours / engine:5.1f}×")


if __name__ == "__main__":
    main()
