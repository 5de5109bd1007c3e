"""The plain-text parser: ``parse("x^2 e^x") -> Expr``.  Our own code; nothing is executed.

Grammar, loosest binding first (levels from :mod:`symderiv.precedence`)::

    equation   sum '=' sum                       (parse_equation only)
    sum        ['-'] product (('+' | '-') product)*
    product    power ((['*' | '/'] power) | ('*' | '/') '-' power)*   implicit '*' allowed
    power      postfix ['^' ['-'] power]         right associative: 2^3^2 = 2^(3^2)
    postfix    atom ["'"... | superscript]
    atom       number | name | e | pi | '(' sum ')' | '[' sum ']' | '|' sum '|'
             | function '(' args ')' | function argument     (sin x, sin^2 x, log_2 x)
             | name '[' indices ']' | d/dx product

Conventions (the textbook ones):

* ``-x^2`` is −(x²) and ``-2x`` is −(2x); a minus sign directly before a number
  literal gives a negative number; ``a - b`` is ``a + (−b)``;
* ``a/b/c`` is (a/b)/c, ``1/2x`` is (1/2)·x, ``1/2`` stays a quotient;
* implicit multiplication: ``2x``, ``2 x``, ``x y``, ``2(x+1)``, ``(x+1)(x-1)``,
  ``x sin(x)``, ``2e^x``; a run of letters such as ``xy`` or ``xsin`` is one name, never
  split;
* a function without parentheses takes the implicit product that follows it, up to
  the next explicit operator or function: ``sin x cos x`` = sin(x)·cos(x),
  ``sin 2x`` = sin(2x), ``sin x^2`` = sin(x²), ``ln x + 1`` = ln(x) + 1;
* ``sin^2 x`` and ``sin²(x)`` are (sin x)²;
* a letter before ``(`` multiplies (``x(x+1)``); ``f``, ``g``, ``h`` and longer names
  are calls: an unknown one is an error unless declared (``functions=["f"]``);
* ``y[i, k]`` is indexed; ``sum(body, k, 1, K)``, ``prod(…)``, ``diff(f, x, 2, y)``,
  ``(f)'``, ``d^2/dx^2 f``, ``∂²/∂x∂y (f)`` (see :mod:`.notation`) are Σ, Π and
  derivatives; ``y'`` is a name; ``f'(x)`` is the derivative of a declared ``f``.

The parser keeps its own stack, so formulas nested tens of thousands deep parse
without recursion.  :func:`parse` first tries :mod:`symderiv.parse.quick`, which reads
the common subset of this grammar faster and to the same tree, and leaves everything
else, every error included, to the full parser here.

>>> parse("x^2 e^x")
Mul(Pow(Sym('x'), Num(2)), Pow(Const('e'), Sym('x')))
>>> parse("log(x, 2)")
Log(Sym('x'), Num(2))
>>> print(parse("sin x cos x"))
sin(x)*cos(x)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import cast

from ..errors import LimitError, MatrixNotationError, ParseError
from ..expr import (
    Add,
    Call,
    Derivative,
    Div,
    Equation,
    Expr,
    Indexed,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
)
from ..functions import ALIASES, GREEK_LETTERS, FunctionSpec, lookup
from ..precedence import BINARY_OPERATORS, Level
from .bars import read_bars
from .calls import CALL_BUILDERS, check_log_base, undefined_log_message
from .lexer import GREEK, MAX_DEPTH, Token, tokenize
from .notation import (
    NOT_FUNCTIONS,
    NOTES,
    NOTHING_FOLLOWS,
    NOTHING_MESSAGE,
    TRANSPOSE_MESSAGE,
    Note,
    Stages,
    applied_message,
    binary_note,
    closest_name,
    extent_message,
    function_power_refusal,
    is_differential,
    multiplies,
    negative_power_refusal,
    nested,
    quotient_message,
    quotient_numerator,
    stages_from_text,
)
from .piecewise import expand_piecewise, restore
from .primes import primed_calls
from .quick import read as quick_read
from .vocabulary import (
    CONSTANTS,
    LOG_NAMES,
    REFUSED_BEFORE_OPERANDS,
    SPECIAL_FORMS,
    foreign_name,
    glued_suggestion,
    plain_name,
)

__all__ = [
    "LOG_NAMES",
    "MAX_DEPTH",
    "parse",
    "parse_equation",
    "parse_tokens",
    "parse_with_notes",
    "undefined_log_message",
]


# ---------------------------------------------------------------------------------------
# Operands and operators inside one bracket level
# ---------------------------------------------------------------------------------------
class Operand:
    """An expression on the operand stack.

    ``literal`` marks a bare number token (so a minus sign before it makes a negative
    number); ``grouped`` marks a bracketed group (so it is not flattened into a
    surrounding sum or product).  A sum or product still being read keeps its terms
    in a list (``chain`` is its class) and builds its node once, when first asked for:
    appending a term costs the same however long the sum already is.
    """

    __slots__ = ("_expr", "chain", "grouped", "literal", "pos", "terms")

    def __init__(self, expr: Expr, pos: int, literal: bool = False, grouped: bool = False) -> None:
        self._expr: Expr | None = expr
        self.pos = pos
        self.literal = literal
        self.grouped = grouped
        self.chain: type[Add] | type[Mul] | None = None
        self.terms: list[Expr] = []

    @property
    def expr(self) -> Expr:
        """The node of this operand (a sum or product being read is built here, once)."""
        if self._expr is None:
            assert self.chain is not None
            self._expr = self.chain(*self.terms)
        return self._expr

    def extended(self, cls: type[Add] | type[Mul], right: Expr) -> Operand:
        """This operand with one more term (``cls`` is Add) or factor (``cls`` is Mul):
        an ungrouped sum or product grows in place, anything else starts one."""
        if self.chain is not cls:
            if self.grouped or type(self.expr) is not cls:
                self.terms = [self.expr]
            else:
                self.terms = list(self.expr.children)
            self.chain = cls
            self.grouped = False
            self.literal = False
        self.terms.append(right)
        self._expr = None
        return self


@dataclass(slots=True)
class Operator:
    """A pending operator: binary (``+ - * / ^``, implicit product), prefix minus, or a
    function written without parentheses (``sin x``)."""

    kind: str
    pos: int
    binding: int
    prefix: bool = False
    build: Callable[[Expr], Expr] | None = None
    power: Expr | None = None


# Binding powers, from the one precedence table.  A prefix operator's binding is the
# loosest operator it captures.
_BINARY: dict[str, tuple[int, bool]] = {  # kind -> (binding, right-associative)
    **{symbol: (op.level, op.right) for symbol, op in BINARY_OPERATORS.items()},
    "implicit": (BINARY_OPERATORS["*"].level, False),
    "implicit-call": (BINARY_OPERATORS["*"].level, False),
}
_LOOSE_MINUS = Level.NEG  # -2x = -(2x)
_TIGHT_MINUS = Level.SIGNED  # a*-b = a*(-b), x^-2 = x^(-2)
_FUNCTION = Level.MUL  # sin x y = sin(x y), but sin x * y = sin(x)*y


#: What a derivative operator written without parentheses takes as its operand: the
#: product that follows, functions and powers included (``d/dx x^2 sin x``).
_DERIVATIVE_CAPTURES = frozenset({"implicit", "implicit-call", "^"})


def _function_captures(operator: Operator, incoming: str) -> bool:
    """Whether a parenthesis-free function's argument extends over ``incoming``."""
    return incoming in ("implicit", "^")


class _Level:
    """Precedence climbing over one bracket level, with explicit stacks."""

    __slots__ = ("expect_operand", "operands", "operators", "parser")

    def __init__(self, parser: _Parser) -> None:
        self.operands: list[Operand] = []
        self.operators: list[Operator] = []
        self.expect_operand = True
        self.parser = parser

    # -- input ------------------------------------------------------------------------------
    def operand(self, item: Operand) -> None:
        self.operands.append(item)
        self.expect_operand = False

    def prefix(self, operator: Operator) -> None:
        self._push(operator)
        self.expect_operand = True

    def binary(self, kind: str, pos: int) -> None:
        binding, right = _BINARY[kind]
        if self.operators:
            self.parser.note_binary(self.operators[-3:], self.operands[-1], kind)
        while self.operators:
            top = self.operators[-1]
            if top.prefix:
                if top.kind == "d/d":
                    if kind in _DERIVATIVE_CAPTURES:
                        break
                    self.parser.check_derivative_extent(top, self.operands[-1], kind, pos)
                elif top.build is not None and top.kind != "bigop":
                    if _function_captures(top, kind):
                        break
                elif binding > top.binding:
                    break
            elif top.binding < binding or (right and top.binding == binding):
                break
            self._reduce()
        self._push(Operator(kind, pos, binding))
        self.expect_operand = True

    def postfix(self, build: Callable[[Operand], Operand]) -> None:
        self.operands[-1] = build(self.operands[-1])

    def _push(self, operator: Operator) -> None:
        self.operators.append(operator)
        if len(self.operators) > MAX_DEPTH:
            raise LimitError(
                f"formula nested too deeply (the limit is {MAX_DEPTH:,})",
                self.parser.source,
                operator.pos,
            )

    # -- output -----------------------------------------------------------------------------
    def finish(self, pos: int) -> Operand:
        if self.expect_operand:
            self.parser.expected_operand(pos)
        while self.operators:
            self._reduce()
        if len(self.operands) != 1:  # pragma: no cover - the token loop keeps this invariant
            raise ParseError("malformed formula", self.parser.source, pos)
        return self.operands[0]

    def _reduce(self) -> None:
        operator = self.operators.pop()
        right = self.operands.pop()
        if operator.prefix:
            self.operands.append(Operand(_apply_prefix(operator, right), operator.pos))
            return
        left = self.operands.pop()
        self.operands.append(_COMBINE[operator.kind](left, right))


def _negated(item: Operand) -> Expr:
    """``-3`` is the number −3; any other negation is a :class:`Neg` node."""
    if item.literal and isinstance(item.expr, Num):
        return Num(-item.expr.value, item.expr.decimal)
    return Neg(item.expr)


def _apply_prefix(operator: Operator, operand: Operand) -> Expr:
    if operator.build is None:
        return _negated(operand)
    applied = operator.build(operand.expr)
    return applied if operator.power is None else Pow(applied, operator.power)


def _quotient(left: Operand, right: Operand) -> Operand:
    return Operand(Div(left.expr, right.expr), left.pos)


def _power(left: Operand, right: Operand) -> Operand:
    return Operand(Pow(left.expr, right.expr), left.pos)


#: Binary operator -> the operand it makes of its two operands.  Sums and products
#: grow in place (``a + b + c`` is one Add of three terms, built once).
_COMBINE: dict[str, Callable[[Operand, Operand], Operand]] = {
    "+": lambda a, b: a.extended(Add, b.expr),
    "-": lambda a, b: a.extended(Add, _negated(b)),
    "*": lambda a, b: a.extended(Mul, b.expr),
    "implicit": lambda a, b: a.extended(Mul, b.expr),
    "implicit-call": lambda a, b: a.extended(Mul, b.expr),
    "/": _quotient,
    "^": _power,
}


# ---------------------------------------------------------------------------------------
# Bracket levels
# ---------------------------------------------------------------------------------------
def _greek_word_alone(text: str, after: list[Token]) -> bool:
    """A function named by a Greek letter or its name (``σ``, ``gamma``, ``Phi``) or by
    one Latin letter (``H``) read as a symbol unless a parenthesis follows at once, or
    after a power: ``gamma x`` is γ·x, ``gamma(x)`` Γ(x); ``σ z`` is σ·z, ``σ(z)`` and
    ``σ²(z)`` the sigmoid; ``H`` is a symbol, ``H(x)`` the step function (``after``: the
    tokens that follow the name)."""
    named = text in GREEK_LETTERS or text in GREEK or (len(text) == 1 and text.isascii())
    following = after[0]
    if following.kind == "LPAREN" and not following.spaced:
        return False
    kinds = [token.kind for token in after]
    powered = kinds[:2] == ["SUPERSCRIPT", "LPAREN"] or (
        kinds == ["OP", "NUMBER", "LPAREN"] and following.text == "^"
    )
    return named and not powered


def _with_defaults(spec: FunctionSpec, arguments: list[Expr]) -> list[Expr]:
    """The arguments with the trailing ones left out filled in from the table
    (``leaky_relu(x)`` is ``leaky_relu(x, 0.01)``)."""
    missing = spec.arity - len(arguments)
    if 0 < missing <= len(spec.defaults):
        return [*arguments, *spec.defaults[len(spec.defaults) - missing :]]
    return arguments


@dataclass(slots=True)
class _Frame:
    """An open bracket: what opened it, the arguments read so far, and how to close it."""

    kind: str  # top, paren, bracket, abs, call, index
    pos: int
    level: _Level
    closer: str
    name: str = ""
    arguments: list[Operand] = field(default_factory=list)
    power: Expr | None = None


_CLOSERS = {"paren": "RPAREN", "call": "RPAREN", "bracket": "RBRACKET", "index": "RBRACKET"}
#: Each Greek letter alone, and the runs of other letters between them (``π r``).
_GREEK_RUNS = re.compile(f"[{''.join(GREEK)}]|[^{''.join(GREEK)}]+")
#: The tokens an operand starts with.
_OPERAND_STARTS = frozenset(
    {"NUMBER", "NAME", "DERIVATIVE", "BIGOP", "LPAREN", "LBRACKET", "BAR", "LBAR"}
)


class _Parser:
    def __init__(
        self,
        source: str,
        functions: Iterable[str],
        e_is_symbol: bool,
        allow_equation: bool,
        tokens: list[Token] | None = None,
        closing: frozenset[int] | None = None,
    ) -> None:
        self.source = source
        #: The bars that close where they could open a nested |…|: None for every one
        #: (their positions are then noted in ``ambiguous``); the others are ``opened``.
        self.closing = closing
        self.ambiguous: list[int] = []
        self.opened: list[int] = []
        self.pieces: dict[Expr, Expr] = {}  # piecewise((…), …) read apart (parse.piecewise)
        if tokens is None and "piecewise" in source:
            source, self.pieces = expand_piecewise(
                source, lambda part: parse_full(part, functions, e_is_symbol)
            )
        self.tokens = primed_calls(tokens or tokenize(source), functions, source)
        #: Whether the tokens come from the LaTeX reader (refusals then spell LaTeX).
        self.latex = tokens is not None
        self.count = len(self.tokens)
        self.declared = frozenset(functions)
        self.constants = dict(CONSTANTS)
        if e_is_symbol:
            del self.constants["e"]
        self.allow_equation = allow_equation
        self.index = 0
        self.frames: list[_Frame] = [_Frame("top", 0, _Level(self), "END")]
        self.sides: list[Expr] = []
        self.notes: list[Note] = []

    # -- helpers ------------------------------------------------------------------------------
    def error(self, message: str, pos: int) -> ParseError:
        return ParseError(message, self.source, pos)

    def note(self, convention: str, sentence: str) -> None:
        """Record a reading convention applied (once per convention and sentence)."""
        if (convention, sentence) not in self.notes:
            self.notes.append((convention, sentence))

    def note_binary(self, pending: list[Operator], operand: Operand, kind: str) -> None:
        """Notes for an operator arriving after ``pending`` (see :func:`notation.binary_note`)."""
        top, below = pending[-1], tuple(operator.kind for operator in pending[:-1])
        function = top.prefix and top.build is not None and top.kind not in NOT_FUNCTIONS
        number = operand.expr if operand.literal else None
        spaced = kind == "/" and self.tokens[self.index - 1].spaced
        found = binary_note(top.kind, function, number, kind, self.peek(), below, spaced)
        if found is not None:
            self.note(*found)

    def check_derivative_extent(self, top: Operator, operand: Operand, kind: str, pos: int) -> None:
        """``d/dx x^2 + 1``: a derivative operator whose operand is not in brackets, before
        ``+ - * /``, is ambiguous (the sum, or the first term?) and refused."""
        if not operand.grouped:
            raise self.error(extent_message(self._token_at(top.pos).text, kind), pos)

    def expected_operand(self, pos: int) -> None:
        token = self._token_at(pos)
        found = "the end of the input" if token.kind == "END" else repr(token.text)
        raise self.error(f"expected a number, a name or '(' but found {found}", pos)

    def _token_at(self, pos: int) -> Token:
        for token in self.tokens:
            if token.pos == pos:
                return token
        return self.tokens[-1]

    @property
    def frame(self) -> _Frame:
        return self.frames[-1]

    @property
    def level(self) -> _Level:
        return self.frames[-1].level

    def peek(self, offset: int = 0) -> Token:
        at = self.index + offset
        return self.tokens[at] if at < self.count else self.tokens[-1]

    def open(self, kind: str, token: Token, name: str = "", power: Expr | None = None) -> None:
        closer = _CLOSERS.get(kind, "BAR")
        self.frames.append(_Frame(kind, token.pos, _Level(self), closer, name, power=power))
        if len(self.frames) > MAX_DEPTH:
            raise LimitError(
                f"formula nested too deeply (the limit is {MAX_DEPTH:,})", self.source, token.pos
            )

    def before_operand(self, token: Token, calls: bool = False) -> None:
        """An operand starts here: insert an implicit product if one is due."""
        level = self.level
        if level.expect_operand:
            return
        previous = self.tokens[self.index - 1]
        if token.kind == "NUMBER" and previous.kind == "NUMBER":
            raise self.error("two numbers in a row; write * between them", token.pos)
        level.binary("implicit-call" if calls else "implicit", token.pos)

    # -- main loop ----------------------------------------------------------------------------
    def run(self) -> Expr | Equation:
        while True:
            token = self.peek()
            handler = _HANDLERS[token.kind]
            if handler(self, token):
                break
        result = self.frames[0].level.finish(self.peek().pos).expr
        if self.sides:
            return restore(Equation(self.sides[0], result), self.pieces)
        return restore(result, self.pieces)

    # -- token handlers (each returns True at the end of input) -------------------------------
    def on_number(self, token: Token) -> bool:
        self.before_operand(token)
        text = token.text
        number = Num(int(text)) if text.isdigit() else Num(Fraction(text), True)
        self.level.operand(Operand(number, token.pos, literal=True))
        self.index += 1
        self.superscript_power()
        return False

    def on_name(self, token: Token) -> bool:
        text = token.text
        following = self.peek(1)
        if text in self.declared or text in SPECIAL_FORMS:
            return self.declared_function(token)
        if (text in LOG_NAMES or text.startswith("log_") or text in ALIASES) and not (
            _greek_word_alone(text, [following, self.peek(2), self.peek(3)])
        ):
            return self.function(token)
        if text in REFUSED_BEFORE_OPERANDS and following.kind in ("NAME", "NUMBER", "LPAREN"):
            raise self.unknown_function(token)
        if following.kind == "LPAREN" and not following.spaced and text not in self.constants:
            if not multiplies(text):
                raise self.unknown_function(token)
            inner, closing = self.peek(2), self.peek(3)
            if inner.kind in ("NAME", "NUMBER") and closing.kind == "RPAREN":
                product = f"{text}*({inner.text})"
                raise self.error(applied_message(text, inner.text, product), token.pos)
            self.note("implicit-product", NOTES["implicit-product"].format(f"{text}(…)"))
        if is_differential(text) and len(text) == 2:
            start = quotient_numerator(self.tokens, self.index - 1)
            if start is not None:
                raise self.error(quotient_message(self.source, self.tokens, start, token), start)
        if following.kind == "PRIME" and not following.spaced:
            prime_next = self.peek(2)
            if prime_next.kind == "LPAREN":
                raise self.unknown_function(token)
        self.check_run_of_letters(token)
        self.before_operand(token)
        self.index += 1
        if following.kind == "LBRACKET" and not following.spaced:
            self.open("index", following, name=_symbol_name(text))
            self.index += 1
            return False
        constant = self.constants.get(text)
        expr: Expr = constant if constant is not None else Sym(_symbol_name(text))
        self.level.operand(Operand(expr, token.pos))
        self.superscript_power()
        return False

    def check_run_of_letters(self, token: Token) -> None:
        """``sinx``, ``lnx``, ``xsin``: a function name run together with a letter;
        ``πr``, ``θx``: a Greek letter run together with another; ``xe^x``: a letter run
        into e's power, are refused with a suggestion, never read as one opaque name."""
        text = token.text.split("_")[0]
        greek = sum(letter in GREEK for letter in text)
        if greek and greek + sum(letter.isalpha() and letter not in GREEK for letter in text) > 1:
            apart = " ".join(_GREEK_RUNS.findall(text))
            raise self.error(f"unknown name {text!r}; did you mean '{apart}'?", token.pos)
        following = self.peek(1)
        if len(token.text) == 2 and token.text[1] == "e" and following.text == "^":
            head = token.text[0]
            raise self.error(f"unknown name {token.text!r}; did you mean '{head} e^…'?", token.pos)
        suggestion = glued_suggestion(text)
        if suggestion is not None:
            raise self.error(f"unknown name {text!r}; did you mean {suggestion}?", token.pos)

    def unknown_function(self, token: Token) -> ParseError:
        name = token.text
        refused = foreign_name(name, latex=self.latex, written=name)
        if refused is not None:
            return self.error(refused, token.pos)
        candidates = [*ALIASES, *LOG_NAMES, *SPECIAL_FORMS, *self.declared]
        hint = ""
        for known in sorted(candidates, key=len, reverse=True):
            if len(name) > len(known) and name.endswith(known) and known.isascii():
                hint = f"; did you mean {name[: -len(known)]}*{known}(…)?"
                break
        if not hint:
            close = closest_name(name, candidates)
            if close:
                hint = f"; did you mean {close}?"
            elif len(name) == 1:
                hint = f"; write {name}*(…) for a product, or declare {name} a function"
        return self.error(f"unknown function {name!r}{hint}", token.pos)

    def function(self, token: Token) -> bool:
        """A known function: with parentheses, or applied to what follows (``sin x``)."""
        self.before_operand(token, calls=True)
        self.index += 1
        name, base = self.function_name(token)
        power = self.function_power(token)
        following = self.peek()
        if following.kind == "LPAREN":
            self.open("call", following, name=name, power=power)
            self.frame.arguments = []
            if base is not None:
                self.frame.arguments.append(Operand(base, token.pos))
                self.frame.name = "log_base"
            self.index += 1
            return False
        if name == "root":
            raise self.error("root needs parentheses: root(x, n)", following.pos)
        if following.kind in ("END", "RPAREN", "RBRACKET", "COMMA", "EQUALS") or (
            following.kind == "OP" and following.text in "+*/^"
        ):
            if token.text in GREEK and power is None:
                self.level.operand(Operand(Sym(GREEK[token.text]), token.pos))
                return False
            raise self.error(f"expected the argument of {token.text}", following.pos)
        build = _unary_builder(name, base)
        if token.text == "log":
            self.note("natural-log", NOTES["natural-log"])
        self.level.prefix(Operator(name, token.pos, _FUNCTION, True, build, power))
        return False

    def function_name(self, token: Token) -> tuple[str, Expr | None]:
        text = token.text
        if text in LOG_NAMES:
            return ("log", LOG_NAMES[text])
        if text.startswith("log_") and isinstance(token.payload, Expr):  # LaTeX \log_{1/2}
            return ("log", token.payload)
        if text.startswith("log_"):
            base_text = text[4:]
            if not base_text:
                raise self.error("log_ needs a base, as in log_2(x)", token.pos)
            if base_text.isascii() and base_text.isdigit():
                base = Num(int(base_text))
                at = token.pos + 4 if self.source.startswith("log_", token.pos) else token.pos
                check_log_base(self, base, at)
                return ("log", base)
            constant = self.constants.get(base_text)
            return ("log", constant if constant is not None else Sym(_symbol_name(base_text)))
        spec = lookup(text)
        assert spec is not None
        return (spec.name, None)

    def function_power(self, token: Token) -> Expr | None:
        """``sin^2 x``, ``sin²x``: a power written between a function and its argument."""
        following = self.peek()
        if following.kind == "SUPERSCRIPT":
            self.index += 1
            return self.power_exponent(following)
        if following.kind == "OP" and following.text == "^":
            exponent = self.peek(1)
            if exponent.kind == "OP" and exponent.text == "-":
                refusal = negative_power_refusal(token.text, self.peek(2).text, latex=self.latex)
                raise self.error(refusal, following.pos)
            if exponent.kind != "NUMBER":
                refusal = function_power_refusal(token.text, latex=self.latex)
                raise self.error(refusal, exponent.pos)
            self.index += 2
            return Num(Fraction(exponent.text), "." in exponent.text)
        return None

    def power_exponent(self, token: Token) -> Expr:
        value = int(token.text)
        if len(token.text.lstrip("+-")) > 6:
            raise LimitError("superscript exponent too large", self.source, token.pos)
        return Num(value)

    def superscript_power(self) -> None:
        token = self.peek()
        if token.kind == "SUPERSCRIPT":
            exponent = self.power_exponent(token)
            self.level.postfix(lambda item: Operand(Pow(item.expr, exponent), item.pos))
            self.index += 1

    def declared_function(self, token: Token) -> bool:
        following = self.peek(1)
        name = token.text
        if following.kind == "PRIME" and not following.spaced and name not in SPECIAL_FORMS:
            name += "'" * len(following.text)
            self.index += 1
            following = self.peek(1)
        if following.kind != "LPAREN":
            if name in SPECIAL_FORMS:
                raise self.error(f"{name} needs parentheses: {name}(…)", following.pos)
            self.before_operand(token, calls=True)
            self.index += 1
            build = _declared_builder(name)
            self.level.prefix(Operator(name, token.pos, _FUNCTION, True, build))
            return False
        self.before_operand(token, calls=True)
        self.index += 2
        self.open("call", following, name=name)
        self.frame.name = f"declared:{name}" if name not in SPECIAL_FORMS else name
        return False

    def on_derivative(self, token: Token) -> bool:
        """``d/dx``, ``d^2/dx^2``, ``∂²/∂x∂y`` (or the LaTeX reader's ``\\frac{d}{dx}``,
        its stages in the payload): an operator on the bracket or product after it."""
        written: Stages = token.payload or stages_from_text(token.text, self.source, token.pos)
        # ∂²/∂x∂y is ∂/∂x (∂/∂y …): the variables nearest the operand act first.
        stages = tuple((_symbol_name(name), order) for name, order in reversed(written))
        following = self.peek(1)
        if following.kind in NOTHING_FOLLOWS or (following.kind == "OP" and following.text != "-"):
            raise self.error(NOTHING_MESSAGE.format(operator=token.text), following.pos)
        self.before_operand(token, calls=True)
        self.index += 1
        build: Callable[[Expr], Expr] = lambda expr: nested(expr, stages)  # noqa: E731
        self.level.prefix(Operator("d/d", token.pos, _FUNCTION, True, build))
        if following.kind not in ("LPAREN", "LBRACKET"):
            self.note("derivative-operand", NOTES["derivative-operand"].format(token.text))
        if len(stages) > 1:
            self.note("mixed-partial", NOTES["mixed-partial"].format(token.text))
        return False

    def on_bigop(self, token: Token) -> bool:
        """Σ or Π written as a prefix (LaTeX ``\\sum_{i=1}^{N}``): its body is the product
        that follows, up to the next ``+`` or ``-``."""
        self.before_operand(token, calls=True)
        self.index += 1
        build: Callable[[Expr], Expr] = token.payload
        self.level.prefix(Operator("bigop", token.pos, _LOOSE_MINUS, True, build))
        return False

    def on_open(self, token: Token) -> bool:
        self.before_operand(token)
        self.open("paren" if token.kind == "LPAREN" else "bracket", token)
        self.index += 1
        return False

    def on_bar(self, token: Token) -> bool:
        if not self.level.expect_operand:
            if self.frame.kind == "abs" and not self.opens_nested(token):
                return self.close(token)
            if self.frame.kind != "abs" and any(frame.kind == "abs" for frame in self.frames):
                raise self.error(self.unclosed_message(self.frame), token.pos)
        return self.on_left_bar(token)

    def opens_nested(self, token: Token) -> bool:
        """Whether a bar that could close ``|…|`` opens a nested one (see :mod:`.bars`)."""
        if self.peek(1).kind not in _OPERAND_STARTS:
            return False
        if self.closing is None:
            self.ambiguous.append(token.pos)
            return False
        if token.pos in self.closing:
            return False
        self.opened.append(token.pos)
        return True

    def on_left_bar(self, token: Token) -> bool:
        self.before_operand(token)
        self.open("abs", token)
        self.index += 1
        return False

    def on_right_bar(self, token: Token) -> bool:
        if self.level.expect_operand:
            self.expected_operand(token.pos)
        if self.frame.kind == "top":
            raise self.error("a closing | with no | before it to open", token.pos)
        if self.frame.kind != "abs":
            raise self.error(self.unclosed_message(self.frame), token.pos)
        return self.close(token)

    def on_operator(self, token: Token) -> bool:
        level = self.level
        self.index += 1
        if level.expect_operand:
            if token.text == "-":
                previous = level.operators[-1] if level.operators else None
                loose = previous is None or previous.kind in ("+", "-")
                binding = _LOOSE_MINUS if loose else _TIGHT_MINUS
                level.prefix(Operator("neg", token.pos, binding, True))
                return False
            if token.text == "+" and not level.operators and not level.operands:
                return False
            self.expected_operand(token.pos)
        if token.text == "^" and self.peek().kind == "NAME" and self.peek().text == "T":
            raise MatrixNotationError(TRANSPOSE_MESSAGE, self.source, token.pos)
        level.binary(token.text, token.pos)
        return False

    def on_prime(self, token: Token) -> bool:
        level = self.level
        if level.expect_operand:
            raise self.error("a prime ' must follow an expression", token.pos)
        order = len(token.text)
        previous = self.tokens[self.index - 1]
        if previous.kind == "NUMBER":
            raise self.error("a prime ' after a number: write (…)' around a formula", token.pos)
        operand = level.operands[-1]
        if previous.kind == "NAME" and isinstance(operand.expr, Sym) and not operand.grouped:
            named = Sym(operand.expr.name + "'" * order)
            self.note("prime-name", NOTES["prime-name"].format(named.name))
            level.postfix(lambda item: Operand(named, item.pos))
            self.index += 1
            return False
        level.postfix(lambda item: Operand(_prime(item.expr, order), item.pos))
        self.index += 1
        return False

    def on_comma(self, token: Token) -> bool:
        frame = self.frame
        if frame.kind not in ("call", "index"):
            raise self.error("a comma belongs between the arguments of a function", token.pos)
        frame.arguments.append(frame.level.finish(token.pos))
        frame.level = _Level(self)
        self.index += 1
        return False

    def on_close(self, token: Token) -> bool:
        frame = self.frame
        if self.level.expect_operand:
            self.expected_operand(token.pos)
        if frame.closer != token.kind:
            if frame.kind == "top":
                raise self.error(f"unmatched {token.text!r}", token.pos)
            raise self.error(self.unclosed_message(frame), token.pos)
        return self.close(token)

    def unclosed_message(self, frame: _Frame) -> str:
        opener = {"abs": "|", "bracket": "[", "index": "["}.get(frame.kind, "(")
        closer = {"abs": "|", "bracket": "]", "index": "]"}.get(frame.kind, ")")
        column = frame.pos + 1
        return f"expected {closer!r} to close the {opener!r} at column {column}"

    def close(self, token: Token) -> bool:
        frame = self.frames.pop()
        frame.arguments.append(frame.level.finish(token.pos))
        self.index += 1
        expr = _CLOSE[frame.kind](self, frame, token)
        grouped = frame.kind in ("paren", "bracket")
        if frame.power is not None:
            expr = Pow(expr, frame.power)
            grouped = False
        self.level.operand(Operand(expr, frame.pos, grouped=grouped))
        self.superscript_power()
        return False

    def on_equals(self, token: Token) -> bool:
        if len(self.frames) > 1:
            raise self.error(self.unclosed_message(self.frame), token.pos)
        if not self.allow_equation:
            raise self.error("this is an equation; use parse_equation", token.pos)
        if self.sides:
            raise self.error("only one '=' is allowed", token.pos)
        self.sides.append(self.level.finish(token.pos).expr)
        self.frames[0] = _Frame("top", token.pos, _Level(self), "END")
        self.index += 1
        return False

    def on_end(self, token: Token) -> bool:
        if len(self.frames) > 1:
            raise self.error(self.unclosed_message(self.frame), token.pos)
        return True

    def on_superscript(self, token: Token) -> bool:
        raise self.error("a superscript must follow a number, a name or ')'", token.pos)

    # -- closing brackets -----------------------------------------------------------------------
    def close_group(self, frame: _Frame, token: Token) -> Expr:
        self.single_argument(frame, "parentheses")
        return frame.arguments[0].expr

    def close_abs(self, frame: _Frame, token: Token) -> Expr:
        return Call("abs", frame.arguments[0].expr)

    def close_index(self, frame: _Frame, token: Token) -> Expr:
        return Indexed(frame.name, *(item.expr for item in frame.arguments))

    def single_argument(self, frame: _Frame, what: str) -> None:
        if len(frame.arguments) != 1:  # pragma: no cover - commas are refused outside calls
            raise self.error(f"one expression expected inside {what}", frame.pos)

    def close_call(self, frame: _Frame, token: Token) -> Expr:
        name = frame.name
        arguments = [item.expr for item in frame.arguments]
        if name.startswith("declared:"):
            return Call(name[len("declared:") :], *arguments)
        builder = CALL_BUILDERS.get(name)
        if builder is not None:
            return builder(self, frame, arguments)
        spec = lookup(name)
        assert spec is not None
        arguments = _with_defaults(spec, arguments)
        if len(arguments) != spec.arity and not (spec.variadic and len(arguments) > spec.arity):
            raise self.error(
                f"{name} takes {spec.arity} argument{'s' if spec.arity > 1 else ''}, "
                f"not {len(arguments)}",
                frame.pos,
            )
        return Call(spec.name, *arguments)


_CLOSE: dict[str, Callable[[_Parser, _Frame, Token], Expr]] = {
    "paren": _Parser.close_group,
    "bracket": _Parser.close_group,
    "abs": _Parser.close_abs,
    "call": _Parser.close_call,
    "index": _Parser.close_index,
}

_HANDLERS: dict[str, Callable[[_Parser, Token], bool]] = {
    "NUMBER": _Parser.on_number,
    "NAME": _Parser.on_name,
    "DERIVATIVE": _Parser.on_derivative,
    "BIGOP": _Parser.on_bigop,
    "LPAREN": _Parser.on_open,
    "LBRACKET": _Parser.on_open,
    "RPAREN": _Parser.on_close,
    "RBRACKET": _Parser.on_close,
    "BAR": _Parser.on_bar,
    "LBAR": _Parser.on_left_bar,
    "RBAR": _Parser.on_right_bar,
    "OP": _Parser.on_operator,
    "PRIME": _Parser.on_prime,
    "COMMA": _Parser.on_comma,
    "EQUALS": _Parser.on_equals,
    "SUPERSCRIPT": _Parser.on_superscript,
    "END": _Parser.on_end,
}


def _prime(expr: Expr, order: int) -> Expr:
    if isinstance(expr, Derivative) and expr.var is None:
        return Derivative(expr.expr, None, expr.order + order)
    return Derivative(expr, None, order)


def _unary_builder(name: str, base: Expr | None) -> Callable[[Expr], Expr]:
    if name == "log":
        return lambda arg: Log(arg, base)
    return lambda arg: Call(name, arg)


def _declared_builder(name: str) -> Callable[[Expr], Expr]:
    return lambda arg: Call(name, arg)


def _symbol_name(text: str) -> str:
    """Greek letters typed as characters become their names (``θ`` -> ``theta``), accented
    letters their decorated names (``ŷ`` -> ``y_hat``)."""
    return plain_name(text, GREEK)


def _check_declared(functions: Iterable[str]) -> tuple[str, ...]:
    names = tuple(functions)
    for name in names:
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"cannot declare {name!r} a function: not a name")
    return names


def _read(
    source: str,
    functions: Iterable[str],
    e_is_symbol: bool,
    allow_equation: bool,
    tokens: list[Token] | None = None,
) -> tuple[Expr | Equation, _Parser]:
    """Read ``source`` (or the ``tokens`` made of it), its bars read by :func:`read_bars`."""
    declared = _check_declared(functions)
    result, parser = read_bars(
        lambda closing: _Parser(source, declared, e_is_symbol, allow_equation, tokens, closing)
    )
    return cast(Expr | Equation, result), parser


def parse_tokens(
    source: str,
    tokens: list[Token],
    *,
    functions: Iterable[str] = (),
    e_is_symbol: bool = False,
    allow_equation: bool = True,
    notes: list[Note] | None = None,
) -> Expr | Equation:
    """Parse a token stream made by another front end (the LaTeX reader); errors point
    into ``source`` at the tokens' positions.  The reading notes are added to ``notes``."""
    result, parser = _read(source, functions, e_is_symbol, allow_equation, tokens)
    if notes is not None:
        notes.extend(note for note in parser.notes if note not in notes)
    return result


def parse(text: str, *, functions: Iterable[str] = (), e_is_symbol: bool = False) -> Expr:
    """Read a plain-text formula into an expression tree, exactly as written.

    ``functions`` declares names of undefined functions (``f(x)``); with
    ``e_is_symbol`` the letter ``e`` is an ordinary symbol instead of Euler's number.
    Raises :class:`~symderiv.errors.ParseError` (a ``ValueError``) with the position.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse needs a string, not {type(text).__name__}")
    declared = _check_declared(functions)
    quick_tree = quick_read(text, declared, e_is_symbol)
    if quick_tree is not None:
        return quick_tree
    return parse_full(text, declared, e_is_symbol)


def parse_full(text: str, functions: Iterable[str] = (), e_is_symbol: bool = False) -> Expr:
    """:func:`parse` without the quick reader: every formula through the full grammar."""
    result, _ = _read(text, functions, e_is_symbol, allow_equation=False)
    assert isinstance(result, Expr)
    return result


def parse_with_notes(
    text: str, *, functions: Iterable[str] = (), e_is_symbol: bool = False
) -> tuple[Expr | Equation, tuple[Note, ...]]:
    """:func:`parse` (or :func:`parse_equation` for ``lhs = rhs``) with the reading notes:
    each convention applied that a user may not share, as ``(convention, sentence)``.

    >>> parse_with_notes("sin x^2")[1][0][0]
    'function-argument'
    """
    if not isinstance(text, str):
        raise TypeError(f"parse needs a string, not {type(text).__name__}")
    result, parser = _read(text, functions, e_is_symbol, allow_equation=True)
    return result, tuple(parser.notes)


def parse_equation(
    text: str, *, functions: Iterable[str] = (), e_is_symbol: bool = False
) -> Equation:
    """Read ``lhs = rhs``."""
    if not isinstance(text, str):
        raise TypeError(f"parse_equation needs a string, not {type(text).__name__}")
    result, _ = _read(text, functions, e_is_symbol, allow_equation=True)
    if not isinstance(result, Equation):
        raise ParseError("expected an equation 'lhs = rhs'", text, len(text))
    return result
