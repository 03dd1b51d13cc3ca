"""One entry point for jets on disk, whatever wrote them: dispatch by suffix.

    .root  JetClass schema (real JetClass files or generated ones)
    .h5 / .hdf5  LHC Olympics R&D layout: both leading jets of every event, concatenated
                 (leading jets first), with jet["event_index"] and jet["jet_rank"] (0, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from omnijet.data.batch import MAX_CONSTITUENTS, JetBatch
from omnijet.errors import DataError
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


def load_jets(path: str | Path | Sequence[str | Path], max_jets: int | None = None,
              max_constituents: int = MAX_CONSTITUENTS) -> JetBatch:
    """Jets from JetClass ROOT and/or LHCO HDF5 files as one JetBatch (at most max_jets)."""
    from omnijet.data.jetclass import read_jetclass
    from omnijet.data.lhco import read_lhco

    batches, left = [], max_jets
    for p in _paths(path):
        if left is not None and left <= 0:
            break
        if p.suffix in ROOT_SUFFIXES:
            b = read_jetclass(p, max_jets=left, max_constituents=max_constituents)
        else:
            ev = read_lhco(p, None if left is None else (left + 1) // 2, max_constituents)
            for rank, j in enumerate((ev.j1, ev.j2)):
                j.jet["jet_rank"] = np.full(len(j), float(rank))
            b = JetBatch.concat([ev.j1, ev.j2])
            b = b if left is None else b[: left]
        batches.append(b)
        left = None if left is None else left - len(b)
    return JetBatch.concat(batches) if len(batches) > 1 else batches[0]


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
