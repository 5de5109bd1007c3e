"""The reading notes of a derivation, as the human-readable outputs show them.

When the plain-text or LaTeX reader applies a convention a user may not share
(``e^2x`` is e²·x, ``sin x^2`` is sin(x²), ``log`` is ln), the derivation records a
*reading note* (:data:`symderiv.parse.notation.NOTES`) in
``derivation.options["reading_notes"]``.  The text, terminal, Markdown, LaTeX and HTML
views show each one right after the formula as read, marked ``note:`` (``注:``)::

    d/dx [e²·x]
      note: the exponent is the one number, name or bracket after ^: e^2x is e^2*x …
    = e²·(x)′

The JSON keeps them as data (``reading_notes``); code formats leave them out.
"""

from __future__ import annotations

from collections.abc import Callable

from ..parse.notation import note_in_japanese
from ..steps import Derivation
from .messages import language, message

__all__ = ["note_label", "note_lines", "reading_notes"]

#: How each language says a sentence in its own words.
_IN_LANGUAGE: dict[str, Callable[[str, str], str]] = {
    "en": lambda convention, sentence: sentence,
    "ja": note_in_japanese,
}


def reading_notes(derivation: Derivation, lang: str | None = None) -> tuple[str, ...]:
    """The sentences of the derivation's reading notes in ``lang``, in the order the
    reader met them; none for a formula read without a convention worth a note."""
    say = _IN_LANGUAGE[language(lang)]
    notes = derivation.options.get("reading_notes", ())
    return tuple(say(convention, sentence) for convention, sentence in notes)


def note_label(lang: str | None = None) -> str:
    """The word that marks a reading note: ``note`` (``注``)."""
    return message("reading-note", lang)


def note_lines(derivation: Derivation, lang: str | None = None) -> tuple[str, ...]:
    """Each reading note as a line of plain text: ``note: …`` (``注: …``)."""
    label = note_label(lang)
    return tuple(f"{label}: {sentence}" for sentence in reading_notes(derivation, lang))
