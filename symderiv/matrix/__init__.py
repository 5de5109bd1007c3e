"""Vector and matrix calculus, step by step, verified entry by entry.

``derive_matrix("x^T A x", "x", {"x": ("n",), "A": ("n", "n")})`` reads matrix notation
with declared (or inferred) shapes (:mod:`.reader`), applies the rules of
:mod:`.rules` recording each step, rewrites the result to textbook form (:mod:`.tidy`)
and checks every step against derivatives taken entry by entry on concrete matrices
(:mod:`.oracle`).  :mod:`.present` prints a derivation in text, LaTeX and Markdown, in
English and Japanese.  Importing the package loads only :mod:`.present` (the printers);
the rest loads on the first use of an export (:mod:`.contents`).
"""

from typing import TYPE_CHECKING, Any

from ..deferred import load
from . import present as _present  # noqa: F401  (registers the printers)

if TYPE_CHECKING:
    from .contents import (
        MatrixDerivation,
        MatrixStep,
        MatrixVerification,
        Node,
        derive_matrix,
        explicit,
        index_form,
        linear_part,
        read,
        to_indices,
        to_sympy,
    )

__all__ = [
    "MatrixDerivation",
    "MatrixStep",
    "MatrixVerification",
    "Node",
    "derive_matrix",
    "explicit",
    "index_form",
    "linear_part",
    "read",
    "to_indices",
    "to_sympy",
]


def __getattr__(name: str) -> Any:
    """The exports load with every matrix module on first use (:mod:`.contents`)."""
    if name not in __all__:
        raise AttributeError(f"module 'symderiv.matrix' has no attribute {name!r}")
    value = getattr(load("symderiv.matrix.contents"), name)
    globals()[name] = value
    return value
