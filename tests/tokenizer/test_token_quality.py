import dataclasses
import json

import numpy as np
import torch

from omnijet.evaluate.token_quality import (
    CLASSIFIER_TRAIN,
    evaluate_tokenizer,
    jet_differences,
    summarise,
)
from omnijet.tokenizer.binned import BinnedTokenizer
from tests.conftest import make_toy_batch


def test_summary_of_known_differences():
    rng = np.random.default_rng(0)
    s = summarise(np.append(rng.normal(0.1, 0.2, 100_000), [np.nan, np.inf]))
    assert abs(s["mean"] - 0.1) < 0.01 and abs(s["width"] - 0.2) < 0.01 and s["n"] == 100_000
    assert s["abs68"] > 0.2  # the bias widens |d|
    assert abs(summarise(rng.normal(0.0, 0.2, 100_000))["abs68"] - 0.2) < 0.01  # ~1 sigma
    collapsed = summarise(np.full(100, -0.99) + rng.normal(0, 1e-3, 100))
    assert collapsed["width"] < 0.01 and collapsed["abs68"] > 0.9
    d = jet_differences({"mass": np.array([100.0]), "pt": np.array([500.0]),
                         "tau21": np.array([0.5]), "tau32": np.array([0.6])},
                        {"mass": np.array([110.0]), "pt": np.array([450.0]),
                         "tau21": np.array([0.4]), "tau32": np.array([0.6])})
    np.testing.assert_allclose([d["mass"][0], d["pt"][0], d["tau21"][0], d["tau32"][0]],
                               [0.1, -0.1, -0.2, 0.0])  # every observable relative


def test_finer_grid_resolves_jets_better():
    batch = make_toy_batch(300, seed=2)
    coarse = evaluate_tokenizer(BinnedTokenizer.fit(batch, 4), batch, classifier=False)
    fine_cfg = dataclasses.replace(CLASSIFIER_TRAIN, epochs=10, batch_size=32, lr=5e-3)
    fine = evaluate_tokenizer(BinnedTokenizer.fit(batch, 30), batch, classifier_cfg=fine_cfg)
    for cls in ("QCD", "Hbb"):  # toy labels 0 and 1
        for obs in ("mass", "tau21"):
            assert fine["per_class"][cls]["jet"][obs]["abs68"] < coarse["per_class"][cls]["jet"][obs]["abs68"]
        c = fine["per_class"][cls]["constituents"]["part_deta"]
        assert c["width"] < 2 * 0.8 / 30  # within a cell of 3*eta over the fitted range
    assert 0 < fine["codebook"]["usage"] <= 1 and coarse["codebook"]["size"] == 64
    assert 0 < fine["codebook"]["perplexity"] <= fine["codebook"]["size"]
    clf = fine["classifier"]
    assert set(clf) >= {"original", "reconstructed", "accuracy_gap"}
    assert clf["original"]["accuracy"] > 0.6  # toy classes differ in width and multiplicity
    assert fine["plots"] == []  # no out_dir: no plots (the CLI test checks them)
    json.dumps(fine)  # JSON-able


def test_reconstruct_keeps_labels_and_mask():
    from omnijet.evaluate.token_quality import reconstruct

    batch = make_toy_batch(20, seed=3)
    reco, tokens = reconstruct(BinnedTokenizer.fit(batch, 5), batch)
    assert torch.equal(reco.mask, batch.mask) and torch.equal(reco.label, batch.label)
    assert tokens.shape == batch.mask.shape
