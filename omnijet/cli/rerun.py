"""`omnijet-agent rerun RUN`: repeat a run from its recorded config and compare the outputs.

    omnijet-agent rerun runs/tok                    # -> runs/tok-rerun, then a comparison
    omnijet-agent rerun data/top.root.config.yaml   # -> data/rerun/top.root

RUN is a run folder (holding config.yaml) or a `<file>.config.yaml` beside an output file.
The repeat writes to --out (default: `<run>-rerun`, or `rerun/<file>` beside a file) with the same
settings, and SOURCE_DATE_EPOCH pinned to the original's creation time so that artifacts that
record when they were made can come out byte-identical. It then lists, per file, whether the
bytes (sha256) are identical and, where they are not, whether the content is: the same tensors
in a .pt file, the same arrays in a jet file, the same JSON apart from timings.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from omnijet.config import CONFIGS, OpConfig, read_file, source_date_epoch, validate
from omnijet.errors import ConfigError
from omnijet.utils import load_torch_file, sha256_file


def _timing(key: object) -> bool:
    """A key that measures time (wall_s, train_seconds, created, ...): left out of comparisons."""
    return isinstance(key, str) and (key.endswith("_s") or any(
        t in key for t in ("seconds", "wall", "created", "time")))


def load_record(run: Path) -> tuple[OpConfig, str, Path]:
    """The config, creation time and record path of a run folder or a `.config.yaml` file."""
    path = run / "config.yaml" if run.is_dir() else run
    if not path.is_file():
        raise ConfigError(f"{run}: no recorded config ({path.name}); runs record one when they finish")
    data = read_file(path)
    cls = CONFIGS.get(str(data.get("command")))
    if cls is None or not isinstance(data.get("config"), dict):
        raise ConfigError(f"{path}: not a run record (needs `command` of {sorted(CONFIGS)} and `config`)")
    return validate(cls, data["config"], str(path)), str(data.get("created", "")), path


def rerun_out(cfg: OpConfig) -> Path:
    """`<run>-rerun` for a run folder; `rerun/<name>` beside an output file (the same name:
    some formats record their file name, a torch .pt file among them)."""
    out = cfg.output()
    return out.with_name(out.name + "-rerun") if cfg.out_is_dir else out.parent / "rerun" / out.name


def _same_json(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = {k for k in a.keys() | b.keys() if not _timing(k)}
        return all(_same_json(a.get(k), b.get(k)) for k in keys)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def _same_tensors(a: Any, b: Any) -> bool:
    import torch

    if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
        return a.shape == b.shape and a.dtype == b.dtype and bool(torch.equal(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        keys = {k for k in a.keys() | b.keys() if not _timing(k)}
        return all(_same_tensors(a.get(k), b.get(k)) for k in keys)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same_tensors(x, y) for x, y in zip(a, b, strict=True))
    return _same_json(a, b)


def _same_content(a: Path, b: Path) -> bool | None:
    """Whether two files hold the same content though their bytes differ (None: not known)."""
    try:
        if a.suffix == ".json":
            return _same_json(json.loads(a.read_text()), json.loads(b.read_text()))
        if a.suffix == ".pt":
            # weights only: a run folder may be a workspace that sandboxed code wrote (no pickle)
            return _same_tensors(load_torch_file(a, ConfigError, "file", weights_only=True),
                                 load_torch_file(b, ConfigError, "file", weights_only=True))
        if a.suffix in (".root", ".h5", ".hdf5"):
            from omnijet.data.io import load_jets

            ja, jb = load_jets(a), load_jets(b)
            return all(_same_tensors(getattr(ja, f), getattr(jb, f)) for f in ("part", "mask", "label"))
    except Exception:  # noqa: BLE001 (a file we cannot parse is "not known", not a crash)
        return None
    return None


def compare(original: Path, repeat: Path) -> list[dict[str, Any]]:
    """Per output file: identical bytes, same content, differs, or missing in the repeat."""
    def files(root: Path) -> dict[str, Path]:
        if root.is_file():
            return {root.name: root}
        return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*"))
                if p.is_file() and not p.is_symlink()}

    a, b = files(original), files(repeat)
    if original.is_file():  # a file output: compare the file itself, whatever its new name
        b = {original.name: repeat} if repeat.is_file() else {}
    rows = []
    for name, pa in a.items():
        if name.endswith("config.yaml"):
            continue
        pb = b.get(name)
        if pb is None:
            rows.append({"file": name, "result": "missing in the repeat"})
            continue
        if sha256_file(pa) == sha256_file(pb):
            rows.append({"file": name, "result": "identical (sha256)"})
            continue
        same = _same_content(pa, pb)
        rows.append({"file": name, "result": {True: "same content, bytes differ", False: "differs",
                                              None: "bytes differ"}[same]})
    return rows


def rerun(
    run: Annotated[Path, typer.Argument(help="run folder (with config.yaml) or a <file>.config.yaml")],
    out: Annotated[Path | None, typer.Option(help="where the repeat writes (default: <name>-rerun)")] = None,
    overwrite: Annotated[bool, typer.Option(help="replace an existing --out")] = False,
) -> None:
    """Repeat a run from its recorded config (same settings, same seeds) and compare outputs."""
    from omnijet.operations import run as run_op

    cfg, created, record = load_record(run)
    original = cfg.output()
    target = out or rerun_out(cfg)
    if target.exists() and not overwrite:
        raise ConfigError(f"{target} exists: pass --overwrite, or another --out")
    changes: dict[str, Any] = {"out": target}
    if "overwrite" in type(cfg).model_fields:
        changes["overwrite"] = overwrite
    repeat = validate(type(cfg), {**cfg.model_dump(), **changes}, str(record))
    if created:
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(created)
    typer.echo(f"rerun `{cfg.command}` from {record} -> {target}", err=True)
    run_op(repeat)
    rows = compare(original, target) if original.exists() else []
    for r in rows:
        typer.echo(f"  {r['result']:28s} {r['file']}")
    same = sum(r["result"].startswith("identical") for r in rows)
    typer.echo(f"{same} of {len(rows)} files byte-identical to {original}" if rows
               else f"{original} is gone: nothing to compare")


def register(app: typer.Typer) -> None:
    app.command("rerun")(rerun)
