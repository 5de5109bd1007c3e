"""Vector and matrix calculus, step by step, verified entry by entry.

``derive_matrix("x^T A x", "x", {"x": ("n",), "A": ("n", "n")})`` reads matrix notation
with declared (or inferred) shapes (:mod:`.reader`), applies the rules of
:mod:`.rules` recording each step, rewrites the result to textbook form (:mod:`.tidy`)
and checks every step against derivatives taken entry by entry on concrete matrices
(:mod:`.oracle`).  :mod:`.present` prints a derivation in text, LaTeX and Markdown, in
English and Japanese.
"""

from . import present as _present  # noqa: F401  (registers the printers)
from .convert import to_sympy
from .derive import derive_matrix, linear_part
from .indices import index_form, to_indices
from .nodes import Node
from .oracle import explicit
from .reader import read
from .record import MatrixDerivation, MatrixStep, MatrixVerification

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
