"""Scoring a search against the truth, as the published agent benchmark does (arXiv:2509.08535).

Only a scorer reads the truth; the search never does. Per-event anomaly scores of the events in
a signal region are compared with their labels:

    AUC            area under the ROC curve
    max SIC        max over cuts of TPR / sqrt(FPR), counted only at cuts whose FPR >= 5 / N_bkg
                   (i.e. that keep >= 5 background events; the benchmark's cutoff rule)
    TPR at max SIC the signal efficiency of that cut

and, in the same signal region, the two references of the weak-supervision literature:
    idealised detector  data vs a background template taken from the truth (CATHODE's "IAD"):
                        the ceiling of any data-driven background estimate
    supervised          signal vs background with labels: the upper bound
both with held-out scores (every event scored by classifiers that never saw it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

from omnijet.evaluate.metrics import max_sic, roc, sic_curve, tpr_at_max_sic
from omnijet.search.cwola import classifier

MIN_BKG_PASSING = 5  # FPR >= 5 / N_bkg
SIC_RULE = "max SIC = max TPR/sqrt(FPR) over cuts with FPR >= 5/N_background (>= 5 background events pass)"


def benchmark_metrics(y: np.ndarray, s: np.ndarray, curve: bool = False) -> dict[str, Any]:
    """AUC, max SIC (cutoff FPR >= 5/N_bkg), TPR at max SIC; the thinned SIC curve if asked."""
    y = np.asarray(y).astype(int)
    n_bkg = int((y == 0).sum())
    out: dict[str, Any] = {
        "auc": roc(y, s)["auc"], "max_sic": max_sic(y, s, MIN_BKG_PASSING),
        "tpr_at_max_sic": tpr_at_max_sic(y, s, MIN_BKG_PASSING),
        "fpr_cutoff": MIN_BKG_PASSING / n_bkg, "n_signal": int(y.sum()), "n_background": n_bkg,
    }
    if curve:
        c = sic_curve(y, s, MIN_BKG_PASSING)
        step = max(1, len(c["tpr"]) // 300)
        out["sic_curve"] = {"tpr": c["tpr"][::step].tolist(), "sic": c["sic"][::step].tolist()}
    return out


def idealised_scores(x: np.ndarray, label: np.ndarray, seed: int = 0) -> np.ndarray:
    """(E,) held-out scores of data (all events, class 1) vs the truth's background (class 0).

    Three folds: fold k is scored by two models, one trained on fold k+1's data vs fold k+2's
    background and one the other way round, so the data and the template are always disjoint
    events and the scored fold is in neither.
    """
    rng = np.random.default_rng(seed)
    fold = rng.integers(0, 3, len(label))
    out = np.zeros(len(label))
    for k in range(3):
        for a, b in (((k + 1) % 3, (k + 2) % 3), ((k + 2) % 3, (k + 1) % 3)):
            data, tmpl = fold == a, (fold == b) & (label == 0)
            xt = np.concatenate([x[data], x[tmpl]])
            yt = np.r_[np.ones(data.sum()), np.zeros(tmpl.sum())]
            out[fold == k] += classifier(seed + 10 * k + a).fit(xt, yt).predict_proba(x[fold == k])[:, 1] / 2
    return out


def supervised_scores(x: np.ndarray, label: np.ndarray, x_extra_signal: np.ndarray | None = None,
                      folds: int = 5, seed: int = 0) -> np.ndarray:
    """(E,) held-out scores of a signal vs background classifier; extra signal events (not among
    the scored ones) join every fold's training set."""
    extra = x_extra_signal if x_extra_signal is not None else np.empty((0, x.shape[1]))
    out = np.zeros(len(label))
    for k, (tr, te) in enumerate(StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, label)):
        xt = np.concatenate([x[tr], extra])
        yt = np.r_[label[tr], np.ones(len(extra))]
        out[te] = classifier(seed + k).fit(xt, yt).predict_proba(x[te])[:, 1]
    return out


def score_run(run_dir: str | Path, truth_path: str | Path) -> dict[str, Any]:
    """A finished search (answer.json, scores.csv) against a black box's truth file: the answer
    next to the truth, and AUC / max SIC / TPR at max SIC of the reported scores on the events
    of the reported signal region (the benchmark's cutoff rule). Single-file searches only."""
    import csv

    from omnijet.data.black_box import read_truth
    from omnijet.errors import DataError
    from omnijet.utils import read_json

    run = Path(run_dir)
    for name in ("answer.json", "scores.csv"):
        if not (run / name).is_file():
            raise DataError(f"{run}: no {name} (give the --out folder of a finished search)")
    answer, truth = read_json(run / "answer.json"), read_truth(truth_path)
    labels = truth["labels"]
    with open(run / "scores.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["in_sr"] == "1" and r["score"] != ""]
    if any(int(r["file"]) != 0 for r in rows):
        raise DataError("scores.csv holds several files: score a single-file search")
    idx = np.array([int(r["event_index"]) for r in rows], dtype=int)
    if len(idx) and idx.max() >= len(labels):
        raise DataError(f"{truth_path}: {len(labels)} labels, but the scores reach event {idx.max()}")
    y, s = labels[idx], np.array([float(r["score"]) for r in rows])
    m_true = (truth.get("masses") or {}).get("m_wprime")
    out: dict[str, Any] = {
        "answer": answer,
        "truth": {"m_wprime": m_true, "signal_percentage": truth["signal_percentage"],
                  "n_signal": truth["n_signal"]},
        "claimed": answer["m_res"] != -1,
        "m_res_rel_error": (answer["m_res"] / m_true - 1) if m_true and answer["m_res"] != -1 else None,
        "sic_rule": SIC_RULE, "n_signal_sr": int(y.sum()), "n_background_sr": int((y == 0).sum()),
    }
    if y.sum() >= 1 and (y == 0).sum() >= MIN_BKG_PASSING:
        out["scores"] = benchmark_metrics(y, s)
    return out
