"""Steps and derivations: the record of a computation, which *is* the computation.

A :class:`Step` says which rule turned its input into its result, with the
substeps whose results it was computed from.  Differentiation steps have a
variable; rewriting steps (simplification) have ``var = None`` and state an
equality ``expr = result``.

Rules are named by string keys registered in :data:`RULES` together with their
general formula; every renderer and message catalogue looks them up there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

from .deferred import connect_facade
from .expr import Call, Expr, Num, Sym
from .focus import Focus, focus_of

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

__all__ = [
    "COMPLEX_DETAIL",
    "RULES",
    "Condition",
    "Derivation",
    "Named",
    "RuleInfo",
    "Step",
    "Verification",
    "register_rule",
]


@dataclass(frozen=True)
class RuleInfo:
    """A rule's key, its general formula (plain text and LaTeX) and its kind.

    ``kind`` is ``"derivative"`` for a differentiation rule or ``"rewrite"`` for an
    equality used by the simplifier.
    """

    key: str
    formula: str
    latex: str
    kind: str = "derivative"


RULES: dict[str, RuleInfo] = {}

#: The one style of rule keys, the join key of the rule tables, the renderers' names and
#: ``--skip``: kebab-case words; a rule of the function table is ``fn:`` and its name.
RULE_KEY = re.compile(r"(fn:)?[a-z0-9]+(-[a-z0-9]+)*")


def register_rule(key: str, formula: str, latex: str, kind: str = "derivative") -> RuleInfo:
    """Register (or look up, if already registered identically) a rule."""
    if not RULE_KEY.fullmatch(key):
        raise ValueError(f"rule key {key!r} is not kebab-case (see steps.RULE_KEY)")
    info = RuleInfo(key, formula, latex, kind)
    existing = RULES.get(key)
    if existing is not None and existing != info:
        raise ValueError(f"rule {key!r} registered twice with different formulas")
    RULES[key] = info
    return info


@dataclass(frozen=True, slots=True)
class Condition:
    """An assumption a rule's formula needs, such as ``a > 0`` or ``x ≠ 0``.

    ``kink``: the condition excludes the points where the function is not
    differentiable (``x ≠ 0`` for relu, ``x ∉ ℤ`` for floor); such a condition is stated
    at every detail level, and the verifier samples away from those points.
    """

    lhs: Expr
    relation: str
    rhs: Expr
    kink: bool = False

    def __str__(self) -> str:
        return f"{self.lhs} {self.relation} {self.rhs}"

    _TEMPLATE = re.compile(r"^\s*(?:(-?\d+)\s*([<>≤≥])\s*)?(\|u\||u)\s*([<>≠≤≥])\s*(-?\d+)\s*$")

    @classmethod
    def from_template(cls, template: str, u: Expr) -> tuple[Condition, ...]:
        """Instantiate a template such as ``"u > 0"``, ``"|u| < 1"`` or ``"0 < u < 1"``."""
        match = cls._TEMPLATE.match(template)
        if match is None:
            raise ValueError(f"bad condition template {template!r}")
        low, low_rel, subject, rel, value = match.groups()
        lhs = Call("abs", u) if subject == "|u|" else u
        made = []
        if low is not None:
            flipped = {"<": ">", ">": "<", "≤": "≥", "≥": "≤"}[low_rel]
            made.append(cls(lhs, flipped, Num(Fraction(low))))
        made.append(cls(lhs, rel, Num(Fraction(value))))
        return tuple(made)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Step:
    """One application of a rule.

    ``expr`` is the input, ``result`` what the rule made of it from the results of
    ``substeps``; ``bindings`` name the parts the rule's formula refers to
    (``f = x²``, ``u = x² + 1``); ``conditions`` are the assumptions it made;
    ``note`` carries a message key for the renderers (e.g. ``"treat-constant"``)
    with ``note_args``.
    """

    rule: str
    expr: Expr
    var: Expr | None
    result: Expr
    substeps: tuple[Step, ...] = ()
    bindings: tuple[tuple[str, Expr], ...] = ()
    conditions: tuple[Condition, ...] = ()
    note: str | None = None

    @property
    def info(self) -> RuleInfo:
        return RULES[self.rule]

    @property
    def formula(self) -> str:
        """The rule's general formula in plain text."""
        return self.info.formula

    @property
    def is_rewrite(self) -> bool:
        return self.var is None

    @property
    def focus(self) -> Focus | None:
        """For a rewrite, the sub-expression of ``expr`` it acted on and what that became
        in ``result`` (see :mod:`symderiv.focus`); ``None`` for a differentiation step."""
        return focus_of(self.expr, self.result) if self.is_rewrite else None

    def walk(self) -> Iterator[Step]:
        """This step and all its substeps, parents first (iterative)."""
        stack: list[Step] = [self]
        while stack:
            step = stack.pop()
            yield step
            stack.extend(reversed(step.substeps))

    def count(self) -> int:
        return sum(1 for _ in self.walk())

    def with_substeps(self, substeps: tuple[Step, ...]) -> Step:
        return replace(self, substeps=substeps)

    def __repr__(self) -> str:
        return (
            f"Step({self.rule!r}, {self.expr!r}, var={self.var!r}, result={self.result!r}, "
            f"substeps=<{len(self.substeps)}>)"
        )


class Named(NamedTuple):
    """A function the user named, whose derivative a derivation is: ``y`` (no
    arguments: a name given by a formula, ``y = x²·eˣ``) or ``f(x)`` (``f(x) = …``)."""

    name: Expr
    arguments: tuple[Expr, ...]


@dataclass(frozen=True, eq=False)
class Derivation:
    """A derivative with the steps that computed it.

    ``step`` is the tree of differentiation rules that produced ``raw``;
    ``rewrites`` are the simplification steps from ``raw`` to ``result``.  For a
    higher order, ``previous`` is the derivation of the order below, whose
    ``result`` is this one's ``expr``.
    """

    expr: Expr
    var: Expr
    step: Step
    rewrites: tuple[Step, ...] = ()
    order: int = 1
    previous: Derivation | None = None
    original: Expr | None = None
    verification: Verification | None = field(default=None, compare=False)
    options: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def raw(self) -> Expr:
        """The rules' result before simplification."""
        return self.step.result

    @property
    def result(self) -> Expr:
        """The derivative: the last rewrite's result, else the rules' result."""
        return self.rewrites[-1].result if self.rewrites else self.step.result

    @property
    def steps(self) -> tuple[Step, ...]:
        """The differentiation step followed by the simplification steps."""
        return (self.step, *self.rewrites)

    @property
    def orders(self) -> tuple[Derivation, ...]:
        """The derivation of each order, first to last."""
        chain: list[Derivation] = []
        node: Derivation | None = self
        while node is not None:
            chain.append(node)
            node = node.previous
        return tuple(reversed(chain))

    @property
    def variables(self) -> tuple[Expr, ...]:
        """The variable of each order, first to last (∂²/∂y∂x: x, then y)."""
        return tuple(level.var for level in self.orders)

    @property
    def source(self) -> Expr:
        """The function whose derivative of order ``order`` this is."""
        return self.orders[0].expr

    def all_steps(self) -> Iterator[Step]:
        """Every step of every order, each tree parents first."""
        for derivation in self.orders:
            for top in derivation.steps:
                yield from top.walk()

    # -- what the floors above connect (see :data:`ACTIONS`) ----------------------------
    def verify(self, **options: Any) -> Verification:
        """Check the result and every step against SymPy (see :mod:`symderiv.verify`)."""
        return _action("verify")(self, **options)  # type: ignore[no-any-return]

    def with_verification(self, verification: Verification) -> Derivation:
        return replace(self, verification=verification)

    def at(self, **point: Any) -> Any:
        """The derivative's value at a point and the tangent line there."""
        return _action("at")(self, point)

    def to_text(self, lang: str | None = None, **options: Any) -> str:
        """Plain text (``explain=True`` adds why each base rule holds)."""
        return _action("text")(self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_latex(self, lang: str | None = None, **options: Any) -> str:
        return _action("latex")(self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_markdown(self, lang: str | None = None, **options: Any) -> str:
        return _action("markdown")(self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_html(self, lang: str | None = None, **options: Any) -> str:
        """A self-contained HTML page (``document=False``: the fragment alone)."""
        return _action("html")(self, lang=lang, **options)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        return _action("dict")(self)  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return self.to_text()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _action("rich")(self, console, options)

    def _repr_latex_(self) -> str:
        return self.to_latex()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html(document=False)


#: What a derivation record is verified, evaluated and presented with — the verifier,
#: the point evaluator and the renderers, all on floors above this one — filled in by
#: :func:`symderiv.presenters.connect` when the facade is imported (on the first use of
#: any of them, :func:`symderiv.deferred.connect_facade`): ``"verify"``, ``"at"``,
#: ``"text"``, ``"latex"``, ``"markdown"``, ``"dict"``, ``"rich"``.
ACTIONS: dict[str, Callable[..., Any]] = {}


def _action(name: str) -> Callable[..., Any]:
    found = ACTIONS.get(name)
    if found is None:  # the facade connects them when it loads
        connect_facade()
        found = ACTIONS.get(name)
    if found is None:
        raise RuntimeError(f"Derivation.{name} is connected by symderiv.api; import symderiv")
    return found


def placeholder(taken: frozenset[str], preferred: str = "u") -> Sym:
    """A symbol for an inner function, named so it clashes with nothing in ``taken``."""
    for name in (preferred, "v", "w", "s"):
        if name not in taken:
            return Sym(name)
    index = 1
    while f"{preferred}_{index}" in taken:
        index += 1
    return Sym(f"{preferred}_{index}")


#: How a check that could only compare complex values says so.
COMPLEX_DETAIL = "compared where the values are complex (too few real sample points)"


@dataclass(frozen=True)
class Verification:
    """What the verifier established about a derivation.

    ``status`` is ``"verified"``, ``"mismatch"`` or ``"undecided"``; ``method`` the
    strongest method any check needed (``"symbolic"`` or ``"numeric"``).  For a
    mismatch, ``failing_step`` is the deepest step that disagrees with SymPy and
    ``counterexample`` a point where it does.  ``instantiation`` says which sizes and
    index values a derivation with sums over symbolic ranges or indexed variables was
    checked on (see :mod:`symderiv.instantiate`).  ``bool(v)`` is true only when verified.
    """

    status: str
    method: str
    steps_checked: int
    steps_total: int
    failing_step: Step | None = None
    counterexample: dict[str, float] | None = None
    detail: str = ""
    instantiation: str | None = None
    undecided_steps: tuple[Step, ...] = field(default=(), repr=False)
    #: Checks (result or steps) that could compare only complex values: see
    #: :func:`symderiv.verify.equivalence._agree_off_the_line`.
    complex_checks: int = 0

    def __bool__(self) -> bool:
        return self.status == "verified"

    def summary(self) -> str:
        """One line in English, e.g. ``verified against SymPy: result and 4 of 4 steps``."""
        shown = self._summary()
        return f"{shown} — checked on {self.instantiation}" if self.instantiation else shown

    def _summary(self) -> str:
        if self.status == "verified":
            return (
                (
                    f"verified against SymPy: result and {self.steps_checked} of "
                    f"{self.steps_total} steps ({self.method})"
                )
                + (
                    f"; {self.complex_checks} check(s) {COMPLEX_DETAIL}"
                    if self.complex_checks
                    else ""
                )
                + (f"; {self.detail}" if self.detail else "")
            )
        if self.status == "mismatch":
            where = f" at {self.counterexample}" if self.counterexample else ""
            rule = self.failing_step.rule if self.failing_step is not None else "result"
            return f"MISMATCH with SymPy in the {rule} step{where}"
        return f"undecided: {self.steps_checked} of {self.steps_total} steps verified" + (
            f"; {self.detail}" if self.detail else ""
        )
