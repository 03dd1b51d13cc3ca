"""The tokenizer's jet-level loss term (omnijet/tokenizer/substructure.py)."""

import dataclasses
import math

import numpy as np
import pytest
import torch

from omnijet.data.batch import JetBatch
from omnijet.data.observables import jet_observables
from omnijet.data.preprocess import scaled_features, unscale
from omnijet.errors import ConfigError
from omnijet.tokenizer.substructure import fixed_axes, jet_mass, substructure_loss, tau
from omnijet.tokenizer.vqvae import VQVAE, VQVAEConfig, vqvae_loss
from tests.conftest import make_toy_batch


def _three_prongs() -> JetBatch:
    """One jet: three hard constituents (100, 80, 60 GeV) at the corners of a triangle, each
    with a 5 GeV neighbour 0.02 rad away, and padding."""
    hard = [(100.0, 0.0, 0.0), (80.0, 0.4, 0.0), (60.0, 0.0, 0.3)]
    soft = [(5.0, e + 0.02, p) for _, e, p in hard]
    part = torch.tensor([hard + soft + [(0.0, 0.0, 0.0)] * 2])
    return JetBatch(part, part[..., 0] > 0, torch.zeros(1, dtype=torch.long))


def test_axes_are_the_hardest_then_the_farthest_weighted_constituents():
    b = _three_prongs()
    pt, ang = b.part[..., 0], b.part[..., 1:]
    axes = fixed_axes(pt, ang, b.mask, 3)
    torch.testing.assert_close(axes[0], torch.tensor([[0.0, 0.0], [0.4, 0.0], [0.0, 0.3]]))
    # pT x distance picks the 80 GeV prong at 0.4 (32) before the 60 GeV one at 0.3 (18)
    torch.testing.assert_close(fixed_axes(pt, ang, b.mask, 2)[0], axes[0, :2])


def test_tau_against_fixed_axes_by_hand():
    b = _three_prongs()
    pt, ang = b.part[..., 0], b.part[..., 1:]
    total = 100 + 80 + 60 + 15
    t3 = tau(pt, ang, fixed_axes(pt, ang, b.mask, 3))
    assert float(t3) == pytest.approx(3 * 5 * 0.02 / total, abs=1e-5)  # only the neighbours
    t1 = tau(pt, ang, fixed_axes(pt, ang, b.mask, 1))
    by_hand = (80 * 0.4 + 60 * 0.3 + 5 * 0.02 + 5 * 0.42 + 5 * math.hypot(0.02, 0.3)) / total
    assert float(t1) == pytest.approx(by_hand, abs=1e-5)


def test_jet_mass_is_the_observables_mass():
    b = make_toy_batch(40, seed=3)
    m = jet_mass(b.part[..., 0] * b.mask, b.part[..., 1:]).numpy()
    np.testing.assert_allclose(m, jet_observables(b)["mass"], rtol=1e-3)


def test_loss_is_zero_for_a_perfect_reconstruction_and_finite_for_tiny_jets():
    b = make_toy_batch(16, seed=4)
    x = scaled_features(b)
    assert float(substructure_loss(x, x, b.mask, "original")) == 0.0
    one = JetBatch(b.part[:, :1].clone(), b.mask[:, :1].clone(), b.label)  # tau_N = 0: no term
    rec = (scaled_features(one) + 0.1).requires_grad_()
    loss = substructure_loss(scaled_features(one), rec, one.mask, "original")
    loss.backward()
    assert loss.isfinite() and rec.grad.isfinite().all()


def test_padding_does_not_enter_the_loss():
    b = make_toy_batch(16, seed=5)
    x = scaled_features(b)
    rec = x + 0.05 * torch.randn(x.shape, generator=torch.Generator().manual_seed(0))
    junk = torch.where(b.mask[..., None], rec, torch.full_like(rec, 7.0))
    clean = rec * b.mask[..., None]
    assert float(substructure_loss(x, junk, b.mask, "original")) == pytest.approx(
        float(substructure_loss(x, clean, b.mask, "original")))


def _median_bias(truth: JetBatch, reco: JetBatch, key: str) -> float:
    t, r = jet_observables(truth)[key], jet_observables(reco)[key]
    return float(np.median((r - t) / t))


def _prongy_jets(n_jets: int, seed: int) -> JetBatch:
    """Top-like jets: 3 prongs 0.2-0.5 rad apart, 8 constituents each, 0.02 rad wide."""
    g = torch.Generator().manual_seed(seed)
    centre = 0.35 * (torch.rand(n_jets, 3, 1, 2, generator=g) - 0.5) * 2
    ang = (centre + 0.02 * torch.randn(n_jets, 3, 8, 2, generator=g)).reshape(n_jets, 24, 2)
    pt = 100 * torch.rand(n_jets, 3, 1, generator=g) * torch.rand(n_jets, 3, 8, generator=g) + 1
    part = torch.cat([pt.reshape(n_jets, 24, 1), ang], -1)
    return JetBatch(part, torch.ones(n_jets, 24, dtype=torch.bool), torch.zeros(n_jets, dtype=torch.long))


def test_descending_the_loss_undoes_the_tau_rise_of_angular_noise():
    """Noise on the angles raises tau21 and tau32 as fastjet measures them (the tokens' bias);
    gradient steps on the noisy constituents with this loss bring them back toward the truth."""
    g = torch.Generator().manual_seed(1)
    b = _prongy_jets(64, seed=6)
    x = scaled_features(b)
    noisy = x.clone()
    noisy[..., 1:] += 0.15 * torch.randn(x[..., 1:].shape, generator=g)  # 0.05 rad
    noisy = (noisy * b.mask[..., None]).requires_grad_()
    as_jets = lambda z: JetBatch(unscale(z.detach()) * b.mask[..., None], b.mask, b.label)  # noqa: E731
    before = {k: _median_bias(b, as_jets(noisy), k) for k in ("tau21", "tau32")}
    opt = torch.optim.Adam([noisy], lr=0.01)
    for _ in range(60):
        opt.zero_grad()
        substructure_loss(x, noisy, b.mask, "original").backward()
        opt.step()
    after = {k: _median_bias(b, as_jets(noisy), k) for k in ("tau21", "tau32")}
    assert all(abs(after[k]) < 0.5 * abs(before[k]) for k in before), (before, after)


def test_vqvae_loss_adds_the_weighted_term():
    torch.manual_seed(0)
    b = make_toy_batch(16, seed=7)
    plain = VQVAE(VQVAEConfig.preset("tiny")).eval()
    with_sub = VQVAE(dataclasses.replace(plain.cfg, substructure_weight=2.0)).eval()
    with_sub.load_state_dict(plain.state_dict())
    loss0, m0 = vqvae_loss(plain, b, plain.cfg.alpha)
    loss2, m2 = vqvae_loss(with_sub, b, with_sub.cfg.alpha)
    assert "sub_loss" not in m0 and m2["sub_loss"] > 0
    assert float(loss2 - loss0) == pytest.approx(2.0 * m2["sub_loss"], rel=1e-4)
    with pytest.raises(ConfigError, match="substructure_weight"):
        VQVAEConfig(substructure_weight=-1.0)



def test_warmup_leaves_the_term_out_of_the_first_training_batches_only():
    torch.manual_seed(0)
    b = make_toy_batch(16, seed=8)
    cfg = dataclasses.replace(VQVAEConfig.preset("tiny"), substructure_weight=3.0,
                              substructure_warmup=2)
    model = VQVAE(cfg).train()
    seen = [("sub_loss" in vqvae_loss(model, b, cfg.alpha)[1]) for _ in range(3)]
    assert seen == [False, False, True]  # batches 1 and 2 are the warm-up
    model.eval()
    loss, m = vqvae_loss(model, b, cfg.alpha)
    assert m["sub_loss"] > 0  # validation always measures the full loss
    rest = float(loss) - m["rec_loss"] - cfg.alpha * m["vq_loss"]
    assert rest == pytest.approx(3.0 * m["sub_loss"], rel=1e-4)
    with pytest.raises(ConfigError, match="substructure_warmup"):
        VQVAEConfig(substructure_warmup=-1)


def test_axes_from_the_reconstruction_follow_a_shifted_jet():
    """A reconstruction shifted as a whole in eta and phi (a boost and a rotation: same mass,
    same tau_N about its own axes) costs nothing with its own axes, and does with the
    original's."""
    b = _prongy_jets(8, seed=10)
    x = scaled_features(b)
    rec = x.clone()
    rec[..., 1:] += scaled_features(JetBatch(torch.tensor([[[1.0, 0.05, -0.03]]]), b.mask[:1, :1],
                                             b.label[:1]))[0, 0, 1:]
    assert float(substructure_loss(x, rec, b.mask, "reconstruction")) == pytest.approx(0.0, abs=1e-8)
    assert float(substructure_loss(x, rec, b.mask, "original")) > 0.01
    with pytest.raises(ConfigError, match="substructure_axes"):
        VQVAEConfig(substructure_axes="fastjet")  # type: ignore[arg-type]


def test_matched_axes_move_with_their_constituents():
    """Moving only the axis constituents of the 3-prong jet: against the original's axes tau_3
    rises (each prong's neighbour and its hard constituent are now apart from the axis), with
    matched axes only the neighbours' distances count."""
    b = _three_prongs()
    x = scaled_features(b)
    rec = x.clone()
    rec[0, :3, 1:] += 3 * 0.02  # the three hard constituents by 0.02 rad in eta and phi
    hard_moved = JetBatch(unscale(rec) * b.mask[..., None], b.mask, b.label)
    pt, ang = hard_moved.part[..., 0], hard_moved.part[..., 1:]
    matched = tau(pt, ang, ang[:, :3])
    assert float(substructure_loss(x, rec, b.mask, "matched")) < float(
        substructure_loss(x, rec, b.mask, "original"))
    assert float(matched) == pytest.approx(3 * 5 * math.hypot(0.0, 0.02) / 255, rel=1e-3)
