"""Under torchrun (WORLD_SIZE > 1) single-process commands refuse with one line, before work."""

import pytest

from agents.main import main

REFUSE = [
    ["generate", "--gpt", "g.pt", "--out", "{t}/gen.root"],
    ["evaluate-generation", "--generated", "a.root", "--reference", "b.root", "--out", "{t}/e"],
    ["tokenize", "--tokenizer", "t.pt", "--data", "a.root", "--out", "{t}/tok.pt"],
    ["tokenizer", "eval", "--tokenizer", "t.pt", "--data", "a.root", "--out", "{t}/q"],
    ["tokenizer", "train", "--kind", "binned", "--data", "a.root", "--out", "{t}/b"],
    ["finetune", "--train", "a.pt", "--out", "{t}/ft"],
    ["anomaly", "--data", "a.h5", "--tokenizer", "t.pt", "--out", "{t}/ad"],
    ["merge", "--out", "{t}/ft"],
    ["data", "generate", "--process", "qcd", "--jets", "10", "--out", "{t}/q.root"],
]


@pytest.mark.parametrize("args", REFUSE, ids=lambda a: " ".join(a[:2]))
def test_single_process_commands_refuse_under_torchrun(args, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WORLD_SIZE", "2")
    assert main([a.format(t=tmp_path) for a in args]) == 2
    err = capsys.readouterr().err
    assert "WORLD_SIZE=2 (torchrun)" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 3  # one message (wrapped by the console at most)
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_data_parallel_commands_need_a_real_process_group(tmp_path, capsys, monkeypatch):
    """WORLD_SIZE set by hand (no torchrun rendezvous): one line, not a hang or a traceback."""
    for var in ("MASTER_ADDR", "MASTER_PORT", "RANK", "LOCAL_RANK"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("WORLD_SIZE", "2")
    assert main(["pretrain", "--tokens", "x.pt", "--out", str(tmp_path / "g")]) == 2
    err = capsys.readouterr().err
    assert "start it with torchrun" in err and "Traceback" not in err
