"""One preset table (issue 22): a preset means the same models from the CLI and from a request."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from agents.planner import compile_plan, first_calls
from agents.spec import AnalysisSpec
from omnijet.backbone.model import GPTConfig
from omnijet.config import FinetuneScanConfig, PretrainConfig, TokenizerTrainConfig
from omnijet.errors import ConfigError
from omnijet.presets import DEFAULT_PRESET, PRESET_NAMES, PRESETS, sizes
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
