"""The dependency direction (issue 14): agents -> tools -> {sandbox, omnijet}; omnijet imports
none of the others; the sandbox imports nothing of agents or tools. Read from the source (AST),
imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {  # package -> top-level packages it must never import
    "omnijet": {"agents", "tools", "sandbox", "prompts"},
    "sandbox": {"agents", "tools", "prompts"},
    "tools": {"agents", "prompts"},
    "prompts": {"agents", "tools", "sandbox", "omnijet"},
}


def imported(source: str) -> set[str]:
    """Top-level packages a module imports (absolute imports, anywhere in the module)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


def violations(package: str, files: dict[str, str]) -> list[str]:
    return [f"{name} imports {bad}" for name, src in sorted(files.items())
            for bad in sorted(imported(src) & FORBIDDEN[package])]


def test_no_layer_imports_upward() -> None:
    problems = []
    for package in FORBIDDEN:
        files = {str(p.relative_to(ROOT)): p.read_text() for p in (ROOT / package).rglob("*.py")}
        assert files, package
        problems += violations(package, files)
    assert problems == []


def test_the_check_fails_on_an_upward_import() -> None:
    assert violations("omnijet", {"omnijet/x.py": "def f():\n    from agents import graph\n"}) == \
        ["omnijet/x.py imports agents"]
    assert violations("sandbox", {"sandbox/y.py": "import tools.base\n"}) == ["sandbox/y.py imports tools"]
    assert violations("tools", {"tools/z.py": "from omnijet.config import OpConfig\n"}) == []
