"""Cross-entropy losses, step by step, and a Markdown post a MathJax blog can publish."""

import sys
from pathlib import Path

from symderiv import derive

binary = derive("-(t ln y + (1 - t) ln(1 - y))", "y")
sigmoid = derive(r"-(t \ln \sigma(z) + (1 - t) \ln(1 - \sigma(z)))", "z")

for derivation in (binary, sigmoid):
    for lang in ("en", "ja"):
        print(derivation.to_text(lang=lang))
        print()

assert str(sigmoid.result) == "sigmoid(z) - t"
post = Path(sys.argv[1]) if len(sys.argv) > 1 else None
markdown = "# ∂L/∂z of the sigmoid cross-entropy\n\n" + sigmoid.to_markdown(lang="en")
if post is not None:
    post.write_text(markdown, encoding="utf-8")
    print(f"wrote {post}")
else:
    print(markdown)
