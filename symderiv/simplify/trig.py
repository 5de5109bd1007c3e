"""Trigonometric and hyperbolic forms for the rational core.

Two exact laws, each a table read from :mod:`.identities`:

* the ratio functions written with sine and cosine: ``tan u = sin u / cos u``,
  ``sec u = 1 / cos u``, ``coth u = cosh u / sinh u``, ... (same domain on both sides);
* the Pythagorean identities as reductions of a square: ``sin²u = 1 − cos²u`` with
  ``cosh²u = 1 + sinh²u``, or ``cos²u = 1 − sin²u`` with ``sinh²u = cosh²u − 1``.

The simplifier reads an expression in several of these modes and keeps the shortest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..expr import ONE, Call, Expr, div
from .identities import IDENTITIES, LAWS, Family, square_law

__all__ = [
    "MODES",
    "PYTHAGOREAN",
    "RATIOS",
    "has_trig",
    "to_sines_and_cosines",
    "worth_reading",
]


def _ratio(names: Family, role: str) -> Callable[[Expr], Expr]:
    """``u -> role(u)`` written with the sine and cosine of its family (:data:`LAWS`)."""
    a, b = LAWS[role]
    top = names.sin if a > 0 else names.cos if b > 0 else None
    bottom = names.sin if a < 0 else names.cos
    return lambda u: div(Call(top, u) if top else ONE, Call(bottom, u))


#: ``name -> (u -> the same function written with sin/cos or sinh/cosh)``.
RATIOS: dict[str, Callable[[Expr], Expr]] = {
    getattr(entry.names, role): _ratio(entry.names, role)
    for entry in IDENTITIES.values()
    for role in ("tan", "cot", "sec", "csc")
}

#: The Pythagorean readings, each named for what it does to the circular functions.
PYTHAGOREAN_READINGS: tuple[str, str] = ("sin-to-cos", "cos-to-sin")

#: The squares each mode replaces: ``name -> (partner, c, s)`` for ``f² = c + s·partner²``.
PYTHAGOREAN: dict[str, dict[str, tuple[str, int, int]]] = {
    reading: {
        getattr(entry.names, entry.replaced[which]): square_law(entry, entry.replaced[which])
        for entry in IDENTITIES.values()
    }
    for which, reading in enumerate(PYTHAGOREAN_READINGS)
}

#: The readings tried for an expression with trigonometric atoms:
#: (write ratios with sin/cos, Pythagorean mode or None).
MODES: tuple[tuple[bool, str | None], ...] = (
    (True, None),
    *((True, reading) for reading in PYTHAGOREAN_READINGS),
)

_TRIG_NAMES = frozenset(name for entry in IDENTITIES.values() for name in entry.names)


def has_trig(atoms: list[Expr]) -> bool:
    """Whether any atom is a trigonometric or hyperbolic function."""
    return any(isinstance(atom, Call) and atom.name in _TRIG_NAMES for atom in atoms)


def worth_reading(
    atoms: list[Expr], powers: Iterable[tuple[int, int]]
) -> list[tuple[bool, str | None]]:
    """The trigonometric readings that can differ from the plain one: all of
    :data:`MODES` when a ratio function appears, the Pythagorean ones when a
    trigonometric atom is squared (``powers``: each atom number with an exponent it
    has somewhere), none otherwise."""
    if any(isinstance(atom, Call) and atom.name in RATIOS for atom in atoms):
        return list(MODES)
    squared = any(
        exponent >= 2 and isinstance(atoms[atom], Call) and atoms[atom].name in _TRIG_NAMES  # type: ignore[attr-defined]
        for atom, exponent in powers
    )
    return [mode for mode in MODES if mode[1] is not None] if squared else []


def to_sines_and_cosines(atom: Expr) -> Expr:
    """A ratio function written with sine and cosine; any other atom unchanged."""
    if isinstance(atom, Call) and len(atom.children) == 1:
        write = RATIOS.get(atom.name)
        if write is not None:
            return write(atom.arg)
    return atom
