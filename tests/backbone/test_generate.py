"""Sampling: KV cache parity with full recompute, special tokens, stopping, seeds."""

from __future__ import annotations

import pytest
import torch

from omnijet.backbone.generate import sample, sample_sequences, sequences_to_tokens
from omnijet.backbone.model import GPT, GPTConfig
from omnijet.errors import ConfigError

K = 16


def _model(seed: int = 0, stop_bias: float = 0.0) -> GPT:
    torch.manual_seed(seed)
    model = GPT(GPTConfig.preset("tiny", codebook_size=K)).eval()
    with torch.no_grad():
        model.head.bias[model.cfg.stop] += stop_bias  # shorter jets keep the tests fast
    return model


@pytest.mark.parametrize("temperature, top_k", [(0.0, None), (1.0, None), (0.8, 5)])
def test_cached_generation_equals_full_recompute(temperature, top_k):
    model = _model(stop_bias=2.0)
    kw = dict(n_jets=24, batch_size=10, temperature=temperature, top_k=top_k, seed=3, max_len=40)
    cached = sample_sequences(model, use_cache=True, **kw)
    full = sample_sequences(model, use_cache=False, **kw)
    assert torch.equal(cached, full)
    lengths = (cached[:, 1:] < K).sum(1)
    if temperature > 0:  # sampled jets differ in length, so jets stop at different steps
        assert len(set(lengths.tolist())) > 3


def test_seed_reproduces_and_changes_jets():
    model = _model(stop_bias=2.0)
    a = sample_sequences(model, 16, batch_size=8, seed=1, max_len=30)
    b = sample_sequences(model, 16, batch_size=8, seed=1, max_len=30)
    c = sample_sequences(model, 16, batch_size=8, seed=2, max_len=30)
    assert torch.equal(a, b) and not torch.equal(a, c)


def test_sequences_never_contain_start_or_pad_before_stop():
    model = _model()
    cfg = model.cfg
    with torch.no_grad():  # make START and PAD the most likely tokens: they must still not appear
        model.head.bias[cfg.start] += 50.0
        model.head.bias[cfg.pad] += 40.0
        model.head.bias[cfg.stop] += 3.0
    seq = sample_sequences(model, 32, batch_size=16, seed=0, max_len=20)
    assert (seq[:, 0] == cfg.start).all()
    body = seq[:, 1:]
    assert not (body == cfg.start).any()
    is_stop = body == cfg.stop
    assert (is_stop.sum(1) == 1).all()  # exactly one STOP per jet (forced at max_len at the latest)
    stop_pos = is_stop.int().argmax(1)
    pos = torch.arange(body.shape[1])[None, :]
    before = pos < stop_pos[:, None]
    assert (body[before] < K).all() and (body[pos > stop_pos[:, None]] == cfg.pad).all()
    assert (stop_pos >= 1).all()  # never an empty jet


@pytest.mark.parametrize("use_cache", [True, False])
def test_finished_jets_waiting_in_the_batch_stay_padded(use_cache):
    """Finished jets stay in the batch until enough have finished (compact_at); the tokens
    sampled for them meanwhile must never reach the output."""
    model, pad = _model(stop_bias=1.5), _model().cfg.pad
    for compact_at in (1.0, 0.75, 0.0):  # 1.0: drop at once; 0.0: never drop until all stopped
        seq = sample_sequences(model, 32, batch_size=32, seed=0, max_len=40, use_cache=use_cache,
                               compact_at=compact_at)
        body = seq[:, 1:]
        stop_pos = (body == model.cfg.stop).int().argmax(1)
        after = torch.arange(body.shape[1])[None, :] > stop_pos[:, None]
        assert len(set(stop_pos.tolist())) > 5 and after.any()
        assert (body[after] == pad).all()


def test_max_len_and_forced_length():
    model = _model(stop_bias=5.0)
    tokens, mask = sample(model, 6, batch_size=6, seed=0, max_len=12, allow_stop=False)
    assert tokens.shape == (6, 12) and mask.all() and (tokens < K).all()
    tokens, mask = sample(model, 6, batch_size=6, seed=0, max_len=12)
    assert mask.sum(1).max() <= 12 and mask.sum(1).min() >= 1
    assert tokens.dtype == torch.int64 and (tokens[~mask] == 0).all()


def test_batch_stops_early_once_every_jet_stopped():
    model = _model(stop_bias=8.0)  # almost every jet stops right after one constituent
    seq = sample_sequences(model, 20, batch_size=20, seed=0, max_len=100)
    assert seq.shape[1] < 20  # START + a few codes + STOP, not 102 columns


def test_sequences_to_tokens_keeps_codes_before_stop_only():
    cfg = GPTConfig.preset("tiny", codebook_size=K)
    seq = torch.tensor([[cfg.start, 3, 4, cfg.stop, cfg.pad], [cfg.start, 5, cfg.stop, cfg.pad, cfg.pad]])
    tokens, mask = sequences_to_tokens(seq, K)
    assert tokens.tolist() == [[3, 4], [5, 0]] and mask.tolist() == [[True, True], [True, False]]


@pytest.mark.parametrize("kw, match", [
    (dict(temperature=-1.0), "temperature"), (dict(top_k=0), "top_k"),
    (dict(max_len=500), "max_len"), (dict(batch_size=0), "batch_size"),
    (dict(compact_at=1.5), "compact_at"),
])
def test_bad_sampling_options_are_clear_errors(kw, match):
    with pytest.raises(ConfigError, match=match):
        sample(_model(), 4, **kw)


def test_static_cache_logits_equal_full_recompute_and_list_cache():
    from omnijet.backbone.model import StaticKVCache

    model = _model()
    seq = torch.randint(0, K, (3, 9))
    full, _ = model(seq)
    cache = StaticKVCache(model.cfg.n_blocks, 9)
    a, _ = model(seq[:, :4], cache)
    b, _ = model(seq[:, 4:5], cache)
    c, _ = model(seq[:, 5:], cache)
    torch.testing.assert_close(torch.cat([a, b, c], 1), full, atol=1e-5, rtol=1e-5)
    cache = StaticKVCache(model.cfg.n_blocks, 9)
    model(seq[:, :6], cache)
    cache.keep(torch.tensor([False, True, True]))  # drop the first sequence mid-way
    d, _ = model(seq[1:, 6:], cache)
    torch.testing.assert_close(d, full[1:, 6:], atol=1e-5, rtol=1e-5)


def test_sampling_follows_the_softmax_with_temperature_and_top_k():
    from omnijet.backbone.generate import _pick

    logits = torch.tensor([2.0, 1.0, 0.0, -1.0, float("-inf")]).repeat(40_000, 1)
    gen = torch.Generator().manual_seed(0)
    for temperature, top_k in [(1.0, None), (0.5, None), (2.0, 2)]:
        draws = _pick(logits.clone(), temperature, top_k, gen)
        freq = torch.bincount(draws, minlength=5).double() / len(draws)
        z = logits[0] / temperature
        if top_k:
            z[top_k:] = float("-inf")
        torch.testing.assert_close(freq, z.double().softmax(0), atol=0.01, rtol=0)
        assert freq[4] == 0


def test_two_level_sampler_over_a_large_vocabulary_follows_the_softmax():
    """Blocks of 64 tokens, a vocabulary that is not a multiple of it, -inf at block edges:
    frequencies follow the softmax and a token of zero weight is never drawn."""
    from omnijet.backbone.generate import _pick

    g = torch.Generator().manual_seed(1)
    z = torch.randn(200, generator=g) * 2
    z[[0, 63, 64, 127, 128, 199]] = float("-inf")
    z[130:] = float("-inf")  # a whole block and a half of zero weight at the end
    gen = torch.Generator().manual_seed(0)
    draws = _pick(z.repeat(100_000, 1), 1.0, None, gen)
    freq = torch.bincount(draws, minlength=200).double() / len(draws)
    assert freq[torch.isinf(z)].sum() == 0
    torch.testing.assert_close(freq, z.double().softmax(0), atol=0.004, rtol=0)


def test_sampling_head_bans_start_and_pad_and_pads_to_the_block():
    from omnijet.backbone.generate import BLOCK, sampling_head

    model = _model()
    w, b = sampling_head(model, torch.float32)
    cfg = model.cfg
    assert w.shape[0] % BLOCK == 0 and w.shape[0] >= cfg.vocab_size
    assert torch.isinf(b[[cfg.start, cfg.pad]]).all() and torch.isinf(b[cfg.vocab_size:]).all()
    h = torch.randn(5, cfg.dim)
    keep = [i for i in range(cfg.vocab_size) if i not in (cfg.start, cfg.pad)]
    torch.testing.assert_close((h @ w.t() + b)[:, keep], model.head(h)[:, keep])


def test_bf16_generation_matches_fp32_statistically():
    """The bf16 copy of the model rounds the logits, so single tokens may differ; the jets'
    length distribution and token frequencies must agree with fp32 within sampling noise."""
    model = _model(stop_bias=2.0)
    kw = dict(n_jets=400, batch_size=200, seed=5, max_len=40)
    a = sample_sequences(model, precision="fp32", **kw)
    b = sample_sequences(model, precision="bf16", **kw)
    assert b.dtype == torch.long and (b[:, 0] == model.cfg.start).all()
    la, lb = (a[:, 1:] < K).sum(1).double(), (b[:, 1:] < K).sum(1).double()
    assert abs(la.mean() - lb.mean()) < 4 * la.std() / 400**0.5
    fa = torch.bincount(a[a < K], minlength=K).double()
    fb = torch.bincount(b[b < K], minlength=K).double()
    torch.testing.assert_close(fa / fa.sum(), fb / fb.sum(), atol=0.02, rtol=0)
    n = min(a.shape[1], b.shape[1])  # same random stream: most tokens are identical
    assert (a[:, :n] == b[:, :n]).double().mean() > 0.5


def test_unknown_precision_is_a_clear_error():
    with pytest.raises(ConfigError, match="precision"):
        sample(_model(), 4, precision="fp8")


def test_decode_attention_in_the_cache_gives_the_full_forward_logits():
    """The single-query attention that generation may compile: eager, it must reproduce the
    full forward's logits through the static cache, in fp32 and (looser) in bf16."""
    from omnijet.backbone.model import StaticKVCache, decode_attention

    model = _model()
    seq = torch.randint(0, K, (3, 12))
    for dtype, tol in ((torch.float32, 1e-5), (torch.bfloat16, 0.1)):
        m = model.to(dtype)
        full, _ = m(seq)
        cache = StaticKVCache(m.cfg.n_blocks, 12)
        cache.decode_attention = decode_attention
        parts = [m(seq[:, :5], cache)[0]] + [m(seq[:, i:i + 1], cache)[0] for i in range(5, 12)]
        torch.testing.assert_close(torch.cat(parts, 1).float(), full.float(), atol=tol, rtol=tol)
