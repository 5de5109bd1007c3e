"""The records of a matrix derivation: each step, the derivation, its verification.

A :class:`MatrixStep` with an ``adjoint`` G states ``∇_X ⟨G, u⟩ = result`` with G held
fixed (the vector–Jacobian product of the chain rule: how an upstream gradient G flows
back through ``u``); without one it states ``∇_X u = result`` for a scalar ``u`` (the
gradient, in denominator layout: the shape of X).  A step with ``var = None`` is a
rewrite: ``expr = result``.  Rule keys are registered in :data:`symderiv.steps.RULES`
with their formulas, like every other rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .nodes import Node, Var
from .shapes import Declared

__all__ = ["MatrixDerivation", "MatrixStep", "MatrixVerification"]


@dataclass(frozen=True, eq=False)
class MatrixStep:
    """One application of a matrix rule (see the module docstring for what it states)."""

    rule: str
    expr: Node
    var: Var | None
    result: Node
    adjoint: Node | None = None
    substeps: tuple[MatrixStep, ...] = ()
    bindings: tuple[tuple[str, Node], ...] = ()

    @property
    def is_rewrite(self) -> bool:
        return self.var is None

    def walk(self) -> Iterator[MatrixStep]:
        """This step and its substeps, parents first."""
        stack: list[MatrixStep] = [self]
        while stack:
            step = stack.pop()
            yield step
            stack.extend(reversed(step.substeps))


@dataclass(frozen=True)
class MatrixVerification:
    """What the entry-by-entry check established.

    ``status`` is ``"verified"``, ``"mismatch"`` or ``"undecided"``; ``failing_step`` the
    deepest step that disagrees with the oracle, ``counterexample`` the sizes of the
    instance where it does; ``instances`` the instances every check was made on.
    """

    status: str
    steps_checked: int
    steps_total: int
    instances: tuple[str, ...] = ()
    failing_step: MatrixStep | None = None
    counterexample: str | None = None
    detail: str = ""

    def __bool__(self) -> bool:
        return self.status == "verified"

    def summary(self) -> str:
        """One line in English."""
        where = "; ".join(self.instances)
        if self.status == "verified":
            return (
                f"verified entry by entry: result and {self.steps_checked} of "
                f"{self.steps_total} steps — checked on {where}"
            )
        if self.status == "mismatch":
            rule = self.failing_step.rule if self.failing_step is not None else "result"
            return (
                f"MISMATCH with the entry-by-entry derivative in the {rule} step "
                f"({self.counterexample})"
            )
        return f"undecided: {self.steps_checked} of {self.steps_total} steps verified" + (
            f"; {self.detail}" if self.detail else ""
        )


@dataclass(frozen=True, eq=False)
class MatrixDerivation:
    """A gradient or Jacobian of a matrix expression with the steps that computed it.

    ``kind`` is ``"gradient"`` (scalar ``expr``; the result has the shape of ``var``) or
    ``"jacobian"`` (vector ``expr`` and ``var``; the result is ∂fᵢ/∂xⱼ).  ``rewrites``
    take the rules' result to the textbook form ``result``; ``shapes`` are every name's
    resolved shape.
    """

    source: str
    expr: Node
    var: Var
    step: MatrixStep
    rewrites: tuple[MatrixStep, ...]
    shapes: dict[str, Declared]
    kind: str = "gradient"
    verification: MatrixVerification | None = field(default=None, compare=False)
    options: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def raw(self) -> Node:
        return self.step.result

    @property
    def result(self) -> Node:
        """The gradient, or for a Jacobian the matrix J read off the last step."""
        final = self.options.get("jacobian")
        if final is not None:
            return final.result  # type: ignore[no-any-return]
        return self.rewrites[-1].result if self.rewrites else self.step.result

    @property
    def steps(self) -> tuple[MatrixStep, ...]:
        return (self.step, *self.rewrites)

    def all_steps(self) -> Iterator[MatrixStep]:
        for top in self.steps:
            yield from top.walk()

    def with_verification(self, verification: MatrixVerification) -> MatrixDerivation:
        return replace(self, verification=verification)

    # Filled by symderiv.matrix.present / verify (same floor; set at import there).
    def verify(self, **options: Any) -> MatrixVerification:
        """Check the result and every step entry by entry (:mod:`symderiv.matrix.oracle`)."""
        return _ACTIONS["verify"](self, **options)  # type: ignore[no-any-return]

    def to_text(self, lang: str | None = None, **options: Any) -> str:
        return _ACTIONS["text"](self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_latex(self, lang: str | None = None, **options: Any) -> str:
        return _ACTIONS["latex"](self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_markdown(self, lang: str | None = None, **options: Any) -> str:
        return _ACTIONS["markdown"](self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        return _ACTIONS["dict"](self)  # type: ignore[no-any-return]

    def to_sympy(self) -> Any:
        """The result as a SymPy matrix expression (``MatrixSymbol``, ``Transpose``, …)."""
        return _ACTIONS["sympy"](self.result)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_latex_(self) -> str:
        return self.to_latex()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


#: Verification, printing and SymPy conversion, registered by the modules of this
#: package that do them (so the record has no import of SymPy or the printers).
_ACTIONS: dict[str, Any] = {}
