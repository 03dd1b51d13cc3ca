"""Resonance-search benchmark on generated LHC Olympics-like events (issue 27).

    # 1. data, one shard of 10k background events per call (each under the shared lock):
    for i in $(seq 0 9); do flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/search.py --stage data --shard $i; done
    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/search.py --stage signal
    # 2. the search, controls and scoring on every shard made so far:
    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/search.py --stage search

Background: QCD dijets (pTHat > 1.2 TeV), generated in shards of --shard-size events with
seeds 1000 + shard (Pythia 8 + FastJet, `omnijet.data.generate`), reclustered once into the
high-level features (cached as .npz beside the HDF5 file). Signal: W' -> X Y -> (qq)(qq) at the
R&D masses (3500, 500, 100 GeV) unless --masses says otherwise. Black boxes are assembled at
feature level from these pools: background + signal at S/(S+B) = f, shuffled.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HERE = Path(__file__).resolve().parent
WORK = HERE / ".cache" / "search"
RESULTS = HERE / "results" / "search.json"


def _features_file(h5: Path) -> Path:
    return h5.with_suffix(".features.npz")


def save_features(df: pd.DataFrame, path: Path) -> None:
    np.savez(path, columns=np.array(df.columns, dtype=str), values=df.to_numpy(np.float64))


def load_features(path: Path) -> pd.DataFrame:
    with np.load(path) as z:
        return pd.DataFrame(z["values"], columns=[str(c) for c in z["columns"]])


def make_events(process: str, n: int, seed: int, out: Path, workers: int,
                masses: tuple[float, float, float] | None = None) -> Path:
    """Generate (if missing) and reduce to features; returns the features file."""
    from omnijet.data._pythia import LHCO_MASSES, SignalMasses
    from omnijet.data.generate import generate
    from omnijet.data.lhco import read_lhco_features

    feats = _features_file(out)
    if feats.exists():
        return feats
    m = SignalMasses(*masses) if masses else LHCO_MASSES
    t0 = time.time()
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        generate(process, n, out, seed=seed, workers=workers, masses=m)
    t1 = time.time()
    df = read_lhco_features(out)
    save_features(df, feats)
    print(f"{process} {n} seed {seed}: generate {t1 - t0:.0f} s, features {time.time() - t1:.0f} s",
          flush=True)
    return feats


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stage", choices=["data", "signal", "control", "search"], required=True)
    p.add_argument("--shard", type=int, default=0, help="background shard to generate (--stage data)")
    p.add_argument("--shard-size", type=int, default=10_000)
    p.add_argument("--signal-events", type=int, default=5000)
    p.add_argument("--masses", type=float, nargs=3, default=None, metavar=("MW", "MX", "MY"))
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--control-sizes", type=int, nargs="+", default=[5000, 20000, 1_000_000],
                   help="background events of the control study (capped at what exists)")
    p.add_argument("--control-seeds", type=int, default=5)
    p.add_argument("--fractions", type=float, nargs="+", default=[0.0, 0.002, 0.005, 0.01])
    p.add_argument("--spectrum-fraction", type=float, default=0.005)
    p.add_argument("--null-splits", type=int, default=2, help="disjoint background-only boxes")
    p.add_argument("--ensemble", type=int, default=2)
    p.add_argument("--work", type=Path, default=WORK)
    p.add_argument("--out", type=Path, default=RESULTS)
    a = p.parse_args()
    data = a.work / "data"
    if a.stage == "data":
        make_events("lhco_qcd", a.shard_size, 1000 + a.shard,
                    data / f"qcd_{a.shard_size}_shard{a.shard}.h5", a.workers)
        return
    if a.stage == "signal":
        tag = "_".join(f"{m:g}" for m in a.masses) if a.masses else "3500_500_100"
        make_events("lhco_signal", a.signal_events, 2000, data / f"signal_{tag}_{a.signal_events}.h5",
                    a.workers, tuple(a.masses) if a.masses else None)
        return
    from benchmarks.search_run import control_only, run_search_benchmark

    control_only(a) if a.stage == "control" else run_search_benchmark(a)


if __name__ == "__main__":
    main()
