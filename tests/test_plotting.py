"""omnijet.plotting: the properties physicists check first, on figures made from toy arrays."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection

from omnijet import plotting as P

RNG = np.random.default_rng(0)


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(plt.Text) if t.get_visible()]


def _panels(n=500):
    return {
        "jet mass [GeV]": {"original": RNG.normal(170, 20, n), "reconstructed": RNG.normal(172, 22, n)},
        "multiplicity": {"original": RNG.poisson(50, n), "reconstructed": RNG.poisson(48, n)},
        r"$\tau_{21}$": {"original": RNG.uniform(0, 1, n), "reconstructed": RNG.uniform(0, 1, n)},
        "constituent $p_T$ [GeV]": {"original": RNG.exponential(10, 10 * n),
                                    "reconstructed": RNG.exponential(10, 10 * n)},
    }


def test_garwood_interval():
    lo, hi = P.poisson_interval(np.array([0, 1, 100]))
    assert lo[0] == 0 and hi[0] == pytest.approx(1.841, abs=1e-3)
    assert (lo[1], hi[1]) == (pytest.approx(0.173, abs=1e-3), pytest.approx(3.300, abs=1e-3))
    # large n: about n + sqrt(n + 1) + 1 above and n - sqrt(n) below
    assert hi[2] == pytest.approx(111.03, abs=0.02) and lo[2] == pytest.approx(90.02, abs=0.02)


def test_integer_data_get_half_integer_edges():
    counts = RNG.poisson(50, 1000)
    edges = P.hist_edges([counts], bins=40)
    assert np.allclose(edges % 1, 0.5)
    assert np.allclose(np.diff(edges), np.diff(edges)[0]) and np.diff(edges)[0] == int(np.diff(edges)[0])
    assert edges[0] <= np.quantile(counts, 0.001) and edges[-1] >= np.quantile(counts, 0.999)
    narrow = P.hist_edges([np.array([3, 4, 4, 5, 7])], bins=40)
    assert np.array_equal(narrow, np.arange(2.5, 8.0))  # one bin per value, no comb
    assert not np.allclose(P.hist_edges([RNG.normal(size=100)], bins=10) % 1, 0.5)


def test_residuals_with_a_long_tail_keep_their_core_in_many_bins():
    # a relative pT residual: a core of width ~0.1, and soft constituents far out (up to 1e7)
    core = RNG.normal(0.02, 0.1, 20_000)
    tail = 10 ** RNG.uniform(0, 7, 600)
    values = np.concatenate([core, tail])
    wide = P.hist_edges([values], bins=40)
    assert np.sum((core > wide[0]) & (core < wide[1])) > 0.9 * core.size  # the peak in one bin
    edges = P.hist_edges([values], bins=40, core=8.0)
    in_bins = np.histogram(core, bins=edges)[0]
    assert np.sum(in_bins > 0.01 * core.size) >= 10 and edges[-1] < 2
    fig = P.compare_histograms({"residual": {"reco - truth": values}}, None, core=8.0)
    label = [t for t in _texts(fig) if t.startswith("reco - truth")]
    assert label == ["reco - truth (N=20600, 3% outside)"]  # the cut-off share is said
    fig = P.compare_histograms({"residual": {"reco - truth": core}}, None, core=8.0)
    assert [t for t in _texts(fig) if t.startswith("reco - truth")] == ["reco - truth (N=20000)"]


def test_loss_curves_mark_the_kept_epoch_and_skip_bad_rows(tmp_path):
    history = [{"epoch": e, "train_loss": 5.0 - 0.5 * e, "val_loss": 4.6 - 0.3 * e + 0.1 * max(e - 3, 0) ** 2}
               for e in range(7)] + [{"epoch": 7, "train_loss": None, "val_loss": 3.0}]
    fig = P.loss_curves(history, None, best_epoch=4, title="GPT pretraining")
    (ax,) = fig.axes
    train, val, kept = ax.lines
    assert list(train.get_xdata()) == list(range(1, 8)) and len(val.get_ydata()) == 7  # the row without a number is skipped
    assert list(kept.get_xdata()) == [5, 5] and "kept: epoch 5" in _texts(fig)
    assert ax.get_ylabel() == "loss [nats per token]" and not P.text_overlaps(fig)
    plt.close(fig)
    assert P.loss_curves(history, tmp_path / "loss.png").stat().st_size > 10_000


def test_compare_histograms_like_with_like(tmp_path):
    path = P.compare_histograms(_panels(), tmp_path / "obs.png", reference="original", title="t")
    assert path.stat().st_size > 10_000
    fig = P.compare_histograms(_panels(), None, reference="original", title="original vs tokens")
    texts = _texts(fig)
    assert texts.count(P.SIM_LABEL) == 4
    assert sum(t == "/ original" for t in texts) == 4  # a ratio panel under each histogram
    axes = [a for a in fig.get_axes() if a.get_visible()]
    assert len(axes) == 8
    # Poisson error bars: one vertical segment per bin per sample on each histogram
    multiplicity, below = axes[2], axes[3]  # panels in order, histogram then its ratio
    assert below.get_xlabel() == "multiplicity" and multiplicity.get_ylabel().startswith("normalised")
    bars = [c for c in multiplicity.collections if isinstance(c, LineCollection)]
    assert len(bars) == 2 and all(len(b.get_segments()) > 5 for b in bars)
    assert P.text_overlaps(fig) == []
    plt.close(fig)


def test_compare_histograms_without_reference_has_no_ratio():
    top_qcd = {"jet mass [GeV]": {"top": RNG.normal(170, 20, 300), "QCD": RNG.normal(90, 40, 300)}}
    fig = P.compare_histograms(top_qcd, None, title="top and QCD")
    assert len(fig.get_axes()) == 1 and not any(t.startswith("/ ") for t in _texts(fig))
    plt.close(fig)


def test_text_overlaps_detects_a_collision():
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "first label")
    ax.text(0.5, 0.5, "second label")
    assert P.text_overlaps(fig) == [("first label", "second label")]
    plt.close(fig)


def test_a_long_title_wraps_inside_a_one_panel_figure():
    """The classifier-test plot's title ran off both edges of its one panel ('sifier test: ...')."""
    title = "classifier test: held-out generated and reconstructed jets"
    g = np.random.default_rng(0)
    fig = P.compare_histograms({"p(generated)": {"real": g.random(60), "generated": g.random(60)}}, None, title=title)
    assert P.text_overlaps(fig) == [] and title in _texts(fig)
    fig._suptitle.set_wrap(False)  # the check itself sees the cut
    assert P.text_overlaps(fig) == [(title, "figure edge")]
    plt.close(fig)


def _scores(n=400, shift=1.0, seed=0):
    g = np.random.default_rng(seed)
    y = np.r_[np.ones(n), np.zeros(n)]
    return y, np.r_[g.normal(shift, 1, n), g.normal(0, 1, n)]


def test_rejection_curves(tmp_path):
    assert P.rejection_curves({"a": [_scores()]}, tmp_path / "r.png").stat().st_size > 5000
    fig = P.rejection_curves({"one": [_scores()], "three": [_scores(seed=s) for s in range(3)]},
                             None, rlabel="top vs QCD")
    (ax,) = fig.get_axes()
    assert ax.get_yscale() == "log" and ax.get_xlim() == (0, 1)
    assert "rejection" in ax.get_ylabel() and "efficiency" in ax.get_xlabel()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "one" in legend and "three (mean ± std, 3 seeds)" in legend
    assert len(ax.collections) == 1  # one band: only the three-seed tagger has one
    eff, rej = P.rejection_points(*_scores(shift=3.0))
    assert rej[np.searchsorted(eff, 0.5)] > 20  # a good tagger rejects far more than 1/eps_S
    assert P.SIM_LABEL in _texts(fig) and P.text_overlaps(fig) == []
    plt.close(fig)


def _table(n_seeds):
    return pd.DataFrame({"strategy": ["scratch"] * 2 + ["finetune"] * 2, "n_train": [100, 1000] * 2,
                         "accuracy_mean": [0.80, 0.85, 0.82, 0.87],
                         "accuracy_std": [0.02, 0.01, 0.01, 0.01] if n_seeds > 1 else [0.0] * 4,
                         "n_seeds": [n_seeds] * 4})


def test_learning_curve_bands_only_with_seeds(tmp_path):
    assert P.learning_curve(_table(3), tmp_path / "lc.png").stat().st_size > 5000
    one = P.learning_curve(_table(1), None)
    assert not one.get_axes()[0].collections  # no band
    assert not any("seeds" in t or "±" in t for t in _texts(one))
    assert "scratch (1 seed)" in _texts(one)
    three = P.learning_curve(_table(3), None)
    from matplotlib.collections import PolyCollection

    ax = three.get_axes()[0]
    assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 2  # a band per strategy
    assert len(ax.containers) == 2  # and error bars at every point
    assert "scratch (mean ± std, 3 seeds)" in _texts(three)
    assert P.text_overlaps(three) == [] and P.SIM_LABEL in _texts(three)
    single = P.learning_curve(_table(2).query("n_train == 100"), None)  # a scan at one size: a readable axis
    ax = single.get_axes()[0]
    assert [t.get_text() for t in ax.get_xticklabels() if t.get_text()] == ["100"]
    assert ax.get_xlim()[1] / ax.get_xlim()[0] > 5 and P.text_overlaps(single) == []
    plt.close("all")
