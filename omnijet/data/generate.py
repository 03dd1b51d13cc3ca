"""Jets and events from Pythia 8 + FastJet: the embedded default data source.

    generate(DataConfig(process="top", n=10_000, out="data/top.root", seed=1, workers=2))  # JetClass ROOT
    generate(DataConfig(process="lhco_signal", n=1_000, out="data/sig.h5"))  # LHC Olympics HDF5 layout

The settings (seed, workers, pT window, overwrite) and their defaults are the operation
config's (omnijet.config.DataConfig), declared there once.

Work is cut into fixed-size chunks, each with its own seed spawned from the user's seed
(numpy SeedSequence), and chunks are concatenated in order: the same seed gives the same jets
whatever the number of workers. Workers are spawn-safe processes. Files are written through a
temporary sibling and renamed at the end, so an interrupted run leaves nothing that looks done.
"""

from __future__ import annotations

import math
import multiprocessing as mp
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from importlib.metadata import version
from pathlib import Path
from typing import Any

import awkward as ak
import numpy as np

from omnijet.config import DataConfig
from omnijet.data import _fastjet as fj
from omnijet.data import _pythia as py
from omnijet.data.batch import MAX_CONSTITUENTS, JetBatch, JetClass
from omnijet.data.io import check_output
from omnijet.errors import ConfigError, DataError
from omnijet.utils import provenance

JET_R = 0.8
JET_ETA_MAX = 2.0
LHCO_R = 1.0
LHCO_PARTICLES = 700
JET_CHUNK = 500  # jets per chunk (one Pythia initialisation each)
EVENT_CHUNK = 250  # LHCO events per chunk
MAX_EVENTS_PER_ITEM = 200  # give up when a window yields less than 1 jet per 200 events

IMPACT_NOTE = ("truth level: part_d0val/part_dzval [mm] are the transverse/longitudinal impact "
               "parameters of a straight line from the Pythia production vertex (no field, no "
               "beam spot, no smearing; 0 for neutral particles); part_d0err/part_dzerr are 0 "
               "(a truth value has no measurement uncertainty)")

Progress = Callable[[dict[str, Any]], None]


class Process(StrEnum):
    qcd = "qcd"
    top = "top"
    wqq = "wqq"
    zqq = "zqq"
    lhco_qcd = "lhco_qcd"
    lhco_signal = "lhco_signal"

    @property
    def is_lhco(self) -> bool:
        return self.name.startswith("lhco")

    @property
    def jet_class(self) -> JetClass:
        """JetClass label of a jet process (LHCO events are labelled 0/1 instead)."""
        return {"qcd": JetClass.QCD, "top": JetClass.Tbqq, "wqq": JetClass.Wqq,
                "zqq": JetClass.Zqq}[self.value]

    @property
    def suffix(self) -> str:
        return ".h5" if self.is_lhco else ".root"

    @classmethod
    def parse(cls, value: str | Process) -> Process:
        try:
            return cls(value)
        except ValueError:
            names = ", ".join(p.value for p in cls)
            raise ConfigError(f"unknown process {value!r} (choose from {names})") from None


# Expected yield (jets or events kept per generated event): sizes Pythia batches only.
_YIELD = {"qcd": 1.0, "top": 0.4, "wqq": 0.6, "zqq": 0.6, "lhco_qcd": 0.6, "lhco_signal": 0.9}


@dataclass(frozen=True)
class Chunk:
    process: str
    n: int
    seed: int
    pt_min: float
    pt_max: float
    masses: py.SignalMasses = py.LHCO_MASSES  # lhco_signal only


def _setup(c: Chunk) -> py.Setup:
    p = Process(c.process)
    return py.lhco_setup(p.value, c.masses) if p.is_lhco else py.jet_setup(p.value, c.pt_min, c.pt_max)


def _jets_from_events(prt: ak.Array, setup: py.Setup, c: Chunk, charges: dict[int, float]):
    """Selected, truth-matched jets of one event batch as padded arrays (J, N)."""
    cons = fj.antikt_constituents(py.visible_particles(prt), JET_R, 0.5 * c.pt_min, n_jets=2)
    event = np.repeat(np.arange(len(cons)), ak.to_numpy(ak.num(cons, axis=1)))
    cons = ak.flatten(cons, axis=1)  # (J, C)
    p4 = np.stack([ak.to_numpy(x) for x in fj.jet_p4(cons)], axis=1)  # (J, 4)
    pt, eta, _ = fj.pt_eta_phi(*p4[:, :3].T)
    keep = (pt > c.pt_min) & (pt < c.pt_max) & (np.abs(eta) < JET_ETA_MAX)
    if setup.resonance is not None:
        res, quarks, ev_ok = py.truth_partons(prt, setup)
        where = np.full(len(prt), -1)
        where[ev_ok] = np.arange(len(ev_ok))
        has_truth = where[event] >= 0
        matched = np.zeros(len(keep), dtype=bool)
        matched[has_truth] = fj.truth_matched(
            p4[has_truth], where[event[has_truth]], res, quarks, JET_R)
        keep &= matched
    cons = cons[keep]
    # every constituent: the 128 cap applies when reading, not here
    out = fj.padded(cons, None, fields=("px", "py", "pz", "E", "id", "vx", "vy", "vz"))
    lookup = np.vectorize(lambda i: charges.get(int(i), 0.0), otypes=[np.float64])
    ids, inv = np.unique(out["id"], return_inverse=True)  # charge per species, not particle
    out["charge"] = lookup(ids)[inv].reshape(out["id"].shape) if ids.size else out["px"] * 0
    return out


def _lhco_from_events(prt: ak.Array, label: int) -> dict[str, np.ndarray]:
    """Events with >= 2 anti-kT R=1.0 jets and a leading jet above the trigger: their 700
    leading visible particles as (pT, eta, phi), zero padded."""
    parts = py.visible_particles(prt)
    cons = fj.antikt_constituents(parts, LHCO_R, 0.0, n_jets=2)
    jx, jy, _, _ = fj.jet_p4(cons)
    lead_pt = ak.to_numpy(ak.fill_none(ak.firsts(np.hypot(jx, jy)), 0.0))
    keep = (ak.to_numpy(ak.num(cons, axis=1)) >= 2) & (lead_pt > py.LHCO_TRIGGER_PT)
    if label == 1:
        keep &= py.has_xy_decay(prt)
    parts = parts[keep]
    pt, eta, phi = fj.pt_eta_phi(parts.px, parts.py, parts.pz)
    order = ak.argsort(pt, axis=1, ascending=False)
    cols = [ak.to_numpy(ak.fill_none(ak.pad_none(a[order], LHCO_PARTICLES, clip=True), 0.0))
            for a in (pt, eta, phi)]
    return {"particles": np.stack(cols, axis=-1).astype(np.float32),
            "label": np.full(int(keep.sum()), label, dtype=np.int64)}


def run_chunk(c: Chunk) -> dict[str, np.ndarray]:
    """Generate exactly c.n jets (or events). Top level, so spawned workers can import it."""
    proc = Process(c.process)
    setup = _setup(c)
    pythia = py.make_pythia(setup.settings, c.seed)
    pieces: list[dict[str, np.ndarray]] = []
    have = made = 0
    while have < c.n:
        batch = int(np.clip(math.ceil(1.2 * (c.n - have) / _YIELD[proc.value]), 10, 200))
        prt = pythia.nextBatch(batch).prt
        made += batch
        if proc.is_lhco:
            piece = _lhco_from_events(prt, int(proc == Process.lhco_signal))
            n_new = len(piece["label"])
        else:
            ids = ak.to_numpy(ak.flatten(prt.id))
            piece = _jets_from_events(prt, setup, c, py.charge_table(pythia, ids))
            n_new = len(piece["mask"])
        if n_new:
            pieces.append(piece)
            have += n_new
        if made > MAX_EVENTS_PER_ITEM * max(have, 1) + 2000:
            raise ConfigError(
                f"{proc.value}: only {have} of {c.n} jets from {made} events; is the pT window "
                f"{c.pt_min:g}-{c.pt_max:g} GeV reachable?")
    return {k: v[: c.n] for k, v in _concat(pieces).items()}


def _concat(pieces: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Concatenate along jets, zero-padding the constituent axis to the widest piece."""
    out = {}
    for k in pieces[0]:
        arrs = [p[k] for p in pieces]
        if arrs[0].ndim >= 2 and k != "particles":
            n = max(a.shape[1] for a in arrs)
            arrs = [np.pad(a, [(0, 0), (0, n - a.shape[1])] + [(0, 0)] * (a.ndim - 2)) for a in arrs]
        out[k] = np.concatenate(arrs)
    return out


def chunks(process: Process, n: int, seed: int, pt_min: float, pt_max: float,
           masses: py.SignalMasses = py.LHCO_MASSES) -> list[Chunk]:
    size = EVENT_CHUNK if process.is_lhco else JET_CHUNK
    sizes = [min(size, n - i) for i in range(0, n, size)]
    seqs = np.random.SeedSequence(seed).spawn(len(sizes))
    return [Chunk(process.value, s, int(q.generate_state(1)[0]), pt_min, pt_max, masses)
            for s, q in zip(sizes, seqs, strict=True)]


def generate(cfg: DataConfig, progress: Progress | None = None,
             masses: py.SignalMasses = py.LHCO_MASSES) -> Path:
    """Generate cfg.n jets (jet processes, JetClass ROOT) or events (lhco_*, LHCO HDF5) into
    cfg.output(); the config has checked the count, the workers and the pT window.

    The pT window applies to jet processes; LHCO events use the R&D trigger (leading anti-kT
    R=1.0 jet above 1.2 TeV); `masses` sets lhco_signal's W' -> X Y. Returns the path written.
    """
    proc, out, n = Process.parse(cfg.process), cfg.output(), cfg.n
    if out.suffix != proc.suffix:
        raise ConfigError(f"{out}: process {proc.value} writes {proc.suffix} files")
    check_output(out, cfg.overwrite)  # before minutes of generation, not after
    tasks = chunks(proc, n, cfg.seed, cfg.pt_min, cfg.pt_max, masses)
    data = run_chunks(proc, tasks, cfg.workers, progress)
    meta = _meta(proc, n, cfg.seed, cfg.workers, cfg.pt_min, cfg.pt_max, tasks)
    try:
        if proc.is_lhco:
            from omnijet.data.lhco import write_lhco

            return write_lhco(out, data["particles"], data["label"], meta)
        return _write_jets(out, proc, data, meta)
    except OSError as e:  # e.g. the disk filled up while writing: nothing is left behind
        raise DataError(f"{out}: cannot write ({e.strerror or e})") from None


def run_chunks(proc: Process, tasks: list[Chunk], workers: int,
               progress: Progress | None = None) -> dict[str, np.ndarray]:
    """Every chunk's jets or events, concatenated in chunk order (workers > 1: spawned pool)."""
    from tqdm.auto import tqdm

    n = sum(t.n for t in tasks)
    results: list[dict[str, np.ndarray]] = []
    unit = "event" if proc.is_lhco else "jet"
    with tqdm(total=n, unit=unit, desc=f"generate {proc.value}", disable=None) as bar:
        def done(r: dict[str, np.ndarray]) -> None:
            results.append(r)
            k = len(r["label"] if proc.is_lhco else r["mask"])
            bar.update(k)
            if progress:
                made = sum(len(x["label"] if proc.is_lhco else x["mask"]) for x in results)
                progress({"event": "jets", "process": proc.value, "done": made, "total": n})

        if workers == 1 or len(tasks) == 1:
            for t in tasks:
                done(run_chunk(t))
        else:
            with mp.get_context("spawn").Pool(min(workers, len(tasks))) as pool:
                for r in pool.imap(run_chunk, tasks):
                    done(r)
    return _concat(results)


def _write_jets(out: Path, proc: Process, d: dict[str, np.ndarray], meta: dict) -> Path:
    from omnijet.data.jetclass import impact_parameters, write_jetclass
    from omnijet.data.observables import observables_p4
    from omnijet.data.preprocess import wrap_phi

    mask = d["mask"]
    px, py_, pz, e = (np.where(mask, d[k], 0.0) for k in ("px", "py", "pz", "E"))
    obs = observables_p4(px, py_, pz, e, mask, r0=JET_R)
    pt, eta, phi = fj.pt_eta_phi(px, py_, pz)
    deta = eta - obs["eta"][:, None]
    dphi = wrap_phi(phi - obs["phi"][:, None])
    jet = {"jet_pt": obs["pt"], "jet_eta": obs["eta"], "jet_phi": obs["phi"],
           "jet_energy": obs["energy"], "jet_nparticles": obs["n"].astype(np.float64),
           "jet_sdmass": obs["sdmass"], "jet_mass": obs["mass"],
           **{f"jet_tau{i}": obs[f"tau{i}"] for i in range(1, 5)}}
    label = np.full(len(mask), int(proc.jet_class))
    batch = JetBatch.from_numpy(pt, deta, dphi, mask, label, jet)
    d0, dz = impact_parameters(d["vx"], d["vy"], d["vz"], px, py_, pz, d["charge"] * mask)
    particles = {"part_px": px, "part_py": py_, "part_pz": pz, "part_energy": e,
                 "part_charge": d["charge"], "part_pid": d["id"],
                 "part_d0val": d0, "part_dzval": dz}
    return write_jetclass(out, batch, meta, particles)


def _meta(proc: Process, n: int, seed: int, workers: int, pt_min: float, pt_max: float,
          tasks: list[Chunk]) -> dict[str, Any]:
    setup = _setup(tasks[0])
    return provenance(
        source="omnijet.data.generate",
        process=proc.value,
        n=n,
        unit="events" if proc.is_lhco else "jets",
        seed=seed,
        workers=workers,
        jet={"algorithm": "antikt", "R": LHCO_R if proc.is_lhco else JET_R,
             "pt_min": pt_min, "pt_max": pt_max, "abs_eta_max": JET_ETA_MAX,
             "max_constituents": LHCO_PARTICLES if proc.is_lhco else None,
             "constituents": "the 700 leading particles of the event" if proc.is_lhco else
             f"all (jet_nparticles is the true count; readers keep at most {MAX_CONSTITUENTS})",
             "truth_match": None if setup.resonance is None else
             {"resonance": setup.resonance, "quarks": setup.n_quarks, "dR": JET_R}},
        generator={"pythia8mc": version("pythia8mc"), "fastjet": version("fastjet"),
                   "settings": [*py.COMMON, *setup.settings]},
        chunks=[asdict(t) for t in tasks],
        **({} if proc.is_lhco else {"impact_parameters": IMPACT_NOTE}),
    )
