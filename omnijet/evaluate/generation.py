"""Generation quality: how well generated jets match real ones.

1. The paper's classifier test: a DeepSets classifier is trained to separate generated jets
   (label 1) from real jets (label 0), 60/20/20 train/val/test split, ROC AUC on the test
   part. 0.5 means indistinguishable; the paper reached 0.54. As in the paper the real jets
   should be *reconstructed* (tokenized and decoded), so that only the GPT is judged and not
   the tokenizer's resolution: pass `tokenizer_path` to reconstruct them here.
2. Wasserstein-1 distances of jet mass, pT, tau21, tau32, multiplicity and constituent pT,
   next to the same distances between two halves of the real jets (the statistical floor).
3. Histograms with ratio panels, and `metrics.json` with provenance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from scipy.stats import ks_2samp, wasserstein_distance

from omnijet.config import GenerationEvalConfig
from omnijet.data.batch import JetBatch
from omnijet.data.observables import AXIS_LABELS
from omnijet.errors import DataError
from omnijet.evaluate.deepsets import CLASSIFIER_TRAIN, DeepSetsConfig, train_deepsets
from omnijet.plotting import compare_histograms
from omnijet.train.loop import TrainConfig
from omnijet.utils import provenance, sha256_file, write_json

ProgressFn = Callable[[dict[str, Any]], None]

# observable key -> axis label; "part_pt" is per constituent, the rest per jet
OBSERVABLES = {k: AXIS_LABELS[k] for k in ("mass", "pt", "tau21", "tau32", "n", "part_pt")}


def reconstruct(batch: JetBatch, tokenizer_path: str | Path, chunk: int = 4096) -> JetBatch:
    """Real jets passed through the tokenizer (encode then decode): what a perfect GPT makes."""
    from omnijet.tokenizer.base import load_tokenizer

    tok = load_tokenizer(tokenizer_path, "cpu")
    parts = []
    with torch.no_grad():
        for i in range(0, len(batch), chunk):
            b = batch[slice(i, i + chunk)]
            tokens, mask = tok.encode(b)
            parts.append(tok.decode(tokens, mask).float().cpu().masked_fill(~mask[..., None], 0))
    return JetBatch(torch.cat(parts), batch.mask.clone(), batch.label.clone(), dict(batch.jet))


def observables(batch: JetBatch) -> dict[str, np.ndarray]:
    """The compared quantities, finite values only (tau ratios are undefined for 1 constituent)."""
    from omnijet.data.observables import jet_observables

    obs = jet_observables(batch)
    out = {k: np.asarray(obs[k], dtype=np.float64) for k in OBSERVABLES if k != "part_pt"}
    out["part_pt"] = batch.part[..., 0][batch.mask].double().numpy()
    return {k: v[np.isfinite(v)] for k, v in out.items()}


def w1_distances(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> dict[str, float]:
    return {k: float(wasserstein_distance(a[k], b[k])) if len(a[k]) and len(b[k]) else float("nan")
            for k in OBSERVABLES}


# jet-level observables only: the constituents of one jet are not independent draws, so a
# per-constituent KS p-value (part_pt) would count each jet many times over
KS_OBSERVABLES = ("mass", "pt", "tau21", "tau32", "n")


def ks_tests(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    """Two-sample Kolmogorov-Smirnov test of each jet-level observable: the largest distance D
    between the two empirical CDFs and its p-value (exact for small samples, asymptotic else;
    conservative for the integer multiplicity n, whose ties the test assumes away)."""
    out = {}
    for k in KS_OBSERVABLES:
        if len(a[k]) and len(b[k]):
            r = ks_2samp(a[k], b[k])
            out[k] = {"statistic": float(r.statistic), "p_value": float(r.pvalue)}
    return out


def _labelled(batch: JetBatch, label: int) -> JetBatch:
    return JetBatch(batch.part, batch.mask, torch.full((len(batch),), label, dtype=torch.long))


def classifier_test(
    generated: JetBatch, real: JetBatch, seed: int,
    train_cfg: TrainConfig | None = None, out_dir: str | Path | None = None,
) -> dict[str, Any]:
    """DeepSets generated-vs-real: 60/20/20 split, ROC AUC and accuracy on the test part."""
    data = JetBatch.concat([_labelled(real, 0), _labelled(generated, 1)])
    train, val, test = data.split([0.6, 0.2, 0.2], seed=seed)
    cfg = train_cfg or replace(CLASSIFIER_TRAIN, seed=seed)
    res = train_deepsets(train, val, test, DeepSetsConfig(n_classes=2), cfg, out_dir)
    return {
        "auc": res.auc, "accuracy": res.accuracy, "best_val_loss": res.best_val_loss,
        "epochs_run": res.epochs_run, "n_train": len(train), "n_val": len(val),
        "n_test": len(test), "test_probs": res.test_probs[:, 1], "test_labels": res.test_labels,
    }


def load_reference(paths: list[Path], max_jets: int | None) -> JetBatch:
    """The reference jets; a mixed reference (top + QCD files) keeps its mix: max_jets is shared
    between the files (read in order, the first file alone would fill it)."""
    from omnijet.data.io import load_jets

    if max_jets is None or len(paths) < 2:
        return load_jets(paths, max_jets=max_jets)
    per = max(1, max_jets // len(paths))
    return JetBatch.concat([load_jets(p, max_jets=per) for p in paths])


def _balanced(cfg: GenerationEvalConfig) -> tuple[JetBatch, JetBatch]:
    """The generated and the reference jets (reconstructed by `cfg.tokenizer` when given), the
    larger sample cut to the size of the smaller one at random (`cfg.seed`)."""
    from omnijet.data.io import load_jets

    gen = load_jets(cfg.generated, max_jets=cfg.max_jets)
    ref = load_reference(list(cfg.reference), cfg.max_jets)
    for name, b in (("generated", gen), ("reference", ref)):
        if len(b) < 10:
            raise DataError(f"{name} file has {len(b)} jets: at least 10 are needed to compare")
    if cfg.tokenizer is not None:
        ref = reconstruct(ref, cfg.tokenizer)
    n = min(len(gen), len(ref))
    return gen.shuffled(cfg.seed)[np.arange(n)], ref.shuffled(cfg.seed + 1)[np.arange(n)]


def _inputs(cfg: GenerationEvalConfig) -> dict[str, Any]:
    """The files compared, with their sha256."""
    return {
        "generated": {"path": str(cfg.generated), "sha256": sha256_file(cfg.generated)},
        "reference": [{"path": str(p), "sha256": sha256_file(p)} for p in cfg.reference],
        "tokenizer": None if cfg.tokenizer is None else str(cfg.tokenizer),
    }


def evaluate_generation(
    cfg: GenerationEvalConfig, progress: ProgressFn | None = None, classifier_cfg: TrainConfig | None = None,
) -> dict[str, Any]:
    """Compare generated and reference jet files; write metrics.json and plots to cfg.out.

    Both files are read with `omnijet.data.io.load_jets`; the larger sample is cut to the size
    of the smaller one (at random, with `cfg.seed`) so the classifier test is balanced.
    """
    out = Path(cfg.out)
    gen, ref = _balanced(cfg)
    n = len(gen)
    if progress:
        progress({"event": "step", "step": "observables", "n_jets": n})
    obs_g, obs_r = observables(gen), observables(ref)
    half_a, half_b = ref[np.arange(n // 2)], ref[np.arange(n // 2, 2 * (n // 2))]
    ref_name = "reconstructed" if cfg.tokenizer is not None else "reference"
    plot = compare_histograms(
        {OBSERVABLES[k]: {ref_name: obs_r[k], "generated": obs_g[k]} for k in OBSERVABLES},
        out / "observables.png", reference=ref_name, title=f"generated vs {ref_name} jets",
    )
    if progress:
        progress({"event": "step", "step": "classifier_test", "n_jets": n})
    clf = classifier_test(gen, ref, seed=cfg.seed, train_cfg=classifier_cfg)
    probs, labels = clf.pop("test_probs"), clf.pop("test_labels")
    scores = compare_histograms(
        {"classifier output p(generated)": {ref_name: probs[labels == 0],
                                             "generated": probs[labels == 1]}},
        out / "classifier_scores.png", bins=30,  # no ratio: the separation is the point
        title=f"classifier test: held-out generated and {ref_name} jets",
    )
    metrics = {
        "n_jets": n, "classifier_auc": clf["auc"], "classifier_accuracy": clf["accuracy"],
        "classifier": clf, "w1": w1_distances(obs_r, obs_g),
        "w1_reference_halves": w1_distances(observables(half_a), observables(half_b)),
        "ks": ks_tests(obs_r, obs_g),
        "means": {k: {"generated": float(obs_g[k].mean()), ref_name: float(obs_r[k].mean())}
                  for k in OBSERVABLES},
        # the spread of each jet-level observable: its mean's standard error is std / sqrt(n_jets)
        "stds": {k: {"generated": float(obs_g[k].std(ddof=1)), ref_name: float(obs_r[k].std(ddof=1))}
                 for k in KS_OBSERVABLES if len(obs_g[k]) > 1 and len(obs_r[k]) > 1},
        "reference_kind": ref_name, "plots": [str(plot), str(scores)], "inputs": _inputs(cfg),
        "provenance": provenance(seed=cfg.seed, max_jets=cfg.max_jets),
    }
    write_json(out / "metrics.json", metrics)
    return metrics
