"""Jet generation with the GPT: batched autoregressive sampling with a KV cache.

Every sequence starts with START; each step samples the next token from the softmax of the
last position's logits (temperature, top-k), never START or PAD, and never STOP as the first
constituent. A jet ends at STOP (or after `max_len` constituents); a batch ends as soon as
every jet in it has stopped. Finished jets leave the batch (and the cache) in groups, once a
quarter of the rows have finished (COMPACT_AT).

`use_cache=False` recomputes the whole prefix every step, as the reference implementation
does; it consumes the random stream identically, so both paths give the same jets for the
same seed (the parity test and the speed benchmark rely on this).
"""

from __future__ import annotations

import copy
import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import torch
from torch.profiler import record_function

from omnijet.backbone.checkpoint import check_vocab, load_gpt_state
from omnijet.backbone.decode import FusedDecoder
from omnijet.backbone.hybrid import check_generative
from omnijet.backbone.model import GPT, StaticKVCache, decode_attention
from omnijet.backbone.sampler import BLOCK, _pick, pick_from_uniform, sampling_head  # noqa: F401 (re-exported)
from omnijet.config import Decoder, GenerateJetsConfig, Precision, default_of
from omnijet.data.batch import MAX_CONSTITUENTS, JetBatch
from omnijet.errors import ConfigError
from omnijet.utils import autocast, pick_device, provenance

ProgressFn = Callable[[dict[str, Any]], None]

# Finished jets stay in the batch, their tokens ignored, until at most this fraction of the
# rows is still generating; then they leave it (and the cache) together. Dropping each one at
# once copies the whole cache at nearly every step: 1.36x slower for a trained small GPT at
# batch 256 (benchmarks/backbone.py, classifier_test.generation_with_stops).
COMPACT_AT = 0.75
PRECISIONS = get_args(Precision)
DECODERS = get_args(Decoder)  # sample_sequences(decoder=...)


def _check_options(n_jets: int, batch_size: int, temperature: float, top_k: int | None,
                   max_len: int, cfg_max_len: int, compact_at: float) -> None:
    if n_jets < 1:
        raise ConfigError(f"n_jets must be >= 1, got {n_jets}")
    if batch_size < 1:
        raise ConfigError(f"batch_size must be >= 1, got {batch_size}")
    if temperature < 0:
        raise ConfigError(f"temperature must be >= 0 (0 = greedy), got {temperature}")
    if top_k is not None and top_k < 1:
        raise ConfigError(f"top_k must be >= 1 or None, got {top_k}")
    if not 1 <= max_len <= cfg_max_len - 2:
        raise ConfigError(f"max_len must be in [1, {cfg_max_len - 2}], got {max_len}")
    if not 0.0 <= compact_at <= 1.0:
        raise ConfigError(f"compact_at must be in [0, 1], got {compact_at}")


@functools.cache
def _compiled_decode_attention() -> Callable[..., torch.Tensor]:
    return torch.compile(decode_attention, dynamic=True)


def _model_step(model: GPT, head: tuple[torch.Tensor, torch.Tensor], past: StaticKVCache | None,
                tokens: torch.Tensor, ban_stop: bool, temperature: float, top_k: int | None,
                gen: torch.Generator) -> torch.Tensor:
    """The next tokens (A,) through the model's own forward: of the last tokens (A, 1) after
    the cached ones (`past`), or of the whole prefix (A, t) again (None)."""
    w, bias = head  # sampling_head: START and PAD already -inf
    h, _ = model.backbone(tokens, past)  # (A, 1 or t, dim)
    with record_function("generate.head"):  # labels for benchmarks/backbone.py --part profile
        logits = torch.addmm(bias, h[:, -1], w.t()).float()  # (A, Vp)
    with record_function("generate.sample"):
        if ban_stop:  # at least one constituent
            logits[:, model.cfg.stop] = float("-inf")
        return _pick(logits, temperature, top_k, gen)


def _sample_batch(model: GPT, head: tuple[torch.Tensor, torch.Tensor], b: int,
                  gen: torch.Generator, device: torch.device, temperature: float,
                  top_k: int | None, use_cache: bool, max_len: int, allow_stop: bool, amp: bool,
                  compact_at: float, decoder: str, compile_attention: bool = False
                  ) -> torch.Tensor:
    """(b, T) sequences [START, codes.., STOP, PAD..] with T <= max_len + 2."""
    cfg = model.cfg
    seq = torch.full((b, max_len + 2), cfg.pad, dtype=torch.long, device=device)
    seq[:, 0] = cfg.start
    rows = torch.arange(b, device=device)  # the seq rows in the batch (and the cache)
    alive = torch.ones(b, dtype=torch.bool, device=device)  # which of them are still generating
    fused = (FusedDecoder(model, head, b, max_len + 1, decoder == "compiled")
             if use_cache and decoder != "model" else None)
    past = StaticKVCache(cfg.n_blocks, max_len + 1) if use_cache and fused is None else None
    if past is not None and compile_attention:
        past.decode_attention = _compiled_decode_attention()
    t = 0
    for t in range(1, max_len + 2):  # t: the position being filled
        if t == max_len + 1:  # max_len constituents: the jet ends here
            seq[rows[alive], t] = cfg.stop
            break
        ban_stop = t == 1 or not allow_stop
        with autocast(device, amp):
            if fused is not None:  # the same uniform numbers as _pick draws
                u = (None if temperature == 0 else
                     torch.rand((len(rows), 1), generator=gen, device=device))
                nxt = fused(seq[rows, t - 1], u, ban_stop, temperature, top_k)
            else:
                tokens = seq[rows, t - 1 : t] if past is not None else seq[rows, :t]
                nxt = _model_step(model, head, past, tokens, ban_stop, temperature, top_k, gen)
        nxt.masked_fill_(~alive, cfg.pad)  # (A,)
        seq[rows, t] = nxt
        alive &= nxt != cfg.stop
        n_alive = int(alive.sum())  # one device sync per step
        if n_alive == 0:
            break
        if n_alive < len(rows) and n_alive <= compact_at * len(rows):  # drop finished rows
            rows = rows[alive]
            for cache in (past, fused):
                if cache is not None:
                    cache.keep(alive)
            alive = alive[alive]
    return seq[:, : t + 1]


@torch.no_grad()
def sample_sequences(
    model: GPT, n_jets: int, batch_size: int = default_of(GenerateJetsConfig, "batch_size"),
    temperature: float = default_of(GenerateJetsConfig, "temperature"), top_k: int | None = None,
    seed: int = default_of(GenerateJetsConfig, "seed"), use_cache: bool = True,
    max_len: int = MAX_CONSTITUENTS, allow_stop: bool = True, device: str | None = None,
    amp: bool = True, progress: ProgressFn | None = None, compact_at: float = COMPACT_AT,
    precision: str = default_of(GenerateJetsConfig, "precision"), compile_attention: bool = False,
    decoder: str = default_of(GenerateJetsConfig, "decoder"),
) -> torch.Tensor:
    """(n_jets, T) token sequences on the CPU: START, codes, STOP, then PAD to the longest.

    temperature 0 is greedy decoding. allow_stop=False masks STOP so every jet has exactly
    `max_len` constituents (for speed measurements). Same seed, batch size and `compact_at`
    -> same jets. `compact_at` 1.0 drops each finished jet at once (see COMPACT_AT).

    precision: "auto" is fp32 on CPU and bf16 autocast on CUDA (with `amp`); "fp32"; "bf16"
    samples from a bf16 copy of the model (weights cast once, bf16 KV cache, fp32 sampling):
    ~2x the matmul rate on CPUs with AVX512-bf16/AMX, at bf16's rounding of the logits.
    compile_attention: the cached attention of each step through torch.compile (dynamic
    length; compiled once per process, ~40 s on 2 CPU cores): pays for thousands of jets.
    decoder (with the cache): "model" runs each step through the model's own forward;
    "fused" through decode.decode_step (the same weights as one function: its attention and
    softmax round differently, so the jets agree with "model" in distribution, and in fp32
    token for token but for draws within rounding of a CDF boundary); "compiled" is "fused"
    through torch.compile (dynamic shapes, compiled once per process and dtype).
    """
    cfg = model.cfg
    check_generative(cfg)  # a continuous model needs nothing more: its codes' features are a table
    _check_options(n_jets, batch_size, temperature, top_k, max_len, cfg.max_len, compact_at)
    if precision not in PRECISIONS:
        raise ConfigError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    if decoder not in DECODERS:
        raise ConfigError(f"decoder must be one of {', '.join(DECODERS)}, got {decoder!r}")
    dev = pick_device(device) if device is not None else next(model.parameters()).device
    model.eval().to(dev)
    if precision == "bf16":
        model = copy.deepcopy(model).to(torch.bfloat16)
    amp = amp and precision == "auto"
    head = sampling_head(model, next(model.parameters()).dtype)
    gen = torch.Generator(device=dev).manual_seed(seed)
    out: list[torch.Tensor] = []
    done = 0
    while done < n_jets:
        b = min(batch_size, n_jets - done)
        out.append(_sample_batch(model, head, b, gen, dev, temperature, top_k, use_cache, max_len,
                                 allow_stop, amp, compact_at, decoder, compile_attention).cpu())
        done += b
        if progress:
            progress({"event": "jets", "done": done, "total": n_jets})
    width = max(s.shape[1] for s in out)
    return torch.cat([torch.nn.functional.pad(s, (0, width - s.shape[1]), value=cfg.pad)
                      for s in out])


def sequences_to_tokens(seq: torch.Tensor, codebook_size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(B, T) sequences -> codes (B, N) int64 (0 where padded) and mask (B, N), N = longest jet."""
    body = seq[:, 1:]
    mask = body < codebook_size  # codes are 0..K-1; STOP and PAD are >= K
    mask &= mask.long().cumprod(1).bool()  # only the run of codes before STOP
    n = max(int(mask.sum(1).max()), 1) if len(seq) else 1
    return body[:, :n].masked_fill(~mask[:, :n], 0), mask[:, :n]


def sample(
    model: GPT, n_jets: int, batch_size: int = default_of(GenerateJetsConfig, "batch_size"),
    temperature: float = default_of(GenerateJetsConfig, "temperature"), top_k: int | None = None,
    seed: int = default_of(GenerateJetsConfig, "seed"), use_cache: bool = True,
    max_len: int = MAX_CONSTITUENTS, **kw: Any,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Generate `n_jets` jets as (tokens (B, N) int64, mask (B, N) bool) on the CPU."""
    seq = sample_sequences(model, n_jets, batch_size, temperature, top_k, seed, use_cache,
                           max_len, **kw)
    return sequences_to_tokens(seq, model.cfg.codebook_size)


def _pt_ordered(part: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Reorder decoded constituents by decreasing pT (padding last), as real data is stored."""
    key = torch.where(mask, part[..., 0], torch.full_like(part[..., 0], -torch.inf))
    order = key.argsort(dim=1, descending=True, stable=True)  # (B, N)
    return part.gather(1, order[..., None].expand_as(part))


def generate_file(cfg: GenerateJetsConfig, progress: ProgressFn | None = None) -> Path:
    """Sample cfg.n_generate jets, decode them with the tokenizer, write a JetClass ROOT file
    at cfg.out (refused before any work if it exists, unless cfg.overwrite).

    `cfg.tokenizer` None: the tokenizer recorded in the GPT checkpoint. `cfg.label` (a JetClass
    index) is written as the jets' class; by default the class the GPT was trained on when that
    was a single class, else 0 (the meta records the choice).
    """
    from omnijet.data.io import check_output
    from omnijet.data.jetclass import write_jetclass
    from omnijet.tokenizer.base import load_tokenizer

    check_output(cfg.out, cfg.overwrite)  # before loading the model and sampling, not after
    gpt_path, tokenizer_path, n_jets, out_path = cfg.gpt, cfg.tokenizer, cfg.n_generate, cfg.out
    batch_size, temperature, top_k, seed, label = cfg.batch_size, cfg.temperature, cfg.top_k, cfg.seed, cfg.label
    model, state = load_gpt_state(gpt_path)
    tokenizer_path = tokenizer_path or state.get("tokenizer")
    if tokenizer_path is None:
        raise ConfigError(f"{gpt_path} records no tokenizer: pass the tokenizer checkpoint")
    tokenizer = load_tokenizer(tokenizer_path, "cpu")
    check_vocab(model.cfg, tokenizer, f"tokenizer {tokenizer_path}")
    dev = pick_device(cfg.device)
    t0 = time.time()
    tokens, mask = sample(model.to(dev), n_jets, batch_size, temperature, top_k, seed,
                          progress=progress, precision=cfg.precision, decoder=cfg.decoder)
    gen_s = time.time() - t0
    with torch.no_grad():
        part = tokenizer.decode(tokens, mask).detach().float().cpu()  # (B, N, 3) physical
    part = _pt_ordered(part.masked_fill(~mask[..., None], 0.0), mask)
    trained_labels = sorted(state.get("data", {}).get("label_counts", {}))
    if label is None:
        label = int(trained_labels[0]) if len(trained_labels) == 1 else 0
    batch = JetBatch(part, mask, torch.full((n_jets,), label, dtype=torch.long))
    meta = provenance(
        source="omnijet generated", gpt=str(gpt_path), tokenizer=str(tokenizer_path),
        n_jets=n_jets, seed=seed, temperature=temperature, top_k=top_k, batch_size=batch_size,
        label=label, trained_labels=trained_labels, precision=cfg.precision, decoder=cfg.decoder,
        generation_s=round(gen_s, 3),
        jets_per_s=round(n_jets / max(gen_s, 1e-9), 2), device=str(dev),
    )
    return Path(write_jetclass(out_path, batch, meta))
