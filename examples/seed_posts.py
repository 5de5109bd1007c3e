"""The seed series' derivations: logₐ x, the exponent laws, and (aˣ)′ from (eˣ)′."""

from symderiv import check_identity, derive

for lang in ("en", "ja"):
    print(derive("log(x, a)").to_text(lang=lang, explain=True))
    print()
    print(derive("a^x").to_text(lang=lang, explain=True))
    print()

for identity in [
    r"a^{x} \times a^{y} = a^{x+y}",
    r"\frac 1 {a^{x}} = a^{- x}",
    r"\frac {a^{y}} {a^{x}} = a^{y - x}",
    r"(a^{x}) ^{y} = a^{xy}",
    r"(a^{x})' = a^{x} \log_e {a}",
    r"(e^{x})' = e^{x}",
    r"\log_2(8) = 3",
]:
    verdict = check_identity(identity)
    print(verdict.summary())
    assert verdict, identity
