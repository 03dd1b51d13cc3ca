"""The fine-tuning scan: outputs, resume without repeating finished points, refusal to mix."""

import json

import pytest

from omnijet.errors import ConfigError, DataError
from omnijet.transfer.finetune_scan import ScanConfig, finetune_scan, read_points, shown
from tests.transfer.conftest import FAST, make_tokens

CFG = ScanConfig(sizes=(20, 40), strategies=("scratch", "finetune"), seeds=2, n_val=30,
                 n_test=30, finetune=FAST)


def _trained(events):
    return [e["key"] for e in events if e["event"] == "point"]


def test_scan_writes_results_and_resumes(gpt_path, tmp_path):
    data, out = make_tokens(200), tmp_path / "scan"
    events = []
    summary = finetune_scan(data, out, CFG, gpt_path=gpt_path, progress=events.append)
    assert len(_trained(events)) == 8 and len(summary["points"]) == 8
    for name in ("results.csv", "results.md", "metrics.json", "learning_curve.png", "summary.md"):
        assert (out / name).stat().st_size > 0, name
    assert {(r["strategy"], r["n_train"]) for r in summary["table"]} == {
        (s, n) for s in ("scratch", "finetune") for n in (20, 40)}
    assert all(r["n_seeds"] == 2 for r in summary["table"])

    # interrupt: drop the last three finished points and tear the last line
    lines = (out / "points.jsonl").read_text().splitlines()
    (out / "points.jsonl").write_text("\n".join(lines[:5]) + "\n" + lines[5][:20])
    kept = read_points(out / "points.jsonl")
    assert len(kept) == 5
    events.clear()
    again = finetune_scan(data, out, CFG, gpt_path=gpt_path, progress=events.append)
    assert sorted(_trained(events)) == sorted(
        {json.loads(x)["strategy"] + f"_n{json.loads(x)['n_train']}_s{json.loads(x)['seed']}"
         for x in lines[5:]})
    for key, p in kept.items():  # finished points are reused as they were
        assert any(q == p for q in again["points"]), key

    events.clear()
    finetune_scan(data, out, CFG, gpt_path=gpt_path, progress=events.append)
    assert _trained(events) == []

    labelled = finetune_scan(data, out, CFG, gpt_path=gpt_path, backbone_label="objective joint")
    assert labelled["backbone_label"] == "objective joint" and "backbone_label" not in again  # named in the plots
    assert (shown("finetune", "objective joint"), shown("scratch", "objective joint")) == ("finetune [objective joint]", "scratch")

    bigger = ScanConfig(**{**CFG.__dict__, "sizes": (20, 40, 60)})  # extending is allowed
    events.clear()
    finetune_scan(data, out, bigger, gpt_path=gpt_path, progress=events.append)
    assert len(_trained(events)) == 4 and all("_n60_" in k for k in _trained(events))


def test_scan_refuses_other_settings_in_same_folder(gpt_path, tmp_path):
    data, out = make_tokens(200), tmp_path / "scan"
    small = ScanConfig(**{**CFG.__dict__, "sizes": (20,), "strategies": ("scratch",), "seeds": 1})
    finetune_scan(data, out, small, gpt_path=gpt_path)
    other = ScanConfig(**{**small.__dict__, "n_test": 20})
    with pytest.raises(ConfigError, match="other data"):
        finetune_scan(data, out, other, gpt_path=gpt_path)


def test_scan_bad_inputs_fail_before_training(gpt_path, tmp_path):
    with pytest.raises(DataError, match="too few labelled jets"):
        finetune_scan(make_tokens(100), tmp_path / "a", CFG, gpt_path=gpt_path)
    with pytest.raises(ConfigError, match="pretrained GPT"):
        finetune_scan(make_tokens(200), tmp_path / "b", CFG)
    with pytest.raises(DataError, match="two classes"):
        finetune_scan(make_tokens(200, labels=(0,)), tmp_path / "c", CFG, gpt_path=gpt_path)
    assert not (tmp_path / "a" / "points").exists()


def test_table_cells_never_print_plus_minus_zero():
    import pandas as pd

    from omnijet.transfer.finetune_scan import _markdown

    table = pd.DataFrame({"strategy": ["scratch", "finetune", "finetune"], "n_train": [100, 100, 1000],
                          "accuracy_mean": [0.8, 0.85, 0.9], "accuracy_std": [0.0, 0.0, 0.012],
                          "n_seeds": [2, 1, 3]})
    md = _markdown(table)
    assert "± 0 " not in md and "± 0|" not in md
    assert "0.8 (seeds identical)" in md and "0.85 (1 seed)" in md and "0.9 ± 0.012" in md
