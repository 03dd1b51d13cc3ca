"""The resonance search (issue 27): dijet fit, pyhf p-values, held-out CWoLa, the sliding
window on toy events whose truth is known, and the benchmark's scoring rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from omnijet.search import stats
from omnijet.search.cwola import feature_matrix, kfold_scores
from omnijet.search.scan import SearchConfig, search_features
from omnijet.search.score import benchmark_metrics, idealised_scores, supervised_scores


def toy_events(n_bkg: int, n_sig: int, m_res: float = 3500.0, seed: int = 0):
    """Falling mjj spectrum above 2.6 TeV with QCD-like jet masses proportional to mjj (so raw
    masses know mjj, masses / mjj do not); signal: a 4% peak at m_res with 100 and 500 GeV jets."""
    rng = np.random.default_rng(seed)
    mjj = np.r_[2600.0 * (1 + rng.pareto(6.0, n_bkg)), rng.normal(m_res, 0.04 * m_res, n_sig)]
    a = np.r_[mjj[:n_bkg] * 0.045 * rng.lognormal(0, 0.5, n_bkg), rng.normal(100, 8, n_sig)]
    b = np.r_[mjj[:n_bkg] * 0.045 * rng.lognormal(0, 0.5, n_bkg), rng.normal(500, 25, n_sig)]
    t1 = np.r_[rng.beta(5, 2.5, n_bkg), rng.beta(2, 5, n_sig)]
    t2 = np.r_[rng.beta(5, 2.5, n_bkg), rng.beta(2, 5, n_sig)]
    light = a <= b
    df = pd.DataFrame({"mjj": mjj, "mj1": np.minimum(a, b), "mj2": np.maximum(a, b),
                       "delta_mj": np.abs(a - b), "tau21_j1": np.where(light, t1, t2),
                       "tau21_j2": np.where(light, t2, t1)})
    label = np.r_[np.zeros(n_bkg, int), np.ones(n_sig, int)]
    order = rng.permutation(len(df))
    return df.iloc[order].reset_index(drop=True), label[order]


def test_local_p_value_matches_the_asymptotic_formula():
    """pyhf's q0 p-value with a negligible background error equals the Asimov-free formula
    Z = sqrt(2 (n ln(n/b) - (n - b))) for a Poisson count."""
    n, b = 150.0, 100.0
    z = np.sqrt(2 * (n * np.log(n / b) - (n - b)))
    assert stats.significance(stats.local_p_value(n, b, 1e-3)) == pytest.approx(z, rel=0.01)
    assert stats.local_p_value(90.0, 100.0, 5.0) == 0.5  # a deficit is no excess
    # a background uncertainty makes the same excess less significant
    assert stats.local_p_value(n, b, 10.0) > stats.local_p_value(n, b, 1.0)
    assert stats.global_p_value(0.01, 20) == pytest.approx(1 - 0.99**20)


def test_dijet_fit_predicts_a_blinded_region():
    df, _ = toy_events(40_000, 0, seed=1)
    edges = 2900.0 * 1.02 ** np.arange(60)
    h = stats.mjj_hist(df.mjj.to_numpy(), edges)
    fit = stats.fit_dijet(h, blind=(3400.0, 3800.0))
    chi2, ndf = fit.chi2_ndf
    assert fit.valid and chi2 / ndf < 2.0
    sr = (edges[:-1] >= 3400.0) & (edges[1:] <= 3800.0)
    pred, obs = fit.expected[sr].sum(), fit.counts[sr].sum()
    assert abs(obs - pred) < 3 * np.sqrt(pred + fit.expected_err()[sr].sum() ** 2)


def test_held_out_scores_do_not_invent_a_signal_region():
    """Pure noise: held-out SR-vs-SB AUC stays at 0.5; scoring the training events does not."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(4000, 4)), rng.integers(0, 2, 4000)
    sc = kfold_scores(x, y, x[:0], folds=4, ensemble=1, seed=0)
    assert abs(sc.sr_vs_sb_auc(y) - 0.5) < 0.04
    assert benchmark_metrics(y, sc.in_sample)["auc"] > sc.sr_vs_sb_auc(y) + 0.02


def test_raw_masses_sculpt_scaled_masses_do_not():
    """Masses that grow with mjj tell SR from SB without any signal; masses / mjj cannot."""
    df, _ = toy_events(30_000, 0, seed=2)
    m = df.mjj.to_numpy()
    keep = (m > 2900) & (m < 4300)
    y = ((m > 3300) & (m < 3700))[keep].astype(int)
    auc = {w: kfold_scores(feature_matrix(df[keep], w), y, np.empty((0, 4)), 3, 1).sr_vs_sb_auc(y)
           for w in ("raw", "scaled")}
    assert auc["raw"] > 0.52 and abs(auc["scaled"] - 0.5) < 0.015, auc


FAST = SearchConfig(folds=3, ensemble=1, min_sr_events=200)


@pytest.mark.parametrize("n_sig", [0, 350])
def test_search_finds_the_resonance_and_nothing_in_a_null_box(n_sig):
    df, label = toy_events(12_000, n_sig, seed=3 + n_sig)
    r = search_features(df.assign(label=label * 0 - 1), FAST)
    assert r["trials"] == r["n_windows"] * len(FAST.efficiencies) and r["n_windows"] >= 4
    a = r["answer"]
    if n_sig == 0:
        assert not r["found"] and a["m_res"] == -1 and a["p_value"] > 0.05
        assert a["signal_percentage"] == 0.0 and "no evidence" in r["verdict"]
    else:
        assert r["found"] and abs(a["m_res"] / 3500.0 - 1) < 0.1 and a["p_value"] < 1e-3
        true_pct = 100 * n_sig / len(df)
        assert 0.3 * true_pct < a["signal_percentage"] < 2 * true_pct
        s = r["event_scores"]["score"]
        lo, hi = r["event_scores"]["sr"]
        in_sr = (df.mjj >= lo).to_numpy() & (df.mjj < hi).to_numpy()
        assert np.isfinite(s[in_sr]).all()
        assert benchmark_metrics(label[in_sr], s[in_sr])["auc"] > 0.8


def test_benchmark_sic_rule_and_references():
    """max SIC counts only cuts with FPR >= 5/N_bkg; the idealised detector and the supervised
    classifier separate a clear signal."""
    y = np.r_[np.zeros(1000, int), np.ones(10, int)]
    s = np.r_[np.linspace(0, 1, 1000), np.full(10, 2.0)]  # signal above every background event
    m = benchmark_metrics(y, s)
    assert m["fpr_cutoff"] == pytest.approx(5 / 1000)
    assert m["max_sic"] == pytest.approx(1 / np.sqrt(5 / 1000)) and m["tpr_at_max_sic"] == 1.0
    df, label = toy_events(6000, 300, seed=5)
    x = feature_matrix(df, "scaled")
    assert benchmark_metrics(label, idealised_scores(x, label))["auc"] > 0.8
    assert benchmark_metrics(label, supervised_scores(x, label, folds=3))["auc"] > 0.9
