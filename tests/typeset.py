"""(helper) Typesetting a LaTeX document with a TeX engine, for the tests that check
that an output compiles: skipped where the engine is not installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def typeset(tex: str, folder: Path, engine: str = "pdflatex") -> tuple[bool, str]:
    """Whether ``tex`` compiles with ``engine`` in ``folder``, and the end of its log."""
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not installed")
    (folder / "out.tex").write_text(tex, encoding="utf-8")
    done = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "out.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
        check=False,
    )
    return done.returncode == 0, done.stdout[-2000:]
