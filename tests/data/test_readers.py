"""Readers on small files written here directly in the real JetClass and LHCO schemas."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pandas as pd
import pytest
import uproot
import vector

from omnijet.data.batch import LABEL_BRANCHES, JetClass
from omnijet.data.io import load_jets, read_meta
from omnijet.data.jetclass import read_jetclass, write_jetclass
from omnijet.data.lhco import read_lhco, write_lhco
from omnijet.errors import DataError
from tests.conftest import make_toy_batch


def _jetclass_file(path, n_jets=6, drop=None, seed=0):
    """A JetClass-like file as the real ones are laid out: jagged part_* (float32), flat jet_*,
    one-hot labels; particles deliberately not pT-ordered, one outside the 0.8 box."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(3, 9, n_jets)
    n = counts.sum()
    pt = rng.uniform(1, 100, n)
    deta = rng.uniform(-0.7, 0.7, n)
    dphi = rng.uniform(-0.7, 0.7, n)
    deta[0] = 0.95  # outside |eta_rel| < 0.8: dropped by the reader
    jet_eta = np.repeat(rng.uniform(-1, 1, n_jets), counts)
    phi = dphi + 0.3
    cols = {
        "part_px": pt * np.cos(phi), "part_py": pt * np.sin(phi),
        "part_pz": pt * np.sinh(deta + jet_eta), "part_energy": pt * np.cosh(deta + jet_eta),
        "part_deta": deta, "part_dphi": dphi,
    }
    branches = {k: ak.unflatten(v.astype(np.float32), counts) for k, v in cols.items()}
    labels = rng.integers(0, 10, n_jets)
    for i, name in enumerate(LABEL_BRANCHES):
        branches[name] = (labels == i).astype(np.int32)
    branches["jet_pt"] = rng.uniform(500, 1000, n_jets).astype(np.float32)
    branches["jet_sdmass"] = rng.uniform(0, 200, n_jets).astype(np.float32)
    if drop:
        del branches[drop]
    with uproot.recreate(path) as f:
        f["tree"] = branches
    return path, cols, counts, labels, branches


def test_reads_real_jetclass_schema(tmp_path):
    path, cols, counts, labels, branches = _jetclass_file(tmp_path / "JetClass_part.root")
    b = read_jetclass(path)
    assert len(b) == len(counts) and (b.label.numpy() == labels).all()
    np.testing.assert_allclose(b.jet["jet_pt"], branches["jet_pt"])
    assert read_meta(path) == {}  # foreign file: no provenance
    # first jet: the particle outside the box is gone, the rest are pT-ordered
    pt0 = np.hypot(cols["part_px"], cols["part_py"])[: counts[0]].astype(np.float32)
    kept = np.sort(pt0[1:])[::-1]
    got = b.part[0, : b.multiplicity[0], 0].numpy()
    np.testing.assert_allclose(got, kept, rtol=1e-5)
    assert int(b.multiplicity[0]) == counts[0] - 1
    assert (b.part[:, :, 1].abs() < 0.8).all() and (b.part[:, :, 2].abs() < 0.8).all()


def test_jetclass_round_trip_and_max_jets(tmp_path):
    batch = make_toy_batch(40, 25, n_classes=10)
    path = write_jetclass(tmp_path / "toy.root", batch, {"seed": 5})
    back = load_jets([path, path], max_jets=50)
    assert len(back) == 50
    first = back[:40]
    assert (first.label == batch.label).all() and (first.mask == batch.truncate(128).mask).all()
    np.testing.assert_allclose(first.part.numpy(), batch.part.numpy(), atol=1e-4)
    assert read_meta(path)["seed"] == 5


@pytest.mark.parametrize("drop", ["part_deta", "label_Tbqq"])
def test_missing_branch_is_named(tmp_path, drop):
    path, *_ = _jetclass_file(tmp_path / "bad.root", drop=drop)
    with pytest.raises(DataError, match=f"missing branch '{drop}'"):
        read_jetclass(path)


def test_missing_and_truncated_files(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_jets(tmp_path / "nope.root")
    path, *_ = _jetclass_file(tmp_path / "ok.root")
    cut = tmp_path / "cut.root"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(DataError, match="truncated or corrupt"):
        read_jetclass(cut)
    with pytest.raises(DataError, match="unknown data format"):
        load_jets(tmp_path / "jets.csv")


def _lhco_events(n_events=8, seed=0):
    """Two narrow, back-to-back 'jets' per event of known four-momenta, plus soft junk."""
    rng = np.random.default_rng(seed)
    parts = np.zeros((n_events, 700, 3))
    p4s = []
    for side, (eta0, phi0) in enumerate([(0.3, 0.0), (-0.5, np.pi - 0.01)]):
        pt = rng.uniform(50, 400, (n_events, 10))
        eta = eta0 + rng.normal(0, 0.1, (n_events, 10))
        phi = phi0 + rng.normal(0, 0.1, (n_events, 10))
        parts[:, side * 10:(side + 1) * 10] = np.stack([pt, eta, phi], -1)
        v = vector.array({"pt": pt, "eta": eta, "phi": phi, "mass": np.zeros_like(pt)})
        p4s.append(v.sum(axis=1))
    order = np.argsort(-parts[..., 0], axis=1)  # the R&D file lists particles by pT
    parts = np.take_along_axis(parts, order[..., None], axis=1)
    labels = rng.integers(0, 2, n_events)
    mjj = (p4s[0] + p4s[1]).mass
    masses = np.stack([p4s[0].mass, p4s[1].mass], 1)
    return parts, labels, mjj, masses


def test_reads_real_lhco_layout(tmp_path):
    parts, labels, mjj, masses = _lhco_events()
    table = np.concatenate([parts.reshape(len(parts), -1), labels[:, None]], axis=1)
    path = tmp_path / "events_anomalydetection.h5"
    pd.DataFrame(table).to_hdf(path, key="df", format="fixed")  # as the R&D file
    ev = read_lhco(path)
    assert len(ev) == len(labels) and (ev.label == labels).all()
    f = ev.features
    np.testing.assert_allclose(f["mjj"], mjj, rtol=1e-6)
    np.testing.assert_allclose(f["mj1"], masses.min(1), rtol=1e-6)
    np.testing.assert_allclose(f["delta_mj"], masses.max(1) - masses.min(1), rtol=1e-5)
    assert list(f.columns) == ["mjj", "mj1", "mj2", "delta_mj", "tau21_j1", "tau21_j2", "label"]
    jets = load_jets(path)
    assert len(jets) == 2 * len(labels) and set(jets.jet["event_index"]) == set(range(len(labels)))
    assert read_meta(path) == {}


def test_lhco_round_trip_and_schema_errors(tmp_path):
    parts, labels, *_ = _lhco_events(4)
    path = write_lhco(tmp_path / "ev.h5", parts, labels, {"seed": 2})
    assert read_meta(path)["seed"] == 2
    (tmp_path / "ev.h5.json").unlink()
    assert read_meta(path)["seed"] == 2  # also stored inside the HDF5 file
    bad = tmp_path / "nolabel.h5"
    pd.DataFrame(parts.reshape(4, -1)).to_hdf(bad, key="df")
    assert (read_lhco(bad).label == -1).all()  # no label column: a black box, unlabelled
    cut = tmp_path / "cut.h5"
    cut.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(DataError, match="truncated or corrupt"):
        read_lhco(cut)


def test_jetclass_labels_map_processes():
    from omnijet.data.generate import Process

    assert [Process(p).jet_class for p in ("qcd", "top", "wqq", "zqq")] == [
        JetClass.QCD, JetClass.Tbqq, JetClass.Wqq, JetClass.Zqq]
