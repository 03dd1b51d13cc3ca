"""Benchmark: how the code is put together (issue 22), read from the source, nothing run.

    .venv/bin/python benchmarks/structure.py [--root DIR] [--label after] [--no-duplicates]

Counts, over the project's own code (omnijet/, tools/, sandbox/, agents/; tests and benchmarks
left out):
- literal defaults per setting (the preset table, one value per preset, counts as one place):
  for every field of the operation configs (omnijet/config.py)
  and the preset-table names, the places that give it a literal default (a function parameter,
  a class field, a dict entry with that key); a setting with more than one is declared twice;
- imports across layers: per (from-layer, to-layer), the import statements, with the shared
  kernel (omnijet.errors, omnijet.presets, omnijet.config) counted apart;
- second defaults found by the mechanical check (tests/test_single_defaults.py, this tree's
  version, run over the measured tree): parameters / fields an operation reaches whose name is
  a field of its config and whose default is a literal (or a module constant bound to one);
- functions over 60 lines (name, file, length);
- duplicate blocks: the `duplicates` tool over the tree (pairs of six or more shared lines).

Writes benchmarks/results/structure.json, one entry per `--label` (before / after), so the
figures of a change sit side by side. `--root` reads another checkout (the state before).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("omnijet", "tools", "sandbox", "agents")
KERNEL = ("omnijet.errors", "omnijet.presets", "omnijet.config")
LONG = 60
# names of request-scale settings and model sizes that are not config fields but are settings
EXTRA_SETTINGS = ("codebooks", "n_generate", "n_events", "n_jets", "codebook_size", "preset",
                  "dim", "n_blocks", "n_heads")


def sources(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for layer in LAYERS
            for p in sorted((root / layer).rglob("*.py"))}


def _literal(node: ast.AST | None) -> bool:
    """A constant, a negated constant, or a list / tuple of them (a default written out)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return _literal(node.operand)
    if isinstance(node, ast.List | ast.Tuple):
        return bool(node.elts) and all(_literal(e) for e in node.elts)
    return False


def _field_default(value: ast.AST | None) -> ast.AST | None:
    """The default of `x: T = value`: value itself, or the first argument of Field(...)."""
    if isinstance(value, ast.Call) and getattr(value.func, "id", getattr(value.func, "attr", "")) == "Field":
        if value.args:
            return value.args[0]
        return next((k.value for k in value.keywords if k.arg == "default"), None)
    return value


def literal_defaults(files: dict[str, str]) -> dict[str, list[str]]:
    """name -> ['file:line', ...] of every literal default given to a setting of that name.
    None is not a default value here ("not given"); string defaults count (a preset name)."""
    out: dict[str, list[str]] = defaultdict(list)
    for name, src in files.items():
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args.args + node.args.kwonlyargs
                defaults = [None] * (len(node.args.args) - len(node.args.defaults)) + node.args.defaults
                defaults += node.args.kw_defaults
                for a, d in zip(args, defaults, strict=True):
                    if d is not None and _literal(d) and not _is_none(d):
                        out[a.arg].append(f"{name}:{d.lineno}")
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                d = _field_default(node.value)
                if d is not None and _literal(d) and not _is_none(d):
                    out[node.target.id].append(f"{name}:{node.lineno}")
            elif isinstance(node, ast.Dict):
                for k, v in zip(node.keys, node.values, strict=True):
                    if isinstance(k, ast.Constant) and isinstance(k.value, str) and _literal(v) and not _is_none(v):
                        out[k.value].append(f"{name}:{k.lineno}")
            elif isinstance(node, ast.Call):  # GPTConfig(dim=32, ...): a size written into a table
                for k in node.keywords:
                    if k.arg in EXTRA_SETTINGS and _literal(k.value) and not _is_none(k.value):
                        out[k.arg].append(f"{name}:{k.value.lineno}")
    return out


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def settings(root: Path) -> list[str]:
    """The config fields of omnijet/config.py (read from its AST: the tree may be any version)."""
    tree = ast.parse((root / "omnijet/config.py").read_text())
    names = set(EXTRA_SETTINGS)
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef) and cls.name.endswith("Config"):
            names.update(n.target.id for n in cls.body
                         if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
                         and not _classvar(n.annotation))
    return sorted(names - {"out", "data", "device", "command"})


def _classvar(ann: ast.AST) -> bool:
    return "ClassVar" in ast.unparse(ann)


def layer_imports(files: dict[str, str]) -> dict[str, int]:
    """'from -> to' counts of import statements between layers (kernel imports apart)."""
    counts: Counter[str] = Counter()
    for name, src in files.items():
        src_layer = name.split("/")[0]
        for node in ast.walk(ast.parse(src)):
            mods = []
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods = [node.module]
            for m in mods:
                top = m.split(".")[0]
                if top in LAYERS and top != src_layer:
                    kernel = any(m == k or m.startswith(k + ".") for k in KERNEL)
                    counts[f"{src_layer} -> {top}{' (kernel)' if kernel else ''}"] += 1
    return dict(sorted(counts.items()))


def long_functions(files: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for name, src in files.items():
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > LONG:
                    out.append({"function": node.name, "file": name, "lines": n})
    return sorted(out, key=lambda d: -d["lines"])


def duplicate_pairs(root: Path) -> dict[str, Any]:
    """Pairs of places sharing >= 6 lines, from the `duplicates` tool (None when absent)."""
    try:
        res = subprocess.run(["duplicates", "--most", "200", "--seconds", "300", "--repo", str(root)],
                             capture_output=True, text=True, timeout=400, cwd=root)
    except (OSError, subprocess.TimeoutExpired) as e:
        return {"pairs": None, "note": f"duplicates did not run: {e}"}
    first = res.stdout.splitlines()[0] if res.stdout else ""
    m = re.search(r"(\d+) pairs?", first)
    rows = [ln for ln in res.stdout.splitlines() if re.match(r"\s*D\d+ ", ln)]
    return {"pairs": int(m.group(1)) if m else (0 if "no duplicates" in first else None),
            "summary": first, "top": rows[:15]}


def second_defaults(root: Path) -> list[str]:
    """What tests/test_single_defaults.py finds over `root` (its check, pointed at that tree)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("single_defaults", ROOT / "tests/test_single_defaults.py")
    check = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(check)  # type: ignore[union-attr]
    check.ROOT = root
    return [f"{d}.{p}" for d, p in sorted(check.second_defaults((root / "omnijet/operations.py").read_text()))]


def measure(root: Path, with_duplicates: bool = True) -> dict[str, Any]:
    files = sources(root)
    defaults = literal_defaults(files)
    for name, places in defaults.items():  # the preset table holds one value per preset: one place
        table = [x for x in places if x.startswith("omnijet/presets.py:")]
        defaults[name] = [x for x in places if x not in table] + (["omnijet/presets.py (table)"] if table else [])
    per_setting = {s: len(defaults.get(s, [])) for s in settings(root)}
    twice = {s: defaults[s] for s, n in per_setting.items() if n > 1}
    longf = long_functions(files)
    res: dict[str, Any] = {
        "files": len(files),
        "defaults_per_setting": per_setting,
        "settings_with_more_than_one_default": len(twice),
        "more_than_one_default": twice,
        "second_defaults_found_by_the_test": len(seconds := second_defaults(root)),
        "second_defaults": seconds,
        "layer_imports": layer_imports(files),
        "functions_over_60_lines": len(longf),
        "long_functions": longf,
    }
    if with_duplicates:
        res["duplicates"] = duplicate_pairs(root)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--label", default="after")
    ap.add_argument("--no-duplicates", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/structure.json")
    a = ap.parse_args()
    res = measure(a.root.resolve(), not a.no_duplicates)
    old = json.loads(a.out.read_text()) if a.out.is_file() else {}
    old[a.label] = res
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(old, indent=1) + "\n")
    print(json.dumps({k: v for k, v in res.items() if k in (
        "settings_with_more_than_one_default", "second_defaults_found_by_the_test", "layer_imports",
        "functions_over_60_lines")}, indent=1))
    if "duplicates" in res:
        print(res["duplicates"]["summary"])


if __name__ == "__main__":
    main()
