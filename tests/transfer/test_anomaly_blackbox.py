"""Black boxes (issue 27): signal masses as parameters, an events file without labels, the
truth apart. Real Pythia 8 + FastJet, a few dozen events."""

from __future__ import annotations

import json

import numpy as np
import pytest

from agents.main import main
from omnijet.data._pythia import SignalMasses
from omnijet.data.black_box import make_black_box, read_truth
from omnijet.data.lhco import UNLABELLED, lhco_rows, read_lhco, read_lhco_features, read_lhco_table


@pytest.fixture(scope="module")
def box(tmp_path_factory):
    d = tmp_path_factory.mktemp("box")
    masses = SignalMasses(2500.0, 300.0, 80.0)
    truth = make_black_box(d / "box.h5", 40, 0.25, masses, seed=3, workers=1, truth=d / "secret" / "t.json",
                           overwrite=False)
    return d, truth


def test_black_box_hides_its_truth(box):
    d, truth = box
    parts, labels = read_lhco_table(d / "box.h5")
    assert parts.shape == (40, 700, 3) and lhco_rows(d / "box.h5") == 40
    assert (labels == UNLABELLED).all()  # no label column in the events file
    sidecar = (d / "box.h5.json").read_text()
    assert "2500" not in sidecar and "fraction" not in sidecar and "lhco_signal" not in sidecar
    t = read_truth(d / "secret" / "t.json", n_rows=40)
    assert t["n_signal"] == 10 and t["labels"].sum() == 10 and t["masses"]["m_wprime"] == 2500.0
    assert truth["events_sha256"] == t["events_sha256"]
    with pytest.raises(Exception, match="not this box's truth"):
        read_truth(d / "secret" / "t.json", n_rows=41)


def test_signal_mass_is_a_parameter(box):
    """The signal events of the box peak near the chosen W' mass, with a heavy jet near mX."""
    d, _ = box
    t = read_truth(d / "secret" / "t.json")
    ev = read_lhco(d / "box.h5")
    f = ev.features.assign(label=t["labels"][ev.j1.jet["event_index"].astype(int)])
    sig, bkg = f[f.label == 1], f[f.label == 0]
    assert abs(np.median(sig.mjj) / 2500.0 - 1) < 0.1
    assert abs(np.median(sig.mj2) / 300.0 - 1) < 0.25  # the heavier jet is the X
    assert np.median(bkg.mj2) < 0.8 * np.median(sig.mj2)
    chunked = read_lhco_features(d / "box.h5", chunk=15)
    assert len(chunked) == len(ev.features)
    assert np.allclose(chunked.mjj.to_numpy(), ev.features.mjj.to_numpy())
    assert (chunked.event_index.to_numpy() == ev.j1.jet["event_index"].astype(int)).all()


def test_null_box_and_cli(tmp_path, capsys):
    out = tmp_path / "null.h5"
    assert main(["data", "black-box", "--out", str(out), "--events", "12", "--seed", "1"]) == 0
    t = json.loads((tmp_path / "null.truth.json").read_text())
    assert t["n_signal"] == 0 and t["masses"] is None and sum(t["labels"]) == 0
    assert main(["data", "black-box", "--out", str(out), "--events", "12"]) == 2  # exists
    assert main(["data", "black-box", "--out", str(tmp_path / "b.h5"), "--events", "10",
                 "--fraction", "0.1", "--mw", "500", "--mx", "400", "--my", "200"]) == 2
    err = capsys.readouterr().err
    assert "W' -> X Y is closed" in err and "Traceback" not in err
