"""The fine-tuning scan keeps each point's test scores and draws rejection vs efficiency."""

import numpy as np

from omnijet.transfer.finetune_scan import ScanConfig, finetune_scan, plot_rejection
from tests.transfer.conftest import FAST, make_tokens


def test_scan_keeps_test_scores_and_plots_rejection(gpt_path, tmp_path):
    cfg = ScanConfig(sizes=(20,), strategies=("scratch", "finetune"), seeds=1, n_val=30,
                     n_test=40, finetune=FAST)
    out = tmp_path / "scan"
    summary = finetune_scan(make_tokens(160), out, cfg, gpt_path=gpt_path)
    for p in summary["points"]:
        with np.load(out / "scores" / f"{p['strategy']}_n20_s{p['seed']}.npz") as z:
            labels, probs = z["labels"], z["probs"]
        assert labels.shape == (40,) and probs.shape == (40, 2)
        assert np.allclose(probs.sum(1), 1, atol=1e-5)
        assert p["accuracy"] == np.mean(probs.argmax(1) == labels)  # the scores behind the table
    assert not (out / "points").exists() or not any((out / "points").rglob("test_scores.npz"))
    assert (out / "rejection.png").stat().st_size > 5000
    assert "rejection.png" in (out / "summary.md").read_text()
    # a multi-class scan has no single signal: no rejection plot
    multi = [{**p, "n_classes": 3} for p in summary["points"]]
    (out / "rejection.png").unlink()
    assert plot_rejection(out, multi, [0, 1, 8]) is None and not (out / "rejection.png").exists()
