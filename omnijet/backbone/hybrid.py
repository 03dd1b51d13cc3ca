"""The hybrid backbone (Birk et al., arXiv:2512.04149): continuous inputs, token-ID targets,
and the masked-particle head.

Continuous inputs (`GPTConfig.input_mode == "continuous"`). A constituent's position is
embedded from the tokenizer's decoded, preprocessed features of its code (log pT - 1.8,
3 eta_rel, 3 phi_rel) by a small MLP instead of a row of an embedding table; START, STOP and
PAD keep learned vectors. The targets stay token IDs. Every code's features are one row of a
fixed table (K, 3), a buffer filled once from the tokenizer before pretraining
(`feature_table`) and saved in every checkpoint, so the model is self-contained: fine-tuning,
likelihood and generation need no tokenizer, and in generation a sampled code is decoded by a
row lookup, so the KV-cache path is exact and generation sees the inputs training saw.
For the binned and unconditional tokenizers the table *is* the tokenizer's decoding. The
conditional VQ-VAE decodes a code differently in each jet; the table then holds each code's
mean decoded features over the training jets (a code never seen there: the code decoded alone).
So the inputs carry what the codes carry, in a smooth parametrisation (near codes, near
embeddings; 3 -> dim -> dim weights instead of K x dim), not the constituents' raw features.

Constituent features (`input_mode == "features"`, the paper's choice). The same MLP reads each
constituent's own preprocessed features, which the token file keeps beside the codes
(`tokenize --features`); the targets stay codes. The table then holds each code's mean feature
vector over the training jets, and stands in wherever no features exist: in generation (a
sampled code is fed back as its mean features) and when a token file without features is
scored. Tagging and pretraining see what the tokenizer saw, so the codes no longer bound the
inputs' resolution.

Code embedding (`code_embedding`, with either continuous mode). A learned vector per code is
added to the MLP's output, so the inputs carry the code's identity as token inputs do, and the
features refine it. In generation only the sampled code exists: its vector and its mean features
are what the GPT sees, and the code vector keeps that input as informative as a token's.

Masked-particle modelling (`objective` "masked" or "joint"). A fraction of each jet's
particles get a learned mask vector as input instead of their embedding, attention is
bidirectional over the jet (padding masked out), and a head predicts the masked particles'
codes. The mask vector is one per position, i.e. per pT rank, as the paper's code does (one
vector per rank in the masked subset): with no positional encoding, a single shared vector would
make all masked particles of a jet indistinguishable, and the head could only learn the
marginal distribution of codes. The losses live in omnijet/train/objectives.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch import nn

from omnijet.data.preprocess import scale
from omnijet.errors import ConfigError, DataError

if TYPE_CHECKING:
    from omnijet.backbone.model import GPT, Backbone, GPTConfig
    from omnijet.tokenizer.base import Tokenizer
    from omnijet.tokenizer.tokens import MappedTokenDataset, TokenDataset

N_FEATURES = 3  # (log pT - 1.8, 3 eta_rel, 3 phi_rel): omnijet.data.preprocess.scale
TABLE_JETS = 20_000  # jets decoded to fill the feature table (the conditional tokenizer's mean)


class ContinuousEmbedding(nn.Module):
    """Sequence ids (B, T) -> (B, T, dim): codes through MLP(code_features[code]), the special
    tokens (START, STOP, PAD) through their own learned vectors."""

    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.k = cfg.codebook_size
        self.register_buffer("code_features", torch.zeros(cfg.codebook_size, N_FEATURES))
        self.mlp = nn.Sequential(
            nn.Linear(N_FEATURES, cfg.dim), nn.GELU(), nn.Linear(cfg.dim, cfg.dim))
        self.special = nn.Embedding(cfg.vocab_size - cfg.codebook_size, cfg.dim)
        # `code_embedding`: a learned vector per code added to the MLP's (the code's identity, as with tokens)
        self.codes = nn.Embedding(cfg.codebook_size, cfg.dim) if cfg.code_embedding else None

    def code_means(self, idx: torch.Tensor) -> torch.Tensor:
        """(B, T, 3): each code's row of the table (the last code's at START, STOP and PAD)."""
        return self.code_features[idx.clamp(max=self.k - 1)]

    def forward(self, idx: torch.Tensor, feats: torch.Tensor | None = None) -> torch.Tensor:
        """feats (B, T, 3): the constituents' own features (input_mode "features"); None: each
        code's row of the table."""
        is_code = (idx < self.k)[..., None]  # (B, T, 1)
        if feats is None:
            feats = self.code_means(idx)
        special = self.special((idx - self.k).clamp(min=0))  # (B, T, dim)
        x = self.mlp(feats)
        if self.codes is not None:
            x = x + self.codes(idx.clamp(max=self.k - 1))
        return torch.where(is_code, x.to(special.dtype), special)


class MaskedParticleHead(nn.Module):
    """The masked-particle objective's parameters: one learned input vector per position (pT
    rank) for masked particles, and a Linear from hidden states to the K codes."""

    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.mask_vectors = nn.Parameter(0.02 * torch.randn(cfg.max_len, cfg.dim))
        self.out = nn.Linear(cfg.dim, cfg.codebook_size)


def bidirectional(cfg: GPTConfig) -> bool:
    """Whether the backbone's representation is read with bidirectional attention (a masked or
    joint model: the paper fine-tunes without the causal mask), else causally."""
    return cfg.objective != "next-token"


def key_mask(inputs: torch.Tensor, cfg: GPTConfig) -> torch.Tensor | None:
    """(B, T) attendable positions (all but PAD) for a bidirectional model, None for causal."""
    return inputs != cfg.pad if bidirectional(cfg) else None


def masked_logits(model: GPT, inputs: torch.Tensor, masked: torch.Tensor,
                  feats: torch.Tensor | None = None) -> torch.Tensor:
    """Logits (M, K) over the codes of the M masked positions.

    inputs (B, T): [START, codes, PAD..] (no STOP); masked (B, T) bool, only at code positions;
    feats (B, T, 3): the constituents' features (input_mode "features").
    """
    assert model.mpm is not None, "a masked or joint GPT"
    T = inputs.shape[1]
    x = model.backbone.inputs(inputs, feats)  # (B, T, dim)
    x = torch.where(masked[..., None], model.mpm.mask_vectors[:T].to(x.dtype), x)
    h, _ = model.backbone(inputs, x=x, key_mask=inputs != model.cfg.pad)  # (B, T, dim)
    return model.mpm.out(h[masked])


def require_features(cfg: GPTConfig, data: Any, what: str) -> None:
    """DataError when a backbone of input_mode "features" is given tokens without the
    constituents' features (`what` names them: 'the train tokens', 'training tokens (path)')."""
    if cfg.input_mode == "features" and not data.has_features:
        raise DataError(f"{what} hold no constituent features, which a backbone of input_mode "
                        "features reads: tokenize them with --features")


def check_generative(cfg: GPTConfig, source: Any = "the GPT") -> None:
    """ConfigError for a model pretrained with the masked-particle objective alone."""
    if cfg.objective == "masked":
        raise ConfigError(
            f"{source} was pretrained with the masked-particle objective alone: its next-token "
            "head is untrained, so it cannot generate or score jets (pretrain with --objective "
            "joint or next-token)")


@torch.no_grad()
def feature_table(tokenizer: Tokenizer | None, data: TokenDataset | MappedTokenDataset,
                  max_jets: int = TABLE_JETS, batch_size: int = 1024) -> tuple[torch.Tensor, dict]:
    """(K, 3) preprocessed features of each code, and a summary of how it was made.

    Each code's mean over its occurrences in up to `max_jets` jets spread over `data`: decoded
    by `tokenizer` in their jets (the conditional tokenizer's context counts), or without one
    the constituents' own features that `data` holds (input_mode "features"). A code that never
    occurs there is decoded alone (a one-constituent jet), or without a tokenizer takes the
    mean of all constituents (a code never seen in training is never a target, so the GPT
    hardly samples it).
    """
    K = int(data.codebook_size)
    sums = torch.zeros(K, N_FEATURES, dtype=torch.float64)
    counts = torch.zeros(K, dtype=torch.float64)
    n = min(len(data), max_jets)
    rows = np.unique(np.linspace(0, len(data) - 1, n).round().astype(np.int64))
    for i in range(0, len(rows), batch_size):
        b = data[rows[i : i + batch_size]]
        if tokenizer is None:
            feats = b.features  # (B, N, 3) preprocessed
        else:
            feats = scale(tokenizer.decode(b.tokens, b.mask).float().cpu())  # decoded, preprocessed
        codes = b.tokens[b.mask]
        sums.index_add_(0, codes, feats[b.mask].double())
        counts.index_add_(0, codes, torch.ones_like(codes, dtype=torch.float64))
    table = sums / counts.clamp_min(1)[:, None]
    unseen = torch.nonzero(counts == 0).flatten()
    if len(unseen) and tokenizer is None:
        table[unseen] = sums.sum(0) / counts.sum().clamp_min(1)
    elif len(unseen):
        alone = tokenizer.decode(unseen[:, None], torch.ones(len(unseen), 1, dtype=torch.bool))
        table[unseen] = scale(alone.float().cpu())[:, 0].double()
    if not torch.isfinite(table).all():
        raise ConfigError("the tokenizer decodes some codes to non-finite features")
    return table.float(), {"jets": len(rows), "codes_seen": K - len(unseen), "codes": K}


def set_feature_table(backbone: Backbone, table: torch.Tensor) -> None:
    """Write the (K, 3) code features into a continuous backbone's embedding."""
    emb = backbone.embed
    assert isinstance(emb, ContinuousEmbedding), "a continuous-input backbone"
    if tuple(table.shape) != tuple(emb.code_features.shape):
        raise ConfigError(f"feature table {tuple(table.shape)} does not fit the backbone's "
                          f"{tuple(emb.code_features.shape)}")
    emb.code_features.copy_(table)


def copy_inputs(backbone: Backbone, pretrained: GPT | None) -> None:
    """Give a fresh (scratch) continuous backbone the pretrained model's feature table: the
    table defines the inputs and is not learned, so a scratch tagger needs it as well."""
    if not isinstance(backbone.embed, ContinuousEmbedding):
        return
    if pretrained is None:
        raise ConfigError("a continuous-input tagger from scratch needs a pretrained GPT of the "
                          "same tokenizer for its code features")
    set_feature_table(backbone, pretrained.backbone.embed.code_features)
