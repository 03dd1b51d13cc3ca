"""Heads, strategies and single fine-tuning runs on tiny token sets."""

import pytest
import torch

from omnijet.backbone.checkpoint import load_gpt
from omnijet.backbone.model import GPT, GPTConfig
from omnijet.errors import CheckpointError, ConfigError, DataError
from omnijet.transfer.classifier import JetClassifier, build_classifier, classifier_inputs
from omnijet.transfer.finetune import finetune
from omnijet.transfer.labelled_tokens import remap_labels, split_fixed
from tests.transfer.conftest import FAST, K, make_tokens


def _splits(n=240, seed=0, **kw):
    data, _ = remap_labels(make_tokens(n, seed=seed, **kw))
    return split_fixed(data, n_val=40, n_test=40, max_train=100, seed=0)


def test_finetune_loads_every_backbone_weight(gpt_path):
    gpt = load_gpt(gpt_path, device="cpu")
    model = build_classifier("finetune", gpt.cfg, gpt, n_classes=2, seed=123)
    ref = gpt.backbone.state_dict()
    got = model.backbone.state_dict()
    assert set(got) == set(ref) and len(ref) > 0
    for name, t in ref.items():
        assert torch.equal(got[name], t), name
    scratch = build_classifier("scratch", gpt.cfg, n_classes=2, seed=123)
    assert not torch.equal(scratch.backbone.embed.weight, ref["embed.weight"])


def test_loading_a_mismatched_backbone_fails(gpt_path):
    gpt = load_gpt(gpt_path, device="cpu")
    other = gpt.cfg.with_(dim=16)
    with pytest.raises(CheckpointError, match="config"):
        build_classifier("finetune", other, gpt, n_classes=2, seed=0)


def test_padding_after_a_jet_does_not_change_its_logits():
    torch.manual_seed(0)
    cfg = GPTConfig.preset("tiny", codebook_size=K)
    for head in ("sum", "class_attention"):
        model = JetClassifier(GPT(cfg).backbone, head=head, n_classes=3).eval()
        tokens = torch.randint(0, K, (2, 6))
        mask = torch.tensor([[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1]], dtype=torch.bool)
        garbage = torch.where(mask, tokens, torch.randint(0, K, (2, 6)))
        a, b = model(tokens, mask), model(garbage, mask)
        torch.testing.assert_close(a, b)
        short = model(tokens[:1, :3], mask[:1, :3])
        torch.testing.assert_close(short, a[:1], atol=1e-5, rtol=1e-5)
        assert a.shape == (2, 3)
    seq = classifier_inputs(tokens, mask, cfg)
    assert seq[0].tolist()[:1] == [cfg.start] and seq[0, 4:].eq(cfg.pad).all()


def test_frozen_backbone_is_bit_identical_after_training(gpt_path, tmp_path):
    gpt = load_gpt(gpt_path, device="cpu")
    before = {k: v.clone() for k, v in gpt.backbone.state_dict().items()}
    train, val, test = _splits()
    res = finetune(train, val, test, "frozen-backbone", tmp_path / "frozen", pretrained=gpt, cfg=FAST)
    best = torch.load(tmp_path / "frozen" / "best.pt", weights_only=False)["model"]
    for k, v in before.items():
        assert torch.equal(best[f"backbone.{k}"], v), k
    head_keys = [k for k in best if k.startswith("head.")]
    init = build_classifier("frozen-backbone", gpt.cfg, gpt, n_classes=2, seed=0).state_dict()
    assert any(not torch.equal(best[k], init[k]) for k in head_keys)  # the head did train
    assert 0.0 <= res["accuracy"] <= 1.0 and {"auc", "rejection_30", "rejection_50"} <= set(res)


def test_finetune_changes_backbone_and_learns(gpt_path, tmp_path):
    gpt = load_gpt(gpt_path, device="cpu")
    train, val, test = _splits(400)
    cfg = FAST.__class__(**{**FAST.to_dict(), "epochs": 4, "lr": 3e-3})
    res = finetune(train, val, test, "finetune", tmp_path / "ft", pretrained=gpt, cfg=cfg)
    best = torch.load(tmp_path / "ft" / "best.pt", weights_only=False)["model"]
    assert not torch.equal(best["backbone.embed.weight"], gpt.backbone.embed.weight)
    assert res["accuracy"] > 0.7, res  # toy classes differ clearly in their codes


def test_backbone_lr_moves_the_backbone_at_its_own_rate(gpt_path, tmp_path):
    """backbone_lr gives the backbone its own AdamW rate while the head keeps lr: at a rate 1e4
    times smaller the backbone moves about 1e4 times less (AdamW steps scale with the rate),
    the head as far as with one rate for all; the optimizer holds the two groups."""
    gpt = load_gpt(gpt_path, device="cpu")
    train, val, test = _splits()
    moved = {}
    for name, backbone_lr in (("one_rate", None), ("slow_backbone", 3e-7)):
        cfg = FAST.__class__(**{**FAST.to_dict(), "lr": 3e-3, "backbone_lr": backbone_lr, "patience": None})
        finetune(train, val, test, "finetune", tmp_path / name, pretrained=gpt, cfg=cfg)
        last = torch.load(tmp_path / name / "last.pt", weights_only=False)
        w = last["model"]
        moved[name] = (float((w["backbone.embed.weight"] - gpt.backbone.embed.weight.detach()).abs().max()),
                       max(float((w[k] - v).abs().max()) for k, v in _head_init(gpt).items()))
        lrs = sorted(g["lr"] for g in last["optimizer"]["param_groups"])
        assert lrs == ([3e-3] if backbone_lr is None else [3e-7, 3e-3]), lrs
    (one_bb, one_head), (slow_bb, slow_head) = moved["one_rate"], moved["slow_backbone"]
    assert one_bb > 1e-3 and slow_bb < one_bb * 1e-3, moved
    assert slow_head > 0.2 * one_head, moved
    model = build_classifier("finetune", gpt.cfg, gpt, n_classes=2, seed=0)
    assert FAST.param_groups(model, "finetune") is None  # the default: one rate, as before
    cfg = FAST.__class__(**{**FAST.to_dict(), "backbone_lr": 1e-5})
    assert cfg.param_groups(model, "scratch") is None and cfg.param_groups(model, "frozen-backbone") is None


def _head_init(gpt) -> dict[str, torch.Tensor]:
    state = build_classifier("finetune", gpt.cfg, gpt, n_classes=2, seed=0).state_dict()
    return {k: v for k, v in state.items() if k.startswith("head.")}


def test_multiclass_head(tmp_path):
    data, classes = remap_labels(make_tokens(300, labels=(0, 3, 8)))
    assert classes == [0, 3, 8]
    train, val, test = split_fixed(data, 45, 45, 90)
    cfg = GPTConfig.preset("tiny", codebook_size=K)
    res = finetune(train, val, test, "scratch", tmp_path / "mc", gpt_cfg=cfg,
                   cfg=FAST.__class__(**{**FAST.to_dict(), "head": "class_attention"}))
    assert res["n_classes"] == 3 and "rejection_30" not in res and 0 <= res["auc"] <= 1


def test_bad_inputs_fail_before_training(gpt_path, tmp_path):
    gpt = load_gpt(gpt_path, device="cpu")
    with pytest.raises(DataError, match="two classes"):
        remap_labels(make_tokens(50, labels=(8,)))
    data, _ = remap_labels(make_tokens(60))
    with pytest.raises(DataError, match="too few labelled jets"):
        split_fixed(data, n_val=20, n_test=20, max_train=100)
    other_vocab = make_tokens(100, k=32)
    tr, va, te = split_fixed(remap_labels(other_vocab)[0], 20, 20, 40)
    with pytest.raises(CheckpointError, match="codebook of 32"):
        finetune(tr, va, te, "finetune", tmp_path / "x", pretrained=gpt, cfg=FAST)
    train, val, test = _splits()
    with pytest.raises(ConfigError, match="pretrained"):
        finetune(train, val, test, "frozen-backbone", tmp_path / "y", gpt_cfg=gpt.cfg, cfg=FAST)
    one_class = train[torch.nonzero(train.label == 0).ravel()]
    with pytest.raises(DataError, match="every class"):
        finetune(one_class, val, test, "scratch", tmp_path / "z", pretrained=gpt, cfg=FAST)
    assert not (tmp_path / "x").exists() and not (tmp_path / "z").exists()
