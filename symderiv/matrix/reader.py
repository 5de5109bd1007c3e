"""The reader of matrix notation: text (plain or LaTeX) and shapes → a matrix expression.

Grammar (loosest first)::

    sum      := ['-'] product (('+' | '-') product)*
    product  := unary ((('*' | '@' | '·' | '\\cdot') | '⊙' | '\\odot' | '.*'
                        | '/' | './' | '⊘' | juxtaposition) unary)*
    unary    := '-' unary | postfix
    postfix  := atom ('^T' | '^\\top' | 'ᵀ' | "'" | '.T' | '^{-1}' | '⁻¹' | '^{-T}'
                      | '^k' | '²')*
    atom     := number | name | function | '(' sum ')' | '{' sum '}'
              | '\\|' sum '\\|' ['_2' | '_F'] | '|' sum '|' | '\\frac{' sum '}{' sum '}'

Names are declared with shapes (``shapes={"x": ("n",)}``); bold LaTeX names
(``\\mathbf{x}``, ``\\boldsymbol{\\mu}``, ``\\vec{x}``) are vectors when lower-case and
matrices when upper-case, with sizes inferred; ``vectors``/``matrices`` name more such
names; any other name is a scalar.  ``1ᵀ`` and ``\\mathbf{1}`` are the ones vector.
Products of a scalar and a matrix scale it; other products must be conformable, and
sums, Hadamard products and elementwise quotients need equal shapes: otherwise a
:class:`~symderiv.errors.ShapeError` names both operands, their shapes and the column.

>>> tree, shapes = read("x^T A x", {"x": ("n",), "A": ("n", "n")})
>>> print(tree, tree.shape)
xᵀAx (1, 1)
>>> print(read(r"\\|\\mathbf{A}\\mathbf{x} - \\mathbf{b}\\|^2")[0])
‖Ax − b‖²
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from ..errors import LimitError, ParseError
from .nodes import (
    ELEMENTWISE,
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
    children,
    rebuild,
    shape_of,
)
from .printing import GREEK
from .shapes import Declared, Sizes, declare, shape_error

__all__ = ["FUNCTION_WORDS", "MAX_LENGTH", "canonical_name", "read"]

MAX_LENGTH = 10_000

#: Function words → the function they name.
FUNCTION_WORDS: dict[str, str] = {
    "exp": "exp", "log": "log", "ln": "log", "sigma": "sigma", "sigmoid": "sigma",
    "σ": "sigma", "tanh": "tanh", "relu": "relu", "ReLU": "relu", "softplus": "softplus",
    "sqrt": "sqrt", "sin": "sin", "cos": "cos", "softmax": "softmax", "logsumexp": "logsumexp",
    "lse": "logsumexp", "LSE": "logsumexp", "tr": "tr", "Tr": "tr", "trace": "tr",
    "det": "det", "sum": "sum", "diag": "diag", "norm": "norm", "logdet": "logdet",
    "inv": "inv", "norm2": "norm",
}  # fmt: skip

_GREEK_CHARS = {letter: name for name, letter in GREEK.items()}
_SUPERSCRIPTS = {"²": 2, "³": 3}

_TOKEN = re.compile(
    r"""
    (?P<SPACE>\s+|\\[,;!:\ ]|\\quad)
  | (?P<BOLD>\\(?:mathbf|boldsymbol|bm|vec|mathbfit)\s*\{\s*(?P<bold>\\?[A-Za-z]+|1)\s*\})
  | (?P<OPNAME>\\(?:operatorname|mathrm|text|mathop)\s*\{\s*(?P<opname>[A-Za-z]+)\s*\})
  | (?P<NORM>\\\||\\lVert|\\rVert|\\Vert|‖)
  | (?P<LEFT>\\(?:left|right|big|Big|bigg|Bigg)(?=[(\[|.)\]\\]))
  | (?P<CMD>\\[A-Za-z]+)
  | (?P<NUMBER>\d+(?:\.\d+)?)
  | (?P<NAME>[A-Za-z][A-Za-z0-9]*|[αβγδεηθλμνξρστφψωΣΛΘΦΨΩΓΔ])
  | (?P<DOTOP>\.\*|\./|\.T\b|\.\^)
  | (?P<SUP>ᵀ|⁻¹|⁻ᵀ|[²³])
  | (?P<OP>[-+*/@^_'′()\[\]{}|,⊙⊘·−×])
    """,
    re.VERBOSE,
)

_COMMANDS = {
    "\\top": ("NAME", "T"), "\\intercal": ("NAME", "T"), "\\odot": ("OP", "⊙"),
    "\\circ": ("OP", "⊙"), "\\oslash": ("OP", "⊘"), "\\cdot": ("OP", "*"),
    "\\times": ("OP", "*"), "\\frac": ("FRAC", "frac"), "\\tfrac": ("FRAC", "frac"),
    "\\dfrac": ("FRAC", "frac"),
}  # fmt: skip


@dataclass(frozen=True)
class Tok:
    kind: str
    text: str
    pos: int
    bold: bool = False


def canonical_name(name: str) -> str:
    """One spelling per name: ``\\Sigma``/``Σ`` → ``Sigma``, ``W_1``/``W_{1}``/``W₁`` → ``W1``,
    ``\\mathbf{x}`` → ``x``.

    >>> canonical_name(r"\\mathbf{W}_{1}"), canonical_name("Σ"), canonical_name("μ")
    ('W1', 'Sigma', 'mu')
    """
    text = name.strip()
    bold = re.fullmatch(r"\\(?:mathbf|boldsymbol|bm|vec)\{(.*?)\}(.*)", text)
    if bold:
        text = bold.group(1) + bold.group(2)
    text = text.lstrip("\\")
    text = text.translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
    text = re.sub(r"_\{?(\d+)\}?$", r"\1", text)
    if text and text[0] in _GREEK_CHARS:
        text = _GREEK_CHARS[text[0]] + text[1:]
    return text.lstrip("\\")


def _tokens(source: str, known: Iterable[str]) -> list[Tok]:
    words = sorted({*known, *FUNCTION_WORDS, *GREEK, "T"}, key=len, reverse=True)
    out: list[Tok] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise ParseError(f"unexpected character {source[pos]!r}", source, pos)
        kind = match.lastgroup or ""
        text = match.group(kind)
        if kind == "BOLD":
            inner = match.group("bold")
            out.append(Tok("ONES" if inner == "1" else "NAME", canonical_name(inner), pos, True))
        elif kind == "OPNAME":
            out.append(Tok("NAME", match.group("opname"), pos))
        elif kind == "CMD":
            if text in _COMMANDS:
                k, t = _COMMANDS[text]
                out.append(Tok(k, t, pos))
            elif text[1:] in GREEK or text[1:] in FUNCTION_WORDS:
                out.append(Tok("NAME", text[1:], pos))
            else:
                raise ParseError(f"unknown command {text}", source, pos)
        elif kind == "NAME":
            out.extend(_split_name(text, pos, words))
        elif kind == "NORM":
            out.append(Tok("NORM", "‖", pos))
        elif kind not in ("SPACE", "LEFT"):
            out.append(Tok(kind, text, pos))
        pos = match.end()
    out.append(Tok("END", "", len(source)))
    return out


def _split_name(run: str, pos: int, words: list[str]) -> list[Tok]:
    """A run of letters as the names and words it is made of (``Wx`` → ``W``, ``x``)."""
    if run in _GREEK_CHARS:
        return [Tok("NAME", _GREEK_CHARS[run], pos)]
    out = []
    i = 0
    while i < len(run):
        found = next((w for w in words if run.startswith(w, i) and len(w) > 1), None)
        if found is None:
            end = i + 1
            while end < len(run) and run[end].isdigit():
                end += 1
            found = run[i:end]
        out.append(Tok("NAME", found, pos + i))
        i += len(found)
    return out


@dataclass(frozen=True)
class Span:
    node: Node
    start: int
    end: int


class _Reader:
    def __init__(self, source: str, declared: dict[str, Declared], symmetric: set[str]) -> None:
        self.source = source
        self.declared = declared
        self.symmetric = symmetric
        self.sizes = Sizes()
        self.inferred: dict[str, Declared] = {}
        self.toks = _tokens(source, declared)
        self.i = 0
        self.bars = 0
        self.norms = 0

    # -- tokens ---------------------------------------------------------------------
    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def take(self) -> Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def at(self, kind: str, text: str | None = None) -> bool:
        tok = self.tok
        return tok.kind == kind and (text is None or tok.text == text)

    def expect(self, kind: str, text: str) -> Tok:
        if not self.at(kind, text):
            found = self.tok.text or "the end"
            raise ParseError(f"expected {text!r}, found {found!r}", self.source, self.tok.pos)
        return self.take()

    def fail(self, message: str, pos: int | None = None) -> ParseError:
        return ParseError(message, self.source, self.tok.pos if pos is None else pos)

    # -- shapes ---------------------------------------------------------------------
    def shape(self, node: Node) -> tuple[Dim, Dim]:
        rows, cols = shape_of(node)
        return self.sizes.find(rows), self.sizes.find(cols)

    def scalar(self, node: Node) -> bool:
        return self.shape(node) == (1, 1)

    def show(self, dims: tuple[Dim, Dim]) -> str:
        def one(d: Dim) -> str:
            return "?" if Sizes.unknown(d) else str(d)

        if dims == (1, 1):
            return "scalar"
        return f"{one(dims[0])}" if dims[1] == 1 else f"{one(dims[0])}×{one(dims[1])}"

    def mismatch(self, what: str, a: Span, b: Span, pos: int, why: str) -> Exception:
        left = _operand(self.source[a.start : a.end])
        right = _operand(self.source[b.start : b.end])
        return shape_error(
            f"{what} of {left} ({self.show(self.shape(a.node))}) and {right} "
            f"({self.show(self.shape(b.node))}): {why}",
            self.source,
            pos,
        )

    def same_shape(self, what: str, a: Span, b: Span, pos: int) -> None:
        sa, sb = self.shape(a.node), self.shape(b.node)
        if not (self.sizes.unify(sa[0], sb[0]) and self.sizes.unify(sa[1], sb[1])):
            raise self.mismatch(what, a, b, pos, "the shapes differ")

    def square(self, what: str, span: Span) -> None:
        rows, cols = self.shape(span.node)
        if not self.sizes.unify(rows, cols):
            text = _operand(self.source[span.start : span.end])
            raise shape_error(
                f"{what} needs a square matrix; {text} is {self.show((rows, cols))}",
                self.source,
                span.start,
            )

    def vector(self, what: str, span: Span) -> None:
        rows, cols = self.shape(span.node)
        if not self.sizes.unify(cols, 1) or (rows == 1 and cols == 1):
            text = _operand(self.source[span.start : span.end])
            raise shape_error(
                f"{what} needs a column vector; {text} is {self.show((rows, cols))}",
                self.source,
                span.start,
            )

    # -- grammar --------------------------------------------------------------------
    def sum(self) -> Span:
        start = self.tok.pos
        negate = False
        if self.at("OP", "-") or self.at("OP", "−"):
            self.take()
            negate = True
        left = self.product()
        if negate:
            left = Span(_neg(left.node), start, left.end)
        while self.at("OP", "+") or self.at("OP", "-") or self.at("OP", "−"):
            op = self.take()
            right = self.product()
            node = right.node if op.text == "+" else _neg(right.node)
            left, right = self.broadcast(left, Span(node, right.start, right.end))
            self.same_shape("sum", left, right, op.pos)
            terms = (*_terms(left.node), *_terms(right.node))
            left = Span(Add(terms), left.start, right.end)
        return left

    def broadcast(self, a: Span, b: Span) -> tuple[Span, Span]:
        """A number added to a vector or matrix stands for that number times 𝟏."""
        for first, second in ((a, b), (b, a)):
            if _is_number(first.node) and not self.scalar(second.node):
                rows, cols = self.shape(second.node)
                ones = Ones(rows, cols)
                value = first.node
                made_node = ones if value == Num(Fraction(1)) else _times(value, ones)
                made = Span(made_node, first.start, first.end)
                return (made, b) if first is a else (a, made)
        return a, b

    _STARTS = ("NAME", "NUMBER", "NORM", "ONES", "FRAC")

    def product(self) -> Span:
        left = self.unary()
        while True:
            tok = self.tok
            if tok.kind == "OP" and tok.text in ("*", "@", "·", "×"):
                self.take()
                left = self.multiply(left, self.unary(), tok.pos)
            elif (tok.kind, tok.text) in (("OP", "⊙"), ("DOTOP", ".*")):
                self.take()
                right = self.unary()
                self.same_shape("Hadamard product", left, right, tok.pos)
                left = Span(Hadamard(left.node, right.node), left.start, right.end)
            elif (tok.kind == "OP" and tok.text in ("/", "⊘")) or (
                tok.kind == "DOTOP" and tok.text == "./"
            ):
                self.take()
                left = self.divide(left, self.unary(), tok.pos)
            elif (tok.kind in self._STARTS and not (tok.kind == "NORM" and self.norms)) or (
                tok.kind == "OP"
                and (
                    tok.text in ("(", "[")
                    or (tok.text == "{")
                    or (tok.text == "|" and self.bars == 0)
                )
            ):
                left = self.multiply(left, self.unary(), tok.pos)
            else:
                return left

    def multiply(self, a: Span, b: Span, pos: int) -> Span:
        sa, sb = self.shape(a.node), self.shape(b.node)
        if sa == (1, 1) or (sb == (1, 1) and sa[1] != 1):
            coef, body = (a, b) if sa == (1, 1) else (b, a)
            return Span(_times(coef.node, body.node), a.start, b.end)
        if not self.sizes.unify(sa[1], sb[0]):
            if sb == (1, 1):
                return Span(_times(b.node, a.node), a.start, b.end)
            raise self.mismatch(
                "product",
                a,
                b,
                pos,
                f"the columns of the left ({self.show_dim(sa[1])}) "
                f"do not match the rows of the right ({self.show_dim(sb[0])})",
            )
        coefs: list[Node] = []
        parts: list[Node] = []
        for node in (a.node, b.node):
            while isinstance(node, Scale):
                coefs.append(node.coef)
                node = node.body
            parts.extend(_factors(node))
        product: Node = MatMul(tuple(parts))
        for factor in reversed(coefs):
            product = _times(factor, product)
        return Span(product, a.start, b.end)

    def show_dim(self, dim: Dim) -> str:
        return "?" if Sizes.unknown(dim) else str(dim)

    def divide(self, a: Span, b: Span, pos: int) -> Span:
        if isinstance(b.node, Num) and b.node.value == 0:
            raise self.fail("division by zero", pos)
        if isinstance(b.node, Num):
            return Span(_times(Num(1 / b.node.value), a.node), a.start, b.end)
        if self.scalar(b.node):
            return Span(Div(a.node, b.node), a.start, b.end)
        a, b = self.broadcast(a, b)
        self.same_shape("elementwise quotient", a, b, pos)
        return Span(Div(a.node, b.node), a.start, b.end)

    def unary(self) -> Span:
        if self.at("OP", "-") or self.at("OP", "−"):
            start = self.take().pos
            inner = self.unary()
            return Span(_neg(inner.node), start, inner.end)
        if self.at("OP", "+"):
            self.take()
        return self.postfix()

    def postfix(self) -> Span:
        span = self.atom()
        while True:
            tok = self.tok
            if tok.kind == "SUP" or (tok.kind == "OP" and tok.text in ("'", "′")):
                self.take()
                text = "T" if tok.text in ("'", "′") else tok.text
                span = self.apply_sup(span, {"ᵀ": "T", "⁻¹": "-1", "⁻ᵀ": "-T"}.get(text, text), tok)
            elif tok.kind == "DOTOP" and tok.text == ".T":
                self.take()
                span = self.apply_sup(span, "T", tok)
            elif tok.kind == "OP" and tok.text == "^":
                self.take()
                span = self.apply_sup(span, self.exponent(), tok)
            else:
                return span

    def exponent(self) -> str:
        braced = self.at("OP", "{")
        if braced:
            self.take()
        parts = []
        while not (braced and self.at("OP", "}")) and not self.at("END"):
            tok = self.take()
            parts.append(tok.text)
            if not braced:
                if tok.text in ("-", "−"):
                    continue
                break
        if braced:
            self.expect("OP", "}")
        text = "".join(parts).replace("−", "-")
        return text

    def apply_sup(self, span: Span, sup: str, tok: Tok) -> Span:
        node = span.node
        end = self.toks[self.i - 1].pos + len(self.toks[self.i - 1].text)
        if sup == "T":
            if isinstance(node, Num) and node.value == 1:
                node = Ones(self.sizes.fresh(), 1)
            return Span(Transpose(node), span.start, end)
        if sup in ("-1", "-T"):
            if self.scalar(node):
                return Span(Power(node, Fraction(-1)), span.start, end)
            self.square("the inverse", span)
            inv: Node = Inverse(node)
            return Span(Transpose(inv) if sup == "-T" else inv, span.start, end)
        sup = {"²": "2", "³": "3"}.get(sup, sup)
        try:
            exponent = Fraction(sup)
        except (ValueError, ZeroDivisionError):
            raise self.fail(f"cannot read the exponent {sup!r}", tok.pos) from None
        if not self.scalar(node):
            raise self.fail(
                "a power of a vector or matrix other than ᵀ and ⁻¹ is not read; "
                "write ‖v‖², v ⊙ v or AA",
                tok.pos,
            )
        return Span(Power(node, exponent), span.start, end)

    def atom(self) -> Span:
        tok = self.tok
        if tok.kind == "NUMBER":
            self.take()
            return Span(Num(Fraction(tok.text)), tok.pos, tok.pos + len(tok.text))
        if tok.kind == "ONES":
            self.take()
            return Span(Ones(self.sizes.fresh(), 1), tok.pos, self.tok.pos)
        if tok.kind == "FRAC":
            self.take()
            num = self.group()
            den = self.group()
            return self.divide(num, den, tok.pos)
        if tok.kind == "NORM":
            self.take()
            self.norms += 1
            inner = self.sum()
            self.norms -= 1
            close = self.expect("NORM", "‖")
            end = close.pos + 1
            if self.at("OP", "_"):
                self.take()
                sub = self.exponent()
                end = self.toks[self.i - 1].pos + 1
                if sub not in ("2", "F"):
                    raise self.fail(f"only ‖·‖₂ and ‖·‖_F are read, not ‖·‖_{sub}", close.pos)
            rows, cols = self.shape(inner.node)
            if cols != 1 and rows != 1 and not self.sizes.unknown(cols):
                pass  # Frobenius norm of a matrix
            return Span(Norm(inner.node), tok.pos, end)
        if tok.kind == "OP" and tok.text in ("(", "[", "{"):
            self.take()
            inner = self.sum()
            close = self.expect("OP", {"(": ")", "[": "]", "{": "}"}[tok.text])
            return Span(inner.node, tok.pos, close.pos + 1)
        if tok.kind == "OP" and tok.text == "|":
            self.take()
            self.bars += 1
            inner = self.sum()
            self.bars -= 1
            close = self.expect("OP", "|")
            span = Span(inner.node, tok.pos, close.pos + 1)
            if self.scalar(inner.node):
                raise self.fail("|s| of a scalar is not read here; |X| is det(X)", tok.pos)
            self.square("det", span)
            return Span(Det(inner.node), tok.pos, close.pos + 1)
        if tok.kind == "NAME":
            return self.name()
        raise self.fail(f"expected a name, number or bracket, found {tok.text or 'the end'!r}")

    def group(self) -> Span:
        start = self.expect("OP", "{")
        inner = self.sum()
        close = self.expect("OP", "}")
        return Span(inner.node, start.pos, close.pos + 1)

    def name(self) -> Span:
        tok = self.take()
        word = tok.text
        if word in FUNCTION_WORDS and not tok.bold and word not in self.declared:
            if not (word == "sigma" and not self.at("OP", "(") and not self.at("NAME")):
                return self.function(FUNCTION_WORDS[word], tok)
        if word == "T":
            raise self.fail("a transpose needs something before it", tok.pos)
        name = word
        end = tok.pos + len(tok.text) if not tok.bold else self.tok.pos
        if self.at("OP", "_"):
            self.take()
            sub = self.exponent()
            if not sub.isalnum():
                raise self.fail(f"cannot read the subscript {sub!r}", tok.pos)
            name += sub
            end = self.toks[self.i - 1].pos + len(self.toks[self.i - 1].text)
        return Span(self.variable(name, tok), tok.pos, end)

    def variable(self, name: str, tok: Tok) -> Var:
        if name in self.declared:
            rows, cols, sym = self.declared[name]
            return Var(name, rows, cols, sym)
        if name not in self.inferred:
            if tok.bold:
                stem = name.rstrip("0123456789")
                upper = stem[:1].isupper()
                rows = self.sizes.fresh()
                if upper and name in self.symmetric:
                    self.inferred[name] = (rows, rows, True)
                else:
                    self.inferred[name] = (rows, self.sizes.fresh() if upper else 1, False)
            else:
                self.inferred[name] = (1, 1, False)
        rows, cols, sym = self.inferred[name]
        return Var(name, rows, cols, sym)

    def function(self, fn: str, tok: Tok) -> Span:
        if fn == "log" and self.at("NAME") and FUNCTION_WORDS.get(self.tok.text) == "det":
            det_tok = self.take()
            inner = self.function("det", det_tok)
            return Span(Func("log", inner.node), tok.pos, inner.end)
        if fn == "logdet":
            inner = self.function("det", tok)
            return Span(Func("log", inner.node), tok.pos, inner.end)
        # f(x)ᵀ transposes f(x): a bracketed argument ends at its bracket.
        arg = self.atom() if self.at("OP", "(") else self.postfix()
        node = arg.node
        if fn == "tr":
            self.square("tr", arg)
            made: Node = Trace(node)
        elif fn == "inv":
            self.square("inv", arg)
            made = Inverse(node)
        elif fn == "det":
            self.square("det", arg)
            made = Det(node)
        elif fn in ("softmax", "logsumexp"):
            self.vector(fn, arg)
            made = VecFunc(fn, node)
        elif fn == "sum":
            made = SumAll(node)
        elif fn == "norm":
            made = Norm(node)
        elif fn == "diag":
            rows, cols = self.shape(node)
            if cols == 1 and rows != 1:
                made = Diag(node)
            else:
                self.square("diag", arg)
                made = DiagPart(node)
        else:
            assert fn in ELEMENTWISE
            made = Func(fn, node)
        return Span(made, tok.pos, arg.end)

    def finish(self, node: Node) -> Node:
        """The tree with every inferred size resolved (unknown ones named n, m, k, …)."""
        names = iter(
            name
            for name in ("n", "m", "k", "p", "d", "q", "r", *(f"n{i}" for i in range(1, 99)))
            if name not in _sizes_used(self.declared)
        )
        chosen: dict[str, Dim] = {}

        def dim(d: Dim) -> Dim:
            d = self.sizes.find(d)
            if Sizes.unknown(d):
                if str(d) not in chosen:
                    chosen[str(d)] = next(names)
                return chosen[str(d)]
            return d

        return _map_dims(node, dim)


def _sizes_used(declared: Mapping[str, Declared]) -> set[str]:
    return {str(d) for rows, cols, _ in declared.values() for d in (rows, cols)}


def _map_dims(node: Node, dim: object) -> Node:
    f = dim  # a function Dim -> Dim
    if isinstance(node, Var):
        return Var(node.name, f(node.rows), f(node.cols), node.symmetric)  # type: ignore[operator]
    if isinstance(node, Ones):
        return Ones(f(node.rows), f(node.cols))  # type: ignore[operator]
    if isinstance(node, Zero):
        return Zero(f(node.rows), f(node.cols))  # type: ignore[operator]
    if isinstance(node, Identity):
        return Identity(f(node.size))  # type: ignore[operator]
    kids = children(node)
    return rebuild(node, tuple(_map_dims(kid, dim) for kid in kids)) if kids else node


def _names_in(node: Node) -> set[str]:
    if isinstance(node, Var):
        return {node.name}
    return set().union(*(_names_in(kid) for kid in children(node))) if children(node) else set()


def _operand(text: str) -> str:
    """An operand's source text without the brackets around it."""
    text = text.strip()
    while len(text) > 1 and text[0] == "(" and text[-1] == ")":
        text = text[1:-1].strip()
    return text


def _neg(node: Node) -> Node:
    return _times(Num(Fraction(-1)), node)


def _times(coef: Node, body: Node) -> Node:
    if isinstance(coef, Num) and isinstance(body, Num):
        return Num(coef.value * body.value)
    if isinstance(coef, Num) and isinstance(body, Scale) and isinstance(body.coef, Num):
        return Scale(Num(coef.value * body.coef.value), body.body)
    return Scale(coef, body)


def _is_number(node: Node) -> bool:
    return isinstance(node, Num) or (
        isinstance(node, Scale) and isinstance(node.coef, Num) and isinstance(node.body, Num)
    )


def _terms(node: Node) -> tuple[Node, ...]:
    return node.terms if isinstance(node, Add) else (node,)


def _factors(node: Node) -> tuple[Node, ...]:
    return node.factors if isinstance(node, MatMul) else (node,)


def read(
    source: str,
    shapes: Mapping[str, object] | None = None,
    *,
    vectors: Iterable[str] = (),
    matrices: Iterable[str] = (),
    symmetric: Iterable[str] = (),
) -> tuple[Node, dict[str, Declared]]:
    """Read matrix notation; returns the tree and every name's resolved shape."""
    if len(source) > MAX_LENGTH:
        raise LimitError(f"input longer than {MAX_LENGTH} characters", source, MAX_LENGTH)
    if not source.strip():
        raise ParseError("empty formula", source, 0)
    sym = {canonical_name(name) for name in symmetric}
    declared = {
        canonical_name(name): declare(name, shape, canonical_name(name) in sym)
        for name, shape in (shapes or {}).items()
    }
    reader = _Reader(source, declared, sym)
    for name in vectors:
        if canonical_name(name) not in reader.declared:
            reader.declared[canonical_name(name)] = (reader.sizes.fresh(), 1, False)
    for name in matrices:
        key = canonical_name(name)
        if key in reader.declared:
            continue
        size = reader.sizes.fresh()
        reader.declared[key] = (size, size if key in sym else reader.sizes.fresh(), key in sym)
    reader.toks = _tokens(source, reader.declared)
    tree = reader.sum()
    if not reader.at("END"):
        raise reader.fail(f"unexpected {reader.tok.text!r}")
    every = {**reader.declared, **reader.inferred}
    # Inferred sizes are named vectors first (x ∈ ℝⁿ, y ∈ ℝᵐ, then W ∈ ℝᵐˣⁿ).
    leaves = [Var(n, r, c, s) for n, (r, c, s) in every.items()]
    leaves.sort(key=lambda v: reader.sizes.find(v.cols) != 1)
    resolved = reader.finish(Add((*leaves, tree.node)))
    assert isinstance(resolved, Add)
    found = {leaf.name: leaf for leaf in resolved.terms[:-1] if isinstance(leaf, Var)}
    used = _names_in(tree.node)
    table: dict[str, Declared] = {
        name: (found[name].rows, found[name].cols, found[name].symmetric)
        for name in every
        if name in used
    }
    return resolved.terms[-1], table
