"""The gradients of six classic losses, step by step, in English and Japanese.

Run ``python examples/ml_losses.py post.md`` to also write them as one Markdown post
that a MathJax blog can publish as is.
"""

import sys
from pathlib import Path

from symderiv import derive

#: (title, loss in LaTeX, variable, given facts, the textbook result)
LOSSES = [
    (
        "Cross-entropy",
        r"-\frac{1}{N}\sum_{i=1}^{N}\sum_{k=1}^{K} t_{ik}\log y_{ik}",
        "y_{jl}",
        [],
        "-t[j, l]/(N*y[j, l])",
    ),
    (
        "Binary cross-entropy, one sample",
        r"-\left(t\log y + (1-t)\log(1-y)\right)",
        "y",
        [],
        "(y - t)/(y*(1 - y))",
    ),
    (
        "Binary cross-entropy of a sigmoid",
        r"-\left(t\log\sigma(z) + (1-t)\log(1-\sigma(z))\right)",
        "z",
        [],
        "sigmoid(z) - t",
    ),
    (
        "Cross-entropy of a softmax",
        r"-\sum_{k=1}^{K} t_k \log \operatorname{softmax}(z)_k",
        "z_j",
        [r"\sum_{k=1}^{K} t_k = 1"],
        "softmax(z, j) - t[j]",
    ),
    (
        "Mean squared error",
        r"\frac{1}{2}\sum_{k=1}^{K}(y_k - t_k)^2",
        "y_j",
        [],
        "y[j] - t[j]",
    ),
    (
        "Logistic regression",
        r"-\frac{1}{N}\sum_{i=1}^{N}\left[t_i\log\sigma\left(\sum_{k=1}^{K} w_k x_{ik}\right)"
        r" + (1-t_i)\log\left(1-\sigma\left(\sum_{k=1}^{K} w_k x_{ik}\right)\right)\right]",
        "w_j",
        [],
        "1/N*sum(x[i, j]*(sigmoid(sum(w[k]*x[i, k], k, 1, K)) - t[i]), i, 1, N)",
    ),
]

#: python ml_losses.py post.md plain: Markdown for Python-Markdown or marked with MathJax
#: (the default, math, is for Markdown that reads $…$ itself: GitHub, Zenn, Jupyter).
FLAVOR = sys.argv[2] if len(sys.argv) > 2 else "math"
sections = ["# The gradients of six losses, step by step\n"]
for title, loss, var, given, expected in LOSSES:
    derivation = derive(loss, var, given=given)
    assert str(derivation.result) == expected, derivation.result
    assert derivation.verification.status == "verified", derivation.verification.summary()
    for lang in ("en", "ja"):
        print(derivation.to_text(lang=lang))
        print()
    markdown = derivation.to_markdown(lang="en", flavor=FLAVOR)
    sections.append(f"## {title}\n\n{markdown}")

post = "\n".join(sections)
if len(sys.argv) > 1:
    Path(sys.argv[1]).write_text(post, encoding="utf-8")
    print(f"wrote {sys.argv[1]}")
