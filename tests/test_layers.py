"""The package's layers point down (docs/development.md): no cycle between its packages and
top-level modules, nor between any two modules, by a scan of every import (in functions and
under TYPE_CHECKING too), and import-linter's layers contract kept."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
PACKAGE = REPOSITORY / "generator"  # imported as pledgekit


def package_imports() -> dict[str, set[str]]:
    """Top-level package or module -> the others it imports (at any depth, in any function)."""
    edges: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        source = parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                names = module.split(".")
                if names[0] == "pledgekit" and len(names) > 1 and names[1] != source:
                    edges.setdefault(source, set()).add(names[1])
    return edges


def module_imports() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (a name imported from a package counts as
    its module when it is one)."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("pledgekit", *path.relative_to(PACKAGE).with_suffix("").parts)
        modules[".".join(parts).removesuffix(".__init__")] = path
    edges: dict[str, set[str]] = {}
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            edges.setdefault(module, set()).update(
                name for name in names if name in modules and name != module
            )
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(set(edges) | {other for targets in edges.values() for other in targets}):
        if node not in index:
            visit(node)
    return found


def test_the_scan_finds_a_cycle_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}}) == []


def test_no_package_imports_another_that_imports_it_back():
    edges = package_imports()
    assert "render" in edges["build"] and "cli" in edges["__main__"]  # the scan sees imports
    assert cycles(edges) == []


def test_no_module_imports_another_that_imports_it_back():
    edges = module_imports()
    assert "pledgekit.plan.views" in edges["pledgekit.plan.campaign"]  # the scan sees imports
    assert cycles(edges) == []


def test_the_layers_contract_is_kept():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.fail("lint-imports is missing: install the test extras (import-linter)")
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=REPOSITORY, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Layers point down KEPT" in result.stdout
