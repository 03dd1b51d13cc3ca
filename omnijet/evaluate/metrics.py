"""Binary-classification figures of merit used in tagging and anomaly detection.

Conventions (label 1 = signal, higher score = more signal-like; a cut keeps score >= t):

    tpr = eps_S  (signal efficiency),  fpr = eps_B  (background efficiency)
    rejection at eps_S = e:  1 / eps_B at the tightest cut that still keeps at least a fraction
                             e of the signal (inf when no background passes that cut)
    SIC = tpr / sqrt(fpr):   significance improvement of a cut over no cut
    max SIC:                 the largest SIC over cuts that keep at least `min_bkg` background
                             events (below that, eps_B and hence SIC is dominated by the
                             statistical fluctuation of a handful of events)

Every working point is a distinct score threshold, so tied scores are never split.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import ks_2samp
from sklearn.metrics import roc_auc_score

from omnijet.config import AnomalyScanConfig
from omnijet.errors import DataError

# relative stat. uncertainty on eps_B <= 1/sqrt(20) ~ 22% where SIC counts; the value is the
# anomaly scan's `min_bkg` setting, declared once in omnijet.config
DEFAULT_MIN_BKG: int = AnomalyScanConfig.model_fields["min_bkg"].default


def _check(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y, s = np.asarray(y).ravel(), np.asarray(s, dtype=np.float64).ravel()
    if y.shape != s.shape:
        raise DataError(f"labels and scores differ in length: {y.shape[0]} vs {s.shape[0]}")
    if not np.isin(y, (0, 1)).all():
        raise DataError(f"labels must be 0 (background) or 1 (signal), got {np.unique(y)[:5]}")
    if y.sum() == 0 or y.sum() == len(y):
        raise DataError(f"need both signal and background, got {int(y.sum())} of {len(y)} signal")
    if not np.isfinite(s).all():
        raise DataError(f"{int((~np.isfinite(s)).sum())} scores are not finite")
    return y.astype(bool), s


def counts(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cumulative (signal, background) counts passing `score >= t` for every distinct t.

    Returns n_sig, n_bkg, thresholds, ordered from the tightest cut to the loosest.
    """
    y, s = _check(y, s)
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(s_sorted)), len(s_sorted) - 1]
    n_sig = np.cumsum(y_sorted)[last_of_tie]
    n_bkg = np.cumsum(~y_sorted)[last_of_tie]
    return n_sig, n_bkg, s_sorted[last_of_tie]


def roc(y: np.ndarray, s: np.ndarray) -> dict[str, np.ndarray | float]:
    """ROC curve (fpr, tpr, thresholds, tightest cut first, starting at (0, 0)) and its AUC."""
    n_sig, n_bkg, thr = counts(y, s)
    tpr = np.r_[0.0, n_sig / n_sig[-1]]
    fpr = np.r_[0.0, n_bkg / n_bkg[-1]]
    thr = np.r_[np.inf, thr]
    return {"fpr": fpr, "tpr": tpr, "thresholds": thr, "auc": float(roc_auc_score(y, s))}


def rejection_at(y: np.ndarray, s: np.ndarray, eff: float) -> float:
    """Background rejection 1/eps_B at signal efficiency `eff` (tightest cut with tpr >= eff)."""
    if not 0.0 < eff <= 1.0:
        raise DataError(f"signal efficiency must be in (0, 1], got {eff}")
    n_sig, n_bkg, _ = counts(y, s)
    i = int(np.argmax(n_sig >= eff * n_sig[-1] - 1e-9))  # first (tightest) such cut
    fpr = n_bkg[i] / n_bkg[-1]
    return float("inf") if fpr == 0 else float(1.0 / fpr)


def sic_curve(
    y: np.ndarray, s: np.ndarray, min_bkg: int = DEFAULT_MIN_BKG
) -> dict[str, np.ndarray]:
    """SIC = tpr / sqrt(fpr) at every cut keeping at least `min_bkg` background events."""
    n_sig, n_bkg, thr = counts(y, s)
    keep = n_bkg >= min_bkg
    tpr, fpr = n_sig[keep] / n_sig[-1], n_bkg[keep] / n_bkg[-1]
    return {"tpr": tpr, "fpr": fpr, "sic": tpr / np.sqrt(fpr), "thresholds": thr[keep]}


def max_sic(y: np.ndarray, s: np.ndarray, min_bkg: int = DEFAULT_MIN_BKG) -> float:
    """Largest SIC over cuts that keep at least `min_bkg` background events."""
    n_bkg_total = int((np.asarray(y).ravel() == 0).sum())
    if n_bkg_total < min_bkg:
        raise DataError(f"max SIC needs at least min_bkg={min_bkg} background events, got {n_bkg_total}")
    return float(sic_curve(y, s, min_bkg)["sic"].max())


def binary_summary(y: np.ndarray, s: np.ndarray, effs: tuple[float, ...] = (0.3, 0.5)) -> dict[str, float]:
    """AUC and rejections at the given signal efficiencies, JSON-ready."""
    out = {"auc": roc(y, s)["auc"]}
    for e in effs:
        out[f"rejection_{round(100 * e)}"] = rejection_at(y, s, e)
    return out


def efficiency_at(y: np.ndarray, s: np.ndarray, rejection: float) -> float:
    """Signal efficiency eps_S at background rejection `rejection` = 1/eps_B: the loosest cut
    that keeps eps_B <= 1/rejection (0 when even the tightest cut lets more background pass)."""
    if not rejection >= 1.0:
        raise DataError(f"a background rejection is >= 1, got {rejection}")
    n_sig, n_bkg, _ = counts(y, s)
    ok = n_bkg / n_bkg[-1] <= 1.0 / rejection + 1e-12
    return float(n_sig[ok][-1] / n_sig[-1]) if ok.any() else 0.0


def tpr_at_max_sic(y: np.ndarray, s: np.ndarray, min_bkg: int = DEFAULT_MIN_BKG) -> float:
    """Signal efficiency of the cut that gives max SIC (same background-count rule)."""
    c = sic_curve(y, s, min_bkg)
    if c["sic"].size == 0:
        raise DataError(f"no cut keeps min_bkg={min_bkg} background events")
    return float(c["tpr"][int(np.argmax(c["sic"]))])


# -- one-sample summaries with their standard errors (the data questions) ---------------------
def _finite(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64).ravel()
    x = x[np.isfinite(x)]
    if x.size < 2:
        raise DataError(f"need at least two finite values, got {x.size}")
    return x


def mean_with_error(x: np.ndarray) -> tuple[float, float]:
    """Mean and its standard error std / sqrt(n)."""
    x = _finite(x)
    return float(x.mean()), float(x.std(ddof=1) / np.sqrt(x.size))


def std_with_error(x: np.ndarray) -> tuple[float, float]:
    """Standard deviation (ddof=1) and its large-sample error by the delta method,
    sqrt((m4 - s^4) / n) / (2 s) with m4 the fourth central moment: no Gaussian assumed (for a
    Gaussian it is s / sqrt(2 n))."""
    x = _finite(x)
    s = float(x.std(ddof=1))
    if s == 0:
        return 0.0, 0.0
    m4 = float(np.mean((x - x.mean()) ** 4))
    return s, float(np.sqrt(max(m4 - s**4, 0.0) / x.size) / (2 * s))


def quantile_with_error(x: np.ndarray, q: float) -> tuple[float, float]:
    """The q-quantile and its asymptotic standard error sqrt(q(1-q)/n) / f(x_q), with the
    density f estimated from the spacing of the order statistics sqrt(n q(1-q)) either side."""
    if not 0.0 < q < 1.0:
        raise DataError(f"a quantile is in (0, 1), got {q}")
    x = np.sort(_finite(x))
    n = x.size
    half = max(1.0, np.sqrt(n * q * (1 - q)))
    lo, hi = np.quantile(x, [max(0.0, q - half / n), min(1.0, q + half / n)])
    value = float(np.quantile(x, q))
    return value, float((hi - lo) / 2.0)  # the +-1 sigma band of the order statistic, halved


def fraction_in(x: np.ndarray, low: float | None, high: float | None, low_inclusive: bool = True,
                high_inclusive: bool = False) -> tuple[float, float, int]:
    """Fraction of entries with low <= x < high (None: open side; `low_inclusive=False` makes the
    lower cut x > low, `high_inclusive=True` the upper x <= high: 'more than 60 constituents' is
    N > 60), its binomial standard error and the number of entries."""
    if low is None and high is None:
        raise DataError("a fraction needs a lower or an upper edge")
    x = _finite(x)
    keep = np.ones(x.size, dtype=bool)
    if low is not None:
        keep &= (x >= low) if low_inclusive else (x > low)
    if high is not None:
        keep &= (x <= high) if high_inclusive else (x < high)
    p = float(keep.mean())
    err = float(np.sqrt(max(p * (1 - p), 1.0 / x.size) / x.size))  # never 0: one entry's worth at p = 0 or 1
    return p, err, int(x.size)


def _kde_peak(v: np.ndarray, grid: np.ndarray) -> tuple[float, float]:
    """(mode, full width at half maximum) of a Gaussian kernel density of `v` on `grid`. The bandwidth
    is Silverman's robust one, 0.9 min(std, IQR / 1.34) n^(-1/5): a narrow peak on a broad tail (a W
    mass peak over its QCD-like shoulder) is not smoothed away by the tail's width. The half-maximum
    crossings are interpolated linearly between grid points (nan where the density never falls to
    half within the grid). The density is binned (each value shared linearly by its two grid points, out to
    four bandwidths beyond the grid, where a kernel's tail still reaches it) and convolved with the kernel:
    O(n) per evaluation, where the exact sum over values would be O(n x grid) and take minutes for the
    bootstrap of 10^5 jets; with grid steps a fraction of the bandwidth the two agree far inside the error."""
    std = float(v.std(ddof=1))
    spread = min(std, float(np.subtract(*np.quantile(v, [0.75, 0.25]))) / 1.34) or std
    h = 0.9 * spread * v.size ** -0.2
    step = float(grid[1] - grid[0])
    pad = int(np.ceil(4 * h / step))
    size = grid.size + 2 * pad  # grid points, padded by four bandwidths each side
    at = (v - grid[0]) / step + pad  # each value's place between grid points, shared linearly by the two around it
    at = at[(at >= 0) & (at <= size - 1)]
    lo = np.minimum(np.floor(at).astype(np.int64), size - 2)
    w = at - lo
    counts = np.bincount(lo, 1 - w, minlength=size) + np.bincount(lo + 1, w, minlength=size)
    kernel = np.exp(-0.5 * (step * np.arange(-pad, pad + 1) / h) ** 2)
    f = np.convolve(counts, kernel)[2 * pad:2 * pad + grid.size]  # 'full' output, the grid's part
    i = int(np.argmax(f))
    half = f[i] / 2
    below = np.flatnonzero(f[:i] < half)
    above = np.flatnonzero(f[i:] < half)
    if not below.size or not above.size:
        return float(grid[i]), float("nan")
    lo, hi = below[-1], i + above[0]  # last point under half before the peak, first after it
    x_lo = np.interp(half, [f[lo], f[lo + 1]], [grid[lo], grid[lo + 1]])
    x_hi = np.interp(half, [f[hi], f[hi - 1]], [grid[hi], grid[hi - 1]])
    return float(grid[i]), float(x_hi - x_lo)


def _peak_bootstrap(x: np.ndarray, which: int, n_boot: int, seed: int) -> tuple[float, float]:
    x = _finite(x)
    if np.ptp(x) == 0:
        raise DataError("a peak needs values that vary")
    grid = np.linspace(*np.quantile(x, [0.01, 0.99]), 400)
    value = _kde_peak(x, grid)[which]
    if not np.isfinite(value):
        raise DataError("the distribution does not fall to half its maximum on both sides of its peak")
    rng = np.random.default_rng(seed)
    boot = np.array([_kde_peak(x[rng.integers(0, x.size, x.size)], grid)[which] for _ in range(n_boot)])
    return value, float(np.nanstd(boot, ddof=1))


def peak_with_error(x: np.ndarray, n_boot: int = 200, seed: int = 0) -> tuple[float, float]:
    """Where the distribution peaks: the maximum of a kernel density on a grid over the central 98%
    (`_kde_peak`), and its bootstrap standard error (`n_boot` resamples, fixed seed)."""
    return _peak_bootstrap(x, 0, n_boot, seed)


def peak_fwhm_with_error(x: np.ndarray, n_boot: int = 200, seed: int = 0) -> tuple[float, float]:
    """How wide the peak is: the full width at half maximum of the same kernel density (a Gaussian's is
    2.355 sigma), and its bootstrap standard error."""
    return _peak_bootstrap(x, 1, n_boot, seed)


def correlation_with_error(x: np.ndarray, y: np.ndarray) -> tuple[float, float, int]:
    """Pearson correlation of the entries where both are finite, its standard error
    (1 - r^2) / sqrt(n - 3) (Fisher), and n."""
    x, y = np.asarray(x, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel()
    if x.shape != y.shape:
        raise DataError(f"the two observables differ in length: {x.size} vs {y.size}")
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size < 4 or x.std() == 0 or y.std() == 0:
        raise DataError("a correlation needs at least 4 jets with varying values")
    r = float(np.corrcoef(x, y)[0, 1])
    return r, float((1 - r * r) / np.sqrt(x.size - 3)), int(x.size)


def two_sample_ks(x: np.ndarray, y: np.ndarray) -> tuple[float, float, int, int]:
    """Two-sample Kolmogorov-Smirnov test of two samples' finite entries: the largest distance D
    between their empirical distribution functions, its p-value (scipy's exact / asymptotic), and
    the two sizes. Conservative for integer-valued data (ties)."""
    x, y = _finite(x), _finite(y)
    r = ks_2samp(x, y)
    return float(r.statistic), float(r.pvalue), int(x.size), int(y.size)


def observable_separation(x_sig: np.ndarray, x_bkg: np.ndarray, eff: float = 0.5) -> dict[str, float | bool | int]:
    """One observable alone as a discriminant between two samples. The best selection on one variable
    is a cut on its likelihood ratio (Neyman-Pearson): a window for a peaked one such as the mass, a
    one-sided cut for a monotone one such as tau21. The ratio is a histogram ratio (quantile bins,
    +0.5 per bin) estimated on one half of the jets (even / odd index) and applied to the other, so
    no jet is scored by bins it filled. Returns its ROC AUC with the Hanley-McNeil error, 1/eps_B at
    signal efficiency `eff`, and, for comparison, the AUC of a plain one-sided cut with its side
    (`signal_low`: low values are signal-like)."""
    a, b = _finite(x_sig), _finite(x_bkg)
    if min(a.size, b.size) < 20:
        raise DataError(f"a separation needs at least 20 jets of each class, got {a.size} and {b.size}")
    y = np.r_[np.ones(a.size), np.zeros(b.size)]
    x = np.r_[a, b]
    cut_auc = float(roc_auc_score(y, x))
    fold = np.r_[np.arange(a.size) % 2, np.arange(b.size) % 2]
    n_bins = int(np.clip(np.sqrt(min(a.size, b.size)), 4, 30))
    score = np.empty(x.size)
    for k in (0, 1):
        fit, use = fold != k, fold == k
        edges = np.unique(np.quantile(x[fit], np.linspace(0.0, 1.0, n_bins + 1)))
        hs = np.histogram(x[fit & (y == 1)], edges)[0] + 0.5
        hb = np.histogram(x[fit & (y == 0)], edges)[0] + 0.5
        ratio = (hs / hs.sum()) / (hb / hb.sum())
        score[use] = ratio[np.clip(np.searchsorted(edges, x[use], side="right") - 1, 0, ratio.size - 1)]
    auc = float(roc_auc_score(y, score))
    return {"auc": auc, "auc_err": hanley_mcneil(auc, a.size, b.size), "rejection": rejection_at(y, score, eff),
            "efficiency": eff, "cut_auc": max(cut_auc, 1.0 - cut_auc), "signal_low": cut_auc < 0.5,
            "n_sig": int(a.size), "n_bkg": int(b.size)}


def one_sided_cut(x_sig: np.ndarray, x_bkg: np.ndarray, eff: float | None = None, min_bkg: int = DEFAULT_MIN_BKG,
                  n_boot: int = 200, seed: int = 0) -> dict[str, float | bool | int]:
    """Where to cut on one observable to select the first sample against the second: a one-sided cut on the side
    where the signal sits (low values when a plain cut's AUC is below 0.5, as tau21 of two-prong jets). At signal
    efficiency `eff` the cut is the signal's quantile (error: its order-statistic band); without one it is the cut
    that maximises eps_S / sqrt(eps_B) over cuts keeping at least `min_bkg` background jets (error: the spread of
    that cut over `n_boot` bootstrap resamples of both samples). eps_S and eps_B at the cut, with binomial errors."""
    a, b = _finite(x_sig), _finite(x_bkg)
    if min(a.size, b.size) < 20:
        raise DataError(f"a cut needs at least 20 jets of each class, got {a.size} and {b.size}")
    if eff is not None and not 0.0 < eff < 1.0:
        raise DataError(f"a signal efficiency is in (0, 1), got {eff}")
    low = float(roc_auc_score(np.r_[np.ones(a.size), np.zeros(b.size)], np.r_[a, b])) < 0.5
    sign = -1.0 if low else 1.0  # a cut keeps sign * x >= sign * cut

    min_bkg = min(min_bkg, b.size // 5 or 1)

    def best(xa: np.ndarray, xb: np.ndarray) -> float:
        c = sic_curve(np.r_[np.ones(xa.size), np.zeros(xb.size)], sign * np.r_[xa, xb], min_bkg)
        if c["sic"].size == 0:
            raise DataError("no cut keeps enough background jets to weigh the significance")
        return float(sign * c["thresholds"][int(np.argmax(c["sic"]))])

    if eff is not None:
        cut, cut_err = quantile_with_error(a, eff if low else 1.0 - eff)
    else:
        rng = np.random.default_rng(seed)
        cut = best(a, b)
        boots = [best(rng.choice(a, a.size), rng.choice(b, b.size)) for _ in range(n_boot)]
        cut_err = float(np.std(boots))
    eps_s = float(np.mean(a <= cut if low else a >= cut))
    eps_b = float(np.mean(b <= cut if low else b >= cut))
    return {"cut": float(cut), "cut_err": cut_err, "signal_low": low, "eps_s": eps_s,
            "eps_s_err": math.sqrt(eps_s * (1 - eps_s) / a.size), "eps_b": eps_b,
            "eps_b_err": math.sqrt(max(eps_b * (1 - eps_b), 1.0 / b.size) / b.size),  # none passing: ~1/n_B, not 0
            "n_sig": int(a.size), "n_bkg": int(b.size), "n_bkg_pass": int(round(eps_b * b.size)), "min_bkg": min_bkg}


def hanley_mcneil(auc: float, n_pos: int, n_neg: int) -> float:
    """Standard error of an AUC from the class counts (Hanley & McNeil 1982); nan without
    both classes."""
    if n_pos <= 0 or n_neg <= 0:
        return float("nan")
    q1, q2 = auc / (2 - auc), 2 * auc * auc / (1 + auc)
    var = (auc * (1 - auc) + (n_pos - 1) * (q1 - auc * auc) + (n_neg - 1) * (q2 - auc * auc)) / (n_pos * n_neg)
    return math.sqrt(max(var, 0.0))


def calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of a signal probability: over `bins` equal-width bins of p, the
    jet-weighted mean of |fraction of signal - mean p| (0: the probabilities are frequencies)."""
    y, p = np.asarray(y, dtype=np.float64), np.asarray(p, dtype=np.float64)
    if y.size == 0 or y.shape != p.shape or not np.all(np.isfinite(p)) or p.min() < 0 or p.max() > 1:
        raise ValueError("calibration needs labels and probabilities in [0, 1] of the same jets")
    b = np.minimum((p * bins).astype(np.int64), bins - 1)
    n = np.bincount(b, minlength=bins)
    gap = np.abs(np.bincount(b, y, bins) - np.bincount(b, p, bins))  # per bin: n_b |mean y - mean p|
    return float(gap.sum() / y.size) if n.sum() else float("nan")


def calibration_floor(p: np.ndarray, bins: int = 10, draws: int = 200, seed: int = 0) -> tuple[float, float]:
    """(mean, std) of the calibration error a perfectly calibrated score would show on these jets:
    labels drawn as Bernoulli(p) (a finite test set never gives 0)."""
    rng = np.random.default_rng(seed)
    p = np.asarray(p, dtype=np.float64)
    e = np.array([calibration_error((rng.random(p.size) < p).astype(np.float64), p, bins) for _ in range(draws)])
    return float(e.mean()), float(e.std(ddof=1))
