"""Checkpoint files of every model here: save atomically, load with a clear error.

A checkpoint is one `torch.save` of a dict: `"model"` (the state_dict), `"provenance"` and
whatever the caller adds (`"kind"` in {"vqvae", "binned", "gpt", "classifier", ...}, `"config"`,
optimizer state for `last.pt`). It sits below the tokenizer, the backbone and the training loop
so that none of them imports upward to reach it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from torch import nn

from omnijet.errors import CheckpointError
from omnijet.utils import load_torch_file, provenance, save_torch_file


def save_checkpoint(path: str | Path, model: nn.Module, extra: dict[str, Any]) -> Path:
    """Atomically save model weights plus `extra` (config, kind, provenance, ...)."""
    return save_torch_file({"model": model.state_dict(), "provenance": provenance(), **extra}, path)


def load_checkpoint(path: str | Path, kind: str | None = None) -> dict[str, Any]:
    """Load a checkpoint onto the CPU; a clear CheckpointError if missing, corrupt or of another kind."""
    state = load_torch_file(path, CheckpointError, "checkpoint")
    if not isinstance(state, dict) or "model" not in state:
        raise CheckpointError(f"{path} is not an omnijet checkpoint (no model weights)")
    if kind is not None and state.get("kind") != kind:
        raise CheckpointError(f"{path} holds a {state.get('kind')!r} checkpoint, expected {kind!r}")
    return state
