"""Observables against independent calculations: fastjet contrib njettiness, vector."""

from __future__ import annotations

import awkward as ak
import fastjet
import numpy as np
import torch
import vector

from omnijet.data.observables import (
    four_vectors,
    invariant_mass,
    jet_observables,
    nsubjettiness,
    softdrop_mass,
)
from omnijet.data.preprocess import relative_constituents, scale, scaled_features, unscale
from tests.conftest import make_toy_batch


def _awkward(batch):
    a = batch.numpy()
    m = a["mask"]
    return ak.unflatten(
        ak.zip({k: v[m] for k, v in zip(("px", "py", "pz", "E"),
                                        four_vectors(a["pt"], a["eta"], a["phi"]), strict=True)},
               with_name="Momentum4D"),
        m.sum(1),
    )


def test_nsubjettiness_matches_fastjet_contrib():
    """Our plumbing (padding, masks, ratios) around contrib's one-pass and kT axes."""
    batch = make_toy_batch(200, 40, seed=1)
    batch.mask[0, 2:] = False  # a 2-constituent jet: tau2 = tau3 = 0
    obs = jet_observables(batch)
    cs = fastjet.ClusterSequence(_awkward(batch), fastjet.JetDefinition(fastjet.kt_algorithm, 1000.0))
    ref = ak.to_numpy(cs.njettiness(measure_definition="NormalizedMeasure",
                                    axes_definition="OnePass_KT_Axes", njets=[1, 2, 3],
                                    beta=1.0, R0=0.8))
    mine = np.stack([obs["tau1"], obs["tau2"], obs["tau3"]], axis=1)
    np.testing.assert_allclose(mine, ref, rtol=1e-6, atol=1e-12)
    assert mine[0, 1] == 0 and mine[0, 2] == 0
    np.testing.assert_allclose(obs["tau21"][1:], ref[1:, 1] / ref[1:, 0], rtol=1e-6)
    np.testing.assert_allclose(obs["tau32"][1:], ref[1:, 2] / ref[1:, 1], rtol=1e-6)
    kt = ak.to_numpy(cs.njettiness(measure_definition="NormalizedMeasure", axes_definition="KT_Axes",
                                   njets=[1, 2], beta=1.0, R0=0.8))
    a = batch.numpy()
    mine_kt = nsubjettiness(*four_vectors(a["pt"], a["eta"], a["phi"]), a["mask"], n_max=2, axes="kt")
    np.testing.assert_allclose(mine_kt, kt, rtol=1e-6, atol=1e-12)


def test_masses_and_multiplicity_match_vector():
    batch = make_toy_batch(100, 30, seed=2)
    obs = jet_observables(batch)
    a = batch.numpy()
    v = vector.array({"pt": a["pt"], "eta": a["eta"], "phi": a["phi"], "mass": np.zeros_like(a["pt"])})
    s = v[:, 0] * 0
    for i in range(v.shape[1]):
        s = s + v[:, i]  # padded entries have pT = 0: they add nothing
    np.testing.assert_allclose(obs["mass"], s.mass, rtol=1e-6)
    np.testing.assert_allclose(obs["pt"], s.pt, rtol=1e-6)
    np.testing.assert_allclose(obs["eta"], s.eta, rtol=1e-6, atol=1e-9)
    assert (obs["n"] == batch.multiplicity.numpy()).all()
    mjj = invariant_mass(tuple(x.sum(1) for x in four_vectors(a["pt"][:50], a["eta"][:50], a["phi"][:50])),
                         tuple(x.sum(1) for x in four_vectors(a["pt"][50:], a["eta"][50:], a["phi"][50:])))
    np.testing.assert_allclose(mjj, (s[:50] + s[50:]).mass, rtol=1e-6)


def test_softdrop_grooms_a_soft_wide_prong():
    # hard two-prong core (z = 0.4) + one soft wide particle (z ~ 0.005): soft drop removes it
    pt = np.array([[300.0, 200.0, 2.5]])
    eta = np.array([[0.0, 0.1, 0.6]])
    phi = np.array([[0.0, 0.05, -0.5]])
    mask = np.ones_like(pt, dtype=bool)
    p = four_vectors(pt, eta, phi)
    groomed = softdrop_mass(*p, mask)
    core = invariant_mass(*[tuple(x[:, i] for x in p) for i in (0, 1)])
    full = invariant_mass(*[tuple(x[:, i] for x in p) for i in (0, 1, 2)])
    np.testing.assert_allclose(groomed, core, rtol=1e-6)
    assert full[0] > core[0] * 1.05


def test_preprocessing_inverse_and_relative_coordinates():
    batch = make_toy_batch(32, 20)
    x = scaled_features(batch)
    back = unscale(x)
    m = batch.mask
    torch.testing.assert_close(back[m], batch.part[m], rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(scale(unscale(x))[m], x[m], rtol=1e-5, atol=1e-5)
    rng = np.random.default_rng(0)
    pt = rng.uniform(1, 10, (3, 5))
    jet_eta, jet_phi = np.array([0.5, -1.0, 2.0]), np.array([3.1, -3.1, 0.0])
    deta = rng.uniform(-0.7, 0.7, (3, 5))
    dphi = rng.uniform(-0.7, 0.7, (3, 5))
    eta = deta + jet_eta[:, None]
    phi = (dphi + jet_phi[:, None] + np.pi) % (2 * np.pi) - np.pi  # wrapped across +-pi
    got = relative_constituents(pt, eta, phi, np.ones((3, 5), bool), jet_eta, jet_phi)
    order = np.argsort(-pt, axis=1)
    np.testing.assert_allclose(got[1], np.take_along_axis(deta, order, 1), atol=1e-12)
    np.testing.assert_allclose(got[2], np.take_along_axis(dphi, order, 1), atol=1e-12)
