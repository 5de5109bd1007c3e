"""The differentiation rules, one small unit each, registered in tables on import."""

from . import algebra, calculus, elementary, indexed, multivariable, piecewise
from .base import RULES_BY_TYPE, Rule

__all__ = [
    "RULES_BY_TYPE",
    "Rule",
    "algebra",
    "calculus",
    "elementary",
    "indexed",
    "multivariable",
    "piecewise",
]
