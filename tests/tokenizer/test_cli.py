"""End to end through the CLI on small JetClass files written in the real schema."""

from pathlib import Path

import numpy as np
import pytest
import torch

from agents.main import main
from omnijet.data.io import load_jets
from omnijet.data.jetclass import write_jetclass
from omnijet.tokenizer.base import load_tokenizer
from omnijet.tokenizer.tokens import TokenDataset
from omnijet.utils import read_json
from tests.conftest import make_toy_batch


@pytest.fixture
def files(tmp_path):
    out = []
    for label, name in ((8, "top"), (0, "qcd")):
        b = make_toy_batch(60, seed=label)
        b.label[:] = label
        out.append(write_jetclass(tmp_path / f"{name}.root", b, {"toy": name}))
    return out


def test_train_eval_tokenize(files, tmp_path, capsys):
    run = tmp_path / "tok"
    args = ["tokenizer", "train", "--data", *map(str, files), "--out", str(run), "--kind",
            "unconditional", "--preset", "tiny", "--codebook", "16", "--epochs", "2",
            "--batch-size", "32", "--device", "cpu"]
    assert main(args) == 0
    tok = load_tokenizer(run / "best.pt", "cpu")
    assert tok.codebook_size == 16
    metrics = read_json(run / "metrics.json")
    assert [f["path"] for f in metrics["data"]["files"]] == [str(f) for f in files]
    assert metrics["data"]["n_train"] + metrics["data"]["n_val"] == 120

    assert main(["tokenize", "--tokenizer", str(run / "best.pt"), "--data", *map(str, files),
                 "--out", str(tmp_path / "tokens.pt"), "--max-jets", "50"]) == 0
    ds = TokenDataset.load(tmp_path / "tokens.pt")
    assert len(ds) == 50 and set(ds.label.tolist()) == {0, 8}  # spread over both files
    assert ds.meta["tokenizer_kind"] == "vqvae" and ds.meta["data"]["files"][0]["sha256"]
    expected, _ = tok.encode(load_jets(files[0], max_jets=25))
    assert torch.equal(ds.tokens[:25, : expected.shape[1]], expected)

    q = tmp_path / "tokq"
    assert main(["tokenizer", "eval", "--tokenizer", str(run / "best.pt"), "--data",
                 *map(str, files), "--out", str(q), "--no-classifier"]) == 0
    m = read_json(q / "metrics.json")
    assert set(m["per_class"]) == {"Tbqq", "QCD"}
    assert np.isfinite(m["per_class"]["Tbqq"]["jet"]["mass"]["width"])
    assert len(m["plots"]) == 4 and all(Path(p).exists() for p in m["plots"])
    assert (q / "observables_Tbqq.png").exists() and (q / "resolution_QCD.png").exists()
    assert "resolution (68% quantile" in capsys.readouterr().out


def test_binned_via_cli_and_clean_errors(files, tmp_path, capsys):
    assert main(["tokenizer", "train", "--data", str(files[0]), "--out", str(tmp_path / "b"),
                 "--kind", "binned", "--codebook", "1000"]) == 0
    assert load_tokenizer(tmp_path / "b" / "best.pt", "cpu").codebook_size == 1000
    capsys.readouterr()
    assert main(["tokenizer", "train", "--data", str(files[0]), "--out", str(tmp_path / "x"),
                 "--kind", "magic"]) == 2
    assert "--kind" in capsys.readouterr().err
    (tmp_path / "bad.pt").write_bytes(b"junk")
    assert main(["tokenize", "--tokenizer", str(tmp_path / "bad.pt"), "--data", str(files[0]),
                 "--out", str(tmp_path / "t.pt")]) == 2
    err = capsys.readouterr().err
    assert "corrupt checkpoint" in err and "Traceback" not in err
