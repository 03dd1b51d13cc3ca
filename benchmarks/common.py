"""Shared helpers for the benchmarks: cached generated datasets.

Callers hold the heavy-job lock (`flock /tmp/omnijet-heavy.lock python benchmarks/...`);
nothing here takes it.
"""

from __future__ import annotations

from pathlib import Path

from omnijet.data.generate import Process, generate

CACHE = Path(__file__).resolve().parent / ".cache"


def dataset(process: str, n: int, seed: int = 0, workers: int = 2) -> Path:
    """Path to n generated jets (events for lhco_*) of `process`, made once and cached under
    benchmarks/.cache/ (same process, n and seed -> same file; the worker count does not
    change the content). Delete the cache folder to regenerate."""
    proc = Process.parse(process)
    path = CACHE / f"{proc.value}_n{n}_seed{seed}{proc.suffix}"
    if not path.exists():
        generate(proc, n, path, seed=seed, workers=workers)
    return path
