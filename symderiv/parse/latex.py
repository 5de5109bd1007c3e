r"""LaTeX input: ``parse_latex(r"\frac{1}{1+e^{-z}}")`` gives the same tree as
``parse("1/(1 + e^(-z))")``.

The reader translates LaTeX into the plain parser's tokens (keeping every token's
position in the LaTeX source, so errors point there) and hands them to the one
precedence-climbing parser.  Conventions:

* ``$…$``, ``$$…$$``, ``\[…\]``, ``\begin{equation}…\end{equation}`` are stripped;
  ``\tag{}``, ``\label{}``, spacing (``\,`` ``\;`` ``\!`` ``\quad``) and
  ``\displaystyle`` are ignored;
* ``\frac{a}{b}`` (also ``\dfrac``, ``\tfrac``, ``\frac 1 {a^x}``, ``{a \over b}``) is
  a quotient; ``^{…}``/``^x`` a power; ``\sqrt{x}``, ``\sqrt[n]{x}``; ``\left(``
  ``\right)``, ``\left|`` ``\right|``, ``\lbrack``, ``\{ \}``; ``\cdot``, ``\times``;
* ``e^{x}``, ``\mathrm{e}``, ``\exp``; ``\ln`` and ``\log`` are natural (``log_base=10``
  makes ``\log`` decimal); ``\log_a x``, ``\log_{10}``, ``\log_e``;
* ``\sin^2 x`` is (sin x)², ``\sin^{-1} x`` is arcsin x; ``\operatorname{…}``,
  ``\mathrm{…}`` and ``\text{…}`` name functions (``softmax``, ``sigmoid``, ``arsinh``)
  or multi-letter symbols; ``\sigma(z)`` is the sigmoid;
* Greek letters are symbols (``\pi`` is π); single letters are separate symbols, as
  TeX typesets them (``xy`` is x·y), but a function name written without a backslash
  (``sin x``) is that function;
* subscripts: digits make a name (``x_1`` is the symbol ``x_1``), single letters make
  an indexed variable (``t_{ik}`` is ``t[i, k]``), a word makes a name
  (``x_{\text{max}}`` is ``x_max``); ``\sum_{i=1}^{N}``, ``\sum_{k}^{K}``, ``\sum_i``
  and ``\prod`` take the product that follows as their body;
* ``(a^{x})'`` and ``f'(x)`` are derivatives (prime notation), and so are
  ``\frac{d}{dx}``, ``\frac{d^2}{dx^2}``, ``\frac{\partial^2}{\partial x \partial y}`` (read
  right to left), ``\frac{\mathrm{d}}{\mathrm{d}x}``, ``\frac{d(x^2)}{dx}``, ``\partial_x``;
  a quotient with nothing to act on (``\frac{dy}{dx}``) is refused;
* ``\hat{y}``, ``\bar{x}``, ``\tilde{w}``, ``\dot{x}`` are names (``y_hat`` …); bold and
  arrow names, ``^T``/``^\top`` and ``\|…\|`` raise
  :class:`~symderiv.errors.MatrixNotationError` (the matrix calculus reads them);
* ``\Gamma(x)``, ``\Phi(x)``, ``\psi(x)`` are the function table's functions, refused
  when it has none; ``f(x)`` with ``f`` undeclared is refused, not f·x;
* any other command is refused with a ``ParseError`` naming it, at its column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import LimitError, MatrixNotationError, ParseError
from ..expr import Equation, Expr, Num, Product, Sum, Sym, free_names, undefined_log_base
from ..functions import (
    ALIASES,
    INDEXED_FUNCTIONS,
    INVERSES,
    LATEX_COMMANDS,
    LATEX_GREEK_COMMANDS,
)
from .infix import MAX_DEPTH, parse_tokens, undefined_log_message
from .latex_text import (
    POLYGAMMA,
    PRINTED,
    blank,
    e_notation,
    paired_braces,
    script_refusal,
    unknown_operator,
)
from .lexer import MAX_LENGTH, Token, unexpected_character
from .notation import (
    AT_A_POINT_MESSAGE,
    BOLD_COMMANDS,
    FUNCTION_LETTERS,
    LATEX_NOTES,
    NOTES,
    TRANSPOSE_MESSAGE,
    LatexDerivative,
    Note,
    applied_message,
    bold_message,
    latex_derivative,
    only_a_name,
)
from .piecewise import expand_cases, restore
from .vocabulary import DECORATIONS, FUNCTION_GREEK, LATEX_LOG_COMMANDS, LOG_NAMES, foreign_name

__all__ = [
    "GREEK_COMMANDS",
    "IGNORED_COMMANDS",
    "MAX_PIECE_DEPTH",
    "parse_latex",
    "parse_latex_with_notes",
]

#: Deepest nesting of pieces read on their own: a subscript inside a subscript, a root's
#: index, a bound of a sum (``x_{y_{z_{…}}}``).
MAX_PIECE_DEPTH = 50

GREEK_COMMANDS = frozenset(LATEX_GREEK_COMMANDS)
#: The name a Greek command is read as (``\\sigma`` is σ, the sigmoid's letter).
_GREEK_NAMES = LATEX_GREEK_COMMANDS | {"sigma": "σ"}
#: Commands that name a function: those of the function table and the logarithms.
FUNCTION_COMMANDS = frozenset(LATEX_COMMANDS) | frozenset(LATEX_LOG_COMMANDS)
IGNORED_COMMANDS = frozenset({" ", "\n"}) | frozenset(
    ", ; : ! quad qquad displaystyle textstyle limits nolimits left right big Big bigg Bigg "
    "bigl bigr Bigl Bigr middle".split()
)
_OPERATORS = {"cdot": "*", "times": "*", "div": "/", "ast": "*"}
_DELIMITERS = {
    "lbrack": "LBRACKET",
    "rbrack": "RBRACKET",
    "{": "LPAREN",
    "}": "RPAREN",
    "lvert": "LBAR",
    "rvert": "RBAR",
    "vert": "BAR",
    "|": "BAR",
    "lparen": "LPAREN",
    "rparen": "RPAREN",
}
#: ``\left|`` and ``\lvert`` open an absolute value, ``\right|`` and ``\rvert`` close one.
_SIZED_BARS = {"left": "LBAR", "right": "RBAR"}
_NAME_COMMANDS = frozenset({"operatorname", "mathrm", "text", "textrm", "mathit"})
#: The function commands, as a regular-expression alternation (longest first).
_FUNCTION_ALTERNATIVES = "|".join(
    sorted(
        (*LATEX_COMMANDS, *LATEX_LOG_COMMANDS, "frac", "dfrac", "tfrac", "sqrt"),
        key=len,
        reverse=True,
    )
)
_WORD_FUNCTIONS = sorted(
    (
        name
        for name in (*ALIASES, *LATEX_LOG_COMMANDS)
        if name.isascii() and name.isalpha() and len(name) > 1
    ),
    key=len,
    reverse=True,
)

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|~)
  | (?P<command>\\(?:[A-Za-z]+|.))
  | (?P<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
  | (?P<letters>[A-Za-z]+)
  | (?P<char>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_SPACE = re.compile(r"[\s~]+")
#: A transpose written as an exponent: ``^T``, ``^{T}``, ``^\\top``, ``^{\\mathsf{T}}``, ``^{-T}``.
_TRANSPOSE_EXPONENT = re.compile(
    r"(?:T|\\top|\\intercal|\{\s*-?\s*(?:T|\\top|\\intercal|\\(?:mathsf|mathrm|textsf|rm)\s*\{?\s*T\s*\}?)\s*\})"
    r"(?![A-Za-z])"
)
#: What may come between a function's name and its parenthesis.
_OPENING = re.compile(r"\s*(?:\\(?:left|big|Big|bigg|Bigg|bigl|Bigl)\s*)?\(")
_PRIME_EXPONENT = re.compile(r"\{\s*\\prime\s*\}|\\prime")
_INVERSE_EXPONENT = re.compile(r"\{\s*-\s*1\s*\}")
_NUMBER_EXPONENT = re.compile(r"\{\s*([0-9]+)\s*\}|([0-9])")


#: Kinds of the closing tokens of a brace group placed at its closing brace.
_MOVED = frozenset({"RPAREN", "COMMA"})


#: Marks a name token that is a symbol (a letter, a Greek letter, a subscripted name):
#: a parenthesis after it multiplies.
SYMBOL = "symbol"


@dataclass
class _Waiter:
    """A construct waiting for its next argument (a brace group or a single token)."""

    open: list[Token]
    close: list[Token]
    then: Callable[[], None] | None = None


@dataclass
class _Group:
    """An open brace group: what to emit when it closes, and where it began."""

    pos: int
    start: int
    close: list[Token] = field(default_factory=list)
    then: Callable[[], None] | None = None
    over: bool = False


class _Reader:
    def __init__(
        self,
        source: str,
        options: dict[str, Any],
        text: str | None = None,
        span: tuple[int, int] | None = None,
        depth: int = 0,
    ) -> None:
        self.source = source
        self.text = blank(source) if text is None else text
        # The reader sees only text[begin:end]: a piece (a bound, a root's index) is read
        # in place, with its positions in the source, without copying the source.
        self.begin, self.end = (0, len(self.text)) if span is None else span
        self.depth = depth
        self.options = options
        self.declared = frozenset(options.get("functions", ()))
        self.out: list[Token] = []
        self.groups: list[_Group] = []
        self.waiting: list[_Waiter] = []
        self.pos = self.begin

    # -- helpers ----------------------------------------------------------------------------
    def error(self, message: str, pos: int) -> ParseError:
        return ParseError(message, self.source, pos)

    def token(
        self, kind: str, text: str, pos: int, spaced: bool = False, payload: Any = None
    ) -> Token:
        return Token(kind, text, pos, spaced, pos + len(text), payload)

    def emit(self, *tokens: Token) -> None:
        self.out.extend(tokens)

    def skip_space(self) -> None:
        found = _SPACE.match(self.text, self.pos, self.end)
        if found is not None:
            self.pos = found.end()

    def brace_content(self, start: int) -> tuple[str, int]:
        """The text inside the brace group opening at ``start`` and the index after it
        (the braces are paired once per formula, so nested groups are not scanned again)."""
        closing = self.braces()[0].get(start)
        if closing is None or closing >= self.end:
            raise self.error("missing '}' to close the '{'", start)
        return self.text[start + 1 : closing], closing + 1

    def braces(self) -> tuple[dict[int, int], dict[int, int]]:
        """The ``}`` of each ``{`` of the formula and the ``{`` of each ``}``, found once."""
        if "braces" not in self.options:
            pairs = paired_braces(self.text)
            self.options["braces"] = pairs, {end: start for start, end in pairs.items()}
        return self.options["braces"]  # type: ignore[no-any-return]

    def argument_text(self) -> tuple[str, int]:
        """The next argument as raw text (a brace group or one token) and where it starts."""
        self.skip_space()
        if self.pos >= self.end:
            raise self.error("expected an argument", self.pos)
        start = self.pos
        if self.text[start] == "{":
            content, self.pos = self.brace_content(start)
            return content, start + 1
        if self.text[start] in "()":
            raise self.error(
                "TeX takes the parenthesis alone here: write the argument in braces", start
            )
        match = _TOKEN.match(self.text, start, self.end)
        assert match is not None
        if match.lastgroup == "letters" or match.lastgroup == "number":
            self.pos = start + 1
            return self.text[start], start
        self.pos = match.end()
        return match.group(), start

    def sub_tokens(self, text: str, start: int) -> list[Token]:
        """Tokens of a piece of the source (a bound, a root's index)."""
        if self.depth >= MAX_PIECE_DEPTH:
            raise LimitError(
                f"subscripts, bounds or root indices nested too deeply "
                f"(the limit is {MAX_PIECE_DEPTH})",
                self.source,
                start,
            )
        span = (start, start + len(text))
        reader = _Reader(self.source, self.options, self.text, span, self.depth + 1)
        return reader.run()[:-1]

    def sub_expression(self, text: str, start: int) -> Expr:
        parsed = parse_tokens(
            self.source,
            [*self.sub_tokens(text, start), self.token("END", "", start + len(text))],
            functions=self.declared,
            allow_equation=False,
        )
        assert isinstance(parsed, Expr)
        return parsed

    # -- main loop --------------------------------------------------------------------------
    def run(self) -> list[Token]:
        limit = self.end
        while True:
            self.skip_space()
            if self.pos >= limit:
                break
            match = _TOKEN.match(self.text, self.pos, limit)
            assert match is not None
            kind = match.lastgroup or ""
            start = self.pos
            self.pos = match.end()
            _DISPATCH[kind](self, match.group(), start)
        if self.waiting:
            raise self.error("expected an argument", limit)
        if self.groups:
            raise self.error("missing '}' to close the '{'", self.groups[-1].pos)
        self.emit(self.token("END", "", limit))
        return self.out

    def begin_item(self, pos: int) -> _Waiter | None:
        """If a construct waits for an argument, start it (its opening tokens)."""
        if not self.waiting:
            return None
        waiter = self.waiting.pop()
        self.out.extend(waiter.open)
        return waiter

    def end_item(self, waiter: _Waiter | None) -> None:
        if waiter is None:
            return
        self.out.extend(waiter.close)
        if waiter.then is not None:
            waiter.then()

    def single(self, tokens: list[Token], pos: int) -> None:
        waiter = self.begin_item(pos)
        self.out.extend(tokens)
        self.end_item(waiter)

    # -- token kinds -------------------------------------------------------------------------
    def on_space(self, text: str, pos: int) -> None:
        return None

    def on_number(self, text: str, pos: int) -> None:
        refused = e_notation(self.text, self.pos, self.end, text)
        if refused is not None:
            raise self.error(refused, pos)
        if self.waiting and len(text) > 1 and "." not in text:
            self.pos = pos + 1
            text = text[0]
        self.single([self.token("NUMBER", text, pos)], pos)

    def on_letters(self, text: str, pos: int) -> None:
        if self.waiting:
            self.pos = pos + 1
            self.single(self.letter_tokens(text[0], pos), pos)
            return
        index = 0
        while index < len(text):
            word = next(
                (
                    w
                    for w in _WORD_FUNCTIONS
                    if text.startswith(w, index) and len(text) - index >= len(w)
                ),
                None,
            )
            if word is not None and (index + len(word) == len(text)):
                self.emit(self.token("NAME", word, pos + index))
                index += len(word)
                continue
            self.emit(*self.letter_tokens(text[index], pos + index))
            index += 1
            if index == 2:
                self.note("letters", NOTES["letters"])

    def letter_tokens(self, letter: str, pos: int) -> list[Token]:
        return [self.token("NAME", letter, pos, payload=SYMBOL)]

    def on_char(self, text: str, pos: int) -> None:
        handler = _CHARS.get(text)
        if handler is None:
            raise self.error(unexpected_character(text), pos)
        handler(self, pos)

    def on_command(self, text: str, pos: int) -> None:
        name = text[1:]
        if name in IGNORED_COMMANDS:
            if name in ("left", "right", "middle") or name.startswith(("big", "Big")):
                self.skip_space()
                if self.text.startswith(".", self.pos, self.end):
                    self.pos += 1
                elif name in _SIZED_BARS and self.text.startswith("|", self.pos, self.end):
                    self.emit(self.token(_SIZED_BARS[name], "|", self.pos))
                    self.pos += 1
            return
        handler = _COMMANDS.get(name)
        if handler is not None:
            handler(self, name, pos)
            return
        if name in GREEK_COMMANDS and not self.function_letter(name, pos):
            self.single(
                [self.token("NAME", _GREEK_NAMES.get(name, name), pos, payload=SYMBOL)], pos
            )
            return
        if name in GREEK_COMMANDS:
            return
        if name in FUNCTION_COMMANDS:
            self.function(name, pos)
            return
        if name in _OPERATORS:
            self.emit(self.token("OP", _OPERATORS[name], pos))
            return
        if name in _DELIMITERS:
            kind = _DELIMITERS[name]
            if kind == "LPAREN":
                self.open_group(pos, plain=True)
            elif kind == "RPAREN":
                self.close_group(pos, plain=True)
            else:
                self.emit(self.token(kind, "|" if kind.endswith("BAR") else name, pos))
            return
        refused = foreign_name(name, latex=True)
        raise self.error(refused or f"unsupported LaTeX command {text}", pos)

    # -- braces --------------------------------------------------------------------------------
    def open_group(self, pos: int, plain: bool = False) -> None:
        if len(self.groups) >= MAX_DEPTH:
            raise LimitError(
                f"formula nested too deeply (the limit is {MAX_DEPTH:,})", self.source, pos
            )
        waiter = None if plain else self.begin_item(pos)
        if waiter is None:
            self.emit(self.token("LPAREN", "(", pos))
            self.groups.append(_Group(pos, len(self.out), [self.token("RPAREN", ")", pos)]))
            return
        self.groups.append(_Group(pos, len(self.out), waiter.close, waiter.then))

    def close_group(self, pos: int, plain: bool = False) -> None:
        if not self.groups:
            raise self.error("unmatched '}'", pos)
        group = self.groups.pop()
        # The closing tokens point at this brace; tokens read from the source (a root's
        # index) keep their own positions.
        self.out.extend(
            Token(t.kind, t.text, pos, t.spaced, pos + 1, t.payload) if t.kind in _MOVED else t
            for t in group.close
        )
        if group.then is not None:
            group.then()

    def on_over(self, name: str, pos: int) -> None:
        if not self.groups:
            raise self.error(r"\over must be inside braces: {a \over b}", pos)
        group = self.groups[-1]
        if group.over:
            raise self.error(r"two \over in one group: write {{a \over b} \over c}", pos)
        group.over = True
        self.out.insert(group.start, self.token("LPAREN", "(", group.pos))
        self.emit(
            self.token("RPAREN", ")", pos),
            self.token("OP", "/", pos),
            self.token("LPAREN", "(", pos),
        )
        group.close = [self.token("RPAREN", ")", pos), *group.close]

    # -- constructs ------------------------------------------------------------------------------
    def on_frac(self, name: str, pos: int) -> None:
        self.skip_space()
        if self.text.startswith("(", self.pos, self.end):
            raise self.error(f"\\{name} takes its two arguments in braces: \\{name}{{a}}{{b}}", pos)
        if self.derivative_fraction(pos):
            return
        outer = self.begin_item(pos)
        lparen, rparen = self.token("LPAREN", "(", pos), self.token("RPAREN", ")", pos)
        slash = self.token("OP", "/", pos)

        def denominator() -> None:
            self.waiting.append(
                _Waiter([slash, lparen], [rparen, rparen], lambda: self.end_item(outer))
            )

        opening = self.token("LPAREN", "(", pos, spaced=True)
        self.waiting.append(_Waiter([opening, lparen], [rparen], denominator))

    def derivative_fraction(self, pos: int) -> bool:
        """A fraction whose denominator is made of differentials (``\\frac{d}{dx}``,
        ``\\frac{d^2}{dx^2}``, ``\\frac{\\partial^2}{\\partial x \\partial y}``, with
        ``\\mathrm{d}`` or ``\\dfrac`` too): a derivative operator token, followed by the
        numerator's formula when it holds one (``\\frac{d(x^2)}{dx}``).  The reading
        position is kept when it is not one."""
        start = self.pos
        try:
            numerator, at = self.argument_text()
            denominator, _ = self.argument_text()
        except ParseError:
            self.pos = start
            return False
        found = latex_derivative(numerator, denominator, self.source, pos)
        if found is None:
            self.pos = start
            return False
        written = self.source[pos : self.pos]
        operand: list[Token] = []
        if found.rest.strip():
            operand = self.quotient_operand(found, written, at + found.rest_offset, pos)
        waiter = self.begin_item(pos)
        self.emit(self.token("DERIVATIVE", written, pos, payload=found.stages), *operand)
        self.end_item(waiter)
        return True

    def quotient_operand(
        self, found: LatexDerivative, written: str, start: int, pos: int
    ) -> list[Token]:
        """The tokens of what a derivative quotient's numerator differentiates
        (``\\frac{d(x^2)}{dx}``): refused when it only names a function that is not given
        (``\\frac{dy}{dx}``, ``\\frac{\\partial L}{\\partial w}``), or does not involve the
        variables."""
        rest = found.rest
        missing = (
            f"{written} is the derivative of {rest.strip()}, but {rest.strip()} is not given "
            f"as a formula; write {found.operator}\\left(…\\right) with its formula"
        )
        if only_a_name(rest) and not re.match(r"\s*\\(?:" + _FUNCTION_ALTERNATIVES + ")", rest):
            raise self.error(missing, pos)
        if not {name for name, _ in found.stages} & free_names(self.sub_expression(rest, start)):
            raise self.error(missing, pos)
        lparen, rparen = self.token("LPAREN", "(", start), self.token("RPAREN", ")", start)
        return [lparen, *self.sub_tokens(rest, start), rparen]

    def on_superscript(self, pos: int) -> None:
        if not self.out:
            raise self.error("a superscript needs something before it", pos)
        self.skip_space()
        last = self.out[-1]
        if _TRANSPOSE_EXPONENT.match(self.text, self.pos, self.end) is not None:
            raise MatrixNotationError(TRANSPOSE_MESSAGE, self.source, pos)
        prime = _PRIME_EXPONENT.match(self.text, self.pos, self.end)
        if prime is not None:
            self.pos = prime.end()
            self.emit(self.token("PRIME", "'", pos))
            return
        inverse = _INVERSE_EXPONENT.match(self.text, self.pos, self.end)
        if inverse is not None and last.kind == "NAME" and last.text in INVERSES:
            self.pos = inverse.end()
            self.out[-1] = self.token("NAME", INVERSES[last.text], last.pos)
            return
        polygamma = POLYGAMMA.match(self.text, self.pos, self.end) if last.text == "psi" else None
        if polygamma is not None:  # \psi^{(n)}(x): the polygamma function of order n
            self.pos = polygamma.end()
            self.out[-1] = self.token("NAME", "polygamma", last.pos)
            order = self.token("NUMBER", polygamma.group(1), pos)
            self.emit(self.token("LPAREN", "(", pos), order, self.token("COMMA", ",", pos))
            return
        self.check_script("^", pos)
        number = _NUMBER_EXPONENT.match(self.text, self.pos, self.end)
        named = last.text in ALIASES or last.text in LOG_NAMES
        if number is not None and last.kind == "NAME" and named:
            self.pos = number.end()
            self.emit(
                self.token("OP", "^", pos),
                self.token("NUMBER", number.group(1) or number.group(2), pos),
            )
            return
        caret = self.token("OP", "^", pos)
        self.waiting.append(
            _Waiter([caret, self.token("LPAREN", "(", pos)], [self.token("RPAREN", ")", pos)])
        )

    def check_script(self, script: str, pos: int) -> None:
        """A script refused before it is read (:func:`.script_refusal`)."""
        base = self.source[self.out[-1].pos : pos].strip() if self.out else ""
        openings = self.braces()[1]
        refused = script_refusal(self.text, self.pos, self.end, pos, base, script, openings)
        if refused is not None:
            raise self.error(refused, pos)

    def call_opening(self) -> int | None:
        """Where the name of the call just closed by ``)`` stands in the output, if any."""
        depth = 0
        for index in range(len(self.out) - 1, -1, -1):
            kind = self.out[index].kind
            depth += {"RPAREN": 1, "LPAREN": -1}.get(kind, 0)
            if depth == 0:
                return index - 1 if index > 0 and self.out[index - 1].kind == "NAME" else None
        return None

    def on_subscript(self, pos: int) -> None:
        self.skip_space()
        self.check_script("_", pos)
        if self.out and self.out[-1].kind == "RPAREN":
            opening = self.call_opening()
            if opening is not None and ALIASES.get(self.out[opening].text) in INDEXED_FUNCTIONS:
                content, start = self.argument_text()
                closing = self.out.pop()
                self.emit(self.token("COMMA", ",", pos), *self.sub_tokens(content, start), closing)
                return
        if self.out and self.out[-1].kind in ("BAR", "RBAR"):
            raise self.error(AT_A_POINT_MESSAGE, self.out[-1].pos)
        if not self.out or self.out[-1].kind != "NAME":
            raise self.error("a subscript needs a name before it", pos)
        last = self.out[-1]
        content, start = self.argument_text()
        if last.text == "delta" and last.payload is SYMBOL and self.kronecker(content, start):
            return
        word = re.fullmatch(
            r"\s*\\(?:text|mathrm|textrm)\{([A-Za-z]+)\}\s*|\s*([A-Za-z]{2,})\s*", content
        )
        compact = content.replace(" ", "").replace(",", "")
        if compact.isascii() and compact.isdigit():
            self.out[-1] = self.token("NAME", f"{last.text}_{compact}", last.pos, payload=SYMBOL)
        elif word is not None and "," not in content and len(compact) > 3:
            name = f"{last.text}_{word.group(1) or word.group(2)}"
            self.out[-1] = self.token("NAME", name, last.pos, payload=SYMBOL)
        elif compact.isalpha() and compact.isascii():
            letters = [ch for ch in content if ch.isalpha()]
            tokens = [self.token("LBRACKET", "[", pos)]
            for index, letter in enumerate(letters):
                if index:
                    tokens.append(self.token("COMMA", ",", pos))
                tokens.append(self.token("NAME", letter, start + content.index(letter)))
            tokens.append(self.token("RBRACKET", "]", pos))
            self.emit(*tokens)
        else:
            self.emit(self.token("LBRACKET", "[", pos), *self.sub_tokens(content, start))
            self.emit(self.token("RBRACKET", "]", pos))

    def kronecker(self, content: str, start: int) -> bool:
        """``\\delta_{ij}``, ``\\delta_{i,j}``: the Kronecker delta of two indices (as the
        printers write it), not an indexed name δ[i, j]."""
        parts = content.split(",")
        if len(parts) != 2:
            letters = content.strip()
            if len(letters) != 2 or not (letters.isascii() and letters.isalpha()):
                return False
            parts = list(letters)
            offsets = [content.index(letters), content.index(letters) + 1]
        else:
            offsets = [0, len(parts[0]) + 1]
        pos = self.out[-1].pos
        self.out[-1] = self.token("NAME", "delta", pos)
        tokens = [self.token("LPAREN", "(", pos)]
        for index, (part, offset) in enumerate(zip(parts, offsets, strict=True)):
            if index:
                tokens.append(self.token("COMMA", ",", pos))
            tokens += self.sub_tokens(part, start + offset)
        self.emit(*tokens, self.token("RPAREN", ")", pos))
        return True

    def matching(self, start: int, pair: str) -> int:
        """Where the ``pair[1]`` closing the ``pair[0]`` at ``start`` stands."""
        depth = 0
        for found in re.compile(f"[{re.escape(pair)}]").finditer(self.text, start, self.end):
            depth += 1 if found.group() == pair[0] else -1
            if depth == 0:
                return found.start()
        raise self.error(f"missing '{pair[1]}' after \\sqrt{pair[0]}", start)

    def function(self, name: str, pos: int) -> None:
        if name == "log" or name == "ln":
            self.skip_space()
            if name == "log" and self.text.startswith("_", self.pos, self.end):
                self.pos += 1
                base, start = self.argument_text()
                base = base.strip()
                base = re.sub(r"^\\mathrm\{e\}$", "e", base)
                if not re.fullmatch(r"[0-9]+|[A-Za-z]", base):  # \log_{\frac{1}{2}}, \log_{x + 1}
                    written = self.sub_expression(base, start)
                    if undefined_log_base(written):
                        raise self.error(undefined_log_message(written), start)
                    self.single([self.token("NAME", "log_", pos, payload=written)], pos)
                    return
                if base.isdigit() and undefined_log_base(Num(int(base))):
                    at = self.text.find(base, start, self.end)
                    raise self.error(undefined_log_message(Num(int(base))), at)
                self.single([self.token("NAME", f"log_{base}", pos)], pos)
                return
            base10 = name == "log" and self.options.get("log_base") == 10
            self.single([self.token("NAME", "log10" if base10 else name, pos)], pos)
            return
        self.single([self.token("NAME", name, pos)], pos)

    def on_sqrt(self, name: str, pos: int) -> None:
        self.skip_space()
        lparen, rparen = self.token("LPAREN", "(", pos), self.token("RPAREN", ")", pos)
        function, after = [self.token("NAME", "sqrt", pos), lparen], [rparen]
        if self.text.startswith("[", self.pos, self.end):
            end = self.matching(self.pos, "[]")
            index_tokens = self.sub_tokens(self.text[self.pos + 1 : end], self.pos + 1)
            self.pos = end + 1
            self.skip_space()
            function = [self.token("NAME", "root", pos), lparen]
            after = [self.token("COMMA", ",", pos), *index_tokens, rparen]
        if self.text.startswith("(", self.pos, self.end):
            # \sqrt(2/\pi) as copied from documentation: the root of the parentheses
            self.note("root-parentheses", NOTES["root-parentheses"].format())
            close = self.matching(self.pos, "()")
            inside = self.sub_tokens(self.text[self.pos + 1 : close], self.pos + 1)
            self.pos = close + 1
            self.single([*function, *inside, *after], pos)
            return
        outer = self.begin_item(pos)
        self.waiting.append(_Waiter(function, after, lambda: self.end_item(outer)))

    def on_named(self, name: str, pos: int) -> None:
        content, start = self.argument_text()
        word = content.strip()
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", word):
            raise self.error(f"\\{name}{{{content}}} is not a name", start)
        function, after = PRINTED.get(word, ("", None))
        follows = after.match(self.text, self.pos, self.end) if after is not None else None
        if follows is not None:  # \mathrm{B}(x, y), \operatorname{GELU}_{\tanh}(x)
            self.pos = follows.end()
            word = function
        elif name == "operatorname":
            self.skip_space()
            indexed = self.text.startswith("_", self.pos, self.end)
            refused = unknown_operator(word, self.declared, indexed)
            if refused is not None:
                raise self.error(refused, self.pos if indexed else start)
        self.single([self.token("NAME", word, pos)], pos)

    def on_big_operator(self, name: str, pos: int) -> None:
        cls = Sum if name == "sum" else Product
        lower: Expr | None = None
        upper: Expr | None = None
        index: Sym | None = None
        for _ in range(2):
            self.skip_space()
            if self.text.startswith("\\limits", self.pos, self.end):
                self.pos += len("\\limits")
                self.skip_space()
            mark = self.text[self.pos : min(self.pos + 1, self.end)]
            if mark not in ("_", "^"):
                break
            self.pos += 1
            content, start = self.argument_text()
            if mark == "_":
                variable, equals, bound = content.partition("=")
                parsed = self.sub_expression(variable, start)
                if not isinstance(parsed, Sym):
                    raise self.error(f"the index of \\{name} must be a letter", start)
                index = parsed
                if equals:
                    lower = self.sub_expression(bound, start + len(variable) + 1)
            else:
                upper = self.sub_expression(content, start)
        if index is None:
            raise self.error(f"\\{name} needs an index: \\{name}_{{i=1}}^{{N}}", pos)
        chosen = index

        def build(body: Expr) -> Expr:
            return cls(body, chosen, lower, upper)

        self.single([self.token("BIGOP", name, pos, payload=build)], pos)

    def on_decorated(self, name: str, pos: int) -> None:
        """``\\hat{y}``, ``\\bar{x}``, ``\\tilde{w}``, ``\\dot{x}``, ``\\hat{\\theta}``: a name
        of its own, ``y_hat`` (printed ŷ)."""
        content, start = self.argument_text()
        word = content.strip()
        base: str | None = None
        if word.startswith("\\"):
            base = LATEX_GREEK_COMMANDS.get(word[1:])
        elif len(word) == 1 and word.isascii() and word.isalpha():
            base = word
        if base is None:
            raise self.error(f"\\{name}{{…}} decorates one letter, as in \\{name}{{y}}", start)
        named = f"{base}_{DECORATIONS[name][0]}"
        self.note("decorated-name", NOTES["decorated-name"].format(f"\\{name}{{{word}}}", named))
        self.single([self.token("NAME", named, pos, payload=SYMBOL)], pos)

    def on_bold(self, name: str, pos: int) -> None:
        content, _ = self.argument_text()
        raise MatrixNotationError(bold_message(name, content.strip()), self.source, pos)

    def on_norm(self, name: str, pos: int) -> None:
        raise MatrixNotationError(
            "\\|…\\| is a norm, vector or matrix notation, which the scalar reader does not "
            "read; declare the shapes for the matrix calculus, or write |…| for an absolute value",
            self.source,
            pos,
        )

    def on_partial(self, name: str, pos: int) -> None:
        """``\\partial_x f``: the partial derivative by x of what follows."""
        self.skip_space()
        if not self.text.startswith("_", self.pos, self.end):
            raise self.error(
                "\\partial alone is not a formula; write \\frac{\\partial}{\\partial x}(…)", pos
            )
        self.pos += 1
        content, start = self.argument_text()
        variable = latex_derivative("\\partial", f"\\partial {content}", self.source, start)
        if variable is None:
            raise self.error("\\partial_ needs a variable, as in \\partial_x", start)
        written = self.source[pos : self.pos]
        self.single([self.token("DERIVATIVE", written, pos, payload=variable.stages)], pos)

    def note(self, convention: str, sentence: str) -> None:
        notes = self.options.setdefault("notes", [])
        if (convention, sentence) not in notes:
            notes.append((convention, sentence))

    def function_letter(self, name: str, pos: int) -> bool:
        """``\\Gamma(x)``, ``\\Phi(x)``, ``\\psi(x)``: the function when the table has it,
        refused when it does not; ``False`` when no parenthesis follows (a letter)."""
        if name not in FUNCTION_GREEK or _OPENING.match(self.text, self.pos, self.end) is None:
            return False
        function = LATEX_COMMANDS.get(name)
        if function is not None:
            self.single([self.token("NAME", function, pos)], pos)
            return True
        if _GREEK_NAMES.get(name, name) in self.declared:
            return False
        raise self.error(
            f"\\{name}(…) is {FUNCTION_GREEK[name]}, which symderiv does not differentiate "
            f"(yet); for a product write \\{name} \\cdot (…)",
            pos,
        )

    def on_prime_command(self, name: str, pos: int) -> None:
        self.emit(self.token("PRIME", "'", pos))

    def on_unsupported(self, name: str, pos: int) -> None:
        raise self.error(f"unsupported LaTeX command \\{name}", pos)


def _open_brace(reader: _Reader, pos: int) -> None:
    reader.open_group(pos)


def _close_brace(reader: _Reader, pos: int) -> None:
    reader.close_group(pos)


#: A size command before a parenthesis (``\\left``, ``\\big``), at the end of a name's text.
_SIZED = re.compile(r"\\(?:left|[bB]igg?l?)\s*$")
#: One name or number and the closing parenthesis: ``y(x)``, ``u(0)`` after a letter.
_ONE_ATOM = re.compile(r"\s*([A-Za-z]|[0-9]+(?:\.[0-9]+)?|\\[A-Za-z]+)\s*(?:\\right\s*)?\)")


def _applied(letter: str) -> bool:
    """A Greek letter that names a function (σ, Γ, Φ): applied to a parenthesis after it,
    as plain text reads ``σ(z)``; a letter elsewhere (``\\sigma z`` is σ·z)."""
    return letter in ALIASES and not letter.isascii()


def _plain(kind: str, text: str) -> Callable[[_Reader, int], None]:
    def handler(reader: _Reader, pos: int) -> None:
        # A single letter before "(" multiplies, as TeX typesets it; a word names a function.
        last = reader.out[-1] if reader.out else None
        symbol = last is not None and last.kind == "NAME" and last.payload is SYMBOL
        spaced = kind == "LPAREN" and (symbol or last is None or last.kind != "NAME")
        if symbol and last is not None and (last.text in reader.declared or _applied(last.text)):
            spaced = False  # f(x) declared; \sigma(z) is the sigmoid
        elif symbol and last is not None and kind == "LPAREN" and last.text not in FUNCTION_LETTERS:
            applied = _ONE_ATOM.match(reader.text, pos + 1, reader.end)
            if applied is not None:
                written = _SIZED.sub("", reader.source[last.pos : pos]).strip()
                name = written or last.text
                argument = applied.group(1)
                product = f"{name} \\cdot ({argument})"
                message = applied_message(name, argument, product, last.text)
                raise reader.error(message, last.pos)
            reader.note("implicit-product", NOTES["implicit-product"].format(f"{last.text}(…)"))
        elif symbol and last is not None and kind == "LPAREN":
            raise reader.error(
                f"{last.text}(…) reads as a function {last.text}, which is not declared: "
                f"declare it (functions=['{last.text}']), or write {last.text} \\cdot (…) for "
                "a product",
                last.pos,
            )
        reader.emit(reader.token(kind, text, pos, spaced=spaced))

    return handler


def _prime(reader: _Reader, pos: int) -> None:
    """``'``; primes in a row are one token (``y''``), as in plain text."""
    last = reader.out[-1] if reader.out else None
    if last is not None and last.kind == "PRIME" and last.end == pos:
        reader.out[-1] = Token("PRIME", last.text + "'", last.pos, last.spaced, pos + 1)
        return
    reader.emit(reader.token("PRIME", "'", pos))


_CHARS: dict[str, Callable[[_Reader, int], None]] = {
    "{": _open_brace,
    "}": _close_brace,
    "^": _Reader.on_superscript,
    "_": _Reader.on_subscript,
    "(": _plain("LPAREN", "("),
    ")": _plain("RPAREN", ")"),
    "[": _plain("LBRACKET", "["),
    "]": _plain("RBRACKET", "]"),
    "|": _plain("BAR", "|"),
    "+": _plain("OP", "+"),
    "-": _plain("OP", "-"),
    "*": _plain("OP", "*"),
    "/": _plain("OP", "/"),
    "=": _plain("EQUALS", "="),
    "'": _prime,
    ",": _plain("COMMA", ","),
}


def _bracket_function(name: str, closing: bool) -> Callable[[_Reader, str, int], None]:
    r"""``\lfloor u \rfloor`` read as ``floor(u)``, ``\lceil u \rceil`` as ``ceil(u)``."""

    def handler(reader: _Reader, command: str, pos: int) -> None:
        if closing:
            reader.emit(reader.token("RPAREN", ")", pos))
        else:
            reader.emit(reader.token("NAME", name, pos), reader.token("LPAREN", "(", pos))

    return handler


_COMMANDS: dict[str, Callable[[_Reader, str, int], None]] = {
    "lfloor": _bracket_function("floor", closing=False),
    "rfloor": _bracket_function("floor", closing=True),
    "lceil": _bracket_function("ceil", closing=False),
    "rceil": _bracket_function("ceil", closing=True),
    "frac": _Reader.on_frac,
    "dfrac": _Reader.on_frac,
    "tfrac": _Reader.on_frac,
    "over": _Reader.on_over,
    "sqrt": _Reader.on_sqrt,
    "sum": _Reader.on_big_operator,
    "prod": _Reader.on_big_operator,
    "prime": _Reader.on_prime_command,
    "partial": _Reader.on_partial,
    "|": _Reader.on_norm,
    "Vert": _Reader.on_norm,
    "lVert": _Reader.on_norm,
    "rVert": _Reader.on_norm,
    **{name: _Reader.on_decorated for name in DECORATIONS},
    **{name: _Reader.on_bold for name in BOLD_COMMANDS},
    **{name: _Reader.on_named for name in _NAME_COMMANDS},
}

_DISPATCH: dict[str, Callable[[_Reader, str, int], None]] = {
    "space": _Reader.on_space,
    "command": _Reader.on_command,
    "number": _Reader.on_number,
    "letters": _Reader.on_letters,
    "char": _Reader.on_char,
}


def parse_latex(
    source: str,
    *,
    functions: Iterable[str] = (),
    log_base: int | None = None,
    e_is_symbol: bool = False,
) -> Expr | Equation:
    """Read a LaTeX formula; ``lhs = rhs`` gives an :class:`~symderiv.expr.Equation`.

    Raises :class:`~symderiv.errors.ParseError` (a ``ValueError``) with the position in
    the LaTeX source, naming an unsupported command.
    """
    return parse_latex_with_notes(
        source, functions=functions, log_base=log_base, e_is_symbol=e_is_symbol
    )[0]


def parse_latex_with_notes(
    source: str,
    *,
    functions: Iterable[str] = (),
    log_base: int | None = None,
    e_is_symbol: bool = False,
) -> tuple[Expr | Equation, tuple[Note, ...]]:
    """:func:`parse_latex` with the reading notes: each convention applied that a user
    may not share, as ``(convention, sentence)``."""
    if not isinstance(source, str):
        raise TypeError(f"parse_latex needs a string, not {type(source).__name__}")
    if len(source) > MAX_LENGTH:
        raise LimitError(
            f"input too long ({len(source):,} characters; the limit is {MAX_LENGTH:,})",
            source[:200],
            199,
        )
    if log_base not in (None, 10):
        raise ValueError("log_base must be None (natural) or 10")
    notes: list[Note] = []
    options = {"functions": tuple(functions), "log_base": log_base, "notes": notes}
    text, pieces = source, dict[Expr, Expr]()
    if "cases" in source:  # \begin{cases} … \end{cases}, read apart (parse.piecewise)
        text, pieces = expand_cases(
            source, lambda part: _one_expression(part, functions, log_base, e_is_symbol)
        )
    tokens = _Reader(text, options).run()
    parsed = parse_tokens(source, tokens, functions=functions, e_is_symbol=e_is_symbol, notes=notes)
    said = tuple(
        LATEX_NOTES.get(convention, (convention, sentence)) for convention, sentence in notes
    )
    return restore(parsed, pieces), said


def _one_expression(
    part: str, functions: Iterable[str], log_base: int | None, e_is_symbol: bool
) -> Expr:
    """A value or a side of a condition of a piecewise function (not an equation)."""
    read = parse_latex(part, functions=functions, log_base=log_base, e_is_symbol=e_is_symbol)
    if not isinstance(read, Expr):
        raise ParseError("expected an expression, not an equation", part, 0)
    return read
