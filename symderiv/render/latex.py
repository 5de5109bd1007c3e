r"""LaTeX for one expression: ``to_latex(parse("x^2 e^x"))`` is ``x^{2} e^{x}``.

Conventions (regular, so that :func:`symderiv.parse_latex` reads them back):
quotients are ``\frac{a}{b}``; powers ``a^{b}``; functions take parentheses
(``\sin(x)``, ``\sigma(z)``, ``\operatorname{softplus}(x)``, ``\ln(x)``,
``\log_{b}(x)``), which grow (``\left(…\right)``) only around what is taller than a
line: a fraction, a root, a sum; ``\sqrt{x}``, ``\sqrt[n]{x}``, ``\left|x\right|``;
products juxtapose with a space, using ``\cdot`` before a number; Greek names become
letters (``\theta``); ``x_1`` is ``x_{1}``; an indexed variable is ``y_{i,k}``; Σ is
``\sum_{k=1}^{K}``; any other name is written as itself, escaped (``x_`` is
``\mathtt{x\_}``, see :func:`symderiv.escape.latex_name`).  The tree is written in
one walk (:func:`symderiv.render.stream.emit`), without recursion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from ..escape import latex_name
from ..expr import (
    PI,
    Add,
    Call,
    Const,
    Derivative,
    Div,
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
    fold,
    register_printer,
)
from ..functions import ALIASES, FUNCTIONS, GREEK_LETTERS, INDEXED_FUNCTIONS, split_partial
from ..parse.notation import FUNCTION_LETTERS
from ..parse.vocabulary import DECORATION_SUFFIXES, FUNCTION_GREEK, decorated
from ..precedence import Level
from ..special_functions import OTHERWISE, pieces_of
from .highlight import LATEX_MARKS, emit_marked
from .infix import format_number
from .stream import Pieces, emit, first_text, listed, without_first_character, wrapped

__all__ = ["brackets", "latex_name", "to_latex", "to_latex_marked"]

#: LaTeX's parentheses, which grow with their content.
_BRACKETS = ("\\left(", "\\right)")
#: An argument in a template of the function table (``\sqrt[#2]{#1}``).
_ARGUMENT = re.compile(r"#(\d)")


def _level(node: Expr) -> Level:
    """The binding level of a node as LaTeX writes it (a quotient is a ``\frac``, an atom)."""
    kind = type(node)
    if kind is Num:
        assert isinstance(node, Num)
        if node.value >= 0:
            return Level.ATOM
        if "/" in format_number(node.value, node.decimal):
            return Level.NEG
        return node.level
    if kind is Derivative:
        assert isinstance(node, Derivative)
        return Level.ATOM if node.var is None else Level.NEG
    return _LEVELS.get(kind, Level.ATOM)


#: Printed binding level of each node class whose level does not depend on the node.
_LEVELS: dict[type, Level] = {
    Add: Level.ADD,
    Neg: Level.NEG,
    Mul: Level.MUL,
    Pow: Level.POW,
    Sum: Level.NEG,
    Product: Level.NEG,
}


def _wrapped(node: Expr, minimum: Level, strict: bool = False) -> Pieces:
    return wrapped(node, _level(node), minimum, strict, brackets(node))


#: Nodes LaTeX sets taller than a line of text: brackets around them grow.
_TALL = (Div, Sum, Product, Derivative)


def _tall_node(node: Expr, children: list[bool]) -> bool:
    if isinstance(node, _TALL) or any(children):
        return True
    if isinstance(node, Num):
        return "/" in format_number(node.value, node.decimal)
    if isinstance(node, Call):
        return "#" in _function_name(node.name)  # \sqrt{…} and the like
    return False


def brackets(node: Expr) -> tuple[str, str]:
    r"""``\left(…\right)`` around a fraction, a root, a sum; plain ``(…)`` around
    anything no taller than a line, which sets closer (``\sigma(z)``, not ``σ (z)``)."""
    return _BRACKETS if fold(node, _tall_node, {}) else ("(", ")")


def _function_name(name: str) -> str:
    spec = FUNCTIONS.get(name)
    if spec is not None:
        return spec.latex
    bare = name.rstrip("'")
    if bare != name:
        return f"{latex_name(bare)}{chr(39) * (len(name) - len(bare))}"
    base, partials = split_partial(name)
    if partials:  # ∂₂∂₁f: \partial_{2} \partial_{1} f
        return " ".join([*(f"\\partial_{{{i + 1}}}" for i in reversed(partials)), latex_name(base)])
    return latex_name(name)


class _Printer:
    """The LaTeX printer of one expression: the pieces of each node, with the first
    text of the nodes it has looked at."""

    def __init__(self) -> None:
        self.leading: dict[Expr, str] = {}

    def pieces(self, node: Expr) -> Pieces:
        return _PRINTERS[type(node)](self, node)

    def first_text(self, node: Expr) -> str:
        return first_text(node, self.pieces, self.leading)

    def print_add(self, node: Expr) -> Pieces:
        pieces: Pieces = []
        for index, term in enumerate(node.children):
            if index and _level(term) == Level.NEG and self.first_text(term).startswith("-"):
                pieces += [" - ", *without_first_character(term, self.pieces)]
            else:
                if index:
                    pieces.append(" + ")
                pieces += _wrapped(term, Level.ADD, strict=True)
        return pieces

    def print_mul(self, node: Expr) -> Pieces:
        pieces: Pieces = []
        factors = node.children
        prefixed = False  # \ln\sigma(x) takes the product after it: a \cdot ends it
        for index, factor in enumerate(factors):
            opening, closing = brackets(factor)
            last = index == len(factors) - 1
            piece: Pieces
            if isinstance(factor, Mul):
                piece = [opening, factor, closing]
            elif last and isinstance(factor, (Sum, Product)):
                piece = [factor]  # \frac{1}{N} \sum_{i} …: Σ reaches to the end anyway
            else:
                piece = _wrapped(factor, Level.MUL)
            if index:
                first = piece[0]
                lead = first if isinstance(first, str) else self.first_text(factor)
                after_word = _is_word(factors[index - 1], factor) and lead.startswith(
                    ("(", "\\left(")
                )
                pieces.append(" ")
                # 2 \frac{1}{x} would read as a mixed number, two and one x-th
                mixed = isinstance(factors[index - 1], Num) and lead.startswith("\\frac")
                if lead[:1].isdigit() or lead.startswith("-") or after_word or prefixed or mixed:
                    pieces.append("\\cdot ")
            pieces += piece
            prefixed = isinstance(factor, Call) and _function_name(factor.name).startswith("\\ln\\")
        return pieces


def _is_word(node: Expr, following: Expr) -> bool:
    """A name a parenthesis right after would turn into a call, so a ``\\cdot`` goes
    between: a word (``\\mathrm{ab}``), a function's letter (``f``, ``\\sigma``,
    ``\\Gamma``), or any name or constant before the derivative of one atom
    (``b \\cdot \\left(x\\right)'``, ``\\pi \\cdot \\left(x\\right)'``)."""
    if not isinstance(node, (Sym, Indexed, Const)):
        return False
    if isinstance(following, Derivative) and isinstance(following.expr, (Sym, Num)):
        return True
    if not isinstance(node, Sym):
        return False
    name = node.name
    return (
        latex_name(name).startswith(("\\mathrm", "\\mathtt"))
        or name in FUNCTION_LETTERS
        or name in FUNCTION_GREEK
        or GREEK_LETTERS.get(name) in ALIASES  # σ, the sigmoid's letter
    )


def _print_num(_printer: _Printer, node: Expr) -> Pieces:
    assert isinstance(node, Num)
    text = format_number(node.value, node.decimal)
    if "/" in text:
        sign = "-" if text.startswith("-") else ""
        top, bottom = text.lstrip("-").split("/")
        return [f"{sign}\\frac{{{top}}}{{{bottom}}}"]
    return [text]


def _print_neg(_printer: _Printer, node: Expr) -> Pieces:
    assert isinstance(node, Neg)
    if isinstance(node.arg, Num):
        opening, closing = brackets(node.arg)
        return [f"-{opening}", node.arg, closing]
    if isinstance(node.arg, (Sum, Product)):
        return ["-", node.arg]  # -\sum_{k} …
    return ["-", *_wrapped(node.arg, Level.MUL)]


def _print_div(_printer: _Printer, node: Expr) -> Pieces:
    num, den = node.children
    return ["\\frac{", num, "}{", den, "}"]


#: A function's name written as one command: ``\sin``, ``\sigma``, ``\operatorname{erf}``.
_ONE_NAME = re.compile(r"\\[A-Za-z]+|\\operatorname\{[A-Za-z]+\}")


def _print_pow(_printer: _Printer, node: Expr) -> Pieces:
    base, exponent = node.children
    shown: Pieces
    if isinstance(base, Div):
        shown = [_BRACKETS[0], base, _BRACKETS[1]]
    elif isinstance(base, Log):
        opening, closing = brackets(base)
        shown = [opening, base, closing]  # (\ln(x))^{2}, never read as \ln(x^{2})
    elif isinstance(base, Call) and "#" not in _function_name(base.name):
        name = _function_name(base.name)
        opening, closing = brackets(base)
        whole = isinstance(exponent, Num) and isinstance(exponent.value, int)
        # \Phi^{2}(x) reads as Φ²·x; \ln\Gamma^{2}(x) as ln(Γ²·x): their powers go outside
        letter = name.removeprefix("\\") in FUNCTION_GREEK or not _ONE_NAME.fullmatch(name)
        if whole and exponent.value > 0 and not letter and base.name not in INDEXED_FUNCTIONS:  # type: ignore[attr-defined]
            return [f"{name}^{{", exponent, f"}}{opening}", *listed(base.children, ", "), closing]
        shown = [opening, base, closing]  # (\sin(x))^{-1}: the power of the value
    else:
        shown = _wrapped(base, Level.POW, strict=True)
    return [*shown, "^{", exponent, "}"]


def _print_call(_printer: _Printer, node: Expr) -> Pieces:
    assert isinstance(node, Call)
    args = node.children
    if node.name == "piecewise":
        return _print_cases(node)
    name = _function_name(node.name)
    if "#" in name:
        return _from_template(name, args)
    opening, closing = brackets(node)
    if node.name in INDEXED_FUNCTIONS and len(args) == 2:
        return [f"{name}{opening}", args[0], f"{closing}_{{", args[1], "}"]
    return [f"{name}{opening}", *listed(args, ", "), closing]


def _print_cases(node: Call) -> Pieces:
    """``\begin{cases} x^{2} & x \\ge 0 \\ -x & \text{otherwise} \\end{cases}``"""
    pieces: Pieces = [r"\begin{cases} "]
    for index, (value, condition) in enumerate(pieces_of(node)):
        shown: Pieces = [r"\text{otherwise}"] if condition is OTHERWISE else [condition]
        pieces += [r" \\ " if index else "", value, " & ", *shown]
    return [*pieces, r" \end{cases}"]


def _from_template(template: str, args: tuple[Expr, ...]) -> Pieces:
    """A template of the function table, ``#1``, ``#2`` replaced by the arguments."""
    pieces: Pieces = []
    for index, part in enumerate(_ARGUMENT.split(template)):
        if index % 2:
            pieces.append(args[int(part) - 1])
        elif part:
            pieces.append(part)
    return pieces


def _print_log(_printer: _Printer, node: Expr) -> Pieces:
    assert isinstance(node, Log)
    opening, closing = brackets(node.arg)
    if node.natural:
        return [f"\\ln{opening}", node.arg, closing]
    return ["\\log_{", node.base, f"}}{opening}", node.arg, closing]


def _print_indexed(_printer: _Printer, node: Expr) -> Pieces:
    assert isinstance(node, Indexed)
    return [f"{_symbol(node.name)}_{{", *listed(node.children, ","), "}"]  # \hat{y}_{i}


def _print_big(_printer: _Printer, node: Expr) -> Pieces:
    assert isinstance(node, (Sum, Product))
    command = r"\sum" if isinstance(node, Sum) else r"\prod"
    lower: Pieces = ["=", node.lower] if node.lower is not None else []
    upper: Pieces = ["^{", node.upper, "}"] if node.upper is not None else []
    return [f"{command}_{{", node.index, *lower, "}", *upper, " ", *_wrapped(node.body, Level.MUL)]


def _print_derivative(_printer: _Printer, node: Expr) -> Pieces:
    assert isinstance(node, Derivative)
    if node.var is None:
        return ["\\left(", node.expr, f"\\right){chr(39) * node.order}"]
    order = f"^{{{node.order}}}" if node.order > 1 else ""
    return [f"\\frac{{d{order}}}{{d", node.var, f"{order}}}\\left(", node.expr, "\\right)"]


def _symbol(name: str) -> str:
    """A symbol's name: ``y_hat`` is ``\\hat{y}``, ``y'`` is ``y'``, others as
    :func:`~symderiv.escape.latex_name` writes them."""
    primes = len(name) - len(name.rstrip("'"))
    if primes and name.rstrip("'"):
        return _symbol(name[:-primes]) + "'" * primes
    accented = decorated(name)
    if accented is not None:
        base, suffix = accented
        return f"\\{DECORATION_SUFFIXES[suffix][0]}{{{latex_name(base)}}}"
    return latex_name(name)


_PRINTERS: dict[type, Callable[[_Printer, Expr], Pieces]] = {
    Num: _print_num,
    Sym: lambda _printer, node: [_symbol(node.name)],  # type: ignore[attr-defined]
    Const: lambda _printer, node: [r"\pi" if node is PI else "e"],
    Add: _Printer.print_add,
    Neg: _print_neg,
    Mul: _Printer.print_mul,
    Div: _print_div,
    Pow: _print_pow,
    Call: _print_call,
    Log: _print_log,
    Indexed: _print_indexed,
    Sum: _print_big,
    Product: _print_big,
    Derivative: _print_derivative,
}


def to_latex(expr: Expr) -> str:
    """The expression in LaTeX (math mode, without delimiters), written in one walk
    (iterative: safe at any depth, and in memory proportional to the text)."""
    return emit(expr, _Printer().pieces)


def to_latex_marked(expr: Expr, marks: Collection[tuple[int, ...]]) -> str:
    r""":func:`to_latex`, with the sub-expressions at the paths ``marks`` highlighted
    (``\textcolor{blue}{…}``, see :mod:`symderiv.render.highlight`)."""
    if not marks:
        return to_latex(expr)
    return emit_marked(expr, _Printer().pieces, marks, *LATEX_MARKS)


register_printer("latex", to_latex)
