"""The pipeline: text or tree → parse → engine → simplify → verify, as :func:`derive`,
:func:`diff` and :func:`gradient` (used through the facade, :mod:`symderiv.api`, whose
examples show them; implicit differentiation is in :mod:`symderiv.calculus.implicit`).

>>> derive("x^2", verify=False).step.rule
'power'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .engine import derivative, derivative_steps
from .errors import ParseError, VariableError
from .expr import (
    Call,
    Const,
    Derivative,
    Equation,
    Expr,
    Indexed,
    Product,
    Sum,
    Sym,
    free_names,
    postorder,
)
from .functions import ALIASES, FAMILY_FUNCTIONS, FUNCTIONS, GREEK_LETTERS, LATEX_COMMANDS
from .guard import agrees, check_derivative
from .parse import (
    looks_like_latex,
    parse_equation,
    parse_latex,
    parse_latex_with_notes,
    parse_text,
    parse_with_notes,
)
from .parse.definitions import assignment_as_equation, defined_formula, stated_derivative_message
from .parse.notation import NOTES
from .parse.vocabulary import LOG_NAMES
from .simplify import simplify as run_simplifier
from .simplify import tidy as tidy_expression
from .steps import Derivation, Named

__all__ = [
    "MAX_ORDER",
    "Gradient",
    "as_expression",
    "as_fact",
    "as_variable",
    "derive",
    "diff",
    "gradient",
    "plan",
    "read_formula",
    "read_with_notes",
    "simplify",
    "verify",
]

#: Highest order of derivative accepted by :func:`derive` and :func:`diff`.
MAX_ORDER = 100

_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def as_expression(
    expr: Expr | str, *, functions: Iterable[str] = (), latex: bool | None = None
) -> Expr:
    """An :class:`Expr` from an expression or from text (LaTeX when it has a backslash);
    an equation is refused saying where it belongs."""
    return read_with_notes(expr, functions=functions, latex=latex, with_notes=False)[0]


def equation_refused(equation: Equation) -> VariableError:
    """The refusal of an equation where a formula to differentiate was expected: one
    that states a derivative (``(a^x)' = a^x ln a``) is an identity to check, one that
    gives a name by a formula (``y = logₐ x``) is refused naming the formula to give alone,
    and any other is differentiated implicitly."""
    sides = (equation.lhs, equation.rhs)
    if any(isinstance(node, Derivative) for side in sides for node in postorder(side)):
        return VariableError(
            "expected a formula to differentiate, not an identity about a derivative ({remedy})",
            "identity",
        )
    for name, formula in (sides, sides[::-1]):
        names = free_names(formula)
        if isinstance(name, Sym) and names and name.name not in names:
            return VariableError(
                f"the equation gives {name} by a formula: to differentiate it, give the "
                f'formula alone, "{formula}" (or {{remedy}})',
                "implicit",
            )
    return VariableError("expected an expression, not an equation ({remedy})", "implicit")


def read_with_notes(
    expr: Expr | str,
    *,
    functions: Iterable[str] = (),
    latex: bool | None = None,
    with_notes: bool = True,
) -> tuple[Expr, tuple[tuple[str, str], ...]]:
    """:func:`as_expression` with the reading notes: each convention applied that a user
    may not share, as ``(convention, sentence)`` (none for a tree; none, and the quick
    reader first, without ``with_notes``)."""
    parsed, notes = _read(expr, functions, latex, with_notes)
    if isinstance(parsed, Equation):
        raise equation_refused(parsed)
    return parsed, notes


def _read(
    expr: Expr | str, functions: Iterable[str], latex: bool | None, with_notes: bool
) -> tuple[Expr | Equation, tuple[tuple[str, str], ...]]:
    if isinstance(expr, Expr):
        return expr, ()
    if not isinstance(expr, str):
        raise TypeError(f"expected an expression or a string, not {type(expr).__name__}")
    if not with_notes:
        return parse_text(expr, functions=tuple(functions), latex=latex), ()
    use_latex = looks_like_latex(expr) if latex is None else latex
    reader = parse_latex_with_notes if use_latex else parse_with_notes
    return reader(expr, functions=tuple(functions))


def read_formula(
    expr: Expr | str,
    var: Variables = None,
    *,
    functions: Iterable[str] = (),
    latex: bool | None = None,
    with_notes: bool = True,
) -> tuple[Expr, tuple[tuple[str, str], ...], Variables, Named | None]:
    """:func:`read_with_notes` for a formula to differentiate, where a function's
    definition (``f(x) = x²·eˣ``) or an equation that gives a name by a formula
    (``y = x²·eˣ``) is that formula (f′(x) and dy/dx are its derivative), with a note
    that says so and the function so named; the variables ``var``, by the definition's
    one argument when not given.  An equation by the name it gives (``y = x²`` by ``y``)
    is refused as any other."""
    if isinstance(expr, str):
        source, expr = expr, assignment_as_equation(expr)
        try:
            return _read_formula(expr, var, functions, latex, with_notes)
        except ParseError as error:
            if type(error) is not ParseError or error.source != expr:
                raise
            raise ParseError(error.message, source, error.position) from None
    return _read_formula(expr, var, functions, latex, with_notes)


def _read_formula(
    expr: Expr | str,
    var: Variables,
    functions: Iterable[str],
    latex: bool | None,
    with_notes: bool,
) -> tuple[Expr, tuple[tuple[str, str], ...], Variables, Named | None]:
    if isinstance(expr, str):
        defined = defined_formula(expr, functions, known=_KNOWN_NAMES)
        if defined is not None:
            head, arguments, right_side = defined
            written, notes = read_with_notes(
                right_side, functions=functions, latex=latex, with_notes=with_notes
            )
            if var is None and len(arguments) == 1:
                var = arguments[0]
            function = _FUNCTION_NAME.match(head)
            assert function is not None
            named = Named(as_variable(function[0]), tuple(map(as_variable, arguments)))
            return written, (("definition", NOTES["definition"].format(head)), *notes), var, named
    parsed, notes = _read(expr, functions, latex, with_notes)
    if not isinstance(parsed, Equation):
        return parsed, notes, var, None
    own = _own_definition(parsed)
    if own is not None:
        arguments, formula = own
        if var is None and len(arguments) == 1:
            var = arguments[0]
        typed = expr.split("=", 1)[0].strip(" \t\n$") if isinstance(expr, str) else ""
        note = ("definition", NOTES["definition"].format(typed or parsed.lhs))
        named = Named(Sym(parsed.lhs.name), parsed.lhs.children)  # type: ignore[attr-defined]
        return formula, (note, *notes), var, named
    name, formula = parsed.lhs, parsed.rhs
    names = free_names(formula)
    if (
        isinstance(name, Sym)
        and names
        and name.name not in names
        and name.name not in _variable_names(var)
        and not any(isinstance(node, Derivative) for node in postorder(formula))
    ):
        if name.name.endswith("'"):  # y' = 2x
            assert isinstance(expr, str)  # an equation is read from text
            left, right = (side.strip() for side in expr.split("=", 1))
            message = stated_derivative_message(left, name.name.rstrip("'"), right)
            raise ParseError(message, expr)
        note = ("given-by-formula", NOTES["given-by-formula"].format(name.name))
        return formula, (note, *notes), var, Named(name, ())
    raise equation_refused(parsed)


#: The name of a function in the head of its definition (``f`` of ``f(x)``, ``\phi`` of
#: ``\phi\left(t\right)``).
_FUNCTION_NAME = re.compile(r"\\?[^\W\d]\w*")


#: The names that call a function of the table (``\sigma(z)`` is the sigmoid): such a
#: definition is one only where it agrees with the function (:func:`_own_definition`),
#: so that ``sin(x) = x`` stays an equation.
_KNOWN_NAMES = frozenset({*FUNCTIONS, *ALIASES, *LOG_NAMES, *LATEX_COMMANDS, "sigma"})


def _own_definition(equation: Equation) -> tuple[tuple[str, ...], Expr] | None:
    """``(arguments, formula)`` when ``equation`` defines a function of the table by a
    formula it agrees with at the sample points (``σ(z) = 1/(1 + e^(−z))``,
    ``tanh x = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)``); ``sin(x) = x`` defines nothing."""
    call, formula = equation.lhs, equation.rhs
    if not isinstance(call, Call) or not all(isinstance(a, Sym) for a in call.children):
        return None
    arguments = tuple(argument.name for argument in call.children)  # type: ignore[attr-defined]
    names = free_names(formula)
    if len(set(arguments)) != len(arguments) or not names or not names <= set(arguments):
        return None
    return (arguments, formula) if agrees(call, formula) else None


def _variable_names(var: Variables) -> set[str]:
    """The names the variables ``var`` give (none when not given)."""
    if var is None:
        return set()
    given = [var] if isinstance(var, (str, Expr)) else list(var)
    return {item.strip() if isinstance(item, str) else str(item) for item in given}


def as_equation(text: Equation | str, **options: Any) -> Equation:
    """An :class:`Equation` ``lhs = rhs`` from text, LaTeX when it has a backslash or a
    brace (``x^2 + y^2 = 25``, ``\\sin x + y^2 = 1``), ``options`` given to the reader
    (``functions=("f",)``); a :class:`~symderiv.errors.ParseError` when the text is no
    equation."""
    if isinstance(text, Equation):
        return text
    if not isinstance(text, str):
        raise TypeError(f"expected an equation or a string, not {type(text).__name__}")
    if not looks_like_latex(text):
        return parse_equation(text, **options)
    parsed = parse_latex(text, **options)
    if not isinstance(parsed, Equation):
        raise ParseError("expected an equation 'lhs = rhs'", text, len(text))
    return parsed


def as_fact(fact: Equation | str, *, functions: Iterable[str] = ()) -> Equation:
    """A given fact ``lhs = rhs`` from an :class:`Equation` or from text (LaTeX or plain),
    e.g. ``r"\\sum_{k=1}^{K} t_k = 1"`` or ``"sum(t[k], k, 1, K) = 1"``."""
    if not isinstance(fact, (Equation, str)):
        raise TypeError(f"a given fact is an equation or a string, not {type(fact).__name__}")
    return as_equation(fact, functions=tuple(functions))


def as_variable(var: Expr | str, within: Expr | None = None) -> Expr:
    """A symbol or an indexed variable from ``"x"``, ``"theta"``, ``"y[j,l]"`` or ``"y_{jl}"``.

    With ``within`` (the expression to differentiate), ``"y_j"`` names the indexed
    variable yⱼ when the expression has a family ``y`` and no symbol called ``y_j``.
    """
    if isinstance(var, (Sym, Indexed)):
        found = var
    elif isinstance(var, str):
        text = var.strip()
        parsed = Sym(text) if _PLAIN_NAME.match(text) else as_expression(text)
        if not isinstance(parsed, (Sym, Indexed)):
            raise VariableError(f"cannot differentiate with respect to {var!r}: not a variable")
        found = parsed
    else:
        raise VariableError(f"cannot differentiate with respect to {var!r}: not a variable")
    if within is None:
        return found
    _refuse_constant(found, within)
    member = _as_family_member(found, within)
    _refuse_bound_index(member, within)
    _refuse_whole_family(member, within)
    return member


#: A variable named like a constant: the constant's node name, what it is, the way out.
_CONSTANT_NAMES = {
    "e": ("e", "Euler's number e ≈ 2.71828", "parse(text, e_is_symbol=True)"),
    "pi": ("pi", "the number π ≈ 3.14159", ""),
    "π": ("pi", "the number π ≈ 3.14159", ""),
}


def _refuse_constant(var: Expr, within: Expr) -> None:
    """A variable named ``e`` or ``pi`` where the formula reads that name as the
    constant: differentiating by it would silently give 0."""
    known = _CONSTANT_NAMES.get(getattr(var, "name", ""))
    if known is None or not isinstance(var, Sym) or var.name in free_names(within):
        return
    constant, meaning, reading = known
    if any(isinstance(node, Const) and node.name == constant for node in postorder(within)):
        way_out = f", or read the formula with {reading} and differentiate that tree"
        raise VariableError(
            f"cannot differentiate with respect to {var.name}: in this formula {var.name} is "
            f"{meaning}, a constant; name the variable differently" + (way_out if reading else "")
        )


def _refuse_bound_index(var: Expr, within: Expr) -> None:
    """An indexed variable whose index is one a Σ or Π in the formula runs over, with its
    family inside: ``yᵢ`` for ``Σᵢ tᵢ·ln yᵢ`` would name every term at once (the rules
    would read the bound yᵢ as the variable); an index of its own says which."""
    if not isinstance(var, Indexed):
        return
    indices = free_names(var) - {var.name}
    for node in postorder(within):
        if not (isinstance(node, (Sum, Product)) and node.index.name in indices):
            continue
        if not any(isinstance(n, Indexed) and n.name == var.name for n in postorder(node.body)):
            continue
        taken = free_names(within) | {
            n.index.name for n in postorder(within) if isinstance(n, (Sum, Product))
        }
        fresh = next(letter for letter in "jklmnpqrs" if letter not in taken)
        other = str(var.subs({node.index: Sym(fresh)}))
        raise VariableError(
            f"cannot differentiate with respect to {var}: its index {node.index} is the one a "
            f"sum or product in the formula runs over; differentiate by {other}, an index "
            "of its own"
        )


def _refuse_whole_family(var: Expr, within: Expr) -> None:
    """A variable named as a family the formula indexes (``x`` for ``Σⱼ xⱼ²`` or
    ``eˣ/Σⱼ e^(xⱼ)``): the derivative of a member by the whole family is a gradient, and
    a letter that is both a variable and a family has two meanings; a member with an
    index of its own says which (``x_k``).  A member of a family whose letter is also a
    variable of its own (``x[k]`` for ``eˣ/Σⱼ e^(xⱼ)``) is refused as that clash."""
    if not isinstance(var, (Sym, Indexed)):
        return
    nodes = list(postorder(within))
    members = [n for n in nodes if isinstance(n, Indexed) and n.name == var.name]
    if isinstance(var, Indexed):
        letter = Sym(var.name)
        families = members + [
            n
            for n in nodes
            if isinstance(n, Call) and n.name in FAMILY_FUNCTIONS and n.children[0] is letter
        ]
        if families and (within is letter or any(letter in _plain_parts(n) for n in nodes)):
            raise VariableError(
                f"cannot differentiate with respect to {var}: the formula writes {var.name} "
                f"both as a variable of its own and as a family of variables ({families[0]}); "
                "name one of them differently"
            )
        return
    if not members:
        return
    taken = free_names(within) | {n.index.name for n in nodes if isinstance(n, (Sum, Product))}
    fresh = [letter for letter in "kljmnpqrs" if letter not in taken]
    member = Indexed(var.name, *map(Sym, fresh[: len(members[0].indices)]))
    raise VariableError(
        f"cannot differentiate with respect to {var.name}: the formula indexes {var.name} as "
        f"a family of variables ({members[0]}); differentiate by one of them, {member}, an "
        "index of its own"
    )


def _plain_parts(node: Expr) -> tuple[Expr, ...]:
    """The children of ``node`` that stand for themselves: all but the family a family
    function takes whole (the z of softmax(z))."""
    if isinstance(node, Call) and node.name in FAMILY_FUNCTIONS:
        return node.children[1:]
    return node.children


_SUBSCRIPTED = re.compile(r"([A-Za-z][A-Za-z0-9]*)_\{?([A-Za-z]+)\}?\Z")


def _as_family_member(var: Expr, within: Expr) -> Expr:
    """``y_jl`` as the indexed variable y[j, l] when ``within`` indexes a family ``y``."""
    if not isinstance(var, Sym):
        return var
    match = _SUBSCRIPTED.match(var.name)
    if match is None or var.name in free_names(within):
        return var
    family, indices = match.groups()
    arities = {
        node.name: len(node.indices) for node in postorder(within) if isinstance(node, Indexed)
    }
    for node in postorder(within):
        if isinstance(node, Call) and node.name in FAMILY_FUNCTIONS:
            family_name = getattr(node.children[0], "name", None)
            if family_name is not None:
                arities[family_name] = 1
    if arities.get(family) != len(indices):
        return var
    return Indexed(family, *(Sym(letter) for letter in indices))


def _default_variable(expr: Expr) -> Expr:
    names = free_names(expr)
    if "x" in names:
        return as_variable("x", expr)
    if len(names) == 1:
        return as_variable(next(iter(names)), expr)
    if not names:
        return Sym("x")
    candidates = ", ".join(sorted(names))
    raise VariableError(f"which variable? the expression has {candidates}; {{remedy}}", "var")


def _check_order(order: int | None) -> None:
    if order is None:
        return
    if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= MAX_ORDER:
        raise ValueError(f"order must be an integer from 1 to {MAX_ORDER}, not {order!r}")


# -- derivative notation and several variables: the plan of stages -------------------------
#: The variables asked for: one, several in order (``["x", "y"]``, ``"x,y"``), or none.
Variables = Expr | str | Sequence[Expr | str] | None


def _operator_stages(tree: Expr) -> tuple[Expr, list[tuple[Expr | None, int]]]:
    """The operand of derivative notation written around the whole formula and its stages,
    first to last (``d/dy (d/dx f)`` -> ``f``, ``[(x, 1), (y, 1)]``); the tree itself and
    no stages when it is not derivative notation.  Notation inside a larger formula
    (``d/dx (x^2) + 1``) is refused: derive differentiates a whole formula."""
    stages: list[tuple[Expr | None, int]] = []
    while isinstance(tree, Derivative):
        stages.insert(0, (tree.var, tree.order))
        tree = tree.expr
    for node in postorder(tree):
        if isinstance(node, Derivative):
            raise VariableError(
                f"derivative notation inside a larger formula ({node}): derive differentiates "
                "a whole formula; write d/dx (…) around all of it, or check an identity "
                "with check"
            )
    return tree, stages


def _inside_names(tree: Expr, variables: Sequence[Expr]) -> tuple[tuple[str, str], ...]:
    """A note for each variable the formula holds only inside a longer name (by ``w`` of
    ``(y − (wx + b))²``, where ``wx`` is one name): its derivative is 0, which is seldom
    what was meant."""
    names = free_names(tree)
    notes = []
    for variable in dict.fromkeys(variables):
        if not isinstance(variable, Sym) or variable.name in names:
            continue
        name = variable.name
        holding = sorted(
            other
            for other in names
            if len(other) > len(name)
            and name in other
            and other.isascii()
            and other.isalpha()
            and other not in GREEK_LETTERS
        )
        if holding:
            note = NOTES["inside-name"].format(name, holding[0], " ".join(holding[0]))
            notes.append(("inside-name", note))
    return tuple(notes)


def _primed(tree: Expr) -> bool:
    """Whether derivative notation around ``tree`` is a prime, which names no variable."""
    while isinstance(tree, Derivative):
        if tree.var is None:
            return True
        tree = tree.expr
    return False


def _requested(var: Variables, tree: Expr) -> list[Expr] | None:
    """The variables asked for, in order (``None``: not given)."""
    if var is None:
        return None
    if isinstance(var, str) and "," in var and not set("[({") & set(var):
        var = [part for part in var.split(",") if part.strip()]
    if isinstance(var, (str, Expr)):
        return [as_variable(var, tree)]
    chosen = [as_variable(v, tree) for v in var]
    if not chosen:
        raise VariableError("no variable given: {remedy}", "vars")
    return chosen


def _spelled(variables: Sequence[Expr]) -> str:
    """``x`` (order 1), ``x, x`` (order 2), ``x, y``: the differentiations in order."""
    return ", ".join(str(v) for v in variables)


def plan(
    tree: Expr, var: Variables = None, order: int | None = None
) -> tuple[Expr, tuple[Expr, ...]]:
    """What to differentiate and by which variable at each stage, first to last: from the
    derivative notation around ``tree`` (``d^2/dx^2``, ``∂²/∂x∂y``, ``diff(f, x, y)``,
    ``(f)'``), from ``var`` (one variable, or several in order) and ``order``.  Notation
    and arguments that disagree are an error, never a silent choice."""
    _check_order(order)
    operand, stages = _operator_stages(tree)
    requested = _requested(var, operand)
    if requested is not None and len(requested) > 1 and order not in (None, 1):
        raise VariableError(
            f"order={order} with several variables is ambiguous: repeat a variable in the "
            "list instead (['x', 'x', 'y'] is ∂³/∂x²∂y)"
        )
    if stages:
        default = None if all(v is not None for v, _ in stages) else _default_variable(operand)
        written = [v if v is not None else default for v, n in stages for _ in range(n)]
        notation = [as_variable(v, operand) for v in written if v is not None]
        if requested is not None and len(requested) == 1:
            requested = requested * (order or len(notation))
        if requested is not None and requested != notation:
            raise VariableError(
                f"the formula says to differentiate by {_spelled(notation)}, but the "
                f"variables asked for are {_spelled(requested)}: give one or the other"
            )
        if order is not None and order != len(notation) and requested is None:
            raise VariableError(
                f"the formula asks for a derivative of order {len(notation)}, but an order "
                f"of {order} was asked for too: give one or the other"
            )
        variables = notation
    elif requested is None:
        variables = [_default_variable(operand)] * (order or 1)
    elif len(requested) == 1:
        variables = requested * (order or 1)
    else:
        variables = requested
    if len(variables) > MAX_ORDER:
        raise ValueError(f"order must be an integer from 1 to {MAX_ORDER}, not {len(variables)}")
    return operand, tuple(variables)


def derive(
    expr: Expr | str,
    var: Variables = None,
    *,
    order: int | None = None,
    verify: bool = True,
    simplify: bool = True,
    functions: Iterable[str] = (),
    given: Sequence[Any] = (),
    latex: bool | None = None,
    budget: float | None = None,
) -> Derivation:
    """Differentiate with every step recorded; the result is computed from the steps.

    ``var`` defaults to ``x`` if present, else the only symbol; a list of variables
    (``["x", "y"]``) differentiates by each in turn, a stage each.  Derivative notation
    around the formula (``d/dx (…)``, ``\\frac{\\partial^2}{\\partial x \\partial y}``,
    ``diff(f, x, 2)``, ``(f)'``) says the variables and orders itself (see :func:`plan`).
    Each stage's result is tidied by the simplifier (named rewrite steps) before the
    next.  With ``verify`` (the default) the derivation is checked against SymPy, its
    result and every step; see :class:`symderiv.verify.Verification`.  The conventions
    applied in reading text are in ``options["reading_notes"]``.
    """
    _check_order(order)
    written, notes, var, named = read_formula(expr, var, functions=functions, latex=latex)
    tree, variables = plan(written, var, order)
    if _primed(written):
        notes = (*notes, ("prime-variable", NOTES["prime-variable"].format(variables[0])))
    notes = (*notes, *_inside_names(written, variables))
    shown: dict[str, Any] = {"reading_notes": notes}
    if named is not None and _names_derivative(named, written, variables):
        shown["named"] = named
    facts = tuple(as_fact(fact, functions=functions) for fact in given)
    derivation: Derivation | None = None
    current = tree
    for level, variable in enumerate(variables, start=1):
        step = derivative_steps(current, variable)
        if not verify:
            check_derivative(current, variable, step.result)
        rewrites = _rewrites(step.result, facts) if simplify else ()
        derivation = Derivation(
            current,
            variable,
            step,
            rewrites,
            order=level,
            previous=derivation,
            original=tree,
            options={"given": facts, **shown},
        )
        current = derivation.result
    assert derivation is not None
    if verify:
        options = {} if budget is None else {"budget": budget}
        derivation = derivation.with_verification(derivation.verify(**options))
    return derivation


def _names_derivative(named: Named, written: Expr, variables: tuple[Expr, ...]) -> bool:
    """Whether the derivative of the function ``named`` is what the derivation computes
    (dy/dx, f″(x), ∂L/∂w): every order by one of the function's own arguments (by any
    variable for a name given by a formula, ``y = …``), of its formula as written (not
    of a derivative it holds)."""
    own = set(named.arguments)
    return not isinstance(written, Derivative) and (not own or set(variables) <= own)


def _rewrites(raw: Expr, given: tuple[Any, ...]) -> tuple[Any, ...]:

    return tuple(run_simplifier(raw, given=given).steps)


def diff(
    expr: Expr | str,
    var: Variables = None,
    *,
    order: int | None = None,
    functions: Iterable[str] = (),
    tidy: bool = True,
) -> Expr:
    """The derivative by the same rules on a fast path that records nothing; variables,
    orders and derivative notation as in :func:`derive`.

    The result is tidied to textbook form (the same form :func:`derive` ends with)
    unless ``tidy=False``.
    """
    written, _, var, _ = read_formula(expr, var, functions=functions, with_notes=False)
    tree, variables = plan(written, var, order)
    current = tree
    for variable in variables:
        raw = derivative(current, variable)
        check_derivative(current, variable, raw)
        current = raw
        if tidy:
            current = tidy_expression(current)
    return current


@dataclass(frozen=True)
class Gradient:
    """One derivation per variable; ``result`` is the vector of partial derivatives."""

    expr: Expr
    derivations: tuple[Derivation, ...]

    @property
    def variables(self) -> tuple[Expr, ...]:
        return tuple(d.var for d in self.derivations)

    @property
    def result(self) -> tuple[Expr, ...]:
        return tuple(d.result for d in self.derivations)

    def __iter__(self) -> Iterator[Derivation]:
        return iter(self.derivations)

    def __len__(self) -> int:
        return len(self.derivations)

    def __getitem__(self, var: str | Expr) -> Derivation:
        wanted = as_variable(var)
        for derivation in self.derivations:
            if derivation.var is wanted:
                return derivation
        raise KeyError(var)

    def to_text(self, lang: str | None = None, **options: Any) -> str:
        return "\n\n".join(d.to_text(lang=lang, **options) for d in self.derivations)


def gradient(
    expr: Expr | str, variables: Iterable[Expr | str] | str | None = None, **options: Any
) -> Gradient:
    """Partial derivatives by each variable (default: every free symbol, sorted);
    the other symbols are treated as constants, and the steps say so."""
    tree = as_expression(expr, functions=options.pop("functions", ()))
    chosen: list[Expr]
    if variables is None:
        chosen = [Sym(name) for name in sorted(free_names(tree))]
    elif isinstance(variables, str):
        chosen = [as_variable(v, tree) for v in variables.replace(",", " ").split()]
    else:
        chosen = [as_variable(v, tree) for v in variables]
    return Gradient(tree, tuple(derive(tree, v, **options) for v in chosen))


def simplify(expr: Expr | str, **options: Any) -> Any:
    """Rewrite to textbook form with named steps (see :mod:`symderiv.simplify`)."""

    return run_simplifier(as_expression(expr), **options)


def verify(derivation: Derivation, **options: Any) -> Any:
    """Check a derivation's result and every step against SymPy."""
    return derivation.verify(**options)
