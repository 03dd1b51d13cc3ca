"""Memory of tokenizing a JetClass file: streamed in chunks (iter_jets) vs read whole.

    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/streaming.py

The benchmark file is the 2000-jet top file of benchmarks/common.py (the tokenizer
benchmark's size); the 10x file repeats its jets ten times (20,000 jets, written here as a
JetClass TTree). Each measurement runs in a fresh process and reports its peak resident
memory (ru_maxrss) and the growth over the same process after imports, with the tokenizer
built (conditional VQ-VAE, small preset, untrained weights: the memory of encoding does not
depend on the weights).

    stream       tokenize_file(step_size): what `omnijet-agent tokenize` runs (chunks of jets
                 encoded one at a time; the tokens so far are kept)
    whole        load_jets (the whole file as one JetBatch) -> encode, as `tokenize` did before
    read-stream  iter_jets(step_size) only (the reader's own memory, no encoding)
    read-whole   load_jets only

Writes benchmarks/results/streaming.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("MPLBACKEND", "Agg")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _current_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=3, metavar=("PATH", "MODE", "STEP"), help=argparse.SUPPRESS)
    ap.add_argument("--step-size", type=int, default=2000, help="jets per streamed chunk")
    ap.add_argument("--factor", type=int, default=10)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child[0], a.child[1], int(a.child[2]))))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="omnijet-stream-") as tmp:
        for copies in (1, a.factor):
            path = make_file(copies, Path(tmp) / f"top_x{copies}.root")
            size = path.stat().st_size / 2**20
            for mode in ("read-stream", "read-whole", "stream", "whole"):
                r = subprocess.run([sys.executable, __file__, "--child", str(path), mode,
                                    str(a.step_size)], capture_output=True, text=True, check=True)
                row = {"file_jets_x": copies, "file_mib": size, **json.loads(r.stdout.splitlines()[-1])}
                rows.append(row)
                print(f"x{copies} ({size:.1f} MiB) {mode}: {row['jets']} jets, peak RSS "
                      f"{row['peak_rss_mib']:.0f} MiB (+{row['growth_mib']:.0f} over setup), "
                      f"{row['seconds']:.1f} s", flush=True)
    modes = ("read-stream", "read-whole", "stream", "whole")
    growth = {m: [r["growth_mib"] for r in rows if r["mode"] == m] for m in modes}
    result = {
        "what": __doc__.splitlines()[0], "rows": rows,
        "growth_ratio_10x_over_1x": {m: g[1] / max(g[0], 1e-9) for m, g in growth.items()},
        "growth_10x_minus_1x_mib": {m: g[1] - g[0] for m, g in growth.items()},
        "note": "growth = peak RSS minus RSS after imports and tokenizer set-up; the streamed "
                "run still keeps the output tokens (int16, jets x 128), which grow with the file",
        "cpu_threads": 1, "host_cores": os.cpu_count(),
    }
    out = ROOT / "benchmarks" / "results" / "streaming.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"-> {out}")


if __name__ == "__main__":
    main()
