"""Benchmark: how the code is put together (issue 22), read from the source, nothing run.

    .venv/bin/python benchmarks/structure.py [--root DIR] [--label after] [--no-duplicates]

Counts, over the project's own code (omnijet/, tools/, sandbox/, agents/; tests and benchmarks
left out):
- literal defaults per setting, told apart by meaning (`settings_with_more_than_one_default`):
  the places that give a literal default (a function parameter, a class field, a call keyword
  writing a model size, an entry of a defaults table) to a name that is a setting (a field of
  an operation config in omnijet/config.py, or a preset-table name), grouped by which setting
  each one is:
  * a field of operation config C is the setting `C.name`: the same name in two operations'
    configs is two settings (PretrainConfig.lr 1e-3, FinetuneScanConfig.lr 1e-4);
  * a parameter or field that an operation of config C reaches (the closure over its call
    graph of tests/test_single_defaults.py) and that bears one of C's field names is a second
    default of `C.name` (that check fails on it), unless the check lists it as another setting
    of the same name (its OTHER_MEANING: an inference chunk named batch_size): then it is
    `name @ module:def`, shown apart;
  * any other place is grouped under its bare name: functions that no operation's value
    reaches and that declare the same default are repeats of one another;
  * a dict entry is a default only in a table of defaults: the preset table (one place) or a
    dict bound to a name with DEFAULT in it. The other dicts that use a setting's name as a key
    map it to something else (the tasks a spec field belongs to, item limits, words, regexes,
    renamed fields, a checkpoint's `kind` record): they are counted apart
    (`dict_entries_not_defaults`, with their places), not hidden;
- the same figure by bare name (`settings_with_more_than_one_default_by_name`: every place with
  a setting's name, every dict entry included, config classes not told apart), the crude count
  of the earlier measurements, kept for comparison across versions;
- imports across layers: per (from-layer, to-layer), the import statements, with the shared
  kernel (omnijet.errors, omnijet.presets, omnijet.config, omnijet.hashing) counted apart;
- second defaults found by the mechanical check (tests/test_single_defaults.py, this tree's
  version, run over the measured tree), less the places it lists as other settings;
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("omnijet", "tools", "sandbox", "agents")
KERNEL = ("omnijet.errors", "omnijet.presets", "omnijet.config", "omnijet.hashing")
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


@dataclass
class Place:
    """One literal default given to a name: where, what kind, and whose it is."""

    name: str
    where: str  # file:line
    kind: str  # param | field | keyword | table | record (a dict that is no table of defaults)
    module: str  # dotted module name
    owner: str  # the definition it belongs to: f, Class, Class.method ("" at module level)


# Same name as a preset-table size, another setting (the test's OTHER_MEANING does this for the
# places an operation reaches): kept apart as `name @ module:def`, with what each one is.
OTHER_SETTING = {
    ("omnijet.tokenizer.quantizer:QuantizerConfig", "dim"):
        "the dimension of a code vector (4, the paper's), not a preset's hidden width",
    ("omnijet.transfer.classifier:ClassAttentionHead.__init__", "n_heads"):
        "attention heads of the class-attention classifier head, not the backbone's",
}


@dataclass
class _Walk:
    file: str
    module: str
    constants: dict[str, int]  # module-level NAME = literal -> its line
    out: list[Place]


def _default_line(d: ast.AST | None, w: _Walk) -> int | None:
    """The line that declares a default: the literal's own, or that of the module constant
    bound to a literal that it names (a constant used by three functions is one place)."""
    if d is None or _is_none(d):
        return None
    if _literal(d):
        return d.lineno
    return w.constants.get(d.id) if isinstance(d, ast.Name) else None


def _walk_places(node: ast.AST, w: _Walk, stack: list[str], target: str) -> None:
    """Every literal default under `node`; `stack` holds the enclosing classes / functions."""
    owner = ".".join(stack)

    def add(name: str, line: int, kind: str, who: str = owner) -> None:
        w.out.append(Place(name, f"{w.file}:{line}", kind, w.module, who))

    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        args = node.args.args + node.args.kwonlyargs
        defaults = [None] * (len(node.args.args) - len(node.args.defaults)) + node.args.defaults
        for a, d in zip(args, defaults + node.args.kw_defaults, strict=True):
            if (line := _default_line(d, w)) is not None:
                add(a.arg, line, "param", ".".join([*stack, node.name]))
        stack = [*stack, node.name]
    elif isinstance(node, ast.ClassDef):
        stack = [*stack, node.name]
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and stack:
        if (line := _default_line(_field_default(node.value), w)) is not None:
            settings_block = stack[-1].endswith(("Config", "Input", "Sizes"))
            add(node.target.id, line, "field" if settings_block else "record")
    elif isinstance(node, ast.Dict):
        table = w.file == "omnijet/presets.py" or "DEFAULT" in target.upper()
        for k, v in zip(node.keys, node.values, strict=True):
            if isinstance(k, ast.Constant) and isinstance(k.value, str) and _literal(v) and not _is_none(v):
                add(k.value, k.lineno, "table" if table else "record")
    elif isinstance(node, ast.Call) and _callee(node).endswith("Config"):  # GPTConfig(dim=32): a size
        for k in node.keywords:
            if k.arg in EXTRA_SETTINGS and _literal(k.value) and not _is_none(k.value):
                add(k.arg, k.value.lineno, "keyword")
    if isinstance(node, ast.Assign | ast.AnnAssign):
        tgt = node.targets[0] if isinstance(node, ast.Assign) else node.target
        target = ast.unparse(tgt)
    for child in ast.iter_child_nodes(node):
        _walk_places(child, w, stack, target)


def _callee(call: ast.Call) -> str:
    return getattr(call.func, "id", getattr(call.func, "attr", ""))


def places(files: dict[str, str]) -> list[Place]:
    """Every literal default in `files`. Kinds: a function's parameter; a field of a settings
    block (a class named ...Config, ...Input or ...Sizes); an entry of a defaults table; a size
    written into a config (`GPTConfig(dim=32)`); and records, which are no defaults: a field of
    another class (a Check's `kind`, a Job's `label`) or an entry of another dict."""
    out: list[Place] = []
    for file, src in files.items():
        tree = ast.parse(src)
        module = file.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        constants = {t.id: n.lineno for n in tree.body if isinstance(n, ast.Assign) and _literal(n.value)
                     for t in n.targets if isinstance(t, ast.Name)}
        w = _Walk(file, module, constants, [])
        _walk_places(tree, w, [], "")
        seen: set[tuple[str, str]] = set()  # one place per declaring line and name
        out += [p for p in w.out if (p.where, p.name) not in seen and not seen.add((p.where, p.name))]
    return out


def _check_module(root: Path):
    """tests/test_single_defaults.py of this tree, pointed at `root`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("single_defaults", ROOT / "tests/test_single_defaults.py")
    check = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(check)  # type: ignore[union-attr]
    check.ROOT = root
    return check


def reach(root: Path) -> tuple[dict[tuple[str, str], set[str]], dict[str, set[str]], dict]:
    """(module, definition) -> the operation configs whose runner reaches it; the configs'
    fields; the check's OTHER_MEANING (places of another setting with the same name)."""
    check = _check_module(root)
    fields = check.config_fields()
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fn in ast.parse((root / "omnijet/operations.py").read_text()).body:
        if isinstance(fn, ast.FunctionDef) and fn.args.args and fn.args.args[0].annotation is not None:
            cfg = ast.unparse(fn.args.args[0].annotation)
            for where, _, name in check._reached(fn):
                out[(where, name)].add(cfg)
    return out, fields, getattr(check, "OTHER_MEANING", {})


class _Groups:
    """Union-find over (module, definition, name): defaults that are one setting."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str, str], tuple[str, str, str]] = {}

    def find(self, x: tuple[str, str, str]) -> str:
        while self.parent.get(x, x) != x:
            x = self.parent[x]
        return f"{x[0]}:{x[1]}"

    def root(self, x: tuple[str, str, str]) -> tuple[str, str, str]:
        while self.parent.get(x, x) != x:
            x = self.parent[x]
        return x

    def join(self, a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _passed_on(root: Path, found: list[Place]) -> _Groups:
    """A function's parameter is its own setting, unless the function hands that parameter on
    (`g(seed=seed)`, or positionally) to another function's or class's defaulted parameter of
    the same name: then both defaults are one setting, declared twice (the value flows on)."""
    check = _check_module(root)
    defaulted = {(p.module, p.owner, p.name) for p in found}
    groups = _Groups()
    for module, owner, name in defaulted:
        node = _definition(check, module, owner)
        if not isinstance(node, ast.FunctionDef):
            continue
        for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
            hit = _callee_def(check, call, module)
            if hit is None:
                continue
            where, d, qual = hit
            passes = any(k.arg == name and isinstance(k.value, ast.Name) and k.value.id == name
                         for k in call.keywords)
            params = _param_names(d)
            passes |= any(isinstance(a, ast.Name) and a.id == name and i < len(params) and params[i] == name
                          for i, a in enumerate(call.args))
            if passes and (where, qual, name) in defaulted:
                groups.join((module, owner, name), (where, qual, name))
    return groups


def _definition(check: Any, module: str, owner: str) -> ast.AST | None:
    """The top-level function / class, or the method `Class.f`, named `owner` in `module`."""
    try:
        defs = check.module(module).defs
    except (OSError, SyntaxError):
        return None
    head, _, meth = owner.partition(".")
    node = defs.get(head)
    if meth and isinstance(node, ast.ClassDef):
        return next((m for m in node.body if isinstance(m, ast.FunctionDef) and m.name == meth), None)
    return None if meth else node


def _callee_def(check: Any, call: ast.Call, module: str) -> tuple[str, ast.AST, str] | None:
    """(module, definition, qualified name) of what a call calls: a function (its parameters)
    or a class (its __init__'s, or its fields for a dataclass / model)."""
    if not isinstance(call.func, ast.Name):
        return None
    try:
        hit = check._resolve(call.func.id, module)
    except (OSError, SyntaxError):
        return None
    if hit is None:
        return None
    where, d = hit
    if isinstance(d, ast.ClassDef):
        init = next((m for m in d.body if isinstance(m, ast.FunctionDef) and m.name == "__init__"), None)
        return (where, init, f"{d.name}.__init__") if init else (where, d, d.name)
    return where, d, d.name


def _param_names(d: ast.AST) -> list[str]:
    if isinstance(d, ast.FunctionDef):
        names = [a.arg for a in d.args.args]
        return names[1:] if names and names[0] == "self" else names
    return [n.target.id for n in getattr(d, "body", []) if isinstance(n, ast.AnnAssign)
            and isinstance(n.target, ast.Name)]


def by_meaning(root: Path, files: dict[str, str], names: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    """setting -> its literal defaults, settings told apart as the module docstring says; and
    the dict entries that are no defaults (records, word lists)."""
    reached, fields, other = reach(root)
    found = places(files)
    group = _passed_on(root, [p for p in found if p.kind in ("param", "field")])
    out: dict[str, list[str]] = defaultdict(list)
    out.update({f"{c}.{f}": [] for c, fs in fields.items() for f in fs if f in names})
    records, table_names = [], set()
    for p in found:
        if p.name not in names:
            continue
        if p.kind == "record":
            records.append(f"{p.where} {p.name}")
            continue
        if (f"{p.module}:{p.owner}", p.name) in OTHER_SETTING:
            out[f"{p.name} @ {p.module}:{p.owner}"].append(p.where)
            continue
        if p.where.startswith("omnijet/presets.py:"):
            table_names.add(p.name)
            continue
        if p.module == "omnijet.config" and p.owner in fields and p.name in fields[p.owner]:
            out[f"{p.owner}.{p.name}"].append(p.where)
            continue
        ops = [c for c in sorted(reached.get((p.module, p.owner), ())) if p.name in fields.get(c, ())]
        if ops and (f"{p.module}:{p.owner}", p.name) in other:
            out[f"{p.name} @ {p.module}:{p.owner}"].append(p.where)
        for c in ops if (f"{p.module}:{p.owner}", p.name) not in other else ():
            out[f"{c}.{p.name}"].append(p.where)
        if not ops:
            out[f"{p.name} @ {group.find((p.module, p.owner, p.name))}"].append(p.where)
    for name in table_names:
        out[name].append("omnijet/presets.py (table)")
    return dict(sorted(out.items())), records


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
    """What tests/test_single_defaults.py finds over `root` (its check, pointed at that tree),
    less the places it lists as another setting of the same name."""
    check = _check_module(root)
    other = getattr(check, "OTHER_MEANING", {})
    found = check.second_defaults((root / "omnijet/operations.py").read_text())
    return [f"{d}.{p}" for d, p in sorted(found) if (d, p) not in other]


def measure(root: Path, with_duplicates: bool = True) -> dict[str, Any]:
    files = sources(root)
    names = set(settings(root))
    meaning, records = by_meaning(root, files, names)
    defaults = literal_defaults(files)
    for name, found in defaults.items():  # the preset table holds one value per preset: one place
        table = [x for x in found if x.startswith("omnijet/presets.py:")]
        defaults[name] = [x for x in found if x not in table] + (["omnijet/presets.py (table)"] if table else [])
    per_name = {s: len(defaults.get(s, [])) for s in sorted(names)}
    longf = long_functions(files)
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    res: dict[str, Any] = {
        "commit": commit.stdout.strip() or None,
        "files": len(files),
        "defaults_per_setting": {k: len(v) for k, v in meaning.items()},
        "settings_with_more_than_one_default": sum(len(v) > 1 for v in meaning.values()),
        "more_than_one_default": {k: v for k, v in meaning.items() if len(v) > 1},
        "records_not_defaults": len(records),
        "records_not_defaults_places": records,
        "settings_with_more_than_one_default_by_name": sum(n > 1 for n in per_name.values()),
        "more_than_one_default_by_name": {s: defaults[s] for s, n in per_name.items() if n > 1},
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
        "settings_with_more_than_one_default", "settings_with_more_than_one_default_by_name",
        "records_not_defaults", "second_defaults_found_by_the_test", "layer_imports",
        "functions_over_60_lines")}, indent=1))
    if "duplicates" in res:
        print(res["duplicates"]["summary"])


if __name__ == "__main__":
    main()
