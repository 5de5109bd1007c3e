"""The documented matrix gradients: ours against SymPy's ``MatrixSymbol`` diff, in one run.

    python benchmarks/matrix.py [--repeats 3] [--json results.json]

For each example of :data:`symderiv.matrix.catalogue.CATALOGUE`: our derivation (the steps
and the textbook rewrites, best of ``--repeats``), our derivation with its entry-by-entry
verification (once), and SymPy's ``diff`` of the same expression built with
``MatrixSymbol`` on concrete sizes (all 3).  SymPy's answer is then evaluated on concrete
matrices and compared with the entry-by-entry derivative: "right", "right (transposed)"
(SymPy's other layout), "WRONG", "fails" (an exception) or "gave up" (past the time limit).
The ratio is SymPy's time over ours (> 1: we are faster).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # an installed build (compiled or not) comes first

import sympy  # noqa: E402
from limits import GaveUp, time_limit  # noqa: E402

from symderiv.matrix import derive_matrix  # noqa: E402
from symderiv.matrix.catalogue import CATALOGUE, Example  # noqa: E402
from symderiv.matrix.convert import to_sympy  # noqa: E402
from symderiv.matrix.oracle import Invalid, _agree, explicit, instances  # noqa: E402

LIMIT = 30.0


def _ours(example: Example, repeats: int) -> tuple[float, float, Any]:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        made = derive_matrix(
            example.formula,
            example.var,
            example.shapes,
            symmetric=example.symmetric,
            given=example.given,
            verify=False,
        )
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    verified = made.with_verification(made.verify())
    return best, time.perf_counter() - start, verified


def _sympy(derivation: Any) -> tuple[float | None, str]:
    """SymPy's time and verdict on the first instance of size 3 where values are defined."""
    for instance in instances(derivation.shapes, seed=7, sums=derivation.options.get("sums")):
        if set(instance.sizes.values()) not in ({3}, set()):
            continue
        try:
            expected = explicit(derivation.result, instance.values, instance.sizes)
        except (ZeroDivisionError, ValueError):
            continue
        expr = to_sympy(derivation.expr, instance.sizes)
        var = to_sympy(derivation.var, instance.sizes)
        start = time.perf_counter()
        try:
            with time_limit(LIMIT):
                answer = sympy.diff(expr, var)
        except GaveUp:
            return None, "gave up"
        except Exception as error:
            return time.perf_counter() - start, f"fails ({type(error).__name__})"
        elapsed = time.perf_counter() - start
        return elapsed, _judge(answer, instance, expected)
    return None, "no instance"


def _judge(answer: Any, instance: Any, expected: Any) -> str:
    symbols = {s: instance.values[s.name] for s in answer.atoms(sympy.MatrixSymbol)}
    scalars = {s: instance.values[s.name][0, 0] for s in answer.atoms(sympy.Symbol)
               if s.name in instance.values}  # fmt: skip
    try:
        with time_limit(LIMIT):
            value = answer.subs(symbols).subs(scalars).doit()
            value = sympy.ImmutableMatrix(value) if hasattr(value, "shape") else (
                sympy.ImmutableMatrix([[value]]))  # fmt: skip
    except GaveUp:
        return "gave up (evaluating)"
    except Exception as error:
        return f"fails to evaluate ({type(error).__name__})"
    if value.shape == (1, 1) and expected.shape != (1, 1) and value[0, 0] == 0:
        return "WRONG (0)"
    for candidate, label in ((value, "right"), (value.T, "right (transposed)")):
        try:
            if _agree(sympy, candidate, expected):
                return label
        except Invalid:
            return "undefined here"
    return "WRONG"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    rows = []
    header = f"{'example':34} {'ours ms':>8} {'+verify ms':>10} {'SymPy ms':>9} {'ratio':>7}  SymPy"
    print(header)
    print("-" * len(header))
    for example in CATALOGUE:
        ours, verify, derivation = _ours(example, args.repeats)
        theirs, verdict = _sympy(derivation)
        ratio = f"{theirs / ours:7.2f}" if theirs is not None else "      —"
        shown = f"{theirs * 1000:9.1f}" if theirs is not None else "        —"
        ok = "✓" if derivation.verification else "✗"
        print(f"{example.label:34} {ours * 1000:8.1f} {verify * 1000:10.0f} {shown} {ratio}  "
              f"{verdict}   (ours {ok} {derivation.result})")  # fmt: skip
        rows.append({"example": example.label, "ours_s": ours, "verify_s": verify,
                     "sympy_s": theirs, "sympy": verdict, "result": str(derivation.result),
                     "verified": bool(derivation.verification)})  # fmt: skip
    answered = [r for r in rows if r["sympy"].startswith("right")]
    wrong = [r for r in rows if r["sympy"].startswith("WRONG")]
    print()
    print(f"ours: {sum(r['verified'] for r in rows)} of {len(rows)} verified entry by entry")
    print(f"SymPy: right on {len(answered)}, wrong on {len(wrong)}, no answer on "
          f"{len(rows) - len(answered) - len(wrong)} of {len(rows)}")  # fmt: skip
    both = [r for r in answered if r["sympy_s"]]
    if both:
        ratios = sorted(r["sympy_s"] / r["ours_s"] for r in both)
        print(
            f"where SymPy answers right, SymPy time / ours: median {ratios[len(ratios) // 2]:.2f}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
