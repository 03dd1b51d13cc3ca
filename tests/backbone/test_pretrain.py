"""Pretraining: masked loss, learning, checkpoints (kind, config, vocab) and bad input."""

from __future__ import annotations

import pytest
import torch

from omnijet.backbone.checkpoint import check_vocab, load_gpt, load_gpt_state
from omnijet.backbone.model import GPT, GPTConfig
from omnijet.config import PretrainConfig
from omnijet.errors import CheckpointError, DataError
from omnijet.train.loop import TrainConfig
from omnijet.train.pretrain import SequenceData, make_loss_fn, pretrain, run_pretrain
from tests.backbone.conftest import make_token_data

K = 16
CFG = GPTConfig.preset("tiny", codebook_size=K)


def _quick(epochs: int = 4) -> TrainConfig:
    return TrainConfig(epochs=epochs, batch_size=32, lr=3e-3, patience=None, seed=0, device="auto",
                       progress_bar=False)


def test_padding_positions_do_not_change_the_loss():
    data = make_token_data(8, n_max=6)
    torch.manual_seed(0)
    model = GPT(CFG).eval()
    loss_fn = make_loss_fn(CFG)
    trimmed = SequenceData(data, CFG)[torch.arange(8)]
    padded_data = make_token_data(8, n_max=6)
    padded_data.tokens = torch.nn.functional.pad(padded_data.tokens, (0, 9), value=7)
    padded_data.mask = torch.nn.functional.pad(padded_data.mask, (0, 9))
    seq = SequenceData(padded_data, CFG)[torch.arange(8)].seq
    wide = type(trimmed)(torch.nn.functional.pad(seq, (0, 5), value=CFG.pad))
    assert wide.seq.shape[1] > trimmed.seq.shape[1]
    l1, _ = loss_fn(model, trimmed)
    l2, _ = loss_fn(model, wide)
    torch.testing.assert_close(l1, l2)
    l3, _ = make_loss_fn(CFG, mask_padding=False)(model, wide)
    assert not torch.isclose(l2, l3)


def test_batches_are_trimmed_to_their_longest_jet():
    data = make_token_data(16, n_max=12)
    data.mask[:4] = False
    data.mask[:4, :3] = True
    b = SequenceData(data, CFG)[torch.arange(4)]
    assert b.seq.shape == (4, 3 + 2)


def test_short_pretraining_lowers_val_loss_and_writes_a_gpt_checkpoint(tmp_path):
    train, val = make_token_data(384, seed=0), make_token_data(96, seed=1)
    res = pretrain(train, val, tmp_path, CFG, _quick(), tokenizer_path="tok.pt")
    losses = [h["val_loss"] for h in res.history]
    assert losses[-1] < losses[0] - 0.2, losses
    model, state = load_gpt_state(res.best_path)
    assert state["kind"] == "gpt" and state["tokenizer"] == "tok.pt"
    assert state["data"]["train"]["n_jets"] == 384 and set(state["data"]["label_counts"]) == {0, 1}
    assert model.cfg == CFG and not model.training
    assert (tmp_path / "metrics.json").is_file() and (tmp_path / "history.json").is_file()
    assert (tmp_path / "loss.png").stat().st_size > 10_000  # the two loss curves, to be looked at


def test_run_pretrain_holds_out_validation_and_resumes(tmp_path):
    path = make_token_data(200).save(tmp_path / "train.pt")
    r1 = run_pretrain(PretrainConfig(tokens=path, out=tmp_path / "gpt", preset="tiny", epochs=1,
                                    batch_size=64, patience=None), progress_bar=False)
    assert r1.epochs_run == 1
    last = tmp_path / "gpt" / "last.pt"
    state = torch.load(last, weights_only=False)
    state["history"][0]["elapsed_s"] = 1000.0  # as if the first segment had taken 1000 s
    torch.save(state, last)
    r2 = run_pretrain(PretrainConfig(tokens=path, out=tmp_path / "gpt", preset="tiny", epochs=2,
                                    batch_size=64, patience=None), progress_bar=False)
    assert [h["epoch"] for h in r2.history] == [0, 1]
    assert r2.history[0] == {**r1.history[0], "elapsed_s": 1000.0}
    # the resumed segment's clock goes on from the first's: the wall time counts both
    assert 1000 < r2.history[1]["elapsed_s"] <= r2.wall_s < 1100
    assert load_gpt(r2.best_path, device="cpu").cfg.codebook_size == K


def test_vocab_mismatch_and_corrupt_checkpoints_are_clear_errors(tmp_path):
    res = pretrain(make_token_data(64), make_token_data(32, seed=1), tmp_path, CFG, _quick(1))
    model = load_gpt(res.best_path, device="cpu")

    class Tok:
        codebook_size = 32

    with pytest.raises(CheckpointError, match="16 codes .* codebook of 32"):
        check_vocab(model.cfg, Tok())
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"\x00garbage")
    with pytest.raises(CheckpointError, match="corrupt"):
        load_gpt(bad)
    state = torch.load(res.best_path, weights_only=False)
    state["config"]["dim"] = 64  # weights no longer fit the config
    torch.save(state, tmp_path / "mismatch.pt")
    with pytest.raises(CheckpointError, match="do not match"):
        load_gpt(tmp_path / "mismatch.pt")
    state["kind"] = "vqvae"
    torch.save(state, tmp_path / "other.pt")
    with pytest.raises(CheckpointError, match="expected 'gpt'"):
        load_gpt(tmp_path / "other.pt")


def test_tokens_of_another_codebook_are_rejected(tmp_path):
    with pytest.raises(DataError, match="codebook of 32"):
        pretrain(make_token_data(32, k=32), make_token_data(16), tmp_path, CFG, _quick(1))
