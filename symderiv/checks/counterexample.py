"""A point that shows an answer wrong, chosen so that a person can check it.

The simplest point where both the answer and the derivative are defined and differ:
small integers first, then simple fractions, then multiples of π (for trigonometric
functions those give values a person knows).  Both values are written exactly where a
short exact form exists (``2e``, ``3e``, ``−1/4``, ``√3/2``), with a decimal beside any
that is not a plain number.

>>> from fractions import Fraction
>>> from symderiv.parse import parse
>>> x = parse("x")
>>> point = Counterexample({"x": parse("1")}, parse("2*x*e^x"), parse("x^2 e^x + 2x e^x"))
>>> print(point)
at x = 1: your answer gives 2e (≈ 5.43656), the derivative is 3e (≈ 8.15485)
>>> print(point.text("ja"))
x = 1 のとき: あなたの答えは 2e (≈ 5.43656)、正しい導関数は 3e (≈ 8.15485)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

from ..bridge import ConversionError, from_sympy, to_sympy
from ..expr import PI, Call, Div, Expr, Mul, Neg, Num, Pow, Sym, free_names, postorder, substitute
from ..functions import FUNCTIONS
from ..guard import real_value, real_values
from ..render.messages import language
from ..render.pretty import to_pretty
from ..rules.base import constant_value
from ..sandbox import run
from ..simplify import tidy
from ..verify.transport import pack, unpack
from .difference import visible_difference

__all__ = ["CANDIDATES", "Counterexample", "simplest_point"]

_INTEGERS = (0, 1, -1, 2, -2, 3, -3)
_FRACTIONS = (
    Fraction(1, 2),
    Fraction(-1, 2),
    Fraction(1, 3),
    Fraction(-1, 3),
    Fraction(3, 2),
    Fraction(-3, 2),
    Fraction(2, 3),
    Fraction(1, 4),
    Fraction(3, 4),
    Fraction(5, 2),
)
_PI_MULTIPLES = (
    Fraction(1, 6),
    Fraction(1, 4),
    Fraction(1, 3),
    Fraction(1, 2),
    Fraction(2, 3),
    Fraction(3, 4),
    Fraction(5, 6),
    Fraction(1),
    Fraction(-1, 6),
    Fraction(-1, 4),
    Fraction(-1, 3),
    Fraction(-1, 2),
    Fraction(3, 2),
    Fraction(2),
)


def _number(value: Fraction) -> Expr:
    return Num(value)


#: The values tried for each variable, simplest first.
CANDIDATES: tuple[Expr, ...] = (
    *(_number(Fraction(v)) for v in _INTEGERS),
    *(_number(v) for v in _FRACTIONS),
)


#: Tried after :data:`CANDIDATES` when the functions are trigonometric.
def _times_pi(value: Fraction) -> Expr:
    """``value``·π as a person writes it: π/6, 2π/3, −π/4, 3π/2."""
    top = PI if abs(value.numerator) == 1 else Mul(Num(abs(value.numerator)), PI)
    written = top if value.denominator == 1 else Div(top, Num(value.denominator))
    return Neg(written) if value < 0 else written


PI_CANDIDATES: tuple[Expr, ...] = tuple(_times_pi(v) for v in _PI_MULTIPLES)

#: Longest exact form shown, in characters (a longer one is shown as a decimal).
SHOWN_EXACT = 40
#: Significant digits of the decimals shown.
SHOWN_DIGITS = 6
#: Digits the values at a point are computed to (more are never shown).
DIGITS_KNOWN = 30

_TEXT = {
    "en": "at {point}: your answer gives {answer}, the derivative is {derivative}",
    "ja": "{point} のとき: あなたの答えは {answer}、正しい導関数は {derivative}",
}
_UNDEFINED = {"en": "undefined", "ja": "定義されない"}
#: After two values that look alike to every digit shown: how much they differ by.
_DIFFER = {"en": "; the two differ by ≈ {gap}", "ja": "。両者の差は ≈ {gap}"}
#: Where the two differ when neither has a variable.
_EVERYWHERE = {"en": "every point", "ja": "すべての点"}
_STAND_INS = {
    "en": " (with {names} replaced by particular functions)",
    "ja": " ({names} を特定の関数に置き換えて)",
}


#: CPU seconds SymPy may take to write a value at a point exactly.
EXACT_BUDGET = 1.0


def _exact(expr: Expr) -> Expr | None:
    """The shortest exact form of a value at a point that we or SymPy find (SymPy knows
    cos(π/6) = √3/2), if it is short enough to show."""
    forms = []
    try:
        forms.append(tidy(expr))
    except Exception:  # an exact form is a nicety; the decimal is always shown
        pass
    if any(isinstance(node, Call) for node in postorder(expr)):
        try:
            packed = run(_sympy_value, pack(expr), seconds=EXACT_BUDGET)
        except Exception:  # over its time, or no SymPy: our own form, or the decimal
            packed = None
        if packed is not None:
            forms.append(unpack(packed))
    value = real_value(expr, {}, 30)
    forms = [form for form in forms if _same_value(form, value)]
    shown = [(len(to_pretty(form)), form) for form in forms]
    best = min(shown, key=lambda item: item[0], default=None)
    return best[1] if best is not None and best[0] <= SHOWN_EXACT else None


def _same_value(form: Expr, value: Any) -> bool:
    """Whether an exact ``form`` has the real ``value`` to 25 digits: a form is shown only
    when it is the value (a principal root's form of ∛(−10) would not be our −∛10)."""
    import mpmath

    found = real_value(form, {}, 30)
    if value is None or found is None:
        return False
    with mpmath.workdps(30):
        return bool(abs(found - value) <= mpmath.mpf(10) ** -25 * max(1, abs(value)))


def _sympy_value(data: bytes) -> bytes | None:
    """In the SymPy worker: the value as SymPy writes it (odd roots real roots, as ours
    are: ∛(−10) is −∛10), read back (``None`` when it has no counterpart in our trees)."""
    try:
        return pack(from_sympy(to_sympy(unpack(data), real=True)))
    except (ConversionError, RecursionError, TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Counterexample:
    """A point (``values``: name -> exact value) where ``answer`` and ``derivative``
    differ, with both of their values there."""

    values: dict[str, Expr]
    answer: Expr
    derivative: Expr
    #: Declared functions given particular stand-ins for the comparison (their values
    #: are those of the stand-ins, which the text says).
    stand_ins: tuple[str, ...] = ()

    def _at(self, expr: Expr) -> Expr:
        mapping: dict[Expr, Expr] = {Sym(name): value for name, value in self.values.items()}
        return substitute(expr, mapping)

    @property
    def answer_value(self) -> Expr | None:
        """The answer's exact value at the point (``None``: no short exact form)."""
        return _exact(self._at(self.answer))

    @property
    def derivative_value(self) -> Expr | None:
        return _exact(self._at(self.derivative))

    def _shown(self, expr: Expr, lang: str, digits: int | None = None) -> str:
        """A value as the text shows it: exact where a short exact form exists, with a
        decimal of :data:`SHOWN_DIGITS` digits beside it.  With ``digits`` (two values
        that look alike), the decimal has that many and no value is rounded to a
        nearby fraction (1 + e^(−1000) is not shown as 1)."""
        here = self._at(expr)
        number = real_value(here, {}, DIGITS_KNOWN)
        if number is None:
            return _UNDEFINED[lang]
        folded = constant_value(here)
        if folded is not None:
            exact: Expr | None = Num(folded)
        elif digits is None:
            exact = _rational(number) or _exact(here)
        else:
            exact = _exact(here)
        decimal = _decimal(number, digits or SHOWN_DIGITS)
        if exact is None:
            return f"≈ {decimal}"
        text = to_pretty(_power_of_ten(exact))
        if constant_value(exact) is not None and constant_value(exact).denominator == 1:  # type: ignore[union-attr]
            return text
        return text if text == decimal else f"{text} (≈ {decimal})"

    def _values(self, lang: str) -> tuple[str, str, str]:
        """The answer's and the derivative's values as shown, and what follows them:
        when their decimals look alike, as many digits as tell them apart (up to
        :data:`DIGITS_KNOWN`), and beyond that how much they differ by."""
        answer, derivative = self._at(self.answer), self._at(self.derivative)
        numbers = [real_value(side, {}, DIGITS_KNOWN) for side in (answer, derivative)]
        if None in numbers or _decimal(numbers[0]) != _decimal(numbers[1]):
            return self._shown(self.answer, lang), self._shown(self.derivative, lang), ""
        for digits in range(SHOWN_DIGITS + 2, DIGITS_KNOWN - 4, 2):
            if _decimal(numbers[0], digits) != _decimal(numbers[1], digits):
                return (
                    self._shown(self.answer, lang, digits),
                    self._shown(self.derivative, lang, digits),
                    "",
                )
        shown = (
            self._shown(self.answer, lang, SHOWN_DIGITS),
            self._shown(self.derivative, lang, SHOWN_DIGITS),
        )
        gap = visible_difference(answer, derivative)
        return (*shown, "" if gap is None else _DIFFER[lang].format(gap=_decimal(gap)))

    @property
    def where(self) -> str:
        """``x = 1`` (``x = π/6, a = 2``)."""
        return ", ".join(f"{name} = {to_pretty(value)}" for name, value in self.values.items())

    def text(self, lang: str | None = None) -> str:
        chosen = language(lang)
        point = self.where or _EVERYWHERE[chosen]
        if self.stand_ins:
            point += _STAND_INS[chosen].format(names=", ".join(self.stand_ins))
        answer, derivative, gap = self._values(chosen)
        return _TEXT[chosen].format(point=point, answer=answer, derivative=derivative) + gap

    def __str__(self) -> str:
        return self.text("en")

    def to_dict(self) -> dict[str, Any]:
        answer, derivative = self.answer_value, self.derivative_value
        return {
            "point": {name: str(value) for name, value in self.values.items()},
            "answer": None if answer is None else str(answer),
            "derivative": None if derivative is None else str(derivative),
            "answer_decimal": _decimal(real_value(self._at(self.answer), {}, 30)),
            "derivative_decimal": _decimal(real_value(self._at(self.derivative), {}, 30)),
        }


def _rational(value: Any) -> Expr | None:
    """A value within 10⁻²⁴ of a fraction of denominator at most 1000, as that fraction:
    ``cos(0)`` is shown as 1 (values are computed to 30 digits)."""
    import mpmath

    with mpmath.workdps(30):
        near = Fraction(mpmath.nstr(value, 28, strip_zeros=False)).limit_denominator(1000)
        if abs(value - mpmath.mpf(near.numerator) / near.denominator) < mpmath.mpf(10) ** -24 * max(
            1, abs(value)
        ):
            return Num(near)
    return None


def _decimal(value: Any, digits: int = SHOWN_DIGITS) -> str:
    import mpmath

    if value is None:
        return "undefined"
    text: str = mpmath.nstr(value, digits, min_fixed=-4, max_fixed=7)
    text = text[:-2] if text.endswith(".0") else text.replace(".0e", "e")
    return text.replace("-", "−")


def _power_of_ten(value: Expr) -> Expr:
    """A number ±10ⁿ with n beyond ±6 written as the power (10⁻³⁰, not
    1/1000000000000000000000000000000); any other value as it is."""
    number = constant_value(value) if isinstance(value, Num) else None
    if number is None or number == 0:
        return value
    size = abs(number)
    for exponent, whole in ((-1, 1 / size), (1, size)):
        if whole.denominator == 1 and whole.numerator > 10**6:
            digits = str(whole.numerator)
            if digits == "1" + "0" * (len(digits) - 1):
                written = Pow(Num(10), Num(exponent * (len(digits) - 1)))
                return Neg(written) if number < 0 else written
    return value


_TRIG_FAMILIES = ("trig", "inverse trig")


def _trigonometric(expr: Expr) -> bool:
    for node in postorder(expr):
        name = getattr(node, "name", None)
        spec = FUNCTIONS.get(name) if isinstance(name, str) else None
        if spec is not None and spec.family in _TRIG_FAMILIES:
            return True
    return False


def _assignments(names: list[str], values: tuple[Expr, ...]) -> Iterator[dict[str, Expr]]:
    """Assignments of ``values`` to ``names``, the simplest first (by the latest value
    any name takes, then by their sum)."""
    if len(names) > 2:
        values = values[:6]
    indices = sorted(
        product(range(len(values)), repeat=len(names)),
        key=lambda combo: (max(combo, default=0), combo),
    )
    for combo in indices:
        yield {name: values[i] for name, i in zip(names, combo, strict=True)}


def _in_domain(domain: Expr, point: dict[str, Expr]) -> bool:
    """Whether ``domain`` and every part of it is real at ``point``, each part evaluated
    there as it is written (not first rewritten by substitution, which would fold the
    0⁰ of 0ˣ at x = 0 to 1)."""
    floats: dict[str, float] = {}
    for name, value in point.items():
        number = real_value(value, {}, 30)
        if number is None:
            return False
        floats[name] = float(number)
    return real_values(domain, [floats])[0] is not None


def simplest_point(
    answer: Expr,
    derivative: Expr,
    shown: Expr,
    domain: Expr,
    var: Expr,
    differ: Callable[[Expr, Expr], bool | None],
    fallback: dict[str, Fraction] | None = None,
    stand_ins: tuple[str, ...] = (),
    at_a_kink: Callable[[dict[str, Expr]], bool] | None = None,
) -> Counterexample | None:
    """The simplest point where ``domain`` is real, ``answer`` and ``derivative`` both
    have values and ``differ(answer_there, derivative_there)`` says they differ (True),
    and that ``at_a_kink`` does not name (a point where the function may have no
    derivative, such as x = 0 for |x|: the value of the derivative's formula there is
    no derivative); the ``fallback`` point (exact) when no simple point does.
    ``shown`` is the derivative as the learner is shown it (equal to ``derivative``),
    whose value is written."""
    names = sorted(free_names(answer) | free_names(derivative) | free_names(domain))
    first = getattr(var, "name", None)
    if first in names:
        names.remove(first)
        names.insert(0, first)
    values = CANDIDATES + (PI_CANDIDATES if _trigonometric(domain) else ())
    near = _simple_near(fallback or {}, names)
    for point in (*_assignments(names, values), *near):
        mapping: dict[Expr, Expr] = {Sym(name): value for name, value in point.items()}
        if not _in_domain(domain, point):
            continue
        if at_a_kink is not None and at_a_kink(point):
            continue
        here = substitute(answer, mapping), substitute(derivative, mapping)
        if any(real_value(side, {}, 30) is None for side in here):
            continue
        if differ(*here):
            return Counterexample(point, answer, shown, stand_ins)
    if fallback is None:
        return None
    exact: dict[str, Expr] = {name: Num(value) for name, value in fallback.items()}
    return Counterexample(exact, answer, shown, stand_ins)


#: The farthest whole number tried on the way to a point found by sampling.
_FARTHEST = 60
#: Denominators of the simple values tried near a point found by sampling.
_NEAR_DENOMINATORS = (1, 2, 4, 10, 100)


def _simple_near(point: dict[str, Fraction], names: list[str]) -> list[dict[str, Expr]]:
    """Simple values toward and near ``point`` (a point where the two differ, found by
    sampling, perhaps far from the origin: x = −9741/1000), simplest first: the whole
    numbers from ±4 (:data:`CANDIDATES` have those within ±3) out to the point's,
    each coordinate no farther than its own (x = −4, −5, …, −10); then each coordinate
    rounded to a whole number (and the whole numbers either side), to halves, quarters,
    tenths and hundredths."""
    if not point or any(name not in point for name in names):
        return []
    made: list[dict[str, Expr]] = []
    seen: set[tuple[Fraction, ...]] = set()

    def keep(values: tuple[Fraction, ...]) -> None:
        if values not in seen:
            seen.add(values)
            made.append({name: Num(v) for name, v in zip(names, values, strict=True)})

    whole = [round(point[name]) for name in names]
    for step in range(len(_INTEGERS) // 2 + 1, min(max(map(abs, whole)), _FARTHEST) + 1):
        keep(tuple(Fraction(max(-step, min(step, w))) for w in whole))
    for denominator in _NEAR_DENOMINATORS:
        for shift in (0, -1, 1) if denominator == 1 else (0,):
            keep(
                tuple(
                    Fraction(round(point[name] * denominator) + shift, denominator)
                    for name in names
                )
            )
    return made
