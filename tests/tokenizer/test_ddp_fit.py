"""Tokenizer training under DDP: 2 gloo ranks on an odd number of jets finish in step."""

from __future__ import annotations

from pathlib import Path

import torch

from omnijet.checkpoint_io import load_checkpoint
from omnijet.tokenizer.vqvae import VQVAEConfig
from omnijet.train.distributed import run_ranks
from omnijet.train.loop import TrainConfig
from omnijet.train.tokenizer import train_tokenizer
from tests.conftest import make_toy_batch


def _train(rank: int, world: int, out: str) -> None:
    cfg = TrainConfig(epochs=2, batch_size=128, lr=1e-3, patience=None, seed=0, device="auto", progress_bar=False)
    res = train_tokenizer(make_toy_batch(257, seed=1), make_toy_batch(40, seed=2), Path(out) / "tok",
                          VQVAEConfig.preset("tiny"), cfg)
    torch.save({"history": load_checkpoint(Path(out) / "tok" / "last.pt")["history"],
                "val_mse": res.metrics["val"]["mse"]}, Path(out) / f"rank.{rank}")


def test_two_ranks_unequal_shards_finish(tmp_path):
    run_ranks(_train, 2, (str(tmp_path),), timeout_s=90, start_method="fork")
    a, b = torch.load(tmp_path / "rank.0"), torch.load(tmp_path / "rank.1")
    assert [r["epoch"] for r in a["history"]] == [0, 1]
    assert a == b  # one codebook, one model: both ranks measure the same best checkpoint
