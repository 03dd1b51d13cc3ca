"""The search stages of benchmarks/search.py: the control study, the search over injected
fractions and null boxes, scoring against the truth, figures and the results JSON."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.search import load_features
from benchmarks.search_calib import plot_nulls
from omnijet.search.cwola import feature_matrix, kfold_scores
from omnijet.search.report import plot_scan, plot_sic, plot_sic_vs_fraction, plot_spectrum
from omnijet.search.scan import SearchConfig, search_features
from omnijet.search.score import SIC_RULE, benchmark_metrics, idealised_scores, supervised_scores
from omnijet.utils import provenance, write_json

OLD_SR, OLD_SB = (3300.0, 3700.0), 300.0  # the first round's fixed signal region


def pools(work: Path, tag: str = "3500_500_100") -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """All background shards made so far, and the signal pool."""
    files = sorted((work / "data").glob("qcd_*_shard*.features.npz"))
    if not files:
        raise SystemExit(f"no background shards under {work / 'data'}: run --stage data first")
    bkg = pd.concat([load_features(f) for f in files], ignore_index=True)
    sig = load_features(next((work / "data").glob(f"signal_{tag}_*.features.npz")))
    return bkg, sig, [f.name for f in files]


def _mean_err(v: list[float]) -> dict[str, float]:
    a = np.asarray(v)
    return {"mean": float(a.mean()), "std": float(a.std(ddof=1)) if len(a) > 1 else 0.0,
            "err": float(a.std(ddof=1) / np.sqrt(len(a))) if len(a) > 1 else 0.0, "n": len(a)}


ARMS = {  # name: (features, sideband weights, rollback to the best iteration, ensemble)
    "first round: raw masses": ("raw", False, False, 0),
    "masses / mjj": ("scaled", False, False, 0),
    "masses / mjj, best iteration": ("scaled", False, True, 2),
    "masses / mjj, balanced sidebands": ("scaled", True, False, 2),
    "masses / mjj, balanced sidebands, best iteration (the search)": ("scaled", True, True, 2),
}


def _arm_scores(arm: tuple, d: pd.DataFrame, y: np.ndarray, side: np.ndarray, t: pd.DataFrame,
                seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(held-out SR-vs-SB scores, test scores, in-sample scores) of one arm."""
    from omnijet.transfer.anomaly_scores import cwola_scores  # the first round's (control only)

    which, weights, rollback, ensemble = arm
    x, xt = feature_matrix(d, which), feature_matrix(t, which)
    if ensemble == 0:  # the first round's classifier (omnijet.transfer.anomaly_scores)
        oof, s_test = cwola_scores(x, y, xt, folds=5, model="hgb", seed=seed)
        return oof, s_test, None
    sc = kfold_scores(x, y, xt, 5, ensemble, seed, side if weights else None, rollback)
    return sc.held_out, sc.others, sc.in_sample


def control_study(bkg: pd.DataFrame, sig: pd.DataFrame, sizes: list[int], seeds: int,
                  arms: list[str] | None = None) -> dict[str, Any]:
    """Why the first round's no-signal CWoLa control sat at AUC 0.7-0.8, measured.

    The first round's set-up: SR 3.3-3.7 TeV with 300 GeV sidebands, background-only "data"
    (half of the events) for CWoLa (5 folds), signal vs background AUC on the other half's SR
    plus signal events. Varied: the event count, the features (raw masses vs masses / mjj), the
    sideband balance, early stopping's rollback, and held-out vs in-sample evaluation.
    """
    from omnijet.transfer.anomaly_scores import regions

    rows = []
    sig_sr = sig[regions(sig.mjj.to_numpy(), OLD_SR, OLD_SB)[0]]
    for n in sizes:
        for name, arm in ARMS.items():
            if arms and not any(a in name for a in arms):
                continue
            acc: dict[str, list[float]] = {"signal_vs_bkg_auc": [], "sr_vs_sb_auc_held_out": [],
                                            "sr_vs_sb_auc_in_sample": []}
            for seed in range(seeds):
                rng = np.random.default_rng(seed)
                ev = bkg.iloc[rng.choice(len(bkg), size=min(n, len(bkg)), replace=False)]
                half = len(ev) // 2
                data, test = ev.iloc[:half], ev.iloc[half:]
                m = data.mjj.to_numpy()
                d_sr, d_sb = regions(m, OLD_SR, OLD_SB)
                d = data[d_sr | d_sb]
                y = d_sr[d_sr | d_sb].astype(int)
                side = np.where(y == 1, 0, np.where(m[d_sr | d_sb] < OLD_SR[0], -1, 1))
                t_bkg = test[regions(test.mjj.to_numpy(), OLD_SR, OLD_SB)[0]]
                t = pd.concat([t_bkg, sig_sr], ignore_index=True)
                yt = np.r_[np.zeros(len(t_bkg)), np.ones(len(sig_sr))]
                held, s_test, s_in = _arm_scores(arm, d, y, side, t, seed)
                acc["signal_vs_bkg_auc"].append(benchmark_metrics(yt, s_test)["auc"])
                acc["sr_vs_sb_auc_held_out"].append(benchmark_metrics(y, held)["auc"])
                if s_in is not None:
                    acc["sr_vs_sb_auc_in_sample"].append(benchmark_metrics(y, s_in)["auc"])
            row = {"n_background": int(min(n, len(bkg))), "arm": name,
                   **{k: _mean_err(v) for k, v in acc.items() if v}}
            print({k: (v["mean"], v["std"]) if isinstance(v, dict) else v for k, v in row.items()},
                  flush=True)
            rows.append(row)
    return {"setup": "first round's: SR 3.3-3.7 TeV, 300 GeV sidebands, background-only data "
                     "(half the events, resampled per seed), 5-fold CWoLa (HGB); test = other half's SR + "
                     f"{len(sig_sr)} signal events in the SR; mean and std over seeds", "rows": rows}


def make_box(bkg: pd.DataFrame, sig: pd.DataFrame, fraction: float, seed: int
             ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Background + round(f/(1-f) B) signal events, shuffled; (features, labels, unused signal)."""
    rng = np.random.default_rng(seed)
    n_sig = int(round(fraction / (1 - fraction) * len(bkg)))
    pick = rng.permutation(len(sig))
    box = pd.concat([bkg, sig.iloc[pick[:n_sig]]], ignore_index=True)
    label = np.r_[np.zeros(len(bkg), int), np.ones(n_sig, int)]
    order = rng.permutation(len(box))
    return box.iloc[order].reset_index(drop=True), label[order], pick[n_sig:]


def score_box(res: dict[str, Any], box: pd.DataFrame, label: np.ndarray, sig_rest: pd.DataFrame,
              m_true: float, cfg: SearchConfig, seed: int) -> dict[str, Any]:
    """CWoLa, idealised detector and supervised classifier in the window nearest the true mass."""
    w = min(res["windows"], key=lambda w: abs(w["center"] - m_true))
    lo, hi = w["sr"]
    in_sr = (box.mjj >= lo).to_numpy() & (box.mjj < hi).to_numpy()
    y = label[in_sr]
    x = feature_matrix(box, cfg.features)[in_sr]
    out: dict[str, Any] = {"window": w, "n_signal_sr": int(y.sum()), "n_background_sr": int((y == 0).sum())}
    if y.sum() < 1:
        return out
    scores = {"CWoLa": res["window_scores"][w["index"]][in_sr],
              "idealised (truth background template)": idealised_scores(x, y, seed),
              "supervised": supervised_scores(x, y, feature_matrix(sig_rest, cfg.features)[
                  ((sig_rest.mjj >= lo) & (sig_rest.mjj < hi)).to_numpy()], seed=seed)}
    out.update({k: benchmark_metrics(y, s, curve=True) for k, s in scores.items()})
    best = res["event_scores"]
    bs = best["score"][in_sr]
    if np.isfinite(bs).all():
        out["reported_scores"] = benchmark_metrics(y, bs)
    return out


def _strip(res: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in res.items() if k not in ("window_scores", "event_scores", "_calibration")}


def _part(run: Path, tag: str, f: float) -> Path:
    return run / "parts" / f"{tag}_{f:g}.json"


def search_parts(a) -> None:
    """--stage search: one black box per injected fraction of the --signal pool (its mass
    --m-true), searched and scored; each box to run/parts/<signal>_<fraction>.json."""
    bkg, sig, shards = pools(a.work, a.signal)
    print(f"{len(bkg)} background events from {len(shards)} shards, {len(sig)} signal ({a.signal})",
          flush=True)
    cfg = SearchConfig(ensemble=a.ensemble, toys=a.toys)
    for f in a.fractions:
        s = time.time()
        box, label, rest = make_box(bkg, sig, f, seed=1)
        res = search_features(box, cfg, keep_scores=True, progress=lambda e: print(e, flush=True))
        sc = score_box(res, box, label, sig.iloc[rest], a.m_true, cfg, seed=1)
        part = {"signal": a.signal, "m_true": a.m_true, "fraction": f, "n_signal": int(label.sum()),
                "n_background": len(bkg), "shards": shards, "config": cfg.to_dict(),
                "truth": {"m_res": a.m_true if f > 0 else -1,
                          "signal_percentage": 100.0 * label.sum() / len(label)},
                "search": _strip(res), "scores": sc, "seconds": round(time.time() - s, 1),
                "command": "flock /tmp/omnijet-heavy.lock .venv/bin/python " + " ".join(sys.argv)}
        write_json(_part(a.work / "run", a.signal, f), part)
        print(f, a.signal, res["answer"], res["verdict"], f"{part['seconds']} s", flush=True)


def report(a) -> None:
    """--stage report: the parts, the control study, the null study and the statistics toys
    into results/search.json and the figures (no computation beyond plotting)."""
    from omnijet.utils import read_json

    run = a.work / "run"
    parts = [read_json(p) for p in sorted((run / "parts").glob("*.json"))]
    if not parts:
        raise SystemExit(f"no searched boxes under {run / 'parts'}: run --stage search first")
    for old in run.glob("*.png"):  # figures of earlier runs must not pass for this one's
        old.unlink()
    side = {k: a.out.with_name(f"{a.out.stem}_{k}.json") for k in ("control", "calib")}
    nulls = {}
    for f in sorted(a.out.parent.glob(f"{a.out.stem}_nulls_*.json")):
        study = read_json(f)
        tag = f.stem.removeprefix(f"{a.out.stem}_nulls_")
        nulls[tag] = {"source": study.get("source", "pool"), "box_size": study["box_size"],
                      **study["summary"]}
        plot_nulls(study["boxes"], run / f"nulls_{tag}.png", study.get("source", "pool"))
    results: dict[str, Any] = {"n_background": parts[0]["n_background"], "shards": parts[0]["shards"],
                               "sic_rule": SIC_RULE, "config": parts[0]["config"],
                               "commands": sorted({p["command"] for p in parts}),
                               "runs": {f"{p['signal']}_{p['fraction']:g}": p for p in parts},
                               "null_study": nulls,
                               **{f"{k}_file": str(v) for k, v in side.items() if v.exists()}}
    results["signal_percentage"] = percentage_bias(parts)
    _figures_from_parts(parts, run, a.spectrum_fraction, a.spectrum_signal,
                        read_json(side["control"]) if side["control"].exists() else None)
    _figures(results, run, a.out)
    results["provenance"] = provenance()
    write_json(a.out, results)
    print(f"wrote {a.out}")


def percentage_bias(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """signal_percentage against the truth at every claimed box, and what the same fit (mean
    fixed at the reported m_res, same window) finds in the background-only box: every box
    shares that background, so its own fluctuation at that mass shifts every estimate alike."""
    from omnijet.search import stats

    null = next((p for p in parts if p["fraction"] == 0), None)
    rows = []
    for p in sorted(parts, key=lambda p: (p["signal"], p["fraction"])):
        ans, est = p["search"]["answer"], p["search"]["signal_estimate"]
        if p["fraction"] == 0 or ans["m_res"] == -1:
            continue
        n_tot = p["search"]["n_events"]
        row = {"signal": p["signal"], "fraction": p["fraction"],
               "true_percentage": p["truth"]["signal_percentage"],
               "reported": ans["signal_percentage"], "err": est["percentage_err"],
               "m_res": ans["m_res"], "m_true": p["m_true"]}
        row["pull"] = (row["reported"] - row["true_percentage"]) / row["err"]
        if null is not None:
            e, c = np.asarray(null["search"]["fit"]["edges"]), np.asarray(null["search"]["fit"]["counts"])
            h = stats.mjj_hist(np.empty(0), e)
            h.view()[:] = c
            n0, _, _ = stats.fit_signal_plus_dijet(h, tuple(p["search"]["best"]["sr"]),
                                                   p["config"]["resolution"], mean=ans["m_res"])
            row["background_only_percentage"] = 100.0 * n0 / n_tot
            row["pull_after_background_only"] = (row["reported"] - row["background_only_percentage"]
                                                 - row["true_percentage"]) / row["err"]
        rows.append(row)
    return rows


def _figures_from_parts(parts: list[dict[str, Any]], run: Path, f_spec: float, tag_spec: str,
                        control: dict[str, Any] | None) -> None:
    methods = ["CWoLa", "idealised (truth background template)", "supervised"]
    ctl = None
    if control:
        arms = [r for r in control["rows"] if r.get("arm", r.get("features", "")).endswith("(the search)")]
        if arms:
            ctl = {"auc": arms[-1]["signal_vs_bkg_auc"]["mean"], "auc_err": arms[-1]["signal_vs_bkg_auc"]["std"]}
    for tag in sorted({p["signal"] for p in parts}):
        mine = sorted((p for p in parts if p["signal"] == tag), key=lambda p: p["fraction"])
        rows = [{"fraction": p["fraction"], **{k: p["scores"][k] for k in methods}}
                for p in mine if p["fraction"] > 0 and "CWoLa" in p["scores"]]
        if rows:
            plot_sic_vs_fraction(rows, methods, run / f"sic_vs_fraction_{tag}.png",
                                 control=ctl if tag == tag_spec else None)
        plot_scan({f"S/(S+B) = {p['fraction']:g}": p["search"] for p in mine}, run / f"pscan_{tag}.png")
    spec = next((p for p in parts if p["signal"] == tag_spec and p["fraction"] == f_spec), None)
    if spec is not None:
        plot_spectrum(spec["search"], run / "spectrum.png", title=f"S/(S+B) = {f_spec:g}")
        sc = spec["scores"]
        if "CWoLa" in sc:
            lo, hi = sc["window"]["sr"]
            plot_sic({k: sc[k] for k in methods}, run / "sic.png",
                     rlabel=f"S/(S+B) = {f_spec:g}, SR {lo:.0f}-{hi:.0f} GeV")


def control_only(a) -> None:
    """--stage control: the control study alone, into <out stem>_control.json."""
    bkg, sig, shards = pools(a.work)
    res = control_study(bkg, sig, a.control_sizes, a.control_seeds, a.control_arms)
    write_json(a.out.with_name(f"{a.out.stem}_control.json"), {**res, "shards": shards})


def _figures(results: dict[str, Any], run: Path, out: Path) -> None:
    for src in sorted(run.glob("*.png")):
        dst = out.with_name(f"{out.stem}_{src.name}")
        shutil.copyfile(src, dst)
        results.setdefault("plots", []).append(str(dst))
