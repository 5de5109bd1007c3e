r"""Writing user text safely in every output format: one escaping function per format.

A name comes from the user (``Sym("x_")``, an ``id`` in a JSONL file, a formula echoed in
an error message) and must be printed as itself, never read as markup:

* :func:`latex_name` — a symbol's name in LaTeX math: the regular names keep their
  textbook form (``theta`` -> ``\theta``, ``x_1`` -> ``x_{1}``, ``xy`` -> ``\mathrm{xy}``);
  any other name is written character for character in ``\mathtt{…}`` with LaTeX's
  special characters escaped (``x_`` -> ``\mathtt{x\_}``), so that no character is dropped
  and nothing is read as a command.
* :func:`latex_text` — text inside ``\text{…}`` (or a ``%`` comment, with a table).
* :func:`markdown_math` — LaTeX placed between ``$`` in Markdown, safe for the HTML a
  Markdown converter writes (``<`` and ``>`` become ``\lt`` and ``\gt``).
* :func:`markdown_text` — prose in Markdown: emphasis, link and HTML characters escaped.
* :func:`html_text` — text in HTML.
* :func:`terminal_text` and :func:`rich_text` — text for a terminal: control characters
  (escape sequences, bidirectional overrides) shown as visible characters, and, for
  rich, a :class:`rich.text.Text` that is never parsed as console markup.
* :func:`spreadsheet_cell` and :func:`spreadsheet_csv` — a CSV cell a spreadsheet shows
  as text, never runs as a formula (``=cmd|' /C calc'!A0``).
"""

from __future__ import annotations

import csv
import html
import io
import re
from typing import TYPE_CHECKING

from .functions import GREEK_LETTERS

if TYPE_CHECKING:
    from rich.text import Text

__all__ = [
    "LATEX_TEXT_SPECIALS",
    "html_text",
    "latex_name",
    "latex_text",
    "markdown_math",
    "markdown_text",
    "rich_text",
    "spreadsheet_cell",
    "spreadsheet_csv",
    "terminal_text",
]

# -- terminals ---------------------------------------------------------------------------
#: C0 control characters shown as their Unicode control pictures (one column each, so a
#: caret under an echoed formula stays aligned): ESC is ``␛``, a tab ``␉``.
_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


def _written_out(ch: str) -> str:
    """A character as a Python-style escape in ASCII: ``\\x1b``, ``\\u202e``."""
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _visible(ch: str) -> str:
    return _CONTROL_PICTURES.get(ord(ch)) or _written_out(ch)


#: Control (``Cc``) and format (``Cf``: bidirectional overrides, zero-width characters)
#: characters, and the line and paragraph separators: a terminal acts on them or hides
#: them.  (Unicode 15's lists, as ranges: one regular-expression scan finds them.)
_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def terminal_text(text: str, keep: str = "\n") -> str:
    """``text`` with every control character made visible (those in ``keep`` excepted):
    ``"x\\x1b[31m"`` -> ``"x␛[31m"``, and a right-to-left override written out as
    ``\\u202e``."""
    return _CONTROLS.sub(lambda found: found[0] if found[0] in keep else _visible(found[0]), text)


def rich_text(text: str, style: str = "") -> Text:
    """``text`` as a rich :class:`~rich.text.Text`: printed as it reads, never parsed as
    console markup (``[/bold]``, ``[link=…]``), and with control characters visible."""
    from rich.text import Text

    return Text(terminal_text(text), style=style)


# -- spreadsheets --------------------------------------------------------------------------
#: What a spreadsheet reads as the start of a formula in a CSV cell (OWASP's list: the
#: signs of a formula, and a tab or carriage return that it skips before one).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that would start a formula is led by
    ``'`` (OWASP's rule against CSV injection), any other left as it is.

    >>> spreadsheet_cell("=cmd|' /C calc'!A0"), spreadsheet_cell("-sin(x)"), spreadsheet_cell("ann")
    ("'=cmd|' /C calc'!A0", "'-sin(x)", 'ann')
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def spreadsheet_csv(text: str) -> str:
    """CSV text with every cell made safe by :func:`spreadsheet_cell` (rows and quoting
    kept: a cell is read and written by :mod:`csv`).

    >>> spreadsheet_csv('student,answer\\n"=1+1",-2x\\n')
    "student,answer\\n'=1+1,'-2x\\n"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return out.getvalue()


# -- HTML and Markdown --------------------------------------------------------------------
def html_text(text: str) -> str:
    """Text in HTML: ``<``, ``>``, ``&`` and quotes as entities."""
    return html.escape(terminal_text(text), quote=True)


#: Characters that Markdown reads inside a line as emphasis, code, links, strike-through
#: or table cells (GitHub's dialect), and ``$``, which MathJax reads as math.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]~|$])")


def markdown_text(text: str) -> str:
    """Prose in Markdown: emphasis, code, link and math characters backslash-escaped,
    HTML characters as entities, so that the text shows as itself."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html_text(text))


_MATH_HTML = {"<": r"\lt ", ">": r"\gt "}


def markdown_math(latex: str) -> str:
    """LaTeX to place between ``$`` or ``$$`` in Markdown: ``<`` and ``>`` written as
    MathJax commands, so that an HTML converter never sees a tag.  (An ``&`` in a name is
    written ``\\&{}`` by :func:`latex_name`, which no converter reads as an entity.)"""
    if not any(ch in latex for ch in _MATH_HTML):
        return latex
    return "".join(_MATH_HTML.get(ch, ch) for ch in latex)


# -- LaTeX --------------------------------------------------------------------------------
#: LaTeX's special characters in text mode (inside ``\text{}``, or in a comment).
LATEX_TEXT_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "_": r"\_",
                       "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "^": r"\^{}",
                       "~": r"\~{}", "<": r"\textless{}", ">": r"\textgreater{}"}  # fmt: skip


def _ascii_controls(text: str) -> str:
    """Control characters written out in ASCII (``\\x0a``): LaTeX has no glyph for them."""
    return _CONTROLS.sub(lambda found: _written_out(found[0]), text)


def latex_text(text: str, table: dict[str, str] = LATEX_TEXT_SPECIALS) -> str:
    """Text safe inside ``\\text{}`` or a ``%`` comment: control characters (a line
    break would end a comment) written out, LaTeX's special characters escaped (with
    ``table``, other characters too)."""
    return "".join(table.get(ch, ch) for ch in _ascii_controls(text))


#: Single characters with a LaTeX command: Greek letters typed as letters, the ellipsis.
_LATEX_LETTERS = {letter: f"\\{name}" for name, letter in GREEK_LETTERS.items()} | {
    "…": r"\ldots",
    "ℤ": r"\mathbb{Z}",
}

#: LaTeX's special characters in math mode, written so that LaTeX and MathJax both show
#: the character itself.
_LATEX_MATH_SPECIALS = {"\\": r"\backslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "&": r"\&{}",
                        "%": r"\%", "$": r"\$", "#": r"\#", "^": r"\hat{}", "~": r"\sim{}",
                        " ": r"\ ", "<": "<", ">": ">"}  # fmt: skip

#: The regular shape of a name: a letter and letters or digits, or a Greek letter's
#: name, then optionally ``_`` and a subscript of letters or digits (``x_1``, ``t_ik``).
_REGULAR_BASE = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")
_REGULAR_SUBSCRIPT = re.compile(r"[A-Za-z0-9]+\Z")


def _latex_head(base: str) -> str | None:
    """The LaTeX of a name's part before ``_``, or ``None`` if it is not regular."""
    if base in GREEK_LETTERS:
        return f"\\{base}"
    if base in _LATEX_LETTERS:
        return _LATEX_LETTERS[base]
    if not _REGULAR_BASE.match(base):
        return None
    return base if len(base) == 1 else f"\\mathrm{{{base}}}"


def latex_name(name: str) -> str:
    r"""A symbol's name in LaTeX math.

    >>> latex_name("theta"), latex_name("x_1"), latex_name("xy"), latex_name("x_")
    ('\\theta', 'x_{1}', '\\mathrm{xy}', '\\mathtt{x\\_}')
    """
    base, underscore, sub = name.partition("_")
    head = _latex_head(base)
    if head is not None and not underscore:
        return head
    if head is not None and _REGULAR_SUBSCRIPT.match(sub):
        return f"{head}_{{{sub}}}"
    return f"\\mathtt{{{_latex_verbatim(name)}}}"


def _latex_verbatim(name: str) -> str:
    """Every character of ``name`` in math mode: specials escaped, control characters
    written out, Greek letters as commands."""
    pieces: list[str] = []
    for ch in _ascii_controls(name):
        if ch in _LATEX_MATH_SPECIALS:
            pieces.append(_LATEX_MATH_SPECIALS[ch])
        elif ch in _LATEX_LETTERS:
            pieces.append(f"{_LATEX_LETTERS[ch]}{{}}")
        else:
            pieces.append(ch)
    return "".join(pieces)
