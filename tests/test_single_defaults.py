"""Each setting has its default in one place (issue 22), checked mechanically from the source.

For every operation runner in omnijet/operations.py, everything it hands its settings to is
read, all the way down: the library functions it imports, then every omnijet function, class
and method those name (`f(...)`, `Block.of(cfg)`, `module.f(...)`, a class used as a type),
transitively (a closure over the call graph by name). A parameter or field there whose name is
a field of the runner's operation config and whose default is a literal is a second declaration
of that setting (the first is omnijet/config.py). A module-level constant bound to a literal
(`DEFAULT_X = 20`, here or imported from another omnijet module) counts as that literal: moving
the value into a constant does not make it one declaration. Why: a default below the operation
either never applies (dead) or applies where the config meant another value
(`generate(overwrite=True)` vs `DataConfig.overwrite=False`). A lower function either takes the
value as a required argument or reads the config's (`omnijet.config.default_of(Config, name)`).

A parameter with a setting's name that is another setting (nothing on any operation's path
ever hands it the config's value: an inference chunk named `batch_size`) is listed in
OTHER_MEANING with what it is; the list must match what the check finds, both ways.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OPS = ROOT / "omnijet/operations.py"


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


def _named(node: ast.AST, where: str) -> list[tuple[str, ast.AST]]:
    """The omnijet functions and classes that `node`'s body names: `f(...)`, `Block.of(...)`,
    a class used as a type, and `mod.f` where `mod` is an imported omnijet module."""
    out = []
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and (hit := _resolve(n.id, where)):
            out.append(hit)
        elif isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name):
            imp = module(where).imports.get(n.value.id)
            if imp and _module_file(mod := f"{imp[0]}.{imp[1]}").exists() and n.attr in module(mod).defs:
                out.append((mod, module(mod).defs[n.attr]))
    return out


Reached = tuple[str, ast.AST, str]  # (module, definition, its name: `f`, `Class`, `Class.method`)


def _with_methods(hit: tuple[str, ast.AST]) -> list[Reached]:
    """A class with its methods (their parameters are defaults too); a function alone."""
    where, d = hit
    return [(where, d, d.name)] + [  # type: ignore[attr-defined]
        (where, m, f"{d.name}.{m.name}") for m in getattr(d, "body", [])  # type: ignore[attr-defined]
        if isinstance(d, ast.ClassDef) and isinstance(m, ast.FunctionDef)]


def _reached(fn: ast.FunctionDef) -> list[Reached]:
    """What a runner hands its settings to, all the way down: the omnijet functions / classes it
    imports, then every omnijet function and class those name, transitively (a closure over
    the call graph by name, each definition once)."""
    reached: list[Reached] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("omnijet.") \
                and node.module != "omnijet.config":
            reached += [h for a in node.names if (hit := _resolve(a.name, node.module)) for h in _with_methods(hit)]
    frontier, seen = list(reached), {id(d) for _, d, _ in reached}
    while frontier:
        nxt = []
        for where, d, _ in frontier:
            for hit in _named(d, where):
                nxt += [h for h in _with_methods(hit) if id(h[1]) not in seen and not seen.add(id(h[1]))]
        reached += nxt
        frontier = nxt
    return reached


def second_defaults(ops_source: str) -> set[tuple[str, str]]:
    """(`module:definition`, parameter) of every second literal default an operation reaches."""
    fields = config_fields()
    found: set[tuple[str, str]] = set()
    for fn in ast.parse(ops_source).body:
        if not (isinstance(fn, ast.FunctionDef) and fn.args.args and fn.args.args[0].annotation is not None):
            continue
        own = fields.get(ast.unparse(fn.args.args[0].annotation), set())
        for where, d, name in _reached(fn):
            found |= {(f"{where}:{name}", p) for p, v in _defaults(d).items()
                      if p in own and _is_literal_default(v, where)}
    return found


# Same name, another setting: on every operation's path these parameters are never handed the
# config's value (nothing passes it), so their default is the only one they have. Each is
# listed with what it is; the test fails if one is no longer found (the list cannot go stale).
OTHER_MEANING = {
    ("omnijet.tokenizer.vqvae:VQVAETokenizer.__init__", "batch_size"):
        "jets per encode / decode step of a trained tokenizer (memory only), not a training batch",
    ("omnijet.backbone.hybrid:feature_table", "batch_size"):
        "jets per decode step while building the code feature table (memory only)",
}


def test_no_setting_has_a_second_default_in_what_its_operation_reaches() -> None:
    found = second_defaults(OPS.read_text())
    assert sorted(found - set(OTHER_MEANING)) == [], \
        "settings of omnijet/config.py with a second default (take it from the config: " \
        "omnijet.config.default_of, or make it required)"
    assert sorted(set(OTHER_MEANING) - found) == [], "OTHER_MEANING lists what the check no longer finds"


@pytest.fixture
def fake_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of omnijet/config.py and made-up library modules, read instead of the real tree."""
    (tmp_path / "omnijet/lib").mkdir(parents=True)
    (tmp_path / "omnijet/config.py").write_text((ROOT / "omnijet/config.py").read_text())
    (tmp_path / "omnijet/lib/consts.py").write_text("SEED = 0\n")
    (tmp_path / "omnijet/lib/deep.py").write_text(
        "def helper(x, seed=1):\n    return deeper(x)\n\n"
        "def deeper(x, workers=2):\n    return Sampler(x).draw()\n\n"
        "class Sampler:\n    def __init__(self, x):\n        pass\n\n"
        "    def draw(self, overwrite=False):\n        pass\n\n"
        "def by_module(x, pt_min=400.0):\n    pass\n\n"
        "def unreached(x, pt_max=2.0):\n    pass\n")
    (tmp_path / "omnijet/lib/gen.py").write_text(
        "from dataclasses import dataclass\nfrom omnijet.lib import deep\n"
        "from omnijet.lib.consts import SEED\nfrom omnijet.lib.deep import helper\nWORKERS = 1\n\n"
        "def plain(cfg, progress=None):\n    return Block.of(cfg)\n\n"
        "def literal(process, overwrite=True):\n    pass\n\n"
        "def constant(process, workers=WORKERS):\n    pass\n\n"
        "def imported(process, seed=SEED):\n    pass\n\n"
        "def calls(cfg):\n    return helper(cfg)\n\n"
        "def via_module(cfg):\n    return deep.by_module(cfg)\n\n"
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

    gen, deep = "omnijet.lib.gen", "omnijet.lib.deep"
    assert found("literal") == {(f"{gen}:literal", "overwrite")}
    assert found("constant") == {(f"{gen}:constant", "workers")}  # a module constant is still a literal
    assert found("imported") == {(f"{gen}:imported", "seed")}  # also one imported from another module
    assert found("plain") == {(f"{gen}:Block", "pt_max"), (f"{gen}:Inner", "pt_min")}  # blocks, nested
    # what the entry point calls, all the way down: a function, the one it calls, a class's method
    assert found("calls") == {(f"{deep}:helper", "seed"), (f"{deep}:deeper", "workers"),
                              (f"{deep}:Sampler.draw", "overwrite")}
    assert found("via_module") == {(f"{deep}:by_module", "pt_min")}  # `module.function(...)`
    ops = "def train_tokenizer(cfg: TokenizerTrainConfig):\n    from omnijet.lib.gen import literal\n"
    assert second_defaults(ops) == set()  # `overwrite` is no setting of that config
