"""Pretraining objectives beyond next-token prediction: masked-particle and joint.

    next-token  cross-entropy of each next code (omnijet.train.pretrain.make_loss_fn), causal
    masked      a fraction of each jet's particles is masked (their input replaced by the
                learned mask vector of their position, omnijet/backbone/hybrid.py); a
                bidirectional pass predicts the masked particles' codes (cross-entropy over
                the masked particles of the batch)
    joint       next-token + mpm_weight x masked, from two passes over the same batch: a
                causal one on the unmasked jets, a bidirectional one on the masked jets

The paper's defaults (Birk et al., arXiv:2512.04149, and its public configuration): mask
fraction 0.4, weights 1 : 1, the generative pass causal and unmasked and the masked pass
bidirectional (their `causal_bidirectional_hybrid`). Here the fraction is exact per jet:
round(fraction x n) of its n particles, at least one, chosen uniformly. Validation draws its
masks from a fixed seed, so the validation loss of one epoch compares with the next.

Masked and joint run in one process: two passes per step (joint) or an unused next-token
head (masked) do not fit DDP's one-forward contract, so under torchrun they are refused.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from omnijet.backbone.hybrid import masked_logits
from omnijet.backbone.model import GPT, GPTConfig
from omnijet.config import PretrainConfig
from omnijet.errors import ConfigError

LossFn = Callable[[nn.Module, object], tuple[torch.Tensor, dict[str, float]]]
VAL_MASK_SEED = 1234  # validation masks: the same for every epoch


def _default(name: str):
    return PretrainConfig.model_fields[name].default


def choose_masked(valid: torch.Tensor, fraction: float,
                  gen: torch.Generator | None = None) -> torch.Tensor:
    """(B, T) bool: round(fraction x n) (at least 1) of each row's n valid positions, uniformly."""
    n = valid.sum(1)  # (B,)
    k = (fraction * n.float()).round().long().clamp(min=1).minimum(n)  # (B,)
    r = torch.rand(valid.shape, generator=gen, device=valid.device).masked_fill(~valid, 2.0)
    rank = r.argsort(1).argsort(1)  # (B, T): 0 = the first to mask
    return (rank < k[:, None]) & valid


def masked_inputs(seq: torch.Tensor, cfg: GPTConfig) -> torch.Tensor:
    """Training sequences (B, T) [START, codes, STOP, PAD..] -> (B, T - 1) [START, codes, PAD..],
    the fine-tuning layout (no STOP)."""
    inp = seq[:, :-1]
    return inp.masked_fill(inp == cfg.stop, cfg.pad)


def masked_particle_loss(model: GPT, seq: torch.Tensor, fraction: float, feats: torch.Tensor | None = None,
                         ) -> tuple[torch.Tensor, dict[str, float]]:
    """Mean cross-entropy over the masked particles' codes, and their top-1 accuracy; feats
    (B, T, 3) aligned with seq: the constituents' features (input_mode "features")."""
    cfg = model.cfg
    inp = masked_inputs(seq, cfg)
    gen = None
    if not torch.is_grad_enabled():  # validation: fixed masks
        gen = torch.Generator(device=inp.device).manual_seed(VAL_MASK_SEED)
    masked = choose_masked(inp < cfg.codebook_size, fraction, gen)
    logits = masked_logits(model, inp, masked, None if feats is None else feats[:, :-1]).float()  # (M, K)
    target = inp[masked]  # (M,)
    loss = F.cross_entropy(logits, target)
    acc = float((logits.argmax(-1) == target).float().mean()) if len(target) else 0.0
    return loss, {"mpm_loss": float(loss.detach()), "mpm_acc": acc}


def make_objective_loss(cfg: GPTConfig, next_token: LossFn,
                        mask_fraction: float = _default("mask_fraction"),
                        mpm_weight: float = _default("mpm_weight")) -> LossFn:
    """loss_fn(model, SeqBatch) for cfg.objective; `next_token` is the plain next-token loss."""
    if cfg.objective == "next-token":
        return next_token
    if not 0 < mask_fraction < 1:
        raise ConfigError(f"mask_fraction must be in (0, 1), got {mask_fraction}")
    if mpm_weight <= 0:
        raise ConfigError(f"mpm_weight must be > 0, got {mpm_weight}")

    def loss_fn(model: nn.Module, batch) -> tuple[torch.Tensor, dict[str, float]]:
        if isinstance(model, nn.parallel.DistributedDataParallel):
            raise ConfigError(f"the {cfg.objective} objective runs in one process; under "
                              "torchrun only next-token pretraining is supported")
        mpm, metrics = masked_particle_loss(model, batch.seq, mask_fraction, batch.feats)
        if cfg.objective == "masked":
            return mpm, {"acc": metrics["mpm_acc"], **metrics}
        ntp, ntp_metrics = next_token(model, batch)
        metrics |= {"ntp_loss": float(ntp.detach()), "acc": ntp_metrics["acc"]}
        return ntp + mpm_weight * mpm, metrics

    return loss_fn
