"""File-level entry points of the transfer area (for the CLI and the agents' tools).

Inputs are paths: jet files are tokenized on the fly with the given tokenizer, token files
(`.pt`, TokenDataset) are used as they are. Every input check runs before any training.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from omnijet.backbone.checkpoint import check_vocab, load_gpt_state
from omnijet.config import AnomalyScanConfig, FinetuneScanConfig
from omnijet.data.batch import JetBatch
from omnijet.errors import ConfigError, DataError
from omnijet.tokenizer.base import Tokenizer, load_tokenizer
from omnijet.tokenizer.tokens import MappedTokenDataset, TokenDataset, load_tokens
from omnijet.train.loop import ProgressFn
from omnijet.transfer.anomaly_scan import AnomalyConfig, anomaly_scan
from omnijet.transfer.finetune_scan import ScanConfig, finetune_scan
from omnijet.transfer.labelled_tokens import concat
from omnijet.transfer.shards import Shard
from omnijet.utils import pick_device, sha256_file

PathLike = str | os.PathLike


def load_labelled(
    paths: Sequence[PathLike], tokenizer: Tokenizer | None, max_jets: int | None = None,
    tokenizer_path: PathLike | None = None,
) -> TokenDataset | MappedTokenDataset:
    """Labelled token set from token files (.pt) and/or jet files tokenized here; one mapped
    token file is returned mapped (several files are joined in memory)."""
    if not paths:
        raise DataError("no labelled data files given (--train)")
    parts = []
    for p in map(Path, paths):
        if p.suffix == ".pt":  # a mapped token file stays mapped (load_tokens)
            ds = load_tokens(p)
            parts.append(ds.view(slice(None, max_jets)) if max_jets else ds)
            continue
        if tokenizer is None:
            raise ConfigError(f"{p} holds jets, not tokens: give --tokenizer to tokenize it")
        from omnijet.data.io import load_jets
        from omnijet.data.preprocess import scaled_features

        batch = load_jets(p, max_jets=max_jets)
        tokens, mask = tokenizer.encode(batch)
        meta = {"source": str(p), "sha256": sha256_file(p),
                "tokenizer": None if tokenizer_path is None else str(tokenizer_path)}
        parts.append(TokenDataset(tokens.cpu(), mask.cpu(), batch.label, tokenizer.codebook_size, meta,
                                  scaled_features(batch).float()))  # for a backbone of input_mode features
    if tokenizer is not None:
        for p, ds in zip(paths, parts, strict=True):
            check_vocab_of_tokens(ds, tokenizer, p)
    if len(parts) == 1:
        return parts[0]
    return concat([q if isinstance(q, TokenDataset) else q[slice(None)] for q in parts])


def check_vocab_of_tokens(ds: TokenDataset, tokenizer: Tokenizer, path: PathLike) -> None:
    if ds.codebook_size != tokenizer.codebook_size:
        raise DataError(f"{path}: tokens of a codebook of {ds.codebook_size}, but the tokenizer "
                        f"has {tokenizer.codebook_size}")


def run_finetune_scan(
    op: FinetuneScanConfig, progress: ProgressFn | None = None, shard: Shard | None = None,
) -> dict[str, Any]:
    """Load (and tokenize) the labelled files, check the GPT against the tokenizer, run the scan
    (its points and training block: `ScanConfig.of(op)`)."""
    cfg, gpt, tokenizer = ScanConfig.of(op), op.gpt, op.tokenizer
    tok = load_tokenizer(tokenizer, pick_device(cfg.finetune.device)) if tokenizer else None
    gpt_cfg = None
    if gpt is not None:
        model, _ = load_gpt_state(gpt)
        gpt_cfg = model.cfg
        if tok is not None:
            check_vocab(gpt_cfg, tok, f"tokenizer {tokenizer}")
    labelled = load_labelled(op.train, tok, op.max_jets, tokenizer)
    if gpt_cfg is None:  # scratch alone: the preset's backbone, reading what its pretrained GPT would read
        from omnijet.backbone.model import GPTConfig
        from omnijet.presets import sizes

        gpt_cfg = GPTConfig.preset(op.scratch_preset, labelled.codebook_size).with_(
            input_mode=sizes(op.scratch_preset).pretraining.input_mode)
    return finetune_scan(labelled, op.out, cfg, gpt_path=gpt, gpt_cfg=gpt_cfg, progress=progress,
                         shard=shard, backbone_label=op.backbone_label)


def concat_events(parts: Sequence[Any]) -> Any:
    """Several LHCOEvents (e.g. a background and a signal file) as one."""
    from omnijet.data.lhco import LHCOEvents

    if len(parts) == 1:
        return parts[0]
    return LHCOEvents(
        JetBatch.concat([p.j1 for p in parts]), JetBatch.concat([p.j2 for p in parts]),
        pd.concat([p.features for p in parts], ignore_index=True),
        np.concatenate([p.label for p in parts]),
    )


def run_anomaly(
    op: AnomalyScanConfig, progress: ProgressFn | None = None, shard: Shard | None = None,
) -> dict[str, Any]:
    """Read LHCO-layout files (background and signal may be separate), run both methods with
    the scan's settings (`AnomalyConfig.of(op)`)."""
    from omnijet.data.lhco import read_lhco

    cfg = AnomalyConfig.of(op)
    tok = load_tokenizer(op.tokenizer, pick_device(cfg.device))
    if op.gpt is not None:
        model, _ = load_gpt_state(op.gpt)
        check_vocab(model.cfg, tok, f"tokenizer {op.tokenizer}")
    if progress:
        progress({"event": "stage", "stage": "read", "files": [str(p) for p in op.data]})
    events = concat_events([read_lhco(p, max_events=op.max_events) for p in op.data])
    return anomaly_scan(events, tok, op.out, cfg, gpt_path=op.gpt, progress=progress, shard=shard)


def merge_scan(out: PathLike) -> tuple[str, dict[str, Any]]:
    """Merge the shards of the scan in `out` (fine-tuning or anomaly, as scan.json says)."""
    from omnijet.transfer.anomaly_scan import merge_anomaly_scan
    from omnijet.transfer.finetune_scan import merge_finetune_scan
    from omnijet.utils import read_json

    scan = Path(out) / "scan.json"
    if not scan.is_file():
        raise ConfigError(f"{out} holds no scan (no scan.json): give the --out of a scan")
    kind = read_json(scan).get("kind", "finetune")
    if kind == "anomaly":
        return kind, merge_anomaly_scan(out)
    return kind, merge_finetune_scan(out)
