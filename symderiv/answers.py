"""A learner's answer to "differentiate this", judged against an independent reference."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .expr import Expr
from .verify import DEFAULT_BUDGET, equivalent

if TYPE_CHECKING:
    from .steps import Derivation

__all__ = ["AnswerCheck", "check_answer"]


@dataclass(frozen=True)
class AnswerCheck:
    """Is ``answer`` the derivative?  Truthy only when it is shown equivalent to ours.

    ``derivation`` is the correct derivation; ``point`` a point where the answer and the
    derivative differ, when they do.
    """

    status: str
    answer: Expr
    derivation: Derivation
    point: dict[str, float] | None = None
    detail: str = ""

    def __bool__(self) -> bool:
        return self.status == "verified"

    @property
    def correct(self) -> bool:
        return self.status == "verified"

    def summary(self) -> str:
        if self.status == "verified":
            return f"correct: {self.answer} equals the derivative {self.derivation.result}"
        if self.status == "mismatch":
            return (
                f"not correct: the derivative is {self.derivation.result}; "
                f"{self.answer} differs at {self.point}"
            )
        return f"could not decide whether {self.answer} is the derivative ({self.detail})"


def check_answer(
    expr: Expr | str,
    answer: Expr | str,
    var: Expr | str | None = None,
    *,
    functions: Iterable[str] = (),
    budget: float = DEFAULT_BUDGET,
) -> AnswerCheck:
    """Compare a learner's ``answer`` with the derivative of ``expr``."""
    from .api import as_expression, derive

    derivation = derive(expr, var, verify=False, functions=functions)
    given = as_expression(answer, functions=functions)
    verdict = equivalent(given, derivation.result, budget=budget)
    return AnswerCheck(verdict.status, given, derivation, verdict.point, verdict.detail)
