"""The one exception module: every error symderiv raises is a :class:`SymDerivError`, but
:class:`RejectedRewrite`, an assertion of the strict mode that tests and debugging turn on."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "API_REMEDIES",
    "GuardError",
    "LimitError",
    "NoRuleError",
    "ParseError",
    "RejectedRewrite",
    "SymDerivError",
    "VariableError",
]


class SymDerivError(Exception):
    """Base class of all symderiv errors."""


class ParseError(SymDerivError, ValueError):
    """Text that cannot be read as a formula.

    ``position`` is the 0-based index into ``source`` where reading stopped;
    ``str(error)`` shows the message, the source line and a caret under it.
    """

    def __init__(self, message: str, source: str = "", position: int = 0) -> None:
        self.message = message
        self.source = source
        self.position = max(0, min(position, len(source)))
        super().__init__(self._render())

    @property
    def column(self) -> int:
        """1-based column of the error within its line."""
        line_start = self.source.rfind("\n", 0, self.position) + 1
        return self.position - line_start + 1

    def _render(self) -> str:
        if not self.source:
            return self.message
        line_start = self.source.rfind("\n", 0, self.position) + 1
        line_end = self.source.find("\n", self.position)
        if line_end == -1:
            line_end = len(self.source)
        line = self.source[line_start:line_end]
        shown_start = max(0, self.position - line_start - 60)
        shown = line[shown_start : shown_start + 120]
        caret = " " * (self.position - line_start - shown_start) + "^"
        return f"{self.message} at column {self.column}\n  {shown}\n  {caret}"


class LimitError(ParseError):
    """Input beyond a safety limit (size, nesting depth, number or exponent size)."""


class MatrixNotationError(ParseError):
    """Vector or matrix notation (a transpose ``x^T``, a norm ``\\|v\\|``, a bold name) met
    by the scalar reader: the formula is read by the matrix calculus when shapes are
    declared, and refused otherwise, never read as scalars."""


class ShapeError(SymDerivError, ValueError):
    """Operands of a matrix expression whose shapes do not fit (``W x`` with ``W`` m×n and
    ``x`` of length m)."""


class NoRuleError(SymDerivError):
    """The differentiator has no rule for a function or construct."""

    def __init__(self, what: str, detail: str = "") -> None:
        self.what = what
        self.detail = detail
        text = f"no rule for {what}"
        super().__init__(f"{text}: {detail}" if detail else text)


#: What supplies a missing or ambiguous variable, in the Python API's words, by the key a
#: :class:`VariableError` names; a front end says it its own way (:meth:`VariableError.worded`).
API_REMEDIES: Mapping[str, str] = {
    "var": "pass var=…",
    "vars": "pass var='x' or a list such as ['x', 'y']",
    "implicit": "use derive_implicit",
    "identity": "check it with check_identity",
    "dependent": "pass the dependent variable",
}


class VariableError(SymDerivError, ValueError):
    """The variable of differentiation is missing or ambiguous.

    ``remedy`` names what supplies it, a key of :data:`API_REMEDIES`, written where
    ``message`` says ``{remedy}``: ``str(error)`` words it as the Python API does, and
    :meth:`worded` as a front end does (the command line names its options)."""

    def __init__(self, message: str, remedy: str = "") -> None:
        self.message = message
        self.remedy = remedy
        super().__init__(self.worded(API_REMEDIES))

    def worded(self, remedies: Mapping[str, str]) -> str:
        """The message with the remedy in ``remedies``' words (the API's when it has none).

        >>> error = VariableError("which variable? {remedy}", "var")
        >>> str(error), error.worded({"var": "give --wrt"})
        ('which variable? pass var=…', 'which variable? give --wrt')
        """
        if not self.remedy:
            return self.message
        return self.message.replace(
            "{remedy}", remedies.get(self.remedy, API_REMEDIES[self.remedy])
        )


class GuardError(SymDerivError):
    """A result failed the engine's own numerical check (see :mod:`symderiv.guard`); it
    is not returned."""


class RejectedRewrite(AssertionError):
    """Raised in strict mode (``SYMDERIV_STRICT=1``, see :mod:`symderiv.guard`) when a
    rewrite changes the value of an expression; outside it the rewrite is dropped."""
