"""The house keeps its shape: floors (import-linter checks the arrows), small units, no hidden
dependencies, and docs/ARCHITECTURE.md naming exactly the packages that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pimgraph.core import choices
from pimgraph.graph.engine import backends

PACKAGE = Path(__file__).resolve().parent.parent / "pimgraph"
ARCHITECTURE = PACKAGE.parent / "docs" / "ARCHITECTURE.md"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_TOP_LEVEL_MODULES = 6
# Third-party packages slow to import; a function-local import may defer these, and only these
# (directly, or a pimgraph module that imports one of them at its top).
HEAVY = ("pyshacl", "owlrl", "matplotlib", "networkx", "SPARQLWrapper")


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    if not name.startswith("pimgraph."):
        return False
    relative = Path(*name.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").exists() or (PACKAGE / relative).is_dir()


def _imports(tree: ast.AST, top_level: bool) -> set[str]:
    """Modules imported at the top of a module (``top_level``) or inside functions."""
    found: set[str] = set()
    body_nodes = tree.body if isinstance(tree, ast.Module) else []
    top = {id(node) for node in body_nodes}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if (id(node) in top) != top_level:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            # "from pimgraph.x import y": y is a module of its own, or a name in pimgraph.x
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if _is_module(name) else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_top_level_has_few_modules() -> None:
    modules = [p.name for p in PACKAGE.glob("*.py")]
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules


def test_no_file_over_the_limit() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in _sources()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    }
    assert not long, f"split these files (over {MAX_FILE_LINES} lines): {long}"


def test_no_function_over_the_limit() -> None:
    long = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # from "def" to the last line of the body (decorators, e.g. click options, aside)
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({size})")
    assert not long, f"split these functions (over {MAX_FUNCTION_LINES} lines): {long}"


def _heavy_modules() -> set[str]:
    """pimgraph modules whose top-level imports reach a heavy third-party package."""
    top = {
        _module_name(p): _imports(ast.parse(p.read_text(encoding="utf-8")), top_level=True)
        for p in _sources()
    }
    heavy = {m for m, imported in top.items() if any(i.split(".")[0] in HEAVY for i in imported)}
    changed = True
    while changed:
        changed = False
        for module, imported in top.items():
            if module not in heavy and imported & heavy:
                heavy.add(module)
                changed = True
    return heavy


def test_function_local_imports_only_defer_heavy_packages() -> None:
    """A function-local import of a pimgraph module hides the dependency graph; outside the CLI
    (which defers the library so that --help is fast) it may only defer a heavy import."""
    heavy = _heavy_modules()
    hidden = []
    for path in _sources():
        module = _module_name(path)
        if module.startswith("pimgraph.cli"):
            continue
        local = _imports(ast.parse(path.read_text(encoding="utf-8")), top_level=False)
        for name in sorted(local):
            if (
                name.startswith("pimgraph")
                and name not in heavy
                and name.rsplit(".", 1)[0] not in heavy
            ):
                # "from pimgraph.x import y" records both pimgraph.x and pimgraph.x.y
                if any(n.startswith(name + ".") and n in heavy for n in local):
                    continue
                hidden.append(f"{module}: {name}")
    assert not hidden, "import these at the top of the module:\n" + "\n".join(hidden)


def test_architecture_doc_names_every_package() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|\s*`(\w+(?:/\w+)?)/`", text, flags=re.MULTILINE))
    actual = {
        str(p.parent.relative_to(PACKAGE))
        for p in PACKAGE.rglob("__init__.py")
        if p.parent != PACKAGE
    }
    assert documented == actual, (
        f"docs/ARCHITECTURE.md lacks {sorted(actual - documented)}, "
        f"names missing packages {sorted(documented - actual)}"
    )


def test_backend_choices_are_the_registered_backends() -> None:
    assert set(choices.BACKENDS) == set(backends())
    assert choices.DEFAULT_BACKEND in backends()


@pytest.mark.parametrize("name", ["LANGUAGES", "REASONING_MODES", "QUERY_RESULT_FORMATS"])
def test_choices_have_their_default(name: str) -> None:
    defaults = {
        "LANGUAGES": choices.DEFAULT_LANGUAGE,
        "REASONING_MODES": choices.DEFAULT_REASONING,
        "QUERY_RESULT_FORMATS": "table",
    }
    assert defaults[name] in getattr(choices, name)


def test_changelog_lists_every_command() -> None:
    """CHANGELOG.md (Keep a Changelog) names every command the CLI has, subcommands included."""
    import click

    from pimgraph.cli import main

    text = (PACKAGE.parent / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text
    names = []
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            names += [f"pimgraph {name} {sub}" for sub in command.commands]
        else:
            names.append(f"pimgraph {name}")
    missing = [name for name in names if f"`{name}`" not in text]
    assert not missing, f"CHANGELOG.md does not mention {missing}"


def test_the_wheel_lists_every_package() -> None:
    """setuptools ships only the packages pyproject.toml names: a package missing there works in
    an editable checkout and breaks `pip install .` (as pimgraph.graph.backends once did)."""
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    actual = {
        ".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")
    }
    assert actual <= listed, f"add to [tool.setuptools] packages: {sorted(actual - listed)}"
