"""Anomaly scores and the anomaly workflow on tiny LHCO-like events made here."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
import torch
import torch.nn.functional as F

from omnijet.backbone.model import GPT, GPTConfig
from omnijet.data.batch import JetBatch
from omnijet.errors import DataError
from omnijet.tokenizer.binned import BinnedTokenizer
from omnijet.transfer.anomaly_scan import AnomalyConfig, anomaly_scan
from omnijet.transfer.anomaly_scores import (
    cwola_scores,
    injection_split,
    jet_nll,
    n_injected,
    regions,
)
from tests.conftest import make_toy_batch


@dataclass
class ToyEvents:
    j1: JetBatch
    j2: JetBatch
    features: pd.DataFrame


def toy_events(n_bkg=1200, n_sig=300, seed=0) -> ToyEvents:
    """Background: falling mjj, broad jet masses; signal: mjj ~ 3.5 TeV, mj1 ~ 100, mj2 ~ 500."""
    rng = np.random.default_rng(seed)
    label = np.r_[np.zeros(n_bkg, int), np.ones(n_sig, int)]
    mjj = np.r_[2800 + rng.exponential(600, n_bkg), rng.normal(3500, 80, n_sig)]
    ma = np.r_[rng.exponential(120, n_bkg), rng.normal(100, 10, n_sig)]
    mb = np.r_[rng.exponential(150, n_bkg), rng.normal(500, 20, n_sig)]
    mj1, mj2 = np.minimum(ma, mb), np.maximum(ma, mb)
    tau = np.r_[rng.uniform(0.4, 0.9, (n_bkg, 2)), rng.uniform(0.1, 0.5, (n_sig, 2))]
    feats = pd.DataFrame({"mjj": mjj, "mj1": mj1, "mj2": mj2, "delta_mj": mj2 - mj1,
                          "tau21_j1": tau[:, 0], "tau21_j2": tau[:, 1], "label": label})
    jets = []
    for s in (seed + 1, seed + 2):  # toy jets of class 1 are wider and busier: the signal's
        ref = make_toy_batch(3 * len(label), n_max=24, seed=s)
        lab = ref.label.numpy()
        pick = np.r_[np.flatnonzero(lab == 0)[:n_bkg], np.flatnonzero(lab == 1)[:n_sig]]
        assert len(pick) == len(label)
        jets.append(JetBatch(ref.part[pick], ref.mask[pick], torch.as_tensor(label), {}))
    return ToyEvents(jets[0], jets[1], feats)


FAST = AnomalyConfig(signal_fraction=0.1, scan_fractions=(0.0, 0.1), folds=3, gpt_preset="tiny",
                     gpt_epochs=1, gpt_batch_size=128, min_bkg=5, device="cpu", embeddings=2)


def test_jet_nll_matches_stepwise_log_probabilities():
    torch.manual_seed(0)
    cfg = GPTConfig.preset("tiny", codebook_size=8)
    gpt = GPT(cfg).eval()
    tokens = torch.tensor([[3, 1, 7, 0], [2, 5, 0, 0]])
    mask = torch.tensor([[1, 1, 1, 0], [1, 1, 0, 0]], dtype=torch.bool)
    got_sum = jet_nll(gpt, tokens, mask, "sum")
    got_mean = jet_nll(gpt, tokens, mask, "mean")
    for j, n in enumerate((3, 2)):
        seq = [cfg.start, *tokens[j, :n].tolist(), cfg.stop]
        want = 0.0
        for i in range(1, len(seq)):  # one forward pass per prefix: no padding anywhere
            logits, _ = gpt(torch.tensor([seq[:i]]))
            want -= F.log_softmax(logits[0, -1], -1)[seq[i]].item()
        assert got_sum[j] == pytest.approx(want, rel=1e-5)
        assert got_mean[j] == pytest.approx(want / (n + 1), rel=1e-5)


def test_cwola_scores_are_out_of_fold():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(600, 4)), rng.integers(0, 2, 600).astype(bool)  # nothing to learn
    oof, _ = cwola_scores(x, y, x[:0], folds=4, model="hgb", seed=0)
    from sklearn.metrics import roc_auc_score

    assert abs(roc_auc_score(y, oof) - 0.5) < 0.08  # in-sample scores would overfit far above
    x[y, 0] += 2.0  # now a real difference
    oof, ev = cwola_scores(x, y, x[:10], folds=4, model="mlp", seed=0)
    assert roc_auc_score(y, oof) > 0.8 and ev.shape == (10,)


def test_injection_is_exact_and_nested():
    label = np.r_[np.zeros(1000, int), np.ones(200, int)]
    bkg, pool, test = injection_split(label, 0.05, test_frac=0.5, seed=1)
    assert len(test) == 600 and not set(test) & (set(bkg) | set(pool))
    n = n_injected(len(bkg), 0.05, len(pool))
    assert n / (n + len(bkg)) == pytest.approx(0.05, abs=1e-3)
    with pytest.raises(DataError, match="only 100 are left"):
        n_injected(len(bkg), 0.5, len(pool))
    sr, sb = regions(np.array([3200.0, 3350.0, 3800.0, 4100.0]), (3300.0, 3700.0), 300.0)
    assert sr.tolist() == [False, True, False, False] and sb.tolist() == [True, False, True, False]


def test_anomaly_scan_end_to_end(tmp_path):
    ev = toy_events()
    tok = BinnedTokenizer.fit(JetBatch.concat([ev.j1, ev.j2]), bins=4)
    events = []
    res = anomaly_scan(ev, tok, tmp_path / "ad", FAST, progress=events.append)
    for name in ("metrics.json", "summary.md", "roc_sic.png", "fraction_scan.png", "test_scores.npz"):
        assert (tmp_path / "ad" / name).stat().st_size > 0
    assert (tmp_path / "ad" / "gpt" / "best.pt").exists()
    h = res["headline"]
    assert h["cwola_auc"] > 0.8, h  # signal is obvious in mj1/mj2/tau21 at 10% injection
    assert res["cwola"]["0.1"]["max_sic"] > res["cwola"]["0.0"]["max_sic"]
    assert 0.0 <= h["unsupervised_auc"] <= 1.0 and h["unsupervised_max_sic"] > 0
    assert {e["stage"] for e in events if e["event"] == "stage"} >= {"tokenize", "train_gpt", "nll", "cwola"}


def _cwola_point(auc, max_sic):
    return {"n_injected": 0, "auc": auc, "max_sic": max_sic, "n_signal": 18, "n_background": 133}


def test_fraction_scan_of_the_control_alone_shows_its_point_against_random(tmp_path):
    import matplotlib.pyplot as plt
    from matplotlib.container import ErrorbarContainer

    from omnijet.evaluate.metrics import hanley_mcneil
    from omnijet.transfer import anomaly_report

    result = {"signal_fraction": 0.0, "cwola": {"0.0": _cwola_point(0.84, 1.72)},
              "unsupervised": {"event_sr": {"auc": 0.40, "max_sic": 1.05}}}
    figs = []
    saved = anomaly_report._save
    anomaly_report._save = lambda fig, path: figs.append(fig)
    try:
        anomaly_report.plot_fraction_scan(result, tmp_path)
    finally:
        anomaly_report._save = saved
    sic, auc = figs[0].axes
    assert auc.get_xscale() == "linear"  # no empty log axis of fractions 1..10
    (bar,) = [c for c in auc.containers if isinstance(c, ErrorbarContainer)]
    x, y = bar.lines[0].get_data()
    assert list(x) == [0] and list(y) == [0.84]
    (seg,) = bar.lines[2][0].get_segments()
    assert seg[1][1] - seg[0][1] == pytest.approx(2 * hanley_mcneil(0.84, 18, 133))
    assert 0.5 in [ln.get_ydata()[0] for ln in auc.lines] and 1.0 in [ln.get_ydata()[0] for ln in sic.lines]
    plt.close(figs[0])


def test_anomaly_bad_inputs_fail_before_training(tmp_path):
    ev = toy_events()
    tok = BinnedTokenizer.fit(ev.j1, bins=4)
    with pytest.raises(DataError, match="signal region .* is empty"):
        anomaly_scan(ev, tok, tmp_path / "a", AnomalyConfig(signal_region=(9000.0, 9500.0)))
    with pytest.raises(DataError, match="left for injection"):
        anomaly_scan(ev, tok, tmp_path / "b", AnomalyConfig(signal_fraction=0.4, min_bkg=5))
    ev.features = ev.features.drop(columns=["tau21_j2"])
    with pytest.raises(DataError, match="tau21_j2"):
        anomaly_scan(ev, tok, tmp_path / "c", FAST)
    assert not any((tmp_path / d).exists() for d in "abc")


def test_anomaly_scan_in_two_shards_then_merged_matches_unsplit(tmp_path):
    from omnijet.errors import ConfigError
    from omnijet.transfer.anomaly_scan import merge_anomaly_scan, point_keys
    from omnijet.transfer.shards import Shard

    ev = toy_events()
    tok = BinnedTokenizer.fit(JetBatch.concat([ev.j1, ev.j2]), bins=4)
    cfg = AnomalyConfig(**{**FAST.__dict__, "embeddings": 0})
    assert point_keys(cfg) == ["likelihood", "cwola_0.0", "cwola_0.1"]
    whole = anomaly_scan(ev, tok, tmp_path / "whole", cfg)
    out = tmp_path / "split"
    part = anomaly_scan(ev, tok, out, cfg, shard=Shard(1, 2))  # CWoLa at 0.0 only: no GPT
    assert [p["key"] for p in part["points"]] == ["cwola_0.0"] and not (out / "gpt").exists()
    with pytest.raises(ConfigError, match="2 of 3 points are not finished"):
        merge_anomaly_scan(out)
    anomaly_scan(ev, tok, out, cfg, shard=Shard(0, 2))
    merged = merge_anomaly_scan(out)
    assert merged["headline"] == pytest.approx(whole["headline"], rel=1e-9)
    assert {f: m["auc"] for f, m in merged["cwola"].items()} == \
        {f: m["auc"] for f, m in whole["cwola"].items()}
    for name in ("metrics.json", "summary.md", "roc_sic.png", "fraction_scan.png", "test_scores.npz"):
        assert (out / name).stat().st_size > 0
    with pytest.raises(ConfigError, match="needs --gpt"):  # shards must not each train a GPT
        anomaly_scan(ev, tok, tmp_path / "emb", FAST, shard=Shard(1, 2))
