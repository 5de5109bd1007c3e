"""Every ``f`` and ``df`` of the external corpus parses, and means what SymPy reads.

The corpus strings are trusted test data, so this test may hand them to SymPy's own
reader; the package never does.
"""

from __future__ import annotations

import random

import pytest

from symderiv.parse import parse

from corpus import PAIRS, pairs

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PAIRS.exists(), reason="../shared/corpus is not beside the project"),
]

sympy = pytest.importorskip("sympy")
bridge = pytest.importorskip("symderiv.bridge")


def test_every_corpus_formula_parses_to_what_sympy_reads() -> None:
    lines = pairs()
    mismatches = []
    checked = 0
    for line in lines:
        names = {name: sympy.Symbol(name) for name in [line.get("var", "x"), *line["params"]]}
        for field in ("f", "df"):
            ours = bridge.to_sympy(parse(line[field]))
            reference = sympy.sympify(line[field], locals=names)
            checked += 1
            if ours == reference:
                continue
            symbols = sorted(ours.free_symbols | reference.free_symbols, key=str)
            rng = random.Random(f"{line['id']}-{field}")
            for _ in range(3):
                point = {s: sympy.Float(rng.uniform(0.2, 0.9), 30) for s in symbols}
                a = complex(ours.evalf(30, subs=point))
                b = complex(reference.evalf(30, subs=point))
                if abs(a - b) > 1e-12 * max(1.0, abs(b)):
                    mismatches.append((line["id"], field, line[field]))
                    break
    print(f"parsed and compared {checked} corpus formulas; mismatches: {len(mismatches)}")
    assert checked == 2 * len(lines)
    assert mismatches == []
