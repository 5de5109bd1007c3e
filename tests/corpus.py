"""Access to the external test corpus in ../shared/corpus (read in place, never copied)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PAIRS = CORPUS / "pairs.jsonl"
LATEX = CORPUS / "latex.jsonl"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def pairs() -> list[dict[str, Any]]:
    return read_jsonl(PAIRS)


def corpus_points(
    line: dict[str, Any], count: int = 6, seed: int = 0
) -> Iterator[dict[str, float]]:
    """Random points in the corpus's checked domain: x in (0.1, 0.9), constants in (0.2, 1.5)."""
    rng = random.Random(f"{line.get('id')}-{seed}")
    var = line.get("var", "x")
    for _ in range(count):
        point = {name: rng.uniform(0.2, 1.5) for name in line.get("params", [])}
        point[var] = rng.uniform(0.1, 0.9)
        yield point
