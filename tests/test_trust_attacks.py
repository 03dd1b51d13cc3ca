"""Issue 21, third attack round: run folders, checkpoints, Slurm scripts and config files.

Every attack goes through the user's own path (the `omnijet-agent` command) and every one broke
the code before the fix: a pickled payload in a `.pt` file ran on load (load_torch_file took
weights_only=False), the recorded `out` chose where `rerun` wrote and the operation ran on the
host, Slurm values went unquoted into the script, and config values were converted silently
(`n = true` made a one-jet file) or crashed with a RecursionError.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
from pathlib import Path

import pytest
import torch
import yaml

from agents.main import main
from omnijet.transfer.shards import sbatch_script


class Payload:
    """Runs `touch MARKER` when unpickled (what a crafted checkpoint carries)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {shlex.quote(str(self.marker))}",))


def plant_pickle(path: Path, marker: Path) -> Path:
    torch.save({"model": {"w": torch.zeros(2)}, "kind": "gpt", "config": Payload(marker)}, path)
    return path


def lines(text: str) -> list[str]:
    return [ln for ln in text.strip().splitlines() if ln.strip()]


# ---- checkpoints: weights only, everywhere ------------------------------------------------------
def test_a_pickled_checkpoint_never_runs(tmp_path: Path, capsys) -> None:
    marker = tmp_path / "pwned"
    evil = plant_pickle(tmp_path / "best.pt", marker)
    data = tmp_path / "top.root"
    assert main(["data", "generate", "--process", "top", "--jets", "20", "--out", str(data)]) == 0
    capsys.readouterr()
    attempts = [
        ["tokenize", "--tokenizer", str(evil), "--data", str(data), "--out", str(tmp_path / "t.pt")],
        ["generate", "--gpt", str(evil), "--tokenizer", str(evil), "--jets", "2",
         "--out", str(tmp_path / "gen.root")],
        ["tokenizer", "eval", "--tokenizer", str(evil), "--data", str(data), "--out", str(tmp_path / "q")],
    ]
    for argv in attempts:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "refused" in err and len(lines(err)) == 1, err
    assert not marker.exists()


# ---- rerun: stays in the folder named, runs in the sandbox ----------------------------------------
@pytest.fixture(scope="module")
def binned_run(tmp_path_factory) -> Path:
    """A real run folder (a binned tokenizer: seconds) and its data file."""
    root = tmp_path_factory.mktemp("rerun")
    data = root / "top.root"
    assert main(["data", "generate", "--process", "top", "--jets", "30", "--out", str(data)]) == 0
    assert main(["tokenizer", "train", "--kind", "binned", "--data", str(data),
                 "--out", str(root / "tok")]) == 0
    return root / "tok"


def _edit_record(run: Path, **fields) -> None:
    rec = yaml.safe_load((run / "config.yaml").read_text())
    rec["config"].update(fields)
    (run / "config.yaml").write_text(yaml.safe_dump(rec))


def _copy_run(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for p in src.iterdir():
        if p.is_file():
            (dst / p.name).write_bytes(p.read_bytes())
    return dst


def test_rerun_ignores_the_recorded_out_and_never_unpickles(binned_run: Path, tmp_path: Path,
                                                             capsys) -> None:
    run = _copy_run(binned_run, tmp_path / "run")
    elsewhere = tmp_path / "elsewhere"
    _edit_record(run, out=str(elsewhere))
    marker = tmp_path / "pwned"
    plant_pickle(run / "best.pt", marker)  # compared after the repeat: loaded weights-only
    assert main(["rerun", str(run)]) == 0
    out = capsys.readouterr().out
    assert not elsewhere.exists() and not marker.exists()
    assert (run / "rerun" / "best.pt").is_file()
    assert "best.pt" in out and "bytes differ" in out


def test_rerun_writes_through_no_link(binned_run: Path, tmp_path: Path, capsys) -> None:
    run = _copy_run(binned_run, tmp_path / "run")
    outside = tmp_path / "outside"
    outside.mkdir()
    (run / "rerun").symlink_to(outside)
    for extra in ([], ["--overwrite"]):
        assert main(["rerun", str(run), *extra]) == 2
        assert "link" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
    (run / "rerun").unlink()
    link_out = tmp_path / "linked"
    link_out.symlink_to(outside)
    assert main(["rerun", str(run), "--out", str(link_out / "x")]) == 2
    assert list(outside.iterdir()) == []


def test_rerun_refuses_linked_and_secret_inputs(binned_run: Path, tmp_path: Path, monkeypatch,
                                                capsys) -> None:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    data = Path(yaml.safe_load((binned_run / "config.yaml").read_text())["config"]["data"][0])
    secret = home / ".ssh" / "id.root"
    secret.write_bytes(data.read_bytes())
    link = tmp_path / "link.root"
    link.symlink_to(data)
    for bad, why in ((secret, "hidden folder"), (link, "link")):
        run = _copy_run(binned_run, tmp_path / f"run-{why.split()[0]}")
        _edit_record(run, data=[str(bad)])
        assert main(["rerun", str(run)]) == 2
        err = capsys.readouterr().err
        assert why in err and len(lines(err)) == 1, err
        assert not (run / "rerun").exists()


def test_rerun_operation_runs_in_the_sandbox(binned_run: Path, tmp_path: Path, capsys) -> None:
    """The repeat is a sandbox job: started as root, its files belong to the job's own uid."""
    run = _copy_run(binned_run, tmp_path / "run")
    assert main(["rerun", str(run), "--out", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "best.pt").is_file()
    if os.geteuid() == 0:
        assert (tmp_path / "again" / "best.pt").stat().st_uid != 0
    assert "rerun `tokenizer train`" in capsys.readouterr().err
    assert main(["rerun", str(run), "--out", str(tmp_path / "again")]) == 2  # no silent overwrite


# ---- Slurm scripts ------------------------------------------------------------------------------
PAYLOADS = ["x;touch {m}", "$(touch {m})", "`touch {m}`", "x|touch {m}", "x&&touch {m}",
            "x\ntouch {m}", "x' ; touch {m} ; '", 'x" ; touch {m} ; "', "x\\\ntouch {m}"]
FIELDS = ["--partition", "--account", "--mem", "--time", "--job-name"]


def _fake_sbatch(tmp_path: Path) -> dict[str, str]:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "sbatch"
    fake.write_text(f'#!/bin/bash\nprintf "%s\\n" "$@" >> {shlex.quote(str(tmp_path / "sbatch.args"))}\n'
                    "cat > /dev/null\necho 4242\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return {**os.environ, "PATH": f"{bindir}:{os.environ['PATH']}"}


def test_slurm_values_outside_their_grammar_are_refused(tmp_path: Path, capsys) -> None:
    marker = tmp_path / "pwned"
    scan = ["--", "finetune", "--gpt", "g.pt", "--out", str(tmp_path / "ft")]
    for field in FIELDS:
        for payload in PAYLOADS:
            script = tmp_path / "s.sbatch"
            value = payload.format(m=marker)
            code = main(["slurm", "--shards", "2", "--script", str(script), field, value, *scan])
            assert code == 2, (field, value)
            assert "not a Slurm value" in capsys.readouterr().err
            assert not script.exists()
    assert not marker.exists()


def test_slurm_paths_are_quoted_and_newlines_refused(tmp_path: Path, capsys) -> None:
    env = _fake_sbatch(tmp_path)
    marker = tmp_path / "pwned"
    for i, payload in enumerate(PAYLOADS):
        value = payload.format(m=marker)
        out = tmp_path / f"ft{i}" / value
        script = tmp_path / f"s{i}.sbatch"
        scan = ["finetune", "--gpt", "g;touch x.pt", "--out", str(out)]
        code = main(["slurm", "--shards", "2", "--script", str(script), "--time", "1-02:00:00",
                     "--partition", "gpu,cpu", "--", *scan])
        if any(c in value for c in "\n\"'\\"):
            assert code == 2 and "cannot go into an sbatch script" in capsys.readouterr().err
            continue
        assert code == 0, capsys.readouterr().err
        res = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True,
                             cwd=tmp_path, timeout=30)
        assert res.returncode == 0, res.stderr
        text = script.read_text()
        run_line = text.strip().splitlines()[-1]
        words = shlex.split(run_line)
        assert words[1:1 + len(scan)] == scan  # every argument arrives whole
    assert not marker.exists()
    args = (tmp_path / "sbatch.args").read_text()
    assert "--partition=gpu,cpu" in args and "--dependency=afterok:4242" in args


def test_sbatch_script_refuses_in_the_library_too(tmp_path: Path) -> None:
    from omnijet.errors import ConfigError

    with pytest.raises(ConfigError, match="--mem"):
        sbatch_script(["finetune", "--out", "o"], "o", 2, mem="4G\ntouch x", workdir=tmp_path)
    with pytest.raises(ConfigError, match="--out"):
        sbatch_script(["finetune", "--out", "o\nx"], "o\nx", 2, workdir=tmp_path)


# ---- config files: strict types, one line for every malformed file --------------------------------
@pytest.mark.parametrize(("text", "why"), [
    ('process = "qcd"\nn = true\n', "expected int"),
    ('process = "qcd"\nn = "10"\n', "expected int"),
    ('process = "qcd"\nn = 10\nworkers = 2.0\n', "expected int"),
    ('process = "qcd"\nn = 10\nseed = 1.5\n', "expected int"),
    ('process = "qcd"\nn = 10\noverwrite = "yes"\n', "expected bool"),
    ('process = "qcd"\nn = 10\npt_min = "500"\n', "expected float"),
])
def test_config_values_are_strictly_typed(tmp_path: Path, capsys, text: str, why: str) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(text + f'out = "{tmp_path / "x.root"}"\n')
    assert main(["data", "generate", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert why in err and len(lines(err)) == 1, err
    assert not (tmp_path / "x.root").exists()


def test_deeply_nested_config_is_one_line(tmp_path: Path, capsys) -> None:
    for name, text in (("deep.yaml", "a: " + "[" * 20000 + "]" * 20000 + "\n"),
                       ("deep.toml", "a = " + "[" * 20000 + "]" * 20000 + "\n"),
                       ("wide.yaml", "a: " + "[" * 40 + "]" * 40 + "\n")):
        (tmp_path / name).write_text(text)
        assert main(["data", "generate", "--config", str(tmp_path / name)]) == 2
        err = capsys.readouterr().err
        assert len(lines(err)) == 1 and "Traceback" not in err, err


def test_whole_numbers_still_fill_float_fields(tmp_path: Path, capsys) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"process: qcd\nn: 5\npt_min: 500\npt_max: 1000\nout: {tmp_path / 'ok.root'}\n")
    assert main(["data", "generate", "--config", str(cfg)]) == 0
    assert (tmp_path / "ok.root").is_file()
