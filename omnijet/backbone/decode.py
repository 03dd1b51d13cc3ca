"""One sampling step of the GPT as a single function of tensors, for torch.compile.

The model's own cached path (model.Backbone.forward with a StaticKVCache, then the head and
the sampler) launches ~85 kernels per step at paper dims: each Linear copies its bias before
the matmul, LayerNorm, ReLU and the residual adds are separate passes, the cache writes and
the head transpose are copies, SDPA's kernel for a single query reads the cache slowly, and
the sampler makes 5 passes over the (A, 8256) logits. On 2 shared CPU threads every kernel
is also a wake-up of the thread pool. `decode_step` computes the same next token from the same
weights (post-LN blocks, no positional encoding) as one function of the weights, the last
token's embedding, the cache, the step index and the step's uniform numbers, so that
torch.compile(dynamic=True) fuses everything around the matmuls: bias + residual + LayerNorm,
bias + ReLU, the attention over the cache in one pass per block, and the sampler.

The new token's key and value are not written into the cache inside the step (an in-place
write into a graph input); the step returns them, attends to them separately (its softmax
takes the cached positions and the new one together), and `FusedDecoder` writes all blocks'
keys and values with one copy each after the step.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import torch
import torch.nn.functional as F

from omnijet.backbone.model import GPT
from omnijet.backbone.sampler import pick_from_uniform

PER_BLOCK = 12  # weights of one block in `block_weights` order


def block_weights(model: GPT) -> list[torch.Tensor]:
    """The blocks' weights, flat: per block qkv (w, b), proj (w, b), ln1 (g, b), mlp in (w, b),
    mlp out (w, b), ln2 (g, b). Tensors, not modules, so a compiled step is reused by any model
    of the same shapes and dtype (a module argument would be guarded on its identity)."""
    out: list[torch.Tensor] = []
    for blk in model.backbone.blocks:
        for mod in (blk.attn.qkv, blk.attn.proj, blk.ln1, blk.mlp[0], blk.mlp[2], blk.ln2):
            out += [mod.weight, mod.bias]
    return out


def _attend(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, kn: torch.Tensor,
            vn: torch.Tensor) -> torch.Tensor:
    """One query per sequence over t cached positions and its own: q, kn, vn (A, H, D);
    k, v (A, H, t, D) -> (A, H, D). Scores and softmax in fp32; written as products and sums
    so that the compiled form reads the cache once per block (memory-bound on CPU)."""
    qf = q.float() * q.shape[-1] ** -0.5
    s_new = (kn.float() * qf).sum(-1, keepdim=True)  # (A, H, 1)
    if k.shape[2] == 0:  # the first step: only its own key (eager; the compiled step has t >= 2)
        return vn
    s = (k.float() * qf[:, :, None]).sum(-1)  # (A, H, t)
    m = torch.maximum(s.amax(-1, keepdim=True), s_new)
    e, e_new = (s - m).exp(), (s_new - m).exp()
    y = (e[..., None] * v.float()).sum(2) + e_new * vn.float()  # (A, H, D)
    return (y / (e.sum(-1, keepdim=True) + e_new)).to(q.dtype)


def decode_hidden(weights: list[torch.Tensor], x: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                  n_heads: int, eps: float) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """x (A, dim): the embedding of each sequence's last token; k, v (n_blocks, A, H, t, D):
    the t cached positions -> the last hidden state (A, dim) and the new keys and values
    (n_blocks, A, H, D) for position t. The blocks of model.Block, post-LN."""
    A, C = x.shape
    H = n_heads
    D = C // H
    new_k, new_v = [], []
    for i in range(len(weights) // PER_BLOCK):
        wq, bq, wp, bp, g1, c1, w1, b1, w2, b2, g2, c2 = weights[PER_BLOCK * i: PER_BLOCK * (i + 1)]
        q, kn, vn = F.linear(x, wq, bq).view(A, 3, H, D).unbind(1)  # each (A, H, D)
        y = _attend(q, k[i], v[i], kn, vn).reshape(A, C)
        x = F.layer_norm(x + F.linear(y, wp, bp), (C,), g1, c1, eps)
        x = F.layer_norm(x + F.linear(F.relu(F.linear(x, w1, b1)), w2, b2), (C,), g2, c2, eps)
        new_k.append(kn)
        new_v.append(vn)
    return x, torch.stack(new_k), torch.stack(new_v)


def decode_step(weights: list[torch.Tensor], head_w: torch.Tensor, head_b: torch.Tensor,
                x: torch.Tensor, k: torch.Tensor, v: torch.Tensor, u: torch.Tensor | None,
                n_heads: int, eps: float, temperature: float, top_k: int | None
                ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """decode_hidden, then the sampling head (head_w (Vp, dim), head_b (Vp,): -inf bans) and a
    draw with the step's uniform numbers u (A, 1) (None: greedy) -> next tokens (A,), and the
    new keys and values (n_blocks, A, H, D)."""
    h, new_k, new_v = decode_hidden(weights, x, k, v, n_heads, eps)
    logits = torch.addmm(head_b, h, head_w.t()).float()  # (A, Vp)
    nxt = logits.argmax(-1) if u is None else pick_from_uniform(logits, u, temperature, top_k)
    return nxt, new_k, new_v


@functools.cache
def compiled_decode_step() -> Callable[..., tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
    """decode_step through torch.compile, once per process and dtype (and model shape). Only
    the batch and the cache length are symbolic (FusedDecoder marks them): the model's sizes
    stay constants, so the attention scale and the index arithmetic are folded at compile time
    (dynamic=True made them symbolic: a pow and integer divisions per cached position). Sizes
    0 and 1 would be specialised: steps with t < 2 or batch < 2 run eagerly."""
    return torch.compile(decode_step, dynamic=None)


def _mark_dynamic(x: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                  u: torch.Tensor | None) -> None:
    """Batch A (x, u: dim 0; k, v: dim 1) and cache length t (k, v: dim 3) symbolic."""
    for tensor, dims in ((x, (0,)), (u, (0,)), (k, (1, 3)), (v, (1, 3))):
        if tensor is not None:
            torch._dynamo.mark_dynamic(tensor, dims)


class FusedDecoder:
    """The steps of one batch through decode_step: a preallocated cache (n_blocks, A, H, L, D)
    in the model's dtype, written in place after each step; `keep` drops finished rows."""

    def __init__(self, model: GPT, head: tuple[torch.Tensor, torch.Tensor], batch: int,
                 max_len: int, compiled: bool):
        cfg = model.cfg
        self.embed = model.backbone.embed
        self.weights = block_weights(model)
        self.eps = model.backbone.blocks[0].ln1.eps
        self.n_heads = cfg.n_heads
        self.head_w, bias = head  # sampling_head: START and PAD already -inf
        no_stop = bias.clone()
        no_stop[cfg.stop] = float("-inf")
        self.bias = {False: bias, True: no_stop}  # by ban_stop
        shape = (cfg.n_blocks, batch, cfg.n_heads, max_len, cfg.dim // cfg.n_heads)
        self.k = self.head_w.new_empty(shape)
        self.v = self.head_w.new_empty(shape)
        self.t = 0  # positions cached so far
        self.compiled = compiled_decode_step() if compiled else None

    def __call__(self, tok: torch.Tensor, u: torch.Tensor | None, ban_stop: bool,
                 temperature: float, top_k: int | None) -> torch.Tensor:
        """tok (A,): each sequence's last token -> (A,) the next ones."""
        x = self.embed(tok[:, None])[:, 0]  # (A, dim)
        k, v = self.k[:, :, :, : self.t], self.v[:, :, :, : self.t]  # (n_blocks, A, H, t, D)
        step = decode_step
        if self.compiled and self.t >= 2 and len(tok) >= 2:
            step = self.compiled
            _mark_dynamic(x, k, v, u)
        nxt, kn, vn = step(self.weights, self.head_w, self.bias[ban_stop], x, k, v, u,
                           self.n_heads, self.eps, temperature, top_k)
        self.k[:, :, :, self.t] = kn
        self.v[:, :, :, self.t] = vn
        self.t += 1
        return nxt

    def keep(self, rows: torch.Tensor) -> None:
        """Keep only the given batch rows (a bool mask or indices) of the cache."""
        self.k, self.v = self.k[:, rows], self.v[:, rows]
