"""A verdict in words set under a derivation in the same document (``symderiv f --check
answer``): its lines, written in Unicode maths by the checker, as LaTeX paragraphs, a
Markdown quotation or HTML paragraphs coloured by the verdict's status.

The text is the learner's answer and our own words: every line passes through the
format's escaping (:func:`~symderiv.render.latex_steps.escape_text`,
:func:`~symderiv.escape.markdown_text`, :func:`~symderiv.escape.html_text`), so an
answer never becomes markup.
"""

from __future__ import annotations

from ..escape import html_text, markdown_text
from .latex_steps import escape_text

__all__ = ["STATUS_CLASSES", "verdict_html", "verdict_latex", "verdict_markdown"]

#: The HTML class of each status (the page's style colours ``.badge.<class>``).
STATUS_CLASSES = {"verified": "verified", "mismatch": "mismatch", "undecided": "undecided"}


def verdict_latex(text: str) -> str:
    r"""Each line a paragraph of text (Unicode maths as inline maths).

    >>> print(verdict_latex("not correct: the derivative is 2x·eˣ\nNo typical mistake."))
    \noindent not correct: the derivative is 2x$\cdot$e\textsuperscript{x}\par
    \noindent No typical mistake.\par
    """
    return "\n".join(rf"\noindent {escape_text(line)}\par" for line in text.splitlines())


def verdict_markdown(text: str) -> str:
    """A quotation block, a line of it per line of text.

    >>> print(verdict_markdown("not correct: the derivative is 2x_1\\nsee *here*"))
    > not correct: the derivative is 2x\\_1
    > see \\*here\\*
    """
    return "\n".join(f"> {markdown_text(line)}" for line in text.splitlines())


def verdict_html(text: str, status: str) -> str:
    """A paragraph in the colours of ``status``, its lines broken as written.

    >>> verdict_html("correct: <b> is 2x", "verified")
    '<p class="badge verified">correct: &lt;b&gt; is 2x</p>'
    """
    lines = "<br>".join(html_text(line) for line in text.splitlines())
    return f'<p class="badge {STATUS_CLASSES.get(status, "undecided")}">{lines}</p>'
