"""``--plot``: f and f′ on one figure, with the tangent line at a point (needs the
optional extra ``symderiv[plot]``, matplotlib)."""

from __future__ import annotations

import importlib.util
import itertools
import math
from typing import TYPE_CHECKING, Any

from .errors import SymDerivError
from .expr import free_names, sub
from .numeric import NumericError, evaluate
from .render.messages import language
from .render.pretty import to_pretty

if TYPE_CHECKING:
    from .steps import Derivation

__all__ = ["NEEDS_MATPLOTLIB", "kink_points", "plot_derivation", "require_matplotlib"]

#: What a plot asked for without matplotlib is told.
NEEDS_MATPLOTLIB = "plotting needs matplotlib: pip install 'symderiv[plot]'"


def require_matplotlib() -> None:
    """Raise :class:`~symderiv.errors.SymDerivError` when matplotlib is not installed (the
    command line asks before it derives, so nothing is printed first)."""
    if importlib.util.find_spec("matplotlib") is None:
        raise SymDerivError(NEEDS_MATPLOTLIB)


#: The words of a plot, in each language.
_WORDS = {
    "en": {"title": "f and its derivative f′", "tangent": "tangent at {where}",
           "kink": "f′ does not exist", "point": "the point {where}"},
    "ja": {"title": "f とその導関数 f′", "tangent": "{where} における接線",
           "kink": "f′ が存在しない点", "point": "点 {where}"},
}  # fmt: skip


def plot_derivation(
    derivation: Derivation,
    path: str,
    point: dict[str, Any] | None = None,
    lang: str | None = None,
) -> None:
    """Draw f and f′ over an interval around the point (default [-3, 3]) into ``path``:
    axis labels, title and legend in ``lang``; the y-range chosen from where the curves
    are (poles clipped, not stretched to); f′ drawn only where f is defined."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise SymDerivError(NEEDS_MATPLOTLIB) from error
    name = getattr(derivation.var, "name", "x")
    centre = float(point[name]) if point and name in point else 0.0
    xs = [centre - 3 + 6 * i / 400 for i in range(401)]

    def values(expr: Any) -> list[float]:
        out: list[float] = []
        for x in xs:
            try:
                value = complex(evaluate(expr, {name: x}, dps=15))
                out.append(value.real if abs(value.imag) < 1e-12 else float("nan"))
            except NumericError:
                out.append(float("nan"))
        return out

    figure, axes = plt.subplots()
    kinks = kink_points(derivation, xs)
    heights, slopes = values(derivation.source), values(derivation.result)
    for kink in kinks:  # no line drawn across a point where f′ does not exist (a jump)
        nearest = min(range(len(xs)), key=lambda i: abs(xs[i] - kink))
        heights[nearest] = slopes[nearest] = float("nan")
    words = _WORDS[_plot_language(lang, axes)]
    # f′ only where f is defined; a pole is a break in the line, not a vertical stroke
    slopes = [s if math.isfinite(h) else float("nan") for h, s in zip(heights, slopes, strict=True)]
    low, high = _interesting_range([heights, slopes])
    heights, slopes = _clipped(heights, low, high), _clipped(slopes, low, high)
    prime = "′" * derivation.order if derivation.order <= 3 else f"⁽{derivation.order}⁾"
    axes.plot(xs, heights, label=f"f = {_short(to_pretty(derivation.source))}")
    axes.plot(xs, slopes, label=f"f{prime} = {_short(to_pretty(derivation.result))}")
    if kinks:
        at = [_value(derivation.source, name, kink) for kink in kinks]
        axes.plot(kinks, at, "o", markerfacecolor="white", label=words["kink"])
        for kink in kinks:
            axes.axvline(kink, color="grey", linestyle=":", linewidth=0.8)
    if point and derivation.order == 1:
        tangent = derivation.at(**point).tangent
        if tangent is not None:
            where = f"{to_pretty(derivation.var)} = {centre:g}"
            line = _clipped(values(tangent), low, high)
            axes.plot(xs, line, "--", label=words["tangent"].format(where=where))
            touch = _value(derivation.source, name, centre)
            axes.plot(
                [centre],
                [touch],
                "o",
                color="black",
                label=words["point"].format(where=f"({centre:g}, {touch:.4g})"),
            )
    axes.axhline(0, color="grey", linewidth=0.5)
    axes.set_ylim(low, high)
    axes.set_xlabel(to_pretty(derivation.var))
    axes.set_ylabel("y")
    axes.set_title(words["title"])
    axes.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


#: Fonts with Japanese glyphs, in order of preference (the first installed one is used).
JAPANESE_FONTS = ("Noto Sans CJK JP", "IPAexGothic", "IPAPGothic", "IPAGothic", "Hiragino Sans",
                  "Yu Gothic", "Meiryo", "MS Gothic", "TakaoGothic", "VL Gothic")  # fmt: skip


def _plot_language(lang: str | None, axes: Any) -> str:
    """The language of the plot's words: Japanese when asked and a font has its glyphs
    (then used, with the default font for the rest), else English."""
    chosen = language(lang)
    if chosen != "ja":
        return chosen
    from matplotlib import font_manager, rcParams

    installed = {font.name for font in font_manager.fontManager.ttflist}
    japanese = [name for name in JAPANESE_FONTS if name in installed]
    if not japanese:
        return "en"
    rcParams["font.family"] = ["sans-serif"]
    rcParams["font.sans-serif"] = [*japanese[:1], *rcParams["font.sans-serif"]]
    return chosen


def _short(text: str, most: int = 48) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _interesting_range(curves: list[list[float]]) -> tuple[float, float]:
    """A y-range that shows where the curves are: the 5th to 95th percentile of their
    finite values, widened by a half on each side (a pole's huge values left out)."""
    finite = sorted(v for curve in curves for v in curve if math.isfinite(v))
    if not finite:
        return (-1.0, 1.0)
    low = finite[len(finite) * 5 // 100]
    high = finite[min(len(finite) - 1, len(finite) * 95 // 100)]
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    margin = (high - low) / 2
    return (
        max(low - margin, finite[0]) - 0.05 * margin,
        min(high + margin, finite[-1]) + 0.05 * margin,
    )


def _clipped(values: list[float], low: float, high: float) -> list[float]:
    """The values, with those far outside the range (near a pole) left undrawn."""
    span = high - low
    return [v if low - span <= v <= high + span else float("nan") for v in values]


def _value(expr: Any, name: str, at: float) -> float:
    try:
        value = complex(evaluate(expr, {name: at}, dps=15))
    except NumericError:
        return float("nan")
    return value.real if abs(value.imag) < 1e-12 else float("nan")


#: Most points where f′ does not exist that are marked (``floor`` over a wide range).
MOST_KINKS = 60


def kink_points(derivation: Derivation, xs: list[float]) -> list[float]:
    """The points of ``xs``'s range where f′ does not exist, from the conditions the
    steps state (:attr:`Condition.kink`, in the variable alone): where ``lhs ≠ rhs``
    fails (``lhs − rhs`` changes sign or vanishes) or ``u ∉ ℤ`` does (⌊u⌋ jumps), each
    found on the grid and narrowed by bisection.

    >>> from symderiv import derive
    >>> grid = [-1.5 + i / 100 for i in range(401)]
    >>> kink_points(derive("relu(x - 1) + floor(x)"), grid)
    [-1.0, 0.0, 1.0, 2.0]
    """
    name = getattr(derivation.var, "name", "x")
    found: set[float] = set()
    for step in derivation.all_steps():
        for condition in step.conditions:
            if not condition.kink or not free_names(condition.lhs) <= {name}:
                continue
            if condition.relation == "∉":
                jump = _floor_of(condition.lhs, name)
            else:
                difference = sub(condition.lhs, condition.rhs)
                jump = _sign_of(difference, name)
            found.update(_changes(jump, xs))
    return sorted(found)[:MOST_KINKS]


def _sign_of(expr: Any, name: str) -> Any:
    def sign(at: float) -> float:
        value = _value(expr, name, at)
        return value if value != value else float((value > 0) - (value < 0))

    return sign


def _floor_of(expr: Any, name: str) -> Any:
    def floor(at: float) -> float:
        value = _value(expr, name, at)
        return value if value != value else float(math.floor(value))

    return floor


def _changes(step: Any, xs: list[float]) -> list[float]:
    """Where the piecewise-constant ``step`` changes value between grid points (or is 0 at
    one, for a sign), narrowed to 1e-12 by bisection."""
    points: list[float] = []
    grid = sorted(xs)
    for low, high in itertools.pairwise(grid):
        a, b = step(low), step(high)
        if a != a or b != b:
            continue
        if a == 0 and step(low - 1e-9) != step(low + 1e-9):
            points.append(low + 0.0)
            continue
        if a == b:
            continue
        for _ in range(60):
            middle = (low + high) / 2
            if step(middle) == a:
                low = middle
            else:
                high = middle
        points.append(round((low + high) / 2, 12) + 0.0)
    return points
