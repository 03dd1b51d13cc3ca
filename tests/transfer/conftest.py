"""Tiny token sets and GPT checkpoints for the transfer tests (made here, in seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from omnijet.backbone.model import GPT, GPTConfig
from omnijet.checkpoint_io import save_checkpoint
from omnijet.tokenizer.tokens import TokenDataset
from omnijet.transfer.finetune import FinetuneConfig

K = 16  # codebook size of the toy tokens


def make_tokens(n: int = 200, n_max: int = 12, seed: int = 0, labels=(0, 8), k: int = K) -> TokenDataset:
    """Class c draws its codes mostly from its own half of the codebook; lengths 3..n_max."""
    g = torch.Generator().manual_seed(seed)
    label = torch.tensor(labels)[torch.randint(0, len(labels), (n,), generator=g)]
    cls = (label == labels[-1]).long()
    base = torch.randint(0, k // 2, (n, n_max), generator=g) + (k // 2) * cls[:, None]
    noise = torch.randint(0, k, (n, n_max), generator=g)
    tokens = torch.where(torch.rand(n, n_max, generator=g) < 0.7, base, noise)
    length = torch.randint(3, n_max + 1, (n,), generator=g)
    mask = torch.arange(n_max)[None, :] < length[:, None]
    return TokenDataset(tokens, mask, label, k, {"source": "toy"})


def save_gpt(path: Path, k: int = K, seed: int = 0) -> Path:
    torch.manual_seed(seed)
    cfg = GPTConfig.preset("tiny", codebook_size=k)
    model = GPT(cfg)
    return save_checkpoint(path, model, {"kind": "gpt", "config": cfg.to_dict()})


FAST = FinetuneConfig(epochs=2, batch_size=32, patience=2, min_epoch_jets=64, device="cpu")


@pytest.fixture
def tokens() -> TokenDataset:
    return make_tokens()


@pytest.fixture
def gpt_path(tmp_path) -> Path:
    return save_gpt(tmp_path / "gpt.pt")
