"""The derivative of each activation function, step by step, in English and Japanese.

Each derivation is checked against SymPy; a non-smooth activation's step says where its
derivative does not exist (relu at 0, hardtanh at ±1), and the check is made away from
those points.  Run ``python examples/activations.py`` (``--lang en`` or ``--lang ja``
for one language only).
"""

import sys

from symderiv import check_answer, derive

#: (name, activation, the textbook derivative, in plain text)
ACTIVATIONS = [
    ("ReLU", "relu(x)", "heaviside(x)"),
    ("Leaky ReLU", "leaky_relu(x, 0.01)", "heaviside(x) + 0.01*heaviside(-x)"),
    ("ELU", "elu(x, 1)", "heaviside(x) + exp(x)*heaviside(-x)"),
    ("Hard tanh", "hardtanh(x)", "heaviside(x + 1)*heaviside(1 - x)"),
    ("Sigmoid", "sigmoid(x)", "sigmoid(x)*(1 - sigmoid(x))"),
    ("tanh", "tanh(x)", "1/cosh(x)^2"),
    ("Softplus", "softplus(x)", "sigmoid(x)"),
    ("Softsign", "softsign(x)", "1/(1 + abs(x))^2"),
    ("GELU", "gelu(x)", "Phi(x) + x*normpdf(x)"),
    ("SiLU (swish)", "silu(x)", "sigmoid(x)*(1 + x*(1 - sigmoid(x)))"),
    ("Mish", "mish(x)", "tanh(softplus(x)) + x*sigmoid(x)/cosh(softplus(x))^2"),
    ("Log-sigmoid", "logsigmoid(x)", "1 - sigmoid(x)"),
]


def main(languages: tuple[str, ...]) -> int:
    """Print each derivation; the number of derivations that did not verify or whose
    result is not the textbook's derivative."""
    failures = 0
    for title, activation, textbook in ACTIVATIONS:
        d = derive(activation)
        agrees = check_answer(activation, textbook).correct
        failures += int(not d.verification) + int(not agrees)
        for lang in languages:
            print(f"## {title} ({lang})")
            print(d.to_text(lang=lang))
            print(f"textbook: {textbook} {'✓' if agrees else '✗'}")
            print()
    return failures


if __name__ == "__main__":
    chosen = ("en", "ja")
    if len(sys.argv) == 3 and sys.argv[1] == "--lang" and sys.argv[2] in chosen:
        chosen = (sys.argv[2],)
    sys.exit(1 if main(chosen) else 0)
