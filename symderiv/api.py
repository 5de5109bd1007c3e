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
from .checks.answers import check_answer
from .checks.identity import check_identity
from .pipeline import (
    MAX_ORDER,
    Gradient,
    ImplicitDerivation,
    as_expression,
    as_fact,
    as_variable,
    derive,
    derive_implicit,
    diff,
    gradient,
    simplify,
    verify,
)

__all__ = [
    "MAX_ORDER",
    "Gradient",
    "ImplicitDerivation",
    "as_expression",
    "as_fact",
    "as_variable",
    "check_answer",
    "check_identity",
    "derive",
    "derive_implicit",
    "diff",
    "gradient",
    "simplify",
    "verify",
]

_presenters.connect()
