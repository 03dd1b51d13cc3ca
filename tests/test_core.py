"""Core pieces shared by every area: batch type, preprocessing, training loop, GPT model."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from omnijet.backbone.model import GPT, GPTConfig, next_token_loss, to_sequences
from omnijet.data.batch import JetBatch
from omnijet.data.preprocess import relative_constituents, scale, unscale, wrap_phi
from omnijet.errors import CheckpointError
from omnijet.train.loop import TrainConfig, fit, load_checkpoint
from tests.conftest import make_toy_batch


def test_scale_inverse_restores_inputs(toy_batch):
    back = unscale(scale(toy_batch.part))
    np.testing.assert_allclose(back.numpy(), toy_batch.part.numpy(), rtol=1e-5, atol=1e-6)


def test_relative_constituents_wraps_cuts_and_orders():
    pt = np.array([[10.0, 50.0, 5.0, 1.0]])
    eta = np.array([[0.1, 0.0, 1.5, 0.2]])
    phi = np.array([[3.1, -3.1, 3.0, 3.0]])  # straddles the +-pi boundary
    mask = np.ones_like(pt, bool)
    p, de, dp, m = relative_constituents(pt, eta, phi, mask, np.array([0.0]), np.array([3.14159]))
    assert m.tolist() == [[True, True, True]]  # the |deta| = 1.5 one is cut
    assert p.tolist() == [[50.0, 10.0, 1.0]]
    assert np.all(np.abs(dp) < 0.8)
    np.testing.assert_allclose(dp[0, 0], wrap_phi(-3.1 - 3.14159))


def test_batch_split_and_concat_keep_every_jet(toy_batch):
    parts = toy_batch.split([0.5, 0.25, 0.25], seed=1)
    assert sum(len(p) for p in parts) == len(toy_batch)
    merged = JetBatch.concat(parts)
    assert sorted(merged.jet["jet_pt"].tolist()) == sorted(toy_batch.jet["jet_pt"].tolist())


def test_kv_cache_logits_equal_full_recompute():
    torch.manual_seed(0)
    cfg = GPTConfig.preset("tiny", codebook_size=16)
    model = GPT(cfg).eval()
    tokens, mask = torch.randint(0, 16, (3, 7)), torch.ones(3, 7, dtype=torch.bool)
    seq = to_sequences(tokens, mask, cfg)
    full, _ = model(seq)
    a, kv = model(seq[:, :4])
    b, kv = model(seq[:, 4:5], kv)
    c, _ = model(seq[:, 5:], kv)
    torch.testing.assert_close(torch.cat([a, b, c], 1), full, atol=1e-5, rtol=1e-5)


def test_padding_does_not_change_masked_loss():
    torch.manual_seed(0)
    cfg = GPTConfig.preset("tiny", codebook_size=16)
    model = GPT(cfg).eval()
    tokens = torch.randint(0, 16, (2, 5))
    mask = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=torch.bool)
    short = to_sequences(tokens, mask, cfg)
    longer = to_sequences(torch.nn.functional.pad(tokens, (0, 6)), torch.nn.functional.pad(mask, (0, 6)), cfg)
    l1 = next_token_loss(model(short)[0], short, cfg)
    l2 = next_token_loss(model(longer)[0], longer, cfg)
    torch.testing.assert_close(l1, l2)
    assert not torch.isclose(l2, next_token_loss(model(longer)[0], longer, cfg, mask_padding=False))


def test_paper_backbone_size_matches_reference():
    n = GPT(GPTConfig.preset("paper", 8192)).n_params()
    assert 4.3e6 < n["backbone"] < 4.7e6 and n["embedding"] == 8195 * 256


def _regression_problem():
    torch.manual_seed(0)
    x = torch.randn(256, 4)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0])

    class DS:
        def __len__(self):
            return len(x)

        def __getitem__(self, i):
            return x[i], y[i]

    def loss_fn(model, batch):
        xb, yb = batch
        return torch.nn.functional.mse_loss(model(xb).squeeze(-1), yb), {}

    return DS(), loss_fn


def test_fit_learns_saves_best_and_resumes(tmp_path):
    ds, loss_fn = _regression_problem()
    to_dev = lambda b, d: (b[0].to(d), b[1].to(d))  # noqa: E731
    cfg = TrainConfig(epochs=3, batch_size=32, lr=3e-2, patience=None, seed=0, device="auto", progress_bar=False)
    model = torch.nn.Linear(4, 1)
    r1 = fit(model, ds, ds, loss_fn, cfg, tmp_path, to_device=to_dev, checkpoint_extra={"kind": "lin"},
             resume=True)
    assert r1.history[-1]["val_loss"] < r1.history[0]["val_loss"]
    assert load_checkpoint(r1.best_path, kind="lin")["val_loss"] == pytest.approx(r1.best_val_loss)
    # Ask for two more epochs: only epochs 3 and 4 run; the first three are not repeated.
    cfg5 = TrainConfig(epochs=5, batch_size=32, lr=3e-2, patience=None, seed=0, device="auto", progress_bar=False)
    r2 = fit(torch.nn.Linear(4, 1), ds, ds, loss_fn, cfg5, tmp_path, to_device=to_dev, resume=True)
    assert [h["epoch"] for h in r2.history] == [0, 1, 2, 3, 4]
    assert r2.history[:3] == r1.history
    assert math.isfinite(r2.best_val_loss) and r2.best_val_loss <= r1.best_val_loss


def test_early_stopping_counts_the_epochs_that_ran(tmp_path):
    ds, loss_fn = _regression_problem()
    to_dev = lambda b, d: (b[0].to(d), b[1].to(d))  # noqa: E731
    # lr 0: the validation loss never improves after the first epoch, so patience 1 stops after epoch 2
    cfg = TrainConfig(epochs=6, batch_size=32, lr=0.0, patience=1, seed=0, device="auto", progress_bar=False)
    r = fit(torch.nn.Linear(4, 1), ds, ds, loss_fn, cfg, tmp_path, to_device=to_dev, resume=True)
    assert r.stopped_early and len(r.history) == 2 and r.epochs_run == 2


def test_monitor_picks_the_best_epoch_by_the_named_metric(tmp_path):
    """A tokenizer's total loss can rise (its VQ regulariser) while its reconstruction improves:
    `monitor` chooses best.pt and patience by the named validation metric, not by the loss."""
    ds, mse_fn = _regression_problem()
    to_dev = lambda b, d: (b[0].to(d), b[1].to(d))  # noqa: E731
    evals = []

    def loss_fn(model, batch):
        loss, _ = mse_fn(model, batch)
        if model.training:
            return loss, {}
        evals.append(1)  # a validation loss that only rises, beside the real error
        return loss.detach() + len(evals), {"quality": float(loss)}

    cfg = TrainConfig(epochs=3, batch_size=512, lr=3e-2, patience=None, seed=0, device="cpu", progress_bar=False)
    by_loss = fit(torch.nn.Linear(4, 1), ds, ds, loss_fn, cfg, tmp_path / "a", to_device=to_dev, resume=False)
    by_quality = fit(torch.nn.Linear(4, 1), ds, ds, loss_fn, cfg, tmp_path / "b", to_device=to_dev,
                     resume=False, monitor="quality")
    assert by_loss.best_epoch == 0
    quality = [h["val_quality"] for h in by_quality.history]
    assert quality[-1] < quality[0] and by_quality.best_epoch == quality.index(min(quality)) > 0
    assert by_quality.best_val_loss == pytest.approx(min(quality))


def test_corrupt_or_wrong_checkpoint_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="corrupt"):
        load_checkpoint(bad)
    with pytest.raises(CheckpointError, match="not found"):
        load_checkpoint(tmp_path / "missing.pt")


def test_toy_batch_is_valid():
    b = make_toy_batch(10)
    assert b.mask.sum() > 0 and (b.part[..., 0][b.mask] > 0).all()


def test_boolean_mask_selects_rows_not_indices(toy_batch):
    from omnijet.tokenizer.tokens import TokenDataset

    keep = np.zeros(len(toy_batch), bool)
    keep[[3, 5, 7]] = True
    for as_tensor in (False, True):
        sel = torch.from_numpy(keep) if as_tensor else keep
        assert toy_batch[sel].jet["jet_pt"].tolist() == toy_batch.jet["jet_pt"][[3, 5, 7]].tolist()
    tokens = TokenDataset(torch.arange(10)[:, None].repeat(1, 4), torch.ones(10, 4, dtype=torch.bool),
                          torch.zeros(10, dtype=torch.long), codebook_size=16, meta={})
    mask = np.arange(10) % 4 == 1
    assert tokens[mask].tokens[:, 0].tolist() == [1, 5, 9]
