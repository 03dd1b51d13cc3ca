"""Train one jet tagger on the backbone: scratch, fine-tuned, or with the backbone frozen.

`finetune` trains through `omnijet.train.loop.fit` (AdamW, early stopping on the validation
loss, best checkpoint) and evaluates the best checkpoint on a fixed test set: accuracy, ROC AUC
and background rejection 1/eps_B at 30% and 50% signal efficiency (binary; class 1 = signal).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import roc_auc_score
from torch import nn

from omnijet.backbone.checkpoint import check_vocab
from omnijet.backbone.hybrid import require_features
from omnijet.backbone.model import GPT, GPTConfig
from omnijet.checkpoint_io import load_checkpoint
from omnijet.config import FinetuneScanConfig
from omnijet.errors import ConfigError, DataError
from omnijet.evaluate.metrics import binary_summary
from omnijet.tokenizer.tokens import TokenDataset
from omnijet.train.loop import ProgressFn, TrainConfig, fit
from omnijet.transfer.classifier import (
    STRATEGIES,
    HeadKind,
    JetClassifier,
    Strategy,
    build_classifier,
)
from omnijet.transfer.labelled_tokens import Resampled
from omnijet.utils import atomic_path, pick_device


def _default(name: str) -> Any:
    """The default of a fine-tuning setting: declared once, in omnijet.config.FinetuneScanConfig."""
    return FinetuneScanConfig.model_fields[name].default


@dataclass(frozen=True)
class FinetuneConfig:
    """The training settings of one fine-tuning point (a typed block of FinetuneScanConfig;
    `of` takes them from it). Defaults are the operation config's."""

    head: HeadKind = _default("head")
    lr: float = _default("lr")  # paper: AdamW 1e-4 for fine-tuning
    scratch_lr: float = _default("scratch_lr")  # from scratch often prefers a larger rate, e.g. 1e-3
    backbone_lr: float | None = _default("backbone_lr")  # finetune: the backbone's rate (None: lr)
    weight_decay: float = 1e-2
    epochs: int = _default("epochs")
    batch_size: int = _default("batch_size")
    patience: int | None = _default("patience")
    schedule: str = "constant"
    min_epoch_jets: int = _default("min_epoch_jets")  # small sets are cycled so one epoch is >= this many jets
    max_steps_per_epoch: int | None = None  # cap epochs of large sets (CPU budgets)
    device: str = _default("device")
    progress_bar: bool = False

    @classmethod
    def of(cls, cfg: FinetuneScanConfig) -> FinetuneConfig:
        return cls(**{f.name: getattr(cfg, f.name) for f in fields(cls) if f.name in FinetuneScanConfig.model_fields})

    def train_config(self, strategy: Strategy, seed: int) -> TrainConfig:
        return TrainConfig(
            epochs=self.epochs, batch_size=self.batch_size,
            lr=self.scratch_lr if strategy == "scratch" else self.lr,
            weight_decay=self.weight_decay, schedule=self.schedule, patience=self.patience,
            max_steps_per_epoch=self.max_steps_per_epoch, seed=seed, device=self.device,
            progress_bar=self.progress_bar,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def param_groups(self, model: JetClassifier, strategy: Strategy) -> list[dict[str, Any]] | None:
        """AdamW groups when fine-tuning with its own backbone rate (backbone at backbone_lr, the
        head at lr); None otherwise (the loop then trains all that require grad at one rate)."""
        if strategy != "finetune" or self.backbone_lr is None:
            return None
        return [{"params": list(model.backbone.parameters()), "lr": self.backbone_lr},
                {"params": list(model.head.parameters()), "lr": self.lr}]


def _trimmed(batch: TokenDataset) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    n = max(int(batch.mask.sum(1).max()), 1)  # drop all-padding columns of this batch
    return batch.tokens[:, :n], batch.mask[:, :n], None if batch.features is None else batch.features[:, :n]


def classifier_loss(model: nn.Module, batch: TokenDataset) -> tuple[torch.Tensor, dict[str, float]]:
    logits = model(*_trimmed(batch)).float()
    loss = F.cross_entropy(logits, batch.label)
    return loss, {"acc": float((logits.argmax(-1) == batch.label).float().mean())}


@torch.no_grad()
def predict_proba(model: JetClassifier, data: TokenDataset, batch_size: int) -> np.ndarray:
    """(B, n_classes) softmax probabilities, batch by batch on the model's device."""
    model.eval()
    device = next(model.parameters()).device
    out = []
    for i in range(0, len(data), batch_size):
        b = data[slice(i, i + batch_size)].to(device)
        out.append(model(*_trimmed(b)).float().softmax(-1).cpu())
    return torch.cat(out).numpy()


def classification_metrics(labels: np.ndarray, probs: np.ndarray) -> dict[str, Any]:
    """Accuracy and AUC; binary adds rejection at 30%/50% signal efficiency (class 1 = signal)."""
    out: dict[str, Any] = {"accuracy": float((probs.argmax(-1) == labels).mean())}
    if probs.shape[1] == 2:
        out |= binary_summary(labels, probs[:, 1])
    else:
        out["auc"] = float(roc_auc_score(labels, probs, multi_class="ovr", labels=range(probs.shape[1])))
    return out


def check_inputs(
    train: TokenDataset, val: TokenDataset, test: TokenDataset, gpt_cfg: GPTConfig,
    strategy: Strategy, pretrained: GPT | None,
) -> int:
    """All the checks that can fail on user input; returns the number of classes."""
    if strategy not in STRATEGIES:
        raise ConfigError(f"unknown strategy {strategy!r}; choose from {STRATEGIES}")
    if strategy != "scratch" and pretrained is None:
        raise ConfigError(f"strategy {strategy!r} needs a pretrained GPT checkpoint")
    for name, ds in (("train", train), ("val", val), ("test", test)):
        if len(ds) == 0:
            raise DataError(f"the {name} set is empty")
        check_vocab(gpt_cfg, ds, f"the {name} tokens")
        require_features(gpt_cfg, ds, f"the {name} tokens")
        if bool((ds.mask.sum(1) == 0).any()):
            raise DataError(f"the {name} set holds jets without constituents")
    n_classes = int(train.label.max()) + 1
    present = torch.unique(train.label).numel()
    if present < 2 or present != n_classes:
        raise DataError(
            f"the training set must hold every class 0..{n_classes - 1} and at least two "
            f"(found {sorted(torch.unique(train.label).tolist())})"
        )
    for name, ds in (("val", val), ("test", test)):
        if int(ds.label.max()) >= n_classes or int(ds.label.min()) < 0:
            raise DataError(f"the {name} set has labels outside the training classes 0..{n_classes - 1}")
    return n_classes


def save_test_scores(path: Path, labels: np.ndarray, probs: np.ndarray) -> None:
    """Test labels (N,) and class probabilities (N, C), for rejection-vs-efficiency plots."""
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        np.savez_compressed(f, labels=labels.astype(np.int64), probs=probs.astype(np.float32))


def finetune(
    train: TokenDataset,
    val: TokenDataset,
    test: TokenDataset,
    strategy: Strategy,
    out_dir: str | Path,
    *,
    pretrained: GPT | None = None,
    gpt_cfg: GPTConfig | None = None,
    cfg: FinetuneConfig = FinetuneConfig(),
    seed: int = 0,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Train a tagger with `strategy`, early-stop on `val`, return metrics on `test`.

    The architecture is the pretrained GPT's; `gpt_cfg` is only needed for `scratch` without a
    pretrained model. Writes `best.pt` (kind "classifier"), `history.json` and
    `test_scores.npz` (test labels and class probabilities) to out_dir.
    """
    if gpt_cfg is None:
        if pretrained is None:
            raise ConfigError("give a pretrained GPT or a GPTConfig for the backbone")
        gpt_cfg = pretrained.cfg
    elif pretrained is not None and pretrained.cfg != gpt_cfg:
        raise ConfigError(f"gpt_cfg {gpt_cfg} differs from the pretrained model's {pretrained.cfg}")
    n_classes = check_inputs(train, val, test, gpt_cfg, strategy, pretrained)
    model = build_classifier(strategy, gpt_cfg, pretrained, cfg.head, n_classes, seed=seed)
    train_cfg = cfg.train_config(strategy, seed)
    extra = {
        "kind": "classifier", "config": gpt_cfg.to_dict(), "head": cfg.head,
        "n_classes": n_classes, "strategy": strategy, "finetune_config": cfg.to_dict(),
        "seed": seed, "n_train": len(train),
    }
    res = fit(
        model, Resampled(train, cfg.min_epoch_jets), val, classifier_loss, train_cfg, out_dir,
        checkpoint_extra=extra, params=cfg.param_groups(model, strategy), progress=progress,
        resume=True, desc=f"{strategy} n={len(train)} seed={seed}",
    )
    model.load_state_dict(load_checkpoint(res.best_path, kind="classifier")["model"])
    model.to(pick_device(cfg.device))
    probs = predict_proba(model, test, batch_size=4 * cfg.batch_size)
    save_test_scores(Path(out_dir) / "test_scores.npz", test.label.numpy(), probs)
    return {
        "strategy": strategy, "n_train": len(train), "seed": seed, "n_classes": n_classes,
        **classification_metrics(test.label.numpy(), probs),
        "best_val_loss": res.best_val_loss, "best_epoch": res.best_epoch,
        "epochs_run": res.epochs_run, "stopped_early": res.stopped_early,
        "train_seconds": res.wall_s,
    }
