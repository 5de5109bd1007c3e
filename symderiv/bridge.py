"""The SymPy bridge: :func:`to_sympy` builds SymPy objects from our tree directly (never
through strings), :func:`from_sympy` reads them back.  SymPy is imported lazily, here only.

Both directions are tables keyed by node class (or by function name) and walk the tree
with explicit stacks, so a formula nested 10,000 deep converts.

Conventions: ``log(x, b)`` becomes ``log(x)/log(b)``; ``sigmoid(u)`` becomes
``1/(1 + exp(-u))`` and ``softplus(u)`` ``log(1 + exp(u))``; a Σ or Π written without a
lower bound starts at 1, and one without an upper bound ends at the symbol ``N_<index>``;
``f'(u)`` for an undefined ``f`` becomes ``Subs(Derivative(f(t), t), t, u)``, as in
SymPy's own derivatives; with real symbols (``real=True``, the checkers' setting) an
odd root is the real root, ∛u = u·|u|^(−2/3), as ours is.  ``from_sympy(to_sympy(e))``
equals ``e`` in value, not necessarily in structure.

>>> from symderiv.parse import parse
>>> to_sympy(parse("x^2 e^x + log(x, 2)"))
x**2*exp(x) + log(x)/log(2)
>>> print(from_sympy(to_sympy(parse("sin(x)/x"))))
sin(x)/x
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from functools import cache
from typing import Any

from .errors import LimitError, SymDerivError
from .expr import (
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
    add,
    div,
    fold,
    log,
    mul,
    neg,
    power,
)
from .functions import FUNCTIONS, PARTIAL_MARK, split_partial

__all__ = [
    "DERIVATIVE_MARK",
    "MAX_DIGITS",
    "ConversionError",
    "NumberTooLarge",
    "digits_of_power",
    "from_sympy",
    "to_sympy",
]

#: How the derivative of an undefined function ``f`` is named: ``f'``.
DERIVATIVE_MARK = "'"


class ConversionError(SymDerivError, ValueError):
    """An object with no counterpart on the other side."""


class NumberTooLarge(ConversionError, LimitError):
    """An exact power whose value has more than :data:`MAX_DIGITS` digits: SymPy would
    compute it in full, in one uninterruptible call (``9^(9^9)`` has 370 million)."""


#: Most decimal digits (of numerator or denominator) an exact power may have when built.
MAX_DIGITS = 10_000


@cache
def _sympy() -> Any:
    import sympy

    return sympy


# ---------------------------------------------------------------------------------------
# Ours -> SymPy
# ---------------------------------------------------------------------------------------
def _to_call(node: Call, args: list[Any]) -> Any:
    sp = _sympy()
    spec = FUNCTIONS.get(node.name)
    try:
        if spec is not None and spec.to_sympy is not None:
            return spec.to_sympy(sp, *args)
        if spec is not None and spec.sympy is not None:
            return getattr(sp, spec.sympy)(*args)
    except (TypeError, ValueError) as error:  # Max(zoo, 1): "not comparable"
        if isinstance(error, ConversionError):
            raise
        raise ConversionError(f"SymPy cannot build {node.name} here: {error}") from error
    if node.name.startswith(PARTIAL_MARK):
        return _to_partial(node.name, args)
    if node.name.endswith(DERIVATIVE_MARK):
        base = node.name.rstrip(DERIVATIVE_MARK)
        order = len(node.name) - len(base)
        if len(args) == 1:
            t = sp.Dummy("t")
            derivative = sp.Derivative(sp.Function(base)(t), (t, order))
            return sp.Subs(derivative, t, args[0])
    return sp.Function(node.name)(*args)


def _to_partial(name: str, args: list[Any]) -> Any:
    """``∂₂∂₁f(a, b)`` -> ``Subs(Derivative(f(t₁, t₂), t₁, t₂), (t₁, t₂), (a, b))``."""
    sp = _sympy()
    base, indices = split_partial(name)
    if not indices or max(indices) >= len(args):
        raise ConversionError(f"cannot convert the partial derivative {name}")
    ts = [sp.Dummy(f"t{i + 1}") for i in range(len(args))]
    derivative = sp.Derivative(sp.Function(base)(*ts), *(ts[i] for i in indices))
    return sp.Subs(derivative, ts, args)


def _bounds(node: Sum | Product, args: list[Any]) -> tuple[Any, Any, Any]:
    sp = _sympy()
    items = iter(args[2:])
    lower = next(items) if node.lower is not None else sp.Integer(1)
    upper = next(items) if node.upper is not None else sp.Symbol(f"N_{node.index.name}")
    return args[1], lower, upper


def digits_of_power(base: Any, exponent: Any) -> float:
    """About how many decimal digits SymPy's exact value of ``base**exponent`` has (of its
    numerator or denominator), estimated with logarithms before anything is computed;
    0 when SymPy would leave the power as it is (an exponent that is not a rational
    number, or a base that is not one).

    >>> import sympy
    >>> round(digits_of_power(sympy.Integer(9), sympy.Integer(9**9)))
    369693100
    >>> digits_of_power(sympy.Integer(2), sympy.Symbol("x"))
    0.0
    """
    if not (base.is_Rational and exponent.is_Rational) or base == 0:
        return 0.0
    largest = max(abs(int(base.p)), int(base.q))
    if largest == 1:
        return 0.0
    return float(abs(exponent)) * _log10(largest)


def _log10(n: int) -> float:
    """``log10(n)`` for a positive integer of any length."""
    bits = n.bit_length()
    if bits < 1000:
        return math.log10(n)
    return math.log10(n >> (bits - 64)) + (bits - 64) * math.log10(2)


def _to_power(node: Pow, args: list[Any]) -> Any:
    """``base**exponent``, refused when its exact value would be too large to build."""
    base, exponent = args
    digits = digits_of_power(base, exponent)
    if digits > MAX_DIGITS:
        raise NumberTooLarge(
            f"the number {node} is too large to check: it has about {digits:.3g} digits "
            f"(at most {MAX_DIGITS:,} are built)"
        )
    return _sympy().Pow(base, exponent)


_TO_SYMPY: dict[type, Callable[[Any, list[Any]], Any]] = {
    Num: lambda node, _: (
        _sympy().Rational(node.value.numerator, node.value.denominator)
        if isinstance(node.value, Fraction)
        else _sympy().Integer(node.value)
    ),
    Sym: lambda node, _: _sympy().Symbol(node.name),
    Const: lambda node, _: _sympy().E if node is E else _sympy().pi,
    Add: lambda node, a: _sympy().Add(*a),
    Mul: lambda node, a: _sympy().Mul(*a),
    Div: lambda node, a: _sympy().Mul(a[0], _sympy().Pow(a[1], -1)),
    Pow: _to_power,
    Neg: lambda node, a: -a[0],
    Call: _to_call,
    Log: lambda node, a: (
        _sympy().log(a[0]) if node.natural else _sympy().log(a[0]) / _sympy().log(a[1])
    ),
    Indexed: lambda node, a: _sympy().Indexed(_sympy().IndexedBase(node.name), *a),
    Sum: lambda node, a: _sympy().Sum(a[0], _bounds(node, a)),
    Product: lambda node, a: _sympy().Product(a[0], _bounds(node, a)),
    Derivative: lambda node, a: _sympy().Derivative(
        a[0], (a[1] if node.var is not None else _sympy().Symbol("x"), node.order)
    ),
}


def _real_odd_root(u: Any, n: Any) -> Any | None:
    """u·|u|^(1/n − 1), the real n-th root of a real u ≠ 0 for odd whole n (∛−8 = −2,
    as :mod:`symderiv.functions` takes it), whose derivative SymPy knows:
    u′·|u|^(1/n − 1)/n; a number is its real root itself (∛0 = 0, where the formula
    has no value; ∛−8 = −2); ``None`` for another index (an even root is SymPy's own)."""
    if not (n.is_Integer and n % 2 == 1 and abs(n) > 1):
        return None
    sp = _sympy()
    if u.is_number:
        return sp.real_root(u, n) if n > 0 else 1 / sp.real_root(u, -n)
    return u * sp.Abs(u) ** (sp.Rational(1, int(n)) - 1)


#: Odd roots built as real roots where every symbol is real (``to_sympy(…, real=True)``):
#: SymPy's ``cbrt`` and ``root`` are principal roots, complex for a negative radicand.
_REAL_ROOTS: dict[str, Callable[..., Any]] = {
    "cbrt": lambda u: _real_odd_root(u, _sympy().Integer(3)),
    "root": _real_odd_root,
}

#: Deeper trees are built without SymPy's automatic evaluation, whose checks recurse.
EVALUATE_DEPTH = 200


def to_sympy(expr: Expr, *, real: bool = False) -> Any:
    """The SymPy object for ``expr``, built node by node (no strings, no recursion).

    Trees deeper than :data:`EVALUATE_DEPTH` are built unevaluated, as SymPy's own
    simplifying constructors would recurse through them.  An exact power whose value
    would have more than :data:`MAX_DIGITS` digits (estimated before it is computed,
    innermost power first, so a tower stops at its first large floor) raises
    :class:`NumberTooLarge`, a :class:`~symderiv.errors.LimitError`.  With ``real`` every symbol
    is declared real (the verifier's setting: then ``|x|′`` is ``sign(x)``), and an odd
    root is the real root, ∛u = u·|u|^(−2/3) (SymPy's ``cbrt`` of −8 is 1 + √3·i).
    """

    def combine(node: Expr, children: list[Any]) -> Any:
        if real and type(node) is Sym:
            return _sympy().Symbol(node.name, real=True)
        if real and type(node) is Call and node.name in _REAL_ROOTS:  # type: ignore[attr-defined]
            made = _REAL_ROOTS[node.name](*children)  # type: ignore[attr-defined]
            if made is not None:
                return made
        return _TO_SYMPY[type(node)](node, children)

    try:
        if expr.depth <= EVALUATE_DEPTH:
            return fold(expr, combine)
        with _sympy().core.parameters.evaluate(False):
            return fold(expr, combine)
    except RecursionError as error:  # SymPy's own algorithms may recurse on deep trees
        raise ConversionError(f"SymPy cannot handle a tree {expr.depth} deep") from error


# ---------------------------------------------------------------------------------------
# SymPy -> ours
# ---------------------------------------------------------------------------------------
def _number(obj: Any) -> Expr:
    sp = _sympy()
    if obj.is_Rational:
        value = Fraction(int(obj.p), int(obj.q))
        return Num(value)
    if obj.is_Float:
        exact = sp.Rational(obj)
        return Num(Fraction(int(exact.p), int(exact.q)), decimal=True)
    raise ConversionError(f"cannot convert the number {obj}")


def _from_mul(obj: Any, args: list[Expr]) -> Expr:
    numerator: list[Expr] = []
    denominator: list[Expr] = []
    for original, converted in zip(obj.args, args, strict=True):
        if original.is_Pow and original.exp.is_Rational and original.exp.is_negative:
            if isinstance(converted, Div) and converted.num == Num(1):
                denominator.append(converted.den)
                continue
            if isinstance(converted, Pow):
                denominator.append(power(converted.base, neg(converted.exp)))
                continue
        if original.is_Rational and not original.is_Integer:
            numerator.append(Num(int(original.p)))
            denominator.append(Num(int(original.q)))
            continue
        numerator.append(converted)
    top = mul(*numerator) if numerator else Num(1)
    return div(top, mul(*denominator)) if denominator else top


def _from_pow(obj: Any, args: list[Expr]) -> Expr:
    base, exponent = args
    if obj.exp == -1:
        return div(Num(1), base)
    if obj.exp.is_Rational and obj.exp.is_negative:
        return div(Num(1), power(base, neg(exponent)))
    if obj.exp == _sympy().Rational(1, 2):
        return Call("sqrt", base)
    return power(base, exponent)


#: SymPy functions that carry an argument of their own besides ours: its name -> the
#: value it must have, which is then dropped (``Heaviside(x, 1/2)``: our H(0) = 1/2).
_CONVENTION_ARGUMENTS: dict[str, Expr] = {"Heaviside": Num(Fraction(1, 2))}


def _from_function(obj: Any, args: list[Expr]) -> Expr:
    kind = type(obj).__name__
    name = _SYMPY_NAMES.get(kind)
    convention = _CONVENTION_ARGUMENTS.get(kind)
    if name is not None and convention is not None and len(args) == 2:
        if args[1] != convention:
            raise ConversionError(f"{obj} has a convention other than ours")
        return Call(name, args[0])
    if name is not None:
        return Call(name, *args)
    if getattr(obj, "is_Function", False) and type(obj).__name__ not in _KNOWN_SYMPY:
        return Call(type(obj).__name__, *args)
    raise ConversionError(f"no counterpart for the SymPy function {type(obj).__name__}")


def _from_subs(obj: Any, args: list[Expr]) -> Expr:
    derivative, variables, points = obj.args
    sp = _sympy()
    if (
        isinstance(derivative, sp.Derivative)
        and len(variables) == 1
        and len(derivative.variable_count) == 1
        and derivative.expr.args == (variables[0],)
    ):
        name = type(derivative.expr).__name__
        order = int(derivative.variable_count[0][1])
        return Call(name + DERIVATIVE_MARK * order, from_sympy(points[0]))
    raise ConversionError(f"cannot convert {obj}")


@cache
def _sympy_names() -> dict[str, str]:
    return {spec.sympy: spec.name for spec in FUNCTIONS.values() if spec.sympy is not None}


class _LazyNames(dict[str, str]):
    def get(self, key: str, default: Any = None) -> Any:
        return _sympy_names().get(key, default)


_SYMPY_NAMES = _LazyNames()
_KNOWN_SYMPY = {"log", "exp", "Abs"}


def _from_sympy_node(obj: Any, args: list[Expr]) -> Expr:
    sp = _sympy()
    if obj.is_Number:
        return _number(obj)
    if obj is sp.E:
        return E
    if obj is sp.pi:
        return PI
    if obj is sp.EulerGamma:  # γ = −ψ(1), as SymPy writes digamma(1)
        return neg(Call("digamma", Num(1)))
    if obj.is_Symbol:
        return Sym(obj.name)
    if obj.is_Add:
        return add(*args)
    if obj.is_Mul:
        return _from_mul(obj, args)
    if obj.is_Pow:
        return _from_pow(obj, args)
    if isinstance(obj, sp.exp):
        return Call("exp", args[0])
    if isinstance(obj, sp.log):
        return log(args[0]) if len(args) == 1 else log(args[0], args[1])
    if isinstance(obj, sp.Abs):
        return Call("abs", args[0])
    if isinstance(obj, sp.Indexed):
        return Indexed(str(obj.base), *args[1:])
    if isinstance(obj, sp.IndexedBase):
        return Sym(str(obj))
    if isinstance(obj, (sp.Sum, sp.Product)):
        body = from_sympy(obj.function)
        index, lower, upper = (from_sympy(item) for item in obj.limits[0])
        if not isinstance(index, Sym):
            raise ConversionError(f"cannot convert the index of {obj}")
        return (Sum if isinstance(obj, sp.Sum) else Product)(body, index, lower, upper)
    if isinstance(obj, sp.Subs):
        return _from_subs(obj, args)
    if isinstance(obj, sp.Function) or getattr(obj, "is_Function", False):
        return _from_function(obj, args)
    raise ConversionError(f"no counterpart for the SymPy object {obj!r} ({type(obj).__name__})")


_OPAQUE = ("Sum", "Product", "Subs")


def from_sympy(obj: Any) -> Expr:
    """Our tree for a SymPy expression, built with the smart constructors (iterative)."""
    sp = _sympy()
    if isinstance(obj, int) and not isinstance(obj, bool):
        obj = sp.Integer(obj)
    elif isinstance(obj, Fraction):
        obj = sp.Rational(obj.numerator, obj.denominator)
    if not isinstance(obj, sp.Basic):
        raise ConversionError(f"not a SymPy expression: {type(obj).__name__}")
    results: dict[Any, Expr] = {}
    stack: list[tuple[Any, bool]] = [(obj, False)]
    while stack:
        node, expanded = stack.pop()
        if node in results:
            continue
        opaque = type(node).__name__ in _OPAQUE
        if opaque:
            results[node] = _from_sympy_node(node, [])
        elif expanded or not node.args:
            results[node] = _from_sympy_node(node, [results[arg] for arg in node.args])
        else:
            stack.append((node, True))
            stack.extend((arg, False) for arg in reversed(node.args) if arg not in results)
    return results[obj]
