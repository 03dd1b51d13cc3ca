"""Train a VQ-VAE tokenizer (or fit the binned baseline) and record what it became.

Before the loop, the codebook is initialised by k-means on encoder outputs of a training
sample (the untrained encoder: its outputs are what the first batches will quantize). Then
`omnijet.train.loop.fit` runs AdamW + one-cycle with validation, best checkpoint and resume.
`best.pt` carries kind "vqvae", the config, the data it was trained on and the code version.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from omnijet.checkpoint_io import load_checkpoint
from omnijet.config import TokenizerTrainConfig, default_of
from omnijet.data.batch import JetBatch
from omnijet.data.preprocess import scaled_features
from omnijet.errors import DataError
from omnijet.tokenizer.binned import BinnedTokenizer
from omnijet.tokenizer.quantizer import usage_stats
from omnijet.tokenizer.vqvae import RECON_MONITOR, VQVAE, VQVAEConfig, VQVAETokenizer, vqvae_loss
from omnijet.train.distributed import is_main_process
from omnijet.train.loop import ProgressFn, TrainConfig, fit
from omnijet.utils import pick_device, provenance, seed_everything, write_json


@dataclass
class TokenizerTrainResult:
    best_path: Path
    metrics: dict[str, Any]


def _check(batch: JetBatch, name: str) -> None:
    if len(batch) == 0 or not bool(batch.mask.any()):
        raise DataError(f"{name} set has no jets with constituents")


@torch.no_grad()
def reconstruction_metrics(tok: VQVAETokenizer | BinnedTokenizer, data: JetBatch) -> dict[str, float]:
    """MSE in scaled features over real constituents, codebook usage and perplexity."""
    tokens, mask = tok.encode(data)
    recon = tok.decode(tokens, mask)
    x = scaled_features(data)[mask]
    xr = scaled_features(JetBatch(recon, mask, data.label))[mask]
    stats = usage_stats(tokens[mask], tok.codebook_size)
    return {
        "mse": float((xr - x).square().mean()),
        "mse_per_feature": (xr - x).square().mean(0).tolist(),
        "codebook_usage": float(stats["usage"]),
        "perplexity": float(stats["perplexity"]),
        "codebook_size": tok.codebook_size,
    }


@torch.no_grad()
def kmeans_init(model: VQVAE, data: JetBatch, n_points: int, seed: int, device: torch.device) -> int:
    """Initialise the codebook by k-means on up to n_points encoder outputs; returns points used."""
    model.to(device).eval()
    g = torch.Generator().manual_seed(seed)
    zs, n = [], 0
    for idx in torch.randperm(len(data), generator=g).split(512):
        b = data[idx].to(device)
        zs.append(model.encode_latent(scaled_features(b), b.mask))
        n += zs[-1].shape[0]
        if n >= n_points:
            break
    z = torch.cat(zs)[:n_points]
    model.vq.init_codebook(z, seed=seed)
    return z.shape[0]


def train_tokenizer(
    train: JetBatch,
    val: JetBatch,
    out_dir: str | Path,
    cfg: VQVAEConfig,
    train_cfg: TrainConfig,
    progress: ProgressFn | None = None,
    data_info: dict[str, Any] | None = None,
    resume: bool = default_of(TokenizerTrainConfig, "resume"),
) -> TokenizerTrainResult:
    """Train a VQ-VAE; write best.pt, last.pt, history.json and metrics.json to out_dir."""
    _check(train, "training")
    _check(val, "validation")
    out = Path(out_dir)
    seed_everything(train_cfg.seed)
    model = VQVAE(cfg)
    device = pick_device(train_cfg.device)
    n_init = 0
    if not (resume and (out / "last.pt").exists()):
        n_init = kmeans_init(model, train, max(10 * cfg.codebook_size, 20_000), train_cfg.seed, device)
    extra = {
        "kind": "vqvae", "config": cfg.to_dict(),
        "data": {**(data_info or {}), "n_train": len(train), "n_val": len(val)},
        "kmeans_points": n_init,
    }
    res = fit(
        model, train, val, functools.partial(vqvae_loss, alpha=cfg.alpha), train_cfg, out,
        checkpoint_extra=extra, progress=progress, resume=resume, desc="tokenizer",
        monitor=RECON_MONITOR,
    )
    model.load_state_dict(load_checkpoint(res.best_path, kind="vqvae")["model"])
    tok = VQVAETokenizer(model).to(device)
    metrics = {
        "kind": "vqvae", "config": cfg.to_dict(), "train_config": train_cfg.to_dict(),
        "best_val_loss": res.best_val_loss, "best_epoch": res.best_epoch,
        "epochs_run": res.epochs_run, "stopped_early": res.stopped_early, "wall_s": res.wall_s,
        "train_jets_per_s": len(train) * res.epochs_run / max(res.wall_s, 1e-9)
        if not train_cfg.max_steps_per_epoch else None,
        "val": reconstruction_metrics(tok, val),
        "data": extra["data"], "provenance": provenance(),
    }
    if is_main_process():  # under DDP every rank holds the same model; one writes
        write_json(out / "metrics.json", metrics)
        from omnijet.plotting import loss_curves

        loss_curves(res.history, out / "loss.png", res.best_epoch, unit="",
                    title="VQ-VAE tokenizer (kept epoch: best reconstruction)")
    return TokenizerTrainResult(res.best_path, metrics)


def fit_binned(
    train: JetBatch, val: JetBatch, out_dir: str | Path, bins: int,
    data_info: dict[str, Any] | None = None,
) -> TokenizerTrainResult:
    """The binned baseline: fit the grid edges on train, save best.pt (kind "binned")."""
    _check(train, "training")
    out = Path(out_dir)
    tok = BinnedTokenizer.fit(train, bins)
    data = {**(data_info or {}), "n_train": len(train), "n_val": len(val)}
    path = tok.save(out / "best.pt", {"data": data})
    metrics = {"kind": "binned", "config": {"bins": bins}, "val": reconstruction_metrics(tok, val),
               "data": data, "provenance": provenance()}
    write_json(out / "metrics.json", metrics)
    return TokenizerTrainResult(path, metrics)


# the binned baseline's grid when no codebook size is asked for: 21 bins per feature (21^3 codes)
BINNED_BINS = 21


def train_tokenizer_files(cfg: TokenizerTrainConfig, progress: ProgressFn | None = None,
                          progress_bar: bool = False) -> TokenizerTrainResult:
    """Load jets from `cfg.data`, split train/val, train (or fit the binned grid) into `cfg.out`.

    For kind "binned", the codebook size is rounded to a cube: bins = round(K ** (1/3)).
    """
    from omnijet.tokenizer.api import data_info, load_balanced

    batch = load_balanced(list(cfg.data), cfg.max_jets)
    train, val = batch.split([1 - cfg.val_frac, cfg.val_frac], seed=cfg.seed)
    info = data_info(cfg.data)
    if cfg.kind == "binned":
        bins = max(1, round(cfg.codebook_size ** (1 / 3))) if cfg.codebook_size else BINNED_BINS
        return fit_binned(train, val, cfg.out, bins, info)
    overrides = {"codebook_size": cfg.codebook_size} if cfg.codebook_size else {}
    model_cfg = VQVAEConfig.preset(cfg.preset, arch=cfg.kind, **overrides)
    return train_tokenizer(train, val, cfg.out, model_cfg, TrainConfig.of(cfg, progress_bar=progress_bar),
                           progress, info, cfg.resume)
