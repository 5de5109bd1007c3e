"""The derivative from its definition, f′(x) = lim_{h→0} (f(x + h) − f(x))/h, with the
algebra that removes the 0/0 and the standard limits as named steps.

The planner knows these forms (and a constant multiple c·f of each):

* a rational function (polynomials included): one fraction, the numerator expanded, h
  cancelled (it divides the numerator, which vanishes at h = 0), then h → 0;
* √u with u a polynomial: multiply by the conjugate √u(x + h) + √u(x), expand, cancel h,
  then h → 0;
* sin x, cos x: the sum formulas, then sin h/h → 1 and (cos h − 1)/h → 0;
* eˣ and aˣ: the exponent law, then (eʰ − 1)/h → 1 and (aʰ − 1)/h → ln a;
* ln x: ln(x + h) − ln x = ln(1 + h/x), then ln(1 + t)/t → 1 with t = h/x.

Anything else is refused with :class:`~symderiv.errors.NoRuleError` naming what the
planner covers: never a wrong step.  Every algebraic step is checked as an equality in x
and h against SymPy (:func:`~symderiv.verify.equivalent`), every limit step numerically
(the expression before at h = ±10⁻⁹ against the one after), and the result against the
derivative by the rules.

>>> print(derive_by_definition("x^2").result)
2*x
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mpmath

from ..bridge import ConversionError, from_sympy, to_sympy
from ..errors import NoRuleError
from ..expr import (
    ONE,
    ZERO,
    Add,
    Call,
    Const,
    E,
    Expr,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    add,
    div,
    free_names,
    ln,
    mul,
    neg,
    power,
    sqrt,
    substitute,
)
from ..pipeline import as_expression, as_variable, diff
from ..sandbox import Overrun, run
from ..simplify import tidy
from ..verify import equivalent
from ..verify.equivalence import sympy_module
from ..verify.transport import pack, unpack
from .curve import parameter_values
from .exact import EXACT_BUDGET, numeric_value
from .report import Block, Label, Report, Verdict, equation, heading, verdict_block

__all__ = ["LimitDerivation", "LimitStep", "derive_by_definition"]

#: What the planner covers, said when it refuses.
COVERED = (
    "rational functions (polynomials included), square roots of polynomials, sin x, cos x, "
    "e^x, a^x, ln x and constant multiples of them"
)


@dataclass(frozen=True)
class LimitStep:
    """One line of the computation: ``expr`` (under the limit while ``under_limit``),
    reached from the line before by ``key`` (a message, with ``values``)."""

    key: str
    expr: Expr
    under_limit: bool = True
    values: tuple[tuple[str, Any], ...] = ()
    #: ``"equality"`` (checked for all x, h), ``"limit"`` (checked numerically) or
    #: ``"start"`` (the definition itself).
    kind: str = "equality"


@dataclass(frozen=True)
class LimitDerivation(Report):
    """f′ from the definition: ``steps`` from the difference quotient to ``result``;
    ``checks`` one verdict per step after the first, and ``check`` the result against the
    derivative by the rules."""

    expr: Expr
    var: Expr
    h: Sym
    steps: tuple[LimitStep, ...]
    checks: tuple[Verdict, ...]
    check: Verdict

    kind = "limit"

    @property
    def result(self) -> Expr:
        return self.steps[-1].expr

    def verdicts(self) -> tuple[Verdict, ...]:
        return (*self.checks, self.check)

    def blocks(self) -> tuple[Block, ...]:
        x, h = str(self.var), str(self.h)
        shown: list[Block] = [heading("limit-setup", var=x, f=self.expr, h=h)]
        for step in self.steps:
            shown.append(
                Block(
                    "limit",
                    step.key,
                    (*step.values, ("h", h), ("x", x)),
                    label=Label(f"lim_{h}→0", rf"\lim_{{{h} \to 0}}") if step.under_limit else None,
                    expr=step.expr,
                )
            )
        shown.append(equation(Label(f"f′({x})", f"f'({x})"), self.result, "limit-result"))
        shown.append(verdict_block(self._summary()))
        return tuple(shown)

    def _summary(self) -> Verdict:
        for step, verdict in zip(self.steps[1:], self.checks, strict=True):
            if verdict.status != "verified":
                return Verdict(verdict.status, f"limit-{verdict.status}", (("step", step.key),))
        if self.check.status != "verified":
            return Verdict(self.check.status, f"limit-{self.check.status}", (("step", "result"),))
        return Verdict("verified", "limit-verified")


# -- the planner ---------------------------------------------------------------------------
def _constant_factor(f: Expr, x: Expr) -> tuple[Expr, Expr]:
    """``(c, g)`` with f = c·g and c free of x (c = 1 when there is none)."""
    name = getattr(x, "name", "")
    if isinstance(f, Mul):
        constant = [c for c in f.children if name not in free_names(c)]
        varying = [c for c in f.children if name in free_names(c)]
        if constant and len(varying) == 1:
            return mul(*constant), varying[0]
    return ONE, f


def _is_polynomial(expr: Expr, x: Expr) -> bool:
    """A polynomial in ``x``: sums, products and whole non-negative powers of ``x``."""
    return _built_of_powers(expr, x, ("Add", "Mul", "Neg"), negative_powers=False)


def _is_rational(expr: Expr, x: Expr) -> bool:
    """A rational function of ``x``: a polynomial's operations, whole powers and quotients."""
    return _built_of_powers(expr, x, ("Add", "Mul", "Neg", "Div"), negative_powers=True)


def _built_of_powers(
    expr: Expr, x: Expr, operations: tuple[str, ...], *, negative_powers: bool
) -> bool:
    if getattr(x, "name", "") not in free_names(expr) or expr is x:
        return True
    if isinstance(expr, Pow):
        exponent = expr.children[1]
        return (
            isinstance(exponent, Num)
            and exponent.value.denominator == 1
            and (negative_powers or exponent.value >= 0)
            and _built_of_powers(expr.children[0], x, operations, negative_powers=negative_powers)
        )
    if type(expr).__name__ in operations:
        return all(
            _built_of_powers(c, x, operations, negative_powers=negative_powers)
            for c in expr.children
        )
    return False


def _quotient(f: Expr, x: Expr, h: Sym) -> Expr:
    return div(add(substitute(f, {x: add(x, h)}), neg(f)), h)


def _rational_in_worker(data: bytes) -> bytes | None:
    """The numerator of f(x + h) − f(x) as one fraction, expanded, its denominator, the
    numerator divided by h, and the limit at h = 0 (the worker's half of the rational
    plan), or ``None`` when h does not divide the numerator."""
    sp = sympy_module()
    f, x, h = unpack(data)
    try:
        fs, xs, hs = to_sympy(f, real=True), to_sympy(x, real=True), to_sympy(h, real=True)
        top, bottom = sp.fraction(sp.together(fs.subs(xs, xs + hs) - fs))
        top = sp.expand(top)
        if sp.expand(top.subs(hs, 0)) != 0:
            return None
        cancelled_top = sp.expand(sp.cancel(top / hs))
        if cancelled_top.has(1 / hs) or sp.denom(sp.together(cancelled_top)).has(hs):
            return None
        limit = sp.factor(sp.cancel(cancelled_top.subs(hs, 0) / bottom.subs(hs, 0)))
        return pack(tuple(from_sympy(e) for e in (top, bottom, cancelled_top, limit)))
    except (ConversionError, TypeError, ValueError, RecursionError, sp.PolynomialError):
        return None


def _ask_worker(function: Callable[..., Any], *trees: Expr) -> tuple[Expr, ...] | None:
    try:
        found = run(function, pack(trees), seconds=EXACT_BUDGET)
    except (Overrun, ConversionError, RecursionError):
        return None
    return None if found is None else tuple(unpack(found))


def _plan_rational(f: Expr, x: Expr, h: Sym) -> list[LimitStep] | None:
    found = _ask_worker(_rational_in_worker, f, x, h)
    if found is None:
        return None
    top, bottom, cancelled_top, limit = found
    return [
        LimitStep("limit-expand", div(top, mul(h, bottom))),
        LimitStep("limit-cancel", div(cancelled_top, bottom), values=(("h", str(h)),)),
        LimitStep("limit-continuous", tidy(limit), under_limit=False, kind="limit"),
    ]


def _plan_root(f: Expr, x: Expr, h: Sym) -> list[LimitStep] | None:
    if not ((isinstance(f, Pow) and f.children[1] == Num(1) / 2) or _is_sqrt(f)):
        return None
    u = _radicand(f)
    if u is None or not _is_polynomial(u, x):
        return None
    shifted = substitute(u, {x: add(x, h)})
    conjugate = add(sqrt(shifted), sqrt(u))
    rationalised = div(add(shifted, neg(u)), mul(h, conjugate))
    found = _ask_worker(_rational_in_worker, u, x, h)
    if found is None:
        return None
    _, _, cancelled_top, _ = found
    limit = tidy(div(substitute(cancelled_top, {h: ZERO}), mul(Num(2), sqrt(u))))
    return [
        LimitStep("limit-conjugate", rationalised, values=(("conjugate", conjugate),)),
        LimitStep("limit-cancel", div(cancelled_top, conjugate), values=(("h", str(h)),)),
        LimitStep("limit-continuous", limit, under_limit=False, kind="limit"),
    ]


def _is_sqrt(f: Expr) -> bool:
    return isinstance(f, Call) and f.name == "sqrt"


def _radicand(f: Expr) -> Expr | None:
    if _is_sqrt(f):
        return f.children[0]
    if isinstance(f, Pow) and f.children[1] == Num(1) / 2:
        return f.children[0]
    return None


def _plan_sin_cos(f: Expr, x: Expr, h: Sym) -> list[LimitStep] | None:
    if not (isinstance(f, Call) and f.name in ("sin", "cos") and f.children[0] is x):
        return None
    sin_x, cos_x = Call("sin", x), Call("cos", x)
    sin_h, cos_h = Call("sin", h), Call("cos", h)
    cos_ratio = div(add(cos_h, Num(-1)), h)
    sin_ratio = div(sin_h, h)
    if f.name == "sin":
        expanded = div(add(mul(sin_x, cos_h), mul(cos_x, sin_h), neg(sin_x)), h)
        grouped = add(mul(sin_x, cos_ratio), mul(cos_x, sin_ratio))
        limits: Expr = Add(Mul(sin_x, ZERO), Mul(cos_x, ONE))
        rule = "limit-sum-sin"
    else:
        expanded = div(add(mul(cos_x, cos_h), neg(mul(sin_x, sin_h)), neg(cos_x)), h)
        grouped = add(mul(cos_x, cos_ratio), neg(mul(sin_x, sin_ratio)))
        limits = Add(Mul(cos_x, ZERO), Neg(Mul(sin_x, ONE)))
        rule = "limit-sum-cos"
    return [
        LimitStep(rule, expanded),
        LimitStep("limit-group", grouped),
        LimitStep("limit-standard-trig", limits, under_limit=False, kind="limit"),
        LimitStep("limit-tidy", tidy(limits), under_limit=False),
    ]


def _plan_exponential(f: Expr, x: Expr, h: Sym) -> list[LimitStep] | None:
    base: Expr | None = None
    if (
        isinstance(f, Pow)
        and f.children[1] is x
        and not free_names(f.children[0]) & {getattr(x, "name", "")}
    ):
        base = f.children[0]
    elif isinstance(f, Call) and f.name == "exp" and f.children[0] is x:
        base = E
    if base is None:
        return None
    a_x, a_h = power(base, x), power(base, h)
    law = div(add(mul(a_x, a_h), neg(a_x)), h)
    factored = mul(a_x, div(add(a_h, Num(-1)), h))
    natural = base == E or (isinstance(base, Const) and base.name == "e")
    value = ONE if natural else ln(base)
    key = "limit-standard-exp" if natural else "limit-standard-base"
    return [
        LimitStep("limit-exponent-law", law),
        LimitStep("limit-factor", factored),
        LimitStep(key, Mul(a_x, value), under_limit=False, kind="limit", values=(("a", base),)),
        LimitStep("limit-tidy", tidy(mul(a_x, value)), under_limit=False),
    ]


def _plan_log(f: Expr, x: Expr, h: Sym) -> list[LimitStep] | None:
    if not (isinstance(f, Log) and f.natural and f.children[0] is x):
        return None
    t = div(h, x)
    quotient = div(ln(div(add(x, h), x)), h)
    one_plus = div(ln(add(ONE, t)), h)
    scaled = mul(div(ONE, x), div(ln(add(ONE, t)), t))
    return [
        LimitStep("limit-log-quotient", quotient),
        LimitStep("limit-log-one-plus", one_plus),
        LimitStep("limit-log-scale", scaled, values=(("t", t),)),
        LimitStep("limit-standard-log", Mul(div(ONE, x), ONE), under_limit=False, kind="limit"),
        LimitStep("limit-tidy", div(ONE, x), under_limit=False),
    ]


_PLANS = (_plan_sin_cos, _plan_exponential, _plan_log, _plan_root)


def _plan(f: Expr, x: Expr, h: Sym) -> list[LimitStep]:
    """The steps after the difference quotient of ``f``."""
    if _is_rational(f, x):
        found = _plan_rational(f, x, h)
        if found is not None:
            return found
    constant, g = _constant_factor(f, x)
    for plan in _PLANS:
        found = plan(g, x, h)
        if found is None:
            continue
        if constant is ONE:
            return found
        scaled = [
            LimitStep(
                s.key,
                tidy(mul(constant, s.expr)) if s.key == "limit-tidy" else mul(constant, s.expr),
                s.under_limit,
                s.values,
                s.kind,
            )
            for s in found
        ]
        return [
            LimitStep(
                "limit-constant", mul(constant, _quotient(g, x, h)), values=(("c", constant),)
            ),
            *scaled,
        ]
    raise NoRuleError(
        f"{f} from the definition",
        f"the algebra is beyond the planner, which knows {COVERED}; derive(f) gives the "
        "derivative by the rules",
    )


# -- checks --------------------------------------------------------------------------------
_XS = ("0.7", "1.3", "2.2")
_HS = ("1e-9", "-1e-9")


def _limit_holds(before: Expr, after: Expr, x: str, h: str, params: dict[str, Any]) -> Verdict:
    """``before`` at h = ±10⁻⁹ against ``after``, at three values of x."""
    agreed = 0
    with mpmath.workdps(40):
        for x_text in _XS:
            target = numeric_value(after, {**params, x: mpmath.mpf(x_text)})
            if target is None:
                continue
            for h_text in _HS:
                near = numeric_value(
                    before, {**params, x: mpmath.mpf(x_text), h: mpmath.mpf(h_text)}
                )
                if near is None:
                    continue
                if abs(near - target) > mpmath.mpf("1e-6") * max(1, abs(target)):
                    return Verdict("mismatch", "limit-mismatch")
                agreed += 1
    if agreed < 3:
        return Verdict("undecided", "limit-undecided")
    return Verdict("verified", "limit-verified")


def _check_steps(
    quotient: Expr, steps: list[LimitStep], x: str, h: str, params: dict[str, Any]
) -> tuple[Verdict, ...]:
    verdicts: list[Verdict] = []
    previous = quotient
    for step in steps:
        if step.kind == "limit":
            verdicts.append(_limit_holds(previous, step.expr, x, h, params))
        else:
            same = equivalent(previous, step.expr)
            verdicts.append(Verdict(same.status, f"limit-{same.status}"))
        previous = step.expr
    return tuple(verdicts)


def derive_by_definition(
    expr: Expr | str, var: Expr | str | None = None, *, verify: bool = True, **options: Any
) -> LimitDerivation:
    """f′ from the limit of the difference quotient, step by step (see the module)."""
    tree = as_expression(expr, functions=options.get("functions", ()))
    names = free_names(tree)
    variable = as_variable(
        var if var is not None else ("x" if "x" in names or not names else sorted(names)[0])
    )
    h = Sym("h")
    while h.name in names:
        h = Sym(h.name + "_")
    quotient = _quotient(tree, variable, h)
    steps = [LimitStep("limit-quotient", quotient, kind="start"), *_plan(tree, variable, h)]
    if not verify:
        undecided = Verdict("undecided", "not-verified")
        return LimitDerivation(
            tree, variable, h, tuple(steps), tuple(undecided for _ in steps[1:]), undecided
        )
    x = str(variable)
    params = parameter_values(tree, {x})
    checks = _check_steps(quotient, steps[1:], x, h.name, params)
    by_rules = equivalent(steps[-1].expr, diff(tree, variable))
    check = Verdict(by_rules.status, f"limit-{by_rules.status}")
    return LimitDerivation(tree, variable, h, tuple(steps), checks, check)
