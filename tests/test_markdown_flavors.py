"""The Markdown flavours through real Markdown processors: the TeX that reaches MathJax.

``math`` is for math-aware processors (markdown-it with ``dollarmath``, as Jupyter,
Zenn and kramdown read it); ``plain`` for processors that know no math (Python-Markdown,
CommonMark, marked) with MathJax on the page.  Either way MathJax must receive exactly
the TeX of the formulas — no ``<em>`` made of two subscripts, no backslash eaten.
The processors are optional: a test is skipped, naming the one missing.
"""

from __future__ import annotations

import html
import re

import pytest

from symderiv import derive

DERIVATIONS = [
    ("x^2 e^x", "x", ()),
    ("ln(x)^2 + 3 sin(x)", "x", ()),
    ("-(t ln σ(z) + (1 - t) ln(1 - σ(z)))", "z", ()),
    (r"-\sum_{k=1}^{K} t_k \ln\left(\mathrm{softmax}(z)_k\right)", "z_j",
     (r"\sum_{k=1}^{K} t_k = 1",)),
    (r"\frac{1}{N}\sum_{i=1}^{N} (y_i - w x_i)^2", "w", ()),
]  # fmt: skip

_DISPLAY = re.compile(r"\$\$\n?(.*?)\n?\$\$", re.S)
_INLINE = re.compile(r"(?<!\$)\$(?!\$)(.+?)(?<!\$)\$(?!\$)", re.S)


def _formulas(text: str) -> list[str]:
    """The TeX between ``$$ … $$`` and ``$ … $`` in a text, in order of appearance."""
    found: list[tuple[int, str]] = [(m.start(), m[1].strip()) for m in _DISPLAY.finditer(text)]
    rest = _DISPLAY.sub(lambda m: " " * len(m[0]), text)
    found += [(m.start(), m[1].strip()) for m in _INLINE.finditer(rest)]
    return [tex for _, tex in sorted(found)]


def _reaching_mathjax(page: str) -> list[str]:
    """What MathJax reads from an HTML page: the text between the delimiters; a tag
    inside a formula (``<em>``) fails the test."""
    formulas = _formulas(page)
    for tex in formulas:
        assert "<" not in tex, f"markup inside a formula: {tex}"
    return [html.unescape(tex) for tex in formulas]


def _both(text: str, var: str, given: tuple[str, ...], lang: str = "en") -> tuple[str, str]:
    derivation = derive(text, var, given=list(given), verify=False)
    return (
        derivation.to_markdown(lang, flavor="math"),
        derivation.to_markdown(lang, flavor="plain"),
    )


@pytest.mark.parametrize(("text", "var", "given"), DERIVATIONS)
def test_python_markdown_hands_mathjax_the_tex_of_the_math_flavour(text, var, given):
    markdown = pytest.importorskip("markdown", reason="Python-Markdown is not installed")
    math, plain = _both(text, var, given)
    page = markdown.markdown(plain)
    assert _reaching_mathjax(page) == _formulas(math)


@pytest.mark.parametrize(("text", "var", "given"), DERIVATIONS)
def test_commonmark_hands_mathjax_the_tex_of_the_math_flavour(text, var, given):
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is not installed")
    math, plain = _both(text, var, given)
    page = markdown_it.MarkdownIt("commonmark").render(plain)
    assert _reaching_mathjax(page) == _formulas(math)


@pytest.mark.parametrize(("text", "var", "given"), DERIVATIONS)
def test_dollarmath_reads_the_math_flavour_as_written(text, var, given):
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is not installed")
    plugins = pytest.importorskip("mdit_py_plugins.dollarmath", reason="no mdit-py-plugins")
    math, _plain = _both(text, var, given)
    page = markdown_it.MarkdownIt("commonmark").use(plugins.dollarmath_plugin).render(math)
    found = re.findall(
        r'<(?:span|div) class="math (?:inline|block)">(.*?)</(?:span|div)>', page, re.S
    )
    assert [html.unescape(tex).strip() for tex in found] == _formulas(math)


def test_the_plain_flavour_escapes_what_a_processor_would_take():
    _math, plain = _both(DERIVATIONS[3][0], "z_j", DERIVATIONS[3][2])
    assert r"\_{" in plain and "_{" not in plain.replace(r"\_{", "")


def test_brief_markdown_keeps_the_derivative_line():
    brief = derive("x^3 + sin(x)").to_markdown("en", detail="brief")
    assert r"\frac{d}{dx}\left(x^{3} + \sin(x)\right) = 3 x^{2} + \cos(x)" in brief


def test_full_markdown_differs_from_normal():
    derivation = derive("ln(x)^2")
    full = derivation.to_markdown("en", detail="full")
    assert full != derivation.to_markdown("en")
    assert "in general" in full


def test_explanations_are_quoted_under_their_rule():
    quoted = derive("x^2 e^x").to_markdown("en", explain=True)
    assert "> *Why:*" in quoted
    japanese = derive("x^2 e^x").to_markdown("ja", explain=True)
    assert "> *なぜ：*" in japanese


def test_an_unknown_flavour_is_refused():
    with pytest.raises(ValueError, match="flavor"):
        derive("x^2").to_markdown("en", flavor="blog")


def _marked() -> list[str] | None:
    """The command that runs the npm ``marked`` on standard input, if node has it."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        return None
    script = (
        "const {marked} = require('marked'); let s = '';"
        "process.stdin.on('data', d => s += d)"
        ".on('end', () => process.stdout.write(marked.parse(s)));"
    )
    found = subprocess.run([node, "-e", "require('marked')"], capture_output=True, timeout=60)
    return [node, "-e", script] if found.returncode == 0 else None


@pytest.mark.parametrize(("text", "var", "given"), DERIVATIONS)
def test_marked_hands_mathjax_the_tex_of_the_math_flavour(text, var, given):
    import subprocess

    command = _marked()
    if command is None:
        pytest.skip("node with the npm package marked is not installed")
    math, plain = _both(text, var, given)
    page = subprocess.run(
        command, input=plain, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert _reaching_mathjax(page) == _formulas(math)


def test_the_qiita_flavour_writes_math_blocks():
    qiita = derive("x^2 e^x").to_markdown("en", flavor="qiita")
    assert "```math\n" in qiita and "$$" not in qiita
