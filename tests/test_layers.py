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


# ---- each part's room (issue 22): agents reach the model and the sandbox through tools ----------
# the shared kernel any layer may import (errors, every preset's sizes, one config per operation,
# the file hash every layer records)
KERNEL = ("omnijet.errors", "omnijet.presets", "omnijet.config", "omnijet.hashing")


def modules(source: str) -> set[str]:
    """Modules a source imports (absolute imports, anywhere; `from a import b` gives `a`)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
    return out


def _in_kernel(m: str) -> bool:
    return any(m == k or m.startswith(k + ".") for k in KERNEL)


def through_the_wall(files: dict[str, str], walls: tuple[str, ...] = ("sandbox",)) -> set[tuple[str, str]]:
    """(file, module) of every import into a package of `walls` or into the model past the kernel."""
    def bad(m: str) -> bool:
        top = m.split(".")[0]
        return top in walls or (top == "omnijet" and not _in_kernel(m))
    return {(name, m) for name, src in files.items() for m in modules(src) if bad(m)}


def sources(package: str) -> dict[str, str]:
    return {p.relative_to(ROOT).as_posix(): p.read_text() for p in (ROOT / package).rglob("*.py")}


def test_agents_reach_the_model_and_the_sandbox_only_through_tools() -> None:
    found = sorted(through_the_wall(sources("agents")))
    assert found == [], f"agents import the sandbox or the model directly: go through tools/: {found}"


def test_the_sandbox_takes_only_the_kernel_from_the_model() -> None:
    assert sorted(through_the_wall(sources("sandbox"), walls=())) == []


def test_the_wall_check_fails_on_a_direct_import() -> None:
    src = "from omnijet.presets import PRESETS\nfrom omnijet.config import DataConfig\n" \
          "def f():\n    from sandbox.safeio import read_text\n    import omnijet.backbone.model\n"
    assert through_the_wall({"agents/x.py": src}) == {("agents/x.py", "sandbox.safeio"),
                                                      ("agents/x.py", "omnijet.backbone.model")}
    sandbox_src = "from omnijet.hashing import sha256_file\nfrom omnijet.utils import provenance\n"
    assert through_the_wall({"sandbox/y.py": sandbox_src}, walls=()) == {("sandbox/y.py", "omnijet.utils")}


# ---- the root command lives above the layers it assembles (issue 22) ------------------------------
DYNAMIC = {"entry_points", "import_module", "__import__", "find_spec", "load"}  # ways to load by name


def loads_by_name(source: str) -> list[str]:
    """Calls that could load a module by name (entry points, importlib, __import__), and string
    constants naming an upper layer's module: both would let omnijet reach above itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            if name in DYNAMIC - {"load"} or (name == "load" and "entry" in ast.unparse(fn)):
                found.append(ast.unparse(node)[:80])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                node.value.split(".")[0].split(":")[0] in FORBIDDEN["omnijet"] and "." in node.value:
            found.append(repr(node.value))
    return found


def test_the_model_layer_loads_no_upper_layer_by_name() -> None:
    problems = [f"{name}: {what}" for name, src in sorted(sources("omnijet").items())
                for what in loads_by_name(src)]
    assert problems == []


def test_the_check_catches_entry_points_and_importlib() -> None:
    src = ("from importlib.metadata import entry_points\nimport importlib\n"
           "for p in entry_points(group='omnijet_agent.cli'):\n    p.load()(app)\n"
           "importlib.import_module('agents.commands')\nX = 'tools.cli:register'\n")
    assert len(loads_by_name(src)) == 4
    assert loads_by_name("import torch\nx = torch.load('a.pt')\ny = 'data.root'\n") == []


def test_the_model_cli_imports_nothing_above_it_and_the_root_command_is_above() -> None:
    import subprocess
    import sys
    import tomllib

    code = ("import sys, typer, pkgutil, importlib, omnijet.cli as c\n"
            "for m in pkgutil.iter_modules(c.__path__):\n    importlib.import_module('omnijet.cli.' + m.name)\n"
            "app = typer.Typer(); c.register(app); typer.main.get_command(app)\n"
            "print(sorted({n.split('.')[0] for n in sys.modules} & {'agents', 'tools', 'sandbox', 'prompts'}))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["omnijet-agent"] == "agents.main:main"
    assert "entry-points" not in project  # no layer is plugged in by name
