"""`omnijet-agent finetune` and `anomaly` as complete runs on tiny inputs, and their errors."""

import json

import numpy as np

from agents.main import main
from omnijet.data.lhco import N_PARTICLES, write_lhco
from omnijet.tokenizer.binned import BinnedTokenizer
from tests.conftest import make_toy_batch
from tests.transfer.conftest import make_tokens, save_gpt


def test_finetune_cli_runs_a_scan_from_token_files(tmp_path, capsys):
    top, qcd = make_tokens(120, labels=(8,), seed=1), make_tokens(120, labels=(0,), seed=2)
    top.save(tmp_path / "top.pt")
    qcd.save(tmp_path / "qcd.pt")
    gpt = save_gpt(tmp_path / "gpt.pt")
    out = tmp_path / "ft"
    args = ["finetune", "--gpt", str(gpt), "--train", str(tmp_path / "top.pt"), str(tmp_path / "qcd.pt"),
            "--sizes", "20", "40", "--strategies", "scratch", "frozen-backbone", "--seeds", "1",
            "--n-val", "40", "--n-test", "40", "--epochs", "2", "--min-epoch-jets", "64",
            "--device", "cpu", "--out", str(out)]
    assert main(args) == 0
    m = json.loads((out / "metrics.json").read_text())
    assert m["classes"] == [0, 8] and len(m["points"]) == 4
    assert (out / "learning_curve.png").exists() and "| frozen-backbone | 40 |" in (out / "results.md").read_text()
    assert main(args) == 0  # resume: nothing left to train
    assert "4 points, 4 already finished" in capsys.readouterr().err


def test_finetune_cli_bad_inputs_are_one_line(tmp_path, capsys):
    make_tokens(100, labels=(8,)).save(tmp_path / "top.pt")
    gpt = save_gpt(tmp_path / "gpt.pt", k=32)
    base = ["finetune", "--train", str(tmp_path / "top.pt"), "--out", str(tmp_path / "o"), "--device", "cpu"]
    assert main([*base, "--gpt", str(gpt)]) == 2
    err = capsys.readouterr().err
    assert "codebook of 16" in err and "Traceback" not in err
    assert main([*base, "--strategies", "scratch"]) == 2
    assert "two classes" in capsys.readouterr().err
    assert main([*base, "--strategies", "magic"]) == 2
    assert "unknown ['magic']" in capsys.readouterr().err


def _lhco_file(path, n_bkg=600, n_sig=150, seed=0):
    """Two narrow back-to-back sprays per event; signal: mjj ~ 3.5 TeV and heavier jets."""
    rng = np.random.default_rng(seed)
    n = n_bkg + n_sig
    label = np.r_[np.zeros(n_bkg), np.ones(n_sig)]
    mjj = np.r_[2700 + rng.exponential(700, n_bkg), rng.normal(3500, 60, n_sig)]
    width = np.r_[rng.uniform(0.02, 0.12, n_bkg), rng.uniform(0.15, 0.25, n_sig)]
    parts = np.zeros((n, N_PARTICLES, 3))
    k = 20
    for j, (eta0, phi0) in enumerate(((0.3, 0.0), (-0.3, np.pi - 0.01))):
        frac = rng.dirichlet(np.ones(k), n)  # (n, k) pT sharing
        sl = slice(j * k, (j + 1) * k)
        parts[:, sl, 0] = frac * (mjj / 2 / np.cosh(0.3))[:, None]
        parts[:, sl, 1] = eta0 + rng.normal(0, 1, (n, k)) * width[:, None]
        parts[:, sl, 2] = phi0 + rng.normal(0, 1, (n, k)) * width[:, None]
    return write_lhco(path, parts, label, {"toy": True})


def test_anomaly_cli_end_to_end_and_empty_region(tmp_path, capsys):
    data = _lhco_file(tmp_path / "lhco.h5")
    tok = BinnedTokenizer.fit(make_toy_batch(200), bins=4).save(tmp_path / "tok.pt")
    out = tmp_path / "ad"
    base = ["anomaly", "--data", str(data), "--tokenizer", str(tok), "--device", "cpu",
            "--gpt-preset", "tiny", "--gpt-epochs", "1", "--folds", "3", "--min-bkg", "5"]
    assert main([*base, "--signal-fraction", "0.1", "--fractions", "0", "0.1", "--out", str(out)]) == 0
    m = json.loads((out / "metrics.json").read_text())
    assert set(m["cwola"]) == {"0.0", "0.1"} and (out / "roc_sic.png").exists()
    assert "CWoLa AUC" in capsys.readouterr().out
    assert main([*base, "--sr-low", "9000", "--sr-high", "9100", "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "signal region 9000.0 < mjj < 9100.0 is empty" in err and not (tmp_path / "x").exists()


def test_finetune_cli_tokenizes_jet_files_and_checks_the_vocabulary(tmp_path, capsys):
    from omnijet.data.jetclass import write_jetclass

    toy = make_toy_batch(240, seed=3)
    toy.label = toy.label * 8  # JetClass indices: QCD 0, Tbqq 8
    files = []
    for c in (0, 8):
        idx = np.flatnonzero(toy.label.numpy() == c)
        files.append(write_jetclass(tmp_path / f"c{c}.root", toy[idx], {"toy": True}))
    tok = BinnedTokenizer.fit(toy, bins=3).save(tmp_path / "tok.pt")  # 27 codes
    out = tmp_path / "ft"
    args = ["finetune", "--tokenizer", str(tok), "--train", *map(str, files), "--sizes", "30",
            "--strategies", "scratch", "--seeds", "1", "--n-val", "30", "--n-test", "40",
            "--epochs", "1", "--scratch-preset", "tiny", "--device", "cpu", "--out", str(out)]
    assert main(args) == 0
    m = json.loads((out / "metrics.json").read_text())
    assert m["classes"] == [0, 8] and m["points"][0]["n_train"] == 30
    gpt = save_gpt(tmp_path / "gpt.pt", k=16)
    assert main([*args, "--gpt", str(gpt), "--out", str(tmp_path / "ft2")]) == 2
    err = capsys.readouterr().err
    assert "16 codes" in err and "codebook of 27" in err and not (tmp_path / "ft2").exists()


def test_finetune_cli_shards_from_slurm_array_then_merge(tmp_path, capsys, monkeypatch):
    top, qcd = make_tokens(120, labels=(8,), seed=1), make_tokens(120, labels=(0,), seed=2)
    top.save(tmp_path / "top.pt")
    qcd.save(tmp_path / "qcd.pt")
    out = tmp_path / "ft"
    args = ["finetune", "--train", str(tmp_path / "top.pt"), str(tmp_path / "qcd.pt"),
            "--sizes", "20", "40", "--strategies", "scratch", "--seeds", "1", "--scratch-preset",
            "tiny", "--n-val", "40", "--n-test", "40", "--epochs", "1", "--min-epoch-jets", "32",
            "--device", "cpu", "--out", str(out)]
    assert main(["merge", "--out", str(out)]) == 2
    assert "no scan.json" in capsys.readouterr().err
    monkeypatch.setenv("SLURM_ARRAY_TASK_COUNT", "2")
    for task in ("1", "0"):
        monkeypatch.setenv("SLURM_ARRAY_TASK_ID", task)
        assert main(args) == 0
        assert not (out / "results.md").exists()
    printed = capsys.readouterr().out
    assert "shard 1/2: 1 points" in printed and "all points finished: omnijet-agent merge" in printed
    assert main(["merge", "--out", str(out)]) == 0
    assert "| scratch | 40 |" in capsys.readouterr().out
    assert len(json.loads((out / "metrics.json").read_text())["points"]) == 2


def test_slurm_cli_writes_an_array_script(tmp_path, capsys):
    script = tmp_path / "ft.sbatch"
    args = ["slurm", "--shards", "4", "--script", str(script), "--gpus-per-task", "1",
            "--setup", "source .venv/bin/activate", "--", "finetune", "--gpt", "g.pt",
            "--train", "a.pt", "b.pt", "--out", str(tmp_path / "ft")]
    assert main(args) == 0
    text = script.read_text()
    assert "#SBATCH --array=0-3" in text and f"--train a.pt b.pt --out {tmp_path / 'ft'} --shard" in text
    assert (tmp_path / "ft" / "slurm").is_dir()  # Slurm does not create the log folder
    assert "source .venv/bin/activate" in text and "--dependency=afterok" in text
    assert main(args) == 2 and "--overwrite" in capsys.readouterr().err
    assert main(["slurm", "--shards", "2", "--script", str(tmp_path / "x"), "--", "pretrain",
                 "--out", "o"]) == 2
    assert "finetune or anomaly" in capsys.readouterr().err
