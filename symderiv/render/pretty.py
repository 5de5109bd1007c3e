"""One-line Unicode: ``x²·eˣ``, ``√x``, ``|x|``, ``σ(z)``, ``log₂ x``, ``−1/x²``.

For reading, not for parsing back (use ``str(expr)`` for that).  Parentheses come
from the shared precedence table; the tree is walked without recursion.

>>> from symderiv.parse import parse
>>> to_pretty(parse("x^2 e^x + log(x, 2) - sqrt(x)/sigmoid(z)"))
'x²·eˣ + log₂ x − √x/σ(z)'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection

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
from ..functions import (
    BARS,
    CALL,
    FUNCTIONS,
    GREEK_LETTERS,
    INDEXED_FUNCTIONS,
    INDEXED_RADICAL,
    PIECEWISE,
    RADICAL,
    RELATION,
    SUBSCRIPT,
    lookup,
)
from ..parse.vocabulary import DECORATION_SUFFIXES, decorated
from ..precedence import Level
from ..special_functions import OTHERWISE
from .highlight import emit_marked
from .infix import format_number
from .stream import Pieces, emit, first_text, listed, without_first_character, wrapped

__all__ = ["subscript", "superscript", "to_pretty", "to_pretty_marked"]

_SUPERSCRIPT = str.maketrans(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
)
_SUBSCRIPT = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
#: Two words a space keeps apart, which small type would run together.
_RUN_TOGETHER = re.compile(r"\w \w")


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
    primes = len(name) - len(name.rstrip("'"))
    if primes:  # y' is a name of its own
        return _name(name[:-primes]) + "′" * primes
    accented = decorated(name)
    if accented is not None:  # y_hat is ŷ
        base, suffix = accented
        mark = DECORATION_SUFFIXES[suffix][1]
        return unicodedata.normalize("NFC", GREEK_LETTERS.get(base, base) + mark)
    base, _, sub = name.partition("_")
    if sub:
        small = subscript(sub)
        return f"{GREEK_LETTERS.get(base, base)}{small}" if small else name
    return name


#: Printed binding level of each node class, where it does not depend on the node.
_LEVELS: dict[type, Level] = {
    Add: Level.ADD,
    Neg: Level.NEG,
    Mul: Level.MUL,
    Div: Level.MUL,
    Sum: Level.MUL,
    Product: Level.MUL,
}

#: Functions printed by a sign of their own rather than ``name(…)``.
_SIGNED_CALLS = frozenset(name for name, spec in FUNCTIONS.items() if spec.written != CALL)

#: Node classes whose printing never depends on the text of a child.  A subtree of
#: these alone can be written out to test whether it fits in a superscript or subscript
#: without writing anything nested more deeply; any other node (a power, a logarithm to
#: a base, an index, Σ) puts characters in the text that no superscript or subscript
#: has, so it never fits.
_FLAT_CLASSES = frozenset({Num, Sym, Const, Add, Neg, Mul, Div, Call, Log, Derivative})


class _Printer:
    """The Unicode printer of one expression: the pieces of each node, with what it
    remembers about the nodes (levels, first characters, small texts)."""

    def __init__(self) -> None:
        self.flat: dict[Expr, bool] = {}
        self.scripts: dict[tuple[Expr, bool], str | None] = {}
        self.leading: dict[Expr, str] = {}

    # -- what a node looks like, without writing it ---------------------------------------------
    def level(self, node: Expr) -> Level:
        """The binding level of the node as printed."""
        kind = type(node)
        if kind is Num:
            return node.level
        if kind is Pow:
            return Level.ATOM if self.function_power(node) is not None else Level.POW
        if kind is Log:
            return Level.POSTFIX if _simple(node.children[0]) else Level.ATOM
        if isinstance(node, Derivative) and node.var is not None:
            return Level.NEG  # d/dx [f] applies to what follows it, as a function does
        return _LEVELS.get(kind, Level.ATOM)

    def is_flat(self, node: Expr) -> bool:
        """Whether no node of the subtree prints from a child's text."""
        return fold(node, self._flat, self.flat)

    @staticmethod
    def _flat(node: Expr, children: list[bool]) -> bool:
        if type(node) not in _FLAT_CLASSES or not all(children):
            return False
        if isinstance(node, Log):
            return node.natural
        if isinstance(node, Call):
            return node.name not in _TEXT_CALLS and not _indexed_call(node)
        return True

    def script(self, node: Expr, raised: bool) -> str | None:
        """The node written in superscript (``raised``) or subscript characters, if
        every character has one."""
        key = (node, raised)
        if key in self.scripts:
            return self.scripts[key]
        result = None
        if self.is_flat(node):
            text = emit(node, self.pieces)
            if _RUN_TOGETHER.search(text):
                pass  # ln x in small type would read as the name lnx
            elif not raised:
                result = subscript(text)
            elif "^" not in text and "/" not in text:
                result = superscript(text)
        self.scripts[key] = result
        return result

    def first_character(self, node: Expr) -> str:
        """The first character of the node as printed."""
        return first_text(node, self.pieces, self.leading)[:1]

    def without_first_character(self, node: Expr) -> Pieces:
        """The pieces of the node with its first character left out."""
        return without_first_character(node, self.pieces)

    def function_power(self, node: Expr) -> str | None:
        """``sin²(x)`` for a positive whole power of a function written ``name(…)``:
        the exponent in superscript, else ``None``."""
        base, exponent = node.children
        if not (
            isinstance(base, Call)
            and base.name not in _SIGNED_CALLS
            and not _indexed_call(base)
            and isinstance(exponent, Num)
            and exponent.value > 0
        ):
            return None
        return self.script(exponent, raised=True)

    def is_word(self, node: Expr) -> bool:
        """Whether the node is written starting with a function's name (``3 sin(x)``,
        ``2 ln x``: a number is set off from it by a space)."""
        if isinstance(node, Pow):
            return self.function_power(node) is not None
        return isinstance(node, Log) or (
            isinstance(node, Call)
            and node.name not in _SIGNED_CALLS
            and len(_call_name(node)) > 1  # 2σ(z), but 3 sin(x)
        )

    def wrapped(self, node: Expr, minimum: Level, strict: bool = False) -> Pieces:
        return wrapped(node, self.level(node), minimum, strict)

    # -- the pieces of each node ------------------------------------------------------------------
    def pieces(self, node: Expr) -> Pieces:
        return _PRINTERS[type(node)](self, node)

    def print_add(self, node: Expr) -> Pieces:
        pieces: Pieces = []
        for index, term in enumerate(node.children):
            if not index:
                pieces += self.wrapped(term, Level.ADD, strict=True)
            elif self.level(term) >= Level.NEG and (
                isinstance(term, Neg) or self.first_character(term) == "−"
            ):
                pieces.append(" − ")
                pieces += self.without_first_character(term)
            else:
                pieces.append(" + ")
                pieces += self.wrapped(term, Level.ADD, strict=True)
        return pieces

    def print_neg(self, node: Expr) -> Pieces:
        # −(5) is the negation of 5, as written; −5 is the number.
        arg = node.children[0]
        return ["−(", arg, ")"] if isinstance(arg, Num) else ["−", *self.wrapped(arg, Level.MUL)]

    def print_mul(self, node: Expr) -> Pieces:
        pieces: Pieces = []
        previous: Expr | None = None
        last = len(node.children) - 1
        for position, factor in enumerate(node.children):
            needs = (
                isinstance(factor, (Mul, Div))
                or (isinstance(factor, Num) and factor.level == Level.MUL)
                or (isinstance(factor, (Sum, Product)) and position < last)
            )
            piece: Pieces = ["(", factor, ")"] if needs else self.wrapped(factor, Level.MUL)
            if previous is not None:
                glued = (
                    isinstance(previous, Num)
                    and piece[0] != "("
                    and _glues(self.first_character(factor))
                )
                if not glued:
                    pieces.append("·")
                elif self.is_word(factor):
                    pieces.append(" ")
            pieces += piece
            previous = factor
        return pieces

    def print_div(self, node: Expr) -> Pieces:
        # Σ and Π reach to the right: a sum over N is printed (Σₖ xₖ)/N; a quotient over
        # a quotient is (a/b)/c, not a/b/c.
        num, den = node.children
        grouped = isinstance(num, (Sum, Product, Div))
        top = ["(", num, ")"] if grouped else self.wrapped(num, Level.MUL)
        return [*top, "/", *self.wrapped(den, Level.MUL, strict=True)]

    def print_pow(self, node: Expr) -> Pieces:
        assert isinstance(node, Pow)
        raised = self.function_power(node)
        if raised is not None:
            base = node.base
            assert isinstance(base, Call)
            return [f"{_call_name(base)}{raised}(", *listed(base.children), ")"]
        # ln x and √x bind what follows them: (ln x)² is not ln x² = ln(x²).
        base_pieces = (
            ["(", node.base, ")"]
            if _bare_prefix(node.base)
            else self.wrapped(node.base, Level.POW, strict=True)
        )
        raised = self.script(node.exp, raised=True)
        if raised is not None:
            return [*base_pieces, raised]
        return [*base_pieces, "^", *self.wrapped(node.exp, Level.POW)]

    def print_call(self, node: Expr) -> Pieces:
        assert isinstance(node, Call)
        spec = FUNCTIONS.get(node.name)
        if spec is not None and spec.written != CALL:
            return _SIGNED_FORMS[spec.written](self, spec.pretty_name, node.arguments)
        if _indexed_call(node):
            family, index = node.arguments
            small = self.script(index, raised=False)
            tail: Pieces = [small] if small is not None else ["[", index, "]"]
            return [f"{node.name}(", family, ")", *tail]
        return [f"{_call_name(node)}(", *listed(node.arguments), ")"]

    # -- functions written with a sign of their own (``FunctionSpec.written``) ---------------
    def print_radical(self, sign: str, args: tuple[Expr, ...]) -> Pieces:
        return [sign, args[0]] if _simple(args[0]) else [f"{sign}(", args[0], ")"]

    def print_bars(self, bar: str, args: tuple[Expr, ...]) -> Pieces:
        return [bar, args[0], bar]

    def print_indexed_radical(self, sign: str, args: tuple[Expr, ...]) -> Pieces:
        raised = self.script(args[1], raised=True)
        if raised is None:
            return ["root(", *listed(args), ")"]
        return [raised, f"{sign}(", args[0], ")"]

    def print_subscripted(self, letter: str, args: tuple[Expr, ...]) -> Pieces:
        small = self.joined_subscript(args)
        return [f"{letter}{small}"] if small is not None else [f"{letter}(", *listed(args), ")"]

    def joined_subscript(self, items: tuple[Expr, ...]) -> str | None:
        """The items written one after another in subscript characters, if they fit."""
        parts = [self.script(item, raised=False) for item in items]
        if any(part is None for part in parts):
            return None
        return "".join(part for part in parts if part is not None)

    def print_log(self, node: Expr) -> Pieces:
        assert isinstance(node, Log)
        argument: Pieces = [" ", node.arg] if _simple(node.arg) else ["(", node.arg, ")"]
        if node.natural:
            return ["ln", *argument]
        small = self.script(node.base, raised=False)
        if small is None or not isinstance(node.base, (Num, Sym, Const)):
            return ["log(", node.arg, ", ", node.base, ")"]
        return [f"log{small}", *argument]

    def print_indexed(self, node: Expr) -> Pieces:
        assert isinstance(node, Indexed)
        small = self.joined_subscript(node.children)
        name = _name(node.name)
        return [f"{name}{small}"] if small else [f"{name}[", *listed(node.children), "]"]

    def print_big(self, node: Expr) -> Pieces:
        assert isinstance(node, (Sum, Product))
        symbol = "Σ" if isinstance(node, Sum) else "Π"
        index, lower, upper = node.index, node.lower, node.upper
        small = self.script(index, raised=False)
        if lower is not None:
            bottom = self.script(lower, raised=False)
            small = None if small is None or bottom is None else f"{small}₌{bottom}"
        high = self.script(upper, raised=True) if upper is not None else ""
        head: Pieces
        if small is not None and high is not None:
            head = [f"{symbol}{small}{high}"]
        else:
            head = [f"{symbol}[", index, "=", *([lower] if lower is not None else ["…"]), ".."]
            head += [*([upper] if upper is not None else ["…"]), "]"]
        return [*head, " ", *self.wrapped(node.body, Level.MUL)]

    def print_derivative(self, node: Expr) -> Pieces:
        assert isinstance(node, Derivative)
        primes = "′" * node.order if node.order <= 3 else f"⁽{node.order}⁾"
        if node.var is None:
            return ["(", node.expr, f"){primes}"]
        order = superscript(str(node.order)) if node.order > 1 else ""
        return [f"d{order}/d", node.var, f"{order} [", node.expr, "]"]


def _bare_prefix(node: Expr) -> bool:
    """A function written before its argument without parentheses (``ln x``, ``√x``)."""
    if isinstance(node, Log):
        return _simple(node.arg)
    if isinstance(node, Call):
        spec = FUNCTIONS.get(node.name)
        return spec is not None and spec.written == RADICAL and _simple(node.arguments[0])
    return False


def _glues(character: str) -> bool:
    """Whether a factor starting with ``character`` is written right after a number
    (``2x``, ``3√x``) instead of after a ``·`` (``2·|x|``: inside bars, ``|2|x| − 1|``
    would read two ways)."""
    return character.isalpha() or (character != "" and character in "√∛")


def _call_name(node: Call) -> str:
    spec = FUNCTIONS.get(node.name)
    if spec is None:
        return node.name.replace("'", "′")
    # Its sign only where the reader knows it (σ, arcsin); else its name (what we print,
    # parse reads back).
    return spec.pretty_name if lookup(spec.pretty_name) is spec else spec.name


def _indexed_call(node: Call) -> bool:
    return node.name in INDEXED_FUNCTIONS and len(node.children) == 2


def _simple(node: Expr) -> bool:
    return isinstance(node, (Sym, Const, Indexed)) or (
        isinstance(node, Num) and node.level == Level.ATOM
    )


def _print_num(printer: _Printer, node: Expr) -> Pieces:
    assert isinstance(node, Num)
    return [format_number(node.value, node.decimal).replace("-", "−")]


def _print_sym(printer: _Printer, node: Expr) -> Pieces:
    assert isinstance(node, Sym)
    return [_name(node.name)]


def _print_const(printer: _Printer, node: Expr) -> Pieces:
    return ["π" if node is PI else "e"]


#: Functions written from the text of an argument (a subscript or a superscript), besides
#: the indexed functions of two arguments (``softmax(z)ᵢ``).
_TEXT_CALLS = frozenset(
    name for name, spec in FUNCTIONS.items() if spec.written in (INDEXED_RADICAL, SUBSCRIPT)
)


#: How each way of writing a function other than ``name(…)`` is printed.
def _print_relation(_printer: _Printer, sign: str, args: tuple[Expr, ...]) -> Pieces:
    """A condition: ``x ≥ 0``."""
    return [args[0], f" {sign} ", args[1]]


def _print_pieces(_printer: _Printer, _sign: str, args: tuple[Expr, ...]) -> Pieces:
    """A piecewise function on one line: ``{x² if x ≥ 0; −x otherwise}``."""
    pieces: Pieces = ["{"]
    for index in range(0, len(args) - 1, 2):
        value, condition = args[index], args[index + 1]
        tail: Pieces = [" otherwise"] if condition is OTHERWISE else [" if ", condition]
        pieces += ["; " if index else "", value, *tail]
    return [*pieces, "}"]


_SIGNED_FORMS: dict[str, Callable[[_Printer, str, tuple[Expr, ...]], Pieces]] = {
    RADICAL: _Printer.print_radical,
    BARS: _Printer.print_bars,
    INDEXED_RADICAL: _Printer.print_indexed_radical,
    SUBSCRIPT: _Printer.print_subscripted,
    RELATION: _print_relation,
    PIECEWISE: _print_pieces,
}

_PRINTERS: dict[type, Callable[[_Printer, Expr], Pieces]] = {
    Num: _print_num,
    Sym: _print_sym,
    Const: _print_const,
    Add: _Printer.print_add,
    Neg: _Printer.print_neg,
    Mul: _Printer.print_mul,
    Div: _Printer.print_div,
    Pow: _Printer.print_pow,
    Call: _Printer.print_call,
    Log: _Printer.print_log,
    Indexed: _Printer.print_indexed,
    Sum: _Printer.print_big,
    Product: _Printer.print_big,
    Derivative: _Printer.print_derivative,
}


def to_pretty(expr: Expr) -> str:
    """The expression in one line of Unicode (one walk, iterative: safe at any depth,
    and in memory proportional to the text)."""
    return emit(expr, _Printer().pieces)


def to_pretty_marked(
    expr: Expr, marks: Collection[tuple[int, ...]], opening: str, closing: str
) -> str:
    """:func:`to_pretty`, with the sub-expressions at the paths ``marks`` between
    ``opening`` and ``closing`` (see :func:`symderiv.render.highlight.emit_marked`)."""
    return emit_marked(expr, _Printer().pieces, marks, opening, closing)
