"""A quick reader for the common shape of plain-text formulas.

Most formulas use only ASCII names and numbers, ``+ - * / ^ **``, parentheses,
functions with or without parentheses and products with or without ``*``
(``a*c**4*x + sin(x)/(2x + 1)``, ``x^2 e^x``, ``sin x cos x``).  :func:`read`
parses exactly that subset in one loop over the tokens of one regular expression,
with flat integer-coded operator stacks and without intermediate sums or products,
and gives the same tree as :func:`symderiv.parse.infix.parse`.

Whenever the text needs anything more (``sin^2 x``, ``log_2 x``, primes, brackets,
bars, superscripts, Unicode, declared functions, scientific notation, ``d/dx``,
``sum``/``prod``/``diff``) and whenever it holds a mistake, :func:`read` returns
``None`` and the full parser reads the text again: every message, position and
limit comes from there.

>>> read("2x^2 + sin x", (), False)
Add(Mul(Num(2), Pow(Sym('x'), Num(2))), Call('sin', Sym('x')))
>>> read("sin^2 x", (), False) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from fractions import Fraction
from typing import Any

from ..expr import (
    Add,
    Call,
    Div,
    Expr,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    undefined_log_base,
    undefined_root_index,
)
from ..functions import ALIASES, GREEK_LETTERS, lookup
from ..precedence import Level
from .lexer import MAX_DEPTH, MAX_DIGITS, MAX_LENGTH
from .vocabulary import (
    CONSTANTS,
    HOLDS_A_NAME,
    LOG_NAMES,
    REFUSED_BEFORE_OPERANDS,
    SPECIAL_FORMS,
)

__all__ = ["read"]

#: One token per match: ``**`` or another operator or punctuation mark; a name, with
#: its ``(`` when it is called, or raised to a whole number that nothing raises
#: further or follows with a number (``x**2``, read as one leaf); a number; or any
#: other single character.
_TOKEN = re.compile(
    r"""
    \*\*|[-+*/^(),]
  | [A-Za-z][A-Za-z0-9_]*(?:\s*\(|\s*(?:\*\*|\^)\s*\d+(?![\d.eE]|\s*(?:\*\*|\^|[\d.])))?
  | (?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?
  | \S
    """,
    re.ASCII | re.VERBOSE,
)
_POWER = re.compile(r"([A-Za-z][A-Za-z0-9_]*)\s*(?:\*\*|\^)\s*(\d+)", re.ASCII)

# Operator codes; the binary ones first.
ADD, SUB, MUL, DIV, POW, NEG_LOOSE, NEG_TIGHT, APPLY, OPEN, CLOSE, COMMA, OTHER = range(12)

_CODES: dict[str, int] = {
    "+": ADD, "-": SUB, "*": MUL, "/": DIV, "^": POW, "**": POW,
    "(": OPEN, ")": CLOSE, ",": COMMA,
}  # fmt: skip

#: The level of each operator code in the one precedence table.
_LEVELS: dict[int, Level] = {
    ADD: Level.ADD,
    SUB: Level.ADD,
    NEG_LOOSE: Level.NEG,
    MUL: Level.MUL,
    DIV: Level.MUL,
    POW: Level.POW,
}


#: Text the full parser reads as notation or refuses: a transpose ``x^T``, a derivative
#: written as a quotient (``dy/dx``, ``d^2y/dx^2``).
_NOTATION = re.compile(r"(?:\^|\*\*)\s*T(?![A-Za-z0-9_])|\bd[A-Za-z]?\s*/\s*d[A-Za-z]|\bd\s*\^")


def _looser_than(level: Level) -> frozenset[int]:
    return frozenset(code for code, held in _LEVELS.items() if held < level)


#: What an incoming ``*`` or ``/`` leaves on the stack: the looser operators.
_BELOW_PRODUCT = _looser_than(Level.MUL)
#: What a product written without ``*`` leaves: also a function without parentheses,
#: whose argument it extends (``sin 2x`` is sin(2x)).
_BELOW_IMPLICIT = _BELOW_PRODUCT | {APPLY}
#: What an incoming ``+`` or ``−`` leaves: nothing is looser.
_NOTHING = _looser_than(Level.ADD)


class _Terms(list[Expr]):
    """The terms of a sum still being read (built into one :class:`Add` at the end)."""

    __slots__ = ()


class _Factors(list[Expr]):
    """The factors of a product still being read."""

    __slots__ = ()


Builder = Callable[[list[Expr]], Expr | None]
Applier = Callable[[Expr], Expr]


class _Call:
    """A function name with its ``(``: how the call is built from its arguments."""

    __slots__ = ("build",)

    def __init__(self, build: Builder) -> None:
        self.build = build


class _Prefix:
    """A function written without parentheses (``sin x``): how it applies to its argument."""

    __slots__ = ("apply",)

    def __init__(self, apply: Applier) -> None:
        self.apply = apply


def _function(name: str, arity: int) -> Builder:
    return lambda arguments: Call(name, *arguments) if len(arguments) == arity else None


def _root(arguments: list[Expr]) -> Expr | None:
    """``root(x, n)``; an index of 0 is left to the full parser, which refuses it."""
    if len(arguments) != 2 or undefined_root_index(arguments[1]):
        return None
    return Call("root", *arguments)


def _fixed_log(base: Expr) -> Builder:
    return lambda arguments: Log(arguments[0], base) if len(arguments) == 1 else None


def _log(arguments: list[Expr]) -> Expr | None:
    """``log(x)`` or ``log(x, b)``; a base of 0 or 1 is left to the full parser."""
    if len(arguments) > 2 or (len(arguments) == 2 and undefined_log_base(arguments[1])):
        return None
    return Log(*arguments)


def _applier(name: str) -> Applier:
    return lambda argument: Call(name, argument)


def _log_applier(base: Expr | None) -> Applier:
    return lambda argument: Log(argument, base)


def _builders() -> tuple[dict[str, _Call], dict[str, _Prefix]]:
    calls: dict[str, _Call] = {}
    prefixes: dict[str, _Prefix] = {}
    for name in ALIASES:
        spec = lookup(name)
        # ``gamma`` and ``H`` are functions only right before "(" (``gamma x`` is γ·x,
        # ``H (x)`` is H·x): the full parser reads them.
        letter_like = name in GREEK_LETTERS or len(name) == 1
        if spec is not None and name.isascii() and not name.startswith("log_") and not letter_like:
            build = _root if spec.name == "root" else _function(spec.name, spec.arity)
            calls[name] = _Call(build)
            if spec.arity == 1:
                prefixes[name] = _Prefix(_applier(spec.name))
    for name, base in LOG_NAMES.items():
        calls[name] = _Call(_log if base is None else _fixed_log(base))
        prefixes[name] = _Prefix(_log_applier(base))
    return calls, prefixes


#: Function name -> how its call is built from the arguments, and how it applies
#: without parentheses (names not here need the full parser).
_CALLS, _PREFIXES = _builders()

_CACHE_LIMIT = 4096
_NUMBERS: dict[str, Num] = {}
_NEGATIVES: dict[str, Num] = {}

#: What a token means, ``e`` a constant or a symbol: an operator code (``OTHER``:
#: the full parser is needed), a number literal's text, a leaf node, or a function
#: name with its ``(`` or without one.  Filled as tokens are first met.
Meaning = int | str | Expr | _Call | _Prefix
_MEANINGS: tuple[dict[str, Meaning], dict[str, Meaning]] = (dict(_CODES), dict(_CODES))


def _number(text: str) -> Num:
    """The node of a number literal (``text`` holds digits and at most one point)."""
    node = _NUMBERS.get(text)
    if node is None:
        if len(_NUMBERS) >= _CACHE_LIMIT:
            _NUMBERS.clear()
        node = Num(int(text)) if text.isdigit() else Num(Fraction(text), True)
        _NUMBERS[text] = node
    return node


def _negative(text: str) -> Num:
    """A minus sign directly before a number literal makes a negative number."""
    node = _NEGATIVES.get(text)
    if node is None:
        if len(_NEGATIVES) >= _CACHE_LIMIT:
            _NEGATIVES.clear()
        positive = _number(text)
        node = Num(-positive.value, positive.decimal)
        _NEGATIVES[text] = node
    return node


def _name(name: str, e_is_symbol: bool) -> Meaning:
    """A name read as a symbol, a constant or a function without parentheses;
    ``OTHER`` for any name the full parser treats otherwise (notation, ``log_b``,
    functions of two arguments, glued function names, a letter run into ``e``, ``lg``)."""
    if name in SPECIAL_FORMS or name in REFUSED_BEFORE_OPERANDS:
        return OTHER
    if name in LOG_NAMES or name.startswith("log_") or name in ALIASES:
        return _PREFIXES.get(name, OTHER)
    if name in CONSTANTS and not (e_is_symbol and name == "e"):
        return CONSTANTS[name]
    if (len(name) >= 3 and HOLDS_A_NAME.search(name) is not None) or (
        len(name) == 2 and name[1] == "e"  # xe^x: the full parser asks
    ):
        return OTHER
    return Sym(name)


def _meaning(token: str, e_is_symbol: bool) -> Meaning:
    """Classify a token not yet in the table, and remember it."""
    meanings = _MEANINGS[e_is_symbol]
    meaning: Meaning
    power = _POWER.fullmatch(token)
    if power is not None:
        base = _name(power[1], e_is_symbol)
        short = len(power[2]) <= MAX_DIGITS
        meaning = Pow(base, _number(power[2])) if isinstance(base, Expr) and short else OTHER
    elif "0" <= token[0] <= "9" or (token[0] == "." and len(token) > 1):
        short = len(token) <= MAX_DIGITS and "e" not in token and "E" not in token
        meaning = token if short else OTHER
    elif token[-1] == "(":
        meaning = _CALLS.get(token[:-1].rstrip(), OTHER)
    elif token[0].isalpha() and token.isascii():
        meaning = _name(token, e_is_symbol)
    else:
        meaning = OTHER
    if len(meanings) >= _CACHE_LIMIT:
        meanings.clear()
        meanings.update(_CODES)
    meanings[token] = meaning
    return meaning


def _expr(item: Any) -> Expr:
    """The tree of a stack item: a literal's text, a sum or product being read, or a node."""
    kind = type(item)
    if kind is str:
        return _number(item)
    if kind is _Terms:
        return Add._intern(tuple(item))
    if kind is _Factors:
        return Mul._intern(tuple(item))
    return item  # type: ignore[no-any-return]


def _negated(item: Any) -> Expr:
    if type(item) is str:
        return _negative(item)
    return Neg._intern((_expr(item),))


def _reduce(
    ops: list[int], items: list[Any], applied: list[Applier], base: int, keep: frozenset[int]
) -> None:
    """Apply the pending operators of the current level down to ``base``, stopping at
    an operator in ``keep``.  Nodes are interned directly: every operand is a node."""
    while len(ops) > base:
        op = ops[-1]
        if op in keep:
            return
        ops.pop()
        right = items.pop()
        if op >= NEG_LOOSE:
            if op == APPLY:
                items.append(applied.pop()(_expr(right)))
            else:
                items.append(_negated(right))
            continue
        left = items[-1]
        if op == MUL:
            if type(left) is _Factors:
                left.append(_expr(right))
            else:
                items[-1] = _Factors((_expr(left), _expr(right)))
        elif op <= SUB:
            term = _expr(right) if op == ADD else _negated(right)
            if type(left) is _Terms:
                left.append(term)
            else:
                items[-1] = _Terms((_expr(left), term))
        elif op == POW:
            items[-1] = Pow._intern((_expr(left), _expr(right)))
        else:
            items[-1] = Div._intern((_expr(left), _expr(right)))


def _implicit_product(
    ops: list[int], items: list[Any], applied: list[Applier], base: int, call: bool
) -> None:
    """An operand directly after an operand: the product written without ``*``.  It
    binds as ``*`` does, except that the argument of a function without parentheses
    extends over it unless a function starts the new operand (``sin x cos x``)."""
    keep = _BELOW_PRODUCT if call else _BELOW_IMPLICIT
    if len(ops) > base and ops[-1] not in keep:
        _reduce(ops, items, applied, base, keep)
    ops.append(MUL)


def read(text: str, declared: Collection[str], e_is_symbol: bool) -> Expr | None:
    """The tree of ``text`` if it lies in the quick subset and is well formed, else ``None``."""
    if len(text) > MAX_LENGTH or "d/d" in text or _NOTATION.search(text) is not None:
        return None
    if declared and any(name in text for name in declared):
        return None
    tokens = _TOKEN.findall(text)
    if len(tokens) >= MAX_DEPTH:
        return None
    meanings = _MEANINGS[e_is_symbol]
    items: list[Any] = []  # operands: number texts, pending sums/products, nodes
    ops: list[int] = []  # pending operators of every open level
    applied: list[Applier] = []  # functions without parentheses, for their APPLY codes
    frames: list[tuple[int, Builder | None, list[Expr]]] = []  # open parentheses
    base = 0  # where the current level's operators start in ``ops``
    expect = True  # an operand is due
    for token in tokens:
        meaning = meanings.get(token)
        if meaning is None:
            meaning = _meaning(token, e_is_symbol)
        if type(meaning) is int:
            if meaning <= POW:
                if expect:
                    if meaning == SUB:
                        top = ops[-1] if len(ops) > base else ADD
                        ops.append(NEG_LOOSE if top <= SUB else NEG_TIGHT)
                    elif meaning != ADD or len(ops) > base:
                        return None
                    continue
                if meaning <= SUB:
                    if len(ops) > base:
                        _reduce(ops, items, applied, base, _NOTHING)
                elif meaning != POW and len(ops) > base and ops[-1] not in _BELOW_PRODUCT:
                    _reduce(ops, items, applied, base, _BELOW_PRODUCT)
                ops.append(meaning)
                expect = True
            elif meaning == OPEN:
                if not expect:
                    _implicit_product(ops, items, applied, base, False)
                    expect = True
                frames.append((base, None, []))
                base = len(ops)
            elif expect or not frames or meaning == OTHER:
                return None
            else:
                if len(ops) > base:
                    _reduce(ops, items, applied, base, _NOTHING)
                value = _expr(items.pop())
                outer, build, arguments = frames[-1]
                if meaning == COMMA:
                    if build is None:
                        return None
                    arguments.append(value)
                    expect = True
                    continue
                frames.pop()
                base = outer
                if build is not None:
                    arguments.append(value)
                    built = build(arguments)
                    if built is None:
                        return None
                    value = built
                items.append(value)
        else:
            kind = type(meaning)
            if not expect:
                if kind is str and type(items[-1]) is str:
                    return None  # two numbers in a row
                _implicit_product(ops, items, applied, base, kind is _Call or kind is _Prefix)
            if kind is _Call:
                frames.append((base, meaning.build, []))  # type: ignore[union-attr]
                base = len(ops)
                expect = True
            elif kind is _Prefix:
                ops.append(APPLY)
                applied.append(meaning.apply)  # type: ignore[union-attr]
                expect = True
            else:
                items.append(meaning)
                expect = False
    if expect or frames:
        return None
    _reduce(ops, items, applied, 0, _NOTHING)
    return _expr(items[0])
