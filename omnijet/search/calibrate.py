"""The global p-value of a search, calibrated on background-only pseudo-experiments.

Sidak over the nominal trials (windows x cuts x methods) assumes independent tests with exact
local p-values; the tests are not independent (overlapping windows, nested cuts) and the local
p-values are asymptotic. So the null distribution of the search's smallest local p-value is
measured instead, on pseudo-experiments of the file's own spectrum:

    spectrum  per mjj bin, a Poisson count of the background-only dijet fit of the observed
              spectrum (all bins, nothing blinded);
    selection a score independent of mjj: per window and per CWoLa-like method an independent
              uniform score per event, for a fixed per-event score (e.g. the GPT likelihood) one
              uniform per event shared by all windows; cut at the same (1 - eps) quantiles;
    tests     the search's own chain on each: blinded dijet fit per window (migrad from the
              observed window's fit, its covariance), sideband efficiency fit, the same one-bin
              likelihood (pyhf's, in closed form: stats.local_p_value_fast).

The classifier is not retrained per pseudo-experiment. Under the null hypothesis its held-out
score is independent of mjj inside a window (it never saw the scored events, and the features
are decorrelated from mjj), so its selection is a random eps fraction of each bin, as here;
independent scores across windows make the toys' tests less correlated than CWoLa's, which can
only raise the effective trials (Slepian: a conservative global p). Whether real CWoLa
selections on real background behave so is measured by `benchmarks/search.py --stage nulls`.

The toys' smallest local p, u, is fitted by the law of the smallest of N_eff independent
uniforms, P(u <= p) = 1 - (1 - p)^N_eff (MLE: N_eff = -n / sum ln(1 - u_i)); the global p of
an observed p_local is 1 - (1 - p_local)^N_eff, which extrapolates beyond the toys' reach
(a 5 sigma excess), beside the plain fraction of toys at or below it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.stats import kstest

from omnijet.search import stats

#: one test on counts: (window, inclusive counts, selected counts, window fit, eps, p function)
CountTest = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class Calibration:
    min_p: np.ndarray  # (T,) smallest local p-value of each background-only pseudo-experiment
    nominal_trials: int

    @property
    def n_toys(self) -> int:
        return len(self.min_p)

    @property
    def n_eff(self) -> float:
        """Effective number of independent tests (MLE of the smallest-of-N uniform law)."""
        u = np.clip(self.min_p, 0.0, 1.0 - 1e-12)
        return float(-len(u) / np.sum(np.log1p(-u)))

    def global_p(self, p_local: float) -> float:
        return stats.global_p_value(p_local, self.n_eff)

    def empirical_p(self, p_local: float) -> tuple[float, float]:
        """(fraction of toys with a smallest p <= p_local, counted as (k + 1) / (T + 1), and its
        binomial standard error)."""
        k = int(np.sum(self.min_p <= p_local))
        p = (k + 1) / (self.n_toys + 1)
        return p, float(np.sqrt(p * (1 - p) / (self.n_toys + 1)))

    def summary(self, p_local: float | None = None) -> dict[str, Any]:
        """N_eff, the toys, and how well the smallest-of-N_eff law describes them (KS p)."""
        law = -np.expm1(self.n_eff * np.log1p(-np.clip(self.min_p, 0.0, 1 - 1e-12)))  # uniform if right
        out: dict[str, Any] = {
            "n_toys": self.n_toys, "n_eff": self.n_eff, "nominal_trials": self.nominal_trials,
            "law_ks_p": float(kstest(law, "uniform").pvalue),
            "toy_fraction_sidak_below_0.05": float(np.mean(
                [stats.global_p_value(u, self.nominal_trials) < 0.05 for u in self.min_p])),
        }
        if p_local is not None:
            out["empirical_p"], out["empirical_p_err"] = self.empirical_p(p_local)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"min_p": self.min_p.tolist(), "nominal_trials": self.nominal_trials}


def null_toys(counts: np.ndarray, edges: np.ndarray, windows: Sequence[Any], fits: Sequence[Any],
              efficiencies: Sequence[float], shared: Sequence[bool], count_test: CountTest,
              selected_counts: Callable[..., np.ndarray], n_toys: int, seed: int) -> Calibration:
    """Smallest local p of each of n_toys background-only pseudo-experiments (module docstring).

    counts (B,) observed inclusive spectrum on edges (B+1,); windows / fits: the search's
    windows and their blinded dijet fits on the observed spectrum; shared: one flag per method
    (True: a fixed per-event score shared by all windows, False: a score trained per window).
    """
    rng = np.random.default_rng(seed)
    h = stats.mjj_hist(np.empty(0), edges)
    h.view()[:] = counts
    mu = stats.fit_dijet(h).expected  # (B,) the background-only hypothesis
    out = np.empty(n_toys)
    for t in range(n_toys):
        n = rng.poisson(mu).astype(float)
        bins = np.repeat(np.arange(len(n)), n.astype(int))  # (E,) bin of each toy event
        h.view()[:] = n
        fixed = [rng.random(len(bins)) for s in shared if s]
        best = 1.0
        for win, obs_fit in zip(windows, fits, strict=True):
            fit = replace(stats.fit_dijet(h, blind=win.sr_range, start=obs_fit.params, errors=False),
                          cov=obs_fit.cov)
            k = 0
            for s in shared:
                if s:
                    score, k = fixed[k], k + 1
                else:
                    score = rng.random(len(bins))
                for eps in efficiencies:
                    n_sel = selected_counts(win, bins, score, eps, len(n))
                    r = count_test(win, n, n_sel, fit, eps, stats.local_p_value_fast)
                    best = min(best, r["p_local"])
        out[t] = best
    nominal = len(windows) * len(efficiencies) * len(shared)
    return Calibration(out, nominal)
