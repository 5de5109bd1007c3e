"""The optional compiled build: ``SYMDERIV_COMPILE=1 pip install .`` compiles the
simplifier (``symderiv/simplify/``), the walks it runs on (``symderiv/walks.py``,
``symderiv/memo.py``), the rules (``symderiv/rules/``), the engine that applies them
(``symderiv/engine.py``) and the guard that checks both (``symderiv/guard.py``) to C
extensions with mypyc, beside the Python sources.  The expression nodes
(``symderiv/expr.py``) stay Python: they are interned through ``object.__new__`` and
weak references, which mypyc's native classes refuse.

Without ``SYMDERIV_COMPILE=1`` (the default) nothing is compiled and the package is
pure Python; ``pyproject.toml`` holds the rest of the configuration.  The compiled
build needs a C compiler and the Python headers; the build backend installs mypy
(which carries mypyc) for it.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

#: The sources compiled: the simplifier takes most of a first ``diff``, the rules, the
#: engine and the guard most of what is left of a first ``derive``.
COMPILED = [
    "symderiv/simplify/",
    "symderiv/walks.py",
    "symderiv/memo.py",
    "symderiv/rules/",
    "symderiv/engine.py",
    "symderiv/guard.py",
]

#: mypy, which carries mypyc.
MYPYC = "mypy>=1.8"

#: The commands that only describe the package (its metadata): nothing is compiled for them.
DESCRIBING = {"egg_info", "dist_info"}


def compiled_extensions() -> list[object]:
    """The C extensions of :data:`COMPILED`, built by mypyc."""
    try:
        from mypyc.build import mypycify
    except ImportError:
        raise SystemExit(
            f"SYMDERIV_COMPILE=1 needs mypyc: pip install '{MYPYC}' (pip's isolated build "
            "installs it by itself)"
        ) from None
    # SymPy and rich need not be in the build's environment: the compiled modules do
    # not use them.
    options = ["--ignore-missing-imports", *COMPILED]
    return list(mypycify(options))


if os.environ.get("SYMDERIV_COMPILE") != "1":
    setup()
elif DESCRIBING.intersection(sys.argv):
    # The backend asks for the build's requirements (and the metadata) this way.
    setup(setup_requires=[MYPYC])
else:
    setup(ext_modules=compiled_extensions())
