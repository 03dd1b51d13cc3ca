"""Class separation by likelihood: score the jets of several files with one GPT.

A GPT trained on one class (say top) gives every jet a negative log-likelihood (NLL, nats):
the sum over its token sequence (codes + stop) of -log p(next token). Jets of the class it
learned should be more likely (lower NLL) than jets of another class, so -NLL is a classifier
built without labels. For each file (one class each) this writes the per-jet NLL (summed and
per target token) and returns, per class, the mean NLL with its standard error; for the first
file against each other one, the AUC of -NLL (first file = positive: AUC > 0.5 means the first
class is the more likely one) with its Hanley-McNeil error, for the summed and the per-token
score (the summed NLL grows with the number of constituents, so both are quoted).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from omnijet.config import JetLikelihoodConfig
from omnijet.errors import ConfigError, DataError
from omnijet.evaluate.metrics import hanley_mcneil, mean_with_error, roc
from omnijet.utils import pick_device, provenance, write_json


def separation(nll_a: np.ndarray, nll_b: np.ndarray) -> dict[str, float]:
    """AUC of -NLL with the jets of `a` as positives, and its error."""
    y = np.r_[np.ones(len(nll_a)), np.zeros(len(nll_b))].astype(int)
    auc = float(roc(y, -np.r_[nll_a, nll_b])["auc"])
    return {"auc": auc, "auc_err": hanley_mcneil(auc, len(nll_a), len(nll_b))}


def _class_of(batch: Any, path: Path) -> str:
    from omnijet.data.batch import JetClass

    labels = np.unique(batch.label.numpy())
    if len(labels) != 1:
        raise DataError(f"{path}: holds {len(labels)} jet classes; give one file per class")
    lab = int(labels[0])
    return JetClass(lab).name if lab in JetClass._value2member_map_ else f"label {lab}"


def evaluate_likelihood(cfg: JetLikelihoodConfig) -> dict[str, Any]:
    """Per-jet NLL of every file's jets under the GPT; metrics.json and nll_<class>.npz in cfg.out."""
    from omnijet.backbone.checkpoint import check_vocab, load_gpt_state
    from omnijet.data.io import load_jets
    from omnijet.tokenizer.base import load_tokenizer
    from omnijet.transfer.anomaly_scores import jet_nll_parts

    gpt_path, data_paths, tokenizer_path, max_jets = cfg.gpt, list(cfg.data), cfg.tokenizer, cfg.max_jets
    if len(data_paths) < 1:
        raise ConfigError("give at least one jet file to score")
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    dev = pick_device(cfg.device)
    gpt, state = load_gpt_state(gpt_path)
    gpt = gpt.to(dev)
    tok_path = tokenizer_path or state.get("tokenizer")
    if tok_path is None:
        raise ConfigError(f"{gpt_path} records no tokenizer: pass the tokenizer checkpoint")
    tok = load_tokenizer(tok_path, dev)
    check_vocab(gpt.cfg, tok, f"tokenizer {tok_path}")
    per_class: dict[str, dict[str, Any]] = {}
    scores: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for p in map(Path, data_paths):
        batch = load_jets(p, max_jets=max_jets)
        name = _class_of(batch, p)
        if name in per_class:
            raise DataError(f"{p}: class {name} is scored twice; give one file per class")
        tokens, mask = tok.encode(batch)  # (B, N) codes and mask, on the CPU
        total, n_targets = jet_nll_parts(gpt, tokens.cpu(), mask.cpu())
        per_token = total / n_targets
        np.savez_compressed(out / f"nll_{name}.npz", nll=total, nll_per_token=per_token, n_targets=n_targets)
        scores[name] = (total, per_token)
        (m, e), (mt, et) = mean_with_error(total), mean_with_error(per_token)
        per_class[name] = {"path": str(p), "n_jets": int(len(total)), "nll_mean": m, "nll_stderr": e,
                           "nll_per_token_mean": mt, "nll_per_token_stderr": et}
    names = list(per_class)
    pairs = {f"{names[0]}_vs_{b}": {"positive": names[0], "negative": b,
                                    "summed": separation(scores[names[0]][0], scores[b][0]),
                                    "per_token": separation(scores[names[0]][1], scores[b][1])}
             for b in names[1:]}
    metrics = {"gpt": str(gpt_path), "tokenizer": str(tok_path), "classes": names, "per_class": per_class,
               "separation": pairs, "definitions": {
                   "nll": "summed -log p over the jet's token sequence (codes + stop), nats",
                   "auc": "AUC of -NLL, the first file's class as positives (> 0.5: it is the more likely)"},
               "provenance": provenance()}
    write_json(out / "metrics.json", metrics)
    return metrics
