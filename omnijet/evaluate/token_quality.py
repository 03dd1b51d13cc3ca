"""How much physics do the tokens lose? The OmniJet-alpha token-quality measures.

Jets are encoded and decoded ("reconstructed") and compared with the originals ("truth"):
- per jet class, the relative reco - truth resolution ((reco - truth) / truth) of the jet
  observables mass, pT and the N-subjettiness ratios tau21 and tau32 (relative for the ratios
  too: a shift of tau32 matters against its value, ~0.47 for top jets and ~0.8 for QCD); and
  of the constituent features (relative pT, absolute eta_rel and phi_rel), constituent by constituent;
  each summarised by mean (bias), std, width (half the central 68% interval: spread, robust
  to tails) and abs68 (the 68% quantile of |reco - truth|: bias and spread in one number,
  the figure of merit used to rank tokenizers, since a collapsed tokenizer can have a
  narrow width around a large bias);
- codebook utilisation (fraction of codes used, perplexity);
- a DeepSets classifier trained and tested on original jets versus on reconstructed jets:
  the accuracy gap says how much class information the tokens destroyed;
- histogram plots with ratio panels and one metrics.json.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from omnijet.config import TokenQualityConfig, default_of
from omnijet.data.batch import JetBatch, JetClass
from omnijet.errors import DataError
from omnijet.evaluate.deepsets import CLASSIFIER_TRAIN, DeepSetsConfig, train_deepsets
from omnijet.plotting import compare_histograms
from omnijet.tokenizer.base import Tokenizer, load_tokenizer
from omnijet.tokenizer.quantizer import usage_stats
from omnijet.train.loop import ProgressFn, TrainConfig
from omnijet.utils import pick_device, provenance, write_json

# observable -> how reco is compared with truth
JET_RESOLUTIONS = {"mass": "relative", "pt": "relative", "tau21": "relative", "tau32": "relative"}
# difference key (jet_differences, constituent_differences) -> axis label
RESOLUTION_LABELS = {
    "mass": "jet mass: (reco - truth) / truth", "pt": "jet $p_T$: (reco - truth) / truth",
    "tau21": r"$\tau_{21}$: (reco - truth) / truth", "tau32": r"$\tau_{32}$: (reco - truth) / truth",
    "part_pt": "constituent $p_T$: (reco - truth) / truth",
    "part_deta": r"constituent $\eta^{rel}$: reco - truth",
    "part_dphi": r"constituent $\phi^{rel}$: reco - truth",
}


def reconstruct(tok: Tokenizer, batch: JetBatch) -> tuple[JetBatch, torch.Tensor]:
    """Encode then decode: the jets as the tokens describe them, and the tokens (B, N)."""
    tokens, mask = tok.encode(batch)
    part = tok.decode(tokens, mask)
    return JetBatch(part, mask, batch.label.clone()), tokens


def summarise(diff: np.ndarray) -> dict[str, float]:
    """Mean, std, width (half the 16-84% interval), abs68 (68% quantile of |diff|) and median
    of the finite entries."""
    d = diff[np.isfinite(diff)]
    if d.size == 0:
        nan = float("nan")
        return {"mean": nan, "std": nan, "width": nan, "abs68": nan, "median": nan, "n": 0}
    q16, q50, q84 = np.quantile(d, [0.16, 0.5, 0.84])
    return {"mean": float(d.mean()), "std": float(d.std()), "width": float(0.5 * (q84 - q16)),
            "abs68": float(np.quantile(np.abs(d), 0.68)), "median": float(q50), "n": int(d.size)}


def jet_differences(truth: dict[str, np.ndarray], reco: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """(B,) reco - truth per observable of JET_RESOLUTIONS (relative where stated)."""
    out = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for name, how in JET_RESOLUTIONS.items():
            d = reco[name] - truth[name]
            out[name] = d / truth[name] if how == "relative" else d
    return out


def constituent_differences(truth: JetBatch, reco: JetBatch) -> dict[str, np.ndarray]:
    """(M,) per real constituent: relative pT, absolute eta_rel and phi_rel differences."""
    m = truth.mask.numpy()
    t, r = truth.part.double().numpy()[m], reco.part.double().numpy()[m]
    return {"part_pt": (r[:, 0] - t[:, 0]) / t[:, 0], "part_deta": r[:, 1] - t[:, 1],
            "part_dphi": r[:, 2] - t[:, 2]}


def class_name(label: int) -> str:
    return JetClass(label).name if 0 <= label < len(JetClass) else f"class{label}"


def classifier_gap(truth: JetBatch, reco: JetBatch, train_cfg: TrainConfig, seed: int = 0) -> dict[str, Any]:
    """DeepSets accuracy on original vs reconstructed jets (same 60/20/20 split of the same jets)."""
    classes, label = np.unique(truth.label.numpy(), return_inverse=True)
    if len(classes) < 2:
        return {"skipped": f"needs at least two jet classes, found {len(classes)}"}
    perm = np.random.default_rng(seed).permutation(len(truth))
    a, b = int(0.6 * len(perm)), int(0.8 * len(perm))
    cfg = DeepSetsConfig(n_classes=len(classes))
    result: dict[str, Any] = {"classes": [class_name(int(c)) for c in classes],
                              "n_train": a, "n_val": b - a, "n_test": len(perm) - b}
    for name, jets in (("original", truth), ("reconstructed", reco)):
        jets = JetBatch(jets.part, jets.mask, torch.from_numpy(label.astype(np.int64)))
        res = train_deepsets(jets[perm[:a]], jets[perm[a:b]], jets[perm[b:]], cfg, train_cfg)
        result[name] = {"accuracy": res.accuracy, "auc": res.auc, "epochs_run": res.epochs_run}
    result["accuracy_gap"] = result["original"]["accuracy"] - result["reconstructed"]["accuracy"]
    return result


DEFINITIONS = {**{k: f"{v} reco - truth" for k, v in JET_RESOLUTIONS.items()},
               "part_pt": "relative", "part_deta": "absolute", "part_dphi": "absolute",
               "width": "half the 16-84% interval", "abs68": "68% quantile of |reco - truth|"}


def _class_plots(out: Path, name: str, jets: tuple[JetBatch, JetBatch],
                 obs: tuple[dict[str, np.ndarray], dict[str, np.ndarray]],
                 diffs: dict[str, np.ndarray]) -> list[str]:
    """One class's plots: original vs reconstructed observables (jet and constituent), and the
    resolution (reco - truth) of each; their paths."""
    from omnijet.data.observables import AXIS_LABELS

    (truth, reco), (t_obs, r_obs) = jets, obs
    panels = {AXIS_LABELS[k]: {"original": t_obs[k], "reconstructed": r_obs[k]}
              for k in ("mass", "pt", "tau21", "tau32", "n")}
    m_t, m_r = truth.numpy(), reco.numpy()
    for k in ("pt", "eta", "phi"):
        panels[AXIS_LABELS[f"part_{k}"]] = {"original": m_t[k][m_t["mask"]],
                                            "reconstructed": m_r[k][m_r["mask"]]}
    p = compare_histograms(panels, out / f"observables_{name}.png",
                           reference="original", title=f"{name}: original vs tokens")
    res_panels = {RESOLUTION_LABELS.get(k, k): {"reco - truth": v[np.isfinite(v)]} for k, v in diffs.items()}
    q = compare_histograms(res_panels, out / f"resolution_{name}.png", title=f"{name}: resolution",
                           core=8.0)
    return [str(p), str(q)]


def evaluate_tokenizer(
    tok: Tokenizer,
    batch: JetBatch,
    out_dir: str | Path | None = None,
    classifier: bool = default_of(TokenQualityConfig, "classifier"),
    classifier_cfg: TrainConfig = CLASSIFIER_TRAIN,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """The token-quality measures of `tok` on `batch`; plots go to out_dir when given."""
    from omnijet.data.observables import jet_observables

    if len(batch) == 0 or not bool(batch.mask.any()):
        raise DataError("token quality needs jets with constituents; got none")
    reco, tokens = reconstruct(tok, batch)
    if progress:
        progress({"event": "jets", "stage": "reconstructed", "n": len(batch)})
    truth_obs, reco_obs = jet_observables(batch), jet_observables(reco)
    usage = usage_stats(tokens[batch.mask], tok.codebook_size)
    metrics: dict[str, Any] = {
        "n_jets": len(batch),
        "codebook": {"size": tok.codebook_size, "usage": float(usage["usage"]),
                     "n_used": int(round(float(usage["usage"]) * tok.codebook_size)),
                     "perplexity": float(usage["perplexity"])},
        "definitions": dict(DEFINITIONS),
        "per_class": {},
        "plots": [],
    }
    labels = batch.label.numpy()
    for lab in np.unique(labels):
        sel = np.flatnonzero(labels == lab)
        name = class_name(int(lab))
        t_obs = {k: v[sel] for k, v in truth_obs.items()}
        r_obs = {k: v[sel] for k, v in reco_obs.items()}
        jd = jet_differences(t_obs, r_obs)
        cd = constituent_differences(batch[sel], reco[sel])
        metrics["per_class"][name] = {
            "n_jets": int(sel.size),
            "jet": {k: summarise(v) for k, v in jd.items()},
            "constituents": {k: summarise(v) for k, v in cd.items()},
        }
        if out_dir is not None:
            metrics["plots"] += _class_plots(Path(out_dir), name, (batch[sel], reco[sel]),
                                             (t_obs, r_obs), {**jd, **cd})
    if classifier:
        metrics["classifier"] = classifier_gap(batch, reco, classifier_cfg)
        if progress:
            progress({"event": "step", "stage": "classifier", **{
                k: v for k, v in metrics["classifier"].items() if k == "accuracy_gap"}})
    return metrics


def evaluate_token_quality(
    cfg: TokenQualityConfig, progress: ProgressFn | None = None,
    classifier_cfg: TrainConfig = CLASSIFIER_TRAIN,
) -> dict[str, Any]:
    """Load a tokenizer and data files, measure token quality, write metrics.json + plots."""
    from omnijet.tokenizer.api import data_info, load_balanced

    tokenizer_path, data_paths, out_dir = cfg.tokenizer, cfg.data, cfg.out
    max_jets, classifier, device = cfg.max_jets, cfg.classifier, cfg.device
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tok = load_tokenizer(tokenizer_path, pick_device(device))
    batch = load_balanced(data_paths, max_jets)
    metrics = evaluate_tokenizer(tok, batch, out, classifier, classifier_cfg, progress)
    metrics = {
        "tokenizer": {"path": str(tokenizer_path), "kind": getattr(tok, "kind", None)},
        "data": data_info(data_paths), **metrics, "provenance": provenance(),
    }
    write_json(out / "metrics.json", metrics)
    return metrics
