r"""A formula that defines a function, ``f(x) = x^2 sin x`` or ``f'(x) = …``, where a
formula or an identity was expected.

The readers refuse ``f(…)`` for an undeclared ``f`` (a function or a product?); for a
definition that refusal misleads (``write f*(…) for a product``), so :func:`reading`
wraps a reader to say instead how symderiv takes it: the right-hand side alone to
differentiate it, an identity with the function written out to check a derivative.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple, ParamSpec, TypeVar

from ..errors import ParseError

__all__ = [
    "NamedDerivative",
    "assignment_as_equation",
    "defined_formula",
    "definition_message",
    "named_derivative",
    "reading",
    "stated_derivative_message",
]

#: ``f(x) = …``, ``f'(x) = …``, ``g(t) =``: a name, primes, one parenthesis of
#: arguments, and the right-hand side (in LaTeX too: ``\left(x\right)``, ``$…$``).
_DEFINITION = re.compile(
    r"\s*\$*\s*(?P<head>(?P<name>\\?[^\W\d]\w*)(?P<primes>'*)\s*(?:\\left)?\([^()=]*"
    r"(?:\\right)?\))\s*(?::=|≔|\\coloneqq|=)\s*(?P<rhs>[^=]*?)\s*\$*\s*",
    re.DOTALL,
)


def definition_message(source: str, position: int, declared: Iterable[str] = ()) -> str | None:
    """The refusal of ``source`` when it defines a function whose name the reader
    refused (at ``position``), saying how to give it; ``None`` for any other formula.

    >>> definition_message("f(x) = x^2", 0)
    'f(x) = … defines f: to differentiate it, give its formula alone: "x^2"'
    """
    found = _DEFINITION.fullmatch(source)
    if found is None or found.start("name") != position or found["name"] in declared:
        return None
    head, name, formula = found["head"], found["name"], found["rhs"]
    if not formula:
        return None
    if not found["primes"]:
        return (
            f'{head} = … defines {name}: to differentiate it, give its formula alone: "{formula}"'
        )
    return stated_derivative_message(head, name, formula)


def stated_derivative_message(head: str, name: str, formula: str) -> str:
    """The refusal of ``f'(x) = 2x`` or ``y' = 2x``: a derivative stated, of a function
    not given.

    >>> print(stated_derivative_message("y'", "y", "2x"))  # doctest: +ELLIPSIS
    y' = … states a derivative of y, which is not given: ... write the function out: "(…)' = 2x"
    """
    return (
        f"{head} = … states a derivative of {name}, which is not given: to differentiate a "
        f'formula, give it alone: "{formula}"; to check a derivative, write the function out: '
        f'"(…)\' = {formula}"'
    )


#: A name (with primes, and arguments) assigned by ``:=``, ``≔`` or ``\coloneqq``.
_ASSIGNMENT = re.compile(
    r"\s*\$*\s*\\?[^\W\d]\w*'*\s*(?:(?:\\left)?\([^()=]*(?:\\right)?\))?\s*"
    r"(?P<sign>:=|≔|\\coloneqq)"
)


def assignment_as_equation(source: str) -> str:
    r"""``source`` with the sign of an assignment at its start, ``y := x²``, written ``=``
    in its place (padded with spaces, so that every position is where it was).

    >>> assignment_as_equation("y := x^2"), assignment_as_equation(r"f(x) \coloneqq x")
    ('y  = x^2', 'f(x)         = x')
    >>> assignment_as_equation("x := 1 + (a := 2)") == "x  = 1 + (a := 2)"
    True
    """
    found = _ASSIGNMENT.match(source)
    if found is None:
        return source
    start, end = found.span("sign")
    return source[:start] + "=".rjust(end - start) + source[end:]


#: One argument of a defined function: a plain name (``x``, ``t``, ``\theta``).
_ARGUMENT = re.compile(r"\\?[^\W\d]\w*")


def defined_formula(
    source: str, declared: Iterable[str] = (), known: Iterable[str] = ()
) -> tuple[str, tuple[str, ...], str] | None:
    """``(head, arguments, formula)`` when ``source`` defines a function, ``f(x) = …``,
    whose name is neither ``declared`` nor ``known``: the function's derivative is its
    formula's, by its arguments; None for any other text.

    >>> defined_formula("f(x) = x^2 e^x")
    ('f(x)', ('x',), 'x^2 e^x')
    >>> defined_formula("f(x) := x^2")
    ('f(x)', ('x',), 'x^2')
    >>> defined_formula("f'(x) = 2x") is None, defined_formula("sin(x) = 0", known=["sin"])
    (True, None)
    >>> defined_formula(r"\\log_b(x) = y", known=["log"]) is None
    True
    """
    found = _DEFINITION.fullmatch(source)
    if found is None or found["primes"] or not found["rhs"]:
        return None
    name = found["name"]
    if name in declared or name.lstrip("\\").split("_")[0] in known:  # log_b(x) = y too
        return None
    head = found["head"]
    inside = head[head.index("(") + 1 : head.rindex(")")].replace("\\right", "")
    arguments = tuple(part.strip() for part in inside.split(","))
    if not all(_ARGUMENT.fullmatch(argument) for argument in arguments):
        return None
    return head, arguments, found["rhs"]


class NamedDerivative(NamedTuple):
    """An answer written after the derivative it gives: ``y' = 2x``, ``f″(x) = 2``,
    ``dy/dx = 2x``, ``\\frac{d^2 y}{dx^2} = 2``."""

    written: str  #: the left-hand side as written
    order: int
    variable: str | None  #: the variable a Leibniz quotient names (dy/dx: x)
    formula: str  #: the right-hand side, the answer itself


_PRIMED = re.compile(
    r"\s*\$*\s*(?P<side>[^\W\d]\w*(?P<primes>(?:'|′|″|\^\{\\prime\})+)"
    r"(?:\s*(?:\\left)?\([^()=]*(?:\\right)?\))?)\s*=\s*(?P<rhs>[^=]+?)\s*\$*\s*",
    re.DOTALL,
)
_LEIBNIZ = re.compile(
    r"\s*\$*\s*(?P<side>d(?:\^\{?(?P<top>\d+)\}?)?\s*[^\W\d]\w*\s*/\s*d\s*(?P<var>[^\W\d]\w*)"
    r"(?:\^\{?(?P<bottom>\d+)\}?)?)\s*=\s*(?P<rhs>[^=]+?)\s*\$*\s*",
    re.DOTALL,
)
_LEIBNIZ_LATEX = re.compile(
    r"\s*\$*\s*(?P<side>\\[dt]?frac\{\s*(?:\\mathrm\{d\}|d)(?:\^\{?(?P<top>\d+)\}?)?\s*"
    r"[^\W\d]\w*\s*\}\{\s*(?:\\mathrm\{d\}|d)\s*(?P<var>[^\W\d]\w*)(?:\^\{?(?P<bottom>\d+)\}?)?"
    r"\s*\})\s*=\s*(?P<rhs>[^=]+?)\s*\$*\s*",
    re.DOTALL,
)
#: Each prime mark's order.
_PRIMES = {"'": 1, "′": 1, "″": 2, "^{\\prime}": 1}


def named_derivative(source: str) -> NamedDerivative | None:
    """The derivative an answer names before ``=`` and the answer after it, or None
    when it names none.

    >>> named_derivative("y' = 2x")
    NamedDerivative(written="y'", order=1, variable=None, formula='2x')
    >>> named_derivative("d^2y/dx^2 = 6x")
    NamedDerivative(written='d^2y/dx^2', order=2, variable='x', formula='6x')
    >>> named_derivative("x^2 + y^2 = 1") is None
    True
    """
    found = _PRIMED.fullmatch(source)
    if found is not None:
        primes = found["primes"]
        order = 0
        for mark, count in sorted(_PRIMES.items(), key=lambda item: -len(item[0])):
            order += primes.count(mark) * count
            primes = primes.replace(mark, "")
        return NamedDerivative(found["side"], order, None, found["rhs"])
    for pattern in (_LEIBNIZ, _LEIBNIZ_LATEX):
        found = pattern.fullmatch(source)
        if found is not None and found["top"] == found["bottom"]:
            order = int(found["top"] or 1)
            return NamedDerivative(found["side"], order, found["var"], found["rhs"])
    return None


_P = ParamSpec("_P")
_R = TypeVar("_R")


def reading(reader: Callable[_P, _R]) -> Callable[_P, _R]:
    """``reader`` (``parse``, ``parse_latex``, …), refusing a definition of a function
    by :func:`definition_message` rather than as an unknown function."""

    @functools.wraps(reader)
    def read(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return reader(*args, **kwargs)
        except ParseError as error:
            if type(error) is not ParseError:  # a limit, matrix notation: as they are
                raise
            declared = kwargs.get("functions", ())
            assert isinstance(declared, Iterable)
            message = definition_message(error.source, error.position, declared)
            if message is None:
                raise
            raise ParseError(message, error.source, error.position) from None

    return read
