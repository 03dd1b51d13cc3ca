import pytest
import torch

from omnijet.data.preprocess import scale, scaled_features
from omnijet.errors import ConfigError, DataError
from omnijet.tokenizer.base import Tokenizer, load_tokenizer
from omnijet.tokenizer.binned import BinnedTokenizer
from omnijet.tokenizer.tokens import TokenDataset
from omnijet.tokenizer.vqvae import VQVAE, VQVAEConfig, VQVAETokenizer
from tests.conftest import make_toy_batch


def test_binned_decodes_to_cell_centres(tmp_path):
    b = make_toy_batch(50, seed=1)
    tok = BinnedTokenizer.fit(b, bins=7)
    assert tok.codebook_size == 343
    t, m = tok.encode(b)
    dec = scale(tok.decode(t, m))[m]  # back to scaled features: must be cell centres
    lo, w = tok.lo, tok.cell_width()
    frac = (dec - lo) / w  # centre of cell i sits at i + 0.5
    torch.testing.assert_close(frac - frac.floor(), torch.full_like(frac, 0.5), atol=1e-3, rtol=0)
    x = scaled_features(b)[m]
    inside = ((x > tok.lo) & (x < tok.hi)).all(1)
    assert ((dec - x)[inside].abs() <= w / 2 + 1e-4).all()  # the centre of its own cell
    tok2 = load_tokenizer(tok.save(tmp_path / "binned.pt"), "cpu")
    assert torch.equal(tok2.encode(b)[0], t)


def test_binned_bad_input():
    with pytest.raises(ConfigError):
        BinnedTokenizer(0, torch.zeros(3), torch.ones(3))
    tok = BinnedTokenizer(3, torch.zeros(3), torch.ones(3))
    with pytest.raises(DataError, match="out of range"):
        tok.decode(torch.tensor([[27]]), torch.tensor([[True]]))


def test_tokenizers_satisfy_the_protocol():
    assert isinstance(BinnedTokenizer(3, torch.zeros(3), torch.ones(3)), Tokenizer)
    assert isinstance(VQVAETokenizer(VQVAE(VQVAEConfig.preset("tiny"))), Tokenizer)


def test_token_dataset_round_trip_and_indexing(tmp_path):
    tokens = torch.randint(0, 10, (6, 5))
    mask = torch.arange(5)[None] < torch.tensor([5, 4, 3, 2, 1, 5])[:, None]
    ds = TokenDataset(tokens, mask, torch.arange(6) % 2, 10, {"note": "x"})
    assert (ds.tokens[~mask] == 0).all()
    back = TokenDataset.load(ds.save(tmp_path / "t.pt"))
    assert torch.equal(back.tokens, ds.tokens) and torch.equal(back.mask, ds.mask)
    assert back.codebook_size == 10 and back.meta["note"] == "x" and "provenance" in back.meta
    sub = back[torch.tensor([1, 3])]
    assert len(sub) == 2 and torch.equal(sub.label, torch.tensor([1, 1]))
    assert len(back[1:4]) == 3 and sum(len(p) for p in back.split([0.5, 0.5], seed=0)) == 6


def test_token_dataset_bad_input(tmp_path):
    with pytest.raises(DataError, match="out of range"):
        TokenDataset(torch.tensor([[10]]), torch.tensor([[True]]), torch.tensor([0]), 10)
    with pytest.raises(DataError, match="label"):
        TokenDataset(torch.tensor([[1]]), torch.tensor([[True]]), torch.tensor([0, 1]), 10)
    (tmp_path / "junk.pt").write_bytes(b"not a torch file")
    with pytest.raises(DataError, match="corrupt"):
        TokenDataset.load(tmp_path / "junk.pt")
    torch.save({"tokens": 1}, tmp_path / "other.pt")
    with pytest.raises(DataError, match="not an omnijet token file"):
        TokenDataset.load(tmp_path / "other.pt")


def test_files_are_tokenized_in_chunks_with_the_same_tokens(tmp_path):
    """tokenize_file streams its input: chunks of 7 jets give the tokens of one whole batch,
    with max_jets spread over the two files."""
    from omnijet.data.io import load_jets
    from omnijet.data.jetclass import write_jetclass
    from omnijet.tokenizer.api import tokenize_file

    top, qcd = make_toy_batch(30, seed=2), make_toy_batch(23, seed=3)
    files = [write_jetclass(tmp_path / "top.root", top, {"toy": True}),
             write_jetclass(tmp_path / "qcd.root", qcd, {"toy": True})]
    tok = BinnedTokenizer.fit(top, bins=5)
    path = tok.save(tmp_path / "binned.pt")
    streamed = TokenDataset.load(tokenize_file(path, files, tmp_path / "s.pt", step_size=7, device="cpu"))
    whole = load_jets(files)
    t, m = tok.encode(whole)
    n = streamed.n_max
    assert len(streamed) == 53 and torch.equal(streamed.mask, m[:, :n]) and not m[:, n:].any()
    assert torch.equal(streamed.tokens, t[:, :n].masked_fill(~m[:, :n], 0))
    assert torch.equal(streamed.label, whole.label)
    part = TokenDataset.load(tokenize_file(path, files, tmp_path / "p.pt", max_jets=11, step_size=4, device="cpu"))
    assert len(part) == 11 and torch.equal(part.label, torch.cat([top.label[:6], qcd.label[:5]]))
