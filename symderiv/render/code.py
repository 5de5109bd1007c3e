"""Source code of a function computing an expression, a derivative, a gradient, a
Jacobian or a Hessian: ``to_code(result, target="numpy", name="grad_f")``.

Our own printer over the tree (nothing is evaluated: the package never calls ``eval`` or
``exec``).  Targets: ``"numpy"``, ``"torch"``, ``"jax"``, ``"python"`` (the ``math``
module) and ``"c"`` (``double`` scalars; a vector or matrix result is written into an
output array).  Numerically safe forms replace the textbook ones where standard:
ln(1 + u) → ``log1p(u)``, eᵘ − 1 → ``expm1(u)``, 1/(1 + e⁻ᵘ) → a stable sigmoid,
ln(1 + eᵘ) → ``logaddexp(0, u)`` (softplus).  Every compound operand is parenthesised,
so the code means what the tree means.

>>> print(to_code("ln(1 + x^2)", "numpy", name="f"))
import numpy as np
<BLANKLINE>
def f(x):
    return np.log1p(x ** 2)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import SymDerivError
from ..expr import (
    ONE,
    Add,
    Call,
    Const,
    Div,
    Expr,
    Indexed,
    Log,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    fold,
    free_names,
    without,
)
from ..matrix.nodes import Node as MatrixNode
from ..matrix.nodes import children as matrix_children
from ..parse import parse_any
from ..simplify.trig import to_sines_and_cosines

__all__ = ["TARGETS", "CodeError", "Target", "matrix_to_code", "to_code"]


class CodeError(SymDerivError, ValueError):
    """The expression has a part the target language has no form for."""


@dataclass(frozen=True)
class Target:
    """How one language writes things: its import lines, its function names, its power
    operator and its constants; ``helpers`` are function definitions the code needs."""

    name: str
    imports: str
    functions: dict[str, str]
    power: Callable[[str, str], str]
    constants: dict[str, str]
    log1p: str
    expm1: str
    sigmoid: str
    softplus: str
    helpers: dict[str, str] = field(default_factory=dict)


_COMMON = ("sin", "cos", "tan", "sinh", "cosh", "tanh", "exp", "sqrt", "abs")


def _table(prefix: str, renames: dict[str, str]) -> dict[str, str]:
    names = {name: f"{prefix}{name}" for name in _COMMON}
    names.update({k: f"{prefix}{v}" for k, v in renames.items()})
    return names


_ARC_NUMPY = {
    "asin": "arcsin",
    "acos": "arccos",
    "atan": "arctan",
    "asinh": "arcsinh",
    "acosh": "arccosh",
    "atanh": "arctanh",
    "cbrt": "cbrt",
    "ln": "log",
}
_ARC_PLAIN = {
    "asin": "asin",
    "acos": "acos",
    "atan": "atan",
    "asinh": "asinh",
    "acosh": "acosh",
    "atanh": "atanh",
    "ln": "log",
}

_PY_SIGMOID = """\
def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    t = math.exp(z)
    return t / (1.0 + t)
"""
_NP_SIGMOID = """\
def _sigmoid(z):
    t = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + t), t / (1.0 + t))
"""
_C_SIGMOID = """\
static double sigmoid_(double z) {
    if (z >= 0) return 1.0 / (1.0 + exp(-z));
    double t = exp(z);
    return t / (1.0 + t);
}
"""


def _python_power(base: str, exponent: str) -> str:
    return f"{base} ** {exponent}"


TARGETS: dict[str, Target] = {
    "numpy": Target(
        "numpy",
        "import numpy as np",
        _table("np.", _ARC_NUMPY),
        _python_power,
        {"e": "np.e", "pi": "np.pi"},
        "np.log1p",
        "np.expm1",
        "_sigmoid",
        "np.logaddexp(0, {})",
        {"_sigmoid": _NP_SIGMOID},
    ),
    "torch": Target(
        "torch",
        "import math\nimport torch",
        _table("torch.", {**_ARC_PLAIN, "cbrt": "cbrt"}),
        _python_power,
        {"e": "math.e", "pi": "math.pi"},
        "torch.log1p",
        "torch.expm1",
        "torch.sigmoid",
        "torch.nn.functional.softplus({})",
    ),
    "jax": Target(
        "jax",
        "import jax\nimport jax.numpy as jnp",
        _table("jnp.", _ARC_NUMPY),
        _python_power,
        {"e": "jnp.e", "pi": "jnp.pi"},
        "jnp.log1p",
        "jnp.expm1",
        "jax.nn.sigmoid",
        "jnp.logaddexp(0, {})",
    ),
    "python": Target(
        "python",
        "import math",
        {**_table("math.", _ARC_PLAIN), "abs": "abs"},
        _python_power,
        {"e": "math.e", "pi": "math.pi"},
        "math.log1p",
        "math.expm1",
        "_sigmoid",
        "(max({0}, 0) + math.log1p(math.exp(-abs({0}))))",
        {"_sigmoid": _PY_SIGMOID},
    ),
    "c": Target(
        "c",
        "#include <math.h>",
        {**_table("", _ARC_PLAIN), "abs": "fabs", "cbrt": "cbrt"},
        lambda base, exponent: f"pow({base}, {exponent})",
        {"e": "M_E", "pi": "M_PI"},
        "log1p",
        "expm1",
        "sigmoid_",
        "(fmax({0}, 0) + log1p(exp(-fabs({0}))))",
        {"sigmoid_": _C_SIGMOID},
    ),
}
# torch.abs etc. already in the common table; math has fabs but abs() works for floats.


def _number(value: int | Fraction, target: Target) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        text = f"{value.numerator}"
        return f"{text}.0" if target.name == "c" else text
    return f"({value.numerator}.0/{value.denominator}.0)"


def _one_plus(node: Expr) -> Expr | None:
    """``u`` when ``node`` is 1 + u (or u + 1)."""
    if isinstance(node, Add) and len(node.children) == 2 and ONE in node.children:
        rest = [c for c in node.children if c is not ONE]
        return rest[0] if len(rest) == 1 else None
    return None


def _exp_argument(node: Expr) -> Expr | None:
    if isinstance(node, Call) and node.name == "exp":
        return node.children[0]
    if isinstance(node, Pow) and node.children[0] == Const("e"):
        return node.children[1]
    return None


class _Printer:
    """Prints one tree for one target, noting the helpers it used."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.used: set[str] = set()

    def __call__(self, expr: Expr) -> str:
        return fold(expr, self.combine, needs=without(self.special))

    def special(self, node: Expr) -> bool:
        return self.safe_form(node) is not None

    def safe_form(self, node: Expr) -> str | None:
        """log1p, expm1, sigmoid and softplus where the tree has their textbook form."""
        t = self.target
        if isinstance(node, Log) and node.natural:
            inner = _one_plus(node.arg)
            if inner is not None:
                exponent = _exp_argument(inner)
                if exponent is not None:
                    return t.softplus.format(self(exponent))
                return f"{t.log1p}({self(inner)})"
        if isinstance(node, Add) and len(node.children) == 2:
            first, second = node.children
            exponent = _exp_argument(first)
            if exponent is not None and second == Num(-1):
                return f"{t.expm1}({self(exponent)})"
        if isinstance(node, Div) and node.children[0] is ONE:
            inner = _one_plus(node.children[1])
            exponent = _exp_argument(inner) if inner is not None else None
            if exponent is not None:
                self.used.add(t.sigmoid)
                negated = exponent.children[0] if isinstance(exponent, Neg) else None
                argument = self(negated) if negated is not None else f"-({self(exponent)})"
                return f"{t.sigmoid}({argument})"
        if isinstance(node, Call) and node.name == "sigmoid":
            self.used.add(t.sigmoid)
            return f"{t.sigmoid}({self(node.children[0])})"
        if isinstance(node, Call) and node.name == "softplus":
            return t.softplus.format(self(node.children[0]))
        return None

    def combine(self, node: Expr, children: list[str]) -> str:
        safe = self.safe_form(node)
        if safe is not None:
            return safe
        t = self.target
        wrapped = [f"({c})" if not _atomic(c) else c for c in children]
        if isinstance(node, Num):
            return _number(node.value, t)
        if isinstance(node, Sym):
            return node.name
        if isinstance(node, Const):
            return t.constants[node.name]
        if isinstance(node, Add):
            return " + ".join(wrapped)
        if isinstance(node, Mul):
            return " * ".join(wrapped)
        if isinstance(node, Div):
            return f"{wrapped[0]} / {wrapped[1]}"
        if isinstance(node, Neg):
            return f"-{wrapped[0]}"
        if isinstance(node, Pow):
            if node.children[0] == Const("e"):
                return f"{t.functions['exp']}({children[1]})"
            return t.power(wrapped[0], wrapped[1])
        if isinstance(node, Log):
            log = t.functions["ln"]
            if node.natural:
                return f"{log}({children[0]})"
            return f"{log}({children[0]}) / {log}({children[1]})"
        if isinstance(node, Call) and node.name in t.functions:
            return f"{t.functions[node.name]}({', '.join(children)})"
        written = to_sines_and_cosines(node)
        if written is not node:  # sec, csc, cot, sech, …, which no target names
            return self(written)
        if isinstance(node, Indexed):
            raise CodeError(f"indexed variables ({node}) have no {t.name} form yet")
        raise CodeError(f"{getattr(node, 'name', type(node).__name__)} has no {t.name} form")


def _atomic(text: str) -> bool:
    return text.replace("_", "").replace(".", "").isalnum() or (
        text.endswith(")") and _balanced_call(text)
    )


def _balanced_call(text: str) -> bool:
    """``name(…)`` whose first parenthesis closes at the end."""
    start = text.find("(")
    if start <= 0 or not text[:start].replace(".", "").replace("_", "").isalnum():
        return False
    depth = 0
    for i, character in enumerate(text[start:], start):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def _shape(obj: Any) -> tuple[Any, list[str]]:
    """The expressions to print (an expression, a tuple, or a tuple of tuples) and the
    variables, sorted, of the function they come from."""
    if isinstance(obj, str):
        tree = parse_any(obj)
        return tree, sorted(free_names(tree))
    if isinstance(obj, Expr):
        return obj, sorted(free_names(obj))
    matrix = getattr(obj, "matrix", None)
    if matrix is not None:
        names: set[str] = set()
        for f in getattr(obj, "functions", ()):
            names |= free_names(f)
        return matrix, sorted(names | {str(v) for v in getattr(obj, "variables", ())})
    source = getattr(obj, "source", None) or getattr(obj, "expr", None)
    result = obj.result
    names = set(free_names(source)) if isinstance(source, Expr) else set()
    for attribute in ("var", "dependent", "parameter"):
        named = getattr(obj, attribute, None)
        if isinstance(named, Sym):
            names.add(named.name)
    if isinstance(result, tuple):
        for entry in result:
            names |= free_names(entry) if isinstance(entry, Expr) else set()
        return result, sorted(names)
    return result, sorted(names | free_names(result))


def to_code(
    obj: Any, target: str = "numpy", name: str = "f", variables: Sequence[str] | None = None
) -> str:
    """The source of a function ``name(x, y, …)`` computing ``obj`` (an expression, its
    text, a derivation, a gradient, a Jacobian or a Hessian) in ``target``."""
    chosen = TARGETS.get(target)
    if chosen is None:
        raise CodeError(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")
    if not name.isidentifier():
        raise CodeError(f"{name!r} is not a function name")
    if isinstance(getattr(obj, "expr", None), MatrixNode):
        return matrix_to_code(obj, target, name)
    shape, found = _shape(obj)
    arguments = list(variables) if variables is not None else found
    printer = _Printer(chosen)
    if chosen.name == "c":
        body = _c_body(shape, printer)
    else:
        body = _python_body(shape, printer)
    helpers = "".join(chosen.helpers[h] + "\n" for h in sorted(printer.used) if h in chosen.helpers)
    if chosen.name == "c":
        params = ", ".join(f"double {a}" for a in arguments)
        output = ", double *out" if not isinstance(shape, Expr) else ""
        kind = "double" if isinstance(shape, Expr) else "void"
        signature = f"{kind} {name}({params}{output})"
        return f"{chosen.imports}\n\n{helpers}{signature} {{\n{body}}}\n".rstrip("\n")
    signature = f"def {name}({', '.join(arguments)}):"
    return f"{chosen.imports}\n\n{helpers}{signature}\n{body}".rstrip("\n")


#: Array targets: how they broadcast a list of entries and stack them.
_ARRAYS = {
    "numpy": ("np.broadcast_arrays({})", "np.stack(entries)"),
    "jax": ("jnp.broadcast_arrays({})", "jnp.stack(entries)"),
    "torch": (
        "torch.broadcast_tensors({})",
        "torch.stack(entries)",
    ),
}


def _python_body(shape: Any, printer: _Printer) -> str:
    """``return`` of a scalar, or of the entries broadcast against each other and stacked
    into an array of the result's shape (for scalars: that shape; for arrays of points:
    that shape followed by theirs)."""
    t = printer.target
    if isinstance(shape, Expr):
        return f"    return {printer(shape)}\n"
    is_vector = bool(shape) and isinstance(shape[0], Expr)
    rows = [shape] if is_vector else list(shape)
    printed = [printer(cell) for row in rows for cell in row]
    dimensions = (len(rows[0]),) if is_vector else (len(rows), len(rows[0]))
    if t.name in _ARRAYS:
        broadcast, stack = _ARRAYS[t.name]
        cells = printed
        if t.name == "torch":
            cells = [f"torch.as_tensor({c}, dtype=torch.float64)" for c in printed]
        else:
            cells = [f"{c} + 0.0" if _constant_text(c) else c for c in printed]
        return (
            f"    entries = {broadcast.format(', '.join(cells))}\n"
            f"    return {stack}.reshape({dimensions} + tuple(entries[0].shape))\n"
        )
    if is_vector:
        return f"    return [{', '.join(printed)}]\n"
    width = len(rows[0])
    listed = ["[" + ", ".join(printed[k * width : (k + 1) * width]) + "]" for k in range(len(rows))]
    return f"    return [{', '.join(listed)}]\n"


def _constant_text(text: str) -> bool:
    return text.replace(".", "").replace("(", "").replace(")", "").replace("-", "").isdigit()


def _c_body(shape: Any, printer: _Printer) -> str:
    if isinstance(shape, Expr):
        return f"    return {printer(shape)};\n"
    rows = [shape] if shape and isinstance(shape[0], Expr) else list(shape)
    lines = []
    index = 0
    for row in rows:
        for cell in row:
            lines.append(f"    out[{index}] = {printer(cell)};\n")
            index += 1
    return "".join(lines)


# -- vectors and matrices (the results of symderiv.matrix) ---------------------------------
#: How each array library writes the matrix operations: ``{}`` is the operand.
_MATRIX_OPS: dict[str, dict[str, str]] = {
    "numpy": {
        "module": "np",
        "asarray": "np.asarray({}, dtype=float)",
        "transpose": "np.transpose({})",
        "inverse": "np.linalg.inv({})",
        "det": "np.linalg.det({})",
        "trace": "np.trace({})",
        "norm": "np.linalg.norm({})",
        "sum": "np.sum({})",
        "diag": "np.diagflat({})",
        "diag_part": "np.diag({}).reshape(-1, 1)",
        "eye": "np.eye({})",
        "ones": "np.ones(({}, {}))",
        "zeros": "np.zeros(({}, {}))",
        "relu": "np.maximum({}, 0)",
        "step": "np.heaviside({}, 0.5)",
        "softmax": "_softmax({})",
        "logsumexp": "_logsumexp({})",
    },
    "jax": {
        "module": "jnp",
        "asarray": "jnp.asarray({}, dtype=float)",
        "transpose": "jnp.transpose({})",
        "inverse": "jnp.linalg.inv({})",
        "det": "jnp.linalg.det({})",
        "trace": "jnp.trace({})",
        "norm": "jnp.linalg.norm({})",
        "sum": "jnp.sum({})",
        "diag": "jnp.diagflat({})",
        "diag_part": "jnp.diag({}).reshape(-1, 1)",
        "eye": "jnp.eye({})",
        "ones": "jnp.ones(({}, {}))",
        "zeros": "jnp.zeros(({}, {}))",
        "relu": "jnp.maximum({}, 0)",
        "step": "jnp.heaviside({}, 0.5)",
        "softmax": "jax.nn.softmax({}, axis=0)",
        "logsumexp": "jax.scipy.special.logsumexp({})",
    },
    "torch": {
        "module": "torch",
        "asarray": "torch.as_tensor({}, dtype=torch.float64)",
        "transpose": "torch.transpose(torch.atleast_2d({}), 0, 1)",
        "inverse": "torch.linalg.inv({})",
        "det": "torch.linalg.det({})",
        "trace": "torch.trace({})",
        "norm": "torch.linalg.norm({})",
        "sum": "torch.sum({})",
        "diag": "torch.diagflat({})",
        "diag_part": "torch.diagonal({}).reshape(-1, 1)",
        "eye": "torch.eye({}, dtype=torch.float64)",
        "ones": "torch.ones(({}, {}), dtype=torch.float64)",
        "zeros": "torch.zeros(({}, {}), dtype=torch.float64)",
        "relu": "torch.relu({})",
        "step": "torch.heaviside({0}, torch.full_like({0}, 0.5))",
        "softmax": "torch.softmax({}, dim=0)",
        "logsumexp": "torch.logsumexp({}, dim=0, keepdim=True)",
    },
}

_NP_SOFTMAX = """\
def _softmax(u):
    e = np.exp(u - np.max(u))
    return e / np.sum(e)
"""
_NP_LOGSUMEXP = """\
def _logsumexp(u):
    m = np.max(u)
    return m + np.log(np.sum(np.exp(u - m)))
"""


class _MatrixPrinter:
    """Prints a matrix expression for an array library, every vector a column (n × 1)
    and every scalar a number or a 1 × 1 array, so that each product means what the
    formula's product means."""

    def __init__(self, target: Target, dims: dict[str, str]) -> None:
        self.target = target
        self.ops = _MATRIX_OPS[target.name]
        self.dims = dims
        self.used: set[str] = set()
        self.scalar = _Printer(target)

    def dim(self, dim: Any) -> str:
        if isinstance(dim, int):
            return str(dim)
        found = self.dims.get(str(dim))
        if found is None:
            raise CodeError(f"no argument gives the size {dim}")
        return found

    def __call__(self, node: Any) -> str:
        op = self.ops
        kids = [self(k) for k in matrix_children(node)]
        wrapped = [k if _atomic(k) else f"({k})" for k in kids]
        kind = type(node).__name__
        if kind == "Var":
            return str(node.name)
        if kind == "Num":
            return _number(node.value, self.target)
        if kind == "Ones":
            return op["ones"].format(self.dim(node.rows), self.dim(node.cols))
        if kind == "Zero":
            return op["zeros"].format(self.dim(node.rows), self.dim(node.cols))
        if kind == "Identity":
            return op["eye"].format(self.dim(node.size))
        if kind == "Add":
            return " + ".join(wrapped)
        if kind == "MatMul":
            return " @ ".join(wrapped)
        if kind in ("Scale", "Hadamard"):
            return f"{wrapped[0]} * {wrapped[1]}"
        if kind == "Div":
            return f"{wrapped[0]} / {wrapped[1]}"
        if kind == "Power":
            return f"{wrapped[0]} ** {_number(node.exponent, self.target)}"
        simple = {
            "Transpose": "transpose",
            "Inverse": "inverse",
            "Det": "det",
            "Trace": "trace",
            "Norm": "norm",
            "SumAll": "sum",
            "Diag": "diag",
            "DiagPart": "diag_part",
        }
        if kind in simple:
            return op[simple[kind]].format(kids[0])
        if kind == "Func":
            return self.function(str(node.name), kids[0])
        if kind == "VecFunc":
            name = str(node.name)
            if name in ("softmax", "logsumexp") and self.target.name == "numpy":
                self.used.add(f"_{name}")
            return op[name].format(kids[0])
        raise CodeError(f"{kind} has no {self.target.name} form")

    def function(self, name: str, arg: str) -> str:
        t = self.target
        if name in ("relu", "step"):
            return self.ops[name].format(arg)
        if name == "sigma":
            if t.name == "numpy":
                self.used.add("_sigmoid")
            return f"{t.sigmoid}({arg})"
        if name == "softplus":
            return t.softplus.format(arg)
        if name == "log":
            return f"{t.functions['ln']}({arg})"
        return f"{t.functions[name]}({arg})"


def matrix_to_code(derivation: Any, target: str = "numpy", name: str = "grad") -> str:
    """The source of a function computing a matrix derivation's result (a gradient of
    the shape of its variable, or a Jacobian) for ``numpy``, ``jax`` or ``torch``; its
    arguments are the formula's names, sorted, vectors given as 1-D arrays."""
    if target not in _MATRIX_OPS:
        raise CodeError(f"matrix results print for {', '.join(_MATRIX_OPS)}, not {target!r}")
    chosen = TARGETS[target]
    shapes: dict[str, Any] = dict(derivation.shapes)
    arguments = sorted(shapes)
    dims: dict[str, str] = {}
    for argument in arguments:
        rows, cols, _ = shapes[argument]
        for axis, dim in enumerate((rows, cols)):
            if isinstance(dim, str) and dim not in dims:
                dims[dim] = f"{argument}.shape[{axis}]"
    printer = _MatrixPrinter(chosen, dims)
    body = printer(derivation.result)
    op = printer.ops
    lines = [f"def {name}({', '.join(arguments)}):"]
    for argument in arguments:
        rows, cols, _ = shapes[argument]
        if (rows, cols) == (1, 1):
            continue
        lines.append(f"    {argument} = {op['asarray'].format(argument)}")
        if cols == 1:
            lines.append(f"    {argument} = {argument}.reshape(-1, 1)")
    rows, cols, _ = shapes[str(derivation.var.name)]
    lines.append(f"    result = {body}")
    if (rows, cols) == (1, 1):
        lines.append("    return result.reshape(()) if hasattr(result, 'reshape') else result")
    elif cols == 1:
        lines.append("    return result.reshape(-1)")
    else:
        lines.append("    return result")
    helpers = {"_sigmoid": _NP_SIGMOID, "_softmax": _NP_SOFTMAX, "_logsumexp": _NP_LOGSUMEXP}
    used = printer.used | printer.scalar.used
    extra = "".join(helpers[h] + "\n" for h in sorted(used) if h in helpers)
    imports = chosen.imports + ("\nimport jax.scipy.special" if target == "jax" else "")
    return f"{imports}\n\n{extra}" + "\n".join(lines)
