"""One declaration per operation (issue 14): CLI options and tool schemas come from the configs;
config files; resolved configs in run folders; `rerun`."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
import yaml
from typer.main import get_command

from agents.main import app, main
from omnijet.cli.options import op_command
from omnijet.config import CONFIGS, DataConfig, OpConfig, TokenizeConfig, option_name
from omnijet.utils import sha256_file
from tools.registry import get_tool

RUN_OPTIONS = {"config", "shard"}  # place or load a run; never a setting
TOOLS = {"data generate": "generate_data", "tokenizer train": "train_tokenizer",
         "tokenizer eval": "token_quality", "tokenize": "tokenize", "pretrain": "pretrain",
         "generate": "generate_jets", "evaluate-generation": "evaluate_generation",
         "finetune": "finetune_scan", "anomaly": "anomaly_scan", "likelihood": "jet_likelihood",
         "search": "resonance_search"}


def _command(path: str):
    cmd = get_command(app)
    for part in path.split():
        cmd = cmd.commands[part]
    return cmd


def cli_problems(cls: type[OpConfig], command) -> list[str]:
    """Options without a config field, or with a different default."""
    fields = cls.model_fields
    problems = []
    for p in command.params:
        if p.name in RUN_OPTIONS or p.name == "help" or p.name == "ctx":
            continue
        if p.name not in fields:
            problems.append(f"{command.name}: option --{p.name} has no field in {cls.__name__}")
            continue
        f = fields[p.name]
        if option_name(cls, p.name) not in p.opts and not any(o.startswith(option_name(cls, p.name)) for o in p.opts):
            problems.append(f"{command.name}: --{p.name} is not named {option_name(cls, p.name)}")
        want = None if f.is_required() else f.get_default(call_default_factory=True)
        got = p.default
        if isinstance(want, Path) or isinstance(got, Path):
            want, got = (str(want) if want is not None else None), (str(got) if got is not None else None)
        if isinstance(got, tuple):
            got = list(got)
        if got != want:
            problems.append(f"{command.name}: --{p.name} default {got!r} != config {want!r}")
    return problems


def tool_problems(cls: type[OpConfig], tool_name: str) -> list[str]:
    problems = []
    for name, f in get_tool(tool_name).input.model_fields.items():
        if name not in cls.model_fields:
            problems.append(f"{tool_name}: field {name} has no field in {cls.__name__}")
            continue
        c = cls.model_fields[name]
        want = None if c.is_required() else c.get_default(call_default_factory=True)
        want = str(want) if isinstance(want, Path) else want
        got = None if f.is_required() else f.get_default(call_default_factory=True)
        if got != want or f.is_required() != c.is_required():
            problems.append(f"{tool_name}: {name} default {got!r} != config {want!r}")
    return problems


@pytest.mark.parametrize("command", sorted(CONFIGS))
def test_cli_options_and_tool_fields_come_from_the_config(command: str) -> None:
    cls = CONFIGS[command]
    assert cli_problems(cls, _command(command)) == []
    assert tool_problems(cls, TOOLS[command]) == []


def test_the_check_catches_a_redeclared_option() -> None:
    """The checker fails on an option with no field, and on a drifted default."""
    def drifted(epochs: int = 3, colour: str = "red") -> None: ...

    probe = typer.Typer()
    probe.command("drifted")(drifted)
    problems = cli_problems(CONFIGS["pretrain"], get_command(probe))
    assert any("--colour has no field" in p for p in problems)
    assert any("--epochs default 3" in p for p in problems)
    command = op_command(CONFIGS["pretrain"], lambda cfg: None, "")
    assert command.__signature__.parameters["epochs"].default == 10  # derived, not declared


def test_config_file_with_overrides_and_one_line_errors(tmp_path: Path, capsys) -> None:
    (tmp_path / "run.yaml").write_text("process: qcd\nn: 30\nseed: 5\n")
    out = tmp_path / "qcd.root"
    # the file gives process, n, seed; the command line overrides the seed
    assert main(["data", "generate", "--config", str(tmp_path / "run.yaml"), "--seed", "7",
                 "--out", str(out)]) == 0
    record = yaml.safe_load((tmp_path / "qcd.root.config.yaml").read_text())
    assert record["command"] == "data generate"
    assert record["config"]["seed"] == 7 and record["config"]["n"] == 30
    assert record["config"]["out"] == str(out.absolute())
    capsys.readouterr()

    (tmp_path / "bad.toml").write_text('process = "qcd"\nn = 30\nsedd = 1\n')
    assert main(["data", "generate", "--config", str(tmp_path / "bad.toml")]) == 2
    err = capsys.readouterr().err
    assert "sedd: unknown field" in err and len(err.strip().splitlines()) == 1
    (tmp_path / "broken.yaml").write_text("process: [qcd\n")
    assert main(["data", "generate", "--config", str(tmp_path / "broken.yaml")]) == 2
    assert "not valid YAML" in capsys.readouterr().err
    (tmp_path / "other.yaml").write_text(yaml.safe_dump({"command": "pretrain", "config": {}}))
    assert main(["data", "generate", "--config", str(tmp_path / "other.yaml")]) == 2
    assert "records a `pretrain` run" in capsys.readouterr().err
    assert main(["pretrain", "--tokens", str(out), "--epochs", "0"]) == 2
    assert "pretrain: --epochs must be >= 1, got 0" in capsys.readouterr().err


def test_rerun_gives_identical_tokens_and_the_same_jets(tmp_path: Path, capsys) -> None:
    data = tmp_path / "top.root"
    assert main(["data", "generate", "--process", "top", "--jets", "40", "--out", str(data)]) == 0
    assert main(["tokenizer", "train", "--kind", "binned", "--data", str(data),
                 "--out", str(tmp_path / "tok")]) == 0
    tokens = tmp_path / "tokens.pt"
    assert main(["tokenize", "--tokenizer", str(tmp_path / "tok" / "best.pt"), "--data", str(data),
                 "--out", str(tokens)]) == 0
    capsys.readouterr()

    assert main(["rerun", str(tmp_path / "tokens.pt.config.yaml")]) == 0
    assert "1 of 1 files byte-identical" in capsys.readouterr().out
    assert sha256_file(tmp_path / "rerun" / "tokens.pt") == sha256_file(tokens)
    assert main(["rerun", str(tmp_path / "top.root.config.yaml")]) == 0
    out = capsys.readouterr().out
    assert "identical (sha256)" in out or "same content, bytes differ" in out
    assert main(["rerun", str(tmp_path / "top.root.config.yaml")]) == 2  # no silent overwrite
    assert "exists" in capsys.readouterr().err
    assert main(["rerun", str(tmp_path / "tok")]) == 0  # a run folder
    assert "best.pt" in capsys.readouterr().out


def test_configs_validate_once_for_every_caller() -> None:
    with pytest.raises(Exception, match="pt_min < pt_max"):
        DataConfig(process="qcd", n=5, pt_min=900, pt_max=600)
    cfg = TokenizeConfig(tokenizer="t.pt", data=["a.root"], out="x.pt")
    assert cfg.record_path() == Path("x.pt.config.yaml")


def test_one_run_records_one_creation_time_even_when_it_takes_seconds(monkeypatch) -> None:
    import time

    from omnijet.utils import created_time, one_creation_time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with one_creation_time() as start:
        time.sleep(1.1)  # a save and the record written a second apart (under load) keep one time
        assert created_time() == start
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")  # a rerun's pinned time wins
    with one_creation_time():
        assert created_time() == "1970-01-02T00:00:00+00:00"
