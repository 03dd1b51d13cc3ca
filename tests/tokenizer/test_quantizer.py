import torch

from omnijet.tokenizer.quantizer import QuantizerConfig, VectorQuantizer, kmeans, nearest_code


def test_chunked_search_equals_brute_force():
    g = torch.Generator().manual_seed(0)
    z, codes = torch.randn(1000, 4, generator=g), torch.randn(300, 4, generator=g)
    idx, d2 = nearest_code(z, codes, chunk_elems=4 * 300 * 7)  # 7 rows per chunk: many chunks
    brute = torch.cdist(z.double(), codes.double()).square()  # independent computation
    assert torch.equal(idx, brute.argmin(1))
    torch.testing.assert_close(d2.double(), brute.min(1).values, rtol=1e-5, atol=1e-6)


def test_cpu_matmul_search_agrees_far_from_the_origin_and_on_near_ties():
    """The CPU path (|c|^2 - 2 z.c in fp64) against the direct fp32 search: data far from the
    origin (where an fp32 expansion would cancel) and codes 1e-4 apart (near-ties)."""
    g = torch.Generator().manual_seed(1)
    codes = 50.0 + torch.randn(200, 4, generator=g)
    codes = torch.cat([codes, codes[:50] + 1e-4])  # near-duplicates
    z = codes[torch.randint(250, (2000,), generator=g)] + 0.3 * torch.randn(2000, 4, generator=g)
    idx, d2 = nearest_code(z, codes)
    direct = (z[:, None] - codes[None]).square().sum(-1)
    assert torch.equal(d2, direct.gather(1, idx[:, None])[:, 0])  # the distance is exact
    assert (d2 <= direct.min(1).values * (1 + 1e-6)).all()  # and the smallest (up to fp32 ties)


def test_search_is_fp32_under_autocast():
    z, codes = torch.randn(50, 4), torch.randn(20, 4)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        idx, d2 = nearest_code(z.bfloat16(), codes)
    assert d2.dtype == torch.float32
    assert torch.equal(idx, nearest_code(z.bfloat16().float(), codes)[0])


def test_kmeans_finds_separated_clusters():
    g = torch.Generator().manual_seed(1)
    centres = torch.tensor([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    x = centres.repeat_interleave(200, 0) + 0.1 * torch.randn(600, 2, generator=g)
    found = kmeans(x, 3, iters=10, seed=0)
    d = torch.cdist(found, centres).min(1).values
    assert (d < 0.1).all(), found


def test_dead_codes_are_revived_with_encoder_outputs():
    cfg = QuantizerConfig(codebook_size=16, dim=2, dead_after=3, replace_noise=0.0)
    vq = VectorQuantizer(cfg).train()
    data = torch.randn(256, 2) * 0.1 + 5.0  # far from the 10 codes we push away
    vq.init_codebook(data, seed=0)
    with torch.no_grad():
        vq.codebook[:10] = -100.0  # these can never be nearest: dead after 3 batches
    for _ in range(3):
        _, idx, _ = vq(data)
        assert (idx >= 10).all()
    assert vq.dead_codes()[:10].all() and not vq.dead_codes()[10:].any()
    vq(data)  # replacement happens at the start of this batch
    codes = vq.codes().detach()
    assert (codes[:10] - 5.0).abs().max() < 1.0, "dead codes not moved onto the data"
    used_after = set(vq(data)[1].tolist())
    assert used_after & set(range(10)), "revived codes are never used"


def test_sync_update_gives_codebook_the_task_gradient():
    cfg = QuantizerConfig(codebook_size=8, dim=2, sync_nu=0.5, beta=0.0)
    vq = VectorQuantizer(cfg).train()
    z = torch.randn(32, 2, requires_grad=True)
    vq.init_codebook(z.detach(), seed=0)
    z_q, idx, info = vq(z)
    torch.testing.assert_close(z_q, vq.lookup(idx))  # forward value is the code
    z_q.sum().backward()  # beta = 0: the codebook term is off, so only sync moves codes
    torch.testing.assert_close(z.grad, torch.ones_like(z))  # straight-through to the encoder
    counts = torch.bincount(idx, minlength=8).float()[:, None]
    scale = 1 + cfg.affine_lr * vq.affine_scale.detach()
    torch.testing.assert_close(vq.codebook.grad, 0.5 * counts * scale.expand(8, 2))


def test_affine_parameters_move_every_code():
    vq = VectorQuantizer(QuantizerConfig(codebook_size=8, dim=2)).train()
    before = vq.codes().detach().clone()
    with torch.no_grad():
        vq.affine_shift += 0.1
    assert ((vq.codes().detach() - before - 0.1 * vq.cfg.affine_lr).abs() < 1e-6).all()


def test_usage_and_perplexity():
    vq = VectorQuantizer(QuantizerConfig(codebook_size=4, dim=1, dead_after=0)).eval()
    with torch.no_grad():
        vq.codebook[:] = torch.tensor([[0.0], [1.0], [2.0], [3.0]])
    _, idx, info = vq(torch.tensor([[0.1], [1.1], [0.9], [0.0]]))
    assert idx.tolist() == [0, 1, 1, 0]
    torch.testing.assert_close(info["perplexity"], torch.tensor(2.0))
    torch.testing.assert_close(info["usage"], torch.tensor(0.5))
