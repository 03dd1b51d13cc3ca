"""Calibration of the search's global p-value (issue 27): why background-only boxes claimed
more often than 5%, and whether the pseudo-experiment calibration fixes it.

    statistics  random-selection pseudo-experiments of a spectrum, with parts of the chain
                replaced by the truth, to see which part moves the local p-value:
                  search            the search's chain (blinded fit, sideband efficiency, pyhf)
                  true background   known background x known efficiency: Poisson + asymptotics
                  fitted, true eff  the blinded fit, the efficiency known
                  per-bin fit error the fit error added per bin (the old rule), not through the
                                    fit parameters
    nulls       full searches (CWoLa retrained) on background-only boxes: each test's local p,
                the same tests with a random score instead of CWoLa's, the Sidak global p and
                the calibrated one; the fraction of boxes with a global p below 0.05.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import kstest

from omnijet.search import stats
from omnijet.search.scan import (
    SearchConfig,
    _bin_of,
    bin_edges,
    count_test,
    make_windows,
    search_features,
    selected_counts,
)

MODES = ("search", "true background", "fitted, true eff", "per-bin fit error")


def _setup(mjj: np.ndarray, cfg: SearchConfig):
    edges = bin_edges(mjj, cfg)
    bins = _bin_of(mjj, edges)
    counts = np.bincount(bins[bins >= 0], minlength=len(edges) - 1).astype(float)
    windows = make_windows(counts, edges, cfg)
    h = stats.mjj_hist(mjj[bins >= 0], edges)
    return edges, bins, counts, windows, [stats.fit_dijet(h, blind=w.sr_range) for w in windows], h


def _p_mode(mode: str, win, n: np.ndarray, n_sel: np.ndarray, fit, eps: float, mu: np.ndarray) -> float:
    a, b = win.sr
    n_obs = float(n_sel[a:b].sum())
    if mode == "search":
        return count_test(win, n, n_sel, fit, eps, stats.local_p_value_fast)["p_local"]
    if mode == "true background":
        return stats.local_p_value_fast(n_obs, float(mu[a:b].sum()) * eps, 1e-6)
    sb = np.r_[win.lo_bin:a, b:win.hi_bin]
    eff = stats.fit_efficiency(fit.centers[sb], n[sb], n_sel[sb], m0=win.center)
    if mode == "fitted, true eff":
        eff = stats.SidebandEfficiency(np.array([np.log(eps / (1 - eps)), 0.0]), np.zeros((2, 2)),
                                       win.center)
    pred, err = stats.predicted_selected(fit, slice(a, b), eff)
    if mode == "per-bin fit error":
        e = eff(fit.centers[a:b])
        g = (e[:, None] * fit._jac()[a:b]).sum(axis=0)
        err = np.sqrt(max(err**2 - g @ fit.cov @ g + np.sum((fit.expected_err()[a:b] * e) ** 2), 0.0))
    return stats.local_p_value_fast(n_obs, pred, float(err))


def statistics_toys(mjj: np.ndarray, cfg: SearchConfig, n_toys: int, seed: int = 1) -> dict[str, Any]:
    """Per-test and per-search false-claim rates of random selections, per MODES entry."""
    edges, _, counts, windows, fits, h = _setup(mjj, cfg)
    mu = stats.fit_dijet(h).expected
    out: dict[str, Any] = {"n_events": len(mjj), "n_windows": len(windows), "n_toys": n_toys,
                           "fit_chi2_ndf": stats.fit_dijet(h).chi2_ndf,
                           "window_centers": [round(w.center) for w in windows], "modes": {}}
    for mode in MODES:
        rng = np.random.default_rng(seed)
        ps = []
        for _ in range(n_toys):
            n = rng.poisson(mu).astype(float)
            bins = np.repeat(np.arange(len(n)), n.astype(int))
            h.view()[:] = n
            row = []
            for win, of in zip(windows, fits, strict=True):
                fit = replace(stats.fit_dijet(h, blind=win.sr_range, start=of.params, errors=False),
                              cov=of.cov)
                score = rng.random(len(bins))
                for eps in cfg.efficiencies:
                    row.append(_p_mode(mode, win, n, selected_counts(win, bins, score, eps, len(n)),
                                       fit, eps, mu))
            ps.append(row)
        out["modes"][mode] = _rates(np.array(ps), cfg.efficiencies)
        print(mode, out["modes"][mode], flush=True)
    return out


def _binom(k: int, n: int) -> dict[str, float]:
    """k of n, its binomial error, and the spread 5% would have at this n."""
    p = k / max(n, 1)
    return {"k": k, "n": n, "fraction": p, "err": float(np.sqrt(p * (1 - p) / max(n, 1))),
            "err_if_5pct": float(np.sqrt(0.05 * 0.95 / max(n, 1)))}


def _rates(p: np.ndarray, effs) -> dict[str, Any]:
    """p (T, tests): per-test P(p < 0.05) by cut, and the Sidak claim rate over the tests."""
    e = np.tile(np.asarray(effs), p.shape[1] // len(effs))
    mn = p.min(axis=1)
    sidak = -np.expm1(p.shape[1] * np.log1p(-mn))
    n_eff = float(-len(mn) / np.sum(np.log1p(-np.clip(mn, 0, 1 - 1e-12))))
    return {"tests_per_search": int(p.shape[1]),
            "per_test_p_below_0.05": {f"{x:g}": _binom(int((p[:, e == x] < 0.05).sum()),
                                                       int((e == x).sum() * len(p))) for x in effs},
            "sidak_global_below_0.05": _binom(int((sidak < 0.05).sum()), len(mn)),
            "n_eff": n_eff}


def _random_tests(box: pd.DataFrame, cfg: SearchConfig, seed: int) -> list[float]:
    """The search's tests with a uniform random score per window in place of CWoLa's."""
    mjj = box.mjj.to_numpy(np.float64)
    edges, bins, counts, windows, fits, _ = _setup(mjj, cfg)
    rng = np.random.default_rng(seed)
    out = []
    for win, fit in zip(windows, fits, strict=True):
        score = rng.random(len(mjj))
        for eps in cfg.efficiencies:
            out.append(count_test(win, counts, selected_counts(win, bins, score, eps, len(counts)),
                                  fit, eps)["p_local"])
    return out


def pool_boxes(bkg: pd.DataFrame, box_size: int, seed: int = 100):
    """Box i of a pool: the k-th slice of partition i // per (per = pool // box_size), so the
    boxes of one partition are disjoint."""
    per_part = max(1, len(bkg) // box_size)

    def box(i: int) -> tuple[pd.DataFrame, int]:
        part, k = divmod(i, per_part)
        order = np.random.default_rng(seed + part).permutation(len(bkg))
        return bkg.iloc[np.sort(order[k * box_size:(k + 1) * box_size])].reset_index(drop=True), part
    return box


def null_study(box_of, cfg: SearchConfig, boxes: range, tag: str, parts: Path,
               seed: int = 100) -> list[dict[str, Any]]:
    """Full searches with CWoLa on background-only boxes box_of(i) -> (events, partition);
    each box to parts/<tag>_<i>.json (a study can run in chunks)."""
    from omnijet.utils import write_json

    rows = []
    for i in boxes:
        box, part = box_of(i)
        t = time.time()
        res = search_features(box, replace(cfg, seed=cfg.seed + i))
        cw = [x["p_local"] for x in res["tests"]]
        rows.append({"box": i, "partition": part, "n_events": len(box), "trials": res["trials"],
                     "p_local": res["p_local"], "global_p": res["answer"]["p_value"],
                     "global_p_sidak": res["global_p_sidak"], "calibration": res["calibration"],
                     "found": res["found"], "best_sr": res["best"]["sr"],
                     "cwola_tests_p": cw, "random_tests_p": _random_tests(box, cfg, seed + i),
                     "sr_vs_sb_auc": [x["sr_vs_sb_auc"] for x in res["tests"][::len(cfg.efficiencies)]],
                     "config": cfg.to_dict(), "seconds": round(time.time() - t, 1)})
        r = rows[-1]
        write_json(parts / f"{tag}_{i}.json", r)
        print(f"null box {i}: global p {r['global_p']:.3g} (Sidak {r['global_p_sidak']:.3g}), "
              f"p_local {r['p_local']:.3g}, N_eff {r['calibration']['n_eff']:.1f}/{r['trials']}, "
              f"{r['seconds']} s", flush=True)
    return rows


def null_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Claim rates (binomial errors), per-test rates of CWoLa vs random selections, and a KS
    test of the calibrated global p against the uniform law it should follow."""
    gp = np.array([r["global_p"] for r in rows])
    cw = np.concatenate([r["cwola_tests_p"] for r in rows])
    rd = np.concatenate([r["random_tests_p"] for r in rows])
    auc = np.concatenate([r["sr_vs_sb_auc"] for r in rows])
    return {
        "calibrated_global_p_below_0.05": _binom(int((gp < 0.05).sum()), len(gp)),
        "sidak_global_p_below_0.05": _binom(int((np.array([r["global_p_sidak"] for r in rows]) < 0.05).sum()),
                                            len(gp)),
        "calibrated_global_p_ks_uniform_p": float(kstest(gp, "uniform").pvalue),
        "cwola_test_p_below_0.05": _binom(int((cw < 0.05).sum()), len(cw)),
        "random_test_p_below_0.05": _binom(int((rd < 0.05).sum()), len(rd)),
        "cwola_test_p_below_0.01": _binom(int((cw < 0.01).sum()), len(cw)),
        "random_test_p_below_0.01": _binom(int((rd < 0.01).sum()), len(rd)),
        "sr_vs_sb_auc": {"mean": float(auc.mean()), "std": float(auc.std(ddof=1))},
    }


def plot_nulls(rows: list[dict[str, Any]], out: Path, source: str = "pool") -> Path:
    """Background-only boxes: ECDF of the calibrated and the Sidak global p against the uniform
    law a calibrated p follows (band: the binomial spread of an ECDF of len(rows) boxes); and
    the per-test local p of CWoLa's selections against random selections of the same boxes."""
    import matplotlib.pyplot as plt

    from omnijet.plotting import hep_style, save, sim_label

    n = len(rows)
    with hep_style():
        fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.6), layout="constrained")
        u = np.linspace(0, 1, 101)
        band = np.sqrt(u * (1 - u) / n)
        a.fill_between(u, u - band, u + band, color="grey", alpha=0.3, lw=0, label=r"uniform $\pm 1\sigma$")
        for key, name in (("global_p", "calibrated (pseudo-experiments)"), ("global_p_sidak", "Sidak, nominal trials")):
            p = np.sort([r[key] for r in rows])
            a.step(np.r_[0, p, 1], np.r_[0, np.arange(1, n + 1) / n, 1], where="post", label=name)
        a.axvline(0.05, color="k", ls=":", lw=1)
        a.set_xlabel("global p-value")
        a.set_ylabel(f"fraction of {n} null boxes below")
        a.legend(frameon=False, fontsize=9)
        text = "Toy events (unit tests' generator)" if source == "toy" else "Simulation (Pythia 8)"
        sim_label(a, rlabel=f"{rows[0]['n_events'] // 1000}k background events per box", text=text)
        for key, name in (("cwola_tests_p", "CWoLa selection"), ("random_tests_p", "random selection")):
            p = np.sort(np.concatenate([r[key] for r in rows]))
            b.step(p, np.arange(1, len(p) + 1) / len(p), where="post", label=f"{name} ({len(p)} tests)")
        b.plot([1e-4, 1], [1e-4, 1], color="grey", ls=":", lw=1, label="calibrated local p")
        b.set_xscale("log")
        b.set_yscale("log")
        b.set_xlim(1e-3, 1)
        b.set_ylim(1e-3, 1)
        b.set_xlabel("local p-value")
        b.set_ylabel("fraction of tests below")
        b.legend(frameon=False, fontsize=9)
        sim_label(b, text=text)
        return save(fig, out)
