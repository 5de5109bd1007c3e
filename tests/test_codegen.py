"""Code printed from our trees: the generated NumPy, Python and PyTorch functions are run
and compared with our own numeric evaluation (symderiv.numeric), and with PyTorch's
autograd where PyTorch is installed."""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from symderiv import derive, gradient, hessian, parse
from symderiv.numeric import evaluate
from symderiv.render.code import CodeError, to_code

np = pytest.importorskip("numpy")


def _load(source: str, tmp_path: Path, name: str = "generated") -> ModuleType:
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FUNCTIONS = [
    "x^2 e^x",
    "sin(x)^2 + cos(x)/x",
    "ln(1 + x^2)",
    "1/(1 + e^(-x))",
    "sqrt(x^2 + 1) tan(x)",
    "x^(sin x)",
    "atan(x) + sinh(x)",
    # answers with the ratio functions no target names: sec, csc, cot, sech, csch, coth
    "sec(x) tan(x)",
    "csc(x) + ln(sin(x))",
    "tanh(x)^2 + coth(x)",
]
POINTS = (0.3, 0.9, 1.7)


@pytest.mark.parametrize("text", FUNCTIONS)
@pytest.mark.parametrize("target", ["numpy", "python"])
def test_generated_derivative_agrees_with_our_evaluation(
    text: str, target: str, tmp_path: Path
) -> None:
    d = derive(text, verify=False)
    module = _load(to_code(d, target, name="df"), tmp_path)
    for x in POINTS:
        expected = float(evaluate(d.result, {"x": x}).real)
        assert math.isclose(float(module.df(x)), expected, rel_tol=1e-9, abs_tol=1e-12)


def test_safe_forms_are_used() -> None:
    assert "np.log1p(x ** 2)" in to_code(parse("ln(1 + x^2)"))
    assert "np.expm1(x)" in to_code(parse("e^x - 1"))
    assert "np.logaddexp(0, x)" in to_code(parse("ln(1 + e^x)"))
    sigmoid = to_code(parse("1/(1 + e^(-x))"))
    assert "_sigmoid(x)" in sigmoid and "def _sigmoid" in sigmoid


def test_a_formula_given_as_text_may_be_latex() -> None:
    assert to_code(r"\ln\left(1 + x^{2}\right)") == to_code("ln(1 + x^2)")
    assert "_sigmoid(x)" in to_code(r"\frac{1}{1 + e^{-x}}")


def test_the_stable_sigmoid_does_not_overflow(tmp_path: Path) -> None:
    module = _load(to_code(parse("1/(1 + e^(-x))"), "numpy"), tmp_path)
    with np.errstate(over="raise"):
        values = module.f(np.array([-1000.0, 0.0, 1000.0]))
    assert values.tolist() == [0.0, 0.5, 1.0]


def test_gradient_and_hessian_arrays(tmp_path: Path) -> None:
    g = gradient("x^2 y + sin(x y)", "x y", verify=False)
    grad = _load(to_code(g, "numpy", name="grad"), tmp_path, "grad").grad(0.4, 1.3)
    for value, entry in zip(grad, g.result, strict=True):
        assert math.isclose(value, float(evaluate(entry, {"x": 0.4, "y": 1.3}).real))
    h = hessian("(1 - x)^2 + 100 (y - x^2)^2", "x, y", verify=False)
    matrix = _load(to_code(h, "numpy", name="hess"), tmp_path, "hess").hess(0.5, 0.2)
    assert matrix.shape == (2, 2) and matrix.tolist() == [[222.0, -200.0], [-200.0, 200.0]]


def test_c_code_for_a_hessian() -> None:
    code = to_code(hessian("x^2 + 3 x y", "x, y", verify=False), "c", name="h")
    assert "void h(double x, double y, double *out)" in code and "out[3] = 0.0;" in code


def test_no_form_is_a_clear_error() -> None:
    with pytest.raises(CodeError, match="target"):
        to_code(parse("x"), "fortran")
    with pytest.raises(CodeError, match="not a function name"):
        to_code(parse("x"), "numpy", name="f(x)")


def test_the_package_never_evaluates_code() -> None:
    package = Path(__file__).resolve().parent.parent / "symderiv"
    called = re.compile(r"(?<![\w.])(eval|exec)\(")
    for path in package.rglob("*.py"):
        assert called.search(path.read_text(encoding="utf-8")) is None, path


def test_against_pytorch_autograd(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    for text in FUNCTIONS:
        f = _load(to_code(parse(text), "torch", name="f"), tmp_path, "f_torch").f
        df = _load(to_code(derive(text, verify=False), "torch", name="df"), tmp_path, "df_t").df
        for x in POINTS:
            t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
            (slope,) = torch.autograd.grad(f(t), t)
            assert math.isclose(float(slope), float(df(torch.tensor(x, dtype=torch.float64))))


def test_code_format_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from symderiv.cli import main

    assert main(["x^2 sin x", "--format", "numpy"]) == 0
    assert "def df(x):" in capsys.readouterr().out


MATRIX_CASES = [
    ("x^T A x", {"x": ("n",), "A": ("n", "n")}),
    ("log(sum(exp(W x)))", {"x": ("n",), "W": ("m", "n")}),
    ("sum(sigma(W x))", {"x": ("n",), "W": ("m", "n")}),
    ("tr(X^T A X)", {"X": ("n", "k"), "A": ("n", "n")}),
]


@pytest.mark.parametrize(("text", "shapes"), MATRIX_CASES)
def test_matrix_gradients_agree_with_the_entrywise_oracle(
    text: str, shapes: dict[str, tuple[str, ...]], tmp_path: Path
) -> None:
    from symderiv import derive
    from symderiv.matrix import explicit

    sp = pytest.importorskip("sympy")
    variable = "X" if "X" in shapes else "x"
    d = derive(text, variable, shapes=shapes, verify=False)
    grad = _load(to_code(d, "numpy", name="grad"), tmp_path, "mgrad").grad
    sizes = {"n": 3, "m": 2, "k": 2}
    rng = np.random.default_rng(7)
    arrays: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for name, dims in shapes.items():
        rows = sizes[dims[0]]
        cols = sizes[dims[1]] if len(dims) > 1 else 1
        data = rng.uniform(-1, 1, size=(rows, cols))
        values[name] = sp.ImmutableMatrix(data.tolist())
        arrays[name] = data.reshape(-1) if len(dims) == 1 else data
    expected = np.array(explicit(d.result, values, sizes).tolist(), dtype=float)
    ours = np.asarray(grad(**arrays), dtype=float)
    assert np.allclose(ours.reshape(expected.shape), expected, rtol=1e-10, atol=1e-12)
