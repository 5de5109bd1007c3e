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
from typing import ParamSpec, TypeVar

from ..errors import ParseError

__all__ = ["defined_formula", "definition_message", "reading"]

#: ``f(x) = …``, ``f'(x) = …``, ``g(t) =``: a name, primes, one parenthesis of
#: arguments, and the right-hand side (in LaTeX too: ``\left(x\right)``, ``$…$``).
_DEFINITION = re.compile(
    r"\s*\$*\s*(?P<head>(?P<name>\\?[^\W\d]\w*)(?P<primes>'*)\s*(?:\\left)?\([^()=]*"
    r"(?:\\right)?\))\s*=\s*(?P<rhs>[^=]*?)\s*\$*\s*",
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
    return (
        f"{head} = … states a derivative of {name}, which is not given: to differentiate a "
        f'formula, give it alone: "{formula}"; to check a derivative, write the function out: '
        f'"(…)\' = {formula}"'
    )


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
