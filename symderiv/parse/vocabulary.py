"""The words the plain-text parser knows besides the function table: constants,
logarithm spellings, call-like notation, and function names glued to a letter."""

from __future__ import annotations

import re
import unicodedata

from ..expr import PI, E, Expr, Num
from ..functions import ALIASES, GREEK_LETTERS

__all__ = [
    "CONSTANTS",
    "DECORATED_LETTERS",
    "DECORATIONS",
    "DECORATION_MARKS",
    "DECORATION_SUFFIXES",
    "FOREIGN_NAMES",
    "FUNCTION_GREEK",
    "GLUED_ARGUMENT",
    "GLUED_NAMES",
    "HOLDS_A_NAME",
    "LATEX_LOG_COMMANDS",
    "LOG_NAMES",
    "REFUSED_BEFORE_OPERANDS",
    "SPECIAL_FORMS",
    "decorated",
    "foreign_name",
    "glued_suggestion",
    "plain_name",
]

#: Logarithm spellings with a fixed base (``None``: the base comes from the arguments).
LOG_NAMES: dict[str, Expr | None] = {"ln": E, "log": None, "log10": Num(10), "log2": Num(2)}

#: Names some texts give functions that symderiv spells otherwise, refused with the
#: spellings that say which function is meant (``⟨…⟩``: a function by its name here):
#: ``lg`` is log₁₀ (ISO 80000-2) in some texts and log₂ in others; ``lb`` and ``ld`` are
#: log₂; ``tg``, ``sh``, ``ch``, ``th``, … the tangent and the hyperbolic functions as
#: Russian and French texts write them.
FOREIGN_NAMES: dict[str, str] = {
    "lg": "the logarithm to base 10 in some texts and to base 2 in others: write ⟨log10⟩ or ⟨log2⟩",
    "lb": "the logarithm to base 2: write ⟨log2⟩",
    "ld": "the logarithm to base 2: write ⟨log2⟩",
    **{
        name: f"the {meaning} in some texts: write ⟨{function}⟩"
        for name, meaning, function in (
            ("tg", "tangent", "tan"),
            ("ctg", "cotangent", "cot"),
            ("cotg", "cotangent", "cot"),
            ("arctg", "inverse tangent", "atan"),
            ("arcctg", "inverse cotangent", "acot"),
            ("sh", "hyperbolic sine", "sinh"),
            ("ch", "hyperbolic cosine", "cosh"),
            ("th", "hyperbolic tangent", "tanh"),
            ("cth", "hyperbolic cotangent", "coth"),
            ("arsh", "inverse hyperbolic sine", "asinh"),
            ("arch", "inverse hyperbolic cosine", "acosh"),
            ("arth", "inverse hyperbolic tangent", "atanh"),
        )
    },
}

#: Of :data:`FOREIGN_NAMES`, those refused before any operand too (``lg x``, ``tg 2x``,
#: ``sh x``), not only when called: ``lb`` and ``ld`` may also name a quantity (a lower
#: bound), and there a product is read.
REFUSED_BEFORE_OPERANDS = frozenset(FOREIGN_NAMES) - {"lb", "ld"}

#: How the refusals of :data:`FOREIGN_NAMES` spell a function in LaTeX (where it is not
#: ``\name x``).
_LATEX_SPELLINGS = {
    "log10": r"\log_{10} x",
    "log2": r"\log_2 x",
    "atan": r"\arctan x",
    "acot": r"\operatorname{arccot} x",
    "asinh": r"\operatorname{arsinh} x",
    "acosh": r"\operatorname{arcosh} x",
    "atanh": r"\operatorname{artanh} x",
}


def foreign_name(name: str, *, latex: bool, written: str | None = None) -> str | None:
    """The refusal of ``name`` (:data:`FOREIGN_NAMES`), with the spellings that state the
    function meant as plain text or LaTeX writes them; ``None`` for any other name.
    ``written`` is the name as the formula wrote it (``\\operatorname{tg}``), when not
    ``name`` itself or its LaTeX command."""
    reason = FOREIGN_NAMES.get(name)
    if reason is None:
        return None
    said = re.sub(r"⟨(\w+)⟩", lambda found: _spelled(found.group(1), latex=latex), reason)
    head = written or (f"\\{name}" if latex else name)
    return f"{head} is {said}"


def _spelled(function: str, *, latex: bool) -> str:
    if latex:
        return _LATEX_SPELLINGS.get(function, f"\\{function} x")
    return f"{function}(x)"


#: The logarithm spellings that are LaTeX commands (``\ln``, ``\log``).
LATEX_LOG_COMMANDS = ("ln", "log")

#: Names of the constants (``e`` may be declared an ordinary symbol).
CONSTANTS: dict[str, Expr] = {"e": E, "E": E, "pi": PI, "π": PI}

#: Notation written like a call but building its own node.
SPECIAL_FORMS = ("sum", "prod", "diff")

#: Function names that, run together with a letter (``sinx``), make a refused name.
GLUED_NAMES = sorted(
    (name for name in (*ALIASES, *LOG_NAMES) if name.isascii() and name.isalpha()),
    key=len,
    reverse=True,
)
GLUED_ARGUMENT = re.compile(r"\d*[^\W\d_]")
#: Some function name inside a longer name: only such names need the glued-name check.
HOLDS_A_NAME = re.compile("|".join(GLUED_NAMES))


def glued_suggestion(text: str) -> str | None:
    """What a run of letters holding a function name was likely meant as (``sinx``:
    ``'sin x' or 'sin(x)'``; ``xsin``: ``'x sin …'``; ``xsinx``: ``'x sin x' or
    'x*sin(x)'``), or None for a name that holds none so."""
    if len(text) < 3 or HOLDS_A_NAME.search(text) is None:
        return None
    for known in GLUED_NAMES:
        rest = text[len(known) :]
        if text.startswith(known) and rest and GLUED_ARGUMENT.fullmatch(rest):
            return f"'{known} {rest}' or '{known}({rest})'"
        if text.endswith(known) and len(text) > len(known) and len(known) >= 3:
            return f"'{text[: -len(known)]} {known} …'"
        head, _, rest = text.partition(known)
        if len(head) == 1 and head.isalpha() and rest and GLUED_ARGUMENT.fullmatch(rest):
            return f"'{head} {known} {rest}' or '{head}*{known}({rest})'"
    return _functions_apart(text)


def _functions_apart(text: str) -> str | None:
    """``sinxcosx``, ``xsinxcosx``, ``sin3xcos3x``: a run of several function names, each
    with a letter (and its number) after it, perhaps a letter before them, spelled apart
    (``'sin x cos x' or 'sin(x)*cos(x)'``); None for any other run."""
    parts: list[tuple[str, str]] = []  # (function, its argument); a leading letter alone
    at = 0
    if text[:1].isalpha() and not any(text.startswith(known) for known in GLUED_NAMES):
        parts.append(("", text[0]))
        at = 1
    while at < len(text):
        known = next((name for name in GLUED_NAMES if text.startswith(name, at)), None)
        argument = GLUED_ARGUMENT.match(text, at + len(known)) if known else None
        if known is None or argument is None:
            return None
        parts.append((known, argument.group()))
        at = argument.end()
    if sum(1 for function, _ in parts if function) < 2:
        return None
    spaced = " ".join(f"{function} {argument}".strip() for function, argument in parts)
    called = "*".join(
        f"{function}({argument})" if function else argument for function, argument in parts
    )
    return f"'{spaced}' or '{called}'"


# -- decorated names ------------------------------------------------------------------------
#: Accents that decorate a name: LaTeX command -> (the plain suffix, the combining mark).
#: ``\hat{y}`` is the symbol ``y_hat``, printed ``ŷ`` (and ``\hat{y}`` in LaTeX); ``y_hat``
#: and ``ŷ`` are typed for it in plain text.
DECORATIONS: dict[str, tuple[str, str]] = {
    "hat": ("hat", "\u0302"),
    "widehat": ("hat", "\u0302"),
    "bar": ("bar", "\u0304"),
    "overline": ("bar", "\u0304"),
    "tilde": ("tilde", "\u0303"),
    "widetilde": ("tilde", "\u0303"),
    "dot": ("dot", "\u0307"),
    "ddot": ("ddot", "\u0308"),
}
#: The plain suffix -> the LaTeX command and the combining mark that print it.
DECORATION_SUFFIXES: dict[str, tuple[str, str]] = {
    "hat": ("hat", "\u0302"),
    "bar": ("bar", "\u0304"),
    "tilde": ("tilde", "\u0303"),
    "dot": ("dot", "\u0307"),
    "ddot": ("ddot", "\u0308"),
}
#: Combining mark -> the plain suffix.
_MARK_SUFFIXES = {mark: suffix for suffix, (_, mark) in DECORATION_SUFFIXES.items()}
#: The combining marks, and the precomposed letters made of a Latin letter and one of
#: them (``ŷ``, ``x̄`` is two characters, ``ẋ``): both are read in names.
DECORATION_MARKS = "".join(_MARK_SUFFIXES)
DECORATED_LETTERS = "".join(
    ch
    for ch in map(chr, range(0xC0, 0x2000))
    if len(parts := unicodedata.normalize("NFD", ch)) == 2
    and parts[0].isascii()
    and parts[0].isalpha()
    and parts[1] in _MARK_SUFFIXES
)


def plain_name(text: str, greek: dict[str, str]) -> str:
    """A typed name in its plain spelling: Greek letters by their names (``θ`` ->
    ``theta``) and accented letters with their suffix (``ŷ`` -> ``y_hat``, ``θ̂`` ->
    ``theta_hat``)."""
    if text.isascii():
        return text
    pieces: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        suffix = _MARK_SUFFIXES.get(ch)
        if suffix is not None and pieces:
            pieces[-1] = f"{pieces[-1]}_{suffix}"
        else:
            pieces.append(greek.get(ch, ch))
    return "".join(pieces)


def decorated(name: str) -> tuple[str, str] | None:
    """``(base, suffix)`` for a decorated name (``y_hat`` -> ``("y", "hat")``): a single
    letter or a Greek letter's name with an accent's suffix; ``None`` for any other name."""
    base, underscore, suffix = name.rpartition("_")
    if not underscore or suffix not in DECORATION_SUFFIXES:
        return None
    if (len(base) == 1 and base.isascii() and base.isalpha()) or base in GREEK_LETTERS:
        return base, suffix
    return None


#: Greek letters that name functions by convention, and what each names: written
#: directly before ``(`` they are that function when the function table has it (read by
#: its LaTeX commands), and refused until it does, never read as a letter times (…).
FUNCTION_GREEK: dict[str, str] = {
    "Gamma": "the gamma function",
    "Phi": "the standard normal distribution function",
    "psi": "the digamma function",
    "zeta": "the Riemann zeta function",
    "phi": "a function φ (or the standard normal density)",
    "varphi": "a function φ",
    "Psi": "a function Ψ",
    "Beta": "the beta function",
}
