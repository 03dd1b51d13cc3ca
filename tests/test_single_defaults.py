"""Each setting has its default in one place (issue 22), checked mechanically from the source.

For every operation runner in omnijet/operations.py, the library functions it calls (found
through the imports inside the runner) and the config classes it builds there (and
`TrainConfig`, which `TrainConfig.of` fills from the operation config) are read; a parameter or
field with a literal default whose name is a field of the runner's operation config is a second
declaration of that setting (the first is omnijet/config.py). Why this reach: it is what an
operation passes its settings to, so a default there either never applies (dead) or applies
where the config meant another value (`generate(overwrite=True)` vs `DataConfig.overwrite=False`).

What is left is listed in KNOWN with the reason; the list may only shrink (an entry that no
longer occurs fails, so whoever removes a default removes it here).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPS = ROOT / "omnijet/operations.py"

# (function or class, parameter) still declaring a second default; owners in brackets.
KNOWN = {
    # evaluate_token_quality / tokenize_file / generate_file / evaluate_generation / likelihood:
    # positional library APIs whose defaults the runners always override
    ("evaluate_token_quality", "classifier"), ("evaluate_token_quality", "device"),
    ("tokenize_file", "device"),
    ("generate_file", "batch_size"), ("generate_file", "temperature"), ("generate_file", "seed"),
    ("evaluate_generation", "seed"),
    ("evaluate_likelihood", "device"),
    ("run_finetune_scan", "scratch_preset"),
    # the loop's settings block: its defaults serve direct callers (tests, the evaluation classifiers)
    ("TrainConfig", "epochs"), ("TrainConfig", "batch_size"), ("TrainConfig", "lr"), ("TrainConfig", "patience"),
    ("TrainConfig", "seed"), ("TrainConfig", "device"),
    # the anomaly scan's mirror config, still mapped by hand in operations.py (omnijet/transfer/
    # anomaly_scan.py, another helper's file); FinetuneConfig / ScanConfig read their defaults
    # from FinetuneScanConfig and are built by `ScanConfig.of(cfg)`
    ("AnomalyConfig", "sideband"), ("AnomalyConfig", "signal_fraction"), ("AnomalyConfig", "test_frac"),
    ("AnomalyConfig", "folds"), ("AnomalyConfig", "cwola_model"), ("AnomalyConfig", "embeddings"),
    ("AnomalyConfig", "nll_reduce"), ("AnomalyConfig", "gpt_preset"),
    ("AnomalyConfig", "gpt_epochs"), ("AnomalyConfig", "gpt_batch_size"), ("AnomalyConfig", "seed"),
    ("AnomalyConfig", "device"),
}


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


def _defs(module: str) -> dict[str, ast.AST]:
    tree = ast.parse(_module_file(module).read_text())
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}


def _defaults(node: ast.AST) -> dict[str, ast.AST]:
    """Parameter / field name -> default of a function or a (data)class."""
    if isinstance(node, ast.FunctionDef):
        a = node.args
        pos = dict(zip([x.arg for x in a.args][len(a.args) - len(a.defaults):], a.defaults, strict=True))
        return pos | {x.arg: d for x, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d is not None}
    return {n.target.id: n.value for n in node.body  # type: ignore[attr-defined]
            if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.value is not None}


def second_defaults(ops_source: str) -> set[tuple[str, str]]:
    fields = config_fields()
    found: set[tuple[str, str]] = set()
    for fn in ast.parse(ops_source).body:
        if not (isinstance(fn, ast.FunctionDef) and fn.args.args and fn.args.args[0].annotation is not None):
            continue
        own = fields.get(ast.unparse(fn.args.args[0].annotation), set())
        reached: list[ast.AST] = []
        for node in ast.walk(fn):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("omnijet."):
                defs = _defs(node.module)
                reached += [defs[a.name] for a in node.names if a.name in defs]
        if any(n.id == "TrainConfig" for n in ast.walk(fn) if isinstance(n, ast.Name)) or \
                any(getattr(d, "name", "") in ("train_tokenizer_files", "run_pretrain") for d in reached):
            reached.append(_defs("omnijet.train.loop")["TrainConfig"])
        for d in reached:
            found |= {(d.name, p) for p, v in _defaults(d).items() if p in own and _literal(v)}  # type: ignore[attr-defined]
    return found


def test_no_setting_has_a_second_default_in_what_its_operation_reaches() -> None:
    found = second_defaults(OPS.read_text())
    assert sorted(found - KNOWN) == [], "a setting of omnijet/config.py gets a second default: take it from the config"
    stale = sorted(KNOWN - found)
    assert stale == [], f"no longer declared twice: remove {stale} from KNOWN in tests/test_single_defaults.py"


def test_the_check_finds_a_second_default(tmp_path: Path) -> None:
    ops = "def train_tokenizer(cfg: TokenizerTrainConfig):\n    from omnijet.train.tokenizer import fit_binned\n"
    assert second_defaults(ops) == set()  # fit_binned takes no setting of the config with a default
    ops = "def generate_data(cfg: DataConfig):\n    from omnijet.data.black_box import make_black_box\n"
    assert ("make_black_box", "overwrite") in second_defaults(ops)
