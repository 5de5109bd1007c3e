"""Which of symderiv's modules run as compiled C extensions.

``pip install .`` gives pure Python; ``SYMDERIV_COMPILE=1 pip install .`` compiles the
simplifier with mypyc (see ``setup.py``), which makes a first ``diff`` or ``derive``
about 1.5 times as fast.  The answers are the same either way: the compiled modules are
the same sources.
"""

from __future__ import annotations

import importlib.util
import pkgutil

__all__ = ["build_name", "compiled_modules"]


def compiled_modules(package: str = "symderiv") -> list[str]:
    """The modules of ``package`` and its subpackages that load from a compiled
    extension, found without importing them."""
    found = []
    spec = importlib.util.find_spec(package)
    locations = [] if spec is None else list(spec.submodule_search_locations or ())
    for module in pkgutil.iter_modules(locations, prefix=package + "."):
        origin = _origin(module.name)
        if origin is not None and not origin.endswith(".py"):
            found.append(module.name)
        if module.ispkg:
            found.extend(compiled_modules(module.name))
    return sorted(found)


def _origin(name: str) -> str | None:
    spec = importlib.util.find_spec(name)
    return None if spec is None else spec.origin


def build_name() -> str:
    """``"pure Python"`` or ``"compiled: n modules"``: what ``symderiv --version`` says."""
    compiled = compiled_modules()
    return f"compiled: {len(compiled)} modules" if compiled else "pure Python"
