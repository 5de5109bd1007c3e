"""Size of our tidied derivative against the textbook, SymPy's diff and SymPy's simplify.

Over ``../shared/corpus/pairs.jsonl`` (an antiderivative ``f`` and its textbook
integrand ``df``): for each line, SymPy's ``count_ops`` of

* ours:      ``to_sympy(diff(f))`` — our rules, then our simplifier;
* textbook:  ``df`` as the corpus prints it;
* diff:      ``sympy.diff(f)``;
* simplify:  ``sympy.simplify(sympy.diff(f))`` (given up after ``--timeout`` seconds,
  when the line counts SymPy's ``diff`` as what SymPy offers).

It prints the median and p90 of ours/textbook, ours/diff and ours/simplify, the share
of lines where ours is no larger than SymPy's simplify, and the time each took.

    .venv/bin/python benchmarks/simplify_size.py            # every line
    .venv/bin/python benchmarks/simplify_size.py --every 5  # one line in five
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # an installed build (compiled or not) comes first

from limits import GaveUp, time_limit  # noqa: E402

from symderiv.api import diff  # noqa: E402
from symderiv.bridge import to_sympy  # noqa: E402
from symderiv.expr import Sym  # noqa: E402
from symderiv.parse import parse  # noqa: E402

PAIRS = ROOT.parent / "shared" / "corpus" / "pairs.jsonl"


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(line: dict[str, Any], timeout: float) -> dict[str, Any] | None:
    import sympy

    var = line.get("var", "x")
    names = {name: sympy.Symbol(name) for name in [var, *line.get("params", [])]}
    f_sympy = sympy.sympify(line["f"], locals=names)
    df_sympy = sympy.sympify(line["df"], locals=names)
    symbol = names[var]

    started = time.perf_counter()
    ours = diff(parse(line["f"]), Sym(var))
    ours_time = time.perf_counter() - started

    started = time.perf_counter()
    sympy_diff = sympy.diff(f_sympy, symbol)
    diff_time = time.perf_counter() - started

    started = time.perf_counter()
    try:
        with time_limit(timeout):
            simplified = sympy.simplify(sympy_diff)
        gave_up = False
    except GaveUp:
        simplified = sympy_diff
        gave_up = True
    simplify_time = time.perf_counter() - started

    return {
        "id": line["id"],
        "ours": int(sympy.count_ops(to_sympy(ours))),
        "textbook": int(sympy.count_ops(df_sympy)),
        "diff": int(sympy.count_ops(sympy_diff)),
        "simplify": int(sympy.count_ops(simplified)),
        "gave_up": gave_up,
        "ours_time": ours_time,
        "diff_time": diff_time,
        "simplify_time": simplify_time,
        "ours_text": str(ours),
    }


def ratio(a: int, b: int) -> float:
    return (a + 1) / (b + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="take one line in this many")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per simplify")
    parser.add_argument("--worst", type=int, default=0, help="list the lines worst vs df")
    parser.add_argument("--json", type=Path, help="write the per-line figures here")
    options = parser.parse_args()

    with PAIRS.open(encoding="utf-8") as handle:
        lines = [json.loads(text) for text in handle if text.strip()][:: options.every]
    rows = [row for row in (measure(line, options.timeout) for line in lines) if row]

    print(f"{len(rows)} lines of {PAIRS.name}; size = SymPy count_ops; ratio = (ours+1)/(them+1)")
    for other in ("textbook", "diff", "simplify"):
        ratios = [ratio(row["ours"], row[other]) for row in rows]
        print(
            f"  ours / {other:9} median {statistics.median(ratios):5.2f}"
            f"   p90 {quantile(ratios, 0.9):5.2f}"
        )
    no_larger = sum(row["ours"] <= row["simplify"] for row in rows)
    gave_up = sum(row["gave_up"] for row in rows)
    print(
        f"  ours <= SymPy simplify on {no_larger / len(rows):.1%} of lines"
        f" (simplify gave up after {options.timeout:g} s on {gave_up})"
    )
    for key, label in (
        ("ours_time", "ours (diff + tidy)"),
        ("diff_time", "sympy.diff"),
        ("simplify_time", "sympy.simplify"),
    ):
        times = [row[key] for row in rows]
        print(
            f"  time {label:20} total {sum(times):8.2f} s   median"
            f" {statistics.median(times) * 1e3:8.2f} ms"
        )
    if options.worst:
        worst = sorted(rows, key=lambda r: -ratio(r["ours"], r["textbook"]))[: options.worst]
        for row in worst:
            print(f"  {row['id']}: ours {row['ours']} vs df {row['textbook']}: {row['ours_text']}")
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
