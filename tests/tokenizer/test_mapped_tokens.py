"""Mapped token files: round trip, batches and splits equal the in-memory ones, bad files."""

from __future__ import annotations

import os

import numpy as np
import pytest
import torch

from omnijet.errors import DataError
from omnijet.tokenizer.tokens import (
    MappedTokenDataset,
    TokenDataset,
    load_tokens,
    sidecar,
)


def _tokens(n: int = 50, k: int = 300, seed: int = 0) -> TokenDataset:
    g = torch.Generator().manual_seed(seed)
    length = torch.randint(1, 13, (n,), generator=g)
    mask = torch.arange(12)[None, :] < length[:, None]
    return TokenDataset(torch.randint(0, k, (n, 12), generator=g), mask,
                        torch.randint(0, 3, (n,), generator=g), k, {"source": "test"})


def _same(a: TokenDataset, b: TokenDataset) -> None:
    assert torch.equal(a.tokens, b.tokens) and torch.equal(a.mask, b.mask)
    assert torch.equal(a.label, b.label) and a.codebook_size == b.codebook_size


def test_mapped_file_round_trip_batches_and_splits(tmp_path):
    ds = _tokens()
    path = ds.save(tmp_path / "t.pt", mapped=True)
    assert sidecar(path, "codes").is_file() and np.load(sidecar(path, "codes")).dtype == np.int16
    m = load_tokens(path)
    assert isinstance(m, MappedTokenDataset) and len(m) == 50 and m.n_max == 12
    assert isinstance(m.arrays["codes"], np.memmap)  # mapped, not read
    _same(m[slice(None)], ds)
    _same(TokenDataset.load(path), ds)  # the whole-in-memory loader reads both layouts
    idx = torch.tensor([7, 3, 3, 49])
    _same(m[idx], ds[idx])
    for a, b in zip(m.split([0.2, 0.8], seed=4), ds.split([0.2, 0.8], seed=4), strict=True):
        assert isinstance(a, MappedTokenDataset) and len(a) == len(b)
        _same(a[slice(None)], b)
        _same(a[np.array([1, 0])], b[np.array([1, 0])])
        assert a.n_tokens() == b.n_tokens() and a.label_counts() == b.label_counts()
    v1 = load_tokens(ds.save(tmp_path / "v1.pt"))
    assert isinstance(v1, TokenDataset)


def test_pretraining_reads_a_mapped_file(tmp_path):
    from omnijet.config import PretrainConfig
    from omnijet.train.pretrain import run_pretrain

    ds = _tokens(n=60, k=16)
    path = ds.save(tmp_path / "t.pt", mapped=True)
    res = run_pretrain(PretrainConfig(tokens=path, out=tmp_path / "gpt", preset="tiny", epochs=1,
                                      batch_size=16, device="cpu"), progress_bar=False)
    assert np.isfinite(res.best_val_loss)


def test_bad_mapped_files_are_clear_errors(tmp_path):
    ds = _tokens()
    path = ds.save(tmp_path / "t.pt", mapped=True)
    codes = sidecar(path, "codes")
    np.save(tmp_path / "other.npy", np.zeros((3, 3), np.int16))
    os.replace(codes, tmp_path / "codes.bak")
    with pytest.raises(DataError, match="missing"):
        load_tokens(path)
    os.symlink(tmp_path / "other.npy", codes)
    with pytest.raises(DataError, match="regular file"):
        load_tokens(path)
    codes.unlink()
    np.save(codes, np.zeros((50, 11), np.int16))
    with pytest.raises(DataError, match="header says"):
        load_tokens(path)
    np.save(codes, np.full((50, 12), 999, np.int16))  # codes beyond the codebook
    with pytest.raises(DataError, match="out of range"):
        load_tokens(path)[slice(0, 10)]
    with open(codes, "wb") as f:  # a pickled object array is refused, never unpickled
        np.save(f, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(DataError, match="not a readable"):
        load_tokens(path)


def test_fine_tuning_sets_from_a_mapped_file_equal_the_in_memory_ones(tmp_path):
    """Label remapping, the fixed val/test split, the balanced subsets and the data digest are
    the same whether the labelled file is mapped (views, nothing read whole) or in memory."""
    from omnijet.transfer.from_files import load_labelled
    from omnijet.transfer.labelled_tokens import balanced_subset, remap_labels, split_fixed

    ds = TokenDataset(*(lambda d: (d.tokens, d.mask, d.label * 4))(_tokens(n=300)), 300)
    mem = load_labelled([ds.save(tmp_path / "v1.pt")], None)
    mapped = load_labelled([ds.save(tmp_path / "m.pt", mapped=True)], None)
    assert isinstance(mapped, MappedTokenDataset) and mapped.digest() == mem.digest()
    (a, ca), (b, cb) = remap_labels(mapped), remap_labels(mem)
    assert ca == cb == [0, 4, 8] and isinstance(a, MappedTokenDataset)
    assert a.digest() == b.digest()
    sa, sb = split_fixed(a, 30, 30, 60, seed=2), split_fixed(b, 30, 30, 60, seed=2)
    assert isinstance(sa[0], MappedTokenDataset)
    for x, y in zip(sa, sb, strict=True):
        _same(x[slice(None)], y[slice(None)])
    _same(balanced_subset(sa[0], 45, seed=1), balanced_subset(sb[0], 45, seed=1))
    assert isinstance(load_labelled([tmp_path / "m.pt"], None, max_jets=10), MappedTokenDataset)


def test_appender_writes_chunks_of_unknown_total_as_one_mapped_file(tmp_path):
    from omnijet.tokenizer.tokens import MappedTokenAppender

    parts = [_tokens(n=20, seed=1), _tokens(n=7, seed=2)]
    parts[1] = parts[1][slice(None)]
    parts[1] = TokenDataset(parts[1].tokens[:, :9], parts[1].mask[:, :9], parts[1].label, 300)
    w = MappedTokenAppender(tmp_path / "t.pt", 12, 300, features=False)
    for p in parts:
        w.append(p.tokens, p.mask, p.label)
    path = w.close({"source": "chunks"})
    m = load_tokens(path)
    assert isinstance(m, MappedTokenDataset) and len(m) == 27 and m.n_max == 12
    _same(m[slice(0, 20)], parts[0])
    b = m[slice(20, 27)]
    assert torch.equal(b.tokens[:, :9], parts[1].tokens) and not b.mask[:, 9:].any()
    assert m.meta["source"] == "chunks" and not list(tmp_path.glob(".*raw"))
    w = MappedTokenAppender(tmp_path / "bad.pt", 8, 300, features=False)
    with pytest.raises(DataError, match="slots"):
        w.append(parts[0].tokens, parts[0].mask, parts[0].label)
    w.abort()
    assert not list(tmp_path.glob("bad*")) and not list(tmp_path.glob(".*raw"))


def test_tokenize_file_mapped_gives_the_same_tokens(tmp_path):
    from omnijet.data.jetclass import write_jetclass
    from omnijet.tokenizer.api import tokenize_file
    from omnijet.train.tokenizer import fit_binned
    from tests.conftest import make_toy_batch

    jets = make_toy_batch(120, n_max=12, seed=0)
    train, val = jets.split([0.7, 0.3], seed=0)
    write_jetclass(tmp_path / "j.root", jets, {"toy": True})
    tok = fit_binned(train, val, tmp_path / "tok", bins=4).best_path
    whole = TokenDataset.load(tokenize_file(tok, tmp_path / "j.root", tmp_path / "w.pt",
                                            device="cpu", step_size=50))
    m = load_tokens(tokenize_file(tok, tmp_path / "j.root", tmp_path / "m.pt", device="cpu", step_size=50,
                                  mapped=True))
    assert isinstance(m, MappedTokenDataset) and m.n_max == 128
    b = m[slice(None)]
    n = whole.n_max
    assert torch.equal(b.tokens[:, :n], whole.tokens) and torch.equal(b.mask[:, :n], whole.mask)
    assert torch.equal(b.label, whole.label) and not b.mask[:, n:].any()
    assert m.meta["tokenizer"] == str(tok)
