"""The package's modules import one another one way only: no import circle, lazy imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "argmap"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_no_module_imports_itself_back_even_inside_a_function():
    imports = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        importer = module_name(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("argmap"):
                for alias in node.names:  # `from argmap import model` imports the module argmap.model
                    child = f"{node.module}.{alias.name}"
                    imports.add_edge(importer, child if is_module(child) else node.module)
            elif isinstance(node, ast.Import):
                imports.add_edges_from((importer, alias.name) for alias in node.names if alias.name.startswith("argmap"))
    assert len(imports) > 10
    assert list(nx.simple_cycles(imports)) == []
