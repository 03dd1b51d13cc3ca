"""Shared helpers for the benchmarks: cached generated datasets.

Callers hold the heavy-job lock (`flock /tmp/omnijet-heavy.lock python benchmarks/...`);
nothing here takes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from omnijet.config import DataConfig
from omnijet.data.generate import Process, generate

CACHE = Path(__file__).resolve().parent / ".cache"


def dataset(process: str, n: int, seed: int = 0, workers: int = 2) -> Path:
    """Path to n generated jets (events for lhco_*) of `process`, made once and cached under
    benchmarks/.cache/ (same process, n and seed -> same file; the worker count does not
    change the content). Delete the cache folder to regenerate."""
    proc = Process.parse(process)
    path = CACHE / f"{proc.value}_n{n}_seed{seed}{proc.suffix}"
    if not path.exists():
        generate(DataConfig(process=proc.value, n=n, out=path, seed=seed, workers=workers))
    return path


def timed(fn: Callable[[], object], repeats: int, device) -> list[float]:
    """Wall seconds of `repeats` calls of fn, synchronising CUDA around each call."""
    import torch

    out = []
    for _ in range(repeats):
        if device.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        if device.type == "cuda":
            torch.cuda.synchronize()
        out.append(time.perf_counter() - t0)
    return out
