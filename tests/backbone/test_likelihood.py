"""Class separation by likelihood (issue 26): a GPT trained on one toy class scores the jets of
two files; the per-jet NLL is the sequence's summed -log p, and its AUC separates the classes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from omnijet.config import JetLikelihoodConfig, PretrainConfig
from omnijet.data.jetclass import write_jetclass
from omnijet.errors import DataError
from omnijet.evaluate.likelihood import evaluate_likelihood, separation
from omnijet.evaluate.metrics import hanley_mcneil
from omnijet.tokenizer.api import tokenize_file
from omnijet.train.pretrain import run_pretrain
from omnijet.train.tokenizer import fit_binned
from tests.conftest import make_toy_batch


def test_separation_known_answers() -> None:
    assert separation(np.array([1.0, 2.0]), np.array([3.0, 4.0]))["auc"] == 1.0  # lower NLL: more likely
    assert separation(np.array([3.0, 4.0]), np.array([1.0, 2.0]))["auc"] == 0.0
    assert 0 < hanley_mcneil(0.5, 100, 100) < 0.05


@pytest.fixture(scope="module")
def gpt_on_one_class(tmp_path_factory):
    d = tmp_path_factory.mktemp("likelihood")
    top = make_toy_batch(300, n_max=12, seed=0)
    top.label[:] = 8
    train, val, test = top.split([0.6, 0.2, 0.2], seed=0)
    other = make_toy_batch(60, n_max=40, seed=3)  # another class, with longer jets
    other.label[:] = 0
    for name, b in (("train", train), ("val", val), ("top_test", test), ("qcd_test", other)):
        write_jetclass(d / f"{name}.root", b, {"toy": True})
    tok = fit_binned(train, val, d / "tok", bins=4).best_path
    paths = {s: tokenize_file(tok, d / f"{s}.root", d / f"{s}.pt", device="cpu") for s in ("train", "val")}
    gpt = run_pretrain(PretrainConfig(tokens=paths["train"], out=d / "gpt", val_tokens=paths["val"], preset="tiny",
                                      epochs=2, batch_size=64, lr=3e-3), progress_bar=False).best_path
    return d, gpt


def test_likelihood_of_two_classes(gpt_on_one_class) -> None:
    d, gpt = gpt_on_one_class
    m = evaluate_likelihood(JetLikelihoodConfig(gpt=gpt, data=[d / "top_test.root", d / "qcd_test.root"], out=d / "out",
                                               device="cpu"))
    assert m["classes"] == ["Tbqq", "QCD"]
    top, qcd = m["per_class"]["Tbqq"], m["per_class"]["QCD"]
    assert top["n_jets"] == 60 and qcd["n_jets"] == 60 and top["nll_stderr"] > 0
    with np.load(d / "out" / "nll_QCD.npz") as z:
        assert z["nll"].shape == (60,) and np.isclose(z["nll"].mean(), qcd["nll_mean"])
    pair = m["separation"]["Tbqq_vs_QCD"]
    assert pair["summed"]["auc"] > 0.6  # the longer jets of the other class are far less likely in total
    assert json.loads((d / "out" / "metrics.json").read_text())["separation"] == m["separation"]


def test_one_file_of_mixed_classes_is_refused(gpt_on_one_class, tmp_path) -> None:
    d, gpt = gpt_on_one_class
    mixed = make_toy_batch(20, seed=5)
    write_jetclass(tmp_path / "mixed.root", mixed, {"toy": True})
    with pytest.raises(DataError, match="one file per class"):
        evaluate_likelihood(JetLikelihoodConfig(gpt=gpt, data=[tmp_path / "mixed.root"], out=tmp_path / "out", device="cpu"))
