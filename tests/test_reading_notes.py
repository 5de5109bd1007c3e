"""The reading notes in every human-readable output: each note right after the formula as
read, marked ``note:`` (``注:`` in Japanese), in text, the rich terminal view, Markdown,
LaTeX (a comment in a block, a paragraph in a document) and HTML; the JSON keeps them as
data and the code formats leave them out; a formula read without a convention worth a
note shows no note line."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from symderiv import derive
from symderiv.__main__ import main as first_stage
from symderiv.cli import main
from symderiv.parse.notation import NOTES, NOTES_JA, note_in_japanese
from symderiv.render.terminal import derivation_renderable

EXTENT = NOTES["exponent-extent"]
EXTENT_JA = (
    "指数は ^ の直後の数、名前または括弧ひとつです: e^2x は e^2*x、e^x(x+1) は e^x*(x+1) です。"
    "長い指数は e^(2x) のように括弧で囲んでください"
)


def _rich(formula: str, lang: str) -> list[str]:
    console = Console(width=80, color_system=None, record=True, file=io.StringIO())
    console.print(derivation_renderable(derive(formula, verify=False), lang))
    return console.export_text().splitlines()


# -- each format, as golden lines ----------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "sentence"), [("en", f"note: {EXTENT}"), ("ja", f"注: {EXTENT_JA}")]
)
def test_text_says_the_note_under_the_formula_as_read(lang, sentence):
    lines = derive("e^2x", verify=False).to_text(lang).splitlines()
    assert lines[:3] == ["d/dx [e²·x]", f"  {sentence}", "= e²·(x)′"]


def test_the_rich_view_sets_the_note_under_the_formula_wrapped_beside_its_mark():
    assert _rich("e^2x", "en")[1:5] == [
        "│ d/dx [e²·x]                                                                  │",
        "│ note: the exponent is the one number, name or bracket after ^: e^2x is e^2*x │",
        "│       and e^x(x+1) is e^x*(x+1); write e^(2x) for a longer exponent          │",
        "│ ├── = e²·(x)′                                                                │",
    ]
    assert _rich("e^2x", "ja")[1:5] == [
        "│ d/dx [e²·x]                                                                  │",
        "│ 注: 指数は ^ の直後の数、名前または括弧ひとつです: e^2x は e^2*x、e^x(x+1)   │",
        "│     は e^x*(x+1) です。長い指数は e^(2x) のように括弧で囲んでください        │",
        "│ ├── = e²·(x)′                                                                │",
    ]


def test_the_rich_view_keeps_a_long_japanese_note_whole():
    """A note never loses its end to an ellipsis, however narrow the panel."""
    for width in (80, 50):
        console = Console(width=width, color_system=None, record=True, file=io.StringIO())
        console.print(derivation_renderable(derive("1/2x", verify=False), "ja", width=width))
        shown = "".join(line.strip("│ ") for line in console.export_text().splitlines())
        assert "1/(2x)" in shown and "…" not in shown


def test_markdown_quotes_the_note_after_the_opening_sentence():
    paragraphs = derive("e^2x", verify=False).to_markdown("en").split("\n\n")
    assert paragraphs[:2] == [
        "Differentiate $e^{2} x$ with respect to $x$.",
        "> **Note:** the exponent is the one number, name or bracket after ^: e^2x is "
        "e^2\\*x and e^x(x+1) is e^x\\*(x+1); write e^(2x) for a longer exponent",
    ]
    japanese = derive("e^2x", verify=False).to_markdown("ja").split("\n\n")
    assert japanese[1] == "> **注:** " + EXTENT_JA.replace("*", "\\*")


def test_latex_comments_the_note_in_a_block_and_typesets_it_in_a_document():
    block = derive("e^2x", verify=False).to_latex("en").splitlines()
    assert block[:4] == [
        "\\begin{align*}",
        "&\\frac{d}{dx}\\left(e^{2} x\\right) \\\\",
        f"% note: {EXTENT}",
        "&= e^{2} \\left(x\\right)' \\\\",
    ]
    assert derive("e^2x", verify=False).to_latex("ja").splitlines()[2] == f"% 注: {EXTENT_JA}"
    document = derive("e^2x", verify=False).to_latex("en", document=True).splitlines()
    heading = document.index("&\\frac{d}{dx}\\left(e^{2} x\\right) \\\\")
    assert document[heading + 1] == (
        "&\\parbox[t]{0.9\\linewidth}{\\small\\textbf{note:} the exponent is the one number, "
        "name or bracket after \\textasciicircum{}: e\\textasciicircum{}2x is "
        "e\\textasciicircum{}2*x and e\\textasciicircum{}x(x+1) is e\\textasciicircum{}x*(x+1); "
        "write e\\textasciicircum{}(2x) for a longer exponent} \\\\"
    )
    japanese = derive("e^2x", verify=False).to_latex("ja", document=True)
    typeset = "\\parbox[t]{0.9\\linewidth}{\\small\\textbf{注:} 指数は \\textasciicircum{} の"
    assert typeset in japanese


def test_html_sets_the_note_after_the_heading():
    for lang, label, sentence in (("en", "Note", EXTENT), ("ja", "注", EXTENT_JA)):
        lines = derive("e^2x", verify=False).to_html(lang, document=False).splitlines()
        assert lines[1].startswith("<h2>")
        assert lines[2] == f'<p class="reading-note"><b>{label}:</b> {sentence}</p>'
    page = derive("e^2x", verify=False).to_html("en")
    assert ".symderiv .reading-note {" in page


def test_html_escapes_what_a_note_takes_from_the_formula():
    html = derive("y' + y", "y", verify=False).to_html("en", document=False)
    assert "<b>Note:</b> a prime on a bare name is part of the name: y&#x27; is a symbol" in html


# -- the new notes of an exponent ---------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "first", "convention"),
    [
        ("e^-2x", "d/dx [e⁻²·x]", "signed-exponent"),
        ("x^1/2", "d/dx [x¹/2]", "fraction-exponent"),
        ("x^-1/2", "d/dx [x⁻¹/2]", "fraction-exponent"),
        ("e^-x^2/2", "d/dx [e^(−x²)/2]", "exponent-divided"),
    ],
)
def test_a_signed_or_divided_exponent_is_noted_in_both_languages(written, first, convention):
    derivation = derive(written, verify=False)
    english = derivation.to_text("en").splitlines()
    japanese = derivation.to_text("ja").splitlines()
    assert english[:2] == [first, f"  note: {NOTES[convention]}"]
    assert japanese[:2] == [first, f"  注: {NOTES_JA[convention]}"]


# -- no note where none is due -------------------------------------------------------------
@pytest.mark.parametrize(
    "written", ["x^2 e^x", "e^(2x)", "e^-2 x", "x^(1/2)", "x^3/6 + x", "-x^2/2", "e^(-x^2/2)"]
)
def test_a_formula_read_without_a_convention_shows_no_note(written):
    derivation = derive(written, verify=False)
    assert derivation.options["reading_notes"] == ()
    for lang in ("en", "ja"):
        shown = [
            derivation.to_text(lang),
            "\n".join(_rich(written, lang)),
            derivation.to_markdown(lang),
            derivation.to_latex(lang),
            derivation.to_latex(lang, document=True),
            derivation.to_html(lang, document=False),
        ]
        for output in shown:
            assert "note:" not in output.lower() and "注:" not in output
            assert "reading-note" not in output and "parbox" not in output


# -- machines' formats, the command line ---------------------------------------------------
def test_the_json_keeps_the_notes_as_data_and_code_leaves_them_out(capsys):
    assert main(["e^-2x", "-f", "json", "--no-verify"]) == 0
    notes = json.loads(capsys.readouterr().out)["reading_notes"]
    assert notes == [{"convention": "signed-exponent", "note": NOTES["signed-exponent"]}]
    assert main(["e^-2x", "-f", "numpy", "--no-verify"]) == 0
    assert "note" not in capsys.readouterr().out


@pytest.mark.parametrize("run", [main, first_stage])
def test_the_command_line_prints_the_note(capsys, run):
    """The full command line and its first stage (a plain piped formula) alike."""
    arguments = ["x^1/2", "--no-verify"] if run is main else ["x^1/2"]
    assert run(arguments) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["d/dx [x¹/2]", f"  note: {NOTES['fraction-exponent']}"]


def test_notes_follow_only_the_first_order():
    text = derive("e^2x", order=2, verify=False).to_text("en")
    assert text.count("note:") == 1 and text.index("note:") < text.index("order 2")


# -- the Japanese catalogue ---------------------------------------------------------------
def test_every_note_has_its_japanese_with_the_parts_from_the_formula():
    assert set(NOTES_JA) == set(NOTES)
    for convention, english in NOTES.items():
        parts = [f"‹part{index}›" for index in range(english.count("{}"))]
        japanese = note_in_japanese(convention, english.format(*parts))
        assert japanese == NOTES_JA[convention].format(*parts)
        assert all(part in japanese for part in parts)


def test_a_sentence_the_catalogue_does_not_know_stays_in_english():
    assert note_in_japanese("function-argument", "something else") == "something else"
    assert note_in_japanese("no-such-convention", "a sentence") == "a sentence"


def test_a_note_on_latex_gives_its_advice_in_latex():
    derivation = derive(r"\log x", verify=False)
    assert derivation.to_text("en").splitlines()[1] == (
        r"  note: \log without a base is the natural logarithm ln; write \log_{10} for base 10"
    )
    assert derivation.to_text("ja").splitlines()[1] == (
        r"  注: 底のない \log は自然対数 ln です。常用対数なら \log_{10} と書いてください"
    )


@pytest.mark.parametrize(
    ("written", "var", "name", "spaced"),
    [("(y - (wx + b))^2", "w", "wx", "w x"), ("sin(ax)", "x", "ax", "a x")],
)
def test_a_variable_only_inside_a_longer_name_is_noted(written, var, name, spaced):
    """By w of (y − (wx + b))², wx being one name, the derivative is 0: the note says
    why, and how to write the product, in both languages."""
    d = derive(written, var)
    assert str(d.result) == "0"
    (key, note), *_ = d.options["reading_notes"]
    assert key == "inside-name"
    assert note == (
        f"{var} is only inside the name {name} (letters written together are one name), "
        f"so the derivative is 0: for a product write {spaced}"
    )
    said = note_in_japanese(key, note)
    assert said.startswith(f"{var} は名前 {name} の中にしかありません"), said


@pytest.mark.parametrize(
    ("written", "var"),
    [("w*x + wx", "w"), ("x^2", "t"), ("sin(theta)", "t"), ("y_hat^2", "y"), ("x_1^2", "x")],
)
def test_a_variable_standing_alone_or_in_a_greek_or_decorated_name_is_not_noted(written, var):
    assert derive(written, var).options["reading_notes"] == ()
