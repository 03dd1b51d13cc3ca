"""The hybrid backbone on the constituents' own features (input_mode "features",
arXiv:2512.04149): token files that keep the features beside the codes (in memory and mapped),
pretraining and fine-tuning that read them, generation through each code's mean features."""

from __future__ import annotations

import pytest
import torch

from omnijet.backbone.checkpoint import load_gpt_state
from omnijet.backbone.generate import sample
from omnijet.backbone.hybrid import feature_table
from omnijet.backbone.model import GPTConfig
from omnijet.data.preprocess import scaled_features
from omnijet.errors import DataError
from omnijet.tokenizer.tokens import (
    MappedTokenAppender,
    MappedTokenDataset,
    TokenDataset,
    load_tokens,
)
from omnijet.train.loop import TrainConfig
from omnijet.train.pretrain import SequenceData, pretrain
from tests.conftest import make_toy_batch


@pytest.fixture(scope="module")
def tokenized(tmp_path_factory):
    """A binned tokenizer fitted on toy jets, and those jets tokenized with their features."""
    from omnijet.data.jetclass import write_jetclass
    from omnijet.tokenizer.api import tokenize_file
    from omnijet.train.tokenizer import fit_binned

    d = tmp_path_factory.mktemp("features")
    jets = make_toy_batch(400, n_max=12, seed=0)
    write_jetclass(d / "j.root", jets, {"toy": True})
    tok = fit_binned(*jets.split([0.7, 0.3], seed=0), d / "tok", bins=4).best_path
    whole = tokenize_file(tok, d / "j.root", d / "w.pt", device="cpu", step_size=150, features=True)
    mapped = tokenize_file(tok, d / "j.root", d / "m.pt", device="cpu", step_size=150, features=True, mapped=True)
    plain = tokenize_file(tok, d / "j.root", d / "p.pt", device="cpu", step_size=150)
    return jets, TokenDataset.load(whole), load_tokens(mapped), TokenDataset.load(plain)


def test_token_files_keep_the_constituents_preprocessed_features(tokenized):
    jets, whole, mapped, plain = tokenized
    n = whole.n_max
    assert whole.has_features and not plain.has_features and torch.equal(whole.tokens, plain.tokens)
    torch.testing.assert_close(whole.features, scaled_features(jets).float()[:, :n])
    assert isinstance(mapped, MappedTokenDataset) and mapped.has_features and mapped.n_max == 128
    b = mapped[slice(None)]
    torch.testing.assert_close(b.features[:, :n], whole.features)
    assert not b.features[:, n:].any()  # padding slots hold zeros
    part = mapped.split([0.5], seed=3)[0][slice(0, 7)]  # index views carry them too
    assert part.features.shape == (7, 128, 3)
    assert mapped.digest() == b.digest() != TokenDataset(b.tokens, b.mask, b.label, b.codebook_size).digest()


def test_malformed_features_are_one_clear_error(tmp_path):
    t = torch.zeros(4, 5, dtype=torch.long)
    m = torch.ones(4, 5, dtype=torch.bool)
    with pytest.raises(DataError, match=r"features \(4, 5, 2\) must be \(4, 5, 3\)"):
        TokenDataset(t, m, torch.zeros(4, dtype=torch.long), 8, features=torch.zeros(4, 5, 2))
    with pytest.raises(DataError, match="non-finite"):
        TokenDataset(t, m, torch.zeros(4, dtype=torch.long), 8, features=torch.full((4, 5, 3), float("nan")))
    w = MappedTokenAppender(tmp_path / "x.pt", 8, 8, features=True)
    with pytest.raises(DataError, match="written with features"):
        w.append(t, m, torch.zeros(4, dtype=torch.long))
    w.abort()


def _gpt_cfg(k: int) -> GPTConfig:
    return GPTConfig.preset("tiny", codebook_size=k).with_(input_mode="features", objective="joint")


def test_pretraining_reads_the_features_and_generation_feeds_back_code_means(tmp_path, tokenized):
    _, whole, mapped, plain = tokenized
    cfg = _gpt_cfg(whole.codebook_size)
    batch = SequenceData(whole, cfg)[torch.arange(3)]
    assert batch.feats.shape == (*batch.seq.shape, 3) and not batch.feats[:, 0].any()  # START
    quick = TrainConfig(epochs=6, batch_size=32, lr=3e-3, patience=None, seed=0, device="cpu", progress_bar=False)
    train, val = mapped.split([0.8, 0.2], seed=0)
    res = pretrain(train, val, tmp_path / "gpt", cfg, quick)
    losses = [h["val_loss"] for h in res.history]
    assert losses[-1] < losses[0] - 0.2, losses
    model, state = load_gpt_state(res.best_path)
    assert model.cfg.input_mode == "features" and state["feature_table"]["codes_seen"] > 0
    table, _ = feature_table(None, train)  # each code's mean features over the training jets
    torch.testing.assert_close(model.backbone.embed.code_features, table)
    b = whole[slice(0, 4)]
    seq = SequenceData(whole, cfg)[torch.arange(4)]
    with torch.no_grad():  # the constituents' own features are read, not the code means
        own, _ = model(seq.seq, feats=seq.feats)
        means, _ = model(seq.seq)
    assert not torch.allclose(own, means)
    assert b.features.abs().sum() > 0
    tokens, mask = sample(model, n_jets=6, batch_size=3, seed=1, max_len=14)  # no features needed
    assert mask.any(1).all() and (tokens[mask] < whole.codebook_size).all()
    with pytest.raises(DataError, match="hold no constituent features"):
        pretrain(plain, plain, tmp_path / "bad", cfg, quick)


def test_fine_tuning_reads_the_features_and_refuses_tokens_without_them(tmp_path, tokenized):
    from omnijet.transfer.classifier import build_classifier
    from omnijet.transfer.finetune import FinetuneConfig, finetune

    _, whole, _, plain = tokenized
    cfg = _gpt_cfg(whole.codebook_size)
    train, val, test = whole.split([0.5, 0.25, 0.25], seed=0)
    gpt = pretrain(train, val, tmp_path / "gpt", cfg, TrainConfig(epochs=1, batch_size=32, lr=3e-3, patience=None,
                                                                 seed=0, device="cpu", progress_bar=False))
    model, _ = load_gpt_state(gpt.best_path)
    fast = FinetuneConfig(epochs=2, batch_size=32, patience=2, min_epoch_jets=64, device="cpu")
    res = finetune(train, val, test, "finetune", tmp_path / "ft", pretrained=model, cfg=fast)
    assert 0 <= res["accuracy"] <= 1
    tuned = build_classifier("finetune", model.cfg, model, seed=0)
    b = test[slice(0, 4)]
    shifted = b.features.clone()
    shifted[..., 0] += 0.5  # harder constituents, same codes
    with torch.no_grad():
        assert not torch.allclose(tuned(b.tokens, b.mask, b.features), tuned(b.tokens, b.mask, shifted))
    ptrain, pval, ptest = plain.split([0.5, 0.25, 0.25], seed=0)
    with pytest.raises(DataError, match="train tokens hold no constituent features"):
        finetune(ptrain, pval, ptest, "finetune", tmp_path / "ft2", pretrained=model, cfg=fast)


def test_code_mean_fraction_feeds_training_jets_their_codes_means(tokenized):
    """Generation has only the sampled codes' mean features: with code_mean_fraction that share
    of the training jets sees them too; validation keeps the jets' own features."""
    from omnijet.backbone.model import GPT
    from omnijet.train.pretrain import with_code_means

    _, whole, _, _ = tokenized
    cfg = _gpt_cfg(whole.codebook_size)
    model = GPT(cfg)
    table, _ = feature_table(None, whole)
    model.backbone.embed.code_features.copy_(table)
    batch = SequenceData(whole, cfg)[torch.arange(64)]
    seen = []
    fn = with_code_means(lambda m, b: seen.append(b.feats) or (torch.zeros(()), {}), 0.5)
    torch.manual_seed(0)
    fn(model, batch)
    code = batch.seq < cfg.codebook_size
    means = table[batch.seq.clamp(max=cfg.codebook_size - 1)] * code[..., None]
    swapped = [torch.equal(seen[0][i], means[i]) for i in range(64)]
    kept = [torch.equal(seen[0][i], batch.feats[i]) for i in range(64)]
    assert all(a != b for a, b in zip(swapped, kept, strict=True))  # each jet one or the other
    assert 15 < sum(swapped) < 49  # about half
    with torch.no_grad():
        fn(model, batch)
    assert torch.equal(seen[1], batch.feats)  # validation: the jets' own features


def test_a_code_embedding_adds_the_codes_identity_to_the_features(tmp_path, tokenized):
    """code_embedding: two jets with the same features but other codes get other inputs; the
    model trains, saves, loads and generates as before; token inputs refuse it."""
    from omnijet.errors import ConfigError

    _, whole, _, _ = tokenized
    cfg = _gpt_cfg(whole.codebook_size).with_(objective="next-token", code_embedding=True)
    train, val = whole.split([0.8, 0.2], seed=0)
    res = pretrain(train, val, tmp_path / "gpt", cfg, TrainConfig(epochs=2, batch_size=32, lr=3e-3, patience=None,
                                                                  seed=0, device="cpu", progress_bar=False))
    model, _ = load_gpt_state(res.best_path)
    assert model.cfg.code_embedding and model.backbone.embed.codes is not None
    idx = torch.tensor([[0, 1]])
    feats = torch.zeros(1, 2, 3)
    with torch.no_grad():
        x = model.backbone.inputs(idx, feats)
    assert not torch.allclose(x[0, 0], x[0, 1])  # same features, other codes
    tokens, mask = sample(model, n_jets=4, batch_size=2, seed=1, max_len=14)
    assert mask.any(1).all() and (tokens[mask] < whole.codebook_size).all()
    with pytest.raises(ConfigError, match="token inputs have one already"):
        GPTConfig.preset("tiny", codebook_size=8).with_(code_embedding=True)
