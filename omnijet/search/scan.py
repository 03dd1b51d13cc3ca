"""Sliding-window resonance search: is there a localised excess of anomalous events in mjj?

    windows   SR = [c (1 - h), c (1 + h)) with h = `half_width` x the relative mjj resolution,
              sidebands of the same width on both sides, step = half the SR width; every edge
              sits on the fit histogram's bins (log-spaced, `bin_frac` wide).
    per window CWoLa (SR vs balanced SBs, k folds x ensemble, each classifier rolled back to
              its best validation iteration, held-out scores; omnijet.search.cwola), and
              any fixed per-event score given (e.g. the GPT likelihood). For each selection
              efficiency eps: keep the events of SR u SB above the (1 - eps) score quantile;
              background after the cut in the SR = dijet fit of the inclusive spectrum with
              the SR blinded x the selected fraction fitted across the sideband bins; local
              p-value of the observed count (pyhf, omnijet.search.stats).
    trials    windows x efficiencies x methods; global p = Sidak of the smallest local p over an
              effective number of tests fitted to background-only pseudo-experiments
              (omnijet.search.calibrate; cfg.toys = 0: over the nominal count).
    answer    p_value (global), m_res and signal_percentage from a dijet + Gaussian fit of the
              inclusive spectrum with the peak inside the best window's SR (m_res = -1 and 0 %
              when global p >= alpha), as the published agent benchmark asks (arXiv:2509.08535).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from omnijet.config import ResonanceSearchConfig, default_of
from omnijet.errors import ConfigError, DataError
from omnijet.search import stats
from omnijet.search.calibrate import Calibration, null_toys
from omnijet.search.cwola import FeatureSet, feature_matrix, kfold_scores

Progress = Callable[[dict[str, Any]], None]


def _setting(name: str) -> Any:
    """A setting of the search operation: its default is ResonanceSearchConfig's."""
    return default_of(ResonanceSearchConfig, name)


@dataclass(frozen=True)
class SearchConfig:
    resolution: float = _setting("resolution")
    half_width: float = 1.5  # SR half width in resolutions (1.5: +-6% at 4% resolution)
    bin_frac: float = 0.02  # fit-histogram bin width relative to mjj (half the resolution)
    m_min: float | None = None  # lower edge of the fit range [GeV]; default 1.03 x the mode
    m_max: float = 9000.0
    min_sr_events: int = 300  # windows need this many events in the SR
    efficiencies: tuple[float, ...] = tuple(_setting("efficiencies"))
    folds: int = _setting("folds")
    ensemble: int = _setting("ensemble")
    features: FeatureSet = "scaled"
    alpha: float = 0.05  # a global p-value below this is reported as an excess
    toys: int = 200  # background-only pseudo-experiments calibrating the global p (0: Sidak)
    seed: int = _setting("seed")

    @classmethod
    def of(cls, op: ResonanceSearchConfig) -> SearchConfig:
        """The method's block of a search operation: its settings, the constants as declared here."""
        return cls(resolution=op.resolution, efficiencies=tuple(op.efficiencies), folds=op.folds,
                   ensemble=op.ensemble, seed=op.seed)

    def __post_init__(self) -> None:
        checks = [
            (0.005 <= self.resolution <= 0.3, f"resolution {self.resolution} (sigma/m) must lie in 0.005-0.3"),
            (self.folds >= 2, f"folds must be >= 2, got {self.folds}"),
            (self.ensemble >= 1, f"ensemble must be >= 1, got {self.ensemble}"),
            (len(self.efficiencies) >= 1 and all(0 < e < 1 for e in self.efficiencies),
             f"selection efficiencies must lie in (0, 1), got {self.efficiencies}"),
            (0 < self.alpha < 1, f"alpha must lie in (0, 1), got {self.alpha}"),
            (self.min_sr_events >= 50, f"min_sr_events must be >= 50, got {self.min_sr_events}"),
            (self.toys == 0 or self.toys >= 20, f"toys must be 0 (Sidak) or >= 20, got {self.toys}"),
        ]
        for ok, msg in checks:
            if not ok:
                raise ConfigError(msg)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Window:
    index: int
    lo_bin: int  # first SB-low bin
    sr: tuple[int, int]  # SR bins [a, b)
    hi_bin: int  # end of SB-high bins (exclusive)
    edges: np.ndarray = field(repr=False)

    @property
    def sr_range(self) -> tuple[float, float]:
        return float(self.edges[self.sr[0]]), float(self.edges[self.sr[1]])

    @property
    def range(self) -> tuple[float, float]:
        return float(self.edges[self.lo_bin]), float(self.edges[self.hi_bin])

    @property
    def center(self) -> float:
        lo, hi = self.sr_range
        return float(np.sqrt(lo * hi))


def bin_edges(mjj: np.ndarray, cfg: SearchConfig) -> np.ndarray:
    """Log-spaced edges from the fit range's lower edge to m_max (or the last event)."""
    lo = cfg.m_min
    if lo is None:  # the mode of the spectrum: below it the trigger turn-on, not the dijet law
        fine = np.geomspace(max(np.quantile(mjj, 0.001), 500.0), np.quantile(mjj, 0.9), 60)
        counts, _ = np.histogram(mjj, fine)
        lo = 1.03 * float(np.sqrt(fine[np.argmax(counts)] * fine[np.argmax(counts) + 1]))
    hi = min(cfg.m_max, float(mjj.max()) * 1.0001)
    if hi <= lo * (1 + 10 * cfg.bin_frac):
        raise DataError(f"mjj spans too little above {lo:.0f} GeV to fit a spectrum (max {hi:.0f})")
    n = int(np.ceil(np.log(hi / lo) / np.log1p(cfg.bin_frac)))
    return lo * (1 + cfg.bin_frac) ** np.arange(n + 1)


def make_windows(counts: np.ndarray, edges: np.ndarray, cfg: SearchConfig) -> list[Window]:
    """Every SR whose sidebands fit inside the range and which holds >= min_sr_events."""
    w = max(2, int(round(2 * cfg.half_width * cfg.resolution / cfg.bin_frac)))  # SR width in bins
    step = max(1, w // 2)
    out = []
    for a in range(w, len(counts) - 2 * w + 1, step):
        if counts[a : a + w].sum() >= cfg.min_sr_events and counts[a + w : a + 2 * w].sum() > 0:
            out.append(Window(len(out), a - w, (a, a + w), a + 2 * w, edges))
    if not out:
        raise DataError(f"no mjj window holds >= {cfg.min_sr_events} events in its signal region "
                        f"({int(counts.sum())} events in the fit range): too few events to search")
    return out


def _bin_of(mjj: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """(E,) bin index of each event; -1 outside the fit range."""
    b = np.searchsorted(edges, mjj, side="right") - 1
    return np.where((b >= 0) & (b < len(edges) - 1), b, -1)


def selected_counts(win: Window, bins: np.ndarray, score: np.ndarray, eps: float,
                    n_bins: int) -> np.ndarray:
    """(B,) events per bin of SR u SB whose score is above its (1 - eps) quantile there."""
    in_win = (bins >= win.lo_bin) & (bins < win.hi_bin)
    thr = np.quantile(score[in_win], 1.0 - eps)  # (a fixed score: its quantile in this window)
    sel = in_win & (score > thr)
    return np.bincount(bins[sel], minlength=n_bins).astype(float)


def count_test(win: Window, counts: np.ndarray, n_sel: np.ndarray, fit: stats.DijetFit,
               eps: float, p_value: Callable[[float, float, float], float] = stats.local_p_value
               ) -> dict[str, Any]:
    """One (window, efficiency) test on binned counts: background after the cut in the SR =
    blinded dijet fit x the selected fraction fitted across the sidebands; its local p."""
    a, b = win.sr
    sb = np.r_[win.lo_bin:a, b:win.hi_bin]
    eff = stats.fit_efficiency(fit.centers[sb], counts[sb], n_sel[sb], m0=win.center)
    pred, pred_err = stats.predicted_selected(fit, slice(a, b), eff)
    n_obs = float(n_sel[a:b].sum())
    p = p_value(n_obs, pred, pred_err)
    return {"efficiency": eps, "n_selected_sr": n_obs, "background_sr": pred,
            "background_sr_err": pred_err, "p_local": p, "z_local": stats.significance(p),
            "sb_efficiency": float(n_sel[sb].sum() / max(counts[sb].sum(), 1))}


def search_features(
    features: pd.DataFrame, cfg: SearchConfig = SearchConfig(), *,
    extra_scores: Mapping[str, np.ndarray] | None = None, progress: Progress | None = None,
    keep_scores: bool = False, calibration: Calibration | None = None,
) -> dict[str, Any]:
    """The search on one file's events (features: mjj, mj1, mj2, tau21_j1, tau21_j2; labels,
    if present, are never read). Returns the result dict and, under "event_scores", the
    per-event scores of the best window (held-out inside its SR u SB, NaN outside it);
    keep_scores: every window's CWoLa scores too, under "window_scores". calibration: the
    pseudo-experiments of another search of the same spectrum (the mjj-shuffled control),
    else cfg.toys new ones (0: Sidak over the nominal trials)."""
    say = progress or (lambda _e: None)
    mjj = features["mjj"].to_numpy(np.float64)
    x = feature_matrix(features, cfg.features)
    edges = bin_edges(mjj, cfg)
    bins = _bin_of(mjj, edges)
    counts = np.bincount(bins[bins >= 0], minlength=len(edges) - 1).astype(float)
    windows = make_windows(counts, edges, cfg)
    h = stats.mjj_hist(mjj[bins >= 0], edges)
    tests, best_scores, fits = [], {}, []
    window_scores: dict[int, np.ndarray] = {}
    for win in windows:
        say({"event": "stage", "stage": "window", "window": win.index, "of": len(windows),
             "sr": win.sr_range})
        fit = stats.fit_dijet(h, blind=win.sr_range)
        fits.append(fit)
        in_win = (bins >= win.lo_bin) & (bins < win.hi_bin)
        b = bins[in_win]
        y = (b >= win.sr[0]) & (b < win.sr[1])
        side = np.where(y, 0, np.where(b < win.sr[0], -1, 1))
        sc = kfold_scores(x[in_win], y, x[:0], cfg.folds, cfg.ensemble, cfg.seed + win.index, side)
        cwola = np.full(len(mjj), np.nan)
        cwola[in_win] = sc.held_out
        if keep_scores:
            window_scores[win.index] = cwola
        methods = {"cwola": cwola, **(extra_scores or {})}
        common = {"window": win.index, "sr": win.sr_range, "center": win.center,
                  "n_sr": int(y.sum()), "n_sb": int((~y).sum()),
                  "sr_vs_sb_auc": sc.sr_vs_sb_auc(y), "fit_chi2_ndf": fit.chi2_ndf,
                  "fit_valid": fit.valid}
        for name, s in methods.items():
            for eps in cfg.efficiencies:
                n_sel = selected_counts(win, bins, s, eps, len(counts))
                t = {**common, "method": name, **count_test(win, counts, n_sel, fit, eps)}
                tests.append(t)
                if not best_scores or t["p_local"] < best_scores["p_local"]:
                    best_scores = {"p_local": t["p_local"], "score": s, "window": win, "fit": fit,
                                   "efficiency": eps}
    if calibration is None and cfg.toys > 0:
        say({"event": "stage", "stage": "pseudo-experiments", "toys": cfg.toys})
        calibration = null_toys(counts, edges, windows, fits, cfg.efficiencies,
                                [False] + [True] * len(extra_scores or {}), count_test,
                                selected_counts, cfg.toys, cfg.seed)
    result = _answer(features, cfg, windows, tests, best_scores, h, calibration, bins)
    if keep_scores:
        result["window_scores"] = window_scores
    return result


def _answer(features: pd.DataFrame, cfg: SearchConfig, windows: list[Window],
            tests: list[dict[str, Any]], best: dict[str, Any], h,
            cal: Calibration | None, bins: np.ndarray) -> dict[str, Any]:
    trials = len(tests)
    top = min(tests, key=lambda t: t["p_local"])
    p_sidak = stats.global_p_value(top["p_local"], trials)
    p_global = cal.global_p(top["p_local"]) if cal is not None else p_sidak
    found = p_global < cfg.alpha
    win: Window = best["window"]
    n_total = len(features)
    sig = _signal_estimate(h, win, cfg, best, bins)  # (also when nothing is claimed: its spread)
    answer = {
        "p_value": p_global, "m_res": round(sig["mean"], 1) if found else -1,
        "signal_percentage": round(100.0 * max(sig["n_signal"], 0.0) / n_total, 4) if found else 0.0,
        "signal_percentage_err": round(100.0 * sig["n_signal_err"] / n_total, 4) if found else 0.0,
    }
    return {
        "answer": answer,
        "found": found,
        "verdict": _verdict(found, p_global, top, win),
        "best": top, "p_local": top["p_local"], "z_local": top["z_local"],
        "z_global": stats.significance(p_global), "trials": trials, "global_p_sidak": p_sidak,
        "calibration": cal.summary(top["p_local"]) if cal is not None else None,
        "global_p_rule": _rule(cal, trials, len(windows), cfg),
        "_calibration": cal,
        "n_windows": len(windows), "n_events": n_total,
        "signal_estimate": {**sig, "percentage_err": 100.0 * sig["n_signal_err"] / n_total},
        "tests": tests,
        "windows": [{"index": w.index, "sr": w.sr_range, "range": w.range, "center": w.center}
                    for w in windows],
        "fit": {"edges": h.axes[0].edges.tolist(), "counts": h.values().tolist()},
        "config": cfg.to_dict(),
        "event_scores": {"score": _masked(best["score"], h, win, features), "window": win.index,
                         "sr": win.sr_range},
    }


def _rule(cal: Calibration | None, trials: int, n_windows: int, cfg: SearchConfig) -> str:
    tests = f"{trials} tests ({n_windows} windows x {len(cfg.efficiencies)} cuts x methods)"
    if cal is None:
        return f"Sidak over {tests}; conservative for overlapping windows"
    return (f"Sidak over N_eff = {cal.n_eff:.1f} effective tests, fitted to the smallest local p of "
            f"{cal.n_toys} background-only pseudo-experiments of the fitted spectrum ({tests})")


def _masked(score: np.ndarray, h, win: Window, features: pd.DataFrame) -> np.ndarray:
    """The score where the window's classifier is defined (its SR u SB), NaN elsewhere."""
    lo, hi = win.range
    mjj = features["mjj"].to_numpy()
    return np.where((mjj >= lo) & (mjj < hi), score, np.nan)


def _verdict(found: bool, p_global: float, top: dict[str, Any], win: Window) -> str:
    lo, hi = win.sr_range
    where = f"{lo:.0f}-{hi:.0f} GeV ({top['method']}, top {100 * top['efficiency']:g}% of events)"
    if not found:
        return (f"no evidence of new physics: global p = {p_global:.3g} after the trials; the "
                f"largest local excess, p = {top['p_local']:.2g} in {where}, is what background "
                f"fluctuations give")
    return (f"excess of anomalous events at mjj {where}: local p = {top['p_local']:.2g} "
            f"(Z = {top['z_local']:.1f}), global p = {p_global:.3g} (Z = "
            f"{stats.significance(p_global):.1f}) after the trials")


def _signal_estimate(h, win: Window, cfg: SearchConfig, best: dict[str, Any],
                     bins: np.ndarray) -> dict[str, float]:
    """Peak position and signal events of the best window.

    Position: a Gaussian (width = resolution x mass) with its mean free inside the SR on top of
    the background expected after the best cut (blinded dijet fit x sideband efficiency),
    fitted to the selected events, whose signal-to-background is many times the inclusive one.
    Count: the dijet + Gaussian fit of the inclusive spectrum with the mean fixed there (the
    cut's signal efficiency is unknown, so the inclusive spectrum is what counts the signal; a
    mean free to roam the SR would pick the largest upward fluctuation and bias the count up).
    """
    counts = h.values()
    n_sel = selected_counts(win, bins, best["score"], best["efficiency"], len(counts))
    a, b = win.sr
    sb = np.r_[win.lo_bin:a, b:win.hi_bin]
    fit = best["fit"]
    eff = stats.fit_efficiency(fit.centers[sb], counts[sb], n_sel[sb], m0=win.center)
    lo, hi = win.lo_bin, win.hi_bin
    n_peak, mean = stats.fit_peak(fit.edges[lo:hi + 1], n_sel[lo:hi],
                                  fit.expected[lo:hi] * eff(fit.centers[lo:hi]), win.sr_range,
                                  cfg.resolution)
    n, err, mean_incl = stats.fit_signal_plus_dijet(h, win.sr_range, cfg.resolution,
                                                    mean=mean if n_peak > 0 else None)
    return {"n_signal": n, "n_signal_err": err, "mean": mean_incl, "mean_selected": mean,
            "n_peak_selected": n_peak, "window_center": win.center}
