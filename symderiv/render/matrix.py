"""The index bridge of a matrix derivation, printed: its expression in indices and the
scalar differentiator's derivative by one entry of the variable, beside that entry of the
matrix result (``--detail full``).  Registered with :mod:`symderiv.matrix.record` when
imported (the facade imports it), since the Unicode and LaTeX printers of indexed
expressions live on this floor.
"""

from __future__ import annotations

from ..matrix.indices import index_form
from ..matrix.record import _ACTIONS, MatrixDerivation
from .latex import to_latex
from .pretty import to_pretty

__all__ = ["index_lines"]

_WORDS = {
    "en": (
        "in indices",
        "entry {entry} of the result",
        "the scalar rules",
        "verified against SymPy",
    ),
    "ja": ("添字で", "結果の {entry} 成分", "スカラーの規則", "SymPy で検証済み"),
}


def index_lines(d: MatrixDerivation, lang: str = "en", tex: bool = False) -> list[str]:
    """The index bridge's lines (none where the expression has no index form)."""
    form = index_form(d, verify=True)
    if form is None:
        return []
    show = to_latex if tex else to_pretty
    where, entry_of, rules, verified = _WORDS.get(lang, _WORDS["en"])
    badge = f"{rules}, ✓ {verified}" if form.verified else rules
    entry = show(form.entry)
    indices = ", ".join(str(index) for index in getattr(form.entry, "indices", ())) or entry
    if tex:
        return [
            f"\\text{{{where}: }} \\frac{{\\partial}}{{\\partial {entry}}}\\left({show(form.expr)}"
            f"\\right) = {show(form.derivative)} && \\text{{{badge}}}",
            f"\\text{{{entry_of.format(entry=indices)}: }} {show(form.result)}",
        ]
    return [
        f"  {where}: ∂/∂{entry} [{show(form.expr)}] = {show(form.derivative)}   ({badge})",
        f"  {entry_of.format(entry=indices)}: {show(form.result)}",
    ]


_ACTIONS["index"] = index_lines
