"""Two CPU processes (gloo): dead-code replacement and k-means keep the ranks' codebooks equal."""

import os

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn

from omnijet.tokenizer.vqvae import VQVAE, VQVAEConfig, vqvae_loss
from tests.conftest import make_toy_batch


def _worker(rank: int, world: int, init_file: str, out: str) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world)
    try:
        torch.manual_seed(rank)  # different weights and data per rank on purpose
        model = VQVAE(VQVAEConfig.preset("tiny", dead_after=2))
        ddp = nn.parallel.DistributedDataParallel(model)  # broadcasts rank 0's weights
        opt = torch.optim.AdamW(ddp.parameters(), lr=1e-2)
        for step in range(6):  # lazy k-means on the first batch, then replacements
            batch = make_toy_batch(16, seed=100 * rank + step)
            loss, _ = vqvae_loss(ddp, batch, 10.0)
            opt.zero_grad()
            loss.backward()
            opt.step()
        torch.save({k: v.clone() for k, v in model.state_dict().items()}, f"{out}.{rank}")
    finally:
        dist.destroy_process_group()


def test_ranks_keep_identical_codebooks(tmp_path):
    out = str(tmp_path / "state")
    mp.spawn(_worker, args=(2, str(tmp_path / "init"), out), nprocs=2, join=True)
    a, b = torch.load(f"{out}.0"), torch.load(f"{out}.1")
    assert int(a["vq.step"]) == 6 and bool(a["vq.initialized"])
    for k in a:
        assert torch.equal(a[k], b[k]), k
