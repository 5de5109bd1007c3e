"""The facade: every public entry point in one place, over the floors below it.

The pipeline (:mod:`symderiv.pipeline`) derives; the checks (:mod:`symderiv.checks`)
judge answers and identities.  Importing this module also connects a
:class:`~symderiv.steps.Derivation` record to the verifier, the renderers and the point
evaluator above it (see :mod:`symderiv.presenters`), so that ``d.verify()``,
``d.to_text()`` and ``d.at(x=…)`` work.

>>> from symderiv import derive, diff
>>> print(diff("x^2 e^x"))
x*(x + 2)*e^x
>>> d = derive("x^2 e^x")
>>> d.step.rule, [s.rule for s in d.step.substeps]
('product', ['power', 'exp'])
>>> bool(d.verification)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from . import presenters as _presenters
from .calculus.definition import derive_by_definition
from .calculus.implicit import ImplicitDerivation, derive_implicit
from .calculus.multivariable import directional, divergence, hessian, jacobian, laplacian
from .calculus.parametric import derive_parametric
from .calculus.taylor import taylor
from .checks.answers import check_answer
from .checks.grade import grade_file, grade_rows
from .checks.identity import check_identity
from .checks.work import check_work
from .errors import MatrixNotationError
from .matrix import MatrixDerivation, derive_matrix
from .pipeline import (
    MAX_ORDER,
    Gradient,
    as_expression,
    as_fact,
    as_variable,
    diff,
    gradient,
    simplify,
    verify,
)
from .pipeline import derive as _derive_scalar
from .render import course as _course  # noqa: F401  (connects the calculus results' renderers)
from .render import matrix as _matrix_render  # noqa: F401  (the index bridge of matrix steps)

__all__ = [
    "MAX_ORDER",
    "Gradient",
    "ImplicitDerivation",
    "as_expression",
    "as_fact",
    "as_variable",
    "check_answer",
    "check_identity",
    "check_work",
    "derive",
    "derive_by_definition",
    "derive_implicit",
    "derive_matrix",
    "derive_parametric",
    "diff",
    "directional",
    "divergence",
    "grade_file",
    "grade_rows",
    "gradient",
    "hessian",
    "jacobian",
    "laplacian",
    "simplify",
    "taylor",
    "verify",
]

#: Bold names (``\\mathbf{x}``, ``\\boldsymbol{\\mu}``, ``\\vec{x}``): their shapes follow the
#: convention (lower case a vector, upper case a matrix), so the matrix reader can read
#: a formula the scalar reader refused.
_BOLD = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{")


def derive(
    expr: Any,
    var: Any = None,
    *,
    shapes: Mapping[str, Any] | None = None,
    vectors: Iterable[str] = (),
    matrices: Iterable[str] = (),
    symmetric: Iterable[str] = (),
    method: str = "rules",
    **options: Any,
) -> Any:
    """Differentiate with every step recorded (see :func:`symderiv.pipeline.derive`).

    ``method="limit"`` derives f′ from its definition, the limit of the difference
    quotient (see :func:`symderiv.calculus.definition.derive_by_definition`).

    With ``shapes`` (``{"x": ("n",), "A": ("n", "n")}``), ``vectors`` or ``matrices``
    the formula is read as vectors and matrices and its gradient or Jacobian derived
    by :func:`symderiv.matrix.derive_matrix` (a :class:`~symderiv.matrix.MatrixDerivation`);
    so is a formula the scalar reader refuses as matrix notation when its bold names
    (``\\mathbf{x}``) give the shapes.
    """
    if method == "limit":
        return derive_by_definition(expr, var, **options)
    if method != "rules":
        raise ValueError(f"method is 'rules' or 'limit', not {method!r}")
    vectors, matrices = tuple(vectors), tuple(matrices)
    if shapes is not None or vectors or matrices:
        return _derive_matrix(expr, var, shapes, vectors, matrices, symmetric, options)
    try:
        return _derive_scalar(expr, var, **options)
    except MatrixNotationError:
        if isinstance(expr, str) and _BOLD.search(expr):
            return _derive_matrix(expr, var, None, (), (), symmetric, options)
        raise


def _derive_matrix(
    expr: Any,
    var: Any,
    shapes: Mapping[str, Any] | None,
    vectors: tuple[str, ...],
    matrices: tuple[str, ...],
    symmetric: Iterable[str],
    options: dict[str, Any],
) -> MatrixDerivation:
    given_options = {key for key, value in options.items() if value not in (None, (), [])}
    unknown = given_options - {"verify", "given", "budget", "latex"}
    if unknown:
        raise TypeError(f"not used with shapes: {', '.join(sorted(unknown))}")
    if not isinstance(expr, str):
        raise TypeError("a matrix formula is given as text")
    return derive_matrix(
        expr,
        None if var is None else str(var),
        shapes,
        vectors=vectors,
        matrices=matrices,
        symmetric=symmetric,
        verify=options.get("verify", True),
        budget=options.get("budget"),
        given=tuple(str(fact) for fact in options.get("given", ())),
    )


_presenters.connect()
