"""A DeepSets jet classifier: the paper's yardstick for token and generation quality.

phi: per-constituent MLP on the scaled features -> masked sum -> rho: MLP -> class logits.
Used to compare classification of original vs reconstructed jets (token quality) and to
separate generated from real jets (the classifier test, where AUC 0.5 means indistinguishable).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import roc_auc_score
from torch import nn

from omnijet.data.batch import JetBatch
from omnijet.data.preprocess import scaled_features
from omnijet.train.loop import TrainConfig, fit, load_checkpoint
from omnijet.utils import pick_device

# How the evaluation classifier trains (token quality, the generation classifier test): declared
# once, here; a caller changes a field with dataclasses.replace (generation: its seed)
CLASSIFIER_TRAIN = TrainConfig(epochs=20, batch_size=256, lr=1e-3, patience=4, seed=0, device="auto",
                               progress_bar=False)


@dataclass(frozen=True)
class DeepSetsConfig:
    hidden: int = 64
    latent: int = 64
    n_classes: int = 2


class DeepSets(nn.Module):
    def __init__(self, cfg: DeepSetsConfig):
        super().__init__()
        self.phi = nn.Sequential(
            nn.Linear(3, cfg.hidden), nn.ReLU(), nn.Linear(cfg.hidden, cfg.hidden), nn.ReLU(),
            nn.Linear(cfg.hidden, cfg.latent),
        )
        self.rho = nn.Sequential(
            nn.Linear(cfg.latent, cfg.hidden), nn.ReLU(), nn.Linear(cfg.hidden, cfg.n_classes)
        )

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        # x (B, N, 3) scaled features, mask (B, N) -> logits (B, n_classes)
        h = self.phi(x) * mask[..., None]
        pooled = h.sum(1) / 10.0  # fixed scale keeps sums O(1) for ~50-100 constituents
        return self.rho(pooled)


def _loss(model: nn.Module, batch: JetBatch) -> tuple[torch.Tensor, dict[str, float]]:
    logits = model(scaled_features(batch), batch.mask)
    loss = F.cross_entropy(logits.float(), batch.label)
    acc = (logits.argmax(-1) == batch.label).float().mean()
    return loss, {"acc": float(acc)}


@torch.no_grad()
def predict_proba(model: nn.Module, data: JetBatch, batch_size: int = 1024) -> np.ndarray:
    """(B, n_classes) softmax probabilities."""
    model.eval()
    device = next(model.parameters()).device
    out = []
    for i in range(0, len(data), batch_size):
        b = data[slice(i, i + batch_size)].to(device)
        out.append(model(scaled_features(b), b.mask).float().softmax(-1).cpu())
    return torch.cat(out).numpy()


@dataclass
class ClassifierResult:
    accuracy: float
    auc: float  # binary: ROC AUC of class 1; multi-class: one-vs-rest macro average
    test_probs: np.ndarray
    test_labels: np.ndarray
    best_val_loss: float
    epochs_run: int


def train_deepsets(
    train: JetBatch, val: JetBatch, test: JetBatch,
    cfg: DeepSetsConfig = DeepSetsConfig(),
    train_cfg: TrainConfig = CLASSIFIER_TRAIN,
    out_dir: str | Path | None = None,
) -> ClassifierResult:
    """Train on `train`, early-stop on `val`, report accuracy and AUC on `test`."""
    torch.manual_seed(train_cfg.seed)
    model = DeepSets(cfg)
    with tempfile.TemporaryDirectory() as tmp:
        res = fit(model, train, val, _loss, train_cfg, out_dir or tmp, resume=False,
                  checkpoint_extra={"kind": "deepsets"}, desc="deepsets")
        model.load_state_dict(load_checkpoint(res.best_path)["model"])
    model.to(pick_device(train_cfg.device))
    probs = predict_proba(model, test)
    labels = test.label.numpy()
    acc = float((probs.argmax(-1) == labels).mean())
    if cfg.n_classes == 2:
        auc = float(roc_auc_score(labels, probs[:, 1])) if len(set(labels)) == 2 else float("nan")
    else:
        auc = float(roc_auc_score(labels, probs, multi_class="ovr"))
    return ClassifierResult(acc, auc, probs, labels, res.best_val_loss, res.epochs_run)
