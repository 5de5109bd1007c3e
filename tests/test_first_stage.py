"""The command line's first stage and the modules loaded on first use: ``import symderiv``
loads the reader, the rules, the simplifier and the printers of expressions, not the
facade, the verifier, rich or mpmath; a plain piped ``symderiv "f"`` prints its steps
before the full command line loads, byte for byte what the full command line prints."""

from __future__ import annotations

import json
import subprocess
import sys

import mpmath
import pytest

from symderiv import __main__ as first_stage
from symderiv import cli, deferred
from symderiv.functions import FUNCTIONS


def _python(code: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_import_symderiv_loads_neither_the_facade_nor_its_heavy_libraries() -> None:
    code = (
        "import json, sys; import symderiv; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('symderiv', 'mpmath', 'rich', 'sympy', 'multiprocessing'))))"
    )
    loaded = set(json.loads(_python(code).stdout))
    assert "symderiv.pipeline" in loaded and "symderiv.render.infix" in loaded
    for heavy in (
        "symderiv.api",
        "symderiv.cli",
        "symderiv.presenters",
        "symderiv.verify",
        "symderiv.matrix.derive",
        "mpmath",
        "rich",
        "sympy",
        "multiprocessing",
    ):
        assert heavy not in loaded, heavy


def test_a_record_connects_the_facade_on_first_use() -> None:
    code = (
        "import sys; from symderiv.pipeline import derive; d = derive('x^2 e^x'); "
        "print('symderiv.api' in sys.modules); print(d.to_text())"
    )
    out = _python(code).stdout
    assert out.startswith("True\nd/dx [x²·eˣ]\n")
    assert "✓ verified against SymPy" in out


def test_the_matrix_exports_load_every_matrix_module_on_first_use() -> None:
    code = (
        "import sys, symderiv.render.text; "
        "print('symderiv.matrix.oracle' in sys.modules); "
        "from symderiv.matrix import derive_matrix; "
        "d = derive_matrix('x^T A x', 'x', {'x': ('n',), 'A': ('n', 'n')}); "
        "print('symderiv.matrix.oracle' in sys.modules, d.verify().status)"
    )
    assert _python(code).stdout.split() == ["False", "True", "verified"]


FULL = "import sys; from symderiv.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.mark.parametrize("arguments", [["x^2 e^x"], ["sin(x"], ["foo(x)"], ["-x^2"]])
def test_the_first_stage_prints_what_the_full_command_line_prints(arguments: list[str]) -> None:
    full = _python(FULL, *arguments)
    staged = subprocess.run(
        [sys.executable, "-m", "symderiv", *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert (staged.stdout, staged.stderr, staged.returncode) == (
        full.stdout,
        full.stderr,
        full.returncode,
    )


def test_the_steps_are_ready_before_the_full_command_line_loads() -> None:
    code = (
        "import sys; from symderiv.__main__ import steps_first; "
        "first = steps_first(['x^2 e^x']); "
        "print('symderiv.cli' in sys.modules, 'rich' in sys.modules); print(first[1])"
    )
    out = _python(code).stdout.splitlines()
    assert out[0] == "False False"
    assert (
        out[1] == "d/dx [x²·eˣ]"
        and out[-1] == "= x·(x + 2)·eˣ                      factor out · factor = x·eˣ"
    )


def test_every_other_case_goes_to_the_full_command_line() -> None:
    for arguments in (["x", "--wrt", "x"], [], ["check", "x = x"], ["-x"], [""], ["grade"]):
        assert first_stage.steps_first(arguments) is None
    assert first_stage.steps_first(["sin("]) is None  # the full command line says why


def test_the_subcommands_are_the_command_lines() -> None:
    assert set(cli.SUBCOMMANDS) == first_stage.SUBCOMMAND_NAMES


def test_deferred_loads_only_the_modules_it_names() -> None:
    with pytest.raises(ValueError, match="not loaded on first use"):
        deferred.load("os")
    assert deferred.load("symderiv.cli") is cli


def test_the_function_table_reaches_mpmath_on_first_call() -> None:
    for name in ("sin", "exp", "atanh", "erf", "digamma"):
        spec = FUNCTIONS[name]
        assert spec.mpmath is not None
        assert spec.mpmath(mpmath.mpf("0.25")) == getattr(mpmath, name)(mpmath.mpf("0.25"))
    assert deferred.mpmath.pi == mpmath.pi
