"""The gradients of machine-learning losses: indices, sums, deltas, softmax, given facts.

Each target derivation is read from LaTeX (as the seed posts write it) and from the
plain syntax, reaches the textbook result, and is verified step by step on a concrete
instance of its ranges.
"""

from __future__ import annotations

import pytest

from symderiv import derive, parse
from symderiv.errors import NoRuleError
from symderiv.expr import Indexed, Sym
from symderiv.parse import parse_latex
from symderiv.render.highlight import strip_latex_highlight
from symderiv.render.latex import to_latex
from symderiv.render.pretty import to_pretty
from symderiv.simplify import sums

pytest.importorskip("sympy")

#: name -> (LaTeX, plain, variable in LaTeX, variable in plain, given facts, expected)
TARGETS = {
    "cross-entropy (1)": (
        r"-\frac{1}{N}\sum_{i=1}^{N}\sum_{k=1}^{K} t_{ik}\log y_{ik}",
        "-1/N*sum(sum(t[i,k]*log(y[i,k]), k, 1, K), i, 1, N)",
        "y_{jl}",
        "y[j,l]",
        (),
        "-t[j,l]/(N*y[j,l])",
    ),
    "binary cross-entropy (2), one sample": (
        r"-\left(t\log y + (1-t)\log(1-y)\right)",
        "-(t*log(y) + (1 - t)*log(1 - y))",
        "y",
        "y",
        (),
        "(y - t)/(y*(1 - y))",
    ),
    "binary cross-entropy (2), N samples": (
        r"-\frac{1}{N}\sum_{i=1}^{N}\left[t_i\log y_i + (1-t_i)\log(1-y_i)\right]",
        "-1/N*sum(t[i]*log(y[i]) + (1 - t[i])*log(1 - y[i]), i, 1, N)",
        "y_j",
        "y[j]",
        (),
        "(y[j] - t[j])/(N*y[j]*(1 - y[j]))",
    ),
    "binary cross-entropy of a sigmoid": (
        r"-\left(t\log\sigma(z) + (1-t)\log(1-\sigma(z))\right)",
        "-(t*log(sigmoid(z)) + (1 - t)*log(1 - sigmoid(z)))",
        "z",
        "z",
        (),
        "sigmoid(z) - t",
    ),
    "cross-entropy of a softmax": (
        r"-\sum_{k=1}^{K} t_k \log \operatorname{softmax}(z)_k",
        "-sum(t[k]*log(softmax(z, k)), k, 1, K)",
        "z_j",
        "z[j]",
        (r"\sum_{k=1}^{K} t_k = 1",),
        "softmax(z, j) - t[j]",
    ),
    "mean squared error": (
        r"\frac{1}{2}\sum_{k=1}^{K}(y_k - t_k)^2",
        "1/2*sum((y[k] - t[k])^2, k, 1, K)",
        "y_j",
        "y[j]",
        (),
        "y[j] - t[j]",
    ),
    "least squares, the weight": (
        r"\frac{1}{2}\sum_{i=1}^{N}\left(y_i - w x_i\right)^2",
        "1/2*sum((y[i] - w*x[i])^2, i, 1, N)",
        "w",
        "w",
        (),
        "sum(x[i]*(w*x[i] - y[i]), i, 1, N)",
    ),
    "logistic regression": (
        r"-\frac{1}{N}\sum_{i=1}^{N}\left[t_i\log\sigma\left(\sum_{k=1}^{K} w_k x_{ik}\right)"
        r" + (1-t_i)\log\left(1-\sigma\left(\sum_{k=1}^{K} w_k x_{ik}\right)\right)\right]",
        "-1/N*sum(t[i]*log(sigmoid(sum(w[k]*x[i,k], k, 1, K)))"
        " + (1 - t[i])*log(1 - sigmoid(sum(w[k]*x[i,k], k, 1, K))), i, 1, N)",
        "w_j",
        "w[j]",
        (),
        "1/N*sum(x[i,j]*(sigmoid(sum(w[k]*x[i,k], k, 1, K)) - t[i]), i, 1, N)",
    ),
}


def _check(derivation, expected: str) -> None:
    assert derivation.result == parse(expected), str(derivation.result)
    v = derivation.verification
    assert v.status == "verified", v.summary()
    assert v.steps_checked == v.steps_total


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_target_from_latex(name):
    latex, _plain, var, _var, given, expected = TARGETS[name]
    _check(derive(latex, var, given=given), expected)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_target_from_plain_syntax(name):
    _latex, plain, _var, var, given, expected = TARGETS[name]
    plain_given = tuple(fact.replace(r"\sum_{k=1}^{K} t_k", "sum(t[k], k, 1, K)") for fact in given)
    _check(derive(plain, var, given=plain_given), expected)


@pytest.mark.parametrize("name", sorted(TARGETS))
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_target_prints_in_every_format(name, lang):
    latex, _plain, var, _var, given, _expected = TARGETS[name]
    d = derive(latex, var, given=given)
    text, tex, markdown = d.to_text(lang=lang), d.to_latex(lang=lang), d.to_markdown(lang=lang)
    assert ("✓ verified" if lang == "en" else "✓ SymPy で検証済み") in text
    assert r"\begin{align*}" in tex and "$$" in markdown
    # The highlighting of what each tidying move made is taken away: the answer as printed.
    shown = strip_latex_highlight(tex)
    assert to_latex(d.result) in shown and to_latex(d.result) in markdown


# -- the named steps ---------------------------------------------------------------------------
def test_the_named_steps_of_the_cross_entropy():
    d = derive(TARGETS["cross-entropy (1)"][0], "y_{jl}")
    rules = [step.rule for step in d.step.walk()] + [r.rule for r in d.rewrites]
    for rule in ("sum-linearity", "kronecker", "delta-sum"):
        assert rule in rules
    assert "δᵢⱼ·δₖₗ" in d.to_text()
    collapse = next(r for r in d.rewrites if r.rule == "delta-sum")
    assert {str(c) for c in collapse.conditions} >= {"1 ≤ j", "j ≤ N", "1 ≤ l", "l ≤ K"}


def test_the_given_fact_is_named_in_its_step():
    d = derive(
        *TARGETS["cross-entropy of a softmax"][0:1], "z_j", given=[r"\sum_{k=1}^{K} t_k = 1"]
    )
    used = next(r for r in d.rewrites if r.rule == "given")
    assert [str(c) for c in used.conditions] == ["sum(t[k], k, 1, K) = 1"]
    assert "Σₖ₌₁ᴷ tₖ = 1" in d.to_text()
    assert "given" in (d.verification.instantiation or "")


def test_a_given_fact_matches_whatever_the_index_is_called():
    d = derive("-sum(t[k]*log(softmax(z, k)), k, 1, K)", "z[j]", given=["sum(t[m], m, 1, K) = 1"])
    assert d.result == parse("softmax(z, j) - t[j]")


def test_without_the_given_fact_the_sum_stays():
    d = derive("-sum(t[k]*log(softmax(z, k)), k, 1, K)", "z[j]")
    assert d.result == parse("softmax(z, j)*sum(t[k], k, 1, K) - t[j]")
    assert d.verification.status == "verified"


# -- softmax, log-softmax, log-sum-exp ---------------------------------------------------
@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("softmax(z, k)", "softmax(z, k)*(delta(k, j) - softmax(z, j))"),
        ("softmax(z, j)", "softmax(z, j)*(1 - softmax(z, j))"),
        ("logsoftmax(z, k)", "delta(k, j) - softmax(z, j)"),
        ("logsumexp(z)", "softmax(z, j)"),
        ("log(sum(e^z[k], k, 1, K))", "softmax(z, j)"),
    ],
)
def test_family_functions(expr, expected):
    d = derive(expr, "z[j]")
    assert d.verification.status == "verified", d.verification.summary()
    if expr.startswith("log(sum"):
        assert d.result == parse("e^z[j]/sum(e^z[k], k, 1, K)")
    else:
        assert d.result == parse(expected)


def test_softmax_prints_with_its_index():
    e = parse("softmax(z, k)")
    assert to_pretty(e) == "softmax(z)ₖ"
    assert to_latex(e) == r"\operatorname{softmax}(z)_{k}"
    assert parse_latex(r"\operatorname{softmax}(z)_k") == e
    assert parse_latex(to_latex(e)) == e


def test_a_family_function_of_something_else_is_a_constant_or_refused():
    assert derive("softmax(z, k)", "x").result == parse("0")
    with pytest.raises(NoRuleError):
        derive("softmax(z, k)", "z")


# -- variables -------------------------------------------------------------------------------
@pytest.mark.parametrize("written", ["y[j,l]", "y_{jl}", "y_jl"])
def test_the_variable_may_be_written_three_ways(written):
    d = derive("sum(sum(y[i,k], k, 1, K), i, 1, N)", written)
    assert d.var == Indexed("y", Sym("j"), Sym("l"))
    assert d.result == parse("1")


def test_a_symbol_with_an_underscore_stays_a_symbol_when_it_is_one():
    d = derive("x_1^2 + y_j", "y_j")
    assert d.var == Sym("y_j") and d.result == parse("1")


# -- verification on instances -------------------------------------------------------------
def test_the_instantiation_is_reported():
    d = derive(TARGETS["cross-entropy (1)"][1], "y[j,l]")
    assert d.verification.instantiation.startswith("N = 2, K = 3")
    assert "checked on N = 2, K = 3" in d.to_text()


def test_the_verifier_imposes_the_given_fact():
    d = derive("-sum(t[k]*log(softmax(z, k)), k, 1, K)", "z[j]", given=["sum(t[k], k, 1, K) = 2"])
    assert d.result == parse("2*softmax(z, j) - t[j]")
    assert d.verification.status == "verified"


@pytest.mark.pure_python
def test_a_wrong_use_of_a_given_fact_is_caught_at_its_step(monkeypatch):
    wrong = [type(fact)(fact.lhs, parse("3")) for fact in [parse_latex(r"\sum_{k=1}^{K} t_k = 1")]]
    monkeypatch.setattr(sums, "_facts", lambda context: tuple(wrong))
    d = derive("-sum(t[k]*log(softmax(z, k)), k, 1, K)", "z[j]", given=["sum(t[k], k, 1, K) = 1"])
    assert d.verification.status == "mismatch"
    assert d.verification.failing_step is not None
    assert d.verification.failing_step.rule == "given"


def test_a_sum_with_numeric_bounds_is_expanded_when_checked():
    d = derive("sum(x[k]^2, k, 1, 3)", "x[2]")
    assert d.result == parse("2*x[2]")
    assert d.verification.status == "verified"


# -- logistic regression: the sums left over are combined -----------------------------------
def test_logistic_regression_reads_as_one_sum():
    d = derive(TARGETS["logistic regression"][0], "w_j")
    rules = [r.rule for r in d.rewrites]
    assert rules[-2:] == ["sum-combine", "factor-out"] and "delta-sum" in rules
    assert (
        d.to_text(detail="brief")
        .splitlines()[-2]
        .startswith("= (1/N)·Σᵢ₌₁ᴺ xᵢⱼ·(σ(Σₖ₌₁ᴷ wₖ·xᵢₖ) − tᵢ)")
    )
    assert d.verification.instantiation.startswith("N = 2, K = 3")


#: The two passes that gather sums at the end, by name.
SUM_PASSES = {"sum-combine": sums.combine_sums, "sum-scale": sums.scale_sums}


@pytest.mark.parametrize(
    ("rewrite", "text", "expected"),
    [
        # sums over one range combine
        ("sum-combine", "sum(a[i], i, 1, N) - sum(b[i], i, 1, N)", "sum(a[i] - b[i], i, 1, N)"),
        ("sum-combine", "c*sum(a[i], i, 1, N) + sum(a[i], i, 1, N)", "sum(a[i]*(c + 1), i, 1, N)"),
        (
            "sum-combine",
            "(sum(a[i], i, 1, N) + sum(b[i], i, 1, N))/N",
            "1/N*sum(a[i] + b[i], i, 1, N)",
        ),
        # a coefficient that cancels moves into the sum
        (
            "sum-scale",
            "sum(2*x[i]*(w*x[i] - y[i]), i, 1, N)/2",
            "sum(x[i]*(w*x[i] - y[i]), i, 1, N)",
        ),
        ("sum-scale", "1/2*sum(2*a[i], i)", "sum(a[i], i)"),
        ("sum-scale", "-3*sum(a[i]/3, i, 1, N)", "-sum(a[i], i, 1, N)"),
        ("sum-scale", "1/2*sum(sum(2*a[i, j], j), i)", "sum(sum(a[i, j], j), i)"),
        ("sum-scale", "c + sum(2*a[i], i)/2", "c + sum(a[i], i)"),
    ],
)
def test_the_passes_that_gather_sums(rewrite, text, expected):
    from symderiv.simplify import tidy

    gathered = SUM_PASSES[rewrite](parse(text), tidy)
    assert gathered == parse(expected), str(gathered)


@pytest.mark.parametrize(
    ("rewrite", "text"),
    [
        ("sum-combine", "sum(a[i], i, 1, N) - sum(b[i], i, 1, M)"),  # two ranges
        ("sum-combine", "i*sum(a[i], i, 1, N) + sum(b[i], i, 1, N)"),  # the index outside
        ("sum-combine", "sum(a[i], i, 1, N) + 1"),  # one sum only
        ("sum-scale", "1/N*sum(x[i]*(y[i] - t[i]), i, 1, N)"),  # cancels nothing
        ("sum-scale", "sum(2*x[i], i, 1, N)/N"),
        ("sum-scale", "i/2*sum(2*a[i], i, 1, N)"),  # the index outside
        ("sum-scale", "sum(2*a[i], i, 1, N)/(2*i)"),
        ("sum-scale", "2*sum(a[i], i) + sum(b[i], i)"),  # one sum among others
    ],
)
def test_sums_the_passes_leave_as_they_are(rewrite, text):
    from symderiv.simplify import tidy

    assert SUM_PASSES[rewrite](parse(text), tidy) == parse(text)


def test_the_least_squares_gradient_shows_the_constant_moved_in():
    d = derive(TARGETS["least squares, the weight"][0], "w")
    assert [r.rule for r in d.rewrites][-1] == "sum-scale"
    last = d.to_text().splitlines()[-2]
    assert last.startswith("= Σᵢ₌₁ᴺ xᵢ·(w·xᵢ − yᵢ)") and "constant factor moved into Σ" in last
    assert "定数倍を Σ の中に入れる" in d.to_text(lang="ja")


# -- what a sum without bounds was checked on ---------------------------------------------------
def test_a_sum_without_bounds_is_checked_on_terms_the_badge_names() -> None:
    d = derive(r"-\sum_{k} y_k \log \hat{y}_k", r"\hat{y}_j")
    assert str(d.result) == "-y[j]/y_hat[j]"
    badge = d.to_text("en").splitlines()[-1]
    assert badge.endswith("— checked on Σₖ over k = 1, 2; j, k ∈ {1, 2}")
    assert "N_k" not in d.to_text("ja") and "k = 1, 2 の Σₖ" in d.to_text("ja")
    assert "N_k" not in d.to_latex("en") and "N_k" not in d.to_markdown("en")


def test_a_bound_the_formula_names_keeps_its_name() -> None:
    d = derive("sum(y[k]*log(y_hat[k]), k, 1, N_k)", "y_hat[j]")
    assert "checked on N_k = 2; j, k ∈ {1, 2}" in d.to_text("en")
