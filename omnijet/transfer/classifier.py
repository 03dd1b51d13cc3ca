"""Jet classifiers on the GPT backbone: heads, the classifier, and the transfer strategies.

Input: token sequences [START, t1 .. tN] (PAD where a jet has fewer constituents; no STOP is
needed). Attention is causal, so padding placed after a jet's real tokens never changes their
hidden states. The heads pool only over the real constituent positions 1..n.

Strategies:
    scratch          a fresh backbone with random weights; everything trains
    finetune         every backbone weight loaded from a pretrained GPT (strictly); all train
    frozen-backbone  pretrained weights loaded, requires_grad False; only the head trains
"""

from __future__ import annotations

from typing import Literal, get_args

import torch
import torch.nn.functional as F
from torch import nn

from omnijet.backbone.hybrid import copy_inputs, key_mask
from omnijet.backbone.model import GPT, Backbone, GPTConfig
from omnijet.config import FinetuneScanConfig, default_of
from omnijet.errors import CheckpointError, ConfigError

Strategy = Literal["scratch", "finetune", "frozen-backbone"]
HeadKind = Literal["sum", "class_attention"]
STRATEGIES: tuple[str, ...] = get_args(Strategy)
HEADS: tuple[str, ...] = get_args(HeadKind)


def classifier_inputs(tokens: torch.Tensor, mask: torch.Tensor, cfg: GPTConfig) -> torch.Tensor:
    """Codes (B, N) + mask (B, N) -> sequences (B, N + 1): [START, t1 .. tn, PAD ..]."""
    body = torch.where(mask, tokens.long(), torch.full_like(tokens, cfg.pad, dtype=torch.long))
    start = torch.full_like(body[:, :1], cfg.start)
    return torch.cat([start, body], dim=1)


SUM_SCALE = 1.0 / 32  # keeps the pooled sum O(1) for typical 30-100 constituents


class SumHead(nn.Module):
    """The paper's head: Linear + ReLU per constituent, masked sum, Linear to the logits.

    The sum is multiplied by a fixed SUM_SCALE: the same function class (still a sum, so the
    multiplicity is seen), but logits start O(1) instead of O(N), which AdamW at lr 1e-4
    otherwise spends many steps undoing.
    """

    def __init__(self, dim: int, n_classes: int, hidden: int | None = None):
        super().__init__()
        hidden = hidden or dim
        self.per_token = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU())
        self.out = nn.Linear(hidden, n_classes)

    def forward(self, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        # h (B, N, dim) hidden states of the real-constituent positions, mask (B, N)
        pooled = SUM_SCALE * (self.per_token(h) * mask[..., None]).sum(1)  # (B, hidden)
        return self.out(pooled)  # (B, n_classes)


class ClassAttentionHead(nn.Module):
    """A learned class token attends over the constituents' hidden states (CaiT-style)."""

    def __init__(self, dim: int, n_classes: int, n_heads: int = 4):
        super().__init__()
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        nn.init.normal_(self.cls, std=0.02)
        self.attn = nn.MultiheadAttention(dim, n_heads, batch_first=True)
        self.norm = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, n_classes))

    def forward(self, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        # h (B, N, dim), mask (B, N); every jet has >= 1 real constituent
        q = self.cls.expand(h.shape[0], -1, -1)  # (B, 1, dim)
        a, _ = self.attn(q, h, h, key_padding_mask=~mask, need_weights=False)
        return self.mlp(self.norm(q + a)[:, 0])  # (B, n_classes)


class JetClassifier(nn.Module):
    """Backbone (tokens -> hidden states) + a classification head over the constituents."""

    def __init__(self, backbone: Backbone, head: HeadKind = default_of(FinetuneScanConfig, "head"),
                 n_classes: int = 2):
        super().__init__()
        if head not in HEADS:
            raise ConfigError(f"unknown head {head!r}; choose from {HEADS}")
        if n_classes < 2:
            raise ConfigError(f"n_classes must be >= 2, got {n_classes}")
        self.cfg = backbone.cfg
        self.backbone = backbone
        dim = backbone.cfg.dim
        self.head = SumHead(dim, n_classes) if head == "sum" else ClassAttentionHead(dim, n_classes)
        self.head_kind, self.n_classes = head, n_classes

    def hidden(self, tokens: torch.Tensor, mask: torch.Tensor, feats: torch.Tensor | None = None) -> torch.Tensor:
        """Hidden states (B, N, dim) at the real-constituent positions 1..N; feats (B, N, 3): the
        constituents' features, read by an input_mode "features" backbone."""
        inputs = classifier_inputs(tokens, mask, self.cfg)  # (B, N + 1)
        seq_feats = None if feats is None else F.pad(feats, (0, 0, 1, 0))  # START has none
        # causal for a next-token GPT; bidirectional for a masked / joint one (hybrid.py)
        h, _ = self.backbone(inputs, key_mask=key_mask(inputs, self.cfg), feats=seq_feats)  # (B, N + 1, dim)
        return h[:, 1:]

    def forward(self, tokens: torch.Tensor, mask: torch.Tensor, feats: torch.Tensor | None = None) -> torch.Tensor:
        return self.head(self.hidden(tokens, mask, feats), mask)  # logits (B, n_classes)


def load_backbone_strict(backbone: Backbone, gpt: GPT) -> None:
    """Copy every backbone weight of `gpt` into `backbone`; any missing/extra key is an error."""
    if backbone.cfg != gpt.cfg:
        raise CheckpointError(f"backbone config {backbone.cfg} != pretrained {gpt.cfg}")
    result = backbone.load_state_dict(gpt.backbone.state_dict(), strict=True)
    assert not result.missing_keys and not result.unexpected_keys, result


def build_classifier(
    strategy: Strategy,
    gpt_cfg: GPTConfig,
    pretrained: GPT | None = None,
    head: HeadKind = default_of(FinetuneScanConfig, "head"),
    n_classes: int = 2,
    *,
    seed: int,
) -> JetClassifier:
    """A classifier for `strategy`; `pretrained` is required for finetune/frozen-backbone."""
    if strategy not in STRATEGIES:
        raise ConfigError(f"unknown strategy {strategy!r}; choose from {STRATEGIES}")
    torch.manual_seed(seed)  # same seed -> same head init for every strategy
    backbone = Backbone(gpt_cfg)
    model = JetClassifier(backbone, head, n_classes)
    if strategy == "scratch":
        copy_inputs(model.backbone, pretrained)  # a continuous backbone's inputs: the feature table
        return model
    if pretrained is None:
        raise ConfigError(f"strategy {strategy!r} needs a pretrained GPT (--gpt)")
    load_backbone_strict(model.backbone, pretrained)
    if strategy == "frozen-backbone":
        model.backbone.requires_grad_(False)
    return model
