"""Which of symderiv's modules run as compiled C extensions.

``pip install .`` gives pure Python; ``SYMDERIV_COMPILE=1 pip install .`` compiles the
simplifier, the rules, the engine and the guard with mypyc (see ``setup.py``), which
makes a first ``diff`` or ``derive`` about 1.6 times as fast.  The answers are the same
either way: the compiled modules are the same sources.
"""

from __future__ import annotations

import importlib.util
import pkgutil
from collections.abc import Iterator

__all__ = ["build_name", "compiled_modules"]


def compiled_modules(package: str = "symderiv") -> list[str]:
    """The modules of ``package`` and its subpackages that load from a compiled
    extension, found by the finders of their folders: none of them is imported (only
    ``package``'s parents, to find it)."""
    spec = importlib.util.find_spec(package)
    locations = [] if spec is None else list(spec.submodule_search_locations or ())
    return sorted(_compiled_below(locations, package + "."))


def _compiled_below(locations: list[str], prefix: str) -> Iterator[str]:
    for module in pkgutil.iter_modules(locations, prefix):
        # A folder's finder (a path entry finder: it takes no search path) finds the
        # module as an import would, an extension before its source, without importing
        # the package that holds it.
        spec = module.module_finder.find_spec(module.name)  # type: ignore[call-arg]
        if spec is None:
            continue
        if spec.origin is not None and not spec.origin.endswith(".py"):
            yield module.name
        if module.ispkg:
            yield from _compiled_below(
                list(spec.submodule_search_locations or ()), module.name + "."
            )


def build_name() -> str:
    """``"pure Python"`` or ``"compiled: n modules"``: what ``symderiv --version`` says."""
    compiled = compiled_modules()
    return f"compiled: {len(compiled)} modules" if compiled else "pure Python"
