"""One entry point for jets on disk, whatever wrote them: dispatch by suffix.

    .root  JetClass schema (real JetClass files or generated ones)
    .h5 / .hdf5  LHC Olympics R&D layout: both leading jets of every event, concatenated
                 (leading jets first), with jet["event_index"] and jet["jet_rank"] (0, 1)
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from omnijet.data.batch import MAX_CONSTITUENTS, JetBatch
from omnijet.errors import ConfigError, DataError
from omnijet.utils import read_json

ROOT_SUFFIXES = (".root",)
H5_SUFFIXES = (".h5", ".hdf5")


def _paths(path: str | Path | Sequence[str | Path]) -> list[Path]:
    paths = [Path(path)] if isinstance(path, str | Path) else [Path(p) for p in path]
    if not paths:
        raise DataError("no data files given")
    for p in paths:
        if p.suffix not in ROOT_SUFFIXES + H5_SUFFIXES:
            raise DataError(f"{p}: unknown data format {p.suffix!r} (expected .root or .h5)")
    return paths


def _check_max(max_jets: int | None) -> None:
    if max_jets is not None and max_jets < 1:
        raise ConfigError(f"max_jets must be >= 1 (or unset for all jets), got {max_jets}")


def load_jets(path: str | Path | Sequence[str | Path], max_jets: int | None = None,
              max_constituents: int = MAX_CONSTITUENTS) -> JetBatch:
    """Jets from JetClass ROOT and/or LHCO HDF5 files as one JetBatch (at most max_jets)."""
    batches = list(iter_jets(path, max_jets=max_jets, max_constituents=max_constituents))
    return JetBatch.concat(batches) if len(batches) > 1 else batches[0]


def iter_jets(path: str | Path | Sequence[str | Path], step_size: int = 10_000,
              max_jets: int | None = None,
              max_constituents: int = MAX_CONSTITUENTS) -> Iterator[JetBatch]:
    """Jets of the file(s) as consecutive JetBatches, at most max_jets in total.

    JetClass ROOT files stream in chunks of `step_size` jets (uproot.iterate), so memory
    holds one chunk whatever the file size. LHCO HDF5
    files (the R&D file is pandas "fixed" format, which cannot be read in parts) come as one
    batch per file. Every file yields at least one batch (possibly empty).
    """
    from omnijet.data.jetclass import _to_batch, iter_jetclass
    from omnijet.data.lhco import read_lhco

    _check_max(max_jets)
    left = max_jets
    for p in _paths(path):
        if left is not None and left <= 0:
            return
        if p.suffix in ROOT_SUFFIXES:
            got = 0
            for b in iter_jetclass(p, step_size, left, max_constituents):
                got += len(b)
                yield b
            if not got:
                yield _to_batch(None, max_constituents)
        else:
            ev = read_lhco(p, None if left is None else (left + 1) // 2, max_constituents)
            for rank, j in enumerate((ev.j1, ev.j2)):
                j.jet["jet_rank"] = np.full(len(j), float(rank))
            b = JetBatch.concat([ev.j1, ev.j2])
            b = b if left is None else b[: left]
            got = len(b)
            yield b
        left = None if left is None else left - got


def check_output(path: str | Path, overwrite: bool) -> Path:
    """Refuse, before any work is done, an output that exists (unless overwrite) or that cannot
    be written: a directory, a parent that is a file, a read-only file system. Probes with an
    empty temporary sibling, removed at once. Raises ConfigError with one line."""
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path} is a directory, not an output file")
    if (path.exists() or path.is_symlink()) and not overwrite:
        raise ConfigError(f"{path} exists (pass --overwrite to replace it)")
    probe = path.with_name(f".{path.name}.{os.getpid()}.probe")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
        os.unlink(probe)
    except OSError as e:
        raise ConfigError(f"{path}: cannot write there ({e.strerror or e})") from None
    return path


def read_meta(path: str | Path) -> dict[str, Any]:
    """Generator settings, seed and versions of a file written here; {} for foreign files."""
    from omnijet.data.jetclass import read_jetclass_meta, sidecar
    from omnijet.data.lhco import read_lhco_meta

    p = _paths(path)[0]
    if not p.exists():
        raise DataError(f"{p}: no such file")
    side = sidecar(p)
    if side.exists():
        return read_json(side)
    return read_jetclass_meta(p) if p.suffix in ROOT_SUFFIXES else read_lhco_meta(p)
