"""The command line: formats, languages, answers, identities, facts and exit codes."""

from __future__ import annotations

import io
import json

import pytest

from symderiv.cli import main

pytest.importorskip("sympy")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_derivation_in_text(capsys):
    code, out, _ = run(capsys, "x^2 e^x", "-f", "text")
    assert code == 0
    assert out.startswith("d/dx [x²·eˣ]")
    assert "product rule" in out and "✓ verified" in out
    assert "x·(x + 2)·eˣ" in out


def test_japanese(capsys):
    code, out, _ = run(capsys, "x^2 e^x", "-f", "text", "--lang", "ja")
    assert code == 0 and "積の微分法" in out and "✓ SymPy で検証済み" in out


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("latex", r"\begin{align*}"), ("markdown", "$$"), ("json", '"schema"')],
)
def test_every_format(capsys, fmt, marker):
    code, out, _ = run(capsys, "sin(x^2)", "-f", fmt)
    assert code == 0 and marker in out


RICH_SIN_X2 = """\
╭─────────────────────────────────────────────────────────────────────╮
│ d/dx [sin(x²)]                                                      │
│ ├── (sin(x²))′ = cos(x²)·(2x)    chain rule · u = x², f(u) = sin(u) │
│ │   ├── (sin(u))′ = cos(u)    trigonometric: sin                    │
│ │   └── (x²)′ = 2x    power rule · n = 2                            │
│ ├── = cos(x²)·(2x)                                                  │
│ └── = 2x·cos(x²)    in standard order                               │
╰─────────────────────────────────────────────────────────────────────╯
✓ verified against SymPy: result and 4 of 4 steps (symbolic)
"""


def test_the_rich_format_prints_the_boxed_tree(capsys, monkeypatch):
    """The whole terminal view, character for character, as an 80-column console
    without colour prints it."""
    monkeypatch.setenv("COLUMNS", "80")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    code, out, _ = run(capsys, "sin(x^2)", "-f", "rich")
    assert code == 0
    assert out == RICH_SIN_X2

    from rich.console import Console

    from symderiv import derive
    from symderiv.render.terminal import derivation_renderable

    console = Console(width=80, color_system=None, record=True, file=io.StringIO())
    console.print(derivation_renderable(derive("sin(x^2)"), "en"))
    assert console.export_text() == RICH_SIN_X2


def test_json_is_the_documented_schema(capsys):
    _, out, _ = run(capsys, "x^3", "-f", "json")
    data = json.loads(out)
    assert data["schema"] == "symderiv.derivation/1"
    assert data["result"] == "3*x^2"
    assert data["verification"]["status"] == "verified"


def test_partial_derivative_and_order(capsys):
    code, out, _ = run(capsys, "x y^2", "--wrt", "y", "-f", "text", "--detail", "brief")
    assert code == 0 and "= 2x·y" in out
    code, out, _ = run(capsys, "x^3", "-n", "2", "-f", "text")
    assert code == 0 and "(3x²)′ = 6x" in out


def test_a_wrong_answer_exits_1_and_a_right_one_0(capsys):
    code, out, _ = run(capsys, "x^2 e^x", "--check", "2x e^x", "-f", "text")
    assert code == 1 and "not correct" in out
    code, out, _ = run(capsys, "x^2 e^x", "--check", "2x e^x + x^2 e^x", "-f", "text")
    assert code == 0 and "correct" in out


def test_unreadable_input_exits_2_with_a_caret(capsys):
    code, _, err = run(capsys, "x^2 +* 3")
    assert code == 2
    assert "cannot parse" in err and "^" in err


def test_no_rule_exits_3(capsys):
    code, _, err = run(capsys, "g(x)", "-f", "text")
    assert code in (2, 3) and "g" in err


def test_a_binding_that_names_itself_is_not_printed(capsys):
    _, out, _ = run(capsys, "a^x", "-f", "text")
    assert "a = a" not in out


def test_identities(capsys):
    code, out, _ = run(capsys, "check", "(a^x)' = a^x ln a")
    assert code == 0 and "✓ holds" in out
    code, out, _ = run(capsys, "check", "(a^x)' = a^x")
    assert code == 1


def test_value_and_tangent(capsys):
    code, out, _ = run(capsys, "x^2", "--at", "x=3", "-f", "text")
    assert code == 0 and "6" in out and "tangent" in out


def test_a_given_fact_and_an_indexed_variable(capsys):
    code, out, _ = run(
        capsys,
        r"-\sum_{k=1}^{K} t_k \log \operatorname{softmax}(z)_k",
        "--wrt",
        "z_j",
        "--given",
        r"\sum_{k=1}^{K} t_k = 1",
        "-f",
        "text",
    )
    assert code == 0
    assert "= softmax(z)ⱼ − tⱼ" in out
    assert "using Σₖ₌₁ᴷ tₖ = 1" in out


@pytest.mark.parametrize(
    ("argv", "heading"),
    [
        (["-sqrt(1 - x^2)", "-f", "text"], "d/dx [−√(1 − x²)]"),
        (["-x^2", "-f", "text"], "d/dx [−x²]"),
        (["-2x", "-f", "text"], "d/dx [−2x]"),
        ([r"-\frac{1}{N}\sum_{i=1}^{N} \log y_i", "-x", "y_j", "-f", "text"], "d/dyⱼ [−(1/N)·"),
        (["-xy", "-f", "text", "x y^2"], "d/dy [x·y²]"),
    ],
)
def test_a_formula_may_start_with_a_minus_sign(capsys, argv, heading):
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert out.startswith(heading), out.splitlines()[0]


def test_subcommands_keep_their_own_options(capsys, tmp_path):
    lines = tmp_path / "pairs.jsonl"
    lines.write_text('{"f": "x^2", "df": "2*x"}\n{"f": "-sin(x)", "df": "-cos(x)"}\n')
    code, out, err = run(capsys, "check-file", str(lines), "-j", "1", "--quiet")
    assert code == 0, err
    assert "verified" in out and "2 lines" in out
    code, out, err = run(capsys, "check", "-(x^2)' = -2x")
    assert code == 0, err


# -- the value at --at and the verdict on --check: one document in every format ------------
def test_json_with_at_and_check_is_one_document(capsys):
    code, out, _ = run(capsys, "x^2", "--at", "x=3", "-f", "json")
    document = json.loads(out)  # one document, not the derivation and then the point
    assert code == 0 and document["schema"] == "symderiv.derivation/1"
    assert document["at"]["kind"] == "point" and document["at"]["status"] == "verified"
    labels = [block.get("label", {}).get("text") for block in document["at"]["blocks"]]
    assert "f′(3)" in labels
    code, out, _ = run(capsys, "x^2 e^x", "--check", "2x", "--at", "x=1", "-f", "json")
    document = json.loads(out)
    assert code == 1 and document["check"]["status"] == "mismatch"
    assert document["at"]["kind"] == "point" and document["result"] == "x*(x + 2)*e^x"


def test_latex_and_markdown_write_the_point_and_the_verdict_in_their_own_format(capsys):
    code, out, _ = run(capsys, "x^2", "--at", "x=3", "--check", "3x", "-f", "latex")
    assert code == 1
    assert r"\[ f'(3) = 6 \quad \text{slope $\approx$ 6} \]" in out
    assert r"\noindent not correct: the derivative is 2x; at x = 1:" in out
    assert "slope ≈" not in out and "  f(3) = 9" not in out  # no plain text appended
    code, out, _ = run(capsys, "x^2", "--at", "x=3", "-f", "latex", "--document")
    assert code == 0 and out.rstrip().endswith(r"\end{document}")
    assert out.index(r"\[ f(3) = 9") < out.index(r"\end{document}")
    code, out, _ = run(capsys, "x^2", "--at", "x=3", "--check", "3x", "-f", "markdown")
    assert "$$\nf'(3) = 6\n$$" in out and "**At x = 3**" in out
    assert "> not correct: the derivative is 2x" in out
    assert "  f(3) = 9" not in out


def test_html_holds_the_point_and_the_verdict(capsys):
    import html

    code, page, _ = run(capsys, "x^2", "--at", "x=3", "--check", "2x", "-f", "html")
    out = html.unescape(page)
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    assert r"\(f'(3) = 6\)" in out and "tangent line" in out and r"\(y = 6 x - 9\)" in out
    assert '<p class="badge verified">correct: 2x equals the derivative 2x' in out
    assert out.index("tangent line") < out.index("</div>\n<script>")  # inside the page


def test_text_and_rich_print_the_point_and_the_verdict_after_the_steps(capsys):
    code, out, _ = run(capsys, "x^2", "--at", "x=3", "--check", "3x", "-f", "text")
    assert code == 1
    assert out.index("✓ verified") < out.index("At x = 3") < out.index("not correct")
    code, out, _ = run(capsys, "x^2", "--at", "x=3", "--check", "2x", "-f", "rich")
    assert code == 0 and "slope ≈ 6" in out and "correct: 2x equals" in out


@pytest.mark.parametrize(
    ("argv", "refusal"),
    [
        (["x^2 e^x", "--check", "2x", "-f", "numpy"], "--format numpy prints code"),
        (["x^2", "--at", "x=3", "-f", "torch"], "--format torch prints code"),
        (["x^2 + y^2 = 25", "--implicit", "--check", "-x/y"], "--implicit prints its own"),
        (["x^3", "--taylor", "0,2", "--check", "3x^2"], "--taylor prints its own"),
        (["x^T x", "--shape", "x=n", "--check", "2x"], "with --shape, --vector or --matrix"),
    ],
)
def test_a_verdict_nothing_would_show_is_refused_not_dropped(capsys, argv, refusal):
    """--check's verdict and exit status never depend on the format: where the output
    cannot hold them, the command refuses before deriving (exit 2, nothing printed)."""
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"symderiv: {argv[argv.index('--check') if '--check' in argv else 1]}")
    assert refusal in err


def test_a_bad_point_is_said_before_the_derivation(capsys):
    code, out, err = run(capsys, "x^2", "--at", "x=", "-f", "text")
    assert code == 2 and out == "" and "--at needs VAR=VALUE" in err


@pytest.mark.parametrize("fmt", ["text", "rich", "latex", "json"])
def test_a_point_without_every_value_is_said_before_the_derivation(capsys, fmt):
    code, out, err = run(capsys, "x^2 + y", "--at", "x=2", "-f", fmt)
    assert code == 2 and out == "" and "give a value for y too" in err
    code, out, err = run(capsys, "x^2 + y", "--at", "x=2", "--at", "y=1", "-f", fmt)
    assert code == 0 and "5" in out


def test_a_plot_without_matplotlib_is_said_before_the_derivation(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *rest: None)
    code, out, err = run(capsys, "x^2", "--plot", str(tmp_path / "f.png"))
    assert code == 2 and out == "" and "plotting needs matplotlib" in err


# -- errors name the command line's options, not the Python API -----------------------------
@pytest.mark.parametrize(
    ("argv", "said", "not_said"),
    [
        (["t y"], "which variable? the expression has t, y; choose one with --wrt", "var="),
        (["x=1"], "not an equation (add --implicit", "derive_implicit"),
        (["x^2 + z^2 = 1", "--implicit"], "name the dependent variable: --implicit Y", "pass"),
        (["y^2 + z^2 + w^2 = 1", "--implicit", "y"], "a function of? the equation has", "var="),
    ],
)
def test_errors_name_the_options(capsys, argv, said, not_said):
    code, _, err = run(capsys, *argv)
    assert code == 2 and said in err and not_said not in err


def test_the_python_api_still_names_its_parameters():
    from symderiv import derive, derive_implicit
    from symderiv.errors import VariableError

    with pytest.raises(VariableError, match="pass var=…"):
        derive("t y")
    with pytest.raises(VariableError, match=r"\(use derive_implicit\)"):
        derive("x = 1")
    with pytest.raises(VariableError, match="pass the dependent variable"):
        derive_implicit("x^2 + z^2 = 1")


def test_no_rule_is_said_in_japanese(capsys):
    code, _, err = run(capsys, "logsumexp(z)", "--lang", "ja")
    assert code == 3
    said = "関数 logsumexp の微分規則がありません: logsumexp(z) を z で微分できません"
    assert err == f"symderiv: {said}\n"
    code, _, err = run(capsys, "logsumexp(z)")
    assert "no rule for the function logsumexp: cannot differentiate logsumexp(z)" in err


def test_a_variable_with_a_sums_index_is_refused_in_both_languages(capsys):
    formula = r"-\frac{1}{N}\sum_{i}^{N} t_{i} \log y_{i}"
    code, _, err = run(capsys, formula, "-x", "y_{i}")
    assert code == 2
    assert "its index i is the one a sum or product in the formula runs over" in err
    code, _, err = run(capsys, formula, "-x", "y_{i}", "--lang", "ja")
    assert (
        "添字 i は式の和（または積）が動く添字です。専用の添字をもつ y[j] で微分してください" in err
    )


# -- a reader that goes away (| head) ------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [["x^3 sin x"], ["x^3 sin x", "-n", "2", "-f", "text"], ["x^3 sin x", "-n", "2", "-f", "rich"]],
    ids=["first stage", "text", "rich"],
)
def test_a_closed_standard_output_ends_the_command_quietly(argv):
    """As ``symderiv "x^3 sin x" -n 2 | head -1``: the reader takes a line and goes; the
    badge, written once SymPy has answered, finds no reader.  The command stops with no
    message and the status of a filter ended by SIGPIPE."""
    import subprocess
    import sys

    from symderiv.pipes import BROKEN_PIPE

    process = subprocess.Popen(
        [sys.executable, "-m", "symderiv", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == BROKEN_PIPE == 141
    assert first and err == ""
