"""Every script in examples/ runs and exits 0."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def run_script(script: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a script with the project on the path, in a clean environment; it must exit 0."""
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(script, tmp_path):
    assert run_script(script, tmp_path).stdout.strip()


NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_cells_run_in_order(notebook, tmp_path):
    """The code cells of each notebook, run top to bottom as one script, exit 0."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    script = tmp_path / f"{notebook.stem}.py"
    script.write_text(code, encoding="utf-8")
    assert "softmax(z)ⱼ − tⱼ" in run_script(script, tmp_path).stdout
