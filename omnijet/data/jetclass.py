"""JetClass ROOT files (tree `tree`, jagged `part_*`, flat `jet_*`, one-hot `label_*`).

One reader for the real JetClass files and for the files this package writes: it needs only
the branches every JetClass file has, and takes the rest when present. Files written here also
carry their provenance (generator settings, seed, versions) as a JSON TObjString `meta` and a
sidecar `<file>.json`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import awkward as ak
import numpy as np

from omnijet.data.batch import LABEL_BRANCHES, MAX_CONSTITUENTS, JetBatch
from omnijet.data.observables import four_vectors
from omnijet.data.preprocess import REL_CUT, relative_constituents
from omnijet.errors import DataError
from omnijet.utils import atomic_path, write_json

TREE = "tree"
META_KEY = "meta"
PART_BRANCHES = (
    "part_px", "part_py", "part_pz", "part_energy", "part_deta", "part_dphi",
    "part_d0val", "part_d0err", "part_dzval", "part_dzerr", "part_charge",
    "part_isChargedHadron", "part_isNeutralHadron", "part_isPhoton", "part_isElectron",
    "part_isMuon",
)
JET_BRANCHES = (
    "jet_pt", "jet_eta", "jet_phi", "jet_energy", "jet_nparticles", "jet_sdmass",
    "jet_tau1", "jet_tau2", "jet_tau3", "jet_tau4",
)
REQUIRED = ("part_px", "part_py", "part_deta", "part_dphi", *LABEL_BRANCHES)


def one_line(e: BaseException, limit: int = 300) -> str:
    """A library's (possibly multi-line) message as one short line for a DataError."""
    return " ".join(str(e).split())[:limit]


def sidecar(path: str | Path) -> Path:
    """Where the provenance JSON of a data file lives: `<file>.json`."""
    path = Path(path)
    return path.with_name(path.name + ".json")


def pid_flags(pdg_id: np.ndarray, charge: np.ndarray) -> dict[str, np.ndarray]:
    """JetClass particle-type flags from PDG ids (any shape), as float32 0/1."""
    a = np.abs(pdg_id)
    lepton = (a == 11) | (a == 13)
    flags = {
        "part_isChargedHadron": (charge != 0) & ~lepton,
        "part_isNeutralHadron": (charge == 0) & (a != 22) & (a != 0),
        "part_isPhoton": a == 22,
        "part_isElectron": a == 11,
        "part_isMuon": a == 13,
    }
    return {k: v.astype(np.float32) for k, v in flags.items()}


def write_jetclass(
    path: str | Path, batch: JetBatch, meta: dict[str, Any],
    particles: dict[str, np.ndarray] | None = None,
) -> Path:
    """Write `batch` in the JetClass schema, atomically, plus the sidecar JSON.

    particles: optional (B, N) arrays aligned with `batch.part` (part_px, part_py, part_pz,
    part_energy, part_charge, part_pid) carrying what a JetBatch does not (masses, species).
    Without them constituents are written massless about the jet axis (jet_eta, jet_phi from
    `batch.jet`, else 0) and the particle-type flags are zero. Impact parameters are zero.
    """
    import uproot

    from omnijet.data.observables import observables_p4

    path = Path(path)
    a = batch.numpy()
    mask, n = a["mask"], len(batch)
    counts = mask.sum(axis=1)
    jet_eta = batch.jet.get("jet_eta", np.zeros(n))
    jet_phi = batch.jet.get("jet_phi", np.zeros(n))
    p = dict(particles or {})
    if "part_px" not in p:
        eta, phi = a["eta"] + jet_eta[:, None], a["phi"] + jet_phi[:, None]
        px, py, pz, e = four_vectors(a["pt"], eta, phi)
        p.update(part_px=px, part_py=py, part_pz=pz, part_energy=e)
    charge = p.get("part_charge", np.zeros_like(a["pt"]))
    pid = p.get("part_pid", np.zeros(a["pt"].shape, dtype=np.int64))
    zeros = np.zeros_like(a["pt"])
    cols = {
        "part_px": p["part_px"], "part_py": p["part_py"], "part_pz": p["part_pz"],
        "part_energy": p["part_energy"], "part_deta": a["eta"], "part_dphi": a["phi"],
        "part_d0val": zeros, "part_d0err": zeros, "part_dzval": zeros, "part_dzerr": zeros,
        "part_charge": charge, **pid_flags(pid, charge),
    }
    branches: dict[str, Any] = {
        k: ak.unflatten(np.asarray(v, dtype=np.float32)[mask], counts) for k, v in cols.items()
    }
    obs = None
    for k in JET_BRANCHES:
        if k in batch.jet:
            branches[k] = np.asarray(batch.jet[k], dtype=np.float32)
            continue
        if obs is None:  # only computed when the batch lacks jet-level branches
            obs = observables_p4(*(cols[c] for c in PART_BRANCHES[:4]), mask)
            obs["nparticles"] = counts
        branches[k] = np.asarray(obs[k.removeprefix("jet_")], dtype=np.float32)
    label = batch.label.cpu().numpy()
    for i, name in enumerate(LABEL_BRANCHES):
        branches[name] = (label == i).astype(np.float32)
    meta_json = json.dumps(meta, default=str)
    with atomic_path(path) as tmp:
        with uproot.recreate(tmp) as f:
            f[TREE] = branches
            f[META_KEY] = meta_json
    write_json(sidecar(path), meta)
    return path


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


def read_jetclass(
    paths: str | Path | Sequence[str | Path], max_jets: int | None = None,
    max_constituents: int = MAX_CONSTITUENTS,
) -> JetBatch:
    """Read JetClass ROOT file(s) into one JetBatch (relative coordinates, |.| < 0.8 cuts,
    pT-ordered, at most `max_constituents`). `jet` holds every jet_* branch present."""
    paths = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    if not paths:
        raise DataError("no JetClass files given")
    batches, left = [], max_jets
    for path in paths:
        if left is not None and left <= 0:
            break
        tree = _open_tree(path)
        names = [*REQUIRED, *(b for b in JET_BRANCHES if b in tree)]
        try:
            arr = tree.arrays(names, entry_stop=left, library="ak")
        except Exception as e:
            raise DataError(f"{path}: cannot read tree {TREE!r} (truncated or corrupt: {one_line(e)})") from e
        batches.append(_to_batch(arr, max_constituents))
        left = None if left is None else left - len(batches[-1])
    return JetBatch.concat(batches)


def _to_batch(arr: ak.Array, max_constituents: int) -> JetBatch:
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
