"""Each setting has its default in one place (issue 22), checked mechanically from the source.

For every operation runner in omnijet/operations.py, the library functions it calls (found
through the imports inside the runner), and every class those reach by name (the typed blocks
they build: `ScanConfig.of(cfg)`, `AnomalyConfig.of(cfg)`, `TrainConfig`, ... followed through
their own bodies, a few levels deep) are read; a parameter or field whose name is a field of
the runner's operation config and whose default is a literal is a second declaration of that
setting (the first is omnijet/config.py). A module-level constant bound to a literal
(`DEFAULT_X = 20`, here or imported from another omnijet module) counts as that literal: moving
the value into a constant does not make it one declaration. Why this reach: it is what an
operation passes its settings to, so a default there either never applies (dead) or applies
where the config meant another value (`generate(overwrite=True)` vs `DataConfig.overwrite=False`).
A default that is needed reads the config's (`AnomalyScanConfig.model_fields["min_bkg"].default`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OPS = ROOT / "omnijet/operations.py"
DEPTH = 3  # class -> class hops followed from what a runner imports


def _literal(node: ast.AST | None) -> bool:
    if isinstance(node, ast.Constant):
        return node.value is not None
    if isinstance(node, ast.UnaryOp):
        return _literal(node.operand)
    if isinstance(node, ast.List | ast.Tuple):
        return all(_literal(e) for e in node.elts)
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Field":
        return bool(node.args) and _literal(node.args[0])
    return False


def config_fields() -> dict[str, set[str]]:
    """Operation config class -> its field names (from omnijet/config.py's source)."""
    tree = ast.parse((ROOT / "omnijet/config.py").read_text())
    return {c.name: {n.target.id for n in c.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
                     and "ClassVar" not in ast.unparse(n.annotation)}
            for c in tree.body if isinstance(c, ast.ClassDef) and c.name.endswith("Config")}


def _module_file(module: str) -> Path:
    base = ROOT / module.replace(".", "/")
    return base.with_suffix(".py") if base.with_suffix(".py").exists() else base / "__init__.py"


class Module:
    """A module's top-level functions and classes, its literal constants and its omnijet imports."""

    def __init__(self, name: str) -> None:
        tree = ast.parse(_module_file(name).read_text())
        self.defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
        self.constants = {t.id: n.value for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)
                          for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
                          if isinstance(t, ast.Name) and n.value is not None and _literal(n.value)}
        self.imports = {a.asname or a.name: (n.module, a.name) for n in ast.walk(tree)
                        if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("omnijet.")
                        and n.module != "omnijet.config" for a in n.names}


_MODULES: dict[str, Module] = {}


def _defaults(node: ast.AST) -> dict[str, ast.AST]:
    """Parameter / field name -> default of a function or a (data)class."""
    if isinstance(node, ast.FunctionDef):
        a = node.args
        pos = dict(zip([x.arg for x in a.args][len(a.args) - len(a.defaults):], a.defaults, strict=True))
        return pos | {x.arg: d for x, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d is not None}
    return {n.target.id: n.value for n in node.body  # type: ignore[attr-defined]
            if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.value is not None}


def module(name: str) -> Module:
    if name not in _MODULES:
        _MODULES[name] = Module(name)
    return _MODULES[name]


def _resolve(name: str, where: str) -> tuple[str, ast.AST] | None:
    """(module, def) of a function or class named in `where`, through one import."""
    m = module(where)
    if name in m.defs:
        return where, m.defs[name]
    if name in m.imports:
        src, real = m.imports[name]
        if _module_file(src).exists() and real in module(src).defs:
            return src, module(src).defs[real]
    return None


def _is_literal_default(v: ast.AST, where: str) -> bool:
    """A literal, or a module constant bound to one (in `where` or imported into it)."""
    if _literal(v):
        return True
    if isinstance(v, ast.Name):
        m = module(where)
        if v.id in m.constants:
            return True
        if v.id in m.imports:
            src, real = m.imports[v.id]
            return _module_file(src).exists() and real in module(src).constants
    return False


def _classes_named(node: ast.AST, where: str) -> list[tuple[str, ast.AST]]:
    out = []
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and (hit := _resolve(n.id, where)) and isinstance(hit[1], ast.ClassDef):
            out.append(hit)
    return out


def _reached(fn: ast.FunctionDef) -> list[tuple[str, ast.AST]]:
    """What a runner hands its settings to: the omnijet functions / classes it imports, and the
    classes those name (followed DEPTH levels)."""
    reached: list[tuple[str, ast.AST]] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("omnijet.") \
                and node.module != "omnijet.config":
            reached += [hit for a in node.names if (hit := _resolve(a.name, node.module))]
    frontier, seen = list(reached), {id(d) for _, d in reached}
    for _ in range(DEPTH):
        nxt = [c for where, d in frontier for c in _classes_named(d, where) if id(c[1]) not in seen]
        seen |= {id(d) for _, d in nxt}
        reached += nxt
        frontier = nxt
    return reached


def second_defaults(ops_source: str) -> set[tuple[str, str]]:
    fields = config_fields()
    found: set[tuple[str, str]] = set()
    for fn in ast.parse(ops_source).body:
        if not (isinstance(fn, ast.FunctionDef) and fn.args.args and fn.args.args[0].annotation is not None):
            continue
        own = fields.get(ast.unparse(fn.args.args[0].annotation), set())
        for where, d in _reached(fn):
            found |= {(d.name, p) for p, v in _defaults(d).items()  # type: ignore[attr-defined]
                      if p in own and _is_literal_default(v, where)}
    return found


def test_no_setting_has_a_second_default_in_what_its_operation_reaches() -> None:
    found = sorted(second_defaults(OPS.read_text()))
    assert found == [], f"settings of omnijet/config.py with a second default: {found}; take it from the config"


@pytest.fixture
def fake_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of omnijet/config.py and a made-up library module, read instead of the real tree."""
    (tmp_path / "omnijet/lib").mkdir(parents=True)
    (tmp_path / "omnijet/config.py").write_text((ROOT / "omnijet/config.py").read_text())
    (tmp_path / "omnijet/lib/consts.py").write_text("SEED = 0\n")
    (tmp_path / "omnijet/lib/gen.py").write_text(
        "from dataclasses import dataclass\nfrom omnijet.lib.consts import SEED\nWORKERS = 1\n\n"
        "def plain(cfg, progress=None):\n    return Block.of(cfg)\n\n"
        "def literal(process, overwrite=True):\n    pass\n\n"
        "def constant(process, workers=WORKERS):\n    pass\n\n"
        "def imported(process, seed=SEED):\n    pass\n\n"
        "@dataclass\nclass Inner:\n    pt_min: float = 500.0\n\n"
        "@dataclass\nclass Block:\n    inner: Inner\n    pt_max: float = 1000.0\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    saved = dict(_MODULES)
    _MODULES.clear()
    yield tmp_path
    _MODULES.clear()
    _MODULES.update(saved)


def test_the_check_finds_a_second_default(fake_tree: Path) -> None:
    def found(*names: str) -> set[tuple[str, str]]:
        imports = "".join(f"    from omnijet.lib.gen import {n}\n" for n in names)
        return second_defaults(f"def generate_data(cfg: DataConfig):\n{imports}")

    assert found("literal") == {("literal", "overwrite")}
    assert found("constant") == {("constant", "workers")}  # a module constant is still a literal
    assert found("imported") == {("imported", "seed")}  # also one imported from another module
    assert found("plain") == {("Block", "pt_max"), ("Inner", "pt_min")}  # blocks it builds, nested
    ops = "def train_tokenizer(cfg: TokenizerTrainConfig):\n    from omnijet.lib.gen import literal\n"
    assert second_defaults(ops) == set()  # `overwrite` is no setting of that config
