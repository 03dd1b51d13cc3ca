"""One training loop for every model here: tokenizer, GPT pretraining, fine-tuning.

The caller supplies the model, two datasets and a `loss_fn(model, batch) -> (loss, metrics)`.
The loop owns what every run needs: AdamW, a one-cycle schedule, validation, early stopping,
the best checkpoint, resume after interruption (`last.pt` holds optimizer, schedule, RNG and
history), a progress bar plus structured progress events, and data parallelism when
`torch.distributed` is initialised (each rank takes a disjoint shard of every epoch's
permutation; DDP averages the gradients; the same code runs as one CPU process).

A dataset is anything with `len()` and `__getitem__(LongTensor of indices) -> batch`; `JetBatch`
and `TokenDataset` both qualify. Batches are moved to the device by `to_device(batch, device)`.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import torch
import torch.distributed as dist
from torch import nn
from tqdm.auto import tqdm

from omnijet.checkpoint_io import load_checkpoint, save_checkpoint
from omnijet.utils import autocast, pick_device, write_json


class Dataset(Protocol):
    def __len__(self) -> int: ...
    def __getitem__(self, idx: torch.Tensor) -> Any: ...


LossFn = Callable[[nn.Module, Any], tuple[torch.Tensor, dict[str, float]]]
ProgressFn = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 10
    batch_size: int = 512
    lr: float = 1e-3
    weight_decay: float = 1e-2
    schedule: str = "onecycle"  # "onecycle" | "constant"
    warmup_frac: float = 0.1  # one-cycle: fraction of steps rising to lr
    patience: int | None = 5  # early stopping on val loss; None = never stop early
    min_delta: float = 0.0
    grad_clip: float | None = 1.0
    max_steps_per_epoch: int | None = None
    seed: int = 0
    device: str = "auto"
    amp: bool = True  # bf16 autocast, on CUDA only
    progress_bar: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class FitResult:
    best_val_loss: float
    best_epoch: int
    epochs_run: int
    stopped_early: bool
    history: list[dict[str, float]]
    best_path: Path
    wall_s: float


def _rank_world() -> tuple[int, int]:
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def default_to_device(batch: Any, device: torch.device) -> Any:
    return batch.to(device) if hasattr(batch, "to") else batch


def _lr_lambda(cfg: TrainConfig, total_steps: int) -> Callable[[int], float]:
    if cfg.schedule == "constant":
        return lambda step: 1.0
    warm = max(1, int(cfg.warmup_frac * total_steps))

    def one_cycle(step: int) -> float:  # linear warm-up from lr/25, cosine down to lr/1e4
        if step < warm:
            return 0.04 + 0.96 * step / warm
        t = min(1.0, (step - warm) / max(1, total_steps - warm))
        return 1e-4 + (1 - 1e-4) * 0.5 * (1 + math.cos(math.pi * t))

    return one_cycle


@torch.no_grad()
def evaluate_loss(
    model: nn.Module, data: Dataset, loss_fn: LossFn, batch_size: int, device: torch.device,
    to_device: Callable = default_to_device, amp: bool = True,
) -> dict[str, float]:
    """Mean loss and metrics over a dataset, weighted by batch size (all-reduced under DDP)."""
    model.eval()
    rank, world = _rank_world()
    idx = torch.arange(len(data))[rank::world]
    sums: dict[str, float] = {}
    count = 0
    for i in range(0, len(idx), batch_size):
        b = idx[i : i + batch_size]
        with autocast(device, amp):
            loss, metrics = loss_fn(model, to_device(data[b], device))
        for k, v in {"loss": float(loss), **metrics}.items():
            sums[k] = sums.get(k, 0.0) + float(v) * len(b)
        count += len(b)
    if world > 1:
        keys = sorted(sums)
        t = torch.tensor([sums[k] for k in keys] + [count], dtype=torch.float64, device=device)
        dist.all_reduce(t)
        sums, count = dict(zip(keys, t[:-1].tolist(), strict=True)), int(t[-1])
    return {k: v / max(count, 1) for k, v in sums.items()}


def fit(
    model: nn.Module,
    train: Dataset,
    val: Dataset,
    loss_fn: LossFn,
    cfg: TrainConfig,
    out_dir: str | Path,
    *,
    checkpoint_extra: dict[str, Any] | None = None,
    params: list[nn.Parameter] | None = None,
    to_device: Callable = default_to_device,
    progress: ProgressFn | None = None,
    resume: bool = True,
    desc: str = "train",
) -> FitResult:
    """Train with early stopping; write `best.pt`, `last.pt` and `history.json` to out_dir.

    `checkpoint_extra` (config, kind, data provenance) is stored in both checkpoints.
    `params` restricts what the optimizer updates (e.g. a frozen backbone); default: all that
    require grad. Returns the best validation loss and the history.
    """
    out = Path(out_dir)
    rank, world = _rank_world()
    device = pick_device(cfg.device)
    if world > 1 and device.type == "cuda":
        device = torch.device("cuda", rank % torch.cuda.device_count())
    model.to(device)
    train_model: nn.Module = model
    if world > 1:
        ids = [device.index] if device.type == "cuda" else None
        train_model = nn.parallel.DistributedDataParallel(model, device_ids=ids)
    params = params if params is not None else [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    per_rank = math.ceil(len(train) / world)
    steps_per_epoch = max(1, math.ceil(per_rank / cfg.batch_size))
    if cfg.max_steps_per_epoch:
        steps_per_epoch = min(steps_per_epoch, cfg.max_steps_per_epoch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, _lr_lambda(cfg, cfg.epochs * steps_per_epoch))
    extra = {"train_config": cfg.to_dict(), **(checkpoint_extra or {})}

    history: list[dict[str, float]] = []
    best_val, best_epoch, bad_epochs, start_epoch = math.inf, -1, 0, 0
    last_path, best_path = out / "last.pt", out / "best.pt"
    if resume and last_path.exists():
        state = load_checkpoint(last_path)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        sched.load_state_dict(state["scheduler"])
        history, best_val, best_epoch = state["history"], state["best_val"], state["best_epoch"]
        bad_epochs, start_epoch = state["bad_epochs"], state["epoch"] + 1
        torch.set_rng_state(state["torch_rng"])
    t0 = time.time()
    stopped_early = bad_epochs >= (cfg.patience or math.inf)
    epoch = start_epoch - 1
    for epoch in range(start_epoch, cfg.epochs):
        if stopped_early:
            break
        train_model.train()
        g = torch.Generator().manual_seed(cfg.seed * 100_003 + epoch)
        perm = torch.randperm(len(train), generator=g)[rank::world]
        bar = tqdm(
            total=steps_per_epoch, desc=f"{desc} {epoch + 1}/{cfg.epochs}", leave=False,
            disable=not cfg.progress_bar or rank != 0, file=sys.stderr, dynamic_ncols=True,
        )
        tot, n_seen = 0.0, 0
        for step in range(steps_per_epoch):
            b = perm[step * cfg.batch_size : (step + 1) * cfg.batch_size]
            if len(b) == 0:
                break
            with autocast(device, cfg.amp):
                loss, _ = loss_fn(train_model, to_device(train[b], device))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if cfg.grad_clip:
                nn.utils.clip_grad_norm_(params, cfg.grad_clip)
            opt.step()
            sched.step()
            tot += loss.item() * len(b)
            n_seen += len(b)
            bar.update()
            bar.set_postfix(loss=f"{loss.item():.4f}")
        bar.close()
        v = evaluate_loss(model, val, loss_fn, cfg.batch_size, device, to_device, cfg.amp)
        row = {
            "epoch": epoch, "train_loss": tot / max(n_seen, 1), "lr": sched.get_last_lr()[0],
            "elapsed_s": time.time() - t0, **{f"val_{k}": x for k, x in v.items()},
        }
        history.append(row)
        improved = v["loss"] < best_val - cfg.min_delta
        if improved:
            best_val, best_epoch, bad_epochs = v["loss"], epoch, 0
        else:
            bad_epochs += 1
        stopped_early = cfg.patience is not None and bad_epochs >= cfg.patience
        if rank == 0:
            if improved:
                save_checkpoint(best_path, model, {**extra, "epoch": epoch, "val_loss": best_val})
            save_checkpoint(last_path, model, {
                **extra, "optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
                "history": history, "best_val": best_val, "best_epoch": best_epoch,
                "bad_epochs": bad_epochs, "epoch": epoch, "torch_rng": torch.get_rng_state(),
            })
            write_json(out / "history.json", history)
            if progress:
                progress({"event": "epoch", "desc": desc, **row, "best_val_loss": best_val})
    if world > 1:
        dist.barrier()
    return FitResult(
        best_val_loss=best_val, best_epoch=best_epoch, epochs_run=epoch + 1,
        stopped_early=stopped_early, history=history, best_path=best_path,
        wall_s=time.time() - t0,
    )

