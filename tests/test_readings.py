"""The readings the simplifier leaves out are ones that write as the plain reading does.

The rational core tries the reading that keeps powers of sums whole only where a power
of a sum is read as one (not in a denominator, which every reading reads through its
base), and the one that splits symbolic powers only where the plain reading noted a power
it would split.  Where the earlier, wider tests would have tried them, the reading left
out must write back exactly what the plain one does.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings

from symderiv.engine import derivative
from symderiv.errors import NoRuleError
from symderiv.expr import Add, Expr, Num, Pow, Sym, postorder
from symderiv.parse import parse
from symderiv.simplify import PLAIN, Context, Reading, tidy
from symderiv.simplify.poly import TooLarge
from symderiv.simplify.read import has_power_of_sum, splits_power
from symderiv.simplify.trig import PYTHAGOREAN_READINGS
from symderiv.simplify.write import to_expression

from strategies import smooth_exprs

X = Sym("x")
KEEP_SUMS = Reading(keep_sums=True)
SPLIT_POWERS = Reading(split_powers=True)


def _any_power_of_sum(expr: Expr) -> bool:
    """The wider test: a sum to a whole power from 2 to 12 anywhere."""
    return any(
        isinstance(node, Pow)
        and isinstance(node.base, Add)
        and isinstance(node.exp, Num)
        and node.exp.is_integer
        and 2 <= node.exp.value <= 12
        for node in postorder(expr)
    )


def _left_out_write_as_plain(expr: Expr) -> None:
    context = Context((), tidy)
    context.source = expr
    try:
        _, atoms = context._read(True, PLAIN)
        plain = context.written(True, factor=True, mode=PLAIN)
    except (TooLarge, ZeroDivisionError, RecursionError):
        assume(False)
        return
    left_out = []
    if any(splits_power(atom) for atom in atoms.items) and not atoms.would_split:
        left_out.append(SPLIT_POWERS)
    if _any_power_of_sum(expr) and not has_power_of_sum(expr):
        left_out.append(KEEP_SUMS)
    for mode in left_out:
        try:
            written = _written_afresh(expr, mode)
        except (TooLarge, ZeroDivisionError):
            continue
        assert written is plain, (str(expr), mode, str(written), str(plain))


def _written_afresh(expr: Expr, mode: Reading) -> Expr:
    """The reading ``mode`` of ``expr`` written back by a context of its own, with no
    other reading to take it from."""
    context = Context((), tidy)
    context.source = expr
    return to_expression(*context._read(True, mode), factor=True)


@pytest.mark.parametrize(
    ("text", "reading", "tried"),
    [
        ("1/(x + 1)^2 + x", KEEP_SUMS, False),  # in a denominator: read through its base
        ("x/(e^x + 2)^2", KEEP_SUMS, False),
        ("(x + 1)^2/x", KEEP_SUMS, True),  # in a numerator: read as one
        ("e^(x^2)·x", SPLIT_POWERS, False),  # the exponent x² does not split
        ("2^(x^2 + x)·x", SPLIT_POWERS, False),
        ("e^(2x + 1)", SPLIT_POWERS, True),  # e^(2x + 1) = (eˣ)²·e splits
    ],
)
def test_which_readings_are_tried(text, reading, tried):
    expr = parse(text)
    context = Context((), tidy)
    context.source = expr
    _, atoms = context._read(True, PLAIN)
    if reading is KEEP_SUMS:
        assert _any_power_of_sum(expr)
        assert has_power_of_sum(expr) is tried
    else:
        assert any(splits_power(atom) for atom in atoms.items)
        assert atoms.would_split is tried
    _left_out_write_as_plain(expr)


@given(smooth_exprs(12))
@settings(max_examples=120, deadline=None)
def test_the_readings_left_out_write_as_the_plain_one(expr):
    _on_it_and_its_slope(_left_out_write_as_plain, expr)


def _on_it_and_its_slope(check, expr: Expr) -> None:
    """``check`` an expression, and its derivative where the rules give one."""
    check(expr)
    try:
        slope = derivative(expr, X)
    except NoRuleError:
        return
    check(slope)


#: The readings of an expression with a ratio function, in the order they are tried.
TRIG_READINGS = [
    PLAIN,
    Reading(ratios=True),
    *(Reading(ratios=True, square=square) for square in PYTHAGOREAN_READINGS),
]


def _written_alike_as_afresh(expr: Expr) -> None:
    """Each reading written back in one context, where one may be taken from another
    that read the same value (``Context._written_alike``), is what it gives alone."""
    context = Context((), tidy)
    context.source = expr
    for mode in TRIG_READINGS:
        try:
            written = context.written(True, factor=True, mode=mode)
        except (TooLarge, ZeroDivisionError, RecursionError):
            continue
        assert written is _written_afresh(expr, mode), (str(expr), mode)


@pytest.mark.parametrize(
    "text",
    ["(tan(x) + 1)/(x^2 + 2)", "6*x^2*sqrt(tan(x))", "tan(x)*x^2", "sin(x)^2 + tan(x)"],
)
def test_a_reading_taken_from_another_is_what_it_writes_alone(text):
    expr = parse(text)
    _written_alike_as_afresh(expr)
    _written_alike_as_afresh(derivative(expr, X))


def test_a_square_reading_of_the_same_value_is_taken_from_the_ratio_reading():
    """``(tan x + 1)/(x² + 2)`` has no square to replace: its Pythagorean reading reads
    what the ratio reading does, and is not written back a second time."""
    context = Context((), tidy)
    context.source = derivative(parse("(tan(x) + 1)/(x^2 + 2)"), X)
    ratios = context.written(True, factor=True, mode=TRIG_READINGS[1])
    squared = context.written(True, factor=True, mode=TRIG_READINGS[2])
    assert squared is ratios
    assert (True, TRIG_READINGS[2], True) not in context._asked


@given(smooth_exprs(12))
@settings(max_examples=120, deadline=None)
def test_readings_taken_from_others_are_what_they_write_alone(expr):
    _on_it_and_its_slope(_written_alike_as_afresh, expr)


def _uncancelled_as_afresh(expr: Expr) -> None:
    """The reading that does not cancel, taken from the one that cancels when nothing
    cancelled there, is what it reads alone: the same value over the same atoms, the same
    conditions, written back the same."""
    for mode in TRIG_READINGS[:2]:
        together, alone = Context((), tidy), Context((), tidy)
        together.source = alone.source = expr
        try:
            together._read(True, mode)
            value, atoms = together._read(False, mode)
            fresh, fresh_atoms = alone._read(False, mode)
        except (TooLarge, ZeroDivisionError, RecursionError):
            continue
        assert value == fresh, (str(expr), mode)
        assert (atoms.items, atoms.roots, atoms.conditions) == (
            fresh_atoms.items,
            fresh_atoms.roots,
            fresh_atoms.conditions,
        )
        unfactored = together.written(False, factor=False, mode=mode)
        assert unfactored is alone.written(False, factor=False, mode=mode)


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("(tan(x) + 1)/(x^2 + 2)", True),  # nothing cancels: the same reading
        ("(x^2 - 1)/(x - 1)", False),  # x − 1 cancels: read again without cancelling
    ],
)
def test_the_reading_that_does_not_cancel_is_taken_where_nothing_cancelled(text, taken):
    context = Context((), tidy)
    context.source = derivative(parse(text), X)
    cancelled, _ = context._read(True, PLAIN)
    assert (context._read(False, PLAIN)[0] is cancelled) is taken
    _uncancelled_as_afresh(context.source)


@given(smooth_exprs(12))
@settings(max_examples=150, deadline=None)
def test_the_reading_that_does_not_cancel_is_what_it_reads_alone(expr):
    _on_it_and_its_slope(_uncancelled_as_afresh, expr)
