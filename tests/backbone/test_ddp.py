"""Data parallelism: 2 CPU processes (gloo) give the gradients and weights of one process."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn

from omnijet.backbone.model import GPT, GPTConfig
from omnijet.checkpoint_io import load_checkpoint
from omnijet.train.distributed import run_ranks
from omnijet.train.loop import TrainConfig
from omnijet.train.pretrain import SequenceData, make_loss_fn, pretrain
from tests.backbone.conftest import make_token_data

CFG = GPTConfig.preset("tiny", codebook_size=16)
TRAIN_CFG = TrainConfig(epochs=1, batch_size=16, lr=3e-3, patience=None, seed=0, device="auto", progress_bar=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _grads(model: nn.Module) -> dict[str, torch.Tensor]:
    return {n: p.grad.detach().clone() for n, p in model.named_parameters()}


def _worker(rank: int, world: int, port: int, out: str) -> None:
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    try:
        data = make_token_data(32, seed=5)
        torch.manual_seed(0)
        model = GPT(CFG)
        ddp = nn.parallel.DistributedDataParallel(model)
        # this rank's half of the combined batch: jets of different lengths on each rank
        loss, _ = make_loss_fn(CFG)(ddp, SequenceData(data, CFG)[torch.arange(rank, 32, world)])
        loss.backward()
        if rank == 0:
            torch.save(_grads(model), Path(out) / "ddp_grads.pt")
        pretrain(make_token_data(64, seed=6), make_token_data(16, seed=7), Path(out) / "ddp",
                 CFG, TRAIN_CFG)
    finally:
        dist.destroy_process_group()


def test_two_process_gloo_step_equals_one_process_on_the_combined_batch(tmp_path):
    mp.spawn(_worker, args=(2, _free_port(), str(tmp_path)), nprocs=2, join=True)
    data = make_token_data(32, seed=5)
    torch.manual_seed(0)
    model = GPT(CFG)
    seqs = SequenceData(data, CFG)
    n0 = (seqs[torch.arange(0, 32, 2)].seq[:, 1:] != CFG.pad).sum()
    n1 = (seqs[torch.arange(1, 32, 2)].seq[:, 1:] != CFG.pad).sum()
    assert n0 != n1  # unequal token counts: a plain per-rank mean would not match
    loss, _ = make_loss_fn(CFG)(model, seqs[torch.arange(32)])
    loss.backward()
    ddp = torch.load(tmp_path / "ddp_grads.pt")
    for name, g in _grads(model).items():
        torch.testing.assert_close(ddp[name], g, atol=1e-6, rtol=1e-4, msg=name)

    # one epoch through fit: 2 ranks x batch 16 == 1 process x batch 32
    single = TrainConfig(**{**TRAIN_CFG.to_dict(), "batch_size": 32})
    pretrain(make_token_data(64, seed=6), make_token_data(16, seed=7), tmp_path / "one", CFG, single)
    a = load_checkpoint(tmp_path / "ddp" / "last.pt", kind="gpt")
    b = load_checkpoint(tmp_path / "one" / "last.pt", kind="gpt")
    assert a["history"][0]["epoch"] == b["history"][0]["epoch"] == 0
    for name, w in b["model"].items():
        got = a["model"][name]
        if name.endswith("qkv.bias"):  # the key bias has zero gradient in exact arithmetic
            keep = torch.ones_like(w, dtype=torch.bool)  # (softmax ignores a shift of all
            keep[CFG.dim : 2 * CFG.dim] = False  # scores), so Adam only amplifies float noise
            got, w = got[keep], w[keep]
        torch.testing.assert_close(got, w, atol=1e-6, rtol=1e-4, msg=name)


def _pretrain_unequal(rank: int, world: int, out: str) -> None:
    cfg = TrainConfig(epochs=2, batch_size=128, lr=1e-3, patience=None, seed=0, device="auto", progress_bar=False)
    res = pretrain(make_token_data(257, seed=8), make_token_data(20, seed=9), Path(out) / "run",
                   CFG, cfg)
    torch.save(res.history, Path(out) / f"history.{rank}")


def test_unequal_shards_take_equal_steps_and_finish(tmp_path):
    """257 jets, batch 128, 2 ranks: 129 + 128 jets per epoch, so both take 2 steps (a rank
    stopping after 1 used to leave the other waiting in all-reduce forever)."""
    run_ranks(_pretrain_unequal, 2, (str(tmp_path),), timeout_s=90, start_method="fork")
    h0, h1 = torch.load(tmp_path / "history.0"), torch.load(tmp_path / "history.1")
    assert [r["epoch"] for r in h0] == [0, 1]
    for a, b in zip(h0, h1, strict=True):  # losses are all-reduced: the ranks agree
        assert a["train_loss"] == b["train_loss"] and a["val_loss"] == b["val_loss"]
    assert (tmp_path / "run" / "best.pt").exists()
