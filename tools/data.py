"""Data tools: generate jets with Pythia 8 + FastJet, describe data files, plot distributions."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from omnijet.config import DataConfig
from tools.base import (
    Tool,
    ToolContext,
    ToolFailure,
    ToolInput,
    WorkspaceFile,
    WorkspacePath,
    tool_input,
)

Observable = Literal["pt", "eta", "phi", "mass", "n", "tau1", "tau2", "tau3", "tau21", "tau32",
                     "sdmass"]


# ---- generate_data -------------------------------------------------------------------------
# the agents own their workspace: a revision regenerates a file in place (overwrite)
GenerateDataInput = tool_input(DataConfig, "GenerateDataInput", exclude=("overwrite",))


class GenerateDataOutput(BaseModel):
    path: str
    process: str
    n: int
    seed: int
    bytes: int
    pt_min: float | None = None  # the jet pT window the jets were generated in, GeV (jet processes)
    pt_max: float | None = None


def generate_data(inp: ToolInput, ctx: ToolContext) -> GenerateDataOutput:
    from omnijet.operations import run

    cfg = ctx.config(DataConfig, inp, overwrite=True)
    path = run(cfg, ctx.progress)
    jets = not cfg.process.startswith("lhco")
    return GenerateDataOutput(path=ctx.rel(path), process=cfg.process, n=cfg.n, seed=cfg.seed,
                              bytes=path.stat().st_size, pt_min=cfg.pt_min if jets else None,
                              pt_max=cfg.pt_max if jets else None)


# ---- dataset_info --------------------------------------------------------------------------
class DatasetInfoInput(ToolInput):
    paths: list[WorkspaceFile] = Field(min_length=1, max_length=20,
                                       description="jet files (.root JetClass or .h5 LHCO)")
    max_jets: int = Field(20_000, ge=10, le=1_000_000, description="jets read per file for the summary")


class FileInfo(BaseModel):
    path: str
    sha256: str
    jets_read: int
    classes: dict[str, int]  # JetClass name (or LHCO label) -> jets
    observables: dict[str, dict[str, float]]  # name -> mean, std, q05, q50, q95
    constituents: dict[str, float]  # mean / max number per jet
    meta: dict[str, Any]  # generator settings, seed, versions ({} for foreign files)
    # per-jet pt, mass, n, tau21, tau32 of the jets read (npz, float32): what a data question
    # asks of them (a fraction past a cut, a quantile, a correlation) is computed from it
    observables_file: str | None = None


class DatasetInfoOutput(BaseModel):
    files: list[FileInfo]


_PER_JET = ("pt", "mass", "n", "tau21", "tau32")


def _summary(values) -> dict[str, float]:
    import numpy as np

    v = values[np.isfinite(values)]
    if v.size == 0:
        return {}
    q05, q50, q95 = np.quantile(v, [0.05, 0.5, 0.95])
    return {"mean": round(float(v.mean()), 5), "std": round(float(v.std()), 5),
            "q05": round(float(q05), 5), "q50": round(float(q50), 5), "q95": round(float(q95), 5)}


def dataset_info(inp: DatasetInfoInput, ctx: ToolContext) -> DatasetInfoOutput:
    import numpy as np

    from omnijet.data.batch import JetClass
    from omnijet.data.io import load_jets, read_meta
    from omnijet.data.observables import jet_observables
    from omnijet.tokenizer.api import data_info
    from tools.base import compact

    files = []
    for p in inp.paths:
        path = ctx.path(p, "paths", must_exist=True)
        batch = load_jets(path, max_jets=inp.max_jets)
        labels, counts = np.unique(batch.label.numpy(), return_counts=True)
        lhco = path.suffix == ".h5"
        classes = {(f"label_{int(k)}" if lhco else JetClass(int(k)).name): int(c)
                   for k, c in zip(labels, counts, strict=True)}
        obs = jet_observables(batch)
        n = batch.mask.sum(1).numpy()
        per_jet = ctx.path(f"info/{path.stem}_observables.npz")
        per_jet.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(per_jet, **{k: np.asarray(obs[k], dtype=np.float32) for k in _PER_JET})
        files.append(FileInfo(
            path=ctx.rel(path), sha256=data_info([path])["files"][0]["sha256"],
            jets_read=len(batch), classes=classes,
            observables={k: _summary(obs[k]) for k in ("pt", "mass", "n", "tau21", "tau32")},
            constituents={"mean": round(float(n.mean()), 3), "max": float(n.max())},
            meta=compact(read_meta(path), max_list=10, depth=3), observables_file=ctx.rel(per_jet)))
    return DatasetInfoOutput(files=files)


# ---- plot_distributions --------------------------------------------------------------------
class PlotDistributionsInput(ToolInput):
    paths: list[WorkspaceFile] = Field(min_length=1, max_length=8, description="jet files to compare")
    labels: list[str] | None = Field(None, description="legend label per file (default: file names)")
    observables: list[Observable] = Field(["pt", "mass", "n", "tau21", "tau32"], min_length=1,
                                          max_length=11)
    out: WorkspacePath = Field("plots/distributions.png", description="PNG to write")
    max_jets: int = Field(20_000, ge=10, le=1_000_000, description="jets read per file")
    bins: int = Field(40, ge=5, le=200)


class PlotDistributionsOutput(BaseModel):
    path: str
    jets: dict[str, int]  # label -> jets plotted
    observables: list[str]


def plot_distributions(inp: PlotDistributionsInput, ctx: ToolContext) -> PlotDistributionsOutput:
    from omnijet.data.io import load_jets
    from omnijet.data.observables import AXIS_LABELS, jet_observables
    from omnijet.plotting import compare_histograms

    if inp.labels is not None and len(inp.labels) != len(inp.paths):
        raise ToolFailure("invalid_arguments", f"{len(inp.labels)} labels for {len(inp.paths)} "
                          "files: give one label per file or none", "labels")
    labels = inp.labels or [ctx.path(p).name for p in inp.paths]
    if len(set(labels)) != len(labels):
        raise ToolFailure("invalid_arguments", f"labels must be distinct, got {labels}", "labels")
    samples, classes = {}, []
    for label, p in zip(labels, inp.paths, strict=True):
        batch = load_jets(ctx.path(p, "paths", must_exist=True), max_jets=inp.max_jets)
        samples[label] = jet_observables(batch)
        classes.append(set(batch.label.tolist()))
    panels = {AXIS_LABELS.get(o, o): {lab: obs[o] for lab, obs in samples.items()}
              for o in inp.observables}
    # a ratio to the first file only between files of one and the same class (never top / QCD)
    like = len(classes) > 1 and all(c == classes[0] and len(c) == 1 for c in classes)
    out = compare_histograms(panels, ctx.path(inp.out, "out"), reference=labels[0] if like else None,
                             bins=inp.bins)
    return PlotDistributionsOutput(path=ctx.rel(out), observables=list(inp.observables),
                                   jets={lab: len(obs["pt"]) for lab, obs in samples.items()})


TOOLS = [
    Tool("generate_data", "Generate jets (qcd, top, wqq, zqq; JetClass ROOT) or LHC Olympics "
         "dijet events (lhco_qcd, lhco_signal; HDF5) with Pythia 8 + FastJet. About 50-200 "
         "jets/s per worker.", GenerateDataInput, GenerateDataOutput, generate_data,
         timeout_s=3600),
    Tool("dataset_info", "Describe jet files: classes, jet counts, observable summaries (pT, "
         "mass, constituents, tau ratios), generator metadata and sha256.",
         DatasetInfoInput, DatasetInfoOutput, dataset_info, timeout_s=300),
    Tool("plot_distributions", "Histogram jet observables of several files on one figure (PNG); "
         "ratio panels to the first file only when every file holds one and the same class.",
         PlotDistributionsInput,
         PlotDistributionsOutput, plot_distributions, timeout_s=300),
]
