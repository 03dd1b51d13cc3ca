"""Written files are JetClass files: a TTree with the published branch dtypes, every
constituent, truth impact parameters; nothing written that the writer does not know."""

from __future__ import annotations

import awkward as ak
import numpy as np
import torch
import uproot

from omnijet.data.batch import JetBatch
from omnijet.data.io import load_jets
from omnijet.data.jetclass import (
    FLAGS,
    IMPACT,
    JET_BRANCHES,
    KINEMATICS,
    LABEL_DTYPES,
    count_jets,
    impact_parameters,
    iter_jetclass,
    write_jetclass,
)
from tests.conftest import make_toy_batch

# `tree.show()` of a published JetClass file (particle_transformer, JetClass101.ipynb)
EXPECTED = {
    **{k: "var * float32" for k in (*KINEMATICS, *IMPACT, "part_charge")},
    **{k: "var * int32" for k in FLAGS},
    **{k: "float32" for k in JET_BRANCHES},
    **{k: np.dtype(v).name for k, v in LABEL_DTYPES.items()},
}


def _types(path) -> dict[str, str]:
    tree = uproot.open(path)["tree"]
    arr = tree.arrays(entry_stop=1)
    return {k: str(arr[k].type).split(" * ", 1)[1] for k in arr.fields}


def test_generated_file_is_a_jetclass_ttree(top_file):
    with uproot.open(top_file) as f:
        assert f.classnames() == {"tree;1": "TTree", "meta;1": "TObjString"}
        arr = f["tree"].arrays()
    types = _types(top_file)
    assert {k: types.get(k) for k in EXPECTED} == EXPECTED
    assert set(types) - set(EXPECTED) == {"npart"}  # uproot's counter of the jagged branches
    n = ak.to_numpy(ak.num(arr["part_px"]))
    assert (ak.to_numpy(arr["jet_nparticles"]) == n).all()  # every constituent, true count
    assert (ak.to_numpy(arr["label_Tbqq"]) == 1).all() and (ak.to_numpy(arr["label_QCD"]) == 0).all()
    charge = ak.to_numpy(ak.flatten(arr["part_charge"]))
    d0 = ak.to_numpy(ak.flatten(arr["part_d0val"]))
    dz = ak.to_numpy(ak.flatten(arr["part_dzval"]))
    assert (d0[charge == 0] == 0).all() and (dz[charge == 0] == 0).all()  # no track, no IP
    # truth impact parameters of charged particles: decays in flight give mm-scale values
    assert np.abs(d0[charge != 0]).max() > 0.1 and len(np.unique(d0[charge != 0])) > 10
    assert (ak.to_numpy(ak.flatten(arr["part_d0err"])) == 0).all()  # truth: no uncertainty
    flags = np.stack([ak.to_numpy(ak.flatten(arr[k])) for k in FLAGS])
    assert (flags.sum(0) == 1).all()  # every particle has exactly one species
    assert (flags[0] == ((charge != 0) & (flags[3] == 0) & (flags[4] == 0))).all()


def test_impact_parameters_of_straight_lines():
    # made 1 mm off the beam on the x axis, flying along +y (and forward): d0 = 1 mm; the
    # closest transverse approach is the vertex itself, so dz = vz
    d0, dz = impact_parameters(np.array([1.0, 1.0]), np.zeros(2), np.array([2.0, 2.0]),
                               np.zeros(2), np.array([5.0, 5.0]), np.array([3.0, 3.0]),
                               np.array([1.0, 0.0]))
    np.testing.assert_allclose(d0, [1.0, 0.0])
    np.testing.assert_allclose(dz, [2.0, 0.0])
    # along its own line the closest approach moves: vertex (1, 1, 0), momentum (1, 1, 1)
    d0, dz = impact_parameters(1.0, 1.0, 0.0, 1.0, 1.0, 1.0, -1.0)
    assert abs(d0) < 1e-12 and np.isclose(dz, -1.0)  # z falls by 1 mm back to the origin


def test_cap_applies_on_read_only_and_unknowns_are_left_out(tmp_path):
    rng = np.random.default_rng(0)
    pt = -np.sort(-rng.exponential(10.0, (12, 150)), axis=1) + 0.1
    mask = np.arange(150)[None, :] < np.array([150] * 3 + [40] * 9)[:, None]  # three of 150
    deta, dphi = rng.normal(0, 0.1, (2, 12, 150))
    batch = JetBatch.from_numpy(pt, deta, dphi, mask, np.zeros(12))
    path = write_jetclass(tmp_path / "toy.root", batch, {"toy": True})
    types = _types(path)
    # jets decoded from tokens carry no species or vertices: those branches are absent
    assert not {"part_charge", *FLAGS, *IMPACT} & set(types)
    with uproot.open(path) as f:
        nparticles = f["tree"]["jet_nparticles"].array(library="np")
    assert (nparticles[:3] == 150).all()
    back = load_jets(path)
    assert back.multiplicity[:3].tolist() == [128] * 3 and back.jet["jet_nparticles"][0] == 150


def test_streaming_matches_whole_file(tmp_path):
    batch = make_toy_batch(230, 40, n_classes=10)
    path = write_jetclass(tmp_path / "toy.root", batch, {"toy": True})
    assert count_jets([path, path]) == 460
    whole = load_jets([path, path], max_jets=300)
    chunks = list(iter_jetclass([path, path], step_size=100, max_jets=300))
    assert [len(c) for c in chunks] == [100, 100, 30, 70]
    again = JetBatch.concat(chunks)
    assert torch.equal(again.label, whole.label) and torch.equal(again.mask, whole.mask)
    torch.testing.assert_close(again.part, whole.part)
