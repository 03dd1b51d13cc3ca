"""Whole files in, token files out."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from omnijet.data.batch import JetBatch
from omnijet.errors import ConfigError
from omnijet.tokenizer.base import load_tokenizer
from omnijet.tokenizer.tokens import TokenDataset
from omnijet.utils import pick_device, provenance, sha256_file

PathLike = str | os.PathLike


def data_info(paths: PathLike | Sequence[PathLike]) -> dict:
    """Which files (with sha256 and generator metadata where present) some data came from."""
    from omnijet.data.io import read_meta

    paths = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    return {"files": [
        {"path": str(p), "sha256": sha256_file(p), "meta": read_meta(p)} for p in paths
    ]}


def load_balanced(paths: PathLike | Sequence[PathLike], max_jets: int | None = None) -> JetBatch:
    """Jets of all files; with max_jets, at most that many in total, spread evenly over the
    files (so a top + QCD pair stays balanced instead of filling up from the first file)."""
    from omnijet.data.io import load_jets

    paths = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if max_jets is None or len(paths) < 2:
        return load_jets(paths, max_jets=max_jets)
    if max_jets < len(paths):
        raise ConfigError(f"max_jets {max_jets} is less than one jet per file ({len(paths)} files)")
    share = [max_jets // len(paths) + (i < max_jets % len(paths)) for i in range(len(paths))]
    return JetBatch.concat([load_jets(p, max_jets=k) for p, k in zip(paths, share, strict=True)])


def tokenize_file(
    tokenizer_path: PathLike,
    data_path: PathLike | Sequence[PathLike],
    out_path: PathLike,
    max_jets: int | None = None,
    device: str = "auto",
) -> Path:
    """Encode every jet of the data file(s) (at most max_jets, spread over the files) and
    save a TokenDataset with provenance."""
    tok = load_tokenizer(tokenizer_path, pick_device(device))
    batch = load_balanced(data_path, max_jets)
    tokens, mask = tok.encode(batch)
    meta = {
        "tokenizer": str(tokenizer_path),
        "tokenizer_sha256": sha256_file(tokenizer_path),
        "tokenizer_kind": getattr(tok, "kind", type(tok).__name__),
        "data": data_info(data_path),
        "max_jets": max_jets,
        "provenance": provenance(),
    }
    return TokenDataset(tokens, mask, batch.label, tok.codebook_size, meta).save(out_path)
