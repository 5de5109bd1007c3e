"""symderiv: symbolic differentiation that shows its work.

Parse a formula (plain text or LaTeX), differentiate it with named rules whose
steps *are* the computation, verify every step against SymPy, and print the
derivation in English or Japanese.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: Public name -> module that defines it.  Modules load on first use, so
#: ``import symderiv`` loads only the reader, the rules, the simplifier and the
#: printers of expressions, and SymPy is imported only when needed.
_EXPORTS: dict[str, str] = {
    # expressions
    "Expr": "expr",
    "Num": "expr",
    "Sym": "expr",
    "Const": "expr",
    "Add": "expr",
    "Mul": "expr",
    "Div": "expr",
    "Pow": "expr",
    "Neg": "expr",
    "Call": "expr",
    "Log": "expr",
    "Indexed": "expr",
    "Sum": "expr",
    "Product": "expr",
    "Derivative": "expr",
    "Equation": "expr",
    "E": "expr",
    "PI": "expr",
    "symbols": "expr",
    "exp": "expr",
    "ln": "expr",
    "log": "expr",
    "sqrt": "expr",
    # errors
    "SymDerivError": "errors",
    "ParseError": "errors",
    "LimitError": "errors",
    "GuardError": "errors",
    "NoRuleError": "errors",
    "VariableError": "errors",
    "ShapeError": "errors",
    "MatrixNotationError": "errors",
    # parsing and printing
    "parse": "parse",
    "parse_equation": "parse",
    "parse_latex": "parse",
    "to_infix": "render.infix",
    "to_latex": "render.latex",
    "to_pretty": "render.pretty",
    # differentiation
    "Step": "steps",
    "Derivation": "steps",
    "derive": "api",
    "diff": "api",
    "gradient": "api",
    "derive_implicit": "api",
    "derive_parametric": "api",
    "derive_matrix": "api",
    "MatrixDerivation": "matrix",
    "jacobian": "api",
    "hessian": "api",
    "directional": "api",
    "divergence": "api",
    "laplacian": "api",
    "derive_by_definition": "api",
    "taylor": "api",
    "simplify": "api",
    # verification and the SymPy bridge
    "to_sympy": "bridge",
    "from_sympy": "bridge",
    "verify": "api",
    "Verification": "verify",
    "check_answer": "api",
    "check_identity": "api",
    "check_work": "api",
    "grade_file": "api",
    "grade_rows": "api",
}

__all__ = sorted(_EXPORTS)

# ``symderiv.parse`` and ``symderiv.simplify`` are both subpackages and functions users
# call.  Importing the subpackages first and then binding the functions keeps
# ``from symderiv import parse`` the function however the subpackage is imported later.
# The facade (``symderiv.api``) loads on first use: through ``__getattr__`` below, or
# when a record's verifier or renderer is first asked for (:mod:`symderiv.deferred`).
from . import parse as _parse_package  # noqa: E402
from . import simplify as _simplify_package  # noqa: E402, F401
from .pipeline import simplify as simplify  # noqa: E402
from .render import infix as _infix_printer  # noqa: E402, F401  (registers str(expr))
from .render import latex as _latex_printer  # noqa: E402, F401  (registers LaTeX display)

parse = _parse_package.parse


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'symderiv' has no attribute {name!r}")
    value = getattr(import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
