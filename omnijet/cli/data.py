"""`omnijet-agent data generate|info|plot`: make jets, summarise files, plot distributions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from omnijet.cli.options import register_op
from omnijet.config import DataConfig
from omnijet.errors import ConfigError

data_app = typer.Typer(help="Jet data: generate (Pythia 8 + FastJet), inspect, plot.",
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    register_op(data_app, "generate", DataConfig, generate)
    app.add_typer(data_app, name="data")


def _class_names(path: Path, labels: np.ndarray) -> np.ndarray:
    from omnijet.data.batch import JetClass

    if path.suffix in (".h5", ".hdf5"):
        return np.where(labels == 1, "signal", "background")
    return np.array([JetClass(int(i)).name for i in labels]) if len(labels) else np.array([])


def generate(cfg: DataConfig) -> None:
    """Generate jets (JetClass ROOT schema) or LHC Olympics-like events (HDF5)."""
    from omnijet.operations import run
    from omnijet.train.distributed import refuse_under_torchrun

    refuse_under_torchrun("data generate", "use --workers for parallel generation")
    typer.echo(f"wrote {run(cfg)}")


def _positive(option: str, value: int) -> None:
    if value < 1:
        raise ConfigError(f"{option} must be >= 1, got {value}")


def _quantiles(x: np.ndarray) -> str:
    if not len(x):
        return "-"
    q = np.quantile(x, [0.1, 0.5, 0.9])
    return f"{x.mean():.1f} ({q[0]:.1f} / {q[1]:.1f} / {q[2]:.1f})"


@data_app.command()
def info(
    paths: list[Path] = typer.Argument(..., help="JetClass .root or LHCO .h5 files"),
    max_jets: int = typer.Option(100_000, help="read at most this many jets per file"),
) -> None:
    """Counts, classes and a summary of pT, mass and multiplicity per class."""
    from omnijet.data.io import load_jets, read_meta
    from omnijet.data.observables import four_vectors, jet_kinematics

    _positive("--max-jets", max_jets)
    console = Console()
    for path in paths:
        batch = load_jets(path, max_jets=max_jets)
        meta = read_meta(path)
        a = batch.numpy()
        kin = jet_kinematics(*four_vectors(a["pt"], a["eta"], a["phi"]), a["mask"])
        pt = batch.jet.get("jet_pt", kin["pt"])
        names = _class_names(path, batch.label.numpy())
        n = batch.multiplicity.numpy()
        source = f"generated: {meta['process']}, seed {meta['seed']}" if "process" in meta \
            else "foreign file (no provenance)"
        table = Table(title=f"{path}  ({len(batch)} jets; {source})",
                      caption="mean (10% / 50% / 90% quantiles)")
        for col in ("class", "jets", "pT [GeV]", "mass [GeV]", "multiplicity"):
            table.add_column(col, justify="left" if col == "class" else "right")
        for cls in sorted(set(names.tolist())):
            sel = names == cls
            table.add_row(cls, str(int(sel.sum())), _quantiles(pt[sel]),
                          _quantiles(kin["mass"][sel]), _quantiles(n[sel].astype(float)))
        console.print(table)


@data_app.command()
def plot(
    paths: list[Path] = typer.Argument(..., help="JetClass .root or LHCO .h5 files"),
    out: Path = typer.Option(Path("jets.png"), help="output PNG"),
    max_jets: int = typer.Option(20_000, help="read at most this many jets per file"),
    overwrite: bool = typer.Option(False, help="replace an existing output file"),
) -> None:
    """Jet mass, pT, tau21, tau32 and multiplicity per class (and file); ratio panels only
    when every sample is the same class (e.g. one class from several files)."""
    from omnijet.data.io import check_output, load_jets
    from omnijet.data.observables import AXIS_LABELS, jet_observables
    from omnijet.plotting import compare_histograms

    if out.suffix.lower() != ".png":
        raise ConfigError(f"--out {out}: plots are written as .png")
    _positive("--max-jets", max_jets)
    check_output(out, overwrite)  # before reading and plotting, not after
    labels = {k: AXIS_LABELS[k] for k in ("mass", "pt", "tau21", "tau32", "n")}
    panels: dict[str, dict[str, np.ndarray]] = {v: {} for v in labels.values()}
    classes: list[str] = []
    for path in paths:
        batch = load_jets(path, max_jets=max_jets)
        r0 = 1.0 if path.suffix in (".h5", ".hdf5") else 0.8
        obs = jet_observables(batch, r0=r0)
        names = _class_names(path, batch.label.numpy())
        for cls in sorted(set(names.tolist())):
            tag = cls if len(paths) == 1 else f"{path.stem}:{cls}"
            classes.append(cls)
            for key, label in labels.items():
                panels[label][tag] = obs[key][names == cls].astype(float)
    # a ratio is only meaningful between samples of the same class (never top / QCD)
    like = len(set(classes)) == 1 and len(classes) > 1
    reference = next(iter(panels[labels["mass"]])) if like else None
    try:
        compare_histograms(panels, out, reference=reference, title=", ".join(p.name for p in paths))
    except OSError as e:
        raise ConfigError(f"--out {out}: cannot write ({e.strerror or e})") from None
    typer.echo(f"wrote {out}")


@data_app.command("black-box")
def black_box(
    out: Path = typer.Option(..., help="events file to write (.h5, LHCO layout, no labels)"),
    events: int = typer.Option(..., "--events", help="events in the box"),
    fraction: float = typer.Option(0.0, help="signal share S/(S+B) of the events (0: background only)"),
    m_wprime: float = typer.Option(3500.0, "--mw", help="W' mass [GeV]"),
    m_x: float = typer.Option(500.0, "--mx", help="X mass [GeV]"),
    m_y: float = typer.Option(100.0, "--my", help="Y mass [GeV]"),
    truth: Path | None = typer.Option(None, help="truth file (default <out stem>.truth.json): "
                                      "keep it away from whoever analyses the box"),
    seed: int = typer.Option(0, help="random seed"),
    workers: int = typer.Option(1, help="parallel Pythia processes"),
    overwrite: bool = typer.Option(False, help="replace existing files"),
) -> None:
    """A file of dijet events with hidden content (W' -> X Y -> 4 quarks at the given masses
    and fraction, in QCD dijets), and its truth (masses, fraction, per-event labels) apart."""
    from omnijet.data._pythia import SignalMasses
    from omnijet.data.black_box import default_truth_path, make_black_box

    _positive("--events", events)
    _positive("--workers", workers)
    try:
        masses = SignalMasses(m_wprime, m_x, m_y)
    except ValueError as e:
        raise ConfigError(str(e)) from None
    t = make_black_box(out, events, fraction, masses, seed, workers, truth, overwrite=overwrite)
    typer.echo(f"wrote {out} ({t['n_events']} events) and its truth to "
               f"{truth or default_truth_path(out)}")
