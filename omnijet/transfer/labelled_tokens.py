"""Labelled token sets for tagging: class remapping, fixed val/test splits, balanced subsets.

Every check that can fail on user input runs here, before any training starts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from omnijet.errors import DataError
from omnijet.tokenizer.tokens import MappedTokenDataset, TokenDataset

Tokens = TokenDataset | MappedTokenDataset  # a labelled set in memory or mapped


def concat(parts: Sequence[TokenDataset]) -> TokenDataset:
    """Stack token sets of the same codebook (padding to the longest), keeping labels."""
    assert parts, "nothing to concatenate"
    ks = {p.codebook_size for p in parts}
    if len(ks) != 1:
        raise DataError(f"token sets come from different codebooks: sizes {sorted(ks)}")
    if len({p.has_features for p in parts}) != 1:
        raise DataError("some token sets hold constituent features and some do not")
    n = max(p.n_max for p in parts)
    pad = lambda t: torch.nn.functional.pad(t, (0, n - t.shape[1]))  # noqa: E731
    feats = None if parts[0].features is None else torch.cat(
        [torch.nn.functional.pad(p.features, (0, 0, 0, n - p.n_max)) for p in parts])
    return TokenDataset(
        torch.cat([pad(p.tokens) for p in parts]), torch.cat([pad(p.mask) for p in parts]),
        torch.cat([p.label for p in parts]), ks.pop(), {"parts": [p.meta for p in parts]}, feats,
    )


def remap_labels(ds: Tokens, name: str = "labelled data") -> tuple[Tokens, list[int]]:
    """Original labels (e.g. JetClass 0 and 8) -> 0..C-1 in sorted order; needs >= 2 classes.
    A mapped set stays mapped (a relabelled view)."""
    classes = sorted(ds.label_counts())
    if len(classes) < 2:
        raise DataError(f"{name}: need at least two classes to train a tagger, found {classes}")
    lut = torch.full((max(classes) + 1,), -1, dtype=torch.long)
    lut[torch.tensor(classes)] = torch.arange(len(classes))
    if isinstance(ds, MappedTokenDataset):
        return ds.relabel(lut.numpy()), classes
    return ds.with_labels(lut[ds.label]), classes


def _per_class_perm(label: torch.Tensor, n_classes: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    lab = label.cpu().numpy()
    return [rng.permutation(np.flatnonzero(lab == c)) for c in range(n_classes)]


def per_class_counts(n: int, n_classes: int) -> list[int]:
    """n jets split as evenly as possible over the classes (the first classes get the rest)."""
    return [n // n_classes + (c < n % n_classes) for c in range(n_classes)]


def split_fixed(
    ds: Tokens, n_val: int, n_test: int, max_train: int, seed: int = 0
) -> tuple[Tokens, TokenDataset, TokenDataset]:
    """Balanced, disjoint val and test sets fixed by `seed`; the rest is the training pool
    (an index view when `ds` is mapped: the subsets drawn from it are read, not the pool).

    DataError (before any training) unless every class has enough jets for its share of the
    val set, the test set and the largest requested training set `max_train`.
    """
    n_classes = int(ds.label.max()) + 1
    perms = _per_class_perm(ds.label, n_classes, seed)
    need = [
        v + t + m for v, t, m in zip(
            per_class_counts(n_val, n_classes), per_class_counts(n_test, n_classes),
            per_class_counts(max_train, n_classes), strict=True,
        )
    ]
    short = {c: (len(p), k) for c, (p, k) in enumerate(zip(perms, need, strict=True)) if len(p) < k}
    if short:
        detail = ", ".join(f"class {c}: {have} < {k}" for c, (have, k) in short.items())
        raise DataError(
            f"too few labelled jets for val={n_val}, test={n_test} and a balanced training set "
            f"of {max_train}: {detail}"
        )
    val_idx, test_idx, pool_idx = [], [], []
    for c, p in enumerate(perms):
        v, t = per_class_counts(n_val, n_classes)[c], per_class_counts(n_test, n_classes)[c]
        val_idx.append(p[:v])
        test_idx.append(p[v : v + t])
        pool_idx.append(p[v + t :])
    cat = lambda xs: np.sort(np.concatenate(xs))  # noqa: E731
    return ds.view(cat(pool_idx)), ds[cat(val_idx)], ds[cat(test_idx)]


def balanced_subset(pool: Tokens, n: int, seed: int) -> TokenDataset:
    """n jets, equal shares per class. For one seed, smaller sizes are subsets of larger ones."""
    n_classes = int(pool.label.max()) + 1
    perms = _per_class_perm(pool.label, n_classes, 10_000 + seed)
    take = per_class_counts(n, n_classes)
    for c, (p, k) in enumerate(zip(perms, take, strict=True)):
        if len(p) < k:
            raise DataError(f"training pool has {len(p)} jets of class {c}, need {k} for n={n}")
    idx = np.concatenate([p[:k] for p, k in zip(perms, take, strict=True)])
    return pool[np.random.default_rng(seed).permutation(idx)]


class Resampled:
    """A dataset seen as at least `length` samples (indices wrap): short sets get real epochs."""

    def __init__(self, ds: TokenDataset, length: int):
        self.ds, self.length = ds, max(length, len(ds))

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, idx: torch.Tensor) -> TokenDataset:
        return self.ds[torch.as_tensor(idx) % len(self.ds)]
