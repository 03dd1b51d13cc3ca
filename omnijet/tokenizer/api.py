"""Jet files in, token files out."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import torch

from omnijet.config import TokenizeConfig, default_of
from omnijet.data.batch import MAX_CONSTITUENTS, JetBatch
from omnijet.data.preprocess import scaled_features
from omnijet.errors import ConfigError, DataError
from omnijet.tokenizer.base import load_tokenizer
from omnijet.tokenizer.tokens import MappedTokenAppender, TokenDataset
from omnijet.utils import pick_device, provenance, sha256_file

PathLike = str | os.PathLike
STEP_SIZE = 10_000  # jets encoded at a time when tokenizing files


def data_info(paths: PathLike | Sequence[PathLike]) -> dict:
    """Which files (with sha256 and generator metadata where present) some data came from."""
    from omnijet.data.io import read_meta

    return {"files": [
        {"path": str(p), "sha256": sha256_file(p), "meta": read_meta(p)} for p in _as_list(paths)
    ]}


def _shares(paths: list[PathLike], max_jets: int | None) -> list[int | None]:
    """Jets to take from each file: all, or max_jets spread evenly over the files (so a top +
    QCD pair stays balanced instead of filling up from the first file)."""
    if max_jets is None:
        return [None] * len(paths)
    if max_jets < len(paths):
        raise ConfigError(f"max_jets {max_jets} is less than one jet per file ({len(paths)} files)")
    return [max_jets // len(paths) + (i < max_jets % len(paths)) for i in range(len(paths))]


def _as_list(paths: PathLike | Sequence[PathLike]) -> list[PathLike]:
    return [paths] if isinstance(paths, str | os.PathLike) else list(paths)


def load_balanced(paths: PathLike | Sequence[PathLike], max_jets: int | None = None) -> JetBatch:
    """Jets of all files as one batch; with max_jets, at most that many, spread over the files."""
    from omnijet.data.io import load_jets

    paths = _as_list(paths)
    return JetBatch.concat([load_jets(p, max_jets=k) for p, k in zip(paths, _shares(paths, max_jets), strict=True)])


def tokenize_file(
    tokenizer_path: PathLike,
    data_path: PathLike | Sequence[PathLike],
    out_path: PathLike,
    max_jets: int | None = None,
    *,
    device: str,
    step_size: int = STEP_SIZE,
    mapped: bool = False,
    features: bool = default_of(TokenizeConfig, "features"),
) -> Path:
    """Encode every jet of the data file(s) (at most max_jets, spread over the files) and save a
    TokenDataset with provenance. The jets stream in chunks of `step_size`: memory holds one
    chunk of jets and the tokens so far, whatever the size of the input files; with `mapped`,
    one chunk only (the mapped layout, written chunk by chunk: MappedTokenAppender). With
    `features` the file also keeps each constituent's preprocessed features (the tokenizer's own
    inputs), which a GPT with input_mode "features" reads instead of its codes."""
    from omnijet.data.io import iter_jets

    tok = load_tokenizer(tokenizer_path, pick_device(device))
    paths = _as_list(data_path)
    tokens, masks, labels, feats = [], [], [], []
    out = MappedTokenAppender(out_path, MAX_CONSTITUENTS, tok.codebook_size, features=features) if mapped else None
    try:
        for p, k in zip(paths, _shares(paths, max_jets), strict=True):
            for chunk in iter_jets(p, step_size, max_jets=k):
                if len(chunk):
                    t, m = tok.encode(chunk)
                    f = scaled_features(chunk).float().cpu() if features else None
                    if out is not None:
                        out.append(t.long().cpu(), m.bool().cpu(), chunk.label, f)
                        continue
                    tokens.append(t.to(torch.int32).cpu())
                    masks.append(m.bool().cpu())
                    labels.append(chunk.label)
                    if f is not None:
                        feats.append(f)
    except BaseException:
        if out is not None:  # no temporary files left behind
            out.abort()
        raise
    if (out.n if out is not None else len(tokens)) == 0:
        if out is not None:
            out.abort()
        raise DataError(f"no jets to tokenize in {', '.join(map(str, paths))}")
    meta = {
        "tokenizer": str(tokenizer_path),
        "tokenizer_sha256": sha256_file(tokenizer_path),
        "tokenizer_kind": getattr(tok, "kind", type(tok).__name__),
        "data": data_info(data_path),
        "max_jets": max_jets,
        "provenance": provenance(),
    }
    if out is not None:
        return out.close(meta)
    n = max(t.shape[1] for t in tokens)
    pad = torch.nn.functional.pad
    return TokenDataset(torch.cat([pad(t, (0, n - t.shape[1])) for t in tokens]),
                        torch.cat([pad(m, (0, n - m.shape[1])) for m in masks]),
                        torch.cat(labels), tok.codebook_size, meta,
                        torch.cat([pad(f, (0, 0, 0, n - f.shape[1])) for f in feats]) if features else None).save(out_path)
