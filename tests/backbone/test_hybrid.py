"""The hybrid backbone: continuous inputs, masked-particle / joint objectives, generation,
fine-tuning from a hybrid checkpoint, and old checkpoints (omnijet/backbone/hybrid.py,
omnijet/train/objectives.py)."""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pytest
import torch

from omnijet.backbone.checkpoint import load_gpt_state
from omnijet.backbone.generate import generate_file, sample, sample_sequences
from omnijet.backbone.hybrid import ContinuousEmbedding, feature_table, masked_logits
from omnijet.backbone.model import GPT, GPTConfig
from omnijet.checkpoint_io import save_checkpoint
from omnijet.config import GenerateJetsConfig, PretrainConfig
from omnijet.data.preprocess import scale
from omnijet.errors import CheckpointError, ConfigError
from omnijet.tokenizer.binned import BinnedTokenizer
from omnijet.train.loop import TrainConfig
from omnijet.train.objectives import choose_masked, make_objective_loss, masked_inputs
from omnijet.train.pretrain import SequenceData, make_loss_fn, pretrain, run_pretrain
from tests.backbone.conftest import make_token_data

K = 27  # a binned tokenizer of 3 bins per feature: a real tokenizer, made in no time
BASE = GPTConfig.preset("tiny", codebook_size=K)


def _tokenizer(tmp_path=None) -> BinnedTokenizer:
    tok = BinnedTokenizer(3, torch.tensor([-1.0, -2.0, -2.0]), torch.tensor([4.0, 2.0, 2.0]))
    if tmp_path is not None:
        tok.save(tmp_path / "tok.pt")
    return tok


def _model(objective="joint", input_mode="continuous", seed=0) -> GPT:
    torch.manual_seed(seed)
    model = GPT(BASE.with_(input_mode=input_mode, objective=objective))
    if input_mode == "continuous":
        table, _ = feature_table(_tokenizer(), make_token_data(64, k=K))
        model.backbone.embed.code_features.copy_(table)
    return model.eval()


def test_choose_masked_takes_the_fraction_of_each_jet_and_only_real_particles():
    valid = torch.arange(10)[None, :] < torch.tensor([[1], [4], [10]])
    m = choose_masked(valid, 0.4)
    assert m.sum(1).tolist() == [1, 2, 4]  # round(0.4 n), at least one
    assert not (m & ~valid).any()
    g1, g2 = (torch.Generator().manual_seed(5) for _ in range(2))
    assert torch.equal(choose_masked(valid, 0.4, g1), choose_masked(valid, 0.4, g2))


def test_feature_table_is_the_binned_tokenizers_decoding_seen_or_not():
    tok, data = _tokenizer(), make_token_data(40, k=K)
    table, info = feature_table(tok, data)
    expect = scale(tok.decode(torch.arange(K)[:, None], torch.ones(K, 1, dtype=torch.bool)))[:, 0]
    torch.testing.assert_close(table, expect)
    assert info["codes"] == K and 0 < info["codes_seen"] <= K


def test_continuous_embedding_reads_the_code_features():
    model = _model("next-token")
    emb = model.backbone.embed
    assert isinstance(emb, ContinuousEmbedding) and not hasattr(emb, "weight")
    idx = torch.tensor([[BASE.start, 3, 5, BASE.stop, BASE.pad]])
    before = emb(idx)
    with torch.no_grad():
        emb.code_features[5] += 1.0
    after = emb(idx)
    changed = (after - before).abs().sum(-1)[0]
    assert changed[2] > 0 and torch.all(changed[[0, 1, 3, 4]] == 0)


def test_masked_pass_is_bidirectional_and_ignores_padding():
    model = _model("masked")
    inp = torch.tensor([[BASE.start, 1, 2, 3, 4, BASE.pad, BASE.pad]])
    masked = torch.zeros_like(inp, dtype=torch.bool)
    masked[0, 1] = True  # the hardest particle
    logits = masked_logits(model, inp, masked)
    assert logits.shape == (1, K)
    later = inp.clone()
    later[0, 4] = 9  # a softer particle changes the masked one's prediction: bidirectional
    assert not torch.allclose(masked_logits(model, later, masked), logits)
    padded = inp.clone()
    padded[0, 5:] = BASE.pad
    wider = torch.cat([padded, torch.full((1, 3), BASE.pad)], 1)
    m2 = torch.cat([masked, torch.zeros(1, 3, dtype=torch.bool)], 1)
    torch.testing.assert_close(masked_logits(model, wider, m2), logits)


@pytest.mark.parametrize("objective", ["masked", "joint"])
def test_objective_loss_reports_its_parts(objective):
    model = _model(objective)
    data = make_token_data(16, k=K)
    batch = SequenceData(data, model.cfg)[torch.arange(16)]
    loss_fn = make_objective_loss(model.cfg, make_loss_fn(model.cfg), 0.4, 2.0)
    with torch.no_grad():
        loss, metrics = loss_fn(model, batch)
        again, _ = loss_fn(model, batch)
    assert "mpm_loss" in metrics and 0 <= metrics["mpm_acc"] <= 1
    if objective == "joint":
        torch.testing.assert_close(float(loss), metrics["ntp_loss"] + 2.0 * metrics["mpm_loss"],
                                   rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(loss, again)  # without gradients (validation) the masks are fixed
    assert masked_inputs(batch.seq, model.cfg).eq(model.cfg.stop).sum() == 0


def _quick(epochs: int = 4) -> TrainConfig:
    return TrainConfig(epochs=epochs, batch_size=32, lr=3e-3, patience=None, seed=0, device="auto",
                       progress_bar=False)


@pytest.mark.parametrize("input_mode, objective", [
    ("continuous", "next-token"), ("continuous", "masked"), ("continuous", "joint"),
    ("tokens", "joint")])
def test_tiny_pretraining_lowers_the_loss_of_each_objective(tmp_path, input_mode, objective):
    tok_path = _tokenizer(tmp_path) and tmp_path / "tok.pt"
    train, val = make_token_data(384, k=K, seed=0), make_token_data(96, k=K, seed=1)
    cfg = BASE.with_(input_mode=input_mode, objective=objective)
    epochs = 4 if objective == "next-token" else 10  # ~0.1 s an epoch
    res = pretrain(train, val, tmp_path / "run", cfg, _quick(epochs), tokenizer_path=tok_path)
    losses = [h["val_loss"] for h in res.history]
    assert losses[-1] < losses[0] - 0.2, losses
    if objective != "next-token":
        mpm = [h["val_mpm_loss"] for h in res.history]
        assert mpm[-1] < mpm[0] - 0.2, mpm
    model, state = load_gpt_state(res.best_path)
    assert model.cfg == cfg  # the checkpoint records the mode and the objective
    assert state["config"]["input_mode"] == input_mode
    assert state["config"]["objective"] == objective
    if objective != "next-token":
        assert state["objective"]["mask_fraction"] == 0.4
    if input_mode == "continuous":
        assert state["feature_table"]["tokenizer"] == str(tok_path)
        assert model.backbone.embed.code_features.abs().sum() > 0


def test_continuous_pretraining_without_a_tokenizer_is_one_clear_error(tmp_path):
    path = make_token_data(40, k=K).save(tmp_path / "t.pt")
    cfg = PretrainConfig(tokens=path, out=tmp_path / "run", preset="tiny", epochs=1,
                         input_mode="continuous")
    with pytest.raises(ConfigError, match="continuous inputs need the tokenizer"):
        run_pretrain(cfg, progress_bar=False)


def test_old_checkpoints_load_as_the_papers_gpt(tmp_path):
    torch.manual_seed(0)
    model = GPT(BASE)
    old = {k: v for k, v in asdict(BASE).items() if k not in ("input_mode", "objective")}
    path = save_checkpoint(tmp_path / "old.pt", model, {"kind": "gpt", "config": old})
    loaded, _ = load_gpt_state(path)
    assert loaded.cfg == BASE and loaded.cfg.input_mode == "tokens"
    assert loaded.mpm is None and set(loaded.state_dict()) == set(model.state_dict())
    assert "backbone.embed.weight" in loaded.state_dict()
    bad = save_checkpoint(tmp_path / "bad.pt", model,
                          {"kind": "gpt", "config": {**old, "objective": "telepathy"}})
    with pytest.raises(CheckpointError, match="objective must be one of"):
        load_gpt_state(bad)


def test_hybrid_generation_is_exact_with_the_cache_and_decodes_to_jets(tmp_path):
    model = _model("joint")
    with torch.no_grad():
        model.head.bias[model.cfg.stop] += 2.0  # short jets keep the test fast
    kw = dict(n_jets=12, batch_size=5, seed=2, max_len=30)
    cached = sample_sequences(model, use_cache=True, **kw)
    assert torch.equal(cached, sample_sequences(model, use_cache=False, **kw))
    tokens, mask = sample(model, **kw)
    assert mask.any(1).all() and (tokens[mask] < K).all()
    gpt = save_checkpoint(tmp_path / "gpt.pt", model, {
        "kind": "gpt", "config": model.cfg.to_dict(), "tokenizer": str(tmp_path / "tok.pt")})
    _tokenizer(tmp_path)
    out = generate_file(GenerateJetsConfig(gpt=gpt, n_generate=10, out=tmp_path / "gen.root", batch_size=5, seed=1))
    from omnijet.data.jetclass import read_jetclass

    jets = read_jetclass(out)
    assert len(jets) == 10 and torch.isfinite(jets.part).all()
    assert (jets.part[..., 0][jets.mask] > 0).all()  # pT of every generated constituent
    with pytest.raises(ConfigError, match="masked-particle objective alone"):
        sample_sequences(_model("masked"), 2)
    from omnijet.transfer.anomaly_scores import jet_embeddings, jet_nll_parts

    with pytest.raises(ConfigError, match="masked-particle objective alone"):
        jet_nll_parts(_model("masked"), tokens, mask)  # likelihood and anomaly scores
    total, n = jet_nll_parts(model, tokens, mask)
    assert np.isfinite(total).all() and (n == mask.sum(1).numpy() + 1).all()
    assert jet_embeddings(model, tokens, mask).shape == (len(tokens), model.cfg.dim)


def test_finetuning_from_a_hybrid_checkpoint(tmp_path):
    from omnijet.transfer.classifier import build_classifier
    from omnijet.transfer.finetune import FinetuneConfig, finetune
    from tests.transfer.conftest import make_tokens

    model = _model("joint")
    train, val, test = (make_tokens(n, seed=s, labels=(0, 1), k=K) for n, s in ((96, 0), (64, 1), (64, 2)))
    fast = FinetuneConfig(epochs=2, batch_size=32, patience=2, min_epoch_jets=64, device="cpu")
    res = finetune(train, val, test, "finetune", tmp_path / "ft", pretrained=model, cfg=fast)
    assert 0 <= res["accuracy"] <= 1 and res["epochs_run"] >= 1
    scratch = build_classifier("scratch", model.cfg, model, seed=0)
    torch.testing.assert_close(scratch.backbone.embed.code_features,
                               model.backbone.embed.code_features)  # the inputs, not learned
    with pytest.raises(ConfigError, match="needs a pretrained GPT"):
        build_classifier("scratch", model.cfg, None, seed=0)
    tuned = build_classifier("finetune", model.cfg, model, seed=0)
    t, m = test.tokens[:4, :6], test.mask[:4, :6]
    h = tuned.hidden(t, m)
    t2 = t.clone()
    t2[:, 5] = (t2[:, 5] + 1) % K
    assert not torch.allclose(tuned.hidden(t2, m)[:, 0], h[:, 0])  # bidirectional read-out


def test_cli_config_pretrains_a_hybrid_and_the_scan_fine_tunes_it(tmp_path):
    from omnijet.transfer.finetune import FinetuneConfig
    from omnijet.transfer.finetune_scan import ScanConfig, finetune_scan
    from tests.transfer.conftest import make_tokens

    _tokenizer(tmp_path)
    path = make_token_data(200, k=K).save(tmp_path / "t.pt")
    cfg = PretrainConfig(tokens=path, out=tmp_path / "gpt", preset="tiny", epochs=1,
                         batch_size=32, tokenizer=tmp_path / "tok.pt", input_mode="continuous",
                         objective="joint", mask_fraction=0.3, mpm_weight=0.5)
    res = run_pretrain(cfg, progress_bar=False)
    _, state = load_gpt_state(res.best_path)
    assert state["objective"] == {"name": "joint", "mask_fraction": 0.3, "mpm_weight": 0.5}
    fast = FinetuneConfig(epochs=1, batch_size=32, patience=1, min_epoch_jets=32, device="cpu")
    scan = ScanConfig(sizes=(40,), strategies=("scratch", "finetune"), seeds=1, n_val=40,
                      n_test=40, finetune=fast)
    out = finetune_scan(make_tokens(200, labels=(0, 1), k=K), tmp_path / "scan", scan,
                        gpt_path=res.best_path)
    assert {p["strategy"] for p in out["points"]} == {"scratch", "finetune"}
