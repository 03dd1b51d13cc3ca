"""A recorded run, repeated: read its record, compare its outputs, and the job that runs it.

The host side (`omnijet-agent rerun`, tools/rerun.py) decides where the repeat writes and runs
it in the sandbox as `python -m omnijet.cli.rerun` with `{"command", "config"}` on stdin: the
record comes from a run folder that anyone may have written, so its operation runs like any
tool call, and nothing in it chooses where the repeat writes.

The comparison lists, per file, whether the bytes (sha256) are identical and, where they are
not, whether the content is: the same tensors in a .pt file (weights-only load), the same
arrays in a jet file, the same JSON apart from timings. It never follows a link or opens
anything but a regular file, and compares content only up to `MAX_CONTENT_BYTES`.
"""

from __future__ import annotations

import json
import math
import os
import stat
import sys
from pathlib import Path
from typing import Any

from omnijet.config import CONFIGS, OpConfig, read_file, validate
from omnijet.errors import ConfigError, OmniJetError
from omnijet.utils import load_torch_file, sha256_file

MAX_CONTENT_BYTES = 1 << 30  # larger files are compared by their bytes alone
# command -> {old field: its name now}: records written before a field was renamed still rerun
RENAMED = {"generate": {"n_jets": "n_generate"}}
TIMING_KEYS = ("seconds", "wall", "created", "time")


def _timing(key: object) -> bool:
    """A key that measures time (wall_s, train_seconds, created, ...): left out of comparisons."""
    return isinstance(key, str) and (key.endswith("_s") or any(t in key for t in TIMING_KEYS))


def record_path(run: Path) -> Path:
    """The record of a run folder (config.yaml) or the `<file>.config.yaml` given itself."""
    return run / "config.yaml" if run.is_dir() and not run.is_symlink() else run


def load_record(run: Path) -> tuple[OpConfig, str, Path]:
    """The config, creation time and record path of a run folder or a `.config.yaml` file."""
    path = record_path(run)
    if path.is_symlink():
        raise ConfigError(f"{path}: a link; rerun reads records only from the run folder itself")
    if not path.is_file():
        raise ConfigError(f"{run}: no recorded config ({path.name}); runs record one when they finish")
    data = read_file(path)
    cls = CONFIGS.get(str(data.get("command")))
    if cls is None or not isinstance(data.get("config"), dict):
        raise ConfigError(f"{path}: not a run record (needs `command` of {sorted(CONFIGS)} and `config`)")
    return validate(cls, _renamed(cls.command, data["config"]), str(path)), str(data.get("created", "")), path


def _renamed(command: str, config: dict[str, Any]) -> dict[str, Any]:
    """A record's config with the fields renamed since it was written given their names now
    (an old name beside its new one is left for `validate` to refuse: two values, no guess)."""
    old = {k: v for k, v in RENAMED.get(command, {}).items() if k in config and v not in config}
    return {old.get(k, k): v for k, v in config.items()}


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
    if max(a.stat().st_size, b.stat().st_size) > MAX_CONTENT_BYTES:
        return None
    try:
        if a.suffix == ".json":
            return _same_json(json.loads(a.read_text()), json.loads(b.read_text()))
        if a.suffix == ".pt":  # weights only (never a pickle from a run folder)
            return _same_tensors(load_torch_file(a, ConfigError, "file"),
                                 load_torch_file(b, ConfigError, "file"))
        if a.suffix in (".root", ".h5", ".hdf5"):
            from omnijet.data.io import load_jets

            ja, jb = load_jets(a), load_jets(b)
            return all(_same_tensors(getattr(ja, f), getattr(jb, f)) for f in ("part", "mask", "label"))
    except Exception:  # noqa: BLE001 (a file we cannot parse is "not known", not a crash)
        return None
    return None


def regular_files(root: Path, skip: tuple[str, ...] = ()) -> dict[str, Path]:
    """Relative name -> path of the regular files under `root` (a file: itself), never through
    a link (links, FIFOs and devices are left out), without the top-level names in `skip`."""
    if root.is_file() and not root.is_symlink():
        return {root.name: root}
    out: dict[str, Path] = {}
    for here, dirs, names in os.walk(root):  # followlinks=False: a linked folder is not entered
        rel = Path(here).relative_to(root)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in skip]
        for n in names:
            p = Path(here) / n
            if stat.S_ISREG(os.lstat(p).st_mode) and (rel != Path(".") or n not in skip):
                out[(rel / n).as_posix()] = p
    return dict(sorted(out.items()))


def compare(original: Path, repeat: Path, skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Per output file: identical bytes, same content, differs, or missing in the repeat."""
    a, b = regular_files(original, skip), regular_files(repeat, skip)
    if original.is_file():  # a file output: compare the file itself, whatever its new name
        b = {original.name: repeat} if repeat.is_file() and not repeat.is_symlink() else {}
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


def job_main() -> int:
    """In the sandbox: run the operation of `{"command", "config"}` read from stdin."""
    from omnijet.operations import run as run_op

    try:
        request = json.loads(sys.stdin.read(1 << 20))
        cls = CONFIGS.get(str(request.get("command")))
        if cls is None:
            raise ConfigError(f"unknown command {request.get('command')!r}")
        run_op(validate(cls, request["config"], "run record"))
    except OmniJetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(job_main())
