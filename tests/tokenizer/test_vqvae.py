import dataclasses

import pytest
import torch

from omnijet.data.batch import JetBatch
from omnijet.data.preprocess import scaled_features
from omnijet.errors import CheckpointError, ConfigError, DataError
from omnijet.tokenizer.base import load_tokenizer
from omnijet.tokenizer.vqvae import VQVAE, VQVAEConfig, VQVAETokenizer, recon_weights, vqvae_loss
from omnijet.train.loop import TrainConfig
from omnijet.train.tokenizer import reconstruction_metrics, train_tokenizer
from tests.conftest import make_toy_batch

TINY_TRAIN = TrainConfig(epochs=3, batch_size=32, lr=3e-3, patience=None, seed=0, device="auto", progress_bar=False)


def _tokenizer(arch: str = "conditional", seed: int = 0) -> VQVAETokenizer:
    torch.manual_seed(seed)
    model = VQVAE(VQVAEConfig.preset("tiny", arch=arch))
    b = make_toy_batch(32, seed=seed + 1)
    model.vq.init_codebook(model.encode_latent(torch.randn(32, 30, 3), b.mask).detach(), seed=0)
    return VQVAETokenizer(model)


def _pad(batch: JetBatch, extra: int, junk: float = 0.0) -> JetBatch:
    part = torch.nn.functional.pad(batch.part, (0, 0, 0, extra), value=junk)
    part[~torch.nn.functional.pad(batch.mask, (0, extra))] = junk  # junk in every padded slot
    return JetBatch(part, torch.nn.functional.pad(batch.mask, (0, extra)), batch.label)


@pytest.mark.parametrize("arch", ["conditional", "unconditional"])
def test_padding_never_changes_real_tokens(arch):
    tok = _tokenizer(arch)
    b = make_toy_batch(16, n_max=30, seed=3)
    t0, m0 = tok.encode(b)
    t1, m1 = tok.encode(_pad(b, 25, junk=7.0))  # more padding, with garbage in it
    assert torch.equal(m1[:, :30], m0) and not m1[:, 30:].any()
    assert torch.equal(t1[:, :30][m0], t0[m0])
    # a jet alone gives the same tokens as inside a batch (other jets never leak in)
    for i in (0, 5):
        ti, _ = tok.encode(b[[i]].truncate(30))
        n = int(b.mask[i].sum())
        assert torch.equal(ti[0, :n], t0[i, :n])


@pytest.mark.parametrize("arch", ["conditional", "unconditional"])
def test_only_conditional_latents_depend_on_the_jet(arch):
    model = _tokenizer(arch).model
    b = make_toy_batch(32, seed=4)
    x = scaled_features(b)
    x2 = x.clone()
    x2[:, 1:] *= 1.5  # change every constituent but the leading one
    z0, z1 = model.encoder(x, b.mask)[:, 0], model.encoder(x2, b.mask)[:, 0]
    assert torch.allclose(z0, z1) == (arch == "unconditional")


def test_short_training_lowers_reconstruction_error(tmp_path):
    data = make_toy_batch(256, seed=5)
    train, val = data.split([0.75, 0.25], seed=0)
    cfg = VQVAEConfig.preset("tiny")
    torch.manual_seed(0)
    init = VQVAETokenizer(VQVAE(cfg))
    init.model.vq.init_codebook(init.model.encode_latent(scaled_features(train), train.mask), seed=0)
    before = reconstruction_metrics(init, val)["mse"]
    res = train_tokenizer(train, val, tmp_path, cfg, dataclasses.replace(TINY_TRAIN, epochs=6))
    after = res.metrics["val"]["mse"]
    assert after < 0.7 * before, (before, after)
    assert (tmp_path / "best.pt").exists() and (tmp_path / "metrics.json").exists()
    assert (tmp_path / "loss.png").is_file()
    assert res.metrics["val"]["codebook_usage"] > 0.2


def test_save_load_round_trips_exactly(tmp_path):
    tok = _tokenizer("conditional", seed=7)
    b = make_toy_batch(20, seed=8)
    t, m = tok.encode(b)
    path = tok.save(tmp_path / "tok.pt", {"data": {"files": []}})
    tok2 = load_tokenizer(path, "cpu")
    t2, m2 = tok2.encode(b)
    assert torch.equal(t, t2) and torch.equal(m, m2)
    assert torch.equal(tok.decode(t, m), tok2.decode(t2, m2))
    assert tok2.codebook_size == tok.codebook_size


def test_decode_is_physical_and_zero_padded():
    tok = _tokenizer()
    b = make_toy_batch(10, seed=9)
    p = tok.decode(*tok.encode(b))
    assert p.shape == b.part.shape
    assert (p[~b.mask] == 0).all() and (p[b.mask][:, 0] > 0).all()


def test_bad_tokens_and_features():
    tok = _tokenizer()
    b = make_toy_batch(4, seed=10)
    t, m = tok.encode(b)
    t[0, 0] = tok.codebook_size
    with pytest.raises(DataError, match="out of range"):
        tok.decode(t, m)
    with pytest.raises(DataError, match=r"\(B, N\)"):
        tok.decode(t[0], m[0])


def test_bad_checkpoints(tmp_path):
    tok = _tokenizer()
    path = tok.save(tmp_path / "tok.pt")
    bad = tmp_path / "corrupt.pt"
    bad.write_bytes(path.read_bytes()[:100])
    with pytest.raises(CheckpointError, match="corrupt"):
        load_tokenizer(bad, "cpu")
    with pytest.raises(CheckpointError, match="not found"):
        load_tokenizer(tmp_path / "missing.pt", "cpu")
    state = torch.load(path, weights_only=False)
    state["config"]["dim"] = 2 * state["config"]["dim"]  # config no longer matches the weights
    torch.save(state, tmp_path / "mismatch.pt")
    with pytest.raises(CheckpointError, match="do not match"):
        load_tokenizer(tmp_path / "mismatch.pt", "cpu")
    with pytest.raises(CheckpointError, match="another config"):
        VQVAETokenizer.from_state(torch.load(path, weights_only=False), path,
                                  expected=VQVAEConfig.preset("small"))
    state["kind"] = "gpt"
    torch.save(state, tmp_path / "gpt.pt")
    with pytest.raises(CheckpointError, match="not a tokenizer"):
        load_tokenizer(tmp_path / "gpt.pt", "cpu")


def test_config_errors():
    with pytest.raises(ConfigError, match="preset"):
        VQVAEConfig.preset("huge")
    with pytest.raises(ConfigError, match="divisible"):
        VQVAEConfig(dim=10, n_heads=3)
    assert VQVAEConfig.preset("paper").codebook_size == 8192
    for bad in ({"pt_weight": 1.5}, {"pt_weight": -0.1}, {"angle_weight": 0.0}):
        with pytest.raises(ConfigError, match="pt_weight"):
            VQVAEConfig(**bad)


def test_reconstruction_weights_follow_the_pt_share():
    b = make_toy_batch(8, seed=13)
    n = b.mask.sum(1)
    for pw in (0.0, 0.5, 1.0):
        w, f = recon_weights(b, pw, 2.0)
        per_jet = torch.split(w, n.tolist())
        assert all(abs(float(x.mean()) - 1) < 1e-5 for x in per_jet)  # mean 1 in every jet
        torch.testing.assert_close(f, torch.tensor([0.6, 1.2, 1.2]))  # sums to 3, angles x2
    w, _ = recon_weights(b, 1.0, 1.0)
    pt = b.part[..., 0][b.mask]
    j0 = int(n[0])
    torch.testing.assert_close(w[:j0], j0 * pt[:j0] / pt[:j0].sum())  # proportional to pT
    assert torch.equal(recon_weights(b, 0.0, 1.0)[0], torch.ones(int(n.sum())))


def test_weighted_loss_is_the_plain_mse_by_default_and_weights_hard_constituents():
    torch.manual_seed(0)
    b = make_toy_batch(16, seed=14)
    plain = VQVAE(VQVAEConfig.preset("tiny", pt_weight=0.0)).train()
    _, m = vqvae_loss(plain, b, plain.cfg.alpha)
    assert m["rec_loss"] == pytest.approx(m["mse"], rel=1e-6)
    weighted = VQVAE(dataclasses.replace(plain.cfg, pt_weight=1.0))
    weighted.load_state_dict(plain.state_dict())
    recon, _, _ = weighted(scaled_features(b), b.mask)
    err = (recon - scaled_features(b)).square().mean(-1)[b.mask].detach()
    w, _ = recon_weights(b, 1.0, 1.0)
    _, m2 = vqvae_loss(weighted, b, weighted.cfg.alpha)
    assert m2["rec_loss"] == pytest.approx(float((w * err).sum() / w.sum()), rel=1e-4)
    assert m2["mse"] == pytest.approx(float(err.mean()), rel=1e-4)


def test_bf16_autocast_keeps_the_quantizer_in_fp32():
    model = VQVAE(VQVAEConfig.preset("tiny")).train()
    b = make_toy_batch(16, seed=11)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        z_e = model.encoder(scaled_features(b), b.mask)
        z_q, idx, info = model.vq(z_e[b.mask])
        loss, metrics = vqvae_loss(model, b, model.cfg.alpha)
    assert z_e.dtype == torch.bfloat16 and z_q.dtype == torch.float32
    assert info["loss"].dtype == torch.float32 and torch.isfinite(loss)
    loss.backward()
    assert torch.isfinite(model.vq.codebook.grad).all()


@pytest.mark.parametrize("make", ["vqvae", "binned"])
def test_wrong_feature_count_is_a_clear_error(make):
    from omnijet.tokenizer.binned import BinnedTokenizer

    b = make_toy_batch(4, seed=12)
    tok = _tokenizer() if make == "vqvae" else BinnedTokenizer.fit(b, 4)
    b.part = torch.zeros(4, b.n_max, 4)  # four features per constituent instead of three
    with pytest.raises(DataError, match=r"\(B, N, 3\)"):
        tok.encode(b)
