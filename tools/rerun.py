"""`omnijet-agent rerun RUN`: repeat a recorded run in the sandbox and compare the outputs.

    omnijet-agent rerun runs/tok                    # -> runs/tok/rerun/, then a comparison
    omnijet-agent rerun data/top.root.config.yaml   # -> data/rerun/top.root
    omnijet-agent rerun runs/tok --out /scratch/tok2

RUN is a run folder (holding config.yaml) or a `<file>.config.yaml` beside an output file. A run
folder may come from anyone, so its record decides nothing about where the repeat writes: the
repeat lands under the folder named on the command line (`rerun/` inside it, or beside the
file), or in `--out` (a new folder), never through a link. The operation runs as a sandbox job
like any tool call, with only that folder writable; the record's input files are shown to it
read-only (their folders, where a private /tmp or a hidden home would hide them), and an input
that is a link or lies in a hidden folder of a home (~/.ssh, ~/.config, ...) is refused.
SOURCE_DATE_EPOCH is pinned to the original's creation time so that artifacts which record
when they were made can come out byte-identical.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from pathlib import Path
from typing import Annotated

import typer

from omnijet.cli.rerun import compare, load_record
from omnijet.config import OpConfig, source_date_epoch, validate
from omnijet.errors import ConfigError
from sandbox import Job, make_sandbox
from sandbox.local import LocalSandbox, user_homes
from sandbox.workspace import META
from tools.base import path_fields

RERUN = "rerun"  # the folder a repeat lands in, inside the run folder (or beside the file)
APP_DIRS = (".local/share/omnijet-agent",)  # dot-folders of a home that hold our own runs


def check_input(p: Path) -> Path:
    """A recorded input the repeat may read: an existing path that is not a link and not in a
    hidden folder of a home (where keys and configs live)."""
    p = Path(os.path.abspath(p))
    if os.path.realpath(p) != str(p):
        raise ConfigError(f"recorded input {p} is, or lies behind, a link: rerun follows no links")
    if not p.exists():
        raise ConfigError(f"recorded input {p} does not exist")
    for home in map(Path, user_homes()):
        if p.is_relative_to(home):
            rel = p.relative_to(home).as_posix()
            if rel.startswith(".") and not any(rel.startswith(a + "/") for a in APP_DIRS):
                raise ConfigError(f"recorded input {p} lies in a hidden folder of {home}: refused")
    return p


def inputs_of(cfg: OpConfig) -> list[Path]:
    """The existing input files and folders a config names (its INPUT path fields)."""
    out: list[Path] = []
    for name, role in path_fields(type(cfg)).items():
        value = getattr(cfg, name)
        if role.must_exist and value is not None:
            out += [check_input(Path(v)) for v in (value if isinstance(value, list) else [value])]
    return out


def _no_links(path: Path) -> None:
    """Refuse a path any of whose existing components is a link (the repeat never writes
    through one)."""
    p = Path(os.path.abspath(path))
    for part in [p, *p.parents]:
        if part.is_symlink():
            raise ConfigError(f"{path}: {part} is a link; rerun writes nowhere through a link")


def _fresh_dir(path: Path, overwrite: bool) -> Path:
    """A new, empty folder at `path` (an existing one only with `overwrite`)."""
    _no_links(path)
    if path.exists():
        if not overwrite:
            raise ConfigError(f"{path} exists: pass --overwrite, or another --out")
        shutil.rmtree(path)  # refuses a link itself; never follows links inside
    path.mkdir(parents=True)
    return path


def run_in_sandbox(cfg: OpConfig, inputs: list[Path], workdir: Path, created: str, backend: str,
                   timeout_s: float) -> None:
    """Run `cfg` as a sandbox job whose only writable folder is `workdir` and which reads
    `inputs` (checked by `inputs_of`) read-only."""
    box = make_sandbox(backend)  # type: ignore[arg-type]
    if isinstance(box, LocalSandbox):  # inputs under a private /tmp or a hidden home: read-only
        box.expose = sorted({*box.expose, *map(str, inputs)})
    env = {"SOURCE_DATE_EPOCH": source_date_epoch(created)} if created else {}
    job = Job(command=[sys.executable, "-m", "omnijet.cli.rerun"], workspace=str(workdir),
              input={"command": cfg.command, "config": cfg.model_dump(mode="json")},
              env=env, timeout_s=timeout_s, memory_mb=None, label=f"rerun {cfg.command}")
    res = box.run(job, on_event=None)
    if not res.ok:
        last = (res.stderr.strip().splitlines() or [res.message])[-1]
        raise ConfigError(f"rerun of `{cfg.command}` failed ({res.status}): {last.removeprefix('error: ')}")


def rerun(
    run: Annotated[Path, typer.Argument(help="run folder (with config.yaml) or a <file>.config.yaml")],
    out: Annotated[Path | None, typer.Option(help="a new folder for the repeat (default: rerun/ "
                                                  "inside the run folder, or beside the file)")] = None,
    overwrite: Annotated[bool, typer.Option(help="replace an existing repeat")] = False,
    backend: Annotated[str, typer.Option(help="sandbox: auto | local | docker",
                                         envvar="OMNIJET_SANDBOX")] = "auto",
    timeout: Annotated[float, typer.Option(help="wall-clock limit of the repeat, seconds")] = 86400.0,
) -> None:
    """Repeat a run from its recorded config (same settings, same seeds) and compare outputs."""
    cfg, created, record = load_record(run)
    inputs = inputs_of(cfg)  # refused inputs are refused before anything is created
    if cfg.out_is_dir:  # the run folder is the one named here, never the record's `out`
        original = record.parent
        target = workdir = _fresh_dir(out or original / RERUN, overwrite)
        repeat_out = workdir
    else:
        original = record.with_name(record.name.removesuffix(".config.yaml"))
        home = out or original.parent / RERUN
        _no_links(home)
        if out is not None:
            _fresh_dir(home, overwrite)
        home.mkdir(exist_ok=True)
        target = home / original.name
        if target.exists() or target.is_symlink():
            if not overwrite:
                raise ConfigError(f"{target} exists: pass --overwrite, or another --out")
            target.unlink()
        workdir = _fresh_dir(home / f".{original.name}.{uuid.uuid4().hex[:8]}", False)
        repeat_out = workdir / original.name
    fields = {**cfg.model_dump(mode="json"), "out": str(repeat_out)}
    if "overwrite" in type(cfg).model_fields:
        fields["overwrite"] = False
    repeat = validate(type(cfg), fields, str(record))
    typer.echo(f"rerun `{cfg.command}` from {record} -> {target} (in the sandbox)", err=True)
    try:
        run_in_sandbox(repeat, inputs, workdir, created, backend, timeout)
        if workdir != target:  # a file output: the file and its record move up beside others
            for name in (original.name, original.name + ".config.yaml"):
                if (workdir / name).is_file() and not (workdir / name).is_symlink():
                    os.replace(workdir / name, home / name)
    finally:
        if workdir != target:
            shutil.rmtree(workdir, ignore_errors=True)
    skip = (RERUN, META) if cfg.out_is_dir else ()
    rows = compare(original, target, skip) if original.exists() else []
    for r in rows:
        typer.echo(f"  {r['result']:28s} {r['file']}")
    same = sum(r["result"].startswith("identical") for r in rows)
    typer.echo(f"{same} of {len(rows)} files byte-identical to {original}" if rows
               else f"{original} is gone: nothing to compare")
