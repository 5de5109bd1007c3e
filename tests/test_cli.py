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
