"""Pythia 8 set-ups per process, seeded generators, and vectorised event-record queries.

Event records come from `Pythia.nextBatch(n)` as awkward arrays (`prt`: id, status, mother1,
p (Momentum4D), ...); everything below works on whole batches, never on single particles.
"""

from __future__ import annotations

from dataclasses import dataclass

import awkward as ak
import numpy as np

NEUTRINOS = (12, 14, 16)
PYTHIA_MAX_SEED = 900_000_000  # Random:seed must lie in [1, 900_000_000]

COMMON = (
    "Beams:eCM = 13000.",
    "Print:quiet = on",  # no banners, listings or statistics on stdout
    "Next:numberCount = 0",
    "Next:numberShowEvent = 0",
    "Next:numberShowInfo = 0",
    "Next:numberShowProcess = 0",
    "Random:setSeed = on",
)

# the pole masses (GeV) of the resonances the jet processes decay: Pythia 8.317's defaults (6:m0, 24:m0, 23:m0),
# which the settings below leave alone; a jet-mass peak is read against them
POLE_MASS = {"top": 173.0, "wqq": 80.385, "zqq": 91.1876}

HADRONIC_W = ("24:onMode = off", "24:onIfAny = 1 2 3 4 5")
HADRONIC_Z = ("23:onMode = off", "23:onIfAny = 1 2 3 4 5")


@dataclass(frozen=True)
class Setup:
    """What to ask Pythia for and how to read the answer."""

    settings: tuple[str, ...]
    resonance: int | None  # |PDG id| of the truth-matched resonance (None: QCD / events)
    n_quarks: int  # quarks from its decay that must sit inside the jet


def jet_setup(process: str, pt_min: float, pt_max: float) -> Setup:
    """Pythia settings for the JetClass-like processes (jets in pt_min < pT < pt_max)."""
    # pTHat is the partonic scale; jets lose some pT out of cone, so generate a little below
    # the window. The upper cut only avoids wasting events far above the window.
    lo, hi = 0.9 * pt_min, 1.2 * pt_max
    phase = (f"PhaseSpace:pTHatMin = {lo:g}", f"PhaseSpace:pTHatMax = {hi:g}")
    if process == "qcd":
        return Setup(("HardQCD:all = on", *phase), None, 0)
    if process == "top":  # both tops hadronic: t -> b W, W -> q q'
        top_phase = (f"PhaseSpace:pTHatMin = {pt_min:g}", f"PhaseSpace:pTHatMax = {hi:g}")
        return Setup(("Top:gg2ttbar = on", "Top:qqbar2ttbar = on", *top_phase, *HADRONIC_W), 6, 3)
    if process == "wqq":  # boosted W recoiling against a parton
        return Setup(
            ("WeakBosonAndParton:qqbar2Wg = on", "WeakBosonAndParton:qg2Wq = on",
             *phase, *HADRONIC_W), 24, 2,
        )
    if process == "zqq":
        return Setup(
            ("WeakBosonAndParton:qqbar2gmZg = on", "WeakBosonAndParton:qg2gmZq = on",
             "WeakZ0:gmZmode = 2", *phase, *HADRONIC_Z), 23, 2,
        )
    raise ValueError(f"not a jet process: {process}")


LHCO_TRIGGER_PT = 1200.0  # GeV, leading-jet trigger of the LHC Olympics R&D set


@dataclass(frozen=True)
class SignalMasses:
    """W'(Z' in Pythia) -> X Y, X, Y -> q qbar; masses in GeV (the R&D set: 3500, 500, 100)."""

    m_wprime: float = 3500.0
    m_x: float = 500.0
    m_y: float = 100.0

    def __post_init__(self) -> None:
        if not (self.m_x > 0 and self.m_y > 0):
            raise ValueError(f"daughter masses must be > 0 GeV, got mX={self.m_x:g}, mY={self.m_y:g}")
        if self.m_x + self.m_y >= self.m_wprime:
            raise ValueError(f"W' -> X Y is closed: mX + mY = {self.m_x + self.m_y:g} >= "
                             f"mW' = {self.m_wprime:g} GeV")
        if not 1000.0 <= self.m_wprime <= 8000.0:
            raise ValueError(f"mW' must lie in 1000-8000 GeV (13 TeV, 1.2 TeV trigger), got {self.m_wprime:g}")


LHCO_MASSES = SignalMasses()


def _light_quark_decays(pdg: int) -> tuple[str, ...]:
    """Table decays (meMode 100: partial width = bRatio x total) to d, u, s pairs: the 2HDM
    Yukawa widths to light quarks vanish, so computed widths would close these channels."""
    return (f"{pdg}:oneChannel = 1 0.34 100 1 -1", f"{pdg}:addChannel = 1 0.33 100 2 -2",
            f"{pdg}:addChannel = 1 0.33 100 3 -3")


def lhco_setup(process: str, masses: SignalMasses = LHCO_MASSES) -> Setup:
    """LHC Olympics R&D-like events: QCD dijets, or W'(mW') -> X(mX) Y(mY), X, Y -> q qbar
    (default 3.5 TeV, 500 GeV, 100 GeV as in the R&D set).

    Pythia's Z' cross-section only counts fermion final states, so Z' -> XY alone would have
    none: a near-zero-coupling e+e- channel stays open to make the Z' (its share of the width
    is ~1e-7), and the XY channel (meMode 100: partial width from the table) takes the decays.
    X and Y are the 2HDM scalars H (35) and A (36), re-massed, decaying to light quarks.
    """
    if process == "lhco_qcd":
        return Setup(("HardQCD:all = on", f"PhaseSpace:pTHatMin = {LHCO_TRIGGER_PT:g}"), None, 0)
    if process == "lhco_signal":
        m = masses
        return Setup(
            (
                "NewGaugeBoson:ffbar2gmZZprime = on", "Zprime:gmZmode = 3", "Higgs:useBSM = on",
                f"32:m0 = {m.m_wprime:g}", "32:onMode = off", "32:onIfMatch = 11 -11",
                "Zprime:ve = 0.", "Zprime:ae = 0.001",  # near-zero e+e- coupling
                "32:addChannel = 1 0.999 100 35 36",
                f"35:m0 = {m.m_x:g}", *_light_quark_decays(35),
                f"36:m0 = {m.m_y:g}", *_light_quark_decays(36),
                f"PhaseSpace:mHatMin = {0.7 * m.m_wprime:g}",
            ),
            None, 0,
        )
    raise ValueError(f"not an LHCO process: {process}")


def has_xy_decay(prt: ak.Array) -> np.ndarray:
    """(E,) bool: the event holds both X (35) and Y (36), i.e. Z' -> XY (not the e+e- tail)."""
    return ak.to_numpy(ak.any(prt.id == 35, axis=1) & ak.any(prt.id == 36, axis=1))


def make_pythia(settings: tuple[str, ...], seed: int):
    """An initialised, silent, seeded Pythia (seed is mapped into Pythia's allowed range)."""
    import pythia8mc  # heavy import: only where events are made

    pythia = pythia8mc.Pythia("", False)
    for s in (*COMMON, f"Random:seed = {seed % PYTHIA_MAX_SEED + 1}", *settings):
        if not pythia.readString(s):
            raise RuntimeError(f"Pythia rejected setting {s!r}")
    if not pythia.init():
        raise RuntimeError("Pythia failed to initialise")
    return pythia


def charge_table(pythia, ids: np.ndarray) -> dict[int, float]:
    """Electric charge of each distinct PDG id (a loop over species, not particles)."""
    return {int(i): float(pythia.particleData.charge(int(i))) for i in np.unique(ids)}


def visible_particles(prt: ak.Array) -> ak.Array:
    """Final-state particles without neutrinos, as (E, var) Momentum4D records with their id
    and production vertex vx, vy, vz (mm; the hard interaction at the origin)."""
    a = np.abs(prt.id)
    keep = prt.status > 0
    for nu in NEUTRINOS:  # (np.isin does not take jagged arrays)
        keep = keep & (a != nu)
    sel = prt[keep]
    vertex = {f"v{c}": ak.fill_none(getattr(sel.vProd, f"p{c}"), 0.0) for c in "xyz"}  # mm
    return ak.zip(
        {"px": sel.p.px, "py": sel.p.py, "pz": sel.p.pz, "E": sel.p.e, "id": sel.id, **vertex},
        with_name="Momentum4D",
    )


def _p4(prt: ak.Array) -> np.ndarray:
    """(..., 4) numpy px, py, pz, E of regular particle arrays."""
    return np.stack([ak.to_numpy(getattr(prt.p, c)) for c in ("px", "py", "pz", "e")], axis=-1)


def truth_partons(prt: ak.Array, setup: Setup) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Resonances and their decay quarks, per event.

    Returns (res (E', R, 4), quarks (E', R, K, 4), event index (E',)) with px, py, pz, E, for
    the events whose record has the expected structure (all of them, in practice). The decay
    quarks are the hard-process outgoing quarks (|status| 23) whose mother is the resonance
    (or, for tops, the W from the top: grouped with its top by the sign of the mother's id).
    """
    res_id, k = setup.resonance, setup.n_quarks
    assert res_id is not None
    mid = prt.id[prt.mother1]  # (E, var): id of each particle's first mother
    quark = (np.abs(prt.status) == 23) & (np.abs(prt.id) <= 5)
    from_res = np.abs(mid) == res_id
    is_q = quark & ((from_res | (np.abs(mid) == 24)) if res_id == 6 else from_res)
    is_res_child = quark & (np.abs(mid) == res_id)  # one per resonance: b (top) or a quark
    n_res = 2 if res_id == 6 else 1
    n_child = n_res if res_id == 6 else k
    ok = (ak.sum(is_q, axis=1) == n_res * k) & (ak.sum(is_res_child, axis=1) == n_child)
    idx = np.flatnonzero(ak.to_numpy(ok))
    prt, mid, is_q, is_res_child = prt[idx], mid[idx], is_q[idx], is_res_child[idx]
    # Top: group by the sign of the mother (t and its W+ are +, tbar and its W- are -);
    # W/Z: a single group. Sorting by the sign orders both quarks and resonances alike.
    group = np.sign(mid[is_q]) if res_id == 6 else ak.zeros_like(mid[is_q])
    q = prt[is_q][ak.argsort(group, axis=1, stable=True)]
    quarks = _p4(ak.to_regular(q, axis=1)).reshape(len(idx), n_res, k, 4)
    res_sel = prt[prt.mother1[is_res_child]]  # the resonance (its last copy, after recoils)
    res_sel = res_sel[ak.argsort(np.sign(res_sel.id), axis=1, stable=True)][:, ::n_child // n_res]
    res = _p4(ak.to_regular(res_sel, axis=1))
    return res.reshape(len(idx), n_res, 4), quarks, idx
