"""The differentiator on the external corpus: diff(f) must equal the textbook df at the
corpus's points on at least 99.5% of lines, and no line may be silently wrong."""

from __future__ import annotations

import mpmath
import pytest

from symderiv.api import diff
from symderiv.errors import NoRuleError
from symderiv.expr import Sym
from symderiv.numeric import NumericError, evaluate
from symderiv.parse import parse

from corpus import PAIRS, corpus_points, pairs

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PAIRS.exists(), reason="../shared/corpus is not beside the project"),
]


def agree(ours, theirs, line) -> bool:
    checked = 0
    for point in corpus_points(line):
        try:
            a = evaluate(ours, point, dps=30)
            b = evaluate(theirs, point, dps=30)
        except NumericError:
            continue
        checked += 1
        if abs(a - b) > mpmath.mpf(10) ** -18 * max(1, abs(b)):
            return False
    return checked >= 3


def test_corpus_derivatives_match_the_textbook() -> None:
    lines = pairs()
    matched, no_rule, wrong = 0, [], []
    for line in lines:
        f, df = parse(line["f"]), parse(line["df"])
        var = Sym(line.get("var", "x"))
        try:
            raw = diff(f, var, tidy=False)
        except NoRuleError as error:
            no_rule.append((line["id"], str(error)))
            continue
        if agree(raw, df, line):
            matched += 1
        else:
            wrong.append((line["id"], line["f"], str(raw)))
    rate = matched / len(lines)
    counts = f"no rule {len(no_rule)}, wrong {len(wrong)}"
    print(f"corpus: {matched}/{len(lines)} matched ({rate:.2%}), {counts}")
    assert not wrong, wrong[:5]
    assert rate >= 0.995, no_rule[:10]
