"""Modules loaded on first use, in this one place.

``import symderiv`` and the command line's first stage load only what parsing,
differentiating, tidying and printing text need; the rest loads when it is first
used:

- the facade (:mod:`symderiv.api`), which connects the verifier and the renderers to
  the records (``Derivation.verify()``, ``.to_latex()``, …, see
  :data:`symderiv.steps.ACTIONS`): a record whose presenter is not yet connected asks
  :func:`connect_facade`, which loads it once;
- the full command line (:mod:`symderiv.cli`), which the first stage
  (:mod:`symderiv.__main__`) hands every case but the plain piped derivation;
- the matrix package's exports (:mod:`symderiv.matrix.contents`, with every matrix
  module): the text renderer's messages read only the matrix printers' rule names;
- mpmath, the numeric library: :data:`mpmath` is the module, imported when one of its
  names is first read; :func:`mpmath_function` is one of its functions, for the
  function table, imported when the function is first called.

``tests/test_architecture.py`` checks that no other module loads a module by name at
run time, and that the modules loaded here are the ones named above.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from types import ModuleType
from typing import Any

__all__ = ["LOADED_HERE", "connect_facade", "load", "mpmath", "mpmath_function"]

#: The modules this module may load at run time.
LOADED_HERE = ("symderiv.api", "symderiv.cli", "symderiv.matrix.contents", "mpmath")


def load(name: str) -> ModuleType:
    """The module ``name`` (one of :data:`LOADED_HERE`), imported if it is not yet."""
    if name not in LOADED_HERE:
        raise ValueError(f"{name} is not loaded on first use")
    return import_module(name)


def connect_facade() -> None:
    """Load the facade, which connects the records' verifier and renderers."""
    load("symderiv.api")


class _LazyModule:
    """A module imported when one of its names is first read; each name read is kept
    (the next read of it is a plain attribute, not a call)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(load(self._name), attribute)
        setattr(self, attribute, value)
        return value


#: mpmath, imported when one of its names is first read.
mpmath: Any = _LazyModule("mpmath")


def mpmath_function(name: str) -> Callable[..., Any]:
    """mpmath's function ``name``, imported on the first call (the function table
    names them without loading mpmath)."""

    found: list[Callable[..., Any]] = []

    def call(*args: Any, **options: Any) -> Any:
        if not found:
            found.append(getattr(load("mpmath"), name))
        return found[0](*args, **options)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"mpmath.{name}, loaded on the first call."
    return call
