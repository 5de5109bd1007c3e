"""Derivative notation and reading conventions shared by the plain and LaTeX readers.

* a derivative operator is a list of *stages*, each a variable and an order, as
  written: ``d^2/dx^2`` is ``[(x, 2)]``, ``∂²/∂x∂y`` is ``[(x, 1), (y, 1)]``; the
  readers apply a quotient's stages right to left, as ∂/∂x (∂/∂y f) (the convention
  of analysis texts; a formula's mixed partials agree whatever the order), built as
  nested :class:`~symderiv.expr.Derivative` nodes, the first applied innermost;
* a *reading note* names a convention a reader applied that a user may not share
  (``sin x^2`` is sin(x²), ``1/2x`` is (1/2)·x, ``log`` is ln, ``x(x+1)`` is a
  product): ``(convention, sentence)``.

>>> stages_from_text("d^2/dx^2")
(('x', 2),)
>>> stages_from_text("∂²/∂x∂y")
(('x', 1), ('y', 1))
>>> print(nested(Sym("f"), (("x", 1), ("y", 1))))
diff(diff(f, x), y)
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from math import gcd

from ..errors import MatrixNotationError, ParseError
from ..expr import Derivative, Expr, Indexed, Num, Sym
from ..functions import LATEX_GREEK_COMMANDS
from .lexer import Token
from .vocabulary import DECORATION_MARKS, DECORATIONS

__all__ = [
    "AT_A_POINT_MESSAGE",
    "BOLD_COMMANDS",
    "FUNCTION_LETTERS",
    "LATEX_NOTES",
    "MAX_NOTATION_ORDER",
    "NOTES",
    "NOTES_JA",
    "NOTHING_FOLLOWS",
    "NOTHING_MESSAGE",
    "NOT_FUNCTIONS",
    "TRANSPOSE_MESSAGE",
    "LatexDerivative",
    "Note",
    "Stages",
    "applied_message",
    "binary_note",
    "bold_message",
    "checked_stages",
    "diff_stages",
    "extent_message",
    "is_differential",
    "latex_derivative",
    "multiplies",
    "nested",
    "note_in_japanese",
    "only_a_name",
    "operator_text",
    "quotient_message",
    "quotient_numerator",
    "stages_from_text",
]

#: Highest order written in derivative notation.
MAX_NOTATION_ORDER = 100

#: A derivative operator: (variable name, order) per stage, in the order written.
Stages = tuple[tuple[str, int], ...]
#: A reading note: the convention's key and a sentence saying what was read.
Note = tuple[str, str]

#: Letters that name functions by convention: ``f(x)`` with ``f`` undeclared is refused
#: (declare it, or write ``f*(x)``), never read as the product f·x.
FUNCTION_LETTERS = frozenset("fghFGH")

_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_HEAD = re.compile(r"(d|∂)(?:\^([0-9]+)|([²³⁴⁵⁶⁷⁸⁹]))?/")
_STAGE = re.compile(r"\s*(?:d|∂)([^\s^²³⁴⁵⁶⁷⁸⁹∂]+)(?:\^([0-9]+)|([²³⁴⁵⁶⁷⁸⁹]))?")


def _order(caret: str | None, raised: str | None) -> int:
    if caret:
        return int(caret)
    if raised:
        return int(raised.translate(_SUPERSCRIPT_DIGITS))
    return 1


def checked_stages(
    numerator: int, stages: list[tuple[str, int]], written: str, source: str, pos: int
) -> Stages:
    """The stages of an operator whose numerator says ``numerator``: the orders must add
    up to it and stay within :data:`MAX_NOTATION_ORDER`."""
    total = sum(order for _, order in stages)
    if total != numerator:
        raise ParseError(
            f"{written}: the orders do not match (the numerator says {numerator}, the "
            f"denominator {total}); write d^2/dx^2 or ∂^2/∂x∂y",
            source,
            pos,
        )
    if total > MAX_NOTATION_ORDER or any(order < 1 for _, order in stages):
        raise ParseError(
            f"{written}: the order must be a whole number from 1 to {MAX_NOTATION_ORDER}",
            source,
            pos,
        )
    return tuple(stages)


def stages_from_text(text: str, source: str = "", pos: int = 0) -> Stages:
    """The stages of a plain-text operator token (``d/dx``, ``d^2/dx^2``, ``∂²/∂x∂y``)."""
    head = _HEAD.match(text)
    if head is None:  # pragma: no cover - the lexer only makes tokens of this shape
        raise ParseError(f"not a derivative operator: {text}", source or text, pos)
    stages: list[tuple[str, int]] = []
    for found in _STAGE.finditer(text, head.end()):
        stages.append((found.group(1), _order(found.group(2), found.group(3))))
    return checked_stages(_order(head.group(2), head.group(3)), stages, text, source, pos)


def nested(expr: Expr, stages: Stages) -> Expr:
    """``expr`` under the operator: one :class:`Derivative` per stage, the first innermost."""
    for name, order in stages:
        expr = Derivative(expr, Sym(name), order)
    return expr


def operator_text(stages: Stages) -> str:
    """The plain spelling of an operator: ``d/dx``, ``d^2/dx^2``, ``∂^2/∂x∂y``."""
    total = sum(order for _, order in stages)
    power = f"^{total}" if total > 1 else ""
    if len(stages) == 1:
        return f"d{power}/d{stages[0][0]}{power}"
    denominator = "".join(f"∂{name}" + (f"^{order}" if order > 1 else "") for name, order in stages)
    return f"∂{power}/{denominator}"


#: The refusal of an evaluation bar, ``\\frac{d}{dx}(x^2)\\Big|_{x=1}``.
AT_A_POINT_MESSAGE = (
    "|_{…} is a value at a point, which a formula does not hold; derive the formula and "
    "ask for its value there: --at x=1 on the command line, or .at(x=1)"
)

#: The message refusing a transpose met by the scalar reader.
TRANSPOSE_MESSAGE = (
    "x^T is vector or matrix notation (a transpose), which the scalar reader does not read; "
    "declare the shapes of the vectors and matrices for the matrix calculus, or write "
    "x^(T) for a power with the exponent T"
)

#: The sentences of the reading notes (``{}``: the function or operator).
NOTES = {
    "function-argument": (
        "{} without parentheses takes the powers and products after it: sin x^2 is "
        "sin(x^2), sin 2x is sin(2x), up to the next + or -, explicit * or /, or function"
    ),
    "fraction-coefficient": (
        "a number after / is the whole divisor: 1/2x is (1/2)*x; write 1/(2x) to divide by 2x"
    ),
    "exponent-extent": (
        "the exponent is the one number, name or bracket after ^: e^2x is e^2*x and "
        "e^x(x+1) is e^x*(x+1); write e^(2x) for a longer exponent"
    ),
    "signed-exponent": (
        "the exponent is the one signed number, name or bracket after ^: e^-2x is "
        "e^(-2)*x; write e^(-2x) for a longer exponent"
    ),
    "fraction-exponent": (
        "the exponent is the one number after ^, and / divides the power: x^1/2 is x^1 "
        "divided by 2; write x^(1/2) for the square root"
    ),
    "implicit-product": (
        "a letter before a parenthesis multiplies it: {} is a product, and a function only "
        "when declared (--functions on the command line, functions=[...] in Python)"
    ),
    "natural-log": "log without a base is the natural logarithm ln; write log_10 for base 10",
    "latex-natural-log": (
        "\\log without a base is the natural logarithm ln; write \\log_{{10}} for base 10"
    ),
    "exponent-divided": (
        "an exponent ends before /: e^-x^2/2 is e^(-x^2)/2; write e^(-x^2/2) to divide the exponent"
    ),
    "derivative-operand": (
        "{} without brackets differentiates the product after it, functions and powers included"
    ),
    "mixed-partial": (
        "{} is read right to left, as ∂/∂x (∂/∂y …): first by the variable nearest the "
        "formula (the order does not change a formula's derivative, only the steps)"
    ),
    "diff-order": "diff(f, x, y) differentiates by x, then by y, in the order of its arguments",
    "prime-name": "a prime on a bare name is part of the name: {} is a symbol, not a derivative",
    "prime-variable": "a prime differentiates by {}: by x where the formula has x, else by "
    "its only variable",
    "letters": "letters written together multiply, as TeX typesets them: xy is x*y",
    "decorated-name": "{} is a name of its own (typed {} in plain text)",
    "root-parentheses": (
        "\\sqrt(…) is read as the root of all the parentheses hold (TeX draws the root "
        "over the opening parenthesis alone): write \\sqrt{{…}}"
    ),
    "definition": "{} = … defines a function: its derivative is that of its formula",
    "given-by-formula": "the equation gives {} by a formula: its derivative is that of the formula",
    "inside-name": (
        "{} is only inside the name {} (letters written together are one name), so the "
        "derivative is 0: for a product write {}"
    ),
}


def multiplies(text: str) -> bool:
    """Whether a name written directly before ``(`` multiplies: one letter, accented or
    not (``x(x+1)``, ``ŷ(1 - ŷ)``), but not a letter that names a function by convention
    (``f``, ``g``, ``h``: declare them, or write ``f*(x)``)."""
    letter = unicodedata.normalize("NFD", text).rstrip(DECORATION_MARKS)
    return len(letter) == 1 and text not in FUNCTION_LETTERS


def is_differential(text: str) -> bool:
    """``d``, ``dy``, ``dθ``: the differential of one letter."""
    return text == "d" or (len(text) == 2 and text[0] == "d")


#: Tokens a numerator such as ``d^2y`` is made of.
_NUMERATOR_KINDS = frozenset({"NAME", "NUMBER", "SUPERSCRIPT"})


def quotient_numerator(tokens: Sequence[Token], slash: int) -> int | None:
    """Where the numerator of the ``/`` at ``tokens[slash]`` starts, if that numerator holds
    a differential (``dy/dx``, ``d^2y/dx^2``, ``d(x^2)/dx``); ``None`` otherwise."""
    if slash < 1 or tokens[slash].kind != "OP" or tokens[slash].text != "/":
        return None
    start = slash
    depth = 0
    differential = False
    while start > 0:
        previous = tokens[start - 1]
        if previous.kind == "RPAREN":
            depth += 1
        elif previous.kind == "LPAREN":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and previous.kind not in _NUMERATOR_KINDS and previous.text != "^":
            break
        if depth == 0 and previous.kind == "NAME" and is_differential(previous.text):
            differential = True
        start -= 1
    return tokens[start].pos if differential else None


def quotient_message(source: str, tokens: Sequence[Token], start: int, denominator: Token) -> str:
    """The message refusing a derivative written as a quotient with nothing to act on."""
    numerator = source[start : denominator.pos].rstrip().rstrip("/").rstrip()
    return (
        f"{numerator}/{denominator.text} is a derivative written as a quotient, and what it "
        f"differentiates is not given; write d/d{denominator.text[1:]} (…) with the formula"
    )


#: Operators that are not functions written without parentheses.
NOT_FUNCTIONS = frozenset({"d/d", "bigop", "neg"})
#: The refusal of an operator with nothing after it (``d/dx``, ``\\frac{d}{dx}`` alone).
NOTHING_MESSAGE = (
    "{operator} has nothing to differentiate after it; write {operator} (…) with the formula "
    "it differentiates"
)
#: Tokens after which a derivative operator has nothing to differentiate.
NOTHING_FOLLOWS = frozenset({"END", "RPAREN", "RBRACKET", "COMMA", "EQUALS", "PRIME"})


def diff_stages(
    arguments: Sequence[Expr], positions: Sequence[int], source: str, pos: int
) -> list[tuple[Expr, int]]:
    """The stages of ``diff(f, x)``, ``diff(f, x, 2)``, ``diff(f, x, y)``, ``diff(f, x, 2,
    y)``: the variables in the order of differentiation, each followed by its order or not
    (``positions``: where each argument starts, for the errors)."""
    if len(arguments) < 2:
        raise ParseError(
            "diff takes (expr, variable), (expr, variable, order) or (expr, x, y, …)", source, pos
        )
    stages: list[tuple[Expr, int]] = []
    for at, argument in zip(positions[1:], arguments[1:], strict=True):
        if isinstance(argument, (Sym, Indexed)):
            stages.append((argument, 1))
        elif isinstance(argument, Num) and stages and stages[-1][1] == 1:
            if not (argument.is_integer and 1 <= argument.value <= MAX_NOTATION_ORDER):
                raise ParseError("the order must be a whole number from 1 to 100", source, pos)
            stages[-1] = (stages[-1][0], int(argument.value))
        elif isinstance(argument, Num) and stages:
            raise ParseError("an order follows a variable: diff(f, x, 2, y)", source, at)
        else:
            raise ParseError("diff needs a variable", source, at)
    if sum(order for _, order in stages) > MAX_NOTATION_ORDER:
        raise ParseError("the order must be a whole number from 1 to 100", source, pos)
    return stages


# -- LaTeX: \\frac{d}{dx}, \\frac{d^2}{dx^2}, \\frac{\\partial^2}{\\partial x \\partial y} ---
#: Commands that make a name bold or an arrow: vector or matrix notation.
BOLD_COMMANDS = frozenset({"mathbf", "boldsymbol", "bm", "vec", "overrightarrow", "mathbfit"})

_DIFFERENTIAL_SIGN = (
    r"(?:\\partial|d|\\mathrm\s*\{\s*d\s*\}|\\mathrm\s+d|\\operatorname\s*\{\s*d\s*\}"
    r"|\\text(?:rm)?\s*\{\s*d\s*\}|\\mathit\s*\{\s*d\s*\}|\{\s*\\rm\s+d\s*\})"
)
_LATEX_ORDER = r"(?:\s*\^\s*(?:\{\s*([0-9]+)\s*\}|([0-9])))?"
_NUMERATOR = re.compile(rf"\s*({_DIFFERENTIAL_SIGN}){_LATEX_ORDER}", re.DOTALL)
_DENOMINATOR_PART = re.compile(
    rf"(?:\s|~|\\[,;:! ])*({_DIFFERENTIAL_SIGN})\s*"
    r"(\\[A-Za-z]+\s*\{\s*\\?[A-Za-z]+\s*\}|\\[A-Za-z]+|[A-Za-z])"
    r"(?:\s*_\s*(?:\{\s*([0-9]+)\s*\}|([0-9])))?" + _LATEX_ORDER
)
#: A differential by a variable with a subscript of letters (``dx_i``, ``\\partial w_{ij}``).
_INDEXED_DIFFERENTIAL = re.compile(
    rf"(?:\s|~|\\[,;:! ])*{_DIFFERENTIAL_SIGN}\s*(\\[A-Za-z]+|[A-Za-z])"
    r"\s*_\s*(\{[^{}]*[A-Za-z][^{}]*\}|[A-Za-z])"
)
#: Commands that write a name of several letters upright.
_WORD_COMMANDS = frozenset({"mathrm", "text", "textrm", "mathit", "operatorname"})
_DECORATED_VARIABLE = re.compile(r"\\([A-Za-z]+)\s*\{\s*(\\?)([A-Za-z]+)\s*\}")
_TRAILING = re.compile(r"(?:\s|~|\\[,;:! ])*")
#: What a quotient's numerator may hold after its ``d`` and still name only what is
#: differentiated, not give it: a name, decorated or subscripted, called or not (``dy``,
#: ``\\partial L``, ``d f(x)``, ``d\\hat{y}``).
_ONLY_A_NAME = re.compile(
    r"\s*(?:[A-Za-z]|\\[A-Za-z]+(?:\s*\{[^{}]*\})?)(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
    r"\s*(?:\([^()]*\)|\\left\s*\([^()]*\\right\s*\))?\s*",
    re.DOTALL,
)


@dataclass(frozen=True)
class LatexDerivative:
    """A fraction read as derivative notation: its stages, what its numerator holds after
    the differential (``rest``, where it starts in the numerator), and the numerator's
    order as written."""

    stages: Stages
    rest: str
    rest_offset: int
    numerator_order: int
    partial: bool
    #: The operator alone, as a suggestion: ``\\frac{d^2}{dx^2}`` for ``\\frac{d^2y}{dx^2}``.
    operator: str = ""


def _latex_order(caret: str | None, digit: str | None) -> int:
    return int(caret or digit or 1)


def bold_message(command: str, content: str) -> str:
    """The message refusing a bold or arrow name met by the scalar reader."""
    return (
        f"\\{command}{{{content}}} is vector or matrix notation (a bold or arrow name), which "
        "the scalar reader does not read; declare the shapes for the matrix calculus, or "
        "write the name plainly for a scalar"
    )


def _latex_variable(text: str, subscript: str | None, source: str, pos: int) -> str | None:
    """The plain name of a differentiation variable written in LaTeX (``x``, ``\\theta``,
    ``\\hat{y}``, ``x_1``, ``\\mathrm{ab}``); ``None`` when it is not a variable."""
    decorated = _DECORATED_VARIABLE.fullmatch(text)
    if decorated is not None:
        command, backslash, letter = decorated.groups()
        if command in BOLD_COMMANDS:
            raise MatrixNotationError(bold_message(command, backslash + letter), source, pos)
        if command in _WORD_COMMANDS and not backslash:  # d\mathrm{ab}, as it is printed
            return f"{letter}_{subscript}" if subscript else letter
        base = LATEX_GREEK_COMMANDS.get(letter) if backslash else letter
        if command not in DECORATIONS or base is None or (not backslash and len(letter) > 1):
            return None
        name = f"{base}_{DECORATIONS[command][0]}"
    elif text.startswith("\\"):
        found = LATEX_GREEK_COMMANDS.get(text[1:].strip())
        if found is None:
            return None
        name = found
    else:
        name = text
    return f"{name}_{subscript}" if subscript else name


def latex_derivative(
    numerator: str, denominator: str, source: str, pos: int
) -> LatexDerivative | None:
    """The fraction ``\\frac{numerator}{denominator}`` as derivative notation, or ``None``
    when its denominator is not made of differentials (``dx``, ``\\partial x \\partial y``,
    ``\\mathrm{d}x^2``).  A numerator that is not a differential under such a
    denominator is refused (``\\frac{1}{dx}``), never read as a product d·x."""
    stages: list[tuple[str, int]] = []
    at = 0
    partial = False
    while at < len(denominator):
        part = _DENOMINATOR_PART.match(denominator, at)
        indexed = _INDEXED_DIFFERENTIAL.match(denominator, at)
        if indexed is not None:
            variable = f"{indexed.group(1)}_{indexed.group(2)}"
            raise ParseError(
                f"\\frac{{{numerator}}}{{{denominator}}}: a derivative by the indexed "
                f"variable {variable} is not read from LaTeX; write the formula alone and give "
                f'the variable apart (derive(f, "x[i]"), or --wrt "x[i]")',
                source,
                pos,
            )
        if part is None:
            if _TRAILING.fullmatch(denominator, at) is not None:
                break
            return None
        name = _latex_variable(part.group(2), part.group(3) or part.group(4), source, pos)
        if name is None:
            return None
        partial = partial or "partial" in part.group(1)
        stages.append((name, _latex_order(part.group(5), part.group(6))))
        at = part.end()
    if not stages:
        return None
    head = _NUMERATOR.match(numerator)
    written = f"\\frac{{{numerator}}}{{{denominator}}}"
    if head is None:
        raise ParseError(
            f"{written}: the denominator is a differential; write \\frac{{d}}{{dx}}(…) for a "
            "derivative, or d \\cdot x for a product",
            source,
            pos,
        )
    order = _latex_order(head.group(2), head.group(3))
    checked = checked_stages(order, stages, written, source, pos)
    operator = f"\\frac{{{numerator[: head.end()].strip()}}}{{{denominator.strip()}}}"
    return LatexDerivative(checked, numerator[head.end() :], head.end(), order, partial, operator)


def only_a_name(rest: str) -> bool:
    """Whether a derivative quotient's numerator names what it differentiates without
    giving it (``dy``, ``\\partial L``, ``d f(x)``)."""
    return _ONLY_A_NAME.fullmatch(rest) is not None


def binary_note(
    top: str,
    function: bool,
    number: Expr | None,
    incoming: str,
    following: Token,
    below: tuple[str, ...] = (),
    spaced: bool = False,
) -> Note | None:
    """The note for an operator ``incoming`` arriving after the pending operator ``top``
    (``function``: a function written without parentheses; ``number``: the operand
    before, when it is a number as written; ``following``: the token after the operator,
    or the operand that brings an implicit product; ``below``: the pending operators
    under ``top``, the nearest last, as ``^`` under the minus of ``e^-2x``; ``spaced``:
    white space before an explicit operator): a function taking a power or a product
    (``sin x^2``), ``1/2x``, an exponent followed at once by a product (``e^2x``,
    ``e^x(x+1)``, ``e^-2x``) or divided at once by a number (``x^1/2``, ``x^-1/2``), an
    exponent's own power divided (``e^-x^2/2``, ``e^x^2/2``).  Written apart (``e^2 x``,
    ``x^1 / 2``) or explicitly (``e^2*x``, ``e^(2x)``), a form has no note."""
    if function:
        if incoming in ("implicit", "^"):
            return "function-argument", NOTES["function-argument"].format(top)
        return None
    if spaced or following.spaced:
        return None
    exponent = top == "^" or (top == "neg" and below[-1:] == ("^",))
    if incoming == "/":
        if top == "^" and (below[-1:] == ("^",) or below[-2:] == ("^", "neg")):
            return "exponent-divided", NOTES["exponent-divided"]
        if exponent and _fraction_like(number, following):
            return "fraction-exponent", NOTES["fraction-exponent"]
        return None
    if incoming not in ("implicit", "implicit-call"):
        return None
    if top == "/" and number is not None:
        return "fraction-coefficient", NOTES["fraction-coefficient"]
    if exponent and (number is not None or following.kind == "LPAREN"):
        key = "exponent-extent" if top == "^" else "signed-exponent"
        return key, NOTES[key]
    return None


_WHOLE_NUMBER = re.compile(r"[0-9]+")


def _fraction_like(exponent: Expr | None, divisor: Token) -> bool:
    """Whether ``exponent/divisor``, both whole numbers as written, reads as a fraction
    meant for the exponent: one in lowest terms that is not whole (``x^1/2``,
    ``x^2/3``, ``x^-1/2``), not a power over a number that shares a factor with the
    exponent (``x^2/2``, ``x^3/6``, ``x^5/120``: the terms of a series)."""
    if not isinstance(exponent, Num) or not exponent.is_integer:
        return False
    if divisor.kind != "NUMBER" or _WHOLE_NUMBER.fullmatch(divisor.text) is None:
        return False
    return int(divisor.text) > 1 and gcd(int(exponent.value), int(divisor.text)) == 1


#: The notes said otherwise of a formula read from LaTeX (by convention, as read in
#: plain text): its advice in LaTeX.
LATEX_NOTES: dict[str, Note] = {
    "natural-log": ("latex-natural-log", NOTES["latex-natural-log"].format()),
}


#: The sentences of the reading notes in Japanese (``{0}``, ``{1}``: the parts the
#: English sentence takes from the formula, in its order).
NOTES_JA = {
    "function-argument": (
        "括弧のない {0} は、後に続くべき乗と積を引数にとります: sin x^2 は sin(x^2)、sin 2x "
        "は sin(2x) です（次の + や -、明示した * や /、関数の手前まで）"
    ),
    "fraction-coefficient": (
        "/ の直後の数だけが割る数です: 1/2x は (1/2)*x です。2x で割るなら 1/(2x) と書いてください"
    ),
    "exponent-extent": (
        "指数は ^ の直後の数、名前または括弧ひとつです: e^2x は e^2*x、e^x(x+1) は "
        "e^x*(x+1) です。長い指数は e^(2x) のように括弧で囲んでください"
    ),
    "signed-exponent": (
        "指数は ^ の直後の符号つきの数、名前または括弧ひとつです: e^-2x は e^(-2)*x です。"
        "長い指数は e^(-2x) のように括弧で囲んでください"
    ),
    "fraction-exponent": (
        "指数は ^ の直後の数ひとつで、/ はべき乗を割ります: x^1/2 は x^1 を 2 で割ったもの"
        "です。平方根なら x^(1/2) と書いてください"
    ),
    "implicit-product": (
        "括弧の前の文字はその括弧との積です: {0} は積で、関数として宣言したとき"
        "（コマンドラインでは --functions、Python では functions=[...]）だけ関数になります"
    ),
    "natural-log": "底のない log は自然対数 ln です。常用対数なら log_10 と書いてください",
    "latex-natural-log": (
        "底のない \\log は自然対数 ln です。常用対数なら \\log_{{10}} と書いてください"
    ),
    "exponent-divided": (
        "指数は / の手前で終わります: e^-x^2/2 は e^(-x^2)/2 です。指数を割るなら "
        "e^(-x^2/2) と書いてください"
    ),
    "derivative-operand": "括弧のない {0} は、関数やべき乗も含めて、後に続く積を微分します",
    "mixed-partial": (
        "{0} は右から左へ ∂/∂x (∂/∂y …) と読み、式に近い変数から先に微分します"
        "（順序で変わるのは途中の式だけで、導関数は変わりません）"
    ),
    "diff-order": "diff(f, x, y) は引数の順に、x で微分してから y で微分します",
    "prime-name": "名前だけにつけたプライムは名前の一部です: {0} は導関数ではなく記号です",
    "prime-variable": (
        "プライムは {0} で微分します: 式に x があれば x で、なければ式のただ一つの変数で微分します"
    ),
    "letters": "続けて書いた文字は、TeX の組版どおり積です: xy は x*y です",
    "decorated-name": "{0} はそれだけで一つの名前です（プレーンテキストでは {1} と入力します）",
    "root-parentheses": (
        "\\sqrt(…) は括弧の中全体の根号と読みます（TeX は開き括弧だけに根号をかけて"
        "組みます）: \\sqrt{{…}} と書いてください"
    ),
    "definition": "{0} = … は関数を定めています: その式を微分します",
    "given-by-formula": "等式は {0} を式で与えています: その式を微分します",
    "inside-name": (
        "{0} は名前 {1} の中にしかありません（続けて書いた文字は一つの名前です）。"
        "そのため導関数は 0 です: 積なら {2} と書いてください"
    ),
}

#: Each note's English sentence as a pattern, its parts taken from the formula as groups.
_NOTE_PATTERNS = {
    key: re.compile(
        "(.+?)".join(re.escape(piece.format()) for piece in english.split("{}")), re.DOTALL
    )
    for key, english in NOTES.items()
}


def note_in_japanese(convention: str, sentence: str) -> str:
    """A reading note's sentence in Japanese, with the parts it took from the formula
    (the English sentence for one not in :data:`NOTES_JA`).

    >>> note_in_japanese("prime-name", NOTES["prime-name"].format("y'"))
    "名前だけにつけたプライムは名前の一部です: y' は導関数ではなく記号です"
    """
    pattern = _NOTE_PATTERNS.get(convention)
    found = None if pattern is None else pattern.fullmatch(sentence)
    if found is None or convention not in NOTES_JA:
        return sentence
    return NOTES_JA[convention].format(*found.groups())


def closest_name(name: str, known: Sequence[str]) -> str | None:
    """The known name ``name`` is likely a slip for: the same in other letter case first
    (``Tan``: tan, not Tanh; not for one letter, ``h`` is no slip for H), else the closest
    in spelling; ``None`` when none is close.

    >>> closest_name("Tan", ["tan", "tanh", "Tanh"]), closest_name("sinn", ["sin", "sinh"])
    ('tan', 'sin')
    """
    same = [o for o in known if len(name) > 1 and o != name and o.lower() == name.lower()]
    close = [other for other in difflib.get_close_matches(name, known, n=2) if other != name]
    found = same or close
    return found[0] if found else None


def negative_power_refusal(name: str, written: str, *, latex: bool = False) -> str:
    """The refusal of ``sin^-1 x`` (an inverse or a reciprocal?) and ``sin^-2 x``."""
    if latex:
        power = f"(\\{name} x)^{{-{written}}}"
        return f"\\{name}^{{-{written}}} is ambiguous: write {power} for a power"
    if written == "1":
        return (
            f"{name}^-1 is ambiguous: write a{name}(x) for the inverse or 1/{name}(x) for "
            "the reciprocal"
        )
    return f"{name}^-{written} is ambiguous: write {name}(x)^(-{written}) for a power"


def function_power_refusal(name: str, *, latex: bool = False) -> str:
    """The refusal of a power between a function and its argument that is not a number
    (spelled in LaTeX for a LaTeX formula: ``(\\sin x)^{…}``)."""
    head, example, power = (
        (f"\\{name}", f"\\{name}^2 x", f"(\\{name} x)^{{…}}")
        if latex
        else (name, f"{name}^2 x", f"{name}(x)^(…)")
    )
    return (
        f"expected a number after {head}^ (a power before the argument is a number, as in "
        f"{example}): write {power} for another power"
    )


def extent_message(written: str, incoming: str) -> str:
    """The refusal of ``d/dx x^2 + 1``: an operator without brackets before ``incoming``."""
    return (
        f"{written} without brackets differentiates only the product after it; write "
        f"{written} (…) around everything it differentiates, or put the derivative in "
        f"brackets: ({written} …) {incoming} …"
    )


def applied_message(name: str, argument: str, product: str, declared: str = "") -> str:
    """The refusal of ``y(x)`` or ``u(0)``: a letter before one name or number in
    parentheses reads as a function applied to it, which the letter is not (``declared``:
    the name to declare, when it is not written as ``name``)."""
    return (
        f"{name}({argument}) reads as a function {name} applied to {argument}, but {name} is "
        f"not declared a function: declare it (functions=['{declared or name}']), or write "
        f"{product} for a product"
    )
