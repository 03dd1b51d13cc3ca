"""Tokenizer tools: train a VQ-VAE (or the binned baseline), tokenize files, token quality."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from tools.base import Preset, Tool, ToolContext, ToolInput, WorkspaceFile, WorkspacePath, compact


class TrainTokenizerInput(ToolInput):
    data: list[WorkspaceFile] = Field(min_length=1, max_length=20, description="jet files (.root/.h5)")
    out: WorkspacePath = Field("runs/tokenizer", description="run folder (best.pt, metrics.json)")
    kind: Literal["conditional", "unconditional", "binned"] = Field(
        "conditional", description="conditional: NormFormer VQ-VAE (paper); unconditional: "
        "per-constituent MLP; binned: regular grid baseline")
    preset: Preset = Field("tiny", description="model size: tiny (seconds on CPU), small, paper")
    codebook_size: int | None = Field(None, ge=8, le=65_536, description="default: the preset's")
    epochs: int = Field(20, ge=1, le=1000)
    batch_size: int = Field(512, ge=8, le=8192)
    lr: float = Field(1e-3, gt=0, le=1.0)
    patience: int = Field(5, ge=1, description="early stopping patience in epochs")
    max_jets: int | None = Field(None, ge=10, description="use at most this many jets")
    val_frac: float = Field(0.2, gt=0, lt=1)
    seed: int = Field(0, ge=0)


class TrainTokenizerOutput(BaseModel):
    best_path: str
    metrics_path: str
    val: dict[str, Any]  # mse, codebook usage, perplexity, ...


def train_tokenizer(inp: TrainTokenizerInput, ctx: ToolContext) -> TrainTokenizerOutput:
    from omnijet.train.loop import TrainConfig
    from omnijet.train.tokenizer import train_tokenizer_files

    cfg = TrainConfig(epochs=inp.epochs, batch_size=inp.batch_size, lr=inp.lr,
                      patience=inp.patience, seed=inp.seed, device=ctx.device, progress_bar=False)
    out = ctx.path(inp.out, "out")
    res = train_tokenizer_files([ctx.path(p, "data", True) for p in inp.data], out, inp.kind,
                                inp.preset, inp.codebook_size, cfg, inp.max_jets, inp.val_frac,
                                ctx.progress)
    return TrainTokenizerOutput(best_path=ctx.rel(res.best_path),
                                metrics_path=ctx.rel(out / "metrics.json"),
                                val=compact(res.metrics.get("val", {})))


class TokenizeInput(ToolInput):
    tokenizer: WorkspaceFile = Field(description="tokenizer checkpoint (best.pt)")
    data: list[WorkspaceFile] = Field(min_length=1, max_length=20, description="jet files")
    out: WorkspacePath = Field(description="token file to write (.pt)")
    max_jets: int | None = Field(None, ge=1)


class TokenizeOutput(BaseModel):
    path: str
    n_jets: int
    n_tokens: int
    codebook_size: int


def tokenize(inp: TokenizeInput, ctx: ToolContext) -> TokenizeOutput:
    from omnijet.tokenizer.api import tokenize_file
    from omnijet.tokenizer.tokens import TokenDataset

    path = tokenize_file(ctx.path(inp.tokenizer, "tokenizer", True),
                         [ctx.path(p, "data", True) for p in inp.data], ctx.path(inp.out, "out"),
                         inp.max_jets, ctx.device)
    ds = TokenDataset.load(path)
    return TokenizeOutput(path=ctx.rel(path), n_jets=len(ds), n_tokens=int(ds.mask.sum()),
                          codebook_size=ds.codebook_size)


class TokenQualityInput(ToolInput):
    tokenizer: WorkspaceFile = Field(description="tokenizer checkpoint (best.pt)")
    data: list[WorkspaceFile] = Field(min_length=1, max_length=20, description="jet files to reconstruct")
    out: WorkspacePath = Field("runs/token_quality", description="folder for metrics.json and plots")
    max_jets: int | None = Field(None, ge=10)
    classifier: bool = Field(True, description="DeepSets accuracy on original vs reconstructed jets")


class TokenQualityOutput(BaseModel):
    metrics_path: str
    plots: list[str]
    summary: dict[str, Any]  # resolution widths per class, codebook use, classifier gap


def token_quality(inp: TokenQualityInput, ctx: ToolContext) -> TokenQualityOutput:
    from omnijet.evaluate.token_quality import evaluate_token_quality

    out = ctx.path(inp.out, "out")
    m = evaluate_token_quality(ctx.path(inp.tokenizer, "tokenizer", True),
                               [ctx.path(p, "data", True) for p in inp.data], out, inp.max_jets,
                               inp.classifier, device=ctx.device, progress=ctx.progress)
    plots = [ctx.rel(p) for p in m.get("plots", [])]
    summary = {k: v for k, v in m.items() if k not in ("plots", "provenance", "data")}
    return TokenQualityOutput(metrics_path=ctx.rel(out / "metrics.json"), plots=plots,
                              summary=compact(summary, max_list=10, depth=4))


TOOLS = [
    Tool("train_tokenizer", "Train a jet-constituent tokenizer (VQ-VAE, conditional or "
         "unconditional, or the binned baseline) on jet files; resumes if interrupted.",
         TrainTokenizerInput, TrainTokenizerOutput, train_tokenizer, timeout_s=6 * 3600,
         uses_gpu=True),
    Tool("tokenize", "Encode jet files into a token file (.pt) with a trained tokenizer.",
         TokenizeInput, TokenizeOutput, tokenize, timeout_s=3600, uses_gpu=True),
    Tool("token_quality", "Evaluate a tokenizer: reconstruction resolution of jet observables "
         "per class, codebook use, classifier gap between original and reconstructed jets, plots.",
         TokenQualityInput, TokenQualityOutput, token_quality, timeout_s=3600, uses_gpu=True),
]
