"""Printing matrix expressions: Unicode text (xᵀ, A⁻¹, ‖v‖², ⊙, tr, det) and LaTeX
(``\\mathbf{x}^\\top``, ``\\operatorname{tr}``, ``\\lVert\\cdot\\rVert``).

Both printers are registered with :mod:`symderiv.matrix.nodes`, so ``str(node)`` and
``node.latex()`` use them.

>>> from .nodes import Var, MatMul, Transpose, Norm, Power
>>> from fractions import Fraction
>>> x = Var("x", "n"); A = Var("A", "n", "n")
>>> print(MatMul((Transpose(x), A, x)))
xᵀAx
>>> print(Power(Norm(x), Fraction(2)).latex())
\\lVert \\mathbf{x} \\rVert^{2}
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from .nodes import (
    PRINTERS,
    Add,
    Det,
    Diag,
    DiagPart,
    Dim,
    Div,
    Func,
    Hadamard,
    Identity,
    Inverse,
    MatMul,
    Node,
    Norm,
    Num,
    Ones,
    Power,
    Scale,
    SumAll,
    Trace,
    Transpose,
    Var,
    VecFunc,
    Zero,
    is_scalar,
    shape_of,
)

__all__ = ["GREEK", "dim_text", "display_name", "latex", "shape_latex", "shape_text", "text"]

#: Greek names the reader accepts, and their letters.
GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "phi": "φ", "psi": "ψ", "omega": "ω", "Sigma": "Σ", "Lambda": "Λ",
    "Theta": "Θ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "Gamma": "Γ", "Delta": "Δ",
}  # fmt: skip

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789-/", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᐟ")

#: Text names of the elementwise and vector functions.
_FUNC_TEXT = {"sigma": "σ", "step": "H", "logsumexp": "logsumexp", "softmax": "softmax"}
_FUNC_LATEX = {
    "exp": "\\exp", "log": "\\log", "sigma": "\\sigma", "tanh": "\\tanh", "sin": "\\sin",
    "cos": "\\cos", "sqrt": "\\operatorname{sqrt}", "relu": "\\operatorname{relu}",
    "softplus": "\\operatorname{softplus}", "step": "H", "softmax": "\\operatorname{softmax}",
    "logsumexp": "\\operatorname{logsumexp}",
}  # fmt: skip


def _split(name: str) -> tuple[str, str]:
    """A name's stem and numeric subscript: ``W1`` → (``W``, ``1``)."""
    stem = name.rstrip("0123456789")
    return stem, name[len(stem) :]


def display_name(name: str) -> str:
    """``Sigma`` → ``Σ``, ``W1`` → ``W₁``."""
    stem, digits = _split(name)
    return GREEK.get(stem, stem) + digits.translate(_SUB)


def dim_text(dim: Dim) -> str:
    return str(dim)


def shape_text(rows: Dim, cols: Dim) -> str:
    """``ℝⁿ``, ``ℝⁿˣⁿ``, ``ℝ`` (superscripts where Unicode has them)."""
    if (rows, cols) == (1, 1):
        return "ℝ"
    if cols == 1:
        body = dim_text(rows)
    else:
        body = f"{dim_text(rows)}×{dim_text(cols)}"
    sup = body.translate(str.maketrans("0123456789nmkpdrhijlst×", "⁰¹²³⁴⁵⁶⁷⁸⁹ⁿᵐᵏᵖᵈʳʰⁱʲˡˢᵗˣ"))
    plain = all(ch in "⁰¹²³⁴⁵⁶⁷⁸⁹ⁿᵐᵏᵖᵈʳʰⁱʲˡˢᵗˣ" for ch in sup)
    return "ℝ" + (sup if plain else f"^({body})")


def shape_latex(rows: Dim, cols: Dim) -> str:
    if (rows, cols) == (1, 1):
        return "\\mathbb{R}"
    body = f"{rows}" if cols == 1 else f"{rows} \\times {cols}"
    return f"\\mathbb{{R}}^{{{body}}}"


# Precedence levels: sum 1, product 2, unary minus 2, postfix 4, atom 5.
def _level(node: Node) -> int:
    if isinstance(node, Add):
        return 1
    if isinstance(node, (MatMul, Hadamard, Div)):
        return 2
    if isinstance(node, Scale):
        return 2
    if isinstance(node, Num):
        return 5 if node.value.denominator == 1 and node.value >= 0 else 2
    if isinstance(node, (Transpose, Inverse)):
        return 4
    if isinstance(node, Power) and not isinstance(node.base, Norm):
        return 4
    return 5


def _frac_text(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


class _Printer:
    """One printer: ``t`` for text, ``l`` for LaTeX (a few templates differ)."""

    def __init__(self, tex: bool) -> None:
        self.tex = tex

    def paren(self, node: Node, level: int) -> str:
        body = self.show(node)
        if _level(node) < level:
            return f"\\left({body}\\right)" if self.tex else f"({body})"
        return body

    def show(self, node: Node) -> str:
        return _TABLE[type(node)](self, node)

    # leaves
    def var(self, node: Var) -> str:
        if not self.tex:
            return display_name(node.name)
        stem, digits = _split(node.name)
        core = f"\\{stem}" if stem in GREEK else stem
        if (node.rows, node.cols) != (1, 1):
            core = f"\\boldsymbol{{{core}}}" if stem in GREEK else f"\\mathbf{{{core}}}"
        return core + (f"_{{{digits}}}" if digits else "")

    def num(self, node: Num) -> str:
        if self.tex and node.value.denominator != 1:
            sign = "-" if node.value < 0 else ""
            return f"{sign}\\frac{{{abs(node.value.numerator)}}}{{{node.value.denominator}}}"
        shown = _frac_text(node.value)
        return shown if self.tex else shown.replace("-", "−")

    def ones(self, _: Node) -> str:
        return "\\mathbf{1}" if self.tex else "𝟏"

    def identity(self, _: Node) -> str:
        return "\\mathbf{I}" if self.tex else "I"

    def zero(self, _: Node) -> str:
        return "\\mathbf{0}" if self.tex else "0"

    # operators
    def add(self, node: Add) -> str:
        out = self.show(node.terms[0])
        for term in node.terms[1:]:
            negative = _negated(term)
            if negative is not None:
                out += " - " if self.tex else " − "
                out += self.paren(negative, 2)
            else:
                out += " + " + self.show(term)
        return out

    def matmul(self, node: MatMul) -> str:
        if self.tex:
            return " ".join(self.paren(f, 3) for f in node.factors)
        out = self.paren(node.factors[0], 3)
        for factor in node.factors[1:]:
            out += (" " if _called(factor) else "") + self.paren(factor, 3)
        return out

    def scale(self, node: Scale) -> str:
        coef = node.coef
        body = self.paren(node.body, 3 if isinstance(node.body, (Hadamard, Div)) else 2)
        if isinstance(coef, Num):
            if coef.value == 1:
                return self.show(node.body)
            if coef.value == -1:
                return "-" + body if self.tex else "−" + body
            if coef.value.denominator != 1:
                if coef.value < 0:
                    return ("-" if self.tex else "−") + self.scale(
                        Scale(Num(-coef.value), node.body)
                    )
                shown = self.num(coef) if self.tex else f"({_frac_text(coef.value)})"
                return f"{shown} {body}" if self.tex else shown + body
            if coef.value < 0:
                return (
                    ("-" if self.tex else "−") + f"{-coef.value}" + (" " if self.tex else "") + body
                )
            return f"{coef.value}" + (" " if self.tex else "") + body
        shown = self.paren(coef, 3)
        gap = " " if self.tex or _called(node.body) else ""
        return shown + gap + body

    def transpose(self, node: Transpose) -> str:
        if isinstance(node.arg, Inverse):
            base = self.paren(node.arg.arg, 5)
            return base + ("^{-\\top}" if self.tex else "⁻ᵀ")
        return self.paren(node.arg, 5) + ("^\\top" if self.tex else "ᵀ")

    def inverse(self, node: Inverse) -> str:
        return self.paren(node.arg, 5) + ("^{-1}" if self.tex else "⁻¹")

    def power(self, node: Power) -> str:
        exp = node.exponent
        elementwise = not is_scalar(node.base)
        base = self.show(node.base) if isinstance(node.base, Norm) else self.paren(node.base, 5)
        if self.tex:
            shown = self.num(Num(exp))
            return f"{base}^{{\\circ {shown}}}" if elementwise else f"{base}^{{{shown}}}"
        text_exp = _frac_text(exp)
        if elementwise:
            return f"{base}^∘{text_exp}" if exp.denominator == 1 else f"{base}^∘({text_exp})"
        if exp.denominator == 1:
            return base + text_exp.translate(_SUP)
        return f"{base}^({text_exp})"

    def norm(self, node: Norm) -> str:
        sub = "_F" if shape_of(node.arg)[1] != 1 else ""
        if self.tex:
            return f"\\lVert {self.show(node.arg)} \\rVert" + ("_{\\mathrm{F}}" if sub else "")
        return f"‖{self.show(node.arg)}‖{sub}"

    def func(self, node: Func) -> str:
        if node.name == "log" and isinstance(node.arg, Det):
            inner = self.show(node.arg.arg)
            return f"\\log\\det\\left({inner}\\right)" if self.tex else f"log det({inner})"
        name = _FUNC_LATEX[node.name] if self.tex else _FUNC_TEXT.get(node.name, node.name)
        return self.call(name, node.arg)

    def call(self, name: str, arg: Node) -> str:
        if self.tex:
            return f"{name}\\left({self.show(arg)}\\right)"
        return f"{name}({self.show(arg)})"

    def vecfunc(self, node: VecFunc) -> str:
        return self.func(Func(node.name, node.arg))

    def hadamard(self, node: Hadamard) -> str:
        op = " \\odot " if self.tex else " ⊙ "
        left = self.show(node.left) if isinstance(node.left, Hadamard) else self.paren(node.left, 3)
        right = (
            self.show(node.right) if isinstance(node.right, Hadamard) else self.paren(node.right, 3)
        )
        return left + op + right

    def div(self, node: Div) -> str:
        if is_scalar(node.den) and self.tex:
            return f"\\frac{{{self.show(node.num)}}}{{{self.show(node.den)}}}"
        op = "/" if is_scalar(node.den) else (" \\oslash " if self.tex else " ⊘ ")
        return self.paren(node.num, 3) + op + self.paren(node.den, 4)

    def trace(self, node: Trace) -> str:
        return self.call("\\operatorname{tr}" if self.tex else "tr", node.arg)

    def det(self, node: Det) -> str:
        return self.call("\\det" if self.tex else "det", node.arg)

    def sumall(self, node: SumAll) -> str:
        return self.call("\\operatorname{sum}" if self.tex else "sum", node.arg)

    def diag(self, node: Node) -> str:
        assert isinstance(node, (Diag, DiagPart))
        return self.call("\\operatorname{diag}" if self.tex else "diag", node.arg)


def _called(node: Node) -> bool:
    """Whether the node prints as a named function, ``diag(…)``, so that juxtaposed after
    a name it needs a space: ``A diag(exp(x))``, not ``Adiag(exp(x))``."""
    if isinstance(node, MatMul):
        return _called(node.factors[0])
    if isinstance(node, (Transpose, Power)):
        return _called(node.arg if isinstance(node, Transpose) else node.base)
    return isinstance(node, (Func, VecFunc, Trace, Det, SumAll, Diag, DiagPart))


def _negated(term: Node) -> Node | None:
    """The positive part of a term printed with a minus sign, else ``None``."""
    if isinstance(term, Scale) and isinstance(term.coef, Num) and term.coef.value < 0:
        if term.coef.value == -1:
            return term.body
        return Scale(Num(-term.coef.value), term.body)
    if isinstance(term, Num) and term.value < 0:
        return Num(-term.value)
    return None


_TABLE: dict[type, Callable[[_Printer, Node], str]] = {
    Var: _Printer.var,  # type: ignore[dict-item]
    Num: _Printer.num,  # type: ignore[dict-item]
    Ones: _Printer.ones,
    Identity: _Printer.identity,
    Zero: _Printer.zero,
    Add: _Printer.add,  # type: ignore[dict-item]
    MatMul: _Printer.matmul,  # type: ignore[dict-item]
    Scale: _Printer.scale,  # type: ignore[dict-item]
    Transpose: _Printer.transpose,  # type: ignore[dict-item]
    Inverse: _Printer.inverse,  # type: ignore[dict-item]
    Power: _Printer.power,  # type: ignore[dict-item]
    Norm: _Printer.norm,  # type: ignore[dict-item]
    Func: _Printer.func,  # type: ignore[dict-item]
    VecFunc: _Printer.vecfunc,  # type: ignore[dict-item]
    Hadamard: _Printer.hadamard,  # type: ignore[dict-item]
    Div: _Printer.div,  # type: ignore[dict-item]
    Trace: _Printer.trace,  # type: ignore[dict-item]
    Det: _Printer.det,  # type: ignore[dict-item]
    SumAll: _Printer.sumall,  # type: ignore[dict-item]
    Diag: _Printer.diag,
    DiagPart: _Printer.diag,
}

_TEXT = _Printer(tex=False)
_LATEX = _Printer(tex=True)


def text(node: Node) -> str:
    """The node in Unicode text."""
    return _TEXT.show(node)


def latex(node: Node) -> str:
    """The node in LaTeX."""
    return _LATEX.show(node)


PRINTERS.update(text=text, latex=latex)
