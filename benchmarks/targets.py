"""The speed targets, each measured against its reference in the same run.

Every first call is made on cleared caches (ours: ``symderiv.engine.clear_cache()`` and
``symderiv.simplify.clear_cache()``; SymPy's: ``sympy.core.cache.clear_cache()``) before
each pass.  A row gives our figure, the reference's, their ratio as the goal states it,
and the goal.  Used by ``benchmarks/run.py``; ``python benchmarks/targets.py`` prints
these rows alone.
"""

from __future__ import annotations

import compileall
import gc
import json
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # an installed build (compiled or not) comes first

import sympy  # noqa: E402
from sympy.core.cache import clear_cache as sympy_forget  # noqa: E402

import symderiv  # noqa: E402
from symderiv import derive, diff, parse  # noqa: E402
from symderiv.bridge import to_sympy  # noqa: E402
from symderiv.engine import clear_cache as forget_derivatives  # noqa: E402
from symderiv.engine import derivative  # noqa: E402
from symderiv.expr import Expr, Sym  # noqa: E402
from symderiv.render.json import derivation_to_dict  # noqa: E402
from symderiv.simplify import clear_cache as forget_simplifications  # noqa: E402

try:
    import symengine
except ImportError:  # the [bench] extra is optional
    symengine = None

X = Sym("x")

__all__ = ["generated", "markdown", "target_rows", "textbook_expressions"]


def forget() -> None:
    """Empty our memory of derivatives and simplifications: the next call is a first one."""
    forget_derivatives()
    forget_simplifications()


def best(function: Callable[[], Any], repeat: int) -> float:
    """The best wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def generated(count: int, seed: int = 0) -> list[str]:
    """Textbook-style expressions: products, quotients and compositions of the usual functions."""
    rng = random.Random(seed)
    atoms = ["x", "x^2", "x^3", "sqrt(x)", "e^x", "ln(x)", "sin(x)", "cos(x)", "tan(x)", "2^x"]
    outer = ["sin", "cos", "exp", "ln", "sqrt", "atan", "tanh"]
    made = []
    for _ in range(count):
        a, b = rng.choice(atoms), rng.choice(atoms)
        shape = rng.randrange(4)
        if shape == 0:
            made.append(f"{a}*{b}")
        elif shape == 1:
            made.append(f"({a} + 1)/({b} + 2)")
        elif shape == 2:
            made.append(f"{rng.choice(outer)}({a} + {b})")
        else:
            made.append(f"{rng.randint(2, 9)}*{a}*{rng.choice(outer)}({b})")
    return made


def textbook_expressions(count: int = 300, seed: int = 0) -> list[str]:
    """The textbook expressions of the targets: the first ``count`` of :func:`generated`."""
    return generated(count, seed)


def target(
    workload: str,
    ours: float,
    theirs: float | None,
    ratio: str,
    goal: str,
    met: bool | None,
    unit: str = "s",
) -> dict[str, Any]:
    """One target's row: our figure, the reference's, the ratio as the goal states it."""
    return {
        "workload": workload,
        "ours": ours,
        "theirs": theirs,
        "unit": unit,
        "ratio": ratio,
        "goal": goal,
        "met": met,
    }


def _textbook_rows(texts: list[str], repeat: int) -> list[dict[str, Any]]:
    trees = [parse(t) for t in texts]
    references = [to_sympy(t) for t in trees]
    x = sympy.Symbol("x")

    def ours_textbook() -> None:
        forget()
        for tree in trees:
            diff(tree, X)

    def ours_derive() -> None:
        forget()
        for tree in trees:
            derive(tree, X, verify=False)

    def ours_raw() -> None:
        forget()
        for tree in trees:
            derivative(tree, X)

    def sympy_simplified() -> None:
        for reference in references:
            sympy_forget()
            sympy.simplify(sympy.diff(reference, x))

    def sympy_cold() -> None:
        for reference in references:
            sympy_forget()
            sympy.diff(reference, x)

    textbook = best(ours_textbook, repeat)
    steps = best(ours_derive, repeat)
    raw = best(ours_raw, repeat)
    simplified = best(sympy_simplified, 1)
    cold = best(sympy_cold, repeat)
    n = len(texts)
    rows = [
        target(
            f"diff in textbook form, first call ({n} textbook expressions)"
            " vs SymPy simplify(diff(f))",
            textbook,
            simplified,
            f"{simplified / textbook:.1f}× faster",
            "≥ 50×",
            simplified / textbook >= 50,
        ),
        target(
            f"derive (steps + textbook form), first call ({n}) vs SymPy cold diff",
            steps,
            cold,
            f"{cold / steps:.1f}× faster",
            "≥ 5×",
            cold / steps >= 5,
        ),
    ]
    if symengine is not None:
        engine_trees = [symengine.sympify(r) for r in references]
        engine_x = symengine.Symbol("x")
        engine = best(lambda: [symengine.diff(t, engine_x) for t in engine_trees], repeat)
        rows.append(
            target(
                f"raw rules, first call ({n}) vs SymEngine diff (C++)",
                raw,
                engine,
                f"{raw / engine:.1f}× slower",
                "within 5×",
                raw / engine <= 5,
            )
        )
    else:
        rows.append(
            target(
                "raw rules vs SymEngine", raw, None, "SymEngine not installed", "within 5×", None
            )
        )
    return rows


def _product_row() -> dict[str, Any]:
    text = "*".join(f"(x + {i})*e^({i}*x)*ln(x + {i})" for i in range(1, 201))
    tree = parse(text)
    reference = to_sympy(tree)
    x = sympy.Symbol("x")
    ours = best(lambda: (forget(), diff(tree, X, tidy=False)), 7)
    theirs = best(lambda: (sympy_forget(), sympy.diff(reference, x)), 1)
    return target(
        "product of 200 factors (600 factors written) vs SymPy diff",
        ours,
        theirs,
        f"{theirs / ours:.1f}× faster",
        "≥ 100×",
        theirs / ours >= 100,
    )


def _composition(depth: int) -> Expr:
    return parse("sin(" * depth + "x" + ")" * depth)


def _printing_row(depth: int = 2_000) -> dict[str, Any]:
    """Peak memory of ``str()`` of the raw derivative of a composition ``depth`` deep,
    against the length of the text it makes."""
    result = derivative(_composition(depth), X)
    gc.collect()
    tracemalloc.start()
    text = str(result)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = len(text.encode())
    return target(
        f"str() of the derivative of a {depth:,}-deep composition"
        f" ({len(text) / 1e6:.1f} M characters): peak memory / its size",
        peak,
        size,
        f"{peak / size:.1f}× its size",
        "≤ 10×",
        peak / size <= 10,
        unit="bytes",
    )


def _depth_row(small: int = 1_000, large: int = 10_000) -> dict[str, Any]:
    """derive + text + JSON at depth ``large`` against depth ``small``."""

    def run(depth: int) -> float:
        tree = _composition(depth)
        forget()
        start = time.perf_counter()
        made = derive(tree, X, verify=False)
        made.to_text()
        json.dumps(derivation_to_dict(made))
        return time.perf_counter() - start

    shallow = min(run(small) for _ in range(3))
    deep = run(large)
    return target(
        f"depth {large:,} derive + text + JSON vs depth {small:,}",
        deep,
        shallow,
        f"{deep / shallow:.1f}× the time of depth {small:,} ({large // small}× deeper)",
        f"≤ {int(1.2 * large / small)}×",
        deep / shallow <= 1.2 * large / small,
    )


def _verification_row(texts: list[str]) -> dict[str, Any]:
    """Verification of each line (in the SymPy worker) against SymPy's cold diff of the
    same line in this process."""
    x = sympy.Symbol("x")
    ours_total = theirs_total = 0.0
    ratios = []
    for text in texts:
        tree = parse(text)
        made = derive(tree, X, verify=False)
        start = time.perf_counter()
        made.verify()
        ours = time.perf_counter() - start
        reference = to_sympy(tree)
        sympy_forget()
        start = time.perf_counter()
        sympy.diff(reference, x)
        theirs = time.perf_counter() - start
        ours_total += ours
        theirs_total += theirs
        ratios.append(ours / theirs)
    ratio = ours_total / theirs_total
    return target(
        f"verification per line ({len(texts)} lines) vs SymPy cold diff of the line"
        f" (median line {statistics.median(ratios):.1f}×)",
        ours_total / len(texts),
        theirs_total / len(texts),
        f"{ratio:.1f}× its time",
        "≤ 2×",
        ratio <= 2,
    )


def _first_line(command: list[str]) -> float:
    """Seconds until ``command`` writes its first line (or ends, for one that writes none),
    started in the folder that holds the package measured: ``python -m`` puts its working
    folder first on the path, and from a checkout with a build installed it would run the
    checkout's sources instead."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=Path(symderiv.__file__).resolve().parents[1],
    )
    assert process.stdout is not None
    process.stdout.readline()
    seconds = time.perf_counter() - start
    process.stdout.read()
    process.wait()
    return seconds


def _command_line_row(repeat: int = 7) -> dict[str, Any]:
    # bytecode written first, as an installed package has it (SymPy's is in site-packages):
    # with PYTHONDONTWRITEBYTECODE a module edited since its last compilation would be
    # compiled again on every start
    compileall.compile_dir(str(Path(symderiv.__file__).parent), quiet=1)
    symderiv_cli = [sys.executable, "-m", "symderiv", "x^2 e^x"]
    just_sympy = [sys.executable, "-c", "import sympy"]
    ours = statistics.median(_first_line(symderiv_cli) for _ in range(repeat))
    theirs = statistics.median(_first_line(just_sympy) for _ in range(repeat))
    return target(
        '`symderiv "x^2 e^x"`: first line on screen vs `python -c "import sympy"`',
        ours,
        theirs,
        f"{ours / theirs:.2f}× its time",
        "≤ 0.5×",
        ours / theirs <= 0.5,
    )


def target_rows(quick: bool = False) -> list[dict[str, Any]]:
    """Every target's row; ``quick`` takes 100 textbook expressions and fewer repeats."""
    texts = textbook_expressions(100 if quick else 300)
    rows = _textbook_rows(texts, 2 if quick else 5)
    rows.append(_product_row())
    rows.append(_printing_row(500 if quick else 2_000))
    rows.append(_depth_row(100 if quick else 1_000, 1_000 if quick else 10_000))
    rows.append(_verification_row(texts[:: 3 if quick else 1]))
    rows.append(_command_line_row(3 if quick else 7))
    return rows


def figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "bytes":
        return f"{value / 1e6:,.1f} MB"
    return f"{value * 1000:,.1f} ms" if value < 10 else f"{value:,.1f} s"


def markdown(rows: list[dict[str, Any]]) -> str:
    """The rows as the README's Markdown table."""
    lines = [
        "| workload | ours | reference | ratio | goal | met |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for r in rows:
        met = "—" if r["met"] is None else ("yes" if r["met"] else "no")
        lines.append(
            f"| {r['workload']} | {figure(r['ours'], r['unit'])} | {figure(r['theirs'], r['unit'])}"
            f" | {r['ratio']} | {r['goal']} | {met} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(target_rows("--quick" in sys.argv)))
