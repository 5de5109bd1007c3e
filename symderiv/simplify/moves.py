"""Local moves of the shown steps that a textbook writes with sums: each one law.

* :func:`distribute` — **expand**: ``a·(b + c) = a·b + a·c``, every product of sums
  outside function arguments and denominators multiplied out, the equal factors of one
  product written as a power (``σ·σ = σ²``); nothing is collected.
* :func:`collect_terms` — **collect like terms**: ``a·u + b·u = (a + b)·u``, the terms of
  each sum that differ only in their number added, a minus before a sum taken inside
  (``−(a − b) = b − a``); nothing is expanded.

* :func:`powers_as_in` — **power of a power**: ``a^(m·k) = (aᵐ)ᵏ``, a power written
  the way another expression writes it (``x^(2n) = (xⁿ)²``).
* :func:`power_of_product` — **power of a product**: ``(a·b)ⁿ = aⁿ·bⁿ`` (whole ``n``,
  numbers worked out, ``(56k)² = 3136k²``, and whole powers of powers, ``(u⁷)² = u¹⁴``).
* :func:`reduced` — **cancel**: ``(a·c)/(b·c) = a/b``, the factors a fraction's
  numerator and denominator share (to the lesser whole power) and their numbers' common
  divisor cancelled.
* :func:`order_key` — the key that tells two expressions apart only where more than the
  order of terms and factors differs (a step that changes no key only reorders).
* :func:`factor_common` — **factor out**: ``a·b + a·c = a·(b + c)``, the factor every
  term of a sum has, to its least power (``3x²u^(p+1) + x³(p + 1)uᵖv = x²uᵖ(3u + x(p + 1)v)``).

The first two work on the structure a learner sees: sums, products, negations and the numerators of
fractions; what stands inside a function, a power or a denominator is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from itertools import product as cartesian
from math import gcd
from typing import Any

from ..expr import (
    Add,
    Div,
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    add,
    div,
    fold,
    mul,
    neg,
    postorder,
    power,
    split_factor,
)
from ..expr import product_of as _product_of
from ..steps import register_rule
from ..walks import same_children

__all__ = [
    "MAX_TERMS",
    "changed_part",
    "collect_terms",
    "distribute",
    "factor_common",
    "merge_powers",
    "minus_taken_in",
    "order_key",
    "power_of_product",
    "powers_as_in",
    "reduced",
    "same_up_to_order",
    "signed_factors",
]

# The rules of the shown steps' moves (and of the passes' steps shown together), each
# with its formula.
register_rule(
    "cancel-reciprocal",
    "u·(1/u) = 1  (u ≠ 0)",
    r"u \cdot \frac{1}{u} = 1 \ (u \neq 0)",
    kind="rewrite",
)
register_rule(
    "common-denominator",
    "a/c + b/d = (a·d + b·c)/(c·d);  a/(cᵐ) + b/(cⁿ) = (a + b·cᵐ⁻ⁿ)/cᵐ  (m ≥ n)",
    r"\frac{a}{c} + \frac{b}{d} = \frac{a d + b c}{c d},\;"
    r" \frac{a}{c^{m}} + \frac{b}{c^{n}} = \frac{a + b c^{m - n}}{c^{m}}\ (m \ge n)",
    kind="rewrite",
)
register_rule(
    "expand",
    "a·(b + c) = a·b + a·c",
    r"a\left(b + c\right) = a b + a c",
    kind="rewrite",
)
register_rule(
    "collect-terms",
    "a·u + b·u = (a + b)·u",
    r"a u + b u = \left(a + b\right) u",
    kind="rewrite",
)
register_rule(
    "power-of-power",
    "(aᵐ)ᵏ = a^(m·k)",
    r"\left(a^{m}\right)^{k} = a^{m k}",
    kind="rewrite",
)
register_rule(
    "factor-numerator",
    "(a·b + a·c)/d = a·(b + c)/d",
    r"\frac{a b + a c}{d} = \frac{a \left(b + c\right)}{d}",
    kind="rewrite",
)
register_rule(
    "power-of-product",
    "(a·b)ⁿ = aⁿ·bⁿ,  (aᵐ)ⁿ = a^(m·n)",
    r"\left(a b\right)^{n} = a^{n} b^{n},\; \left(a^{m}\right)^{n} = a^{m n}",
    kind="rewrite",
)
register_rule(
    "collect-cancel",
    "expand, collect like terms, bring to one denominator;  (a·c)/(b·c) = a/b",
    r"a x + b x = (a + b) x,\; \frac{a}{c} + \frac{b}{d} = \frac{a d + b c}{c d},\;"
    r" \frac{a c}{b c} = \frac{a}{b}",
    kind="rewrite",
)
register_rule(
    "collect-roots-cancel",
    "expand, collect like terms, bring to one denominator;  (√u)² = u,  √(u³) = u·√u,"
    "  √a·√b = √(ab) (a ≥ 0);  (a·c)/(b·c) = a/b",
    r"a x + b x = (a + b) x,\; \sqrt{u^{3}} = u\sqrt{u},\;"
    r" \sqrt{a}\sqrt{b} = \sqrt{a b}\ (a \ge 0),\; \frac{a c}{b c} = \frac{a}{b}",
    kind="rewrite",
)
register_rule(
    "pythagorean-cancel",
    "sin²u + cos²u = 1,  cosh²u − sinh²u = 1;  (a·c)/(b·c) = a/b",
    r"\sin^{2} u + \cos^{2} u = 1,\; \frac{a c}{b c} = \frac{a}{b}",
    kind="rewrite",
)
register_rule(
    "standard-order",
    "a + b = b + a,  a·b = b·a,  a·(1/b) = a/b",
    r"a + b = b + a,\; a b = b a,\; a \cdot \frac{1}{b} = \frac{a}{b}",
    kind="rewrite",
)
register_rule(
    "split-fraction",
    "(a + b)/c = a/c + b/c",
    r"\frac{a + b}{c} = \frac{a}{c} + \frac{b}{c}",
    kind="rewrite",
)
register_rule(
    "ratio-functions-hyperbolic",
    "sinh u/cosh u = tanh u,  1/cosh u = sech u,  cosh u/sinh u = coth u,  1/sinh u = csch u",
    r"\frac{\sinh u}{\cosh u} = \tanh u,\; \frac{1}{\cosh u} = \operatorname{sech} u",
    kind="rewrite",
)
register_rule(
    "collect-roots",
    "expand, collect like terms, bring to one denominator;  (√u)² = u,  √(u³) = u·√u,"
    "  √a·√b = √(ab) (a ≥ 0)",
    r"a x + b x = (a + b) x,\; \frac{a}{c} + \frac{b}{d} = \frac{a d + b c}{c d},\;"
    r" \sqrt{u^{3}} = u\sqrt{u},\; \sqrt{a}\sqrt{b} = \sqrt{a b}\ (a \ge 0)",
    kind="rewrite",
)

#: A product of sums is multiplied out only when it gives at most this many terms.
MAX_TERMS = 48


def _base_and_exponent(factor: Expr) -> tuple[Expr, Expr]:
    if isinstance(factor, Pow) and isinstance(factor.exp, Num) and factor.exp.is_integer:
        return factor.base, factor.exp
    return factor, Num(1)


def merge_powers(factors: list[Expr]) -> Expr:
    """The product of ``factors`` with equal bases written once: ``a·a² = a³``
    (``aᵐ·aⁿ = aᵐ⁺ⁿ`` for whole ``m``, ``n``), in the order first met."""
    bases: list[Expr] = []
    exponents: dict[Expr, Fraction] = {}
    for factor in factors:
        base, exponent = _base_and_exponent(factor)
        assert isinstance(exponent, Num)
        if base not in exponents:
            bases.append(base)
            exponents[base] = Fraction(0)
        exponents[base] += Fraction(exponent.value)
    written = []
    for base in bases:
        total = exponents[base]
        if total == 0:
            continue
        value = int(total) if total.denominator == 1 else total
        written.append(base if value == 1 else power(base, Num(value)))
    return mul(*written) if written else Num(1)


def _terms(node: Expr) -> list[Expr]:
    """The terms of a sum (a negated sum's terms negated); ``[node]`` for anything else."""
    if isinstance(node, Add):
        return list(node.terms)
    if isinstance(node, Neg) and isinstance(node.arg, Add):
        return [neg(term) for term in node.arg.terms]
    return [node]


def _multiplied_out(factors: list[Expr]) -> Expr | None:
    choices = [_terms(factor) for factor in factors]
    count = 1
    for terms in choices:
        count *= len(terms)
    if count == 1 or count > MAX_TERMS:
        return None
    products = []
    for picked in cartesian(*choices):
        number, decimal, items = _split_term(mul(*picked))
        products.append(_written(number, decimal, items))
    return add(*products)


def _over_number(term: Expr, number: Num) -> Expr:
    """``term/k`` with the number of ``term`` divided by ``k`` (``6a/3 = 2a``)."""
    coefficient, decimal, items = split_factor(term)
    value = Fraction(coefficient) / Fraction(number.value)
    folded: int | Fraction = int(value) if value.denominator == 1 else value
    if isinstance(folded, Fraction):
        top = _product_of(folded.numerator, decimal, items)
        return div(top, Num(folded.denominator))
    return _product_of(folded, decimal or number.decimal, items)


def _split_term(term: Expr) -> tuple[Fraction, bool, list[Expr]]:
    """A term's number (a number it is divided by folded in) and its other factors,
    equal factors written as one power."""
    sign = 1
    while isinstance(term, Neg):
        sign, term = -sign, term.arg
    below = Fraction(1)
    if isinstance(term, Div) and isinstance(term.den, Num) and term.den.value != 0:
        below, term = Fraction(term.den.value), term.num
    number, decimal, items = split_factor(term)
    for item in [i for i in items if isinstance(i, Div)]:
        top, bottom = item.num, item.den
        if isinstance(top, Num) and isinstance(bottom, Num) and top.value and bottom.value:
            items.remove(item)
            below *= Fraction(bottom.value) / Fraction(top.value)
    merged = merge_powers(items)
    if len(items) > 1 and merged is not mul(*items):
        items = [merged] if not isinstance(merged, Mul) else list(merged.factors)
    return sign * Fraction(number) / below, decimal, items


def distribute(expr: Expr) -> Expr:
    """``a·(b + c) = a·b + a·c`` wherever a product of sums stands outside function
    arguments, powers and denominators, the equal factors of each product then written as
    one power (``x·x = x²``); ``expr`` itself when nothing distributes."""
    done: list[Expr] = []
    out = _distribute(expr, done)
    return out if done else expr


def _distribute(expr: Expr, done: list[Expr]) -> Expr:
    if isinstance(expr, Add):
        terms = [_distribute(term, done) for term in expr.terms]
        if same_children(expr, terms):
            return expr
        return add(*(part for term in terms for part in _terms(term)))
    if isinstance(expr, Neg):
        inner = _distribute(expr.arg, done)
        return expr if inner is expr.arg else neg(inner)
    if isinstance(expr, Div):
        top = _distribute(expr.num, done)
        if isinstance(expr.den, Num) and len(_terms(top)) > 1:
            done.append(expr)
            return add(*(_over_number(term, expr.den) for term in _terms(top)))
        return expr if top is expr.num else div(top, expr.den)
    if isinstance(expr, Mul):
        factors = [_distribute(factor, done) for factor in expr.factors]
        out = _multiplied_out(factors)
        if out is not None:
            done.append(expr)
            return out
        whole = mul(*factors)
        number, decimal, items = _split_term(whole)
        if len(items) == len(split_factor(whole)[2]):
            return expr if whole == expr else whole
        return _written(number, decimal, items)
    return expr


def minus_taken_in(expr: Expr) -> Expr:
    """``−(a + b) = −a − b``: a minus before a sum (or before a fraction with a sum above
    the line, or before a product with one such factor: ``−(c·(a − b)) = c·(b − a)``)
    taken inside, wherever one stands outside function arguments (``expr`` itself when
    there is none)."""
    if isinstance(expr, Neg):
        inner = minus_taken_in(expr.arg)
        taken = _minus_in(inner)
        if taken is not None:
            return taken
        if isinstance(inner, Mul):
            # −(c·(a − b)) = c·(b − a): into the one factor that is a sum.
            places = [i for i, f in enumerate(inner.factors) if _minus_in(f) is not None]
            if len(places) == 1:
                factors = list(inner.factors)
                taken = _minus_in(factors[places[0]])
                assert taken is not None
                factors[places[0]] = taken
                return mul(*factors)
        return expr if inner is expr.arg else neg(inner)
    if isinstance(expr, (Add, Mul)):
        parts = [minus_taken_in(child) for child in expr.children]
        if same_children(expr, parts):
            return expr
        return add(*parts) if isinstance(expr, Add) else mul(*parts)
    if isinstance(expr, Div):
        top = minus_taken_in(expr.num)
        return expr if top is expr.num else div(top, expr.den)
    return expr


def _minus_in(node: Expr) -> Expr | None:
    """``−(a + b) = −a − b`` for a sum or a fraction with a sum above the line."""
    if isinstance(node, Add):
        return add(*(neg(term) for term in node.terms))
    if isinstance(node, Div) and isinstance(node.num, Add):
        return div(add(*(neg(term) for term in node.num.terms)), node.den)
    return None


def collect_terms(
    expr: Expr, key: Callable[[Expr], object], merged: list[Expr] | None = None
) -> Expr:
    """``a·u + b·u = (a + b)·u`` in every sum outside function arguments, powers and
    denominators, and ``−(a − b) = b − a``; ``key`` says when two products ``u`` are
    alike (up to the order of their factors).  The terms that joined a like one are
    appended to ``merged`` (none: only the numbers of single terms were worked out)."""
    found = [] if merged is None else merged
    if isinstance(expr, Neg):
        inner = collect_terms(expr.arg, key, found)
        if isinstance(inner, Add):
            return add(*(neg(term) for term in inner.terms))
        if isinstance(inner, Div) and isinstance(inner.num, Add):
            return div(add(*(neg(term) for term in inner.num.terms)), inner.den)
        return neg(inner)
    if isinstance(expr, Div):
        return div(collect_terms(expr.num, key, found), expr.den)
    if isinstance(expr, Mul):
        return mul(*(collect_terms(factor, key, found) for factor in expr.factors))
    if not isinstance(expr, Add):
        return expr
    order: list[object] = []
    groups: dict[object, tuple[Fraction, bool, list[Expr]]] = {}
    for term in (t for part in expr.terms for t in _terms(collect_terms(part, key, found))):
        number, decimal, items = _split_term(term)
        like = key(mul(*items)) if items else ("number",)
        if like in groups:
            total, was_decimal, kept = groups[like]
            groups[like] = (total + number, was_decimal or decimal, kept)
            found.append(term)
        else:
            order.append(like)
            groups[like] = (number, decimal, items)
    written = [_written(*groups[like]) for like in order if groups[like][0] != 0]
    return add(*written) if written else Num(0)


def _written(number: Fraction, decimal: bool, items: list[Expr]) -> Expr:
    if number.denominator == 1:
        return _product_of(int(number), decimal, items)
    top = _product_of(number.numerator, decimal, items)
    return div(top, Num(number.denominator))


def _powers(term: Expr) -> tuple[Fraction, bool, list[tuple[Expr, Expr]]]:
    """A term's number and its factors as ``(base, exponent)`` pairs."""
    number, decimal, items = split_factor(term)
    pairs = [(item.base, item.exp) if isinstance(item, Pow) else (item, Num(1)) for item in items]
    return Fraction(number), decimal, pairs


def _excess(exponent: Expr, least: Expr) -> int | None:
    """``exponent − least`` when it is a whole number (``(p + 1) − p = 1``), else ``None``."""
    if exponent == least:
        return 0
    difference = collect_terms(add(exponent, neg(least)), lambda e: e)
    if isinstance(difference, Num) and isinstance(difference.value, int):
        return difference.value
    return None


def _least(exponent: Expr, exponents: list[Expr]) -> bool:
    """Whether every one of ``exponents`` is ``exponent`` plus a whole number ≥ 0."""
    excesses = [_excess(other, exponent) for other in exponents]
    return all(extra is not None and extra >= 0 for extra in excesses)


def factor_common(expr: Expr) -> tuple[Expr, Expr, Expr] | None:
    """``a·b + a·c = a·(b + c)`` for the sum ``expr``: the factor every term has (to its
    least power, ``uᵖ⁺¹`` and ``uᵖ`` give ``uᵖ``: ``u^(p+1) = u·uᵖ``), pulled out.  Returns
    the product, the factor and what remains (a sum), or ``None`` when no factor is common."""
    if not isinstance(expr, Add):
        return None
    terms = [_powers(term) for term in expr.terms]
    common: list[tuple[Expr, Expr]] = []
    for base, _ in terms[0][2]:
        if any(base is b for b, _ in common):
            continue
        exponents = [[e for b, e in pairs if b is base] for _, _, pairs in terms]
        if not all(len(found) == 1 for found in exponents):
            continue
        candidates = [found[0] for found in exponents]
        least = next((c for c in candidates if _least(c, candidates)), None)
        if least is not None:
            common.append((base, least))
    if not common:
        return None
    rest = []
    for number, decimal, pairs in terms:
        kept: list[Expr] = []
        for base, exponent in pairs:
            pulled = next((least for b, least in common if b is base), None)
            if pulled is None:
                kept.append(power(base, exponent))
                continue
            extra = _excess(exponent, pulled)
            assert extra is not None
            if extra:
                kept.append(power(base, Num(extra)))
        rest.append(_product_of(int(number) if number.denominator == 1 else number, decimal, kept))
    factor = mul(*(power(base, least) for base, least in common))
    remaining = add(*rest)
    return mul(factor, remaining), factor, remaining


def _nested_powers(expr: Expr) -> dict[Expr, Expr]:
    """The powers of a power ``(aᵐ)ᵏ`` (whole ``k``) in ``expr``, keyed by ``a^(m·k)``."""
    found: dict[Expr, Expr] = {}
    for node in postorder(expr):
        if (
            isinstance(node, Pow)
            and isinstance(node.base, Pow)
            and isinstance(node.exp, Num)
            and node.exp.is_integer
        ):
            found[power(node.base.base, mul(node.exp, node.base.exp))] = node
    return found


def powers_as_in(expr: Expr, target: Expr) -> Expr:
    """``a^(m·k) = (aᵐ)ᵏ``: each power of ``expr`` written as ``target`` writes it
    (``x^(2n)`` as ``(xⁿ)²`` where ``target`` has ``(xⁿ)²``, and back); ``expr`` itself
    when none is written otherwise."""
    wanted = _nested_powers(target)
    present = set(postorder(expr))
    mapping = {flat: nested for flat, nested in wanted.items() if flat in present}
    targets = set(postorder(target))
    for flat, nested in _nested_powers(expr).items():
        if flat in targets and nested not in targets:
            mapping[nested] = flat
    return expr.subs(mapping) if mapping else expr


def power_of_product(node: Expr) -> Expr | None:
    """``(a·b)ⁿ = aⁿ·bⁿ`` for a product raised to a whole power; ``None`` for anything
    else."""
    if not (isinstance(node, Pow) and isinstance(node.base, Mul) and isinstance(node.exp, Num)):
        return None
    if not node.exp.is_integer or node.exp.value < 2:
        return None
    n = int(node.exp.value)
    return mul(*(_raised(factor, n) for factor in node.base.factors))


def _raised(factor: Expr, n: int) -> Expr:
    """``factorⁿ``, a whole power of a power multiplied out (``(a⁷)² = a¹⁴``)."""
    if isinstance(factor, Pow) and isinstance(factor.exp, Num) and factor.exp.is_integer:
        return power(factor.base, Num(int(factor.exp.value) * n))
    return power(factor, Num(n))


def _whole_powers(term: Expr) -> tuple[int, list[tuple[Expr, int]]] | None:
    """A product's whole number and its factors as ``(base, whole exponent)``."""
    number, decimal, items = split_factor(term)
    if decimal or not isinstance(number, int):
        return None
    pairs = []
    for item in items:
        if isinstance(item, Pow) and isinstance(item.exp, Num) and item.exp.is_integer:
            pairs.append((item.base, int(item.exp.value)))
        else:
            pairs.append((item, 1))
    return number, pairs


def reduced(node: Expr) -> Expr | None:
    """``(a·c)/(b·c) = a/b``: the fraction ``node`` with the factors its numerator and
    denominator share cancelled (``x⁷·u/(8x⁹) = u/(8x²)``) and the common divisor of their
    numbers; ``None`` when nothing cancels."""
    if not isinstance(node, Div):
        return None
    top, bottom = _whole_powers(node.num), _whole_powers(node.den)
    if top is None or bottom is None:
        return None
    above, below = dict(top[1]), dict(bottom[1])
    if len(above) != len(top[1]) or len(below) != len(bottom[1]):
        return None
    shared = [base for base in above if base in below and above[base] > 0 and below[base] > 0]
    divisor = gcd(top[0], bottom[0]) if top[0] and bottom[0] else 1
    if not shared and divisor == 1:
        return None
    for base in shared:
        least = min(above[base], below[base])
        above[base] -= least
        below[base] -= least
    numerator = _product_of(top[0] // divisor, False, _written_powers(above))
    denominator = _product_of(bottom[0] // divisor, False, _written_powers(below))
    if denominator == Num(1):
        return numerator
    return div(numerator, denominator)


def _written_powers(exponents: dict[Expr, int]) -> list[Expr]:
    return [power(base, Num(e)) if e != 1 else base for base, e in exponents.items() if e]


# ---------------------------------------------------------------------------------------
# Equal up to order
# ---------------------------------------------------------------------------------------
Key = tuple[Any, ...]


def signed_factors(node: Expr, sign: int, out: list[tuple[Expr, int]]) -> int:
    """Flatten a product into ``(factor, ±1)`` (``+1`` in the numerator, ``−1`` in the
    denominator); returns the product's sign."""
    if isinstance(node, Neg):
        return -signed_factors(node.arg, sign, out)
    if isinstance(node, Mul):
        result = 1
        for factor in node.factors:
            result *= signed_factors(factor, sign, out)
        return result
    if isinstance(node, Div):
        return signed_factors(node.num, sign, out) * signed_factors(node.den, -sign, out)
    if isinstance(node, Pow) and isinstance(node.exp, Num) and node.exp.value == -1:
        return signed_factors(node.base, -sign, out)
    if isinstance(node, Num) and node.value < 0:
        out.append((Num(-node.value), sign))
        return -1
    out.append((node, sign))
    return 1


def _key(node: Expr, children: list[Key]) -> Key:
    if isinstance(node, (Mul, Div, Neg)) or (
        isinstance(node, Pow) and isinstance(node.exp, Num) and node.exp.value == -1
    ):
        factors: list[tuple[Expr, int]] = []
        sign = signed_factors(node, 1, factors)
        keys = sorted(
            (order_key(f), s) for f, s in factors if not (isinstance(f, Num) and f.value == 1)
        )
        if sign == 1 and len(keys) == 1 and keys[0][1] == 1:
            return keys[0][0]
        return ("*", sign, tuple(keys))
    if isinstance(node, Add):
        terms: list[Key] = []
        for term, key in zip(node.terms, children, strict=True):
            terms.extend(key[1] if isinstance(term, Add) else (key,))
        return ("+", tuple(sorted(terms)))
    if isinstance(node, Num):
        return ("0", str(node.value))
    if not children:
        return (type(node).__name__, repr(node), ())
    return (type(node).__name__, str(getattr(node, "name", "")), tuple(children))


#: The keys computed, per interned node (forgotten past :data:`KEYS_KEPT` entries).
_KEYS: dict[Expr, Key] = {}
KEYS_KEPT = 1 << 17


def order_key(expr: Expr) -> Key:
    """A key equal for two expressions exactly when they differ only in the order of terms
    and factors, in writing ``a·(1/b)`` as ``a/b``, or in where a minus sign stands."""
    if len(_KEYS) > KEYS_KEPT:
        _KEYS.clear()
    return fold(expr, _key, _KEYS)


def same_up_to_order(a: Expr, b: Expr) -> bool:
    return a is b or order_key(a) == order_key(b)


def changed_part(expr: Expr, answer: Expr) -> tuple[Expr, Expr]:
    """The smallest subtree of ``expr`` outside of which ``answer`` is the same tree, and
    what it is in ``answer``: the node where more than one child (or the node itself)
    changed."""
    while type(expr) is type(answer) and len(expr.children) == len(answer.children):
        changed = [
            (before, after)
            for before, after in zip(expr.children, answer.children, strict=True)
            if before is not after
        ]
        if len(changed) != 1:
            break
        expr, answer = changed[0]
    return expr, answer
