"""The OmniJet-alpha GPT backbone: token embedding, post-LN causal blocks, generative head.

Sequences are [START, t1 .. tN, STOP, PAD ...]: no positional encoding, because the
constituents are a set ordered only by pT. Codes are 0..K-1 and the special tokens follow:
START = K, STOP = K + 1, PAD = K + 2, so vocab_size = K + 3. The generative head predicts the
next token; START and PAD are never valid targets and are masked out when sampling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import get_args

import torch
import torch.nn.functional as F
from torch import nn

from omnijet.backbone.hybrid import ContinuousEmbedding, MaskedParticleHead
from omnijet.config import InputMode, Objective, PretrainConfig
from omnijet.errors import ConfigError
from omnijet.presets import PAPER_GPT, PRESETS, Preset, sizes

_PAPER = PRESETS["paper"].gpt  # the class defaults: the paper's sizes (omnijet/presets.py)


@dataclass(frozen=True)
class GPTConfig:
    codebook_size: int  # K: number of tokenizer codes (from the tokens, never a preset)
    dim: int = _PAPER.dim
    n_blocks: int = _PAPER.n_blocks
    n_heads: int = _PAPER.n_heads
    mlp_ratio: int = _PAPER.mlp_ratio
    max_len: int = 130  # START + 128 constituents + STOP
    # the hybrid backbone (omnijet/backbone/hybrid.py); defaults: the paper's GPT, and what
    # a checkpoint that records neither field was
    input_mode: InputMode = PAPER_GPT.input_mode
    objective: Objective = PAPER_GPT.objective
    code_embedding: bool = PretrainConfig.model_fields["code_embedding"].default

    def __post_init__(self) -> None:
        for name, kind in (("input_mode", InputMode), ("objective", Objective)):
            if getattr(self, name) not in get_args(kind):
                raise ConfigError(f"GPT {name} must be one of {get_args(kind)}, got {getattr(self, name)!r}")
        if self.code_embedding and self.input_mode == "tokens":
            raise ConfigError("code_embedding adds a code embedding to continuous inputs: token inputs have one "
                              "already (use input_mode continuous or features)")

    @property
    def start(self) -> int:
        return self.codebook_size

    @property
    def stop(self) -> int:
        return self.codebook_size + 1

    @property
    def pad(self) -> int:
        return self.codebook_size + 2

    @property
    def vocab_size(self) -> int:
        return self.codebook_size + 3

    @staticmethod
    def preset(name: Preset, codebook_size: int) -> GPTConfig:
        """The sizes of preset `name` (omnijet/presets.py) over a codebook of `codebook_size`."""
        return GPTConfig(codebook_size, **asdict(sizes(name, "GPT preset").gpt))

    def to_dict(self) -> dict:
        return asdict(self)

    def with_(self, **kw) -> GPTConfig:
        return replace(self, **kw)


KVCache = list[tuple[torch.Tensor, torch.Tensor]]  # per block: k, v each (B, H, T, D/H)


class StaticKVCache:
    """Preallocated keys and values for generation: appending a step is a slice write.

    The list form (`KVCache`) concatenates the whole past at every step, which dominates the
    cost of a sampling step on CPU. Pass an empty `StaticKVCache` as `past`; the model fills it
    in place and returns it. `keep(rows)` drops finished sequences from the batch.
    """

    def __init__(self, n_blocks: int, max_len: int):
        self.max_len = max_len
        self.length = 0  # tokens cached so far
        # attention of one new token per sequence (q (B, H, 1, D/H)); None: SDPA. Generation
        # may set a compiled `decode_attention` here (generate.sample_sequences(compile_attention=True))
        self.decode_attention: Callable[..., torch.Tensor] | None = None
        self.k: list[torch.Tensor | None] = [None] * n_blocks  # each (B, H, max_len, D/H)
        self.v: list[torch.Tensor | None] = [None] * n_blocks

    def append(self, i: int, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Write block i's new k, v (B, H, T, D/H) after the cached ones; return all of them."""
        if self.k[i] is None:
            B, H, _, D = k.shape
            self.k[i] = k.new_empty(B, H, self.max_len, D)
            self.v[i] = v.new_empty(B, H, self.max_len, D)
        end = self.length + k.shape[2]
        assert end <= self.max_len, (end, self.max_len)
        self.k[i][:, :, self.length : end] = k
        self.v[i][:, :, self.length : end] = v
        return self.k[i][:, :, :end], self.v[i][:, :, :end]

    def keep(self, rows: torch.Tensor) -> None:
        """Keep only the given batch rows (a bool mask or indices)."""
        self.k = [None if t is None else t[rows] for t in self.k]
        self.v = [None if t is None else t[rows] for t in self.v]


def decode_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Attention of one query per sequence: q (B, H, 1, D), k and v (B, H, T, D) -> (B, H, 1, D).

    Written as elementwise products and sums (scores and softmax in fp32) so that torch.compile
    fuses it into one pass over the cache: on CPU that pass is memory-bound, and reading a bf16
    cache once is 2-3x faster than SDPA's kernel for a single query. Eager, it is slower.
    """
    s = (k.float() * q.float()).sum(-1) * q.shape[-1] ** -0.5  # (B, H, T)
    p = s.softmax(-1)
    return (p[..., None] * v.float()).sum(2, keepdim=True).to(q.dtype)


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        assert cfg.dim % cfg.n_heads == 0
        self.n_heads = cfg.n_heads
        self.qkv = nn.Linear(cfg.dim, 3 * cfg.dim)
        self.proj = nn.Linear(cfg.dim, cfg.dim)

    def forward(
        self, x: torch.Tensor,
        past: tuple[torch.Tensor, torch.Tensor] | tuple[StaticKVCache, int] | None = None,
        key_mask: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
        B, T, C = x.shape  # (B, T, dim)
        q, k, v = self.qkv(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_heads, C // self.n_heads).transpose(1, 2) for t in (q, k, v))
        if key_mask is not None:  # bidirectional over the keys of key_mask (B, T) (hybrid.py)
            assert past is None, "bidirectional attention has no cache"
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=key_mask[:, None, None, :])
            return self.proj(y.transpose(1, 2).contiguous().view(B, T, C)), (k, v)
        # new tokens attend to every cached token and causally to each other
        if past is not None and isinstance(past[0], StaticKVCache):
            k, v = past[0].append(past[1], k, v)
        elif past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        T_all = k.shape[2]
        if T == 1 and past is not None and getattr(past[0], "decode_attention", None):
            y = past[0].decode_attention(q, k, v)
        elif T == 1:
            y = F.scaled_dot_product_attention(q, k, v)
        elif T == T_all:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:  # chunk of T new tokens after T_all - T cached ones
            i = torch.arange(T, device=x.device)[:, None] + (T_all - T)
            allowed = torch.arange(T_all, device=x.device)[None, :] <= i  # (T, T_all)
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # (B, T, dim)
        return self.proj(y), (k, v)


class Block(nn.Module):
    """Post-LN: attention -> add -> LayerNorm -> Linear/ReLU/Linear -> add -> LayerNorm."""

    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.attn = CausalSelfAttention(cfg)
        self.ln1 = nn.LayerNorm(cfg.dim)
        self.mlp = nn.Sequential(
            nn.Linear(cfg.dim, cfg.mlp_ratio * cfg.dim),
            nn.ReLU(),
            nn.Linear(cfg.mlp_ratio * cfg.dim, cfg.dim),
        )
        self.ln2 = nn.LayerNorm(cfg.dim)

    def forward(self, x, past=None, key_mask=None):
        a, kv = self.attn(x, past, key_mask)
        x = self.ln1(x + a)
        x = self.ln2(x + self.mlp(x))
        return x, kv


class Backbone(nn.Module):
    """Embedding + blocks: tokens (B, T) -> hidden states (B, T, dim). Shared by all heads."""

    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.cfg = cfg
        self.embed: nn.Module = (nn.Embedding(cfg.vocab_size, cfg.dim) if cfg.input_mode == "tokens"
                                 else ContinuousEmbedding(cfg))
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_blocks))

    def inputs(self, idx: torch.Tensor, feats: torch.Tensor | None = None) -> torch.Tensor:
        """Input embeddings (B, T, dim) of sequences idx (B, T); feats (B, T, 3): the constituents'
        own features at the code positions, read by an input_mode "features" backbone (without
        them, as in generation, each code's mean features stand in)."""
        if self.cfg.input_mode == "features" and feats is not None:
            return self.embed(idx, feats)
        return self.embed(idx)

    def forward(
        self, idx: torch.Tensor, past: KVCache | StaticKVCache | None = None, *,
        x: torch.Tensor | None = None, key_mask: torch.Tensor | None = None,
        feats: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, KVCache | StaticKVCache]:
        """x: input embeddings (B, T, dim) to use instead of embedding idx (masked particles);
        key_mask (B, T) bool: bidirectional attention over those positions instead of causal;
        feats: see `inputs`."""
        x = self.inputs(idx, feats) if x is None else x  # (B, T, dim)
        if key_mask is not None:
            for block in self.blocks:
                x, _ = block(x, None, key_mask)
            return x, []
        if isinstance(past, StaticKVCache):
            for i, block in enumerate(self.blocks):
                x, _ = block(x, (past, i))
            past.length += idx.shape[1]
            return x, past
        new: KVCache = []
        for i, block in enumerate(self.blocks):
            x, kv = block(x, None if past is None else past[i])
            new.append(kv)
        return x, new


class GPT(nn.Module):
    """Backbone + generative head (one Linear to the vocabulary)."""

    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.cfg = cfg
        self.backbone = Backbone(cfg)
        self.head = nn.Linear(cfg.dim, cfg.vocab_size)
        # masked / joint: mask vectors and the masked-particle head (hybrid.py)
        self.mpm = MaskedParticleHead(cfg) if cfg.objective != "next-token" else None

    def forward(
        self, idx: torch.Tensor, past: KVCache | StaticKVCache | None = None, feats: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, KVCache | StaticKVCache]:
        h, kv = self.backbone(idx, past, feats=feats)
        return self.head(h), kv  # logits (B, T, vocab)

    def n_params(self) -> dict[str, int]:
        total = sum(p.numel() for p in self.parameters())
        backbone = sum(p.numel() for p in self.backbone.parameters())
        embedding = sum(p.numel() for p in self.backbone.embed.parameters())
        return {"total": total, "backbone": backbone, "embedding": embedding}


def feature_sequences(features: torch.Tensor | None, tokens: torch.Tensor) -> torch.Tensor | None:
    """Constituent features (B, N, 3) -> (B, N + 2, 3) aligned with `to_sequences`' output
    (zeros at START, STOP and PAD); None stays None."""
    if features is None:
        return None
    out = features.new_zeros(tokens.shape[0], tokens.shape[1] + 2, features.shape[-1])
    out[:, 1 : tokens.shape[1] + 1] = features
    return out


def to_sequences(tokens: torch.Tensor, mask: torch.Tensor, cfg: GPTConfig) -> torch.Tensor:
    """Code tokens (B, N) + mask (B, N) -> (B, N + 2) sequences [START, t.., STOP, PAD..]."""
    B, N = tokens.shape
    n = mask.sum(1)  # (B,)
    seq = torch.full((B, N + 2), cfg.pad, dtype=torch.long, device=tokens.device)
    seq[:, 0] = cfg.start
    body = torch.where(mask, tokens.long(), torch.full_like(tokens.long(), cfg.pad))
    seq[:, 1 : N + 1] = body
    seq[torch.arange(B, device=tokens.device), n + 1] = cfg.stop
    return seq


def next_token_loss(
    logits: torch.Tensor, seq: torch.Tensor, cfg: GPTConfig, mask_padding: bool = True
) -> torch.Tensor:
    """Cross-entropy of predicting seq[:, 1:] from logits[:, :-1].

    With mask_padding (the default, and better than the reference), targets that are PAD do
    not count; the STOP target does. mask_padding=False reproduces the reference behaviour.
    """
    pred = logits[:, :-1].reshape(-1, logits.shape[-1]).float()
    target = seq[:, 1:].reshape(-1)
    if mask_padding:
        return F.cross_entropy(pred, target, ignore_index=cfg.pad)
    return F.cross_entropy(pred, target)
