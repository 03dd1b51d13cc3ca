"""Scans split into shards (Slurm job arrays): same table as unsplit, locked appends, sbatch."""

import json
import multiprocessing as mp
import shutil
import subprocess

import pandas as pd
import pytest

from omnijet.errors import ConfigError
from omnijet.transfer.finetune_scan import ScanConfig, finetune_scan, merge_finetune_scan
from omnijet.transfer.shards import (
    Shard,
    append_line,
    parse_shard,
    read_lines,
    resolve_shard,
    sbatch_script,
    scan_lock,
    shard_from_env,
)
from tests.transfer.conftest import FAST, make_tokens

CFG = ScanConfig(sizes=(20, 40), strategies=("scratch", "finetune"), seeds=2, n_val=30,
                 n_test=30, finetune=FAST)


def test_three_shards_then_merge_give_the_unsplit_table(gpt_path, tmp_path):
    data = make_tokens(200)
    whole = finetune_scan(data, tmp_path / "whole", CFG, gpt_path=gpt_path)
    split = tmp_path / "split"
    seen = []
    for i in (2, 0, 1):  # order of finishing does not matter
        part = finetune_scan(data, split, CFG, gpt_path=gpt_path, shard=Shard(i, 3))
        assert part["shard"] == f"{i}/3" and part["scan_total"] == 8
        seen += [(p["strategy"], p["n_train"], p["seed"]) for p in part["points"]]
        assert not (split / "results.csv").exists()  # shards write no tables
    assert sorted(seen) == sorted(CFG.points())  # every point once, none twice
    assert part["scan_done"] == 8
    merged = merge_finetune_scan(split)
    a = pd.read_csv(tmp_path / "whole" / "results.csv")
    b = pd.read_csv(split / "results.csv")
    pd.testing.assert_frame_equal(a, b)
    assert (tmp_path / "whole" / "results.md").read_text() == (split / "results.md").read_text()
    assert whole["table"] == merged["table"]
    assert {k: merged[k] for k in ("classes", "n_val", "n_test", "n_pool")} == \
        {k: whole[k] for k in ("classes", "n_val", "n_test", "n_pool")}
    assert json.loads(json.dumps(whole["config"])) == merged["config"]
    for name in ("learning_curve.png", "summary.md", "metrics.json", "rejection.png"):
        assert (split / name).stat().st_size > 0, name


def test_merge_refuses_until_every_point_is_there(gpt_path, tmp_path):
    out = tmp_path / "scan"
    small = ScanConfig(**{**CFG.__dict__, "sizes": (20,), "seeds": 1})  # 2 points
    with pytest.raises(ConfigError, match="no scan"):
        merge_finetune_scan(out)
    finetune_scan(make_tokens(200), out, small, gpt_path=gpt_path, shard=Shard(1, 2))
    with pytest.raises(ConfigError, match="1 of 2 points are not finished .*scratch_n20_s0"):
        merge_finetune_scan(out)
    # an unsplit rerun in the same folder reuses the shard's point and finishes the rest
    events = []
    summary = finetune_scan(make_tokens(200), out, small, gpt_path=gpt_path, progress=events.append)
    assert [e["key"] for e in events if e["event"] == "point"] == ["scratch_n20_s0"]
    assert len(summary["points"]) == 2


def _writer(path, tag, n):
    out = path.parent
    for i in range(n):
        with scan_lock(out):
            append_line(path, {"tag": tag, "i": i, "pad": "x" * 5000})


def test_processes_sharing_a_folder_append_whole_lines(tmp_path):
    path = tmp_path / "points.jsonl"
    path.write_text('{"torn": ')  # a killed writer's half line
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(path, t, 150)) for t in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    recs = read_lines(path)
    assert len(recs) == 600 and {(r["tag"], r["i"]) for r in recs} == {
        (t, i) for t in range(4) for i in range(150)}


def test_shard_from_option_and_slurm_environment():
    assert parse_shard("1/3") == Shard(1, 3) and Shard(1, 3).take(list(range(8))) == [1, 4, 7]
    for bad in ("3/3", "-1/2", "1", "a/b", "0/0"):
        with pytest.raises(ConfigError, match="shard"):
            parse_shard(bad)
    assert shard_from_env({}) is None
    env = {"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "3"}
    assert shard_from_env(env) == Shard(2, 4)
    assert resolve_shard(None, env) == Shard(2, 4) and resolve_shard("0/2", env) == Shard(0, 2)


def test_sbatch_script_is_an_array_with_a_dependent_merge(tmp_path):
    args = ["finetune", "--gpt", "runs/gpt/best.pt", "--train", "a b.pt", "--out", "runs/ft"]
    text = sbatch_script(args, "runs/ft", 3, gpus_per_task=1, partition="gpu",
                         setup=["source .venv/bin/activate"], workdir=tmp_path)
    assert "#SBATCH --array=0-2" in text and "#SBATCH --gpus-per-task=1" in text
    assert "#SBATCH --partition=gpu" in text and f'#SBATCH --chdir="{tmp_path}"' in text
    assert "'a b.pt'" in text and '--shard "${SLURM_ARRAY_TASK_ID}/3"' in text
    assert "--dependency=afterok:" in text and f"merge --out {tmp_path}/runs/ft" in text
    if shutil.which("bash"):
        script = tmp_path / "scan.sbatch"
        script.write_text(text)
        assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    with pytest.raises(ConfigError, match="leave --shard out"):
        sbatch_script([*args, "--shard", "0/2"], "runs/ft", 3)
    with pytest.raises(ConfigError, match="finetune or anomaly"):
        sbatch_script(["pretrain"], "runs/ft", 3)


@pytest.mark.slow
def test_three_cli_shards_running_at_once_then_merge(tmp_path):
    """Three `omnijet-agent finetune --shard i/3` processes side by side on one --out."""
    import os
    import sys

    from tests.transfer.conftest import save_gpt

    top, qcd = make_tokens(120, labels=(8,), seed=1), make_tokens(120, labels=(0,), seed=2)
    top.save(tmp_path / "top.pt")
    qcd.save(tmp_path / "qcd.pt")
    gpt = save_gpt(tmp_path / "gpt.pt")
    args = ["finetune", "--gpt", str(gpt), "--train", str(tmp_path / "top.pt"), str(tmp_path / "qcd.pt"),
            "--sizes", "20", "--strategies", "scratch", "finetune", "--seeds", "2",
            "--n-val", "40", "--n-test", "40", "--epochs", "1", "--min-epoch-jets", "32",
            "--device", "cpu"]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE", "MPLBACKEND": "Agg"}
    cmd = [sys.executable, "-m", "agents.main"]
    procs = [subprocess.Popen([*cmd, *args, "--out", str(tmp_path / "split"), "--shard", f"{i}/3"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(3)]
    whole = subprocess.run([*cmd, *args, "--out", str(tmp_path / "whole")], env=env,
                           capture_output=True, text=True, timeout=300)
    assert whole.returncode == 0, whole.stderr[-2000:]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
    lines = (tmp_path / "split" / "points.jsonl").read_text().splitlines()
    assert len(lines) == 4 and all(json.loads(x) for x in lines)
    merged = subprocess.run([*cmd, "merge", "--out", str(tmp_path / "split")], env=env,
                            capture_output=True, text=True, timeout=120)
    assert merged.returncode == 0, merged.stderr[-2000:]
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "whole" / "results.csv"),
                                  pd.read_csv(tmp_path / "split" / "results.csv"))


def test_a_merge_after_the_shards_keeps_their_backbone_label(gpt_path, tmp_path):
    # the shards of a two-backbone comparison record the label; a later `merge` (which is given none) shows it
    data = make_tokens(200)
    out = tmp_path / "scan"
    for i in (0, 1):
        finetune_scan(data, out, CFG, gpt_path=gpt_path, shard=Shard(i, 2), backbone_label="joint pretraining")
    merged = merge_finetune_scan(out)
    assert merged["backbone_label"] == "joint pretraining"
    assert json.loads((out / "metrics.json").read_text())["backbone_label"] == "joint pretraining"
    # a label planted in scan.json that is not a plain one is refused, naming the file
    meta = json.loads((out / "scan.json").read_text())
    (out / "scan.json").write_text(json.dumps({**meta, "backbone_label": "<img src=x onerror=alert(1)>"}))
    with pytest.raises(ConfigError, match="scan.json: backbone_label"):
        merge_finetune_scan(out)
