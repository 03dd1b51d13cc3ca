"""Tiny Pythia + FastJet runs for every process: schema, windows, truth, seeds, atomicity."""

from __future__ import annotations

import numpy as np
import pytest
import uproot

from omnijet.config import DataConfig, validate
from omnijet.data import generate as gen
from omnijet.data.batch import LABEL_BRANCHES, JetClass
from omnijet.data.generate import Process, generate
from omnijet.data.io import load_jets, read_meta
from omnijet.data.jetclass import JET_BRANCHES, PART_BRANCHES
from omnijet.data.lhco import read_lhco, read_lhco_table
from omnijet.errors import ConfigError


@pytest.mark.parametrize("process", ["qcd", "wqq", "zqq"])
def test_jet_processes(process, tmp_path):
    out = generate(DataConfig(process=process, n=12, out=tmp_path / f"{process}.root", seed=1))
    tree = uproot.open(out)["tree"]
    assert set(PART_BRANCHES + JET_BRANCHES + LABEL_BRANCHES) <= set(tree.keys())
    batch = load_jets(out)
    assert len(batch) == 12
    assert (batch.label == int(Process(process).jet_class)).all()
    pt, eta = batch.jet["jet_pt"], batch.jet["jet_eta"]
    assert ((pt > 500) & (pt < 1000)).all() and (np.abs(eta) < 2).all()
    assert batch.n_max <= 128 and (batch.multiplicity > 0).all()
    meta = read_meta(out)
    assert meta["process"] == process and meta["seed"] == 1 and meta["generator"]["pythia8mc"]


def test_top_jets_are_truth_matched_and_heavy(top_file):
    batch = load_jets(top_file)
    assert (batch.label == JetClass.Tbqq).all()
    # 20 truth-matched top jets (t, b, q, q' inside the jet): clearly massive on average
    assert 120 < batch.jet["jet_sdmass"].mean() < 230
    arr = uproot.open(top_file)["tree"].arrays(["part_isPhoton", "part_charge", "part_energy"])
    assert np.asarray(np.concatenate(arr["part_isPhoton"].to_list())).sum() > 0
    assert np.abs(np.concatenate(arr["part_charge"].to_list())).max() == 1


@pytest.mark.parametrize("process", ["lhco_qcd", "lhco_signal"])
def test_lhco_processes(process, tmp_path, signal_file):
    out = signal_file if process == "lhco_signal" else generate(DataConfig(process=process, n=10, out=tmp_path / "b.h5", seed=1))
    parts, label = read_lhco_table(out)
    assert parts.shape[1:] == (700, 3)
    assert (label == int(process == "lhco_signal")).all()
    pt = parts[..., 0]
    assert (np.diff(pt, axis=1) <= 0).all()  # pT-ordered, zero padded at the end
    ev = read_lhco(out)
    assert (ev.j1.jet["jet_pt"] > 1200).all()
    if process == "lhco_signal":
        assert abs(np.median(ev.features["mjj"]) - 3500) < 350


def test_same_seed_same_jets_any_worker_count(tmp_path, monkeypatch):
    monkeypatch.setattr(gen, "JET_CHUNK", 6)  # 3 chunks with their own spawned seeds
    a = load_jets(generate(DataConfig(process="qcd", n=15, out=tmp_path / "a.root", seed=7)))
    b = load_jets(generate(DataConfig(process="qcd", n=15, out=tmp_path / "b.root", seed=7, workers=2)))
    assert a.part.shape == b.part.shape and (a.part == b.part).all()
    assert len({c.seed for c in gen.chunks(Process.qcd, 15, 7, 500.0, 1000.0)}) == 3
    other = {c.seed for c in gen.chunks(Process.qcd, 15, 8, 500.0, 1000.0)}
    assert other.isdisjoint(c.seed for c in gen.chunks(Process.qcd, 15, 7, 500.0, 1000.0))


def test_progress_and_interrupted_run_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(gen, "JET_CHUNK", 5)
    events = []

    def progress(e):
        events.append(e)
        if len(events) == 2:
            raise KeyboardInterrupt

    out = tmp_path / "qcd.root"
    with pytest.raises(KeyboardInterrupt):
        generate(DataConfig(process="qcd", n=15, out=out, seed=1), progress=progress)
    assert events[0] == {"event": "jets", "process": "qcd", "done": 5, "total": 15}
    assert list(tmp_path.iterdir()) == []  # no file, no sidecar, no partial


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"process": "gluino"}, "unknown process 'gluino'"),
        ({"n": -3}, "must be > 0, got -3"),
        ({"pt_min": 900.0, "pt_max": 600.0}, "pt_min < pt_max"),
        ({"workers": 0}, "workers must be >= 1"),
        ({"out": "x.h5"}, "writes .root files"),
    ],
)
def test_bad_options(kwargs, match, tmp_path):
    """Checked by the config (count, workers, window, process) or by generate (the suffix)."""
    args = {"process": "qcd", "n": 5, "out": "x.root", **kwargs}
    args["out"] = tmp_path / args["out"]
    with pytest.raises(ConfigError, match=match):
        generate(validate(DataConfig, args))
    assert not args["out"].exists()


def test_existing_output_is_kept_without_overwrite(top_file):
    before = top_file.read_bytes()
    with pytest.raises(ConfigError, match="exists"):
        generate(DataConfig(process="top", n=5, out=top_file))  # overwrite: the config's False
    assert top_file.read_bytes() == before
