"""The LaTeX output compiles with a real TeX engine.

Every golden derivation, a derivation through every function of the table, the
gradients of the machine-learning losses, and the ``$$`` blocks of the Markdown output
are typeset in one document per language: English
with pdfLaTeX, Japanese with LuaLaTeX and ``luatexja``.  ``.ci/run`` installs the
engines (Debian's ``texlive-latex-base``, ``texlive-latex-recommended``,
``texlive-luatex`` and ``texlive-lang-japanese``); where none is installed the tests
are skipped and the LaTeX round trip (``tests/test_latex.py``) still checks the output.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from symderiv import derive, parse
from symderiv.errors import NoRuleError
from symderiv.functions import FUNCTIONS

GOLDEN = Path(__file__).parent / "golden"

#: lang -> (engine, preamble packages)
ENGINES = {
    "en": ("pdflatex", [r"\usepackage[utf8]{inputenc}"]),
    "ja": ("lualatex", [r"\usepackage{luatexja}"]),
}
PACKAGE_OF = {"pdflatex": None, "lualatex": "luatexja.sty"}


def _engine(lang: str) -> str:
    engine = ENGINES[lang][0]
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not installed (see .ci/run)")
    package = PACKAGE_OF[engine]
    if package is not None:
        found = subprocess.run(["kpsewhich", package], capture_output=True, text=True)
        if not found.stdout.strip():
            pytest.skip(f"{package} is not installed (see .ci/run)")
    return engine


def _every_function(lang: str) -> list[str]:
    """A derivation through each function of the table, as LaTeX."""
    blocks = []
    for name, spec in sorted(FUNCTIONS.items()):
        args = ", ".join(["x^2", "3"][: spec.arity]) if name != "softmax" else "z, k"
        try:
            d = derive(parse(f"{name}({args})"), "x" if name != "softmax" else "z[j]", verify=False)
        except (NoRuleError, ValueError):
            continue
        blocks.append(d.to_latex(lang=lang))
    return blocks


def _ml_losses(lang: str) -> list[str]:
    """The gradients of the machine-learning targets (sums, deltas, Σ in the rule names)."""
    from test_ml_losses import TARGETS

    return [
        derive(latex, var, given=given, verify=False).to_latex(lang=lang)
        for latex, _plain, var, _var, given, _expected in TARGETS.values()
    ]


def _markdown_math(lang: str) -> list[str]:
    """The ``$$ … $$`` blocks of the Markdown of a few derivations, as display math."""
    blocks = []
    for text, var in (
        ("x^2 e^x", "x"),
        ("log_2 x", "x"),
        ("-(t ln σ(z) + (1 - t) ln(1 - σ(z)))", "z"),
    ):
        markdown = derive(text, var).to_markdown(lang=lang)
        blocks += [rf"\[{body}\]" for body in re.findall(r"\$\$\n(.*?)\n\$\$", markdown, re.S)]
    return blocks


def _compile(engine: str, lang: str, blocks: list[str], where: Path) -> None:
    """Typeset ``blocks`` in one document; any TeX error or missing glyph fails."""
    document = "\n".join(
        [
            r"\documentclass{article}",
            *ENGINES[lang][1],
            r"\usepackage{amsmath}",
            r"\usepackage{amssymb}",
            r"\usepackage{xcolor}",  # the highlighted part of a line
            r"\begin{document}",
            *blocks,
            r"\end{document}",
        ]
    )
    source = where / f"derivations-{lang}.tex"
    source.write_text(document, encoding="utf-8")
    run = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", source.name],
        cwd=where,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
    )
    # The return code first: a run that stopped early may have left no log to read.
    assert run.returncode == 0, f"{engine} exited with {run.returncode}:\n{run.stdout[-2000:]}"
    log_file = where / f"derivations-{lang}.log"
    assert log_file.exists(), f"{engine} exited with 0 but wrote no log"
    log = log_file.read_text(encoding="utf-8", errors="replace")
    # A TeX error ("! ...") or a glyph the font lacks ("Missing character: ...") is
    # logged without changing the return code in nonstopmode; either fails.
    errors = [
        line
        for line in log.splitlines()
        if line.startswith("!") or line.startswith("Missing character")
    ]
    assert not errors, "\n".join(errors)
    pdf = where / f"derivations-{lang}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0, f"{engine} wrote no PDF"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_latex_output_compiles(lang, tmp_path):
    engine = _engine(lang)
    golden = [path.read_text(encoding="utf-8") for path in sorted(GOLDEN.glob(f"*.{lang}.tex"))]
    assert len(golden) == 8
    blocks = golden + _every_function(lang) + _ml_losses(lang) + _markdown_math(lang)
    _compile(engine, lang, blocks, tmp_path)


def test_a_broken_document_is_caught(tmp_path):
    engine = _engine("en")
    with pytest.raises(AssertionError, match="exited with 1"):
        _compile(engine, "en", [r"\begin{align*} \frac{1}{ \end{align*}"], tmp_path)


def test_a_missing_glyph_is_caught(tmp_path):
    """A character the font cannot set is only logged: the run still exits with 0."""
    engine = _engine("en")
    with pytest.raises(AssertionError, match="Missing character"):
        _compile(engine, "en", [r"\[ x \char200 \]"], tmp_path)  # cmr10 has 128 glyphs


#: Long derivations: the sigmoid loss, a quotient of products, the machine-learning
#: gradients (sums of sums), each in full detail with explanations.
LONG = [
    ("-(t ln σ(z) + (1 - t) ln(1 - σ(z)))", "z", ()),
    ("(x^2+1)^3 sin(x)/(x+2)", "x", ()),
    ("sqrt(x^2+1)*atan(x)/(1+e^(-x))", "x", ()),
    ("x^x", "x", ()),
]
#: Widest a line may run past the text width, in points.
OVERFULL_LIMIT = 20.0


def _document_bodies(lang: str) -> list[str]:
    """The bodies of the whole documents of the long derivations (normal and full)."""
    from test_ml_losses import TARGETS

    cases = LONG + [(latex, var, given) for latex, _p, var, _v, given, _e in TARGETS.values()]
    bodies = []
    for text, var, given in cases:
        derivation = derive(text, var, given=list(given), verify=False)
        for detail in ("normal", "full"):
            document = derivation.to_latex(lang, document=True, detail=detail, explain=True)
            start = document.index(r"\begin{document}") + len(r"\begin{document}")
            bodies.append(document[start : document.index(r"\end{document}")])
    return bodies


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_whole_document_compiles_and_fits_the_page(lang, tmp_path):
    """``document=True`` (``--document``) compiles as it is; long rows break, so that no
    line runs more than 20 pt past the text width; the badge is typeset."""
    engine = _engine(lang)
    one = derive("x^2 e^x").to_latex(lang, document=True)
    assert one.startswith(f"% {engine}") and r"\textit{$\checkmark$" in one
    preamble = one[: one.index(r"\begin{document}")]
    document = preamble + r"\begin{document}" + "\n".join(_document_bodies(lang))
    document += "\n\\end{document}\n"
    source = tmp_path / "long.tex"
    source.write_text(document, encoding="utf-8")
    run = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", source.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    log = (tmp_path / "long.log").read_text(encoding="utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith(("!", "Missing character"))]
    assert not errors, "\n".join(errors)
    overfull = [float(pt) for pt in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide", log)]
    assert max(overfull, default=0.0) <= OVERFULL_LIMIT, sorted(overfull)[-5:]
