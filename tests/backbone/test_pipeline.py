"""End to end on toy jets: tokenize -> pretrain -> generate a ROOT file -> evaluate it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from omnijet.backbone.generate import generate_file
from omnijet.config import GenerateJetsConfig, GenerationEvalConfig, PretrainConfig
from omnijet.data.io import load_jets, read_meta
from omnijet.data.jetclass import write_jetclass
from omnijet.errors import CheckpointError
from omnijet.evaluate.generation import evaluate_generation
from omnijet.tokenizer.api import tokenize_file
from omnijet.train.loop import TrainConfig
from omnijet.train.pretrain import run_pretrain
from omnijet.train.tokenizer import fit_binned
from tests.conftest import make_toy_batch


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    d = tmp_path_factory.mktemp("pipeline")
    jets = make_toy_batch(400, n_max=20, seed=0)
    jets.label[:] = 8  # one class: generated jets inherit it
    train, val = jets.split([0.8, 0.2], seed=0)
    write_jetclass(d / "train.root", train, {"toy": True})
    write_jetclass(d / "val.root", val, {"toy": True})
    tok = fit_binned(train, val, d / "tok", bins=4).best_path  # 64 codes
    paths = {s: tokenize_file(tok, d / f"{s}.root", d / f"{s}.pt", device="cpu") for s in ("train", "val")}
    res = run_pretrain(PretrainConfig(tokens=paths["train"], out=d / "gpt", val_tokens=paths["val"],
                                     preset="tiny", epochs=3, batch_size=64, lr=3e-3),
                       progress_bar=False)
    return d, tok, res.best_path


def test_generate_file_writes_jetclass_jets_with_provenance(trained):
    d, tok, gpt = trained
    out = generate_file(GenerateJetsConfig(gpt=gpt, tokenizer=tok, n_generate=50, out=d / "gen.root", seed=1,
                                        batch_size=32))
    jets = load_jets(out)
    assert len(jets) == 50 and (jets.label == 8).all()
    n = jets.multiplicity
    assert n.min() >= 1 and n.max() <= 128
    pt = jets.part[..., 0]
    assert (pt[jets.mask] > 0).all()
    assert (pt[:, :-1] >= pt[:, 1:])[jets.mask[:, 1:]].all()  # pT-ordered like real data
    meta = read_meta(out)
    assert meta["seed"] == 1 and meta["gpt"] == str(gpt) and meta["n_jets"] == 50
    # the tokenizer recorded in the GPT checkpoint (via the token file's meta) is the default
    again = load_jets(generate_file(GenerateJetsConfig(gpt=gpt, n_generate=50, out=d / "gen2.root", seed=1, batch_size=32)))
    np.testing.assert_array_equal(again.part.numpy(), jets.part.numpy())


def test_generate_refuses_a_tokenizer_of_another_vocabulary(trained, tmp_path):
    d, _, gpt = trained
    other = fit_binned(make_toy_batch(50), make_toy_batch(20), tmp_path / "tok5", bins=5).best_path
    with pytest.raises(CheckpointError, match="64 codes .* codebook of 125"):
        generate_file(GenerateJetsConfig(gpt=gpt, tokenizer=other, n_generate=10, out=tmp_path / "x.root"))


def test_evaluate_generation_writes_metrics_and_plots(trained):
    d, tok, gpt = trained
    gen = generate_file(GenerateJetsConfig(gpt=gpt, tokenizer=tok, n_generate=200, out=d / "gen_eval.root", seed=2))
    cfg = TrainConfig(epochs=2, batch_size=64, lr=1e-3, patience=None, seed=0, device="auto", progress_bar=False)
    m = evaluate_generation(GenerationEvalConfig(generated=gen, reference=[d / "val.root"], out=d / "genq", tokenizer=tok),
                            classifier_cfg=cfg)
    assert m["n_jets"] == 80  # balanced: the smaller sample sets the size
    assert 0.0 <= m["classifier_auc"] <= 1.0
    assert m["classifier"]["n_train"] == 96 and m["classifier"]["n_test"] == 32
    assert set(m["w1"]) == {"mass", "pt", "tau21", "tau32", "n", "part_pt"}
    assert all(np.isfinite(v) and v >= 0 for v in m["w1"].values())
    assert set(m["ks"]) == {"mass", "pt", "tau21", "tau32", "n"}  # jet-level only: constituents are not independent
    assert all(0 < v["statistic"] <= 1 and 0 <= v["p_value"] <= 1 for v in m["ks"].values())
    assert set(m["stds"]) == set(m["ks"]) and all(v["generated"] >= 0 for v in m["stds"].values())
    on_disk = json.loads((d / "genq" / "metrics.json").read_text())
    assert on_disk["classifier_auc"] == pytest.approx(m["classifier_auc"])
    assert (d / "genq" / "observables.png").stat().st_size > 10_000


def test_classifier_test_separates_different_jets_and_not_identical_ones(tmp_path):
    from omnijet.evaluate.generation import classifier_test

    cfg = TrainConfig(epochs=8, batch_size=64, lr=3e-3, patience=None, seed=0, device="auto", progress_bar=False)
    a, b = make_toy_batch(400, seed=1, n_classes=1), make_toy_batch(400, seed=2, n_classes=1)
    wide = make_toy_batch(800, seed=3, n_classes=2)
    wide = wide[(wide.label == 1).numpy()]  # wider jets with more constituents
    assert classifier_test(wide[np.arange(400)], a, seed=0, train_cfg=cfg)["auc"] > 0.9
    assert abs(classifier_test(b, a, seed=0, train_cfg=cfg)["auc"] - 0.5) < 0.12


def test_cli_generate_and_evaluate(trained, capsys):
    from agents.main import main

    d, tok, gpt = trained
    out = d / "cli.root"
    args = ["generate", "--gpt", str(gpt), "--tokenizer", str(tok), "--jets", "30",
            "--out", str(out), "--seed", "0", "--temperature", "0.8", "--top-k", "10"]
    assert main(args) == 0 and len(load_jets(out)) == 30
    assert read_meta(out)["top_k"] == 10
    assert main(["evaluate-generation", "--generated", str(out), "--reference",
                 str(d / "val.root"), "--out", str(d / "cli_q")]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-2])["n_jets"] == 30
    assert (d / "cli_q" / "metrics.json").is_file()


def _valid_jets(path, n):
    jets = load_jets(path)
    assert len(jets) == n and jets.multiplicity.min() >= 1
    assert (jets.part[..., 0][jets.mask] > 0).all() and jets.part.isfinite().all()
    return jets


def test_cli_generate_picks_precision_and_decoder(trained):
    """--precision / --decoder reach the sampler (recorded in the file's meta); the fused fp32
    step gives the model path's jets (rounding may part a draw at a CDF boundary: rarely)."""
    from agents.main import main

    d, tok, gpt = trained
    base = ["generate", "--gpt", str(gpt), "--tokenizer", str(tok), "--jets", "40", "--seed", "3"]
    assert main([*base, "--out", str(d / "model.root"), "--precision", "fp32"]) == 0
    assert main([*base, "--out", str(d / "fused.root"), "--precision", "fp32", "--decoder", "fused"]) == 0
    assert main([*base, "--out", str(d / "bf16.root"), "--precision", "bf16", "--decoder", "fused"]) == 0
    a, b = _valid_jets(d / "model.root", 40), _valid_jets(d / "fused.root", 40)
    same = [(a.part[i] == b.part[i]).all() for i in range(40) if a.part[i].shape == b.part[i].shape]
    assert sum(map(bool, same)) >= 38
    _valid_jets(d / "bf16.root", 40)
    assert (read_meta(d / "bf16.root")["precision"], read_meta(d / "bf16.root")["decoder"]) == ("bf16", "fused")
    assert (read_meta(d / "model.root")["decoder"]) == GenerateJetsConfig.model_fields["decoder"].default
    assert main([*base, "--out", str(d / "x.root"), "--decoder", "jit"]) == 2


@pytest.mark.slow
def test_generate_file_with_the_compiled_bf16_step(trained):
    """The compiled step from the config (torch.compile: ~40-60 s on 2 CPU cores, once per process)."""
    d, tok, gpt = trained
    out = generate_file(GenerateJetsConfig(gpt=gpt, tokenizer=tok, n_generate=40, out=d / "compiled.root",
                                           seed=3, precision="bf16", decoder="compiled"))
    _valid_jets(out, 40)
    assert read_meta(out)["decoder"] == "compiled"


def test_cli_bad_input_is_one_line_and_exit_2(trained, capsys):
    from agents.main import main

    d, tok, _ = trained
    assert main(["generate", "--gpt", str(d / "missing.pt"), "--tokenizer", str(tok),
                 "--out", str(d / "x.root")]) == 2
    err = capsys.readouterr().err
    assert "checkpoint not found" in err and "Traceback" not in err
    assert main(["generate", "--gpt", str(tok), "--tokenizer", str(tok),
                 "--out", str(d / "x.root")]) == 2
    assert "expected 'gpt'" in capsys.readouterr().err


def test_a_mixed_reference_keeps_its_mix_under_max_jets(tmp_path):
    from omnijet.evaluate.generation import load_reference

    for i in (0, 1):  # two files of 30 jets, one class each
        b = make_toy_batch(200, seed=i, n_classes=2)
        write_jetclass(tmp_path / f"c{i}.root", b[(b.label == i).numpy()][np.arange(30)], {"toy": True})
    ref = load_reference([tmp_path / "c0.root", tmp_path / "c1.root"], max_jets=40)
    assert len(ref) == 40 and np.bincount(ref.label.numpy()).tolist() == [20, 20]  # read in order: 30 + 10
    assert len(load_reference([tmp_path / "c0.root"], max_jets=20)) == 20
