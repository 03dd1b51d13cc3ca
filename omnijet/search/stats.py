"""The statistics of a bump hunt: the dijet fit of the mjj spectrum (iminuit), the selection
efficiency across the sidebands, and the local p-value of an excess (pyhf).

    f(m) = p0 (1 - x)^p1 / x^(p2 + p3 ln x),  x = m / sqrt(s)          (the dijet function)

fitted to binned counts by a Poisson likelihood; p0 is fitted as its logarithm so that it stays
positive. Histograms are `hist` objects with a Variable mjj axis [GeV].
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import hist
import numpy as np
from iminuit import Minuit
from scipy.special import expit, gammaln
from scipy.stats import norm

from omnijet.errors import DataError

SQRT_S = 13_000.0  # GeV


def mjj_hist(mjj: np.ndarray, edges: np.ndarray, weight: np.ndarray | None = None) -> hist.Hist:
    h = hist.Hist(hist.axis.Variable(edges, name="mjj", label=r"$m_{jj}$ [GeV]"))
    h.fill(mjj=mjj, weight=weight) if weight is not None else h.fill(mjj=mjj)
    return h


def dijet(m: np.ndarray, p: np.ndarray) -> np.ndarray:
    """(B,) events per GeV at mjj = m [GeV] for parameters (ln p0, p1, p2, p3)."""
    x = np.asarray(m, dtype=np.float64) / SQRT_S
    lx = np.log(x)
    return np.exp(p[0] + p[1] * np.log1p(-x) - (p[2] + p[3] * lx) * lx)


def _expected(p: np.ndarray, centers: np.ndarray, widths: np.ndarray) -> np.ndarray:
    return dijet(centers, p) * widths


@dataclass(frozen=True)
class DijetFit:
    params: np.ndarray  # (4,) ln p0, p1, p2, p3
    cov: np.ndarray  # (4, 4)
    edges: np.ndarray  # (B+1,) GeV, the fit range's bins
    counts: np.ndarray  # (B,) observed
    used: np.ndarray  # (B,) bool: bins in the fit (False: blinded)
    valid: bool

    @property
    def centers(self) -> np.ndarray:
        return 0.5 * (self.edges[1:] + self.edges[:-1])

    @property
    def expected(self) -> np.ndarray:
        return _expected(self.params, self.centers, np.diff(self.edges))

    def expected_err(self) -> np.ndarray:
        """(B,) standard error of each bin's expectation (delta method on the fit covariance)."""
        jac = self._jac()
        return np.sqrt(np.clip(np.einsum("bi,ij,bj->b", jac, self.cov, jac), 0.0, None))

    def _jac(self) -> np.ndarray:
        x = self.centers / SQRT_S
        lx = np.log(x)
        mu = self.expected  # d mu / d p = mu * d log mu / d p
        return mu[:, None] * np.stack([np.ones_like(x), np.log1p(-x), -lx, -lx * lx], axis=1)

    @property
    def chi2_ndf(self) -> tuple[float, int]:
        """Pearson chi2 over the fitted bins with expectation >= 1, and its degrees of freedom."""
        mu, n = self.expected[self.used], self.counts[self.used]
        ok = mu >= 1
        return float((((n - mu) ** 2) / mu)[ok].sum()), int(ok.sum() - 4)


def _poisson_nll(mu: np.ndarray, n: np.ndarray) -> float:
    mu = np.clip(mu, 1e-12, None)
    return float(np.sum(mu - n * np.log(mu) + gammaln(n + 1)))


def fit_dijet(h: hist.Hist, blind: tuple[float, float] | None = None,
              start: np.ndarray | None = None, errors: bool = True) -> DijetFit:
    """Poisson fit of the dijet function to `h`'s bins; bins inside `blind` (lo, hi) are left
    out (a signal region must not pull the background that is meant to predict it).
    start: one start point (a pseudo-experiment near a known fit) instead of three;
    errors=False skips HESSE (cov is then zeros: the caller supplies one)."""
    edges, counts = h.axes[0].edges, h.values()
    centers, widths = 0.5 * (edges[1:] + edges[:-1]), np.diff(edges)
    used = np.ones(len(counts), dtype=bool)
    if blind is not None:
        used &= (edges[1:] <= blind[0]) | (edges[:-1] >= blind[1])
    if counts[used].sum() < 10 or used.sum() < 6:
        raise DataError(f"dijet fit needs >= 6 bins and 10 events outside the blinded region, got "
                        f"{int(used.sum())} bins, {int(counts[used].sum())} events")

    def nll(a: float, b: float, c: float, d: float) -> float:
        return _poisson_nll(_expected(np.array([a, b, c, d]), centers[used], widths[used]), counts[used])

    starts = [np.asarray(start, dtype=np.float64)] if start is not None else []
    for p1, p2 in ((10.0, 5.0), (5.0, 8.0), (20.0, 3.0)) if start is None else ():
        shape = _expected(np.array([0.0, p1, p2, 0.0]), centers[used], widths[used])  # the
        starts.append(np.array([np.log(counts[used].sum() / shape.sum()), p1, p2, 0.0]))  # surface is flat-ish
    best = None
    for p in starts:
        m = Minuit(nll, *p)
        m.errordef = Minuit.LIKELIHOOD
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m.migrad()
            if errors:
                m.hesse()
        if best is None or m.fval < best.fval:
            best = m
    assert best is not None
    cov = np.array(best.covariance) if errors else np.zeros((4, 4))
    return DijetFit(np.array(best.values), cov, edges, counts, used, bool(best.valid))


def fit_peak(edges: np.ndarray, n: np.ndarray, bkg: np.ndarray, window: tuple[float, float],
             resolution: float) -> tuple[float, float]:
    """(events, mean [GeV]) of a Gaussian peak (sigma = resolution x mean, mean inside
    `window`) on a fixed background `bkg` (B,), Poisson fit to the counts n (B,) on edges (B+1,)."""

    def nll(n_sig: float, mean: float) -> float:
        shape = np.diff(norm.cdf((edges - mean) / (resolution * mean)))
        return _poisson_nll(bkg + n_sig * shape, n)

    m = Minuit(nll, max(float(n.sum() - bkg.sum()), 1.0), float(np.sqrt(window[0] * window[1])))
    m.limits["mean"] = window
    m.limits["n_sig"] = (0.0, None)
    m.errordef = Minuit.LIKELIHOOD
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m.migrad()
    return float(m.values["n_sig"]), float(m.values["mean"])


def fit_signal_plus_dijet(h: hist.Hist, window: tuple[float, float], resolution: float,
                          mean: float | None = None) -> tuple[float, float, float]:
    """(N, its error, peak mass [GeV]): a Gaussian peak (mean free inside `window`, or fixed at
    `mean`; sigma = resolution x mean) on the dijet background, fitted together to every bin
    of `h`."""
    edges, counts = h.axes[0].edges, h.values()
    centers, widths = 0.5 * (edges[1:] + edges[:-1]), np.diff(edges)
    start = fit_dijet(h, blind=window).params

    def nll(a: float, b: float, c: float, d: float, n_sig: float, mean: float) -> float:
        shape = np.diff(norm.cdf((edges - mean) / (resolution * mean)))  # (B,) peak share per bin
        return _poisson_nll(_expected(np.array([a, b, c, d]), centers, widths) + n_sig * shape, counts)

    m = Minuit(nll, *start, 0.0, float(np.sqrt(window[0] * window[1])) if mean is None else mean)
    m.limits["mean"] = window
    m.fixed["mean"] = mean is not None
    if mean is None:  # a free peak must not dig into a deficit; at a fixed mass the count may
        m.limits["n_sig"] = (0.0, None)  # go negative, so a deficit there does not bias it up
    m.errordef = Minuit.LIKELIHOOD
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m.migrad()
        m.hesse()
    return float(m.values["n_sig"]), float(m.errors["n_sig"]), float(m.values["mean"])


@dataclass(frozen=True)
class SidebandEfficiency:
    """Selected / all events vs ln mjj across the sidebands: eff(m) = sigmoid(a + b ln(m / m0))."""

    params: np.ndarray  # (2,)
    cov: np.ndarray  # (2, 2)
    m0: float

    def __call__(self, m: np.ndarray) -> np.ndarray:
        return expit(self.params[0] + self.params[1] * np.log(np.asarray(m) / self.m0))


def fit_efficiency(m: np.ndarray, n_all: np.ndarray, n_sel: np.ndarray, m0: float) -> SidebandEfficiency:
    """Binomial fit of the selected fraction per sideband bin (bins at centres m [GeV])."""
    keep = n_all > 0
    m, n_all, n_sel = m[keep], n_all[keep], n_sel[keep]
    if len(m) < 2:
        raise DataError("the sidebands hold fewer than two non-empty bins")
    lm = np.log(m / m0)

    def nll(a: float, b: float) -> float:
        e = np.clip(expit(a + b * lm), 1e-12, 1 - 1e-12)
        return float(-np.sum(n_sel * np.log(e) + (n_all - n_sel) * np.log1p(-e)))

    e0 = np.clip(n_sel.sum() / n_all.sum(), 1e-6, 1 - 1e-6)
    fit = Minuit(nll, float(np.log(e0 / (1 - e0))), 0.0)
    fit.errordef = Minuit.LIKELIHOOD
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit.migrad()
        fit.hesse()
    return SidebandEfficiency(np.array(fit.values), np.array(fit.covariance), m0)


def predicted_selected(fit: DijetFit, sr: slice, eff: SidebandEfficiency) -> tuple[float, float]:
    """Background expected after the selection in the fit's bins `sr`: sum of bkg * eff(m), and
    its standard error from the efficiency fit and the dijet fit (delta method on each fit's
    covariance, added in quadrature). The bins' dijet errors are fully correlated through the
    four fit parameters, so they are propagated through the parameters, not added per bin
    (which would understate the error of a 6-bin SR by about sqrt(6))."""
    m, bkg = fit.centers[sr], fit.expected[sr]
    e = eff(m)
    b = float(np.sum(bkg * e))
    lm = np.log(m / eff.m0)
    grad = np.array([np.sum(bkg * e * (1 - e)), np.sum(bkg * e * (1 - e) * lm)])  # d b / d (a, b)
    var_eff = float(grad @ eff.cov @ grad)
    g_fit = (e[:, None] * fit._jac()[sr]).sum(axis=0)  # (4,) d b / d (ln p0, p1, p2, p3)
    var_bkg = float(g_fit @ fit.cov @ g_fit)
    return b, float(np.sqrt(max(var_eff, 0.0) + max(var_bkg, 0.0)))


def local_p_value(n_obs: float, b: float, b_err: float) -> float:
    """Discovery p-value (q0, asymptotic) of n_obs events on background b +- b_err: a one-bin
    pyhf model with an uncorrelated (Poisson-constrained) background uncertainty."""
    import pyhf

    b = max(b, 1e-3)
    b_err = max(b_err, 1e-3 * b)
    if n_obs <= b:
        return 0.5  # q0 = 0 for a deficit: no evidence of an excess
    with warnings.catch_warnings():  # (pyhf's schema validation warns about jsonschema)
        warnings.simplefilter("ignore")
        model = pyhf.simplemodels.uncorrelated_background(
            signal=[max(n_obs - b, 1.0)], bkg=[b], bkg_uncertainty=[b_err])
        data = [float(n_obs), *model.config.auxdata]
        bounds = model.config.suggested_bounds()
        bounds[model.config.poi_index] = (0.0, 10.0)
        p0 = pyhf.infer.hypotest(0.0, data, model, test_stat="q0", par_bounds=bounds)
    return float(np.clip(np.asarray(p0), 1e-300, 1.0))


def local_p_value_fast(n_obs: float, b: float, b_err: float) -> float:
    """local_p_value's number in closed form, for pseudo-experiments (thousands of tests).

    pyhf's one-bin model with a Poisson-constrained background is the on/off problem: n ~
    Pois(s + beta), an auxiliary count m = tau ~ Pois(tau beta / b) with tau = (b / b_err)^2;
    its profile-likelihood q0 (Li & Ma 1983, eq. 17, alpha = b / tau) is
        q0 = 2 [n ln((1 + alpha) n / (alpha (n + m))) + m ln((1 + alpha) m / (n + m))],
    p = Phi(-sqrt(q0)), as pyhf's asymptotic calculator gives (tests check they agree).
    """
    b = max(b, 1e-3)
    b_err = max(b_err, 1e-3 * b)
    if n_obs <= b:
        return 0.5
    m = (b / b_err) ** 2
    alpha = b / m
    q0 = 2.0 * (n_obs * np.log((1 + alpha) * n_obs / (alpha * (n_obs + m)))
                + m * np.log((1 + alpha) * m / (n_obs + m)))
    return float(np.clip(norm.sf(np.sqrt(max(q0, 0.0))), 1e-300, 1.0))


def global_p_value(p_local: float, trials: float) -> float:
    """Sidak: the chance that at least one of `trials` independent tests fluctuates to p_local.
    With the nominal count, overlapping windows make this conservative; with an effective
    count fitted to pseudo-experiments (omnijet.search.calibrate) it is calibrated."""
    return float(-np.expm1(trials * np.log1p(-min(p_local, 1.0 - 1e-16))))


def significance(p: float) -> float:
    """One-sided Gaussian significance Z of a p-value."""
    return float(norm.isf(p))
