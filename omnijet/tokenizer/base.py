"""What every tokenizer offers, and how any of them comes back from its checkpoint.

A tokenizer maps each jet constituent to one of `codebook_size` integer codes and back:

    encode(batch)        -> tokens (B, N) int64 in [0, K), mask (B, N) bool (0 where padded)
    decode(tokens, mask) -> part (B, N, 3) physical units (pT [GeV], eta_rel, phi_rel),
                            zeros where padded
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

import torch

from omnijet.checkpoint_io import load_checkpoint
from omnijet.data.batch import JetBatch
from omnijet.errors import CheckpointError, DataError

TokenizerKind = Literal["vqvae", "binned"]
KINDS: tuple[TokenizerKind, ...] = ("vqvae", "binned")


@runtime_checkable
class Tokenizer(Protocol):
    codebook_size: int

    def encode(self, batch: JetBatch) -> tuple[torch.Tensor, torch.Tensor]: ...

    def decode(self, tokens: torch.Tensor, mask: torch.Tensor) -> torch.Tensor: ...

    def to(self, device: torch.device | str) -> Tokenizer: ...

    def save(self, path: str | Path, extra: dict[str, Any] | None = None) -> Path: ...


def check_tokens(tokens: torch.Tensor, mask: torch.Tensor, codebook_size: int) -> None:
    """DataError unless tokens/mask are (B, N) and every real token lies in [0, codebook_size)."""
    if tokens.ndim != 2 or mask.shape != tokens.shape:
        raise DataError(
            f"tokens {tuple(tokens.shape)} and mask {tuple(mask.shape)} must both be (B, N)"
        )
    real = tokens[mask.bool()]
    if real.numel() and (int(real.min()) < 0 or int(real.max()) >= codebook_size):
        raise DataError(
            f"tokens out of range [0, {codebook_size}): min {int(real.min())}, max {int(real.max())}"
        )


def check_features(x: torch.Tensor, where: str = "input") -> None:
    """DataError unless x is (B, N, 3) constituent features."""
    if x.ndim != 3 or x.shape[-1] != 3:
        raise DataError(
            f"{where}: expected constituents of shape (B, N, 3) [pT, eta_rel, phi_rel], "
            f"got {tuple(x.shape)}"
        )


def load_tokenizer(path: str | Path, device: str | torch.device) -> Tokenizer:
    """Restore a tokenizer of any kind from its checkpoint (CheckpointError if it cannot)."""
    state = load_checkpoint(path)
    kind = state.get("kind")
    if kind == "vqvae":
        from omnijet.tokenizer.vqvae import VQVAETokenizer

        tok: Tokenizer = VQVAETokenizer.from_state(state, path)
    elif kind == "binned":
        from omnijet.tokenizer.binned import BinnedTokenizer

        tok = BinnedTokenizer.from_state(state, path)
    else:
        raise CheckpointError(f"{path} holds a {kind!r} checkpoint, not a tokenizer ({KINDS})")
    return tok.to(device)
