"""Transfer tools: the fine-tuning scan (one size and one strategy for a single tagger) and the
anomaly-detection scan, and the resonance search of a file of dijet events. Their inputs are the
operation configs' fields (omnijet/config.py)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from omnijet.config import AnomalyScanConfig, FinetuneScanConfig, ResonanceSearchConfig
from tools.base import (
    Tool,
    ToolContext,
    ToolInput,
    compact,
    tool_input,
)

FinetuneScanInput = tool_input(FinetuneScanConfig, "FinetuneScanInput")
AnomalyScanInput = tool_input(AnomalyScanConfig, "AnomalyScanInput")
ResonanceSearchInput = tool_input(ResonanceSearchConfig, "ResonanceSearchInput")


class FinetuneOutput(BaseModel):
    out: str
    metrics_path: str
    table: list[dict[str, Any]]  # per strategy x size: accuracy, AUC, rejection (mean, std)
    classes: Any
    files: list[str]


def finetune_scan(inp: ToolInput, ctx: ToolContext) -> FinetuneOutput:
    from omnijet.operations import run

    cfg = ctx.config(FinetuneScanConfig, inp)
    res = run(cfg, ctx.progress)
    out = cfg.out
    return FinetuneOutput(out=ctx.rel(out), metrics_path=ctx.rel(out / "metrics.json"),
                          table=compact(res["table"], max_list=60), classes=compact(res["classes"]),
                          files=sorted(ctx.rel(p) for p in out.iterdir() if p.is_file()))


class AnomalyScanOutput(BaseModel):
    out: str
    metrics_path: str
    summary_path: str
    headline: dict[str, float]  # unsupervised / CWoLa AUC and max SIC at signal_fraction
    cwola: dict[str, Any]  # per injected fraction
    files: list[str]


def anomaly_scan(inp: ToolInput, ctx: ToolContext) -> AnomalyScanOutput:
    from omnijet.operations import run

    cfg = ctx.config(AnomalyScanConfig, inp)
    res = run(cfg, ctx.progress)
    out = cfg.out
    return AnomalyScanOutput(
        out=ctx.rel(out), metrics_path=ctx.rel(out / "metrics.json"),
        summary_path=ctx.rel(out / "summary.md"),
        headline={k: round(float(v), 5) for k, v in res["headline"].items()},
        cwola=compact(res["cwola"], max_list=10, depth=3),
        files=sorted(ctx.rel(p) for p in out.iterdir() if p.is_file()))


class ResonanceSearchOutput(BaseModel):
    out: str
    answer: dict[str, float]  # p_value (global), m_res (-1: nothing found), signal_percentage
    found: bool
    verdict: str
    best: dict[str, Any]  # the most significant window x cut: local p, counts, SR-vs-SB AUC
    trials: int
    control: dict[str, Any] | None  # the same search with mjj shuffled
    files: list[str]


def resonance_search(inp: ToolInput, ctx: ToolContext) -> ResonanceSearchOutput:
    from omnijet.operations import run

    cfg = ctx.config(ResonanceSearchConfig, inp)
    res = run(cfg, ctx.progress)
    out = cfg.out
    best = {k: res["best"][k] for k in ("sr", "method", "efficiency", "n_selected_sr", "background_sr",
                                        "background_sr_err", "p_local", "z_local", "sr_vs_sb_auc")}
    return ResonanceSearchOutput(
        out=ctx.rel(out), answer=res["answer"], found=res["found"], verdict=res["verdict"],
        best=best, trials=res["trials"], control=compact(res["control"], depth=2),
        files=sorted(ctx.rel(p) for p in out.iterdir() if p.is_file()))


TOOLS = [
    Tool("finetune_scan", "Fine-tuning scan: training sizes x strategies x seeds -> table, "
         "metrics JSON, learning curve plot (paper: fine-tuned beats scratch most at small "
         "sizes). Resumable.", FinetuneScanInput, FinetuneOutput, finetune_scan,
         timeout_s=24 * 3600, uses_gpu=True),
    Tool("anomaly_scan", "Anomaly detection on LHC Olympics-style dijets: GPT likelihood "
         "(unsupervised) and CWoLa (weakly supervised) in an mjj signal region, scanned over "
         "injected signal fractions; AUC, max SIC, plots, summary.", AnomalyScanInput,
         AnomalyScanOutput, anomaly_scan, timeout_s=12 * 3600, uses_gpu=True),
    Tool("resonance_search", "Is there new physics in a file of dijet events? Sliding-window "
         "bump hunt in mjj: CWoLa (k folds, held-out) per window on mjj-decorrelated jet "
         "features, dijet-function background fit, local p-values (pyhf), global p-value after "
         "the trials, and a no-signal control (mjj shuffled). Answers p_value, m_res (-1 when "
         "nothing is found) and signal_percentage; reads no labels.", ResonanceSearchInput,
         ResonanceSearchOutput, resonance_search, timeout_s=6 * 3600),
]
