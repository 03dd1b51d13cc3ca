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
    raw = kfold_scores(x, y, x[:0], folds=4, ensemble=1, seed=0, rollback=False)
    assert abs(raw.sr_vs_sb_auc(y) - 0.5) < 0.04
    assert benchmark_metrics(y, raw.in_sample)["auc"] > raw.sr_vs_sb_auc(y) + 0.02
    # rolled back to the best validation iteration, a model of noise is (nearly) the constant
    rolled = kfold_scores(x, y, x[:0], folds=4, ensemble=1, seed=0)
    assert abs(benchmark_metrics(y, rolled.in_sample)["auc"] - 0.5) < abs(
        benchmark_metrics(y, raw.in_sample)["auc"] - 0.5)
    assert abs(rolled.sr_vs_sb_auc(y) - 0.5) < 0.04


def test_raw_masses_sculpt_scaled_masses_do_not():
    """Masses that grow with mjj tell SR from SB without any signal; masses / mjj cannot."""
    df, _ = toy_events(30_000, 0, seed=2)
    m = df.mjj.to_numpy()
    keep = (m > 2900) & (m < 4300)
    y = ((m > 3300) & (m < 3700))[keep].astype(int)
    auc = {w: kfold_scores(feature_matrix(df[keep], w), y, np.empty((0, 4)), 3, 1, 0).sr_vs_sb_auc(y)
           for w in ("raw", "scaled")}
    assert auc["raw"] > 0.52 and abs(auc["scaled"] - 0.5) < 0.015, auc


FAST = SearchConfig(folds=3, ensemble=1, min_sr_events=200, toys=50)


@pytest.mark.parametrize("n_sig", [0, 350])
def test_search_finds_the_resonance_and_nothing_in_a_null_box(n_sig):
    df, label = toy_events(12_000, n_sig, seed=10 + n_sig)
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


def _lhco_file(path, df: pd.DataFrame) -> None:
    """A real LHCO-layout file whose events recluster into two jets with the toy's mjj and
    masses: each jet is two massless particles at eta 0 (back to back in phi), opening angle
    2 m / pT (small-angle: m^2 = pT1 pT2 dphi^2 with pT1 = pT2 = pT / 2)."""
    from omnijet.data.lhco import write_lhco

    m1, m2, mjj = df.mj1.to_numpy(), df.mj2.to_numpy(), df.mjj.to_numpy()
    pt = 0.5 * mjj  # jets at eta 0 back to back: mjj ~ 2 pT for light jets
    parts = np.zeros((len(df), 700, 3), dtype=np.float32)
    for j, (m, phi0) in enumerate(((m1, 0.0), (m2, np.pi))):
        d = np.clip(2 * m / pt, 1e-3, 0.9)
        for k, sign in enumerate((-1, 1)):
            parts[:, 2 * j + k] = np.stack([pt / 2, np.zeros(len(df)), phi0 + sign * d / 2], axis=1)
    parts[..., 2] = (parts[..., 2] + np.pi) % (2 * np.pi) - np.pi
    write_lhco(path, parts, None, {"source": "toy"}, dtype=np.float32)


def test_run_search_on_a_file_end_to_end(tmp_path):
    """Read a real file (no labels), search, control, answer files; the tool on the same file."""
    from omnijet.search.run import run_search
    from tools.base import ToolContext
    from tools.transfer import ResonanceSearchInput, resonance_search

    df, label = toy_events(9000, 300, seed=11)
    _lhco_file(tmp_path / "box.h5", df)
    cfg = SearchConfig(folds=3, ensemble=1, min_sr_events=300)
    r = run_search([tmp_path / "box.h5"], tmp_path / "run", cfg, control=True, device="auto")
    assert r["found"] and abs(r["answer"]["m_res"] / 3500 - 1) < 0.1
    assert not r["control"]["found"] and r["control"]["answer"]["m_res"] == -1
    assert abs(r["control"]["sr_vs_sb_auc_mean"] - 0.5) < 0.03
    for f in ("answer.json", "metrics.json", "scores.csv", "spectrum.png", "pscan.png", "summary.md"):
        assert (tmp_path / "run" / f).stat().st_size > 50, f
    rows = (tmp_path / "run" / "scores.csv").read_text().splitlines()
    assert rows[0] == "file,event_index,mjj,score,in_sr" and len(rows) == 1 + 9300
    from omnijet.search.score import score_run
    from omnijet.utils import write_json

    write_json(tmp_path / "truth.json", {"labels": label.tolist(), "n_signal": 300,
                                         "signal_percentage": 100 * 300 / 9300,
                                         "masses": {"m_wprime": 3500.0, "m_x": 500.0, "m_y": 100.0}})
    sc = score_run(tmp_path / "run", tmp_path / "truth.json")
    assert sc["claimed"] and abs(sc["m_res_rel_error"]) < 0.1 and sc["scores"]["auc"] > 0.7
    assert sc["scores"]["fpr_cutoff"] == pytest.approx(5 / sc["n_background_sr"])
    out = resonance_search(ResonanceSearchInput(data=["box.h5"], out="tool", folds=3, ensemble=1,
                                                control=False),
                           ToolContext(tmp_path, lambda e: None))
    assert out.found and out.control is None and "answer.json" in " ".join(out.files)
    with pytest.raises(Exception, match="resolution"):
        SearchConfig(resolution=0.5)


def test_request_about_a_file_plans_a_search_of_that_file():
    from agents.llm.offline_parse import parse_spec
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec("Here is a file of dijet events, data/box.h5: is there new physics in it?")
    assert spec.tasks == ["anomaly"] and spec.data == ["data/box.h5"] and not spec.signal_fractions
    plan = compile_plan(spec, "tiny")
    assert [s.recipe for s in plan.steps] == ["search"] and check_fidelity(spec, plan) == []
    call = plan.steps[0].calls[0]
    assert call.tool == "resonance_search" and call.inputs.data == ["data/box.h5"]
    # the injection study stays what it was
    inj = compile_plan(parse_spec("anomaly detection with CWoLa at 1% injected signal"), "tiny")
    assert [s.recipe for s in inj.steps] == ["anomaly"]


@pytest.mark.slow
def test_agent_on_a_null_box_claims_nothing(tmp_path):
    """'Is there new physics in it?' about a background-only file, offline backend, real tools:
    the search runs on that file (nothing generated), and the answer is 'no evidence'."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    df, _ = toy_events(10_000, 0, seed=31)
    (tmp_path / "s" / "workspace").mkdir(parents=True)
    _lhco_file(tmp_path / "s" / "workspace" / "null.h5", df)
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "MPLBACKEND": "Agg", "OMNIJET_LLM_BASE_URL": "",
           "OPENAI_API_KEY": "", "OMNIJET_LLM_BACKEND": "offline"}
    proc = subprocess.run([sys.executable, "-m", "agents.main", "run",
                           "Here is a file of dijet events, null.h5: is there new physics in it?",
                           "--workspace", str(tmp_path / "s")], env=env, capture_output=True, text=True,
                          timeout=900, cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    ws = tmp_path / "s" / "workspace"
    report = (ws / "report" / "report.md").read_text()
    assert "No evidence of new physics" in report and "m_res = -1" in report
    assert not list((ws / "data").glob("*.h5")) if (ws / "data").exists() else True  # nothing generated
    answer = json.loads((ws / "search" / "answer.json").read_text())
    assert answer["m_res"] == -1 and answer["p_value"] > 0.05


def test_likelihood_score_joins_every_window(tmp_path):
    """With a tokenizer and a GPT, the per-event NLL is a second score cut on in every window
    (an untrained GPT here: the plumbing, not the physics), and the trials double."""
    from omnijet.data.batch import JetBatch
    from omnijet.data.lhco import read_lhco
    from omnijet.search.run import run_search
    from omnijet.tokenizer.binned import BinnedTokenizer
    from tests.transfer.conftest import save_gpt

    df, _ = toy_events(6000, 200, seed=41)
    _lhco_file(tmp_path / "box.h5", df)
    ev = read_lhco(tmp_path / "box.h5")
    tok = BinnedTokenizer.fit(JetBatch.concat([ev.j1, ev.j2]), bins=4)
    tok.save(tmp_path / "tok.pt")
    save_gpt(tmp_path / "gpt.pt", k=tok.codebook_size)
    cfg = SearchConfig(folds=3, ensemble=1, min_sr_events=200)
    r = run_search([tmp_path / "box.h5"], tmp_path / "run", cfg, control=False,
                   tokenizer=tmp_path / "tok.pt", gpt=tmp_path / "gpt.pt", device="cpu")
    methods = {t["method"] for t in r["tests"]}
    assert methods == {"cwola", "likelihood"} and r["trials"] == 2 * 2 * r["n_windows"]
    with pytest.raises(Exception, match="both a tokenizer and a GPT"):
        run_search([tmp_path / "box.h5"], tmp_path / "run2", cfg, control=False, device="cpu",
                   tokenizer=tmp_path / "tok.pt")


def test_fast_local_p_is_pyhfs():
    """The closed-form on/off p-value of the pseudo-experiments is pyhf's, to 1e-6 in Z."""
    for n, b, err in [(150, 100, 1), (150, 100, 10), (30, 20, 3), (8, 3, 0.5), (60, 40, 15), (1000, 900, 10)]:
        z_pyhf = stats.significance(stats.local_p_value(n, b, err))
        assert stats.significance(stats.local_p_value_fast(n, b, err)) == pytest.approx(z_pyhf, rel=1e-6)
    assert stats.local_p_value_fast(90, 100, 5) == 0.5


def test_fit_error_of_a_window_is_propagated_through_the_parameters():
    """The SR prediction's dijet error: the bins move together, so the sum's error exceeds the
    per-bin quadrature sum (which understated it)."""
    df, _ = toy_events(20_000, 0, seed=3)
    edges = 2900.0 * 1.02 ** np.arange(60)
    fit = stats.fit_dijet(stats.mjj_hist(df.mjj.to_numpy(), edges), blind=(3400.0, 3800.0))
    sr = slice(int(np.searchsorted(edges, 3400.0)), int(np.searchsorted(edges, 3800.0)))
    flat = stats.SidebandEfficiency(np.array([0.0, 0.0]), np.zeros((2, 2)), 3600.0)  # eff = 0.5
    _, err = stats.predicted_selected(fit, sr, flat)
    per_bin = np.sqrt(np.sum((0.5 * fit.expected_err()[sr]) ** 2))
    assert err > 1.5 * per_bin


def test_calibration_recovers_the_trials_and_toys_of_a_search():
    """N_eff of the smallest of N uniforms is N; the global p of such searches is uniform; a
    search's own pseudo-experiments give at most the nominal trials (correlated tests) and a
    claim rate near 5% on independent ones."""
    from scipy.stats import kstest

    from omnijet.search.calibrate import Calibration

    rng = np.random.default_rng(0)
    cal = Calibration(rng.random((2000, 12)).min(axis=1), 12)
    assert cal.n_eff == pytest.approx(12, rel=0.08)
    fresh = rng.random((2000, 12)).min(axis=1)
    assert kstest([cal.global_p(u) for u in fresh], "uniform").pvalue > 0.01
    assert cal.empirical_p(1.0)[0] == 1.0 and cal.empirical_p(0.0)[0] == pytest.approx(1 / 2001)
    df, _ = toy_events(12_000, 0, seed=10)
    r = search_features(df, FAST)
    c = r["calibration"]
    assert c["n_toys"] == 50 and 0.3 * r["trials"] < c["n_eff"] < 1.3 * r["trials"]
    assert r["answer"]["p_value"] == pytest.approx(stats.global_p_value(r["p_local"], c["n_eff"]))
    assert "pseudo-experiments" in r["global_p_rule"]
