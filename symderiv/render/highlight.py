r"""Highlighting where a tidying move acted, as a teacher marks it on the line the move
wrote.

A printed derivation writes each rewrite as ``= result`` with the move's name beside
it.  :func:`focus_marks` says, for each such line, which sub-expressions of it the move
made (from :attr:`symderiv.steps.Step.focus`: what the acted-on part became, or the sum
or product a cancellation left), and :func:`emit_marked` writes an expression with those
sub-expressions between two markers: ``\textcolor{blue}{`` and ``}`` in LaTeX, a style in
the terminal.  A marker always encloses whole sub-expressions (with their brackets, when
they have them; two marked factors or terms side by side as one), so taking the markers
away (:func:`strip_latex_highlight`) gives the formula as printed without highlighting,
which reads back to the same tree.  (Plain text marks nothing inside a formula; at
``full`` detail it names the part the move acted on.)

Nothing is marked when the move changed the whole line (there is nothing in particular
to point at), or when the line is abbreviated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from ..expr import Expr
from ..focus import Path
from .layout import Line
from .stream import Pieces

__all__ = [
    "LATEX_COLOR",
    "emit_marked",
    "focus_marks",
    "latex_marks",
    "strip_latex_highlight",
]

#: The colour of a highlighted part in LaTeX: a name that xcolor, MathJax and KaTeX all know.
LATEX_COLOR = "blue"
#: A highlighted part in LaTeX, around its formula.
LATEX_MARKS = (rf"\textcolor{{{LATEX_COLOR}}}{{", "}")

_OPENING = frozenset({"(", "\\left("})
_CLOSING = frozenset({")", "\\right)"})


def latex_marks() -> tuple[str, str]:
    """The LaTeX written before and after a highlighted part."""
    return LATEX_MARKS


_HIGHLIGHT = re.compile(r"\\textcolor\{[a-zA-Z]+\}\{")


def strip_latex_highlight(latex: str) -> str:
    r"""``latex`` with every ``\textcolor{c}{…}`` replaced by its content."""
    out: list[str] = []
    at = 0
    closing: list[int] = []  # brace depths at which a highlight closes
    depth = 0
    while at < len(latex):
        found = _HIGHLIGHT.match(latex, at)
        if found is not None:
            closing.append(depth)
            depth += 1
            at = found.end()
            continue
        char = latex[at]
        if char == "\\" and at + 1 < len(latex):
            out.append(latex[at : at + 2])
            at += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if closing and closing[-1] == depth:
                closing.pop()
                at += 1
                continue
        out.append(char)
        at += 1
    return "".join(out)


def focus_marks(lines: Sequence[Line]) -> dict[int, tuple[Path, ...]]:
    """For each rewrite line (by index), the paths in its formula of what its move made:
    the parts the move wrote, or, when it only took parts away (``u·(1/u) = 1``), the sum
    or product they were taken from.  None for a move that changed the whole formula, or
    for a line printed abbreviated."""
    marks: dict[int, tuple[Path, ...]] = {}
    for index, line in enumerate(lines):
        step = line.step
        if line.kind != "rewrite" or step is None or line.result is not step.result:
            continue
        focus = step.focus
        if focus is None or focus.whole:
            continue
        paths = tuple(path for path in focus.after or (focus.result_path,) if path)
        if paths:
            marks[index] = paths
    return marks


def _locate(node: Expr, path: Path, piece: Expr, used: set[Path]) -> Path | None:
    """The path of ``piece`` below ``node`` (at ``path``): one of its children not yet
    written, else the nearest descendant of one (a printer may write a grandchild
    directly, such as the operand of a subtracted term); ``None`` if it is not below it."""
    free = [
        index
        for index in range(len(node.children))
        if not any(where[: len(path) + 1] == (*path, index) for where in used)
    ]
    for index in free:
        if node.children[index] is piece:
            return (*path, index)
    for index in free:
        level: list[tuple[Expr, Path]] = [(node.children[index], (*path, index))]
        for _ in range(4):
            level = [
                (child, (*where, at))
                for parent, where in level
                for at, child in enumerate(parent.children)
            ]
            for child, where in level:
                if child is piece:
                    return where
    return None


def _under(path: Path, prefix: Path) -> bool:
    return len(path) > len(prefix) and path[: len(prefix)] == prefix


#: The path of a marker in a sequence of pieces.
_MARKER: Path = (-1,)
#: What a printer writes between two terms or two factors: two highlighted parts with
#: only this between them are highlighted as one.
_SEPARATORS = frozenset({"", " ", "·", "\\cdot ", " + ", " - ", " − "})

_Item = tuple[str | Expr, Path | None, bool]


def _merged(sequence: list[_Item]) -> list[_Item]:
    """``sequence`` with a closing marker and the next opening marker left out where
    only separators stand between them (adjacent factors cancelled together)."""
    out: list[_Item] = []
    index = 0
    while index < len(sequence):
        item = sequence[index]
        if item[1] == _MARKER and out and any(o[1] == _MARKER for o in out):
            ahead = index + 1
            while (
                ahead < len(sequence)
                and sequence[ahead][1] is None
                and sequence[ahead][0] in _SEPARATORS
            ):
                ahead += 1
            closes = sum(1 for o in out if o[1] == _MARKER) % 2 == 1
            if closes and ahead < len(sequence) and sequence[ahead][1] == _MARKER:
                out += sequence[index + 1 : ahead]
                index = ahead + 1
                continue
        out.append(item)
        index += 1
    return out


def emit_marked(
    root: Expr,
    pieces: Callable[[Expr], Pieces],
    marks: Collection[Path],
    opening: str,
    closing: str,
) -> str:
    """The text of ``root`` as ``pieces`` writes it, with each sub-expression at one of
    the ``marks`` between ``opening`` and ``closing`` (its brackets inside them).  A
    marked part the printer writes inside a literal (a superscript) marks the smallest
    part around it that is written as a node."""
    wanted = frozenset(marks)
    out: list[str] = []
    if () in wanted:
        out.append(opening)
    stack: list[_Item] = [(root, (), () in wanted)]
    if () in wanted:
        stack.insert(0, (closing, _MARKER, True))
    while stack:
        item, path, inside = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        written = pieces(item)
        if path is None or not any(_under(t, path) for t in wanted):
            stack.extend((piece, None, inside) for piece in reversed(written))
            continue
        used: set[Path] = set()
        located: list[Path | None] = []
        for piece in written:
            where = None if isinstance(piece, str) else _locate(item, path, piece, used)
            if where is not None:
                used.add(where)
            located.append(where)
        uncovered = [
            t
            for t in wanted
            if _under(t, path)
            and not any(
                where is not None and (t == where or _under(t, where) or _under(where, t))
                for where in located
            )
        ]
        below = [t for t in wanted if _under(t, path)]
        whole = bool(uncovered) and len(uncovered) == len(below) and not inside
        sequence: list[_Item] = []
        close_after = -1
        for index, (piece, where) in enumerate(zip(written, located, strict=True)):
            if isinstance(piece, str):
                sequence.append((piece, None, inside))
                if index == close_after:
                    sequence.append((closing, _MARKER, True))
                continue
            marked = (
                not inside
                and not whole
                and where is not None
                and any(t == where or _under(where, t) for t in wanted if _under(t, path))
            )
            if not marked:
                sequence.append((piece, where, inside or whole))
                continue
            bracketed = (
                0 < index < len(written) - 1
                and written[index - 1] in _OPENING
                and written[index + 1] in _CLOSING
            )
            if bracketed:
                sequence.insert(len(sequence) - 1, (opening, _MARKER, True))
                sequence.append((piece, where, True))
                close_after = index + 1
            else:
                sequence += [
                    (opening, _MARKER, True),
                    (piece, where, True),
                    (closing, _MARKER, True),
                ]
        if whole:
            sequence = [(opening, _MARKER, True), *sequence, (closing, _MARKER, True)]
        stack.extend(reversed(_merged(sequence)))
    return "".join(out)
