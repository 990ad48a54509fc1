"""The package's shape: layers without cycles, an engine that knows only protocols, modules
of readable size. ``lint-imports`` checks the layers themselves (``pyproject.toml``)."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

import cadence

SOURCE = Path(cadence.__file__).parent
GRAPH = grimp.build_graph("cadence", include_external_packages=False)
ENGINE = ("cadence.engine", "cadence.replay", "cadence.planner", "cadence.auditing")
LONGEST = 400


def test_no_module_imports_one_that_imports_it_back_even_inside_a_function() -> None:
    cycles = [
        (importer, imported)
        for importer in sorted(GRAPH.modules)
        for imported in GRAPH.find_modules_directly_imported_by(importer)
        if GRAPH.chain_exists(importer=imported, imported=importer)
    ]
    assert cycles == []


@pytest.mark.parametrize("module", ENGINE)
def test_the_engine_imports_no_rule_of_its_own_accord(module: str) -> None:
    rules = sorted(
        imported
        for imported in GRAPH.find_modules_directly_imported_by(module)
        if imported == "cadence.rules" or imported.startswith("cadence.rules.")
    )
    assert rules == [], f"{module} imports {rules}: the engine knows rules by their protocol"


def test_the_values_do_not_import_their_edges() -> None:
    edges = {"cadence.config", "cadence.cli", "cadence.export", "cadence.picture", "cadence.phone"}
    for module in sorted(GRAPH.modules):
        if module in {"cadence", "cadence.__main__"} or module.startswith(tuple(edges)):
            continue
        reached = {
            edge
            for edge in edges
            for target in GRAPH.find_descendants(edge) | {edge}
            if GRAPH.chain_exists(importer=module, imported=target)
        }
        assert not reached, f"{module} imports {sorted(reached)}"


@pytest.mark.parametrize(
    "path", sorted(SOURCE.rglob("*.py")), ids=lambda path: str(path.relative_to(SOURCE))
)
def test_a_module_is_of_readable_size_or_says_why_not(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if lines <= LONGEST:
        return
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    assert "longer than" in docstring, (
        f"{path.name} has {lines} lines: split it, or say in its docstring why it is "
        f"longer than {LONGEST}"
    )
