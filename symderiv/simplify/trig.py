"""Trigonometric and hyperbolic forms for the rational core.

Two exact laws, each a table:

* the ratio functions written with sine and cosine: ``tan u = sin u / cos u``,
  ``sec u = 1 / cos u``, ``coth u = cosh u / sinh u``, ... (same domain on both sides);
* the Pythagorean identities as reductions of a square: ``sin²u = 1 − cos²u`` with
  ``cosh²u = 1 + sinh²u``, or ``cos²u = 1 − sin²u`` with ``sinh²u = cosh²u − 1``.

The simplifier reads an expression in several of these modes and keeps the shortest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..expr import ONE, Call, Expr, div

__all__ = [
    "MODES",
    "PYTHAGOREAN",
    "RATIOS",
    "has_trig",
    "to_sines_and_cosines",
    "worth_reading",
]


def _ratio(top: str | None, bottom: str) -> Callable[[Expr], Expr]:
    return lambda u: div(Call(top, u) if top else ONE, Call(bottom, u))


#: ``name -> (u -> the same function written with sin/cos or sinh/cosh)``.
RATIOS: dict[str, Callable[[Expr], Expr]] = {
    "tan": _ratio("sin", "cos"),
    "cot": _ratio("cos", "sin"),
    "sec": _ratio(None, "cos"),
    "csc": _ratio(None, "sin"),
    "tanh": _ratio("sinh", "cosh"),
    "coth": _ratio("cosh", "sinh"),
    "sech": _ratio(None, "cosh"),
    "csch": _ratio(None, "sinh"),
}

#: The squares each mode replaces: ``name -> (partner, c, s)`` for ``f² = c + s·partner²``.
PYTHAGOREAN: dict[str, dict[str, tuple[str, int, int]]] = {
    "sin-to-cos": {"sin": ("cos", 1, -1), "cosh": ("sinh", 1, 1)},
    "cos-to-sin": {"cos": ("sin", 1, -1), "sinh": ("cosh", -1, 1)},
}

#: The readings tried for an expression with trigonometric atoms:
#: (write ratios with sin/cos, Pythagorean mode or None).
MODES: tuple[tuple[bool, str | None], ...] = (
    (True, None),
    (True, "sin-to-cos"),
    (True, "cos-to-sin"),
)

_TRIG_NAMES = frozenset(RATIOS) | {"sin", "cos", "sinh", "cosh"}


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
