"""The one batch type every reader, generator and model speaks.

A `JetBatch` holds B jets of up to N constituents, padded:

    part  (B, N, 3) float32: constituent pT [GeV], eta_rel = eta - eta_jet, phi_rel (wrapped)
    mask  (B, N)    bool:    True for real constituents; real ones come first, pT-ordered
    label (B,)      int64:   index into `JetClass` (or 0/1 background/signal for LHC Olympics)
    jet   dict of (B,) float64 numpy arrays with JetClass names (jet_pt, jet_eta, jet_phi,
          jet_energy, jet_nparticles, jet_sdmass, jet_tau1..4, ...) plus event-level fields
          when the jets come from events (event_index, mjj, ...).

Relative coordinates lose nothing the physics needs: mass, pT, N-subjettiness and soft-drop
mass are invariant under longitudinal boosts and azimuthal rotations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
import torch

MAX_CONSTITUENTS = 128


class JetClass(IntEnum):
    """The ten JetClass classes, in the order of its one-hot `label_*` branches."""

    QCD = 0
    Hbb = 1
    Hcc = 2
    Hgg = 3
    H4q = 4
    Hqql = 5
    Zqq = 6
    Wqq = 7
    Tbqq = 8
    Tbl = 9

    @property
    def branch(self) -> str:
        return f"label_{self.name}"


LABEL_BRANCHES = tuple(c.branch for c in JetClass)

Index = slice | Sequence[int] | np.ndarray | torch.Tensor


def as_index(idx: Index) -> slice | np.ndarray:
    """A slice stays a slice; indices or a boolean mask become int64 positions (numpy)."""
    if isinstance(idx, slice):
        return idx
    arr = np.asarray(idx.cpu() if isinstance(idx, torch.Tensor) else idx)
    return np.flatnonzero(arr) if arr.dtype == bool else arr.astype(np.int64, copy=False)


@dataclass
class JetBatch:
    part: torch.Tensor  # (B, N, 3) pT [GeV], eta_rel, phi_rel
    mask: torch.Tensor  # (B, N) bool
    label: torch.Tensor  # (B,) int64
    jet: dict[str, np.ndarray] = field(default_factory=dict)  # (B,) arrays

    def __post_init__(self) -> None:
        assert self.part.ndim == 3 and self.part.shape[-1] == 3, self.part.shape
        assert self.mask.shape == self.part.shape[:2], (self.mask.shape, self.part.shape)
        assert self.label.shape == (self.part.shape[0],), self.label.shape
        for k, v in self.jet.items():
            assert len(v) == len(self), (k, len(v), len(self))

    def __len__(self) -> int:
        return self.part.shape[0]

    @property
    def n_max(self) -> int:
        return self.part.shape[1]

    @property
    def multiplicity(self) -> torch.Tensor:  # (B,)
        return self.mask.sum(dim=1)

    def __getitem__(self, idx: Index) -> JetBatch:
        idx = as_index(idx)
        t_idx = idx if isinstance(idx, slice) else torch.from_numpy(idx)
        return JetBatch(
            part=self.part[t_idx],
            mask=self.mask[t_idx],
            label=self.label[t_idx],
            jet={k: v[idx] for k, v in self.jet.items()},
        )

    def to(self, device: torch.device | str) -> JetBatch:
        return JetBatch(self.part.to(device), self.mask.to(device), self.label.to(device), self.jet)

    def truncate(self, n: int) -> JetBatch:
        """Keep at most the n leading constituents (and trim padding beyond the longest jet)."""
        n = min(n, int(self.multiplicity.max()) if len(self) else 0) or 1
        return JetBatch(self.part[:, :n], self.mask[:, :n], self.label, self.jet)

    def numpy(self) -> dict[str, np.ndarray]:
        """pt, eta_rel, phi_rel as (B, N) numpy arrays with zeros where padded, and the mask."""
        p = self.part.detach().cpu().numpy().astype(np.float64)
        m = self.mask.detach().cpu().numpy()
        p = np.where(m[..., None], p, 0.0)
        return {"pt": p[..., 0], "eta": p[..., 1], "phi": p[..., 2], "mask": m}

    @staticmethod
    def concat(batches: Sequence[JetBatch]) -> JetBatch:
        assert batches, "nothing to concatenate"
        n = max(b.n_max for b in batches)
        parts, masks = [], []
        for b in batches:
            pad = n - b.n_max
            parts.append(torch.nn.functional.pad(b.part, (0, 0, 0, pad)))
            masks.append(torch.nn.functional.pad(b.mask, (0, pad)))
        keys = set.intersection(*(set(b.jet) for b in batches))
        return JetBatch(
            part=torch.cat(parts),
            mask=torch.cat(masks),
            label=torch.cat([b.label for b in batches]),
            jet={k: np.concatenate([b.jet[k] for b in batches]) for k in sorted(keys)},
        )

    @staticmethod
    def from_numpy(
        pt: np.ndarray, deta: np.ndarray, dphi: np.ndarray, mask: np.ndarray,
        label: np.ndarray, jet: dict[str, np.ndarray] | None = None,
    ) -> JetBatch:
        part = np.stack([pt, deta, dphi], axis=-1).astype(np.float32)
        part = np.where(mask[..., None], part, 0.0).astype(np.float32)
        return JetBatch(
            part=torch.from_numpy(part),
            mask=torch.from_numpy(np.asarray(mask, dtype=bool)),
            label=torch.from_numpy(np.asarray(label, dtype=np.int64)),
            jet=dict(jet or {}),
        )

    def shuffled(self, seed: int) -> JetBatch:
        return self[np.random.default_rng(seed).permutation(len(self))]

    def split(self, fractions: Sequence[float], seed: int) -> list[JetBatch]:
        """Shuffle, then split into consecutive parts with the given fractions (sum <= 1)."""
        assert sum(fractions) <= 1 + 1e-9, fractions
        perm = np.random.default_rng(seed).permutation(len(self))
        bounds = np.cumsum([0, *[round(f * len(self)) for f in fractions]])
        return [self[perm[a:b]] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
