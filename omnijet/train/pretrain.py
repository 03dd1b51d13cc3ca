"""Generative pretraining of the GPT backbone on token files (next-token prediction).

The hybrid choices (continuous inputs; masked-particle and joint objectives) are the
GPTConfig's `input_mode` and `objective`: omnijet/backbone/hybrid.py, omnijet/train/objectives.py.

One code path for one CPU process, one GPU, and many GPUs or nodes: run this module under
`torchrun` and it initialises the process group (nccl on CUDA, gloo on CPU); `fit` shards
every epoch and wraps the model in DDP. The command is the root app's (this module imports no
command line):

    torchrun --nproc_per_node 4 $(which omnijet-agent) pretrain --tokens train.pt \
        --val-tokens val.pt --preset small --out runs/gpt --epochs 10

Padded positions are excluded from the loss. Under DDP the loss of each rank is normalised
by the number of target tokens on *all* ranks (times the world size, which DDP's gradient
average divides out again), so a data-parallel step equals one step on the combined batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn

from omnijet.backbone.hybrid import require_features
from omnijet.backbone.model import GPT, GPTConfig, feature_sequences, to_sequences
from omnijet.config import PretrainConfig
from omnijet.errors import ConfigError, DataError
from omnijet.tokenizer.tokens import MappedTokenDataset, TokenDataset, load_tokens
from omnijet.train.loop import FitResult, ProgressFn, TrainConfig, fit
from omnijet.train.objectives import make_objective_loss
from omnijet.utils import write_json


@dataclass
class SeqBatch:
    seq: torch.Tensor  # (B, n + 2): [START, codes, STOP, PAD..], n = longest jet of the batch
    feats: torch.Tensor | None = None  # (B, n + 2, 3): the constituents' features (input_mode "features")

    def to(self, device: torch.device | str) -> SeqBatch:
        return SeqBatch(self.seq.to(device, non_blocking=True),
                        None if self.feats is None else self.feats.to(device, non_blocking=True))


class SequenceData:
    """A token set seen as GPT training sequences, each batch trimmed to its longest jet.

    The set may be in memory (TokenDataset) or mapped (MappedTokenDataset): a batch is
    gathered by `data[idx]`, so a mapped file is never read whole."""

    def __init__(self, data: TokenDataset | MappedTokenDataset, cfg: GPTConfig):
        self.data, self.cfg = data, cfg

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, idx: torch.Tensor) -> SeqBatch:
        b = self.data[idx]
        n = max(int(b.mask.sum(1).max()), 1) if len(b) else 1
        feats = b.features[:, :n] if self.cfg.input_mode == "features" and b.features is not None else None
        return SeqBatch(to_sequences(b.tokens[:, :n], b.mask[:, :n], self.cfg),
                        feature_sequences(feats, b.tokens[:, :n]))


def _global_targets(n_local: torch.Tensor) -> torch.Tensor:
    """Target tokens summed over all ranks (a collective: every rank must call it)."""
    n = n_local.detach().clone().float()
    dist.all_reduce(n)
    return n


def make_loss_fn(cfg: GPTConfig, mask_padding: bool = True):
    """loss_fn(model, SeqBatch) -> (mean next-token cross-entropy, {"acc": top-1 accuracy})."""

    def loss_fn(model: nn.Module, batch: SeqBatch) -> tuple[torch.Tensor, dict[str, float]]:
        seq = batch.seq
        logits, _ = model(seq[:, :-1], feats=None if batch.feats is None else batch.feats[:, :-1])  # (B, T-1, vocab)
        target = seq[:, 1:]  # (B, T-1)
        valid = target != cfg.pad if mask_padding else torch.ones_like(target, dtype=torch.bool)
        nll = F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), target.reshape(-1),
                              reduction="none")  # (B * (T-1),); flat is ~4x faster on CPU
        total = (nll * valid.reshape(-1)).sum()
        n_local = valid.sum()
        if isinstance(model, nn.parallel.DistributedDataParallel) and torch.is_grad_enabled():
            # DDP averages gradients over ranks: dividing by the global count / world makes
            # the averaged gradient that of the combined batch's token-mean loss
            loss = total * dist.get_world_size() / _global_targets(n_local).clamp_min(1)
        else:
            loss = total / n_local.clamp_min(1)
        acc = ((logits.argmax(-1) == target) & valid).sum() / n_local.clamp_min(1)
        return loss, {"acc": float(acc)}

    return loss_fn


def with_code_means(loss_fn, fraction: float):
    """loss_fn whose training batches give `fraction` of the jets (drawn per batch) their codes'
    mean features (the model's table) instead of their own: generation feeds back only the sampled
    codes' means, so a GPT trained on its jets' own features alone meets inputs it never saw (it
    then ran on past the jets' length). Validation keeps the jets' own features."""

    def fn(model: nn.Module, batch: SeqBatch) -> tuple[torch.Tensor, dict[str, float]]:
        if batch.feats is None or not torch.is_grad_enabled():
            return loss_fn(model, batch)
        embed = (model.module if isinstance(model, nn.parallel.DistributedDataParallel) else model).backbone.embed
        seq = batch.seq
        means = embed.code_means(seq) * (seq < embed.k)[..., None]  # zeros at START, STOP, PAD
        pick = torch.rand(seq.shape[0], device=seq.device) < fraction  # (B,)
        return loss_fn(model, SeqBatch(seq, torch.where(pick[:, None, None], means.to(batch.feats.dtype), batch.feats)))

    return fn


def _data_summary(data: TokenDataset | MappedTokenDataset, path: str | Path | None
                  ) -> dict[str, Any]:
    return {
        "path": None if path is None else str(path),
        "n_jets": len(data),
        "n_tokens": data.n_tokens(),
        "codebook_size": data.codebook_size,
        "meta": {k: v for k, v in data.meta.items() if k != "provenance"},
        "source_provenance": data.meta.get("provenance"),
    }


def pretrain(
    train: TokenDataset | MappedTokenDataset, val: TokenDataset | MappedTokenDataset, out_dir: str | Path, cfg: GPTConfig,
    train_cfg: TrainConfig, *, tokenizer_path: str | Path | None = None,
    train_path: str | Path | None = None, val_path: str | Path | None = None,
    mask_padding: bool = True, progress: ProgressFn | None = None, resume: bool = True,
    mask_fraction: float = PretrainConfig.model_fields["mask_fraction"].default,
    mpm_weight: float = PretrainConfig.model_fields["mpm_weight"].default,
    code_mean_fraction: float | None = None,
) -> FitResult:
    """Train a GPT on token sequences; writes best.pt / last.pt (kind "gpt"), history.json.

    cfg.input_mode "continuous" reads the tokenizer at `tokenizer_path` for the code features,
    "features" the constituents' features in the token sets (and their mean per code);
    cfg.objective "masked" / "joint" use `mask_fraction` and `mpm_weight` (objectives.py);
    `code_mean_fraction` of the training jets of a features model see their codes' mean features
    (None or 0: every jet its own)."""
    for name, d in (("training", train), ("validation", val)):
        if d.codebook_size != cfg.codebook_size:
            raise DataError(f"{name} tokens ({train_path if d is train else val_path}) use a "
                            f"codebook of {d.codebook_size}, the GPT config {cfg.codebook_size}")
        if d.n_max > cfg.max_len - 2:
            raise DataError(f"{name} jets have up to {d.n_max} constituents; the GPT takes "
                            f"{cfg.max_len - 2}")
        if len(d) == 0:
            raise DataError(f"{name} token set is empty")
        require_features(cfg, d, f"{name} tokens ({train_path if d is train else val_path})")
    torch.manual_seed(train_cfg.seed)
    model = GPT(cfg)
    hybrid = _hybrid_setup(model, train, tokenizer_path, mask_fraction, mpm_weight)
    if cfg.input_mode == "features" and code_mean_fraction:
        hybrid["code_mean_fraction"] = code_mean_fraction
    label_counts = train.label_counts()
    extra = {
        "kind": "gpt",
        "config": cfg.to_dict(),
        "n_params": model.n_params(),
        "mask_padding": mask_padding,
        "tokenizer": None if tokenizer_path is None else str(tokenizer_path),
        "data": {
            "train": _data_summary(train, train_path), "val": _data_summary(val, val_path),
            "label_counts": {int(k): v for k, v in sorted(label_counts.items())},
        },
        **hybrid,
    }
    loss_fn = make_objective_loss(cfg, make_loss_fn(cfg, mask_padding), mask_fraction, mpm_weight)
    if cfg.input_mode == "features" and code_mean_fraction:
        loss_fn = with_code_means(loss_fn, code_mean_fraction)
    res = fit(model, SequenceData(train, cfg), SequenceData(val, cfg),
              loss_fn, train_cfg, out_dir, checkpoint_extra=extra,
              progress=progress, resume=resume, desc="pretrain")
    rank = dist.get_rank() if dist.is_available() and dist.is_initialized() else 0
    if rank == 0:
        write_json(Path(out_dir) / "metrics.json", {
            "best_val_loss": res.best_val_loss, "best_epoch": res.best_epoch,
            "epochs_run": res.epochs_run, "stopped_early": res.stopped_early,
            "wall_s": res.wall_s, "config": cfg.to_dict(), "train_config": train_cfg.to_dict(),
            "n_params": model.n_params(), "data": extra["data"],
            "train_tokens_per_epoch": train.n_tokens() + len(train), **hybrid,
        })
        from omnijet.plotting import loss_curves

        loss_curves(res.history, Path(out_dir) / "loss.png", res.best_epoch, title="GPT pretraining")
    return res


def _hybrid_setup(model: GPT, train: TokenDataset | MappedTokenDataset,
                  tokenizer_path: str | Path | None, mask_fraction: float, mpm_weight: float
                  ) -> dict[str, Any]:
    """Fill a continuous model's code features from the tokenizer; what the checkpoint records
    of the hybrid choices (nothing for the paper's GPT, so its checkpoints stay as they were)."""
    from omnijet.backbone.checkpoint import check_vocab
    from omnijet.backbone.hybrid import feature_table, set_feature_table
    from omnijet.tokenizer.base import load_tokenizer

    cfg, out = model.cfg, {}
    if cfg.objective != "next-token":
        out["objective"] = {"name": cfg.objective, "mask_fraction": mask_fraction,
                            "mpm_weight": mpm_weight if cfg.objective == "joint" else None}
    if cfg.input_mode == "features":
        table, summary = feature_table(None, train)
        set_feature_table(model.backbone, table)
        out["feature_table"] = {"source": "the constituents' features in the training tokens", **summary}
    if cfg.input_mode == "continuous":
        if tokenizer_path is None:
            raise ConfigError("continuous inputs need the tokenizer the tokens came from "
                              "(--tokenizer; the token file records none)")
        tokenizer = load_tokenizer(tokenizer_path, "cpu")
        check_vocab(cfg, tokenizer, f"tokenizer {tokenizer_path}")
        table, summary = feature_table(tokenizer, train)
        set_feature_table(model.backbone, table)
        out["feature_table"] = {"tokenizer": str(tokenizer_path), **summary}
    return out


def run_pretrain(cfg: PretrainConfig, progress: ProgressFn | None = None,
                 progress_bar: bool = True) -> FitResult:
    """File-level pretraining (CLI, tools, torchrun): without val tokens, 10% of train is held out.
    Mapped token files stay mapped (memory flat in their size); splits are index views."""
    train = load_tokens(cfg.tokens)
    if cfg.val_tokens is not None:
        val = load_tokens(cfg.val_tokens)
    else:
        if len(train) < 10:
            raise DataError(f"{cfg.tokens}: {len(train)} jets is too few to hold out validation")
        val, train = train.split([0.1, 0.9], seed=cfg.seed)
    choice = cfg.pretraining()  # inputs, objective, code means: those given, else the preset's
    if cfg.input_mode is None and choice.input_mode == "features" and not train.has_features:
        raise DataError(f"{cfg.tokens} holds no constituent features, which the {cfg.preset} preset's GPT reads "
                        f"(omnijet/presets.py): tokenize with --features, or give --input-mode tokens for the paper's GPT")
    model_cfg = GPTConfig.preset(cfg.preset, train.codebook_size).with_(
        input_mode=choice.input_mode, objective=choice.objective, code_embedding=cfg.code_embedding)
    tokenizer = cfg.tokenizer or train.meta.get("tokenizer")
    train_cfg = TrainConfig.of(cfg, progress_bar=progress_bar)
    return pretrain(train, val, cfg.out, model_cfg, train_cfg, tokenizer_path=tokenizer,
                    train_path=cfg.tokens, val_path=cfg.val_tokens, progress=progress,
                    mask_fraction=cfg.mask_fraction, mpm_weight=cfg.mpm_weight,
                    code_mean_fraction=choice.code_mean_fraction)

