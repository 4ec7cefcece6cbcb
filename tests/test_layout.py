"""The package layout shows the architecture: one core, thin faces, no cycles, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "thidua_xl"
CORE = ("campaign", "text", "findings", "read", "rules", "check", "consolidate", "council",
        "ledger")
FACES = ("cli", "excel")
MAX_LINES = 400


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every thidua_xl module a file imports, at module level or inside functions (type-only excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                 and ast.unparse(node.test) == "TYPE_CHECKING" for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("thidua_xl"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("thidua_xl"))
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in files and m != name}
            for name, path in files.items()}


def _top(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def test_no_module_imports_itself_back_through_others() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


@pytest.mark.parametrize(("layer", "forbidden"), [
    (CORE, (*FACES, "outputs", "jobs", "demo")),
    (("outputs",), FACES),
    (("jobs",), FACES),
    (("excel",), ("cli",)),
    (("cli",), ("excel",)),
])
def test_each_layer_imports_only_what_sits_below_it(layer: tuple[str, ...],
                                                    forbidden: tuple[str, ...]) -> None:
    bad = sorted((src, dst) for src, deps in _graph().items() for dst in deps
                 if _top(src) in layer and _top(dst) in forbidden)
    assert bad == []


def test_sub_packages_not_flat_modules() -> None:
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py", "findings.py"]
    assert (PACKAGE / "jobs" / "__init__.py").is_file()  # the pipelines: consolidation, council


def test_modules_stay_small() -> None:
    big = sorted((str(p.relative_to(PACKAGE)), n) for p in PACKAGE.rglob("*.py")
                 if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES)
    assert big == []
