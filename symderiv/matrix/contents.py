"""What ``symderiv.matrix`` exports, loaded with every matrix module (the rules
register their names, the oracle and the SymPy form connect themselves) on the first
use of any of them: the text renderer's messages need only :mod:`.present`, which the
package loads itself."""

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
