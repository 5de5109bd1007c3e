"""No hang in verification: huge exact numbers are refused before SymPy builds them, and
SymPy work that runs too long is stopped on a CPU-time budget, with a verdict that says so.

Every input here once hung the verifier (minutes of CPU, gigabytes of memory).  Each
test states the outcome its input gets now.  The subprocess timeouts are hang guards
only, far above the few seconds each input takes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from symderiv import sandbox
from symderiv.api import derive
from symderiv.bridge import MAX_DIGITS, NumberTooLarge, digits_of_power, to_sympy
from symderiv.checks.identity import check_identity
from symderiv.errors import LimitError
from symderiv.parse import parse
from symderiv.verify import equivalent

sympy = pytest.importorskip("sympy")

HANG_GUARD = 120  # seconds of wall time before a subprocess counts as hung
MEMORY_CAP = 2 * 1024**3
PROJECT = Path(__file__).resolve().parents[1]

#: Constant towers: the derivative is 0 and its one step (the constant rule) is checked
#: without SymPy; the final check needs the number itself, which is refused by name.
NUMBER_TOWERS = {
    "9^9^9^9": "9^9^9",
    "10^10^10": "10^10^10",
    "2^2^2^2^2^2": "2^2^2^2^2",
}
#: Towers of a variable: their values at the sample points grow past any exponent an
#: exact or floating evaluation can hold, so the checks run out of CPU time.
VARIABLE_TOWERS = ["x^x^x^x^x^x^x^x", "(x+1)^(x+1)^(x+1)^(x+1)^(x+1)^(x+1)"]


# -- the bridge: sizes estimated before anything is built ------------------------------------
def test_the_size_of_a_power_is_estimated_with_logarithms():
    assert round(digits_of_power(sympy.Integer(10), sympy.Integer(10**10))) == 10**10
    assert round(digits_of_power(sympy.Rational(1, 9), sympy.Integer(-(9**9)))) == 369693100
    assert digits_of_power(sympy.Integer(1), sympy.Integer(10**100)) == 0
    assert digits_of_power(sympy.Integer(2), sympy.Symbol("x")) == 0


@pytest.mark.parametrize(("source", "refused"), sorted(NUMBER_TOWERS.items()))
def test_a_power_too_large_is_refused_by_name_before_it_is_built(source, refused):
    with pytest.raises(NumberTooLarge) as caught:
        to_sympy(parse(source))
    assert isinstance(caught.value, LimitError)
    assert f"the number {refused} is too large to check" in str(caught.value)


def test_powers_within_the_limit_are_built_exactly():
    assert to_sympy(parse("2^2^2^2")) == 2**16
    assert to_sympy(parse("(2^5)^(5^5)")) == sympy.Integer(2) ** 15625
    assert digits_of_power(sympy.Integer(2), sympy.Integer(15625)) < MAX_DIGITS


# -- derive(...) with verification ---------------------------------------------------------
@pytest.mark.parametrize(("source", "refused"), sorted(NUMBER_TOWERS.items()))
def test_a_number_tower_is_undecided_with_the_number_named(source, refused):
    d = derive(source)
    v = d.verification
    assert str(d.result) == "0"
    assert (v.status, v.steps_checked, v.steps_total) == ("undecided", 1, 1)
    assert f"the number {refused} is too large to check" in v.detail
    assert not v


@pytest.mark.parametrize("source", VARIABLE_TOWERS)
def test_a_variable_tower_is_undecided_over_the_time_limit(source):
    v = derive(source, budget=1.0).verification
    assert v.status == "undecided" and not v
    assert v.detail == "over the time limit (1 s of CPU)"
    # the check under way when the budget ran out, and every step after it, is undecided
    # (how many steps come first depends on SymPy's caches in the worker)
    assert v.undecided_steps and v.steps_checked + len(v.undecided_steps) == v.steps_total


def test_the_worker_stays_usable_after_a_tower():
    derive(VARIABLE_TOWERS[0], budget=0.5)
    v = derive("x^2 e^x").verification
    assert v.status == "verified" and v.steps_checked == v.steps_total


def test_identities_with_towers_get_clear_verdicts():
    refused = check_identity("2^2^2^2^2^2 = 2^2^2^2^2^2 + 1")
    assert refused.status == "undecided" and not refused
    assert "the number 2^2^2^2^2 is too large to check" in refused.check.detail
    # Real and moderate for 0 < x ≤ 1.5, where the sample points agree (about 0.6 s of
    # CPU on a quiet machine: the budget leaves room for a busy one):
    assert check_identity("x^x^x^x^x^x^x^x = exp(ln(x)*x^x^x^x^x^x^x)", budget=3.0)
    wrong = check_identity("(x^x^x^x^x^x^x^x)' = 0", budget=1.0)
    assert wrong.status == "mismatch" and wrong.check.point is not None
    # Every sample point where x + 1 > 1 grows past any memory:
    tower = "(x+1)^(x+1)^(x+1)^(x+1)^(x+1)^(x+1)"
    stopped = check_identity(f"{tower} = exp(ln(x+1)*{tower.split('^', 1)[1]})", budget=1.0)
    assert stopped.status == "undecided" and not stopped
    assert stopped.check.detail in ("out of memory (2 GiB)", "over the time limit (1 s of CPU)")


def test_the_symbolic_tie_breaker_leaves_no_thread_behind():
    before = threading.active_count()
    verdict = equivalent(parse("sqrt(-1 - x^2)"), parse("2*sqrt(-1 - x^2)"), budget=0.5)
    assert verdict.status == "undecided"
    assert threading.active_count() == before


# -- the CLI, in a process with its memory capped ------------------------------------------
def _capped() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run(
        [sys.executable, "-m", "symderiv", *arguments],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        preexec_fn=_capped,
        env=environment,
        check=False,
    )


@pytest.mark.skipif(os.name != "posix", reason="memory caps are POSIX")
@pytest.mark.parametrize(
    ("source", "outcome"),
    [
        *(
            (source, f"the number {refused} is too large to check")
            for source, refused in sorted(NUMBER_TOWERS.items())
        ),
        # A variable tower spends its whole 2 s CPU budget in a fresh process each time:
        # the library-level test above covers it in the default run.
        *(
            pytest.param(source, "over the time limit (2 s of CPU)", marks=pytest.mark.slow)
            for source in VARIABLE_TOWERS
        ),
    ],
)
def test_the_cli_finishes_on_a_tower_and_says_why_it_is_unverified(source, outcome):
    done = _cli(source)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert "not verified" in last and outcome in last, last


# -- the worker ----------------------------------------------------------------------------
def _spin() -> None:
    while True:
        pass


def _nested_limits() -> tuple[bool, bool, int]:
    with sandbox.cpu_limit(5) as outer:
        with sandbox.cpu_limit(0.2) as inner:
            _spin()
        after = sum(range(1000))
    return inner.expired, outer.expired, after


@pytest.mark.skipif(not sandbox.AVAILABLE, reason="no killable worker on this platform")
def test_a_python_loop_is_stopped_on_its_cpu_budget():
    with pytest.raises(sandbox.Overrun, match="over the time limit"):
        sandbox.run(_spin, seconds=0.3)
    assert sandbox.run(pow, 2, 10, seconds=1) == 1024


@pytest.mark.skipif(not sandbox.AVAILABLE, reason="no killable worker on this platform")
def test_an_exact_power_in_c_is_stopped_and_the_worker_replaced():
    with pytest.raises(sandbox.Overrun, match="over the time limit"):
        sandbox.run(pow, 9, 387420489, seconds=0.3)
    assert sandbox.run(pow, 3, 4, seconds=1) == 81


@pytest.mark.skipif(not sandbox.AVAILABLE, reason="no killable worker on this platform")
def test_an_inner_limit_stops_only_its_own_part():
    assert sandbox.run(_nested_limits, seconds=5) == (True, False, 499500)


@pytest.mark.skipif(not sandbox.AVAILABLE, reason="no killable worker on this platform")
def test_the_worker_memory_is_capped():
    with pytest.raises(sandbox.Overrun, match="out of memory"):
        sandbox.run(bytearray, 3 * sandbox.MEMORY_LIMIT, seconds=5)
    assert sandbox.run(pow, 2, 5, seconds=1) == 32


def test_errors_of_a_task_reach_the_caller():
    with pytest.raises(ValueError, match="invalid literal"):
        sandbox.run(int, "x", seconds=1)
