"""One-line Unicode: ``x²·eˣ``, ``√x``, ``|x|``, ``σ(z)``, ``log₂ x``, ``−1/x²``.

For reading, not for parsing back (use ``str(expr)`` for that).  Parentheses come
from the shared precedence table; the tree is walked without recursion.

>>> from symderiv.parse import parse
>>> to_pretty(parse("x^2 e^x + log(x, 2) - sqrt(x)/sigmoid(z)"))
'x²·eˣ + log₂ x − √x/σ(z)'
"""

from __future__ import annotations

from collections.abc import Callable

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
)
from ..functions import INDEXED_FUNCTIONS
from ..precedence import Level
from .infix import format_number

__all__ = ["subscript", "superscript", "to_pretty"]

Printed = tuple[str, Level]

_SUPERSCRIPT = str.maketrans(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
)
_SUBSCRIPT = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")

GREEK_LETTERS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ",
    "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

CALL_NAMES = {"sigmoid": "σ", "asin": "arcsin", "acos": "arccos", "atan": "arctan",
              "acot": "arccot", "asec": "arcsec", "acsc": "arccsc"}  # fmt: skip


def superscript(text: str) -> str | None:
    """``text`` in superscript characters, or ``None`` if some character has none."""
    compact = text.replace(" ", "")
    if not compact or any(ord(ch) not in _SUPERSCRIPT for ch in compact):
        return None
    return compact.translate(_SUPERSCRIPT)


def subscript(text: str) -> str | None:
    """``text`` in subscript characters, or ``None`` if some character has none."""
    compact = text.replace(" ", "")
    if not compact or any(ord(ch) not in _SUBSCRIPT for ch in compact):
        return None
    return compact.translate(_SUBSCRIPT)


def _name(name: str) -> str:
    if name in GREEK_LETTERS:
        return GREEK_LETTERS[name]
    base, _, sub = name.partition("_")
    if sub:
        small = subscript(sub)
        return f"{GREEK_LETTERS.get(base, base)}{small}" if small else name
    return name


def _wrap(printed: Printed, minimum: Level, strict: bool = False) -> str:
    text, level = printed
    if level < minimum or (strict and level == minimum):
        return f"({text})"
    return text


def _print_num(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Num)
    return format_number(node.value, node.decimal).replace("-", "−"), node.level


def _print_sym(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Sym)
    return _name(node.name), Level.ATOM


def _print_const(node: Expr, children: list[Printed]) -> Printed:
    return ("π" if node is PI else "e"), Level.ATOM


def _print_add(node: Expr, children: list[Printed]) -> Printed:
    parts: list[str] = []
    for index, (term, printed) in enumerate(zip(node.children, children, strict=True)):
        text = printed[0]
        if index and (isinstance(term, Neg) or text.startswith("−")) and printed[1] >= Level.NEG:
            parts.append(f" − {text[1:]}")
        elif index:
            parts.append(f" + {_wrap(printed, Level.ADD, strict=True)}")
        else:
            parts.append(_wrap(printed, Level.ADD, strict=True))
    return "".join(parts), Level.ADD


def _print_neg(node: Expr, children: list[Printed]) -> Printed:
    return f"−{_wrap(children[0], Level.MUL)}", Level.NEG


def _print_mul(node: Expr, children: list[Printed]) -> Printed:
    text = ""
    previous: Expr | None = None
    last = len(node.children) - 1
    for position, (factor, printed) in enumerate(zip(node.children, children, strict=True)):
        needs = (
            isinstance(factor, (Mul, Div))
            or (isinstance(factor, Num) and factor.level == Level.MUL)
            or (isinstance(factor, (Sum, Product)) and position < last)
        )
        piece = f"({printed[0]})" if needs else _wrap(printed, Level.MUL)
        if previous is None:
            text = piece
        elif isinstance(previous, Num) and (piece[:1].isalpha() or piece[:1] in "√∛|"):
            text += piece
        else:
            text += "·" + piece
        previous = factor
    return text, Level.MUL


def _print_div(node: Expr, children: list[Printed]) -> Printed:
    # Σ and Π reach to the right: a sum over N is printed (Σₖ xₖ)/N.
    big = isinstance(node.children[0], (Sum, Product))
    top = f"({children[0][0]})" if big else _wrap(children[0], Level.MUL)
    bottom = _wrap(children[1], Level.MUL, strict=True)
    return f"{top}/{bottom}", Level.MUL


def _print_pow(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Pow)
    base = _wrap(children[0], Level.POW, strict=True)
    exponent_text = children[1][0]
    raised = superscript(exponent_text)
    if raised is not None and "^" not in exponent_text and "/" not in exponent_text:
        if isinstance(node.base, Call) and isinstance(node.exp, Num) and node.exp.value > 0:
            name, _, rest = base.partition("(")
            if rest and not name.startswith("("):
                return f"{name}{raised}({rest}", Level.ATOM
        return f"{base}{raised}", Level.POW
    return f"{base}^{_wrap(children[1], Level.POW)}", Level.POW


def _simple(printed: Printed, node: Expr) -> bool:
    return isinstance(node, (Sym, Const, Indexed)) or (
        isinstance(node, Num) and node.level == Level.ATOM
    )


def _print_call(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Call)
    args = node.arguments
    if node.name == "sqrt":
        inner = children[0][0] if _simple(children[0], args[0]) else f"({children[0][0]})"
        return f"√{inner}", Level.ATOM
    if node.name == "cbrt":
        inner = children[0][0] if _simple(children[0], args[0]) else f"({children[0][0]})"
        return f"∛{inner}", Level.ATOM
    if node.name == "abs":
        return f"|{children[0][0]}|", Level.ATOM
    if node.name == "root":
        index = superscript(children[1][0]) or f"({children[1][0]})"
        return f"{index}√({children[0][0]})", Level.ATOM
    if node.name == "delta":
        sub = subscript("".join(text for text, _ in children))
        return (f"δ{sub}" if sub else f"δ({', '.join(t for t, _ in children)})"), Level.ATOM
    if node.name in INDEXED_FUNCTIONS and len(children) == 2:
        family, index = (text for text, _ in children)
        sub = subscript(index)
        return f"{node.name}({family}){sub or f'[{index}]'}", Level.ATOM
    name = CALL_NAMES.get(node.name, node.name).replace("'", "′")
    return f"{name}({', '.join(text for text, _ in children)})", Level.ATOM


def _print_log(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Log)
    simple = _simple(children[0], node.arg)
    argument = f" {children[0][0]}" if simple else f"({children[0][0]})"
    if node.natural:
        return f"ln{argument}", Level.POSTFIX if simple else Level.ATOM
    base = subscript(children[1][0])
    name = f"log{base}" if base else f"log_({children[1][0]})"
    return f"{name}{argument}", Level.POSTFIX if simple else Level.ATOM


def _print_indexed(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Indexed)
    sub = subscript("".join(text for text, _ in children))
    name = _name(node.name)
    return (f"{name}{sub}" if sub else f"{name}[{', '.join(t for t, _ in children)}]"), Level.ATOM


def _print_big(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, (Sum, Product))
    symbol = "Σ" if isinstance(node, Sum) else "Π"
    texts = [text for text, _ in children]
    _body, index = texts[0], texts[1]
    bounds = iter(texts[2:])
    lower = next(bounds) if node.lower is not None else None
    upper = next(bounds) if node.upper is not None else None
    sub = subscript(f"{index}={lower}" if lower is not None else index)
    sup = superscript(upper) if upper is not None else ""
    head = (
        f"{symbol}{sub}{sup}"
        if sub is not None and sup is not None
        else (f"{symbol}[{index}={lower or '…'}..{upper or '…'}]")
    )
    return f"{head} {_wrap(children[0], Level.MUL, strict=False)}", Level.MUL


def _print_derivative(node: Expr, children: list[Printed]) -> Printed:
    assert isinstance(node, Derivative)
    primes = "′" * node.order if node.order <= 3 else f"⁽{node.order}⁾"
    if node.var is None:
        return f"({children[0][0]}){primes}", Level.ATOM
    order = superscript(str(node.order)) if node.order > 1 else ""
    return f"d{order}/d{children[1][0]}{order} [{children[0][0]}]", Level.ATOM


_PRINTERS: dict[type, Callable[[Expr, list[Printed]], Printed]] = {
    Num: _print_num,
    Sym: _print_sym,
    Const: _print_const,
    Add: _print_add,
    Neg: _print_neg,
    Mul: _print_mul,
    Div: _print_div,
    Pow: _print_pow,
    Call: _print_call,
    Log: _print_log,
    Indexed: _print_indexed,
    Sum: _print_big,
    Product: _print_big,
    Derivative: _print_derivative,
}


def to_pretty(expr: Expr) -> str:
    """The expression in one line of Unicode."""

    def combine(node: Expr, children: list[Printed]) -> Printed:
        return _PRINTERS[type(node)](node, children)

    return fold(expr, combine)[0]
