"""The trigonometric and hyperbolic identities, written once.

Each family of functions is one entry of :data:`FAMILIES`: its names by role and the
sign ``s`` of its Pythagorean identity ``cos²u + s·sin²u = 1`` (``cosh²u − sinh²u = 1``
for the hyperbolic family).  Every law the simplifier uses is read from that entry:

* the ratio functions as power products of sine and cosine (:data:`LAWS`):
  ``tan = sin/cos``, ``cot = cos/sin``, ``sec = 1/cos``, ``csc = 1/sin``;
* the Pythagorean squares: ``sin²u = (1 − cos²u)/s`` and ``cos²u = 1 − s·sin²u``
  (:func:`square_law`);
* the double angles: ``2·sin v·cos v = sin 2v``, ``2·cos²v = 1 + cos 2v`` and
  ``2·sin²v = s·(1 − cos 2v)`` (:func:`double_angle_law`).

So adding a family is adding one entry.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "FAMILIES",
    "LAWS",
    "ROLES",
    "Family",
    "Identities",
    "double_angle_law",
    "square_law",
]


class Family(NamedTuple):
    """The names of one family of functions, by role."""

    sin: str
    cos: str
    tan: str
    cot: str
    sec: str
    csc: str


class Identities(NamedTuple):
    """One family: its names, the sign ``s`` in ``cos²u + s·sin²u = 1``, and the role
    whose square each Pythagorean reading replaces (the first reading, then the second)."""

    names: Family
    sign: int
    replaced: tuple[str, str]


#: The families, in the order their laws are tried.
IDENTITIES: dict[str, Identities] = {
    "circular": Identities(Family("sin", "cos", "tan", "cot", "sec", "csc"), 1, ("sin", "cos")),
    "hyperbolic": Identities(
        Family("sinh", "cosh", "tanh", "coth", "sech", "csch"), -1, ("cos", "sin")
    ),
}

#: The names of each family, by role.
FAMILIES: dict[str, Family] = {name: entry.names for name, entry in IDENTITIES.items()}

#: The roles, in the order of :class:`Family`.
ROLES: tuple[str, ...] = Family._fields

#: Each role as a power product of sine and cosine: ``role -> (a, b)`` for ``sinᵃu·cosᵇu``
#: (tan = sin/cos, cot = cos/sin, sec = 1/cos, csc = 1/sin).
LAWS: dict[str, tuple[int, int]] = {
    "sin": (1, 0),
    "cos": (0, 1),
    "tan": (1, -1),
    "cot": (-1, 1),
    "sec": (0, -1),
    "csc": (-1, 0),
}


def square_law(entry: Identities, role: str) -> tuple[str, int, int]:
    """The Pythagorean identity for the square of ``role`` (sin or cos) in the family
    ``entry``: ``(partner, c, k)`` for ``role(u)² = c + k·partner(u)²``."""
    names, sign = entry.names, entry.sign
    if role == "sin":
        return names.cos, sign, -sign
    return names.sin, 1, -sign


def double_angle_law(entry: Identities) -> tuple[int, int]:
    """``(c₀, c₁)`` for ``2·sin(v)² = c₀ + c₁·cos(2v)`` in the family ``entry``."""
    return entry.sign, -entry.sign
