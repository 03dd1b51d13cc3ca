"""One preset table (issue 22): a preset means the same models from the CLI and from a request."""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path

import pytest

from agents.planner import compile_plan, first_calls
from agents.spec import AnalysisSpec
from omnijet.backbone.model import GPTConfig
from omnijet.config import FinetuneScanConfig, PretrainConfig, TokenizerTrainConfig
from omnijet.errors import ConfigError
from omnijet.presets import DEFAULT_PRESET, PAPER_GPT, PRESET_NAMES, PRESETS, Pretraining, sizes
from omnijet.tokenizer.vqvae import VQVAEConfig


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_a_request_and_the_cli_build_the_same_models(preset: str) -> None:
    plan = compile_plan(AnalysisSpec(tasks=["pretrain"]), preset)  # type: ignore[arg-type]
    calls = {c.tool: c.inputs for c in first_calls(plan)}
    tok, gpt = calls["train_tokenizer"], calls["pretrain"]
    from_request = VQVAEConfig.preset(tok.preset, codebook_size=tok.codebook_size)
    cli = TokenizerTrainConfig(data=[Path("x.root")], preset=preset)  # --preset only, as a user types it
    from_cli = VQVAEConfig.preset(cli.preset, **({"codebook_size": cli.codebook_size} if cli.codebook_size else {}))
    assert from_request == from_cli
    assert GPTConfig.preset(gpt.preset, from_request.codebook_size) == \
        GPTConfig.preset(PretrainConfig(tokens=Path("t.pt"), preset=preset).preset, from_cli.codebook_size)


def test_the_models_are_built_from_the_table() -> None:
    for name, row in PRESETS.items():
        tok = VQVAEConfig.preset(name)
        assert {k: getattr(tok, k) for k in asdict(row.tokenizer)} == asdict(row.tokenizer)
        gpt = GPTConfig.preset(name, 7)
        assert {k: getattr(gpt, k) for k in asdict(row.gpt)} == asdict(row.gpt) and gpt.codebook_size == 7
    assert VQVAEConfig.preset("tiny").codebook_size == 512  # was 32 from the CLI, 512 from a request


def test_one_preset_default() -> None:
    assert TokenizerTrainConfig.model_fields["preset"].default == DEFAULT_PRESET
    assert PretrainConfig.model_fields["preset"].default == DEFAULT_PRESET
    assert FinetuneScanConfig.model_fields["scratch_preset"].default == DEFAULT_PRESET
    with pytest.raises(ConfigError, match="unknown preset 'huge'"):
        sizes("huge")


def test_a_preset_declares_how_its_gpt_is_pretrained(tmp_path, monkeypatch) -> None:
    """The preset's inputs, objective and code-mean fraction (issue 25) reach a pretraining that
    names none, from the CLI or a request, and a request keeps the features such a GPT reads."""
    from omnijet.backbone.checkpoint import load_gpt_state
    from omnijet.data.jetclass import write_jetclass
    from omnijet.errors import DataError
    from omnijet.tokenizer.api import tokenize_file
    from omnijet.train.pretrain import run_pretrain
    from omnijet.train.tokenizer import fit_binned
    from tests.conftest import make_toy_batch

    hybrid = Pretraining("features", "next-token", 0.5)
    monkeypatch.setitem(PRESETS, "tiny", replace(PRESETS["tiny"], pretraining=hybrid))
    assert PretrainConfig(tokens=Path("t.pt"), preset="tiny").pretraining() == hybrid
    given = PretrainConfig(tokens=Path("t.pt"), preset="tiny", input_mode="tokens", code_mean_fraction=0)
    assert given.pretraining() == Pretraining("tokens", "next-token", 0.0)  # what is given wins
    assert PretrainConfig(tokens=Path("t.pt"), preset="paper").pretraining() == PAPER_GPT == \
        Pretraining("tokens", "next-token", 0.0)  # the paper's GPT
    calls = {c.tool: c.inputs for c in first_calls(compile_plan(AnalysisSpec(tasks=["pretrain"]), "tiny"))}
    assert calls["tokenize"].features and calls["pretrain"].input_mode is None  # the preset decides

    jets = make_toy_batch(300, n_max=10, seed=1)
    write_jetclass(tmp_path / "j.root", jets, {"toy": True})
    tok = fit_binned(*jets.split([0.7, 0.3], seed=0), tmp_path / "tok", bins=4).best_path
    feats = tokenize_file(tok, tmp_path / "j.root", tmp_path / "f.pt", device="cpu", features=True)
    res = run_pretrain(PretrainConfig(tokens=feats, out=tmp_path / "gpt", preset="tiny", epochs=1, batch_size=64,
                                      device="cpu"), progress_bar=False)
    model, state = load_gpt_state(res.best_path)
    assert (model.cfg.input_mode, model.cfg.objective, state["code_mean_fraction"]) == ("features", "next-token", 0.5)
    plain = tokenize_file(tok, tmp_path / "j.root", tmp_path / "p.pt", device="cpu")
    with pytest.raises(DataError, match="no constituent features, which the tiny preset's GPT reads .* --input-mode tokens"):
        run_pretrain(PretrainConfig(tokens=plain, out=tmp_path / "gpt2", preset="tiny", epochs=1, device="cpu"),
                     progress_bar=False)
