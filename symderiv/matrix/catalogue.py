"""Documented gradients and Jacobians: The Matrix Cookbook (§2.4–2.8), the kinds of
examples matrixcalculus.org shows, and machine-learning losses — each with the textbook
answer, used by the tests, the benchmark and the examples.

Each entry: a label, where it comes from, the formula, the variable, the shapes, the
names declared symmetric, given facts, and the expected result as printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["CATALOGUE", "Example"]


@dataclass(frozen=True)
class Example:
    label: str
    source: str
    formula: str
    var: str
    shapes: Mapping[str, tuple[object, ...]]
    expected: str
    symmetric: tuple[str, ...] = ()
    given: tuple[str, ...] = field(default=())


_V = {"x": ("n",), "a": ("n",), "b": ("n",), "A": ("n", "n"), "B": ("n", "n")}

CATALOGUE: tuple[Example, ...] = (
    Example("linear form", "Cookbook §2.4.1", "a^T x", "x", _V, "a"),
    Example("bilinear in X", "Cookbook §2.4.1", "a^T X b", "X",
            {"a": ("m",), "X": ("m", "n"), "b": ("n",)}, "abᵀ"),
    Example("bilinear in Xᵀ", "Cookbook §2.4.1", "a^T X^T b", "X",
            {"a": ("n",), "X": ("m", "n"), "b": ("m",)}, "baᵀ"),
    Example("quadratic form", "Cookbook §2.4.2", "x^T A x", "x", _V,
            "(A + Aᵀ)x"),
    Example("symmetric quadratic form", "Cookbook §2.4.2", "x^T S x", "x",
            {"x": ("n",), "S": ("n", "n")}, "2Sx", symmetric=("S",)),
    Example("bᵀXᵀXc", "Cookbook §2.4.2", "b^T X^T X c", "X",
            {"b": ("n",), "c": ("n",), "X": ("m", "n")}, "X(cbᵀ + bcᵀ)"),
    Example("affine quadratic", "Cookbook §2.4.2", "(B x + b)^T C (D x + d)", "x",
            {"x": ("n",), "B": ("m", "n"), "b": ("m",), "C": ("m", "m"), "D": ("m", "n"),
             "d": ("m",)}, "BᵀC(Dx + d) + DᵀCᵀ(Bx + b)"),
    Example("least squares", "Cookbook §2.4.2; matrixcalculus.org", "\\|A x - b\\|^2", "x",
            {"x": ("n",), "A": ("m", "n"), "b": ("m",)}, "2Aᵀ(Ax − b)"),
    Example("trace", "Cookbook §2.5", "tr(X)", "X", {"X": ("n", "n")}, "I"),
    Example("trace of AXB", "Cookbook §2.5", "tr(A X B)", "X",
            {"A": ("p", "m"), "X": ("m", "n"), "B": ("n", "p")}, "AᵀBᵀ"),
    Example("trace quadratic", "Cookbook §2.5", "tr(X^T B X)", "X",
            {"X": ("n", "m"), "B": ("n", "n")}, "(B + Bᵀ)X"),
    Example("trace of XᵀX", "Cookbook §2.5", "tr(X^T X)", "X", {"X": ("m", "n")}, "2X"),
    Example("trace with inverse", "Cookbook §2.5", "tr(A X^{-1} B)", "X",
            {"A": ("p", "n"), "X": ("n", "n"), "B": ("n", "p")}, "−X⁻ᵀAᵀBᵀX⁻ᵀ"),
    Example("log det", "Cookbook §2.1", "\\log\\det X", "X",
            {"X": ("n", "n")}, "X⁻ᵀ"),
    Example("det", "Cookbook §2.1", "det(X)", "X", {"X": ("n", "n")}, "det(X)X⁻ᵀ"),
    Example("inverse quadratic", "Cookbook §2.2", "a^T X^{-1} b", "X",
            {"a": ("n",), "X": ("n", "n"), "b": ("n",)}, "−X⁻ᵀabᵀX⁻ᵀ"),
    Example("norm of a difference", "Cookbook §2.6", "\\|x - a\\|_2", "x",
            {"x": ("n",), "a": ("n",)}, "(x − a)/‖x − a‖"),
    Example("Frobenius norm", "Cookbook §2.7", "\\|X\\|_F^2", "X", {"X": ("m", "n")}, "2X"),
    Example("exponential of a quadratic form", "chain rule", "exp(-x^T A x)", "x",
            _V, "−exp(−xᵀAx)(A + Aᵀ)x"),
    Example("sum of exponentials", "chain rule", "sum(exp(x))", "x", _V, "exp(x)"),
    Example("log-sum-exp", "ML", "logsumexp(x)", "x", _V, "softmax(x)"),
    Example("least squares in W", "ML", "\\|W x - y\\|^2", "W",
            {"W": ("m", "n"), "x": ("n",), "y": ("m",)}, "2(Wx − y)xᵀ"),
    Example("ridge regression", "ML", "\\|X w - y\\|^2 + lambda \\|w\\|^2",
            "w", {"X": ("m", "n"), "w": ("n",), "y": ("m",)}, "2Xᵀ(Xw − y) + 2λw"),
    Example("logistic regression", "ML", "-y^T log(sigma(X w)) - (1 - y)^T log(1 - sigma(X w))",
            "w", {"X": ("m", "n"), "w": ("n",), "y": ("m",)}, "Xᵀ(σ(Xw) − y)"),
    Example("logistic loss (±1 labels)", "ML", "1^T log(1 + exp(-y ⊙ (X w)))",
            "w", {"X": ("m", "n"), "w": ("n",), "y": ("m",)}, "−Xᵀ(σ(−(y ⊙ (Xw))) ⊙ y)"),
    Example("softmax cross-entropy", "ML", "-y^T log(softmax(W x))", "W",
            {"W": ("m", "n"), "x": ("n",), "y": ("m",)}, "(softmax(Wx) − y)xᵀ",
            given=("1^T y = 1",)),
    Example("two-layer tanh network", "ML", "\\|W_2 tanh(W_1 x) - y\\|^2", "W_1",
            {"W_1": ("h", "n"), "W_2": ("m", "h"), "x": ("n",), "y": ("m",)},
            "2((W₂ᵀ(W₂ tanh(W₁x) − y)) ⊙ (𝟏 − tanh(W₁x)^∘2))xᵀ"),
    Example("Gaussian log-likelihood in μ", "ML",
            "-(1/2) (x - mu)^T Sigma^{-1} (x - mu) - (1/2) log det Sigma", "mu",
            {"x": ("n",), "mu": ("n",), "Sigma": ("n", "n")}, "Σ⁻¹(x − μ)",
            symmetric=("Sigma",)),
    Example("Gaussian log-likelihood in Σ", "ML",
            "-(1/2) (x - mu)^T Sigma^{-1} (x - mu) - (1/2) log det Sigma", "Sigma",
            {"x": ("n",), "mu": ("n",), "Sigma": ("n", "n")},
            "(1/2)Σ⁻¹(x − μ)(x − μ)ᵀΣ⁻¹ − (1/2)Σ⁻¹", symmetric=("Sigma",)),
    # The documented input examples of matrixcalculus.org, in its notation (a^b, of
    # scalars, left out).
    Example("½xᵀAx", "matrixcalculus.org", "0.5*x'*A*x", "x", {"x": ("n",), "A": ("n", "n")},
            "(1/2)(A + Aᵀ)x"),
    Example("A exp(x)", "matrixcalculus.org", "A*exp(x)", "x", {"A": ("m", "n"), "x": ("n",)},
            "A diag(exp(x))"),
    Example("sin(x)ᵀy", "matrixcalculus.org", "sin(x)'*y", "x", {"x": ("n",), "y": ("n",)},
            "y ⊙ cos(x)"),
    Example("(y ⊙ v)ᵀx", "matrixcalculus.org", "(y.*v)'*x", "x",
            {"x": ("n",), "y": ("n",), "v": ("n",)}, "y ⊙ v"),
    Example("‖Ax − y‖₂²", "matrixcalculus.org", "norm2(A*x - y)^2", "x",
            {"A": ("m", "n"), "x": ("n",), "y": ("m",)}, "2Aᵀ(Ax − y)"),
    Example("logistic loss", "matrixcalculus.org", "sum(log(exp(-y.*(X*w)) + 1))", "w",
            {"X": ("m", "n"), "w": ("n",), "y": ("m",)}, "−Xᵀ(σ(−(y ⊙ (Xw))) ⊙ y)"),
    Example("tr(AXᵀBXC)", "matrixcalculus.org", "tr(A*X'*B*X*C)", "X",
            {"A": ("p", "m"), "X": ("n", "m"), "B": ("n", "n"), "C": ("m", "p")},
            "BXCA + BᵀXAᵀCᵀ"),
    Example("log det(X⁻¹)", "matrixcalculus.org", "log(det(inv(X)))", "X", {"X": ("n", "n")},
            "−X⁻ᵀ"),
    Example("Jacobian of an affine map", "Cookbook §2.4.1", "A x + b", "x",
            {"A": ("m", "n"), "x": ("n",), "b": ("m",)}, "A"),
    Example("Jacobian of a tanh layer", "ML", "tanh(W x)", "x",
            {"W": ("m", "n"), "x": ("n",)}, "diag(𝟏 − tanh(Wx)^∘2)W"),
    Example("Jacobian of softmax", "ML", "softmax(x)", "x", {"x": ("n",)},
            "diag(softmax(x)) − softmax(x) softmax(x)ᵀ"),
)  # fmt: skip
