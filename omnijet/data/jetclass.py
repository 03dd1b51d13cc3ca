"""JetClass ROOT files: a TTree `tree` with jagged `part_*`, flat `jet_*` and one-hot `label_*`.

Written as the published JetClass files are laid out (`tree.show()` of a JetClass file, as in
particle_transformer's notebooks/JetClass101.ipynb), so that weaver-core with
particle_transformer's unchanged data configs and uproot 5.1.2 (pinned by the reference
OmniJet-alpha code) read them:

    part_px/py/pz/energy, part_deta/dphi,            var * float32  (GeV; relative to the jet)
    part_d0val/d0err/dzval/dzerr, part_charge        var * float32  (mm; e)
    part_isChargedHadron/NeutralHadron/Photon/       var * int32    (0/1)
        Electron/Muon
    jet_pt/eta/phi/energy/nparticles/sdmass/tau1..4  float32
    label_QCD float32; label_Hbb/Hcc/Hgg/H4q/Hqql bool; label_Zqq/Wqq/Tbqq/Tbl int32
                                                     (the published files mix these types)

A TTree is written with `uproot.mktree` (assigning a dict makes an RNTuple from uproot 5.7 on,
which neither uproot 5.1.2 nor weaver-core reads). The jagged branches share one int32 counter
`npart` (uproot's writer needs a counter; JetClass stores std::vector, read identically).
Every constituent is written and `jet_nparticles` is the true count: the 128-constituent cap
applies only when reading.

Particle species, charge and impact parameters are written only when the caller knows them
(the generator does; jets decoded from tokens do not): never zeros standing in for unknowns.
The generator's impact parameters are truth level (see `impact_parameters`); their errors are
written as 0 because a truth value has no measurement uncertainty (JetClass carries Delphes
track-smearing errors there). Files written here also carry their provenance as a JSON
TObjString `meta` and a sidecar `<file>.json`.

Reading: `read_jetclass` (one JetBatch) and `iter_jetclass` (chunks of `step_size` jets, for
files larger than memory) need only the branches every JetClass file has, and accept either
dtype layout, TTrees or RNTuples.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import awkward as ak
import numpy as np

from omnijet.data.batch import LABEL_BRANCHES, MAX_CONSTITUENTS, JetBatch
from omnijet.data.observables import four_vectors
from omnijet.data.preprocess import REL_CUT, relative_constituents
from omnijet.errors import DataError
from omnijet.utils import atomic_path, fixed_mmap_threshold, write_json

TREE = "tree"
META_KEY = "meta"
COUNTER = "npart"
KINEMATICS = ("part_px", "part_py", "part_pz", "part_energy", "part_deta", "part_dphi")
IMPACT = ("part_d0val", "part_d0err", "part_dzval", "part_dzerr")
FLAGS = ("part_isChargedHadron", "part_isNeutralHadron", "part_isPhoton", "part_isElectron",
         "part_isMuon")
PART_BRANCHES = (*KINEMATICS, *IMPACT, "part_charge", *FLAGS)
JET_BRANCHES = (
    "jet_pt", "jet_eta", "jet_phi", "jet_energy", "jet_nparticles", "jet_sdmass",
    "jet_tau1", "jet_tau2", "jet_tau3", "jet_tau4",
)
# dtypes of the published JetClass files (JetClass101.ipynb, `tree.show()`)
LABEL_DTYPES = {
    "label_QCD": np.float32, "label_Hbb": np.bool_, "label_Hcc": np.bool_,
    "label_Hgg": np.bool_, "label_H4q": np.bool_, "label_Hqql": np.bool_,
    "label_Zqq": np.int32, "label_Wqq": np.int32, "label_Tbqq": np.int32, "label_Tbl": np.int32,
}
assert tuple(LABEL_DTYPES) == LABEL_BRANCHES
REQUIRED = ("part_px", "part_py", "part_deta", "part_dphi", *LABEL_BRANCHES)
WRITE_CHUNK = 5_000  # jets per basket: bounds the awkward copies made while writing
STEP_SIZE = 10_000  # jets per chunk when reading


def one_line(e: BaseException, limit: int = 300) -> str:
    """A library's (possibly multi-line) message as one short line for a DataError."""
    return " ".join(str(e).split())[:limit]


def sidecar(path: str | Path) -> Path:
    """Where the provenance JSON of a data file lives: `<file>.json`."""
    path = Path(path)
    return path.with_name(path.name + ".json")


def pid_flags(pdg_id: np.ndarray, charge: np.ndarray) -> dict[str, np.ndarray]:
    """JetClass particle-type flags from PDG ids (any shape), as int32 0/1."""
    a = np.abs(pdg_id)
    lepton = (a == 11) | (a == 13)
    flags = {
        "part_isChargedHadron": (charge != 0) & ~lepton,
        "part_isNeutralHadron": (charge == 0) & (a != 22) & (a != 0),
        "part_isPhoton": a == 22,
        "part_isElectron": a == 11,
        "part_isMuon": a == 13,
    }
    return {k: v.astype(np.int32) for k, v in flags.items()}


def impact_parameters(vx, vy, vz, px, py, pz, charge) -> tuple[np.ndarray, np.ndarray]:
    """Truth-level (d0, dz) in mm of straight lines from production vertices (any shape).

    (vx, vy, vz) is where the generator made the particle (mm; the hard interaction sits at
    the origin), (px, py, pz) its momentum. No magnetic field, no beam spot, no smearing:
        d0 = (vx py - vy px) / pT                     (signed transverse distance to the beam)
        dz = vz - (vx px + vy py) / pT * pz / pT      (z at the transverse closest approach)
    (Delphes' ParticlePropagator convention.) Neutral particles leave no track: 0, as in
    JetClass.
    """
    pt = np.hypot(px, py)
    safe = np.where(pt > 0, pt, 1.0)
    track = (charge != 0) & (pt > 0)
    d0 = np.where(track, (vx * py - vy * px) / safe, 0.0)
    dz = np.where(track, vz - (vx * px + vy * py) / safe * pz / safe, 0.0)
    return d0, dz


def write_jetclass(
    path: str | Path, batch: JetBatch, meta: dict[str, Any],
    particles: dict[str, np.ndarray] | None = None,
) -> Path:
    """Write `batch` as a JetClass TTree, atomically, plus the sidecar JSON.

    particles: optional (B, N) arrays aligned with `batch.part` carrying what a JetBatch does
    not: part_px/py/pz/energy (masses), part_charge + part_pid (species: charge and flag
    branches), part_d0val + part_dzval (impact parameters; with zero errors). Without
    four-momenta, constituents are written massless about the jet axis (jet_eta, jet_phi from
    `batch.jet`, else 0); branches whose inputs are missing are left out.
    """
    import uproot

    path = Path(path)
    meta_json = json.dumps(meta, default=str)
    with atomic_path(path) as tmp:
        with uproot.recreate(tmp) as f:
            tree = None
            for lo in range(0, max(len(batch), 1), WRITE_CHUNK):
                sl = slice(lo, lo + WRITE_CHUNK)
                part = {k: v[sl] for k, v in (particles or {}).items()}
                data = _branches(batch[sl], part)
                if tree is None:
                    types = {k: v.type if isinstance(v, ak.Array) else v.dtype for k, v in data.items()}
                    tree = f.mktree(TREE, types, counter_name=lambda _: COUNTER)
                tree.extend(data)
            f[META_KEY] = meta_json
    write_json(sidecar(path), meta)
    return path


def _branches(batch: JetBatch, p: dict[str, np.ndarray]) -> dict[str, Any]:
    """Branch arrays of one chunk: {"part": jagged record (-> part_* + npart), jet_*, label_*}."""
    from omnijet.data.observables import observables_p4

    a = batch.numpy()
    mask, n = a["mask"], len(batch)
    counts = mask.sum(axis=1)
    if "part_px" not in p:
        jet_eta = batch.jet.get("jet_eta", np.zeros(n))[:, None]
        jet_phi = batch.jet.get("jet_phi", np.zeros(n))[:, None]
        px, py, pz, e = four_vectors(a["pt"], a["eta"] + jet_eta, a["phi"] + jet_phi)
        p = {**p, "part_px": px, "part_py": py, "part_pz": pz, "part_energy": e}
    cols: dict[str, np.ndarray] = {k: p[k] for k in KINEMATICS[:4]}
    cols |= {"part_deta": a["eta"], "part_dphi": a["phi"]}
    if "part_d0val" in p and "part_dzval" in p:
        zero = np.zeros(mask.shape)
        cols |= {"part_d0val": p["part_d0val"], "part_d0err": zero,
                 "part_dzval": p["part_dzval"], "part_dzerr": zero}
    if "part_pid" in p and "part_charge" in p:
        cols["part_charge"] = p["part_charge"]
        cols |= pid_flags(p["part_pid"], p["part_charge"])

    def jagged(v: np.ndarray) -> ak.Array:
        dtype = np.int32 if v.dtype == np.int32 else np.float32
        return ak.unflatten(np.ascontiguousarray(np.asarray(v)[mask], dtype=dtype), counts)

    out: dict[str, Any] = {
        "part": ak.zip({k.removeprefix("part_"): jagged(v) for k, v in cols.items()}),
    }
    obs = None
    for k in JET_BRANCHES:
        if k in batch.jet:
            out[k] = np.asarray(batch.jet[k], dtype=np.float32)
            continue
        if obs is None:  # only computed when the batch lacks jet-level branches
            obs = observables_p4(*(np.where(mask, cols[c], 0.0) for c in KINEMATICS[:4]), mask)
            obs["nparticles"] = counts
        out[k] = np.asarray(obs[k.removeprefix("jet_")], dtype=np.float32)
    label = batch.label.cpu().numpy()
    for i, (name, dtype) in enumerate(LABEL_DTYPES.items()):
        out[name] = (label == i).astype(dtype)
    return out


def _open_tree(path: Path):
    import uproot

    if not path.exists():
        raise DataError(f"{path}: no such file")
    try:
        f = uproot.open(path)
        keys = {k.split(";")[0] for k in f.keys()}
        tree = f[TREE] if TREE in keys else None
        present = set(tree.keys()) if tree is not None else set()
    except Exception as e:  # uproot raises many types for damaged files
        raise DataError(f"{path}: not a readable ROOT file (truncated or corrupt: {one_line(e)})") from e
    if tree is None:
        raise DataError(f"{path}: no tree {TREE!r} (wrong schema; found {sorted(keys)})")
    missing = [b for b in REQUIRED if b not in present]
    if missing:
        raise DataError(f"{path}: missing branch {missing[0]!r} (JetClass schema)")
    return tree


def _paths(paths: str | Path | Sequence[str | Path]) -> list[Path]:
    paths = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    if not paths:
        raise DataError("no JetClass files given")
    return paths


def count_jets(paths: str | Path | Sequence[str | Path]) -> int:
    """Number of jets in JetClass file(s), from the headers (reads no data)."""
    return sum(int(_open_tree(p).num_entries) for p in _paths(paths))


def iter_jetclass(
    paths: str | Path | Sequence[str | Path], step_size: int = STEP_SIZE,
    max_jets: int | None = None, max_constituents: int = MAX_CONSTITUENTS,
) -> Iterator[JetBatch]:
    """Stream JetClass file(s) as JetBatches of at most `step_size` jets each (the last chunk
    of each file may be smaller), in file order, at most `max_jets` in total. Memory holds one
    chunk (uproot.iterate), whatever the file size."""
    if step_size < 1:
        raise DataError(f"step_size must be >= 1, got {step_size}")
    fixed_mmap_threshold()  # else freed chunks stay in a fragmented heap: memory grows with the file
    left = max_jets
    for path in _paths(paths):
        if left is not None and left <= 0:
            return
        tree = _open_tree(path)
        names = [*REQUIRED, *(b for b in JET_BRANCHES if b in tree.keys())]
        chunks = tree.iterate(names, step_size=step_size, entry_stop=left, library="ak")
        while True:
            try:
                arr = next(chunks)
            except StopIteration:
                break
            except Exception as e:
                raise DataError(
                    f"{path}: cannot read tree {TREE!r} (truncated or corrupt: {one_line(e)})") from e
            batch = _to_batch(arr, max_constituents)
            del arr
            left = None if left is None else left - len(batch)
            yield batch


def read_jetclass(
    paths: str | Path | Sequence[str | Path], max_jets: int | None = None,
    max_constituents: int = MAX_CONSTITUENTS,
) -> JetBatch:
    """Read JetClass ROOT file(s) into one JetBatch (relative coordinates, |.| < 0.8 cuts,
    pT-ordered, at most `max_constituents`). `jet` holds every jet_* branch present
    (jet_nparticles: the count in the file, before any cut)."""
    batches = list(iter_jetclass(paths, STEP_SIZE, max_jets, max_constituents))
    if not batches:
        return _to_batch(None, max_constituents)
    return JetBatch.concat(batches) if len(batches) > 1 else batches[0]


def _to_batch(arr: ak.Array | None, max_constituents: int) -> JetBatch:
    if arr is None:  # no jets at all
        z = np.zeros((0, 1))
        return JetBatch.from_numpy(z, z, z, z.astype(bool), np.zeros(0, np.int64))
    counts = ak.to_numpy(ak.num(arr["part_px"], axis=1))
    n = max(int(counts.max(initial=0)), 1)

    def pad(name: str) -> np.ndarray:
        col = ak.pad_none(arr[name], n, clip=True)
        return ak.to_numpy(ak.fill_none(col, 0.0)).astype(np.float64)

    mask = np.arange(n)[None, :] < counts[:, None]
    pt = np.hypot(pad("part_px"), pad("part_py"))
    zero = np.zeros(len(counts))
    pt, deta, dphi, mask = relative_constituents(
        pt, pad("part_deta"), pad("part_dphi"), mask, zero, zero, max_constituents, REL_CUT,
    )
    onehot = np.stack([ak.to_numpy(arr[b]).astype(np.float64) for b in LABEL_BRANCHES], axis=1)
    jet = {k: ak.to_numpy(arr[k]).astype(np.float64) for k in JET_BRANCHES if k in arr.fields}
    return JetBatch.from_numpy(pt, deta, dphi, mask, onehot.argmax(axis=1), jet)


def read_jetclass_meta(path: str | Path) -> dict[str, Any]:
    """The provenance stored inside a file written here ({} for foreign files)."""
    import uproot

    try:
        with uproot.open(path) as f:
            if META_KEY in f:
                return json.loads(str(f[META_KEY]))
    except Exception as e:
        raise DataError(f"{path}: not a readable ROOT file ({one_line(e)})") from e
    return {}
