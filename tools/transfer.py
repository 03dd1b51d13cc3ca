"""Transfer tools: fine-tune a jet tagger (one run or a scan) and the anomaly-detection scan."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from tools.base import Preset, Tool, ToolContext, ToolInput, WorkspaceFile, WorkspacePath, compact

Strategy = Literal["scratch", "finetune", "frozen-backbone"]


class _FinetuneOptions(ToolInput):
    train: list[WorkspaceFile] = Field(min_length=1, max_length=20, description=(
        "labelled jet files (.root/.h5, tokenized here with `tokenizer`) or token files (.pt); "
        "at least two classes"))
    gpt: WorkspaceFile | None = Field(None, description="pretrained GPT (needed unless only scratch)")
    tokenizer: WorkspaceFile | None = Field(None, description="tokenizer checkpoint (for jet files)")
    n_val: int = Field(2000, ge=10, description="fixed validation jets (early stopping)")
    n_test: int = Field(5000, ge=10, description="fixed test jets")
    max_jets: int | None = Field(None, ge=10, description="read at most this many jets per file")
    head: Literal["sum", "class_attention"] = "sum"
    epochs: int = Field(30, ge=1, le=1000)
    batch_size: int = Field(128, ge=2, le=8192)
    lr: float = Field(1e-4, gt=0, le=1.0, description="AdamW lr (paper: 1e-4)")
    scratch_lr: float = Field(1e-4, gt=0, le=1.0)
    patience: int = Field(5, ge=1)
    max_steps_per_epoch: int | None = Field(None, ge=1, description="cap steps per epoch (quick runs)")
    scratch_preset: Preset = Field("small", description="backbone size when training from scratch without a GPT")


class FinetuneScanInput(_FinetuneOptions):
    out: WorkspacePath = Field("runs/finetune_scan", description="results folder (rerun to resume)")
    sizes: list[int] = Field([100, 1000, 10_000], min_length=1, max_length=12,
                             description="training-set sizes (jets)")
    strategies: list[Strategy] = Field(["scratch", "finetune", "frozen-backbone"], min_length=1)
    seeds: int = Field(3, ge=1, le=10, description="seeds per point (paper: 5)")


class FinetuneInput(_FinetuneOptions):
    out: WorkspacePath = Field("runs/finetune", description="results folder")
    n_train: int = Field(1000, ge=2, description="training jets")
    strategy: Strategy = "finetune"


class FinetuneOutput(BaseModel):
    out: str
    metrics_path: str
    table: list[dict[str, Any]]  # per strategy x size: accuracy, AUC, rejection (mean, std)
    classes: Any
    files: list[str]


def _scan(inp: _FinetuneOptions, ctx: ToolContext, out_field: str, sizes: list[int],
          strategies: list[str], seeds: int) -> FinetuneOutput:
    from omnijet.transfer.finetune import FinetuneConfig
    from omnijet.transfer.finetune_scan import ScanConfig
    from omnijet.transfer.from_files import run_finetune_scan

    ft = FinetuneConfig(head=inp.head, lr=inp.lr, scratch_lr=inp.scratch_lr, epochs=inp.epochs,
                        batch_size=inp.batch_size, patience=inp.patience,
                        max_steps_per_epoch=inp.max_steps_per_epoch, device=ctx.device)
    cfg = ScanConfig(sizes=tuple(sizes), strategies=tuple(strategies), seeds=seeds,  # type: ignore[arg-type]
                     n_val=inp.n_val, n_test=inp.n_test, finetune=ft)
    out = ctx.path(getattr(inp, out_field), out_field)
    opt = lambda p, f: ctx.path(p, f, True) if p else None  # noqa: E731
    res = run_finetune_scan([ctx.path(p, "train", True) for p in inp.train], out, cfg,
                            gpt=opt(inp.gpt, "gpt"), tokenizer=opt(inp.tokenizer, "tokenizer"),
                            max_jets=inp.max_jets, scratch_preset=inp.scratch_preset,
                            progress=ctx.progress)
    files = sorted(ctx.rel(p) for p in Path(out).iterdir() if p.is_file())
    return FinetuneOutput(out=ctx.rel(out), metrics_path=ctx.rel(out / "metrics.json"),
                          table=compact(res["table"], max_list=60), classes=compact(res["classes"]),
                          files=files)


def finetune_scan(inp: FinetuneScanInput, ctx: ToolContext) -> FinetuneOutput:
    return _scan(inp, ctx, "out", inp.sizes, list(inp.strategies), inp.seeds)


def finetune(inp: FinetuneInput, ctx: ToolContext) -> FinetuneOutput:
    """One point of the scan machinery (seed 0): same splits, files and metrics as a scan."""
    return _scan(inp, ctx, "out", [inp.n_train], [inp.strategy], 1)


class AnomalyScanInput(ToolInput):
    data: list[WorkspaceFile] = Field(min_length=1, max_length=10, description="LHCO-layout HDF5 file(s): background and signal")
    tokenizer: WorkspaceFile = Field(description="tokenizer checkpoint")
    out: WorkspacePath = Field("runs/anomaly", description="results folder")
    gpt: WorkspaceFile | None = Field(None, description="GPT trained on background-dominated data; default: train one here")
    signal_fraction: float = Field(0.01, ge=0, lt=1, description="injected S/(S+B) of the main result")
    fractions: list[float] = Field([0.0, 0.003, 0.01, 0.03], max_length=12, description="CWoLa scan over injected fractions")
    sr_low: float = Field(3300.0, gt=0, description="signal region lower mjj edge, GeV")
    sr_high: float = Field(3700.0, gt=0)
    sideband: float = Field(300.0, gt=0, description="width of each sideband, GeV")
    folds: int = Field(5, ge=2, le=10)
    cwola_model: Literal["hgb", "mlp"] = "hgb"
    max_events: int | None = Field(None, ge=100, description="read at most this many events per file")
    gpt_preset: Preset = "tiny"
    gpt_epochs: int = Field(10, ge=1, le=1000)
    gpt_max_steps_per_epoch: int | None = Field(None, ge=1)
    seed: int = Field(0, ge=0)


class AnomalyScanOutput(BaseModel):
    out: str
    metrics_path: str
    summary_path: str
    headline: dict[str, float]  # unsupervised / CWoLa AUC and max SIC at signal_fraction
    cwola: dict[str, Any]  # per injected fraction
    files: list[str]


def anomaly_scan(inp: AnomalyScanInput, ctx: ToolContext) -> AnomalyScanOutput:
    from omnijet.transfer.anomaly_scan import AnomalyConfig
    from omnijet.transfer.from_files import run_anomaly

    cfg = AnomalyConfig(
        signal_region=(inp.sr_low, inp.sr_high), sideband=inp.sideband,
        signal_fraction=inp.signal_fraction, scan_fractions=tuple(inp.fractions),
        folds=inp.folds, cwola_model=inp.cwola_model, gpt_preset=inp.gpt_preset,
        gpt_epochs=inp.gpt_epochs, gpt_max_steps_per_epoch=inp.gpt_max_steps_per_epoch,
        seed=inp.seed, device=ctx.device)
    out = ctx.path(inp.out, "out")
    res = run_anomaly([ctx.path(p, "data", True) for p in inp.data],
                      ctx.path(inp.tokenizer, "tokenizer", True), out, cfg,
                      gpt=ctx.path(inp.gpt, "gpt", True) if inp.gpt else None,
                      max_events=inp.max_events, progress=ctx.progress)
    return AnomalyScanOutput(
        out=ctx.rel(out), metrics_path=ctx.rel(out / "metrics.json"),
        summary_path=ctx.rel(out / "summary.md"),
        headline={k: round(float(v), 5) for k, v in res["headline"].items()},
        cwola=compact(res["cwola"], max_list=10, depth=3),
        files=sorted(ctx.rel(p) for p in out.iterdir() if p.is_file()))


TOOLS = [
    Tool("finetune", "Fine-tune one jet tagger (strategy finetune / frozen-backbone / scratch) "
         "on n_train labelled jets; accuracy, AUC, background rejection on a fixed test set.",
         FinetuneInput, FinetuneOutput, finetune, timeout_s=6 * 3600, uses_gpu=True),
    Tool("finetune_scan", "Fine-tuning scan: training sizes x strategies x seeds -> table, "
         "metrics JSON, learning curve plot (paper: fine-tuned beats scratch most at small "
         "sizes). Resumable.", FinetuneScanInput, FinetuneOutput, finetune_scan,
         timeout_s=24 * 3600, uses_gpu=True),
    Tool("anomaly_scan", "Anomaly detection on LHC Olympics-style dijets: GPT likelihood "
         "(unsupervised) and CWoLa (weakly supervised) in an mjj signal region, scanned over "
         "injected signal fractions; AUC, max SIC, plots, summary.", AnomalyScanInput,
         AnomalyScanOutput, anomaly_scan, timeout_s=12 * 3600, uses_gpu=True),
]
