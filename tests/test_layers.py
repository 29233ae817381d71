"""The floors of the package: each module imports only its own floor and the floors below.

The three features (submissions, publish, explore) share floor 5 and never import each other;
where two of them meet (the site's exploration page) the caller on a higher floor joins them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pimgraph

FLOORS = {
    "core": 0,
    "rdf": 1,
    "graph": 2,
    "sparql": 3,
    "validation": 3,
    "remote": 4,
    "submissions": 5,
    "publish": 5,
    "explore": 5,
    "serve": 6,
    "cli": 7,
}
FEATURES = {"submissions", "publish", "explore"}
ROOT = Path(pimgraph.__file__).parent


def _imports(path: Path) -> set[str]:
    """Every pimgraph package a module imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "pimgraph" and len(parts) > 1 and parts[1] in FLOORS:
                found.add(parts[1])
    return found


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) > 1 and parts[0] in FLOORS:
            yield parts[0], path


def test_every_module_imports_only_its_floor_and_the_floors_below() -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports pimgraph.{other}"
        for package, path in _modules()
        for other in _imports(path)
        if FLOORS[other] > FLOORS[package]
    ]
    assert not wrong, wrong


def test_features_never_import_each_other() -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports pimgraph.{other}"
        for package, path in _modules()
        if package in FEATURES
        for other in _imports(path) & (FEATURES - {package})
    ]
    assert not wrong, wrong
