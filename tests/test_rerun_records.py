"""Run records written before a field was renamed still rerun (issue 22: `generate`'s `n_jets`
became `n_generate`); an old name beside its new one is refused, not guessed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from omnijet.cli.rerun import load_record
from omnijet.config import GenerateJetsConfig
from omnijet.errors import ConfigError


def _record(tmp_path: Path, config: dict) -> Path:
    gpt = tmp_path / "best.pt"
    gpt.write_bytes(b"not read: load_record only validates the record")
    path = tmp_path / "generated.root.config.yaml"
    path.write_text(yaml.safe_dump({"command": "generate", "created": "2026-12-01T10:00:00Z",
                                    "config": {"gpt": str(gpt), "out": str(tmp_path / "generated.root"),
                                               "seed": 3, **config}}))
    return path


def test_a_generate_record_of_the_old_form_reads_as_n_generate(tmp_path: Path) -> None:
    cfg, created, path = load_record(_record(tmp_path, {"n_jets": 123}))
    assert isinstance(cfg, GenerateJetsConfig)
    assert (cfg.n_generate, cfg.seed, created) == (123, 3, "2026-12-01T10:00:00Z")
    assert path.name == "generated.root.config.yaml"
    assert load_record(_record(tmp_path, {"n_generate": 45}))[0].n_generate == 45  # today's form


def test_old_and_new_names_together_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="n_jets"):
        load_record(_record(tmp_path, {"n_jets": 123, "n_generate": 45}))


def test_rerun_of_an_old_generate_record_gets_past_the_record(tmp_path: Path, capsys) -> None:
    """Through the user's command: the old record is read and its operation reaches the sandbox
    (where this fake checkpoint is refused); before, `rerun` stopped at `n_jets: unknown field`."""
    from agents.main import main

    assert main(["rerun", str(_record(tmp_path, {"n_jets": 5})), "--timeout", "120"]) == 2
    err = capsys.readouterr().err
    assert "rerun of `generate` failed" in err and "n_jets" not in err
