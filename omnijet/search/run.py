"""A search on a file of dijet events: "is there new physics in it?"

    search_file(ResonanceSearchConfig(data=["box.h5"], out="runs/search"))      # the operation
    run_search(["box.h5"], "runs/search", SearchConfig(toys=50), control=True, device="cpu")

Reads the LHCO-layout file(s) (labels, if any, are never read), runs the sliding-window search
(omnijet.search.scan) and its no-signal control, and writes into the run folder:

    answer.json   p_value, m_res, signal_percentage (the published benchmark's answer) + verdict
    metrics.json  every window x cut test, the fit, the control, the settings
    scores.csv    per-event anomaly score of the best window (event_index, mjj, score, in_sr);
                  empty score outside that window's SR u SB, where its classifier is undefined
    spectrum.png  the mjj spectrum, dijet fit with the best SR blinded, residual panel
    pscan.png     local p-value per window (search and control)
    summary.md

The control is the same search on the same events with mjj shuffled against the features:
whatever the data hold, no feature then knows mjj, so no window may show an excess (global p
above alpha, SR-vs-SB AUC at 0.5). It measures the method's false-claim rate on this file's
own background, which a background-only simulation can only approximate.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from omnijet.config import ResonanceSearchConfig
from omnijet.errors import DataError
from omnijet.search.report import plot_scan, plot_spectrum
from omnijet.search.scan import Progress, SearchConfig, search_features
from omnijet.utils import atomic_path, provenance, write_json


def read_events(paths: Sequence[str | Path], max_events: int | None = None) -> pd.DataFrame:
    """Features of every event with two jets in the files (event_index = row in its file,
    file = its position in `paths`); the label column is dropped unread."""
    from omnijet.data.lhco import read_lhco_features

    if not paths:
        raise DataError("no event files given")
    parts = [read_lhco_features(p, max_events).assign(file=i) for i, p in enumerate(paths)]
    return pd.concat(parts, ignore_index=True).drop(columns=["label"])


def likelihood_scores(paths: Sequence[str | Path], tokenizer: str | Path, gpt: str | Path,
                      max_events: int | None, device: str) -> np.ndarray:
    """(E,) per-event NLL [nats] under a GPT (sum over the two leading jets' token sequences),
    in read_events' order: the unsupervised score, cut on like CWoLa's in every window. The GPT
    should have been trained on background-dominated jets (e.g. the box's own, or sidebands)."""
    from omnijet.backbone.checkpoint import check_vocab, load_gpt_state
    from omnijet.data.lhco import FEATURE_CHUNK, lhco_rows, read_lhco
    from omnijet.tokenizer.base import load_tokenizer
    from omnijet.transfer.anomaly_scores import jet_nll_parts
    from omnijet.utils import pick_device

    dev = pick_device(device)
    tok = load_tokenizer(tokenizer, dev)
    model, _ = load_gpt_state(gpt)
    check_vocab(model.cfg, tok, f"tokenizer {tokenizer}")
    model = model.to(dev)
    out = []
    for path in paths:
        n = lhco_rows(path) if max_events is None else min(max_events, lhco_rows(path))
        for start in range(0, n, FEATURE_CHUNK):
            ev = read_lhco(path, min(FEATURE_CHUNK, n - start), start=start,
                           max_constituents=model.cfg.max_len - 2)
            total = np.zeros(len(ev))
            for jets in (ev.j1, ev.j2):
                tokens, mask = tok.encode(jets)
                total += jet_nll_parts(model, tokens, mask)[0]
            out.append(total)
    return np.concatenate(out)


def shuffled_control(features: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The same events with mjj permuted among them (and the masses kept as mj / mjj ratios
    of their own event, so the scaled features are untouched): no feature knows mjj any more."""
    rng = np.random.default_rng(seed)
    f = features.copy()
    new_mjj = f["mjj"].to_numpy()[rng.permutation(len(f))]
    scale = new_mjj / f["mjj"].to_numpy()
    for c in ("mj1", "mj2", "delta_mj"):
        if c in f:
            f[c] = f[c].to_numpy() * scale
    f["mjj"] = new_mjj
    return f


def search_file(cfg: ResonanceSearchConfig, progress: Progress | None = None) -> dict[str, Any]:
    """The search operation (`omnijet-agent search`, tool resonance_search) from its config."""
    return run_search(cfg.data, cfg.out, SearchConfig.of(cfg), max_events=cfg.max_events,
                      control=cfg.control, tokenizer=cfg.tokenizer, gpt=cfg.gpt, device=cfg.device,
                      progress=progress)


def run_search(paths: Sequence[str | Path], out_dir: str | Path, cfg: SearchConfig,
               *, max_events: int | None = None, control: bool,
               tokenizer: str | Path | None = None, gpt: str | Path | None = None,
               device: str, progress: Progress | None = None) -> dict[str, Any]:
    """The search (CWoLa per window; with a tokenizer and a GPT also the likelihood score) and
    its mjj-shuffled control; writes the run folder (see the module docstring). `cfg` may set
    the method's constants too (tests and benchmarks: fewer toys, smaller windows)."""
    out = Path(out_dir)
    say = progress or (lambda _e: None)
    say({"event": "stage", "stage": "read", "files": [str(p) for p in paths]})
    features = read_events(paths, max_events)  # bad input fails here, before anything is written
    out.mkdir(parents=True, exist_ok=True)
    extra = None
    if (tokenizer is None) != (gpt is None):
        raise DataError("the likelihood score needs both a tokenizer and a GPT (or neither)")
    if tokenizer is not None and gpt is not None:
        say({"event": "stage", "stage": "likelihood"})
        extra = {"likelihood": likelihood_scores(paths, tokenizer, gpt, max_events, device)}
        if len(extra["likelihood"]) != len(features):
            raise DataError("likelihood scores and features disagree in event count")  # same reader: a bug
    res = search_features(features, cfg, extra_scores=extra, progress=progress)
    ctl = None
    if control:
        say({"event": "stage", "stage": "control (mjj shuffled)"})
        ctl = search_features(shuffled_control(features, cfg.seed + 1), cfg, extra_scores=extra,
                              progress=progress, calibration=res["_calibration"])  # same spectrum
    result = _result(res, ctl, paths, features, cfg)
    write_json(out / "metrics.json", result)
    write_json(out / "answer.json", {**result["answer"], "verdict": result["verdict"],
                                     "global_p_rule": result["global_p_rule"]})
    _write_scores(out / "scores.csv", features, res["event_scores"])
    plot_spectrum(res, out / "spectrum.png", title=f"{len(features)} events")
    plot_scan({"search": res, **({"control (mjj shuffled)": ctl} if ctl else {})}, out / "pscan.png")
    _write_summary(out / "summary.md", result)
    return result


def _brief(r: dict[str, Any]) -> dict[str, Any]:
    b = r["best"]
    return {"answer": r["answer"], "found": r["found"], "p_local": r["p_local"],
            "z_local": r["z_local"], "trials": r["trials"], "best_window_sr": b["sr"],
            "best_sr_vs_sb_auc": b["sr_vs_sb_auc"], "verdict": r["verdict"]}


def _result(res: dict[str, Any], ctl: dict[str, Any] | None, paths: Sequence[str | Path],
            features: pd.DataFrame, cfg: SearchConfig) -> dict[str, Any]:
    keep = {k: v for k, v in res.items() if k not in ("event_scores", "_calibration")}
    control = None
    if ctl is not None:
        aucs = np.array([t["sr_vs_sb_auc"] for t in ctl["tests"] if t["method"] == "cwola"])
        control = {**_brief(ctl), "sr_vs_sb_auc_mean": float(aucs.mean()),
                   "sr_vs_sb_auc_std": float(aucs.std())}
    return {**keep, "control": control, "files": [str(p) for p in paths], "n_events": len(features),
            "provenance": provenance()}


def _write_scores(path: Path, features: pd.DataFrame, ev: dict[str, Any]) -> None:
    lo, hi = ev["sr"]
    mjj = features["mjj"].to_numpy()
    with atomic_path(path) as tmp, open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "event_index", "mjj", "score", "in_sr"])
        for i, (fi, ei, m, s) in enumerate(zip(features["file"], features["event_index"], mjj,
                                               ev["score"], strict=True)):
            w.writerow([int(fi), int(ei), f"{m:.2f}", "" if not np.isfinite(s) else f"{s:.6f}",
                        int(lo <= mjj[i] < hi)])


def _write_summary(path: Path, r: dict[str, Any]) -> None:
    a, b = r["answer"], r["best"]
    lines = [
        "# Resonance search", "",
        f"**{r['verdict']}**", "",
        f"Answer: p_value = {a['p_value']:.3g}, m_res = {a['m_res']} GeV, "
        f"signal_percentage = {a['signal_percentage']}.", "",
        f"{r['n_events']} events, {r['n_windows']} mjj windows, {r['trials']} tests; "
        f"{r['global_p_rule']}.", "",
        f"Best test: SR {b['sr'][0]:.0f}-{b['sr'][1]:.0f} GeV, {b['method']}, top "
        f"{100 * b['efficiency']:g}%: {b['n_selected_sr']:.0f} events selected on a predicted "
        f"{b['background_sr']:.1f} +- {b['background_sr_err']:.1f}; local p = {b['p_local']:.3g}; "
        f"SR-vs-SB held-out AUC {b['sr_vs_sb_auc']:.3f}.", "",
    ]
    if r["control"]:
        c = r["control"]
        lines += [f"Control (mjj shuffled against the features): global p = "
                  f"{c['answer']['p_value']:.3g}; SR-vs-SB AUC over windows "
                  f"{c['sr_vs_sb_auc_mean']:.3f} +- {c['sr_vs_sb_auc_std']:.3f}.", ""]
    lines += ["![spectrum](spectrum.png)", "", "![local p-values](pscan.png)", ""]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines))
