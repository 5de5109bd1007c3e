"""The rest of a calculus course, worked and verified: implicit differentiation to the
second order (circle, ellipse, folium of Descartes, x^y = y^x) and a tangent to a curve,
a cycloid, derivatives from first principles, exact values and tangent lines at exact
points, a Laplacian, Hessians (a quadratic form, Rosenbrock's function), a
Jacobian, Taylor polynomials and the gradient as NumPy code.

Run: python examples/calculus_course.py [--lang ja]
"""

from __future__ import annotations

import sys

from symderiv import (
    derive,
    derive_implicit,
    derive_parametric,
    hessian,
    jacobian,
    laplacian,
    taylor,
)
from symderiv.render.code import to_code

LANG = "ja" if "--lang" in sys.argv and sys.argv[-1] == "ja" else "en"


def section(title: str) -> None:
    print(f"\n{'=' * 72}\n{title}\n{'=' * 72}")


def main() -> int:
    problems = 0

    section("Implicit differentiation")
    for equation in ("x^2 + y^2 = 25", "x^2/4 + y^2/9 = 1", "x^3 + y^3 = 6 x y", "x^y = y^x"):
        d = derive_implicit(equation, order=2)
        print(f"{equation:<20} y′ = {d.first}")
        print(f"{'':<20} y″ = {d.result}   [{d.status}]")
        problems += not d.verified
    print()
    print(derive_implicit("x^2 + y^2 = 25", order=2).to_text(LANG))

    section("A parametric curve: the cycloid x = t − sin t, y = 1 − cos t")
    cycloid = derive_parametric("t - sin t", "1 - cos t", "t", order=2)
    print(cycloid.to_text(LANG))
    problems += not cycloid.verified

    section("Exact values at exact points")
    for f, point in (
        ("x^(sin x)", "pi/2"),
        ("sin x", "pi/3"),
        ("sqrt(x)", "1/3"),
        ("x^3", "sqrt(2)"),
    ):
        value = derive(f).at(x=point)
        print(value)
        problems += not value.verified

    section("Hessians and a Jacobian")
    for f in ("x^2 + 3 x y + 2 y^2", "(1 - x)^2 + 100 (y - x^2)^2"):
        h = hessian(f, "x, y")
        print(f"H({f}) = {[[str(c) for c in row] for row in h.matrix]}   [{h.status}]")
        problems += not h.verified
    polar = jacobian(["r cos(theta)", "r sin(theta)"], "r, theta")
    print("\n".join(polar.to_text(LANG).splitlines()[-3:]))
    problems += not polar.verified

    section("From first principles")
    for f in ("x^2", "sqrt(x)", "sin x", "e^x", "ln x"):
        d = derive(f, method="limit")
        print(f"{f:<8} f′ = {d.result}   [{d.status}]")
        problems += not d.verified
    print()
    print(derive("sqrt(x)", method="limit").to_text(LANG))

    section("The tangent to the circle x² + y² = 25 at (3, 4)")
    print(derive_implicit("x^2 + y^2 = 25").at(x=3, y=4).to_text(LANG))

    section("A Laplacian")
    harmonic = laplacian("ln(x^2 + y^2)", "x, y")
    print(f"∇² ln(x² + y²) = {harmonic.result}   [{harmonic.status}]")
    problems += not harmonic.verified

    section("Taylor polynomials")
    for f, a, n in (("e^x sin x", 0, 5), ("ln(1 + x)", 0, 4), ("(1 + x)^alpha", 0, 3)):
        t = taylor(f, "x", a, n)
        print(f"{f:<16} ≈ {t.polynomial}   [{t.status}]")
        problems += not t.verified

    section("The Hessian of Rosenbrock's function as NumPy code")
    print(
        to_code(hessian("(1 - x)^2 + 100 (y - x^2)^2", "x, y", verify=False), "numpy", name="hess")
    )

    print(f"\n{problems} result(s) not verified")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
