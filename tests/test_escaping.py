"""User text is printed as itself in every format: names in LaTeX and Markdown, ids and
messages on the terminal, and names no format can write are refused."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from symderiv import derive
from symderiv.escape import (
    html_text,
    latex_name,
    latex_text,
    markdown_math,
    markdown_text,
    rich_text,
    spreadsheet_cell,
    spreadsheet_csv,
    terminal_text,
)
from symderiv.expr import Call, Sym
from symderiv.render.latex import to_latex
from symderiv.render.markdown import render_markdown
from symderiv.render.terminal import derivation_renderable


@pytest.mark.parametrize(
    ("name", "latex"),
    [
        ("x", "x"),
        ("theta", r"\theta"),
        ("x_1", "x_{1}"),
        ("t_ik", "t_{ik}"),
        ("xy", r"\mathrm{xy}"),
        ("y1", r"\mathrm{y1}"),
        ("theta_2", r"\theta_{2}"),
        ("θ", r"\theta"),
        ("…", r"\ldots"),
        # Not the regular shape: every character kept, the special ones escaped.
        ("x_", r"\mathtt{x\_}"),
        ("_x", r"\mathtt{\_x}"),
        ("x_1_2", r"\mathtt{x\_1\_2}"),
        ("k%", r"\mathtt{k\%}"),
        ("a&b", r"\mathtt{a\&{}b}"),
        ("a#b^c~", r"\mathtt{a\#b\hat{}c\sim{}}"),
        ("x}$ <script>", r"\mathtt{x\}\$\ <script>}"),
        (r"\input{/etc/passwd}", r"\mathtt{\backslash{}input\{/etc/passwd\}}"),
        ("x\x1b[31m", r"\mathtt{x\backslash{}x1b[31m}"),
    ],
)
def test_a_name_in_latex_is_faithful(name, latex):
    assert latex_name(name) == latex


def test_a_trailing_underscore_is_not_dropped_in_a_latex_derivation():
    derivation = derive("x_^2", "x_")
    latex = derivation.to_latex("en")
    assert latex.startswith("\\begin{align*}\n&\\frac{d}{d\\mathtt{x\\_}}\\left(\\mathtt{x\\_}^{2}")
    assert r"= 2 \mathtt{x\_}" in latex
    assert "{dx}" not in latex


def test_a_percent_sign_in_a_name_does_not_comment_out_the_rest_of_a_latex_line():
    x = Sym("x")
    latex = to_latex(Sym("k%") * x + 1)
    assert latex == r"\mathtt{k\%} x + 1"
    text = derive(Sym("k%") * x, x, verify=False).to_latex("en")
    assert r"\text{treat k\% as constant}" in text


def test_markdown_writes_latex_specials_and_html_safely():
    v = Sym("a&b")
    markdown = render_markdown(derive(v**2, v, verify=False), "en")
    assert markdown.startswith(
        r"Differentiate $\mathtt{a\&{}b}^{2}$ with respect to $\mathtt{a\&{}b}$."
    )
    assert r"**Result:** $2 \mathtt{a\&{}b}$" in markdown
    # A name outside what Sym accepts (a function built in Python) still cannot open a tag.
    tagged = markdown_math(to_latex(Call("f<script>", Sym("x"))))
    assert tagged == r"\mathtt{f\lt script\gt }(x)"
    assert "<" not in tagged


@pytest.mark.parametrize(
    ("escape", "text", "expected"),
    [
        (markdown_text, "x_1 *a* [l](u) <b> $y$ | ~", r"x\_1 \*a\* \[l\](u) &lt;b&gt; \$y\$ \| \~"),
        (html_text, '<a href="u">&</a>', "&lt;a href=&quot;u&quot;&gt;&amp;&lt;/a&gt;"),
        (latex_text, "50% of {x}\n\\end", r"50\% of \{x\}\textbackslash{}x0a\textbackslash{}end"),
        (terminal_text, "a\x1b]8;;https://e\x07b\u202ec\n", "a␛]8;;https://e␇b\\u202ec\n"),
        (markdown_math, r"1 < j,\ j > 0", r"1 \lt  j,\ j \gt  0"),
    ],
)
def test_each_format_escapes_its_own_specials(escape, text, expected):
    assert escape(text) == expected


def _printed(renderable: object) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=140, color_system=None).print(renderable)
    return buffer.getvalue()


def test_rich_text_is_never_markup():
    assert _printed(rich_text("[/bold] [link=https://example.com]x[/link] :smile:")) == (
        "[/bold] [link=https://example.com]x[/link] :smile:\n"
    )


def test_the_terminal_view_prints_a_name_that_looks_like_markup_as_it_reads():
    name = Sym("k[bold]")
    x = Sym("x")
    printed = _printed(derivation_renderable(derive(name * x, x, verify=False), "en"))
    assert "d/dx [k[bold]·x]" in printed
    assert "treat k[bold] as constant" in printed


@pytest.mark.parametrize(
    "name", ["x}$ <script>", r"\input{a}", "a b", "x\n", "x\x1b", "x\u202e", "x`", "x<y", "$"]
)
def test_a_name_no_format_can_write_is_refused(name):
    with pytest.raises(ValueError, match="a symbol's name cannot hold"):
        Sym(name)


@pytest.mark.parametrize("name", ["x", "x_", "x_1", "f'", "θ", "ι", "…", "k%", "a&b", "y_prime"])
def test_names_in_use_are_accepted(name):
    assert Sym(name).name == name


def test_an_error_message_shows_control_characters_instead_of_sending_them(capsys):
    from symderiv.cli import main

    assert main(["x\x1b]8;;https://example.com\x07 + 1", "-f", "text"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "  x␛]8;;https://example.com␇ + 1\n   ^\n" in err


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("-sin(x)", "'-sin(x)"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("ann", "ann"),
        ("2x cos(x^2)", "2x cos(x^2)"),
        ("", ""),
        ("'=already", "'=already"),
    ],
)
def test_a_spreadsheet_cell_never_starts_a_formula(cell, safe):
    assert spreadsheet_cell(cell) == safe
    assert spreadsheet_cell(safe) == safe  # made safe once is safe


def test_spreadsheet_csv_keeps_rows_and_quoting():
    import csv

    text = 'student,answer,message\n"=1+1, ""a""",-2x,"two\nlines"\nann,x,\n'
    rows = list(csv.reader(io.StringIO(spreadsheet_csv(text), newline="")))
    assert rows == [
        ["student", "answer", "message"],
        ['\'=1+1, "a"', "'-2x", "two\nlines"],
        ["ann", "x", ""],
    ]
