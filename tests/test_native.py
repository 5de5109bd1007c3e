"""The build in use: pure Python (``pip install .``) or compiled (``SYMDERIV_COMPILE=1
pip install .``, see ``setup.py``), as ``symderiv --version`` reports it.

CI installs both builds and runs the default tests on each; on the compiled one it sets
``SYMDERIV_EXPECT_COMPILED=1``, and the simplifier, the rules, the engine and the guard
must then load compiled."""

from __future__ import annotations

import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import symderiv
from symderiv import __version__
from symderiv.cli import main
from symderiv.native import build_name, compiled_modules

#: The modules that ``setup.py`` compiles, one from each of its sources.
COMPILED_SOURCES = (
    "symderiv.simplify",
    "symderiv.simplify.poly",
    "symderiv.walks",
    "symderiv.memo",
    "symderiv.rules",
    "symderiv.rules.algebra",
    "symderiv.engine",
    "symderiv.guard",
)


def test_the_modules_found_compiled_are_those_imported_from_an_extension():
    loaded = {
        name: module.__file__
        for name, module in list(sys.modules.items())
        if name.startswith("symderiv.") and getattr(module, "__file__", None)
    }
    compiled = set(compiled_modules())
    assert "symderiv.simplify.poly" in loaded and "symderiv.expr" in loaded
    for name, path in loaded.items():
        assert (name in compiled) is (not path.endswith(".py")), (name, path)


def test_the_build_name_counts_the_extension_files_of_the_package():
    """Each compiled module is one extension file in the package's folders (mypyc's shared
    library of the group lies outside them); with none, the build is pure Python."""
    package = Path(symderiv.__file__).parent
    extensions = {path for suffix in EXTENSION_SUFFIXES for path in package.rglob("*" + suffix)}
    expected = f"compiled: {len(extensions)} modules" if extensions else "pure Python"
    assert build_name() == expected


@pytest.mark.parametrize("argv", [["--version"], ["--version", "x^2"]])
def test_the_version_names_the_build(capsys, argv):
    assert main(argv) == 0
    assert capsys.readouterr().out == f"symderiv {__version__} ({build_name()})\n"


@pytest.mark.skipif(
    os.environ.get("SYMDERIV_EXPECT_COMPILED") != "1",
    reason="the compiled build is checked where CI asks for it",
)
def test_the_compiled_build_loads_the_simplifier_and_the_rules_compiled():
    compiled = compiled_modules()
    assert set(COMPILED_SOURCES) <= set(compiled)
    assert "symderiv.expr" not in compiled
