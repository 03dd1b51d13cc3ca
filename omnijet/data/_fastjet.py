"""Vectorised anti-kT clustering of event batches, jet selection and truth matching."""

from __future__ import annotations

import functools
import warnings

import awkward as ak
import numpy as np

from omnijet.data.preprocess import wrap_phi


@functools.cache
def quiet_banner() -> None:
    """Keep FastJet's citation banner off stdout (it would interleave with CLI output).
    The hook lives in fastjet's SWIG module; if a release moves it, the banner just shows."""
    try:
        from fastjet._swig import _fastjet_swig

        _fastjet_swig.ClusterSequence_set_fastjet_banner_stream(None)
    except (ImportError, AttributeError, TypeError):
        pass


def antikt_constituents(particles: ak.Array, r: float, min_pt: float, n_jets: int) -> ak.Array:
    """(E, J<=n_jets, C) constituents of the n_jets hardest anti-kT jets above min_pt.

    Jets are ordered by pT, constituents by pT within each jet; the records keep every field
    of `particles` (e.g. the PDG id). The jet four-momentum is the E-scheme sum of them.
    """
    import fastjet
    import vector

    vector.register_awkward()
    quiet_banner()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cs = fastjet.ClusterSequence(particles, fastjet.JetDefinition(fastjet.antikt_algorithm, r))
        cons = cs.constituents(min_pt)
    jet_pt = np.hypot(ak.sum(cons.px, axis=2), ak.sum(cons.py, axis=2))
    cons = cons[ak.argsort(jet_pt, axis=1, ascending=False)][:, :n_jets]
    pt = np.hypot(cons.px, cons.py)
    return cons[ak.argsort(pt, axis=2, ascending=False)]


def jet_p4(cons: ak.Array) -> tuple[ak.Array, ...]:
    """E-scheme jet px, py, pz, E (same jagged shape as the jets)."""
    return tuple(ak.sum(getattr(cons, c), axis=-1) for c in ("px", "py", "pz", "E"))


def pt_eta_phi(px, py, pz):
    pt = np.hypot(px, py)
    eta = np.arcsinh(pz / np.where(pt > 0, pt, 1.0))
    return pt, eta, np.arctan2(py, px)


def delta_r(eta1, phi1, eta2, phi2):
    return np.hypot(eta1 - eta2, wrap_phi(phi1 - phi2))


def truth_matched(
    jets: np.ndarray, event: np.ndarray, res: np.ndarray, quarks: np.ndarray, r: float,
) -> np.ndarray:
    """(J,) bool: some resonance and all of its decay quarks lie within dR < r of the jet.

    jets (J, 4) px, py, pz, E; event (J,) index into res (E, R, 4) and quarks (E, R, K, 4).
    """
    _, j_eta, j_phi = pt_eta_phi(*jets[:, :3].T)
    _, r_eta, r_phi = pt_eta_phi(*np.moveaxis(res[event][..., :3], -1, 0))  # (J, R)
    _, q_eta, q_phi = pt_eta_phi(*np.moveaxis(quarks[event][..., :3], -1, 0))  # (J, R, K)
    res_in = delta_r(j_eta[:, None], j_phi[:, None], r_eta, r_phi) < r
    q_in = delta_r(j_eta[:, None, None], j_phi[:, None, None], q_eta, q_phi) < r
    return (res_in & q_in.all(axis=2)).any(axis=1)


def padded(cons: ak.Array, n_max: int | None, fields=("px", "py", "pz", "E")) -> dict[str, np.ndarray]:
    """(J, var) constituent records -> (J, n) numpy arrays (zero padded) + mask, n <= n_max
    (None: no cap)."""
    longest = int(ak.max(ak.num(cons, axis=1), initial=0))
    n_max = longest if n_max is None else n_max
    n = max(min(longest, n_max), 1)
    out = {}
    for f in fields:
        col = ak.pad_none(getattr(cons, f)[:, :n_max], n, clip=True)
        out[f] = ak.to_numpy(ak.fill_none(col, 0)).astype(np.float64 if f != "id" else np.int64)
    counts = ak.to_numpy(ak.num(cons, axis=1)).clip(max=n_max)
    out["mask"] = np.arange(n)[None, :] < counts[:, None]
    return out
