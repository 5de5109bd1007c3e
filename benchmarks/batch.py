"""``check-file`` throughput: lines a second on the process pool and on Dask.

    python benchmarks/batch.py [--lines 10000] [--workers 1 2]

The file is the corpus repeated to ``--lines`` lines.  Each run checks the whole file
(parse, derive, verify against SymPy, compare with ``df``) with the process pool
(``-j N``) and with a local Dask cluster of N workers (``--scheduler dask``), and the
summaries are compared line by line: both must be the same.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # an installed build (compiled or not) comes first

from symderiv.checks.batch import check_file  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pairs.jsonl"


def repeated_corpus(lines: int, folder: Path) -> Path:
    """The corpus's lines, repeated until there are ``lines`` of them."""
    source = [line for line in CORPUS.read_text().splitlines() if line.strip()]
    path = folder / f"corpus-{lines}.jsonl"
    path.write_text("\n".join(itertools.islice(itertools.cycle(source), lines)) + "\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print("| backend | workers | lines | seconds | lines/s | same summary |")
    print("|---|---:|---:|---:|---:|:---:|")
    with tempfile.TemporaryDirectory() as folder:
        path = repeated_corpus(args.lines, Path(folder))
        for workers in args.workers:
            reference = None
            for backend, scheduler in (("process pool", None), ("Dask LocalCluster", "dask")):
                start = time.perf_counter()
                summary = check_file(path, jobs=workers, progress=False, scheduler=scheduler)
                seconds = time.perf_counter() - start
                same = "" if reference is None else "yes" if summary.results == reference else "NO"
                reference = reference or summary.results
                print(
                    f"| {backend} | {workers} | {len(summary.results):,} | {seconds:.1f}"
                    f" | {len(summary.results) / seconds:.1f} | {same} |",
                    flush=True,
                )
                for theirs, ours in zip(reference, summary.results, strict=True):
                    if theirs != ours:  # e.g. a line at its CPU limit: its steps checked vary
                        print(f"<!-- line {ours.number}: {theirs} | {ours} -->", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
