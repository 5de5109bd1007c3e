"""Gradients and Jacobians in vector and matrix notation, step by step and verified entry by
entry: the documented examples (The Matrix Cookbook, matrixcalculus.org, machine learning),
then three derivations in full, in English and Japanese.

Run ``python examples/matrix_gradients.py`` (add ``--latex`` for the LaTeX of each result).
"""

import sys

from symderiv import derive
from symderiv.matrix.catalogue import CATALOGUE
from symderiv.matrix.printing import display_name


def main() -> int:
    latex = "--latex" in sys.argv[1:]
    wrong = 0
    for example in CATALOGUE:
        d = derive(
            example.formula,
            example.var,
            shapes=example.shapes,
            symmetric=example.symmetric,
            given=example.given,
        )
        mark = "✓" if d.verification else "✗"
        shown = d.result.latex() if latex else str(d.result)
        var = display_name(d.var.name)
        print(f"{mark} {example.label:34} ∂/∂{var}: {shown}   [{example.source}]")
        wrong += str(d.result) != example.expected or not d.verification
    print()
    least_squares = derive(
        r"\|A x - b\|^2", "x", shapes={"A": ("m", "n"), "x": ("n",), "b": ("m",)}
    )
    print(least_squares)
    print()
    layer = r"\|W_2 \tanh(W_1 x) - y\|^2"
    network = derive(
        layer, "W_1", shapes={"W_1": ("h", "n"), "W_2": ("m", "h"), "x": ("n",), "y": ("m",)}
    )
    print(network.to_text(lang="ja"))
    print()
    print(derive("softmax(z)", "z", vectors=["z"]))
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
