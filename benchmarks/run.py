"""Speed side by side with SymPy (and SymEngine when installed), measured in one run.

    python benchmarks/run.py [--quick] [--json results.json]

Each stage is timed as the best of several repeats with ``time.perf_counter``; the table
gives our time, SymPy's (and SymEngine's), and the ratio (their time / ours, so > 1
means we are faster).  "First call" clears our simplifier's memory before each repeat
and compares with SymPy's cold cache too; "repeated" is ours remembered against SymPy's
warm cache, like for like.  SymPy's parser is used here only to time it: the package never
calls it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # an installed build (compiled or not) comes first

import sympy  # noqa: E402
from limits import GaveUp, time_limit  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402
from sympy.parsing.sympy_parser import parse_expr  # noqa: E402
from targets import generated, markdown, target_rows  # noqa: E402

import symderiv  # noqa: E402
from symderiv import derive, diff, parse  # noqa: E402
from symderiv.bridge import to_sympy  # noqa: E402
from symderiv.engine import clear_cache as forget_derivatives  # noqa: E402
from symderiv.engine import derivative  # noqa: E402
from symderiv.errors import NoRuleError  # noqa: E402
from symderiv.expr import Add, Call, Div, Expr, Mul, Num, Pow, Sym, fold, tree_size  # noqa: E402
from symderiv.native import build_name  # noqa: E402
from symderiv.parse.lexer import MAX_LENGTH  # noqa: E402
from symderiv.simplify import clear_cache as forget_simplifications  # noqa: E402

try:
    import symengine
except ImportError:  # the [bench] extra is optional
    symengine = None

X = Sym("x")
CORPUS = ROOT.parent / "shared" / "corpus" / "pairs.jsonl"


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


def corpus_texts(limit: int | None) -> list[str]:
    lines = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]
    texts = [line["f"] for line in lines]
    return texts[:limit] if limit else texts


def random_tree(nodes: int, seed: int = 0) -> Expr:
    """A random expression of about ``nodes`` nodes over ``x``, built bottom-up (no
    recursion): leaves ``x`` and small numbers, joined by sums, products, quotients,
    small whole powers and the usual functions."""
    rng = random.Random(seed)
    functions = ["sin", "cos", "exp", "ln", "sqrt", "atan", "tanh"]
    pool: list[Expr] = [
        X if rng.random() < 0.6 else Num(rng.randint(2, 9)) for _ in range(nodes * 9 // 25)
    ]
    while len(pool) > 1:
        shape = rng.randrange(6)
        first = pool.pop(rng.randrange(len(pool)))
        if shape == 0:
            pool.append(Call(rng.choice(functions), first))
            continue
        if shape == 1:
            pool.append(Pow(first, Num(rng.randint(2, 4))))
            continue
        second = pool.pop(rng.randrange(len(pool))) if pool else X
        pool.append((Add, Mul, Mul, Div)[shape - 2](first, second))
    return pool[0]


def node_count(tree: Expr) -> int:
    """Nodes counted with repetition (a shared subtree as often as it appears)."""
    return fold(tree, lambda node, children: 1 + sum(children))


#: Seconds SymPy is given on one random-tree workload before it counts as failed.
SYMPY_LIMIT = 60.0


def within_limit(function: Callable[[], Any]) -> float | None:
    """One timed run of ``function``, or ``None`` when it fails or runs past the limit."""
    try:
        with time_limit(SYMPY_LIMIT):
            return guarded(function, 1)
    except GaveUp:
        return None


def tree_rows(quick: bool) -> list[dict[str, Any]]:
    """Random trees of 10⁴ and 10⁵ nodes: parse their text, differentiate (raw rules).
    SymPy gets :data:`SYMPY_LIMIT` seconds a workload; the text of 10⁵ nodes is past
    our 100,000-character input limit, so that tree is differentiated as built."""
    rows = []
    x = sympy.Symbol("x")
    sympy_failed = False
    for nodes in (10_000,) if quick else (10_000, 100_000):
        tree = random_tree(nodes)
        label = f"random tree of {node_count(tree):,} nodes"
        text = str(tree)
        reference = None if sympy_failed else to_sympy(tree)
        if len(text) <= MAX_LENGTH:
            ours = best(lambda t=text: parse(t), 3)
            source = None if reference is None else str(reference)
            theirs = None if source is None else within_limit(lambda s=source: parse_expr(s))
            rows.append(row(f"{label}: parse", 1, ours, theirs))
        try:
            ours = best(lambda t=tree: (forget(), derivative(t, X)), 3)
        except NoRuleError as refused:  # shown as it is, never skipped in silence
            rows.append(refused_row(f"{label}: diff, raw rules", refused))
            continue
        theirs = (
            None
            if reference is None
            else within_limit(lambda r=reference: (clear_cache(), sympy.diff(r, x)))
        )
        note = " (SymPy not run: it failed on the smaller tree)" if reference is None else ""
        sympy_failed = sympy_failed or theirs is None
        result = node_count(derivative(tree, X))
        rows.append(row(f"{label}: diff, raw rules{note}", 1, ours, theirs) | sized(result))
    return rows


def measure_batch(name: str, texts: list[str], repeat: int) -> list[dict[str, Any]]:
    """Parse, diff (no steps), derive (steps + simplification) over a list of texts."""
    ours_trees = [parse(t) for t in texts]
    sympy_texts = [str(to_sympy(t)) for t in ours_trees]
    sympy_trees = [to_sympy(t) for t in ours_trees]
    x = sympy.Symbol("x")
    rows = []

    ours = best(lambda: [parse(t) for t in texts], repeat)
    theirs = best(lambda: [parse_expr(t) for t in sympy_texts], max(1, repeat // 2))
    rows.append(row(f"{name}: parse", len(texts), ours, theirs))

    def ours_cold() -> None:
        forget()
        for tree in ours_trees:
            diff(tree, X)

    ours = best(ours_cold, repeat)
    ours_warm = best(lambda: [diff(t, X) for t in ours_trees], repeat)
    raw = best(lambda: (forget(), [derivative(t, X) for t in ours_trees]), repeat)

    def sympy_cold() -> None:
        for tree in sympy_trees:
            clear_cache()
            sympy.diff(tree, x)

    warm = best(lambda: [sympy.diff(t, x) for t in sympy_trees], repeat)
    cold = best(sympy_cold, max(1, repeat // 2))
    engine = None
    if symengine is not None:
        engine_trees = [symengine.sympify(t) for t in sympy_trees]
        engine_x = symengine.Symbol("x")
        engine = best(lambda: [symengine.diff(t, engine_x) for t in engine_trees], repeat)
    textbook_size = sum(node_count(diff(t, X)) for t in ours_trees)
    raw_size = sum(node_count(derivative(t, X)) for t in ours_trees)
    sympy_size = sum(sympy_nodes(sympy.diff(t, x)) for t in sympy_trees)
    sizes = (textbook_size, sympy_size)
    rows.append(
        row(f"{name}: diff, textbook form, first call", len(texts), ours, warm, engine, cold)
        | sized(*sizes)
    )
    rows.append(
        row(
            f"{name}: diff, textbook form, repeated (a cache lookup)",
            len(texts),
            ours_warm,
            warm,
            engine,
        )
        | sized(*sizes)
    )
    rows.append(
        row(f"{name}: diff, raw rules", len(texts), raw, warm, engine, cold)
        | sized(raw_size, sympy_size)
    )

    def derive_cold() -> None:
        forget()
        for tree in ours_trees:
            derive(tree, X, verify=False)

    ours = best(derive_cold, max(1, repeat // 2))
    rows.append(row(f"{name}: derive (steps, simplify)", len(texts), ours, warm, None, cold))
    return rows


def row(
    stage: str,
    size: int,
    ours: float,
    sympy_time: float | None,
    engine: float | None = None,
    cold: float | None = None,
) -> dict[str, Any]:
    return {
        "stage": stage,
        "items": size,
        "ours_s": ours,
        "sympy_s": sympy_time,
        "sympy_cold_s": cold,
        "symengine_s": engine,
        "vs_sympy": None if sympy_time is None else sympy_time / ours,
        "vs_sympy_cold": None if cold is None else cold / ours,
        "vs_symengine": None if engine is None else engine / ours,
    }


def refused_row(stage: str, refused: NoRuleError) -> dict[str, Any]:
    """A stage our engine refuses: no time, the refusal's reason in the stage."""
    reason = str(refused).split(" (")[0]
    return row(f"{stage}: refused, {reason}", 1, 1.0, None) | {"ours_s": None, "vs_sympy": None}


def sized(ours: int, theirs: int | None = None) -> dict[str, Any]:
    """The output sizes of a row: nodes of the results, counted with repetition (for the
    n-th derivatives, our textbook form; the raw one shares its subtrees)."""
    return {"ours_size": ours, "sympy_size": theirs}


def sympy_nodes(expr: Any) -> int:
    """Nodes of a SymPy expression, counted with repetition."""
    return sum(1 for _ in sympy.preorder_traversal(expr))


def guarded(function: Callable[[], Any], repeat: int) -> float | None:
    """The time, or ``None`` where SymPy fails (e.g. RecursionError on deep input)."""
    try:
        return best(function, repeat)
    except (RecursionError, MemoryError, SyntaxError):
        return None


def scale_rows(quick: bool) -> list[dict[str, Any]]:
    rows = []
    x = sympy.Symbol("x")
    # Π (x + i)·e^(i·x)·ln(x + i) overflows at every sample point of the guard from 50
    # factors on, so that the guard has no value to compare its derivative with; the last
    # product has values there (bounded factors), and the guard evaluates its derivative.
    overflowing = "(x + {i})*e^({i}*x)*ln(x + {i})"
    bounded = "(x/{i} + 1)*e^(x/{i})*ln(x + {i} + 1)"
    products = [(n, overflowing, "") for n in ((10, 50) if quick else (10, 50, 200))]
    products.append((50 if quick else 200, bounded, " with values at the guard's points"))
    for n, factor, kind in products:
        tree = parse("*".join(factor.format(i=i) for i in range(1, n + 1)))
        reference = to_sympy(tree)
        ours = best(lambda t=tree: (forget(), diff(t, X, tidy=False)), 3)
        theirs = guarded(lambda r=reference: (clear_cache(), sympy.diff(r, x)), 1)
        result = node_count(diff(tree, X, tidy=False))
        rows.append(row(f"product of {n} factors{kind}: diff", 1, ours, theirs) | sized(result))
    for depth in (50, 200, 1_000) if quick else (50, 200, 1_000, 10_000):
        text = "sin(" * depth + "x" + ")" * depth
        tree = parse(text)
        ours = best(lambda t=tree: derive(t, X, verify=False, simplify=False).to_text(), 1)

        def sympy_side(source: str = text) -> None:
            clear_cache()
            sympy.diff(parse_expr(source), x)

        rows.append(
            row(f"sin∘…∘sin {depth} deep: parse+derive+print", 1, ours, guarded(sympy_side, 1))
        )
    for order in (10,) if quick else (10, 20):
        tree = parse("x^3 e^x sin(x)")
        reference = to_sympy(tree)
        ours = best(lambda t=tree, n=order: (forget(), diff(t, X, order=n, tidy=False)), 3)
        theirs = best(lambda r=reference, n=order: (clear_cache(), sympy.diff(r, x, n)), 1)
        shared = tree_size(diff(tree, X, order=order, tidy=False))
        textbook = node_count(diff(tree, X, order=order))
        reached = sympy_nodes(sympy.diff(reference, x, order))
        label = f"{order}th derivative of x³eˣ sin x (raw: {shared} distinct nodes)"
        rows.append(row(label, 1, ours, theirs) | sized(textbook, reached))
    bce = parse("-(t ln(sigmoid(z)) + (1 - t) ln(1 - sigmoid(z)))")
    ours = best(lambda: (forget(), derive(bce, Sym("z"), verify=False)), 5)
    z = sympy.Symbol("z")
    theirs = best(lambda: sympy.simplify(sympy.diff(to_sympy(bce), z)), 1)
    rows.append(row("sigmoid cross-entropy: derive vs SymPy diff+simplify", 1, ours, theirs))
    return rows


def verification_row(texts: list[str]) -> dict[str, Any]:
    trees = [parse(t) for t in texts]
    costs = []
    for tree in trees:
        d = derive(tree, X, verify=False)
        start = time.perf_counter()
        d.verify()
        costs.append(time.perf_counter() - start)
    costs.sort()
    median = costs[len(costs) // 2]
    p99 = costs[min(len(costs) - 1, int(len(costs) * 0.99))]
    return {"stage": "verification per corpus line", "median_s": median, "p99_s": p99}


def size_text(r: dict[str, Any]) -> str:
    ours, theirs = r.get("ours_size"), r.get("sympy_size")
    if ours is None:
        return ""
    return f"{ours:,}" if theirs is None else f"{ours:,} / {theirs:,}"


def refused_or(measure: Callable[[], int]) -> int | None:
    """``measure()``, or ``None`` where our engine refuses the workload."""
    try:
        return measure()
    except NoRuleError:
        return None


def megabytes(size: int | None) -> str:
    return "refused (NoRuleError)" if size is None else f"{size / 1e6:.1f} MB"


def peak_memory(function: Callable[[], Any]) -> int:
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def stage_markdown(rows: list[dict[str, Any]]) -> str:
    """The stages as a Markdown table (ratio = their time / ours)."""

    def ms(value: float | None) -> str:
        return "fails" if value is None else f"{value * 1000:,.1f} ms"

    def times(value: float | None) -> str:
        if value is None:
            return ""
        return f"{value:.1f}×" if value >= 0.1 else f"{value:.3f}×"

    lines = [
        "| stage | items | ours | SymPy | × SymPy (warm / cold) | × SymEngine"
        " | result nodes ours / SymPy |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = "SymPy fails" if r["sympy_s"] is None else times(r["vs_sympy"])
        if r["vs_sympy_cold"] is not None:
            ratio += f" / {times(r['vs_sympy_cold'])}"
        lines.append(
            f"| {r['stage']} | {r['items']} | {ms(r['ours_s'])} | {ms(r['sympy_s'])} | {ratio}"
            f" | {times(r['vs_symengine'])} | {size_text(r)} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller workloads (about a minute)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--markdown", type=Path, help="also write the tables as Markdown")
    parser.add_argument("--targets", action="store_true", help="only the targets' rows")
    args = parser.parse_args()
    source = Path(symderiv.__file__).parent
    build = f"symderiv {symderiv.__version__}, {build_name()}, from {source}"
    print(build, flush=True)
    targets = target_rows(args.quick)
    print(markdown(targets), flush=True)
    if args.targets:
        if args.markdown:
            args.markdown.write_text(f"{build}\n\n{markdown(targets)}\n")
        return 0
    repeat = 3 if args.quick else 5
    corpus = corpus_texts(200 if args.quick else None)
    rows = measure_batch("corpus", corpus, repeat)
    rows += measure_batch("generated", generated(300 if args.quick else 1_000), repeat)
    rows += scale_rows(args.quick)
    rows += tree_rows(args.quick)
    verification = verification_row(corpus[:: 5 if args.quick else 1])
    deep = parse("sin(" * 10_000 + "x" + ")" * 10_000)
    big = random_tree(10_000 if args.quick else 100_000)
    memory = {
        "derive 10,000 deep (bytes)": peak_memory(lambda: derive(deep, X, verify=False)),
        "diff of a random tree (bytes)": refused_or(
            lambda: peak_memory(lambda: (forget(), derivative(big, X)))
        ),
        "random tree nodes": node_count(big),
    }

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"symderiv vs SymPy {sympy.__version__} (ratio = their time / ours)")
    columns = ("stage", "items", "ours", "SymPy", "× SymPy", "× SymPy cold", "× SymEngine")
    for column in (*columns, "result nodes ours / SymPy"):
        table.add_column(column, justify="left" if column == "stage" else "right")

    def fmt(value: float | None, unit: str = "ms") -> str:
        if value is None:
            return "fails"
        return f"{value * 1000:.2f} ms" if unit == "ms" else f"{value:.1f}×"

    for r in rows:
        table.add_row(
            r["stage"],
            str(r["items"]),
            fmt(r["ours_s"]),
            fmt(r["sympy_s"]),
            fmt(r["vs_sympy"], "x") if r["sympy_s"] is not None else "SymPy fails",
            fmt(r["vs_sympy_cold"], "x") if r["vs_sympy_cold"] is not None else "",
            fmt(r["vs_symengine"], "x") if r["vs_symengine"] is not None else "",
            size_text(r),
        )
    console = Console(width=170)
    console.print(table)
    console.print(
        f"verification per corpus line: median {verification['median_s'] * 1000:.1f} ms, "
        f"p99 {verification['p99_s'] * 1000:.1f} ms"
    )
    console.print(
        f"peak memory, derive 10,000 deep: {memory['derive 10,000 deep (bytes)'] / 1e6:.1f} MB;"
        f" diff of a random tree of {memory['random tree nodes']:,} nodes:"
        f" {megabytes(memory['diff of a random tree (bytes)'])}"
    )
    if args.json:
        made = {
            "build": build,
            "targets": targets,
            "rows": rows,
            "verification": verification,
            "memory": memory,
        }
        args.json.write_text(json.dumps(made, indent=2))
    if args.markdown:
        args.markdown.write_text(f"{build}\n\n{markdown(targets)}\n\n{stage_markdown(rows)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
