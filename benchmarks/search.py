"""Resonance-search benchmark on generated LHC Olympics-like events (issue 27).

    L="flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/search.py"
    # 1. data, one shard of 10k background events per call; the signal pools:
    for i in $(seq 0 9); do $L --stage data --shard $i; done
    $L --stage signal; $L --stage signal --masses 4000 700 350
    # 2. boxes at every injected fraction, searched and scored (one call per few boxes, each
    #    under 10 minutes; results to .cache/search/run/parts/):
    $L --stage search --fractions 0 0.003 ; $L --stage search --fractions 0.006 0.01 0.02
    $L --stage search --signal 4000_700_350 --m-true 4000 --fractions 0.006 0.01
    # 3. the no-signal control study, the null study, the statistics pseudo-experiments:
    $L --stage control --control-sizes 30000 100000 --control-seeds 5
    $L --stage control --control-sizes 100000 --control-arms "the search" --out benchmarks/results/search_100k.json
    $L --stage nulls --null-boxes 10 --null-size 20000 --toys 100  # and --null-start 10
    $L --stage calib
    # 4. results/search.json and the figures from all of the above:
    .venv/bin/python benchmarks/search.py --stage report --spectrum-fraction 0.006

Background: QCD dijets (pTHat > 1.2 TeV), generated in shards of --shard-size events with
seeds 1000 + shard (Pythia 8 + FastJet, `omnijet.data.generate`), reclustered once into the
high-level features (cached as .npz beside the HDF5 file). Signal: W' -> X Y -> (qq)(qq) at the
R&D masses (3500, 500, 100 GeV) unless --masses says otherwise. Black boxes are assembled at
feature level from these pools: background + signal at S/(S+B) = f, shuffled.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import numpy as np
import pandas as pd
from _common import HERE, parser

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
    from omnijet.config import DataConfig
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
        generate(DataConfig(process=process, n=n, out=out, seed=seed, workers=workers), masses=m)
    t1 = time.time()
    df = read_lhco_features(out)
    save_features(df, feats)
    print(f"{process} {n} seed {seed}: generate {t1 - t0:.0f} s, features {time.time() - t1:.0f} s",
          flush=True)
    return feats


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--stage", required=True,
                   choices=["data", "signal", "control", "search", "nulls", "calib", "report"])
    p.add_argument("--shard", type=int, default=0, help="background shard to generate (--stage data)")
    p.add_argument("--shard-size", type=int, default=10_000)
    p.add_argument("--signal-events", type=int, default=5000)
    p.add_argument("--masses", type=float, nargs=3, default=None, metavar=("MW", "MX", "MY"))
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--control-sizes", type=int, nargs="+", default=[5000, 20000, 1_000_000],
                   help="background events of the control study (capped at what exists)")
    p.add_argument("--control-seeds", type=int, default=5)
    p.add_argument("--control-arms", nargs="+", default=None,
                   help="only the control arms whose name contains one of these words (e.g. 'the search')")
    p.add_argument("--signal", default="3500_500_100", help="signal pool of --stage search (mW'_mX_mY)")
    p.add_argument("--m-true", type=float, default=3500.0, help="its resonance mass [GeV] (scoring)")
    p.add_argument("--fractions", type=float, nargs="+", default=[0.0, 0.002, 0.005, 0.01])
    p.add_argument("--spectrum-fraction", type=float, default=0.01)
    p.add_argument("--spectrum-signal", default="3500_500_100")
    p.add_argument("--toys", type=int, default=200, help="pseudo-experiments per search (global p)")
    p.add_argument("--null-boxes", type=int, default=20)
    p.add_argument("--null-size", type=int, default=20_000)
    p.add_argument("--null-start", type=int, default=0)
    p.add_argument("--null-source", choices=["pool", "toy"], default="pool",
                   help="background shards, or the unit tests' toy generator")
    p.add_argument("--calib-toys", type=int, default=300, help="--stage calib pseudo-experiments")
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
    from benchmarks import search_run

    {"control": search_run.control_only, "search": search_run.search_parts, "nulls": nulls,
     "calib": calib, "report": search_run.report}[a.stage](a)


def nulls(a) -> None:
    """--stage nulls: full searches on background-only boxes --null-start .. + --null-boxes
    (parts under .cache/search/run/nulls/); the summary of every box of that size made so far
    -> results/search_nulls.json."""
    from benchmarks.search_calib import null_study, null_summary, pool_boxes
    from benchmarks.search_run import pools
    from omnijet.search.scan import SearchConfig
    from omnijet.utils import provenance, read_json, write_json

    t0 = time.time()
    if a.null_source == "toy":  # the unit tests' toy generator, where 2 of 10 nulls had claimed
        from tests.transfer.test_search import FAST, toy_events

        cfg, shards, tag = replace(FAST, toys=a.toys), [], f"toy_{a.null_size}"
        box_of = lambda i: (toy_events(a.null_size, 0, seed=1000 + i)[0], i)  # noqa: E731
    else:
        bkg, _, shards = pools(a.work)
        cfg, tag = SearchConfig(ensemble=a.ensemble, toys=a.toys), str(a.null_size)
        box_of = pool_boxes(bkg, a.null_size)
    parts = a.work / "run" / "nulls"
    null_study(box_of, cfg, range(a.null_start, a.null_start + a.null_boxes), tag, parts)
    rows = [read_json(f) for f in sorted(parts.glob(f"{tag}_*.json"))]
    summary = null_summary(rows)
    print(summary, flush=True)
    write_json(a.out.with_name(f"{a.out.stem}_nulls_{tag}.json"),
               {"command": "flock /tmp/omnijet-heavy.lock .venv/bin/python " + " ".join(sys.argv),
                "shards": shards, "source": a.null_source, "box_size": a.null_size, "summary": summary,
                "boxes": rows, "provenance": provenance(wall_s=time.time() - t0)})


def calib(a) -> None:
    """--stage calib: random-selection pseudo-experiments of the 100k spectrum and of the unit
    tests' toy spectrum (where 2 of 10 null searches had claimed) -> results/search_calib.json."""
    from benchmarks.search_calib import statistics_toys
    from benchmarks.search_run import pools
    from omnijet.search.scan import SearchConfig
    from omnijet.utils import provenance, write_json
    from tests.transfer.test_search import FAST, toy_events

    bkg, _, shards = pools(a.work)
    t0 = time.time()
    toy, _ = toy_events(12_000, 0, seed=10)
    out = {"command": "flock /tmp/omnijet-heavy.lock .venv/bin/python " + " ".join(sys.argv),
           "benchmark_spectrum": statistics_toys(bkg.mjj.to_numpy(), SearchConfig(), a.calib_toys),
           "unit_test_toy_spectrum": statistics_toys(toy.mjj.to_numpy(), FAST, a.calib_toys)}
    write_json(a.out.with_name(f"{a.out.stem}_calib.json"), {**out, "provenance": provenance(
        wall_s=time.time() - t0)})


if __name__ == "__main__":
    main()
