"""`omnijet-agent data ...` through the real entry point: return codes and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.main import main
from tests.data.test_readers import _jetclass_file


def test_generate_info_plot(tmp_path, top_file, signal_file, capsys):
    out = tmp_path / "w.root"
    assert main(["data", "generate", "--process", "wqq", "--jets", "5", "--out", str(out),
                 "--seed", "2"]) == 0
    assert out.exists() and (tmp_path / "w.root.json").exists()
    assert main(["data", "info", str(out), str(signal_file)]) == 0
    text = capsys.readouterr().out
    assert "Wqq" in text and "signal" in text and "seed 2" in text
    png = tmp_path / "fig.png"
    assert main(["data", "plot", str(top_file), str(out), "--out", str(png)]) == 0
    assert png.stat().st_size > 10_000


@pytest.mark.parametrize(
    "args, message",
    [
        (["--process", "sleptons", "--jets", "5"], "unknown process 'sleptons'"),
        (["--process", "top", "--jets", "-5"], "must be > 0, got -5"),
        (["--process", "lhco_qcd", "--events", "0"], "number of events must be > 0"),
        (["--process", "qcd", "--jets", "5", "--pt-min", "800", "--pt-max", "600"], "pt_min < pt_max"),
        (["--process", "qcd"], "give the number of jets"),
    ],
)
def test_generate_bad_input(args, message, tmp_path, capsys):
    out = tmp_path / ("x.h5" if "lhco_qcd" in args else "x.root")
    assert main(["data", "generate", *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_existing_output_needs_overwrite(top_file, capsys):
    before = top_file.read_bytes()
    assert main(["data", "generate", "--process", "top", "--jets", "5", "--out", str(top_file)]) == 2
    assert "exists" in capsys.readouterr().err
    assert top_file.read_bytes() == before


def test_info_bad_files(tmp_path, capsys):
    assert main(["data", "info", str(tmp_path / "missing.root")]) == 2
    assert "no such file" in capsys.readouterr().err
    path, *_ = _jetclass_file(tmp_path / "bad.root", drop="part_dphi")
    assert main(["data", "info", str(path)]) == 2
    assert "missing branch 'part_dphi'" in capsys.readouterr().err
    good, *_ = _jetclass_file(tmp_path / "good.root")
    cut = tmp_path / "cut.root"
    cut.write_bytes(good.read_bytes()[:2000])
    assert main(["data", "plot", str(cut), "--out", str(tmp_path / "p.png")]) == 2
    err = capsys.readouterr().err
    assert "truncated or corrupt" in err and len(err.strip().splitlines()) == 1


def _one_line_error(capsys, message: str) -> None:
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("command", ["info", "plot"])
def test_bad_max_jets_is_one_line(command, top_file, tmp_path, capsys):
    args = ["data", command, str(top_file), "--max-jets", "0"]
    if command == "plot":
        args += ["--out", str(tmp_path / "p.png")]
    assert main(args) == 2
    _one_line_error(capsys, "--max-jets must be >= 1, got 0")
    assert not (tmp_path / "p.png").exists()


def test_plot_refuses_an_existing_output(top_file, tmp_path, capsys):
    png = tmp_path / "fig.png"
    png.write_bytes(b"earlier result")
    assert main(["data", "plot", str(top_file), "--out", str(png)]) == 2
    _one_line_error(capsys, "exists (pass --overwrite")
    assert png.read_bytes() == b"earlier result"
    assert main(["data", "plot", str(top_file), "--out", str(png), "--overwrite"]) == 0
    assert png.stat().st_size > 10_000


@pytest.mark.parametrize("where", ["read-only", "parent is a file"])
def test_unwritable_outputs_are_one_line(where, top_file, tmp_path, capsys):
    # /proc refuses new files even to root (the tests may run as root, where chmod does not)
    parent = Path("/proc/omnijet-no-such-dir") if where == "read-only" else top_file
    assert main(["data", "generate", "--process", "qcd", "--jets", "5",
                 "--out", str(parent / "x.root")]) == 2
    _one_line_error(capsys, "cannot write there")
    assert main(["data", "plot", str(top_file), "--out", str(parent / "x.png")]) == 2
    _one_line_error(capsys, "cannot write there")
