"""Transfer tools: the fine-tuning scan (one size and one strategy for a single tagger) and the
anomaly-detection scan. Their inputs are the operation configs' fields (omnijet/config.py)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from omnijet.config import AnomalyScanConfig, FinetuneScanConfig
from tools.base import Tool, ToolContext, ToolInput, compact, tool_input

FinetuneScanInput = tool_input(FinetuneScanConfig, "FinetuneScanInput")
AnomalyScanInput = tool_input(AnomalyScanConfig, "AnomalyScanInput")


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


TOOLS = [
    Tool("finetune_scan", "Fine-tuning scan: training sizes x strategies x seeds -> table, "
         "metrics JSON, learning curve plot (paper: fine-tuned beats scratch most at small "
         "sizes). Resumable.", FinetuneScanInput, FinetuneOutput, finetune_scan,
         timeout_s=24 * 3600, uses_gpu=True),
    Tool("anomaly_scan", "Anomaly detection on LHC Olympics-style dijets: GPT likelihood "
         "(unsupervised) and CWoLa (weakly supervised) in an mjj signal region, scanned over "
         "injected signal fractions; AUC, max SIC, plots, summary.", AnomalyScanInput,
         AnomalyScanOutput, anomaly_scan, timeout_s=12 * 3600, uses_gpu=True),
]
