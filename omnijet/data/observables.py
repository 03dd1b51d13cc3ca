"""Jet observables as pure array functions over whole batches.

Inputs are padded (B, N) numpy arrays of constituent four-momenta (px, py, pz, E in GeV) plus a
(B, N) bool mask; `jet_observables` builds them from a `JetBatch` (massless constituents in
coordinates relative to the jet, which leaves every observable here unchanged).

Definitions (the standard ones, as in fastjet contrib):
- N-subjettiness, beta = 1, normalised measure:
      tau_N = sum_i pT_i min_k dR(i, axis_k) / (R0 sum_i pT_i)
  with dR in (rapidity, phi), axes = exclusive-kT jets (E-scheme) of the jet's constituents
  ("KT_Axes", no one-pass minimisation). Jets with <= N constituents have tau_N = 0.
- soft-drop mass: C/A reclustering, z_cut = 0.1, beta = 0, R0 = jet radius.
Clustering (kT axes, soft drop) runs in FastJet's vectorised multi-event interface; the tau
sums are numpy.
"""

from __future__ import annotations

import warnings

import awkward as ak
import numpy as np

from omnijet.data.batch import JetBatch
from omnijet.data.preprocess import wrap_phi

MAX_R = 1000.0  # fastjet's max_allowable_R: one jet holds everything (contrib KT_Axes)


def _jagged(px, py, pz, e, mask) -> ak.Array:
    """Padded (B, N) components -> (B, var) Momentum4D awkward array of the real entries."""
    import vector

    vector.register_awkward()
    counts = mask.sum(axis=1)
    rec = ak.zip(
        {k: np.ascontiguousarray(v[mask], dtype=np.float64)
         for k, v in (("px", px), ("py", py), ("pz", pz), ("E", e))},
        with_name="Momentum4D",
    )
    return ak.unflatten(rec, counts)


def _cluster(jagged: ak.Array, algorithm: str):
    import fastjet

    from omnijet.data._fastjet import quiet_banner

    quiet_banner()
    algo = {"kt": fastjet.kt_algorithm, "ca": fastjet.cambridge_algorithm}[algorithm]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # fastjet warns about exclusive jets for any algorithm
        return fastjet.ClusterSequence(jagged, fastjet.JetDefinition(algo, MAX_R))


def four_vectors(pt: np.ndarray, eta: np.ndarray, phi: np.ndarray):
    """Massless (px, py, pz, E) from (pT, eta, phi), any shape."""
    return pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta), pt * np.cosh(eta)


def rapidity(pz: np.ndarray, e: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        y = 0.5 * np.log((e + pz) / (e - pz))
    return np.nan_to_num(y, nan=0.0, posinf=1e9, neginf=-1e9)


def jet_kinematics(px, py, pz, e, mask) -> dict[str, np.ndarray]:
    """Sum of the constituents (E-scheme): pt, eta, phi, mass, energy, each (B,)."""
    m = mask.astype(np.float64)
    jx, jy, jz, je = ((a * m).sum(axis=1) for a in (px, py, pz, e))
    pt = np.hypot(jx, jy)
    eta = np.where(pt > 0, np.arcsinh(jz / np.where(pt > 0, pt, 1.0)), 0.0)
    mass = np.sqrt(np.clip(je**2 - jx**2 - jy**2 - jz**2, 0.0, None))
    return {"pt": pt, "eta": eta, "phi": np.arctan2(jy, jx), "mass": mass, "energy": je}


def invariant_mass(*p4s: tuple[np.ndarray, ...]) -> np.ndarray:
    """Mass of the sum of several (px, py, pz, E) tuples of (B,) arrays, e.g. mjj of two jets."""
    x, y, z, e = (sum(p[i] for p in p4s) for i in range(4))
    return np.sqrt(np.clip(e**2 - x**2 - y**2 - z**2, 0.0, None))


def nsubjettiness(px, py, pz, e, mask, n_max: int = 4, r0: float = 0.8) -> np.ndarray:
    """(B, n_max) tau_1..tau_n_max (definition in the module docstring)."""
    b = len(mask)
    out = np.zeros((b, n_max))
    has = mask.sum(axis=1) > 0
    if not has.any():
        return out
    px, py, pz, e, mask = (a[has] for a in (px, py, pz, e, mask))
    pt = np.hypot(px, py)
    y, phi = rapidity(pz, e), np.arctan2(py, px)
    w = np.where(mask, pt, 0.0)  # (B', N)
    norm = r0 * w.sum(axis=1)
    cs = _cluster(_jagged(px, py, pz, e, mask), "kt")
    for n in range(1, n_max + 1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            axes = cs.exclusive_jets_up_to(n)  # (B', <= n): fewer when fewer constituents
        ax = ak.to_numpy(ak.fill_none(ak.pad_none(axes.px, n, clip=True), np.nan))
        ay = ak.to_numpy(ak.fill_none(ak.pad_none(axes.py, n, clip=True), np.nan))
        az = ak.to_numpy(ak.fill_none(ak.pad_none(axes.pz, n, clip=True), np.nan))
        ae = ak.to_numpy(ak.fill_none(ak.pad_none(axes.E, n, clip=True), np.nan))
        a_y, a_phi = rapidity(az, ae), np.arctan2(ay, ax)  # (B', n)
        dy = y[:, :, None] - a_y[:, None, :]  # (B', N, n)
        dphi = wrap_phi(phi[:, :, None] - a_phi[:, None, :])
        dr = np.sqrt(dy**2 + dphi**2)
        dr = np.where(np.isnan(ax)[:, None, :], np.inf, dr)  # missing axes never closest
        dmin = np.where(mask, dr.min(axis=2), 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[has, n - 1] = np.where(norm > 0, (w * dmin).sum(axis=1) / norm, 0.0)
    return out


def softdrop_mass(px, py, pz, e, mask, r0: float = 0.8, zcut: float = 0.1, beta: float = 0.0):
    """(B,) soft-drop groomed mass (C/A declustering)."""
    out = np.zeros(len(mask))
    has = mask.sum(axis=1) > 0
    if has.any():
        cs = _cluster(_jagged(*(a[has] for a in (px, py, pz, e, mask))), "ca")
        sd = cs.exclusive_jets_softdrop_grooming(njets=1, beta=beta, symmetry_cut=zcut, R0=r0)
        out[has] = ak.to_numpy(sd.msoftdrop)
    return out


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def observables_p4(px, py, pz, e, mask, r0: float = 0.8) -> dict[str, np.ndarray]:
    """All jet observables from padded constituent four-momenta."""
    kin = jet_kinematics(px, py, pz, e, mask)
    tau = nsubjettiness(px, py, pz, e, mask, n_max=4, r0=r0)
    return {
        "pt": kin["pt"], "eta": kin["eta"], "phi": kin["phi"], "mass": kin["mass"],
        "energy": kin["energy"], "n": mask.sum(axis=1),
        "tau1": tau[:, 0], "tau2": tau[:, 1], "tau3": tau[:, 2], "tau4": tau[:, 3],
        "tau21": ratio(tau[:, 1], tau[:, 0]), "tau32": ratio(tau[:, 2], tau[:, 1]),
        "sdmass": softdrop_mass(px, py, pz, e, mask, r0=r0),
    }


def jet_observables(batch: JetBatch, r0: float = 0.8) -> dict[str, np.ndarray]:
    """pt, eta, phi (relative to the jet axis given by the constituents), mass, n, tau1..3,
    tau21, tau32, sdmass of each jet, from its massless constituents. Each (B,)."""
    a = batch.numpy()
    obs = observables_p4(*four_vectors(a["pt"], a["eta"], a["phi"]), a["mask"], r0=r0)
    keys = ("pt", "eta", "phi", "mass", "n", "tau1", "tau2", "tau3", "tau21", "tau32", "sdmass")
    return {k: obs[k] for k in keys}
