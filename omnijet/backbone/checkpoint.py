"""Restore a pretrained GPT from its checkpoint and check it fits a tokenizer.

A GPT checkpoint (written by `omnijet.train.pretrain`) holds `kind: "gpt"`, the `GPTConfig` as
a dict, the tokenizer it was trained for (path + codebook size) and the provenance of its data.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any, Protocol

import torch

from omnijet.backbone.model import GPT, GPTConfig
from omnijet.checkpoint_io import load_checkpoint
from omnijet.errors import CheckpointError, ConfigError
from omnijet.utils import pick_device


class HasCodebook(Protocol):
    codebook_size: int


def config_from_dict(d: Any, source: str | Path) -> GPTConfig:
    """GPTConfig from a checkpoint's `config` entry; unknown or missing fields are an error."""
    names = {f.name for f in fields(GPTConfig)}
    if not isinstance(d, dict) or not set(d) <= names or "codebook_size" not in d:
        raise CheckpointError(f"{source}: 'config' is not a GPTConfig (got {d!r})")
    try:
        return GPTConfig(**d)
    except ConfigError as e:  # e.g. an unknown input_mode or objective
        raise CheckpointError(f"{source}: {e}") from None


def load_gpt_state(path: str | Path) -> tuple[GPT, dict[str, Any]]:
    """(model on CPU in eval mode, the whole checkpoint dict) for a `kind: "gpt"` checkpoint."""
    state = load_checkpoint(path, kind="gpt")
    cfg = config_from_dict(state.get("config"), path)
    model = GPT(cfg)
    try:
        model.load_state_dict(state["model"])
    except RuntimeError as e:  # shape or key mismatch between weights and config
        first = str(e).strip().splitlines()[0:2]
        raise CheckpointError(f"{path}: weights do not match its config: {' '.join(first)}") from None
    return model.eval(), state


def load_gpt(path: str | Path, device: str | torch.device | None = None) -> GPT:
    """The GPT stored at `path`, in eval mode, on `device` (default: CUDA if present)."""
    model, _ = load_gpt_state(path)
    return model.to(pick_device(device if device is None else str(device)))


def check_vocab(cfg: GPTConfig, tokenizer: HasCodebook, tokenizer_name: str = "tokenizer") -> None:
    """Raise CheckpointError unless the GPT's code vocabulary is exactly the tokenizer's codebook."""
    k = int(tokenizer.codebook_size)
    if cfg.codebook_size != k:
        raise CheckpointError(
            f"GPT vocabulary has {cfg.codebook_size} codes but {tokenizer_name} has a codebook "
            f"of {k}: the GPT was trained on tokens of another tokenizer"
        )
