"""The expression tree: immutable, interned nodes that keep the structure the user wrote.

Every node is *interned* (hash-consed): building the same structure twice gives the
same object, so equality is identity, hashing is a stored integer, and a shared
subtree is stored once.  Nothing here recurses over the tree, so trees nested tens
of thousands deep are safe to build, compare and hash.

Two ways to build trees:

* the node classes (``Add(a, b)``, ``Pow(x, Num(2))``) record exactly what was
  written, as the parsers do;
* the smart constructors (:func:`add`, :func:`mul`, :func:`div`, :func:`power`,
  :func:`neg`) apply the 0/1 identities and fold numbers, nothing more; the
  differentiator builds its results with them.

>>> x = Sym("x")
>>> f = x**2 * exp(x)
>>> f
Mul(Pow(Sym('x'), Num(2)), Call('exp', Sym('x')))
>>> f == Mul(Pow(x, Num(2)), Call("exp", x))
True
>>> print(f)
x^2*exp(x)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from operator import attrgetter
from typing import Any, ClassVar, TypeVar

from .errors import NoRuleError
from .interning import INTERNED, Entry, forget, key_of
from .numerals import digits
from .precedence import Level
from .walks import fold, postorder, without

__all__ = [
    "HALF",
    "MAX_EXACT_BITS",
    "NEG_ONE",
    "ONE",
    "PI",
    "TWO",
    "ZERO",
    "Add",
    "Call",
    "Const",
    "Derivative",
    "Div",
    "E",
    "Equation",
    "Expr",
    "Indexed",
    "Log",
    "Mul",
    "Neg",
    "Num",
    "Pow",
    "Product",
    "Sum",
    "Sym",
    "add",
    "as_expr",
    "call",
    "depends_on",
    "digits",
    "div",
    "exp",
    "fold",
    "free_names",
    "has_no_value",
    "ln",
    "log",
    "mul",
    "neg",
    "number",
    "postorder",
    "power",
    "register_printer",
    "sqrt",
    "sub",
    "substitute",
    "symbols",
    "tree_size",
    "undefined_log_base",
    "undefined_root_index",
    "without",
]

Value = int | Fraction

#: Numbers folded by the smart constructors stay below this many bits; larger powers stay symbolic.
MAX_EXACT_BITS = 4096


#: Every node class (:meth:`Expr.__init_subclass__` adds each).
_KINDS: set[type] = set()

#: The printers ``str()`` and ``_repr_latex_`` reach, by format: registered by the
#: modules that define them (:mod:`symderiv.render.infix` registers ``"infix"``,
#: :mod:`symderiv.render.latex` ``"latex"``), so that this module imports no printer.
PRINTERS: dict[str, Callable[[Expr], str]] = {}


def register_printer(format_name: str, printer: Callable[[Expr], str]) -> None:
    """Make ``printer`` the one that writes expressions in ``format_name``
    (``"infix"``: ``str(expr)``; ``"latex"``: ``expr._repr_latex_()``)."""
    PRINTERS[format_name] = printer


class Expr:
    """Base class of all nodes.

    ``args`` holds the node's fields in constructor order, ``children`` the
    sub-expressions among them, ``depth`` the height of the tree (a leaf is 1).
    """

    __slots__ = ("__weakref__", "_free", "args", "children", "depth")
    level: ClassVar[Level] = Level.ATOM

    args: tuple[Any, ...]
    children: tuple[Expr, ...]
    depth: int
    _free: frozenset[str] | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _KINDS.add(cls)

    @classmethod
    def _intern(
        cls: type[_E],
        args: tuple[Any, ...],
        children: tuple[Expr, ...] | None = None,
        depth: int = 0,
    ) -> _E:
        """The one node of class ``cls`` with these ``args`` (``children``: those of
        them that are nodes, and ``depth``, when the caller knows)."""
        key = key_of(cls, args)
        entry = INTERNED.get(key)
        node = None if entry is None else entry()
        if node is None:
            node = object.__new__(cls)
            if children is None:
                children = tuple(a for a in args if isinstance(a, Expr))
            setattr_ = object.__setattr__
            setattr_(node, "args", args)
            setattr_(node, "children", children)
            setattr_(node, "depth", depth or 1 + max(map(_DEPTH, children), default=0))
            setattr_(node, "_free", None)
            entry = INTERNED[key] = Entry(node, forget)
            entry.key = key
        return node  # type: ignore[return-value]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self.args)

    def __copy__(self) -> Expr:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Expr:
        return self

    # -- printing -------------------------------------------------------------------------
    def __str__(self) -> str:
        printer = PRINTERS.get("infix")
        return printer(self) if printer is not None else _repr(self)

    def __repr__(self) -> str:
        return _repr(self)

    def _repr_latex_(self) -> str | None:
        printer = PRINTERS.get("latex")
        return f"$\\displaystyle {printer(self)}$" if printer is not None else None

    # -- building with Python operators (records structure, like the parser) ----------
    def __add__(self, other: object) -> Expr:
        return _chain(Add, self, as_expr(other))

    def __radd__(self, other: object) -> Expr:
        return _chain(Add, as_expr(other), self)

    def __sub__(self, other: object) -> Expr:
        return _chain(Add, self, _negate_literal(as_expr(other)))

    def __rsub__(self, other: object) -> Expr:
        return _chain(Add, as_expr(other), _negate_literal(self))

    def __mul__(self, other: object) -> Expr:
        return _chain(Mul, self, as_expr(other))

    def __rmul__(self, other: object) -> Expr:
        return _chain(Mul, as_expr(other), self)

    def __truediv__(self, other: object) -> Expr:
        return Div(self, as_expr(other))

    def __rtruediv__(self, other: object) -> Expr:
        return Div(as_expr(other), self)

    def __pow__(self, other: object) -> Expr:
        return Pow(self, as_expr(other))

    def __rpow__(self, other: object) -> Expr:
        return Pow(as_expr(other), self)

    def __neg__(self) -> Expr:
        return _negate_literal(self)

    def __pos__(self) -> Expr:
        return self

    # -- queries ------------------------------------------------------------------------
    @property
    def free_names(self) -> frozenset[str]:
        """Names of the free symbols (an indexed variable counts by its base name)."""
        return free_names(self)

    def has(self, var: Expr) -> bool:
        """Whether the expression depends on ``var`` (a symbol or an indexed variable)."""
        return depends_on(self, var)

    def subs(self, mapping: dict[Expr, Expr]) -> Expr:
        """Replace sub-expressions, rebuilding with the smart constructors."""
        return substitute(self, mapping)


_E = TypeVar("_E", bound=Expr)
_DEPTH = attrgetter("depth")
_FREE = attrgetter("_free")


# ---------------------------------------------------------------------------------------
# Leaves
# ---------------------------------------------------------------------------------------
class Num(Expr):
    """An exact number.  ``decimal`` marks one written (and printed) with a decimal point.

    A negative value arises only from folding or from a minus sign directly before a
    literal; the parsers otherwise keep numbers non-negative.
    """

    __slots__ = ()

    def __new__(cls, value: Value | str, decimal: bool = False) -> Num:
        if type(value) is int:
            return cls._intern((value, bool(decimal)), ())
        if isinstance(value, bool) or not isinstance(value, (int, Fraction, str)):
            raise TypeError(f"Num needs an int or a Fraction, not {type(value).__name__}")
        exact = value if type(value) is Fraction else Fraction(value)
        normal: Value = exact.numerator if exact.denominator == 1 else exact
        return cls._intern((normal, bool(decimal)), ())

    @property
    def value(self) -> Value:
        return self.args[0]  # type: ignore[no-any-return]

    @property
    def decimal(self) -> bool:
        return self.args[1]  # type: ignore[no-any-return]

    @property
    def level(self) -> Level:  # type: ignore[override]
        if self.value < 0:
            return Level.NEG
        if isinstance(self.value, Fraction) and not self.decimal:
            return Level.MUL
        return Level.ATOM

    @property
    def is_integer(self) -> bool:
        return isinstance(self.value, int)


#: Characters no output format can write in a name safely: control and format characters,
#: white space, and the markup characters of LaTeX, HTML and Markdown code.
_UNWRITABLE = re.compile(
    "[\\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff$\\\\{}<>`]"
)


class Sym(Expr):
    """A named symbol such as ``x``, ``theta`` or ``x_1``.  A name holding a character of
    :data:`_UNWRITABLE` (``"x}$"``, ``"\\input"``, a line break) is refused."""

    __slots__ = ()

    def __new__(cls, name: str) -> Sym:
        if not isinstance(name, str) or not name:
            raise TypeError("Sym needs a non-empty name")
        if not name.isidentifier() and (bad := _UNWRITABLE.search(name)) is not None:
            raise ValueError(f"a symbol's name cannot hold {bad[0]!r}: {name!r}")
        return cls._intern((name,), ())

    @property
    def name(self) -> str:
        return self.args[0]  # type: ignore[no-any-return]


class Const(Expr):
    """A named mathematical constant: ``e`` (Euler's number) or ``pi``."""

    __slots__ = ()
    NAMES: ClassVar[frozenset[str]] = frozenset({"e", "pi"})

    def __new__(cls, name: str) -> Const:
        if name not in cls.NAMES:
            raise ValueError(f"unknown constant {name!r}")
        return cls._intern((name,), ())

    @property
    def name(self) -> str:
        return self.args[0]  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------
# Operators
# ---------------------------------------------------------------------------------------
class Add(Expr):
    """A sum of two or more terms; ``a - b`` is ``Add(a, Neg(b))``."""

    __slots__ = ()
    level = Level.ADD

    def __new__(cls, *terms: Expr) -> Add:
        _check_operands("Add", terms, 2)
        return cls._intern(terms, terms)

    @property
    def terms(self) -> tuple[Expr, ...]:
        return self.children


class Mul(Expr):
    """A product of two or more factors, written with ``*`` or by juxtaposition."""

    __slots__ = ()
    level = Level.MUL

    def __new__(cls, *factors: Expr) -> Mul:
        _check_operands("Mul", factors, 2)
        return cls._intern(factors, factors)

    @property
    def factors(self) -> tuple[Expr, ...]:
        return self.children


class Div(Expr):
    """A quotient ``num / den``, kept as the user wrote it."""

    __slots__ = ()
    level = Level.MUL

    def __new__(cls, num: Expr, den: Expr) -> Div:
        operands = (num, den)
        _check_operands("Div", operands, 2)
        return cls._intern(operands, operands)

    @property
    def num(self) -> Expr:
        return self.args[0]  # type: ignore[no-any-return]

    @property
    def den(self) -> Expr:
        return self.args[1]  # type: ignore[no-any-return]


class Pow(Expr):
    """A power ``base ^ exp`` (right associative: ``2^3^2 = 2^(3^2)``)."""

    __slots__ = ()
    level = Level.POW

    def __new__(cls, base: Expr, exp: Expr) -> Pow:
        operands = (base, exp)
        _check_operands("Pow", operands, 2)
        return cls._intern(operands, operands)

    @property
    def base(self) -> Expr:
        return self.args[0]  # type: ignore[no-any-return]

    @property
    def exp(self) -> Expr:
        return self.args[1]  # type: ignore[no-any-return]


class Neg(Expr):
    """Negation ``-arg``; it applies to a whole product (``-2x`` is ``-(2x)``)."""

    __slots__ = ()
    level = Level.NEG

    def __new__(cls, arg: Expr) -> Neg:
        operands = (arg,)
        _check_operands("Neg", operands, 1)
        return cls._intern(operands, operands)

    @property
    def arg(self) -> Expr:
        return self.args[0]  # type: ignore[no-any-return]


class Call(Expr):
    """A function applied to arguments: ``Call("sin", x)``.

    The name is a key of :data:`symderiv.functions.FUNCTIONS`, or the name of a
    function the user declared (an undefined function such as ``f``).
    """

    __slots__ = ()

    def __new__(cls, name: str, *arguments: Expr) -> Call:
        if not isinstance(name, str) or not name:
            raise TypeError("Call needs a function name")
        _check_operands(name, arguments, 1)
        return cls._intern((name, *arguments), arguments)

    @property
    def name(self) -> str:
        return self.args[0]  # type: ignore[no-any-return]

    @property
    def arguments(self) -> tuple[Expr, ...]:
        return self.children

    @property
    def arg(self) -> Expr:
        return self.children[0]


class Log(Expr):
    """A logarithm ``log_base(arg)``; the natural logarithm has ``base = E``."""

    __slots__ = ()

    def __new__(cls, arg: Expr, base: Expr | None = None) -> Log:
        base = E if base is None else base
        _check_operands("Log", (arg, base), 2)
        return cls._intern((arg, base))

    @property
    def arg(self) -> Expr:
        return self.args[0]  # type: ignore[no-any-return]

    @property
    def base(self) -> Expr:
        return self.args[1]  # type: ignore[no-any-return]

    @property
    def natural(self) -> bool:
        return self.args[1] is E


class Indexed(Expr):
    """An indexed variable such as ``y[i, k]`` (LaTeX ``y_{ik}``)."""

    __slots__ = ()

    def __new__(cls, name: str, *indices: Expr) -> Indexed:
        if not isinstance(name, str) or not name:
            raise TypeError("Indexed needs a base name")
        _check_operands("Indexed", indices, 1)
        return cls._intern((name, *indices))

    @property
    def name(self) -> str:
        return self.args[0]  # type: ignore[no-any-return]

    @property
    def indices(self) -> tuple[Expr, ...]:
        return self.children


class _BigOperator(Expr):
    """Shared shape of Σ and Π: ``(body, index, lower, upper)``, bounds optional."""

    __slots__ = ()

    def __new__(
        cls, body: Expr, index: Sym, lower: Expr | None = None, upper: Expr | None = None
    ) -> Any:
        if not isinstance(index, Sym):
            raise TypeError(f"{cls.__name__} needs a symbol as its index")
        _check_operands(cls.__name__, (body,), 1)
        for bound in (lower, upper):
            if bound is not None and not isinstance(bound, Expr):
                raise TypeError(f"{cls.__name__} bounds must be expressions")
        return cls._intern((body, index, lower, upper))

    @property
    def body(self) -> Expr:
        return self.args[0]  # type: ignore[no-any-return]

    @property
    def index(self) -> Sym:
        return self.args[1]  # type: ignore[no-any-return]

    @property
    def lower(self) -> Expr | None:
        return self.args[2]  # type: ignore[no-any-return]

    @property
    def upper(self) -> Expr | None:
        return self.args[3]  # type: ignore[no-any-return]


class Sum(_BigOperator):
    """A sum ``Σ_{index=lower}^{upper} body``."""

    __slots__ = ()
    level = Level.MUL


class Product(_BigOperator):
    """A product ``Π_{index=lower}^{upper} body``."""

    __slots__ = ()
    level = Level.MUL


class Derivative(Expr):
    """Derivative notation as written: ``(a^x)'``, ``f'(x)``, ``d/dx (...)``."""

    __slots__ = ()

    def __new__(cls, expr: Expr, var: Expr | None = None, order: int = 1) -> Derivative:
        if isinstance(order, bool) or not isinstance(order, int) or order < 1:
            raise ValueError("order must be a positive integer")
        if var is not None and not isinstance(var, (Sym, Indexed)):
            raise TypeError("the variable must be a symbol or an indexed variable")
        _check_operands("Derivative", (expr,), 1)
        return cls._intern((expr, var, order))

    @property
    def expr(self) -> Expr:
        return self.args[0]  # type: ignore[no-any-return]

    @property
    def var(self) -> Expr | None:
        return self.args[1]  # type: ignore[no-any-return]

    @property
    def order(self) -> int:
        return self.args[2]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Equation:
    """``lhs = rhs``; not an expression itself."""

    __slots__ = ("lhs", "rhs")
    lhs: Expr
    rhs: Expr

    def __reduce__(self) -> tuple[Any, ...]:
        return (Equation, (self.lhs, self.rhs))

    def __repr__(self) -> str:
        return f"Equation({self.lhs!r}, {self.rhs!r})"

    def __str__(self) -> str:
        return f"{self.lhs} = {self.rhs}"


def _check_operands(what: str, operands: tuple[Any, ...], minimum: int) -> None:
    if len(operands) < minimum:
        raise TypeError(f"{what} needs at least {minimum} operand(s)")
    if not _KINDS.issuperset(map(type, operands)):
        wrong = next(o for o in operands if not isinstance(o, Expr))
        raise TypeError(f"{what} operands must be Expr, not {type(wrong).__name__}")


# ---------------------------------------------------------------------------------------
# Constants and conversion
# ---------------------------------------------------------------------------------------
E = Const("e")
PI = Const("pi")
ZERO = Num(0)
ONE = Num(1)
TWO = Num(2)
NEG_ONE = Num(-1)
HALF = Num(Fraction(1, 2))


def number(value: Value) -> Num:
    """An exact number node."""
    return Num(value)


def as_expr(value: object) -> Expr:
    """Convert Python numbers to :class:`Num`; pass an :class:`Expr` through."""
    if isinstance(value, Expr):
        return value
    if isinstance(value, bool):
        raise TypeError("a bool is not an expression")
    if isinstance(value, (int, Fraction)):
        return Num(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("only finite numbers can be expressions")
        return Num(Fraction(repr(value)), decimal=True)
    raise TypeError(f"cannot make an expression from {type(value).__name__}")


def symbols(names: str) -> Any:
    """``symbols("x y")`` gives a tuple of symbols; one name gives one symbol."""
    parts = names.replace(",", " ").split()
    made = tuple(Sym(part) for part in parts)
    return made[0] if len(made) == 1 else made


def _chain(cls: type[Add] | type[Mul], left: Expr, right: Expr) -> Expr:
    """Left-associative chains flatten as the parser does: ``a + b + c`` is one Add."""
    if type(left) is cls:
        return cls(*left.children, right)
    return cls(left, right)


def _negate_literal(arg: Expr) -> Expr:
    """``-3`` is the number -3; any other negation is a :class:`Neg` node."""
    if isinstance(arg, Num) and arg.value > 0:
        return Num(-arg.value, arg.decimal)
    return Neg(arg)


# ---------------------------------------------------------------------------------------
# Smart constructors: 0/1 identities and number folding, nothing more
# ---------------------------------------------------------------------------------------
def _is_num(node: Expr, value: Value | None = None) -> bool:
    return isinstance(node, Num) and (value is None or node.value == value)


def _num(value: Value, decimal: bool = False) -> Num:
    return Num(value, decimal)


def add(*terms: Expr) -> Expr:
    """Sum: nested sums flattened, numbers folded into one term (where the first number
    stood), zeros dropped."""
    flat: list[Expr] = []
    total: Value = 0
    decimal = False
    number_at: int | None = None
    for term in terms:
        for item in term.children if isinstance(term, Add) else (term,):
            if isinstance(item, Num):
                total += item.value
                decimal = decimal or item.decimal
                if number_at is None:
                    number_at = len(flat)
            else:
                flat.append(item)
    if not flat:
        return _num(total, decimal)
    if total != 0 and number_at is not None:
        flat.insert(number_at, _num(total, decimal))
    return flat[0] if len(flat) == 1 else Add(*flat)


def sub(a: Expr, b: Expr) -> Expr:
    """Difference ``a - b``."""
    return add(a, neg(b))


def neg(a: Expr) -> Expr:
    """Negation: folds numbers and double negation."""
    if isinstance(a, Num):
        return _num(-a.value, a.decimal)
    if isinstance(a, Neg):
        return a.arg
    return Neg(a)


def mul(*factors: Expr) -> Expr:
    """Product: nested products flattened one level, numbers folded into a leading
    coefficient, signs pulled out front, ones dropped, zero absorbing."""
    flat: list[Expr] = []
    coefficient: Value = 1
    decimal = False
    for factor in factors:
        number, written_decimal, items = split_factor(factor)
        coefficient, decimal = coefficient * number, decimal or written_decimal
        flat.extend(items)
    return product_of(coefficient, decimal, flat)


def split_factor(factor: Expr) -> tuple[Value, bool, list[Expr]]:
    """What :func:`mul` takes from one factor: its number, a decimal?, its other factors."""
    coefficient: Value = 1
    decimal = False
    items: list[Expr] = []
    while isinstance(factor, Neg):
        coefficient = -coefficient
        factor = factor.arg
    for item in factor.children if isinstance(factor, Mul) else (factor,):
        while isinstance(item, Neg):
            coefficient = -coefficient
            item = item.arg
        if isinstance(item, Num):
            coefficient *= item.value
            decimal = decimal or item.decimal
        else:
            items.append(item)
    return coefficient, decimal, items


def product_of(coefficient: Value, decimal: bool, flat: list[Expr], depth: int = 0) -> Expr:
    """A number times factors split by :func:`split_factor`, written as :func:`mul` does.

    ``depth``, when the caller knows it, is the greatest depth among ``flat``, whose
    items are then taken as nodes without checking (the product rule's long terms)."""
    if coefficient == 0:
        return _num(0, decimal)
    if not flat:
        return _num(coefficient, decimal)
    if coefficient == 1 and not decimal:
        return flat[0] if len(flat) == 1 else _product(flat, depth)
    if coefficient == -1 and not decimal:
        return Neg(flat[0] if len(flat) == 1 else _product(flat, depth))
    number = _num(-coefficient if coefficient < 0 else coefficient, decimal)
    product = _product([number, *flat], depth and max(depth, number.depth))
    return Neg(product) if coefficient < 0 else product


def _product(factors: list[Expr], depth: int) -> Mul:
    if not depth:
        return Mul(*factors)
    operands = tuple(factors)
    return Mul._intern(operands, operands, depth + 1)


def div(a: Expr, b: Expr) -> Expr:
    """Quotient: ``a/1 = a``, ``0/b = 0``, numbers folded exactly, signs pulled out."""
    if _is_num(b, 0):
        return Div(a, b)
    if isinstance(b, Num) and isinstance(a, Num):
        return _num(Fraction(a.value) / Fraction(b.value), a.decimal or b.decimal)
    if _is_num(b, 1):
        return a
    if _is_num(a, 0):
        return ZERO
    if isinstance(b, Neg):
        return neg(div(a, b.arg))
    if isinstance(b, Num) and b.value < 0:
        return neg(div(a, _num(-b.value, b.decimal)))
    if isinstance(a, Neg):
        return neg(div(a.arg, b))
    if isinstance(a, Num) and a.value < 0:
        return neg(div(_num(-a.value, a.decimal), b))
    return Div(a, b)


def power(base: Expr, exponent: Expr) -> Expr:
    """Power: ``a^0 = 1``, ``a^1 = a``, ``1^b = 1``, small exact powers of numbers folded."""
    if _is_num(exponent, 0):
        return ONE
    if _is_num(exponent, 1):
        return base
    if _is_num(base, 1):
        return ONE
    if isinstance(base, Num) and isinstance(exponent, Num) and exponent.is_integer:
        folded = _fold_power(base.value, exponent.value)  # type: ignore[arg-type]
        if folded is not None:
            return _num(folded, base.decimal or exponent.decimal)
    return Pow(base, exponent)


def _fold_power(base: Value, exponent: int) -> Value | None:
    if base == 0:
        return 0 if exponent > 0 else None
    size = abs(Fraction(base).numerator).bit_length() + Fraction(base).denominator.bit_length()
    if size * abs(exponent) > MAX_EXACT_BITS:
        return None
    return Fraction(base) ** exponent


def undefined_log_base(base: Expr) -> bool:
    """Whether ``base`` is a number no real logarithm has as its base: 1, 0 or a negative."""
    return isinstance(base, Num) and (base.value <= 0 or base.value == 1)


def undefined_root_index(index: Expr) -> bool:
    """Whether ``index`` is the number 0, the index no root has (``root(x, n)`` is x^(1/n))."""
    return isinstance(index, Num) and index.value == 0


def has_no_value(node: Expr) -> bool:
    """Whether the node itself is undefined everywhere: a logarithm to base 1, 0 or a negative, or a
    root of index 0 (its children are not looked at)."""
    if isinstance(node, Log):
        return undefined_log_base(node.base)
    return isinstance(node, Call) and node.name == "root" and undefined_root_index(node.args[-1])


def call(name: str, *arguments: Expr) -> Expr:
    """A function application (no evaluation); a root of index 0 is refused."""
    if name == "root" and len(arguments) == 2 and undefined_root_index(arguments[1]):
        raise NoRuleError("a root of index 0 (undefined)", "root(u, 0) has no value")
    return Call(name, *arguments)


def ln(arg: Expr) -> Expr:
    """Natural logarithm; ``ln(e) = 1``, ``ln(1) = 0``."""
    if arg is E:
        return ONE
    if _is_num(arg, 1):
        return ZERO
    return Log(arg, E)


def log(arg: Expr, base: Expr | None = None) -> Expr:
    """Logarithm to ``base`` (natural when omitted); a base of 1, 0 or a negative is refused."""
    if base is not None and undefined_log_base(base):
        raise NoRuleError(f"a logarithm to base {base} (undefined)", "base: positive, not 1")
    return _logarithm(arg, base)


def _logarithm(arg: Expr, base: Expr | None) -> Expr:
    """:func:`log` without the check of the base: rebuilding a tree keeps what it holds."""
    if base is None or base is E:
        return ln(arg)
    if _is_num(arg, 1):
        return ZERO
    if arg is base:
        return ONE
    return Log(arg, base)


def exp(arg: Expr) -> Expr:
    """``exp(arg)``; ``exp(0) = 1``."""
    if _is_num(arg, 0):
        return ONE
    return Call("exp", arg)


def sqrt(arg: Expr) -> Expr:
    """``sqrt(arg)``."""
    if _is_num(arg, 0) or _is_num(arg, 1):
        return arg
    return Call("sqrt", arg)


# ---------------------------------------------------------------------------------------
# Rebuilding and substitution (walks: see symderiv.walks)
# ---------------------------------------------------------------------------------------
_REBUILD: dict[type, Callable[..., Expr]] = {}


def rebuild(node: Expr, children: list[Expr]) -> Expr:
    """The node with new children, built with the smart constructors where there is one."""
    if list(node.children) == children:
        return node
    builder = _REBUILD.get(type(node))
    if builder is not None:
        return builder(node, children)
    it = iter(children)
    new_args = tuple(next(it) if isinstance(a, Expr) else a for a in node.args)
    return type(node)(*new_args)


_REBUILD.update(
    {
        Add: lambda node, ch: add(*ch),
        Mul: lambda node, ch: mul(*ch),
        Div: lambda node, ch: div(*ch),
        Pow: lambda node, ch: power(*ch),
        Neg: lambda node, ch: neg(*ch),
        Log: lambda node, ch: _logarithm(ch[0], ch[1]),
    }
)


def substitute(root: Expr, mapping: dict[Expr, Expr]) -> Expr:
    """Replace every occurrence of the keys of ``mapping`` (whole sub-expressions)."""
    if not mapping:
        return root

    def combine(node: Expr, children: list[Expr]) -> Expr:
        replacement = mapping.get(node)
        if replacement is not None:
            return replacement
        return rebuild(node, children)

    memo: dict[Expr, Expr] = dict(mapping)
    return fold(root, combine, memo)


def free_names(root: Expr) -> frozenset[str]:
    """Names of free symbols; an indexed variable counts by its base name, Σ/Π bind their index."""
    cached = root._free
    if cached is not None:
        return cached
    stack = [root]
    while stack:
        node = stack[-1]
        if node._free is not None:
            stack.pop()
            continue
        unnamed = [c for c in node.children if c._free is None]
        if unnamed:
            stack.extend(unnamed)
            continue
        stack.pop()
        names: frozenset[str]
        if isinstance(node, Sym):
            names = frozenset((node.name,))
        elif isinstance(node, Indexed):
            names = frozenset((node.name,)).union(*map(_FREE, node.children))
        else:
            names = frozenset().union(*map(_FREE, node.children))
            if isinstance(node, (Sum, Product)):
                names = (node.body._free or frozenset()) - {node.index.name}
                for bound in (node.lower, node.upper):
                    if bound is not None:
                        names |= bound._free or frozenset()
        object.__setattr__(node, "_free", names)
    return root._free or frozenset()


def depends_on(root: Expr, var: Expr) -> bool:
    """Whether ``root`` depends on the symbol or indexed variable ``var``."""
    name = var.name if isinstance(var, (Sym, Indexed)) else None
    if name is None:
        raise TypeError("can only test dependence on a symbol or an indexed variable")
    return name in free_names(root)


def tree_size(root: Expr) -> int:
    """Number of distinct nodes (shared subtrees counted once)."""
    return sum(1 for _ in postorder(root))


def _repr(root: Expr) -> str:
    def combine(node: Expr, children: list[str]) -> str:
        it = iter(children)
        parts = []
        for a in node.args:
            if isinstance(a, Expr):
                parts.append(next(it))
            elif isinstance(a, Fraction):
                parts.append(f"Fraction({digits(a.numerator)}, {digits(a.denominator)})")
            elif isinstance(a, int) and not isinstance(a, bool):
                parts.append(digits(a))
            elif isinstance(node, Num) and isinstance(a, bool):
                if a:
                    parts.append("decimal=True")
            else:
                parts.append(repr(a))
        return f"{type(node).__name__}({', '.join(parts)})"

    return fold(root, combine)
