"""Tokenized jets: what the GPT backbone reads.

    tokens (B, N) int64: code index per constituent, 0 .. codebook_size-1 (0 where padded)
    mask   (B, N) bool:  True for real constituents (they come first, pT-ordered)
    label  (B,)   int64: jet class (JetClass index, or 0/1 for LHC Olympics)

Saved as one `.pt` file (torch.save of a plain dict of tensors + JSON-able meta with
provenance), so a token file can be inspected without this class.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from omnijet.data.batch import Index, as_index
from omnijet.errors import DataError
from omnijet.utils import json_default, load_torch_file, provenance, save_torch_file

FORMAT = "omnijet-tokens-v1"


@dataclass
class TokenDataset:
    tokens: torch.Tensor  # (B, N) int64
    mask: torch.Tensor  # (B, N) bool
    label: torch.Tensor  # (B,) int64
    codebook_size: int
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.tokens = torch.as_tensor(self.tokens).long()
        self.mask = torch.as_tensor(self.mask).bool()
        self.label = torch.as_tensor(self.label).long()
        if self.tokens.ndim != 2 or self.mask.shape != self.tokens.shape:
            raise DataError(
                f"tokens {tuple(self.tokens.shape)} and mask {tuple(self.mask.shape)} must both be (B, N)"
            )
        if self.label.shape != (self.tokens.shape[0],):
            raise DataError(f"label {tuple(self.label.shape)} must be ({self.tokens.shape[0]},)")
        if self.codebook_size < 1:
            raise DataError(f"codebook_size must be >= 1, got {self.codebook_size}")
        real = self.tokens[self.mask]
        if real.numel() and (int(real.min()) < 0 or int(real.max()) >= self.codebook_size):
            raise DataError(
                f"tokens out of range [0, {self.codebook_size}): min {int(real.min())}, "
                f"max {int(real.max())}"
            )
        self.tokens = self.tokens.masked_fill(~self.mask, 0)

    def __len__(self) -> int:
        return self.tokens.shape[0]

    @property
    def n_max(self) -> int:
        return self.tokens.shape[1]

    @property
    def multiplicity(self) -> torch.Tensor:  # (B,)
        return self.mask.sum(1)

    def __getitem__(self, idx: Index) -> TokenDataset:
        idx = as_index(idx)
        if not isinstance(idx, slice):
            idx = torch.from_numpy(idx).to(self.tokens.device)
        return TokenDataset(self.tokens[idx], self.mask[idx], self.label[idx],
                            self.codebook_size, self.meta)

    def to(self, device: torch.device | str) -> TokenDataset:
        return TokenDataset(self.tokens.to(device), self.mask.to(device), self.label.to(device),
                            self.codebook_size, self.meta)

    def split(self, fractions: Sequence[float], seed: int = 0) -> list[TokenDataset]:
        """Shuffle, then split into consecutive parts with the given fractions (sum <= 1)."""
        assert sum(fractions) <= 1 + 1e-9, fractions
        perm = np.random.default_rng(seed).permutation(len(self))
        bounds = np.cumsum([0, *[round(f * len(self)) for f in fractions]])
        return [self[perm[a:b]] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        payload = {
            "format": FORMAT,
            "tokens": self.tokens.cpu(),
            "mask": self.mask.cpu(),
            "label": self.label.cpu(),
            "codebook_size": int(self.codebook_size),
            "meta": _plain({**self.meta, "provenance": self.meta.get("provenance") or provenance()}),
        }
        save_torch_file(payload, path)
        return path

    @staticmethod
    def load(path: str | Path) -> TokenDataset:
        d = load_torch_file(path, DataError, "token file")
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise DataError(f"{path} is not an omnijet token file (format {FORMAT!r} expected)")
        try:
            return TokenDataset(d["tokens"], d["mask"], d["label"], d["codebook_size"], d["meta"])
        except DataError as e:
            raise DataError(f"{path}: {e}") from None


def _plain(meta: dict[str, Any]) -> dict[str, Any]:
    """JSON-able python types only, so the file loads with torch.load(weights_only=True)."""
    return json.loads(json.dumps(meta, default=json_default))
