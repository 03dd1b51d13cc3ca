"""Anomaly scores: the backbone's likelihood (unsupervised) and CWoLa (weakly supervised).

Unsupervised: a GPT trained on background-dominated data assigns each jet the negative
log-likelihood of its token sequence [START, t1 .. tn, STOP]:
    NLL_jet = - sum_i log p(x_i | x_<i)  over the n codes and the STOP token   (reduce="sum")
            or that sum / (n + 1)                                             (reduce="mean")
and each event (two leading jets, treated as independent) the sum of its two jets' NLL ("sum"),
or that sum over both jets' target count ("mean").
Rarer-looking events score higher. "sum" also rewards unusual multiplicity; "mean" does not.

Weakly supervised (CWoLa, "classification without labels"): a classifier learns signal region
(label 1) vs sidebands (label 0) in mjj on features that do not determine mjj; where a signal
sits in the signal region, the classifier learns it. Out-of-fold: with k folds, every event is
scored only by models that never trained on it (held-out events: the average of the k models).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from omnijet.backbone.hybrid import check_generative, key_mask
from omnijet.backbone.model import GPT, to_sequences
from omnijet.errors import DataError
from omnijet.transfer.classifier import classifier_inputs

Reduce = Literal["sum", "mean"]
CwolaModel = Literal["hgb", "mlp"]


def _batches(tokens: torch.Tensor, mask: torch.Tensor, batch_size: int, device: torch.device):
    for i in range(0, tokens.shape[0], batch_size):
        m = mask[i : i + batch_size]
        n = max(int(m.sum(1).max()), 1)  # trim all-padding columns
        yield tokens[i : i + batch_size, :n].to(device), m[:, :n].to(device)


@torch.no_grad()
def jet_nll_parts(
    gpt: GPT, tokens: torch.Tensor, mask: torch.Tensor, batch_size: int = 512,
) -> tuple[np.ndarray, np.ndarray]:
    """(B,) summed negative log-likelihood of each jet's sequence (nats) and (B,) its target count."""
    check_generative(gpt.cfg)  # a masked-only model has no trained next-token head
    gpt.eval()
    device = next(gpt.parameters()).device
    totals, counts = [], []
    for t, m in _batches(tokens, mask, batch_size, device):
        seq = to_sequences(t, m, gpt.cfg)  # (b, n + 2)
        logits, _ = gpt(seq[:, :-1])  # (b, n + 1, vocab)
        target = seq[:, 1:]
        nll = F.cross_entropy(logits.float().transpose(1, 2), target, reduction="none")
        valid = target != gpt.cfg.pad  # codes + STOP
        totals.append((nll * valid).sum(1).cpu())
        counts.append(valid.sum(1).cpu())
    return torch.cat(totals).numpy().astype(np.float64), torch.cat(counts).numpy().astype(np.float64)


def jet_nll(gpt: GPT, tokens: torch.Tensor, mask: torch.Tensor, reduce: Reduce = "sum") -> np.ndarray:
    """(B,) negative log-likelihood of each jet under the GPT: summed, or per target token."""
    total, n = jet_nll_parts(gpt, tokens, mask)
    return total / n if reduce == "mean" else total


@torch.no_grad()
def jet_embeddings(gpt: GPT, tokens: torch.Tensor, mask: torch.Tensor, batch_size: int = 512) -> np.ndarray:
    """(B, dim) mean of the backbone's hidden states over each jet's constituents."""
    gpt.eval()
    device = next(gpt.parameters()).device
    out = []
    for t, m in _batches(tokens, mask, batch_size, device):
        inp = classifier_inputs(t, m, gpt.cfg)  # (b, n + 1)
        h, _ = gpt.backbone(inp, key_mask=key_mask(inp, gpt.cfg))  # (b, n + 1, dim), read as fine-tuning does
        h = h[:, 1:] * m[..., None]
        out.append((h.sum(1) / m.sum(1, keepdim=True).clamp_min(1)).float().cpu())
    return torch.cat(out).numpy().astype(np.float64)


def regions(mjj: np.ndarray, sr: tuple[float, float], sideband: float) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks (signal region, sidebands) for an mjj array; sidebands flank the SR."""
    lo, hi = sr
    in_sr = (mjj > lo) & (mjj < hi)
    in_sb = ((mjj > lo - sideband) & (mjj <= lo)) | ((mjj >= hi) & (mjj < hi + sideband))
    return in_sr, in_sb


def injection_split(
    label: np.ndarray, fraction: float, test_frac: float, seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices of (background of the data, signal pool for injection, held-out test events).

    Background and signal are each split test_frac : 1 - test_frac. The test set holds all
    held-out events. The data take all non-test background plus `n_injected(fraction)` events
    from the front of the signal pool, so lower fractions inject subsets of higher ones.
    """
    label = np.asarray(label)
    rng = np.random.default_rng(seed)
    bkg, sig = rng.permutation(np.flatnonzero(label == 0)), rng.permutation(np.flatnonzero(label == 1))
    if len(bkg) == 0 or len(sig) == 0:
        raise DataError(f"need background and signal events, got {len(bkg)} and {len(sig)}")
    nb, ns = round(test_frac * len(bkg)), round(test_frac * len(sig))
    test = np.sort(np.concatenate([bkg[:nb], sig[:ns]]))
    return bkg[nb:], sig[ns:], test


def n_injected(n_bkg: int, fraction: float, pool: int) -> int:
    """Signal events giving S / (S + B) = fraction on n_bkg background; error if the pool is short."""
    if not 0.0 <= fraction < 1.0:
        raise DataError(f"signal fraction must be in [0, 1), got {fraction}")
    n = round(fraction / (1.0 - fraction) * n_bkg)
    if n > pool:
        raise DataError(
            f"signal fraction {fraction} needs {n} signal events on {n_bkg} background, "
            f"but only {pool} are left for injection"
        )
    return n


def _classifier(kind: CwolaModel, seed: int):
    if kind == "hgb":
        return HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.1, max_leaf_nodes=15, l2_regularization=1.0,
            early_stopping=True, validation_fraction=0.2, n_iter_no_change=10,
            class_weight="balanced", random_state=seed,
        )
    return make_pipeline(StandardScaler(), MLPClassifier(
        hidden_layer_sizes=(64, 64), alpha=1e-3, early_stopping=True, max_iter=200,
        random_state=seed,
    ))


def cwola_scores(
    x: np.ndarray, in_sr: np.ndarray, x_eval: np.ndarray, folds: int,
    model: CwolaModel, seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Train SR (1) vs SB (0) with k folds.

    x (E, F): features of the data events in SR or sidebands; in_sr (E,) their region.
    Returns (out-of-fold scores (E,), scores of x_eval (M,) averaged over the k models).
    """
    y = np.asarray(in_sr, dtype=int)
    n_sr, n_sb = int(y.sum()), int(len(y) - y.sum())
    if min(n_sr, n_sb) < max(folds, 2):
        raise DataError(f"CWoLa needs events in both regions: signal region {n_sr}, sidebands {n_sb}")
    oof = np.empty(len(y))
    eval_scores = np.zeros(len(x_eval))
    for k, (tr, te) in enumerate(StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y)):
        clf = _classifier(model, seed + k).fit(x[tr], y[tr])
        oof[te] = clf.predict_proba(x[te])[:, 1]
        if len(x_eval):
            eval_scores += clf.predict_proba(x_eval)[:, 1] / folds
    return oof, eval_scores
