"""The binned baseline: a regular grid on the three scaled features.

Each scaled feature (log pT - 1.8, 3 eta_rel, 3 phi_rel) is cut into `bins` equal cells
between a low and high edge fitted on training data (values outside are clamped into the
edge cells). token = ((i_pt * bins) + i_eta) * bins + i_phi; decoding gives the cell centre.
21 bins per feature gives 9261 tokens, the paper's baseline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from omnijet.checkpoint_io import save_checkpoint
from omnijet.data.batch import JetBatch
from omnijet.data.preprocess import scaled_features, unscale
from omnijet.errors import CheckpointError, ConfigError, DataError
from omnijet.tokenizer.base import check_features, check_tokens


class BinnedTokenizer(nn.Module):
    kind = "binned"

    def __init__(self, bins: int, lo: torch.Tensor, hi: torch.Tensor):
        super().__init__()
        if bins < 1:
            raise ConfigError(f"binned tokenizer needs bins >= 1, got {bins}")
        lo, hi = torch.as_tensor(lo, dtype=torch.float32), torch.as_tensor(hi, dtype=torch.float32)
        if lo.shape != (3,) or hi.shape != (3,) or not bool((hi > lo).all()):
            raise ConfigError(f"binned tokenizer edges must be 3 values with hi > lo, got {lo} {hi}")
        self.bins = bins
        self.register_buffer("lo", lo)  # (3,) lower edge per scaled feature
        self.register_buffer("hi", hi)  # (3,) upper edge

    @property
    def codebook_size(self) -> int:
        return self.bins**3

    @staticmethod
    def fit(batch: JetBatch, bins: int, quantile: float = 1e-3) -> BinnedTokenizer:
        """Edges at the (q, 1-q) quantiles of the real constituents' scaled features."""
        if not bool(batch.mask.any()):
            raise DataError("cannot fit a binned tokenizer on jets without constituents")
        x = scaled_features(batch)[batch.mask].float()  # (M, 3)
        if x.shape[0] > 1_000_000:  # quantile() has a size limit; a sample is plenty
            x = x[torch.randperm(x.shape[0], generator=torch.Generator().manual_seed(0))[:1_000_000]]
        q = torch.tensor([quantile, 1 - quantile])
        lo, hi = torch.quantile(x, q, dim=0)  # (3,), (3,)
        hi = torch.maximum(hi, lo + 1e-3)
        return BinnedTokenizer(bins, lo, hi)

    def cell_width(self) -> torch.Tensor:  # (3,)
        return (self.hi - self.lo) / self.bins

    def tokens_of(self, x: torch.Tensor) -> torch.Tensor:
        """(..., 3) scaled features -> (...,) int64 cell index."""
        i = ((x.float() - self.lo) / self.cell_width()).floor().long().clamp(0, self.bins - 1)
        return (i[..., 0] * self.bins + i[..., 1]) * self.bins + i[..., 2]

    def centres(self, tokens: torch.Tensor) -> torch.Tensor:
        """(...,) cell index -> (..., 3) scaled features of the cell centre."""
        b = self.bins
        i = torch.stack([tokens // (b * b), (tokens // b) % b, tokens % b], dim=-1)
        return self.lo + (i.float() + 0.5) * self.cell_width()

    @torch.no_grad()
    def encode(self, batch: JetBatch) -> tuple[torch.Tensor, torch.Tensor]:
        check_features(batch.part, "encode")
        b = batch.to(self.lo.device)
        tokens = self.tokens_of(scaled_features(b)).masked_fill(~b.mask, 0)
        return tokens.cpu(), batch.mask.cpu().clone()

    @torch.no_grad()
    def decode(self, tokens: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        check_tokens(tokens, mask, self.codebook_size)
        t, m = tokens.to(self.lo.device), mask.bool().to(self.lo.device)
        part = unscale(self.centres(t.clamp(0, self.codebook_size - 1))) * m[..., None]
        return part.cpu()

    def save(self, path: str | Path, extra: dict[str, Any] | None = None) -> Path:
        config = {"bins": self.bins}
        return save_checkpoint(path, self, {"kind": self.kind, "config": config, **(extra or {})})

    @staticmethod
    def from_state(state: dict[str, Any], path: str | Path = "<checkpoint>") -> BinnedTokenizer:
        try:
            bins = int(state["config"]["bins"])
            w = state["model"]
            tok = BinnedTokenizer(bins, w["lo"], w["hi"])
        except (KeyError, TypeError, ValueError, ConfigError) as e:
            raise CheckpointError(f"{path}: not a valid binned tokenizer checkpoint ({e})") from None
        return tok
