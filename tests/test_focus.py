"""Where a tidying step acted (symderiv.focus), how the renderers highlight it, and what
each detail level shows of the tidying."""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import given, reject, settings
from hypothesis import strategies as st

from symderiv import derive, parse, parse_latex
from symderiv.cli import main
from symderiv.expr import Add, Div, Expr, Mul, Num, Sym
from symderiv.focus import Focus, focus_of, replay, subexpression
from symderiv.render.highlight import emit_marked, strip_latex_highlight
from symderiv.render.latex import _Printer, to_latex, to_latex_marked
from symderiv.render.pretty import to_pretty, to_pretty_marked

from strategies import exprs

SIGMOID_CE = "-(t*log(sigmoid(z)) + (1-t)*log(1-sigmoid(z)))"
BCE = "-(t*log(y) + (1-t)*log(1-y))"


def _rewrites(text: str, var: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for step in derive(text, var, verify=False).rewrites:
        found.setdefault(step.rule, []).append(step)
    return found


def _shape(expr: Expr) -> object:
    """The tree with the terms of sums and the factors of products as multisets."""
    children = tuple(_shape(child) for child in expr.children)
    if isinstance(expr, (Add, Mul)):
        return (type(expr).__name__, frozenset(Counter(children).items()))
    fixed = tuple(a for a in expr.args if not isinstance(a, Expr))
    return (type(expr).__name__, fixed, children)


def _consistent(before: Expr, after: Expr, focus: Focus) -> None:
    """The focus's parts are where it says, and putting what they became in their place
    gives the output (up to the order of terms and factors)."""
    assert subexpression(before, focus.path) is not None
    assert tuple(subexpression(before, p) for p in focus.before) == focus.before_parts
    assert tuple(subexpression(after, p) for p in focus.after) == focus.after_parts
    assert _shape(replay(before, focus)) == _shape(after)


# -- the focus of real tidying steps ------------------------------------------------------
def test_cancel_in_one_product_points_at_the_two_factors():
    first, second = _rewrites(SIGMOID_CE, "z")["cancel-reciprocal"]
    focus = first.focus
    assert focus.kind == "product" and not focus.whole
    assert [to_pretty(p) for p in focus.before_parts] == ["1/σ(z)", "σ(z)"]
    assert focus.after_parts == ()
    assert to_pretty(subexpression(first.expr, focus.path)) == "t·(1/σ(z))·σ(z)·(1 − σ(z))"
    assert [to_pretty(p) for p in second.focus.before_parts] == ["1/(1 − σ(z))", "1 − σ(z)"]
    for step in (first, second):
        _consistent(step.expr, step.result, step.focus)


def test_common_denominator_points_at_the_sum_inside_the_minus():
    step = _rewrites(BCE, "y")["common-denominator"][0]
    focus = step.focus
    assert focus.kind == "node" and focus.path == (0,)
    assert to_pretty(focus.before_expr) == "t·(1/y) − (1 − t)·(1/(1 − y))"
    assert to_pretty(focus.after_expr) == "(t·(1 − y) − (1 − t)·y)/(y·(1 − y))"
    _consistent(step.expr, step.result, focus)


def test_expand_points_at_the_numerator():
    step = _rewrites(BCE, "y")["expand"][0]
    assert step.focus.path == (0, 0)
    assert to_pretty(step.focus.before_expr) == "t·(1 − y) − (1 − t)·y"
    _consistent(step.expr, step.result, step.focus)


def test_a_whole_change_is_the_whole_expression():
    factor = _rewrites("x^2 e^x", "x")["factor-out"][0]
    assert factor.focus.whole and factor.focus.before_parts == (factor.expr,)
    collect = _rewrites(SIGMOID_CE, "z")["collect-terms"][0]
    assert collect.focus.whole


def test_collecting_two_terms_of_a_sum_leaves_the_others_out():
    step = _rewrites("(x^2+1)/(x-1)", "x")["collect-terms"][0]
    focus = step.focus
    assert focus.kind == "sum" and focus.path == (0,)
    assert [to_pretty(p) for p in focus.before_parts] == ["2x²", "−x²"]
    assert [to_pretty(p) for p in focus.after_parts] == ["x²"]
    _consistent(step.expr, step.result, focus)


def test_reorderings_are_not_changes():
    x, a, b = Sym("x"), Sym("a"), Sym("b")
    assert focus_of(Add(x, Mul(a, b)), Add(Mul(a, b), x)).whole  # order only: nothing to point at
    moved = focus_of(Add(x, Mul(a, b), Num(2)), Add(Num(2), x, Mul(b, a)))
    assert moved is not None and moved.path == (1,) and moved.kind == "node"
    assert focus_of(Add(x, a), Add(x, a)) is None
    cancelled = focus_of(Mul(Div(Num(1), a), a, x), x)
    assert cancelled.kind == "product" and cancelled.after == ()
    assert cancelled.before == ((0,), (1,))


def test_a_regrouping_points_at_nothing():
    """``cos(x²)·(2x) = 2x·cos(x²)``: the grouping and order are the whole change."""
    assert focus_of(parse("cos(x^2)*(2*x)"), parse("2*x*cos(x^2)")).whole
    assert not focus_of(parse("cos(x^2)*(2*x)"), parse("3*x*cos(x^2)")).whole


def test_a_reordering_step_points_at_nothing():
    step = _rewrites("sin(x^2)", "x")["standard-order"][0]
    assert step.focus.whole  # the order is the whole change
    assert "textcolor" not in derive("sin(x^2)", verify=False).to_latex("en")


def test_a_differentiation_step_has_no_focus():
    d = derive("x^2 e^x", verify=False)
    assert d.step.focus is None
    assert all(step.focus is not None for step in d.rewrites)


# -- the property ------------------------------------------------------------------------
def _replace(root: Expr, path: tuple[int, ...], new: Expr) -> Expr:
    if not path:
        return new
    children = list(root.children)
    children[path[0]] = _replace(children[path[0]], path[1:], new)
    it = iter(children)
    return type(root)(*(next(it) if isinstance(a, Expr) else a for a in root.args))


def _paths(root: Expr, prefix: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    found = [prefix]
    for index, child in enumerate(root.children):
        found += _paths(child, (*prefix, index))
    return found


@settings(max_examples=150, deadline=None)
@given(exprs(max_leaves=8), exprs(max_leaves=4), st.randoms(use_true_random=False))
def test_the_focus_is_a_part_of_the_input_that_becomes_the_output(tree, new, random):
    path = random.choice(_paths(tree))
    try:
        changed = _replace(tree, path, new)
    except TypeError:  # the index of a sum or product must stay a symbol
        reject()
    focus = focus_of(tree, changed)
    if subexpression(tree, path) is new:
        assert focus is None
        return
    assert focus is not None
    _consistent(tree, changed, focus)
    # The focus is on the way to the replaced part: the part itself, a smaller part of
    # it (what the two have in common left out), or the sum or product holding it;
    # of equal terms, either may be the one named.
    shorter = min(len(path), len(focus.path))
    assert subexpression(tree, path[:shorter]) is subexpression(tree, focus.path[:shorter])


def test_the_focus_of_every_shown_tidying_step_replays_it():
    for text, var in (
        (SIGMOID_CE, "z"),
        (BCE, "y"),
        ("x^x", "x"),
        ("(x^2+1)/(x-1)", "x"),
        ("log(cos(x))", "x"),
        ("sqrt(1-x^2)", "x"),
        ("tan(x)", "x"),
        ("x^2 e^x", "x"),
    ):
        for step in derive(text, var, verify=False).rewrites:
            _consistent(step.expr, step.result, step.focus)


# -- highlighting ------------------------------------------------------------------------
def test_highlighted_latex_reads_back_to_the_same_formula():
    step = _rewrites(SIGMOID_CE, "z")["cancel-reciprocal"][0]
    marked = to_latex_marked(step.expr, step.focus.before)
    assert marked.count(r"\textcolor{blue}{") == 1  # the two adjacent factors as one
    assert r"\textcolor{blue}{\frac{1}{\sigma(z)} \sigma(z)}" in marked
    assert strip_latex_highlight(marked) == to_latex(step.expr)
    assert parse_latex(strip_latex_highlight(marked)) == step.expr


@settings(max_examples=150, deadline=None)
@given(exprs(max_leaves=8), st.randoms(use_true_random=False))
def test_highlighting_only_adds_markers_around_whole_parts(tree, random):
    paths = _paths(tree)
    marks = random.sample(paths[1:], min(len(paths) - 1, random.randint(1, 3)))
    latex = to_latex_marked(tree, marks)
    assert strip_latex_highlight(latex) == to_latex(tree)
    pretty = emit_marked(tree, _Printer().pieces, marks, "⟦", "⟧")
    assert pretty.replace("⟦", "").replace("⟧", "") == to_latex(tree)
    assert pretty.count("⟦") == pretty.count("⟧") >= (1 if marks else 0)
    unicode = to_pretty_marked(tree, marks, "⟦", "⟧")
    assert unicode.replace("⟦", "").replace("⟧", "") == to_pretty(tree)


def test_what_a_move_made_is_highlighted_in_its_line_in_every_format():
    d = derive(BCE, "y", verify=False)
    latex = d.to_latex("en")
    assert latex.startswith("% the highlighting needs \\usepackage{xcolor}")
    made = r"\textcolor{blue}{\frac{t (1 - y) - (1 - t) y}{y (1 - y)}}"
    assert rf"&= -{made} \qquad \text{{common denominator}}" in latex
    assert (
        r"&= -\frac{\textcolor{blue}{t - t y - y + t y}}{y (1 - y)} \qquad \text{expand}" in latex
    )
    assert r"\usepackage{xcolor}" in d.to_latex("en", document=True)
    assert f"$$\n= -{made}\n$$" in d.to_markdown("ja")
    assert made in d.to_html("en", document=False)
    # A cancellation made nothing new: the product it left is marked.
    cancelled = derive(SIGMOID_CE, "z", verify=False).to_latex("en")
    assert r"-\left(\textcolor{blue}{t (1 - \sigma(z))} - (1 - t)" in cancelled
    for off in (
        d.to_latex("en", highlight=False),
        d.to_markdown("en", highlight=False),
        d.to_html("en", document=False, highlight=False),
    ):
        assert "textcolor" not in off
    # Plain text never marks inside a formula; at full detail it names the part.
    assert "in: t·(1/y) − (1 − t)·(1/(1 − y))" in d.to_text("en", detail="full")
    assert "対象: t·(1/y) − (1 − t)·(1/(1 − y))" in d.to_text("ja", detail="full")
    assert "in:" not in d.to_text("en")


def test_the_rich_view_underlines_the_part(capsys):
    from rich.console import Console

    from symderiv.render.terminal import FOCUS_STYLE, derivation_renderable

    d = derive(SIGMOID_CE, "z", verify=False)
    console = Console(record=True, width=200, color_system="truecolor")
    console.print(derivation_renderable(d, "en"))
    exported = console.export_text(styles=True)
    assert "\x1b[4;" in exported or "\x1b[1;4;" in exported  # underlined
    plain = Console(record=True, width=200)
    plain.print(derivation_renderable(d, "en", highlight=False))
    assert "\x1b[4" not in plain.export_text(styles=True)
    assert "underline" in FOCUS_STYLE


def test_json_gives_each_rewrite_its_focus():
    made = derive(BCE, "y", verify=False).to_dict()
    rewrites = [tree["steps"][0] for tree in made["orders"][0]["rewrites"]]
    first = rewrites[0]
    assert first["rule"] == "common-denominator"
    assert first["focus"]["path"] == [0] and first["focus"]["whole"] is False
    assert first["focus"]["before"] == "t*(1/y) - (1 - t)*(1/(1 - y))"
    assert parse(first["focus"]["after"]) == parse("(t*(1 - y) - (1 - t)*y)/(y*(1 - y))")
    assert rewrites[-1]["focus"]["whole"] is True
    assert "focus" not in made["orders"][0]["step"]["steps"][0]


# -- detail levels ------------------------------------------------------------------------
def test_brief_shows_the_rules_result_and_the_answer():
    d = derive(SIGMOID_CE, "z", verify=False)
    brief = d.to_text("en", detail="brief").splitlines()
    assert brief[1].startswith("  note: log without a base is the natural logarithm ln")
    assert brief[2].startswith("= −(t·(1/σ(z))·σ(z)·(1 − σ(z))")
    assert brief[3].split() == ["=", "σ(z)", "−", "t", "simplified"]
    assert len(brief) == 5
    ja = d.to_text("ja", detail="brief")
    assert "整理" in ja and "逆数" not in ja
    latex = d.to_latex("en", detail="brief")
    assert r"\text{simplified}" in latex and "reciprocal" not in latex
    markdown = d.to_markdown("en", detail="brief")
    assert "reciprocal" not in markdown and "**Result:** $\\sigma(z) - t$" in markdown


def test_normal_shows_the_moves_and_full_their_laws():
    d = derive(SIGMOID_CE, "z", verify=False)
    normal, full = d.to_text("en"), d.to_text("en", detail="full")
    for text in (normal, full):
        assert text.count("cancel against the reciprocal") == 2
        assert "expand" in text and "collect like terms" in text
    assert "u·(1/u) = 1" in full and "u·(1/u) = 1" not in normal
    assert "a·(b + c) = a·b + a·c" in full


def test_the_command_line_can_turn_highlighting_off(capsys):
    assert main([BCE, "--wrt", "y", "--no-verify", "--format", "latex"]) == 0
    assert "textcolor" in capsys.readouterr().out
    assert main([BCE, "--wrt", "y", "--no-verify", "--format", "latex", "--no-highlight"]) == 0
    assert "textcolor" not in capsys.readouterr().out
    assert main([BCE, "--wrt", "y", "--no-verify", "--format", "json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["orders"][0]["rewrites"][0]["steps"][0]["focus"]["path"] == [0]


def test_brief_still_says_which_facts_the_tidying_used():
    ce = r"-\sum_{k=1}^{K} t_k \log \operatorname{softmax}(z)_k"
    d = derive(ce, "z_j", given=[r"\sum_{k=1}^{K} t_k = 1"], verify=False)
    text = d.to_text("en", detail="brief").splitlines()
    assert text[1].startswith(r"  note: \log without a base is the natural logarithm ln")
    assert text[3].endswith("simplified · assuming 1 ≤ j ≤ K · using Σₖ₌₁ᴷ tₖ = 1")
    facts = r"\text{using}\ \sum_{k=1}^{K} t_{k} = 1"
    assert facts in d.to_latex("en", detail="brief")
    assert facts in d.to_html("en", detail="brief", document=False)
    assert "次を用いる: $\\sum_{k=1}^{K} t_{k} = 1$" in d.to_markdown("ja", detail="brief")
