"""Black boxes: a file of dijet events with unknown content, and its truth kept apart.

    make_black_box("box.h5", 50_000, fraction=0.005, masses=SignalMasses(4000, 400, 150),
                   seed=7, workers=2, truth="secret/box.truth.json", overwrite=False)

The events file is the LHC Olympics layout without the label column (as the LHCO black boxes
were): 700 x (pT, eta, phi) per event, float32, shuffled; its provenance names neither the
masses nor the fraction. The truth file (JSON) holds the masses, the fraction, the counts and
every event's label (1 = signal) in file order; an analysis must never read it, and a scorer
reads nothing else. A fraction of 0 makes a background-only ("null") box.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from omnijet.data import _pythia as py
from omnijet.data.generate import Process, chunks, run_chunks
from omnijet.data.io import check_output
from omnijet.errors import ConfigError, DataError
from omnijet.utils import provenance, read_json, sha256_file, write_json

MAX_FRACTION = 0.5


def default_truth_path(events: str | Path) -> Path:
    events = Path(events)
    return events.with_name(f"{events.stem}.truth.json")


def make_black_box(
    out: str | Path, n_events: int, fraction: float, masses: py.SignalMasses, seed: int,
    workers: int, truth: str | Path | None = None, *, overwrite: bool,
) -> dict[str, Any]:
    """Generate n_events events, round(fraction * n_events) of them W' -> XY signal, shuffled;
    write the events file and the truth file. Returns the truth (as written). The settings'
    defaults are the `data black-box` command's (omnijet/cli/data.py), declared there only."""
    out = Path(out)
    truth_path = Path(truth) if truth is not None else default_truth_path(out)
    if n_events < 1:
        raise ConfigError(f"--events must be >= 1, got {n_events}")
    if not 0.0 <= fraction <= MAX_FRACTION:
        raise ConfigError(f"--fraction must lie in [0, {MAX_FRACTION}], got {fraction}")
    if out.suffix != ".h5":
        raise ConfigError(f"{out}: a black box is an LHCO-layout .h5 file")
    if truth_path.resolve() == out.resolve():
        raise ConfigError("--truth must not be the events file")
    check_output(out, overwrite)
    check_output(truth_path, overwrite)
    n_sig = int(round(fraction * n_events))
    seq_bkg, seq_sig, seq_mix = np.random.SeedSequence(seed).spawn(3)
    parts = []
    for proc, n, seq in ((Process.lhco_qcd, n_events - n_sig, seq_bkg),
                         (Process.lhco_signal, n_sig, seq_sig)):
        if n:
            s = int(seq.generate_state(1)[0])
            parts.append(run_chunks(proc, chunks(proc, n, s, 0.0, 1.0, masses), workers)["particles"])
    labels = np.r_[np.zeros(n_events - n_sig, dtype=np.int64), np.ones(n_sig, dtype=np.int64)]
    order = np.random.default_rng(seq_mix).permutation(n_events)
    particles = np.concatenate(parts)[order]
    labels = labels[order]
    from omnijet.data.lhco import write_lhco

    meta = provenance(source="omnijet.data.black_box", unit="events", n=n_events,
                      layout="LHCO R&D without the label column: 700 x (pT, eta, phi), float32",
                      content="unknown: QCD dijets, possibly with a resonance; the truth is kept apart")
    try:
        write_lhco(out, particles, None, meta, dtype=np.float32)
    except OSError as e:
        raise DataError(f"{out}: cannot write ({e.strerror or e})") from None
    record = {
        "events_file": out.name, "events_sha256": sha256_file(out), "n_events": n_events,
        "n_signal": n_sig, "n_background": n_events - n_sig, "fraction": n_sig / n_events,
        "signal_percentage": 100.0 * n_sig / n_events,
        "masses": {"m_wprime": masses.m_wprime, "m_x": masses.m_x, "m_y": masses.m_y} if n_sig else None,
        "seed": seed, "labels": labels.tolist(),
    }
    write_json(truth_path, record)
    return record


def read_truth(path: str | Path, n_rows: int | None = None) -> dict[str, Any]:
    """A black box's truth file, checked (labels 0/1, as many as the events file's rows)."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such truth file")
    try:
        t = read_json(path)
        labels = np.asarray(t["labels"], dtype=np.int64)
    except (ValueError, KeyError, TypeError) as e:
        raise DataError(f"{path}: not a black-box truth file ({e})") from None
    if not np.isin(labels, (0, 1)).all():
        raise DataError(f"{path}: labels must be 0 or 1")
    if n_rows is not None and len(labels) != n_rows:
        raise DataError(f"{path}: {len(labels)} labels for {n_rows} events: not this box's truth")
    return {**t, "labels": labels}
