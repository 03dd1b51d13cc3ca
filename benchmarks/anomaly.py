"""Anomaly-detection benchmark on generated LHC Olympics-like events.

    flock /tmp/omnijet-heavy.lock python benchmarks/anomaly.py

Generates QCD dijet events and W' -> X(500) Y(100) signal events in the LHCO R&D layout
(cached under benchmarks/.cache/anomaly/), tokenizes them with the top/QCD `small` VQ-VAE of
the finetune benchmark when that exists (a pretrained tokenizer reused, as a foundation model
would be; else a `small` VQ-VAE is trained here on the background jets) and runs `anomaly_scan`: the unsupervised GPT likelihood
(a GPT trained on the data jets) and CWoLa (signal region 3.3-3.7 TeV vs 300 GeV sidebands,
k-fold) at a fixed injected signal fraction, plus CWoLa over a scan of fractions. Writes
benchmarks/results/anomaly.json (+ anomaly_roc_sic.png, anomaly_fraction_scan.png).
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import torch
from _common import HERE, parser, save, training_args

from omnijet.utils import read_json

RESULTS = HERE / "results" / "anomaly.json"
WORK = HERE / ".cache" / "anomaly"


def _events(process: str, n: int, seed: int, work: Path) -> Path:
    out = work / "data" / f"{process}_{n}_s{seed}.h5"
    if not out.exists():
        from omnijet.config import DataConfig
        from omnijet.data.generate import generate

        generate(DataConfig(process=process, n=n, out=out, seed=seed, workers=max(1, min(2, os.cpu_count() or 1))))
    return out


def _tokenizer(a, work: Path, events) -> Path:
    """small VQ-VAE on both jets of background events only (no labels used beyond that)."""
    from omnijet.data.batch import JetBatch
    from omnijet.tokenizer.vqvae import VQVAEConfig
    from omnijet.train.loop import TrainConfig
    from omnijet.train.tokenizer import train_tokenizer

    out = work / "tokenizer"
    if not (out / "metrics.json").exists():
        bkg = (events.label == 0).nonzero()[0]
        jets = JetBatch.concat([events.j1[bkg], events.j2[bkg]])
        train, val = jets.split([0.85, 0.15], seed=0)
        cfg = TrainConfig(epochs=a.tok_epochs, batch_size=256, lr=1e-3, patience=3, seed=0,
                          progress_bar=False, device=a.device)
        train_tokenizer(train, val, out, VQVAEConfig.preset("small"), cfg)
    return out / "best.pt"


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--background", type=int, default=4000, help="QCD dijet events")
    p.add_argument("--signal", type=int, default=800, help="W' signal events")
    p.add_argument("--signal-fraction", type=float, default=0.05, help="injected S/(S+B) of the headline")
    p.add_argument("--fractions", type=float, nargs="+", default=[0.0, 0.01, 0.02, 0.05, 0.1])
    p.add_argument("--tokenizer", type=Path, default=HERE / ".cache" / "finetune" / "tokenizer" / "best.pt",
                   help="tokenizer checkpoint; if missing, a small VQ-VAE is trained on the background jets")
    p.add_argument("--tok-epochs", type=int, default=5)
    p.add_argument("--gpt-preset", default="small")
    p.add_argument("--gpt-epochs", type=int, default=4)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--embeddings", type=int, default=0, help="PCA dims of backbone embeddings for CWoLa")
    p.add_argument("--min-bkg", type=int, default=20)
    p.add_argument("--stage", choices=["all", "data"], default="all")
    a = training_args(p, WORK, RESULTS)
    from omnijet.data.lhco import read_lhco
    from omnijet.tokenizer.base import load_tokenizer
    from omnijet.transfer.anomaly_scan import AnomalyConfig, anomaly_scan
    from omnijet.transfer.from_files import concat_events

    t0, seconds = time.time(), {}
    files = [_events("lhco_qcd", a.background, 11, a.work), _events("lhco_signal", a.signal, 12, a.work)]
    seconds["data"] = round(time.time() - t0, 1)
    if a.stage == "data":
        return
    events = concat_events([read_lhco(f) for f in files])
    s = time.time()
    tok_path = a.tokenizer if a.tokenizer.exists() else _tokenizer(a, a.work, events)
    seconds["tokenizer"] = round(time.time() - s, 1)
    cfg = AnomalyConfig(signal_fraction=a.signal_fraction, scan_fractions=tuple(a.fractions),
                        folds=a.folds, embeddings=a.embeddings, min_bkg=a.min_bkg,
                        gpt_preset=a.gpt_preset, gpt_epochs=a.gpt_epochs, gpt_batch_size=128,
                        device=a.device)
    out = a.work / f"run_f{a.signal_fraction}"
    shutil.rmtree(out / "gpt", ignore_errors=True)  # the GPT belongs to this injection
    s = time.time()
    res = anomaly_scan(events, load_tokenizer(tok_path, "cpu"), out, cfg,
                       progress=lambda e: print(e, flush=True) if e.get("event") == "stage" else None)
    seconds["anomaly_scan"] = round(time.time() - s, 1)
    strip = lambda m: {k: v for k, v in m.items() if k not in ("roc", "sic_curve")}  # noqa: E731
    results: dict[str, Any] = {
        "command": "flock /tmp/omnijet-heavy.lock python " + " ".join(sys.argv),
        "headline": res["headline"], "signal_fraction": a.signal_fraction,
        "unsupervised": {k: strip(v) if isinstance(v, dict) else v for k, v in res["unsupervised"].items()},
        "cwola": {f: strip(m) for f, m in res["cwola"].items()},
        "sic_rule": res["sic_rule"],
        "events": {"total": res["n_events"], "test": res["n_test"], "test_sr": res["n_test_sr"],
                   "data_background": res["n_data_background"], "signal_pool": res["n_signal_pool"]},
        "gpt": read_json(out / "gpt" / "metrics.json") | {"data": None},
        "tokenizer": str(tok_path), "config": res["config"], "seconds": seconds,
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()},
        "summary_md": (out / "summary.md").read_text(),
    }
    for name in ("roc_sic.png", "fraction_scan.png"):
        dst = a.out.with_name(f"{a.out.stem}_{name}")
        shutil.copyfile(out / name, dst)
        results.setdefault("plots", []).append(str(dst))
    save(a.out, results, threads=torch.get_num_threads(), wall_s=time.time() - t0)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
