"""One training loop for every model here: tokenizer, GPT pretraining, fine-tuning.

The caller supplies the model, two datasets and a `loss_fn(model, batch) -> (loss, metrics)`.
The loop owns what every run needs: AdamW, a one-cycle schedule, validation, early stopping,
the best checkpoint, resume after interruption (`last.pt` holds optimizer, schedule, RNG and
history), a progress bar plus structured progress events, and data parallelism when
`torch.distributed` is initialised (each rank takes a shard of every epoch's
permutation, padded as DistributedSampler does so every rank takes the same number of steps;
DDP averages the gradients; the same code runs as one CPU process).

A dataset is anything with `len()` and `__getitem__(LongTensor of indices) -> batch`; `JetBatch`
and `TokenDataset` both qualify. Batches are moved to the device by `to_device(batch, device)`.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
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


@dataclass(frozen=True, kw_only=True)
class TrainConfig:
    """The training loop's settings. The run settings (epochs, batch size, lr, patience, seed,
    device) have no default here: an operation's are its config's (`of`), and every other
    caller (the evaluation classifiers, tests, benchmarks) states them."""

    epochs: int
    batch_size: int
    lr: float
    weight_decay: float = 1e-2
    schedule: str = "onecycle"  # "onecycle" | "constant"
    warmup_frac: float = 0.1  # one-cycle: fraction of steps rising to lr
    patience: int | None  # early stopping on val loss; None = never stop early
    min_delta: float = 0.0
    grad_clip: float | None = 1.0
    max_steps_per_epoch: int | None = None
    seed: int
    device: str
    amp: bool = True  # bf16 autocast, on CUDA only
    progress_bar: bool = True

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def of(cls, op: Any, **loop: Any) -> TrainConfig:
        """The loop settings of an operation config (omnijet.config): its epochs, batch size,
        lr, patience, seed, device and step cap, where it has them; `loop` sets the rest."""
        names = ("epochs", "batch_size", "lr", "patience", "seed", "device", "max_steps_per_epoch")
        return cls(**{n: getattr(op, n) for n in names if hasattr(op, n)}, **loop)


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


@dataclass
class _State:
    """What resume restores and every epoch updates."""

    history: list[dict[str, float]] = field(default_factory=list)
    best_val: float = math.inf
    best_epoch: int = -1
    bad_epochs: int = 0
    start_epoch: int = 0


def epoch_indices(n: int, epoch: int, seed: int, rank: int = 0, world: int = 1) -> torch.Tensor:
    """This rank's sample indices of one epoch: a seeded permutation, dealt round-robin.

    Like `torch.utils.data.DistributedSampler`, the permutation is padded by wrapping around
    to a multiple of `world`, so every rank gets ceil(n / world) indices and hence takes the
    same number of steps (a rank that stops early leaves the others waiting in all-reduce).
    One process (world 1) sees each sample exactly once.
    """
    g = torch.Generator().manual_seed(seed * 100_003 + epoch)
    perm = torch.randperm(n, generator=g)
    pad = (-n) % world
    if pad:
        perm = torch.cat([perm, perm[:pad]])
    return perm[rank::world]


def _steps_per_epoch(n: int, cfg: TrainConfig, world: int) -> int:
    steps = max(1, math.ceil(math.ceil(n / world) / cfg.batch_size))
    return min(steps, cfg.max_steps_per_epoch) if cfg.max_steps_per_epoch else steps


def _place(model: nn.Module, cfg: TrainConfig, rank: int, world: int) -> tuple[torch.device, nn.Module]:
    """Move the model to its device; wrap it in DDP when several processes train."""
    device = pick_device(cfg.device)
    if world > 1 and device.type == "cuda":
        device = torch.device("cuda", rank % torch.cuda.device_count())
    model.to(device)
    if world == 1:
        return device, model
    ids = [device.index] if device.type == "cuda" else None
    return device, nn.parallel.DistributedDataParallel(model, device_ids=ids)


@dataclass
class _Run:
    """What every epoch of one fit uses."""

    model: nn.Module  # evaluated and checkpointed
    train_model: nn.Module  # trained: the model, or its DDP wrapper
    loss_fn: LossFn
    cfg: TrainConfig
    params: list[nn.Parameter] | list[dict[str, Any]]  # what AdamW was given
    opt: torch.optim.Optimizer
    sched: torch.optim.lr_scheduler.LambdaLR
    steps: int  # per epoch
    device: torch.device
    to_device: Callable
    desc: str
    out: Path
    extra: dict[str, Any]  # stored in both checkpoints


def _prepare_run(
    model: nn.Module, n_train: int, loss_fn: LossFn, cfg: TrainConfig, out: Path,
    params: list[nn.Parameter] | list[dict[str, Any]] | None, to_device: Callable, desc: str,
    extra: dict[str, Any],
) -> _Run:
    """Place the model; AdamW over params (default: all that require grad) and its schedule."""
    rank, world = _rank_world()
    device, train_model = _place(model, cfg, rank, world)
    params = params if params is not None else [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    steps = _steps_per_epoch(n_train, cfg, world)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, _lr_lambda(cfg, cfg.epochs * steps))
    return _Run(model, train_model, loss_fn, cfg, params, opt, sched, steps, device, to_device, desc, out,
                extra)


def _resume_or_start(run: _Run, resume: bool) -> _State:
    """The state in last.pt, restored into the model, optimizer, schedule and RNG; else a fresh one."""
    path = run.out / "last.pt"
    if not (resume and path.exists()):
        return _State()
    state = load_checkpoint(path)
    run.model.load_state_dict(state["model"])
    run.opt.load_state_dict(state["optimizer"])
    run.sched.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["torch_rng"])
    return _State(state["history"], state["best_val"], state["best_epoch"], state["bad_epochs"],
                  state["epoch"] + 1)


def _bar_enabled(cfg: TrainConfig, rank: int) -> bool:
    """A live bar only on a terminal: redirected logs (Slurm, nohup) get one line per epoch."""
    return cfg.progress_bar and rank == 0 and sys.stderr.isatty()


def _train_epoch(run: _Run, train: Dataset, epoch: int) -> float:
    """One pass over this rank's shard; returns the sample-weighted mean loss over all ranks."""
    cfg, device = run.cfg, run.device
    rank, world = _rank_world()
    run.train_model.train()
    idx = epoch_indices(len(train), epoch, cfg.seed, rank, world)
    bar = tqdm(total=run.steps, desc=f"{run.desc} {epoch + 1}/{cfg.epochs}", leave=False,
               disable=not _bar_enabled(cfg, rank), file=sys.stderr, dynamic_ncols=True)
    tot, n_seen = 0.0, 0
    for step in range(run.steps):
        b = idx[step * cfg.batch_size : (step + 1) * cfg.batch_size]
        assert len(b) > 0, "every rank has ceil(n / world) indices, so no step is empty"
        with autocast(device, cfg.amp):
            loss, _ = run.loss_fn(run.train_model, run.to_device(train[b], device))
        run.opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.grad_clip:
            grouped = [p for g in run.opt.param_groups for p in g["params"]]
            nn.utils.clip_grad_norm_(grouped, cfg.grad_clip)
        run.opt.step()
        run.sched.step()
        tot += loss.item() * len(b)
        n_seen += len(b)
        bar.update()
        bar.set_postfix(loss=f"{loss.item():.4f}")
    bar.close()
    if world > 1:
        t = torch.tensor([tot, n_seen], dtype=torch.float64, device=device)
        dist.all_reduce(t)
        tot, n_seen = float(t[0]), int(t[1])
    return tot / max(n_seen, 1)


def format_epoch(row: dict[str, Any], epochs: int, desc: str, improved: bool) -> str:
    """One log line per epoch: `pretrain epoch 3/10: train 1.2345 val 1.3001 (acc 0.41) lr 3.0e-04 12.5 s *`."""
    extra = " ".join(f"{k[4:]} {v:.4g}" for k, v in row.items()
                     if k.startswith("val_") and k != "val_loss" and isinstance(v, int | float))
    return (f"{desc} epoch {row['epoch'] + 1}/{epochs}: train {row['train_loss']:.4f} "
            f"val {row['val_loss']:.4f}" + (f" ({extra})" if extra else "")
            + f" lr {row['lr']:.2e} {row['elapsed_s']:.1f} s" + (" *" if improved else ""))


def fit(
    model: nn.Module,
    train: Dataset,
    val: Dataset,
    loss_fn: LossFn,
    cfg: TrainConfig,
    out_dir: str | Path,
    *,
    checkpoint_extra: dict[str, Any] | None = None,
    params: list[nn.Parameter] | list[dict[str, Any]] | None = None,
    to_device: Callable = default_to_device,
    progress: ProgressFn | None = None,
    resume: bool,
    desc: str = "train",
    monitor: str = "loss",
) -> FitResult:
    """Train with early stopping; write `best.pt`, `last.pt` and `history.json` to out_dir.

    `checkpoint_extra` (config, kind, data provenance) is stored in both checkpoints.
    `params` restricts what the optimizer updates (e.g. a frozen backbone), or gives AdamW
    parameter groups with their own "lr" (scaled by the schedule like the base rate); default:
    all that require grad. `monitor` names the validation metric (from `loss_fn`'s metrics, or
    "loss") whose minimum picks best.pt and drives early stopping; `FitResult.best_val_loss`
    is its best value. Returns that and the history. With
    `cfg.progress_bar`, rank 0 prints one line per epoch to stderr (`format_epoch`; `*` marks a new best) and, on a
    terminal only, a live bar within the epoch.
    """
    out = Path(out_dir)
    rank, world = _rank_world()
    run = _prepare_run(model, len(train), loss_fn, cfg, out, params, to_device, desc,
                       extra={"train_config": cfg.to_dict(), **(checkpoint_extra or {})})
    st = _resume_or_start(run, resume)
    # a resumed run's clock goes on from the time its finished epochs took, so elapsed_s and
    # wall_s count every segment (not the time lost in an epoch that was cut short)
    t0 = time.time() - (float(st.history[-1].get("elapsed_s", 0.0)) if st.history else 0.0)
    stopped_early = _patience_spent(st, cfg)
    for epoch in range(st.start_epoch, cfg.epochs):
        if stopped_early:
            break
        row = _train_and_validate(run, train, val, epoch, t0)
        improved = _record_epoch(st, row, cfg.min_delta, f"val_{monitor}")
        stopped_early = _patience_spent(st, cfg)
        if rank == 0:
            _save_epoch(run, st, epoch, improved)
            _report_epoch(run, row, improved, st.best_val, progress)
    if world > 1:
        dist.barrier()  # best.pt is on disk before any rank reads it
    return FitResult(
        best_val_loss=st.best_val, best_epoch=st.best_epoch, epochs_run=len(st.history),
        stopped_early=stopped_early, history=st.history, best_path=out / "best.pt",
        wall_s=time.time() - t0,
    )


def _train_and_validate(run: _Run, train: Dataset, val: Dataset, epoch: int, t0: float) -> dict[str, Any]:
    """One epoch's history row: train and validation loss (plus validation metrics), lr, time."""
    train_loss = _train_epoch(run, train, epoch)
    v = evaluate_loss(run.model, val, run.loss_fn, run.cfg.batch_size, run.device, run.to_device, run.cfg.amp)
    return {
        "epoch": epoch, "train_loss": train_loss, "lr": run.sched.get_last_lr()[0],
        "elapsed_s": time.time() - t0, **{f"val_{k}": x for k, x in v.items()},
    }


def _patience_spent(st: _State, cfg: TrainConfig) -> bool:
    return cfg.patience is not None and st.bad_epochs >= cfg.patience


def _record_epoch(st: _State, row: dict[str, Any], min_delta: float, key: str) -> bool:
    """Add the row to the history and update the best epoch (lowest `key`) and patience; whether it improved."""
    st.history.append(row)
    improved = row[key] < st.best_val - min_delta
    if improved:
        st.best_val, st.best_epoch, st.bad_epochs = row[key], row["epoch"], 0
    else:
        st.bad_epochs += 1
    return improved


def _save_epoch(run: _Run, st: _State, epoch: int, improved: bool) -> None:
    """best.pt when improved, last.pt (everything resume needs) and history.json, atomically."""
    if improved:
        save_checkpoint(run.out / "best.pt", run.model, {**run.extra, "epoch": epoch, "val_loss": st.best_val})
    save_checkpoint(run.out / "last.pt", run.model, {
        **run.extra, "optimizer": run.opt.state_dict(), "scheduler": run.sched.state_dict(),
        "history": st.history, "best_val": st.best_val, "best_epoch": st.best_epoch,
        "bad_epochs": st.bad_epochs, "epoch": epoch, "torch_rng": torch.get_rng_state(),
    })
    write_json(run.out / "history.json", st.history)


def _report_epoch(
    run: _Run, row: dict[str, Any], improved: bool, best_val: float, progress: ProgressFn | None,
) -> None:
    """The epoch's log line (with cfg.progress_bar) and its progress event."""
    if run.cfg.progress_bar:
        print(format_epoch(row, run.cfg.epochs, run.desc, improved), file=sys.stderr, flush=True)
    if progress:
        progress({"event": "epoch", "desc": run.desc, **row, "best_val_loss": best_val})
