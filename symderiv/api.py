"""The facade: every public entry point in one place, over the floors below it.

The pipeline (:mod:`symderiv.pipeline`) derives; the checks (:mod:`symderiv.checks`)
judge answers and identities.  Importing this module also connects a
:class:`~symderiv.steps.Derivation` record to the verifier, the renderers and the point
evaluator above it (see :mod:`symderiv.presenters`), so that ``d.verify()``,
``d.to_text()`` and ``d.at(x=…)`` work.

>>> from symderiv import derive, diff
>>> print(diff("x^2 e^x"))
x*e^x*(x + 2)
>>> d = derive("x^2 e^x")
>>> d.step.rule, [s.rule for s in d.step.substeps]
('product', ['power', 'exp'])
>>> bool(d.verification)
True
"""

from __future__ import annotations

from . import presenters as _presenters
from .calculus.implicit import ImplicitDerivation, derive_implicit
from .calculus.multivariable import directional, hessian, jacobian
from .calculus.parametric import derive_parametric
from .calculus.taylor import taylor
from .checks.answers import check_answer
from .checks.grade import grade_file, grade_rows
from .checks.identity import check_identity
from .checks.work import check_work
from .pipeline import (
    MAX_ORDER,
    Gradient,
    as_expression,
    as_fact,
    as_variable,
    derive,
    diff,
    gradient,
    simplify,
    verify,
)
from .render import course as _course  # noqa: F401  (connects the calculus results' renderers)

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
    "derive_implicit",
    "derive_parametric",
    "diff",
    "directional",
    "grade_file",
    "grade_rows",
    "gradient",
    "hessian",
    "jacobian",
    "simplify",
    "taylor",
    "verify",
]

_presenters.connect()
