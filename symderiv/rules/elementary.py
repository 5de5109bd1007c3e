"""Rules for powers, exponentials, logarithms and named functions, and the chain rule
that composes them with an inner function."""

from __future__ import annotations

from collections.abc import Callable

from ..expr import (
    ONE,
    ZERO,
    Call,
    Div,
    E,
    Expr,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    add,
    div,
    free_names,
    ln,
    mul,
    power,
    product_of,
    split_factor,
    substitute,
)
from ..functions import FUNCTIONS, FunctionSpec
from ..steps import Condition, placeholder
from .base import (
    Bindings,
    Part,
    constant_value,
    is_constant,
    nonzero,
    not_one,
    positive,
    rule,
)
from .kinks import function_conditions

__all__ = ["CALL_RULES", "DERIVATIVE_MARK", "inner_slot"]

#: Appended to a declared function's name to name its derivative: f -> f'.
DERIVATIVE_MARK = "'"


def _is_declared(name: str) -> bool:
    return name.rstrip(DERIVATIVE_MARK) not in FUNCTIONS


def _slot_of_call(node: Expr, var: Expr) -> int | None:
    name = node.name  # type: ignore[attr-defined]
    if name == "root":
        return 0 if is_constant(node.children[1], var) else None
    if len(node.children) == 1:
        return 0
    spec = FUNCTIONS.get(name)
    if spec is not None and spec.derivative is not None and spec.arity == len(node.children):
        return spec.slot if _others_constant(node, spec.slot, var) else None
    return None


def _others_constant(node: Expr, slot: int, var: Expr) -> bool:
    """Whether every argument but the one numbered ``slot`` is constant in ``var``."""
    return all(is_constant(c, var) for i, c in enumerate(node.children) if i != slot)


def _slot_of_pow(node: Expr, var: Expr) -> int | None:
    base, exponent = node.children
    if is_constant(exponent, var):
        return 0
    if is_constant(base, var):
        return 1
    return None


def _slot_of_log(node: Expr, var: Expr) -> int | None:
    return 0 if is_constant(node.children[1], var) else None


_SLOTS: dict[type, Callable[[Expr, Expr], int | None]] = {
    Call: _slot_of_call,
    Pow: _slot_of_pow,
    Log: _slot_of_log,
}


def inner_slot(node: Expr, var: Expr) -> int | None:
    """Which child is the inner function, for a node that is one elementary function
    of one argument depending on ``var`` (``sin u``, ``uⁿ``, ``aᵘ``, ``logₐ u``)."""
    finder = _SLOTS.get(type(node))
    return None if finder is None else finder(node, var)


def _replace_child(node: Expr, index: int, replacement: Expr) -> Expr:
    position = [i for i, a in enumerate(node.args) if isinstance(a, Expr)][index]
    args = list(node.args)
    args[position] = replacement
    return type(node)(*args)


def _chain_matches(node: Expr, var: Expr) -> bool:
    index = inner_slot(node, var)
    return index is not None and node.children[index] is not var


def _chain_inner(node: Expr, var: Expr) -> tuple[Expr, Expr, Expr]:
    index = inner_slot(node, var)
    assert index is not None
    inner = node.children[index]
    u = placeholder(free_names(node) | free_names(var))
    return inner, u, _replace_child(node, index, u)


def _chain_parts(node: Expr, var: Expr) -> tuple[Part, ...]:
    inner, u, outer = _chain_inner(node, var)
    return ((outer, u), (inner, var))


def _chain_bindings(node: Expr, var: Expr) -> Bindings:
    inner, _u, outer = _chain_inner(node, var)
    return (("u", inner), ("f(u)", outer))


def _chain_conditions(node: Expr, var: Expr) -> tuple[Condition, ...]:
    """Where a non-smooth outer function is not differentiable, stated for its actual
    argument (``x² − 1 ≠ 0`` for relu(x² − 1))."""
    spec = FUNCTIONS.get(node.name) if isinstance(node, Call) else None
    if spec is None or not spec.kinks:
        return ()
    return function_conditions(spec, node.children)


@rule(
    (Call, Pow, Log),
    "chain",
    "(f(u))′ = f′(u)·u′",
    r"\left(f(u)\right)' = f'(u) \cdot u'",
    matches=_chain_matches,
    parts=_chain_parts,
    bindings=_chain_bindings,
    conditions=_chain_conditions,
)
def chain(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(f(u))′ = f′(u)·u′: the outer derivative at u, times the inner derivative."""
    inner, u, _outer = _chain_inner(node, var)
    outer_derivative, inner_derivative = results
    return _times(substitute(outer_derivative, {u: inner}), inner_derivative)


#: Past this many factors a product is nested rather than flattened, so that a chain
#: nested n deep costs O(n), not O(n²).
FLATTEN_LIMIT = 16


def _times(left: Expr, right: Expr) -> Expr:
    """``left·right``, the inner derivative kept whole, sign and all, where it is a number
    times more factors (``cos(x²)·(2x)``, ``5(3x² + 1)⁴·(6x)``, ``e^(−x²)·(−2x)``, as
    f′(u)·u′ is written), and nested past :data:`FLATTEN_LIMIT` factors; a number over a
    fraction of a whole number multiplies its numerator (``2/cos²(2x + 1)``, ``2/(2x)``, not
    ``2·(1/cos²(2x + 1))``)."""
    if isinstance(right, Mul) and len(right.children) > FLATTEN_LIMIT and left is not ONE:
        return Mul(left, right)
    if isinstance(right, Num) and right.is_integer:
        sign, fraction = (-1, left.arg) if isinstance(left, Neg) else (1, left)
        if isinstance(fraction, Div) and isinstance(fraction.num, Num) and fraction.num.is_integer:
            return div(mul(Num(sign), right, fraction.num), fraction.den)
    whole = right.arg if isinstance(right, Neg) else right
    number, decimal, items = split_factor(left)
    if items and isinstance(whole, Mul) and isinstance(whole.children[0], Num):
        return product_of(number, decimal, [*items, right])
    return mul(left, right)


# -- powers ------------------------------------------------------------------------------
def _exponent_minus_one(exponent: Expr) -> Expr:
    value = constant_value(exponent)
    return Num(value - 1) if value is not None else add(exponent, Num(-1))


def _power_conditions(node: Expr, var: Expr) -> tuple[Condition, ...]:
    value = constant_value(node.children[1])
    if value is not None and value.denominator == 1:
        return (nonzero(node.children[0]),) if value < 0 else ()
    return (positive(node.children[0]),)


@rule(
    Pow,
    "power",
    "(xⁿ)′ = n·xⁿ⁻¹",
    r"\left(x^{n}\right)' = n x^{n-1}",
    matches=lambda node, var: node.children[0] is var and is_constant(node.children[1], var),
    bindings=lambda node, var: (("n", node.children[1]),),
    conditions=_power_conditions,
)
def power_rule(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(xⁿ)′ = n·xⁿ⁻¹ for any constant n (negative, fractional, symbolic)."""
    base, exponent = node.children
    value = constant_value(exponent)
    coefficient = Num(value) if value is not None else exponent
    return mul(coefficient, power(base, _exponent_minus_one(exponent)))


def _is_e_power(node: Expr, var: Expr) -> bool:
    return node.children[1] is var and node.children[0] is E


@rule(Pow, "exp", "(eˣ)′ = eˣ", r"\left(e^{x}\right)' = e^{x}", matches=_is_e_power)
def exp_power(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(eˣ)′ = eˣ"""
    return node


@rule(
    Pow,
    "exponential-base",
    "(aˣ)′ = aˣ·ln a",
    r"\left(a^{x}\right)' = a^{x} \ln a",
    matches=lambda node, var: node.children[1] is var and is_constant(node.children[0], var),
    bindings=lambda node, var: (("a", node.children[0]),),
    conditions=lambda node, var: (positive(node.children[0]), not_one(node.children[0])),
)
def exponential_base(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(aˣ)′ = aˣ·ln a for a constant base a > 0, a ≠ 1."""
    return mul(node, ln(node.children[0]))


def _is_zero_base(node: Expr, var: Expr) -> bool:
    """A power of the number 0 (``0^x``, ``(1 − 1)^(x² + 1)``) whose exponent depends on
    the variable."""
    base, exponent = node.children
    return not free_names(base) and constant_value(base) == 0 and not is_constant(exponent, var)


@rule(
    Pow,
    "zero-base",
    "(0ᵘ)′ = 0  (0ᵘ = 0 where u > 0)",
    r"\left(0^{u}\right)' = 0",
    matches=_is_zero_base,
    bindings=lambda node, var: (("u", node.children[1]),),
    conditions=lambda node, var: (positive(node.children[1]),),
    first=True,
)
def zero_base(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(0ᵘ)′ = 0: 0ᵘ is 0 wherever u > 0 (and has no value where u < 0), so constant on
    its domain; aˣ·ln a, which needs a > 0, does not apply."""
    return ZERO


def _log_diff_bindings(node: Expr, var: Expr) -> Bindings:
    return (("f", node.children[0]), ("g", node.children[1]))


@rule(
    Pow,
    "log-differentiation",
    "(fᵍ)′ = fᵍ·(g′·ln f + g·f′/f)",
    r"\left(f^{g}\right)' = f^{g} \left(g' \ln f + \frac{g f'}{f}\right)",
    parts=lambda node, var: ((node.children[0], var), (node.children[1], var)),
    bindings=_log_diff_bindings,
    conditions=lambda node, var: (positive(node.children[0]),),
)
def log_differentiation(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(fᵍ)′ = fᵍ·(g′·ln f + g·f′/f), from ln y = g·ln f differentiated on both sides."""
    base, exponent = node.children
    d_base, d_exponent = results
    return mul(node, add(mul(d_exponent, ln(base)), div(mul(exponent, d_base), base)))


# -- logarithms ------------------------------------------------------------------------
@rule(
    Log,
    "ln",
    "(ln x)′ = 1/x",
    r"\left(\ln x\right)' = \frac{1}{x}",
    matches=lambda node, var: node.children[0] is var and node.args[1] is E,
    conditions=lambda node, var: (positive(node.children[0]),),
)
def natural_log(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(ln x)′ = 1/x"""
    return div(ONE, node.children[0])


@rule(
    Log,
    "log-base",
    "(logₐ x)′ = 1/(x·ln a)",
    r"\left(\log_{a} x\right)' = \frac{1}{x \ln a}",
    matches=lambda node, var: node.children[0] is var and is_constant(node.children[1], var),
    bindings=lambda node, var: (("a", node.children[1]),),
    conditions=lambda node, var: (
        positive(node.children[1]),
        not_one(node.children[1]),
        positive(node.children[0]),
    ),
)
def log_base(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(logₐ x)′ = 1/(x·ln a) for a constant base a > 0, a ≠ 1."""
    arg, base = node.children
    return div(ONE, mul(arg, ln(base)))


def _change_of_base(node: Expr) -> Expr:
    arg, base = node.children
    return Div(Log(arg), Log(base))


@rule(
    Log,
    "log-change-of-base",
    "log_g f = ln f / ln g",
    r"\log_{g} f = \frac{\ln f}{\ln g}",
    parts=lambda node, var: ((_change_of_base(node), var),),
    bindings=lambda node, var: (("f", node.children[0]), ("g", node.children[1])),
    conditions=lambda node, var: (positive(node.children[1]), not_one(node.children[1])),
)
def log_change_of_base(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """A base that depends on x: log_g f = ln f / ln g, then the quotient rule."""
    return results[0]


# -- named functions ---------------------------------------------------------------------
#: Function name -> the rule for that function applied directly to the variable.
CALL_RULES: dict[str, object] = {}


def _function_conditions(spec: FunctionSpec) -> Callable[[Expr, Expr], tuple[Condition, ...]]:
    def conditions(node: Expr, var: Expr) -> tuple[Condition, ...]:
        return function_conditions(spec, node.children)

    return conditions


def _function_matches(spec: FunctionSpec) -> Callable[[Expr, Expr], bool]:
    """The function applied to the variable itself (in its ``slot``, the other arguments
    constant)."""

    def matches(node: Expr, var: Expr) -> bool:
        children = node.children
        return (
            node.name == spec.name  # type: ignore[attr-defined]
            and len(children) == spec.arity
            and children[spec.slot] is var
            and (len(children) == 1 or _others_constant(node, spec.slot, var))
        )

    return matches


def _register_function(spec: FunctionSpec) -> None:
    derivative = spec.derivative
    if derivative is None:
        return

    def combine(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
        return derivative(*node.children)  # type: ignore[misc]

    combine.__doc__ = spec.formula
    made = rule(
        Call,
        spec.rule_key,
        spec.formula,
        spec.latex_formula or spec.formula,
        matches=_function_matches(spec),
        conditions=_function_conditions(spec),
    )(combine)
    CALL_RULES[spec.name] = made


for _spec in FUNCTIONS.values():
    _register_function(_spec)


@rule(
    Call,
    "root",
    "(ⁿ√x)′ = ⁿ√x/(n·x)",
    r"\left(\sqrt[n]{x}\right)' = \frac{\sqrt[n]{x}}{n x}",
    matches=lambda node, var: (
        node.name == "root"  # type: ignore[attr-defined]
        and node.children[0] is var
        and is_constant(node.children[1], var)
    ),
    bindings=lambda node, var: (("n", node.children[1]),),
    conditions=lambda node, var: (positive(node.children[0]),),
)
def root(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(ⁿ√x)′ = ⁿ√x/(n·x)"""
    arg, degree = node.children
    return div(node, mul(degree, arg))


@rule(
    Call,
    "root-as-power",
    "ⁿ√f = f^(1/n)",
    r"\sqrt[n]{f} = f^{1/n}",
    matches=lambda node, var: node.name == "root",  # type: ignore[attr-defined]
    parts=lambda node, var: ((Pow(node.children[0], Div(ONE, node.children[1])), var),),
)
def root_as_power(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """A degree that depends on x: ⁿ√f = f^(1/n), then logarithmic differentiation."""
    return results[0]


@rule(
    Call,
    "undefined-function",
    "(f(x))′ = f′(x)",
    r"\left(f(x)\right)' = f'(x)",
    matches=lambda node, var: (
        _is_declared(node.name)  # type: ignore[attr-defined]
        and len(node.children) == 1
        and node.children[0] is var
    ),
)
def undefined_function(node: Expr, var: Expr, results: tuple[Expr, ...]) -> Expr:
    """(f(x))′ = f′(x) for a function the user declared but did not define."""
    return Call(node.name + DERIVATIVE_MARK, node.children[0])  # type: ignore[attr-defined]
