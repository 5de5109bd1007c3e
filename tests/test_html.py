"""The HTML view: one self-contained page (KaTeX inlined), the steps as a collapsible
tree, the badge, the plot when asked; the fragment for Jupyter's ``_repr_html_``; and a
headless Chromium that typesets the page without a math error and opens a step on a
click (skipped, with the reason, where Chromium is not installed)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from symderiv import Sym, derive
from symderiv.cli import main
from symderiv.render.html import render_html

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser")
                 if shutil.which(name)), None)  # fmt: skip


def _page(text: str = "x^2 e^x + ln(x)^2", var: str = "x", **options) -> str:
    return derive(text, var).to_html("en", **options)


def test_the_page_is_self_contained():
    page = _page()
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:""", page)
    assert "katex" in page and "data:font/woff2;base64," in page
    assert 'class="badge verified"' in page


def test_the_steps_are_a_collapsible_tree_with_the_why():
    page = _page(explain=True)
    assert page.count("<details") >= 2 and "<details open>" in page
    assert 'class="why"' in page and "divide by h" in page
    assert r"\text{Result: }" in page  # the answer line


def test_the_fragment_is_what_jupyter_shows():
    derivation = derive("x^2 e^x")
    fragment = derivation._repr_html_()
    assert fragment.startswith('<div class="symderiv">') and "<script" not in fragment
    assert r"\(\frac{d}{dx}\left(x^{2} e^{x}\right)\)" in fragment


def test_names_are_text_not_markup():
    v = Sym("a&b")
    page = render_html(derive(v**2, v, verify=False), "en", document=False)
    assert r"\mathtt{a\&amp;{}b}" in page
    assert not re.search(r"&(?!amp;|lt;|gt;|quot;|#x27;)", page)


def test_japanese_and_the_plot(tmp_path):
    pytest.importorskip("matplotlib", reason="plots need matplotlib")
    image = tmp_path / "plot.png"
    out = tmp_path / "page.html"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["x^2 sin(x)", "-f", "html", "--lang", "ja", "--plot", str(image)])
    out.write_text(buffer.getvalue(), encoding="utf-8")
    page = out.read_text(encoding="utf-8")
    assert code == 0 and '<html lang="ja">' in page and "data:image/png;base64," in page
    assert "SymPy で検証済み" in page


def test_a_value_at_a_point_is_drawn_inside_the_page():
    derivation = derive("x^2")
    point = derivation.at(x=3).to_html("en")
    assert point.startswith('<div class="course">') and "<h2>At x = 3</h2>" in point
    slope = r'<span class="math">\(f&#x27;(3) = 6\)</span><span class="rule">slope ≈ 6</span>'
    assert slope in point
    assert '<p class="badge verified">✓ exact values agree' in point
    page = derivation.to_html("en", after=[point])
    assert page.index(point) < page.index("</div>\n<script>")  # in the page's block
    assert derivation.to_html("en", document=False, after=["<p>x</p>"]).endswith("<p>x</p>\n</div>")


_PROBE = """
<script>
window.addEventListener("load", function () {
  var step = document.querySelector("ol.steps details:not([open])");
  var inner = step.querySelector("ol, .why");
  function shown(el) {
    return el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0;
  }
  var before = shown(inner);
  step.querySelector("summary").click();
  var after = shown(inner);
  document.body.setAttribute("data-collapse-test", before + "," + after + "," + step.open);
});
</script>
</body>"""


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (see .ci/run)")
def test_chromium_typesets_the_page_and_opens_a_step(tmp_path):
    page = _page("-(t ln σ(z) + (1 - t) ln(1 - σ(z)))", "z", explain=True)
    source = tmp_path / "page.html"
    source.write_text(page.replace("</body>", _PROBE), encoding="utf-8")
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
         "--dump-dom", source.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    dom = run.stdout
    assert 'data-typeset="done"' in dom, run.stderr[-2000:]
    assert 'data-math-errors="0"' in dom
    assert "math math-error" not in dom
    assert dom.count('class="katex"') > 20
    assert 'data-collapse-test="false,true,true"' in dom
