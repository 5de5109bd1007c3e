"""A learner's answer to "differentiate this", judged against an independent reference.

The reference is SymPy's derivative of the input, built from our tree with
:func:`~symderiv.bridge.to_sympy` and read back (our own derivation is shown to the
learner, but the verdict does not rest on it alone).  Declared functions (``f``, ``g``)
get concrete stand-ins, a different one for each name, on both sides.

The two are compared at points of the input's real domain:

* **exactly**, with rational arithmetic, at rational points where both sides are
  rational functions;
* otherwise at 50 significant digits and again at 100: a difference that stays the same
  at both precisions is real (``2x + 10⁻¹⁹`` is not the derivative of ``x²``), one that
  shrinks with the precision is rounding; one that 100 digits show and 50 do not is
  asked again at 200 (``cos x + 10⁻⁶⁰·x`` is not the derivative of sin x).

The points are drawn from ranges within [−12, 15], and then one is put in each analytic
piece of the real line they have not reached, between the zeros of the arguments where a
formula has a kink or changes branch (|u|, ∛u, sign, relu, max, a divisor, a logarithm:
:mod:`symderiv.checks.pieces`): |x + 4|′ is −1 for x < −4.  Points where the input is
not real are not judged: ``1/|x|`` is the derivative of ``ln x`` on its domain, x > 0.
Three agreeing points and no disagreeing one make an answer correct; a disagreeing
point makes it wrong; anything less is undecided.  An answer that agrees to within
rounding everywhere, written otherwise than the derivative and with a part of extreme
size, is also subtracted from it by SymPy (:mod:`symderiv.checks.difference`):
``eˣ + e^(−1000)`` is not the derivative of eˣ, though no 100 digits show it.

A wrong answer comes with the simplest point that shows it wrong, both values written
exactly (:mod:`symderiv.checks.counterexample`), never where the derivative may not
exist nor where a step's condition fails (a = 0 for aˣ), and a diagnosis: the typical mistake
that explains it, if one does (:mod:`symderiv.checks.mistakes`).  An answer in a
variable the function does not have is refused (:class:`~symderiv.errors.VariableError`),
not judged.

>>> wrong = check_answer("x^2 e^x", "2x e^x")
>>> print(wrong.point)
at x = 1: your answer gives 2e (≈ 5.43656), the derivative is 3e (≈ 8.15485)
>>> wrong.diagnosis.rule, wrong.diagnosis.mistake
('product', 'product-missing-term')

>>> check_answer("x^2", "2*x").status
'verified'
>>> check_answer("x^2", "2*x + 10^-19").status
'mismatch'
>>> check_answer("ln(x)", "1/abs(x)").status
'verified'
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..bridge import ConversionError, from_sympy, to_sympy
from ..engine import undefined_parts
from ..errors import VariableError
from ..expr import (
    Add,
    Call,
    Div,
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    fold,
    free_names,
    postorder,
    rebuild,
    substitute,
)
from ..functions import FUNCTIONS
from ..guard import real_value, real_values
from ..numeric import MPMATH_FUNCTIONS
from ..parse.definitions import NamedDerivative, named_derivative
from ..pipeline import as_expression, derive
from ..render.messages import language
from ..render.pretty import to_pretty
from ..sandbox import Overrun, run
from ..simplify import tidy
from ..simplify.moves import same_up_to_order
from ..verify import DEFAULT_BUDGET
from ..verify.transport import pack, unpack
from .conditions import broken_condition, step_conditions
from .counterexample import Counterexample, simplest_point
from .difference import DIFFERENT, exact_difference, may_hide_a_difference, visible_difference
from .mistakes import Diagnosis, diagnose
from .pieces import MOST_PIECES, breakpoints, edges, piece_points
from .points import broken_kink, kink_conditions
from .real_roots import real_reading

if TYPE_CHECKING:
    from ..steps import Derivation

__all__ = ["AnswerCheck", "check_answer", "same_on_domain"]

#: Ranges the sample points are drawn from (as rationals), in turn.
SAMPLE_RANGES: tuple[tuple[Fraction, Fraction], ...] = (
    (Fraction(1, 10), Fraction(9, 10)),
    (Fraction(11, 10), Fraction(3)),
    (Fraction(-9, 10), Fraction(-1, 10)),
    (Fraction(-3), Fraction(-11, 10)),
    (Fraction(3), Fraction(7)),
    (Fraction(-12), Fraction(-3)),
    (Fraction(7), Fraction(15)),
)
POINTS_NEEDED = 3
ATTEMPTS = 35
DIGITS = 50
#: A difference is real when it agrees with itself at both precisions to this much.
STABLE = Fraction(1, 10**6)


@dataclass(frozen=True)
class AnswerCheck:
    """Is ``answer`` the derivative?  Truthy only when it is shown equal to it.

    ``derivation`` is our derivation of the input (what the learner is shown);
    ``point`` the simplest point where the answer and the derivative differ, when they
    do, with both values there (a :class:`~symderiv.checks.counterexample.Counterexample`);
    ``diagnosis`` what went wrong (``None`` unless the answer is wrong);
    ``detail`` how the verdict was reached or why none was.
    """

    status: str
    answer: Expr
    derivation: Derivation
    point: Counterexample | None = None
    detail: str = ""
    diagnosis: Diagnosis | None = None

    def __bool__(self) -> bool:
        return self.status == "verified"

    @property
    def correct(self) -> bool:
        return self.status == "verified"

    def summary(self, lang: str | None = "en") -> str:
        """The verdict in a sentence or two, in ``lang`` (English unless asked)."""
        chosen = language(lang)
        words = _SUMMARY[chosen]
        answer, result = to_pretty(self.answer), to_pretty(self.derivation.result)
        if self.status == "verified":
            detail = _in_language(self.detail, chosen)
            return words["verified"].format(answer=answer, result=result) + (
                f" ({detail})" if detail else ""
            )
        if self.status == "mismatch":
            where = f"; {self.point.text(chosen)}" if self.point is not None else ""
            why = f"\n{self.diagnosis.message_in(chosen)}" if self.diagnosis is not None else ""
            return words["mismatch"].format(result=result) + where + why
        return words["undecided"].format(answer=answer, detail=self.detail)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The verdict, the point, both values and the diagnosis, as JSON-ready data."""
        return {
            "function": str(self.derivation.source),
            "variable": str(self.derivation.var),
            "answer": str(self.answer),
            "derivative": str(self.derivation.result),
            "status": self.status,
            "correct": self.correct,
            "summary": self.summary(lang),
            "point": None if self.point is None else self.point.to_dict(),
            "where": None if self.point is None else self.point.text(lang),
            "diagnosis": None if self.diagnosis is None else self.diagnosis.to_dict(lang),
            "detail": self.detail,
        }


_SUMMARY = {
    "en": {
        "verified": "correct: {answer} equals the derivative {result}",
        "mismatch": "not correct: the derivative is {result}",
        "undecided": "could not decide whether {answer} is the derivative ({detail})",
    },
    "ja": {
        "verified": "正解: {answer} は導関数 {result} に等しい",
        "mismatch": "不正解: 導関数は {result}",
        "undecided": "{answer} が導関数かどうか判定できませんでした ({detail})",
    },
}


#: How a right answer was confirmed, said in Japanese: (English pattern, Japanese).
_JAPANESE_DETAILS = (
    (r"equal at (\d+) points of the real domain", r"実数の定義域の \1 点で一致"),
    (r"exact rational arithmetic", "有理数による厳密な計算"),
    (r"(\d+) and (\d+) digits", r"\1 桁と \2 桁"),
)


def _in_language(detail: str, lang: str) -> str:
    """A verified answer's detail in ``lang`` (the English detail rewritten phrase by
    phrase for Japanese)."""
    if lang != "ja":
        return detail
    for pattern, japanese in _JAPANESE_DETAILS:
        detail = re.sub(pattern, japanese, detail)
    return detail


def check_answer(
    expr: Expr | str,
    answer: Expr | str,
    var: Expr | str | None = None,
    *,
    functions: Iterable[str] = (),
    budget: float = DEFAULT_BUDGET,
) -> AnswerCheck:
    """Compare a learner's ``answer`` with the derivative of ``expr`` (see the module)."""
    declared = tuple(functions)
    derivation = derive(expr, var, verify=False, functions=declared)
    if isinstance(answer, str):
        named = named_derivative(answer)
        if named is not None:  # y' = 2x, dy/dx = 2x, f'(x) = 2x: the answer after the =
            _refuse_another_derivative(named, derivation)
            answer = named.formula
    given = as_expression(answer, functions=declared)
    _refuse_new_variables(given, derivation)
    stand_ins = StandIns()
    source = stand_ins.apply(derivation.source)
    reference, detail = _reference(source, derivation, stand_ins, budget)
    concrete = real_reading(stand_ins.apply(_without_value(given)))
    kinks = kink_conditions(derivation)
    conditions = step_conditions(derivation)

    def at_a_kink(point: dict[str, Expr]) -> bool:
        bound: dict[Expr, Expr] = {Sym(name): value for name, value in point.items()}
        return broken_kink(kinks, bound) is not None

    def excluded(point: dict[str, Expr]) -> bool:
        """A point not shown as a counterexample: a possible kink, or one where a step's
        condition fails (a = 0 for aˣ, whose rule needs a > 0; x = 0 for √(x²))."""
        bound: dict[Expr, Expr] = {Sym(name): value for name, value in point.items()}
        return at_a_kink(point) or broken_condition(conditions, bound) is not None

    judged: list[dict[str, Fraction]] = []
    var_name = getattr(derivation.var, "name", None)
    verdict, point, how = same_on_domain(
        concrete, reference, source, at_a_kink=at_a_kink, judged=judged, var=var_name
    )
    tiny = verdict == "verified" and _tiny_difference(concrete, reference, derivation, judged)
    if tiny:
        verdict, point, how = "mismatch", _floats(judged[0]), TINY_DETAIL
    detail = "; ".join(filter(None, (detail, how)))
    if verdict != "mismatch":
        return AnswerCheck(verdict, given, derivation, None, detail)

    def differ(a: Expr, b: Expr) -> bool:
        return _equal_at(a, b, {}) is False or (tiny and visible_difference(a, b) is not None)

    shown = simplest_point(
        concrete,
        reference,
        stand_ins.apply(derivation.result),
        source,
        derivation.var,
        differ,
        {name: Fraction(value).limit_denominator(10**6) for name, value in (point or {}).items()},
        tuple(sorted(stand_ins.names)),
        excluded,
    )
    diagnosis = None
    if derivation.order == 1:
        diagnosis = diagnose(
            derivation.step,
            concrete,
            source,
            lambda a, b: (
                same_on_domain(a, stand_ins.apply(b), source, at_a_kink=at_a_kink, var=var_name)[0]
                == "verified"
            ),
            stand_ins.apply,
            as_written=given,
        )
    return AnswerCheck(verdict, given, derivation, shown, detail, diagnosis)


#: What an answer's part with no value is written as: 1/0, which has no value either.
_NO_VALUE = Div(Num(1), Num(0))


def _without_value(answer: Expr) -> Expr:
    """``answer`` with each part without letters that has no value anywhere (``csc(π)``,
    ``ln 0``, ``1/0``: :func:`~symderiv.engine.undefined_parts`) written 1/0, which no
    evaluation gives a value, as the answer has none: in floating point csc(π) is a
    huge number (1/sin of π rounded), beside which a wrong term would be lost.  The
    parts above are rebuilt as written, so that 0·csc(π) is not folded to 0."""
    marked = {node for node, _problem in undefined_parts(answer) if not free_names(node)}
    if not marked:
        return answer

    def combine(node: Expr, children: list[Expr]) -> Expr:
        if node in marked:
            return _NO_VALUE
        if list(node.children) == children:
            return node
        replaced = iter(children)
        return type(node)(*(next(replaced) if isinstance(a, Expr) else a for a in node.args))

    return fold(answer, combine)


#: How a difference too small for sampling to see was found.
TINY_DETAIL = "SymPy finds a difference too small for 50 and 100 digits to show"


def _tiny_difference(
    answer: Expr, reference: Expr, derivation: Derivation, judged: list[dict[str, Fraction]]
) -> bool:
    """Whether an answer that agrees with the reference at every sample point to within
    rounding differs from it by less than rounding shows (``eˣ + e^(−1000)``):
    :func:`~symderiv.checks.difference.exact_difference` at the first point judged,
    asked only when the comparison was not exact arithmetic, the answer, tidied, is
    not the reference or our own result as it stands, and a part of either has an
    extreme size at a point judged, where a difference could hide
    (:func:`~symderiv.checks.difference.may_hide_a_difference`)."""
    if not judged or (_rational(answer) and _rational(reference)):
        return False
    try:
        tidied = tidy(answer)
    except Exception:  # tidying is a shortcut only; SymPy then decides
        tidied = answer
    if any(
        same_up_to_order(form, known)
        for form in (tidied, answer)
        for known in (reference, derivation.result)
    ):
        return False
    if not may_hide_a_difference((answer, reference), judged):
        return False
    found, _index = exact_difference(answer, reference, judged[:1])
    return found == DIFFERENT


def _refuse_another_derivative(named: NamedDerivative, derivation: Derivation) -> None:
    """An answer written after a derivative of another order, or by another variable,
    than the one checked is refused (``y'' = 6x`` for a first derivative)."""
    variables = [str(level.var) for level in derivation.orders]
    if named.order != len(variables):
        raise VariableError(
            f"the answer gives {named.written}, a derivative of order {named.order}, where "
            f"the derivative checked is of order {len(variables)}"
        )
    wrong = [variable for variable in variables if variable != named.variable]
    if named.variable is not None and wrong:
        raise VariableError(
            f"the answer gives {named.written}, a derivative by {named.variable}, where the "
            f"derivative checked is by {wrong[0]}"
        )


def _refuse_new_variables(answer: Expr, derivation: Derivation) -> None:
    """An answer in a name that neither the function nor the variable has is refused: it
    is a typing slip or another problem's answer, not a wrong derivative."""
    known = free_names(derivation.source) | free_names(derivation.var)
    extra = sorted(free_names(answer) - known)
    if extra and not _free_of(answer, extra, derivation.source):
        names = ", ".join(extra)
        raise VariableError(
            f"the answer uses {names}, which the function {derivation.source} does not "
            f"have (is it a typing slip, or the answer to another problem?)"
        )


def _free_of(answer: Expr, names: list[str], domain: Expr) -> bool:
    """Whether ``answer`` is shown not to depend on ``names`` (``B(a + b·t)/(a + b·t)``
    does not depend on a or b): equal to itself with fixed values put in for them."""
    fixed: dict[Expr, Expr] = {
        Sym(name): Num(Fraction(13, 10) + Fraction(index, 7)) for index, name in enumerate(names)
    }
    return same_on_domain(answer, substitute(answer, fixed), domain)[0] == "verified"


def _reference(
    source: Expr, derivation: Derivation, stand_ins: StandIns, budget: float
) -> tuple[Expr, str]:
    """SymPy's derivative of the (concrete) input (its symbols real, its odd roots real
    roots: :func:`~symderiv.bridge.to_sympy`), read back, computed in the SymPy
    worker within ``budget`` CPU seconds; our own derivation's result where SymPy's
    cannot be had or read back (and the detail says so)."""
    ours = stand_ins.apply(derivation.result)
    try:
        packed = run(
            _sympy_derivative,
            pack((source, derivation.variables)),
            derivation.order,
            seconds=budget,
        )
    except Overrun:
        return ours, "compared with our derivation (SymPy's was over the time limit)"
    if packed is None:
        return ours, "compared with our derivation"
    reference = unpack(packed)
    if any(
        isinstance(node, Call) and node.name not in MPMATH_FUNCTIONS
        for node in postorder(reference)
    ):
        return ours, "compared with our derivation"
    return reference, ""


def _sympy_derivative(data: bytes, order: int) -> bytes | None:
    """The worker's half of :func:`_reference`: SymPy's derivative as our tree, packed
    (``None`` where it has no counterpart in our trees); ``data`` holds the source and the
    variable of each of the ``order`` differentiations (``x, y`` for ∂²/∂x∂y)."""
    import sympy

    source, variables = unpack(data)
    assert len(variables) == order
    try:
        derivative = sympy.diff(
            to_sympy(source, real=True), *(to_sympy(var, real=True) for var in variables)
        )
        return pack(from_sympy(derivative))
    except (ConversionError, RecursionError, TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------------------
# Stand-ins for declared functions
# ---------------------------------------------------------------------------------------
class StandIns:
    """A concrete function for each declared name, and its derivatives:
    ``f(t) = a·sin(b·t + c) + d·t² + g·t`` with coefficients drawn from a hash of the
    name, so different names get different functions."""

    def __init__(self) -> None:
        self.made: dict[tuple[str, int], Callable[[Expr], Expr]] = {}

    @property
    def names(self) -> frozenset[str]:
        """The declared functions given a stand-in so far."""
        return frozenset(name for name, _order in self.made)

    def apply(self, expr: Expr) -> Expr:
        """``expr`` with every declared function (and ``f'``, ``f''``, …) replaced."""

        def combine(node: Expr, children: list[Expr]) -> Expr:
            rebuilt = rebuild(node, children)
            if isinstance(rebuilt, Call) and _is_declared(rebuilt.name):
                name = rebuilt.name.rstrip("'")
                order = len(rebuilt.name) - len(name)
                return self._function(name, order)(rebuilt.arg)
            return rebuilt

        return fold(expr, combine)

    def _function(self, name: str, order: int) -> Callable[[Expr], Expr]:
        key = (name, order)
        if key not in self.made:
            self.made[key] = _stand_in(name, order)
        return self.made[key]


def _is_declared(name: str) -> bool:
    return name.rstrip("'") not in FUNCTIONS


def _stand_in(name: str, order: int) -> Callable[[Expr], Expr]:
    """The ``order``-th derivative of the stand-in of ``name``, as a function of its
    argument (differentiated by SymPy, independently of our rules)."""
    import sympy

    rng = random.Random(hashlib.sha256(name.encode()).hexdigest())
    a, b, c, d, g = (
        sympy.Rational(rng.randint(3, 97), rng.randint(11, 53)) * rng.choice((1, -1))
        for _ in range(5)
    )
    t = sympy.Symbol("_t", real=True)
    body = sympy.diff(a * sympy.sin(b * t + c) + d * t**2 + g * t, t, order)
    tree = from_sympy(body)
    slot = Sym("_t")

    def write(argument: Expr) -> Expr:
        return substitute(tree, {slot: argument})

    return write


# ---------------------------------------------------------------------------------------
# Comparing two functions on a domain
# ---------------------------------------------------------------------------------------
def same_on_domain(
    answer: Expr,
    reference: Expr,
    domain: Expr,
    *,
    seed: str = "",
    at_a_kink: Callable[[dict[str, Expr]], bool] | None = None,
    judged: list[dict[str, Fraction]] | None = None,
    var: str | None = None,
) -> tuple[str, dict[str, float] | None, str]:
    """``(status, point, detail)``: whether ``answer`` equals ``reference`` wherever
    ``domain`` (say, the function differentiated) and all its parts are real, away
    from the points ``at_a_kink`` names (where the function may have no derivative).

    The points are drawn from :data:`SAMPLE_RANGES` in turn, a block of attempts per
    pattern of signs (:func:`_signs`), so that a domain such as −x·a > 0, which needs
    two variables of opposite signs, is reached; with several variables every name is
    given both signs before a verdict is reached.  Then each analytic piece of the
    real line that no point has reached gets one (:mod:`symderiv.checks.pieces`: the
    pieces between the zeros of |u|'s u, ∛u's u, a divisor, …, in each variable, the
    others held at the first real point): |x + 4|′ is −1 for x < −4, far from the
    ranges; the variable ``var`` (of differentiation) gets up to
    :data:`~symderiv.checks.pieces.MOST_PIECES` such points, any other name a quarter
    as many.  The points judged are added to ``judged`` (when given)."""
    names = sorted(free_names(answer) | free_names(reference) | free_names(domain))
    rng = random.Random(seed or f"{answer}|{reference}")
    exact = _rational(answer) and _rational(reference)
    agreeing = 0
    least = _least_attempts(len(names))
    real: list[dict[str, Fraction]] = [] if judged is None else judged

    def judge(point: dict[str, Fraction]) -> bool | str | None:
        """Equal (True), different (False), no verdict (None) or not judged (_SKIP)."""
        floats = {name: float(value) for name, value in point.items()}
        if not _real_throughout(domain, floats):
            return _SKIP
        if at_a_kink is not None and at_a_kink({k: Num(v) for k, v in point.items()}):
            return _SKIP
        real.append(point)
        verdict = _exactly_equal(answer, reference, point) if exact else None
        return _equal_at(answer, reference, point) if verdict is None else verdict

    for attempt in range(2 * ATTEMPTS):
        if attempt < ATTEMPTS:
            low, high = SAMPLE_RANGES[attempt % len(SAMPLE_RANGES)]
            signs = _signs(attempt // len(SAMPLE_RANGES), len(names))
            point = {
                name: sign * _rational_between(rng, low, high)
                for name, sign in zip(names, signs, strict=True)
            }
        elif real:  # a narrow domain: more points near those found real
            point = _near(rng, real[attempt % len(real)])
        else:
            break
        verdict = judge(point)
        if verdict is False:
            return "mismatch", _floats(point), ""
        agreeing += verdict is True
        if agreeing >= POINTS_NEEDED and attempt >= least - 1:
            break
    for point in _in_each_piece((answer, reference, domain), names, list(real), seed, var):
        verdict = judge(point)
        if verdict is False:
            return "mismatch", _floats(point), ""
        agreeing += verdict is True
    if agreeing >= POINTS_NEEDED:
        method = "exact rational arithmetic" if exact else f"{DIGITS} and {2 * DIGITS} digits"
        return "verified", None, f"equal at {agreeing} points of the real domain ({method})"
    if not real:
        return "undecided", None, "no sample point where the function is real"
    return "undecided", None, f"only {agreeing} sample point(s) gave a verdict"


#: What :func:`same_on_domain` makes of a point it does not judge.
_SKIP = "skip"


def _floats(point: dict[str, Fraction]) -> dict[str, float]:
    return {name: float(value) for name, value in point.items()}


def _in_each_piece(
    exprs: tuple[Expr, ...],
    names: list[str],
    sampled: list[dict[str, Fraction]],
    seed: str,
    var: str | None = None,
) -> list[dict[str, Fraction]]:
    """A point in each analytic piece, in each variable, that the ``sampled`` points
    have not reached (:func:`~symderiv.checks.pieces.piece_points`): the first sampled
    point with one coordinate moved."""
    found = edges(exprs)
    if not sampled or not found:
        return []
    base = sampled[0]
    held = _floats(base)
    points: list[dict[str, Fraction]] = []
    for name in names:
        cuts = breakpoints(found, name, held)
        on_line = [
            float(point[name])
            for point in sampled
            if all(point[other] == base[other] for other in names if other != name)
        ]
        most = MOST_PIECES if name == var or len(names) == 1 else MOST_PIECES // 4
        for value in piece_points(cuts, seed=f"{seed}|{name}", covered=on_line)[:most]:
            points.append({**base, name: value})
    return points


def _signs(block: int, count: int) -> tuple[int, ...]:
    """The signs ``count`` names are given in block ``block`` of attempts (each block
    one pass over :data:`SAMPLE_RANGES`): the first name keeps the range's sign, the
    k-th (k ≥ 1) takes the other sign where bit k − 1 of ``block`` is set.  Blocks 0–3
    give three names all eight sign patterns (the ranges have both signs).

    >>> [_signs(block, 3) for block in range(4)]
    [(1, 1, 1), (1, -1, 1), (1, 1, -1), (1, -1, -1)]
    """
    return tuple(1 if k == 0 or not (block >> (k - 1)) & 1 else -1 for k in range(count))


def _least_attempts(count: int) -> int:
    """Attempts made before a verdict of ``count`` names: one pass over the ranges,
    and with several names until each but the first has had the other sign alone
    (block 2^(k − 1) for the k-th), at most :data:`ATTEMPTS`."""
    passes = 1 if count < 2 else 1 + 2 ** (count - 2)
    return min(ATTEMPTS, passes * len(SAMPLE_RANGES))


def _near(rng: random.Random, point: dict[str, Fraction]) -> dict[str, Fraction]:
    """A point within a tenth (and a twentieth) of ``point`` in each coordinate: where
    the domain is narrow, more points are drawn beside those found in it."""
    return {
        name: value + (abs(value) / 10 + Fraction(1, 20)) * Fraction(rng.randint(-999, 999), 1000)
        for name, value in point.items()
    }


def _rational_between(rng: random.Random, low: Fraction, high: Fraction) -> Fraction:
    return low + (high - low) * Fraction(rng.randint(1, 999), 1000)


def _real_throughout(expr: Expr, point: dict[str, float]) -> bool:
    """Whether ``expr`` and every part of it is real at ``point`` (a part without a
    real value leaves the whole without one)."""
    return real_values(expr, [point])[0] is not None


_RATIONAL_NODES = (Num, Sym, Add, Mul, Div, Neg, Pow)


def _rational(expr: Expr) -> bool:
    """Whether ``expr`` is a rational function with small whole exponents."""
    for node in postorder(expr):
        if not isinstance(node, _RATIONAL_NODES):
            return False
        if isinstance(node, Pow) and not (
            isinstance(node.exp, Num) and node.exp.is_integer and -64 <= node.exp.value <= 64
        ):
            return False
    return True


def _exact_value(expr: Expr, point: dict[str, Fraction]) -> Fraction | None:
    def combine(node: Expr, children: list[Any]) -> Any:
        if isinstance(node, Num):
            return Fraction(node.value)
        if isinstance(node, Sym):
            return point[node.name]
        if isinstance(node, Add):
            return sum(children, Fraction(0))
        if isinstance(node, Mul):
            total = Fraction(1)
            for child in children:
                total *= child
            return total
        if isinstance(node, Neg):
            return -children[0]
        if isinstance(node, Div):
            return children[0] / children[1]
        return children[0] ** int(children[1])

    try:
        return fold(expr, combine)  # type: ignore[no-any-return]
    except ZeroDivisionError:
        return None


def _exactly_equal(a: Expr, b: Expr, point: dict[str, Fraction]) -> bool | None:
    left, right = _exact_value(a, point), _exact_value(b, point)
    if right is None:
        return None
    return left == right


def _difference(a: Expr, b: Expr, point: dict[str, Fraction], digits: int) -> Any:
    """``(a − b, size)`` at ``point`` to ``digits`` digits, ``size`` the larger of the
    two values' sizes; ``None`` where the reference ``b`` has no real value,
    ``"one-sided"`` where only ``b`` has one."""
    import mpmath

    values = [real_value(side, point, digits) for side in (a, b)]
    left, right = values
    if right is None:
        return None
    if left is None:
        return "one-sided"
    with mpmath.workdps(digits):
        return left - right, max(abs(left), abs(right))


#: A difference at 100 digits above this share of the values' size is more than
#: rounding of a well-conditioned formula: it is looked at again at 200 digits.
VISIBLE = Fraction(1, 10 ** (2 * DIGITS - 5))


def _equal_at(a: Expr, b: Expr, point: dict[str, Fraction]) -> bool | None:
    """Equal (True), different (False) or no verdict (None) at ``point``: a difference
    that is the same at 50 and 100 digits is real, unless it is below 10⁻¹⁰⁰ (σ(x^x) − 1
    is 0 at both where x^x is 10⁶: no verdict there); one that shrinks is rounding.  A
    difference that 50 digits do not show but 100 do, above rounding (cos x + 10⁻⁶⁰·x
    against cos x), is asked again at 200 digits: the same there, it is real."""
    import mpmath

    coarse = _difference(a, b, point, DIGITS)
    if coarse is None:
        return None
    if isinstance(coarse, str):
        return False
    found = _difference(a, b, point, 2 * DIGITS)
    if found is None or isinstance(found, str):
        return None
    coarse = coarse[0]
    fine, size = found
    with mpmath.workdps(2 * DIGITS):
        if fine == 0:
            return True
        if _stable(coarse, fine):
            return None if abs(fine) < mpmath.mpf(10) ** (-2 * DIGITS) else False
        if abs(fine) > size * mpmath.mpf(VISIBLE.numerator) / VISIBLE.denominator:
            return _equal_finer(a, b, point, fine)
        if abs(fine) < abs(coarse) * mpmath.mpf(10) ** (-DIGITS // 2) or coarse == 0:
            return True
    return None


def _stable(coarse: Any, fine: Any) -> bool:
    """Whether two precisions agree on a difference to :data:`STABLE` of it."""
    import mpmath

    return bool(abs(coarse - fine) <= abs(fine) * mpmath.mpf(STABLE.numerator) / STABLE.denominator)


def _equal_finer(a: Expr, b: Expr, point: dict[str, Fraction], fine: Any) -> bool | None:
    """The verdict on a difference ``fine`` seen at 100 digits but not at 50, from its
    value at 200: the same, it is real (False); much smaller, it was rounding (True)."""
    import mpmath

    found = _difference(a, b, point, 4 * DIGITS)
    if found is None or isinstance(found, str):
        return None
    finest = found[0]
    with mpmath.workdps(4 * DIGITS):
        if finest != 0 and _stable(fine, finest):
            return None if abs(finest) < mpmath.mpf(10) ** (-4 * DIGITS) else False
        if abs(finest) < abs(fine) * mpmath.mpf(10) ** (-DIGITS // 2):
            return True
    return None
