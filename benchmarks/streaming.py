"""Memory of tokenizing a JetClass file: streamed in chunks (iter_jets) vs read whole.

    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/streaming.py

The benchmark file is the 2000-jet top file of benchmarks/common.py (the tokenizer
benchmark's size); the 10x file repeats its jets ten times (20,000 jets, written here as a
JetClass TTree). Each measurement runs in a fresh process and reports its peak resident
memory (VmHWM) and the growth over the same process after imports, with the tokenizer
built (conditional VQ-VAE, small preset, untrained weights: the memory of encoding does not
depend on the weights).

    stream       tokenize_file(step_size): what `omnijet-agent tokenize` runs (chunks of jets
                 encoded one at a time; the tokens so far are kept)
    whole        load_jets (the whole file as one JetBatch) -> encode, as `tokenize` did before
    read-stream  iter_jets(step_size) only (the reader's own memory, no encoding)
    read-whole   load_jets only

Every read goes through iter_jetclass, which fixes glibc's mmap threshold
(omnijet.utils.fixed_mmap_threshold).

Writes benchmarks/results/streaming.json (x1 and x10, every mode). The 30x file, streamed:
    python benchmarks/streaming.py --factors 1,30 --modes read-stream,stream \\
        --out benchmarks/results/streaming_x30.json

Pretraining's memory (--pretrain): a token file of x times 20,000 random jets (8192 codes,
20-100 constituents), in the mapped layout (header + .npy arrays, read through memory maps)
or the single .pt file (read whole); `run_pretrain` at the small preset, one epoch of
--pretrain-steps steps of 128 jets, against one fixed 500-jet validation file. Mapped pages
count in the resident size, so the peak anonymous memory (RssAnon, sampled every 2 ms) is the
figure that must stay flat; VmHWM is reported beside it.
    python benchmarks/streaming.py --pretrain --factors 1,10,30 \\
        --out benchmarks/results/streaming_pretrain.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
from _common import ROOT, parser


def _status_mib(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _current_mib() -> float:
    return _status_mib("VmRSS")


def _rss_mib() -> float:
    """Peak resident memory of this process since its exec (VmHWM). Not ru_maxrss: Linux
    carries the forking parent's resident size into the child's ru_maxrss, so a parent that
    has just written a large file would set the floor of every child's peak."""
    return _status_mib("VmHWM")


def child(path: str, mode: str, step: int) -> dict:
    import torch

    from omnijet.data.io import iter_jets, load_jets
    from omnijet.tokenizer.vqvae import VQVAE, VQVAEConfig, VQVAETokenizer

    torch.set_num_threads(1)
    torch.manual_seed(0)
    tok = VQVAETokenizer(VQVAE(VQVAEConfig.preset("small", arch="conditional")).eval())
    base = _current_mib()
    t0 = time.perf_counter()
    n = 0
    if mode.startswith("read"):
        if mode == "read-stream":
            for b in iter_jets(path, step_size=step):
                n += len(b)
        else:
            n = len(load_jets(path))
        tokens = torch.zeros(0, dtype=torch.int16)
    elif mode == "stream":  # what `omnijet-agent tokenize` runs
        from omnijet.tokenizer.api import tokenize_file
        from omnijet.tokenizer.tokens import TokenDataset

        with tempfile.TemporaryDirectory() as tmp:
            ckpt = tok.save(Path(tmp) / "tok.pt")
            base = _current_mib()
            out = tokenize_file(ckpt, path, Path(tmp) / "tokens.pt", device="cpu", step_size=step)
            tokens = TokenDataset.load(out).tokens.to(torch.int16)
        n = len(tokens)
    else:
        b = load_jets(path)
        t, m = tok.encode(b)
        tokens = t.to(torch.int16)
        n = len(b)
    return {"mode": mode, "jets": n, "step_size": step if mode.endswith("stream") else None,
            "tokens_mib": tokens.numel() * 2 / 2**20, "seconds": time.perf_counter() - t0,
            "rss_after_setup_mib": base, "peak_rss_mib": _rss_mib(),
            "growth_mib": _rss_mib() - base}


class AnonPeak:
    """Peak RssAnon of this process, sampled by a daemon thread every `period` seconds."""

    def __init__(self, period: float = 0.002):
        import threading

        self.peak = _status_mib("RssAnon")
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, args=(period,), daemon=True)
        self._t.start()

    def _run(self, period: float) -> None:
        while not self._stop.wait(period):
            self.peak = max(self.peak, _status_mib("RssAnon"))

    def stop(self) -> float:
        self._stop.set()
        self._t.join()
        return max(self.peak, _status_mib("RssAnon"))


PRETRAIN_JETS = 20_000  # jets of a x1 pretraining token file
PRETRAIN_MODES = ("pretrain-mapped", "pretrain-whole")


def make_token_file(n_jets: int, out: Path, mapped: bool, seed: int) -> Path:
    """n_jets random jets (8192 codes, 20-100 constituents), written chunk by chunk when mapped."""
    import numpy as np
    import torch

    from omnijet.tokenizer.tokens import TokenDataset, mapped_writer

    rng = np.random.default_rng(seed)
    if not mapped:
        n = torch.from_numpy(rng.integers(20, 101, n_jets))
        mask = torch.arange(128)[None, :] < n[:, None]
        codes = torch.from_numpy(rng.integers(0, 8192, (n_jets, 128)))
        return TokenDataset(codes, mask, torch.zeros(n_jets, dtype=torch.long), 8192).save(out)
    with mapped_writer(out, n_jets, 128, 8192, {"benchmark": "streaming"}, features=False) as a:
        for i in range(0, n_jets, 50_000):
            j = min(i + 50_000, n_jets)
            n = rng.integers(20, 101, j - i)
            mask = np.arange(128)[None, :] < n[:, None]
            a["codes"][i:j] = rng.integers(0, 8192, (j - i, 128)) * mask
            a["mask"][i:j] = mask
            a["label"][i:j] = 0
    return out


def pretrain_child(path: str, mode: str, steps: int) -> dict:
    import torch

    from omnijet.config import PretrainConfig
    from omnijet.train.pretrain import run_pretrain

    torch.set_num_threads(1)
    val = str(Path(path).with_name("val.pt"))
    base = _current_mib()
    peak = AnonPeak()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        run_pretrain(PretrainConfig(tokens=path, val_tokens=val, out=Path(tmp) / "gpt",
                                    preset="small", epochs=1, batch_size=128, device="cpu",
                                    max_steps_per_epoch=steps), progress_bar=False)
    anon = peak.stop()
    return {"mode": mode, "seconds": time.perf_counter() - t0, "rss_after_setup_mib": base,
            "peak_rss_mib": _rss_mib(), "peak_anon_mib": anon, "steps": steps}


def pretrain_rows(factors: list[int], modes: list[str], steps: int, tmp: Path) -> list[dict]:
    rows = []
    for copies in factors:
        for mode in modes:
            if mode == "pretrain-whole" and copies > 10:
                continue  # the whole-file run at 30x is 0.7 GB more of a shared machine
            d = tmp / f"{mode}_x{copies}"
            d.mkdir()
            make_token_file(500, d / "val.pt", mapped=False, seed=1)
            path = make_token_file(PRETRAIN_JETS * copies, d / "train.pt",
                                   mapped=mode == "pretrain-mapped", seed=0)
            size = sum(f.stat().st_size for f in d.glob("train.pt*")) / 2**20
            r = subprocess.run([sys.executable, __file__, "--pretrain-child", str(path), mode,
                                str(steps)], capture_output=True, text=True, check=True)
            row = {"file_jets_x": copies, "jets": PRETRAIN_JETS * copies, "file_mib": size,
                   **json.loads(r.stdout.splitlines()[-1])}
            rows.append(row)
            print(f"x{copies} {mode} ({size:.0f} MiB): peak anon {row['peak_anon_mib']:.0f} "
                  f"MiB, VmHWM {row['peak_rss_mib']:.0f} MiB, {row['seconds']:.1f} s", flush=True)
            for f in d.glob("*"):
                f.unlink()
    return rows


def make_file(n_copies: int, out: Path) -> Path:
    from common import dataset

    from omnijet.data.batch import JetBatch
    from omnijet.data.io import load_jets
    from omnijet.data.jetclass import write_jetclass

    src = dataset("top", 2000, seed=100)
    if n_copies == 1:
        return src
    b = load_jets(src)
    return write_jetclass(out, JetBatch.concat([b] * n_copies), {"benchmark": "streaming",
                                                                   "copies_of": str(src)})


MODES = ("read-stream", "read-whole", "stream", "whole")


def main() -> None:
    ap = parser(__doc__, brief=True)
    ap.add_argument("--child", nargs=3, metavar=("PATH", "MODE", "STEP"), help=argparse.SUPPRESS)
    ap.add_argument("--pretrain-child", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--pretrain", action="store_true",
                    help="pretraining's memory on mapped vs whole token files (see above)")
    ap.add_argument("--pretrain-steps", type=int, default=10)
    ap.add_argument("--step-size", type=int, default=2000, help="jets per streamed chunk")
    ap.add_argument("--factors", default="1,10", help="file sizes, in copies of the 2000 jets")
    ap.add_argument("--modes", default=",".join(MODES), help=f"some of {', '.join(MODES)}")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "streaming.json")
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child[0], a.child[1], int(a.child[2]))))
        return
    if a.pretrain_child:
        print(json.dumps(pretrain_child(a.pretrain_child[0], a.pretrain_child[1],
                                        int(a.pretrain_child[2]))))
        return
    factors = [int(f) for f in a.factors.split(",")]
    if a.pretrain:
        with tempfile.TemporaryDirectory(prefix="omnijet-stream-") as tmp:
            rows = pretrain_rows(factors, list(PRETRAIN_MODES), a.pretrain_steps, Path(tmp))
        growth = {m: {f"x{r['file_jets_x']}": r["peak_anon_mib"] for r in rows
                      if r["mode"] == m} for m in PRETRAIN_MODES}
        result = {"what": "pretraining peak memory, mapped vs whole token files",
                  "command": "python benchmarks/streaming.py " + " ".join(sys.argv[1:]),
                  "rows": rows, "peak_anon_mib": growth, "cpu_threads": 1,
                  "note": "peak_anon_mib is the peak RssAnon of the whole pretraining process "
                          "(imports, model, optimizer, batches); mapped pages are file-backed "
                          "and counted in VmHWM only."}
        a.out.write_text(json.dumps(result, indent=2) + "\n")
        print(f"-> {a.out}")
        return
    modes = [m for m in a.modes.split(",") if m]
    if unknown := set(modes) - set(MODES):
        ap.error(f"unknown mode(s) {sorted(unknown)}: choose from {', '.join(MODES)}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="omnijet-stream-") as tmp:
        for copies in factors:
            path = make_file(copies, Path(tmp) / f"top_x{copies}.root")
            size = path.stat().st_size / 2**20
            for mode in modes:
                r = subprocess.run([sys.executable, __file__, "--child", str(path), mode,
                                    str(a.step_size)], capture_output=True, text=True, check=True)
                row = {"file_jets_x": copies, "file_mib": size, **json.loads(r.stdout.splitlines()[-1])}
                rows.append(row)
                print(f"x{copies} ({size:.1f} MiB) {mode}: {row['jets']} jets, peak RSS "
                      f"{row['peak_rss_mib']:.0f} MiB (+{row['growth_mib']:.0f} over setup), "
                      f"{row['seconds']:.1f} s", flush=True)
    result = {
        "what": __doc__.splitlines()[0],
        "command": "python benchmarks/streaming.py " + " ".join(sys.argv[1:]),
        "rows": rows,
        "growth_mib": {m: {f"x{r['file_jets_x']}": r["growth_mib"] for r in rows if r["mode"] == m}
                       for m in modes},
        "note": "growth = peak RSS minus RSS after imports and tokenizer set-up. The peak of "
                "every encoding mode is the encoder's attention over one batch of 1024 jets; the "
                "streamed run also keeps the output tokens (jets x 128), which grow with the "
                "file (about 1 MiB per 1000 jets). Before the reader fixed glibc's mmap "
                "threshold, the streamed growth went from +838 (x1) to +1098 MiB (x10): freed "
                "blocks stayed in a heap that the kept tokens fragmented.",
        "cpu_threads": 1, "host_cores": os.cpu_count(),
    }
    a.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"-> {a.out}")


if __name__ == "__main__":
    main()
