"""The main use: a derivation step by step, in English and Japanese, and as JSON."""

import json

from symderiv import derive

derivation = derive("x^2 e^x")
print(derivation.to_text(lang="en"))
print()
print(derivation.to_text(lang="ja"))
print()
print(json.dumps(derivation.to_dict()["verification"], indent=2))
