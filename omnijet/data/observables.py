"""Jet observables as pure array functions over whole batches.

Inputs are padded (B, N) numpy arrays of constituent four-momenta (px, py, pz, E in GeV) plus a
(B, N) bool mask; `jet_observables` builds them from a `JetBatch` (massless constituents in
coordinates relative to the jet, which leaves every observable here unchanged).

Definitions (the standard ones, as in fastjet contrib):
- N-subjettiness, beta = 1, normalised measure:
      tau_N = sum_i pT_i min_k dR(i, axis_k) / (R0 sum_i pT_i)
  with dR in (rapidity, phi), axes = fastjet contrib's "OnePass_KT_Axes": the exclusive-kT
  jets (E-scheme) of the constituents as seeds, then one pass of minimisation (Lloyd-like:
  assign each particle to its nearest axis, move each axis to the pT-weighted geometric median
  of its particles by Weiszfeld steps, repeat until the axes stop moving). Jets with <= N
  constituents have tau_N = 0.
  What these axes guarantee (beta = 1), up to the minimiser's stopping tolerance (contrib:
  axes move less than 1e-4, at most 1000 iterations):
  * tau_N <= its value on the kT axes (every step lowers the sum);
  * tau_1 is the global one-axis minimum (a convex problem);
  * tau_N <= tau_1 for every N, hence tau21 <= 1: at convergence each axis is the geometric
    median of the particles nearest to it, so the N-axis sum is at most the sum of those same
    groups about any one point, in particular the one-axis optimum. (Plain kT axes have no
    such property: about 9% of QCD jets had tau21 > 1 with them.)
  * nothing bounds tau32 or tau43 by 1: the N-axis pass starts from kT seeds, not from a set
    containing the (N-1)-axis solution, and stops in a local minimum; such jets are rare
    (benchmarks/data.py measures the fractions).
- soft-drop mass: C/A reclustering, z_cut = 0.1, beta = 0, R0 = jet radius.
Clustering and N-subjettiness run in FastJet's vectorised multi-event interface.
"""

from __future__ import annotations

import warnings

import awkward as ak
import numpy as np

from omnijet.data.batch import JetBatch

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


AXES = {"onepass_kt": "OnePass_KT_Axes", "kt": "KT_Axes"}


def nsubjettiness(px, py, pz, e, mask, n_max: int = 4, r0: float = 0.8,
                  axes: str = "onepass_kt") -> np.ndarray:
    """(B, n_max) tau_1..tau_n_max (definition in the module docstring), computed by fastjet
    contrib's Nsubjettiness through the fastjet package's multi-event interface.

    axes "onepass_kt" (default): exclusive-kT axes refined by one-pass minimisation;
    "kt": the exclusive-kT axes alone (what this package used before).
    """
    if axes not in AXES:
        raise ValueError(f"axes must be one of {sorted(AXES)}, got {axes!r}")
    out = np.zeros((len(mask), n_max))
    has = mask.sum(axis=1) > 0
    if not has.any():
        return out
    cs = _cluster(_jagged(*(a[has] for a in (px, py, pz, e, mask))), "kt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tau = cs.njettiness(measure_definition="NormalizedMeasure", axes_definition=AXES[axes],
                            njets=list(range(1, n_max + 1)), beta=1.0, R0=r0)
    out[has] = ak.to_numpy(tau).reshape(int(has.sum()), n_max)
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


# observable key (jet_observables, and per constituent part_*) -> axis label of every plot
AXIS_LABELS = {
    "mass": "jet mass [GeV]", "pt": "jet $p_T$ [GeV]", "eta": r"jet $\eta$", "phi": r"jet $\phi$",
    "n": "constituent multiplicity", "tau1": r"$\tau_1$", "tau2": r"$\tau_2$", "tau3": r"$\tau_3$",
    "tau21": r"$\tau_{21}$", "tau32": r"$\tau_{32}$", "sdmass": "soft-drop mass [GeV]",
    "part_pt": "constituent $p_T$ [GeV]", "part_eta": r"constituent $\eta^{rel}$",
    "part_phi": r"constituent $\phi^{rel}$",
}


def jet_observables(batch: JetBatch, r0: float = 0.8) -> dict[str, np.ndarray]:
    """pt, eta, phi (relative to the jet axis given by the constituents), mass, n, tau1..3,
    tau21, tau32, sdmass of each jet, from its massless constituents. Each (B,)."""
    a = batch.numpy()
    obs = observables_p4(*four_vectors(a["pt"], a["eta"], a["phi"]), a["mask"], r0=r0)
    keys = ("pt", "eta", "phi", "mass", "n", "tau1", "tau2", "tau3", "tau21", "tau32", "sdmass")
    return {k: obs[k] for k in keys}
