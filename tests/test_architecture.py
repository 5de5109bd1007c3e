"""The house keeps its floors: every import of our own modules runs down (or across a
floor without a cycle), none sits inside a function, and no module outgrows one room.
The floors are drawn in ARCHITECTURE.md; this table is the same drawing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "symderiv"

#: Floor of each module or package (the longest prefix that names it decides).
FLOORS: dict[str, int] = {
    "symderiv.errors": 1,
    "symderiv.precedence": 1,
    "symderiv.memo": 1,
    "symderiv.sandbox": 1,
    "symderiv.instantiate": 1,
    "symderiv.deferred": 1,
    "symderiv.numerals": 1,
    "symderiv.interning": 1,
    "symderiv.walks": 1,
    "symderiv.pipes": 1,
    "symderiv.native": 1,
    "symderiv.expr": 2,
    "symderiv.functions": 3,
    "symderiv.function_spec": 3,
    "symderiv.special_functions": 3,
    "symderiv.vocabulary": 3,
    "symderiv.escape": 3,
    "symderiv.steps": 3,
    "symderiv.focus": 3,
    "symderiv.parse": 4,
    "symderiv.rules": 4,
    "symderiv.bridge": 4,
    "symderiv.numeric": 4,
    "symderiv.guard": 4,
    "symderiv.engine": 5,
    "symderiv.simplify": 6,
    "symderiv.verify": 7,
    "symderiv.pipeline": 8,
    "symderiv.matrix": 8,
    "symderiv.calculus": 8,
    "symderiv.render": 9,
    "symderiv.plot": 9,
    "symderiv.checks": 10,
    "symderiv.presenters": 11,
    "symderiv.api": 11,
    "symderiv.cli": 11,
    "symderiv.__main__": 11,
    "symderiv": 11,
}

#: Printers the expression nodes reach through a registration (``str(expr)``), and the
#: package's own ``__init__``, which binds the facade's names: both may import upward.
REGISTERING = {"symderiv"}

#: Most lines a module may have.
MOST_LINES = 1_000


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def floor(module: str) -> int:
    best = max((key for key in FLOORS if module == key or module.startswith(key + ".")), key=len)
    return FLOORS[best]


def _imports(module: str, path: Path) -> list[tuple[str, bool, int]]:
    """``(imported module, inside a function?, line)`` for each import of ours."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    inside: set[int] = set()
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inside.update(id(sub) for sub in ast.walk(node) if sub is not node)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(sub) for sub in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        for target in targets:
            if target in MODULES and target != module:
                found.append((target, id(node) in inside, node.lineno))
    return found


EDGES = {module: _imports(module, path) for module, path in MODULES.items()}


def test_every_module_has_a_floor() -> None:
    assert all(floor(module) for module in MODULES)


def test_imports_run_down_the_floors() -> None:
    upward = [
        f"{module} (floor {floor(module)}) imports {target} (floor {floor(target)}) at line {line}"
        for module, edges in EDGES.items()
        if module not in REGISTERING
        for target, _, line in edges
        if floor(target) > floor(module)
    ]
    assert upward == []


def test_no_import_of_our_own_modules_inside_a_function() -> None:
    inner = [
        f"{module} imports {target} inside a function at line {line}"
        for module, edges in EDGES.items()
        for target, inside, line in edges
        if inside
    ]
    assert inner == []


#: The modules that may load a module of ours by name at run time: the one place for
#: loads on first use, and the package's ``__getattr__`` (its public names).
LOADING_BY_NAME = {"symderiv.deferred", "symderiv"}


def test_modules_of_ours_load_by_name_only_in_one_place() -> None:
    """``import_module("symderiv…")`` hides an import from the floors: only
    :mod:`symderiv.deferred` does it, for the modules it names."""
    found = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            ours = (
                isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and first.value.startswith(("symderiv", "."))
            ) or isinstance(first, ast.JoinedStr)
            if name == "import_module" and ours and module not in LOADING_BY_NAME:
                found.append(f"{module} line {node.lineno}")
    assert found == []


def test_no_import_cycle() -> None:
    graph = {module: {target for target, _, _ in edges} for module, edges in EDGES.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(start: str) -> None:
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, pending = stack[-1]
            if not pending:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            target = pending.pop()
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append((target, sorted(graph[target])))

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_outgrows_one_room(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MOST_LINES, f"{module} has {lines} lines"


def test_the_drawing_names_every_floor() -> None:
    drawing = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for key in FLOORS:
        if key != "symderiv":
            assert key.removeprefix("symderiv.") in drawing, key
