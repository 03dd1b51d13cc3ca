"""The fused decoding step (omnijet/backbone/decode.py): same hidden states as the model's
forward, same jets as the model's cached path in fp32, same distribution in bf16 and compiled."""

from __future__ import annotations

import pytest
import torch

from omnijet.backbone.decode import block_weights, decode_hidden
from omnijet.backbone.generate import sample_sequences
from omnijet.backbone.model import GPT, GPTConfig
from omnijet.errors import ConfigError

K = 16


def _model(seed: int = 0, stop_bias: float = 2.0, **kw) -> GPT:
    torch.manual_seed(seed)
    model = GPT(GPTConfig.preset("tiny", codebook_size=K).with_(**kw)).eval()
    with torch.no_grad():
        model.head.bias[model.cfg.stop] += stop_bias  # shorter jets keep the tests fast
    return model


def _same_distribution(a: torch.Tensor, b: torch.Tensor) -> None:
    """Two independent samples of jets (different seeds): the constituent multiplicity (KS)
    and the code frequencies (chi-square of the 2 x K table) agree at p > 0.001."""
    from scipy.stats import chi2_contingency, ks_2samp

    la, lb = (a[:, 1:] < K).sum(1), (b[:, 1:] < K).sum(1)
    assert ks_2samp(la.numpy(), lb.numpy()).pvalue > 1e-3
    table = torch.stack([torch.bincount(x[x < K], minlength=K) for x in (a, b)]).numpy()
    assert chi2_contingency(table).pvalue > 1e-3


@torch.no_grad()
def test_decode_hidden_gives_the_full_forward_hidden_states():
    model = _model()
    cfg = model.cfg
    seq = torch.randint(0, K, (3, 10))
    full, _ = model.backbone(seq)  # (3, 10, dim)
    H, D = cfg.n_heads, cfg.dim // cfg.n_heads
    k = torch.zeros(cfg.n_blocks, 3, H, 10, D)
    v = torch.zeros_like(k)
    w, eps = block_weights(model), model.backbone.blocks[0].ln1.eps
    for t in range(10):
        x = model.backbone.embed(seq[:, t])
        h, kn, vn = decode_hidden(w, x, k[:, :, :, :t], v[:, :, :, :t], H, eps)
        k[:, :, :, t], v[:, :, :, t] = kn, vn
        torch.testing.assert_close(h, full[:, t], atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("temperature, top_k", [(0.0, None), (1.0, None), (0.8, 5)])
def test_fused_decoder_gives_the_model_paths_jets_in_fp32(temperature, top_k):
    """Same weights, same random stream: the fused step's rounding differs from SDPA's only in
    the last bits, so every token agrees (a draw within 1e-7 of a CDF boundary could differ)."""
    model = _model()
    kw = dict(n_jets=40, batch_size=16, temperature=temperature, top_k=top_k, seed=3, max_len=40)
    a = sample_sequences(model, **kw)
    b = sample_sequences(model, decoder="fused", **kw)
    assert torch.equal(a, b)
    if temperature > 0:  # jets of different lengths: finished rows left the cache mid-batch
        assert len(set((a[:, 1:] < K).sum(1).tolist())) > 3


def test_fused_decoder_on_a_continuous_input_model():
    model = _model(input_mode="continuous")
    kw = dict(n_jets=12, batch_size=5, seed=2, max_len=30)
    assert torch.equal(sample_sequences(model, **kw), sample_sequences(model, decoder="fused", **kw))


def test_fused_bf16_jets_follow_the_fp32_distribution():
    model = _model()
    kw = dict(n_jets=800, batch_size=200, max_len=40)
    a = sample_sequences(model, precision="fp32", seed=5, **kw)
    _same_distribution(a, sample_sequences(model, precision="bf16", decoder="fused", seed=6, **kw))
    b = sample_sequences(model, precision="bf16", decoder="fused", seed=5, **kw)
    n = min(a.shape[1], b.shape[1])  # same random stream: most tokens are identical
    assert (a[:, :n] == b[:, :n]).double().mean() > 0.5
    with pytest.raises(AssertionError):  # the test can fail: a hotter sampler is told apart
        _same_distribution(a, sample_sequences(model, temperature=1.5, seed=6, **kw))


def test_unknown_decoder_is_a_clear_error():
    with pytest.raises(ConfigError, match="decoder"):
        sample_sequences(_model(), 4, decoder="jit")


@pytest.mark.slow
def test_compiled_step_gives_the_same_jets_as_the_eager_paths():
    """torch.compile of the whole step (~40 s to compile on 2 CPU cores): fp32 jets as the
    model path's (fused kernels round differently: at most a few jets may part after a draw at
    a CDF boundary), bf16 jets in the fp32 distribution."""
    model = _model()
    kw = dict(n_jets=800, batch_size=200, max_len=40)
    a = sample_sequences(model, precision="fp32", seed=5, **kw)
    b = sample_sequences(model, precision="fp32", decoder="compiled", seed=5, **kw)
    assert a.shape == b.shape and (a == b).all(1).double().mean() > 0.99
    _same_distribution(a, sample_sequences(model, precision="bf16", decoder="compiled", seed=6,
                                           **kw))
