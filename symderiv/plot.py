"""``--plot``: f and f′ on one figure, with the tangent line at a point (needs the
optional extra ``symderiv[plot]``, matplotlib)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import SymDerivError
from .numeric import NumericError, evaluate

if TYPE_CHECKING:
    from .steps import Derivation

__all__ = ["plot_derivation"]


def plot_derivation(derivation: Derivation, path: str, point: dict[str, Any] | None = None) -> None:
    """Draw f and f′ over an interval around the point (default [-3, 3]) into ``path``."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise SymDerivError("plotting needs matplotlib: pip install 'symderiv[plot]'") from error
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
    axes.plot(xs, values(derivation.source), label=f"f = {derivation.source}")
    axes.plot(xs, values(derivation.result), label=f"f′ = {derivation.result}")
    if point and derivation.order == 1:
        tangent = derivation.at(**point).tangent
        if tangent is not None:
            axes.plot(xs, values(tangent), "--", label=f"tangent at {name} = {centre:g}")
    axes.axhline(0, color="grey", linewidth=0.5)
    axes.legend()
    figure.savefig(path)
    plt.close(figure)
