"""The figures of merit the measurement catalogue (agents/measures) computes from a tool's
artifacts: per-jet observables (dataset_info's arrays) and per-jet test scores (finetune_scan).

The agents reach the model layer's metrics only through this list (tests/test_layers.py): each
is defined once, in `omnijet.evaluate.metrics`, with its conventions (label 1 = signal, a cut
keeps score >= t) and its errors (`DataError` on too few finite values).

    mean, err = mean_with_error(x)                     # std / sqrt(n)
    s, err = std_with_error(x)                         # delta method, fourth moment
    q, err = quantile_with_error(x, 0.9)               # order-statistic band
    p, err, n = fraction_in(x, 60, None, low_inclusive=False)   # N > 60
    r, err, n = correlation_with_error(x, y)           # Pearson, Fisher error
    rejection_at(y, s, 0.5); efficiency_at(y, s, 10.0); max_sic(y, s, min_bkg=DEFAULT_MIN_BKG)
    roc(y, s)["auc"]                                   # a score's ROC curve and its AUC
    hanley_mcneil(auc, n_pos, n_neg)                   # an AUC's error from the class counts
    d, p, n_x, n_y = two_sample_ks(x, y)               # Kolmogorov-Smirnov distance and p-value
    observable_separation(x_sig, x_bkg)                # one observable's AUC as a cut, its side and 1/eps_B
    one_sided_cut(x_sig, x_bkg, eff)                   # where to cut on it: at eps_S, or the best eps_S/sqrt(eps_B)
    peak, err = peak_with_error(x)                     # kernel-density maximum, bootstrap error
    fwhm, err = peak_fwhm_with_error(x)                # its full width at half maximum
    POLE_MASS["wqq"]                                   # the generator's resonance masses, GeV
    calibration_error(y, p); calibration_floor(p)      # ECE of a probability; what a calibrated one gives
"""

from __future__ import annotations

from omnijet.data._pythia import POLE_MASS
from omnijet.evaluate.metrics import (
    DEFAULT_MIN_BKG,
    calibration_error,
    calibration_floor,
    correlation_with_error,
    efficiency_at,
    fraction_in,
    hanley_mcneil,
    max_sic,
    mean_with_error,
    observable_separation,
    one_sided_cut,
    peak_fwhm_with_error,
    peak_with_error,
    quantile_with_error,
    rejection_at,
    roc,
    std_with_error,
    two_sample_ks,
)

__all__ = ["DEFAULT_MIN_BKG", "POLE_MASS", "calibration_error", "calibration_floor", "correlation_with_error", "efficiency_at", "fraction_in", "hanley_mcneil",
           "max_sic", "mean_with_error", "observable_separation", "one_sided_cut", "peak_fwhm_with_error", "peak_with_error", "quantile_with_error", "rejection_at", "roc", "std_with_error",
           "two_sample_ks"]
