"""Tokenized jets: what the GPT backbone reads.

    tokens (B, N) int64: code index per constituent, 0 .. codebook_size-1 (0 where padded)
    mask   (B, N) bool:  True for real constituents (they come first, pT-ordered)
    label  (B,)   int64: jet class (JetClass index, or 0/1 for LHC Olympics)
    features (B, N, 3) float32, optional: each constituent's preprocessed features (log pT - 1.8,
           3 eta_rel, 3 phi_rel; omnijet.data.preprocess.scale), 0 where padded: the inputs of a
           GPT with input_mode "features" (written by `tokenize_file(..., features=True)`)

Saved as one `.pt` file (torch.save of a plain dict of tensors + JSON-able meta with
provenance), so a token file can be inspected without this class.

The mapped layout (`save(path, mapped=True)`, format FORMAT_MAPPED) is for token sets larger
than memory: the `.pt` file holds only the header (format, version, shapes, codebook size,
meta) and the arrays lie beside it as raw `.npy` files, `<name>.codes.npy` (int16/int32),
`<name>.mask.npy` (bool) and `<name>.label.npy` (int64), 386 bytes a jet of 128 slots instead of
1160 (with features also `<name>.features.npy`, float32, 1536 bytes more). `load_tokens` opens them with np.load(mmap_mode="r") (no pickle, as the header is read
weights-only) as a `MappedTokenDataset`: batches are gathered from the mapping, splits are
index views, so memory stays flat in the file's size.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from omnijet.data.batch import Index, as_index
from omnijet.errors import DataError
from omnijet.utils import atomic_path, json_default, load_torch_file, provenance, save_torch_file

FORMAT = "omnijet-tokens-v1"
FORMAT_MAPPED = "omnijet-tokens-mmap"
MAPPED_VERSION = 1
ARRAYS = ("codes", "mask", "label")
FEATURES = "features"  # the optional array
N_FEATURES = 3
CHUNK = 65536  # rows per pass when a mapped set is summed over (counts, labels)


@dataclass
class TokenDataset:
    tokens: torch.Tensor  # (B, N) int64
    mask: torch.Tensor  # (B, N) bool
    label: torch.Tensor  # (B,) int64
    codebook_size: int
    meta: dict[str, Any] = field(default_factory=dict)
    features: torch.Tensor | None = None  # (B, N, 3) float32 or None

    def __post_init__(self) -> None:
        self.tokens = torch.as_tensor(self.tokens).long()
        self.mask = torch.as_tensor(self.mask).bool()
        self.label = torch.as_tensor(self.label).long()
        if self.tokens.ndim != 2 or self.mask.shape != self.tokens.shape:
            raise DataError(
                f"tokens {tuple(self.tokens.shape)} and mask {tuple(self.mask.shape)} must both be (B, N)"
            )
        if self.label.shape != (self.tokens.shape[0],):
            raise DataError(f"label {tuple(self.label.shape)} must be ({self.tokens.shape[0]},)")
        if self.codebook_size < 1:
            raise DataError(f"codebook_size must be >= 1, got {self.codebook_size}")
        real = self.tokens[self.mask]
        if real.numel() and (int(real.min()) < 0 or int(real.max()) >= self.codebook_size):
            raise DataError(
                f"tokens out of range [0, {self.codebook_size}): min {int(real.min())}, "
                f"max {int(real.max())}"
            )
        self.tokens = self.tokens.masked_fill(~self.mask, 0)
        if self.features is not None:
            self.features = torch.as_tensor(self.features).float()
            if self.features.shape != (*self.tokens.shape, N_FEATURES):
                raise DataError(f"features {tuple(self.features.shape)} must be "
                                f"{(*self.tokens.shape, N_FEATURES)}")
            if not torch.isfinite(self.features[self.mask]).all():
                raise DataError("features hold non-finite values")
            self.features = self.features.masked_fill(~self.mask[..., None], 0)

    def __len__(self) -> int:
        return self.tokens.shape[0]

    @property
    def n_max(self) -> int:
        return self.tokens.shape[1]

    @property
    def has_features(self) -> bool:
        return self.features is not None

    @property
    def multiplicity(self) -> torch.Tensor:  # (B,)
        return self.mask.sum(1)

    def __getitem__(self, idx: Index) -> TokenDataset:
        idx = as_index(idx)
        if not isinstance(idx, slice):
            idx = torch.from_numpy(idx).to(self.tokens.device)
        return TokenDataset(self.tokens[idx], self.mask[idx], self.label[idx], self.codebook_size, self.meta,
                            None if self.features is None else self.features[idx])

    def to(self, device: torch.device | str) -> TokenDataset:
        return TokenDataset(self.tokens.to(device), self.mask.to(device), self.label.to(device),
                            self.codebook_size, self.meta,
                            None if self.features is None else self.features.to(device))

    def with_slots(self, n: int) -> TokenDataset:
        """The first n constituent slots of every jet (the leading constituents)."""
        return TokenDataset(self.tokens[:, :n], self.mask[:, :n], self.label, self.codebook_size, self.meta,
                            None if self.features is None else self.features[:, :n])

    def with_labels(self, label: torch.Tensor) -> TokenDataset:
        return TokenDataset(self.tokens, self.mask, label, self.codebook_size, self.meta, self.features)

    def split(self, fractions: Sequence[float], seed: int) -> list[TokenDataset]:
        """Shuffle, then split into consecutive parts with the given fractions (sum <= 1)."""
        return [self[part] for part in split_indices(len(self), fractions, seed)]

    def n_tokens(self) -> int:
        """Real constituents over all jets."""
        return int(self.mask.sum())

    def view(self, idx: Index) -> TokenDataset:
        """The jets `idx` (a copy in memory; MappedTokenDataset.view is an index view)."""
        return self[idx]

    def digest(self) -> str:
        """sha256 (16 hex digits) of the int64 codes, the mask and the labels (and the float32
        features when the set has them)."""
        h = hashlib.sha256()
        for t in (self.tokens, self.mask, self.label) + (() if self.features is None else (self.features,)):
            h.update(t.cpu().numpy().tobytes())
        return h.hexdigest()[:16]

    def label_counts(self) -> dict[int, int]:
        values, counts = np.unique(self.label.cpu().numpy(), return_counts=True)
        return {int(v): int(c) for v, c in zip(values, counts, strict=True)}

    def save(self, path: str | Path, mapped: bool = False) -> Path:
        """One `.pt` file, or with `mapped` a header `.pt` + raw `.npy` arrays beside it."""
        path = Path(path)
        if mapped:
            return _save_mapped(self, path)
        payload = {
            "format": FORMAT,
            "tokens": self.tokens.cpu(),
            "mask": self.mask.cpu(),
            "label": self.label.cpu(),
            "codebook_size": int(self.codebook_size),
            "meta": _plain({**self.meta, "provenance": self.meta.get("provenance") or provenance()}),
        }
        if self.features is not None:
            payload[FEATURES] = self.features.cpu()
        save_torch_file(payload, path)
        return path

    @staticmethod
    def load(path: str | Path) -> TokenDataset:
        """The whole token set in memory, from either layout (see `load_tokens` for mapping)."""
        d = load_torch_file(path, DataError, "token file")
        if isinstance(d, dict) and d.get("format") == FORMAT_MAPPED:
            return MappedTokenDataset.open(path, d)[slice(None)]
        return TokenDataset._from_payload(path, d)

    @staticmethod
    def _from_payload(path: str | Path, d: Any) -> TokenDataset:
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise DataError(f"{path} is not an omnijet token file (format {FORMAT!r} expected)")
        try:
            return TokenDataset(d["tokens"], d["mask"], d["label"], d["codebook_size"], d["meta"], d.get(FEATURES))
        except DataError as e:
            raise DataError(f"{path}: {e}") from None


def _plain(meta: dict[str, Any]) -> dict[str, Any]:
    """JSON-able python types only, so the file loads with torch.load(weights_only=True)."""
    return json.loads(json.dumps(meta, default=json_default))


def split_indices(n: int, fractions: Sequence[float], seed: int) -> list[np.ndarray]:
    """A seeded permutation of range(n) cut into consecutive parts of the given fractions."""
    assert sum(fractions) <= 1 + 1e-9, fractions
    perm = np.random.default_rng(seed).permutation(n)
    bounds = np.cumsum([0, *[round(f * n) for f in fractions]])
    return [perm[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def sidecar(path: Path, name: str) -> Path:
    """Where array `name` of the mapped token file `path` lies: derived from the header's own
    path, never read from the header, so a crafted header cannot point anywhere else."""
    return path.with_name(f"{path.name}.{name}.npy")


def _codes_dtype(codebook_size: int) -> np.dtype:
    return np.dtype(np.int16 if codebook_size <= np.iinfo(np.int16).max + 1 else np.int32)


def _save_mapped(ds: TokenDataset, path: Path) -> Path:
    with mapped_writer(path, len(ds), ds.n_max, ds.codebook_size, ds.meta, features=ds.features is not None) as arrays:
        arrays["codes"][:] = ds.tokens.cpu().numpy()
        arrays["mask"][:] = ds.mask.cpu().numpy()
        arrays["label"][:] = ds.label.cpu().numpy()
        if ds.features is not None:
            arrays[FEATURES][:] = ds.features.cpu().numpy()
    return path


def _shapes(n_jets: int, n_max: int, codebook_size: int, features: bool) -> dict[str, tuple[tuple[int, ...], np.dtype]]:
    """Each array's (shape, dtype) in the mapped layout."""
    out = {"codes": ((n_jets, n_max), _codes_dtype(codebook_size)),
           "mask": ((n_jets, n_max), np.dtype(bool)), "label": ((n_jets,), np.dtype(np.int64))}
    if features:
        out[FEATURES] = ((n_jets, n_max, N_FEATURES), np.dtype(np.float32))
    return out


@contextlib.contextmanager
def mapped_writer(path: str | Path, n_jets: int, n_max: int, codebook_size: int,
                  meta: dict[str, Any] | None = None, *, features: bool) -> Iterator[dict[str, np.ndarray]]:
    """Write a mapped token file of known size piece by piece: yields writable memory maps
    {"codes" (n_jets, n_max), "mask" (n_jets, n_max), "label" (n_jets,)} to fill (codes 0 where
    padded); the header is written last, once the block succeeds, so an interrupted writer
    leaves no file that looks complete (with `features`, also "features" (n_jets, n_max, 3)).
    Memory stays flat in n_jets."""
    path = Path(path)
    shapes = _shapes(n_jets, n_max, codebook_size, features)
    with contextlib.ExitStack() as stack:
        tmps = {k: stack.enter_context(atomic_path(sidecar(path, k))) for k in shapes}
        arrays = {k: np.lib.format.open_memmap(tmps[k], mode="w+", dtype=dt, shape=shape)
                  for k, (shape, dt) in shapes.items()}
        yield arrays
        for a in arrays.values():
            a.flush()
        del arrays
    save_torch_file(_mapped_header(n_jets, n_max, codebook_size, shapes, meta), path)


def _mapped_header(n_jets: int, n_max: int, codebook_size: int,
                   shapes: dict[str, tuple[tuple[int, ...], np.dtype]],
                   meta: dict[str, Any] | None) -> dict[str, Any]:
    meta = meta or {}
    return {
        "format": FORMAT_MAPPED, "version": MAPPED_VERSION, "n_jets": n_jets, "n_max": n_max,
        "codebook_size": int(codebook_size),
        "arrays": {k: {"dtype": str(dt), "shape": list(shape)} for k, (shape, dt) in shapes.items()},
        "meta": _plain({**meta, "provenance": meta.get("provenance") or provenance()}),
    }


class MappedTokenAppender:
    """Write a mapped token file of unknown size chunk by chunk: `append` pads each chunk to
    `n_max` slots and appends it to raw temporary files; `close` turns them into the .npy
    arrays (header, then the raw bytes copied in blocks) and writes the header .pt last.
    Memory holds one chunk, whatever the number of jets."""

    def __init__(self, path: str | Path, n_max: int, codebook_size: int, *, features: bool):
        self.path, self.n_max, self.codebook_size = Path(path), n_max, codebook_size
        self.features = features
        self.dtypes = {k: dt for k, (_, dt) in _shapes(0, n_max, codebook_size, features).items()}
        self.raw = {k: self.path.with_name(f".{self.path.name}.{k}.{os.getpid()}.raw")
                    for k in self.dtypes}
        self.files = {k: open(f, "wb") for k, f in self.raw.items()}  # noqa: SIM115
        self.n = 0

    def append(self, tokens: torch.Tensor, mask: torch.Tensor, label: torch.Tensor,
               features: torch.Tensor | None = None) -> None:
        if (features is not None) != self.features:
            raise DataError(f"the file is written {'with' if self.features else 'without'} features")
        chunk = TokenDataset(tokens, mask, label, self.codebook_size, features=features)  # checked like any
        if chunk.n_max > self.n_max:
            raise DataError(f"a chunk has {chunk.n_max} slots, the file {self.n_max}")
        pad = (0, self.n_max - chunk.n_max)
        parts = [("codes", torch.nn.functional.pad(chunk.tokens, pad)),
                 ("mask", torch.nn.functional.pad(chunk.mask, pad)), ("label", chunk.label)]
        if chunk.features is not None:
            parts.append((FEATURES, torch.nn.functional.pad(chunk.features, (0, 0, *pad))))
        for name, t in parts:
            self.files[name].write(t.numpy().astype(self.dtypes[name]).tobytes())
        self.n += len(chunk)

    def abort(self) -> None:
        """Drop what was appended; no file is left."""
        for f in self.files.values():
            f.close()
        for f in self.raw.values():
            f.unlink(missing_ok=True)

    def close(self, meta: dict[str, Any] | None = None) -> Path:
        try:
            for f in self.files.values():
                f.close()
            shapes = _shapes(self.n, self.n_max, self.codebook_size, self.features)
            for k, (shape, dt) in shapes.items():
                with atomic_path(sidecar(self.path, k)) as tmp, open(tmp, "wb") as out, \
                        open(self.raw[k], "rb") as raw:
                    np.lib.format.write_array_header_1_0(out, {
                        "descr": np.lib.format.dtype_to_descr(dt), "fortran_order": False,
                        "shape": shape})
                    shutil.copyfileobj(raw, out, 1 << 22)
            header = _mapped_header(self.n, self.n_max, self.codebook_size, shapes, meta)
            return save_torch_file(header, self.path)
        finally:
            for f in self.raw.values():
                f.unlink(missing_ok=True)


def _open_array(path: Path, name: str, header: dict[str, Any]) -> np.ndarray:
    f = sidecar(path, name)
    try:
        st = os.lstat(f)
    except OSError:
        raise DataError(f"{path}: its {name} array {f.name} is missing") from None
    if not stat.S_ISREG(st.st_mode):  # no symlink, FIFO or device in place of the data
        raise DataError(f"{path}: {f.name} is not a regular file")
    try:
        arr = np.load(f, mmap_mode="r", allow_pickle=False)
    except (ValueError, OSError) as e:
        raise DataError(f"{path}: {f.name} is not a readable .npy array ({e})") from None
    want = header["arrays"][name]
    if str(arr.dtype) != want["dtype"] or list(arr.shape) != want["shape"]:
        raise DataError(f"{path}: {f.name} holds {arr.dtype} {list(arr.shape)}, the header "
                        f"says {want['dtype']} {want['shape']}")
    return arr


class MappedTokenDataset:
    """A token set read from memory-mapped arrays: `ds[idx]` gathers those jets into an
    in-memory TokenDataset (checked like any), `split` gives index views of the same mapping.
    Nothing is read until a batch asks for it; anonymous memory grows only with the index
    (8 bytes a jet) and the batches."""

    def __init__(self, path: Path, arrays: dict[str, np.ndarray], codebook_size: int,
                 meta: dict[str, Any], index: np.ndarray | None = None):
        self.path, self.arrays, self.codebook_size, self.meta = path, arrays, codebook_size, meta
        self.index = index  # rows of the file in this view, None = all
        self.lut: np.ndarray | None = None  # label remapping (relabel)

    @staticmethod
    def open(path: str | Path, header: dict[str, Any] | None = None) -> MappedTokenDataset:
        path = Path(path)
        d = header if header is not None else load_torch_file(path, DataError, "token file")
        if not isinstance(d, dict) or d.get("format") != FORMAT_MAPPED:
            raise DataError(f"{path} is not a mapped omnijet token file")
        if d.get("version") != MAPPED_VERSION or not isinstance(d.get("arrays"), dict):
            raise DataError(f"{path}: mapped token format version {d.get('version')!r} is not "
                            f"{MAPPED_VERSION}")
        try:
            names = ARRAYS + ((FEATURES,) if FEATURES in d["arrays"] else ())
            arrays = {name: _open_array(path, name, d) for name in names}
        except (KeyError, TypeError):
            raise DataError(f"{path}: malformed mapped token header") from None
        n, n_max = d.get("n_jets"), d.get("n_max")
        if arrays["codes"].shape != (n, n_max) or arrays["mask"].shape != (n, n_max) \
                or arrays["label"].shape != (n,) \
                or (FEATURES in arrays and arrays[FEATURES].shape != (n, n_max, N_FEATURES)):
            raise DataError(f"{path}: array shapes disagree with {n} jets of {n_max} slots")
        return MappedTokenDataset(path, arrays, int(d["codebook_size"]), d.get("meta") or {})

    def __len__(self) -> int:
        return len(self.arrays["label"]) if self.index is None else len(self.index)

    @property
    def n_max(self) -> int:
        return self.arrays["codes"].shape[1]

    @property
    def has_features(self) -> bool:
        return FEATURES in self.arrays

    def view(self, idx: Index) -> MappedTokenDataset:
        """The jets `idx` as an index view of the same mapping (nothing is read)."""
        base = np.arange(len(self)) if self.index is None else self.index
        return self._with(base[as_index(idx)])

    def relabel(self, lut: np.ndarray) -> MappedTokenDataset:
        """A view whose labels are lut[label] (class remapping without a copy of the jets)."""
        out = self._with(self.index)
        out.lut = np.asarray(lut, dtype=np.int64)
        return out

    def _with(self, index: np.ndarray | None) -> MappedTokenDataset:
        out = MappedTokenDataset(self.path, self.arrays, self.codebook_size, self.meta, index)
        out.lut = self.lut
        return out

    @property
    def label(self) -> torch.Tensor:
        """(B,) int64 labels of this view (8 bytes a jet in memory)."""
        lab = np.array(self.arrays["label"][self._rows(slice(None))])
        return torch.from_numpy(lab if self.lut is None else self.lut[lab])

    def digest(self) -> str:
        """TokenDataset.digest of the same jets, computed chunk by chunk."""
        h = hashlib.sha256()
        dtypes = {"codes": np.int64, "mask": bool, "label": np.int64, FEATURES: np.float32}
        for name in self.arrays:
            for c in self._chunks(name):
                c = self.lut[c] if name == "label" and self.lut is not None else c
                h.update(np.ascontiguousarray(c, dtype=dtypes[name]).tobytes())
        return h.hexdigest()[:16]

    def _rows(self, idx: Index) -> slice | np.ndarray:
        idx = as_index(idx)
        if self.index is None:
            return idx
        return self.index[idx]

    def __getitem__(self, idx: Index) -> TokenDataset:
        rows = self._rows(idx)
        a = self.arrays
        return TokenDataset(torch.from_numpy(a["codes"][rows].astype(np.int64)),
                            torch.from_numpy(np.array(a["mask"][rows])),
                            torch.from_numpy(self._labels(rows)), self.codebook_size, self.meta,
                            torch.from_numpy(np.array(a[FEATURES][rows])) if FEATURES in a else None)

    def _labels(self, rows: slice | np.ndarray) -> np.ndarray:
        lab = np.array(self.arrays["label"][rows])
        return lab if self.lut is None else self.lut[lab]

    def split(self, fractions: Sequence[float], seed: int) -> list[MappedTokenDataset]:
        """The same parts as TokenDataset.split (same seed), as index views."""
        return [self.view(p) for p in split_indices(len(self), fractions, seed)]

    def _chunks(self, name: str):
        for i in range(0, len(self), CHUNK):
            yield self.arrays[name][self._rows(slice(i, i + CHUNK))]

    def n_tokens(self) -> int:
        return int(sum(int(c.sum()) for c in self._chunks("mask")))

    def label_counts(self) -> dict[int, int]:
        total: dict[int, int] = {}
        for c in self._chunks("label"):
            c = c if self.lut is None else self.lut[c]
            values, counts = np.unique(c, return_counts=True)
            for v, k in zip(values, counts, strict=True):
                total[int(v)] = total.get(int(v), 0) + int(k)
        return dict(sorted(total.items()))


def load_tokens(path: str | Path) -> TokenDataset | MappedTokenDataset:
    """A token file as it lies: mapped (MappedTokenDataset) or whole in memory (TokenDataset)."""
    d = load_torch_file(path, DataError, "token file")
    if isinstance(d, dict) and d.get("format") == FORMAT_MAPPED:
        return MappedTokenDataset.open(path, d)
    return TokenDataset._from_payload(path, d)  # the file is read once
