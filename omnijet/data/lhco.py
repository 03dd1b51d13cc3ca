"""LHC Olympics 2020 R&D layout: one pandas HDF5 table, one row per event,
columns 0..2099 = (pT, eta, phi) of 700 particles (zero padded), column 2100 = label
(0 background, 1 signal). Black boxes have no label column (2100 columns): their labels read
as UNLABELLED (-1), and the truth lives in a separate file that the analysis never opens.

Reading reclusters every event with anti-kT R = 1.0 (vectorised FastJet) and returns the two
leading jets as JetBatches plus the customary high-level features. Convention (as in the LHCO
literature, e.g. CATHODE): the two jets are ordered by mass for the features, mj1 <= mj2,
delta_mj = mj2 - mj1 >= 0, tau21_j1 belongs to the lighter jet. `.j1`/`.j2` are the leading
and subleading jets by pT.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import awkward as ak
import numpy as np
import pandas as pd

from omnijet.data import _fastjet as fj
from omnijet.data.batch import MAX_CONSTITUENTS, JetBatch
from omnijet.data.jetclass import one_line, sidecar
from omnijet.data.observables import four_vectors, invariant_mass, observables_p4
from omnijet.data.preprocess import relative_constituents
from omnijet.errors import DataError
from omnijet.utils import atomic_path, write_json

N_PARTICLES = 700
N_COLUMNS = 3 * N_PARTICLES + 1
KEY = "df"
R = 1.0
UNLABELLED = -1
FEATURE_CHUNK = 10_000  # events reclustered at once when reading features (memory: ~1 GB)


@dataclass
class LHCOEvents:
    j1: JetBatch  # leading jet by pT (constituents relative to it)
    j2: JetBatch  # subleading jet by pT
    features: pd.DataFrame  # mjj, mj1, mj2, delta_mj, tau21_j1, tau21_j2, label (mass-ordered)
    label: np.ndarray  # (E,) 0/1

    def __len__(self) -> int:
        return len(self.label)


def write_lhco(path: str | Path, particles: np.ndarray, labels: np.ndarray | None,
               meta: dict[str, Any], dtype: type = np.float64) -> Path:
    """Write (E, 700, 3) [pT, eta, phi] + (E,) labels as the R&D table, atomically; the
    provenance goes into the table's attributes and a sidecar `<file>.json`. labels None:
    a black box (2100 columns, no label). dtype float32 halves the file (~8.4 kB per event)."""
    path = Path(path)
    particles = np.asarray(particles, dtype=dtype)
    assert particles.ndim == 3 and particles.shape[1:] == (N_PARTICLES, 3), particles.shape
    table = particles.reshape(len(particles), -1)
    if labels is not None:
        assert len(labels) == len(particles), (len(labels), len(particles))
        table = np.concatenate([table, np.asarray(labels, dtype=dtype)[:, None]], axis=1)
    df = pd.DataFrame(table, columns=list(range(table.shape[1])))
    with atomic_path(path) as tmp:
        with pd.HDFStore(tmp, mode="w") as store:
            store.put(KEY, df, format="fixed", track_times=False)
            store.get_storer(KEY).attrs.omnijet_meta = json.dumps(meta, default=str)
    write_json(sidecar(path), meta)
    return path


def _store_key(path: Path, store: pd.HDFStore) -> str:
    keys = store.keys()
    if not keys:
        raise DataError(f"{path}: no table in the HDF5 file (LHCO layout)")
    return f"/{KEY}" if f"/{KEY}" in keys else keys[0]


def lhco_rows(path: str | Path) -> int:
    """Number of events (rows) in an LHCO-layout file, without reading them."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    try:
        with pd.HDFStore(path, mode="r") as store:
            storer = store.get_storer(_store_key(path, store))
            return int(storer.nrows if getattr(storer, "nrows", None) is not None else storer.shape[0])
    except DataError:
        raise
    except Exception as e:
        raise DataError(f"{path}: not a readable HDF5 file (truncated or corrupt: {one_line(e)})") from e


def read_lhco_table(path: str | Path, max_events: int | None = None,
                    start: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(E, 700, 3) particles and (E,) labels of an R&D-layout file, rows start .. start +
    max_events; a file without the label column (a black box) gives labels UNLABELLED."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    stop = None if max_events is None else start + max_events
    try:
        with pd.HDFStore(path, mode="r") as store:
            df = store.select(_store_key(path, store), start=start, stop=stop)  # fixed and table formats
    except DataError:
        raise
    except Exception as e:
        raise DataError(f"{path}: not a readable HDF5 file (truncated or corrupt: {one_line(e)})") from e
    if df.shape[1] not in (N_COLUMNS, N_COLUMNS - 1):
        raise DataError(f"{path}: has {df.shape[1]} columns, need {N_COLUMNS - 1} or {N_COLUMNS} "
                        f"(LHCO layout: 700 x (pT, eta, phi) [+ label])")
    values = df.to_numpy(dtype=np.float64)
    parts = values[:, : 3 * N_PARTICLES].reshape(len(df), N_PARTICLES, 3)
    if df.shape[1] == N_COLUMNS - 1:
        return parts, np.full(len(df), UNLABELLED, dtype=np.int64)
    return parts, values[:, -1].astype(np.int64)


def read_lhco_meta(path: str | Path) -> dict[str, Any]:
    try:
        with pd.HDFStore(path, mode="r") as store:
            keys = store.keys()
            attrs = store.get_storer(keys[0]).attrs if keys else None
            if attrs is not None and "omnijet_meta" in attrs:
                return json.loads(attrs.omnijet_meta)
    except Exception as e:
        raise DataError(f"{path}: not a readable HDF5 file ({one_line(e)})") from e
    return {}


def read_lhco(path: str | Path, max_events: int | None = None,
              max_constituents: int = MAX_CONSTITUENTS, start: int = 0) -> LHCOEvents:
    """Events with at least two jets; j1/j2 hold `event_index` (row in the file), mjj, and the
    jet observables computed from all constituents (before truncation to max_constituents)."""
    import vector

    vector.register_awkward()
    parts, label = read_lhco_table(path, max_events, start)
    pt, eta, phi = parts[..., 0], parts[..., 1], parts[..., 2]
    real = pt > 0
    counts = real.sum(axis=1)
    px, py, pz, e = four_vectors(pt[real], eta[real], phi[real])
    flat = ak.zip({"px": px, "py": py, "pz": pz, "E": e}, with_name="Momentum4D")
    cons = fj.antikt_constituents(ak.unflatten(flat, counts), R, 0.0, n_jets=2)
    two = np.flatnonzero(ak.to_numpy(ak.num(cons, axis=1)) >= 2)
    cons = cons[two]
    jets = [_jet_batch(cons[:, i], label[two], max_constituents) for i in (0, 1)]
    j1_p4 = [ak.to_numpy(x) for x in fj.jet_p4(cons[:, 0])]
    j2_p4 = [ak.to_numpy(x) for x in fj.jet_p4(cons[:, 1])]
    mjj = invariant_mass(j1_p4, j2_p4)
    for j in jets:
        j.jet["event_index"] = (start + two).astype(np.float64)
        j.jet["mjj"] = mjj
    m1, m2 = jets[0].jet["jet_mass"], jets[1].jet["jet_mass"]
    t1, t2 = jets[0].jet["jet_tau21"], jets[1].jet["jet_tau21"]
    light_first = m1 <= m2
    features = pd.DataFrame({
        "mjj": mjj,
        "mj1": np.where(light_first, m1, m2),
        "mj2": np.where(light_first, m2, m1),
        "delta_mj": np.abs(m2 - m1),
        "tau21_j1": np.where(light_first, t1, t2),
        "tau21_j2": np.where(light_first, t2, t1),
        "label": label[two],
    })
    return LHCOEvents(jets[0], jets[1], features, label[two])


def read_lhco_features(path: str | Path, max_events: int | None = None,
                       chunk: int = FEATURE_CHUNK) -> pd.DataFrame:
    """The high-level features (read_lhco's, with event_index = row in the file) of every event
    with two jets, reclustered `chunk` events at a time so that memory stays flat."""
    n = lhco_rows(path) if max_events is None else min(max_events, lhco_rows(path))
    parts = []
    for s in range(0, n, chunk):
        ev = read_lhco(path, min(chunk, n - s), start=s, max_constituents=1)
        parts.append(ev.features.assign(event_index=ev.j1.jet["event_index"].astype(np.int64)))
    if not parts:
        raise DataError(f"{path}: holds no events")
    return pd.concat(parts, ignore_index=True)


def _jet_batch(cons: ak.Array, label: np.ndarray, max_constituents: int) -> JetBatch:
    """One jet per event, (E, C) constituents -> JetBatch relative to the jet axis."""
    d = fj.padded(cons, 10**6)  # every constituent: observables use the whole jet
    obs = observables_p4(d["px"], d["py"], d["pz"], d["E"], d["mask"], r0=R)
    pt, eta, phi = fj.pt_eta_phi(d["px"], d["py"], d["pz"])
    rel = relative_constituents(pt, eta, phi, d["mask"], obs["eta"], obs["phi"],
                                max_constituents, cut=None)
    jet = {"jet_pt": obs["pt"], "jet_eta": obs["eta"], "jet_phi": obs["phi"],
           "jet_energy": obs["energy"], "jet_mass": obs["mass"], "jet_sdmass": obs["sdmass"],
           "jet_nparticles": obs["n"].astype(np.float64), "jet_tau21": obs["tau21"],
           "jet_tau32": obs["tau32"], **{f"jet_tau{i}": obs[f"tau{i}"] for i in range(1, 5)}}
    return JetBatch.from_numpy(*rel, label, jet)
