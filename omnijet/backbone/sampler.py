"""Drawing the next token from a step's logits: the sampling head and a fused inverse-CDF
sampler (no softmax, no sort, no cumulative sum over the whole vocabulary).

Shared by the eager KV-cache path (generate.py) and the compiled decoding step (decode.py):
`pick_from_uniform` takes its uniform numbers as an argument, so that it can be traced by
torch.compile and both paths consume the random stream identically.
"""

from __future__ import annotations

import torch

from omnijet.backbone.model import GPT

BLOCK = 64  # sampling blocks of the vocabulary: ~sqrt(8k) makes both search levels short


def _search(cdf: torch.Tensor, u: torch.Tensor) -> torch.Tensor:
    """(A, n) non-decreasing cdf, (A, 1) u >= 0 -> (A, 1) smallest index with cdf > u, never
    past the last entry of non-zero weight (rounding can put u at or above cdf[-1])."""
    last = torch.searchsorted(cdf, cdf[:, -1:].contiguous(), right=False)  # last non-zero
    return torch.minimum(torch.searchsorted(cdf, u, right=True), last)


def pick_from_uniform(logits: torch.Tensor, u: torch.Tensor, temperature: float,
                      top_k: int | None) -> torch.Tensor:
    """(A, V) masked logits (-inf = never), (A, 1) uniform numbers in [0, 1) -> (A,) token ids
    drawn from softmax(logits / T) by inverse CDF (temperature > 0).

    Two levels, so that no pass runs a sequential cumulative sum over the whole vocabulary:
    unnormalised weights exp(l - max) in blocks of BLOCK tokens, a cumulative sum over the
    block totals picks the block, one over that block's weights the token. The weights are
    never normalised (u is scaled to the total instead). A token of zero weight is never
    drawn. top_k samples among the k largest logits only (one topk, no mask over the
    vocabulary). `logits` is overwritten.
    """
    A, V = logits.shape
    if top_k is not None and top_k < V:
        vals, idx = logits.topk(top_k, dim=-1)  # (A, k), largest first
        w = vals.sub_(vals[:, :1].clone()).mul_(1.0 / temperature).exp_().cumsum_(-1)
        return idx.gather(1, _search(w, u * w[:, -1:])).squeeze(1)
    w = logits.sub_(logits.amax(-1, keepdim=True)).mul_(1.0 / temperature).exp_()  # (A, V)
    if V % BLOCK:  # a head padded to a multiple of BLOCK (sampling_head) avoids this copy
        w = torch.nn.functional.pad(w, (0, BLOCK - V % BLOCK))
    blocks = w.view(A, -1, BLOCK)  # (A, nb, BLOCK)
    cb = blocks.sum(-1).cumsum_(-1)  # (A, nb)
    u = (u * cb[:, -1:]).contiguous()
    j = _search(cb, u)  # (A, 1) the block
    below = torch.where(j > 0, cb.gather(1, (j - 1).clamp_min(0)), torch.zeros_like(u))
    inner = blocks.gather(1, j[:, :, None].expand(A, 1, BLOCK)).squeeze(1).cumsum_(-1)
    i = _search(inner, (u - below).clamp_min_(0))  # (A, 1) the token within the block
    return (j * BLOCK + i).squeeze(1)


def _pick(logits: torch.Tensor, temperature: float, top_k: int | None,
          gen: torch.Generator) -> torch.Tensor:
    """(A, V) masked logits -> (A,) token ids: greedy at temperature 0, else one uniform number
    per row from `gen` and `pick_from_uniform`. `logits` is overwritten."""
    if temperature == 0:
        return logits.argmax(-1)
    u = torch.rand((logits.shape[0], 1), generator=gen, device=logits.device)
    return pick_from_uniform(logits, u, temperature, top_k)


def sampling_head(model: GPT, dtype: torch.dtype) -> tuple[torch.Tensor, torch.Tensor]:
    """The head as (weight (Vp, dim), bias (Vp,)) for sampling, Vp = vocab rounded up to BLOCK.

    START, PAD and the padding rows get bias -inf, so they are never drawn without a mask per
    step, and a multiple of 64 output columns is 1.5-2x faster in the matmul than 8195 columns.
    """
    cfg, head = model.cfg, model.head
    V = cfg.vocab_size
    Vp = -(-V // BLOCK) * BLOCK
    w = head.weight.new_zeros(Vp, cfg.dim)
    w[:V] = head.weight
    b = head.bias.new_full((Vp,), float("-inf"))
    b[:V] = head.bias
    b[[cfg.start, cfg.pad]] = float("-inf")
    return w.to(dtype).contiguous(), b.to(dtype)
