"""Vector and matrix calculus: the reader, shapes and their errors, printing, every rule
(with a broken copy that verification pins to its step), the API, the CLI and SymPy's
matrix expressions."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

import symderiv
import symderiv.matrix as package
from symderiv.cli import main
from symderiv.errors import MatrixNotationError, NoRuleError, ParseError, ShapeError, VariableError
from symderiv.matrix import (
    contents,
    derive_matrix,
    explicit,
    index_form,
    read,
    to_indices,
    to_sympy,
)
from symderiv.matrix import derive as matrix_derive
from symderiv.matrix import rules as matrix_rules
from symderiv.matrix import tidy as matrix_tidy
from symderiv.matrix.build import num, scale
from symderiv.matrix.nodes import Var
from symderiv.matrix.oracle import instances
from symderiv.steps import RULES

V = {"x": ("n",), "a": ("n",), "b": ("n",), "y": ("n",), "A": ("n", "n"), "B": ("n", "n"),
     "X": ("n", "n")}  # fmt: skip


def text_of(formula: str, shapes: dict[str, tuple[object, ...]] | None = None) -> str:
    return str(read(formula, V if shapes is None else shapes)[0])


# -- the reader ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("formula", "shown"),
    [
        ("x^T A x", "xᵀAx"),
        ("x^\\top A x", "xᵀAx"),
        ("x' A x", "xᵀAx"),
        ("x.T @ A @ x", "xᵀAx"),
        ("xᵀ A x", "xᵀAx"),
        ("x^T * A * x", "xᵀAx"),
        ("A^{-1} b", "A⁻¹b"),
        ("A⁻¹ b", "A⁻¹b"),
        ("A^{-T} b", "A⁻ᵀb"),
        ("tr(A X)", "tr(AX)"),
        ("\\operatorname{tr}(A X)", "tr(AX)"),
        ("\\det X", "det(X)"),
        ("|X|", "det(X)"),
        ("\\log\\det X", "log det(X)"),
        ("logdet(X)", "log det(X)"),
        ("\\|x\\|", "‖x‖"),
        ("\\|x\\|_2^2", "‖x‖²"),
        ("‖x − b‖²", "‖x − b‖²"),
        ("\\lVert A x \\rVert^2", "‖Ax‖²"),
        ("\\|X\\|_F^2", "‖X‖_F²"),
        ("norm(x)", "‖x‖"),
        ("exp(x) ⊙ b", "exp(x) ⊙ b"),
        ("x \\odot b", "x ⊙ b"),
        ("x .* b", "x ⊙ b"),
        ("sigma(A x)", "σ(Ax)"),
        ("σ(A x)", "σ(Ax)"),
        ("tanh(x) + relu(b) + softplus(x)", "tanh(x) + relu(b) + softplus(x)"),
        ("sum(x)", "sum(x)"),
        ("1^T x", "𝟏ᵀx"),
        ("\\mathbf{1}^\\top x", "𝟏ᵀx"),
        ("softmax(A x)", "softmax(Ax)"),
        ("logsumexp(x)", "logsumexp(x)"),
        ("lambda x", "λx"),
        ("2 x - b", "2x − b"),
        ("diag(x) b", "diag(x)b"),
        ("\\frac{1}{2} x^T x", "(1/2)xᵀx"),
        ("x^T x / 2", "(1/2)xᵀx"),
        ("1 + exp(x)", "𝟏 + exp(x)"),
        ("exp(x) + 1", "exp(x) + 𝟏"),
        ("x - 2", "x − 2𝟏"),
        ("sin(x)^T b", "sin(x)ᵀb"),
        ("inv(A) b", "A⁻¹b"),
        ("norm2(A x - b)^2", "‖Ax − b‖²"),
        ("A diag(x)", "A diag(x)"),
    ],
)
def test_the_reader_reads_each_notation(formula: str, shown: str) -> None:
    assert text_of(formula) == shown


def test_bold_names_are_vectors_and_matrices_with_sizes_inferred() -> None:
    tree, table = read(r"\|\mathbf{A}\mathbf{x} - \mathbf{b}\|^2")
    assert str(tree) == "‖Ax − b‖²"
    assert table == {"A": ("m", "n", False), "x": ("n", 1, False), "b": ("m", 1, False)}
    _, table = read(r"\boldsymbol{\mu}^\top \boldsymbol{\Sigma} \vec{\mu}")
    assert table["mu"] == ("n", 1, False) and table["Sigma"] == ("n", "n", False)


def test_declared_sizes_may_be_concrete_and_names_greek_or_subscripted() -> None:
    tree, table = read("W_1 x + \\mu", {"W_1": (2, 3), "x": (3,), "mu": (2,)})
    assert str(tree) == "W₁x + μ" and tree.shape == (2, 1)
    assert table["W1"] == (2, 3, False)


def test_undeclared_names_are_scalars_and_shown_so() -> None:
    d = derive_matrix("c x^T x", "x", {"x": ("n",)}, verify=False)
    assert d.shapes["c"] == (1, 1, False)
    assert "c ∈ ℝ" in d.to_text()


@pytest.mark.parametrize(
    ("formula", "words"),
    [
        ("W y", ["product of W (m×n) and y (m)", "columns of the left (n)", "column 3"]),
        ("x + y", ["sum of x (n) and y (m)", "the shapes differ", "column 3"]),
        ("x ⊙ W", ["Hadamard product of x (n) and W (m×n)"]),
        ("tr(W)", ["tr needs a square matrix; W is m×n"]),
        ("W^{-1}", ["the inverse needs a square matrix"]),
        ("softmax(W)", ["softmax needs a column vector; W is m×n"]),
    ],
)
def test_shape_errors_name_both_operands_their_shapes_and_the_position(
    formula: str, words: list[str]
) -> None:
    with pytest.raises(ShapeError) as caught:
        read(formula, {"W": ("m", "n"), "x": ("n",), "y": ("m",)})
    message = str(caught.value)
    for word in words:
        assert word in message
    assert "^" in message.splitlines()[-1]


def test_inferred_sizes_unify_across_the_formula() -> None:
    with pytest.raises(ShapeError, match="sum of A x \\(3\\) and A\\^T y \\(2\\)"):
        read("A x + A^T y", vectors=["x", "y"], matrices=["A"], shapes={"x": (2,), "y": (3,)})


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("x^T A +", "expected a name"),
        ("A^2", "a power of a vector or matrix"),
        ("x + ", "expected a name"),
        ("\\|x\\|_3", "only ‖·‖₂ and ‖·‖_F"),
        ("x $ y", "unexpected character"),
        ("", "empty formula"),
        ("\\foo x", "unknown command"),
    ],
)
def test_bad_input_is_a_parse_error_with_a_caret(formula: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        read(formula, V)
    assert message in str(caught.value)


def test_shape_error_is_a_value_error_and_a_symderiv_error() -> None:
    assert issubclass(ShapeError, ValueError) and issubclass(ShapeError, symderiv.SymDerivError)


# -- printing --------------------------------------------------------------------------------
def test_text_and_latex_printing() -> None:
    formula = "-(1/2) (x - mu)^T Sigma^{-1} (x - mu) - (1/2) \\log\\det Sigma"
    shapes = {"x": ("n",), "mu": ("n",), "Sigma": ("n", "n")}
    d = derive_matrix(formula, "Sigma", shapes, symmetric=["Sigma"])
    text = d.to_text()
    assert text.splitlines()[1] == "  where x ∈ ℝⁿ, μ ∈ ℝⁿ, Σ ∈ ℝⁿˣⁿ symmetric"
    assert str(d.result) == "(1/2)Σ⁻¹(x − μ)(x − μ)ᵀΣ⁻¹ − (1/2)Σ⁻¹"
    tex = d.result.latex()
    assert tex == (
        "\\frac{1}{2} \\boldsymbol{\\Sigma}^{-1} \\left(\\mathbf{x} - \\boldsymbol{\\mu}\\right) "
        "\\left(\\mathbf{x} - \\boldsymbol{\\mu}\\right)^\\top \\boldsymbol{\\Sigma}^{-1} - "
        "\\frac{1}{2} \\boldsymbol{\\Sigma}^{-1}"
    )
    latex = d.to_latex()
    assert "\\boldsymbol{\\Sigma} \\in \\mathbb{R}^{n \\times n}" in latex
    assert latex.count("\\in \\mathbb{R}") == 3  # the shapes once, in the heading
    assert "\\log\\det\\left(\\boldsymbol{\\Sigma}\\right)" in latex


def test_printing_of_norms_traces_and_hadamard() -> None:
    tree, _ = read("\\|x\\|^2 + tr(A^T A) + det(A) + 1^T (x ⊙ b)", V)
    assert str(tree) == "‖x‖² + tr(AᵀA) + det(A) + 𝟏ᵀ(x ⊙ b)"
    assert tree.latex() == (
        "\\lVert \\mathbf{x} \\rVert^{2} + \\operatorname{tr}\\left(\\mathbf{A}^\\top \\mathbf{A}"
        "\\right) + \\det\\left(\\mathbf{A}\\right) + \\mathbf{1}^\\top \\left(\\mathbf{x} "
        "\\odot \\mathbf{b}\\right)"
    )


def test_japanese_output() -> None:
    d = derive_matrix("x^T A x", "x", {"x": ("n",), "A": ("n", "n")})
    text = d.to_text(lang="ja")
    assert "(勾配)" in text and "ただし x ∈ ℝⁿ, A ∈ ℝⁿˣⁿ" in text
    assert "二次形式の微分" in text and "✓ 成分ごとに検証済み" in text
    assert "二次形式の微分" in d.to_latex(lang="ja")


def test_markdown_and_dict() -> None:
    d = derive_matrix("\\|A x - b\\|^2", "x", {"x": ("n",), "A": ("m", "n"), "b": ("m",)})
    md = d.to_markdown()
    assert md.startswith("**∇_x [‖Ax − b‖²]  (gradient)**") and "$$" in md
    made = d.to_dict()
    assert made["result"] == "2Aᵀ(Ax − b)" and made["verification"]["status"] == "verified"
    assert made["step"]["rule"] == "mat-squared-norm"
    assert made["step"]["substeps"][0]["substeps"][0]["rule"] == "mat-linear-map"
    json.dumps(made)


# -- every rule: fires, verifies, and a broken copy is pinned to its step ---------------------
#: A formula (by x unless said) whose derivation uses each rule.
RULE_CASES: dict[str, tuple[str, str]] = {
    "mat-sum": ("a^T x + b^T x", "x"),
    "mat-quadratic-form": ("x^T A x", "x"),
    "mat-linear-form": ("a^T x", "x"),
    "mat-linear-map": ("\\|A x - b\\|^2", "x"),
    "mat-trace-quadratic": ("tr(X^T B X)", "X"),
    "mat-trace-linear": ("tr(A X)", "X"),
    "mat-trace": ("tr(X X)", "X"),
    "mat-logdet": ("\\log\\det X", "X"),
    "mat-log-sigmoid": ("1^T log(sigma(x))", "x"),
    "mat-log-softmax": ("-y^T log(softmax(x))", "x"),
    "mat-det": ("det(X)", "X"),
    "mat-squared-norm": ("\\|x\\|^2", "x"),
    "mat-norm": ("\\|x - a\\|", "x"),
    "mat-sum-entries": ("sum(exp(x))", "x"),
    "mat-logsumexp": ("logsumexp(A x)", "x"),
    "mat-softmax": ("a^T softmax(x)", "x"),
    "mat-constant-multiple": ("3 a^T x", "x"),
    "mat-scalar-product": ("(a^T x)(b^T x)", "x"),
    "mat-transpose": ("(A x)^T b", "x"),
    "mat-product": ("(A x)^T b", "x"),
    "mat-inverse": ("a^T X^{-1} b", "X"),
    "mat-hadamard": ("sum(x ⊙ x)", "x"),
    "mat-power": ("(x^T x)^3", "x"),
    "mat-quotient": ("(a^T x)/(b^T x)", "x"),
    "mat-diag": ("a^T diag(x) b", "x"),
    "mat-exp": ("sum(exp(x))", "x"),
    "mat-log": ("sum(log(x))", "x"),
    "mat-sigmoid": ("sum(sigma(x))", "x"),
    "mat-tanh": ("sum(tanh(x))", "x"),
    "mat-softplus": ("sum(softplus(x))", "x"),
    "mat-relu": ("sum(relu(x))", "x"),
    "mat-sqrt": ("sum(sqrt(x))", "x"),
    "mat-sin": ("sum(sin(x))", "x"),
    "mat-cos": ("sum(cos(x))", "x"),
}


def test_every_rule_has_a_case_and_a_registered_formula() -> None:
    keys = {rule.key for rule in matrix_rules.MATRIX_RULES}
    assert keys == set(RULE_CASES)
    for key in keys:
        assert RULES[key].formula


@pytest.mark.parametrize("key", sorted(RULE_CASES))
def test_each_rule_fires_and_verifies(key: str) -> None:
    formula, var = RULE_CASES[key]
    d = derive_matrix(formula, var, V)
    assert key in {step.rule for step in d.all_steps()}
    assert d.verification is not None and d.verification.status == "verified", d.to_text()
    assert d.verification.steps_checked == d.verification.steps_total


def _replace_rule(
    monkeypatch: pytest.MonkeyPatch, index: int, rule: matrix_rules.MatrixRule
) -> None:
    table = list(matrix_rules.MATRIX_RULES)
    table[index] = rule
    monkeypatch.setattr(matrix_rules, "MATRIX_RULES", table)


def _broken(rule: matrix_rules.MatrixRule) -> matrix_rules.MatrixRule:
    """The rule with its result doubled (its substeps untouched)."""

    def apply(u, g, engine):  # type: ignore[no-untyped-def]
        made = rule.apply(u, g, engine)
        if made is None:
            return None
        return (scale(num(2), made[0]), made[1], made[2])

    return dataclasses.replace(rule, apply=apply)


@pytest.mark.parametrize("key", sorted(RULE_CASES))
def test_a_broken_rule_is_pinned_to_its_step(key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    index = next(i for i, r in enumerate(matrix_rules.MATRIX_RULES) if r.key == key)
    _replace_rule(monkeypatch, index, _broken(matrix_rules.MATRIX_RULES[index]))
    formula, var = RULE_CASES[key]
    d = derive_matrix(formula, var, V)
    assert d.verification is not None and d.verification.status == "mismatch"
    assert d.verification.failing_step is not None
    assert d.verification.failing_step.rule == key
    assert not d.verification
    assert "✗ MISMATCH" in d.to_text()


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("tanh", lambda u: matrix_rules._one_minus(matrix_rules.Func("tanh", u))),
        ("sigma", matrix_rules._sig),
        ("log", lambda u: u),
    ],
)
def test_a_wrong_elementwise_derivative_is_pinned(
    name: str, wrong: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, tex, _ = matrix_rules.ELEMENTWISE_RULES[name]
    monkeypatch.setitem(matrix_rules.ELEMENTWISE_RULES, name, (text, tex, wrong))
    d = derive_matrix(f"sum({name}(A x))", "x", V)
    assert d.verification is not None and d.verification.failing_step is not None
    key = "mat-sigmoid" if name == "sigma" else f"mat-{name}"
    assert d.verification.failing_step.rule == key


def test_a_plausible_mistake_2ax_for_a_nonsymmetric_a_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = next(
        i for i, r in enumerate(matrix_rules.MATRIX_RULES) if r.key == "mat-quadratic-form"
    )
    rule = matrix_rules.MATRIX_RULES[index]

    def apply(u, g, engine):  # type: ignore[no-untyped-def]
        made = rule.apply(u, g, engine)
        if made is None:
            return None
        return (scale(num(2), matrix_rules.mm(u.factors[1], engine.var)), made[1], made[2])

    _replace_rule(monkeypatch, index, dataclasses.replace(rule, apply=apply))
    wrong = derive_matrix("x^T A x", "x", V)
    assert str(wrong.result) == "2Ax" and wrong.verification is not None
    assert wrong.verification.failing_step is not None
    assert wrong.verification.failing_step.rule == "mat-quadratic-form"
    right = derive_matrix("x^T S x", "x", {"x": ("n",), "S": ("n", "n")}, symmetric=["S"])
    assert str(right.result) == "2Sx" and right.verification


def test_a_broken_rewrite_is_pinned_to_its_rewrite(monkeypatch: pytest.MonkeyPatch) -> None:
    def bad_tidy(node):  # type: ignore[no-untyped-def]
        return scale(num(3), matrix_tidy.tidy(node))

    passes = [(k, f, bad_tidy if k == "mat-tidy" else r) for k, f, r in matrix_tidy.PASSES]
    monkeypatch.setattr(matrix_tidy, "PASSES", passes)
    d = derive_matrix("x^T A x + b^T x", "x", V)
    assert d.verification is not None and d.verification.failing_step is not None
    assert d.verification.failing_step.rule == "mat-tidy"


def test_steps_are_recorded_with_their_bindings_and_adjoints() -> None:
    d = derive_matrix("\\|W x - y\\|^2", "W", {"W": ("m", "n"), "x": ("n",), "y": ("m",)})
    top = d.step
    assert top.rule == "mat-squared-norm" and dict(top.bindings)["v"].__str__() == "Wx − y"
    linear = top.substeps[0].substeps[0]
    assert linear.rule == "mat-linear-map"
    assert str(linear.adjoint) == "2(Wx − y)" and str(linear.result) == "2(Wx − y)xᵀ"
    assert "∇_W⟨G, Wx⟩ = 2(Wx − y)xᵀ" in d.to_text()


def test_the_instances_are_sizes_2_and_3_and_exact_rationals() -> None:
    made = list(instances({"A": ("n", "n", False), "x": ("m", 1, False)}))
    assert made[0].sizes == {"m": 2, "n": 2} and made[1].sizes == {"m": 3, "n": 3}
    assert made[1].values["A"].shape == (3, 3)
    assert all(entry.is_Rational for entry in made[2].values["x"])


# -- Jacobians and what is refused ------------------------------------------------------------
def test_jacobians() -> None:
    d = derive_matrix("A x + b", "x", {"A": ("m", "n"), "x": ("n",), "b": ("m",)})
    assert d.kind == "jacobian" and str(d.result) == "A" and d.verification
    d = derive_matrix("softmax(x)", "x", {"x": ("n",)})
    assert str(d.result) == "diag(softmax(x)) − softmax(x) softmax(x)ᵀ" and d.verification
    assert "J = diag(softmax(x)) − softmax(x) softmax(x)ᵀ" in d.to_text()


def test_a_matrix_by_a_matrix_is_refused() -> None:
    with pytest.raises(NoRuleError, match="is not a matrix"):
        derive_matrix("A X", "X", V)


def test_a_missing_variable_is_refused() -> None:
    with pytest.raises(VariableError, match="z does not occur"):
        derive_matrix("x^T x", "z", V)
    with pytest.raises(VariableError, match="name the variable"):
        derive_matrix("a^T b", None, V)


def test_given_facts_are_used_and_checked_on_instances_that_satisfy_them() -> None:
    shapes = {"W": ("m", "n"), "x": ("n",), "y": ("m",)}
    plain = derive_matrix("-y^T log(softmax(W x))", "W", shapes)
    assert str(plain.result) == "((𝟏ᵀy) softmax(Wx) − y)xᵀ" and plain.verification
    d = derive_matrix("-y^T log(softmax(W x))", "W", shapes, given=["1^T y = 1"])
    assert str(d.result) == "(softmax(Wx) − y)xᵀ" and d.verification
    assert "mat-given" in [r.rule for r in d.rewrites]
    with pytest.raises(ParseError, match="1\\^T v = c"):
        derive_matrix("x^T x", "x", V, given=["x^T x = 1"])


# -- SymPy -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("formula", "var"),
    [("x^T A x", "x"), ("\\log\\det X", "X"), ("tr(A X^{-1} B)", "X"), ("sum(exp(A x))", "x"),
     ("\\|A x - b\\|^2", "x"), ("logsumexp(x)", "x"), ("sigma(A x) ⊙ b", "x")],
)  # fmt: skip
def test_to_sympy_gives_matrix_expressions_that_doit_on_concrete_matrices(
    formula: str, var: str
) -> None:
    import sympy as sp

    d = derive_matrix(formula, var, V, verify=False)
    instance = next(iter(instances(d.shapes)))
    for node in (d.expr, d.result):
        made = to_sympy(node, instance.sizes)
        symbols = {s: instance.values[s.name] for s in made.atoms(sp.MatrixSymbol)}
        value = (
            sp.ImmutableMatrix(made.subs(symbols).doit())
            if isinstance(made, sp.MatrixExpr)
            else sp.ImmutableMatrix([[made.subs(symbols).doit()]])
        )
        expected = explicit(node, instance.values, instance.sizes)
        difference = (value - expected).applyfunc(lambda e: sp.N(e, 30))
        assert all(abs(complex(e)) < 1e-20 for e in difference), (formula, str(node))


def test_to_sympy_names_sympy_matrix_classes() -> None:
    import sympy as sp

    d = derive_matrix("\\log\\det X + tr(A X^{-1})", "X", V, verify=False)
    made = d.to_sympy()
    kinds = {type(node) for node in sp.preorder_traversal(made)}
    assert sp.Transpose in kinds and sp.Inverse in kinds and sp.MatrixSymbol in kinds


def test_sympy_own_diff_of_log_det_is_not_the_oracle() -> None:
    """SymPy's MatrixSymbol diff answers 0 for d log det X/dX with a concrete 3×3 X, a
    wrong answer; ours says X⁻ᵀ and is checked entry by entry."""
    d = derive_matrix("\\log\\det X", "X", {"X": (3, 3)})
    assert str(d.result) == "X⁻ᵀ" and d.verification


# -- the API and the CLI ------------------------------------------------------------------------
def test_derive_with_shapes_dispatches_to_the_matrix_calculus() -> None:
    d = symderiv.derive("x^T A x", "x", shapes={"x": ("n",), "A": ("n", "n")})
    assert isinstance(d, symderiv.MatrixDerivation) and str(d.result) == "(A + Aᵀ)x"
    d = symderiv.derive("x^T A x", "x", vectors=["x"], matrices=["A"], verify=False)
    assert str(d.result) == "(A + Aᵀ)x" and d.verification is None
    with pytest.raises(TypeError, match="order"):
        symderiv.derive("x^T x", "x", shapes={"x": ("n",)}, order=2)


def test_bold_latex_refused_by_the_scalar_reader_goes_to_the_matrix_calculus() -> None:
    try:
        d = symderiv.derive(r"\|\mathbf{A}\mathbf{x} - \mathbf{b}\|^2", "x")
    except MatrixNotationError:  # pragma: no cover - the scalar reader does not refuse it yet
        pytest.skip("the scalar reader does not raise MatrixNotationError on bold names")
    assert str(d.result) == "2Aᵀ(Ax − b)"


def test_cli_shapes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["x^T A x", "--shape", "x=n", "--shape", "A=n,n"]) == 0
    out = capsys.readouterr().out
    assert "∇_x(xᵀAx) = (A + Aᵀ)x" in out and "✓ verified entry by entry" in out
    assert main(["\\|Wx - y\\|^2", "--wrt", "W", "--vector", "x,y", "--matrix", "W",
                 "-f", "latex"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "\\mathbf{W} \\in \\mathbb{R}^{m \\times n}" in out
    assert main(["x^T S x", "--vector", "x", "--matrix", "S", "--symmetric", "S",
                 "-f", "json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["result"] == "2Sx"


def test_cli_shape_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["W x", "--shape", "W=m,n", "--shape", "x=m"]) == 2
    err = capsys.readouterr().err
    assert "product of W (m×n) and x (m)" in err and "Traceback" not in err


def test_derivation_records_are_immutable_and_show_their_variable() -> None:
    d = derive_matrix("a^T x", "x", V, verify=False)
    assert d.var == Var("x", "n", 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.step.rule = "x"  # type: ignore[misc]
    assert Fraction(1) == num(1).value


# -- the index bridge ---------------------------------------------------------------------------
def test_to_indices_gives_the_indexed_sum_form() -> None:
    tree, _ = read("x^T A x", V)
    assert str(to_indices(tree)) == "sum(sum(x[i]*A[i, j]*x[j], j, 1, n), i, 1, n)"
    tree, _ = read("A x + b", V)
    assert str(to_indices(tree, "k")) == "sum(A[k, i]*x[i], i, 1, n) + b[k]"
    tree, _ = read("tr(A X) + \\|x\\|^2", V)
    assert str(to_indices(tree)) == (
        "sum(sum(A[i, j]*X[j, i], j, 1, n), i, 1, n) + sum(x[k]^2, k, 1, n)"
    )


def test_index_form_of_a_matrix_derivation_is_derived_by_the_scalar_rules() -> None:
    d = derive_matrix("x^T A x", "x", V)
    form = index_form(d, verify=True)
    assert form is not None and form.verified
    assert str(form.entry) == "x[k]"
    assert str(form.derivative) == "sum(x[j]*(A[k, j] + A[j, k]), j, 1, n)"
    assert str(form.result) == "sum((A[k, i] + A[i, k])*x[i], i, 1, n)"
    assert index_form(derive_matrix("softmax(x)", "x", V, verify=False)) is None


def test_detail_full_shows_the_index_bridge(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["x^T A x", "--shape", "x=n", "--shape", "A=n,n", "--detail", "full"]) == 0
    out = capsys.readouterr().out
    assert "in indices: ∂/∂xₖ [Σᵢ₌₁ⁿ Σⱼ₌₁ⁿ xᵢ·Aᵢⱼ·xⱼ] = Σⱼ₌₁ⁿ xⱼ·(Aₖⱼ + Aⱼₖ)" in out
    assert "entry k of the result: Σᵢ₌₁ⁿ (Aₖᵢ + Aᵢₖ)·xᵢ" in out


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_the_latex_output_typesets(tmp_path: Path) -> None:
    shapes = {"W_1": ("h", "n"), "W_2": ("m", "h"), "x": ("n",), "y": ("m",)}
    parts = [
        derive_matrix("\\|W_2 tanh(W_1 x) - y\\|^2", "W_1", shapes).to_latex(),
        derive_matrix("tanh(W_1 x)", "x", shapes).to_latex(),
        derive_matrix("sum(x ⊙ x) + \\|X\\|_F^2 + \\log\\det X", "X", V).to_latex(),
    ]
    body = "\n".join(parts)
    document = (
        "\\documentclass{article}\\usepackage{amsmath,amssymb}\\begin{document}\n"
        f"{body}\n\\end{{document}}\n"
    )
    (tmp_path / "m.tex").write_text(document, encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "m.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = (tmp_path / "m.log").read_text(encoding="utf-8", errors="replace")
    assert done.returncode == 0, log[-2000:]
    assert "Missing character" not in log


LOGISTIC = "-y^T log(sigma(A x)) - (1 - y)^T log(1 - sigma(A x))"


@pytest.mark.parametrize("key", ["mat-tidy", "mat-factor", "mat-collect-elementwise"])
def test_each_broken_rewrite_pass_is_pinned_to_its_rewrite(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(rewrite):  # type: ignore[no-untyped-def]
        return lambda node: scale(num(3), rewrite(node))

    passes = [(k, f, broken(r) if k == key else r) for k, f, r in matrix_tidy.PASSES]
    monkeypatch.setattr(matrix_tidy, "PASSES", passes)
    d = derive_matrix(LOGISTIC, "x", V)
    assert d.verification is not None and d.verification.failing_step is not None
    assert d.verification.failing_step.rule == key
    assert d.verification.failing_step.is_rewrite


def test_a_wrong_use_of_a_given_fact_is_pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matrix_derive, "_use_facts", lambda node, sums: scale(num(2), node))
    shapes = {"W": ("m", "n"), "x": ("n",), "y": ("m",)}
    d = derive_matrix("-y^T log(softmax(W x))", "W", shapes, given=["1^T y = 1"])
    assert d.verification is not None and d.verification.failing_step is not None
    assert d.verification.failing_step.rule == "mat-given"


def test_a_wrong_jacobian_reading_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    right = matrix_derive.linear_part
    monkeypatch.setattr(matrix_derive, "linear_part", lambda e, g: matrix_rules.t(right(e, g)))
    d = derive_matrix("A x", "x", V)
    assert str(d.result) == "Aᵀ"
    assert d.verification is not None and d.verification.status == "mismatch"
    assert d.verification.failing_step is None  # the steps hold; the result J does not
    assert "MISMATCH" in d.verification.summary()


def test_brief_detail_is_the_chain_of_equalities() -> None:
    shapes = {"W": ("m", "n"), "x": ("n",), "y": ("m",)}
    d = derive_matrix("-y^T log(softmax(W x))", "W", shapes, given=["1^T y = 1"])
    lines = d.to_text(detail="brief").splitlines()
    assert lines[2:5] == [
        "= (−y + (𝟏ᵀy) softmax(Wx))xᵀ",
        "= ((𝟏ᵀy) softmax(Wx) − y)xᵀ   tidy (scalars first, (AB)ᵀ = BᵀAᵀ)",
        "= (softmax(Wx) − y)xᵀ         the given fact",
    ]
    assert not any("∇_W⟨" in line for line in lines)


def test_the_package_exports_what_its_contents_hold():
    """``symderiv.matrix`` names its exports before loading them (:mod:`.contents`): the
    two lists are one list, and every name loads."""
    assert package.__all__ == contents.__all__
    assert all(getattr(package, name) is getattr(contents, name) for name in package.__all__)


# -- every format ends with the result; the badge names each size once -----------------------
def test_latex_and_markdown_end_with_the_result_as_the_text_does() -> None:
    d = derive_matrix("x^T A x", "x", {"x": ("n",), "A": ("n", "n")})
    assert d.to_text().splitlines()[-2] == "= (A + Aᵀ)x"
    result = r"&= \left(\mathbf{A} + \mathbf{A}^\top\right) \mathbf{x}"
    latex = d.to_latex()
    assert latex.splitlines()[-3:-1] == [result, r"\end{align*}"]
    markdown = d.to_markdown()
    assert f"{result}\n\\end{{align*}}\n$$" in markdown


def test_a_jacobian_in_latex_is_read_off_the_chain_and_named() -> None:
    d = derive_matrix("A x + b", "x", {"A": ("m", "n"), "x": ("n",), "b": ("m",)})
    lines = d.to_latex().splitlines()
    assert lines[-5].startswith(r"&= \mathbf{A}^\top \mathbf{G} \\")
    assert lines[-4].startswith(
        r"&\frac{\partial\left(\mathbf{A} \mathbf{x} + \mathbf{b}\right)}{\partial \mathbf{x}}"
    )
    assert lines[-3:-1] == [r"&\mathbf{J} = \mathbf{A}", r"\end{align*}"]
    text = d.to_text().splitlines()
    assert text[-4].startswith("= AᵀG") and text[-3].startswith("  ∂(Ax + b)/∂x = A")
    assert text[-2] == "J = A"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_badge_names_each_size_checked_once(lang: str) -> None:
    for formula, shapes in [
        ("x^T A x", {"x": ("n",), "A": ("n", "n")}),
        ("W x", {"W": ("m", "n"), "x": ("n",)}),
    ]:
        d = derive_matrix(formula, "x", shapes)
        badge = d.to_text(lang).splitlines()[-1]
        sizes = badge.split(" — ")[1].removeprefix("checked on ").removeprefix("検証した例: ")
        named = sizes.split("; ")
        assert len(named) == len(set(named)) >= 2, badge
        assert d.to_dict()["verification"]["summary"].endswith(sizes) or lang == "ja"
