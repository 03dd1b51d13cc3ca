"""Fine-tuning under DDP: 2 gloo ranks on an odd number of jets finish in step."""

from __future__ import annotations

from pathlib import Path

import torch

from omnijet.backbone.model import GPT, GPTConfig
from omnijet.train.distributed import run_ranks
from omnijet.transfer.finetune import FinetuneConfig, finetune
from tests.transfer.conftest import K, make_tokens

STRATEGIES = ("finetune", "frozen-backbone")


def _finetune(rank: int, world: int, out: str) -> None:
    torch.manual_seed(0)
    gpt = GPT(GPTConfig.preset("tiny", codebook_size=K))
    cfg = FinetuneConfig(epochs=2, batch_size=128, patience=None, min_epoch_jets=0, device="cpu")
    for strategy in STRATEGIES:
        res = finetune(make_tokens(257, labels=(0, 1)), make_tokens(40, seed=1, labels=(0, 1)),
                       make_tokens(60, seed=2, labels=(0, 1)), strategy, Path(out) / strategy,
                       pretrained=gpt, cfg=cfg)
        torch.save(res, Path(out) / f"{strategy}.{rank}")


def test_two_ranks_unequal_shards_finish(tmp_path):
    run_ranks(_finetune, 2, (str(tmp_path),), timeout_s=90, start_method="fork")
    for strategy in STRATEGIES:
        a, b = torch.load(tmp_path / f"{strategy}.0"), torch.load(tmp_path / f"{strategy}.1")
        assert a["epochs_run"] == 2
        a.pop("train_seconds"), b.pop("train_seconds")
        assert a == b, strategy  # same weights on both ranks -> same test metrics
