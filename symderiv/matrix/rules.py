"""The rules of matrix calculus, as data, and the differentiator that applies them.

Every rule answers one question: given an expression ``u`` that depends on the variable
X and an *adjoint* G of u's shape, what is ∇_X ⟨G, u⟩ with G held fixed?  For a scalar
``u`` and G = 1 this is the gradient ∇_X u in denominator layout (the shape of X); for
a vector ``u`` it is the vector–Jacobian product Jᵀ G of the chain rule, by which an
upstream gradient G flows back through ``u`` (for u = Wx, ∂L/∂W = δxᵀ).  Each rule
states its formula (registered in :data:`symderiv.steps.RULES`) and is recorded as a
:class:`~symderiv.matrix.record.MatrixStep`.

The table :data:`MATRIX_RULES` is tried in order; the named identities (linear and
quadratic forms, trace rules, log det) come before the general rules they are special
cases of, so a derivation shows the textbook identity where one applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from ..errors import NoRuleError
from ..steps import register_rule
from .build import (
    ONE,
    add,
    det,
    div,
    had,
    inner,
    inv_t,
    is_one,
    mm,
    neg,
    num,
    power,
    scale,
    t,
    zero_like,
)
from .nodes import (
    Add,
    Det,
    Diag,
    DiagPart,
    Div,
    Func,
    Hadamard,
    Identity,
    Inverse,
    MatMul,
    Node,
    Norm,
    Ones,
    Power,
    Scale,
    SumAll,
    Trace,
    Transpose,
    Var,
    VecFunc,
    depends,
    is_scalar,
    shape_of,
)
from .record import MatrixStep

__all__ = ["ELEMENTWISE_RULES", "MATRIX_RULES", "MatrixRule", "pull", "pull_step"]

#: What a rule returns: the result, the substeps it was computed from, its bindings.
Applied = tuple[Node, tuple[MatrixStep, ...], tuple[tuple[str, Node], ...]]


class Engine:
    """Applies the rules for one variable X, recording steps."""

    def __init__(self, var: Var) -> None:
        self.var = var

    def back(self, u: Node, g: Node) -> tuple[Node, tuple[MatrixStep, ...]]:
        """∇_X ⟨G, u⟩ and the step that computed it (none for u = X or u free of X)."""
        if u == self.var:
            return g, ()
        if not depends(u, self.var.name):
            return zero_like(self.var), ()
        step = self.step(u, g)
        return step.result, (step,)

    def many(self, pairs: list[tuple[Node, Node]]) -> tuple[Node, tuple[MatrixStep, ...]]:
        """The sum of ∇_X ⟨Gᵢ, uᵢ⟩ over the pairs whose uᵢ depends on X."""
        results: list[Node] = []
        steps: list[MatrixStep] = []
        for u, g in pairs:
            if depends(u, self.var.name):
                result, made = self.back(u, g)
                results.append(result)
                steps.extend(made)
        if not results:
            return zero_like(self.var), ()
        return add(*results), tuple(steps)

    def step(self, u: Node, g: Node) -> MatrixStep:
        for rule in MATRIX_RULES:
            if rule.applies is not None and not isinstance(u, rule.applies):
                continue
            applied = rule.apply(u, g, self)
            if applied is not None:
                result, substeps, bindings = applied
                return MatrixStep(
                    rule.key,
                    u,
                    self.var,
                    result,
                    None if is_one(g) else g,
                    substeps,
                    bindings,
                )
        raise NoRuleError(f"the matrix expression {u}", f"no matrix rule applies for ∂/∂{self.var}")


@dataclass(frozen=True)
class MatrixRule:
    """A rule: its key, formula (text and LaTeX), the node types it looks at (``None``:
    any) and the function that applies it or returns ``None``."""

    key: str
    formula: str
    latex: str
    applies: type | tuple[type, ...] | None
    apply: Callable[[Node, Node, Engine], Applied | None]


def _is_var(node: Node, engine: Engine) -> bool:
    return node == engine.var


def _is_var_t(node: Node, engine: Engine) -> bool:
    return isinstance(node, Transpose) and node.arg == engine.var


# -- linear maps and forms -----------------------------------------------------------------
def _linear(u: Node, g: Node, e: Engine) -> Applied | None:
    """u = L X R or L Xᵀ R with L, R free of X: ∇⟨G, LXR⟩ = LᵀGRᵀ, ∇⟨G, LXᵀR⟩ = RGᵀL."""
    factors = u.factors if isinstance(u, MatMul) else (u,)
    hits = [i for i, f in enumerate(factors) if depends(f, e.var.name)]
    if len(hits) != 1:
        return None
    i = hits[0]
    left, right = factors[:i], factors[i + 1 :]
    lmat = mm(*left) if left else None
    rmat = mm(*right) if right else None
    lt = t(lmat) if lmat is not None else None
    rt = t(rmat) if rmat is not None else None
    if _is_var(factors[i], e):
        parts = [p for p in (lt, g, rt) if p is not None]
        result = mm(*parts)
    elif _is_var_t(factors[i], e):
        parts = [p for p in (rmat, t(g), lmat) if p is not None]
        result = mm(*parts)
    else:
        return None
    bindings = tuple((k, v) for k, v in (("L", lmat), ("R", rmat)) if v is not None)
    return result, (), bindings


def _linear_form(u: Node, g: Node, e: Engine) -> Applied | None:
    if not is_one(g) or not is_scalar(u):
        return None
    return _linear(u, g, e)


def _linear_map(u: Node, g: Node, e: Engine) -> Applied | None:
    return None if is_one(g) and is_scalar(u) else _linear(u, g, e)


def _quadratic(u: Node, g: Node, e: Engine) -> Applied | None:
    """uᵀMu (M free of X; uᵀu with M = I): ∇ = ∇⟨(M + Mᵀ)u, u⟩ (2Mu when M is
    symmetric); for u = x: (M + Mᵀ)x."""
    if not isinstance(u, MatMul) or not is_scalar(u):
        return None
    factors = u.factors
    if len(factors) < 2 or not isinstance(factors[0], Transpose):
        return None
    v = factors[0].arg
    if v != factors[-1] or shape_of(v)[1] != 1:
        return None
    middle = factors[1:-1]
    if any(depends(f, e.var.name) for f in middle):
        return None
    m = mm(*middle) if middle else None
    if m is None:
        inner_g = scale(num(2), v)
    elif t(m) == m:
        inner_g = scale(num(2), mm(m, v))
    else:
        inner_g = mm(add(m, t(m)), v)
    result, steps = e.back(v, scale(g, inner_g))
    return result, steps, (() if m is None else (("M", m),))


def _trace_linear(u: Node, g: Node, e: Engine) -> Applied | None:
    """tr(LXR) = tr(RLX): ∇ = LᵀRᵀ; tr(LXᵀR): ∇ = RL; tr(X): ∇ = I."""
    assert isinstance(u, Trace)
    inner_u = u.arg
    factors = inner_u.factors if isinstance(inner_u, MatMul) else (inner_u,)
    hits = [i for i, f in enumerate(factors) if depends(f, e.var.name)]
    if len(hits) != 1:
        return None
    i = hits[0]
    if not (_is_var(factors[i], e) or _is_var_t(factors[i], e)):
        return None
    rows = shape_of(inner_u)[0]
    result, _, bindings = _linear(inner_u, scale(g, Identity(rows)), e) or (None, (), ())
    assert result is not None
    return result, (), bindings


def _trace_quadratic(u: Node, g: Node, e: Engine) -> Applied | None:
    """tr(XᵀMX): ∇ = (M + Mᵀ)X; tr(XMXᵀ): ∇ = X(M + Mᵀ) (2MX, 2XM with M symmetric)."""
    assert isinstance(u, Trace)
    if not isinstance(u.arg, MatMul):
        return None
    factors = u.arg.factors
    if len(factors) < 2 or any(depends(f, e.var.name) for f in factors[1:-1]):
        return None
    middle = factors[1:-1]
    m = mm(*middle) if middle else None
    x = e.var
    if _is_var_t(factors[0], e) and _is_var(factors[-1], e):
        if m is None:
            result = scale(num(2), x)
        else:
            result = scale(num(2), mm(m, x)) if t(m) == m else mm(add(m, t(m)), x)
    elif _is_var(factors[0], e) and _is_var_t(factors[-1], e):
        if m is None:
            result = scale(num(2), x)
        else:
            result = scale(num(2), mm(x, m)) if t(m) == m else mm(x, add(m, t(m)))
    else:
        return None
    return scale(g, result), (), (() if m is None else (("M", m),))


# -- scalar functions of matrices --------------------------------------------------------
def _logdet(u: Node, g: Node, e: Engine) -> Applied | None:
    """log det M: ∇⟨g, log det M⟩ = ∇⟨g M⁻ᵀ, M⟩ (for M = X: X⁻ᵀ)."""
    assert isinstance(u, Func)
    if u.name != "log" or not isinstance(u.arg, Det):
        return None
    m = u.arg.arg
    result, steps = e.back(m, scale(g, inv_t(m)))
    return result, steps, (("M", m),)


def _det(u: Node, g: Node, e: Engine) -> Applied | None:
    """det M: ∇⟨g, det M⟩ = ∇⟨g det(M) M⁻ᵀ, M⟩ (for M = X: det(X) X⁻ᵀ)."""
    assert isinstance(u, Det)
    result, steps = e.back(u.arg, scale(g, scale(det(u.arg), inv_t(u.arg))))
    return result, steps, (("M", u.arg),)


def _squared_norm(u: Node, g: Node, e: Engine) -> Applied | None:
    """‖v‖² (and ‖A‖_F²): ∇⟨g, ‖v‖²⟩ = ∇⟨2g v, v⟩ (for v = x: 2x)."""
    assert isinstance(u, Power)
    if not isinstance(u.base, Norm) or u.exponent != 2:
        return None
    v = u.base.arg
    result, steps = e.back(v, scale(g, scale(num(2), v)))
    return result, steps, (("v", v),)


def _norm(u: Node, g: Node, e: Engine) -> Applied | None:
    """‖v‖: ∇⟨g, ‖v‖⟩ = ∇⟨g v/‖v‖, v⟩."""
    assert isinstance(u, Norm)
    result, steps = e.back(u.arg, scale(g, div(u.arg, u)))
    return result, steps, (("v", u.arg),)


def _trace(u: Node, g: Node, e: Engine) -> Applied | None:
    """tr M: ∇⟨g, tr M⟩ = ∇⟨g I, M⟩."""
    assert isinstance(u, Trace)
    result, steps = e.back(u.arg, scale(g, Identity(shape_of(u.arg)[0])))
    return result, steps, (("M", u.arg),)


def _sum_entries(u: Node, g: Node, e: Engine) -> Applied | None:
    """sum(v) = 𝟏ᵀv: ∇⟨g, sum(v)⟩ = ∇⟨g𝟏, v⟩."""
    assert isinstance(u, SumAll)
    result, steps = e.back(u.arg, scale(g, Ones(*shape_of(u.arg))))
    return result, steps, (("v", u.arg),)


def _logsumexp(u: Node, g: Node, e: Engine) -> Applied | None:
    """logsumexp(v) = log 𝟏ᵀexp(v): ∇⟨g, lse(v)⟩ = ∇⟨g softmax(v), v⟩."""
    assert isinstance(u, VecFunc)
    if u.name != "logsumexp":
        return None
    result, steps = e.back(u.arg, scale(g, VecFunc("softmax", u.arg)))
    return result, steps, (("v", u.arg),)


# -- structure -----------------------------------------------------------------------------
def _sum(u: Node, g: Node, e: Engine) -> Applied | None:
    """∇⟨G, u + v⟩ = ∇⟨G, u⟩ + ∇⟨G, v⟩."""
    assert isinstance(u, Add)
    result, steps = e.many([(term, g) for term in u.terms])
    return result, steps, ()


def _constant_multiple(u: Node, g: Node, e: Engine) -> Applied | None:
    """c free of X: ∇⟨G, c·B⟩ = ∇⟨cG, B⟩."""
    assert isinstance(u, Scale)
    if depends(u.coef, e.var.name):
        return None
    result, steps = e.back(u.body, scale(u.coef, g))
    return result, steps, (("c", u.coef),)


def _scalar_product(u: Node, g: Node, e: Engine) -> Applied | None:
    """s scalar: ∇⟨G, s·B⟩ = ∇⟨⟨G, B⟩, s⟩ + ∇⟨sG, B⟩ (the product rule)."""
    assert isinstance(u, Scale)
    result, steps = e.many([(u.coef, inner(g, u.body)), (u.body, scale(u.coef, g))])
    return result, steps, (("s", u.coef), ("B", u.body))


def _transpose(u: Node, g: Node, e: Engine) -> Applied | None:
    """∇⟨G, Mᵀ⟩ = ∇⟨Gᵀ, M⟩."""
    assert isinstance(u, Transpose)
    result, steps = e.back(u.arg, t(g))
    return result, steps, ()


def _product(u: Node, g: Node, e: Engine) -> Applied | None:
    """u = F₁…Fₖ: ∇⟨G, F₁…Fₖ⟩ = Σᵢ ∇⟨(F₁…Fᵢ₋₁)ᵀ G (Fᵢ₊₁…Fₖ)ᵀ, Fᵢ⟩ (the product rule for
    bilinear forms and the chain rule through matrix products)."""
    assert isinstance(u, MatMul)
    pairs = []
    factors = u.factors
    for i, factor in enumerate(factors):
        if not depends(factor, e.var.name):
            continue
        parts = []
        if i > 0:
            parts.append(t(mm(*factors[:i])))
        parts.append(g)
        if i + 1 < len(factors):
            parts.append(t(mm(*factors[i + 1 :])))
        pairs.append((factor, mm(*parts)))
    result, steps = e.many(pairs)
    return result, steps, ()


def _inverse(u: Node, g: Node, e: Engine) -> Applied | None:
    """∇⟨G, M⁻¹⟩ = ∇⟨−M⁻ᵀGM⁻ᵀ, M⟩."""
    assert isinstance(u, Inverse)
    m = u.arg
    result, steps = e.back(m, neg(mm(inv_t(m), g, inv_t(m))))
    return result, steps, (("M", m),)


def _hadamard(u: Node, g: Node, e: Engine) -> Applied | None:
    """∇⟨G, a ⊙ b⟩ = ∇⟨G ⊙ b, a⟩ + ∇⟨G ⊙ a, b⟩."""
    assert isinstance(u, Hadamard)
    result, steps = e.many([(u.left, had(g, u.right)), (u.right, had(g, u.left))])
    return result, steps, ()


def _power(u: Node, g: Node, e: Engine) -> Applied | None:
    """∇⟨G, u^k⟩ = ∇⟨k u^(k−1) ⊙ G, u⟩ (of a scalar, or entry by entry)."""
    assert isinstance(u, Power)
    k = u.exponent
    factor = scale(Num_(k), power(u.base, k - 1))
    result, steps = e.back(u.base, had(factor, g))
    return result, steps, (("u", u.base), ("k", Num_(k)))


def Num_(value: Fraction) -> Node:
    return num(value)


def _quotient(u: Node, g: Node, e: Engine) -> Applied | None:
    """∇⟨G, a/d⟩ = ∇⟨G/d, a⟩ + ∇⟨−⟨G, a⟩/d², d⟩ (d scalar); entry by entry for a ⊘ d."""
    assert isinstance(u, Div)
    a, d = u.num, u.den
    if is_scalar(d):
        to_d = neg(div(inner(g, a), power(d, 2)))
        result, steps = e.many([(a, div(g, d)), (d, to_d)])
    else:
        result, steps = e.many([(a, div(g, d)), (d, neg(div(had(g, a), power(d, 2))))])
    return result, steps, (("a", a), ("d", d))


def _log_softmax(u: Node, g: Node, e: Engine) -> Applied | None:
    """log softmax(v) = v − lse(v)𝟏: ∇⟨G, log softmax(v)⟩ = ∇⟨G − softmax(v)(𝟏ᵀG), v⟩."""
    assert isinstance(u, Func)
    if u.name != "log" or not (isinstance(u.arg, VecFunc) and u.arg.name == "softmax"):
        return None
    v = u.arg.arg
    s = u.arg
    ones = Ones(*shape_of(v))
    result, steps = e.back(v, add(g, neg(scale(mm(t(ones), g), s))))
    return result, steps, (("v", v),)


def _log_sigmoid(u: Node, g: Node, e: Engine) -> Applied | None:
    """log σ(v): ∇⟨G, log σ(v)⟩ = ∇⟨G ⊙ (𝟏 − σ(v)), v⟩; log(𝟏 − σ(v)): ∇⟨−G ⊙ σ(v), v⟩;
    log(𝟏 + exp(v)) = softplus(v): ∇⟨G ⊙ σ(v), v⟩."""
    assert isinstance(u, Func)
    if u.name != "log":
        return None
    arg = u.arg
    if isinstance(arg, Func) and arg.name == "sigma":
        v = arg.arg
        return (*e.back(v, had(g, _one_minus(arg))), (("v", v),))
    if not isinstance(arg, Add) or len(arg.terms) != 2:
        return None
    ones = [term for term in arg.terms if _is_one_like(term)]
    if len(ones) != 1:
        return None
    other = arg.terms[1] if ones[0] is arg.terms[0] else arg.terms[0]
    if isinstance(other, Func) and other.name == "exp":
        v = other.arg
        return (*e.back(v, had(g, _sig(v))), (("v", v),))
    if (
        isinstance(other, Scale)
        and other.coef == num(-1)
        and isinstance(other.body, Func)
        and other.body.name == "sigma"
    ):
        v = other.body.arg
        return (*e.back(v, neg(had(g, other.body))), (("v", v),))
    return None


def _is_one_like(node: Node) -> bool:
    return isinstance(node, Ones) or is_one(node)


def _softmax(u: Node, g: Node, e: Engine) -> Applied | None:
    """s = softmax(v), J = diag(s) − ssᵀ (symmetric): ∇⟨G, s⟩ = ∇⟨(diag(s) − ssᵀ)G, v⟩."""
    assert isinstance(u, VecFunc)
    if u.name != "softmax":
        return None
    s = u
    jac = add(Diag(s), neg(mm(s, t(s))))
    result, steps = e.back(u.arg, mm(jac, g))
    return result, steps, (("s", s),)


def _diag(u: Node, g: Node, e: Engine) -> Applied | None:
    """∇⟨G, diag(v)⟩ = ∇⟨diag(G), v⟩ (the diagonal of G); ∇⟨g, diag(A)⟩ = ∇⟨diag(g), A⟩."""
    assert isinstance(u, (Diag, DiagPart))
    back = DiagPart(g) if isinstance(u, Diag) else Diag(g)
    result, steps = e.back(u.arg, back)
    return result, steps, ()


# -- elementwise functions ------------------------------------------------------------------
def _sig(u: Node) -> Node:
    return Func("sigma", u)


def _one_minus(node: Node) -> Node:
    shape = shape_of(node)
    one: Node = ONE if shape == (1, 1) else Ones(*shape)
    return add(one, neg(node))


#: f → (its derivative f′(u) as text, LaTeX, and the node f′(u)), for the elementwise rule.
ELEMENTWISE_RULES: dict[str, tuple[str, str, Callable[[Node], Node]]] = {
    "exp": ("exp(u)", "\\exp(u)", lambda u: Func("exp", u)),
    "log": ("1 ⊘ u", "1 \\oslash u", lambda u: div(_ones_of(u), u)),
    "sigma": ("σ(u) ⊙ (1 − σ(u))", "\\sigma(u) \\odot (1 - \\sigma(u))",
              lambda u: had(_sig(u), _one_minus(_sig(u)))),
    "tanh": ("1 − tanh(u)^∘2", "1 - \\tanh(u)^{\\circ 2}",
             lambda u: _one_minus(Power(Func("tanh", u), Fraction(2)))),
    "softplus": ("σ(u)", "\\sigma(u)", _sig),
    "relu": ("H(u)", "H(u)", lambda u: Func("step", u)),
    "sqrt": ("1 ⊘ (2 sqrt(u))", "1 \\oslash (2\\sqrt{u})",
             lambda u: div(_ones_of(u), scale(num(2), Func("sqrt", u)))),
    "sin": ("cos(u)", "\\cos(u)", lambda u: Func("cos", u)),
    "cos": ("−sin(u)", "-\\sin(u)", lambda u: neg(Func("sin", u))),
}  # fmt: skip


def _ones_of(u: Node) -> Node:
    shape = shape_of(u)
    return ONE if shape == (1, 1) else Ones(*shape)


def _elementwise_rule(name: str) -> Callable[[Node, Node, Engine], Applied | None]:
    def apply(u: Node, g: Node, e: Engine) -> Applied | None:
        assert isinstance(u, Func)
        if u.name != name:
            return None
        if name == "log" and isinstance(u.arg, (Det, VecFunc)):
            return None
        derivative = ELEMENTWISE_RULES[name][2](u.arg)
        result, steps = e.back(u.arg, had(g, derivative))
        return result, steps, (("u", u.arg),)

    return apply


_KEYS = {"sigma": "sigmoid"}


def _elementwise_entries() -> list[MatrixRule]:
    rules = []
    for name, (text, tex, _) in ELEMENTWISE_RULES.items():
        key = f"mat-{_KEYS.get(name, name)}"
        shown = "σ" if name == "sigma" else name
        rules.append(
            MatrixRule(
                key,
                f"∇⟨G, {shown}(u)⟩ = ∇⟨({text}) ⊙ G, u⟩ — the elementwise chain rule, "
                f"J = diag({text})",
                f"\\nabla\\langle G, {shown}(u)\\rangle = "
                f"\\nabla\\langle ({tex}) \\odot G, u\\rangle",
                Func,
                _elementwise_rule(name),
            )
        )
    return rules


#: The rules, tried in order (named identities before the general rules).
MATRIX_RULES: list[MatrixRule] = [
    MatrixRule("mat-sum", "∇⟨G, u + v⟩ = ∇⟨G, u⟩ + ∇⟨G, v⟩",
               "\\nabla\\langle G, u + v\\rangle = "
               "\\nabla\\langle G, u\\rangle + \\nabla\\langle G, v\\rangle",
               Add, _sum),
    MatrixRule("mat-quadratic-form",
               "∇ₓ(xᵀMx) = (M + Mᵀ)x, 2Mx for symmetric M; ∇⟨g, uᵀMu⟩ = ∇⟨g(M + Mᵀ)u, u⟩",
               "\\nabla_{x}(x^\\top M x) = (M + M^\\top)x", MatMul, _quadratic),
    MatrixRule("mat-linear-form", "∇_X(L X R) = LᵀRᵀ, ∇_X(L Xᵀ R) = RL; ∇ₓ(aᵀx) = a",
               "\\nabla_{X}(L X R) = L^\\top R^\\top", MatMul, _linear_form),
    MatrixRule("mat-linear-map", "∇_X⟨G, L X R⟩ = LᵀGRᵀ, ∇_X⟨G, L Xᵀ R⟩ = RGᵀL; for u = Wx: δxᵀ",
               "\\nabla_{X}\\langle G, L X R\\rangle = L^\\top G R^\\top", (MatMul, Var, Transpose),
               _linear_map),
    MatrixRule("mat-trace-quadratic", "∇_X tr(XᵀMX) = (M + Mᵀ)X",
               "\\nabla_{X} \\operatorname{tr}(X^\\top M X) = (M + M^\\top) X", Trace,
               _trace_quadratic),
    MatrixRule("mat-trace-linear", "∇_X tr(AX) = Aᵀ, ∇_X tr(AXᵀ) = A, ∇_X tr(X) = I",
               "\\nabla_{X} \\operatorname{tr}(A X) = A^\\top", Trace, _trace_linear),
    MatrixRule("mat-trace", "∇⟨g, tr M⟩ = ∇⟨gI, M⟩",
               "\\nabla\\langle g, \\operatorname{tr} M\\rangle = \\nabla\\langle g I, M\\rangle",
               Trace, _trace),
    MatrixRule("mat-logdet", "∇_X log det X = X⁻ᵀ; ∇⟨g, log det M⟩ = ∇⟨gM⁻ᵀ, M⟩",
               "\\nabla_{X} \\log\\det X = X^{-\\top}", Func, _logdet),
    MatrixRule("mat-log-softmax", "∇⟨G, log softmax(v)⟩ = ∇⟨G − softmax(v)(𝟏ᵀG), v⟩",
               "\\nabla\\langle G, \\log\\operatorname{softmax}(v)\\rangle = "
               "\\nabla\\langle G - \\operatorname{softmax}(v)\\,\\mathbf{1}^\\top G, v\\rangle",
               Func, _log_softmax),
    MatrixRule("mat-log-sigmoid",
               "∇⟨G, log σ(v)⟩ = ∇⟨G ⊙ (1 − σ(v)), v⟩; ∇⟨G, log(1 − σ(v))⟩ = ∇⟨−G ⊙ σ(v), v⟩; "
               "∇⟨G, log(1 + exp(v))⟩ = ∇⟨G ⊙ σ(v), v⟩",
               "\\nabla\\langle G, \\log\\sigma(v)\\rangle = "
               "\\nabla\\langle G \\odot (1 - \\sigma(v)), v\\rangle", Func, _log_sigmoid),
    MatrixRule("mat-det", "∇_X det X = det(X) X⁻ᵀ; ∇⟨g, det M⟩ = ∇⟨g det(M) M⁻ᵀ, M⟩",
               "\\nabla_{X} \\det X = \\det(X) X^{-\\top}", Det, _det),
    MatrixRule("mat-squared-norm", "∇⟨g, ‖v‖²⟩ = ∇⟨2g v, v⟩; ∇ₓ‖x‖² = 2x",
               "\\nabla_{x} \\lVert x\\rVert^{2} = 2x", Power, _squared_norm),
    MatrixRule("mat-norm", "∇⟨g, ‖v‖⟩ = ∇⟨g v/‖v‖, v⟩",
               "\\nabla_{x} \\lVert x\\rVert = x / \\lVert x\\rVert", Norm, _norm),
    MatrixRule("mat-sum-entries", "∇⟨g, sum(v)⟩ = ∇⟨g𝟏, v⟩",
               "\\nabla\\langle g, \\mathbf{1}^\\top v\\rangle = "
               "\\nabla\\langle g\\mathbf{1}, v\\rangle",
               SumAll, _sum_entries),
    MatrixRule("mat-logsumexp", "∇⟨g, logsumexp(v)⟩ = ∇⟨g softmax(v), v⟩",
               "\\nabla\\langle g, \\operatorname{logsumexp}(v)\\rangle = "
               "\\nabla\\langle g \\operatorname{softmax}(v), v\\rangle", VecFunc, _logsumexp),
    MatrixRule("mat-softmax", "∇⟨G, softmax(v)⟩ = ∇⟨(diag(s) − ssᵀ)G, v⟩, s = softmax(v)",
               "\\nabla\\langle G, s\\rangle = "
               "\\nabla\\langle (\\operatorname{diag}(s) - s s^\\top) G, v\\rangle",
               VecFunc, _softmax),
    MatrixRule("mat-constant-multiple", "∇⟨G, cB⟩ = ∇⟨cG, B⟩ (c free of X)",
               "\\nabla\\langle G, cB\\rangle = \\nabla\\langle cG, B\\rangle", Scale,
               _constant_multiple),
    MatrixRule("mat-scalar-product", "∇⟨G, sB⟩ = ∇⟨⟨G, B⟩, s⟩ + ∇⟨sG, B⟩",
               "\\nabla\\langle G, sB\\rangle = \\nabla\\langle\\langle G, B\\rangle, s\\rangle + "
               "\\nabla\\langle sG, B\\rangle", Scale, _scalar_product),
    MatrixRule("mat-transpose", "∇⟨G, Mᵀ⟩ = ∇⟨Gᵀ, M⟩",
               "\\nabla\\langle G, M^\\top\\rangle = \\nabla\\langle G^\\top, M\\rangle",
               Transpose, _transpose),
    MatrixRule("mat-product", "∇⟨G, F₁…Fₖ⟩ = Σᵢ ∇⟨(F₁…Fᵢ₋₁)ᵀ G (Fᵢ₊₁…Fₖ)ᵀ, Fᵢ⟩",
               "\\nabla\\langle G, F_1\\cdots F_k\\rangle = \\sum_i \\nabla\\langle "
               "(F_1\\cdots F_{i-1})^\\top G (F_{i+1}\\cdots F_k)^\\top, F_i\\rangle",
               MatMul, _product),
    MatrixRule("mat-inverse", "∇⟨G, M⁻¹⟩ = ∇⟨−M⁻ᵀGM⁻ᵀ, M⟩",
               "\\nabla\\langle G, M^{-1}\\rangle = "
               "\\nabla\\langle -M^{-\\top} G M^{-\\top}, M\\rangle",
               Inverse, _inverse),
    MatrixRule("mat-hadamard", "∇⟨G, a ⊙ b⟩ = ∇⟨G ⊙ b, a⟩ + ∇⟨G ⊙ a, b⟩",
               "\\nabla\\langle G, a \\odot b\\rangle = \\nabla\\langle G \\odot b, a\\rangle + "
               "\\nabla\\langle G \\odot a, b\\rangle", Hadamard, _hadamard),
    MatrixRule("mat-power", "∇⟨G, u^k⟩ = ∇⟨k u^(k−1) ⊙ G, u⟩",
               "\\nabla\\langle G, u^{k}\\rangle = \\nabla\\langle k u^{k-1} \\odot G, u\\rangle",
               Power, _power),
    MatrixRule("mat-quotient", "∇⟨G, a/d⟩ = ∇⟨G/d, a⟩ − ∇⟨⟨G, a⟩/d², d⟩",
               "\\nabla\\langle G, a/d\\rangle = \\nabla\\langle G/d, a\\rangle - "
               "\\nabla\\langle \\langle G, a\\rangle/d^{2}, d\\rangle", Div, _quotient),
    MatrixRule("mat-diag", "∇⟨G, diag(v)⟩ = ∇⟨diag(G), v⟩",
               "\\nabla\\langle G, \\operatorname{diag}(v)\\rangle = "
               "\\nabla\\langle \\operatorname{diag}(G), v\\rangle", (Diag, DiagPart), _diag),
    *_elementwise_entries(),
]  # fmt: skip

for _rule in MATRIX_RULES:
    register_rule(_rule.key, _rule.formula, _rule.latex)


def pull_step(u: Node, g: Node, var: Var) -> MatrixStep:
    """The recorded step of ∇_X ⟨G, u⟩ (G = 1 for the gradient of a scalar u)."""
    engine = Engine(var)
    if not depends(u, var.name):
        return MatrixStep("mat-constant", u, var, zero_like(var), None if is_one(g) else g)
    if u == var:
        return MatrixStep("mat-identity", u, var, g, None if is_one(g) else g)
    return engine.step(u, g)


register_rule("mat-constant", "∇_X c = 0 (c free of X)", "\\nabla_{X} c = 0")
register_rule("mat-identity", "∇_X⟨G, X⟩ = G", "\\nabla_{X}\\langle G, X\\rangle = G")


def pull(u: Node, g: Node, var: Var) -> Node:
    """∇_X ⟨G, u⟩ without the record."""
    return pull_step(u, g, var).result


# The types a Scale-body check needs at import (for mypy's sake of reachability).
_ = (Ones, Identity)
